//! 收款: payments recorded against an order (what releases 款到发货 orders to the warehouse).

use super::Reply;
use crate::state::AppState;
use fairdesk_core::receivables::{OrderPayments, PaymentData};
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
