//! `scripts/bench.sh initial [customers]`: the first sync of a whole company into a fresh
//! desk — DESIGN §9's set: 100,000 customers, 20,000 products, 200,000 orders with their lines
//! (1–3 each), their holds and their stock moves (opening stock, and shipments for the orders
//! that left) — end to end over loopback, beside raw SQLite inserting the same rows into the
//! same schema with the same indexes in the same run.
//!
//! The company is made on the server in bulk: one of each document goes through the real write
//! path (a desk makes it, the server applies the push), and the rest are copies of those
//! documents with their own ids, numbers, customers, products and quantities, stored as the
//! server stores rows (one change number each, owners as the push would set them).

use crate::now_ms;
use fairdesk_core::order::{
    reservation_id, LineStock, Order, OrderAction, OrderStatus, Reservation,
};
use fairdesk_core::shipping::{Carrier, DeliveryData};
use fairdesk_core::stock::{MoveKind, StockEntry, StockMove};
use fairdesk_core::{Id, Mutation};
use fairdesk_server::testing::{cup, cup_order, Pg, TestServer, PASSWORD};
use fairdesk_store::demo::customer_data;
use fairdesk_store::Store;
use fairdesk_sync::client::{connect, sync_once, SyncClient};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::time::Instant;

/// Rows per insert into the server's table while the company is made.
const CHUNK: usize = 5000;

pub fn run(customers: usize) {
    let products = (customers / 5).max(1);
    let orders = customers * 2;
    let server = TestServer::start_with(Pg::start_with(true));
    let made = Instant::now();
    let t = templates(&server);
    let mut out = Writer::new(&server);
    let mut rng = fastrand::Rng::with_seed(9);
    let today = t.today;
    let owners = t.owners.clone();

    // Customers, spread over the reps (and the boss).
    let mut customer_owner = Vec::with_capacity(customers);
    for n in 0..customers {
        let mut c = t.customer.clone();
        c.id = new_id();
        c.code = format!("KH-B1-{:07}", n + 1);
        c.data = customer_data(&mut rng, today, &[]);
        c.owner_id = owners[n % owners.len()];
        customer_owner.push((c.id, c.owner_id));
        out.row("customer", c.id, Some(c.owner_id), None, json(&c));
    }
    // Products, each with opening stock in both warehouses.
    let mut catalog = Vec::with_capacity(products);
    for n in 0..products {
        let mut p = t.product.clone();
        p.id = new_id();
        p.data.sku = format!("SKU-{:06}", n + 1);
        p.data.name = format!("商品{}", n + 1);
        catalog.push(p.id);
        out.row("product", p.id, None, None, json(&p));
        for wh in &t.warehouses {
            let mut m = t.opening.clone();
            m.id = new_id();
            m.entry_id = m.id;
            m.product_id = p.id;
            m.warehouse_id = *wh;
            m.qty = Decimal::from(1_000_000);
            out.row("stock_move", m.id, None, None, json(&m));
        }
    }
    // Orders: most shipped (their holds released, shipment moves out), the rest approved and
    // holding their goods.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for n in 0..orders {
        let (customer, owner) = customer_owner[rng.usize(..customers)];
        let shipped = rng.u8(..100) < 85;
        let mut o = if shipped {
            t.shipped.clone()
        } else {
            t.open.clone()
        };
        o.id = new_id();
        o.number = format!("SO-B1-{:07}", n + 1);
        o.data.customer_id = customer;
        let line = o.data.lines[0].clone();
        let lines = rng.usize(1..=3);
        o.data.lines = (0..lines)
            .map(|_| {
                let mut l = line.clone();
                l.product_id = catalog[rng.usize(..catalog.len())];
                l.warehouse_id = t.warehouses[rng.usize(..t.warehouses.len())];
                l.qty = Decimal::from(rng.u32(1..50));
                l
            })
            .collect();
        o.stock = o
            .data
            .lines
            .iter()
            .map(|l| LineStock {
                reserved: l.qty,
                short: Decimal::ZERO,
                quota: Decimal::ZERO,
                pending: Decimal::ZERO,
            })
            .collect();
        if shipped {
            o.shipped = o.data.lines.iter().map(|l| l.qty).collect();
        }
        out.row("order", o.id, Some(owner), Some(customer), json(&o));
        let delivery = new_id();
        for (i, l) in o.data.lines.iter().enumerate() {
            let hold = Reservation {
                id: reservation_id(o.id, i),
                order_id: o.id,
                product_id: l.product_id,
                warehouse_id: l.warehouse_id,
                qty: if shipped { Decimal::ZERO } else { l.qty },
                meta: t.hold_meta.clone(),
            };
            out.row(
                "reservation",
                hold.id,
                Some(owner),
                Some(customer),
                json(&hold),
            );
            if shipped {
                let mut m = t.shipment.clone();
                m.id = new_id();
                m.entry_id = delivery;
                m.product_id = l.product_id;
                m.warehouse_id = l.warehouse_id;
                m.qty = -l.qty;
                out.row("stock_move", m.id, None, None, json(&m));
            }
        }
        *counts
            .entry(if shipped { "shipped" } else { "open" })
            .or_default() += 1;
    }
    out.flush();
    let rows_made = out.written;
    {
        let mut c = server.pool.get().unwrap();
        c.batch_execute("CHECKPOINT").unwrap();
        c.batch_execute("VACUUM ANALYZE rows").unwrap();
    }
    let made_secs = made.elapsed().as_secs_f64();
    let mut by_entity: Vec<(String, i64)> = server
        .pool
        .get()
        .unwrap()
        .query(
            "SELECT entity, count(*) FROM rows GROUP BY entity ORDER BY count(*) DESC",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    by_entity.retain(|(_, n)| *n >= 10);

    // The first sync of a fresh desk, end to end.
    let dir = tempfile::tempdir().unwrap();
    let synced = dir.path().join("fresh.db");
    let mut store = Store::open(&synced).unwrap();
    let mut client = SyncClient::new(&server.base);
    connect(&mut store, &mut client, "demo", "boss", PASSWORD).unwrap();
    let started = Instant::now();
    let report = sync_once(&mut store, &client, |_| {}).unwrap();
    let pull_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    while !store.build_search_index(5000).unwrap() {}
    let index_secs = started.elapsed().as_secs_f64();

    // The same pages again, timed apart: fetching (server, HTTP, JSON, parsing) vs applying.
    let (fetch, apply) = fetch_then_apply(&client);
    let (raw_secs, raw_rows) = raw_sqlite_copy(&synced);

    println!("| measurement | result |");
    println!("|---|---|");
    println!(
        "| the company on the server: {} | {rows_made} rows made in {made_secs:.0} s ({} orders shipped, {} open) |",
        by_entity
            .iter()
            .map(|(e, n)| format!("{n} {e}"))
            .collect::<Vec<_>>()
            .join(", "),
        counts.get("shipped").unwrap_or(&0),
        counts.get("open").unwrap_or(&0),
    );
    println!(
        "| initial sync of a fresh desk, end to end (pull over loopback, parse, apply into SQLite) | {} rows in {pull_secs:.1} s, {:.0} rows/s |",
        report.pulled,
        report.pulled as f64 / pull_secs
    );
    println!(
        "| of which, one after the other: fetching pages (server, HTTP, JSON, parsing) / applying into SQLite | {fetch:.1} s / {apply:.1} s (the sync overlaps them) |"
    );
    println!(
        "| yardstick, same run: raw SQLite inserts of the same rows ({raw_rows} rows of every synced table, levels included) into a fresh desk database with the same schema and indexes, 5,000 per transaction | {raw_secs:.1} s — the desk's apply is {:.2}× of it, the whole sync {:.2}× |",
        raw_secs / apply,
        raw_secs / pull_secs
    );
    println!(
        "| then: search index of the pulled customers, built in batches of 5,000 | {index_secs:.1} s |"
    );
}

/// One of each document, made through the real write path: a desk creates them and pushes.
struct Templates {
    customer: fairdesk_core::customer::Customer,
    product: fairdesk_core::catalog::Product,
    open: Order,
    shipped: Order,
    hold_meta: fairdesk_core::mutation::RowMeta,
    opening: StockMove,
    shipment: StockMove,
    warehouses: Vec<Id>,
    owners: Vec<Id>,
    today: chrono::NaiveDate,
}

fn templates(server: &TestServer) -> Templates {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Store::open(&dir.path().join("maker.db")).unwrap();
    let mut client = SyncClient::new(&server.base);
    let boss = connect(&mut desk, &mut client, "demo", "boss", PASSWORD)
        .unwrap()
        .user
        .id;
    sync_once(&mut desk, &client, |_| {}).unwrap();
    let warehouses: Vec<Id> = ["华东仓", "华南仓"]
        .iter()
        .map(|name| {
            desk.create_with(|id| Mutation::SaveWarehouse {
                id,
                data: fairdesk_core::catalog::WarehouseData {
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
    let product = desk
        .create_with(|id| Mutation::CreateProduct {
            id,
            data: cup(None),
        })
        .unwrap();
    desk.create_with(|id| Mutation::RecordStock {
        id,
        entry: StockEntry::Opening {
            product_id: product,
            warehouse_id: warehouses[0],
            qty: Decimal::from(1000),
        },
    })
    .unwrap();
    let today = desk.today();
    let customer = desk
        .create_with(|id| Mutation::CreateCustomer {
            id,
            code: "KH-B0-0000001".into(),
            owner_id: boss,
            data: customer_data(&mut fastrand::Rng::with_seed(1), today, &[]),
        })
        .unwrap();
    let order = |desk: &mut Store| {
        let (id, _) = desk
            .create_order(cup_order(customer, product, warehouses[0], 5))
            .unwrap();
        for action in [OrderAction::Submit, OrderAction::Approve] {
            desk.submit(Mutation::OrderAct {
                id,
                action,
                reason: String::new(),
            })
            .unwrap();
        }
        id
    };
    let open = order(&mut desk);
    let shipped = order(&mut desk);
    desk.ship(DeliveryData::new(
        shipped,
        warehouses[0],
        Carrier::Shunfeng,
        [(0, Decimal::from(5))],
        ["SF1000000000001".to_string()],
    ))
    .unwrap();
    let report = sync_once(&mut desk, &client, |_| {}).unwrap();
    assert_eq!(
        report.rejected, 0,
        "the templates are accepted by the server"
    );

    let mut c = server.pool.get().unwrap();
    let mut c2 = server.pool.get().unwrap();
    let mut doc = |entity: &str, id: Id| -> serde_json::Value {
        c2.query_one(
            "SELECT doc FROM rows WHERE entity = $1 AND id = $2",
            &[&entity, &id.0],
        )
        .unwrap()
        .get(0)
    };
    let order_doc = |v: serde_json::Value| -> Order { serde_json::from_value(v).unwrap() };
    let shipped_order = order_doc(doc("order", shipped));
    assert_eq!(shipped_order.status, OrderStatus::Shipped);
    let hold: Reservation =
        serde_json::from_value(doc("reservation", reservation_id(open, 0))).unwrap();
    let moves: Vec<StockMove> = c
        .query(
            "SELECT doc FROM rows WHERE entity = 'stock_move' ORDER BY seq",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| serde_json::from_value(r.get(0)).unwrap())
        .collect();
    let kind = |k: MoveKind| moves.iter().find(|m| m.kind == k).unwrap().clone();
    let owners: Vec<Id> = c
        .query(
            "SELECT id FROM rows WHERE entity = 'user' AND doc->>'role' IN ('rep', 'admin') ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| Id(r.get(0)))
        .collect();
    Templates {
        customer: serde_json::from_value(doc("customer", customer)).unwrap(),
        product: serde_json::from_value(doc("product", product)).unwrap(),
        open: order_doc(doc("order", open)),
        shipped: shipped_order,
        hold_meta: hold.meta,
        opening: kind(MoveKind::Opening),
        shipment: kind(MoveKind::Shipment),
        warehouses,
        owners,
        today,
    }
}

fn new_id() -> Id {
    fairdesk_store::new_id(now_ms())
}

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap()
}

/// Rows stored as the server stores them: the next change numbers of the company, in chunks.
struct Writer<'a> {
    server: &'a TestServer,
    org: uuid::Uuid,
    entity: Vec<&'static str>,
    id: Vec<uuid::Uuid>,
    owner: Vec<Option<uuid::Uuid>>,
    parent: Vec<Option<uuid::Uuid>>,
    doc: Vec<String>,
    written: usize,
}

impl<'a> Writer<'a> {
    fn new(server: &'a TestServer) -> Writer<'a> {
        let org = server
            .pool
            .get()
            .unwrap()
            .query_one("SELECT id FROM orgs WHERE slug = 'demo'", &[])
            .unwrap()
            .get(0);
        Writer {
            server,
            org,
            entity: Vec::new(),
            id: Vec::new(),
            owner: Vec::new(),
            parent: Vec::new(),
            doc: Vec::new(),
            written: 0,
        }
    }

    fn row(
        &mut self,
        entity: &'static str,
        id: Id,
        owner: Option<Id>,
        parent: Option<Id>,
        doc: String,
    ) {
        self.entity.push(entity);
        self.id.push(id.0);
        self.owner.push(owner.map(|o| o.0));
        self.parent.push(parent.map(|p| p.0));
        self.doc.push(doc);
        if self.id.len() == CHUNK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.id.is_empty() {
            return;
        }
        let n = self.id.len() as i64;
        let mut c = self.server.pool.get().unwrap();
        c.execute(
            "WITH s AS (UPDATE orgs SET seq = seq + $7 WHERE id = $1 RETURNING seq - $7 AS base)
             INSERT INTO rows (org_id, entity, id, owner_id, parent_id, doc, deleted, seq)
             SELECT $1, r.entity, r.id, r.owner, r.parent, r.doc::jsonb, false, s.base + r.n
             FROM s, unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[])
                  WITH ORDINALITY AS r (entity, id, owner, parent, doc, n)",
            &[
                &self.org,
                &self.entity,
                &self.id,
                &self.owner,
                &self.parent,
                &self.doc,
                &n,
            ],
        )
        .unwrap();
        self.written += self.id.len();
        self.entity.clear();
        self.id.clear();
        self.owner.clear();
        self.parent.clear();
        self.doc.clear();
    }
}

/// Pulls every page into another fresh desk, timing the fetch (with parsing) and the apply
/// apart.
pub fn fetch_then_apply(client: &SyncClient) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = Store::open(&dir.path().join("apply.db")).unwrap();
    let (mut fetch, mut apply) = (0.0, 0.0);
    let mut cursor = 0;
    loop {
        let t = Instant::now();
        let page = client
            .pull(cursor, fairdesk_sync::client::PULL_PAGE)
            .unwrap();
        let rows: Vec<fairdesk_store::RemoteRow> = page
            .changes
            .into_iter()
            .map(|c| fairdesk_store::RemoteRow {
                entity: c.entity,
                id: c.id,
                doc: c.doc,
            })
            .collect();
        let prepared = fairdesk_store::prepare_page(rows).unwrap();
        fetch += t.elapsed().as_secs_f64();
        let t = Instant::now();
        fresh.apply_prepared_page(&prepared, page.cursor).unwrap();
        apply += t.elapsed().as_secs_f64();
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    (fetch, apply)
}

/// Tables a sync does not write (this desk's own state) or writes later (the search index).
const NOT_SYNCED: &[&str] = &[
    "device",
    "local_settings",
    "outbox",
    "audit_log",
    "sync_conflicts",
    "sync_refetch",
    "schema_migrations",
];

/// The desk's limit on this machine: every row the sync wrote, in every synced table, inserted
/// by plain SQL into a fresh desk database with the same schema and indexes, 5,000 rows per
/// transaction. Returns (seconds, rows).
fn raw_sqlite_copy(synced: &std::path::Path) -> (f64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.db");
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    c.pragma_update(None, "cache_size", -65_536).unwrap();
    c.execute("ATTACH ?1 AS src", [synced.to_str().unwrap()])
        .unwrap();
    let tables: Vec<String> = c
        .prepare(
            "SELECT name FROM src.sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'customer_grams%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .filter(|t: &String| !NOT_SYNCED.contains(&t.as_str()))
        .collect();
    // Clear what a fresh desk database starts with, so the copy inserts every row.
    for t in &tables {
        c.execute(&format!("DELETE FROM main.{t}"), []).unwrap();
    }
    let mut rows = 0i64;
    let started = Instant::now();
    for t in &tables {
        // Tables keyed by their primary key (WITHOUT ROWID) go in key order, 5,000 at a time.
        let by_rowid = c
            .prepare(&format!("SELECT rowid FROM src.{t} LIMIT 1"))
            .is_ok();
        let n: i64 = c
            .query_row(&format!("SELECT count(*) FROM src.{t}"), [], |r| r.get(0))
            .unwrap();
        let (lo, hi): (i64, i64) = if by_rowid {
            c.query_row(
                &format!("SELECT coalesce(min(rowid), 0), coalesce(max(rowid), -1) FROM src.{t}"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        } else {
            (0, n - 1)
        };
        let sql = if by_rowid {
            format!(
                "INSERT INTO main.{t} SELECT * FROM src.{t} WHERE rowid >= ?1 AND rowid < ?1 + ?2"
            )
        } else {
            format!("INSERT INTO main.{t} SELECT * FROM src.{t} LIMIT ?2 OFFSET ?1")
        };
        let mut from = lo;
        while from <= hi {
            let tx = c.unchecked_transaction().unwrap();
            rows += tx.execute(&sql, [from, 5000]).unwrap() as i64;
            tx.commit().unwrap();
            from += 5000;
        }
    }
    (started.elapsed().as_secs_f64(), rows)
}
