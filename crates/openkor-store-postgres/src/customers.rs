//! Customers on PostgreSQL.

use crate::bind::{self, placeholder};
use crate::error::store_error;
use crate::{PostgresStore, addresses, paged, rows};
use async_trait::async_trait;
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::customer::{Customer, CustomerFilter, CustomerSortField};
use openkor_domain::ids::{BusinessAccountId, CustomerId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_store::records::{
    AddressOwner, ContactRow, CustomerRow, customer_rows, customers_from_rows,
};
use openkor_store::{CustomerStore, StoreError, sql};
use sqlx::{AssertSqlSafe, PgConnection};
use uuid::Uuid;

/// A unique violation on a customer write can only be the external id (the other unique
/// indexes guard invariants the domain already enforces).
fn external_id_conflict(error: StoreError) -> StoreError {
    match error {
        StoreError::Conflict(what) if what.contains("external_id") => {
            StoreError::Conflict("externalId".into())
        }
        other => other,
    }
}

async fn replace_contacts(
    tx: &mut PgConnection,
    business_account_id: Uuid,
    customer_id: Uuid,
    contacts: &[ContactRow],
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM customer_contacts WHERE business_account_id = $1 AND customer_id = $2",
    )
    .bind(business_account_id)
    .bind(customer_id)
    .execute(&mut *tx)
    .await
    .map_err(store_error)?;
    let columns: Vec<&str> = rows::CONTACT_COLUMNS.split(", ").collect();
    let insert = sql::insert("customer_contacts", &columns, &placeholder);
    for contact in contacts {
        bind::contact(sqlx::query(AssertSqlSafe(insert.clone())), contact)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

async fn load_page(
    connection: &mut PgConnection,
    business_account_id: Uuid,
    rows: Vec<CustomerRow>,
) -> Result<Vec<Customer>, StoreError> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!(
        "SELECT {} FROM customer_contacts WHERE business_account_id = $1 AND customer_id IN ({})",
        rows::CONTACT_COLUMNS,
        sql::placeholder_list(2, ids.len(), &placeholder)
    );
    let mut statement = sqlx::query(AssertSqlSafe(query)).bind(business_account_id);
    for id in &ids {
        statement = statement.bind(*id);
    }
    let contacts = statement
        .fetch_all(&mut *connection)
        .await
        .map_err(store_error)?
        .iter()
        .map(rows::contact)
        .collect::<Result<Vec<_>, _>>()?;
    let addresses = addresses::load(
        connection,
        AddressOwner::Customer,
        business_account_id,
        &ids,
    )
    .await?;
    customers_from_rows(rows, contacts, addresses)
}

#[async_trait]
impl CustomerStore for PostgresStore {
    async fn create_customer(&self, customer: &Customer) -> Result<(), StoreError> {
        let (row, contacts, address_rows) = customer_rows(customer);
        let columns: Vec<&str> = CustomerRow::CREATE_COLUMNS
            .iter()
            .chain(CustomerRow::MUTABLE_COLUMNS.iter())
            .copied()
            .collect();
        let insert = sql::insert("customers", &columns, &placeholder);
        let mut tx = self.begin_write().await?;
        let query = bind::customer_create(sqlx::query(AssertSqlSafe(insert)), &row);
        bind::customer_mutable(query, &row)
            .execute(&mut *tx)
            .await
            .map_err(|e| external_id_conflict(store_error(e)))?;
        replace_contacts(&mut tx, row.business_account_id, row.id, &contacts).await?;
        addresses::replace(
            &mut tx,
            AddressOwner::Customer,
            row.business_account_id,
            row.id,
            &address_rows,
        )
        .await?;
        tx.commit().await.map_err(store_error)
    }

    async fn get_customer(
        &self,
        scope: BusinessAccountId,
        id: CustomerId,
    ) -> Result<Customer, StoreError> {
        let mut tx = self.begin_read().await?;
        let query = format!(
            "SELECT {} FROM customers c WHERE c.business_account_id = $1 AND c.id = $2 AND c.deleted_at IS NULL",
            rows::customer_columns()
        );
        let row = sqlx::query(AssertSqlSafe(query))
            .bind(scope.as_uuid())
            .bind(id.as_uuid())
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?
            .ok_or(StoreError::NotFound)?;
        let mut customers =
            load_page(&mut tx, scope.as_uuid(), vec![rows::customer(&row)?]).await?;
        customers.pop().ok_or(StoreError::NotFound)
    }

    async fn update_customer(
        &self,
        customer: &Customer,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let (row, contacts, address_rows) = customer_rows(customer);
        let n = CustomerRow::MUTABLE_COLUMNS.len();
        let update = format!(
            "UPDATE customers SET {} WHERE business_account_id = ${} AND id = ${} AND version = ${} \
             AND deleted_at IS NULL",
            sql::assignments(&CustomerRow::MUTABLE_COLUMNS, &placeholder),
            n + 1,
            n + 2,
            n + 3
        );
        let mut tx = self.begin_write().await?;
        let updated = bind::customer_mutable(sqlx::query(AssertSqlSafe(update)), &row)
            .bind(row.business_account_id)
            .bind(row.id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await
            .map_err(|e| external_id_conflict(store_error(e)))?;
        if updated.rows_affected() == 0 {
            let exists = sqlx::query(
                "SELECT 1 FROM customers WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
            )
            .bind(row.business_account_id)
            .bind(row.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(store_error)?;
            return Err(if exists.is_some() {
                StoreError::Stale
            } else {
                StoreError::NotFound
            });
        }
        replace_contacts(&mut tx, row.business_account_id, row.id, &contacts).await?;
        addresses::replace(
            &mut tx,
            AddressOwner::Customer,
            row.business_account_id,
            row.id,
            &address_rows,
        )
        .await?;
        tx.commit().await.map_err(store_error)
    }

    async fn delete_customer(
        &self,
        scope: BusinessAccountId,
        id: CustomerId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query(
            "UPDATE customers SET deleted_at = $3, updated_at = $3, updated_by_type = $4, \
             updated_by_id = $5, version = version + 1 \
             WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(scope.as_uuid())
        .bind(id.as_uuid())
        .bind(at.to_offset_date_time())
        .bind(by.kind.code())
        .bind(by.id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "UPDATE financial_accounts SET deleted_at = $3, updated_at = $3, updated_by_type = $4, \
             updated_by_id = $5 WHERE business_account_id = $1 AND holder_type = 'CUSTOMER' \
             AND holder_id = $2 AND deleted_at IS NULL",
        )
        .bind(scope.as_uuid())
        .bind(id.as_uuid())
        .bind(at.to_offset_date_time())
        .bind(by.kind.code())
        .bind(by.id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn list_customers(
        &self,
        scope: BusinessAccountId,
        filter: &CustomerFilter,
        request: &PageRequest<CustomerSortField>,
    ) -> Result<Page<Customer>, StoreError> {
        let conditions = sql::customer_conditions(scope.as_uuid(), filter, 2, &placeholder);
        let order_by = sql::order_by(
            request.sort(),
            |f| sql::customer_sort_column(f, true),
            "c.id",
        );
        let statements = sql::page_statements(
            "customers c",
            "c",
            &rows::customer_columns(),
            &conditions,
            &order_by,
            &placeholder,
        );
        let mut tx = self.begin_read().await?;
        let (found, total) = paged::fetch_page(
            &mut tx,
            scope.as_uuid(),
            statements,
            &conditions.values,
            request.size(),
            request.offset(),
        )
        .await?;
        let customer_rows = found
            .iter()
            .map(rows::customer)
            .collect::<Result<Vec<_>, _>>()?;
        let items = load_page(&mut tx, scope.as_uuid(), customer_rows).await?;
        Ok(Page { items, total })
    }
}
