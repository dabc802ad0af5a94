//! SPEC §8.1: every problem in one call, each with severity, status, message,
//! offset, line, column and path; warnings for everything non-strict mode leaves
//! out, with the status strict mode gives.

use vifxml::{
    config_to_interfaces, config_to_interfaces_with_warnings, domain_to_config, domain_to_vifs,
    domain_to_vifs_with_warnings, interface_to_vif, interface_to_vif_with_warnings,
    vif_to_interface, vif_to_interface_with_warnings, Diagnostic, Dialect, Error, Guest, Options,
    Severity, Status, XenVersion,
};

/// What a test compares of a diagnostic: everything but the message's wording
/// past its start.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    severity: Severity,
    status: Status,
    path: String,
    line: usize,
    column: usize,
}

fn seen(d: &Diagnostic) -> Seen {
    Seen {
        severity: d.severity,
        status: d.status,
        path: d.path.clone(),
        line: d.line,
        column: d.column,
    }
}

fn e(status: Status, path: &str, line: usize, column: usize) -> Seen {
    Seen {
        severity: Severity::Error,
        status,
        path: path.into(),
        line,
        column,
    }
}

fn w(status: Status, path: &str, line: usize, column: usize) -> Seen {
    Seen {
        severity: Severity::Warning,
        ..e(status, path, line, column)
    }
}

fn all(error: &Error) -> Vec<Seen> {
    error.diagnostics().iter().map(seen).collect()
}

/// Every diagnostic's line and column agree with its offset in `input`.
fn check_places(input: &[u8], diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let Some(offset) = d.offset else {
            assert_eq!((d.line, d.column), (0, 0), "{d:?}");
            continue;
        };
        assert!(offset <= input.len(), "{d:?}");
        let before = &input[..offset];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        assert_eq!((d.line, d.column), (line, offset - line_start + 1), "{d:?}");
    }
}

const DOMAIN: &str = "<domain type='xen'>
  <os><type>hvm</type></os>
  <devices>
    <interface type='bridge'>
      <mac address='00:16:3e:0a:7b:3g'/>
      <source bridge='br0'/>
      <mtu size='9000'/>
    </interface>
    <disk type='file'/>
    <interface type='network'>
      <source network='lan'/>
      <model type='e1000,x'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br1'/>
    </interface>
    <interface type='user'/>
  </devices>
</domain>
";

#[test]
fn a_domain_reports_every_error_in_input_order() {
    let xm = Options::new().dialect(Dialect::Xm);
    let error = domain_to_vifs(DOMAIN.as_bytes(), &xm).unwrap_err();
    assert_eq!(error.status(), Status::Invalid);
    assert_eq!(
        all(&error),
        [
            e(
                Status::Invalid,
                "/domain/devices/interface[1]/mac/@address",
                5,
                21
            ),
            e(
                Status::Unsupported,
                "/domain/devices/interface[1]/mtu",
                7,
                7
            ),
            e(
                Status::NetworkUnresolved,
                "/domain/devices/interface[2]/source/@network",
                11,
                24
            ),
            e(
                Status::UnsafeValue,
                "/domain/devices/interface[2]/model/@type",
                12,
                20
            ),
            e(
                Status::Unsupported,
                "/domain/devices/interface[4]/@type",
                17,
                22
            ),
        ]
    );
    check_places(DOMAIN.as_bytes(), error.diagnostics());
    let messages: Vec<&str> = error
        .diagnostics()
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages[0],
        "MAC address \"00:16:3e:0a:7b:3g\" has 'g', which is neither a hex digit nor a separator; write it as six hex pairs such as 00:16:3e:12:34:56"
    );
    assert!(
        messages[1]
            .starts_with("<mtu size='9000'/> needs xl on Xen 4.15 or newer (xm on Xen 4.4.0"),
        "{}",
        messages[1]
    );
    assert_eq!(
        messages[2],
        "network 'lan' does not resolve to a bridge: no network table entry or resolver knows it"
    );
    // The same errors from every domain function; the first error's status is the call's.
    let config = domain_to_config(DOMAIN.as_bytes(), &xm).unwrap_err();
    assert_eq!(all(&config), all(&error));
    assert_eq!(error.to_string(), messages[0]);
    assert_eq!(
        (error.line(), error.column(), error.path()),
        (5, 21, "/domain/devices/interface[1]/mac/@address")
    );
}

#[test]
fn a_syntax_error_is_reported_alone() {
    let broken = DOMAIN.replace("</devices>", "</device>");
    let error = domain_to_vifs(broken.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [e(Status::XmlSyntax, "/domain/devices", 18, 3)]
    );
    let crlf = "<interface type='bridge'>\r\n  <mac address='bad'/>\r\n  <source bridge='br0'>\r\n</interface>\r\n";
    let error = interface_to_vif(crlf.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [e(Status::XmlSyntax, "/interface/source", 4, 1)]
    );
}

#[test]
fn lines_and_columns_in_crlf_and_after_a_byte_order_mark() {
    let xml = "\u{feff}<interface type='bridge'>\r\n\t<source bridge='br0'/>\r\n\t<mtu size='x'/>\r\n\t<model type='a b'/>\r\n</interface>\r\n";
    let error = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [
            e(Status::Invalid, "/interface/mtu/@size", 3, 13),
            e(Status::UnsafeValue, "/interface/model/@type", 4, 15),
        ]
    );
    assert_eq!(error.offset(), Some(xml.find("'x'").unwrap() + 1));
    check_places(xml.as_bytes(), error.diagnostics());
}

#[test]
fn errors_point_at_the_part_at_fault() {
    let iface = |inner: &str| {
        format!("<interface type='bridge'>\n  <source bridge='br0'/>\n{inner}</interface>")
    };
    let cases: Vec<(String, Options, Status, &str)> = vec![
        (
            iface("  <mtu size='9000'/>\n"),
            Options::new().dialect(Dialect::Xm),
            Status::Unsupported,
            "/interface/mtu",
        ),
        (
            iface("  <model type='netfront'/>\n"),
            Options::new().xen_version(XenVersion::new(4, 1, 0)),
            Status::Unsupported,
            "/interface/model/@type",
        ),
        (
            iface("  <model type='ioemu'/>\n"),
            Options::new().guest(Guest::Pv),
            Status::Unsupported,
            "/interface/model/@type",
        ),
        (
            iface("  <vlan><tag id='3'/></vlan>\n"),
            Options::new(),
            Status::Unsupported,
            "/interface/vlan",
        ),
        (
            iface("  <ip address='192.0.2.1'/>\n  <ip address='192.0.2.2'/>\n"),
            Options::new().dialect(Dialect::Sxpr),
            Status::Unsupported,
            "/interface/ip",
        ),
        (
            iface("  <filterref filter='clean-traffic'/>\n"),
            Options::new(),
            Status::Unsupported,
            "/interface/filterref",
        ),
        (
            iface("  <link state='down'/>\n"),
            Options::new(),
            Status::Unsupported,
            "/interface/link/@state",
        ),
        (
            iface("  <port isolated='yes'/>\n"),
            Options::new(),
            Status::Unsupported,
            "/interface/port/@isolated",
        ),
        (
            iface("  <mac address='00:16:3e:00:00:01'/>\n  <mac address='00:16:3e:00:00:02'/>\n"),
            Options::new(),
            Status::Invalid,
            "/interface/mac",
        ),
        (
            iface("  <virtualport type='802.1Qbh'/>\n"),
            Options::new(),
            Status::Unsupported,
            "/interface/virtualport/@type",
        ),
    ];
    for (xml, options, status, path) in cases {
        let error = interface_to_vif(xml.as_bytes(), &options).unwrap_err();
        assert_eq!((error.status(), error.path()), (status, path), "{xml}");
        assert_eq!(
            error.line(),
            3 + usize::from(xml.matches('\n').count() == 4),
            "{xml}"
        );
    }
    let network = "<interface type='network'><source network='lan'/></interface>";
    let error = interface_to_vif(network.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        (error.status(), error.path(), error.offset()),
        (
            Status::NetworkUnresolved,
            "/interface/source/@network",
            Some(43)
        )
    );
}

/// Every kind of item non-strict mode leaves out: a warning with the status
/// strict mode gives, at the item; strict mode gives the same items as errors.
#[test]
fn everything_left_out_is_a_warning_strict_makes_it_an_error() {
    let xml = "<interface type='bridge' trustGuestRxFilters='yes'>
  <source bridge='br0' mode='x'/>
  <mac address='00:16:3e:00:00:01' type='static'><x/></mac>
  <driver name='vhost'/>
  <frobnicate/>
  <bandwidth><outbound average='10' peak='20'/><inbound average='5'/></bandwidth>
  <tune><sndbuf>0</sndbuf></tune>
  <link state='up'/>
  <alias name='net0'/>
</interface>";
    let done = interface_to_vif_with_warnings(xml.as_bytes(), &Options::new()).unwrap();
    assert_eq!(
        done.output,
        "mac=00:16:3e:00:00:01,bridge=br0,script=vif-bridge,rate=10KB/s"
    );
    let warnings: Vec<Seen> = done.warnings.iter().map(seen).collect();
    let u = Status::Unsupported;
    let expected = [
        w(u, "/interface/@trustGuestRxFilters", 1, 47),
        w(u, "/interface/source/@mode", 2, 30),
        w(u, "/interface/mac/@type", 3, 42),
        w(u, "/interface/mac/x", 3, 50),
        w(u, "/interface/driver", 4, 3),
        w(u, "/interface/frobnicate", 5, 3),
        w(u, "/interface/bandwidth/outbound/@peak", 6, 43),
        w(u, "/interface/bandwidth/inbound", 6, 48),
        w(u, "/interface/tune", 7, 3),
    ];
    assert_eq!(warnings, expected);
    check_places(xml.as_bytes(), &done.warnings);
    assert!(
        done.warnings
            .iter()
            .all(|d| d.message.ends_with(": ignored")),
        "{:?}",
        done.warnings
    );
    assert_eq!(
        done.warnings[4].message,
        "<driver> has no Xen vif equivalent: ignored"
    );
    // Strict: the same items, as errors, with the same statuses and places.
    let strict = interface_to_vif(xml.as_bytes(), &Options::new().strict(true)).unwrap_err();
    let as_errors: Vec<Seen> = expected
        .iter()
        .map(|s| e(s.status, &s.path, s.line, s.column))
        .collect();
    assert_eq!(all(&strict), as_errors);
    assert_eq!(
        strict.diagnostics()[4].message,
        "<driver> has no Xen vif equivalent (strict mode): remove it or turn strict mode off"
    );
    // Warnings off: nothing collected, the same output.
    assert_eq!(
        interface_to_vif(xml.as_bytes(), &Options::new()).unwrap(),
        done.output
    );
}

#[test]
fn generated_names_and_openvswitch_on_ethernet_are_warned_about() {
    let xml = "<interface type='ethernet'><virtualport type='openvswitch'/><target dev='vif3.0'/></interface>";
    let done = interface_to_vif_with_warnings(xml.as_bytes(), &Options::new()).unwrap();
    assert_eq!(done.output, "");
    assert_eq!(
        done.warnings.iter().map(seen).collect::<Vec<_>>(),
        [
            w(Status::Unsupported, "/interface/virtualport", 1, 28),
            w(Status::Ok, "/interface/target/@dev", 1, 74),
        ]
    );
    assert_eq!(
        done.warnings[1].message,
        "<target dev=\"vif3.0\"> is a name libvirt treats as generated (vif…, vnet…, macvtap…, macvlan…): not written as vifname, so that Xen names the backend interface itself"
    );
    // Strict mode refuses the virtualport; the generated name is fine there too.
    let strict = interface_to_vif(xml.as_bytes(), &Options::new().strict(true)).unwrap_err();
    assert_eq!(
        all(&strict),
        [e(Status::Unsupported, "/interface/virtualport", 1, 28)]
    );
}

#[test]
fn an_ip_prefix_is_not_passed_on_without_a_word() {
    let xml = "<interface type='bridge'><source bridge='br0'/>\n  <ip address='192.0.2.7' prefix='24'/>\n  <ip address='2001:db8::7'/></interface>";
    let done = interface_to_vif_with_warnings(xml.as_bytes(), &Options::new()).unwrap();
    assert_eq!(
        done.output,
        "bridge=br0,ip=192.0.2.7 2001:db8::7,script=vif-bridge"
    );
    assert_eq!(
        done.warnings.iter().map(seen).collect::<Vec<_>>(),
        [w(Status::Ok, "/interface/ip/@prefix", 2, 35)]
    );
    assert_eq!(
        done.warnings[0].message,
        "<ip prefix=\"24\">: a Xen vif's ip= carries addresses only; the prefix length is not passed on"
    );
    // The SPEC lets strict mode accept it: Xen needs no prefix to route or filter.
    let strict = Options::new().strict(true);
    assert_eq!(
        interface_to_vif(xml.as_bytes(), &strict).unwrap(),
        done.output
    );
}

#[test]
fn a_failure_carries_its_warnings_when_asked_and_only_then() {
    let xml = "<interface type='bridge'><driver name='x'/><source bridge='a b'/></interface>";
    let quiet = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&quiet),
        [e(Status::UnsafeValue, "/interface/source/@bridge", 1, 60)]
    );
    for error in [
        interface_to_vif(xml.as_bytes(), &Options::new().warnings(true)).unwrap_err(),
        interface_to_vif_with_warnings(xml.as_bytes(), &Options::new()).unwrap_err(),
    ] {
        assert_eq!(
            all(&error),
            [
                e(Status::UnsafeValue, "/interface/source/@bridge", 1, 60),
                w(Status::Unsupported, "/interface/driver", 1, 26),
            ]
        );
        assert_eq!(error.errors().count(), 1);
        assert_eq!(error.warnings().count(), 1);
    }
}

#[test]
fn hostdev_nics_are_skipped_in_a_domain_with_a_warning() {
    let xml = "<domain><os><type>hvm</type></os><devices>
<interface type='hostdev' managed='yes'><source><address type='pci' bus='0x03'/></source></interface>
<interface type='bridge'><source bridge='br0'/></interface>
</devices></domain>";
    let done = domain_to_vifs_with_warnings(xml.as_bytes(), &Options::new()).unwrap();
    assert_eq!(done.output, ["bridge=br0,script=vif-bridge"]);
    assert_eq!(
        done.warnings.iter().map(seen).collect::<Vec<_>>(),
        [w(Status::Unsupported, "/domain/devices/interface[1]", 2, 1)]
    );
    assert!(
        done.warnings[0].message.ends_with(": skipped"),
        "{}",
        done.warnings[0].message
    );
    let strict = domain_to_vifs(xml.as_bytes(), &Options::new().strict(true)).unwrap_err();
    assert_eq!(
        all(&strict),
        [e(Status::Unsupported, "/domain/devices/interface[1]", 2, 1)]
    );
}

#[test]
fn a_devices_document_has_interface_indexes_below_its_root() {
    let xml = "<devices>\n  <interface type='bridge'><source bridge='br0'/></interface>\n  <interface type='bridge'><source bridge='br 1'/></interface>\n</devices>\n";
    let error = domain_to_vifs(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [e(
            Status::UnsafeValue,
            "/devices/interface[2]/source/@bridge",
            3,
            44
        )]
    );
}

#[test]
fn the_reverse_names_keys_and_config_entries() {
    let error = vif_to_interface(
        b"mac=00:16:3e:00:00:0g, bridge=br0,rate=fast,devid=3,mac=x",
        &Options::new().strict(true),
    )
    .unwrap_err();
    assert_eq!(
        all(&error),
        [
            e(Status::Invalid, "mac", 1, 5),
            e(Status::VifSyntax, "rate", 1, 40),
            e(Status::Unsupported, "devid", 1, 45),
            e(Status::VifSyntax, "mac", 1, 53),
        ]
    );
    let done = vif_to_interface_with_warnings(
        b"bridge=br0,rate=1000b/s@50ms,devid=3,trusted",
        &Options::new(),
    )
    .unwrap();
    assert_eq!(
        done.output,
        "<interface type='bridge'>\n  <source bridge='br0'/>\n  <bandwidth>\n    <outbound average='1'/>\n  </bandwidth>\n</interface>\n"
    );
    assert_eq!(
        done.warnings.iter().map(seen).collect::<Vec<_>>(),
        [
            w(Status::Unsupported, "rate", 1, 17),
            w(Status::Unsupported, "rate", 1, 24),
            w(Status::Unsupported, "devid", 1, 30),
            w(Status::Unsupported, "trusted", 1, 38),
        ]
    );
    assert_eq!(
        done.warnings[0].message,
        "rate=\"1000b/s\" is not a whole number of KB/s, libvirt's unit: rounded up to 1KB/s"
    );
    let sxpr = Options::new().dialect(Dialect::Sxpr);
    let error =
        vif_to_interface(b"(vif (mac 'bad')(bridge 'br 0')(rate '1KB/s'))", &sxpr).unwrap_err();
    assert_eq!(
        all(&error),
        // Quoted values start after their quote.
        [
            e(Status::Invalid, "mac", 1, 12),
            e(Status::UnsafeValue, "bridge", 1, 26)
        ]
    );
}

#[test]
fn a_config_reports_every_entry_with_its_line() {
    let config = "name = 'web'\n# NICs\nvif = [ 'bridge=br0,rate=10KB/s@1s',\n        'mac=bad,bridge=br0',\n        \"bridge=br\\\\x\",\n        'bridge=br1,vlan=3,type=nope' ]\n";
    let error = config_to_interfaces(config.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [
            e(Status::Invalid, "vif[2]/mac", 4, 14),
            // An entry with escapes is placed at its start: inner offsets do not map back.
            e(Status::UnsafeValue, "vif[3]/bridge", 5, 10),
            e(Status::VifSyntax, "vif[4]/type", 6, 33),
        ]
    );
    assert!(error.diagnostics()[0]
        .message
        .starts_with("config line 4, vif entry: MAC address \"bad\""));
    check_places(config.as_bytes(), error.diagnostics());
    let config = "vif = [ 'bridge=br0,rate=10KB/s@1s', 'bridge=br1,vlan=3' ]\n";
    let done = config_to_interfaces_with_warnings(config.as_bytes(), &Options::new()).unwrap();
    assert_eq!(
        done.warnings.iter().map(seen).collect::<Vec<_>>(),
        [
            w(Status::Unsupported, "vif[1]/rate", 1, 32),
            w(Status::Unsupported, "vif[2]/vlan", 1, 50),
        ]
    );
    assert_eq!(
        done.warnings[1].message,
        "config line 1, vif entry: vif key \"vlan\" has no libvirt equivalent: ignored"
    );
    // A syntax error of the file itself stops reading and stands alone.
    let broken = "vif = [ 'mac=bad', \n 'bridge=br0' \n";
    let error = config_to_interfaces(broken.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(error.diagnostics().len(), 1);
    assert_eq!((error.status(), error.line()), (Status::VifSyntax, 3));
}

#[test]
fn at_most_a_hundred_diagnostics_errors_first() {
    let nics: String = (0..150)
        .map(|i| format!("<interface type='bridge'><source bridge='br{i}'/><mac address='x{i}'/><driver/></interface>\n"))
        .collect();
    let xml = format!("<domain><os><type>hvm</type></os><devices>\n{nics}</devices></domain>");
    let error = domain_to_vifs(xml.as_bytes(), &Options::new().warnings(true)).unwrap_err();
    assert_eq!(error.diagnostics().len(), 100);
    assert!(error
        .diagnostics()
        .iter()
        .all(|d| d.severity == Severity::Error));
    assert_eq!(
        error.diagnostics()[99].path,
        "/domain/devices/interface[100]/mac/@address"
    );
    let few = "<domain><os><type>hvm</type></os><devices><interface type='bridge'><source bridge='b'/><mac address='x'/>\
               <driver/><rom/></interface></devices></domain>";
    let error = domain_to_vifs(few.as_bytes(), &Options::new().warnings(true)).unwrap_err();
    let severities: Vec<Severity> = error.diagnostics().iter().map(|d| d.severity).collect();
    assert_eq!(
        severities,
        [Severity::Error, Severity::Warning, Severity::Warning]
    );
}

#[test]
fn an_os_type_error_is_one_error_and_only_when_the_guest_is_automatic() {
    let xml = "<domain><os><type>exotic</type></os><devices><interface type='bridge'><source bridge='b'/></interface></devices></domain>";
    let error = domain_to_vifs(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(all(&error), [e(Status::Invalid, "/domain/os/type", 1, 13)]);
    assert_eq!(
        domain_to_vifs(xml.as_bytes(), &Options::new().guest(Guest::Pv)).unwrap(),
        ["bridge=b,script=vif-bridge"]
    );
    let none = "<domain><devices/></domain>";
    let error = domain_to_vifs(none.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(all(&error), [e(Status::Invalid, "/domain", 1, 1)]);
}

#[test]
fn errors_before_reading_have_a_place_only_when_they_have_an_offset() {
    let error = interface_to_vif(
        b"<interface type='bridge'>\n\xff</interface>",
        &Options::new(),
    )
    .unwrap_err();
    assert_eq!(all(&error), [e(Status::InvalidUtf8, "", 2, 1)]);
    let old = Options::new().xen_version(XenVersion::new(4, 0, 0));
    let error = interface_to_vif(b"<interface type='ethernet'/>", &old).unwrap_err();
    assert_eq!(all(&error), [e(Status::InvalidOption, "", 0, 0)]);
    assert_eq!(error.offset(), None);
}

/// SPEC §8.3, rule by rule: each way a document fails to be well-formed XML 1.0
/// is XML_SYNTAX, alone, at the byte at fault (not just "an error somewhere").
#[test]
fn each_well_formedness_rule_is_xml_syntax_at_the_byte_at_fault() {
    let cases: [(&str, &str, usize, &str); 14] = [
        // Names follow the Name production.
        (
            "<interface type='ethernet'><1a/></interface>",
            "/interface",
            28,
            "XML syntax error: '<' is followed by '1', not a name",
        ),
        // Attribute values hold no '<'.
        (
            "<interface type='ethernet'><alias name='a<b'/></interface>",
            "/interface",
            41,
            "XML syntax error: in the value of attribute name of <alias>: '<' cannot appear in an attribute value (write &lt;)",
        ),
        // Attributes are separated by whitespace.
        (
            "<interface type='ethernet'><alias name='a'id='b'/></interface>",
            "/interface",
            42,
            "XML syntax error: in <alias>, attributes must be separated by whitespace",
        ),
        // Comments hold no '--'.
        (
            "<interface type='ethernet'><!-- a -- b --></interface>",
            "/interface",
            34,
            "XML syntax error: '--' cannot appear inside a comment",
        ),
        // Character data holds no ']]>'.
        (
            "<interface type='ethernet'>a]]>b</interface>",
            "/interface",
            28,
            "XML syntax error: ']]>' cannot appear in text (write ]]&gt;)",
        ),
        // The declaration: version first ...
        (
            "<?xml encoding='UTF-8' version='1.0'?><interface type='ethernet'/>",
            "",
            6,
            "XML syntax error: in the XML declaration, version comes first: <?xml version='1.0'?>",
        ),
        // ... 1.x ...
        (
            "<?xml version='2.0'?><interface type='ethernet'/>",
            "",
            15,
            "XML syntax error: in the XML declaration, version=\"2.0\" is not 1.x",
        ),
        // ... standalone yes or no ...
        (
            "<?xml version='1.0' standalone='maybe'?><interface type='ethernet'/>",
            "",
            32,
            "XML syntax error: in the XML declaration, standalone=\"maybe\" is not yes or no",
        ),
        // ... nothing else ...
        (
            "<?xml version='1.0' foo='x'?><interface type='ethernet'/>",
            "",
            20,
            "XML syntax error: in the XML declaration, 'f' where encoding, standalone (in this order) or '?>' should be",
        ),
        // ... in this order ...
        (
            "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><interface type='ethernet'/>",
            "",
            37,
            "XML syntax error: in the XML declaration, 'e' where encoding, standalone (in this order) or '?>' should be",
        ),
        // ... and only at the very start.
        (
            " <?xml version='1.0'?><interface type='ethernet'/>",
            "",
            1,
            "XML syntax error: <?xml is reserved: the XML declaration comes first in the document, as <?xml version='1.0'?>",
        ),
        // Character references name legal characters.
        (
            "<interface type='ethernet'><alias name='&#0;'/></interface>",
            "/interface",
            40,
            "XML syntax error: in the value of attribute name of <alias>: &#0; is not a character XML allows",
        ),
        (
            "<interface type='ethernet'>&#xD800;</interface>",
            "/interface",
            27,
            "XML syntax error: &#xD800; is not a character XML allows",
        ),
        (
            "<interface type='ethernet'>&#xFFFE;</interface>",
            "/interface",
            27,
            "XML syntax error: &#xFFFE; is not a character XML allows",
        ),
    ];
    for (xml, path, offset, message) in cases {
        let error = interface_to_vif(xml.as_bytes(), &Options::new().warnings(true)).unwrap_err();
        assert_eq!(
            all(&error),
            [e(Status::XmlSyntax, path, 1, offset + 1)],
            "{xml}"
        );
        assert_eq!(
            (error.offset(), error.message()),
            (Some(offset), message),
            "{xml}"
        );
        // The domain functions judge the same document alike.
        let error = domain_to_vifs(xml.as_bytes(), &Options::new()).unwrap_err();
        assert_eq!(
            (error.status(), error.offset(), error.diagnostics().len()),
            (Status::XmlSyntax, Some(offset), 1),
            "{xml}"
        );
    }
    // A 1.x version other than 1.0 is well-formed, as libxml2 judges it.
    assert_eq!(
        interface_to_vif(
            b"<?xml version='1.5'?><interface type='ethernet'/>",
            &Options::new()
        )
        .unwrap(),
        ""
    );
}

/// SPEC §8.3's precedence: INVALID_UTF8, then XML_SYNTAX, then everything else;
/// the first two stop reading, so each comes alone whatever came before it.
#[test]
fn status_precedence_invalid_utf8_then_xml_syntax_then_the_rest() {
    let o = Options::new().warnings(true);
    // A bad MAC and a <driver> (an error and a warning) before a byte that is not UTF-8.
    let xml: &[u8] =
        b"<interface type='bridge'><mac address='x'/><driver/><source bridge='br0'/><!-- \xff --></interface>";
    let error = interface_to_vif(xml, &o).unwrap_err();
    assert_eq!(all(&error), [e(Status::InvalidUtf8, "", 1, 80)]);
    assert_eq!(
        error.message(),
        "input is not valid UTF-8 at byte 79: 1 byte(s) that are not UTF-8; vifxml reads UTF-8 only"
    );
    // A syntax error before the byte that is not UTF-8: still INVALID_UTF8.
    let xml: &[u8] = b"<interface type='bridge'><a></b><!-- \xff --></interface>";
    let error = interface_to_vif(xml, &o).unwrap_err();
    assert_eq!(all(&error), [e(Status::InvalidUtf8, "", 1, 38)]);
    // A bad MAC before a syntax error: the syntax error alone.
    let xml = "<interface type='bridge'><mac address='x'/><driver/><source bridge='br0'/><a></b></interface>";
    let error = interface_to_vif(xml.as_bytes(), &o).unwrap_err();
    assert_eq!(all(&error), [e(Status::XmlSyntax, "/interface/a", 1, 78)]);
    assert_eq!(error.message(), "XML syntax error: </b> closes <a>");
    // What is refused only in a well-formed document: a DOCTYPE, a processing
    // instruction, another encoding, a wrong root. Followed by a syntax error,
    // the document is not well-formed first.
    for (xml, refused) in [
        (
            "<!DOCTYPE interface><interface type='bridge'><source bridge='br0'/></interface>",
            "<!DOCTYPE interface><interface type='bridge'><source bridge='br0'/><a></b></interface>",
        ),
        (
            "<?pi x?><interface type='bridge'><source bridge='br0'/></interface>",
            "<?pi x?><interface type='bridge'><source bridge='br0'/><a></b></interface>",
        ),
        (
            "<?xml version='1.0' encoding='ISO-8859-1'?><interface type='bridge'><source bridge='br0'/></interface>",
            "<?xml version='1.0' encoding='ISO-8859-1'?><interface type='bridge'><source bridge='br0'/><a></b></interface>",
        ),
    ] {
        let error = interface_to_vif(xml.as_bytes(), &o).unwrap_err();
        assert_eq!(
            (error.status(), error.diagnostics().len()),
            (Status::Invalid, 1),
            "{xml}"
        );
        let at = refused.find("</b>").unwrap();
        for error in [
            interface_to_vif(refused.as_bytes(), &o).unwrap_err(),
            domain_to_vifs(refused.as_bytes(), &o).unwrap_err(),
        ] {
            assert_eq!(
                (
                    error.status(),
                    error.offset(),
                    error.diagnostics().len(),
                    error.message()
                ),
                (
                    Status::XmlSyntax,
                    Some(at),
                    1,
                    "XML syntax error: </b> closes <a>"
                ),
                "{refused}"
            );
        }
    }
    assert_eq!(
        interface_to_vif(
            b"<?xml version='1.0' encoding='ISO-8859-1'?><interface type='bridge'><source bridge='br0'/></interface>",
            &o
        )
        .unwrap_err()
        .message(),
        "the document declares encoding \"ISO-8859-1\"; vifxml reads UTF-8 only"
    );
    // A wrong root, then a syntax error: XML_SYNTAX, for the interface and the domain functions.
    let error = interface_to_vif(b"<domain><a></b></domain>", &o).unwrap_err();
    assert_eq!(all(&error), [e(Status::XmlSyntax, "/domain/a", 1, 12)]);
    let error = domain_to_vifs(b"<interface><a></b></interface>", &o).unwrap_err();
    assert_eq!(all(&error), [e(Status::XmlSyntax, "/interface/a", 1, 15)]);
    let error = domain_to_vifs(b"<interface><a></a></interface>", &o).unwrap_err();
    assert_eq!(all(&error), [e(Status::Invalid, "/interface", 1, 1)]);
}

/// SPEC §8.1: "up to 100 diagnostics in all" holds for the warnings of a
/// successful call too.
#[test]
fn at_most_a_hundred_warnings_on_success() {
    let nics: String = (0..150)
        .map(|i| {
            format!("<interface type='bridge'><source bridge='br{i}'/><driver/></interface>\n")
        })
        .collect();
    let xml = format!("<devices>\n{nics}</devices>\n");
    let done = domain_to_vifs_with_warnings(xml.as_bytes(), &Options::new()).unwrap();
    assert_eq!(done.output.len(), 150);
    assert_eq!(done.warnings.len(), 100);
    assert!(done
        .warnings
        .iter()
        .all(|d| d.severity == Severity::Warning && d.status == Status::Unsupported));
    assert_eq!(
        seen(&done.warnings[99]),
        w(
            Status::Unsupported,
            "/devices/interface[100]/driver",
            101,
            49
        )
    );
}

/// SPEC §8.1: rounding a rate that is not a whole number of KB/s is
/// UNSUPPORTED in strict mode, in a vif string and in a config entry.
#[test]
fn a_rounded_rate_is_unsupported_when_strict() {
    let strict = Options::new().strict(true);
    let error = vif_to_interface(b"bridge=br0,rate=1000b/s", &strict).unwrap_err();
    assert_eq!(all(&error), [e(Status::Unsupported, "rate", 1, 17)]);
    assert_eq!(
        error.message(),
        "rate=\"1000b/s\" is not a whole number of KB/s, libvirt's unit (strict mode): give it in KB/s, or turn strict mode off"
    );
    let error =
        config_to_interfaces(b"vif = [ 'bridge=br0,rate=1500b/s' ]\n", &strict).unwrap_err();
    assert_eq!(all(&error), [e(Status::Unsupported, "vif[1]/rate", 1, 26)]);
    assert_eq!(
        error.message(),
        "config line 1, vif entry: rate=\"1500b/s\" is not a whole number of KB/s, libvirt's unit (strict mode): give it in KB/s, or turn strict mode off"
    );
    // A whole number of KB/s (8000b/s = 1KB/s) is no rounding: no warning.
    let done = vif_to_interface_with_warnings(b"bridge=br0,rate=8000b/s", &strict).unwrap();
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    assert!(
        done.output.contains("<outbound average='1'/>"),
        "{}",
        done.output
    );
}

/// SPEC §8.2: `vifxml_interface_to_vif` on a hostdev NIC stays UNSUPPORTED,
/// at its type, strict or not.
#[test]
fn a_lone_hostdev_interface_is_unsupported_at_its_type() {
    let xml = "<interface type='hostdev' managed='yes'>\n  <source><address type='pci' bus='0x06'/></source>\n</interface>\n";
    for strict in [false, true] {
        let error = interface_to_vif(
            xml.as_bytes(),
            &Options::new().strict(strict).warnings(true),
        )
        .unwrap_err();
        assert_eq!(
            all(&error),
            [e(Status::Unsupported, "/interface/@type", 1, 18)],
            "strict={strict}"
        );
        assert_eq!(
            error.message(),
            "<interface type='hostdev'> cannot be expressed in the xl dialect: Xen vifs connect through a bridge (type='bridge' or 'network') or a script (type='ethernet')"
        );
    }
}

/// SPEC §8.1: the column counts bytes from the line start, so a character of
/// several bytes before the place moves it by its bytes, in every input.
#[test]
fn columns_count_bytes_not_characters() {
    // "café ☃": é is 2 bytes, ☃ 3.
    let xml = "<interface type='bridge'><!-- café ☃ --><source bridge='a b'/></interface>";
    let error = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [e(Status::UnsafeValue, "/interface/source/@bridge", 1, 60)]
    );
    assert_eq!(error.offset(), Some(59));
    // A byte-order mark is three bytes of line 1.
    let xml = "\u{feff}<interface type='bridge'><source bridge='a b'/></interface>";
    let error = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [e(Status::UnsafeValue, "/interface/source/@bridge", 1, 45)]
    );
    let error = vif_to_interface("model=é,bridge=a b".as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [
            e(Status::UnsafeValue, "model", 1, 7),
            e(Status::UnsafeValue, "bridge", 1, 17)
        ]
    );
    let config = "# café\nvif = [ 'model=é,bridge=a b' ]\n";
    let error = config_to_interfaces(config.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&error),
        [
            e(Status::UnsafeValue, "vif[1]/model", 2, 16),
            e(Status::UnsafeValue, "vif[1]/bridge", 2, 26)
        ]
    );
    check_places(config.as_bytes(), error.diagnostics());
}

/// SPEC §8.1: after INVALID_UTF8 or a VIF_SYNTAX of the vif's own syntax,
/// reading stops: the error comes alone, whatever was found before it.
#[test]
fn a_vif_that_cannot_be_read_on_reports_that_alone() {
    let sxpr = Options::new().dialect(Dialect::Sxpr).warnings(true);
    for (vif, error_at, message) in [
        (
            &b"(vif (mac 'bad')(bridge 'br0'"[..],
            e(Status::VifSyntax, "", 1, 30),
            "expected the end of the group, found the end of the text",
        ),
        (
            b"(vif (mac 'bad')(bridge 'br0')) x",
            e(Status::VifSyntax, "", 1, 33),
            "expected the end of the text after (vif …), found 'x'",
        ),
        (
            b"(vif (mac 'bad')(bridge 'br\xff'))",
            e(Status::InvalidUtf8, "", 1, 28),
            "input is not valid UTF-8 at byte 27: 1 byte(s) that are not UTF-8; vifxml reads UTF-8 only",
        ),
    ] {
        let error = vif_to_interface(vif, &sxpr).unwrap_err();
        assert_eq!(all(&error), [error_at], "{}", String::from_utf8_lossy(vif));
        assert_eq!(error.message(), message);
    }
    let error = vif_to_interface(
        b"mac=bad,devid=1,bridge=br\xff",
        &Options::new().warnings(true),
    )
    .unwrap_err();
    assert_eq!(all(&error), [e(Status::InvalidUtf8, "", 1, 26)]);
}

#[test]
fn a_model_that_type_overrides_is_not_left_out_without_a_word() {
    for (vif, options, at) in [
        ("bridge=br0,model=e1000,type=vif", Options::new(), 17),
        (
            "type=netfront,model=rtl8139,bridge=br0",
            Options::new().dialect(Dialect::Xm),
            20,
        ),
    ] {
        let done = vif_to_interface_with_warnings(vif.as_bytes(), &options).unwrap();
        assert!(
            done.output.contains("<model type='netfront'/>"),
            "{}",
            done.output
        );
        let model = &vif[at..][..vif[at..].find(',').unwrap_or(vif.len() - at)];
        assert_eq!(
            done.warnings
                .iter()
                .map(|d| (d.severity, d.status, d.offset, d.path.as_str(), d.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                Severity::Warning,
                Status::Ok,
                Some(at),
                "model",
                format!("model=\"{model}\" is left out: type= makes the NIC PV-only (netfront), which has no emulated model").as_str()
            )]
        );
        // Strict mode accepts it (SPEC §5: the model is Xen's to ignore).
        let strict = options.clone().strict(true);
        assert_eq!(
            vif_to_interface(vif.as_bytes(), &strict).unwrap(),
            done.output
        );
    }
    // model=netfront says no more than type= does: nothing to report.
    let done =
        vif_to_interface_with_warnings(b"bridge=br0,model=netfront,type=vif", &Options::new())
            .unwrap();
    assert_eq!(done.warnings, []);
}

/// The name at fault is the live bridge a network interface's XML gave, not the
/// network's name: the refusal points at `<source bridge>`.
#[test]
fn a_live_bridge_refused_for_open_vswitch_is_pointed_at() {
    let xml = "<interface type='network'><source network='default' bridge='br.0'/><virtualport type='openvswitch'/></interface>";
    let err = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        all(&err),
        [e(Status::UnsafeValue, "/interface/source/@bridge", 1, 61)]
    );
    assert_eq!(err.diagnostics()[0].offset, Some(60));
    // A bridge from the options' table is the network's doing: it points there.
    let table = Options::new().network("default", "ovs.0").unwrap();
    let err = interface_to_vif(xml.as_bytes(), &table).unwrap_err();
    assert_eq!(
        all(&err),
        [e(Status::UnsafeValue, "/interface/source/@network", 1, 44)]
    );
}

/// A refusal held while the rest of the document is checked (a DOCTYPE, a
/// processing instruction, another encoding) does not take the path from the
/// syntax error found after it.
#[test]
fn a_syntax_error_after_a_refused_prolog_keeps_its_path() {
    for prolog in [
        "<!DOCTYPE interface>",
        "<?pi x?>",
        "<?xml version='1.0' encoding='ISO-8859-1'?>",
    ] {
        let xml = format!("{prolog}<interface type='bridge'><a></b></interface>");
        let err = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
        let column = prolog.len() + 29;
        assert_eq!(
            all(&err),
            [e(Status::XmlSyntax, "/interface/a", 1, column)],
            "{prolog}"
        );
        let xml = format!("{prolog}<domain><devices><a></b></devices></domain>")
            .replace("DOCTYPE interface", "DOCTYPE domain");
        let err = domain_to_vifs(xml.as_bytes(), &Options::new()).unwrap_err();
        assert_eq!(
            (err.status(), err.path()),
            (Status::XmlSyntax, "/domain/devices/a"),
            "{prolog}"
        );
    }
    let xml = "<interface type='bridge'><?pi x?><a></b></interface>";
    let err = interface_to_vif(xml.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(all(&err), [e(Status::XmlSyntax, "/interface/a", 1, 37)]);
}

/// libvirt's interface XML has no text anywhere: text is left out, and said so
/// (once an element) when warnings are on; strict mode accepts it, as 0.1 did.
#[test]
fn text_inside_an_interface_is_not_left_out_without_a_word() {
    let xml = "<interface type='bridge'>\n  junk<source bridge='br0'>xenbr1</source>\n  <mac address='00:16:3e:00:00:01'>a<!-- c -->b</mac>\n  <model type='e1000'><![CDATA[ x]]></model>\n</interface>";
    let done = interface_to_vif_with_warnings(xml.as_bytes(), &Options::new()).unwrap();
    assert_eq!(
        done.output,
        "mac=00:16:3e:00:00:01,bridge=br0,script=vif-bridge,model=e1000"
    );
    assert_eq!(
        done.warnings.iter().map(seen).collect::<Vec<_>>(),
        [
            w(Status::Ok, "/interface", 2, 3),
            w(Status::Ok, "/interface/source", 2, 28),
            w(Status::Ok, "/interface/mac", 3, 36),
            w(Status::Ok, "/interface/model", 4, 33),
        ]
    );
    assert_eq!(
        done.warnings[1].message,
        "text \"xenbr1\" has no meaning in libvirt's interface XML: ignored"
    );
    let strict = Options::new().strict(true);
    assert_eq!(
        interface_to_vif(xml.as_bytes(), &strict).unwrap(),
        done.output
    );
    // Whitespace is layout, not text.
    let layout = "<interface type='bridge'>\n\t<source bridge='br0'>\r\n </source>\n</interface>";
    let done = interface_to_vif_with_warnings(layout.as_bytes(), &Options::new()).unwrap();
    assert_eq!(done.warnings, []);
}
