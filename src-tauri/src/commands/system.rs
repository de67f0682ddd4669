use super::Reply;
use crate::state::{lang_of, AppState, DEMO_CUSTOMERS};
use fairdesk_core::desk::AppStatus;
use fairdesk_core::Lang;
use fairdesk_store::queries;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    state.with(|s| {
        let actor = s.current_actor()?;
        let user = queries::users::get(s.conn(), actor.user_id)?
            .ok_or(fairdesk_store::StoreError::NoCurrentUser)?;
        let q = fairdesk_core::customer::view::CustomerQuery {
            page_size: 1,
            ..Default::default()
        };
        Ok(AppStatus {
            device_code: s.device().code.clone(),
            user,
            pending: queries::outbox::pending_count(s.conn())?,
            lang: lang_of(s),
            customers: queries::customers::list(s.conn(), &actor, &q)?.total,
        })
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_language(state: State<'_, AppState>, lang: Lang) -> Reply<()> {
    state.with(|s| s.set_setting("lang", &lang.to_string()))
}

/// Creates the demo company (admins only, once per database). Returns the customer count.
#[tauri::command(async, rename_all = "snake_case")]
pub fn seed_demo(state: State<'_, AppState>) -> Reply<u64> {
    state.with(|s| s.seed_demo(DEMO_CUSTOMERS).map(|d| d.customers as u64))
}
