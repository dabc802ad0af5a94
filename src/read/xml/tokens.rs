//! The document as a stream of tokens. Well-formedness is checked as the
//! tokens are read, by the rules in `syntax` (and `dtd`); here the structure —
//! one root element, end tags that match, what may stand outside the root —,
//! the refusals (DOCTYPE, processing instructions, another encoding, depth and
//! size limits) and the order of statuses: a document that is not well-formed
//! is XML_SYNTAX whatever else is wrong with it.
//!
//! Two engines read it. The fast engine (`fast`) reads the plain documents
//! libvirt writes — elements, quoted attributes, text and comments, after an
//! optional XML declaration — a byte scan with no allocation. At the first
//! token it does not read (anything else, or anything wrong) it hands the rest
//! of the document to the general engine (`quick`, quick-xml), which reads any
//! document. Both give the same tokens (`tokens_diff` compares them).
//!
//! A token is one byte: the tag or text it stands for stays here ([`Tokens::tag`],
//! [`Tokens::text`]), built in place, so that handing tokens up through the
//! readers moves nothing.

mod fast;
mod quick;

use std::borrow::Cow;
use std::rc::Rc;

use arrayvec::ArrayVec;
use quick_xml::Reader;

use super::dtd::Dtd;
use super::scan;
use super::syntax::is_xml_char;
use super::tag::Tag;
use super::{MAX_DEPTH, MAX_INPUT_BYTES};
use crate::error::{Error, Status};
use crate::value::cut;

#[cfg(fuzzing)]
thread_local! {
    static GENERAL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with the documents of this thread read by the general engine alone.
#[cfg(fuzzing)]
pub(crate) fn general_only<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            GENERAL_ONLY.set(self.0);
        }
    }
    let _restore = Restore(GENERAL_ONLY.replace(true));
    f()
}

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
    engine: Engine,
    /// Where the fast engine reads next.
    pos: usize,
    /// The survey found no rare byte ([`scan::rare`]).
    plain: bool,
    /// quick-xml's reader, once the general engine reads: over the input from
    /// `base` on.
    reader: Option<Reader<&'a [u8]>>,
    base: usize,
    /// Where the general engine took over (text before it was read already).
    resume: usize,
    open: Stack<'a>,
    /// Elements opened past [`MAX_DEPTH`], counted (not kept) while the rest of
    /// a refused document is checked.
    beyond: usize,
    /// The last start or empty-element tag.
    tag: Tag<'a>,
    /// The last text.
    text: Cow<'a, str>,
    /// Where the last text starts in the input.
    text_at: usize,
    root_done: bool,
    /// The DOCTYPE's declarations, once read.
    dtd: Option<Rc<Dtd>>,
    /// The XML declaration says `standalone='yes'`.
    standalone: bool,
    /// Reading the replacement text of an entity, which is content: no root
    /// element, nothing refused.
    fragment: bool,
    /// Checking the rest of the document for a syntax error: refusals are
    /// passed over.
    scanning: bool,
    /// Whether reading the document has already failed.
    failed: bool,
}

/// Which engine reads the next token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// The hand-written scanner, until the document leaves its subset.
    /// (First, so that telling it from the others is a test against zero.)
    Fast,
    /// Not started: the first token looks at the whole document first
    /// ([`Tokens::start`]; so [`Tokens::new`] cannot fail).
    Unread,
    /// quick-xml, from `base` to the end.
    Quick,
}

impl<'a> Tokens<'a> {
    /// Tokens of `input`; the document is checked as a whole by the first call
    /// to [`Tokens::next`], which reports what is wrong with it.
    pub(crate) fn new(input: &'a str) -> Tokens<'a> {
        Tokens {
            input,
            engine: Engine::Unread,
            pos: 0,
            plain: false,
            reader: None,
            base: 0,
            resume: 0,
            open: Stack::default(),
            beyond: 0,
            tag: Tag {
                text: input,
                ..Tag::default()
            },
            text: Cow::Borrowed(""),
            text_at: 0,
            root_done: false,
            dtd: None,
            standalone: false,
            fragment: false,
            scanning: false,
            failed: false,
        }
    }

    /// Tokens of `input` for a reading that only locates places after the
    /// document was judged: refusals (INVALID) are passed over, as when the rest
    /// of a refused document is checked for syntax, and the tokens go on.
    pub(crate) fn past_refusals(input: &'a str) -> Tokens<'a> {
        let mut tokens = Tokens::new(input);
        tokens.scanning = true;
        tokens
    }

    /// Tokens of the replacement text of an entity of `dtd`, read as content.
    pub(super) fn fragment(text: &'a str, dtd: Rc<Dtd>) -> Tokens<'a> {
        let mut tokens = Tokens::new(text);
        tokens.fragment = true;
        tokens.dtd = Some(dtd);
        tokens.hand_over(0);
        tokens
    }

    /// Reads `input` with the general engine only (for the differential tests).
    #[cfg(test)]
    pub(crate) fn new_general(input: &'a str) -> Tokens<'a> {
        let mut tokens = Tokens::new(input);
        if tokens.start().is_ok() {
            tokens.hand_over(0);
        }
        tokens
    }

    /// Where the fast engine handed over to the general one, if it has.
    #[cfg(test)]
    pub(crate) fn handed_over_at(&self) -> Option<usize> {
        (self.engine == Engine::Quick).then_some(self.resume)
    }

    /// Whether the fast engine reads (the general one has not taken over).
    #[cfg(test)]
    pub(crate) fn reading_fast(&self) -> bool {
        self.engine == Engine::Fast
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

    /// Where the text of the last [`Token::Text`] starts in the input.
    pub(crate) fn text_offset(&self) -> usize {
        self.text_at
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

    /// Whether reading the document has failed: no token can be read after that,
    /// and the error that said so stands for the whole document.
    pub(crate) fn failed(&self) -> bool {
        self.failed
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
            let token = match self.engine {
                Engine::Fast => match self.fast_next(skip_text) {
                    Some(token) => return Ok(token),
                    None => {
                        self.hand_over(self.pos);
                        continue;
                    }
                },
                Engine::Quick => self.quick_next(),
                Engine::Unread => match self.start() {
                    Ok(()) => continue,
                    Err(e) => Err(e),
                },
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

    /// The checks on the document as a whole, once, before the fast engine
    /// reads it: out of line, so that the step taken for every token stays small.
    #[inline(never)]
    fn start(&mut self) -> Result<(), Error> {
        let input = self.input;
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::invalid(format!(
                "the document is {} bytes; vifxml reads at most {MAX_INPUT_BYTES} bytes",
                input.len()
            )));
        }
        let survey = scan::survey(input.as_bytes());
        if survey.suspect {
            if let Some((at, c)) = input.char_indices().find(|&(_, c)| !is_xml_char(c)) {
                return Err(Error::xml_syntax(
                    format!("{c:?} is a character XML forbids in a document"),
                    at,
                ));
            }
        }
        if input.starts_with('\u{feff}') {
            // The caller has already dropped the byte-order mark (`utf8_text`):
            // this U+FEFF is a character of the document, text before the root
            // element, and the first thing wrong with it. (quick-xml would take
            // it for a byte-order mark and skip it without counting it in its
            // positions.)
            return Err(Error::xml_syntax("text outside the root element", 0));
        }
        self.plain = survey.plain;
        self.engine = Engine::Fast;
        #[cfg(fuzzing)]
        if GENERAL_ONLY.get() {
            self.hand_over(0);
        }
        Ok(())
    }

    /// Hands the rest of the document, from `at` (a token boundary), to the
    /// general engine.
    #[cold]
    #[inline(never)]
    fn hand_over(&mut self, at: usize) {
        // quick-xml takes a U+FEFF where it starts reading for a byte-order
        // mark and skips it: it starts one byte early then, on the '>' that
        // ends the markup before (text before `resume` is not read again).
        let from = if at > 0 && self.input[at..].starts_with('\u{feff}') {
            at - 1
        } else {
            at
        };
        let mut reader = Reader::from_str(&self.input[from..]);
        // End tags are matched against `open` here, which also bounds the depth.
        reader.config_mut().check_end_names = false;
        reader.config_mut().allow_unmatched_ends = true;
        self.reader = Some(reader);
        self.base = from;
        self.resume = at;
        self.engine = Engine::Quick;
    }

    /// The start or empty-element tag read at `start` (its `>` at `end`), after
    /// the root element's if there is one.
    #[inline]
    fn begin_tag(
        &mut self,
        start: usize,
        end: usize,
        empty: bool,
        name_len: usize,
    ) -> Result<(), Error> {
        if self.root_done {
            return Err(Error::xml_syntax(
                "a second element after the root element",
                start,
            ));
        }
        self.tag.name = &self.input[start + 1..start + 1 + name_len];
        self.tag.offset = start;
        self.tag.raw_end = end - usize::from(empty);
        Ok(())
    }

    /// The tag begun: the element opened (or, empty, done).
    fn opened(&mut self, empty: bool) -> Result<Token, Error> {
        if empty {
            self.root_done = self.open.is_empty() && !self.fragment;
            return Ok(Token::Empty);
        }
        if self.open.len() >= MAX_DEPTH && !self.fragment {
            self.beyond += 1;
            let e = Error::invalid(format!(
                "elements nest deeper than {MAX_DEPTH} levels, more than vifxml reads"
            ));
            return Err(self.refuse(e.at(self.tag.offset)));
        }
        self.open.push(self.tag.name);
        Ok(Token::Open)
    }

    /// An end tag named `name` at `start`.
    fn close(&mut self, name: &str, start: usize) -> Result<Token, Error> {
        if self.beyond > 0 {
            self.beyond -= 1;
            return Ok(Token::Close);
        }
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
        self.root_done = self.open.is_empty() && !self.fragment;
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
        if !self.root_done && !self.fragment {
            return Err(Error::xml_syntax(
                "the document has no root element",
                self.input.len(),
            ));
        }
        Ok(Token::Eof)
    }

    /// A refusal of a well-formed document (INVALID): the first syntax error
    /// in the rest of the document instead, if there is one.
    #[cold]
    fn refuse(&mut self, e: Error) -> Error {
        if self.scanning {
            return e;
        }
        self.scan().unwrap_or(e)
    }

    /// After an error that is not about syntax: the first syntax error in the rest
    /// of the document, if any, which a caller reports instead (a document that is
    /// not well-formed is XML_SYNTAX, whatever else is wrong with it).
    pub(crate) fn syntax_error_in_rest(&mut self) -> Option<Error> {
        if self.failed {
            // The document itself was refused here, its rest checked already.
            return None;
        }
        self.scan()
    }

    fn scan(&mut self) -> Option<Error> {
        self.scanning = true;
        let found = loop {
            match self.next_not_text() {
                Ok(Token::Eof) => break None,
                Ok(_) => {}
                Err(e) if e.status() == Status::XmlSyntax => break Some(e),
                // Further refusals: the first one stands.
                Err(e) if e.status() == Status::Invalid => {}
                Err(_) => break None,
            }
        };
        self.scanning = false;
        self.failed = true;
        found
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

/// The names of the open elements: inline (and not initialised until used) for
/// ordinary depths, so reading an ordinary document allocates nothing here.
#[derive(Default)]
struct Stack<'a> {
    inline: ArrayVec<&'a str, { Stack::INLINE }>,
    more: Vec<&'a str>,
}

// `Stack::at_least(MAX_DEPTH)` looks at `more` first.
const _: () = assert!(Stack::INLINE < MAX_DEPTH);

impl<'a> Stack<'a> {
    const INLINE: usize = 16;

    fn len(&self) -> usize {
        self.inline.len() + self.more.len()
    }
    /// Whether `depth` elements or more are open, `depth` being more than
    /// the inline part holds: looked at for every tag, so `more` (empty but
    /// in deep documents) is looked at first.
    #[inline(always)]
    fn at_least(&self, depth: usize) -> bool {
        !self.more.is_empty() && self.len() >= depth
    }
    fn is_empty(&self) -> bool {
        self.inline.is_empty()
    }
    fn push(&mut self, name: &'a str) {
        if let Err(full) = self.inline.try_push(name) {
            self.more.push(full.element());
        }
    }
    // `more` is looked at first and alone: it is empty but in deep documents.
    // (Always inlined: a load and a store, met at every end tag.)
    #[inline(always)]
    fn pop(&mut self) -> Option<&'a str> {
        match self.more.is_empty() {
            true => self.inline.pop(),
            false => self.more.pop(),
        }
    }
    fn last(&self) -> Option<&'a str> {
        match self.more.is_empty() {
            true => self.inline.last().copied(),
            false => self.more.last().copied(),
        }
    }
}
