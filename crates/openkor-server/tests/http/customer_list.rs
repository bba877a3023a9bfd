//! `GET /v1/customers`: each filter, search, sorting, paging and bad parameters.

use crate::customers::{acme, address, sarah};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, content_ids, field_errors};
use serde_json::{Value, json};

async fn ids(app: &TestApp, query: &str) -> Vec<String> {
    // A fresh token: tests move the clock further than a token lives.
    let token = app
        .token(&app.bootstrap.api_key, &app.bootstrap.api_secret)
        .await;
    let page = app
        .get_json(
            &format!("/v1/customers?size=100&sort=createdAt,ASC&{query}"),
            &token,
        )
        .await;
    assert_eq!(
        page["totalElements"].as_u64().unwrap() as usize,
        page["content"].as_array().unwrap().len()
    );
    content_ids(&page)
}

fn id(customer: &Value) -> String {
    customer["id"].as_str().unwrap().to_owned()
}

on_both_backends! {
    async fn each_filter_selects_its_customers(app: TestApp) {
        let (key, secret) = (&app.bootstrap.api_key, &app.bootstrap.api_secret);
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
        let sarah_customer = app.create_customer(&app.token(key, secret).await, &sarah_body).await;
        app.clock.advance_ms(2 * 86_400_000);
        let mut acme_body = acme();
        acme_body["addresses"] = json!([toronto]);
        let acme = app.create_customer(&app.token(key, secret).await, &acme_body).await;
        app.clock.advance_ms(2 * 86_400_000);
        let token = &app.token(key, secret).await;
        let sam = app.create_customer(token, &sarah()).await;
        let sam_path = format!("/v1/customers/{}/suspend", id(&sam));
        assert_eq!(app.send(reqwest::Method::PUT, &sam_path, token, None).await.status(), 200);
        let today = sam["createdAt"].as_str().unwrap()[..10].to_owned();
        let sarah_day = sarah_customer["createdAt"].as_str().unwrap()[..10].to_owned();
        let (s, a, m) = (id(&sarah_customer), id(&acme), id(&sam));
        let cases: Vec<(String, Vec<&String>)> = vec![
            ("search=sarah".into(), vec![&s, &m]),
            ("search=ANN".into(), vec![&s]),
            ("search=jsmith%40acme".into(), vec![&a]),
            ("search=555-1234".into(), vec![&s]),
            (format!("search={a}"), vec![&a]),
            ("search=nobody".into(), vec![]),
            ("name=sarah%20ann".into(), vec![&s]),
            ("name=acm".into(), vec![&a]),
            ("primaryEmail=sgreen%40abc.com".into(), vec![&s, &m]),
            ("primaryPhoneNumber=%2B14155551234".into(), vec![&s]),
            ("primaryPhoneNumber=(415)%20555-1234".into(), vec![&s]),
            ("primaryPhonenumber=4155551234".into(), vec![&s]),
            ("externalId=crm-1".into(), vec![&s]),
            ("type=BUSINESS".into(), vec![&a]),
            ("type=INDIVIDUAL&status=SUSPENDED".into(), vec![&m]),
            ("status=ACTIVE".into(), vec![&s, &a]),
            ("cityName=BOSTON".into(), vec![&s]),
            ("countryCode=CAN".into(), vec![&a]),
            ("zipCode=m5v%201j2".into(), vec![&a]),
            ("zipCode=M5V1J2".into(), vec![&a]),
            ("cityName=Boston&countryCode=CAN".into(), vec![]),
            (format!("createdAtFrom={today}"), vec![&m]),
            (format!("createdAtTo={sarah_day}"), vec![&s]),
            (format!("createdAtFrom={sarah_day}&createdAtTo={today}"), vec![&s, &a, &m]),
            ("search=green&type=INDIVIDUAL&status=ACTIVE".into(), vec![&s]),
        ];
        for (query, expected) in cases {
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            assert_eq!(ids(&app, &query).await, expected, "{query}");
        }
    }

    async fn dates_are_read_in_the_requested_time_zone(app: TestApp) {
        let token = &app.bootstrap.token;
        let created = app.create_customer(token, &sarah()).await;
        let at = created["createdAt"].as_str().unwrap();
        let utc_day = &at[..10];
        let hour: u32 = at[11..13].parse().unwrap();
        // 14 hours ahead, the creation instant belongs to the next calendar day when it is
        // 10:00 UTC or later, and to the same day otherwise.
        let in_kiritimati = if hour >= 10 { next_day(utc_day) } else { utc_day.to_owned() };
        let found = ids(&app, &format!("createdAtFrom={in_kiritimati}&createdAtTo={in_kiritimati}&timeZone=%2B14:00")).await;
        assert_eq!(found, vec![id(&created)]);
        let iana = ids(&app, &format!("createdAtFrom={utc_day}&createdAtTo={utc_day}&timeZone=Etc/UTC")).await;
        assert_eq!(iana, vec![id(&created)]);
    }

    async fn sorting_and_paging_cover_every_customer_once(app: TestApp) {
        let token = &app.bootstrap.token;
        let mut created = Vec::new();
        for name in ["delta", "Alpha", "charlie", "bravo", "Echo", "alpha"] {
            let mut body = acme();
            body["businessName"] = json!(name);
            created.push(app.create_customer(token, &body).await);
        }
        let by_name = app.get_json("/v1/customers?sort=name,ASC&size=100", token).await;
        let names: Vec<&str> = by_name["content"].as_array().unwrap().iter().map(|c| c["businessName"].as_str().unwrap()).collect();
        assert_eq!(names, ["Alpha", "alpha", "bravo", "charlie", "delta", "Echo"]);
        let mut walked = Vec::new();
        for page in 0..3 {
            let body = app.get_json(&format!("/v1/customers?page={page}&size=2"), token).await;
            assert_eq!(body["totalElements"], 6);
            assert_eq!(body["totalPages"], 3);
            assert_eq!(body["hasNext"], page < 2);
            walked.extend(content_ids(&body));
        }
        let mut newest_first: Vec<String> = created.iter().map(id).collect();
        newest_first.reverse();
        assert_eq!(walked, newest_first, "default sort createdAt,DESC");
        let past = app.get_json("/v1/customers?page=9&size=5", token).await;
        assert_eq!((past["numberOfElements"].as_u64(), past["hasNext"].as_bool()), (Some(0), Some(false)));
    }

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
            ("search=", "search", "TOO_SHORT"),
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
        let token = &app.bootstrap.token;
        // 10,000 rows deep is the cap: the page at it is served (empty here), the next refused.
        let at_cap = app.get_json("/v1/customers?page=500&size=20", token).await;
        assert_eq!((at_cap["numberOfElements"].as_u64(), at_cap["hasNext"].as_bool()), (Some(0), Some(false)));
        for list in ["/v1/customers", "/v1/financial-accounts", "/v1/transactions", "/v1/recipients"] {
            let response = app.get(&format!("{list}?page=501&size=20"), token).await;
            let body = assert_error(response, 400, "INVALID_QUERY_PARAMETER").await;
            assert_eq!(field_errors(&body), vec![("page".to_owned(), "OUT_OF_RANGE".to_owned())], "{list}");
        }
        // Walking in order, each page continues the one before, whatever its depth; rows
        // created meanwhile (newest first, so before the walk's position) are not repeated.
        let mut created = Vec::new();
        for name in ["one", "two", "three", "four", "five"] {
            let mut body = acme();
            body["businessName"] = json!(name);
            created.push(id(&app.create_customer(token, &body).await));
        }
        let mut walked = Vec::new();
        for page in 0..3 {
            let body = app.get_json(&format!("/v1/customers?page={page}&size=2"), token).await;
            walked.extend(content_ids(&body));
            let mut late = acme();
            late["businessName"] = json!(format!("late {page}"));
            app.create_customer(token, &late).await;
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
