//! The transaction-limit storage trait: reading and changing the limits of a Customer or a
//! Financial Account, and what their windows have used; Business Account limits.

use crate::StoreError;
use async_trait::async_trait;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{
    BusinessAccountLimits, LimitAmount, LimitScope, LimitType, LimitUsage, TransactionLimit,
};
use uuid::Uuid;

/// Transaction limits (reference §8). Enforcement is part of creating a transaction.
#[async_trait]
pub trait LimitStore: Send + Sync {
    /// The limits of `scope`'s Customer or Financial Account `scope_id`, ordered by currency,
    /// then type. [`StoreError::NotFound`] when `scope` has no such live Customer or account.
    async fn list_limits(
        &self,
        scope: BusinessAccountId,
        scope_type: LimitScope,
        scope_id: Uuid,
    ) -> Result<Vec<TransactionLimit>, StoreError>;

    /// Sets the amount of each limit named, all or nothing (the limits locked in id order);
    /// the limits as updated, in the order given. [`StoreError::NotFound`] when one is not
    /// `scope`'s.
    async fn update_limits(
        &self,
        scope: BusinessAccountId,
        amounts_minor: &[(Uuid, i64)],
        at: Timestamp,
    ) -> Result<Vec<TransactionLimit>, StoreError>;

    /// The limits of `scope_id` (as [`Self::list_limits`]) with what the windows containing
    /// `at` have used.
    async fn limit_usage(
        &self,
        scope: BusinessAccountId,
        scope_type: LimitScope,
        scope_id: Uuid,
        at: Timestamp,
    ) -> Result<Vec<LimitUsage>, StoreError>;

    /// The Business Account limits of `target` and then of each of its ancestors, nearest
    /// first, with what the windows containing `at` have used. [`StoreError::NotFound`] when
    /// `target` is not `scope` or one of its descendants.
    async fn business_account_limits(
        &self,
        scope: BusinessAccountId,
        target: BusinessAccountId,
        at: Timestamp,
    ) -> Result<Vec<BusinessAccountLimits>, StoreError>;

    /// Sets (creates or changes) a limit of Business Account `target` (an operator's act, not
    /// scoped to a caller). [`StoreError::NotFound`] when there is no such Business Account.
    async fn set_business_account_limit(
        &self,
        target: BusinessAccountId,
        limit: LimitAmount,
        at: Timestamp,
    ) -> Result<TransactionLimit, StoreError>;

    /// Removes a limit of Business Account `target`, with the usage its windows counted.
    /// [`StoreError::NotFound`] when it has no such limit.
    async fn remove_business_account_limit(
        &self,
        target: BusinessAccountId,
        limit_type: LimitType,
        currency: Currency,
    ) -> Result<(), StoreError>;
}
