//! Printed documents. Templates are Typst files (assets/templates/*.typ) that a company may
//! edit; the data reaches them as `data.json` in the template's virtual file system, and the
//! font is the bundled Noto Sans SC (never a system font, so every desk prints the same).

mod aging_xlsx;
mod document;
mod shipping;
mod shudian_xlsx;
mod statement;
mod world;

pub use aging_xlsx::aging_xlsx;
pub use document::{quote_document, CompanyHeader, QuoteLinePrint, QuotePrint, TotalsPrint};
pub use shipping::{
    code128_svg, delivery_document, label_documents, qr_svg, render_delivery_note, render_labels,
    DeliveryLinePrint, DeliveryNotePrint, LabelPrint, LabelSize, DELIVERY_NOTE_TEMPLATE,
    LABEL_TEMPLATE,
};
pub use shudian_xlsx::{batch_xlsx, read_platform_list, ListError};
pub use statement::{
    render_statement, statement_document, AgingCellPrint, StatementLinePrint, StatementPrint,
    STATEMENT_TEMPLATE,
};
pub use world::{PrintError, Printer};

/// The quote template shipped with the app (a company's own copy takes its place).
pub const QUOTE_TEMPLATE: &str = include_str!("../../../assets/templates/quote.typ");

/// Renders a quote to PDF with `template` (the company's own, or [`QUOTE_TEMPLATE`]).
pub fn render_quote(
    quote: &fairdesk_core::quote::Quote,
    company: &fairdesk_core::catalog::CompanyProfile,
    customer: &fairdesk_core::customer::Customer,
    rep: &str,
    template: &str,
) -> Result<Vec<u8>, PrintError> {
    let logo = logo_bytes(company)?;
    let doc = quote_document(quote, company, customer, rep);
    Printer::shared().render(template, &doc, logo.as_deref())
}

/// The company's logo as the template receives it (the file `logo`), if it has one.
pub fn logo_bytes(
    company: &fairdesk_core::catalog::CompanyProfile,
) -> Result<Option<Vec<u8>>, PrintError> {
    use base64::Engine;
    company
        .logo_base64
        .as_deref()
        .map(|b| base64::engine::general_purpose::STANDARD.decode(b))
        .transpose()
        .map_err(|e| PrintError::Template(format!("logo: {e}")))
}
