//! The 快递100 adapter against a stand-in service over real HTTP on loopback (no carrier can
//! be reached here): signed queries answered with states and events, a wrong key refused, a
//! number not known yet, 顺丰 without the receiver's phone, and a number asked too often.

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
