//! What the desktop reports about this desk to its UI (top bar, dashboard).

use crate::error::Lang;
use crate::user::User;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppStatus {
    /// The code in this desk's document numbers.
    pub device_code: String,
    /// Who works at the desk now.
    pub user: User,
    /// Mutations in the outbox, not yet synced.
    pub pending: u64,
    pub lang: Lang,
    /// Customers the current user sees.
    pub customers: u64,
}

/// The sync state the top bar shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// No server configured: the desk works alone (离线).
    #[default]
    NotConnected,
    Online,
    /// Configured but unreachable; retried with backoff.
    Offline,
    Syncing,
    /// The token was refused or expired: log in again (the outbox is kept).
    LoginRequired,
    /// The server speaks a newer protocol.
    UpdateRequired,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub state: SyncState,
    /// Progress of an initial sync, 0–100.
    pub percent: Option<u8>,
    /// Mutations waiting in the outbox.
    pub pending: u64,
    /// Mutations the server refused (同步冲突).
    pub conflicts: u64,
    pub server: Option<String>,
    pub org: Option<String>,
    pub login: Option<String>,
    pub last_sync_ms: Option<i64>,
    /// The last problem, for the user.
    pub message: Option<String>,
}

/// A mutation the server refused, or whose field lost to a newer edit (同步冲突).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub mutation_id: crate::Id,
    pub name: String,
    /// The record it was about, for a link.
    pub entity_id: Option<crate::Id>,
    pub reason: String,
    pub reason_en: String,
    pub at_ms: i64,
}
