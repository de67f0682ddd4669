//! 应收 across desks, on real PostgreSQL, real SQLite files and real HTTP on loopback: a
//! 月结30天 order ships from the warehouse desk; finance records a part payment while offline;
//! after everyone syncs, the rep's desk and finance's report the same open amount and due date
//! (receivables are derived from the synced deliveries and payments, so nothing else has to
//! travel), and every desk equals the server row by row.

mod common;

use common::desks::{cup_in_stock, cup_order, desk};
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
    let (order, _) = lina.store.create_order(data).unwrap();
    lina.act(order, OrderAction::Submit);
    lina.sync();
    boss.sync();
    boss.act(order, OrderAction::Approve);
    boss.sync();
    let mut warehouse = desk(&s, "zhaomin");
    let mut finance = desk(&s, "sunli");
    warehouse
        .store
        .ship(DeliveryData::new(
            order,
            wh,
            Carrier::Shunfeng,
            [(0, Decimal::from(10))],
            ["SF1234567890901".to_string()],
        ))
        .unwrap();
    assert_eq!(warehouse.sync().rejected, 0);
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
            order_id: order,
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
