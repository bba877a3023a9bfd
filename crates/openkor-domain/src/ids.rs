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
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
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

struct UuidTextVisitor;

impl serde::de::Visitor<'_> for UuidTextVisitor {
    type Value = Uuid;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a UUID")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Uuid, E> {
        Uuid::parse_str(text).map_err(|_| E::custom("must be a UUID"))
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

#[cfg(test)]
mod tests {
    use super::*;

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
