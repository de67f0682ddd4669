//! The smallest Typst world that renders our documents: one template, one data file, an
//! optional logo and the bundled fonts. Fonts and the standard library are parsed once per
//! `Printer` and shared by every document it renders.

use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Bold.ttf");

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The template has an error (a company's edited template, usually): Typst's messages.
    #[error("template error: {0}")]
    Template(String),
    #[error("document data: {0}")]
    Data(#[from] serde_json::Error),
}

/// Renders templates to PDF. Cheap to share; create once per process.
pub struct Printer {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Default for Printer {
    fn default() -> Self {
        Self::new()
    }
}

/// One process-wide printer: parsing the fonts takes a while and they never change.
pub fn shared() -> &'static Printer {
    static P: OnceLock<Printer> = OnceLock::new();
    P.get_or_init(Printer::new)
}

impl Printer {
    pub fn new() -> Printer {
        let fonts: Vec<Font> = [REGULAR, BOLD]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Printer {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }

    /// The process-wide printer.
    pub fn shared() -> &'static Printer {
        shared()
    }

    /// Renders `template` with `data` (as `data.json`) and an optional logo (as `logo`).
    pub fn render(
        &self,
        template: &str,
        data: &impl serde::Serialize,
        logo: Option<&[u8]>,
    ) -> Result<Vec<u8>, PrintError> {
        let world = DocWorld {
            printer: self,
            main: Source::new(file_id("/main.typ"), template.to_string()),
            data: Bytes::new(serde_json::to_vec(data)?),
            logo: logo.map(|l| Bytes::new(l.to_vec())),
        };
        let doc: PagedDocument = typst::compile(&world)
            .output
            .map_err(|errors| PrintError::Template(messages(&errors)))?;
        typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
            .map_err(|errors| PrintError::Template(messages(&errors)))
    }
}

fn messages(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("static path"),
    )
    .intern()
}

struct DocWorld<'a> {
    printer: &'a Printer,
    main: Source,
    data: Bytes,
    logo: Option<Bytes>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.printer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.printer.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match id.vpath().get_without_slash() {
            "data.json" => Ok(self.data.clone()),
            "logo" => self.logo.clone().ok_or_else(|| not_found(id)),
            "main.typ" => Ok(Bytes::from_string(self.main.text().to_string())),
            _ => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.printer.fonts.get(index).cloned()
    }

    /// Documents carry their own dates; the template never asks the clock.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}
