//! Recipients over HTTP: create, read, update, suspend, list and search, delete; every field
//! rule; tenant isolation on every route and role refusal on every write.

use crate::financial_accounts::{bank_request, card_request};
use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error, content_ids, field_errors};
use crate::transaction_operations::{ach, duplicate, reverse};
use crate::transactions::{create, send, simulate, world};
use openkor_domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

pub fn ana() -> Value {
    json!({"firstName": "Ana", "lastName": "Silva", "email": "Ana.Silva@example.com"})
}

pub async fn create_recipient(app: &Http, token: &str, body: &Value) -> Value {
    Http::expect_json(app.post("/v1/recipients", token, body).await, 201).await
}

async fn put(app: &Http, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.send(
        Method::PUT,
        &format!("/v1/recipients/{id}"),
        token,
        Some(body),
    )
    .await
}

fn id(body: &Value) -> &str {
    body["id"].as_str().unwrap()
}

on_both_backends! {
    async fn a_recipient_is_created_read_updated_suspended_and_deleted(app: TestApp) {
        let token = &app.bootstrap.token;
        let answer = app.post("/v1/recipients", token, &ana()).await;
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let created = TestApp::expect_json(answer, 201).await;
        assert_eq!(location, format!("/v1/recipients/{}", id(&created)));
        for (field, value) in [("state", "ACTIVE"), ("recipientType", "INDIVIDUAL"), ("firstName", "Ana"),
            ("email", "Ana.Silva@example.com"), ("businessAccountId", app.bootstrap.id.as_str())] {
            assert_eq!(created[field], value, "{field}: {created}");
        }
        assert_eq!(created["requestorId"], created["createdBy"]["id"]);
        assert!(created.get("businessName").is_none() && created.get("phoneNumber").is_none(), "{created}");
        assert_eq!(app.get_json(&location, token).await, created);

        let business = create_recipient(&app, token, &json!({"firstName": "Bo", "lastName": "Diaz",
            "email": "bo@acme.example", "recipientType": "BUSINESS", "businessName": "Acme Plumbing",
            "businessRefId": "vendor-17", "nationality": "CAN", "dateOfBirth": "1980-02-29",
            "secondLastName": "Ruiz", "additionalInformation": ""})).await;
        assert_eq!((business["businessName"].as_str(), business["nationality"].as_str()), (Some("Acme Plumbing"), Some("CAN")));

        // The documented partial update: only phoneNumber; the rest stays.
        let updated = TestApp::expect_json(put(&app, token, id(&created), &json!({"phoneNumber": "555-555-5555"})).await, 200).await;
        assert_eq!(updated["phoneNumber"], "555-555-5555");
        assert_eq!((updated["firstName"].clone(), updated["createdAt"].clone()), (created["firstName"].clone(), created["createdAt"].clone()));
        let cleared = TestApp::expect_json(put(&app, token, id(&created), &json!({"phoneNumber": null, "middleName": "Maria"})).await, 200).await;
        assert!(cleared.get("phoneNumber").is_none());
        assert_eq!(cleared["middleName"], "Maria");

        // The documented suspend and unsuspend; repeating one changes nothing.
        let suspended = TestApp::expect_json(put(&app, token, id(&created), &json!({"state": "SUSPENDED"})).await, 200).await;
        assert_eq!(suspended["state"], "SUSPENDED");
        let again = TestApp::expect_json(put(&app, token, id(&created), &json!({"state": "SUSPENDED"})).await, 200).await;
        assert_eq!(again["updatedAt"], suspended["updatedAt"]);

        let page = |query: &str| {
            let (http, path, token) = (app.http.clone(), format!("/v1/recipients?{query}"), token.clone());
            async move { http.get_json(&path, &token).await }
        };
        assert_eq!(content_ids(&page("state=SUSPENDED").await), [id(&created)]);
        assert_eq!(content_ids(&page("state=ACTIVE").await), [id(&business)]);
        assert_eq!(content_ids(&page("search=SILV").await), [id(&created)], "a last name, any case");
        assert_eq!(content_ids(&page("search=acme.example").await), [id(&business)], "the e-mail");
        assert_eq!(content_ids(&page("search=maria").await), [id(&created)], "the middle name");
        assert_eq!(content_ids(&page("sort=lastName,ASC").await), [id(&business), id(&created)]);
        assert_eq!(content_ids(&page("").await), [id(&business), id(&created)], "newest first by default");
        let first = page("size=1&page=1").await;
        assert_eq!((first["totalElements"].as_u64(), first["totalPages"].as_u64()), (Some(2), Some(2)));
        assert_eq!(content_ids(&first), [id(&created)]);

        let unsuspended = TestApp::expect_json(put(&app, token, id(&created), &json!({"state": "ACTIVE"})).await, 200).await;
        assert_eq!(unsuspended["state"], "ACTIVE");
        let path = format!("/v1/recipients/{}", id(&created));
        assert_eq!(app.send(Method::DELETE, &path, token, None).await.status(), 204);
        assert_error(app.get(&path, token).await, 404, "NOT_FOUND").await;
        assert_error(app.send(Method::DELETE, &path, token, None).await, 404, "NOT_FOUND").await;
        assert_eq!(content_ids(&page("").await), [id(&business)]);
    }

    async fn recipient_input_is_checked_and_every_problem_named(app: TestApp) {
        let token = &app.bootstrap.token;
        let bad = json!({"firstName": "", "lastName": "x".repeat(41), "email": "nope", "nationality": "Canadian",
            "recipientType": "BUSINESS", "phoneNumber": "5".repeat(41), "dateOfBirth": "2999-01-01"});
        let refused = assert_error(app.post("/v1/recipients", token, &bad).await, 400, "VALIDATION_FAILED").await;
        let mut errors = field_errors(&refused);
        errors.sort();
        let expected: Vec<(String, String)> = [("businessName", "REQUIRED"), ("dateOfBirth", "OUT_OF_RANGE"),
            ("email", "INVALID_FORMAT"), ("firstName", "REQUIRED"), ("lastName", "TOO_LONG"),
            ("nationality", "INVALID_VALUE"), ("phoneNumber", "TOO_LONG")]
            .iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect();
        assert_eq!(errors, expected, "{refused}");
        let mut individual_business = ana();
        individual_business["businessName"] = json!("Acme");
        let refused = assert_error(app.post("/v1/recipients", token, &individual_business).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&refused), [("businessName".to_owned(), "INCONSISTENT".to_owned())]);
        let mut with_state = ana();
        with_state["state"] = json!("SUSPENDED");
        assert_error(app.post("/v1/recipients", token, &with_state).await, 400, "VALIDATION_FAILED").await;
        let mut unknown = ana();
        unknown["nickname"] = json!("A");
        assert_error(app.post("/v1/recipients", token, &unknown).await, 400, "VALIDATION_FAILED").await;

        let created = create_recipient(&app, token, &ana()).await;
        let retyped = put(&app, token, id(&created), &json!({"recipientType": "BUSINESS", "businessName": "Acme"})).await;
        assert_eq!(field_errors(&assert_error(retyped, 400, "VALIDATION_FAILED").await)[0].0, "recipientType");
        let both = put(&app, token, id(&created), &json!({"state": "ASLEEP", "email": "bad"})).await;
        let mut errors = field_errors(&assert_error(both, 400, "VALIDATION_FAILED").await);
        errors.sort();
        assert_eq!(errors, [("email".to_owned(), "INVALID_FORMAT".to_owned()), ("state".to_owned(), "INVALID_VALUE".to_owned())]);
        let required = put(&app, token, id(&created), &json!({"email": null})).await;
        assert_eq!(field_errors(&assert_error(required, 400, "VALIDATION_FAILED").await)[0], ("email".to_owned(), "REQUIRED".to_owned()));
        assert_eq!(app.get_json(&format!("/v1/recipients/{}", id(&created)), token).await, created, "nothing changed");
        for query in ["state=ASLEEP", "sort=nickname,ASC", "size=101", "colour=red", &format!("search={}", "x".repeat(101))] {
            assert_error(app.get(&format!("/v1/recipients?{query}"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
        }
        assert_error(app.get("/v1/recipients/not-a-uuid", token).await, 400, "INVALID_PATH_PARAMETER").await;
    }

    async fn recipients_are_the_callers_own_and_writes_need_a_role(app: TestApp) {
        let token = &app.bootstrap.token;
        let created = create_recipient(&app, token, &ana()).await;
        let path = format!("/v1/recipients/{}", id(&created));
        let other = app.tenant("Other", None).await;
        assert_error(app.get(&path, &other.token).await, 404, "NOT_FOUND").await;
        assert_error(put(&app, &other.token, id(&created), &json!({"state": "SUSPENDED"})).await, 404, "NOT_FOUND").await;
        assert_error(app.send(Method::DELETE, &path, &other.token, None).await, 404, "NOT_FOUND").await;
        assert!(content_ids(&app.get_json("/v1/recipients", &other.token).await).is_empty());
        assert_eq!(app.get_json(&path, token).await, created, "the other tenant changed nothing");

        for role in [Role::ViewOnly, Role::Admin, Role::Clerk] {
            let limited = app.token_with_role(&app.bootstrap, role).await;
            assert_eq!(app.get_json(&path, &limited).await, created, "{role:?} reads");
            assert_error(app.post("/v1/recipients", &limited, &ana()).await, 403, "FORBIDDEN").await;
            assert_error(put(&app, &limited, id(&created), &json!({"state": "SUSPENDED"})).await, 403, "FORBIDDEN").await;
            assert_error(app.send(Method::DELETE, &path, &limited, None).await, 403, "FORBIDDEN").await;
        }
        let finance = app.token_with_role(&app.bootstrap, Role::Finance).await;
        create_recipient(&app, &finance, &ana()).await;
    }

    async fn a_recipient_is_paid_through_its_accounts_and_never_debited(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let recipient = create_recipient(&app, token, &ana()).await;
        let held_by = |mut body: Value, holder: &str| {
            body["accountHolderType"] = json!("RECIPIENT");
            body["accountHolderId"] = json!(holder);
            body
        };
        let bank = Http::expect_json(app.post("/v1/external-bank-accounts", token, &held_by(bank_request("x", "987654321"), id(&recipient))).await, 201).await;
        let card = Http::expect_json(app.post("/v1/external-cards", token, &held_by(card_request("x", "4111111111111111"), id(&recipient))).await, 201).await;
        assert_eq!((bank["accountHolderType"].as_str(), bank["accountHolderId"].as_str()), (Some("RECIPIENT"), Some(id(&recipient))));
        let embedded = app.get_json(&format!("/v1/financial-accounts/{}?embed=accountHolder", id(&card)), token).await;
        assert_eq!(embedded["_embedded"]["recipient"], recipient);
        let listed = app.get_json("/v1/financial-accounts?accountHolderTypes=RECIPIENT&sort=name,ASC", token).await;
        assert_eq!(content_ids(&listed), [id(&bank), id(&card)]);
        let by_holder = app.get_json(&format!("/v1/financial-accounts?accountHolderId={}", id(&recipient)), token).await;
        assert_eq!(by_holder["totalElements"], 2);
        let internal = held_by(json!({"name": "Wallet", "parentId": w.business}), id(&recipient));
        let refused = assert_error(app.post("/v1/internal-financial-accounts", token, &internal).await, 400, "VALIDATION_FAILED").await;
        assert!(field_errors(&refused).contains(&("accountHolderType".to_owned(), "INVALID_VALUE".to_owned())), "{refused}");

        // Paid by ACH and push-to-card; never the debit side.
        let payout = create(&app, token, &ach(&w.business, id(&bank), "10.00", "NEXT_DAY")).await;
        create(&app, token, &send(&w.business, id(&card), "push-to-card", "5.00")).await;
        let mut pull = ach(id(&bank), &w.internal, "1.00", "NEXT_DAY");
        pull["transactionType"] = json!("REQUEST");
        let refused = assert_error(app.post("/v1/transactions", token, &pull).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(field_errors(&refused).iter().any(|(path, _)| path == "debitFinancialAccountId"), "{refused}");
        assert!(refused.to_string().contains("only ever credited"), "{refused}");

        // A suspended recipient's accounts are refused; a deleted one waits for money in flight.
        let path = format!("/v1/recipients/{}", id(&recipient));
        put(&app, token, id(&recipient), &json!({"state": "SUSPENDED"})).await;
        let refused = assert_error(app.post("/v1/transactions", token, &send(&w.business, id(&card), "push-to-card", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(refused.to_string().contains("recipient is suspended"), "{refused}");
        let another = held_by(card_request("x", "5555555555554444"), id(&recipient));
        assert_error(app.post("/v1/external-cards", token, &another).await, 422, "BUSINESS_RULE_VIOLATION").await;
        put(&app, token, id(&recipient), &json!({"state": "ACTIVE"})).await;
        assert_error(app.send(Method::DELETE, &path, token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(simulate(&app, token, id(&payout), "SETTLED").await.status(), 200);
        let reversal = Http::expect_json(reverse(&app, token, id(&payout), &duplicate()).await, 201).await;
        let reversal = reversal["reversalTransaction"]["id"].as_str().unwrap().to_owned();
        assert_error(app.send(Method::DELETE, &path, token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(simulate(&app, token, &reversal, "SETTLED").await.status(), 200);
        let pending_card = app.get_json(&format!("/v1/transactions?creditFinancialAccountId={}", id(&card)), token).await;
        let push = pending_card["content"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(simulate(&app, token, &push, "SETTLED").await.status(), 200);
        assert_eq!(app.send(Method::DELETE, &path, token, None).await.status(), 204);
        assert_error(app.get(&format!("/v1/financial-accounts/{}", id(&bank)), token).await, 404, "NOT_FOUND").await;
        // A payment to a deleted recipient can no longer be reversed through its account.
        assert_error(reverse(&app, token, &push, &duplicate()).await, 422, "BUSINESS_RULE_VIOLATION").await;
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn recipient_accounts_need_the_recipient_role_and_tenant(app: TestApp) {
        let token = &app.bootstrap.token;
        let recipient = create_recipient(&app, token, &ana()).await;
        let mut card = card_request("x", "4111111111111111");
        card["accountHolderType"] = json!("RECIPIENT");
        card["accountHolderId"] = json!(id(&recipient));
        let admin = app.token_with_role(&app.bootstrap, Role::Admin).await;
        assert_error(app.post("/v1/external-cards", &admin, &card).await, 403, "FORBIDDEN").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(app.post("/v1/external-cards", &viewer, &card).await, 403, "FORBIDDEN").await;
        let other = app.tenant("Other", None).await;
        let refused = assert_error(app.post("/v1/external-cards", &other.token, &card).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&refused), [("accountHolderId".to_owned(), "NOT_FOUND".to_owned())]);
        let finance = app.token_with_role(&app.bootstrap, Role::Finance).await;
        Http::expect_json(app.post("/v1/external-cards", &finance, &card).await, 201).await;
    }

    async fn a_recipient_deleted_while_paid_never_keeps_money_in_flight(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let recipient = create_recipient(&app, token, &ana()).await;
        let mut card = card_request("x", "4111111111111111");
        card["accountHolderType"] = json!("RECIPIENT");
        card["accountHolderId"] = json!(id(&recipient));
        let card = Http::expect_json(app.post("/v1/external-cards", token, &card).await, 201).await;
        let payment = send(&w.business, id(&card), "push-to-card", "1.00");
        let path = format!("/v1/recipients/{}", id(&recipient));
        let racing: Vec<_> = (0..16).map(|i| {
            let (http, token, payment, path) = (app.http.clone(), token.clone(), payment.clone(), path.clone());
            async move {
                let answer = if i == 8 {
                    http.send(Method::DELETE, &path, &token, None).await
                } else {
                    http.post("/v1/transactions", &token, &payment).await
                };
                (i, answer.status().as_u16())
            }
        }).collect();
        let answers = crate::transactions::futures_join_all(racing).await;
        let deleted = answers.iter().any(|(i, status)| *i == 8 && *status == 204);
        for (i, status) in &answers {
            let allowed: &[u16] = if *i == 8 { &[204, 422] } else { &[201, 422] };
            assert!(allowed.contains(status), "request {i} answered {status}");
        }
        let paid = app.get_json(&format!("/v1/transactions?creditFinancialAccountId={}&size=100", id(&card)), token).await;
        let created = answers.iter().filter(|(_, status)| *status == 201).count();
        assert_eq!(paid["totalElements"].as_u64(), Some(created as u64), "every payment is listed: {answers:?}");
        let in_flight = paid["content"].as_array().unwrap().iter().filter(|t| t["latestStatus"]["status"] == "NEW").count();
        if deleted {
            assert_eq!(in_flight, 0, "a deleted recipient has money on its way: {answers:?}");
        } else {
            assert!(in_flight > 0, "the deletion was refused for nothing: {answers:?}");
        }
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}
