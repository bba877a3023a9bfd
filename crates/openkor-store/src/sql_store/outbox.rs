//! The outbox: every event a webhook reports is a row written in the same db transaction as
//! the change it reports, so a rolled-back change emits nothing and a committed one is never
//! without its event. Each event names the resource it reports (its deliveries to one
//! subscription keep that resource's order); the webhook dispatcher hands it to the
//! subscriptions later (`webhooks/dispatch.rs`).
//!
//! Payloads are the event's `data` object (reference §12): amounts are JSON numbers with two
//! decimals (`1000.00`), written as text so no floating point is ever involved.

use crate::StoreError;
use crate::db::{Conn, Value};
use openkor_domain::clock::Timestamp;
use openkor_domain::money::format_minor;
use uuid::Uuid;

/// One event to write.
pub(crate) struct OutboxEvent {
    /// Its type (reference §12).
    pub kind: &'static str,
    /// The transaction, Financial Account or Customer it reports.
    pub resource_id: Uuid,
    /// Its `data` object, as JSON text.
    pub payload: String,
}

/// A JSON object written field by field; strings are escaped by serde_json.
pub(crate) struct JsonObject {
    text: String,
}

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        Self {
            text: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        self.text.push_str(&quoted(key));
        self.text.push(':');
    }

    /// A string member (`null` when absent).
    pub fn text(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        self.key(key);
        match value {
            Some(value) => self.text.push_str(&quoted(value)),
            None => self.text.push_str("null"),
        }
        self
    }

    /// An amount in minor units, as a JSON number with two decimals.
    pub fn amount(&mut self, key: &str, minor: i64) -> &mut Self {
        self.key(key);
        self.text.push_str(&format_minor(minor));
        self
    }

    /// The object's text.
    pub fn finish(&mut self) -> String {
        self.text.push('}');
        std::mem::take(&mut self.text)
    }
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// Writes `events` of the Business Account `scope` to the outbox in one statement.
pub(crate) async fn write_events<C: Conn>(
    conn: &mut C,
    scope: Uuid,
    events: &[OutboxEvent],
    at: Timestamp,
) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    const COLUMNS: usize = 6;
    let ids: Vec<Uuid> = events.iter().map(|_| Uuid::now_v7()).collect();
    let mut values: Vec<Value<'_>> = Vec::with_capacity(events.len() * COLUMNS);
    for (id, event) in ids.iter().zip(events) {
        values.extend([
            Value::Uuid(*id),
            Value::Uuid(scope),
            Value::Text(event.kind),
            Value::Json(&event.payload),
            Value::Uuid(event.resource_id),
            Value::Timestamp(at),
        ]);
    }
    let sql = format!(
        "INSERT INTO outbox_events (id, business_account_id, event_type, payload, resource_id, created_at) \
         VALUES {}",
        crate::sql::value_rows(events.len(), COLUMNS)
    );
    conn.execute(&sql, &values).await.map(|_| ())
}

/// A status or state change of a Customer or a Financial Account: the new and previous
/// values and when each took effect.
pub(crate) struct StatusChange<'a> {
    pub resource_id: Uuid,
    pub status: &'a str,
    pub previous_status: &'a str,
    pub at: Timestamp,
    pub previous_at: Timestamp,
}

impl StatusChange<'_> {
    /// `customer.status-updated` of a customer of `business_account_id`.
    pub fn customer_event(&self, business_account_id: Uuid) -> OutboxEvent {
        let mut payload = JsonObject::new();
        payload
            .text("customerId", Some(&self.resource_id.to_string()))
            .text("businessAccountId", Some(&business_account_id.to_string()));
        self.change_fields(&mut payload);
        self.event("customer.status-updated", payload.finish())
    }

    /// `financial-account.state-updated`, which also carries `createdAt`.
    pub fn account_event(&self) -> OutboxEvent {
        let mut payload = JsonObject::new();
        payload.text("financialAccountId", Some(&self.resource_id.to_string()));
        self.change_fields(&mut payload);
        payload.text("createdAt", Some(&self.at.to_string()));
        self.event("financial-account.state-updated", payload.finish())
    }

    /// The new and previous values and when each took effect.
    fn change_fields(&self, payload: &mut JsonObject) {
        payload
            .text("status", Some(self.status))
            .text("dateTime", Some(&self.at.to_string()))
            .text("previousStatus", Some(self.previous_status))
            .text("previousDateTime", Some(&self.previous_at.to_string()));
    }

    fn event(&self, kind: &'static str, payload: String) -> OutboxEvent {
        OutboxEvent {
            kind,
            resource_id: self.resource_id,
            payload,
        }
    }
}
