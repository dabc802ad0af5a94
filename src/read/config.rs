//! The `vif` setting of a whole xl (or xm) config text, read with xl.cfg's syntax
//! as libxlutil reads it: `#` comments, statements ended by a newline or `;`,
//! quoted strings with escapes, flat lists with an optional trailing comma,
//! `vif += […]` appending. Every other setting is read only as far as its syntax.

use std::borrow::Cow;

use super::quoted::{read_quoted, QuoteError};
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

/// Which reader's lexical rules apply. xl's are libxlutil's exactly (Unix line
/// endings, lower-case names, a final newline after a comment), so that vifxml
/// accepts no file xl would refuse; xm files are Python, which is laxer there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    Xl,
    Xm,
}

/// Nesting deeper than this is refused rather than followed (no setting needs it).
const MAX_LIST_DEPTH: usize = 64;

/// The entries of the config's `vif` setting, in order (empty if there is none).
pub(crate) fn vif_entries(text: &str, flavour: Flavour) -> Result<Vec<Entry<'_>>, Error> {
    let mut lexer = Lexer {
        text,
        at: 0,
        line: 1,
        flavour,
    };
    // What `vif` holds so far: a list, or (the line of) a scalar that a later
    // `vif = [ … ]` may still replace, as it would in xl.
    let mut vifs: Result<Vec<Entry<'_>>, usize> = Ok(Vec::new());
    loop {
        let (token, line) = lexer.next()?;
        let name = match token {
            Token::End => {
                return vifs.map_err(|line| {
                    syntax(line, "vif must be a list, as in vif = [ 'bridge=xenbr0' ]")
                });
            }
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
        let is_vif = name == "vif";
        let (value, value_line) = lexer.next()?;
        let items = match value {
            Token::Open => Ok(read_list(&mut lexer, is_vif, 1)?),
            Token::Str(..) | Token::Number(_) => Err(value_line),
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
        if is_vif {
            vifs = match (append, vifs, items) {
                (false, _, items) => items,
                (true, Ok(mut list), Ok(more)) => {
                    list.extend(more);
                    Ok(list)
                }
                (true, _, _) => {
                    return Err(syntax(value_line, "vif += needs a list on both sides"))
                }
            };
        }
    }
}

/// Reads a list after its `[`. Lists may nest (xl's vnuma does); `vif`'s entries
/// must be strings.
fn read_list<'a>(lexer: &mut Lexer<'a>, keep: bool, depth: usize) -> Result<Vec<Entry<'a>>, Error> {
    if depth > MAX_LIST_DEPTH {
        return Err(syntax(
            lexer.line,
            format_args!("lists nest deeper than {MAX_LIST_DEPTH} levels"),
        ));
    }
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
            Token::Open if !keep => {
                read_list(lexer, keep, depth + 1)?;
            }
            Token::Open => return Err(syntax(line, "vif entries must be strings, not lists")),
            other => return Err(lexer.unexpected(&other, line, "a string, a list or ']'")),
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
    flavour: Flavour,
}

impl<'a> Lexer<'a> {
    fn unexpected(&self, token: &Token<'_>, line: usize, expected: &str) -> Error {
        let found = match token {
            Token::Ident(s) | Token::Number(s) => format!("'{}'", crate::value::cut(s)),
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
        let xl = self.flavour == Flavour::Xl;
        while let Some(&b) = bytes.get(self.at) {
            match b {
                b' ' | b'\t' => self.at += 1,
                b'\r' if !xl => self.at += 1,
                b'#' => {
                    while bytes.get(self.at).is_some_and(|&c| c != b'\n') {
                        self.at += 1;
                    }
                    if xl && self.at == bytes.len() {
                        return Err(syntax(
                            self.line,
                            "the last line is a comment without a newline, which xl refuses",
                        )
                        .at(self.at));
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
            b'\'' | b'"' => return self.string(start).map(|t| (t, line)),
            // libxlutil's NUMBER is [0-9][0-9a-fx]*; its IDENT is [a-z][a-z0-9_.]*.
            b'0'..=b'9' if xl => {
                self.take_while(|c| c.is_ascii_digit() || matches!(c, b'a'..=b'f' | b'x'));
                Token::Number(&self.text[start..self.at])
            }
            b'0'..=b'9' => {
                self.take_while(|c| c.is_ascii_alphanumeric());
                Token::Number(&self.text[start..self.at])
            }
            b'a'..=b'z' if xl => {
                self.take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'.')
                });
                Token::Ident(&self.text[start..self.at])
            }
            c if !xl && (c.is_ascii_alphabetic() || c == b'_') => {
                self.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.'));
                Token::Ident(&self.text[start..self.at])
            }
            _ => {
                let c = self.text[start..].chars().next().unwrap_or('?');
                let why = match (xl, c) {
                    (true, '\r') => "xl reads Unix line endings only".to_string(),
                    (true, c) if c.is_ascii_uppercase() || c == '_' => {
                        "xl setting names are lower-case letters, digits, '_' and '.', starting with a letter".to_string()
                    }
                    _ => "xl.cfg syntax: Python-only constructs cannot be read".to_string(),
                };
                return Err(syntax(line, format_args!("unexpected {c:?} ({why})")).at(start));
            }
        };
        Ok((token, line))
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.text.as_bytes().get(self.at).is_some_and(|&c| keep(c)) {
            self.at += 1;
        }
    }

    fn string(&mut self, start: usize) -> Result<Token<'a>, Error> {
        let unescape = |e| match e {
            b'\\' | b'"' | b'\'' => Some(e as char),
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b'f' => Some('\x0c'),
            b'v' => Some('\x0b'),
            _ => None,
        };
        let (text, end) = read_quoted(self.text, start, true, unescape).map_err(|e| match e {
            QuoteError::Unclosed => syntax(
                self.line,
                "a string is not closed before the end of the text",
            )
            .at(start),
            QuoteError::Newline => syntax(
                self.line,
                "a string is not closed before the end of the line",
            )
            .at(start),
            QuoteError::UnknownEscape(at) => syntax(
                self.line,
                "unknown escape in a string (\\\\ \\\" \\' \\n \\t \\r \\a \\b \\f \\v are read)",
            )
            .at(at),
        })?;
        self.at = end;
        let verbatim = matches!(text, Cow::Borrowed(_));
        Ok(Token::Str(text, start + 1, verbatim))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn texts(config: &str) -> Vec<String> {
        vif_entries(config, Flavour::Xl)
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
        let entries = vif_entries(config, Flavour::Xl).unwrap();
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
    fn nested_lists_dotted_names_and_a_replaced_scalar() {
        let config = "vnuma = [ [ 'pnode=0', 'size=512' ], [ 'pnode=1' ] ]\nvendor.option = 'x'\nvif = 'old'\nvif = [ 'bridge=a' ]\n";
        assert_eq!(texts(config), ["bridge=a"]);
        let deep = format!("x = {}{}\n", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            vif_entries(&deep, Flavour::Xl).unwrap_err().status(),
            Status::VifSyntax
        );
    }

    #[test]
    fn xm_files_are_read_as_python_reads_them() {
        let config = "Memory = 512\r\n_private = 0xAB\r\nvif = [ 'bridge=a' ] # last";
        let entries = vif_entries(config, Flavour::Xm).unwrap();
        assert_eq!(
            entries.iter().map(|e| &*e.text).collect::<Vec<_>>(),
            ["bridge=a"]
        );
        assert_eq!(
            vif_entries(config, Flavour::Xl).unwrap_err().status(),
            Status::VifSyntax
        );
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
            ("vif = 'a'\nvif += ['b']\n", 2),
            ("x = 1\r\n", 1),
            ("\nMemory = 1\n", 2),
            ("_x = 1\n", 1),
            ("x = 1\n# end", 2),
            ("x = 0xAB\n", 1),
        ] {
            let e = vif_entries(bad, Flavour::Xl).unwrap_err();
            assert_eq!(e.status(), Status::VifSyntax, "{bad}");
            assert!(
                e.to_string().contains(&format!("line {line}")),
                "{bad}: {e}"
            );
        }
    }
}
