//! Passwords (argon2id), opaque bearer tokens (stored only as sha256, expiring, revocable)
//! and the login rate limit.

use crate::error::ApiError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use fairdesk_core::user::User;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
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

/// At most `MAX_FAILURES` failed logins per company+login per minute.
#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(60);

impl LoginLimiter {
    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        let map = self.failures.lock().expect("limiter lock");
        match map.get(key) {
            Some((n, since)) if *n >= MAX_FAILURES && since.elapsed() < WINDOW => {
                Err(ApiError::RateLimited)
            }
            _ => Ok(()),
        }
    }

    pub fn failed(&self, key: &str) {
        let mut map = self.failures.lock().expect("limiter lock");
        let entry = map.entry(key.to_string()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, key: &str) {
        self.failures.lock().expect("limiter lock").remove(key);
    }
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

    #[test]
    fn the_limiter_blocks_after_five_failures() {
        let l = LoginLimiter::default();
        for _ in 0..5 {
            assert!(l.check("org/li").is_ok());
            l.failed("org/li");
        }
        assert!(matches!(l.check("org/li"), Err(ApiError::RateLimited)));
        assert!(l.check("org/wang").is_ok());
        l.succeeded("org/li");
        assert!(l.check("org/li").is_ok());
    }
}
