//! `GET /v1/customers`: each filter, search, sorting, paging and bad parameters.

use crate::customers::{acme, address, sarah};
use crate::on_both_backends;
use crate::support::{assert_error, content_ids, field_errors};
use crate::typed::{ids, refused, typed};
use openkor_client::models::{Customer, CustomerRequest};
use openkor_client::{
    Client, CustomerQuery, FinancialAccountQuery, PageQuery, RecipientQuery, Sort, TransactionQuery,
};
use serde_json::{Value, json};

/// The ids of every customer `query` selects, oldest first.
async fn selected(api: &Client, mut query: CustomerQuery) -> Vec<String> {
    query.paging = PageQuery {
        size: Some(100),
        sort: vec![Sort::asc("createdAt")],
        ..Default::default()
    };
    // Tests move the clock further than a token lives: the client exchanges a new one.
    let page = api.list_customers(&query).await.unwrap();
    assert_eq!(page.total_elements as usize, page.content.len());
    ids(&page)
}

/// A query of `filters`, each a parameter name and its value.
fn filters(filters: &[(&str, &str)]) -> CustomerQuery {
    let mut query = CustomerQuery::default();
    for (name, value) in filters {
        let field = match *name {
            "search" => &mut query.search,
            "name" => &mut query.name,
            "primaryEmail" => &mut query.primary_email,
            "primaryPhoneNumber" => &mut query.primary_phone_number,
            "externalId" => &mut query.external_id,
            "createdAtFrom" => &mut query.created_at_from,
            "createdAtTo" => &mut query.created_at_to,
            "timeZone" => &mut query.time_zone,
            "type" => &mut query.customer_type,
            "status" => &mut query.status,
            "cityName" => &mut query.city_name,
            "countryCode" => &mut query.country_code,
            "zipCode" => &mut query.zip_code,
            other => panic!("no customer filter {other}"),
        };
        *field = Some((*value).to_owned());
    }
    query
}

async fn create(api: &Client, body: Value) -> Customer {
    api.create_customer(&typed::<CustomerRequest>(body))
        .await
        .unwrap()
}

on_both_backends! {
    async fn each_filter_selects_its_customers(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let mut boston = address("MAILING");
        boston["cityName"] = json!("Boston");
        boston["stateCode"] = json!("MA");
        boston["zipCode"] = json!("02110");
        let mut toronto = address("PHYSICAL");
        toronto["cityName"] = json!("Toronto");
        toronto["stateCode"] = json!("ON");
        toronto["countryCode"] = json!("CAN");
        toronto["zipCode"] = json!(" m5v1j2");
        let sarah_body = json!({"type": "INDIVIDUAL", "firstName": "Sarah", "middleName": "Ann", "lastName": "Green",
            "primaryPhoneNumber": {"number": "4155551234", "type": "WORK"}, "primaryEmail": {"value": "SGreen@ABC.com"},
            "externalId": "crm-1", "addresses": [boston]});
        let sarah_customer = create(&api, sarah_body).await;
        app.clock.advance_ms(2 * 86_400_000);
        let mut acme_body = acme();
        acme_body["addresses"] = json!([toronto]);
        let acme = create(&api, acme_body).await;
        app.clock.advance_ms(2 * 86_400_000);
        let sam = create(&api, sarah()).await;
        api.suspend_customer(sam.id()).await.unwrap();
        let created_at = |customer: &Customer| customer.as_individual().unwrap().created_at[..10].to_owned();
        let (today, sarah_day) = (created_at(&sam), created_at(&sarah_customer));
        let (s, a, m) = (sarah_customer.id().to_owned(), acme.id().to_owned(), sam.id().to_owned());
        let cases: Vec<(CustomerQuery, Vec<&String>)> = vec![
            (filters(&[("search", "sarah")]), vec![&s, &m]),
            (filters(&[("search", "ANN")]), vec![&s]),
            (filters(&[("search", "jsmith@acme")]), vec![&a]),
            (filters(&[("search", "555-1234")]), vec![&s]),
            (filters(&[("search", &a)]), vec![&a]),
            (filters(&[("search", "nobody")]), vec![]),
            (filters(&[("name", "sarah ann")]), vec![&s]),
            (filters(&[("name", "acm")]), vec![&a]),
            (filters(&[("primaryEmail", "sgreen@abc.com")]), vec![&s, &m]),
            (filters(&[("primaryPhoneNumber", "+14155551234")]), vec![&s]),
            (filters(&[("primaryPhoneNumber", "(415) 555-1234")]), vec![&s]),
            (filters(&[("externalId", "crm-1")]), vec![&s]),
            (filters(&[("type", "BUSINESS")]), vec![&a]),
            (filters(&[("type", "INDIVIDUAL"), ("status", "SUSPENDED")]), vec![&m]),
            (filters(&[("status", "ACTIVE")]), vec![&s, &a]),
            (filters(&[("cityName", "BOSTON")]), vec![&s]),
            (filters(&[("countryCode", "CAN")]), vec![&a]),
            (filters(&[("zipCode", "m5v 1j2")]), vec![&a]),
            (filters(&[("zipCode", "M5V1J2")]), vec![&a]),
            (filters(&[("cityName", "Boston"), ("countryCode", "CAN")]), vec![]),
            (filters(&[("createdAtFrom", &today)]), vec![&m]),
            (filters(&[("createdAtTo", &sarah_day)]), vec![&s]),
            (filters(&[("createdAtFrom", &sarah_day), ("createdAtTo", &today)]), vec![&s, &a, &m]),
            (filters(&[("search", "green"), ("type", "INDIVIDUAL"), ("status", "ACTIVE")]), vec![&s]),
        ];
        for (query, expected) in cases {
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            assert_eq!(selected(&api, query.clone()).await, expected, "{query:?}");
        }
        // Raw: the parameter's name in another case, which the typed query does not write.
        let token = app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        let page = app.get_json("/v1/customers?size=100&sort=createdAt,ASC&primaryPhonenumber=4155551234", &token).await;
        assert_eq!(page["totalElements"], 1);
        assert_eq!(content_ids(&page), [s]);
    }

    async fn dates_are_read_in_the_requested_time_zone(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = create(&api, sarah()).await;
        let at = created.as_individual().unwrap().created_at.clone();
        let utc_day = &at[..10];
        let hour: u32 = at[11..13].parse().unwrap();
        // 14 hours ahead, the creation instant belongs to the next calendar day when it is
        // 10:00 UTC or later, and to the same day otherwise.
        let in_kiritimati = if hour >= 10 { next_day(utc_day) } else { utc_day.to_owned() };
        let kiritimati = filters(&[("createdAtFrom", &in_kiritimati), ("createdAtTo", &in_kiritimati), ("timeZone", "+14:00")]);
        assert_eq!(selected(&api, kiritimati).await, vec![created.id().to_owned()]);
        let iana = filters(&[("createdAtFrom", utc_day), ("createdAtTo", utc_day), ("timeZone", "Etc/UTC")]);
        assert_eq!(selected(&api, iana).await, vec![created.id().to_owned()]);
    }

    async fn sorting_and_paging_cover_every_customer_once(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let mut created = Vec::new();
        for name in ["delta", "Alpha", "charlie", "bravo", "Echo", "alpha"] {
            let mut body = acme();
            body["businessName"] = json!(name);
            created.push(create(&api, body).await);
        }
        let by_name = CustomerQuery { paging: PageQuery { size: Some(100), sort: vec![Sort::asc("name")], ..Default::default() }, ..Default::default() };
        let by_name = api.list_customers(&by_name).await.unwrap();
        let names: Vec<&str> = by_name.content.iter().map(|c| c.as_business().unwrap().business_name.as_str()).collect();
        assert_eq!(names, ["Alpha", "alpha", "bravo", "charlie", "delta", "Echo"]);
        let mut walked = Vec::new();
        for page in 0..3 {
            let body = api.list_customers(&CustomerQuery { paging: PageQuery::new(page, 2), ..Default::default() }).await.unwrap();
            assert_eq!(body.total_elements, 6);
            assert_eq!(body.total_pages, 3);
            assert_eq!(body.has_next, page < 2);
            walked.extend(ids(&body));
        }
        let mut newest_first: Vec<String> = created.iter().map(|c| c.id().to_owned()).collect();
        newest_first.reverse();
        assert_eq!(walked, newest_first, "default sort createdAt,DESC");
        let past = api.list_customers(&CustomerQuery { paging: PageQuery::new(9, 5), ..Default::default() }).await.unwrap();
        assert_eq!((past.number_of_elements, past.has_next), (0, false));
    }

    // Raw: every query here is malformed on purpose.
    async fn bad_list_parameters_are_400(app: TestApp) {
        for (query, path, code) in [
            ("type=PERSON", "type", "INVALID_VALUE"),
            ("status=active", "status", "INVALID_VALUE"),
            ("countryCode=US", "countryCode", "INVALID_VALUE"),
            ("createdAtFrom=2024-13-01", "createdAtFrom", "INVALID_FORMAT"),
            ("createdAtFrom=2024-02-02&createdAtTo=2024-02-01", "createdAtTo", "INCONSISTENT"),
            ("timeZone=Mars/Olympus", "timeZone", "INVALID_VALUE"),
            ("primaryPhoneNumber=abc", "primaryPhoneNumber", "INVALID_FORMAT"),
            ("sort=firstName", "sort", "INVALID_VALUE"),
            ("size=0", "size", "OUT_OF_RANGE"),
            ("search=%20", "search", "TOO_SHORT"),
            ("customerType=BUSINESS", "customerType", "UNKNOWN_FIELD"),
        ] {
            let response = app.get(&format!("/v1/customers?{query}"), &app.bootstrap.token).await;
            let body = assert_error(response, 400, "INVALID_QUERY_PARAMETER").await;
            assert_eq!(field_errors(&body), vec![(path.to_owned(), code.to_owned())], "{query}");
        }
        let long = format!("/v1/customers?search={}", "x".repeat(101));
        assert_error(app.get(&long, &app.bootstrap.token).await, 400, "INVALID_QUERY_PARAMETER").await;
    }

    async fn a_page_deeper_than_the_offset_cap_is_reached_only_by_walking(app: TestApp) {
        let api = app.api(&app.bootstrap);
        // 10,000 rows deep is the cap: the page at it is served (empty here), the next refused.
        let at_cap = api.list_customers(&CustomerQuery { paging: PageQuery::new(500, 20), ..Default::default() }).await.unwrap();
        assert_eq!((at_cap.number_of_elements, at_cap.has_next), (0, false));
        let paging = PageQuery::new(501, 20);
        for (list, answer) in [
            ("customers", api.list_customers(&CustomerQuery { paging: paging.clone(), ..Default::default() }).await.map(drop)),
            ("financial-accounts", api.list_financial_accounts(&FinancialAccountQuery { paging: paging.clone(), ..Default::default() }).await.map(drop)),
            ("transactions", api.list_transactions(&TransactionQuery { paging: paging.clone(), ..Default::default() }).await.map(drop)),
            ("recipients", api.list_recipients(&RecipientQuery { paging: paging.clone(), ..Default::default() }).await.map(drop)),
        ] {
            let error = refused(answer, 400, "INVALID_QUERY_PARAMETER");
            assert_eq!(crate::typed::field_errors(&error), vec![("page".to_owned(), "OUT_OF_RANGE".to_owned())], "{list}");
        }
        // Walking in order, each page continues the one before, whatever its depth; rows
        // created meanwhile (newest first, so before the walk's position) are not repeated.
        let mut created = Vec::new();
        for name in ["one", "two", "three", "four", "five"] {
            let mut body = acme();
            body["businessName"] = json!(name);
            created.push(create(&api, body).await.id().to_owned());
        }
        let mut walked = Vec::new();
        for page in 0..3 {
            let body = api.list_customers(&CustomerQuery { paging: PageQuery::new(page, 2), ..Default::default() }).await.unwrap();
            walked.extend(ids(&body));
            let mut late = acme();
            late["businessName"] = json!(format!("late {page}"));
            create(&api, late).await;
        }
        created.reverse();
        assert_eq!(walked, created);
    }
}

fn next_day(day: &str) -> String {
    let date = time::Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    date.next_day().unwrap().to_string()
}
