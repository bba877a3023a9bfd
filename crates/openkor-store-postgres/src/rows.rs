//! Decoding PostgreSQL rows into the shared records.

use crate::error::store_error;
use openkor_domain::clock::Timestamp;
use openkor_store::StoreError;
use openkor_store::records::{
    AddressOwner, AddressRow, BeneficiaryRow, BusinessAccountRecord, ContactRow, CustomerRow,
    FinancialAccountRow, PrincipalRecord, ServiceAccountRecord,
};
use sqlx::Postgres;
use sqlx::Row;
use sqlx::postgres::PgRow;
use time::OffsetDateTime;

fn col<T>(row: &PgRow, column: &str) -> Result<T, StoreError>
where
    T: for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
{
    row.try_get(column).map_err(store_error)
}

fn ts(row: &PgRow, column: &str) -> Result<Timestamp, StoreError> {
    row.try_get::<OffsetDateTime, _>(column)
        .map(Timestamp::from_offset_date_time)
        .map_err(store_error)
}

fn opt_ts(row: &PgRow, column: &str) -> Result<Option<Timestamp>, StoreError> {
    row.try_get::<Option<OffsetDateTime>, _>(column)
        .map(|at| at.map(Timestamp::from_offset_date_time))
        .map_err(store_error)
}

pub(crate) const BUSINESS_ACCOUNT_COLUMNS: &str = "ba.id, ba.parent_id, ba.name, ba.description, \
    ba.industry_code, ba.registered_state_code, ba.contacts::text AS contacts, ba.verification_status, \
    ba.verification_reason, ba.verification_updated_at, ba.verification_updated_by_type, \
    ba.verification_updated_by_id, ba.sandbox, ba.created_at, ba.updated_at";

pub(crate) fn business_account(row: &PgRow) -> Result<BusinessAccountRecord, StoreError> {
    Ok(BusinessAccountRecord {
        id: col(row, "id")?,
        parent_id: col(row, "parent_id")?,
        name: col(row, "name")?,
        description: col(row, "description")?,
        industry_code: col(row, "industry_code")?,
        registered_state_code: col(row, "registered_state_code")?,
        contacts_json: col(row, "contacts")?,
        verification_status: col(row, "verification_status")?,
        verification_reason: col(row, "verification_reason")?,
        verification_updated_at: ts(row, "verification_updated_at")?,
        verification_updated_by_type: col(row, "verification_updated_by_type")?,
        verification_updated_by_id: col(row, "verification_updated_by_id")?,
        sandbox: col(row, "sandbox")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

pub(crate) const SERVICE_ACCOUNT_COLUMNS: &str =
    "id, business_account_id, name, role, api_key, disabled_at, created_at";

pub(crate) fn service_account(row: &PgRow) -> Result<ServiceAccountRecord, StoreError> {
    Ok(ServiceAccountRecord {
        id: col(row, "id")?,
        business_account_id: col(row, "business_account_id")?,
        name: col(row, "name")?,
        role: col(row, "role")?,
        api_key: col(row, "api_key")?,
        disabled_at: opt_ts(row, "disabled_at")?,
        created_at: ts(row, "created_at")?,
    })
}

pub(crate) const PRINCIPAL_COLUMNS: &str =
    "id, business_account_id, role, disabled_at IS NULL AS enabled";

pub(crate) fn principal(row: &PgRow) -> Result<PrincipalRecord, StoreError> {
    Ok(PrincipalRecord {
        id: col(row, "id")?,
        business_account_id: col(row, "business_account_id")?,
        role: col(row, "role")?,
        enabled: col(row, "enabled")?,
    })
}

pub(crate) fn financial_account(row: &PgRow) -> Result<FinancialAccountRow, StoreError> {
    Ok(FinancialAccountRow {
        id: col(row, "id")?,
        business_account_id: col(row, "business_account_id")?,
        parent_id: col(row, "parent_id")?,
        name: col(row, "name")?,
        search_name: col(row, "search_name")?,
        category: col(row, "category")?,
        account_type: col(row, "account_type")?,
        subtype: col(row, "subtype")?,
        default_flag: col(row, "default_flag")?,
        currency: col(row, "currency")?,
        holder_type: col(row, "holder_type")?,
        holder_id: col(row, "holder_id")?,
        customer_id: col(row, "customer_id")?,
        state: col(row, "state")?,
        account_number: col(row, "account_number")?,
        account_number_tail: col(row, "account_number_tail")?,
        fingerprint: col(row, "fingerprint")?,
        verification_status: col(row, "verification_status")?,
        verification_method: col(row, "verification_method")?,
        bank_name: col(row, "bank_name")?,
        routing_number: col(row, "routing_number")?,
        name_on_account: col(row, "name_on_account")?,
        bank_business_name: col(row, "bank_business_name")?,
        card_first_name: col(row, "card_first_name")?,
        card_middle_name: col(row, "card_middle_name")?,
        card_last_name: col(row, "card_last_name")?,
        card_expiry: col(row, "card_expiry")?,
        billing_address_line1: col(row, "billing_address_line1")?,
        billing_address_line2: col(row, "billing_address_line2")?,
        billing_address_line3: col(row, "billing_address_line3")?,
        billing_city: col(row, "billing_city")?,
        billing_state_code: col(row, "billing_state_code")?,
        billing_country_code: col(row, "billing_country_code")?,
        billing_postal_code: col(row, "billing_postal_code")?,
        created_by_type: col(row, "created_by_type")?,
        created_by_id: col(row, "created_by_id")?,
        created_at: ts(row, "created_at")?,
        updated_by_type: col(row, "updated_by_type")?,
        updated_by_id: col(row, "updated_by_id")?,
        updated_at: ts(row, "updated_at")?,
    })
}

pub(crate) fn customer_columns() -> String {
    let columns: Vec<String> = CustomerRow::CREATE_COLUMNS
        .iter()
        .chain(CustomerRow::MUTABLE_COLUMNS.iter())
        .map(|c| format!("c.{c}"))
        .collect();
    columns.join(", ")
}

pub(crate) fn customer(row: &PgRow) -> Result<CustomerRow, StoreError> {
    Ok(CustomerRow {
        id: col(row, "id")?,
        business_account_id: col(row, "business_account_id")?,
        customer_type: col(row, "customer_type")?,
        status: col(row, "status")?,
        external_id: col(row, "external_id")?,
        first_name: col(row, "first_name")?,
        middle_name: col(row, "middle_name")?,
        last_name: col(row, "last_name")?,
        phone_number: col(row, "phone_number")?,
        phone_type: col(row, "phone_type")?,
        phone_provider: col(row, "phone_provider")?,
        phone_extension: col(row, "phone_extension")?,
        phone_verified: col(row, "phone_verified")?,
        email: col(row, "email")?,
        email_verified: col(row, "email_verified")?,
        date_of_birth: col(row, "date_of_birth")?,
        business_name: col(row, "business_name")?,
        website: col(row, "website")?,
        metadata_json: col(row, "metadata")?,
        search_name: col(row, "search_name")?,
        search_email: col(row, "search_email")?,
        search_phone: col(row, "search_phone")?,
        search_phone_digits: col(row, "search_phone_digits")?,
        verification_status: col(row, "verification_status")?,
        verification_reason: col(row, "verification_reason")?,
        verification_updated_at: ts(row, "verification_updated_at")?,
        verification_updated_by_type: col(row, "verification_updated_by_type")?,
        verification_updated_by_id: col(row, "verification_updated_by_id")?,
        version: col(row, "version")?,
        created_by_type: col(row, "created_by_type")?,
        created_by_id: col(row, "created_by_id")?,
        created_at: ts(row, "created_at")?,
        updated_by_type: col(row, "updated_by_type")?,
        updated_by_id: col(row, "updated_by_id")?,
        updated_at: ts(row, "updated_at")?,
    })
}

pub(crate) const CONTACT_COLUMNS: &str = "business_account_id, customer_id, position, first_name, \
    middle_name, last_name, is_primary, phone_number, phone_type, phone_provider, phone_extension, \
    phone_verified, email, email_verified";

pub(crate) fn contact(row: &PgRow) -> Result<ContactRow, StoreError> {
    Ok(ContactRow {
        business_account_id: col(row, "business_account_id")?,
        customer_id: col(row, "customer_id")?,
        position: col(row, "position")?,
        first_name: col(row, "first_name")?,
        middle_name: col(row, "middle_name")?,
        last_name: col(row, "last_name")?,
        is_primary: col(row, "is_primary")?,
        phone_number: col(row, "phone_number")?,
        phone_type: col(row, "phone_type")?,
        phone_provider: col(row, "phone_provider")?,
        phone_extension: col(row, "phone_extension")?,
        phone_verified: col(row, "phone_verified")?,
        email: col(row, "email")?,
        email_verified: col(row, "email_verified")?,
    })
}

pub(crate) fn address(row: &PgRow, owner: AddressOwner) -> Result<AddressRow, StoreError> {
    Ok(AddressRow {
        business_account_id: col(row, "business_account_id")?,
        owner_id: col(row, owner.owner_column())?,
        position: col(row, "position")?,
        address_type: col(row, "address_type")?,
        name_first: col(row, "name_first")?,
        name_middle: col(row, "name_middle")?,
        name_last: col(row, "name_last")?,
        street_line1: col(row, "street_line1")?,
        street_line2: col(row, "street_line2")?,
        street_line3: col(row, "street_line3")?,
        street_line4: col(row, "street_line4")?,
        street_line5: col(row, "street_line5")?,
        apartment_number: col(row, "apartment_number")?,
        city_name: col(row, "city_name")?,
        state_code: col(row, "state_code")?,
        country_code: col(row, "country_code")?,
        zip_code: col(row, "zip_code")?,
        is_primary: col(row, "is_primary")?,
        search_city: col(row, "search_city")?,
        search_zip: col(row, "search_zip")?,
    })
}

pub(crate) fn beneficiary_columns() -> String {
    let columns: Vec<String> = BeneficiaryRow::CREATE_COLUMNS
        .iter()
        .chain(BeneficiaryRow::MUTABLE_COLUMNS.iter())
        .map(|c| format!("b.{c}"))
        .collect();
    columns.join(", ")
}

pub(crate) fn beneficiary(row: &PgRow) -> Result<BeneficiaryRow, StoreError> {
    Ok(BeneficiaryRow {
        id: col(row, "id")?,
        business_account_id: col(row, "business_account_id")?,
        customer_id: col(row, "customer_id")?,
        first_name: col(row, "first_name")?,
        middle_name: col(row, "middle_name")?,
        last_name: col(row, "last_name")?,
        sex: col(row, "sex")?,
        phone_number: col(row, "phone_number")?,
        phone_type: col(row, "phone_type")?,
        phone_provider: col(row, "phone_provider")?,
        phone_extension: col(row, "phone_extension")?,
        phone_verified: col(row, "phone_verified")?,
        email: col(row, "email")?,
        email_verified: col(row, "email_verified")?,
        date_of_birth: col(row, "date_of_birth")?,
        has_place_of_birth: col(row, "has_place_of_birth")?,
        place_of_birth_city: col(row, "place_of_birth_city")?,
        place_of_birth_country_code: col(row, "place_of_birth_country_code")?,
        social_id: col(row, "social_id")?,
        social_id_country_code: col(row, "social_id_country_code")?,
        citizenship_country_code: col(row, "citizenship_country_code")?,
        title: col(row, "title")?,
        ownership_percentage: col(row, "ownership_percentage")?,
        controller: col(row, "controller")?,
        verification_status: col(row, "verification_status")?,
        verification_reason: col(row, "verification_reason")?,
        verification_updated_at: ts(row, "verification_updated_at")?,
        verification_updated_by_type: col(row, "verification_updated_by_type")?,
        verification_updated_by_id: col(row, "verification_updated_by_id")?,
        version: col(row, "version")?,
        created_by_type: col(row, "created_by_type")?,
        created_by_id: col(row, "created_by_id")?,
        created_at: ts(row, "created_at")?,
        updated_by_type: col(row, "updated_by_type")?,
        updated_by_id: col(row, "updated_by_id")?,
        updated_at: ts(row, "updated_at")?,
    })
}
