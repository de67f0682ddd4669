//! Orders entered directly on a real SQLite file: the customer's delivery addresses, lines
//! priced like a quote, warehouses suggested for the address (and anew when it changes),
//! bad edits refused with nothing changed, the history field by field, and open receivables
//! in the credit check.

mod common;

use common::{warehouse, TestDb};
use fairdesk_core::customer::{CustomerForm, ShipTo};
use fairdesk_core::order::{OrderAction, OrderStatus};
use fairdesk_core::{Id, Money, Mutation};
use fairdesk_store::queries::{catalog, customers, orders};
use fairdesk_store::Store;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A demo customer registered in 北京 that also takes deliveries at a plant in 上海, with a
/// credit limit of ¥1,500.
fn customer_in_beijing(store: &mut Store) -> Id {
    let id: String = store
        .conn()
        .query_row("SELECT id FROM customers ORDER BY rid LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let id: Id = id.parse().unwrap();
    let c = customers::get(store.conn(), id).unwrap().unwrap();
    let mut form = CustomerForm::from_data(&c.data);
    form.province = "北京".into();
    form.city = "北京".into();
    form.address = "朝阳区建国路 88 号".into();
    form.credit_limit = "1500".into();
    form.ship_to = vec![ShipTo {
        label: "上海工厂".into(),
        province: "上海".into(),
        city: "上海".into(),
        address: "松江区九亭镇涞亭路 8 号".into(),
        contact: "周强".into(),
        phone: "13912345678".into(),
    }];
    store.update_customer(id, &form).unwrap();
    id
}

fn order(store: &Store, id: Id) -> fairdesk_core::order::Order {
    orders::get(store.conn(), id).unwrap().unwrap()
}

#[test]
fn a_direct_order_ships_from_the_warehouse_nearest_its_address() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(30).unwrap();
    let customer = customer_in_beijing(&mut store);
    let (north, east) = (warehouse(&store, "华北仓"), warehouse(&store, "华东仓"));

    let data = store.order_for_customer(customer).unwrap();
    assert_eq!(data.province, "北京");
    assert!(
        data.address.starts_with("北京朝阳区建国路 88 号"),
        "{}",
        data.address
    );
    let (id, number) = store.create_order(data).unwrap();
    assert!(number.starts_with("SO-"));

    // With no lines yet there is no warehouse to explain, whichever address is chosen.
    store.order_set_address(id, 1).unwrap();
    assert_eq!(order(&store, id).data.city, "上海");
    assert_eq!(order(&store, id).data.warehouse_reason, "");
    store.order_set_address(id, 0).unwrap();

    // 20 cups: 华北仓 (30 of them) is in the same city.
    store.order_add_line(id, "BWB-500", d("20")).unwrap();
    let o = order(&store, id);
    let cup = catalog::product_by_code(store.conn(), "BWB-500")
        .unwrap()
        .unwrap();
    let priced = store.line_info(customer, cup.id, d("20")).unwrap();
    assert_eq!(o.data.lines.len(), 1);
    assert_eq!(o.data.lines[0].warehouse_id, north);
    assert_eq!(
        o.data.lines[0].unit_price,
        priced.priced.unit_price.round_dp(4)
    );
    assert_eq!(o.data.lines[0].sku, "BWB-500");

    // Unknown products, zero quantities and addresses the customer doesn't have are refused,
    // and the draft stays as it was.
    assert!(store.order_add_line(id, "NO-SUCH-SKU", d("1")).is_err());
    assert!(store.order_add_line(id, "BWB-500", d("0")).is_err());
    assert!(store.order_set_address(id, 7).is_err());
    let mut bad = o.data.clone();
    bad.lines[0].qty = d("-3");
    assert!(store.save_order(id, bad).is_err());
    assert_eq!(order(&store, id), o);

    // To the plant in 上海: 华东仓 is nearest and has the cups; the order says why.
    store.order_set_address(id, 1).unwrap();
    let o = order(&store, id);
    assert_eq!(o.data.city, "上海");
    assert_eq!(
        o.data.address,
        "上海松江区九亭镇涞亭路 8 号（周强 13912345678）"
    );
    assert_eq!(o.data.lines[0].warehouse_id, east);
    assert_eq!(o.data.warehouse_reason, "华东仓：最近且有货");

    // The clerk moves the line back to 华北仓 by hand; the history shows each step.
    let mut data = o.data.clone();
    data.lines[0].warehouse_id = north;
    data.lines[0].qty = d("25");
    data.terms = fairdesk_core::order::PaymentTerms::Prepay { percent: 30 };
    store.save_order(id, data.clone()).unwrap();
    // The same data again is no edit at all.
    store.save_order(id, data).unwrap();
    let view = store.order_view(id).unwrap();
    assert_eq!(view.addresses.len(), 2);
    assert_eq!(view.stock[0].len(), 3, "every active warehouse is offered");
    // Newest first.
    let last = view.history.first().unwrap();
    let fields: Vec<String> = fairdesk_core::audit::expand(&last.changes)
        .into_iter()
        .map(|c| c.field)
        .collect();
    assert_eq!(fields, ["lines.0.qty", "lines.0.warehouse_id", "terms"]);
    // 预付 30%: the prepayment and the balance add up to the order, to the fen.
    let total = view.order.total();
    let labels: Vec<&str> = view.schedule.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["预付款", "尾款"]);
    let sum = view.schedule[0].amount.decimal() + view.schedule[1].amount.decimal();
    assert_eq!(sum, total.decimal());
    assert_eq!(
        view.schedule[0].amount,
        Money::round(total.decimal() * d("0.3"))
    );
    assert_eq!(
        view.history
            .iter()
            .map(|h| h.action.as_str())
            .collect::<Vec<_>>(),
        ["update", "update", "update", "update", "update", "create"]
    );
}

#[test]
fn approved_unpaid_orders_count_against_the_credit_limit() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(30).unwrap();
    let customer = customer_in_beijing(&mut store);
    let act = |store: &mut Store, id: Id, action: OrderAction| {
        store
            .submit(Mutation::OrderAct {
                id,
                action,
                reason: String::new(),
            })
            .unwrap();
    };
    let new_order = |store: &mut Store, qty: &str| {
        let data = store.order_for_customer(customer).unwrap();
        let (id, _) = store.create_order(data).unwrap();
        store.order_add_line(id, "BWB-500", d(qty)).unwrap();
        act(store, id, OrderAction::Submit);
        id
    };
    // Each order is under ¥1,500 on its own.
    let first = new_order(&mut store, "20");
    let total = order(&store, first).total();
    assert!(total < Money::from_fen(150_000), "{total}");
    assert!(!order(&store, first).over_credit);
    let second = new_order(&mut store, "10");
    assert!(
        !order(&store, second).over_credit,
        "the first is not approved yet"
    );

    // The demo desk is the administrator's: approving the first makes it owed.
    act(&mut store, first, OrderAction::Approve);
    assert_eq!(order(&store, first).status, OrderStatus::Approved);
    let third = new_order(&mut store, "25");
    let o = order(&store, third);
    assert!(o.total() < Money::from_fen(150_000), "{}", o.total());
    assert!(
        o.over_credit,
        "{total} owed + {} is above ¥1,500",
        o.total()
    );
    assert_eq!(o.credit.open, total);
    assert_eq!(o.credit.limit, Money::from_fen(150_000));
}
