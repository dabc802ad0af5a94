//! Generates the C header from src/ffi/mod.rs (with the version macros made from
//! Cargo.toml's version) and gives the shared library its soname.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let crate_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=src/ffi/mod.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let major = env::var("CARGO_PKG_VERSION_MAJOR").expect("cargo sets the version");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libvifxml.so.{major}");

    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    config.after_includes = Some(version_macros());
    // Only the FFI module: public constants of the Rust API are not part of the C API.
    let header = cbindgen::Builder::new()
        .with_src(crate_dir.join("src").join("ffi").join("mod.rs"))
        .with_config(config)
        .generate()
        .expect("cbindgen can read src/ffi.rs");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    header.write_to_file(out_dir.join("vifxml.h"));

    // The committed copy is refreshed for developers; tests/header.rs fails when
    // it differs from what is committed, so a stale header cannot land.
    let committed = crate_dir.join("include").join("vifxml.h");
    let fresh = fs::read(out_dir.join("vifxml.h")).expect("the header was just written");
    if fs::read(&committed).ok().as_deref() != Some(&fresh[..]) {
        if let Err(e) = fs::create_dir_all(committed.parent().expect("include/ has a parent"))
            .and_then(|_| fs::write(&committed, &fresh))
        {
            println!(
                "cargo:warning=could not refresh {}: {e}",
                committed.display()
            );
        }
    }
}

/// The header's version macros (SPEC §8.4), from Cargo.toml's version: the
/// version of the header a program is compiled against. The library's own is
/// vifxml_version() / vifxml_version_number() at run time.
fn version_macros() -> String {
    let part = |name: &str| {
        let value = env::var(name).expect("cargo sets the version parts");
        let n: u32 = value
            .parse()
            .unwrap_or_else(|e| panic!("{name}={value:?} is not a number: {e}"));
        assert!(
            n <= 255,
            "{name}={n}: vifxml_version_number packs each part in 8 bits"
        );
        n
    };
    let (major, minor, patch) = (
        part("CARGO_PKG_VERSION_MAJOR"),
        part("CARGO_PKG_VERSION_MINOR"),
        part("CARGO_PKG_VERSION_PATCH"),
    );
    let full = env::var("CARGO_PKG_VERSION").expect("cargo sets the version");
    format!(
        r#"
/**
 * The version of this header (Cargo.toml's): what a program is compiled
 * against. vifxml_version() and vifxml_version_number() give the version of
 * the library it runs with.
 */
#define VIFXML_VERSION_MAJOR {major}
#define VIFXML_VERSION_MINOR {minor}
#define VIFXML_VERSION_PATCH {patch}
#define VIFXML_VERSION_STRING "{full}"

/**
 * True when this header is version major.minor.patch or later, for
 * `#if VIFXML_CHECK_VERSION(0, 2, 0)` around code that needs a function added
 * in that version.
 */
#define VIFXML_CHECK_VERSION(major, minor, patch) \
    (VIFXML_VERSION_MAJOR > (major) || \
     (VIFXML_VERSION_MAJOR == (major) && VIFXML_VERSION_MINOR > (minor)) || \
     (VIFXML_VERSION_MAJOR == (major) && VIFXML_VERSION_MINOR == (minor) && \
      VIFXML_VERSION_PATCH >= (patch)))"#
    )
}
