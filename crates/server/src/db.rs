//! Connection pool and embedded migrations.

use r2d2_postgres::postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;

pub type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

/// The schema's migrations, in order (version, SQL).
pub const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_shipments.sql")),
    (3, include_str!("../migrations/0003_field_history.sql")),
    (4, include_str!("../migrations/0004_sales.sql")),
    (5, include_str!("../migrations/0005_orders.sql")),
    (
        6,
        include_str!("../migrations/0006_holds_follow_orders.sql"),
    ),
    (7, include_str!("../migrations/0007_hardening.sql")),
    (8, include_str!("../migrations/0008_shipping.sql")),
    (9, include_str!("../migrations/0009_parcel_polls.sql")),
    (10, include_str!("../migrations/0010_invoices.sql")),
    (11, include_str!("../migrations/0011_quotas.sql")),
];

/// A pool for the admin commands and migrations (no time limits: a migration may be long).
pub fn pool(url: &str, size: u32) -> Result<Pool, String> {
    build(url, size, None)
}

/// Waiting for a lock longer than this fails the statement: no request holds a company up.
pub const LOCK_TIMEOUT_MS: u32 = 5_000;
/// Longest statement a request may run.
pub const STATEMENT_TIMEOUT_MS: u32 = 30_000;

/// The serving pool: every connection gets `lock_timeout` and `statement_timeout`, so a stuck
/// or hostile request gives up instead of freezing a company's logins and pushes.
pub fn serve_pool(url: &str, size: u32) -> Result<Pool, String> {
    build(
        url,
        size,
        Some(format!(
            "-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS}"
        )),
    )
}

fn build(url: &str, size: u32, options: Option<String>) -> Result<Pool, String> {
    let mut config: postgres::Config = url.parse().map_err(|e| format!("database url: {e}"))?;
    if let Some(extra) = options {
        let joined = match config.get_options() {
            Some(own) if !own.is_empty() => format!("{own} {extra}"),
            _ => extra,
        };
        config.options(&joined);
    }
    r2d2::Pool::builder()
        .max_size(size)
        .build(PostgresConnectionManager::new(config, NoTls))
        .map_err(|e| format!("database: {e}"))
}

/// Applies pending migrations, each in one transaction, recorded in `schema_migrations`.
pub fn migrate(client: &mut postgres::Client) -> Result<usize, postgres::Error> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let mut applied = 0;
    for (version, sql) in MIGRATIONS {
        let mut tx = client.transaction()?;
        // Serialise concurrent `migrate` runs.
        tx.batch_execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")?;
        let done = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[version],
            )?
            .is_some();
        if !done {
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES ($1)",
                &[version],
            )?;
            applied += 1;
        }
        tx.commit()?;
    }
    Ok(applied)
}
