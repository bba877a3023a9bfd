//! Customers, their contacts, addresses (of customers and beneficial owners) and beneficial
//! owners: columns, values and decoders.

use super::Columns;
use super::qualified;
use crate::StoreError;
use crate::db::{Row, Value};
use crate::records::{AddressOwner, AddressRow, BeneficiaryRow, ContactRow, CustomerRow};
use std::sync::LazyLock;

// ---- Customers ------------------------------------------------------------------------------

/// Every customer column: the ones set at creation, then the ones an update rewrites.
pub(crate) static CUSTOMER_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    CustomerRow::CREATE_COLUMNS
        .iter()
        .chain(CustomerRow::MUTABLE_COLUMNS.iter())
        .copied()
        .collect()
});

/// `c.…` select list of a customer.
pub(crate) static CUSTOMER_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("c", &CUSTOMER_COLUMNS));

pub(crate) fn customer(row: &dyn Row) -> Result<CustomerRow, StoreError> {
    let mut c = Columns::new(row);
    // CREATE_COLUMNS first …
    let id = c.uuid()?;
    let business_account_id = c.uuid()?;
    let created_by_type = c.text()?;
    let created_by_id = c.opt_uuid()?;
    let created_at = c.timestamp()?;
    // … then MUTABLE_COLUMNS.
    Ok(CustomerRow {
        id,
        business_account_id,
        created_by_type,
        created_by_id,
        created_at,
        customer_type: c.text()?,
        status: c.text()?,
        external_id: c.opt_text()?,
        first_name: c.opt_text()?,
        middle_name: c.opt_text()?,
        last_name: c.opt_text()?,
        phone_number: c.opt_text()?,
        phone_type: c.opt_text()?,
        phone_provider: c.opt_text()?,
        phone_extension: c.opt_text()?,
        phone_verified: c.opt_bool()?,
        email: c.opt_text()?,
        email_verified: c.opt_bool()?,
        date_of_birth: c.opt_date()?,
        business_name: c.opt_text()?,
        website: c.opt_text()?,
        metadata_json: c.text()?,
        search_name: c.text()?,
        search_email: c.opt_text()?,
        search_phone: c.opt_text()?,
        search_phone_digits: c.opt_text()?,
        verification_status: c.text()?,
        verification_reason: c.opt_text()?,
        verification_updated_at: c.timestamp()?,
        verification_updated_by_type: c.text()?,
        verification_updated_by_id: c.opt_uuid()?,
        version: c.i64()?,
        updated_by_type: c.text()?,
        updated_by_id: c.opt_uuid()?,
        updated_at: c.timestamp()?,
    })
}

/// The values of [`CustomerRow::CREATE_COLUMNS`].
pub(crate) fn customer_create_values(row: &CustomerRow) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.business_account_id.into(),
        (&row.created_by_type).into(),
        row.created_by_id.into(),
        row.created_at.into(),
    ]
}

/// The values of [`CustomerRow::MUTABLE_COLUMNS`].
pub(crate) fn customer_mutable_values(row: &CustomerRow) -> Vec<Value<'_>> {
    vec![
        (&row.customer_type).into(),
        (&row.status).into(),
        (&row.external_id).into(),
        (&row.first_name).into(),
        (&row.middle_name).into(),
        (&row.last_name).into(),
        (&row.phone_number).into(),
        (&row.phone_type).into(),
        (&row.phone_provider).into(),
        (&row.phone_extension).into(),
        row.phone_verified.into(),
        (&row.email).into(),
        row.email_verified.into(),
        row.date_of_birth.into(),
        (&row.business_name).into(),
        (&row.website).into(),
        (&row.metadata_json).into(),
        (&row.search_name).into(),
        (&row.search_email).into(),
        (&row.search_phone).into(),
        (&row.search_phone_digits).into(),
        (&row.verification_status).into(),
        (&row.verification_reason).into(),
        row.verification_updated_at.into(),
        (&row.verification_updated_by_type).into(),
        row.verification_updated_by_id.into(),
        row.version.into(),
        (&row.updated_by_type).into(),
        row.updated_by_id.into(),
        row.updated_at.into(),
    ]
}

pub(crate) const CONTACT_COLUMNS: [&str; 15] = [
    "business_account_id",
    "customer_id",
    "position",
    "first_name",
    "middle_name",
    "last_name",
    "is_primary",
    "phone_number",
    "phone_type",
    "phone_provider",
    "phone_extension",
    "phone_verified",
    "email",
    "email_verified",
    "id",
];

pub(crate) fn contact(row: &dyn Row) -> Result<ContactRow, StoreError> {
    let mut c = Columns::new(row);
    Ok(ContactRow {
        business_account_id: c.uuid()?,
        customer_id: c.uuid()?,
        position: c.i64()?,
        first_name: c.text()?,
        middle_name: c.opt_text()?,
        last_name: c.text()?,
        is_primary: c.bool()?,
        phone_number: c.text()?,
        phone_type: c.text()?,
        phone_provider: c.opt_text()?,
        phone_extension: c.opt_text()?,
        phone_verified: c.bool()?,
        email: c.text()?,
        email_verified: c.bool()?,
        id: c.uuid()?,
    })
}

pub(crate) fn contact_values(row: &ContactRow) -> Vec<Value<'_>> {
    vec![
        row.business_account_id.into(),
        row.customer_id.into(),
        row.position.into(),
        (&row.first_name).into(),
        (&row.middle_name).into(),
        (&row.last_name).into(),
        row.is_primary.into(),
        (&row.phone_number).into(),
        (&row.phone_type).into(),
        (&row.phone_provider).into(),
        (&row.phone_extension).into(),
        row.phone_verified.into(),
        (&row.email).into(),
        row.email_verified.into(),
        row.id.into(),
    ]
}

// ---- Addresses ------------------------------------------------------------------------------

/// The columns of an address table: the tenant, the owner, then the rest.
pub(crate) fn address_columns(owner: AddressOwner) -> Vec<&'static str> {
    let mut columns = vec!["business_account_id", owner.owner_column()];
    columns.extend(AddressRow::COLUMNS_AFTER_OWNER);
    columns
}

pub(crate) fn address(row: &dyn Row) -> Result<AddressRow, StoreError> {
    let mut c = Columns::new(row);
    Ok(AddressRow {
        business_account_id: c.uuid()?,
        owner_id: c.uuid()?,
        position: c.i64()?,
        address_type: c.text()?,
        name_first: c.opt_text()?,
        name_middle: c.opt_text()?,
        name_last: c.opt_text()?,
        street_line1: c.text()?,
        street_line2: c.opt_text()?,
        street_line3: c.opt_text()?,
        street_line4: c.opt_text()?,
        street_line5: c.opt_text()?,
        apartment_number: c.opt_text()?,
        city_name: c.opt_text()?,
        state_code: c.opt_text()?,
        country_code: c.opt_text()?,
        zip_code: c.text()?,
        is_primary: c.bool()?,
        search_city: c.opt_text()?,
        search_zip: c.text()?,
        id: c.uuid()?,
    })
}

pub(crate) fn address_values(row: &AddressRow) -> Vec<Value<'_>> {
    vec![
        row.business_account_id.into(),
        row.owner_id.into(),
        row.position.into(),
        (&row.address_type).into(),
        (&row.name_first).into(),
        (&row.name_middle).into(),
        (&row.name_last).into(),
        (&row.street_line1).into(),
        (&row.street_line2).into(),
        (&row.street_line3).into(),
        (&row.street_line4).into(),
        (&row.street_line5).into(),
        (&row.apartment_number).into(),
        (&row.city_name).into(),
        (&row.state_code).into(),
        (&row.country_code).into(),
        (&row.zip_code).into(),
        row.is_primary.into(),
        (&row.search_city).into(),
        (&row.search_zip).into(),
        row.id.into(),
    ]
}

// ---- Beneficial owners ----------------------------------------------------------------------

/// Every beneficial-owner column: the ones set at creation, then the ones an update rewrites.
pub(crate) static BENEFICIARY_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    BeneficiaryRow::CREATE_COLUMNS
        .iter()
        .chain(BeneficiaryRow::MUTABLE_COLUMNS.iter())
        .copied()
        .collect()
});

/// `b.…` select list of a beneficial owner.
pub(crate) static BENEFICIARY_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("b", &BENEFICIARY_COLUMNS));

pub(crate) fn beneficiary(row: &dyn Row) -> Result<BeneficiaryRow, StoreError> {
    let mut c = Columns::new(row);
    let id = c.uuid()?;
    let business_account_id = c.uuid()?;
    let customer_id = c.uuid()?;
    let created_by_type = c.text()?;
    let created_by_id = c.opt_uuid()?;
    let created_at = c.timestamp()?;
    Ok(BeneficiaryRow {
        id,
        business_account_id,
        customer_id,
        created_by_type,
        created_by_id,
        created_at,
        first_name: c.text()?,
        middle_name: c.opt_text()?,
        last_name: c.text()?,
        sex: c.opt_text()?,
        phone_number: c.opt_text()?,
        phone_type: c.opt_text()?,
        phone_provider: c.opt_text()?,
        phone_extension: c.opt_text()?,
        phone_verified: c.opt_bool()?,
        email: c.opt_text()?,
        email_verified: c.opt_bool()?,
        date_of_birth: c.opt_date()?,
        has_place_of_birth: c.bool()?,
        place_of_birth_city: c.opt_text()?,
        place_of_birth_country_code: c.opt_text()?,
        social_id: c.opt_text()?,
        social_id_sealed: c.opt_bytes()?,
        social_id_country_code: c.opt_text()?,
        citizenship_country_code: c.opt_text()?,
        title: c.opt_text()?,
        ownership_percentage: c.opt_text()?,
        controller: c.bool()?,
        verification_status: c.text()?,
        verification_reason: c.opt_text()?,
        verification_updated_at: c.timestamp()?,
        verification_updated_by_type: c.text()?,
        verification_updated_by_id: c.opt_uuid()?,
        version: c.i64()?,
        updated_by_type: c.text()?,
        updated_by_id: c.opt_uuid()?,
        updated_at: c.timestamp()?,
    })
}

/// The values of [`BeneficiaryRow::CREATE_COLUMNS`].
pub(crate) fn beneficiary_create_values(row: &BeneficiaryRow) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.business_account_id.into(),
        row.customer_id.into(),
        (&row.created_by_type).into(),
        row.created_by_id.into(),
        row.created_at.into(),
    ]
}

/// The values of [`BeneficiaryRow::MUTABLE_COLUMNS`].
pub(crate) fn beneficiary_mutable_values(row: &BeneficiaryRow) -> Vec<Value<'_>> {
    vec![
        (&row.first_name).into(),
        (&row.middle_name).into(),
        (&row.last_name).into(),
        (&row.sex).into(),
        (&row.phone_number).into(),
        (&row.phone_type).into(),
        (&row.phone_provider).into(),
        (&row.phone_extension).into(),
        row.phone_verified.into(),
        (&row.email).into(),
        row.email_verified.into(),
        row.date_of_birth.into(),
        row.has_place_of_birth.into(),
        (&row.place_of_birth_city).into(),
        (&row.place_of_birth_country_code).into(),
        (&row.social_id).into(),
        (&row.social_id_sealed).into(),
        (&row.social_id_country_code).into(),
        (&row.citizenship_country_code).into(),
        (&row.title).into(),
        (&row.ownership_percentage).into(),
        row.controller.into(),
        (&row.verification_status).into(),
        (&row.verification_reason).into(),
        row.verification_updated_at.into(),
        (&row.verification_updated_by_type).into(),
        row.verification_updated_by_id.into(),
        row.version.into(),
        (&row.updated_by_type).into(),
        row.updated_by_id.into(),
        row.updated_at.into(),
    ]
}
