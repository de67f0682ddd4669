//! Audit entries: which fields a mutation changed, with the value before and after.

use crate::error::Entity;
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub entity: Entity,
    pub entity_id: Id,
    /// create, update, delete, restore, transfer, lww_lost …
    pub action: String,
    pub changes: Vec<FieldChange>,
}

/// Bookkeeping keys that are not user-visible fields.
const SKIP: &[&str] = &["meta", "clocks", "id", "moved"];

/// Field-by-field difference between two serialised rows (`before` is `None` on create).
pub fn diff<T: Serialize>(before: Option<&T>, after: &T) -> Vec<FieldChange> {
    let after = serde_json::to_value(after).unwrap_or(Value::Null);
    let before = before
        .map(|b| serde_json::to_value(b).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    let empty = serde_json::Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let Some(a) = after.as_object() else {
        return Vec::new();
    };
    a.iter()
        .filter(|(k, _)| !SKIP.contains(&k.as_str()))
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, v)| FieldChange {
            field: k.clone(),
            before: b.get(k).cloned().unwrap_or(Value::Null),
            after: v.clone(),
        })
        .collect()
}

/// Changes of list fields (an order's lines, a customer's contacts) broken down to what a
/// reader looks for: `lines.1.qty: 10 → 20` instead of two whole lists. Lines added or
/// removed at the end show as `lines.2` with the whole line on one side.
pub fn expand(changes: &[FieldChange]) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for c in changes {
        match (&c.before, &c.after) {
            (Value::Array(b), Value::Array(a)) if !b.is_empty() || !a.is_empty() => {
                for i in 0..a.len().max(b.len()) {
                    let path = format!("{}.{i}", c.field);
                    match (b.get(i), a.get(i)) {
                        (Some(Value::Object(bo)), Some(Value::Object(ao))) => {
                            for (k, v) in ao {
                                if bo.get(k) != Some(v) {
                                    out.push(FieldChange {
                                        field: format!("{path}.{k}"),
                                        before: bo.get(k).cloned().unwrap_or(Value::Null),
                                        after: v.clone(),
                                    });
                                }
                            }
                        }
                        (bv, av) if bv != av => out.push(FieldChange {
                            field: path,
                            before: bv.cloned().unwrap_or(Value::Null),
                            after: av.cloned().unwrap_or(Value::Null),
                        }),
                        _ => {}
                    }
                }
            }
            _ => out.push(c.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_only_changed_fields() {
        let before = json!({"name": "甲", "city": "上海", "meta": 1});
        let after = json!({"name": "乙", "city": "上海", "meta": 2});
        let changes = diff(Some(&before), &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "name");
        assert_eq!(changes[0].before, json!("甲"));
        assert_eq!(changes[0].after, json!("乙"));
        assert_eq!(diff(None, &after).len(), 2);
    }

    #[test]
    fn list_changes_name_the_line_and_the_field() {
        let before =
            json!({"lines": [{"sku": "A", "qty": "10"}, {"sku": "B", "qty": "1"}], "notes": ""});
        let after = json!({"lines": [{"sku": "A", "qty": "20"}], "notes": "快"});
        let changes = expand(&diff(Some(&before), &after));
        let fields: Vec<_> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["lines.0.qty", "lines.1", "notes"]);
        assert_eq!(changes[0].before, json!("10"));
        assert_eq!(changes[0].after, json!("20"));
        assert_eq!(changes[1].before["sku"], json!("B"));
        assert_eq!(changes[1].after, Value::Null);
        let added = expand(&diff(Some(&after), &before));
        assert_eq!(added[1].field, "lines.1");
        assert_eq!(added[1].before, Value::Null);
    }
}

/// One audit entry as the admin's search lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at_ms: i64,
    pub user_name: String,
    pub entity: String,
    pub entity_id: crate::Id,
    pub action: String,
    pub changes: Vec<FieldChange>,
}
