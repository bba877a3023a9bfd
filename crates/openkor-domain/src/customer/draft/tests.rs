use super::*;
use crate::address::AddressType;
use crate::contact::PhoneType;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 21);

fn sarah() -> CustomerDraft {
    CustomerDraft {
        customer_type: Patch::Value("INDIVIDUAL".into()),
        first_name: Patch::Value("Sarah".into()),
        last_name: Patch::Value("Green".into()),
        primary_phone_number: Patch::Value(PhoneDraft {
            number: Some("+15556589".into()),
            phone_type: Some("WORK".into()),
            ..PhoneDraft::default()
        }),
        primary_email: Patch::Value(EmailDraft {
            value: Some("sgreen@abc.com".into()),
        }),
        ..CustomerDraft::default()
    }
}

fn acme() -> CustomerDraft {
    CustomerDraft {
        customer_type: Patch::Value("BUSINESS".into()),
        business_name: Patch::Value("ACME".into()),
        contacts: Patch::Value(vec![ContactDraft {
            first_name: Some("Jack".into()),
            last_name: Some("Smith".into()),
            primary: Some(true),
            primary_phone_number: Some(PhoneDraft {
                number: Some("+14151234".into()),
                phone_type: Some("WORK".into()),
                ..PhoneDraft::default()
            }),
            primary_email: Some(EmailDraft {
                value: Some("jsmith@acme.com".into()),
            }),
            ..ContactDraft::default()
        }]),
        ..CustomerDraft::default()
    }
}

fn paths(errors: &ValidationErrors) -> Vec<(&str, FieldErrorCode)> {
    errors
        .errors()
        .iter()
        .map(|e| (e.path.as_str(), e.code))
        .collect()
}

#[test]
fn the_minimal_individual_of_the_guide_is_valid() {
    let data = sarah().validate(TODAY).expect("valid");
    let CustomerProfile::Individual(person) = &data.profile else {
        panic!("an individual");
    };
    assert_eq!(person.primary_phone_number.number, "+15556589");
    assert_eq!(person.primary_phone_number.phone_type, PhoneType::Work);
    assert!(data.addresses.is_empty() && data.metadata.is_empty());
    assert_eq!(data.display_name(), "Sarah Green");
}

#[test]
fn the_minimal_business_of_the_guide_is_valid() {
    let data = acme().validate(TODAY).expect("valid");
    assert_eq!(data.display_name(), "ACME");
    assert_eq!(data.primary_email(), Some("jsmith@acme.com"));
    assert_eq!(data.primary_phone(), Some("+14151234"));
}

#[test]
fn an_empty_body_names_the_type_as_missing() {
    let errors = CustomerDraft::default()
        .validate(TODAY)
        .expect_err("invalid");
    assert_eq!(paths(&errors), vec![("type", FieldErrorCode::Required)]);
}

#[test]
fn every_missing_individual_field_is_listed() {
    let draft = CustomerDraft {
        customer_type: Patch::Value("INDIVIDUAL".into()),
        ..CustomerDraft::default()
    };
    let errors = draft.validate(TODAY).expect_err("invalid");
    assert_eq!(
        paths(&errors),
        vec![
            ("firstName", FieldErrorCode::Required),
            ("lastName", FieldErrorCode::Required),
            ("primaryPhoneNumber", FieldErrorCode::Required),
            ("primaryEmail", FieldErrorCode::Required),
        ]
    );
}

#[test]
fn fields_of_the_other_type_are_refused() {
    let mut draft = sarah();
    draft.website = Patch::Value("https://acme.com".into());
    let errors = draft.validate(TODAY).expect_err("invalid");
    assert_eq!(
        paths(&errors),
        vec![("website", FieldErrorCode::Inconsistent)]
    );
    let mut business = acme();
    business.first_name = Patch::Value("Jack".into());
    let errors = business.validate(TODAY).expect_err("invalid");
    assert_eq!(
        paths(&errors),
        vec![("firstName", FieldErrorCode::Inconsistent)]
    );
}

#[test]
fn business_names_are_aliases_that_must_agree() {
    let mut dba_only = acme();
    dba_only.business_name = Patch::Absent;
    dba_only.doing_business_as_name = Patch::Value("ACME Corp.".into());
    assert_eq!(
        dba_only.validate(TODAY).expect("valid").display_name(),
        "ACME Corp."
    );
    let mut both = acme();
    both.doing_business_as_name = Patch::Value("Other".into());
    let errors = both.validate(TODAY).expect_err("disagree");
    assert_eq!(
        paths(&errors),
        vec![("doingBusinessAsName", FieldErrorCode::Inconsistent)]
    );
    let mut same = acme();
    same.doing_business_as_name = Patch::Value("ACME".into());
    assert!(same.validate(TODAY).is_ok());
}

#[test]
fn a_business_needs_exactly_one_primary_contact() {
    let mut none = acme();
    if let Patch::Value(contacts) = &mut none.contacts {
        contacts[0].primary = None;
    }
    let errors = none.validate(TODAY).expect_err("no primary");
    assert_eq!(
        paths(&errors),
        vec![("contacts", FieldErrorCode::Inconsistent)]
    );
    let mut two = acme();
    if let Patch::Value(contacts) = &mut two.contacts {
        contacts.push(contacts[0].clone());
    }
    let errors = two.validate(TODAY).expect_err("two primaries");
    assert_eq!(
        paths(&errors),
        vec![("contacts[1].primary", FieldErrorCode::Inconsistent)]
    );
    let mut empty = acme();
    empty.contacts = Patch::Value(vec![]);
    assert_eq!(
        paths(&empty.validate(TODAY).expect_err("empty")),
        vec![("contacts", FieldErrorCode::OutOfRange)]
    );
}

#[test]
fn dates_of_birth_are_real_past_dates() {
    assert_eq!(
        parse_date_of_birth("d", "1990-02-28", TODAY),
        Ok(date!(1990 - 02 - 28))
    );
    assert!(parse_date_of_birth("d", "2026-11-21", TODAY).is_ok());
    for (bad, code) in [
        ("1990-02-30", FieldErrorCode::InvalidFormat),
        ("1990-2-28", FieldErrorCode::InvalidFormat),
        ("28/02/1990", FieldErrorCode::InvalidFormat),
        ("1990-13-01", FieldErrorCode::InvalidFormat),
        ("2026-11-22", FieldErrorCode::OutOfRange),
        ("1899-12-31", FieldErrorCode::OutOfRange),
    ] {
        assert_eq!(
            parse_date_of_birth("d", bad, TODAY).expect_err(bad).code,
            code,
            "{bad}"
        );
    }
}

#[test]
fn websites_must_look_like_web_addresses() {
    for ok in [
        "https://acme.com",
        "http://acme.com/about",
        "acme.com",
        "www.acme.co.uk",
    ] {
        assert!(parse_website(ok).is_ok(), "{ok}");
    }
    for bad in [
        "acme",
        "ftp://acme.com",
        "https://",
        "acme .com",
        "javascript:alert(1)",
    ] {
        assert!(parse_website(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_update_keeps_absent_fields_and_clears_nulls() {
    let mut with_address = sarah();
    with_address.middle_name = Patch::Value("Jane".into());
    with_address.addresses = Patch::Value(vec![AddressDraft {
        address_type: Some("MAILING".into()),
        street_line1: Some("1 Main St".into()),
        zip_code: Some("12345".into()),
        ..AddressDraft::default()
    }]);
    let current = with_address.validate(TODAY).expect("valid");
    let update = CustomerDraft {
        first_name: Patch::Value("Sara".into()),
        middle_name: Patch::Null,
        addresses: Patch::Null,
        ..CustomerDraft::default()
    };
    let updated = CustomerDraft::of(&current)
        .overlay(update)
        .expect("same type")
        .validate(TODAY)
        .expect("valid");
    assert_eq!(updated.display_name(), "Sara Green");
    assert!(updated.addresses.is_empty());
    assert_eq!(updated.primary_email(), Some("sgreen@abc.com"));
}

#[test]
fn an_unchanged_customer_round_trips_through_its_draft() {
    let mut draft = acme();
    draft.addresses = Patch::Value(vec![AddressDraft {
        address_type: Some("SHIPPING".into()),
        name: Some(crate::address::PersonNameDraft {
            first_name: Some("Jack".into()),
            middle_name: Some("Fred".into()),
            last_name: Some("Smith".into()),
        }),
        street_line1: Some("200 King St".into()),
        state_code: Some("ON".into()),
        country_code: Some("CAN".into()),
        zip_code: Some("M5V 1J2".into()),
        ..AddressDraft::default()
    }]);
    draft.metadata = Patch::Value(BTreeMap::from([(
        "customerRefId".into(),
        Some("100000333".into()),
    )]));
    let data = draft.validate(TODAY).expect("valid");
    let again = CustomerDraft::of(&data).validate(TODAY).expect("valid");
    assert_eq!(again, data);
    assert_eq!(again.addresses[0].address_type, AddressType::Shipping);
}

#[test]
fn the_type_cannot_change_and_a_rename_replaces_both_aliases() {
    let current = acme().validate(TODAY).expect("valid");
    let retype = CustomerDraft {
        customer_type: Patch::Value("INDIVIDUAL".into()),
        ..CustomerDraft::default()
    };
    let errors = CustomerDraft::of(&current)
        .overlay(retype)
        .expect_err("type change");
    assert_eq!(paths(&errors), vec![("type", FieldErrorCode::Inconsistent)]);
    let rename = CustomerDraft {
        doing_business_as_name: Patch::Value("ACME Corp.".into()),
        ..CustomerDraft::default()
    };
    let renamed = CustomerDraft::of(&current)
        .overlay(rename)
        .expect("ok")
        .validate(TODAY)
        .expect("valid");
    assert_eq!(renamed.display_name(), "ACME Corp.");
}

#[test]
fn verification_flags_survive_only_unchanged_values() {
    let mut previous = sarah().validate(TODAY).expect("valid");
    if let CustomerProfile::Individual(person) = &mut previous.profile {
        person.primary_phone_number.verified = true;
        person.primary_email.verified = true;
    }
    let mut changed_email = sarah();
    changed_email.primary_email = Patch::Value(EmailDraft {
        value: Some("sarah@new.com".into()),
    });
    let mut next = changed_email.validate(TODAY).expect("valid");
    next.keep_verification_of(&previous);
    let CustomerProfile::Individual(person) = &next.profile else {
        panic!("an individual");
    };
    assert!(person.primary_phone_number.verified);
    assert!(!person.primary_email.verified);
}

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
