//! The conversions, each one pipeline: bytes → reader → model → rules → formatter.

use crate::error::{utf8_text, Error, Status};
use crate::model::Interface;
use crate::options::{Dialect, Guest, Options};
use crate::read::config::{vif_entries, Flavour};
use crate::read::sexpr::read_sexpr;
use crate::read::vif::read_vif;
use crate::read::xml::{read_interface_document, DomainItem, DomainReader, ReadContext};
use crate::rules::to_interface::interface_from_fields;
use crate::rules::to_vif::{resolve_network, vif_for};
use crate::rules::{GuestKind, Target};
use crate::vif::Vif;
use crate::write::exact_string;
use crate::write::sexpr::{write_device, write_sexpr};
use crate::write::vif::{write_vif, ConfigLine};
use crate::write::xml::{write_devices, write_interface};

/// Converts a document whose root is `<interface>` into one vif: a vif string for
/// xl/xm, a `(vif …)` expression for sxpr. The guest is HVM unless the options say.
///
/// ```
/// use vifxml::{interface_to_vif, Options};
/// let xml = b"<interface type='bridge'><mac address='00:16:3e:66:92:9c'/>\
///             <source bridge='xenbr1'/><model type='e1000'/></interface>";
/// let vif = interface_to_vif(xml, &Options::new()).unwrap();
/// assert_eq!(vif, "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000");
/// ```
pub fn interface_to_vif(xml: &[u8], options: &Options) -> Result<String, Error> {
    let (text, base) = utf8_text(xml)?;
    let target = Target::new(options, GuestKind::Hvm)?;
    // One place for the offsets: the interface is not moved through a map_err.
    let convert = || {
        let iface = read_interface_document(text, &read_context(options))?;
        with_vif(&iface, &target, options, |vif| render(target.dialect, vif))
    };
    convert().map_err(|e| e.shifted(base))
}

/// Converts every `devices/interface` of a `<domain>`, in document order.
///
/// ```
/// use vifxml::{domain_to_vifs, Options};
/// let xml = b"<domain type='xen'><os><type>linux</type></os><devices>\
///             <interface type='bridge'><source bridge='br0'/></interface>\
///             </devices></domain>";
/// assert_eq!(domain_to_vifs(xml, &Options::new()).unwrap(), ["bridge=br0,script=vif-bridge"]);
/// ```
pub fn domain_to_vifs(xml: &[u8], options: &Options) -> Result<Vec<String>, Error> {
    let mut vifs = Vec::new();
    for_each_vif(xml, options, |dialect, vif| vifs.push(render(dialect, vif)))?;
    Ok(vifs)
}

/// Converts a `<domain>`'s interfaces into the config form: `vif = [ "…", … ]\n`
/// for xl/xm, concatenated `(device (vif …))` items and a newline for sxpr.
///
/// ```
/// use vifxml::{domain_to_config, Dialect, Options};
/// let xml = b"<domain type='xen'><os><type>hvm</type></os><devices>\
///             <interface type='bridge'><source bridge='br0'/><model type='netfront'/></interface>\
///             </devices></domain>";
/// assert_eq!(domain_to_config(xml, &Options::new()).unwrap(), "vif = [ \"bridge=br0,script=vif-bridge,type=vif\" ]\n");
/// let sxpr = Options::new().dialect(Dialect::Sxpr);
/// assert_eq!(domain_to_config(xml, &sxpr).unwrap(), "(device (vif (bridge 'br0')(script 'vif-bridge')(type netfront)))\n");
/// ```
pub fn domain_to_config(xml: &[u8], options: &Options) -> Result<String, Error> {
    // The output is about a third of the XML; growing past that doubles once.
    let capacity = xml.len() / 3 + 16;
    if options.get_dialect() == Dialect::Sxpr {
        let mut out = String::with_capacity(capacity);
        for_each_vif(xml, options, |_, vif| {
            write_device(&mut out, vif).expect("writing to a String never fails")
        })?;
        out.push('\n');
        return Ok(out);
    }
    let mut line = ConfigLine::with_capacity(capacity);
    for_each_vif(xml, options, |_, vif| line.push(vif))?;
    Ok(line.finish())
}

/// Converts one vif string (xm/xl) or `(vif …)` expression (sxpr) into a canonical
/// `<interface>` document.
///
/// ```
/// use vifxml::{vif_to_interface, Options};
/// let xml = vif_to_interface(b"mac=00:16:3e:00:00:01,bridge=xenbr0,type=vif", &Options::new()).unwrap();
/// assert_eq!(xml, "<interface type='bridge'>\n  <mac address='00:16:3e:00:00:01'/>\n  <source bridge='xenbr0'/>\n  <model type='netfront'/>\n</interface>\n");
/// ```
pub fn vif_to_interface(vif: &[u8], options: &Options) -> Result<String, Error> {
    options.target_version()?;
    let (text, base) = utf8_text(vif)?;
    let iface = read_one_vif(text, options).map_err(|e| e.shifted(base))?;
    Ok(exact_string(|out| write_interface(out, &iface, 0)))
}

/// Reads the `vif` setting of an xl or xm config text into a `<devices>` document
/// holding one canonical `<interface>` per entry. The sxpr dialect has no config
/// text (INVALID_OPTION).
///
/// ```
/// use vifxml::{config_to_interfaces, Options};
/// let config = b"name = 'web'\n# NICs\nvif = [ 'bridge=xenbr0', ]\n";
/// let xml = config_to_interfaces(config, &Options::new()).unwrap();
/// assert_eq!(xml, "<devices>\n  <interface type='bridge'>\n    <source bridge='xenbr0'/>\n  </interface>\n</devices>\n");
/// ```
pub fn config_to_interfaces(config: &[u8], options: &Options) -> Result<String, Error> {
    if options.get_dialect() == Dialect::Sxpr {
        return Err(Error::invalid_option(
            "config_to_interfaces reads xl/xm config files; for the sxpr dialect convert each (vif …) with vif_to_interface",
        ));
    }
    options.target_version()?;
    let (text, base) = utf8_text(config)?;
    let flavour = match options.get_dialect() {
        Dialect::Xl => Flavour::Xl,
        _ => Flavour::Xm,
    };
    if flavour == Flavour::Xl && base > 0 {
        return Err(Error::VifSyntax {
            message: "config line 1: a byte-order mark, which xl refuses: save the file as UTF-8 without BOM".into(),
            offset: Some(0),
        });
    }
    let entries = vif_entries(text, flavour).map_err(|e| e.shifted(base))?;
    let mut interfaces = Vec::with_capacity(entries.len());
    for entry in &entries {
        let iface = read_one_vif(&entry.text, options).map_err(|e| {
            let e = if entry.verbatim {
                e.shifted(entry.offset)
            } else {
                e.with_offset(entry.offset)
            };
            e.shifted(base)
                .prefixed(&format!("config line {}, vif entry: ", entry.line))
        })?;
        interfaces.push(iface);
    }
    Ok(exact_string(|out| write_devices(out, &interfaces)))
}

fn read_context(options: &Options) -> ReadContext {
    ReadContext {
        strict: options.is_strict(),
        dialect: options.get_dialect(),
    }
}

fn render(dialect: Dialect, vif: &Vif<'_>) -> String {
    match dialect {
        Dialect::Sxpr => exact_string(|out| write_sexpr(out, vif)),
        Dialect::Xl | Dialect::Xm => exact_string(|out| write_vif(out, vif)),
    }
}

fn read_one_vif<'a>(text: &'a str, options: &Options) -> Result<Interface<'a>, Error> {
    let dialect = options.get_dialect();
    let fields = match dialect {
        Dialect::Sxpr => read_sexpr(text)?,
        Dialect::Xl | Dialect::Xm => read_vif(text),
    };
    interface_from_fields(fields, dialect, options.is_strict())
}

/// Applies the rules to one interface and hands the vif to `f`.
fn with_vif<T>(
    iface: &Interface<'_>,
    target: &Target,
    options: &Options,
    f: impl FnOnce(&Vif<'_>) -> T,
) -> Result<T, Error> {
    let resolved = resolve_network(iface, options)?;
    let vif = vif_for(iface, resolved.as_ref(), target, options.is_strict())?;
    Ok(f(&vif))
}

/// Streams a domain's interfaces through the rules. Interfaces met before the
/// guest kind is known (an `<os>` after `<devices>`) wait for it.
fn for_each_vif(
    xml: &[u8],
    options: &Options,
    mut f: impl FnMut(Dialect, &Vif<'_>),
) -> Result<(), Error> {
    let (text, base) = utf8_text(xml)?;
    options.target_version()?;
    let mut reader = DomainReader::new(text, read_context(options)).map_err(|e| e.shifted(base))?;
    let mut run = |reader: &mut DomainReader<'_>| -> Result<(), Error> {
        let mut target = GuestKind::of(options.get_guest())
            .map(|g| Target::new(options, g))
            .transpose()?;
        let mut waiting: Vec<Interface<'_>> = Vec::new();
        while let Some(item) = reader.next_item()? {
            match item {
                DomainItem::Guest(guest) if options.get_guest() == Guest::Auto => {
                    let t = Target::new(options, guest)?;
                    for iface in waiting.drain(..) {
                        with_vif(&iface, &t, options, |vif| f(t.dialect, vif))?;
                    }
                    target = Some(t);
                }
                DomainItem::Guest(_) => {}
                DomainItem::Interface(iface) => match &target {
                    Some(t) => with_vif(&iface, t, options, |vif| f(t.dialect, vif))?,
                    None => waiting.push(iface),
                },
            }
        }
        if target.is_none() {
            return Err(Error::invalid(
                "the <domain> has no <os><type> to tell an HVM guest from a PV one: add it, or set the guest kind in the options",
            ));
        }
        Ok(())
    };
    run(&mut reader)
        .map_err(|e| match e.status() {
            Status::XmlSyntax => e,
            _ => reader.syntax_error_in_rest().unwrap_or(e),
        })
        .map_err(|e| e.shifted(base))
}
