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

mod merges;
