//! Transaction limits on the wire (reference §8): the Transaction Limits object and the
//! utilisation object (amounts as JSON numbers, as the reference shows them), the Financial
//! Account Limits object (decimal strings), and the bulk update body.

use openkor_domain::clock::Timestamp;
use openkor_domain::money::{format_minor, parse_non_negative_minor};
use openkor_domain::transaction_limits::{
    LIMIT_AMOUNT_MINOR_MAX, LimitType, LimitUsage, TransactionLimit,
};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Most limits one `PUT /v1/limits` may change.
pub const LIMIT_UPDATES_MAX: usize = 100;

/// An amount as an exact JSON number (`99.99`), written from minor units without floating
/// point.
fn number(amount_minor: i64) -> Box<RawValue> {
    RawValue::from_string(format_minor(amount_minor)).unwrap_or_default()
}

/// The Transaction Limits object.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LimitBody {
    /// The limit's id (what `PUT /v1/limits` names).
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    /// `SINGLE`, `DAILY`, `WEEKLY` or `MONTHLY`.
    pub limit_type: &'static str,
    /// The Customer's or Financial Account's id.
    #[schema(value_type = String, format = Uuid)]
    pub scope_id: Uuid,
    /// `CUSTOMER` or `FA_KFA`.
    pub scope_type: &'static str,
    /// ISO 4217 alpha-3.
    pub currency: &'static str,
    /// The cap (a JSON number, e.g. `99.99`).
    #[schema(value_type = f64)]
    pub amount: Box<RawValue>,
}

impl From<&TransactionLimit> for LimitBody {
    fn from(limit: &TransactionLimit) -> Self {
        Self {
            id: limit.id,
            limit_type: limit.limit_type.code(),
            scope_id: limit.scope_id,
            scope_type: limit.scope.code(),
            currency: limit.currency.code(),
            amount: number(limit.amount_minor),
        }
    }
}

/// The Transaction Limits Utilization object (windowed limits only).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UtilisationBody {
    /// The limit's id.
    #[schema(value_type = String, format = Uuid)]
    pub limit_id: Uuid,
    /// `DAILY`, `WEEKLY` or `MONTHLY`.
    pub limit_type: &'static str,
    /// The Customer's or Financial Account's id.
    #[schema(value_type = String, format = Uuid)]
    pub scope_id: Uuid,
    /// `CUSTOMER` or `FA_KFA`.
    pub scope_type: &'static str,
    /// ISO 4217 alpha-3.
    pub currency: &'static str,
    /// The cap (a JSON number).
    #[schema(value_type = f64)]
    pub limit_amount: Box<RawValue>,
    /// Used in the window (a JSON number).
    #[schema(value_type = f64)]
    pub deduction_amount: Box<RawValue>,
    /// The window's start (inclusive).
    #[schema(value_type = String, format = DateTime)]
    pub from_range: String,
    /// The window's end (exclusive).
    #[schema(value_type = String, format = DateTime)]
    pub to_range: String,
}

impl UtilisationBody {
    /// The body of `usage`, or `None` for a SINGLE limit (which has no window).
    pub fn of(usage: &LimitUsage) -> Option<Self> {
        let (from, to) = usage.window?;
        let limit = &usage.limit;
        Some(Self {
            limit_id: limit.id,
            limit_type: limit.limit_type.code(),
            scope_id: limit.scope_id,
            scope_type: limit.scope.code(),
            currency: limit.currency.code(),
            limit_amount: number(limit.amount_minor),
            deduction_amount: number(usage.used_minor),
            from_range: from.to_string(),
            to_range: to.to_string(),
        })
    }
}

/// `{limit, used}` of one currency, as decimal strings.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodAmount {
    /// The cap.
    pub limit: String,
    /// Used in the period.
    pub used: String,
}

/// One period of the Financial Account Limits object.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodBody {
    /// `daily`, `weekly` or `monthly`.
    #[serde(rename = "type")]
    pub period_type: &'static str,
    /// The start (inclusive).
    pub from: String,
    /// The end (exclusive).
    pub to: String,
    /// By currency code.
    pub amount: BTreeMap<&'static str, PeriodAmount>,
}

/// The Financial Account Limits object.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountLimitsBody {
    /// The account.
    #[schema(value_type = String, format = Uuid)]
    pub financial_account_id: Uuid,
    /// Daily, weekly and monthly, each with the limit and usage of the window containing `ts`.
    pub periods: Vec<PeriodBody>,
}

impl AccountLimitsBody {
    /// The periods of `usages` (the account's limits) at `at`.
    pub fn of(financial_account_id: Uuid, usages: &[LimitUsage], at: Timestamp) -> Self {
        let periods = [
            (LimitType::Daily, "daily"),
            (LimitType::Weekly, "weekly"),
            (LimitType::Monthly, "monthly"),
        ]
        .into_iter()
        .filter_map(|(limit_type, name)| {
            let (from, to) = openkor_domain::transaction_limits::window(limit_type, at)?;
            let amount = usages
                .iter()
                .filter(|usage| usage.limit.limit_type == limit_type)
                .map(|usage| {
                    let amount = PeriodAmount {
                        limit: format_minor(usage.limit.amount_minor),
                        used: format_minor(usage.used_minor),
                    };
                    (usage.limit.currency.code(), amount)
                })
                .collect();
            Some(PeriodBody {
                period_type: name,
                from: from.to_string(),
                to: to.to_string(),
                amount,
            })
        })
        .collect();
        Self {
            financial_account_id,
            periods,
        }
    }
}

/// One entry of `PUT /v1/limits`: `{"amount": "99.99"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitUpdate {
    /// The new cap: a decimal string (a JSON number is accepted too), at least 0.
    #[serde(default, deserialize_with = "crate::wire::transaction::amount_text")]
    #[schema(required = true, value_type = String, example = "99.99")]
    pub amount: Option<String>,
}

/// Checks a `PUT /v1/limits` body: every id a UUID, every amount a non-negative decimal of at
/// most two places, at most [`LIMIT_UPDATES_MAX`] entries.
pub fn parse_updates(
    body: &BTreeMap<String, LimitUpdate>,
) -> Result<Vec<(Uuid, i64)>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if body.is_empty() || body.len() > LIMIT_UPDATES_MAX {
        errors.push(FieldError::new(
            "",
            FieldErrorCode::OutOfRange,
            format!("must name between 1 and {LIMIT_UPDATES_MAX} limits"),
        ));
    }
    let mut updates = Vec::with_capacity(body.len());
    for (id, update) in body {
        let Some(uuid) = openkor_domain::ids::parse_canonical_uuid(id) else {
            errors.push(FieldError::new(
                id.as_str(),
                FieldErrorCode::InvalidFormat,
                "must be a limit id (a UUID)",
            ));
            continue;
        };
        let path = format!("{id}.amount");
        if let Some(amount_minor) = errors.collect(limit_amount(&path, update.amount.as_deref())) {
            updates.push((uuid, amount_minor));
        }
    }
    errors.finish(updates)
}

fn limit_amount(path: &str, text: Option<&str>) -> Result<i64, FieldError> {
    let text = text.ok_or_else(|| FieldError::required(path))?;
    let minor = parse_non_negative_minor(path, text)?;
    if minor > LIMIT_AMOUNT_MINOR_MAX {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            format!("must be at most {}", format_minor(LIMIT_AMOUNT_MINOR_MAX)),
        ));
    }
    Ok(minor)
}
