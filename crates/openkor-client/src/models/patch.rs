//! `Patch<T>`: one field of an update body, absent (keep), `null` (clear) or a value, as the
//! server's `PUT` bodies read it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One field of an update (`PUT`) body. [`Patch::Absent`] leaves the member out of the body
/// (the server keeps the value), [`Patch::Null`] sends `null` (the server clears an optional
/// field and refuses to clear a required one) and [`Patch::Value`] sends the new value. Use it
/// with `#[serde(default, skip_serializing_if = "Patch::is_absent")]`; build a value with
/// `"Sara".to_owned().into()` or `Patch::Value(…)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not in the body: keep the current value.
    #[default]
    Absent,
    /// `null` in the body: clear the field.
    Null,
    /// A new value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the member is left out of the body.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// The new value, if one is given.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    /// A value as itself, `Null` as `null`; `Absent` is skipped by `skip_serializing_if` and
    /// would otherwise be written as `null` too.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_some(value),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// `null` → [`Patch::Null`], a value → [`Patch::Value`]; an absent member needs
    /// `#[serde(default)]` to become [`Patch::Absent`].
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| value.map_or(Self::Null, Self::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::Patch;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        name: Patch<String>,
    }

    #[test]
    fn absent_null_and_a_value_are_three_bodies() -> Result<(), serde_json::Error> {
        for (patch, text) in [
            (Patch::Absent, "{}"),
            (Patch::Null, r#"{"name":null}"#),
            (Patch::Value("Sara".to_owned()), r#"{"name":"Sara"}"#),
        ] {
            let body = Body { name: patch };
            assert_eq!(serde_json::to_string(&body)?, text);
            assert_eq!(serde_json::from_str::<Body>(text)?, body);
        }
        Ok(())
    }
}
