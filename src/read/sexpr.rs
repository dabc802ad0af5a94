//! xend's `(vif (key value)…)` S-expression. Values are quoted with `'` or `"`
//! (escapes `\\`, `\'`, `\"`) or bare; `(device (vif …))` is read as well.

use std::borrow::Cow;

use super::quoted::{read_quoted, QuoteError};
use super::RawField;
use crate::error::Error;
use crate::value::shown;

/// Reads the `(key value)` groups of one `(vif …)`.
pub(crate) fn read_sexpr(text: &str) -> Result<Vec<RawField<'_>>, Error> {
    let mut p = Parser { text, at: 0 };
    p.open()?;
    let mut head = p.atom("vif")?;
    let device = head.0 == "device";
    if device {
        p.open()?;
        head = p.atom("vif")?;
    }
    if head.0 != "vif" {
        return Err(
            Error::vif_syntax(format!("expected (vif …), found ({} …)", shown(&head.0))).at(head.1),
        );
    }
    let mut fields = Vec::new();
    loop {
        p.blank();
        match p.peek() {
            Some(b')') => {
                p.at += 1;
                break;
            }
            Some(b'(') => {
                p.at += 1;
                p.blank();
                let (key, key_offset) = p.bare()?;
                p.blank();
                // A quoted value starts after its quote.
                let value_offset = p.at + usize::from(matches!(p.peek(), Some(b'\'' | b'"')));
                let value = p.value()?;
                p.blank();
                p.expect(b')', "the end of the group")?;
                fields.push(RawField {
                    key,
                    value: Some(value),
                    key_offset,
                    value_offset,
                });
            }
            _ => return Err(p.error("'(' for a (key value) group or ')' to close (vif …)")),
        }
    }
    if device {
        p.blank();
        p.expect(b')', "')' closing (device …)")?;
    }
    p.blank();
    if p.at < text.len() {
        return Err(p.error("the end of the text after (vif …)"));
    }
    Ok(fields)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn error(&self, expected: &str) -> Error {
        let found = match self.text[self.at..].chars().next() {
            Some(c) => format!("{c:?}"),
            None => "the end of the text".to_string(),
        };
        Error::vif_syntax(format!("expected {expected}, found {found}")).at(self.at)
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), Error> {
        if self.peek() != Some(byte) {
            return Err(self.error(what));
        }
        self.at += 1;
        Ok(())
    }

    fn open(&mut self) -> Result<(), Error> {
        self.blank();
        self.expect(b'(', "'('")?;
        self.blank();
        Ok(())
    }

    fn atom(&mut self, what: &str) -> Result<(Cow<'a, str>, usize), Error> {
        let (word, at) = self.bare().map_err(|_| self.error(what))?;
        Ok((Cow::Borrowed(word), at))
    }

    /// A run of characters that are not blank, parentheses or quotes.
    fn bare(&mut self) -> Result<(&'a str, usize), Error> {
        let start = self.at;
        while let Some(b) = self.peek() {
            if matches!(
                b,
                b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b'\'' | b'"' | b'\\'
            ) {
                break;
            }
            self.at += self.text[self.at..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
        if self.at == start {
            return Err(self.error("a key"));
        }
        Ok((&self.text[start..self.at], start))
    }

    fn value(&mut self) -> Result<Cow<'a, str>, Error> {
        let Some(b'\'' | b'"') = self.peek() else {
            return self
                .bare()
                .map(|(word, _)| Cow::Borrowed(word))
                .map_err(|_| self.error("a value"));
        };
        let start = self.at;
        let unescape = |e| matches!(e, b'\\' | b'\'' | b'"').then_some(e as char);
        let (value, end) = read_quoted(self.text, start, false, unescape).map_err(|e| match e {
            QuoteError::UnknownEscape(at) => {
                Error::vif_syntax("unknown escape (only \\\\, \\' and \\\" are read)").at(at)
            }
            QuoteError::Unclosed | QuoteError::Newline => {
                Error::vif_syntax("a quoted value is not closed").at(start)
            }
        })?;
        self.at = end;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn pairs(text: &str) -> Vec<(String, String)> {
        read_sexpr(text)
            .unwrap()
            .into_iter()
            .map(|f| (f.key.to_string(), f.value.unwrap().into_owned()))
            .collect()
    }

    #[test]
    fn quoted_bare_and_escaped_values() {
        assert_eq!(
            pairs(
                "(vif (bridge xenbr0) (mac '00:16:3e:1d:06:15')(script \"a\\\"b\") (backend 0) )"
            ),
            [
                ("bridge", "xenbr0"),
                ("mac", "00:16:3e:1d:06:15"),
                ("script", "a\"b"),
                ("backend", "0")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(
            pairs("(device (vif (type ioemu)))"),
            [("type".to_string(), "ioemu".to_string())]
        );
        assert!(pairs("(vif)").is_empty());
    }

    #[test]
    fn syntax_errors_name_the_place() {
        for (bad, at) in [
            ("(vif (mac 'x')", 14),
            ("(vif (mac 'x) )", 10),
            ("(vif (mac))", 9),
            ("vif", 0),
            ("(vif (mac 'x')) x", 16),
            ("(disk (x y))", 1),
            ("(vif (mac 'a\\nb'))", 12),
            ("(vif (ip (a b)))", 9),
        ] {
            let e = read_sexpr(bad).unwrap_err();
            assert_eq!(
                (e.status(), e.offset()),
                (Status::VifSyntax, Some(at)),
                "{bad}: {e}"
            );
        }
    }
}
