//! The plan cases of the webhook subscription list and of a subscription's deliveries.

use super::Case;
use super::list::List;
use crate::sql_store::webhooks::{deliveries, subscriptions};
use openkor_domain::ids::WebhookSubscriptionId;
use openkor_domain::webhook::{DeliveryStatus, WebhookSortField};
use uuid::Uuid;

/// The sorts of the subscription list (it has no filter), and the filters and sorts of a
/// subscription's deliveries (always filtered on their subscription).
pub(super) fn cases() -> Vec<Case> {
    let subscription_list = List {
        name: "webhook subscriptions",
        table: "webhook_subscriptions",
        from: subscriptions::LIST_FROM,
        alias: "s",
        select: subscriptions::COLUMNS,
        column: subscriptions::sort_column,
        tie_break: subscriptions::TIE_BREAK,
        created_at: WebhookSortField::CreatedAt,
    };
    let mut all = subscription_list.sorts(WebhookSortField::ALL, &subscriptions::list_conditions());

    let delivery_list = List {
        name: "webhook deliveries",
        table: "webhook_deliveries",
        from: deliveries::FROM,
        alias: "d",
        select: deliveries::COLUMNS,
        column: deliveries::sort_column,
        tie_break: deliveries::TIE_BREAK,
        created_at: WebhookSortField::CreatedAt,
    };
    let subscription = WebhookSubscriptionId::from_uuid(Uuid::max());
    let of_one = deliveries::conditions(subscription, None);
    all.push(delivery_list.filter(
        "subscription",
        ("subscription_id", "subscription_id"),
        &of_one,
    ));
    all.push(delivery_list.filter(
        "status",
        ("status", "subscription_id, status"),
        &deliveries::conditions(subscription, Some(DeliveryStatus::Failed)),
    ));
    all.extend(delivery_list.sorts(WebhookSortField::ALL, &of_one));
    all
}
