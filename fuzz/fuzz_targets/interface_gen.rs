//! Structure-aware: the bytes after the options byte drive a generator of
//! `<interface>` and `<domain>` documents built from libvirt's elements and
//! hostile values (separators, quotes, char references, limits, Open vSwitch
//! suffixes, resolver answers), which reach the rules far more often than raw
//! bytes do. Each document goes through the interface and domain checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vifxml_fuzz::{run_domain, run_interface, Gen, Settings, Unstructured};

fuzz_target!(|data: &[u8]| {
    let Some((settings, rest)) = Settings::split(data) else {
        return;
    };
    let mut u = Unstructured::new(rest);
    let domain = u.arbitrary::<bool>().unwrap_or(false);
    let mut g = Gen::new(&mut u);
    if domain {
        g.domain();
        run_domain(&settings, g.finish().as_bytes());
    } else {
        g.interface();
        run_interface(&settings, g.finish().as_bytes());
    }
});
