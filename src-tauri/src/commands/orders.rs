//! Sales orders: role queues, one order, from an accepted quote, the state changes.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::order::{OrderAction, OrderData, OrderQueue, OrderRow, OrderView};
use fairdesk_core::{Id, Mutation};
use rust_decimal::Decimal;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_list(state: State<'_, AppState>, queue: OrderQueue) -> Reply<Vec<OrderRow>> {
    state.with(|s| s.order_list(queue, 500))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_get(state: State<'_, AppState>, id: Id) -> Reply<OrderView> {
    state.with(|s| s.order_view(id))
}

/// A draft order from an accepted quote version; returns its id.
#[tauri::command(async, rename_all = "snake_case")]
pub fn order_from_quote(state: State<'_, AppState>, quote_id: Id) -> Reply<Id> {
    state.with(|s| {
        let data = s.order_from_quote(quote_id)?;
        s.create_order(data).map(|(id, _)| id)
    })
}

/// A draft order entered directly for a customer; returns its id.
#[tauri::command(async, rename_all = "snake_case")]
pub fn order_new(state: State<'_, AppState>, customer_id: Id) -> Reply<Id> {
    state.with(|s| {
        let data = s.order_for_customer(customer_id)?;
        s.create_order(data).map(|(id, _)| id)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_save(state: State<'_, AppState>, id: Id, data: OrderData) -> Reply<()> {
    state.with(|s| s.save_order(id, data))
}

/// Adds a product (SKU, barcode or name) to a draft, priced for the customer.
#[tauri::command(async, rename_all = "snake_case")]
pub fn order_add_line(state: State<'_, AppState>, id: Id, code: String, qty: Decimal) -> Reply<()> {
    state.with(|s| s.order_add_line(id, &code, qty))
}

/// Ships a draft to another of the customer's addresses; warehouses are suggested anew.
#[tauri::command(async, rename_all = "snake_case")]
pub fn order_set_address(state: State<'_, AppState>, id: Id, index: usize) -> Reply<()> {
    state.with(|s| s.order_set_address(id, index))
}

/// Submit, approve, reject (with a reason), cancel, complete.
#[tauri::command(async, rename_all = "snake_case")]
pub fn order_act(
    state: State<'_, AppState>,
    id: Id,
    action: OrderAction,
    reason: String,
) -> Reply<()> {
    state.with(|s| {
        s.submit(Mutation::OrderAct { id, action, reason })
            .map(drop)
    })
}
