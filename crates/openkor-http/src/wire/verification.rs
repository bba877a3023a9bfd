//! `POST /v1/financial-accounts:verify` (reference §6.7): the request naming the accounts and
//! the Financial Account Verification object it returns.

use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::financial_account::prenote::VERIFY_ACCOUNTS_MAX;
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The one verification method.
const PRENOTE: &str = "PRENOTE";

/// `POST /v1/financial-accounts:verify`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyRequest {
    /// `PRENOTE`, the only method (required).
    #[schema(required = true, schema_with = crate::wire::codes::code_schema::<openkor_domain::financial_account::VerificationMethod>)]
    pub method: Option<String>,
    /// The external checking bank accounts to verify: 1 to 100 distinct ids (required).
    #[schema(required = true, value_type = Option<Vec<String>>)]
    pub financial_account_ids: Option<Vec<FinancialAccountId>>,
}

impl VerifyRequest {
    /// The accounts, once every field is checked.
    pub fn validate(self) -> Result<Vec<FinancialAccountId>, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        match self.method.as_deref() {
            None => errors.push(FieldError::required("method")),
            Some(PRENOTE) => {}
            Some(_) => errors.push(FieldError::new(
                "method",
                FieldErrorCode::InvalidValue,
                "must be PRENOTE",
            )),
        }
        let ids = self.financial_account_ids.unwrap_or_default();
        if ids.is_empty() {
            errors.push(FieldError::new(
                "financialAccountIds",
                FieldErrorCode::Required,
                "must name at least one account",
            ));
        } else if ids.len() > VERIFY_ACCOUNTS_MAX {
            errors.push(FieldError::new(
                "financialAccountIds",
                FieldErrorCode::TooLong,
                format!("must name at most {VERIFY_ACCOUNTS_MAX} accounts"),
            ));
        }
        for (index, id) in ids.iter().enumerate() {
            if ids[..index].contains(id) {
                errors.push(FieldError::new(
                    format!("financialAccountIds[{index}]"),
                    FieldErrorCode::Duplicate,
                    "names an account already named",
                ));
            }
        }
        errors.finish(ids)
    }
}

/// One account of a verification: its id and verification status.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerificationItem {
    /// The account.
    #[schema(format = Uuid)]
    pub financial_account_id: String,
    /// `UNVERIFIED`, `PENDING`, `PROCESSING`, `REVIEW`, `DECLINED`, `APPROVED` or `ERROR`.
    #[schema(example = "PENDING")]
    pub status: &'static str,
}

/// The Financial Account Verification object.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerificationBody {
    /// `PRENOTE`.
    #[schema(example = "PRENOTE")]
    pub method: &'static str,
    /// Each account named, in the request's order, as it now stands.
    pub financial_account_ids: Vec<VerificationItem>,
}

impl VerificationBody {
    /// The verification of `accounts`.
    pub fn of(accounts: &[FinancialAccount]) -> Self {
        Self {
            method: PRENOTE,
            financial_account_ids: accounts
                .iter()
                .map(|account| VerificationItem {
                    financial_account_id: account.id.to_string(),
                    status: account.verification_status.code(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(request: VerifyRequest) -> Vec<(String, FieldErrorCode)> {
        match request.validate() {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_errors()
                .into_iter()
                .map(|error| (error.path, error.code))
                .collect(),
        }
    }

    #[test]
    fn every_field_is_checked_at_once() {
        let id = FinancialAccountId::new();
        let request = VerifyRequest {
            method: Some("AGGREGATION".into()),
            financial_account_ids: Some(vec![id, id]),
        };
        assert_eq!(
            fields(request),
            [
                ("method".to_owned(), FieldErrorCode::InvalidValue),
                (
                    "financialAccountIds[1]".to_owned(),
                    FieldErrorCode::Duplicate
                ),
            ]
        );
        let empty = VerifyRequest::default();
        assert_eq!(
            fields(empty),
            [
                ("method".to_owned(), FieldErrorCode::Required),
                ("financialAccountIds".to_owned(), FieldErrorCode::Required),
            ]
        );
        let too_many = VerifyRequest {
            method: Some(PRENOTE.into()),
            financial_account_ids: Some(
                (0..=VERIFY_ACCOUNTS_MAX)
                    .map(|_| FinancialAccountId::new())
                    .collect(),
            ),
        };
        assert_eq!(
            fields(too_many),
            [("financialAccountIds".to_owned(), FieldErrorCode::TooLong)]
        );
    }
}
