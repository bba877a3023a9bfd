//! Metadata: a small map of client-defined string pairs.
//!
//! A request's `metadata` is merged key by key into what is stored ([`merge_metadata`]): a
//! string sets its key, `null` deletes it, and a key the request does not name stays.

use crate::limits::{METADATA_KEY_CHARS_MAX, METADATA_VALUE_CHARS_MAX};
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use std::collections::BTreeMap;

/// Validated metadata, ordered by key.
pub type Metadata = BTreeMap<String, String>;

/// Metadata as a request gives it: `None` (JSON `null`) deletes its key.
pub type MetadataChanges = BTreeMap<String, Option<String>>;

/// `stored` with `changes` applied: a value sets its key, `None` deletes it, a key `changes`
/// does not name stays. The result is not yet validated ([`parse_metadata`]).
pub fn merge_metadata(stored: &MetadataChanges, changes: MetadataChanges) -> MetadataChanges {
    let mut merged: MetadataChanges = stored
        .iter()
        .filter(|(_, value)| value.is_some())
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    for (key, value) in changes {
        match value {
            Some(value) => merged.insert(key, Some(value)),
            None => merged.remove(&key),
        };
    }
    merged
}

/// The pairs of `changes` that set a value (a `null`, which would delete a key, sets nothing).
pub fn values_of(changes: &MetadataChanges) -> BTreeMap<String, String> {
    changes
        .iter()
        .filter_map(|(key, value)| Some((key.clone(), value.clone()?)))
        .collect()
}

/// Checks at most `pairs_max` pairs, keys of 1–64 characters, values of at most 1024.
pub fn parse_metadata(
    path: &str,
    metadata: &BTreeMap<String, String>,
    pairs_max: usize,
) -> Result<Metadata, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if metadata.len() > pairs_max {
        errors.push(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            format!("must have at most {pairs_max} pairs"),
        ));
    }
    for (key, value) in metadata {
        let key_path = format!("{path}.{key}");
        if let Err(mut error) = bounded_text(&key_path, key, 1, METADATA_KEY_CHARS_MAX) {
            error.message = format!("key {}", error.message);
            errors.push(error);
        }
        errors.collect(bounded_text(&key_path, value, 0, METADATA_VALUE_CHARS_MAX));
    }
    errors.finish(metadata.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_sets_and_deletes_only_the_keys_it_names() {
        let stored = MetadataChanges::from([
            ("a".to_owned(), Some("1".to_owned())),
            ("b".to_owned(), Some("2".to_owned())),
        ]);
        let changes = MetadataChanges::from([
            ("b".to_owned(), None),
            ("c".to_owned(), Some("3".to_owned())),
            ("d".to_owned(), None),
        ]);
        let merged = values_of(&merge_metadata(&stored, changes));
        let expected = BTreeMap::from([
            ("a".to_owned(), "1".to_owned()),
            ("c".to_owned(), "3".to_owned()),
        ]);
        assert_eq!(merged, expected);
        assert_eq!(
            merge_metadata(&stored, MetadataChanges::new()),
            stored,
            "nothing named, nothing changes"
        );
    }

    #[test]
    fn metadata_is_capped_in_pairs_and_lengths() {
        let pairs = |n: usize| -> BTreeMap<String, String> {
            (0..n).map(|i| (format!("k{i}"), "v".to_owned())).collect()
        };
        assert!(parse_metadata("metadata", &pairs(5), 5).is_ok());
        let errors = parse_metadata("metadata", &pairs(6), 5).expect_err("too many");
        assert_eq!(errors.errors()[0].code, FieldErrorCode::OutOfRange);
        let long_value = BTreeMap::from([("k".to_owned(), "x".repeat(1025))]);
        let errors = parse_metadata("metadata", &long_value, 5).expect_err("long");
        assert_eq!(errors.errors()[0].path, "metadata.k");
        assert!(
            parse_metadata(
                "metadata",
                &BTreeMap::from([("k".into(), "x".repeat(1024))]),
                5
            )
            .is_ok()
        );
        assert!(
            parse_metadata(
                "metadata",
                &BTreeMap::from([(String::new(), "v".into())]),
                5
            )
            .is_err()
        );
    }
}
