//! The document as a stream of tokens, with well-formedness, DOCTYPE and
//! processing instruction refusal, depth and size limits checked here once for
//! every reader.
//!
//! Two engines read it. quick-xml (`quick`) reads any document. A hand-written
//! scanner (`fast`, over `scan`'s primitives) reads the documents libvirt writes —
//! elements, quoted attributes, plain text and comments, after an optional XML
//! declaration — with no allocation and each attribute parsed once; it accepts
//! and refuses exactly what quick-xml does, with the same messages and offsets
//! (`tokens_diff` compares the two). One pass over the whole document, before
//! the first token, picks the engine.
//!
//! A token is one byte: the tag or text it stands for stays here ([`Tokens::tag`],
//! [`Tokens::text`]), built in place, so that handing tokens up through the
//! readers moves nothing.

mod fast;
mod quick;

use std::borrow::Cow;

use arrayvec::ArrayVec;
use quick_xml::Reader;

use super::scan;
use super::tag::{is_xml_char, Tag};
use super::{MAX_DEPTH, MAX_INPUT_BYTES};
use crate::error::Error;
use crate::value::cut;

/// What comes next in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// A start tag: [`Tokens::tag`].
    Open,
    /// An empty-element tag: [`Tokens::tag`].
    Empty,
    /// The end of the element opened last.
    Close,
    /// Character data: [`Tokens::text`].
    Text,
    /// The end of the document.
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
    /// The last start or empty-element tag.
    tag: Tag<'a>,
    /// The last text.
    text: Cow<'a, str>,
    root_done: bool,
    started: bool,
    /// Whether an element name read so far holds a quote (the fast engine then
    /// reads every end tag the general way).
    quoted_names: bool,
    /// Whether reading the document has already failed.
    failed: bool,
}

/// Which reader turns the document into tokens. Both accept and refuse the same
/// documents, with the same statuses (the `tokens_diff` tests compare them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// Not chosen yet: the first token looks at the whole document first
    /// ([`Tokens::engine_for`]). (So [`Tokens::new`] cannot fail, and the reader,
    /// which is large, is made where it is kept rather than moved there.)
    Unread,
    /// quick-xml, for any document.
    Quick,
    /// The hand-written scanner, for documents with no references, no CDATA,
    /// DOCTYPE or processing instruction: what libvirt writes.
    Fast,
    /// quick-xml for the `<?…?>` the document starts with; then the fast engine
    /// if the last construct outside its subset, which starts at `last_unsafe`,
    /// was inside that declaration, or quick-xml on.
    AfterDecl { last_unsafe: usize },
}

impl<'a> Tokens<'a> {
    /// Tokens of `input`; the document is checked as a whole by the first call
    /// to [`Tokens::next`], which reports what is wrong with it.
    pub(crate) fn new(input: &'a str) -> Tokens<'a> {
        Tokens::with_engine(input, Engine::Unread)
    }

    /// The checks on the document as a whole, and the engine that reads it.
    fn engine_for(input: &str) -> Result<Engine, Error> {
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
        Ok(match survey.last_unsafe {
            None => Engine::Fast,
            Some(last_unsafe) if input.starts_with("<?") => Engine::AfterDecl { last_unsafe },
            Some(_) => Engine::Quick,
        })
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
            tag: Tag::default(),
            text: Cow::Borrowed(""),
            root_done: false,
            started: false,
            quoted_names: false,
            failed: false,
        }
    }

    /// Reads `input` with quick-xml whatever it holds (for the differential tests).
    #[cfg(test)]
    pub(crate) fn new_quick(input: &'a str) -> Result<Tokens<'a>, Error> {
        Tokens::engine_for(input).map(|_| Tokens::with_engine(input, Engine::Quick))
    }

    /// Whether the fast engine reads (or will read, after the declaration) this
    /// document; the error it is refused with, before reading, if it is.
    #[cfg(test)]
    pub(crate) fn reads_fast(input: &str) -> Result<bool, Error> {
        Ok(match Tokens::engine_for(input)? {
            Engine::Unread | Engine::Quick => false,
            Engine::Fast => true,
            Engine::AfterDecl { last_unsafe } => {
                let mut reader = Reader::from_str(input);
                matches!(reader.read_event(), Ok(quick_xml::events::Event::Decl(_)))
                    && last_unsafe < reader.buffer_position() as usize
            }
        })
    }

    /// Whether reading the document has failed: no token can be read after that,
    /// and the error that said so stands for the whole document.
    pub(crate) fn failed(&self) -> bool {
        self.failed
    }

    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    /// The tag of the last [`Token::Open`] or [`Token::Empty`].
    #[inline]
    pub(crate) fn tag(&self) -> &Tag<'a> {
        &self.tag
    }

    /// The text of the last [`Token::Text`].
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Whether the last text was decoded (from references) rather than borrowed.
    #[cfg(test)]
    pub(crate) fn text_is_decoded(&self) -> bool {
        matches!(self.text, Cow::Owned(_))
    }

    #[inline(always)]
    pub(crate) fn next(&mut self) -> Result<Token, Error> {
        self.next_token(false)
    }

    /// The next token that is not text, for readers that ignore the text between
    /// elements: the fast engine steps over it without making a token of it.
    #[inline(always)]
    pub(crate) fn next_not_text(&mut self) -> Result<Token, Error> {
        self.next_token(true)
    }

    #[inline(always)]
    fn next_token(&mut self, skip_text: bool) -> Result<Token, Error> {
        loop {
            // Dispatched each time round: reading the declaration may switch engines.
            let token = match self.engine {
                Engine::Fast => self.fast_next(skip_text),
                Engine::Unread => match self.start() {
                    Ok(()) => continue,
                    Err(e) => Err(e),
                },
                _ => self.quick_next(),
            };
            match token {
                Ok(Token::Text) if skip_text => continue,
                Ok(token) => return Ok(token),
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
            }
        }
    }

    /// Chooses the engine, once: out of line, so that the step taken for every
    /// token stays small.
    #[inline(never)]
    fn start(&mut self) -> Result<(), Error> {
        self.engine = Tokens::engine_for(self.input)?;
        Ok(())
    }

    /// Starts a start or empty-element tag whose content (between `<` and `>` or
    /// `/>`) is `raw`; its attributes are recorded by the engine.
    #[inline]
    fn begin_tag(&mut self, raw: &'a str, name_len: usize, start: usize) -> Result<(), Error> {
        if self.root_done {
            return Err(Error::xml_syntax(
                "a second element after the root element",
                start,
            ));
        }
        self.tag.name = &raw[..name_len];
        self.tag.offset = start;
        self.tag.raw = raw;
        Ok(())
    }

    /// The tag begun and checked: the element opened (or, empty, done).
    #[inline]
    fn opened(&mut self, empty: bool) -> Result<Token, Error> {
        if empty {
            if self.open.is_empty() {
                self.root_done = true;
            }
            return Ok(Token::Empty);
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(Error::invalid(format!(
                "elements nest deeper than {MAX_DEPTH} levels, more than vifxml reads"
            ))
            .at(self.tag.offset));
        }
        self.open.push(self.tag.name);
        Ok(Token::Open)
    }

    /// An end tag named `name` at `start`.
    #[inline]
    fn close(&mut self, name: &str, start: usize) -> Result<Token, Error> {
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
    fn eof(&self) -> Result<Token, Error> {
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

    /// Reads up to the end of the element just opened, returning the offset and
    /// name of its first child element if it has one.
    pub(crate) fn skip(&mut self) -> Result<Option<(usize, &'a str)>, Error> {
        let depth = self.depth();
        let mut first_child = None;
        while self.depth() >= depth {
            match self.next_not_text()? {
                Token::Open | Token::Empty => {
                    first_child.get_or_insert((self.tag.offset, self.tag.name));
                }
                Token::Eof => unreachable!("Eof inside an open element is an error"),
                Token::Close | Token::Text => {}
            }
        }
        Ok(first_child)
    }
}

/// A quick-xml error, worded as quick-xml words it, at `at`.
fn quick_error(e: quick_xml::Error, at: usize) -> Error {
    Error::xml_syntax(cut(&e.to_string()), at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn walk(input: &str) -> Result<Vec<String>, Error> {
        let mut tokens = Tokens::new(input);
        let mut seen = Vec::new();
        loop {
            match tokens.next()? {
                Token::Open => seen.push(format!("<{}@{}", tokens.tag().name, tokens.tag().offset)),
                Token::Empty => {
                    seen.push(format!("<{}/@{}", tokens.tag().name, tokens.tag().offset))
                }
                Token::Close => seen.push(">".into()),
                Token::Text => seen.push(format!("'{}'", tokens.text().trim())),
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
        let mut tokens = Tokens::new(input);
        assert_eq!(tokens.next().unwrap(), Token::Empty);
        let tag = tokens.tag();
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

/// The names of the open elements: inline (and not initialised until used) for
/// ordinary depths, so reading an ordinary document allocates nothing here.
#[derive(Default)]
struct Stack<'a> {
    inline: ArrayVec<&'a str, 16>,
    more: Vec<&'a str>,
}

impl<'a> Stack<'a> {
    fn len(&self) -> usize {
        self.inline.len() + self.more.len()
    }
    fn is_empty(&self) -> bool {
        self.inline.is_empty()
    }
    fn push(&mut self, name: &'a str) {
        if let Err(full) = self.inline.try_push(name) {
            self.more.push(full.element());
        }
    }
    fn pop(&mut self) -> Option<&'a str> {
        self.more.pop().or_else(|| self.inline.pop())
    }
    fn last(&self) -> Option<&'a str> {
        self.more.last().or_else(|| self.inline.last()).copied()
    }
}
