//! Number checks of external accounts: ABA routing numbers, card numbers (Luhn), card expiry,
//! bank account numbers.

use crate::validation::{FieldError, FieldErrorCode};

/// Digits of a bank account number, inclusive (reference: at most 20 characters).
pub const BANK_ACCOUNT_NUMBER_DIGITS: std::ops::RangeInclusive<usize> = 4..=20;
/// Digits of a card number, inclusive (reference: `[\d]{11,19}`).
pub const CARD_NUMBER_DIGITS: std::ops::RangeInclusive<usize> = 11..=19;

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// An ABA routing number: nine digits whose weighted sum (3, 7, 1, …) is a multiple of ten.
pub fn check_routing_number(path: &str, value: &str) -> Result<String, FieldError> {
    let valid = value.len() == 9 && all_digits(value) && {
        let digits: Vec<u32> = value.bytes().map(|b| u32::from(b - b'0')).collect();
        let weighted: u32 = digits
            .iter()
            .zip([3, 7, 1].iter().cycle())
            .map(|(digit, weight)| digit * weight)
            .sum();
        weighted.is_multiple_of(10)
    };
    if valid {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be a 9-digit ABA routing number with a valid check digit",
        ))
    }
}

/// A Canadian routing number, as the electronic (EFT) form `0IIITTTTT` (a zero, the
/// three-digit institution number, the five-digit transit number) or the cheque (MICR) form
/// `TTTTT-III`; kept in the electronic form. Canadian numbers carry no check digit.
pub fn check_canadian_routing_number(path: &str, value: &str) -> Result<String, FieldError> {
    let electronic = match value.split_once('-') {
        Some((transit, institution))
            if transit.len() == 5
                && institution.len() == 3
                && all_digits(transit)
                && all_digits(institution) =>
        {
            Some(format!("0{institution}{transit}"))
        }
        None if value.len() == 9 && all_digits(value) && value.starts_with('0') => {
            Some(value.to_owned())
        }
        _ => None,
    };
    electronic.ok_or_else(|| {
        FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be a Canadian routing number for a CAD account: 0IIITTTTT (a zero, the \
             institution and transit numbers) or TTTTT-III",
        )
    })
}

/// A bank account number: 4–20 digits.
pub fn check_bank_account_number(path: &str, value: &str) -> Result<String, FieldError> {
    if all_digits(value) && BANK_ACCOUNT_NUMBER_DIGITS.contains(&value.len()) {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be 4-20 digits",
        ))
    }
}

/// Whether `digits` passes the Luhn check.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, byte) in digits.bytes().rev().enumerate() {
        let mut digit = u32::from(byte - b'0');
        if i % 2 == 1 {
            digit *= 2;
            if digit > 9 {
                digit -= 9;
            }
        }
        sum += digit;
    }
    sum.is_multiple_of(10)
}

/// A card number: 11–19 digits passing the Luhn check.
pub fn check_card_number(path: &str, value: &str) -> Result<String, FieldError> {
    if !all_digits(value) || !CARD_NUMBER_DIGITS.contains(&value.len()) {
        return Err(FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be 11-19 digits",
        ));
    }
    if !luhn_valid(value) {
        return Err(FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            "is not a valid card number (Luhn check failed)",
        ));
    }
    Ok(value.to_owned())
}

/// A card expiry `yyyy-MM`, not before the month of `today` (a card is valid through the last
/// day of its expiry month).
/// How far ahead a card's expiry may be, in years.
pub const CARD_EXPIRY_YEARS_AHEAD_MAX: i32 = 20;

/// A card expiry: `yyyy-MM`, not in the past, at most [`CARD_EXPIRY_YEARS_AHEAD_MAX`] years ahead.
pub fn check_expiry(path: &str, value: &str, today: time::Date) -> Result<String, FieldError> {
    let bytes = value.as_bytes();
    let shape = bytes.len() == 7
        && bytes[4] == b'-'
        && all_digits(&value[0..4])
        && all_digits(&value[5..7]);
    let month: u8 = if shape {
        value[5..7].parse().unwrap_or(0)
    } else {
        0
    };
    if !shape || !(1..=12).contains(&month) {
        return Err(FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be a month yyyy-MM",
        ));
    }
    let year: i32 = value[0..4].parse().unwrap_or(0);
    let expired = (year, month) < (today.year(), u8::from(today.month()));
    if expired {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            "must not be in the past",
        ));
    }
    // Networks issue cards for a few years; a far-off expiry (9999-12) is a typing mistake.
    if year > today.year() + CARD_EXPIRY_YEARS_AHEAD_MAX {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            format!("must be at most {CARD_EXPIRY_YEARS_AHEAD_MAX} years ahead"),
        ));
    }
    Ok(value.to_owned())
}

/// The last four characters of a number.
pub fn tail(number: &str) -> String {
    let start = number.len().saturating_sub(4);
    number.get(start..).unwrap_or(number).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn canadian_routing_numbers_are_kept_in_their_electronic_form() {
        assert_eq!(
            check_canadian_routing_number("r", "12345-003").as_deref(),
            Ok("000312345")
        );
        assert_eq!(
            check_canadian_routing_number("r", "000312345").as_deref(),
            Ok("000312345")
        );
        for bad in [
            "321171184",
            "1234-003",
            "12345-03",
            "00031234",
            "abcde-fgh",
            "",
        ] {
            assert!(check_canadian_routing_number("r", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn routing_numbers_need_a_valid_check_digit() {
        for ok in ["321171184", "011000015", "021000021", "111000025"] {
            assert!(check_routing_number("r", ok).is_ok(), "{ok}");
        }
        for bad in ["321171185", "32117118", "3211711840", "32117118a", ""] {
            assert!(check_routing_number("r", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn card_numbers_need_the_luhn_check() {
        for ok in [
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
            "6011111111111117",
            "4000056655665556",
        ] {
            assert!(check_card_number("c", ok).is_ok(), "{ok}");
        }
        assert_eq!(
            check_card_number("c", "4111111111111112")
                .expect_err("luhn")
                .code,
            FieldErrorCode::InvalidValue
        );
        for bad in [
            "411111111",
            "41111111111111111111",
            "4111-1111-1111-1111",
            "",
        ] {
            assert_eq!(
                check_card_number("c", bad).expect_err(bad).code,
                FieldErrorCode::InvalidFormat
            );
        }
    }

    #[test]
    fn expiry_is_a_month_not_in_the_past() {
        let today = date!(2026 - 11 - 21);
        assert!(
            check_expiry("e", "2026-11", today).is_ok(),
            "valid through the month"
        );
        assert!(check_expiry("e", "2030-01", today).is_ok());
        assert!(check_expiry("e", "2046-12", today).is_ok());
        assert_eq!(
            check_expiry("e", "2047-01", today)
                .expect_err("too far")
                .code,
            FieldErrorCode::OutOfRange
        );
        assert_eq!(
            check_expiry("e", "9999-12", today)
                .expect_err("too far")
                .code,
            FieldErrorCode::OutOfRange
        );
        assert_eq!(
            check_expiry("e", "2026-10", today).expect_err("past").code,
            FieldErrorCode::OutOfRange
        );
        for bad in ["2026-13", "2026-00", "26-11", "2026/11", "2026-1"] {
            assert_eq!(
                check_expiry("e", bad, today).expect_err(bad).code,
                FieldErrorCode::InvalidFormat
            );
        }
    }

    #[test]
    fn bank_account_numbers_are_4_to_20_digits() {
        for ok in ["89674523", "1234", "12345678901234567890"] {
            assert!(check_bank_account_number("a", ok).is_ok(), "{ok}");
        }
        for bad in ["123", "123456789012345678901", "12a4", ""] {
            assert!(check_bank_account_number("a", bad).is_err(), "{bad}");
        }
        assert_eq!(tail("89674523"), "4523");
    }
}
