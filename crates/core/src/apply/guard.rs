//! Checks every mutation passes before any rule runs, on the desk and on the server alike:
//! no control characters in any string it carries (a NUL byte can't even be stored), and a
//! wall time within reason.

use crate::error::{DomainError, ErrorCode, FieldError};
use crate::mutation::Mutation;
use serde_json::Value;

/// Earliest wall time a mutation may carry (2020-01-01 UTC): nothing in Fairdesk is older.
pub const EARLIEST_MS: i64 = 1_577_836_800_000;

/// Every string in the mutation (keys included): line breaks and tabs are text, any other
/// control character is refused with the field it is in.
pub fn strings(m: &Mutation) -> Result<(), DomainError> {
    let value = serde_json::to_value(m).unwrap_or(Value::Null);
    let mut errors = Vec::new();
    walk(&value, "mutation", &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        errors.dedup();
        Err(DomainError::Validation { errors })
    }
}

fn bad(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn walk(v: &Value, field: &str, errors: &mut Vec<FieldError>) {
    match v {
        Value::String(s) if bad(s) => {
            errors.push(FieldError::new(field, ErrorCode::ForbiddenChars))
        }
        Value::Array(items) => items.iter().for_each(|x| walk(x, field, errors)),
        Value::Object(map) => {
            for (k, x) in map {
                if bad(k) {
                    errors.push(FieldError::new(field, ErrorCode::ForbiddenChars));
                } else {
                    walk(x, k, errors);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn control_characters_are_refused_in_any_string_with_its_field() {
        let m = Mutation::CreateCustomer {
            id: Id::NIL,
            code: "KH-\u{0}-1".into(),
            owner_id: Id::NIL,
            data: crate::apply::tests::data("厦门海湾贸易有限公司"),
        };
        let e = strings(&m).unwrap_err();
        assert_eq!(
            e,
            DomainError::Validation {
                errors: vec![FieldError::new("code", ErrorCode::ForbiddenChars)]
            }
        );
        let m = Mutation::UpdateProduct {
            id: Id::NIL,
            data: crate::apply::tests_sales::product("BWB-500"),
            changed: vec!["name\u{7}".into()],
        };
        assert!(strings(&m).is_err());
        let mut notes = crate::apply::tests::data("甲");
        notes.notes = "第一行\n第二行\t制表".into();
        let m = Mutation::CreateCustomer {
            id: Id::NIL,
            code: "KH-K7-202611-0001".into(),
            owner_id: Id::NIL,
            data: notes,
        };
        assert!(strings(&m).is_ok(), "line breaks and tabs are text");
    }
}
