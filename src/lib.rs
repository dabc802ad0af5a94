//! vifxml converts libvirt network-interface XML into the vif specifications Xen's
//! toolstacks read — xl, xend config files (xm) and xend S-expressions — and back.
//!
//! `<interface type=…>` says how a NIC is connected to the host (bridge, network,
//! ethernet); `<model type=…>` says what the guest sees: an emulated NIC, or only
//! the paravirtual one (`netfront`). The rules that decide when `type=ioemu` is
//! written depend on the dialect and Xen version, and live in one place.
//!
//! ```
//! use vifxml::{interface_to_vif, vif_to_interface, Dialect, Options, XenVersion};
//!
//! let xml = b"<interface type='bridge'><source bridge='xenbr0'/><model type='e1000'/></interface>";
//! let old_xend = Options::new().dialect(Dialect::Xm).xen_version(XenVersion::new(3, 0, 4));
//! assert_eq!(interface_to_vif(xml, &old_xend).unwrap(), "bridge=xenbr0,script=vif-bridge,model=e1000,type=ioemu");
//!
//! let back = vif_to_interface(b"bridge=xenbr0,type=vif", &Options::new()).unwrap();
//! assert!(back.contains("<model type='netfront'/>"));
//! ```
//!
//! The C API (`include/vifxml.h`) wraps exactly these functions.

#![deny(missing_docs)]
// Only the C API (src/ffi) may use unsafe code; it allows it for itself.
#![deny(unsafe_code)]

mod convert;
mod error;
pub mod ffi;
mod model;
mod options;
mod read;
mod report;
mod rules;
mod value;
mod vif;
mod write;

pub use convert::{
    config_to_interfaces, config_to_interfaces_with_warnings, domain_to_config,
    domain_to_config_with_warnings, domain_to_vifs, domain_to_vifs_with_warnings, interface_to_vif,
    interface_to_vif_with_warnings, vif_to_interface, vif_to_interface_with_warnings,
};
pub use error::{Diagnostic, Error, Severity, Status};
pub use model::{Connection, Interface, Model, Vlan};
pub use options::{Dialect, Guest, NetworkResolver, Options, XenVersion};
pub use read::xml::{MAX_DEPTH, MAX_INPUT_BYTES};
pub use report::Converted;
pub use value::{
    parse_ip, DomainName, IfName, KbPerSec, MacAddr, ModelName, Mtu, NetworkName, Script, VlanTag,
};
pub use vif::{Vif, VifBridge, VifType};

/// For the fuzz harness only (cargo-fuzz builds with `--cfg fuzzing`): runs `f`
/// with every XML document of this thread read by the general engine from its
/// first byte, so that the harness can compare the two engines through the
/// public functions (the crate's own tests do it on the token walk).
#[cfg(fuzzing)]
#[doc(hidden)]
pub fn with_general_xml_engine<T>(f: impl FnOnce() -> T) -> T {
    read::xml::general_only(f)
}

/// The library's version, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
