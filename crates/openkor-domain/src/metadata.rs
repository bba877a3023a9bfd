//! Metadata: a small map of client-defined string pairs.

use crate::limits::{METADATA_KEY_CHARS_MAX, METADATA_VALUE_CHARS_MAX};
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use std::collections::BTreeMap;

/// Validated metadata, ordered by key.
pub type Metadata = BTreeMap<String, String>;

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
