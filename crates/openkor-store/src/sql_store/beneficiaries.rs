//! Beneficial owners of business customers, with their addresses.

use super::rows::{self, BENEFICIARY_COLUMNS, BENEFICIARY_SELECT};
use super::{SqlStore, addresses, exists};
use crate::db::{Backend, Conn, Constraint, Row};
use crate::records::{
    AddressOwner, BeneficiaryRow, beneficiary_from_rows, beneficiary_rows, group_by_owner,
};
use crate::sealing::DataKeys;
use crate::{BeneficiaryStore, StoreError, params, sql};
use openkor_domain::beneficiary::Beneficiary;
use openkor_domain::ids::{BeneficiaryId, BusinessAccountId, CustomerId};
use std::sync::LazyLock;
use uuid::Uuid;

const LIVE_CUSTOMER: &str = "EXISTS (SELECT 1 FROM customers c WHERE c.business_account_id = b.business_account_id \
     AND c.id = b.customer_id AND c.deleted_at IS NULL)";

const CUSTOMER_IS_LIVE: &str =
    "SELECT 1 FROM customers WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL";

static INSERT: LazyLock<String> =
    LazyLock::new(|| sql::insert("beneficiaries", &BENEFICIARY_COLUMNS));

static UPDATE: LazyLock<String> = LazyLock::new(|| {
    let n = BeneficiaryRow::MUTABLE_COLUMNS.len();
    format!(
        "UPDATE beneficiaries AS b SET {} WHERE b.business_account_id = ${} AND b.customer_id = ${} \
         AND b.id = ${} AND b.version = ${} AND {LIVE_CUSTOMER}",
        sql::assignments(&BeneficiaryRow::MUTABLE_COLUMNS),
        n + 1,
        n + 2,
        n + 3,
        n + 4
    )
});

static SELECT_ONE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM beneficiaries b WHERE b.business_account_id = $1 AND b.customer_id = $2 \
         AND b.id = $3 AND {LIVE_CUSTOMER}",
        *BENEFICIARY_SELECT
    )
});

static SELECT_OF_CUSTOMER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM beneficiaries b WHERE b.business_account_id = $1 AND b.customer_id = $2 \
         ORDER BY b.created_at, b.id",
        *BENEFICIARY_SELECT
    )
});

static EXISTS_ONE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT 1 FROM beneficiaries b WHERE b.business_account_id = $1 AND b.customer_id = $2 \
         AND b.id = $3 AND {LIVE_CUSTOMER}"
    )
});

async fn with_addresses<C: Conn>(
    conn: &mut C,
    business_account_id: Uuid,
    found: Vec<BeneficiaryRow>,
    data_keys: &DataKeys,
) -> Result<Vec<Beneficiary>, StoreError> {
    let ids: Vec<Uuid> = found.iter().map(|row| row.id).collect();
    let address_rows =
        addresses::load(conn, AddressOwner::Beneficiary, business_account_id, &ids).await?;
    let mut grouped = group_by_owner(address_rows, |a| a.owner_id, |a| a.position);
    found
        .into_iter()
        .map(|row| {
            let id = row.id;
            beneficiary_from_rows(row, grouped.remove(&id).unwrap_or_default(), data_keys)
        })
        .collect()
}

#[async_trait::async_trait]
impl<B: Backend> BeneficiaryStore for SqlStore<B> {
    async fn create_beneficiary(
        &self,
        beneficiary: &Beneficiary,
        owners_max: usize,
    ) -> Result<(), StoreError> {
        let (row, address_rows) = beneficiary_rows(beneficiary, &*self.data_keys()?)?;
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let customer = params![row.business_account_id, row.customer_id];
                    // On PostgreSQL, locking the customer row serialises concurrent creations so
                    // the owners cap holds; SQLite's one writer serialises them already.
                    let lock = format!("{CUSTOMER_IS_LIVE}{}", conn.dialect().for_update());
                    if !exists(conn, &lock, &customer).await? {
                        return Err(StoreError::NotFound);
                    }
                    let owners = conn
                        .query_one(
                            "SELECT count(*) FROM beneficiaries WHERE business_account_id = $1 AND customer_id = $2",
                            &customer,
                            &mut |r: &dyn Row| r.i64(0),
                        )
                        .await?;
                    if usize::try_from(owners).unwrap_or(usize::MAX) >= owners_max {
                        return Err(StoreError::Conflict(Constraint::BeneficialOwnersFull));
                    }
                    let mut values = rows::beneficiary_create_values(&row);
                    values.extend(rows::beneficiary_mutable_values(&row));
                    conn.execute(&INSERT, &values).await?;
                    addresses::replace(
                        conn,
                        AddressOwner::Beneficiary,
                        row.business_account_id,
                        row.id,
                        &address_rows,
                    )
                    .await
                })
            })
            .await
    }

    async fn get_beneficiary(
        &self,
        scope: BusinessAccountId,
        customer: CustomerId,
        id: BeneficiaryId,
    ) -> Result<Beneficiary, StoreError> {
        let data_keys = self.data_keys()?;
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let keys = params![scope.as_uuid(), customer.as_uuid(), id.as_uuid()];
                    let row = conn
                        .query_one(&SELECT_ONE, &keys, &mut rows::beneficiary)
                        .await?;
                    let mut found =
                        with_addresses(conn, scope.as_uuid(), vec![row], &data_keys).await?;
                    found.pop().ok_or(StoreError::NotFound)
                })
            })
            .await
    }

    async fn list_beneficiaries(
        &self,
        scope: BusinessAccountId,
        customer: CustomerId,
    ) -> Result<Vec<Beneficiary>, StoreError> {
        let data_keys = self.data_keys()?;
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let keys = params![scope.as_uuid(), customer.as_uuid()];
                    if !exists(conn, CUSTOMER_IS_LIVE, &keys).await? {
                        return Err(StoreError::NotFound);
                    }
                    let found = conn
                        .query(&SELECT_OF_CUSTOMER, &keys, &mut rows::beneficiary)
                        .await?;
                    with_addresses(conn, scope.as_uuid(), found, &data_keys).await
                })
            })
            .await
    }

    async fn update_beneficiary(
        &self,
        beneficiary: &Beneficiary,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let (row, address_rows) = beneficiary_rows(beneficiary, &*self.data_keys()?)?;
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let mut values = rows::beneficiary_mutable_values(&row);
                    values.extend(params![
                        row.business_account_id,
                        row.customer_id,
                        row.id,
                        expected_version
                    ]);
                    if conn.execute(&UPDATE, &values).await? == 0 {
                        let keys = params![row.business_account_id, row.customer_id, row.id];
                        return Err(if exists(conn, &EXISTS_ONE, &keys).await? {
                            StoreError::Stale
                        } else {
                            StoreError::NotFound
                        });
                    }
                    addresses::replace(
                        conn,
                        AddressOwner::Beneficiary,
                        row.business_account_id,
                        row.id,
                        &address_rows,
                    )
                    .await
                })
            })
            .await
    }
}
