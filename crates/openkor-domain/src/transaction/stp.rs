//! STP transactions (reference §9.7): one call that finds or creates the Recipient and its
//! debit card, then sends it money by push-to-card. The body's parts are validated as the
//! Recipient, the external card and the transaction they become, and every error is named at
//! the STP body's own path (`entity.firstName`, `financial.cardData.cardNumber`, …).

use super::TransactionDraft;
use crate::financial_account::checks::tail;
use crate::financial_account::{
    BillingAddressDraft, CardDraft, ExternalCardDraft, HolderAccountDraft,
};
use crate::ids::{FinancialAccountId, RecipientId};
use crate::patch::Patch;
use crate::recipient::RecipientDraft;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// Longest `entity.firstName`, `entity.lastName` and `entity.businessName` the reference
/// allows (a Recipient keeps at most 40, which the Recipient's own rules then check).
const ENTITY_NAME_CHARS_MAX: usize = 50;
/// Longest `entity.email`.
const ENTITY_EMAIL_CHARS_MAX: usize = 100;

/// `entity`: who is paid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StpEntityDraft {
    /// `INDIVIDUAL` or `BUSINESS` (required).
    pub category: Option<String>,
    /// Required.
    pub first_name: Option<String>,
    /// Required.
    pub last_name: Option<String>,
    /// Required for BUSINESS.
    pub business_name: Option<String>,
    /// Required when `notify` is true.
    pub mobile_number: Option<String>,
    /// The Recipient's e-mail.
    pub email: Option<String>,
}

/// `financial`: the card paid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StpFinancialDraft {
    /// `cardData.cardNumber`.
    pub card_number: Option<String>,
    /// `cardData.expiry`: `YY-MM` as the reference writes it, or `yyyy-MM`.
    pub expiry: Option<String>,
    /// `billingAddress`.
    pub billing_address: Option<BillingAddressDraft>,
}

/// The body of `POST /v1/stp-transactions`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StpDraft {
    /// 6–255 characters: a retry with the same key and body returns the first result.
    pub idempotency_key: Option<String>,
    /// Who is paid.
    pub entity: Option<StpEntityDraft>,
    /// The card paid.
    pub financial: Option<StpFinancialDraft>,
    /// Whether to notify the payee (openkor sends no messages; `mobileNumber` is then required).
    pub notify: bool,
    /// The transaction: `debitFinancialAccountId`, `amount`, `currency`, `paymentReasonId`,
    /// `description`, `memo`, `metadata` as `POST /v1/transactions` takes them.
    pub transaction: TransactionDraft,
}

/// What an STP body becomes: the Recipient, the card and the transaction, each still to be
/// validated by its own rules (through [`StpParts::rename`] for the error paths).
#[derive(Clone, Debug)]
pub struct StpParts {
    /// The Recipient, if none matches.
    pub recipient: RecipientDraft,
    /// The card, held by `recipient_id`, if the Recipient has none with this number.
    pub card: ExternalCardDraft,
    /// The push-to-card SEND to `card_id`.
    pub transaction: TransactionDraft,
}

/// The STP path of a Recipient, card or transaction error path.
fn stp_path(path: &str) -> String {
    const RENAMES: [(&str, &str); 13] = [
        ("firstName", "entity.firstName"),
        ("lastName", "entity.lastName"),
        ("email", "entity.email"),
        ("phoneNumber", "entity.mobileNumber"),
        ("businessName", "entity.businessName"),
        ("recipientType", "entity.category"),
        ("card.firstName", "entity.firstName"),
        ("card.lastName", "entity.lastName"),
        ("card.cardNumber", "financial.cardData.cardNumber"),
        ("card.expiry", "financial.cardData.expiry"),
        ("card.billingAddress", "financial.billingAddress"),
        ("card", "financial"),
        ("creditFinancialAccountId", "financial.cardData"),
    ];
    for (from, to) in RENAMES {
        if path == from {
            return to.to_owned();
        }
        if let Some(rest) = path.strip_prefix(from).filter(|rest| rest.starts_with('.')) {
            return format!("{to}{rest}");
        }
    }
    path.to_owned()
}

impl StpParts {
    /// `errors` with their paths as the STP body names them.
    pub fn rename(errors: ValidationErrors) -> ValidationErrors {
        let mut renamed = ValidationErrors::new();
        for error in errors.into_errors() {
            renamed.push(FieldError::new(
                stp_path(&error.path),
                error.code,
                error.message,
            ));
        }
        renamed
    }
}

fn bounded(errors: &mut ValidationErrors, path: &str, value: Option<&str>, max_chars: usize) {
    if value.is_some_and(|v| v.chars().count() > max_chars) {
        errors.push(FieldError::new(
            path,
            FieldErrorCode::TooLong,
            format!("must be at most {max_chars} characters"),
        ));
    }
}

/// `YY-MM` (the reference's form) as `20YY-MM`; anything else as given.
fn full_expiry(expiry: &str) -> String {
    let short = expiry.len() == 5
        && expiry.as_bytes()[2] == b'-'
        && expiry
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit());
    if short {
        format!("20{expiry}")
    } else {
        expiry.to_owned()
    }
}

impl StpDraft {
    /// Checks the STP-only rules (the key, `entity`, `financial`, `notify`) and splits the body
    /// into its parts; the card is held by `recipient_id` and the SEND pays `card_id`.
    pub fn parts(
        &self,
        recipient_id: RecipientId,
        card_id: FinancialAccountId,
    ) -> Result<StpParts, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.idempotency_key.is_none() {
            errors.push(FieldError::required("idempotencyKey"));
        }
        let entity = self.entity.clone().unwrap_or_default();
        if self.entity.is_none() {
            errors.push(FieldError::required("entity"));
        }
        let financial = self.financial.clone().unwrap_or_default();
        if self.financial.is_none() {
            errors.push(FieldError::required("financial"));
        }
        let category = match entity.category.as_deref() {
            None => {
                errors.push(FieldError::required("entity.category"));
                None
            }
            Some(category @ ("INDIVIDUAL" | "BUSINESS")) => Some(category.to_owned()),
            Some(_) => {
                errors.push(FieldError::new(
                    "entity.category",
                    FieldErrorCode::InvalidValue,
                    "must be INDIVIDUAL or BUSINESS",
                ));
                None
            }
        };
        for (path, value) in [
            ("entity.firstName", &entity.first_name),
            ("entity.lastName", &entity.last_name),
            ("entity.businessName", &entity.business_name),
        ] {
            bounded(&mut errors, path, value.as_deref(), ENTITY_NAME_CHARS_MAX);
        }
        bounded(
            &mut errors,
            "entity.email",
            entity.email.as_deref(),
            ENTITY_EMAIL_CHARS_MAX,
        );
        if self.notify && entity.mobile_number.is_none() {
            errors.push(FieldError::new(
                "entity.mobileNumber",
                FieldErrorCode::Required,
                "is required when notify is true",
            ));
        }
        errors.finish(())?;
        let patch = |value: &Option<String>| Patch::from_option(value.clone());
        let recipient = RecipientDraft {
            first_name: patch(&entity.first_name),
            last_name: patch(&entity.last_name),
            email: patch(&entity.email),
            phone_number: patch(&entity.mobile_number),
            recipient_type: Patch::from_option(category),
            business_name: patch(&entity.business_name),
            ..RecipientDraft::default()
        };
        let tail = tail(financial.card_number.as_deref().unwrap_or_default());
        let card = ExternalCardDraft {
            account: HolderAccountDraft {
                name: Some(format!("Debit card {tail}")),
                account_holder_id: Some(recipient_id.to_string()),
                account_holder_type: Some("RECIPIENT".to_owned()),
                subtype: Some("DEBIT".to_owned()),
                default_flag: None,
                currency: self.transaction.currency.clone(),
            },
            card: Some(CardDraft {
                first_name: entity.first_name.clone(),
                middle_name: None,
                last_name: entity.last_name.clone(),
                card_number: financial.card_number.clone(),
                expiry: financial.expiry.as_deref().map(full_expiry),
                billing_address: financial.billing_address.clone(),
            }),
        };
        let transaction = TransactionDraft {
            credit_financial_account_id: Some(card_id),
            transaction_type: Some("SEND".to_owned()),
            solution: Some("push-to-card".to_owned()),
            settlement_priority: None,
            ..self.transaction.clone()
        };
        Ok(StpParts {
            recipient,
            card,
            transaction,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_paths_are_the_stp_bodys() {
        assert_eq!(
            stp_path("card.billingAddress.city"),
            "financial.billingAddress.city"
        );
        assert_eq!(stp_path("card.cardNumber"), "financial.cardData.cardNumber");
        assert_eq!(stp_path("phoneNumber"), "entity.mobileNumber");
        assert_eq!(stp_path("amount"), "amount");
        assert_eq!(stp_path("cardinal"), "cardinal");
    }

    #[test]
    fn the_short_expiry_is_read_in_this_century() {
        assert_eq!(full_expiry("31-12"), "2031-12");
        assert_eq!(full_expiry("2031-12"), "2031-12");
        assert_eq!(full_expiry("3x-12"), "3x-12");
    }
}
