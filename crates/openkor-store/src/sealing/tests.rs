//! Sealing's properties: what is sealed opens only with its key, in its context, unaltered.

use super::*;
use proptest::prelude::*;

fn keys(primary: u8, previous: Option<u8>) -> DataKeys {
    DataKeys::new(
        DataKey::from_bytes([primary; DATA_KEY_BYTES]),
        previous.map(|byte| DataKey::from_bytes([byte; DATA_KEY_BYTES])),
    )
    .expect("distinct keys")
}

proptest! {
    #[test]
    fn a_sealed_value_opens_to_itself_and_hides_it(
        plaintext in proptest::collection::vec(any::<u8>(), 0..200),
        context in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let keys = keys(1, None);
        let sealed = keys.seal(&context, &plaintext).expect("sealed");
        prop_assert_eq!(sealed.len(), plaintext.len() + SEALING_OVERHEAD_BYTES);
        prop_assert_eq!(sealed_under(&sealed), Ok(keys.primary_id()));
        prop_assert_eq!(keys.open(&context, &sealed), Ok(plaintext.clone()));
        if plaintext.len() >= 8 {
            prop_assert!(!sealed.windows(plaintext.len()).any(|w| w == plaintext.as_slice()));
        }
    }

    #[test]
    fn any_altered_byte_or_another_context_does_not_open(
        plaintext in proptest::collection::vec(any::<u8>(), 1..60),
        flipped in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let keys = keys(1, None);
        let sealed = keys.seal(b"row-1", &plaintext).expect("sealed");
        let mut altered = sealed.clone();
        altered[flipped.index(sealed.len())] ^= 1 << bit;
        prop_assert!(keys.open(b"row-1", &altered).is_err());
        prop_assert!(keys.open(b"row-2", &sealed).is_err());
    }
}

#[test]
fn sealing_twice_differs() {
    let keys = keys(1, None);
    assert_ne!(
        keys.seal(b"c", b"same").expect("sealed"),
        keys.seal(b"c", b"same").expect("sealed")
    );
}

#[test]
fn a_value_opens_under_the_previous_key_but_not_under_another() {
    let old = keys(1, None);
    let sealed = old.seal(b"c", b"123-45-6789").expect("sealed");
    let rotating = keys(2, Some(1));
    assert_eq!(rotating.open(b"c", &sealed), Ok(b"123-45-6789".to_vec()));
    let resealed = rotating.seal(b"c", b"123-45-6789").expect("sealed");
    assert_eq!(sealed_under(&resealed), Ok(rotating.primary_id()));
    let wrong = keys(3, None);
    assert_eq!(
        wrong.open(b"c", &sealed),
        Err(SealError::UnknownKey {
            found: old.primary_id(),
            primary: wrong.primary_id(),
            previous: None
        })
    );
    assert!(old.open(b"c", &resealed).is_err());
}

#[test]
fn the_previous_key_must_differ_and_debug_shows_only_ids() {
    let same = DataKeys::new(
        DataKey::from_bytes([1; DATA_KEY_BYTES]),
        Some(DataKey::from_bytes([1; DATA_KEY_BYTES])),
    );
    assert!(matches!(same, Err(SealError::SameKey(_))));
    let shown = format!("{:?}", keys(0xab, Some(0xcd)));
    assert!(
        !shown.contains("abab") && !shown.contains("cdcd"),
        "{shown}"
    );
}

#[test]
fn what_is_not_a_sealed_value_is_malformed() {
    let keys = keys(1, None);
    for bytes in [
        &b""[..],
        b"123-45-6789",
        &[FORMAT_V1; SEALING_OVERHEAD_BYTES - 1],
    ] {
        assert_eq!(keys.open(b"c", bytes), Err(SealError::Malformed));
    }
}
