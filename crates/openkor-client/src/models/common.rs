//! Shapes shared by many resources: actors, addresses, contacts, verification statuses, the token and health bodies.

use super::*;

/// Who made a change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// The actor's UUID; blank when `type` is `internal`.
    pub id: String,
    /// `employee`, `internal`, `kor_employee` or `service-account`.
    pub r#type: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// An address. In requests `type`, `streetLine1` and `zipCode` are required; `stateCode` is
/// required when `countryCode` is USA or CAN; `name` is required for SHIPPING and dropped for
/// other types; a PHYSICAL address must not be a PO box. Per type, exactly one address is
/// primary: the first of its type when none is flagged; flagging two is refused. In an update
/// an entry with `id` replaces that address, or removes it with `remove: Some(true)`; one
/// without `id` equal to a stored address is that address, any other is added.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// Set by the server when the address is added; in an update, names the address to
    /// replace or remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Update only: `true` removes the address `id` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove: Option<bool>,
    /// `MAILING`, `PHYSICAL` or `SHIPPING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<PersonName>,
    /// Street line 1, 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_line1: Option<String>,
    /// Street line 2, 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_line2: Option<String>,
    /// Street line 3, 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_line3: Option<String>,
    /// Street line 4 (issued cards only), 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_line4: Option<String>,
    /// Street line 5 (issued cards only), 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_line5: Option<String>,
    /// Apartment number, 1–20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apartment_number: Option<String>,
    /// City, 1–25 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_name: Option<String>,
    /// ISO 3166-2 subdivision, upper case (MO, ON); required for USA and CAN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_code: Option<String>,
    /// ISO 3166-1 alpha-3 country, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Postal code: 12345 or 12345-6789 in the USA, A1A 1A1 in Canada, 1–10 characters elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// Whether this is the primary address of its type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The recipient of a SHIPPING address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    /// First name, 1–40 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name, 1–40 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// A phone number (E.164).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    /// E.164 number, e.g. `+14151234`.
    pub number: String,
    /// `HOME`, `MOBILE` or `WORK`.
    pub r#type: String,
    /// Carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Confirmed by identity verification.
    pub verified: bool,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A phone number in a request. `number` and `type` are required; `verified` is set by
/// identity verification and ignored here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumberRequest {
    /// `+<country code><number>`, or a North American number without the `+` (`4155551234`,
    /// `14155551234`); any other number without `+` is refused. Stored in E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// `HOME`, `MOBILE` or `WORK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// Carrier, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Extension, 1–10 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Ignored (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

/// An e-mail address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    /// The address.
    pub value: String,
    /// Confirmed by identity verification.
    pub verified: bool,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// An e-mail address in a request; `verified` is ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailRequest {
    /// The address, at most 320 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Ignored (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
}

/// A contact person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// A business customer's contact: its id, which an update names it by (a Business
    /// Account's contacts have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Whether this is the primary contact.
    pub primary: bool,
    /// Primary phone number.
    pub primary_phone_number: PhoneNumber,
    /// Primary e-mail address.
    pub primary_email: Email,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A contact of a business customer in a request. In an update an entry with `id` replaces
/// that contact, or removes it with `remove: Some(true)`; one without `id` equal to a stored
/// contact is that contact, any other is added.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactRequest {
    /// Update only: the id of the contact this entry replaces or removes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Update only: `true` removes the contact `id` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove: Option<bool>,
    /// First name, 1–40 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name, 1–40 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Exactly one contact of a business is primary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumberRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<EmailRequest>,
}

/// Identity-verification status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationStatus {
    /// `UNVERIFIED`, `PROCESSING`, `APPROVED`, `REVIEW`, `DECLINED` or `RESTRICTED`.
    pub status: String,
    /// Why it has this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it last changed.
    pub updated_at: String,
    /// Who changed it.
    pub updated_by: Actor,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// Verification history, most recent first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationStatusHistory {
    /// The statuses, newest first.
    pub verification_status_history: Vec<VerificationStatus>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// An access token (reference §2.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    /// The bearer token to send as `Authorization: Bearer <access_token>`.
    #[serde(rename = "access_token")]
    pub access_token: String,
    /// Always `Bearer`.
    #[serde(rename = "token_type")]
    pub token_type: String,
    /// Lifetime of the token in seconds.
    #[serde(rename = "expires_in")]
    pub expires_in: i64,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A probe's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `UP` when healthy.
    pub status: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}
