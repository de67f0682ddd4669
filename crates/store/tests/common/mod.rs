//! Helpers for store tests: a real SQLite file in a temp dir, a fixed clock.
#![allow(dead_code)]

use fairdesk_core::customer::{ContactForm, CustomerForm};
use fairdesk_core::user::UserData;
use fairdesk_core::{Id, Role};
use fairdesk_store::{CreateCustomer, Store};
use std::path::{Path, PathBuf};

/// 2026-11-27 10:00 in Asia/Shanghai.
pub const NOW: i64 = 1_795_744_800_000;

pub struct TestDb {
    pub dir: tempfile::TempDir,
}

impl TestDb {
    pub fn new() -> TestDb {
        TestDb {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("fairdesk.db")
    }
    pub fn open(&self) -> Store {
        open_at(&self.path())
    }
}

pub fn open_at(path: &Path) -> Store {
    Store::open_with_clock(path, Box::new(|| NOW)).expect("store opens")
}

pub fn form(name: &str, contact: &str, mobile: &str) -> CustomerForm {
    CustomerForm {
        name: name.into(),
        contacts: vec![ContactForm {
            name: contact.into(),
            mobile: mobile.into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

pub fn create(store: &mut Store, name: &str, contact: &str, mobile: &str) -> Id {
    match store
        .create_customer(&form(name, contact, mobile), None, true)
        .expect("created")
    {
        CreateCustomer::Created { id, .. } => id,
        other => panic!("not created: {other:?}"),
    }
}

pub fn add_user(store: &mut Store, name: &str, role: Role, team: &str) -> Id {
    store
        .save_user(
            None,
            UserData {
                name: name.into(),
                role,
                team: team.into(),
                active: true,
            },
        )
        .unwrap()
}

/// Rows in the tables a mutation writes to, to prove that a refused one wrote nothing.
pub fn counts(store: &Store) -> (i64, i64, i64, i64) {
    let c = |sql: &str| store.conn().query_row(sql, [], |r| r.get(0)).unwrap();
    (
        c("SELECT count(*) FROM customers"),
        c("SELECT count(*) FROM outbox"),
        c("SELECT count(*) FROM audit_log"),
        c("SELECT coalesce(sum(next), 0) FROM doc_series"),
    )
}

/// A warehouse's id by its name.
pub fn warehouse(store: &Store, name: &str) -> Id {
    fairdesk_store::queries::catalog::warehouses(store.conn())
        .unwrap()
        .into_iter()
        .find(|w| w.data.name == name)
        .unwrap()
        .id
}
