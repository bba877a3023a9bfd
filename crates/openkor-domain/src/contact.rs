//! Contacts, phone numbers and e-mail addresses (reference §3.1, §4.1).

use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// The kind of a phone number.
    pub enum PhoneType {
        /// Home phone.
        Home => "HOME",
        /// Mobile phone.
        Mobile => "MOBILE",
        /// Work phone.
        Work => "WORK",
    }
}

/// A phone number, stored in E.164 (`+14151234`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    /// E.164 number.
    pub number: String,
    /// `HOME`, `MOBILE` or `WORK`.
    #[serde(rename = "type")]
    pub phone_type: String,
    /// Carrier name.
    pub provider: Option<String>,
    /// Extension.
    pub extension: Option<String>,
    /// Confirmed by identity verification.
    pub verified: bool,
}

/// An e-mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    /// The address.
    pub value: String,
    /// Confirmed by identity verification.
    pub verified: bool,
}

/// A person to contact at a business.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Whether this is the primary contact.
    pub primary: bool,
    /// Primary phone number.
    pub primary_phone_number: PhoneNumber,
    /// Primary e-mail address.
    pub primary_email: Email,
}
