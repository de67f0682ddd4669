//! Numbered SQL migrations from `migrations/`, applied at start, one transaction each, and
//! recorded in `schema_migrations`. A database newer than this app is refused untouched.

use crate::StoreError;
use rusqlite::Connection;

/// (version, name, SQL). Adding a migration: add the file and one line here.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "0001_init.sql",
        include_str!("../../../migrations/0001_init.sql"),
    ),
    (
        2,
        "0002_sync.sql",
        include_str!("../../../migrations/0002_sync.sql"),
    ),
    (
        3,
        "0003_sales.sql",
        include_str!("../../../migrations/0003_sales.sql"),
    ),
    (
        4,
        "0004_orders.sql",
        include_str!("../../../migrations/0004_orders.sql"),
    ),
    (
        5,
        "0005_refused_and_pool.sql",
        include_str!("../../../migrations/0005_refused_and_pool.sql"),
    ),
    (
        6,
        "0006_shipping.sql",
        include_str!("../../../migrations/0006_shipping.sql"),
    ),
    (
        7,
        "0007_invoices.sql",
        include_str!("../../../migrations/0007_invoices.sql"),
    ),
    (
        8,
        "0008_quotas.sql",
        include_str!("../../../migrations/0008_quotas.sql"),
    ),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

pub fn run(conn: &mut Connection, now_ms: i64) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        )",
    )?;
    let current: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    if current > latest_version() {
        return Err(StoreError::NewerSchema {
            found: current,
            supported: latest_version(),
        });
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, now_ms],
        )?;
        tx.commit()?;
    }
    Ok(())
}
