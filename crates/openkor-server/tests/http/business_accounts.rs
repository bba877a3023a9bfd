//! Business Accounts: retrieve, embed, children, the paginated list, tenant isolation.

use crate::on_both_backends;
use crate::support::{assert_error, field_errors as raw_field_errors};
use crate::typed::{field_errors, ids, json_of, refused};
use openkor_client::{PageQuery, Sort};
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn size(size: u32) -> PageQuery {
    PageQuery {
        size: Some(size),
        ..Default::default()
    }
}

on_both_backends! {
    async fn self_returns_the_callers_business_account(app: TestApp) {
        let tenant = &app.bootstrap;
        let api = app.api(tenant);
        let account = api.get_business_account("self", None).await.unwrap();
        assert_eq!(account.id, tenant.id);
        assert_eq!(account.name, "Sandbox");
        assert!(account.parent_id.is_none(), "a root has no parent");
        assert_eq!(account.contacts, []);
        let status = &account.verification_status;
        assert_eq!(status.status, "UNVERIFIED");
        assert_eq!(status.updated_by.r#type, "internal");
        assert_eq!(status.updated_by.id, "");
        assert!(account.embedded.is_none());
        let by_id = api.get_business_account(&tenant.id, None).await.unwrap();
        assert_eq!(by_id, account);
    }

    async fn a_parent_sees_its_descendants_but_not_the_reverse(app: TestApp) {
        let root = &app.bootstrap;
        let child = app.tenant("Child", Some(root)).await;
        let grandchild = app.tenant("Grandchild", Some(&child)).await;
        let seen = app.api(root).get_business_account(&grandchild.id, None).await.unwrap();
        assert_eq!(seen.parent_id.as_deref(), Some(child.id.as_str()));
        let from_child = app.api(&child).get_business_account(&grandchild.id, None).await.unwrap();
        assert_eq!(from_child.id, grandchild.id);
        for (tenant, id) in [(&child, &root.id), (&grandchild, &child.id)] {
            refused(app.api(tenant).get_business_account(id, None).await, 404, "NOT_FOUND");
        }
    }

    async fn another_tenants_business_account_is_404_like_a_missing_one(app: TestApp) {
        let mine = &app.bootstrap;
        let api = app.api(mine);
        let theirs = app.tenant("Theirs", None).await;
        let missing = uuid::Uuid::now_v7().to_string();
        for id in [&theirs.id, &missing] {
            let error = refused(api.get_business_account(id, None).await, 404, "NOT_FOUND");
            assert_eq!(error.message, "business account not found");
            let error = refused(api.list_children(id).await, 404, "NOT_FOUND");
            assert_eq!(error.message, "business account not found");
        }
        let listed = api.list_business_accounts(&size(100)).await.unwrap();
        assert_eq!(ids(&listed), vec![mine.id.clone()]);
    }

    async fn malformed_ids_and_parameters_are_400(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        for result in [
            api.get_business_account("not-a-uuid", None).await.map(drop),
            api.get_business_account("SELF", None).await.map(drop),
            api.list_children("not-a-uuid").await.map(drop),
        ] {
            let error = refused(result, 400, "INVALID_PATH_PARAMETER");
            assert_eq!(field_errors(&error)[0].0, "businessAccountId");
        }
        refused(api.get_business_account(&"a".repeat(500), None).await, 400, "INVALID_PATH_PARAMETER");
        // Raw: parameters the operations do not take, sent on purpose.
        let unknown = app.get("/v1/business-accounts/self?colour=red", token).await;
        assert_error(unknown, 400, "INVALID_QUERY_PARAMETER").await;
        let children_with_params = app.get("/v1/business-accounts/self/children?page=1", token).await;
        assert_error(children_with_params, 400, "INVALID_QUERY_PARAMETER").await;
    }

    async fn embed_returns_children_and_verification_history(app: TestApp) {
        let root = &app.bootstrap;
        let api = app.api(root);
        let first = app.tenant("First", Some(root)).await;
        let second = app.tenant("Second", Some(root)).await;
        app.tenant("Grandchild", Some(&first)).await;
        let account = api.get_business_account("self", Some("children,verification-status")).await.unwrap();
        let embedded = account.embedded.as_ref().unwrap();
        let children = embedded.children.as_ref().unwrap();
        let child_ids: Vec<&str> = children.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(child_ids, vec![first.id.as_str(), second.id.as_str()], "direct children, oldest first");
        assert_eq!(children[0].verification_status.status, "UNVERIFIED");
        let history = &embedded.verification_status.as_ref().unwrap().verification_status_history;
        assert_eq!(history[0], account.verification_status);
        let only_children = api.get_business_account("self", Some("children")).await.unwrap();
        assert!(only_children.embedded.unwrap().verification_status.is_none());
        let error = refused(api.get_business_account("self", Some("owners")).await, 400, "INVALID_QUERY_PARAMETER");
        assert_eq!(field_errors(&error), vec![("embed".to_owned(), "INVALID_VALUE".to_owned())]);
    }

    async fn children_is_a_plain_array_of_summaries(app: TestApp) {
        let root = &app.bootstrap;
        let child = app.tenant("Child", Some(root)).await;
        let grandchild = app.tenant("Grandchild", Some(&child)).await;
        let children = app.api(root).list_children("self").await.unwrap();
        assert_eq!(children.len(), 1);
        assert_eq!(
            keys(&json_of(&children[0])),
            ["description", "id", "name", "parentId"].map(String::from).into()
        );
        assert_eq!(children[0].parent_id.as_deref(), Some(root.id.as_str()));
        let nested = app.api(root).list_children(&child.id).await.unwrap();
        assert_eq!(nested[0].id, grandchild.id);
        let leaf = app.api(&grandchild).list_children("self").await.unwrap();
        assert_eq!(leaf, []);
    }

    async fn the_list_pages_through_every_descendant_exactly_once(app: TestApp) {
        let root = &app.bootstrap;
        let api = app.api(root);
        let mut expected = vec![root.id.clone()];
        for name in ["delta", "alpha", "charlie", "alpha", "bravo", "echo"] {
            expected.push(app.tenant(name, Some(root)).await.id);
        }
        let mut seen = Vec::new();
        for page in 0..4 {
            let query = PageQuery { sort: vec![Sort::asc("name")], ..PageQuery::new(page, 2) };
            let body = api.list_business_accounts(&query).await.unwrap();
            assert_eq!(body.total_elements, 7);
            assert_eq!(body.total_pages, 4);
            assert_eq!(body.number, page as i32);
            assert_eq!(body.has_next, page < 3);
            assert_eq!(body.number_of_elements, body.content.len() as i64);
            seen.extend(ids(&body));
        }
        let mut sorted_seen = seen.clone();
        sorted_seen.sort();
        let mut sorted_expected = expected.clone();
        sorted_expected.sort();
        assert_eq!(sorted_seen, sorted_expected, "every account exactly once");
        // Raw: a sort with no direction, and one in lower case, which the client never writes.
        let token = &root.token;
        let names: Vec<String> = {
            let all = app.get_json("/v1/business-accounts?size=100&sort=name", token).await;
            all["content"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(names, ["Sandbox", "alpha", "alpha", "bravo", "charlie", "delta", "echo"]);
        let by_default = api.list_business_accounts(&size(100)).await.unwrap();
        let mut newest_first = expected.clone();
        newest_first.reverse();
        assert_eq!(ids(&by_default), newest_first, "default sort: createdAt,DESC");
        let descending = app.get_json("/v1/business-accounts?size=100&sort=name,desc&sort=id,desc", token).await;
        assert_eq!(descending["content"][0]["name"], "echo");
    }

    async fn paging_edge_cases(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let past_the_end = api.list_business_accounts(&PageQuery::new(50, 10)).await.unwrap();
        assert_eq!(past_the_end.content, []);
        assert_eq!(past_the_end.total_elements, 1);
        assert_eq!(past_the_end.total_pages, 1);
        assert_eq!(past_the_end.number, 50);
        assert_eq!(past_the_end.number_of_elements, 0);
        assert!(!past_the_end.has_next);
        // Raw: malformed paging on purpose.
        for (query, path, code) in [
            ("size=0", "size", "OUT_OF_RANGE"),
            ("size=101", "size", "OUT_OF_RANGE"),
            ("page=-1", "page", "OUT_OF_RANGE"),
            ("page=first", "page", "INVALID_FORMAT"),
            ("sort=secretColumn,ASC", "sort", "INVALID_VALUE"),
            ("sort=name,UPWARDS", "sort", "INVALID_VALUE"),
            ("pageSize=5", "pageSize", "UNKNOWN_FIELD"),
        ] {
            let response = app.get(&format!("/v1/business-accounts?{query}"), token).await;
            let body = assert_error(response, 400, "INVALID_QUERY_PARAMETER").await;
            assert_eq!(raw_field_errors(&body), vec![(path.to_owned(), code.to_owned())], "{query}");
        }
        let biggest = api.list_business_accounts(&size(100)).await.unwrap();
        assert_eq!(biggest.total_pages, 1);
    }
}
