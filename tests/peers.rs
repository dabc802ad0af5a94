//! vifxml proven against real peers (issue "prove against real peers, in CI").
//!
//! * Xen's own config parser, libxlutil (Debian's libxen-dev): the C program
//!   tests/peers/xlutil_readback.c feeds vifxml's config lines and hand-written
//!   configs to libxlutil and compares what it reads with vifxml (SPEC §4, §5);
//!   tests/peers/py_readback.py checks that Python reads the same lists.
//! * libvirt's schema, domain.rng (Debian's libvirt0) with xmllint: every
//!   `interface_xml` of the conformance file and every XML the reverse path
//!   produces (tests/peers/vif2xml.c) must validate once placed in a domain.
//!
//! The C programs are built with gcc against include/vifxml.h and the cdylib of
//! this profile (target/<profile>/libvifxml.so).  Install the peers with
//! `bash tests/peers/ci-deps.sh`.  A missing peer skips the test with a
//! `SKIPPED <test>: …` notice on stderr; with `CI` set it fails the test
//! (tests/common/mod.rs, `skip`).

use std::env;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{
    build_c_program, conformance_file, have_command, manifest_dir, need_file, need_tools,
    pretend_missing, profile_dir, run, skip,
};

fn peers_dir() -> PathBuf {
    manifest_dir().join("tests").join("peers")
}

/// A fresh scratch directory under target/<profile>/peers/<name>.
fn work_dir(name: &str) -> PathBuf {
    let d = profile_dir().join("peers").join(name);
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap_or_else(|e| panic!("create {}: {e}", d.display()));
    d
}

fn text(o: &Output) -> String {
    let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr);
    if !err.is_empty() {
        s.push_str("--- stderr ---\n");
        s.push_str(&err);
    }
    s
}

fn pkg_config_xlutil() -> Option<Vec<String>> {
    if pretend_missing("xlutil") {
        return None;
    }
    let out = Command::new("pkg-config")
        .args(["--cflags", "--libs", "xlutil"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    )
}

/// Runs a peer program and prints its output; returns the output and, if it
/// did not exit 0, a failure report (every line but the `ok` ones).
fn run_peer(what: &str, cmd: &mut Command) -> (String, Option<String>) {
    let out = run(cmd);
    let t = text(&out);
    println!("{t}");
    if out.status.success() {
        return (t, None);
    }
    let not_ok: Vec<&str> = t.lines().filter(|l| !l.starts_with("ok   ")).collect();
    let report = format!("{what} failed ({}):\n{}", out.status, not_ok.join("\n"));
    (t, Some(report))
}

#[test]
fn libxlutil_and_python_read_back_vifxml() {
    if !need_tools(&[("gcc", "gcc"), ("pkg-config", "pkgconf")]) {
        return;
    }
    let Some(xlutil) = pkg_config_xlutil() else {
        return skip("libxlutil (pkg-config xlutil)", "libxen-dev");
    };
    let work = work_dir("xlutil");
    let exe = build_c_program(&work, &peers_dir().join("xlutil_readback.c"), &xlutil);
    let dump = work.join("dump");
    fs::create_dir_all(&dump).unwrap();
    let peers = peers_dir();
    let (out, xlutil_failure) = run_peer(
        "xlutil_readback",
        Command::new(&exe)
            .env_remove("LD_LIBRARY_PATH")
            .arg(peers.join("domains"))
            .arg(peers.join("configs"))
            .arg(&dump),
    );
    let summary = out
        .lines()
        .find(|l| l.starts_with("libxlutil read back:"))
        .unwrap_or("");
    eprintln!("{summary}");

    // Python reads what xlutil_readback dumped, even where vifxml disagreed.
    let python = ["python3", "python"]
        .into_iter()
        .find(|p| have_command(p, "--version"));
    let Some(python) = python else {
        assert!(
            xlutil_failure.is_none(),
            "{}",
            xlutil_failure.unwrap_or_default()
        );
        // libxlutil's half has run; Python's is skipped.
        return skip("python3", "python3");
    };
    let (out, python_failure) = run_peer(
        "py_readback.py",
        Command::new(python)
            .arg(peers.join("py_readback.py"))
            .arg(&dump),
    );
    let summary = out
        .lines()
        .find(|l| l.starts_with("python read back:"))
        .unwrap_or("");
    eprintln!("{summary}");
    let failures: Vec<String> = [xlutil_failure, python_failure]
        .into_iter()
        .flatten()
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---- a minimal JSON reader for the conformance file (no dependencies) ----

struct Json<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Json<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {}", c as char, self.i))
        }
    }
    fn hex4(&mut self) -> Result<u32, String> {
        let h = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
        self.i += 4;
        u32::from_str_radix(std::str::from_utf8(h).map_err(|e| e.to_string())?, 16)
            .map_err(|e| e.to_string())
    }
    fn string(&mut self) -> Result<String, String> {
        self.eat(b'"')?;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i).ok_or("unterminated string")?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = *self.s.get(self.i).ok_or("unterminated escape")?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xd800..0xdc00).contains(&cp) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err("lone surrogate".into());
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                            }
                            char::from_u32(cp).ok_or("bad \\u escape")?
                        }
                        _ => return Err(format!("bad escape at byte {}", self.i)),
                    };
                    let mut b = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|e| e.to_string())
    }
    /// A scalar value: Some(string), None for null; numbers and booleans as text.
    fn scalar(&mut self) -> Result<Option<String>, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'"') => self.string().map(Some),
            Some(_) => {
                let start = self.i;
                while self.i < self.s.len() && !matches!(self.s[self.i], b',' | b'}' | b' ') {
                    self.i += 1;
                }
                let word = std::str::from_utf8(&self.s[start..self.i]).unwrap();
                Ok(if word == "null" {
                    None
                } else {
                    Some(word.to_owned())
                })
            }
            None => Err("unexpected end".into()),
        }
    }
    fn object(line: &str) -> Result<Vec<(String, Option<String>)>, String> {
        let mut p = Json {
            s: line.as_bytes(),
            i: 0,
        };
        let mut fields = Vec::new();
        p.eat(b'{')?;
        loop {
            let k = p.string()?;
            p.eat(b':')?;
            fields.push((k, p.scalar()?));
            p.ws();
            match p.s.get(p.i) {
                Some(b',') => p.i += 1,
                Some(b'}') => break,
                _ => return Err(format!("expected ',' or '}}' at byte {}", p.i)),
            }
        }
        Ok(fields)
    }
}

struct Case {
    id: String,
    direction: String,
    dialect: String,
    guest: String,
    interface_xml: String,
    vif: String,
}

fn read_conformance(path: &Path) -> Vec<Case> {
    let data = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut cases = Vec::new();
    for (n, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fields =
            Json::object(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
        let get = |k: &str| -> String {
            fields
                .iter()
                .find(|(key, _)| key == k)
                .and_then(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{}:{}: no {k}", path.display(), n + 1))
        };
        cases.push(Case {
            id: get("id"),
            direction: get("direction"),
            dialect: get("dialect"),
            guest: get("guest"),
            interface_xml: get("interface_xml"),
            vif: get("vif"),
        });
    }
    cases
}

fn wrap_in_domain(interface_xml: &str, guest: &str) -> String {
    let os_type = if guest == "hvm" { "hvm" } else { "linux" };
    let mut body = String::new();
    for l in interface_xml.lines() {
        body.push_str("    ");
        body.push_str(l);
        body.push('\n');
    }
    format!(
        "<domain type='xen'>\n  <name>vifxml-schema-check</name>\n  \
         <memory unit='KiB'>262144</memory>\n  <os>\n    <type>{os_type}</type>\n  </os>\n  \
         <devices>\n{body}  </devices>\n</domain>\n"
    )
}

fn safe_file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Validates files with xmllint against rng; returns (validated, failures).
fn xmllint(rng: &Path, files: &[PathBuf]) -> (usize, Vec<String>) {
    let mut ok = 0;
    let mut bad = Vec::new();
    for chunk in files.chunks(64) {
        let out = run(Command::new("xmllint")
            .arg("--noout")
            .arg("--relaxng")
            .arg(rng)
            .args(chunk));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        for f in chunk {
            let name = f.display().to_string();
            if err.lines().any(|l| l == format!("{name} validates")) {
                ok += 1;
            } else {
                let detail: Vec<&str> = err.lines().filter(|l| l.starts_with(&name)).collect();
                let doc = fs::read_to_string(f).unwrap_or_default();
                bad.push(format!("{}\n{doc}", detail.join("\n")));
            }
        }
    }
    (ok, bad)
}

#[test]
fn vifxml_xml_validates_against_libvirt_domain_rng() {
    let rng = env::var_os("VIFXML_DOMAIN_RNG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/libvirt/schemas/domain.rng"));
    // Every peer is looked at, so that the notices name all the missing ones.
    let schema = need_file("domain.rng", &rng, "libvirt0");
    let tools = need_tools(&[("xmllint", "libxml2-utils"), ("gcc", "gcc")]);
    if !(schema && tools) {
        return;
    }
    // In the repository: missing is a failure, not a skip.
    let conformance = conformance_file();
    let cases = read_conformance(&conformance);
    assert!(!cases.is_empty(), "no cases in {}", conformance.display());

    let work = work_dir("schema");
    let xml_dir = work.join("xml");
    fs::create_dir_all(&xml_dir).unwrap();

    // 1. every interface_xml of the conformance file, as given; a few verbatim
    //    old-libvirt inputs (to_vif) are known to be invalid today.
    let legacy_text = fs::read_to_string(peers_dir().join("schema-legacy.txt"))
        .expect("tests/peers/schema-legacy.txt");
    let legacy: Vec<(&str, &str)> = legacy_text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split_once('\t')
                .expect("schema-legacy.txt: ID<TAB>reason")
        })
        .collect();
    let mut given = Vec::new();
    let mut given_legacy = Vec::new();
    for c in &cases {
        let p = xml_dir.join(format!("given-{}.xml", safe_file_name(&c.id)));
        fs::write(&p, wrap_in_domain(&c.interface_xml, &c.guest)).unwrap();
        match legacy.iter().find(|(id, _)| *id == c.id) {
            Some((_, why)) => {
                assert_eq!(
                    c.direction, "to_vif",
                    "{}: only to_vif inputs may be legacy",
                    c.id
                );
                given_legacy.push((p, c.id.clone(), why.to_string()));
            }
            None => given.push(p),
        }
    }
    for (id, _) in &legacy {
        assert!(
            cases.iter().any(|c| c.id == *id),
            "schema-legacy.txt: no case {id}"
        );
    }

    // 2. the reverse path: conformance vifs in their dialect, and our own vifs.
    let mut list = String::new();
    for c in &cases {
        assert!(
            !c.vif.contains(['\t', '\n']),
            "{}: vif with tab or newline",
            c.id
        );
        list.push_str(&format!(
            "{}\t{}\treverse-{}\t{}\n",
            c.dialect,
            c.guest,
            safe_file_name(&c.id),
            c.vif
        ));
    }
    let own = fs::read_to_string(peers_dir().join("vifs.tsv")).expect("tests/peers/vifs.tsv");
    list.push_str(&own);
    let list_path = work.join("vifs.tsv");
    fs::write(&list_path, &list).unwrap();
    let exe = build_c_program(&work, &peers_dir().join("vif2xml.c"), &[]);
    let out = run(Command::new(&exe)
        .env_remove("LD_LIBRARY_PATH")
        .arg(&list_path)
        .arg(&xml_dir));
    let conversion = text(&out);
    println!("{conversion}");
    let mut reverse: Vec<PathBuf> = fs::read_dir(&xml_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(OsStr::to_str)
                .is_some_and(|n| !n.starts_with("given-"))
        })
        .collect();
    reverse.sort();
    let expected_reverse = list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .count();

    let (given_ok, given_bad) = xmllint(&rng, &given);
    let (reverse_ok, reverse_bad) = xmllint(&rng, &reverse);
    let mut problems = Vec::new();
    for (p, id, why) in &given_legacy {
        let (ok, _) = xmllint(&rng, std::slice::from_ref(p));
        if ok == 1 {
            problems.push(format!(
                "{id} now validates: drop it from tests/peers/schema-legacy.txt"
            ));
        } else {
            println!("known legacy input, invalid as expected: {id}: {why}");
        }
    }
    let summary = format!(
        "domain.rng validated: {given_ok}/{} conformance interface_xml (plus {} known-legacy \
         to_vif input(s) invalid as expected), {reverse_ok}/{expected_reverse} reverse-path XMLs \
         ({} conformance vifs + {} own vifs)",
        given.len(),
        given_legacy.len(),
        cases.len(),
        expected_reverse - cases.len()
    );
    println!("{summary}");
    eprintln!("{summary}");

    if !out.status.success() {
        problems.push(format!("vif2xml failed ({}):\n{conversion}", out.status));
    }
    for b in given_bad.iter().chain(&reverse_bad) {
        problems.push(format!("not valid against {}:\n{b}", rng.display()));
    }
    if reverse.len() != expected_reverse && out.status.success() {
        problems.push(format!(
            "{} reverse XMLs written, {expected_reverse} expected",
            reverse.len()
        ));
    }
    assert!(
        problems.is_empty(),
        "{summary}\n\n{}",
        problems.join("\n\n")
    );
}
