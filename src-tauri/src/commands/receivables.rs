//! 收款 and 应收: payments recorded against an order (what releases 款到发货 orders to the
//! warehouse), and the receivables report aged as of a day.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::error::{DomainError, ErrorCode};
use fairdesk_core::receivables::{
    AgingBasis, OrderPayments, PaymentData, ReceivablesReport, DEFAULT_EDGES,
};
use fairdesk_core::Id;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_payments(state: State<'_, AppState>, order_id: Id) -> Reply<OrderPayments> {
    state.with(|s| s.order_payments(order_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn payment_record(state: State<'_, AppState>, data: PaymentData) -> Reply<Id> {
    state.with(|s| s.record_payment(data))
}

/// A customer's open receivables today, oldest due first (for allocating a payment by hand).
#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_open_items(
    state: State<'_, AppState>,
    customer_id: Id,
) -> Reply<Vec<fairdesk_core::receivables::OpenLine>> {
    state.with(|s| s.customer_open_items(customer_id))
}

/// Allocates by hand what a payment on a customer's account settles.
#[tauri::command(async, rename_all = "snake_case")]
pub fn payment_allocate(
    state: State<'_, AppState>,
    id: Id,
    allocations: Vec<fairdesk_core::receivables::Allocation>,
) -> Reply<()> {
    state.with(|s| s.allocate_payment(id, allocations))
}

/// The day typed the Chinese way (2026-12-03, 2026/12/3, 20261203), today when empty.
fn day_of(
    s: &fairdesk_store::Store,
    as_of: Option<&str>,
) -> Result<chrono::NaiveDate, DomainError> {
    typed_day(as_of, "as_of", s.today())
}

/// `typed` as a day (`default` when empty); a clear error on `field` when it is none.
fn typed_day(
    typed: Option<&str>,
    field: &str,
    default: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, DomainError> {
    match typed.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(default),
        Some(typed) => fairdesk_core::validate::parse_date(typed)
            .ok_or_else(|| DomainError::field(field, ErrorCode::InvalidDate)),
    }
}

/// A customer's balance today (open by age, overdue, advance); null when there is none.
#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_balance(
    state: State<'_, AppState>,
    customer_id: Id,
) -> Reply<Option<fairdesk_core::receivables::CustomerAging>> {
    state.with(|s| s.customer_balance(customer_id))
}

/// What the user's customers owe past its due date today, most overdue first (工作台).
#[tauri::command(async, rename_all = "snake_case")]
pub fn overdue_receivables(
    state: State<'_, AppState>,
) -> Reply<Vec<fairdesk_core::receivables::OpenLine>> {
    state.with(|s| s.overdue_receivables())
}

/// The receivables report as of a day (today when empty), by due or document date, with the
/// given bucket edges (default 30, 60, 90, 180 days).
#[tauri::command(async, rename_all = "snake_case")]
pub fn receivables_report(
    state: State<'_, AppState>,
    as_of: Option<String>,
    basis: Option<AgingBasis>,
    edges: Option<Vec<u32>>,
) -> Reply<ReceivablesReport> {
    state.with(|s| {
        let day = day_of(s, as_of.as_deref())?;
        let edges = edges.unwrap_or_else(|| DEFAULT_EDGES.to_vec());
        s.receivables_report(day, basis.unwrap_or_default(), &edges)
    })
}

/// The same report as an Excel workbook (账龄分析-<day>.xlsx in the documents folder unless
/// `path` says where), opened when `open`. Returns the path written.
#[tauri::command(async, rename_all = "snake_case")]
pub fn receivables_xlsx<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    as_of: Option<String>,
    basis: Option<AgingBasis>,
    path: Option<String>,
    open: bool,
) -> Reply<String> {
    let (report, company, lang) = state.with(|s| {
        let day = day_of(s, as_of.as_deref())?;
        let r = s.receivables_report(day, basis.unwrap_or_default(), &DEFAULT_EDGES)?;
        Ok((r, s.company()?.name, s.lang()))
    })?;
    let bytes = fairdesk_print::aging_xlsx(&report, &company, lang)
        .map_err(|e| fairdesk_core::ErrorReply::plain(format!("Excel: {e}")))?;
    let path = path
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| super::documents_path(&app, &format!("账龄分析-{}.xlsx", report.as_of)));
    super::save_file(std::path::Path::new(path.trim()), &bytes, open)
}

/// A customer's statement from `from` to `to` (the first of this month and today when empty)
/// and the customer.
pub fn customer_statement(
    state: &AppState,
    customer_id: Id,
    from: Option<&str>,
    to: Option<&str>,
) -> Reply<(
    fairdesk_core::receivables::Statement,
    fairdesk_core::customer::Customer,
)> {
    use chrono::Datelike;
    state.with(|s| {
        let today = s.today();
        let to = typed_day(to, "to", today)?;
        let first = today.with_day(1).unwrap_or(today).min(to);
        let from = typed_day(from, "from", first)?;
        let customer = fairdesk_store::queries::customers::get(s.conn(), customer_id)?.ok_or(
            DomainError::NotFound {
                entity: fairdesk_core::error::Entity::Customer,
                id: customer_id,
            },
        )?;
        Ok((s.customer_statement(customer_id, from, to)?, customer))
    })
}

/// The statement as a PDF from the company's `statement.typ` or the bundled one.
pub fn render_statement(
    state: &AppState,
    statement: &fairdesk_core::receivables::Statement,
    customer: &fairdesk_core::customer::Customer,
) -> Reply<Vec<u8>> {
    let (company, today) = state.with(|s| Ok((s.company()?, s.today())))?;
    let doc = fairdesk_print::statement_document(
        statement,
        &company,
        (&customer.data.name, &customer.code),
        &today.to_string(),
    );
    let logo = fairdesk_print::logo_bytes(&company)
        .map_err(|e| fairdesk_core::ErrorReply::plain(e.to_string()))?;
    let template = super::template(state, "statement.typ", fairdesk_print::STATEMENT_TEMPLATE);
    fairdesk_print::render_statement(&doc, &template, logo.as_deref()).map_err(|e| {
        fairdesk_core::ErrorReply::plain(format!("打印模板出错 / Template error: {e}"))
    })
}

/// A customer's statement (对账单) from `from` to `to` (typed the Chinese way; the first of
/// this month and today when empty) as a PDF; 对账单-<customer>-<to>.pdf in the documents
/// folder unless `path` says where. Returns the path written.
#[tauri::command(async, rename_all = "snake_case")]
pub fn statement_pdf<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    customer_id: Id,
    from: Option<String>,
    to: Option<String>,
    path: Option<String>,
    open: bool,
) -> Reply<String> {
    let (statement, customer) =
        customer_statement(&state, customer_id, from.as_deref(), to.as_deref())?;
    let pdf = render_statement(&state, &statement, &customer)?;
    let path = path.filter(|p| !p.trim().is_empty()).unwrap_or_else(|| {
        super::documents_path(
            &app,
            &format!("对账单-{}-{}.pdf", customer.data.name, statement.to),
        )
    });
    super::save_file(std::path::Path::new(path.trim()), &pdf, open)
}
