//! Bounded text: the one place that checks string lengths and characters.

use crate::validation::{FieldError, FieldErrorCode};

/// Characters that show nothing: white space, zero-width spaces and joiners, direction marks,
/// the byte-order mark, the soft hyphen, variation selectors and Hangul fillers. A required
/// text made only of them (a "name" nobody can see) is refused like a blank one.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// Checks that `value` holds between `min_chars` and `max_chars` characters (Unicode scalar
/// values), holds something visible when a minimum is set, and holds no control characters.
pub fn bounded_text(
    path: &str,
    value: &str,
    min_chars: usize,
    max_chars: usize,
) -> Result<String, FieldError> {
    let chars = value.chars().count();
    if chars > max_chars {
        return Err(FieldError::new(
            path,
            FieldErrorCode::TooLong,
            format!("must be at most {max_chars} characters"),
        ));
    }
    if chars < min_chars || (min_chars > 0 && value.chars().all(is_invisible)) {
        return Err(FieldError::new(
            path,
            FieldErrorCode::TooShort,
            format!("must be at least {min_chars} characters, some of them visible"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert!(bounded_text("name", "ééé", 1, 3).is_ok());
        let error = bounded_text("name", "éééé", 1, 3).expect_err("too long");
        assert_eq!(error.code, FieldErrorCode::TooLong);
        assert_eq!(error.path, "name");
    }

    #[test]
    fn blank_and_control_characters_are_refused() {
        assert_eq!(
            bounded_text("name", "   ", 1, 10).expect_err("blank").code,
            FieldErrorCode::TooShort
        );
        assert_eq!(
            bounded_text("name", "", 1, 10).expect_err("empty").code,
            FieldErrorCode::TooShort
        );
        assert_eq!(
            bounded_text("name", "a\u{0}b", 1, 10)
                .expect_err("nul")
                .code,
            FieldErrorCode::InvalidFormat
        );
        assert_eq!(bounded_text("note", "", 0, 10), Ok(String::new()));
        for invisible in [
            "\u{200B}",
            "\u{200B}\u{FEFF}\u{2060}",
            " \u{00AD} ",
            "\u{3164}",
        ] {
            assert_eq!(
                bounded_text("name", invisible, 1, 10)
                    .expect_err("invisible")
                    .code,
                FieldErrorCode::TooShort,
                "{invisible:?}"
            );
        }
        assert!(
            bounded_text("name", "A\u{200B}b", 1, 10).is_ok(),
            "visible with a joiner"
        );
    }
}
