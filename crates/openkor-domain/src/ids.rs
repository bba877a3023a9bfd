//! Typed identifiers. Every id is a UUID; new ids are version 7 (time-ordered) so that inserts
//! append to B-tree indexes instead of scattering over them.

use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered (UUID v7) id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (read back from storage or parsed from a request).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = NotCanonicalUuid;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_canonical_uuid(s).map(Self).ok_or(NotCanonicalUuid)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            /// From the UUID's text; anything else is refused with "must be a UUID". The check
            /// runs inside the visitor so that deserializers can name the failing field.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(UuidTextVisitor).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }
    };
}

/// The text is not a UUID in its canonical spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotCanonicalUuid;

impl fmt::Display for NotCanonicalUuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("must be a UUID")
    }
}

impl std::error::Error for NotCanonicalUuid {}

/// A UUID as openkor writes it: 36 characters, lower-case hex digits in groups of 8-4-4-4-12.
/// Braces, `urn:uuid:`, missing hyphens and capitals are refused, so one object has one
/// spelling (in paths, bodies and query strings alike).
pub fn parse_canonical_uuid(text: &str) -> Option<Uuid> {
    let canonical = text.len() == 36
        && text.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte),
        });
    if canonical {
        Uuid::parse_str(text).ok()
    } else {
        None
    }
}

struct UuidTextVisitor;

impl serde::de::Visitor<'_> for UuidTextVisitor {
    type Value = Uuid;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a UUID")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Uuid, E> {
        parse_canonical_uuid(text).ok_or_else(|| E::custom("must be a UUID"))
    }
}

typed_id!(
    /// A Business Account (a tenant, or one of its child accounts).
    BusinessAccountId
);
typed_id!(
    /// A Service Account: the non-human API caller of one Business Account.
    ServiceAccountId
);
typed_id!(
    /// A Financial Account of any category.
    FinancialAccountId
);
typed_id!(
    /// A Customer (individual or business).
    CustomerId
);
typed_id!(
    /// A beneficial owner of a business Customer.
    BeneficiaryId
);
typed_id!(
    /// One address of a Customer or beneficial owner: what an update names it by.
    AddressId
);
typed_id!(
    /// One contact of a business Customer: what an update names it by.
    ContactId
);
typed_id!(
    /// A Recipient (a payee who is only ever credited, reference §10).
    RecipientId
);
typed_id!(
    /// A webhook subscription (an openkor extension: the hosted platform manages them only in
    /// its portal).
    WebhookSubscriptionId
);
typed_id!(
    /// One delivery of one event to one webhook subscription.
    WebhookDeliveryId
);
typed_id!(
    /// An event of the outbox (the webhook envelope's `id`).
    EventId
);
typed_id!(
    /// A Transaction (a single-leg transaction, reference §9).
    TransactionId
);
typed_id!(
    /// One row of a Transaction's status history.
    TransactionStatusId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_canonical_spelling_of_a_uuid_is_accepted() {
        let id = "01a213bb-4fb1-74af-b223-e77ae6b11cb5";
        assert!(id.parse::<CustomerId>().is_ok());
        for other in [
            "01A213BB-4FB1-74AF-B223-E77AE6B11CB5",
            "{01a213bb-4fb1-74af-b223-e77ae6b11cb5}",
            "urn:uuid:01a213bb-4fb1-74af-b223-e77ae6b11cb5",
            "01a213bb4fb174afb223e77ae6b11cb5",
            "01a213bb-4fb1-74af-b223-e77ae6b11cb",
            "01a213bb-4fb1-74af-b223_e77ae6b11cb5",
        ] {
            assert!(other.parse::<CustomerId>().is_err(), "{other}");
            assert_eq!(parse_canonical_uuid(other), None, "{other}");
        }
    }

    #[test]
    fn new_ids_are_version_7_and_time_ordered() {
        let first = BusinessAccountId::new();
        let second = BusinessAccountId::new();
        assert_eq!(first.as_uuid().get_version_num(), 7);
        assert!(first < second);
    }

    #[test]
    fn ids_round_trip_through_their_text_form() {
        let id = CustomerId::new();
        let parsed: CustomerId = id.to_string().parse().expect("parses");
        assert_eq!(parsed, id);
        assert!("not-a-uuid".parse::<CustomerId>().is_err());
    }
}
