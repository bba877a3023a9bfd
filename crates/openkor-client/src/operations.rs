//! Every operation of the API, as the OpenAPI document names it: the table the drift test
//! compares with the server's document in both directions.

/// One operation: method, path template and `operationId`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Operation {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: &'static str,
    /// The path template, e.g. `/v1/customers/{customerId}`.
    pub path_template: &'static str,
    /// The document's `operationId` (the [`crate::Client`] method of the same name, or the
    /// one its documentation names where the id alone would be unclear, e.g. `delete`).
    pub operation_id: &'static str,
    /// Whether the operation takes an `Idempotency-Key` header (its method then takes an
    /// `idempotency_key` argument).
    pub idempotency_key: bool,
}

const fn op(
    method: &'static str,
    path_template: &'static str,
    operation_id: &'static str,
) -> Operation {
    Operation {
        method,
        path_template,
        operation_id,
        idempotency_key: false,
    }
}

/// An operation that takes an `Idempotency-Key`.
const fn idempotent(operation: Operation) -> Operation {
    Operation {
        idempotency_key: true,
        ..operation
    }
}

/// Every operation this client implements, one method each.
pub const OPERATIONS: &[Operation] = &[
    op("GET", "/healthz", "healthz"),
    op("GET", "/metrics", "metrics"),
    op("GET", "/openapi.json", "openapi_json"),
    op("GET", "/readyz", "readyz"),
    op("POST", "/v1/api-keys/exchange", "exchange"),
    op("GET", "/v1/business-accounts", "list_business_accounts"),
    op(
        "GET",
        "/v1/business-accounts/{businessAccountId}",
        "get_business_account",
    ),
    op(
        "GET",
        "/v1/business-accounts/{businessAccountId}/children",
        "list_children",
    ),
    op(
        "GET",
        "/v1/business-accounts/{businessAccountId}/limits",
        "business_account_limits",
    ),
    op("GET", "/v1/customers", "list_customers"),
    op("POST", "/v1/customers", "create_customer"),
    op("GET", "/v1/customers/{customerId}", "get_customer"),
    op("PUT", "/v1/customers/{customerId}", "update_customer"),
    op("DELETE", "/v1/customers/{customerId}", "delete_customer"),
    op(
        "GET",
        "/v1/customers/{customerId}/beneficiaries",
        "list_beneficiaries",
    ),
    op(
        "POST",
        "/v1/customers/{customerId}/beneficiaries",
        "create_beneficiary",
    ),
    op(
        "GET",
        "/v1/customers/{customerId}/beneficiaries/{beneficiaryId}",
        "get_beneficiary",
    ),
    op(
        "PUT",
        "/v1/customers/{customerId}/beneficiaries/{beneficiaryId}",
        "update_beneficiary",
    ),
    op(
        "GET",
        "/v1/customers/{customerId}/financial-accounts",
        "list_customer_financial_accounts",
    ),
    op(
        "PUT",
        "/v1/customers/{customerId}/suspend",
        "suspend_customer",
    ),
    op(
        "PUT",
        "/v1/customers/{customerId}/unsuspend",
        "unsuspend_customer",
    ),
    op("POST", "/v1/external-bank-accounts", "create_external_bank"),
    op("POST", "/v1/external-cards", "create_external_card"),
    op("GET", "/v1/financial-accounts", "list_financial_accounts"),
    op(
        "GET",
        "/v1/financial-accounts/{financialAccountId}",
        "get_financial_account",
    ),
    op(
        "DELETE",
        "/v1/financial-accounts/{financialAccountId}",
        "delete",
    ),
    op(
        "GET",
        "/v1/financial-accounts/{financialAccountId}/balances",
        "get_balances",
    ),
    op(
        "GET",
        "/v1/financial-accounts/{financialAccountId}/limits",
        "account_limits",
    ),
    op(
        "PUT",
        "/v1/financial-accounts/{financialAccountId}/suspend",
        "suspend_older",
    ),
    op(
        "POST",
        "/v1/financial-accounts/{financialAccountId}/suspend",
        "suspend",
    ),
    op(
        "PUT",
        "/v1/financial-accounts/{financialAccountId}/unsuspend",
        "unsuspend",
    ),
    op("POST", "/v1/financial-accounts:verify", "verify"),
    op(
        "POST",
        "/v1/integrated-bank-accounts",
        "create_integrated_bank",
    ),
    op("POST", "/v1/internal-financial-accounts", "create_internal"),
    op("GET", "/v1/limits", "list_limits"),
    op("PUT", "/v1/limits", "update_limits"),
    op("GET", "/v1/limits/utilisation", "utilisation"),
    op("GET", "/v1/payment-reasons", "list_payment_reasons"),
    op("GET", "/v1/recipients", "list_recipients"),
    op("POST", "/v1/recipients", "create_recipient"),
    op("GET", "/v1/recipients/{recipientId}", "get_recipient"),
    op("PUT", "/v1/recipients/{recipientId}", "update_recipient"),
    op("DELETE", "/v1/recipients/{recipientId}", "delete_recipient"),
    idempotent(op("POST", "/v1/sandbox/deposits", "create_deposit")),
    op(
        "POST",
        "/v1/sandbox/transactions/{transactionId}/simulate",
        "simulate",
    ),
    op("POST", "/v1/stp-transactions", "create_stp_transaction"),
    op("GET", "/v1/transaction-histories", "list_histories"),
    op("GET", "/v1/transactions", "list_transactions"),
    idempotent(op("POST", "/v1/transactions", "create_transaction")),
    op("GET", "/v1/transactions/{transactionId}", "get_transaction"),
    idempotent(op(
        "PUT",
        "/v1/transactions/{transactionId}",
        "edit_transaction",
    )),
    op(
        "DELETE",
        "/v1/transactions/{transactionId}",
        "cancel_transaction",
    ),
    idempotent(op(
        "POST",
        "/v1/transactions/{transactionId}/reverse",
        "reverse_transaction",
    )),
    op(
        "GET",
        "/v1/transactions/{transactionId}/statuses",
        "list_statuses",
    ),
    op("GET", "/v1/webhook-subscriptions", "list_subscriptions"),
    op("POST", "/v1/webhook-subscriptions", "create_subscription"),
    op(
        "GET",
        "/v1/webhook-subscriptions/{subscriptionId}",
        "get_subscription",
    ),
    op(
        "PUT",
        "/v1/webhook-subscriptions/{subscriptionId}",
        "update_subscription",
    ),
    op(
        "DELETE",
        "/v1/webhook-subscriptions/{subscriptionId}",
        "delete_subscription",
    ),
    op(
        "GET",
        "/v1/webhook-subscriptions/{subscriptionId}/deliveries",
        "list_deliveries",
    ),
    op(
        "POST",
        "/v1/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver",
        "redeliver",
    ),
    op(
        "POST",
        "/v1/webhook-subscriptions/{subscriptionId}/rotate-secret",
        "rotate_secret",
    ),
    op(
        "POST",
        "/v1/webhook-subscriptions/{subscriptionId}/suspend",
        "suspend_subscription",
    ),
    op(
        "POST",
        "/v1/webhook-subscriptions/{subscriptionId}/test",
        "test_subscription",
    ),
    op(
        "POST",
        "/v1/webhook-subscriptions/{subscriptionId}/unsuspend",
        "unsuspend_subscription",
    ),
];
