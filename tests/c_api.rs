//! The C API, tested from C (SPEC §7).
//!
//! * `c_harness_passes`: builds tests/c/*.c (C99, -Wall -Wextra -Werror
//!   -pedantic) against include/vifxml.h and the built libvifxml.so, runs it
//!   and requires its closing line `N passed, 0 failed`.
//! * `c_harness_under_sanitizers`: the same harness with
//!   -fsanitize=address,undefined and leak detection; a canary first proves
//!   that a leak of a string allocated by the library is reported.
//! * `c_harness_under_valgrind`: the harness under
//!   `valgrind --leak-check=full --error-exitcode=1`, after the same canary.
//! * `c_harness_links_statically`: the harness linked with libvifxml.a.
//! * `header_compiles_as_cxx`: include/vifxml.h from C++11, linked and run.
//! * `exports_are_exactly_the_header_functions`: `nm -D --defined-only` of
//!   the library lists exactly the functions the header declares, which are
//!   exactly SPEC §7's and §8's.
//! * `version_and_limit_macros_are_cargo_and_rust_values`: the header's
//!   VIFXML_VERSION_* are Cargo.toml's version, VIFXML_MAX_* the Rust limits.
//! * `soname_is_libvifxml_so_0`.
//!
//! Tools: gcc (with its sanitizer runtimes for the sanitizer run), g++, nm,
//! readelf, valgrind. A check whose tool is missing is skipped with a
//! `SKIPPED <test>: …` notice on stderr, and fails when the environment
//! variable CI is set (tests/common/mod.rs, `skip`). A missing libvifxml.so is
//! built with `cargo build --lib`.

use std::collections::BTreeSet;
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

mod common;
use common::{cdylib, manifest_dir, need_tools, run, run_ok, show, skip, soname_links};

const PKG_VERSION: &str = env!("CARGO_PKG_VERSION");
const SONAME: &str = "libvifxml.so.0";

/// SPEC §7: every function of the C API of 0.1 (ELF version node VIFXML_0.1).
const SPEC_FUNCTIONS: &[&str] = &[
    "vifxml_options_new",
    "vifxml_options_free",
    "vifxml_options_set_dialect",
    "vifxml_options_set_guest",
    "vifxml_options_set_xen_version",
    "vifxml_options_set_strict",
    "vifxml_options_add_network",
    "vifxml_options_set_network_resolver",
    "vifxml_interface_to_vif",
    "vifxml_domain_to_vifs",
    "vifxml_domain_to_config",
    "vifxml_vif_to_interface",
    "vifxml_config_to_interfaces",
    "vifxml_string_free",
    "vifxml_strings_free",
    "vifxml_error_status",
    "vifxml_error_message",
    "vifxml_error_offset",
    "vifxml_error_free",
    "vifxml_status_str",
    "vifxml_version",
];

/// SPEC §8.1 and §8.4: the functions added in 0.2 (ELF version node VIFXML_0.2).
const SPEC_FUNCTIONS_0_2: &[&str] = &[
    "vifxml_options_set_warnings",
    "vifxml_error_count",
    "vifxml_error_item_severity",
    "vifxml_error_item_status",
    "vifxml_error_item_message",
    "vifxml_error_item_path",
    "vifxml_error_item_offset",
    "vifxml_error_item_line",
    "vifxml_error_item_column",
    "vifxml_error_line",
    "vifxml_error_column",
    "vifxml_version_number",
];

const C_FLAGS: &[&str] = &["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"];

// ---------------------------------------------------------------------------
// environment

/// The Debian package of each tool these tests run.
fn package_of(tool: &str) -> &'static str {
    match tool {
        "gcc" => "gcc",
        "g++" => "g++",
        "nm" | "readelf" => "binutils",
        "valgrind" => "valgrind",
        other => panic!("no package known for {other}"),
    }
}

/// True if every tool runs; otherwise the test is skipped with a notice (a
/// failure under CI): see `common::skip`.
#[track_caller]
fn tools(names: &[&str]) -> bool {
    let with_packages: Vec<(&str, &str)> = names.iter().map(|t| (*t, package_of(t))).collect();
    need_tools(&with_packages)
}

/// A fresh scratch directory for one test, holding `lib/libvifxml.so` and
/// `lib/libvifxml.so.0` (the name the loader looks for) as links to the
/// built library.
fn scratch(test: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("c_api")
        .join(test);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clean scratch dir");
    }
    let lib_dir = soname_links(&dir);
    (dir, lib_dir)
}

fn harness_sources() -> Vec<PathBuf> {
    let dir = manifest_dir().join("tests").join("c");
    let mut sources: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension() == Some(OsStr::new("c")))
        .collect();
    sources.sort();
    assert!(
        sources.iter().any(|p| p.ends_with("harness.c")),
        "tests/c/harness.c is missing"
    );
    sources
}

/// gcc with the harness flags, include paths and the expected version.
fn gcc_harness(extra: &[&str]) -> Command {
    let mut cmd = Command::new("gcc");
    cmd.args(C_FLAGS)
        .args(["-g", "-O1", "-pthread"])
        .arg(format!("-DVIFXML_EXPECTED_VERSION=\"{PKG_VERSION}\""))
        .arg("-I")
        .arg(manifest_dir().join("include"))
        .arg("-I")
        .arg(manifest_dir().join("tests").join("c"))
        .args(extra)
        .args(harness_sources());
    cmd
}

/// Links against lib_dir's libvifxml.so and finds libvifxml.so.0 there at
/// run time.
fn link_shared(cmd: &mut Command, lib_dir: &Path) {
    cmd.arg("-L")
        .arg(lib_dir)
        .arg("-lvifxml")
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()));
}

/// A program's environment: no LD_LIBRARY_PATH from cargo, so the rpath
/// decides which library is loaded.
fn program(path: &Path) -> Command {
    let mut cmd = Command::new(path);
    cmd.env_remove("LD_LIBRARY_PATH");
    cmd
}

/// Runs the harness (possibly through a wrapper) and checks its verdict.
fn check_harness_run(out: &Output, what: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    let counts: Vec<u64> = last
        .strip_suffix(" failed")
        .and_then(|s| s.split_once(" passed, "))
        .and_then(|(p, f)| Some(vec![p.parse().ok()?, f.parse().ok()?]))
        .unwrap_or_default();
    assert!(
        out.status.success() && counts.len() == 2 && counts[1] == 0,
        "{what}: the C harness failed\n{}",
        show(out)
    );
    // The harness holds well over a thousand checks; far fewer means it
    // stopped running some of them.
    assert!(
        counts[0] >= 1000,
        "{what}: only {} checks ran\n{}",
        counts[0],
        show(out)
    );
    println!("{what}: {last}");
}

/// The harness built once against the shared library (used by the plain
/// run and the valgrind run).
fn plain_harness() -> &'static Path {
    static HARNESS: OnceLock<PathBuf> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let (dir, lib_dir) = scratch("plain");
        let exe = dir.join("harness");
        let mut cmd = gcc_harness(&[]);
        cmd.arg("-o").arg(&exe);
        link_shared(&mut cmd, &lib_dir);
        run_ok(&mut cmd, "building the C harness");
        exe
    })
}

/// A program that leaks strings allocated by the library, to prove that a
/// leak checker sees allocations made inside libvifxml.so.
const LEAK_CANARY: &str = r#"#include <string.h>
#include "vifxml.h"
int main(void) {
    static const char xml[] =
        "<interface type='bridge'><source bridge='br0'/></interface>";
    int i;
    for (i = 0; i < 16; i++) {
        char *vif = NULL;
        if (vifxml_interface_to_vif(xml, strlen(xml), NULL, &vif, NULL) != 0)
            return 3;
        memset(&vif, 0, sizeof vif); /* forget it: leaked */
    }
    return 0;
}
"#;

/// Whether gcc links a program with `san` (its ASan and UBSan runtimes,
/// libasan and libubsan, are packaged apart from gcc itself); otherwise the
/// test is skipped with a notice (a failure under CI).
#[track_caller]
fn sanitizer_runtimes(san: &[&str]) -> bool {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("c_api")
        .join("sanitizer-probe");
    fs::create_dir_all(&dir).expect("create the probe directory");
    let src = dir.join("probe.c");
    fs::write(&src, "int main(void) { return 0; }\n").expect("write the probe");
    let linked = !common::pretend_missing("sanitizers")
        && run(Command::new("gcc")
            .args(san)
            .arg(&src)
            .arg("-o")
            .arg(dir.join("probe")))
        .status
        .success();
    if !linked {
        skip(
            "gcc's sanitizer runtimes (libasan, libubsan)",
            "libasan8 libubsan1",
        );
    }
    linked
}

fn build_canary(dir: &Path, lib_dir: &Path, extra: &[&str]) -> PathBuf {
    let src = dir.join("leak_canary.c");
    fs::write(&src, LEAK_CANARY).expect("write canary");
    let exe = dir.join("leak_canary");
    let mut cmd = Command::new("gcc");
    cmd.args(C_FLAGS)
        .args(["-g", "-O0"])
        .args(extra)
        .arg("-I")
        .arg(manifest_dir().join("include"))
        .arg(&src)
        .arg("-o")
        .arg(&exe);
    link_shared(&mut cmd, lib_dir);
    run_ok(&mut cmd, "building the leak canary");
    exe
}

// ---------------------------------------------------------------------------
// tests

#[test]
fn c_harness_passes() {
    if !tools(&["gcc", "readelf"]) {
        return;
    }
    let exe = plain_harness();
    // The harness records the soname, not the file name it was linked with.
    let dynamic = run_ok(
        Command::new("readelf").arg("-d").arg(exe),
        "readelf -d harness",
    );
    let dynamic = String::from_utf8_lossy(&dynamic.stdout);
    assert!(
        dynamic.contains(&format!("Shared library: [{SONAME}]")),
        "the harness does not need {SONAME}:\n{dynamic}"
    );
    let out = run(&mut program(exe));
    check_harness_run(&out, "C harness");
}

#[test]
fn c_harness_under_sanitizers() {
    const SAN: &[&str] = &[
        "-fsanitize=address,undefined",
        "-fno-omit-frame-pointer",
        "-fno-sanitize-recover=all",
    ];
    const ASAN_OPTIONS: &str = "detect_leaks=1:halt_on_error=1:strict_string_checks=1:\
                                check_initialization_order=1:detect_stack_use_after_return=1";
    const UBSAN_OPTIONS: &str = "print_stacktrace=1:halt_on_error=1";
    if !tools(&["gcc"]) || !sanitizer_runtimes(SAN) {
        return;
    }
    let (dir, lib_dir) = scratch("sanitizers");

    // The canary: LeakSanitizer must report the library's strings it leaks
    // (the library is not instrumented; its malloc is intercepted).
    let canary = build_canary(&dir, &lib_dir, SAN);
    let out = run(program(&canary)
        .env("ASAN_OPTIONS", ASAN_OPTIONS)
        .env("UBSAN_OPTIONS", UBSAN_OPTIONS));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("detected memory leaks"),
        "LeakSanitizer did not report the canary's leaks, so it could not vouch for the \
         harness\n{}",
        show(&out)
    );

    let exe = dir.join("harness-asan");
    let mut cmd = gcc_harness(SAN);
    cmd.arg("-o").arg(&exe);
    link_shared(&mut cmd, &lib_dir);
    run_ok(&mut cmd, "building the C harness with sanitizers");
    let out = run(program(&exe)
        .env("ASAN_OPTIONS", ASAN_OPTIONS)
        .env("UBSAN_OPTIONS", UBSAN_OPTIONS));
    check_harness_run(&out, "C harness (ASan+UBSan+LSan)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("Sanitizer") && !stderr.contains("runtime error"),
        "sanitizer reports:\n{}",
        show(&out)
    );
}

#[test]
fn c_harness_under_valgrind() {
    if !tools(&["gcc", "valgrind"]) {
        return;
    }
    let valgrind = |exe: &Path| {
        let mut cmd = Command::new("valgrind");
        cmd.env_remove("LD_LIBRARY_PATH")
            .args([
                "--quiet",
                "--leak-check=full",
                "--show-leak-kinds=definite,indirect,possible",
                "--errors-for-leak-kinds=definite,indirect,possible",
                "--error-exitcode=1",
            ])
            .arg(exe);
        run(&mut cmd)
    };

    let (dir, lib_dir) = scratch("valgrind");
    let canary = build_canary(&dir, &lib_dir, &[]);
    let out = valgrind(&canary);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() == Some(1) && stderr.contains("definitely lost"),
        "valgrind did not report the canary's leaks, so it could not vouch for the harness\n{}",
        show(&out)
    );

    let out = valgrind(plain_harness());
    check_harness_run(&out, "C harness (valgrind)");
}

#[test]
fn c_harness_links_statically() {
    if !tools(&["gcc", "readelf"]) {
        return;
    }
    let archive = cdylib().with_file_name("libvifxml.a");
    assert!(archive.exists(), "{} was not built", archive.display());
    let (dir, _) = scratch("static");
    let exe = dir.join("harness-static");
    let mut cmd = gcc_harness(&[]);
    cmd.arg("-o")
        .arg(&exe)
        .arg(&archive)
        .args(["-lpthread", "-ldl", "-lm", "-lrt", "-lutil"]);
    run_ok(&mut cmd, "linking the C harness with libvifxml.a");
    // No libvifxml.so is needed now.
    let dynamic = run_ok(Command::new("readelf").arg("-d").arg(&exe), "readelf -d");
    let dynamic = String::from_utf8_lossy(&dynamic.stdout);
    assert!(
        !dynamic.contains("libvifxml"),
        "static harness still needs libvifxml:\n{dynamic}"
    );
    let out = run(&mut program(&exe));
    check_harness_run(&out, "C harness (static)");
}

#[test]
fn header_compiles_as_cxx() {
    if !tools(&["g++"]) {
        return;
    }
    let (dir, lib_dir) = scratch("cxx");
    let exe = dir.join("cxx_header");
    let mut cmd = Command::new("g++");
    cmd.args(["-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic"])
        .arg("-I")
        .arg(manifest_dir().join("include"))
        .arg(
            manifest_dir()
                .join("tests")
                .join("c")
                .join("cxx_header.cpp"),
        )
        .arg("-o")
        .arg(&exe);
    link_shared(&mut cmd, &lib_dir);
    run_ok(&mut cmd, "compiling include/vifxml.h as C++");
    let out = run(&mut program(&exe));
    assert!(
        out.status.success(),
        "the C++ program failed\n{}",
        show(&out)
    );
}

/// Function names declared in the header: identifiers `vifxml_…` directly
/// followed by `(`, outside comments.
fn header_functions() -> BTreeSet<String> {
    let path = manifest_dir().join("include").join("vifxml.h");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let code = strip_c_comments(&text);
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut names = BTreeSet::new();
    let mut i = 0;
    while let Some(pos) = code[i..].find("vifxml_") {
        let start = i + pos;
        let mut end = start;
        while end < bytes.len() && is_ident(bytes[end]) {
            end += 1;
        }
        let preceded = start > 0 && is_ident(bytes[start - 1]);
        let mut next = end;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        if !preceded && next < bytes.len() && bytes[next] == b'(' {
            names.insert(code[start..end].to_string());
        }
        i = end.max(start + 1);
    }
    names
}

fn strip_c_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |e| &after[e + 2..]);
            out.push(' ');
        } else if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |e| &after[e..]);
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn header_declares_the_spec_functions() {
    let declared = header_functions();
    let spec: BTreeSet<String> = SPEC_FUNCTIONS
        .iter()
        .chain(SPEC_FUNCTIONS_0_2)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        declared,
        spec,
        "include/vifxml.h does not declare exactly the functions of SPEC §7 and §8\n\
         declared, not expected: {:?}\nexpected, not declared: {:?}",
        declared.difference(&spec).collect::<Vec<_>>(),
        spec.difference(&declared).collect::<Vec<_>>()
    );
}

/// libvifxml.map, the linker version script of the shared library `make`
/// links: `(node, parent, symbols)` in order.
fn version_script_nodes() -> Vec<(String, Option<String>, Vec<String>)> {
    let path = manifest_dir().join("libvifxml.map");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let code = strip_c_comments(&text)
        .replace('{', " { ")
        .replace('}', " } ")
        .replace(';', " ; ")
        .replace(':', " : ");
    let mut words = code.split_whitespace();
    let mut nodes = Vec::new();
    while let Some(node) = words.next() {
        assert_eq!(words.next(), Some("{"), "libvifxml.map: {node}");
        let mut symbols = Vec::new();
        let mut local = false;
        loop {
            match words.next().expect("libvifxml.map: unclosed node") {
                "}" => break,
                ";" | ":" => {}
                "global" => local = false,
                "local" => local = true,
                "*" if local => {}
                sym => {
                    assert!(!local, "libvifxml.map: only `local: *;`, not {sym}");
                    symbols.push(sym.to_string());
                }
            }
        }
        let parent = match words.next().expect("libvifxml.map: `;` after a node") {
            ";" => None,
            parent => {
                assert_eq!(words.next(), Some(";"));
                Some(parent.to_string())
            }
        };
        nodes.push((node.to_string(), parent, symbols));
    }
    nodes
}

/// The version script gives the 0.1 functions VIFXML_0.1 and those of 0.2
/// VIFXML_0.2 (SPEC §8.4), each exactly once; tests/install.rs checks that
/// the linked library carries them.
#[test]
fn version_script_nodes_are_the_spec_functions() {
    let nodes = version_script_nodes();
    let sorted = |list: &[&str]| {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    let got: Vec<(String, Option<String>, Vec<String>)> = nodes
        .into_iter()
        .map(|(node, parent, mut symbols)| {
            symbols.sort();
            (node, parent, symbols)
        })
        .collect();
    let want = vec![
        ("VIFXML_0.1".to_string(), None, sorted(SPEC_FUNCTIONS)),
        (
            "VIFXML_0.2".to_string(),
            Some("VIFXML_0.1".to_string()),
            sorted(SPEC_FUNCTIONS_0_2),
        ),
    ];
    assert_eq!(got, want, "libvifxml.map: (node, parent, functions)");
}

/// `#define NAME VALUE` of include/vifxml.h, by name.
fn header_macro(name: &str) -> String {
    let path = manifest_dir().join("include").join("vifxml.h");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    text.lines()
        .find_map(|l| {
            let mut words = l.split_whitespace();
            (words.next() == Some("#define") && words.next() == Some(name))
                .then(|| words.collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| panic!("include/vifxml.h does not #define {name}"))
}

#[test]
fn version_and_limit_macros_are_cargo_and_rust_values() {
    for (name, value) in [
        ("VIFXML_VERSION_MAJOR", env!("CARGO_PKG_VERSION_MAJOR")),
        ("VIFXML_VERSION_MINOR", env!("CARGO_PKG_VERSION_MINOR")),
        ("VIFXML_VERSION_PATCH", env!("CARGO_PKG_VERSION_PATCH")),
    ] {
        assert_eq!(header_macro(name), value, "{name}");
    }
    assert_eq!(
        header_macro("VIFXML_VERSION_STRING"),
        format!("\"{PKG_VERSION}\"")
    );
    let part = |v: &str| v.parse::<u32>().expect("a number");
    assert_eq!(
        vifxml::ffi::vifxml_version_number(),
        part(env!("CARGO_PKG_VERSION_MAJOR")) << 16
            | part(env!("CARGO_PKG_VERSION_MINOR")) << 8
            | part(env!("CARGO_PKG_VERSION_PATCH"))
    );

    // The limits C callers are told are the ones the Rust code enforces.
    assert_eq!(
        header_macro("VIFXML_MAX_INPUT_BYTES"),
        vifxml::MAX_INPUT_BYTES.to_string()
    );
    assert_eq!(
        header_macro("VIFXML_MAX_DEPTH"),
        vifxml::MAX_DEPTH.to_string()
    );
    assert_eq!(vifxml::ffi::VIFXML_MAX_INPUT_BYTES, vifxml::MAX_INPUT_BYTES);
    assert_eq!(vifxml::ffi::VIFXML_MAX_DEPTH, vifxml::MAX_DEPTH);
    assert_eq!(vifxml::MAX_INPUT_BYTES, 256 << 20, "SPEC: 256 MiB");
    assert_eq!(vifxml::MAX_DEPTH, 256);
}

#[test]
fn exports_are_exactly_the_header_functions() {
    if !tools(&["nm"]) {
        return;
    }
    let out = run_ok(
        Command::new("nm")
            .args(["-D", "--defined-only"])
            .arg(cdylib()),
        "nm -D --defined-only",
    );
    let exported: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .map(|sym| sym.split('@').next().unwrap_or(sym).to_string())
        .filter(|sym| !sym.is_empty())
        .collect();
    let declared = header_functions();
    assert!(
        !declared.is_empty(),
        "no functions found in include/vifxml.h"
    );
    let extra: Vec<_> = exported.difference(&declared).collect();
    let missing: Vec<_> = declared.difference(&exported).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "dynamic symbols of {} differ from the header's functions\n  exported but not declared: \
         {extra:?}\n  declared but not exported: {missing:?}",
        cdylib().display()
    );
}

#[test]
fn soname_is_libvifxml_so_0() {
    if !tools(&["readelf"]) {
        return;
    }
    let out = run_ok(
        Command::new("readelf").arg("-d").arg(cdylib()),
        "readelf -d",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let sonames: Vec<&str> = text.lines().filter(|l| l.contains("(SONAME)")).collect();
    assert_eq!(
        sonames.len(),
        1,
        "expected one SONAME entry in {}:\n{text}",
        cdylib().display()
    );
    assert!(
        sonames[0].contains(&format!("Library soname: [{SONAME}]")),
        "wrong soname: {}",
        sonames[0]
    );
}

/// The skip path itself (tests/common/mod.rs, `skip`), run on this test
/// binary: with valgrind pretended missing, the valgrind check passes with its
/// notice on stderr, where `cargo test` shows it; with CI set it fails.
#[test]
fn a_missing_tool_is_a_visible_skip_and_a_failure_under_ci() {
    const TEST: &str = "c_harness_under_valgrind";
    let run_without_valgrind = |ci: Option<&str>| {
        let exe = env::current_exe().expect("current_exe");
        let mut cmd = Command::new(exe);
        cmd.args(["--exact", TEST, "--test-threads=1"])
            .env("VIFXML_TEST_MISSING", "valgrind");
        match ci {
            Some(value) => cmd.env("CI", value),
            None => cmd.env_remove("CI"),
        };
        run(&mut cmd)
    };
    let notice = format!("SKIPPED {TEST}: valgrind not found (install valgrind)\n");
    for ci in [None, Some("false"), Some("0")] {
        let out = run_without_valgrind(ci);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success()
                && stdout.contains(&format!("test {TEST} ... ok"))
                && String::from_utf8_lossy(&out.stderr) == notice,
            "CI={ci:?}: expected a pass with exactly the notice {notice:?} on stderr\n{}",
            show(&out)
        );
    }
    let out = run_without_valgrind(Some("true"));
    let all = show(&out);
    assert!(
        !out.status.success()
            && all.contains(&format!("test {TEST} ... FAILED"))
            && all.contains(&format!(
                "{TEST}: valgrind not found, and CI is set, where every tool must be present \
                 (install valgrind; .ci/run does)"
            ))
            && !all.contains("SKIPPED"),
        "CI=true: a missing tool must fail the test\n{all}"
    );
}
