//! The xm/xl vif string: `key=value` items separated by commas.

use std::borrow::Cow;

use super::{find_any, RawField};

/// The items of a vif string, in order. Spaces and tabs around an item are not
/// part of it; empty items are skipped; the value is everything after the first
/// `=`. What the keys mean is for the rules to say.
pub(crate) fn read_vif(text: &str) -> VifItems<'_> {
    VifItems { text, at: 0 }
}

/// The iterator [`read_vif`] returns: one pass over the bytes, each item found
/// as it is asked for (nothing is collected).
pub(crate) struct VifItems<'a> {
    text: &'a str,
    /// Where the next item starts; past the end when there is none.
    at: usize,
}

impl<'a> Iterator for VifItems<'a> {
    type Item = RawField<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<RawField<'a>> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        while self.at <= len {
            let mut start = self.at;
            while start < len && matches!(bytes[start], b' ' | b'\t') {
                start += 1;
            }
            // The key: up to the first `=` or the end of the item.
            let key_end = find_any(&bytes[start..], [b'=', b',']).map_or(len, |n| start + n);
            if key_end < len && bytes[key_end] == b'=' {
                // The end of the item: its comma, found eight bytes at a time.
                let value_start = key_end + 1;
                let comma =
                    find_any(&bytes[value_start..], [b',']).map_or(len, |n| value_start + n);
                self.at = comma + 1;
                // The blanks trimmed off the end are after the `=`.
                let end = without_trailing_blanks(bytes, value_start, comma);
                // Cut next to the `=` just compared: the compiler knows that
                // bound is a character boundary.
                return Some(RawField {
                    key: &self.text[start..key_end],
                    value: Some(Cow::Borrowed(&self.text[value_start..end])),
                    key_offset: start,
                    value_offset: value_start,
                });
            }
            self.at = key_end + 1;
            let end = without_trailing_blanks(bytes, start, key_end);
            if start == end {
                continue;
            }
            // Every bound is at an ASCII byte or an end of the text.
            return Some(RawField {
                key: &self.text[start..end],
                value: None,
                key_offset: start,
                value_offset: start,
            });
        }
        None
    }
}

/// Where `from..end` ends without the spaces and tabs at its end.
#[inline(always)]
fn without_trailing_blanks(bytes: &[u8], from: usize, mut end: usize) -> usize {
    while end > from && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<(&str, Option<&str>, usize, usize)> {
        read_vif(text)
            .map(|f| {
                let value = f.value.map(|v| match v {
                    Cow::Borrowed(v) => v,
                    Cow::Owned(_) => unreachable!("a vif string's values are borrowed"),
                });
                (f.key, value, f.key_offset, f.value_offset)
            })
            .collect()
    }

    #[test]
    fn items_offsets_and_bare_flags() {
        assert_eq!(
            items(" mac=00:16:3e:00:00:01 ,, bridge=br0=x,\ttrusted ,"),
            [
                ("mac", Some("00:16:3e:00:00:01"), 1, 5),
                ("bridge", Some("br0=x"), 26, 33),
                ("trusted", None, 40, 40)
            ]
        );
        assert!(items("").is_empty());
        assert!(items(",, \t,").is_empty());
        assert_eq!(items("mac =x")[0].0, "mac ");
        assert_eq!(items("=")[0], ("", Some(""), 0, 1));
        assert_eq!(items(" a= \t")[0], ("a", Some(""), 1, 3));
        assert_eq!(
            items("é=ü, x")[..],
            [("é", Some("ü"), 0, 3), ("x", None, 7, 7)]
        );
    }

    /// The reading SPEC §5 describes, written with `str`'s own splitting: the
    /// iterator must give exactly its items.
    #[test]
    fn the_same_items_as_split_and_split_once() {
        fn reference(text: &str) -> Vec<(&str, Option<&str>, usize, usize)> {
            let mut fields = Vec::new();
            let mut start = 0;
            for item in text.split(',') {
                let item_start = start;
                start += item.len() + 1;
                let trimmed = item.trim_start_matches([' ', '\t']);
                let offset = item_start + (item.len() - trimmed.len());
                let trimmed = trimmed.trim_end_matches([' ', '\t']);
                if trimmed.is_empty() {
                    continue;
                }
                fields.push(match trimmed.split_once('=') {
                    Some((key, value)) => (key, Some(value), offset, offset + key.len() + 1),
                    None => (trimmed, None, offset, offset),
                });
            }
            fields
        }
        let pieces = [
            "", ",", "=", " ", "\t", "a", "mac", "é", "x=y", "==", " ,=", "\n",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for t in &texts {
                for p in pieces {
                    longer.push(format!("{t}{p}"));
                }
            }
            texts = longer;
        }
        for text in &texts {
            assert_eq!(items(text), reference(text), "{text:?}");
        }
    }
}
