//! `scripts/bench.sh sales [ledger_rows]`: pricing a 200-line quote, rendering a 20-line
//! quote PDF, the stock of a product across warehouses over a large ledger, and submitting a
//! 50-line order (reservations) with that ledger present.

use crate::{ms, percentile};
use fairdesk_core::pricing::{price, PriceFor};
use fairdesk_core::quote::{QuoteData, QuoteLine};
use fairdesk_core::Id;
use fairdesk_store::queries::catalog;
use fairdesk_store::Store;
use rusqlite::params;
use std::time::{Duration, Instant};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect()
}

fn row(name: &str, mut samples: Vec<Duration>, extra: &str) {
    let p50 = percentile(&mut samples, 0.5);
    let p95 = percentile(&mut samples, 0.95);
    println!("| {name} | {} | {} | {extra} |", ms(p50), ms(p95));
}

pub fn run(ledger_rows: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sales.db")).unwrap();
    store.seed_demo(200).unwrap();
    let conn = store.conn();
    let customer: Id = conn
        .query_row("SELECT id FROM customers ORDER BY rid LIMIT 1", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap()
        .parse()
        .unwrap();
    let mut products = catalog::search_products(conn, "", false, 500).unwrap();
    // The demo's 限购 product would refuse the generated quantities.
    products.retain(|p| p.data.limit.is_none());
    println!("| measurement | p50 | p95 | notes |\n|---|---|---|---|");

    // Pricing: 200 lines over the demo's products, with quantities crossing the tiers.
    let policy = store.pricing_policy().unwrap();
    let level = fairdesk_store::queries::customers::get(conn, customer)
        .unwrap()
        .unwrap()
        .data
        .level;
    let inputs: Vec<_> = (0..200)
        .map(|i| {
            let p = products[i % products.len()].clone();
            let cats = catalog::category_chain(conn, p.data.category_id).unwrap();
            let rules = catalog::rules_for(conn, p.id, &cats, customer).unwrap();
            (
                p,
                cats,
                rules,
                rust_decimal::Decimal::from(1 + (i * 37) % 700),
            )
        })
        .collect();
    let today = store.today();
    row(
        "price a 200-line quote (domain engine, rules loaded)",
        time(200, || {
            inputs
                .iter()
                .map(|(p, cats, rules, qty)| {
                    std::hint::black_box(price(
                        &policy,
                        std::hint::black_box(rules),
                        PriceFor {
                            product: p,
                            categories: cats,
                            customer_id: customer,
                            level,
                            qty: *qty,
                            date: today,
                        },
                    ))
                })
                .collect::<Vec<_>>()
        }),
        "",
    );
    row(
        "price a 200-line quote (store: rules, last price and stock per line)",
        time(20, || {
            inputs
                .iter()
                .map(|(p, _, _, qty)| store.line_info(customer, p.id, *qty).unwrap())
                .collect::<Vec<_>>()
        }),
        "what the entry screen asks per line",
    );

    // PDF: a 20-line quote saved through the write path, rendered with the bundled template.
    let lines: Vec<QuoteLine> = inputs
        .iter()
        .take(20)
        .map(|(p, _, _, qty)| {
            let info = store.line_info(customer, p.id, *qty).unwrap();
            QuoteLine {
                product_id: p.id,
                sku: p.data.sku.clone(),
                name: p.data.name.clone(),
                spec: p.data.spec.clone(),
                unit: p.data.unit.clone(),
                qty: *qty,
                warehouse_id: None,
                list_price: p.data.list_price,
                unit_price: info.priced.unit_price,
                segments: info.priced.segments,
                source: info.priced.source,
                tax_rate: p.data.tax_rate,
            }
        })
        .collect();
    let data = QuoteData {
        terms: "款到发货；运费由供方承担。".into(),
        ..QuoteData::new(customer, today, true, lines)
    };
    let (qid, _) = store.create_quote(data).unwrap();
    let conn = store.conn();
    let quote = fairdesk_store::queries::quotes::get(conn, qid)
        .unwrap()
        .unwrap();
    let cust = fairdesk_store::queries::customers::get(conn, customer)
        .unwrap()
        .unwrap();
    let company = store.company().unwrap();
    // Each render gets a different note: Typst memoises, and a desk never prints the same
    // quote twice in a row.
    let mut n = 0;
    let mut render = || {
        n += 1;
        let mut q = quote.clone();
        q.data.notes = format!("第 {n} 次打印");
        fairdesk_print::render_quote(&q, &company, &cust, "李娜", fairdesk_print::QUOTE_TEMPLATE)
            .unwrap()
    };
    let t = Instant::now();
    let first = render();
    let cold = t.elapsed();
    if let Ok(out) = std::env::var("FAIRDESK_BENCH_PDF") {
        std::fs::write(out, &first).unwrap();
    }
    row(
        "20-line quote PDF (Typst, subset Noto Sans SC)",
        time(30, &mut render),
        &format!(
            "{} KB; first render incl. font parsing {}",
            first.len() / 1024,
            ms(cold)
        ),
    );

    // Stock over a big ledger: moves spread over 2,000 products × 3 warehouses.
    let warehouses = catalog::warehouses(conn).unwrap();
    let t = Instant::now();
    let target = products[0].id;
    {
        let tx = store.conn().unchecked_transaction().unwrap();
        let mut ins = tx
            .prepare("INSERT INTO stock_moves (id, product_id, warehouse_id, qty_milli, kind, at, doc) VALUES (?1, ?2, ?3, ?4, 'receipt', ?5, '{}')")
            .unwrap();
        let mut rng = fastrand::Rng::with_seed(3);
        for i in 0..ledger_rows {
            // One product in a hundred moves is the measured one; the rest is noise.
            let product = if i % 100 == 0 {
                target.to_string()
            } else {
                format!("p-{}", rng.usize(0..2000))
            };
            let w = &warehouses[i % warehouses.len()].id;
            ins.execute(params![
                format!("m-{i}"),
                product,
                w.to_string(),
                rng.i64(-5000..20000),
                i as i64
            ])
            .unwrap();
        }
        drop(ins);
        tx.execute(
            "INSERT INTO stock_levels (product_id, warehouse_id, on_hand_milli)
             SELECT product_id, warehouse_id, sum(qty_milli) FROM stock_moves GROUP BY 1, 2
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand_milli = excluded.on_hand_milli",
            [],
        )
        .unwrap();
        tx.commit().unwrap();
    }
    let total: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM stock_moves", [], |r| r.get(0))
        .unwrap();
    let load = t.elapsed();
    let conn = store.conn();
    row(
        "stock of one product across warehouses (level cache)",
        time(500, || catalog::product_stock(conn, target).unwrap()),
        &format!(
            "{total} ledger rows (generated in {:.1} s)",
            load.as_secs_f64()
        ),
    );
    row(
        "same, summed from the ledger itself",
        time(100, || {
            warehouses
                .iter()
                .map(|w| catalog::ledger_sum(conn, target, w.id).unwrap())
                .collect::<Vec<_>>()
        }),
        &format!("{} moves of this product", total / 100),
    );
    submit_orders(&mut store, customer, &products, total);
    ship_orders(&mut store, customer, &products, total);
    label_pdfs();
}

/// Submitting a 50-line order: the domain reserves every line against the pool (levels incl.
/// what other orders hold), and the store writes the order, 50 holds, the level cache, the
/// audit entry and the outbox in one transaction. Only the submit is timed.
fn submit_orders(
    store: &mut Store,
    customer: Id,
    products: &[fairdesk_core::catalog::Product],
    ledger_rows: i64,
) {
    use fairdesk_core::order::{OrderAction, OrderData, PaymentTerms};
    use fairdesk_core::Mutation;
    let warehouses = catalog::warehouses(store.conn()).unwrap();
    let mut samples = Vec::new();
    for n in 0..200 {
        let lines = fifty_lines(products, n, |i| warehouses[i % warehouses.len()].id);
        let mut data = store.order_for_customer(customer).unwrap();
        data = OrderData {
            lines,
            terms: PaymentTerms::Net { days: 30 },
            ..data
        };
        let (id, _) = store.create_order(data).unwrap();
        let t = Instant::now();
        store
            .submit(Mutation::OrderAct {
                id,
                action: OrderAction::Submit,
                reason: String::new(),
            })
            .unwrap();
        samples.push(t.elapsed());
    }
    let holds: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM stock_reservations", [], |r| r.get(0))
        .unwrap();
    row(
        "submit a 50-line order (reserve every line)",
        samples,
        &format!("{ledger_rows} ledger rows, {holds} holds after 200 orders"),
    );
}

/// Confirming a 50-line delivery (出库) with that ledger: the domain checks every line against
/// the order (open, held) and the warehouse's on-hand, and the store writes the delivery, 50
/// ledger moves, 50 holds lowered, the levels, the order, audit and outbox in one transaction.
/// Only the confirmation is timed. Yardstick: raw SQLite writing the same 50 moves, 50 holds
/// and 50 levels in one transaction.
fn ship_orders(
    store: &mut Store,
    customer: Id,
    products: &[fairdesk_core::catalog::Product],
    ledger_rows: i64,
) {
    use fairdesk_core::order::{OrderAction, OrderData, PaymentTerms};
    use fairdesk_core::shipping::{Carrier, DeliveryData};
    use fairdesk_core::Mutation;
    let wh = catalog::warehouses(store.conn()).unwrap()[0].id;
    // Plenty of every product in the first warehouse, so no line is short.
    store
        .conn()
        .execute(
            "INSERT INTO stock_levels (product_id, warehouse_id, on_hand_milli)
             SELECT id, ?1, 100000000000 FROM products WHERE true
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand_milli = 100000000000",
            [wh.to_string()],
        )
        .unwrap();
    let act = |store: &mut Store, id: Id, action: OrderAction| {
        store
            .submit(Mutation::OrderAct {
                id,
                action,
                reason: String::new(),
            })
            .unwrap();
    };
    let mut samples = Vec::new();
    for n in 0..100 {
        let lines = fifty_lines(products, n, |_| wh);
        let data = OrderData {
            lines,
            terms: PaymentTerms::Net { days: 30 },
            ..store.order_for_customer(customer).unwrap()
        };
        let (id, _) = store.create_order(data).unwrap();
        act(store, id, OrderAction::Submit);
        act(store, id, OrderAction::Approve);
        let delivery = DeliveryData::new(
            id,
            wh,
            Carrier::Shunfeng,
            (0..50).map(|i| (i, rust_decimal::Decimal::from(1 + i % 3))),
            [format!("SF{:013}", 1_000_000 + n)],
        );
        let t = Instant::now();
        store.ship(delivery).unwrap();
        samples.push(t.elapsed());
    }
    row(
        "confirm a 50-line delivery (出库: holds, ledger moves, order)",
        samples,
        &format!("{ledger_rows} ledger rows before"),
    );
    // The yardstick: the same rows written by hand in one transaction.
    let conn = store.conn();
    let mut n = 0;
    row(
        "yardstick: raw SQLite, 50 moves + 50 holds + 50 levels in one transaction",
        time(100, || {
            n += 1;
            let tx = conn.unchecked_transaction().unwrap();
            for i in 0..50 {
                let p = products[i % products.len()].id.to_string();
                tx.execute(
                    "INSERT INTO stock_moves (id, product_id, warehouse_id, qty_milli, kind, at, doc)
                     VALUES (?1, ?2, ?3, -1000, 'shipment', ?4, '{}')",
                    params![format!("y-{n}-{i}"), p, wh.to_string(), n],
                )
                .unwrap();
                tx.execute(
                    "UPDATE stock_levels SET on_hand_milli = on_hand_milli - 1000
                     WHERE product_id = ?1 AND warehouse_id = ?2",
                    params![p, wh.to_string()],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO stock_reservations (id, order_id, product_id, warehouse_id, qty_milli, doc)
                     VALUES (?1, 'y', ?2, ?3, 0, '{}')
                     ON CONFLICT (id) DO UPDATE SET qty_milli = 0",
                    params![format!("y-{i}"), p, wh.to_string()],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        }),
        "",
    );
}

/// Labels of a 20-parcel delivery as one PDF (Code128 and QR drawn per parcel).
fn label_pdfs() {
    use fairdesk_print::{render_labels, LabelPrint, LabelSize, LABEL_TEMPLATE};
    let labels: Vec<LabelPrint> = (1..=20)
        .map(|i| LabelPrint {
            carrier: "顺丰速运".into(),
            tracking_no: format!("SF12345678901{i:02}"),
            sender: "杭州示范贸易有限公司".into(),
            sender_phone: "0571-88886666".into(),
            sender_address: "浙江省杭州市西湖区文三路 100 号".into(),
            receiver: "龚犇".into(),
            receiver_phone: "138****1234".into(),
            receiver_address: "重庆市渝中区解放碑 8 号".into(),
            order_number: "SO-K7-202612-0007".into(),
            delivery_number: "FH-K7-202612-0003".into(),
            parcel: i,
            parcels: 20,
            link: "https://fairdesk.example/track/demo?order=SO-K7-202612-0007".into(),
            ..Default::default()
        })
        .collect();
    let (mut size, mut run) = (0, 0);
    row(
        "labels of a 20-parcel delivery as one PDF (100×150 mm)",
        time(20, || {
            // Another delivery each time: Typst memoises identical documents.
            run += 1;
            let mut these = labels.clone();
            for l in &mut these {
                l.delivery_number = format!("FH-K7-202612-{run:04}");
            }
            size = render_labels(&these, LabelSize::Medium, LABEL_TEMPLATE)
                .unwrap()
                .len()
        }),
        &format!("{} KB", size / 1024),
    );
}

/// An order's 50 lines over the products from the `n`-th on, 1 to 3 of each, at list price.
fn fifty_lines(
    products: &[fairdesk_core::catalog::Product],
    n: usize,
    warehouse: impl Fn(usize) -> Id,
) -> Vec<fairdesk_core::order::OrderLine> {
    (0..50)
        .map(|i| {
            let p = &products[(n + i) % products.len()];
            fairdesk_core::order::OrderLine {
                product_id: p.id,
                sku: String::new(),
                name: String::new(),
                spec: String::new(),
                unit: String::new(),
                qty: rust_decimal::Decimal::from(1 + i % 3),
                unit_price: p.data.list_price,
                tax_rate: p.data.tax_rate,
                warehouse_id: warehouse(i),
            }
        })
        .collect()
}
