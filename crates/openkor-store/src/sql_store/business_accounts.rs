//! Business Accounts: reads scoped through the closure table.

use super::rows::{self, BUSINESS_ACCOUNT_SELECT};
use super::{SqlStore, exists};
use crate::db::{Backend, Conn, Dialect, Row};
use crate::{BusinessAccountStore, StoreError, params, sql};
use openkor_domain::business_account::{BusinessAccount, BusinessAccountSortField};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::paging::{Page, PageRequest};
use std::sync::LazyLock;

fn sort_column(field: BusinessAccountSortField, dialect: Dialect) -> sql::SortColumn {
    match (field, dialect) {
        (BusinessAccountSortField::Name, Dialect::Postgres) => {
            sql::SortColumn::text("ba.name COLLATE \"C\"")
        }
        (BusinessAccountSortField::Name, Dialect::Sqlite) => sql::SortColumn::text("ba.name"),
        (BusinessAccountSortField::CreatedAt, _) => sql::SortColumn::timestamp("ba.created_at"),
        (BusinessAccountSortField::Id, _) => sql::SortColumn::uuid("ba.id"),
    }
}

fn decode(row: &dyn Row) -> Result<BusinessAccount, StoreError> {
    rows::business_account(row)?.try_into()
}

static SELECT_ONE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM business_account_tree t JOIN business_accounts ba ON ba.id = t.descendant_id \
         WHERE t.ancestor_id = $1 AND t.descendant_id = $2",
        *BUSINESS_ACCOUNT_SELECT
    )
});

static SELECT_CHILDREN: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM business_account_tree t JOIN business_accounts ba ON ba.id = t.descendant_id \
         WHERE t.ancestor_id = $1 AND t.depth = 1 ORDER BY ba.created_at, ba.id",
        *BUSINESS_ACCOUNT_SELECT
    )
});

const VISIBLE: &str =
    "SELECT 1 FROM business_account_tree WHERE ancestor_id = $1 AND descendant_id = $2";

#[async_trait::async_trait]
impl<B: Backend> BusinessAccountStore for SqlStore<B> {
    async fn get_business_account(
        &self,
        scope: BusinessAccountId,
        id: BusinessAccountId,
    ) -> Result<BusinessAccount, StoreError> {
        self.backend
            .read(move |conn| {
                Box::pin(async move {
                    conn.query_one(
                        &SELECT_ONE,
                        &params![scope.as_uuid(), id.as_uuid()],
                        &mut decode,
                    )
                    .await
                })
            })
            .await
    }

    async fn list_child_business_accounts(
        &self,
        scope: BusinessAccountId,
        parent: BusinessAccountId,
    ) -> Result<Vec<BusinessAccount>, StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    if !exists(conn, VISIBLE, &params![scope.as_uuid(), parent.as_uuid()]).await? {
                        return Err(StoreError::NotFound);
                    }
                    conn.query(&SELECT_CHILDREN, &params![parent.as_uuid()], &mut decode)
                        .await
                })
            })
            .await
    }

    async fn list_business_accounts(
        &self,
        scope: BusinessAccountId,
        request: &PageRequest<BusinessAccountSortField>,
    ) -> Result<Page<BusinessAccount>, StoreError> {
        let request = request.clone();
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let total = conn
                        .query_one(
                            "SELECT count(*) FROM business_account_tree WHERE ancestor_id = $1",
                            &params![scope.as_uuid()],
                            &mut |row: &dyn Row| row.i64(0),
                        )
                        .await?;
                    let dialect = conn.dialect();
                    let order_by = sql::order_by(
                        request.sort(),
                        |f| sort_column(f, dialect),
                        sql::TieBreak {
                            created_at: "ba.created_at",
                            id: "ba.id",
                        },
                    );
                    let query = format!(
                        "SELECT {} FROM business_account_tree t \
                         JOIN business_accounts ba ON ba.id = t.descendant_id \
                         WHERE t.ancestor_id = $1 {order_by} LIMIT $2 OFFSET $3",
                        *BUSINESS_ACCOUNT_SELECT
                    );
                    let size = i64::from(request.size());
                    let offset = i64::try_from(request.offset()).unwrap_or(i64::MAX);
                    let items = conn
                        .query(&query, &params![scope.as_uuid(), size, offset], &mut decode)
                        .await?;
                    Ok(Page::counted(
                        items,
                        u64::try_from(total).unwrap_or_default(),
                        request.offset(),
                    ))
                })
            })
            .await
    }
}
