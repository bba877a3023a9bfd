//! Customer and contact rows.

use super::address::{AddressRow, group_by_owner};
use super::{actor, corrupt, parse_code};
use crate::StoreError;
use openkor_domain::business_account::{VerificationState, VerificationStatus};
use openkor_domain::clock::Timestamp;
use openkor_domain::contact::{Contact, Email, PhoneNumber, PhoneType};
use openkor_domain::customer::{
    BusinessProfile, Customer, CustomerData, CustomerProfile, CustomerStatus, IndividualProfile,
    SearchKeys,
};
use openkor_domain::ids::{BusinessAccountId, ContactId, CustomerId};
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// One `customers` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerRow {
    /// `id`
    pub id: Uuid,
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `customer_type`
    pub customer_type: String,
    /// `status`
    pub status: String,
    /// `external_id`
    pub external_id: Option<String>,
    /// `first_name`
    pub first_name: Option<String>,
    /// `middle_name`
    pub middle_name: Option<String>,
    /// `last_name`
    pub last_name: Option<String>,
    /// `phone_number`
    pub phone_number: Option<String>,
    /// `phone_type`
    pub phone_type: Option<String>,
    /// `phone_provider`
    pub phone_provider: Option<String>,
    /// `phone_extension`
    pub phone_extension: Option<String>,
    /// `phone_verified`
    pub phone_verified: Option<bool>,
    /// `email`
    pub email: Option<String>,
    /// `email_verified`
    pub email_verified: Option<bool>,
    /// `date_of_birth`
    pub date_of_birth: Option<Date>,
    /// `business_name`
    pub business_name: Option<String>,
    /// `website`
    pub website: Option<String>,
    /// `metadata` (a JSON object of strings)
    pub metadata_json: String,
    /// `search_name`
    pub search_name: String,
    /// `search_email`
    pub search_email: Option<String>,
    /// `search_phone`
    pub search_phone: Option<String>,
    /// `search_phone_digits`
    pub search_phone_digits: Option<String>,
    /// `verification_status`
    pub verification_status: String,
    /// `verification_reason`
    pub verification_reason: Option<String>,
    /// `verification_updated_at`
    pub verification_updated_at: Timestamp,
    /// `verification_updated_by_type`
    pub verification_updated_by_type: String,
    /// `verification_updated_by_id`
    pub verification_updated_by_id: Option<Uuid>,
    /// `version`
    pub version: i64,
    /// `created_by_type`
    pub created_by_type: String,
    /// `created_by_id`
    pub created_by_id: Option<Uuid>,
    /// `created_at`
    pub created_at: Timestamp,
    /// `updated_by_type`
    pub updated_by_type: String,
    /// `updated_by_id`
    pub updated_by_id: Option<Uuid>,
    /// `updated_at`
    pub updated_at: Timestamp,
}

impl CustomerRow {
    /// Columns written only when the row is created (after `id`, `business_account_id`).
    pub const CREATE_COLUMNS: [&'static str; 5] = [
        "id",
        "business_account_id",
        "created_by_type",
        "created_by_id",
        "created_at",
    ];

    /// Columns every write sets, in the order backends bind them.
    pub const MUTABLE_COLUMNS: [&'static str; 30] = [
        "customer_type",
        "status",
        "external_id",
        "first_name",
        "middle_name",
        "last_name",
        "phone_number",
        "phone_type",
        "phone_provider",
        "phone_extension",
        "phone_verified",
        "email",
        "email_verified",
        "date_of_birth",
        "business_name",
        "website",
        "metadata",
        "search_name",
        "search_email",
        "search_phone",
        "search_phone_digits",
        "verification_status",
        "verification_reason",
        "verification_updated_at",
        "verification_updated_by_type",
        "verification_updated_by_id",
        "version",
        "updated_by_type",
        "updated_by_id",
        "updated_at",
    ];
}

/// One `customer_contacts` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRow {
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `customer_id`
    pub customer_id: Uuid,
    /// `position`
    pub position: i64,
    /// `first_name`
    pub first_name: String,
    /// `middle_name`
    pub middle_name: Option<String>,
    /// `last_name`
    pub last_name: String,
    /// `is_primary`
    pub is_primary: bool,
    /// `phone_number`
    pub phone_number: String,
    /// `phone_type`
    pub phone_type: String,
    /// `phone_provider`
    pub phone_provider: Option<String>,
    /// `phone_extension`
    pub phone_extension: Option<String>,
    /// `phone_verified`
    pub phone_verified: bool,
    /// `email`
    pub email: String,
    /// `email_verified`
    pub email_verified: bool,
    /// `id`: the contact's id, unique among its customer's contacts.
    pub id: Uuid,
}

fn phone(
    number: Option<String>,
    phone_type: Option<String>,
    provider: Option<String>,
    extension: Option<String>,
    verified: Option<bool>,
) -> Result<Option<PhoneNumber>, StoreError> {
    match (number, phone_type) {
        (Some(number), Some(code)) => Ok(Some(PhoneNumber {
            number,
            phone_type: parse_code("phone type", &code, PhoneType::from_code)?,
            provider,
            extension,
            verified: verified.unwrap_or(false),
        })),
        (None, None) => Ok(None),
        _ => Err(corrupt("phone", "<partial>")),
    }
}

/// The rows of a customer: the customer row, its contacts and its addresses.
pub fn customer_rows(customer: &Customer) -> (CustomerRow, Vec<ContactRow>, Vec<AddressRow>) {
    let keys = SearchKeys::of(&customer.data);
    let id = customer.id.as_uuid();
    let tenant = customer.business_account_id.as_uuid();
    let mut row = CustomerRow {
        id,
        business_account_id: tenant,
        customer_type: customer.data.customer_type().code().to_owned(),
        status: customer.status.code().to_owned(),
        external_id: customer.data.external_id.clone(),
        first_name: None,
        middle_name: None,
        last_name: None,
        phone_number: None,
        phone_type: None,
        phone_provider: None,
        phone_extension: None,
        phone_verified: None,
        email: None,
        email_verified: None,
        date_of_birth: None,
        business_name: None,
        website: None,
        metadata_json: serde_json::to_string(&customer.data.metadata)
            .unwrap_or_else(|_| "{}".into()),
        search_name: keys.name,
        search_email: keys.email,
        search_phone: keys.phone,
        search_phone_digits: keys.phone_digits,
        verification_status: customer.verification.status.code().to_owned(),
        verification_reason: customer.verification.reason.clone(),
        verification_updated_at: customer.verification.updated_at,
        verification_updated_by_type: customer.verification.updated_by.kind.code().to_owned(),
        verification_updated_by_id: customer.verification.updated_by.id,
        version: customer.version,
        created_by_type: customer.created_by.kind.code().to_owned(),
        created_by_id: customer.created_by.id,
        created_at: customer.created_at,
        updated_by_type: customer.updated_by.kind.code().to_owned(),
        updated_by_id: customer.updated_by.id,
        updated_at: customer.updated_at,
    };
    let mut contacts = Vec::new();
    match &customer.data.profile {
        CustomerProfile::Individual(person) => {
            let phone = &person.primary_phone_number;
            row.first_name = Some(person.first_name.clone());
            row.middle_name = person.middle_name.clone();
            row.last_name = Some(person.last_name.clone());
            row.phone_number = Some(phone.number.clone());
            row.phone_type = Some(phone.phone_type.code().to_owned());
            row.phone_provider = phone.provider.clone();
            row.phone_extension = phone.extension.clone();
            row.phone_verified = Some(phone.verified);
            row.email = Some(person.primary_email.value.clone());
            row.email_verified = Some(person.primary_email.verified);
            row.date_of_birth = person.date_of_birth;
        }
        CustomerProfile::Business(business) => {
            row.business_name = Some(business.business_name.clone());
            row.website = business.website.clone();
            contacts = business
                .contacts
                .iter()
                .enumerate()
                .map(|(position, contact)| ContactRow {
                    business_account_id: tenant,
                    customer_id: id,
                    position: i64::try_from(position).unwrap_or(i64::MAX),
                    first_name: contact.first_name.clone(),
                    middle_name: contact.middle_name.clone(),
                    last_name: contact.last_name.clone(),
                    is_primary: contact.primary,
                    phone_number: contact.primary_phone_number.number.clone(),
                    phone_type: contact.primary_phone_number.phone_type.code().to_owned(),
                    phone_provider: contact.primary_phone_number.provider.clone(),
                    phone_extension: contact.primary_phone_number.extension.clone(),
                    phone_verified: contact.primary_phone_number.verified,
                    email: contact.primary_email.value.clone(),
                    email_verified: contact.primary_email.verified,
                    id: contact.id.unwrap_or_default().as_uuid(),
                })
                .collect();
        }
    }
    let addresses = AddressRow::all(tenant, id, &customer.data.addresses);
    (row, contacts, addresses)
}

impl ContactRow {
    fn into_contact(self) -> Result<Contact, StoreError> {
        let primary_phone_number = phone(
            Some(self.phone_number),
            Some(self.phone_type),
            self.phone_provider,
            self.phone_extension,
            Some(self.phone_verified),
        )?
        .ok_or_else(|| corrupt("contact phone", "<missing>"))?;
        Ok(Contact {
            id: Some(ContactId::from_uuid(self.id)),
            first_name: self.first_name,
            middle_name: self.middle_name,
            last_name: self.last_name,
            primary: self.is_primary,
            primary_phone_number,
            primary_email: Email {
                value: self.email,
                verified: self.email_verified,
            },
        })
    }
}

/// Rebuilds a customer from its rows.
pub fn customer_from_rows(
    row: CustomerRow,
    contacts: Vec<ContactRow>,
    addresses: Vec<AddressRow>,
) -> Result<Customer, StoreError> {
    let profile = match row.customer_type.as_str() {
        "INDIVIDUAL" => CustomerProfile::Individual(IndividualProfile {
            first_name: row
                .first_name
                .ok_or_else(|| corrupt("first name", "<missing>"))?,
            middle_name: row.middle_name,
            last_name: row
                .last_name
                .ok_or_else(|| corrupt("last name", "<missing>"))?,
            primary_phone_number: phone(
                row.phone_number,
                row.phone_type,
                row.phone_provider,
                row.phone_extension,
                row.phone_verified,
            )?
            .ok_or_else(|| corrupt("phone", "<missing>"))?,
            primary_email: Email {
                value: row.email.ok_or_else(|| corrupt("email", "<missing>"))?,
                verified: row.email_verified.unwrap_or(false),
            },
            date_of_birth: row.date_of_birth,
        }),
        "BUSINESS" => CustomerProfile::Business(BusinessProfile {
            business_name: row
                .business_name
                .ok_or_else(|| corrupt("business name", "<missing>"))?,
            website: row.website,
            contacts: contacts
                .into_iter()
                .map(ContactRow::into_contact)
                .collect::<Result<_, _>>()?,
        }),
        other => return Err(corrupt("customer type", other)),
    };
    Ok(Customer {
        id: CustomerId::from_uuid(row.id),
        business_account_id: BusinessAccountId::from_uuid(row.business_account_id),
        status: parse_code("status", &row.status, CustomerStatus::from_code)?,
        data: CustomerData {
            external_id: row.external_id,
            profile,
            addresses: addresses
                .into_iter()
                .map(AddressRow::into_address)
                .collect::<Result<_, _>>()?,
            metadata: serde_json::from_str(&row.metadata_json)
                .map_err(|_| corrupt("metadata", "<json>"))?,
        },
        verification: VerificationStatus {
            status: parse_code(
                "verification status",
                &row.verification_status,
                VerificationState::from_code,
            )?,
            reason: row.verification_reason,
            updated_at: row.verification_updated_at,
            updated_by: actor(
                &row.verification_updated_by_type,
                row.verification_updated_by_id,
            )?,
        },
        version: row.version,
        created_by: actor(&row.created_by_type, row.created_by_id)?,
        created_at: row.created_at,
        updated_by: actor(&row.updated_by_type, row.updated_by_id)?,
        updated_at: row.updated_at,
    })
}

/// Rebuilds a page of customers from their rows and the rows of their contacts and addresses.
pub fn customers_from_rows(
    rows: Vec<CustomerRow>,
    contacts: Vec<ContactRow>,
    addresses: Vec<AddressRow>,
) -> Result<Vec<Customer>, StoreError> {
    let mut contacts: HashMap<Uuid, Vec<ContactRow>> =
        group_by_owner(contacts, |c| c.customer_id, |c| c.position);
    let mut addresses = group_by_owner(addresses, |a| a.owner_id, |a| a.position);
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            customer_from_rows(
                row,
                contacts.remove(&id).unwrap_or_default(),
                addresses.remove(&id).unwrap_or_default(),
            )
        })
        .collect()
}
