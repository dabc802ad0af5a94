//! Readers: bytes in one of the input forms → the typed model.

pub(crate) mod config;
mod quoted;
pub(crate) mod sexpr;
pub(crate) mod vif;
pub(crate) mod xml;

use std::borrow::Cow;

/// One `key=value` (or `(key value)`) item of a vif, as read: the rules decide what
/// it means. Offsets are byte offsets in the text the reader was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawField<'a> {
    pub key: &'a str,
    /// None for a bare flag (xl's `trusted`).
    pub value: Option<Cow<'a, str>>,
    pub key_offset: usize,
    pub value_offset: usize,
}
