//! Beneficial-owner bodies (reference §4.5).

use crate::wire::actor::ActorBody;
use crate::wire::address::AddressBody;
use crate::wire::business_account::VerificationStatusBody;
use crate::wire::contact::{EmailBody, EmailRequest, PhoneNumberBody, PhoneNumberRequest};
use crate::wire::read_only::ReadOnly;
use openkor_domain::beneficiary::{
    Beneficiary, BeneficiaryDraft, PlaceOfBirthDraft, mask_social_id,
};
use openkor_domain::patch::Patch;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a beneficial owner was born.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlaceOfBirthBody {
    /// City, at most 60 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 60)]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 3, max_length = 3)]
    pub country_code: Option<String>,
}

/// An ownership percentage as a JSON number or a decimal string (`50`, `"33.5"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Percentage {
    /// `"50"`.
    Text(String),
    /// `50`.
    Number(serde_json::Number),
}

impl Percentage {
    fn into_text(self) -> String {
        match self {
            Percentage::Text(text) => text,
            Percentage::Number(number) => number.to_string(),
        }
    }
}

/// The body of create and update. Create needs `firstName` and `lastName`; update takes any
/// subset (absent keeps, `null` clears, `addresses` merges), and also what a GET returned: the
/// read-only fields, and the masked `socialId` (which keeps the stored one).
/// `socialIdCountryCode` is required with `socialId`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BeneficiaryRequest {
    /// First name, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 40)]
    pub first_name: Patch<String>,
    /// Middle name, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub middle_name: Patch<String>,
    /// Last name, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 40)]
    pub last_name: Patch<String>,
    /// `MALE`, `FEMALE` or `NONBINARY`.
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_code_schema::<openkor_domain::beneficiary::Sex>)]
    pub sex: Patch<String>,
    /// Phone.
    #[serde(default)]
    #[schema(value_type = Option<PhoneNumberRequest>)]
    pub primary_phone_number: Patch<PhoneNumberRequest>,
    /// E-mail.
    #[serde(default)]
    #[schema(value_type = Option<EmailRequest>)]
    pub primary_email: Patch<EmailRequest>,
    /// `yyyy-MM-dd`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub date_of_birth: Patch<String>,
    /// Place of birth.
    #[serde(default)]
    #[schema(value_type = Option<PlaceOfBirthBody>)]
    pub place_of_birth: Patch<PlaceOfBirthBody>,
    /// National id (e.g. SSN), at most 50 characters; stored, and only ever returned masked.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 50, write_only)]
    pub social_id: Patch<String>,
    /// Country that issued `socialId` (alpha-3); required with it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub social_id_country_code: Patch<String>,
    /// Citizenship (alpha-3).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub citizenship_country_code: Patch<String>,
    /// Job title, at most 100 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub title: Patch<String>,
    /// Share owned, 0–100 with at most 2 decimals, as a number or a string.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "50")]
    pub ownership_percentage: Patch<Percentage>,
    /// Exercises significant control (CEO, general partner, …).
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    pub controller: Patch<bool>,
    /// Up to 20 addresses. Update: merged into the stored addresses (entries with an `id`
    /// replace or remove that address; the others not equal to a stored one are added); `null`
    /// removes every address.
    #[serde(default)]
    #[schema(value_type = Option<Vec<AddressBody>>, max_items = 20)]
    pub addresses: Patch<Vec<AddressBody>>,
    /// Read-only (accepted back on an update, where it must be the owner's own).
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub id: ReadOnly,
    /// Read-only: the customer (accepted back on an update, where it must be the path's).
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub parent_id: ReadOnly,
    /// Read-only (accepted back on an update and ignored).
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    pub verification_status: ReadOnly,
    /// Read-only (accepted back on an update and ignored).
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    pub created_by: ReadOnly,
    /// Read-only (accepted back on an update and ignored).
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub created_at: ReadOnly,
    /// Read-only (accepted back on an update and ignored).
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    pub updated_by: ReadOnly,
    /// Read-only (accepted back on an update and ignored).
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub updated_at: ReadOnly,
}

impl BeneficiaryRequest {
    /// The read-only fields, by path, for a create to refuse.
    pub fn read_only_fields(&self) -> [(&'static str, &ReadOnly); 7] {
        [
            ("id", &self.id),
            ("parentId", &self.parent_id),
            ("verificationStatus", &self.verification_status),
            ("createdBy", &self.created_by),
            ("createdAt", &self.created_at),
            ("updatedBy", &self.updated_by),
            ("updatedAt", &self.updated_at),
        ]
    }
}

impl From<BeneficiaryRequest> for BeneficiaryDraft {
    fn from(request: BeneficiaryRequest) -> Self {
        BeneficiaryDraft {
            first_name: request.first_name,
            middle_name: request.middle_name,
            last_name: request.last_name,
            sex: request.sex,
            primary_phone_number: request.primary_phone_number.map(Into::into),
            primary_email: request.primary_email.map(Into::into),
            date_of_birth: request.date_of_birth,
            place_of_birth: request.place_of_birth.map(|place| PlaceOfBirthDraft {
                city: place.city,
                country_code: place.country_code,
            }),
            social_id: request.social_id,
            social_id_country_code: request.social_id_country_code,
            citizenship_country_code: request.citizenship_country_code,
            title: request.title,
            ownership_percentage: request.ownership_percentage.map(Percentage::into_text),
            controller: request.controller,
            addresses: request
                .addresses
                .map(|list| list.into_iter().map(Into::into).collect()),
            stored_addresses: Vec::new(),
        }
    }
}

/// A beneficial owner (reference §4.5).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BeneficiaryBody {
    /// The business customer it belongs to.
    pub parent_id: String,
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Sex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    /// Phone, E.164.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumberBody>,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<EmailBody>,
    /// Date of birth.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    /// Place of birth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<PlaceOfBirthBody>,
    /// National id, truncated: five asterisks and its last four characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "*****6789")]
    pub social_id: Option<String>,
    /// Country that issued the social id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_id_country_code: Option<String>,
    /// Citizenship.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citizenship_country_code: Option<String>,
    /// Job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Share owned, as a decimal string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ownership_percentage: Option<String>,
    /// Exercises significant control.
    pub controller: bool,
    /// Addresses.
    pub addresses: Vec<AddressBody>,
    /// Identity-verification status.
    pub verification_status: VerificationStatusBody,
    /// Creator.
    pub created_by: ActorBody,
    /// Creation time.
    pub created_at: String,
    /// Last updater.
    pub updated_by: ActorBody,
    /// Last update time.
    pub updated_at: String,
}

impl From<Beneficiary> for BeneficiaryBody {
    fn from(owner: Beneficiary) -> Self {
        let data = owner.data;
        BeneficiaryBody {
            parent_id: owner.customer_id.to_string(),
            id: owner.id.to_string(),
            first_name: data.first_name,
            middle_name: data.middle_name,
            last_name: data.last_name,
            sex: data.sex.map(|sex| sex.code()),
            primary_phone_number: data.primary_phone_number.map(Into::into),
            primary_email: data.primary_email.map(Into::into),
            date_of_birth: data.date_of_birth.map(|d| d.to_string()),
            place_of_birth: data.place_of_birth.map(|place| PlaceOfBirthBody {
                city: place.city,
                country_code: place.country_code,
            }),
            social_id: data.social_id.as_deref().map(mask_social_id),
            social_id_country_code: data.social_id_country_code,
            citizenship_country_code: data.citizenship_country_code,
            title: data.title,
            ownership_percentage: data.ownership_percentage,
            controller: data.controller,
            addresses: data.addresses.into_iter().map(AddressBody::from).collect(),
            verification_status: owner.verification.into(),
            created_by: owner.created_by.into(),
            created_at: owner.created_at.to_string(),
            updated_by: owner.updated_by.into(),
            updated_at: owner.updated_at.to_string(),
        }
    }
}

/// A beneficial owner as the list shows it (reference: Beneficiary Summary object).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BeneficiarySummaryBody {
    /// The business customer it belongs to.
    pub parent_id: String,
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<PhoneNumberBody>,
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<EmailBody>,
    /// Exercises significant control.
    pub controller: bool,
    /// Identity-verification status.
    pub verification_status: VerificationStatusBody,
}

impl From<Beneficiary> for BeneficiarySummaryBody {
    fn from(owner: Beneficiary) -> Self {
        BeneficiarySummaryBody {
            parent_id: owner.customer_id.to_string(),
            id: owner.id.to_string(),
            first_name: owner.data.first_name,
            middle_name: owner.data.middle_name,
            last_name: owner.data.last_name,
            primary_phone_number: owner.data.primary_phone_number.map(Into::into),
            primary_email: owner.data.primary_email.map(Into::into),
            controller: owner.data.controller,
            verification_status: owner.verification.into(),
        }
    }
}
