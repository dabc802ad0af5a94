//! Quoted strings with backslash escapes, shared by the S-expression and config
//! readers (each with its own set of escapes).

use std::borrow::Cow;

/// Why a quoted string could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum QuoteError {
    /// The text ends before the closing quote.
    Unclosed,
    /// A newline comes before the closing quote, where strings are one line.
    Newline,
    /// An escape the reader does not know, at this offset.
    UnknownEscape(usize),
}

/// Reads the string whose opening quote is at `start`. Returns its text (borrowed
/// when it holds no escapes) and the offset just past the closing quote.
pub(crate) fn read_quoted<'a>(
    text: &'a str,
    start: usize,
    one_line: bool,
    unescape: impl Fn(u8) -> Option<char>,
) -> Result<(Cow<'a, str>, usize), QuoteError> {
    let quote = text.as_bytes()[start];
    let body = start + 1;
    let mut at = body;
    let mut owned: Option<String> = None;
    loop {
        match *text.as_bytes().get(at).ok_or(QuoteError::Unclosed)? {
            b if b == quote => {
                let value = owned.map_or(Cow::Borrowed(&text[body..at]), Cow::Owned);
                return Ok((value, at + 1));
            }
            b'\n' if one_line => return Err(QuoteError::Newline),
            b'\\' => {
                let c = text
                    .as_bytes()
                    .get(at + 1)
                    .and_then(|&e| unescape(e))
                    .ok_or(QuoteError::UnknownEscape(at))?;
                owned
                    .get_or_insert_with(|| text[body..at].to_string())
                    .push(c);
                at += 2;
            }
            _ => {
                let c = text[at..].chars().next().expect("a character starts here");
                if let Some(s) = owned.as_mut() {
                    s.push(c);
                }
                at += c.len_utf8();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(e: u8) -> Option<char> {
        matches!(e, b'\\' | b'\'' | b'"').then_some(e as char)
    }

    #[test]
    fn borrowed_escaped_and_broken() {
        assert_eq!(
            read_quoted("x'ab'y", 1, true, plain),
            Ok((Cow::Borrowed("ab"), 5))
        );
        assert_eq!(
            read_quoted(r#""a\"é\\""#, 0, true, plain),
            Ok((Cow::Owned("a\"é\\".to_string()), 9))
        );
        assert_eq!(
            read_quoted("'ab", 0, true, plain),
            Err(QuoteError::Unclosed)
        );
        assert_eq!(
            read_quoted("'a\nb'", 0, true, plain),
            Err(QuoteError::Newline)
        );
        assert_eq!(read_quoted("'a\nb'", 0, false, plain).unwrap().1, 5);
        assert_eq!(
            read_quoted(r"'a\qb'", 0, true, plain),
            Err(QuoteError::UnknownEscape(2))
        );
    }
}
