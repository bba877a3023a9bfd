//! Customer bodies (reference §4.2–4.4).

use crate::wire::actor::ActorBody;
use crate::wire::address::AddressBody;
use crate::wire::business_account::VerificationStatusBody;
use crate::wire::contact::{
    ContactBody, ContactRequest, EmailBody, EmailRequest, PhoneNumberBody, PhoneNumberRequest,
};
use crate::wire::limits::GivenLimit;
use crate::wire::metadata::Metadata;
use crate::wire::read_only::ReadOnly;
use openkor_domain::customer::{Customer, CustomerDraft, CustomerProfile};
use openkor_domain::patch::Patch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The body of `POST /v1/customers` and `PUT /v1/customers/{customerId}`.
///
/// Create: `type` is required; INDIVIDUAL needs `firstName`, `lastName`, `primaryPhoneNumber`,
/// `primaryEmail`; BUSINESS needs `businessName` (or its alias `doingBusinessAsName`) and
/// `contacts` with exactly one primary. Update: every field is optional; an absent field keeps
/// its value and `null` clears an optional one. Nothing the update does not name is lost:
/// `addresses` and `contacts` entries are merged into the stored lists (an entry with an `id`
/// replaces that entry, or removes it with `"remove": true`; one equal to a stored entry is that
/// entry; any other is added), and `metadata` key by key (`null` deletes a key). Fields of the
/// other customer type are refused.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerRequest {
    /// `INDIVIDUAL` or `BUSINESS`; cannot change on update.
    #[serde(rename = "type", default)]
    #[schema(schema_with = crate::wire::codes::optional_code_schema::<openkor_domain::customer::CustomerType>)]
    pub customer_type: Patch<String>,
    /// INDIVIDUAL: first name, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 40, example = "Sarah")]
    pub first_name: Patch<String>,
    /// INDIVIDUAL: middle name, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 40)]
    pub middle_name: Patch<String>,
    /// INDIVIDUAL: last name, 1–40 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 40, example = "Green")]
    pub last_name: Patch<String>,
    /// INDIVIDUAL: phone.
    #[serde(default)]
    #[schema(value_type = Option<PhoneNumberRequest>)]
    pub primary_phone_number: Patch<PhoneNumberRequest>,
    /// INDIVIDUAL: e-mail.
    #[serde(default)]
    #[schema(value_type = Option<EmailRequest>)]
    pub primary_email: Patch<EmailRequest>,
    /// INDIVIDUAL: date of birth, `yyyy-MM-dd`, 1900-01-01 to today.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date, example = "1990-02-28")]
    pub date_of_birth: Patch<String>,
    /// BUSINESS: doing-business-as name, 1–100 characters (alias of `doingBusinessAsName`).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100, example = "ACME")]
    pub business_name: Patch<String>,
    /// BUSINESS: doing-business-as name (alias of `businessName`; both must agree if both given).
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub doing_business_as_name: Patch<String>,
    /// BUSINESS: web address.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 255, example = "https://acme.com")]
    pub website: Patch<String>,
    /// BUSINESS: 1–10 contacts, exactly one primary. Update: merged into the stored contacts
    /// (entries with an `id` replace or remove that contact; the others not equal to a stored
    /// one are added); `null` is refused.
    #[serde(default)]
    #[schema(value_type = Option<Vec<ContactRequest>>, max_items = 10)]
    pub contacts: Patch<Vec<ContactRequest>>,
    /// Up to 20 addresses. Update: merged into the stored addresses (entries with an `id`
    /// replace or remove that address; the others not equal to a stored one are added); `null`
    /// removes every address.
    #[serde(default)]
    #[schema(value_type = Option<Vec<AddressBody>>, max_items = 20)]
    pub addresses: Patch<Vec<AddressBody>>,
    /// The client's reference, 1–100 characters, unique among the Business Account's customers.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub external_id: Patch<String>,
    /// Up to 5 pairs; keys 1–64 characters, values at most 1024. Merged key by key into the
    /// stored pairs: a `null` value deletes its key (and sets nothing on a create), `null` for
    /// the whole object deletes every key.
    #[serde(default)]
    #[schema(value_type = Option<BTreeMap<String, Option<String>>>)]
    pub metadata: Patch<Metadata<Option<String>>>,
    /// Create only: the Customer's transaction limits (`CUSTOMER` scope), each replacing the
    /// default of its type and currency; at most 8. Change them later with `PUT /v1/limits`.
    #[serde(default)]
    #[schema(value_type = Option<Vec<GivenLimit>>)]
    pub limits: Patch<Vec<GivenLimit>>,
    /// Read-only (as a GET returns it): accepted back on an update, and must then be the
    /// customer's id; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub id: ReadOnly,
    /// Read-only: accepted back on an update only unchanged (suspend and unsuspend have their
    /// own endpoints); refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<String>)]
    pub status: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(read_only, value_type = Option<Object>)]
    pub verification_status: ReadOnly,
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

impl CustomerRequest {
    /// The read-only fields, by path, for a create to refuse.
    pub fn read_only_fields(&self) -> [(&'static str, &ReadOnly); 7] {
        [
            ("id", &self.id),
            ("status", &self.status),
            ("verificationStatus", &self.verification_status),
            ("createdBy", &self.created_by),
            ("createdAt", &self.created_at),
            ("updatedBy", &self.updated_by),
            ("updatedAt", &self.updated_at),
        ]
    }
}

impl From<CustomerRequest> for CustomerDraft {
    fn from(request: CustomerRequest) -> Self {
        CustomerDraft {
            customer_type: request.customer_type,
            first_name: request.first_name,
            middle_name: request.middle_name,
            last_name: request.last_name,
            primary_phone_number: request.primary_phone_number.map(Into::into),
            primary_email: request.primary_email.map(Into::into),
            date_of_birth: request.date_of_birth,
            business_name: request.business_name,
            doing_business_as_name: request.doing_business_as_name,
            website: request.website,
            contacts: request
                .contacts
                .map(|contacts| contacts.into_iter().map(Into::into).collect()),
            addresses: request
                .addresses
                .map(|addresses| addresses.into_iter().map(Into::into).collect()),
            external_id: request.external_id,
            metadata: request.metadata.map(|metadata| metadata.0),
            stored_addresses: Vec::new(),
            stored_contacts: Vec::new(),
        }
    }
}

/// An individual customer (reference §4.2).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IndividualCustomerBody {
    /// Id.
    pub id: String,
    /// `ACTIVE` or `SUSPENDED`.
    #[schema(example = "ACTIVE")]
    pub status: &'static str,
    /// Always `INDIVIDUAL`.
    #[serde(rename = "type")]
    #[schema(example = "INDIVIDUAL")]
    pub customer_type: &'static str,
    /// External id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Phone, E.164.
    pub primary_phone_number: PhoneNumberBody,
    /// E-mail.
    pub primary_email: EmailBody,
    /// Date of birth, `yyyy-MM-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Date)]
    pub date_of_birth: Option<String>,
    /// Addresses.
    pub addresses: Vec<AddressBody>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
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

/// A business customer (reference §4.3).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessCustomerBody {
    /// Id.
    pub id: String,
    /// `ACTIVE` or `SUSPENDED`.
    #[schema(example = "ACTIVE")]
    pub status: &'static str,
    /// Always `BUSINESS`.
    #[serde(rename = "type")]
    #[schema(example = "BUSINESS")]
    pub customer_type: &'static str,
    /// External id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Doing-business-as name (same value as `doingBusinessAsName`).
    pub business_name: String,
    /// Doing-business-as name (same value as `businessName`).
    pub doing_business_as_name: String,
    /// Website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Contacts; exactly one is primary.
    pub contacts: Vec<ContactBody>,
    /// Addresses.
    pub addresses: Vec<AddressBody>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
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

/// A customer: individual or business, told apart by `type`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CustomerBody {
    /// `type: INDIVIDUAL`.
    Individual(IndividualCustomerBody),
    /// `type: BUSINESS`.
    Business(BusinessCustomerBody),
}

impl From<Customer> for CustomerBody {
    fn from(customer: Customer) -> Self {
        let id = customer.id.to_string();
        let status = customer.status.code();
        let data = customer.data;
        let addresses = data.addresses.into_iter().map(AddressBody::from).collect();
        let verification_status = customer.verification.into();
        let (created_by, created_at) =
            (customer.created_by.into(), customer.created_at.to_string());
        let (updated_by, updated_at) =
            (customer.updated_by.into(), customer.updated_at.to_string());
        match data.profile {
            CustomerProfile::Individual(person) => {
                CustomerBody::Individual(IndividualCustomerBody {
                    id,
                    status,
                    customer_type: "INDIVIDUAL",
                    external_id: data.external_id,
                    first_name: person.first_name,
                    middle_name: person.middle_name,
                    last_name: person.last_name,
                    primary_phone_number: person.primary_phone_number.into(),
                    primary_email: person.primary_email.into(),
                    date_of_birth: person.date_of_birth.map(|d| d.to_string()),
                    addresses,
                    metadata: data.metadata,
                    verification_status,
                    created_by,
                    created_at,
                    updated_by,
                    updated_at,
                })
            }
            CustomerProfile::Business(business) => CustomerBody::Business(BusinessCustomerBody {
                id,
                status,
                customer_type: "BUSINESS",
                external_id: data.external_id,
                doing_business_as_name: business.business_name.clone(),
                business_name: business.business_name,
                website: business.website,
                contacts: business
                    .contacts
                    .into_iter()
                    .map(ContactBody::from)
                    .collect(),
                addresses,
                metadata: data.metadata,
                verification_status,
                created_by,
                created_at,
                updated_by,
                updated_at,
            }),
        }
    }
}
