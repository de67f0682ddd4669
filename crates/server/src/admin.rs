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
    tx.execute("SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE", &[&org])?;
    tx.execute(
        "INSERT INTO users (id, org_id, login, password_hash) VALUES ($1, $2, $3, $4)",
        &[&id.0, &org, &login, &hash_password(password)],
    )?;
    let sql = Statements::prepare(&mut tx)?;
    put_row(
        &mut tx,
        &sql,
        org,
        shared("user", id.0, serde_json::to_value(&user)?, false),
    )?;
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
    tx.execute("SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE", &[&org])?;
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
    let sql = Statements::prepare(&mut tx)?;
    let deleted = !user.data.active;
    put_row(
        &mut tx,
        &sql,
        org,
        shared("user", id, serde_json::to_value(&user)?, deleted),
    )?;
    tx.commit()?;
    Ok(())
}

/// Checks the password and issues a token. Wrong company, login or password all answer the
/// same way, so logins can't be probed.
pub fn login(client: &mut postgres::Client, req: &LoginRequest) -> Result<LoginResponse, ApiError> {
    let found = user_by_login(client, &req.org, &req.login).ok();
    let Some((id, org, _)) = found.filter(|(_, _, h)| verify_password(h, &req.password)) else {
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
/// company, otherwise a free one is assigned.
pub fn register_device(
    client: &mut postgres::Client,
    session: &crate::auth::Session,
    req: &RegisterDevice,
) -> Result<DeviceRegistered, ApiError> {
    let org = session.org_id;
    let mut tx = client.transaction()?;
    tx.execute("SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE", &[&org])?;
    if let Some(row) = tx.query_opt(
        "SELECT org_id, user_id, code FROM devices WHERE id = $1",
        &[&req.device_id.0],
    )? {
        if row.get::<_, Uuid>(0) != org || row.get::<_, Uuid>(1) != session.user.id.0 {
            return Err(ApiError::Forbidden(
                "this device belongs to someone else".into(),
            ));
        }
        return Ok(DeviceRegistered {
            device_id: req.device_id,
            code: row.get(2),
        });
    }
    let taken = |tx: &mut postgres::Transaction, code: &str| -> Result<bool, postgres::Error> {
        Ok(tx
            .query_opt(
                "SELECT 1 FROM devices WHERE org_id = $1 AND code = $2",
                &[&org, &code],
            )?
            .is_some())
    };
    let mut code = req.code.clone();
    if !docnumber::is_device_code(&code) || taken(&mut tx, &code)? {
        code = loop {
            let mut r = [0u8; 2];
            getrandom::fill(&mut r).expect("OS random source");
            let c = docnumber::device_code(r);
            if !taken(&mut tx, &c)? {
                break c;
            }
        };
    }
    tx.execute(
        "INSERT INTO devices (id, org_id, user_id, code) VALUES ($1, $2, $3, $4)",
        &[&req.device_id.0, &org, &session.user.id.0, &code],
    )?;
    tx.commit()?;
    Ok(DeviceRegistered {
        device_id: req.device_id,
        code,
    })
}

pub fn parse_role(s: &str) -> Result<Role, ApiError> {
    Role::parse(s).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "role: one of admin, manager, rep, warehouse, finance (got {s:?})"
        ))
    })
}
