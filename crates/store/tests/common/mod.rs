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

/// An approved order of the first demo customer on `terms` (款到发货 is the default a new
/// order takes): 20 cups (BWB-500) and 6 of a second product stocked there, both from 华东仓.
/// Returns the order, the warehouse and the two products.
pub fn approved_order(
    store: &mut Store,
    terms: fairdesk_core::order::PaymentTerms,
) -> (Id, Id, Id, Id) {
    use fairdesk_core::order::{OrderAction, OrderStatus, PaymentTerms};
    use fairdesk_store::queries::{catalog, orders};
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    let product = |store: &Store, sku: &str| {
        catalog::product_by_code(store.conn(), sku)
            .unwrap()
            .unwrap()
            .id
    };
    let customer: String = store
        .conn()
        .query_row("SELECT id FROM customers ORDER BY rid LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let east = warehouse(store, "华东仓");
    let mut data = store.order_for_customer(customer.parse().unwrap()).unwrap();
    assert_eq!(
        data.terms,
        PaymentTerms::PayBeforeShipping,
        "款到发货 is the default"
    );
    data.terms = terms;
    data.lines.clear();
    let (id, _) = store.create_order(data).unwrap();
    store.order_add_line(id, "BWB-500", d("20")).unwrap();
    let other: String = store
        .conn()
        .query_row(
            "SELECT p.sku FROM products p JOIN stock_levels l ON l.product_id = p.id
             WHERE p.sku <> 'BWB-500' AND l.warehouse_id = ?1 AND l.on_hand_milli >= 10000
               AND l.reserved_milli = 0 ORDER BY p.sku LIMIT 1",
            [east.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    store.order_add_line(id, &other, d("6")).unwrap();
    let mut data = orders::get(store.conn(), id).unwrap().unwrap().data;
    for l in &mut data.lines {
        l.warehouse_id = east;
    }
    store.save_order(id, data).unwrap();
    for action in [OrderAction::Submit, OrderAction::Approve] {
        store
            .submit(fairdesk_core::Mutation::OrderAct {
                id,
                action,
                reason: String::new(),
            })
            .unwrap();
    }
    let status = orders::get(store.conn(), id).unwrap().unwrap().status;
    assert_eq!(status, OrderStatus::Approved);
    (id, east, product(store, "BWB-500"), product(store, &other))
}
