//! STP transactions (reference §9.7): in one call, the Recipient (found or created), its debit
//! card (found or opened) and a push-to-card SEND to it. The body's `idempotencyKey` makes a
//! retried call answer what the first did and create nothing more.

use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::actor_of;
use crate::financial_accounts::FinancialAccountService;
use crate::transactions::with_retries;
use openkor_domain::clock::Clock;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{FinancialAccountId, RecipientId};
use openkor_domain::recipient::Recipient;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::transaction::{IdempotencyKey, Origin, StpDraft, StpParts};
use openkor_domain::validation::{FieldError, ValidationErrors};
use openkor_store::{Created, NewTransaction, Store, StpCommand};
use std::sync::Arc;

/// What an STP call answers: the transaction, and the Recipient and card it paid.
#[derive(Clone, Debug)]
pub struct StpOutcome {
    /// The SEND (replayed when an earlier call with the same key created it).
    pub created: Created,
    /// The Recipient paid.
    pub recipient: Recipient,
    /// Its card the SEND pays.
    pub card: FinancialAccount,
}

/// STP use cases.
#[derive(Clone)]
pub struct StpService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    accounts: FinancialAccountService,
    rail_speedup: i64,
}

/// Every error of `results`, renamed to the STP body's paths.
fn all_errors(results: [Option<ValidationErrors>; 4]) -> Result<(), ServiceError> {
    let mut errors = ValidationErrors::new();
    for more in results.into_iter().flatten() {
        more.into_errors().into_iter().for_each(|e| errors.push(e));
    }
    StpParts::rename(errors)
        .finish(())
        .map_err(ServiceError::from)
}

impl StpService {
    /// Wires the use case; `accounts` opens the card.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        accounts: FinancialAccountService,
        rail_speedup: i64,
    ) -> Self {
        Self {
            store,
            clock,
            accounts,
            rail_speedup: rail_speedup.max(1),
        }
    }

    /// `POST /v1/stp-transactions`; `request_hash` tells a retry from another request that
    /// reuses the key.
    pub async fn create(
        &self,
        principal: &Principal,
        draft: &StpDraft,
        request_hash: [u8; 32],
    ) -> Result<StpOutcome, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        authorize(principal, Permission::ManageRecipients)?;
        let scope = principal.business_account_id;
        // A retry answers what the first call did before the body is checked again: a card
        // that has expired since, or a Recipient deleted since, does not change that answer.
        if let Some(key) = draft.idempotency_key.as_deref()
            && let Ok(key) = IdempotencyKey::new(key, request_hash)
            && let Some(replayed) = self.store.replay_transaction(scope, &key).await?
        {
            let created = replayed.map_err(crate::transactions::refused)?;
            return self.answer(scope, created).await;
        }
        let command = self.command(principal, draft, request_hash)?;
        let created = with_retries("resource", || self.store.create_stp_transaction(&command))
            .await
            .map_err(|error| match error {
                // The store names the SEND's fields; the STP body names the card otherwise.
                ServiceError::Unprocessable(errors) => {
                    ServiceError::Unprocessable(StpParts::rename(errors))
                }
                other => other,
            })?;
        self.answer(scope, created).await
    }

    /// The answer of `created`: it, and the card it paid with its Recipient (deleted or not).
    async fn answer(
        &self,
        scope: openkor_domain::ids::BusinessAccountId,
        created: Created,
    ) -> Result<StpOutcome, ServiceError> {
        let card_id = FinancialAccountId::from_uuid(
            created.transaction.credit_financial_account_id.as_uuid(),
        );
        let (recipient, card) = self.store.stp_payee(scope, card_id).await?;
        Ok(StpOutcome {
            created,
            recipient,
            card,
        })
    }

    fn command(
        &self,
        principal: &Principal,
        draft: &StpDraft,
        request_hash: [u8; 32],
    ) -> Result<StpCommand, ServiceError> {
        let (recipient_id, card_id) = (RecipientId::new(), FinancialAccountId::new());
        let parts = draft.parts(recipient_id, card_id)?;
        let today = self.clock.now().to_offset_date_time().date();
        let recipient = parts.recipient.validate(today);
        let card = parts.card.validate(today);
        let request = parts.transaction.validate();
        let key = IdempotencyKey::new(
            draft.idempotency_key.as_deref().unwrap_or_default(),
            request_hash,
        )
        .map_err(|e| ValidationErrors::from(FieldError::new("idempotencyKey", e.code, e.message)));
        all_errors([
            recipient.as_ref().err().cloned(),
            card.as_ref().err().cloned(),
            request.as_ref().err().cloned(),
            key.as_ref().err().cloned(),
        ])?;
        let (Ok(data), Ok(card), Ok(request), Ok(key)) = (recipient, card, request, key) else {
            return Err(ServiceError::Internal(
                "validated parts went missing".into(),
            ));
        };
        let now = self.clock.now();
        let actor = actor_of(principal);
        Ok(StpCommand {
            recipient: Recipient::new(
                recipient_id,
                principal.business_account_id,
                data,
                actor,
                now,
            ),
            card: self
                .accounts
                .prepare_external_card(principal, &card, card_id),
            transaction: NewTransaction {
                scope: principal.business_account_id,
                origin: Origin::Request(request),
                idempotency: Some(key),
                by: actor,
                at: now,
                rail_speedup: self.rail_speedup,
            },
        })
    }
}
