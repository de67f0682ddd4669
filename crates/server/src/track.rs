//! The public shipment lookup: a page where the end customer enters the order number and the
//! last four digits of the receiver's phone. Both must match; anything else gets the same
//! "not found", so order numbers can't be probed. Rate-limited per client address.

use crate::error::ApiError;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Lookups per client address per minute.
pub const LOOKUPS_PER_MINUTE: u32 = 20;

#[derive(Default)]
pub struct TrackLimiter(Mutex<HashMap<IpAddr, (u32, Instant)>>);

impl TrackLimiter {
    pub fn allow(&self, ip: IpAddr) -> bool {
        let mut map = self.0.lock().expect("limiter lock");
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= Duration::from_secs(60) {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
        entry.0 <= LOOKUPS_PER_MINUTE
    }
}

#[derive(Deserialize)]
pub struct Lookup {
    #[serde(default)]
    order: String,
    #[serde(default)]
    phone4: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(org_name: &str, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>物流查询 · {org}</title>
<style>body{{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:480px;margin:40px auto;padding:0 16px;color:#1f2329}}
input{{font:inherit;padding:6px 8px;margin:4px 0 12px;width:100%;box-sizing:border-box}}button{{font:inherit;padding:6px 18px}}
.result{{margin-top:20px;padding:12px;background:#f5f6f8;border-radius:6px}}</style></head>
<body><h1>物流查询</h1><p>{org}</p>
<form method="get"><label>订单号<input name="order" required maxlength="40"></label>
<label>收货人手机号后四位<input name="phone4" required pattern="[0-9]{{4}}" maxlength="4"></label>
<button type="submit">查询</button></form>{body}</body></html>"#,
        org = escape(org_name),
        body = body
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

pub async fn track(
    State(state): State<crate::http::AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(org): Path<String>,
    Query(q): Query<Lookup>,
) -> Result<Response, ApiError> {
    let org_slug = org.clone();
    let org_name = crate::http::blocking(state.pool.clone(), move |c| {
        Ok(
            c.query_opt("SELECT name FROM orgs WHERE slug = $1", &[&org_slug])?
                .map(|r| r.get::<_, String>(0)),
        )
    })
    .await?
    .ok_or(ApiError::NotFound)?;
    if q.order.is_empty() && q.phone4.is_empty() {
        return Ok(page(&org_name, ""));
    }
    if !state.track_limiter.allow(addr.ip()) {
        return Err(ApiError::RateLimited);
    }
    let (order, phone4) = (q.order.trim().to_string(), q.phone4.trim().to_string());
    let found = crate::http::blocking(state.pool.clone(), move |c| {
        Ok(c.query_opt(
            "SELECT s.carrier, s.tracking_no, s.status, to_char(s.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
             FROM shipments s JOIN orgs o ON o.id = s.org_id
             WHERE o.slug = $1 AND s.order_no = $2 AND s.phone_last4 = $3",
            &[&org, &order, &phone4],
        )?
        .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1), r.get::<_, String>(2), r.get::<_, String>(3))))
    })
    .await?;
    let body = match found {
        Some((carrier, tracking, status, at)) => format!(
            r#"<div class="result" id="result"><b>{}</b><br>承运商：{}<br>运单号：{}<br>更新时间：{}</div>"#,
            escape(&status),
            escape(&carrier),
            escape(&tracking),
            escape(&at)
        ),
        None => {
            r#"<div class="result" id="result">未找到该订单，请核对订单号和手机号后四位。</div>"#
                .to_string()
        }
    };
    Ok(page(&org_name, &body))
}
