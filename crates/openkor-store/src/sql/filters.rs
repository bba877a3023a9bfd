//! The filter conditions and sort columns of the customer and Financial Account lists.

use super::search::{Candidates, in_columns, trigram_phrase};
use super::{Builder, Conditions, SortColumn, SqlValue, contains_pattern};
use openkor_domain::customer::{CustomerFilter, CustomerSortField, SearchTerm};
use openkor_domain::financial_account::{FinancialAccountFilter, FinancialAccountSortField};
use uuid::Uuid;

/// The conditions of a customer list of `scope` over `customers c` (live rows only),
/// placeholders numbered from `first_placeholder`, read from `candidates` (see
/// [`super::search`]).
pub fn customer_conditions(
    scope: Uuid,
    filter: &CustomerFilter,
    first_placeholder: usize,
    candidates: &Candidates,
) -> Conditions {
    let mut b = Builder {
        conditions: Conditions::default(),
        next: first_placeholder,
    };
    b.conditions.sql.push_str(" AND c.deleted_at IS NULL");
    b.candidates(candidates);
    if let Some(term) = &filter.search {
        let pattern = b.bind(SqlValue::Text(contains_pattern(&term.text)));
        let mut alternatives = vec![
            format!("c.search_name LIKE {pattern} ESCAPE '\\'"),
            format!("c.search_email LIKE {pattern} ESCAPE '\\'"),
        ];
        if let Some(digits) = term.phone_digits.as_ref().filter(|d| !d.is_empty()) {
            let p = b.bind(SqlValue::Text(contains_pattern(digits)));
            alternatives.push(format!("c.search_phone_digits LIKE {p} ESCAPE '\\'"));
        }
        if let Some(id) = term.id {
            let p = b.bind(SqlValue::Uuid(id));
            alternatives.push(format!("c.id = {p}"));
        }
        b.and(format!("({})", alternatives.join(" OR ")));
    }
    if let Some(name) = &filter.name {
        let p = b.bind(SqlValue::Text(contains_pattern(name)));
        b.and(format!("c.search_name LIKE {p} ESCAPE '\\'"));
    }
    let exact = [
        ("c.search_email", filter.primary_email.as_ref()),
        ("c.search_phone", filter.primary_phone_number.as_ref()),
        ("c.external_id", filter.external_id.as_ref()),
    ];
    for (column, value) in exact {
        if let Some(value) = value {
            let p = b.bind(SqlValue::Text(value.clone()));
            b.and(format!("{column} = {p}"));
        }
    }
    if let Some(customer_type) = filter.customer_type {
        let p = b.bind(SqlValue::Text(customer_type.code().to_owned()));
        b.and(format!("c.customer_type = {p}"));
    }
    if let Some(status) = filter.status {
        let p = b.bind(SqlValue::Text(status.code().to_owned()));
        b.and(format!("c.status = {p}"));
    }
    if let Some(from) = filter.created_from {
        let p = b.bind(SqlValue::Timestamp(from));
        b.and(format!("c.created_at >= {p}"));
    }
    if let Some(before) = filter.created_before {
        let p = b.bind(SqlValue::Timestamp(before));
        b.and(format!("c.created_at < {p}"));
    }
    let mut address = Vec::new();
    if !matches!(candidates, Candidates::CustomerAddresses { .. }) {
        for (column, value) in customer_address_filters(filter) {
            let p = b.bind(value);
            address.push(format!("{column} = {p}"));
        }
    }
    if !address.is_empty() {
        // `IN`, not a correlated `EXISTS`: SQLite 3.51.3 returns a customer once per matching
        // address when a correlated EXISTS meets ORDER BY … LIMIT … OFFSET, so pages overlap.
        let tenant = b.bind(SqlValue::Uuid(scope));
        b.and(format!(
            "c.id IN (SELECT a.customer_id FROM customer_addresses a WHERE a.business_account_id = {tenant} \
             AND {})",
            address.join(" AND ")
        ));
    }
    b.conditions
}

/// The customer list's address filters: each column of `customer_addresses a` with the value
/// it must equal (in one address of the customer).
pub fn customer_address_filters(filter: &CustomerFilter) -> Vec<(&'static str, SqlValue)> {
    [
        ("a.search_city", &filter.city_name),
        ("a.country_code", &filter.country_code),
        ("a.search_zip", &filter.zip_code),
    ]
    .into_iter()
    .filter_map(|(column, value)| Some((column, SqlValue::Text(value.clone()?))))
    .collect()
}

/// The full-text query (and the id a search term names) that finds every customer that
/// `filter`'s `search` matches, else its `name`; `None` when neither has one.
pub fn customer_full_text(filter: &CustomerFilter) -> Option<(String, Option<Uuid>)> {
    let search = filter.search.as_ref().and_then(|term| {
        let query = customer_search_query(term)?;
        Some((query, term.id))
    });
    search.or_else(|| {
        let phrase = trigram_phrase(filter.name.as_deref()?)?;
        Some((in_columns(&["search_name"], &phrase), None))
    })
}

/// The full-text query finding every customer whose name or e-mail contains `term`'s text, or
/// whose phone number's digits contain its digits; `None` when a part is too short for one.
fn customer_search_query(term: &SearchTerm) -> Option<String> {
    let text = in_columns(
        &["search_name", "search_email"],
        &trigram_phrase(&term.text)?,
    );
    match &term.phone_digits {
        None => Some(text),
        Some(digits) => {
            let digits = in_columns(&["search_phone_digits"], &trigram_phrase(digits)?);
            Some(format!("{text} OR {digits}"))
        }
    }
}

/// The sort column of each customer sort field; `text_collation` is appended to text columns
/// (PostgreSQL passes `COLLATE "C"` so that both backends compare code points).
pub fn customer_sort_column(field: CustomerSortField, text_collation: bool) -> SortColumn {
    let text =
        |plain: &'static str, collated: &'static str| if text_collation { collated } else { plain };
    match field {
        CustomerSortField::CreatedAt => SortColumn::timestamp("c.created_at"),
        CustomerSortField::UpdatedAt => SortColumn::timestamp("c.updated_at"),
        CustomerSortField::Name => {
            SortColumn::text(text("c.search_name", "c.search_name COLLATE \"C\""))
        }
        CustomerSortField::ExternalId => {
            SortColumn::text(text("c.external_id", "c.external_id COLLATE \"C\"")).or_null()
        }
        CustomerSortField::Status => SortColumn::text("c.status"),
        CustomerSortField::Type => SortColumn::text("c.customer_type"),
        CustomerSortField::Id => SortColumn::uuid("c.id"),
    }
}

/// `col IN (p, …)` over `codes`, binding each.
fn any_of(b: &mut Builder, column: &str, codes: &[&str]) -> String {
    let placeholders: Vec<String> = codes
        .iter()
        .map(|code| b.bind(SqlValue::Text((*code).to_owned())))
        .collect();
    format!("{column} IN ({})", placeholders.join(", "))
}

/// The conditions of a Financial Account list of `scope` over `financial_accounts fa` (live
/// accounts of live holders only), placeholders numbered from `first_placeholder`, read from
/// `candidates` (see [`super::search`]).
pub fn financial_account_conditions(
    scope: Uuid,
    filter: &FinancialAccountFilter,
    first_placeholder: usize,
    candidates: &Candidates,
) -> Conditions {
    let mut b = Builder {
        conditions: Conditions::default(),
        next: first_placeholder,
    };
    b.conditions.sql.push_str(" AND fa.deleted_at IS NULL");
    b.candidates(candidates);
    if let Some(types) = &filter.holder_types {
        let codes: Vec<&str> = types.iter().map(|t| t.code()).collect();
        let clause = any_of(&mut b, "fa.holder_type", &codes);
        b.and(clause);
    }
    if let Some(holder) = filter.holder_id {
        // The Business Account's own accounts have no holder id: naming it selects them by
        // holder type, so each form is one condition an index serves (no `OR`).
        if holder == scope {
            b.and("fa.holder_type = 'BUSINESS_ACCOUNT'".to_owned());
        } else {
            let id = b.bind(SqlValue::Uuid(holder));
            b.and(format!("fa.holder_id = {id}"));
        }
    }
    if let Some(categories) = &filter.categories {
        let codes: Vec<&str> = categories.iter().map(|c| c.code()).collect();
        let clause = any_of(&mut b, "fa.category", &codes);
        b.and(clause);
    }
    if let Some(name) = &filter.name {
        let p = b.bind(SqlValue::Text(contains_pattern(name)));
        b.and(format!("fa.search_name LIKE {p} ESCAPE '\\'"));
    }
    if let Some(default_flag) = filter.default_flag {
        let p = b.bind(SqlValue::Bool(default_flag));
        b.and(format!("fa.default_flag = {p}"));
    }
    if let Some(parent) = filter.parent_id {
        let p = b.bind(SqlValue::Uuid(parent.as_uuid()));
        b.and(format!("fa.parent_id = {p}"));
    }
    if let Some(account_type) = filter.account_type {
        let p = b.bind(SqlValue::Text(account_type.code().to_owned()));
        b.and(format!("fa.account_type = {p}"));
    }
    if let Some(state) = filter.state {
        let p = b.bind(SqlValue::Text(state.code().to_owned()));
        b.and(format!("fa.state = {p}"));
    }
    if let Some(currency) = filter.currency {
        let p = b.bind(SqlValue::Text(currency.code().to_owned()));
        b.and(format!("fa.currency = {p}"));
    }
    if filter.issued_card_prefixes.is_some() {
        // Issued cards only, and openkor issues none: no category is ISSUED.
        b.and("fa.category = 'ISSUED'".to_owned());
    }
    b.conditions
}

/// The full-text query that finds every Financial Account whose name contains `filter`'s
/// `name`; `None` without one.
pub fn financial_account_full_text(filter: &FinancialAccountFilter) -> Option<String> {
    trigram_phrase(filter.name.as_deref()?)
}

/// The sort column of each Financial Account sort field (see [`customer_sort_column`] for
/// `text_collation`).
pub fn financial_account_sort_column(
    field: FinancialAccountSortField,
    text_collation: bool,
) -> SortColumn {
    use FinancialAccountSortField as F;
    let name = if text_collation {
        "fa.search_name COLLATE \"C\""
    } else {
        "fa.search_name"
    };
    match field {
        F::CreatedAt => SortColumn::timestamp("fa.created_at"),
        F::UpdatedAt => SortColumn::timestamp("fa.updated_at"),
        F::Name => SortColumn::text(name),
        F::Category => SortColumn::text("fa.category"),
        F::Type => SortColumn::text("fa.account_type"),
        F::Subtype => SortColumn::text("fa.subtype"),
        F::Currency => SortColumn::text("fa.currency"),
        F::State => SortColumn::text("fa.state"),
        F::DefaultFlag => SortColumn::boolean("fa.default_flag"),
        F::AccountHolderType => SortColumn::text("fa.holder_type"),
        F::AccountHolderId => SortColumn::uuid("fa.holder_id").or_null(),
        F::ParentId => SortColumn::uuid("fa.parent_id").or_null(),
        F::Id => SortColumn::uuid("fa.id"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openkor_domain::customer::SearchTerm;

    #[test]
    fn customer_conditions_number_their_placeholders_in_order() {
        let filter = CustomerFilter {
            search: Some(SearchTerm::new("555")),
            external_id: Some("ext-1".into()),
            city_name: Some("boston".into()),
            zip_code: Some("02110".into()),
            ..CustomerFilter::default()
        };
        let conditions = customer_conditions(Uuid::nil(), &filter, 2, &Candidates::Scan);
        assert_eq!(conditions.values.len(), 6);
        assert!(conditions.sql.contains("c.search_name LIKE $2"));
        assert!(conditions.sql.contains("c.search_phone_digits LIKE $3"));
        assert!(conditions.sql.contains("c.external_id = $4"));
        assert!(
            conditions
                .sql
                .contains("a.search_city = $5 AND a.search_zip = $6")
        );
    }

    #[test]
    fn a_search_reads_full_text_candidates_of_its_text_and_digits_else_of_the_name() {
        let filter = CustomerFilter {
            search: Some(SearchTerm::new("555-01")),
            name: Some("al".into()),
            ..CustomerFilter::default()
        };
        let query = "{search_name search_email} : \"555-01\" OR {search_phone_digits} : \"55501\"";
        assert_eq!(customer_full_text(&filter), Some((query.into(), None)));
        let too_short = CustomerFilter {
            search: Some(SearchTerm::new("(5)")),
            name: Some("alice".into()),
            ..CustomerFilter::default()
        };
        let by_name = "{search_name} : \"alice\"".to_owned();
        assert_eq!(customer_full_text(&too_short), Some((by_name, None)));
        let neither = CustomerFilter {
            name: Some("al".into()),
            ..CustomerFilter::default()
        };
        assert_eq!(customer_full_text(&neither), None);
    }
}
