//! `embed=` of `GET /v1/financial-accounts/{id}`: the account's balances (internal accounts),
//! its holder (`_embedded.customer`, `.recipient` or `.businessAccount`) and its limits.

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::state::AppState;
use crate::wire::customer::CustomerBody;
use crate::wire::financial_account::{FinancialAccountEmbedded, balances_body};
use crate::wire::limits::AccountLimitsBody;
use openkor_domain::financial_account::{AccountHolder, Category, FinancialAccount};
use openkor_domain::service_account::Principal;
use openkor_domain::transaction_limits::LimitScope;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use openkor_service::business_accounts::AccountRef;

#[derive(Debug, Default)]
pub(crate) struct Embeds {
    balances: bool,
    account_holder: bool,
    limits: bool,
}

impl Embeds {
    pub(crate) fn any(&self) -> bool {
        self.balances || self.account_holder || self.limits
    }
}

pub(crate) fn parse_embeds(params: &mut QueryParams) -> Embeds {
    let mut embeds = Embeds::default();
    if let Some(items) = params.take_list("embed") {
        for item in items {
            match item.as_str() {
                "balances" => embeds.balances = true,
                "accountHolder" => embeds.account_holder = true,
                "limits" => embeds.limits = true,
                _ => params.error(FieldError::new(
                    "embed",
                    FieldErrorCode::InvalidValue,
                    "each item must be balances, accountHolder or limits",
                )),
            }
        }
    }
    embeds
}

pub(crate) async fn embedded(
    state: &AppState,
    principal: &Principal,
    account: &FinancialAccount,
    embeds: &Embeds,
) -> Result<FinancialAccountEmbedded, ApiError> {
    let mut embedded = FinancialAccountEmbedded::default();
    if embeds.balances && account.category != Category::External {
        let (_, balances) = state
            .services
            .financial_accounts
            .balances(principal, account.id)
            .await?;
        embedded.balances = Some(balances_body(account, &balances));
    }
    if embeds.limits {
        let limits = &state.services.limits;
        let at = limits.now();
        let usages = limits
            .usage(
                principal,
                LimitScope::FinancialAccount,
                account.id.as_uuid(),
                Some(at),
            )
            .await?;
        embedded.limits = Some(AccountLimitsBody::of(account.id.as_uuid(), &usages, at));
    }
    if embeds.account_holder {
        match account.holder {
            AccountHolder::Customer(id) => {
                let customer = state.services.customers.get(principal, id).await?;
                embedded.customer = Some(CustomerBody::from(customer));
            }
            AccountHolder::Recipient(id) => {
                let recipient = state.services.recipients.get(principal, id).await?;
                embedded.recipient = Some(recipient.into());
            }
            AccountHolder::BusinessAccount => {
                let business = state
                    .services
                    .business_accounts
                    .get(principal, AccountRef::Caller)
                    .await?;
                embedded.business_account = Some(business.into());
            }
        }
    }
    Ok(embedded)
}
