//! The one error type of the library: a list of diagnostics, the first of them the
//! error a caller acts on; and the status codes the C API hands out.

use std::fmt;

/// Declares [`Status`] once: its variants with their C ABI values, the list of all
/// of them, and their fixed names (as Rust and as C strings), so that no list of
/// statuses is written twice.
macro_rules! statuses {
    ($($(#[$doc:meta])* $variant:ident = $value:literal, $name:literal;)+) => {
        /// What kind of failure a diagnostic is. The numeric values are part of the
        /// C ABI (`VIFXML_STATUS_*`): they are only ever appended to, never renumbered.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u32)]
        pub enum Status {
            $($(#[$doc])* $variant = $value,)+
        }

        impl Status {
            /// Every status, in numeric order.
            pub const ALL: &'static [Status] = &[$(Status::$variant),+];

            /// The fixed name of the status, as in `VIFXML_STATUS_<NAME>`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Status::$variant => $name,)+
                }
            }

            /// [`Status::name`] as a static C string (for `vifxml_status_str`).
            pub fn c_name(self) -> &'static std::ffi::CStr {
                match self {
                    $(Status::$variant => {
                        match std::ffi::CStr::from_bytes_with_nul(concat!($name, "\0").as_bytes()) {
                            Ok(name) => name,
                            Err(_) => unreachable!(),
                        }
                    })+
                }
            }
        }
    };
}

statuses! {
    /// Success (and, on a warning, the status strict mode would also give).
    Ok = 0, "OK";
    /// A required pointer argument was NULL (C API only).
    NullArgument = 1, "NULL_ARGUMENT";
    /// The input is not valid UTF-8.
    InvalidUtf8 = 2, "INVALID_UTF8";
    /// The input is not well-formed XML.
    XmlSyntax = 3, "XML_SYNTAX";
    /// Well-formed, but not a valid definition (wrong root, missing or repeated
    /// element, bad MAC, IP or number, DOCTYPE).
    Invalid = 4, "INVALID";
    /// Valid libvirt that the chosen dialect or Xen version cannot express.
    Unsupported = 5, "UNSUPPORTED";
    /// A value that could change the meaning of the output.
    UnsafeValue = 6, "UNSAFE_VALUE";
    /// A `type='network'` interface whose network no table entry or resolver knows.
    NetworkUnresolved = 7, "NETWORK_UNRESOLVED";
    /// An option value, or a combination of options, that cannot be used.
    InvalidOption = 8, "INVALID_OPTION";
    /// A vif string, S-expression or config text that cannot be read.
    VifSyntax = 9, "VIF_SYNTAX";
    /// A bug in vifxml (a caught panic).
    Internal = 10, "INTERNAL";
}

impl Status {
    /// The status for a C ABI value, if there is one.
    pub fn from_u32(value: u32) -> Option<Status> {
        Status::ALL.get(value as usize).copied()
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a diagnostic made the conversion fail. The values are the C ABI's
/// `VIFXML_SEVERITY_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Severity {
    /// The conversion failed because of it.
    Error = 0,
    /// Something in the input was left out of the output (or adjusted); strict
    /// mode would have refused it with the diagnostic's status, unless that is OK.
    Warning = 1,
}

/// One problem found in the input: what, how bad, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// For an error, its status; for a warning, the status strict mode would give.
    pub status: Status,
    /// What is wrong, where, and what to do, in words a person can act on.
    pub message: String,
    /// The byte offset in the caller's input, when the problem has a place.
    pub offset: Option<usize>,
    /// 1-based line of `offset`; 0 when unknown.
    pub line: usize,
    /// 1-based column of `offset`, in bytes from the start of its line; 0 when unknown.
    pub column: usize,
    /// The place named structurally: `/domain/devices/interface[2]/source/@network`
    /// in XML, the key (`rate`) in a vif, `vif[2]/rate` in a config file. Empty
    /// when no place fits.
    pub path: String,
}

impl Diagnostic {
    fn new(status: Status, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            status,
            message,
            offset: None,
            line: 0,
            column: 0,
            path: String::new(),
        }
    }

    /// A warning: `status` is what strict mode would have returned.
    pub(crate) fn warning(status: Status, message: String, offset: usize) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            offset: Some(offset),
            ..Diagnostic::new(status, message)
        }
    }

    /// Whether this is an error (rather than a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A failed conversion: every problem found, errors first (in input order), then
/// the warnings if they were collected. The first diagnostic is the error the
/// conversion failed with; [`Error::status`], [`Error::offset`] and the
/// `Display` text describe it.
///
/// ```
/// use vifxml::{domain_to_vifs, Options, Status};
/// let xml = b"<domain><os><type>hvm</type></os><devices>\
///     <interface type='bridge'><mac address='00:16:3e:zz:00:01'/><source bridge='br0'/></interface>\
///     <interface type='network'><source network='lan'/></interface>\
///     </devices></domain>";
/// let e = domain_to_vifs(xml, &Options::new()).unwrap_err();
/// assert_eq!(e.status(), Status::Invalid);
/// let places: Vec<_> = e.diagnostics().iter().map(|d| (d.status, d.path.as_str())).collect();
/// assert_eq!(places, [
///     (Status::Invalid, "/domain/devices/interface[1]/mac/@address"),
///     (Status::NetworkUnresolved, "/domain/devices/interface[2]/source/@network"),
/// ]);
/// ```
// One pointer wide, so that results carrying it stay small on the paths that
// succeed.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.first().message)]
pub struct Error(Box<Diagnostics>);

/// What an [`Error`] holds: never empty, an error first.
#[derive(Clone, PartialEq, Eq)]
struct Diagnostics(Vec<Diagnostic>);

impl std::ops::Deref for Diagnostics {
    type Target = Vec<Diagnostic>;
    fn deref(&self) -> &Vec<Diagnostic> {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostics {
    fn deref_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.0
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl Error {
    fn from_diagnostic(diagnostic: Diagnostic) -> Error {
        Error(Box::new(Diagnostics(vec![diagnostic])))
    }

    /// An error made of these diagnostics; the first must be an error.
    pub(crate) fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> Error {
        debug_assert!(diagnostics.first().is_some_and(Diagnostic::is_error));
        Error(Box::new(Diagnostics(diagnostics)))
    }

    fn first(&self) -> &Diagnostic {
        &self.0[0]
    }

    /// Every diagnostic: the errors in input order, then the warnings in input order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.0
    }

    /// The errors alone.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The warnings alone (collected only when the options ask for them).
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// The status the conversion failed with: the first error's.
    pub fn status(&self) -> Status {
        self.first().status
    }

    /// The first error's message.
    pub fn message(&self) -> &str {
        &self.first().message
    }

    /// The byte offset in the input the first error refers to, if known.
    pub fn offset(&self) -> Option<usize> {
        self.first().offset
    }

    /// The first error's 1-based line (0 when unknown).
    pub fn line(&self) -> usize {
        self.first().line
    }

    /// The first error's 1-based column in bytes (0 when unknown).
    pub fn column(&self) -> usize {
        self.first().column
    }

    /// The first error's path (empty when no place fits).
    pub fn path(&self) -> &str {
        &self.first().path
    }

    pub(crate) fn diagnostics_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.0
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.0 .0
    }

    /// The same error, placed at `at` wherever it has no place yet.
    pub(crate) fn at(mut self, at: usize) -> Error {
        for d in self.0.iter_mut() {
            d.offset.get_or_insert(at);
        }
        self
    }

    /// The same error with `prefix` in front of its messages.
    pub(crate) fn prefixed(mut self, prefix: &str) -> Error {
        for d in self.0.iter_mut() {
            d.message.insert_str(0, prefix);
        }
        self
    }

    /// The same error with `path` wherever it names no place yet.
    pub(crate) fn with_path(mut self, path: &str) -> Error {
        for d in self.0.iter_mut().filter(|d| d.path.is_empty()) {
            d.path.push_str(path);
        }
        self
    }

    #[cold]
    pub(crate) fn new(status: Status, message: impl Into<String>) -> Error {
        Error::from_diagnostic(Diagnostic::new(status, message.into()))
    }

    #[cold]
    pub(crate) fn null_argument(argument: &str) -> Error {
        Error::new(Status::NullArgument, format!("{argument} must not be NULL"))
    }

    #[cold]
    pub(crate) fn invalid_utf8(message: impl fmt::Display, offset: usize) -> Error {
        Error::new(
            Status::InvalidUtf8,
            format!("input is not valid UTF-8 at byte {offset}: {message}"),
        )
        .at(offset)
    }

    #[cold]
    pub(crate) fn xml_syntax(message: impl fmt::Display, offset: usize) -> Error {
        Error::new(Status::XmlSyntax, format!("XML syntax error: {message}")).at(offset)
    }

    #[cold]
    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::new(Status::Invalid, message)
    }

    #[cold]
    pub(crate) fn unsupported(message: impl Into<String>) -> Error {
        Error::new(Status::Unsupported, message)
    }

    #[cold]
    pub(crate) fn unsafe_value(field: &str, message: impl fmt::Display) -> Error {
        Error::new(
            Status::UnsafeValue,
            format!("unsafe value for {field}: {message}"),
        )
    }

    #[cold]
    pub(crate) fn network_unresolved(network: &str) -> Error {
        Error::new(
            Status::NetworkUnresolved,
            format!(
                "network '{}' does not resolve to a bridge: no network table entry or resolver knows it",
                crate::value::cut(network)
            ),
        )
    }

    #[cold]
    pub(crate) fn invalid_option(message: impl Into<String>) -> Error {
        Error::new(Status::InvalidOption, message)
    }

    #[cold]
    pub(crate) fn vif_syntax(message: impl Into<String>) -> Error {
        Error::new(Status::VifSyntax, message)
    }

    /// A bug in vifxml, caught before it could do harm (status INTERNAL).
    #[cold]
    pub(crate) fn internal(message: impl fmt::Display) -> Error {
        Error::new(
            Status::Internal,
            format!("internal error (a bug in vifxml, please report it): {message}"),
        )
    }
}

/// Validates UTF-8 and drops a byte-order mark; returns the text and how many bytes
/// were dropped in front of it (offsets in errors count from the caller's first byte).
pub(crate) fn utf8_text(input: &[u8]) -> Result<(&str, usize), Error> {
    // simdutf8 says only whether the input is UTF-8: std's validation, run
    // again on an input that is not, says where and how it is not.
    let text = simdutf8::basic::from_utf8(input).or_else(|_| std::str::from_utf8(input));
    let text = text.map_err(|e| {
        let why = match e.error_len() {
            Some(n) => format!("{n} byte(s) that are not UTF-8; vifxml reads UTF-8 only"),
            None => "the input ends inside a UTF-8 sequence".to_string(),
        };
        Error::invalid_utf8(why, e.valid_up_to())
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_values_are_the_abi_order() {
        for (i, s) in Status::ALL.iter().enumerate() {
            assert_eq!(*s as u32, i as u32);
            assert_eq!(Status::from_u32(i as u32), Some(*s));
            assert_eq!(s.c_name().to_str().unwrap(), s.name());
        }
        assert_eq!(Status::ALL.len(), 11);
        assert_eq!(Status::from_u32(11), None);
        assert_eq!(Status::Internal.name(), "INTERNAL");
    }

    #[test]
    fn utf8_errors_carry_offset_and_bom_is_dropped() {
        let e = utf8_text(b"ab\xffcd").unwrap_err();
        assert_eq!(e.status(), Status::InvalidUtf8);
        assert_eq!(e.offset(), Some(2));
        assert_eq!(utf8_text("\u{feff}<a/>".as_bytes()).unwrap(), ("<a/>", 3));
        assert_eq!(utf8_text(b"\xe2\x82").unwrap_err().offset(), Some(0));
    }

    #[test]
    fn at_keeps_the_first_place() {
        let e = Error::invalid("x").at(5).at(9);
        assert_eq!(e.offset(), Some(5));
        let e = Error::invalid("x").with_path("rate").with_path("mac");
        assert_eq!((e.path(), e.line(), e.column()), ("rate", 0, 0));
        assert_eq!(e.prefixed("entry: ").to_string(), "entry: x");
    }

    #[test]
    fn an_error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<(), Error>>(),
            std::mem::size_of::<usize>()
        );
    }
}
