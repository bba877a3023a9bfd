//! Customers and their beneficial owners.

use super::item;
use crate::client::{Call, Client};
use crate::error::Result;
use crate::models::{
    Beneficiary, BeneficiaryRequest, BeneficiarySummary, BeneficiaryUpdate, Customer,
    CustomerRequest, CustomerUpdate,
};
use crate::paging::{Page, all_pages};
use crate::queries::CustomerQuery;
use reqwest::Method;

impl Client {
    /// `POST /v1/customers` (`create_customer`).
    pub async fn create_customer(&self, body: &CustomerRequest) -> Result<Customer> {
        self.call(Call::new(Method::POST, "/v1/customers".into()).json(body)?)
            .await
    }

    /// `GET /v1/customers` (`list_customers`): one page.
    pub async fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.call(Call::new(Method::GET, "/v1/customers".into()).query(query))
            .await
    }

    /// Every customer matching `query`, from its page on.
    pub async fn list_all_customers(&self, query: CustomerQuery) -> Result<Vec<Customer>> {
        all_pages(query, |q| async move { self.list_customers(&q).await }).await
    }

    /// `GET /v1/customers/{customerId}` (`get_customer`).
    pub async fn get_customer(&self, customer_id: &str) -> Result<Customer> {
        self.call(Call::new(Method::GET, item("customers", customer_id, "")))
            .await
    }

    /// `PUT /v1/customers/{customerId}` (`update_customer`): members left `None` are kept.
    pub async fn update_customer(
        &self,
        customer_id: &str,
        body: &CustomerUpdate,
    ) -> Result<Customer> {
        let path = item("customers", customer_id, "");
        self.call(Call::new(Method::PUT, path).json(body)?).await
    }

    /// `DELETE /v1/customers/{customerId}` (`delete_customer`).
    pub async fn delete_customer(&self, customer_id: &str) -> Result<()> {
        self.call_empty(Call::new(
            Method::DELETE,
            item("customers", customer_id, ""),
        ))
        .await
    }

    /// `PUT /v1/customers/{customerId}/suspend` (`suspend_customer`).
    pub async fn suspend_customer(&self, customer_id: &str) -> Result<Customer> {
        self.call(Call::new(
            Method::PUT,
            item("customers", customer_id, "/suspend"),
        ))
        .await
    }

    /// `PUT /v1/customers/{customerId}/unsuspend` (`unsuspend_customer`).
    pub async fn unsuspend_customer(&self, customer_id: &str) -> Result<Customer> {
        self.call(Call::new(
            Method::PUT,
            item("customers", customer_id, "/unsuspend"),
        ))
        .await
    }

    /// `POST /v1/customers/{customerId}/beneficiaries` (`create_beneficiary`).
    pub async fn create_beneficiary(
        &self,
        customer_id: &str,
        body: &BeneficiaryRequest,
    ) -> Result<Beneficiary> {
        let path = item("customers", customer_id, "/beneficiaries");
        self.call(Call::new(Method::POST, path).json(body)?).await
    }

    /// `GET /v1/customers/{customerId}/beneficiaries` (`list_beneficiaries`).
    pub async fn list_beneficiaries(&self, customer_id: &str) -> Result<Vec<BeneficiarySummary>> {
        let path = item("customers", customer_id, "/beneficiaries");
        self.call(Call::new(Method::GET, path)).await
    }

    /// `GET /v1/customers/{customerId}/beneficiaries/{beneficiaryId}` (`get_beneficiary`).
    pub async fn get_beneficiary(
        &self,
        customer_id: &str,
        beneficiary_id: &str,
    ) -> Result<Beneficiary> {
        let path = beneficiary_path(customer_id, beneficiary_id);
        self.call(Call::new(Method::GET, path)).await
    }

    /// `PUT /v1/customers/{customerId}/beneficiaries/{beneficiaryId}` (`update_beneficiary`).
    pub async fn update_beneficiary(
        &self,
        customer_id: &str,
        beneficiary_id: &str,
        body: &BeneficiaryUpdate,
    ) -> Result<Beneficiary> {
        let path = beneficiary_path(customer_id, beneficiary_id);
        self.call(Call::new(Method::PUT, path).json(body)?).await
    }
}

fn beneficiary_path(customer_id: &str, beneficiary_id: &str) -> String {
    let rest = format!("/beneficiaries/{}", crate::client::segment(beneficiary_id));
    item("customers", customer_id, &rest)
}
