//! The README's demo tool: `make -C c-examples check` compares vifxml-convert's
//! output with c-examples/expected/ (built against this build of the library).

use std::path::Path;
use std::process::Command;

mod common;

#[test]
fn c_examples_check_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // make builds vifxml-convert with cc.
    if !common::need_tools(&[("make", "make"), ("cc", "gcc")]) {
        return;
    }
    // The debug profile is what `cargo test` has just built.
    let out = Command::new("make")
        .args(["-s", "-C", "c-examples", "check", "PROFILE=debug"])
        .current_dir(root)
        .output()
        .expect("make runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "make -C c-examples check failed:\n{text}"
    );
    assert!(text.contains(" passed, 0 failed"), "{text}");
}
