//! Beneficial owners ("beneficiaries") of business customers (reference §4.5).
//!
//! Updates use the same merge rules as customers: absent keeps, `null` clears an optional field,
//! and `addresses` entries are merged into the stored addresses by id, so an address the update
//! does not name stays (rules in [`crate::list_merge`]; `"addresses": null` removes every
//! address). The social id is stored in full and only ever returned masked
//! ([`mask_social_id`]).

use crate::actor::Actor;
use crate::address::{Address, AddressDraft, patch_addresses};
use crate::business_account::VerificationStatus;
use crate::clock::Timestamp;
use crate::contact::{
    Email, EmailDraft, PhoneDraft, PhoneNumber, optional, parse_email, parse_person_name,
    parse_phone,
};
use crate::customer::parse_date_of_birth;
use crate::geo::parse_country_code;
use crate::ids::{BeneficiaryId, BusinessAccountId, CustomerId};
use crate::limits::{PLACE_OF_BIRTH_CITY_CHARS_MAX, SOCIAL_ID_CHARS_MAX, TITLE_CHARS_MAX};
use crate::patch::Patch;
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use time::Date;

crate::code_enum! {
    /// Sex of a beneficial owner.
    pub enum Sex {
        /// Male.
        Male => "MALE",
        /// Female.
        Female => "FEMALE",
        /// Non-binary.
        Nonbinary => "NONBINARY",
    }
}

/// Where a beneficial owner was born.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlaceOfBirth {
    /// City.
    pub city: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    pub country_code: Option<String>,
}

/// Everything about a beneficial owner that a request can set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BeneficiaryData {
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Sex.
    pub sex: Option<Sex>,
    /// Phone.
    pub primary_phone_number: Option<PhoneNumber>,
    /// E-mail.
    pub primary_email: Option<Email>,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// Place of birth.
    pub place_of_birth: Option<PlaceOfBirth>,
    /// National id (SSN…), in full; never returned unmasked.
    pub social_id: Option<String>,
    /// Country that issued the social id.
    pub social_id_country_code: Option<String>,
    /// Citizenship.
    pub citizenship_country_code: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Ownership share, a decimal from 0 to 100 with at most two places.
    pub ownership_percentage: Option<String>,
    /// Exercises significant control.
    pub controller: bool,
    /// Addresses.
    pub addresses: Vec<Address>,
}

/// A beneficial owner as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beneficiary {
    /// Id.
    pub id: BeneficiaryId,
    /// Business Account of its customer.
    pub business_account_id: BusinessAccountId,
    /// The business customer it owns a share of (`parentId` on the wire).
    pub customer_id: CustomerId,
    /// Request-settable fields.
    pub data: BeneficiaryData,
    /// Identity-verification status.
    pub verification: VerificationStatus,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: Timestamp,
}

/// A place of birth as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlaceOfBirthDraft {
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country_code: Option<String>,
}

/// A create or update body of a beneficial owner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BeneficiaryDraft {
    /// First name.
    pub first_name: Patch<String>,
    /// Middle name.
    pub middle_name: Patch<String>,
    /// Last name.
    pub last_name: Patch<String>,
    /// Sex code.
    pub sex: Patch<String>,
    /// Phone.
    pub primary_phone_number: Patch<PhoneDraft>,
    /// E-mail.
    pub primary_email: Patch<EmailDraft>,
    /// `yyyy-MM-dd`.
    pub date_of_birth: Patch<String>,
    /// Place of birth.
    pub place_of_birth: Patch<PlaceOfBirthDraft>,
    /// Social id.
    pub social_id: Patch<String>,
    /// Its issuing country.
    pub social_id_country_code: Patch<String>,
    /// Citizenship.
    pub citizenship_country_code: Patch<String>,
    /// Title.
    pub title: Patch<String>,
    /// Ownership percentage, as text.
    pub ownership_percentage: Patch<String>,
    /// Controller flag.
    pub controller: Patch<bool>,
    /// Addresses, merged into `stored_addresses`.
    pub addresses: Patch<Vec<AddressDraft>>,
    /// The stored addresses an update's `addresses` are merged into (none for a create).
    pub stored_addresses: Vec<Address>,
}

/// The social id as responses show it: five asterisks and the last four characters.
pub fn mask_social_id(social_id: &str) -> String {
    let chars: Vec<char> = social_id.chars().collect();
    let tail: String = if chars.len() > 4 {
        chars[chars.len() - 4..].iter().collect()
    } else {
        String::new()
    };
    format!("*****{tail}")
}

/// A social id: 1–50 characters, never a masked one (`*`), which would overwrite the stored id
/// with its own mask.
fn parse_social_id(path: &str, value: &str) -> Result<String, FieldError> {
    let social_id = bounded_text(path, value, 1, SOCIAL_ID_CHARS_MAX)?;
    if social_id.contains('*') {
        return Err(FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be the full social id; the masked value is accepted only unchanged",
        ));
    }
    Ok(social_id)
}

/// Parses an ownership percentage: 0–100 with at most two decimal places, written canonically
/// (`"50"`, `"33.5"`, `"12.25"`).
pub fn parse_ownership_percentage(path: &str, value: &str) -> Result<String, FieldError> {
    let hundredths = crate::money::parse_minor(value)
        .ok()
        .filter(|h| (0..=10_000).contains(h))
        .ok_or_else(|| {
            FieldError::new(
                path,
                FieldErrorCode::OutOfRange,
                "must be a number from 0 to 100 with at most 2 decimal places",
            )
        })?;
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    Ok(match fraction {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    })
}

fn merge<T>(errors: &mut ValidationErrors, result: Result<T, ValidationErrors>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(more) => {
            more.into_errors().into_iter().for_each(|e| errors.push(e));
            None
        }
    }
}

fn country(
    errors: &mut ValidationErrors,
    path: &str,
    value: &Patch<String>,
) -> Option<Option<String>> {
    optional(errors, value.value().map(String::as_str), |v| {
        parse_country_code(path, v)
    })
}

fn text(
    errors: &mut ValidationErrors,
    path: &str,
    value: &Patch<String>,
    max: usize,
) -> Option<Option<String>> {
    optional(errors, value.value().map(String::as_str), |v| {
        bounded_text(path, v, 1, max)
    })
}

impl BeneficiaryDraft {
    /// The current state as a draft, every field set.
    pub fn of(data: &BeneficiaryData) -> Self {
        fn value<T>(option: Option<T>) -> Patch<T> {
            Patch::from_option(option)
        }
        Self {
            first_name: Patch::Value(data.first_name.clone()),
            middle_name: value(data.middle_name.clone()),
            last_name: Patch::Value(data.last_name.clone()),
            sex: value(data.sex.map(|s| s.code().to_owned())),
            primary_phone_number: value(data.primary_phone_number.as_ref().map(|p| PhoneDraft {
                number: Some(p.number.clone()),
                phone_type: Some(p.phone_type.code().to_owned()),
                provider: p.provider.clone(),
                extension: p.extension.clone(),
            })),
            primary_email: value(data.primary_email.as_ref().map(|e| EmailDraft {
                value: Some(e.value.clone()),
            })),
            date_of_birth: value(data.date_of_birth.map(|d| d.to_string())),
            place_of_birth: value(data.place_of_birth.as_ref().map(|p| PlaceOfBirthDraft {
                city: p.city.clone(),
                country_code: p.country_code.clone(),
            })),
            social_id: value(data.social_id.clone()),
            social_id_country_code: value(data.social_id_country_code.clone()),
            citizenship_country_code: value(data.citizenship_country_code.clone()),
            title: value(data.title.clone()),
            ownership_percentage: value(data.ownership_percentage.clone()),
            controller: Patch::Value(data.controller),
            addresses: Patch::Absent,
            stored_addresses: data.addresses.clone(),
        }
    }

    /// Lays `update` over this (current) draft.
    pub fn overlay(self, update: BeneficiaryDraft) -> BeneficiaryDraft {
        BeneficiaryDraft {
            first_name: update.first_name.or(self.first_name),
            middle_name: update.middle_name.or(self.middle_name),
            last_name: update.last_name.or(self.last_name),
            sex: update.sex.or(self.sex),
            primary_phone_number: update.primary_phone_number.or(self.primary_phone_number),
            primary_email: update.primary_email.or(self.primary_email),
            date_of_birth: update.date_of_birth.or(self.date_of_birth),
            place_of_birth: update.place_of_birth.or(self.place_of_birth),
            social_id: match (update.social_id, self.social_id) {
                // A client that read the owner and sends it back sends the mask: the stored
                // social id stays.
                (Patch::Value(masked), Patch::Value(current))
                    if masked == mask_social_id(&current) =>
                {
                    Patch::Value(current)
                }
                (update, current) => update.or(current),
            },
            social_id_country_code: update
                .social_id_country_code
                .or(self.social_id_country_code),
            citizenship_country_code: update
                .citizenship_country_code
                .or(self.citizenship_country_code),
            title: update.title.or(self.title),
            ownership_percentage: update.ownership_percentage.or(self.ownership_percentage),
            controller: update.controller.or(self.controller),
            addresses: update.addresses,
            stored_addresses: self.stored_addresses,
        }
    }

    /// Validates into beneficial-owner data; `today` bounds the date of birth.
    pub fn validate(&self, today: Date) -> Result<BeneficiaryData, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = |path: &str, v: &Patch<String>| {
            v.value()
                .ok_or_else(|| FieldError::required(path))
                .and_then(|v| parse_person_name(path, v))
        };
        let first_name = errors.collect(name("firstName", &self.first_name));
        let middle_name = optional(
            &mut errors,
            self.middle_name.value().map(String::as_str),
            |v| parse_person_name("middleName", v),
        );
        let last_name = errors.collect(name("lastName", &self.last_name));
        let sex = optional(&mut errors, self.sex.value().map(String::as_str), |v| {
            Sex::from_code(v).ok_or_else(|| {
                FieldError::new(
                    "sex",
                    FieldErrorCode::InvalidValue,
                    format!("must be one of {}", Sex::codes_list()),
                )
            })
        });
        let phone = match self.primary_phone_number.value() {
            Some(draft) => merge(&mut errors, parse_phone("primaryPhoneNumber", draft)).map(Some),
            None => Some(None),
        };
        let email = match self.primary_email.value() {
            Some(draft) => errors.collect(parse_email("primaryEmail", draft)).map(Some),
            None => Some(None),
        };
        let date_of_birth = optional(
            &mut errors,
            self.date_of_birth.value().map(String::as_str),
            |v| parse_date_of_birth("dateOfBirth", v, today),
        );
        let place_of_birth = self.place_of_birth(&mut errors);
        let social_id = optional(
            &mut errors,
            self.social_id.value().map(String::as_str),
            |v| parse_social_id("socialId", v),
        );
        let social_country = country(
            &mut errors,
            "socialIdCountryCode",
            &self.social_id_country_code,
        );
        if matches!(&social_id, Some(Some(_))) && matches!(&social_country, Some(None)) {
            errors.push(FieldError::new(
                "socialIdCountryCode",
                FieldErrorCode::Required,
                "is required when socialId is given",
            ));
        }
        let citizenship = country(
            &mut errors,
            "citizenshipCountryCode",
            &self.citizenship_country_code,
        );
        let title = text(&mut errors, "title", &self.title, TITLE_CHARS_MAX);
        let ownership = optional(
            &mut errors,
            self.ownership_percentage.value().map(String::as_str),
            |v| parse_ownership_percentage("ownershipPercentage", v),
        );
        let addresses = merge(
            &mut errors,
            patch_addresses(&self.stored_addresses, &self.addresses),
        );
        let data = (|| {
            Some(BeneficiaryData {
                first_name: first_name?,
                middle_name: middle_name?,
                last_name: last_name?,
                sex: sex?,
                primary_phone_number: phone?,
                primary_email: email?,
                date_of_birth: date_of_birth?,
                place_of_birth: place_of_birth?,
                social_id: social_id?,
                social_id_country_code: social_country?,
                citizenship_country_code: citizenship?,
                title: title?,
                ownership_percentage: ownership?,
                controller: self.controller.value().copied().unwrap_or(false),
                addresses: addresses?,
            })
        })();
        match data {
            Some(data) if errors.is_empty() => Ok(data),
            _ => Err(errors),
        }
    }

    fn place_of_birth(&self, errors: &mut ValidationErrors) -> Option<Option<PlaceOfBirth>> {
        let Some(draft) = self.place_of_birth.value() else {
            return Some(None);
        };
        let city = optional(errors, draft.city.as_deref(), |v| {
            bounded_text("placeOfBirth.city", v, 1, PLACE_OF_BIRTH_CITY_CHARS_MAX)
        });
        let country_code = optional(errors, draft.country_code.as_deref(), |v| {
            parse_country_code("placeOfBirth.countryCode", v)
        });
        Some(Some(PlaceOfBirth {
            city: city?,
            country_code: country_code?,
        }))
    }
}

#[cfg(test)]
mod tests;
