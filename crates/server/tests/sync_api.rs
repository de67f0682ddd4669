//! The sync server against a real PostgreSQL (started by the test) over real HTTP.

mod common;

use common::{Desk, Server, ServerExt, PASSWORD};
use fairdesk_core::customer::CustomerField;
use fairdesk_core::{Id, Mutation};
use fairdesk_sync::*;

fn create_customer(desk: &Desk, name: &str) -> (Id, fairdesk_core::Envelope) {
    let mut rng = fastrand::Rng::with_seed(name.len() as u64);
    let mut data = fairdesk_store::demo::customer_data(&mut rng, chrono_today(), &[]);
    data.name = name.into();
    data.birthday = None;
    let id = fairdesk_store::new_id(common::now_ms());
    let env = desk.envelope(Mutation::CreateCustomer {
        id,
        code: format!("KH-K7-202611-{}", &id.to_string()[30..]),
        owner_id: desk.user.id,
        data,
    });
    (id, env)
}

fn chrono_today() -> chrono::NaiveDate {
    fairdesk_core::mutation::local_date(common::now_ms())
}

fn ids(changes: &[Change], entity: &str) -> Vec<(Id, bool)> {
    changes
        .iter()
        .filter(|c| c.entity == entity)
        .map(|c| (c.id, c.is_upsert()))
        .collect()
}

#[test]
fn login_checks_passwords_rate_limits_and_tokens_are_required() {
    let s = Server::start();
    let bad = LoginRequest {
        org: "demo".into(),
        login: "lina".into(),
        password: "wrong".into(),
    };
    for _ in 0..5 {
        assert_eq!(s.post("/api/v1/login", None, &bad).status(), 401);
    }
    assert_eq!(
        s.post("/api/v1/login", None, &bad).status(),
        429,
        "rate limited"
    );
    let ok = LoginRequest {
        org: "demo".into(),
        login: "wangqiang".into(),
        password: PASSWORD.into(),
    };
    let resp: LoginResponse = s.post("/api/v1/login", None, &ok).json().unwrap();
    assert_eq!(resp.user.data.name, "王强");
    let stored: i64 = s.count("SELECT count(*) FROM tokens");
    assert_eq!(stored, 1);
    assert_eq!(
        s.count("SELECT count(*) FROM tokens WHERE encode(hash, 'hex') = '' OR length(hash) <> 32"),
        0,
        "only hashes stored"
    );
    let push = PushRequest {
        device_id: Id::NIL,
        mutations: vec![],
    };
    assert_eq!(s.post("/api/v1/sync/push", None, &push).status(), 401);
    assert_eq!(
        s.post("/api/v1/sync/push", Some("not-a-token"), &push)
            .status(),
        401
    );
}

#[test]
fn push_applies_once_and_replays_answer_the_same() {
    let s = Server::start();
    let lina = s.desk("demo", "lina");
    let (id, env) = create_customer(&lina, "重庆山城火锅食品有限公司");
    let first = s.push_ok(&lina, vec![env.clone()]);
    assert_eq!(first[0].outcome, PushOutcome::Accepted);
    let rows = s.count("SELECT count(*) FROM rows WHERE entity = 'customer'");
    let seq = s.count("SELECT seq FROM orgs WHERE slug = 'demo'");
    // The same push again (a retry after a lost response): same answer, nothing changes.
    let again = s.push_ok(&lina, vec![env.clone(), env]);
    assert_eq!(again, vec![first[0].clone(), first[0].clone()]);
    assert_eq!(
        s.count("SELECT count(*) FROM rows WHERE entity = 'customer'"),
        rows
    );
    assert_eq!(s.count("SELECT seq FROM orgs WHERE slug = 'demo'"), seq);
    assert_eq!(s.count("SELECT count(*) FROM mutations"), 1);
    let (changes, _) = s.pull_all(&lina, 0);
    assert!(ids(&changes, "customer").contains(&(id, true)));
}

#[test]
fn permissions_are_the_servers_not_the_devices() {
    let s = Server::start();
    let lina = s.desk("demo", "lina");
    let wang = s.desk("demo", "wangqiang");
    let (id, env) = create_customer(&wang, "广州羊城电子有限公司");
    s.push_ok(&wang, vec![env]);
    // Lina edits Wang's customer, claiming to be an admin: rejected with a readable reason.
    let mut edit = lina.envelope(Mutation::UpdateCustomer {
        id,
        changes: vec![CustomerField::City("上海".into())],
    });
    edit.actor.role = fairdesk_core::Role::Admin;
    let result = s.push_ok(&lina, vec![edit]);
    match &result[0].outcome {
        PushOutcome::Rejected {
            reason, reason_en, ..
        } => {
            assert!(reason.contains("没有权限"), "{reason}");
            assert!(reason_en.contains("not allowed"), "{reason_en}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    // A mutation claiming another user is refused whole, and nothing is stored.
    let before = s.count("SELECT count(*) FROM mutations");
    let (_, mut forged) = create_customer(&lina, "冒名客户");
    forged.actor.user_id = wang.user.id;
    let (_, honest) = create_customer(&lina, "正常客户");
    let resp = s.push(&lina, vec![honest, forged]);
    assert_eq!(resp.status(), 403);
    let body: ErrorBody = resp.json().unwrap();
    assert_eq!(body.error, "forbidden");
    assert_eq!(s.count("SELECT count(*) FROM mutations"), before);
    // Another company's user can't use this company's device or see its rows.
    let mallory = s.desk("other", "mallory");
    let (_, env) = create_customer(&mallory, "别家的客户");
    let resp = s.post(
        "/api/v1/sync/push",
        Some(&mallory.token),
        &PushRequest {
            device_id: lina.device,
            mutations: vec![env],
        },
    );
    assert_eq!(resp.status(), 403);
    let (changes, _) = s.pull_all(&mallory, 0);
    assert!(ids(&changes, "customer").is_empty());
    assert!(changes
        .iter()
        .all(|c| c.entity != "user" || c.value().is_some_and(|doc| doc["name"] == "外人")));
}

#[test]
fn bad_requests_get_clear_4xx_and_store_nothing() {
    let s = Server::start();
    let lina = s.desk("demo", "lina");
    let before = s.count("SELECT count(*) FROM mutations") + s.count("SELECT count(*) FROM rows");
    let url = format!("{}/api/v1/sync/push", s.base);
    let send = |version: Option<&str>, body: Vec<u8>| {
        let mut r = s
            .http()
            .post(&url)
            .bearer_auth(&lina.token)
            .header("content-type", "application/json")
            .body(body);
        if let Some(v) = version {
            r = r.header(PROTOCOL_HEADER, v);
        }
        r.send().unwrap()
    };
    let current = PROTOCOL_VERSION.to_string();
    let resp = send(Some(&current), b"{ not json".to_vec());
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<ErrorBody>().unwrap().error, "bad_request");
    // A desk from before the current protocol is told to update.
    let resp = send(Some("1"), b"{}".to_vec());
    assert_eq!(resp.status(), 426);
    assert!(resp
        .json::<ErrorBody>()
        .unwrap()
        .message
        .contains("please update"));
    assert_eq!(send(None, b"{}".to_vec()).status(), 426);
    // An oversize body: the server answers 413 as soon as the declared length is over the
    // limit, without reading the rest (sent by hand so the answer can be read at once).
    let status = oversize_push(&s.base, &lina.token, lina.device);
    assert_eq!(status, 413);
    let resp = s
        .http()
        .get(format!("{}/api/v1/sync/pull?cursor=-5", s.base))
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .bearer_auth(&lina.token)
        .send()
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(
        s.count("SELECT count(*) FROM mutations") + s.count("SELECT count(*) FROM rows"),
        before
    );
}

#[test]
fn reps_receive_only_their_customers_and_reassignment_moves_them() {
    let s = Server::start();
    let boss = s.desk("demo", "boss");
    let lina = s.desk("demo", "lina");
    let wang = s.desk("demo", "wangqiang");
    let (a, env_a) = create_customer(&lina, "李娜的客户");
    let (_, env_b) = create_customer(&wang, "王强的客户");
    s.push_ok(&lina, vec![env_a]);
    s.push_ok(&wang, vec![env_b]);
    let follow_up = fairdesk_store::new_id(common::now_ms());
    let data = fairdesk_core::followup::FollowUpData {
        customer_id: a,
        date: chrono_today(),
        channel: fairdesk_core::followup::Channel::Visit,
        content: "上门拜访".into(),
        next_date: None,
    };
    let r = s.push_ok(
        &lina,
        vec![lina.envelope(Mutation::AddFollowUp {
            id: follow_up,
            data,
        })],
    );
    assert_eq!(r[0].outcome, PushOutcome::Accepted);
    let (first, lina_cursor) = s.pull_all(&lina, 0);
    assert_eq!(
        ids(&first, "customer"),
        vec![(a, true)],
        "no revokes on a first sync, none of Wang's"
    );
    let (all, _) = s.pull_all(&boss, 0);
    assert_eq!(ids(&all, "customer").len(), 2);
    // The boss gives Lina's customer to Wang: Lina's device drops it, Wang's receives it.
    let (_, wang_cursor) = s.pull_all(&wang, 0);
    let r = s.push_ok(
        &boss,
        vec![boss.envelope(Mutation::ReassignCustomer {
            id: a,
            to_owner: wang.user.id,
        })],
    );
    assert_eq!(r[0].outcome, PushOutcome::Accepted);
    let (changes, _) = s.pull_all(&lina, lina_cursor);
    assert_eq!(
        ids(&changes, "customer"),
        vec![(a, false)],
        "revoked on Lina's device"
    );
    assert_eq!(
        ids(&changes, "follow_up"),
        vec![(follow_up, false)],
        "its follow-ups too"
    );
    let (changes, _) = s.pull_all(&wang, wang_cursor);
    assert_eq!(ids(&changes, "customer"), vec![(a, true)]);
    assert_eq!(ids(&changes, "follow_up"), vec![(follow_up, true)]);
    let total = s.pull(&wang, 0, 1).total;
    // boss, lina, wangqiang, zhangwei, zhaomin (warehouse), sunli (finance).
    let users = 6;
    assert_eq!(
        total,
        Some(users + 3),
        "initial sync reports its size up front"
    );
}

#[test]
fn a_reader_pulling_while_writers_push_never_misses_a_change() {
    let s = Server::start();
    let writers: Vec<Desk> = (0..4).map(|_| s.desk("demo", "boss")).collect();
    let reader = s.desk("demo", "zhangwei");
    let boss_reader = s.desk("demo", "boss");
    let per_writer = 40;
    let done = std::sync::atomic::AtomicBool::new(false);
    let (created, seen) = std::thread::scope(|scope| {
        let handles: Vec<_> = writers
            .iter()
            .map(|w| {
                let s = &s;
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    for i in 0..per_writer {
                        let (id, env) = create_customer(w, &format!("并发客户{i}"));
                        assert_eq!(s.push_ok(w, vec![env])[0].outcome, PushOutcome::Accepted);
                        mine.push(id);
                    }
                    mine
                })
            })
            .collect();
        let s_ref = &s;
        let done_ref = &done;
        let pulling = scope.spawn(move || {
            let mut seen = std::collections::HashSet::new();
            let mut cursor = 0;
            loop {
                let finished = done_ref.load(std::sync::atomic::Ordering::SeqCst);
                let page = s_ref.pull(&boss_reader, cursor, 7);
                for c in page.changes.iter().filter(|c| c.entity == "customer") {
                    seen.insert(c.id);
                }
                cursor = page.cursor;
                if finished && !page.has_more {
                    return seen;
                }
            }
        });
        let created: Vec<Id> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        (created, pulling.join().unwrap())
    });
    assert_eq!(created.len(), 4 * per_writer);
    for id in &created {
        assert!(seen.contains(id), "the reader missed {id}");
    }
    let _ = reader;
}

#[test]
fn a_device_keeps_its_code_unless_another_device_of_the_company_has_it() {
    let s = Server::start();
    let login = |who: &str| -> String {
        let r: LoginResponse = s
            .post(
                "/api/v1/login",
                None,
                &LoginRequest {
                    org: "demo".into(),
                    login: who.into(),
                    password: PASSWORD.into(),
                },
            )
            .json()
            .unwrap();
        r.token
    };
    let register = |token: &str, device: Id, code: &str| -> reqwest::blocking::Response {
        s.post(
            "/api/v1/devices",
            Some(token),
            &RegisterDevice {
                device_id: device,
                code: code.into(),
            },
        )
    };
    let (lina, wang) = (login("lina"), login("wangqiang"));
    let (d1, d2) = (fairdesk_store::new_id(1), fairdesk_store::new_id(2));
    let first: DeviceRegistered = register(&lina, d1, "K7").json().unwrap();
    assert_eq!(first.code, "K7", "confirmed");
    let second: DeviceRegistered = register(&wang, d2, "K7").json().unwrap();
    assert_ne!(second.code, "K7", "replaced: K7 is taken in this company");
    assert!(fairdesk_core::docnumber::is_device_code(&second.code));
    // Registering again answers the same; another user can't take over the device.
    let again: DeviceRegistered = register(&lina, d1, "ZZ").json().unwrap();
    assert_eq!(again.code, "K7");
    assert_eq!(
        register(&wang, d1, "K7").status(),
        409,
        "a colleague's device id"
    );
}

/// Sends a push whose declared body is 5 MiB but writes only its start; returns the status.
fn oversize_push(base: &str, token: &str, device: Id) -> u16 {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let start = format!("{{\"device_id\":\"{device}\",\"mutations\":[\"");
    let head = format!(
        "POST /api/v1/sync/push HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {token}\r\n{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\n\
         Content-Length: {}\r\n\r\n{start}",
        5 * 1024 * 1024
    );
    conn.write_all(head.as_bytes()).unwrap();
    let mut answer = [0u8; 64];
    let n = conn.read(&mut answer).unwrap();
    let line = String::from_utf8_lossy(&answer[..n]).to_string();
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn team_changes_and_disabling_replicate_and_disabled_users_are_logged_out() {
    let s = Server::start();
    let boss = s.desk("demo", "boss");
    let lina = s.desk("demo", "lina");
    let (_, cursor) = s.pull_all(&boss, 0);
    {
        let mut c = s.pool.get().unwrap();
        fairdesk_server::admin::set_team(&mut c, "demo", "lina", "华南组").unwrap();
        fairdesk_server::admin::disable_user(&mut c, "demo", "lina").unwrap();
    }
    let (changes, _) = s.pull_all(&boss, cursor);
    let doc = changes
        .iter()
        .find_map(|c| c.value().filter(|_| c.id == lina.user.id))
        .unwrap();
    assert_eq!(doc["team"], "华南组");
    assert_eq!(doc["active"], false);
    let resp = s.push(&lina, vec![]);
    assert_eq!(
        resp.status(),
        401,
        "a disabled user's token no longer works"
    );
}

/// A payment for another company's customer (its id known somehow): refused by the server as a
/// customer it doesn't have, with nothing stored in either company.
#[test]
fn a_payment_for_another_companys_customer_is_refused() {
    let s = Server::start();
    let lina = s.desk("demo", "lina");
    let (customer, env) = create_customer(&lina, "本公司客户");
    s.push_ok(&lina, vec![env]);
    let mallory = s.desk("other", "mallory");
    let before = s.count("SELECT count(*) FROM rows WHERE entity = 'payment'");
    let pay = mallory.envelope(Mutation::RecordPayment {
        id: Id::v7(common::now_ms() as u64, [7; 10]),
        data: fairdesk_core::receivables::PaymentData {
            order_id: None,
            account_of: Some(customer),
            allocations: Vec::new(),
            amount: fairdesk_core::Money::parse("100").unwrap(),
            date: fairdesk_core::mutation::local_date(common::now_ms()),
            method: fairdesk_core::receivables::PaymentMethod::BankTransfer,
            payer: String::new(),
            reference: String::new(),
        },
    });
    let result = s.push_ok(&mallory, vec![pay]);
    match &result[0].outcome {
        PushOutcome::Rejected { reason, .. } => assert!(reason.contains("客户"), "{reason}"),
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert_eq!(
        s.count("SELECT count(*) FROM rows WHERE entity = 'payment'"),
        before
    );
}
