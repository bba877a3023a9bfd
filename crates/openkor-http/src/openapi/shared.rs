//! The responses every operation shares, declared once in `components.responses` and referenced
//! from each operation that can give them: a handler documents only what is its own.
//!
//! - Every authenticated operation (bearer or Basic) can answer 400 (a malformed id, query or
//!   body), 401 (no or bad credentials) and 503 when the database is unavailable, with
//!   `Retry-After`.
//! - Every bearer operation can also answer 403 (a role that may not do it).
//! - Every operation with a request body can also answer 413 (over the body limit) and 415 (not
//!   `application/json`).

use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr};

/// One shared response: its status, its name under `components.responses` and its meaning.
struct Shared {
    status: &'static str,
    name: &'static str,
    description: &'static str,
}

const BAD_REQUEST: Shared = Shared {
    status: "400",
    name: "BadRequest",
    description: "A malformed id, query parameter or body; `errors` lists every field",
};
const UNAUTHORIZED: Shared = Shared {
    status: "401",
    name: "Unauthorized",
    description: "Missing, malformed or expired credentials",
};
const FORBIDDEN: Shared = Shared {
    status: "403",
    name: "Forbidden",
    description: "The caller's role may not do this",
};
const PAYLOAD_TOO_LARGE: Shared = Shared {
    status: "413",
    name: "PayloadTooLarge",
    description: "The body is over the server's body limit",
};
const UNSUPPORTED_MEDIA_TYPE: Shared = Shared {
    status: "415",
    name: "UnsupportedMediaType",
    description: "The body is not `application/json`",
};
const SERVICE_UNAVAILABLE: Shared = Shared {
    status: "503",
    name: "ServiceUnavailable",
    description: "The database is unavailable; retry after `Retry-After` seconds",
};

const ALL: [&Shared; 6] = [
    &BAD_REQUEST,
    &UNAUTHORIZED,
    &FORBIDDEN,
    &PAYLOAD_TOO_LARGE,
    &UNSUPPORTED_MEDIA_TYPE,
    &SERVICE_UNAVAILABLE,
];

/// Declares the shared responses and references them from every operation that can give them.
pub(crate) fn declare(openapi: &mut OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    for shared in ALL {
        components
            .responses
            .insert(shared.name.to_owned(), RefOr::T(response(shared)));
    }
    for item in openapi.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            for shared in shared_by(operation) {
                operation
                    .responses
                    .responses
                    .entry(shared.status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(shared.name)));
            }
        }
    }
}

/// The shared responses `operation` can give.
fn shared_by(operation: &Operation) -> Vec<&'static Shared> {
    let requires = |scheme: &str| {
        let requirement = SecurityRequirement::new(scheme, Vec::<String>::new());
        operation
            .security
            .as_ref()
            .is_some_and(|all| all.contains(&requirement))
    };
    let mut shared = Vec::new();
    if requires("bearer") || requires("basic") {
        shared.extend([&BAD_REQUEST, &UNAUTHORIZED, &SERVICE_UNAVAILABLE]);
    }
    if requires("bearer") {
        shared.push(&FORBIDDEN);
    }
    if operation.request_body.is_some() {
        shared.extend([&PAYLOAD_TOO_LARGE, &UNSUPPORTED_MEDIA_TYPE]);
    }
    shared
}

fn response(shared: &Shared) -> Response {
    let error_body = Content::new(Some(Ref::from_schema_name("ErrorBody")));
    let builder = ResponseBuilder::new()
        .description(shared.description)
        .content("application/json", error_body)
        .header("X-Trace-Id", trace_id_header());
    if shared.status == SERVICE_UNAVAILABLE.status {
        builder.header("Retry-After", retry_after_header()).build()
    } else {
        builder.build()
    }
}

fn trace_id_header() -> Header {
    HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some("The request's trace id, also in the body's `traceId`"))
        .build()
}

fn retry_after_header() -> Header {
    HeaderBuilder::new()
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        ))
        .description(Some("Seconds to wait before retrying"))
        .build()
}
