//! `domain_to_vifs` and `domain_to_config`: first byte = options, rest = the document.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vifxml_fuzz::{run_domain, Settings};

fuzz_target!(|data: &[u8]| {
    if let Some((settings, xml)) = Settings::split(data) {
        run_domain(&settings, xml);
    }
});
