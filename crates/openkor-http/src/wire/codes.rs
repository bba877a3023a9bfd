//! Schemas of the text codes (`INTERNAL`, `ACTIVE`, …): a string limited to the domain enum's
//! codes, so the document lists exactly what the server accepts and returns.

use openkor_domain::codes::CodeEnum;
use openkor_domain::financial_account::{AccountType, HolderType, Subtype};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Schema};

/// A string that is one of `E`'s codes.
pub fn code_schema<E: CodeEnum>() -> RefOr<Schema> {
    listed(&E::all_codes(), false)
}

/// A string that is one of `E`'s codes, or `null` (an optional request field).
pub fn optional_code_schema<E: CodeEnum>() -> RefOr<Schema> {
    listed(&E::all_codes(), true)
}

/// A string that is one of `codes`, or `null` when `optional`.
fn listed(codes: &[&'static str], optional: bool) -> RefOr<Schema> {
    let mut values: Vec<serde_json::Value> = codes.iter().map(|&c| c.into()).collect();
    let types = if optional {
        values.push(serde_json::Value::Null);
        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null])
    } else {
        utoipa::openapi::schema::SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(types)
        .enum_values(Some(values))
        .into()
}

/// `USD` or `CAD`, or `null`.
pub fn optional_currency() -> RefOr<Schema> {
    listed(&currencies(), true)
}

/// `USD` or `CAD`.
pub fn currency() -> RefOr<Schema> {
    listed(&currencies(), false)
}

fn currencies() -> Vec<&'static str> {
    openkor_domain::money::Currency::ALL
        .iter()
        .map(|c| c.code())
        .collect()
}

/// The holder types an account created through the API may have: `CUSTOMER`.
pub fn customer_holder() -> RefOr<Schema> {
    listed(&[HolderType::Customer.code()], false)
}

/// The subtypes of a bank account: `CHECKING`, `SAVING`.
pub fn bank_subtype() -> RefOr<Schema> {
    listed(&subtypes(AccountType::Bank), false)
}

/// The subtypes of a bank account, or `null` (the default applies).
pub fn optional_bank_subtype() -> RefOr<Schema> {
    listed(&subtypes(AccountType::Bank), true)
}

/// The subtypes of a linked card: `DEBIT`, `CREDIT`, `PREPAID` (not `GIFT`, issued only).
pub fn card_subtype() -> RefOr<Schema> {
    let linkable: Vec<&'static str> = subtypes(AccountType::Card)
        .into_iter()
        .filter(|&code| code != Subtype::Gift.code())
        .collect();
    listed(&linkable, false)
}

fn subtypes(account_type: AccountType) -> Vec<&'static str> {
    Subtype::ALL
        .iter()
        .filter(|subtype| subtype.fits(account_type))
        .map(|subtype| subtype.code())
        .collect()
}

/// The transaction types a client creates: `SEND`, `REQUEST` (the others are made by openkor:
/// deposits, reversals, returns…).
pub fn created_transaction_type() -> RefOr<Schema> {
    use openkor_domain::transaction::TransactionType;
    listed(
        &[
            TransactionType::Send.code(),
            TransactionType::Request.code(),
        ],
        false,
    )
}
