//! The tracking round: every parcel of a delivery still on its way is asked about at most once
//! per `gap` (the service allows one query per number per 30 minutes), outside any database
//! transaction — a slow service never holds a company's writers. News changes the delivery
//! (and, once everything is signed for, completes the order) under fresh change numbers, so it
//! reaches the desks by their normal pull.

use super::kuaidi100::{self, Account, Answer, Query};
use crate::db::Pool;
use crate::error::ApiError;
use fairdesk_core::apply::Effect;
use fairdesk_core::customer::Customer;
use fairdesk_core::order::Order;
use fairdesk_core::shipping::{self as ship, Delivery};
use uuid::Uuid;

/// The service's limit per number.
pub const GAP_MS: i64 = 30 * 60 * 1000;

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub asked: usize,
    /// Parcels whose news changed a delivery.
    pub changed: usize,
    pub no_result: usize,
    pub rate_limited: usize,
    /// The service refused the requests themselves (key, signature): the round stops.
    pub refused: Option<String>,
}

struct Due {
    org: Uuid,
    delivery: Uuid,
    tracking_no: String,
    com: String,
    phone: String,
}

fn due(pool: &Pool, now_ms: i64, gap_ms: i64, limit: i64) -> Result<Vec<Due>, ApiError> {
    let mut c = pool.get().map_err(|e| ApiError::Internal(e.to_string()))?;
    let rows = c.query(
        "SELECT r.org_id, r.id, p->>'tracking_no', r.doc, c.doc, co.doc->'profile'->'carrier_codes'
         FROM rows r
         CROSS JOIN LATERAL jsonb_array_elements(r.doc->'parcels') p
         LEFT JOIN rows c ON c.org_id = r.org_id AND c.entity = 'customer' AND c.id = r.parent_id
         LEFT JOIN rows co ON co.org_id = r.org_id AND co.entity = 'company' 
         WHERE r.entity = 'delivery' AND r.doc->>'status' = 'shipped'
           AND NOT EXISTS (SELECT 1 FROM parcel_polls q WHERE q.org_id = r.org_id
                             AND q.tracking_no = p->>'tracking_no'
                             AND (q.done OR q.checked_at > $1))
         ORDER BY r.org_id, r.seq LIMIT $2",
        &[&(now_ms - gap_ms), &limit],
    )?;
    let mut out = Vec::new();
    for r in rows {
        let delivery: Delivery = serde_json::from_value(r.get(3))?;
        // The company's own code for the carrier (设置), else the default.
        let own = r
            .get::<_, Option<serde_json::Value>>(5)
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let Some(com) = delivery.carrier.code_for(&own) else {
            continue;
        };
        let phone = r
            .get::<_, Option<serde_json::Value>>(4)
            .and_then(|v| serde_json::from_value::<Customer>(v).ok())
            .map(|c| ship::receiver(&delivery, &c).1)
            .unwrap_or_default();
        out.push(Due {
            org: r.get(0),
            delivery: r.get(1),
            tracking_no: r.get(2),
            com,
            phone,
        });
    }
    Ok(out)
}

/// One round over at most `limit` due parcels.
pub fn poll_once(
    pool: &Pool,
    account: &Account,
    http: &reqwest::blocking::Client,
    now_ms: i64,
    gap_ms: i64,
    limit: i64,
) -> Result<Round, ApiError> {
    let mut round = Round::default();
    for d in due(pool, now_ms, gap_ms, limit)? {
        let answer = kuaidi100::query(http, account, &Query::new(&d.com, &d.tracking_no, &d.phone))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        round.asked += 1;
        let done = matches!(&answer, Answer::Track(t) if t.state.is_final());
        match &answer {
            Answer::Track(t) => {
                if record(pool, &d, t)? {
                    round.changed += 1;
                }
            }
            Answer::NoResult(_) => round.no_result += 1,
            Answer::RateLimited(_) => round.rate_limited += 1,
            Answer::Refused { code, message } => {
                tracing::warn!(%code, %message, "the tracking service refused the query: check the key and customer id");
                round.refused = Some(format!("{code} {message}"));
                return Ok(round);
            }
        }
        let mut c = pool.get().map_err(|e| ApiError::Internal(e.to_string()))?;
        c.execute(
            "INSERT INTO parcel_polls (org_id, tracking_no, checked_at, done) VALUES ($1, $2, $3, $4)
             ON CONFLICT (org_id, tracking_no) DO UPDATE SET checked_at = excluded.checked_at,
               done = excluded.done",
            &[&d.org, &d.tracking_no, &now_ms, &done],
        )?;
    }
    Ok(round)
}

/// Writes a parcel's news on its delivery (re-read under the company's lock: a return may have
/// changed it meanwhile) and completes the order when everything is signed for. `false`:
/// nothing new.
pub(crate) fn record_news(
    pool: &Pool,
    org: Uuid,
    delivery: Uuid,
    tracking_no: &str,
    tracking: &ship::Tracking,
) -> Result<bool, ApiError> {
    let d = Due {
        org,
        delivery,
        tracking_no: tracking_no.to_string(),
        com: String::new(),
        phone: String::new(),
    };
    record(pool, &d, tracking)
}

fn record(pool: &Pool, d: &Due, tracking: &ship::Tracking) -> Result<bool, ApiError> {
    let mut c = pool.get().map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut tx = c.transaction()?;
    tx.execute(
        "SELECT 1 FROM orgs WHERE id = $1 FOR NO KEY UPDATE",
        &[&d.org],
    )?;
    let doc = |tx: &mut postgres::Transaction, entity: &str, id: Uuid| {
        tx.query_opt(
            "SELECT doc FROM rows WHERE org_id = $1 AND entity = $2 AND id = $3",
            &[&d.org, &entity, &id],
        )
        .map(|r| r.map(|r| r.get::<_, serde_json::Value>(0)))
    };
    let Some(current) = doc(&mut tx, "delivery", d.delivery)? else {
        return Ok(false);
    };
    let current: Delivery = serde_json::from_value(current)?;
    let Some(after) = ship::with_tracking(&current, &d.tracking_no, tracking) else {
        return Ok(false);
    };
    let mut effects = vec![Effect::PutDelivery(Box::new(after.clone()))];
    if after.status == ship::DeliveryStatus::Delivered {
        if let Some(order) = doc(&mut tx, "order", after.order_id.0)? {
            let order: Order = serde_json::from_value(order)?;
            let mut deliveries: Vec<Delivery> = tx
                .query(
                    "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'delivery'
                       AND doc->>'order_id' = $2",
                    &[&d.org, &after.order_id.to_string()],
                )?
                .into_iter()
                .map(|r| serde_json::from_value(r.get(0)))
                .collect::<Result<_, _>>()?;
            for x in &mut deliveries {
                if x.id == after.id {
                    *x = after.clone();
                }
            }
            if let Some(done) = ship::completed_order(&order, &deliveries) {
                effects.push(Effect::PutOrder(Box::new(done)));
            }
        }
    }
    crate::push::write_server_effects(&mut tx, d.org, &effects)?;
    tx.commit()?;
    Ok(true)
}

/// Runs rounds in the background every `every` until the process ends (the service's limits
/// hold across restarts: the last query of each number is in the database).
pub fn spawn(pool: Pool, account: Account, every: std::time::Duration) {
    std::thread::spawn(move || {
        let http = reqwest::blocking::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap_or_default();
        loop {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            match poll_once(&pool, &account, &http, now, GAP_MS, 500) {
                Ok(r) if r.asked > 0 => tracing::info!(?r, "tracking round"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e.detail(), "tracking round failed"),
            }
            std::thread::sleep(every);
        }
    });
}
