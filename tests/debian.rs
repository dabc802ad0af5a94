//! The Debian packages, built as a distribution would build them (debian/):
//!
//! 1. a clean copy of the committed tree (`git archive HEAD`: what is not
//!    committed is not tested), its crates vendored with `make vendor`;
//! 2. `dpkg-buildpackage -us -uc -b` in it: offline from vendor/ (a private
//!    CARGO_HOME, `--offline`), the symbols file checked at level 4; with the
//!    build profile `pkg.vifxml.rustup` when cargo and rustc are not dpkg's;
//! 3. `lintian` on the result: any error fails, warnings are printed;
//! 4. the three packages unpacked into a scratch root (`dpkg-deb -x`): the
//!    files of each, the installed symbols file, and the packaged library's
//!    symbol versions;
//! 5. against that root, with pkg-config alone (PKG_CONFIG_SYSROOT_DIR and
//!    PKG_CONFIG_LIBDIR into it): vifxml(3)'s example shared and static, the
//!    examples' vifxml-convert (c-examples, `make USE_PKG_CONFIG=1 check`),
//!    and the packaged vifxml-convert on the same checks.
//!
//! The first run builds everything in release (a few minutes); later runs
//! reuse the cargo target directory under target/tmp/debian. Tools: git,
//! dpkg-buildpackage (dpkg-dev), debhelper, lintian, make, cc, pkg-config,
//! readelf; a missing one skips the test with a notice on the terminal, or
//! fails it when CI is set.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{files_under, have_tools, in_ci, manifest_dir, run, run_ok, show, tell};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const PROFILE: &str = "pkg.vifxml.rustup";

fn scratch() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("debian")
}

/// A command for the package build: none of cargo test's or a surrounding
/// make's variables leak into it.
fn clean_command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("CARGO_")
            || key.starts_with("DEB_")
            || key.starts_with("DPKG_")
            || key.starts_with("PKG_CONFIG")
            || matches!(
                key.as_str(),
                "MAKEFLAGS" | "MFLAGS" | "MAKELEVEL" | "LD_LIBRARY_PATH" | "RUSTFLAGS"
            )
        {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// `git archive HEAD` of this repository, unpacked into `dest`.
fn export_committed_tree(dest: &Path) -> bool {
    let root = manifest_dir();
    let inside = Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(&root)
        .output()
        .is_ok_and(|o| o.status.success());
    if !inside {
        assert!(!in_ci(), "CI runs in a git checkout");
        tell("SKIPPED the Debian package test: not a git checkout (it builds the committed tree)");
        return false;
    }
    fs::create_dir_all(dest).expect("scratch dir");
    let archive = dest.with_extension("tar");
    run_ok(
        Command::new("git")
            .args(["archive", "--format=tar", "-o"])
            .arg(&archive)
            .arg("HEAD")
            .current_dir(&root),
        "git archive HEAD",
    );
    run_ok(
        Command::new("tar")
            .arg("-xf")
            .arg(&archive)
            .arg("-C")
            .arg(dest),
        "unpacking the committed tree",
    );
    let _ = fs::remove_file(&archive);
    let dirty = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .current_dir(&root)
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    if dirty {
        tell("NOTE the Debian package test builds the committed tree (HEAD); uncommitted changes are not in it");
    }
    true
}

/// The profile dpkg-buildpackage needs: none when dpkg's cargo and rustc
/// satisfy Build-Depends, `pkg.vifxml.rustup` when the toolchain is not
/// dpkg's; None (after a skip notice) when debhelper is missing.
fn build_profile(src: &Path) -> Option<Vec<String>> {
    let plain = run(clean_command("dpkg-checkbuilddeps").current_dir(src));
    if plain.status.success() {
        return Some(Vec::new());
    }
    let profiled = run(clean_command("dpkg-checkbuilddeps")
        .arg(format!("-P{PROFILE}"))
        .current_dir(src));
    if profiled.status.success() {
        return Some(vec![format!("-P{PROFILE}")]);
    }
    assert!(
        !in_ci(),
        "the Debian build dependencies are missing and CI is set (.ci/run installs \
         debhelper):\n{}",
        show(&profiled)
    );
    tell(&format!(
        "SKIPPED the Debian package test: build dependencies missing: {}",
        String::from_utf8_lossy(&profiled.stderr).trim()
    ));
    None
}

/// The .deb files in `dir`, less the automatic -dbgsym packages.
fn deb_files(dir: &Path) -> Vec<PathBuf> {
    let mut debs: Vec<PathBuf> = fs::read_dir(dir)
        .expect("read scratch dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .filter(|p| !p.to_string_lossy().contains("-dbgsym_"))
        .collect();
    debs.sort();
    debs
}

fn stdout_of(cmd: &mut Command, what: &str) -> String {
    String::from_utf8(run_ok(cmd, what).stdout).expect("UTF-8 output")
}

/// The NEEDED entries of an ELF file.
fn needed(path: &Path) -> Vec<String> {
    stdout_of(Command::new("readelf").arg("-d").arg(path), "readelf -d")
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| {
            l.split_once('[')?
                .1
                .split_once(']')
                .map(|(v, _)| v.to_string())
        })
        .collect()
}

/// Runs a shell line with pkg-config pointed into the unpacked root.
fn sh_in_root(root: &Path, multiarch: &str, dir: &Path, line: &str) -> Output {
    let mut cmd = clean_command("sh");
    cmd.args(["-e", "-c", line])
        .current_dir(dir)
        .env("PKG_CONFIG_SYSROOT_DIR", root)
        .env(
            "PKG_CONFIG_LIBDIR",
            root.join("usr/lib").join(multiarch).join("pkgconfig"),
        );
    run(&mut cmd)
}

#[test]
fn debian_packages_build_pass_lintian_and_work() {
    if !have_tools(
        "the Debian package test",
        &[
            "git",
            "tar",
            "dpkg-buildpackage",
            "dpkg-checkbuilddeps",
            "dpkg-deb",
            "dpkg-architecture",
            "lintian",
            "make",
            "cc",
            "pkg-config",
            "readelf",
        ],
    ) {
        return;
    }
    let scratch = scratch();
    let build_dir = scratch.join("build");
    let src = build_dir.join(format!("vifxml-{VERSION}"));
    // The tree and the packages are new each time; cargo's target directory
    // (beside them) is kept, so that a second run does not rebuild the crates.
    let _ = fs::remove_dir_all(&build_dir);
    if !export_committed_tree(&src) {
        return;
    }
    let Some(profile) = build_profile(&src) else {
        return;
    };

    // Vendor the crates (from cargo's cache, or crates.io), then build offline.
    let out = run(clean_command("make").arg("vendor").current_dir(&src).env(
        "CARGO",
        std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
    ));
    assert!(out.status.success(), "make vendor\n{}", show(&out));
    let log_path = build_dir.join("dpkg-buildpackage.log");
    let log = fs::File::create(&log_path).expect("log file");
    let status = clean_command("dpkg-buildpackage")
        .args(["-us", "-uc", "-b"])
        .args(&profile)
        .current_dir(&src)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .stdout(log.try_clone().expect("log file"))
        .stderr(log)
        .status()
        .expect("dpkg-buildpackage runs");
    let log = fs::read_to_string(&log_path).unwrap_or_default();
    let tail: Vec<&str> = log.lines().rev().take(60).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    assert!(
        status.success(),
        "dpkg-buildpackage -us -uc -b {profile:?} failed (log: {log_path:?}):\n{}",
        tail.join("\n")
    );
    assert!(
        log.contains("building offline from vendor/"),
        "debian/rules built offline from vendor/"
    );
    assert!(
        !log.contains("dpkg-gensymbols: warning"),
        "dpkg-gensymbols: debian/libvifxml0.symbols is not the library's \
         (make -s debian-symbols > debian/libvifxml0.symbols):\n{}",
        log.lines()
            .skip_while(|l| !l.contains("dpkg-gensymbols"))
            .take(40)
            .collect::<Vec<_>>()
            .join("\n")
    );

    let debs = deb_files(&build_dir);
    let names: BTreeSet<String> = debs
        .iter()
        .map(|p| {
            let file = p.file_name().unwrap().to_string_lossy().into_owned();
            file.split('_').next().unwrap_or("").to_string()
        })
        .collect();
    for package in ["libvifxml0", "libvifxml-dev", "vifxml-tools"] {
        assert!(names.contains(package), "{package} was built: {debs:?}");
    }

    // lintian: errors fail, everything else is shown.
    let changes = fs::read_dir(&build_dir)
        .expect("build dir")
        .map(|e| e.expect("dir entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "changes"))
        .expect("dpkg-buildpackage wrote a .changes file");
    let lintian = run(clean_command("lintian")
        .args(["--fail-on", "error", "--display-info"])
        .arg(&changes));
    let report = String::from_utf8_lossy(&lintian.stdout).into_owned();
    let errors: Vec<&str> = report.lines().filter(|l| l.starts_with("E: ")).collect();
    assert!(
        lintian.status.success() && errors.is_empty(),
        "lintian reports errors:\n{}",
        show(&lintian)
    );
    let others: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("W: ") || l.starts_with("I: "))
        .collect();
    if !others.is_empty() {
        tell(&format!(
            "NOTE lintian on the Debian packages (no errors):\n{}",
            others.join("\n")
        ));
    }

    // Unpack into a scratch root.
    let root = build_dir.join("root");
    let multiarch = stdout_of(
        clean_command("dpkg-architecture").arg("-qDEB_HOST_MULTIARCH"),
        "dpkg-architecture",
    )
    .trim()
    .to_string();
    let libdir = format!("usr/lib/{multiarch}");
    for deb in &debs {
        let package = deb.file_name().unwrap().to_string_lossy().into_owned();
        let package = package.split('_').next().unwrap_or("").to_string();
        let own = build_dir.join("unpacked").join(&package);
        fs::create_dir_all(&own).expect("unpack dir");
        fs::create_dir_all(&root).expect("root dir");
        run_ok(
            Command::new("dpkg-deb").arg("-x").arg(deb).arg(&own),
            "dpkg-deb -x",
        );
        run_ok(
            Command::new("dpkg-deb").arg("-x").arg(deb).arg(&root),
            "dpkg-deb -x",
        );
        let files: BTreeSet<String> = files_under(&own)
            .into_iter()
            .filter(|f| !f.starts_with("usr/share/doc/"))
            .collect();
        let want: BTreeSet<String> = match package.as_str() {
            "libvifxml0" => [
                format!("{libdir}/libvifxml.so.0"),
                format!("{libdir}/libvifxml.so.{VERSION}"),
                "usr/share/lintian/overrides/libvifxml0".to_string(),
            ]
            .into(),
            "libvifxml-dev" => [
                "usr/include/vifxml.h".to_string(),
                format!("{libdir}/libvifxml.a"),
                format!("{libdir}/libvifxml.so"),
                format!("{libdir}/pkgconfig/vifxml.pc"),
                format!("{libdir}/pkgconfig/vifxml-static.pc"),
                "usr/share/man/man3/vifxml.3.gz".to_string(),
            ]
            .into(),
            "vifxml-tools" => [
                "usr/bin/vifxml-convert".to_string(),
                "usr/share/man/man1/vifxml-convert.1.gz".to_string(),
            ]
            .into(),
            other => panic!("unexpected package {other}"),
        };
        assert_eq!(files, want, "the files of {package}");
    }

    // The installed symbols file is debian/libvifxml0.symbols, and the
    // packaged library carries those versions.
    let lib0 = debs
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("libvifxml0_")
        })
        .expect("libvifxml0 .deb");
    let symbols = stdout_of(
        Command::new("dpkg-deb").arg("-I").arg(lib0).arg("symbols"),
        "dpkg-deb -I libvifxml0 symbols",
    );
    let committed = fs::read_to_string(src.join("debian/libvifxml0.symbols")).expect("symbols");
    for line in committed.lines().filter(|l| l.starts_with(' ')) {
        let symbol = line.split_whitespace().next().unwrap();
        assert!(
            symbols.contains(symbol),
            "the packaged symbols file lists {symbol}:\n{symbols}"
        );
    }
    let dynsyms = stdout_of(
        Command::new("readelf")
            .args(["--dyn-syms", "-W"])
            .arg(root.join(&libdir).join(format!("libvifxml.so.{VERSION}"))),
        "readelf --dyn-syms",
    );
    for line in committed.lines().filter(|l| l.starts_with(" vifxml_")) {
        let symbol = line.split_whitespace().next().unwrap().replace('@', "@@");
        assert!(
            dynsyms.contains(&symbol),
            "the packaged library exports {symbol}"
        );
    }
    let tools = debs
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("vifxml-tools_")
        })
        .expect("vifxml-tools .deb");
    let depends = stdout_of(
        Command::new("dpkg-deb")
            .args(["-f"])
            .arg(tools)
            .arg("Depends"),
        "dpkg-deb -f Depends",
    );
    assert!(
        depends.contains("libvifxml0 (>= 0."),
        "vifxml-tools depends on libvifxml0 through the symbols file: {depends}"
    );

    // C programs against the unpacked root, through pkg-config alone.
    let lib_path = root.join(&libdir);
    let work = build_dir.join("c");
    fs::create_dir_all(&work).expect("work dir");
    fs::copy(src.join("tests/install/example.c"), work.join("app.c")).expect("app.c");
    let expected = fs::read_to_string(src.join("tests/install/example.out")).expect("example.out");

    let out = sh_in_root(
        &root,
        &multiarch,
        &work,
        "cc -o app-shared app.c $(pkg-config --cflags --libs vifxml)",
    );
    assert!(out.status.success(), "shared build\n{}", show(&out));
    assert!(needed(&work.join("app-shared")).contains(&"libvifxml.so.0".to_string()));
    let out =
        run(clean_command(work.join("app-shared").to_str().unwrap())
            .env("LD_LIBRARY_PATH", &lib_path));
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    let versions = stdout_of(
        Command::new("objdump")
            .arg("-T")
            .arg(work.join("app-shared")),
        "objdump -T",
    );
    assert!(
        versions.contains("(VIFXML_0.1) vifxml_interface_to_vif"),
        "the program records the symbol versions it needs:\n{versions}"
    );

    let out = sh_in_root(
        &root,
        &multiarch,
        &work,
        "cc -o app-static app.c $(pkg-config --cflags --libs vifxml-static)",
    );
    assert!(out.status.success(), "static build\n{}", show(&out));
    let static_needed = needed(&work.join("app-static"));
    assert!(
        !static_needed.iter().any(|n| n.starts_with("libvifxml")),
        "no NEEDED libvifxml: {static_needed:?}"
    );
    let out = run(&mut clean_command(
        work.join("app-static").to_str().unwrap(),
    ));
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);

    // The examples: vifxml-convert built with pkg-config, and the packaged one.
    let examples = build_dir.join("c-examples");
    run_ok(
        Command::new("cp")
            .arg("-R")
            .arg(src.join("c-examples"))
            .arg(&examples),
        "copy c-examples",
    );
    let mut make = clean_command("make");
    make.args(["USE_PKG_CONFIG=1", "check"])
        .current_dir(&examples)
        .env("PKG_CONFIG_SYSROOT_DIR", &root)
        .env("PKG_CONFIG_LIBDIR", lib_path.join("pkgconfig"))
        .env("LD_LIBRARY_PATH", &lib_path);
    let out = run(&mut make);
    assert!(
        out.status.success(),
        "make -C c-examples USE_PKG_CONFIG=1 check against the packages\n{}",
        show(&out)
    );
    let packaged_tool = root.join("usr/bin/vifxml-convert");
    let out = run(clean_command("sh")
        .arg("./check.sh")
        .arg(&packaged_tool)
        .current_dir(&examples)
        .env("LD_LIBRARY_PATH", &lib_path));
    assert!(
        out.status.success(),
        "the packaged vifxml-convert on c-examples/check.sh\n{}",
        show(&out)
    );
}
