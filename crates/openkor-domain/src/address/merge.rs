//! How an update's addresses merge into the stored ones (the rules of [`crate::list_merge`])
//! and the primary-address rules applied to the result; a create is a merge into none.

use super::{Address, AddressDraft, AddressType, parse_address};
use crate::limits::ADDRESSES_MAX;
use crate::list_merge::{
    EntryControl, ListEntry, ListField, Merged, merge_entries, settle_primary,
};
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// Parses the addresses of a create at `path` and applies the primary rules.
pub fn parse_addresses(
    path: &str,
    drafts: &[AddressDraft],
) -> Result<Vec<Address>, ValidationErrors> {
    merge_addresses(path, &[], drafts)
}

impl ListEntry for Address {
    fn entry_id(&self) -> Option<uuid::Uuid> {
        Some(self.id.as_uuid())
    }

    fn take_id_of(&mut self, stored: &Self) {
        self.id = stored.id;
    }

    fn same_as(&self, other: &Self) -> bool {
        let aligned = Address {
            id: other.id,
            primary: other.primary,
            ..self.clone()
        };
        aligned == *other
    }

    fn is_primary(&self) -> bool {
        self.primary
    }

    fn set_primary(&mut self, primary: bool) {
        self.primary = primary;
    }
}

fn control(draft: &AddressDraft) -> EntryControl<'_> {
    EntryControl {
        id: draft.id.as_deref(),
        remove: draft.remove == Some(true),
        primary: draft.primary,
    }
}

/// The addresses an update leaves: `null` removes them all, an absent field keeps `stored`, a
/// list is merged into them ([`merge_addresses`], at `addresses`).
pub fn patch_addresses(
    stored: &[Address],
    patch: &crate::patch::Patch<Vec<AddressDraft>>,
) -> Result<Vec<Address>, ValidationErrors> {
    match patch {
        crate::patch::Patch::Null => Ok(Vec::new()),
        given => merge_addresses(
            "addresses",
            stored,
            given.value().map_or(&[], Vec::as_slice),
        ),
    }
}

/// Merges the request's addresses at `path` into the `stored` ones (the rules of
/// [`crate::list_merge`]) and applies the primary rules to the result: at most
/// [`ADDRESSES_MAX`] addresses.
pub fn merge_addresses(
    path: &str,
    stored: &[Address],
    drafts: &[AddressDraft],
) -> Result<Vec<Address>, ValidationErrors> {
    let too_many = || {
        ValidationErrors::from(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            format!("must have at most {ADDRESSES_MAX} addresses"),
        ))
    };
    if drafts.len() > ADDRESSES_MAX {
        return Err(too_many());
    }
    let field = ListField {
        path,
        noun: "address",
    };
    let mut merged = merge_entries(field, stored, drafts, control, parse_address)?;
    if merged.len() > ADDRESSES_MAX {
        return Err(too_many());
    }
    let mut errors = ValidationErrors::new();
    for address_type in AddressType::ALL {
        settle_type(path, &mut merged, *address_type, &mut errors);
    }
    errors.finish(merged.into_iter().map(|m| m.entry).collect())
}

/// One primary address of `address_type`: the one the request flags, else the one that kept
/// its flag, else the first of the type.
fn settle_type(
    path: &str,
    merged: &mut [Merged<Address>],
    address_type: AddressType,
    errors: &mut ValidationErrors,
) {
    let members: Vec<usize> = (0..merged.len())
        .filter(|&i| merged[i].entry.address_type == address_type)
        .collect();
    let why = format!("only one {} address may be primary", address_type.code());
    if !settle_primary(path, merged, &members, &why, errors)
        && let Some(&first) = members.first()
    {
        merged[first].entry.primary = true;
    }
}
