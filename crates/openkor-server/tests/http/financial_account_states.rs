//! Financial Accounts over HTTP after creation: suspension, deletion (of an account and of
//! its customer) and balances read from the ledger.

use crate::financial_account_fixtures::{
    SEED_GET_STARTED, business_accounts, card_request, customer, pairs, seed_with_ids,
};
use crate::on_both_backends;
use crate::transactions::{send, submit};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::{FinancialAccount, SuspendRequest};
use openkor_client::{Client, CustomerFinancialAccountQuery, FinancialAccountQuery};
use serde_json::json;

/// A Financial Account's embedded balances, if it has any.
fn embedded_balances(account: &FinancialAccount) -> Option<serde_json::Value> {
    let embedded = account.embedded.as_ref()?;
    embedded.balances.as_ref().map(json_of)
}

async fn internal_of(api: &Client, parent: &str, holder: &str) -> FinancialAccount {
    let body = seed_with_ids(SEED_GET_STARTED, parent, holder);
    api.create_internal(&typed(body)).await.unwrap()
}

async fn card_of(api: &Client, holder: &str) -> FinancialAccount {
    let body = card_request(holder, "4111111111111111");
    api.create_external_card(&typed(body)).await.unwrap()
}

fn lost_card() -> SuspendRequest {
    SuspendRequest {
        state_reason: Some("LOST_CARD".to_owned()),
    }
}

on_both_backends! {
    async fn suspend_unsuspend_and_delete(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let card = card_of(&api, &holder).await;
        let id = card.id.as_str();
        for _ in 0..2 {
            api.suspend_financial_account(id, None).await.unwrap();
        }
        assert_eq!(api.get_financial_account(id, None).await.unwrap().state, "SUSPENDED");
        // An empty body is fine: the typed request with nothing set writes `{}`.
        api.suspend_financial_account(id, Some(&SuspendRequest::default())).await.unwrap();
        let reason = refused(api.suspend_financial_account(id, Some(&lost_card())).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&reason), pairs(&[("stateReason", "INCONSISTENT")]));
        let active = api.unsuspend_financial_account(id).await.unwrap();
        assert_eq!(active.state, "ACTIVE");
        // The older form: PUT, 200 with the account, the same rules.
        let older = api.suspend_financial_account_older(id, None).await.unwrap();
        assert_eq!((older.id.as_str(), older.state.as_str()), (id, "SUSPENDED"));
        let reason = refused(api.suspend_financial_account_older(id, Some(&lost_card())).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&reason), pairs(&[("stateReason", "INCONSISTENT")]));
        api.unsuspend_financial_account(id).await.unwrap();
        refused(api.suspend_financial_account(&usd, None).await, 422, "BUSINESS_RULE_VIOLATION");
        refused(api.delete_financial_account(&usd).await, 422, "BUSINESS_RULE_VIOLATION");
        api.delete_financial_account(id).await.unwrap();
        refused(api.get_financial_account(id, None).await, 404, "NOT_FOUND");
        refused(api.delete_financial_account(id).await, 404, "NOT_FOUND");
        refused(api.suspend_financial_account(id, None).await, 404, "NOT_FOUND");
        refused(api.suspend_financial_account_older(id, None).await, 404, "NOT_FOUND");
        refused(api.unsuspend_financial_account(id).await, 404, "NOT_FOUND");
        refused(api.suspend_financial_account(id, Some(&lost_card())).await, 404, "NOT_FOUND");
        let theirs = api.list_customer_financial_accounts(&holder, &CustomerFinancialAccountQuery::default()).await.unwrap();
        assert_eq!(theirs.total_elements, 0);
    }

    async fn balances_are_read_from_the_ledger(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let internal = internal_of(&api, &usd, &holder).await;
        let id = internal.id.as_str();
        let zero = json!({"USD": {"accountBalance": "0.00", "availableBalance": "0.00", "pendingWithdrawals": "0.00", "pendingDeposits": "0.00"}});
        assert_eq!(json_of(&api.get_balances(id).await.unwrap()), zero);
        let embedded = api.get_financial_account(id, Some("balances,accountHolder")).await.unwrap();
        assert_eq!(embedded_balances(&embedded), Some(zero.clone()));
        let customer = embedded.embedded.as_ref().and_then(|e| e.customer.as_ref()).expect("the holder embedded");
        assert_eq!(customer.id(), holder.as_str());
        // Business (and integrated) accounts are ledgered too; external accounts are not.
        assert_eq!(json_of(&api.get_balances(&usd).await.unwrap()), zero);
        let business = api.get_financial_account(&usd, Some("accountHolder,balances")).await.unwrap();
        let holder_account = business.embedded.as_ref().and_then(|e| e.business_account.as_ref()).expect("the holder embedded");
        assert_eq!(holder_account.id, app.bootstrap.id);
        assert_eq!(embedded_balances(&business), Some(zero));
        let card = card_of(&api, &holder).await;
        refused(api.get_balances(&card.id).await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(embedded_balances(&api.get_financial_account(&card.id, Some("balances")).await.unwrap()).is_none());
        refused(api.get_financial_account(id, Some("owners")).await, 400, "INVALID_QUERY_PARAMETER");
    }

    async fn accounts_that_hold_money_are_not_deleted_nor_are_their_customers(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let wallet = internal_of(&api, &usd, &holder).await.id;
        api.create_deposit(&typed(json!({"financialAccountId": usd, "amount": "5.00"})), None).await.unwrap();
        let transfer = |from: &str, to: &str| send(from, to, "transfer", "5.00");
        submit(&api, transfer(&usd, &wallet)).await.unwrap();
        assert_eq!(api.get_balances(&wallet).await.unwrap()["USD"].account_balance.as_str(), "5.00");
        let error = refused(api.delete_financial_account(&wallet).await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(error.message.contains("balance is zero"), "{error:?}");
        let error = refused(api.delete_customer(&holder).await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(error.message.contains("zero balance"), "{error:?}");
        api.get_customer(&holder).await.expect("the refusal deleted nothing");
        api.get_financial_account(&wallet, None).await.unwrap();
        submit(&api, transfer(&wallet, &usd)).await.unwrap();
        api.delete_customer(&holder).await.unwrap();
        refused(api.get_financial_account(&wallet, None).await, 404, "NOT_FOUND");
    }

    async fn deleting_a_customer_removes_its_accounts_from_every_read(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let internal = internal_of(&api, &usd, &holder).await;
        let card = card_of(&api, &holder).await;
        api.delete_customer(&holder).await.unwrap();
        for account in [&internal, &card] {
            refused(api.get_financial_account(&account.id, None).await, 404, "NOT_FOUND");
            refused(api.get_balances(&account.id).await, 404, "NOT_FOUND");
        }
        let customers = FinancialAccountQuery { account_holder_types: Some("CUSTOMER".to_owned()), ..Default::default() };
        assert_eq!(api.list_financial_accounts(&customers).await.unwrap().total_elements, 0);
        let theirs = FinancialAccountQuery { account_holder_id: Some(holder.clone()), ..Default::default() };
        assert_eq!(api.list_financial_accounts(&theirs).await.unwrap().total_elements, 0);
        refused(api.list_customer_financial_accounts(&holder, &CustomerFinancialAccountQuery::default()).await, 404, "NOT_FOUND");
    }
}
