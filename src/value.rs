//! Validated scalar values. Each type can only be built through its parser, so a
//! value that made it into the model is safe to write into any dialect.

use std::borrow::Cow;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

use arrayvec::ArrayString;

use crate::error::Error;

/// How a value is quoted in messages: escaped like a Rust string literal, and cut
/// short so that a megabyte of hostile input does not become a megabyte of message.
pub(crate) fn shown(value: &str) -> String {
    const MAX_CHARS: usize = 64;
    let mut cut: String = value.chars().take(MAX_CHARS).collect();
    if cut.len() < value.len() {
        cut.push('…');
        return format!("{cut:?} ({} bytes)", value.len());
    }
    format!("{cut:?}")
}

/// A name (of an element, attribute, key or network) as it appears in messages:
/// unquoted, and cut short like [`shown`] values.
pub(crate) fn cut(name: &str) -> Cow<'_, str> {
    const MAX_CHARS: usize = 64;
    match name.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &name[..end])),
        None => Cow::Borrowed(name),
    }
}

/// Each byte's value as a hex digit, or [`NOT_HEX`] (a table: one load per digit).
static HEX_VALUE: [u8; 256] = {
    let mut t = [NOT_HEX; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            d @ b'0'..=b'9' => d - b'0',
            d @ b'a'..=b'f' => d - b'a' + 10,
            d @ b'A'..=b'F' => d - b'A' + 10,
            _ => NOT_HEX,
        };
        b += 1;
    }
    t
};
const NOT_HEX: u8 = 0xFF;

/// A unicast Ethernet address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MacAddr([u8; 6]);

impl MacAddr {
    /// Parses six groups of one or two hex digits separated by `separator`s.
    /// Multicast and all-zero addresses are refused: Xen cannot give them to a NIC.
    /// (In line, the usual address read with the caller's separators known;
    /// anything else out of line.)
    #[inline]
    pub fn parse(text: &str, separators: &[char]) -> Result<MacAddr, Error> {
        match canonical_octets(text.as_bytes(), separators) {
            Some(octets) if octets != [0; 6] && octets[0] & 1 == 0 => Ok(MacAddr(octets)),
            _ => MacAddr::parse_any(text, separators),
        }
    }

    /// [`MacAddr::parse`] for any text.
    #[inline(never)]
    fn parse_any(text: &str, separators: &[char]) -> Result<MacAddr, Error> {
        let bad = |why: String| {
            Error::invalid(format!(
                "MAC address {} {why}; write it as six hex pairs such as 00:16:3e:12:34:56",
                shown(text)
            ))
        };
        let bytes = text.as_bytes();
        let octets = match canonical_octets(bytes, separators) {
            Some(octets) => octets,
            None => octets(bytes, separators).map_err(bad)?,
        };
        if octets == [0; 6] {
            return Err(bad("is all zeros".into()));
        }
        if octets[0] & 1 == 1 {
            return Err(bad("is a multicast address (the first octet is odd)".into()));
        }
        Ok(MacAddr(octets))
    }

    /// The six octets.
    pub fn octets(&self) -> [u8; 6] {
        self.0
    }
}

/// The octets of a MAC address in the usual form, six pairs of hex digits
/// separated by `separators` (`00:16:3e:12:34:56`), read with fixed offsets; None
/// for any other text, which [`octets`] then reads (to the same octets).
#[inline(always)]
fn canonical_octets(bytes: &[u8], separators: &[char]) -> Option<[u8; 6]> {
    let bytes: &[u8; 17] = bytes.try_into().ok()?;
    // One separator, five times (mixed ones are left to `octets`); a hex digit
    // is read as a digit before it is taken for a separator.
    let separator = bytes[2];
    if [bytes[5], bytes[8], bytes[11], bytes[14]] != [separator; 4]
        || HEX_VALUE[usize::from(separator)] != NOT_HEX
        || !(separator.is_ascii() && separators.contains(&char::from(separator)))
    {
        return None;
    }
    let mut octets = [0u8; 6];
    // Digits are below 16: one test of every value read at the end.
    let mut values = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        let (hi, lo) = (
            HEX_VALUE[usize::from(bytes[k * 3])],
            HEX_VALUE[usize::from(bytes[k * 3 + 1])],
        );
        values |= hi | lo;
        *octet = (hi << 4) | (lo & 15);
    }
    (values < 16).then_some(octets)
}

/// The octets of six groups of one or two hex digits separated by `separators`,
/// or why the text is not that.
fn octets(bytes: &[u8], separators: &[char]) -> Result<[u8; 6], String> {
    let is_separator = |b: u8| b.is_ascii() && separators.contains(&char::from(b));
    // No position in the message: the error's offset is the value's.
    let stray = |at: usize| {
        let c = String::from_utf8_lossy(&bytes[at..])
            .chars()
            .next()
            .unwrap_or('?');
        format!("has {c:?}, which is neither a hex digit nor a separator")
    };
    let mut octets = [0u8; 6];
    let mut at = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            match bytes.get(at) {
                Some(&b) if is_separator(b) => at += 1,
                Some(_) => return Err(stray(at)),
                None => return Err("has fewer than six groups".into()),
            }
        }
        let mut digits = 0;
        let mut value = 0u8;
        while let Some(d) = bytes.get(at).map(|&b| HEX_VALUE[usize::from(b)]) {
            if d == NOT_HEX {
                break;
            }
            if digits == 2 {
                return Err("has a group of more than two hex digits".into());
            }
            value = value * 16 + d;
            digits += 1;
            at += 1;
        }
        if digits == 0 {
            return Err(match bytes.get(at) {
                Some(&b) if !is_separator(b) => stray(at),
                _ => "has an empty group".into(),
            });
        }
        *octet = value;
    }
    match bytes.get(at) {
        None => Ok(octets),
        Some(&b) if is_separator(b) => Err("has more than six groups".into()),
        Some(_) => Err(stray(at)),
    }
}

impl MacAddr {
    /// The address as it is written: six lower-case hex pairs joined by `:`
    /// (formatters write it with one `write_str`, without `core::fmt`).
    pub(crate) fn text(&self) -> MacText {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = ArrayString::new();
        for (i, o) in self.0.iter().enumerate() {
            if i > 0 {
                text.push(':');
            }
            text.push(char::from(HEX[usize::from(o >> 4)]));
            text.push(char::from(HEX[usize::from(o & 15)]));
        }
        MacText(text)
    }
}

/// A MAC address's written form (see [`MacAddr::text`]): 17 characters.
pub(crate) struct MacText(ArrayString<17>);

impl MacText {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().as_str())
    }
}

/// Parses an IPv4 or IPv6 literal; no zone ids, no prefixes.
pub fn parse_ip(text: &str) -> Result<IpAddr, Error> {
    if let Some(v4) = dotted_quad(text.as_bytes()) {
        return Ok(IpAddr::V4(v4));
    }
    text.parse::<IpAddr>().map_err(|_| {
        Error::invalid(format!(
            "{} is not an IPv4 or IPv6 address literal (no zone ids or prefixes)",
            shown(text)
        ))
    })
}

/// The usual IPv4 literal read in one pass: four decimal octets of one to three
/// digits, no leading zero, at most 255, separated by dots — exactly what std's
/// parser takes as IPv4. None for anything else, which [`parse_ip`] then
/// hands to std (an IPv6 literal, or an error).
pub(crate) fn dotted_quad(text: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut at = 0;
    for (k, octet) in octets.iter_mut().enumerate() {
        if k > 0 {
            if text.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
        let start = at;
        let mut n = 0u16;
        while let Some(&d) = text.get(at) {
            if !d.is_ascii_digit() || at - start == 3 {
                break;
            }
            n = n * 10 + u16::from(d - b'0');
            at += 1;
        }
        if at == start || (at - start > 1 && text[start] == b'0') {
            return None;
        }
        *octet = u8::try_from(n).ok()?;
    }
    (at == text.len()).then_some(Ipv4Addr::from(octets))
}

/// The ASCII bytes a kind of value may hold: letters, digits and `extra`, as a
/// table (one load per byte checked).
struct ByteSet([bool; 256]);

impl ByteSet {
    const fn alphanumeric_and(extra: &[u8]) -> ByteSet {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 128 {
            t[b] = (b as u8).is_ascii_alphanumeric();
            b += 1;
        }
        let mut i = 0;
        while i < extra.len() {
            t[extra[i] as usize] = true;
            i += 1;
        }
        ByteSet(t)
    }
}

static IFNAME_BYTES: ByteSet = ByteSet::alphanumeric_and(b"_.:-");
static SCRIPT_BYTES: ByteSet = ByteSet::alphanumeric_and(b"_./+-");
static DOMAIN_BYTES: ByteSet = ByteSet::alphanumeric_and(b"_.-");
static MODEL_BYTES: ByteSet = ByteSet::alphanumeric_and(b"_-");

/// Checks a free-text value against the characters and length Xen can take for it.
/// Empty values are not of their kind (INVALID); anything else outside the rules
/// could change the meaning of the output (UNSAFE_VALUE).
#[inline]
fn check_text(
    field: &'static str,
    text: &str,
    max_len: usize,
    allowed: &ByteSet,
    rule: &str,
) -> Result<(), Error> {
    check_text_for_dots(field, text, max_len, allowed, rule).map(|_| ())
}

/// [`check_text`], saying also whether the text holds a `.` (found in the same
/// pass over its bytes).
#[inline(always)]
fn check_text_for_dots(
    field: &'static str,
    text: &str,
    max_len: usize,
    allowed: &ByteSet,
    rule: &str,
) -> Result<bool, Error> {
    // Every allowed byte is ASCII; what is wrong is worked out out of line,
    // only for a value refused. Four bytes a step with no branch for each:
    // a value refused is rare, and its length is bounded first.
    let bytes = text.as_bytes();
    if !bytes.is_empty() && bytes.len() <= max_len {
        let (mut ok, mut dots) = (true, false);
        let mut quads = bytes.chunks_exact(4);
        for quad in &mut quads {
            for &b in quad {
                ok &= allowed.0[usize::from(b)];
                dots |= b == b'.';
            }
        }
        for &b in quads.remainder() {
            ok &= allowed.0[usize::from(b)];
            dots |= b == b'.';
        }
        if ok {
            return Ok(dots);
        }
    }
    Err(text_error(field, text, max_len, allowed, rule))
}

/// Why [`check_text`] refused `text`.
#[cold]
#[inline(never)]
fn text_error(
    field: &'static str,
    text: &str,
    max_len: usize,
    allowed: &ByteSet,
    rule: &str,
) -> Error {
    if text.is_empty() {
        return Error::invalid(format!("{field} must not be empty"));
    }
    if text.len() > max_len {
        return Error::unsafe_value(
            field,
            format!("{} is longer than {max_len} bytes ({rule})", shown(text)),
        );
    }
    match text
        .chars()
        .find(|c| !c.is_ascii() || !allowed.0[usize::from(*c as u8)])
    {
        Some(bad) => Error::unsafe_value(
            field,
            format!("{} contains {bad:?}; only {rule} is allowed", shown(text)),
        ),
        None => Error::internal(format!(
            "{field} {} was refused, but no byte of it is",
            shown(text)
        )),
    }
}

macro_rules! text_value {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name<'a>(Cow<'a, str>);

        impl<'a> $name<'a> {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The same value, owning its text.
            pub fn into_owned(self) -> $name<'static> {
                $name(Cow::Owned(self.0.into_owned()))
            }

            /// The same value, borrowing this one's text.
            pub fn reborrow(&self) -> $name<'_> {
                $name(Cow::Borrowed(&self.0))
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_value!(
    /// A Linux network interface name (a bridge or a vif's `vifname`).
    IfName
);
text_value!(
    /// A hotplug script: a file name or a path.
    Script
);
text_value!(
    /// The domain that runs the NIC's backend.
    DomainName
);
text_value!(
    /// A NIC model name, passed through to Xen as libvirt does.
    ModelName
);
text_value!(
    /// A libvirt network name (resolved to a bridge through the options).
    NetworkName
);

impl<'a> IfName<'a> {
    /// Longest name the kernel keeps whole (IFNAMSIZ less the NUL).
    pub const MAX_LEN: usize = 15;

    /// Validates a Linux interface name for `field` (`bridge` or `vifname`).
    /// (Always inlined: a name that passes is checked without a call, what
    /// is wrong with one is worked out out of line.)
    #[inline(always)]
    pub fn parse(field: &'static str, text: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let text = text.into();
        check_text(
            field,
            &text,
            Self::MAX_LEN,
            &IFNAME_BYTES,
            "1-15 bytes of A-Z a-z 0-9 _ . : -",
        )?;
        if text == "." || text == ".." {
            return Err(Error::unsafe_value(
                field,
                format!("{} is not an interface name", shown(&text)),
            ));
        }
        Ok(IfName(text))
    }

    /// Names libvirt treats as generated, as its Xen driver does: every name
    /// starting `vif` (Xen's `vif3.0`, `vif3.0-emu`, xend's `vif-1.0` placeholders),
    /// `vnet`, `macvtap` or `macvlan`. Writing one back would pin a name the next
    /// boot may give to another guest.
    pub fn is_generated(&self) -> bool {
        ["vif", "vnet", "macvtap", "macvlan"]
            .iter()
            .any(|prefix| self.0.starts_with(prefix))
    }

    /// Whether the name can stand before an Open vSwitch `.T`/`:T…` VLAN suffix.
    pub fn takes_vlan_suffix(&self) -> bool {
        !self.0.contains(['.', ':'])
    }
}

impl<'a> Script<'a> {
    /// PATH_MAX less the NUL.
    pub const MAX_LEN: usize = 4095;

    /// Xen's hotplug script for Linux bridges, written when none is given.
    pub const BRIDGE: Script<'static> = Script(Cow::Borrowed("vif-bridge"));
    /// Xen's hotplug script for Open vSwitch bridges.
    pub const OPENVSWITCH: Script<'static> = Script(Cow::Borrowed("vif-openvswitch"));

    /// Validates a hotplug script path. (Always inlined, as
    /// [`IfName::parse`] is.)
    #[inline(always)]
    pub fn parse(text: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let text = text.into();
        let dots = check_text_for_dots(
            "script",
            &text,
            Self::MAX_LEN,
            &SCRIPT_BYTES,
            "A-Z a-z 0-9 _ . / + -",
        )?;
        // A `..` component needs a dot: most paths have none to look at.
        if dots
            && text
                .as_bytes()
                .split(|&b| b == b'/')
                .any(|part| part == b"..")
        {
            return Err(Error::unsafe_value(
                "script",
                format!("{} has a '..' path component", shown(&text)),
            ));
        }
        Ok(Script(text))
    }

    /// Whether the script is Xen's Open vSwitch script (its file name is
    /// `vif-openvswitch`, whatever its directory).
    pub(crate) fn is_openvswitch(&self) -> bool {
        self.0
            .strip_suffix(Script::OPENVSWITCH.as_str())
            .is_some_and(|dir| dir.is_empty() || dir.ends_with('/'))
    }

    /// The last path component (`vif-bridge` for `/etc/xen/scripts/vif-bridge`).
    pub fn file_name(&self) -> &str {
        match self.0.bytes().rposition(|b| b == b'/') {
            Some(slash) => &self.0[slash + 1..],
            None => &self.0,
        }
    }
}

impl<'a> DomainName<'a> {
    /// Validates a backend domain name or id.
    pub fn parse(text: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let text = text.into();
        check_text(
            "backend",
            &text,
            64,
            &DOMAIN_BYTES,
            "1-64 bytes of A-Z a-z 0-9 _ . -",
        )?;
        Ok(DomainName(text))
    }

    /// Domain 0 runs backends unless told otherwise, so it is never written.
    pub fn is_dom0(&self) -> bool {
        self.0 == "0"
    }
}

impl<'a> ModelName<'a> {
    /// The name of a model that was validated on its way into the model.
    pub(crate) fn of(model: &'a crate::Model<'_>) -> ModelName<'a> {
        ModelName(Cow::Borrowed(model.name()))
    }

    /// Validates a NIC model name.
    /// (Always inlined: a name that passes is checked without a call, what
    /// is wrong with one is worked out out of line.)
    #[inline(always)]
    pub fn parse(text: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let text = text.into();
        check_text(
            "model",
            &text,
            32,
            &MODEL_BYTES,
            "1-32 bytes of A-Z a-z 0-9 _ -",
        )?;
        Ok(ModelName(text))
    }
}

impl<'a> NetworkName<'a> {
    /// Takes any non-empty network name: it is never written into a vif, only
    /// looked up (a resolver sees it as a C string, so NUL is refused).
    pub fn parse(text: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let text = text.into();
        if text.is_empty() {
            return Err(Error::invalid("<source network> must not be empty"));
        }
        if text.contains('\0') {
            return Err(Error::invalid("<source network> must not contain NUL"));
        }
        Ok(NetworkName(text))
    }
}

/// Parses decimal digits (leading zeros allowed) into a number in `min..=max`.
pub(crate) fn parse_number(what: &str, text: &str, min: u64, max: u64) -> Result<u64, Error> {
    let bad = || {
        Error::invalid(format!(
            "{what} {} is not a whole number from {min} to {max}",
            shown(text)
        ))
    };
    // Digit by digit, in one pass (leading zeros add nothing); anything but a
    // digit, or a number past u64, is refused as one out of range is.
    let value = text.bytes().try_fold(0u64, |n, b| {
        let digit = b.checked_sub(b'0').filter(|&d| d < 10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    });
    match value {
        Some(n) if !text.is_empty() && (min..=max).contains(&n) => Ok(n),
        _ => Err(bad()),
    }
}

/// An outbound rate limit in KB/s (1000 bytes per second, Xen's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KbPerSec(u32);

impl KbPerSec {
    /// Reads libvirt's `average` (KB/s, 1…4294967295).
    pub fn parse(text: &str) -> Result<KbPerSec, Error> {
        parse_number("<outbound average>", text, 1, u32::MAX as u64).map(|n| KbPerSec(n as u32))
    }

    /// A rate given in whole KB/s; None when out of range.
    pub fn new(kb: u64) -> Option<KbPerSec> {
        u32::try_from(kb).ok().filter(|&n| n > 0).map(KbPerSec)
    }

    /// The number of KB/s.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A link MTU (68…65535, the range Linux and Xen accept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mtu(u16);

impl Mtu {
    /// Parses decimal digits in 68…65535.
    pub fn parse(text: &str) -> Result<Mtu, Error> {
        parse_number("mtu", text, 68, 65535).map(|n| Mtu(n as u16))
    }

    /// The number of bytes.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// An 802.1Q VLAN id (0…4095).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VlanTag(u16);

impl VlanTag {
    /// Parses decimal digits in 0…4095.
    pub fn parse(text: &str) -> Result<VlanTag, Error> {
        parse_number("VLAN tag", text, 0, 4095).map(|n| VlanTag(n as u16))
    }

    /// The id.
    pub fn get(self) -> u16 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    #[test]
    fn mac_is_normalised_and_checked() {
        let mac = MacAddr::parse("0:16:3E:a:7b:39", &[':']).unwrap();
        assert_eq!(mac.to_string(), "00:16:3e:0a:7b:39");
        assert_eq!(
            MacAddr::parse("00-16-3e-0a-7b-39", &[':', '-']).unwrap(),
            mac
        );
        for bad in [
            "",
            "00:16:3e:0a:7b",
            "00:16:3e:0a:7b:39:00",
            "01:16:3e:0a:7b:39",
            "00:00:00:00:00:00",
            "00:16:3e:0a:7b:3g",
            "000:16:3e:0a:7b:39",
            "00:16:3e:0a::39",
        ] {
            assert_eq!(
                MacAddr::parse(bad, &[':']).unwrap_err().status(),
                Status::Invalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn mac_messages_say_what_is_wrong() {
        let why = |text: &str| MacAddr::parse(text, &[':']).unwrap_err().to_string();
        let ends = |text: &str, tail: &str| {
            let message = why(text);
            assert!(
                message.starts_with(&format!("MAC address {text:?} {tail}; write it as")),
                "{text}: {message}"
            );
        };
        ends(
            "00:16:3e:0a:7b:3g",
            "has 'g', which is neither a hex digit nor a separator",
        );
        ends(
            "00:16:3e:0a:7b:39 ",
            "has ' ', which is neither a hex digit nor a separator",
        );
        ends(
            "00:16:3e:zz:7b:39",
            "has 'z', which is neither a hex digit nor a separator",
        );
        ends("00:16:3e:0a:7b:39:00", "has more than six groups");
        ends("00:16:3e:0a:7b", "has fewer than six groups");
        ends(
            "000:16:3e:0a:7b:39",
            "has a group of more than two hex digits",
        );
        ends("00:16:3e:0a::39", "has an empty group");
    }

    #[test]
    fn interface_names() {
        assert!(IfName::parse("bridge", "xenbr0").is_ok());
        assert!(IfName::parse("bridge", "a.b:c_d-e").is_ok());
        assert_eq!(
            IfName::parse("bridge", "").unwrap_err().status(),
            Status::Invalid
        );
        for bad in [
            "br 0",
            "br,0",
            "br=0",
            "br'0",
            "0123456789abcdef",
            ".",
            "..",
            "br\0",
            "brü",
        ] {
            assert_eq!(
                IfName::parse("bridge", bad).unwrap_err().status(),
                Status::UnsafeValue,
                "{bad}"
            );
        }
        let generated = |s| IfName::parse("vifname", s).unwrap().is_generated();
        for name in [
            "vif4.0",
            "vif12.3-emu",
            "vif-1.0",
            "vif4",
            "vifweb",
            "vnet0",
            "vnetx",
            "macvtap3",
            "macvlan0",
        ] {
            assert!(generated(name), "{name}");
        }
        for name in ["net0", "web-vif", "vi", "macv0", "xvif1.0", "Vif1.0"] {
            assert!(!generated(name), "{name}");
        }
    }

    #[test]
    fn scripts_and_other_text() {
        assert_eq!(
            Script::parse("/etc/xen/scripts/vif-bridge")
                .unwrap()
                .file_name(),
            "vif-bridge"
        );
        assert_eq!(
            Script::parse("a/../b").unwrap_err().status(),
            Status::UnsafeValue
        );
        assert!(Script::parse("a/..b").is_ok());
        assert!(Script::parse("../b").is_err() && Script::parse("a/..").is_err());
        for path in [
            "vif-openvswitch",
            "/etc/xen/scripts/vif-openvswitch",
            "my-vif-openvswitch",
            "a/my-vif-openvswitch",
            "a/vif-openvswitch2",
            "vif-openvswitch/x",
            "/vif-openvswitch",
            "vif-bridge",
        ] {
            let script = Script::parse(path).unwrap();
            assert_eq!(
                script.is_openvswitch(),
                script.file_name() == "vif-openvswitch",
                "{path}"
            );
        }
        assert_eq!(
            Script::parse("vif bridge").unwrap_err().status(),
            Status::UnsafeValue
        );
        assert_eq!(ModelName::parse("ne2k_pci").unwrap().as_str(), "ne2k_pci");
        assert_eq!(
            ModelName::parse("e1000,type=ioemu").unwrap_err().status(),
            Status::UnsafeValue
        );
        assert_eq!(
            ModelName::parse("x".repeat(33)).unwrap_err().status(),
            Status::UnsafeValue
        );
        assert!(DomainName::parse("0").unwrap().is_dom0());
        assert_eq!(
            DomainName::parse("dom'u").unwrap_err().status(),
            Status::UnsafeValue
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(KbPerSec::parse("010240").unwrap().get(), 10240);
        assert_eq!(KbPerSec::parse("4294967295").unwrap().get(), u32::MAX);
        for bad in [
            "0",
            "4294967296",
            "-1",
            "+1",
            " 1",
            "1.5",
            "",
            "99999999999999999999999",
        ] {
            assert_eq!(
                KbPerSec::parse(bad).unwrap_err().status(),
                Status::Invalid,
                "{bad}"
            );
        }
        assert_eq!(Mtu::parse("68").unwrap().get(), 68);
        assert!(Mtu::parse("67").is_err() && Mtu::parse("65536").is_err());
        assert_eq!(VlanTag::parse("0").unwrap().get(), 0);
        assert_eq!(VlanTag::parse("000").unwrap().get(), 0);
        assert!(VlanTag::parse("4096").is_err());
        // Leading zeros past u64's width add nothing; a number past u64 is refused.
        assert_eq!(
            Mtu::parse("000000000000000000000001500").unwrap().get(),
            1500
        );
        assert!(VlanTag::parse("18446744073709551616").is_err());
        assert!(VlanTag::parse("18446744073709551615").is_err());
    }

    /// The one-pass IPv4 reading accepts exactly what std's parser accepts
    /// as IPv4, to the same address.
    #[test]
    fn dotted_quads_as_std_reads_them() {
        let pieces = [
            "", "0", "1", "00", "01", "9", "10", "99", "255", "256", "300", "999", "1000", ".",
            "..", "a", "+1", " ", ":",
        ];
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in ["0", "255", "07", ""] {
                    for d in pieces {
                        texts.push(format!("{a}.{b}.{c}.{d}"));
                        texts.push(format!("{a}{b}.{c}.{d}"));
                        texts.push(format!("{a}.{b}.{c}.{d}.1"));
                    }
                }
            }
        }
        for text in texts.iter().map(String::as_str).chain([
            "",
            "1.2.3",
            "1.2.3.4",
            "1.2.3.4.",
            "::1",
            "1::2.3.4.5",
        ]) {
            assert_eq!(
                dotted_quad(text.as_bytes()),
                text.parse::<Ipv4Addr>().ok(),
                "{text:?}"
            );
            assert_eq!(parse_ip(text).ok(), text.parse::<IpAddr>().ok(), "{text:?}");
        }
    }

    #[test]
    fn ips_are_literals_only() {
        assert_eq!(parse_ip("2000:0::1").unwrap().to_string(), "2000::1");
        for bad in ["fe80::1%eth0", "10.0.0.1/24", "010.0.0.1", "", "host"] {
            assert_eq!(
                parse_ip(bad).unwrap_err().status(),
                Status::Invalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn shown_cuts_long_values() {
        assert_eq!(shown("a\"b"), "\"a\\\"b\"");
        assert!(shown(&"x".repeat(1000)).ends_with("(1000 bytes)"));
    }
}
