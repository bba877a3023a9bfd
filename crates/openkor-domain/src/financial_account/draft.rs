//! What the create bodies of Financial Accounts say, and their validation.
//!
//! Each draft validates into a `Validated*` value holding domain types; checks that need the
//! database (the parent exists and is a business account, the holder is an active customer)
//! belong to the service.

use super::checks::{
    check_bank_account_number, check_canadian_routing_number, check_card_number, check_expiry,
    check_routing_number,
};
use super::{AccountHolder, BankDetails, CardDetails, Subtype};
use crate::contact::{optional, parse_person_name, required};
use crate::ids::{CustomerId, FinancialAccountId, RecipientId};
use crate::limits::NAME_CHARS_MAX;
use crate::money::Currency;
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

mod billing;
mod integrated;

pub use billing::{BillingAddressDraft, parse_billing_address};
pub use integrated::{AgreementDraft, IntegratedBankDraft, ValidatedIntegratedBank};

/// Longest bank name, in characters.
pub const BANK_NAME_CHARS_MAX: usize = 100;
/// Longest name or business name on a bank account, in characters.
pub const NAME_ON_ACCOUNT_CHARS_MAX: usize = 40;
/// `POST /v1/internal-financial-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InternalDraft {
    /// Name.
    pub name: Option<String>,
    /// Parent business Financial Account.
    pub parent_id: Option<String>,
    /// Default flag.
    pub default_flag: Option<bool>,
    /// Currency (must equal the parent's).
    pub currency: Option<String>,
    /// Holder id.
    pub account_holder_id: Option<String>,
    /// Holder type (must be CUSTOMER).
    pub account_holder_type: Option<String>,
    /// CHECKING or SAVING.
    pub subtype: Option<String>,
}

/// A valid internal-account request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedInternal {
    /// Name.
    pub name: String,
    /// Parent.
    pub parent_id: FinancialAccountId,
    /// Default flag.
    pub default_flag: bool,
    /// Currency the request named, if any.
    pub currency: Option<Currency>,
    /// Holder.
    pub customer_id: CustomerId,
    /// Subtype.
    pub subtype: Subtype,
}

/// The bank account part of an external bank account request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalBankAccountDraft {
    /// Bank name (required).
    pub bank_name: Option<String>,
    /// ABA routing number (required).
    pub routing_no: Option<String>,
    /// Account number (required).
    pub account_number: Option<String>,
    /// Name on the account.
    pub name_on_account: Option<String>,
    /// Business name on the account.
    pub business_name: Option<String>,
    /// Billing address.
    pub billing_address: Option<BillingAddressDraft>,
}

/// The fields every request for an account of a customer shares (external bank, external
/// card, integrated bank).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HolderAccountDraft {
    /// Name.
    pub name: Option<String>,
    /// Holder id.
    pub account_holder_id: Option<String>,
    /// Holder type (must be CUSTOMER).
    pub account_holder_type: Option<String>,
    /// Subtype (required; which ones depends on the kind).
    pub subtype: Option<String>,
    /// Default flag.
    pub default_flag: Option<bool>,
    /// Currency (default USD).
    pub currency: Option<String>,
}

/// The shared fields of an account request, valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HolderAccount {
    /// Name.
    pub name: String,
    /// Holder: a Customer, or (external accounts) a Recipient.
    pub holder: AccountHolder,
    /// Subtype.
    pub subtype: Subtype,
    /// Default flag.
    pub default_flag: bool,
    /// Currency.
    pub currency: Currency,
}

impl HolderAccountDraft {
    /// Validates the shared fields into `errors`; `subtypes` are the ones this kind allows;
    /// `recipients` whether a Recipient may hold it (external accounts).
    fn validate(
        &self,
        errors: &mut ValidationErrors,
        subtypes: &[Subtype],
        recipients: bool,
    ) -> Option<HolderAccount> {
        let name = name(errors, self.name.as_deref());
        let holder = if recipients && self.account_holder_type.as_deref() == Some("RECIPIENT") {
            errors
                .collect(uuid_field(
                    "accountHolderId",
                    self.account_holder_id.as_deref(),
                ))
                .map(|id: RecipientId| AccountHolder::Recipient(id))
        } else {
            customer_holder(
                errors,
                self.account_holder_id.as_deref(),
                self.account_holder_type.as_deref(),
                recipients,
            )
            .map(AccountHolder::Customer)
        };
        let subtype = errors.collect(subtype(self.subtype.as_deref(), subtypes, None));
        let currency = errors.collect(currency(
            "currency",
            self.currency.as_deref().unwrap_or("USD"),
        ));
        Some(HolderAccount {
            name: name?,
            holder: holder?,
            subtype: subtype?,
            default_flag: self.default_flag.unwrap_or(false),
            currency: currency?,
        })
    }
}

/// `POST /v1/external-bank-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalBankDraft {
    /// The shared fields.
    pub account: HolderAccountDraft,
    /// Bank account details.
    pub bank_account: Option<ExternalBankAccountDraft>,
}

/// A valid external account request: the shared fields, the details of its kind (bank account
/// or card, without the number) and the full number. Use the number for the fingerprint and the
/// tail, then drop it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedExternal<D> {
    /// The shared fields.
    pub account: HolderAccount,
    /// Bank account or card details, without the number.
    pub details: D,
    /// The full account or card number.
    pub number: String,
}

/// A valid external bank account request.
pub type ValidatedExternalBank = ValidatedExternal<BankDetails>;

/// The card part of an external card request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardDraft {
    /// First name on the card (required).
    pub first_name: Option<String>,
    /// Middle name on the card.
    pub middle_name: Option<String>,
    /// Last name on the card (required).
    pub last_name: Option<String>,
    /// Card number (required).
    pub card_number: Option<String>,
    /// `yyyy-MM` (required).
    pub expiry: Option<String>,
    /// Billing address (required).
    pub billing_address: Option<BillingAddressDraft>,
}

/// `POST /v1/external-cards`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalCardDraft {
    /// The shared fields.
    pub account: HolderAccountDraft,
    /// Card details.
    pub card: Option<CardDraft>,
}

/// A valid external card request.
pub type ValidatedExternalCard = ValidatedExternal<CardDetails>;

fn name(errors: &mut ValidationErrors, value: Option<&str>) -> Option<String> {
    errors.collect(required("name", value).and_then(|v| bounded_text("name", v, 1, NAME_CHARS_MAX)))
}

fn uuid_field<T: std::str::FromStr>(path: &str, value: Option<&str>) -> Result<T, FieldError> {
    required(path, value)?
        .parse()
        .map_err(|_| FieldError::new(path, FieldErrorCode::InvalidFormat, "must be a UUID"))
}

fn currency(path: &str, value: &str) -> Result<Currency, FieldError> {
    value
        .parse()
        .map_err(|_| FieldError::new(path, FieldErrorCode::InvalidValue, "must be USD or CAD"))
}

fn subtype(
    value: Option<&str>,
    allowed: &[Subtype],
    default: Option<Subtype>,
) -> Result<Subtype, FieldError> {
    let Some(code) = value else {
        return default.ok_or_else(|| FieldError::required("subtype"));
    };
    Subtype::from_code(code)
        .filter(|s| allowed.contains(s))
        .ok_or_else(|| {
            let codes: Vec<&str> = allowed.iter().map(|s| s.code()).collect();
            FieldError::new(
                "subtype",
                FieldErrorCode::InvalidValue,
                format!("must be one of {}", codes.join(", ")),
            )
        })
}

/// A Customer holder: `accountHolderType` must be CUSTOMER (or, where `recipients` may hold
/// the account, RECIPIENT, handled by the caller) and `accountHolderId` a UUID.
fn customer_holder(
    errors: &mut ValidationErrors,
    id: Option<&str>,
    holder_type: Option<&str>,
    recipients: bool,
) -> Option<CustomerId> {
    let type_ok = errors.collect(match holder_type {
        None => Err(FieldError::required("accountHolderType")),
        Some("CUSTOMER") => Ok(()),
        Some("RECIPIENT") => Err(FieldError::new(
            "accountHolderType",
            FieldErrorCode::InvalidValue,
            "must be CUSTOMER: a Recipient holds external bank accounts and cards only",
        )),
        Some(_) if recipients => Err(FieldError::new(
            "accountHolderType",
            FieldErrorCode::InvalidValue,
            "must be CUSTOMER or RECIPIENT",
        )),
        Some(_) => Err(FieldError::new(
            "accountHolderType",
            FieldErrorCode::InvalidValue,
            "must be CUSTOMER",
        )),
    });
    let id = errors.collect(uuid_field("accountHolderId", id));
    type_ok.and(id)
}

fn merge<T>(errors: &mut ValidationErrors, result: Result<T, ValidationErrors>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(more) => {
            more.into_errors().into_iter().for_each(|e| errors.push(e));
            None
        }
    }
}

impl InternalDraft {
    /// Validates the request.
    pub fn validate(&self) -> Result<ValidatedInternal, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = name(&mut errors, self.name.as_deref());
        let parent_id = errors.collect(uuid_field("parentId", self.parent_id.as_deref()));
        let currency = optional(&mut errors, self.currency.as_deref(), |v| {
            currency("currency", v)
        });
        let customer_id = customer_holder(
            &mut errors,
            self.account_holder_id.as_deref(),
            self.account_holder_type.as_deref(),
            false,
        );
        let subtype = errors.collect(subtype(
            self.subtype.as_deref(),
            &[Subtype::Checking, Subtype::Saving],
            Some(Subtype::Checking),
        ));
        match (name, parent_id, currency, customer_id, subtype) {
            (Some(name), Some(parent_id), Some(currency), Some(customer_id), Some(subtype)) => {
                errors.finish(ValidatedInternal {
                    name,
                    parent_id,
                    default_flag: self.default_flag.unwrap_or(false),
                    currency,
                    customer_id,
                    subtype,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The bank account of an external bank account request; a CAD account (`canadian`) takes a
/// Canadian routing number, any other an ABA one.
fn bank_details(
    errors: &mut ValidationErrors,
    draft: &ExternalBankAccountDraft,
    canadian: bool,
) -> Option<(BankDetails, String)> {
    let at = |field: &str| format!("bankAccount.{field}");
    let bank_name = errors.collect(
        required(&at("bankName"), draft.bank_name.as_deref())
            .and_then(|v| bounded_text(&at("bankName"), v, 1, BANK_NAME_CHARS_MAX)),
    );
    let routing = errors.collect(
        required(&at("routingNo"), draft.routing_no.as_deref()).and_then(|v| {
            if canadian {
                check_canadian_routing_number(&at("routingNo"), v)
            } else {
                check_routing_number(&at("routingNo"), v)
            }
        }),
    );
    let number = errors.collect(
        required(&at("accountNumber"), draft.account_number.as_deref())
            .and_then(|v| check_bank_account_number(&at("accountNumber"), v)),
    );
    let name_on_account = optional(errors, draft.name_on_account.as_deref(), |v| {
        bounded_text(&at("nameOnAccount"), v, 1, NAME_ON_ACCOUNT_CHARS_MAX)
    });
    let business_name = optional(errors, draft.business_name.as_deref(), |v| {
        bounded_text(&at("businessName"), v, 1, NAME_ON_ACCOUNT_CHARS_MAX)
    });
    let billing = match &draft.billing_address {
        None => Some(None),
        Some(address) => merge(
            errors,
            parse_billing_address("bankAccount.billingAddress", address, false),
        )
        .map(Some),
    };
    Some((
        BankDetails {
            bank_name: Some(bank_name?),
            routing_number: Some(routing?),
            name_on_account: name_on_account?,
            business_name: business_name?,
            billing_address: billing?,
        },
        number?,
    ))
}

/// A required nested object: its validation, or `Required` at `path` when it is absent.
fn nested<D, T>(
    errors: &mut ValidationErrors,
    path: &str,
    draft: Option<&D>,
    validate: impl FnOnce(&mut ValidationErrors, &D) -> Option<T>,
) -> Option<T> {
    match draft {
        None => {
            errors.push(FieldError::required(path));
            None
        }
        Some(draft) => validate(errors, draft),
    }
}

/// The shared fields and the `(details, number)` of one external account, or every error.
fn external<D>(
    errors: ValidationErrors,
    account: Option<HolderAccount>,
    details: Option<(D, String)>,
) -> Result<ValidatedExternal<D>, ValidationErrors> {
    match (account, details) {
        (Some(account), Some((details, number))) => errors.finish(ValidatedExternal {
            account,
            details,
            number,
        }),
        // A part is missing only after it recorded why.
        _ => Err(errors),
    }
}

impl ExternalBankDraft {
    /// Validates the request.
    pub fn validate(&self) -> Result<ValidatedExternalBank, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let account =
            self.account
                .validate(&mut errors, &[Subtype::Checking, Subtype::Saving], true);
        let canadian = account
            .as_ref()
            .is_some_and(|account| account.currency == Currency::Cad);
        let bank = nested(
            &mut errors,
            "bankAccount",
            self.bank_account.as_ref(),
            |errors, draft| bank_details(errors, draft, canadian),
        );
        external(errors, account, bank)
    }
}

fn card_details(
    errors: &mut ValidationErrors,
    draft: &CardDraft,
    today: time::Date,
) -> Option<(CardDetails, String)> {
    let at = |field: &str| format!("card.{field}");
    let person = |errors: &mut ValidationErrors, field: &str, value: &Option<String>| {
        errors.collect(
            required(&at(field), value.as_deref()).and_then(|v| parse_person_name(&at(field), v)),
        )
    };
    let first_name = person(errors, "firstName", &draft.first_name);
    let middle_name = optional(errors, draft.middle_name.as_deref(), |v| {
        parse_person_name(&at("middleName"), v)
    });
    let last_name = person(errors, "lastName", &draft.last_name);
    let number = errors.collect(
        required(&at("cardNumber"), draft.card_number.as_deref())
            .and_then(|v| check_card_number(&at("cardNumber"), v)),
    );
    let expiry = errors.collect(
        required(&at("expiry"), draft.expiry.as_deref())
            .and_then(|v| check_expiry(&at("expiry"), v, today)),
    );
    let billing = match &draft.billing_address {
        None => {
            errors.push(FieldError::required(at("billingAddress")));
            None
        }
        Some(address) => merge(
            errors,
            parse_billing_address("card.billingAddress", address, true),
        ),
    };
    Some((
        CardDetails {
            first_name: first_name?,
            middle_name: middle_name?,
            last_name: last_name?,
            expiry: expiry?,
            billing_address: billing?,
        },
        number?,
    ))
}

impl ExternalCardDraft {
    /// Validates the request; `today` bounds the expiry.
    pub fn validate(&self, today: time::Date) -> Result<ValidatedExternalCard, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let account = self.account.validate(
            &mut errors,
            &[Subtype::Debit, Subtype::Credit, Subtype::Prepaid],
            true,
        );
        let card = nested(&mut errors, "card", self.card.as_ref(), |errors, draft| {
            card_details(errors, draft, today)
        });
        external(errors, account, card)
    }
}

#[cfg(test)]
mod tests;
