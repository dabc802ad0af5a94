//! The canonical `<interface>` document: libvirt's element order, two-space
//! indentation, attributes in single quotes, no declaration.

use std::fmt::{self, Write};
use std::net::IpAddr;

use crate::model::{Connection, Interface};

/// Writes `iface` with every line indented by `indent` more spaces, ending in a newline.
pub(crate) fn write_interface(
    out: &mut dyn Write,
    iface: &Interface<'_>,
    indent: usize,
) -> fmt::Result {
    let mut w = Lines { out, indent };
    let kind = match iface.connection {
        Connection::Bridge(_) => "bridge",
        Connection::Network { .. } => "network",
        Connection::Ethernet => "ethernet",
    };
    w.line(0, format_args!("<interface type='{kind}'>"))?;
    if let Some(mac) = iface.mac {
        w.line(1, format_args!("<mac address='{mac}'/>"))?;
    }
    match &iface.connection {
        Connection::Bridge(bridge) => w.line(1, format_args!("<source bridge='{bridge}'/>"))?,
        Connection::Network { network, .. } => {
            w.line(1, format_args!("<source network='{network}'/>"))?
        }
        Connection::Ethernet => {}
    }
    if let Some(vlan) = &iface.vlan {
        w.line(
            1,
            format_args!("<vlan{}>", if vlan.trunk { " trunk='yes'" } else { "" }),
        )?;
        for tag in &vlan.tags {
            w.line(2, format_args!("<tag id='{}'/>", tag.get()))?;
        }
        w.line(1, format_args!("</vlan>"))?;
    }
    if iface.openvswitch {
        w.line(1, format_args!("<virtualport type='openvswitch'/>"))?;
    }
    if let Some(average) = iface.outbound_average {
        w.line(1, format_args!("<bandwidth>"))?;
        w.line(2, format_args!("<outbound average='{}'/>", average.get()))?;
        w.line(1, format_args!("</bandwidth>"))?;
    }
    for ip in &iface.ips {
        let family = match ip {
            IpAddr::V4(_) => "ipv4",
            IpAddr::V6(_) => "ipv6",
        };
        w.line(1, format_args!("<ip address='{ip}' family='{family}'/>"))?;
    }
    if let Some(script) = &iface.script {
        w.line(1, format_args!("<script path='{script}'/>"))?;
    }
    if let Some(backend) = &iface.backend {
        w.line(1, format_args!("<backenddomain name='{backend}'/>"))?;
    }
    if let Some(target) = &iface.target {
        w.line(1, format_args!("<target dev='{target}'/>"))?;
    }
    if let Some(model) = &iface.model {
        w.line(1, format_args!("<model type='{}'/>", model.name()))?;
    }
    if let Some(mtu) = iface.mtu {
        w.line(1, format_args!("<mtu size='{}'/>", mtu.get()))?;
    }
    w.line(0, format_args!("</interface>"))
}

struct Lines<'o> {
    out: &'o mut dyn Write,
    indent: usize,
}

impl Lines<'_> {
    fn line(&mut self, depth: usize, content: fmt::Arguments<'_>) -> fmt::Result {
        for _ in 0..self.indent + 2 * depth {
            self.out.write_char(' ')?;
        }
        self.out.write_fmt(content)?;
        self.out.write_char('\n')
    }
}
