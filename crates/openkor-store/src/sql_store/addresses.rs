//! Address rows, for customers and beneficial owners alike.

use super::rows;
use crate::StoreError;
use crate::db::{Conn, Value};
use crate::records::{AddressOwner, AddressRow};
use crate::sql;
use uuid::Uuid;

/// Replaces every address of `owner_id` with `rows`.
pub(crate) async fn replace<C: Conn>(
    conn: &mut C,
    owner: AddressOwner,
    business_account_id: Uuid,
    owner_id: Uuid,
    address_rows: &[AddressRow],
) -> Result<(), StoreError> {
    let delete = format!(
        "DELETE FROM {} WHERE business_account_id = $1 AND {} = $2",
        owner.table(),
        owner.owner_column()
    );
    conn.execute(&delete, &[business_account_id.into(), owner_id.into()])
        .await?;
    let insert = sql::insert(owner.table(), &rows::address_columns(owner));
    for row in address_rows {
        conn.execute(&insert, &rows::address_values(row)).await?;
    }
    Ok(())
}

/// Every address of the owners `owner_ids` of `business_account_id`.
pub(crate) async fn load<C: Conn>(
    conn: &mut C,
    owner: AddressOwner,
    business_account_id: Uuid,
    owner_ids: &[Uuid],
) -> Result<Vec<AddressRow>, StoreError> {
    if owner_ids.is_empty() {
        return Ok(Vec::new());
    }
    let query = format!(
        "SELECT {} FROM {} WHERE business_account_id = $1 AND {} IN ({})",
        rows::address_columns(owner).join(", "),
        owner.table(),
        owner.owner_column(),
        sql::placeholder_list(2, owner_ids.len())
    );
    let mut params: Vec<Value<'_>> = Vec::with_capacity(owner_ids.len() + 1);
    params.push(business_account_id.into());
    params.extend(owner_ids.iter().map(|id| Value::Uuid(*id)));
    conn.query(&query, &params, &mut rows::address).await
}
