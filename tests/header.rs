//! The committed include/vifxml.h must be exactly what build.rs generates from
//! src/ffi/mod.rs, so the header C programs compile against cannot drift.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_header_matches_the_generated_one() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/vifxml.h"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // build.rs refreshes the working copy, so compare with what git has committed.
    let committed = Command::new("git")
        .args(["show", "HEAD:include/vifxml.h"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).expect("the header is UTF-8"));
    let committed = match committed {
        Some(text) => text,
        None => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs in a git checkout; `git show HEAD:include/vifxml.h` failed"
            );
            std::fs::read_to_string(root.join("include/vifxml.h")).expect("include/vifxml.h exists")
        }
    };
    assert!(
        committed == generated,
        "include/vifxml.h differs from the header cbindgen generates: run `cargo build` and commit include/vifxml.h"
    );
}
