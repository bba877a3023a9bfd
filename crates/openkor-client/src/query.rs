//! Query strings from typed query structs: each struct serialises (camelCase, `None` skipped)
//! to a JSON object whose scalar members become `name=value` pairs and whose arrays repeat
//! the name (`sort=name,ASC&sort=id,DESC`).

use serde::Serialize;
use serde_json::Value;

/// The `name=value` pairs of `query`, in its field order.
pub(crate) fn pairs(query: &impl Serialize) -> Vec<(String, String)> {
    let Ok(Value::Object(members)) = serde_json::to_value(query) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for (name, value) in members {
        match value {
            Value::Array(items) => {
                pairs.extend(
                    items
                        .into_iter()
                        .filter_map(text)
                        .map(|v| (name.clone(), v)),
                );
            }
            other => pairs.extend(text(other).map(|v| (name, v))),
        }
    }
    pairs
}

fn text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        other => Some(other.to_string()),
    }
}
