//! The audit actor (`createdBy` / `updatedBy`): who made a change.

use uuid::Uuid;

crate::code_enum! {
    /// The kind of entity that made a change (reference §1, "Audit actor").
    pub enum ActorKind {
        /// A Team Member using the Portal.
        Employee => "employee",
        /// openkor itself (bootstrap, background work); carries no id.
        Internal => "internal",
        /// Staff of the platform operator.
        KorEmployee => "kor_employee",
        /// An API caller.
        ServiceAccount => "service-account",
    }
}

/// Who made a change. `id` is `None` only for [`ActorKind::Internal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Actor {
    /// The kind of actor.
    pub kind: ActorKind,
    /// The actor's id; absent for internal calls.
    pub id: Option<Uuid>,
}

impl Actor {
    /// openkor itself.
    pub const INTERNAL: Actor = Actor {
        kind: ActorKind::Internal,
        id: None,
    };

    /// A Service Account calling the API.
    pub const fn service_account(id: Uuid) -> Self {
        Actor {
            kind: ActorKind::ServiceAccount,
            id: Some(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_kinds_round_trip_through_their_codes() {
        for kind in ActorKind::ALL {
            assert_eq!(ActorKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(ActorKind::from_code("EMPLOYEE"), None);
        assert_eq!(ActorKind::ServiceAccount.code(), "service-account");
    }
}
