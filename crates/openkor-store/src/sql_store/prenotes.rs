//! ACH prenote verification of external bank accounts: the request that starts prenotes and
//! the rail step that completes one. Each change of an account's verification status writes
//! its `account.verification-status-updated` event to the outbox in the same db transaction.
//!
//! A due prenote is claimed like a rail step (PostgreSQL: `FOR UPDATE … SKIP LOCKED`), so with
//! several servers exactly one completes it, and one that dies mid-step loses nothing.

use super::SqlStore;
use super::financial_accounts::lock_live;
use super::outbox::{self, OutboxEvent};
use crate::db::{Backend, Conn, Row};
use crate::{PrenoteRequest, StoreError, VerificationStore, params};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::prenote::{prenote_refusal, starts_prenote};
use openkor_domain::financial_account::{
    AccountVerificationStatus, FinancialAccount, VerificationMethod,
};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde_json::json;
use std::collections::BTreeMap;

/// The event type that reports a verification status change.
const EVENT_TYPE: &str = "account.verification-status-updated";

/// Locks every account of the request, in id order so concurrent requests never deadlock;
/// the accounts by id, or the request's accounts that cannot be verified.
async fn lock_verifiable<C: Conn>(
    conn: &mut C,
    request: &PrenoteRequest,
) -> Result<Result<BTreeMap<FinancialAccountId, FinancialAccount>, ValidationErrors>, StoreError> {
    let mut accounts = BTreeMap::new();
    let mut ordered = request.ids.clone();
    ordered.sort_by_key(|id| id.as_uuid());
    ordered.dedup();
    for id in ordered {
        accounts.insert(id, lock_live(conn, request.scope, id).await?);
    }
    let mut errors = ValidationErrors::new();
    for (index, id) in request.ids.iter().enumerate() {
        if let Some(reason) = accounts.get(id).and_then(prenote_refusal) {
            let path = format!("financialAccountIds[{index}]");
            errors.push(FieldError::new(path, FieldErrorCode::InvalidValue, reason));
        }
    }
    Ok(errors.finish(accounts))
}

/// Sets the verification status of `account` (in the database and in `account`), with its
/// event.
async fn set_status<C: Conn>(
    conn: &mut C,
    account: &mut FinancialAccount,
    status: AccountVerificationStatus,
    by: Actor,
    at: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE financial_accounts SET verification_status = $3, verification_method = 'PRENOTE', \
         updated_at = $4, updated_by_type = $5, updated_by_id = $6 \
         WHERE business_account_id = $1 AND id = $2",
        &params![
            account.business_account_id.as_uuid(),
            account.id.as_uuid(),
            status.code(),
            at,
            by.kind.code(),
            by.id
        ],
    )
    .await?;
    account.verification_status = status;
    account.verification_method = Some(VerificationMethod::Prenote);
    account.updated_at = at;
    account.updated_by = by;
    write_event(conn, account, status, at).await
}

/// `account.verification-status-updated` (reference §12): the holder-based fields, plus the
/// account itself.
async fn write_event<C: Conn>(
    conn: &mut C,
    account: &FinancialAccount,
    status: AccountVerificationStatus,
    at: Timestamp,
) -> Result<(), StoreError> {
    let scope = account.business_account_id;
    let (holder_id, holder_type) = match account.holder.customer() {
        Some(customer) => (
            customer.to_string(),
            customer_kind(conn, scope, customer.as_uuid()).await?,
        ),
        None => (scope.to_string(), "BUSINESS".to_owned()),
    };
    let payload = json!({
        "businessAccountId": scope.to_string(),
        "holderId": holder_id,
        "holderType": holder_type,
        "financialAccountId": account.id.to_string(),
        "verificationStatus": status.code(),
    })
    .to_string();
    let event = OutboxEvent {
        kind: EVENT_TYPE,
        resource_id: account.id.as_uuid(),
        payload,
    };
    outbox::write_events(conn, scope.as_uuid(), &[event], at).await
}

/// `INDIVIDUAL_CUSTOMER` or `BUSINESS_CUSTOMER`, as the reference's sample names holders.
async fn customer_kind<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    customer: uuid::Uuid,
) -> Result<String, StoreError> {
    let kind = conn
        .query_one(
            "SELECT customer_type FROM customers WHERE business_account_id = $1 AND id = $2",
            &params![scope.as_uuid(), customer],
            &mut |row: &dyn Row| row.text(0),
        )
        .await?;
    Ok(format!("{kind}_CUSTOMER"))
}

async fn request<C: Conn>(
    conn: &mut C,
    request: &PrenoteRequest,
) -> Result<Result<Vec<FinancialAccount>, ValidationErrors>, StoreError> {
    let mut accounts = match lock_verifiable(conn, request).await? {
        Ok(accounts) => accounts,
        Err(errors) => return Ok(Err(errors)),
    };
    for account in accounts.values_mut() {
        if !starts_prenote(account.verification_status) {
            continue;
        }
        conn.execute(
            "INSERT INTO prenote_verifications (financial_account_id, business_account_id, requested_at, \
             due_at, completed_at, requested_by_type, requested_by_id) VALUES ($1, $2, $3, $4, NULL, $5, $6) \
             ON CONFLICT (financial_account_id) DO UPDATE SET requested_at = $3, due_at = $4, \
             completed_at = NULL, requested_by_type = $5, requested_by_id = $6",
            &params![
                account.id.as_uuid(),
                request.scope.as_uuid(),
                request.at,
                request.due_at,
                request.by.kind.code(),
                request.by.id
            ],
        )
        .await?;
        let pending = AccountVerificationStatus::Pending;
        set_status(conn, account, pending, request.by, request.at).await?;
    }
    // Each account as it now stands, in the request's order.
    Ok(Ok(request
        .ids
        .iter()
        .filter_map(|id| accounts.get(id).cloned())
        .collect()))
}

async fn complete<C: Conn>(
    conn: &mut C,
    id: FinancialAccountId,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let sql = format!(
        "SELECT p.business_account_id FROM prenote_verifications p WHERE p.financial_account_id = $1 \
         AND p.completed_at IS NULL AND p.due_at <= $2{}",
        conn.dialect().claim("p")
    );
    let scope = conn
        .query_opt(&sql, &params![id.as_uuid(), now], &mut |row: &dyn Row| {
            Ok(BusinessAccountId::from_uuid(row.uuid(0)?))
        })
        .await?;
    let Some(scope) = scope else {
        return Ok(false);
    };
    conn.execute(
        "UPDATE prenote_verifications SET completed_at = $2 WHERE financial_account_id = $1",
        &params![id.as_uuid(), now],
    )
    .await?;
    // An account deleted while its prenote ran has nothing left to approve.
    match lock_live(conn, scope, id).await {
        Ok(mut account) => {
            let approved = AccountVerificationStatus::Approved;
            set_status(conn, &mut account, approved, Actor::INTERNAL, now).await?;
        }
        Err(StoreError::NotFound) => {}
        Err(error) => return Err(error),
    }
    Ok(true)
}

#[async_trait::async_trait]
impl<B: Backend> VerificationStore for SqlStore<B> {
    async fn request_prenotes(
        &self,
        prenotes: &PrenoteRequest,
    ) -> Result<Result<Vec<FinancialAccount>, ValidationErrors>, StoreError> {
        let prenotes = prenotes.clone();
        self.backend
            .write(move |conn| Box::pin(async move { request(conn, &prenotes).await }))
            .await
    }

    async fn due_prenotes(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<FinancialAccountId>, StoreError> {
        self.backend
            .read(move |conn| {
                Box::pin(async move {
                    conn.query(
                        "SELECT financial_account_id FROM prenote_verifications \
                         WHERE completed_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2",
                        &params![now, i64::from(limit)],
                        &mut |row: &dyn Row| Ok(FinancialAccountId::from_uuid(row.uuid(0)?)),
                    )
                    .await
                })
            })
            .await
    }

    async fn complete_prenote(
        &self,
        id: FinancialAccountId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.backend
            .write(move |conn| Box::pin(async move { complete(conn, id, now).await }))
            .await
    }
}
