//! The general engine: quick-xml splits the rest of the document into text and
//! markup; the rules (`syntax`, `dtd`) read each piece of markup from where it
//! starts, judge it, and where quick-xml gives up, say what is wrong. Where the
//! rules end a construct elsewhere than quick-xml (a DOCTYPE quick-xml cannot
//! read), quick-xml starts again after it.

use std::borrow::Cow;
use std::rc::Rc;

use quick_xml::events::Event;

use super::super::dtd::{self, Dtd};
use super::super::syntax::{self, fail, Cx, Ref};
use super::fast::is_utf8;
use super::{Token, Tokens};
use crate::error::Error;
use crate::value::shown;

impl Tokens<'_> {
    pub(super) fn quick_next(&mut self) -> Result<Token, Error> {
        loop {
            let Some(reader) = self.reader.as_mut() else {
                return Err(Error::internal("the general XML engine has no reader"));
            };
            let start = self.base + reader.buffer_position() as usize;
            let event = reader.read_event();
            let end = self.base + reader.buffer_position() as usize;
            let token = match event {
                Ok(Event::Text(_)) => self.text_from(start.max(self.resume), end)?,
                Ok(Event::Eof) => Some(self.eof()?),
                read => {
                    let (token, to) = self.markup(start)?;
                    if read.is_err() || to != end {
                        self.hand_over(to);
                    }
                    token
                }
            };
            if let Some(token) = token {
                return Ok(token);
            }
        }
    }

    /// The text `from..end`: a token inside the root, whitespace outside.
    fn text_from(&mut self, from: usize, end: usize) -> Result<Option<Token>, Error> {
        let text = &self.input[from..end];
        syntax::text(text, from)?;
        if !self.open.is_empty() || self.fragment {
            self.text = Cow::Borrowed(text);
            self.text_at = from;
            Ok(Some(Token::Text))
        } else if text.bytes().all(syntax::is_ws) {
            Ok(None)
        } else {
            fail(from, "text outside the root element")
        }
    }

    /// The markup or reference at `start`, read by the rules: the token it
    /// makes, if any, and where it ends.
    fn markup(&mut self, start: usize) -> Result<(Option<Token>, usize), Error> {
        let s = self.input;
        let b = &s.as_bytes()[start..];
        let outside = self.open.is_empty() && !self.fragment;
        if b.starts_with(b"&") || b.starts_with(b"<![CDATA[") {
            if outside {
                return fail(
                    start,
                    "a reference or CDATA section outside the root element",
                );
            }
            if b[0] == b'<' {
                let Some(end) = syntax::find(s, start + 9, "]]>") else {
                    return fail(start, "the CDATA section is not closed (missing ']]>')");
                };
                self.text = Cow::Borrowed(&s[start + 9..end]);
                self.text_at = start + 9;
                return Ok((Some(Token::Text), end + 3));
            }
            let (reference, end) = syntax::reference(s, start, 0)?;
            self.text_at = start;
            self.text = match reference {
                Ref::Char(c) => Cow::Owned(c.to_string()),
                Ref::Predefined(text) => Cow::Borrowed(text),
                Ref::Entity(name) => {
                    let dtd = self.dtd.as_ref();
                    Dtd::content_ref(dtd, name, self.fragment).or_else(|m| fail(start, m))?;
                    return Ok((None, end));
                }
            };
            return Ok((Some(Token::Text), end));
        }
        if b.starts_with(b"<!--") {
            return Ok((None, syntax::comment(s, start)? + 1));
        }
        if b.starts_with(b"<!") {
            return self.doctype(start);
        }
        if b.starts_with(b"<?xml") && b.get(5).is_some_and(|&c| syntax::is_ws(c)) && start == 0 {
            let decl = syntax::decl(s)?;
            self.standalone = decl.standalone;
            match decl.encoding.filter(|&e| !is_utf8(e)) {
                None => return Ok((None, decl.end + 1)),
                Some(encoding) => {
                    let m = format!(
                        "the document declares encoding {}; vifxml reads UTF-8 only",
                        shown(encoding)
                    );
                    return Err(self.refuse(Error::invalid(m).at(0)));
                }
            }
        }
        if b.starts_with(b"<?") {
            let end = syntax::pi(s, start)? + 1;
            if self.fragment {
                return Ok((None, end));
            }
            let m = "processing instructions are refused: remove the <?…?> (only the XML declaration may appear)";
            return Err(self.refuse(Error::invalid(m).at(start)));
        }
        if b.starts_with(b"</") {
            let (name, end) = syntax::end_tag(s, start, self.plain)?;
            return Ok((Some(self.close(name, start)?), end + 1));
        }
        let cx = Cx {
            plain: self.plain,
            dtd: self.dtd.as_deref(),
        };
        let tag = syntax::start_tag(s, start, cx, &mut self.tag.spans)?;
        self.begin_tag(start, tag.end, tag.empty, tag.name_len)?;
        Ok((Some(self.opened(tag.empty)?), tag.end + 1))
    }

    /// The DOCTYPE at `start` (or another `<!` markup, refused), read by the
    /// rules, then refused.
    fn doctype(&mut self, start: usize) -> Result<(Option<Token>, usize), Error> {
        let wrong = match () {
            _ if self.fragment => "a DOCTYPE or declaration inside an entity's replacement text",
            _ if self.root_done || !self.open.is_empty() => {
                "a DOCTYPE or declaration after the root element starts"
            }
            _ if self.dtd.is_some() => "a second DOCTYPE",
            _ => "",
        };
        if !wrong.is_empty() && self.input[start..].starts_with("<!DOCTYPE") {
            return fail(start, wrong);
        }
        let (end, dtd) = dtd::doctype(self.input, start, self.standalone)?;
        self.dtd = Some(Rc::new(dtd));
        self.hand_over(end);
        let m =
            "a DOCTYPE is refused: vifxml expands no entities; remove the <!DOCTYPE …> declaration";
        Err(self.refuse(Error::invalid(m).at(start)))
    }
}
