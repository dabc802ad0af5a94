//! The document as a stream of tags, with well-formedness, DOCTYPE and processing
//! instruction refusal, depth and size limits checked here once for every reader.
//!
//! Two engines read it. quick-xml reads any document. A hand-written scanner
//! (`scan`) reads the documents libvirt writes — elements, quoted attributes,
//! plain text and comments, after an optional XML declaration — with no
//! allocation and each attribute parsed once; it accepts and refuses exactly
//! what quick-xml does, with the same messages and offsets (`tokens_diff`
//! compares the two). One pass in [`Tokens::new`] picks the engine.

use std::borrow::Cow;

use quick_xml::errors::{IllFormedError, SyntaxError};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::{AttrError, Attribute, Attributes};
use quick_xml::events::Event;
use quick_xml::name::QName;
use quick_xml::{Reader, XmlVersion};

use super::scan;
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
    /// The attributes found when the tag was read and checked.
    spans: Spans,
}

/// One attribute: name, decoded value, and the offset of the value in the input.
pub(crate) struct Attr<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
    pub offset: usize,
}

/// Where a tag's attributes lie in its `raw` content, found once when the tag is
/// read so that [`Tag::attrs`] need not parse them again. Inline and `Copy`, and
/// small (byte offsets), since every token is moved a few times on its way: a
/// tag with more than [`Spans::INLINE`] attributes, or longer than `u8` can
/// say (rare: libvirt's tags are short), is marked instead, and `attrs` parses
/// its attributes again (with quick-xml's parser, which reads exactly what the
/// tag was checked with).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Spans {
    pub list: [Span; Spans::INLINE],
    /// How many are in `list`, or `Spans::MANY`.
    pub len: u8,
    /// Bit i: value i holds `\t`, `\n`, `\r` or `&`, so it is normalised on
    /// reading (the only case that allocates).
    normalize: u8,
}

/// An attribute's name and value (between its quotes) as offsets in `raw`.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Span {
    pub name: u8,
    pub name_len: u8,
    pub value: u8,
    pub value_len: u8,
}

impl Spans {
    pub const INLINE: usize = 8;
    const MANY: u8 = u8::MAX;

    /// Records an attribute; past the inline capacity, or for a tag too long
    /// for `u8` offsets, marks the tag for parsing again instead.
    #[inline]
    pub fn push(&mut self, name: (usize, usize), value: (usize, usize), normalize: bool) {
        let n = self.len as usize;
        if n >= Self::INLINE || value.0 + value.1 > u8::MAX as usize {
            self.len = Self::MANY;
            return;
        }
        self.list[n] = Span {
            name: name.0 as u8,
            name_len: name.1 as u8,
            value: value.0 as u8,
            value_len: value.1 as u8,
        };
        self.normalize |= u8::from(normalize) << n;
        self.len += 1;
    }
}

/// Whether an attribute value needs XML 1.0 normalisation or decoding.
#[inline]
fn needs_normalizing(value: &[u8]) -> bool {
    value
        .iter()
        .any(|&b| matches!(b, b'\t' | b'\n' | b'\r' | b'&'))
}

/// A tag's attributes in document order.
pub(crate) enum Attrs<'t, 'a> {
    Stored {
        tag: &'t Tag<'a>,
        next: usize,
    },
    Parsed {
        attributes: Attributes<'a>,
        raw: &'a str,
        tag_offset: usize,
    },
}

impl<'a> Iterator for Attrs<'_, 'a> {
    type Item = Attr<'a>;

    #[inline]
    fn next(&mut self) -> Option<Attr<'a>> {
        match self {
            Attrs::Stored { tag, next } => {
                let i = *next;
                if i >= tag.spans.len as usize {
                    return None;
                }
                *next += 1;
                tag.stored(i)
            }
            Attrs::Parsed {
                attributes,
                raw,
                tag_offset,
            } => loop {
                let Ok(a) = attributes.next()? else { continue };
                let name = a.key.into_inner();
                let offset = offset_in(raw, &a.value).map_or(*tag_offset, |v| *tag_offset + 1 + v);
                let Ok(value) = a.normalized_value(XmlVersion::Implicit1_0) else {
                    continue;
                };
                return Some(Attr {
                    name,
                    value,
                    offset,
                });
            },
        }
    }
}

impl<'a> Tag<'a> {
    /// The attributes in document order. The tag was checked when it was read, so
    /// this cannot meet a syntax error.
    pub(crate) fn attrs(&self) -> Attrs<'_, 'a> {
        if self.spans.len == Spans::MANY {
            let mut attributes = Attributes::new(self.raw, self.name.len());
            attributes.with_checks(false);
            Attrs::Parsed {
                attributes,
                raw: self.raw,
                tag_offset: self.offset,
            }
        } else {
            Attrs::Stored { tag: self, next: 0 }
        }
    }

    /// The attribute named `name`, if the tag has it. (A tag has no duplicates.)
    pub(crate) fn attr(&self, name: &str) -> Option<Attr<'a>> {
        if self.spans.len == Spans::MANY {
            return self.attrs().find(|a| a.name == name);
        }
        let spans = &self.spans.list[..usize::from(self.spans.len)];
        // Names compared as spans of the tag: no `Attr` is made for the others.
        let i = spans.iter().position(|s| {
            let n = usize::from(s.name);
            self.raw
                .get(n..n + usize::from(s.name_len))
                .is_some_and(|s| scan::same_name(s, name))
        })?;
        self.stored(i)
    }

    /// The `i`th attribute recorded in `spans`.
    #[inline]
    fn stored(&self, i: usize) -> Option<Attr<'a>> {
        let span = self.spans.list[i];
        let raw = self.raw;
        let (n, v) = (span.name as usize, span.value as usize);
        let name = raw.get(n..n + span.name_len as usize)?;
        let value = raw.get(v..v + span.value_len as usize)?;
        let value = if self.spans.normalize & (1 << i) != 0 {
            Attribute {
                key: QName(name),
                value: Cow::Borrowed(value),
            }
            .normalized_value(XmlVersion::Implicit1_0)
            .ok()?
        } else {
            Cow::Borrowed(value)
        };
        Some(Attr {
            name,
            value,
            offset: self.offset + 1 + v,
        })
    }

    /// Reads and checks every attribute once with quick-xml's parser: syntax,
    /// references, no duplicates. Records where they are.
    fn check(&mut self) -> Result<(), Error> {
        let mut attributes = Attributes::new(self.raw, self.name.len());
        attributes.with_checks(false);
        let mut seen = Seen::default();
        for attribute in attributes {
            let attribute = attribute.map_err(|e| self.attr_error(e))?;
            let name = attribute.key.into_inner();
            let at =
                offset_in(self.raw, &attribute.value).map_or(self.offset, |v| self.offset + 1 + v);
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
            seen.add(name, self.name, at)?;
            match (
                offset_in(self.raw, name),
                offset_in(self.raw, &attribute.value),
            ) {
                (Some(n), Some(v)) => self.spans.push(
                    (n, name.len()),
                    (v, attribute.value.len()),
                    matches!(value, Cow::Owned(_)),
                ),
                _ => self.spans.len = Spans::MANY,
            }
        }
        Ok(())
    }

    /// The same checks with the fast engine's parser, for a tag of the subset
    /// (no references): syntax and no duplicates.
    fn check_fast(&mut self) -> Result<(), Error> {
        let raw = self.raw.as_bytes();
        let mut pos = self.name.len();
        let mut seen = Seen::default();
        while let Some(attr) = scan::next_attr(raw, &mut pos).map_err(|e| self.attr_error(e))? {
            let name = &self.raw[attr.name.clone()];
            let at = self.offset + 1 + attr.value.start;
            seen.add(name, self.name, at)?;
            let value = &raw[attr.value.clone()];
            self.spans.push(
                (attr.name.start, attr.name.len()),
                (attr.value.start, value.len()),
                needs_normalizing(value),
            );
        }
        Ok(())
    }

    fn attr_error(&self, e: AttrError) -> Error {
        Error::xml_syntax(
            format!("in <{}>: {}", cut(self.name), cut(&e.to_string())),
            self.offset,
        )
    }
}

/// The attribute names of one tag so far, to refuse a duplicate. A tag rarely
/// has more than a few attributes: compare against a small array first so that
/// ordinary documents need no allocation here.
#[derive(Default)]
struct Seen<'a> {
    few: [&'a str; 8],
    count: usize,
    many: Vec<&'a str>,
}

impl<'a> Seen<'a> {
    #[inline]
    fn add(&mut self, name: &'a str, tag: &str, at: usize) -> Result<(), Error> {
        let count = self.count;
        let seen = if count < self.few.len() {
            &self.few[..count]
        } else {
            &self.many[..]
        };
        if seen.contains(&name) {
            return Err(Error::xml_syntax(
                format!("attribute {} appears twice in <{}>", cut(name), cut(tag)),
                at,
            ));
        }
        if count < self.few.len() {
            self.few[count] = name;
            if count + 1 == self.few.len() {
                self.many.extend_from_slice(&self.few);
            }
        } else {
            self.many.push(name);
        }
        self.count += 1;
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

/// A quick-xml error, worded as quick-xml words it, at `at`.
fn quick_error(e: quick_xml::Error, at: usize) -> Error {
    Error::xml_syntax(cut(&e.to_string()), at)
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
    /// quick-xml's reader: the engine for any document, and for the XML
    /// declaration of a document the fast engine reads after it.
    reader: Reader<&'a [u8]>,
    engine: Engine,
    /// Where the fast engine reads next.
    pos: usize,
    open: Stack<'a>,
    root_done: bool,
    started: bool,
    /// Whether reading the document has already failed.
    failed: bool,
}

/// How a tag's attributes are checked and found.
enum Check {
    /// By quick-xml's attribute parser.
    Quick,
    /// By the fast engine's, which reads them as quick-xml's does.
    Fast,
    /// Already, by `scan::plain_tag`.
    Done(Spans),
}

/// Which reader turns the document into tokens. Both accept and refuse the same
/// documents, with the same statuses (the `tokens_diff` tests compare them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// quick-xml, for any document.
    Quick,
    /// The hand-written scanner (`scan`), for documents with no references, no
    /// CDATA, DOCTYPE or processing instruction: what libvirt writes.
    Fast,
    /// quick-xml for the `<?…?>` the document starts with; then the fast engine
    /// if the last construct outside its subset, which starts at `last_unsafe`,
    /// was inside that declaration, or quick-xml on.
    AfterDecl { last_unsafe: usize },
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(input: &'a str) -> Result<Tokens<'a>, Error> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::invalid(format!(
                "the document is {} bytes; vifxml reads at most {MAX_INPUT_BYTES} bytes",
                input.len()
            )));
        }
        let survey = scan::survey(input.as_bytes());
        if let Some(at) = survey
            .suspect
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
        if input.starts_with('\u{feff}') {
            // The caller has already dropped the byte-order mark (`utf8_text`):
            // this U+FEFF is a character of the document, text before the root
            // element, and the first thing wrong with it. (quick-xml would take
            // it for a byte-order mark and skip it without counting it in its
            // positions.)
            return Err(Error::xml_syntax("text outside the root element", 0));
        }
        let engine = match survey.last_unsafe {
            None => Engine::Fast,
            Some(last_unsafe) if input.starts_with("<?") => Engine::AfterDecl { last_unsafe },
            Some(_) => Engine::Quick,
        };
        Ok(Tokens::with_engine(input, engine))
    }

    fn with_engine(input: &'a str, engine: Engine) -> Tokens<'a> {
        let mut reader = Reader::from_str(input);
        // End tags are matched against `open` here, which also bounds the depth.
        reader.config_mut().check_end_names = false;
        Tokens {
            input,
            reader,
            engine,
            pos: 0,
            open: Stack::default(),
            root_done: false,
            started: false,
            failed: false,
        }
    }

    /// Reads `input` with quick-xml whatever it holds (for the differential tests).
    #[cfg(test)]
    pub(crate) fn new_quick(input: &'a str) -> Result<Tokens<'a>, Error> {
        Tokens::new(input).map(|_| Tokens::with_engine(input, Engine::Quick))
    }

    /// Whether the fast engine reads (or will read, after the declaration) this
    /// document.
    #[cfg(test)]
    pub(crate) fn is_fast(&self) -> bool {
        match self.engine {
            Engine::Quick => false,
            Engine::Fast => true,
            Engine::AfterDecl { last_unsafe } => {
                let mut reader = Reader::from_str(self.input);
                matches!(reader.read_event(), Ok(Event::Decl(_)))
                    && last_unsafe < reader.buffer_position() as usize
            }
        }
    }

    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    pub(crate) fn next(&mut self) -> Result<Token<'a>, Error> {
        self.next_token(false)
    }

    /// The next token that is not text, for readers that ignore the text between
    /// elements: the fast engine steps over it without making a token of it.
    pub(crate) fn next_not_text(&mut self) -> Result<Token<'a>, Error> {
        self.next_token(true)
    }

    #[inline]
    fn next_token(&mut self, skip_text: bool) -> Result<Token<'a>, Error> {
        loop {
            // Dispatched each time round: reading the declaration may switch engines.
            let token = match self.engine {
                Engine::Fast => self.fast_next(skip_text),
                _ => self.quick_next(),
            };
            if skip_text && matches!(token, Ok(Token::Text(_))) {
                continue;
            }
            self.failed |= token.is_err();
            return token;
        }
    }

    fn quick_next(&mut self) -> Result<Token<'a>, Error> {
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
    fn quick_step(&mut self) -> Result<Option<Token<'a>>, Error> {
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
                    .ok_or_else(|| Error::Internal {
                        message: format!("tag bounds {start}..{end} do not fit the input"),
                    })?;
                self.tag(raw, name_len, start, empty, Check::Quick)?
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
                Token::Text(Cow::Borrowed(rebase(self.input, &text).unwrap_or("")))
            }
            Event::CData(data) => {
                if self.open.is_empty() {
                    return Err(Error::xml_syntax("CDATA outside the root element", start));
                }
                Token::Text(Cow::Borrowed(rebase(self.input, &data).unwrap_or("")))
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
                Token::Text(resolved)
            }
            Event::Comment(_) => return Ok(None),
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
                return Ok(None);
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
            Event::Eof => self.eof()?,
        };
        Ok(Some(token))
    }

    /// The next token by the fast engine: the same tokens and errors as
    /// `quick_next` for the documents it reads.
    fn fast_next(&mut self, skip_text: bool) -> Result<Token<'a>, Error> {
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
                return Ok(Token::Text(Cow::Borrowed(&input[start..end])));
            }
            match bytes.get(start + 1) {
                None => return Err(quick_error(SyntaxError::UnclosedTag.into(), start)),
                // Every `<!` here opens a comment (the survey saw to it).
                Some(b'!') => match scan::comment_end(bytes, start) {
                    Some(end) => self.pos = end + 1,
                    None => return Err(quick_error(SyntaxError::UnclosedComment.into(), start)),
                },
                Some(b'/') => {
                    let end =
                        scan::tag_end(bytes, start).map_err(|e| quick_error(e.into(), start))?;
                    self.pos = end + 1;
                    // Trailing whitespace is not part of the name, unless the name
                    // is nothing but whitespace (as quick-xml trims it).
                    let content = &input[start + 2..end];
                    let name = match content.bytes().rposition(|b| !scan::is_ws(b)) {
                        Some(last) => &content[..last + 1],
                        None => content,
                    };
                    if self.open.is_empty() {
                        let e = IllFormedError::UnmatchedEndTag(name.to_owned());
                        return Err(quick_error(e.into(), start));
                    }
                    return self.close(name, start);
                }
                Some(b'?') => {
                    return Err(Error::Internal {
                        message: format!("the fast reader met <? at {start}"),
                    })
                }
                Some(_) => {
                    let mut spans = Spans::default();
                    if let Some(plain) = scan::plain_tag(bytes, start, &mut spans) {
                        self.pos = plain.end + 1;
                        let raw = &input[start + 1..plain.end - usize::from(plain.empty)];
                        return self.tag(
                            raw,
                            plain.name_len,
                            start,
                            plain.empty,
                            Check::Done(spans),
                        );
                    }
                    // Anything unusual, the exact way: the end of the tag first
                    // (quotes paired anywhere), then its attributes.
                    let end =
                        scan::tag_end(bytes, start).map_err(|e| quick_error(e.into(), start))?;
                    self.pos = end + 1;
                    // `<x/>`; `<` is followed by neither `/` nor `!` here, so a `/`
                    // before `>` cannot be the `/` of `</`.
                    let empty = end > start + 1 && bytes[end - 1] == b'/';
                    let raw = &input[start + 1..if empty { end - 1 } else { end }];
                    let name_len = scan::name_len(raw.as_bytes());
                    return self.tag(raw, name_len, start, empty, Check::Fast);
                }
            }
        }
    }

    /// A start or empty-element tag whose content (between `<` and `>` or `/>`)
    /// is `raw`, checked; the element opened.
    #[inline]
    fn tag(
        &mut self,
        raw: &'a str,
        name_len: usize,
        start: usize,
        empty: bool,
        attrs: Check,
    ) -> Result<Token<'a>, Error> {
        if self.root_done {
            return Err(Error::xml_syntax(
                "a second element after the root element",
                start,
            ));
        }
        let mut tag = Tag {
            name: &raw[..name_len],
            offset: start,
            raw,
            spans: Spans::default(),
        };
        match attrs {
            Check::Quick => tag.check()?,
            Check::Fast => tag.check_fast()?,
            Check::Done(spans) => tag.spans = spans,
        }
        if empty {
            if self.open.is_empty() {
                self.root_done = true;
            }
            return Ok(Token::Empty(tag));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(Error::Invalid {
                message: format!(
                    "elements nest deeper than {MAX_DEPTH} levels, more than vifxml reads"
                ),
                offset: Some(start),
            });
        }
        self.open.push(tag.name);
        Ok(Token::Open(tag))
    }

    /// An end tag named `name` at `start`.
    #[inline]
    fn close(&mut self, name: &str, start: usize) -> Result<Token<'a>, Error> {
        match self.open.pop() {
            Some(open) if open == name => {}
            Some(open) => {
                return Err(Error::xml_syntax(
                    format!("</{}> closes <{}>", cut(name), cut(open)),
                    start,
                ))
            }
            None => {
                return Err(Error::xml_syntax(
                    format!("</{}> closes nothing", cut(name)),
                    start,
                ))
            }
        }
        if self.open.is_empty() {
            self.root_done = true;
        }
        Ok(Token::Close)
    }

    /// The end of the document.
    fn eof(&self) -> Result<Token<'a>, Error> {
        if let Some(open) = self.open.last() {
            return Err(Error::xml_syntax(
                format!("the document ends inside <{}>", cut(open)),
                self.input.len(),
            ));
        }
        if !self.root_done {
            return Err(Error::xml_syntax(
                "the document has no root element",
                self.input.len(),
            ));
        }
        Ok(Token::Eof)
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
            match self.next_not_text() {
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
            match self.next_not_text()? {
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
