//! Allocation counts for one conversion, counted by a global allocator that only
//! counts on the thread that asked it to (the test harness runs tests on several
//! threads). Deterministic, not timed: it counts calls, not nanoseconds.
//!
//! The budget asserted here is the one for the C API's hot path: one successful
//! single-interface conversion (bridge, mac, model e1000, target dev; xl) through
//! `vifxml_interface_to_vif` makes at most 3 allocations. The other dialects and
//! the Rust API are measured and printed (`cargo test --test alloc -- --nocapture`)
//! for BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

use vifxml::ffi::{
    vifxml_error, vifxml_interface_to_vif, vifxml_options, vifxml_options_free, vifxml_options_new,
    vifxml_options_set_dialect, vifxml_string_free, VIFXML_DIALECT_SXPR, VIFXML_DIALECT_XL,
    VIFXML_DIALECT_XM, VIFXML_STATUS_OK,
};
use vifxml::{interface_to_vif, Dialect, Options};

struct Counting;

thread_local! {
    /// Whether allocations on this thread are being counted. `const`-initialised,
    /// so reading it never allocates.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

/// Allocations counted on any thread (a sanity check that the counter works).
static TOTAL: AtomicUsize = AtomicUsize::new(0);

fn note(bytes: usize) {
    // try_with: during thread teardown the thread-locals may be gone.
    let _ = COUNTING.try_with(|c| {
        if c.get() {
            let _ = ALLOCS.try_with(|a| a.set(a.get() + 1));
            let _ = BYTES.try_with(|b| b.set(b.get() + bytes));
            TOTAL.fetch_add(1, Ordering::Relaxed);
        }
    });
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded contract.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: forwarded contract.
        unsafe { System.realloc(p, layout, new_size) }
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(p, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` with counting on for this thread; returns (allocations, bytes asked for).
fn count<T>(f: impl FnOnce() -> T) -> (usize, usize, T) {
    ALLOCS.with(|a| a.set(0));
    BYTES.with(|b| b.set(0));
    COUNTING.with(|c| c.set(true));
    let value = f();
    COUNTING.with(|c| c.set(false));
    (ALLOCS.with(Cell::get), BYTES.with(Cell::get), value)
}

/// The benchmark's single interface: bridge, mac, model e1000, target dev.
const XML: &str = "<interface type='bridge'>\n  <mac address='00:16:3e:66:92:9c'/>\n  <source bridge='xenbr1'/>\n  <model type='e1000'/>\n  <target dev='web0'/>\n</interface>\n";

const EXPECTED_XL: &str =
    "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000,vifname=web0";
const EXPECTED_SXPR: &str = "(vif (mac '00:16:3e:66:92:9c')(bridge 'xenbr1')(script 'vif-bridge')(vifname 'web0')(model 'e1000'))";

/// Options for a dialect; NULL (the defaults, xl) for `None`.
struct COptions(*mut vifxml_options);

impl COptions {
    fn new(dialect: Option<u32>) -> COptions {
        match dialect {
            None => COptions(ptr::null_mut()),
            Some(d) => {
                let o = vifxml_options_new();
                assert!(!o.is_null());
                // SAFETY: a live options pointer used by this thread only.
                assert_eq!(
                    unsafe { vifxml_options_set_dialect(o, d) },
                    VIFXML_STATUS_OK
                );
                COptions(o)
            }
        }
    }
}

impl Drop for COptions {
    fn drop(&mut self) {
        // SAFETY: NULL or a pointer from vifxml_options_new, freed once.
        unsafe { vifxml_options_free(self.0) };
    }
}

/// One conversion through the C ABI: (allocations, bytes, output).
fn c_conversion(opts: &COptions) -> (usize, usize, String) {
    let mut out: *mut std::ffi::c_char = ptr::null_mut();
    let mut err: *mut vifxml_error = ptr::null_mut();
    let (allocs, bytes, status) = count(|| {
        // SAFETY: XML is XML.len() readable bytes; out and err are writable.
        unsafe {
            vifxml_interface_to_vif(XML.as_ptr().cast(), XML.len(), opts.0, &mut out, &mut err)
        }
    });
    assert_eq!(status, VIFXML_STATUS_OK);
    assert!(err.is_null());
    // SAFETY: on success out is a NUL-terminated string from the library.
    let text = unsafe { std::ffi::CStr::from_ptr(out) }
        .to_str()
        .unwrap()
        .to_owned();
    // SAFETY: out came from the library and is freed once.
    unsafe { vifxml_string_free(out) };
    (allocs, bytes, text)
}

/// Warms up (so one-time lazy initialisation is not counted), then counts one
/// conversion. Two counted runs must agree: the count is deterministic.
fn c_count(dialect: Option<u32>) -> (usize, usize, String) {
    let opts = COptions::new(dialect);
    let _ = c_conversion(&opts);
    let first = c_conversion(&opts);
    let second = c_conversion(&opts);
    assert_eq!(first.0, second.0, "allocation count is not deterministic");
    first
}

#[test]
fn counter_counts() {
    let (allocs, bytes, v) = count(|| vec![0u8; 100]);
    drop(v);
    assert_eq!(allocs, 1);
    assert_eq!(bytes, 100);
    assert!(TOTAL.load(Ordering::Relaxed) >= 1);
}

/// The asserted budget: at most 3 allocations for the xl conversion through the C ABI.
#[test]
fn c_abi_single_interface_xl_allocates_at_most_3_times() {
    let (allocs, bytes, vif) = c_count(None);
    assert_eq!(vif, EXPECTED_XL);
    println!("C ABI xl (NULL options): {allocs} allocations, {bytes} bytes");
    assert!(
        allocs <= 3,
        "vifxml_interface_to_vif (xl) made {allocs} allocations ({bytes} bytes); the budget is 3"
    );
    // An explicit xl options object behaves the same.
    let (explicit, _, vif) = c_count(Some(VIFXML_DIALECT_XL));
    assert_eq!(vif, EXPECTED_XL);
    assert_eq!(explicit, allocs);
}

/// Measured and printed, not asserted beyond being deterministic and working.
#[test]
fn c_abi_single_interface_other_dialects() {
    let (xm, xm_bytes, vif) = c_count(Some(VIFXML_DIALECT_XM));
    assert_eq!(vif, EXPECTED_XL, "xm writes the same vif string here");
    let (sxpr, sxpr_bytes, vif) = c_count(Some(VIFXML_DIALECT_SXPR));
    assert_eq!(vif, EXPECTED_SXPR);
    println!("C ABI xm: {xm} allocations, {xm_bytes} bytes");
    println!("C ABI sxpr: {sxpr} allocations, {sxpr_bytes} bytes");
}

#[test]
fn rust_api_single_interface() {
    for (dialect, expected) in [
        (Dialect::Xl, EXPECTED_XL),
        (Dialect::Xm, EXPECTED_XL),
        (Dialect::Sxpr, EXPECTED_SXPR),
    ] {
        let options = Options::new().dialect(dialect);
        let _ = interface_to_vif(XML.as_bytes(), &options).unwrap();
        let (allocs, bytes, vif) = count(|| interface_to_vif(XML.as_bytes(), &options));
        assert_eq!(vif.unwrap(), expected);
        println!("Rust API {dialect:?}: {allocs} allocations, {bytes} bytes");
    }
}
