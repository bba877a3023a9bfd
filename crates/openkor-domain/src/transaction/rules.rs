//! The rules that need the two accounts (reference §9.1): who may be on which side of which
//! solution, states, currencies and settlement priorities. A refusal is a list of field errors
//! (a 422: the body is well-formed, the accounts do not allow it).
//!
//! Ledgered accounts (business, internal and integrated) hold their balance in openkor's
//! ledger; an external account is the world outside, whose side of the movement is posted to
//! the Business Account's outside (contra) account of the currency. Every solution but
//! `transfer` therefore has exactly one external side:
//!
//! | solution | SEND: debit → credit | REQUEST: debit → credit | priorities (default) |
//! |---|---|---|---|
//! | `transfer` | ledgered → ledgered | ledgered → ledgered | IMMEDIATE |
//! | `push-to-card` | ledgered → external DEBIT card | — | IMMEDIATE |
//! | `wire` | ledgered → external bank with a billing address | — | IMMEDIATE, SAME_DAY (IMMEDIATE) |
//! | `ach` | ledgered → external bank | prenote-verified external bank → ledgered | SAME_DAY, NEXT_DAY (NEXT_DAY) |
//!
//! Internal accounts may be either ledgered side: the reference's ACH, wire and push-to-card
//! guides name them as debit accounts, and a RocketKOR-originated send or request is not the
//! deposit or withdrawal its category rule forbids.

use super::{SettlementPriority, Solution, TransactionType, ValidatedTransaction};
use crate::financial_account::{
    AccountHolder, AccountState, AccountType, AccountVerificationStatus, Category, Subtype,
};
use crate::ids::FinancialAccountId;
use crate::money::Currency;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// What the rules need to know of one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountView {
    /// Id.
    pub id: FinancialAccountId,
    /// Category.
    pub category: Category,
    /// Bank or card.
    pub account_type: AccountType,
    /// Subtype.
    pub subtype: Subtype,
    /// Currency.
    pub currency: Currency,
    /// State.
    pub state: AccountState,
    /// Holder.
    pub holder: AccountHolder,
    /// Whether the holding customer is suspended.
    pub holder_suspended: bool,
    /// Verification status.
    pub verification_status: AccountVerificationStatus,
    /// Whether a billing address is on file.
    pub has_billing_address: bool,
    /// Last four digits of the account number.
    pub account_number_tail: String,
}

impl AccountView {
    /// Whether openkor's ledger holds this account's balance.
    pub fn is_ledgered(&self) -> bool {
        self.category != Category::External
    }

    /// Where this account's side of a movement is posted.
    pub fn ledger_side(&self) -> LedgerSide {
        if self.is_ledgered() {
            LedgerSide::Account(self.id)
        } else {
            LedgerSide::Outside
        }
    }
}

/// Where one side of a movement is posted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LedgerSide {
    /// The ledger account of a Financial Account.
    Account(FinancialAccountId),
    /// The Business Account's outside (contra) account of the currency.
    Outside,
}

/// An admitted transaction: where its two sides post, and its settlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The debit side.
    pub debit: LedgerSide,
    /// The credit side.
    pub credit: LedgerSide,
    /// Currency.
    pub currency: Currency,
    /// Settlement priority (the solution's default when the body named none).
    pub settlement_priority: SettlementPriority,
    /// Whether it settles inside the request (book transfers).
    pub settles_at_once: bool,
}

const DEBIT: &str = "debitFinancialAccountId";
const CREDIT: &str = "creditFinancialAccountId";

/// Applies every rule that needs the accounts; all failures are reported at once.
pub fn plan_transaction(
    request: &ValidatedTransaction,
    debit: &AccountView,
    credit: &AccountView,
) -> Result<Plan, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    check_usable(&mut errors, DEBIT, debit);
    check_usable(&mut errors, CREDIT, credit);
    check_recipient_credited(&mut errors, debit);
    let currency = check_currency(&mut errors, request.currency, debit, credit);
    check_sides(&mut errors, request, debit, credit);
    let priority = settlement_priority(&mut errors, request);
    errors.finish(())?;
    Ok(Plan {
        debit: debit.ledger_side(),
        credit: credit.ledger_side(),
        currency,
        settlement_priority: priority,
        settles_at_once: request.solution == Solution::Transfer,
    })
}

fn check_usable(errors: &mut ValidationErrors, path: &str, account: &AccountView) {
    if account.state != AccountState::Active {
        errors.push(FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            format!("the account is {}", account.state.code()),
        ));
    } else if account.holder_suspended {
        let holder = match account.holder {
            AccountHolder::Recipient(_) => "recipient",
            _ => "customer",
        };
        errors.push(FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            format!("the account's {holder} is suspended"),
        ));
    }
}

/// A Recipient is only ever credited.
fn check_recipient_credited(errors: &mut ValidationErrors, debit: &AccountView) {
    if matches!(debit.holder, AccountHolder::Recipient(_)) {
        errors.push(FieldError::new(
            DEBIT,
            FieldErrorCode::Inconsistent,
            "a recipient's account is only ever credited",
        ));
    }
}

fn check_currency(
    errors: &mut ValidationErrors,
    named: Option<Currency>,
    debit: &AccountView,
    credit: &AccountView,
) -> Currency {
    if debit.currency != credit.currency {
        errors.push(FieldError::new(
            CREDIT,
            FieldErrorCode::Inconsistent,
            "must be an account in the debit account's currency",
        ));
    } else if let Some(named) = named
        && named != debit.currency
    {
        errors.push(FieldError::new(
            "currency",
            FieldErrorCode::Inconsistent,
            "must be the accounts' currency",
        ));
    }
    debit.currency
}

fn check_sides(
    errors: &mut ValidationErrors,
    request: &ValidatedTransaction,
    debit: &AccountView,
    credit: &AccountView,
) {
    let mut refuse = |path: &str, message: &str| {
        errors.push(FieldError::new(path, FieldErrorCode::Inconsistent, message));
    };
    let request_type = request.transaction_type;
    match request.solution {
        Solution::Transfer => {
            if !debit.is_ledgered() {
                refuse(
                    DEBIT,
                    "a transfer moves money between ledgered accounts; this one is external",
                );
            }
            if !credit.is_ledgered() {
                refuse(
                    CREDIT,
                    "a transfer moves money between ledgered accounts; this one is external",
                );
            }
        }
        Solution::PushToCard | Solution::Wire if request_type != TransactionType::Send => {
            refuse("transactionType", "this solution only sends money (SEND)");
        }
        Solution::PushToCard => {
            require_ledgered(&mut refuse, DEBIT, debit);
            if credit.is_ledgered() || credit.subtype != Subtype::Debit {
                refuse(CREDIT, "push-to-card pays out to an external DEBIT card");
            }
        }
        Solution::Wire => {
            require_ledgered(&mut refuse, DEBIT, debit);
            if credit.is_ledgered() || credit.account_type != AccountType::Bank {
                refuse(CREDIT, "a wire pays out to an external bank account");
            } else if !credit.has_billing_address {
                refuse(
                    CREDIT,
                    "a wire needs the external bank account's billing address",
                );
            }
        }
        Solution::Ach => check_ach(&mut refuse, request_type, debit, credit),
    }
}

fn require_ledgered(refuse: &mut impl FnMut(&str, &str), path: &str, account: &AccountView) {
    if !account.is_ledgered() {
        refuse(
            path,
            "must be a business, internal or integrated account (an external account is the debit side of a REQUEST only)",
        );
    }
}

fn check_ach(
    refuse: &mut impl FnMut(&str, &str),
    request_type: TransactionType,
    debit: &AccountView,
    credit: &AccountView,
) {
    let (external_path, external, ledgered_path, ledgered) = match request_type {
        TransactionType::Request => (DEBIT, debit, CREDIT, credit),
        _ => (CREDIT, credit, DEBIT, debit),
    };
    require_ledgered(refuse, ledgered_path, ledgered);
    if external.is_ledgered() {
        refuse(
            external_path,
            "ACH moves money to or from an external bank account; between ledgered accounts use solution transfer",
        );
    } else if external.account_type != AccountType::Bank {
        refuse(external_path, "ACH needs an external bank account");
    } else if request_type == TransactionType::Request
        && external.verification_status != AccountVerificationStatus::Approved
    {
        refuse(
            external_path,
            "an ACH REQUEST debits only a prenote-verified external bank account",
        );
    }
}

fn settlement_priority(
    errors: &mut ValidationErrors,
    request: &ValidatedTransaction,
) -> SettlementPriority {
    use SettlementPriority::{Immediate, NextDay, SameDay};
    let (allowed, default): (&[SettlementPriority], _) = match request.solution {
        Solution::Transfer | Solution::PushToCard => (&[Immediate], Immediate),
        Solution::Wire => (&[Immediate, SameDay], Immediate),
        Solution::Ach => (&[SameDay, NextDay], NextDay),
    };
    let chosen = request.settlement_priority.unwrap_or(default);
    if !allowed.contains(&chosen) {
        let names: Vec<&str> = allowed.iter().map(|p| p.code()).collect();
        errors.push(FieldError::new(
            "settlementPriority",
            FieldErrorCode::Inconsistent,
            format!("{} takes {}", request.solution.code(), names.join(" or ")),
        ));
    }
    chosen
}
