//! Query strings: [`QueryParams`] parses the raw pairs once and hands them out by name, so that
//! every endpoint refuses unknown, repeated or malformed parameters the same way (400
//! `INVALID_QUERY_PARAMETER`, one entry in `errors` per parameter). [`Paging`] is the shared
//! `page` / `size` / `sort` extractor; [`NoQuery`] marks endpoints that take no parameters.

use crate::error::{ApiError, ErrorCode};
use crate::limits::{QUERY_STRING_BYTES_MAX, QUERY_VALUE_CHARS_MAX};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use openkor_domain::codes::CodeEnum;
use openkor_domain::limits::{PAGE_INDEX_MAX, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SORT_KEYS_MAX};
use openkor_domain::paging::{PageRequest, SortDirection, SortKey};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// The decoded query string, consumed parameter by parameter.
#[derive(Debug, Default)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
    errors: ValidationErrors,
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        QueryParams::parse(parts.uri.query().unwrap_or_default())
    }
}

/// For endpoints that take no query parameters (every write): any parameter is refused like an
/// unknown one on a read, after authentication and the path.
#[derive(Debug)]
pub struct NoQuery;

impl<S: Send + Sync> FromRequestParts<S> for NoQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        QueryParams::parse(parts.uri.query().unwrap_or_default())?.finish()?;
        Ok(NoQuery)
    }
}

impl QueryParams {
    /// Decodes a raw query string.
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        if raw.len() > QUERY_STRING_BYTES_MAX {
            return Err(uri_too_long());
        }
        let mut params = QueryParams::default();
        for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
            if name.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
                params.error(FieldError::new(
                    name.as_ref(),
                    FieldErrorCode::InvalidFormat,
                    "is not valid percent-encoded UTF-8",
                ));
            } else if value.chars().count() > QUERY_VALUE_CHARS_MAX {
                params.error(FieldError::new(
                    name.as_ref(),
                    FieldErrorCode::TooLong,
                    format!("must be at most {QUERY_VALUE_CHARS_MAX} characters"),
                ));
            } else {
                params.pairs.push((name.into_owned(), value.into_owned()));
            }
        }
        Ok(params)
    }

    /// Records an error against a parameter.
    pub fn error(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// Whether `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(key, _)| key == name)
    }

    /// Every value of `name` (a repeatable parameter), removing them. An empty value (`name=`)
    /// is the same as leaving the parameter out: clients that build a query from optional
    /// fields send them.
    pub fn take_all(&mut self, name: &str) -> Vec<String> {
        let (taken, kept) = std::mem::take(&mut self.pairs)
            .into_iter()
            .partition(|(key, _)| key == name);
        self.pairs = kept;
        taken
            .into_iter()
            .map(|(_, value)| value)
            .filter(|value| !value.is_empty())
            .collect()
    }

    /// The items of the list parameter `name`, in either form a client sends a list in: one
    /// comma-separated value (`name=A,B`), the parameter repeated (`name=A&name=B`), or both;
    /// items trimmed, empty ones skipped, each once, in order. `None` when no item is given.
    pub fn take_list(&mut self, name: &str) -> Option<Vec<String>> {
        let mut items: Vec<String> = Vec::new();
        for value in self.take_all(name) {
            for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                if !items.iter().any(|kept| kept == item) {
                    items.push(item.to_owned());
                }
            }
        }
        (!items.is_empty()).then_some(items)
    }

    /// The items of the list parameter `name` (see [`Self::take_list`]), each parsed by
    /// `parse`; every item's error is recorded.
    pub fn take_list_parsed<T>(
        &mut self,
        name: &str,
        mut parse: impl FnMut(&str) -> Result<T, FieldError>,
    ) -> Option<Vec<T>> {
        let items = self.take_list(name)?;
        let mut parsed = Vec::with_capacity(items.len());
        for item in items {
            match parse(&item) {
                Ok(value) => parsed.push(value),
                Err(error) => self.error(error),
            }
        }
        Some(parsed)
    }

    /// The single value of `name`; giving it twice is an error.
    pub fn take(&mut self, name: &str) -> Option<String> {
        let mut values = self.take_all(name);
        if values.len() > 1 {
            self.error(FieldError::new(
                name,
                FieldErrorCode::InvalidValue,
                "must be given at most once",
            ));
            return None;
        }
        values.pop()
    }

    /// The value of `name` parsed by `parse`, whose error message is recorded on failure.
    pub fn take_parsed<T>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        let value = self.take(name)?;
        self.errors.collect(parse(&value))
    }

    /// `page`, `size` and `sort` (falling back to `default_sort`).
    pub fn take_paging<F: CodeEnum + PartialEq>(
        &mut self,
        default_sort: &[SortKey<F>],
    ) -> Option<PageRequest<F>> {
        let page = self.take_parsed("page", |v| parse_bounded("page", v, 0, PAGE_INDEX_MAX));
        let size = self.take_parsed("size", |v| parse_bounded("size", v, 1, PAGE_SIZE_MAX));
        let sort = self.take_sort::<F>();
        let sort = match sort {
            Some(keys) if keys.is_empty() => default_sort.to_vec(),
            Some(keys) => keys,
            None => return None,
        };
        PageRequest::new(page.unwrap_or(0), size.unwrap_or(PAGE_SIZE_DEFAULT), sort)
    }

    fn take_sort<F: CodeEnum + PartialEq>(&mut self) -> Option<Vec<SortKey<F>>> {
        let values = self.take_all("sort");
        if values.len() > SORT_KEYS_MAX {
            self.error(FieldError::new(
                "sort",
                FieldErrorCode::OutOfRange,
                format!("at most {SORT_KEYS_MAX} sort keys are allowed"),
            ));
            return None;
        }
        let mut keys: Vec<SortKey<F>> = Vec::with_capacity(values.len());
        let mut valid = true;
        for value in values {
            match parse_sort_key::<F>(&value) {
                Ok(key) if keys.iter().any(|k| k.field == key.field) => {
                    valid = false;
                    self.error(FieldError::new(
                        "sort",
                        FieldErrorCode::InvalidValue,
                        format!("'{}' is sorted on more than once", key.field.as_code()),
                    ));
                }
                Ok(key) => keys.push(key),
                Err(error) => {
                    valid = false;
                    self.error(error);
                }
            }
        }
        valid.then_some(keys)
    }

    /// Refuses any parameter no one took, then any recorded error.
    pub fn finish(mut self) -> Result<(), ApiError> {
        for (name, _) in std::mem::take(&mut self.pairs) {
            self.errors.push(FieldError::new(
                name,
                FieldErrorCode::UnknownField,
                "is not a parameter of this endpoint",
            ));
        }
        if self.errors.is_empty() {
            return Ok(());
        }
        Err(ApiError::with_errors(
            ErrorCode::InvalidQueryParameter,
            "the query string is invalid; see errors",
            self.errors.into_errors(),
        ))
    }
}

/// A boolean parameter: `true` or `false`, in any case (`True`, `FALSE`).
pub fn parse_bool(name: &str, value: &str) -> Result<bool, FieldError> {
    if value.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(FieldError::new(
            name,
            FieldErrorCode::InvalidValue,
            "must be true or false",
        ))
    }
}

/// 414 for an over-long query string.
pub fn uri_too_long() -> ApiError {
    ApiError::new(
        ErrorCode::UriTooLong,
        format!("the query string exceeds {QUERY_STRING_BYTES_MAX} bytes"),
    )
}

fn parse_bounded(name: &str, value: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let out_of_range = || {
        FieldError::new(
            name,
            FieldErrorCode::OutOfRange,
            format!("must be an integer from {min} to {max}"),
        )
    };
    let digits = value.strip_prefix('+').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits
            .parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(out_of_range);
    }
    if value
        .strip_prefix('-')
        .is_some_and(|rest| rest.parse::<u64>().is_ok())
    {
        return Err(out_of_range());
    }
    Err(FieldError::new(
        name,
        FieldErrorCode::InvalidFormat,
        "must be an integer",
    ))
}

fn parse_sort_key<F: CodeEnum>(value: &str) -> Result<SortKey<F>, FieldError> {
    let (field, direction) = match value.split_once(',') {
        Some((field, direction)) => (field.trim(), Some(direction.trim())),
        None => (value.trim(), None),
    };
    let direction = match direction {
        None => SortDirection::Asc,
        Some(d) if d.eq_ignore_ascii_case("asc") => SortDirection::Asc,
        Some(d) if d.eq_ignore_ascii_case("desc") => SortDirection::Desc,
        Some(_) => {
            return Err(FieldError::new(
                "sort",
                FieldErrorCode::InvalidValue,
                "the direction after the comma must be ASC or DESC",
            ));
        }
    };
    let field = F::parse_code(field).ok_or_else(|| {
        FieldError::new(
            "sort",
            FieldErrorCode::InvalidValue,
            format!("the field must be one of {}", F::accepted_codes()),
        )
    })?;
    Ok(SortKey { field, direction })
}

/// The sort used when a request names none.
pub trait DefaultSort: CodeEnum + PartialEq {
    /// The default keys, e.g. `createdAt,DESC`.
    fn default_sort() -> Vec<SortKey<Self>>;
}

/// `page`, `size` and `sort` of an endpoint that takes no other parameter.
#[derive(Debug)]
pub struct Paging<F>(pub PageRequest<F>);

impl<F: DefaultSort, S: Send + Sync> FromRequestParts<S> for Paging<F> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let mut params = QueryParams::from_request_parts(parts, state).await?;
        let request = params.take_paging(&F::default_sort());
        params.finish()?;
        request
            .map(Paging)
            .ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    openkor_domain::code_enum! {
        /// Test fields.
        pub enum Field {
            /// Name.
            Name => "name",
            /// Created.
            CreatedAt => "createdAt",
        }
    }

    fn paging(query: &str) -> Result<PageRequest<Field>, ApiError> {
        let mut params = QueryParams::parse(query)?;
        let request = params.take_paging(&[SortKey {
            field: Field::CreatedAt,
            direction: SortDirection::Desc,
        }]);
        params.finish()?;
        Ok(request.expect("valid when finish succeeded"))
    }

    fn rejected(query: &str) -> (String, FieldErrorCode) {
        let error = paging(query).expect_err("rejected");
        assert_eq!(error.code(), ErrorCode::InvalidQueryParameter, "{query}");
        error.first_field().expect("a field error")
    }

    #[test]
    fn defaults_apply_when_nothing_is_given() {
        let request = paging("").expect("valid");
        assert_eq!((request.page(), request.size()), (0, PAGE_SIZE_DEFAULT));
        assert_eq!(request.sort()[0].field, Field::CreatedAt);
        assert_eq!(request.sort()[0].direction, SortDirection::Desc);
    }

    #[test]
    fn sort_keys_keep_their_order_and_direction() {
        let request = paging("sort=name,desc&sort=createdAt&page=2&size=100").expect("valid");
        let keys: Vec<_> = request
            .sort()
            .iter()
            .map(|k| (k.field, k.direction))
            .collect();
        assert_eq!(
            keys,
            vec![
                (Field::Name, SortDirection::Desc),
                (Field::CreatedAt, SortDirection::Asc)
            ]
        );
        assert_eq!((request.page(), request.size()), (2, 100));
    }

    #[test]
    fn out_of_range_and_malformed_paging_is_refused() {
        assert_eq!(
            rejected("size=0"),
            ("size".into(), FieldErrorCode::OutOfRange)
        );
        assert_eq!(
            rejected("size=101"),
            ("size".into(), FieldErrorCode::OutOfRange)
        );
        assert_eq!(
            rejected("page=-1"),
            ("page".into(), FieldErrorCode::OutOfRange)
        );
        assert_eq!(
            rejected("page=abc"),
            ("page".into(), FieldErrorCode::InvalidFormat)
        );
        assert_eq!(
            rejected("page=1.5"),
            ("page".into(), FieldErrorCode::InvalidFormat)
        );
        assert_eq!(
            rejected("page=99999999999"),
            ("page".into(), FieldErrorCode::OutOfRange)
        );
        assert_eq!(
            rejected("page=1&page=2"),
            ("page".into(), FieldErrorCode::InvalidValue)
        );
    }

    #[test]
    fn unknown_sort_fields_directions_and_parameters_are_refused() {
        assert_eq!(
            rejected("sort=password"),
            ("sort".into(), FieldErrorCode::InvalidValue)
        );
        assert_eq!(
            rejected("sort=name,UP"),
            ("sort".into(), FieldErrorCode::InvalidValue)
        );
        assert_eq!(
            rejected("sort=name&sort=name,DESC"),
            ("sort".into(), FieldErrorCode::InvalidValue)
        );
        assert_eq!(
            rejected("sort=name&sort=name&sort=name&sort=name&sort=name&sort=name").1,
            FieldErrorCode::OutOfRange
        );
        assert_eq!(
            rejected("colour=blue"),
            ("colour".into(), FieldErrorCode::UnknownField)
        );
        assert_eq!(
            rejected("page=%FF"),
            ("page".into(), FieldErrorCode::InvalidFormat)
        );
    }

    #[test]
    fn a_list_is_read_from_commas_repeats_or_both_and_empty_values_are_absent() {
        let mut params = QueryParams::parse("a=X,Y&a=Z&a=X&a=&b=&c=%20").expect("parsed");
        assert_eq!(
            params.take_list("a"),
            Some(vec!["X".into(), "Y".into(), "Z".into()])
        );
        assert_eq!(params.take("b"), None);
        assert_eq!(params.take_list("c"), None);
        assert_eq!(params.take_list("missing"), None);
        params.finish().expect("nothing left over");
        let defaults = paging("page=&size=&sort=").expect("empty values are defaults");
        assert_eq!((defaults.page(), defaults.size()), (0, PAGE_SIZE_DEFAULT));
        assert_eq!(
            rejected("colour="),
            ("colour".into(), FieldErrorCode::UnknownField),
            "an unknown name is still a mistake"
        );
    }

    #[test]
    fn booleans_are_true_or_false_in_any_case() {
        for (value, expected) in [("true", true), ("TRUE", true), ("False", false)] {
            assert_eq!(parse_bool("flag", value), Ok(expected));
        }
        for value in ["1", "yes", "truee"] {
            assert!(parse_bool("flag", value).is_err(), "{value}");
        }
    }

    #[test]
    fn over_long_query_strings_and_values_are_refused() {
        let long_value = format!("sort={}", "a".repeat(QUERY_VALUE_CHARS_MAX + 1));
        assert_eq!(
            rejected(&long_value),
            ("sort".into(), FieldErrorCode::TooLong)
        );
        let huge = "a=b&".repeat(QUERY_STRING_BYTES_MAX);
        assert_eq!(
            paging(&huge).expect_err("too long").code(),
            ErrorCode::UriTooLong
        );
    }
}
