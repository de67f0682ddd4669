//! Talking to the test server (fairdesk_server::testing) over real HTTP.
#![allow(dead_code)]

use fairdesk_core::hlc::Hlc;
use fairdesk_core::{Actor, Envelope, Id, Mutation, SCHEMA_VERSION};
pub use fairdesk_server::testing::{TestServer as Server, PASSWORD};
use fairdesk_sync::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub trait ServerExt {
    fn http(&self) -> reqwest::blocking::Client;
    fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: &impl serde::Serialize,
    ) -> reqwest::blocking::Response;
    fn count(&self, sql: &str) -> i64;
    fn desk(&self, org: &str, login: &str) -> Desk;
    fn push(&self, desk: &Desk, mutations: Vec<Envelope>) -> reqwest::blocking::Response;
    fn push_ok(&self, desk: &Desk, mutations: Vec<Envelope>) -> Vec<PushResult>;
    fn pull(&self, desk: &Desk, cursor: i64, limit: i64) -> PullResponse;
    fn pull_all(&self, desk: &Desk, cursor: i64) -> (Vec<Change>, i64);
}

impl ServerExt for Server {
    fn http(&self) -> reqwest::blocking::Client {
        reqwest::blocking::Client::new()
    }

    fn post(
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

    fn count(&self, sql: &str) -> i64 {
        self.pool.get().unwrap().query_one(sql, &[]).unwrap().get(0)
    }

    /// Logs in and registers a new device.
    fn desk(&self, org: &str, login: &str) -> Desk {
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

    fn push(&self, desk: &Desk, mutations: Vec<Envelope>) -> reqwest::blocking::Response {
        self.post(
            "/api/v1/sync/push",
            Some(&desk.token),
            &PushRequest {
                device_id: desk.device,
                mutations,
            },
        )
    }

    fn push_ok(&self, desk: &Desk, mutations: Vec<Envelope>) -> Vec<PushResult> {
        let resp = self.push(desk, mutations);
        assert_eq!(resp.status(), 200);
        resp.json::<PushResponse>().unwrap().results
    }

    fn pull(&self, desk: &Desk, cursor: i64, limit: i64) -> PullResponse {
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
    fn pull_all(&self, desk: &Desk, mut cursor: i64) -> (Vec<Change>, i64) {
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
