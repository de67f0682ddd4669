//! Display formats clerks expect: ¥1,234.56, 2026-11-27, times in Asia/Shanghai.

use chrono::{DateTime, NaiveDate};
use fairdesk_core::mutation::shanghai;

pub fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// Unix milliseconds (UTC) as local time `2026-11-27 14:05`.
pub fn timestamp(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&shanghai())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// A field value from the audit log, readable.
pub fn json_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) if s.is_empty() => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) if items.is_empty() => "—".into(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                serde_json::Value::Object(o) => o
                    .get("name")
                    .and_then(|n| n.as_str())
                    .unwrap_or("…")
                    .to_string(),
                other => json_value(other),
            })
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    }
}
