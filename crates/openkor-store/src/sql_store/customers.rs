//! Customers, with their contacts and addresses.

use super::cursors::PageTurn;
use super::outbox::{self, StatusChange};
use super::paged::ListQuery;
use super::rows::{self, CUSTOMER_COLUMNS, CUSTOMER_SELECT};
use super::{SqlStore, addresses, exists};
use crate::db::{Backend, Conn, Row, Value};
use crate::records::{AddressOwner, ContactRow, CustomerRow, customer_rows, customers_from_rows};
use crate::sql::search::{CUSTOMER_SEARCH, Candidates};
use crate::{CustomerStore, StoreError, params, sql};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::customer::{Customer, CustomerFilter, CustomerSortField};
use openkor_domain::default_limits::default_limit_id;
use openkor_domain::ids::{BusinessAccountId, CustomerId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::transaction_limits::{LimitAmount, LimitScope, TransactionLimit};
use std::sync::LazyLock;
use uuid::Uuid;

static INSERT: LazyLock<String> = LazyLock::new(|| sql::insert("customers", &CUSTOMER_COLUMNS));

static UPDATE: LazyLock<String> = LazyLock::new(|| {
    let n = CustomerRow::MUTABLE_COLUMNS.len();
    format!(
        "UPDATE customers SET {} WHERE business_account_id = ${} AND id = ${} AND version = ${} \
         AND deleted_at IS NULL",
        sql::assignments(&CustomerRow::MUTABLE_COLUMNS),
        n + 1,
        n + 2,
        n + 3
    )
});

static SELECT_ONE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM customers c WHERE c.business_account_id = $1 AND c.id = $2 AND c.deleted_at IS NULL",
        *CUSTOMER_SELECT
    )
});

static INSERT_CONTACT: LazyLock<String> =
    LazyLock::new(|| sql::insert("customer_contacts", &rows::CONTACT_COLUMNS));

const LIVE_CUSTOMER: &str =
    "SELECT 1 FROM customers WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL";

async fn replace_contacts<C: Conn>(
    conn: &mut C,
    business_account_id: Uuid,
    customer_id: Uuid,
    contacts: &[ContactRow],
) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM customer_contacts WHERE business_account_id = $1 AND customer_id = $2",
        &params![business_account_id, customer_id],
    )
    .await?;
    for contact in contacts {
        conn.execute(&INSERT_CONTACT, &rows::contact_values(contact))
            .await?;
    }
    Ok(())
}

/// The status of the customer `row` names at `version`, and when it took effect, read under
/// the row's lock; `None` when the row is gone or at another version (the update then finds
/// out which).
async fn status_before<C: Conn>(
    conn: &mut C,
    row: &CustomerRow,
    version: i64,
) -> Result<Option<(String, Timestamp)>, StoreError> {
    let sql = format!(
        "SELECT status, coalesce(status_changed_at, created_at) FROM customers \
         WHERE business_account_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL{}",
        conn.dialect().for_update()
    );
    conn.query_opt(
        &sql,
        &params![row.business_account_id, row.id, version],
        &mut |found: &dyn Row| Ok((found.text(0)?, found.timestamp(1)?)),
    )
    .await
}

/// Records when the customer's status changed and writes its `customer.status-updated` event.
async fn report_status_change<C: Conn>(
    conn: &mut C,
    row: &CustomerRow,
    previous_status: &str,
    previous_at: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE customers SET status_changed_at = $3 WHERE business_account_id = $1 AND id = $2",
        &params![row.business_account_id, row.id, row.updated_at],
    )
    .await?;
    let change = StatusChange {
        resource_id: row.id,
        status: &row.status,
        previous_status,
        at: row.updated_at,
        previous_at,
    };
    outbox::write_events(
        conn,
        row.business_account_id,
        &[change.customer_event(row.business_account_id)],
        row.updated_at,
    )
    .await
}

async fn with_details<C: Conn>(
    conn: &mut C,
    business_account_id: Uuid,
    customer_rows: Vec<CustomerRow>,
) -> Result<Vec<Customer>, StoreError> {
    let ids: Vec<Uuid> = customer_rows.iter().map(|row| row.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!(
        "SELECT {} FROM customer_contacts WHERE business_account_id = $1 AND customer_id IN ({})",
        rows::CONTACT_COLUMNS.join(", "),
        sql::placeholder_list(2, ids.len())
    );
    let mut params: Vec<Value<'_>> = Vec::with_capacity(ids.len() + 1);
    params.push(business_account_id.into());
    params.extend(ids.iter().map(|id| Value::Uuid(*id)));
    let contacts = conn.query(&query, &params, &mut rows::contact).await?;
    let addresses =
        addresses::load(conn, AddressOwner::Customer, business_account_id, &ids).await?;
    customers_from_rows(customer_rows, contacts, addresses)
}

/// Writes a customer's contacts and addresses after its row.
async fn write_details<C: Conn>(
    conn: &mut C,
    row: &CustomerRow,
    contacts: &[ContactRow],
    address_rows: &[crate::records::AddressRow],
) -> Result<(), StoreError> {
    replace_contacts(conn, row.business_account_id, row.id, contacts).await?;
    addresses::replace(
        conn,
        AddressOwner::Customer,
        row.business_account_id,
        row.id,
        address_rows,
    )
    .await
}

/// The limits a new customer was given in place of its defaults, stored under the defaults'
/// ids (the rest stay derived: [`super::default_limits`]).
fn given_limits(customer: &Customer, limits: &[LimitAmount]) -> Vec<TransactionLimit> {
    let scope_id = customer.id.as_uuid();
    limits
        .iter()
        .map(|limit| TransactionLimit {
            id: default_limit_id(
                LimitScope::Customer,
                scope_id,
                limit.limit_type,
                limit.currency,
            ),
            limit_type: limit.limit_type,
            scope: LimitScope::Customer,
            scope_id,
            currency: limit.currency,
            amount_minor: limit.amount_minor,
        })
        .collect()
}

#[async_trait::async_trait]
impl<B: Backend> CustomerStore for SqlStore<B> {
    async fn create_customer(
        &self,
        customer: &Customer,
        limits: &[LimitAmount],
    ) -> Result<(), StoreError> {
        let (row, contacts, address_rows) = customer_rows(customer);
        let limits = given_limits(customer, limits);
        let (scope, at) = (customer.business_account_id, customer.created_at);
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let mut values = rows::customer_create_values(&row);
                    values.extend(rows::customer_mutable_values(&row));
                    conn.execute(&INSERT, &values).await?;
                    write_details(conn, &row, &contacts, &address_rows).await?;
                    super::default_limits::store(conn, scope, &limits, at).await
                })
            })
            .await
    }

    async fn get_customer(
        &self,
        scope: BusinessAccountId,
        id: CustomerId,
    ) -> Result<Customer, StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let row = conn
                        .query_one(
                            &SELECT_ONE,
                            &params![scope.as_uuid(), id.as_uuid()],
                            &mut rows::customer,
                        )
                        .await?;
                    let mut found = with_details(conn, scope.as_uuid(), vec![row]).await?;
                    found.pop().ok_or(StoreError::NotFound)
                })
            })
            .await
    }

    async fn update_customer(
        &self,
        customer: &Customer,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let (row, contacts, address_rows) = customer_rows(customer);
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let previous = status_before(conn, &row, expected_version).await?;
                    let mut values = rows::customer_mutable_values(&row);
                    values.extend(params![row.business_account_id, row.id, expected_version]);
                    if conn.execute(&UPDATE, &values).await? == 0 {
                        let keys = params![row.business_account_id, row.id];
                        return Err(if exists(conn, LIVE_CUSTOMER, &keys).await? {
                            StoreError::Stale
                        } else {
                            StoreError::NotFound
                        });
                    }
                    if let Some((status, at)) = previous
                        && status != row.status
                    {
                        report_status_change(conn, &row, &status, at).await?;
                    }
                    write_details(conn, &row, &contacts, &address_rows).await
                })
            })
            .await
    }

    async fn delete_customer(
        &self,
        scope: BusinessAccountId,
        id: CustomerId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    super::delete_holder(conn, super::Holder::Customer, scope, id.as_uuid(), by, at)
                        .await
                })
            })
            .await
    }

    async fn list_customers(
        &self,
        scope: BusinessAccountId,
        filter: &CustomerFilter,
        request: &PageRequest<CustomerSortField>,
    ) -> Result<Page<Customer>, StoreError> {
        let filter = filter.clone();
        let request = request.clone();
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move {
                let collated = conn.dialect() == crate::db::Dialect::Postgres;
                let (query, also) = sql::customer_full_text(&filter).unzip();
                let max = page_turn.cursors().candidates_max;
                let mut candidates =
                    Candidates::plan(conn, CUSTOMER_SEARCH, (query, also.flatten()), max).await?;
                if !candidates.reads_candidates_first() {
                    let addresses = sql::customer_address_filters(&filter);
                    candidates =
                        Candidates::plan_customer_addresses(conn, scope.as_uuid(), addresses, max)
                            .await?;
                }
                let list = ListQuery {
                    from: &candidates.from("customers c"),
                    alias: "c",
                    select: &CUSTOMER_SELECT,
                    conditions: sql::customer_conditions(scope.as_uuid(), &filter, 2, &candidates),
                };
                let found = list
                    .page(
                        conn,
                        scope.as_uuid(),
                        &request,
                        |f| sql::customer_sort_column(f, collated),
                        crate::sql::TieBreak {
                            created_at: "c.created_at",
                            id: "c.id",
                        },
                        &page_turn,
                        &mut rows::customer,
                    )
                    .await?;
                let items = with_details(conn, scope.as_uuid(), found.items).await?;
                Ok(Page {
                    items,
                    total: found.total,
                    has_next: found.has_next,
                })
            })
        })
        .await
    }
}
