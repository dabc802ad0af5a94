//! The rules that relate libvirt's view of a NIC to Xen's: which keys a dialect and
//! Xen version get for an interface, and which interface a set of keys means.

pub(crate) mod to_interface;
pub(crate) mod to_vif;

use crate::error::Error;
use crate::options::{Dialect, Guest, Options, XenVersion};

/// The guest kinds that differ for NICs: PVH guests get what PV guests get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GuestKind {
    Hvm,
    Pv,
}

impl GuestKind {
    pub(crate) fn of(guest: Guest) -> Option<GuestKind> {
        match guest {
            Guest::Auto => None,
            Guest::Hvm => Some(GuestKind::Hvm),
            Guest::Pv | Guest::Pvh => Some(GuestKind::Pv),
        }
    }
}

/// What a forward conversion writes for, with the options' combination checked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target {
    pub dialect: Dialect,
    pub version: XenVersion,
    pub guest: GuestKind,
}

impl Target {
    /// The target for `options`, with `guest` used when the options leave it automatic.
    pub(crate) fn new(options: &Options, auto_guest: GuestKind) -> Result<Target, Error> {
        Ok(Target {
            dialect: options.get_dialect(),
            version: options.target_version()?,
            guest: GuestKind::of(options.get_guest()).unwrap_or(auto_guest),
        })
    }
}
