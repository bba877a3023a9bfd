//! Recipients: payees who are not customers.

use super::item;
use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{Recipient, RecipientRequest, RecipientUpdate};
use crate::paging::{Page, all_pages};
use crate::queries::RecipientQuery;
use reqwest::Method;

impl Client {
    /// `POST /v1/recipients` (`create_recipient`).
    pub async fn create_recipient(&self, body: &RecipientRequest) -> Result<Recipient> {
        self.call(Call::new(Method::POST, "/v1/recipients".into()).json(body)?)
            .await
    }

    /// `GET /v1/recipients` (`list_recipients`): one page.
    pub async fn list_recipients(&self, query: &RecipientQuery) -> Result<Page<Recipient>> {
        self.call(Call::new(Method::GET, "/v1/recipients".into()).query(query))
            .await
    }

    /// Every Recipient matching `query`, from its page on.
    pub async fn list_all_recipients(&self, query: RecipientQuery) -> Result<Vec<Recipient>> {
        all_pages(query, |q| async move { self.list_recipients(&q).await }).await
    }

    /// `GET /v1/recipients/{recipientId}` (`get_recipient`).
    pub async fn get_recipient(&self, recipient_id: &str) -> Result<Recipient> {
        self.call(Call::new(Method::GET, item("recipients", recipient_id, "")))
            .await
    }

    /// `PUT /v1/recipients/{recipientId}` (`update_recipient`).
    pub async fn update_recipient(
        &self,
        recipient_id: &str,
        body: &RecipientUpdate,
    ) -> Result<Recipient> {
        let path = item("recipients", recipient_id, "");
        self.call(Call::new(Method::PUT, path).json(body)?).await
    }

    /// `DELETE /v1/recipients/{recipientId}` (`delete_recipient`).
    pub async fn delete_recipient(&self, recipient_id: &str) -> Result<()> {
        let path = item("recipients", recipient_id, "");
        self.call_empty(Call::new(Method::DELETE, path)).await
    }
}
