//! 催款邮件 through the app's commands, to a real SMTP server the test starts (aiosmtpd): the
//! mail server is set in Settings (its password in the keyring, not the database), the
//! reminder reaches the customer's contact with the statement attached, is logged on the
//! customer, and a second one within the week is refused. Bad settings save nothing.

mod common;

use fairdesk_core::Id;
use fairdesk_store::Store;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use tauri::test::MockRuntime;

/// 2026-11-27 10:00 in Shanghai, when the demo company is seeded.
const SEEDED: i64 = 1_795_744_800_000;
const DAY: i64 = 86_400_000;

/// The SMTP server: a child process printing one JSON line per message.
struct Sink {
    child: Child,
    lines: BufReader<ChildStdout>,
    port: u16,
}

impl Sink {
    fn start() -> Sink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        // The Python with aiosmtpd (scripts/setup.sh installs Debian's python3-aiosmtpd; another
        // python3 may come first on the PATH).
        let python = ["python3", "/usr/bin/python3"]
            .into_iter()
            .find(|p| {
                Command::new(p)
                    .args(["-c", "import aiosmtpd"])
                    .status()
                    .is_ok_and(|s| s.success())
            })
            .expect("python3 with aiosmtpd (scripts/setup.sh installs python3-aiosmtpd)");
        let mut child = Command::new(python)
            .arg(script)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        lines.read_line(&mut first).unwrap();
        assert_eq!(first.trim(), "ready");
        Sink { child, lines, port }
    }

    fn next(&mut self) -> Value {
        let mut line = String::new();
        self.lines.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
}

impl Desk {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        common::ipc(&self.webview, cmd, body)
    }
}

/// The demo company seeded on 2026-11-27; the desk then opens `days` later. The demo's 月结30天
/// customer (its goods due on 2026-12-30) is given a contact email.
fn desk(days: i64) -> (Desk, Id) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fairdesk.db");
    let customer = {
        let mut store = Store::open_with_clock(&path, Box::new(|| SEEDED)).unwrap();
        store.seed_demo(200).unwrap();
        let monthly = store
            .receivables_report(store.today(), Default::default(), &[30, 60, 90, 180])
            .unwrap()
            .customers
            .into_iter()
            .find(|c| c.aging.total != fairdesk_core::Money::ZERO)
            .expect("the demo's 月结 customer owes")
            .customer_id;
        let data = fairdesk_store::queries::customers::get(store.conn(), monthly)
            .unwrap()
            .unwrap()
            .data;
        let mut form = fairdesk_core::customer::CustomerForm::from_data(&data);
        form.contacts[0].email = "zhuge@example.com".into();
        store.update_customer(monthly, &form).unwrap();
        monthly
    };
    let store = Store::open_with_clock(&path, Box::new(move || SEEDED + days * DAY)).unwrap();
    let (app, webview) = common::app(store, Some(&path));
    (
        Desk {
            _dir: dir,
            path,
            _app: app,
            webview,
        },
        customer,
    )
}

fn message(err: Value) -> String {
    err["message"].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_reminder_reaches_the_customer_with_its_statement_once_a_week() {
    let mut sink = Sink::start();
    // 2027-01-06: the 月结30天 goods are a week overdue.
    let (d, customer) = desk(40);
    let send = || d.call("payment_reminder_send", json!({ "customer_id": customer }));
    assert!(message(send().unwrap_err()).contains("发信服务器"));

    let settings = |port: u16, every: u32| {
        json!({ "host": "127.0.0.1", "port": port, "security": "none",
                "user": "finance@example.com", "from": "finance@example.com", "every_days": every })
    };
    // Bad settings: refused field by field, nothing saved (not even the password).
    let err = d
        .call(
            "mail_settings_save",
            json!({ "settings": settings(0, 0), "password": "s3cret" }),
        )
        .unwrap_err();
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["port", "every_days"], "{err}");
    let setup = d.call("mail_settings_get", json!({})).unwrap();
    assert_eq!(setup["settings"], Value::Null);
    assert_eq!(setup["has_password"], false);

    d.call(
        "mail_settings_save",
        json!({ "settings": settings(sink.port, 7), "password": "s3cret" }),
    )
    .unwrap();
    let setup = d.call("mail_settings_get", json!({})).unwrap();
    assert_eq!(setup["has_password"], true);
    assert_eq!(setup["settings"]["port"], sink.port);
    // The password is in the keyring, not the database.
    let db = Store::open(&d.path).unwrap();
    let leaked: i64 = db
        .conn()
        .query_row(
            "SELECT count(*) FROM local_settings WHERE value LIKE '%s3cret%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leaked, 0);

    assert_eq!(send().unwrap(), "zhuge@example.com");
    let mail = sink.next();
    assert_eq!(mail["rcpt"], json!(["zhuge@example.com"]));
    assert_eq!(mail["login"], json!(["finance@example.com", "s3cret"]));
    let subject = mail["subject"].as_str().unwrap();
    assert!(
        subject.contains("对账及付款提醒") && subject.contains("2027-01-06"),
        "{subject}"
    );
    let text = mail["text"].as_str().unwrap();
    assert!(text.contains("已到期未付") && text.contains('¥'), "{text}");
    let pdf = &mail["attachments"][0];
    assert_eq!(pdf["type"], "application/pdf");
    assert_eq!(pdf["head"], "%PDF-");
    assert!(
        pdf["name"].as_str().unwrap().starts_with("对账单-"),
        "{pdf}"
    );

    // Logged on the customer (a follow-up that syncs), and not sent again this week.
    let detail = d.call("customer_get", json!({ "id": customer })).unwrap();
    let logged = detail["follow_ups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["channel"] == "reminder_email")
        .expect("the reminder is on the customer's log")
        .clone();
    assert!(logged["content"]
        .as_str()
        .unwrap()
        .contains("zhuge@example.com"));
    let err = message(send().unwrap_err());
    assert!(
        err.contains("2027-01-06") && err.contains("2027-01-13"),
        "{err}"
    );

    // A customer that owes nothing overdue (or has no address) is refused; nothing is sent.
    let other: String = db
        .conn()
        .query_row(
            "SELECT id FROM customers WHERE id <> ?1 ORDER BY rid LIMIT 1",
            [customer.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(d
        .call("payment_reminder_send", json!({ "customer_id": other }))
        .is_err());
    drop(d);
    drop(db);
    drop(sink);
}
