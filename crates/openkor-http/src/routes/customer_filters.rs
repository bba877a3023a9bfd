//! The query parameters of `GET /v1/customers` (reference §4.4), parsed into a
//! [`CustomerFilter`]. Semantics are documented on [`CustomerFilter`] and in docs/API-DESIGN.md.

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::extract::query::DefaultSort;
use openkor_domain::codes::CodeEnum;
use openkor_domain::contact::normalize_phone;
use openkor_domain::customer::{
    CustomerFilter, CustomerSortField, CustomerStatus, CustomerType, SearchTerm,
};
use openkor_domain::geo::{canadian_postal_code, parse_country_code};
use openkor_domain::limits::{
    CITY_NAME_CHARS_MAX, EMAIL_CHARS_MAX, EXTERNAL_ID_CHARS_MAX, SEARCH_CHARS_MAX,
};
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};
use openkor_domain::text::bounded_text;
use openkor_domain::time_zone::{inclusive_date_range, parse_date, parse_time_zone};
use openkor_domain::validation::{FieldError, FieldErrorCode};

impl DefaultSort for CustomerSortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: CustomerSortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

fn text(name: &'static str, max: usize) -> impl FnOnce(&str) -> Result<String, FieldError> {
    move |value| bounded_text(name, value, 1, max)
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

/// Parses every filter, `page`, `size` and `sort`, refusing anything else.
pub fn parse(
    mut params: QueryParams,
) -> Result<(CustomerFilter, PageRequest<CustomerSortField>), ApiError> {
    let lower = |value: String| value.to_lowercase();
    let search = params.take_parsed("search", text("search", SEARCH_CHARS_MAX));
    let name = params.take_parsed("name", text("name", SEARCH_CHARS_MAX));
    let email = params.take_parsed("primaryEmail", text("primaryEmail", EMAIL_CHARS_MAX));
    // The older spelling `primaryPhonenumber` is accepted too.
    let phone_name = if params.has("primaryPhonenumber") {
        "primaryPhonenumber"
    } else {
        "primaryPhoneNumber"
    };
    let phone = params.take_parsed(phone_name, |v| normalize_phone(phone_name, v));
    let external_id = params.take_parsed("externalId", text("externalId", EXTERNAL_ID_CHARS_MAX));
    let from = params.take_parsed("createdAtFrom", |v| parse_date("createdAtFrom", v));
    let to = params.take_parsed("createdAtTo", |v| parse_date("createdAtTo", v));
    let zone = params
        .take_parsed("timeZone", |v| parse_time_zone("timeZone", v))
        .unwrap_or(jiff::tz::TimeZone::UTC);
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        params.error(FieldError::new(
            "createdAtTo",
            FieldErrorCode::Inconsistent,
            "must not be before createdAtFrom",
        ));
    }
    let customer_type = params.take_parsed("type", code::<CustomerType>("type"));
    let status = params.take_parsed("status", code::<CustomerStatus>("status"));
    let city = params.take_parsed("cityName", text("cityName", CITY_NAME_CHARS_MAX));
    let country = params.take_parsed("countryCode", |v| parse_country_code("countryCode", v));
    let zip = params.take_parsed("zipCode", text("zipCode", 10));
    let request = params.take_paging(&CustomerSortField::default_sort());
    params.finish()?;
    let (created_from, created_before) = inclusive_date_range(from, to, &zone);
    let filter = CustomerFilter {
        search: search.as_deref().map(SearchTerm::new),
        name: name.map(lower),
        primary_email: email.map(lower),
        primary_phone_number: phone,
        external_id,
        created_from,
        created_before,
        customer_type,
        status,
        city_name: city.map(lower),
        country_code: country,
        // A Canadian postal code is stored as `A1A 1A1`; the filter accepts it as written.
        zip_code: zip.map(|zip| lower(canadian_postal_code(&zip).unwrap_or(zip))),
    };
    let request =
        request.ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))?;
    Ok((filter, request))
}
