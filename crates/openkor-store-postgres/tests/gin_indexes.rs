//! Every GIN index bounds its pending list (migration 0018): a search reads the whole pending
//! list, so its cost between vacuums stays small.

#![allow(clippy::expect_used, reason = "tests")]

mod support;

use openkor_testkit::TestDatabase;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_gin_index_bounds_its_pending_list() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    support::store(&database, 1).await;
    let client = openkor_testkit::connect_postgres(database.url())
        .await
        .expect("connect");
    let rows = client
        .query(
            "SELECT c.relname::text, coalesce(c.reloptions, '{}') \
             FROM pg_class c JOIN pg_am a ON a.oid = c.relam \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE a.amname = 'gin' AND n.nspname = current_schema() ORDER BY 1",
            &[],
        )
        .await
        .expect("indexes");
    assert!(rows.len() >= 5, "the trigram indexes exist");
    for row in rows {
        let (index, options): (String, Vec<String>) = (row.get(0), row.get(1));
        assert!(
            options.contains(&"gin_pending_list_limit=128".to_owned()),
            "{index}: {options:?}"
        );
    }
}
