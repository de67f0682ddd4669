//! Talking to the test server (fairdesk_server::testing) over real HTTP.
#![allow(dead_code)]

pub mod desks;

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

/// What a desk of `user` must hold after syncing until quiet: every row of the company as the
/// server's visibility rules send it to that user (whole, redacted or not at all), with the
/// derived tables (levels, tags, phones, search keys) recomputed from those documents.
pub fn expected_replica(s: &Server, user: Id) -> fairdesk_store::snapshot::Replica {
    expected_replica_in(&s.pool, user)
}

/// The same against any server's database.
pub fn expected_replica_in(
    pool: &fairdesk_server::Pool,
    user: Id,
) -> fairdesk_store::snapshot::Replica {
    use fairdesk_server::visibility::{as_sent, Sent, Teams};
    let mut c = pool.get().unwrap();
    let org: uuid::Uuid = c
        .query_one("SELECT id FROM orgs WHERE slug = 'demo'", &[])
        .unwrap()
        .get(0);
    let teams = Teams::load(&mut *c, org).unwrap();
    let me = c
        .query_one(
            "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'user' AND id = $2",
            &[&org, &user.0],
        )
        .unwrap();
    let me: fairdesk_core::user::User = serde_json::from_value(me.get(0)).unwrap();
    let actor = Actor {
        user_id: me.id,
        role: me.data.role,
        team: me.data.team.clone(),
        device_id: Id::NIL,
    };
    let mut docs = Vec::new();
    for row in c
        .query(
            "SELECT entity, id, owner_id, doc::text FROM rows WHERE org_id = $1",
            &[&org],
        )
        .unwrap()
    {
        let entity: String = row.get(0);
        let owner: Option<uuid::Uuid> = row.get(2);
        let sent = teams.sent(&actor, &entity, owner.map(Id));
        if sent == Sent::Not {
            continue;
        }
        let (id, doc) = as_sent(sent, &entity, Id(row.get(1)), row.get(3)).unwrap();
        let doc: serde_json::Value = serde_json::from_str(doc.unwrap().get()).unwrap();
        docs.push((entity, id, doc));
    }
    fairdesk_store::snapshot::Replica::expected(docs).unwrap()
}

/// Every synced table of the desk equals the server's state for its user (call when the
/// desk's outbox is empty, right after a sync).
pub fn assert_converged(s: &Server, store: &fairdesk_store::Store, who: &str) {
    assert_converged_in(&s.pool, store, who)
}

/// The same against any server's database.
pub fn assert_converged_in(pool: &fairdesk_server::Pool, store: &fairdesk_store::Store, who: &str) {
    let user = store.server_user().unwrap().expect("a logged-in desk");
    assert_eq!(
        fairdesk_store::queries::outbox::pending_count(store.conn()).unwrap(),
        0,
        "{who}: the outbox is empty"
    );
    let want = expected_replica_in(pool, user);
    let got = store.replica().unwrap();
    let diff = got.differences(&want, 20);
    assert!(
        diff.is_empty(),
        "{who}'s desk differs from the server:\n{}",
        diff.join("\n")
    );
}
