//! Roles and the permission matrix.
//!
//! Every Service Account has exactly one [`Role`]. A request is allowed when the caller's role
//! grants the [`Permission`] the endpoint needs; the matrix lives in [`Role::grants`] and is
//! documented in `docs/API-DESIGN.md`.

use std::fmt;
use std::str::FromStr;

/// A role of a Service Account or Team Member (reference §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything.
    Owner,
    /// Manages the team, customers and customer accounts; no recipients or transactions.
    Admin,
    /// Everything except managing the team and the Business Account profile.
    Manager,
    /// Creates and manages transactions.
    Clerk,
    /// Back office: recipients, financial accounts, transactions, limits.
    Finance,
    /// Reads everything, writes nothing.
    ViewOnly,
}

/// What an endpoint needs from the caller's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read any resource of the caller's Business Account.
    Read,
    /// Create, update, suspend and delete Customers and their beneficial owners.
    ManageCustomers,
    /// Create, suspend and delete Financial Accounts of Customers.
    ManageCustomerAccounts,
    /// Create and manage Recipients and their Financial Accounts.
    ManageRecipients,
    /// Create, edit, cancel and reverse transactions.
    ManageTransactions,
    /// Change transaction limits.
    ManageLimits,
    /// Create, change, test and delete webhook subscriptions and read their deliveries.
    ManageWebhooks,
}

impl Role {
    /// Every role, in the order the reference lists them.
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Manager,
        Role::Clerk,
        Role::Finance,
        Role::ViewOnly,
    ];

    /// Whether this role grants `permission`.
    pub const fn grants(self, permission: Permission) -> bool {
        use Permission as P;
        match self {
            Role::Owner | Role::Manager => true,
            Role::Admin => matches!(
                permission,
                P::Read | P::ManageCustomers | P::ManageCustomerAccounts | P::ManageWebhooks
            ),
            Role::Clerk => matches!(permission, P::Read | P::ManageTransactions),
            Role::Finance => matches!(
                permission,
                P::Read
                    | P::ManageCustomerAccounts
                    | P::ManageRecipients
                    | P::ManageTransactions
                    | P::ManageLimits
            ),
            Role::ViewOnly => matches!(permission, P::Read),
        }
    }

    /// The name the reference uses (`Owner`, `View Only`, …).
    pub const fn display_name(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Manager => "Manager",
            Role::Clerk => "Clerk",
            Role::Finance => "Finance",
            Role::ViewOnly => "View Only",
        }
    }

    /// The stored code (`OWNER`, `VIEW_ONLY`, …); also accepted on the command line.
    pub const fn code(self) -> &'static str {
        match self {
            Role::Owner => "OWNER",
            Role::Admin => "ADMIN",
            Role::Manager => "MANAGER",
            Role::Clerk => "CLERK",
            Role::Finance => "FINANCE",
            Role::ViewOnly => "VIEW_ONLY",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// The text was not one of the six role names.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown role '{0}'; expected one of Owner, Admin, Manager, Clerk, Finance, View Only")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    /// Accepts the display name, the stored code, or a kebab/lower-case spelling
    /// (`View Only`, `VIEW_ONLY`, `view-only`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normalised: String = text
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                other => other.to_ascii_uppercase(),
            })
            .collect();
        Role::ALL
            .into_iter()
            .find(|role| role.code() == normalised)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_can_read() {
        for role in Role::ALL {
            assert!(role.grants(Permission::Read), "{role} must read");
        }
    }

    #[test]
    fn view_only_can_write_nothing() {
        for permission in [
            Permission::ManageCustomers,
            Permission::ManageCustomerAccounts,
            Permission::ManageRecipients,
            Permission::ManageTransactions,
            Permission::ManageLimits,
            Permission::ManageWebhooks,
        ] {
            assert!(!Role::ViewOnly.grants(permission), "{permission:?}");
        }
    }

    #[test]
    fn admin_cannot_touch_recipients_or_transactions() {
        assert!(Role::Admin.grants(Permission::ManageCustomers));
        assert!(!Role::Admin.grants(Permission::ManageRecipients));
        assert!(!Role::Admin.grants(Permission::ManageTransactions));
    }

    #[test]
    fn clerk_manages_transactions_only() {
        assert!(Role::Clerk.grants(Permission::ManageTransactions));
        assert!(!Role::Clerk.grants(Permission::ManageCustomers));
        assert!(!Role::Clerk.grants(Permission::ManageRecipients));
    }

    #[test]
    fn roles_parse_from_every_spelling() {
        assert_eq!("View Only".parse(), Ok(Role::ViewOnly));
        assert_eq!("view-only".parse(), Ok(Role::ViewOnly));
        assert_eq!("VIEW_ONLY".parse(), Ok(Role::ViewOnly));
        assert_eq!("owner".parse(), Ok(Role::Owner));
        assert!("root".parse::<Role>().is_err());
        for role in Role::ALL {
            assert_eq!(role.code().parse(), Ok(role));
            assert_eq!(role.display_name().parse(), Ok(role));
        }
    }
}
