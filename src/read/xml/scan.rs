//! Looking at many bytes at once: the survey of the whole document before
//! reading, and the word-wise searches that cross names and attribute values.

use super::syntax::{self, CLASS, NAME, START, WS};
use crate::read::words::{below, equal, first, word_at};

/// Bytes that make a document other than plain: `&` (references), and from
/// 0x40 up everything but letters and `_` — the bytes that can stand in a name
/// without being a name character, or (from 0x80) begin a character that must
/// be decoded to be judged. In a plain document a name is crossed a word at a
/// time ([`plain_name_end`]) and no value or text holds a reference.
pub(super) const fn rare(b: u8) -> bool {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    b == b'&' || (b >= 0x40 && !letter && b != b'_')
}

/// Bytes after which a character XML forbids may follow: C0 controls other
/// than tab, newline and carriage return, and 0xEF (the lead byte of U+FEFF,
/// U+FFFE and U+FFFF).
#[inline(always)]
fn hard(b: u8) -> bool {
    control(b) | (b == 0xEF)
}

/// C0 controls other than tab, newline and carriage return.
#[inline(always)]
const fn control(b: u8) -> bool {
    (b < 0x20) & !(((b | 4) == b'\r') | (b == b'\n'))
}

/// [`control`] or [`rare`], written so that it takes few vector instructions.
/// One added to it, a signed byte below 0x21 is a C0 control, DEL or a byte
/// from 0x80 up. Between 0x40 and 0x7E, setting bit 5 folds the capitals
/// onto the small letters, `@` onto `` ` `` and `[\]^` onto `{|}~`, which one
/// addition carries to the top of the signed range (`_`, folded onto DEL, is
/// carried past it).
#[inline(always)]
const fn odd(b: u8) -> bool {
    odd_or_tab_cr(b) & (b != b'\t') & (b != b'\r')
}

/// [`odd`], and tab and carriage return too: the first pass of the survey,
/// in fewer vector instructions (of the whitespace, only the newline is told
/// from the controls). Documents as libvirt writes them, indented with spaces
/// and ending lines with a newline alone, pass it; one with a tab or a
/// carriage return takes a second pass, with [`odd`].
#[inline(always)]
const fn odd_or_tab_cr(b: u8) -> bool {
    let low = (b.wrapping_add(1) as i8) < 0x21;
    let folded = b | 0x20;
    let not_name = (folded == b'`') | ((folded.wrapping_add(1) as i8) > 0x7B);
    (low & (b != b'\n')) | (b == b'&') | not_name
}

const _: () = {
    let mut b = 0;
    while b < 256 {
        assert!(odd(b as u8) == (control(b as u8) | rare(b as u8)));
        b += 1;
    }
};

/// What one pass over the document finds before reading starts.
pub(super) struct Survey {
    /// No byte of [`rare`] anywhere.
    pub plain: bool,
    /// Whether it may hold a character XML forbids (then checked character by
    /// character).
    pub suspect: bool,
}

pub(super) fn survey(bytes: &[u8]) -> Survey {
    // An ordinary document has no byte of either kind: one pass says so (two
    // with a tab or a carriage return), and only a document with one is looked
    // at again for which kind it has. (0xEF, which [`hard`] looks for, is one
    // of the rare bytes.)
    if !any(bytes, odd_or_tab_cr) || !any(bytes, odd) {
        return Survey {
            plain: true,
            suspect: false,
        };
    }
    Survey {
        plain: !any(bytes, rare),
        suspect: any(bytes, hard),
    }
}

/// Whether `test` holds for a byte of `bytes`: sixteen bytes a step, without
/// branches (`test` is written in comparisons the compiler turns into vector
/// instructions).
#[inline(always)]
fn any(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    let mut lanes = [0u8; 16];
    let mut step = |chunk: &[u8]| {
        for (lane, &b) in lanes.iter_mut().zip(chunk) {
            *lane |= 0u8.wrapping_sub(u8::from(test(b)));
        }
    };
    for chunk in bytes.chunks_exact(16) {
        step(chunk);
    }
    // The last few bytes take the same step as the others: as the last sixteen
    // of the document (looking at some twice changes nothing), or, in a
    // shorter one, padded with spaces (which no test stops at).
    match bytes.len().checked_sub(16) {
        Some(from) => step(&bytes[from..]),
        None => {
            let mut padded = [b' '; 16];
            padded[..bytes.len()].copy_from_slice(bytes);
            step(&padded);
        }
    }
    lanes != [0; 16]
}

// `plain_name_end` takes every byte from 0x40 up for a name character, and
// stops at the first byte below 0x40 that is not one: in a plain document,
// the only bytes from 0x40 up are name characters, and no byte below 0x40
// but `&` is rare.
const _: () = {
    let mut b = 0;
    while b < 256 {
        let name = CLASS[b] & NAME != 0;
        assert!(if b >= 0x40 {
            rare(b as u8) != name
        } else {
            rare(b as u8) == (b == 0x26)
        });
        assert!(CLASS[b] & START == 0 || name);
        assert!(CLASS[b] & WS == 0 || b < 0x40);
        b += 1;
    }
};

/// [`syntax::tag_name_end`] in a plain document (see [`rare`]).
#[inline]
pub(super) fn plain_name_end(s: &str, start: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    if CLASS[*bytes.get(start)? as usize] & START == 0 {
        return None;
    }
    let mut i = start + 1;
    // Names are mostly letters: a word with no byte below 0x40 is passed over
    // at once, and a word with one is looked at from that byte.
    while let Some(x) = word_at(bytes, i) {
        let low = below(x, 0x40);
        if low == 0 {
            i += 8;
            continue;
        }
        i += first(low);
        let b = bytes[i];
        if CLASS[b as usize] & NAME == 0 {
            return Some(i);
        } else if b == b':' {
            return Some(colon(s, start, i));
        }
        i += 1;
    }
    while let Some(&b) = bytes.get(i) {
        if CLASS[b as usize] & NAME == 0 && b < 0x40 {
            return Some(i);
        } else if b == b':' {
            return Some(colon(s, start, i));
        }
        i += 1;
    }
    Some(i)
}

/// The rest of a name holding a colon, read as libxml2 reads a qualified name.
#[cold]
fn colon(s: &str, start: usize, i: usize) -> usize {
    let end = i + s.as_bytes()[i..]
        .iter()
        .take_while(|&&b| b >= 0x40 || CLASS[b as usize] & NAME != 0)
        .count();
    syntax::qname_end(s, start, end)
}

/// The closing `quote` of an attribute value starting at `i`, and whether the
/// value holds a byte below 0x20 or a `<` (for the caller to look at closer).
#[inline(always)]
pub(super) fn value_end(bytes: &[u8], i: usize, quote: u8) -> Option<(usize, bool)> {
    // One copy per quote, each with its quote a constant.
    match quote {
        b'\'' => quoted::<b'\''>(bytes, i),
        _ => quoted::<b'"'>(bytes, i),
    }
}

#[inline(always)]
fn quoted<const QUOTE: u8>(bytes: &[u8], mut i: usize) -> Option<(usize, bool)> {
    // The first byte that is the quote or a mark: usually the quote, and the
    // value is done (the lowest bit of each mask is exact, so the lowest of
    // their union is too).
    while let Some(x) = word_at(bytes, i) {
        let stop = equal(x, QUOTE) | below(x, 0x20) | equal(x, b'<');
        if stop != 0 {
            let at = i + first(stop);
            return match bytes[at] == QUOTE {
                true => Some((at, false)),
                false => marked::<QUOTE>(bytes, at),
            };
        }
        i += 8;
    }
    marked_from::<QUOTE>(bytes, i, false)
}

/// The closing quote of a value with a mark at `i` (out of line: rare).
#[cold]
#[inline(never)]
fn marked<const QUOTE: u8>(bytes: &[u8], i: usize) -> Option<(usize, bool)> {
    marked_from::<QUOTE>(bytes, i, true)
}

/// The closing quote from `i`, byte by byte; `odd`: a mark was met before `i`.
#[inline(always)]
fn marked_from<const QUOTE: u8>(
    bytes: &[u8],
    mut i: usize,
    mut odd: bool,
) -> Option<(usize, bool)> {
    loop {
        let b = *bytes.get(i)?;
        if b == QUOTE {
            return Some((i, odd));
        }
        odd |= b < 0x20 || b == b'<';
        i += 1;
    }
}

/// The first `<` at or after `from`, or the end. Eight bytes a step: most
/// text is the indentation between two tags, which one word holds.
#[inline]
pub(super) fn next_lt(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(x) = word_at(bytes, i) {
        let lt = equal(x, b'<');
        if lt != 0 {
            return i + first(lt);
        }
        i += 8;
    }
    match bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        Some(k) => i + k,
        None => bytes.len(),
    }
}
