//! Where the statements of an xm file (Python) begin and end, so that one the
//! config grammar cannot read can be skipped whole.
//!
//! A statement is a logical line — it ends at a newline outside brackets and
//! strings, not after a backslash — split further at `;`. A compound statement
//! (`if`, `def`, `for`, `try`, …, or any line ending in `:`) goes on through the
//! block indented under it and through its `elif`/`else`/`except`/`finally`
//! clauses, and is not split at `;`. Strings (`'…'`, `"…"`, `'''…'''`,
//! `"""…"""`, with backslash escapes) and `#` comments are passed over.
//!
//! What makes a file no Python at all — a string or bracket not closed, a
//! bracket that closes nothing, bytes that are not UTF-8 outside strings and
//! comments — is an error: the reading stops there.

use crate::error::Error;
use crate::read::find_any;

use super::{char_at, syntax};

/// One statement: `text[start..end]` (from its first character to the end of its
/// last line, or to the `;` after it), and its first and last lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Statement {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub last_line: usize,
}

/// The statements of `text`, from `at`, in order; after an error, nothing more.
pub(super) fn statements(text: &[u8], at: usize) -> Statements<'_> {
    Statements {
        lines: Lines {
            text,
            at,
            line: 1,
            words: false,
        },
        peeked: None,
        pending: Vec::new(),
        failed: false,
    }
}

pub(super) struct Statements<'a> {
    lines: Lines<'a>,
    peeked: Option<Logical>,
    /// The parts of a logical line split at `;`, last first.
    pending: Vec<Statement>,
    failed: bool,
}

/// The first words of the clauses that continue a compound statement.
const CONTINUATIONS: &[&[u8]] = &[b"elif", b"else", b"except", b"finally"];

/// The first words of compound statements.
const COMPOUND: &[&[u8]] = &[
    b"if", b"elif", b"else", b"for", b"while", b"try", b"except", b"finally", b"with", b"def",
    b"class", b"async",
];

impl Statements<'_> {
    fn logical(&mut self) -> Result<Option<Logical>, Error> {
        match self.peeked.take() {
            Some(l) => Ok(Some(l)),
            None => self.lines.next_logical(),
        }
    }

    fn peek(&mut self) -> Result<Option<&Logical>, Error> {
        if self.peeked.is_none() {
            self.peeked = self.lines.next_logical()?;
        }
        Ok(self.peeked.as_ref())
    }

    fn statement(&mut self) -> Result<Option<Statement>, Error> {
        if let Some(s) = self.pending.pop() {
            return Ok(Some(s));
        }
        loop {
            let Some(first) = self.logical()? else {
                return Ok(None);
            };
            if !first.compound() {
                self.pending = first.parts(self.lines.text);
                match self.pending.pop() {
                    Some(s) => return Ok(Some(s)),
                    None => continue,
                }
            }
            let mut s = Statement {
                start: first.start,
                end: first.end,
                line: first.line,
                last_line: first.last_line,
            };
            let mut block = first.colon_end;
            loop {
                let absorb = match self.peek()? {
                    Some(next) if block && next.indent > first.indent => true,
                    Some(next) if next.indent == first.indent && next.continues() => {
                        block = next.colon_end;
                        true
                    }
                    _ => false,
                };
                if !absorb {
                    break;
                }
                let next = self.logical()?.expect("peeked");
                s.end = next.end;
                s.last_line = next.last_line;
            }
            return Ok(Some(s));
        }
    }
}

impl Iterator for Statements<'_> {
    type Item = Result<Statement, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.statement().transpose();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

/// A logical line: one or more physical lines joined by brackets, strings or
/// backslashes.
#[derive(Debug)]
struct Logical {
    start: usize,
    /// Where its last line ends (its newline, or the end of the text).
    end: usize,
    line: usize,
    last_line: usize,
    /// Columns of indentation (a tab moves to the next multiple of 8, as in Python).
    indent: usize,
    /// Whether the last code character is `:`.
    colon_end: bool,
    /// The word it starts with, if it starts with one.
    first_word: Option<(usize, usize)>,
    /// Where the first word (for [`Logical::compound`]) is, copied.
    first: [u8; 8],
    /// Each `;` outside brackets and strings, and its line.
    semicolons: Vec<(usize, usize)>,
    /// Where the word `vif` occurs outside comments (when [`Lines::words`]).
    vif_words: Vec<usize>,
}

impl Logical {
    fn word(&self) -> &[u8] {
        match self.first_word {
            Some((start, end)) if end - start <= self.first.len() => &self.first[..end - start],
            _ => b"",
        }
    }

    fn compound(&self) -> bool {
        self.colon_end || COMPOUND.contains(&self.word()) || self.first[0] == b'@'
    }

    fn continues(&self) -> bool {
        CONTINUATIONS.contains(&self.word())
    }

    /// The simple statements of the line, split at its `;`s, last first; empty
    /// ones (a `;` at the end) left out.
    fn parts(&self, text: &[u8]) -> Vec<Statement> {
        let mut parts = Vec::with_capacity(self.semicolons.len() + 1);
        let (mut start, mut line) = (self.start, self.line);
        let ends = self
            .semicolons
            .iter()
            .copied()
            .chain(std::iter::once((self.end, self.last_line)));
        for (end, end_line) in ends {
            // The blanks after a `;` are not part of the next statement.
            while start < end && matches!(text[start], b' ' | b'\t' | b'\r' | b'\x0c') {
                start += 1;
            }
            if start < end && text[start] != b'#' {
                parts.push(Statement {
                    start,
                    end,
                    line,
                    last_line: end_line,
                });
            }
            (start, line) = (end + 1, end_line);
        }
        parts.reverse();
        parts
    }
}

/// Whether the word `vif` occurs in statement `s` of `text` outside comments
/// (in a string too: a string can name a setting, as in `globals()['vif']`).
/// Asked only about a statement the config grammar cannot read, so the
/// statements are found without looking at words inside strings, and this
/// reads the statement again, looking.
pub(super) fn mentions_vif(text: &[u8], s: &Statement) -> bool {
    let mut lines = Lines {
        text: &text[..s.end],
        at: s.start,
        line: s.line,
        words: true,
    };
    // The statement was read once without an error, and reads the same again.
    while let Ok(Some(logical)) = lines.next_logical() {
        if !logical.vif_words.is_empty() {
            return true;
        }
    }
    false
}

/// The logical lines of a text.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
    /// Whether to note where the word `vif` is (`Logical::vif_words`), in
    /// strings too.
    words: bool,
}

impl Lines<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn next_logical(&mut self) -> Result<Option<Logical>, Error> {
        // Blank lines and lines holding only a comment are no statements.
        let indent = loop {
            let mut indent = 0;
            while let Some(b) = self.peek() {
                match b {
                    b' ' => indent += 1,
                    b'\t' => indent = (indent / 8 + 1) * 8,
                    b'\x0c' => indent = 0,
                    b'\r' => {}
                    _ => break,
                }
                self.at += 1;
            }
            match self.peek() {
                None => return Ok(None),
                Some(b'\n') => {
                    self.at += 1;
                    self.line += 1;
                }
                Some(b'#') => self.comment(),
                Some(_) => break indent,
            }
        };
        let mut l = Logical {
            start: self.at,
            end: self.at,
            line: self.line,
            last_line: self.line,
            indent,
            colon_end: false,
            first_word: None,
            first: [0; 8],
            semicolons: Vec::new(),
            vif_words: Vec::new(),
        };
        l.first[0] = self.text[self.at];
        let mut depth = 0usize;
        // The outermost open bracket, for the error when it is never closed.
        let mut outer = (0, 0);
        let mut last_code = 0u8;
        loop {
            let Some(b) = self.peek() else {
                if depth > 0 {
                    return Err(syntax(
                        outer.1,
                        format_args!(
                            "'{}' is not closed before the end of the text",
                            self.text[outer.0] as char
                        ),
                    )
                    .at(outer.0));
                }
                break;
            };
            match b {
                b'\n' => {
                    if depth == 0 {
                        break;
                    }
                    self.at += 1;
                    self.line += 1;
                }
                b' ' | b'\t' | b'\r' | b'\x0c' => self.at += 1,
                b'#' => self.comment(),
                b'\\'
                    if self.text[self.at + 1..].starts_with(b"\n")
                        || self.text[self.at + 1..].starts_with(b"\r\n") =>
                {
                    // A line continuation.
                    self.at += if self.text[self.at + 1] == b'\n' {
                        2
                    } else {
                        3
                    };
                    self.line += 1;
                }
                b'\'' | b'"' => {
                    self.string(&mut l.vif_words)?;
                    last_code = b;
                }
                b'(' | b'[' | b'{' => {
                    if depth == 0 {
                        outer = (self.at, self.line);
                    }
                    depth += 1;
                    self.at += 1;
                    last_code = b;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return Err(syntax(
                            self.line,
                            format_args!("'{}' closes no bracket", b as char),
                        )
                        .at(self.at));
                    }
                    depth -= 1;
                    self.at += 1;
                    last_code = b;
                }
                b';' if depth == 0 => {
                    l.semicolons.push((self.at, self.line));
                    self.at += 1;
                    last_code = b;
                }
                b if is_word(b) => {
                    let start = self.at;
                    self.word(&mut l.vif_words);
                    if start == l.start {
                        l.first_word = Some((start, self.at));
                        let n = (self.at - start).min(l.first.len());
                        l.first[..n].copy_from_slice(&self.text[start..start + n]);
                    }
                    last_code = self.text[self.at - 1];
                }
                b if b >= 0x80 => {
                    let c = char_at(self.text, self.at)
                        .map_err(|e| e.prefixed(&format!("config line {}: ", self.line)))?;
                    self.at += c.len_utf8();
                    last_code = b;
                }
                _ => {
                    self.at += 1;
                    last_code = b;
                }
            }
        }
        l.end = self.at;
        l.last_line = self.line;
        l.colon_end = last_code == b':';
        Ok(Some(l))
    }

    /// Passes over a comment, up to its newline.
    fn comment(&mut self) {
        match self.text[self.at..].iter().position(|&b| b == b'\n') {
            Some(n) => self.at += n,
            None => self.at = self.text.len(),
        }
    }

    /// Passes over a word, noting where it is `vif`.
    fn word(&mut self, vif_words: &mut Vec<usize>) {
        let start = self.at;
        while self.peek().is_some_and(is_word) {
            self.at += 1;
        }
        if self.words && &self.text[start..self.at] == b"vif" {
            vif_words.push(start);
        }
    }

    /// Passes over a string (its prefix, if any, was a word), noting the word
    /// `vif` inside it when looking at words: a string can name a setting too
    /// (`globals()['vif']`).
    fn string(&mut self, vif_words: &mut Vec<usize>) -> Result<(), Error> {
        let (open, line) = (self.at, self.line);
        let quote = self.text[open];
        let triple = self.text[open + 1..].starts_with(&[quote, quote]);
        self.at += if triple { 3 } else { 1 };
        loop {
            if !self.words {
                // Nothing to note before the next quote, backslash or newline:
                // jump there, eight bytes at a time.
                // (Past the end after a backslash that was the last byte.)
                let rest = self.text.get(self.at..).unwrap_or_default();
                self.at += find_any(rest, [quote, b'\\', b'\n']).unwrap_or(rest.len());
            }
            let Some(b) = self.peek() else {
                return Err(
                    syntax(line, "a string is not closed before the end of the text").at(open),
                );
            };
            match b {
                b'\\' => {
                    if self.text.get(self.at + 1) == Some(&b'\n') {
                        self.line += 1;
                    }
                    self.at += 2;
                }
                b'\n' if !triple => {
                    return Err(
                        syntax(line, "a string is not closed before the end of the line").at(open),
                    );
                }
                b'\n' => {
                    self.line += 1;
                    self.at += 1;
                }
                q if q == quote && (!triple || self.text[self.at..].starts_with(&[q, q, q])) => {
                    self.at += if triple { 3 } else { 1 };
                    return Ok(());
                }
                b if is_word(b) => self.word(vif_words),
                _ => self.at += 1,
            }
        }
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    fn split(text: &str) -> Vec<(String, usize, usize, bool)> {
        statements(text.as_bytes(), 0)
            .map(|s| {
                let s = s.unwrap();
                (
                    text[s.start..s.end].to_string(),
                    s.line,
                    s.last_line,
                    mentions_vif(text.as_bytes(), &s),
                )
            })
            .collect()
    }

    #[test]
    fn logical_lines_blocks_and_semicolons() {
        let text = "import os, re\n\
                    # a comment\n\
                    \n\
                    def vmid_check(var, val):\n    val = int(val)\n\n    # inside\n    if val <= 0:\n        raise ValueError\n    return val\n\
                    xm_vars.var('vmid',\n            use=\"Virtual machine id.\",\n            check=vmid_check)\n\
                    if re.search('64', arch):\n    arch_libdir = 'lib64'\nelse:\n    arch_libdir = 'lib'\n\
                    a = 1; b = [ 1,\n 2 ];c = 3 ;\n\
                    x = '''multi\nline''' + \\\n  'more'\n\
                    vif = [ 'mac=00:16:3e:00:00:%02x' % vmid ]\n\
                    disk = [ 'vif' ]  # vif\n\
                    vifs = 1 # vif\n";
        let got = split(text);
        let want: Vec<(&str, usize, usize, bool)> = vec![
            ("import os, re", 1, 1, false),
            ("def vmid_check(var, val):\n    val = int(val)\n\n    # inside\n    if val <= 0:\n        raise ValueError\n    return val", 4, 10, false),
            ("xm_vars.var('vmid',\n            use=\"Virtual machine id.\",\n            check=vmid_check)", 11, 13, false),
            ("if re.search('64', arch):\n    arch_libdir = 'lib64'\nelse:\n    arch_libdir = 'lib'", 14, 17, false),
            ("a = 1", 18, 18, false),
            ("b = [ 1,\n 2 ]", 18, 19, false),
            ("c = 3 ", 19, 19, false),
            ("x = '''multi\nline''' + \\\n  'more'", 20, 22, false),
            ("vif = [ 'mac=00:16:3e:00:00:%02x' % vmid ]", 23, 23, true),
            ("disk = [ 'vif' ]  # vif", 24, 24, true),
            ("vifs = 1 # vif", 25, 25, false),
        ];
        let got: Vec<_> = got
            .iter()
            .map(|(s, a, b, m)| (s.as_str(), *a, *b, *m))
            .collect();
        assert_eq!(got, want);
    }

    /// Words are looked at only when asked about a statement, and then found
    /// as a scan that looks at them all along finds them: after an escape, in
    /// strings of every kind, each part of a line split at `;` on its own.
    #[test]
    fn the_word_vif_when_asked() {
        let text = "a = f('\\nvif'); b = f('a\\vif'); c = 'x' \"vif-b\"\n\
                    d = '''\nvif'''\n\
                    e = vifs + avif + vif_ + 'vi' 'f'\n\
                    if x:\n    y = 1\nelse:\n    z = \"\\\\vif\"\n\
                    g = 'vif\\\\'\n";
        let got: Vec<_> = split(text).into_iter().map(|(s, _, _, m)| (s, m)).collect();
        let got: Vec<_> = got.iter().map(|(s, m)| (s.as_str(), *m)).collect();
        let want: Vec<(&str, bool)> = vec![
            ("a = f('\\nvif')", true),
            ("b = f('a\\vif')", false),
            ("c = 'x' \"vif-b\"", true),
            ("d = '''\nvif'''", true),
            ("e = vifs + avif + vif_ + 'vi' 'f'", false),
            ("if x:\n    y = 1\nelse:\n    z = \"\\\\vif\"", true),
            ("g = 'vif\\\\'", true),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn not_python_at_all() {
        for (text, line, at) in [
            ("x = 'abc\nvif = []\n", 1, 4),
            ("x = '''abc\n", 1, 4),
            ("\nx = ( 1,\n", 2, 5),
            ("x = 1 )\n", 1, 6),
        ] {
            let e = statements(text.as_bytes(), 0)
                .find_map(Result::err)
                .unwrap_or_else(|| panic!("{text:?}"));
            assert_eq!(e.status(), Status::VifSyntax, "{text:?}");
            assert_eq!(e.offset(), Some(at), "{text:?}");
            assert!(
                e.message().starts_with(&format!("config line {line}: ")),
                "{e}"
            );
        }
        let e = statements(b"x = 1\ny = \xff\n", 0)
            .find_map(Result::err)
            .unwrap();
        assert_eq!((e.status(), e.offset()), (Status::InvalidUtf8, Some(10)));
        // In strings and comments, any byte.
        assert_eq!(statements(b"x = '\xff' # \xfe\n", 0).count(), 1);
    }
}
