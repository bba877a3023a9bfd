//! Query parameters of the Financial Account lists (`list-financial-accounts` seed page).

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::extract::query::{DefaultSort, parse_bool};
use openkor_domain::codes::CodeEnum;
use openkor_domain::financial_account::{
    AccountState, AccountType, Category, FinancialAccountFilter, FinancialAccountSortField,
    HolderType,
};
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::limits::NAME_CHARS_MAX;
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};
use openkor_domain::text::bounded_text;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use uuid::Uuid;

impl DefaultSort for FinancialAccountSortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: FinancialAccountSortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

fn one_of<T: CodeEnum>(name: &str, value: &str) -> Result<T, FieldError> {
    T::parse_code(value).ok_or_else(|| {
        FieldError::new(
            name,
            FieldErrorCode::InvalidValue,
            format!("must be one of {}", T::accepted_codes()),
        )
    })
}

/// A list of codes (`CUSTOMER,RECIPIENT`, or the parameter repeated).
fn list_of<T: CodeEnum>(params: &mut QueryParams, name: &str) -> Option<Vec<T>> {
    params.take_list_parsed(name, |item| one_of::<T>(name, item))
}

fn uuid(name: &str, value: &str) -> Result<Uuid, FieldError> {
    openkor_domain::ids::parse_canonical_uuid(value)
        .ok_or_else(|| FieldError::new(name, FieldErrorCode::InvalidFormat, "must be a UUID"))
}

/// `cardStartingNumbers`: BIN and card-program prefixes, 1 to 11 digits each.
fn card_prefix(value: &str) -> Result<String, FieldError> {
    let digits = value.len();
    if (1..=11).contains(&digits) && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(
            "cardStartingNumbers",
            FieldErrorCode::InvalidFormat,
            "each item must be 1 to 11 digits (a BIN and card-program prefix)",
        ))
    }
}

/// `type` and `state`, shared by both lists.
fn type_and_state(params: &mut QueryParams, filter: &mut FinancialAccountFilter) {
    filter.account_type = params.take_parsed("type", |v| one_of::<AccountType>("type", v));
    filter.state = params.take_parsed("state", |v| one_of::<AccountState>("state", v));
}

fn finish(
    mut params: QueryParams,
    filter: FinancialAccountFilter,
) -> Result<
    (
        FinancialAccountFilter,
        PageRequest<FinancialAccountSortField>,
    ),
    ApiError,
> {
    let request = params.take_paging(&FinancialAccountSortField::default_sort());
    params.finish()?;
    let request =
        request.ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))?;
    Ok((filter, request))
}

/// `GET /v1/financial-accounts`.
pub fn parse_list(
    mut params: QueryParams,
) -> Result<
    (
        FinancialAccountFilter,
        PageRequest<FinancialAccountSortField>,
    ),
    ApiError,
> {
    let mut filter = FinancialAccountFilter {
        holder_types: list_of::<HolderType>(&mut params, "accountHolderTypes"),
        holder_id: params.take_parsed("accountHolderId", |v| uuid("accountHolderId", v)),
        categories: list_of::<Category>(&mut params, "categories"),
        name: params
            .take_parsed("name", |v| bounded_text("name", v, 1, NAME_CHARS_MAX))
            .map(|name| name.to_lowercase()),
        default_flag: params.take_parsed("defaultFlag", |v| parse_bool("defaultFlag", v)),
        parent_id: params
            .take_parsed("parentId", |v| uuid("parentId", v))
            .map(FinancialAccountId::from_uuid),
        issued_card_prefixes: params.take_list_parsed("cardStartingNumbers", card_prefix),
        ..FinancialAccountFilter::default()
    };
    type_and_state(&mut params, &mut filter);
    finish(params, filter)
}

/// `GET /v1/customers/{customerId}/financial-accounts`: `type`, `state`, paging.
pub fn parse_customer_list(
    mut params: QueryParams,
) -> Result<
    (
        FinancialAccountFilter,
        PageRequest<FinancialAccountSortField>,
    ),
    ApiError,
> {
    let mut filter = FinancialAccountFilter::default();
    type_and_state(&mut params, &mut filter);
    finish(params, filter)
}
