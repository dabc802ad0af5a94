//! The fast engine: the plain documents libvirt writes, read byte by byte
//! through the same rules as the general engine (`syntax`). It never reports
//! an error: at the first token it does not read — markup other than
//! elements, comments and the XML declaration, references, anything the rules
//! refuse, anything refused — it returns None, and the general engine reads
//! the document on from that token (`Tokens::hand_over`), reporting what is
//! wrong there.

use std::borrow::Cow;

use super::super::syntax::{self, Cx, Problem, Short};
use super::super::{scan, MAX_DEPTH};
use super::{Token, Tokens};
use crate::read::words::same;

impl Tokens<'_> {
    /// The next token: start tags, end tags and the text between them in line,
    /// the rest (comments, the XML declaration, text that must be looked at
    /// closer) out of line.
    #[inline(always)]
    pub(super) fn fast_next(&mut self, skip_text: bool) -> Option<Token> {
        let input = self.input;
        let bytes = input.as_bytes();
        loop {
            let mut start = self.pos;
            let Some(&first) = bytes.get(start) else {
                return self.root_done.then_some(Token::Eof);
            };
            if first != b'<' {
                let end = scan::next_lt(bytes, start);
                if !self.plain || self.open.is_empty() {
                    self.fast_text_checked(start, end)?;
                }
                self.pos = end;
                if !skip_text && !self.open.is_empty() {
                    self.text = Cow::Borrowed(&input[start..end]);
                    self.text_at = start;
                    return Some(Token::Text);
                }
                if end == bytes.len() {
                    continue;
                }
                // Text passed over ends at a `<`: the markup is read on from
                // there, not looked for again.
                start = end;
            }
            match bytes.get(start + 1) {
                Some(b'/') => return self.fast_close(start),
                Some(&c) if syntax::CLASS[usize::from(c)] & syntax::START != 0 => {
                    return self.fast_open(start)
                }
                _ => {
                    self.pos = self.fast_markup(start)?;
                    continue;
                }
            }
        }
    }

    /// Where the markup at `start` that is not a tag ends, if it is a comment
    /// or the XML declaration the fast engine reads.
    #[cold]
    #[inline(never)]
    fn fast_markup(&mut self, start: usize) -> Option<usize> {
        let input = self.input;
        let bytes = input.as_bytes();
        match bytes.get(start + 1) {
            Some(b'!') if bytes[start..].starts_with(b"<!--") => {
                Some(syntax::comment(input, start).ok()? + 1)
            }
            Some(b'?') if start == 0 => {
                let decl = syntax::decl(input).ok()?;
                if !decl.encoding.is_none_or(is_utf8) {
                    return None;
                }
                self.standalone = decl.standalone;
                Some(decl.end + 1)
            }
            _ => None,
        }
    }

    /// Whether the text `start..end` is read here: in a document that is not
    /// plain, one with no reference and no `]` (a `]]>` is for the general
    /// engine to find); outside the root element, whitespace only.
    #[cold]
    #[inline(never)]
    fn fast_text_checked(&self, start: usize, end: usize) -> Option<()> {
        let text = &self.input.as_bytes()[start..end];
        let outside = self.open.is_empty();
        if (!self.plain && text.iter().any(|&b| b == b'&' || b == b']'))
            || (outside && !text.iter().all(|&b| syntax::is_ws(b)))
        {
            return None;
        }
        Some(())
    }

    /// The end tag whose `</` is at `start`, if it closes the element opened last.
    #[inline(always)]
    fn fast_close(&mut self, start: usize) -> Option<Token> {
        let open = self.open.last()?;
        let bytes = self.input.as_bytes();
        let mut end = start + 2 + open.len();
        // The usual case, `</name>` right after the name, compared in place.
        if bytes.get(end) != Some(&b'>') || !same(&bytes[start + 2..end], open.as_bytes()) {
            let (name, at) = syntax::end_tag(self.input, start, self.plain).ok()?;
            if name != open {
                return None;
            }
            end = at;
        }
        self.pos = end + 1;
        self.open.pop();
        self.root_done = self.open.is_empty();
        Some(Token::Close)
    }

    /// The start or empty-element tag whose `<` is at `start`.
    #[inline(always)]
    fn fast_open(&mut self, start: usize) -> Option<Token> {
        if self.root_done || self.open.at_least(MAX_DEPTH) {
            return None;
        }
        // Two copies of the reading, each with `plain` known.
        let (spans, plain) = (&mut self.tag.spans, self.plain);
        let read = match plain {
            true => syntax::tag(
                self.input,
                start,
                Cx {
                    plain: true,
                    dtd: None,
                },
                spans,
                &mut Short,
            ),
            false => syntax::tag(
                self.input,
                start,
                Cx {
                    plain: false,
                    dtd: None,
                },
                spans,
                &mut Short,
            ),
        };
        let tag = match read {
            Ok(tag) => tag,
            Err(Problem::Long) => {
                syntax::long_tag(self.input, start, Cx { plain, dtd: None }, spans).ok()?
            }
            Err(_) => return None,
        };
        self.pos = tag.end + 1;
        self.tag.name = &self.input[start + 1..start + 1 + tag.name_len];
        self.tag.offset = start;
        self.tag.raw_end = tag.end - usize::from(tag.empty);
        if tag.empty {
            self.root_done = self.open.is_empty();
            return Some(Token::Empty);
        }
        self.open.push(self.tag.name);
        Some(Token::Open)
    }
}

/// Whether a declared encoding is UTF-8, the one vifxml reads.
pub(super) fn is_utf8(encoding: &str) -> bool {
    encoding.eq_ignore_ascii_case("utf-8") || encoding.eq_ignore_ascii_case("utf8")
}
