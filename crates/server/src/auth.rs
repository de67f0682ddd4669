//! Passwords (argon2id), opaque bearer tokens (stored only as sha256, expiring, revocable)
//! and the login rate limit.

use crate::error::ApiError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use fairdesk_core::user::User;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a token is valid.
pub const TOKEN_DAYS: i64 = 30;

pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("OS random source");
    let salt = SaltString::encode_b64(&salt).expect("16-byte salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing")
        .to_string()
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new token (given to the client once) and its hash (stored).
pub fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("OS random source");
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Who is calling: their company and their user record (role and team from the server).
#[derive(Clone, Debug)]
pub struct Session {
    pub org_id: uuid::Uuid,
    pub user: User,
}

/// Resolves a bearer token; expired, revoked or disabled users get 401.
pub fn authenticate(
    client: &mut impl postgres::GenericClient,
    token: &str,
) -> Result<Session, ApiError> {
    let row = client.query_opt(
        "SELECT t.org_id, r.doc FROM tokens t
         JOIN rows r ON r.org_id = t.org_id AND r.entity = 'user' AND r.id = t.user_id
         WHERE t.hash = $1 AND NOT t.revoked AND t.expires_at > now()",
        &[&token_hash(token)],
    )?;
    let Some(row) = row else {
        return Err(ApiError::Unauthorized);
    };
    let user: User = serde_json::from_value(row.get(1))?;
    if !user.data.active {
        return Err(ApiError::Unauthorized);
    }
    Ok(Session {
        org_id: row.get(0),
        user,
    })
}

/// Failed-login backoff. A wrong password counts against the source address *and* login, so
/// somebody elsewhere guessing a user's password never locks that user out: after
/// `FREE_FAILURES` the pair waits 2, 4, 8 … s (at most `MAX_WAIT`) between tries. Each address
/// also has `PER_ADDRESS` failures a minute over all logins (spraying many logins). Entries are
/// forgotten after `FORGET`, and at most `MAX_ENTRIES` are kept, so memory stays bounded.
#[derive(Default)]
pub struct LoginLimiter {
    inner: Mutex<Limits>,
}

#[derive(Default)]
struct Limits {
    pairs: HashMap<(IpAddr, String), Strikes>,
    addresses: HashMap<IpAddr, Strikes>,
}

#[derive(Clone, Copy)]
struct Strikes {
    count: u32,
    first: Instant,
    last: Instant,
}

pub const FREE_FAILURES: u32 = 5;
pub const PER_ADDRESS: u32 = 30;
const MAX_WAIT: Duration = Duration::from_secs(60);
const FORGET: Duration = Duration::from_secs(15 * 60);
pub const MAX_ENTRIES: usize = 10_000;
/// Longest company or login name (both are short identifiers).
pub const MAX_NAME: usize = 64;
/// Longest password accepted (hashing is deliberately slow).
pub const MAX_PASSWORD: usize = 256;

impl LoginLimiter {
    /// May this address try this login now?
    pub fn check(&self, ip: IpAddr, key: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let limits = self.inner.lock().expect("limiter lock");
        if let Some(a) = limits.addresses.get(&ip) {
            if a.count >= PER_ADDRESS && now.duration_since(a.first) < Duration::from_secs(60) {
                return Err(ApiError::RateLimited);
            }
        }
        if let Some(p) = limits.pairs.get(&(ip, key.to_string())) {
            if p.count >= FREE_FAILURES && now.duration_since(p.last) < wait(p.count) {
                return Err(ApiError::RateLimited);
            }
        }
        Ok(())
    }

    pub fn failed(&self, ip: IpAddr, key: &str) {
        let now = Instant::now();
        let mut limits = self.inner.lock().expect("limiter lock");
        let fresh = Strikes {
            count: 0,
            first: now,
            last: now,
        };
        let a = limits.addresses.entry(ip).or_insert(fresh);
        if now.duration_since(a.first) >= Duration::from_secs(60) {
            *a = fresh;
        }
        a.count += 1;
        a.last = now;
        let p = limits.pairs.entry((ip, key.to_string())).or_insert(fresh);
        if now.duration_since(p.last) >= FORGET {
            *p = fresh;
        }
        p.count += 1;
        p.last = now;
        limits.bound(now);
    }

    pub fn succeeded(&self, ip: IpAddr, key: &str) {
        let mut limits = self.inner.lock().expect("limiter lock");
        limits.pairs.remove(&(ip, key.to_string()));
    }

    /// Entries kept (for tests of the memory bound).
    pub fn len(&self) -> usize {
        let limits = self.inner.lock().expect("limiter lock");
        limits.pairs.len() + limits.addresses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Limits {
    /// Forgets old entries; past the cap, the least recent ones.
    fn bound(&mut self, now: Instant) {
        fn trim<K: Clone + Eq + std::hash::Hash>(map: &mut HashMap<K, Strikes>, now: Instant) {
            if map.len() < MAX_ENTRIES {
                return;
            }
            map.retain(|_, s| now.duration_since(s.last) < FORGET);
            if map.len() >= MAX_ENTRIES {
                let mut by_age: Vec<(K, Instant)> =
                    map.iter().map(|(k, s)| (k.clone(), s.last)).collect();
                by_age.sort_by_key(|(_, last)| *last);
                for (k, _) in by_age.into_iter().take(MAX_ENTRIES / 2) {
                    map.remove(&k);
                }
            }
        }
        trim(&mut self.pairs, now);
        trim(&mut self.addresses, now);
    }
}

/// How long a pair with `count` failures waits before its next try.
fn wait(count: u32) -> Duration {
    let steps = count.saturating_sub(FREE_FAILURES).min(6);
    Duration::from_secs(2u64 << steps).min(MAX_WAIT)
}

/// A hash to check against when the login doesn't exist, so an unknown login takes as long
/// as a wrong password and timing doesn't tell which logins exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("fairdesk: no such user"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_with_the_right_password() {
        let h = hash_password("正确的密码123");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "正确的密码123"));
        assert!(!verify_password(&h, "wrong"));
        assert!(!verify_password("not a hash", "x"));
    }

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([127, 0, 0, n])
    }

    #[test]
    fn failures_back_off_per_address_and_login_only() {
        let l = LoginLimiter::default();
        for _ in 0..FREE_FAILURES {
            assert!(l.check(ip(1), "org/li").is_ok());
            l.failed(ip(1), "org/li");
        }
        assert!(matches!(
            l.check(ip(1), "org/li"),
            Err(ApiError::RateLimited)
        ));
        assert!(
            l.check(ip(2), "org/li").is_ok(),
            "the real user elsewhere is not locked out"
        );
        assert!(l.check(ip(1), "org/wang").is_ok());
        assert_eq!(wait(FREE_FAILURES), Duration::from_secs(2));
        assert_eq!(wait(FREE_FAILURES + 2), Duration::from_secs(8));
        assert_eq!(wait(100), MAX_WAIT);
        l.succeeded(ip(1), "org/li");
        assert!(l.check(ip(1), "org/li").is_ok());
    }

    #[test]
    fn one_address_spraying_many_logins_is_stopped() {
        let l = LoginLimiter::default();
        for n in 0..PER_ADDRESS {
            l.failed(ip(3), &format!("org/user{n}"));
        }
        assert!(matches!(
            l.check(ip(3), "org/new"),
            Err(ApiError::RateLimited)
        ));
        assert!(l.check(ip(4), "org/new").is_ok());
    }

    #[test]
    fn memory_stays_bounded_however_many_logins_fail() {
        let l = LoginLimiter::default();
        for n in 0..(3 * MAX_ENTRIES as u32) {
            let addr = IpAddr::from((n + 1).to_be_bytes());
            l.failed(addr, &format!("org/{n}"));
        }
        assert!(l.len() <= 2 * MAX_ENTRIES, "{}", l.len());
    }
}
