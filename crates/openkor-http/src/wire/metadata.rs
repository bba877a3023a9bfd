//! `metadata`: a JSON object of string pairs whose keys must be unique. serde's maps keep the
//! last of two equal keys silently; a key given twice is refused here, like a field given twice.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// The pairs of a `metadata` object, each key given once.
#[derive(Debug, Default)]
pub struct Metadata(pub BTreeMap<String, String>);

struct MetadataVisitor;

impl<'de> Visitor<'de> for MetadataVisitor {
    type Value = Metadata;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Metadata, A::Error> {
        let mut pairs = BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<String, String>()? {
            if pairs.contains_key(&key) {
                // The JSON extractor reports this as INCONSISTENT at `metadata.<key>`.
                return Err(A::Error::custom(format!("duplicate field `{key}`")));
            }
            pairs.insert(key, value);
        }
        Ok(Metadata(pairs))
    }
}

impl<'de> Deserialize<'de> for Metadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MetadataVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_refused() {
        let pairs: Metadata = serde_json::from_str(r#"{"a":"1","b":"2"}"#).expect("unique keys");
        assert_eq!(pairs.0.len(), 2);
        let error = serde_json::from_str::<Metadata>(r#"{"a":"1","a":"2"}"#).expect_err("twice");
        assert!(
            error.to_string().starts_with("duplicate field `a`"),
            "{error}"
        );
    }
}
