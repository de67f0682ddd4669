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

/// The receivables report as of a day typed the Chinese way (2026-12-03, 2026/12/3, 20261203;
/// today when empty), by due or document date, with the given bucket edges (default 30, 60,
/// 90, 180 days).
#[tauri::command(async, rename_all = "snake_case")]
pub fn receivables_report(
    state: State<'_, AppState>,
    as_of: Option<String>,
    basis: Option<AgingBasis>,
    edges: Option<Vec<u32>>,
) -> Reply<ReceivablesReport> {
    state.with(|s| {
        let day = match as_of.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => s.today(),
            Some(typed) => fairdesk_core::validate::parse_date(typed)
                .ok_or_else(|| DomainError::field("as_of", ErrorCode::InvalidDate))?,
        };
        let edges = edges.unwrap_or_else(|| DEFAULT_EDGES.to_vec());
        s.receivables_report(day, basis.unwrap_or_default(), &edges)
    })
}
