//! Hostile input, through the public Rust API and (where pointers matter) the C
//! API in `vifxml::ffi`: huge values and names, deep nesting, huge documents,
//! truncation at every byte, invalid UTF-8, embedded NULs, injection attempts in
//! every field and dialect, NULL for every pointer argument, out-of-range enums,
//! and the regressions the fuzz targets found (fuzz/RESULTS.md). Every assertion
//! names the exact status SPEC §6/§6a gives, and every error message must stay
//! short (< 1 KiB) whatever the input's size.

mod common;

use std::ffi::{c_char, c_void, CStr};
use std::fmt::Debug;
use std::ptr;

use common::COptions;
use vifxml::ffi::*;
use vifxml::{
    config_to_interfaces, domain_to_config, domain_to_vifs, interface_to_vif, vif_to_interface,
    Dialect, Error, Options, Status, XenVersion,
};

const MB: usize = 1 << 20;
/// Longest acceptable error message: values are quoted cut short.
const MAX_MESSAGE: usize = 1024;
const DIALECTS: [Dialect; 3] = [Dialect::Xl, Dialect::Xm, Dialect::Sxpr];

/// Options with a network table and a resolver that answers `raw:X` with X as is.
fn options(dialect: Dialect) -> Options {
    Options::new()
        .dialect(dialect)
        .network("default", "virbr0")
        .unwrap()
        .resolver(|n: &str| n.strip_prefix("raw:").map(str::to_string))
}

fn message_problem(e: &Error, input_len: usize) -> Option<String> {
    let message = e.to_string();
    if message.trim().is_empty() {
        return Some("empty message".into());
    }
    if message.len() >= MAX_MESSAGE {
        return Some(format!(
            "{} message is {} bytes: {}…",
            e.status(),
            message.len(),
            message.chars().take(120).collect::<String>()
        ));
    }
    match e.offset() {
        Some(offset) if offset > input_len => Some(format!("offset {offset} past {input_len}")),
        _ => None,
    }
}

#[track_caller]
fn check_message(e: &Error, input_len: usize, what: &str) {
    if let Some(problem) = message_problem(e, input_len) {
        panic!("{what}: {problem}");
    }
}

/// The error a result must be: its exact status and a short message, or what is wrong.
fn try_expect<T: Debug>(
    r: Result<T, Error>,
    status: Status,
    input_len: usize,
) -> Result<Error, String> {
    match r {
        Ok(v) => {
            let shown = format!("{v:?}");
            Err(format!(
                "expected {status}, got OK {}",
                &shown[..shown.len().min(300)]
            ))
        }
        Err(e) if e.status() != status => Err(format!(
            "expected {status}, got {}: {}",
            e.status(),
            e.to_string().chars().take(300).collect::<String>()
        )),
        Err(e) => match message_problem(&e, input_len) {
            Some(problem) => Err(problem),
            None => Ok(e),
        },
    }
}

/// The error a result must be, with its exact status and a short message.
#[track_caller]
fn expect<T: Debug>(r: Result<T, Error>, status: Status, input_len: usize, what: &str) -> Error {
    try_expect(r, status, input_len).unwrap_or_else(|problem| panic!("{what}: {problem}"))
}

/// Collects the cases that fail, so that one run names all of them.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn expect<T: Debug>(
        &mut self,
        r: Result<T, Error>,
        status: Status,
        input_len: usize,
        what: &str,
    ) {
        if let Err(problem) = try_expect(r, status, input_len) {
            self.0.push(format!("{what}: {problem}"));
        }
    }

    fn ok(&mut self, r: Result<String, Error>, check: impl FnOnce(&str) -> bool, what: &str) {
        match r {
            Ok(out) if check(&out) => {}
            Ok(out) => self.0.push(format!(
                "{what}: unexpected output {:?}",
                &out[..out.len().min(300)]
            )),
            Err(e) => self.0.push(format!(
                "{what}: expected OK, got {}: {}",
                e.status(),
                e.to_string().chars().take(300).collect::<String>()
            )),
        }
    }

    #[track_caller]
    fn finish(self) {
        assert!(
            self.0.is_empty(),
            "{} failing case(s):\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

/// An OK vif or config never holds what SPEC §3 keeps out of it.
fn assert_safe_output(out: &str, dialect: Dialect, what: &str) {
    let forbidden: &[char] = match dialect {
        // Quotes and parentheses are the S-expression's own syntax; values are
        // checked by the fuzz targets item by item.
        Dialect::Sxpr => &[
            '"', '\\', '[', ']', '#', ';', ',', '=', '\t', '\n', '\r', '\0',
        ],
        _ => &[
            '\'', '"', '\\', '(', ')', '[', ']', '#', ';', '\t', '\n', '\r', '\0',
        ],
    };
    assert!(
        !out.contains(forbidden) && out.chars().all(|c| c == ' ' || c.is_ascii_graphic()),
        "{what}: unsafe output {out:?}"
    );
}

fn iface(body: &str) -> String {
    format!("<interface type='bridge'><source bridge='br0'/>{body}</interface>")
}

// ---------------------------------------------------------------------------
// 1. Huge values and names
// ---------------------------------------------------------------------------

/// A 1 MiB value in every attribute vifxml reads (and some it ignores): the exact
/// status SPEC gives, in every dialect, strict or not, with a short message.
#[test]
fn megabyte_attribute_values_are_clean_errors() {
    use Status::*;
    let letters = "a".repeat(MB);
    let digits = "9".repeat(MB);
    // (what, document with {V}, value, status lax, status strict)
    let cases: Vec<(&str, String, &str, Status, Status)> = vec![
        (
            "interface type",
            "<interface type='{V}'/>".into(),
            &letters,
            Invalid,
            Invalid,
        ),
        (
            "mac address",
            iface("<mac address='{V}'/>"),
            &letters,
            Invalid,
            Invalid,
        ),
        (
            "mac address digits",
            iface("<mac address='{V}'/>"),
            &digits,
            Invalid,
            Invalid,
        ),
        (
            "source bridge",
            "<interface type='bridge'><source bridge='{V}'/></interface>".into(),
            &letters,
            UnsafeValue,
            UnsafeValue,
        ),
        (
            "source network",
            "<interface type='network'><source network='{V}'/></interface>".into(),
            &letters,
            NetworkUnresolved,
            NetworkUnresolved,
        ),
        (
            "resolved bridge",
            "<interface type='network'><source network='raw:{V}'/></interface>".into(),
            &letters,
            UnsafeValue,
            UnsafeValue,
        ),
        (
            "source portgroup",
            "<interface type='network'><source network='default' portgroup='{V}'/></interface>"
                .into(),
            &letters,
            Unsupported,
            Unsupported,
        ),
        (
            "ip address",
            iface("<ip address='{V}'/>"),
            &letters,
            Invalid,
            Invalid,
        ),
        (
            "script path",
            iface("<script path='{V}'/>"),
            &letters,
            UnsafeValue,
            UnsafeValue,
        ),
        (
            "target dev",
            iface("<target dev='{V}'/>"),
            &letters,
            UnsafeValue,
            UnsafeValue,
        ),
        (
            "model type",
            iface("<model type='{V}'/>"),
            &letters,
            UnsafeValue,
            UnsafeValue,
        ),
        (
            "outbound average",
            iface("<bandwidth><outbound average='{V}'/></bandwidth>"),
            &letters,
            Invalid,
            Invalid,
        ),
        (
            "outbound average digits",
            iface("<bandwidth><outbound average='{V}'/></bandwidth>"),
            &digits,
            Invalid,
            Invalid,
        ),
        (
            "backenddomain name",
            iface("<backenddomain name='{V}'/>"),
            &letters,
            UnsafeValue,
            UnsafeValue,
        ),
        (
            "mtu size",
            iface("<mtu size='{V}'/>"),
            &digits,
            Invalid,
            Invalid,
        ),
        (
            "virtualport type",
            iface("<virtualport type='{V}'/>"),
            &letters,
            Unsupported,
            Unsupported,
        ),
        (
            "vlan trunk",
            iface("<virtualport type='openvswitch'/><vlan trunk='{V}'><tag id='1'/></vlan>"),
            &letters,
            Invalid,
            Invalid,
        ),
        (
            "tag id",
            iface("<virtualport type='openvswitch'/><vlan><tag id='{V}'/></vlan>"),
            &digits,
            Invalid,
            Invalid,
        ),
        (
            "tag nativeMode",
            iface("<virtualport type='openvswitch'/><vlan><tag id='1' nativeMode='{V}'/></vlan>"),
            &letters,
            Unsupported,
            Unsupported,
        ),
        // Ignored: OK without strict, and the value never reaches the output.
        (
            "ip prefix",
            iface("<ip address='10.0.0.1' prefix='{V}'/>"),
            &digits,
            Ok,
            Ok,
        ),
        ("alias name", iface("<alias name='{V}'/>"), &letters, Ok, Ok),
        (
            "driver name",
            iface("<driver name='{V}'/>"),
            &letters,
            Ok,
            Unsupported,
        ),
        (
            "outbound peak",
            iface("<bandwidth><outbound average='1' peak='{V}'/></bandwidth>"),
            &digits,
            Ok,
            Unsupported,
        ),
        (
            "unknown attribute",
            "<interface type='ethernet' foo='{V}'/>".into(),
            &letters,
            Ok,
            Unsupported,
        ),
    ];
    let mut failures = Failures::default();
    for (i, (what, template, value, lax, strict)) in cases.iter().enumerate() {
        let xml = template.replace("{V}", value);
        // Parsing megabytes is what takes the time in a debug build: each case
        // runs once, in a dialect and strictness that rotate from case to case
        // (the statuses do not depend on the dialect), and twice where strict
        // mode changes the status.
        let runs = if lax == strict {
            vec![(DIALECTS[i % 3], i % 2 == 1, *lax)]
        } else {
            vec![
                (DIALECTS[i % 3], false, *lax),
                (DIALECTS[(i + 1) % 3], true, *strict),
            ]
        };
        for (dialect, strict_mode, status) in runs {
            let what = format!("{what} ({dialect}, strict {strict_mode})");
            let o = options(dialect).strict(strict_mode);
            let r = interface_to_vif(xml.as_bytes(), &o);
            if status == Ok {
                failures.ok(
                    r,
                    |out| out.len() < 200 && !out.contains("aaaa") && !out.contains("9999"),
                    &what,
                );
            } else {
                failures.expect(r, status, xml.len(), &what);
            }
        }
    }
    failures.finish();
    // The same in a domain, where <os><type> is read too.
    let domain = |body: &str| {
        format!("<domain type='xen'>{body}<devices><interface type='bridge'><source bridge='br0'/></interface></devices></domain>")
    };
    let xml = domain(&format!("<os><type>{letters}</type></os>"));
    expect(
        domain_to_vifs(xml.as_bytes(), &options(Dialect::Xl)),
        Invalid,
        xml.len(),
        "os type text",
    );
    expect(
        domain_to_config(xml.as_bytes(), &options(Dialect::Xm)),
        Invalid,
        xml.len(),
        "os type text (config)",
    );
    let xml = domain(&format!("<os><type machine='{letters}'>hvm</type></os>"));
    assert_eq!(
        domain_to_vifs(xml.as_bytes(), &options(Dialect::Xl)).unwrap(),
        ["bridge=br0,script=vif-bridge"]
    );
    let xml = domain(&format!("<name>{letters}</name><os><type>xen</type></os>"));
    assert_eq!(
        domain_to_vifs(xml.as_bytes(), &options(Dialect::Xl))
            .unwrap()
            .len(),
        1
    );
}

/// A 1 MiB value for every vif key, in every dialect's reverse reader and in a
/// config file.
#[test]
fn megabyte_vif_values_are_clean_errors() {
    use Status::*;
    let letters = "a".repeat(MB);
    let digits = "9".repeat(MB);
    let cases: Vec<(&str, &str, Status, Status)> = vec![
        ("mac", &letters, Invalid, Invalid),
        ("bridge", &letters, UnsafeValue, UnsafeValue),
        ("script", &letters, UnsafeValue, UnsafeValue),
        ("ip", &letters, Invalid, Invalid),
        ("vifname", &letters, UnsafeValue, UnsafeValue),
        ("model", &letters, UnsafeValue, UnsafeValue),
        ("type", &letters, VifSyntax, VifSyntax),
        ("rate", &letters, VifSyntax, VifSyntax),
        ("backend", &letters, UnsafeValue, UnsafeValue),
        ("mtu", &digits, Invalid, Invalid),
        ("devid", &letters, Ok, Unsupported),
        ("gatewaydev", &letters, Ok, Unsupported),
    ];
    let mut failures = Failures::default();
    for (i, (key, value, lax, strict)) in cases.iter().enumerate() {
        // As above: lax and strict, in rotating dialects (sxpr every other time).
        for (dialect, strict_mode, status) in [
            (DIALECTS[i % 3], false, *lax),
            (DIALECTS[(i + 2) % 3], true, *strict),
        ] {
            let vif = match dialect {
                Dialect::Sxpr => format!("(vif ({key} '{value}'))"),
                _ => format!("{key}={value}"),
            };
            let what = format!("{key} ({dialect}, strict {strict_mode})");
            let r = vif_to_interface(vif.as_bytes(), &options(dialect).strict(strict_mode));
            if status == Ok {
                failures.ok(r, |out| out.len() < 200, &what);
            } else {
                failures.expect(r, status, vif.len(), &what);
            }
        }
        if !matches!(*key, "bridge" | "mtu" | "devid") {
            continue;
        }
        let config = format!("vif = [ '{key}={value}' ]\n");
        let r = config_to_interfaces(config.as_bytes(), &options(Dialect::Xl));
        if *lax == Ok {
            failures.ok(r, |out| out.len() < 200, &format!("config {key}"));
        } else {
            failures.expect(r, *lax, config.len(), &format!("config {key}"));
        }
    }
    failures.finish();
    for dialect in DIALECTS {
        // A rate of a megabyte of digits is out of range, not a crash.
        let vif = match dialect {
            Dialect::Sxpr => format!("(vif (rate '{digits}KB/s'))"),
            _ => format!("rate={digits}KB/s"),
        };
        expect(
            vif_to_interface(vif.as_bytes(), &options(dialect)),
            Invalid,
            vif.len(),
            "huge rate",
        );
        // An unknown key of a megabyte.
        let vif = match dialect {
            Dialect::Sxpr => format!("(vif ({letters} 'x'))"),
            _ => format!("{letters}=x"),
        };
        expect(
            vif_to_interface(vif.as_bytes(), &options(dialect)),
            VifSyntax,
            vif.len(),
            "huge key",
        );
    }
    // Other settings of a config file are skipped, whatever their size.
    let config = format!("name = '{letters}'\nvif = [ 'bridge=br0' ]\n{letters} = 1\n");
    assert_eq!(
        config_to_interfaces(config.as_bytes(), &options(Dialect::Xl)).unwrap(),
        "<devices>\n  <interface type='bridge'>\n    <source bridge='br0'/>\n  </interface>\n</devices>\n"
    );
}

/// Element, attribute, entity and setting names of a megabyte: the message names
/// them cut short, as it does values.
#[test]
fn megabyte_names_give_short_messages() {
    use Status::*;
    let name = "n".repeat(MB);
    let xl = options(Dialect::Xl);
    let strict = options(Dialect::Xl).strict(true);
    let cases: Vec<(&str, String, &Options, Status)> = vec![
        ("root element", format!("<{name}/>"), &xl, Invalid),
        (
            "child element, strict",
            format!("<interface type='ethernet'><{name}/></interface>"),
            &strict,
            Unsupported,
        ),
        (
            "attribute name, strict",
            format!("<interface type='ethernet' {name}='1'/>"),
            &strict,
            Unsupported,
        ),
        (
            "child attribute name, strict",
            format!("<interface type='ethernet'><script path='x' {name}='1'/></interface>"),
            &strict,
            Unsupported,
        ),
        (
            "end tag",
            format!("<interface type='ethernet'><a></{name}></interface>"),
            &xl,
            XmlSyntax,
        ),
        (
            "unclosed element",
            format!("<interface type='ethernet'><{name}>"),
            &xl,
            XmlSyntax,
        ),
        (
            "entity",
            format!("<interface type='ethernet'>&{name};</interface>"),
            &xl,
            XmlSyntax,
        ),
        (
            "entity in attribute",
            format!("<interface type='ethernet'><alias name='&{name};'/></interface>"),
            &xl,
            XmlSyntax,
        ),
        (
            "processing instruction",
            format!("<interface type='ethernet'><?{name} x?></interface>"),
            &xl,
            Invalid,
        ),
    ];
    let mut failures = Failures::default();
    for (what, xml, o, status) in &cases {
        failures.expect(
            interface_to_vif(xml.as_bytes(), o),
            *status,
            xml.len(),
            what,
        );
    }
    let xml = format!("<{name}/>");
    failures.expect(
        domain_to_vifs(xml.as_bytes(), &xl),
        Invalid,
        xml.len(),
        "domain root element",
    );
    let xml = format!("<domain><os><type>hvm</type></os><devices><interface type='ethernet'><{name}/></interface></devices></domain>");
    failures.expect(
        domain_to_config(xml.as_bytes(), &strict),
        Unsupported,
        xml.len(),
        "domain child element, strict",
    );
    // vif strings and S-expressions: keys of a megabyte.
    let vif = format!("{name}=1");
    failures.expect(
        vif_to_interface(vif.as_bytes(), &xl),
        VifSyntax,
        vif.len(),
        "vif key",
    );
    let vif = name.clone();
    failures.expect(
        vif_to_interface(vif.as_bytes(), &xl),
        VifSyntax,
        vif.len(),
        "vif item without '='",
    );
    let vif = format!("({name} (bridge 'b'))");
    failures.expect(
        vif_to_interface(vif.as_bytes(), &options(Dialect::Sxpr)),
        VifSyntax,
        vif.len(),
        "sexpr head",
    );
    let vif = format!("(vif ({name} 'b'))");
    failures.expect(
        vif_to_interface(vif.as_bytes(), &options(Dialect::Sxpr)),
        VifSyntax,
        vif.len(),
        "sexpr key",
    );
    // Config files: a name where the grammar wants something else.
    for (what, config) in [
        (
            "config: name after a list",
            format!("vif = [ 'bridge=br0' ] {name}\n"),
        ),
        ("config: name after a number", format!("x = 1 {name}\n")),
        ("config: name instead of '='", format!("vif {name}\n")),
        ("config: name in a list", format!("vif = [ {name} ]\n")),
        ("config: name as a value", format!("x = {name}\n")),
        (
            "config: number after a list",
            format!("vif = [] {}\n", "1".repeat(MB)),
        ),
    ] {
        failures.expect(
            config_to_interfaces(config.as_bytes(), &xl),
            VifSyntax,
            config.len(),
            what,
        );
    }
    failures.finish();
}

// ---------------------------------------------------------------------------
// 2. Deep nesting, huge documents
// ---------------------------------------------------------------------------

/// Runs `f` on a thread with a small stack: no reader may recurse per level.
fn small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn hundred_thousand_levels_of_nesting_are_clean_errors() {
    small_stack(|| {
        use Status::*;
        const N: usize = 100_000;
        let open = "<a>".repeat(N);
        let close = "</a>".repeat(N);
        let xl = options(Dialect::Xl);
        let cases: Vec<(&str, String, Options, Status)> = vec![
            ("inside interface", format!("<interface type='ethernet'>{open}{close}</interface>"), xl.clone(), Invalid),
            // Too deep is about the document, which is refused as a whole first.
            ("inside interface, strict", format!("<interface type='ethernet'>{open}{close}</interface>"), xl.clone().strict(true), Invalid),
            // Not well-formed: XML_SYNTAX before the depth refusal (SPEC §8.3).
            ("unclosed", format!("<interface type='ethernet'>{open}"), xl.clone(), XmlSyntax),
            ("inside an ignored element", format!("<interface type='ethernet'><alias>{open}{close}</alias></interface>"), xl.clone(), Invalid),
            ("inside a read element", format!("<interface type='bridge'><source bridge='b'>{open}{close}</source></interface>"), xl.clone(), Invalid),
            ("inside bandwidth", format!("<interface type='bridge'><source bridge='b'/><bandwidth><outbound average='1'>{open}{close}</outbound></bandwidth></interface>"), xl.clone(), Invalid),
            ("inside vlan", format!("<interface type='bridge'><source bridge='b'/><virtualport type='openvswitch'/><vlan><tag id='1'>{open}{close}</tag></vlan></interface>"), xl.clone(), Invalid),
            ("nested interfaces", format!("{}{}", "<interface type='ethernet'>".repeat(N), "</interface>".repeat(N)), xl.clone(), Invalid),
            ("as the root", format!("{open}{close}"), xl.clone(), Invalid),
        ];
        for (what, xml, o, status) in &cases {
            expect(
                interface_to_vif(xml.as_bytes(), o),
                *status,
                xml.len(),
                what,
            );
        }
        let domains = [
            format!("<domain><os><type>hvm</type></os><devices>{open}{close}</devices></domain>"),
            format!("<domain><os><type>hvm</type></os>{open}{close}</domain>"),
            format!("<domain><os>{open}{close}<type>hvm</type></os></domain>"),
            format!(
                "<domain><os><type>hvm</type></os><devices>{}{}</devices></domain>",
                "<interface type='ethernet'>".repeat(N),
                "</interface>".repeat(N)
            ),
            "<domain>".repeat(N) + &"</domain>".repeat(N),
        ];
        for (i, xml) in domains.iter().enumerate() {
            expect(
                domain_to_vifs(xml.as_bytes(), &xl),
                Invalid,
                xml.len(),
                &format!("domain {i}"),
            );
            expect(
                domain_to_config(xml.as_bytes(), &xl),
                Invalid,
                xml.len(),
                &format!("domain config {i}"),
            );
        }
        let sxpr = options(Dialect::Sxpr);
        for text in [
            "(".repeat(N),
            format!("(vif {}", "(".repeat(N)),
            format!("(vif (bridge {}", "(".repeat(N)),
            format!("(device {}{}", "(vif ".repeat(N), ")".repeat(N)),
        ] {
            expect(
                vif_to_interface(text.as_bytes(), &sxpr),
                VifSyntax,
                text.len(),
                "nested S-expression",
            );
        }
        for text in [
            format!("vif = {}", "[".repeat(N)),
            format!("vif = [ {}", "[".repeat(N)),
            format!("vif = {}{}", "[".repeat(N), "]".repeat(N)),
        ] {
            expect(
                config_to_interfaces(text.as_bytes(), &xl),
                VifSyntax,
                text.len(),
                "nested lists",
            );
        }
        let vif = "(".repeat(N);
        expect(
            vif_to_interface(vif.as_bytes(), &xl),
            VifSyntax,
            vif.len(),
            "parentheses as a vif string",
        );
    });
}

/// Interface `i` of the big domain: every 1000th has a MAC and a bridge, the
/// others are the smallest interface there is (parsing megabytes is what takes
/// the time in a debug build).
fn nth_interface(i: usize) -> String {
    if i % 1000 == 0 {
        format!(
            "<interface type='bridge'><mac address='00:16:3e:{:02x}:{:02x}:{:02x}'/><source bridge='br{}'/></interface>\n",
            (i >> 16) & 0xff,
            (i >> 8) & 0xff,
            i & 0xff,
            i / 1000
        )
    } else {
        "<interface type='ethernet'/>\n".to_string()
    }
}

fn many_interfaces(n: usize) -> String {
    let mut xml = String::with_capacity(n * 30 + n / 10);
    xml.push_str("<domain type='xen'><os><type>hvm</type></os><devices>\n");
    for i in 0..n {
        xml.push_str(&nth_interface(i));
    }
    xml.push_str("</devices></domain>\n");
    xml
}

fn nth_vif(i: usize) -> String {
    if i % 1000 != 0 {
        return String::new();
    }
    format!(
        "mac=00:16:3e:{:02x}:{:02x}:{:02x},bridge=br{},script=vif-bridge",
        (i >> 16) & 0xff,
        (i >> 8) & 0xff,
        i & 0xff,
        i / 1000
    )
}

#[test]
fn a_domain_with_a_hundred_thousand_interfaces_converts() {
    const N: usize = 100_000;
    let xml = many_interfaces(N);
    let xl = options(Dialect::Xl);
    let vifs = domain_to_vifs(xml.as_bytes(), &xl).unwrap();
    assert_eq!(vifs.len(), N);
    for i in (0..N)
        .step_by(1000)
        .chain([1, 999, 1001, 65_535, N / 2 + 1, N - 1])
    {
        assert_eq!(vifs[i], nth_vif(i), "vif {i}");
    }
    assert_eq!(vifs.iter().filter(|v| !v.is_empty()).count(), N / 1000);
    let config = domain_to_config(xml.as_bytes(), &xl).unwrap();
    assert!(config.starts_with(&format!("vif = [ \"{}\", \"\", \"", nth_vif(0))));
    assert!(config.ends_with("\"\" ]\n"));
    assert_eq!(config.matches("\", \"").count(), N - 1);
    assert!(config.contains(&format!("\"\", \"{}\", \"\"", nth_vif(N / 2))));
    // The same through the C API: count, entries, the closing NULL.
    let opts = COptions::new(Dialect::Xl);
    let mut out: *mut *mut c_char = ptr::null_mut();
    let mut count = 0usize;
    let mut err: *mut vifxml_error = ptr::null_mut();
    // SAFETY: xml is readable for its length; the out pointers are writable.
    unsafe {
        let status = vifxml_domain_to_vifs(
            xml.as_ptr().cast(),
            xml.len(),
            opts.0,
            &mut out,
            &mut count,
            &mut err,
        );
        assert_eq!(status, VIFXML_STATUS_OK);
        assert!(err.is_null());
        assert_eq!(count, N);
        for i in [0, 1, 1000, 99_000, N - 1] {
            assert_eq!(
                CStr::from_ptr(*out.add(i)).to_str().unwrap(),
                nth_vif(i),
                "C vif {i}"
            );
        }
        assert!((*out.add(N)).is_null());
        vifxml_strings_free(out, count);
    }
}

// ---------------------------------------------------------------------------
// 3. Truncation, encodings, NULs
// ---------------------------------------------------------------------------

const DOMAIN: &str = "\u{feff}<?xml version='1.0' encoding='UTF-8'?>
<!-- guest «web», ünïcode -->
<domain type='xen'>
  <name>web</name>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file'><source file='/x'/></disk>
    <interface type='bridge'>
      <mac address='00:16:3E:66:92:9C'/>
      <source bridge='xenbr0'/>
      <model type='e1000'/>
      <alias name='net0'/>
    </interface>
    <interface type=\"bridge\">
      <source bridge=\"ovsbr0\"/>
      <virtualport type='openvswitch'/>
      <vlan trunk='yes'><tag id='42'/><tag id='043'/></vlan>
      <bandwidth><outbound average='10240'/></bandwidth>
    </interface>
    <interface type='ethernet'>
      <ip address='10.0.0.1'/><ip address='2000:0::1'/>
      <script path='vif-route'/>
      <target dev='web&#48;'/><![CDATA[ignored]]> &amp; text
    </interface>
    <interface type='network'><source network='default'/><model type='netfront'/></interface>
  </devices>
</domain>
";

const DOMAIN_VIFS: [&str; 4] = [
    "mac=00:16:3e:66:92:9c,bridge=xenbr0,script=vif-bridge,model=e1000",
    "bridge=ovsbr0:42:43,script=vif-openvswitch,rate=10240KB/s",
    "script=vif-route,ip=10.0.0.1 2000::1,vifname=web0",
    "bridge=virbr0,script=vif-bridge,type=vif",
];

/// The status a truncated input must give: INVALID_UTF8 at the cut sequence if
/// the cut splits a character, else `syntax`.
fn truncated_status(prefix: &[u8], syntax: Status) -> (Status, Option<usize>) {
    match std::str::from_utf8(prefix) {
        Err(e) => (Status::InvalidUtf8, Some(e.valid_up_to())),
        std::result::Result::Ok(_) => (syntax, None),
    }
}

#[test]
fn every_truncation_of_a_domain_is_an_error_until_it_is_complete() {
    let xl = options(Dialect::Xl);
    assert_eq!(domain_to_vifs(DOMAIN.as_bytes(), &xl).unwrap(), DOMAIN_VIFS);
    let complete = DOMAIN.find("</domain>").unwrap() + "</domain>".len();
    let bytes = DOMAIN.as_bytes();
    for len in 0..=bytes.len() {
        let prefix = &bytes[..len];
        let what = format!("prefix of {len} bytes");
        let vifs = domain_to_vifs(prefix, &xl);
        let config = domain_to_config(prefix, &xl);
        if len >= complete {
            assert_eq!(vifs.unwrap(), DOMAIN_VIFS, "{what}");
            assert!(config.is_ok(), "{what}");
            continue;
        }
        let (status, offset) = truncated_status(prefix, Status::XmlSyntax);
        let e = expect(vifs, status, len, &what);
        if offset.is_some() {
            assert_eq!(e.offset(), offset, "{what}");
        }
        assert_eq!(config.unwrap_err(), e, "{what}: config fails as vifs do");
    }
}

#[test]
fn every_truncation_of_an_interface_and_an_s_expression_is_an_error() {
    let xml = "<?xml version=\"1.0\"?>\n<interface type='bridge'>\n  <mac address='00:16:3e:66:92:9c'/>\n  <source bridge='xenbr0'/>\n  <ip address='192.0.2.1'/>\n  <target dev='web0'/>\n  <model type='e1000'/><!-- é -->\n</interface>";
    let xm = options(Dialect::Xm);
    let c_xm = COptions::new(Dialect::Xm);
    let want = "mac=00:16:3e:66:92:9c,bridge=xenbr0,ip=192.0.2.1,script=vif-bridge,model=e1000,vifname=web0";
    assert_eq!(interface_to_vif(xml.as_bytes(), &xm).unwrap(), want);
    for len in 0..xml.len() {
        let prefix = &xml.as_bytes()[..len];
        let (status, offset) = truncated_status(prefix, Status::XmlSyntax);
        let e = expect(
            interface_to_vif(prefix, &xm),
            status,
            len,
            &format!("interface prefix {len}"),
        );
        if offset.is_some() {
            assert_eq!(e.offset(), offset);
        }
        // Through the C API, from a buffer of exactly `len` bytes.
        let exact: Box<[u8]> = prefix.into();
        let c = c_one(vifxml_interface_to_vif, &exact, c_xm.0);
        assert_eq!(c.status, status as u32, "C interface prefix {len}");
        assert!(c.out.is_none());
    }
    let sexpr = "(device (vif (mac '00:16:3e:1b:b1:47')(rate '10240KB/s')(bridge \"xenbr0\")(script 'vif-bridge')(ip '192.0.2.1')(vifname 'web\\'0')(model 'e1000')(type ioemu)))";
    let sxpr = options(Dialect::Sxpr);
    for len in 0..sexpr.len() {
        let prefix = &sexpr.as_bytes()[..len];
        expect(
            vif_to_interface(prefix, &sxpr),
            Status::VifSyntax,
            len,
            &format!("sexpr prefix {len}"),
        );
    }
    // Complete, it is read (and the escaped quote refused as unsafe).
    expect(
        vif_to_interface(sexpr.as_bytes(), &sxpr),
        Status::UnsafeValue,
        sexpr.len(),
        "complete",
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_offset_by_every_function() {
    let bad: [&[u8]; 7] = [
        b"\xff",
        b"\x80",
        b"\xc0\x80",             // overlong NUL
        b"\xed\xa0\x80",         // surrogate
        b"\xf8\x88\x80\x80\x80", // five-byte form
        b"\xf4\x90\x80\x80",     // above U+10FFFF
        b"\xe2\x28\xa1",
    ];
    type Convert = fn(&[u8], &Options) -> Result<String, Error>;
    let vifs_joined: Convert = |b, o| domain_to_vifs(b, o).map(|v| v.join("|"));
    let inputs: [(&str, &str, Convert, Dialect); 7] = [
        (
            "interface",
            "<interface type='ethernet'><alias name='@'/></interface>",
            interface_to_vif,
            Dialect::Xl,
        ),
        (
            "domain vifs",
            "<domain><os><type>hvm</type></os><!-- @ --></domain>",
            vifs_joined,
            Dialect::Xm,
        ),
        (
            "domain config",
            "<domain><os><type>hvm</type></os><name>@</name></domain>",
            domain_to_config,
            Dialect::Sxpr,
        ),
        ("vif", "bridge=br0,script=@", vif_to_interface, Dialect::Xl),
        (
            "sexpr",
            "(vif (bridge '@'))",
            vif_to_interface,
            Dialect::Sxpr,
        ),
        // A config's comments may hold any byte (SPEC §8.2); its vif entries
        // and its code not.
        (
            "config entry",
            "# comment\nvif = [ 'bridge=br0,script=@' ]\n",
            config_to_interfaces,
            Dialect::Xm,
        ),
        (
            "config code",
            "# comment\nvif = [ 'bridge=br0' ]\n@",
            config_to_interfaces,
            Dialect::Xm,
        ),
    ];
    for (what, template, convert, dialect) in inputs {
        let at = template.find('@').unwrap();
        for seq in bad {
            for bom in [false, true] {
                let mut input = Vec::new();
                if bom {
                    input.extend_from_slice("\u{feff}".as_bytes());
                }
                input.extend_from_slice(&template.as_bytes()[..at]);
                input.extend_from_slice(seq);
                input.extend_from_slice(&template.as_bytes()[at + 1..]);
                let offset = at + if bom { 3 } else { 0 };
                let what = format!("{what} {seq:x?} bom {bom}");
                let e = expect(
                    convert(&input, &options(dialect)),
                    Status::InvalidUtf8,
                    input.len(),
                    &what,
                );
                assert_eq!(e.offset(), Some(offset), "{what}");
                // The C API reports the same offset.
                let f = match what.split(' ').next().unwrap() {
                    "interface" => vifxml_interface_to_vif,
                    "domain" => vifxml_domain_to_config,
                    "vif" | "sexpr" => vifxml_vif_to_interface,
                    _ => vifxml_config_to_interfaces,
                };
                let c = c_one(f, &input, COptions::new(dialect).0);
                assert_eq!(
                    (c.status, c.offset),
                    (VIFXML_STATUS_INVALID_UTF8, Some(offset)),
                    "C {what}"
                );
            }
        }
        // Input that ends inside a sequence: the offset of its first byte (a
        // config entry cut there is first of all a string not closed).
        if what == "config entry" {
            continue;
        }
        let mut input = template.as_bytes()[..at].to_vec();
        input.extend_from_slice(b"\xe2\x82");
        let e = expect(
            convert(&input, &options(dialect)),
            Status::InvalidUtf8,
            input.len(),
            what,
        );
        assert_eq!(e.offset(), Some(at));
    }
}

#[test]
fn embedded_nuls_are_read_as_bytes_with_the_explicit_length() {
    use Status::*;
    let xl = COptions::new(Dialect::Xl);
    let sxpr = COptions::new(Dialect::Sxpr);
    let doc = b"<interface type='bridge'><source bridge='br0'/></interface>";
    let with_nul = [&doc[..], b"\0<x/>"].concat();
    // The length covers the NUL: it is read, and XML forbids it.
    let c = c_one(vifxml_interface_to_vif, &with_nul, xl.0);
    assert_eq!((c.status, c.offset), (XmlSyntax as u32, Some(doc.len())));
    assert!(c.message.contains("\\0"), "{}", c.message);
    // The length stops before the NUL: the document is complete.
    let c = c_one(vifxml_interface_to_vif, &with_nul[..doc.len()], xl.0);
    assert_eq!(c.out.as_deref(), Some("bridge=br0,script=vif-bridge"));
    // A NUL inside a value.
    for (input, f, opts, status, offset) in [
        (
            &b"<interface type='bridge'><source bridge='br\0'/></interface>"[..],
            vifxml_interface_to_vif as CFn,
            xl.0,
            XmlSyntax,
            43,
        ),
        (
            b"<interface type='network'><source network='a\0'/></interface>",
            vifxml_interface_to_vif,
            xl.0,
            XmlSyntax,
            44,
        ),
        (
            b"bridge=br0\0x",
            vifxml_vif_to_interface,
            xl.0,
            UnsafeValue,
            7,
        ),
        (
            b"bridge=br0,\0",
            vifxml_vif_to_interface,
            xl.0,
            VifSyntax,
            11,
        ),
        (
            b"(vif (bridge 'br\0'))",
            vifxml_vif_to_interface,
            sxpr.0,
            UnsafeValue,
            // The value, after its quote.
            14,
        ),
        (
            b"(vif (bridge br0\0))",
            vifxml_vif_to_interface,
            sxpr.0,
            UnsafeValue,
            13,
        ),
        (
            b"vif = [ 'bridge=br0' ]\0",
            vifxml_config_to_interfaces,
            xl.0,
            VifSyntax,
            22,
        ),
        (
            b"vif = [ 'bridge=br0\0' ]",
            vifxml_config_to_interfaces,
            xl.0,
            UnsafeValue,
            16,
        ),
        (
            b"<domain><os><type>hvm\0</type></os></domain>",
            vifxml_domain_to_config,
            xl.0,
            XmlSyntax,
            21,
        ),
    ] {
        let c = c_one(f, input, opts);
        assert_eq!(
            (c.status, c.offset),
            (status as u32, Some(offset)),
            "{input:?}: {}",
            c.message
        );
        assert!(c.out.is_none());
        assert!(!c.message.is_empty() && c.message.len() < MAX_MESSAGE);
    }
    // A vif cut at a NUL by its length: what follows is not read.
    let c = c_one(
        vifxml_vif_to_interface,
        &b"bridge=br0\0,script=x"[..10],
        xl.0,
    );
    assert_eq!(
        c.out.as_deref(),
        Some("<interface type='bridge'>\n  <source bridge='br0'/>\n</interface>\n")
    );
    // A zero-length input is read as empty, not as a C string.
    let c = c_one(vifxml_vif_to_interface, &b"bridge=br0"[..0], xl.0);
    assert_eq!(
        c.out.as_deref(),
        Some("<interface type='ethernet'>\n</interface>\n")
    );
    let c = c_one(vifxml_interface_to_vif, &doc[..0], xl.0);
    assert_eq!(c.status, XmlSyntax as u32);
}

// ---------------------------------------------------------------------------
// 4. Injection attempts
// ---------------------------------------------------------------------------

/// Characters that would change the meaning of a vif, a config line or an
/// S-expression if they got into a value.
const INJECTIONS: &[&str] = &[
    ",",
    "=",
    "'",
    "\"",
    ")",
    "(",
    "#",
    ";",
    "\n",
    "\\",
    " ",
    "\t",
    "\r",
    "[",
    "]",
    "\u{7f}",
    "\u{1}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "é",
    ",script=/bin/evil",
    "')(script '/bin/evil",
    "\" ]\nextra = [ \"",
    "\\\"",
    "${x}",
    "$(x)",
    "`x`",
    "*",
];

/// Characters XML 1.0 forbids in a document, even as character references.
fn xml_forbids(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
}

/// Escapes a value for an XML attribute with character references, so that
/// every injected character reaches the value as it is.
fn xml_attr(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ':' || c == '.' || c == '/' {
                c.to_string()
            } else {
                format!("&#{};", c as u32)
            }
        })
        .collect()
}

#[test]
fn injection_in_every_xml_field_and_dialect_is_refused() {
    use Status::*;
    // (field, document with {V}, valid prefix of the value, status)
    let fields: [(&str, &str, &str, Status); 12] = [
        ("bridge", "<interface type='bridge'><source bridge='{V}'/></interface>", "br", UnsafeValue),
        ("resolved bridge", "<interface type='network'><source network='raw:{V}'/></interface>", "br", UnsafeValue),
        ("script", "<interface type='ethernet'><script path='{V}'/></interface>", "vif", UnsafeValue),
        ("target dev", "<interface type='ethernet'><target dev='{V}'/></interface>", "web", UnsafeValue),
        ("model", "<interface type='ethernet'><model type='{V}'/></interface>", "e1000", UnsafeValue),
        ("backenddomain", "<interface type='ethernet'><backenddomain name='{V}'/></interface>", "dom", UnsafeValue),
        ("mac", "<interface type='ethernet'><mac address='{V}'/></interface>", "00:16:3e:00:00:01", Invalid),
        ("ip", "<interface type='ethernet'><ip address='{V}'/></interface>", "10.0.0.1", Invalid),
        ("average", "<interface type='ethernet'><bandwidth><outbound average='{V}'/></bandwidth></interface>", "10", Invalid),
        ("mtu", "<interface type='ethernet'><mtu size='{V}'/></interface>", "1500", Invalid),
        ("vlan tag", "<interface type='bridge'><source bridge='ovsbr0'/><virtualport type='openvswitch'/><vlan><tag id='{V}'/></vlan></interface>", "42", Invalid),
        ("bridge (Open vSwitch)", "<interface type='bridge'><source bridge='{V}'/><virtualport type='openvswitch'/></interface>", "ovsbr0", UnsafeValue),
    ];
    for dialect in DIALECTS {
        for strict in [false, true] {
            let o = options(dialect).strict(strict);
            for (field, template, prefix, status) in fields {
                for inj in INJECTIONS {
                    for value in [
                        format!("{prefix}{inj}x"),
                        format!("{prefix}{inj}"),
                        format!("{inj}{prefix}"),
                    ] {
                        let xml = template.replace("{V}", &xml_attr(&value));
                        let what = format!("{field}={value:?} ({dialect}, strict {strict})");
                        // XML 1.0 forbids most control characters even as references.
                        let status = if value.chars().any(xml_forbids) {
                            XmlSyntax
                        } else {
                            status
                        };
                        // A trailing space in a number or a MAC is not of its kind either.
                        expect(
                            interface_to_vif(xml.as_bytes(), &o),
                            status,
                            xml.len(),
                            &what,
                        );
                        let domain = format!(
                            "<domain><os><type>hvm</type></os><devices>{xml}</devices></domain>"
                        );
                        expect(
                            domain_to_config(domain.as_bytes(), &o),
                            status,
                            domain.len(),
                            &what,
                        );
                    }
                }
            }
        }
    }
    // `..` and `.` where a path or an interface name could be steered.
    let o = options(Dialect::Xl);
    for (xml, status) in [
        ("<interface type='bridge'><source bridge='..'/></interface>", UnsafeValue),
        ("<interface type='bridge'><source bridge='.'/></interface>", UnsafeValue),
        ("<interface type='network'><source network='raw:..'/></interface>", UnsafeValue),
        ("<interface type='ethernet'><target dev='..'/></interface>", UnsafeValue),
        ("<interface type='ethernet'><script path='..'/></interface>", UnsafeValue),
        ("<interface type='ethernet'><script path='../x'/></interface>", UnsafeValue),
        ("<interface type='ethernet'><script path='/etc/xen/scripts/../../bin/sh'/></interface>", UnsafeValue),
        ("<interface type='ethernet'><script path='a/..'/></interface>", UnsafeValue),
        ("<interface type='ethernet'><model type='..'/></interface>", UnsafeValue),
        ("<interface type='bridge'><source bridge='ovs.0'/><virtualport type='openvswitch'/></interface>", UnsafeValue),
        ("<interface type='bridge'><source bridge='ovs:0'/><virtualport type='openvswitch'/></interface>", UnsafeValue),
    ] {
        expect(interface_to_vif(xml.as_bytes(), &o), status, xml.len(), xml);
    }
}

#[test]
fn injection_in_every_vif_key_and_dialect_is_refused() {
    use Status::*;
    let keys: [(&str, &str, Status); 9] = [
        ("bridge", "br", UnsafeValue),
        ("script", "vif", UnsafeValue),
        ("vifname", "web", UnsafeValue),
        ("model", "e1000", UnsafeValue),
        ("backend", "dom", UnsafeValue),
        ("mac", "00:16:3e:00:00:01", Invalid),
        ("ip", "10.0.0.1", Invalid),
        ("mtu", "1500", Invalid),
        ("rate", "10KB/s", VifSyntax),
    ];
    for dialect in DIALECTS {
        let o = options(dialect);
        for (key, prefix, status) in keys {
            for inj in INJECTIONS {
                // In a vif string a comma starts another item: ",script=…" is a
                // second key, not an injection (the S-expression tests it).
                if dialect != Dialect::Sxpr && inj.len() > 1 && inj.contains(',') {
                    continue;
                }
                let value = format!("{prefix}{inj}x");
                let (vif, status) = match dialect {
                    Dialect::Sxpr => {
                        let quoted = value.replace('\\', "\\\\").replace('\'', "\\'");
                        (format!("(vif ({key} '{quoted}'))"), status)
                    }
                    // In a vif string a comma ends the item: "x" is then an item without '='.
                    _ if inj.starts_with(',') => (format!("{key}={value}"), VifSyntax),
                    _ => (format!("{key}={value}"), status),
                };
                let what = format!("{vif:?} ({dialect})");
                expect(
                    vif_to_interface(vif.as_bytes(), &o),
                    status,
                    vif.len(),
                    &what,
                );
            }
        }
        // A config entry that escapes its quotes or its line is refused too.
        if dialect != Dialect::Sxpr {
            for (config, status) in [
                ("vif = [ 'bridge=br\\nx' ]", UnsafeValue),
                ("vif = [ \"bridge=br\\\"x\" ]", UnsafeValue),
                ("vif = [ 'bridge=br\\'x' ]", UnsafeValue),
                ("vif = [ 'bridge=br\\\\x' ]", UnsafeValue),
                ("vif = [ 'bridge=br\\tx' ]", UnsafeValue),
                ("vif = [ 'script=/bin/evil #' ]", UnsafeValue),
                ("vif = [ 'bridge=br0' ] + [ 'bridge=evil' ]", VifSyntax),
                ("vif = [ 'bridge=br' 'x' ]", VifSyntax),
                ("vif = [ 'bridge=br0\nx' ]", VifSyntax),
                ("vif = [ 'bridge=%s' % 'x' ]", VifSyntax),
                (
                    "vif = [ 'bridge=br0' ]; vif += [ 'bridge=%s' % x ]",
                    VifSyntax,
                ),
                ("vif = [ 'bridge=br0' ]; import vif", VifSyntax),
            ] {
                expect(
                    config_to_interfaces(config.as_bytes(), &o),
                    status,
                    config.len(),
                    config,
                );
            }
            // A Python statement that does not mention vif: xl refuses the file,
            // xm skips the statement (SPEC §8.2), and nothing of it is output.
            let config = "vif = [ 'bridge=br0' ]; import os";
            let r = config_to_interfaces(config.as_bytes(), &o);
            match dialect {
                Dialect::Xm => assert_eq!(
                    r.unwrap(),
                    "<devices>\n  <interface type='bridge'>\n    <source bridge='br0'/>\n  </interface>\n</devices>\n"
                ),
                _ => {
                    expect(r, VifSyntax, config.len(), config);
                }
            }
        }
    }
}

/// Hostile text where vifxml does not look (ignored elements and attributes,
/// comments, the rest of a domain): OK, and none of it reaches the output.
#[test]
fn injection_where_nothing_is_read_never_reaches_the_output() {
    for dialect in DIALECTS {
        let o = options(dialect);
        for inj in INJECTIONS.iter().filter(|i| !i.chars().any(xml_forbids)) {
            let v = xml_attr(&format!("x{inj}y"));
            let xml = format!(
                "<interface type='bridge' foo='{v}'><source bridge='br0' mode='{v}'/><alias name='{v}'/><driver name='{v}'/>\
                 <ip address='10.0.0.1' prefix='{v}' family='{v}'/><!-- {inj} --><rom file='{v}'/><address type='{v}'/></interface>"
            );
            let want = match dialect {
                Dialect::Sxpr => "(vif (bridge 'br0')(script 'vif-bridge')(ip '10.0.0.1'))",
                _ => "bridge=br0,ip=10.0.0.1,script=vif-bridge",
            };
            assert_eq!(
                interface_to_vif(xml.as_bytes(), &o).unwrap(),
                want,
                "{inj:?}"
            );
            let domain = format!(
                "<domain type='xen'><name>{v}</name><description>{v}</description><os><type>hvm</type><cmdline>{v}</cmdline></os>\
                 <devices><emulator>{v}</emulator>{xml}</devices><seclabel label='{v}'/></domain>"
            );
            let config = domain_to_config(domain.as_bytes(), &o).unwrap();
            assert!(
                config.starts_with("vif = [ \"bridge=br0")
                    || config.starts_with("(device (vif (bridge 'br0')")
            );
            assert_safe_output(
                config
                    .trim_end_matches('\n')
                    .trim_start_matches("vif = [ \"")
                    .trim_end_matches("\" ]"),
                dialect,
                &format!("{inj:?}"),
            );
        }
    }
}

/// A network table entry or a resolver answer that would inject is refused.
#[test]
fn network_bridges_from_the_table_or_the_resolver_are_checked() {
    let mut o = Options::new();
    for bad in [
        "br0,script=x",
        "br0 x",
        "br0\"",
        "br0\n",
        "..",
        "1234567890123456",
    ] {
        assert_eq!(
            o.add_network("n", bad).unwrap_err().status(),
            Status::UnsafeValue,
            "{bad:?}"
        );
    }
    assert_eq!(
        o.add_network("", "br0").unwrap_err().status(),
        Status::InvalidOption
    );
    let xml = b"<interface type='network'><source network='n'/></interface>";
    expect(
        interface_to_vif(xml, &o),
        Status::NetworkUnresolved,
        xml.len(),
        "table refused",
    );

    // The C resolver's answer is checked at conversion, including bytes that are not UTF-8.
    unsafe extern "C" fn evil(network: *const c_char, _: *mut c_void) -> *const c_char {
        // SAFETY: the library passes a NUL-terminated string.
        match unsafe { CStr::from_ptr(network) }.to_bytes() {
            b"comma" => c"br0,script=/bin/evil".as_ptr(),
            b"quote" => c"br0\"".as_ptr(),
            b"newline" => c"br0\nvif = []".as_ptr(),
            b"latin1" => c"br\xe9".as_ptr(),
            b"empty" => c"".as_ptr(),
            b"good" => c"br-good".as_ptr(),
            _ => ptr::null(),
        }
    }
    let opts = COptions::new(Dialect::Xl);
    // SAFETY: live options; a plain function as resolver.
    assert_eq!(
        unsafe { vifxml_options_set_network_resolver(opts.0, Some(evil), ptr::null_mut()) },
        VIFXML_STATUS_OK
    );
    for (network, status) in [
        ("comma", VIFXML_STATUS_UNSAFE_VALUE),
        ("quote", VIFXML_STATUS_UNSAFE_VALUE),
        ("newline", VIFXML_STATUS_UNSAFE_VALUE),
        ("latin1", VIFXML_STATUS_UNSAFE_VALUE),
        ("empty", VIFXML_STATUS_INVALID),
        ("unknown", VIFXML_STATUS_NETWORK_UNRESOLVED),
        ("good", VIFXML_STATUS_OK),
    ] {
        let xml = format!("<interface type='network'><source network='{network}'/></interface>");
        let c = c_one(vifxml_interface_to_vif, xml.as_bytes(), opts.0);
        assert_eq!(c.status, status, "{network}: {}", c.message);
        if status == VIFXML_STATUS_OK {
            assert_eq!(c.out.as_deref(), Some("bridge=br-good,script=vif-bridge"));
        }
    }
    // The C table refuses what the Rust table refuses.
    let n = c"n";
    for (bridge, status) in [
        (c"br0,script=x", VIFXML_STATUS_UNSAFE_VALUE),
        (c"br0 x", VIFXML_STATUS_UNSAFE_VALUE),
        (c"br\xff", VIFXML_STATUS_INVALID_UTF8),
        (c"virbr0", VIFXML_STATUS_OK),
    ] {
        // SAFETY: live options, NUL-terminated strings.
        assert_eq!(
            unsafe { vifxml_options_add_network(opts.0, n.as_ptr(), bridge.as_ptr()) },
            status,
            "{bridge:?}"
        );
    }
    // SAFETY: as above.
    assert_eq!(
        unsafe { vifxml_options_add_network(opts.0, c"".as_ptr(), c"br0".as_ptr()) },
        VIFXML_STATUS_INVALID_OPTION
    );
    // SAFETY: as above.
    assert_eq!(
        unsafe { vifxml_options_add_network(opts.0, c"\xff".as_ptr(), c"br0".as_ptr()) },
        VIFXML_STATUS_INVALID_UTF8
    );
}

// ---------------------------------------------------------------------------
// 5. The C API: NULL for every pointer, out-of-range enums, lengths
// ---------------------------------------------------------------------------

type CFn = unsafe extern "C" fn(
    *const c_char,
    usize,
    *const vifxml_options,
    *mut *mut c_char,
    *mut *mut vifxml_error,
) -> vifxml_status;

const ONE_STRING_FNS: [(&str, CFn, &str); 4] = [
    (
        "vifxml_interface_to_vif",
        vifxml_interface_to_vif,
        "<interface type='bridge'><source bridge='br0'/></interface>",
    ),
    (
        "vifxml_domain_to_config",
        vifxml_domain_to_config,
        "<domain><os><type>hvm</type></os></domain>",
    ),
    (
        "vifxml_vif_to_interface",
        vifxml_vif_to_interface,
        "bridge=br0",
    ),
    (
        "vifxml_config_to_interfaces",
        vifxml_config_to_interfaces,
        "vif = []",
    ),
];

/// What a one-string C entry point gave.
struct COut {
    status: u32,
    out: Option<String>,
    message: String,
    offset: Option<usize>,
}

fn c_one(f: CFn, input: &[u8], opts: *const vifxml_options) -> COut {
    let mut out: *mut c_char = ptr::dangling_mut::<c_char>();
    let mut err: *mut vifxml_error = ptr::dangling_mut::<vifxml_error>();
    // SAFETY: input is readable for its length; out and err are writable.
    unsafe {
        let status = f(input.as_ptr().cast(), input.len(), opts, &mut out, &mut err);
        let result = COut {
            status,
            out: (!out.is_null()).then(|| CStr::from_ptr(out).to_str().unwrap().to_string()),
            message: if err.is_null() {
                String::new()
            } else {
                CStr::from_ptr(vifxml_error_message(err))
                    .to_str()
                    .unwrap()
                    .to_string()
            },
            offset: match vifxml_error_offset(err) {
                usize::MAX => None,
                o => Some(o),
            },
        };
        if status == VIFXML_STATUS_OK {
            assert!(err.is_null() && !out.is_null());
        } else {
            assert!(out.is_null() && !err.is_null());
            assert_eq!(vifxml_error_status(err), status);
        }
        vifxml_string_free(out);
        vifxml_error_free(err);
        result
    }
}

#[test]
fn null_for_every_pointer_argument_is_null_argument() {
    let opts = COptions::new(Dialect::Xl);
    // SAFETY: every pointer is NULL or valid; the library must not touch NULL ones.
    unsafe {
        // Options setters.
        assert_eq!(
            vifxml_options_set_dialect(ptr::null_mut(), 0),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_set_guest(ptr::null_mut(), 0),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_set_xen_version(ptr::null_mut(), 4, 15, 0),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_set_strict(ptr::null_mut(), true),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_set_network_resolver(ptr::null_mut(), None, ptr::null_mut()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_add_network(ptr::null_mut(), c"n".as_ptr(), c"br0".as_ptr()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_add_network(opts.0, ptr::null(), c"br0".as_ptr()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_add_network(opts.0, c"n".as_ptr(), ptr::null()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_options_add_network(opts.0, ptr::null(), ptr::null()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        // A NULL resolver removes the resolver: not an error.
        assert_eq!(
            vifxml_options_set_network_resolver(opts.0, None, ptr::null_mut()),
            VIFXML_STATUS_OK
        );

        for (name, f, input) in ONE_STRING_FNS {
            for len in [0, input.len()] {
                // NULL data, even with length 0.
                let mut out: *mut c_char = ptr::dangling_mut::<c_char>();
                let mut err: *mut vifxml_error = ptr::dangling_mut::<vifxml_error>();
                assert_eq!(
                    f(ptr::null(), len, opts.0, &mut out, &mut err),
                    VIFXML_STATUS_NULL_ARGUMENT,
                    "{name} len {len}"
                );
                assert!(out.is_null(), "{name}: output not reset");
                assert_eq!(vifxml_error_status(err), VIFXML_STATUS_NULL_ARGUMENT);
                let message = CStr::from_ptr(vifxml_error_message(err)).to_str().unwrap();
                assert!(!message.is_empty() && message.len() < MAX_MESSAGE);
                assert_eq!(vifxml_error_offset(err), usize::MAX);
                vifxml_error_free(err);
                // And without an error object.
                out = ptr::dangling_mut::<c_char>();
                assert_eq!(
                    f(ptr::null(), len, opts.0, &mut out, ptr::null_mut()),
                    VIFXML_STATUS_NULL_ARGUMENT
                );
                assert!(out.is_null());
            }
            // NULL output pointer.
            let mut err: *mut vifxml_error = ptr::dangling_mut::<vifxml_error>();
            assert_eq!(
                f(
                    input.as_ptr().cast(),
                    input.len(),
                    opts.0,
                    ptr::null_mut(),
                    &mut err
                ),
                VIFXML_STATUS_NULL_ARGUMENT,
                "{name} out"
            );
            assert_eq!(vifxml_error_status(err), VIFXML_STATUS_NULL_ARGUMENT);
            vifxml_error_free(err);
            assert_eq!(
                f(
                    input.as_ptr().cast(),
                    input.len(),
                    opts.0,
                    ptr::null_mut(),
                    ptr::null_mut()
                ),
                VIFXML_STATUS_NULL_ARGUMENT
            );
            // Everything NULL at once.
            assert_eq!(
                f(
                    ptr::null(),
                    0,
                    ptr::null(),
                    ptr::null_mut(),
                    ptr::null_mut()
                ),
                VIFXML_STATUS_NULL_ARGUMENT
            );
            // NULL options are the defaults; NULL out_err is allowed.
            let mut out: *mut c_char = ptr::null_mut();
            assert_eq!(
                f(
                    input.as_ptr().cast(),
                    input.len(),
                    ptr::null(),
                    &mut out,
                    ptr::null_mut()
                ),
                VIFXML_STATUS_OK,
                "{name} defaults"
            );
            assert!(!out.is_null());
            vifxml_string_free(out);
        }

        // vifxml_domain_to_vifs has two outputs.
        let xml = "<domain><os><type>hvm</type></os><devices><interface type='bridge'><source bridge='b'/></interface></devices></domain>";
        let (p, n) = (xml.as_ptr().cast::<c_char>(), xml.len());
        let mut vifs: *mut *mut c_char = ptr::dangling_mut::<*mut c_char>();
        let mut count: usize = 99;
        let mut err: *mut vifxml_error = ptr::dangling_mut::<vifxml_error>();
        assert_eq!(
            vifxml_domain_to_vifs(ptr::null(), 0, opts.0, &mut vifs, &mut count, &mut err),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert!(vifs.is_null() && count == 0);
        assert_eq!(vifxml_error_status(err), VIFXML_STATUS_NULL_ARGUMENT);
        vifxml_error_free(err);
        count = 99;
        assert_eq!(
            vifxml_domain_to_vifs(p, n, opts.0, ptr::null_mut(), &mut count, ptr::null_mut()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(count, 0, "count reset when out_vifs is NULL");
        vifs = ptr::dangling_mut::<*mut c_char>();
        assert_eq!(
            vifxml_domain_to_vifs(p, n, opts.0, &mut vifs, ptr::null_mut(), ptr::null_mut()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert!(vifs.is_null(), "array reset when out_count is NULL");
        assert_eq!(
            vifxml_domain_to_vifs(
                ptr::null(),
                0,
                ptr::null(),
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut()
            ),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert_eq!(
            vifxml_domain_to_vifs(p, n, ptr::null(), &mut vifs, &mut count, ptr::null_mut()),
            VIFXML_STATUS_OK
        );
        assert_eq!(count, 1);
        vifxml_strings_free(vifs, count);

        // Free functions and accessors accept NULL.
        vifxml_options_free(ptr::null_mut());
        vifxml_string_free(ptr::null_mut());
        vifxml_strings_free(ptr::null_mut(), 0);
        vifxml_strings_free(ptr::null_mut(), 7);
        vifxml_error_free(ptr::null_mut());
        assert_eq!(
            vifxml_error_status(ptr::null()),
            VIFXML_STATUS_NULL_ARGUMENT
        );
        assert!(vifxml_error_message(ptr::null()).is_null());
        assert_eq!(vifxml_error_offset(ptr::null()), usize::MAX);
    }
}

#[test]
fn out_of_range_enums_and_versions_are_invalid_option() {
    let opts = COptions::new(Dialect::Xm);
    let xml = "<interface type='bridge'><source bridge='br0'/><model type='netfront'/></interface>";
    // SAFETY: live options.
    unsafe {
        for bad in [3, 4, 255, 0x8000_0000, u32::MAX] {
            assert_eq!(
                vifxml_options_set_dialect(opts.0, bad),
                VIFXML_STATUS_INVALID_OPTION,
                "dialect {bad}"
            );
        }
        for bad in [4, 5, 0x8000_0000, u32::MAX] {
            assert_eq!(
                vifxml_options_set_guest(opts.0, bad),
                VIFXML_STATUS_INVALID_OPTION,
                "guest {bad}"
            );
        }
    }
    // The options are unchanged: still xm, guest automatic (HVM for an interface).
    let c = c_one(vifxml_interface_to_vif, xml.as_bytes(), opts.0);
    assert_eq!(
        c.out.as_deref(),
        Some("bridge=br0,script=vif-bridge,type=netfront")
    );
    // Status names: every value has one, unknown ones a fixed string.
    for s in 0..=10u32 {
        // SAFETY: static strings.
        let name = unsafe { CStr::from_ptr(vifxml_status_str(s)) }
            .to_str()
            .unwrap();
        assert_eq!(name, Status::from_u32(s).unwrap().name());
    }
    for bad in [11, 12, u32::MAX] {
        // SAFETY: static strings.
        assert_eq!(
            unsafe { CStr::from_ptr(vifxml_status_str(bad)) },
            c"unknown status"
        );
    }
    // Versions: the setter takes any, the conversion checks the combination.
    for (dialect, (major, minor, micro)) in [
        (Dialect::Xl, (4, 0, 9)),
        (Dialect::Xl, (0, 0, 0)),
        (Dialect::Xm, (3, 0, 1)),
        (Dialect::Xm, (4, 5, 0)),
        (Dialect::Sxpr, (u32::MAX, u32::MAX, u32::MAX)),
        (Dialect::Sxpr, (2, 9, 9)),
    ] {
        let o = Options::new()
            .dialect(dialect)
            .xen_version(XenVersion::new(major, minor, micro));
        expect(
            interface_to_vif(xml.as_bytes(), &o),
            Status::InvalidOption,
            xml.len(),
            "version",
        );
        let d = format!("<domain><os><type>hvm</type></os><devices>{xml}</devices></domain>");
        expect(
            domain_to_vifs(d.as_bytes(), &o),
            Status::InvalidOption,
            d.len(),
            "version (domain)",
        );
        expect(
            domain_to_config(b"<domain><os><type>hvm</type></os></domain>", &o),
            Status::InvalidOption,
            100,
            "version (empty domain)",
        );
        let c = COptions::new(dialect);
        // SAFETY: live options.
        assert_eq!(
            unsafe { vifxml_options_set_xen_version(c.0, major, minor, micro) },
            VIFXML_STATUS_OK
        );
        assert_eq!(
            c_one(vifxml_interface_to_vif, xml.as_bytes(), c.0).status,
            VIFXML_STATUS_INVALID_OPTION
        );
    }
    // config_to_interfaces has no sxpr form.
    let o = Options::new().dialect(Dialect::Sxpr);
    expect(
        config_to_interfaces(b"vif = []", &o),
        Status::InvalidOption,
        8,
        "sxpr config",
    );
    let c = COptions::new(Dialect::Sxpr);
    assert_eq!(
        c_one(vifxml_config_to_interfaces, b"vif = []", c.0).status,
        VIFXML_STATUS_INVALID_OPTION
    );
}

#[test]
fn lengths_larger_than_any_object_are_refused_unread() {
    let byte = b"<";
    for (name, f, _) in ONE_STRING_FNS {
        for len in [usize::MAX, isize::MAX as usize + 1] {
            // SAFETY: the library must refuse the length before reading.
            let c = unsafe {
                let mut out: *mut c_char = ptr::null_mut();
                let mut err: *mut vifxml_error = ptr::null_mut();
                let status = f(byte.as_ptr().cast(), len, ptr::null(), &mut out, &mut err);
                assert!(out.is_null());
                vifxml_error_free(err);
                status
            };
            assert_eq!(c, VIFXML_STATUS_INVALID, "{name} len {len}");
        }
    }
}

// ---------------------------------------------------------------------------
// 6. Regressions from fuzzing (fuzz/RESULTS.md)
// ---------------------------------------------------------------------------

/// Finding ovs-script (fuzz targets interface_xml, domain_xml, sxpr): with an
/// explicit vif-openvswitch script and no <virtualport>, a bridge holding '.'
/// or ':' before a numeric suffix was written (vif-openvswitch then reads it as
/// bridge + VLAN, and SPEC §3 says an Open vSwitch bridge has no '.' or ':'),
/// and the written vif did not read back (UNSAFE_VALUE), breaking SPEC §5's
/// round trip. Either refusing it forward (UNSAFE_VALUE) or writing something
/// that reads back and converts to the same vif satisfies this test.
#[test]
fn regression_ovs_script_bridge_round_trips_or_is_refused() {
    for dialect in DIALECTS {
        let o = options(dialect);
        for (bridge, script) in [
            ("br.a.5", "vif-openvswitch"),
            ("br.5:6", "/etc/xen/scripts/vif-openvswitch"),
            ("br.a", "vif-openvswitch"),
            ("br:a:5", "vif-openvswitch"),
        ] {
            let xml = format!("<interface type='bridge'><source bridge='{bridge}'/><script path='{script}'/></interface>");
            let what = format!("{bridge} {script} ({dialect})");
            match interface_to_vif(xml.as_bytes(), &o) {
                Err(e) => {
                    assert_eq!(e.status(), Status::UnsafeValue, "{what}: {e}");
                    check_message(&e, xml.len(), &what);
                }
                std::result::Result::Ok(vif) => {
                    let back = vif_to_interface(vif.as_bytes(), &o).unwrap_or_else(|e| {
                        panic!("{what}: {vif:?} does not read back: {} {e}", e.status())
                    });
                    assert_eq!(
                        interface_to_vif(back.as_bytes(), &o).unwrap(),
                        vif,
                        "{what}"
                    );
                }
            }
        }
    }
}

/// Finding long-message: element, attribute, entity and network names went
/// into messages whole (a 1 MiB name gave a 1 MiB message). Covered by
/// megabyte_names_give_short_messages and, for `<source network>`, by
/// megabyte_attribute_values_are_clean_errors; this is the minimal repro.
#[test]
fn regression_long_message_network_name() {
    let name = "n".repeat(2000);
    let xml = format!("<interface type='network'><source network='{name}'/></interface>");
    expect(
        interface_to_vif(xml.as_bytes(), &Options::new()),
        Status::NetworkUnresolved,
        xml.len(),
        "network",
    );
}

/// Finding double-bom (fuzz target interface_xml): a second byte-order mark
/// after the first made the XML reader's positions disagree with the input and
/// the conversion return INTERNAL ("tag bounds … do not fit the input"). After
/// the BOM, U+FEFF is an ordinary character: text before the root element,
/// which is XML_SYNTAX, as it is when a space separates the two.
#[test]
fn regression_double_bom_is_a_syntax_error_not_internal() {
    let xl = options(Dialect::Xl);
    let one = "\u{feff}<interface type='bridge'><source bridge='br0'/></interface>";
    assert_eq!(
        interface_to_vif(one.as_bytes(), &xl).unwrap(),
        "bridge=br0,script=vif-bridge"
    );
    let spaced = "\u{feff} \u{feff}<interface type='bridge'><source bridge='br0'/></interface>";
    expect(
        interface_to_vif(spaced.as_bytes(), &xl),
        Status::XmlSyntax,
        spaced.len(),
        "BOM, space, BOM",
    );
    let mut failures = Failures::default();
    for (what, xml) in [
        (
            "interface",
            "\u{feff}\u{feff}<interface type='bridge'><source bridge='br0'/></interface>",
        ),
        (
            "bad interface",
            "\u{feff}\u{feff}<interface type='bridge'><source bridge='b r'/></interface>",
        ),
        (
            "empty interface",
            "\u{feff}\u{feff}<interface type='ethernet'/>",
        ),
    ] {
        failures.expect(
            interface_to_vif(xml.as_bytes(), &xl),
            Status::XmlSyntax,
            xml.len(),
            what,
        );
    }
    let domain = "\u{feff}\u{feff}<domain><os><type>hvm</type></os><devices><interface type='bridge'><source bridge='br0'/></interface></devices></domain>";
    failures.expect(
        domain_to_vifs(domain.as_bytes(), &xl),
        Status::XmlSyntax,
        domain.len(),
        "domain",
    );
    failures.expect(
        domain_to_config(domain.as_bytes(), &xl),
        Status::XmlSyntax,
        domain.len(),
        "domain config",
    );
    failures.finish();
}

/// Finding (by hand, while reading offsets): a message that says "at byte N"
/// must agree with the error's offset, which counts from the caller's first
/// byte (SPEC §2). With a byte-order mark in front, messages counted from after
/// it (e.g. "unknown vif key \"foo\" at byte 11" with offset 14).
#[test]
fn message_byte_positions_agree_with_the_offset() {
    let mut failures = Failures::default();
    for (dialect, input) in [
        (Dialect::Xl, "bridge=br0,foo=1"),
        (Dialect::Xl, "bridge=br0, bare"),
        (Dialect::Xm, "bridge=br0,mac=00:16:3e:00:00:01,foo=1"),
        (Dialect::Sxpr, "(vif (bridge 'b') x"),
        (Dialect::Sxpr, "(vif (bridge 'b\\n'))"),
        (Dialect::Sxpr, "(vif (bridge 'b')"),
    ] {
        for bom in ["", "\u{feff}"] {
            let text = format!("{bom}{input}");
            let what = format!("{text:?} ({dialect})");
            let e = match vif_to_interface(text.as_bytes(), &options(dialect)) {
                Err(e) => e,
                Ok(out) => panic!("{what}: OK {out}"),
            };
            let message = e.to_string();
            let said = message
                .split("at byte ")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(n) = said {
                if Some(n) != e.offset() {
                    failures.0.push(format!(
                        "{what}: message says byte {n}, offset is {:?}: {message}",
                        e.offset()
                    ));
                }
            }
        }
    }
    failures.finish();
}

/// Finding ovs-reverse (fuzz target vif_string, after the ovs-script fix): a
/// vif whose script is vif-openvswitch and whose bridge holds '.' or ':' that
/// are not a numeric VLAN suffix (`br.x`, `br:x`, `br:5:`) was read back whole,
/// into an <interface> that the forward direction then refuses (UNSAFE_VALUE).
/// SPEC §5: every value passes §3's rules, and under Open vSwitch the bridge
/// has no '.' or ':' — so the reverse refuses it too.
#[test]
fn regression_ovs_reverse_refuses_what_forward_refuses() {
    let mut failures = Failures::default();
    for dialect in DIALECTS {
        let o = options(dialect);
        for (bridge, script) in [
            ("br.x", "vif-openvswitch"),
            ("br:x", "/etc/xen/scripts/vif-openvswitch"),
            ("br:5:", "vif-openvswitch"),
            ("br.5x", "vif-openvswitch"),
            ("br.", "vif-openvswitch"),
        ] {
            let vif = match dialect {
                Dialect::Sxpr => format!("(vif (bridge '{bridge}')(script '{script}'))"),
                _ => format!("bridge={bridge},script={script}"),
            };
            let what = format!("{vif} ({dialect})");
            // Whatever the reverse gives must convert forward again.
            match vif_to_interface(vif.as_bytes(), &o) {
                Err(e) => {
                    if let Err(p) = try_expect(Err::<(), _>(e), Status::UnsafeValue, vif.len()) {
                        failures.0.push(format!("{what}: {p}"));
                    }
                }
                Ok(xml) => {
                    if let Err(e) = interface_to_vif(xml.as_bytes(), &o) {
                        failures.0.push(format!(
                            "{what}: read back, but its reverse does not convert forward: {} {}",
                            e.status(),
                            e
                        ));
                    }
                }
            }
        }
    }
    failures.finish();
}

/// Finding string-ends-in-backslash (fuzz target config, on issue 14b's work
/// before it was merged): an xm string whose last byte is a backslash sent the
/// statement finder's word-at-a-time search past the end of the text (a
/// panic). A string that is not closed is VIF_SYNTAX, in every place a string
/// can end the text, in both flavours.
#[test]
fn regression_a_text_that_ends_in_a_backslash_inside_a_string() {
    let mut failures = Failures::default();
    for text in [
        "%nam\tnae = 'macvif\\",
        "x = 'a\\",
        "x = '\\",
        "x = \"\"\"a\\",
        "x = '''\\",
        "vif = [ 'bridge=a\\",
        "vif = [ 'bridge=a', \"b\\",
        "# c\nx = f('\\",
    ] {
        for dialect in [Dialect::Xl, Dialect::Xm] {
            let what = format!("{text:?} ({dialect})");
            match config_to_interfaces(text.as_bytes(), &options(dialect)) {
                Ok(xml) => failures.0.push(format!("{what}: converted, to {xml:?}")),
                Err(e) if e.status() != Status::VifSyntax => {
                    failures.0.push(format!("{what}: {} {e}", e.status()))
                }
                Err(_) => {}
            }
        }
    }
    failures.finish();
}

/// A document read as it is and behind a declaration and a comment that holds
/// a `&` (which makes the document not plain: names are then read byte by byte
/// instead of a word at a time, and text with `&` or `]` goes to the general
/// engine) must give the same result — the same error with the offset moved by
/// the prefix — for every truncation of a document and for every byte replaced
/// by one that matters to XML's syntax. (The fast engine against the general
/// engine alone: `tokens_diff` in the crate, and `check_engines` when fuzzing.)
#[test]
fn a_document_reads_alike_plain_or_not_on_every_truncation_and_mutation() {
    const PREFIX: &str = "<?xml version='1.0'?><!--&-->";
    let plain = "<domain type='xen'>\n  <os><type arch='x86_64'>hvm</type></os>\n  <devices>\n    <!-- a comment -->\n    <interface type='bridge'>\n      <mac address='00:16:3e:66:92:9c'/>\n      <source bridge=\"xenbr0\"/>\n      <virtualport type='openvswitch'/>\n      <vlan trunk='yes'><tag id='42'/><tag id='43'/></vlan>\n      <model type='e1000'/>\n    </interface>\n    <interface type='ethernet'><ip address='10.0.0.1'/><target dev='web0'/></interface>\n  </devices>\n</domain>\n";
    let xl = options(Dialect::Xl);
    let replacements: &[u8] = b"'\"<>/=! \t-?\x01x";
    let mut variants: Vec<Vec<u8>> = (0..plain.len())
        .map(|n| plain.as_bytes()[..n].to_vec())
        .collect();
    for i in 0..plain.len() {
        for &b in replacements {
            let mut v = plain.as_bytes().to_vec();
            if v[i] != b {
                v[i] = b;
                variants.push(v);
            }
        }
        let mut v = plain.as_bytes().to_vec();
        v.remove(i);
        variants.push(v);
    }
    let mut failures = Failures::default();
    for v in &variants {
        if v.starts_with(b"<?") {
            continue;
        }
        let quick = [PREFIX.as_bytes(), v].concat();
        let what = String::from_utf8_lossy(v);
        let (a, b) = (domain_to_vifs(v, &xl), domain_to_vifs(&quick, &xl));
        let same = match (&a, &b) {
            (Ok(x), Ok(y)) => x == y,
            (Err(x), Err(y)) => {
                x.status() == y.status()
                    && x.to_string() == y.to_string()
                    && x.offset().map(|o| o + PREFIX.len()) == y.offset()
            }
            _ => false,
        };
        if !same {
            failures
                .0
                .push(format!("{what:?}:\n  as it is  {a:?}\n  prefixed  {b:?}"));
        }
    }
    failures.finish();
}
