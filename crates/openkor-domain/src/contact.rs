//! Contacts, phone numbers and e-mail addresses (reference §3.1, §4.1), with their parsers.
//!
//! Phone numbers are stored and returned in E.164 (`+14151234`). Accepted input: `+<cc><number>`,
//! or a North American number without the `+` (`4155551234`, `14155551234`), with spaces, dots,
//! hyphens and parentheses ignored. Any other number without `+` is refused
//! ([`normalize_phone`]): reading its first digits as a country code would store a national
//! number as another country's.

use crate::ids::ContactId;
use crate::limits::{
    EMAIL_CHARS_MAX, PERSON_NAME_CHARS_MAX, PHONE_DIGITS_MAX, PHONE_DIGITS_MIN,
    PHONE_EXTENSION_CHARS_MAX, PHONE_PROVIDER_CHARS_MAX,
};
use crate::list_merge::{EntryControl, ListEntry};
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// The kind of a phone number.
    pub enum PhoneType {
        /// Home phone.
        Home => "HOME",
        /// Mobile phone.
        Mobile => "MOBILE",
        /// Work phone.
        Work => "WORK",
    }
}

/// A phone number in E.164.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    /// E.164 number.
    pub number: String,
    /// `HOME`, `MOBILE` or `WORK`.
    #[serde(rename = "type")]
    pub phone_type: PhoneType,
    /// Carrier name.
    pub provider: Option<String>,
    /// Extension.
    pub extension: Option<String>,
    /// Confirmed by identity verification (never set from a request).
    pub verified: bool,
}

/// An e-mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    /// The address.
    pub value: String,
    /// Confirmed by identity verification (never set from a request).
    pub verified: bool,
}

/// A person to contact at a business.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// Id, assigned by openkor when a business customer's contact is added (an update names
    /// the contact by it); `None` for a Business Account's contacts, which no request changes
    /// (they are kept as JSON, without it).
    #[serde(skip)]
    pub id: Option<ContactId>,
    /// First name.
    pub first_name: String,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: String,
    /// Whether this is the primary contact.
    pub primary: bool,
    /// Primary phone number.
    pub primary_phone_number: PhoneNumber,
    /// Primary e-mail address.
    pub primary_email: Email,
}

/// A phone number as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhoneDraft {
    /// The number, in any accepted spelling.
    pub number: Option<String>,
    /// The type code.
    pub phone_type: Option<String>,
    /// Carrier.
    pub provider: Option<String>,
    /// Extension.
    pub extension: Option<String>,
}

/// An e-mail address as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailDraft {
    /// The address.
    pub value: Option<String>,
}

/// A contact as a request gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactDraft {
    /// Update: the id of the stored contact this entry replaces or removes.
    pub id: Option<String>,
    /// Update: `true` removes the contact `id` names.
    pub remove: Option<bool>,
    /// First name.
    pub first_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Primary flag.
    pub primary: Option<bool>,
    /// Phone.
    pub primary_phone_number: Option<PhoneDraft>,
    /// E-mail.
    pub primary_email: Option<EmailDraft>,
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// A required value, or a `REQUIRED` error at `path`.
pub fn required<T>(path: &str, value: Option<T>) -> Result<T, FieldError> {
    value.ok_or_else(|| FieldError::required(path))
}

/// A person's name part: 1–40 characters.
pub fn parse_person_name(path: &str, value: &str) -> Result<String, FieldError> {
    bounded_text(path, value, 1, PERSON_NAME_CHARS_MAX)
}

/// An optional text field: absent (or empty, as the reference's samples send unused fields)
/// stays absent; anything else must satisfy `parse`. `None` means `parse` refused it.
pub fn optional<T>(
    errors: &mut ValidationErrors,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<Option<T>> {
    match value {
        None | Some("") => Some(None),
        Some(text) => errors.collect(parse(text)).map(Some),
    }
}

/// Normalises a phone number to E.164.
///
/// After a `+` the digits are the international number: country code first, 7–15 digits.
/// Without one the number must be North American: ten digits `NXX NXX XXXX` (N is 2–9),
/// optionally after its country code `1`. Any other number without `+` is refused rather than
/// guessed at: its country code cannot be told from the first digits of a national number
/// (`15556589` could be +1 555 6589 or a Danish number).
pub fn normalize_phone(path: &str, raw: &str) -> Result<String, FieldError> {
    let invalid = || {
        FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            format!(
                "must be a phone number of {PHONE_DIGITS_MIN}-{PHONE_DIGITS_MAX} digits: \
                 +<country code><number>, or a North American number without the +"
            ),
        )
    };
    let (plus, rest) = match raw.trim_start().strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    // `+44 (0)20 …`: the bracketed national trunk prefix is dialled only from inside the
    // country and is not part of the international number.
    let without_trunk = rest.replacen("(0)", "", 1);
    let rest = if plus { without_trunk.as_str() } else { rest };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(invalid()),
        }
    }
    if !plus {
        return north_american(&digits)
            .map(|national| format!("+1{national}"))
            .ok_or_else(|| without_country_code(path));
    }
    if !(PHONE_DIGITS_MIN..=PHONE_DIGITS_MAX).contains(&digits.len()) || digits.starts_with('0') {
        return Err(invalid());
    }
    Ok(format!("+{digits}"))
}

/// The ten national digits of a North American number written without `+`: `NXX NXX XXXX`,
/// alone or after the country code `1`.
fn north_american(digits: &str) -> Option<&str> {
    let national = match digits.len() {
        10 => digits,
        11 => digits.strip_prefix('1')?,
        _ => return None,
    };
    let bytes = national.as_bytes();
    (bytes[0] >= b'2' && bytes[3] >= b'2').then_some(national)
}

fn without_country_code(path: &str) -> FieldError {
    FieldError::new(
        path,
        FieldErrorCode::InvalidFormat,
        "must start with + and the country code (+447911123456); only a North American \
         number may be written without them (4155551234 or 14155551234)",
    )
}

/// Parses a phone number draft.
pub fn parse_phone(path: &str, draft: &PhoneDraft) -> Result<PhoneNumber, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let number = errors.collect(
        required(&join(path, "number"), draft.number.as_deref())
            .and_then(|n| normalize_phone(&join(path, "number"), n)),
    );
    let phone_type = errors.collect(
        required(&join(path, "type"), draft.phone_type.as_deref()).and_then(|code| {
            PhoneType::from_code(code).ok_or_else(|| {
                FieldError::new(
                    join(path, "type"),
                    FieldErrorCode::InvalidValue,
                    format!("must be one of {}", PhoneType::codes_list()),
                )
            })
        }),
    );
    let provider = optional(&mut errors, draft.provider.as_deref(), |v| {
        bounded_text(&join(path, "provider"), v, 1, PHONE_PROVIDER_CHARS_MAX)
    });
    let extension = optional(&mut errors, draft.extension.as_deref(), |v| {
        bounded_text(&join(path, "extension"), v, 1, PHONE_EXTENSION_CHARS_MAX)
    });
    match (number, phone_type, provider, extension) {
        (Some(number), Some(phone_type), Some(provider), Some(extension)) => {
            errors.finish(PhoneNumber {
                number,
                phone_type,
                provider,
                extension,
                verified: false,
            })
        }
        _ => Err(errors),
    }
}

/// Checks e-mail syntax (ASCII addresses; at most 320 characters, local part at most 64).
pub fn parse_email_address(path: &str, value: &str) -> Result<String, FieldError> {
    let invalid = |why: &str| FieldError::new(path, FieldErrorCode::InvalidFormat, why.to_owned());
    if value.chars().count() > EMAIL_CHARS_MAX {
        return Err(FieldError::new(
            path,
            FieldErrorCode::TooLong,
            format!("must be at most {EMAIL_CHARS_MAX} characters"),
        ));
    }
    let (local, domain) = value
        .split_once('@')
        .ok_or_else(|| invalid("must be an e-mail address such as name@example.com"))?;
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 255
        && labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if local_ok && domain_ok {
        Ok(value.to_owned())
    } else {
        Err(invalid(
            "must be an e-mail address such as name@example.com",
        ))
    }
}

/// Parses an e-mail draft.
pub fn parse_email(path: &str, draft: &EmailDraft) -> Result<Email, FieldError> {
    let value_path = join(path, "value");
    let value = required(&value_path, draft.value.as_deref())?;
    Ok(Email {
        value: parse_email_address(&value_path, value)?,
        verified: false,
    })
}

/// Parses a contact draft.
pub fn parse_contact(path: &str, draft: &ContactDraft) -> Result<Contact, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let first_name = errors.collect(
        required(&join(path, "firstName"), draft.first_name.as_deref())
            .and_then(|v| parse_person_name(&join(path, "firstName"), v)),
    );
    let middle_name = optional(&mut errors, draft.middle_name.as_deref(), |v| {
        parse_person_name(&join(path, "middleName"), v)
    });
    let last_name = errors.collect(
        required(&join(path, "lastName"), draft.last_name.as_deref())
            .and_then(|v| parse_person_name(&join(path, "lastName"), v)),
    );
    let phone_path = join(path, "primaryPhoneNumber");
    let phone = match &draft.primary_phone_number {
        None => {
            errors.push(FieldError::required(&phone_path));
            None
        }
        Some(phone) => parse_phone(&phone_path, phone)
            .map_err(|e| e.into_errors().into_iter().for_each(|x| errors.push(x)))
            .ok(),
    };
    let email_path = join(path, "primaryEmail");
    let email = match &draft.primary_email {
        None => {
            errors.push(FieldError::required(&email_path));
            None
        }
        Some(email) => errors.collect(parse_email(&email_path, email)),
    };
    match (first_name, middle_name, last_name, phone, email) {
        (Some(first_name), Some(middle_name), Some(last_name), Some(phone), Some(email)) => errors
            .finish(Contact {
                id: Some(ContactId::new()),
                first_name,
                middle_name,
                last_name,
                primary: draft.primary.unwrap_or(false),
                primary_phone_number: phone,
                primary_email: email,
            }),
        _ => Err(errors),
    }
}

impl ListEntry for Contact {
    fn entry_id(&self) -> Option<uuid::Uuid> {
        self.id.map(|id| id.as_uuid())
    }

    fn take_id_of(&mut self, stored: &Self) {
        self.id = stored.id;
    }

    fn same_as(&self, other: &Self) -> bool {
        let mut aligned = self.clone();
        aligned.id = other.id;
        aligned.primary = other.primary;
        aligned.primary_phone_number.verified = other.primary_phone_number.verified;
        aligned.primary_email.verified = other.primary_email.verified;
        aligned == *other
    }

    fn is_primary(&self) -> bool {
        self.primary
    }

    fn set_primary(&mut self, primary: bool) {
        self.primary = primary;
    }
}

/// What a contact entry of a request says besides its fields.
pub fn contact_control(draft: &ContactDraft) -> EntryControl<'_> {
    EntryControl {
        id: draft.id.as_deref(),
        remove: draft.remove == Some(true),
        primary: draft.primary,
    }
}

#[cfg(test)]
mod tests;
