//! An STP transaction (reference §9.7) in one unit of work: replay the body's idempotency key,
//! or find or create the Recipient and its card and create the push-to-card SEND; a savepoint
//! takes the new Recipient and card back when the SEND is refused.

use super::create::{create as create_transaction, replay};
use crate::db::{Conn, Row};
use crate::sql_store::financial_accounts::insert_financial_account;
use crate::sql_store::recipients::{find_match, insert_recipient};
use crate::{Created, StoreError, StpCommand, params};
use openkor_domain::financial_account::{AccountHolder, FinancialAccount};
use openkor_domain::ids::{FinancialAccountId, RecipientId};
use openkor_domain::recipient::RecipientState;
use openkor_domain::transaction::{Origin, Refusal};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// A live card of `recipient` with `card`'s number: its id, and whether it is a DEBIT card.
async fn find_card<C: Conn>(
    conn: &mut C,
    card: &FinancialAccount,
    recipient: RecipientId,
) -> Result<Option<(FinancialAccountId, bool)>, StoreError> {
    let fingerprint = card.fingerprint.map(|f| f.to_vec());
    conn.query_opt(
        "SELECT id, subtype FROM financial_accounts WHERE business_account_id = $1 \
         AND holder_type = 'RECIPIENT' AND holder_id = $2 AND fingerprint = $3 AND deleted_at IS NULL",
        &params![
            card.business_account_id.as_uuid(),
            recipient.as_uuid(),
            &fingerprint
        ],
        &mut |row: &dyn Row| {
            Ok((
                FinancialAccountId::from_uuid(row.uuid(0)?),
                row.text(1)? == "DEBIT",
            ))
        },
    )
    .await
}

fn not_debit() -> Refusal {
    Refusal::Rules(ValidationErrors::from(FieldError::new(
        "financial.cardData.cardNumber",
        FieldErrorCode::Inconsistent,
        "the recipient holds this card already, as a card push-to-card cannot pay (not DEBIT)",
    )))
}

fn suspended() -> Refusal {
    Refusal::Rules(ValidationErrors::from(FieldError::new(
        "entity",
        FieldErrorCode::InvalidValue,
        "the matching recipient is suspended",
    )))
}

/// Runs `command` on `conn` (inside a write).
pub(super) async fn create<C: Conn>(
    conn: &mut C,
    command: &StpCommand,
) -> Result<Result<Created, Refusal>, StoreError> {
    let scope = command.transaction.scope;
    if let Some(key) = &command.transaction.idempotency
        && let Some(replayed) = replay(conn, scope, key).await?
    {
        return Ok(replayed);
    }
    conn.execute_batch("SAVEPOINT stp").await?;
    let outcome = find_or_create(conn, command).await?;
    // A refused SEND, or one another call with the same key created meanwhile (the create
    // replays it), leaves no Recipient or card of this call behind.
    let keep = matches!(&outcome, Ok(created) if !created.replayed);
    let end = if keep {
        "RELEASE SAVEPOINT stp"
    } else {
        "ROLLBACK TO SAVEPOINT stp; RELEASE SAVEPOINT stp"
    };
    conn.execute_batch(end).await?;
    Ok(outcome)
}

async fn find_or_create<C: Conn>(
    conn: &mut C,
    command: &StpCommand,
) -> Result<Result<Created, Refusal>, StoreError> {
    let recipient = match find_match(conn, &command.recipient).await? {
        Some((_, state)) if state != RecipientState::Active => return Ok(Err(suspended())),
        Some((id, _)) => id,
        None => {
            insert_recipient(conn, &command.recipient).await?;
            command.recipient.id
        }
    };
    let card = match find_card(conn, &command.card, recipient).await? {
        Some((_, false)) => return Ok(Err(not_debit())),
        Some((id, true)) => id,
        None => {
            let card = FinancialAccount {
                holder: AccountHolder::Recipient(recipient),
                ..command.card.clone()
            };
            insert_financial_account(conn, &card).await?;
            card.id
        }
    };
    let mut transaction = command.transaction.clone();
    if let Origin::Request(request) = &mut transaction.origin {
        request.credit_financial_account_id = card;
    }
    create_transaction(conn, &transaction).await
}
