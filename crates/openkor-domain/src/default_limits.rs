//! The default transaction limits: the SINGLE, DAILY, WEEKLY and MONTHLY limits every Customer
//! has in each currency and every internal or integrated account of a Customer has in its
//! currency, until a client sets one or a transaction counts against it.
//!
//! They are not stored while they are untouched: a limit's id is derived from its scope, type
//! and currency ([`default_limit_id`]), so a read can name it and `PUT /v1/limits` can find
//! its scope again from the id alone ([`default_limit_candidates`]). The id is the scope's id
//! with a fixed mask per (scope type, limit type, currency) XORed in; the mask leaves the UUID
//! version and RFC 9562 variant bits alone, so the id of a version 4 or 7 scope id is one too.
//!
//! Its amount is the default in force when the scope was created ([`amount_in_force`]): an
//! operator changing the defaults changes them for what is created afterwards, as when every
//! default was a stored row.

use crate::clock::Timestamp;
use crate::money::Currency;
use crate::transaction_limits::{LimitScope, LimitType, TransactionLimit};
use uuid::Uuid;

/// The limit types, in the order every scope lists them.
const TYPES: [LimitType; 4] = [
    LimitType::Single,
    LimitType::Daily,
    LimitType::Weekly,
    LimitType::Monthly,
];

/// The scopes that have default limits.
const SCOPES: [LimitScope; 2] = [LimitScope::Customer, LimitScope::FinancialAccount];

/// SplitMix64: a fixed, well-mixed 64-bit value for each input.
const fn split_mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Where `item` is in `all` (every caller's item is in its list).
fn position<T: PartialEq>(all: &[T], item: T) -> u64 {
    all.iter().position(|x| *x == item).unwrap_or(0) as u64
}

/// The mask of one (scope type, limit type, currency): 128 mixed bits with the version nibble
/// and the variant bits cleared.
fn mask(scope: LimitScope, limit_type: LimitType, currency: Currency) -> u128 {
    let combination = position(&SCOPES, scope) * 8
        + position(&Currency::ALL, currency) * 4
        + position(&TYPES, limit_type);
    let high = split_mix(2 * combination + 1) as u128;
    let low = split_mix(2 * combination + 2) as u128;
    let version_and_variant = (0xF_u128 << 76) | (0xC0_u128 << 56);
    ((high << 64) | low) & !version_and_variant
}

/// The id of the default limit of `scope`'s `scope_id`, of `limit_type` in `currency`.
pub fn default_limit_id(
    scope: LimitScope,
    scope_id: Uuid,
    limit_type: LimitType,
    currency: Currency,
) -> Uuid {
    Uuid::from_u128(scope_id.as_u128() ^ mask(scope, limit_type, currency))
}

/// What a default limit's id says when it is one: each (scope type, scope id, limit type,
/// currency) that would give `id`. At most one names a Customer or account that exists.
pub fn default_limit_candidates(id: Uuid) -> Vec<(LimitScope, Uuid, LimitType, Currency)> {
    let mut candidates = Vec::with_capacity(SCOPES.len() * Currency::ALL.len() * TYPES.len());
    for scope in SCOPES {
        for currency in Currency::ALL {
            for limit_type in TYPES {
                let scope_id = Uuid::from_u128(id.as_u128() ^ mask(scope, limit_type, currency));
                candidates.push((scope, scope_id, limit_type, currency));
            }
        }
    }
    candidates
}

/// One row of the defaults table: the amount of a limit type for scopes created from
/// `effective_from` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefaultAmount {
    /// The limit type.
    pub limit_type: LimitType,
    /// From when it applies (to scopes created then or later).
    pub effective_from: Timestamp,
    /// The cap, in minor units.
    pub amount_minor: i64,
}

/// The default amount of `limit_type` for a scope created at `created_at`: the row of the
/// latest `effective_from` not after it. `None` when no row applies (no default limit).
pub fn amount_in_force(
    table: &[DefaultAmount],
    limit_type: LimitType,
    created_at: Timestamp,
) -> Option<i64> {
    table
        .iter()
        .filter(|row| row.limit_type == limit_type && row.effective_from <= created_at)
        .max_by_key(|row| row.effective_from)
        .map(|row| row.amount_minor)
}

/// The default limits of `scope`'s `scope_id`, created at `created_at`, in `currencies`.
pub fn default_limits(
    table: &[DefaultAmount],
    scope: LimitScope,
    scope_id: Uuid,
    currencies: &[Currency],
    created_at: Timestamp,
) -> Vec<TransactionLimit> {
    let mut limits = Vec::with_capacity(currencies.len() * TYPES.len());
    for &currency in currencies {
        for limit_type in TYPES {
            if let Some(amount_minor) = amount_in_force(table, limit_type, created_at) {
                limits.push(TransactionLimit {
                    id: default_limit_id(scope, scope_id, limit_type, currency),
                    limit_type,
                    scope,
                    scope_id,
                    currency,
                    amount_minor,
                });
            }
        }
    }
    limits
}

/// `stored` with, for each default (type, currency) it has no limit of, that default; ordered
/// as every list of limits is (by currency, USD first, then SINGLE, DAILY, WEEKLY, MONTHLY).
pub fn with_defaults(
    mut stored: Vec<TransactionLimit>,
    defaults: Vec<TransactionLimit>,
) -> Vec<TransactionLimit> {
    for default in defaults {
        let set = stored.iter().any(|limit| {
            limit.limit_type == default.limit_type && limit.currency == default.currency
        });
        if !set {
            stored.push(default);
        }
    }
    stored.sort_by_key(list_order);
    stored
}

/// The key lists of limits are ordered by.
pub fn list_order(limit: &TransactionLimit) -> (usize, LimitType) {
    let currency = Currency::ALL
        .iter()
        .position(|currency| *currency == limit.currency)
        .unwrap_or(usize::MAX);
    (currency, limit.limit_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table() -> Vec<DefaultAmount> {
        let at = |ms| Timestamp::from_unix_ms(ms);
        vec![
            DefaultAmount {
                limit_type: LimitType::Daily,
                effective_from: at(0),
                amount_minor: 100,
            },
            DefaultAmount {
                limit_type: LimitType::Daily,
                effective_from: at(1_000),
                amount_minor: 200,
            },
        ]
    }

    #[test]
    fn the_amount_is_the_one_in_force_when_the_scope_was_created() {
        let at = Timestamp::from_unix_ms;
        assert_eq!(
            amount_in_force(&table(), LimitType::Daily, at(999)),
            Some(100)
        );
        assert_eq!(
            amount_in_force(&table(), LimitType::Daily, at(1_000)),
            Some(200)
        );
        assert_eq!(amount_in_force(&table(), LimitType::Weekly, at(5)), None);
    }

    #[test]
    fn a_stored_limit_hides_its_default_and_lists_are_ordered() {
        let scope_id = Uuid::from_u128(7);
        let defaults = default_limits(
            &table(),
            LimitScope::Customer,
            scope_id,
            &Currency::ALL,
            Timestamp::from_unix_ms(5),
        );
        let mut set = defaults[1].clone();
        set.id = Uuid::from_u128(99);
        set.amount_minor = 1;
        let listed = with_defaults(vec![set.clone()], defaults.clone());
        assert_eq!(listed, vec![defaults[0].clone(), set]);
    }

    proptest! {
        #[test]
        fn a_default_id_leads_back_to_exactly_its_scope(raw in any::<u128>(), s in 0..2usize, c in 0..2usize, t in 0..4usize) {
            let scope_id = uuid::Builder::from_random_bytes(raw.to_be_bytes()).into_uuid();
            let key = (SCOPES[s], scope_id, TYPES[t], Currency::ALL[c]);
            let id = default_limit_id(key.0, key.1, key.2, key.3);
            let candidates = default_limit_candidates(id);
            prop_assert_eq!(candidates.iter().filter(|candidate| **candidate == key).count(), 1);
            prop_assert!(candidates.iter().filter(|candidate| candidate.1 == scope_id).count() == 1);
            prop_assert_eq!(id.get_version_num(), scope_id.get_version_num());
            prop_assert_eq!(id.get_variant(), scope_id.get_variant());
        }
    }
}
