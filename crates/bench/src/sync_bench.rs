//! `scripts/bench.sh sync [customers]`: a durable throwaway PostgreSQL cluster and the server on
//! loopback; desks push customers concurrently (mutations/s), then a fresh desk pulls them all
//! into SQLite (rows/s, end to end).

use crate::now_ms;
use fairdesk_core::hlc::Hlc;
use fairdesk_core::{Actor, Envelope, Mutation, SCHEMA_VERSION};
use fairdesk_server::testing::{Pg, TestServer, PASSWORD};
use fairdesk_store::demo::customer_data;
use fairdesk_store::Store;
use fairdesk_sync::client::{connect, sync_once, SyncClient};
use fairdesk_sync::{PushOutcome, PushRequest};
use std::time::Instant;

const DESKS: usize = 4;
const BATCH: usize = 200;

pub fn run(customers: usize) {
    let server = TestServer::start_with(Pg::start_with(true));
    let per_desk = customers.div_ceil(DESKS);
    // Desks log in (argon2id on the server) and build their mutations before the clock starts:
    // the figure is the server's push throughput.
    let ready = std::sync::Barrier::new(DESKS + 1);
    let mut started = Instant::now();
    let pushed: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..DESKS)
            .map(|d| {
                let base = server.base.clone();
                let ready = &ready;
                scope.spawn(move || {
                    let dir = tempfile::tempdir().unwrap();
                    let mut store = Store::open(&dir.path().join("desk.db")).unwrap();
                    let mut client = SyncClient::new(&base);
                    let login = connect(&mut store, &mut client, "demo", "boss", PASSWORD).unwrap();
                    let device = store.device().id;
                    let actor = Actor {
                        user_id: login.user.id,
                        role: login.user.data.role,
                        team: String::new(),
                        device_id: device,
                    };
                    let mut rng = fastrand::Rng::with_seed(d as u64);
                    let today = store.today();
                    let mut seq = 0u64;
                    let mut batches: Vec<Vec<Envelope>> = Vec::new();
                    let mut built = 0;
                    while built < per_desk {
                        let n = BATCH.min(per_desk - built);
                        built += n;
                        let mutations: Vec<Envelope> = (0..n)
                            .map(|_| {
                                seq += 1;
                                let now = now_ms();
                                let id = fairdesk_store::new_id(now);
                                Envelope {
                                    id,
                                    schema: SCHEMA_VERSION,
                                    device_seq: seq,
                                    actor: actor.clone(),
                                    hlc: Hlc {
                                        ms: now as u64,
                                        counter: seq as u32,
                                        node: device,
                                    },
                                    at_ms: now,
                                    mutation: Mutation::CreateCustomer {
                                        id,
                                        code: format!("KH-D{d}-{seq:06}"),
                                        owner_id: actor.user_id,
                                        data: customer_data(&mut rng, today, &[]),
                                    },
                                }
                            })
                            .collect();
                        batches.push(mutations);
                    }
                    ready.wait();
                    let mut accepted = 0;
                    for mutations in batches {
                        let n = mutations.len();
                        let resp = client
                            .push(&PushRequest {
                                device_id: device,
                                mutations,
                            })
                            .unwrap();
                        assert!(resp
                            .results
                            .iter()
                            .all(|r| r.outcome == PushOutcome::Accepted));
                        accepted += n;
                    }
                    accepted
                })
            })
            .collect();
        ready.wait();
        started = Instant::now();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let push_secs = started.elapsed().as_secs_f64();
    let plain_secs = plain_inserts(&server);
    // A first sync meets a server at rest, not one still flushing the bulk it just took:
    // checkpoint and analyse before timing the pull.
    {
        let mut c = server.pool.get().unwrap();
        c.batch_execute("CHECKPOINT").unwrap();
        c.batch_execute("VACUUM ANALYZE rows").unwrap();
    }

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fresh.db")).unwrap();
    let mut client = SyncClient::new(&server.base);
    connect(&mut store, &mut client, "demo", "boss", PASSWORD).unwrap();
    let started = Instant::now();
    let report = sync_once(&mut store, &client, |_| {}).unwrap();
    let pull_secs = started.elapsed().as_secs_f64();
    // The search index of the pulled customers, built afterwards in batches (the desk's sync
    // worker does this right after the first sync; search scans until it is done).
    let started = Instant::now();
    while !store.build_search_index(5000).unwrap() {}
    let index_secs = started.elapsed().as_secs_f64();
    // The same pages again, timed apart: fetching (server, HTTP, JSON, parsing) vs applying.
    let (fetch, apply) = crate::initial_sync_bench::fetch_then_apply(&client);
    let local: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    let raw_secs = raw_sqlite_copy(&dir.path().join("fresh.db"));

    println!("| measurement | result |");
    println!("|---|---|");
    println!(
        "| push: {pushed} create-customer mutations from {DESKS} desks in batches of {BATCH} (durable PostgreSQL) | {:.1} s, {:.0} mutations/s |",
        push_secs,
        pushed as f64 / push_secs
    );
    println!(
        "| initial sync of a fresh desk: {} rows ({} customers) pulled and applied into SQLite | {:.1} s, {:.0} rows/s |",
        report.pulled,
        local,
        pull_secs,
        report.pulled as f64 / pull_secs
    );
    println!(
        "| yardstick, same run: plain PostgreSQL inserts of the same {pushed} row documents, {BATCH} per transaction, one connection | {:.1} s, {:.0} rows/s — push is {:.2}× of it |",
        plain_secs,
        pushed as f64 / plain_secs,
        plain_secs / push_secs
    );
    println!(
        "| yardstick, same run: raw SQLite inserts of the same rows (customers, documents, phones) into a fresh desk database with the same indexes, pages of 5,000 | {:.1} s, {:.0} rows/s — the desk's sync is {:.2}× of it |",
        raw_secs,
        local as f64 / raw_secs,
        raw_secs / pull_secs
    );
    println!("| of which: fetching pages (server, HTTP, JSON, parsing) / applying into SQLite, one after the other | {fetch:.1} s / {apply:.1} s (sync overlaps them) |");
    println!("| then: search index of the pulled customers built in batches of 5,000 | {index_secs:.1} s |");
}

/// The push's limit on this machine: the same row documents the server stored, inserted by
/// plain SQL into a table of the same shape and indexes, in transactions of the push's batch
/// size, from one connection (the server serialises one company's writers too).
fn plain_inserts(server: &TestServer) -> f64 {
    let mut c = server.pool.get().unwrap();
    c.batch_execute(
        "DROP TABLE IF EXISTS yard;
         DROP SEQUENCE IF EXISTS yard_seq;
         CREATE TABLE yard (LIKE rows INCLUDING ALL);
         CREATE SEQUENCE yard_seq;",
    )
    .unwrap();
    let rows: Vec<(uuid::Uuid, String, uuid::Uuid, Option<uuid::Uuid>, serde_json::Value)> = c
        .query(
            "SELECT org_id, entity, id, owner_id, doc FROM rows WHERE entity = 'customer' ORDER BY seq",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    let started = Instant::now();
    for chunk in rows.chunks(BATCH) {
        let mut tx = c.transaction().unwrap();
        let insert = tx
            .prepare(
                "INSERT INTO yard (org_id, entity, id, owner_id, doc, deleted, seq)
                 VALUES ($1, $2, $3, $4, $5, false, nextval('yard_seq'))",
            )
            .unwrap();
        for (org, entity, id, owner, doc) in chunk {
            tx.execute(&insert, &[org, entity, id, owner, doc]).unwrap();
        }
        tx.commit().unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    c.batch_execute("DROP TABLE yard; DROP SEQUENCE yard_seq")
        .unwrap();
    secs
}

/// The desk's limit on this machine: the customers a sync wrote (their rows, documents and
/// phones) inserted by plain SQL into a fresh desk database with the same schema and indexes,
/// in transactions of 5,000 rows.
fn raw_sqlite_copy(synced: &std::path::Path) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.db");
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    c.pragma_update(None, "cache_size", -65_536).unwrap();
    c.execute("ATTACH ?1 AS src", [synced.to_str().unwrap()])
        .unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM src.customers", [], |r| r.get(0))
        .unwrap();
    let started = Instant::now();
    let mut from = 0;
    while from < n {
        let tx = c.unchecked_transaction().unwrap();
        for table in ["customers", "customer_docs"] {
            tx.execute(
                &format!(
                    "INSERT INTO main.{table} SELECT * FROM src.{table} ORDER BY rowid LIMIT 5000 OFFSET ?1"
                ),
                [from],
            )
            .unwrap();
        }
        tx.execute(
            "INSERT OR IGNORE INTO main.customer_mobiles SELECT * FROM src.customer_mobiles
             WHERE customer_id IN (SELECT id FROM src.customers ORDER BY rowid LIMIT 5000 OFFSET ?1)",
            [from],
        )
        .unwrap();
        tx.commit().unwrap();
        from += 5000;
    }
    started.elapsed().as_secs_f64()
}
