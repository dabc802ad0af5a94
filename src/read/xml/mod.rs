//! XML → model: a streaming walk over the document (no DOM), so memory stays
//! bounded by the input and one interface at a time.

mod domain;
mod dtd;
mod interface;
mod scan;
mod syntax;
mod tag;
mod tokens;
#[cfg(test)]
mod tokens_diff;
mod words;

pub(crate) use domain::{DomainItem, DomainReader};
pub(crate) use interface::read_interface_document;

use crate::options::Dialect;

/// What the XML readers need to know about the conversion.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReadContext {
    /// Whether untranslatable XML is an error rather than ignored.
    pub strict: bool,
    /// Named in messages about connection types the dialect cannot use.
    pub dialect: Dialect,
}

/// Largest document vifxml reads.
pub const MAX_INPUT_BYTES: usize = 256 << 20;
/// Deepest element nesting vifxml reads.
pub const MAX_DEPTH: usize = 256;
