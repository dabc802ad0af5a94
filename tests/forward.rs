//! SPEC §1–§4 and §6 through the Rust API: one assertion per rule, exact strings
//! and exact statuses.

use vifxml::{
    domain_to_config, domain_to_vifs, interface_to_vif, Dialect, Guest, Options, Status, XenVersion,
};

const MAC: &str = "<mac address='00:16:3e:66:92:9c'/>";

fn iface(body: &str) -> String {
    format!("<interface type='bridge'>{MAC}<source bridge='xenbr0'/>{body}</interface>")
}

fn vif(xml: &str, options: &Options) -> Result<String, (Status, String)> {
    interface_to_vif(xml.as_bytes(), options).map_err(|e| (e.status(), e.to_string()))
}

fn ok(xml: &str, options: &Options) -> String {
    vif(xml, options).unwrap_or_else(|e| panic!("{xml}: {e:?}"))
}

fn status(xml: &str, options: &Options) -> Status {
    match vif(xml, options) {
        Ok(v) => panic!("{xml} converted to {v}"),
        Err((s, _)) => s,
    }
}

fn xl() -> Options {
    Options::new()
}
fn xm(v: (u32, u32, u32)) -> Options {
    Options::new()
        .dialect(Dialect::Xm)
        .xen_version(XenVersion::new(v.0, v.1, v.2))
}
fn sxpr(v: (u32, u32, u32)) -> Options {
    Options::new()
        .dialect(Dialect::Sxpr)
        .xen_version(XenVersion::new(v.0, v.1, v.2))
}

const BASE: &str = "mac=00:16:3e:66:92:9c,bridge=xenbr0,script=vif-bridge";

#[test]
fn model_table_hvm() {
    let model = |m: &str| {
        if m.is_empty() {
            String::new()
        } else {
            format!("<model type='{m}'/>")
        }
    };
    let cases: &[(&str, Options, &str)] = &[
        ("", xl(), ""),
        ("netfront", xl(), ",type=vif"),
        ("netback", xl(), ",type=vif"),
        ("ioemu", xl(), ",type=ioemu"),
        ("e1000", xl(), ",model=e1000"),
        ("", xm((3, 0, 4)), ",type=ioemu"),
        ("", xm((3, 1, 0)), ""),
        ("netfront", xm((3, 0, 2)), ",type=netfront"),
        ("ioemu", xm((4, 4, 0)), ",type=ioemu"),
        ("rtl8139", xm((3, 0, 4)), ",model=rtl8139,type=ioemu"),
        ("rtl8139", xm((3, 1, 0)), ",model=rtl8139"),
        (
            "ne2k_pci",
            Options::new().dialect(Dialect::Xm),
            ",model=ne2k_pci",
        ),
    ];
    for (m, options, tail) in cases {
        assert_eq!(
            ok(&iface(&model(m)), options),
            format!("{BASE}{tail}"),
            "model {m:?} {options:?}"
        );
    }
    let sx = "(vif (mac '00:16:3e:66:92:9c')(bridge 'xenbr0')(script 'vif-bridge')";
    for (m, options, tail) in [
        ("", sxpr((3, 0, 4)), "(type ioemu))"),
        ("", sxpr((3, 1, 0)), ")"),
        ("netfront", sxpr((4, 4, 0)), "(type netfront))"),
        ("ioemu", sxpr((4, 0, 0)), "(type ioemu))"),
        ("e1000", sxpr((3, 0, 3)), "(model 'e1000')(type ioemu))"),
        ("e1000", sxpr((3, 1, 0)), "(model 'e1000'))"),
    ] {
        assert_eq!(
            ok(&iface(&model(m)), &options),
            format!("{sx}{tail}"),
            "sxpr model {m:?}"
        );
    }
}

#[test]
fn model_table_pv_and_pvh() {
    for guest in [Guest::Pv, Guest::Pvh] {
        for options in [xl(), xm((3, 0, 2)), xm((4, 4, 0))] {
            let options = options.guest(guest);
            assert_eq!(ok(&iface(""), &options), BASE);
            assert_eq!(
                ok(&iface("<model type='netfront'/>"), &options),
                format!("{BASE},model=netfront")
            );
            assert_eq!(
                ok(&iface("<model type='e1000'/>"), &options),
                format!("{BASE},model=e1000")
            );
            assert_eq!(
                status(&iface("<model type='ioemu'/>"), &options),
                Status::Unsupported
            );
        }
        let options = sxpr((3, 0, 2)).guest(guest);
        assert_eq!(ok(&iface("<model type='netfront'/>"), &options), "(vif (mac '00:16:3e:66:92:9c')(bridge 'xenbr0')(script 'vif-bridge')(model 'netfront'))");
    }
}

#[test]
fn xl_version_gates() {
    let xl_at = |major, minor| Options::new().xen_version(XenVersion::new(major, minor, 0));
    assert_eq!(
        status(&iface("<model type='netfront'/>"), &xl_at(4, 1)),
        Status::Unsupported
    );
    assert_eq!(
        ok(&iface("<model type='netfront'/>"), &xl_at(4, 2)),
        format!("{BASE},type=vif")
    );
    // The netfront gate is HVM-only: a PV guest's model=netfront works on any xl.
    assert_eq!(
        ok(
            &iface("<model type='netfront'/>"),
            &xl_at(4, 1).guest(Guest::Pv)
        ),
        format!("{BASE},model=netfront")
    );
    assert_eq!(
        status(&iface("<mtu size='9000'/>"), &xl_at(4, 14)),
        Status::Unsupported
    );
    assert_eq!(
        ok(&iface("<mtu size='9000'/>"), &xl_at(4, 15)),
        format!("{BASE},mtu=9000")
    );
    assert_eq!(
        ok(&iface("<mtu size='09000'/>"), &xl()),
        format!("{BASE},mtu=9000")
    );
    assert_eq!(
        status(&iface("<mtu size='9000'/>"), &xm((4, 4, 0))),
        Status::Unsupported
    );
    assert_eq!(
        status(&iface("<mtu size='9000'/>"), &sxpr((4, 4, 0))),
        Status::Unsupported
    );
    assert_eq!(status(&iface("<mtu size='67'/>"), &xl()), Status::Invalid);
    assert_eq!(
        status(&iface("<mtu size='65536'/>"), &xl()),
        Status::Invalid
    );
}

#[test]
fn option_combinations() {
    let x = iface("");
    assert_eq!(
        status(&x, &Options::new().xen_version(XenVersion::new(4, 0, 0))),
        Status::InvalidOption
    );
    assert_eq!(status(&x, &xm((4, 5, 0))), Status::InvalidOption);
    assert_eq!(status(&x, &sxpr((3, 0, 1))), Status::InvalidOption);
    assert_eq!(ok(&x, &xm((3, 0, 2))), format!("{BASE},type=ioemu"));
    assert_eq!(ok(&x, &Options::new().dialect(Dialect::Xm)), BASE);
}

#[test]
fn key_order_in_every_dialect() {
    let full = "<interface type='bridge'><model type='e1000'/><target dev='web0'/><backenddomain name='netdom'/>\
                <bandwidth><outbound average='10240'/></bandwidth><script path='/etc/xen/scripts/vif-bridge'/>\
                <ip address='192.0.2.1'/><source bridge='xenbr0'/><mac address='00:16:3E:66:92:9C'/></interface>";
    assert_eq!(
        ok(full, &xm((3, 0, 4))),
        "mac=00:16:3e:66:92:9c,bridge=xenbr0,ip=192.0.2.1,script=/etc/xen/scripts/vif-bridge,model=e1000,type=ioemu,vifname=web0,rate=10240KB/s,backend=netdom"
    );
    assert_eq!(
        ok(full, &sxpr((3, 0, 4))),
        "(vif (mac '00:16:3e:66:92:9c')(rate '10240KB/s')(bridge 'xenbr0')(script '/etc/xen/scripts/vif-bridge')(ip '192.0.2.1')(vifname 'web0')(model 'e1000')(type ioemu)(backend 'netdom'))"
    );
    let ethernet = "<interface type='ethernet'><ip address='10.0.0.1'/><ip address='2001:DB8:0:0::1'/><script path='vif-route'/></interface>";
    assert_eq!(
        ok(ethernet, &xl()),
        "script=vif-route,ip=10.0.0.1 2001:db8::1"
    );
    assert_eq!(status(ethernet, &sxpr((4, 4, 0))), Status::Unsupported);
    assert_eq!(ok("<interface type='ethernet'/>", &xl()), "");
    assert_eq!(
        ok("<interface type='ethernet'/>", &sxpr((4, 0, 0))),
        "(vif)"
    );
}

#[test]
fn connection_types() {
    assert_eq!(ok("<interface type='bridge'><source bridge='br0'/><virtualport type='openvswitch'/></interface>", &xl()), "bridge=br0,script=vif-openvswitch");
    assert_eq!(ok("<interface type='bridge'><source bridge='br0'/><script path='my-script'/><virtualport type='openvswitch'/></interface>", &xl()), "bridge=br0,script=my-script");
    assert_eq!(status("<interface type='bridge'/>", &xl()), Status::Invalid);
    let (s, message) = vif(
        "<interface type='none'><model type='netfront'/></interface>",
        &xl(),
    )
    .unwrap_err();
    assert_eq!(s, Status::Unsupported);
    assert!(
        message.contains("<model type='netfront'/>") && message.contains("connected"),
        "{message}"
    );
    for foreign in [
        "user",
        "direct",
        "hostdev",
        "vhostuser",
        "vdpa",
        "mcast",
        "udp",
        "server",
        "client",
        "null",
        "vds",
    ] {
        let (s, message) = vif(
            &format!("<interface type='{foreign}'/>"),
            &Options::new().dialect(Dialect::Xm),
        )
        .unwrap_err();
        assert_eq!(s, Status::Unsupported, "{foreign}");
        assert!(
            message.contains(foreign) && message.contains("xm"),
            "{message}"
        );
    }
    for unknown in ["Bridge", "bogus", ""] {
        assert_eq!(
            status(&format!("<interface type='{unknown}'/>"), &xl()),
            Status::Invalid,
            "{unknown}"
        );
    }
    assert_eq!(status("<interface/>", &xl()), Status::Invalid);
}

#[test]
fn networks_resolve_through_table_then_resolver() {
    let xml = "<interface type='network'><source network='default'/><ip address='192.0.2.9'/></interface>";
    let (s, message) = vif(xml, &xl()).unwrap_err();
    assert_eq!(s, Status::NetworkUnresolved);
    assert!(message.contains("'default'"), "{message}");
    let table = Options::new().network("default", "virbr0").unwrap();
    assert_eq!(
        ok(xml, &table),
        "bridge=virbr0,ip=192.0.2.9,script=vif-bridge"
    );
    let resolver =
        Options::new().resolver(|n: &str| (n == "default").then(|| "br-res".to_string()));
    assert_eq!(
        ok(xml, &resolver),
        "bridge=br-res,ip=192.0.2.9,script=vif-bridge"
    );
    let both = table.clone().resolver(|_: &str| Some("never".to_string()));
    assert_eq!(
        ok(xml, &both),
        "bridge=virbr0,ip=192.0.2.9,script=vif-bridge"
    );
    let evil = Options::new().resolver(|_: &str| Some("br0,script=/tmp/x".to_string()));
    assert_eq!(status(xml, &evil), Status::UnsafeValue);
    let ovs = "<interface type='network'><source network='default'/><virtualport type='openvswitch'/><vlan><tag id='7'/></vlan></interface>";
    assert_eq!(ok(ovs, &table), "bridge=virbr0.7,script=vif-openvswitch");
    assert_eq!(
        status(
            "<interface type='network'><source network='default' portgroup='web'/></interface>",
            &table
        ),
        Status::Unsupported
    );
}

#[test]
fn openvswitch_vlans() {
    let ovs = |vlan: &str| {
        format!("<interface type='bridge'><source bridge='ovsbr0'/><virtualport type='openvswitch'/>{vlan}</interface>")
    };
    assert_eq!(
        ok(&ovs("<vlan><tag id='42'/></vlan>"), &xl()),
        "bridge=ovsbr0.42,script=vif-openvswitch"
    );
    assert_eq!(
        ok(&ovs("<vlan trunk='yes'><tag id='42'/></vlan>"), &xl()),
        "bridge=ovsbr0:42,script=vif-openvswitch"
    );
    assert_eq!(
        ok(&ovs("<vlan><tag id='42'/><tag id='043'/></vlan>"), &xl()),
        "bridge=ovsbr0:42:43,script=vif-openvswitch"
    );
    assert_eq!(
        status(
            &ovs("<vlan trunk='no'><tag id='42'/><tag id='43'/></vlan>"),
            &xl()
        ),
        Status::Invalid
    );
    assert_eq!(
        status(&ovs("<vlan><tag id='4096'/></vlan>"), &xl()),
        Status::Invalid
    );
    assert_eq!(status(&ovs("<vlan/>"), &xl()), Status::Invalid);
    assert_eq!(
        status(
            &ovs("<vlan><tag id='1' nativeMode='tagged'/></vlan>"),
            &xl()
        ),
        Status::Unsupported
    );
    assert_eq!(
        status(&ovs("<vlan trunk='maybe'><tag id='1'/></vlan>"), &xl()),
        Status::Invalid
    );
    let plain =
        "<interface type='bridge'><source bridge='br0'/><vlan><tag id='42'/></vlan></interface>";
    assert_eq!(status(plain, &xl()), Status::Unsupported);
    assert_eq!(
        status(plain, &Options::new().strict(true)),
        Status::Unsupported
    );
    assert_eq!(status("<interface type='bridge'><source bridge='br.0'/><virtualport type='openvswitch'/></interface>", &xl()), Status::UnsafeValue);
    assert_eq!(status("<interface type='bridge'><source bridge='br0'/><virtualport type='802.1Qbh'/></interface>", &xl()), Status::Unsupported);
    assert_eq!(
        status(
            "<interface type='bridge'><source bridge='br0'/><virtualport/></interface>",
            &xl()
        ),
        Status::Unsupported
    );
    // vif-openvswitch reads a dotted name as bridge + VLAN, virtualport or not.
    let dotted = "<interface type='bridge'><source bridge='br.a.5'/><script path='/etc/xen/scripts/vif-openvswitch'/></interface>";
    assert_eq!(status(dotted, &xl()), Status::UnsafeValue);
    assert_eq!(
        ok("<interface type='bridge'><source bridge='br.a.5'/><script path='vif-bridge'/></interface>", &xl()),
        "bridge=br.a.5,script=vif-bridge"
    );
    // The 15-byte limit is on the bridge itself, before the VLAN suffix.
    assert_eq!(ok("<interface type='bridge'><source bridge='ovsbr012345678'/><virtualport type='openvswitch'/><vlan><tag id='4095'/></vlan></interface>", &xl()), "bridge=ovsbr012345678.4095,script=vif-openvswitch");
}

#[test]
fn values_are_checked_and_normalised() {
    assert_eq!(
        ok(
            "<interface type='ethernet'><mac address='0:16:3E:A:B:C'/></interface>",
            &xl()
        ),
        "mac=00:16:3e:0a:0b:0c"
    );
    for bad_mac in [
        "01:00:5e:00:00:01",
        "00:00:00:00:00:00",
        "00:16:3e:66:92",
        "00-16-3e-66-92-9c",
        "",
    ] {
        assert_eq!(
            status(
                &format!("<interface type='ethernet'><mac address='{bad_mac}'/></interface>"),
                &xl()
            ),
            Status::Invalid,
            "{bad_mac}"
        );
    }
    assert_eq!(
        status("<interface type='ethernet'><mac/></interface>", &xl()),
        Status::Invalid
    );
    for bad_ip in ["fe80::1%eth0", "10.0.0.256", "10.0.0.1/24", ""] {
        assert_eq!(
            status(
                &format!("<interface type='ethernet'><ip address='{bad_ip}'/></interface>"),
                &xl()
            ),
            Status::Invalid,
            "{bad_ip}"
        );
    }
    for bad in ["0", "4294967296", "1e3", "-5", ""] {
        assert_eq!(
            status(
                &iface(&format!(
                    "<bandwidth><outbound average='{bad}'/></bandwidth>"
                )),
                &xl()
            ),
            Status::Invalid,
            "{bad}"
        );
    }
    assert_eq!(
        ok(
            &iface("<bandwidth><outbound average='4294967295'/></bandwidth>"),
            &xl()
        ),
        format!("{BASE},rate=4294967295KB/s")
    );
    assert_eq!(ok(&iface("<backenddomain name='0'/>"), &xl()), BASE);
    assert_eq!(
        ok(&iface("<backenddomain name='driver-dom'/>"), &xl()),
        format!("{BASE},backend=driver-dom")
    );
    for generated in [
        "vif4.0",
        "vif12.3-emu",
        "vif-1.0",
        "vif-web",
        "vnet0",
        "macvtap0",
        "macvlan1",
    ] {
        assert_eq!(
            ok(&iface(&format!("<target dev='{generated}'/>")), &xl()),
            BASE,
            "{generated}"
        );
    }
    assert_eq!(
        ok(&iface("<target dev='web-vif'/>"), &xl()),
        format!("{BASE},vifname=web-vif")
    );
}

#[test]
fn unsafe_values_are_refused_not_escaped() {
    let attempts = [
        ("<source bridge='br0,script=x'/>", "source"),
        ("<source bridge='br0 x'/>", "source"),
        ("<source bridge='..'/>", "source"),
        ("<source bridge='abcdefghijklmnop'/>", "source"),
        ("<source bridge='br&quot;0'/>", "source"),
        ("<source bridge='br0&#10;'/>", "source"),
    ];
    for (source, _) in attempts {
        let xml = format!("<interface type='bridge'>{source}</interface>");
        assert_eq!(status(&xml, &xl()), Status::UnsafeValue, "{xml}");
    }
    for (element, bad) in [
        ("script path", "vif-bridge;rm"),
        ("script path", "../../bin/sh"),
        ("script path", "/etc/xen/scripts/../x"),
        ("target dev", "a=b"),
        ("model type", "e1000)(type ioemu"),
        ("model type", "e1000'"),
        ("backenddomain name", "dom#1"),
        ("backenddomain name", "a\\b"),
    ] {
        let (name, attr) = element.split_once(' ').unwrap();
        let xml = iface(&format!("<{name} {attr}=\"{bad}\"/>"));
        for options in [xl(), xm((4, 4, 0)), sxpr((4, 4, 0))] {
            let (s, message) = vif(&xml, &options).unwrap_err();
            assert_eq!(s, Status::UnsafeValue, "{xml}");
            assert!(message.starts_with("unsafe value for "), "{message}");
        }
    }
}

#[test]
fn strict_mode() {
    let strict = Options::new().strict(true);
    let plain = "bridge=br0,script=vif-bridge";
    for (extra, lenient) in [
        ("<driver name='vhost'/>", plain),
        ("<link state='up' extra='x'/>", plain),
        ("<boot order='1'/>", plain),
        ("<rom bar='off'/>", plain),
        ("<coalesce/>", plain),
        ("<tune/>", plain),
        ("<teaming type='persistent'/>", plain),
        ("<unknown/>", plain),
        (
            "<bandwidth><outbound average='1' peak='5'/></bandwidth>",
            "bridge=br0,script=vif-bridge,rate=1KB/s",
        ),
        ("<bandwidth><inbound average='1'/></bandwidth>", plain),
        (
            "<mac address='00:16:3e:00:00:01' type='static'/>",
            "mac=00:16:3e:00:00:01,bridge=br0,script=vif-bridge",
        ),
        (
            "<target dev='web0' managed='no'/>",
            "bridge=br0,script=vif-bridge,vifname=web0",
        ),
    ] {
        let xml = format!("<interface type='bridge'><source bridge='br0'/>{extra}</interface>");
        assert_eq!(ok(&xml, &xl()), lenient, "{extra}");
        let (s, message) = vif(&xml, &strict).unwrap_err();
        assert_eq!(s, Status::Unsupported, "{extra}");
        assert!(message.contains("strict"), "{message}");
    }
    let ethernet_dev = "<interface type='ethernet'><source dev='eth3'/></interface>";
    assert_eq!(ok(ethernet_dev, &xl()), "");
    assert_eq!(status(ethernet_dev, &strict), Status::Unsupported);
    // Never looked at, strict or not.
    let ignored = "<interface type='bridge'><source bridge='br0'/><alias name='net0'/><address type='pci' slot='3'/><acpi index='1'/><!-- c --><metadata><x/></metadata></interface>";
    assert_eq!(ok(ignored, &strict), "bridge=br0,script=vif-bridge");
}

#[test]
fn xml_input_rules() {
    assert_eq!(ok("\u{feff}<?xml version='1.0' encoding='UTF-8'?>\n<interface type=\"bridge\"><source bridge=\"br&#48;\"/></interface>\n", &xl()), "bridge=br0,script=vif-bridge");
    let (s, message) = vif("<domain/>", &xl()).unwrap_err();
    assert_eq!(s, Status::Invalid);
    assert!(message.contains("<domain>"), "{message}");
    assert_eq!(status("<!DOCTYPE interface [<!ENTITY b 'br0'>]><interface type='bridge'><source bridge='&b;'/></interface>", &xl()), Status::Invalid);
    assert_eq!(
        status(
            "<interface type='bridge'><?pi x?><source bridge='br0'/></interface>",
            &xl()
        ),
        Status::Invalid
    );
    assert_eq!(
        status("<interface type='bridge'><source bridge='br0'/>", &xl()),
        Status::XmlSyntax
    );
    for singleton in [
        "<mac address='00:16:3e:00:00:01'/>",
        "<source bridge='br1'/>",
        "<model type='e1000'/>",
        "<target dev='a'/>",
        "<script path='s'/>",
        "<backenddomain name='d'/>",
        "<mtu size='1500'/>",
        "<bandwidth/>",
        "<virtualport type='openvswitch'/>",
        "<vlan><tag id='1'/></vlan>",
    ] {
        let xml = format!("<interface type='bridge'><source bridge='br0'/><virtualport type='openvswitch'/><vlan><tag id='1'/></vlan><bandwidth/>{singleton}{singleton}</interface>");
        assert_eq!(status(&xml, &xl()), Status::Invalid, "{singleton}");
    }
    let e = interface_to_vif(
        b"<interface type='bridge'><source bridge='br 0'/></interface>",
        &xl(),
    )
    .unwrap_err();
    assert_eq!(e.offset(), Some(41));
    let e = interface_to_vif("\u{feff}<interface type='bogus'/>".as_bytes(), &xl()).unwrap_err();
    assert_eq!(e.offset(), Some(3 + 17));
    let e = interface_to_vif(b"<interface type='ethernet'>\xff</interface>", &xl()).unwrap_err();
    assert_eq!((e.status(), e.offset()), (Status::InvalidUtf8, Some(27)));
}

const DOMAIN: &str = "<domain type='xen'><name>web</name><os><type arch='x86_64' machine='xenfv'>hvm</type></os><devices>\
    <disk type='file'><source file='/x'/></disk>\
    <interface type='bridge'><mac address='00:16:3e:00:00:01'/><source bridge='xenbr0'/><model type='netfront'/></interface>\
    <interface type='bridge'><source bridge='xenbr1'/><model type='e1000'/></interface>\
    </devices><interface type='bogus'/></domain>";

#[test]
fn domains() {
    assert_eq!(
        domain_to_vifs(DOMAIN.as_bytes(), &xl()).unwrap(),
        [
            "mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge,type=vif",
            "bridge=xenbr1,script=vif-bridge,model=e1000"
        ]
    );
    assert_eq!(
        domain_to_config(DOMAIN.as_bytes(), &xl()).unwrap(),
        "vif = [ \"mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge,type=vif\", \"bridge=xenbr1,script=vif-bridge,model=e1000\" ]\n"
    );
    assert_eq!(
        domain_to_config(DOMAIN.as_bytes(), &sxpr((3, 0, 4))).unwrap(),
        "(device (vif (mac '00:16:3e:00:00:01')(bridge 'xenbr0')(script 'vif-bridge')(type netfront)))(device (vif (bridge 'xenbr1')(script 'vif-bridge')(model 'e1000')(type ioemu)))\n"
    );
    // The options' guest wins over <os><type>.
    assert_eq!(
        domain_to_vifs(DOMAIN.as_bytes(), &xl().guest(Guest::Pv)).unwrap(),
        [
            "mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge,model=netfront",
            "bridge=xenbr1,script=vif-bridge,model=e1000"
        ]
    );
    let pv = "<domain type='xen'><os><type>linux</type></os><devices><interface type='bridge'><source bridge='b'/><model type='ioemu'/></interface></devices></domain>";
    assert_eq!(
        domain_to_vifs(pv.as_bytes(), &xl()).unwrap_err().status(),
        Status::Unsupported
    );
    let pvh = "<domain type='xen'><os><type machine='xenpvh'>xen</type></os><devices><interface type='bridge'><source bridge='b'/><model type='netfront'/></interface></devices></domain>";
    assert_eq!(
        domain_to_vifs(pvh.as_bytes(), &xl()).unwrap(),
        ["bridge=b,script=vif-bridge,model=netfront"]
    );
    // <os> after <devices> still decides.
    let late = "<domain><devices><interface type='bridge'><source bridge='b'/></interface></devices><os><type>hvm</type></os></domain>";
    assert_eq!(
        domain_to_vifs(late.as_bytes(), &xm((3, 0, 2))).unwrap(),
        ["bridge=b,script=vif-bridge,type=ioemu"]
    );
    let empty = "<domain><os><type>hvm</type></os><devices/></domain>";
    assert_eq!(
        domain_to_vifs(empty.as_bytes(), &xl()).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        domain_to_config(empty.as_bytes(), &xl()).unwrap(),
        "vif = []\n"
    );
    assert_eq!(
        domain_to_config(empty.as_bytes(), &sxpr((4, 0, 0))).unwrap(),
        "\n"
    );
    let no_os = "<domain><devices/></domain>";
    assert_eq!(
        domain_to_vifs(no_os.as_bytes(), &xl())
            .unwrap_err()
            .status(),
        Status::Invalid
    );
    assert!(domain_to_vifs(no_os.as_bytes(), &xl().guest(Guest::Hvm)).is_ok());
    let e = domain_to_vifs(b"<interface type='bridge'/>", &xl()).unwrap_err();
    assert!(
        e.status() == Status::Invalid && e.to_string().contains("<interface>"),
        "{e}"
    );
    assert_eq!(
        domain_to_vifs(
            "<domain><os><type>exe</type></os></domain>".as_bytes(),
            &xl()
        )
        .unwrap_err()
        .status(),
        Status::Invalid
    );
}

/// A document that is not well-formed is XML_SYNTAX, even where something else is
/// wrong with it first.
#[test]
fn syntax_errors_win_over_other_errors() {
    let e = interface_to_vif(
        b"<interface type='bridge'/><interface type='bridge'/>",
        &xl(),
    )
    .unwrap_err();
    assert_eq!((e.status(), e.offset()), (Status::XmlSyntax, Some(26)));
    let e = interface_to_vif(b"<domain/><x/>", &xl()).unwrap_err();
    assert_eq!(e.status(), Status::XmlSyntax);
    let bad_domain =
        "<domain><os><type>hvm</type></os><devices><interface type='none'/></devices></domain><x/>";
    assert_eq!(
        domain_to_vifs(bad_domain.as_bytes(), &xl())
            .unwrap_err()
            .status(),
        Status::XmlSyntax
    );
    let unsupported_first =
        "<domain><os><type>hvm</type></os><devices><interface type='none'/></devices></domain>";
    assert_eq!(
        domain_to_vifs(unsupported_first.as_bytes(), &xl())
            .unwrap_err()
            .status(),
        Status::Unsupported
    );
    for (bad, at) in [
        (
            "<interface type='bridge'>\0<source bridge='br0'/></interface>",
            25,
        ),
        ("<interface type='ethernet'>\u{1}</interface>", 27),
    ] {
        let e = interface_to_vif(bad.as_bytes(), &xl()).unwrap_err();
        assert_eq!(
            (e.status(), e.offset()),
            (Status::XmlSyntax, Some(at)),
            "{bad:?}"
        );
    }
    let e = interface_to_vif(
        b"<interface type='bridge'><source bridge='br0\0x'/></interface>",
        &xl(),
    )
    .unwrap_err();
    assert_eq!((e.status(), e.offset()), (Status::XmlSyntax, Some(44)));
}

/// SPEC §1: the conversion checks the options' combination, in both directions.
#[test]
fn reverse_conversions_check_the_option_combination() {
    let old_xl = Options::new().xen_version(XenVersion::new(4, 0, 9));
    assert_eq!(
        vifxml::vif_to_interface(b"bridge=br0", &old_xl)
            .unwrap_err()
            .status(),
        Status::InvalidOption
    );
    assert_eq!(
        vifxml::config_to_interfaces(b"vif = []", &old_xl)
            .unwrap_err()
            .status(),
        Status::InvalidOption
    );
    let late_xm = Options::new()
        .dialect(Dialect::Xm)
        .xen_version(XenVersion::new(4, 5, 0));
    assert_eq!(
        vifxml::vif_to_interface(b"bridge=br0", &late_xm)
            .unwrap_err()
            .status(),
        Status::InvalidOption
    );
}
