//! A macro for enums whose values have one fixed text code on the wire and in storage.

/// Declares an enum whose every variant has a text code, with `ALL`, `code()` and
/// `from_code()`. Codes are matched exactly (case-sensitive), as the reference's enums are.
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident => $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vdoc])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text code used on the wire and in storage.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses the text code exactly.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The accepted codes joined for an error message (`A, B, C`).
            pub fn codes_list() -> String {
                let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                codes.join(", ")
            }
        }

        impl $crate::codes::CodeEnum for $name {
            fn parse_code(code: &str) -> Option<Self> {
                Self::from_code(code)
            }
            fn accepted_codes() -> String {
                Self::codes_list()
            }
            fn as_code(self) -> &'static str {
                self.code()
            }
            fn all_codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Self::from_code(&code).ok_or_else(|| {
                    // The message never repeats the submitted value (it may be personal data).
                    serde::de::Error::custom(format!("must be one of {}", Self::codes_list()))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// Implemented by every [`code_enum!`] type: lets generic code (sort-field whitelists, filter
/// parsing) accept any of them.
pub trait CodeEnum: Sized + Copy + 'static {
    /// Parses the exact code.
    fn parse_code(code: &str) -> Option<Self>;
    /// The accepted codes, comma-separated, for error messages.
    fn accepted_codes() -> String;
    /// This value's code.
    fn as_code(self) -> &'static str;
    /// Every code, in declaration order (what an API document lists as the enum).
    fn all_codes() -> Vec<&'static str>;
}
