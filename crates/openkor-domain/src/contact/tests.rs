//! Tests of phones, e-mails and contacts.

use super::*;

#[test]
fn phone_numbers_are_normalised_to_e164() {
    for (raw, expected) in [
        ("+15556589", "+15556589"),
        ("4155551234", "+14155551234"),
        ("14155551234", "+14155551234"),
        ("1-800-555-0100", "+18005550100"),
        ("(415) 555-1234", "+14155551234"),
        ("+1 415.555.1234", "+14155551234"),
        ("+447911123456", "+447911123456"),
        ("+44 (0)20 7946 0958", "+442079460958"),
    ] {
        assert_eq!(normalize_phone("p", raw).as_deref(), Ok(expected), "{raw}");
    }
    for bad in [
        "",
        "+",
        "+123456",
        "+1234567890123456",
        "555-CALL-NOW",
        "+0155556589",
        "++15556589",
    ] {
        assert!(normalize_phone("p", bad).is_err(), "{bad}");
    }
}

#[test]
fn a_number_without_plus_that_is_not_north_american_is_refused_not_guessed() {
    for national in [
        // The reference's own samples: +1 555 6589, or an 8-digit national number?
        "15556589",
        "15551234",
        // A British and a Spanish number written without their country codes' +.
        "447911123456",
        "612 345 678",
        "07911 123456",
        "020 7946 0958",
        // A local number without its area code.
        "555-1234",
        // Ten digits, but no North American area code or exchange starts with 0 or 1.
        "0155556589",
        "1155551234",
        "4151551234",
        "123456",
    ] {
        let error = normalize_phone("p", national).expect_err(national);
        assert_eq!(error.code, FieldErrorCode::InvalidFormat, "{national}");
        assert!(
            error.message.contains("country code"),
            "{national}: {error}"
        );
    }
}

#[test]
fn normalising_twice_changes_nothing() {
    for raw in ["+15556589", "4155551234", "+447911123456"] {
        let once = normalize_phone("p", raw).expect("valid");
        assert_eq!(normalize_phone("p", &once).expect("valid"), once);
    }
}

#[test]
fn e_mail_syntax_is_checked() {
    for ok in [
        "sgreen@abc.com",
        "a.b+tag@sub.example.co",
        "x@y.io",
        "O'Neil@example.org",
    ] {
        assert!(parse_email_address("e", ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "plain",
        "@abc.com",
        "a@",
        "a@b",
        "a@b.c",
        "a..b@abc.com",
        ".a@abc.com",
        "a@-abc.com",
        "a@abc..com",
        "a b@abc.com",
        "a@abc.c0m",
        "a@@abc.com",
        " a@abc.com",
    ] {
        assert!(parse_email_address("e", bad).is_err(), "{bad}");
    }
    let long = format!("{}@example.com", "a".repeat(310));
    assert_eq!(
        parse_email_address("e", &long).expect_err("long").code,
        FieldErrorCode::TooLong
    );
}

#[test]
fn a_contact_reports_every_problem_with_its_path() {
    let draft = ContactDraft {
        first_name: None,
        last_name: Some("x".repeat(41)),
        primary_phone_number: Some(PhoneDraft {
            number: Some("12".into()),
            phone_type: Some("FAX".into()),
            ..PhoneDraft::default()
        }),
        primary_email: None,
        ..ContactDraft::default()
    };
    let errors = parse_contact("contacts[0]", &draft).expect_err("invalid");
    let paths: Vec<(&str, FieldErrorCode)> = errors
        .errors()
        .iter()
        .map(|e| (e.path.as_str(), e.code))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("contacts[0].firstName", FieldErrorCode::Required),
            ("contacts[0].lastName", FieldErrorCode::TooLong),
            (
                "contacts[0].primaryPhoneNumber.number",
                FieldErrorCode::InvalidFormat
            ),
            (
                "contacts[0].primaryPhoneNumber.type",
                FieldErrorCode::InvalidValue
            ),
            ("contacts[0].primaryEmail", FieldErrorCode::Required),
        ]
    );
}
