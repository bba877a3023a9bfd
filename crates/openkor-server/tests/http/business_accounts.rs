//! Business Accounts: retrieve, embed, children, the paginated list, tenant isolation.

use crate::on_both_backends;
use crate::support::{assert_error, content_ids, field_errors};
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

on_both_backends! {
    async fn self_returns_the_callers_business_account(app: TestApp) {
        let tenant = &app.bootstrap;
        let account = app.get_json("/v1/business-accounts/self", &tenant.token).await;
        assert_eq!(account["id"], tenant.id.as_str());
        assert_eq!(account["name"], "Sandbox");
        assert!(account.get("parentId").is_none(), "a root has no parent");
        assert_eq!(account["contacts"], serde_json::json!([]));
        let status = &account["verificationStatus"];
        assert_eq!(status["status"], "UNVERIFIED");
        assert_eq!(status["updatedBy"]["type"], "internal");
        assert_eq!(status["updatedBy"]["id"], "");
        assert!(account.get("_embedded").is_none());
        let by_id = app.get_json(&format!("/v1/business-accounts/{}", tenant.id), &tenant.token).await;
        assert_eq!(by_id, account);
    }

    async fn a_parent_sees_its_descendants_but_not_the_reverse(app: TestApp) {
        let root = &app.bootstrap;
        let child = app.tenant("Child", Some(root)).await;
        let grandchild = app.tenant("Grandchild", Some(&child)).await;
        let seen = app.get_json(&format!("/v1/business-accounts/{}", grandchild.id), &root.token).await;
        assert_eq!(seen["parentId"], child.id.as_str());
        let from_child = app.get_json(&format!("/v1/business-accounts/{}", grandchild.id), &child.token).await;
        assert_eq!(from_child["id"], grandchild.id.as_str());
        for (token, id) in [(&child.token, &root.id), (&grandchild.token, &child.id)] {
            let response = app.get(&format!("/v1/business-accounts/{id}"), token).await;
            assert_error(response, 404, "NOT_FOUND").await;
        }
    }

    async fn another_tenants_business_account_is_404_like_a_missing_one(app: TestApp) {
        let mine = &app.bootstrap;
        let theirs = app.tenant("Theirs", None).await;
        let missing = uuid::Uuid::now_v7();
        for path in [
            format!("/v1/business-accounts/{}", theirs.id),
            format!("/v1/business-accounts/{}/children", theirs.id),
            format!("/v1/business-accounts/{missing}"),
            format!("/v1/business-accounts/{missing}/children"),
        ] {
            let response = app.get(&path, &mine.token).await;
            let body = assert_error(response, 404, "NOT_FOUND").await;
            assert_eq!(body["message"], "business account not found");
        }
        let listed = app.get_json("/v1/business-accounts?size=100", &mine.token).await;
        assert_eq!(content_ids(&listed), vec![mine.id.clone()]);
    }

    async fn malformed_ids_and_parameters_are_400(app: TestApp) {
        let token = &app.bootstrap.token;
        for path in [
            "/v1/business-accounts/not-a-uuid",
            "/v1/business-accounts/SELF",
            "/v1/business-accounts/not-a-uuid/children",
        ] {
            let response = app.get(path, token).await;
            let body = assert_error(response, 400, "INVALID_PATH_PARAMETER").await;
            assert_eq!(field_errors(&body)[0].0, "businessAccountId");
        }
        let long = format!("/v1/business-accounts/{}", "a".repeat(500));
        assert_error(app.get(&long, token).await, 400, "INVALID_PATH_PARAMETER").await;
        let unknown = app.get("/v1/business-accounts/self?colour=red", token).await;
        assert_error(unknown, 400, "INVALID_QUERY_PARAMETER").await;
        let children_with_params = app.get("/v1/business-accounts/self/children?page=1", token).await;
        assert_error(children_with_params, 400, "INVALID_QUERY_PARAMETER").await;
    }

    async fn embed_returns_children_and_verification_history(app: TestApp) {
        let root = &app.bootstrap;
        let first = app.tenant("First", Some(root)).await;
        let second = app.tenant("Second", Some(root)).await;
        app.tenant("Grandchild", Some(&first)).await;
        let account = app
            .get_json("/v1/business-accounts/self?embed=children,verification-status", &root.token)
            .await;
        let children = account["_embedded"]["children"].as_array().unwrap();
        let ids: Vec<&str> = children.iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec![first.id.as_str(), second.id.as_str()], "direct children, oldest first");
        assert_eq!(children[0]["verificationStatus"]["status"], "UNVERIFIED");
        let history = &account["_embedded"]["verification-status"]["verificationStatusHistory"];
        assert_eq!(history[0], account["verificationStatus"]);
        let only_children = app.get_json("/v1/business-accounts/self?embed=children", &root.token).await;
        assert!(only_children["_embedded"].get("verification-status").is_none());
        let refused = app.get("/v1/business-accounts/self?embed=owners", &root.token).await;
        let body = assert_error(refused, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&body), vec![("embed".to_owned(), "INVALID_VALUE".to_owned())]);
    }

    async fn children_is_a_plain_array_of_summaries(app: TestApp) {
        let root = &app.bootstrap;
        let child = app.tenant("Child", Some(root)).await;
        let grandchild = app.tenant("Grandchild", Some(&child)).await;
        let response = app.get("/v1/business-accounts/self/children", &root.token).await;
        assert_eq!(response.status(), 200);
        let children: Value = response.json().await.unwrap();
        let children = children.as_array().expect("a plain array");
        assert_eq!(children.len(), 1);
        assert_eq!(
            keys(&children[0]),
            ["description", "id", "name", "parentId"].map(String::from).into()
        );
        assert_eq!(children[0]["parentId"], root.id.as_str());
        let nested = app
            .get_json(&format!("/v1/business-accounts/{}/children", child.id), &root.token)
            .await;
        assert_eq!(nested[0]["id"], grandchild.id.as_str());
        let leaf = app.get_json("/v1/business-accounts/self/children", &grandchild.token).await;
        assert_eq!(leaf, serde_json::json!([]));
    }

    async fn the_list_pages_through_every_descendant_exactly_once(app: TestApp) {
        let root = &app.bootstrap;
        let mut expected = vec![root.id.clone()];
        for name in ["delta", "alpha", "charlie", "alpha", "bravo", "echo"] {
            expected.push(app.tenant(name, Some(root)).await.id);
        }
        let mut seen = Vec::new();
        for page in 0..4 {
            let body = app
                .get_json(&format!("/v1/business-accounts?page={page}&size=2&sort=name,ASC"), &root.token)
                .await;
            assert_eq!(body["totalElements"], 7);
            assert_eq!(body["totalPages"], 4);
            assert_eq!(body["number"], page);
            assert_eq!(body["hasNext"], page < 3);
            assert_eq!(body["numberOfElements"], body["content"].as_array().unwrap().len());
            seen.extend(content_ids(&body));
        }
        let mut sorted_seen = seen.clone();
        sorted_seen.sort();
        let mut sorted_expected = expected.clone();
        sorted_expected.sort();
        assert_eq!(sorted_seen, sorted_expected, "every account exactly once");
        let names: Vec<String> = {
            let all = app.get_json("/v1/business-accounts?size=100&sort=name", &root.token).await;
            all["content"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(names, ["Sandbox", "alpha", "alpha", "bravo", "charlie", "delta", "echo"]);
        let by_default = app.get_json("/v1/business-accounts?size=100", &root.token).await;
        let mut newest_first = expected.clone();
        newest_first.reverse();
        assert_eq!(content_ids(&by_default), newest_first, "default sort: createdAt,DESC");
        let descending = app.get_json("/v1/business-accounts?size=100&sort=name,desc&sort=id,desc", &root.token).await;
        assert_eq!(descending["content"][0]["name"], "echo");
    }

    async fn paging_edge_cases(app: TestApp) {
        let token = &app.bootstrap.token;
        let past_the_end = app.get_json("/v1/business-accounts?page=50&size=10", token).await;
        assert_eq!(past_the_end["content"], serde_json::json!([]));
        assert_eq!(past_the_end["totalElements"], 1);
        assert_eq!(past_the_end["totalPages"], 1);
        assert_eq!(past_the_end["number"], 50);
        assert_eq!(past_the_end["numberOfElements"], 0);
        assert_eq!(past_the_end["hasNext"], false);
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
            assert_eq!(field_errors(&body), vec![(path.to_owned(), code.to_owned())], "{query}");
        }
        let biggest = app.get_json("/v1/business-accounts?size=100", token).await;
        assert_eq!(biggest["totalPages"], 1);
    }
}
