//! Domain limits: every bound a value must respect, named with its unit.
//!
//! Transport limits (body bytes, header bytes, timeouts) live in the HTTP crate; these are the
//! limits of the data itself, shared by the API, the CLI and the stores.

/// Longest name of a Business Account, Service Account or Financial Account, in characters.
pub const NAME_CHARS_MAX: usize = 100;
/// Longest Business Account description, in characters.
pub const DESCRIPTION_CHARS_MAX: usize = 500;
/// Page size used when the request names none.
pub const PAGE_SIZE_DEFAULT: u32 = 20;
/// Largest page a list endpoint returns.
pub const PAGE_SIZE_MAX: u32 = 100;
/// Largest zero-based page index accepted (keeps `page * size` far from overflow).
pub const PAGE_INDEX_MAX: u32 = 10_000_000;
/// Most `sort` keys one request may give.
pub const SORT_KEYS_MAX: usize = 5;
/// Longest first, middle or last name, in characters.
pub const PERSON_NAME_CHARS_MAX: usize = 40;
/// Longest e-mail address, in characters.
pub const EMAIL_CHARS_MAX: usize = 320;
/// Fewest digits of a phone number, country code included.
pub const PHONE_DIGITS_MIN: usize = 7;
/// Most digits of a phone number, country code included (E.164).
pub const PHONE_DIGITS_MAX: usize = 15;
/// Longest phone provider name, in characters.
pub const PHONE_PROVIDER_CHARS_MAX: usize = 40;
/// Longest phone extension, in characters.
pub const PHONE_EXTENSION_CHARS_MAX: usize = 10;
/// Longest street line, in characters.
pub const STREET_LINE_CHARS_MAX: usize = 50;
/// Longest apartment number, in characters.
pub const APARTMENT_NUMBER_CHARS_MAX: usize = 20;
/// Longest city name, in characters.
pub const CITY_NAME_CHARS_MAX: usize = 25;
/// Addresses one customer or beneficial owner may have.
pub const ADDRESSES_MAX: usize = 20;
/// Contacts one business customer may have.
pub const CONTACTS_MAX: usize = 10;
/// Beneficial owners one business customer may have.
pub const BENEFICIARIES_MAX: usize = 20;
/// Metadata pairs of a customer.
pub const CUSTOMER_METADATA_PAIRS_MAX: usize = 5;
/// Longest metadata key, in characters.
pub const METADATA_KEY_CHARS_MAX: usize = 64;
/// Longest metadata value, in characters.
pub const METADATA_VALUE_CHARS_MAX: usize = 1024;
/// Longest external id, in characters.
pub const EXTERNAL_ID_CHARS_MAX: usize = 100;
/// Longest business name, in characters.
pub const BUSINESS_NAME_CHARS_MAX: usize = 100;
/// Longest website, in characters.
pub const WEBSITE_CHARS_MAX: usize = 255;
/// Longest `search` or `name` filter, in characters.
pub const SEARCH_CHARS_MAX: usize = 100;
/// Longest social id (SSN or national id), in characters.
pub const SOCIAL_ID_CHARS_MAX: usize = 50;
/// Longest place-of-birth city, in characters.
pub const PLACE_OF_BIRTH_CITY_CHARS_MAX: usize = 60;
/// Longest job title of a beneficial owner, in characters.
pub const TITLE_CHARS_MAX: usize = 100;
/// Earliest accepted year of birth.
pub const BIRTH_YEAR_MIN: i32 = 1900;

/// Longest `businessRefId` or `businessName` of a Recipient, in characters.
pub const RECIPIENT_REFERENCE_CHARS_MAX: usize = 40;
/// Longest `phoneNumber` of a Recipient (free text such as `555-555-5555`), in characters.
pub const RECIPIENT_PHONE_CHARS_MAX: usize = 40;
/// Longest `additionalInformation` of a Recipient, in characters.
pub const ADDITIONAL_INFORMATION_CHARS_MAX: usize = 500;
/// Characters in a webhook receiver URL.
pub const WEBHOOK_URL_CHARS_MAX: usize = 2048;
/// Characters in a webhook subscription's description.
pub const WEBHOOK_DESCRIPTION_CHARS_MAX: usize = 255;
/// Live webhook subscriptions of one Business Account.
pub const WEBHOOK_SUBSCRIPTIONS_MAX: usize = 20;
