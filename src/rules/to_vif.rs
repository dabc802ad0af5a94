//! Interface → vif: the connection keys, the model/`type=` table with its Xen
//! version rules, and the gates that refuse what a dialect cannot carry.

use super::{GuestKind, Target};
use crate::error::Error;
use crate::model::{Connection, Interface, Model};
use crate::options::{Dialect, Options, XenVersion};
use crate::value::{IfName, ModelName, Script};
use crate::vif::{Vif, VifBridge, VifType};

/// The vif Xen must be told for `iface`. `resolved` holds a bridge that the options
/// found for a `type='network'` interface (see [`resolve_network`]).
pub(crate) fn vif_for<'i>(
    iface: &'i Interface<'_>,
    resolved: Option<&'i IfName<'static>>,
    target: &Target,
    strict: bool,
) -> Result<Vif<'i>, Error> {
    let place = |e: Error| match iface.offset {
        Some(at) => e.at(at),
        None => e,
    };
    let bridge = bridge_for(iface, resolved, strict).map_err(place)?;
    let script = match (&iface.script, &bridge) {
        (Some(script), _) => Some(script.reborrow()),
        (None, Some(_)) if iface.openvswitch => Some(Script::OPENVSWITCH),
        (None, Some(_)) => Some(Script::BRIDGE),
        (None, None) => None,
    };
    if target.dialect == Dialect::Sxpr && iface.ips.len() > 1 {
        return Err(place(Error::unsupported(format!(
            "xend S-expressions carry one IP address per vif, and this interface has {}: keep one <ip> or use the xl dialect",
            iface.ips.len()
        ))));
    }
    let (model, vif_type) = model_and_type(iface.model.as_ref(), target).map_err(place)?;
    if let Some(mtu) = iface.mtu {
        if target.dialect != Dialect::Xl || target.version < XenVersion::XL_MTU {
            return Err(place(Error::unsupported(format!(
                "<mtu size='{}'/> needs xl on Xen 4.15 or newer ({} on Xen {} cannot set a vif's MTU): remove <mtu> or target a newer xl",
                mtu.get(),
                target.dialect,
                target.version
            ))));
        }
    }
    Ok(Vif {
        mac: iface.mac,
        bridge,
        script,
        ips: &iface.ips,
        model,
        vif_type,
        vifname: iface
            .target
            .as_ref()
            .filter(|name| !name.is_generated())
            .map(IfName::reborrow),
        rate: iface.outbound_average,
        backend: iface
            .backend
            .as_ref()
            .filter(|d| !d.is_dom0())
            .map(|d| d.reborrow()),
        mtu: iface.mtu,
    })
}

/// The bridge for a `type='network'` interface: the options' table, then their resolver.
pub(crate) fn resolve_network(
    iface: &Interface<'_>,
    options: &Options,
) -> Result<Option<IfName<'static>>, Error> {
    let Connection::Network(network) = &iface.connection else {
        return Ok(None);
    };
    let place = |e: Error| match iface.offset {
        Some(at) => e.at(at),
        None => e,
    };
    match options.resolve_network(network.as_str()).map_err(place)? {
        Some(bridge) => Ok(Some(bridge)),
        None => Err(Error::NetworkUnresolved {
            network: network.as_str().to_string(),
            offset: iface.offset,
        }),
    }
}

fn bridge_for<'i>(
    iface: &'i Interface<'_>,
    resolved: Option<&'i IfName<'static>>,
    strict: bool,
) -> Result<Option<VifBridge<'i>>, Error> {
    let name = match &iface.connection {
        Connection::Bridge(name) => name.reborrow(),
        Connection::Network(network) => match resolved {
            Some(bridge) => bridge.reborrow(),
            None => {
                return Err(Error::NetworkUnresolved {
                    network: network.as_str().to_string(),
                    offset: None,
                })
            }
        },
        Connection::Ethernet => {
            if iface.vlan.is_some() {
                return Err(Error::unsupported(
                    "a <vlan> on type='ethernet' has no bridge to tag: Xen applies VLANs through an Open vSwitch bridge (type='bridge' with <virtualport type='openvswitch'/>)",
                ));
            }
            if iface.openvswitch && strict {
                return Err(Error::unsupported(
                    "<virtualport type='openvswitch'/> on type='ethernet' cannot be translated: there is no bridge to attach to",
                ));
            }
            return Ok(None);
        }
    };
    if iface.vlan.is_some() && !iface.openvswitch {
        return Err(Error::unsupported(
            "a <vlan> needs <virtualport type='openvswitch'/>: Xen tags VLANs only through vif-openvswitch, and dropping the VLAN would put the guest on the wrong network",
        ));
    }
    let ovs_script = iface
        .script
        .as_ref()
        .is_some_and(|s| s.file_name() == "vif-openvswitch");
    if (iface.openvswitch || ovs_script) && !name.takes_vlan_suffix() {
        return Err(Error::unsafe_value(
            "bridge",
            format!(
                "Open vSwitch bridge {:?} contains '.' or ':', which vif-openvswitch reads as a VLAN suffix: \
                 name the bridge alone and give the VLAN as <vlan><tag id='…'/></vlan> with <virtualport type='openvswitch'/>",
                name.as_str()
            ),
        ));
    }
    Ok(Some(VifBridge {
        name,
        vlan: iface.vlan.as_ref(),
    }))
}

/// SPEC §3's model table: what the guest sees, spelled for the target.
fn model_and_type<'i>(
    model: Option<&'i Model<'_>>,
    target: &Target,
) -> Result<(Option<ModelName<'i>>, Option<VifType>), Error> {
    let legacy_ioemu =
        target.dialect != Dialect::Xl && target.version < XenVersion::NO_DEFAULT_IOEMU;
    let name = ModelName::of;
    Ok(match (target.guest, model) {
        (GuestKind::Pv, None) => (None, None),
        (GuestKind::Pv, Some(Model::Ioemu)) => {
            return Err(Error::unsupported(
                "<model type='ioemu'/> asks for an emulated NIC, which a PV or PVH guest cannot have: remove <model> or use a PV model such as netfront",
            ))
        }
        (GuestKind::Pv, Some(m)) => (Some(name(m)), None),
        (GuestKind::Hvm, None) => (None, legacy_ioemu.then_some(VifType::Ioemu)),
        (GuestKind::Hvm, Some(Model::Netfront)) => match target.dialect {
            Dialect::Xl if target.version < XenVersion::XL_TYPE_VIF => {
                return Err(Error::unsupported(format!(
                    "<model type='netfront'/> needs xl on Xen 4.2 or newer (type=vif), and the target is Xen {}: older xl always adds an emulated NIC",
                    target.version
                )))
            }
            Dialect::Xl => (None, Some(VifType::Vif)),
            Dialect::Xm | Dialect::Sxpr => (None, Some(VifType::Netfront)),
        },
        (GuestKind::Hvm, Some(Model::Ioemu)) => (None, Some(VifType::Ioemu)),
        (GuestKind::Hvm, Some(m)) => (Some(name(m)), legacy_ioemu.then_some(VifType::Ioemu)),
    })
}
