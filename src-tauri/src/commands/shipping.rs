//! 发货: the warehouse's picking view of an order, confirming a delivery (出库), closing a rest
//! the customer no longer wants, and returns (销售退货).

use super::Reply;
use crate::state::AppState;
use fairdesk_core::shipping::{DeliveryData, PickingView, ReturnData};
use fairdesk_core::Id;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn picking_get(state: State<'_, AppState>, order_id: Id) -> Reply<PickingView> {
    state.with(|s| s.picking_view(order_id))
}

/// Confirms a delivery; returns its FH number.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_ship(state: State<'_, AppState>, data: DeliveryData) -> Reply<String> {
    state.with(|s| s.ship(data).map(|(_, number)| number))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_close_rest(state: State<'_, AppState>, order_id: Id, reason: String) -> Reply<()> {
    state.with(|s| s.close_order_rest(order_id, &reason))
}

/// Takes goods of a delivery back; returns the TH number.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_return(state: State<'_, AppState>, data: ReturnData) -> Reply<String> {
    state.with(|s| s.return_goods(data).map(|(_, number)| number))
}
