//! Wire values with rules of their own: decimal-string money, exact JSON numbers.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;

/// An amount of money as the wire writes it: a decimal string such as `"1000.00"`. Kept as
/// text so that no value is ever rounded through floating point.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amount(pub String);

impl Amount {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Amount {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<String> for Amount {
    fn from(text: String) -> Self {
        Self(text)
    }
}

/// An amount the server writes as a JSON number (limits and their utilisation, as the
/// reference shows them), kept as the exact digits received, never parsed into a float.
#[derive(Clone, Debug)]
pub struct DecimalNumber(Box<RawValue>);

impl DecimalNumber {
    /// The number's digits as the server wrote them, e.g. `1000.5`.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for DecimalNumber {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for DecimalNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DecimalNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DecimalNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if serde_json::from_str::<serde_json::Number>(raw.get()).is_err() {
            return Err(serde::de::Error::custom("expected a JSON number"));
        }
        Ok(Self(raw))
    }
}
