//! The committed include/vifxml.h must be exactly what build.rs generates from
//! src/ffi/mod.rs, so the header C programs compile against cannot drift.

use std::path::Path;
use std::process::Command;

mod common;

#[test]
fn committed_header_matches_the_generated_one() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/vifxml.h"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // build.rs refreshes the working copy, so compare with what git has
    // committed: outside a git checkout (a source tarball) there is nothing to
    // compare with.
    if !common::need_tool("git", "git") {
        return;
    }
    let committed = Command::new("git")
        .args(["show", "HEAD:include/vifxml.h"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).expect("the header is UTF-8"));
    let Some(committed) = committed else {
        return common::skip(
            "include/vifxml.h at git HEAD",
            "git, and test from a git clone",
        );
    };
    assert!(
        committed == generated,
        "include/vifxml.h differs from the header cbindgen generates: run `cargo build` and commit include/vifxml.h"
    );
}
