//! The sync wire protocol: JSON over HTTP, versioned. The desktop pushes its outbox and pulls
//! the rows it may see; the server answers per mutation and pages changes by cursor.

use fairdesk_core::user::User;
use fairdesk_core::{Envelope, Id};
use serde::{Deserialize, Serialize};

/// Sent on every request in the `x-fairdesk-protocol` header; the server refuses others.
pub const PROTOCOL_VERSION: u32 = 2;
pub const PROTOCOL_HEADER: &str = "x-fairdesk-protocol";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// The company's short name, e.g. `hengtong`.
    pub org: String,
    pub login: String,
    pub password: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Opaque bearer token; kept in the OS keyring by the desktop.
    pub token: String,
    pub expires_at_ms: i64,
    pub user: User,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDevice {
    pub device_id: Id,
    /// The code the device chose for its document numbers.
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceRegistered {
    pub device_id: Id,
    /// The confirmed code, or a replacement when another device of the company has it.
    /// Numbers already printed keep the old code; new numbers use this one.
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub device_id: Id,
    /// In device order.
    pub mutations: Vec<Envelope>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PushOutcome {
    Accepted,
    /// Refused by the domain; `reason` is for the user (Chinese), `reason_en` for English.
    Rejected {
        reason: String,
        reason_en: String,
        /// The row this refused mutation created on the desk, when the server has no such row:
        /// no pull will ever bring it back, so the desk removes its copy.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        absent: Option<AbsentRow>,
    },
}

/// A row that exists only on the desk that made it, after the server refused its creation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsentRow {
    pub entity: String,
    pub id: Id,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResult {
    pub id: Id,
    #[serde(flatten)]
    pub outcome: PushOutcome,
    /// Fields of an accepted mutation that a newer edit (by HLC) had already changed: the
    /// newer value stays, this one is kept in the server's history and shown to the user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<LostField>,
    /// The device's clock was ahead of the server's by more than `hlc::MAX_AHEAD_MS`: the
    /// mutation was recorded at the server's time instead.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clamped: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostField {
    pub field: String,
    /// The value this mutation tried to set.
    pub value: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
}

/// One row that changed: its current state, or `doc: null` when the user may no longer see it
/// (a revoke: the device removes the row). Deleted rows come as tombstones (`deleted: true` in
/// the doc). The document is carried as raw JSON: neither the server nor the desk builds a
/// JSON tree of it on the way (a first sync moves hundreds of thousands of them).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Change {
    /// `customer`, `tag`, `user`, `follow_up`, `product`, `quote` …
    pub entity: String,
    pub id: Id,
    pub doc: Option<Box<serde_json::value::RawValue>>,
}

impl Change {
    pub fn is_upsert(&self) -> bool {
        self.doc.is_some()
    }

    /// The document as a JSON value (tests and tools; the sync path reads it in place).
    pub fn value(&self) -> Option<serde_json::Value> {
        self.doc
            .as_ref()
            .and_then(|d| serde_json::from_str(d.get()).ok())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Pass back as `cursor` for the next page.
    pub cursor: i64,
    pub has_more: bool,
    /// On a pull from zero: how many rows the whole initial sync will bring (for progress).
    pub total: Option<u64>,
}

/// Rows a desk asks for by id (`POST /api/v1/sync/rows`): those a mutation the server refused
/// had changed on the desk, so the desk can put back exactly the server's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsRequest {
    pub rows: Vec<RowRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RowRef {
    pub entity: String,
    pub id: Id,
}

/// Most rows one request may name.
pub const MAX_ROWS: usize = 1000;

/// One asked-for row as the server holds it for this user.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RowState {
    /// The row as this user receives it (a hold of an order the user may not see comes
    /// redacted, under its pool id); `doc: None` when the user may not see it or it doesn't
    /// exist. (Not flattened: raw JSON documents can't pass through serde's flatten buffer.)
    pub change: Change,
    /// `false`: the server has no such row at all (the desk drops its copy and what hangs off
    /// it); `true` with no doc: a revoke.
    pub exists: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RowsResponse {
    pub rows: Vec<RowState>,
}

/// The body of every 4xx/5xx answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable code: `bad_request`, `unauthorized`, `forbidden`, `protocol`, `too_large`, …
    pub error: String,
    pub message: String,
}

#[cfg(feature = "client")]
pub mod client;
