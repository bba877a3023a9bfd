//! The body of `POST /v1/customers`, exact: one request type serves the create and the update
//! (`CustomerRequest`, where every field is optional), but a create is either an individual or
//! a business, each with its own fields and required ones. The create's schema is derived here
//! from `CustomerRequest`'s properties, so the two cannot disagree on a field.

use serde_json::{Map, Value, json};
use utoipa::openapi::OpenApi;

/// The fields an individual's create takes, and those it requires.
const INDIVIDUAL: (&[&str], &[&str]) = (
    &[
        "type",
        "firstName",
        "middleName",
        "lastName",
        "primaryPhoneNumber",
        "primaryEmail",
        "dateOfBirth",
        "addresses",
        "externalId",
        "metadata",
        "limits",
    ],
    &[
        "type",
        "firstName",
        "lastName",
        "primaryPhoneNumber",
        "primaryEmail",
    ],
);

/// The fields a business's create takes, and those it requires (`businessName` or its
/// alias `doingBusinessAsName`, below).
const BUSINESS: (&[&str], &[&str]) = (
    &[
        "type",
        "businessName",
        "doingBusinessAsName",
        "website",
        "contacts",
        "addresses",
        "externalId",
        "metadata",
        "limits",
    ],
    &["type", "contacts"],
);

const CREATE_PATH: &str = "/paths/~1v1~1customers/post/requestBody/content/application~1json";

/// Adds `CustomerCreateRequest` and makes it the create's body schema. The document is
/// edited as JSON because utoipa has no `additionalProperties: false` on a composed schema.
pub(crate) fn exact_customer_create(openapi: OpenApi) -> OpenApi {
    let Ok(mut document) = serde_json::to_value(&openapi) else {
        return openapi;
    };
    let Some(properties) = document
        .pointer("/components/schemas/CustomerRequest/properties")
        .and_then(Value::as_object)
        .cloned()
    else {
        return openapi;
    };
    let individual = variant(&properties, INDIVIDUAL, "INDIVIDUAL");
    let mut business = variant(&properties, BUSINESS, "BUSINESS");
    business["anyOf"] =
        json!([{"required": ["businessName"]}, {"required": ["doingBusinessAsName"]}]);
    let create = json!({
        "description": "The body of `POST /v1/customers`: an individual or a business.",
        "oneOf": [individual, business],
    });
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.insert("CustomerCreateRequest".to_owned(), create);
    }
    if let Some(media) = document.pointer_mut(CREATE_PATH) {
        media["schema"] = json!({"$ref": "#/components/schemas/CustomerCreateRequest"});
    }
    serde_json::from_value(document).unwrap_or(openapi)
}

fn variant(
    properties: &Map<String, Value>,
    (fields, required): (&[&str], &[&str]),
    code: &str,
) -> Value {
    let mut kept: Map<String, Value> = fields
        .iter()
        .filter_map(|field| Some(((*field).to_owned(), properties.get(*field)?.clone())))
        .collect();
    kept.insert("type".to_owned(), json!({"type": "string", "enum": [code]}));
    json!({
        "type": "object",
        "required": required,
        "properties": kept,
        "additionalProperties": false,
    })
}
