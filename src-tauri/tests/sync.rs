//! The desktop's sync commands and background worker against the real server (PostgreSQL
//! started by the test), through Tauri's IPC layer.

mod common;

use fairdesk_server::testing::{TestServer, PASSWORD};
use fairdesk_store::Store;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tauri::test::MockRuntime;

struct Desk {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fairdesk.db");
    let (app, webview) = common::app(Store::open(&path).unwrap(), Some(&path));
    Desk {
        _dir: dir,
        _app: app,
        webview,
    }
}

impl Desk {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        common::ipc(&self.webview, cmd, body)
    }

    fn status_until(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        loop {
            let st = self.call("sync_status", json!({})).unwrap();
            if pred(&st) {
                return st;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{what}: last status {st}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn login_body(server: &str, password: &str) -> Value {
    json!({ "server": server, "org": "demo", "login": "boss", "password": password })
}

#[test]
fn login_syncs_in_the_background_and_a_revoked_token_asks_to_log_in_again() {
    let s = TestServer::start();
    let d = desk();
    assert_eq!(
        d.call("sync_status", json!({})).unwrap()["state"],
        "not_connected"
    );
    let err = d
        .call("sync_login", login_body(&s.base, "wrong"))
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("密码不正确"),
        "{err}"
    );
    let err = d
        .call(
            "sync_login",
            json!({ "server": "ftp://x", "org": "", "login": "", "password": "" }),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("服务器地址"),
        "{err}"
    );

    d.call("sync_login", login_body(&s.base, PASSWORD)).unwrap();
    let st = d.status_until("first sync", |st| {
        st["state"] == "online" && st["pending"] == 0
    });
    assert_eq!(st["login"], "boss");
    // The desk now works as the server account.
    assert_eq!(
        d.call("app_status", json!({})).unwrap()["user"]["name"],
        "老板"
    );

    let form = json!({ "name": "厦门鹭岛贸易有限公司", "short_name": "", "industry": "", "province": "福建", "city": "厦门",
        "address": "", "level": "B", "tag_ids": [], "birthday": "", "contract_expiry": "", "credit_limit": "",
        "notes": "", "source": "fair", "contacts": [] });
    d.call(
        "customer_create",
        json!({ "form": form, "owner_id": null, "confirmed": true }),
    )
    .unwrap();
    // A local write wakes the worker: no "sync now" needed.
    d.status_until("pushed", |st| st["pending"] == 0 && st["state"] == "online");
    let on_server: i64 = s.pool.get().unwrap().query_one("SELECT count(*) FROM rows WHERE entity = 'customer' AND doc->>'name' = '厦门鹭岛贸易有限公司'", &[]).unwrap().get(0);
    assert_eq!(on_server, 1);

    // The server revokes the token: the desk asks for a login and keeps its work.
    s.pool
        .get()
        .unwrap()
        .execute("UPDATE tokens SET revoked = true", &[])
        .unwrap();
    let mut form2 = form.clone();
    form2["name"] = json!("离线时新建的客户");
    d.call(
        "customer_create",
        json!({ "form": form2, "owner_id": null, "confirmed": true }),
    )
    .unwrap();
    d.call("sync_now", json!({})).unwrap();
    let st = d.status_until("login required", |st| st["state"] == "login_required");
    assert_eq!(st["pending"], 1, "the outbox is kept");
    d.call("sync_login", login_body(&s.base, PASSWORD)).unwrap();
    d.status_until("resumed", |st| {
        st["state"] == "online" && st["pending"] == 0
    });

    d.call("sync_logout", json!({})).unwrap();
    assert_eq!(
        d.call("sync_status", json!({})).unwrap()["state"],
        "not_connected"
    );
}

#[test]
fn logging_in_to_an_unreachable_server_says_so_and_keeps_the_working_connection() {
    let s = TestServer::start();
    let d = desk();
    d.call("sync_login", login_body(&s.base, PASSWORD)).unwrap();
    d.status_until("online", |st| st["state"] == "online");
    // Point the desk at a port nobody listens on (the token stays valid for the real one).
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    d.call("set_language", json!({ "lang": "zh-CN" })).unwrap();
    let err = d
        .call("sync_login", login_body(&dead, PASSWORD))
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("无法连接服务器"),
        "{err}"
    );
    assert_eq!(
        d.call("sync_status", json!({})).unwrap()["server"],
        s.base.as_str(),
        "still the working server"
    );
}
