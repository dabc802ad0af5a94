//! The library installed like any system library, through the top-level
//! Makefile, and used the way a C project uses it: through pkg-config.
//!
//! `make install DESTDIR=<tmp> PREFIX=/usr` is run once (it builds the release
//! library into this build's target directory, so later runs are quick), and
//! then, against the installed copy only:
//!
//! * the layout: `libvifxml.so.X.Y.Z` with the `.so.0` and `.so` symlinks,
//!   `libvifxml.a`, the header (byte for byte include/vifxml.h), `vifxml.pc`,
//!   `vifxml-static.pc`, `vifxml-convert`, both man pages, and nothing else;
//! * SONAME `libvifxml.so.0`, and the dynamic symbols the library defines are
//!   exactly the functions include/vifxml.h declares, each with the ELF
//!   symbol version libvifxml.map gives it, and the version definitions are
//!   the script's nodes with their parents (docs/ABI.md);
//! * tests/install/example.c (vifxml(3)'s EXAMPLE) built with nothing but
//!   `pkg-config --cflags --libs vifxml` and run against the installed shared
//!   library, and built with README.md's documented lines for a DESTDIR and a
//!   static link (`pkg-config ... vifxml-static`), proven not to need
//!   libvifxml.so at run time; its output is tests/install/example.out;
//! * the C test harness (tests/c) built with pkg-config and run against the
//!   installed library;
//! * the installed vifxml-convert, and c-examples/vifxml-convert.c built through
//!   pkg-config, give c-examples/expected/'s output;
//! * `make uninstall` removes every file `make install` put there (a second
//!   install with the default PREFIX=/usr/local);
//! * the ABI only grows within a soname: every declaration of
//!   tests/install/abi-so0.txt is still in include/vifxml.h (docs/ABI.md);
//! * man/vifxml.3: its SYNOPSIS is include/vifxml.h's declarations, its
//!   EXAMPLE is tests/install/example.c and its output, and groff formats it
//!   without a warning.
//!
//! Tools: make, cc, pkg-config, nm, readelf (and groff for the man page). A
//! missing tool skips the check with a `SKIPPED <test>: …` notice on stderr,
//! except when the environment variable CI is set: then it fails
//! (tests/common/mod.rs, `skip`).

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET_TMPDIR: &str = env!("CARGO_TARGET_TMPDIR");
const SONAME: &str = "libvifxml.so.0";
const C_FLAGS: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];

mod common;

// ---------------------------------------------------------------------------
// environment

fn root() -> &'static Path {
    Path::new(MANIFEST_DIR)
}

/// The Debian package of each tool these tests run.
fn package_of(tool: &str) -> &'static str {
    match tool {
        "make" => "make",
        "cc" => "gcc",
        "pkg-config" => "pkgconf",
        "nm" | "readelf" => "binutils",
        "groff" => "groff-base",
        other => panic!("no package known for {other}"),
    }
}

/// True if every tool runs; otherwise the test is skipped with a notice (a
/// failure under CI): see `common::skip`.
#[track_caller]
fn have_all(tools: &[&str]) -> bool {
    let with_packages: Vec<(&str, &str)> = tools.iter().map(|t| (*t, package_of(t))).collect();
    common::need_tools(&with_packages)
}

/// The cargo target directory of this build: CARGO_TARGET_TMPDIR's parent.
fn target_dir() -> PathBuf {
    Path::new(TARGET_TMPDIR)
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent")
        .to_path_buf()
}

/// A scratch directory of this test binary, emptied on first use.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(TARGET_TMPDIR).join("install-test");
        if dir.exists() {
            fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("cannot empty {dir:?}: {e}"));
        }
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
        dir
    })
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn show(out: &Output) -> String {
    format!(
        "exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run_ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(out.status.success(), "{cmd:?} failed\n{}", show(&out));
    out
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(run_ok(cmd).stdout).expect("UTF-8 output")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path:?}: {e}"))
}

// ---------------------------------------------------------------------------
// make

/// make runs cargo and writes into the target directory: one at a time.
static MAKE: Mutex<()> = Mutex::new(());

/// Runs `make <args>` in the source tree with a clean make environment, the
/// cargo that runs this test and this build's target directory.
fn make(args: &[&str]) -> Output {
    let _guard = MAKE.lock().unwrap_or_else(|e| e.into_inner());
    let mut cmd = Command::new("make");
    cmd.arg("-C").arg(root()).args(args);
    // A `make check` around this test must not leak its variables into this
    // make (MAKEFLAGS carries command-line variables), nor may the caller's
    // environment choose other directories.
    for var in [
        "MAKEFLAGS",
        "MFLAGS",
        "MAKELEVEL",
        "MAKEOVERRIDES",
        "DESTDIR",
        "PREFIX",
        "EXEC_PREFIX",
        "BINDIR",
        "LIBDIR",
        "INCLUDEDIR",
        "DATAROOTDIR",
        "MANDIR",
        "PKGCONFIGDIR",
        "TOOL_RPATH",
        "CARGO_FLAGS",
        "LDCONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CARGO_TARGET_DIR", target_dir());
    if let Some(cargo) = env::var_os("CARGO") {
        cmd.env("CARGO", cargo);
    }
    let out = run(&mut cmd);
    assert!(out.status.success(), "make {args:?} failed\n{}", show(&out));
    out
}

fn make_install(destdir: &Path, prefix: Option<&str>) {
    let destdir_arg = format!("DESTDIR={}", destdir.display());
    let prefix_arg = prefix.map(|p| format!("PREFIX={p}"));
    let mut args = vec!["install", destdir_arg.as_str()];
    args.extend(prefix_arg.as_deref());
    make(&args);
}

/// The tree installed once with PREFIX=/usr, shared by the tests.
struct Installed {
    destdir: PathBuf,
}

impl Installed {
    fn usr(&self, rel: &str) -> PathBuf {
        self.destdir.join("usr").join(rel)
    }
}

/// None (after the calling test's notice) when a tool is missing outside CI.
#[track_caller]
fn installed() -> Option<&'static Installed> {
    static INSTALLED: OnceLock<Installed> = OnceLock::new();
    if !have_all(&["make", "cc", "pkg-config", "nm", "readelf"]) {
        return None;
    }
    Some(INSTALLED.get_or_init(|| {
        let destdir = scratch().join("destdir");
        make_install(&destdir, Some("/usr"));
        Installed { destdir }
    }))
}

fn expected_files(prefix: &str) -> BTreeSet<String> {
    let p = prefix.trim_start_matches('/');
    [
        format!("{p}/lib/libvifxml.so.{VERSION}"),
        format!("{p}/lib/{SONAME}"),
        format!("{p}/lib/libvifxml.so"),
        format!("{p}/lib/libvifxml.a"),
        format!("{p}/lib/pkgconfig/vifxml.pc"),
        format!("{p}/lib/pkgconfig/vifxml-static.pc"),
        format!("{p}/include/vifxml.h"),
        format!("{p}/bin/vifxml-convert"),
        format!("{p}/share/man/man3/vifxml.3"),
        format!("{p}/share/man/man1/vifxml-convert.1"),
    ]
    .into_iter()
    .collect()
}

// ---------------------------------------------------------------------------
// the header's functions

/// The names of the functions include/vifxml.h declares.
fn header_functions(header: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for decl in header_declarations(header) {
        if decl.starts_with("typedef") || decl.starts_with('#') {
            continue;
        }
        let open = decl.find('(').expect("a function declaration has a '('");
        let name = decl[..open]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .expect("a name before '('");
        assert!(
            name.starts_with("vifxml_"),
            "unexpected declaration: {decl}"
        );
        names.insert(name.to_string());
    }
    names
}

/// Top-level declarations of a C header, one string each with whitespace
/// collapsed: typedefs and function prototypes (ending in `;`) and
/// `#define NAME VALUE` lines. Comments and other preprocessor lines are
/// dropped.
fn header_declarations(header: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = header;
    // Strip comments (the header has /* */ and // ones).
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("/*") {
            let end = r.find("*/").expect("closed comment");
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("//") {
            rest = r.find('\n').map_or("", |i| &r[i..]);
        } else {
            let c = rest.chars().next().expect("not empty");
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // Continued preprocessor lines are one line.
    let text = text.replace("\\\n", " ");
    let mut decls = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.first() == Some(&"#define")
                && words.len() == 3
                && words[1].starts_with("VIFXML_")
                && !words[1].contains('(')
            {
                decls.push(words.join(" "));
            } else if let Some(name) = line
                .strip_prefix("#define ")
                .filter(|rest| rest.starts_with("VIFXML_"))
                .and_then(|rest| rest.split_once(')'))
                .map(|(head, _)| head)
                .filter(|head| head.contains('('))
            {
                // A function-like macro: its name and parameters.
                decls.push(normalise(&format!("#define {name})")));
            }
            continue;
        }
        if line.is_empty() || line == "extern \"C\" {" || line == "}" {
            continue;
        }
        current.push(' ');
        current.push_str(line);
        if line.ends_with(';') {
            decls.push(normalise(&current));
            current.clear();
        }
    }
    assert!(
        current.trim().is_empty(),
        "unfinished declaration: {current}"
    );
    decls
}

fn normalise(decl: &str) -> String {
    let collapsed = decl.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
        .replace(" ;", ";")
}

// ---------------------------------------------------------------------------
// man page parsing

/// The text of a section of a man page source (`.SH NAME` up to the next `.SH`).
fn man_section<'a>(page: &'a str, name: &str) -> &'a str {
    let head = format!(".SH {name}\n");
    let start = page.find(&head).unwrap_or_else(|| panic!("no .SH {name}")) + head.len();
    let len = page[start..]
        .find("\n.SH ")
        .map_or(page.len() - start, |i| i + 1);
    &page[start..start + len]
}

/// Undoes the escapes used in man/vifxml.3's code (see sync_man_example.py).
fn unroff(s: &str) -> String {
    s.replace("\\&", "")
        .replace("\\-", "-")
        .replace("\\(aq", "'")
        .replace("\\(ga", "`")
        .replace("\\(ha", "^")
        .replace("\\(ti", "~")
        .replace("\\(dq", "\"")
        .replace("\\e", "\\")
}

/// The arguments of a man macro line (`"` groups words, `""` is a quote).
fn macro_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut arg = String::new();
        if first == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        arg.push('"');
                    } else {
                        break;
                    }
                } else {
                    arg.push(c);
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                arg.push(c);
                chars.next();
            }
        }
        args.push(arg);
    }
    args
}

/// The C text of the SYNOPSIS: `.B`/`.BI` lines with their fonts dropped.
fn man_synopsis_declarations(page: &str) -> Vec<String> {
    let synopsis = man_section(page, "SYNOPSIS");
    let mut decls = Vec::new();
    let mut current = String::new();
    for line in synopsis.lines() {
        let args = if let Some(rest) = line.strip_prefix(".BI ") {
            macro_args(rest)
        } else if let Some(rest) = line.strip_prefix(".B ") {
            vec![rest.trim().trim_matches('"').to_string()]
        } else {
            continue;
        };
        let text = unroff(&args.concat());
        if text.starts_with("#include") {
            continue;
        }
        if text.starts_with("#define") {
            decls.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
            continue;
        }
        current.push(' ');
        current.push_str(&text);
        if text.trim_end().ends_with(';') {
            decls.push(normalise(&current));
            current.clear();
        }
    }
    assert!(
        current.trim().is_empty(),
        "unfinished SYNOPSIS line: {current}"
    );
    decls
}

/// The `.EX` … `.EE` blocks of the EXAMPLE section, unescaped.
fn man_example_blocks(page: &str) -> Vec<String> {
    let section = man_section(page, "EXAMPLE");
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(start) = rest.find("\n.EX\n") {
        let body = &rest[start + 5..];
        let end = body.find("\n.EE\n").expect(".EX without .EE");
        blocks.push(unroff(&body[..end]) + "\n");
        rest = &body[end..];
    }
    blocks
}

// ---------------------------------------------------------------------------
// C builds against the installed copy, through pkg-config only

/// pkg-config restricted to the installed tree. `relocate`: by
/// `--define-variable=prefix=` (the .pc file's paths are relative to
/// ${prefix}); otherwise by PKG_CONFIG_SYSROOT_DIR.
fn pkg_config(inst: &Installed, relocate: bool, args: &[&str]) -> Vec<String> {
    pkg_config_module(inst, relocate, "vifxml", args)
}

/// [`pkg_config`] for any module.
fn pkg_config_module(inst: &Installed, relocate: bool, module: &str, args: &[&str]) -> Vec<String> {
    let mut cmd = Command::new("pkg-config");
    cmd.env("PKG_CONFIG_LIBDIR", inst.usr("lib/pkgconfig"))
        .env_remove("PKG_CONFIG_PATH")
        .env("PKG_CONFIG_ALLOW_SYSTEM_CFLAGS", "1")
        .env("PKG_CONFIG_ALLOW_SYSTEM_LIBS", "1");
    if relocate {
        cmd.env_remove("PKG_CONFIG_SYSROOT_DIR");
        cmd.arg(format!(
            "--define-variable=prefix={}",
            inst.destdir.join("usr").display()
        ));
    } else {
        cmd.env("PKG_CONFIG_SYSROOT_DIR", &inst.destdir);
    }
    cmd.args(args).arg(module);
    let flags = stdout_of(&mut cmd);
    flags.split_whitespace().map(str::to_string).collect()
}

fn compile(source: &Path, exe: &Path, flags: &[String]) {
    let mut cmd = Command::new("cc");
    cmd.args(C_FLAGS).arg("-o").arg(exe).arg(source).args(flags);
    run_ok(&mut cmd);
}

/// The NEEDED entries and RUNPATH/RPATH of an ELF file.
fn dynamic_section(path: &Path) -> (Vec<String>, Vec<String>) {
    let out = stdout_of(Command::new("readelf").arg("-d").arg(path));
    let bracketed = |line: &str| {
        line.split_once('[')
            .and_then(|(_, r)| r.split_once(']'))
            .map(|(v, _)| v.to_string())
    };
    let mut needed = Vec::new();
    let mut paths = Vec::new();
    for line in out.lines() {
        if line.contains("(NEEDED)") {
            needed.extend(bracketed(line));
        } else if line.contains("(RUNPATH)") || line.contains("(RPATH)") {
            paths.extend(bracketed(line));
        }
    }
    (needed, paths)
}

fn soname(path: &Path) -> Option<String> {
    let out = stdout_of(Command::new("readelf").arg("-d").arg(path));
    out.lines().find(|l| l.contains("(SONAME)")).and_then(|l| {
        l.split_once('[')?
            .1
            .split_once(']')
            .map(|(v, _)| v.to_string())
    })
}

/// libvifxml.map: its version nodes in order, each with the node it
/// inherits, and the node of each symbol it lists.
struct VersionScript {
    nodes: Vec<(String, Option<String>)>,
    symbols: std::collections::BTreeMap<String, String>,
}

fn version_script() -> VersionScript {
    let text = read(&root().join("libvifxml.map"));
    // Drop /* */ comments, then read `NODE { global: a; b; local: *; } PARENT;`.
    let mut code = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("/*") {
        code.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("closed comment");
        rest = &rest[start + end + 2..];
    }
    code.push_str(rest);
    let spaced = code
        .replace('{', " { ")
        .replace('}', " } ")
        .replace(';', " ; ")
        .replace(':', " : ");
    let mut words = spaced.split_whitespace().peekable();
    let mut script = VersionScript {
        nodes: Vec::new(),
        symbols: Default::default(),
    };
    while let Some(node) = words.next() {
        assert_eq!(words.next(), Some("{"), "libvifxml.map: `{{` after {node}");
        let mut local = false;
        loop {
            let word = words.next().expect("libvifxml.map: unclosed node");
            match word {
                "}" => break,
                ";" => {}
                "global" | "local" => {
                    assert_eq!(words.next(), Some(":"));
                    local = word == "local";
                }
                sym if local => assert_eq!(sym, "*", "only `local: *;`"),
                sym => {
                    let previous = script.symbols.insert(sym.to_string(), node.to_string());
                    assert!(previous.is_none(), "libvifxml.map lists {sym} twice");
                }
            }
        }
        let parent = match words.next() {
            Some(";") => None,
            Some(parent) => {
                assert_eq!(words.next(), Some(";"));
                Some(parent.to_string())
            }
            None => panic!("libvifxml.map: `;` after the node {node}"),
        };
        script.nodes.push((node.to_string(), parent));
    }
    script
}

/// `readelf -V`'s version definitions: (name, first parent) in order.
fn version_definitions(lib: &Path) -> Vec<(String, Option<String>)> {
    let out = stdout_of(Command::new("readelf").arg("-V").arg(lib));
    let mut defs: Vec<(String, Option<String>)> = Vec::new();
    let mut in_defs = false;
    for line in out.lines() {
        if line.starts_with("Version definition section") {
            in_defs = true;
            continue;
        }
        if in_defs && (line.starts_with("Version ") || line.trim().is_empty()) && !defs.is_empty() {
            break;
        }
        if !in_defs {
            continue;
        }
        if let Some((_, name)) = line.split_once("Name: ") {
            defs.push((name.trim().to_string(), None));
        } else if let Some((_, parent)) = line.split_once("Parent 1: ") {
            defs.last_mut().expect("a parent follows its definition").1 =
                Some(parent.trim().to_string());
        }
    }
    defs
}

/// Runs `exe` with only the installed library directory to load from.
fn run_installed(inst: &Installed, exe: &Path, args: &[&str], stdin: Option<&Path>) -> Output {
    let mut cmd = Command::new(exe);
    cmd.args(args).env("LD_LIBRARY_PATH", inst.usr("lib"));
    if let Some(path) = stdin {
        cmd.stdin(fs::File::open(path).expect("input file"));
    }
    run(&mut cmd)
}

/// Where the dynamic loader finds libvifxml.so.0 for `exe`
/// (LD_TRACE_LOADED_OBJECTS: glibc's loader lists the libraries, runs nothing).
fn loaded_vifxml(exe: &Path, ld_library_path: Option<&Path>) -> Option<String> {
    let mut cmd = Command::new(exe);
    cmd.env("LD_TRACE_LOADED_OBJECTS", "1");
    match ld_library_path {
        Some(dir) => cmd.env("LD_LIBRARY_PATH", dir),
        None => cmd.env_remove("LD_LIBRARY_PATH"),
    };
    let out = stdout_of(&mut cmd);
    out.lines()
        .find(|l| l.trim_start().starts_with(SONAME))
        .map(|l| l.trim().to_string())
}

// ---------------------------------------------------------------------------
// tests

#[test]
fn install_layout_is_complete_and_exact() {
    let Some(inst) = installed() else { return };
    assert_eq!(
        common::files_under(&inst.destdir),
        expected_files("/usr"),
        "make install must install exactly these files"
    );

    let lib = inst.usr("lib");
    let real = format!("libvifxml.so.{VERSION}");
    let real_meta = fs::symlink_metadata(lib.join(&real)).expect("the real library");
    assert!(real_meta.file_type().is_file(), "{real} is a regular file");
    assert_ne!(
        real_meta.permissions().mode() & 0o111,
        0,
        "{real} is executable"
    );
    for link in [SONAME, "libvifxml.so"] {
        let meta = fs::symlink_metadata(lib.join(link)).expect("the symlink");
        assert!(meta.file_type().is_symlink(), "{link} is a symlink");
        let dest = fs::read_link(lib.join(link)).expect("readlink");
        assert_eq!(
            dest,
            Path::new(&real),
            "{link} points to {real}, relatively"
        );
    }
    assert!(fs::symlink_metadata(lib.join("libvifxml.a"))
        .unwrap()
        .file_type()
        .is_file());

    assert_eq!(
        fs::read(inst.usr("include/vifxml.h")).unwrap(),
        fs::read(root().join("include/vifxml.h")).unwrap(),
        "the installed header is include/vifxml.h"
    );
    assert_eq!(
        read(&inst.usr("share/man/man3/vifxml.3")),
        read(&root().join("man/vifxml.3"))
    );

    let tool = fs::metadata(inst.usr("bin/vifxml-convert")).expect("vifxml-convert");
    assert_ne!(
        tool.permissions().mode() & 0o111,
        0,
        "vifxml-convert is executable"
    );
    let (_, runpath) = dynamic_section(&inst.usr("bin/vifxml-convert"));
    assert!(
        runpath.is_empty(),
        "no run path into the system library directory: {runpath:?}"
    );
}

#[test]
fn pkg_config_file_has_the_version_and_the_link_lines() {
    let Some(inst) = installed() else { return };
    let pc = read(&inst.usr("lib/pkgconfig/vifxml.pc"));
    let field = |name: &str| {
        pc.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("vifxml.pc has no `{name}`:\n{pc}"))
            .trim()
            .to_string()
    };
    assert_eq!(field("prefix="), "/usr");
    assert_eq!(
        field("libdir="),
        "${exec_prefix}/lib",
        "relocatable with the prefix"
    );
    assert_eq!(field("includedir="), "${prefix}/include");
    assert_eq!(field("Name:"), "vifxml");
    assert_eq!(field("Description:"), env!("CARGO_PKG_DESCRIPTION"));
    assert_eq!(field("Version:"), VERSION);
    assert_eq!(field("Libs:"), "-L${libdir} -lvifxml");
    assert_eq!(field("Cflags:"), "-I${includedir}");
    let private = field("Libs.private:");
    assert!(
        !private.is_empty() && private.split_whitespace().all(|w| w.starts_with("-l")),
        "Libs.private holds rustc's native-static-libs: {private:?}"
    );
    // The system libraries Rust's standard library needs on Linux.
    for lib in ["-lpthread", "-ldl", "-lc"] {
        assert!(
            private.split_whitespace().any(|w| w == lib),
            "{lib} in {private:?}"
        );
    }

    let modversion = pkg_config(inst, false, &["--modversion"]);
    assert_eq!(modversion, [VERSION]);

    // vifxml-static.pc: the same directories, and Libs that name the archive
    // itself (-l:libvifxml.a) followed by what it needs.
    let pc_static = read(&inst.usr("lib/pkgconfig/vifxml-static.pc"));
    let field_static = |name: &str| {
        pc_static
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("vifxml-static.pc has no `{name}`:\n{pc_static}"))
            .trim()
            .to_string()
    };
    for name in [
        "prefix=",
        "exec_prefix=",
        "libdir=",
        "includedir=",
        "Version:",
        "Cflags:",
    ] {
        assert_eq!(field_static(name), field(name), "{name}");
    }
    assert_eq!(field_static("Name:"), "vifxml-static");
    assert_eq!(
        field_static("Libs:"),
        format!("-L${{libdir}} -l:libvifxml.a {private}")
    );
    assert!(!pc_static.contains("Libs.private"));
    let modversion = pkg_config_module(inst, false, "vifxml-static", &["--modversion"]);
    assert_eq!(modversion, [VERSION]);
}

#[test]
fn soname_and_exports_are_the_header_functions() {
    let Some(inst) = installed() else { return };
    let lib = inst.usr(&format!("lib/libvifxml.so.{VERSION}"));
    assert_eq!(soname(&lib).as_deref(), Some(SONAME));

    let header = header_functions(&read(&inst.usr("include/vifxml.h")));
    assert!(
        header.len() >= 21,
        "the header declares the SPEC §7 functions: {header:?}"
    );

    // Every symbol the library defines, with its version (readelf prints
    // `name@@NODE` for a default version).
    let dynsyms = stdout_of(Command::new("readelf").args(["--dyn-syms", "-W"]).arg(&lib));
    let script = version_script();
    let mut exported = BTreeSet::new();
    let mut node_symbols = BTreeSet::new();
    let mut wrong = Vec::new();
    for line in dynsyms.lines() {
        // Num: Value Size Type Bind Vis Ndx Name
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() != 8
            || f[0] == "Num:"
            || !f[0].ends_with(':')
            || f[6] == "UND"
            || f[4] == "LOCAL"
        {
            continue;
        }
        let (name, version) = match f[7].split_once("@@") {
            Some((n, v)) => (n, Some(v)),
            None => (f[7].split('@').next().unwrap_or(f[7]), None),
        };
        if f[6] == "ABS" && script.nodes.iter().any(|(node, _)| node == name) {
            // GNU ld's symbol for a version definition itself.
            node_symbols.insert(name.to_string());
            continue;
        }
        exported.insert(name.to_string());
        let want = script.symbols.get(name);
        if want.map(String::as_str) != version {
            wrong.push(format!(
                "{}: version {version:?}, libvifxml.map says {want:?}",
                f[7]
            ));
        }
    }
    assert_eq!(
        exported,
        header,
        "the installed library's dynamic symbols must be exactly the header's functions\n\
         only exported: {:?}\nonly declared: {:?}",
        exported.difference(&header).collect::<Vec<_>>(),
        header.difference(&exported).collect::<Vec<_>>()
    );
    assert!(
        wrong.is_empty(),
        "every exported function carries (as its default version) the node libvifxml.map \
         gives it:\n{}",
        wrong.join("\n")
    );
    for node in &node_symbols {
        assert!(
            script
                .symbols
                .iter()
                .any(|(sym, n)| n == node && header.contains(sym)),
            "version node {node} is defined but holds no exported function"
        );
    }

    // The version definitions: the soname as the base, then each node of the
    // script that holds an exported function, with the script's parent.
    let defs = version_definitions(&lib);
    let used: Vec<&(String, Option<String>)> = script
        .nodes
        .iter()
        .filter(|(node, _)| {
            script
                .symbols
                .iter()
                .any(|(sym, n)| n == node && header.contains(sym))
        })
        .collect();
    let mut want = vec![(SONAME.to_string(), None)];
    want.extend(used.into_iter().cloned());
    assert_eq!(defs, want, "readelf -V: version definitions (name, parent)");

    // The static archive defines every one of them too. (readelf, not nm: nm
    // hands members holding LLVM bitcode to whatever LTO plugin is installed
    // in bfd-plugins, which may not read rustc's bitcode and then stops.)
    let symbols = stdout_of(
        Command::new("readelf")
            .arg("-sW")
            .arg(inst.usr("lib/libvifxml.a")),
    );
    let in_archive: BTreeSet<&str> = symbols
        .lines()
        .filter_map(|l| {
            // Num: Value Size Type Bind Vis Ndx Name
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() == 8
                && f[3] == "FUNC"
                && f[4] == "GLOBAL"
                && f[6].bytes().all(|b| b.is_ascii_digit()))
            .then(|| f[7])
        })
        .collect();
    for name in &header {
        assert!(
            in_archive.contains(name.as_str()),
            "libvifxml.a defines {name}"
        );
    }
}

#[test]
fn example_links_with_pkg_config_against_the_shared_library() {
    let Some(inst) = installed() else { return };
    let flags = pkg_config(inst, false, &["--cflags", "--libs"]);
    let dest = inst.destdir.to_string_lossy().into_owned();
    assert!(
        flags
            .iter()
            .any(|f| f.starts_with("-I") && f.contains(&dest))
            && flags
                .iter()
                .any(|f| f.starts_with("-L") && f.contains(&dest))
            && flags.iter().any(|f| f == "-lvifxml"),
        "pkg-config points into the installed tree: {flags:?}"
    );
    let exe = scratch().join("example-shared");
    compile(&root().join("tests/install/example.c"), &exe, &flags);

    let (needed, _) = dynamic_section(&exe);
    assert!(
        needed.iter().any(|n| n == SONAME),
        "linked against {SONAME}: {needed:?}"
    );
    let found = loaded_vifxml(&exe, Some(&inst.usr("lib"))).expect("libvifxml.so.0 is loaded");
    assert!(
        found.contains(&format!("{}/", inst.usr("lib").display())),
        "the installed copy is the one loaded: {found}"
    );

    let out = run_installed(inst, &exe, &[], None);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        read(&root().join("tests/install/example.out"))
    );
}

/// The static link line of README.md and vifxml(3), word for word.
const STATIC_LINK_LINE: &str = "cc app.c $(pkg-config --cflags --libs vifxml-static)";
/// README.md's DESTDIR directory, replaced by this test's.
const README_STAGE: &str = "/tmp/stage";

/// README.md's block that builds against a DESTDIR: its lines.
fn readme_destdir_block() -> Vec<String> {
    let readme = read(&root().join("README.md"));
    let block = readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|b| b.split_once("```").map(|(code, _)| code))
        .find(|code| code.contains("PKG_CONFIG_SYSROOT_DIR"))
        .expect("README.md has a sh block that sets PKG_CONFIG_SYSROOT_DIR");
    block.lines().map(str::to_string).collect()
}

#[test]
fn documented_static_link_line_links_the_archive() {
    let Some(inst) = installed() else { return };
    let readme = read(&root().join("README.md"));
    assert!(
        readme.contains(STATIC_LINK_LINE),
        "README.md documents `{STATIC_LINK_LINE}`"
    );
    let man = unroff(&read(&root().join("man/vifxml.3")));
    assert!(man.contains(STATIC_LINK_LINE), "vifxml(3) documents it");

    // README.md's lines after `make install` (which installed() ran with the
    // same PREFIX), with this test's DESTDIR, run by sh in a directory holding
    // app.c: vifxml(3)'s example.
    let lines = readme_destdir_block();
    assert_eq!(
        lines.first().map(String::as_str),
        Some("make install DESTDIR=/tmp/stage PREFIX=/usr"),
        "the block starts with the install that installed() does"
    );
    assert_eq!(lines.last(), Some(&STATIC_LINK_LINE.to_string()));
    let stage = inst.destdir.to_str().expect("UTF-8 scratch path");
    let script = lines[1..].join("\n").replace(README_STAGE, stage);
    let dir = scratch().join("documented-static");
    fs::create_dir_all(&dir).expect("scratch dir");
    fs::copy(root().join("tests/install/example.c"), dir.join("app.c")).expect("copy app.c");
    let mut cmd = Command::new("sh");
    cmd.args(["-e", "-c", &script]).current_dir(&dir);
    for var in [
        "PKG_CONFIG_PATH",
        "PKG_CONFIG_SYSROOT_DIR",
        "PKG_CONFIG_LIBDIR",
    ] {
        cmd.env_remove(var);
    }
    run_ok(&mut cmd);

    let exe = dir.join("a.out");
    let (needed, _) = dynamic_section(&exe);
    assert!(
        !needed.iter().any(|n| n.starts_with("libvifxml")),
        "statically linked: no NEEDED libvifxml: {needed:?}"
    );
    assert_eq!(loaded_vifxml(&exe, None), None);
    let out = run(Command::new(&exe).env_remove("LD_LIBRARY_PATH"));
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        read(&root().join("tests/install/example.out"))
    );
}

/// `pkg-config --static vifxml` is what README.md says it is: it adds the
/// system libraries, and with libvifxml.so beside libvifxml.a the program
/// still needs the shared library (the reason for vifxml-static.pc).
#[test]
fn pkg_config_static_alone_links_the_shared_library() {
    let Some(inst) = installed() else { return };
    let flags = pkg_config(inst, false, &["--static", "--cflags", "--libs"]);
    assert!(
        flags
            .iter()
            .skip_while(|f| *f != "-lvifxml")
            .skip(1)
            .any(|f| f.starts_with("-l")),
        "--static adds Libs.private after -lvifxml: {flags:?}"
    );
    let exe = scratch().join("example-static-flag");
    compile(&root().join("tests/install/example.c"), &exe, &flags);
    let (needed, _) = dynamic_section(&exe);
    assert!(
        needed.iter().any(|n| n == SONAME),
        "the linker prefers libvifxml.so: {needed:?}"
    );
}

/// The C test harness (tests/c), built with `pkg-config --cflags --libs
/// vifxml` against the installed copy and run with it: the library `make
/// install` ships (linked by the Makefile, with symbol versions) passes the
/// same checks as cargo's.
#[test]
fn c_harness_passes_against_the_installed_library() {
    let Some(inst) = installed() else { return };
    let flags = pkg_config(inst, false, &["--cflags", "--libs"]);
    let mut sources: Vec<PathBuf> = fs::read_dir(root().join("tests/c"))
        .expect("tests/c")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.sort();
    let exe = scratch().join("harness-installed");
    let mut cmd = Command::new("cc");
    cmd.args(C_FLAGS)
        .args(["-O1", "-pthread"])
        .arg(format!("-DVIFXML_EXPECTED_VERSION=\"{VERSION}\""))
        .arg("-I")
        .arg(root().join("tests/c"))
        .arg("-o")
        .arg(&exe)
        .args(&sources)
        .args(&flags);
    run_ok(&mut cmd);
    let out = run_installed(inst, &exe, &[], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    assert!(
        out.status.success() && last.ends_with(" passed, 0 failed"),
        "the C harness against the installed library\n{}",
        show(&out)
    );
}

#[test]
fn installed_vifxml_convert_works_and_builds_with_pkg_config() {
    let Some(inst) = installed() else { return };
    let installed_tool = inst.usr("bin/vifxml-convert");
    let built = scratch().join("vifxml-convert");
    let flags = pkg_config(inst, false, &["--cflags", "--libs"]);
    compile(&root().join("c-examples/vifxml-convert.c"), &built, &flags);

    let samples = root().join("c-examples/samples");
    let expected = root().join("c-examples/expected");
    for tool in [&installed_tool, &built] {
        let out = run_installed(inst, tool, &["--version"], None);
        assert!(out.status.success(), "{}", show(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(VERSION),
            "--version names {VERSION}: {}",
            show(&out)
        );
        for (args, want) in [
            (vec!["--dialect", "xl"], "hvm-pv-drivers-xl.out"),
            (vec!["--dialect", "sxpr"], "hvm-pv-drivers-sxpr.out"),
        ] {
            let mut args: Vec<&str> = args;
            let sample = samples.join("hvm-pv-drivers.xml");
            let sample = sample.to_str().expect("UTF-8 path");
            args.push(sample);
            let out = run_installed(inst, tool, &args, None);
            assert!(out.status.success(), "{tool:?} {args:?}\n{}", show(&out));
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                read(&expected.join(want)),
                "{tool:?} {args:?}"
            );
        }
        let out = run_installed(
            inst,
            tool,
            &["--reverse"],
            Some(&expected.join("reverse-vif.in")),
        );
        assert!(out.status.success(), "{}", show(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            read(&expected.join("reverse-vif.out"))
        );
    }
}

#[test]
fn uninstall_removes_every_installed_file() {
    if installed().is_none() {
        return;
    }
    // A second install, with the default prefix, into its own DESTDIR.
    let destdir = scratch().join("uninstall");
    make_install(&destdir, None);
    assert_eq!(common::files_under(&destdir), expected_files("/usr/local"));
    // /usr/local/lib is not a system library directory: the tool finds the
    // library through its run path.
    let (_, runpath) = dynamic_section(&destdir.join("usr/local/bin/vifxml-convert"));
    assert_eq!(runpath, ["/usr/local/lib"]);

    let destdir_arg = format!("DESTDIR={}", destdir.display());
    make(&["uninstall", destdir_arg.as_str()]);
    assert_eq!(
        common::files_under(&destdir),
        BTreeSet::new(),
        "make uninstall leaves no installed file behind"
    );
    // Uninstalling twice is harmless.
    make(&["uninstall", destdir_arg.as_str()]);
}

// --- ABI baseline -----------------------------------------------------------

/// docs/ABI.md: within one soname the ABI only grows. Every declaration of
/// tests/install/abi-so<N>.txt (functions with their signatures, types, and
/// the value of every constant, as the header of the first release with that
/// soname had them) must still be in include/vifxml.h, word for word.
/// Additions are fine; a removal, a changed signature or a renumbered
/// constant needs a new soname (and a new baseline file).
#[test]
fn abi_only_grows_within_the_soname() {
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    assert_eq!(
        SONAME,
        format!("libvifxml.so.{major}"),
        "the soname follows the major version"
    );
    let baseline_path = root().join(format!("tests/install/abi-so{major}.txt"));
    let current = header_declarations(&read(&root().join("include/vifxml.h")));
    let Ok(baseline) = fs::read_to_string(&baseline_path) else {
        panic!(
            "{baseline_path:?} is missing: a new soname needs its baseline, the header's \
             declarations one per line:\n{}",
            current.join("\n")
        );
    };
    let current: Vec<String> = current.iter().map(|d| without_parameter_names(d)).collect();
    let missing: Vec<&str> = baseline
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .filter(|l| !current.contains(&without_parameter_names(l)))
        .collect();
    assert!(
        missing.is_empty(),
        "include/vifxml.h changed the ABI of {SONAME}: these declarations of {baseline_path:?} \
         are gone or different:\n{}\n(docs/ABI.md: only additions within a soname)",
        missing.join("\n")
    );
}

/// A declaration with the names of its parameters dropped (renaming one is
/// not an ABI change): `f(const char *xml, size_t len);` -> `f(const char *, size_t);`.
fn without_parameter_names(decl: &str) -> String {
    let (Some(open), Some(close)) = (decl.rfind('('), decl.rfind(')')) else {
        return decl.to_string();
    };
    if close < open {
        return decl.to_string();
    }
    let params: Vec<String> = decl[open + 1..close]
        .split(',')
        .map(|p| {
            let p = p.trim();
            let kept = p.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            if kept.trim().is_empty() {
                p.to_string() // `void`, or a type without a name
            } else {
                kept.trim_end().to_string()
            }
        })
        .collect();
    format!(
        "{}({}){}",
        &decl[..open],
        params.join(", "),
        &decl[close + 1..]
    )
}

// --- man/vifxml.3 --------------------------------------------------------

#[test]
fn man_page_synopsis_is_the_header() {
    let page = read(&root().join("man/vifxml.3"));
    let header = read(&root().join("include/vifxml.h"));
    let mut from_header = header_declarations(&header);
    let mut from_man = man_synopsis_declarations(&page);
    from_header.sort();
    from_man.sort();
    let only_header: Vec<_> = from_header
        .iter()
        .filter(|d| !from_man.contains(d))
        .collect();
    let only_man: Vec<_> = from_man
        .iter()
        .filter(|d| !from_header.contains(d))
        .collect();
    assert!(
        only_header.is_empty() && only_man.is_empty(),
        "man/vifxml.3's SYNOPSIS must declare what include/vifxml.h declares\n\
         missing from the man page: {only_header:#?}\nnot in the header: {only_man:#?}"
    );

    // Every function is named in NAME, so that `man <function>` finds the page.
    let name = man_section(&page, "NAME");
    for f in header_functions(&header) {
        assert!(
            name.split(|c: char| c == ',' || c.is_whitespace())
                .any(|w| w == f),
            "NAME lists {f}"
        );
    }
}

#[test]
fn man_page_example_is_tests_install_example_c() {
    let page = read(&root().join("man/vifxml.3"));
    let blocks = man_example_blocks(&page);
    assert_eq!(blocks.len(), 2, "EXAMPLE holds the program and its output");
    assert_eq!(
        blocks[0],
        read(&root().join("tests/install/example.c")),
        "the man page's EXAMPLE is tests/install/example.c \
         (python3 tests/install/sync_man_example.py copies it)"
    );
    assert_eq!(blocks[1], read(&root().join("tests/install/example.out")));
}

#[test]
fn man_page_formats_without_warnings() {
    if !have_all(&["groff"]) {
        return;
    }
    let out = run(Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(root().join("man/vifxml.3"))
        .env("LC_ALL", "C.UTF-8"));
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "groff -man -ww warns about man/vifxml.3\n{}",
        show(&out)
    );
}
