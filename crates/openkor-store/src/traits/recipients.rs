//! The Recipient storage trait. Deleted Recipients are invisible to every read.

use crate::StoreError;
use async_trait::async_trait;
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId, RecipientId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::recipient::{Recipient, RecipientFilter, RecipientSortField};

/// Recipients (reference §10).
#[async_trait]
pub trait RecipientStore: Send + Sync {
    /// Inserts a Recipient.
    async fn create_recipient(&self, recipient: &Recipient) -> Result<(), StoreError>;

    /// The live Recipient `id` of `scope`.
    async fn get_recipient(
        &self,
        scope: BusinessAccountId,
        id: RecipientId,
    ) -> Result<Recipient, StoreError>;

    /// Rewrites a Recipient if its version is still `expected_version` ([`StoreError::Stale`]
    /// otherwise, [`StoreError::NotFound`] when it is gone).
    async fn update_recipient(
        &self,
        recipient: &Recipient,
        expected_version: i64,
    ) -> Result<(), StoreError>;

    /// Deletes a Recipient and all its Financial Accounts, or refuses
    /// ([`StoreError::Refused`]) while a transaction to one of them is not final.
    async fn delete_recipient(
        &self,
        scope: BusinessAccountId,
        id: RecipientId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// One page of `scope`'s live Recipients matching `filter`.
    async fn list_recipients(
        &self,
        scope: BusinessAccountId,
        filter: &RecipientFilter,
        request: &PageRequest<RecipientSortField>,
    ) -> Result<Page<Recipient>, StoreError>;

    /// The card `card` an STP transaction paid and its Recipient, as they are now, deleted or
    /// not (a replayed STP call answers with them).
    async fn stp_payee(
        &self,
        scope: BusinessAccountId,
        card: FinancialAccountId,
    ) -> Result<(Recipient, FinancialAccount), StoreError>;
}
