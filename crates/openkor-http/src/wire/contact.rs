//! Contacts, phone numbers and e-mail addresses.

use openkor_domain::contact::{Contact, Email, PhoneNumber};
use serde::Serialize;
use utoipa::ToSchema;

/// A phone number (E.164).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumberBody {
    /// E.164 number, e.g. `+14151234`.
    pub number: String,
    /// `HOME`, `MOBILE` or `WORK`.
    #[serde(rename = "type")]
    pub phone_type: String,
    /// Carrier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Confirmed by identity verification.
    pub verified: bool,
}

/// An e-mail address.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailBody {
    /// The address.
    pub value: String,
    /// Confirmed by identity verification.
    pub verified: bool,
}

/// A contact person.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactBody {
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Whether this is the primary contact.
    pub primary: bool,
    /// Primary phone number.
    pub primary_phone_number: PhoneNumberBody,
    /// Primary e-mail address.
    pub primary_email: EmailBody,
}

impl From<PhoneNumber> for PhoneNumberBody {
    fn from(phone: PhoneNumber) -> Self {
        Self {
            number: phone.number,
            phone_type: phone.phone_type,
            provider: phone.provider,
            extension: phone.extension,
            verified: phone.verified,
        }
    }
}

impl From<Email> for EmailBody {
    fn from(email: Email) -> Self {
        Self {
            value: email.value,
            verified: email.verified,
        }
    }
}

impl From<Contact> for ContactBody {
    fn from(contact: Contact) -> Self {
        Self {
            first_name: contact.first_name,
            middle_name: contact.middle_name,
            last_name: contact.last_name,
            primary: contact.primary,
            primary_phone_number: contact.primary_phone_number.into(),
            primary_email: contact.primary_email.into(),
        }
    }
}
