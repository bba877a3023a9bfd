//! Values built from JSON Schemas: mostly valid (examples, enums, lengths and formats the
//! schema states, ids of objects that exist), and, when asked, deliberately broken.

use crate::pools::Pools;
use serde_json::{Map, Value, json};

/// A small, seeded pseudo-random generator (SplitMix64): the same seed, the same run.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        items.get(usize::try_from(self.below(items.len() as u64)).unwrap_or(0))
    }

    /// A random UUID in openkor's spelling (lower case, hyphens).
    pub fn uuid(&mut self) -> String {
        let bits = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        uuid::Uuid::from_u128(bits).hyphenated().to_string()
    }
}

/// Builds values for the schemas of one document.
pub struct Generator<'a> {
    document: &'a Value,
    pools: &'a Pools,
    rng: &'a mut Rng,
}

const MAX_DEPTH: usize = 6;

impl<'a> Generator<'a> {
    /// A generator over `document`, drawing ids from `pools`.
    pub fn new(document: &'a Value, pools: &'a Pools, rng: &'a mut Rng) -> Self {
        Self {
            document,
            pools,
            rng,
        }
    }

    /// A value for `schema`, named `name` (an object property or parameter name, which
    /// decides which pool an id comes from).
    pub fn value(&mut self, schema: &Value, name: &str) -> Value {
        self.at_depth(schema, name, 0)
    }

    /// A broken value for `schema`: the wrong type, an unknown enum code or an overlong string.
    pub fn broken(&mut self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        match self.rng.below(4) {
            0 => json!(12345),
            1 if schema.get("enum").is_some() => json!("NOT_A_CODE"),
            2 => Value::String("x".repeat(5_000)),
            _ => json!({"unexpected": true}),
        }
    }

    fn at_depth(&mut self, schema: &Value, name: &str, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(parts, name, depth);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = schema.get(key).and_then(Value::as_array) {
                let non_null: Vec<&Value> = variants.iter().filter(|v| !is_null(v)).collect();
                let Some(variant) = self.rng.pick(&non_null).copied() else {
                    return Value::Null;
                };
                return self.at_depth(variant, name, depth);
            }
        }
        if let Some(codes) = schema.get("enum").and_then(Value::as_array) {
            let codes: Vec<&Value> = codes.iter().filter(|c| !c.is_null()).collect();
            return self.rng.pick(&codes).map_or(Value::Null, |c| (*c).clone());
        }
        if let Some(example) = schema.get("example")
            && self.rng.chance(70)
        {
            return example.clone();
        }
        match main_type(schema) {
            "object" => self.object(schema, depth),
            "array" => self.array(schema, name, depth),
            "integer" => self.integer(schema),
            "number" => json!(
                format!("{}.{:02}", 1 + self.rng.below(500), self.rng.below(100))
                    .parse::<f64>()
                    .unwrap_or(1.0)
            ),
            "boolean" => json!(self.rng.chance(50)),
            "null" => Value::Null,
            _ => self.string(schema, name),
        }
    }

    fn all_of(&mut self, parts: &[Value], name: &str, depth: usize) -> Value {
        let mut merged = Map::new();
        for part in parts {
            match self.at_depth(part, name, depth) {
                Value::Object(fields) => merged.extend(fields),
                other if merged.is_empty() => return other,
                _ => {}
            }
        }
        Value::Object(merged)
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let mut object = Map::new();
        if depth >= MAX_DEPTH {
            return Value::Object(object);
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = schema.get("properties").and_then(Value::as_object);
        for (property, property_schema) in properties.into_iter().flatten() {
            let property_schema = self.resolve(property_schema);
            let read_only = property_schema.get("readOnly") == Some(&Value::Bool(true));
            let wanted = required.contains(&property.as_str()) || self.rng.chance(30);
            if wanted && !read_only {
                let value = self.at_depth(property_schema, property, depth + 1);
                object.insert(property.clone(), value);
            }
        }
        Value::Object(object)
    }

    fn array(&mut self, schema: &Value, name: &str, depth: usize) -> Value {
        let items = schema.get("items").cloned().unwrap_or(Value::Null);
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let count = min.max(self.rng.below(3)).min(3);
        let singular = name.strip_suffix('s').unwrap_or(name);
        (0..count)
            .map(|_| self.at_depth(&items, singular, depth + 1))
            .collect()
    }

    fn integer(&mut self, schema: &Value) -> Value {
        let min = schema.get("minimum").and_then(Value::as_i64).unwrap_or(0);
        let max = schema
            .get("maximum")
            .and_then(Value::as_i64)
            .unwrap_or(min + 100);
        let span = u64::try_from(max.saturating_sub(min)).unwrap_or(0) + 1;
        json!(min.saturating_add(i64::try_from(self.rng.below(span)).unwrap_or(0)))
    }

    fn string(&mut self, schema: &Value, name: &str) -> Value {
        if name.ends_with("Id") && self.pools.knows(name) && self.rng.chance(80) {
            return json!(self.id(name));
        }
        match schema.get("format").and_then(Value::as_str) {
            Some("uuid") => return json!(self.id(name)),
            Some("date") => {
                let year = 1950 + self.rng.below(55);
                let month = 1 + self.rng.below(12);
                let day = 1 + self.rng.below(28);
                return json!(format!("{year}-{month:02}-{day:02}"));
            }
            Some("date-time") => return json!("2026-01-02T03:04:05Z"),
            Some("email") => return json!(format!("u{}@example.com", self.rng.below(1_000_000))),
            _ => {}
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            return match schema.get("example") {
                Some(example) if !simple_pattern(pattern) => example.clone(),
                _ => json!(self.matching(pattern)),
            };
        }
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(1);
        let max = schema
            .get("maxLength")
            .and_then(Value::as_u64)
            .unwrap_or(20);
        let length = min.max(1) + self.rng.below(max.saturating_sub(min.max(1)) + 1).min(20);
        let text: String = (0..length)
            .map(|_| char::from(b'a' + u8::try_from(self.rng.below(26)).unwrap_or(0)))
            .collect();
        json!(text)
    }

    /// An id for a field named `name`: usually one of an existing object's.
    fn id(&mut self, name: &str) -> String {
        let known = self.pools.candidates(name);
        if self.rng.chance(90)
            && let Some(id) = self.rng.pick(&known)
        {
            return id.clone();
        }
        self.rng.uuid()
    }

    /// A string for the patterns the document uses: digit runs (`^[0-9]{m,n}$`) and UUIDs.
    fn matching(&mut self, pattern: &str) -> String {
        if pattern.contains("[0-9a-f]{8}-") {
            return self.rng.uuid();
        }
        let (min, max) = digit_run_bounds(pattern).unwrap_or((1, 10));
        let length = min + self.rng.below(max - min + 1);
        (0..length)
            .map(|_| char::from(b'0' + u8::try_from(self.rng.below(10)).unwrap_or(0)))
            .collect()
    }

    fn resolve<'s>(&self, schema: &'s Value) -> &'s Value
    where
        'a: 's,
    {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(target) => self
                .document
                .pointer(target.trim_start_matches('#'))
                .unwrap_or(schema),
            None => schema,
        }
    }
}

/// Whether [`Generator::matching`] can build a string for `pattern`.
fn simple_pattern(pattern: &str) -> bool {
    pattern.contains("[0-9a-f]{8}-") || digit_run_bounds(pattern).is_some()
}

/// The bounds of `^[0-9]{m,n}$`.
fn digit_run_bounds(pattern: &str) -> Option<(u64, u64)> {
    let inner = pattern.strip_prefix("^[0-9]{")?.strip_suffix("}$")?;
    let (min, max) = inner.split_once(',')?;
    Some((min.parse().ok()?, max.parse().ok()?))
}

fn main_type(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(single)) => single,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => "string",
    }
}

fn is_null(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("null"))
}
