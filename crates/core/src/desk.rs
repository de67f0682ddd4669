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
    /// What the running sync has done so far (pushing a long offline outbox, pulling pages).
    #[serde(default)]
    pub progress: Option<SyncProgress>,
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
    /// What this desk still holds as stock quotas (库存额度): the top bar says it sells on quota.
    #[serde(default)]
    pub quota_held: rust_decimal::Decimal,
}

/// A mutation the server refused, or whose field lost to a newer edit (同步冲突); or a notice
/// that an order taken on this desk came back short from the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub mutation_id: crate::Id,
    pub name: String,
    /// The record it was about.
    pub entity_id: Option<crate::Id>,
    /// What that record is on this desk (`customer`, `order`, `quote`), for a link; `None` when
    /// this desk no longer has it (e.g. a customer moved to another rep).
    #[serde(default)]
    pub entity: Option<String>,
    /// `refused`: the server refused the change (or a field of it lost to a newer edit);
    /// `short`: an order this desk took came back 缺货 from the server.
    #[serde(default)]
    pub kind: String,
    pub reason: String,
    pub reason_en: String,
    pub at_ms: i64,
}

/// How far a running sync has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum SyncProgress {
    /// Sending the outbox: `sent` of `total` mutations answered by the server.
    Push { sent: u64, total: u64 },
    /// Receiving changes: `done` rows, of `total` when the server said (a first sync).
    Pull { done: u64, total: Option<u64> },
}

/// A backup of this desk's database in its backup folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupFile {
    pub path: std::path::PathBuf,
    /// `fairdesk-backup-20261205-093000.db`
    pub name: String,
    pub bytes: u64,
}

/// What restoring a backup did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restored {
    /// Changes the backup had not sent yet: they go with the next sync (the server answers
    /// those it has already seen without applying them again).
    pub outbox: u64,
}
