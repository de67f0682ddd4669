use super::Reply;
use crate::state::AppState;
use fairdesk_core::reminder::Reminder;
use fairdesk_store::queries::reminders;
use tauri::State;

/// Birthdays in 7 days, contracts expiring in 30, follow-ups due, for the current user.
#[tauri::command(async, rename_all = "snake_case")]
pub fn reminder_list(state: State<'_, AppState>) -> Reply<Vec<Reminder>> {
    state.with(|s| reminders::for_actor(s.conn(), &s.current_actor()?, s.today()))
}
