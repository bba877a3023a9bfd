//! Bounded text: the one place that checks string lengths and characters.

use crate::validation::{FieldError, FieldErrorCode};

/// Checks that `value` holds between `min_chars` and `max_chars` characters (Unicode scalar
/// values), is not only whitespace when a minimum is set, and holds no control characters.
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
    if chars < min_chars || (min_chars > 0 && value.trim().is_empty()) {
        return Err(FieldError::new(
            path,
            FieldErrorCode::TooShort,
            format!("must be at least {min_chars} non-blank characters"),
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
    }
}
