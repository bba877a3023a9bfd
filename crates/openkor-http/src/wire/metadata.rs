//! `metadata`: a JSON object of string pairs whose keys must be unique. serde's maps keep the
//! last of two equal keys silently; a key given twice is refused here, like a field given twice.
//! A customer's create or update may also give a key `null` (deleting it): `Metadata<Option<String>>`.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The pairs of a `metadata` object, each key given once; values are `V`.
#[derive(Debug, Default)]
pub struct Metadata<V = String>(pub BTreeMap<String, V>);

struct MetadataVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for MetadataVisitor<V> {
    type Value = Metadata<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Metadata<V>, A::Error> {
        let mut pairs = BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<String, V>()? {
            if pairs.contains_key(&key) {
                // The JSON extractor reports this as INCONSISTENT at `metadata.<key>`.
                return Err(A::Error::custom(format!("duplicate field `{key}`")));
            }
            pairs.insert(key, value);
        }
        Ok(Metadata(pairs))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Metadata<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MetadataVisitor(PhantomData))
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
        let error = serde_json::from_str::<Metadata<Option<String>>>(r#"{"a":null,"a":"2"}"#)
            .expect_err("twice");
        assert!(error.to_string().starts_with("duplicate field `a`"));
    }

    #[test]
    fn only_the_nullable_form_takes_null() {
        let changes: Metadata<Option<String>> =
            serde_json::from_str(r#"{"a":"1","b":null}"#).expect("null deletes");
        assert_eq!(changes.0.get("b"), Some(&None));
        assert!(serde_json::from_str::<Metadata>(r#"{"b":null}"#).is_err());
    }
}
