//! Connection pool and embedded migrations.

use r2d2_postgres::postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;

pub type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_shipments.sql")),
    (3, include_str!("../migrations/0003_field_history.sql")),
    (4, include_str!("../migrations/0004_sales.sql")),
    (5, include_str!("../migrations/0005_orders.sql")),
    (
        6,
        include_str!("../migrations/0006_holds_follow_orders.sql"),
    ),
];

pub fn pool(url: &str, size: u32) -> Result<Pool, String> {
    let config = url.parse().map_err(|e| format!("database url: {e}"))?;
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
