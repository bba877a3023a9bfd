//! Query parameters of the Financial Account lists (`list-financial-accounts` seed page).

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::extract::query::DefaultSort;
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

/// A comma-separated list of codes (`CUSTOMER,RECIPIENT`).
fn list_of<T: CodeEnum + PartialEq>(name: &str, value: &str) -> Result<Vec<T>, FieldError> {
    let mut items = Vec::new();
    for item in value.split(',').map(str::trim) {
        let parsed = one_of::<T>(name, item)?;
        if !items.contains(&parsed) {
            items.push(parsed);
        }
    }
    Ok(items)
}

fn uuid(name: &str, value: &str) -> Result<Uuid, FieldError> {
    openkor_domain::ids::parse_canonical_uuid(value)
        .ok_or_else(|| FieldError::new(name, FieldErrorCode::InvalidFormat, "must be a UUID"))
}

fn boolean(name: &str, value: &str) -> Result<bool, FieldError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(FieldError::new(
            name,
            FieldErrorCode::InvalidValue,
            "must be true or false",
        )),
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
        holder_types: params.take_parsed("accountHolderTypes", |v| {
            list_of::<HolderType>("accountHolderTypes", v)
        }),
        holder_id: params.take_parsed("accountHolderId", |v| uuid("accountHolderId", v)),
        categories: params.take_parsed("categories", |v| list_of::<Category>("categories", v)),
        name: params
            .take_parsed("name", |v| bounded_text("name", v, 1, NAME_CHARS_MAX))
            .map(|name| name.to_lowercase()),
        default_flag: params.take_parsed("defaultFlag", |v| boolean("defaultFlag", v)),
        parent_id: params
            .take_parsed("parentId", |v| uuid("parentId", v))
            .map(FinancialAccountId::from_uuid),
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
