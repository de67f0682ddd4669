use super::Reply;
use crate::state::AppState;
use fairdesk_core::user::{User, UserData};
use fairdesk_core::Id;
use fairdesk_store::queries::users;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn user_list(state: State<'_, AppState>) -> Reply<Vec<User>> {
    state.with(|s| users::list(s.conn()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn user_save(state: State<'_, AppState>, id: Option<Id>, data: UserData) -> Reply<Id> {
    state.with(|s| s.save_user(id, data))
}

/// Changes who works at this desk (local roles; the sync server will authenticate users).
#[tauri::command(async, rename_all = "snake_case")]
pub fn user_switch(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.set_current_user(id))
}

/// The audit log, searched by an administrator.
#[tauri::command(async, rename_all = "snake_case")]
pub fn audit_search(
    state: State<'_, AppState>,
    text: String,
) -> Reply<Vec<fairdesk_core::audit::AuditRow>> {
    state
        .with(|s| fairdesk_store::queries::audit::search(s.conn(), &s.current_actor()?, &text, 200))
}
