//! Sales orders: role queues, one order, from an accepted quote, the state changes.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::order::{OrderAction, OrderData, OrderQueue, OrderRow, OrderView};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::orders;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_list(state: State<'_, AppState>, queue: OrderQueue) -> Reply<Vec<OrderRow>> {
    state.with(|s| orders::list(s.conn(), &s.current_actor()?, queue, 500))
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

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_save(state: State<'_, AppState>, id: Id, data: OrderData) -> Reply<()> {
    state.with(|s| {
        s.submit(Mutation::SaveOrder {
            id,
            number: String::new(),
            data,
        })
        .map(drop)
    })
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
