//! The Xen side: one vif as the toolstack is told it, before it is spelled in a
//! dialect. Built by the rules from an [`Interface`](crate::Interface); every
//! formatter writes exactly what is here.

use std::net::IpAddr;

use crate::model::Vlan;
use crate::value::{DomainName, IfName, KbPerSec, MacAddr, ModelName, Mtu, Script};

/// The value of the vif's `type` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VifType {
    /// An emulated NIC (with its PV twin on xend before 3.1.0's change of default).
    Ioemu,
    /// xl's PV-only NIC.
    Vif,
    /// xend's PV-only NIC.
    Netfront,
}

impl VifType {
    /// The keyword as Xen spells it.
    pub fn keyword(self) -> &'static str {
        match self {
            VifType::Ioemu => "ioemu",
            VifType::Vif => "vif",
            VifType::Netfront => "netfront",
        }
    }
}

/// A bridge, with the Open vSwitch VLAN that `vif-openvswitch` reads from its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VifBridge<'i> {
    /// The bridge itself.
    pub name: IfName<'i>,
    /// `.T` (access port) or `:T1:…:Tn` (trunk) after the name.
    pub vlan: Option<&'i Vlan>,
}

/// Everything one vif says; None or empty means the key is not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vif<'i> {
    /// `mac=`.
    pub mac: Option<MacAddr>,
    /// `bridge=`; its presence also decides the connection keys' order.
    pub bridge: Option<VifBridge<'i>>,
    /// `script=`.
    pub script: Option<Script<'i>>,
    /// `ip=`, space-separated.
    pub ips: &'i [IpAddr],
    /// `model=`.
    pub model: Option<ModelName<'i>>,
    /// `type=`.
    pub vif_type: Option<VifType>,
    /// `vifname=`.
    pub vifname: Option<IfName<'i>>,
    /// `rate=NKB/s`.
    pub rate: Option<KbPerSec>,
    /// `backend=`.
    pub backend: Option<DomainName<'i>>,
    /// `mtu=`.
    pub mtu: Option<Mtu>,
}
