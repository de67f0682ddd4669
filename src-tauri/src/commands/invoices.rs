//! 发票: the 待开票 queue, the invoice list and one invoice, requests, issuing, withdrawing and
//! red-letter; the 数电票 batch workbook for the tax platform and its invoice list imported
//! back.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::invoice::shudian::RowMatch;
use fairdesk_core::invoice::{
    InvoiceAction, InvoiceRequestData, InvoiceRow, InvoiceStatus, InvoiceView, QueueOrder,
    RedLetterData,
};
use fairdesk_core::{ErrorReply, Id};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_queue(state: State<'_, AppState>) -> Reply<Vec<QueueOrder>> {
    state.with(|s| s.invoice_queue())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_list(
    state: State<'_, AppState>,
    status: Option<InvoiceStatus>,
) -> Reply<Vec<InvoiceRow>> {
    state.with(|s| s.invoices(status))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_get(state: State<'_, AppState>, id: Id) -> Reply<InvoiceView> {
    state.with(|s| s.invoice_view(id))
}

/// 开票申请; its id and KP number.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_request(
    state: State<'_, AppState>,
    data: InvoiceRequestData,
) -> Reply<(Id, String)> {
    state.with(|s| s.request_invoice(data))
}

/// 红字 of an issued invoice; the red request's id and KP number.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_red_letter(state: State<'_, AppState>, data: RedLetterData) -> Reply<(Id, String)> {
    state.with(|s| s.red_letter_invoice(data))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_act(state: State<'_, AppState>, id: Id, action: InvoiceAction) -> Reply<()> {
    state.with(|s| s.invoice_act(id, action))
}

/// The requests waiting for the tax platform as its batch-issue workbook
/// (数电票批量开票-<day>.xlsx in the documents folder unless `path` says where), opened when
/// `open`. Returns the path written.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_batch_xlsx<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    path: Option<String>,
    open: bool,
) -> Reply<String> {
    let (invoices, today) = state.with(|s| Ok((s.invoices_to_issue()?, s.today())))?;
    if invoices.is_empty() {
        return Err(ErrorReply::plain(
            "没有待开票的申请 / No request is waiting to be issued",
        ));
    }
    let bytes = fairdesk_print::batch_xlsx(&invoices)
        .map_err(|e| ErrorReply::plain(format!("Excel: {e}")))?;
    let path = path
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| super::documents_path(&app, &format!("数电票批量开票-{today}.xlsx")));
    super::save_file(std::path::Path::new(path.trim()), &bytes, open)
}

/// The platform's invoice list (the bytes of an .xlsx): every row naming one of this desk's
/// requests marks it 已开票; what became of each row.
#[tauri::command(async, rename_all = "snake_case")]
pub fn invoice_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Reply<Vec<RowMatch>> {
    let rows = fairdesk_print::read_platform_list(&bytes).map_err(|e| {
        ErrorReply::plain(match e {
            fairdesk_print::ListError::NotXlsx(_) => {
                "这不是 Excel（.xlsx）文件 / Not an .xlsx workbook".to_string()
            }
            fairdesk_print::ListError::NoNumberColumn => {
                "文件中没有“数电发票号码”或“发票号码”列 / No invoice number column in the file"
                    .to_string()
            }
        })
    })?;
    state.with(|s| s.import_platform_rows(&rows))
}
