//! Reference data: ISO 3166-1 alpha-3 country codes and the subdivisions of the two countries
//! whose addresses need one (USA, CAN), with the checks that use them.

use crate::validation::{FieldError, FieldErrorCode};

/// Every ISO 3166-1 alpha-3 code (249), sorted.
pub const COUNTRY_CODES: [&str; 249] = [
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

/// US states, the District of Columbia, territories and military "states" (USPS codes), sorted.
pub const US_STATE_CODES: [&str; 63] = [
    "AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "FM", "GA",
    "GU", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MH", "MI", "MN", "MO",
    "MP", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR",
    "PW", "RI", "SC", "SD", "TN", "TX", "UM", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
];

/// Canadian provinces and territories, sorted.
pub const CA_PROVINCE_CODES: [&str; 13] = [
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// The United States.
pub const USA: &str = "USA";
/// Canada.
pub const CAN: &str = "CAN";

/// Parses an upper-case ISO 3166-1 alpha-3 code.
pub fn parse_country_code(path: &str, code: &str) -> Result<String, FieldError> {
    if COUNTRY_CODES.binary_search(&code).is_ok() {
        Ok(code.to_owned())
    } else {
        Err(FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            "must be an upper-case ISO 3166-1 alpha-3 country code such as USA or CAN",
        ))
    }
}

/// Checks a subdivision code: required and from the official list for USA and CAN, otherwise
/// 2–3 upper-case letters or digits. An empty code is an absent one.
pub fn check_state_code(
    path: &str,
    country_code: Option<&str>,
    state_code: Option<&str>,
) -> Result<(), FieldError> {
    let known: Option<&[&str]> = match country_code {
        Some(USA) => Some(&US_STATE_CODES),
        Some(CAN) => Some(&CA_PROVINCE_CODES),
        _ => None,
    };
    match (known, state_code.filter(|code| !code.is_empty())) {
        (Some(_), None) => Err(FieldError::new(
            path,
            FieldErrorCode::Required,
            "is required when countryCode is USA or CAN",
        )),
        (Some(codes), Some(code)) if codes.binary_search(&code).is_err() => Err(FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            "must be an upper-case subdivision code of the country (e.g. MO, ON)",
        )),
        (None, Some(code))
            if !(2..=3).contains(&code.len())
                || !code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            Err(FieldError::new(
                path,
                FieldErrorCode::InvalidFormat,
                "must be 2-3 upper-case letters or digits (ISO 3166-2)",
            ))
        }
        _ => Ok(()),
    }
}

/// Checks a postal code and returns it as stored: `12345` or `12345-6789` in the USA; `A1A 1A1`
/// in Canada (any case, space optional, stored upper-case with the space); otherwise 1-10
/// letters, digits, spaces or hyphens with at least one letter or digit, stored trimmed.
pub fn check_postal_code(
    path: &str,
    country_code: Option<&str>,
    code: &str,
) -> Result<String, FieldError> {
    let normalised = match country_code {
        Some(USA) => us_zip(code),
        Some(CAN) => canadian_postal_code(code),
        _ => other_postal_code(code),
    };
    normalised.ok_or_else(|| {
        let message = match country_code {
            Some(USA) => "must be a US ZIP code: 5 digits or 5-4 digits (63368 or 63368-5555)",
            Some(CAN) => "must be a Canadian postal code such as V5K 0A1",
            _ => "must be 1-10 letters, digits, spaces or hyphens, at least one a letter or digit",
        };
        FieldError::new(path, FieldErrorCode::InvalidFormat, message)
    })
}

fn us_zip(code: &str) -> Option<String> {
    let bytes = code.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let valid = (bytes.len() == 5 && digits(0..5))
        || (bytes.len() == 10 && digits(0..5) && bytes[5] == b'-' && digits(6..10));
    valid.then(|| code.to_owned())
}

/// A Canadian postal code in its stored form (`V5K 0A1`), if `code` is one in any case and
/// spacing.
pub fn canadian_postal_code(code: &str) -> Option<String> {
    let trimmed = code.trim();
    let compact: Vec<u8> = trimmed.bytes().filter(|b| *b != b' ').collect();
    let spaces = trimmed.len() - compact.len();
    let valid = spaces <= 1
        && compact.len() == 6
        && compact.iter().enumerate().all(|(i, b)| {
            if i % 2 == 0 {
                b.is_ascii_alphabetic()
            } else {
                b.is_ascii_digit()
            }
        });
    let upper = String::from_utf8(compact).ok()?.to_ascii_uppercase();
    valid.then(|| format!("{} {}", &upper[..3], &upper[3..]))
}

fn other_postal_code(code: &str) -> Option<String> {
    let trimmed = code.trim();
    let valid = (1..=10).contains(&trimmed.len())
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
        && trimmed.bytes().any(|b| b.is_ascii_alphanumeric());
    valid.then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_lists_are_sorted_for_binary_search() {
        for list in [
            &COUNTRY_CODES[..],
            &US_STATE_CODES[..],
            &CA_PROVINCE_CODES[..],
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn country_codes_are_upper_case_alpha_3() {
        assert!(parse_country_code("c", "USA").is_ok());
        assert!(parse_country_code("c", "CAN").is_ok());
        for bad in ["usa", "US", "XXX", "", "UNITED STATES"] {
            assert!(parse_country_code("c", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn state_codes_are_required_and_checked_for_usa_and_can() {
        assert!(check_state_code("s", Some("USA"), Some("MO")).is_ok());
        assert!(check_state_code("s", Some("CAN"), Some("ON")).is_ok());
        assert_eq!(
            check_state_code("s", Some("USA"), None)
                .expect_err("required")
                .code,
            FieldErrorCode::Required
        );
        assert!(check_state_code("s", Some("USA"), Some("ON")).is_err());
        assert!(check_state_code("s", Some("CAN"), Some("mo")).is_err());
        assert!(check_state_code("s", Some("FRA"), None).is_ok());
        assert!(check_state_code("s", Some("FRA"), Some("IDF")).is_ok());
        assert!(check_state_code("s", None, Some("toolong")).is_err());
        assert!(
            check_state_code("s", Some("FRA"), Some("")).is_ok(),
            "empty is absent"
        );
        assert_eq!(
            check_state_code("s", Some("CAN"), Some(""))
                .expect_err("required")
                .code,
            FieldErrorCode::Required
        );
    }

    #[test]
    fn postal_codes_follow_the_country() {
        for ok in ["63368", "63368-5555"] {
            assert!(check_postal_code("z", Some("USA"), ok).is_ok(), "{ok}");
        }
        for bad in ["6336", "633688", "63368 5555", "6336A", "63368-555"] {
            assert!(check_postal_code("z", Some("USA"), bad).is_err(), "{bad}");
        }
        for ok in ["V5K 0A1", "V5K0A1", "v5k 0a1"] {
            assert!(check_postal_code("z", Some("CAN"), ok).is_ok(), "{ok}");
        }
        for bad in ["V5K  0A1", "55K 0A1", "V5K 0A"] {
            assert!(check_postal_code("z", Some("CAN"), bad).is_err(), "{bad}");
        }
        assert!(check_postal_code("z", Some("GBR"), "SW1A 1AA").is_ok());
        assert!(check_postal_code("z", None, "12345678901").is_err());
        assert!(check_postal_code("z", None, "12#45").is_err());
        for blank in ["   ", "-", " - "] {
            assert!(
                check_postal_code("z", Some("GBR"), blank).is_err(),
                "{blank:?}"
            );
        }
        assert_eq!(
            check_postal_code("z", Some("GBR"), " SW1A 1AA ")
                .ok()
                .as_deref(),
            Some("SW1A 1AA")
        );
        for written in ["v5k0a1", " V5K 0a1", "V5K0A1 "] {
            assert_eq!(
                check_postal_code("z", Some("CAN"), written).ok().as_deref(),
                Some("V5K 0A1"),
                "{written:?}"
            );
        }
    }
}
