//! The `vif` setting of a whole xl or xm config text.
//!
//! xl files are read with xl.cfg's syntax exactly as libxlutil reads it (Xen
//! 4.17): `#` comments, statements ended by a newline or `;`, quoted strings with
//! escapes, flat or nested lists with an optional trailing comma, `name += value`
//! appending. Every other setting is read only as far as its syntax, so that
//! vifxml reads no file xl refuses.
//!
//! xm files are Python (xend ran them). Each Python statement (see
//! [`python`]) is read with the same grammar, with Python's lexical leniency
//! (CR line ends, any name, `'''…'''` and `"""…"""` strings); one the grammar
//! cannot read (`import os, re`, a `def` block, `%` formatting, a call) is skipped
//! with a warning — unless it mentions `vif`: the vif list is never guessed.
//!
//! The text is bytes: only the strings of the final `vif` list must be UTF-8
//! (comments and other settings may hold any byte, as libxlutil allows).
//!
//! Reading is two passes over the text, so that memory stays small whatever the
//! file holds: the first checks the whole syntax and finds which `vif` statements
//! make up the final list (the last `vif =` and the `vif +=` after it); the second
//! reads that list's entries one at a time, for the caller to convert.

mod python;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::find_string_stop;
use crate::error::{Error, Status};
use crate::report::Report;
use crate::value::shown;

/// One entry of the final `vif` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub text: Cow<'a, str>,
    /// Offset of the entry's first character in the config text.
    pub offset: usize,
    /// Whether `text` is the config's bytes unchanged (no escapes), so that offsets
    /// inside it map straight onto the config.
    pub verbatim: bool,
    /// 1-based line of the entry.
    pub line: usize,
}

/// Which reader's rules apply. xl's are libxlutil's exactly (Unix line endings,
/// lower-case names, a final newline after a comment, no Python), so that vifxml
/// accepts no file xl would refuse; xm files are Python, which is laxer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    Xl,
    Xm,
}

/// Nesting deeper than this is refused rather than followed (no setting needs it).
const MAX_LIST_DEPTH: usize = 64;

/// A UTF-8 byte-order mark, which Python reads at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Where the final `vif` list comes from: the list values of the statements that
/// make it up, in order (the last `vif =` and every `vif +=` after it).
#[derive(Debug, Default)]
pub(crate) struct VifSetting {
    parts: Vec<Part>,
}

/// A list value: the offset of its `[`, that offset's line, and the offset
/// after its `]`.
#[derive(Clone, Copy, Debug)]
struct Part {
    at: usize,
    line: usize,
    end: usize,
}

/// Reads a config text's whole syntax and finds its `vif` setting (empty when
/// there is none). xm statements that are skipped are reported to `report`.
pub(crate) fn read_vif_setting(
    text: &[u8],
    flavour: Flavour,
    report: &mut Report,
) -> Result<VifSetting, Error> {
    let start = first_byte(text, flavour);
    let mut appended: HashSet<&[u8]> = HashSet::new();
    let mut vif = Vif::Unset;
    each_statement(text, start, flavour, &mut |event| match event {
        Event::Setting(s) => {
            if s.append {
                appended.insert(s.name);
            }
            if s.name == b"vif" {
                vif.apply(&s);
            }
            Ok(())
        }
        Event::Python(p) => python_statement(text, &p, report),
    })?;
    if !appended.is_empty() {
        check_appends(text, start, flavour, &appended)?;
    }
    match vif {
        Vif::Unset => Ok(VifSetting::default()),
        Vif::List(parts) => Ok(VifSetting { parts }),
        Vif::Scalar(line, at) => Err(syntax(
            line,
            "vif must be a list, as in vif = [ 'bridge=xenbr0' ]",
        )
        .at(at)
        .with_path("vif")),
    }
}

impl VifSetting {
    /// How many bytes of the config text the list's values span.
    pub(crate) fn text_len(&self) -> usize {
        self.parts.iter().map(|p| p.end - p.at).sum()
    }

    /// Hands each entry of the list to `f`, in order. An entry that is not UTF-8,
    /// or holds a numeric escape, or is itself a list, stops the reading.
    pub(crate) fn for_each_entry<'a>(
        &self,
        text: &'a [u8],
        flavour: Flavour,
        mut f: impl FnMut(usize, Entry<'a>),
    ) -> Result<(), Error> {
        let mut n = 0;
        for part in &self.parts {
            let mut lexer = Lexer::new(text, part.at, text.len(), part.line, flavour);
            let open = lexer.next()?;
            debug_assert!(matches!(open.token, Token::Open), "{open:?}");
            let mut item = |lexer: &Lexer<'a>, tok: Tok<'a>| {
                n += 1;
                let entry = match tok.token {
                    Token::Str(q) => lexer
                        .entry(q, tok.line)
                        .map_err(|e| e.with_path(&format!("vif[{n}]")))?,
                    Token::Number(digits) => Entry {
                        // ASCII by the lexer's rules.
                        text: String::from_utf8_lossy(digits),
                        offset: tok.at,
                        verbatim: true,
                        line: tok.line,
                    },
                    _ => {
                        return Err(syntax(tok.line, "vif entries must be strings, not lists")
                            .at(tok.at)
                            .with_path(&format!("vif[{n}]")))
                    }
                };
                f(n, entry);
                Ok(())
            };
            lexer.list(1, Some(&mut item))?;
        }
        Ok(())
    }
}

/// Where the reading starts: after a byte-order mark in an xm file (Python reads
/// it; xl refuses it, which the caller reports).
fn first_byte(text: &[u8], flavour: Flavour) -> usize {
    match flavour {
        Flavour::Xm if text.starts_with(BOM) => BOM.len(),
        _ => 0,
    }
}

/// What `vif` holds so far.
enum Vif {
    Unset,
    List(Vec<Part>),
    /// A string or number (and where), which a later `vif = [ … ]` may still
    /// replace, as it would in xl.
    Scalar(usize, usize),
}

impl Vif {
    fn apply(&mut self, s: &Statement<'_>) {
        let part = Part {
            at: s.value_at,
            line: s.value_line,
            end: s.value_end,
        };
        match (s.append, &mut *self, s.kind) {
            (true, Vif::List(parts), Kind::List) => parts.push(part),
            // A string appended to a string stays a string; a list to a string
            // (or the reverse) is refused by check_appends.
            (true, Vif::List(_) | Vif::Scalar(..), _) => {}
            (_, _, Kind::List) => *self = Vif::List(vec![part]),
            (_, _, Kind::Scalar) => *self = Vif::Scalar(s.value_line, s.value_at),
        }
    }
}

/// libxlutil joins `name += value` to the earlier value of the same kind and
/// refuses the file when the kinds differ (a list to a string or the reverse).
/// Checked in a second pass over the names that are ever appended to, so that
/// the kinds of all other settings need not be kept.
fn check_appends(
    text: &[u8],
    start: usize,
    flavour: Flavour,
    appended: &HashSet<&[u8]>,
) -> Result<(), Error> {
    let mut kinds: HashMap<&[u8], Kind> = HashMap::with_capacity(appended.len());
    each_statement(text, start, flavour, &mut |event| {
        let Event::Setting(s) = event else {
            return Ok(());
        };
        if !appended.contains(s.name) {
            return Ok(());
        }
        match kinds.insert(s.name, s.kind) {
            Some(before) if s.append && before != s.kind => {
                let (what, to) = match s.kind {
                    Kind::List => ("a list", "a string"),
                    Kind::Scalar => ("a string", "a list"),
                };
                Err(syntax(
                    s.value_line,
                    format_args!(
                        "{} += adds {what} to {to}, which xl refuses (both sides must be lists, or both strings)",
                        String::from_utf8_lossy(s.name)
                    ),
                )
                .at(s.value_at)
                .with_path(if s.name == b"vif" { "vif" } else { "" }))
            }
            _ => Ok(()),
        }
    })
}

/// A statement the config grammar reads: `name = value` or `name += value`.
#[derive(Debug)]
struct Statement<'a> {
    name: &'a [u8],
    append: bool,
    kind: Kind,
    value_at: usize,
    value_line: usize,
    /// The offset after the value.
    value_end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Scalar,
    List,
}

/// What reading a config meets, statement by statement.
enum Event<'a> {
    Setting(Statement<'a>),
    /// An xm statement the config grammar cannot read, and why.
    Python(Python),
}

/// A Python statement of an xm file that the config grammar cannot read.
struct Python {
    statement: python::Statement,
    why: Error,
    /// Whether it mentions the name `vif` (a docstring never does).
    mentions_vif: bool,
}

/// Reads every statement of the text, from `start`, handing each to `sink`.
fn each_statement<'a>(
    text: &'a [u8],
    start: usize,
    flavour: Flavour,
    sink: &mut dyn FnMut(Event<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    match flavour {
        Flavour::Xl => {
            let mut lexer = Lexer::new(text, start, text.len(), 1, Flavour::Xl);
            loop {
                let tok = lexer.next()?;
                match tok.token {
                    Token::End => return Ok(()),
                    Token::Newline | Token::Semicolon => {}
                    Token::Ident(name) => {
                        // An error inside the vif statement is the vif setting's.
                        let place = |e: Error| match name {
                            b"vif" => e.with_path("vif"),
                            _ => e,
                        };
                        let s = lexer.setting(name).map_err(place)?;
                        match lexer.next().map_err(place)? {
                            Tok {
                                token: Token::Newline | Token::Semicolon | Token::End,
                                ..
                            } => {}
                            other => {
                                return Err(place(lexer.unexpected(
                                    &other,
                                    "the end of the statement (a newline or ';')",
                                )))
                            }
                        }
                        sink(Event::Setting(s))?;
                    }
                    _ => return Err(lexer.unexpected(&tok, "a setting name")),
                }
            }
        }
        Flavour::Xm => {
            for statement in python::statements(text, start) {
                let statement = statement?;
                let mut lexer = Lexer::new(
                    text,
                    statement.start,
                    statement.end,
                    statement.line,
                    Flavour::Xm,
                );
                match lexer.one_setting() {
                    Ok(Some(s)) => sink(Event::Setting(s))?,
                    Ok(None) => {}
                    Err(why) => {
                        // A statement of strings alone (a docstring) sets nothing,
                        // whatever its words.
                        let mentions_vif = python::mentions_vif(text, &statement)
                            && !strings_alone(text, &statement);
                        sink(Event::Python(Python {
                            statement,
                            why,
                            mentions_vif,
                        }))?
                    }
                }
            }
            Ok(())
        }
    }
}

/// Whether an xm statement is nothing but string literals (Python's docstrings).
fn strings_alone(text: &[u8], s: &python::Statement) -> bool {
    let mut lexer = Lexer::new(text, s.start, s.end, s.line, Flavour::Xm);
    let mut any = false;
    loop {
        match lexer.next().map(|t| t.token) {
            Ok(Token::Str(_)) => any = true,
            Ok(Token::Newline) => {}
            Ok(Token::End) => return any,
            _ => return false,
        }
    }
}

/// An xm statement the grammar cannot read: skipped with a warning (refused in
/// strict mode), or refused outright when it mentions `vif`.
fn python_statement(text: &[u8], p: &Python, report: &mut Report) -> Result<(), Error> {
    let s = &p.statement;
    // Its first line, quoted and cut short, and how far it goes; made only when
    // a message needs it.
    let shown_statement = || {
        let first = &text[s.start..s.end];
        let first = first.split(|&b| b == b'\n').next().unwrap_or(first);
        let first = String::from_utf8_lossy(&first[..first.len().min(256)]);
        let mut shown_statement = shown(first.trim_end());
        if s.last_line > s.line {
            shown_statement.push_str(&format!(" (through line {})", s.last_line));
        }
        shown_statement
    };
    if p.mentions_vif {
        // The grammar's own complaint says where it stopped.
        let detail = p.why.message();
        let detail = detail.split_once(": ").map_or(detail, |(_, d)| d);
        return Err(Error::new(
            p.why.status(),
            format!(
                "config line {}: {} mentions vif but is Python that xl.cfg syntax cannot read ({detail}); \
                 vifxml does not run Python and never guesses the vif list: write vif as a list of plain strings",
                s.line,
                shown_statement()
            ),
        )
        .at(p.why.offset().unwrap_or(s.start))
        .with_path("vif"));
    }
    report.dropped(Status::VifSyntax, s.start, |strict| {
        if strict {
            format!(
                "config line {}: {} is Python that xl.cfg syntax cannot read (strict mode): \
                 remove it, or turn strict mode off to skip it",
                s.line,
                shown_statement()
            )
        } else {
            format!(
                "config line {}: {} is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
                s.line,
                shown_statement()
            )
        }
    });
    Ok(())
}

fn syntax(line: usize, what: impl std::fmt::Display) -> Error {
    Error::vif_syntax(format!("config line {line}: {what}"))
}

#[derive(Debug)]
enum Token<'a> {
    Ident(&'a [u8]),
    Number(&'a [u8]),
    Str(Quoted),
    Assign,
    Append,
    Open,
    Close,
    Comma,
    /// A newline (after a comment, if any).
    Newline,
    Semicolon,
    End,
}

/// A token, with its line and the offset of its first byte.
#[derive(Debug)]
struct Tok<'a> {
    token: Token<'a>,
    line: usize,
    at: usize,
}

/// A quoted string: its opening quote, its body (between the quotes) and
/// whether the body holds a backslash.
#[derive(Clone, Copy, Debug)]
struct Quoted {
    body: usize,
    body_end: usize,
    escaped: bool,
}

/// What receives the values of a list: the lexer (to decode a string) and the value.
type Items<'f, 'a> = dyn FnMut(&Lexer<'a>, Tok<'a>) -> Result<(), Error> + 'f;

/// The tokens of `text[at..end]`.
struct Lexer<'a> {
    text: &'a [u8],
    end: usize,
    at: usize,
    line: usize,
    flavour: Flavour,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a [u8], at: usize, end: usize, line: usize, flavour: Flavour) -> Lexer<'a> {
        Lexer {
            text,
            end,
            at,
            line,
            flavour,
        }
    }

    fn peek(&self) -> Option<u8> {
        (self.at < self.end).then(|| self.text[self.at])
    }

    /// One Python statement of an xm file: a setting, or None when there is
    /// nothing to read; an error when the grammar cannot read it.
    fn one_setting(&mut self) -> Result<Option<Statement<'a>>, Error> {
        let tok = self.next()?;
        let name = match tok.token {
            Token::End => return Ok(None),
            Token::Ident(name) => name,
            _ => return Err(self.unexpected(&tok, "a setting name")),
        };
        let s = self.setting(name)?;
        match self.next()? {
            Tok {
                token: Token::End, ..
            } => Ok(Some(s)),
            other => Err(self.unexpected(&other, "the end of the statement")),
        }
    }

    /// The rest of a statement after its name: `= value` or `+= value`.
    fn setting(&mut self, name: &'a [u8]) -> Result<Statement<'a>, Error> {
        let op = self.next()?;
        let append = match op.token {
            Token::Assign => false,
            Token::Append => true,
            _ => return Err(self.unexpected(&op, "'=' or '+='")),
        };
        let value = self.next()?;
        let kind = match value.token {
            Token::Open => {
                self.list(1, None)?;
                Kind::List
            }
            Token::Str(_) | Token::Number(_) => Kind::Scalar,
            _ => return Err(self.unexpected(&value, "a string, a number or a list")),
        };
        Ok(Statement {
            name,
            append,
            kind,
            value_at: value.at,
            value_line: value.line,
            value_end: self.at,
        })
    }

    /// Reads a list after its `[`: `[ ]`, or values separated by commas with an
    /// optional trailing comma, newlines and comments anywhere between. With
    /// `items`, each value of this list (not of lists inside it) is handed there.
    fn list(&mut self, depth: usize, mut items: Option<&mut Items<'_, 'a>>) -> Result<(), Error> {
        if depth > MAX_LIST_DEPTH {
            return Err(syntax(
                self.line,
                format_args!("lists nest deeper than {MAX_LIST_DEPTH} levels"),
            )
            .at(self.at));
        }
        loop {
            let tok = self.next_in_list()?;
            match tok.token {
                Token::Close => return Ok(()),
                Token::Str(_) | Token::Number(_) => {
                    if let Some(items) = items.as_mut() {
                        items(self, tok)?;
                    }
                }
                Token::Open => match items.as_mut() {
                    Some(items) => items(self, tok)?,
                    None => self.list(depth + 1, None)?,
                },
                _ => return Err(self.unexpected(&tok, "a string, a number, a list or ']'")),
            }
            let tok = self.next_in_list()?;
            match tok.token {
                Token::Comma => {}
                Token::Close => return Ok(()),
                _ => return Err(self.unexpected(&tok, "',' or ']'")),
            }
        }
    }

    /// The next token inside a list, where newlines (and comments) do not end anything.
    fn next_in_list(&mut self) -> Result<Tok<'a>, Error> {
        loop {
            let tok = self.next()?;
            if !matches!(tok.token, Token::Newline) {
                return Ok(tok);
            }
        }
    }

    fn unexpected(&self, tok: &Tok<'_>, expected: &str) -> Error {
        let found = match &tok.token {
            Token::Ident(s) | Token::Number(s) => {
                format!("'{}'", crate::value::cut(&String::from_utf8_lossy(s)))
            }
            Token::Str(..) => "a string".into(),
            Token::Assign => "'='".into(),
            Token::Append => "'+='".into(),
            Token::Open => "'['".into(),
            Token::Close => "']'".into(),
            Token::Comma => "','".into(),
            Token::Newline => "the end of the line".into(),
            Token::Semicolon => "';'".into(),
            Token::End => "the end of the text".into(),
        };
        let hint = match self.flavour {
            Flavour::Xl => " (xl.cfg syntax, which reads no Python)",
            Flavour::Xm => "",
        };
        syntax(
            tok.line,
            format_args!("expected {expected}, found {found}{hint}"),
        )
        .at(tok.at)
    }

    fn next(&mut self) -> Result<Tok<'a>, Error> {
        let xl = self.flavour == Flavour::Xl;
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' => self.at += 1,
                b'\r' | b'\x0c' if !xl => self.at += 1,
                b'#' => {
                    // Any byte may follow, UTF-8 or not, up to the newline.
                    let rest = &self.text[self.at..self.end];
                    match rest.iter().position(|&c| c == b'\n') {
                        Some(n) => self.at += n,
                        None if xl => {
                            return Err(syntax(
                                self.line,
                                "the last line is a comment without a newline, which xl refuses",
                            )
                            .at(self.end))
                        }
                        None => self.at = self.end,
                    }
                }
                _ => break,
            }
        }
        let (line, at) = (self.line, self.at);
        let Some(b) = self.peek() else {
            return Ok(Tok {
                token: Token::End,
                line,
                at,
            });
        };
        self.at += 1;
        let token = match b {
            b'\n' => {
                self.line += 1;
                Token::Newline
            }
            b';' => Token::Semicolon,
            b'=' => Token::Assign,
            b'+' if self.peek() == Some(b'=') => {
                self.at += 1;
                Token::Append
            }
            b'[' => Token::Open,
            b']' => Token::Close,
            b',' => Token::Comma,
            b'\'' | b'"' => Token::Str(self.string(at)?),
            // libxlutil's NUMBER is [0-9][0-9a-fx]*; its IDENT is [a-z][a-z0-9_.]*.
            b'0'..=b'9' if xl => {
                self.take_while(|c| c.is_ascii_digit() || matches!(c, b'a'..=b'f' | b'x'));
                Token::Number(&self.text[at..self.at])
            }
            b'0'..=b'9' => {
                self.take_while(|c| c.is_ascii_alphanumeric());
                Token::Number(&self.text[at..self.at])
            }
            b'a'..=b'z' if xl => {
                self.take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'.')
                });
                Token::Ident(&self.text[at..self.at])
            }
            c if !xl && (c.is_ascii_alphabetic() || c == b'_') => {
                self.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'));
                Token::Ident(&self.text[at..self.at])
            }
            _ => return Err(self.bad_byte(at, line)),
        };
        Ok(Tok { token, line, at })
    }

    /// A byte no token starts with: not UTF-8 (INVALID_UTF8), or a character the
    /// grammar has no use for.
    fn bad_byte(&self, at: usize, line: usize) -> Error {
        let c = match char_at(&self.text[..self.end], at) {
            Ok(c) => c,
            Err(e) => return e.prefixed(&format!("config line {line}: ")),
        };
        let why = match (self.flavour, c) {
            (Flavour::Xl, '\r') => "xl reads Unix line endings only",
            (Flavour::Xl, c) if c.is_ascii_uppercase() || c == '_' => {
                "xl setting names are lower-case letters, digits, '_' and '.', starting with a letter"
            }
            (Flavour::Xl, _) => "xl.cfg syntax, which reads no Python",
            (Flavour::Xm, _) => return syntax(line, format_args!("unexpected {c:?}")).at(at),
        };
        syntax(line, format_args!("unexpected {c:?} ({why})")).at(at)
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.at += 1;
        }
    }

    /// A quoted string whose opening quote is at `open`. Its escapes are checked
    /// as the flavour's reader checks them; the body is decoded only for vif
    /// entries ([`Lexer::entry`]).
    fn string(&mut self, open: usize) -> Result<Quoted, Error> {
        let quote = self.text[open];
        let line = self.line;
        let triple = self.flavour == Flavour::Xm
            && self.text[open + 1..self.end].starts_with(&[quote, quote]);
        let body = if triple { open + 3 } else { open + 1 };
        let mut at = body;
        let mut escaped = false;
        let body_end = loop {
            // The next byte that is not plain string content, found eight at a time.
            let Some(n) = find_string_stop(&self.text[at..self.end], quote) else {
                return Err(
                    syntax(line, "a string is not closed before the end of the text").at(open),
                );
            };
            at += n;
            match self.text[at] {
                b'\\' => {
                    escaped = true;
                    match self.text[..self.end].get(at + 1) {
                        None => {
                            return Err(syntax(
                                line,
                                "a string is not closed before the end of the text",
                            )
                            .at(open))
                        }
                        Some(b'\n') if !triple => {
                            return Err(syntax(
                                line,
                                "a string is not closed before the end of the line",
                            )
                            .at(open))
                        }
                        Some(b'\n') => self.line += 1,
                        Some(_) => {}
                    }
                    at += 2;
                }
                b'\n' if !triple => {
                    return Err(
                        syntax(line, "a string is not closed before the end of the line").at(open),
                    )
                }
                b'\n' => {
                    self.line += 1;
                    at += 1;
                }
                _ if !triple || self.text[at..self.end].starts_with(&[quote; 3]) => break at,
                // A lone quote inside a triple-quoted string.
                _ => at += 1,
            }
        };
        self.at = body_end + if triple { 3 } else { 1 };
        let q = Quoted {
            body,
            body_end,
            escaped,
        };
        if escaped {
            self.check_escapes(q, line)?;
        }
        Ok(q)
    }

    /// The escapes of a string body, as the flavour's reader takes them: xl's
    /// `\\ \" \' \a \b \f \n \r \t \v`; libxlutil also takes a backslash, an octal
    /// digit and two more digits (read by `strtoul`, which skips blanks and a
    /// sign) and drops the character, and refuses every other escape. xm (Python)
    /// escapes beyond the ten are not read.
    fn check_escapes(&self, q: Quoted, line: usize) -> Result<(), Error> {
        let mut at = q.body;
        while at < q.body_end {
            if self.text[at] != b'\\' {
                at += 1;
                continue;
            }
            let e = self.text[at + 1];
            if unescape(e).is_some() {
                at += 2;
                continue;
            }
            if self.flavour == Flavour::Xl && matches!(e, b'0'..=b'7') {
                let taken = strtoul_len(&self.text[at + 2..(at + 5).min(q.body_end + 1)]);
                if taken >= 2 {
                    at += 2 + taken;
                    continue;
                }
            }
            return Err(syntax(
                line,
                "unknown escape in a string (\\\\ \\\" \\' \\n \\t \\r \\a \\b \\f \\v are read)",
            )
            .at(at));
        }
        Ok(())
    }

    /// The entry a string of the final vif list holds: its body decoded, which
    /// must be UTF-8 and hold no numeric escape (xl would drop its character).
    fn entry(&self, q: Quoted, line: usize) -> Result<Entry<'a>, Error> {
        let raw = &self.text[q.body..q.body_end];
        // The escapes left (pass 1 checked them) stand for one ASCII byte each,
        // but for a numeric one, which xl drops.
        let mut i = 0;
        while q.escaped && i < raw.len() {
            if raw[i] == b'\\' && unescape(raw[i + 1]).is_none() {
                return Err(Error::vif_syntax(format!(
                    "config line {line}, vif entry: a numeric escape (\\NNN), whose character xl silently drops: write the character itself"
                ))
                .at(q.body + i));
            }
            i += if raw[i] == b'\\' { 2 } else { 1 };
        }
        // So the body is UTF-8 exactly when its text is.
        let utf8 = std::str::from_utf8(raw).map_err(|e| not_utf8(e, q.body, line, raw))?;
        let text = if !q.escaped {
            Cow::Borrowed(utf8)
        } else {
            let mut out = Vec::with_capacity(raw.len());
            let mut i = 0;
            while i < raw.len() {
                if raw[i] == b'\\' {
                    out.extend(unescape(raw[i + 1]));
                    i += 2;
                } else {
                    out.push(raw[i]);
                    i += 1;
                }
            }
            Cow::Owned(String::from_utf8(out).unwrap_or_default())
        };
        Ok(Entry {
            text,
            offset: q.body,
            verbatim: !q.escaped,
            line,
        })
    }
}

/// INVALID_UTF8 for a vif entry's body `raw` (at `body`, on `line`), naming the
/// line of the first byte that is not UTF-8.
#[cold]
fn not_utf8(e: std::str::Utf8Error, body: usize, line: usize, raw: &[u8]) -> Error {
    let at = body + e.valid_up_to();
    let bad_line = line
        + raw[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
    let why = match e.error_len() {
        Some(n) => {
            format!("{n} byte(s) that are not UTF-8; vifxml reads vif entries in UTF-8 only")
        }
        None => "the string ends inside a UTF-8 sequence".to_string(),
    };
    Error::invalid_utf8(why, at).prefixed(&format!("config line {bad_line}, vif entry: "))
}

/// The byte an escape letter stands for, for the ten escapes both readers know.
fn unescape(e: u8) -> Option<u8> {
    Some(match e {
        b'\\' | b'"' | b'\'' => e,
        b'n' => b'\n',
        b't' => b'\t',
        b'r' => b'\r',
        b'a' => b'\x07',
        b'b' => b'\x08',
        b'f' => b'\x0c',
        b'v' => b'\x0b',
        _ => return None,
    })
}

/// How many bytes C's `strtoul(s, &end, 10)` reads from `s` (blanks, a sign, then
/// digits; nothing when there is no digit). `s` is at most the three bytes
/// libxlutil copies after an octal escape's first digit.
fn strtoul_len(s: &[u8]) -> usize {
    let s = s.split(|&b| b == 0).next().unwrap_or_default();
    let mut i = 0;
    while s
        .get(i)
        .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
    {
        i += 1;
    }
    if s.get(i).is_some_and(|&b| matches!(b, b'+' | b'-')) {
        i += 1;
    }
    let digits = i;
    while s.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == digits {
        0
    } else {
        i
    }
}

/// The character `text[at..]` starts with, or INVALID_UTF8 (at `at`) when it
/// does not start with one.
fn char_at(text: &[u8], at: usize) -> Result<char, Error> {
    let head = &text[at..text.len().min(at + 4)];
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.valid_up_to() > 0 => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(e) => {
            let why = match e.error_len() {
                Some(n) => format!("{n} byte(s) that are not UTF-8, outside a comment or string"),
                None => "the text ends inside a UTF-8 sequence".to_string(),
            };
            return Err(Error::invalid_utf8(why, at));
        }
    };
    Ok(valid.chars().next().unwrap_or('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Status};

    fn read(config: &[u8], flavour: Flavour) -> Result<Vec<Entry<'_>>, Error> {
        let mut report = Report::new(&Options::new(), true);
        let setting = read_vif_setting(config, flavour, &mut report)?;
        let mut entries = Vec::new();
        setting.for_each_entry(config, flavour, |_, e| entries.push(e))?;
        Ok(entries)
    }

    fn texts(config: &str) -> Vec<String> {
        read(config.as_bytes(), Flavour::Xl)
            .unwrap()
            .into_iter()
            .map(|e| e.text.into_owned())
            .collect()
    }

    #[test]
    fn lists_comments_quotes_and_appending() {
        let config = "# guest\nname = \"web\" ; memory = 512\nvif = [ 'bridge=a', # first\n  \"bridge=b\\\\x\",\n]\nvif += ['mac=00:16:3e:00:00:01']\nextra = 'x'\n";
        assert_eq!(
            texts(config),
            ["bridge=a", "bridge=b\\x", "mac=00:16:3e:00:00:01"]
        );
        let entries = read(config.as_bytes(), Flavour::Xl).unwrap();
        assert_eq!(
            (entries[0].offset, entries[0].verbatim, entries[0].line),
            (45, true, 3)
        );
        assert_eq!((entries[1].verbatim, entries[1].line), (false, 4));
        assert_eq!(texts("vif = ['a']\nvif = ['b']"), ["b"]);
        assert_eq!(texts("vif = []"), Vec::<String>::new());
        assert_eq!(texts("name='x'"), Vec::<String>::new());
        // The last assignment wins, whatever came before it.
        assert_eq!(texts("vif += 'x'\nvif = [ 'a' ]\n"), ["a"]);
        assert_eq!(texts("vif = 'x'\nvif += 'y'\nvif = [ 'a' ]\n"), ["a"]);
        assert_eq!(texts("vif += ['a']\nvif += ['b']"), ["a", "b"]);
    }

    #[test]
    fn nested_lists_dotted_names_and_a_replaced_scalar() {
        let config = "vnuma = [ [ 'pnode=0', 'size=512' ], [ 'pnode=1' ] ]\nvendor.option = 'x'\nvif = 'old'\nvif = [ 'bridge=a' ]\n";
        assert_eq!(texts(config), ["bridge=a"]);
        let deep = format!("x = {}{}\n", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            read(deep.as_bytes(), Flavour::Xl).unwrap_err().status(),
            Status::VifSyntax
        );
        // A nested list in a replaced vif is no entry.
        assert_eq!(texts("vif = [ ['a'] ]\nvif = [ 'b' ]\n"), ["b"]);
    }

    #[test]
    fn bytes_that_are_not_utf8() {
        // In comments and other settings' strings: read, as libxlutil reads them.
        assert_eq!(
            texts_bytes(b"# caf\xe9\nname = 'caf\xe9'\nvif = [ 'bridge=a' ] # \xff\n"),
            ["bridge=a"]
        );
        // In a replaced vif list: never looked at.
        assert_eq!(
            texts_bytes(b"vif = [ '\xff' ]\nvif = [ 'bridge=a' ]\n"),
            ["bridge=a"]
        );
        // In the vif list: INVALID_UTF8 naming the line.
        let e = read(b"\nvif = [ 'bridge=a',\n  'bridge=\xe9' ]\n", Flavour::Xl).unwrap_err();
        assert_eq!((e.status(), e.offset()), (Status::InvalidUtf8, Some(31)));
        assert!(e.message().starts_with("config line 3, vif entry: "), "{e}");
        // Anywhere else: INVALID_UTF8 too.
        let e = read(b"x = 1\n\xff = 2\n", Flavour::Xm).unwrap_err();
        assert_eq!((e.status(), e.offset()), (Status::InvalidUtf8, Some(6)));
    }

    fn texts_bytes(config: &[u8]) -> Vec<String> {
        read(config, Flavour::Xl)
            .unwrap()
            .into_iter()
            .map(|e| e.text.into_owned())
            .collect()
    }

    #[test]
    fn escapes_as_libxlutil_reads_them() {
        // libxlutil's octal escapes: accepted (and the character dropped) when
        // strtoul reads two more bytes; otherwise the file is refused.
        for (ok, config) in [
            (true, "x = 'a\\123b'\n"),
            (true, "x = 'a\\1 23b'\n"),
            (true, "x = '\\1+2'\n"),
            (true, "x = 'x\\189'\n"),
            (false, "x = 'x\\10'\n"),
            (false, "x = '\\1a2'\n"),
            (false, "x = '\\7-'\n"),
            (false, "x = 'x\\8'\n"),
            (false, "x = 'a\\x41'\n"),
            (false, "x = 'a\\e'\n"),
        ] {
            assert_eq!(read(config.as_bytes(), Flavour::Xl).is_ok(), ok, "{config}");
        }
        // In a vif entry: refused, since xl would drop the character.
        let e = read(b"vif = [ 'a\\123b' ]\n", Flavour::Xl).unwrap_err();
        assert_eq!((e.status(), e.offset()), (Status::VifSyntax, Some(10)));
        assert_eq!(strtoul_len(b" 1'"), 2);
        assert_eq!(strtoul_len(b"-'"), 0);
        assert_eq!(strtoul_len(b"234"), 3);
    }

    #[test]
    fn appending_needs_the_same_kind() {
        for config in [
            "disk = 'x'\ndisk += [ 'y' ]\n",
            "x = []\nx += 'a'\n",
            "vif = 'a'\nvif += [ 'b' ]\nvif = [ 'c' ]\n",
        ] {
            let e = read(config.as_bytes(), Flavour::Xl).unwrap_err();
            assert_eq!(e.status(), Status::VifSyntax, "{config}");
            assert!(e.message().starts_with("config line 2: "), "{e}");
        }
        assert_eq!(texts("x = 'a'\nx += 1\nvif = []\n"), Vec::<String>::new());
    }

    #[test]
    fn xm_files_are_read_as_python_reads_them() {
        let config = "Memory = 512\r\n_private = 0xAB\r\nvif = [ 'bridge=a' ] # last";
        let entries = read(config.as_bytes(), Flavour::Xm).unwrap();
        assert_eq!(
            entries.iter().map(|e| &*e.text).collect::<Vec<_>>(),
            ["bridge=a"]
        );
        assert_eq!(
            read(config.as_bytes(), Flavour::Xl).unwrap_err().status(),
            Status::VifSyntax
        );
        let triple = "vif = [ '''bridge=a''', \"\"\"script=x\ny\"\"\", '' ]\n";
        let entries = read(triple.as_bytes(), Flavour::Xm).unwrap();
        let got: Vec<_> = entries
            .iter()
            .map(|e| (&*e.text, e.offset, e.line))
            .collect();
        assert_eq!(
            got,
            [("bridge=a", 11, 1), ("script=x\ny", 27, 1), ("", 43, 2)]
        );
    }

    #[test]
    fn errors_name_the_line() {
        for (bad, line) in [
            ("vif = 'bridge=a'", 1),
            ("\nvif = ['a'] + ['b']", 2),
            ("vif = ['a'\n", 2),
            ("import os\n", 1),
            ("x = 'a\nb'", 1),
            ("vif = [ 'a\\q' ]", 1),
            ("vif = [ ['a'] ]", 1),
            ("vif = 'a'\nvif += ['b']\n", 2),
            ("x = 1\r\n", 1),
            ("\nMemory = 1\n", 2),
            ("_x = 1\n", 1),
            ("x = 1\n# end", 2),
            ("x = 0xAB\n", 1),
        ] {
            let e = read(bad.as_bytes(), Flavour::Xl).unwrap_err();
            assert_eq!(e.status(), Status::VifSyntax, "{bad}");
            assert!(
                e.to_string().contains(&format!("line {line}")),
                "{bad}: {e}"
            );
        }
    }
}
