//! The chaos harness (issue 14): the real server binary on real PostgreSQL, desks each with its
//! own SQLite file and sync engine, over real HTTP through a fault-injecting proxy that drops
//! requests, drops replies after the server committed, delays, cuts replies mid-body and
//! answers 502. On top: the server killed (SIGKILL) and restarted several times, PostgreSQL
//! restarted once, desks syncing in processes of their own killed mid-push or mid-pull.
//! Desks follow a random schedule: offline windows, customers created and edited (shared ones
//! too), orders on quota and beyond, approvals, quotas taken, returned and recalled, receipts
//! and transfers, reassignments. At the end, after everyone syncs until quiet: every desk equals
//! what the server says its user may see, row by row; every mutation has exactly one answer;
//! no document number twice; holds + quotas ≤ on hand at every step; every hold a desk made
//! from its quota was confirmed by the server.
//!
//! Deterministic from the printed seed (`FAIRDESK_CHAOS_SEED=<seed>` replays a schedule,
//! `=random` draws a new one; without it a fixed one; the timing of kills still varies). Size: `FAIRDESK_CHAOS_DESKS` × `FAIRDESK_CHAOS_STEPS` (8 ×
//! 300 in CI; `scripts/bench.sh chaos` runs the big one).

mod common;

use common::assert_converged_in;
use common::desks::{cup, cup_order};
use fairdesk_core::catalog::WarehouseData;
use fairdesk_core::customer::view::CustomerQuery;
use fairdesk_core::customer::{ContactForm, CustomerForm};
use fairdesk_core::order::{OrderAction, OrderQueue};
use fairdesk_core::quota::QuotaAsk;
use fairdesk_core::quote::QuoteStatus;
use fairdesk_core::shipping::{Carrier, DeliveryData};
use fairdesk_core::stock::StockEntry;
use fairdesk_core::{Id, Mutation, Role};
use fairdesk_server::testing::{
    cup_quote, seed_companies, FaultProxy, FaultRates, Pg, ServerProcess, PASSWORD,
};
use fairdesk_store::queries::{customers, orders, outbox};
use fairdesk_store::Store;
use fairdesk_sync::client::{connect, sync_once, SyncClient};
use rust_decimal::Decimal;
use std::time::{Duration, Instant};

struct Desk {
    login: &'static str,
    role: Role,
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: Store,
    client: SyncClient,
    token: String,
    /// Offline until this step.
    offline_until: usize,
    /// (order, what this desk held of its line from its quota), to check against the server.
    promised: Vec<(Id, Decimal)>,
    /// Quotes this desk made (the customer answers some of them later).
    quotes: Vec<Id>,
    /// What happened to this desk lately (acts and syncs), for a failure's message.
    log: std::collections::VecDeque<String>,
}

impl Desk {
    fn note(&mut self, event: String) {
        if self.log.len() == 12 {
            self.log.pop_front();
        }
        self.log.push_back(event);
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs as a desk process of its own when the harness starts it (a sync it may kill).
#[test]
#[ignore = "started by the chaos harness as a desk process"]
fn chaos_desk_process() {
    let (Ok(db), Ok(base), Ok(token)) = (
        std::env::var("CHAOS_DESK_DB"),
        std::env::var("CHAOS_BASE"),
        std::env::var("CHAOS_TOKEN"),
    ) else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&db)).unwrap();
    let client = SyncClient::new(&base).with_token(&token);
    let _ = sync_once(&mut store, &client, |_| {});
}

#[test]
fn chaos_many_desks_faults_kills_and_restarts() {
    let desks = env_or("FAIRDESK_CHAOS_DESKS", 8);
    let steps = env_or("FAIRDESK_CHAOS_STEPS", 300);
    run(desks, steps);
}

const LOGINS: [(&str, Role); 8] = [
    ("boss", Role::Admin),
    ("lina", Role::Rep),
    ("lina", Role::Rep),
    ("wangqiang", Role::Rep),
    ("zhangwei", Role::Manager),
    ("zhaomin", Role::Warehouse),
    ("sunli", Role::Finance),
    ("wangqiang", Role::Rep),
];

fn open_desk(base: &str, login: &'static str, role: Role) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fairdesk.db");
    let mut store = Store::open(&db).unwrap();
    let mut client = SyncClient::new(base);
    let token = connect(&mut store, &mut client, "demo", login, PASSWORD)
        .unwrap()
        .token;
    Desk {
        login,
        role,
        _dir: dir,
        db,
        store,
        client,
        token,
        offline_until: 0,
        promised: Vec::new(),
        quotes: Vec::new(),
        log: Default::default(),
    }
}

fn form(name: &str) -> CustomerForm {
    CustomerForm {
        name: name.into(),
        contacts: vec![ContactForm {
            name: "王伟".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn visible_customers(store: &Store) -> Vec<Id> {
    let actor = store.current_actor().unwrap();
    customers::list(
        store.conn(),
        &actor,
        &CustomerQuery {
            page_size: 200,
            ..Default::default()
        },
    )
    .map(|p| p.rows.into_iter().map(|r| r.id).collect())
    .unwrap_or_default()
}

/// One sync of a desk: in this process, or in a desk process of its own that is killed at a
/// random moment (mid-push or mid-pull) now and then. Failures are the network's: retried later.
/// True when it ran to the end here (the desk is then a server state plus its pending writes).
fn sync(d: &mut Desk, base: &str, rng: &mut fastrand::Rng, kills: &mut usize) -> bool {
    if rng.u8(..10) == 0 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "chaos_desk_process",
                "--ignored",
                "--test-threads",
                "1",
            ])
            .env("CHAOS_DESK_DB", &d.db)
            .env("CHAOS_BASE", base)
            .env("CHAOS_TOKEN", &d.token)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let before = d.store.sync_cursor().unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(0..150)));
        let mut killed = false;
        if child.try_wait().unwrap().is_none() {
            *kills += 1;
            killed = true;
            let _ = child.kill();
        }
        let _ = child.wait();
        let event = format!(
            "sync in a desk process{}: cursor {before} → {}, {} pending",
            if killed { ", killed" } else { "" },
            d.store.sync_cursor().unwrap(),
            outbox::pending_count(d.store.conn()).unwrap()
        );
        d.note(event);
        return false;
    }
    let before = d.store.sync_cursor().unwrap();
    let result = sync_once(&mut d.store, &d.client, |_| {});
    let event = format!(
        "sync {result:?}: cursor {before} → {}, {} pending",
        d.store.sync_cursor().unwrap(),
        outbox::pending_count(d.store.conn()).unwrap()
    );
    d.note(event);
    result.is_ok()
}

/// One random thing the desk's user does, as its role allows. Refusals on the desk are part
/// of the game (nothing is stored for them).
fn act(
    d: &mut Desk,
    rng: &mut fastrand::Rng,
    step: usize,
    catalog: &[(Id, Id)],
    devices: &[Id],
    base: &str,
    kills: &mut usize,
) {
    let (product, wh) = catalog[rng.usize(..catalog.len())];
    let mine = visible_customers(&d.store);
    let pick = |rng: &mut fastrand::Rng| (!mine.is_empty()).then(|| mine[rng.usize(..mine.len())]);
    match (d.role, rng.u8(..12)) {
        (Role::Rep, 0..=1) | (Role::Admin, 0) => {
            let name = format!("{}客户{step}", d.login);
            let _ = d.store.create_customer(&form(&name), None, true);
        }
        (Role::Rep | Role::Manager | Role::Admin, 2..=3) => {
            if let Some(c) = pick(rng) {
                if let Ok(Some(cur)) = customers::get(d.store.conn(), c) {
                    let mut f = CustomerForm::from_data(&cur.data);
                    f.notes = format!("第{step}步改过");
                    let _ = d.store.update_customer(c, &f);
                }
            }
        }
        (Role::Rep, 4..=7) | (Role::Manager, 4) => {
            if let Some(c) = pick(rng) {
                if let Ok((id, _)) = d
                    .store
                    .create_order(cup_order(c, product, wh, rng.i64(1..25)))
                {
                    let submitted = d.store.submit(Mutation::OrderAct {
                        id,
                        action: OrderAction::Submit,
                        reason: String::new(),
                    });
                    if submitted.is_ok() {
                        if let Ok(Some(o)) = orders::get(d.store.conn(), id) {
                            d.promised.push((id, o.stock[0].quota));
                        }
                    }
                }
            }
        }
        // 出差备货 happens online: the take and its answer in one go.
        (Role::Rep, 8) if d.offline_until <= step => {
            let _ = d.store.take_quota(vec![QuotaAsk {
                product_id: product,
                warehouse_id: wh,
                qty: Decimal::from(rng.u32(5..40)),
            }]);
            let _ = sync(d, base, rng, kills);
        }
        (Role::Rep, 9) => {
            let _ = d.store.return_quota(vec![]);
        }
        // A quote at list price, sent at once; or one of this desk's quotes answered by the
        // customer (refused on the desk when it is not sent, or no longer there).
        (Role::Rep, 10) => {
            if let Some(c) = pick(rng) {
                let today = d.store.today();
                if let Ok((id, _)) =
                    d.store
                        .create_quote(cup_quote(c, product, wh, rng.i64(1..30), today))
                {
                    let _ = d.store.submit(Mutation::SetQuoteStatus {
                        id,
                        to: QuoteStatus::Sent,
                    });
                    d.quotes.push(id);
                }
            }
        }
        (Role::Rep, 11) if !d.quotes.is_empty() => {
            let id = d.quotes[rng.usize(..d.quotes.len())];
            let to = if rng.bool() {
                QuoteStatus::Accepted
            } else {
                QuoteStatus::Rejected
            };
            let _ = d.store.submit(Mutation::SetQuoteStatus { id, to });
        }
        // The warehouse ships part of an approved order's line from its warehouse (two
        // warehouse desks may ship the same order at once; the server takes what is open).
        (Role::Warehouse, 0..=4) => {
            let actor = d.store.current_actor().unwrap();
            let to_ship =
                orders::list(d.store.conn(), &actor, OrderQueue::ToShip, 50).unwrap_or_default();
            if !to_ship.is_empty() {
                let row = &to_ship[rng.usize(..to_ship.len())];
                if let Ok(Some(o)) = orders::get(d.store.conn(), row.id) {
                    let open = o.open(0);
                    if open > Decimal::ZERO {
                        let qty = open.min(Decimal::from(rng.u32(1..15)));
                        let _ = d.store.ship(DeliveryData::new(
                            o.id,
                            o.data.lines[0].warehouse_id,
                            Carrier::Shunfeng,
                            [(0, qty)],
                            [format!("SF{:013}", step * 100 + rng.usize(..100))],
                        ));
                    }
                }
            }
        }
        (Role::Manager | Role::Admin, 5..=6) => {
            let actor = d.store.current_actor().unwrap();
            if let Ok(rows) = orders::list(d.store.conn(), &actor, OrderQueue::ToApprove, 20) {
                if let Some(o) = rows.first() {
                    let _ = d.store.submit(Mutation::OrderAct {
                        id: o.id,
                        action: OrderAction::Approve,
                        reason: String::new(),
                    });
                }
            }
        }
        (Role::Manager, 7) => {
            let device = devices[rng.usize(..devices.len())];
            let _ = d.store.recall_quota(device);
        }
        (Role::Admin, 7) => {
            // A customer changes hands (its old owner may be editing it offline).
            if let Some(c) = pick(rng) {
                let owner = if rng.bool() { "lina" } else { "wangqiang" };
                if let Some(user) = user_id(&d.store, owner) {
                    let _ = d.store.submit(Mutation::ReassignCustomer {
                        id: c,
                        to_owner: user,
                    });
                }
            }
        }
        (Role::Warehouse | Role::Admin, _) => {
            let entry = if rng.bool() || catalog.len() < 2 {
                StockEntry::Receipt {
                    product_id: product,
                    warehouse_id: wh,
                    qty: Decimal::from(rng.u32(1..20)),
                    note: String::new(),
                }
            } else {
                let other = catalog
                    .iter()
                    .find(|(p, w)| *p == product && *w != wh)
                    .map(|(_, w)| *w)
                    .unwrap_or(wh);
                StockEntry::Transfer {
                    product_id: product,
                    from: wh,
                    to: other,
                    qty: Decimal::from(rng.u32(1..10)),
                    note: String::new(),
                }
            };
            let _ = d
                .store
                .create_with(|id| Mutation::RecordStock { id, entry });
        }
        _ => {}
    }
}

fn user_id(store: &Store, login_name: &str) -> Option<Id> {
    let name = match login_name {
        "lina" => "李娜",
        _ => "王强",
    };
    store
        .conn()
        .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| {
            r.get::<_, String>(0)
        })
        .ok()
        .and_then(|s| s.parse().ok())
}

/// Product × warehouse pairs where holds + quotas exceed on hand, on the server.
fn breaches(pool: &fairdesk_server::Pool) -> Vec<String> {
    let mut c = pool.get().unwrap();
    c.query(
        "WITH k AS (
            SELECT doc->>'product_id' AS p, doc->>'warehouse_id' AS w, entity,
                   (doc->>'qty')::numeric AS q
            FROM rows WHERE entity IN ('stock_move', 'reservation', 'stock_quota'))
         SELECT p, w,
            coalesce(sum(q) FILTER (WHERE entity = 'stock_move'), 0)::text,
            coalesce(sum(q) FILTER (WHERE entity = 'reservation'), 0)::text,
            coalesce(sum(q) FILTER (WHERE entity = 'stock_quota'), 0)::text
         FROM k GROUP BY p, w
         HAVING coalesce(sum(q) FILTER (WHERE entity = 'reservation'), 0)
              + coalesce(sum(q) FILTER (WHERE entity = 'stock_quota'), 0)
              > coalesce(sum(q) FILTER (WHERE entity = 'stock_move'), 0)",
        &[],
    )
    .map(|rows| {
        rows.iter()
            .map(|r| {
                format!(
                    "{}/{}: on hand {}, held {}, quotas {}",
                    r.get::<_, String>(0),
                    r.get::<_, String>(1),
                    r.get::<_, String>(2),
                    r.get::<_, String>(3),
                    r.get::<_, String>(4)
                )
            })
            .collect()
    })
    .unwrap_or_default()
}

fn run(n_desks: usize, steps_per_desk: usize) {
    // A fixed schedule unless one is asked for (`FAIRDESK_CHAOS_SEED=random` draws one, as the
    // bench does): CI stays repeatable — a red run is a defect with its seed, never luck.
    let seed: u64 = match std::env::var("FAIRDESK_CHAOS_SEED").as_deref() {
        Ok("random") => fastrand::u64(..),
        Ok(s) => s.parse().expect("FAIRDESK_CHAOS_SEED: a number or random"),
        Err(_) => 4_426_721_636_979_926_517,
    };
    println!("FAIRDESK_CHAOS_SEED={seed} desks={n_desks} steps={steps_per_desk}");
    let started = Instant::now();
    let mut rng = fastrand::Rng::with_seed(seed);
    // Durable, as in production: a crash must not lose what the server acknowledged (with
    // synchronous_commit off it may, and this harness notices).
    let pg = Pg::start_with(true);
    let pool = fairdesk_server::db::serve_pool(&pg.url, 4).unwrap();
    seed_companies(&pool);
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_fairdesk-server"));
    let mut server = ServerProcess::start(bin, &pg.url);
    let proxy = FaultProxy::start(&server.base, seed);
    let mut desks: Vec<Desk> = (0..n_desks)
        .map(|i| {
            let (login, role) = LOGINS[i % LOGINS.len()];
            open_desk(&proxy.base, login, role)
        })
        .collect();
    let devices: Vec<Id> = desks
        .iter()
        .filter(|d| d.role == Role::Rep)
        .map(|d| d.store.device().id)
        .collect();

    // The boss's catalog: two warehouses, three products, 200 of each everywhere.
    let boss = &mut desks[0];
    let whs: Vec<Id> = ["华东仓", "华南仓"]
        .iter()
        .map(|name| {
            boss.store
                .create_with(|id| Mutation::SaveWarehouse {
                    id,
                    data: WarehouseData {
                        name: (*name).into(),
                        province: "上海".into(),
                        city: "上海".into(),
                        address: String::new(),
                        active: true,
                    },
                })
                .unwrap()
        })
        .collect();
    let mut catalog = Vec::new();
    for sku in ["BWB-500", "CH-01", "BZ-02"] {
        let p = boss
            .store
            .create_with(|id| Mutation::CreateProduct {
                id,
                data: fairdesk_core::catalog::ProductData {
                    sku: sku.into(),
                    ..cup(None)
                },
            })
            .unwrap();
        for wh in &whs {
            boss.store
                .create_with(|id| Mutation::RecordStock {
                    id,
                    entry: StockEntry::Opening {
                        product_id: p,
                        warehouse_id: *wh,
                        qty: Decimal::from(200),
                    },
                })
                .unwrap();
            catalog.push((p, *wh));
        }
    }
    for d in desks.iter_mut() {
        sync_once(&mut d.store, &d.client, |_| {}).unwrap();
    }
    for d in desks.iter_mut() {
        sync_once(&mut d.store, &d.client, |_| {}).unwrap();
    }

    proxy.set_rates(FaultRates {
        drop_request: 30,
        drop_reply: 40,
        cut_reply: 20,
        bad_gateway: 20,
        delay: 60,
    });
    let total = n_desks * steps_per_desk;
    let (mut kills, mut server_kills, mut pg_restarts) = (0usize, 0usize, 0usize);
    let mut violations = Vec::new();
    for step in 0..total {
        let k = rng.usize(..n_desks);
        // Offline windows: a desk leaves for a while (a fair, a train).
        if rng.u8(..40) == 0 {
            desks[k].offline_until = step + rng.usize(20..(total / 4).max(21));
        }
        let pending = outbox::pending_count(desks[k].store.conn()).unwrap();
        desks[k].note(format!("step {step}: acts ({pending} pending)"));
        act(
            &mut desks[k],
            &mut rng,
            step,
            &catalog,
            &devices,
            &proxy.base,
            &mut kills,
        );
        if desks[k].offline_until <= step && rng.u8(..4) == 0 {
            let whole = sync(&mut desks[k], &proxy.base, &mut rng, &mut kills);
            violations.extend(breaches(&pool));
            if whole {
                check_desk(&pool, &desks[k], step, seed);
            }
        }
        // The server dies (SIGKILL) a few times, PostgreSQL once.
        if step > 0 && step % (total / 5).max(1) == 0 {
            server.restart();
            server_kills += 1;
        }
        if step == total / 2 {
            pg.restart();
            pg_restarts += 1;
        }
    }

    // Quiet: no faults, everyone online, sync until nothing is pending anywhere.
    proxy.set_rates(FaultRates::default());
    let quiet = Instant::now();
    for round in 0.. {
        let mut pending = 0;
        for d in desks.iter_mut() {
            sync_once(&mut d.store, &d.client, |_| {})
                .unwrap_or_else(|e| panic!("seed {seed}: {} can't sync: {e}", d.login));
            pending += outbox::pending_count(d.store.conn()).unwrap();
        }
        if pending == 0 && round >= 1 {
            break;
        }
        assert!(
            round < 20,
            "seed {seed}: still {pending} pending after 20 rounds"
        );
    }
    for d in desks.iter_mut() {
        sync_once(&mut d.store, &d.client, |_| {}).unwrap();
    }
    let converged_in = quiet.elapsed();
    violations.extend(breaches(&pool));

    // Every desk equals what the server says its user may see, row by row.
    for (i, d) in desks.iter().enumerate() {
        assert_converged_in(
            &pool,
            &d.store,
            &format!("seed {seed}: desk {i} ({})", d.login),
        );
    }
    let mut c = pool.get().unwrap();
    // Each mutation of each desk has exactly one answer: every sequence number from 2 (the
    // first, the local administrator a fresh desk makes for itself, stays on it) to its last,
    // once.
    let mut mutations = 0i64;
    for (i, d) in desks.iter().enumerate() {
        let made: i64 = d
            .store
            .conn()
            .query_row("SELECT next_seq - 1 FROM device", [], |r| r.get(0))
            .unwrap();
        let row = c
            .query_one(
                "SELECT count(*), count(DISTINCT device_seq), coalesce(min(device_seq), 2),
                        coalesce(max(device_seq), 1)
                 FROM mutations WHERE device_id = $1",
                &[&d.store.device().id.0],
            )
            .unwrap();
        let answered: (i64, i64, i64, i64) = (row.get(0), row.get(1), row.get(2), row.get(3));
        assert_eq!(
            answered,
            (made - 1, made - 1, 2, made),
            "seed {seed}: desk {i} made {made} mutations (answers, distinct, first, last)"
        );
        mutations += made - 1;
    }
    // No document number twice.
    let dup = c
        .query(
            "SELECT entity, coalesce(doc->>'number', doc->>'code') AS n, count(*) FROM rows
             WHERE entity IN ('customer', 'quote', 'order', 'delivery', 'invoice')
             GROUP BY 1, 2 HAVING count(*) > 1",
            &[],
        )
        .unwrap();
    assert!(
        dup.is_empty(),
        "seed {seed}: numbers issued twice: {}",
        dup.len()
    );
    // No order line shipped beyond what was ordered (two warehouse desks ship at once), and
    // every delivery's goods left the ledger once: its shipment moves sum to what it shipped.
    let over = c
        .query(
            "SELECT o.id FROM rows o, jsonb_array_elements_text(o.doc->'shipped')
                 WITH ORDINALITY AS s (qty, line)
             WHERE o.entity = 'order'
               AND s.qty::numeric > (o.doc->'lines'->(s.line::int - 1)->>'qty')::numeric",
            &[],
        )
        .unwrap();
    assert!(
        over.is_empty(),
        "seed {seed}: {} order lines shipped beyond ordered",
        over.len()
    );
    let count = |c: &mut postgres::Client, entity: &str| -> i64 {
        c.query_one("SELECT count(*) FROM rows WHERE entity = $1", &[&entity])
            .unwrap()
            .get(0)
    };
    let (quotes, deliveries) = (count(&mut c, "quote"), count(&mut c, "delivery"));
    let (shipped, moved): (String, String) = {
        let row = c
            .query_one(
                "SELECT
                   (SELECT coalesce(sum((l->>'qty')::numeric), 0) FROM rows d,
                           jsonb_array_elements(d.doc->'lines') l WHERE d.entity = 'delivery')::text,
                   (SELECT coalesce(-sum((doc->>'qty')::numeric), 0) FROM rows
                     WHERE entity = 'stock_move' AND doc->>'kind' = 'shipment')::text",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(
        shipped.parse::<Decimal>().unwrap(),
        moved.parse::<Decimal>().unwrap(),
        "seed {seed}: shipped by deliveries vs shipment moves"
    );
    // Holds + quotas never above on hand, at any step the harness looked or at the end.
    assert!(violations.is_empty(), "seed {seed}: {violations:?}");
    // Every hold a desk made from its quota, the server confirmed (the rest the desk flagged
    // 待确认: `quota::split_line`, property-tested in core).
    let mut promised = 0;
    for d in &desks {
        for (order, quota) in &d.promised {
            let row = c
                .query_opt(
                    "SELECT doc->'stock'->0->>'quota', jsonb_array_length(doc->'stock') FROM rows
                     WHERE entity = 'order' AND id = $1",
                    &[&order.0],
                )
                .unwrap();
            // An order (or its submit) refused with its customer — reassigned away meanwhile —
            // never held anything on the server.
            let Some(row) = row else { continue };
            if row.get::<_, Option<i32>>(1).unwrap_or(0) == 0 {
                continue;
            }
            let confirmed: Option<String> = row.get(0);
            let confirmed: Decimal = confirmed.map(|q| q.parse().unwrap()).unwrap_or_default();
            // What the desk held for sure from its quota, the server held from it too (it may
            // hold more: a grant the desk had not heard of yet when it sold).
            assert!(
                confirmed >= *quota,
                "seed {seed}: order {order} held {quota} from its desk's quota, the server {confirmed}"
            );
            promised += usize::from(*quota > Decimal::ZERO);
        }
    }
    let faults = proxy.counts();
    println!(
        "chaos: seed {seed}, {n_desks} desks, {mutations} mutations in {:.1} s; converged in {:.1} s; \
         faults {faults:?}; desk processes killed {kills}, server killed {server_kills}, \
         PostgreSQL restarted {pg_restarts}; {promised} orders held from a quota, all confirmed; \
         {quotes} quotes, {deliveries} deliveries; invariants held",
        started.elapsed().as_secs_f64(),
        converged_in.as_secs_f64()
    );
}

/// Named: a desk a week offline with 2,000 changes, then syncing — with progress shown, and
/// completing, every change applied once.
#[test]
fn a_desk_a_week_offline_with_2000_changes_syncs_with_progress() {
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;
    let s = common::Server::start();
    let day = 86_400_000;
    let offset = Arc::new(AtomicI64::new(-7 * day));
    let o = offset.clone();
    let clock: fairdesk_store::Clock =
        Box::new(move || common::now_ms() + o.load(Ordering::SeqCst));
    let mut lina = common::desks::desk_with_clock(&s, "lina", clock);
    let mut made = Vec::new();
    for i in 0..2000u32 {
        // A day passes every 300 changes.
        offset.store(-7 * day + i64::from(i / 300) * day, Ordering::SeqCst);
        if i % 4 == 0 || made.is_empty() {
            made.push(lina.create(&format!("出差客户{i}")));
        } else {
            let c = made[(i as usize * 7) % made.len()];
            lina.edit(c, |f| f.notes = format!("第{i}次拜访"));
        }
    }
    offset.store(0, Ordering::SeqCst);
    let pending = outbox::pending_count(lina.store.conn()).unwrap();
    assert_eq!(pending, 2000);
    let mut progress = Vec::new();
    let report = sync_once(&mut lina.store, &lina.client, |p| progress.push(p)).unwrap();
    assert_eq!((report.pushed, report.rejected), (2000, 0));
    let pushes: Vec<u64> = progress
        .iter()
        .filter_map(|p| match p {
            fairdesk_core::desk::SyncProgress::Push { sent, total } => {
                assert_eq!(*total, 2000);
                Some(*sent)
            }
            _ => None,
        })
        .collect();
    assert!(
        pushes.len() >= 4 && pushes.windows(2).all(|w| w[0] < w[1]),
        "{pushes:?}"
    );
    assert_eq!(pushes.last(), Some(&2000));
    lina.sync();
    common::assert_converged(&s, &lina.store, "lina");
    let customers: i64 = lina
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM customers WHERE deleted = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(customers as usize, made.len());
}

/// Named: a customer reassigned while its old owner edits it offline — the edit is refused
/// with a readable reason and the customer leaves that desk; its new owner has it.
#[test]
fn a_customer_reassigned_while_its_old_owner_edits_it_offline() {
    use common::desks::desk;
    let s = common::Server::start();
    let mut boss = desk(&s, "boss");
    let mut lina = desk(&s, "lina");
    let mut wang = desk(&s, "wangqiang");
    let c = lina.create("华东老客户有限公司");
    lina.sync();
    boss.sync();
    lina.edit(c, |f| f.notes = "展会上谈的新价格".into());
    let to = wang.store.server_user().unwrap().unwrap();
    boss.store
        .submit(Mutation::ReassignCustomer {
            id: c,
            to_owner: to,
        })
        .unwrap();
    boss.sync();
    assert_eq!(lina.sync().rejected, 1);
    let conflicts = lina.store.conflicts().unwrap();
    // 该客户已于 12-06 由 老板 转给 王强，您不能再修改它
    assert!(
        conflicts[0].reason.contains("转给 王强"),
        "{:?}",
        conflicts[0].reason
    );
    lina.sync();
    assert!(lina.customer(c).is_none());
    assert!(!lina.names().contains(&"华东老客户有限公司".to_string()));
    wang.sync();
    let theirs = wang.customer(c).expect("the new owner has it");
    assert_ne!(theirs.data.notes, "展会上谈的新价格");
    for (who, d) in [("boss", &boss), ("lina", &lina), ("wang", &wang)] {
        common::assert_converged(&s, &d.store, who);
    }
}

/// After a whole sync that left nothing pending, a rep's desk holds no customer that was already
/// someone else's at the desk's cursor (the end check would find it too, but only here does
/// the desk's recent history point at the sync that kept it).
fn check_desk(pool: &fairdesk_server::Pool, d: &Desk, step: usize, seed: u64) {
    if d.role != Role::Rep || outbox::pending_count(d.store.conn()).unwrap() > 0 {
        return;
    }
    let user = d.store.server_user().unwrap().unwrap();
    let cursor = d.store.sync_cursor().unwrap();
    let ids: Vec<uuid::Uuid> = d
        .store
        .conn()
        .prepare("SELECT id FROM customers")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap().parse().unwrap())
        .collect();
    let mut c = pool.get().unwrap();
    // Who owned each at the cursor: the owner before the first change of hands after it, or
    // the current one.
    let foreign = c
        .query(
            "SELECT r.id::text FROM rows r WHERE r.entity = 'customer' AND r.id = ANY($1)
               AND coalesce((SELECT o.owner_id FROM row_owners o
                             WHERE o.org_id = r.org_id AND o.entity = 'customer' AND o.id = r.id
                               AND o.until_seq > $2 ORDER BY o.until_seq LIMIT 1),
                            r.owner_id) IS DISTINCT FROM $3",
            &[&ids, &cursor, &user.0],
        )
        .unwrap();
    if let Some(row) = foreign.first() {
        panic!(
            "seed {seed}, step {step}: {} desk {} at cursor {cursor} holds customer {} that was \
             no longer theirs; its last events, newest first: {:#?}",
            d.login,
            d.store.device().id,
            row.get::<_, String>(0),
            d.log.iter().rev().collect::<Vec<_>>()
        );
    }
}
