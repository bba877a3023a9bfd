//! Decoding PostgreSQL rows into the shared records.

use crate::error::store_error;
use openkor_domain::clock::Timestamp;
use openkor_store::StoreError;
use openkor_store::records::{
    BusinessAccountRecord, FinancialAccountRecord, PrincipalRecord, ServiceAccountRecord,
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

pub(crate) const FINANCIAL_ACCOUNT_COLUMNS: &str = "fa.id, fa.business_account_id, fa.parent_id, \
    fa.name, fa.category, fa.account_type, fa.subtype, fa.default_flag, fa.currency, \
    fa.holder_type, fa.holder_id, fa.state, fa.account_number, fa.created_by_type, \
    fa.created_by_id, fa.created_at, fa.updated_by_type, fa.updated_by_id, fa.updated_at";

pub(crate) fn financial_account(row: &PgRow) -> Result<FinancialAccountRecord, StoreError> {
    Ok(FinancialAccountRecord {
        id: col(row, "id")?,
        business_account_id: col(row, "business_account_id")?,
        parent_id: col(row, "parent_id")?,
        name: col(row, "name")?,
        category: col(row, "category")?,
        account_type: col(row, "account_type")?,
        subtype: col(row, "subtype")?,
        default_flag: col(row, "default_flag")?,
        currency: col(row, "currency")?,
        holder_type: col(row, "holder_type")?,
        holder_id: col(row, "holder_id")?,
        state: col(row, "state")?,
        account_number: col(row, "account_number")?,
        created_by_type: col(row, "created_by_type")?,
        created_by_id: col(row, "created_by_id")?,
        created_at: ts(row, "created_at")?,
        updated_by_type: col(row, "updated_by_type")?,
        updated_by_id: col(row, "updated_by_id")?,
        updated_at: ts(row, "updated_at")?,
    })
}
