//! Addresses (reference §4.1) and the primary-address rules.
//!
//! Rules: a customer may have several addresses of each type; exactly one per type present is
//! primary; when none of a type is flagged the first of that type becomes primary; flagging two
//! of one type is refused. A PHYSICAL address must not be a PO box.
//!
//! Every address has an id openkor assigns; an update names an address by it and merges its
//! entries into the stored list ([`merge_addresses`], rules in [`crate::list_merge`]): an
//! address the update does not name stays. An address the update flags primary takes the flag
//! from the other addresses of its type; when none is flagged, the primary of each type stays
//! (the first of the type is promoted when it was removed).

use crate::contact::{optional, parse_person_name, required};
use crate::geo::{check_postal_code, check_state_code, parse_country_code};
use crate::ids::AddressId;
use crate::limits::{APARTMENT_NUMBER_CHARS_MAX, CITY_NAME_CHARS_MAX, STREET_LINE_CHARS_MAX};
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

mod merge;
pub use merge::{merge_addresses, parse_addresses, patch_addresses};

crate::code_enum! {
    /// What an address is for.
    pub enum AddressType {
        /// Where postal mail goes.
        Mailing => "MAILING",
        /// Where the person lives or the business is registered; never a PO box.
        Physical => "PHYSICAL",
        /// Where packages go; carries the recipient's name.
        Shipping => "SHIPPING",
    }
}

/// The recipient of a SHIPPING address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
}

/// A validated address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// Id, assigned by openkor when the address is added; an update names the address by it.
    pub id: AddressId,
    /// Type.
    pub address_type: AddressType,
    /// Shipment recipient (SHIPPING only; ignored and dropped for other types).
    pub name: Option<PersonName>,
    /// First street line (required).
    pub street_line1: String,
    /// Further street lines.
    pub street_line2: Option<String>,
    /// Further street lines.
    pub street_line3: Option<String>,
    /// Further street lines (issued cards only).
    pub street_line4: Option<String>,
    /// Further street lines (issued cards only).
    pub street_line5: Option<String>,
    /// Apartment number.
    pub apartment_number: Option<String>,
    /// City.
    pub city_name: Option<String>,
    /// ISO 3166-2 subdivision (required for USA and CAN).
    pub state_code: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    pub country_code: Option<String>,
    /// Postal code.
    pub zip_code: String,
    /// Primary address of its type.
    pub primary: bool,
}

/// A shipment recipient as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonNameDraft {
    /// First name.
    pub first_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
}

/// An address as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressDraft {
    /// Update: the id of the stored address this entry replaces or removes.
    pub id: Option<String>,
    /// Update: `true` removes the address `id` names.
    pub remove: Option<bool>,
    /// Type code.
    pub address_type: Option<String>,
    /// Shipment recipient.
    pub name: Option<PersonNameDraft>,
    /// Street line 1.
    pub street_line1: Option<String>,
    /// Street line 2.
    pub street_line2: Option<String>,
    /// Street line 3.
    pub street_line3: Option<String>,
    /// Street line 4.
    pub street_line4: Option<String>,
    /// Street line 5.
    pub street_line5: Option<String>,
    /// Apartment number.
    pub apartment_number: Option<String>,
    /// City.
    pub city_name: Option<String>,
    /// Subdivision.
    pub state_code: Option<String>,
    /// Country.
    pub country_code: Option<String>,
    /// Postal code.
    pub zip_code: Option<String>,
    /// Primary flag.
    pub primary: Option<bool>,
}

impl From<&Address> for AddressDraft {
    fn from(address: &Address) -> Self {
        Self {
            id: Some(address.id.to_string()),
            remove: None,
            address_type: Some(address.address_type.code().to_owned()),
            name: address.name.as_ref().map(|name| PersonNameDraft {
                first_name: Some(name.first_name.clone()),
                middle_name: name.middle_name.clone(),
                last_name: Some(name.last_name.clone()),
            }),
            street_line1: Some(address.street_line1.clone()),
            street_line2: address.street_line2.clone(),
            street_line3: address.street_line3.clone(),
            street_line4: address.street_line4.clone(),
            street_line5: address.street_line5.clone(),
            apartment_number: address.apartment_number.clone(),
            city_name: address.city_name.clone(),
            state_code: address.state_code.clone(),
            country_code: address.country_code.clone(),
            zip_code: Some(address.zip_code.clone()),
            primary: Some(address.primary),
        }
    }
}

/// Whether a street line names a post-office box (`PO Box 12`, `P.O. Box`, `Post Office Box`).
pub fn is_po_box(line: &str) -> bool {
    let cleaned: String = line
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let padded = format!(" {} ", words.join(" "));
    [
        " po box ",
        " p o box ",
        " pobox ",
        " post office box ",
        " po bx ",
    ]
    .iter()
    .any(|pattern| padded.contains(pattern))
        || words.iter().any(|w| w.starts_with("pobox"))
        || numbered_box(&words)
}

/// `POB 12`, `Box 12`, `Box #12`: a box word directly followed by a number.
fn numbered_box(words: &[&str]) -> bool {
    words.windows(2).any(|pair| {
        matches!(pair[0], "box" | "pob" | "bx")
            && pair[1].chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

fn join(path: &str, field: &str) -> String {
    format!("{path}.{field}")
}

fn text(path: &str, field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    bounded_text(&join(path, field), value, 1, max)
}

fn parse_name(path: &str, draft: &PersonNameDraft) -> Result<PersonName, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let first = errors.collect(
        required(&join(path, "firstName"), draft.first_name.as_deref())
            .and_then(|v| parse_person_name(&join(path, "firstName"), v)),
    );
    let middle = optional(&mut errors, draft.middle_name.as_deref(), |v| {
        parse_person_name(&join(path, "middleName"), v)
    });
    let last = errors.collect(
        required(&join(path, "lastName"), draft.last_name.as_deref())
            .and_then(|v| parse_person_name(&join(path, "lastName"), v)),
    );
    match (first, middle, last) {
        (Some(first_name), Some(middle_name), Some(last_name)) => errors.finish(PersonName {
            first_name,
            middle_name,
            last_name,
        }),
        _ => Err(errors),
    }
}

/// Parses one address (its `primary` flag as given; see [`parse_addresses`] for the rules).
pub fn parse_address(path: &str, draft: &AddressDraft) -> Result<Address, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let address_type = errors.collect(
        required(&join(path, "type"), draft.address_type.as_deref()).and_then(|code| {
            AddressType::from_code(code).ok_or_else(|| {
                FieldError::new(
                    join(path, "type"),
                    FieldErrorCode::InvalidValue,
                    format!("must be one of {}", AddressType::codes_list()),
                )
            })
        }),
    );
    let name = match (address_type, &draft.name) {
        (Some(AddressType::Shipping), Some(name)) => parse_name(&join(path, "name"), name)
            .map_err(|e| e.into_errors().into_iter().for_each(|x| errors.push(x)))
            .ok()
            .map(Some),
        (Some(AddressType::Shipping), None) => {
            errors.push(FieldError::new(
                join(path, "name"),
                FieldErrorCode::Required,
                "is required for a SHIPPING address",
            ));
            None
        }
        _ => Some(None),
    };
    let line1 = errors.collect(
        required(&join(path, "streetLine1"), draft.street_line1.as_deref())
            .and_then(|v| text(path, "streetLine1", v, STREET_LINE_CHARS_MAX)),
    );
    let line = |errors: &mut ValidationErrors, field: &str, value: &Option<String>| {
        optional(errors, value.as_deref(), |v| {
            text(path, field, v, STREET_LINE_CHARS_MAX)
        })
    };
    let line2 = line(&mut errors, "streetLine2", &draft.street_line2);
    let line3 = line(&mut errors, "streetLine3", &draft.street_line3);
    let line4 = line(&mut errors, "streetLine4", &draft.street_line4);
    let line5 = line(&mut errors, "streetLine5", &draft.street_line5);
    let apartment = optional(&mut errors, draft.apartment_number.as_deref(), |v| {
        text(path, "apartmentNumber", v, APARTMENT_NUMBER_CHARS_MAX)
    });
    let city = optional(&mut errors, draft.city_name.as_deref(), |v| {
        text(path, "cityName", v, CITY_NAME_CHARS_MAX)
    });
    let country = optional(&mut errors, draft.country_code.as_deref(), |v| {
        parse_country_code(&join(path, "countryCode"), v)
    });
    let country_code = country.clone().flatten();
    errors.collect(check_state_code(
        &join(path, "stateCode"),
        country_code.as_deref(),
        draft.state_code.as_deref(),
    ));
    let zip = errors.collect(
        required(&join(path, "zipCode"), draft.zip_code.as_deref())
            .and_then(|v| check_postal_code(&join(path, "zipCode"), country_code.as_deref(), v)),
    );
    if address_type == Some(AddressType::Physical) {
        let lines = [
            ("streetLine1", &draft.street_line1),
            ("streetLine2", &draft.street_line2),
            ("streetLine3", &draft.street_line3),
            ("streetLine4", &draft.street_line4),
            ("streetLine5", &draft.street_line5),
            ("apartmentNumber", &draft.apartment_number),
        ];
        for (field, value) in lines {
            if value.as_deref().is_some_and(is_po_box) {
                errors.push(FieldError::new(
                    join(path, field),
                    FieldErrorCode::InvalidValue,
                    "a PHYSICAL address must not be a PO box",
                ));
            }
        }
    }
    let (
        Some(address_type),
        Some(name),
        Some(street_line1),
        Some(street_line2),
        Some(street_line3),
    ) = (address_type, name, line1, line2, line3)
    else {
        return Err(errors);
    };
    let (
        Some(street_line4),
        Some(street_line5),
        Some(apartment_number),
        Some(city_name),
        Some(zip_code),
    ) = (line4, line5, apartment, city, zip)
    else {
        return Err(errors);
    };
    errors.finish(Address {
        id: AddressId::new(),
        address_type,
        name,
        street_line1,
        street_line2,
        street_line3,
        street_line4,
        street_line5,
        apartment_number,
        city_name,
        state_code: draft.state_code.clone().filter(|code| !code.is_empty()),
        country_code,
        zip_code,
        primary: draft.primary.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(address_type: &str, primary: Option<bool>) -> AddressDraft {
        AddressDraft {
            address_type: Some(address_type.into()),
            name: (address_type == "SHIPPING").then(|| PersonNameDraft {
                first_name: Some("Jack".into()),
                middle_name: None,
                last_name: Some("Smith".into()),
            }),
            street_line1: Some("100 Main St".into()),
            city_name: Some("Greenville".into()),
            state_code: Some("MO".into()),
            country_code: Some("USA".into()),
            zip_code: Some("63368".into()),
            primary,
            ..AddressDraft::default()
        }
    }

    fn primaries(addresses: &[Address]) -> Vec<bool> {
        addresses.iter().map(|a| a.primary).collect()
    }

    #[test]
    fn the_first_address_of_each_type_becomes_primary_when_none_is_flagged() {
        let drafts = [
            draft("MAILING", None),
            draft("MAILING", None),
            draft("SHIPPING", None),
            draft("PHYSICAL", Some(false)),
        ];
        let addresses = parse_addresses("addresses", &drafts).expect("valid");
        assert_eq!(primaries(&addresses), vec![true, false, true, true]);
    }

    #[test]
    fn a_flagged_primary_is_kept() {
        let drafts = [draft("MAILING", None), draft("MAILING", Some(true))];
        let addresses = parse_addresses("addresses", &drafts).expect("valid");
        assert_eq!(primaries(&addresses), vec![false, true]);
    }

    #[test]
    fn two_primaries_of_one_type_are_refused() {
        let drafts = [
            draft("MAILING", Some(true)),
            draft("SHIPPING", Some(true)),
            draft("MAILING", Some(true)),
        ];
        let errors = parse_addresses("addresses", &drafts).expect_err("two primaries");
        assert_eq!(errors.errors()[0].path, "addresses[2].primary");
        assert_eq!(errors.errors()[0].code, FieldErrorCode::Inconsistent);
    }

    #[test]
    fn po_boxes_are_refused_only_in_physical_addresses() {
        for line in [
            "PO Box 12",
            "P.O. Box 12",
            "p o box 12",
            "Post Office Box 5",
            "POBox 77",
            "12 Main St, PO Box 3",
            "POB 12",
            "Box 12",
            "Box #12",
        ] {
            assert!(is_po_box(line), "{line}");
        }
        for line in [
            "100 Main St",
            "Box Hill Rd",
            "Poe Boxwood Lane",
            "Apt 5, Pobrook Ave",
            "12 Box Elder St",
            "Box Canyon 9",
        ] {
            assert!(!is_po_box(line), "{line}");
        }
        let mut physical = draft("PHYSICAL", None);
        physical.street_line2 = Some("P.O. Box 9".into());
        let errors = parse_address("addresses[0]", &physical).expect_err("po box");
        assert_eq!(errors.errors()[0].path, "addresses[0].streetLine2");
        let mut mailing = draft("MAILING", None);
        mailing.street_line1 = Some("PO Box 9".into());
        assert!(parse_address("addresses[0]", &mailing).is_ok());
    }

    #[test]
    fn shipping_addresses_need_a_name_and_others_drop_it() {
        let mut shipping = draft("SHIPPING", None);
        shipping.name = None;
        let errors = parse_address("a", &shipping).expect_err("name");
        assert_eq!(errors.errors()[0].path, "a.name");
        let mut mailing = draft("MAILING", None);
        mailing.name = Some(PersonNameDraft::default());
        assert_eq!(parse_address("a", &mailing).expect("valid").name, None);
    }

    #[test]
    fn every_field_rule_reports_its_path() {
        let bad = AddressDraft {
            address_type: Some("HOME".into()),
            street_line1: Some("x".repeat(51)),
            city_name: Some("x".repeat(26)),
            country_code: Some("USA".into()),
            zip_code: Some("ABCDE".into()),
            ..AddressDraft::default()
        };
        let errors = parse_address("a", &bad).expect_err("invalid");
        let paths: Vec<&str> = errors.errors().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "a.type",
                "a.streetLine1",
                "a.cityName",
                "a.stateCode",
                "a.zipCode"
            ]
        );
    }
}
