//! The conversions, each one pipeline: bytes → reader → model → rules → formatter.
//! Every problem met on the way goes to a [`Report`]; at the end the report says
//! whether the conversion failed, and each diagnostic gets its line, column and
//! path in the caller's input.
//!
//! Each conversion comes in two forms: the plain one returns the output alone (and,
//! on failure, the warnings too if [`Options::warnings`] asks for them); the
//! `*_with_warnings` one always collects the warnings and returns them with the
//! output.

use crate::error::{utf8_text, Diagnostic, Error};
use crate::model::{Connection, Interface};
use crate::options::{Dialect, Guest, Options};
use crate::read::config::{read_vif_setting, Flavour};
use crate::read::sexpr::read_sexpr;
use crate::read::vif::read_vif;
use crate::read::xml::{self, read_interface_document, DomainItem, DomainReader, ReadContext};
use crate::report::{Converted, Report};
use crate::rules::to_interface::{interface_from_fields, VifInterface};
use crate::rules::to_vif::vif_for;
use crate::rules::{GuestKind, Target};
use crate::vif::Vif;
use crate::write::exact_string;
use crate::write::sexpr::{write_device, write_sexpr};
use crate::write::vif::{write_vif, ConfigLine};
use crate::write::xml::write_interface;
use crate::MAX_INPUT_BYTES;

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
    interface(xml, options, options.collects_warnings()).map(|c| c.output)
}

/// [`interface_to_vif`], with the warnings.
pub fn interface_to_vif_with_warnings(
    xml: &[u8],
    options: &Options,
) -> Result<Converted<String>, Error> {
    interface(xml, options, true)
}

/// Converts every `devices/interface` of a `<domain>` (or of a `<devices>`
/// document), in document order. `<interface type='hostdev'>` is a PCI device,
/// not a vif: it is skipped (with a warning; in strict mode it is refused).
///
/// ```
/// use vifxml::{domain_to_vifs, Options};
/// let xml = b"<domain type='xen'><os><type>linux</type></os><devices>\
///             <interface type='bridge'><source bridge='br0'/></interface>\
///             </devices></domain>";
/// assert_eq!(domain_to_vifs(xml, &Options::new()).unwrap(), ["bridge=br0,script=vif-bridge"]);
/// ```
pub fn domain_to_vifs(xml: &[u8], options: &Options) -> Result<Vec<String>, Error> {
    vifs(xml, options, options.collects_warnings()).map(|c| c.output)
}

/// [`domain_to_vifs`], with the warnings.
pub fn domain_to_vifs_with_warnings(
    xml: &[u8],
    options: &Options,
) -> Result<Converted<Vec<String>>, Error> {
    vifs(xml, options, true)
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
    config(xml, options, options.collects_warnings()).map(|c| c.output)
}

/// [`domain_to_config`], with the warnings.
pub fn domain_to_config_with_warnings(
    xml: &[u8],
    options: &Options,
) -> Result<Converted<String>, Error> {
    config(xml, options, true)
}

/// Converts one vif string (xm/xl) or `(vif …)` expression (sxpr) into a canonical
/// `<interface>` document. A vif is a string, not a file: one that starts with a
/// byte-order mark is VIF_SYNTAX, as it would be as a config entry.
///
/// ```
/// use vifxml::{vif_to_interface, Options};
/// let xml = vif_to_interface(b"mac=00:16:3e:00:00:01,bridge=xenbr0,type=vif", &Options::new()).unwrap();
/// assert_eq!(xml, "<interface type='bridge'>\n  <mac address='00:16:3e:00:00:01'/>\n  <source bridge='xenbr0'/>\n  <model type='netfront'/>\n</interface>\n");
/// ```
pub fn vif_to_interface(vif: &[u8], options: &Options) -> Result<String, Error> {
    reverse_one(vif, options, options.collects_warnings()).map(|c| c.output)
}

/// [`vif_to_interface`], with the warnings.
///
/// ```
/// use vifxml::{vif_to_interface_with_warnings, Options};
/// let done = vif_to_interface_with_warnings(b"bridge=br0,rate=10MB/s@20ms", &Options::new()).unwrap();
/// assert_eq!(done.warnings[0].path, "rate");
/// assert_eq!(done.warnings[0].message, "rate interval @20ms has no libvirt equivalent: ignored");
/// ```
pub fn vif_to_interface_with_warnings(
    vif: &[u8],
    options: &Options,
) -> Result<Converted<String>, Error> {
    reverse_one(vif, options, true)
}

/// Reads the `vif` setting of an xl or xm config text into a `<devices>` document
/// holding one canonical `<interface>` per entry (none without a `vif` setting).
/// The sxpr dialect has no config text (INVALID_OPTION).
///
/// The text is bytes: only the strings of the final vif list must be UTF-8. xl
/// files are read as libxlutil reads them; xm files are Python, whose statements
/// the config grammar cannot read are skipped with a warning (VIF_SYNTAX in
/// strict mode) — unless they mention `vif`, which is VIF_SYNTAX either way.
///
/// ```
/// use vifxml::{config_to_interfaces, config_to_interfaces_with_warnings, Dialect, Options};
/// let config = b"name = 'web'\n# NICs\nvif = [ 'bridge=xenbr0', ]\n";
/// let xml = config_to_interfaces(config, &Options::new()).unwrap();
/// assert_eq!(xml, "<devices>\n  <interface type='bridge'>\n    <source bridge='xenbr0'/>\n  </interface>\n</devices>\n");
///
/// let xm = b"import os\nvif = [ '''bridge=xenbr0''' ]\n";
/// let done = config_to_interfaces_with_warnings(xm, &Options::new().dialect(Dialect::Xm)).unwrap();
/// assert_eq!(done.output, xml);
/// assert_eq!(done.warnings[0].line, 1);
/// ```
pub fn config_to_interfaces(config: &[u8], options: &Options) -> Result<String, Error> {
    reverse_config(config, options, options.collects_warnings()).map(|c| c.output)
}

/// [`config_to_interfaces`], with the warnings.
pub fn config_to_interfaces_with_warnings(
    config: &[u8],
    options: &Options,
) -> Result<Converted<String>, Error> {
    reverse_config(config, options, true)
}

fn interface(xml: &[u8], options: &Options, warn: bool) -> Result<Converted<String>, Error> {
    run(xml, options, warn, Form::Xml, |text, _, report| {
        let target = Target::new(options, GuestKind::Hvm)?;
        let mut cx = read_context(report, options);
        let mut iface = Interface::new(Connection::Ethernet);
        if !read_interface_document(text, &mut cx, &mut iface)? {
            return Ok(None);
        }
        // By reference: the vif is not moved again.
        let vif = vif_for(&iface, options, &target, cx.report);
        Ok(vif.as_ref().map(|vif| render(target.dialect, vif)))
    })
}

fn vifs(xml: &[u8], options: &Options, warn: bool) -> Result<Converted<Vec<String>>, Error> {
    let mut vifs = Vec::new();
    let done = for_each_vif(xml, options, warn, |dialect, vif| {
        vifs.push(render(dialect, vif))
    })?;
    Ok(Converted {
        output: vifs,
        warnings: done.warnings,
    })
}

fn config(xml: &[u8], options: &Options, warn: bool) -> Result<Converted<String>, Error> {
    // Room for the output of a domain of NICs alone (xl: 0.45 of the XML,
    // sxpr: 0.6): pages are taken only as they are written, so room left over
    // costs nothing, while growing a large buffer copies it into pages taken
    // afresh (a 100,000-NIC domain, xl: 4,164 page faults a conversion, 2,384
    // without).
    let sxpr = options.get_dialect() == Dialect::Sxpr;
    let capacity = if sxpr {
        xml.len() / 4 * 3
    } else {
        xml.len() / 2
    } + 16;
    let (done, output) = if sxpr {
        let mut out = String::with_capacity(capacity);
        let done = for_each_vif(xml, options, warn, |_, vif| {
            write_device(&mut out, vif).expect("writing to a String never fails")
        })?;
        out.push('\n');
        (done, out)
    } else {
        let mut line = ConfigLine::with_capacity(capacity);
        let done = for_each_vif(xml, options, warn, |_, vif| line.push(vif))?;
        (done, line.finish())
    };
    Ok(Converted {
        output,
        warnings: done.warnings,
    })
}

fn reverse_one(vif: &[u8], options: &Options, warn: bool) -> Result<Converted<String>, Error> {
    too_large(vif, "vif")?;
    run(vif, options, warn, Form::Vif, |text, _, report| {
        options.target_version()?;
        let mut vif = VifInterface::new();
        if !read_one_vif(text, options, report, &mut vif)? {
            return Ok(None);
        }
        Ok(Some(exact_string(|out| {
            write_interface::<_, 0>(out, &vif.iface, vif.ips.as_slice())
        })))
    })
}

/// The input limit, checked before any work: the caller learns the input's size
/// and the limit (SPEC §8.2: it covers config texts and vif strings too).
fn too_large(input: &[u8], what: &str) -> Result<(), Error> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::invalid(format!(
            "the {what} is {} bytes; vifxml reads at most {MAX_INPUT_BYTES} bytes",
            input.len()
        )));
    }
    Ok(())
}

/// A config text is bytes: only the strings of its final vif list must be UTF-8
/// (comments and other settings may hold anything, as libxlutil allows). The
/// list's entries are read and converted one at a time, straight into the output.
fn reverse_config(
    config: &[u8],
    options: &Options,
    warn: bool,
) -> Result<Converted<String>, Error> {
    // Whatever the input: there is no sxpr config text.
    let flavour = match options.get_dialect() {
        Dialect::Xl => Flavour::Xl,
        Dialect::Xm => Flavour::Xm,
        Dialect::Sxpr => return Err(Error::invalid_option(
            "config_to_interfaces reads xl/xm config files; for the sxpr dialect convert each (vif …) with vif_to_interface",
        )),
    };
    too_large(config, "config text")?;
    run_bytes(config, options, warn, |report| {
        options.target_version()?;
        if flavour == Flavour::Xl && config.starts_with("\u{feff}".as_bytes()) {
            return Err(Error::vif_syntax(
                "config line 1: a byte-order mark, which xl refuses: save the file as UTF-8 without BOM",
            )
            .at(0)
            .with_path("vif"));
        }
        // What stops the reading is reported after what was found before it.
        let setting = match read_vif_setting(config, flavour, report) {
            Ok(setting) => setting,
            Err(e) => {
                report.error(e);
                return Ok(None);
            }
        };
        // An entry's XML is about two and a half times its text. A large
        // output is given room for three at once, so that it is never moved
        // as it grows (room it does not touch costs no memory); a small one
        // grows as strings do, in memory the allocator reuses.
        let estimate = setting.text_len().saturating_mul(3);
        let mut out = String::with_capacity(if estimate > 1 << 20 { estimate } else { 64 });
        out.push_str("<devices>\n");
        let read = setting.for_each_entry(config, flavour, |n, entry| {
            let mark = report.mark();
            let mut vif = VifInterface::new();
            match read_one_vif(&entry.text, options, report, &mut vif) {
                Ok(true) => write_interface::<_, 2>(&mut out, &vif.iface, vif.ips.as_slice())
                    .expect("writing to a String never fails"),
                Ok(false) => {}
                Err(e) => report.error(e),
            }
            if !report.grew_since(mark) {
                return;
            }
            // What the entry's reading found, placed in the config.
            let context = format!("config line {}, vif entry: ", entry.line);
            for d in report.since(mark) {
                d.offset = Some(match d.offset {
                    Some(inner) if entry.verbatim => entry.offset + inner,
                    // Offsets in decoded text do not map back: the entry's own.
                    _ => entry.offset,
                });
                d.path = match d.path.is_empty() {
                    true => format!("vif[{n}]"),
                    false => format!("vif[{n}]/{}", d.path),
                };
                d.message.insert_str(0, &context);
            }
        });
        if let Err(e) = read {
            report.error(e);
            return Ok(None);
        }
        out.push_str("</devices>\n");
        Ok(Some(out))
    })
}

fn read_context<'r>(report: &'r mut Report, options: &Options) -> ReadContext<'r> {
    ReadContext {
        report,
        dialect: options.get_dialect(),
    }
}

fn render(dialect: Dialect, vif: &Vif<'_>) -> String {
    match dialect {
        Dialect::Sxpr => exact_string(|out| write_sexpr(out, vif)),
        Dialect::Xl | Dialect::Xm => exact_string(|out| write_vif(out, vif)),
    }
}

/// Reads one vif string (xl/xm) or S-expression (sxpr) into `vif`, a new
/// one: false when a field was refused (and reported).
fn read_one_vif<'a>(
    text: &'a str,
    options: &Options,
    report: &mut Report,
    vif: &mut VifInterface<'a>,
) -> Result<bool, Error> {
    let dialect = options.get_dialect();
    if text.starts_with('\u{feff}') {
        // A vif is a string a program hands over, not a file: a byte-order mark
        // in front would become part of its first key (SPEC §8.2: refused alike
        // alone and as a config entry).
        return Err(Error::vif_syntax(
            "the vif starts with a byte-order mark (U+FEFF), which no Xen toolstack reads: remove it",
        )
        .at(0));
    }
    Ok(match dialect {
        Dialect::Sxpr => interface_from_fields(read_sexpr(text)?, dialect, report, vif),
        Dialect::Xl | Dialect::Xm => interface_from_fields(read_vif(text), dialect, report, vif),
    })
}

/// The vif of one interface, given to `f` if it can be converted. (Always
/// inlined into the loop over the interfaces: a call per interface cost
/// more than it saved.)
#[inline(always)]
fn convert_one(
    iface: &Interface<'_>,
    options: &Options,
    t: &Target,
    cx: &mut ReadContext<'_>,
    f: &mut impl FnMut(Dialect, &Vif<'_>),
) {
    // By reference: the vif is not moved again.
    if let Some(vif) = &vif_for(iface, options, t, cx.report) {
        f(t.dialect, vif);
    }
}

/// Streams a domain's interfaces through the rules, handing each vif to `f`.
/// Interfaces met before the guest kind is known (an `<os>` after `<devices>`)
/// wait for it.
fn for_each_vif(
    xml: &[u8],
    options: &Options,
    warn: bool,
    mut f: impl FnMut(Dialect, &Vif<'_>),
) -> Result<Converted<()>, Error> {
    run(xml, options, warn, Form::Xml, |text, _, report| {
        options.target_version()?;
        let mut reader = DomainReader::new(text)?;
        let mut cx = read_context(report, options);
        let explicit = GuestKind::of(options.get_guest());
        let mut target = explicit.map(|g| Target::new(options, g)).transpose()?;
        let mut guest_failed = false;
        let mut waiting: Vec<Interface<'_>> = Vec::new();
        // Each interface is read into this one, in place.
        let mut iface = Interface::new(Connection::Ethernet);
        loop {
            let item = match reader.next_item(&mut cx, &mut iface) {
                Ok(Some(item)) => item,
                Ok(None) => break,
                Err(e) if e.status() == crate::Status::XmlSyntax => return Err(e),
                // Reading stopped: unless the rest is not well-formed, which comes first.
                Err(e) => return Err(reader.syntax_error_in_rest().unwrap_or(e)),
            };
            match item {
                DomainItem::Guest(guest) if options.get_guest() == Guest::Auto => match guest {
                    Ok(guest) => {
                        let t = Target::new(options, guest)?;
                        for iface in waiting.drain(..) {
                            convert_one(&iface, options, &t, &mut cx, &mut f);
                        }
                        target = Some(t);
                    }
                    Err(e) => {
                        guest_failed = true;
                        cx.report.error(e);
                    }
                },
                DomainItem::Guest(_) => {}
                DomainItem::Interface => match &target {
                    Some(t) => convert_one(&iface, options, t, &mut cx, &mut f),
                    None => waiting.push(std::mem::replace(
                        &mut iface,
                        Interface::new(Connection::Ethernet),
                    )),
                },
            }
        }
        if target.is_none() && !guest_failed {
            cx.report.error(Error::invalid(
                "the <domain> has no <os><type> to tell an HVM guest from a PV one: add it, or set the guest kind in the options",
            ).at(reader.root_offset()));
        }
        Ok(Some(()))
    })
}

/// What an input is, for naming the places of its diagnostics: XML paths are
/// found from offsets at the end; vif readers name their keys as they go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Xml,
    Vif,
}

/// Runs a conversion's `body` over the input's text (after its byte-order mark,
/// whose length is the second argument; a vif keeps its mark, for
/// [`read_one_vif`] to refuse) with a report, then places every diagnostic in the
/// caller's input. `body` returns an error that stops the conversion outright
/// (it is then reported alone), or the output, None when the report holds why
/// there is none.
fn run<T>(
    input: &[u8],
    options: &Options,
    warn: bool,
    form: Form,
    body: impl FnOnce(&str, usize, &mut Report) -> Result<Option<T>, Error>,
) -> Result<Converted<T>, Error> {
    let (text, base) = match utf8_text(input) {
        Ok((_, 3)) if form == Form::Vif => (std::str::from_utf8(input).unwrap_or_default(), 0),
        Ok(text) => text,
        Err(mut e) => {
            place(e.diagnostics_mut(), input, None, 0);
            return Err(e);
        }
    };
    let xml = (form == Form::Xml).then_some(text);
    conclude(input, options, warn, xml, base, |report| {
        body(text, base, report)
    })
}

/// [`run`] for an input that is read as bytes (a config text): no UTF-8 check
/// of the whole, offsets count from its first byte.
fn run_bytes<T>(
    input: &[u8],
    options: &Options,
    warn: bool,
    body: impl FnOnce(&mut Report) -> Result<Option<T>, Error>,
) -> Result<Converted<T>, Error> {
    conclude(input, options, warn, None, 0, body)
}

/// Runs `body` with a report and places what it found (see [`place`]).
fn conclude<T>(
    input: &[u8],
    options: &Options,
    warn: bool,
    xml: Option<&str>,
    base: usize,
    body: impl FnOnce(&mut Report) -> Result<Option<T>, Error>,
) -> Result<Converted<T>, Error> {
    let mut report = Report::new(options, warn);
    let outcome = body(&mut report).and_then(|output| {
        let done = report.finish(output)?;
        match done.output {
            Some(output) => Ok(Converted {
                output,
                warnings: done.warnings,
            }),
            None => Err(Error::internal("a conversion failed without saying why")),
        }
    });
    match outcome {
        Ok(mut done) => {
            place(&mut done.warnings, input, xml, base);
            Ok(done)
        }
        Err(mut e) => {
            place(e.diagnostics_mut(), input, xml, base);
            Err(e)
        }
    }
}

/// Gives each diagnostic its path (XML: from its offset in `xml`, the text after
/// the byte-order mark), then moves its offset past the `base` bytes of that mark
/// and finds its line and column in `input`.
fn place(diagnostics: &mut [Diagnostic], input: &[u8], xml: Option<&str>, base: usize) {
    if diagnostics.is_empty() {
        return;
    }
    if let Some(text) = xml {
        let unplaced: Vec<usize> = (0..diagnostics.len())
            .filter(|&i| diagnostics[i].path.is_empty() && diagnostics[i].offset.is_some())
            .collect();
        let offsets: Vec<usize> = unplaced
            .iter()
            .filter_map(|&i| diagnostics[i].offset)
            .collect();
        for (i, path) in unplaced.into_iter().zip(xml::paths(text, &offsets)) {
            diagnostics[i].path = path;
        }
    }
    for d in diagnostics.iter_mut() {
        if let Some(offset) = &mut d.offset {
            *offset += base;
        }
    }
    lines_and_columns(input, diagnostics);
}

/// Sets each diagnostic's 1-based line and column (bytes from the line's start)
/// from its offset, in one pass over the input. Lines end at `\n`, so a `\r`
/// before it counts as the last byte of its line.
fn lines_and_columns(input: &[u8], diagnostics: &mut [Diagnostic]) {
    let mut order: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| diagnostics[i].offset.is_some())
        .collect();
    order.sort_by_key(|&i| diagnostics[i].offset);
    let (mut pos, mut line, mut line_start) = (0, 1, 0);
    for i in order {
        let offset = diagnostics[i].offset.unwrap_or(0).min(input.len());
        for (at, &b) in input[pos..offset].iter().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = pos + at + 1;
            }
        }
        pos = offset;
        diagnostics[i].line = line;
        diagnostics[i].column = offset - line_start + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_bytes_from_the_line_start() {
        let input = b"ab\r\ncd\n\nx";
        let mut diagnostics: Vec<Diagnostic> = [8, 0, 5, 2, 7, 9]
            .into_iter()
            .map(|at| Error::invalid("x").at(at).into_diagnostics().remove(0))
            .collect();
        diagnostics.push(Error::invalid("no place").into_diagnostics().remove(0));
        lines_and_columns(input, &mut diagnostics);
        let got: Vec<_> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(
            got,
            [(4, 1), (1, 1), (2, 2), (1, 3), (3, 1), (4, 2), (0, 0)]
        );
    }
}
