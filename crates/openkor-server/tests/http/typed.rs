//! The typed client of a test server: `app.api(&tenant)` calls the API as that tenant through
//! `openkor-client`, so every test written with it also tests the client.

use crate::support::{Tenant, TestApp};
use openkor_client::{ApiError, Client, Error, Page, models};
use openkor_domain::role::Role;
use serde::de::DeserializeOwned;
use serde_json::Value;

impl TestApp {
    /// A typed client of this server, authenticated as `tenant`'s Owner.
    pub fn api(&self, tenant: &Tenant) -> Client {
        Client::with_http_client(
            self.client.clone(),
            &self.base_url,
            &tenant.api_key,
            &tenant.api_secret,
        )
        .expect("the harness's base URL is valid")
    }

    /// A typed client of this server as a new Service Account of `tenant` with `role`.
    pub async fn api_with_role(&self, tenant: &Tenant, role: Role) -> Client {
        let (api_key, api_secret) = self.service_account(tenant, role).await;
        Client::with_http_client(self.client.clone(), &self.base_url, &api_key, &api_secret)
            .expect("the harness's base URL is valid")
    }
}

/// A JSON body as the typed client's request (the tests' JSON fixtures, sent by the client).
/// The request must write back exactly `body`: a member the client does not model, or
/// spells otherwise, fails here rather than being dropped from what the test sends.
pub fn typed<T: DeserializeOwned + serde::Serialize>(body: Value) -> T {
    let request: T = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("{body} is not a {}: {e}", std::any::type_name::<T>()));
    assert_eq!(
        json_of(&request),
        body,
        "{} changes the body",
        std::any::type_name::<T>()
    );
    request
}

/// A typed answer as JSON, for the tests that look at it member by member.
pub fn json_of<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("a typed answer serialises")
}

/// The ids of a page's items, in order (what `content_ids` gives of a JSON page).
pub fn ids<T: Id>(page: &Page<T>) -> Vec<String> {
    page.content
        .iter()
        .map(|item| item.id().to_owned())
        .collect()
}

/// A resource with an id.
pub trait Id {
    /// Its id.
    fn id(&self) -> &str;
}

macro_rules! id_field {
    ($($model:ident),+) => {
        $(impl Id for models::$model {
            fn id(&self) -> &str {
                &self.id
            }
        })+
    };
}

id_field!(
    BusinessAccount,
    BusinessAccountSummary,
    FinancialAccount,
    FinancialAccountSummary,
    Recipient,
    Transaction,
    TransactionHistory,
    WebhookDelivery,
    WebhookSubscription
);

impl Id for models::Customer {
    fn id(&self) -> &str {
        models::Customer::id(self)
    }
}

/// The API error of a call expected to be refused with `status` and `code`, with the envelope
/// checked as `assert_error` checks it (trace id, UTC timestamp, a message).
pub fn refused<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, code: &str) -> ApiError {
    let error = match result {
        Err(Error::Api(error)) => *error,
        other => panic!("expected {status} {code}, got {other:?}"),
    };
    assert_eq!(
        (error.status, error.error_code.as_str()),
        (status, code),
        "{error:?}"
    );
    assert!(!error.trace_id.is_empty(), "{error:?}");
    assert!(error.timestamp.ends_with('Z'), "{error:?}");
    assert!(!error.message.is_empty(), "{error:?}");
    error
}

/// The `(path, errorCode)` pairs of a refusal, owned, as `field_errors` gives them.
pub fn field_errors(error: &ApiError) -> Vec<(String, String)> {
    error
        .errors
        .iter()
        .map(|e| (e.path.clone(), e.error_code.clone()))
        .collect()
}
