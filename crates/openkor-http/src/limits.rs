//! Transport limits, each named with its unit. Anything over a limit is refused with the error
//! envelope and a clear code; none of them is silently truncated.

/// Largest request body accepted, in bytes (413 `PAYLOAD_TOO_LARGE` above).
pub const REQUEST_BODY_BYTES_MAX: usize = 64 * 1024;
/// Largest total size of the request headers, names and values, in bytes
/// (431 `HEADERS_TOO_LARGE` above).
pub const REQUEST_HEADER_BYTES_MAX: usize = 16 * 1024;
/// Longest query string, in bytes (414 `URI_TOO_LONG` above).
pub const QUERY_STRING_BYTES_MAX: usize = 4 * 1024;
/// Longest single query parameter value, in characters (400 `INVALID_QUERY_PARAMETER` above).
pub const QUERY_VALUE_CHARS_MAX: usize = 255;
/// Longest path parameter, in characters (400 `INVALID_PATH_PARAMETER` above).
pub const PATH_PARAMETER_CHARS_MAX: usize = 64;
/// Time a request may take from its first byte to its response, in milliseconds, unless
/// configured otherwise (503 `REQUEST_TIMEOUT` when exceeded).
pub const REQUEST_TIMEOUT_MS_DEFAULT: u64 = 10_000;
