//! Address rows on PostgreSQL, for customers and beneficial owners alike.

use crate::bind::{self, placeholder};
use crate::error::store_error;
use crate::rows;
use openkor_store::StoreError;
use openkor_store::records::{AddressOwner, AddressRow};
use openkor_store::sql;
use sqlx::{AssertSqlSafe, PgConnection};
use uuid::Uuid;

fn address_columns(owner: AddressOwner) -> Vec<&'static str> {
    let mut columns = vec!["business_account_id", owner.owner_column()];
    columns.extend(AddressRow::COLUMNS_AFTER_OWNER);
    columns
}

/// Replaces every address of `owner_id` with `rows`.
pub(crate) async fn replace(
    tx: &mut PgConnection,
    owner: AddressOwner,
    business_account_id: Uuid,
    owner_id: Uuid,
    rows: &[AddressRow],
) -> Result<(), StoreError> {
    let delete = format!(
        "DELETE FROM {} WHERE business_account_id = $1 AND {} = $2",
        owner.table(),
        owner.owner_column()
    );
    sqlx::query(AssertSqlSafe(delete))
        .bind(business_account_id)
        .bind(owner_id)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
    let insert = sql::insert(owner.table(), &address_columns(owner), &placeholder);
    for row in rows {
        bind::address(sqlx::query(AssertSqlSafe(insert.clone())), row)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
    }
    Ok(())
}

/// Every address of the owners `owner_ids` of `business_account_id`.
pub(crate) async fn load(
    connection: &mut PgConnection,
    owner: AddressOwner,
    business_account_id: Uuid,
    owner_ids: &[Uuid],
) -> Result<Vec<AddressRow>, StoreError> {
    if owner_ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!(
        "SELECT {} FROM {} WHERE business_account_id = $1 AND {} IN ({})",
        address_columns(owner).join(", "),
        owner.table(),
        owner.owner_column(),
        sql::placeholder_list(2, owner_ids.len(), &placeholder)
    );
    let mut statement = sqlx::query(AssertSqlSafe(query)).bind(business_account_id);
    for id in owner_ids {
        statement = statement.bind(*id);
    }
    let found = statement
        .fetch_all(&mut *connection)
        .await
        .map_err(store_error)?;
    found.iter().map(|row| rows::address(row, owner)).collect()
}
