//! SPEC §5 through the Rust API: vif strings, S-expressions and config texts back
//! to canonical XML.

use vifxml::{config_to_interfaces, interface_to_vif, vif_to_interface, Dialect, Options, Status};

fn xml(vif: &str, options: &Options) -> String {
    vif_to_interface(vif.as_bytes(), options).unwrap_or_else(|e| panic!("{vif}: {e}"))
}

fn err(vif: &str, options: &Options) -> (Status, Option<usize>, String) {
    let e = vif_to_interface(vif.as_bytes(), options).expect_err(vif);
    (e.status(), e.offset(), e.to_string())
}

fn xm() -> Options {
    Options::new().dialect(Dialect::Xm)
}
fn sxpr() -> Options {
    Options::new().dialect(Dialect::Sxpr)
}

#[test]
fn every_key_in_canonical_order() {
    let vif = " vifname=web0 , mtu=09000,backend=netdom,rate=10MB/s,model=e1000,script=/etc/xen/scripts/vif-bridge,ip=2001:DB8::1 192.0.2.1,bridge=xenbr0,mac=00-16-3E-0A-7B-39";
    assert_eq!(
        xml(vif, &Options::new()),
        "<interface type='bridge'>\n  <mac address='00:16:3e:0a:7b:39'/>\n  <source bridge='xenbr0'/>\n  <bandwidth>\n    <outbound average='10000'/>\n  </bandwidth>\n  \
         <ip address='2001:db8::1' family='ipv6'/>\n  <ip address='192.0.2.1' family='ipv4'/>\n  <script path='/etc/xen/scripts/vif-bridge'/>\n  \
         <backenddomain name='netdom'/>\n  <target dev='web0'/>\n  <model type='e1000'/>\n  <mtu size='9000'/>\n</interface>\n"
    );
    assert_eq!(
        xml("", &Options::new()),
        "<interface type='ethernet'>\n</interface>\n"
    );
    assert_eq!(
        xml("script=vif-route", &xm()),
        "<interface type='ethernet'>\n  <script path='vif-route'/>\n</interface>\n"
    );
    assert_eq!(
        xml("vifname=vif1.0", &Options::new()),
        "<interface type='ethernet'>\n  <target dev='vif1.0'/>\n</interface>\n"
    );
}

#[test]
fn type_keyword_per_dialect() {
    let netfront = "<interface type='bridge'>\n  <source bridge='b'/>\n  <model type='netfront'/>\n</interface>\n";
    let plain = "<interface type='bridge'>\n  <source bridge='b'/>\n</interface>\n";
    assert_eq!(xml("bridge=b,type=vif", &Options::new()), netfront);
    assert_eq!(
        xml("bridge=b,model=e1000,type=vif", &Options::new()),
        netfront
    );
    assert_eq!(xml("bridge=b,type=netfront", &xm()), netfront);
    assert_eq!(xml("bridge=b,type=none", &xm()), netfront);
    assert_eq!(xml("bridge=b,type=ioemu", &Options::new()), plain);
    assert_eq!(xml("bridge=b,type=ioemu", &xm()), plain);
    assert_eq!(xml("(vif (bridge b)(type 'netfront'))", &sxpr()), netfront);
    assert_eq!(
        err("bridge=b,type=netfront", &Options::new()).0,
        Status::VifSyntax
    );
    assert_eq!(err("bridge=b,type=vif", &xm()).0, Status::VifSyntax);
    assert_eq!(err("(vif (type vif))", &sxpr()).0, Status::VifSyntax);
    assert_eq!(
        err("bridge=b,type=IOEMU", &Options::new()).0,
        Status::VifSyntax
    );
}

#[test]
fn openvswitch_bridges() {
    assert_eq!(
        xml("bridge=ovsbr0:42:43,script=vif-openvswitch", &Options::new()),
        "<interface type='bridge'>\n  <source bridge='ovsbr0'/>\n  <vlan trunk='yes'>\n    <tag id='42'/>\n    <tag id='43'/>\n  </vlan>\n  <virtualport type='openvswitch'/>\n  <script path='vif-openvswitch'/>\n</interface>\n"
    );
    assert_eq!(
        xml("bridge=ovsbr0.42,script=/etc/xen/scripts/vif-openvswitch", &Options::new()),
        "<interface type='bridge'>\n  <source bridge='ovsbr0'/>\n  <vlan>\n    <tag id='42'/>\n  </vlan>\n  <virtualport type='openvswitch'/>\n  <script path='/etc/xen/scripts/vif-openvswitch'/>\n</interface>\n"
    );
    assert_eq!(
        xml("bridge=br0.42", &Options::new()),
        "<interface type='bridge'>\n  <source bridge='br0.42'/>\n</interface>\n"
    );
    assert_eq!(
        xml("bridge=ovsbr0,script=vif-openvswitch", &Options::new()),
        "<interface type='bridge'>\n  <source bridge='ovsbr0'/>\n  <script path='vif-openvswitch'/>\n</interface>\n"
    );
}

#[test]
fn ignored_and_unknown_keys() {
    let plain = "<interface type='bridge'>\n  <source bridge='b'/>\n</interface>\n";
    let strict_xl = Options::new().strict(true);
    for key in [
        "devid=1",
        "gatewaydev=eth0",
        "netdev=x",
        "accel=y",
        "vlan=5",
        "forwarddev=eth1",
        "colo_sock_mirror_id=1",
        "trusted",
        "untrusted",
    ] {
        let vif = format!("bridge=b,{key}");
        assert_eq!(xml(&vif, &Options::new()), plain, "{key}");
        assert_eq!(err(&vif, &strict_xl).0, Status::Unsupported, "{key}");
    }
    for key in ["policy=x", "label=y", "uuid=z"] {
        assert_eq!(xml(&format!("bridge=b,{key}"), &xm()), plain, "{key}");
        assert_eq!(
            err(&format!("bridge=b,{key}"), &Options::new()).0,
            Status::VifSyntax,
            "{key}"
        );
    }
    assert_eq!(err("bridge=b,trusted", &xm()).0, Status::VifSyntax);
    let (status, offset, message) = err("bridge=b,colour=red", &Options::new());
    assert_eq!((status, offset), (Status::VifSyntax, Some(9)));
    assert!(
        message.contains("colour") && message.contains("xl dialect"),
        "{message}"
    );
    assert_eq!(
        err("bridge=b,bridge=c", &Options::new()).0,
        Status::VifSyntax
    );
    assert_eq!(
        err("bridge=b, mac =00:16:3e:00:00:01", &Options::new()).0,
        Status::VifSyntax
    );
    assert_eq!(
        err("bridge=b,justaword", &Options::new()).0,
        Status::VifSyntax
    );
    assert_eq!(
        xml(
            "(vif (bridge b)(uuid 1234)(dev eth0))",
            &sxpr().strict(true)
        ),
        plain
    );
}

#[test]
fn rates() {
    let rate = |r: &str| {
        let x = xml(&format!("rate={r}"), &Options::new());
        x.split("average='")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap()
            .to_string()
    };
    assert_eq!(rate("10240KB/s"), "10240");
    assert_eq!(rate("100Mb/s"), "12500");
    assert_eq!(rate("1b/s"), "1");
    assert_eq!(rate("1GB/s@50ms"), "1000000");
    assert_eq!(
        err("rate=10KB/s@50ms", &Options::new().strict(true)).0,
        Status::Unsupported
    );
    assert_eq!(err("rate=0KB/s", &Options::new()).0, Status::Invalid);
    assert_eq!(
        err("rate=4294967296KB/s", &Options::new()).0,
        Status::Invalid
    );
    assert_eq!(err("rate=fast", &Options::new()).0, Status::VifSyntax);
    // §5: average=N and rate=NKB/s are exact inverses.
    for n in ["1", "999", "10240", "4294967295"] {
        let back = xml(&format!("rate={n}KB/s"), &Options::new());
        assert_eq!(
            interface_to_vif(back.as_bytes(), &Options::new()).unwrap(),
            format!("rate={n}KB/s")
        );
    }
}

#[test]
fn values_are_checked() {
    assert_eq!(
        err("mac=01:00:5e:00:00:01", &Options::new()).0,
        Status::Invalid
    );
    assert_eq!(err("ip=10.0.0.1%eth0", &Options::new()).0, Status::Invalid);
    assert_eq!(err("ip=", &Options::new()).0, Status::Invalid);
    assert_eq!(err("mtu=67", &xm()).0, Status::Invalid);
    assert_eq!(err("bridge=", &Options::new()).0, Status::Invalid);
    assert_eq!(err("bridge=a'b", &Options::new()).0, Status::UnsafeValue);
    assert_eq!(err("script=../x", &Options::new()).0, Status::UnsafeValue);
    assert_eq!(err("model=e1000;x", &Options::new()).0, Status::UnsafeValue);
    assert_eq!(err("vifname=a\"b", &Options::new()).0, Status::UnsafeValue);
    assert_eq!(err("backend=a b", &Options::new()).0, Status::UnsafeValue);
    assert_eq!(
        err("(vif (bridge 'br0\\'x'))", &sxpr()).0,
        Status::UnsafeValue
    );
    assert_eq!(
        xml("backend=0", &Options::new()),
        "<interface type='ethernet'>\n</interface>\n"
    );
    let (status, offset, _) = err("bridge=br0,mac=zz", &Options::new());
    assert_eq!((status, offset), (Status::Invalid, Some(15)));
    assert_eq!(
        vif_to_interface(b"bridge=\xc3", &Options::new())
            .unwrap_err()
            .status(),
        Status::InvalidUtf8
    );
}

#[test]
fn config_files() {
    let config = "# web server\nname = 'web'\nmemory = 1024 ; vcpus = 2\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0',\n        \"bridge=xenbr1,type=vif\", ]\nvif += [ 'script=vif-route' ]\nextra = \"console=hvc0\"\n";
    assert_eq!(
        config_to_interfaces(config.as_bytes(), &Options::new()).unwrap(),
        "<devices>\n  <interface type='bridge'>\n    <mac address='00:16:3e:00:00:01'/>\n    <source bridge='xenbr0'/>\n  </interface>\n  \
         <interface type='bridge'>\n    <source bridge='xenbr1'/>\n    <model type='netfront'/>\n  </interface>\n  \
         <interface type='ethernet'>\n    <script path='vif-route'/>\n  </interface>\n</devices>\n"
    );
    assert_eq!(
        config_to_interfaces(b"name='x'\n", &Options::new()).unwrap(),
        "<devices>\n</devices>\n"
    );
    let e = config_to_interfaces(
        b"name='x'\nvif = [ 'bridge=b,colour=red' ]\n",
        &Options::new(),
    )
    .unwrap_err();
    assert_eq!(
        (e.status(), e.offset()),
        (Status::VifSyntax, Some(9 + 9 + 9))
    );
    assert!(e.to_string().contains("line 2"), "{e}");
    let e = config_to_interfaces(b"name='x'\nvif = 'bridge=b'\n", &Options::new()).unwrap_err();
    assert!(
        e.status() == Status::VifSyntax && e.to_string().contains("line 2"),
        "{e}"
    );
    let e = config_to_interfaces(b"vif = [ 'bridge=b' ] + extra\n", &xm()).unwrap_err();
    assert!(
        e.status() == Status::VifSyntax && e.to_string().contains("line 1"),
        "{e}"
    );
    assert_eq!(
        config_to_interfaces(b"vif = []", &sxpr())
            .unwrap_err()
            .status(),
        Status::InvalidOption
    );
    // Escapes are decoded before the vif is read: a tab is not a safe value.
    // The config context comes first in the message, then what is wrong.
    let e = config_to_interfaces(b"vif = [ 'bridge=a\\tb' ]", &Options::new()).unwrap_err();
    assert_eq!(e.status(), Status::UnsafeValue);
    assert!(
        e.to_string()
            .starts_with("config line 1, vif entry: unsafe value for bridge: "),
        "{e}"
    );
}

/// What the forward direction refuses for vif-openvswitch, the reverse refuses too.
#[test]
fn openvswitch_names_without_a_vlan_suffix_are_refused() {
    for bad in [
        "bridge=br.x,script=vif-openvswitch",
        "bridge=br:5:,script=/etc/xen/scripts/vif-openvswitch",
        "bridge=br.,script=vif-openvswitch",
    ] {
        assert_eq!(err(bad, &Options::new()).0, Status::UnsafeValue, "{bad}");
    }
    assert_eq!(
        err("bridge=br.x,script=vif-openvswitch", &xm()).0,
        Status::UnsafeValue
    );
}
