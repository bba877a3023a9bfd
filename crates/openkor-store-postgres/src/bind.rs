//! Binding shared records and filter values to PostgreSQL statements, in the column order the
//! records declare.

use openkor_store::records::{
    AddressRow, AgreementRow, BeneficiaryRow, ContactRow, CustomerRow, FinancialAccountRow,
};
use openkor_store::sql::SqlValue;
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;

pub(crate) type PgQuery<'q> = Query<'q, Postgres, PgArguments>;

/// PostgreSQL's numbered placeholder.
pub(crate) fn placeholder(n: usize) -> String {
    format!("${n}")
}

pub(crate) fn values<'q>(mut query: PgQuery<'q>, values: &[SqlValue]) -> PgQuery<'q> {
    for value in values {
        query = match value {
            SqlValue::Text(text) => query.bind(text.clone()),
            SqlValue::Uuid(id) => query.bind(*id),
            SqlValue::Timestamp(at) => query.bind(at.to_offset_date_time()),
        };
    }
    query
}

/// Binds `CustomerRow::MUTABLE_COLUMNS`, in order.
pub(crate) fn customer_mutable<'q>(query: PgQuery<'q>, row: &CustomerRow) -> PgQuery<'q> {
    query
        .bind(row.customer_type.clone())
        .bind(row.status.clone())
        .bind(row.external_id.clone())
        .bind(row.first_name.clone())
        .bind(row.middle_name.clone())
        .bind(row.last_name.clone())
        .bind(row.phone_number.clone())
        .bind(row.phone_type.clone())
        .bind(row.phone_provider.clone())
        .bind(row.phone_extension.clone())
        .bind(row.phone_verified)
        .bind(row.email.clone())
        .bind(row.email_verified)
        .bind(row.date_of_birth)
        .bind(row.business_name.clone())
        .bind(row.website.clone())
        .bind(row.metadata_json.clone())
        .bind(row.search_name.clone())
        .bind(row.search_email.clone())
        .bind(row.search_phone.clone())
        .bind(row.search_phone_digits.clone())
        .bind(row.verification_status.clone())
        .bind(row.verification_reason.clone())
        .bind(row.verification_updated_at.to_offset_date_time())
        .bind(row.verification_updated_by_type.clone())
        .bind(row.verification_updated_by_id)
        .bind(row.version)
        .bind(row.updated_by_type.clone())
        .bind(row.updated_by_id)
        .bind(row.updated_at.to_offset_date_time())
}

/// Binds `CustomerRow::CREATE_COLUMNS`, in order.
pub(crate) fn customer_create<'q>(query: PgQuery<'q>, row: &CustomerRow) -> PgQuery<'q> {
    query
        .bind(row.id)
        .bind(row.business_account_id)
        .bind(row.created_by_type.clone())
        .bind(row.created_by_id)
        .bind(row.created_at.to_offset_date_time())
}

/// Binds every contact column, in `CONTACT_COLUMNS` order.
pub(crate) fn contact<'q>(query: PgQuery<'q>, row: &ContactRow) -> PgQuery<'q> {
    query
        .bind(row.business_account_id)
        .bind(row.customer_id)
        .bind(row.position)
        .bind(row.first_name.clone())
        .bind(row.middle_name.clone())
        .bind(row.last_name.clone())
        .bind(row.is_primary)
        .bind(row.phone_number.clone())
        .bind(row.phone_type.clone())
        .bind(row.phone_provider.clone())
        .bind(row.phone_extension.clone())
        .bind(row.phone_verified)
        .bind(row.email.clone())
        .bind(row.email_verified)
}

/// Binds `business_account_id`, the owner id, then `AddressRow::COLUMNS_AFTER_OWNER`.
pub(crate) fn address<'q>(query: PgQuery<'q>, row: &AddressRow) -> PgQuery<'q> {
    query
        .bind(row.business_account_id)
        .bind(row.owner_id)
        .bind(row.position)
        .bind(row.address_type.clone())
        .bind(row.name_first.clone())
        .bind(row.name_middle.clone())
        .bind(row.name_last.clone())
        .bind(row.street_line1.clone())
        .bind(row.street_line2.clone())
        .bind(row.street_line3.clone())
        .bind(row.street_line4.clone())
        .bind(row.street_line5.clone())
        .bind(row.apartment_number.clone())
        .bind(row.city_name.clone())
        .bind(row.state_code.clone())
        .bind(row.country_code.clone())
        .bind(row.zip_code.clone())
        .bind(row.is_primary)
        .bind(row.search_city.clone())
        .bind(row.search_zip.clone())
}

/// Binds `BeneficiaryRow::MUTABLE_COLUMNS`, in order.
pub(crate) fn beneficiary_mutable<'q>(query: PgQuery<'q>, row: &BeneficiaryRow) -> PgQuery<'q> {
    query
        .bind(row.first_name.clone())
        .bind(row.middle_name.clone())
        .bind(row.last_name.clone())
        .bind(row.sex.clone())
        .bind(row.phone_number.clone())
        .bind(row.phone_type.clone())
        .bind(row.phone_provider.clone())
        .bind(row.phone_extension.clone())
        .bind(row.phone_verified)
        .bind(row.email.clone())
        .bind(row.email_verified)
        .bind(row.date_of_birth)
        .bind(row.has_place_of_birth)
        .bind(row.place_of_birth_city.clone())
        .bind(row.place_of_birth_country_code.clone())
        .bind(row.social_id.clone())
        .bind(row.social_id_country_code.clone())
        .bind(row.citizenship_country_code.clone())
        .bind(row.title.clone())
        .bind(row.ownership_percentage.clone())
        .bind(row.controller)
        .bind(row.verification_status.clone())
        .bind(row.verification_reason.clone())
        .bind(row.verification_updated_at.to_offset_date_time())
        .bind(row.verification_updated_by_type.clone())
        .bind(row.verification_updated_by_id)
        .bind(row.version)
        .bind(row.updated_by_type.clone())
        .bind(row.updated_by_id)
        .bind(row.updated_at.to_offset_date_time())
}

/// Binds `BeneficiaryRow::CREATE_COLUMNS`, in order.
pub(crate) fn beneficiary_create<'q>(query: PgQuery<'q>, row: &BeneficiaryRow) -> PgQuery<'q> {
    query
        .bind(row.id)
        .bind(row.business_account_id)
        .bind(row.customer_id)
        .bind(row.created_by_type.clone())
        .bind(row.created_by_id)
        .bind(row.created_at.to_offset_date_time())
}

/// Binds `FinancialAccountRow::COLUMNS`, in order.
pub(crate) fn financial_account<'q>(query: PgQuery<'q>, row: &FinancialAccountRow) -> PgQuery<'q> {
    query
        .bind(row.id)
        .bind(row.business_account_id)
        .bind(row.parent_id)
        .bind(row.name.clone())
        .bind(row.search_name.clone())
        .bind(row.category.clone())
        .bind(row.account_type.clone())
        .bind(row.subtype.clone())
        .bind(row.default_flag)
        .bind(row.currency.clone())
        .bind(row.holder_type.clone())
        .bind(row.holder_id)
        .bind(row.customer_id)
        .bind(row.state.clone())
        .bind(row.account_number.clone())
        .bind(row.account_number_tail.clone())
        .bind(row.fingerprint.clone())
        .bind(row.verification_status.clone())
        .bind(row.verification_method.clone())
        .bind(row.bank_name.clone())
        .bind(row.routing_number.clone())
        .bind(row.name_on_account.clone())
        .bind(row.bank_business_name.clone())
        .bind(row.card_first_name.clone())
        .bind(row.card_middle_name.clone())
        .bind(row.card_last_name.clone())
        .bind(row.card_expiry.clone())
        .bind(row.billing_address_line1.clone())
        .bind(row.billing_address_line2.clone())
        .bind(row.billing_address_line3.clone())
        .bind(row.billing_city.clone())
        .bind(row.billing_state_code.clone())
        .bind(row.billing_country_code.clone())
        .bind(row.billing_postal_code.clone())
        .bind(row.created_by_type.clone())
        .bind(row.created_by_id)
        .bind(row.created_at.to_offset_date_time())
        .bind(row.updated_by_type.clone())
        .bind(row.updated_by_id)
        .bind(row.updated_at.to_offset_date_time())
}

/// The columns of an agreement row, in binding order.
pub(crate) const AGREEMENT_COLUMNS: [&str; 7] = [
    "business_account_id",
    "financial_account_id",
    "position",
    "document_id",
    "document_version",
    "accepted",
    "responded_at",
];

/// Binds `AGREEMENT_COLUMNS`, in order.
pub(crate) fn agreement<'q>(query: PgQuery<'q>, row: &AgreementRow) -> PgQuery<'q> {
    query
        .bind(row.business_account_id)
        .bind(row.financial_account_id)
        .bind(row.position)
        .bind(row.document_id.clone())
        .bind(row.document_version.clone())
        .bind(row.accepted)
        .bind(row.responded_at.to_offset_date_time())
}
