//! The fast engine: the same tokens and errors as the quick-xml engine for the
//! documents it reads (see `scan` for the piece of quick-xml each step mirrors).

use std::borrow::Cow;

use quick_xml::errors::{IllFormedError, SyntaxError};

use super::super::scan;
use super::{quick_error, Token, Tokens};
use crate::error::Error;

impl Tokens<'_> {
    pub(super) fn fast_next(&mut self, skip_text: bool) -> Result<Token, Error> {
        let input = self.input;
        let bytes = input.as_bytes();
        loop {
            let start = self.pos;
            let Some(&first) = bytes.get(start) else {
                return self.eof();
            };
            if first != b'<' {
                let end = scan::next_lt(bytes, start);
                self.pos = end;
                if self.open.is_empty() {
                    if !bytes[start..end].trim_ascii().is_empty() {
                        return Err(Error::xml_syntax("text outside the root element", start));
                    }
                    continue;
                }
                if skip_text {
                    continue;
                }
                self.text = Cow::Borrowed(&input[start..end]);
                return Ok(Token::Text);
            }
            match bytes.get(start + 1) {
                None => return Err(quick_error(SyntaxError::UnclosedTag.into(), start)),
                // Every `<!` here opens a comment (the survey saw to it).
                Some(b'!') => match scan::comment_end(bytes, start) {
                    Some(end) => self.pos = end + 1,
                    None => return Err(quick_error(SyntaxError::UnclosedComment.into(), start)),
                },
                Some(b'/') => return self.end_tag(start),
                Some(b'?') => {
                    return Err(Error::internal(format!(
                        "the fast reader met <? at {start}"
                    )))
                }
                Some(_) => return self.start_tag(start),
            }
        }
    }

    /// The end tag whose `</` is at `start`.
    #[inline]
    fn end_tag(&mut self, start: usize) -> Result<Token, Error> {
        let bytes = self.input.as_bytes();
        // The usual case, `</name>` closing the element opened last, checked in
        // place. It is what the general reading below finds whenever no open
        // element's name holds a quote (which could hide a `>` from it).
        if let (Some(open), false) = (self.open.last(), self.quoted_names) {
            let end = start + 2 + open.len();
            if bytes.get(end) == Some(&b'>') && &bytes[start + 2..end] == open.as_bytes() {
                self.pos = end + 1;
                self.open.pop();
                if self.open.is_empty() {
                    self.root_done = true;
                }
                return Ok(Token::Close);
            }
        }
        let end = scan::tag_end(bytes, start).map_err(|e| quick_error(e.into(), start))?;
        self.pos = end + 1;
        // Trailing whitespace is not part of the name, unless the name is nothing
        // but whitespace (as quick-xml trims it).
        let content = &self.input[start + 2..end];
        let name = match content.bytes().rposition(|b| !scan::is_ws(b)) {
            Some(last) => &content[..last + 1],
            None => content,
        };
        if self.open.is_empty() {
            let e = IllFormedError::UnmatchedEndTag(name.to_owned());
            return Err(quick_error(e.into(), start));
        }
        self.close(name, start)
    }

    /// The start or empty-element tag whose `<` is at `start`.
    #[inline]
    fn start_tag(&mut self, start: usize) -> Result<Token, Error> {
        let input = self.input;
        let bytes = input.as_bytes();
        self.tag.spans.clear();
        if let Some(plain) = scan::plain_tag(bytes, start, &mut self.tag.spans) {
            self.pos = plain.end + 1;
            let raw = &input[start + 1..plain.end - usize::from(plain.empty)];
            self.begin_tag(raw, plain.name_len, start)?;
            return self.opened(plain.empty);
        }
        // Anything unusual, the exact way: the end of the tag first (quotes paired
        // anywhere), then its attributes.
        let end = scan::tag_end(bytes, start).map_err(|e| quick_error(e.into(), start))?;
        self.pos = end + 1;
        // `<x/>`; `<` is followed by neither `/` nor `!` here, so a `/` before
        // `>` cannot be the `/` of `</`.
        let empty = end > start + 1 && bytes[end - 1] == b'/';
        let raw = &input[start + 1..if empty { end - 1 } else { end }];
        let name_len = scan::name_len(raw.as_bytes());
        // Only a tag read here can have a quote in its name (`plain_tag` stops at one).
        self.quoted_names |= raw.as_bytes()[..name_len]
            .iter()
            .any(|&b| b == b'\'' || b == b'"');
        self.begin_tag(raw, name_len, start)?;
        self.tag.spans.clear();
        self.tag.check_fast()?;
        self.opened(empty)
    }
}
