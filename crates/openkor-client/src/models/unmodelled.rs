//! The members of a response this client does not model: each response struct keeps them in
//! its `extra` map (forward compatibility: a newer server's additions are kept, not refused),
//! and [`unmodelled_members`] lists them, so a test can insist that there are none.

use super::{Map, Value};
use serde::{Serialize, Serializer};
use std::cell::RefCell;

thread_local! {
    /// The keys `extra` maps met while [`unmodelled_members`] serialises a value on this
    /// thread; `None` when no listing is under way.
    static MET: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Every member of `value`, at any depth, that went into an `extra` map rather than a
/// modelled field (by name, in the order met). Empty when the client models everything the
/// server sent; a name here means the client and the server disagree on a member's name, or
/// the server is newer than the client.
pub fn unmodelled_members<T: Serialize>(value: &T) -> Vec<String> {
    MET.with(|met| met.replace(Some(Vec::new())));
    // Serialising a response struct cannot fail (string keys only); an error would at worst
    // shorten the listing.
    let _ = serde_json::to_value(value);
    MET.with(|met| met.take()).unwrap_or_default()
}

/// How every `extra` map is written: as itself (flattened into its struct), noting its keys
/// when [`unmodelled_members`] is listing.
pub(crate) fn write<S: Serializer>(
    extra: &Map<String, Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if !extra.is_empty() {
        MET.with(|met| {
            if let Ok(mut met) = met.try_borrow_mut()
                && let Some(met) = met.as_mut()
            {
                met.extend(extra.keys().cloned());
            }
        });
    }
    extra.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::unmodelled_members;
    use crate::models::Email;

    #[test]
    fn members_kept_in_extra_are_listed_and_modelled_ones_are_not() -> Result<(), serde_json::Error>
    {
        let modelled: Email = serde_json::from_str(r#"{"value":"a@b.c","verified":true}"#)?;
        assert!(unmodelled_members(&modelled).is_empty());
        let newer: Email =
            serde_json::from_str(r#"{"value":"a@b.c","verified":true,"label":"x"}"#)?;
        assert_eq!(unmodelled_members(&newer), vec!["label".to_owned()]);
        assert_eq!(
            serde_json::to_value(&newer)?["label"],
            "x",
            "kept and written back"
        );
        Ok(())
    }
}
