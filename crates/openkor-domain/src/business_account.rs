//! Business Accounts: the tenants of openkor, arranged as a tree of parents and children.

use crate::actor::Actor;
use crate::clock::Timestamp;
use crate::contact::Contact;
use crate::ids::BusinessAccountId;
use crate::limits::{DESCRIPTION_CHARS_MAX, NAME_CHARS_MAX};
use crate::text::bounded_text;
use crate::validation::{FieldError, ValidationErrors};

crate::code_enum! {
    /// Identity-verification status of a Business Account or Customer (reference §3.1).
    pub enum VerificationState {
        /// Not yet verified.
        Unverified => "UNVERIFIED",
        /// An application is being processed.
        Processing => "PROCESSING",
        /// Verified.
        Approved => "APPROVED",
        /// Manual review needed.
        Review => "REVIEW",
        /// Application denied.
        Declined => "DECLINED",
        /// Verified with restrictions.
        Restricted => "RESTRICTED",
    }
}

/// The current identity-verification status and who set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationStatus {
    /// The status.
    pub status: VerificationState,
    /// Why it has this status.
    pub reason: Option<String>,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Who changed it.
    pub updated_by: Actor,
}

impl VerificationStatus {
    /// The status of something never verified, set by openkor at `at`.
    pub fn unverified(at: Timestamp) -> Self {
        Self {
            status: VerificationState::Unverified,
            reason: None,
            updated_at: at,
            updated_by: Actor::INTERNAL,
        }
    }
}

/// A Business Account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessAccount {
    /// Id.
    pub id: BusinessAccountId,
    /// Parent Business Account; `None` for a root.
    pub parent_id: Option<BusinessAccountId>,
    /// Name, 1–100 characters.
    pub name: String,
    /// Free description.
    pub description: Option<String>,
    /// Six-digit industry code.
    pub industry_code: Option<String>,
    /// ISO 3166-2 subdivision of registration.
    pub registered_state_code: Option<String>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Identity-verification status.
    pub verification: VerificationStatus,
    /// Whether this is a sandbox (no real money moves).
    pub sandbox: bool,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last update time.
    pub updated_at: Timestamp,
}

/// The validated input for a new Business Account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBusinessAccount {
    /// Parent, if this is a child account.
    pub parent_id: Option<BusinessAccountId>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Whether it is a sandbox.
    pub sandbox: bool,
}

impl NewBusinessAccount {
    /// Validates name (1–100 characters) and description (at most 500).
    pub fn parse(
        parent_id: Option<BusinessAccountId>,
        name: &str,
        description: Option<&str>,
        sandbox: bool,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.collect(bounded_text("name", name, 1, NAME_CHARS_MAX));
        let description = match description {
            Some(text) => errors
                .collect(bounded_text("description", text, 0, DESCRIPTION_CHARS_MAX))
                .map(Some),
            None => Some(None),
        };
        match (name, description) {
            (Some(name), Some(description)) => errors.finish(Self {
                parent_id,
                name,
                description,
                sandbox,
            }),
            _ => Err(errors),
        }
    }
}

crate::code_enum! {
    /// Fields a list of Business Accounts can be sorted on.
    pub enum BusinessAccountSortField {
        /// Name.
        Name => "name",
        /// Creation time.
        CreatedAt => "createdAt",
        /// Id.
        Id => "id",
    }
}

/// Refuses a name that is blank or too long; used by the CLI as well as the API.
pub fn parse_account_name(path: &str, name: &str) -> Result<String, FieldError> {
    bounded_text(path, name, 1, NAME_CHARS_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_business_accounts_need_a_name_of_at_most_100_characters() {
        assert!(NewBusinessAccount::parse(None, "Acme", None, true).is_ok());
        let errors = NewBusinessAccount::parse(None, &"x".repeat(101), Some(""), true)
            .expect_err("too long");
        assert_eq!(errors.errors().len(), 1);
        assert_eq!(errors.errors()[0].path, "name");
        assert!(NewBusinessAccount::parse(None, " ", None, false).is_err());
    }
}
