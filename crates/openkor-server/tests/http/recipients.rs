//! Recipients over HTTP: create, read, update, suspend, list and search, delete; every field
//! rule; tenant isolation on every route and role refusal on every write.

use crate::financial_account_fixtures::card_request;
use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error};
use crate::transaction_operations::{ach, duplicate};
use crate::transactions::{send, world};
use crate::typed::{field_errors, ids, refused, typed};
use openkor_client::models::{
    ExternalBankAccountRequest, ExternalCardRequest, FinancialAccount, Patch, Recipient,
    RecipientRequest, RecipientUpdate, SimulateRequest, Transaction, TransactionRequest,
};
use openkor_client::{
    Client, Error, FinancialAccountQuery, PageQuery, RecipientQuery, Sort, TransactionQuery,
};
use openkor_domain::role::Role;
use serde_json::{Value, json};

pub fn ana() -> Value {
    json!({"firstName": "Ana", "lastName": "Silva", "email": "Ana.Silva@example.com"})
}

pub async fn create_recipient(app: &Http, token: &str, body: &Value) -> Value {
    Http::expect_json(app.post("/v1/recipients", token, body).await, 201).await
}

/// `PUT /v1/recipients/{id}` with a JSON body, sent as the typed update.
async fn put(api: &Client, id: &str, body: Value) -> Result<Recipient, Error> {
    api.update_recipient(id, &typed::<RecipientUpdate>(body))
        .await
}

/// `body` (an account request) as a Recipient's account.
fn held_by<T: serde::de::DeserializeOwned + serde::Serialize>(mut body: Value, holder: &str) -> T {
    body["accountHolderType"] = json!("RECIPIENT");
    body["accountHolderId"] = json!(holder);
    typed(body)
}

/// `financial_account_fixtures::bank_request`'s checking account, its billing address in today's
/// spelling (the older `state`/`country` one is `financial_accounts`' to test).
fn bank(holder: &str, number: &str) -> ExternalBankAccountRequest {
    held_by(
        json!({"name": "Checking", "subtype": "CHECKING",
        "bankAccount": {"bankName": "Citibank", "routingNo": "321171184", "accountNumber": number,
            "billingAddress": {"addressLine1": "625 Queen St", "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"}}}),
        holder,
    )
}

fn card_of(holder: &str, number: &str) -> ExternalCardRequest {
    held_by(card_request("x", number), holder)
}

fn settled() -> SimulateRequest {
    SimulateRequest {
        outcome: Some("SETTLED".into()),
        reason_code: None,
    }
}

fn query(state: Option<&str>, search: Option<&str>, paging: PageQuery) -> RecipientQuery {
    RecipientQuery {
        state: state.map(str::to_owned),
        search: search.map(str::to_owned),
        paging,
    }
}

on_both_backends! {
    async fn a_recipient_is_created_read_updated_suspended_and_deleted(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        // The Location header is raw HTTP; everything else goes through the typed client.
        let answer = app.post("/v1/recipients", token, &ana()).await;
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let created: Recipient = serde_json::from_value(TestApp::expect_json(answer, 201).await).unwrap();
        assert_eq!(location, format!("/v1/recipients/{}", created.id));
        let fields = [&created.state, &created.recipient_type, &created.first_name, &created.email, &created.business_account_id];
        assert_eq!(fields, ["ACTIVE", "INDIVIDUAL", "Ana", "Ana.Silva@example.com", app.bootstrap.id.as_str()], "{created:?}");
        assert_eq!(created.requestor_id.as_deref(), Some(created.created_by.id.as_str()));
        assert!(created.business_name.is_none() && created.phone_number.is_none(), "{created:?}");
        assert_eq!(api.get_recipient(&created.id).await.unwrap(), created);

        let business = api.create_recipient(&typed(json!({"firstName": "Bo", "lastName": "Diaz",
            "email": "bo@acme.example", "recipientType": "BUSINESS", "businessName": "Acme Plumbing",
            "businessRefId": "vendor-17", "nationality": "CAN", "dateOfBirth": "1980-02-29",
            "secondLastName": "Ruiz", "additionalInformation": ""}))).await.unwrap();
        assert_eq!((business.business_name.as_deref(), business.nationality.as_deref()), (Some("Acme Plumbing"), Some("CAN")));

        // The documented partial update: only phoneNumber; the rest stays.
        let updated = put(&api, &created.id, json!({"phoneNumber": "555-555-5555"})).await.unwrap();
        assert_eq!(updated.phone_number.as_deref(), Some("555-555-5555"));
        assert_eq!((&updated.first_name, &updated.created_at), (&created.first_name, &created.created_at));
        let clear = RecipientUpdate { phone_number: Patch::Null, middle_name: Patch::Value("Maria".into()), ..Default::default() };
        let cleared = api.update_recipient(&created.id, &clear).await.unwrap();
        assert!(cleared.phone_number.is_none());
        assert_eq!(cleared.middle_name.as_deref(), Some("Maria"));

        // The documented suspend and unsuspend; repeating one changes nothing.
        let suspended = put(&api, &created.id, json!({"state": "SUSPENDED"})).await.unwrap();
        assert_eq!(suspended.state, "SUSPENDED");
        let again = put(&api, &created.id, json!({"state": "SUSPENDED"})).await.unwrap();
        assert_eq!(again.updated_at, suspended.updated_at);

        let page = |query: RecipientQuery| {
            let api = api.clone();
            async move { api.list_recipients(&query).await.unwrap() }
        };
        let by = |paging: PageQuery| query(None, None, paging);
        let (created_id, business_id) = (created.id.as_str(), business.id.as_str());
        assert_eq!(ids(&page(query(Some("SUSPENDED"), None, PageQuery::default())).await), [created_id]);
        assert_eq!(ids(&page(query(Some("ACTIVE"), None, PageQuery::default())).await), [business_id]);
        assert_eq!(ids(&page(query(None, Some("SILV"), PageQuery::default())).await), [created_id], "a last name, any case");
        assert_eq!(ids(&page(query(None, Some("acme.example"), PageQuery::default())).await), [business_id], "the e-mail");
        assert_eq!(ids(&page(query(None, Some("maria"), PageQuery::default())).await), [created_id], "the middle name");
        let by_last_name = PageQuery { sort: vec![Sort::asc("lastName")], ..Default::default() };
        assert_eq!(ids(&page(by(by_last_name)).await), [business_id, created_id]);
        assert_eq!(ids(&page(RecipientQuery::default()).await), [business_id, created_id], "newest first by default");
        let first = page(by(PageQuery::new(1, 1))).await;
        assert_eq!((first.total_elements, first.total_pages), (2, 2));
        assert_eq!(ids(&first), [created_id]);

        let unsuspended = put(&api, &created.id, json!({"state": "ACTIVE"})).await.unwrap();
        assert_eq!(unsuspended.state, "ACTIVE");
        api.delete_recipient(&created.id).await.unwrap();
        refused(api.get_recipient(&created.id).await, 404, "NOT_FOUND");
        refused(api.delete_recipient(&created.id).await, 404, "NOT_FOUND");
        assert_eq!(ids(&page(RecipientQuery::default()).await), [business_id]);
    }

    async fn recipient_input_is_checked_and_every_problem_named(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let bad = json!({"firstName": "", "lastName": "x".repeat(41), "email": "nope", "nationality": "Canadian",
            "recipientType": "BUSINESS", "phoneNumber": "5".repeat(41), "dateOfBirth": "2999-01-01"});
        let error = refused(api.create_recipient(&typed(bad)).await, 400, "VALIDATION_FAILED");
        let mut errors = field_errors(&error);
        errors.sort();
        let expected: Vec<(String, String)> = [("businessName", "REQUIRED"), ("dateOfBirth", "OUT_OF_RANGE"),
            ("email", "INVALID_FORMAT"), ("firstName", "REQUIRED"), ("lastName", "TOO_LONG"),
            ("nationality", "INVALID_VALUE"), ("phoneNumber", "TOO_LONG")]
            .iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect();
        assert_eq!(errors, expected, "{error:?}");
        let individual_business = RecipientRequest { business_name: Some("Acme".into()), ..typed(ana()) };
        let error = refused(api.create_recipient(&individual_business).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), [("businessName".to_owned(), "INCONSISTENT".to_owned())]);
        // What a create body cannot hold (so the typed request has no field for it), raw.
        let mut with_state = ana();
        with_state["state"] = json!("SUSPENDED");
        assert_error(app.post("/v1/recipients", token, &with_state).await, 400, "VALIDATION_FAILED").await;
        let mut unknown = ana();
        unknown["nickname"] = json!("A");
        assert_error(app.post("/v1/recipients", token, &unknown).await, 400, "VALIDATION_FAILED").await;

        let created = api.create_recipient(&typed(ana())).await.unwrap();
        let retyped = put(&api, &created.id, json!({"recipientType": "BUSINESS", "businessName": "Acme"})).await;
        assert_eq!(field_errors(&refused(retyped, 400, "VALIDATION_FAILED"))[0].0, "recipientType");
        let both = put(&api, &created.id, json!({"state": "ASLEEP", "email": "bad"})).await;
        let mut errors = field_errors(&refused(both, 400, "VALIDATION_FAILED"));
        errors.sort();
        assert_eq!(errors, [("email".to_owned(), "INVALID_FORMAT".to_owned()), ("state".to_owned(), "INVALID_VALUE".to_owned())]);
        let required = api.update_recipient(&created.id, &RecipientUpdate { email: Patch::Null, ..Default::default() }).await;
        assert_eq!(field_errors(&refused(required, 400, "VALIDATION_FAILED"))[0], ("email".to_owned(), "REQUIRED".to_owned()));
        assert_eq!(api.get_recipient(&created.id).await.unwrap(), created, "nothing changed");
        // Malformed queries on purpose (an unknown parameter has no typed field), raw.
        for query in ["state=ASLEEP", "sort=nickname,ASC", "size=101", "colour=red", &format!("search={}", "x".repeat(101))] {
            assert_error(app.get(&format!("/v1/recipients?{query}"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
        }
        refused(api.get_recipient("not-a-uuid").await, 400, "INVALID_PATH_PARAMETER");
    }

    async fn recipients_are_the_callers_own_and_writes_need_a_role(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = api.create_recipient(&typed(ana())).await.unwrap();
        let other = app.api(&app.tenant("Other", None).await);
        let suspend = RecipientUpdate { state: Patch::Value("SUSPENDED".into()), ..Default::default() };
        refused(other.get_recipient(&created.id).await, 404, "NOT_FOUND");
        refused(other.update_recipient(&created.id, &suspend).await, 404, "NOT_FOUND");
        refused(other.delete_recipient(&created.id).await, 404, "NOT_FOUND");
        assert!(other.list_recipients(&RecipientQuery::default()).await.unwrap().content.is_empty());
        assert_eq!(api.get_recipient(&created.id).await.unwrap(), created, "the other tenant changed nothing");

        for role in [Role::ViewOnly, Role::Admin, Role::Clerk] {
            let limited = app.api_with_role(&app.bootstrap, role).await;
            assert_eq!(limited.get_recipient(&created.id).await.unwrap(), created, "{role:?} reads");
            refused(limited.create_recipient(&typed(ana())).await, 403, "FORBIDDEN");
            refused(limited.update_recipient(&created.id, &suspend).await, 403, "FORBIDDEN");
            refused(limited.delete_recipient(&created.id).await, 403, "FORBIDDEN");
        }
        let finance = app.api_with_role(&app.bootstrap, Role::Finance).await;
        finance.create_recipient(&typed(ana())).await.unwrap();
    }

    async fn a_recipient_is_paid_through_its_accounts_and_never_debited(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "1000.00").await;
        let recipient = api.create_recipient(&typed(ana())).await.unwrap();
        let bank = api.create_external_bank(&bank(&recipient.id, "987654321")).await.unwrap();
        let card = api.create_external_card(&card_of(&recipient.id, "4111111111111111")).await.unwrap();
        assert_eq!((bank.account_holder_type.as_deref(), bank.account_holder_id.as_deref()), (Some("RECIPIENT"), Some(recipient.id.as_str())));
        let embedded = api.get_financial_account(&card.id, Some("accountHolder")).await.unwrap();
        assert_eq!(embedded.embedded.and_then(|e| e.recipient), Some(recipient.clone()));
        let by_name = PageQuery { sort: vec![Sort::asc("name")], ..Default::default() };
        let listed = FinancialAccountQuery { account_holder_types: Some("RECIPIENT".into()), paging: by_name, ..Default::default() };
        assert_eq!(ids(&api.list_financial_accounts(&listed).await.unwrap()), [bank.id.as_str(), card.id.as_str()]);
        let by_holder = FinancialAccountQuery { account_holder_id: Some(recipient.id.clone()), ..Default::default() };
        assert_eq!(api.list_financial_accounts(&by_holder).await.unwrap().total_elements, 2);
        let internal = held_by(json!({"name": "Wallet", "parentId": w.business}), &recipient.id);
        let error = refused(api.create_internal(&internal).await, 400, "VALIDATION_FAILED");
        assert!(field_errors(&error).contains(&("accountHolderType".to_owned(), "INVALID_VALUE".to_owned())), "{error:?}");

        // Paid by ACH and push-to-card; never the debit side.
        let payout = api.create_transaction(&typed(ach(&w.business, &bank.id, "10.00", "NEXT_DAY")), None).await.unwrap();
        api.create_transaction(&typed(send(&w.business, &card.id, "push-to-card", "5.00")), None).await.unwrap();
        let mut pull = ach(&bank.id, &w.internal, "1.00", "NEXT_DAY");
        pull["transactionType"] = json!("REQUEST");
        let error = refused(api.create_transaction(&typed(pull), None).await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(field_errors(&error).iter().any(|(path, _)| path == "debitFinancialAccountId"), "{error:?}");
        assert!(format!("{error:?}").contains("only ever credited"), "{error:?}");

        // A suspended recipient's accounts are refused; a deleted one waits for money in flight.
        put(&api, &recipient.id, json!({"state": "SUSPENDED"})).await.unwrap();
        let paid = api.create_transaction(&typed(send(&w.business, &card.id, "push-to-card", "1.00")), None).await;
        let error = refused(paid, 422, "BUSINESS_RULE_VIOLATION");
        assert!(format!("{error:?}").contains("recipient is suspended"), "{error:?}");
        refused(api.create_external_card(&card_of(&recipient.id, "5555555555554444")).await, 422, "BUSINESS_RULE_VIOLATION");
        put(&api, &recipient.id, json!({"state": "ACTIVE"})).await.unwrap();
        refused(api.delete_recipient(&recipient.id).await, 422, "BUSINESS_RULE_VIOLATION");
        api.simulate_transaction(&payout.id, &settled()).await.unwrap();
        let reversal = api.reverse_transaction(&payout.id, &typed(duplicate()), None).await.unwrap();
        refused(api.delete_recipient(&recipient.id).await, 422, "BUSINESS_RULE_VIOLATION");
        api.simulate_transaction(&reversal.reversal_transaction.id, &settled()).await.unwrap();
        let to_card = TransactionQuery { credit_financial_account_id: Some(card.id.clone()), ..Default::default() };
        let push = api.list_transactions(&to_card).await.unwrap().content[0].id.clone();
        api.simulate_transaction(&push, &settled()).await.unwrap();
        api.delete_recipient(&recipient.id).await.unwrap();
        refused(api.get_financial_account(&bank.id, None).await, 404, "NOT_FOUND");
        // A payment to a deleted recipient can no longer be reversed through its account.
        refused(api.reverse_transaction(&push, &typed(duplicate()), None).await, 422, "BUSINESS_RULE_VIOLATION");
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn recipient_accounts_need_the_recipient_role_and_tenant(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let recipient = api.create_recipient(&typed(ana())).await.unwrap();
        let card = card_of(&recipient.id, "4111111111111111");
        let admin = app.api_with_role(&app.bootstrap, Role::Admin).await;
        refused(admin.create_external_card(&card).await, 403, "FORBIDDEN");
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(viewer.create_external_card(&card).await, 403, "FORBIDDEN");
        let other = app.api(&app.tenant("Other", None).await);
        let error = refused(other.create_external_card(&card).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), [("accountHolderId".to_owned(), "NOT_FOUND".to_owned())]);
        let finance = app.api_with_role(&app.bootstrap, Role::Finance).await;
        finance.create_external_card(&card).await.unwrap();
    }

    async fn a_recipient_deleted_while_paid_never_keeps_money_in_flight(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "1000.00").await;
        let recipient = api.create_recipient(&typed(ana())).await.unwrap();
        let card: FinancialAccount = api.create_external_card(&card_of(&recipient.id, "4111111111111111")).await.unwrap();
        let payment: TransactionRequest = typed(send(&w.business, &card.id, "push-to-card", "1.00"));
        // Each answer's status: a success is the operation's one documented 2xx (the
        // contract-checking proxy fails the test on any other).
        let status = |answer: Result<u16, Error>| answer.unwrap_or_else(|e| e.status().expect("an answer"));
        let racing: Vec<_> = (0..16).map(|i| {
            let (api, payment, id) = (api.clone(), payment.clone(), recipient.id.clone());
            async move {
                let answer = if i == 8 {
                    api.delete_recipient(&id).await.map(|()| 204)
                } else {
                    api.create_transaction(&payment, None).await.map(|_: Transaction| 201)
                };
                (i, status(answer))
            }
        }).collect();
        let answers = crate::transactions::futures_join_all(racing).await;
        let deleted = answers.iter().any(|(i, status)| *i == 8 && *status == 204);
        for (i, status) in &answers {
            let allowed: &[u16] = if *i == 8 { &[204, 422] } else { &[201, 422] };
            assert!(allowed.contains(status), "request {i} answered {status}");
        }
        let to_card = TransactionQuery { credit_financial_account_id: Some(card.id.clone()), paging: PageQuery { size: Some(100), ..Default::default() }, ..Default::default() };
        let paid = api.list_transactions(&to_card).await.unwrap();
        let created = answers.iter().filter(|(_, status)| *status == 201).count();
        assert_eq!(paid.total_elements, created as i64, "every payment is listed: {answers:?}");
        let in_flight = paid.content.iter().filter(|t| t.latest_status.status == "NEW").count();
        if deleted {
            assert_eq!(in_flight, 0, "a deleted recipient has money on its way: {answers:?}");
        } else {
            assert!(in_flight > 0, "the deletion was refused for nothing: {answers:?}");
        }
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}
