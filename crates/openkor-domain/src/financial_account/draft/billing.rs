//! Billing addresses of external bank accounts and cards.

use super::super::BillingAddress;
use crate::contact::{optional, required};
use crate::geo::{check_postal_code, check_state_code, parse_country_code};
use crate::limits::{CITY_NAME_CHARS_MAX, STREET_LINE_CHARS_MAX};
use crate::text::bounded_text;
use crate::validation::{FieldError, ValidationErrors};

/// A billing address as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BillingAddressDraft {
    /// Line 1 (required).
    pub address_line1: Option<String>,
    /// Line 2.
    pub address_line2: Option<String>,
    /// Line 3.
    pub address_line3: Option<String>,
    /// City (required).
    pub city: Option<String>,
    /// Subdivision (required for USA and CAN).
    pub state_code: Option<String>,
    /// Country.
    pub country_code: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
}

/// Parses a billing address at `path`; `country_required` for cards.
pub fn parse_billing_address(
    path: &str,
    draft: &BillingAddressDraft,
    country_required: bool,
) -> Result<BillingAddress, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let at = |field: &str| format!("{path}.{field}");
    let line = |errors: &mut ValidationErrors, field: &str, value: &Option<String>| {
        optional(errors, value.as_deref(), |v| {
            bounded_text(&at(field), v, 1, STREET_LINE_CHARS_MAX)
        })
    };
    let line1 = errors.collect(
        required(&at("addressLine1"), draft.address_line1.as_deref())
            .and_then(|v| bounded_text(&at("addressLine1"), v, 1, STREET_LINE_CHARS_MAX)),
    );
    let line2 = line(&mut errors, "addressLine2", &draft.address_line2);
    let line3 = line(&mut errors, "addressLine3", &draft.address_line3);
    let city = errors.collect(
        required(&at("city"), draft.city.as_deref())
            .and_then(|v| bounded_text(&at("city"), v, 1, CITY_NAME_CHARS_MAX)),
    );
    let country = match draft
        .country_code
        .as_deref()
        .filter(|code| !code.is_empty())
    {
        None if country_required => {
            errors.push(FieldError::required(at("countryCode")));
            None
        }
        None => Some(None),
        Some(code) => errors
            .collect(parse_country_code(&at("countryCode"), code))
            .map(Some),
    };
    let country_code = country.clone().flatten();
    errors.collect(check_state_code(
        &at("stateCode"),
        country_code.as_deref(),
        draft.state_code.as_deref(),
    ));
    let postal = optional(&mut errors, draft.postal_code.as_deref(), |v| {
        check_postal_code(&at("postalCode"), country_code.as_deref(), v)
    });
    match (line1, line2, line3, city, country, postal) {
        (
            Some(address_line1),
            Some(address_line2),
            Some(address_line3),
            Some(city),
            Some(country_code),
            Some(postal_code),
        ) => errors.finish(BillingAddress {
            address_line1,
            address_line2,
            address_line3,
            city,
            state_code: draft.state_code.clone().filter(|code| !code.is_empty()),
            country_code,
            postal_code,
        }),
        _ => Err(errors),
    }
}
