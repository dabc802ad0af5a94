//! vif → interface: which keys a dialect knows, what `type=` means, and how an
//! Open vSwitch bridge name carries its VLAN.

use std::borrow::Cow;
use std::net::IpAddr;

use arrayvec::ArrayVec;

use crate::error::{Error, Status};
use crate::model::{Connection, Interface, Model, Vlan};
use crate::options::Dialect;
use crate::read::RawField;
use crate::report::{Mark, Report};
use crate::value::{
    cut, dotted_quad, parse_ip, shown, DomainName, IfName, KbPerSec, MacAddr, ModelName, Mtu,
    Script, VlanTag,
};

/// Xen keys that libvirt has no place for: left out, or an error in strict mode.
fn untranslated(key: &str, dialect: Dialect) -> bool {
    matches!(
        key,
        "devid" | "gatewaydev" | "netdev" | "accel" | "vlan" | "forwarddev"
    ) || key.starts_with("colo_")
        || (dialect != Dialect::Xl && matches!(key, "policy" | "label" | "uuid"))
}

/// An interface read from a vif: `iface` holds all of it but its `ip=`
/// addresses, which are in `ips` (see [`Addresses`]).
pub(crate) struct VifInterface<'a> {
    pub iface: Interface<'a>,
    pub ips: Addresses,
}

impl VifInterface<'_> {
    /// Nothing read yet.
    pub(crate) fn new() -> Self {
        VifInterface {
            iface: Interface::new(Connection::Ethernet),
            ips: Addresses::Few(ArrayVec::new()),
        }
    }
}

/// The addresses of a vif's `ip=`, in order. Nearly every vif has one: up to
/// two are kept in place, so that reading them takes no allocation (which,
/// with the free at the end, cost about 150 instructions of a conversion's
/// 4,500); more go to a Vec. (The public [`Interface::ips`] is a Vec, which is
/// why they are not kept there.)
pub(crate) enum Addresses {
    Few(ArrayVec<IpAddr, 2>),
    Many(Vec<IpAddr>),
}

impl Addresses {
    pub(crate) fn as_slice(&self) -> &[IpAddr] {
        match self {
            Addresses::Few(few) => few,
            Addresses::Many(many) => many,
        }
    }

    fn push(&mut self, ip: IpAddr) {
        match self {
            Addresses::Few(few) => {
                if let Err(full) = few.try_push(ip) {
                    let mut many = few.to_vec();
                    many.push(full.element());
                    *self = Addresses::Many(many);
                }
            }
            Addresses::Many(many) => many.push(ip),
        }
    }
}

/// Reads a vif's fields into `vif` (a new one, built where it lives); false
/// when a field is refused. Every problem is reported, each with its key as
/// its path, and the next field is read on.
pub(crate) fn interface_from_fields<'a>(
    fields: impl IntoIterator<Item = RawField<'a>>,
    dialect: Dialect,
    report: &mut Report,
    vif: &mut VifInterface<'a>,
) -> bool {
    let errors_before = report.error_count();
    let mut reading = Fields {
        vif,
        bridge: None,
        pv_only: false,
        model_at: 0,
        seen: 0,
        others: Vec::new(),
        dialect,
    };
    for field in fields {
        let mark = report.mark();
        let key = field.key;
        if let Err(e) = reading.read(field, report) {
            report.error(e);
        }
        name_new_items(report, mark, key);
    }
    let Fields {
        vif,
        bridge,
        pv_only,
        model_at,
        ..
    } = reading;
    let iface = &mut vif.iface;
    if pv_only {
        // Xen builds a PV-only NIC whatever model= says; keeping the model would
        // bring the emulated NIC back. Left out, but not without a word.
        if let Some(model) = iface.model.as_ref().filter(|m| **m != Model::Netfront) {
            let mark = report.mark();
            report.dropped(Status::Ok, model_at, |_| {
                format!(
                    "model={} is left out: type= makes the NIC PV-only (netfront), which has no emulated model",
                    shown(model.name())
                )
            });
            name_new_items(report, mark, "model");
        }
        iface.model = Some(Model::Netfront);
    }
    if let Some((name, at)) = bridge {
        if let Err(e) = connect_bridge(iface, name) {
            report.error(e.at(at).with_path("bridge"));
        }
    }
    report.error_count() == errors_before
}

/// Gives the items reported since `mark` that have no path yet `key`'s name.
#[inline(always)]
fn name_new_items(report: &mut Report, mark: Mark, key: &str) {
    if report.grew_since(mark) {
        for d in report.since(mark).filter(|d| d.path.is_empty()) {
            d.path.push_str(&cut(key));
        }
    }
}

/// The keys the rules translate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Mac,
    Bridge,
    Script,
    Ip,
    Vifname,
    Model,
    Type,
    Rate,
    Backend,
    Mtu,
}

impl Key {
    /// (In line: a call per field cost more than the match.)
    #[inline(always)]
    fn of(key: &str) -> Option<Key> {
        Some(match key {
            "mac" => Key::Mac,
            "bridge" => Key::Bridge,
            "script" => Key::Script,
            "ip" => Key::Ip,
            "vifname" => Key::Vifname,
            "model" => Key::Model,
            "type" => Key::Type,
            "rate" => Key::Rate,
            "backend" => Key::Backend,
            "mtu" => Key::Mtu,
            _ => return None,
        })
    }

    /// The key's bit in [`Fields::seen`].
    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The interface as a vif's fields are read into it.
struct Fields<'f, 'a> {
    vif: &'f mut VifInterface<'a>,
    /// `bridge=`'s value and its offset, read last (its meaning depends on `script=`).
    bridge: Option<(Cow<'a, str>, usize)>,
    /// Whether `type=` asked for a PV-only NIC.
    pv_only: bool,
    /// Where `model=`'s value starts (if it was read).
    model_at: usize,
    /// The translated keys read so far, one [`Key::bit`] each.
    seen: u16,
    /// The other keys read so far (untranslated or unknown: rare).
    others: Vec<&'a str>,
    dialect: Dialect,
}

impl<'a> Fields<'_, 'a> {
    /// Whether `key` was read before; notes it as read.
    fn seen_before(&mut self, key: Option<Key>, name: &'a str) -> bool {
        match key {
            Some(key) => {
                let before = self.seen & key.bit() != 0;
                self.seen |= key.bit();
                before
            }
            None if self.others.contains(&name) => true,
            None => {
                self.others.push(name);
                false
            }
        }
    }

    #[inline(always)]
    fn read(&mut self, field: RawField<'a>, report: &mut Report) -> Result<(), Error> {
        let dialect = self.dialect;
        let key = Key::of(field.key);
        if self.seen_before(key, field.key) {
            return Err(
                Error::vif_syntax(format!("key {} is given twice", shown(field.key)))
                    .at(field.key_offset),
            );
        }
        let Some(value) = field.value else {
            if dialect == Dialect::Xl && matches!(field.key, "trusted" | "untrusted") {
                ignored(field.key, field.key_offset, report);
                return Ok(());
            }
            return Err(
                Error::vif_syntax(format!("item {} is not key=value", shown(field.key)))
                    .at(field.key_offset),
            );
        };
        let at = field.value_offset;
        let place = |e: Error| e.at(at);
        let iface = &mut self.vif.iface;
        match key {
            Some(Key::Mac) => iface.mac = Some(MacAddr::parse(&value, &[':', '-']).map_err(place)?),
            Some(Key::Bridge) => self.bridge = Some((value, at)),
            Some(Key::Script) => iface.script = Some(Script::parse(value).map_err(place)?),
            Some(Key::Ip) => read_ips(&value, &mut self.vif.ips).map_err(place)?,
            Some(Key::Vifname) => {
                iface.target = Some(IfName::parse("vifname", value).map_err(place)?)
            }
            Some(Key::Model) => {
                iface.model = Some(Model::from_name(ModelName::parse(value).map_err(place)?));
                self.model_at = at;
            }
            Some(Key::Type) => self.pv_only = read_type(&value, dialect).map_err(place)?,
            Some(Key::Rate) => {
                iface.outbound_average = Some(read_rate(&value, at, report).map_err(place)?)
            }
            Some(Key::Backend) => {
                iface.backend =
                    Some(DomainName::parse(value).map_err(place)?).filter(|d| !d.is_dom0())
            }
            Some(Key::Mtu) => iface.mtu = Some(Mtu::parse(&value).map_err(place)?),
            // xend's own bookkeeping, always left out.
            None if dialect == Dialect::Sxpr && matches!(field.key, "uuid" | "dev") => {}
            None if untranslated(field.key, dialect) => {
                ignored(field.key, field.key_offset, report)
            }
            None => {
                return Err(Error::vif_syntax(format!(
                    "unknown vif key {} for the {dialect} dialect",
                    shown(field.key)
                ))
                .at(field.key_offset))
            }
        }
        Ok(())
    }
}

fn ignored(key: &str, offset: usize, report: &mut Report) {
    report.ignored(Status::Unsupported, offset, || {
        format!("vif key {} has no libvirt equivalent", shown(key))
    });
}

/// Whether `type=` asks for a PV-only NIC; `ioemu` is the HVM default and says nothing.
fn read_type(value: &str, dialect: Dialect) -> Result<bool, Error> {
    match (dialect, value) {
        (_, "ioemu") => Ok(false),
        (Dialect::Xl, "vif") => Ok(true),
        (Dialect::Xm | Dialect::Sxpr, "netfront" | "none") => Ok(true),
        _ => {
            let known = if dialect == Dialect::Xl {
                "vif or ioemu"
            } else {
                "netfront, none or ioemu"
            };
            Err(Error::vif_syntax(format!(
                "type={} is not a {dialect} vif type ({known})",
                shown(value)
            )))
        }
    }
}

/// Reads `ip=`'s addresses into `ips` (none yet: the key is read once).
fn read_ips(value: &str, ips: &mut Addresses) -> Result<(), Error> {
    // The usual value, one IPv4 address, is read as one (no address holds a
    // space) without a look for spaces first.
    if let Some(v4) = dotted_quad(value.as_bytes()) {
        ips.push(IpAddr::V4(v4));
        return Ok(());
    }
    // Split at each space (a byte search: the spaces are ASCII, so every part
    // is on character boundaries).
    let mut start = 0;
    for part in value.as_bytes().split(|&b| b == b' ') {
        let address = &value[start..start + part.len()];
        start += part.len() + 1;
        if !address.is_empty() {
            ips.push(parse_ip(address)?);
        }
    }
    if ips.as_slice().is_empty() {
        return Err(Error::invalid("ip= has no address"));
    }
    Ok(())
}

/// `rate=N<unit>/s[@interval]`, with Xen's decimal units, as whole KB/s rounded
/// up. `at` is where the value starts; an interval, and a rate that is not whole
/// KB/s, are reported as left out (strict mode: refused).
fn read_rate(value: &str, at: usize, report: &mut Report) -> Result<KbPerSec, Error> {
    let bad = || {
        Error::vif_syntax(format!(
            "rate={} is not N followed by GB, MB, KB, B, Gb, Mb, Kb or b, then /s, and optionally @interval (as in 10MB/s@20ms)",
            shown(value)
        ))
    };
    // An interval's unit is s, ms, us or none: a value that ends in "/s" has
    // none, or a `@` that makes it wrong either way (the rate's unit below
    // cannot hold one), so the usual value is not searched for a `@`.
    let (rate, interval) = match value.ends_with("/s") {
        true => (value, None),
        false => match value.bytes().position(|b| b == b'@') {
            Some(at) => (&value[..at], Some(&value[at + 1..])),
            None => (value, None),
        },
    };
    if let Some(interval) = interval {
        let digits = interval.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let unit = &interval[digits.len()..];
        if digits.is_empty()
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || !matches!(unit, "s" | "ms" | "us" | "")
        {
            return Err(bad());
        }
    }
    // As bytes from here on: what is read is ASCII, and no slice needs a
    // check that it cuts between characters.
    let amount = rate.strip_suffix("/s").ok_or_else(bad)?.as_bytes();
    let digits_end = amount
        .iter()
        .position(|b| !b.is_ascii_digit())
        .ok_or_else(bad)?;
    let (digits, unit) = amount.split_at(digits_end);
    let bits_per_second_factor: u64 = match unit {
        b"GB" => 8_000_000_000,
        b"MB" => 8_000_000,
        b"KB" => 8_000,
        b"B" => 8,
        b"Gb" => 1_000_000_000,
        b"Mb" => 1_000_000,
        b"Kb" => 1_000,
        b"b" => 1,
        _ => return Err(bad()),
    };
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    let digits = &digits[zeros..];
    if digits_end == 0 {
        return Err(bad());
    }
    let out_of_range = || {
        Error::invalid(format!(
            "rate={} is outside 1…4294967295 KB/s",
            shown(value)
        ))
    };
    // 10^19 bits per second or more is far more than u32::MAX KB/s; below
    // that, the number and the bits fit in u64 (or the product overflows it,
    // which is out of range too).
    if digits.len() > 19 {
        return Err(out_of_range());
    }
    let n = digits
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    let bits = n
        .checked_mul(bits_per_second_factor)
        .ok_or_else(out_of_range)?;
    if bits == 0 {
        return Err(out_of_range());
    }
    let rate = KbPerSec::new(bits.div_ceil(8_000)).ok_or_else(out_of_range)?;
    if let Some(interval) = interval {
        report.ignored(
            Status::Unsupported,
            at + value.len() - interval.len() - 1,
            || format!("rate interval @{} has no libvirt equivalent", cut(interval)),
        );
    }
    if bits % 8_000 != 0 {
        report.dropped(Status::Unsupported, at, |strict| {
            let what = format!(
                "rate={} is not a whole number of KB/s, libvirt's unit",
                shown(rate_text(value))
            );
            if strict {
                format!("{what} (strict mode): give it in KB/s, or turn strict mode off")
            } else {
                format!("{what}: rounded up to {}KB/s", rate.get())
            }
        });
    }
    Ok(rate)
}

/// The rate of a `rate=` value, without its interval.
fn rate_text(value: &str) -> &str {
    value.split_once('@').map_or(value, |(rate, _)| rate)
}

/// `bridge=`: only with vif-openvswitch is a `.T` or `:T1:…:Tn` suffix a VLAN
/// (SPEC §5); a bridge with `.` or `:` but no numeric suffix is what that script
/// cannot read. Any other script takes the name whole, as Xen passes it.
fn connect_bridge<'a>(iface: &mut Interface<'a>, name: Cow<'a, str>) -> Result<(), Error> {
    let openvswitch = iface.script.as_ref().is_some_and(|s| s.is_openvswitch());
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let split = if !openvswitch {
        None
    } else if let Some((base, tags)) = name
        .split_once(':')
        .filter(|(_, tags)| tags.split(':').all(numeric))
    {
        Some((base.len(), tags.split(':').collect::<Vec<_>>(), true))
    } else {
        name.rsplit_once('.')
            .filter(|(_, tag)| numeric(tag))
            .map(|(base, tag)| (base.len(), vec![tag], false))
    };
    let Some((base_len, tags, trunk)) = split else {
        let bridge = IfName::parse("bridge", name)?;
        if openvswitch && !bridge.takes_vlan_suffix() {
            // What vif-openvswitch would make of it is not a bridge and a VLAN.
            return Err(Error::unsafe_value(
                "bridge",
                format!("{} has '.' or ':' but no numeric VLAN suffix, which vif-openvswitch cannot read", shown(bridge.as_str())),
            ));
        }
        iface.connection = Connection::Bridge(bridge);
        return Ok(());
    };
    let tags = tags
        .into_iter()
        .map(VlanTag::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let base = match name {
        Cow::Borrowed(s) => Cow::Borrowed(&s[..base_len]),
        Cow::Owned(mut s) => {
            s.truncate(base_len);
            Cow::Owned(s)
        }
    };
    let base = IfName::parse("bridge", base)?;
    if !base.takes_vlan_suffix() {
        return Err(Error::unsafe_value(
            "bridge",
            format!(
                "Open vSwitch bridge {} contains '.' or ':' before its VLAN suffix",
                shown(base.as_str())
            ),
        ));
    }
    iface.connection = Connection::Bridge(base);
    iface.vlan = Some(Vlan { trunk, tags });
    iface.openvswitch = true;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    /// A key given twice is VIF_SYNTAX at its second place, whatever the key:
    /// translated, untranslated, unknown or a bare flag.
    #[test]
    fn a_key_given_twice() {
        let errors = |vif: &str, dialect: Dialect| {
            let mut report = Report::new(&crate::Options::new(), true);
            let fields = crate::read::vif::read_vif(vif);
            let mut read = VifInterface::new();
            assert!(
                !interface_from_fields(fields, dialect, &mut report, &mut read),
                "{vif}"
            );
            let e = report.finish(()).unwrap_err();
            e.errors()
                .map(|d| (d.status, d.offset, d.path.clone(), d.message.clone()))
                .collect::<Vec<_>>()
        };
        let twice = |at: usize, key: &str| {
            (
                Status::VifSyntax,
                Some(at),
                key.to_string(),
                format!("key \"{key}\" is given twice"),
            )
        };
        assert_eq!(
            errors("mac=00:16:3e:00:00:01,mac=x", Dialect::Xl),
            [twice(22, "mac")]
        );
        assert_eq!(
            errors("bridge=a,devid=1,bridge=a,devid=2", Dialect::Xl),
            [twice(17, "bridge"), twice(26, "devid")]
        );
        assert_eq!(
            errors("trusted,trusted", Dialect::Xl),
            [twice(8, "trusted")]
        );
        let unknown = errors("foo=1,foo=2,mtu=1500,mtu=1500", Dialect::Xm);
        assert_eq!(unknown.len(), 3);
        assert_eq!(unknown[0].3, "unknown vif key \"foo\" for the xm dialect");
        assert_eq!(&unknown[1..], [twice(6, "foo"), twice(21, "mtu")]);
        let mut report = Report::new(&crate::Options::new(), true);
        let fields = crate::read::sexpr::read_sexpr("(vif (uuid a)(uuid b))").unwrap();
        let mut vif = VifInterface::new();
        assert!(!interface_from_fields(
            fields,
            Dialect::Sxpr,
            &mut report,
            &mut vif
        ));
        // Every translated key once, and others besides: no error.
        let mut report = Report::new(&crate::Options::new(), false);
        let every = "mac=00:16:3e:00:00:01,bridge=b,script=s,ip=10.0.0.1,vifname=v,\
                     model=m,type=ioemu,rate=1KB/s,backend=d,mtu=1500,devid=1,accel=x";
        let mut vif = VifInterface::new();
        let fields = crate::read::vif::read_vif(every);
        assert!(interface_from_fields(
            fields,
            Dialect::Xl,
            &mut report,
            &mut vif
        ));
        assert_eq!(vif.ips.as_slice(), [parse_ip("10.0.0.1").unwrap()]);
        // Addresses past the two kept in place are kept all the same, in order.
        let mut report = Report::new(&crate::Options::new(), false);
        let mut vif = VifInterface::new();
        let fields = crate::read::vif::read_vif("ip=10.0.0.1  10.0.0.2 ::1 10.0.0.4");
        assert!(interface_from_fields(
            fields,
            Dialect::Xl,
            &mut report,
            &mut vif
        ));
        let want: Vec<_> = ["10.0.0.1", "10.0.0.2", "::1", "10.0.0.4"]
            .into_iter()
            .map(|a| parse_ip(a).unwrap())
            .collect();
        assert_eq!(vif.ips.as_slice(), want);
    }

    #[test]
    fn rates_use_decimal_units_rounded_up() {
        let kb = |v| {
            let mut report = Report::new(&crate::Options::new(), false);
            read_rate(v, 0, &mut report).map(|r| r.get())
        };
        assert_eq!(kb("10240KB/s"), Ok(10240));
        assert_eq!(kb("10MB/s"), Ok(10000));
        assert_eq!(kb("1GB/s"), Ok(1_000_000));
        assert_eq!(kb("1B/s"), Ok(1));
        assert_eq!(kb("1b/s"), Ok(1));
        assert_eq!(kb("8001b/s"), Ok(2));
        assert_eq!(kb("100Mb/s@20ms"), Ok(12500));
        assert_eq!(kb("4294967295KB/s"), Ok(u32::MAX));
        assert_eq!(kb("0004294967295000B/s"), Ok(u32::MAX));
        assert_eq!(kb("34359738360000b/s"), Ok(u32::MAX));
        assert_eq!(kb("0000000000000000000000000001KB/s"), Ok(1));
        for (bad, status) in [
            ("0KB/s", Status::Invalid),
            ("4294967296KB/s", Status::Invalid),
            ("34359738360001b/s", Status::Invalid),
            ("9999999999999999999b/s", Status::Invalid),
            ("10000000000000000000b/s", Status::Invalid),
            ("2306000000000000000GB/s", Status::Invalid),
            ("99999999999999999999999999KB/s", Status::Invalid),
            ("10KB", Status::VifSyntax),
            ("KB/s", Status::VifSyntax),
            ("10kB/s", Status::VifSyntax),
            ("10KB/s@", Status::VifSyntax),
            ("10KB/s@5h", Status::VifSyntax),
            ("1 KB/s", Status::VifSyntax),
            // A `@` in a value that ends in "/s" (not searched for).
            ("10MB/s@5/s", Status::VifSyntax),
            ("1@2/s", Status::VifSyntax),
            ("@10MB/s", Status::VifSyntax),
            ("10@MB/s", Status::VifSyntax),
            ("99999999999999999999999999KB@/s", Status::VifSyntax),
        ] {
            assert_eq!(kb(bad).unwrap_err().status(), status, "{bad}");
        }
        let strict = |v: &str| {
            let mut report = Report::new(&crate::Options::new().strict(true), false);
            read_rate(v, 0, &mut report).unwrap();
            report.finish(()).unwrap_err()
        };
        assert_eq!(
            strict("10KB/s@20ms").message(),
            "rate interval @20ms has no libvirt equivalent (strict mode): remove it or turn strict mode off"
        );
        assert_eq!(strict("10KB/s@20ms").offset(), Some(6));
        assert_eq!(
            strict("1000b/s").message(),
            "rate=\"1000b/s\" is not a whole number of KB/s, libvirt's unit (strict mode): give it in KB/s, or turn strict mode off"
        );
        let mut warned = Report::new(&crate::Options::new(), true);
        read_rate("1000b/s@5s", 10, &mut warned).unwrap();
        let warnings = warned.finish(()).unwrap().warnings;
        let got: Vec<_> = warnings
            .iter()
            .map(|w| (w.status, w.offset, w.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Status::Unsupported,
                    Some(10),
                    "rate=\"1000b/s\" is not a whole number of KB/s, libvirt's unit: rounded up to 1KB/s"
                ),
                (
                    Status::Unsupported,
                    Some(17),
                    "rate interval @5s has no libvirt equivalent: ignored"
                ),
            ]
        );
    }

    #[test]
    fn openvswitch_suffixes_only_with_its_script() {
        let iface = |bridge: &'static str, script: &'static str| {
            let mut i = Interface::new(Connection::Ethernet);
            i.script = Some(Script::parse(script).unwrap());
            connect_bridge(&mut i, Cow::Borrowed(bridge))
                .map(|_| (i.connection, i.vlan, i.openvswitch))
        };
        let (c, vlan, ovs) = iface("ovsbr0:42:43", "/etc/xen/scripts/vif-openvswitch").unwrap();
        assert_eq!(
            (c, ovs),
            (
                Connection::Bridge(IfName::parse("bridge", "ovsbr0").unwrap()),
                true
            )
        );
        assert_eq!(
            vlan.unwrap()
                .tags
                .iter()
                .map(|t| t.get())
                .collect::<Vec<_>>(),
            [42, 43]
        );
        let (_, vlan, _) = iface("ovsbr0.7", "vif-openvswitch").unwrap();
        assert!(!vlan.unwrap().trunk);
        let (c, vlan, ovs) = iface("br0.7", "vif-bridge").unwrap();
        assert_eq!(
            (c, vlan, ovs),
            (
                Connection::Bridge(IfName::parse("bridge", "br0.7").unwrap()),
                None,
                false
            )
        );
        assert_eq!(
            iface("ovsbr0.4096", "vif-openvswitch")
                .unwrap_err()
                .status(),
            Status::Invalid
        );
        assert_eq!(
            iface("br.0.5", "vif-openvswitch").unwrap_err().status(),
            Status::UnsafeValue
        );
        assert!(iface("ovsbr0", "vif-openvswitch").unwrap().1.is_none());
        // Another script takes the name whole: a VLAN suffix too long for a
        // bridge name is not read as Open vSwitch (0.1 guessed it was).
        assert_eq!(
            iface("a:1000:1000:1000", "my-ovs-wrapper")
                .unwrap_err()
                .status(),
            Status::UnsafeValue
        );
        let (c, vlan, ovs) = iface("a:1000:1000", "my-ovs-wrapper").unwrap();
        assert_eq!(
            (c, vlan, ovs),
            (
                Connection::Bridge(IfName::parse("bridge", "a:1000:1000").unwrap()),
                None,
                false
            )
        );
        assert_eq!(
            iface("abcdefghijklmnop", "vif-bridge")
                .unwrap_err()
                .status(),
            Status::UnsafeValue
        );
    }
}
