//! Recipients (reference §10): people and businesses a Business Account pays who are not its
//! customers. A Recipient is only ever credited; a suspended one's accounts cannot be used.
//!
//! Updates merge as customers' do: an absent field keeps its value, `null` clears an optional
//! one; `recipientType` never changes. `state` is set through the same `PUT`.

use crate::actor::Actor;
use crate::clock::Timestamp;
use crate::contact::{optional, parse_email_address, parse_person_name};
use crate::customer::parse_date_of_birth;
use crate::geo::parse_country_code;
use crate::ids::{BusinessAccountId, RecipientId};
use crate::limits::{
    ADDITIONAL_INFORMATION_CHARS_MAX, RECIPIENT_PHONE_CHARS_MAX, RECIPIENT_REFERENCE_CHARS_MAX,
};
use crate::patch::Patch;
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use time::Date;

crate::code_enum! {
    /// A person or a business.
    pub enum RecipientType {
        /// A person (the default).
        Individual => "INDIVIDUAL",
        /// A business (`businessName` required).
        Business => "BUSINESS",
    }
}

crate::code_enum! {
    /// Whether the Recipient's accounts may be used.
    pub enum RecipientState {
        /// Usable (every Recipient starts so).
        Active => "ACTIVE",
        /// None of its accounts can be used.
        Suspended => "SUSPENDED",
    }
}

crate::code_enum! {
    /// Fields a Recipient list can be sorted on.
    pub enum RecipientSortField {
        /// Creation time.
        CreatedAt => "createdAt",
        /// Last update time.
        UpdatedAt => "updatedAt",
        /// First name, case-insensitively.
        FirstName => "firstName",
        /// Last name, case-insensitively.
        LastName => "lastName",
        /// E-mail, case-insensitively.
        Email => "email",
        /// State.
        State => "state",
        /// Id.
        Id => "id",
    }
}

/// Everything about a Recipient that a request can set (but `state`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipientData {
    /// The client's reference.
    pub business_ref_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Second last name.
    pub second_last_name: Option<String>,
    /// E-mail.
    pub email: String,
    /// Phone, as given.
    pub phone_number: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub nationality: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// Free text.
    pub additional_information: Option<String>,
    /// Person or business.
    pub recipient_type: RecipientType,
    /// The business's name (BUSINESS only).
    pub business_name: Option<String>,
}

/// A Recipient as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    /// Id.
    pub id: RecipientId,
    /// Owning Business Account.
    pub business_account_id: BusinessAccountId,
    /// Request-settable fields.
    pub data: RecipientData,
    /// Active or suspended.
    pub state: RecipientState,
    /// Optimistic-concurrency version; grows on every change.
    pub version: i64,
    /// Creator (its id is the reference's `requestorId`).
    pub created_by: Actor,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: Timestamp,
}

impl Recipient {
    /// A new `ACTIVE` Recipient of `business_account_id` with `data`, created by `by` at `at`.
    pub fn new(
        id: RecipientId,
        business_account_id: BusinessAccountId,
        data: RecipientData,
        by: Actor,
        at: Timestamp,
    ) -> Self {
        Self {
            id,
            business_account_id,
            data,
            state: RecipientState::Active,
            version: 1,
            created_by: by,
            created_at: at,
            updated_by: by,
            updated_at: at,
        }
    }
}

/// A create or update body of a Recipient.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecipientDraft {
    /// `businessRefId`.
    pub business_ref_id: Patch<String>,
    /// `firstName`.
    pub first_name: Patch<String>,
    /// `middleName`.
    pub middle_name: Patch<String>,
    /// `lastName`.
    pub last_name: Patch<String>,
    /// `secondLastName`.
    pub second_last_name: Patch<String>,
    /// `email`.
    pub email: Patch<String>,
    /// `phoneNumber`.
    pub phone_number: Patch<String>,
    /// `nationality`.
    pub nationality: Patch<String>,
    /// `dateOfBirth`, `yyyy-MM-dd`.
    pub date_of_birth: Patch<String>,
    /// `additionalInformation`.
    pub additional_information: Patch<String>,
    /// `recipientType`.
    pub recipient_type: Patch<String>,
    /// `businessName`.
    pub business_name: Patch<String>,
}

/// A validated Recipient list filter; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecipientFilter {
    /// `state`.
    pub state: Option<RecipientState>,
    /// `search`, lower-case: a substring of the first, middle or last name or the e-mail.
    pub search: Option<String>,
}

fn text(
    errors: &mut ValidationErrors,
    path: &str,
    value: &Patch<String>,
    max_chars: usize,
) -> Option<Option<String>> {
    optional(errors, value.value().map(String::as_str), |v| {
        bounded_text(path, v, 1, max_chars)
    })
}

fn required<'v>(path: &str, value: &'v Patch<String>) -> Result<&'v str, FieldError> {
    value
        .value()
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| FieldError::required(path))
}

impl RecipientDraft {
    /// The current state as a draft, every field set.
    pub fn of(data: &RecipientData) -> Self {
        let value = |option: &Option<String>| Patch::from_option(option.clone());
        Self {
            business_ref_id: value(&data.business_ref_id),
            first_name: Patch::Value(data.first_name.clone()),
            middle_name: value(&data.middle_name),
            last_name: Patch::Value(data.last_name.clone()),
            second_last_name: value(&data.second_last_name),
            email: Patch::Value(data.email.clone()),
            phone_number: value(&data.phone_number),
            nationality: value(&data.nationality),
            date_of_birth: Patch::from_option(data.date_of_birth.map(|d| d.to_string())),
            additional_information: value(&data.additional_information),
            recipient_type: Patch::Value(data.recipient_type.code().to_owned()),
            business_name: value(&data.business_name),
        }
    }

    /// Lays `update` over this (current) draft; `recipientType` may only be repeated.
    pub fn overlay(self, update: RecipientDraft) -> Result<RecipientDraft, ValidationErrors> {
        if let (Patch::Value(new), Patch::Value(current)) =
            (&update.recipient_type, &self.recipient_type)
            && new != current
        {
            return Err(ValidationErrors::from(FieldError::new(
                "recipientType",
                FieldErrorCode::Inconsistent,
                format!("cannot change (the recipient is {current})"),
            )));
        }
        Ok(RecipientDraft {
            business_ref_id: update.business_ref_id.or(self.business_ref_id),
            first_name: update.first_name.or(self.first_name),
            middle_name: update.middle_name.or(self.middle_name),
            last_name: update.last_name.or(self.last_name),
            second_last_name: update.second_last_name.or(self.second_last_name),
            email: update.email.or(self.email),
            phone_number: update.phone_number.or(self.phone_number),
            nationality: update.nationality.or(self.nationality),
            date_of_birth: update.date_of_birth.or(self.date_of_birth),
            additional_information: update
                .additional_information
                .or(self.additional_information),
            recipient_type: self.recipient_type,
            business_name: update.business_name.or(self.business_name),
        })
    }

    /// Validates into Recipient data; `today` bounds the date of birth.
    pub fn validate(&self, today: Date) -> Result<RecipientData, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = |path: &str, value: &Patch<String>| {
            required(path, value).and_then(|v| parse_person_name(path, v))
        };
        let first_name = errors.collect(name("firstName", &self.first_name));
        let last_name = errors.collect(name("lastName", &self.last_name));
        let person = |path: &str, value: &Patch<String>, errors: &mut ValidationErrors| {
            optional(errors, value.value().map(String::as_str), |v| {
                parse_person_name(path, v)
            })
        };
        let middle_name = person("middleName", &self.middle_name, &mut errors);
        let second_last_name = person("secondLastName", &self.second_last_name, &mut errors);
        let email = errors
            .collect(required("email", &self.email).and_then(|v| parse_email_address("email", v)));
        let business_ref_id = text(
            &mut errors,
            "businessRefId",
            &self.business_ref_id,
            RECIPIENT_REFERENCE_CHARS_MAX,
        );
        let phone_number = text(
            &mut errors,
            "phoneNumber",
            &self.phone_number,
            RECIPIENT_PHONE_CHARS_MAX,
        );
        let nationality = optional(
            &mut errors,
            self.nationality.value().map(String::as_str),
            |v| parse_country_code("nationality", v),
        );
        let date_of_birth = optional(
            &mut errors,
            self.date_of_birth.value().map(String::as_str),
            |v| parse_date_of_birth("dateOfBirth", v, today),
        );
        let additional_information = optional(
            &mut errors,
            self.additional_information.value().map(String::as_str),
            |v| {
                bounded_text(
                    "additionalInformation",
                    v,
                    0,
                    ADDITIONAL_INFORMATION_CHARS_MAX,
                )
            },
        );
        let recipient_type = self.recipient_type(&mut errors);
        let business_name = self.business_name(&mut errors, recipient_type);
        let data = (|| {
            Some(RecipientData {
                business_ref_id: business_ref_id?,
                first_name: first_name?,
                middle_name: middle_name?,
                last_name: last_name?,
                second_last_name: second_last_name?,
                email: email?,
                phone_number: phone_number?,
                nationality: nationality?,
                date_of_birth: date_of_birth?,
                additional_information: additional_information?,
                recipient_type: recipient_type?,
                business_name: business_name?,
            })
        })();
        match data {
            Some(data) if errors.is_empty() => Ok(data),
            _ => Err(errors),
        }
    }

    fn recipient_type(&self, errors: &mut ValidationErrors) -> Option<RecipientType> {
        match self.recipient_type.value().map(String::as_str) {
            None | Some("") => Some(RecipientType::Individual),
            Some(code) => errors.collect(RecipientType::from_code(code).ok_or_else(|| {
                FieldError::new(
                    "recipientType",
                    FieldErrorCode::InvalidValue,
                    format!("must be one of {}", RecipientType::codes_list()),
                )
            })),
        }
    }

    fn business_name(
        &self,
        errors: &mut ValidationErrors,
        recipient_type: Option<RecipientType>,
    ) -> Option<Option<String>> {
        let name = text(
            errors,
            "businessName",
            &self.business_name,
            RECIPIENT_REFERENCE_CHARS_MAX,
        )?;
        match (recipient_type?, &name) {
            (RecipientType::Business, None) => {
                errors.push(FieldError::new(
                    "businessName",
                    FieldErrorCode::Required,
                    "is required for a BUSINESS recipient",
                ));
                None
            }
            (RecipientType::Individual, Some(_)) => {
                errors.push(FieldError::new(
                    "businessName",
                    FieldErrorCode::Inconsistent,
                    "is for BUSINESS recipients only",
                ));
                None
            }
            _ => Some(name),
        }
    }
}

#[cfg(test)]
mod tests;
