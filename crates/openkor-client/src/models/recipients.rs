//! Recipients: payees who are not customers.

use super::*;

/// The Recipient object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    /// Id.
    pub id: String,
    /// The owning Business Account.
    pub business_account_id: String,
    /// Your reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_ref_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Second last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_last_name: Option<String>,
    /// E-mail.
    pub email: String,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// ISO 3166-1 alpha-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// `INDIVIDUAL` or `BUSINESS`.
    pub recipient_type: String,
    /// The business's name (BUSINESS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// `ACTIVE` or `SUSPENDED`.
    pub state: String,
    /// Who created it (a Service Account's id through the API).
    pub requestor_id: Option<String>,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: String,
    /// Last updater.
    pub updated_by: Actor,
    /// Last update time.
    pub updated_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/recipients` (an update is a [`RecipientUpdate`]): `firstName`,
/// `lastName` and `email` are required; `recipientType` defaults to `INDIVIDUAL`, and
/// `businessName` is required for (and only for) `BUSINESS`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientRequest {
    /// Your reference, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_ref_id: Option<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_last_name: Option<String>,
    /// At most 320 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Free text such as `555-555-5555`, at most 40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// ISO 3166-1 alpha-3 (`CAN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// At most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// `INDIVIDUAL` (default) or `BUSINESS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_type: Option<String>,
    /// BUSINESS only, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
}

/// The body of `PUT /v1/recipients/{recipientId}`: every field is optional; an absent field
/// keeps its value, `null` clears an optional one (a required one is refused);
/// `recipientType` cannot change; `state` (`ACTIVE` or `SUSPENDED`) suspends or unsuspends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientUpdate {
    /// Your reference, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub business_ref_id: Patch<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub first_name: Patch<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub middle_name: Patch<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub last_name: Patch<String>,
    /// 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub second_last_name: Patch<String>,
    /// At most 320 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub email: Patch<String>,
    /// Free text such as `555-555-5555`, at most 40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub phone_number: Patch<String>,
    /// ISO 3166-1 alpha-3 (`CAN`).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub nationality: Patch<String>,
    /// `yyyy-MM-dd`.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub date_of_birth: Patch<String>,
    /// At most 500 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub additional_information: Patch<String>,
    /// Accepted only unchanged.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub recipient_type: Patch<String>,
    /// BUSINESS only, 1–40 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub business_name: Patch<String>,
    /// `ACTIVE` or `SUSPENDED`.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub state: Patch<String>,
}
