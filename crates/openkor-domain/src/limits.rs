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
