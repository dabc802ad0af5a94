//! The well-formedness rules of XML 1.0, as libxml2 applies them, in one place.
//! Each function reads one construct from where it starts in the document and
//! says where it ends, or what is wrong with it: an XML_SYNTAX error at the
//! offending byte, in vifxml's own words. Both engines go through these
//! functions for every construct (the fast engine hands over where one fails).

use std::collections::BTreeSet;

use super::dtd::Dtd;
use super::scan;
use super::tag::Spans;
use crate::error::Error;
use crate::value::{cut, shown};

/// Byte classes of ASCII (bytes from 0x80 up have none: names holding them are
/// read character by character): whitespace, `NameChar`, `NameStartChar`.
pub(super) const WS: u8 = 1;
pub(super) const NAME: u8 = 2;
pub(super) const START: u8 = 4;

pub(super) static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' => WS,
            b'A'..=b'Z' | b'a'..=b'z' | b'_' | b':' => NAME | START,
            b'0'..=b'9' | b'-' | b'.' => NAME,
            _ => 0,
        };
        b += 1;
    }
    t
};

#[inline(always)]
pub(super) fn is_ws(b: u8) -> bool {
    CLASS[b as usize] & WS != 0
}

/// The index of the first byte at or after `i` that is not whitespace.
#[inline(always)]
pub(super) fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_ws(c)) {
        i += 1;
    }
    i
}

/// XML 1.0's `Char`: no C0 controls but tab, newline and carriage return, and
/// not U+FFFE or U+FFFF (UTF-8 already excludes surrogates).
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{fffd}' | '\u{10000}'..)
}

/// XML 1.0 (fifth edition) `NameStartChar` and `NameChar`, as libxml2 reads names.
fn is_name_start(c: char) -> bool {
    matches!(c, ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

pub(super) fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// The end of the `Name` that starts at `i`, or None if none starts there.
pub(super) fn name_end(s: &str, i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    if !rest.chars().next().is_some_and(is_name_start) {
        return None;
    }
    Some(i + rest.find(|c| !is_name_char(c)).unwrap_or(rest.len()))
}

/// The end of the element or attribute name at `i`, as libxml2 reads one: a
/// `Name`, read as a qualified name ([`qname_end`]). `plain`: the document
/// holds no byte of [`scan::rare`], so every byte from 0x40 up is a letter or `_`.
#[inline(always)]
pub(super) fn tag_name_end(s: &str, i: usize, plain: bool) -> Option<usize> {
    match plain {
        true => scan::plain_name_end(s, i),
        false => name_end(s, i).map(|end| qname_end(s, i, end)),
    }
}

/// Where libxml2 stops reading the `Name` `i..end` as a qualified name: after
/// a second colon, at a character that cannot start a name (`a:b:9`).
#[cold]
pub(super) fn qname_end(s: &str, i: usize, end: usize) -> usize {
    let name = &s[i..end];
    let Some(c1) = name.find(':').filter(|&c| c > 0) else {
        return end;
    };
    let rest = &name[c1 + 1..];
    let Some(c2) = rest
        .find(':')
        .filter(|_| rest.starts_with(|c| c != ':' && is_name_start(c)))
    else {
        return end;
    };
    match rest[c2 + 1..].chars().next() {
        Some(c) if !is_name_start(c) => i + c1 + c2 + 2,
        _ => end,
    }
}

/// What is at `i`, for messages.
pub(super) fn found(s: &str, i: usize) -> String {
    match s.get(i..).and_then(|r| r.chars().next()) {
        Some(c) => format!("{c:?}"),
        None => "the end of the document".into(),
    }
}

/// An XML_SYNTAX error at `at`.
pub(super) fn fail<T>(at: usize, message: impl Into<String>) -> Result<T, Error> {
    Err(Error::xml_syntax(message.into(), at))
}

/// The message of an XML_SYNTAX error, to be reported again inside another (an
/// entity's replacement text is not where the document is).
pub(super) fn message(e: &Error) -> String {
    let m = e.to_string();
    m.strip_prefix("XML syntax error: ")
        .map_or(m.clone(), str::to_owned)
}

/// What the rules need to know of the document beyond the construct.
#[derive(Clone, Copy)]
pub(super) struct Cx<'d> {
    /// The survey found no byte of [`scan::rare`]: ASCII names, no references.
    pub plain: bool,
    /// The DOCTYPE's declarations, if the document has one.
    pub dtd: Option<&'d Dtd>,
}

/// A start or empty-element tag: where its `>` is, whether it ends in `/>`,
/// and how long its name is.
pub(super) struct TagEnd {
    pub end: usize,
    pub empty: bool,
    pub name_len: usize,
}

/// What is wrong with a start tag (or, `Long`, that `spans` cannot hold it),
/// found in few instructions and put into words out of line
/// ([`Problem::error`]): the byte offsets of the attribute's name and of the
/// problem (or of the value, and its end).
#[derive(Clone, Copy, Debug)]
pub(super) enum Problem {
    NoName,
    Unclosed,
    /// Where an attribute name, `>` or `/>` should be.
    NotAttribute(usize),
    NoEq(usize, usize),
    NotQuoted(usize, usize),
    UnclosedValue(usize, usize),
    /// A value with a `<` or a reference that does not resolve.
    Value(usize, usize, usize),
    Twice(usize, usize),
    Long,
}

/// The start or empty-element tag whose `<` is at `start`:
/// `'<' Name (S Name S? '=' S? AttValue)* S? '/'? '>'`, with no attribute
/// twice, no `<` in a value and references that resolve. Its attributes go to
/// `spans`.
pub(super) fn start_tag(s: &str, start: usize, cx: Cx, spans: &mut Spans) -> Result<TagEnd, Error> {
    match tag(s, start, cx, spans, &mut Short) {
        Err(Problem::Long) => long_tag(s, start, cx, spans),
        read => read.map_err(|p| p.error(s, start, cx)),
    }
}

/// [`start_tag`] for a tag `spans` cannot hold (out of line: rare).
#[cold]
#[inline(never)]
pub(super) fn long_tag(s: &str, start: usize, cx: Cx, spans: &mut Spans) -> Result<TagEnd, Error> {
    let read = tag(s, start, cx, spans, &mut BTreeSet::new());
    spans.set_many();
    read.map_err(|p| p.error(s, start, cx))
}

/// Where [`tag`] looks for a name the tag had before: in `spans` ([`Short`],
/// which then records the attributes), or in a set of its own.
pub(super) trait Seen<'a> {
    const SPANS: bool;
    fn twice(&mut self, spans: &Spans, raw: &[u8], name: &'a [u8]) -> bool;
}

pub(super) struct Short;

impl Seen<'_> for Short {
    const SPANS: bool = true;
    #[inline(always)]
    fn twice(&mut self, spans: &Spans, raw: &[u8], name: &[u8]) -> bool {
        spans.has(raw, name)
    }
}

impl<'a> Seen<'a> for BTreeSet<&'a [u8]> {
    const SPANS: bool = false;
    fn twice(&mut self, _: &Spans, _: &[u8], name: &'a [u8]) -> bool {
        !self.insert(name)
    }
}

/// [`start_tag`]'s reading: with [`Short`], `Problem::Long` for a tag `spans`
/// cannot hold.
#[inline(always)]
pub(super) fn tag<'s, S: Seen<'s>>(
    s: &'s str,
    start: usize,
    cx: Cx,
    spans: &mut Spans,
    seen: &mut S,
) -> Result<TagEnd, Problem> {
    let b = s.as_bytes();
    let base = start + 1;
    let mut i = tag_name_end(s, base, cx.plain).ok_or(Problem::NoName)?;
    let name_len = i - base;
    spans.clear();
    loop {
        // After the name or a value: whitespace, `>` or `/>`.
        let mut c = *b.get(i).ok_or(Problem::Unclosed)?;
        if is_ws(c) {
            // Usually one space, before the next attribute.
            i += 1;
            c = *b.get(i).ok_or(Problem::Unclosed)?;
            if is_ws(c) {
                i = skip_ws(b, i);
                c = *b.get(i).ok_or(Problem::Unclosed)?;
            }
        } else if c != b'>' && c != b'/' {
            return Err(Problem::NotAttribute(i));
        }
        if c == b'>' || c == b'/' {
            if c == b'/' && b.get(i + 1) != Some(&b'>') {
                return Err(Problem::NotAttribute(i));
            }
            let empty = c == b'/';
            return Ok(TagEnd {
                end: i + usize::from(empty),
                empty,
                name_len,
            });
        }
        let key = i;
        let key_end = tag_name_end(s, i, cx.plain).ok_or(Problem::NotAttribute(i))?;
        // Usually `name='value'`: no whitespace around `=`.
        let quote = match b.get(key_end..key_end + 2) {
            Some(&[b'=', q @ (b'\'' | b'"')]) => {
                i = key_end + 1;
                q
            }
            _ => {
                let (at, q) = spaced_eq(b, key, key_end)?;
                i = at;
                q
            }
        };
        let v = i + 1;
        let (end, special) = scan::value_end(b, v, quote).ok_or(Problem::UnclosedValue(key, i))?;
        let normalize = (special || (!cx.plain && b[v..end].contains(&b'&')))
            && checked_value(s, v, end, cx.dtd).ok_or(Problem::Value(key, v, end))?;
        // (The first attribute recorded in `spans` has none before it: its
        // name is not even sliced.)
        if (!S::SPANS || spans.len != 0) && seen.twice(spans, &b[base..], &b[key..key_end]) {
            return Err(Problem::Twice(key, v));
        }
        if S::SPANS && !spans.push((key - base, key_end - key), (v - base, end - v), normalize) {
            return Err(Problem::Long);
        }
        i = end + 1;
    }
}

/// The `=` after the attribute name `key..key_end` with whitespace around it,
/// or what is wrong there: where the value's quote is, and the quote (out of
/// line: rare).
#[cold]
#[inline(never)]
fn spaced_eq(b: &[u8], key: usize, key_end: usize) -> Result<(usize, u8), Problem> {
    let i = skip_ws(b, key_end);
    if b.get(i) != Some(&b'=') {
        return Err(Problem::NoEq(key, i));
    }
    let i = skip_ws(b, i + 1);
    match b.get(i) {
        Some(&q @ (b'\'' | b'"')) => Ok((i, q)),
        _ => Err(Problem::NotQuoted(key, i)),
    }
}

/// [`attr_value`] for a value with something to look at (out of line: rare):
/// whether it needs normalising, None if it is wrong.
#[cold]
#[inline(never)]
fn checked_value(s: &str, v: usize, end: usize, dtd: Option<&Dtd>) -> Option<bool> {
    attr_value(&s[v..end], v, dtd, true).ok()
}

impl Problem {
    /// The problem in words, about the tag at `start`.
    #[cold]
    #[inline(never)]
    pub(super) fn error(self, s: &str, start: usize, cx: Cx) -> Error {
        let name_at = |i: usize| cut(&s[i..tag_name_end(s, i, false).unwrap_or(i)]);
        let tag = name_at(start + 1);
        let attr =
            |key, what: &str| format!("the value of attribute {} of <{tag}> {what}", name_at(key));
        let (message, at) = match self {
            Problem::NoName => (
                format!("'<' is followed by {}, not a name", found(s, start + 1)),
                start + 1,
            ),
            Problem::Unclosed | Problem::Long => {
                (format!("the tag <{tag} is not closed (missing '>')"), start)
            }
            Problem::NotAttribute(at) if name_end(s, at).is_some() && !s[..at].ends_with(':') => (
                format!("in <{tag}>, attributes must be separated by whitespace"),
                at,
            ),
            Problem::NotAttribute(at) => (
                format!(
                    "in <{tag}>, {} where an attribute, '>' or '/>' should be",
                    found(s, at)
                ),
                at,
            ),
            Problem::NoEq(key, at) => (
                format!(
                    "attribute {} of <{tag}> has no value (no '=' after its name)",
                    name_at(key)
                ),
                at,
            ),
            Problem::NotQuoted(key, at) => (attr(key, "is not in quotes"), at),
            Problem::UnclosedValue(key, at) => (
                attr(key, &format!("is not closed (missing {})", &s[at..=at])),
                at,
            ),
            Problem::Value(key, v, end) => match attr_value(&s[v..end], v, cx.dtd, true) {
                Err(e) => (
                    format!(
                        "in the value of attribute {} of <{tag}>: {}",
                        name_at(key),
                        message(&e)
                    ),
                    e.offset().unwrap_or(v),
                ),
                Ok(_) => (
                    format!(
                        "the value of attribute {} of <{tag}> is wrong",
                        name_at(key)
                    ),
                    v,
                ),
            },
            Problem::Twice(key, v) => (
                format!("attribute {} appears twice in <{tag}>", name_at(key)),
                v,
            ),
        };
        Error::xml_syntax(message, at)
    }
}

/// An attribute value (between its quotes; at `at`): no `<`, and references
/// that resolve. Whether it needs normalising when read (it holds a
/// reference, tab, newline or carriage return).
pub(super) fn attr_value(
    value: &str,
    at: usize,
    dtd: Option<&Dtd>,
    top: bool,
) -> Result<bool, Error> {
    let mut i = 0;
    let mut normalize = false;
    while let Some(n) = value[i..].find(['<', '&', '\t', '\n', '\r']) {
        i += n;
        normalize = true;
        match value.as_bytes()[i] {
            b'<' => {
                return fail(
                    at + i,
                    "'<' cannot appear in an attribute value (write &lt;)",
                )
            }
            b'&' => {
                let (r, end) = reference(value, i, at)?;
                if let Ref::Entity(name) = r {
                    Dtd::attr_ref(dtd, name, top).or_else(|m| fail(at + i, m))?;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    Ok(normalize)
}

/// What a reference stands for.
pub(super) enum Ref<'s> {
    Char(char),
    Predefined(&'static str),
    /// An entity the DOCTYPE may declare.
    Entity(&'s str),
}

/// The reference whose `&` is at `i` in `s` (which starts at `at` in the
/// document): what it stands for, and where it ends (after its `;`).
pub(super) fn reference(s: &str, i: usize, at: usize) -> Result<(Ref<'_>, usize), Error> {
    let b = s.as_bytes();
    if b.get(i + 1) == Some(&b'#') {
        let (from, radix) = if b.get(i + 2) == Some(&b'x') {
            (i + 3, 16)
        } else {
            (i + 2, 10)
        };
        let to = from
            + s[from.min(s.len())..]
                .bytes()
                .take_while(|&c| (c as char).is_digit(radix))
                .count();
        if to == from || b.get(to) != Some(&b';') {
            return fail(at + i, "a character reference is &#DECIMAL; or &#xHEX;");
        }
        return match u32::from_str_radix(&s[from..to], radix)
            .ok()
            .and_then(char::from_u32)
        {
            Some(c) if is_xml_char(c) => Ok((Ref::Char(c), to + 1)),
            _ => fail(
                at + i,
                format!("{} is not a character XML allows", cut(&s[i..=to])),
            ),
        };
    }
    let Some(end) = name_end(s, i + 1).filter(|&e| b.get(e) == Some(&b';')) else {
        return fail(
            at + i,
            "'&' must start a reference such as &amp; or &#38; (write &amp; for '&')",
        );
    };
    let r = match &s[i + 1..end] {
        "lt" => Ref::Predefined("<"),
        "gt" => Ref::Predefined(">"),
        "amp" => Ref::Predefined("&"),
        "apos" => Ref::Predefined("'"),
        "quot" => Ref::Predefined("\""),
        name => Ref::Entity(name),
    };
    Ok((r, end + 1))
}

/// Character data (at `at`): no `]]>`.
pub(super) fn text(text: &str, at: usize) -> Result<(), Error> {
    match text.find("]]>") {
        Some(i) => fail(at + i, "']]>' cannot appear in text (write ]]&gt;)"),
        None => Ok(()),
    }
}

/// The end tag whose `</` is at `start`, `'</' Name S? '>'`: its name and the
/// index of its `>`.
pub(super) fn end_tag(s: &str, start: usize, plain: bool) -> Result<(&str, usize), Error> {
    let Some(name_end) = tag_name_end(s, start + 2, plain) else {
        return fail(
            start + 2,
            format!("'</' is followed by {}, not a name", found(s, start + 2)),
        );
    };
    let name = &s[start + 2..name_end];
    let i = skip_ws(s.as_bytes(), name_end);
    match s.as_bytes().get(i) {
        Some(b'>') => Ok((name, i)),
        None => fail(
            start,
            format!("the end tag </{} is not closed (missing '>')", cut(name)),
        ),
        Some(_) => fail(
            i,
            format!(
                "the end tag </{} has {} where '>' should be",
                cut(name),
                found(s, i)
            ),
        ),
    }
}

/// The comment whose `<!--` is at `start`: the index of its final `>`. It may
/// not hold `--` (nor end in `--->`).
pub(super) fn comment(s: &str, start: usize) -> Result<usize, Error> {
    match find(s, start + 4, "--") {
        Some(i) if s[i + 2..].starts_with('>') => Ok(i + 2),
        Some(i) if i + 2 < s.len() => fail(i, "'--' cannot appear inside a comment"),
        _ => fail(start, "the comment is not closed (missing '-->')"),
    }
}

/// Where `what` first occurs in `s` at or after `from`.
pub(super) fn find(s: &str, from: usize, what: &str) -> Option<usize> {
    Some(from + s.get(from..)?.find(what)?)
}

/// The processing instruction whose `<?` is at `start`, not the XML
/// declaration: `'<?' PITarget (S …)? '?>'`. The index of its final `>`.
pub(super) fn pi(s: &str, start: usize) -> Result<usize, Error> {
    let Some(t) = name_end(s, start + 2) else {
        return fail(
            start + 2,
            format!(
                "'<?' is followed by {}, not a target name",
                found(s, start + 2)
            ),
        );
    };
    let target = &s[start + 2..t];
    if target.eq_ignore_ascii_case("xml") {
        let m = format!("<?{target} is reserved: the XML declaration comes first in the document, as <?xml version='1.0'?>");
        return fail(start, m);
    }
    if !s[t..].starts_with("?>") && !s.as_bytes().get(t).is_some_and(|&c| is_ws(c)) {
        return fail(
            t,
            format!(
                "the target <?{} is followed by {}, not whitespace or '?>'",
                cut(target),
                found(s, t)
            ),
        );
    }
    match find(s, t, "?>") {
        Some(i) => Ok(i + 1),
        None => fail(
            start,
            "the processing instruction is not closed (missing '?>')",
        ),
    }
}

/// The XML declaration the document starts with.
pub(super) struct Decl<'s> {
    /// The index of its final `>`.
    pub end: usize,
    pub encoding: Option<&'s str>,
    pub standalone: bool,
}

/// The XML declaration at the start of `s`: `<?xml`, then `version` (`1.x`),
/// then optionally `encoding` (a name), then optionally `standalone` (`yes` or
/// `no`), each after whitespace, and `?>`.
pub(super) fn decl(s: &str) -> Result<Decl<'_>, Error> {
    let b = s.as_bytes();
    let wrong = |i: usize, m: &str| fail(i.min(s.len()), format!("in the XML declaration, {m}"));
    if !s.starts_with("<?xml") || !b.get(5).is_some_and(|&c| is_ws(c)) {
        return wrong(0, "'<?xml' must be followed by whitespace");
    }
    let mut decl = Decl {
        end: 0,
        encoding: None,
        standalone: false,
    };
    let (mut i, mut done) = (5, 0);
    loop {
        let gap = i;
        i = skip_ws(b, i);
        if done > 0 && s[i..].starts_with("?>") {
            decl.end = i + 1;
            return Ok(decl);
        }
        let key = &s[i..name_end(s, i).unwrap_or(i)];
        let which = match key {
            "version" if done == 0 => 1,
            "encoding" if done == 1 => 2,
            "standalone" if done == 1 || done == 2 => 3,
            _ if done == 0 => return wrong(i, "version comes first: <?xml version='1.0'?>"),
            _ => {
                return wrong(
                    i,
                    &format!(
                        "{} where encoding, standalone (in this order) or '?>' should be",
                        found(s, i)
                    ),
                )
            }
        };
        // (libxml2 needs none between encoding and standalone.)
        if i == gap && done != 2 {
            return wrong(i, &format!("{key} must follow whitespace"));
        }
        i = skip_ws(b, i + key.len());
        if b.get(i) != Some(&b'=') {
            return wrong(i, &format!("{key} has no value (missing '=')"));
        }
        i = skip_ws(b, i + 1);
        let Some(&quote @ (b'\'' | b'"')) = b.get(i) else {
            return wrong(i, &format!("the value of {key} is not in quotes"));
        };
        let Some(end) = find(s, i + 1, if quote == b'"' { "\"" } else { "'" }) else {
            return wrong(i, &format!("the value of {key} is not closed"));
        };
        let value = &s[i + 1..end];
        let (ok, want) = match which {
            1 => (
                value
                    .strip_prefix("1.")
                    .is_some_and(|minor| minor.bytes().all(|c| c.is_ascii_digit())),
                "1.x",
            ),
            2 => {
                decl.encoding = Some(value);
                let name = value
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'));
                (
                    name && value
                        .bytes()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic()),
                    "an encoding name",
                )
            }
            _ => {
                decl.standalone = value == "yes";
                (value == "yes" || value == "no", "yes or no")
            }
        };
        if !ok {
            return wrong(i + 1, &format!("{key}={} is not {want}", shown(value)));
        }
        (i, done) = (end + 1, which);
    }
}
