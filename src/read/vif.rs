//! The xm/xl vif string: `key=value` items separated by commas.

use std::borrow::Cow;

use super::RawField;

/// Splits a vif string into its items. Spaces and tabs around an item are not
/// part of it; empty items are skipped; the value is everything after the first
/// `=`. What the keys mean is for the rules to say.
pub(crate) fn read_vif(text: &str) -> Vec<RawField<'_>> {
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
            Some((key, value)) => RawField {
                key,
                value: Some(Cow::Borrowed(value)),
                key_offset: offset,
                value_offset: offset + key.len() + 1,
            },
            None => RawField {
                key: trimmed,
                value: None,
                key_offset: offset,
                value_offset: offset,
            },
        });
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_offsets_and_bare_flags() {
        let fields = read_vif(" mac=00:16:3e:00:00:01 ,, bridge=br0=x,\ttrusted ,");
        let got: Vec<_> = fields
            .iter()
            .map(|f| (f.key, f.value.as_deref(), f.key_offset, f.value_offset))
            .collect();
        assert_eq!(
            got,
            [
                ("mac", Some("00:16:3e:00:00:01"), 1, 5),
                ("bridge", Some("br0=x"), 26, 33),
                ("trusted", None, 40, 40)
            ]
        );
        assert!(read_vif("").is_empty());
        assert_eq!(read_vif("mac =x")[0].key, "mac ");
    }
}
