//! Opening Financial Accounts for customers.

use super::{CREATE_ATTEMPTS_MAX, FinancialAccountService};
use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::actor_of;
use crate::random::random_digits;
use openkor_domain::customer::{CustomerData, CustomerStatus};
use openkor_domain::financial_account::checks::tail;
use openkor_domain::financial_account::{
    ACCOUNT_NUMBER_DIGITS, AccountDetails, AccountHolder, AccountState, AccountType,
    AccountVerificationStatus, Agreement, BankDetails, Category, ExternalBankDraft,
    ExternalCardDraft, FinancialAccount, FinancialAccountFilter, FinancialAccountSortField,
    HolderAccount, HolderType, IntegratedBankDraft, InternalDraft, ValidatedExternalCard,
    VerificationMethod,
};
use openkor_domain::ids::{CustomerId, FinancialAccountId};
use openkor_domain::money::Currency;
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};
use openkor_domain::recipient::RecipientState;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use openkor_store::StoreError;
use openkor_store::db::Constraint;

fn reference(path: &str, code: FieldErrorCode, message: &str) -> ServiceError {
    ServiceError::InvalidReference(FieldError::new(path, code, message))
}

fn holder_not_usable() -> ServiceError {
    reference(
        "accountHolderId",
        FieldErrorCode::InvalidValue,
        "must be an ACTIVE customer of this business account",
    )
}

/// A new account number and its tail.
fn issued_number() -> Result<(Option<String>, String), ServiceError> {
    let number = random_digits(ACCOUNT_NUMBER_DIGITS)?;
    let last_four = tail(&number);
    Ok((Some(number), last_four))
}

/// An external account is a Customer's (the role must manage customers' accounts) or a
/// Recipient's (the role must manage recipients): a role that may do neither is refused before
/// the body is read.
fn authorize_external(principal: &Principal) -> Result<(), ServiceError> {
    authorize(principal, Permission::ManageCustomerAccounts)
        .or_else(|_| authorize(principal, Permission::ManageRecipients))
}

impl FinancialAccountService {
    /// The holder of a new external account, when the caller's role may manage its accounts
    /// and it is live and ACTIVE; else 403, or a 422 naming `accountHolderId`.
    async fn usable_holder(
        &self,
        principal: &Principal,
        holder: AccountHolder,
    ) -> Result<(), ServiceError> {
        match holder {
            AccountHolder::Customer(id) => {
                authorize(principal, Permission::ManageCustomerAccounts)?;
                self.active_holder(principal, id).await.map(|_| ())
            }
            AccountHolder::Recipient(id) => {
                authorize(principal, Permission::ManageRecipients)?;
                match self
                    .store
                    .get_recipient(principal.business_account_id, id)
                    .await
                {
                    Ok(recipient) if recipient.state == RecipientState::Active => Ok(()),
                    Ok(_) => Err(reference(
                        "accountHolderId",
                        FieldErrorCode::InvalidValue,
                        "must be an ACTIVE recipient of this business account",
                    )),
                    Err(StoreError::NotFound) => Err(reference(
                        "accountHolderId",
                        FieldErrorCode::NotFound,
                        "does not name a recipient of this business account",
                    )),
                    Err(error) => Err(error.into()),
                }
            }
            AccountHolder::BusinessAccount => Err(ServiceError::Internal(
                "an external account of the business account".into(),
            )),
        }
    }

    /// The live, active customer `id`, or a 422 naming `accountHolderId`.
    async fn active_holder(
        &self,
        principal: &Principal,
        id: CustomerId,
    ) -> Result<CustomerData, ServiceError> {
        match self
            .store
            .get_customer(principal.business_account_id, id)
            .await
        {
            Ok(customer) if customer.status == CustomerStatus::Active => Ok(customer.data),
            Ok(_) => Err(holder_not_usable()),
            Err(StoreError::NotFound) => Err(reference(
                "accountHolderId",
                FieldErrorCode::NotFound,
                "does not name a customer of this business account",
            )),
            Err(error) => Err(error.into()),
        }
    }

    /// The live, active business account `id` of the caller, or a 422 naming `parentId`.
    async fn business_parent(
        &self,
        principal: &Principal,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, ServiceError> {
        let invalid = || {
            reference(
                "parentId",
                FieldErrorCode::InvalidValue,
                "must name an ACTIVE business Financial Account of this business account",
            )
        };
        match self
            .store
            .get_financial_account(principal.business_account_id, id)
            .await
        {
            Ok(parent) if parent.is_business_account() && parent.state == AccountState::Active => {
                Ok(parent)
            }
            Ok(_) | Err(StoreError::NotFound) => Err(invalid()),
            Err(error) => Err(error.into()),
        }
    }

    /// The oldest active business account of the caller in `currency` (the parent of integrated
    /// accounts).
    async fn business_account_in(
        &self,
        principal: &Principal,
        currency: Currency,
    ) -> Result<FinancialAccount, ServiceError> {
        let filter = FinancialAccountFilter {
            holder_types: Some(vec![HolderType::BusinessAccount]),
            state: Some(AccountState::Active),
            currency: Some(currency),
            ..FinancialAccountFilter::default()
        };
        let oldest_first = vec![SortKey {
            field: FinancialAccountSortField::CreatedAt,
            direction: SortDirection::Asc,
        }];
        let request = PageRequest::new(0, 1, oldest_first)
            .ok_or_else(|| ServiceError::Internal("page request".into()))?;
        let page = self
            .store
            .list_financial_accounts(principal.business_account_id, &filter, &request)
            .await?;
        page.items.into_iter().next().ok_or_else(|| {
            reference(
                "currency",
                FieldErrorCode::InvalidValue,
                &format!(
                    "the business account has no active business Financial Account in {currency}"
                ),
            )
        })
    }

    /// Stores `build()`'s account, rebuilding it (new number) after a collision or a lost race.
    async fn insert(
        &self,
        build: impl Fn() -> Result<FinancialAccount, ServiceError>,
        agreements: &[Agreement],
        duplicate: impl Fn() -> ServiceError,
    ) -> Result<FinancialAccount, ServiceError> {
        for attempt in 1..=CREATE_ATTEMPTS_MAX {
            let account = build()?;
            match self
                .store
                .create_financial_account(&account, agreements)
                .await
            {
                Ok(()) => return Ok(account),
                Err(StoreError::Conflict(Constraint::ExternalAccountLinked)) => {
                    return Err(duplicate());
                }
                Err(StoreError::Conflict(Constraint::CustomerNotActive)) => {
                    return Err(holder_not_usable());
                }
                Err(StoreError::NotFound) => return Err(holder_not_usable()),
                Err(StoreError::Conflict(conflict))
                    if conflict.is_retryable() && attempt < CREATE_ATTEMPTS_MAX =>
                {
                    continue;
                }
                Err(error) => return Err(error.into()),
            }
        }
        Err(ServiceError::Conflict(
            "could not create the account; retry".into(),
        ))
    }

    /// A new ACTIVE account of `category` and `account_type` with the request's shared fields,
    /// created and last updated by the caller now. Kind-specific fields are left empty.
    fn new_account(
        &self,
        principal: &Principal,
        request: &HolderAccount,
        category: Category,
        account_type: AccountType,
    ) -> FinancialAccount {
        let now = self.clock.now();
        let actor = actor_of(principal);
        FinancialAccount {
            id: FinancialAccountId::new(),
            business_account_id: principal.business_account_id,
            parent_id: None,
            name: request.name.clone(),
            category,
            account_type,
            subtype: request.subtype,
            default_flag: request.default_flag,
            currency: request.currency,
            holder: request.holder,
            state: AccountState::Active,
            account_number: None,
            account_number_tail: String::new(),
            fingerprint: None,
            verification_status: AccountVerificationStatus::Approved,
            verification_method: (account_type == AccountType::Bank)
                .then_some(VerificationMethod::Prenote),
            details: AccountDetails::None,
            created_by: actor,
            created_at: now,
            updated_by: actor,
            updated_at: now,
        }
    }

    /// `POST /v1/internal-financial-accounts`.
    pub async fn create_internal(
        &self,
        principal: &Principal,
        draft: InternalDraft,
    ) -> Result<FinancialAccount, ServiceError> {
        authorize(principal, Permission::ManageCustomerAccounts)?;
        let request = draft.validate()?;
        let parent = self.business_parent(principal, request.parent_id).await?;
        if request
            .currency
            .is_some_and(|currency| currency != parent.currency)
        {
            return Err(reference(
                "currency",
                FieldErrorCode::Inconsistent,
                &format!("must be the parent's currency ({})", parent.currency),
            ));
        }
        self.active_holder(principal, request.customer_id).await?;
        let shared = HolderAccount {
            name: request.name,
            holder: AccountHolder::Customer(request.customer_id),
            subtype: request.subtype,
            default_flag: request.default_flag,
            currency: parent.currency,
        };
        let build = || {
            let (account_number, account_number_tail) = issued_number()?;
            Ok(FinancialAccount {
                parent_id: Some(parent.id),
                account_number,
                account_number_tail,
                ..self.new_account(principal, &shared, Category::Internal, AccountType::Bank)
            })
        };
        self.insert(build, &[], || {
            ServiceError::Conflict("duplicate account".into())
        })
        .await
    }

    /// An external account of `account_type` whose full number has `fingerprint` and ends in
    /// `tail`; linking the same one twice to the holder is a duplicate of `number_path`.
    async fn create_external(
        &self,
        principal: &Principal,
        request: &HolderAccount,
        account_type: AccountType,
        number: External<'_>,
    ) -> Result<FinancialAccount, ServiceError> {
        self.usable_holder(principal, request.holder).await?;
        let build = || {
            Ok(FinancialAccount {
                account_number_tail: number.tail.clone(),
                fingerprint: Some(number.fingerprint),
                verification_status: AccountVerificationStatus::Unverified,
                details: number.details.clone(),
                ..self.new_account(principal, request, Category::External, account_type)
            })
        };
        let duplicate = || {
            ServiceError::Duplicate(FieldError::new(
                number.path,
                FieldErrorCode::Duplicate,
                format!("this {} is already linked to the holder", number.noun),
            ))
        };
        self.insert(build, &[], duplicate).await
    }

    /// `POST /v1/external-bank-accounts`.
    pub async fn create_external_bank(
        &self,
        principal: &Principal,
        draft: ExternalBankDraft,
    ) -> Result<FinancialAccount, ServiceError> {
        authorize_external(principal)?;
        let request = draft.validate()?;
        let routing = request.details.routing_number.clone().unwrap_or_default();
        let number = External {
            tail: tail(&request.number),
            fingerprint: self.fingerprint("bank", &format!("{routing}:{}", request.number)),
            details: AccountDetails::Bank(request.details),
            path: "bankAccount.accountNumber",
            noun: "bank account",
        };
        self.create_external(principal, &request.account, AccountType::Bank, number)
            .await
    }

    /// An external card of `request` with id `id`, built but not stored (an STP transaction
    /// stores it, or a card of the holder with the same number, with its SEND).
    pub(crate) fn prepare_external_card(
        &self,
        principal: &Principal,
        request: &ValidatedExternalCard,
        id: FinancialAccountId,
    ) -> FinancialAccount {
        FinancialAccount {
            id,
            account_number_tail: tail(&request.number),
            fingerprint: Some(self.fingerprint("card", &request.number)),
            verification_status: AccountVerificationStatus::Unverified,
            details: AccountDetails::Card(request.details.clone()),
            ..self.new_account(
                principal,
                &request.account,
                Category::External,
                AccountType::Card,
            )
        }
    }

    /// `POST /v1/external-cards`.
    pub async fn create_external_card(
        &self,
        principal: &Principal,
        draft: ExternalCardDraft,
    ) -> Result<FinancialAccount, ServiceError> {
        authorize_external(principal)?;
        let request = draft.validate(self.clock.now().to_offset_date_time().date())?;
        let number = External {
            tail: tail(&request.number),
            fingerprint: self.fingerprint("card", &request.number),
            details: AccountDetails::Card(request.details),
            path: "card.cardNumber",
            noun: "card",
        };
        self.create_external(principal, &request.account, AccountType::Card, number)
            .await
    }

    /// `POST /v1/integrated-bank-accounts`.
    pub async fn create_integrated_bank(
        &self,
        principal: &Principal,
        draft: IntegratedBankDraft,
    ) -> Result<FinancialAccount, ServiceError> {
        authorize(principal, Permission::ManageCustomerAccounts)?;
        let request = draft.validate()?;
        let customer = request.account.holder.customer().ok_or_else(|| {
            ServiceError::Internal("an integrated account without a customer".into())
        })?;
        let holder = self.active_holder(principal, customer).await?;
        let parent = self
            .business_account_in(principal, request.account.currency)
            .await?;
        let name_on_account = Some(holder.display_name()).filter(|name| name.chars().count() <= 40);
        let build = || {
            let (account_number, account_number_tail) = issued_number()?;
            Ok(FinancialAccount {
                parent_id: Some(parent.id),
                account_number,
                account_number_tail,
                details: AccountDetails::Bank(BankDetails {
                    bank_name: None,
                    routing_number: None,
                    name_on_account: name_on_account.clone(),
                    business_name: None,
                    billing_address: None,
                }),
                ..self.new_account(
                    principal,
                    &request.account,
                    Category::Integrated,
                    AccountType::Bank,
                )
            })
        };
        self.insert(build, &request.agreements, || {
            ServiceError::Conflict("duplicate account".into())
        })
        .await
    }
}

/// What an external account keeps of its number, and how a duplicate is reported.
struct External<'a> {
    /// Last four digits.
    tail: String,
    /// Keyed fingerprint of the full number.
    fingerprint: [u8; 32],
    /// Bank account or card details, without the number.
    details: AccountDetails,
    /// The request field a duplicate names.
    path: &'a str,
    /// What a duplicate message calls it.
    noun: &'a str,
}
