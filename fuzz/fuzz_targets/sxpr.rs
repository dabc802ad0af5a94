//! `vif_to_interface` on xend S-expressions: first byte = options (the dialect is
//! always sxpr), rest = the `(vif …)`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vifxml::Dialect;
use vifxml_fuzz::{run_vif, Settings};

fuzz_target!(|data: &[u8]| {
    if let Some((settings, text)) = Settings::split(data) {
        run_vif(&settings.with_dialect(Dialect::Sxpr), text);
    }
});
