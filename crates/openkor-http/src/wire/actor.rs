//! The audit actor.

use openkor_domain::actor::Actor;
use serde::Serialize;
use utoipa::ToSchema;

/// Who made a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActorBody {
    /// The actor's UUID; blank when `type` is `internal`.
    pub id: String,
    /// `employee`, `internal`, `kor_employee` or `service-account`.
    #[serde(rename = "type")]
    #[schema(example = "service-account")]
    pub kind: &'static str,
}

impl From<Actor> for ActorBody {
    fn from(actor: Actor) -> Self {
        Self {
            id: actor.id.map(|id| id.to_string()).unwrap_or_default(),
            kind: actor.kind.code(),
        }
    }
}
