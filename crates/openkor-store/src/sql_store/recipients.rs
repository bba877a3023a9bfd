//! [`RecipientStore`] over any backend: one column list, its values and its decoder side by
//! side; the list's filter and sort.

use super::cursors::PageTurn;
use super::paged::ListQuery;
use super::rows::{Columns, qualified};
use super::{SqlStore, exists};
use crate::db::{Backend, Conn, Row, Value};
use crate::records::{actor, parse_code};
use crate::sql::search::{Candidates, RECIPIENT_SEARCH, trigram_phrase};
use crate::sql::{Builder, Conditions, SortColumn, SqlValue, contains_pattern};
use crate::{RecipientStore, StoreError, params, sql};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId, RecipientId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::recipient::{
    Recipient, RecipientData, RecipientFilter, RecipientSortField, RecipientState, RecipientType,
};
use std::sync::LazyLock;

/// The columns set at creation, then those an update rewrites ([`MUTABLE`]).
const CREATED: [&str; 5] = [
    "id",
    "business_account_id",
    "created_by_type",
    "created_by_id",
    "created_at",
];

/// The columns an update rewrites.
const MUTABLE: [&str; 21] = [
    "business_ref_id",
    "first_name",
    "middle_name",
    "last_name",
    "second_last_name",
    "email",
    "phone_number",
    "nationality",
    "date_of_birth",
    "additional_information",
    "recipient_type",
    "business_name",
    "state",
    "search_text",
    "first_name_lower",
    "last_name_lower",
    "email_lower",
    "version",
    "updated_by_type",
    "updated_by_id",
    "updated_at",
];

static COLUMNS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| CREATED.iter().chain(MUTABLE.iter()).copied().collect());

/// The columns a Recipient is read from, qualified by the list's alias `r`.
pub(crate) static SELECT: LazyLock<String> = LazyLock::new(|| qualified("r", &COLUMNS));

static INSERT: LazyLock<String> = LazyLock::new(|| sql::insert("recipients", &COLUMNS));

static UPDATE: LazyLock<String> = LazyLock::new(|| {
    let n = MUTABLE.len();
    format!(
        "UPDATE recipients SET {} WHERE business_account_id = ${} AND id = ${} AND version = ${} \
         AND deleted_at IS NULL",
        sql::assignments(&MUTABLE),
        n + 1,
        n + 2,
        n + 3
    )
});

static SELECT_ONE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM recipients r WHERE r.business_account_id = $1 AND r.id = $2 AND r.deleted_at IS NULL",
        *SELECT
    )
});

const LIVE: &str =
    "SELECT 1 FROM recipients WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL";

/// What `search` matches: the names and the e-mail, lower-case.
fn search_text(data: &RecipientData) -> String {
    [
        Some(data.first_name.as_str()),
        data.middle_name.as_deref(),
        Some(data.last_name.as_str()),
        Some(data.email.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

fn created_values(r: &Recipient) -> Vec<Value<'_>> {
    vec![
        r.id.as_uuid().into(),
        r.business_account_id.as_uuid().into(),
        r.created_by.kind.code().into(),
        r.created_by.id.into(),
        r.created_at.into(),
    ]
}

/// What the database keeps besides the request's fields: the search text, then the lower-case
/// first name, last name and e-mail (Rust's Unicode lower case: SQLite's `lower()` folds ASCII
/// only, so neither backend's is used).
struct Derived {
    search: String,
    first_name: String,
    last_name: String,
    email: String,
}

impl Derived {
    fn of(data: &RecipientData) -> Self {
        Self {
            search: search_text(data),
            first_name: data.first_name.to_lowercase(),
            last_name: data.last_name.to_lowercase(),
            email: data.email.to_lowercase(),
        }
    }
}

fn mutable_values<'r>(r: &'r Recipient, derived: &'r Derived) -> Vec<Value<'r>> {
    let d = &r.data;
    vec![
        (&d.business_ref_id).into(),
        d.first_name.as_str().into(),
        (&d.middle_name).into(),
        d.last_name.as_str().into(),
        (&d.second_last_name).into(),
        d.email.as_str().into(),
        (&d.phone_number).into(),
        (&d.nationality).into(),
        d.date_of_birth.into(),
        (&d.additional_information).into(),
        d.recipient_type.code().into(),
        (&d.business_name).into(),
        r.state.code().into(),
        derived.search.as_str().into(),
        derived.first_name.as_str().into(),
        derived.last_name.as_str().into(),
        derived.email.as_str().into(),
        r.version.into(),
        r.updated_by.kind.code().into(),
        r.updated_by.id.into(),
        r.updated_at.into(),
    ]
}

fn decode(row: &dyn Row) -> Result<Recipient, StoreError> {
    let mut c = Columns::new(row);
    let id = RecipientId::from_uuid(c.uuid()?);
    let business_account_id = BusinessAccountId::from_uuid(c.uuid()?);
    let created_by = actor(&c.text()?, c.opt_uuid()?)?;
    let created_at = c.timestamp()?;
    let data = RecipientData {
        business_ref_id: c.opt_text()?,
        first_name: c.text()?,
        middle_name: c.opt_text()?,
        last_name: c.text()?,
        second_last_name: c.opt_text()?,
        email: c.text()?,
        phone_number: c.opt_text()?,
        nationality: c.opt_text()?,
        date_of_birth: c.opt_date()?,
        additional_information: c.opt_text()?,
        recipient_type: parse_code("recipient type", &c.text()?, RecipientType::from_code)?,
        business_name: c.opt_text()?,
    };
    let state = parse_code("recipient state", &c.text()?, RecipientState::from_code)?;
    // The search text and the lower-case keys are derived from the fields above.
    c.skip(4);
    Ok(Recipient {
        id,
        business_account_id,
        data,
        state,
        version: c.i64()?,
        updated_by: actor(&c.text()?, c.opt_uuid()?)?,
        updated_at: c.timestamp()?,
        created_by,
        created_at,
    })
}

/// The list's conditions over `recipients r` (live rows only), placeholders from `first`, read
/// from `candidates` (see [`crate::sql::search`]).
pub(crate) fn conditions(
    filter: &RecipientFilter,
    first: usize,
    candidates: &Candidates,
) -> Conditions {
    let mut b = Builder::new(first);
    b.and("r.deleted_at IS NULL".to_owned());
    b.candidates(candidates);
    if let Some(state) = filter.state {
        let p = b.bind(SqlValue::Text(state.code().to_owned()));
        b.and(format!("r.state = {p}"));
    }
    if let Some(search) = &filter.search {
        let p = b.bind(SqlValue::Text(contains_pattern(search)));
        b.and(format!("r.search_text LIKE {p} ESCAPE '\\'"));
    }
    b.finish()
}

/// The list's order after its sort keys.
pub(crate) const TIE_BREAK: sql::TieBreak = sql::TieBreak {
    created_at: "r.created_at",
    id: "r.id",
};

/// The column the list is sorted on by `field` (`collated`: text by code point, PostgreSQL).
pub(crate) fn sort_column(field: RecipientSortField, collated: bool) -> SortColumn {
    let text = |plain: &'static str, c: &'static str| if collated { c } else { plain };
    match field {
        RecipientSortField::CreatedAt => SortColumn::timestamp("r.created_at"),
        RecipientSortField::UpdatedAt => SortColumn::timestamp("r.updated_at"),
        RecipientSortField::FirstName => SortColumn::text(text(
            "r.first_name_lower",
            "r.first_name_lower COLLATE \"C\"",
        )),
        RecipientSortField::LastName => {
            SortColumn::text(text("r.last_name_lower", "r.last_name_lower COLLATE \"C\""))
        }
        RecipientSortField::Email => {
            SortColumn::text(text("r.email_lower", "r.email_lower COLLATE \"C\""))
        }
        RecipientSortField::State => SortColumn::text("r.state"),
        RecipientSortField::Id => SortColumn::uuid("r.id"),
    }
}

/// Transactions to a Recipient's accounts that are not final.
const IN_FLIGHT: &str = "SELECT 1 FROM transactions t JOIN financial_accounts f \
    ON f.business_account_id = t.business_account_id AND f.id = t.credit_financial_account_id \
    WHERE t.business_account_id = $1 AND f.holder_type = 'RECIPIENT' AND f.holder_id = $2 \
    AND t.status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED')";

/// Inserts `recipient` on `conn`.
pub(crate) async fn insert_recipient<C: Conn>(
    conn: &mut C,
    recipient: &Recipient,
) -> Result<(), StoreError> {
    let derived = Derived::of(&recipient.data);
    let mut values = created_values(recipient);
    values.extend(mutable_values(recipient, &derived));
    conn.execute(&INSERT, &values).await.map(|_| ())
}

/// The oldest live Recipient of `recipient`'s scope with its type, first and last name and
/// e-mail (case-insensitively) and business name: its id and state.
pub(crate) async fn find_match<C: Conn>(
    conn: &mut C,
    recipient: &Recipient,
) -> Result<Option<(RecipientId, RecipientState)>, StoreError> {
    let data = &recipient.data;
    let derived = Derived::of(data);
    let sql = format!(
        "SELECT id, state FROM recipients WHERE business_account_id = $1 AND deleted_at IS NULL \
         AND email_lower = $2 AND recipient_type = $3 AND first_name_lower = $4 \
         AND last_name_lower = $5 AND coalesce(business_name, '') = $6 \
         ORDER BY created_at, id LIMIT 1{}",
        conn.dialect().for_update()
    );
    conn.query_opt(
        &sql,
        &params![
            recipient.business_account_id.as_uuid(),
            derived.email.as_str(),
            data.recipient_type.code(),
            derived.first_name.as_str(),
            derived.last_name.as_str(),
            data.business_name.as_deref().unwrap_or_default()
        ],
        &mut |row: &dyn Row| {
            Ok((
                RecipientId::from_uuid(row.uuid(0)?),
                parse_code("recipient state", &row.text(1)?, RecipientState::from_code)?,
            ))
        },
    )
    .await
}

#[async_trait::async_trait]
impl<B: Backend> RecipientStore for SqlStore<B> {
    async fn create_recipient(&self, recipient: &Recipient) -> Result<(), StoreError> {
        let recipient = recipient.clone();
        self.backend
            .write(move |conn| Box::pin(async move { insert_recipient(conn, &recipient).await }))
            .await
    }

    async fn get_recipient(
        &self,
        scope: BusinessAccountId,
        id: RecipientId,
    ) -> Result<Recipient, StoreError> {
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

    async fn update_recipient(
        &self,
        recipient: &Recipient,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let recipient = recipient.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let derived = Derived::of(&recipient.data);
                    let keys = params![
                        recipient.business_account_id.as_uuid(),
                        recipient.id.as_uuid()
                    ];
                    let mut values = mutable_values(&recipient, &derived);
                    values.extend(keys.iter().map(Value::from));
                    values.push(expected_version.into());
                    if conn.execute(&UPDATE, &values).await? == 0 {
                        return Err(if exists(conn, LIVE, &keys).await? {
                            StoreError::Stale
                        } else {
                            StoreError::NotFound
                        });
                    }
                    Ok(())
                })
            })
            .await
    }

    async fn delete_recipient(
        &self,
        scope: BusinessAccountId,
        id: RecipientId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let keys = params![scope.as_uuid(), id.as_uuid()];
                    let lock = format!("{LIVE}{}", conn.dialect().for_update());
                    if !exists(conn, &lock, &keys).await? {
                        return Err(StoreError::NotFound);
                    }
                    if exists(conn, IN_FLIGHT, &keys).await? {
                        return Err(StoreError::Refused(
                            "a transaction to one of the recipient's accounts is not final yet"
                                .into(),
                        ));
                    }
                    super::delete_holder(
                        conn,
                        super::Holder::Recipient,
                        scope,
                        id.as_uuid(),
                        by,
                        at,
                    )
                    .await
                })
            })
            .await
    }

    async fn list_recipients(
        &self,
        scope: BusinessAccountId,
        filter: &RecipientFilter,
        request: &PageRequest<RecipientSortField>,
    ) -> Result<Page<Recipient>, StoreError> {
        let filter = filter.clone();
        let request = request.clone();
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move {
                let collated = conn.dialect() == crate::db::Dialect::Postgres;
                let query = filter.search.as_deref().and_then(trigram_phrase);
                let max = page_turn.cursors().candidates_max;
                let candidates =
                    Candidates::plan(conn, RECIPIENT_SEARCH, (query, None), max).await?;
                let list = ListQuery {
                    from: &candidates.from("recipients r"),
                    alias: "r",
                    select: &SELECT,
                    conditions: conditions(&filter, 2, &candidates),
                };
                let page = list
                    .page(
                        conn,
                        scope.as_uuid(),
                        &request,
                        |f| sort_column(f, collated),
                        TIE_BREAK,
                        &page_turn,
                        &mut decode,
                    )
                    .await?;
                Ok(page)
            })
        })
        .await
    }

    async fn stp_payee(
        &self,
        scope: BusinessAccountId,
        card: FinancialAccountId,
    ) -> Result<(Recipient, FinancialAccount), StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    let account = super::financial_accounts::select_any(conn, scope, card).await?;
                    let holder = account.holder.recipient().ok_or(StoreError::NotFound)?;
                    let sql = format!(
                        "SELECT {} FROM recipients r WHERE r.business_account_id = $1 AND r.id = $2",
                        *SELECT
                    );
                    let recipient = conn
                        .query_one(&sql, &params![scope.as_uuid(), holder.as_uuid()], &mut decode)
                        .await?;
                    Ok((recipient, account))
                })
            })
            .await
    }
}
