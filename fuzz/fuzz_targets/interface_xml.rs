//! `interface_to_vif`: first byte = options (see vifxml_fuzz::Settings), rest = the document.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vifxml_fuzz::{run_interface, Settings};

fuzz_target!(|data: &[u8]| {
    if let Some((settings, xml)) = Settings::split(data) {
        run_interface(&settings, xml);
    }
});
