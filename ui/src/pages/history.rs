//! A document's history from the audit log: who did what when, and each changed field with
//! its value before and after (an order's lines field by field: "行2 数量：10 → 20").

use crate::format;
use crate::i18n::{lang, tr};
use fairdesk_core::audit::expand;
use fairdesk_core::customer::view::HistoryEntry;
use fairdesk_core::error::field_label;
use fairdesk_core::order::{OrderStatus, PaymentTerms};
use fairdesk_core::quote::QuoteStatus;
use fairdesk_core::Lang;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// Bookkeeping a reader has no use for (holds and credit figures have their own display).
const HIDDEN: &[&str] = &[
    "stock",
    "credit",
    "approved_by",
    "number",
    "need_id",
    "version",
];

#[component]
pub fn History(
    id: &'static str,
    entries: Vec<HistoryEntry>,
    /// Names for ids that appear as values (warehouses, tags).
    #[prop(optional)]
    names: HashMap<String, String>,
) -> impl IntoView {
    view! {
        <ul class="timeline history" id=id>
            {entries.into_iter().map(|h| {
                let changes = (h.action != "create").then(|| describe(&h.changes, &names, lang()));
                view! {
                    <li>
                        <div class="meta">{format::timestamp(h.at_ms)} " · " {h.user_name.clone()} " · " {action_label(&h.action)}</div>
                        {changes.filter(|c| !c.is_empty()).map(|c| view! { <div class="changes">{c.join("；")}</div> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// "字段：前 → 后" for each visible change.
pub fn describe(
    changes: &[fairdesk_core::audit::FieldChange],
    names: &HashMap<String, String>,
    lang: Lang,
) -> Vec<String> {
    expand(changes)
        .iter()
        .filter(|c| !HIDDEN.contains(&c.field.split('.').next().unwrap_or_default()))
        .map(|c| {
            let show = |v: &Value| value(&c.field, v, names, lang);
            // An order's terms are payment terms; a quote's are free text (条款).
            let label = if c.field == "terms" && c.after.is_object() {
                tr(lang, "order.terms").to_string()
            } else {
                field_label(&c.field, lang)
            };
            format!("{}：{} → {}", label, show(&c.before), show(&c.after))
        })
        .collect()
}

fn value(field: &str, v: &Value, names: &HashMap<String, String>, lang: Lang) -> String {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    if leaf == "terms" {
        if let Ok(t) = serde_json::from_value::<PaymentTerms>(v.clone()) {
            return t.label(lang);
        }
    }
    if leaf == "status" {
        if let Ok(s) = serde_json::from_value::<OrderStatus>(v.clone()) {
            return s.label(lang).into();
        }
        if let Ok(s) = serde_json::from_value::<QuoteStatus>(v.clone()) {
            return s.label(lang).into();
        }
    }
    match v {
        Value::Bool(b) => lang
            .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
            .into(),
        Value::String(s) => match names.get(s) {
            Some(name) => name.clone(),
            None if s.parse::<fairdesk_core::Id>().is_ok() => "…".into(),
            None => format::json_value(v),
        },
        Value::Array(items) if items.iter().all(Value::is_string) && !items.is_empty() => items
            .iter()
            .map(|i| value(field, i, names, lang))
            .collect::<Vec<_>>()
            .join("、"),
        // A whole line added or removed.
        Value::Object(o) => ["sku", "name", "qty", "unit"]
            .iter()
            .filter_map(|k| o.get(*k).and_then(|x| x.as_str()))
            .collect::<Vec<_>>()
            .join(" "),
        other => format::json_value(other),
    }
}

/// The audit log's action codes in the UI language.
fn action_label(code: &str) -> String {
    let key = match code {
        "create" => "history.create",
        "update" => "history.update",
        "delete" => "history.delete",
        "restore" => "history.restore",
        "transfer" => "history.transfer",
        "follow_up" => "history.follow_up",
        "lww_lost" => "history.lww_lost",
        "submit" => "order.submit",
        "approve" => "order.approve",
        "reject" => "order.reject",
        "cancel" => "order.cancel",
        "complete" => "order.h_complete",
        "new_version" => "history.new_version",
        "sent" => "history.sent",
        "accepted" => "history.accepted",
        "rejected" => "history.rejected",
        "ship" => "history.ship",
        "close_rest" => "history.close_rest",
        "return" => "history.return",
        "payment" => "history.payment",
        "alert_closed" => "history.alert_closed",
        other => return other.to_string(),
    };
    tr(lang(), key).to_string()
}
