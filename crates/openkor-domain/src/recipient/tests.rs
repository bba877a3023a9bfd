use super::*;

fn today() -> Date {
    Date::from_calendar_date(2026, time::Month::November, 26).expect("a date")
}

fn draft() -> RecipientDraft {
    RecipientDraft {
        first_name: Patch::Value("Ana".into()),
        last_name: Patch::Value("Silva".into()),
        email: Patch::Value("ana@example.com".into()),
        ..RecipientDraft::default()
    }
}

fn paths(result: Result<RecipientData, ValidationErrors>) -> Vec<(String, &'static str)> {
    let mut found: Vec<_> = result
        .expect_err("refused")
        .into_errors()
        .into_iter()
        .map(|e| (e.path, e.code.code()))
        .collect();
    found.sort();
    found
}

#[test]
fn a_minimal_recipient_is_an_individual() {
    let data = draft().validate(today()).expect("valid");
    assert_eq!(data.recipient_type, RecipientType::Individual);
    assert_eq!(data.email, "ana@example.com");
}

#[test]
fn every_problem_is_named() {
    let bad = RecipientDraft {
        first_name: Patch::Null,
        email: Patch::Value("not an email".into()),
        nationality: Patch::Value("Canadian".into()),
        phone_number: Patch::Value("5".repeat(41)),
        additional_information: Patch::Value("x".repeat(501)),
        recipient_type: Patch::Value("BUSINESS".into()),
        ..draft()
    };
    assert_eq!(
        paths(bad.validate(today())),
        [
            ("additionalInformation".to_owned(), "TOO_LONG"),
            ("businessName".to_owned(), "REQUIRED"),
            ("email".to_owned(), "INVALID_FORMAT"),
            ("firstName".to_owned(), "REQUIRED"),
            ("nationality".to_owned(), "INVALID_VALUE"),
            ("phoneNumber".to_owned(), "TOO_LONG"),
        ]
    );
    let individual_business = RecipientDraft {
        business_name: Patch::Value("Acme".into()),
        ..draft()
    };
    assert_eq!(
        paths(individual_business.validate(today())),
        [("businessName".to_owned(), "INCONSISTENT")]
    );
}

#[test]
fn an_update_merges_and_keeps_the_type() {
    let current = draft().validate(today()).expect("valid");
    let update = RecipientDraft {
        phone_number: Patch::Value("555-555-5555".into()),
        ..RecipientDraft::default()
    };
    let merged = RecipientDraft::of(&current)
        .overlay(update)
        .expect("merged")
        .validate(today())
        .expect("valid");
    assert_eq!(merged.phone_number.as_deref(), Some("555-555-5555"));
    assert_eq!(merged.first_name, "Ana");
    let retyped = RecipientDraft {
        recipient_type: Patch::Value("BUSINESS".into()),
        ..RecipientDraft::default()
    };
    assert!(RecipientDraft::of(&current).overlay(retyped).is_err());
}
