//! `scripts/bench.sh tracking [parcels]`: the server's tracking round over many open parcels
//! against the stand-in 快递100 service on loopback, and what it does to pushes. A durable
//! throwaway PostgreSQL cluster and the server; `parcels` shipped deliveries (one parcel each,
//! every one with news to write). A desk pushes one mutation per request, first with no round
//! running, then while a round asks about every parcel and writes their news. Yardsticks from
//! the same cluster in the same run: a raw one-row insert and commit (what a push can't beat)
//! and the same number of raw one-row update transactions (what the round's writes can't beat).

use crate::now_ms;
use fairdesk_core::apply::Effect;
use fairdesk_core::hlc::Hlc;
use fairdesk_core::mutation::RowMeta;
use fairdesk_core::shipping::{Carrier, Delivery, DeliveryStatus, Parcel};
use fairdesk_core::{Actor, Envelope, Id, Mutation, SCHEMA_VERSION};
use fairdesk_server::testing::{FakeTracking, Pg, TestServer, PASSWORD};
use fairdesk_server::tracking::kuaidi100::Account;
use fairdesk_server::tracking::poller::{poll_once, GAP_MS};
use fairdesk_store::demo::customer_data;
use fairdesk_store::Store;
use fairdesk_sync::client::{connect, SyncClient};
use fairdesk_sync::{PushOutcome, PushRequest};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Pushes measured in each phase.
const PUSHES: usize = 300;

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// p50 and p95 in milliseconds.
fn spread(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (pct(&ms, 0.5), pct(&ms, 0.95))
}

struct Pusher {
    client: SyncClient,
    actor: Actor,
    seq: u64,
    rng: fastrand::Rng,
    today: chrono::NaiveDate,
}

impl Pusher {
    /// One create-customer mutation per request, `n` times; each request's time in ms.
    fn push(&mut self, n: usize, stop_early: Option<&AtomicBool>) -> Vec<f64> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            if stop_early.is_some_and(|s| s.load(Ordering::Relaxed)) {
                break;
            }
            self.seq += 1;
            let now = now_ms();
            let id = fairdesk_store::new_id(now);
            let env = Envelope {
                id,
                schema: SCHEMA_VERSION,
                device_seq: self.seq,
                actor: self.actor.clone(),
                hlc: Hlc {
                    ms: now as u64,
                    counter: self.seq as u32,
                    node: self.actor.device_id,
                },
                at_ms: now,
                mutation: Mutation::CreateCustomer {
                    id,
                    code: format!("KH-TB-{:06}", self.seq),
                    owner_id: self.actor.user_id,
                    data: customer_data(&mut self.rng, self.today, &[]),
                },
            };
            let t = Instant::now();
            let resp = self
                .client
                .push(&PushRequest {
                    device_id: self.actor.device_id,
                    mutations: vec![env],
                })
                .unwrap();
            out.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(resp.results[0].outcome, PushOutcome::Accepted);
        }
        out
    }
}

pub fn run(parcels: usize) {
    let server = TestServer::start_with(Pg::start_with(true));
    let fake = FakeTracking::start("C0FFEE00", "k-secret");
    let account = Account {
        url: fake.url.clone(),
        customer: fake.customer.clone(),
        key: "k-secret".into(),
    };

    // The desk that pushes, with one customer the deliveries belong to.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("desk.db")).unwrap();
    let mut client = SyncClient::new(&server.base);
    let login = connect(&mut store, &mut client, "demo", "boss", PASSWORD).unwrap();
    let actor = Actor {
        user_id: login.user.id,
        role: login.user.data.role,
        team: String::new(),
        device_id: store.device().id,
    };
    let mut pusher = Pusher {
        client,
        actor: actor.clone(),
        seq: 0,
        rng: fastrand::Rng::with_seed(11),
        today: store.today(),
    };
    pusher.push(1, None);
    let mut c = server.pool.get().unwrap();
    let org: uuid::Uuid = c
        .query_one("SELECT id FROM orgs WHERE slug = 'demo'", &[])
        .unwrap()
        .get(0);
    let customer: uuid::Uuid = c
        .query_one(
            "SELECT id FROM rows WHERE org_id = $1 AND entity = 'customer' LIMIT 1",
            &[&org],
        )
        .unwrap()
        .get(0);

    // The shipped deliveries, written as the server writes rows, 1,000 per transaction.
    let started = Instant::now();
    let meta = RowMeta::NONE;
    let numbers: Vec<String> = (0..parcels)
        .map(|i| format!("YT{:013}", 7_000_000_000_000u64 + i as u64))
        .collect();
    for chunk in numbers.chunks(1000) {
        let mut tx = c.transaction().unwrap();
        tx.execute(
            "SELECT 1 FROM orgs WHERE id = $1 FOR NO KEY UPDATE",
            &[&org],
        )
        .unwrap();
        let effects: Vec<Effect> = chunk
            .iter()
            .map(|no| {
                let id = fairdesk_store::new_id(now_ms());
                Effect::PutDelivery(Box::new(Delivery {
                    id,
                    number: format!("FH-TB-202612-{}", &no[8..]),
                    order_id: Id::NIL,
                    order_number: "SO-TB-202612-0001".into(),
                    customer_id: Id(customer),
                    warehouse_id: Id::NIL,
                    address: "上海市新华路67号".into(),
                    lines: Vec::new(),
                    carrier: Carrier::Yuantong,
                    parcels: vec![Parcel {
                        tracking_no: no.clone(),
                    }],
                    driver: String::new(),
                    plate: String::new(),
                    notes: String::new(),
                    status: DeliveryStatus::Shipped,
                    tracks: Vec::new(),
                    alert_notes: Vec::new(),
                    meta: meta.clone(),
                }))
            })
            .collect();
        fairdesk_server::push::write_server_effects(&mut tx, org, &effects).unwrap();
        tx.commit().unwrap();
    }
    // Every parcel has news: the round writes each one (the worst case for pushes).
    for no in &numbers {
        fake.set(
            no,
            None,
            0,
            &[
                (
                    "2026-12-03 08:30:00",
                    "【上海转运中心】已发出，下一站【杭州】",
                    "上海",
                ),
                ("2026-12-02 18:10:45", "【上海市】圆通速递 已揽收", "上海"),
            ],
        );
    }
    c.batch_execute("CHECKPOINT").unwrap();
    c.batch_execute("VACUUM ANALYZE rows").unwrap();
    let setup_secs = started.elapsed().as_secs_f64();

    // Yardsticks on the same cluster.
    c.batch_execute("CREATE TABLE bench_yard (id bigserial PRIMARY KEY, doc jsonb NOT NULL)")
        .unwrap();
    let mut raw_insert = Vec::new();
    for i in 0..PUSHES {
        let t = Instant::now();
        c.execute(
            "INSERT INTO bench_yard (doc) VALUES ($1)",
            &[&serde_json::json!({ "n": i, "name": "上海盛世照明实业有限公司" })],
        )
        .unwrap();
        raw_insert.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    c.batch_execute(&format!(
        "INSERT INTO bench_yard (doc) SELECT jsonb_build_object('n', g) FROM generate_series(1, {parcels}) g"
    ))
    .unwrap();
    let t = Instant::now();
    for i in 1..=parcels as i64 {
        c.execute(
            "UPDATE bench_yard SET doc = doc || '{\"state\": 0}' WHERE id = $1",
            &[&(i + PUSHES as i64)],
        )
        .unwrap();
    }
    let raw_updates_secs = t.elapsed().as_secs_f64();
    drop(c);

    // Pushes alone.
    let alone = spread(pusher.push(PUSHES, None));

    // Pushes during a round over every parcel.
    let done = AtomicBool::new(false);
    let http = reqwest::blocking::Client::new();
    let (round, round_secs, during) = std::thread::scope(|s| {
        let poller = s.spawn(|| {
            let t = Instant::now();
            let r = poll_once(
                &server.pool,
                &account,
                &http,
                now_ms(),
                GAP_MS,
                parcels as i64 + 1,
            )
            .unwrap();
            let secs = t.elapsed().as_secs_f64();
            done.store(true, Ordering::Relaxed);
            (r, secs)
        });
        // Let the round get going, then push throughout it (until it ends).
        std::thread::sleep(Duration::from_millis(200));
        let mut during = Vec::new();
        while !done.load(Ordering::Relaxed) {
            during.extend(pusher.push(PUSHES.min(50), Some(&done)));
        }
        let (r, secs) = poller.join().unwrap();
        (r, secs, during)
    });
    assert_eq!(round.asked, parcels, "{round:?}");
    assert_eq!(round.changed, parcels, "{round:?}");
    let with_round = spread(during.clone());
    let raw = spread(raw_insert);

    println!("setup: {parcels} shipped deliveries and their news in the stand-in service: {setup_secs:.1} s");
    println!("yardsticks: raw PostgreSQL one-row insert + commit p50 {:.2} ms / p95 {:.2} ms; {parcels} raw one-row update transactions {raw_updates_secs:.1} s", raw.0, raw.1);
    println!();
    println!("| measurement | p50 | p95 | ÷ yardstick |");
    println!("|---|---|---|---|");
    println!(
        "| push of one mutation, no tracking round ({PUSHES} pushes) | {:.2} ms | {:.2} ms | p95 {:.1}× raw insert |",
        alone.0, alone.1, alone.1 / raw.1
    );
    println!(
        "| push of one mutation during the round ({} pushes) | {:.2} ms | {:.2} ms | p95 {:.1}× raw insert |",
        during.len(),
        with_round.0,
        with_round.1,
        with_round.1 / raw.1
    );
    println!(
        "| tracking round: {parcels} parcels asked and their news written | {round_secs:.1} s ({:.0} parcels/s) | | {:.1}× the raw updates |",
        parcels as f64 / round_secs,
        round_secs / raw_updates_secs
    );
}
