//! The conformance suite: behaviour every storage backend must show, written once.
//!
//! A backend runs it with [`conformance_tests!`](crate::conformance_tests), naming an async
//! function that opens a fresh, migrated store (and returns `None` to skip, e.g. when no
//! PostgreSQL server is reachable):
//!
//! ```ignore
//! openkor_store::conformance_tests!(crate::open_fresh_store);
//! ```

mod beneficiaries;
mod business_accounts;
mod constraints;
mod customer_lists;
mod customers;
mod default_limits;
mod financial_accounts;
pub mod fixtures;
mod idempotency;
mod ledger;
mod ledger_guards;
mod limit_guards;
mod list_paging;
mod list_plans;
mod provisioning;
mod sealing;
mod search_index;
mod service_accounts;
mod statistics;
mod transaction_model;
mod upgrade;

pub use beneficiaries::*;
pub use business_accounts::*;
pub use constraints::*;
pub use customer_lists::*;
pub use customers::*;
pub use default_limits::*;
pub use financial_accounts::*;
pub use idempotency::*;
pub use ledger::*;
pub use ledger_guards::*;
pub use limit_guards::*;
pub use list_paging::*;
pub use list_plans::*;
pub use provisioning::*;
pub use sealing::*;
pub use search_index::*;
pub use service_accounts::*;
pub use statistics::*;
pub use transaction_model::*;
pub use upgrade::*;

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
            customers_read_back_exactly,
            customers_are_scoped_to_exactly_their_business_account,
            external_ids_are_unique_among_live_customers,
            updates_replace_everything_and_refuse_stale_versions,
            the_database_enforces_one_primary_per_kind,
            deleted_customers_vanish_from_every_read,
            filters_select_exactly_the_matching_customers,
            customer_sorting_and_paging_agree_across_backends,
            a_customer_matching_through_several_addresses_appears_once,
            a_search_served_by_an_index_finds_exactly_the_substring_matches,
            lists_read_the_same_rows_whether_candidates_are_few_or_many,
            pages_walked_in_order_neither_repeat_nor_miss_while_rows_arrive,
            deep_pages_are_continuations_and_totals_lower_bounds,
            every_list_filter_and_sort_is_served_by_an_index,
            beneficiaries_read_back_exactly,
            beneficiaries_need_a_live_business_customer_of_the_tenant,
            beneficiaries_are_scoped_to_their_customer_and_tenant,
            beneficiary_updates_replace_and_refuse_stale_versions,
            customer_financial_accounts_read_back_exactly,
            a_new_default_replaces_the_previous_one,
            concurrent_defaults_leave_exactly_one,
            duplicate_external_links_conflict,
            accounts_need_a_live_active_customer,
            deleting_a_customer_deletes_its_accounts,
            state_changes_and_deletion_are_scoped,
            financial_account_filters_select_exactly,
            balances_are_sums_of_the_ledger,
            the_database_refuses_unbalanced_or_foreign_transfers,
            only_settled_accounts_can_be_deleted,
            a_transfer_and_the_deletion_of_its_account_never_both_win,
            only_a_return_may_overdraw_and_only_a_reversal_or_return_reverses,
            the_database_keeps_limit_usage_and_caps_it,
            default_limits_are_derived_until_set_or_counted,
            random_money_movement_keeps_every_invariant,
            idempotency_keys_are_forgotten_only_when_purged,
            statistics_are_gathered_again_once_a_table_grew,
            social_ids_are_stored_sealed_and_bound_to_their_row,
            server_secrets_are_stored_sealed,
            a_wrong_data_key_is_refused_by_name,
            a_rotation_seals_everything_again_under_the_new_key,
            plaintext_an_earlier_release_wrote_is_sealed_at_start,
            webhook_secrets_are_stored_sealed_and_bound_to_their_row,
            the_database_keeps_one_form_of_each_webhook_secret,
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
