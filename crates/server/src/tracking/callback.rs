//! The tracking service's subscription push (an alternative to polling, where the server has a
//! public address): `POST /hooks/kuaidi100/{org}` with the form fields `param` and `sign`. A
//! push whose signature doesn't match the configured salt changes nothing; one that does is
//! written like the poller's news and answered exactly as the service expects.

use super::kuaidi100::{callback, CALLBACK_OK};
use crate::http::AppState;
use axum::extract::{Form, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use uuid::Uuid;

fn answer(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn refused(message: &str) -> Response {
    answer(
        serde_json::json!({ "result": false, "returnCode": "500", "message": message }).to_string(),
    )
}

pub async fn receive(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let Some(salt) = state.tracking_salt.clone() else {
        return refused("tracking pushes are not configured");
    };
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let push = match callback(get("param"), get("sign"), &salt) {
        Ok(Some(p)) => p,
        Ok(None) => return refused("签名错误"),
        Err(e) => return refused(&e.to_string()),
    };
    let pool = state.pool.clone();
    let done = push.tracking.state.is_final();
    let work = crate::http::blocking(state.pool.clone(), move |c| {
        let parcel = serde_json::json!([{ "tracking_no": push.num }]);
        let rows = c.query(
            "SELECT r.org_id, r.id FROM rows r JOIN orgs o ON o.id = r.org_id
             WHERE o.slug = $1 AND r.entity = 'delivery' AND r.doc->'parcels' @> $2",
            &[&org, &parcel],
        )?;
        for r in rows {
            let (org_id, delivery): (Uuid, Uuid) = (r.get(0), r.get(1));
            super::poller::record_news(&pool, org_id, delivery, &push.num, &push.tracking)?;
            if done {
                c.execute(
                    "INSERT INTO parcel_polls (org_id, tracking_no, checked_at, done)
                     VALUES ($1, $2, 0, true)
                     ON CONFLICT (org_id, tracking_no) DO UPDATE SET done = true",
                    &[&org_id, &push.num],
                )?;
            }
        }
        Ok(())
    })
    .await;
    match work {
        Ok(()) => answer(CALLBACK_OK.to_string()),
        Err(e) => refused(&e.detail()),
    }
}
