//! Business Accounts, Service Accounts and their principals, Financial Accounts and their
//! agreements: columns, values and decoders.

use super::Columns;
use super::qualified;
use crate::StoreError;
use crate::db::{Row, Value};
use crate::records::{
    AgreementRow, BusinessAccountRecord, FinancialAccountRow, PrincipalRecord, ServiceAccountRecord,
};
use std::sync::LazyLock;

// ---- Business Accounts ----------------------------------------------------------------------

pub(crate) const BUSINESS_ACCOUNT_COLUMNS: [&str; 15] = [
    "id",
    "parent_id",
    "name",
    "description",
    "industry_code",
    "registered_state_code",
    "contacts",
    "verification_status",
    "verification_reason",
    "verification_updated_at",
    "verification_updated_by_type",
    "verification_updated_by_id",
    "sandbox",
    "created_at",
    "updated_at",
];

/// `ba.…` select list of a Business Account.
pub(crate) static BUSINESS_ACCOUNT_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("ba", &BUSINESS_ACCOUNT_COLUMNS));

pub(crate) fn business_account(row: &dyn Row) -> Result<BusinessAccountRecord, StoreError> {
    let mut c = Columns::new(row);
    Ok(BusinessAccountRecord {
        id: c.uuid()?,
        parent_id: c.opt_uuid()?,
        name: c.text()?,
        description: c.opt_text()?,
        industry_code: c.opt_text()?,
        registered_state_code: c.opt_text()?,
        contacts_json: c.text()?,
        verification_status: c.text()?,
        verification_reason: c.opt_text()?,
        verification_updated_at: c.timestamp()?,
        verification_updated_by_type: c.text()?,
        verification_updated_by_id: c.opt_uuid()?,
        sandbox: c.bool()?,
        created_at: c.timestamp()?,
        updated_at: c.timestamp()?,
    })
}

pub(crate) fn business_account_values(row: &BusinessAccountRecord) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.parent_id.into(),
        (&row.name).into(),
        (&row.description).into(),
        (&row.industry_code).into(),
        (&row.registered_state_code).into(),
        Value::Json(&row.contacts_json),
        (&row.verification_status).into(),
        (&row.verification_reason).into(),
        row.verification_updated_at.into(),
        (&row.verification_updated_by_type).into(),
        row.verification_updated_by_id.into(),
        row.sandbox.into(),
        row.created_at.into(),
        row.updated_at.into(),
    ]
}

// ---- Service Accounts -----------------------------------------------------------------------

pub(crate) const SERVICE_ACCOUNT_SELECT: &str =
    "id, business_account_id, name, role, api_key, disabled_at, created_at";

pub(crate) fn service_account(row: &dyn Row) -> Result<ServiceAccountRecord, StoreError> {
    let mut c = Columns::new(row);
    Ok(ServiceAccountRecord {
        id: c.uuid()?,
        business_account_id: c.uuid()?,
        name: c.text()?,
        role: c.text()?,
        api_key: c.text()?,
        disabled_at: c.opt_timestamp()?,
        created_at: c.timestamp()?,
    })
}

pub(crate) const PRINCIPAL_SELECT: &str =
    "id, business_account_id, role, disabled_at IS NULL AS enabled";

pub(crate) fn principal(row: &dyn Row) -> Result<PrincipalRecord, StoreError> {
    let mut c = Columns::new(row);
    Ok(PrincipalRecord {
        id: c.uuid()?,
        business_account_id: c.uuid()?,
        role: c.text()?,
        enabled: c.bool()?,
    })
}

// ---- Financial Accounts ---------------------------------------------------------------------

/// `fa.…` select list of a Financial Account, in [`FinancialAccountRow::COLUMNS`] order.
pub(crate) static FINANCIAL_ACCOUNT_SELECT: LazyLock<String> =
    LazyLock::new(|| qualified("fa", &FinancialAccountRow::COLUMNS));

pub(crate) fn financial_account(row: &dyn Row) -> Result<FinancialAccountRow, StoreError> {
    let mut c = Columns::new(row);
    Ok(FinancialAccountRow {
        id: c.uuid()?,
        business_account_id: c.uuid()?,
        parent_id: c.opt_uuid()?,
        name: c.text()?,
        search_name: c.text()?,
        category: c.text()?,
        account_type: c.text()?,
        subtype: c.text()?,
        default_flag: c.bool()?,
        currency: c.text()?,
        holder_type: c.text()?,
        holder_id: c.opt_uuid()?,
        customer_id: c.opt_uuid()?,
        state: c.text()?,
        account_number: c.opt_text()?,
        account_number_tail: c.text()?,
        fingerprint: c.opt_bytes()?,
        verification_status: c.text()?,
        verification_method: c.opt_text()?,
        bank_name: c.opt_text()?,
        routing_number: c.opt_text()?,
        name_on_account: c.opt_text()?,
        bank_business_name: c.opt_text()?,
        card_first_name: c.opt_text()?,
        card_middle_name: c.opt_text()?,
        card_last_name: c.opt_text()?,
        card_expiry: c.opt_text()?,
        billing_address_line1: c.opt_text()?,
        billing_address_line2: c.opt_text()?,
        billing_address_line3: c.opt_text()?,
        billing_city: c.opt_text()?,
        billing_state_code: c.opt_text()?,
        billing_country_code: c.opt_text()?,
        billing_postal_code: c.opt_text()?,
        created_by_type: c.text()?,
        created_by_id: c.opt_uuid()?,
        created_at: c.timestamp()?,
        updated_by_type: c.text()?,
        updated_by_id: c.opt_uuid()?,
        updated_at: c.timestamp()?,
    })
}

pub(crate) fn financial_account_values(row: &FinancialAccountRow) -> Vec<Value<'_>> {
    vec![
        row.id.into(),
        row.business_account_id.into(),
        row.parent_id.into(),
        (&row.name).into(),
        (&row.search_name).into(),
        (&row.category).into(),
        (&row.account_type).into(),
        (&row.subtype).into(),
        row.default_flag.into(),
        (&row.currency).into(),
        (&row.holder_type).into(),
        row.holder_id.into(),
        row.customer_id.into(),
        (&row.state).into(),
        (&row.account_number).into(),
        (&row.account_number_tail).into(),
        (&row.fingerprint).into(),
        (&row.verification_status).into(),
        (&row.verification_method).into(),
        (&row.bank_name).into(),
        (&row.routing_number).into(),
        (&row.name_on_account).into(),
        (&row.bank_business_name).into(),
        (&row.card_first_name).into(),
        (&row.card_middle_name).into(),
        (&row.card_last_name).into(),
        (&row.card_expiry).into(),
        (&row.billing_address_line1).into(),
        (&row.billing_address_line2).into(),
        (&row.billing_address_line3).into(),
        (&row.billing_city).into(),
        (&row.billing_state_code).into(),
        (&row.billing_country_code).into(),
        (&row.billing_postal_code).into(),
        (&row.created_by_type).into(),
        row.created_by_id.into(),
        row.created_at.into(),
        (&row.updated_by_type).into(),
        row.updated_by_id.into(),
        row.updated_at.into(),
    ]
}

pub(crate) const AGREEMENT_COLUMNS: [&str; 7] = [
    "business_account_id",
    "financial_account_id",
    "position",
    "document_id",
    "document_version",
    "accepted",
    "responded_at",
];

pub(crate) fn agreement_values(row: &AgreementRow) -> Vec<Value<'_>> {
    vec![
        row.business_account_id.into(),
        row.financial_account_id.into(),
        row.position.into(),
        (&row.document_id).into(),
        (&row.document_version).into(),
        row.accepted.into(),
        row.responded_at.into(),
    ]
}

/// `(id, secret_sha256)` bytes as stored.
pub(crate) fn secret_hash(bytes: Vec<u8>) -> Result<[u8; 32], StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Other("a stored secret has the wrong length".into()))
}
