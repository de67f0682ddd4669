//! Printed documents. Templates are Typst files (assets/templates/*.typ) that a company may
//! edit; the data reaches them as `data.json` in the template's virtual file system, and the
//! font is the bundled Noto Sans SC (never a system font, so every desk prints the same).

mod document;
mod world;

pub use document::{quote_document, CompanyHeader, QuoteLinePrint, QuotePrint, TotalsPrint};
pub use world::{PrintError, Printer};

/// The quote template shipped with the app (a company's own copy takes its place).
pub const QUOTE_TEMPLATE: &str = include_str!("../../../assets/templates/quote.typ");
