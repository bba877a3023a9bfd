//! The conformance suite: behaviour every storage backend must show, written once.
//!
//! A backend runs it with [`conformance_tests!`](crate::conformance_tests), naming an async
//! function that opens a fresh, migrated store (and returns `None` to skip, e.g. when no
//! PostgreSQL server is reachable):
//!
//! ```ignore
//! openkor_store::conformance_tests!(crate::open_fresh_store);
//! ```

mod business_accounts;
pub mod fixtures;
mod provisioning;
mod service_accounts;

pub use business_accounts::*;
pub use provisioning::*;
pub use service_accounts::*;

/// Expands to one `#[tokio::test]` per conformance case, each on a fresh store from `$open`.
#[macro_export]
macro_rules! conformance_tests {
    ($open:path) => {
        $crate::conformance_tests!(@cases $open;
            provisioned_accounts_read_back_exactly,
            provisioning_is_all_or_nothing,
            provisioning_under_an_unknown_parent_is_not_found,
            accounts_are_visible_from_themselves_and_their_ancestors_only,
            children_are_the_direct_children_of_a_visible_parent,
            business_account_pages_are_sorted_stable_and_complete,
            business_account_lists_never_include_other_tenants,
            financial_accounts_are_scoped_to_their_business_account,
            duplicate_api_keys_conflict,
            service_accounts_need_an_existing_business_account,
            service_accounts_list_per_business_account,
            disabling_is_scoped_idempotent_and_bumps_the_revision,
            principals_reflect_every_service_account,
            the_signing_key_is_stored_once,
            bootstrap_happens_once_and_only_on_an_empty_database,
            bootstrap_skips_a_database_that_already_has_accounts,
            concurrent_bootstraps_provision_exactly_once,
            the_database_answers_pings,
        );
    };
    (@cases $open:path; $($case:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let Some((store, _database)) = $open().await else {
                    return;
                };
                $crate::conformance::$case(&store).await;
            }
        )+
    };
}
