//! Contacts, phone numbers and e-mail addresses.

use openkor_domain::contact::{Contact, ContactDraft, Email, EmailDraft, PhoneDraft, PhoneNumber};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A phone number (E.164).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumberBody {
    /// E.164 number, e.g. `+14151234`.
    pub number: String,
    /// `HOME`, `MOBILE` or `WORK`.
    #[serde(rename = "type")]
    #[schema(example = "WORK")]
    pub phone_type: &'static str,
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
    /// A business customer's contact: its id, which an update names it by. A Business
    /// Account's contacts have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub id: Option<String>,
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
            phone_type: phone.phone_type.code(),
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
            id: contact.id.map(|id| id.to_string()),
            first_name: contact.first_name,
            middle_name: contact.middle_name,
            last_name: contact.last_name,
            primary: contact.primary,
            primary_phone_number: contact.primary_phone_number.into(),
            primary_email: contact.primary_email.into(),
        }
    }
}

/// A phone number in a request. `number` and `type` are required; `verified` is set by
/// identity verification and ignored here.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhoneNumberRequest {
    /// `+<country code><number>`, or a North American number without the `+` (`4155551234`,
    /// `14155551234`); any other number without `+` is refused. Stored in E.164.
    #[schema(required = true, example = "+15556589")]
    pub number: Option<String>,
    /// `HOME`, `MOBILE` or `WORK`.
    #[serde(rename = "type")]
    #[schema(required = true, schema_with = crate::wire::codes::code_schema::<openkor_domain::contact::PhoneType>)]
    pub phone_type: Option<String>,
    /// Carrier, 1–40 characters.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub provider: Option<String>,
    /// Extension, 1–10 characters.
    #[serde(default)]
    #[schema(max_length = 10)]
    pub extension: Option<String>,
    /// Ignored (read-only).
    #[serde(default)]
    #[schema(read_only)]
    pub verified: Option<bool>,
}

/// An e-mail address in a request; `verified` is ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmailRequest {
    /// The address, at most 320 characters.
    #[schema(required = true, format = Email, max_length = 320, example = "sgreen@abc.com")]
    pub value: Option<String>,
    /// Ignored (read-only).
    #[serde(default)]
    #[schema(read_only)]
    pub verified: Option<bool>,
}

/// A contact of a business customer in a request. In an update an entry with `id` replaces
/// that contact (an absent `primary` keeps its flag), or removes it with `"remove": true` (its
/// other fields are then not needed); an entry without `id` equal to a stored contact is that
/// contact, any other is added; contacts the update does not name stay. The one flagged
/// primary takes the flag from the others; without one flagged the primary contact stays.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactRequest {
    /// Update only: the id of the stored contact this entry replaces or removes (as a read
    /// returns it); refused on a create.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub id: Option<String>,
    /// Update only: `true` removes the contact `id` names.
    #[serde(default)]
    pub remove: Option<bool>,
    /// First name, 1–40 characters (required).
    #[schema(min_length = 1, max_length = 40)]
    pub first_name: Option<String>,
    /// Middle name, 1–40 characters.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub middle_name: Option<String>,
    /// Last name, 1–40 characters (required).
    #[schema(min_length = 1, max_length = 40)]
    pub last_name: Option<String>,
    /// Exactly one contact of a business is primary.
    #[serde(default)]
    pub primary: Option<bool>,
    /// Phone (required).
    pub primary_phone_number: Option<PhoneNumberRequest>,
    /// E-mail (required).
    pub primary_email: Option<EmailRequest>,
}

impl From<PhoneNumberRequest> for PhoneDraft {
    fn from(request: PhoneNumberRequest) -> Self {
        PhoneDraft {
            number: request.number,
            phone_type: request.phone_type,
            provider: request.provider,
            extension: request.extension,
        }
    }
}

impl From<EmailRequest> for EmailDraft {
    fn from(request: EmailRequest) -> Self {
        EmailDraft {
            value: request.value,
        }
    }
}

impl From<ContactRequest> for ContactDraft {
    fn from(request: ContactRequest) -> Self {
        ContactDraft {
            id: request.id,
            remove: request.remove,
            first_name: request.first_name,
            middle_name: request.middle_name,
            last_name: request.last_name,
            primary: request.primary,
            primary_phone_number: request.primary_phone_number.map(Into::into),
            primary_email: request.primary_email.map(Into::into),
        }
    }
}
