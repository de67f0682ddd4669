//! Test harness: a throwaway PostgreSQL cluster (initdb + pg_ctl in a temp dir, loopback port)
//! and the server on a loopback port, talked to over real HTTP.
#![allow(dead_code)]

use fairdesk_core::hlc::Hlc;
use fairdesk_core::user::UserData;
use fairdesk_core::{Actor, Envelope, Id, Mutation, Role, SCHEMA_VERSION};
use fairdesk_server::http::{router, AppState};
use fairdesk_server::{admin, db};
use fairdesk_sync::*;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

fn pg_bin(tool: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/setup.sh)")
        .map(|e| e.unwrap().path())
        .collect();
    versions.sort();
    versions
        .pop()
        .expect("a PostgreSQL version")
        .join("bin")
        .join(tool)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root).
fn pg_command(tool: &str) -> Command {
    let is_root = unsafe_geteuid() == 0;
    if is_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(pg_bin(tool));
        c
    } else {
        Command::new(pg_bin(tool))
    }
}

fn unsafe_geteuid() -> u32 {
    // `id -u` keeps this free of libc bindings.
    String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

pub struct Pg {
    dir: tempfile::TempDir,
    pub url: String,
}

impl Pg {
    pub fn start() -> Pg {
        let dir = tempfile::Builder::new()
            .prefix("fairdesk-pg")
            .tempdir()
            .unwrap();
        if unsafe_geteuid() == 0 {
            assert!(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap()
                .success());
        }
        let data = dir.path().join("data");
        let out = pg_command("initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "fairdesk",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
                "-D",
            ])
            .arg(&data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300",
            dir.path().display()
        );
        let out = pg_command("pg_ctl")
            .args(["-w", "-t", "60", "-o", &opts, "-l"])
            .arg(dir.path().join("log"))
            .arg("-D")
            .arg(&data)
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Pg {
            url: format!("host=127.0.0.1 port={port} user=fairdesk dbname=postgres"),
            dir,
        }
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = pg_command("pg_ctl")
            .args(["-m", "immediate", "-D"])
            .arg(self.dir.path().join("data"))
            .arg("stop")
            .output();
    }
}

/// A running server with one company (`demo`), an admin and two reps in different teams.
/// Fields drop in order: the runtime first (its pool handle goes, the connections stay), then
/// our pool handle outside any runtime (the sync client must not close inside one), then the
/// cluster.
pub struct Server {
    _rt: tokio::runtime::Runtime,
    pub pool: fairdesk_server::Pool,
    pub base: String,
    pub pg: Pg,
}

pub const PASSWORD: &str = "密码-secret-123";

impl Server {
    pub fn start() -> Server {
        let pg = Pg::start();
        let pool = db::pool(&pg.url, 32).unwrap();
        db::migrate(&mut pool.get().unwrap()).unwrap();
        {
            let mut c = pool.get().unwrap();
            admin::create_org(&mut c, "demo", "恒通贸易").unwrap();
            admin::create_org(&mut c, "other", "别家公司").unwrap();
            for (login, name, role, team, org) in [
                ("boss", "老板", Role::Admin, "", "demo"),
                ("lina", "李娜", Role::Rep, "华东组", "demo"),
                ("wangqiang", "王强", Role::Rep, "华南组", "demo"),
                ("zhangwei", "张伟", Role::Manager, "华东组", "demo"),
                ("mallory", "外人", Role::Admin, "", "other"),
            ] {
                let data = UserData {
                    name: name.into(),
                    role,
                    team: team.into(),
                    active: true,
                };
                admin::add_user(&mut c, org, login, data, PASSWORD).unwrap();
            }
        }
        let rt = tokio::runtime::Runtime::new().unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState {
            pool: pool.clone(),
            limiter: Arc::new(Default::default()),
        };
        rt.spawn(async move { axum::serve(listener, router(state)).await.unwrap() });
        Server {
            pg,
            base,
            pool,
            _rt: rt,
        }
    }

    pub fn http(&self) -> reqwest::blocking::Client {
        reqwest::blocking::Client::new()
    }

    pub fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: &impl serde::Serialize,
    ) -> reqwest::blocking::Response {
        let mut req = self
            .http()
            .post(format!("{}{path}", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.pool.get().unwrap().query_one(sql, &[]).unwrap().get(0)
    }

    /// Logs in and registers a new device.
    pub fn desk(&self, org: &str, login: &str) -> Desk {
        let resp = self.post(
            "/api/v1/login",
            None,
            &LoginRequest {
                org: org.into(),
                login: login.into(),
                password: PASSWORD.into(),
            },
        );
        assert_eq!(resp.status(), 200, "login {login}");
        let login: LoginResponse = resp.json().unwrap();
        let device = fairdesk_store::new_id(now_ms());
        let resp = self.post(
            "/api/v1/devices",
            Some(&login.token),
            &RegisterDevice {
                device_id: device,
                code: "K7".into(),
            },
        );
        assert_eq!(resp.status(), 200);
        Desk {
            token: login.token,
            user: login.user,
            device,
            seq: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn push(&self, desk: &Desk, mutations: Vec<Envelope>) -> reqwest::blocking::Response {
        self.post(
            "/api/v1/sync/push",
            Some(&desk.token),
            &PushRequest {
                device_id: desk.device,
                mutations,
            },
        )
    }

    pub fn push_ok(&self, desk: &Desk, mutations: Vec<Envelope>) -> Vec<PushResult> {
        let resp = self.push(desk, mutations);
        assert_eq!(resp.status(), 200);
        resp.json::<PushResponse>().unwrap().results
    }

    pub fn pull(&self, desk: &Desk, cursor: i64, limit: i64) -> PullResponse {
        let resp = self
            .http()
            .get(format!(
                "{}/api/v1/sync/pull?cursor={cursor}&limit={limit}",
                self.base
            ))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(&desk.token)
            .send()
            .unwrap();
        assert_eq!(resp.status(), 200);
        resp.json().unwrap()
    }

    /// Pulls every page after `cursor`; returns the changes and the final cursor.
    pub fn pull_all(&self, desk: &Desk, mut cursor: i64) -> (Vec<Change>, i64) {
        let mut all = Vec::new();
        loop {
            let page = self.pull(desk, cursor, 100);
            all.extend(page.changes);
            cursor = page.cursor;
            if !page.has_more {
                return (all, cursor);
            }
        }
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[derive(Clone)]
pub struct Desk {
    pub token: String,
    pub user: fairdesk_core::user::User,
    pub device: Id,
    seq: Arc<AtomicU64>,
}

impl Desk {
    /// An envelope as this desk's store would write it.
    pub fn envelope(&self, mutation: Mutation) -> Envelope {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        let now = now_ms();
        Envelope {
            id: fairdesk_store::new_id(now),
            schema: SCHEMA_VERSION,
            device_seq: seq,
            actor: Actor {
                user_id: self.user.id,
                role: self.user.data.role,
                team: self.user.data.team.clone(),
                device_id: self.device,
            },
            hlc: Hlc {
                ms: now as u64,
                counter: seq as u32,
                node: self.device,
            },
            at_ms: now,
            mutation,
        }
    }
}
