//! Administration behind the CLI: companies, users, passwords, devices, login.

use crate::auth::{hash_password, new_token, verify_password, TOKEN_DAYS};
use crate::error::ApiError;
use crate::push::{put_row, shared};
use crate::sql::Statements;
use fairdesk_core::mutation::RowMeta;
use fairdesk_core::user::{User, UserData};
use fairdesk_core::{docnumber, Id, Role};
use fairdesk_sync::{DeviceRegistered, LoginRequest, LoginResponse, RegisterDevice};
use uuid::Uuid;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn new_uuid() -> Uuid {
    let mut r = [0u8; 10];
    getrandom::fill(&mut r).expect("OS random source");
    Id::v7(now_ms() as u64, r).0
}

pub fn org_id(client: &mut postgres::Client, slug: &str) -> Result<Uuid, ApiError> {
    client
        .query_opt("SELECT id FROM orgs WHERE slug = $1", &[&slug])?
        .map(|r| r.get(0))
        .ok_or_else(|| ApiError::BadRequest(format!("no company {slug:?}")))
}

pub fn create_org(client: &mut postgres::Client, slug: &str, name: &str) -> Result<Uuid, ApiError> {
    if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ApiError::BadRequest(
            "company slug: letters, digits and '-'".into(),
        ));
    }
    let id = new_uuid();
    client.execute(
        "INSERT INTO orgs (id, slug, name) VALUES ($1, $2, $3)",
        &[&id, &slug, &name],
    )?;
    Ok(id)
}

/// Creates a user with a login; the user row replicates to the company's devices.
pub fn add_user(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
    data: UserData,
    password: &str,
) -> Result<Id, ApiError> {
    data.validate()
        .map_err(|e| ApiError::BadRequest(format!("{:?}", e)))?;
    if password.chars().count() < 8 {
        return Err(ApiError::BadRequest(
            "password: at least 8 characters".into(),
        ));
    }
    let org = org_id(client, org_slug)?;
    let id = Id(new_uuid());
    let at = now_ms();
    let user = User {
        id,
        data,
        meta: RowMeta {
            created_by: Id::NIL,
            created_at: at,
            created_device: Id::NIL,
            updated_by: Id::NIL,
            updated_at: at,
            updated_device: Id::NIL,
        },
    };
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT 1 FROM orgs WHERE id = $1 FOR NO KEY UPDATE",
        &[&org],
    )?;
    tx.execute(
        "INSERT INTO users (id, org_id, login, password_hash) VALUES ($1, $2, $3, $4)",
        &[&id.0, &org, &login, &hash_password(password)],
    )?;
    let sql = Statements::prepare(&mut tx, org)?;
    put_row(
        &mut tx,
        &sql,
        org,
        shared("user", id.0, serde_json::to_value(&user)?, false),
    )?;
    sql.finish(&mut tx)?;
    tx.commit()?;
    Ok(id)
}

fn user_by_login(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
) -> Result<(Uuid, Uuid, String), ApiError> {
    client
        .query_opt(
            "SELECT u.id, u.org_id, u.password_hash FROM users u JOIN orgs o ON o.id = u.org_id
             WHERE o.slug = $1 AND u.login = $2",
            &[&org_slug, &login],
        )?
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .ok_or_else(|| ApiError::BadRequest(format!("no user {login:?} in {org_slug:?}")))
}

pub fn set_password(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
    password: &str,
) -> Result<(), ApiError> {
    if password.chars().count() < 8 {
        return Err(ApiError::BadRequest(
            "password: at least 8 characters".into(),
        ));
    }
    let (id, _, _) = user_by_login(client, org_slug, login)?;
    client.execute(
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        &[&hash_password(password), &id],
    )?;
    // A new password logs out every device.
    client.execute(
        "UPDATE tokens SET revoked = true WHERE user_id = $1",
        &[&id],
    )?;
    Ok(())
}

/// Moves a user to a team (managers see their team's customers); the change replicates.
pub fn set_team(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
    team: &str,
) -> Result<(), ApiError> {
    update_user(client, org_slug, login, |u| {
        u.data.team = team.trim().to_string()
    })
}

/// Disables a user: their tokens stop working and the change replicates.
pub fn disable_user(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
) -> Result<(), ApiError> {
    update_user(client, org_slug, login, |u| u.data.active = false)?;
    let (id, _, _) = user_by_login(client, org_slug, login)?;
    client.execute(
        "UPDATE tokens SET revoked = true WHERE user_id = $1",
        &[&id],
    )?;
    Ok(())
}

fn update_user(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
    change: impl FnOnce(&mut User),
) -> Result<(), ApiError> {
    let (id, org, _) = user_by_login(client, org_slug, login)?;
    let mut tx = client.transaction()?;
    tx.execute(
        "SELECT 1 FROM orgs WHERE id = $1 FOR NO KEY UPDATE",
        &[&org],
    )?;
    let doc: serde_json::Value = tx
        .query_one(
            "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'user' AND id = $2",
            &[&org, &id],
        )?
        .get(0);
    let mut user: User = serde_json::from_value(doc)?;
    change(&mut user);
    user.data
        .validate()
        .map_err(|e| ApiError::BadRequest(format!("{e:?}")))?;
    user.meta.updated_at = now_ms();
    let sql = Statements::prepare(&mut tx, org)?;
    let deleted = !user.data.active;
    put_row(
        &mut tx,
        &sql,
        org,
        shared("user", id, serde_json::to_value(&user)?, deleted),
    )?;
    sql.finish(&mut tx)?;
    tx.commit()?;
    Ok(())
}

/// Checks the password and issues a token. Wrong company, login or password all answer the
/// same way, so logins can't be probed.
pub fn login(client: &mut postgres::Client, req: &LoginRequest) -> Result<LoginResponse, ApiError> {
    let found = user_by_login(client, &req.org, &req.login).ok();
    // An unknown login is checked against a dummy hash: it takes as long as a wrong password.
    let hash = found
        .as_ref()
        .map(|(_, _, h)| h.as_str())
        .unwrap_or_else(|| crate::auth::dummy_hash());
    let verified = verify_password(hash, &req.password);
    let Some((id, org, _)) = found.filter(|_| verified) else {
        return Err(ApiError::Unauthorized);
    };
    let doc: serde_json::Value = client
        .query_one(
            "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'user' AND id = $2",
            &[&org, &id],
        )?
        .get(0);
    let user: User = serde_json::from_value(doc)?;
    if !user.data.active {
        return Err(ApiError::Unauthorized);
    }
    let (token, token_hash) = new_token();
    let expires_at_ms = now_ms() + TOKEN_DAYS * 86_400_000;
    client.execute(
        "INSERT INTO tokens (hash, user_id, org_id, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(days => $4))",
        &[&token_hash, &id, &org, &(TOKEN_DAYS as i32)],
    )?;
    Ok(LoginResponse {
        token,
        expires_at_ms,
        user,
    })
}

/// Registers a device for the user. Its document-number code is kept when free in the
/// company, otherwise a free one is drawn: a bounded number of random 2-, then 3-, then
/// 4-character codes, each tried by an insert the unique index decides (no company lock is
/// taken, so logins and pushes go on meanwhile). A user has at most `device_limit` devices.
pub fn register_device(
    client: &mut postgres::Client,
    session: &crate::auth::Session,
    req: &RegisterDevice,
) -> Result<DeviceRegistered, ApiError> {
    let org = session.org_id;
    let user = session.user.id.0;
    let known = |client: &mut postgres::Client| -> Result<Option<String>, ApiError> {
        Ok(client
            .query_opt(
                "SELECT code FROM devices WHERE id = $1 AND org_id = $2 AND user_id = $3",
                &[&req.device_id.0, &org, &user],
            )?
            .map(|r| r.get(0)))
    };
    if let Some(code) = known(client)? {
        return Ok(DeviceRegistered {
            device_id: req.device_id,
            code,
        });
    }
    let row = client.query_one(
        "SELECT u.device_limit, (SELECT count(*) FROM devices d WHERE d.user_id = u.id)
         FROM users u WHERE u.id = $1",
        &[&user],
    )?;
    let (limit, used): (i32, i64) = (row.get(0), row.get(1));
    if used >= i64::from(limit) {
        return Err(ApiError::Conflict(format!(
            "此账号已登记 {used} 台设备（上限 {limit}）：请管理员停用旧设备或提高上限 / \
             this account has {used} devices (limit {limit}): ask an administrator to retire one"
        )));
    }
    let mut candidates = Vec::new();
    if docnumber::is_device_code(&req.code) {
        candidates.push(req.code.clone());
    }
    for len in [2usize, 3, 4] {
        for _ in 0..CODE_TRIES {
            let mut r = [0u8; 4];
            getrandom::fill(&mut r).expect("OS random source");
            let code = docnumber::device_code(r);
            candidates.push(code[..len].to_string());
        }
    }
    for code in candidates {
        let inserted = client.execute(
            "INSERT INTO devices (id, org_id, user_id, code) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            &[&req.device_id.0, &org, &user, &code],
        )?;
        if inserted == 1 {
            return Ok(DeviceRegistered {
                device_id: req.device_id,
                code,
            });
        }
        // The id itself may be the conflict: registered meanwhile by this user, or by a
        // colleague's desk (ids are per company: another company's are unknown here).
        if let Some(code) = known(client)? {
            return Ok(DeviceRegistered {
                device_id: req.device_id,
                code,
            });
        }
        if client
            .query_opt(
                "SELECT 1 FROM devices WHERE org_id = $1 AND id = $2",
                &[&org, &req.device_id.0],
            )?
            .is_some()
        {
            return Err(ApiError::Conflict(
                "this device id can't be used: make a new one".into(),
            ));
        }
    }
    Err(ApiError::Conflict(
        "no free device code in this company: retire unused devices".into(),
    ))
}

/// Random codes tried per length before a longer one.
const CODE_TRIES: usize = 8;

pub fn set_device_limit(
    client: &mut postgres::Client,
    org_slug: &str,
    login: &str,
    limit: i32,
) -> Result<(), ApiError> {
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::BadRequest("device limit: 1 to 10000".into()));
    }
    let (id, _, _) = user_by_login(client, org_slug, login)?;
    client.execute(
        "UPDATE users SET device_limit = $1 WHERE id = $2",
        &[&limit, &id],
    )?;
    Ok(())
}

pub struct DeviceRow {
    pub id: Uuid,
    pub code: String,
    pub login: String,
    pub registered_at: String,
}

pub fn list_devices(
    client: &mut postgres::Client,
    org_slug: &str,
) -> Result<Vec<DeviceRow>, ApiError> {
    let org = org_id(client, org_slug)?;
    Ok(client
        .query(
            "SELECT d.id, d.code, u.login, to_char(d.registered_at, 'YYYY-MM-DD HH24:MI')
             FROM devices d JOIN users u ON u.id = d.user_id WHERE d.org_id = $1 ORDER BY d.code",
            &[&org],
        )?
        .iter()
        .map(|r| DeviceRow {
            id: r.get(0),
            code: r.get(1),
            login: r.get(2),
            registered_at: r.get(3),
        })
        .collect())
}

/// Retires a device: it can no longer push (its user may register another). What it pushed
/// stays; its code may be reused.
pub fn retire_device(
    client: &mut postgres::Client,
    org_slug: &str,
    code: &str,
) -> Result<(), ApiError> {
    let org = org_id(client, org_slug)?;
    let n = client.execute(
        "DELETE FROM devices WHERE org_id = $1 AND code = $2",
        &[&org, &code],
    )?;
    if n == 0 {
        return Err(ApiError::BadRequest(format!(
            "no device {code:?} in {org_slug:?}"
        )));
    }
    Ok(())
}

pub fn parse_role(s: &str) -> Result<Role, ApiError> {
    Role::parse(s).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "role: one of admin, manager, rep, warehouse, finance (got {s:?})"
        ))
    })
}
