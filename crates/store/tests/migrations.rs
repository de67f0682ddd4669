mod common;

use common::TestDb;
use fairdesk_store::{latest_version, Store, StoreError, MIGRATIONS};

#[test]
fn a_new_database_gets_every_migration_once() {
    let db = TestDb::new();
    drop(db.open());
    let store = db.open();
    let applied: Vec<(i64, String)> = store
        .conn()
        .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(i64, String)> = MIGRATIONS.iter().map(|m| (m.0, m.1.to_string())).collect();
    assert_eq!(applied, expected);
    // The fresh desk has its identity and an administrator to work as.
    assert_eq!(store.device().code.len(), 2);
    assert_eq!(
        store.current_actor().unwrap().role,
        fairdesk_core::Role::Admin
    );
}

#[test]
fn every_sql_file_in_migrations_is_registered_in_order() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let registered: Vec<&str> = MIGRATIONS.iter().map(|m| m.1).collect();
    assert_eq!(files, registered);
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.0, i as i64 + 1, "versions are 1, 2, 3 …");
        assert!(m.1.starts_with(&format!("{:04}_", m.0)));
    }
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let db = TestDb::new();
    {
        let mut store = db.open();
        common::create(&mut store, "上海明达五金有限公司", "王伟", "13800000001");
        store
            .conn()
            .execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future.sql', 0)",
                [latest_version() + 1],
            )
            .unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = std::fs::read(db.path()).unwrap();
    let err = Store::open(&db.path()).err().expect("refused");
    match &err {
        StoreError::NewerSchema { found, supported } => {
            assert_eq!(*found, latest_version() + 1);
            assert_eq!(*supported, latest_version());
        }
        other => panic!("wrong error: {other:?}"),
    }
    assert!(err.message(fairdesk_core::Lang::Zh).contains("请先升级"));
    assert_eq!(std::fs::read(db.path()).unwrap(), before, "file unchanged");
}

/// A desk from before holds had pool ids: its holds get their pool id on upgrade, so the next
/// pull's redacted copy of the same hold replaces it instead of counting twice.
#[test]
fn holds_from_an_older_desk_get_their_pool_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fairdesk.db");
    let hold = fairdesk_core::order::reservation_id(fairdesk_store::new_id(1_795_000_000_000), 0);
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
             applied_at INTEGER NOT NULL)",
        )
        .unwrap();
        let tx = conn.transaction().unwrap();
        for (version, name, sql) in MIGRATIONS.iter().take(4) {
            tx.execute_batch(sql).unwrap();
            tx.execute(
                "INSERT INTO schema_migrations VALUES (?1, ?2, 0)",
                rusqlite::params![version, name],
            )
            .unwrap();
        }
        tx.execute(
            "INSERT INTO stock_reservations (id, product_id, warehouse_id, order_id, qty_milli, doc)
             VALUES (?1, 'p', 'w', 'o', 5000, '{}')",
            [hold.to_string()],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let pool: String = store
        .conn()
        .query_row("SELECT pool_id FROM stock_reservations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pool, fairdesk_core::order::pool_id(hold).to_string());
}
