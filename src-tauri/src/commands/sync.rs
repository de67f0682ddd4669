//! Connecting this desk to the company's sync server, and what the top bar shows about it.

use super::Reply;
use crate::state::{lang_of, AppState};
use crate::sync_worker::{account, connection, SyncService};
use fairdesk_core::desk::{SyncState, SyncStatus};
use fairdesk_core::{ErrorReply, Lang};
use fairdesk_store::queries::outbox;
use fairdesk_store::Conflict;
use fairdesk_sync::client::{connect, SyncClient, SyncError};
use tauri::{AppHandle, Manager, Runtime, State};

fn sync_error(e: SyncError, lang: Lang) -> ErrorReply {
    ErrorReply::plain(match (e, lang) {
        (SyncError::Unauthorized, Lang::Zh) => "公司、用户名或密码不正确".to_string(),
        (SyncError::Unauthorized, Lang::En) => "Wrong company, login or password".to_string(),
        (SyncError::Offline(m), Lang::Zh) => format!("无法连接服务器：{m}"),
        (SyncError::Offline(m), Lang::En) => format!("Cannot reach the server: {m}"),
        (e, _) => e.to_string(),
    })
}

/// Logs in, registers this desk, keeps the token in the OS keyring and starts syncing.
/// The network calls run on a blocking thread, never on the async runtime.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_login<R: Runtime>(
    app: AppHandle<R>,
    server: String,
    org: String,
    login: String,
    password: String,
) -> Reply<SyncStatus> {
    tauri::async_runtime::spawn_blocking(move || {
        let (state, sync) = (app.state::<AppState>(), app.state::<SyncService>());
        login_blocking(&state, &sync, &server, &org, &login, &password)
    })
    .await
    .map_err(|e| ErrorReply::plain(e.to_string()))?
}

fn login_blocking(
    state: &AppState,
    sync: &SyncService,
    server: &str,
    org: &str,
    login: &str,
    password: &str,
) -> Reply<SyncStatus> {
    let (server, org, login) = (
        server.trim().trim_end_matches('/'),
        org.trim(),
        login.trim(),
    );
    let mut store = state.lock()?;
    let lang = lang_of(&store);
    if !(server.starts_with("http://") || server.starts_with("https://"))
        || org.is_empty()
        || login.is_empty()
    {
        return Err(ErrorReply::plain(lang.pick(
            "请填写服务器地址（http:// 或 https:// 开头）、公司和用户名",
            "Enter the server address (http:// or https://), company and login",
        )));
    }
    let mut client = SyncClient::new(server);
    let resp =
        connect(&mut store, &mut client, org, login, password).map_err(|e| sync_error(e, lang))?;
    sync.vault
        .set(&account(server, org, login), &resp.token)
        .map_err(|e| ErrorReply::plain(format!("keyring: {e}")))?;
    for (k, v) in [
        ("sync_server", server),
        ("sync_org", org),
        ("sync_login", login),
    ] {
        store
            .set_setting(k, v)
            .map_err(|e| crate::state::reply(&e, lang))?;
    }
    drop(store);
    sync.wake();
    status(state, sync)
}

/// Forgets the token (the outbox is kept; logging in again resumes).
#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_logout(state: State<'_, AppState>, sync: State<'_, SyncService>) -> Reply<SyncStatus> {
    state.with(|s| {
        if let Some((server, org, login)) = connection(s) {
            sync.vault.delete(&account(&server, &org, &login));
        }
        for k in ["sync_server", "sync_org", "sync_login"] {
            s.conn()
                .execute("DELETE FROM local_settings WHERE key = ?1", [k])?;
        }
        Ok(())
    })?;
    sync.wake();
    status(&state, &sync)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_now(sync: State<'_, SyncService>) {
    sync.wake();
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_status(state: State<'_, AppState>, sync: State<'_, SyncService>) -> Reply<SyncStatus> {
    status(&state, &sync)
}

fn status(state: &AppState, sync: &SyncService) -> Reply<SyncStatus> {
    let mut st = sync.status();
    state.with(|s| {
        st.pending = outbox::pending_count(s.conn())?;
        st.conflicts = s.conflict_count()?;
        st.quota_held = s.quota_held()?;
        if let Some((server, org, login)) = connection(s) {
            st.server = Some(server);
            st.org = Some(org);
            st.login = Some(login);
        } else {
            st.state = SyncState::NotConnected;
        }
        Ok(st)
    })
}

/// Mutations the server refused, newest first, with its reasons.
#[tauri::command(async, rename_all = "snake_case")]
pub fn conflict_list(state: State<'_, AppState>) -> Reply<Vec<Conflict>> {
    state.with(|s| s.conflicts())
}
