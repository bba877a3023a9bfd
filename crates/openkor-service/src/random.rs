//! Randomness from the operating system, for keys, secrets and account numbers.

use crate::ServiceError;

/// `N` bytes from the operating system's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], ServiceError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServiceError::Internal(format!("no randomness available: {e}")))?;
    Ok(bytes)
}

/// A string of `digits` random decimal digits (uniform: rejection-sampled bytes).
pub(crate) fn random_digits(digits: usize) -> Result<String, ServiceError> {
    let mut text = String::with_capacity(digits);
    while text.len() < digits {
        for byte in random_bytes::<32>()? {
            // 250 is the largest multiple of 10 below 256: bytes above it would bias low digits.
            if byte < 250 && text.len() < digits {
                text.push(char::from(b'0' + byte % 10));
            }
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_digits_have_the_requested_length_and_only_digits() {
        let digits = random_digits(12).expect("random");
        assert_eq!(digits.len(), 12);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(random_digits(12).expect("random"), digits);
    }
}
