//! The canonical `<interface>` document: libvirt's element order, two-space
//! indentation, attributes in single quotes, no declaration.
//!
//! Every text value goes into its attribute through [`Attr`], which escapes
//! what XML gives a meaning there. The values that reach this writer today
//! cannot hold such characters (bridge, script, model, … are checked on the way
//! in), but a network name may hold any of them, and the writer does not rely
//! on what its callers happen to pass. Typed values (MAC, IP, numbers) are
//! written in their canonical form, which only ever holds hex digits, `.` and
//! `:`.
//!
//! The document is written a piece at a time with `write_str`, never through
//! `core::fmt`'s machinery: each line is the markup before an attribute value
//! (its indentation included), the value, the markup after it and a newline,
//! and the markup is a constant that the compiler copies in place.

use std::fmt::{self, Write};
use std::net::IpAddr;

use super::text::{write_decimal, write_ipv4};
use crate::model::{Connection, Interface};

/// Markup as one constant: lines as a document of its own holds them (the
/// last one may stop before a value), each two spaces further in when
/// `$indent` is 2 (inside `<devices>`). After `=>`, the lines follow the end of
/// a line that is not indented again. One constant is one write: the
/// indentation costs nothing of its own.
macro_rules! lines {
    ($indent:expr; $($line:literal),+) => {
        if $indent == 0 {
            concat!($($line),+)
        } else {
            concat!($("  ", $line),+)
        }
    };
    ($indent:expr; $end:literal => $($line:literal),+) => {
        if $indent == 0 {
            concat!($end, $($line),+)
        } else {
            concat!($end, $("  ", $line),+)
        }
    };
}

/// Writes `iface` with every line indented by `INDENT` more spaces (0 for a
/// document of its own, 2 inside `<devices>`), ending in a newline. Its
/// addresses are `ips` (a vif's are kept apart: see
/// [`Addresses`](crate::rules::to_interface::Addresses)), not `iface.ips`.
pub(crate) fn write_interface<W: Write + ?Sized, const INDENT: usize>(
    out: &mut W,
    iface: &Interface<'_>,
    ips: &[IpAddr],
) -> fmt::Result {
    const { assert!(INDENT == 0 || INDENT == 2, "lines! knows these two") };
    let mut w = Lines { out };
    w.line(match iface.connection {
        Connection::Bridge(_) => lines!(INDENT; "<interface type='bridge'>\n"),
        Connection::Network { .. } => lines!(INDENT; "<interface type='network'>\n"),
        Connection::Ethernet => lines!(INDENT; "<interface type='ethernet'>\n"),
    })?;
    if let Some(mac) = iface.mac {
        let head = lines!(INDENT; "  <mac address='");
        w.plain(head, mac.text().as_str(), "'/>\n")?;
    }
    match &iface.connection {
        Connection::Bridge(bridge) => {
            let head = lines!(INDENT; "  <source bridge='");
            w.text(head, bridge.as_str(), "'/>\n")?
        }
        Connection::Network { network, .. } => {
            let head = lines!(INDENT; "  <source network='");
            w.text(head, network.as_str(), "'/>\n")?
        }
        Connection::Ethernet => {}
    }
    if let Some(vlan) = &iface.vlan {
        w.line(if vlan.trunk {
            lines!(INDENT; "  <vlan trunk='yes'>\n")
        } else {
            lines!(INDENT; "  <vlan>\n")
        })?;
        for tag in &vlan.tags {
            let head = lines!(INDENT; "    <tag id='");
            w.number(head, tag.get().into(), "'/>\n")?;
        }
        w.line(lines!(INDENT; "  </vlan>\n"))?;
    }
    if iface.openvswitch {
        w.line(lines!(INDENT; "  <virtualport type='openvswitch'/>\n"))?;
    }
    if let Some(average) = iface.outbound_average {
        let head = lines!(INDENT; "  <bandwidth>\n", "    <outbound average='");
        let tail = lines!(INDENT; "'/>\n" => "  </bandwidth>\n");
        w.number(head, average.get(), tail)?;
    }
    for ip in ips {
        w.line(lines!(INDENT; "  <ip address='"))?;
        match ip {
            IpAddr::V4(v4) => {
                write_ipv4(w.out, *v4)?;
                w.out.write_str("' family='ipv4'/>\n")?;
            }
            IpAddr::V6(v6) => {
                // Rare, and its canonical form (RFC 5952) is std's to get right.
                write!(w.out, "{v6}")?;
                w.out.write_str("' family='ipv6'/>\n")?;
            }
        }
    }
    if let Some(script) = &iface.script {
        let head = lines!(INDENT; "  <script path='");
        w.text(head, script.as_str(), "'/>\n")?;
    }
    if let Some(backend) = &iface.backend {
        let head = lines!(INDENT; "  <backenddomain name='");
        w.text(head, backend.as_str(), "'/>\n")?;
    }
    if let Some(target) = &iface.target {
        let head = lines!(INDENT; "  <target dev='");
        w.text(head, target.as_str(), "'/>\n")?;
    }
    if let Some(model) = &iface.model {
        let head = lines!(INDENT; "  <model type='");
        w.text(head, model.name(), "'/>\n")?;
    }
    if let Some(mtu) = iface.mtu {
        let head = lines!(INDENT; "  <mtu size='");
        w.number(head, mtu.get().into(), "'/>\n")?;
    }
    w.line(lines!(INDENT; "</interface>\n"))
}

/// The lines of one document, each written as its markup with its
/// indentation (see [`lines!`]), the value, the markup after it. Always
/// inlined, so that the markup is a constant at every call.
struct Lines<'o, W: ?Sized> {
    out: &'o mut W,
}

impl<W: Write + ?Sized> Lines<'_, W> {
    /// Markup alone.
    #[inline(always)]
    fn line(&mut self, markup: &str) -> fmt::Result {
        self.out.write_str(markup)
    }

    /// A line holding one text value: `head`, the value escaped, `tail`.
    #[inline(always)]
    fn text(&mut self, head: &str, value: &str, tail: &str) -> fmt::Result {
        self.out.write_str(head)?;
        Attr(value).write_to(self.out)?;
        self.out.write_str(tail)
    }

    /// A line holding one typed value, which needs no escaping.
    #[inline(always)]
    fn plain(&mut self, head: &str, value: &str, tail: &str) -> fmt::Result {
        self.out.write_str(head)?;
        self.out.write_str(value)?;
        self.out.write_str(tail)
    }

    /// A line holding a number.
    #[inline(always)]
    fn number(&mut self, head: &str, n: u32, tail: &str) -> fmt::Result {
        self.out.write_str(head)?;
        write_decimal(self.out, n)?;
        self.out.write_str(tail)
    }
}

/// An attribute value, written with `&`, `<`, `>`, `'` and `"` as entity
/// references, and tab, newline and carriage return as character references (a
/// reader would turn them into spaces otherwise). A value with none of them —
/// every value today — is written as one slice, after one scan.
struct Attr<'v>(&'v str);

impl Attr<'_> {
    #[inline(always)]
    fn write_to<W: Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let value = self.0;
        // No early exit: a value to escape is rare, and a scan that does not
        // stop costs a load and an OR a byte.
        if !value
            .bytes()
            .fold(false, |any, b| any | ESCAPED[usize::from(b)])
        {
            return out.write_str(value);
        }
        self.write_escaped(out)
    }

    #[cold]
    #[inline(never)]
    fn write_escaped<W: Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let value = self.0;
        let mut plain = 0;
        for (i, b) in value.bytes().enumerate() {
            if let Some(reference) = escape(b) {
                out.write_str(&value[plain..i])?;
                out.write_str(reference)?;
                plain = i + 1;
            }
        }
        out.write_str(&value[plain..])
    }
}

/// Whether [`escape`] replaces a byte, as a table (one load per byte scanned).
static ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = escape(b as u8).is_some();
        b += 1;
    }
    t
};

/// What stands for byte `b` in an attribute value, if not itself. (Each of
/// these bytes is ASCII, so the slices around it are on character boundaries.)
const fn escape(b: u8) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    use super::*;
    use crate::model::Model;
    use crate::model::Vlan;
    use crate::value::parse_ip;
    use crate::value::{
        DomainName, IfName, KbPerSec, MacAddr, ModelName, Mtu, NetworkName, Script, VlanTag,
    };

    fn attr(value: &str) -> String {
        let mut out = String::new();
        Attr(value).write_to(&mut out).unwrap();
        out
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
        write_interface::<_, 0>(&mut out, &iface, &iface.ips).unwrap();
        assert_eq!(
            out,
            "<interface type='network'>\n  <source network='lan &apos;a&apos; &amp; &quot;b&quot; \
             &lt;c&gt;&#9;d&#10;e&#13;f ü'/>\n  <script path='/etc/xen/scripts/vif-bridge'/>\n\
             </interface>\n"
        );
        assert_eq!(read_back(&out, "source", "network"), name);
    }

    /// Every element, in SPEC §5's order, standalone and inside `<devices>`.
    #[test]
    fn every_element_in_libvirts_order() {
        let mut iface = Interface::new(Connection::Bridge(
            IfName::parse("bridge", "ovsbr0").unwrap(),
        ));
        iface.mac = Some(MacAddr::parse("00:16:3E:0a:7b:9", &[':']).unwrap());
        iface.vlan = Some(Vlan {
            trunk: true,
            tags: vec![
                VlanTag::parse("0").unwrap(),
                VlanTag::parse("4095").unwrap(),
            ],
        });
        iface.openvswitch = true;
        iface.outbound_average = KbPerSec::new(u64::from(u32::MAX));
        iface.ips = vec![
            parse_ip("192.0.2.255").unwrap(),
            parse_ip("2001:db8:0:0::1").unwrap(),
            parse_ip("0.0.0.0").unwrap(),
        ];
        iface.script = Some(Script::parse("vif-openvswitch").unwrap());
        iface.backend = Some(DomainName::parse("netdom").unwrap());
        iface.target = Some(IfName::parse("vifname", "web0").unwrap());
        iface.model = Some(Model::E1000);
        iface.mtu = Some(Mtu::parse("9000").unwrap());
        let body = "<interface type='bridge'>\n  <mac address='00:16:3e:0a:7b:09'/>\n  \
             <source bridge='ovsbr0'/>\n  <vlan trunk='yes'>\n    <tag id='0'/>\n    \
             <tag id='4095'/>\n  </vlan>\n  <virtualport type='openvswitch'/>\n  \
             <bandwidth>\n    <outbound average='4294967295'/>\n  </bandwidth>\n  \
             <ip address='192.0.2.255' family='ipv4'/>\n  \
             <ip address='2001:db8::1' family='ipv6'/>\n  \
             <ip address='0.0.0.0' family='ipv4'/>\n  <script path='vif-openvswitch'/>\n  \
             <backenddomain name='netdom'/>\n  <target dev='web0'/>\n  \
             <model type='e1000'/>\n  <mtu size='9000'/>\n</interface>\n";
        let mut out = String::new();
        write_interface::<_, 0>(&mut out, &iface, &iface.ips).unwrap();
        assert_eq!(out, body);
        let mut nested = String::new();
        write_interface::<_, 2>(&mut nested, &iface, &iface.ips).unwrap();
        let indented: String = body.lines().map(|l| format!("  {l}\n")).collect();
        assert_eq!(nested, indented);
        // An access port, and an interface with nothing to say.
        iface.vlan = Some(Vlan {
            trunk: false,
            tags: vec![VlanTag::parse("7").unwrap()],
        });
        let mut out = String::new();
        write_interface::<_, 0>(&mut out, &iface, &iface.ips).unwrap();
        assert!(
            out.contains("\n  <vlan>\n    <tag id='7'/>\n  </vlan>\n"),
            "{out}"
        );
        let mut out = String::new();
        write_interface::<_, 2>(&mut out, &Interface::new(Connection::Ethernet), &[]).unwrap();
        assert_eq!(out, "  <interface type='ethernet'>\n  </interface>\n");
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
        write_interface::<_, 2>(&mut out, &iface, &iface.ips).unwrap();
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
