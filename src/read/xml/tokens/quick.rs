//! The quick-xml engine: reads any document, one quick-xml event at a time.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::super::tag::{is_xml_char, offset_in};
use super::{quick_error, Engine, Token, Tokens};
use crate::error::Error;
use crate::value::{cut, shown};

impl<'a> Tokens<'a> {
    pub(super) fn quick_next(&mut self) -> Result<Token, Error> {
        if let Engine::AfterDecl { last_unsafe } = self.engine {
            // The declaration (or a processing instruction, refused) with
            // quick-xml; the rest with the fast engine if it can.
            self.engine = Engine::Quick;
            if let Some(token) = self.quick_step()? {
                return Ok(token);
            }
            let end = self.reader.buffer_position() as usize;
            if last_unsafe < end {
                self.engine = Engine::Fast;
                self.pos = end;
                return self.fast_next(false);
            }
        }
        loop {
            if let Some(token) = self.quick_step()? {
                return Ok(token);
            }
        }
    }

    /// One quick-xml event: the token it makes, or None for one that makes none
    /// (a comment, the declaration, whitespace outside the root).
    fn quick_step(&mut self) -> Result<Option<Token>, Error> {
        let start = self.reader.buffer_position() as usize;
        let event = self
            .reader
            .read_event()
            .map_err(|e| quick_error(e, self.reader.error_position() as usize))?;
        let first = !std::mem::replace(&mut self.started, true);
        let end = self.reader.buffer_position() as usize;
        let token = match event {
            Event::Start(_) | Event::Empty(_) => {
                let empty = matches!(event, Event::Empty(_));
                let (Event::Start(e) | Event::Empty(e)) = &event else {
                    unreachable!("a tag")
                };
                let name_len = e.name().as_ref().len();
                let raw_end = if empty { end - 2 } else { end - 1 };
                let raw = self
                    .input
                    .get(start + 1..raw_end)
                    .ok_or_else(|| {
                        Error::internal(format!("tag bounds {start}..{end} do not fit the input"))
                    })?;
                self.begin_tag(raw, name_len, start)?;
                self.tag.spans.clear();
                self.tag.check()?;
                self.opened(empty)?
            }
            Event::End(e) => {
                let name = e.name();
                let name: &str = name.as_ref();
                self.close(name, start)?
            }
            Event::Text(text) => {
                if self.open.is_empty() {
                    if !text.trim_ascii().is_empty() {
                        return Err(Error::xml_syntax("text outside the root element", start));
                    }
                    return Ok(None);
                }
                self.text = Cow::Borrowed(rebase(self.input, &text).unwrap_or(""));
                Token::Text
            }
            Event::CData(data) => {
                if self.open.is_empty() {
                    return Err(Error::xml_syntax("CDATA outside the root element", start));
                }
                self.text = Cow::Borrowed(rebase(self.input, &data).unwrap_or(""));
                Token::Text
            }
            Event::GeneralRef(reference) => {
                if self.open.is_empty() {
                    return Err(Error::xml_syntax("a reference outside the root element", start));
                }
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) if is_xml_char(c) => Cow::Owned(c.to_string()),
                    Ok(Some(c)) => {
                        return Err(Error::xml_syntax(format!("&#{}; refers to {c:?}, a character XML forbids", u32::from(c)), start))
                    }
                    Ok(None) => match resolve_predefined_entity(&reference) {
                        Some(text) => Cow::Borrowed(text),
                        None => {
                            return Err(Error::xml_syntax(
                                format!("undefined entity &{};: only XML's predefined entities and character references are read", cut(&reference)),
                                start,
                            ))
                        }
                    },
                    Err(e) => return Err(Error::xml_syntax(cut(&e.to_string()), start)),
                };
                self.text = resolved;
                Token::Text
            }
            Event::Comment(_) => return Ok(None),
            Event::Decl(decl) => {
                if !first {
                    return Err(Error::xml_syntax("the XML declaration must come first", start));
                }
                if let Some(Ok(encoding)) = decl.encoding() {
                    if !encoding.eq_ignore_ascii_case("utf-8") && !encoding.eq_ignore_ascii_case("utf8") {
                        return Err(Error::invalid(format!("the document declares encoding {}; vifxml reads UTF-8 only", shown(&encoding))).at(start));
                    }
                }
                return Ok(None);
            }
            Event::PI(_) => {
                return Err(Error::invalid("processing instructions are refused: remove the <?…?> (only the XML declaration may appear)").at(start))
            }
            Event::DocType(_) => {
                return Err(Error::invalid("a DOCTYPE is refused: vifxml expands no entities; remove the <!DOCTYPE …> declaration").at(start))
            }
            Event::Eof => self.eof()?,
        };
        Ok(Some(token))
    }
}

/// `part` as a slice of `whole` with `whole`'s lifetime, if it lies inside it.
fn rebase<'a>(whole: &'a str, part: &str) -> Option<&'a str> {
    let start = offset_in(whole, part)?;
    whole.get(start..start + part.len())
}
