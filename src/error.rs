//! The one error type of the library, and the status codes the C API hands out.

use std::fmt;

/// What kind of failure an [`Error`] is. The numeric values are part of the C ABI
/// (`VIFXML_STATUS_*`): they are only ever appended to, never renumbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Status {
    /// Success.
    Ok = 0,
    /// A required pointer argument was NULL (C API only).
    NullArgument = 1,
    /// The input is not valid UTF-8.
    InvalidUtf8 = 2,
    /// The input is not well-formed XML.
    XmlSyntax = 3,
    /// Well-formed, but not a valid definition (wrong root, missing or repeated
    /// element, bad MAC, IP or number, DOCTYPE).
    Invalid = 4,
    /// Valid libvirt that the chosen dialect or Xen version cannot express.
    Unsupported = 5,
    /// A value that could change the meaning of the output.
    UnsafeValue = 6,
    /// A `type='network'` interface whose network no table entry or resolver knows.
    NetworkUnresolved = 7,
    /// An option value, or a combination of options, that cannot be used.
    InvalidOption = 8,
    /// A vif string, S-expression or config text that cannot be read.
    VifSyntax = 9,
    /// A bug in vifxml (a caught panic).
    Internal = 10,
}

impl Status {
    /// Every status, in numeric order.
    pub const ALL: [Status; 11] = [
        Status::Ok,
        Status::NullArgument,
        Status::InvalidUtf8,
        Status::XmlSyntax,
        Status::Invalid,
        Status::Unsupported,
        Status::UnsafeValue,
        Status::NetworkUnresolved,
        Status::InvalidOption,
        Status::VifSyntax,
        Status::Internal,
    ];

    /// The status for a C ABI value, if there is one.
    pub fn from_u32(value: u32) -> Option<Status> {
        Status::ALL.get(value as usize).copied()
    }

    /// The fixed name of the status, as in `VIFXML_STATUS_<NAME>`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::NullArgument => "NULL_ARGUMENT",
            Status::InvalidUtf8 => "INVALID_UTF8",
            Status::XmlSyntax => "XML_SYNTAX",
            Status::Invalid => "INVALID",
            Status::Unsupported => "UNSUPPORTED",
            Status::UnsafeValue => "UNSAFE_VALUE",
            Status::NetworkUnresolved => "NETWORK_UNRESOLVED",
            Status::InvalidOption => "INVALID_OPTION",
            Status::VifSyntax => "VIF_SYNTAX",
            Status::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A failed conversion: what went wrong, in words a person can act on, and where.
///
/// Each variant is one [`Status`]; `offset` is the byte offset in the input the
/// error refers to, when there is one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A required pointer argument was NULL (C API only).
    #[error("{argument} must not be NULL")]
    NullArgument {
        /// The parameter's name.
        argument: &'static str,
    },
    /// The input is not valid UTF-8.
    #[error("input is not valid UTF-8 at byte {offset}: {message}")]
    InvalidUtf8 {
        /// What is wrong.
        message: String,
        /// The first offending byte.
        offset: usize,
    },
    /// The input is not well-formed XML.
    #[error("XML syntax error: {message}")]
    XmlSyntax {
        /// What is wrong.
        message: String,
        /// Where.
        offset: Option<usize>,
    },
    /// Well-formed, but not a valid definition.
    #[error("{message}")]
    Invalid {
        /// What is wrong and what to do.
        message: String,
        /// Where.
        offset: Option<usize>,
    },
    /// Valid libvirt that the dialect or Xen version cannot express.
    #[error("{message}")]
    Unsupported {
        /// What cannot be expressed and what to do.
        message: String,
        /// Where.
        offset: Option<usize>,
    },
    /// A value that could change the meaning of the output.
    #[error("{message}")]
    UnsafeValue {
        /// The field the value was meant for (`bridge`, `script`, ...).
        field: &'static str,
        /// What is wrong with it: `unsafe value for <field>: …`, after any
        /// context (a config file's line and entry) in front.
        message: String,
        /// Where.
        offset: Option<usize>,
    },
    /// A network no table entry or resolver knows.
    #[error("network '{}' does not resolve to a bridge: add it to the options' network table or make the resolver return its bridge", crate::value::cut(network))]
    NetworkUnresolved {
        /// The network name.
        network: String,
        /// Where.
        offset: Option<usize>,
    },
    /// An option value, or a combination of options, that cannot be used.
    #[error("{message}")]
    InvalidOption {
        /// What is wrong.
        message: String,
    },
    /// A vif string, S-expression or config text that cannot be read.
    #[error("{message}")]
    VifSyntax {
        /// What is wrong and where.
        message: String,
        /// Where.
        offset: Option<usize>,
    },
    /// A bug in vifxml.
    #[error("internal error (a bug in vifxml, please report it): {message}")]
    Internal {
        /// What happened.
        message: String,
    },
}

impl Error {
    /// The status this error reports.
    pub fn status(&self) -> Status {
        match self {
            Error::NullArgument { .. } => Status::NullArgument,
            Error::InvalidUtf8 { .. } => Status::InvalidUtf8,
            Error::XmlSyntax { .. } => Status::XmlSyntax,
            Error::Invalid { .. } => Status::Invalid,
            Error::Unsupported { .. } => Status::Unsupported,
            Error::UnsafeValue { .. } => Status::UnsafeValue,
            Error::NetworkUnresolved { .. } => Status::NetworkUnresolved,
            Error::InvalidOption { .. } => Status::InvalidOption,
            Error::VifSyntax { .. } => Status::VifSyntax,
            Error::Internal { .. } => Status::Internal,
        }
    }

    /// The byte offset in the input this error refers to, if known.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Error::InvalidUtf8 { offset, .. } => Some(*offset),
            Error::XmlSyntax { offset, .. }
            | Error::Invalid { offset, .. }
            | Error::Unsupported { offset, .. }
            | Error::UnsafeValue { offset, .. }
            | Error::NetworkUnresolved { offset, .. }
            | Error::VifSyntax { offset, .. } => *offset,
            Error::NullArgument { .. } | Error::InvalidOption { .. } | Error::Internal { .. } => {
                None
            }
        }
    }

    /// The place of the errors that can have one, whether or not they have it yet.
    fn place(&mut self) -> Option<&mut Option<usize>> {
        match self {
            Error::XmlSyntax { offset, .. }
            | Error::Invalid { offset, .. }
            | Error::Unsupported { offset, .. }
            | Error::UnsafeValue { offset, .. }
            | Error::NetworkUnresolved { offset, .. }
            | Error::VifSyntax { offset, .. } => Some(offset),
            Error::InvalidUtf8 { .. }
            | Error::NullArgument { .. }
            | Error::InvalidOption { .. }
            | Error::Internal { .. } => None,
        }
    }

    /// The same error, placed at `offset` unless it already has a place.
    pub(crate) fn at(mut self, at: usize) -> Error {
        if let Some(offset) = self.place() {
            offset.get_or_insert(at);
        }
        self
    }

    /// The same error placed at `at`, replacing any place it had (for errors in text
    /// that was decoded from a larger text, where inner offsets do not map back).
    pub(crate) fn with_offset(mut self, at: usize) -> Error {
        if let Some(offset) = self.place() {
            *offset = Some(at);
        }
        self
    }

    /// The same error with its offset moved by `base` (for text read out of a larger text).
    pub(crate) fn shifted(mut self, base: usize) -> Error {
        match &mut self {
            Error::InvalidUtf8 { offset, .. } => *offset += base,
            other => {
                if let Some(Some(offset)) = other.place() {
                    *offset += base;
                }
            }
        }
        self
    }

    /// The same error with `prefix` in front of its message.
    pub(crate) fn prefixed(mut self, prefix: &str) -> Error {
        match &mut self {
            Error::InvalidUtf8 { message, .. }
            | Error::XmlSyntax { message, .. }
            | Error::Invalid { message, .. }
            | Error::Unsupported { message, .. }
            | Error::UnsafeValue { message, .. }
            | Error::InvalidOption { message }
            | Error::VifSyntax { message, .. }
            | Error::Internal { message } => message.insert_str(0, prefix),
            Error::NullArgument { .. } | Error::NetworkUnresolved { .. } => {}
        }
        self
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            offset: None,
        }
    }

    pub(crate) fn unsupported(message: impl Into<String>) -> Error {
        Error::Unsupported {
            message: message.into(),
            offset: None,
        }
    }

    pub(crate) fn unsafe_value(field: &'static str, message: impl Into<String>) -> Error {
        Error::UnsafeValue {
            field,
            message: format!("unsafe value for {field}: {}", message.into()),
            offset: None,
        }
    }

    pub(crate) fn xml_syntax(message: impl Into<String>, offset: usize) -> Error {
        Error::XmlSyntax {
            message: message.into(),
            offset: Some(offset),
        }
    }

    pub(crate) fn vif_syntax(message: impl Into<String>) -> Error {
        Error::VifSyntax {
            message: message.into(),
            offset: None,
        }
    }

    pub(crate) fn internal(message: impl Into<String>) -> Error {
        Error::Internal {
            message: message.into(),
        }
    }

    pub(crate) fn invalid_option(message: impl Into<String>) -> Error {
        Error::InvalidOption {
            message: message.into(),
        }
    }
}

/// Validates UTF-8 and drops a byte-order mark; returns the text and how many bytes
/// were dropped in front of it (offsets in errors count from the caller's first byte).
pub(crate) fn utf8_text(input: &[u8]) -> Result<(&str, usize), Error> {
    let text = std::str::from_utf8(input).map_err(|e| Error::InvalidUtf8 {
        message: match e.error_len() {
            Some(n) => format!("{n} byte(s) that are not UTF-8; vifxml reads UTF-8 only"),
            None => "the input ends inside a UTF-8 sequence".to_string(),
        },
        offset: e.valid_up_to(),
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
        }
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
    fn at_keeps_the_first_place_and_shift_moves_it() {
        let e = Error::invalid("x").at(5).at(9);
        assert_eq!(e.offset(), Some(5));
        assert_eq!(e.shifted(10).offset(), Some(15));
        assert_eq!(Error::invalid_option("y").at(3).offset(), None);
    }
}
