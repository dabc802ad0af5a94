//! Generates the C header from src/ffi.rs and gives the shared library its soname.

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

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
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
