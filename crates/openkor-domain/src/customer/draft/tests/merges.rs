//! Updates merging addresses, contacts and metadata into what is stored.

use super::*;

fn mailing(street: &str) -> AddressDraft {
    AddressDraft {
        address_type: Some("MAILING".into()),
        street_line1: Some(street.into()),
        zip_code: Some("12345".into()),
        ..AddressDraft::default()
    }
}

fn updated(
    current: &CustomerData,
    update: CustomerDraft,
) -> Result<CustomerData, ValidationErrors> {
    CustomerDraft::of(current).overlay(update)?.validate(TODAY)
}

fn streets(data: &CustomerData) -> Vec<(&str, bool)> {
    data.addresses
        .iter()
        .map(|a| (a.street_line1.as_str(), a.primary))
        .collect()
}

fn with_addresses(drafts: Vec<AddressDraft>) -> CustomerDraft {
    CustomerDraft {
        addresses: Patch::Value(drafts),
        ..CustomerDraft::default()
    }
}

#[test]
fn an_update_adding_an_address_keeps_the_stored_ones() {
    let mut draft = sarah();
    draft.addresses = Patch::Value(vec![mailing("1 Main St"), mailing("2 Main St")]);
    let current = draft.validate(TODAY).expect("valid");
    let added = updated(&current, with_addresses(vec![mailing("3 Main St")])).expect("valid");
    assert_eq!(
        streets(&added),
        [
            ("1 Main St", true),
            ("2 Main St", false),
            ("3 Main St", false)
        ]
    );
    assert_eq!(added.addresses[..2], current.addresses[..], "ids and all");
    let mut primary = mailing("4 Main St");
    primary.primary = Some(true);
    let moved = updated(&added, with_addresses(vec![primary])).expect("valid");
    assert_eq!(
        streets(&moved),
        [
            ("1 Main St", false),
            ("2 Main St", false),
            ("3 Main St", false),
            ("4 Main St", true)
        ],
        "a new address flagged primary takes the flag from its type"
    );
}

#[test]
fn addresses_sent_back_with_or_without_their_ids_change_nothing() {
    let mut draft = sarah();
    draft.addresses = Patch::Value(vec![mailing("1 Main St"), mailing("1 Main St")]);
    let current = draft.validate(TODAY).expect("valid");
    let read: Vec<AddressDraft> = current.addresses.iter().map(AddressDraft::from).collect();
    assert_eq!(
        updated(&current, with_addresses(read.clone())),
        Ok(current.clone())
    );
    let without_ids = read
        .into_iter()
        .map(|a| AddressDraft { id: None, ..a })
        .collect();
    assert_eq!(
        updated(&current, with_addresses(without_ids)),
        Ok(current.clone())
    );
    assert_eq!(
        updated(&current, with_addresses(vec![])),
        Ok(current),
        "an empty list names nothing"
    );
}

#[test]
fn an_address_named_by_id_is_replaced_or_removed_and_an_unknown_id_is_refused() {
    let mut draft = sarah();
    draft.addresses = Patch::Value(vec![mailing("1 Main St"), mailing("2 Main St")]);
    let current = draft.validate(TODAY).expect("valid");
    let first = Some(current.addresses[0].id.to_string());
    let replacement = AddressDraft {
        id: first.clone(),
        ..mailing("9 Elm St")
    };
    let replaced = updated(&current, with_addresses(vec![replacement])).expect("valid");
    assert_eq!(
        streets(&replaced),
        [("9 Elm St", true), ("2 Main St", false)]
    );
    assert_eq!(replaced.addresses[0].id, current.addresses[0].id);
    let removal = AddressDraft {
        id: first,
        remove: Some(true),
        ..AddressDraft::default()
    };
    let removed = updated(&current, with_addresses(vec![removal])).expect("valid");
    assert_eq!(
        streets(&removed),
        [("2 Main St", true)],
        "the remaining MAILING address is promoted"
    );
    let unknown = AddressDraft {
        id: Some(crate::ids::AddressId::new().to_string()),
        ..mailing("9 Elm St")
    };
    let errors =
        updated(&current, with_addresses(vec![mailing("x"), unknown])).expect_err("unknown id");
    assert_eq!(
        paths(&errors),
        vec![("addresses[1].id", FieldErrorCode::NotFound)]
    );
}

#[test]
fn metadata_merges_key_by_key_and_null_deletes() {
    let mut draft = sarah();
    let pairs = |list: &[(&str, Option<&str>)]| -> MetadataChanges {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect()
    };
    draft.metadata = Patch::Value(pairs(&[("a", Some("1")), ("b", Some("2")), ("gone", None)]));
    let current = draft
        .validate(TODAY)
        .expect("a null on a create sets nothing");
    assert_eq!(current.metadata.len(), 2);
    let change = CustomerDraft {
        metadata: Patch::Value(pairs(&[("b", None), ("c", Some("3"))])),
        ..CustomerDraft::default()
    };
    let merged = updated(&current, change).expect("valid");
    let expected = BTreeMap::from([
        ("a".to_owned(), "1".to_owned()),
        ("c".to_owned(), "3".to_owned()),
    ]);
    assert_eq!(merged.metadata, expected);
    let four_more = CustomerDraft {
        metadata: Patch::Value(pairs(&[
            ("d", Some("4")),
            ("e", Some("5")),
            ("f", Some("6")),
            ("g", Some("7")),
        ])),
        ..CustomerDraft::default()
    };
    let errors = updated(&merged, four_more).expect_err("six pairs");
    assert_eq!(
        paths(&errors),
        vec![("metadata", FieldErrorCode::OutOfRange)]
    );
    let cleared = CustomerDraft {
        metadata: Patch::Null,
        ..CustomerDraft::default()
    };
    assert!(
        updated(&merged, cleared)
            .expect("valid")
            .metadata
            .is_empty()
    );
}

#[test]
fn contacts_merge_like_addresses_and_the_primary_one_must_stay_chosen() {
    let current = acme().validate(TODAY).expect("valid");
    let Patch::Value(contacts) = acme().contacts else {
        panic!("acme has contacts");
    };
    let jill = ContactDraft {
        first_name: Some("Jill".into()),
        primary: None,
        ..contacts[0].clone()
    };
    let with_jill = CustomerDraft {
        contacts: Patch::Value(vec![jill]),
        ..CustomerDraft::default()
    };
    let added = updated(&current, with_jill).expect("valid");
    let CustomerProfile::Business(business) = &added.profile else {
        panic!("a business");
    };
    let names: Vec<(&str, bool)> = business
        .contacts
        .iter()
        .map(|c| (c.first_name.as_str(), c.primary))
        .collect();
    assert_eq!(names, [("Jack", true), ("Jill", false)]);
    let jack_id = business.contacts[0].id.map(|id| id.to_string());
    let remove_jack = CustomerDraft {
        contacts: Patch::Value(vec![ContactDraft {
            id: jack_id,
            remove: Some(true),
            ..ContactDraft::default()
        }]),
        ..CustomerDraft::default()
    };
    let errors = updated(&added, remove_jack).expect_err("no primary left");
    assert_eq!(
        paths(&errors),
        vec![("contacts", FieldErrorCode::Inconsistent)]
    );
    let cleared = CustomerDraft {
        contacts: Patch::Null,
        ..CustomerDraft::default()
    };
    let errors = updated(&added, cleared).expect_err("contacts are required");
    assert_eq!(paths(&errors), vec![("contacts", FieldErrorCode::Required)]);
}
