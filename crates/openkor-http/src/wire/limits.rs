//! Transaction limits on the wire (reference §8): the Transaction Limits object and the
//! utilisation object (amounts as JSON numbers, as the reference shows them), the Financial
//! Account and Business Account Limits objects (decimal strings), the bulk update body and the
//! limits a new Customer is given.

use openkor_domain::clock::Timestamp;
use openkor_domain::money::Currency;
use openkor_domain::money::{format_minor, parse_non_negative_minor};
use openkor_domain::transaction_limits::{
    BusinessAccountLimits, LIMIT_AMOUNT_MINOR_MAX, LimitAmount, LimitType, LimitUsage,
    TransactionLimit,
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
        Self {
            financial_account_id,
            periods: periods(usages, at),
        }
    }
}

/// The Business Account Limits object: the requested account's (`businessAccountId`) or an
/// ancestor's (`parentBusinessAccountId`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccountLimitsBody {
    /// The requested Business Account (first entry only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub business_account_id: Option<Uuid>,
    /// An ancestor of the requested Business Account (every entry after the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub parent_business_account_id: Option<Uuid>,
    /// Daily, weekly and monthly, each with the limit and usage of the window containing `ts`.
    pub periods: Vec<PeriodBody>,
}

impl BusinessAccountLimitsBody {
    /// The array `GET /v1/business-accounts/{id}/limits` answers: the requested account's
    /// limits first, then each ancestor's.
    pub fn list(lineage: &[BusinessAccountLimits], at: Timestamp) -> Vec<Self> {
        lineage
            .iter()
            .enumerate()
            .map(|(index, limits)| {
                let id = Some(limits.business_account_id.as_uuid());
                Self {
                    business_account_id: if index == 0 { id } else { None },
                    parent_business_account_id: if index == 0 { None } else { id },
                    periods: periods(&limits.usages, at),
                }
            })
            .collect()
    }
}

/// The daily, weekly and monthly periods containing `at`, each with the `{limit, used}` of
/// every limit of its type in `usages`, by currency.
fn periods(usages: &[LimitUsage], at: Timestamp) -> Vec<PeriodBody> {
    [
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
    .collect()
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

/// One limit a Customer is given at creation: `{"limitType": "DAILY", "currency": "USD",
/// "amount": "1000.00"}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GivenLimit {
    /// `SINGLE`, `DAILY`, `WEEKLY` or `MONTHLY`.
    #[serde(default)]
    #[schema(required = true, schema_with = crate::wire::codes::code_schema::<openkor_domain::transaction_limits::LimitType>)]
    pub limit_type: Option<String>,
    /// `USD` or `CAD`.
    #[serde(default)]
    #[schema(required = true, schema_with = crate::wire::codes::currency)]
    pub currency: Option<String>,
    /// The cap: a decimal string (a JSON number is accepted too), at least 0.
    #[serde(default, deserialize_with = "crate::wire::transaction::amount_text")]
    #[schema(required = true, value_type = String, pattern = "^[0-9]{1,9}(\\.[0-9]{1,2})?$", example = "1000.00")]
    pub amount: Option<String>,
}

/// Most limits a Customer may be given at creation: each type in each currency.
pub const GIVEN_LIMITS_MAX: usize = 8;

/// Checks the `limits` of a new Customer: each type and currency known and named once, each
/// amount a non-negative decimal of at most two places.
pub fn parse_given_limits(given: &[GivenLimit]) -> Result<Vec<LimitAmount>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if given.len() > GIVEN_LIMITS_MAX {
        errors.push(FieldError::new(
            "limits",
            FieldErrorCode::OutOfRange,
            format!("must hold at most {GIVEN_LIMITS_MAX} limits (each type in each currency)"),
        ));
    }
    let mut limits: Vec<LimitAmount> = Vec::with_capacity(given.len());
    for (index, limit) in given.iter().enumerate() {
        let path = |field: &str| format!("limits[{index}].{field}");
        let limit_type = errors.collect(given_code(
            &path("limitType"),
            limit.limit_type.as_deref(),
            LimitType::from_code,
            "SINGLE, DAILY, WEEKLY or MONTHLY",
        ));
        let currency = errors.collect(given_code(
            &path("currency"),
            limit.currency.as_deref(),
            |code| code.parse::<Currency>().ok(),
            "USD or CAD",
        ));
        let amount_minor = errors.collect(limit_amount(&path("amount"), limit.amount.as_deref()));
        let (Some(limit_type), Some(currency), Some(amount_minor)) =
            (limit_type, currency, amount_minor)
        else {
            continue;
        };
        if limits
            .iter()
            .any(|l| l.limit_type == limit_type && l.currency == currency)
        {
            errors.push(FieldError::new(
                format!("limits[{index}]"),
                FieldErrorCode::Duplicate,
                format!(
                    "names the {} limit in {} twice",
                    limit_type.code(),
                    currency.code()
                ),
            ));
            continue;
        }
        limits.push(LimitAmount {
            limit_type,
            currency,
            amount_minor,
        });
    }
    errors.finish(limits)
}

fn given_code<T>(
    path: &str,
    text: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Result<T, FieldError> {
    let text = text.ok_or_else(|| FieldError::required(path))?;
    parse(text).ok_or_else(|| {
        FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            format!("must be {expected}"),
        )
    })
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
