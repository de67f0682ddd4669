//! API errors: a status, a stable code and a message a person can read.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use fairdesk_sync::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("please log in again")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Protocol(String),
    #[error("too many attempts, try again in a minute")]
    RateLimited,
    #[error("request too large")]
    TooLarge,
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    /// The database refused the data itself (a NUL byte, a value out of range): the request's
    /// fault, never retried as it is. The detail goes to the log only.
    #[error("the server could not store this data")]
    Data(String),
    /// Anything else: the detail goes to the log, the answer says only "internal error".
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The whole story, detail included: for the admin CLI and the log, never for an answer.
    pub fn detail(&self) -> String {
        match self {
            ApiError::Internal(d) | ApiError::Data(d) => format!("{self}: {d}"),
            _ => self.to_string(),
        }
    }

    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Protocol(_) => (StatusCode::UPGRADE_REQUIRED, "protocol"),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Data(_) => (StatusCode::BAD_REQUEST, "bad_data"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.parts();
        match &self {
            ApiError::Internal(detail) => tracing::error!(%detail, "request failed"),
            ApiError::Data(detail) => tracing::warn!(%detail, "data refused by the database"),
            _ => {}
        }
        let body = ErrorBody {
            error: code.into(),
            message: self.to_string(),
        };
        (status, Json(body)).into_response()
    }
}

impl From<postgres::Error> for ApiError {
    fn from(e: postgres::Error) -> Self {
        let detail = match e.as_db_error() {
            Some(db) => format!("{}: {}", db.code().code(), db.message()),
            None => e.to_string(),
        };
        // SQLSTATE class 22 (data exception) and 23 (integrity): the data, not the server.
        match e.code().map(|c| c.code()) {
            Some(c) if c.starts_with("22") || c.starts_with("23") => ApiError::Data(detail),
            _ => ApiError::Internal(detail),
        }
    }
}

impl From<r2d2::Error> for ApiError {
    fn from(e: r2d2::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::Internal(format!("stored data: {e}"))
    }
}
