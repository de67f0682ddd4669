//! Catalog, stock and quotes on a real SQLite file, through the same write path as the app.

mod common;

use common::{warehouse, TestDb};
use fairdesk_core::pricing::PriceSource;
use fairdesk_core::quote::{QuoteData, QuoteLine, QuoteStatus};
use fairdesk_core::stock::StockEntry;
use fairdesk_core::{Id, Lang, Mutation};
use fairdesk_store::queries::{catalog, quotes};
use fairdesk_store::{RemoteRow, Store, StoreError};
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn demo() -> (TestDb, Store) {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(30).unwrap();
    (db, store)
}

fn product(store: &Store, code: &str) -> fairdesk_core::catalog::Product {
    catalog::product_by_code(store.conn(), code)
        .unwrap()
        .expect(code)
}

fn first_customer(store: &Store) -> Id {
    let id: String = store
        .conn()
        .query_row("SELECT id FROM customers ORDER BY rid LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    id.parse().unwrap()
}

fn line(store: &Store, customer: Id, code: &str, qty: &str) -> QuoteLine {
    store.priced_line(customer, code, d(qty)).unwrap()
}

fn quote(store: &Store, customer: Id, lines: Vec<QuoteLine>) -> QuoteData {
    QuoteData {
        terms: "款到发货".into(),
        ..QuoteData::new(customer, store.today(), true, lines)
    }
}

fn counts(store: &Store) -> (i64, i64, i64, i64) {
    let c = |sql: &str| store.conn().query_row(sql, [], |r| r.get(0)).unwrap();
    (
        c("SELECT count(*) FROM quotes"),
        c("SELECT count(*) FROM outbox"),
        c("SELECT count(*) FROM audit_log"),
        c("SELECT coalesce(sum(next), 0) FROM doc_series"),
    )
}

#[test]
fn the_stock_cache_always_equals_the_ledger() {
    let (_db, mut store) = demo();
    let cup = product(&store, "BWB-500");
    let (east, south) = (warehouse(&store, "华东仓"), warehouse(&store, "华南仓"));
    for entry in [
        StockEntry::Receipt {
            product_id: cup.id,
            warehouse_id: south,
            qty: d("12"),
            note: "采购入库".into(),
        },
        StockEntry::Transfer {
            product_id: cup.id,
            from: east,
            to: south,
            qty: d("20"),
            note: String::new(),
        },
        StockEntry::Count {
            product_id: cup.id,
            warehouse_id: east,
            counted: d("28"),
            reason: "盘亏 2 个".into(),
        },
    ] {
        store
            .create_with(|id| Mutation::RecordStock { id, entry })
            .unwrap();
    }
    let stock = catalog::product_stock(store.conn(), cup.id).unwrap();
    let of = |name: &str| {
        let s = stock.iter().find(|s| s.warehouse.starts_with(name));
        s.unwrap().on_hand
    };
    assert_eq!(
        (of("华东仓"), of("华南仓"), of("华北仓")),
        (d("28"), d("32"), d("30"))
    );
    // Every cached level equals the sum of its ledger.
    let mut stmt = store
        .conn()
        .prepare("SELECT product_id, warehouse_id, on_hand_milli FROM stock_levels")
        .unwrap();
    let levels: Vec<(String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(levels.len() >= 45);
    for (p, w, cached) in levels {
        let sum =
            catalog::ledger_sum(store.conn(), p.parse().unwrap(), w.parse().unwrap()).unwrap();
        assert_eq!(Decimal::new(cached, 3), sum);
    }
    // The history shows what happened, newest first, with reasons.
    let history = catalog::moves(store.conn(), cup.id, 10).unwrap();
    assert_eq!(history.len(), 3 + 2 + 1 + 1);
    assert!(history
        .iter()
        .any(|m| m.note == "盘亏 2 个" && m.qty == d("-2")));
}

#[test]
fn a_pulled_move_counts_once_and_a_recomputed_count_moves_the_difference() {
    let (_db, mut store) = demo();
    let cup = product(&store, "BWB-500");
    let east = warehouse(&store, "华东仓");
    let id = store
        .create_with(|id| Mutation::RecordStock {
            id,
            entry: StockEntry::Count {
                product_id: cup.id,
                warehouse_id: east,
                counted: d("45"),
                reason: "盘点".into(),
            },
        })
        .unwrap();
    let doc: String = store
        .conn()
        .query_row(
            "SELECT doc FROM stock_moves WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let page = |doc: &serde_json::Value| {
        vec![RemoteRow {
            entity: "stock_move".into(),
            id,
            doc: Some(serde_json::value::to_raw_value(doc).unwrap()),
        }]
    };
    // The same move again (a replayed page): nothing changes.
    store.apply_remote_page(&page(&doc), 1).unwrap();
    store.apply_remote_page(&page(&doc), 1).unwrap();
    let on_hand = |s: &Store| catalog::product_stock(s.conn(), cup.id).unwrap()[0].on_hand;
    assert_eq!(on_hand(&store), d("45"));
    // The server counted against a ledger that had 3 more: its move is −8, not −5.
    doc["qty"] = serde_json::json!("-8");
    store.apply_remote_page(&page(&doc), 2).unwrap();
    assert_eq!(on_hand(&store), d("42"));
    assert_eq!(
        catalog::ledger_sum(store.conn(), cup.id, east).unwrap(),
        d("42")
    );
}

#[test]
fn products_are_found_by_sku_barcode_name_and_initials() {
    let (_db, store) = demo();
    let skus = |q: &str| -> Vec<String> {
        catalog::search_products(store.conn(), q, false, 20)
            .unwrap()
            .into_iter()
            .map(|p| p.data.sku)
            .collect()
    };
    assert_eq!(skus("BWB-500")[0], "BWB-500");
    assert_eq!(skus("bxgbwb"), vec!["BWB-350", "BWB-500"]);
    assert_eq!(skus("保温壶"), vec!["BWH-1L"]);
    let barcode = product(&store, "YDP-20K").data.barcode;
    assert_eq!(skus(&barcode), vec!["YDP-20K"]);
    assert_eq!(
        product(&store, &barcode).data.sku,
        "YDP-20K",
        "a scanned barcode is a code"
    );
    assert!(skus("不存在的东西").is_empty());
}

#[test]
fn line_info_prices_by_policy_and_shows_stock_and_the_last_price() {
    let (_db, mut store) = demo();
    let customer = first_customer(&store);
    let bottle = product(&store, "BWH-1L");
    // The demo gives the first customer a contract price on the bottle.
    let info = store.line_info(customer, bottle.id, d("1")).unwrap();
    assert_eq!(
        (info.priced.unit_price, info.priced.source.label(Lang::Zh)),
        (d("79"), "合同价".to_string())
    );
    // 100 of the 350 ml cups reach the tier.
    let cup350 = product(&store, "BWB-350");
    let info = store.line_info(customer, cup350.id, d("100")).unwrap();
    assert_eq!(
        (info.priced.unit_price, info.priced.source.label(Lang::Zh)),
        (d("35"), "阶梯价 ≥100".to_string())
    );
    // Stock per warehouse.
    let cup = product(&store, "BWB-500");
    let info = store.line_info(customer, cup.id, d("60")).unwrap();
    // Warehouses are shown with their city.
    let east = info
        .stock
        .iter()
        .find(|s| s.warehouse == "华东仓（上海）")
        .unwrap();
    assert_eq!((east.on_hand, east.available), (d("50"), d("50")));
    assert_eq!(info.last_price, None);
    // After a sent quote, its price is the customer's last price.
    store
        .set_current_user(store.current_actor().unwrap().user_id)
        .unwrap();
    let mut l = line(&store, customer, "BWB-500", "10");
    l.unit_price = d("44");
    l.source = PriceSource::Manual {
        reason: "老客户".into(),
    };
    let (id, number) = store
        .create_quote(quote(&store, customer, vec![l]))
        .unwrap();
    assert!(number.starts_with("QT-"), "{number}");
    store
        .submit(Mutation::SetQuoteStatus {
            id,
            to: QuoteStatus::Sent,
        })
        .unwrap();
    let info = store.line_info(customer, cup.id, d("1")).unwrap();
    assert_eq!(info.last_price, Some((d("44"), store.today())));
}

#[test]
fn versions_are_listed_together_and_compared() {
    let (_db, mut store) = demo();
    let customer = first_customer(&store);
    let lines = vec![
        line(&store, customer, "BWB-500", "60"),
        line(&store, customer, "QMB-05", "200"),
    ];
    let (v1, _) = store.create_quote(quote(&store, customer, lines)).unwrap();
    let v2 = store
        .create_with(|id| Mutation::NewQuoteVersion { id, from: v1 })
        .unwrap();
    // v2: fewer cups, no pens, a thermos instead.
    let mut data = quotes::get(store.conn(), v2).unwrap().unwrap().data;
    data.lines[0].qty = d("50");
    data.lines[1] = line(&store, customer, "BWH-1L", "5");
    store
        .submit(Mutation::SaveQuote {
            id: v2,
            number: String::new(),
            data,
        })
        .unwrap();
    let view = store.quote_view(v2).unwrap();
    assert_eq!(
        view.versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(
        view.quote.display_number(),
        format!("{} v2", view.versions[0].number)
    );
    let cmp = store.compare_versions(view.quote.need_id, &[]).unwrap();
    assert_eq!(cmp.versions, vec![1, 2]);
    let row = |sku: &str| cmp.rows.iter().find(|r| r.sku == sku).unwrap();
    assert!(row("BWB-500").differs);
    assert!(row("QMB-05").cells[1].is_none() && row("BWH-1L").cells[0].is_none());
    assert!(cmp.totals_differ);
}

#[test]
fn a_bad_quote_stores_nothing_and_consumes_no_number() {
    let (_db, mut store) = demo();
    let customer = first_customer(&store);
    let before = counts(&store);
    let mut zero = line(&store, customer, "BWB-500", "1");
    zero.qty = d("0");
    let mut unknown = line(&store, customer, "BWB-500", "1");
    unknown.product_id = Id::NIL;
    for bad in [zero, unknown] {
        let err = store
            .create_quote(quote(&store, customer, vec![bad]))
            .unwrap_err();
        assert!(matches!(err, StoreError::Domain(_)), "{err:?}");
    }
    assert_eq!(counts(&store), before);
    // Sending a quote with a discount beyond the floor, without approval, changes nothing.
    let rep = store
        .conn()
        .query_row(
            "SELECT owner_id FROM customers WHERE id = ?1",
            [customer.to_string()],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    store.set_current_user(rep.parse().unwrap()).unwrap();
    let mut cheap = line(&store, customer, "BWB-500", "10");
    cheap.unit_price = d("30");
    cheap.source = PriceSource::Manual {
        reason: "清库存".into(),
    };
    let (id, _) = store
        .create_quote(quote(&store, customer, vec![cheap]))
        .unwrap();
    let before = counts(&store);
    let err = store
        .submit(Mutation::SetQuoteStatus {
            id,
            to: QuoteStatus::Sent,
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("approval") || matches!(err, StoreError::Domain(_)),
        "{err}"
    );
    assert_eq!(counts(&store), before);
    assert_eq!(
        quotes::get(store.conn(), id).unwrap().unwrap().status,
        QuoteStatus::Draft
    );
}

#[test]
fn orders_hold_stock_and_low_products_are_listed_with_what_to_buy() {
    use fairdesk_core::order::{OrderAction, OrderData, OrderLine, PaymentTerms};
    let (_db, mut store) = demo();
    let customer = first_customer(&store);
    let cup = product(&store, "BWB-500");
    let east = warehouse(&store, "华东仓");
    let line = OrderLine {
        product_id: cup.id,
        sku: String::new(),
        name: String::new(),
        spec: String::new(),
        unit: String::new(),
        qty: d("45"),
        unit_price: d("45.5"),
        tax_rate: d("13"),
        warehouse_id: east,
    };
    let data = OrderData {
        customer_id: customer,
        quote_id: None,
        address: String::new(),
        province: String::new(),
        city: String::new(),
        terms: PaymentTerms::Net { days: 30 },
        expected_ship: None,
        tax_inclusive: true,
        lines: vec![line.clone(), line],
        notes: String::new(),
        warehouse_reason: String::new(),
    };
    let (id, number) = store.create_order(data).unwrap();
    assert!(number.starts_with("SO-"), "{number}");
    assert!(
        catalog::below_safety(store.conn()).unwrap().is_empty(),
        "80 available, safety 20"
    );
    store
        .submit(Mutation::OrderAct {
            id,
            action: OrderAction::Submit,
            reason: String::new(),
        })
        .unwrap();
    // Two lines of 45 from a warehouse with 50: 45 held, then 5 held and 40 short.
    let o = fairdesk_store::queries::orders::get(store.conn(), id)
        .unwrap()
        .unwrap();
    assert_eq!(
        o.stock
            .iter()
            .map(|s| (s.reserved, s.short))
            .collect::<Vec<_>>(),
        vec![(d("45"), d("0")), (d("5"), d("40"))]
    );
    let held = fairdesk_store::queries::orders::holders(store.conn(), cup.id, east).unwrap();
    assert_eq!(
        held,
        vec![(number.clone(), d("45")), (number.clone(), d("5"))]
    );
    // All warehouses together: 80 on hand, 50 held → 30 available, above 20. A stock-take of
    // 华北仓 down to 10 leaves 10 available: buy 30 to get back to twice the safety stock.
    let north = warehouse(&store, "华北仓");
    store
        .create_with(|id| Mutation::RecordStock {
            id,
            entry: StockEntry::Count {
                product_id: cup.id,
                warehouse_id: north,
                counted: d("10"),
                reason: "破损".into(),
            },
        })
        .unwrap();
    let alerts = catalog::below_safety(store.conn()).unwrap();
    let a = alerts
        .iter()
        .find(|a| a.sku == "BWB-500")
        .expect("BWB-500 is low");
    assert_eq!(
        (a.available, a.safety_stock, a.suggested),
        (d("10"), d("20"), d("30"))
    );
    // Cancelling releases the hold: nothing is low any more, nobody holds the cups.
    store
        .submit(Mutation::OrderAct {
            id,
            action: OrderAction::Cancel,
            reason: String::new(),
        })
        .unwrap();
    assert!(catalog::below_safety(store.conn())
        .unwrap()
        .iter()
        .all(|a| a.sku != "BWB-500"));
    assert!(
        fairdesk_store::queries::orders::holders(store.conn(), cup.id, east)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn admins_search_the_audit_log_and_others_may_not() {
    let (_db, mut store) = demo();
    let cup = product(&store, "BWB-500");
    let mut data = cup.data.clone();
    data.list_price = d("48");
    store
        .submit(Mutation::UpdateProduct {
            id: cup.id,
            data,
            changed: vec!["list_price".into()],
        })
        .unwrap();
    let admin = store.current_actor().unwrap();
    let hits =
        fairdesk_store::queries::audit::search(store.conn(), &admin, "list_price", 50).unwrap();
    let hit = hits
        .iter()
        .find(|h| h.entity_id == cup.id)
        .expect("the price change is found");
    assert_eq!(
        (
            hit.entity.as_str(),
            hit.action.as_str(),
            hit.user_name.as_str()
        ),
        ("product", "update", "管理员")
    );
    let change = &hit.changes[0];
    assert_eq!(
        (change.before.as_str(), change.after.as_str()),
        (Some("45.50"), Some("48"))
    );
    let mut rep = admin.clone();
    rep.role = fairdesk_core::Role::Rep;
    assert!(fairdesk_store::queries::audit::search(store.conn(), &rep, "", 50).is_err());
}
