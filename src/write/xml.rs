//! The canonical `<interface>` document: libvirt's element order, two-space
//! indentation, attributes in single quotes, no declaration.
//!
//! Every text value goes into its attribute through [`Attr`], which escapes
//! what XML gives a meaning there. The values that reach this writer today
//! cannot hold such characters (bridge, script, model, … are checked on the way
//! in), but a network name may hold any of them, and the writer does not rely
//! on what its callers happen to pass. Typed values (MAC, IP, numbers) are
//! written by their `Display`, which only ever produces hex digits, `.` and `:`.

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
        Connection::Bridge(bridge) => w.line(
            1,
            format_args!("<source bridge='{}'/>", Attr(bridge.as_str())),
        )?,
        Connection::Network { network, .. } => w.line(
            1,
            format_args!("<source network='{}'/>", Attr(network.as_str())),
        )?,
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
        w.line(
            1,
            format_args!("<script path='{}'/>", Attr(script.as_str())),
        )?;
    }
    if let Some(backend) = &iface.backend {
        w.line(
            1,
            format_args!("<backenddomain name='{}'/>", Attr(backend.as_str())),
        )?;
    }
    if let Some(target) = &iface.target {
        w.line(1, format_args!("<target dev='{}'/>", Attr(target.as_str())))?;
    }
    if let Some(model) = &iface.model {
        w.line(1, format_args!("<model type='{}'/>", Attr(model.name())))?;
    }
    if let Some(mtu) = iface.mtu {
        w.line(1, format_args!("<mtu size='{}'/>", mtu.get()))?;
    }
    w.line(0, format_args!("</interface>"))
}

/// An attribute value, written with `&`, `<`, `>`, `'` and `"` as entity
/// references, and tab, newline and carriage return as character references (a
/// reader would turn them into spaces otherwise). A value with none of them —
/// every value today — is written as one slice, after one scan.
struct Attr<'v>(&'v str);

impl fmt::Display for Attr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        if !value.bytes().any(|b| escape(b).is_some()) {
            return f.write_str(value);
        }
        let mut plain = 0;
        for (i, b) in value.bytes().enumerate() {
            if let Some(reference) = escape(b) {
                f.write_str(&value[plain..i])?;
                f.write_str(reference)?;
                plain = i + 1;
            }
        }
        f.write_str(&value[plain..])
    }
}

/// What stands for byte `b` in an attribute value, if not itself. (Each of
/// these bytes is ASCII, so the slices around it are on character boundaries.)
#[inline]
fn escape(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\'' => Some("&apos;"),
        b'"' => Some("&quot;"),
        b'\t' => Some("&#9;"),
        b'\n' => Some("&#10;"),
        b'\r' => Some("&#13;"),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    use super::*;
    use crate::model::Model;
    use crate::value::{DomainName, IfName, ModelName, NetworkName, Script};

    fn attr(value: &str) -> String {
        Attr(value).to_string()
    }

    /// The value of attribute `name` of element `element` in `xml`, as an XML
    /// reader (quick-xml, with XML 1.0's attribute-value normalisation) reads it.
    fn read_back(xml: &str, element: &str, name: &str) -> String {
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event().expect("well-formed") {
                Event::Empty(e) | Event::Start(e) if e.name().as_ref() == element => {
                    let a = e
                        .attributes()
                        .map(|a| a.expect("an attribute"))
                        .find(|a| a.key.as_ref() == name)
                        .expect("the attribute");
                    return a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .expect("decodes")
                        .into_owned();
                }
                Event::Eof => panic!("no <{element}> in {xml}"),
                _ => {}
            }
        }
    }

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(attr("xenbr0"), "xenbr0");
        assert_eq!(attr(""), "");
        assert_eq!(attr("&"), "&amp;");
        assert_eq!(attr("a&b<c>d'e\"f"), "a&amp;b&lt;c&gt;d&apos;e&quot;f");
        assert_eq!(attr("'<&\">"), "&apos;&lt;&amp;&quot;&gt;");
        assert_eq!(attr("tab\there\nnl\rcr"), "tab&#9;here&#10;nl&#13;cr");
        // Characters outside ASCII pass through, next to escaped ones too.
        assert_eq!(attr("réseau&ü"), "réseau&amp;ü");
        assert_eq!(attr("&&"), "&amp;&amp;");
    }

    #[test]
    fn a_network_name_with_xml_characters_reads_back_unchanged() {
        let name = "lan 'a' & \"b\" <c>\td\ne\rf ü";
        let mut iface = Interface::new(Connection::Network {
            network: NetworkName::parse(Cow::Borrowed(name)).unwrap(),
            bridge: None,
        });
        iface.script = Some(Script::parse("/etc/xen/scripts/vif-bridge").unwrap());
        let mut out = String::new();
        write_interface(&mut out, &iface, 0).unwrap();
        assert_eq!(
            out,
            "<interface type='network'>\n  <source network='lan &apos;a&apos; &amp; &quot;b&quot; \
             &lt;c&gt;&#9;d&#10;e&#13;f ü'/>\n  <script path='/etc/xen/scripts/vif-bridge'/>\n\
             </interface>\n"
        );
        assert_eq!(read_back(&out, "source", "network"), name);
    }

    #[test]
    fn plain_values_are_written_as_they_are() {
        let mut iface = Interface::new(Connection::Bridge(
            IfName::parse("bridge", "br-0.1:x").unwrap(),
        ));
        iface.target = Some(IfName::parse("vifname", "web_0").unwrap());
        iface.backend = Some(DomainName::parse("driver-dom.1").unwrap());
        iface.model = Some(Model::from_name(ModelName::parse("virtio-net").unwrap()));
        let mut out = String::new();
        write_interface(&mut out, &iface, 2).unwrap();
        assert_eq!(
            out,
            "  <interface type='bridge'>\n    <source bridge='br-0.1:x'/>\n    \
             <backenddomain name='driver-dom.1'/>\n    <target dev='web_0'/>\n    \
             <model type='virtio-net'/>\n  </interface>\n"
        );
        for (element, name, value) in [
            ("source", "bridge", "br-0.1:x"),
            ("backenddomain", "name", "driver-dom.1"),
            ("target", "dev", "web_0"),
            ("model", "type", "virtio-net"),
        ] {
            assert_eq!(read_back(&out, element, name), value);
        }
    }
}
