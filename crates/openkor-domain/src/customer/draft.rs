//! The customer draft: what a create or update body says, and the validation shared by both.
//!
//! An update is the current customer as a draft with the update laid over it
//! ([`CustomerDraft::overlay`]), validated exactly like a create. Scalar fields absent from the
//! update keep their value and `null` clears an optional field. Nothing the update does not
//! name is lost: its `addresses` and `contacts` entries are merged into the stored lists by id
//! (rules in [`crate::list_merge`]; `"addresses": null` removes every address), and its
//! `metadata` into the stored pairs key by key (`null` deletes a key, `"metadata": null`
//! every key).

use super::{BusinessProfile, CustomerData, CustomerProfile, CustomerType, IndividualProfile};
use crate::address::{Address, AddressDraft, patch_addresses};
use crate::contact::{
    Contact, ContactDraft, EmailDraft, PhoneDraft, contact_control, optional, parse_contact,
    parse_email, parse_person_name, parse_phone,
};
use crate::limits::{
    BIRTH_YEAR_MIN, BUSINESS_NAME_CHARS_MAX, CONTACTS_MAX, CUSTOMER_METADATA_PAIRS_MAX,
    EXTERNAL_ID_CHARS_MAX, WEBSITE_CHARS_MAX,
};
use crate::list_merge::{ListField, merge_entries, settle_primary};
use crate::metadata::{MetadataChanges, merge_metadata, parse_metadata, values_of};
use crate::patch::Patch;
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use std::collections::BTreeMap;
use time::Date;

/// A create or update body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerDraft {
    /// `INDIVIDUAL` or `BUSINESS`.
    pub customer_type: Patch<String>,
    /// Individual: first name.
    pub first_name: Patch<String>,
    /// Individual: middle name.
    pub middle_name: Patch<String>,
    /// Individual: last name.
    pub last_name: Patch<String>,
    /// Individual: phone.
    pub primary_phone_number: Patch<PhoneDraft>,
    /// Individual: e-mail.
    pub primary_email: Patch<EmailDraft>,
    /// Individual: `yyyy-MM-dd`.
    pub date_of_birth: Patch<String>,
    /// Business: name (alias of `doing_business_as_name`).
    pub business_name: Patch<String>,
    /// Business: name.
    pub doing_business_as_name: Patch<String>,
    /// Business: website.
    pub website: Patch<String>,
    /// Business: contacts, merged into `stored_contacts`.
    pub contacts: Patch<Vec<ContactDraft>>,
    /// Addresses, merged into `stored_addresses`.
    pub addresses: Patch<Vec<AddressDraft>>,
    /// External id.
    pub external_id: Patch<String>,
    /// Metadata: a `None` value deletes its key.
    pub metadata: Patch<MetadataChanges>,
    /// The stored addresses an update's `addresses` are merged into (none for a create).
    pub stored_addresses: Vec<Address>,
    /// The stored contacts an update's `contacts` are merged into (none for a create).
    pub stored_contacts: Vec<Contact>,
}

fn value<T>(option: Option<T>) -> Patch<T> {
    Patch::from_option(option)
}

fn phone_draft(phone: &crate::contact::PhoneNumber) -> PhoneDraft {
    PhoneDraft {
        number: Some(phone.number.clone()),
        phone_type: Some(phone.phone_type.code().to_owned()),
        provider: phone.provider.clone(),
        extension: phone.extension.clone(),
    }
}

fn email_draft(email: &crate::contact::Email) -> EmailDraft {
    EmailDraft {
        value: Some(email.value.clone()),
    }
}

impl CustomerDraft {
    /// The current state of a customer as a draft: every scalar field set, the lists stored
    /// for an update to merge into.
    pub fn of(data: &CustomerData) -> Self {
        let common = Self {
            customer_type: Patch::Value(data.customer_type().code().to_owned()),
            stored_addresses: data.addresses.clone(),
            external_id: value(data.external_id.clone()),
            metadata: Patch::Value(
                data.metadata
                    .iter()
                    .map(|(key, value)| (key.clone(), Some(value.clone())))
                    .collect(),
            ),
            ..Self::default()
        };
        match &data.profile {
            CustomerProfile::Individual(person) => Self {
                first_name: Patch::Value(person.first_name.clone()),
                middle_name: value(person.middle_name.clone()),
                last_name: Patch::Value(person.last_name.clone()),
                primary_phone_number: Patch::Value(phone_draft(&person.primary_phone_number)),
                primary_email: Patch::Value(email_draft(&person.primary_email)),
                date_of_birth: value(person.date_of_birth.map(|d| d.to_string())),
                ..common
            },
            CustomerProfile::Business(business) => Self {
                business_name: Patch::Value(business.business_name.clone()),
                website: value(business.website.clone()),
                stored_contacts: business.contacts.clone(),
                ..common
            },
        }
    }

    /// Lays `update` over this (current) draft. The type cannot change.
    pub fn overlay(self, update: CustomerDraft) -> Result<CustomerDraft, ValidationErrors> {
        if let (Some(current), Patch::Value(requested)) =
            (self.customer_type.value(), &update.customer_type)
            && current != requested
        {
            return Err(FieldError::new(
                "type",
                FieldErrorCode::Inconsistent,
                "a customer's type cannot change",
            )
            .into());
        }
        // Either name field replaces the stored name, so the stale one must not linger.
        let renamed =
            update.business_name.is_present() || update.doing_business_as_name.is_present();
        let (business_name, doing_business_as_name) = if renamed {
            (update.business_name, update.doing_business_as_name)
        } else {
            (self.business_name, self.doing_business_as_name)
        };
        Ok(CustomerDraft {
            customer_type: self.customer_type,
            first_name: update.first_name.or(self.first_name),
            middle_name: update.middle_name.or(self.middle_name),
            last_name: update.last_name.or(self.last_name),
            primary_phone_number: update.primary_phone_number.or(self.primary_phone_number),
            primary_email: update.primary_email.or(self.primary_email),
            date_of_birth: update.date_of_birth.or(self.date_of_birth),
            business_name,
            doing_business_as_name,
            website: update.website.or(self.website),
            contacts: update.contacts,
            addresses: update.addresses,
            external_id: update.external_id.or(self.external_id),
            metadata: match (update.metadata, self.metadata) {
                (Patch::Value(changes), Patch::Value(stored)) => {
                    Patch::Value(merge_metadata(&stored, changes))
                }
                (update, stored) => update.or(stored),
            },
            stored_addresses: self.stored_addresses,
            stored_contacts: self.stored_contacts,
        })
    }

    /// Validates into customer data; `today` bounds the date of birth.
    pub fn validate(&self, today: Date) -> Result<CustomerData, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let customer_type = errors.collect(parse_type(self.customer_type.value()));
        let profile = match customer_type {
            Some(CustomerType::Individual) => self
                .individual(&mut errors, today)
                .map(CustomerProfile::Individual),
            Some(CustomerType::Business) => {
                self.business(&mut errors).map(CustomerProfile::Business)
            }
            None => None,
        };
        let addresses = merge(
            &mut errors,
            patch_addresses(&self.stored_addresses, &self.addresses),
        );
        let external_id = optional(
            &mut errors,
            self.external_id.value().map(String::as_str),
            |v| bounded_text("externalId", v, 1, EXTERNAL_ID_CHARS_MAX),
        );
        let metadata = match self.metadata.value() {
            Some(changes) => merge(
                &mut errors,
                parse_metadata("metadata", &values_of(changes), CUSTOMER_METADATA_PAIRS_MAX),
            ),
            None => Some(BTreeMap::new()),
        };
        match (profile, addresses, external_id, metadata) {
            (Some(profile), Some(addresses), Some(external_id), Some(metadata))
                if errors.is_empty() =>
            {
                Ok(CustomerData {
                    external_id,
                    profile,
                    addresses,
                    metadata,
                })
            }
            _ => Err(errors),
        }
    }

    fn individual(&self, errors: &mut ValidationErrors, today: Date) -> Option<IndividualProfile> {
        for (path, present) in [
            ("businessName", self.business_name.value().is_some()),
            (
                "doingBusinessAsName",
                self.doing_business_as_name.value().is_some(),
            ),
            ("website", self.website.value().is_some()),
            ("contacts", self.contacts.value().is_some()),
        ] {
            if present {
                errors.push(only_for(path, "BUSINESS"));
            }
        }
        let first_name = errors.collect(required_name("firstName", &self.first_name));
        let middle_name = optional(errors, self.middle_name.value().map(String::as_str), |v| {
            parse_person_name("middleName", v)
        });
        let last_name = errors.collect(required_name("lastName", &self.last_name));
        let phone = match self.primary_phone_number.value() {
            Some(draft) => merge(errors, parse_phone("primaryPhoneNumber", draft)),
            None => missing(errors, "primaryPhoneNumber"),
        };
        let email = match self.primary_email.value() {
            Some(draft) => errors.collect(parse_email("primaryEmail", draft)),
            None => missing(errors, "primaryEmail"),
        };
        let date_of_birth = optional(
            errors,
            self.date_of_birth.value().map(String::as_str),
            |v| parse_date_of_birth("dateOfBirth", v, today),
        );
        Some(IndividualProfile {
            first_name: first_name?,
            middle_name: middle_name?,
            last_name: last_name?,
            primary_phone_number: phone?,
            primary_email: email?,
            date_of_birth: date_of_birth?,
        })
    }

    fn business(&self, errors: &mut ValidationErrors) -> Option<BusinessProfile> {
        for (path, present) in [
            ("firstName", self.first_name.value().is_some()),
            ("middleName", self.middle_name.value().is_some()),
            ("lastName", self.last_name.value().is_some()),
            (
                "primaryPhoneNumber",
                self.primary_phone_number.value().is_some(),
            ),
            ("primaryEmail", self.primary_email.value().is_some()),
            ("dateOfBirth", self.date_of_birth.value().is_some()),
        ] {
            if present {
                errors.push(only_for(path, "INDIVIDUAL"));
            }
        }
        let business_name = errors.collect(self.business_name());
        let website = optional(
            errors,
            self.website.value().map(String::as_str),
            parse_website,
        );
        let contacts = match (&self.contacts, self.stored_contacts.is_empty()) {
            (Patch::Null, _) | (Patch::Absent, true) => missing(errors, "contacts"),
            (given, _) => merge_contacts(
                errors,
                &self.stored_contacts,
                given.value().map_or(&[], Vec::as_slice),
            ),
        };
        Some(BusinessProfile {
            business_name: business_name?,
            website: website?,
            contacts: contacts?,
        })
    }

    fn business_name(&self) -> Result<String, FieldError> {
        let parse = |path: &str, v: &str| bounded_text(path, v, 1, BUSINESS_NAME_CHARS_MAX);
        match (
            self.business_name.value(),
            self.doing_business_as_name.value(),
        ) {
            (Some(name), Some(dba)) if name != dba => Err(FieldError::new(
                "doingBusinessAsName",
                FieldErrorCode::Inconsistent,
                "must equal businessName when both are given (they name the same thing)",
            )),
            (Some(name), _) => parse("businessName", name),
            (None, Some(dba)) => parse("doingBusinessAsName", dba),
            (None, None) => Err(FieldError::new(
                "businessName",
                FieldErrorCode::Required,
                "is required (or doingBusinessAsName)",
            )),
        }
    }
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

fn missing<T>(errors: &mut ValidationErrors, path: &str) -> Option<T> {
    errors.push(FieldError::required(path));
    None
}

fn only_for(path: &str, customer_type: &str) -> FieldError {
    FieldError::new(
        path,
        FieldErrorCode::Inconsistent,
        format!("applies only to {customer_type} customers"),
    )
}

fn parse_type(code: Option<&String>) -> Result<CustomerType, FieldError> {
    let code = code.ok_or_else(|| FieldError::required("type"))?;
    CustomerType::from_code(code).ok_or_else(|| {
        FieldError::new(
            "type",
            FieldErrorCode::InvalidValue,
            format!("must be one of {}", CustomerType::codes_list()),
        )
    })
}

fn required_name(path: &str, value: &Patch<String>) -> Result<String, FieldError> {
    let value = value.value().ok_or_else(|| FieldError::required(path))?;
    parse_person_name(path, value)
}

/// Merges the request's contacts into the `stored` ones (the rules of [`crate::list_merge`]):
/// 1 to [`CONTACTS_MAX`] contacts, exactly one primary (the one the request flags, else the
/// one that kept its flag).
fn merge_contacts(
    errors: &mut ValidationErrors,
    stored: &[Contact],
    drafts: &[ContactDraft],
) -> Option<Vec<Contact>> {
    let out_of_range = || {
        FieldError::new(
            "contacts",
            FieldErrorCode::OutOfRange,
            format!("must hold 1 to {CONTACTS_MAX} contacts"),
        )
    };
    if drafts.len() > CONTACTS_MAX {
        errors.push(out_of_range());
        return None;
    }
    let field = ListField {
        path: "contacts",
        noun: "contact",
    };
    let mut merged = merge(
        errors,
        merge_entries(field, stored, drafts, contact_control, parse_contact),
    )?;
    if merged.is_empty() || merged.len() > CONTACTS_MAX {
        errors.push(out_of_range());
        return None;
    }
    let everyone: Vec<usize> = (0..merged.len()).collect();
    let why = "only one contact may be primary";
    if !settle_primary("contacts", &mut merged, &everyone, why, errors) {
        errors.push(FieldError::new(
            "contacts",
            FieldErrorCode::Inconsistent,
            "exactly one contact must have primary: true",
        ));
    }
    Some(merged.into_iter().map(|m| m.entry).collect())
}

fn parse_website(value: &str) -> Result<String, FieldError> {
    let text = bounded_text("website", value, 1, WEBSITE_CHARS_MAX)?;
    let host = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(&text);
    let host = host.split(['/', '?', '#']).next().unwrap_or_default();
    let valid = !text.contains(char::is_whitespace)
        && (!text.contains("://") || text.starts_with("http://") || text.starts_with("https://"))
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
        });
    if valid {
        Ok(text)
    } else {
        Err(FieldError::new(
            "website",
            FieldErrorCode::InvalidFormat,
            "must be a web address such as https://example.com",
        ))
    }
}

/// Parses `yyyy-MM-dd`: a real calendar date, not before 1900 and not after `today`.
pub fn parse_date_of_birth(path: &str, value: &str, today: Date) -> Result<Date, FieldError> {
    let date = crate::time_zone::parse_date(path, value)?;
    if date.year() < BIRTH_YEAR_MIN || date > today {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            format!("must be between {BIRTH_YEAR_MIN}-01-01 and today"),
        ));
    }
    Ok(date)
}

#[cfg(test)]
mod tests;
