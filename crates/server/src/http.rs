//! The HTTP API (axum). Handlers are thin: parse, authenticate, run the blocking database
//! work on the blocking pool, answer JSON.

use crate::auth::{authenticate, LoginLimiter, Session, MAX_NAME, MAX_PASSWORD};
use crate::error::ApiError;
use crate::{admin, pull, push, Pool};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use fairdesk_sync::{
    DeviceRegistered, LoginRequest, LoginResponse, PullResponse, PushRequest, PushResponse,
    RegisterDevice, RowsRequest, RowsResponse, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use serde::Deserialize;
use std::sync::Arc;

/// Largest request body (a push of 500 mutations fits comfortably).
pub const MAX_BODY: usize = 4 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub limiter: Arc<LoginLimiter>,
    pub track_limiter: Arc<crate::track::TrackLimiter>,
    /// The header a trusted TLS proxy in front sets to the client's address (e.g.
    /// `x-forwarded-for`); unset, the peer address is the client's.
    pub client_ip_header: Option<String>,
    /// The salt of the tracking service's subscription pushes; unset, pushes are refused.
    pub tracking_salt: Option<String>,
}

impl AppState {
    pub fn new(pool: Pool) -> AppState {
        AppState {
            pool,
            limiter: Arc::new(LoginLimiter::default()),
            track_limiter: Arc::new(Default::default()),
            client_ip_header: None,
            tracking_salt: None,
        }
    }

    /// The client's address: from the trusted proxy's header when one is configured (its last
    /// entry, the one the proxy itself added), else the peer's.
    pub fn client_ip(&self, headers: &HeaderMap, peer: std::net::SocketAddr) -> std::net::IpAddr {
        self.client_ip_header
            .as_deref()
            .and_then(|name| headers.get(name))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(peer.ip())
    }
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/login", post(login))
        .route("/devices", post(register_device))
        .route("/sync/push", post(push_handler))
        .route("/sync/pull", get(pull_handler))
        .route("/sync/rows", post(rows_handler))
        .layer(middleware::from_fn(check_protocol))
        .layer(middleware::from_fn(check_length));
    Router::new()
        .route("/health", get(health))
        .route("/track/{org}", get(crate::track::track))
        .route(
            "/hooks/kuaidi100/{org}",
            post(crate::tracking::callback::receive),
        )
        .nest("/api/v1", api)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

async fn health() -> &'static str {
    "ok"
}

/// A declared body over the limit is refused before any of it is read.
async fn check_length(req: Request, next: Next) -> Result<Response, ApiError> {
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(n) if n > MAX_BODY => Err(ApiError::TooLarge),
        _ => Ok(next.run(req).await),
    }
}

/// Every API request names the protocol version; other versions get a clear "please update".
async fn check_protocol(req: Request, next: Next) -> Result<Response, ApiError> {
    let version = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u32>().ok());
    match version {
        Some(PROTOCOL_VERSION) => Ok(next.run(req).await),
        Some(v) => Err(ApiError::Protocol(format!(
            "protocol {v} is not supported (server speaks {PROTOCOL_VERSION}): please update Fairdesk / 请升级 Fairdesk"
        ))),
        None => Err(ApiError::Protocol(format!("missing {PROTOCOL_HEADER} header"))),
    }
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    match body {
        Ok(Json(v)) => Ok(v),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::TooLarge),
        Err(e) => Err(ApiError::BadRequest(e.body_text())),
    }
}

fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .ok_or(ApiError::Unauthorized)
}

/// Runs database work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    pool: Pool,
    work: impl FnOnce(&mut postgres::Client) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || {
        let mut client = pool.get()?;
        work(&mut client)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?
}

async fn with_session<T: Send + 'static>(
    state: &AppState,
    headers: &HeaderMap,
    work: impl FnOnce(&mut postgres::Client, &Session) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let token = bearer(headers)?;
    blocking(state.pool.clone(), move |client| {
        let session = authenticate(client, &token)?;
        work(client, &session)
    })
    .await
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let req = json_body(body)?;
    // Over-long names never reach the limiter's memory or the database.
    if req.org.len() > MAX_NAME || req.login.len() > MAX_NAME || req.password.len() > MAX_PASSWORD {
        return Err(ApiError::BadRequest(format!(
            "company and login: at most {MAX_NAME} bytes; password: at most {MAX_PASSWORD}"
        )));
    }
    let ip = state.client_ip(&headers, peer);
    let key = format!("{}/{}", req.org, req.login);
    state.limiter.check(ip, &key)?;
    let result = blocking(state.pool.clone(), move |c| admin::login(c, &req)).await;
    match &result {
        Ok(_) => state.limiter.succeeded(ip, &key),
        Err(ApiError::Unauthorized) => state.limiter.failed(ip, &key),
        Err(_) => {}
    }
    result.map(Json)
}

async fn register_device(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RegisterDevice>, JsonRejection>,
) -> Result<Json<DeviceRegistered>, ApiError> {
    let req = json_body(body)?;
    with_session(&state, &headers, move |c, s| {
        admin::register_device(c, s, &req)
    })
    .await
    .map(Json)
}

async fn push_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let req = json_body(body)?;
    with_session(&state, &headers, move |c, s| push::push(c, s, req))
        .await
        .map(Json)
}

#[derive(Deserialize)]
struct PullQuery {
    cursor: i64,
    #[serde(default = "default_limit")]
    limit: i64,
}

fn default_limit() -> i64 {
    1000
}

async fn pull_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    with_session(&state, &headers, move |c, s| {
        pull::pull(c, s, q.cursor, q.limit)
    })
    .await
    .map(Json)
}

async fn rows_handler(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<RowsRequest>, JsonRejection>,
) -> Result<Json<RowsResponse>, ApiError> {
    let req = json_body(body)?;
    with_session(&state, &headers, move |c, s| pull::rows(c, s, req))
        .await
        .map(Json)
}
