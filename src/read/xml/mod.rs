//! XML → model: a streaming walk over the document (no DOM), so memory stays
//! bounded by the input and one interface at a time.

mod domain;
mod dtd;
mod interface;
mod path;
mod scan;
mod syntax;
mod tag;
mod tokens;
#[cfg(test)]
mod tokens_diff;

pub(crate) use domain::{DomainItem, DomainReader};
pub(crate) use interface::read_interface_document;
pub(crate) use path::paths;
#[cfg(fuzzing)]
pub(crate) use tokens::general_only;

use crate::options::Dialect;
use crate::report::Report;

/// What the XML readers need while reading: where problems go, and the dialect
/// that messages about connection types name.
pub(crate) struct ReadContext<'r> {
    pub report: &'r mut Report,
    pub dialect: Dialect,
}

/// Largest document vifxml reads.
pub const MAX_INPUT_BYTES: usize = 256 << 20;
/// Deepest element nesting vifxml reads.
pub const MAX_DEPTH: usize = 256;
