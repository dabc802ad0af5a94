//! The typed model of one libvirt `<interface>`: what both directions read into and
//! write from. Every value in it has been validated on the way in.

use std::net::IpAddr;

use crate::value::{
    DomainName, IfName, KbPerSec, MacAddr, ModelName, Mtu, NetworkName, Script, VlanTag,
};

/// How the NIC is connected to the host (`<interface type=…>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection<'a> {
    /// `type='bridge'` with `<source bridge>`.
    Bridge(IfName<'a>),
    /// `type='network'` with `<source network>`, resolved to a bridge through the
    /// options; a running guest's XML also names the bridge it got (`<source
    /// bridge>`), used when the options know no bridge for the network.
    Network {
        /// The libvirt network.
        network: NetworkName<'a>,
        /// The live bridge, if the XML gives one.
        bridge: Option<IfName<'a>>,
    },
    /// `type='ethernet'`: a routed or script-managed NIC.
    Ethernet,
}

/// What the guest sees (`<model type=…>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Model<'a> {
    /// The paravirtual NIC only (`netfront`, or its alias `netback`).
    Netfront,
    /// An emulated NIC of qemu's default model.
    Ioemu,
    /// Realtek RTL8139.
    Rtl8139,
    /// Intel e1000.
    E1000,
    /// NE2000 PCI.
    Ne2kPci,
    /// Any other emulated model, passed through as libvirt does.
    Other(ModelName<'a>),
}

/// The case of a validated model name: one table for [`Model::from_name`]
/// and [`Model::named`].
macro_rules! model_named {
    ($name:expr) => {
        match $name.as_str() {
            "netfront" | "netback" => Model::Netfront,
            "ioemu" => Model::Ioemu,
            "rtl8139" => Model::Rtl8139,
            "e1000" => Model::E1000,
            "ne2k_pci" => Model::Ne2kPci,
            _ => Model::Other($name),
        }
    };
}

impl<'a> Model<'a> {
    /// Maps a validated model name to its case.
    pub fn from_name(name: ModelName<'a>) -> Model<'a> {
        model_named!(name)
    }

    /// [`Model::from_name`], always inlined: the XML reader's, where a call
    /// through the symbol table for every `<model>` cost more than the
    /// match. (Not `from_name` itself: inlined into the other readers, their
    /// loops lost more than the call cost; nor a call from it to this one,
    /// which cost them an instruction.)
    #[inline(always)]
    pub(crate) fn named(name: ModelName<'a>) -> Model<'a> {
        model_named!(name)
    }

    /// The name libvirt and Xen use for it.
    pub fn name(&self) -> &str {
        match self {
            Model::Netfront => "netfront",
            Model::Ioemu => "ioemu",
            Model::Rtl8139 => "rtl8139",
            Model::E1000 => "e1000",
            Model::Ne2kPci => "ne2k_pci",
            Model::Other(name) => name.as_str(),
        }
    }

    fn into_owned(self) -> Model<'static> {
        match self {
            Model::Netfront => Model::Netfront,
            Model::Ioemu => Model::Ioemu,
            Model::Rtl8139 => Model::Rtl8139,
            Model::E1000 => Model::E1000,
            Model::Ne2kPci => Model::Ne2kPci,
            Model::Other(name) => Model::Other(name.into_owned()),
        }
    }
}

/// An Open vSwitch VLAN setting (`<vlan>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vlan {
    /// Whether the port is a trunk (`B:T1:…:Tn`) rather than an access port (`B.T`).
    pub trunk: bool,
    /// The tags, in order; at least one.
    pub tags: Vec<VlanTag>,
}

/// One network interface: libvirt's view, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface<'a> {
    /// How it is connected to the host.
    pub connection: Connection<'a>,
    /// `<mac address>`; None lets Xen pick one.
    pub mac: Option<MacAddr>,
    /// `<ip address>`, in order.
    pub ips: Vec<IpAddr>,
    /// `<script path>`.
    pub script: Option<Script<'a>>,
    /// `<target dev>`: the backend interface name.
    pub target: Option<IfName<'a>>,
    /// `<model type>`.
    pub model: Option<Model<'a>>,
    /// `<bandwidth><outbound average>`.
    pub outbound_average: Option<KbPerSec>,
    /// `<backenddomain name>`.
    pub backend: Option<DomainName<'a>>,
    /// `<mtu size>`.
    pub mtu: Option<Mtu>,
    /// `<vlan>`.
    pub vlan: Option<Vlan>,
    /// `<virtualport type='openvswitch'/>`.
    pub openvswitch: bool,
    /// Where its parts were in the input, for errors found after reading.
    pub(crate) places: Places,
}

/// Byte offsets of the parts of an `<interface>` that the rules may refuse, so that
/// an error points at the part at fault (none: not in the input, or not from XML).
/// Compact, because the interface is moved on its way through the readers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Places {
    /// The `<interface>` start tag.
    pub interface: Place,
    /// The value of the `<source>` attribute naming the bridge or network.
    pub source: Place,
    /// The value of a network's `<source bridge>` (a running guest's).
    pub live_bridge: Place,
    /// The value of `<model type>`.
    pub model: Place,
    /// The value of `<target dev>`.
    pub target: Place,
    /// The `<mtu>` element.
    pub mtu: Place,
    /// The `<vlan>` element.
    pub vlan: Place,
    /// The `<virtualport>` element.
    pub virtualport: Place,
    /// The second `<ip>` element (the first one xend S-expressions cannot carry).
    pub second_ip: Place,
}

/// A byte offset in the input, or none, in four bytes (inputs are far smaller
/// than 4 GiB; a larger offset is kept as none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Place(u32);

impl Default for Place {
    fn default() -> Place {
        Place(u32::MAX)
    }
}

impl Place {
    pub(crate) fn at(offset: usize) -> Place {
        Place(u32::try_from(offset).unwrap_or(u32::MAX))
    }

    /// This place, or `other` when this one is none.
    pub(crate) fn or(self, other: Place) -> Place {
        if self.0 == u32::MAX {
            other
        } else {
            self
        }
    }

    pub(crate) fn get(self) -> Option<usize> {
        (self.0 != u32::MAX).then_some(self.0 as usize)
    }
}

impl<'a> Interface<'a> {
    /// An interface with only its connection set.
    pub fn new(connection: Connection<'a>) -> Interface<'a> {
        Interface {
            connection,
            mac: None,
            ips: Vec::new(),
            script: None,
            target: None,
            model: None,
            outbound_average: None,
            backend: None,
            mtu: None,
            vlan: None,
            openvswitch: false,
            places: Places::default(),
        }
    }

    /// The same interface, owning all its text.
    pub fn into_owned(self) -> Interface<'static> {
        Interface {
            connection: match self.connection {
                Connection::Bridge(b) => Connection::Bridge(b.into_owned()),
                Connection::Network { network, bridge } => Connection::Network {
                    network: network.into_owned(),
                    bridge: bridge.map(IfName::into_owned),
                },
                Connection::Ethernet => Connection::Ethernet,
            },
            mac: self.mac,
            ips: self.ips,
            script: self.script.map(Script::into_owned),
            target: self.target.map(IfName::into_owned),
            model: self.model.map(Model::into_owned),
            outbound_average: self.outbound_average,
            backend: self.backend.map(DomainName::into_owned),
            mtu: self.mtu,
            vlan: self.vlan,
            openvswitch: self.openvswitch,
            places: self.places,
        }
    }
}
