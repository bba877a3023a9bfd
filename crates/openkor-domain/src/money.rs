//! Money: currencies and integer amounts in minor units. No floating point anywhere.
//!
//! Both supported currencies (USD, CAD) have two minor digits, so an amount of `1050` minor
//! units is written `"10.50"` on the wire.

use crate::validation::{FieldError, FieldErrorCode};
use std::fmt;
use std::str::FromStr;

/// Number of minor digits of every supported currency.
pub const MINOR_DIGITS: u32 = 2;
const MINOR_PER_MAJOR: i64 = 100;

/// An ISO 4217 currency supported by openkor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// United States dollar.
    Usd,
    /// Canadian dollar.
    Cad,
}

impl Currency {
    /// Every supported currency.
    pub const ALL: [Currency; 2] = [Currency::Usd, Currency::Cad];

    /// The ISO 4217 alpha-3 code.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Cad => "CAD",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The text was not a supported currency code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unsupported currency; expected USD or CAD")]
pub struct UnsupportedCurrency;

impl FromStr for Currency {
    type Err = UnsupportedCurrency;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Currency::ALL
            .into_iter()
            .find(|currency| currency.code() == text)
            .ok_or(UnsupportedCurrency)
    }
}

/// Formats `amount_minor` as a decimal string with two places (`-12.05`, `0.00`).
pub fn format_minor(amount_minor: i64) -> String {
    let sign = if amount_minor < 0 { "-" } else { "" };
    let magnitude = amount_minor.unsigned_abs();
    let per_major = MINOR_PER_MAJOR.unsigned_abs();
    format!(
        "{sign}{}.{:02}",
        magnitude / per_major,
        magnitude % per_major
    )
}

/// Why a decimal amount string was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AmountError {
    /// Not a plain decimal number.
    #[error("must be a decimal number such as 10.50")]
    Syntax,
    /// More than two decimal places.
    #[error("must have at most 2 decimal places")]
    TooPrecise,
    /// Does not fit in 64-bit minor units.
    #[error("is too large")]
    Overflow,
}

/// Parses the non-negative decimal at `path` (at most two places) into minor units, the
/// error naming the field.
pub fn parse_non_negative_minor(path: &str, text: &str) -> Result<i64, FieldError> {
    let minor = parse_minor(text).map_err(|error| match error {
        AmountError::Syntax => FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be a decimal number such as 10.50",
        ),
        AmountError::TooPrecise | AmountError::Overflow => {
            FieldError::new(path, FieldErrorCode::OutOfRange, error.to_string())
        }
    })?;
    if minor < 0 {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            "must not be negative",
        ));
    }
    Ok(minor)
}

/// Parses a decimal string (`"10"`, `"10.5"`, `"-0.01"`) into minor units, exactly.
pub fn parse_minor(text: &str) -> Result<i64, AmountError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) {
        return Err(AmountError::Syntax);
    }
    if unsigned.contains('.') && fraction.is_empty() {
        return Err(AmountError::Syntax);
    }
    if fraction.len() > MINOR_DIGITS as usize {
        return Err(AmountError::TooPrecise);
    }
    let whole_value: i64 = whole.parse().map_err(|_| AmountError::Overflow)?;
    let mut fraction_value: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| AmountError::Syntax)?
    };
    if fraction.len() == 1 {
        fraction_value *= 10;
    }
    let magnitude = whole_value
        .checked_mul(MINOR_PER_MAJOR)
        .and_then(|minor| minor.checked_add(fraction_value))
        .ok_or(AmountError::Overflow)?;
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_format_with_two_places() {
        assert_eq!(format_minor(0), "0.00");
        assert_eq!(format_minor(5), "0.05");
        assert_eq!(format_minor(100_050), "1000.50");
        assert_eq!(format_minor(-1_205), "-12.05");
        assert_eq!(format_minor(i64::MIN), "-92233720368547758.08");
    }

    #[test]
    fn decimal_strings_parse_exactly() {
        assert_eq!(parse_minor("10"), Ok(1_000));
        assert_eq!(parse_minor("10.5"), Ok(1_050));
        assert_eq!(parse_minor("10.05"), Ok(1_005));
        assert_eq!(parse_minor("-0.01"), Ok(-1));
        assert_eq!(parse_minor("0.10"), Ok(10));
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in [
            "", ".5", "5.", "1e3", "1,00", "+1", "--1", " 1", "0x10", "1.2.3",
        ] {
            assert_eq!(parse_minor(bad), Err(AmountError::Syntax), "{bad:?}");
        }
        assert_eq!(parse_minor("1.001"), Err(AmountError::TooPrecise));
        assert_eq!(
            parse_minor("99999999999999999999"),
            Err(AmountError::Overflow)
        );
    }

    #[test]
    fn formatting_and_parsing_round_trip() {
        for amount_minor in [0, 1, 99, 100, 123_456_789, -42, i64::MAX / 1000] {
            assert_eq!(parse_minor(&format_minor(amount_minor)), Ok(amount_minor));
        }
    }

    #[test]
    fn currencies_parse_only_upper_case_iso_codes() {
        assert_eq!("USD".parse(), Ok(Currency::Usd));
        assert_eq!("CAD".parse(), Ok(Currency::Cad));
        assert!("usd".parse::<Currency>().is_err());
        assert!("EUR".parse::<Currency>().is_err());
    }
}
