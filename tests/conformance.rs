//! Every case of tests/data/conformance/libvirt.jsonl (derived from libvirt's
//! own Xen driver tests; provenance in tests/data/conformance/README.md), in
//! each direction the case names.

use serde_json::Value;
use vifxml::{interface_to_vif, vif_to_interface, Dialect, Guest, Options, XenVersion};

mod common;

fn cases() -> Vec<Value> {
    let path = common::conformance_file();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("conformance cases at {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON case"))
        .collect()
}

fn options(case: &Value) -> Options {
    let dialect = match case["dialect"].as_str().unwrap() {
        "xl" => Dialect::Xl,
        "xm" => Dialect::Xm,
        "sxpr" => Dialect::Sxpr,
        other => panic!("unknown dialect {other}"),
    };
    let guest = match case["guest"].as_str().unwrap() {
        "hvm" => Guest::Hvm,
        "pv" => Guest::Pv,
        other => panic!("unknown guest {other}"),
    };
    let mut options = Options::new().dialect(dialect).guest(guest);
    if let Some(v) = case["xen_version"].as_str() {
        let n: Vec<u32> = v.split('.').map(|p| p.parse().unwrap()).collect();
        options = options.xen_version(XenVersion::new(n[0], n[1], n[2]));
    }
    options
}

#[test]
fn every_libvirt_case_converts_as_libvirt_does() {
    let cases = cases();
    assert_eq!(cases.len(), 97, "the conformance file changed size");
    let (mut to_vif, mut to_xml, mut failures) = (0, 0, Vec::new());
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let direction = case["direction"].as_str().unwrap();
        let xml = case["interface_xml"].as_str().unwrap();
        let vif = case["vif"].as_str().unwrap();
        let options = options(case);
        if direction == "to_vif" || direction == "both" {
            to_vif += 1;
            match interface_to_vif(xml.as_bytes(), &options) {
                Ok(got) if got == vif => {}
                got => failures.push(format!("{id} to_vif:\n  want {vif}\n  got  {got:?}")),
            }
        }
        if direction == "to_xml" || direction == "both" {
            to_xml += 1;
            match vif_to_interface(vif.as_bytes(), &options) {
                Ok(got) if got == format!("{xml}\n") => {}
                got => failures.push(format!("{id} to_xml:\n  want {xml:?}\n  got  {got:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n{}",
        failures.len(),
        to_vif + to_xml,
        failures.join("\n")
    );
    assert_eq!((to_vif, to_xml), (59, 66));
}

/// SPEC §5's round trip: XML → vif → XML → vif gives the same vif string.
#[test]
fn every_convertible_case_round_trips() {
    for case in cases() {
        let options = options(&case);
        let xml = case["interface_xml"].as_str().unwrap();
        let Ok(first) = interface_to_vif(xml.as_bytes(), &options) else {
            continue;
        };
        let back = vif_to_interface(first.as_bytes(), &options)
            .unwrap_or_else(|e| panic!("{}: {first} → {e}", case["id"]));
        let again = interface_to_vif(back.as_bytes(), &options)
            .unwrap_or_else(|e| panic!("{}: {back} → {e}", case["id"]));
        assert_eq!(again, first, "{}", case["id"]);
    }
}

/// The cases carry their provenance, and the README beside them lists every
/// libvirt test file and snapshot a case comes from.
#[test]
fn every_case_names_its_libvirt_test_and_the_readme_lists_it() {
    let readme_path = common::conformance_file().with_file_name("README.md");
    let readme = std::fs::read_to_string(&readme_path)
        .unwrap_or_else(|e| panic!("{}: {e}", readme_path.display()));
    let mut ids = std::collections::BTreeSet::new();
    for case in cases() {
        let id = case["id"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "{id} is given twice");
        let provenance = case["provenance"].as_str().unwrap();
        let (snapshot, file) = provenance
            .strip_prefix("libvirt ")
            .and_then(|p| p.split_once(' '))
            .unwrap_or_else(|| panic!("{id}: provenance {provenance:?}"));
        assert!(
            [
                "xmconfigdata",
                "xlconfigdata",
                "sexpr2xmldata",
                "xml2sexprdata"
            ]
            .iter()
            .any(|dir| file.starts_with(&format!("tests/{dir}/"))),
            "{id}: {file} is not one of libvirt's Xen driver tests"
        );
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{file}` |")))
            .unwrap_or_else(|| panic!("{id}: README.md has no row for {file}"));
        let snapshots = row.split('|').nth(2).unwrap();
        assert!(
            snapshots.split(',').any(|s| s.trim() == snapshot),
            "{id}: README.md's row for {file} lacks snapshot {snapshot}"
        );
    }
}
