//! Drift check: every typed response struct reads a real answer of the server and writes it
//! back unchanged (no member dropped, renamed or re-spelled), on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use openkor_client::Page;
use openkor_client::models::*;
use reqwest::Method;
use support::fixtures;
use support::raw::Raw;

/// The USD Financial Account of the caller's Business Account.
async fn business_usd(raw: &Raw<'_>) -> String {
    let page: Page<FinancialAccountSummary> = raw
        .get("/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT")
        .await;
    page.content
        .into_iter()
        .find(|a| a.currency == "USD")
        .expect("a USD account")
        .id
}

on_both_backends! {
    async fn business_accounts_and_customers_round_trip(server: Server) {
        let raw = Raw::new(&server).await;
        let _: Token = raw.exchange().await;
        let _: Health = raw.get("/healthz").await;
        let page: Page<BusinessAccount> = raw.get("/v1/business-accounts").await;
        let id = &page.content[0].id;
        let _: BusinessAccount = raw
            .get(&format!("/v1/business-accounts/{id}?embed=children,verification-status,limits"))
            .await;
        let _: Vec<BusinessAccountSummary> = raw.get(&format!("/v1/business-accounts/{id}/children")).await;
        let _: Vec<BusinessAccountLimits> = raw.get(&format!("/v1/business-accounts/{id}/limits")).await;

        let sarah: Customer = raw.post("/v1/customers", &fixtures::sarah()).await;
        let acme: Customer = raw.post("/v1/customers", &fixtures::acme()).await;
        assert!(sarah.as_individual().is_some() && acme.as_business().is_some());
        let _: Customer = raw.get(&format!("/v1/customers/{}", sarah.id())).await;
        let _: Page<Customer> = raw.get("/v1/customers?sort=name,ASC").await;
        let _: Customer = raw
            .call(Method::PUT, &format!("/v1/customers/{}/suspend", sarah.id()), None::<&()>)
            .await;
        let path = format!("/v1/customers/{}/beneficiaries", acme.id());
        let owner: Beneficiary = raw.post(&path, &fixtures::owner()).await;
        let _: Vec<BeneficiarySummary> = raw.get(&path).await;
        let _: Beneficiary = raw.get(&format!("{path}/{}", owner.id)).await;
        let _: Vec<Limit> = raw.get(&format!("/v1/limits?scopeId={}&scopeType=CUSTOMER", sarah.id())).await;
        let _: Vec<Utilisation> = raw
            .get(&format!("/v1/limits/utilisation?scopeId={}&scopeType=CUSTOMER", sarah.id()))
            .await;
    }

    async fn financial_accounts_round_trip(server: Server) {
        let raw = Raw::new(&server).await;
        let usd = business_usd(&raw).await;
        let holder: Customer = raw.post("/v1/customers", &fixtures::sarah()).await;
        let holder = holder.id();
        let internal: FinancialAccount =
            raw.post("/v1/internal-financial-accounts", &fixtures::internal(&usd, holder)).await;
        let _: FinancialAccount = raw.post("/v1/external-cards", &fixtures::card(holder, "4111111111111111")).await;
        let bank: FinancialAccount = raw.post("/v1/external-bank-accounts", &fixtures::bank(holder, "123456789")).await;
        let _: FinancialAccount = raw.post("/v1/integrated-bank-accounts", &fixtures::integrated(holder)).await;
        let path = format!("/v1/financial-accounts/{}", internal.id);
        let _: FinancialAccount = raw.get(&format!("{path}?embed=balances,accountHolder,limits")).await;
        let _: FinancialAccount = raw.get(&format!("/v1/financial-accounts/{usd}?embed=accountHolder")).await;
        let _: Balances = raw.get(&format!("{path}/balances")).await;
        let _: AccountLimits = raw.get(&format!("{path}/limits")).await;
        let _: Page<FinancialAccountSummary> = raw.get(&format!("/v1/customers/{holder}/financial-accounts")).await;
        let _: Page<FinancialAccountSummary> = raw.get("/v1/financial-accounts?size=100").await;
        let verify = VerifyRequest { method: Some("PRENOTE".into()), financial_account_ids: Some(vec![bank.id.clone()]) };
        let _: Verification = raw.post("/v1/financial-accounts:verify", &verify).await;
        let _: FinancialAccount = raw.call(Method::PUT, &format!("{path}/suspend"), None::<&()>).await;
        let _: FinancialAccount = raw.call(Method::PUT, &format!("{path}/unsuspend"), None::<&()>).await;
    }

    async fn transactions_round_trip(server: Server) {
        let raw = Raw::new(&server).await;
        let usd = business_usd(&raw).await;
        let holder: Customer = raw.post("/v1/customers", &fixtures::sarah()).await;
        let internal: FinancialAccount =
            raw.post("/v1/internal-financial-accounts", &fixtures::internal(&usd, holder.id())).await;
        let _: Transaction = raw.post("/v1/sandbox/deposits", &fixtures::deposit(&usd, "100.00")).await;
        let sent: Transaction = raw.post("/v1/transactions", &fixtures::send(&usd, &internal.id, "transfer", "10.00")).await;
        let path = format!("/v1/transactions/{}", sent.id);
        let _: Transaction = raw.get(&format!("{path}?embed=creditFinancialAccount,debitFinancialAccount")).await;
        let _: Vec<TransactionStatus> = raw.get(&format!("{path}/statuses")).await;
        let _: Page<TransactionHistory> = raw.get(&format!("/v1/transaction-histories?transactionId={}", sent.id)).await;
        let _: Page<Transaction> = raw.get("/v1/transactions").await;
        let _: Vec<PaymentReason> = raw.get("/v1/payment-reasons").await;
        let reversal = ReverseRequest { reversal_reason: Some("DUPLICATE_PAYMENT".into()), ..Default::default() };
        let _: Reversal = raw.post(&format!("{path}/reverse"), &reversal).await;
        let card: FinancialAccount = raw.post("/v1/external-cards", &fixtures::card(holder.id(), "4111111111111111")).await;
        let payout: Transaction = raw.post("/v1/transactions", &fixtures::send(&usd, &card.id, "push-to-card", "5.00")).await;
        let settled = SimulateRequest { outcome: Some("SETTLED".into()), reason_code: None };
        let _: Transaction = raw.post(&format!("/v1/sandbox/transactions/{}/simulate", payout.id), &settled).await;
        let _: Stp = raw.post("/v1/stp-transactions", &fixtures::stp(&usd, "stp-round-trip")).await;
    }

    async fn recipients_and_webhooks_round_trip(server: Server) {
        let raw = Raw::new(&server).await;
        let recipient: Recipient = raw.post("/v1/recipients", &fixtures::ana()).await;
        let _: Recipient = raw.get(&format!("/v1/recipients/{}", recipient.id)).await;
        let _: Page<Recipient> = raw.get("/v1/recipients").await;
        let created: WebhookSubscriptionWithSecret =
            raw.post("/v1/webhook-subscriptions", &fixtures::subscription("http://127.0.0.1:9/hooks")).await;
        let path = format!("/v1/webhook-subscriptions/{}", created.id);
        let _: WebhookSubscription = raw.get(&path).await;
        let _: Page<WebhookSubscription> = raw.get("/v1/webhook-subscriptions").await;
        let _: WebhookSubscription = raw.call(Method::POST, &format!("{path}/suspend"), None::<&()>).await;
        let _: WebhookSubscription = raw.call(Method::POST, &format!("{path}/unsuspend"), None::<&()>).await;
        let _: WebhookSubscriptionWithSecret = raw.call(Method::POST, &format!("{path}/rotate-secret"), None::<&()>).await;
        let _: WebhookDelivery = raw.call(Method::POST, &format!("{path}/test"), None::<&()>).await;
        let _: Page<WebhookDelivery> = raw.get(&format!("{path}/deliveries")).await;
    }
}
