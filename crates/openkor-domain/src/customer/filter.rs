//! Customer list filters, the `search` term and the sortable fields (reference §4.4).
//!
//! Semantics (all filters combine with AND):
//! * `search`: case-insensitive substring of the display name or the primary e-mail; or, when
//!   the term looks like a phone number, a substring of the primary phone's digits; or, when it
//!   is a UUID, the id itself. These alternatives combine with OR.
//! * `name`: case-insensitive substring of the display name (`first middle last`, or the
//!   business name).
//! * `primaryEmail`: the primary e-mail, case-insensitively, exactly.
//! * `primaryPhoneNumber`: the primary phone, exactly, after normalising both to E.164.
//! * `externalId`, `type`, `status`, `countryCode`: exactly.
//! * `cityName`, `zipCode`: case-insensitively, exactly; `cityName`, `countryCode` and `zipCode`
//!   must all hold for one and the same address.
//! * `createdAtFrom` / `createdAtTo`: inclusive dates in `timeZone`, turned into the half-open
//!   instant range `[from 00:00, to + 1 day 00:00)`.

use crate::clock::Timestamp;
use crate::customer::{CustomerStatus, CustomerType};
use uuid::Uuid;

crate::code_enum! {
    /// Fields a customer list can be sorted on.
    pub enum CustomerSortField {
        /// Creation time.
        CreatedAt => "createdAt",
        /// Last update time.
        UpdatedAt => "updatedAt",
        /// Display name, case-insensitively.
        Name => "name",
        /// External id (customers without one first in ascending order).
        ExternalId => "externalId",
        /// Status.
        Status => "status",
        /// Type.
        Type => "type",
        /// Id.
        Id => "id",
    }
}

/// The `search` term in its comparable forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchTerm {
    /// Lower-case text, matched against name and e-mail.
    pub text: String,
    /// Its digits, when the term looks like a phone number (digits, `+`, spaces, `-().`).
    pub phone_digits: Option<String>,
    /// The term as an id, when it is a UUID.
    pub id: Option<Uuid>,
}

impl SearchTerm {
    /// Derives the forms of `raw`.
    pub fn new(raw: &str) -> Self {
        let phone_like = raw.chars().any(|c| c.is_ascii_digit())
            && raw
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        Self {
            text: raw.to_lowercase(),
            phone_digits: phone_like.then(|| raw.chars().filter(char::is_ascii_digit).collect()),
            id: Uuid::parse_str(raw).ok(),
        }
    }
}

/// A validated set of list filters; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerFilter {
    /// `search`.
    pub search: Option<SearchTerm>,
    /// `name`, lower-case.
    pub name: Option<String>,
    /// `primaryEmail`, lower-case.
    pub primary_email: Option<String>,
    /// `primaryPhoneNumber`, E.164.
    pub primary_phone_number: Option<String>,
    /// `externalId`.
    pub external_id: Option<String>,
    /// Created at or after.
    pub created_from: Option<Timestamp>,
    /// Created strictly before.
    pub created_before: Option<Timestamp>,
    /// `type`.
    pub customer_type: Option<CustomerType>,
    /// `status`.
    pub status: Option<CustomerStatus>,
    /// `cityName`, lower-case.
    pub city_name: Option<String>,
    /// `countryCode`.
    pub country_code: Option<String>,
    /// `zipCode`, lower-case.
    pub zip_code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_know_when_they_are_phone_numbers_or_ids() {
        let name = SearchTerm::new("Sarah");
        assert_eq!(
            (name.text.as_str(), name.phone_digits, name.id),
            ("sarah", None, None)
        );
        let phone = SearchTerm::new("+1 (555) 658");
        assert_eq!(phone.phone_digits.as_deref(), Some("1555658"));
        let id = SearchTerm::new("0e01f271-80b1-4724-b5dc-6959c7cd88dc");
        assert!(id.id.is_some());
        assert_eq!(SearchTerm::new("abc123").phone_digits, None);
    }
}
