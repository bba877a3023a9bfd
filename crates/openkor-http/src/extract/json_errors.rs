//! Every shape problem of a JSON body in one response. serde stops at the first problem; once
//! the body is known to be JSON, it is read again as a [`Value`] with each member already
//! reported taken out, until it deserialises or a problem repeats, so a client that sent three
//! unknown or mistyped fields learns of all three at once.

use super::json::quoted;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::{Error, Segment};

/// The most problems one body reports.
pub(crate) const SHAPE_ERRORS_MAX: usize = 20;

/// One shape problem: where serde stopped and what it said.
pub(crate) struct ShapeError {
    /// The path serde reports (of the parent object for an unknown or missing field).
    pub(crate) path: String,
    /// serde's message.
    pub(crate) message: String,
}

impl ShapeError {
    fn of(error: &Error<serde_json::Error>) -> Self {
        ShapeError {
            path: error.path().to_string(),
            message: error.inner().to_string(),
        }
    }
}

/// The problems after `first` (whose error came from `bytes`) in the body `bytes` read as `T`.
pub(crate) fn further_errors<T: DeserializeOwned>(
    bytes: &[u8],
    first: &Error<serde_json::Error>,
) -> Vec<ShapeError> {
    let Ok(mut body) = serde_json::from_slice::<Value>(bytes) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut seen = vec![(first.path().to_string(), first.inner().to_string())];
    let mut segments: Vec<Segment> = first.path().iter().cloned().collect();
    let mut message = first.inner().to_string();
    while found.len() + 1 < SHAPE_ERRORS_MAX && take_out(&mut body, &segments, &message) {
        let error = match serde_path_to_error::deserialize::<_, T>(&body) {
            Ok(_) => break,
            Err(error) => error,
        };
        let key = (error.path().to_string(), error.inner().to_string());
        if seen.contains(&key) || is_consequence(&seen, &key) {
            break;
        }
        found.push(ShapeError::of(&error));
        seen.push(key);
        segments = error.path().iter().cloned().collect();
        message = error.inner().to_string();
    }
    found
}

/// Whether `error` is only the consequence of one already reported: a required member taken
/// out because its value was wrong now reads as missing.
fn is_consequence(seen: &[(String, String)], error: &(String, String)) -> bool {
    let Some(field) = error.1.strip_prefix("missing field ").and_then(quoted) else {
        return false;
    };
    let path = if error.0 == "." {
        field.to_owned()
    } else {
        format!("{}.{field}", error.0)
    };
    seen.iter().any(|(reported, _)| *reported == path)
}

/// Takes the member a problem names out of `body`: the member at `segments` (an unknown field's
/// path is its own). `false` when there is nothing to take out: a missing field, the whole
/// body, or an array element (taking it out would renumber the elements after it).
fn take_out(body: &mut Value, segments: &[Segment], message: &str) -> bool {
    if message.starts_with("missing field ") {
        return false;
    }
    let Some((Segment::Map { key }, parent)) = segments.split_last() else {
        return false;
    };
    match member(body, parent) {
        Some(Value::Object(object)) => object.shift_remove(key).is_some(),
        _ => false,
    }
}

/// The member of `body` at `segments`.
fn member<'a>(body: &'a mut Value, segments: &[Segment]) -> Option<&'a mut Value> {
    let mut current = body;
    for segment in segments {
        current = match segment {
            Segment::Map { key } => current.as_object_mut()?.get_mut(key)?,
            Segment::Seq { index } => current.as_array_mut()?.get_mut(*index)?,
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    Some(current)
}
