//! The stock list, a product's ledger, and receipts / stock-takes / transfers.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::quote::WarehouseStock;
use fairdesk_core::stock::{MoveRow, StockEntry, StockRow};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::catalog;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn stock_list(
    state: State<'_, AppState>,
    query: String,
    warehouse_id: Option<Id>,
    limit: u32,
    offset: u32,
) -> Reply<Vec<StockRow>> {
    state.with(|s| catalog::stock_list(s.conn(), &query, warehouse_id, limit.min(500), offset))
}

/// One product in every warehouse (the totals line of the stock screen).
#[tauri::command(async, rename_all = "snake_case")]
pub fn stock_of_product(state: State<'_, AppState>, product_id: Id) -> Reply<Vec<WarehouseStock>> {
    state.with(|s| catalog::product_stock(s.conn(), product_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn stock_moves(state: State<'_, AppState>, product_id: Id) -> Reply<Vec<MoveRow>> {
    state.with(|s| catalog::moves(s.conn(), product_id, 200))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn stock_record(state: State<'_, AppState>, entry: StockEntry) -> Reply<Id> {
    state.with(|s| s.create_with(|id| Mutation::RecordStock { id, entry }))
}

/// 低于安全库存, with the suggested quantity to buy.
#[tauri::command(async, rename_all = "snake_case")]
pub fn stock_alerts(state: State<'_, AppState>) -> Reply<Vec<fairdesk_core::stock::SafetyAlert>> {
    state.with(|s| catalog::below_safety(s.conn()))
}

/// Which orders hold a product in a warehouse: (order number, quantity).
#[tauri::command(async, rename_all = "snake_case")]
pub fn stock_holders(
    state: State<'_, AppState>,
    product_id: Id,
    warehouse_id: Id,
) -> Reply<Vec<(String, rust_decimal::Decimal)>> {
    state.with(|s| fairdesk_store::queries::orders::holders(s.conn(), product_id, warehouse_id))
}
