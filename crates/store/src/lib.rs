//! Fairdesk's local store on SQLite.
//!
//! Writes go through [`Store::submit`]: the domain's pure `apply` decides, and its effects, the
//! outbox row and the audit rows are written in ONE transaction. Screens read through the
//! query modules, which never write.

mod actions;
pub mod backup;
pub mod demo;
mod demo_catalog;
mod demo_sales;
mod device;
mod dunning;
mod error;
mod invoices;
mod migrate;
mod orders;
mod pool_fn;
mod pulled_history;
pub mod queries;
mod quotas;
mod reader;
mod receivables;
mod replica;
pub mod rows;
mod sales;
mod search_fn;
pub mod search_index;
mod shipping;
mod shortage;
pub mod snapshot;
mod write;

pub use actions::CreateCustomer;
pub use device::{Device, Numbering};
pub use error::StoreError;
pub use migrate::{latest_version, MIGRATIONS};
pub use replica::{prepare_page, Conflict, PreparedRow, Refetched, RemoteRow, RowKey};
pub use write::Receipt;

use chrono::NaiveDate;
use fairdesk_core::{mutation::local_date, Actor, Id};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

/// Wall clock in Unix milliseconds; replaceable in tests.
pub type Clock = Box<dyn Fn() -> i64 + Send>;

pub fn system_clock() -> Clock {
    Box::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    })
}

pub struct Store {
    conn: Connection,
    device: Device,
    clock: Clock,
}

impl Store {
    /// Opens (creating if needed) the database file, applies pending migrations and makes sure
    /// this desk has a device identity and a current user.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_clock(path, system_clock())
    }

    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Store, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a committed mutation survives a power cut, not only a process crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Up to 64 MB of page cache (the default is 2 MB): 100k customers and their indexes
        // stay in memory, and a big write (a first sync's page) does not spill half-done
        // pages to the WAL and read them back.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        search_fn::register(&conn)?;
        pool_fn::register(&conn)?;
        migrate::run(&mut conn, clock())?;
        search_index::rekey_if_stale(&mut conn)?;
        let device = device::load_or_create(&conn, clock())?;
        let mut store = Store {
            conn,
            device,
            clock,
        };
        store.ensure_current_user()?;
        Ok(store)
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    pub fn now_ms(&self) -> i64 {
        (self.clock)()
    }

    /// Today in Asia/Shanghai, the business calendar.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now_ms())
    }

    /// Read-only access for the query modules.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM local_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The desk's language (chosen in the UI): for every text the desk composes.
    pub fn lang(&self) -> fairdesk_core::Lang {
        match self.setting("lang").ok().flatten().as_deref() {
            Some("en") => fairdesk_core::Lang::En,
            _ => fairdesk_core::Lang::Zh,
        }
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// The user working at this desk (chosen in Settings), as the actor of new mutations.
    pub fn current_actor(&self) -> Result<Actor, StoreError> {
        let id: Id = self
            .setting("current_user")?
            .and_then(|s| s.parse().ok())
            .ok_or(StoreError::NoCurrentUser)?;
        let user = queries::users::get(&self.conn, id)?.ok_or(StoreError::NoCurrentUser)?;
        Ok(Actor {
            user_id: user.id,
            role: user.data.role,
            team: user.data.team,
            device_id: self.device.id,
        })
    }

    pub fn set_current_user(&self, id: Id) -> Result<(), StoreError> {
        match queries::users::get(&self.conn, id)? {
            Some(u) if u.data.active => self.set_setting("current_user", &id.to_string()),
            _ => Err(StoreError::Domain(fairdesk_core::DomainError::field(
                "user",
                fairdesk_core::ErrorCode::UnknownUser,
            ))),
        }
    }

    /// A fresh desk gets one administrator so that it can be used at once.
    fn ensure_current_user(&mut self) -> Result<(), StoreError> {
        if self.current_actor().is_ok() {
            return Ok(());
        }
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM users WHERE active = 1 AND role = 'admin' ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return self.set_setting("current_user", &id);
        }
        let id = self.new_id();
        let admin = Actor {
            user_id: id,
            role: fairdesk_core::Role::Admin,
            team: String::new(),
            device_id: self.device.id,
        };
        self.submit_as(&admin, |_| fairdesk_core::Mutation::SaveUser {
            id,
            data: fairdesk_core::user::UserData {
                name: "管理员".into(),
                role: fairdesk_core::Role::Admin,
                team: String::new(),
                active: true,
            },
        })?;
        // Remembered so that a first login to a server does not upload this desk-only account.
        self.set_setting("bootstrap_user", &id.to_string())?;
        self.set_setting("current_user", &id.to_string())
    }

    /// The device sequence number the next mutation will get (changes on every write).
    pub fn next_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT next_seq FROM device WHERE singleton = 1")?
            .query_row([], |r| r.get(0))?)
    }

    /// A new UUIDv7 from the clock and the OS random source.
    pub fn new_id(&self) -> Id {
        new_id(self.now_ms())
    }
}

pub fn new_id(now_ms: i64) -> Id {
    let mut random = [0u8; 10];
    getrandom::fill(&mut random).expect("OS random source");
    Id::v7(now_ms.max(0) as u64, random)
}
