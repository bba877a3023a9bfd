//! The ids of the objects the run has seen, by the name they go by (`customerId`,
//! `financialAccountId`, …), so later requests name objects that exist.

use serde_json::Value;
use std::collections::HashMap;

/// Ids kept per name; the newest replace the oldest beyond this.
const POOL_SIZE: usize = 200;

/// Which pool the `id` of an object served under a path segment goes to.
const RESOURCES: [(&str, &str); 16] = [
    ("customers", "customerId"),
    ("beneficiaries", "beneficiaryId"),
    ("financial-accounts", "financialAccountId"),
    ("internal-financial-accounts", "financialAccountId"),
    ("external-bank-accounts", "financialAccountId"),
    ("external-cards", "financialAccountId"),
    ("integrated-bank-accounts", "financialAccountId"),
    ("transactions", "transactionId"),
    ("stp-transactions", "transactionId"),
    ("deposits", "transactionId"),
    ("recipients", "recipientId"),
    ("webhook-subscriptions", "subscriptionId"),
    ("deliveries", "deliveryId"),
    ("business-accounts", "businessAccountId"),
    ("children", "businessAccountId"),
    ("payment-reasons", "paymentReasonId"),
];

/// Names whose ids come from another pool: an account holder is a customer, a parent account
/// a Financial Account, a limit's scope either.
const ALIASES: [(&str, &[&str]); 4] = [
    ("accountHolderId", &["customerId"]),
    ("parentId", &["financialAccountId"]),
    ("scopeId", &["customerId", "financialAccountId"]),
    ("initiatorAccountHolderId", &["customerId"]),
];

/// The ids seen so far.
#[derive(Default)]
pub struct Pools(HashMap<String, Vec<String>>);

impl Pools {
    /// The ids a field or parameter called `name` may take.
    pub fn candidates(&self, name: &str) -> Vec<String> {
        let mut found: Vec<String> = self.0.get(name).cloned().unwrap_or_default();
        for (alias, sources) in ALIASES {
            if alias == name {
                for source in sources {
                    found.extend(self.0.get(*source).cloned().unwrap_or_default());
                }
            }
        }
        for (key, ids) in &self.0 {
            if key != name && ends_with_name(name, key) {
                found.extend(ids.iter().cloned());
            }
        }
        found
    }

    /// Whether any id is known for `name`.
    pub fn knows(&self, name: &str) -> bool {
        !self.candidates(name).is_empty()
    }

    /// Keeps the ids of a successful response to an operation on `template`.
    pub fn harvest(&mut self, template: &str, body: &Value) {
        if let Some(key) = resource_key(template) {
            if let Some(id) = body.get("id").and_then(Value::as_str) {
                self.add(key, id);
            }
            for item in body
                .get("content")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    self.add(key, id);
                }
            }
        }
        self.harvest_named(body, 0);
    }

    /// Every `…Id` field holding a string, anywhere in `value`.
    fn harvest_named(&mut self, value: &Value, depth: usize) {
        if depth > 6 {
            return;
        }
        match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    match field.as_str() {
                        Some(id) if key.ends_with("Id") && !id.is_empty() => self.add(key, id),
                        _ => self.harvest_named(field, depth + 1),
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.harvest_named(item, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, key: &str, id: &str) {
        let pool = self.0.entry(key.to_owned()).or_default();
        if pool.iter().any(|known| known == id) {
            return;
        }
        if pool.len() >= POOL_SIZE {
            pool.remove(0);
        }
        pool.push(id.to_owned());
    }
}

/// The pool of the objects a path serves: its last segment that names a resource.
fn resource_key(template: &str) -> Option<&'static str> {
    template.rsplit('/').find_map(|segment| {
        let segment = segment.split(':').next().unwrap_or(segment);
        RESOURCES
            .iter()
            .find(|(resource, _)| *resource == segment)
            .map(|(_, key)| *key)
    })
}

/// `debitFinancialAccountId` ends with the name `financialAccountId`.
fn ends_with_name(name: &str, key: &str) -> bool {
    let mut capitalised = key.to_owned();
    if let Some(first) = capitalised.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name.ends_with(&capitalised)
}
