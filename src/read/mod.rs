//! Readers: bytes in one of the input forms → the typed model.

pub(crate) mod config;
mod quoted;
pub(crate) mod sexpr;
pub(crate) mod vif;
mod words;
pub(crate) mod xml;

use std::borrow::Cow;

use words::{below, equal, first};

/// One `key=value` (or `(key value)`) item of a vif, as read: the rules decide what
/// it means. Offsets are byte offsets in the text the reader was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawField<'a> {
    pub key: &'a str,
    /// None for a bare flag (xl's `trusted`).
    pub value: Option<Cow<'a, str>>,
    pub key_offset: usize,
    pub value_offset: usize,
}

/// The offset of the first byte of `bytes` that is one of `needles`, looked
/// for eight bytes at a time ([`equal`] for each needle; the lowest flag is
/// the first match).
#[inline]
pub(crate) fn find_any<const N: usize>(bytes: &[u8], needles: [u8; N]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found = needles.iter().fold(0, |found, &n| found | equal(word, n));
        if found != 0 {
            return Some(at + first(found));
        }
        at += 8;
    }
    let rest = words.remainder();
    rest.iter()
        .position(|b| needles.contains(b))
        .map(|i| at + i)
}

/// The offset of the first byte of `bytes` that ends the plain content of a
/// string quoted with `quote` (`'` or `"`): the quote, a backslash or a
/// newline. [`find_any`] with those three needles costs three tests a word;
/// this makes two: for any byte below `(` (the newline and both quotes are,
/// and little else in a vif string) and for a backslash. After a byte below
/// `(` that is not a stop (a space, say), the rest is left to find_any, whose
/// cost does not depend on the bytes: a megabyte string of letters is read
/// in two thirds of find_any's instructions, one of spaces in no more.
#[inline]
pub(crate) fn find_string_stop(bytes: &[u8], quote: u8) -> Option<usize> {
    debug_assert!(matches!(quote, b'"' | b'\''));
    let at = below_paren_or_backslash(bytes)?;
    if bytes[at] == quote || matches!(bytes[at], b'\\' | b'\n') {
        return Some(at);
    }
    after_other_byte(&bytes[at + 1..], quote).map(|n| at + 1 + n)
}

/// [`find_string_stop`] after a byte below `(` that is not a stop.
#[cold]
#[inline(never)]
fn after_other_byte(bytes: &[u8], quote: u8) -> Option<usize> {
    find_any(bytes, [quote, b'\\', b'\n'])
}

/// The offset of the first byte below `(` or that is a backslash, eight
/// bytes at a time ([`below`], [`equal`]: the lowest flag is the first such
/// byte).
#[inline(always)]
fn below_paren_or_backslash(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let found = below(word, b'(') | equal(word, b'\\');
        if found != 0 {
            return Some(at + first(found));
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b < b'(' || b == b'\\')
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    /// Every string of up to five of the bytes around the stops and the
    /// test's bounds, at two places in a word: the same stop as find_any.
    #[test]
    fn find_string_stop_is_find_any_with_the_three_stops() {
        let alphabet = [
            b'x',
            b' ',
            b'\'',
            b'"',
            b'\\',
            b'\n',
            b'(',
            b'\'' + 1,
            0,
            0x7f,
            0x80,
            0xdc,
        ];
        let mut texts = vec![Vec::new()];
        for _ in 0..5 {
            let mut longer = Vec::new();
            for t in &texts {
                for &b in &alphabet {
                    let mut l: Vec<u8> = t.clone();
                    l.push(b);
                    longer.push(l);
                }
            }
            for t in &longer {
                for lead in [0, 6] {
                    let mut bytes = vec![b'y'; lead];
                    bytes.extend_from_slice(t);
                    for quote in [b'\'', b'"'] {
                        assert_eq!(
                            super::find_string_stop(&bytes, quote),
                            super::find_any(&bytes, [quote, b'\\', b'\n']),
                            "{bytes:?}"
                        );
                    }
                }
            }
            texts = longer;
        }
    }

    #[test]
    fn find_any_finds_the_first() {
        for len in 0..40 {
            for needle_at in 0..=len {
                let mut bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                // Bytes around the needle that a careless word test would confuse.
                if needle_at < len {
                    bytes[needle_at] = b',';
                    if needle_at + 1 < len {
                        bytes[needle_at + 1] = b',' ^ 0x80;
                    }
                }
                let want = bytes.iter().position(|&b| b == b',');
                assert_eq!(super::find_any(&bytes, [b',']), want, "{bytes:?}");
                let want = bytes.iter().position(|&b| b"',\\".contains(&b));
                assert_eq!(super::find_any(&bytes, [b'\'', b',', b'\\']), want);
            }
        }
        assert_eq!(super::find_any(b"\x01\x00,\xff\x2c", [b',']), Some(2));
        assert_eq!(
            super::find_any(b"\x00\x00\x00\x00\x00\x00\x00\x01\x00", [0]),
            Some(0)
        );
        assert_eq!(
            super::find_any(b"\x01\x01\x01\x01\x01\x01\x01\x01\x00", [0]),
            Some(8)
        );
        // Every pair of bytes, at every place in a word, with a match after it.
        // (find_string_stop too: what it finds is find_any's three needles.)
        for a in 0..=255u8 {
            for b in [0u8, 1, b'\'' - 1, b'\'', b'\'' + 1, 0x7f, 0x80, 0xa7, 0xff] {
                for at in 0..8 {
                    let mut bytes = [b'x'; 16];
                    bytes[at] = a;
                    bytes[at + 1] = b;
                    bytes[12] = b'\'';
                    let want = bytes.iter().position(|&c| c == b'\'' || c == b'\n');
                    assert_eq!(super::find_any(&bytes, [b'\'', b'\n']), want, "{bytes:?}");
                    for quote in [b'\'', b'"'] {
                        let stops = [quote, b'\\', b'\n'];
                        let want = bytes.iter().position(|c| stops.contains(c));
                        let found = super::find_string_stop(&bytes, quote);
                        assert_eq!(found, want, "{bytes:?}");
                        assert_eq!(found, super::find_any(&bytes, stops));
                    }
                }
            }
        }
    }
}
