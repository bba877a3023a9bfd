//! Recipient bodies (reference §10): the create and update body, and the Recipient object.

use crate::wire::actor::ActorBody;
use crate::wire::read_only::ReadOnly;
use openkor_domain::patch::Patch;
use openkor_domain::recipient::{Recipient, RecipientDraft};
use openkor_service::recipients::RecipientUpdate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The body of `POST /v1/recipients` and `PUT /v1/recipients/{recipientId}`.
///
/// Create: `firstName`, `lastName` and `email` are required; `recipientType` defaults to
/// `INDIVIDUAL`, and `businessName` is required for (and only for) `BUSINESS`. Update: every
/// field is optional; an absent field keeps its value, `null` clears an optional one;
/// `recipientType` cannot change; `state` (`ACTIVE` or `SUSPENDED`) suspends or unsuspends.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecipientRequest {
    /// Your reference, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub business_ref_id: Patch<String>,
    /// 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40, example = "Ana")]
    pub first_name: Patch<String>,
    /// 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub middle_name: Patch<String>,
    /// 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40, example = "Silva")]
    pub last_name: Patch<String>,
    /// 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub second_last_name: Patch<String>,
    /// At most 320 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 320, example = "ana@example.com")]
    pub email: Patch<String>,
    /// Free text such as `555-555-5555`, at most 40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub phone_number: Patch<String>,
    /// ISO 3166-1 alpha-3 (`CAN`).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 3, example = "CAN")]
    pub nationality: Patch<String>,
    /// `yyyy-MM-dd`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Patch<String>,
    /// At most 500 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub additional_information: Patch<String>,
    /// `INDIVIDUAL` (default) or `BUSINESS`.
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_code_schema::<openkor_domain::recipient::RecipientType>)]
    pub recipient_type: Patch<String>,
    /// BUSINESS only, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub business_name: Patch<String>,
    /// Update only: `ACTIVE` or `SUSPENDED`.
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_code_schema::<openkor_domain::recipient::RecipientState>)]
    pub state: Patch<String>,
    /// Read-only (as a GET returns it): accepted back on an update, and must then be the
    /// Recipient's id; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub id: ReadOnly,
    /// Read-only: accepted back on an update, and must then be the caller's Business Account;
    /// refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub business_account_id: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub requestor_id: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    pub created_by: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub created_at: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    pub updated_by: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub updated_at: ReadOnly,
}

impl RecipientRequest {
    /// The read-only fields, by path, for a create to refuse.
    pub fn read_only_fields(&self) -> [(&'static str, &ReadOnly); 7] {
        [
            ("id", &self.id),
            ("businessAccountId", &self.business_account_id),
            ("requestorId", &self.requestor_id),
            ("createdBy", &self.created_by),
            ("createdAt", &self.created_at),
            ("updatedBy", &self.updated_by),
            ("updatedAt", &self.updated_at),
        ]
    }

    /// The profile fields, and the state asked for.
    pub fn into_update(self) -> RecipientUpdate {
        RecipientUpdate {
            draft: RecipientDraft {
                business_ref_id: self.business_ref_id,
                first_name: self.first_name,
                middle_name: self.middle_name,
                last_name: self.last_name,
                second_last_name: self.second_last_name,
                email: self.email,
                phone_number: self.phone_number,
                nationality: self.nationality,
                date_of_birth: self.date_of_birth,
                additional_information: self.additional_information,
                recipient_type: self.recipient_type,
                business_name: self.business_name,
            },
            state: self.state,
        }
    }
}

/// The Recipient object.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecipientBody {
    /// Id.
    pub id: String,
    /// The owning Business Account.
    pub business_account_id: String,
    /// Your reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_ref_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Second last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second_last_name: Option<String>,
    /// E-mail.
    pub email: String,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// ISO 3166-1 alpha-3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// `INDIVIDUAL` or `BUSINESS`.
    pub recipient_type: &'static str,
    /// The business's name (BUSINESS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// `ACTIVE` or `SUSPENDED`.
    pub state: &'static str,
    /// Who created it (a Service Account's id through the API).
    pub requestor_id: Option<String>,
    /// Creator.
    pub created_by: ActorBody,
    /// Creation time.
    pub created_at: String,
    /// Last updater.
    pub updated_by: ActorBody,
    /// Last update time.
    pub updated_at: String,
}

impl From<Recipient> for RecipientBody {
    fn from(recipient: Recipient) -> Self {
        let data = recipient.data;
        Self {
            id: recipient.id.to_string(),
            business_account_id: recipient.business_account_id.to_string(),
            business_ref_id: data.business_ref_id,
            first_name: data.first_name,
            middle_name: data.middle_name,
            last_name: data.last_name,
            second_last_name: data.second_last_name,
            email: data.email,
            phone_number: data.phone_number,
            nationality: data.nationality,
            date_of_birth: data.date_of_birth.map(|date| date.to_string()),
            additional_information: data.additional_information,
            recipient_type: data.recipient_type.code(),
            business_name: data.business_name,
            state: recipient.state.code(),
            requestor_id: recipient.created_by.id.map(|id| id.to_string()),
            created_by: recipient.created_by.into(),
            created_at: recipient.created_at.to_string(),
            updated_by: recipient.updated_by.into(),
            updated_at: recipient.updated_at.to_string(),
        }
    }
}
