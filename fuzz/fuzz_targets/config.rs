//! `config_to_interfaces` on xl/xm config texts: first byte = options (sxpr must
//! be INVALID_OPTION), rest = the config.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vifxml_fuzz::{run_config, Settings};

fuzz_target!(|data: &[u8]| {
    if let Some((settings, config)) = Settings::split(data) {
        run_config(&settings, config);
    }
});
