//! The background sync worker: its own connection to the local database, a cycle on start,
//! every 30 s, and whenever woken ("Sync now", a login). Failures back off exponentially with
//! jitter. The UI's connection is never held across network calls.

use crate::vault::Vault;
use fairdesk_core::desk::{SyncProgress, SyncState, SyncStatus};
use fairdesk_store::Store;
use fairdesk_sync::client::{sync_once, SyncClient, SyncError};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const INTERVAL: Duration = Duration::from_secs(30);
const MAX_BACKOFF: Duration = Duration::from_secs(300);

pub struct SyncService {
    status: Arc<Mutex<SyncStatus>>,
    wake: Mutex<Sender<()>>,
    pub vault: Arc<dyn Vault>,
}

/// Which keyring entry holds the token of a server account.
pub fn account(server: &str, org: &str, login: &str) -> String {
    format!("{server}|{org}|{login}")
}

/// Server, company and login the desk is connected to, from its settings.
pub fn connection(store: &Store) -> Option<(String, String, String)> {
    let get = |k: &str| store.setting(k).ok().flatten();
    Some((get("sync_server")?, get("sync_org")?, get("sync_login")?))
}

/// Wait before retry `n` (1, 2, …): 2 s doubling up to 5 min, ±20 % jitter.
pub fn backoff(n: u32) -> Duration {
    let base = Duration::from_secs(2)
        .saturating_mul(1 << n.min(8))
        .min(MAX_BACKOFF);
    let jitter = 0.8 + fastrand::f64() * 0.4;
    base.mul_f64(jitter)
}

impl SyncService {
    pub fn start(db: PathBuf, vault: Arc<dyn Vault>) -> SyncService {
        let (tx, rx) = mpsc::channel::<()>();
        let status = Arc::new(Mutex::new(SyncStatus::default()));
        let shared = status.clone();
        let worker_vault = vault.clone();
        std::thread::spawn(move || {
            let mut store = match Store::open(&db) {
                Ok(s) => s,
                Err(e) => {
                    set(&shared, |s| s.message = Some(e.to_string()));
                    return;
                }
            };
            let mut failures = 0u32;
            let mut wait = Duration::ZERO;
            loop {
                match rx.recv_timeout(wait) {
                    Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                let synced = cycle(&mut store, worker_vault.as_ref(), &shared);
                // Customers a first sync stored without search tokens get them now, in short
                // transactions (the desk keeps writing meanwhile), online or not.
                while let Ok(false) = store.build_search_index(5000) {}
                if synced {
                    failures = 0;
                    wait = INTERVAL;
                } else {
                    failures += 1;
                    wait = backoff(failures);
                }
            }
        });
        SyncService {
            status,
            wake: Mutex::new(tx),
            vault,
        }
    }

    /// A function that wakes the worker (handed to the app state for "after a write").
    pub fn waker(&self) -> impl Fn() + Send + Sync + 'static {
        let tx = Mutex::new(self.wake.lock().map(|t| t.clone()).ok());
        move || {
            if let Ok(Some(tx)) = tx.lock().as_deref() {
                let _ = tx.send(());
            }
        }
    }

    pub fn wake(&self) {
        if let Ok(tx) = self.wake.lock() {
            let _ = tx.send(());
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.status.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

fn set(status: &Mutex<SyncStatus>, f: impl FnOnce(&mut SyncStatus)) {
    if let Ok(mut s) = status.lock() {
        f(&mut s);
    }
}

/// One sync cycle; `true` unless it failed and should back off.
fn cycle(store: &mut Store, vault: &dyn Vault, status: &Mutex<SyncStatus>) -> bool {
    let Some((server, org, login)) = connection(store) else {
        set(status, |s| *s = SyncStatus::default());
        return true;
    };
    set(status, |s| {
        s.server = Some(server.clone());
        s.org = Some(org.clone());
        s.login = Some(login.clone());
    });
    let Some(token) = vault.get(&account(&server, &org, &login)) else {
        set(status, |s| s.state = SyncState::LoginRequired);
        return true;
    };
    set(status, |s| {
        s.state = SyncState::Syncing;
        s.percent = None;
        s.progress = None;
    });
    let client = SyncClient::new(&server).with_token(&token);
    let result = sync_once(store, &client, |p| {
        set(status, |s| {
            s.progress = Some(p);
            if let SyncProgress::Pull {
                done,
                total: Some(total),
            } = p
            {
                s.percent = (total > 0).then(|| ((done * 100) / total).min(100) as u8);
            }
        })
    });
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let (state, message, ok) = match result {
        Ok(_) => (SyncState::Online, None, true),
        Err(SyncError::Offline(m)) => (SyncState::Offline, Some(m), false),
        Err(SyncError::Unauthorized) => (SyncState::LoginRequired, None, true),
        Err(SyncError::Protocol(m)) => (SyncState::UpdateRequired, Some(m), false),
        Err(e) => (SyncState::Offline, Some(e.to_string()), false),
    };
    set(status, |s| {
        s.state = state;
        s.message = message;
        s.percent = None;
        s.progress = None;
        if ok && state == SyncState::Online {
            s.last_sync_ms = Some(now);
        }
    });
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let b1 = backoff(1).as_secs_f64();
        assert!((3.2..=4.8).contains(&b1), "{b1}");
        let b3 = backoff(3).as_secs_f64();
        assert!((12.8..=19.2).contains(&b3), "{b3}");
        assert!(backoff(30) <= MAX_BACKOFF.mul_f64(1.2));
    }
}
