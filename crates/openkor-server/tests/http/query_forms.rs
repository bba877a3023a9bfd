//! The documented forms of query parameters every list and embed accepts: a list given with
//! commas, by repeating the parameter, or both; an empty value, the same as leaving the
//! parameter out; a boolean in any case; `cardStartingNumbers`, which matches issued cards only
//! (openkor issues none). An unknown name is still refused.

use crate::financial_account_fixtures::{
    SEED_GET_STARTED, business_accounts, card_request, customer, seed_with_ids,
};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, content_ids, field_errors};

on_both_backends! {
    async fn lists_accept_every_documented_form(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        TestApp::expect_json(app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await, 201).await;
        TestApp::expect_json(app.post("/v1/external-cards", token, &card_request(&holder, "4111111111111111")).await, 201).await;
        let ids = |query: String| {
            let app = &app;
            async move { content_ids(&app.get_json(&format!("/v1/financial-accounts?{query}"), token).await) }
        };
        // The customer's internal account and the two business (integrated) accounts, not the card.
        let commas = ids("accountHolderTypes=CUSTOMER,BUSINESS_ACCOUNT&categories=INTERNAL,INTEGRATED".into()).await;
        assert_eq!(commas.len(), 3, "{commas:?}");
        let repeated = ids("accountHolderTypes=CUSTOMER&accountHolderTypes=BUSINESS_ACCOUNT&categories=INTERNAL&categories=INTEGRATED".into()).await;
        assert_eq!(repeated, commas);
        let both = ids("accountHolderTypes=CUSTOMER,BUSINESS_ACCOUNT&accountHolderTypes=CUSTOMER&categories=INTERNAL,&categories=INTEGRATED".into()).await;
        assert_eq!(both, commas);

        let all = ids(String::new()).await;
        assert_eq!(all.len(), 4);
        assert_eq!(ids("name=&accountHolderId=&defaultFlag=&sort=&page=&size=".into()).await, all, "empty values are absent");
        assert_eq!(ids("defaultFlag=TRUE".into()).await, ids("defaultFlag=true".into()).await);
        assert_eq!(ids("defaultFlag=False".into()).await, ids("defaultFlag=false".into()).await);

        let issued = app.get_json("/v1/financial-accounts?cardStartingNumbers=411111,5500", token).await;
        assert_eq!((issued["totalElements"].as_i64(), content_ids(&issued).len()), (Some(0), 0), "openkor issues no cards");
        let bad = assert_error(app.get("/v1/financial-accounts?cardStartingNumbers=41x1", token).await, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&bad), vec![("cardStartingNumbers".to_owned(), "INVALID_FORMAT".to_owned())]);
        let unknown = assert_error(app.get("/v1/financial-accounts?colour=", token).await, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&unknown), vec![("colour".to_owned(), "UNKNOWN_FIELD".to_owned())]);
        let bad_flag = assert_error(app.get("/v1/financial-accounts?defaultFlag=yes", token).await, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&bad_flag), vec![("defaultFlag".to_owned(), "INVALID_VALUE".to_owned())]);
    }

    async fn embeds_accept_commas_and_repeats(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let repeated = app.get_json(&format!("/v1/financial-accounts/{usd}?embed=balances&embed=accountHolder"), token).await;
        let commas = app.get_json(&format!("/v1/financial-accounts/{usd}?embed=balances,accountHolder"), token).await;
        assert_eq!(repeated, commas);
        assert!(repeated["_embedded"]["balances"].is_object() && repeated["_embedded"]["businessAccount"].is_object(), "{repeated}");
        let business = app.get_json("/v1/business-accounts/self?embed=children&embed=limits", token).await;
        assert!(business["_embedded"]["limits"].is_array(), "{business}");
        let plain = app.get_json(&format!("/v1/financial-accounts/{usd}?embed="), token).await;
        assert!(plain.get("_embedded").is_none(), "an empty embed embeds nothing: {plain}");
    }
}
