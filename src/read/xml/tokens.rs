//! The document as a stream of tags, with well-formedness, DOCTYPE and processing
//! instruction refusal, depth and size limits checked here once for every reader.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::Attributes;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use super::{MAX_DEPTH, MAX_INPUT_BYTES};
use crate::error::Error;
use crate::value::{cut, shown};

/// A start or empty-element tag, borrowing the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tag<'a> {
    pub name: &'a str,
    /// Byte offset of its `<`.
    pub offset: usize,
    /// Everything between `<` and `>` (or `/>`).
    raw: &'a str,
    input: &'a str,
}

/// One attribute: name, decoded value, and the offset of the value in the input.
pub(crate) struct Attr<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
    pub offset: usize,
}

impl<'a> Tag<'a> {
    /// The attributes in document order. The tag was checked when it was read, so
    /// this cannot meet a syntax error.
    pub(crate) fn attrs(&self) -> impl Iterator<Item = Attr<'a>> + 'a {
        let input = self.input;
        let tag_offset = self.offset;
        let mut attributes = Attributes::new(self.raw, self.name.len());
        attributes.with_checks(false);
        attributes.filter_map(move |a| {
            let a = a.ok()?;
            let name = a.key.into_inner();
            let offset = offset_in(input, &a.value).unwrap_or(tag_offset);
            let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
            Some(Attr {
                name,
                value,
                offset,
            })
        })
    }

    /// Reads and checks every attribute once: syntax, references, no duplicates.
    fn check(&self) -> Result<(), Error> {
        let mut attributes = Attributes::new(self.raw, self.name.len());
        attributes.with_checks(false);
        // A tag rarely has more than a few attributes: compare against a small
        // array first so that ordinary documents need no allocation here.
        let mut few: [&str; 8] = [""; 8];
        let mut many: Vec<&str> = Vec::new();
        for (count, attribute) in attributes.enumerate() {
            let attribute = attribute.map_err(|e| {
                Error::xml_syntax(
                    format!("in <{}>: {}", cut(self.name), cut(&e.to_string())),
                    self.offset,
                )
            })?;
            let name = attribute.key.into_inner();
            let at = offset_in(self.input, &attribute.value).unwrap_or(self.offset);
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| {
                    Error::xml_syntax(
                        format!(
                            "in attribute {} of <{}>: {}",
                            cut(name),
                            cut(self.name),
                            cut(&e.to_string())
                        ),
                        at,
                    )
                })?;
            // The document's own characters were checked up front; only references
            // can bring in characters XML forbids.
            if let Cow::Owned(decoded) = &value {
                if let Some(c) = decoded.chars().find(|&c| !is_xml_char(c)) {
                    return Err(Error::xml_syntax(
                        format!(
                            "attribute {} of <{}> refers to {c:?}, a character XML forbids",
                            cut(name),
                            cut(self.name)
                        ),
                        at,
                    ));
                }
            }
            let seen = if count < few.len() {
                &few[..count]
            } else {
                &many[..]
            };
            if seen.contains(&name) {
                return Err(Error::xml_syntax(
                    format!(
                        "attribute {} appears twice in <{}>",
                        cut(name),
                        cut(self.name)
                    ),
                    at,
                ));
            }
            if count < few.len() {
                few[count] = name;
                if count + 1 == few.len() {
                    many.extend_from_slice(&few);
                }
            } else {
                many.push(name);
            }
        }
        Ok(())
    }
}

/// XML 1.0's `Char` production: no C0 controls but tab, newline and carriage
/// return, and not U+FFFE or U+FFFF (UTF-8 already excludes surrogates).
fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{fffe}' | '\u{ffff}' => false,
        c => c >= ' ',
    }
}

/// Where `part` (a slice of `whole`) begins in `whole`.
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// `part` as a slice of `whole` with `whole`'s lifetime, if it lies inside it.
fn rebase<'a>(whole: &'a str, part: &str) -> Option<&'a str> {
    let start = offset_in(whole, part)?;
    whole.get(start..start + part.len())
}

#[derive(Debug)]
pub(crate) enum Token<'a> {
    Open(Tag<'a>),
    Empty(Tag<'a>),
    Close,
    Text(Cow<'a, str>),
    Eof,
}

pub(crate) struct Tokens<'a> {
    input: &'a str,
    reader: Reader<&'a [u8]>,
    open: Stack<'a>,
    root_done: bool,
    started: bool,
    /// Whether reading the document has already failed.
    failed: bool,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(input: &'a str) -> Result<Tokens<'a>, Error> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::invalid(format!(
                "the document is {} bytes; vifxml reads at most {MAX_INPUT_BYTES} bytes",
                input.len()
            )));
        }
        let clean = input
            .bytes()
            .all(|b| b >= 0x20 && b != 0xEF || matches!(b, b'\t' | b'\n' | b'\r'));
        if let Some(at) = (!clean)
            .then(|| {
                input
                    .char_indices()
                    .find(|&(_, c)| !is_xml_char(c))
                    .map(|(i, _)| i)
            })
            .flatten()
        {
            let c = input[at..].chars().next().unwrap_or_default();
            return Err(Error::xml_syntax(
                format!("{c:?} is a character XML forbids in a document"),
                at,
            ));
        }
        let mut reader = Reader::from_str(input);
        // End tags are matched against `open` here, which also bounds the depth.
        reader.config_mut().check_end_names = false;
        Ok(Tokens {
            input,
            reader,
            open: Stack::default(),
            root_done: false,
            started: false,
            failed: false,
        })
    }

    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    pub(crate) fn next(&mut self) -> Result<Token<'a>, Error> {
        let token = self.next_unchecked();
        self.failed |= token.is_err();
        token
    }

    fn next_unchecked(&mut self) -> Result<Token<'a>, Error> {
        loop {
            let start = self.reader.buffer_position() as usize;
            let event = self.reader.read_event().map_err(|e| {
                Error::xml_syntax(cut(&e.to_string()), self.reader.error_position() as usize)
            })?;
            let first = !std::mem::replace(&mut self.started, true);
            let end = self.reader.buffer_position() as usize;
            match event {
                Event::Start(_) | Event::Empty(_) => {
                    let empty = matches!(event, Event::Empty(_));
                    let tag = self.tag(&event, start, end, empty)?;
                    if empty {
                        if self.open.is_empty() {
                            self.root_done = true;
                        }
                        return Ok(Token::Empty(tag));
                    }
                    if self.open.len() >= MAX_DEPTH {
                        return Err(Error::Invalid {
                            message: format!("elements nest deeper than {MAX_DEPTH} levels, more than vifxml reads"),
                            offset: Some(start),
                        });
                    }
                    self.open.push(tag.name);
                    return Ok(Token::Open(tag));
                }
                Event::End(e) => {
                    let name = e.name();
                    let name: &str = name.as_ref();
                    match self.open.pop() {
                        Some(open) if open == name => {}
                        Some(open) => return Err(Error::xml_syntax(format!("</{}> closes <{}>", cut(name), cut(open)), start)),
                        None => return Err(Error::xml_syntax(format!("</{}> closes nothing", cut(name)), start)),
                    }
                    if self.open.is_empty() {
                        self.root_done = true;
                    }
                    return Ok(Token::Close);
                }
                Event::Text(text) => {
                    if self.open.is_empty() {
                        if !text.trim_ascii().is_empty() {
                            return Err(Error::xml_syntax("text outside the root element", start));
                        }
                        continue;
                    }
                    return Ok(Token::Text(Cow::Borrowed(rebase(self.input, &text).unwrap_or(""))));
                }
                Event::CData(data) => {
                    if self.open.is_empty() {
                        return Err(Error::xml_syntax("CDATA outside the root element", start));
                    }
                    return Ok(Token::Text(Cow::Borrowed(rebase(self.input, &data).unwrap_or(""))));
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
                    return Ok(Token::Text(resolved));
                }
                Event::Comment(_) => continue,
                Event::Decl(decl) => {
                    if !first {
                        return Err(Error::xml_syntax("the XML declaration must come first", start));
                    }
                    if let Some(Ok(encoding)) = decl.encoding() {
                        if !encoding.eq_ignore_ascii_case("utf-8") && !encoding.eq_ignore_ascii_case("utf8") {
                            return Err(Error::Invalid {
                                message: format!("the document declares encoding {}; vifxml reads UTF-8 only", shown(&encoding)),
                                offset: Some(start),
                            });
                        }
                    }
                    continue;
                }
                Event::PI(_) => {
                    return Err(Error::Invalid {
                        message: "processing instructions are refused: remove the <?…?> (only the XML declaration may appear)".into(),
                        offset: Some(start),
                    })
                }
                Event::DocType(_) => {
                    return Err(Error::Invalid {
                        message: "a DOCTYPE is refused: vifxml expands no entities; remove the <!DOCTYPE …> declaration".into(),
                        offset: Some(start),
                    })
                }
                Event::Eof => {
                    if let Some(open) = self.open.last() {
                        return Err(Error::xml_syntax(format!("the document ends inside <{}>", cut(open)), self.input.len()));
                    }
                    if !self.root_done {
                        return Err(Error::xml_syntax("the document has no root element", self.input.len()));
                    }
                    return Ok(Token::Eof);
                }
            }
        }
    }

    fn tag(
        &self,
        event: &Event<'a>,
        start: usize,
        end: usize,
        empty: bool,
    ) -> Result<Tag<'a>, Error> {
        if self.root_done {
            return Err(Error::xml_syntax(
                "a second element after the root element",
                start,
            ));
        }
        let (Event::Start(e) | Event::Empty(e)) = event else {
            unreachable!("tag() is only called for tags")
        };
        let raw_end = if empty { end - 2 } else { end - 1 };
        let raw = self
            .input
            .get(start + 1..raw_end)
            .ok_or_else(|| Error::Internal {
                message: format!("tag bounds {start}..{end} do not fit the input"),
            })?;
        let name_len = e.name().as_ref().len();
        let tag = Tag {
            name: &raw[..name_len],
            offset: start,
            raw,
            input: self.input,
        };
        tag.check()?;
        Ok(tag)
    }

    /// After an error that is not about syntax: the first syntax error in the rest
    /// of the document, if any, which a caller reports instead (a document that is
    /// not well-formed is XML_SYNTAX, whatever else is wrong with it).
    pub(crate) fn syntax_error_in_rest(&mut self) -> Option<Error> {
        if self.failed {
            // The document itself was refused here (DOCTYPE, depth, …): that stands.
            return None;
        }
        loop {
            match self.next() {
                Ok(Token::Eof) => return None,
                Ok(_) => {}
                Err(e) if e.status() == crate::Status::XmlSyntax => return Some(e),
                // Refusals (DOCTYPE, depth) stop the scan; the first error stands.
                Err(_) => return None,
            }
        }
    }

    /// Reads up to the end of the element just opened, returning the offset of
    /// the first child element if there was one.
    pub(crate) fn skip(&mut self) -> Result<Option<(usize, &'a str)>, Error> {
        let depth = self.depth();
        let mut first_child = None;
        while self.depth() >= depth {
            match self.next()? {
                Token::Open(tag) | Token::Empty(tag) => {
                    first_child.get_or_insert((tag.offset, tag.name));
                }
                Token::Eof => unreachable!("Eof inside an open element is an error"),
                Token::Close | Token::Text(_) => {}
            }
        }
        Ok(first_child)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn walk(input: &str) -> Result<Vec<String>, Error> {
        let mut tokens = Tokens::new(input)?;
        let mut seen = Vec::new();
        loop {
            match tokens.next()? {
                Token::Open(t) => seen.push(format!("<{}@{}", t.name, t.offset)),
                Token::Empty(t) => seen.push(format!("<{}/@{}", t.name, t.offset)),
                Token::Close => seen.push(">".into()),
                Token::Text(t) => seen.push(format!("'{}'", t.trim())),
                Token::Eof => return Ok(seen),
            }
        }
    }

    #[test]
    fn tags_text_and_offsets() {
        assert_eq!(
            walk("<?xml version='1.0'?>\n<a><b x='1'/>t&amp;&#65;</a>").unwrap(),
            ["<a@22", "<b/@25", "'t'", "'&'", "'A'", ">"]
        );
    }

    #[test]
    fn attributes_borrow_the_input_and_know_their_offsets() {
        let input = "<a x='1' y=\"a&lt;b\"/>";
        let mut tokens = Tokens::new(input).unwrap();
        let Token::Empty(tag) = tokens.next().unwrap() else {
            panic!()
        };
        let attrs: Vec<_> = tag
            .attrs()
            .map(|a| (a.name, a.value.into_owned(), a.offset))
            .collect();
        assert_eq!(
            attrs,
            [("x", "1".to_string(), 6), ("y", "a<b".to_string(), 12)]
        );
    }

    #[test]
    fn malformed_documents() {
        let status = |s: &str| walk(s).unwrap_err().status();
        for bad in [
            "",
            "   ",
            "<a>",
            "<a></b>",
            "</a>",
            "<a/><b/>",
            "<a/>x",
            "<a x='1' x='2'/>",
            "<a x=1/>",
            "<a>&foo;</a>",
            "<a x='&foo;'/>",
            " <?xml version='1.0'?><a/>",
            "<a><![CDATA[x]]></a><![CDATA[y]]>",
        ] {
            assert_eq!(status(bad), Status::XmlSyntax, "{bad:?}");
        }
        for refused in [
            "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>",
            "<a><?php x ?></a>",
            "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
        ] {
            assert_eq!(status(refused), Status::Invalid, "{refused:?}");
        }
        let e = walk("<a><b></c></a>").unwrap_err();
        assert_eq!(
            (e.offset(), e.to_string().contains("</c> closes <b>")),
            (Some(6), true)
        );
    }

    #[test]
    fn characters_xml_forbids() {
        for (bad, at) in [
            ("<a>\0</a>", 3),
            ("<a>\u{1}</a>", 3),
            ("<a x='\u{1f}'/>", 6),
            ("<a>&#1;</a>", 3),
            ("<a x='&#x1F;'/>", 6),
            ("<a>\u{fffe}</a>", 3),
        ] {
            let e = walk(bad).unwrap_err();
            assert_eq!(
                (e.status(), e.offset()),
                (Status::XmlSyntax, Some(at)),
                "{bad:?}"
            );
        }
        assert!(walk("<a x='&#9;&#10;'>\t\r\n&#x10FFFF;</a>").is_ok());
    }

    #[test]
    fn many_attributes_are_still_checked_for_duplicates() {
        let attrs: String = (0..20).map(|i| format!(" a{i}='x'")).collect();
        assert!(walk(&format!("<a{attrs}/>")).is_ok());
        assert_eq!(
            walk(&format!("<a{attrs} a13='y'/>")).unwrap_err().status(),
            Status::XmlSyntax
        );
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(walk(&deep).unwrap_err().status(), Status::Invalid);
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(walk(&ok).is_ok());
    }
}

/// The names of the open elements: inline for ordinary depths, so reading an
/// ordinary document allocates nothing here.
#[derive(Default)]
struct Stack<'a> {
    inline: [&'a str; 16],
    len: usize,
    more: Vec<&'a str>,
}

impl<'a> Stack<'a> {
    fn len(&self) -> usize {
        self.len
    }
    fn is_empty(&self) -> bool {
        self.len == 0
    }
    fn push(&mut self, name: &'a str) {
        if self.len < self.inline.len() {
            self.inline[self.len] = name;
        } else {
            self.more.push(name);
        }
        self.len += 1;
    }
    fn pop(&mut self) -> Option<&'a str> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        if self.len < self.inline.len() {
            Some(self.inline[self.len])
        } else {
            self.more.pop()
        }
    }
    fn last(&self) -> Option<&'a str> {
        match self.len {
            0 => None,
            n if n <= self.inline.len() => Some(self.inline[n - 1]),
            _ => self.more.last().copied(),
        }
    }
}
