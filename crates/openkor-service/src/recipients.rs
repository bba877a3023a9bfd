//! Recipient use cases: create, read, update (merge, and `state` to suspend or unsuspend),
//! delete (with its Financial Accounts), list.

use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::{UPDATE_ATTEMPTS_MAX, actor_of};
use openkor_domain::clock::Clock;
use openkor_domain::ids::RecipientId;
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::patch::Patch;
use openkor_domain::recipient::{
    Recipient, RecipientDraft, RecipientFilter, RecipientSortField, RecipientState,
};
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use openkor_store::{Store, StoreError};
use std::sync::Arc;
use time::Date;

const RECIPIENT: &str = "recipient";

/// What a `PUT /v1/recipients/{id}` asks for: profile fields to merge, and a state.
#[derive(Clone, Debug, Default)]
pub struct RecipientUpdate {
    /// Profile fields (absent keeps, `null` clears an optional one).
    pub draft: RecipientDraft,
    /// `ACTIVE` or `SUSPENDED`, as given.
    pub state: Patch<String>,
}

fn parse_state(state: &Patch<String>) -> Result<Option<RecipientState>, ValidationErrors> {
    match state {
        Patch::Absent => Ok(None),
        Patch::Value(code) => RecipientState::from_code(code).map(Some).ok_or_else(|| {
            FieldError::new(
                "state",
                FieldErrorCode::InvalidValue,
                "must be ACTIVE or SUSPENDED",
            )
            .into()
        }),
        Patch::Null => Err(FieldError::new(
            "state",
            FieldErrorCode::InvalidValue,
            "must be ACTIVE or SUSPENDED",
        )
        .into()),
    }
}

/// Both values, or every error of either.
fn both<A, B>(
    a: Result<A, ValidationErrors>,
    b: Result<B, ValidationErrors>,
) -> Result<(A, B), ValidationErrors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(mut errors), Err(more)) => {
            more.into_errors().into_iter().for_each(|e| errors.push(e));
            Err(errors)
        }
        (Err(errors), _) | (_, Err(errors)) => Err(errors),
    }
}

/// Recipient use cases.
#[derive(Clone)]
pub struct RecipientService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl RecipientService {
    /// Wires the use cases.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    fn today(&self) -> Date {
        self.clock.now().to_offset_date_time().date()
    }

    /// Creates a Recipient, `ACTIVE`, created by the caller.
    pub async fn create(
        &self,
        principal: &Principal,
        draft: RecipientDraft,
    ) -> Result<Recipient, ServiceError> {
        authorize(principal, Permission::ManageRecipients)?;
        let data = draft.validate(self.today())?;
        let recipient = Recipient::new(
            RecipientId::new(),
            principal.business_account_id,
            data,
            actor_of(principal),
            self.clock.now(),
        );
        self.store.create_recipient(&recipient).await?;
        Ok(recipient)
    }

    /// One live Recipient of the caller's Business Account.
    pub async fn get(
        &self,
        principal: &Principal,
        id: RecipientId,
    ) -> Result<Recipient, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_recipient(principal.business_account_id, id)
            .await
            .map_err(ServiceError::from_store(RECIPIENT))
    }

    /// Merges `update` into the Recipient and sets its state; a change to nothing writes
    /// nothing. A lost race is retried on the new state.
    pub async fn update(
        &self,
        principal: &Principal,
        id: RecipientId,
        update: RecipientUpdate,
    ) -> Result<Recipient, ServiceError> {
        authorize(principal, Permission::ManageRecipients)?;
        let state = parse_state(&update.state);
        let today = self.today();
        for _ in 0..UPDATE_ATTEMPTS_MAX {
            let current = self.get(principal, id).await?;
            let data = RecipientDraft::of(&current.data)
                .overlay(update.draft.clone())
                .and_then(|merged| merged.validate(today));
            let (data, state) = both(data, state.clone())?;
            let state = state.unwrap_or(current.state);
            if data == current.data && state == current.state {
                return Ok(current);
            }
            let next = Recipient {
                data,
                state,
                version: current.version + 1,
                updated_by: actor_of(principal),
                updated_at: self.clock.now().max(current.updated_at),
                ..current.clone()
            };
            match self.store.update_recipient(&next, current.version).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Stale) => continue,
                Err(error) => return Err(ServiceError::from_store(RECIPIENT)(error)),
            }
        }
        Err(StoreError::Stale.into())
    }

    /// Deletes a Recipient and all its Financial Accounts.
    pub async fn delete(&self, principal: &Principal, id: RecipientId) -> Result<(), ServiceError> {
        authorize(principal, Permission::ManageRecipients)?;
        self.store
            .delete_recipient(
                principal.business_account_id,
                id,
                actor_of(principal),
                self.clock.now(),
            )
            .await
            .map_err(|error| match error {
                StoreError::Refused(why) => ServiceError::BusinessRule(format!(
                    "the recipient cannot be deleted yet: {why}"
                )),
                other => ServiceError::from_store(RECIPIENT)(other),
            })
    }

    /// One page of the caller's live Recipients matching `filter`.
    pub async fn list(
        &self,
        principal: &Principal,
        filter: &RecipientFilter,
        request: &PageRequest<RecipientSortField>,
    ) -> Result<Page<Recipient>, ServiceError> {
        authorize(principal, Permission::Read)?;
        Ok(self
            .store
            .list_recipients(principal.business_account_id, filter, request)
            .await?)
    }
}
