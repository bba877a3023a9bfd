//! The schemas of ids in paths: a UUID written one way (36 characters, lower-case hex, hyphens),
//! and a Business Account's UUID or `self`.

use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{KnownFormat, RefOr};
use utoipa::{PartialSchema, ToSchema};

/// The one spelling of a UUID openkor accepts: braces, `urn:uuid:`, missing hyphens and
/// capitals are refused (400).
pub const CANONICAL_UUID_PATTERN: &str =
    "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/// An object's UUID in a path.
pub struct CanonicalUuid;

impl PartialSchema for CanonicalUuid {
    fn schema() -> RefOr<Schema> {
        canonical_uuid().into()
    }
}

impl ToSchema for CanonicalUuid {}

/// A Business Account's UUID in a path, or `self` for the caller's own.
pub struct BusinessAccountIdOrSelf;

impl PartialSchema for BusinessAccountIdOrSelf {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(canonical_uuid())
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["self"])),
            )
            .into()
    }
}

impl ToSchema for BusinessAccountIdOrSelf {}

fn canonical_uuid() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .pattern(Some(CANONICAL_UUID_PATTERN))
}
