//! 备份与恢复: this desk's database copied while the app runs (on demand; the app also makes
//! one a day, keeping the newest 7) into `backups/` beside it, and restored from one of them.

use super::Reply;
use crate::state::AppState;
use fairdesk_store::backup::{list_backups, BackupFile, Restored};
use tauri::State;

/// How many daily backups are kept.
pub const KEEP: usize = 7;

/// The backup folder: `backups/` beside the database.
pub fn backup_dir(state: &AppState) -> Option<std::path::PathBuf> {
    state
        .db_path()
        .and_then(|p| p.parent().map(|d| d.join("backups")))
}

fn dir(state: &AppState) -> Reply<std::path::PathBuf> {
    backup_dir(state).ok_or_else(|| {
        fairdesk_core::ErrorReply::plain("数据库没有文件路径，无法备份 / The database has no file")
    })
}

/// The backups, newest first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_list(state: State<'_, AppState>) -> Reply<Vec<BackupFile>> {
    Ok(list_backups(&dir(&state)?))
}

/// A backup now; its file.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_now(state: State<'_, AppState>) -> Reply<BackupFile> {
    let dir = dir(&state)?;
    let path = state.with(|s| s.backup_now(&dir))?;
    Ok(list_backups(&dir)
        .into_iter()
        .find(|b| b.path == path)
        .unwrap_or(BackupFile {
            name: String::new(),
            bytes: 0,
            path,
        }))
}

/// Restores one of this desk's backups (by its file name in the backup folder).
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_restore(state: State<'_, AppState>, name: String) -> Reply<Restored> {
    let dir = dir(&state)?;
    let file = list_backups(&dir)
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| {
            fairdesk_core::ErrorReply::plain(format!("没有这个备份 / No such backup: {name}"))
        })?;
    state.with(|s| s.restore_from(&file.path))
}
