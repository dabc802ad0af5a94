//! Finding bytes eight at a time: the loops that cross names, attribute values
//! and the strings of vifs and config files look at a whole `u64` per step
//! instead of one byte, in safe code.
//!
//! Each mask below has the high bit of a byte set for the bytes it looks for.
//! Only its lowest set bit is exact (a borrow can set bits above a true one),
//! so callers take the first hit and look no further in that word.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i`, if there are eight.
#[inline]
pub(crate) fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let word = bytes.get(i..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*word))
}

/// The bytes of `x` below `n` (`n` at most 0x80).
#[inline]
pub(crate) fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// The bytes of `x` equal to `b`.
#[inline]
pub(crate) fn equal(x: u64, b: u8) -> u64 {
    below(x ^ (ONES * u64::from(b)), 1)
}

/// The index (0–7) of the first byte a non-zero mask marks.
#[inline]
pub(crate) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// Whether `a` equals `b`. Names are short: one of 8 to 16 bytes is compared
/// as two words that overlap, in line, where `==` would call `memcmp`.
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), a.last_chunk::<8>()) {
        (Some(a_head), Some(a_tail)) if a.len() <= 16 => {
            b.first_chunk::<8>() == Some(a_head) && b.last_chunk::<8>() == Some(a_tail)
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    /// `same` says what `==` says, for every length and every byte that differs.
    #[test]
    fn same_is_equality() {
        let a: Vec<u8> = (b'a'..=b'z').collect();
        for len in 0..=a.len() {
            let x = &a[..len];
            assert!(same(x, x));
            assert!(!same(x, &a[..len.saturating_sub(1)]) || len == 0);
            for k in 0..len {
                let mut y = x.to_vec();
                y[k] = b'_';
                assert!(!same(x, &y), "{len} {k}");
            }
        }
    }
}
