//! The desktop's state: the local store behind a mutex, and error translation for the UI.

use fairdesk_core::{DomainError, ErrorReply, Lang};
use fairdesk_store::{Store, StoreError};
use std::path::Path;
use std::sync::Mutex;

pub struct AppState {
    store: Mutex<Store>,
    /// Called after a command wrote something, so the sync worker pushes it soon.
    on_write: std::sync::OnceLock<Box<dyn Fn() + Send + Sync>>,
}

/// Customers in the demo company.
pub const DEMO_CUSTOMERS: usize = 200;

impl AppState {
    pub fn open(path: &Path) -> Result<AppState, String> {
        let store = Store::open(path).map_err(|e| e.message(Lang::Zh))?;
        Ok(AppState::new(store))
    }

    pub fn new(store: Store) -> AppState {
        AppState {
            store: Mutex::new(store),
            on_write: std::sync::OnceLock::new(),
        }
    }

    /// The store itself, for work that has errors of its own (sync login).
    pub fn lock(&self) -> Result<std::sync::MutexGuard<'_, Store>, ErrorReply> {
        self.store
            .lock()
            .map_err(|_| ErrorReply::plain("internal error: store lock poisoned"))
    }

    /// The database file, for the sync worker's own connection.
    pub fn db_path(&self) -> Option<std::path::PathBuf> {
        self.lock()
            .ok()?
            .conn()
            .path()
            .map(std::path::PathBuf::from)
    }

    pub fn on_write(&self, f: impl Fn() + Send + Sync + 'static) {
        let _ = self.on_write.set(Box::new(f));
    }

    /// Runs `f` on the store; a failure becomes a message in the desk's language. A call that
    /// wrote a mutation wakes the sync worker.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, ErrorReply> {
        let mut store = self.lock()?;
        let lang = lang_of(&store);
        let before = store.next_seq().ok();
        let result = f(&mut store).map_err(|e| reply(&e, lang));
        if result.is_ok() && store.next_seq().ok() != before {
            if let Some(wake) = self.on_write.get() {
                wake();
            }
        }
        result
    }

    pub fn seed_demo_if_empty(&self) -> Result<(), String> {
        self.with(|s| {
            let empty: i64 = s
                .conn()
                .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
            if empty == 0 && s.setting("demo_seeded")?.is_none() {
                s.seed_demo(DEMO_CUSTOMERS)?;
            }
            Ok(())
        })
        .map_err(|e| e.message)
    }
}

pub fn lang_of(store: &Store) -> Lang {
    store.lang()
}

pub fn reply(e: &StoreError, lang: Lang) -> ErrorReply {
    let fields = match e {
        StoreError::Domain(DomainError::Validation { errors }) => errors.clone(),
        _ => Vec::new(),
    };
    ErrorReply {
        message: e.message(lang),
        fields,
    }
}
