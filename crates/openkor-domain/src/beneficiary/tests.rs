//! Beneficial owner drafts: validation, merging, masking.

use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 21);

fn owner() -> BeneficiaryDraft {
    BeneficiaryDraft {
        first_name: Patch::Value("Ada".into()),
        last_name: Patch::Value("Lovelace".into()),
        ..BeneficiaryDraft::default()
    }
}

#[test]
fn social_ids_are_masked_to_their_last_four_characters() {
    assert_eq!(mask_social_id("123-45-6789"), "*****6789");
    assert_eq!(mask_social_id("123"), "*****");
}

#[test]
fn ownership_percentages_are_exact_and_canonical() {
    assert_eq!(parse_ownership_percentage("o", "50").as_deref(), Ok("50"));
    assert_eq!(
        parse_ownership_percentage("o", "33.50").as_deref(),
        Ok("33.5")
    );
    assert_eq!(
        parse_ownership_percentage("o", "12.25").as_deref(),
        Ok("12.25")
    );
    assert_eq!(parse_ownership_percentage("o", "100").as_deref(), Ok("100"));
    for bad in ["100.01", "-1", "abc", "1.234", ""] {
        assert!(parse_ownership_percentage("o", bad).is_err(), "{bad}");
    }
}

#[test]
fn a_social_id_needs_its_issuing_country() {
    let mut draft = owner();
    draft.social_id = Patch::Value("123-45-6789".into());
    let errors = draft.validate(TODAY).expect_err("country");
    assert_eq!(errors.errors()[0].path, "socialIdCountryCode");
    draft.social_id_country_code = Patch::Value("USA".into());
    assert_eq!(
        draft.validate(TODAY).expect("valid").social_id.as_deref(),
        Some("123-45-6789")
    );
}

#[test]
fn every_problem_is_listed_with_its_path() {
    let draft = BeneficiaryDraft {
        last_name: Patch::Value("x".repeat(41)),
        sex: Patch::Value("OTHER".into()),
        citizenship_country_code: Patch::Value("US".into()),
        place_of_birth: Patch::Value(PlaceOfBirthDraft {
            city: Some("x".repeat(61)),
            country_code: Some("ZZZ".into()),
        }),
        ..BeneficiaryDraft::default()
    };
    let errors = draft.validate(TODAY).expect_err("invalid");
    let paths: Vec<&str> = errors.errors().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "firstName",
            "lastName",
            "sex",
            "placeOfBirth.city",
            "placeOfBirth.countryCode",
            "citizenshipCountryCode"
        ]
    );
}

#[test]
fn an_update_keeps_absent_fields() {
    let current = owner().validate(TODAY).expect("valid");
    let update = BeneficiaryDraft {
        title: Patch::Value("CEO".into()),
        controller: Patch::Value(true),
        ..BeneficiaryDraft::default()
    };
    let updated = BeneficiaryDraft::of(&current)
        .overlay(update)
        .validate(TODAY)
        .expect("valid");
    assert_eq!(
        (
            updated.first_name.as_str(),
            updated.title.as_deref(),
            updated.controller
        ),
        ("Ada", Some("CEO"), true)
    );
}
