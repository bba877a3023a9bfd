//! `GET /docs`: the interactive reference is served by the binary itself. The page and every
//! asset it loads come from this server, and none of them names an absolute URL to load, so it
//! works with no network; its configuration reads this server's own `/openapi.json`.

use crate::support::{Backend, TestApp};

/// The `src`/`href` values of `html`.
fn referenced(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_owned());
            }
        }
    }
    found
}

async fn text(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.expect("answered");
    let status = response.status().as_u16();
    (status, response.text().await.expect("text"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_and_every_asset_it_loads_are_served_by_the_binary() {
    let app = TestApp::start(Backend::Sqlite)
        .await
        .expect("SQLite is always available");
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.http.url("/docs"))
        .send()
        .await
        .unwrap();
    assert!(redirect.status().is_redirection(), "{}", redirect.status());

    let (status, page) = text(&app.http.url("/docs/")).await;
    assert_eq!(status, 200);
    assert!(page.contains("swagger-ui"), "{page}");
    let assets = referenced(&page);
    assert!(assets.len() >= 4, "{assets:?}");
    for asset in &assets {
        assert!(
            !asset.contains("://") && !asset.starts_with("//"),
            "an absolute URL in the page: {asset}"
        );
        let url = app
            .http
            .url(&format!("/docs/{}", asset.trim_start_matches("./")));
        let (status, body) = text(&url).await;
        assert_eq!(status, 200, "{url}");
        assert!(!body.is_empty(), "{url}");
    }
    let (status, initializer) = text(&app.http.url("/docs/swagger-initializer.js")).await;
    assert_eq!(status, 200);
    let settings: String = initializer.split_whitespace().collect();
    assert!(
        settings.contains("\"url\":\"/openapi.json\""),
        "{initializer}"
    );
    assert!(
        settings.contains("\"validatorUrl\":\"none\""),
        "{initializer}"
    );
    assert!(!initializer.contains("://"), "{initializer}");
}
