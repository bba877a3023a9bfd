//! The operations of an OpenAPI document and which one a request's method and path name.

use serde_json::Value;

/// One documented operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path template, `/v1/customers/{customerId}`.
    pub template: String,
    /// The `operationId`.
    pub id: String,
    /// The JSON pointer of the operation object in the document.
    pub pointer: String,
    segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter,
}

impl Operation {
    /// The names of the template's path parameters, in order.
    pub fn path_parameters(&self) -> Vec<&str> {
        self.template
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect()
    }

    fn matches(&self, method: &str, segments: &[&str]) -> bool {
        self.method.eq_ignore_ascii_case(method)
            && self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(documented, actual)| match documented {
                    Segment::Literal(literal) => literal == actual,
                    // An empty id still reaches the operation (which refuses it).
                    Segment::Parameter => !actual.contains('/'),
                })
    }

    fn literal_count(&self) -> usize {
        self.segments
            .iter()
            .filter(|segment| matches!(segment, Segment::Literal(_)))
            .count()
    }
}

/// Every operation of a document.
pub(crate) struct Operations(Vec<Operation>);

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

impl Operations {
    pub(crate) fn of(document: &Value) -> Self {
        let mut operations = Vec::new();
        let paths = document.get("paths").and_then(Value::as_object);
        for (template, item) in paths.into_iter().flatten() {
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                operations.push(Operation {
                    method: method.to_ascii_uppercase(),
                    template: template.clone(),
                    id: operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    pointer: format!("/paths/{}/{method}", escape(template)),
                    segments: template.split('/').map(segment).collect(),
                });
            }
        }
        Self(operations)
    }

    pub(crate) fn all(&self) -> &[Operation] {
        &self.0
    }

    /// The operation `method path` names; a literal segment beats a parameter.
    pub(crate) fn find(&self, method: &str, path: &str) -> Option<&Operation> {
        let segments: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .filter(|operation| operation.matches(method, &segments))
            .max_by_key(|operation| operation.literal_count())
    }
}

fn segment(part: &str) -> Segment {
    if part.starts_with('{') && part.ends_with('}') {
        Segment::Parameter
    } else {
        Segment::Literal(part.to_owned())
    }
}

/// A path template as a JSON-pointer token (RFC 6901).
fn escape(template: &str) -> String {
    template.replace('~', "~0").replace('/', "~1")
}
