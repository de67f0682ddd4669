//! 库存额度: the quota panel, 出差备货 (taking quotas for this desk), giving them back and a
//! manager's recall. Like every write, each wakes the sync: online, the server answers at once.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::quota::{QuotaAsk, QuotaMove, QuotaRow};
use fairdesk_core::Id;
use tauri::State;

/// Every desk's quotas of every product in every warehouse, this desk's first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn quota_rows(state: State<'_, AppState>) -> Reply<Vec<QuotaRow>> {
    state.with(|s| s.quota_rows())
}

/// Asks the pool for quotas for this desk; the id of the request (see `quota_grants`).
#[tauri::command(async, rename_all = "snake_case")]
pub fn quota_take(state: State<'_, AppState>, lines: Vec<QuotaAsk>) -> Reply<Id> {
    state.with(|s| s.take_quota(lines))
}

/// What one request was granted, line by line (answered once the server has it).
#[tauri::command(async, rename_all = "snake_case")]
pub fn quota_grants(state: State<'_, AppState>, take_id: Id) -> Reply<Vec<QuotaMove>> {
    state.with(|s| s.quota_grants(take_id))
}

/// Gives back what is left of this desk's quota of a product in a warehouse (all when none).
#[tauri::command(async, rename_all = "snake_case")]
pub fn quota_return(state: State<'_, AppState>, keys: Vec<(Id, Id)>) -> Reply<()> {
    state.with(|s| s.return_quota(keys))
}

/// A manager recalls a desk's quotas (effective when that desk next syncs).
#[tauri::command(async, rename_all = "snake_case")]
pub fn quota_recall(state: State<'_, AppState>, device_id: Id) -> Reply<()> {
    state.with(|s| s.recall_quota(device_id))
}
