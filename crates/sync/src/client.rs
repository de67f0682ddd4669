//! The desktop's sync engine: push the whole outbox (in device order), then — only when it is
//! empty — pull and apply pages, each page and its cursor in one SQLite transaction. Local
//! state is then a consistent server state plus this desk's pending writes.

use crate::*;
pub use fairdesk_core::desk::SyncProgress;
use fairdesk_store::{RemoteRow, Store, StoreError};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No connection to the server: keep working offline, retry later.
    #[error("offline: {0}")]
    Offline(String),
    /// The token is missing, expired or revoked: ask the user to log in again.
    #[error("please log in again")]
    Unauthorized,
    /// The server speaks another protocol version.
    #[error("{0}")]
    Protocol(String),
    #[error("server refused: {0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct SyncClient {
    base: String,
    http: reqwest::blocking::Client,
    token: Option<String>,
}

/// Mutations per push request.
pub const PUSH_BATCH: u32 = 200;
/// Rows per pull page.
pub const PULL_PAGE: i64 = 5000;

impl SyncClient {
    pub fn new(base: &str) -> SyncClient {
        SyncClient {
            base: base.trim_end_matches('/').to_string(),
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .connect_timeout(Duration::from_secs(5))
                .build()
                .expect("HTTP client"),
            token: None,
        }
    }

    pub fn with_token(mut self, token: &str) -> SyncClient {
        self.token = Some(token.to_string());
        self
    }

    fn send<T: serde::de::DeserializeOwned>(
        &self,
        req: reqwest::blocking::RequestBuilder,
    ) -> Result<T, SyncError> {
        let mut req = req.header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().map_err(|e| SyncError::Offline(e.to_string()))?;
        let status = resp.status();
        if status.is_success() {
            return resp
                .json()
                .map_err(|e| SyncError::Refused(format!("unreadable answer: {e}")));
        }
        let body: Option<ErrorBody> = resp.json().ok();
        let message = body
            .map(|b| b.message)
            .unwrap_or_else(|| status.to_string());
        Err(match status.as_u16() {
            401 => SyncError::Unauthorized,
            426 => SyncError::Protocol(message),
            _ => SyncError::Refused(message),
        })
    }

    pub fn login(
        &mut self,
        org: &str,
        login: &str,
        password: &str,
    ) -> Result<LoginResponse, SyncError> {
        let body = LoginRequest {
            org: org.into(),
            login: login.into(),
            password: password.into(),
        };
        let resp: LoginResponse = self.send(
            self.http
                .post(format!("{}/api/v1/login", self.base))
                .json(&body),
        )?;
        self.token = Some(resp.token.clone());
        Ok(resp)
    }

    pub fn register_device(&self, req: &RegisterDevice) -> Result<DeviceRegistered, SyncError> {
        self.send(
            self.http
                .post(format!("{}/api/v1/devices", self.base))
                .json(req),
        )
    }

    pub fn push(&self, req: &PushRequest) -> Result<PushResponse, SyncError> {
        self.send(
            self.http
                .post(format!("{}/api/v1/sync/push", self.base))
                .json(req),
        )
    }

    pub fn rows(&self, req: &RowsRequest) -> Result<RowsResponse, SyncError> {
        self.send(
            self.http
                .post(format!("{}/api/v1/sync/rows", self.base))
                .json(req),
        )
    }

    pub fn pull(&self, cursor: i64, limit: i64) -> Result<PullResponse, SyncError> {
        self.send(self.http.get(format!(
            "{}/api/v1/sync/pull?cursor={cursor}&limit={limit}",
            self.base
        )))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub pulled: usize,
    pub cursor: i64,
}

/// Logs a desk in: registers the device and remembers who works here. The token itself is the
/// caller's to keep (the desktop puts it in the OS keyring).
pub fn connect(
    store: &mut Store,
    client: &mut SyncClient,
    org: &str,
    login: &str,
    password: &str,
) -> Result<LoginResponse, SyncError> {
    let resp = client.login(org, login, password)?;
    let device = store.device().clone();
    let registered = client.register_device(&RegisterDevice {
        device_id: device.id,
        code: device.code.clone(),
    })?;
    store.set_server_identity(resp.user.id, &registered.code)?;
    Ok(resp)
}

/// One full cycle: push the outbox, put back what refused mutations had changed, pull.
/// `progress` is told how far it got (mutations answered of those pending; rows pulled, of
/// the total on a first sync).
pub fn sync_once(
    store: &mut Store,
    client: &SyncClient,
    mut progress: impl FnMut(SyncProgress),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let device_id = store.device().id;
    store.adopt_outbox()?;
    let to_push = fairdesk_store::queries::outbox::pending_count(store.conn())?;
    let mut answered = 0u64;
    if to_push > 0 {
        progress(SyncProgress::Push {
            sent: 0,
            total: to_push,
        });
    }
    loop {
        let batch = fairdesk_store::queries::outbox::pending(store.conn(), PUSH_BATCH)?;
        if batch.is_empty() {
            break;
        }
        let resp = client.push(&PushRequest {
            device_id,
            mutations: batch.clone(),
        })?;
        let mut accepted = Vec::new();
        for (env, result) in batch.iter().zip(resp.results) {
            if !result.lost.is_empty() {
                let (zh, en) = lost_message(&result.lost);
                store.record_conflict(env, &zh, &en)?;
            }
            if result.clamped {
                store.record_conflict(
                    env,
                    "本机时钟比服务器快：此修改已按服务器时间记录，请校准电脑的日期和时间",
                    "This computer's clock is ahead of the server's: the change was recorded at the server's time; please correct the date and time",
                )?;
            }
            match result.outcome {
                PushOutcome::Accepted => accepted.push(env.id),
                PushOutcome::Rejected {
                    reason, reason_en, ..
                } => {
                    // What it changed here (a row the server lacks included) is put back from
                    // the server before the pull.
                    store.outbox_rejected(env, &reason, &reason_en)?;
                    report.rejected += 1;
                }
            }
        }
        report.pushed += accepted.len();
        store.outbox_accepted(&accepted)?;
        answered += batch.len() as u64;
        progress(SyncProgress::Push {
            sent: answered,
            total: to_push.max(answered),
        });
    }
    refetch(store, client)?;
    // Pages are fetched on a second thread while this one applies the previous page: the
    // network and the server's work overlap with the desk's SQLite writes.
    let mut cursor = store.sync_cursor()?;
    let mut total = None;
    std::thread::scope(|scope| -> Result<(), SyncError> {
        type Page = Result<(Vec<fairdesk_store::PreparedRow>, i64, Option<u64>), SyncError>;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Page>(2);
        let start = cursor;
        scope.spawn(move || {
            let mut next = start;
            loop {
                let (page, more) = match client.pull(next, PULL_PAGE) {
                    Ok(p) => {
                        next = p.cursor;
                        let rows: Vec<RemoteRow> = p
                            .changes
                            .into_iter()
                            .map(|c| RemoteRow {
                                entity: c.entity,
                                id: c.id,
                                doc: c.doc,
                            })
                            .collect();
                        // Parsing and search keys here, off the thread that writes SQLite.
                        let prepared = fairdesk_store::prepare_page(rows).map_err(SyncError::from);
                        (prepared.map(|r| (r, p.cursor, p.total)), p.has_more)
                    }
                    Err(e) => (Err(e), false),
                };
                // The receiver is gone when applying failed: stop fetching.
                if tx.send(page).is_err() || !more {
                    return;
                }
            }
        });
        for page in rx {
            let (rows, next, page_total) = page?;
            total = total.or(page_total);
            report.pulled += rows.len();
            store.apply_prepared_page(&rows, next)?;
            cursor = next;
            progress(SyncProgress::Pull {
                done: report.pulled as u64,
                total,
            });
        }
        Ok(())
    })?;
    store.first_pull_done()?;
    store.use_server_user()?;
    // After a restore, the documents made since the backup are back: number past them.
    store.renumber_after_restore()?;
    // Quotas a manager recalled or whose days are up go back: queued now, pushed next sync
    // (the desk may have sold on them until this moment).
    store.return_due_quotas()?;
    report.cursor = cursor;
    Ok(report)
}

/// Rows a refused mutation had changed on this desk: fetched from the server and put back as
/// it holds them (or removed, when it has none), in pages of [`MAX_ROWS`].
fn refetch(store: &mut Store, client: &SyncClient) -> Result<(), SyncError> {
    let pending = store.refetch_pending()?;
    for chunk in pending.chunks(MAX_ROWS) {
        let req = RowsRequest {
            rows: chunk
                .iter()
                .map(|k| RowRef {
                    entity: k.entity.clone(),
                    id: k.id,
                })
                .collect(),
        };
        let resp = client.rows(&req)?;
        if resp.rows.len() != chunk.len() {
            return Err(SyncError::Refused("the server answered other rows".into()));
        }
        let rows: Vec<fairdesk_store::Refetched> = chunk
            .iter()
            .zip(resp.rows)
            .map(|(asked, state)| fairdesk_store::Refetched {
                asked: asked.clone(),
                row: RemoteRow {
                    entity: state.change.entity,
                    id: state.change.id,
                    doc: state.change.doc,
                },
                exists: state.exists,
            })
            .collect();
        store.apply_refetched(&rows)?;
    }
    Ok(())
}

/// "A newer edit overwrote yours" in both languages, naming the fields and the values lost.
fn lost_message(lost: &[LostField]) -> (String, String) {
    use fairdesk_core::error::field_label;
    use fairdesk_core::Lang;
    let value = |v: &serde_json::Value| match v.get("value").unwrap_or(v) {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let list = |lang: Lang| {
        lost.iter()
            .map(|l| format!("{}: {}", field_label(&l.field, lang), value(&l.value)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    (
        format!(
            "同事的较新修改已覆盖您的修改（被覆盖的值——{}）",
            list(Lang::Zh)
        ),
        format!(
            "A newer edit by someone else overwrote yours (your values — {})",
            list(Lang::En)
        ),
    )
}
