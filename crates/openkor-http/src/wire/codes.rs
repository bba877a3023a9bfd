//! Schemas of the text codes (`INTERNAL`, `ACTIVE`, …): a string limited to the domain enum's
//! codes, so the document lists exactly what the server accepts and returns.

use openkor_domain::codes::CodeEnum;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

/// A string that is one of `E`'s codes.
pub fn code<E: CodeEnum>() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(E::all_codes()))
}

/// A string that is one of `E`'s codes, or `null` (an optional request field).
pub fn optional_code<E: CodeEnum>() -> ObjectBuilder {
    let mut codes: Vec<serde_json::Value> = E::all_codes().into_iter().map(Into::into).collect();
    codes.push(serde_json::Value::Null);
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            Type::String,
            Type::Null,
        ]))
        .enum_values(Some(codes))
}

/// `code::<E>()` as a schema.
pub fn code_schema<E: CodeEnum>() -> RefOr<Schema> {
    code::<E>().into()
}

/// `optional_code::<E>()` as a schema.
pub fn optional_code_schema<E: CodeEnum>() -> RefOr<Schema> {
    optional_code::<E>().into()
}
