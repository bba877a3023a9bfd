//! Financial Accounts, with their agreements.

use super::SqlStore;
use super::cursors::PageTurn;
use super::outbox::{self, StatusChange};
use super::paged::ListQuery;
use super::rows::{self, AGREEMENT_COLUMNS, FINANCIAL_ACCOUNT_SELECT};
use crate::db::{Backend, Conn, Constraint, Dialect, Row};
use crate::records::{AgreementRow, FinancialAccountRow};
use crate::sql::search::{Candidates, FINANCIAL_ACCOUNT_SEARCH};
use crate::{FinancialAccountStore, StoreError, params, sql};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::{
    AccountHolder, AccountState, Agreement, FinancialAccount, FinancialAccountFilter,
    FinancialAccountSortField,
};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::paging::{Page, PageRequest};
use std::sync::LazyLock;

static INSERT: LazyLock<String> =
    LazyLock::new(|| sql::insert("financial_accounts", &FinancialAccountRow::COLUMNS));

static INSERT_AGREEMENT: LazyLock<String> =
    LazyLock::new(|| sql::insert("financial_account_agreements", &AGREEMENT_COLUMNS));

static SELECT_LIVE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM financial_accounts fa WHERE fa.business_account_id = $1 AND fa.id = $2 \
         AND fa.deleted_at IS NULL",
        *FINANCIAL_ACCOUNT_SELECT
    )
});

static SELECT_ANY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM financial_accounts fa WHERE fa.business_account_id = $1 AND fa.id = $2",
        *FINANCIAL_ACCOUNT_SELECT
    )
});

/// The account `id` of `scope`, deleted or not.
pub(crate) async fn select_any<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: FinancialAccountId,
) -> Result<FinancialAccount, StoreError> {
    conn.query_one(
        &SELECT_ANY,
        &params![scope.as_uuid(), id.as_uuid()],
        &mut decode,
    )
    .await
}

fn decode(row: &dyn Row) -> Result<FinancialAccount, StoreError> {
    rows::financial_account(row)?.try_into()
}

pub(crate) async fn insert_financial_account<C: Conn>(
    conn: &mut C,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    let row = FinancialAccountRow::from(account);
    conn.execute(&INSERT, &rows::financial_account_values(&row))
        .await
        .map(|_| ())
}

/// The holder, when a customer or a recipient, must be live and ACTIVE; on PostgreSQL its row
/// stays locked so a concurrent suspension or deletion waits for this create.
async fn check_customer_active<C: Conn>(
    conn: &mut C,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    let table = match account.holder {
        AccountHolder::Customer(_) => "SELECT status FROM customers",
        AccountHolder::Recipient(_) => "SELECT state FROM recipients",
        AccountHolder::BusinessAccount => return Ok(()),
    };
    let query = format!(
        "{table} WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL{}",
        conn.dialect().for_update()
    );
    let status = conn
        .query_opt(
            &query,
            &params![
                account.business_account_id.as_uuid(),
                account.holder.holder_id()
            ],
            &mut |row: &dyn Row| row.text(0),
        )
        .await?;
    match status.as_deref() {
        None => Err(StoreError::NotFound),
        Some("ACTIVE") => Ok(()),
        Some(_) => Err(StoreError::Conflict(Constraint::CustomerNotActive)),
    }
}

async fn clear_previous_default<C: Conn>(
    conn: &mut C,
    account: &FinancialAccount,
) -> Result<(), StoreError> {
    let Some(holder) = account.holder.holder_id() else {
        return Ok(());
    };
    conn.execute(
        "UPDATE financial_accounts SET default_flag = FALSE, updated_at = $3, updated_by_type = $4, \
         updated_by_id = $5 WHERE business_account_id = $1 AND holder_id = $2 AND default_flag = TRUE \
         AND deleted_at IS NULL",
        &params![
            account.business_account_id.as_uuid(),
            holder,
            account.created_at,
            account.created_by.kind.code(),
            account.created_by.id,
        ],
    )
    .await
    .map(|_| ())
}

/// The live account `id` of `scope`, its row locked until the db transaction ends (PostgreSQL).
pub(crate) async fn lock_live<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: FinancialAccountId,
) -> Result<FinancialAccount, StoreError> {
    let sql = format!("{}{}", *SELECT_LIVE, conn.dialect().for_update());
    conn.query_one(&sql, &params![scope.as_uuid(), id.as_uuid()], &mut decode)
        .await
}

async fn select_live<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: FinancialAccountId,
) -> Result<FinancialAccount, StoreError> {
    conn.query_one(
        &SELECT_LIVE,
        &params![scope.as_uuid(), id.as_uuid()],
        &mut decode,
    )
    .await
}

/// Sets the state of a live account; a change of state writes its
/// `financial-account.state-updated` event (the previous state and when it took effect, read
/// under the row's lock, taken after the ledger row's).
async fn set_state<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: FinancialAccountId,
    state: AccountState,
    by: Actor,
    at: Timestamp,
) -> Result<FinancialAccount, StoreError> {
    // The account's balance events are written under its ledger row's lock: taking it first
    // (the order money movement takes them in) keeps all of the account's events in order.
    let ledger = format!(
        "SELECT 1 FROM ledger_accounts WHERE business_account_id = $1 AND id = $2{}",
        conn.dialect().for_update()
    );
    conn.query_opt(
        &ledger,
        &params![scope.as_uuid(), id.as_uuid()],
        &mut |_: &dyn Row| Ok(()),
    )
    .await?;
    let lock = format!(
        "SELECT state, coalesce(state_changed_at, created_at) FROM financial_accounts \
         WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL{}",
        conn.dialect().for_update()
    );
    let (previous, previous_at) = conn
        .query_one(
            &lock,
            &params![scope.as_uuid(), id.as_uuid()],
            &mut |row: &dyn Row| Ok((row.text(0)?, row.timestamp(1)?)),
        )
        .await?;
    let changed = previous != state.code();
    conn.execute(
        "UPDATE financial_accounts SET state = $3, updated_at = $4, updated_by_type = $5, \
         updated_by_id = $6, state_changed_at = CASE WHEN state = $3 THEN state_changed_at ELSE $4 END \
         WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
        &params![scope.as_uuid(), id.as_uuid(), state.code(), at, by.kind.code(), by.id],
    )
    .await?;
    if changed {
        let change = StatusChange {
            resource_id: id.as_uuid(),
            status: state.code(),
            previous_status: &previous,
            at,
            previous_at,
        };
        outbox::write_events(conn, scope.as_uuid(), &[change.account_event()], at).await?;
    }
    select_live(conn, scope, id).await
}

#[async_trait::async_trait]
impl<B: Backend> FinancialAccountStore for SqlStore<B> {
    async fn create_financial_account(
        &self,
        account: &FinancialAccount,
        agreements: &[Agreement],
    ) -> Result<(), StoreError> {
        let account = account.clone();
        let agreements = AgreementRow::all(&account, agreements);
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    check_customer_active(conn, &account).await?;
                    if account.default_flag {
                        clear_previous_default(conn, &account).await?;
                    }
                    insert_financial_account(conn, &account).await?;
                    for row in &agreements {
                        conn.execute(&INSERT_AGREEMENT, &rows::agreement_values(row))
                            .await?;
                    }
                    Ok(())
                })
            })
            .await
    }

    async fn get_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, StoreError> {
        self.backend
            .read(move |conn| Box::pin(async move { select_live(conn, scope, id).await }))
            .await
    }

    async fn list_financial_accounts(
        &self,
        scope: BusinessAccountId,
        filter: &FinancialAccountFilter,
        request: &PageRequest<FinancialAccountSortField>,
    ) -> Result<Page<FinancialAccount>, StoreError> {
        let filter = filter.clone();
        let request = request.clone();
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move {
                let collated = conn.dialect() == Dialect::Postgres;
                let query = sql::financial_account_full_text(&filter);
                let max = page_turn.cursors().candidates_max;
                let candidates =
                    Candidates::plan(conn, FINANCIAL_ACCOUNT_SEARCH, (query, None), max).await?;
                let list = ListQuery {
                    from: &candidates.from("financial_accounts fa"),
                    alias: "fa",
                    select: &FINANCIAL_ACCOUNT_SELECT,
                    conditions: sql::financial_account_conditions(
                        scope.as_uuid(),
                        &filter,
                        2,
                        &candidates,
                    ),
                };
                let page = list
                    .page(
                        conn,
                        scope.as_uuid(),
                        &request,
                        |f| sql::financial_account_sort_column(f, collated),
                        crate::sql::TieBreak {
                            created_at: "fa.created_at",
                            id: "fa.id",
                        },
                        &page_turn,
                        &mut decode,
                    )
                    .await?;
                Ok(page)
            })
        })
        .await
    }

    async fn set_financial_account_state(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
        state: AccountState,
        by: Actor,
        at: Timestamp,
    ) -> Result<FinancialAccount, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move { set_state(conn, scope, id, state, by, at).await })
            })
            .await
    }

    async fn delete_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let deleted = conn
                        .execute(
                            "UPDATE financial_accounts SET deleted_at = $3, updated_at = $3, updated_by_type = $4, \
                             updated_by_id = $5 WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
                            &params![scope.as_uuid(), id.as_uuid(), at, by.kind.code(), by.id],
                        )
                        .await?;
                    if deleted == 0 {
                        return Err(StoreError::NotFound);
                    }
                    Ok(())
                })
            })
            .await
    }
}
