//! ACH prenote verification of external bank accounts (reference §6.7). The sandbox's prenote
//! completes after about three days of rail time (the rail speed-up divides it); the rail
//! engine completes it and the account becomes APPROVED, ready to be the debit side of an ACH
//! `REQUEST`.

use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::actor_of;
use crate::transactions::RailSettings;
use openkor_domain::clock::{Clock, Timestamp};
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::financial_account::prenote::prenote_due_ms;
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_store::{PrenoteRequest, Store};
use std::sync::Arc;

/// Verification use cases.
#[derive(Clone)]
pub struct VerificationService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: RailSettings,
}

impl VerificationService {
    /// Over `store` and `clock`, on rails of `settings`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: RailSettings) -> Self {
        Self {
            store,
            clock,
            settings,
        }
    }

    /// Starts a prenote for each account (all or none): every account as it now stands, in
    /// the request's order.
    pub async fn request_prenotes(
        &self,
        principal: &Principal,
        ids: Vec<FinancialAccountId>,
    ) -> Result<Vec<FinancialAccount>, ServiceError> {
        authorize(principal, Permission::ManageCustomerAccounts)?;
        let at = self.clock.now();
        let due_at = Timestamp::from_unix_ms(prenote_due_ms(at.unix_ms(), self.settings.speedup));
        let request = PrenoteRequest {
            scope: principal.business_account_id,
            ids,
            by: actor_of(principal),
            at,
            due_at,
        };
        self.store
            .request_prenotes(&request)
            .await
            .map_err(ServiceError::from_store("financial account"))?
            .map_err(ServiceError::Unprocessable)
    }
}
