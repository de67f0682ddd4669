//! The `fairdesk-server` binary: configuration file, migrate, admin commands and serve.

use fairdesk_server::testing::Pg;
use std::process::Command;
use std::time::{Duration, Instant};

fn server(config: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fairdesk-server"));
    c.arg("--config")
        .arg(config)
        .env_remove("FAIRDESK_DATABASE_URL");
    c
}

fn ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        c,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn admin_commands_and_serve_work_from_a_config_file() {
    let pg = Pg::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fairdesk.toml");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        &config,
        format!(
            "database_url = \"{}\"\nlisten = \"127.0.0.1:{port}\"\npool_size = 4\n",
            pg.url
        ),
    )
    .unwrap();

    let all = format!(
        "migrations applied: {}",
        fairdesk_server::db::MIGRATIONS.len()
    );
    assert!(ok(server(&config).arg("migrate")).contains(&all));
    assert!(
        ok(server(&config).arg("migrate")).contains("migrations applied: 0"),
        "idempotent"
    );
    ok(server(&config).args(["org", "create", "hengtong", "恒通贸易"]));
    ok(server(&config)
        .args(["user", "add", "hengtong", "lina", "李娜", "--role", "rep"])
        .env("FAIRDESK_PASSWORD", "足够长的密码123"));
    ok(server(&config).args(["user", "team", "hengtong", "lina", "华东组"]));
    let short = server(&config)
        .args(["user", "passwd", "hengtong", "lina"])
        .env("FAIRDESK_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8"));
    let bad_role = server(&config)
        .args(["user", "add", "hengtong", "x", "某人", "--role", "boss"])
        .env("FAIRDESK_PASSWORD", "足够长的密码123")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("role: one of"));

    // Stopped however the test ends: a server left running would hold the test's output open.
    let _serve = Running(server(&config).arg("serve").spawn().unwrap());
    let start = Instant::now();
    let health = loop {
        if let Ok(r) = reqwest::blocking::get(format!("http://127.0.0.1:{port}/health")) {
            break r.text().unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "server did not come up"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(health, "ok");
    let login = reqwest::blocking::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/login"))
        .header(
            fairdesk_sync::PROTOCOL_HEADER,
            fairdesk_sync::PROTOCOL_VERSION.to_string(),
        )
        .json(&serde_json::json!({ "org": "hengtong", "login": "lina", "password": "足够长的密码123" }))
        .send()
        .unwrap();
    assert_eq!(login.status(), 200);
    let body: serde_json::Value = login.json().unwrap();
    assert_eq!(body["user"]["team"], "华东组");
    // Her desk registers; the admin lists devices, raises her limit and retires the device.
    let token = body["token"].as_str().unwrap().to_string();
    let registered = reqwest::blocking::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/devices"))
        .header(
            fairdesk_sync::PROTOCOL_HEADER,
            fairdesk_sync::PROTOCOL_VERSION.to_string(),
        )
        .bearer_auth(&token)
        .json(&serde_json::json!({ "device_id": fairdesk_store::new_id(1_795_000_000_000), "code": "K7" }))
        .send()
        .unwrap();
    assert_eq!(registered.status(), 200);
    let list = ok(server(&config).args(["device", "list", "hengtong"]));
    assert!(list.starts_with("K7\tlina\t"), "{list}");
    ok(server(&config).args(["user", "device-limit", "hengtong", "lina", "20"]));
    ok(server(&config).args(["device", "retire", "hengtong", "K7"]));
    assert_eq!(ok(server(&config).args(["device", "list", "hengtong"])), "");
    ok(server(&config).args(["user", "disable", "hengtong", "lina"]));
}

struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
