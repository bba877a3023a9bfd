//! The read-only fields of a resource as its GET returns them, accepted back on its PUT so a
//! client can read, change one field and send the whole body back (a documented way of
//! updating). The ids must name the resource updated; the rest are the server's to set and are
//! ignored. A create refuses them: there they would be a mistake.

use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde_json::Value;

/// A read-only field's value, as sent.
pub type ReadOnly = Option<Value>;

/// Refuses, on a create, every read-only field that was sent.
pub fn refuse_on_create(fields: &[(&str, &ReadOnly)]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    for (path, value) in fields {
        if value.is_some() {
            errors.push(FieldError::new(
                *path,
                FieldErrorCode::UnknownField,
                "is set by openkor; a create does not take it",
            ));
        }
    }
    errors.finish(())
}

/// Checks, on an update, that each sent id is the one expected (`null` and absent pass).
pub fn same_ids(ids: &[(&str, &ReadOnly, String)]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    for (path, sent, expected) in ids {
        match sent {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) if text.eq_ignore_ascii_case(expected) => {}
            Some(_) => errors.push(FieldError::new(
                *path,
                FieldErrorCode::Inconsistent,
                format!("is read-only; when sent it must be {expected}"),
            )),
        }
    }
    errors.finish(())
}

/// The text of a sent read-only code (`status`, …), if it is one.
pub fn sent_code(value: &ReadOnly) -> Option<String> {
    match value {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    }
}
