//! Merging a request's entries into a stored list (addresses, contacts), so that an update never
//! drops an entry it did not name.
//!
//! Every stored entry has an id openkor assigned. An entry of the request:
//!
//! - with an `id` and `remove: true` removes that entry (its other fields are ignored);
//! - with an `id` otherwise replaces that entry's fields; an absent `primary` keeps its flag;
//! - without an `id`, equal to a stored entry that no other entry of the request names (every
//!   field but the id, the primary flag and what identity verification sets), is that entry:
//!   a list read and sent back without its ids changes nothing;
//! - without an `id` otherwise is added, after the stored entries, in the request's order.
//!
//! Stored entries the request does not name stay, in their order. An id that is not one of the
//! stored entries' is refused (`NOT_FOUND`), so is one id named twice (`INCONSISTENT`) and a
//! removal without an id (`REQUIRED`). A create is a merge into an empty list.

use crate::ids::parse_canonical_uuid;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use uuid::Uuid;

/// What one entry of a request says besides its fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryControl<'a> {
    /// The id of the stored entry it names.
    pub id: Option<&'a str>,
    /// Whether it removes the entry its id names.
    pub remove: bool,
    /// The primary flag it gives.
    pub primary: Option<bool>,
}

/// An entry of a stored list.
pub trait ListEntry: Clone {
    /// Its id; `None` for an entry that has none.
    fn entry_id(&self) -> Option<Uuid>;
    /// Takes `stored`'s id: this entry replaces it.
    fn take_id_of(&mut self, stored: &Self);
    /// Whether it holds what `other` holds, but for the id, the primary flag and what identity
    /// verification sets.
    fn same_as(&self, other: &Self) -> bool;
    /// Its primary flag.
    fn is_primary(&self) -> bool;
    /// Sets its primary flag.
    fn set_primary(&mut self, primary: bool);
}

/// One entry of a merged list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged<T> {
    /// The entry.
    pub entry: T,
    /// The position, in the request, of the entry that gave or named it.
    pub given_at: Option<usize>,
    /// The primary flag the request gave it.
    pub primary_given: Option<bool>,
}

/// A stored entry during a merge.
struct Slot<T> {
    merged: Merged<T>,
    removed: bool,
}

impl<T: ListEntry> Slot<T> {
    fn kept(entry: T) -> Self {
        Self {
            merged: Merged {
                entry,
                given_at: None,
                primary_given: None,
            },
            removed: false,
        }
    }

    /// The request's entry at `index`, equal to this one, names it.
    fn name(&mut self, index: usize, primary: Option<bool>) {
        self.merged.given_at = Some(index);
        self.merged.primary_given = primary;
        if let Some(primary) = primary {
            self.merged.entry.set_primary(primary);
        }
    }

    /// `entry` replaces this one, keeping its id and, when `primary` is not given, its flag.
    fn replace(&mut self, mut entry: T, primary: Option<bool>) {
        entry.take_id_of(&self.merged.entry);
        entry.set_primary(primary.unwrap_or(self.merged.entry.is_primary()));
        self.merged.entry = entry;
        self.merged.primary_given = primary;
    }
}

/// Where a merge reports: the list's path in the request (`addresses`) and the noun of one
/// entry (`address`).
#[derive(Clone, Copy, Debug)]
pub struct ListField<'a> {
    /// The list's path.
    pub path: &'a str,
    /// What one entry is.
    pub noun: &'a str,
}

/// `stored` with the request's `drafts` merged in (see the module documentation). `control`
/// reads an entry's id, removal and primary flag; `parse` reads its fields at the path it is
/// given (a new entry gets a fresh id there).
pub fn merge_entries<T: ListEntry, D>(
    field: ListField<'_>,
    stored: &[T],
    drafts: &[D],
    control: impl Fn(&D) -> EntryControl<'_>,
    parse: impl Fn(&str, &D) -> Result<T, ValidationErrors>,
) -> Result<Vec<Merged<T>>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut slots: Vec<Slot<T>> = stored.iter().cloned().map(Slot::kept).collect();
    let mut unnamed = Vec::new();
    for (index, draft) in drafts.iter().enumerate() {
        let at = format!("{}[{index}]", field.path);
        let control = control(draft);
        let slot = match control
            .id
            .map(|id| named_slot(field, &at, &mut slots, id, index))
        {
            Some(Ok(slot)) => Some(slot),
            Some(Err(error)) => {
                errors.push(error);
                continue;
            }
            None => None,
        };
        if control.remove {
            match slot {
                Some(slot) => slots[slot].removed = true,
                None => errors.push(FieldError::new(
                    format!("{at}.id"),
                    FieldErrorCode::Required,
                    format!("is required to remove a {}", field.noun),
                )),
            }
            continue;
        }
        match (parse(&at, draft), slot) {
            (Err(more), _) => more.into_errors().into_iter().for_each(|e| errors.push(e)),
            (Ok(entry), Some(slot)) => slots[slot].replace(entry, control.primary),
            (Ok(entry), None) => unnamed.push((index, entry, control.primary)),
        }
    }
    let added = match_or_add(&mut slots, unnamed);
    let merged = slots
        .into_iter()
        .filter(|slot| !slot.removed)
        .map(|slot| slot.merged)
        .chain(added)
        .collect();
    errors.finish(merged)
}

/// The slot whose entry has the id `text`, now named by the request's entry at `index`.
fn named_slot<T: ListEntry>(
    field: ListField<'_>,
    at: &str,
    slots: &mut [Slot<T>],
    text: &str,
    index: usize,
) -> Result<usize, FieldError> {
    let path = format!("{at}.id");
    let id = parse_canonical_uuid(text).ok_or_else(|| {
        FieldError::new(
            &path,
            FieldErrorCode::InvalidFormat,
            format!("must be the id (a UUID) of one of the {}", field.path),
        )
    })?;
    let slot = slots
        .iter()
        .position(|slot| slot.merged.entry.entry_id() == Some(id))
        .ok_or_else(|| {
            FieldError::new(
                &path,
                FieldErrorCode::NotFound,
                format!("is not the id of one of the current {}", field.path),
            )
        })?;
    if let Some(first) = slots[slot].merged.given_at {
        return Err(FieldError::new(
            path,
            FieldErrorCode::Inconsistent,
            format!("names the same {} as {}[{first}]", field.noun, field.path),
        ));
    }
    slots[slot].merged.given_at = Some(index);
    Ok(slot)
}

/// Each entry without an id is the first stored entry equal to it that nothing names yet, or
/// else a new entry; the new ones, in order.
fn match_or_add<T: ListEntry>(
    slots: &mut [Slot<T>],
    unnamed: Vec<(usize, T, Option<bool>)>,
) -> Vec<Merged<T>> {
    let mut added = Vec::new();
    for (index, mut entry, primary) in unnamed {
        let equal = slots
            .iter()
            .position(|slot| slot.merged.given_at.is_none() && slot.merged.entry.same_as(&entry));
        match equal {
            Some(slot) => slots[slot].name(index, primary),
            None => {
                entry.set_primary(primary.unwrap_or(false));
                added.push(Merged {
                    entry,
                    given_at: Some(index),
                    primary_given: primary,
                });
            }
        }
    }
    added
}

/// Settles the primary flag among the entries of `merged` at `members`, of which at most one
/// is primary: the one the request flags, else the first that kept its flag. Two the request
/// flags are refused at the second's `primary` with `why`. Whether one is primary.
pub fn settle_primary<T: ListEntry>(
    path: &str,
    merged: &mut [Merged<T>],
    members: &[usize],
    why: &str,
    errors: &mut ValidationErrors,
) -> bool {
    let flagged: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| merged[m].primary_given == Some(true))
        .collect();
    for &extra in flagged.iter().skip(1) {
        let position = merged[extra].given_at.unwrap_or(extra);
        errors.push(FieldError::new(
            format!("{path}[{position}].primary"),
            FieldErrorCode::Inconsistent,
            why,
        ));
    }
    let chosen = flagged.first().copied().or_else(|| {
        members
            .iter()
            .copied()
            .find(|&m| merged[m].entry.is_primary())
    });
    for &member in members {
        merged[member].entry.set_primary(Some(member) == chosen);
    }
    chosen.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test entry: an id, a value and a primary flag.
    #[derive(Clone, Debug, PartialEq, Eq)]
    struct Item {
        id: Uuid,
        value: &'static str,
        primary: bool,
    }

    impl ListEntry for Item {
        fn entry_id(&self) -> Option<Uuid> {
            Some(self.id)
        }
        fn take_id_of(&mut self, stored: &Self) {
            self.id = stored.id;
        }
        fn same_as(&self, other: &Self) -> bool {
            self.value == other.value
        }
        fn is_primary(&self) -> bool {
            self.primary
        }
        fn set_primary(&mut self, primary: bool) {
            self.primary = primary;
        }
    }

    /// A request's entry: an id, a removal, a value and a primary flag.
    type Draft = (Option<String>, bool, &'static str, Option<bool>);

    const FIELD: ListField<'static> = ListField {
        path: "items",
        noun: "item",
    };

    fn item(value: &'static str, primary: bool) -> Item {
        Item {
            id: Uuid::now_v7(),
            value,
            primary,
        }
    }

    fn merge(stored: &[Item], drafts: &[Draft]) -> Result<Vec<Merged<Item>>, ValidationErrors> {
        merge_entries(
            FIELD,
            stored,
            drafts,
            |d: &Draft| EntryControl {
                id: d.0.as_deref(),
                remove: d.1,
                primary: d.3,
            },
            |_, d| match d.2 {
                "" => Err(FieldError::required("value").into()),
                value => Ok(item(value, d.3.unwrap_or(false))),
            },
        )
    }

    fn values(merged: &[Merged<Item>]) -> Vec<(&str, bool)> {
        merged
            .iter()
            .map(|m| (m.entry.value, m.entry.primary))
            .collect()
    }

    fn paths(errors: &ValidationErrors) -> Vec<(&str, FieldErrorCode)> {
        errors
            .errors()
            .iter()
            .map(|e| (e.path.as_str(), e.code))
            .collect()
    }

    #[test]
    fn entries_not_named_stay_and_new_ones_are_added() {
        let stored = [item("a", true), item("b", false)];
        let merged = merge(&stored, &[(None, false, "c", None)]).expect("valid");
        assert_eq!(values(&merged), [("a", true), ("b", false), ("c", false)]);
        assert_eq!(merged[0].entry.id, stored[0].id);
        assert_eq!(merged[2].given_at, Some(0));
    }

    #[test]
    fn an_entry_equal_to_a_stored_one_is_that_one_so_sending_back_changes_nothing() {
        let stored = [item("a", true), item("a", false), item("b", false)];
        let drafts: Vec<Draft> = ["a", "a", "b"]
            .iter()
            .map(|v| (None, false, *v, None))
            .collect();
        let merged = merge(&stored, &drafts).expect("valid");
        let entries: Vec<Item> = merged.into_iter().map(|m| m.entry).collect();
        assert_eq!(
            entries, stored,
            "each stored entry is matched once, in order"
        );
    }

    #[test]
    fn an_id_replaces_its_entry_and_keeps_its_flag_unless_given() {
        let stored = [item("a", true), item("b", false)];
        let a = Some(stored[0].id.to_string());
        let merged = merge(&stored, &[(a.clone(), false, "A", None)]).expect("valid");
        assert_eq!(values(&merged), [("A", true), ("b", false)]);
        assert_eq!(merged[0].entry.id, stored[0].id);
        let merged = merge(&stored, &[(a, false, "A", Some(false))]).expect("valid");
        assert_eq!(merged[0].primary_given, Some(false));
        assert!(!merged[0].entry.primary);
    }

    #[test]
    fn only_a_removal_by_id_removes() {
        let stored = [item("a", true), item("b", false)];
        let b = Some(stored[1].id.to_string());
        let merged = merge(&stored, &[(b, true, "ignored", None)]).expect("valid");
        assert_eq!(values(&merged), [("a", true)]);
        let errors = merge(&stored, &[(None, true, "a", None)]).expect_err("no id");
        assert_eq!(paths(&errors), [("items[0].id", FieldErrorCode::Required)]);
    }

    #[test]
    fn unknown_malformed_and_repeated_ids_are_refused_with_their_paths() {
        let stored = [item("a", true)];
        let a = Some(stored[0].id.to_string());
        let drafts = [
            (Some(Uuid::now_v7().to_string()), false, "x", None),
            (Some("A1".to_owned()), false, "x", None),
            (a.clone(), false, "x", None),
            (a, true, "x", None),
            (None, false, "", None),
        ];
        let errors = merge(&stored, &drafts).expect_err("invalid");
        assert_eq!(
            paths(&errors),
            [
                ("items[0].id", FieldErrorCode::NotFound),
                ("items[1].id", FieldErrorCode::InvalidFormat),
                ("items[3].id", FieldErrorCode::Inconsistent),
                ("value", FieldErrorCode::Required),
            ]
        );
    }

    #[test]
    fn a_flagged_entry_takes_the_primary_flag_and_two_flagged_are_refused() {
        let stored = [item("a", true), item("b", false)];
        let mut merged = merge(&stored, &[(None, false, "c", Some(true))]).expect("valid");
        let mut errors = ValidationErrors::new();
        assert!(settle_primary(
            "items",
            &mut merged,
            &[0, 1, 2],
            "one",
            &mut errors
        ));
        assert_eq!(values(&merged), [("a", false), ("b", false), ("c", true)]);
        let drafts = [
            (None, false, "c", Some(true)),
            (None, false, "d", Some(true)),
        ];
        let mut merged = merge(&stored, &drafts).expect("parsed");
        settle_primary("items", &mut merged, &[0, 1, 2, 3], "one", &mut errors);
        assert_eq!(
            paths(&errors),
            [("items[1].primary", FieldErrorCode::Inconsistent)]
        );
    }

    #[test]
    fn without_a_flag_the_kept_primary_stays_and_none_is_reported() {
        let stored = [item("a", false), item("b", true)];
        let mut merged = merge(&stored, &[]).expect("valid");
        let mut errors = ValidationErrors::new();
        assert!(settle_primary(
            "items",
            &mut merged,
            &[0, 1],
            "one",
            &mut errors
        ));
        assert_eq!(values(&merged), [("a", false), ("b", true)]);
        let b = Some(stored[1].id.to_string());
        let mut merged = merge(&stored, &[(b, true, "", None)]).expect("valid");
        assert!(!settle_primary(
            "items",
            &mut merged,
            &[0],
            "one",
            &mut errors
        ));
        assert!(errors.is_empty());
    }
}
