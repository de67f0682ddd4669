//! Calling the app's commands through Tauri's IPC layer, as the UI does.

use fairdesk_app::sync_worker::SyncService;
use fairdesk_app::vault::MemoryVault;
use fairdesk_app::{register, AppState};
use fairdesk_store::Store;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;

/// The app around `store` with its main window; with `sync`, also the sync service on the
/// database at `sync` (keyring in memory), woken by every write.
#[allow(dead_code)]
pub fn app(
    store: Store,
    sync: Option<&Path>,
) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    let state = AppState::new(store);
    let mut builder = register(mock_builder());
    if let Some(path) = sync {
        let sync = SyncService::start(path.to_path_buf(), Arc::new(MemoryVault::default()));
        state.on_write(sync.waker());
        builder = builder.manage(sync);
    }
    let app = builder
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, webview)
}

pub fn ipc(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    body: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}
