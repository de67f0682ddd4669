//! 应收 across desks, on real PostgreSQL, real SQLite files and real HTTP on loopback: a
//! 月结30天 order ships from the warehouse desk; finance records a part payment while offline;
//! after everyone syncs, the rep's desk and finance's report the same open amount and due date
//! (receivables are derived from the synced deliveries and payments, so nothing else has to
//! travel), and every desk equals the server row by row.

mod common;

use common::desks::{cup_in_stock, cup_order, desk, order_shipped};
use common::{assert_converged, Server};
use fairdesk_core::order::{OrderAction, PaymentTerms};
use fairdesk_core::receivables::{AgingBasis, PaymentData, PaymentMethod, DEFAULT_EDGES};
use fairdesk_core::shipping::{Carrier, DeliveryData};
use fairdesk_core::{Id, Money};
use fairdesk_store::Store;
use rust_decimal::Decimal;

/// (open, due) of the order's open receivables as the desk's report says today.
fn owed(store: &Store, order: Id) -> Vec<(Money, chrono::NaiveDate)> {
    let today = fairdesk_core::mutation::local_date(store.now_ms());
    store
        .receivables_report(today, AgingBasis::Due, &DEFAULT_EDGES)
        .unwrap()
        .open
        .into_iter()
        .filter(|l| l.item.receivable.order_id == order)
        .map(|l| (l.item.open, l.item.receivable.due))
        .collect()
}

#[test]
fn finance_paid_offline_and_the_reps_desk_shows_what_is_still_owed() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create("月结客户有限公司");
    let mut data = cup_order(customer, cup, wh, 10);
    data.terms = PaymentTerms::Net { days: 30 };
    let mut warehouse = desk(&s, "zhaomin");
    let mut finance = desk(&s, "sunli");
    let (order, _) = order_shipped(
        &mut lina,
        &mut boss,
        &mut warehouse,
        data,
        "SF1234567890901",
    );
    finance.sync();
    lina.sync();
    let shipped = owed(&lina.store, order);
    assert_eq!(shipped.len(), 1, "the delivery is owed on the rep's desk");
    assert_eq!(
        owed(&finance.store, order),
        shipped,
        "and the same on finance's"
    );
    let (total, due) = shipped[0];

    // Finance records ¥300 without syncing (offline); the rep still sees the whole amount.
    finance
        .store
        .record_payment(PaymentData {
            order_id: Some(order),
            account_of: None,
            allocations: Vec::new(),
            amount: Money::parse("300").unwrap(),
            date: fairdesk_core::mutation::local_date(finance.store.now_ms()),
            method: PaymentMethod::WeChat,
            payer: String::new(),
            reference: "微信 0042".into(),
        })
        .unwrap();
    assert_eq!(
        owed(&finance.store, order),
        vec![(total - Money::parse("300").unwrap(), due)]
    );
    lina.sync();
    assert_eq!(owed(&lina.store, order), vec![(total, due)]);

    // Back online: both desks say the same, and equal the server.
    assert_eq!(finance.sync().rejected, 0);
    lina.sync();
    assert_eq!(
        owed(&lina.store, order),
        vec![(total - Money::parse("300").unwrap(), due)]
    );

    // Finance emails a payment reminder (logged as a 催款邮件 follow-up, which finance may write
    // though it can't edit the customer): the server takes it, and the rep's desk knows the
    // customer was reminded today, so it won't remind it again this week.
    let today = fairdesk_core::mutation::local_date(finance.store.now_ms());
    finance
        .store
        .add_follow_up(&fairdesk_core::followup::FollowUpForm {
            customer_id: customer,
            date: today.to_string(),
            channel: fairdesk_core::followup::Channel::ReminderEmail,
            content: "已发送催款邮件至 lina@example.com".into(),
            next_date: String::new(),
        })
        .unwrap();
    assert_eq!(finance.sync().rejected, 0);
    lina.sync();
    assert_eq!(
        lina.store.last_payment_reminder(customer).unwrap(),
        Some(today)
    );
    // The warehouse may not log one: refused on its desk, nothing to push.
    assert!(warehouse
        .store
        .add_follow_up(&fairdesk_core::followup::FollowUpForm {
            customer_id: customer,
            date: today.to_string(),
            channel: fairdesk_core::followup::Channel::ReminderEmail,
            content: "催款".into(),
            next_date: String::new(),
        })
        .is_err());
    for d in [&mut boss, &mut warehouse] {
        d.sync();
    }
    for (who, d) in [
        ("lina", &lina),
        ("finance", &finance),
        ("warehouse", &warehouse),
        ("boss", &boss),
    ] {
        assert_converged(&s, &d.store, who);
    }
}

/// 按客户收款: finance receives money on the customer's account while offline, by hand on the
/// older delivery and the rest oldest due first; after sync the rep's desk shows both orders
/// paid by it, the extra as the customer's advance; an allocation beyond what is open is
/// refused on the desk and nothing is stored; every desk equals the server.
#[test]
fn a_payment_on_account_settles_two_orders_and_the_rest_is_an_advance() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create("两单客户有限公司");
    let mut orders = Vec::new();
    for qty in [3, 2] {
        let (order, _) = lina
            .store
            .create_order(cup_order(customer, cup, wh, qty))
            .unwrap();
        lina.act(order, OrderAction::Submit);
        orders.push(order);
    }
    lina.sync();
    boss.sync();
    for o in &orders {
        boss.act(*o, OrderAction::Approve);
    }
    boss.sync();
    let mut warehouse = desk(&s, "zhaomin");
    let mut deliveries = Vec::new();
    for (o, (qty, sf)) in orders
        .iter()
        .zip([(3, "SF1234567890931"), (2, "SF1234567890932")])
    {
        let (d, _) = warehouse
            .store
            .ship(DeliveryData::new(
                *o,
                wh,
                Carrier::Shunfeng,
                [(0, Decimal::from(qty))],
                [sf.to_string()],
            ))
            .unwrap();
        deliveries.push(d);
    }
    assert_eq!(warehouse.sync().rejected, 0);
    let mut finance = desk(&s, "sunli");
    let today = fairdesk_core::mutation::local_date(finance.store.now_ms());
    let on_account = |amount: &str, by_hand: Vec<(Id, &str)>| PaymentData {
        order_id: None,
        account_of: Some(customer),
        allocations: by_hand
            .into_iter()
            .map(|(r, a)| fairdesk_core::receivables::Allocation {
                receivable_id: r,
                amount: Money::parse(a).unwrap(),
            })
            .collect(),
        amount: Money::parse(amount).unwrap(),
        date: today,
        method: PaymentMethod::BankTransfer,
        payer: "母公司".into(),
        reference: "网银 7788".into(),
    };
    // ¥300 + ¥200 owed. More than the second delivery has open, by hand: refused, nothing kept.
    assert!(finance
        .store
        .record_payment(on_account("300", vec![(deliveries[1], "200.01")]))
        .is_err());
    assert_eq!(
        fairdesk_store::queries::outbox::pending_count(finance.store.conn()).unwrap(),
        0
    );
    // ¥600 offline: ¥200 by hand on the second delivery, the rest oldest due first.
    finance
        .store
        .record_payment(on_account("600", vec![(deliveries[1], "200")]))
        .unwrap();
    lina.sync();
    assert_eq!(
        lina.store.order_payments(orders[0]).unwrap().paid,
        Money::ZERO
    );
    assert_eq!(finance.sync().rejected, 0);
    lina.sync();
    for o in &orders {
        let p = lina.store.order_payments(*o).unwrap();
        assert_eq!(p.open, Money::ZERO, "{p:?}");
        assert_eq!(p.on_account, p.total);
    }
    // The rep's order list says so too.
    let rows = lina
        .store
        .order_list(fairdesk_core::order::OrderQueue::All, 50)
        .unwrap();
    for o in &orders {
        let row = rows.iter().find(|r| r.id == *o).unwrap();
        assert_eq!(row.paid, row.total, "{row:?}");
    }
    let balance = lina.store.customer_balance(customer).unwrap().unwrap();
    assert_eq!(balance.aging.total, Money::ZERO);
    assert_eq!(
        balance.advance,
        Money::parse("100").unwrap(),
        "600 − 300 − 200"
    );
    // A second payment on the same desk reads the first one back from its SQLite file.
    finance
        .store
        .record_payment(on_account("10", vec![]))
        .unwrap();
    assert_eq!(finance.sync().rejected, 0);
    lina.sync();
    let balance = lina.store.customer_balance(customer).unwrap().unwrap();
    assert_eq!(balance.advance, Money::parse("110").unwrap());
    let own = finance.store.customer_balance(customer).unwrap().unwrap();
    assert_eq!(
        own, balance,
        "finance's desk reads its own payments the same"
    );
    for d in [&mut boss, &mut warehouse] {
        d.sync();
    }
    for (who, d) in [
        ("lina", &lina),
        ("finance", &finance),
        ("warehouse", &warehouse),
        ("boss", &boss),
    ] {
        assert_converged(&s, &d.store, who);
    }
}
