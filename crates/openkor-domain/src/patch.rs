//! `Patch<T>`: a field of an update body that may be absent (keep), null (clear) or a value.

/// One field of a partial update.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not in the body: keep the current value.
    #[default]
    Absent,
    /// `null` in the body: clear an optional field (a required one is refused).
    Null,
    /// A new value.
    Value(T),
}

impl<T> Patch<T> {
    /// The value, if one was given.
    pub fn value(&self) -> Option<&T> {
        match self {
            Patch::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if one was given (absent and `null` alike are `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Patch::Value(value) => Some(value),
            Patch::Absent | Patch::Null => None,
        }
    }

    /// Whether the field was in the body (a value or `null`).
    pub fn is_present(&self) -> bool {
        !matches!(self, Patch::Absent)
    }

    /// `self` if present, else `base`: how an update lays itself over the current state.
    pub fn or(self, base: Patch<T>) -> Patch<T> {
        match self {
            Patch::Absent => base,
            present => present,
        }
    }

    /// A present value as `Patch::Value`, `None` as `Patch::Absent`.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Patch::Absent, Patch::Value)
    }

    /// Maps the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(value) => Patch::Value(f(value)),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Patch<T> {
    /// `null` → [`Patch::Null`], a value → [`Patch::Value`]; an absent field needs
    /// `#[serde(default)]` to become [`Patch::Absent`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| value.map_or(Patch::Null, Patch::Value))
    }
}

impl<T> From<Option<Option<T>>> for Patch<T> {
    /// `None` → absent, `Some(None)` → null, `Some(Some(v))` → value.
    fn from(value: Option<Option<T>>) -> Self {
        match value {
            None => Patch::Absent,
            Some(None) => Patch::Null,
            Some(Some(value)) => Patch::Value(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_field_keeps_the_base_and_a_present_one_replaces_it() {
        assert_eq!(Patch::Absent.or(Patch::Value(1)), Patch::Value(1));
        assert_eq!(Patch::Null.or(Patch::Value(1)), Patch::Null);
        assert_eq!(Patch::Value(2).or(Patch::Value(1)), Patch::Value(2));
        assert_eq!(Patch::from(Some(None::<u8>)), Patch::Null);
    }
}
