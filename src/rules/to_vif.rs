//! Interface → vif: the connection keys, the model/`type=` table with its Xen
//! version rules, and the gates that refuse what a dialect cannot carry.

use super::{GuestKind, Target};
use crate::error::{Error, Status};
use crate::model::{Connection, Interface, Model, Place};
use crate::options::{Dialect, Options, XenVersion};
use crate::report::Report;
use crate::value::{shown, IfName, ModelName, Script};
use crate::vif::{Vif, VifBridge, VifType};

/// `e` placed at `at` (or where it already is).
fn placed(e: Error, at: Option<usize>) -> Error {
    match at {
        Some(at) => e.at(at),
        None => e,
    }
}

/// The vif Xen must be told for `iface`, or None when a rule refuses it. Every
/// refusal is reported, each at the part of the interface at fault.
pub(crate) fn vif_for<'i>(
    iface: &'i Interface<'_>,
    options: &Options,
    target: &Target,
    report: &mut Report,
) -> Option<Vif<'i>> {
    let errors_before = report.error_count();
    let places = &iface.places;
    let at = |place: Place| place.or(places.interface).get();
    let bridge = bridge_for(iface, options, report).unwrap_or_else(|e| {
        report.error(e);
        None
    });
    let script = match (&iface.script, &bridge) {
        (Some(script), _) => Some(script.reborrow()),
        (None, Some(_)) if iface.openvswitch => Some(Script::OPENVSWITCH),
        (None, Some(_)) => Some(Script::BRIDGE),
        (None, None) => None,
    };
    if target.dialect == Dialect::Sxpr && iface.ips.len() > 1 {
        report.error(placed(
            Error::unsupported(format!(
                "xend S-expressions carry one IP address per vif, and this interface has {}: keep one <ip> or use the xl dialect",
                iface.ips.len()
            )),
            at(places.second_ip),
        ));
    }
    let (model, vif_type) = model_and_type(iface.model.as_ref(), target).unwrap_or_else(|e| {
        report.error(placed(e, at(places.model)));
        (None, None)
    });
    if let Some(mtu) = iface.mtu {
        if target.dialect != Dialect::Xl || target.version < XenVersion::XL_MTU {
            report.error(placed(
                Error::unsupported(format!(
                    "<mtu size='{}'/> needs xl on Xen 4.15 or newer ({} on Xen {} cannot set a vif's MTU): remove <mtu> or target a newer xl",
                    mtu.get(),
                    target.dialect,
                    target.version
                )),
                at(places.mtu),
            ));
        }
    }
    let vifname = match &iface.target {
        Some(name) if name.is_generated() => {
            let offset = at(places.target).unwrap_or(0);
            report.dropped(Status::Ok, offset, |_| {
                format!(
                    "<target dev={}> is a name libvirt treats as generated (vif…, vnet…, macvtap…, macvlan…): \
                     not written as vifname, so that Xen names the backend interface itself",
                    shown(name.as_str())
                )
            });
            None
        }
        other => other.as_ref().map(IfName::reborrow),
    };
    if report.error_count() > errors_before {
        return None;
    }
    Some(Vif {
        mac: iface.mac,
        bridge,
        script,
        ips: &iface.ips,
        model,
        vif_type,
        vifname,
        rate: iface.outbound_average,
        backend: iface
            .backend
            .as_ref()
            .filter(|d| !d.is_dom0())
            .map(|d| d.reborrow()),
        mtu: iface.mtu,
    })
}

/// The bridge a vif attaches to: `<source bridge>`, or for a network the options'
/// table, then their resolver, then the bridge a running guest's XML names.
fn bridge_for<'i>(
    iface: &'i Interface<'_>,
    options: &Options,
    report: &mut Report,
) -> Result<Option<VifBridge<'i>>, Error> {
    let places = &iface.places;
    let source = places.source.or(places.interface).get();
    // Where the bridge's name came from: what a refusal of the name points at.
    let mut named_at = source;
    let name: IfName<'i> = match &iface.connection {
        Connection::Bridge(name) => name.reborrow(),
        Connection::Network { network, bridge } => {
            let resolved = options
                .resolve_network(network.as_str())
                .map_err(|e| placed(e, source))?;
            match (resolved, bridge) {
                (Some(resolved), _) => resolved,
                (None, Some(live)) => {
                    named_at = places.live_bridge.get().or(source);
                    live.reborrow()
                }
                (None, None) => {
                    return Err(placed(Error::network_unresolved(network.as_str()), source))
                }
            }
        }
        Connection::Ethernet => {
            if iface.vlan.is_some() {
                return Err(placed(Error::unsupported(
                    "a <vlan> on type='ethernet' has no bridge to tag: Xen applies VLANs through an Open vSwitch bridge (type='bridge' with <virtualport type='openvswitch'/>)",
                ), places.vlan.or(places.interface).get()));
            }
            if iface.openvswitch {
                let offset = places.virtualport.or(places.interface).get().unwrap_or(0);
                report.ignored(Status::Unsupported, offset, || {
                    "<virtualport type='openvswitch'/> on type='ethernet' has no bridge to attach to".into()
                });
            }
            return Ok(None);
        }
    };
    if iface.vlan.is_some() && !iface.openvswitch {
        return Err(placed(Error::unsupported(
            "a <vlan> needs <virtualport type='openvswitch'/>: Xen tags VLANs only through vif-openvswitch, and dropping the VLAN would put the guest on the wrong network",
        ), places.vlan.or(places.interface).get()));
    }
    let ovs_script = iface.script.as_ref().is_some_and(Script::is_openvswitch);
    if (iface.openvswitch || ovs_script) && !name.takes_vlan_suffix() {
        return Err(placed(
            Error::unsafe_value(
                "bridge",
                format!(
                    "Open vSwitch bridge {:?} contains '.' or ':', which vif-openvswitch reads as a VLAN suffix: \
                     name the bridge alone and give the VLAN as <vlan><tag id='…'/></vlan> with <virtualport type='openvswitch'/>",
                    name.as_str()
                ),
            ),
            named_at,
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
