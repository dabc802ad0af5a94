//! The fast engine's scanning primitives: a byte-level reading of the subset of
//! XML that libvirt writes (elements, quoted attributes, plain text, comments),
//! made to accept and refuse exactly what quick-xml's reader does for it.
//!
//! Each function mirrors one piece of quick-xml 0.42 (named in its comment), so
//! that the two engines agree token for token and error for error; the
//! differential tests in `tokens_diff` hold them to it.

use std::ops::Range;

use quick_xml::errors::SyntaxError;
use quick_xml::events::attributes::AttrError;

use super::tag::Spans;
use super::words;

/// XML whitespace, as quick-xml's `is_whitespace`.
#[inline]
pub(super) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Bytes the survey stops at: C0 controls other than tab, newline and carriage
/// return (forbidden), 0xEF (the lead byte of U+FEFF, U+FFFE and U+FFFF), `&`
/// (references), and `!` and `?`, which after `<` start markup the fast engine
/// may not read.
const fn survey_table() -> [u8; 256] {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r') as u8;
        b += 1;
    }
    t[b'&' as usize] = 1;
    t[b'!' as usize] = 1;
    t[b'?' as usize] = 1;
    t[0xEF] = 1;
    t
}
static SURVEY: [u8; 256] = survey_table();

/// Whether the survey stops at `b`: `SURVEY[b] != 0`, without the table, in
/// few vector operations (`b | 4 == 13` is tab or carriage return).
#[inline(always)]
fn stops(b: u8) -> bool {
    let allowed_control = ((b | 4) == b'\r') | (b == b'\n');
    (b < 0x20) & !allowed_control | (b == b'&') | (b == b'!') | (b == b'?') | (b == 0xEF)
}

/// What one pass over the document finds before reading starts.
pub(super) struct Survey {
    /// Whether it may hold a character XML forbids (checked character by
    /// character only then).
    pub suspect: bool,
    /// Where the last construct outside the fast engine's subset starts: a
    /// reference (`&`), a processing instruction or declaration (`<?`), or a
    /// `<!` that does not open a comment (CDATA, DOCTYPE, …).
    pub last_unsafe: Option<usize>,
}

pub(super) fn survey(bytes: &[u8]) -> Survey {
    let mut survey = Survey {
        suspect: false,
        last_unsafe: None,
    };
    // An ordinary document has none of these bytes: one pass without branches
    // says so (sixteen bytes a step: [`stops`] is written in comparisons the
    // compiler turns into vector instructions), and only a document with one of
    // them is looked at byte by byte.
    let chunks = bytes.chunks_exact(16);
    // The last few bytes take the same vector step as the others: as the last
    // sixteen of the document (looking at some twice changes nothing), or, in a
    // shorter one, padded with spaces (which the survey does not stop at).
    let mut padded = [b' '; 16];
    let last = match bytes.len().checked_sub(16) {
        Some(from) => &bytes[from..],
        None => {
            padded[..bytes.len()].copy_from_slice(bytes);
            &padded[..]
        }
    };
    let mut lanes = [0u8; 16];
    let mut step = |chunk: &[u8]| {
        for (lane, &b) in lanes.iter_mut().zip(chunk) {
            *lane |= u8::from(stops(b));
        }
    };
    for chunk in chunks {
        step(chunk);
    }
    step(last);
    let hit = lanes != [0; 16];
    if !hit {
        return survey;
    }
    for i in 0..bytes.len() {
        survey.look(bytes, i);
    }
    survey
}

impl Survey {
    #[inline]
    fn look(&mut self, bytes: &[u8], i: usize) {
        let b = bytes[i];
        if SURVEY[b as usize] == 0 {
            return;
        }
        let after_lt = i > 0 && bytes[i - 1] == b'<';
        match b {
            b'?' if after_lt => self.last_unsafe = Some(i - 1),
            b'!' if after_lt && bytes.get(i + 1..i + 3) != Some(b"--") => {
                self.last_unsafe = Some(i - 1)
            }
            b'?' | b'!' => {}
            b'&' => self.last_unsafe = Some(i),
            _ => self.suspect = true,
        }
    }
}

/// The first `<` at or after `from`, or the end.
#[inline]
pub(super) fn next_lt(bytes: &[u8], from: usize) -> usize {
    match bytes[from..].iter().position(|&b| b == b'<') {
        Some(i) => from + i,
        None => bytes.len(),
    }
}

/// The `>` that ends the tag whose `<` is at `start`: the first one outside a
/// quoted stretch (quick-xml's `ElementParser`, which pairs quotes anywhere in
/// the tag, the name included).
pub(super) fn tag_end(bytes: &[u8], start: usize) -> Result<usize, SyntaxError> {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Ok(i),
            q @ (b'\'' | b'"') => match bytes[i + 1..].iter().position(|&b| b == q) {
                Some(n) => i += n + 1,
                None if q == b'\'' => return Err(SyntaxError::UnclosedSingleQuotedAttributeValue),
                None => return Err(SyntaxError::UnclosedDoubleQuotedAttributeValue),
            },
            _ => {}
        }
        i += 1;
    }
    Err(SyntaxError::UnclosedTag)
}

/// The `>` that ends the comment whose `<!--` is at `start`: the first `>` at
/// least six bytes on (`<!---->` is the shortest comment) that follows `--`
/// (quick-xml's `BangType::Comment`). quick-xml's `check_comments` is off, so
/// `--` inside a comment is allowed.
pub(super) fn comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 6;
    while i < bytes.len() {
        if bytes[i] == b'>' && bytes[i - 2] == b'-' && bytes[i - 1] == b'-' {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The length of the element name at the start of a tag's content: up to the
/// first whitespace (quick-xml's `name_len`; it checks no Name syntax).
#[inline]
pub(super) fn name_len(raw: &[u8]) -> usize {
    raw.iter().position(|&b| is_ws(b)).unwrap_or(raw.len())
}

/// One attribute: the spans of its name and of its value (between the quotes),
/// in the tag's content.
pub(super) struct RawAttr {
    pub name: Range<usize>,
    pub value: Range<usize>,
}

/// The next attribute of a tag's content from `*pos` (quick-xml's
/// `IterState::next` for XML, not HTML): `Ok(None)` at the end. Positions in
/// errors are in `raw`, as quick-xml reports them.
pub(super) fn next_attr(raw: &[u8], pos: &mut usize) -> Result<Option<RawAttr>, AttrError> {
    let len = raw.len();
    let mut i = *pos;
    while i < len && is_ws(raw[i]) {
        i += 1;
    }
    if i == len {
        *pos = len;
        return Ok(None);
    }
    // The key's first byte is taken whatever it is (even `=` or a quote); the key
    // runs to `=` or whitespace.
    let key_start = i;
    i += 1;
    while i < len && raw[i] != b'=' && !is_ws(raw[i]) {
        i += 1;
    }
    if i == len {
        return Err(AttrError::ExpectedEq(len));
    }
    let key_end = i;
    if raw[i] != b'=' {
        while i < len && is_ws(raw[i]) {
            i += 1;
        }
        if i == len {
            return Err(AttrError::ExpectedEq(len));
        }
        if raw[i] != b'=' {
            return Err(AttrError::ExpectedEq(i));
        }
    }
    i += 1;
    while i < len && is_ws(raw[i]) {
        i += 1;
    }
    if i == len {
        return Err(AttrError::ExpectedValue(len));
    }
    let quote = raw[i];
    if quote != b'"' && quote != b'\'' {
        return Err(AttrError::UnquotedValue(i));
    }
    let value_start = i + 1;
    let Some(n) = raw[value_start..].iter().position(|&b| b == quote) else {
        return Err(AttrError::ExpectedQuote(len, quote));
    };
    let value_end = value_start + n;
    *pos = value_end + 1;
    Ok(Some(RawAttr {
        name: key_start..key_end,
        value: value_start..value_end,
    }))
}

/// A start or empty-element tag of the common shape, read in one pass.
pub(super) struct Plain {
    /// Where its `>` is.
    pub end: usize,
    /// Whether it ends with `/>`.
    pub empty: bool,
    pub name_len: usize,
}

/// The tag whose `<` is at `start`, if it has the common shape: a name, then
/// `key='value'` or `key="value"` pairs with any whitespace around `=` and
/// between them, then `>` or `/>`, with at most `Spans::INLINE` attributes and
/// no duplicate. Its attributes go to `spans`. None for anything else — a quote,
/// `=` or `/` where the common shape has none, no end, a duplicate — which the
/// caller then reads the exact way ([`tag_end`], then [`next_attr`]): on the
/// tags read here, that reading finds the same end (quotes appear only around
/// values, so pairing them from the start of the tag changes nothing) and the
/// same attributes.
pub(super) fn plain_tag(bytes: &[u8], start: usize, spans: &mut Spans) -> Option<Plain> {
    let base = start + 1;
    // The name: up to whitespace, `>` or `/`; a quote is unusual.
    let mut i = find_class(bytes, base, WS | GT | SLASH | QUOTE)?;
    let mut b = bytes[i];
    if CLASS[b as usize] & QUOTE != 0 {
        return None;
    }
    let name_len = i - base;
    loop {
        while CLASS[b as usize] & WS != 0 {
            i += 1;
            b = *bytes.get(i)?;
        }
        match b {
            b'>' => {
                return Some(Plain {
                    end: i,
                    empty: false,
                    name_len,
                })
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                return Some(Plain {
                    end: i + 1,
                    empty: true,
                    name_len,
                })
            }
            b'/' | b'=' | b'\'' | b'"' => return None,
            _ => {}
        }
        // The key: up to `=` or whitespace; `>`, `/` or a quote is unusual.
        let key_start = i;
        i = find_class(bytes, i + 1, WS | EQ | GT | SLASH | QUOTE)?;
        b = bytes[i];
        if CLASS[b as usize] & (GT | SLASH | QUOTE) != 0 {
            return None;
        }
        let key = &bytes[key_start..i];
        while CLASS[b as usize] & WS != 0 {
            i += 1;
            b = *bytes.get(i)?;
        }
        if b != b'=' {
            return None;
        }
        i += 1;
        b = *bytes.get(i)?;
        while CLASS[b as usize] & WS != 0 {
            i += 1;
            b = *bytes.get(i)?;
        }
        if CLASS[b as usize] & QUOTE == 0 {
            return None;
        }
        let value_start = i + 1;
        // Tab, newline and carriage return are the only controls left in the
        // document: a value with one is normalised when read.
        let (value_end, control) = value_end(bytes, value_start, b)?;
        i = value_end;
        let n = spans.len as usize;
        if n >= Spans::INLINE || i - base > u8::MAX as usize {
            return None;
        }
        if n > 0
            && spans.list[..n]
                .iter()
                .any(|s| &bytes[base + s.name as usize..][..s.name_len as usize] == key)
        {
            return None;
        }
        spans.push(
            (key_start - base, key.len()),
            (value_start - base, value_end - value_start),
            control,
        );
        i += 1;
        b = *bytes.get(i)?;
    }
}

/// The first byte at or after `i` whose class has a bit of `stop`.
#[inline]
fn find_class(bytes: &[u8], mut i: usize, stop: u8) -> Option<usize> {
    // Every byte with a class is below 0x40, and names are mostly letters: a
    // word with no byte below 0x40 is passed over at once, and a word with one
    // is looked at from that byte.
    while let Some(x) = words::word_at(bytes, i) {
        let low = words::below(x, 0x40);
        if low == 0 {
            i += 8;
            continue;
        }
        i += words::first(low);
        if CLASS[bytes[i] as usize] & stop != 0 {
            return Some(i);
        }
        i += 1;
    }
    while CLASS[*bytes.get(i)? as usize] & stop == 0 {
        i += 1;
    }
    Some(i)
}

/// The closing `quote` of an attribute value starting at `i`, and whether the
/// value holds a control character before it.
#[inline]
fn value_end(bytes: &[u8], mut i: usize, quote: u8) -> Option<(usize, bool)> {
    let mut control = false;
    while let Some(x) = words::word_at(bytes, i) {
        let quotes = words::equal(x, quote);
        let controls = words::below(x, 0x20);
        if quotes != 0 {
            let at = words::first(quotes);
            control |= words::before(controls, at) != 0;
            return Some((i + at, control));
        }
        control |= controls != 0;
        i += 8;
    }
    loop {
        let b = *bytes.get(i)?;
        if b == quote {
            return Some((i, control));
        }
        control |= b < 0x20;
        i += 1;
    }
}

const WS: u8 = 1;
const GT: u8 = 2;
const SLASH: u8 = 4;
const EQ: u8 = 8;
const QUOTE: u8 = 16;

/// The bytes that end or break the common shape of a tag.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = WS;
    t[b'\t' as usize] = WS;
    t[b'\n' as usize] = WS;
    t[b'\r' as usize] = WS;
    t[b'>' as usize] = GT;
    t[b'/' as usize] = SLASH;
    t[b'=' as usize] = EQ;
    t[b'\'' as usize] = QUOTE;
    t[b'"' as usize] = QUOTE;
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_survey_stops_where_its_table_says() {
        for b in 0..=255u8 {
            assert_eq!(stops(b), SURVEY[b as usize] != 0, "{b:#x}");
        }
    }
}
