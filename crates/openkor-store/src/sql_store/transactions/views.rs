//! The accounts a transaction names, as its rules see them, read in one statement.

use crate::StoreError;
use crate::db::{Conn, Row};
use crate::params;
use crate::records::parse_code;
use openkor_domain::financial_account::{
    AccountHolder, AccountState, AccountType, AccountVerificationStatus, Category, Subtype,
};
use openkor_domain::ids::{BusinessAccountId, CustomerId, FinancialAccountId, RecipientId};
use openkor_domain::transaction::AccountView;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use std::collections::HashMap;

const VIEWS: &str = "SELECT fa.id, fa.category, fa.account_type, fa.subtype, fa.currency, fa.state, \
    fa.holder_type, fa.holder_id, coalesce(c.status, r.state), fa.verification_status, \
    fa.billing_address_line1, fa.account_number_tail \
    FROM financial_accounts fa \
    LEFT JOIN customers c ON c.business_account_id = fa.business_account_id AND c.id = fa.customer_id \
    LEFT JOIN recipients r ON fa.holder_type = 'RECIPIENT' \
      AND r.business_account_id = fa.business_account_id AND r.id = fa.holder_id \
    WHERE fa.business_account_id = $1 AND fa.id IN ($2, $3) AND fa.deleted_at IS NULL";

/// The live accounts among `ids` (one or two) of `scope`, by id.
pub(super) async fn load_views<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: &[FinancialAccountId],
) -> Result<HashMap<FinancialAccountId, AccountView>, StoreError> {
    let first = ids.first().copied().ok_or(StoreError::NotFound)?;
    let second = ids.get(1).copied().unwrap_or(first);
    let views = conn
        .query(
            VIEWS,
            &params![scope.as_uuid(), first.as_uuid(), second.as_uuid()],
            &mut decode,
        )
        .await?;
    Ok(views.into_iter().map(|view| (view.id, view)).collect())
}

fn decode(row: &dyn Row) -> Result<AccountView, StoreError> {
    let holder = match (row.text(6)?.as_str(), row.opt_uuid(7)?) {
        ("CUSTOMER", Some(id)) => AccountHolder::Customer(CustomerId::from_uuid(id)),
        ("RECIPIENT", Some(id)) => AccountHolder::Recipient(RecipientId::from_uuid(id)),
        _ => AccountHolder::BusinessAccount,
    };
    Ok(AccountView {
        id: FinancialAccountId::from_uuid(row.uuid(0)?),
        category: parse_code("category", &row.text(1)?, Category::from_code)?,
        account_type: parse_code("account type", &row.text(2)?, AccountType::from_code)?,
        subtype: parse_code("subtype", &row.text(3)?, Subtype::from_code)?,
        currency: parse_code("currency", &row.text(4)?, |t| t.parse().ok())?,
        state: parse_code("state", &row.text(5)?, AccountState::from_code)?,
        holder,
        holder_suspended: row.opt_text(8)?.is_some_and(|status| status != "ACTIVE"),
        verification_status: parse_code(
            "verification status",
            &row.text(9)?,
            AccountVerificationStatus::from_code,
        )?,
        has_billing_address: row.opt_text(10)?.is_some(),
        account_number_tail: row.text(11)?,
    })
}

/// Locks (PostgreSQL, shared) the Recipients holding any of `ids`, so none is suspended or
/// deleted until this db transaction ends; the views read afterwards see their latest state.
pub(super) async fn lock_recipient_holders<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: &[FinancialAccountId],
) -> Result<(), StoreError> {
    let first = ids.first().copied().ok_or(StoreError::NotFound)?;
    let second = ids.get(1).copied().unwrap_or(first);
    let sql = format!(
        "SELECT r.id FROM recipients r JOIN financial_accounts fa \
           ON fa.business_account_id = r.business_account_id AND fa.holder_id = r.id \
         WHERE fa.business_account_id = $1 AND fa.id IN ($2, $3) AND fa.holder_type = 'RECIPIENT' \
         ORDER BY r.id{}",
        conn.dialect().for_share_of("r")
    );
    conn.query(
        &sql,
        &params![scope.as_uuid(), first.as_uuid(), second.as_uuid()],
        &mut |row: &dyn Row| row.uuid(0),
    )
    .await
    .map(|_| ())
}

/// The field error for an account id the caller cannot see.
pub(super) fn unknown_account(path: &str) -> FieldError {
    FieldError::new(
        path,
        FieldErrorCode::NotFound,
        "no financial account of this Business Account has this id",
    )
}
