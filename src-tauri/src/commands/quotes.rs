//! Quotes: list, entry helpers, save, versions, status, approval, comparison, PDF export.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::quote::{Comparison, LineInfo, QuoteData, QuoteRow, QuoteStatus, QuoteView};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::{customers, quotes, users};
use fairdesk_store::StoreError;
use rust_decimal::Decimal;
use std::path::PathBuf;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_list(state: State<'_, AppState>, customer_id: Option<Id>) -> Reply<Vec<QuoteRow>> {
    state.with(|s| quotes::list(s.conn(), &s.current_actor()?, customer_id, s.today(), 500))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_get(state: State<'_, AppState>, id: Id) -> Reply<QuoteView> {
    state.with(|s| s.quote_view(id))
}

/// Price, last price and stock of a product for one customer's quote line.
#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_line_info(
    state: State<'_, AppState>,
    customer_id: Id,
    product_id: Id,
    qty: Decimal,
) -> Reply<LineInfo> {
    state.with(|s| s.line_info(customer_id, product_id, qty))
}

/// Saves a quote: a new one (`id` none) gets the next QT number, an existing draft is changed.
#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_save(state: State<'_, AppState>, id: Option<Id>, data: QuoteData) -> Reply<Id> {
    state.with(|s| match id {
        Some(id) => s
            .submit(Mutation::SaveQuote {
                id,
                number: String::new(),
                data,
            })
            .map(|_| id),
        None => s.create_quote(data).map(|(id, _)| id),
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_new_version(state: State<'_, AppState>, from: Id) -> Reply<Id> {
    state.with(|s| s.create_with(|id| Mutation::NewQuoteVersion { id, from }))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_set_status(state: State<'_, AppState>, id: Id, to: QuoteStatus) -> Reply<()> {
    state.with(|s| s.submit(Mutation::SetQuoteStatus { id, to }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_approve(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.submit(Mutation::ApproveQuote { id }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_compare(state: State<'_, AppState>, need_id: Id, ids: Vec<Id>) -> Reply<Comparison> {
    state.with(|s| s.compare_versions(need_id, &ids))
}

/// Where an export goes unless the user picks another place: Documents/QT-…-v2.pdf.
#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_pdf_default_path<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
) -> Reply<String> {
    let name = state.with(|s| {
        let q = quotes::get(s.conn(), id)?.ok_or(StoreError::Corrupt("quote".into()))?;
        Ok(format!("{}-v{}.pdf", q.number, q.version))
    })?;
    Ok(super::documents_path(&app, &name))
}

/// Renders the quote with the company's template (or the bundled one) into `path`, and opens
/// it in the system's PDF viewer when `open`. Works the same offline.
#[tauri::command(async, rename_all = "snake_case")]
pub fn quote_export_pdf(
    state: State<'_, AppState>,
    id: Id,
    path: String,
    open: bool,
) -> Reply<String> {
    let (quote, company, customer, rep) = state.with(|s| {
        let q = quotes::get(s.conn(), id)?.ok_or(StoreError::Corrupt("quote".into()))?;
        let c = customers::get(s.conn(), q.data.customer_id)?
            .ok_or(StoreError::Corrupt("customer".into()))?;
        let rep = users::get(s.conn(), c.owner_id)?
            .map(|u| u.data.name)
            .unwrap_or_default();
        Ok((q, s.company()?, c, rep))
    })?;
    super::export_pdf(
        &state,
        &path,
        open,
        ("quote.typ", fairdesk_print::QUOTE_TEMPLATE),
        |template| fairdesk_print::render_quote(&quote, &company, &customer, &rep, template),
    )
}

/// The native "save as" dialog for the PDF, starting at `suggested`. `None` if cancelled.
#[tauri::command(async, rename_all = "snake_case")]
pub fn pick_pdf_path<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    suggested: String,
) -> Reply<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let suggested = PathBuf::from(suggested);
    let mut dialog = app.dialog().file().add_filter("PDF", &["pdf"]);
    if let Some(dir) = suggested.parent() {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = suggested.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    Ok(dialog.blocking_save_file().map(|p| p.to_string()))
}
