//! Finding bytes eight at a time: the loops that cross names and attribute
//! values look at a whole `u64` per step instead of one byte, in safe code.
//!
//! Each mask below has the high bit of a byte set for the bytes it looks for.
//! Only its lowest set bit is exact (a borrow can set bits above a true one),
//! so callers take the first hit and look no further in that word.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i`, if there are eight.
#[inline]
pub(super) fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let word = bytes.get(i..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*word))
}

/// The bytes of `x` below `n` (`n` at most 0x80).
#[inline]
pub(super) fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// The bytes of `x` equal to `b`.
#[inline]
pub(super) fn equal(x: u64, b: u8) -> u64 {
    below(x ^ (ONES * u64::from(b)), 1)
}

/// The index (0–7) of the first byte a non-zero mask marks.
#[inline]
pub(super) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// The marks of `mask` before byte `n` of the word (`n` at most 7).
#[inline]
pub(super) fn before(mask: u64, n: usize) -> u64 {
    mask & ((1u64 << (8 * n)) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mask's first mark against a byte-by-byte search, for every byte
    /// value at every position, with and without other bytes around it.
    #[test]
    fn first_marks_agree_with_a_byte_search() {
        for fill in [b'a', 0x00, 0x3f, 0x40, 0x7f, 0x80, 0xff] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let x = u64::from_le_bytes(bytes);
                    for n in [0x01, 0x20, 0x40, 0x80] {
                        let want = bytes.iter().position(|&c| c < n);
                        let got = Some(below(x, n)).filter(|&m| m != 0).map(first);
                        assert_eq!(got, want, "{bytes:?} below {n:#x}");
                    }
                    for c in [b'\'', b'"', b'<', 0x00, 0xff] {
                        let want = bytes.iter().position(|&d| d == c);
                        let got = Some(equal(x, c)).filter(|&m| m != 0).map(first);
                        assert_eq!(got, want, "{bytes:?} equal {c:#x}");
                    }
                }
            }
        }
        // Words with several marks (where borrows set bits above the first).
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Bytes drawn mostly from around the thresholds.
            let bytes = x
                .to_le_bytes()
                .map(|b| [0x00, 0x1f, 0x20, 0x21, b'\'', 0x3f, 0x40, b][usize::from(b % 8)]);
            let word = u64::from_le_bytes(bytes);
            for n in [0x20, 0x40] {
                let want = bytes.iter().position(|&c| c < n);
                assert_eq!(Some(below(word, n)).filter(|&m| m != 0).map(first), want);
            }
            let want = bytes.iter().position(|&c| c == b'\'');
            assert_eq!(
                Some(equal(word, b'\'')).filter(|&m| m != 0).map(first),
                want
            );
        }
        assert_eq!(before(u64::MAX, 0), 0);
        assert_eq!(before(HIGHS, 2), 0x8080);
        assert_eq!(
            word_at(b"0123456789", 2),
            Some(u64::from_le_bytes(*b"23456789"))
        );
        assert_eq!(word_at(b"0123456789", 3), None);
        assert_eq!(word_at(b"01", 5), None);
    }
}
