//! Query parameters of the transaction reads: `GET /v1/transactions` (reference §9.4, "Search
//! query"), parsed into a [`TransactionFilter`] whose semantics it documents, and
//! `GET /v1/transaction-histories`.
//!
//! `requestorId` / `requestorType` also go by their older names `createdById` /
//! `createdByType`; giving a name and its older name together is `INCONSISTENT`.
//! `createdByType` takes the older values `EMPLOYEE` and `SERVICE_ACCOUNT` (and the newer
//! codes). Its older values `CUSTOMER` and `RECIPIENT` are refused (`INVALID_VALUE`) rather
//! than accepted and matching nothing: in openkor only Service Accounts, Team Members and
//! openkor itself create transactions, and a filter that can never match is more likely a
//! client's mistake than its intent.

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::extract::query::DefaultSort;
use openkor_domain::actor::ActorKind;
use openkor_domain::codes::CodeEnum;
use openkor_domain::ids::{FinancialAccountId, TransactionId, parse_canonical_uuid};
use openkor_domain::money::parse_non_negative_minor;
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};
use openkor_domain::time_zone::{inclusive_date_range, parse_date, parse_time_zone};
use openkor_domain::transaction::{
    HistorySortField, Solution, TransactionFilter, TransactionSortField, TransactionStatus,
    TransactionType, parse_masked_tail,
};
use openkor_domain::validation::{FieldError, FieldErrorCode};
use uuid::Uuid;

impl DefaultSort for TransactionSortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: TransactionSortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

impl DefaultSort for HistorySortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: HistorySortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

fn code<T: CodeEnum>(name: &'static str) -> impl FnOnce(&str) -> Result<T, FieldError> {
    move |value| {
        T::parse_code(value).ok_or_else(|| {
            FieldError::new(
                name,
                FieldErrorCode::InvalidValue,
                format!("must be one of {}", T::accepted_codes()),
            )
        })
    }
}

/// A canonical UUID, the error naming `name`.
pub(crate) fn uuid(name: &'static str) -> impl FnOnce(&str) -> Result<Uuid, FieldError> {
    move |value| {
        parse_canonical_uuid(value)
            .ok_or_else(|| FieldError::new(name, FieldErrorCode::InvalidFormat, "must be a UUID"))
    }
}

fn account_id(name: &'static str) -> impl FnOnce(&str) -> Result<FinancialAccountId, FieldError> {
    move |value| uuid(name)(value).map(FinancialAccountId::from_uuid)
}

/// A non-negative decimal with at most two places, in minor units.
fn amount(name: &'static str) -> impl FnOnce(&str) -> Result<i64, FieldError> {
    move |value| parse_non_negative_minor(name, value)
}

fn masked(name: &'static str) -> impl FnOnce(&str) -> Result<String, FieldError> {
    move |value| {
        parse_masked_tail(value).ok_or_else(|| {
            FieldError::new(
                name,
                FieldErrorCode::InvalidFormat,
                "must be the last four digits, optionally after asterisks (******1234)",
            )
        })
    }
}

/// `createdByType`: the older upper-case values, or the newer codes.
fn older_requestor_type(value: &str) -> Result<ActorKind, FieldError> {
    match value {
        "EMPLOYEE" => Ok(ActorKind::Employee),
        "SERVICE_ACCOUNT" => Ok(ActorKind::ServiceAccount),
        "CUSTOMER" | "RECIPIENT" => Err(FieldError::new(
            "createdByType",
            FieldErrorCode::InvalidValue,
            "customers and recipients never create transactions in openkor; must be one of EMPLOYEE, SERVICE_ACCOUNT",
        )),
        other => ActorKind::parse_code(other).ok_or_else(|| {
            FieldError::new(
                "createdByType",
                FieldErrorCode::InvalidValue,
                format!(
                    "must be one of EMPLOYEE, SERVICE_ACCOUNT, {}",
                    ActorKind::accepted_codes()
                ),
            )
        }),
    }
}

/// The value of `name`, or of its older name `alias`; both at once is `INCONSISTENT`.
fn take_either<T>(
    params: &mut QueryParams,
    (name, parse): (&'static str, impl FnOnce(&str) -> Result<T, FieldError>),
    (alias, parse_alias): (&'static str, impl FnOnce(&str) -> Result<T, FieldError>),
) -> Option<T> {
    if params.has(name) && params.has(alias) {
        params.take_all(name);
        params.take_all(alias);
        params.error(FieldError::new(
            alias,
            FieldErrorCode::Inconsistent,
            format!("is the older name of {name}; give only one of them"),
        ));
        return None;
    }
    if params.has(alias) {
        params.take_parsed(alias, parse_alias)
    } else {
        params.take_parsed(name, parse)
    }
}

/// `createdDateFrom`, `createdDateTo` and `timeZone` as a half-open instant range.
fn created_range(params: &mut QueryParams, filter: &mut TransactionFilter) {
    let from = params.take_parsed("createdDateFrom", |v| parse_date("createdDateFrom", v));
    let to = params.take_parsed("createdDateTo", |v| parse_date("createdDateTo", v));
    let zone = params
        .take_parsed("timeZone", |v| parse_time_zone("timeZone", v))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        params.error(FieldError::new(
            "createdDateTo",
            FieldErrorCode::Inconsistent,
            "must not be before createdDateFrom",
        ));
    }
    (filter.created_from, filter.created_before) = inclusive_date_range(from, to, &zone);
}

/// `amountFrom` and `amountTo`, inclusive.
fn amount_range(params: &mut QueryParams, filter: &mut TransactionFilter) {
    let from = params.take_parsed("amountFrom", amount("amountFrom"));
    let to = params.take_parsed("amountTo", amount("amountTo"));
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        params.error(FieldError::new(
            "amountTo",
            FieldErrorCode::Inconsistent,
            "must not be less than amountFrom",
        ));
    }
    (filter.amount_from_minor, filter.amount_to_minor) = (from, to);
}

/// The creator: `requestorId` / `createdById` and `requestorType` / `createdByType`.
fn requestor(params: &mut QueryParams, filter: &mut TransactionFilter) {
    filter.requestor_id = take_either(
        params,
        ("requestorId", uuid("requestorId")),
        ("createdById", uuid("createdById")),
    );
    filter.requestor_type = take_either(
        params,
        ("requestorType", code::<ActorKind>("requestorType")),
        ("createdByType", older_requestor_type),
    );
}

/// `GET /v1/transactions`: every filter, `page`, `size` and `sort`, refusing anything else.
pub fn parse_list(
    mut params: QueryParams,
) -> Result<(TransactionFilter, PageRequest<TransactionSortField>), ApiError> {
    let mut filter = TransactionFilter::default();
    created_range(&mut params, &mut filter);
    amount_range(&mut params, &mut filter);
    requestor(&mut params, &mut filter);
    filter.latest_status =
        params.take_parsed("latestStatus", code::<TransactionStatus>("latestStatus"));
    filter.debit_account_tail = params.take_parsed(
        "maskedDebitAccountNumber",
        masked("maskedDebitAccountNumber"),
    );
    filter.credit_account_tail = params.take_parsed(
        "maskedCreditAccountNumber",
        masked("maskedCreditAccountNumber"),
    );
    filter.debit_financial_account_id = params.take_parsed(
        "debitFinancialAccountId",
        account_id("debitFinancialAccountId"),
    );
    filter.credit_financial_account_id = params.take_parsed(
        "creditFinancialAccountId",
        account_id("creditFinancialAccountId"),
    );
    filter.transaction_type = params.take_parsed(
        "transactionType",
        code::<TransactionType>("transactionType"),
    );
    filter.solution = params.take_parsed("solution", code::<Solution>("solution"));
    let request = params.take_paging(&TransactionSortField::default_sort());
    params.finish()?;
    let request =
        request.ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))?;
    Ok((filter, request))
}

/// `GET /v1/transaction-histories`: `transactionId` (required), `page`, `size`, `sort`.
pub fn parse_history(
    mut params: QueryParams,
) -> Result<(TransactionId, PageRequest<HistorySortField>), ApiError> {
    if !params.has("transactionId") {
        params.error(FieldError::required("transactionId"));
    }
    let id = params
        .take_parsed("transactionId", uuid("transactionId"))
        .map(TransactionId::from_uuid);
    let request = params.take_paging(&HistorySortField::default_sort());
    params.finish()?;
    match (id, request) {
        (Some(id), Some(request)) => Ok((id, request)),
        _ => Err(ApiError::internal(
            "history parameters parsed without errors yet invalid",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use openkor_domain::clock::Timestamp;

    fn list(
        query: &str,
    ) -> Result<(TransactionFilter, PageRequest<TransactionSortField>), ApiError> {
        parse_list(QueryParams::parse(query)?)
    }

    fn parsed(query: &str) -> TransactionFilter {
        list(query).expect("valid").0
    }

    fn refused(query: &str) -> Vec<(String, FieldErrorCode)> {
        let error = list(query).expect_err("refused");
        assert_eq!(error.code(), ErrorCode::InvalidQueryParameter, "{query}");
        error.fields()
    }

    fn field(name: &str, code: FieldErrorCode) -> Vec<(String, FieldErrorCode)> {
        vec![(name.to_owned(), code)]
    }

    #[test]
    fn no_parameters_is_every_transaction_newest_first() {
        let (filter, request) = list("").expect("valid");
        assert_eq!(filter, TransactionFilter::default());
        assert_eq!(
            request.sort(),
            TransactionSortField::default_sort().as_slice()
        );
        let (_, request) = list("sort=amount,ASC&page=2&size=5").expect("valid");
        assert_eq!(request.sort()[0].field, TransactionSortField::Amount);
        assert_eq!((request.page(), request.size()), (2, 5));
        assert_eq!(refused("sort=memo")[0].1, FieldErrorCode::InvalidValue);
    }

    #[test]
    fn dates_are_inclusive_in_the_time_zone() {
        let filter = parsed("createdDateFrom=2024-03-01&createdDateTo=2024-03-01&timeZone=-05:00");
        assert_eq!(
            filter.created_from.map(|t| t.to_string()).as_deref(),
            Some("2024-03-01T05:00:00.000Z")
        );
        assert_eq!(
            filter.created_before.map(|t| t.to_string()).as_deref(),
            Some("2024-03-02T05:00:00.000Z")
        );
        let utc = parsed("createdDateTo=2024-03-01");
        assert_eq!(utc.created_from, None);
        assert_eq!(
            utc.created_before,
            Some(Timestamp::from_unix_ms(1_709_337_600_000))
        );
        assert_eq!(
            refused("createdDateFrom=2024-03-02&createdDateTo=2024-03-01"),
            field("createdDateTo", FieldErrorCode::Inconsistent)
        );
        assert_eq!(
            refused("createdDateFrom=2024-3-1"),
            field("createdDateFrom", FieldErrorCode::InvalidFormat)
        );
    }

    #[test]
    fn amounts_are_exact_non_negative_and_ordered() {
        let filter = parsed("amountFrom=0&amountTo=10.5");
        assert_eq!(
            (filter.amount_from_minor, filter.amount_to_minor),
            (Some(0), Some(1_050))
        );
        assert_eq!(
            refused("amountFrom=10&amountTo=9.99"),
            field("amountTo", FieldErrorCode::Inconsistent)
        );
        assert_eq!(
            refused("amountFrom=-1"),
            field("amountFrom", FieldErrorCode::OutOfRange)
        );
        assert_eq!(
            refused("amountTo=1.001"),
            field("amountTo", FieldErrorCode::OutOfRange)
        );
        assert_eq!(
            refused("amountTo=1e3"),
            field("amountTo", FieldErrorCode::InvalidFormat)
        );
    }

    #[test]
    fn codes_ids_and_masked_numbers_are_checked() {
        let id = "0190f5a8-7c1e-7d3a-9b2c-3d4e5f607182";
        let filter = parsed(&format!(
            "latestStatus=SETTLED&transactionType=SEND&solution=push-to-card\
             &maskedDebitAccountNumber=******1234&maskedCreditAccountNumber=5678\
             &debitFinancialAccountId={id}&creditFinancialAccountId={id}"
        ));
        assert_eq!(filter.latest_status, Some(TransactionStatus::Settled));
        assert_eq!(filter.transaction_type, Some(TransactionType::Send));
        assert_eq!(filter.solution, Some(Solution::PushToCard));
        assert_eq!(filter.debit_account_tail.as_deref(), Some("1234"));
        assert_eq!(filter.credit_account_tail.as_deref(), Some("5678"));
        assert_eq!(
            filter
                .debit_financial_account_id
                .map(|a| a.to_string())
                .as_deref(),
            Some(id)
        );
        assert_eq!(
            refused("maskedDebitAccountNumber=12345"),
            field("maskedDebitAccountNumber", FieldErrorCode::InvalidFormat)
        );
        assert_eq!(
            refused("latestStatus=settled"),
            field("latestStatus", FieldErrorCode::InvalidValue)
        );
        assert_eq!(
            refused("debitFinancialAccountId=0190F5A8-7C1E-7D3A-9B2C-3D4E5F607182"),
            field("debitFinancialAccountId", FieldErrorCode::InvalidFormat)
        );
        assert_eq!(
            refused("recipientId=x"),
            field("recipientId", FieldErrorCode::UnknownField)
        );
    }

    #[test]
    fn requestors_go_by_their_newer_or_older_names_but_not_both() {
        let id = "0190f5a8-7c1e-7d3a-9b2c-3d4e5f607182";
        let newer = parsed(&format!("requestorId={id}&requestorType=service-account"));
        let older = parsed(&format!("createdById={id}&createdByType=SERVICE_ACCOUNT"));
        assert_eq!(newer, older);
        assert_eq!(newer.requestor_type, Some(ActorKind::ServiceAccount));
        assert_eq!(
            parsed("createdByType=EMPLOYEE").requestor_type,
            Some(ActorKind::Employee)
        );
        assert_eq!(
            parsed("requestorType=internal").requestor_type,
            Some(ActorKind::Internal)
        );
        assert_eq!(
            refused(&format!("requestorId={id}&createdById={id}")),
            field("createdById", FieldErrorCode::Inconsistent)
        );
        assert_eq!(
            refused("requestorType=employee&createdByType=EMPLOYEE"),
            field("createdByType", FieldErrorCode::Inconsistent)
        );
        assert_eq!(
            refused("createdByType=CUSTOMER"),
            field("createdByType", FieldErrorCode::InvalidValue)
        );
        assert_eq!(
            refused("requestorType=EMPLOYEE"),
            field("requestorType", FieldErrorCode::InvalidValue)
        );
    }

    #[test]
    fn a_history_needs_its_transaction() {
        let id = "0190f5a8-7c1e-7d3a-9b2c-3d4e5f607182";
        let (parsed, request) =
            parse_history(QueryParams::parse(&format!("transactionId={id}")).expect("query"))
                .expect("valid");
        assert_eq!(parsed.to_string(), id);
        assert_eq!(request.sort(), HistorySortField::default_sort().as_slice());
        for (query, code) in [
            ("", FieldErrorCode::Required),
            ("transactionId=nope", FieldErrorCode::InvalidFormat),
        ] {
            let error =
                parse_history(QueryParams::parse(query).expect("query")).expect_err("refused");
            assert_eq!(error.code(), ErrorCode::InvalidQueryParameter);
            assert_eq!(error.fields(), field("transactionId", code), "{query}");
        }
        let error = parse_history(
            QueryParams::parse(&format!("transactionId={id}&sort=status")).expect("query"),
        )
        .expect_err("not sortable");
        assert_eq!(error.fields(), field("sort", FieldErrorCode::InvalidValue));
    }
}
