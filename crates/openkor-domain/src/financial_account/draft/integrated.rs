//! Integrated bank accounts: the shared holder fields plus the acceptance agreements.

use super::super::{Agreement, Subtype};
use super::{HolderAccount, HolderAccountDraft};
use crate::clock::Timestamp;
use crate::contact::required;
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Agreements an integrated account may carry.
pub const AGREEMENTS_MAX: usize = 20;
/// Longest agreement document id or version, in characters.
pub const AGREEMENT_TEXT_CHARS_MAX: usize = 100;

/// One acceptance agreement as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgreementDraft {
    /// Document id.
    pub document_id: Option<String>,
    /// Document version.
    pub document_version: Option<String>,
    /// Accepted.
    pub accepted: Option<bool>,
    /// When the holder responded (RFC 3339).
    pub responded_at: Option<String>,
}

/// `POST /v1/integrated-bank-accounts`. `defaultFlag` and `currency` come from older versions
/// of the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntegratedBankDraft {
    /// The shared fields.
    pub account: HolderAccountDraft,
    /// Agreements the holder accepted.
    pub acceptance_agreements: Option<Vec<AgreementDraft>>,
}

/// A valid integrated bank account request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedIntegratedBank {
    /// The shared fields.
    pub account: HolderAccount,
    /// Accepted agreements.
    pub agreements: Vec<Agreement>,
}

fn agreement(errors: &mut ValidationErrors, i: usize, draft: &AgreementDraft) -> Option<Agreement> {
    let at = |field: &str| format!("acceptanceAgreements[{i}].{field}");
    let text = |errors: &mut ValidationErrors, field: &str, value: &Option<String>| {
        errors.collect(
            required(&at(field), value.as_deref())
                .and_then(|v| bounded_text(&at(field), v, 1, AGREEMENT_TEXT_CHARS_MAX)),
        )
    };
    let document_id = text(errors, "documentId", &draft.document_id);
    let document_version = text(errors, "documentVersion", &draft.document_version);
    let accepted = errors.collect(match draft.accepted {
        None => Err(FieldError::required(at("accepted"))),
        Some(false) => Err(FieldError::new(
            at("accepted"),
            FieldErrorCode::InvalidValue,
            "must be true: an account is issued only once every agreement is accepted",
        )),
        Some(true) => Ok(true),
    });
    let responded_at = errors.collect(
        required(&at("respondedAt"), draft.responded_at.as_deref()).and_then(|v| {
            OffsetDateTime::parse(v, &Rfc3339)
                .map(Timestamp::from_offset_date_time)
                .map_err(|_| {
                    FieldError::new(
                        at("respondedAt"),
                        FieldErrorCode::InvalidFormat,
                        "must be an RFC 3339 date-time",
                    )
                })
        }),
    );
    Some(Agreement {
        document_id: document_id?,
        document_version: document_version?,
        accepted: accepted?,
        responded_at: responded_at?,
    })
}

impl IntegratedBankDraft {
    /// Validates the request.
    pub fn validate(&self) -> Result<ValidatedIntegratedBank, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let account =
            self.account
                .validate(&mut errors, &[Subtype::Checking, Subtype::Saving], false);
        let agreements = match &self.acceptance_agreements {
            None => {
                errors.push(FieldError::required("acceptanceAgreements"));
                None
            }
            Some(list) if list.is_empty() || list.len() > AGREEMENTS_MAX => {
                errors.push(FieldError::new(
                    "acceptanceAgreements",
                    FieldErrorCode::OutOfRange,
                    format!("must hold 1 to {AGREEMENTS_MAX} agreements"),
                ));
                None
            }
            // Every agreement is checked (not only up to the first bad one).
            Some(list) => list
                .iter()
                .enumerate()
                .map(|(i, a)| agreement(&mut errors, i, a))
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
        };
        match (account, agreements) {
            (Some(account), Some(agreements)) => errors.finish(ValidatedIntegratedBank {
                account,
                agreements,
            }),
            _ => Err(errors),
        }
    }
}
