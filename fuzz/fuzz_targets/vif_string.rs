//! `vif_to_interface` on xl/xm vif strings: first byte = options (an sxpr dialect
//! choice is read as xl: S-expressions have their own target), rest = the vif.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vifxml::Dialect;
use vifxml_fuzz::{run_vif, Settings};

fuzz_target!(|data: &[u8]| {
    if let Some((settings, vif)) = Settings::split(data) {
        let settings = match settings.dialect {
            Dialect::Sxpr => settings.with_dialect(Dialect::Xl),
            _ => settings,
        };
        run_vif(&settings, vif);
    }
});
