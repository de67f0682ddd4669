//! The public shipment lookup: a page where the end customer enters the order number and the
//! last four digits of the receiver's phone. Both must match; anything else gets the same
//! "not found", so order numbers can't be probed. Rate-limited per client address.

use crate::error::ApiError;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use fairdesk_core::customer::Customer;
use fairdesk_core::shipping::{mask_tracking, receiver, Delivery};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Lookups per client address per minute.
pub const LOOKUPS_PER_MINUTE: u32 = 20;
/// Lookups per company per minute, from all addresses together.
pub const COMPANY_LOOKUPS_PER_MINUTE: u32 = 120;
/// Lookups of one order number per minute: guessing its 10,000 phone suffixes from many
/// addresses is no faster than from one.
pub const ORDER_LOOKUPS_PER_MINUTE: u32 = 5;
const MAX_KEYS: usize = 10_000;

/// Counts per key per minute; at most `MAX_KEYS` keys are kept (old windows go first).
#[derive(Default)]
pub struct TrackLimiter(Mutex<HashMap<String, (u32, Instant)>>);

impl TrackLimiter {
    pub fn allow(&self, key: &str, per_minute: u32) -> bool {
        let mut map = self.0.lock().expect("limiter lock");
        let minute = Duration::from_secs(60);
        if map.len() >= MAX_KEYS {
            map.retain(|_, (_, since)| since.elapsed() < minute);
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        let entry = map.entry(key.to_string()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= minute {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
        entry.0 <= per_minute
    }
}

/// A company's short name as `org create` allows it.
fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// An order number as the desk prints them (letters, digits, '-'), at most 40 characters.
fn is_order_no(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
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

fn page(body: &str) -> Response {
    let html = format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>物流查询</title>
<style>body{{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:480px;margin:40px auto;padding:0 16px;color:#1f2329}}
input{{font:inherit;padding:6px 8px;margin:4px 0 12px;width:100%;box-sizing:border-box}}button{{font:inherit;padding:6px 18px}}
.result{{margin-top:20px;padding:12px;background:#f5f6f8;border-radius:6px}}
ol{{padding-left:18px;font-size:14px}}li{{margin:4px 0}}.delivery+.delivery{{margin-top:14px}}</style></head>
<body><h1>物流查询</h1>
<form method="get"><label>订单号<input name="order" required maxlength="40"></label>
<label>收货人手机号后四位<input name="phone4" required pattern="[0-9]{{4}}" maxlength="4"></label>
<button type="submit">查询</button></form>{body}</body></html>"#,
        body = body
    );
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        Html(html),
    )
        .into_response()
}

/// The page for a company's customers. An unknown company answers exactly like a known one
/// with no such order (the page names no company), so company names can't be probed either.
pub async fn track(
    State(state): State<crate::http::AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Path(org): Path<String>,
    Query(q): Query<Lookup>,
) -> Result<Response, ApiError> {
    if q.order.is_empty() && q.phone4.is_empty() {
        return Ok(page(""));
    }
    let ip = state.client_ip(&headers, addr);
    let (order, phone4) = (q.order.trim().to_string(), q.phone4.trim().to_string());
    let limits = &state.track_limiter;
    if !limits.allow(&format!("ip {ip}"), LOOKUPS_PER_MINUTE)
        || !limits.allow(&format!("org {org}"), COMPANY_LOOKUPS_PER_MINUTE)
        || !limits.allow(&format!("order {org} {order}"), ORDER_LOOKUPS_PER_MINUTE)
    {
        return Err(ApiError::RateLimited);
    }
    let well_formed = is_slug(&org)
        && is_order_no(&order)
        && phone4.len() == 4
        && phone4.bytes().all(|b| b.is_ascii_digit());
    // The order's deliveries when the phone is the receiver's: each with its carrier, the
    // tracking number masked and the events — nothing else of the order or the customer.
    let deliveries = if well_formed {
        let (org, order, phone4) = (org.clone(), order.clone(), phone4.clone());
        crate::http::blocking(state.pool.clone(), move |c| {
            deliveries_for(c, &org, &order, &phone4)
        })
        .await?
    } else {
        Vec::new()
    };
    if !deliveries.is_empty() {
        return Ok(page(&timeline(&deliveries)));
    }
    let found = if well_formed {
        crate::http::blocking(state.pool.clone(), move |c| {
            Ok(c.query_opt(
                "SELECT s.carrier, s.tracking_no, s.status, to_char(s.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')
                 FROM shipments s JOIN orgs o ON o.id = s.org_id
                 WHERE o.slug = $1 AND s.order_no = $2 AND s.phone_last4 = $3",
                &[&org, &order, &phone4],
            )?
            .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1), r.get::<_, String>(2), r.get::<_, String>(3))))
        })
        .await?
    } else {
        None
    };
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
    Ok(page(&body))
}

/// The deliveries of a company's order whose receiver's phone ends in `phone4`, oldest first.
fn deliveries_for(
    c: &mut postgres::Client,
    org: &str,
    order: &str,
    phone4: &str,
) -> Result<Vec<Delivery>, ApiError> {
    let rows = c.query(
        "SELECT d.doc, c.doc FROM rows d
         JOIN orgs o ON o.id = d.org_id
         LEFT JOIN rows c ON c.org_id = d.org_id AND c.entity = 'customer' AND c.id = d.parent_id
         WHERE o.slug = $1 AND d.entity = 'delivery' AND d.doc->>'order_number' = $2
         ORDER BY d.seq LIMIT 50",
        &[&org, &order],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let d: Delivery = serde_json::from_value(r.get(0))?;
        let Some(customer) = r
            .get::<_, Option<serde_json::Value>>(1)
            .and_then(|v| serde_json::from_value::<Customer>(v).ok())
        else {
            continue;
        };
        let phone: String = receiver(&d, &customer)
            .1
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if phone.len() >= 4 && phone.ends_with(phone4) {
            out.push(d);
        }
    }
    Ok(out)
}

/// Each delivery: carrier, masked tracking numbers, state and events, newest first.
fn timeline(deliveries: &[Delivery]) -> String {
    let lang = fairdesk_core::Lang::Zh;
    let mut html = String::from(r#"<div class="result" id="result">"#);
    for (i, d) in deliveries.iter().enumerate() {
        html.push_str(&format!(
            r#"<div class="delivery"><b>第 {} 批 · {}</b><br>承运商：{}"#,
            i + 1,
            escape(d.status.label(lang)),
            escape(d.carrier.label(lang))
        ));
        for p in &d.parcels {
            let track = d.tracks.iter().find(|t| t.tracking_no == p.tracking_no);
            html.push_str(&format!(
                "<p>运单号：{} · {}</p>",
                escape(&mask_tracking(&p.tracking_no)),
                escape(track.map_or("已出库，等待揽收", |t| t.tracking.state.label(lang)))
            ));
            if let Some(t) = track {
                html.push_str("<ol>");
                for e in &t.tracking.events {
                    html.push_str(&format!(
                        "<li>{} {}</li>",
                        e.at.format("%m-%d %H:%M"),
                        escape(&e.context)
                    ));
                }
                html.push_str("</ol>");
            }
        }
        html.push_str("</div>");
    }
    html.push_str("</div>");
    html
}
