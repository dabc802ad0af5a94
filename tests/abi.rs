//! The ABI as abidiff (abigail-tools) sees it, against the committed baseline
//! abi/libvifxml.so.0.abi (docs/ABI.md):
//!
//! * `abi_matches_the_baseline`: `make abi-check` passes: no function of the
//!   baseline is removed or changed (types read from DWARF) and no symbol
//!   version moved; additions are printed to the terminal and pass, until
//!   `make abi-baseline` records them on purpose;
//! * `release_library_exports_what_the_abi_library_exports`: the library
//!   `make` ships (release, no debug info) exports the same symbols with the
//!   same versions as the debug-info build abidiff reads.
//!
//! Tools: make, cc, abidw, abidiff, readelf. A missing one skips these tests
//! with a notice on the terminal, or fails them when CI is set.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

mod common;
use common::{have_tools, manifest_dir, run, show, tell};

const SHLIB_REAL: &str = concat!("libvifxml.so.", env!("CARGO_PKG_VERSION"));

/// make runs cargo in the target directory: one at a time.
static MAKE: Mutex<()> = Mutex::new(());

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent")
        .to_path_buf()
}

/// `make <target>` in the source tree, with this build's cargo and target
/// directory and none of a surrounding make's variables.
fn make(target: &str) -> Output {
    let _guard = MAKE.lock().unwrap_or_else(|e| e.into_inner());
    let mut cmd = Command::new("make");
    cmd.arg("-C").arg(manifest_dir()).arg(target);
    for var in [
        "MAKEFLAGS",
        "MFLAGS",
        "MAKELEVEL",
        "MAKEOVERRIDES",
        "CARGO_FLAGS",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CARGO_TARGET_DIR", target_dir());
    if let Some(cargo) = std::env::var_os("CARGO") {
        cmd.env("CARGO", cargo);
    }
    run(&mut cmd)
}

/// Defined dynamic symbols of a library as `name@@VERSION` (readelf's form).
fn versioned_exports(lib: &Path) -> BTreeSet<String> {
    let out = run(Command::new("readelf").args(["--dyn-syms", "-W"]).arg(lib));
    assert!(out.status.success(), "readelf {lib:?}\n{}", show(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            (f.len() == 8 && f[0] != "Num:" && f[6] != "UND" && f[4] != "LOCAL")
                .then(|| f[7].to_string())
        })
        .collect()
}

#[test]
fn abi_matches_the_baseline() {
    if !have_tools("the abidiff check", &["make", "cc", "abidw", "abidiff"]) {
        return;
    }
    let out = make("abi-check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let verdict = stdout
        .lines()
        .rfind(|l| l.starts_with("abi-check:"))
        .unwrap_or("");
    assert!(
        out.status.success(),
        "make abi-check: the ABI changed incompatibly against abi/libvifxml.so.0.abi \
         (docs/ABI.md)\n{}",
        show(&out)
    );
    if verdict.contains("additions") {
        // Compatible, but say so where the person running the tests sees it.
        let report: String = stdout
            .lines()
            .skip_while(|l| !l.starts_with("Functions changes summary"))
            .take_while(|l| !l.starts_with("abi-check:"))
            .collect::<Vec<_>>()
            .join("\n");
        tell(&format!(
            "NOTE abi/libvifxml.so.0.abi: the library adds to the ABI baseline \
             (make abi-baseline records it):\n{report}"
        ));
    } else {
        assert!(
            verdict.contains("is the baseline's"),
            "unexpected make abi-check output\n{}",
            show(&out)
        );
    }
}

#[test]
fn release_library_exports_what_the_abi_library_exports() {
    if !have_tools(
        "the abidiff check",
        &["make", "cc", "readelf", "abidw", "abidiff"],
    ) {
        return;
    }
    for target in ["shlib", "abi-lib"] {
        let out = make(target);
        assert!(out.status.success(), "make {target}\n{}", show(&out));
    }
    let shipped = versioned_exports(&target_dir().join("vifxml-make/lib").join(SHLIB_REAL));
    let abi = versioned_exports(&target_dir().join("vifxml-make/abi").join(SHLIB_REAL));
    assert!(
        shipped
            .iter()
            .any(|s| s.starts_with("vifxml_version@@VIFXML_0.1")),
        "{shipped:?}"
    );
    assert_eq!(
        shipped, abi,
        "the release library and the one abidiff reads export the same versioned symbols"
    );
}
