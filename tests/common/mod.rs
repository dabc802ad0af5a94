//! What the integration tests share: the CI switch and the one way to skip a
//! check whose tool is missing, running commands, the conformance cases, the
//! freshly built shared library under its soname (for the tests that build C
//! programs), and a C options object (for those that call the C API in process).

#![allow(dead_code)] // each test binary uses its own part of this module

use std::collections::BTreeSet;
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Under CI a missing tool or peer fails a test instead of skipping it: `CI` is
/// set to anything but empty, `0` or `false` (.ci/run sets `CI=true`).
pub fn in_ci() -> bool {
    match env::var("CI") {
        Ok(v) => !v.is_empty() && v != "0" && v != "false",
        Err(_) => false,
    }
}

/// The name of the running test: libtest runs each test on a thread named
/// after it (with `--test-threads=1` too).
pub fn test_name() -> String {
    std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("<test>")
        .to_string()
}

/// Whether the environment variable `VIFXML_TEST_MISSING` (a comma-separated
/// list) names `tool`: the tests then behave as if it were not installed, so
/// that the skip path can be seen without uninstalling anything, e.g.
/// `VIFXML_TEST_MISSING=valgrind,xmllint cargo test`.
pub fn pretend_missing(tool: &str) -> bool {
    env::var("VIFXML_TEST_MISSING").is_ok_and(|list| list.split(',').any(|t| t.trim() == tool))
}

/// The one way a test gives up because something it needs is missing: `what`
/// (a command, a library, a file) and the Debian package(s) that `install`.
///
/// Outside CI it writes `SKIPPED <test>: <what> not found (install <install>)`
/// to the process's standard error itself — libtest captures `println!` and
/// `eprintln!` of a passing test, so a note printed that way would never be
/// seen — and returns; the caller then returns, and the test shows as `ok`
/// with the notice above it. Under CI ([`in_ci`]) it panics instead: CI
/// installs every tool (.ci/run), so a missing one is a failure there.
#[track_caller]
pub fn skip(what: &str, install: &str) {
    let test = test_name();
    if in_ci() {
        panic!(
            "{test}: {what} not found, and CI is set, where every tool must be present \
             (install {install}; .ci/run does)"
        );
    }
    let notice = format!("SKIPPED {test}: {what} not found (install {install})\n");
    // Straight to the process's stderr, past libtest's capture; one write, so
    // notices of tests running in parallel do not interleave.
    let _ = std::io::stderr().lock().write_all(notice.as_bytes());
}

/// Whether `cmd arg` runs and exits 0 (and `cmd` is not pretended missing).
pub fn have_command(cmd: &str, arg: &str) -> bool {
    !pretend_missing(cmd)
        && Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
}

/// True if `tool --version` runs; otherwise [`skip`]s (a failure under CI)
/// naming the Debian `package` that installs it, and returns false.
#[track_caller]
pub fn need_tool(tool: &str, package: &str) -> bool {
    let found = have_command(tool, "--version");
    if !found {
        skip(tool, package);
    }
    found
}

/// Like [`need_tool`] for several tools: every one is looked at, so that the
/// notices name all the missing ones.
#[track_caller]
pub fn need_tools(tools: &[(&str, &str)]) -> bool {
    let mut all = true;
    for (tool, package) in tools {
        all &= need_tool(tool, package);
    }
    all
}

/// True if `path` is a file; otherwise [`skip`]s naming it and the Debian
/// `package` that installs it (`tool` is its name for `VIFXML_TEST_MISSING`).
#[track_caller]
pub fn need_file(tool: &str, path: &Path, package: &str) -> bool {
    let found = !pretend_missing(tool) && path.is_file();
    if !found {
        skip(&path.display().to_string(), package);
    }
    found
}

/// The libvirt-derived conformance cases, kept in the repository with their
/// provenance (tests/data/conformance/README.md); `VIFXML_CONFORMANCE` may name
/// another file in the same format.
pub fn conformance_file() -> PathBuf {
    env::var_os("VIFXML_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            manifest_dir()
                .join("tests")
                .join("data")
                .join("conformance")
                .join("libvirt.jsonl")
        })
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>`: the parent of the `deps` directory this test runs from.
pub fn profile_dir() -> PathBuf {
    let exe = env::current_exe().expect("current_exe");
    let deps = exe.parent().expect("test exe has a parent");
    assert_eq!(
        deps.file_name(),
        Some(OsStr::new("deps")),
        "tests run from target/<profile>/deps"
    );
    deps.parent().expect("deps has a parent").to_path_buf()
}

/// Runs a command, panicking if it cannot be started.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// A command's exit status and output, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs a command that must succeed.
pub fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{what} failed: {cmd:?}\n{}",
        show(&out)
    );
    out
}

/// This profile's `libvifxml.so`. `cargo build --lib` runs once per test process
/// (a no-op when up to date), so a stale library from an earlier build is never
/// the one tested.
pub fn cdylib() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let profile = profile_dir();
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(manifest_dir())
            .args(["build", "--lib", "--quiet"]);
        match profile.file_name().and_then(OsStr::to_str) {
            Some("debug") | None => {}
            Some("release") => {
                cmd.arg("--release");
            }
            Some(other) => {
                cmd.args(["--profile", other]);
            }
        }
        if let Some(target) = profile.parent() {
            cmd.arg("--target-dir").arg(target);
        }
        run_ok(&mut cmd, "cargo build --lib (to produce libvifxml.so)");
        let so = profile.join("libvifxml.so");
        assert!(so.is_file(), "{} was not built", so.display());
        so
    })
}

/// `dir/lib` holding `libvifxml.so` and `libvifxml.so.0` (the name the loader
/// looks for) as links to [`cdylib`], for `-L`, `-lvifxml` and an rpath.
pub fn soname_links(dir: &Path) -> PathBuf {
    let lib = cdylib();
    let lib_dir = dir.join("lib");
    fs::create_dir_all(&lib_dir).unwrap_or_else(|e| panic!("create {}: {e}", lib_dir.display()));
    for name in ["libvifxml.so", "libvifxml.so.0"] {
        let link = lib_dir.join(name);
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(lib, &link)
            .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
    }
    lib_dir
}

/// Builds the C program `source` into `work` with the project's strict flags
/// (C99, `-Wall -Wextra -Werror -pedantic`), against the committed header and
/// the freshly built library ([`soname_links`], with an rpath), plus `extra`
/// (pkg-config flags of a peer). Fails the test if gcc does.
pub fn build_c_program(work: &Path, source: &Path, extra: &[String]) -> PathBuf {
    let include = manifest_dir().join("include");
    assert!(
        include.join("vifxml.h").is_file(),
        "{} not found",
        include.join("vifxml.h").display()
    );
    let lib = soname_links(work);
    let stem = source.file_stem().expect("a C file name");
    let exe = work.join(stem);
    let mut cmd = Command::new("gcc");
    cmd.args([
        "-std=c99",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-pedantic",
        "-g",
        "-O1",
    ])
    .arg("-I")
    .arg(&include)
    .arg("-o")
    .arg(&exe)
    .arg(source)
    .arg("-L")
    .arg(&lib)
    .arg("-lvifxml")
    .arg(format!("-Wl,-rpath,{}", lib.display()))
    .args(extra);
    let out = run(&mut cmd);
    assert!(
        out.status.success(),
        "gcc {} failed:\n{cmd:?}\n{}",
        source.display(),
        show(&out)
    );
    exe
}

/// Every file and symlink under `dir`, relative to it (directories left out).
pub fn files_under(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in fs::read_dir(dir).into_iter().flatten() {
            let entry = entry.expect("readable directory entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                out.insert(rel.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// A C API options object for `dialect`, with the network `default` → `virbr0`
/// in its table; freed on drop.
pub struct COptions(pub *mut vifxml::ffi::vifxml_options);

// SAFETY: SPEC §7 — conversions only read the options (and a resolver must be
// thread-safe); the tests set them up before sharing them and change nothing
// while threads use them.
unsafe impl Send for COptions {}
// SAFETY: as above.
unsafe impl Sync for COptions {}

impl COptions {
    pub fn new(dialect: vifxml::Dialect) -> COptions {
        use vifxml::ffi::*;
        let d = match dialect {
            vifxml::Dialect::Xl => VIFXML_DIALECT_XL,
            vifxml::Dialect::Xm => VIFXML_DIALECT_XM,
            vifxml::Dialect::Sxpr => VIFXML_DIALECT_SXPR,
        };
        let p = vifxml_options_new();
        assert!(!p.is_null());
        // SAFETY: a live options pointer and NUL-terminated strings.
        unsafe {
            assert_eq!(vifxml_options_set_dialect(p, d), VIFXML_STATUS_OK);
            assert_eq!(
                vifxml_options_add_network(p, c"default".as_ptr(), c"virbr0".as_ptr()),
                VIFXML_STATUS_OK
            );
        }
        COptions(p)
    }
}

impl Drop for COptions {
    fn drop(&mut self) {
        // SAFETY: from vifxml_options_new, freed once (after any threads joined).
        unsafe { vifxml::ffi::vifxml_options_free(self.0) }
    }
}

/// Writes a line straight to the process's standard error, past libtest's
/// output capture (which only sees `print!`/`eprint!`), so that a person
/// running `cargo test` sees it even when the test passes.
pub fn tell(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// True when every tool runs (`tool --version`). Otherwise a missing tool
/// fails the test under CI and is a visible skip of `what` elsewhere.
pub fn have_tools(what: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| {
            !Command::new(tool)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        !in_ci(),
        "{what}: {missing:?} not found on PATH and CI is set: .ci/run installs them"
    );
    tell(&format!(
        "SKIPPED {what}: {} not installed (required in CI; .ci/run installs it)",
        missing.join(", ")
    ));
    false
}
