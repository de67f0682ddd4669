//! The 快递100 adapter against a stand-in service over real HTTP on loopback (no carrier can
//! be reached here): signed queries answered with states and events, a wrong key refused, a
//! number not known yet, 顺丰 without the receiver's phone, and a number asked too often. Then
//! the server's tracking round on real PostgreSQL: news reaches the rep's desk by its pull, a
//! number is not asked again within 30 minutes, and signed for completes the order.

mod common;

use common::assert_converged;
use common::desks::{cup_in_stock, cup_order, desk};
use fairdesk_core::order::{OrderAction, OrderStatus};
use fairdesk_core::shipping::{Carrier, DeliveryData, DeliveryStatus};
use fairdesk_core::{Id, Mutation};
use fairdesk_server::testing::TestServer;
use fairdesk_server::tracking::poller::{poll_once, GAP_MS};
use fairdesk_store::queries::{orders, shipping};
use rust_decimal::Decimal;

use fairdesk_core::shipping::TrackState;
use fairdesk_server::testing::FakeTracking;
use fairdesk_server::tracking::kuaidi100::{query, Account, Answer, Query};
use std::time::Duration;

fn account(fake: &FakeTracking, key: &str) -> Account {
    Account {
        url: fake.url.clone(),
        customer: fake.customer.clone(),
        key: key.into(),
    }
}

/// A test server, the stand-in tracking service and an account of it, and an HTTP client.
fn rig() -> (TestServer, FakeTracking, Account, reqwest::blocking::Client) {
    let s = TestServer::start();
    let fake = FakeTracking::start("C0FFEE00", "k-secret");
    let account = account(&fake, "k-secret");
    (s, fake, account, reqwest::blocking::Client::new())
}

/// 李娜's order of `qty` cups for a new customer, approved by the boss and shipped by the
/// warehouse (赵敏) by 圆通 under `tracking`: the desks, the order and the delivery.
fn shipped_by_yuantong(
    s: &TestServer,
    customer_name: &str,
    mobile: Option<&str>,
    qty: i64,
    tracking: &str,
) -> (
    common::desks::Desk,
    common::desks::Desk,
    common::desks::Desk,
    Id,
    Id,
) {
    let mut boss = desk(s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(s, "lina");
    let customer = lina.create(customer_name);
    if let Some(m) = mobile {
        lina.edit(customer, |f| f.contacts[0].mobile = m.into());
    }
    let (order, _) = lina
        .store
        .create_order(cup_order(customer, cup, wh, qty))
        .unwrap();
    for (d, action) in [
        (&mut lina, OrderAction::Submit),
        (&mut boss, OrderAction::Approve),
    ] {
        d.sync();
        d.act(order, action);
        d.sync();
    }
    let mut warehouse = desk(s, "zhaomin");
    let (delivery, _) = warehouse
        .store
        .ship(DeliveryData::new(
            order,
            wh,
            Carrier::Yuantong,
            [(0, Decimal::from(qty))],
            [tracking.to_string()],
        ))
        .unwrap();
    warehouse.sync();
    (boss, lina, warehouse, order, delivery)
}

#[test]
fn signed_queries_get_states_and_events_and_errors_say_what_went_wrong() {
    let fake = FakeTracking::start("C0FFEE00", "k-secret");
    fake.set(
        "SF1234567890123",
        Some("8000"),
        5,
        &[
            (
                "2026-12-03 08:30:00",
                "[重庆市]快件交给张师傅，正在派送途中",
                "重庆,重庆市",
            ),
            (
                "2026-12-01 18:10:45",
                "[杭州市]顺丰速运 已收取快件",
                "浙江,杭州市",
            ),
        ],
    );
    fake.set(
        "YT1234567890123",
        None,
        14,
        &[("2026-12-02 10:00:00", "收件人拒收", "上海")],
    );
    let http = reqwest::blocking::Client::new();
    let ok = account(&fake, "k-secret");

    let Answer::Track(t) = query(
        &http,
        &ok,
        &Query::new("shunfeng", "SF1234567890123", "13800138000"),
    )
    .unwrap() else {
        panic!("a track")
    };
    assert_eq!(t.state, TrackState::OutForDelivery);
    assert_eq!(t.events.len(), 2);
    assert_eq!(t.events[0].location, "重庆,重庆市");
    assert_eq!(t.events[1].context, "[杭州市]顺丰速运 已收取快件");

    let Answer::Track(t) =
        query(&http, &ok, &Query::new("yuantong", "YT1234567890123", "")).unwrap()
    else {
        panic!("a track")
    };
    assert!(t.state.is_exception(), "拒签 raises an alert");

    // A wrong key: the service refuses the request, not the parcel.
    let answer = query(
        &http,
        &account(&fake, "wrong"),
        &Query::new("yuantong", "YT1234567890123", ""),
    )
    .unwrap();
    assert!(
        matches!(&answer, Answer::Refused { code, .. } if code == "503"),
        "{answer:?}"
    );
    // Not known yet; 顺丰 with another phone.
    assert!(matches!(
        query(&http, &ok, &Query::new("zhongtong", "731234567890", "")).unwrap(),
        Answer::NoResult(_)
    ));
    assert!(matches!(
        query(
            &http,
            &ok,
            &Query::new("shunfeng", "SF1234567890123", "13900001111")
        )
        .unwrap(),
        Answer::Refused { .. }
    ));

    // Asked again too soon.
    fake.min_gap(Duration::from_secs(60));
    let q = Query::new("yuantong", "YT1234567890123", "");
    assert!(matches!(
        query(&http, &ok, &q).unwrap(),
        Answer::RateLimited(_)
    ));
    assert_eq!(fake.queries(), 6);

    // Nobody listening: an error, not an answer.
    let gone = Account {
        url: "http://127.0.0.1:9/poll/query.do".into(),
        ..ok
    };
    assert!(query(&http, &gone, &q).is_err());
}

#[test]
fn tracking_news_reaches_the_reps_desk_and_signed_for_completes_the_order() {
    let (s, fake, account, http) = rig();
    let (mut boss, mut lina, mut warehouse, order, _) = shipped_by_yuantong(
        &s,
        "物流跟踪有限公司",
        Some("13800138000"),
        4,
        "YT1234567890123",
    );
    let now = lina.store.now_ms();

    // A wrong key stops the round at once and says why; the parcel is asked again next round.
    let wrong = Account {
        key: "wrong".into(),
        ..account.clone()
    };
    let r = poll_once(&s.pool, &wrong, &http, now, GAP_MS, 100).unwrap();
    assert_eq!(r.asked, 1);
    assert!(
        r.refused.as_deref().is_some_and(|m| m.contains("签名")),
        "{r:?}"
    );
    // Handed over, not in the service yet: asked, nothing changes. The company's own code for
    // 圆通 (设置) is the one the service is asked with.
    let mut profile = boss.store.company().unwrap();
    profile.name = "恒通贸易".into();
    profile
        .carrier_codes
        .insert(Carrier::Yuantong, "yuantongkuaiyun".into());
    boss.store
        .submit(Mutation::SaveCompany { profile })
        .unwrap();
    boss.sync();
    let r = poll_once(&s.pool, &account, &http, now, GAP_MS, 100).unwrap();
    assert_eq!((r.asked, r.no_result, r.changed), (1, 1, 0));
    assert_eq!(fake.last_com(), "yuantongkuaiyun");
    // Within 30 minutes the number is not asked again, even with news waiting.
    fake.set(
        "YT1234567890123",
        None,
        5,
        &[
            ("2026-12-03 08:30:00", "【上海市】快件正在派送中", "上海"),
            ("2026-12-02 18:10:45", "【杭州市】圆通速递 已揽收", "杭州"),
        ],
    );
    let r = poll_once(&s.pool, &account, &http, now + GAP_MS - 1, GAP_MS, 100).unwrap();
    assert_eq!(r.asked, 0);
    let r = poll_once(&s.pool, &account, &http, now + GAP_MS + 1, GAP_MS, 100).unwrap();
    assert_eq!((r.asked, r.changed), (1, 1));
    // The same news again changes nothing (no new change number for the desks).
    let r = poll_once(&s.pool, &account, &http, now + 2 * GAP_MS + 2, GAP_MS, 100).unwrap();
    assert_eq!((r.asked, r.changed), (1, 0));

    // The rep's desk hears of it by its pull.
    lina.sync();
    let d = shipping::deliveries_of(lina.store.conn(), order).unwrap();
    assert_eq!(d[0].tracks.len(), 1);
    assert_eq!(
        d[0].tracks[0].tracking.events[0].context,
        "【上海市】快件正在派送中"
    );
    assert_eq!(d[0].status, DeliveryStatus::Shipped);
    assert_converged(&s, &lina.store, "lina");

    // The customer looks it up on the public page: the timeline, the number masked; a wrong
    // phone gets the same answer as an order that doesn't exist.
    let number = orders::get(lina.store.conn(), order)
        .unwrap()
        .unwrap()
        .number;
    let page = |order: &str, phone4: &str| {
        reqwest::blocking::get(format!(
            "{}/track/demo?order={order}&phone4={phone4}",
            s.base
        ))
        .unwrap()
        .text()
        .unwrap()
    };
    let found = page(&number, "8000");
    for want in [
        "派件中",
        "【上海市】快件正在派送中",
        "YT12****0123",
        "圆通速递",
    ] {
        assert!(found.contains(want), "{want} missing: {found}");
    }
    assert!(
        !found.contains("YT1234567890123"),
        "the full number is not shown"
    );
    assert!(!found.contains("物流跟踪有限公司"), "nor the customer");
    let result = |html: String| html[html.find("id=\"result\"").unwrap()..].to_string();
    assert_eq!(
        result(page(&number, "1234")),
        result(page("SO-XX-000000-0000", "8000"))
    );

    // Signed for: the delivery is delivered, the order completed, and the number is done.
    fake.set(
        "YT1234567890123",
        None,
        3,
        &[(
            "2026-12-03 14:02:11",
            "【上海市】已签收，签收人：本人",
            "上海",
        )],
    );
    let r = poll_once(&s.pool, &account, &http, now + 3 * GAP_MS + 3, GAP_MS, 100).unwrap();
    assert_eq!((r.asked, r.changed), (1, 1));
    let r = poll_once(&s.pool, &account, &http, now + 9 * GAP_MS, GAP_MS, 100).unwrap();
    assert_eq!(
        r.asked, 0,
        "nothing more will happen to a signed-for parcel"
    );
    for d in [&mut lina, &mut warehouse, &mut boss] {
        d.sync();
    }
    let o = orders::get(lina.store.conn(), order).unwrap().unwrap();
    assert_eq!(o.status, OrderStatus::Completed);
    let d = shipping::deliveries_of(lina.store.conn(), order).unwrap();
    assert_eq!(d[0].status, DeliveryStatus::Delivered);
    for (who, d) in [("lina", &lina), ("warehouse", &warehouse), ("boss", &boss)] {
        assert_converged(&s, &d.store, who);
    }
}

/// The service's subscription push: signed with the configured salt it is taken and answered
/// as the service expects, and signed for completes the order; a forged one changes nothing.
#[test]
fn a_signed_push_is_taken_and_a_forged_one_changes_nothing() {
    use fairdesk_server::testing::TRACKING_SALT;
    let s = TestServer::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let customer = boss.create("推送测试有限公司");
    let mut data = cup_order(customer, cup, wh, 2);
    data.terms = fairdesk_core::order::PaymentTerms::Net { days: 30 };
    let (order, _) = boss.store.create_order(data).unwrap();
    for action in [OrderAction::Submit, OrderAction::Approve] {
        boss.act(order, action);
    }
    boss.store
        .ship(DeliveryData::new(
            order,
            wh,
            Carrier::Zhongtong,
            [(0, Decimal::from(2))],
            ["731234567890".to_string()],
        ))
        .unwrap();
    boss.sync();
    let param = r#"{"status":"shutdown","billstatus":"check","message":"","lastResult":{"message":"ok","state":"3","status":"200","condition":"F00","ischeck":"1","com":"zhongtong","nu":"731234567890","data":[{"context":"【重庆市】已签收","time":"2026-12-04 10:00:00","ftime":"2026-12-04 10:00:00"}]}}"#;
    let sign = |salt: &str| {
        use md5::{Digest, Md5};
        hex::encode_upper(Md5::digest(format!("{param}{salt}").as_bytes()))
    };
    let post = |sign: String| -> serde_json::Value {
        reqwest::blocking::Client::new()
            .post(format!("{}/hooks/kuaidi100/demo", s.base))
            .form(&[("param", param.to_string()), ("sign", sign)])
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let forged = post(sign("guessed"));
    assert_eq!(forged["result"], false);
    boss.sync();
    assert_eq!(
        orders::get(boss.store.conn(), order)
            .unwrap()
            .unwrap()
            .status,
        OrderStatus::Shipped,
        "a forged push changes nothing"
    );
    let taken = post(sign(TRACKING_SALT));
    assert_eq!(
        taken,
        serde_json::json!({"result": true, "returnCode": "200", "message": "成功"})
    );
    boss.sync();
    assert_eq!(
        orders::get(boss.store.conn(), order)
            .unwrap()
            .unwrap()
            .status,
        OrderStatus::Completed
    );
    let d = shipping::deliveries_of(boss.store.conn(), order).unwrap();
    assert_eq!(d[0].status, DeliveryStatus::Delivered);
    assert_converged(&s, &boss.store, "boss");
}

/// Exceptions become alerts to the order's rep (and the warehouse), by the normal pull: a
/// refused parcel at once, a silent one after the carrier's days (3, or the company's own);
/// a note of what was done closes one on every desk; other reps never see it.
#[test]
fn a_refused_or_silent_parcel_alerts_the_rep_until_a_note_closes_it() {
    let (s, fake, account, http) = rig();
    let (mut boss, mut lina, mut warehouse, order, delivery) =
        shipped_by_yuantong(&s, "拒收测试有限公司", None, 2, "YT7654321098765");
    let mut wang = desk(&s, "wangqiang");
    let now = lina.store.now_ms();
    let local = |ms: i64| {
        fairdesk_core::mutation::local_time(ms)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    let hour = 3_600_000;

    // 拒签: an alert on the rep's desk and the warehouse's, none on another rep's.
    fake.set(
        "YT7654321098765",
        None,
        14,
        &[(&local(now - hour), "收件人拒收，快件待退回", "上海")],
    );
    let r = poll_once(&s.pool, &account, &http, now, GAP_MS, 100).unwrap();
    assert_eq!((r.asked, r.changed), (1, 1));
    for d in [&mut lina, &mut warehouse, &mut wang] {
        d.sync();
    }
    let alerts = lina.store.tracking_alerts().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let a = &alerts[0];
    assert_eq!(a.alert.text(fairdesk_core::Lang::Zh), "拒签");
    assert_eq!((a.delivery_id, a.order_id), (delivery, order));
    assert_eq!(a.customer_name, "拒收测试有限公司");
    assert_eq!(warehouse.store.tracking_alerts().unwrap().len(), 1);
    assert!(wang.store.tracking_alerts().unwrap().is_empty());
    // The desktop notification announces it once.
    assert_eq!(
        lina.store.new_tracking_alerts().unwrap().map(|l| l.len()),
        Some(1)
    );
    assert_eq!(lina.store.new_tracking_alerts().unwrap(), None);

    // A note closes it; without one nothing changes.
    let key = a.alert.key.clone();
    let pending = fairdesk_store::queries::outbox::pending_count(lina.store.conn()).unwrap();
    assert!(lina.store.close_track_alert(delivery, &key, " ").is_err());
    assert_eq!(
        fairdesk_store::queries::outbox::pending_count(lina.store.conn()).unwrap(),
        pending
    );
    lina.store
        .close_track_alert(delivery, &key, "已电话联系客户，同意重新派送")
        .unwrap();
    assert!(lina.store.tracking_alerts().unwrap().is_empty());
    lina.sync();
    warehouse.sync();
    assert!(warehouse.store.tracking_alerts().unwrap().is_empty());
    let d = shipping::delivery(warehouse.store.conn(), delivery)
        .unwrap()
        .unwrap();
    assert_eq!(d.alert_notes[0].note, "已电话联系客户，同意重新派送");

    // Back on its way, then four days without news: silent for longer than 圆通's 3 days.
    fake.set(
        "YT7654321098765",
        None,
        0,
        &[(
            &local(now - 4 * 24 * hour),
            "【上海转运中心】已发出",
            "上海",
        )],
    );
    let r = poll_once(&s.pool, &account, &http, now + GAP_MS + 1, GAP_MS, 100).unwrap();
    assert_eq!((r.asked, r.changed), (1, 1));
    lina.sync();
    let alerts = lina.store.tracking_alerts().unwrap();
    assert_eq!(alerts.len(), 1);
    assert!(
        alerts[0]
            .alert
            .text(fairdesk_core::Lang::Zh)
            .starts_with("3 天没有新的物流信息"),
        "{alerts:?}"
    );
    // The company gives 圆通 a week: no alert any more, on the rep's desk too.
    let mut profile = boss.store.company().unwrap();
    profile.name = "恒通贸易".into();
    profile.stall_days.insert(Carrier::Yuantong, 7);
    boss.store
        .submit(Mutation::SaveCompany { profile })
        .unwrap();
    boss.sync();
    lina.sync();
    assert!(lina.store.tracking_alerts().unwrap().is_empty());
    for (who, d) in [
        ("lina", &mut lina),
        ("warehouse", &mut warehouse),
        ("boss", &mut boss),
        ("wangqiang", &mut wang),
    ] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}
