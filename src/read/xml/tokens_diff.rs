//! Differential tests of the two tokenizer engines: for every document of the
//! fast engine's subset, the fast engine and quick-xml must give the same tokens
//! (names, offsets, attributes with their values, offsets and whether they were
//! decoded, text), the same depths, and the same error (status, offset and
//! message) at the same point.
//!
//! Inputs: the libvirt conformance cases, every XML-looking string literal of the
//! integration tests (alone and inside an `<interface>`), hand-written edge
//! cases, generated documents, and mutations of all of these (every truncation,
//! byte replacements, insertions and deletions of the bytes that matter to the
//! syntax, duplicated attributes, swapped end tags).

use std::borrow::Cow;
use std::path::Path;

use super::tokens::{Token, Tokens};
use crate::error::Error;

/// Everything a reader can see of a token, or of the error that ended the walk.
fn walk(mut tokens: Tokens<'_>) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..100_000 {
        let token = tokens.next();
        let depth = tokens.depth();
        match token {
            Ok(kind @ (Token::Open | Token::Empty)) => {
                let t = tokens.tag();
                let kind = if kind == Token::Open { "open" } else { "empty" };
                let attrs: Vec<String> = t
                    .attrs()
                    .map(|a| {
                        let owned = matches!(a.value, Cow::Owned(_));
                        format!("{:?}={:?}@{} owned={owned}", a.name, a.value, a.offset)
                    })
                    .collect();
                seen.push(format!(
                    "{kind} {:?}@{} [{}] depth={depth}",
                    t.name,
                    t.offset,
                    attrs.join(", ")
                ));
            }
            Ok(Token::Close) => seen.push(format!("close depth={depth}")),
            Ok(Token::Text) => {
                let owned = tokens.text_is_decoded();
                seen.push(format!(
                    "text {:?} owned={owned} depth={depth}",
                    tokens.text()
                ));
            }
            Ok(Token::Eof) => {
                seen.push("eof".into());
                return seen;
            }
            Err(e) => {
                seen.push(error(&e));
                return seen;
            }
        }
    }
    panic!("no end after 100,000 tokens");
}

fn error(e: &Error) -> String {
    format!("error {:?}@{:?}: {e}", e.status(), e.offset())
}

#[derive(Default)]
struct Counts {
    /// Documents read by both engines and compared.
    compared: usize,
    /// Of those, how many ended in an error.
    errors: usize,
    /// Inputs outside the fast engine's subset (or refused before reading).
    skipped: usize,
}

impl Counts {
    /// Compares the engines on `input` if the fast engine reads it.
    fn check(&mut self, input: &str) {
        if !matches!(Tokens::reads_fast(input), Ok(true)) {
            self.skipped += 1;
            return;
        }
        let fast = Tokens::new(input);
        let quick = Tokens::new_quick(input).expect("accepted once");
        let (f, q) = (walk(fast), walk(quick));
        assert_eq!(f, q, "the engines differ on {input:?}");
        self.compared += 1;
        self.errors += usize::from(f.last().is_some_and(|l| l.starts_with("error")));
    }

    /// `input`, then mutations of it.
    fn check_mutated(&mut self, input: &str, rng: &mut Rng, random: usize) {
        self.check(input);
        let bytes = input.as_bytes();
        for cut in 0..bytes.len() {
            if let Ok(s) = std::str::from_utf8(&bytes[..cut]) {
                self.check(s);
            }
        }
        for _ in 0..random {
            let mut b = bytes.to_vec();
            for _ in 0..=rng.below(2) {
                mutate(&mut b, rng);
            }
            if let Ok(s) = String::from_utf8(b) {
                self.check(&s);
            }
        }
    }
}

/// The bytes that matter to the syntax, and a few that do not.
const ALPHABET: &[u8] = b"<>/'\"= \t\r\n!-?x1:._\xc3\xa9";

fn mutate(b: &mut Vec<u8>, rng: &mut Rng) {
    let at = rng.below(b.len() + 1);
    let c = ALPHABET[rng.below(ALPHABET.len())];
    match rng.below(6) {
        0 | 1 if at < b.len() => b[at] = c,
        2 | 3 => b.insert(at, c),
        4 if at < b.len() => {
            b.remove(at);
        }
        _ => {
            // Repeat a stretch: duplicates attributes and tags, unbalances quotes.
            let from = rng.below(b.len() + 1);
            let to = (from + rng.below(24)).min(b.len());
            let piece = b[from..to].to_vec();
            let at = at.min(b.len());
            b.splice(at..at, piece);
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.below(from.len())]
    }
}

/// Hand-written edge cases of the subset, accepted or refused.
const EDGES: &[&str] = &[
    "<a/>",
    "<a></a>",
    "<a></a >",
    "<a></a\n\t>",
    "<a></ a>",
    "<a></a x>",
    "<a></a x='>'>",
    "< a/>",
    "<>",
    "<></>",
    "</>",
    "<a/ >",
    "<a//>",
    "<a / >",
    "<a x='1'y='2'/>",
    "<a x = '1'  y\t=\n\"2\" />",
    "<a x='1' x='2'/>",
    "<a x='1' y='2' x='3'/>",
    "<a x='1' x=2/>",
    "<a x=1/>",
    "<a x/>",
    "<a x />",
    "<a x= />",
    "<a x=/>",
    "<a x='/>",
    "<a x=\"/>",
    "<a x='1/>",
    "<a ='1'/>",
    "<a x='1'='2'/>",
    "<a == '1'/>",
    "<a 'x'='1'/>",
    "<a x\"y\"='1'/>",
    "<a x='<'/>",
    "<a x='>'/>",
    "<a x='a\tb\nc\r\nd\re'/>",
    "<a x='\t'/>",
    "<a x=''/>",
    "<a x=\"'\" y='\"'/>",
    "<1a/>",
    "<-a/>",
    "<.a/>",
    "<a:b c:d='1'/>",
    "<é a\u{e9}='\u{e9}'>\u{e9}</é>",
    "<a'b'/>",
    "<a\"b\"></a\"b\">",
    "<a>text</a>",
    "<a>t>t]]>t</a>",
    "<a> <b/> </a>",
    "<a><b></a></b>",
    "<a><b></c></a>",
    "<a><b></b></a></a>",
    "<a/></a>",
    "<a/><b/>",
    "<a/>x",
    "x<a/>",
    " \n\t<a/> \r\n",
    "<a/><!-- c -->",
    "<!-- c --><a/>",
    "<a><!-- c --></a>",
    "<a>x<!-- c -->y</a>",
    "<a><!-- a -- b --></a>",
    "<a><!----></a>",
    "<a><!---></a>",
    "<a><!--></a>",
    "<a><!-- x ---></a>",
    "<a><!-- x </a>",
    "<a><!--",
    "<!--",
    "<a><",
    "<a",
    "<a ",
    "<a x",
    "<a x=",
    "<a x='",
    "<a x='1'",
    "<a x='1'>",
    "<a>text",
    "<a></a",
    "<a></",
    "",
    "   ",
    "<?xml version='1.0'?><a/>",
    "<?xml version='1.0' encoding='UTF-8'?>\n<a/>",
    "<?xml version='1.0' encoding='latin1'?><a/>",
    "<?xml version='1.0'?><a/><?xml version='1.0'?>",
    "<?xml?><a/>",
    "<?xml-stylesheet href='x'?><a/>",
    "<?php x ?><a/>",
    "<?xml version='1.0'?>",
    "<?xml version='1.0'?> x <a/>",
    "<a b='1' c='2' d='3' e='4' f='5' g='6' h='7'/>",
    "<a b='1' c='2' d='3' e='4' f='5' g='6' h='7' i='8'/>",
    "<a b='1' c='2' d='3' e='4' f='5' g='6' h='7' i='8' j='9'/>",
    "<a b='1' c='2' d='3' e='4' f='5' g='6' h='7' i='8' j='9' b='0'/>",
    "<a b='1' c='2' d='3' e='4' f='5' g='6' h='7' i='8' i='9'/>",
    "<a b='\n' c='2' d='3' e='4' f='5' g='6' h='7' i='8\t' j='9\r'/>",
];

/// A random document of the subset (mostly well-formed; mutations do the rest).
fn generate(rng: &mut Rng) -> String {
    const NAMES: &[&str] = &[
        "interface",
        "source",
        "mac",
        "a",
        "b",
        "x:y",
        "é",
        "target",
        "model",
        "tag",
    ];
    const ATTRS: &[&str] = &["type", "address", "bridge", "dev", "a", "b", "x:y", "é"];
    const VALUES: &[&str] = &[
        "bridge",
        "",
        "00:16:3e:00:00:01",
        "a b",
        "x\ty",
        "\n",
        "é>",
        "/",
    ];
    const SPACE: &[&str] = &["", " ", "  ", "\n  ", "\t", "\r\n"];
    let mut out = String::new();
    if rng.below(4) == 0 {
        out.push_str("<?xml version='1.0' encoding='UTF-8'?>\n");
    }
    fn element(out: &mut String, rng: &mut Rng, depth: usize) {
        let name = rng.pick(NAMES);
        out.push('<');
        out.push_str(name);
        let most = if rng.below(8) == 0 { 12 } else { 4 };
        for _ in 0..rng.below(most) {
            out.push_str(&" \n\t"[rng.below(3)..][..1]);
            out.push_str(rng.pick(ATTRS));
            out.push_str(rng.pick(&["", " "]));
            out.push('=');
            out.push_str(rng.pick(&["", " "]));
            let q = if rng.below(2) == 0 { '\'' } else { '"' };
            out.push(q);
            out.push_str(rng.pick(VALUES));
            out.push(q);
        }
        out.push_str(rng.pick(SPACE));
        if depth > 3 || rng.below(3) == 0 {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for _ in 0..rng.below(4) {
            match rng.below(5) {
                0 => out.push_str(rng.pick(&["text", " ", "\n  ", "a>b", "é"])),
                1 => out.push_str(rng.pick(&["<!-- c -->", "<!---->", "<!-- a--b -->"])),
                _ => element(out, rng, depth + 1),
            }
        }
        out.push_str("</");
        out.push_str(name);
        out.push_str(rng.pick(&["", "", " ", "\n"]));
        out.push('>');
    }
    out.push_str(rng.pick(SPACE));
    element(&mut out, rng, 0);
    out.push_str(rng.pick(&["", "\n", "<!-- end -->", " "]));
    out
}

/// The `interface_xml` of every conformance case, if the shared file is there.
fn conformance() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance/libvirt.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("interface_xml")?.as_str().map(str::to_owned))
        .collect()
}

/// Every string literal of the integration tests that looks like XML.
fn test_literals() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut files: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    files.sort();
    for file in files {
        if file.extension().is_some_and(|e| e == "rs") {
            if let Ok(text) = std::fs::read_to_string(&file) {
                found.extend(literals(&text).into_iter().filter(|l| l.contains('<')));
            }
        }
    }
    found
}

/// The contents of the string literals in Rust source, roughly: `"…"` with the
/// common escapes, and `r"…"`/`r#"…"#`.
fn literals(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) == Some(&b'"') {
                let close = format!("\"{}", "#".repeat(hashes));
                if let Some(end) = src[j + 1..].find(&close) {
                    out.push(src[j + 1..j + 1 + end].to_owned());
                    i = j + 1 + end + close.len();
                    continue;
                }
            }
            i += 1;
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3; // a char literal such as '"'
        } else if b[i] == b'"' {
            let mut s = String::new();
            let mut j = i + 1;
            let mut chars = src[j..].char_indices();
            while let Some((k, c)) = chars.next() {
                match c {
                    '"' => {
                        j += k + 1;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => s.push('\n'),
                        Some((_, 't')) => s.push('\t'),
                        Some((_, 'r')) => s.push('\r'),
                        Some((_, '0')) => s.push('\0'),
                        Some((_, '\n')) => {
                            // A continued line: skip the next line's indentation.
                            while let Some((_, c)) = chars.clone().next() {
                                if !c.is_whitespace() {
                                    break;
                                }
                                chars.next();
                            }
                        }
                        Some((_, c)) => s.push(c),
                        None => {}
                    },
                    c => s.push(c),
                }
                j = i + 1 + k + c.len_utf8();
            }
            out.push(s);
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// A domain as the benchmarks generate it (and libvirt writes it).
fn domain(nics: usize) -> String {
    let mut d = String::from(
        "<domain type='xen'>\n  <name>g</name>\n  <os>\n    <type arch='x86_64' machine='xenfv'>hvm</type>\n  </os>\n  <devices>\n    <emulator>/usr/bin/qemu</emulator>\n    <disk type='file' device='disk'>\n      <source file='/x.img'/>\n      <target dev='hda' bus='ide'/>\n    </disk>\n",
    );
    for i in 0..nics {
        d.push_str(&format!(
            "    <interface type='bridge'>\n      <mac address='00:16:3e:00:00:{i:02x}'/>\n      <source bridge='xenbr0'/>\n      <script path='vif-bridge'/>\n      <ip address='192.0.2.{i}'/>\n      <bandwidth><outbound average='1000'/></bandwidth>\n      <!-- nic {i} -->\n    </interface>\n"
        ));
    }
    d.push_str("    <graphics type='vnc' port='-1'/>\n  </devices>\n</domain>\n");
    d
}

#[test]
fn the_engines_agree() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut counts = Counts::default();

    for edge in EDGES {
        counts.check_mutated(edge, &mut rng, 200);
    }

    let conformance = conformance();
    for doc in &conformance {
        counts.check_mutated(doc, &mut rng, 60);
    }

    let literals = test_literals();
    for lit in &literals {
        counts.check(lit);
        let wrapped = format!(
            "<interface type='bridge'><mac address='00:16:3e:66:92:9c'/><source bridge='xenbr0'/>{lit}</interface>"
        );
        counts.check(&wrapped);
    }
    // Mutations of a sample of the literals (all of them would take long).
    for lit in literals.iter().step_by(7) {
        counts.check_mutated(lit, &mut rng, 20);
    }

    for _ in 0..1_000 {
        let doc = generate(&mut rng);
        counts.check_mutated(&doc, &mut rng, 60);
    }

    for nics in [0, 1, 3] {
        let doc = domain(nics);
        counts.check_mutated(&doc, &mut rng, 400);
    }

    eprintln!(
        "tokens_diff: {} documents compared ({} refused by both with the same error), {} outside the subset; {} conformance cases, {} test literals",
        counts.compared,
        counts.errors,
        counts.skipped,
        conformance.len(),
        literals.len()
    );
    assert!(counts.compared > 100_000, "too few documents compared");
    assert!(counts.errors > 10_000 && counts.compared - counts.errors > 10_000);
}

#[test]
fn ordinary_documents_take_the_fast_engine() {
    for doc in [
        "<interface type='bridge'><mac address='00:16:3e:66:92:9c'/></interface>",
        "<?xml version='1.0' encoding='UTF-8'?>\n<domain><!-- c --></domain>",
        &domain(2),
    ] {
        assert!(Tokens::reads_fast(doc).unwrap(), "{doc}");
    }
    for doc in [
        "<a>&amp;</a>",
        "<a x='&lt;'/>",
        "<a><![CDATA[x]]></a>",
        "<!DOCTYPE a><a/>",
        "<a><?pi?></a>",
        " <?xml version='1.0'?><a/>",
    ] {
        assert!(!Tokens::reads_fast(doc).unwrap(), "{doc}");
    }
    // U+FEFF after the byte-order mark (which the caller drops) is text before
    // the root, whichever engine would read the rest.
    for doc in ["\u{feff}<a/>", "\u{feff}<a>&amp;</a>"] {
        let e = Tokens::reads_fast(doc).expect_err("refused");
        assert_eq!(
            (e.status(), e.offset()),
            (crate::Status::XmlSyntax, Some(0))
        );
    }
    // A declaration's own `&` does not matter: quick-xml reads the declaration.
    assert!(Tokens::reads_fast("<?xml version='1.0' x='&amp;'?><a/>").unwrap());
}

#[test]
fn many_and_long_attributes_are_read_again_alike() {
    let many: String = (0..20).map(|i| format!(" a{i}='v\t{i}'")).collect();
    let long = format!("<a x='{}' y='z'/>", "v".repeat(70_000));
    for doc in [format!("<a{many}/>"), long] {
        let (f, q) = (
            walk(Tokens::new(&doc)),
            walk(Tokens::new_quick(&doc).unwrap()),
        );
        assert_eq!(f, q);
        assert!(f[0].contains("owned=") && f.last().unwrap() == "eof");
    }
}

/// Names, keys and values of every length up to a few words, with the byte that
/// ends them (or one that does not: a digit, `:`, `-`, a control character, the
/// other quote) at every place in an eight-byte word: the fast engine crosses
/// them a word at a time, and where in the word a byte falls must not matter.
#[test]
fn every_place_in_a_word_reads_alike() {
    let mut counts = Counts::default();
    for len in 0..20 {
        let filler: String = "abcdefgh-1:2.3_4wxyz".chars().take(len).collect();
        for before in ["", " ", "  ", "\n\t"] {
            for end in ["/>", ">", " />", "\t>", "/ >", "'/>", "=>", "></x>"] {
                counts.check(&format!("<x{before}>{before}<n{filler}{end}</x>"));
                counts.check(&format!("<x{before}k{filler}='v'{end}"));
                counts.check(&format!("<x{before}k{filler} = 'v'/>"));
            }
            for odd in ["\t", "\n", "\r", "\"", "'", "<", ">", "/", "=", "é", "a"] {
                for quote in ["'", "\""] {
                    counts.check(&format!(
                        "<x{before}a={quote}{filler}{odd}{filler}{quote} b='\t{filler}'/>"
                    ));
                    counts.check(&format!(
                        "<x{before}a={quote}{filler}{quote}{odd}b={quote}{odd}{quote}/>"
                    ));
                }
            }
        }
    }
    eprintln!(
        "word places: {} compared ({} refused alike), {} outside the subset",
        counts.compared, counts.errors, counts.skipped
    );
    assert!(counts.compared > 5_000 && counts.errors > 1_000);
}
