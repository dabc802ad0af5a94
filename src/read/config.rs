//! The `vif` setting of a whole xl (or xm) config text, read with xl.cfg's syntax
//! as libxlutil reads it: `#` comments, statements ended by a newline or `;`,
//! quoted strings with escapes, flat lists with an optional trailing comma,
//! `vif += […]` appending. Every other setting is read only as far as its syntax.

use std::borrow::Cow;

use crate::error::Error;

/// One entry of the `vif` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub text: Cow<'a, str>,
    /// Offset of the entry's first character in the config text.
    pub offset: usize,
    /// Whether `text` is the config's bytes unchanged (no escapes), so that offsets
    /// inside it map straight onto the config.
    pub verbatim: bool,
    /// 1-based line of the entry.
    pub line: usize,
}

/// The entries of the config's `vif` setting, in order (empty if there is none).
pub(crate) fn vif_entries(text: &str) -> Result<Vec<Entry<'_>>, Error> {
    let mut lexer = Lexer {
        text,
        at: 0,
        line: 1,
    };
    let mut vifs: Vec<Entry<'_>> = Vec::new();
    loop {
        let (token, line) = lexer.next()?;
        let name = match token {
            Token::End => return Ok(vifs),
            Token::EndOfStatement => continue,
            Token::Ident(name) => name,
            other => return Err(lexer.unexpected(&other, line, "a setting name")),
        };
        let (op, op_line) = lexer.next()?;
        let append = match op {
            Token::Assign => false,
            Token::Append => true,
            other => return Err(lexer.unexpected(&other, op_line, "'=' or '+='")),
        };
        let (value, value_line) = lexer.next()?;
        let items = match value {
            Token::Open => Some(read_list(&mut lexer)?),
            Token::Str(..) | Token::Number(_) if name == "vif" => {
                return Err(syntax(
                    value_line,
                    "vif must be a list, as in vif = [ 'bridge=xenbr0' ]",
                ));
            }
            Token::Str(..) | Token::Number(_) => None,
            other => {
                return Err(lexer.unexpected(&other, value_line, "a string, a number or a list"))
            }
        };
        match lexer.next()? {
            (Token::EndOfStatement | Token::End, _) => {}
            (other, line) => {
                return Err(lexer.unexpected(
                    &other,
                    line,
                    "the end of the statement (a newline or ';')",
                ))
            }
        }
        if name == "vif" {
            if !append {
                vifs.clear();
            }
            vifs.extend(items.unwrap_or_default());
        }
    }
}

fn read_list<'a>(lexer: &mut Lexer<'a>) -> Result<Vec<Entry<'a>>, Error> {
    let mut items = Vec::new();
    loop {
        let (token, line) = lexer.next_in_list()?;
        match token {
            Token::Close => return Ok(items),
            Token::Str(text, offset, verbatim) => items.push(Entry {
                text,
                offset,
                verbatim,
                line,
            }),
            Token::Number(n) => items.push(Entry {
                text: Cow::Borrowed(n),
                offset: lexer.at - n.len(),
                verbatim: true,
                line,
            }),
            other => return Err(lexer.unexpected(&other, line, "a string or ']'")),
        }
        match lexer.next_in_list()? {
            (Token::Comma, _) => {}
            (Token::Close, _) => return Ok(items),
            (other, line) => return Err(lexer.unexpected(&other, line, "',' or ']'")),
        }
    }
}

fn syntax(line: usize, what: impl std::fmt::Display) -> Error {
    Error::vif_syntax(format!("config line {line}: {what}"))
}

#[derive(Debug)]
enum Token<'a> {
    Ident(&'a str),
    Number(&'a str),
    /// Text, offset of its first character, whether it is verbatim.
    Str(Cow<'a, str>, usize, bool),
    Assign,
    Append,
    Open,
    Close,
    Comma,
    EndOfStatement,
    End,
}

struct Lexer<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Lexer<'a> {
    fn unexpected(&self, token: &Token<'_>, line: usize, expected: &str) -> Error {
        let found = match token {
            Token::Ident(s) | Token::Number(s) => format!("'{s}'"),
            Token::Str(..) => "a string".into(),
            Token::Assign => "'='".into(),
            Token::Append => "'+='".into(),
            Token::Open => "'['".into(),
            Token::Close => "']'".into(),
            Token::Comma => "','".into(),
            Token::EndOfStatement => "the end of the statement".into(),
            Token::End => "the end of the text".into(),
        };
        syntax(line, format_args!("expected {expected}, found {found} (xl.cfg syntax: Python-only constructs cannot be read)"))
            .at(self.at)
    }

    /// The next token inside a list, where newlines do not end anything.
    fn next_in_list(&mut self) -> Result<(Token<'a>, usize), Error> {
        loop {
            match self.next()? {
                (Token::EndOfStatement, _) if self.text.as_bytes()[self.at - 1] == b'\n' => {
                    continue
                }
                other => return Ok(other),
            }
        }
    }

    fn next(&mut self) -> Result<(Token<'a>, usize), Error> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'#' => {
                    while bytes.get(self.at).is_some_and(|&c| c != b'\n') {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
        let line = self.line;
        let start = self.at;
        let Some(&b) = bytes.get(self.at) else {
            return Ok((Token::End, line));
        };
        self.at += 1;
        let token = match b {
            b'\n' => {
                self.line += 1;
                Token::EndOfStatement
            }
            b';' => Token::EndOfStatement,
            b'=' => Token::Assign,
            b'+' if bytes.get(self.at) == Some(&b'=') => {
                self.at += 1;
                Token::Append
            }
            b'[' => Token::Open,
            b']' => Token::Close,
            b',' => Token::Comma,
            b'\'' | b'"' => return self.string(b, start).map(|t| (t, line)),
            b'0'..=b'9' => {
                self.take_while(|c| c.is_ascii_alphanumeric());
                Token::Number(&self.text[start..self.at])
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                self.take_while(|c| c.is_ascii_alphanumeric() || c == b'_');
                Token::Ident(&self.text[start..self.at])
            }
            _ => {
                let c = self.text[start..].chars().next().unwrap_or('?');
                return Err(syntax(
                    line,
                    format_args!(
                        "unexpected {c:?} (xl.cfg syntax: Python-only constructs cannot be read)"
                    ),
                )
                .at(start));
            }
        };
        Ok((token, line))
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.text.as_bytes().get(self.at).is_some_and(|&c| keep(c)) {
            self.at += 1;
        }
    }

    fn string(&mut self, quote: u8, start: usize) -> Result<Token<'a>, Error> {
        let body = self.at;
        let mut owned: Option<String> = None;
        loop {
            let Some(&b) = self.text.as_bytes().get(self.at) else {
                return Err(syntax(
                    self.line,
                    "a string is not closed before the end of the text",
                )
                .at(start));
            };
            match b {
                b'\n' => {
                    return Err(syntax(
                        self.line,
                        "a string is not closed before the end of the line",
                    )
                    .at(start))
                }
                b'\\' => {
                    let unescaped = match self.text.as_bytes().get(self.at + 1) {
                        Some(b'\\') => '\\',
                        Some(b'"') => '"',
                        Some(b'\'') => '\'',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(b'r') => '\r',
                        Some(b'a') => '\x07',
                        Some(b'b') => '\x08',
                        Some(b'f') => '\x0c',
                        Some(b'v') => '\x0b',
                        _ => return Err(syntax(self.line, "unknown escape in a string (\\\\ \\\" \\' \\n \\t \\r \\a \\b \\f \\v are read)").at(self.at)),
                    };
                    owned
                        .get_or_insert_with(|| self.text[body..self.at].to_string())
                        .push(unescaped);
                    self.at += 2;
                }
                _ if b == quote => {
                    let text = self.text.get(body..self.at).unwrap_or_default();
                    self.at += 1;
                    return Ok(match owned {
                        Some(s) => Token::Str(Cow::Owned(s), body, false),
                        None => Token::Str(Cow::Borrowed(text), body, true),
                    });
                }
                _ => {
                    let c = self.text[self.at..]
                        .chars()
                        .next()
                        .expect("a byte is there");
                    if let Some(s) = owned.as_mut() {
                        s.push(c);
                    }
                    self.at += c.len_utf8();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn texts(config: &str) -> Vec<String> {
        vif_entries(config)
            .unwrap()
            .into_iter()
            .map(|e| e.text.into_owned())
            .collect()
    }

    #[test]
    fn lists_comments_quotes_and_appending() {
        let config = "# guest\nname = \"web\" ; memory = 512\nvif = [ 'bridge=a', # first\n  \"bridge=b\\\\x\",\n]\nvif += ['mac=00:16:3e:00:00:01']\nextra = 'x'\n";
        assert_eq!(
            texts(config),
            ["bridge=a", "bridge=b\\x", "mac=00:16:3e:00:00:01"]
        );
        let entries = vif_entries(config).unwrap();
        assert_eq!(
            (entries[0].offset, entries[0].verbatim, entries[0].line),
            (45, true, 3)
        );
        assert_eq!((entries[1].verbatim, entries[1].line), (false, 4));
        assert_eq!(texts("vif = ['a']\nvif = ['b']"), ["b"]);
        assert_eq!(texts("vif = []"), Vec::<String>::new());
        assert_eq!(texts("name='x'"), Vec::<String>::new());
    }

    #[test]
    fn errors_name_the_line() {
        for (bad, line) in [
            ("vif = 'bridge=a'", 1),
            ("\nvif = ['a'] + ['b']", 2),
            ("vif = ['a'\n", 2),
            ("import os\n", 1),
            ("x = 'a\nb'", 1),
            ("vif = [ 'a\\q' ]", 1),
            ("vif = [ ['a'] ]", 1),
        ] {
            let e = vif_entries(bad).unwrap_err();
            assert_eq!(e.status(), Status::VifSyntax, "{bad}");
            assert!(
                e.to_string().contains(&format!("line {line}")),
                "{bad}: {e}"
            );
        }
    }
}
