//! The public shipment lookup page: order number + last four phone digits, nothing else.

mod common;

use common::{Server, ServerExt};
use fairdesk_server::track::LOOKUPS_PER_MINUTE;

#[test]
fn a_shipment_is_shown_only_for_the_right_order_and_phone_digits() {
    let s = Server::start();
    s.pool
        .get()
        .unwrap()
        .execute(
            "INSERT INTO shipments (org_id, order_no, phone_last4, carrier, tracking_no, status)
             SELECT id, 'SO-K7-202611-0042', '5678', '顺丰速运', 'SF1234567890', '运输中 <b>已到达杭州</b>'
             FROM orgs WHERE slug = 'demo'",
            &[],
        )
        .unwrap();
    let get = |q: &str| {
        s.http()
            .get(format!("{}/track/demo{q}", s.base))
            .send()
            .unwrap()
    };
    let form = get("");
    assert_eq!(form.status(), 200);
    let html = form.text().unwrap();
    assert!(html.contains("物流查询"));
    assert!(
        !html.contains("恒通贸易"),
        "the page names no company (it can't be probed)"
    );

    let found = get("?order=SO-K7-202611-0042&phone4=5678").text().unwrap();
    assert!(
        found.contains("SF1234567890") && found.contains("顺丰速运"),
        "{found}"
    );
    assert!(
        found.contains("&lt;b&gt;已到达杭州"),
        "stored text is escaped"
    );
    for q in [
        "?order=SO-K7-202611-0042&phone4=0000",
        "?order=SO-K7-202611-0043&phone4=5678",
        "?order=SO-K7-202611-0042&phone4=",
    ] {
        let page = get(q).text().unwrap();
        assert!(
            page.contains("未找到") && !page.contains("SF1234567890"),
            "{q}"
        );
    }
    // Another company's page does not show this company's shipments; an unknown company's
    // page is the same as a known one's.
    assert!(s
        .http()
        .get(format!(
            "{}/track/other?order=SO-K7-202611-0042&phone4=5678",
            s.base
        ))
        .send()
        .unwrap()
        .text()
        .unwrap()
        .contains("未找到"));
    assert_eq!(
        s.http()
            .get(format!("{}/track/nobody", s.base))
            .send()
            .unwrap()
            .text()
            .unwrap(),
        html
    );
    // Rate limited per address.
    let mut last = 200;
    for _ in 0..LOOKUPS_PER_MINUTE {
        last = get("?order=x&phone4=1234").status().as_u16();
    }
    assert_eq!(last, 429);
}
