//! SPEC §8.2 "The inputs that exist" (issue #11) through the Rust API, with
//! exact outputs, statuses, messages and places: live libvirt XML, settings
//! that protect others, hostdev NICs, `<devices>` documents, generated target
//! names (§3), config files of both flavours, xm files as Python, and the Open
//! vSwitch reverse rule (§5).

use vifxml::{
    config_to_interfaces, config_to_interfaces_with_warnings, domain_to_config,
    domain_to_config_with_warnings, domain_to_vifs, domain_to_vifs_with_warnings, interface_to_vif,
    interface_to_vif_with_warnings, vif_to_interface, vif_to_interface_with_warnings, Diagnostic,
    Dialect, Error, Guest, Options, Severity, Status, XenVersion, MAX_INPUT_BYTES,
};

use Severity::{Error as E, Warning as W};

fn xl() -> Options {
    Options::new()
}
fn xm() -> Options {
    Options::new().dialect(Dialect::Xm)
}
fn sxpr() -> Options {
    Options::new().dialect(Dialect::Sxpr)
}

/// Each diagnostic as (severity, status, line, column, path).
fn places(diagnostics: &[Diagnostic]) -> Vec<(Severity, Status, usize, usize, &str)> {
    diagnostics
        .iter()
        .map(|d| (d.severity, d.status, d.line, d.column, d.path.as_str()))
        .collect()
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.message.as_str()).collect()
}

fn devices(interfaces: &[&str]) -> String {
    let mut out = String::from("<devices>\n");
    for i in interfaces {
        for line in i.lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("</devices>\n");
    out
}

// ---------------------------------------------------------------------------
// Live domain XML

/// `virsh dumpxml` of a running HVM guest on libvirt's libxl driver, as a
/// management stack gets it: the network interface carries the live bridge and
/// a port id, every NIC its generated backend name, `<link state='up'/>`, an
/// alias and a PCI address.
const LIVE: &str = "<domain type='xen' id='5'>
  <name>web01</name>
  <uuid>4dea22b3-1d52-d8f3-2516-782e98a23fa0</uuid>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='xenfv'>hvm</type>
    <loader type='rom'>/usr/lib/xen/boot/hvmloader</loader>
    <boot dev='hd'/>
  </os>
  <features>
    <acpi/>
    <apic/>
    <pae/>
  </features>
  <clock offset='variable' adjustment='0' basis='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/lib/xen/bin/qemu-system-i386</emulator>
    <disk type='block' device='disk'>
      <driver name='phy' type='raw'/>
      <source dev='/dev/vg0/web01'/>
      <backingStore/>
      <target dev='xvda' bus='xen'/>
      <alias name='xen-51712-0'/>
    </disk>
    <controller type='xenbus' index='0'>
      <alias name='xenbus'/>
    </controller>
    <interface type='network'>
      <mac address='00:16:3e:5a:6b:7c'/>
      <source network='default' portid='5c3ed4e2-0a6e-4e2e-9b4b-2a1f6f0b7c11' bridge='virbr0'/>
      <target dev='vif5.0'/>
      <model type='netfront'/>
      <link state='up'/>
      <alias name='net0'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
    </interface>
    <interface type='bridge'>
      <mac address='00:16:3e:5a:6b:7d'/>
      <source bridge='xenbr0'/>
      <target dev='vnet3'/>
      <model type='e1000'/>
      <link state='up'/>
      <alias name='net1'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>
    </interface>
    <interface type='bridge'>
      <mac address='00:16:3e:5a:6b:7e'/>
      <source bridge='xenbr1'/>
      <target dev='vif5.2-emu'/>
      <alias name='net2'/>
    </interface>
    <serial type='pty'>
      <source path='/dev/pts/3'/>
      <target port='0'/>
      <alias name='serial0'/>
    </serial>
    <input type='tablet' bus='usb'>
      <alias name='input0'/>
    </input>
    <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video>
      <model type='cirrus' vram='8192' heads='1' primary='yes'/>
      <alias name='video0'/>
    </video>
    <memballoon model='xen'>
      <alias name='balloon0'/>
    </memballoon>
  </devices>
  <seclabel type='none' model='none'/>
</domain>
";

#[test]
fn a_live_virsh_dumpxml_converts_in_strict_mode() {
    let strict = xl().strict(true);
    let done = domain_to_vifs_with_warnings(LIVE.as_bytes(), &strict).unwrap();
    assert_eq!(
        done.output,
        [
            // No table or resolver knows 'default': the live bridge is used.
            "mac=00:16:3e:5a:6b:7c,bridge=virbr0,script=vif-bridge,type=vif",
            "mac=00:16:3e:5a:6b:7d,bridge=xenbr0,script=vif-bridge,model=e1000",
            "mac=00:16:3e:5a:6b:7e,bridge=xenbr1,script=vif-bridge",
        ]
    );
    // The generated names are left out, with a warning (status OK: strict mode
    // accepts them too).
    assert_eq!(
        places(&done.warnings),
        [
            (
                W,
                Status::Ok,
                36,
                20,
                "/domain/devices/interface[1]/target/@dev"
            ),
            (
                W,
                Status::Ok,
                45,
                20,
                "/domain/devices/interface[2]/target/@dev"
            ),
            (
                W,
                Status::Ok,
                54,
                20,
                "/domain/devices/interface[3]/target/@dev"
            ),
        ]
    );
    assert_eq!(
        done.warnings[0].message,
        "<target dev=\"vif5.0\"> is a name libvirt treats as generated (vif…, vnet…, macvtap…, macvlan…): \
         not written as vifname, so that Xen names the backend interface itself"
    );
    assert_eq!(
        domain_to_config(LIVE.as_bytes(), &strict).unwrap(),
        "vif = [ \"mac=00:16:3e:5a:6b:7c,bridge=virbr0,script=vif-bridge,type=vif\", \
         \"mac=00:16:3e:5a:6b:7d,bridge=xenbr0,script=vif-bridge,model=e1000\", \
         \"mac=00:16:3e:5a:6b:7e,bridge=xenbr1,script=vif-bridge\" ]\n"
    );
    let xm_strict = xm().strict(true).xen_version(XenVersion::new(4, 4, 0));
    assert_eq!(
        domain_to_vifs(LIVE.as_bytes(), &xm_strict).unwrap()[0],
        "mac=00:16:3e:5a:6b:7c,bridge=virbr0,script=vif-bridge,type=netfront"
    );
}

#[test]
fn the_network_table_and_resolver_come_before_the_live_bridge() {
    let live = "<interface type='network'><source network='default' portid='x' bridge='virbr0'/></interface>";
    let table = xl().strict(true).network("default", "br-table").unwrap();
    assert_eq!(
        interface_to_vif(live.as_bytes(), &table).unwrap(),
        "bridge=br-table,script=vif-bridge"
    );
    let resolver = xl()
        .strict(true)
        .resolver(|n: &str| (n == "default").then(|| "br-resolved".to_string()));
    assert_eq!(
        interface_to_vif(live.as_bytes(), &resolver).unwrap(),
        "bridge=br-resolved,script=vif-bridge"
    );
    assert_eq!(
        interface_to_vif(live.as_bytes(), &xl()).unwrap(),
        "bridge=virbr0,script=vif-bridge"
    );
    // Without the live bridge, the network must still resolve.
    let e = interface_to_vif(
        b"<interface type='network'><source network='default' portid='x'/></interface>",
        &xl().strict(true),
    )
    .unwrap_err();
    assert_eq!(
        (e.status(), e.path()),
        (Status::NetworkUnresolved, "/interface/source/@network")
    );
    // The live bridge is checked like any bridge.
    let e = interface_to_vif(
        b"<interface type='network'><source network='default' bridge='br0,script=x'/></interface>",
        &xl(),
    )
    .unwrap_err();
    assert_eq!(
        (e.status(), e.path()),
        (Status::UnsafeValue, "/interface/source/@bridge")
    );
}

// ---------------------------------------------------------------------------
// Settings that protect others

#[test]
fn settings_that_protect_others_are_unsupported_strict_or_not() {
    let cases: [(&str, &str, &str); 3] = [
        (
            "<filterref filter='clean-traffic'><parameter name='IP' value='192.0.2.9'/></filterref>",
            "/interface/filterref",
            "<filterref> (a traffic filter) cannot be carried by a Xen vif, and leaving it out would let the guest's traffic through unfiltered: \
             remove it, or filter on the host (for example in the vif script)",
        ),
        (
            "<link state='down'/>",
            "/interface/link/@state",
            "<link state='down'/> cannot be carried by a Xen vif: the guest would come up with its link up. \
             Remove the interface, or bring the link down after start",
        ),
        (
            "<port isolated='yes'/>",
            "/interface/port/@isolated",
            "<port isolated='yes'/> cannot be carried by a Xen vif, and leaving it out would let the guest reach the other isolated guests on its bridge: \
             remove it, or isolate the port on the host",
        ),
    ];
    for (element, path, message) in cases {
        let xml = format!("<interface type='bridge'><source bridge='br0'/>{element}</interface>");
        for strict in [false, true] {
            let e = interface_to_vif(xml.as_bytes(), &xl().strict(strict)).unwrap_err();
            assert_eq!(
                (e.status(), e.path(), e.message()),
                (Status::Unsupported, path, message),
                "{element} strict={strict}"
            );
            assert_eq!(e.line(), 1);
        }
    }
    // What Xen does anyway is accepted, strict or not.
    for element in ["<link state='up'/>", "<port isolated='no'/>"] {
        let xml = format!("<interface type='bridge'><source bridge='br0'/>{element}</interface>");
        let done = interface_to_vif_with_warnings(xml.as_bytes(), &xl().strict(true)).unwrap();
        assert_eq!(
            (done.output.as_str(), done.warnings.len()),
            ("bridge=br0,script=vif-bridge", 0),
            "{element}"
        );
    }
}

// ---------------------------------------------------------------------------
// hostdev NICs

const WITH_HOSTDEV: &str = "<domain type='xen'>
  <os><type>hvm</type></os>
  <devices>
    <interface type='bridge'><source bridge='br0'/></interface>
    <interface type='hostdev' managed='yes'>
      <mac address='52:54:00:6d:90:02'/>
      <source>
        <address type='pci' domain='0x0000' bus='0x06' slot='0x02' function='0x0'/>
      </source>
    </interface>
    <interface type='bridge'><source bridge='br1'/></interface>
  </devices>
</domain>
";

#[test]
fn hostdev_nics_are_skipped_by_the_domain_functions() {
    let done = domain_to_vifs_with_warnings(WITH_HOSTDEV.as_bytes(), &xl()).unwrap();
    assert_eq!(
        done.output,
        [
            "bridge=br0,script=vif-bridge",
            "bridge=br1,script=vif-bridge"
        ]
    );
    assert_eq!(
        places(&done.warnings),
        [(W, Status::Unsupported, 5, 5, "/domain/devices/interface[2]")]
    );
    assert_eq!(
        done.warnings[0].message,
        "<interface type='hostdev'> is a PCI device, which Xen attaches by PCI passthrough (pci = [ … ]), not as a vif: skipped"
    );
    assert_eq!(
        domain_to_config(WITH_HOSTDEV.as_bytes(), &xl()).unwrap(),
        "vif = [ \"bridge=br0,script=vif-bridge\", \"bridge=br1,script=vif-bridge\" ]\n"
    );
    let e = domain_to_vifs(WITH_HOSTDEV.as_bytes(), &xl().strict(true)).unwrap_err();
    assert_eq!(
        places(e.diagnostics()),
        [(E, Status::Unsupported, 5, 5, "/domain/devices/interface[2]")]
    );
    assert_eq!(
        e.message(),
        "<interface type='hostdev'> is a PCI device, which Xen attaches by PCI passthrough (pci = [ … ]), not as a vif \
         (strict mode): move it to the PCI devices, or turn strict mode off"
    );
    // Alone, it is no vif at all.
    let e = interface_to_vif(
        b"<interface type='hostdev'><source><address type='pci' bus='0x06' slot='0x02' function='0x0'/></source></interface>",
        &xl(),
    )
    .unwrap_err();
    assert_eq!(
        (e.status(), e.path()),
        (Status::Unsupported, "/interface/@type")
    );
    assert!(
        e.message().contains("hostdev") && e.message().contains("xl"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------
// <devices> documents

#[test]
fn a_devices_document_converts_as_a_domain_of_an_hvm_guest() {
    let doc = "<devices>\n  <interface type='bridge'>\n    <source bridge='xenbr0'/>\n    <model type='netfront'/>\n  </interface>\n  \
               <interface type='ethernet'>\n    <script path='vif-route'/>\n  </interface>\n</devices>\n";
    assert_eq!(
        domain_to_vifs(doc.as_bytes(), &xl()).unwrap(),
        [
            "bridge=xenbr0,script=vif-bridge,type=vif",
            "script=vif-route"
        ]
    );
    // Guest auto is HVM: xend before 3.1.0 appends type=ioemu to an emulated NIC.
    let old = xm().xen_version(XenVersion::new(3, 0, 4));
    assert_eq!(
        domain_to_vifs(doc.as_bytes(), &old).unwrap(),
        [
            "bridge=xenbr0,script=vif-bridge,type=netfront",
            "script=vif-route,type=ioemu"
        ]
    );
    // An explicit guest kind wins.
    assert_eq!(
        domain_to_vifs(doc.as_bytes(), &xl().guest(Guest::Pv)).unwrap(),
        [
            "bridge=xenbr0,script=vif-bridge,model=netfront",
            "script=vif-route"
        ]
    );
    assert_eq!(
        domain_to_config(b"<devices/>", &xl()).unwrap(),
        "vif = []\n"
    );
    // What the reverse side writes converts forward again.
    let config = "vif = [ \"mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge,type=vif\", \"bridge=br1,script=vif-bridge,model=e1000\" ]\n";
    let back = config_to_interfaces(config.as_bytes(), &xl()).unwrap();
    assert_eq!(domain_to_config(back.as_bytes(), &xl()).unwrap(), config);
    let e = interface_to_vif(doc.as_bytes(), &xl()).unwrap_err();
    assert_eq!(e.status(), Status::Invalid);
}

// ---------------------------------------------------------------------------
// Generated target names (§3)

#[test]
fn generated_target_names_are_left_out() {
    for name in [
        "vif3.0",
        "vif3.0-emu",
        "vif-1.0",
        "vifx",
        "vnet0",
        "macvtap0",
        "macvlan1",
    ] {
        let xml = format!(
            "<interface type='bridge'><source bridge='br0'/><target dev='{name}'/></interface>"
        );
        for strict in [false, true] {
            let done =
                interface_to_vif_with_warnings(xml.as_bytes(), &xl().strict(strict)).unwrap();
            assert_eq!(done.output, "bridge=br0,script=vif-bridge", "{name}");
            assert_eq!(
                places(&done.warnings),
                [(W, Status::Ok, 1, 61, "/interface/target/@dev")],
                "{name}"
            );
        }
    }
    for name in ["web0", "vi", "xvif0", "macvt"] {
        let xml = format!(
            "<interface type='bridge'><source bridge='br0'/><target dev='{name}'/></interface>"
        );
        let done = interface_to_vif_with_warnings(xml.as_bytes(), &xl()).unwrap();
        assert_eq!(
            (done.output, done.warnings.len()),
            (format!("bridge=br0,script=vif-bridge,vifname={name}"), 0)
        );
    }
    // Reverse keeps what the vif says (only the forward path drops them).
    assert_eq!(
        vif_to_interface(b"vifname=vif1.0", &xl()).unwrap(),
        "<interface type='ethernet'>\n  <target dev='vif1.0'/>\n</interface>\n"
    );
}

// ---------------------------------------------------------------------------
// Config files, both flavours

#[test]
fn bytes_that_are_not_utf8_outside_the_vif_setting_are_read() {
    let config: &[u8] = b"# Gast f\xfcr das B\xfcro (Latin-1)\nname = 'b\xfcro'\ndisk = [ 'phy:/dev/vg/b\xfcro,xvda,w' ]\n\
                          vif = [ 'bridge=xenbr0' ] # \xff\xfe\n";
    let want = devices(&["<interface type='bridge'>\n  <source bridge='xenbr0'/>\n</interface>\n"]);
    for options in [xl(), xm()] {
        assert_eq!(config_to_interfaces(config, &options).unwrap(), want);
    }
    // Inside the vif setting: INVALID_UTF8, naming the line, the entry and the byte.
    let config: &[u8] = b"name = 'web'\nvif = [ 'bridge=xenbr0',\n        'bridge=b\xfcro' ]\n";
    for options in [xl(), xm()] {
        let e = config_to_interfaces(config, &options).unwrap_err();
        assert_eq!(
            places(e.diagnostics()),
            [(E, Status::InvalidUtf8, 3, 18, "vif[2]")]
        );
        assert_eq!(e.offset(), Some(55));
        assert_eq!(
            e.message(),
            "config line 3, vif entry: input is not valid UTF-8 at byte 55: 1 byte(s) that are not UTF-8; vifxml reads vif entries in UTF-8 only"
        );
    }
    // A list that a later assignment replaces is never read.
    assert_eq!(
        config_to_interfaces(b"vif = [ 'b\xfcro' ]\nvif = [ 'bridge=xenbr0' ]\n", &xl()).unwrap(),
        want
    );
    // Outside comments and strings, such a byte is no config text at all.
    let e = config_to_interfaces(b"vif = []\nb\xfcro = 1\n", &xl()).unwrap_err();
    assert_eq!(
        (e.status(), e.offset(), e.line(), e.column()),
        (Status::InvalidUtf8, Some(10), 2, 2)
    );
}

#[test]
fn the_input_limit_covers_config_texts_and_vif_strings() {
    let head = b"vif = [ 'bridge=xenbr0' ]\n#";
    let mut big = head.to_vec();
    big.resize(MAX_INPUT_BYTES - 1, b'x');
    big.push(b'\n');
    assert_eq!(big.len(), MAX_INPUT_BYTES);
    // At the limit: read.
    assert_eq!(
        config_to_interfaces(&big, &xl()).unwrap(),
        devices(&["<interface type='bridge'>\n  <source bridge='xenbr0'/>\n</interface>\n"])
    );
    // One byte more: INVALID before any work (the text is not even read: it is
    // not valid UTF-8, nor a config).
    big.push(0xff);
    for (e, what) in [
        (
            config_to_interfaces(&big, &xl()).unwrap_err(),
            "config text",
        ),
        (vif_to_interface(&big, &xl()).unwrap_err(), "vif"),
        (vif_to_interface(&big, &sxpr()).unwrap_err(), "vif"),
    ] {
        assert_eq!(
            (e.status(), e.offset(), e.line()),
            (Status::Invalid, None, 0)
        );
        assert_eq!(
            e.message(),
            format!("the {what} is 268435457 bytes; vifxml reads at most 268435456 bytes")
        );
    }
    // The sxpr dialect has no config text whatever the input: the option first.
    assert_eq!(
        config_to_interfaces(&big, &sxpr()).unwrap_err().status(),
        Status::InvalidOption
    );
}

#[test]
fn the_last_vif_assignment_wins() {
    let br0 = devices(&["<interface type='bridge'>\n  <source bridge='br0'/>\n</interface>\n"]);
    for config in [
        "vif += \"bridge=old\"\nvif = [ 'bridge=br0' ]\n",
        "vif = 'a'\nvif += 'b'\nvif = [ 'bridge=br0' ]\n",
        "vif = [ 'bridge=old' ]\nvif = [ 'bridge=br0' ]\n",
        "vif = [ ['nested'] ]\nvif = [ 'bridge=br0' ]\n",
        "vif = []\nvif += [ 'bridge=br0' ]\n",
    ] {
        for options in [xl(), xm()] {
            assert_eq!(
                config_to_interfaces(config.as_bytes(), &options).unwrap(),
                br0,
                "{config}"
            );
        }
    }
    // A list added to a string, or the reverse, is refused, as xl refuses it,
    // for any setting.
    for (config, message) in [
        (
            "vif = [ 'bridge=br0' ]\nvif += \"bridge=br1\"\n",
            "config line 2: vif += adds a string to a list, which xl refuses (both sides must be lists, or both strings)",
        ),
        (
            "disk = 'x'\ndisk += [ 'y' ]\nvif = [ 'bridge=br0' ]\n",
            "config line 2: disk += adds a list to a string, which xl refuses (both sides must be lists, or both strings)",
        ),
    ] {
        let e = config_to_interfaces(config.as_bytes(), &xl()).unwrap_err();
        assert_eq!((e.status(), e.message(), e.line()), (Status::VifSyntax, message, 2));
    }
    let e =
        config_to_interfaces(b"vif = [ 'bridge=br0' ]\nvif = 'bridge=br1'\n", &xl()).unwrap_err();
    assert_eq!(
        (e.status(), e.message(), e.line(), e.column()),
        (
            Status::VifSyntax,
            "config line 2: vif must be a list, as in vif = [ 'bridge=xenbr0' ]",
            2,
            7
        )
    );
}

#[test]
fn a_leading_byte_order_mark_in_a_vif_is_refused_alone_and_in_a_config() {
    const MESSAGE: &str =
        "the vif starts with a byte-order mark (U+FEFF), which no Xen toolstack reads: remove it";
    for (options, vif) in [
        (xl(), "\u{feff}bridge=br0"),
        (xm(), "\u{feff}bridge=br0"),
        (sxpr(), "\u{feff}(vif (bridge br0))"),
    ] {
        let e = vif_to_interface(vif.as_bytes(), &options).unwrap_err();
        assert_eq!(
            (e.status(), e.message(), e.offset(), e.path()),
            (Status::VifSyntax, MESSAGE, Some(0), "")
        );
    }
    for options in [xl(), xm()] {
        let config = "vif = [ 'bridge=br0',\n        '\u{feff}bridge=br1' ]\n";
        let e = config_to_interfaces(config.as_bytes(), &options).unwrap_err();
        assert_eq!(
            places(e.diagnostics()),
            [(E, Status::VifSyntax, 2, 10, "vif[2]")]
        );
        assert_eq!(e.message(), format!("config line 2, vif entry: {MESSAGE}"));
        assert_eq!(e.offset(), Some(31));
    }
    // A byte-order mark in front of the whole file: Python reads it, xl does not.
    let file = "\u{feff}vif = [ 'bridge=br0' ]\n";
    assert_eq!(
        config_to_interfaces(file.as_bytes(), &xm()).unwrap(),
        devices(&["<interface type='bridge'>\n  <source bridge='br0'/>\n</interface>\n"])
    );
    let e = config_to_interfaces(file.as_bytes(), &xl()).unwrap_err();
    assert_eq!(
        (e.status(), e.message()),
        (
            Status::VifSyntax,
            "config line 1: a byte-order mark, which xl refuses: save the file as UTF-8 without BOM"
        )
    );
}

// ---------------------------------------------------------------------------
// xm files are Python

#[test]
fn xm_triple_quoted_strings_are_read() {
    // libvirt writes a value holding both quotes (or a newline) in """…""".
    let config = "name = \"web\"\nkernel = \"\"\"/boot/vmlinuz-'it' \"x\" \"\"\"\n\
                  cmdline = '''root=/dev/xvda1\nquiet'''\n\
                  vif = [ \"\"\"mac=00:16:3e:00:00:01,bridge=xenbr0\"\"\", '''bridge=br1''', '' ]\n";
    let done = config_to_interfaces_with_warnings(config.as_bytes(), &xm()).unwrap();
    assert_eq!(
        done.output,
        devices(&[
            "<interface type='bridge'>\n  <mac address='00:16:3e:00:00:01'/>\n  <source bridge='xenbr0'/>\n</interface>\n",
            "<interface type='bridge'>\n  <source bridge='br1'/>\n</interface>\n",
            "<interface type='ethernet'>\n</interface>\n",
        ])
    );
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    // An entry spanning lines: its line is where it starts; the newline is no
    // safe value.
    let e = config_to_interfaces(b"vif = [ '''bridge=br0\n,script=x''' ]\n", &xm()).unwrap_err();
    assert_eq!(
        (e.status(), e.path(), e.line()),
        (Status::UnsafeValue, "vif[1]/bridge", 1)
    );
    // xl reads no triple quotes: '' then a string.
    assert_eq!(
        config_to_interfaces(b"vif = [ '''bridge=br0''' ]\n", &xl())
            .unwrap_err()
            .status(),
        Status::VifSyntax
    );
}

/// Xen's tools/examples/xmexample.hvm, in its shape: `import os, re`, a
/// computed setting, an if/else block, string arithmetic, and a plain vif list.
const XMEXAMPLE_HVM: &str = "#  -*- mode: python; -*-
#============================================================================
# Python configuration setup for 'xm create'.
#============================================================================

import os, re
arch = os.uname()[4]
if re.search('64', arch):
    arch_libdir = 'lib64'
else:
    arch_libdir = 'lib'

kernel = \"/usr/lib/xen/boot/hvmloader\"
builder='hvm'
memory = 128
name = \"ExampleHVMDomain\"
vif = [ 'type=ioemu, bridge=xenbr0' ]
device_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'
sdl=0
";

#[test]
fn xm_example_hvm_skips_its_python_with_warnings() {
    let done = config_to_interfaces_with_warnings(XMEXAMPLE_HVM.as_bytes(), &xm()).unwrap();
    assert_eq!(
        done.output,
        devices(&["<interface type='bridge'>\n  <source bridge='xenbr0'/>\n</interface>\n"])
    );
    assert_eq!(
        places(&done.warnings),
        [
            (W, Status::VifSyntax, 6, 1, ""),
            (W, Status::VifSyntax, 7, 1, ""),
            (W, Status::VifSyntax, 8, 1, ""),
            (W, Status::VifSyntax, 18, 1, ""),
        ]
    );
    assert_eq!(
        messages(&done.warnings),
        [
            "config line 6: \"import os, re\" is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
            "config line 7: \"arch = os.uname()[4]\" is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
            "config line 8: \"if re.search('64', arch):\" (through line 11) is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
            "config line 18: \"device_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'\" is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
        ]
    );
    // Strict: VIF_SYNTAX, every statement at once.
    let e = config_to_interfaces(XMEXAMPLE_HVM.as_bytes(), &xm().strict(true)).unwrap_err();
    assert_eq!(
        places(e.diagnostics()),
        [
            (E, Status::VifSyntax, 6, 1, ""),
            (E, Status::VifSyntax, 7, 1, ""),
            (E, Status::VifSyntax, 8, 1, ""),
            (E, Status::VifSyntax, 18, 1, ""),
        ]
    );
    assert_eq!(
        e.message(),
        "config line 6: \"import os, re\" is Python that xl.cfg syntax cannot read (strict mode): remove it, or turn strict mode off to skip it"
    );
    // xl files get no such leniency: the first Python line is an error.
    let e = config_to_interfaces(XMEXAMPLE_HVM.as_bytes(), &xl()).unwrap_err();
    assert_eq!(
        (e.status(), e.line(), e.message()),
        (
            Status::VifSyntax,
            6,
            "config line 6: expected '=' or '+=', found 'os' (xl.cfg syntax, which reads no Python)"
        )
    );
}

/// Xen's tools/examples/xmexample2, in its shape: a `def vmid_check` block, a
/// call spanning lines, and a vif list built with `%`.
const XMEXAMPLE2: &str = "#  -*- mode: python; -*-
# This function checks that 'vmid' has been given a valid value.
def vmid_check(var, val):
    val = int(val)
    if val <= 0:
        raise ValueError
    return val

# Define the 'vmid' variable so that 'xm create' knows about it.
xm_vars.var('vmid',
            use=\"Virtual machine id. Integer greater than 0.\",
            check=vmid_check)
xm_vars.check()

kernel = \"/boot/vmlinuz-2.6.10-xenU\"
memory = 64
name = \"VM%d\" % vmid
vif = [ 'mac=00:16:3e:00:00:%02x' % vmid ]
";

#[test]
fn xm_example2_vif_built_with_python_is_refused_in_both_modes() {
    for strict in [false, true] {
        let options = xm().strict(strict).warnings(true);
        let e = config_to_interfaces(XMEXAMPLE2.as_bytes(), &options).unwrap_err();
        let severity = if strict { E } else { W };
        let mut want = vec![(E, Status::VifSyntax, 18, 35, "vif")];
        if strict {
            want.splice(
                0..0,
                [
                    (E, Status::VifSyntax, 3, 1, ""),
                    (E, Status::VifSyntax, 10, 1, ""),
                    (E, Status::VifSyntax, 13, 1, ""),
                    (E, Status::VifSyntax, 17, 1, ""),
                ],
            );
        } else {
            want.extend([
                (severity, Status::VifSyntax, 3, 1, ""),
                (severity, Status::VifSyntax, 10, 1, ""),
                (severity, Status::VifSyntax, 13, 1, ""),
                (severity, Status::VifSyntax, 17, 1, ""),
            ]);
        }
        assert_eq!(places(e.diagnostics()), want, "strict={strict}");
        let vif_error = e.errors().find(|d| d.path == "vif").unwrap();
        assert_eq!(
            vif_error.message,
            "config line 18: \"vif = [ 'mac=00:16:3e:00:00:%02x' % vmid ]\" mentions vif but is Python that xl.cfg syntax cannot read \
             (unexpected '%'); vifxml does not run Python and never guesses the vif list: write vif as a list of plain strings"
        );
    }
    let done = config_to_interfaces_with_warnings(
        XMEXAMPLE2.replace("vif = [", "#vif = [").as_bytes(),
        &xm(),
    )
    .unwrap();
    assert_eq!(done.output, "<devices>\n</devices>\n");
    assert_eq!(
        messages(&done.warnings)[..2],
        [
            "config line 3: \"def vmid_check(var, val):\" (through line 7) is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
            "config line 10: \"xm_vars.var('vmid',\" (through line 12) is Python that xl.cfg syntax cannot read and does not mention vif: skipped",
        ]
    );
}

/// Xen's tools/examples/xmexample.vmx, in its shape: Python, and no active
/// vif line (only a commented-out one).
const XMEXAMPLE_VMX: &str = "#  -*- mode: python; -*-
import os, re
arch = os.uname()[4]
if re.search('64', arch):
    arch_libdir = 'lib64'
else:
    arch_libdir = 'lib'

kernel = \"/usr/lib/xen/boot/vmxloader\"
builder='vmx'
memory = 128
name = \"ExampleVMXDomain\"
# Optionally define mac and/or bridge for the network interfaces.
#vif = [ 'type=ioemu, mac=00:16:3e:00:00:11, bridge=xenbr0' ]
device_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'
";

#[test]
fn xm_example_vmx_without_a_vif_line_gives_empty_devices() {
    let done = config_to_interfaces_with_warnings(XMEXAMPLE_VMX.as_bytes(), &xm()).unwrap();
    assert_eq!(done.output, "<devices>\n</devices>\n");
    assert_eq!(
        places(&done.warnings),
        [
            (W, Status::VifSyntax, 2, 1, ""),
            (W, Status::VifSyntax, 3, 1, ""),
            (W, Status::VifSyntax, 4, 1, ""),
            (W, Status::VifSyntax, 15, 1, ""),
        ]
    );
    assert_eq!(
        config_to_interfaces(XMEXAMPLE_VMX.as_bytes(), &xm().strict(true))
            .unwrap_err()
            .errors()
            .count(),
        4
    );
}

#[test]
fn where_an_xm_statement_ends() {
    let br =
        |b: &str| format!("<interface type='bridge'>\n  <source bridge='{b}'/>\n</interface>\n");
    let cases: &[(&str, &[&str], &[usize])] = &[
        // `;` ends a simple statement.
        ("import os; vif = [ 'bridge=br0' ]\n", &["br0"], &[1]),
        // A call over several lines, then a line continuation.
        (
            "x = f(1,\n      2)\ny = 1 + \\\n    2\nvif = [ 'bridge=br0' ]\n",
            &["br0"],
            &[1, 3],
        ),
        // A block and its else/elif clauses, with comments and blank lines inside.
        (
            "if a:\n    b = 1\n\n    # vif is set below\nelif c:\n    b = 2\nelse:\n    b = 3\nvif = [ 'bridge=br0' ]\n",
            &["br0"],
            &[1],
        ),
        // A one-line compound statement, and its else on the next line.
        ("if a: b = 1; c = 2\nelse: b = 3\nvif = [ 'bridge=br1' ]\n", &["br1"], &[1]),
        // `vifs` and `vifname` are other words; a comment is no mention.
        ("vifs = len(x)  # the vif count\nvif = [ 'bridge=br0' ]\n", &["br0"], &[1]),
        // A docstring sets nothing, whatever it says.
        (
            "\"\"\"Guest web01: its vif is on br0.\"\"\"\nvif = [ 'bridge=br0' ]\n",
            &["br0"],
            &[1],
        ),
        // A statement after the vif list does not change it.
        ("vif = [ 'bridge=br0' ]\nfor i in range(2): pass\n", &["br0"], &[2]),
        // CR LF line ends and a comment without its newline, as Python reads them.
        ("memory = 512\r\nvif = [ 'bridge=br0' ]\r\n# end", &["br0"], &[]),
    ];
    for (config, bridges, lines) in cases {
        let done = config_to_interfaces_with_warnings(config.as_bytes(), &xm())
            .unwrap_or_else(|e| panic!("{config:?}: {e:?}"));
        let want: Vec<String> = bridges.iter().map(|b| br(b)).collect();
        let want: Vec<&str> = want.iter().map(String::as_str).collect();
        assert_eq!(done.output, devices(&want), "{config:?}");
        let got: Vec<usize> = done.warnings.iter().map(|w| w.line).collect();
        assert_eq!(&got, lines, "{config:?}");
    }
    // A statement the grammar cannot read that mentions vif — as a name, in a
    // string, in a block — is VIF_SYNTAX, strict or not: the vif list is never
    // guessed.
    for (config, line) in [
        ("vif = [ 'bridge=br0' ]\nvif += [ 'bridge=%s' % b ]\n", 2),
        ("vif = [ 'bridge=br0' ] + extra\n", 1),
        ("globals()['vif'] = [ 'bridge=br0' ]\n", 1),
        ("if x:\n    vif = [ 'bridge=br0' ]\n", 1),
        ("def f():\n    return 'script=vif-bridge'\n", 1),
        ("vif = [ 'bridge=br0'\n          'bridge=br1' ]\n", 1),
        ("vif = \\\n  [ 'bridge=br0' ]\n", 1),
    ] {
        for strict in [false, true] {
            let e = config_to_interfaces(config.as_bytes(), &xm().strict(strict)).unwrap_err();
            assert_eq!(
                (e.status(), e.path()),
                (Status::VifSyntax, "vif"),
                "{config:?}"
            );
            assert!(
                e.message().starts_with(&format!("config line {line}: ")),
                "{config:?}: {e}"
            );
        }
    }
    // What is not Python at all stops the reading.
    for (config, message) in [
        (
            "name = 'web\nvif = [ 'bridge=br0' ]\n",
            "config line 1: a string is not closed before the end of the line",
        ),
        (
            "x = f(1,\nvif = [ 'bridge=br0' ]\n",
            "config line 1: '(' is not closed before the end of the text",
        ),
        (
            "x = 1)\nvif = [ 'bridge=br0' ]\n",
            "config line 1: ')' closes no bracket",
        ),
    ] {
        let e = config_to_interfaces(config.as_bytes(), &xm()).unwrap_err();
        assert_eq!(
            (e.status(), e.message(), e.path()),
            (Status::VifSyntax, message, ""),
            "{config:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Open vSwitch on the way back (§5)

#[test]
fn openvswitch_vlans_only_behind_vif_openvswitch() {
    let ovs = |bridge: &str, vlan: &str, script: &str| {
        format!(
            "<interface type='bridge'>\n  <source bridge='{bridge}'/>\n{vlan}  <virtualport type='openvswitch'/>\n  <script path='{script}'/>\n</interface>\n"
        )
    };
    assert_eq!(
        vif_to_interface(b"bridge=ovsbr0.42,script=vif-openvswitch", &xl()).unwrap(),
        ovs(
            "ovsbr0",
            "  <vlan>\n    <tag id='42'/>\n  </vlan>\n",
            "vif-openvswitch"
        )
    );
    assert_eq!(
        vif_to_interface(
            b"bridge=ovsbr0:10:20,script=/etc/xen/scripts/vif-openvswitch",
            &xm()
        )
        .unwrap(),
        ovs(
            "ovsbr0",
            "  <vlan trunk='yes'>\n    <tag id='10'/>\n    <tag id='20'/>\n  </vlan>\n",
            "/etc/xen/scripts/vif-openvswitch"
        )
    );
    assert_eq!(
        vif_to_interface(
            b"(vif (bridge 'ovsbr0.7')(script 'vif-openvswitch'))",
            &sxpr()
        )
        .unwrap(),
        ovs(
            "ovsbr0",
            "  <vlan>\n    <tag id='7'/>\n  </vlan>\n",
            "vif-openvswitch"
        )
    );
    // Split at the last '.': the bridge itself then holds a '.', which Open
    // vSwitch cannot take.
    let e = vif_to_interface(b"bridge=br.0.5,script=vif-openvswitch", &xl()).unwrap_err();
    assert_eq!((e.status(), e.path()), (Status::UnsafeValue, "bridge"));
    // '.' or ':' without a numeric suffix: what vif-openvswitch cannot read.
    for bad in ["ovsbr0.x", "br:5:", "br.", "br:a"] {
        let vif = format!("bridge={bad},script=vif-openvswitch");
        let e = vif_to_interface(vif.as_bytes(), &xl()).unwrap_err();
        assert_eq!(
            (e.status(), e.path(), e.offset()),
            (Status::UnsafeValue, "bridge", Some(7)),
            "{bad}"
        );
    }
    // Any other script (or none): the bridge is taken whole.
    for (vif, bridge, script) in [
        ("bridge=br0.42", "br0.42", None),
        (
            "bridge=br0:1:2,script=vif-bridge",
            "br0:1:2",
            Some("vif-bridge"),
        ),
        (
            "bridge=br.5,script=my-ovs-wrapper",
            "br.5",
            Some("my-ovs-wrapper"),
        ),
    ] {
        let script = script.map_or(String::new(), |s| format!("  <script path='{s}'/>\n"));
        assert_eq!(
            vif_to_interface(vif.as_bytes(), &xl()).unwrap(),
            format!(
                "<interface type='bridge'>\n  <source bridge='{bridge}'/>\n{script}</interface>\n"
            )
        );
    }
    // 0.1 read a name too long for a bridge as Open vSwitch; SPEC §5 no longer
    // guesses: behind a custom script it is a bridge name too long.
    let e = vif_to_interface(b"bridge=ovsbridge01.4000,script=my-ovs-wrapper", &xl()).unwrap_err();
    assert_eq!(
        (e.status(), e.message()),
        (
            Status::UnsafeValue,
            "unsafe value for bridge: \"ovsbridge01.4000\" is longer than 15 bytes (1-15 bytes of A-Z a-z 0-9 _ . : -)"
        )
    );
}

/// The one case SPEC §5's round trip no longer covers (tests/roundtrip.rs
/// leaves it out): an Open vSwitch VLAN behind a custom script, whose bridge
/// plus suffix is longer than a bridge name.
#[test]
fn an_openvswitch_vlan_behind_a_custom_script_with_a_long_name_does_not_round_trip() {
    let xml =
        "<interface type='bridge'><source bridge='ovsbridge01'/><virtualport type='openvswitch'/>\
               <vlan><tag id='4000'/></vlan><script path='my-ovs-wrapper'/></interface>";
    let vif = interface_to_vif(xml.as_bytes(), &xl()).unwrap();
    assert_eq!(vif, "bridge=ovsbridge01.4000,script=my-ovs-wrapper");
    assert_eq!(
        vif_to_interface(vif.as_bytes(), &xl())
            .unwrap_err()
            .status(),
        Status::UnsafeValue
    );
    // Shorter, it comes back as a plain bridge and goes out as the same vif.
    let xml = xml.replace("ovsbridge01", "ovs0");
    let vif = interface_to_vif(xml.as_bytes(), &xl()).unwrap();
    let back = vif_to_interface(vif.as_bytes(), &xl()).unwrap();
    assert_eq!(interface_to_vif(back.as_bytes(), &xl()).unwrap(), vif);
}

/// Warnings of a failed conversion come with it when the options ask.
#[test]
fn the_plain_functions_carry_warnings_when_asked() {
    let e: Error = config_to_interfaces(
        b"import os\nvif = [ 'bridge=br0,bogus=1' ]\n",
        &xm().warnings(true),
    )
    .unwrap_err();
    assert_eq!(
        places(e.diagnostics()),
        [
            (E, Status::VifSyntax, 2, 21, "vif[1]/bogus"),
            (W, Status::VifSyntax, 1, 1, ""),
        ]
    );
    assert_eq!(
        domain_to_config_with_warnings(WITH_HOSTDEV.as_bytes(), &xl())
            .unwrap()
            .warnings
            .len(),
        1
    );
    assert!(vif_to_interface_with_warnings(b"bridge=br0", &xl())
        .unwrap()
        .warnings
        .is_empty());
}

/// Every diagnostic about the vif setting names it: `vif`, `vif[n]` or
/// `vif[n]/key`; one elsewhere in the file has no place.
#[test]
fn config_diagnostics_name_their_place() {
    for (config, options, status, line, column, path) in [
        ("vif = [ 'a' 'b' ]\n", xl(), Status::VifSyntax, 1, 13, "vif"),
        (
            "vif = [ 'bridge=br0' ] x\n",
            xl(),
            Status::VifSyntax,
            1,
            24,
            "vif",
        ),
        ("vif = 'bridge=br0'\n", xl(), Status::VifSyntax, 1, 7, "vif"),
        (
            "vif = []\nvif += 'x'\n",
            xl(),
            Status::VifSyntax,
            2,
            8,
            "vif",
        ),
        ("x = []\nx += 'a'\n", xl(), Status::VifSyntax, 2, 6, ""),
        ("name = 'a' 'b'\n", xl(), Status::VifSyntax, 1, 12, ""),
        ("vif = [ ['a'] ]\n", xl(), Status::VifSyntax, 1, 9, "vif[1]"),
        (
            "vif = [ '', 'b\\123' ]\n",
            xl(),
            Status::VifSyntax,
            1,
            15,
            "vif[2]",
        ),
        (
            "vif = [ 'rate=fast' ]\n",
            xm(),
            Status::VifSyntax,
            1,
            15,
            "vif[1]/rate",
        ),
        ("vif = [ 'x' ] + y\n", xm(), Status::VifSyntax, 1, 15, "vif"),
        (
            "import os\n",
            xm().strict(true),
            Status::VifSyntax,
            1,
            1,
            "",
        ),
    ] {
        let e = config_to_interfaces(config.as_bytes(), &options).unwrap_err();
        assert_eq!(
            places(e.diagnostics()),
            [(E, status, line, column, path)],
            "{config:?}: {e:?}"
        );
    }
}

/// SPEC §8.2: `<alias>`, `<address>` and `<acpi>` (and, docs/CONTRACT.md adds,
/// `<metadata>`) stay always ignored: no error in strict mode, no warning when
/// warnings are on, whatever they hold.
#[test]
fn alias_address_and_acpi_are_always_ignored_without_a_word() {
    let xml = "<interface type='bridge'>\n  <source bridge='br0'/>\n  <alias name='ua-net0' extra='x'/>\n  \
               <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n  <acpi index='4'/>\n  \
               <metadata><app:x xmlns:app='urn:example'/></metadata>\n</interface>\n";
    for strict in [false, true] {
        let done = interface_to_vif_with_warnings(xml.as_bytes(), &xl().strict(strict)).unwrap();
        assert_eq!(
            (done.output.as_str(), done.warnings.len()),
            ("bridge=br0,script=vif-bridge", 0),
            "strict={strict}: {:?}",
            done.warnings
        );
    }
}

/// SPEC §8.2: the settings that protect others are errors in a domain too,
/// every one at once, at its own interface, with warnings on or not.
#[test]
fn settings_that_protect_others_in_a_domain_are_all_reported() {
    let xml = "<domain type='xen'>
  <os><type>hvm</type></os>
  <devices>
    <interface type='bridge'>
      <source bridge='br0'/>
      <filterref filter='clean-traffic'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br1'/>
      <link state='down'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br2'/>
      <port isolated='yes'/>
      <driver name='vhost'/>
    </interface>
  </devices>
</domain>
";
    let want = [
        (
            E,
            Status::Unsupported,
            6,
            7,
            "/domain/devices/interface[1]/filterref",
        ),
        (
            E,
            Status::Unsupported,
            10,
            20,
            "/domain/devices/interface[2]/link/@state",
        ),
        (
            E,
            Status::Unsupported,
            14,
            23,
            "/domain/devices/interface[3]/port/@isolated",
        ),
    ];
    for options in [xl(), xm(), sxpr()] {
        let e = domain_to_vifs(xml.as_bytes(), &options).unwrap_err();
        assert_eq!(places(e.diagnostics()), want);
        let e = domain_to_config(xml.as_bytes(), &options).unwrap_err();
        assert_eq!(places(e.diagnostics()), want);
    }
    // With warnings on, the errors stay errors and the <driver> follows them.
    let e = domain_to_vifs(xml.as_bytes(), &xl().warnings(true)).unwrap_err();
    let mut with_warning = want.to_vec();
    with_warning.push((
        W,
        Status::Unsupported,
        15,
        7,
        "/domain/devices/interface[3]/driver",
    ));
    assert_eq!(places(e.diagnostics()), with_warning);
    assert_eq!(e.status(), Status::Unsupported);
}

/// SPEC §3 (0.2): "every name starting vif, vnet, macvtap or macvlan" — the
/// bare prefixes included, case-sensitively, in every dialect.
#[test]
fn generated_names_are_the_prefixes_themselves_and_case_sensitive() {
    let xml = |name: &str| {
        format!("<interface type='bridge'><source bridge='br0'/><target dev='{name}'/></interface>")
    };
    for name in ["vif", "vnet", "macvtap", "macvlan"] {
        let done = interface_to_vif_with_warnings(xml(name).as_bytes(), &xl()).unwrap();
        assert_eq!(done.output, "bridge=br0,script=vif-bridge", "{name}");
        assert_eq!(
            places(&done.warnings),
            [(W, Status::Ok, 1, 61, "/interface/target/@dev")],
            "{name}"
        );
    }
    for name in ["VIF1.0", "Vnet0", "MACVTAP0"] {
        let done = interface_to_vif_with_warnings(xml(name).as_bytes(), &xl()).unwrap();
        assert_eq!(
            (done.output, done.warnings.len()),
            (format!("bridge=br0,script=vif-bridge,vifname={name}"), 0)
        );
    }
    for (options, output) in [
        (xm(), "bridge=br0,script=vif-bridge"),
        (sxpr(), "(vif (bridge 'br0')(script 'vif-bridge'))"),
    ] {
        let done = interface_to_vif_with_warnings(xml("vif1.0").as_bytes(), &options.strict(true))
            .unwrap();
        assert_eq!(done.output, output);
        assert_eq!(
            places(&done.warnings),
            [(W, Status::Ok, 1, 61, "/interface/target/@dev")]
        );
    }
}

/// SPEC §5 (0.2): only a script whose *file name* is vif-openvswitch makes a
/// bridge suffix a VLAN; a single ':' tag is a trunk; tags are 0…4095 with
/// leading zeros accepted.
#[test]
fn openvswitch_reverse_needs_the_exact_script_file_name() {
    let whole = |bridge: &str, script: &str| {
        format!(
            "<interface type='bridge'>\n  <source bridge='{bridge}'/>\n  <script path='{script}'/>\n</interface>\n"
        )
    };
    for script in [
        "my-vif-openvswitch",
        "/etc/xen/scripts/xvif-openvswitch",
        "vif-openvswitch/",
        "vif-openvswitch.sh",
    ] {
        let vif = format!("bridge=br0.5,script={script}");
        let done = vif_to_interface_with_warnings(vif.as_bytes(), &xl()).unwrap();
        assert_eq!(done.output, whole("br0.5", script), "{script}");
        assert!(done.warnings.is_empty(), "{script}: {:?}", done.warnings);
    }
    let ovs = |vlan: &str| {
        format!(
            "<interface type='bridge'>\n  <source bridge='br0'/>\n{vlan}  <virtualport type='openvswitch'/>\n  <script path='vif-openvswitch'/>\n</interface>\n"
        )
    };
    assert_eq!(
        vif_to_interface(b"bridge=br0:10,script=vif-openvswitch", &xl()).unwrap(),
        ovs("  <vlan trunk='yes'>\n    <tag id='10'/>\n  </vlan>\n")
    );
    assert_eq!(
        vif_to_interface(b"bridge=br0.007,script=vif-openvswitch", &xl()).unwrap(),
        ovs("  <vlan>\n    <tag id='7'/>\n  </vlan>\n")
    );
    let e = vif_to_interface(b"bridge=br0.4096,script=vif-openvswitch", &xl()).unwrap_err();
    assert_eq!(
        places(e.diagnostics()),
        [(E, Status::Invalid, 1, 8, "bridge")]
    );
    assert_eq!(
        e.message(),
        "VLAN tag \"4096\" is not a whole number from 0 to 4095"
    );
}

/// Exact diagnostics where inputs.rs checked a status only.
#[test]
fn wrong_root_and_xl_triple_quotes_exactly() {
    let e =
        interface_to_vif(b"<devices><interface type='ethernet'/></devices>", &xl()).unwrap_err();
    assert_eq!(
        places(e.diagnostics()),
        [(E, Status::Invalid, 1, 1, "/devices")]
    );
    assert_eq!(
        e.message(),
        "the root element is <devices>; this function takes an <interface> (use the domain functions for a <domain> or <devices>)"
    );
    let e = config_to_interfaces(b"vif = [ '''bridge=br0''' ]\n", &xl()).unwrap_err();
    assert_eq!(
        places(e.diagnostics()),
        [(E, Status::VifSyntax, 1, 11, "vif")]
    );
    assert_eq!(
        e.message(),
        "config line 1: expected ',' or ']', found a string (xl.cfg syntax, which reads no Python)"
    );
}

/// SPEC §8.1 `vif[n]` is the entry's place in the final list (§8.2: the last
/// assignment wins, `+=` appends), so entries appended count on from the list
/// before them, and a replaced list counts no more.
#[test]
fn config_entry_numbers_count_the_final_list() {
    for (config, options, want) in [
        (
            "vif = [ 'bridge=br0' ]\nvif += [ 'mac=bad' ]\n",
            xl(),
            (E, Status::Invalid, 2, 15, "vif[2]/mac"),
        ),
        (
            "vif = [ 'mac=bad' ]\nvif = [ 'bridge=br0', 'mac=bad2' ]\n",
            xl(),
            (E, Status::Invalid, 2, 28, "vif[2]/mac"),
        ),
        (
            "import os\nvif = [ 'bridge=br0' ]\nvif += [ 'bridge=br1', 'mac=bad' ]\n",
            xm(),
            (E, Status::Invalid, 3, 29, "vif[3]/mac"),
        ),
    ] {
        let e = config_to_interfaces(config.as_bytes(), &options).unwrap_err();
        assert_eq!(places(e.diagnostics()), [want], "{config:?}");
    }
}
