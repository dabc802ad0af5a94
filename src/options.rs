//! Conversion options and the target they resolve to.

use std::fmt;
use std::sync::Arc;

use crate::error::Error;
use crate::value::IfName;

/// Which Xen toolstack format to write or read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// The xl toolstack (Xen ≥ 4.1): `vif = [ "…" ]` strings.
    #[default]
    Xl,
    /// xend config files (xm): the same string form, xend's rules.
    Xm,
    /// xend S-expressions: `(vif (key 'value')…)`.
    Sxpr,
}

impl Dialect {
    /// The dialect's name, as used on command lines.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Xl => "xl",
            Dialect::Xm => "xm",
            Dialect::Sxpr => "sxpr",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of guest, as far as its NICs are concerned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Guest {
    /// `<interface>` input: HVM; `<domain>` input: read from `<os><type>`.
    #[default]
    Auto,
    /// Fully virtualised: NICs may be emulated.
    Hvm,
    /// Paravirtualised: only the PV NIC exists.
    Pv,
    /// PVH: treated as PV in every dialect.
    Pvh,
}

/// A Xen release, `major.minor.micro`, ordered as versions are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct XenVersion {
    /// Major number.
    pub major: u32,
    /// Minor number.
    pub minor: u32,
    /// Micro number.
    pub micro: u32,
}

impl XenVersion {
    /// `major.minor.micro`.
    pub const fn new(major: u32, minor: u32, micro: u32) -> XenVersion {
        XenVersion {
            major,
            minor,
            micro,
        }
    }

    /// A version newer than any release: xl's default, "no limits".
    pub const NEWEST: XenVersion = XenVersion::new(u32::MAX, u32::MAX, u32::MAX);
    /// The last xend release line: xm's and sxpr's default.
    pub const XEND_LAST: XenVersion = XenVersion::new(4, 4, 0);
    /// From here on xend no longer appends `type=ioemu` by default.
    pub const NO_DEFAULT_IOEMU: XenVersion = XenVersion::new(3, 1, 0);
    /// The first release with xl.
    pub const XL_FIRST: XenVersion = XenVersion::new(4, 1, 0);
    /// xl learned `type=vif`.
    pub const XL_TYPE_VIF: XenVersion = XenVersion::new(4, 2, 0);
    /// xl learned `mtu=`.
    pub const XL_MTU: XenVersion = XenVersion::new(4, 15, 0);
    /// The oldest xend vifxml writes for.
    pub const XEND_FIRST: XenVersion = XenVersion::new(3, 0, 2);
    /// xend was removed.
    pub const XEND_REMOVED: XenVersion = XenVersion::new(4, 5, 0);
}

impl fmt::Display for XenVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.micro)
    }
}

/// Finds the bridge behind a libvirt network name.
pub trait NetworkResolver: Send + Sync {
    /// The bridge for `network`, or None if unknown. The answer is validated as a
    /// bridge name before it is used.
    fn resolve(&self, network: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String> + Send + Sync> NetworkResolver for F {
    fn resolve(&self, network: &str) -> Option<String> {
        self(network)
    }
}

/// Everything a conversion can be told. `Options::default()` is: xl, newest
/// behaviour, guest kind automatic, not strict, no warnings, no networks.
#[derive(Clone)]
pub struct Options {
    dialect: Dialect,
    xen_version: Option<XenVersion>,
    guest: Guest,
    strict: bool,
    warnings: bool,
    networks: Vec<(String, IfName<'static>)>,
    resolver: Option<Arc<dyn NetworkResolver>>,
}

impl Default for Options {
    fn default() -> Options {
        Options::new()
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("dialect", &self.dialect)
            .field("xen_version", &self.xen_version)
            .field("guest", &self.guest)
            .field("strict", &self.strict)
            .field("warnings", &self.warnings)
            .field("networks", &self.networks)
            .field("resolver", &self.resolver.is_some())
            .finish()
    }
}

impl Options {
    /// The defaults: xl, the newest behaviour, the guest kind read from the
    /// input, not strict, no networks.
    pub const fn new() -> Options {
        Options {
            dialect: Dialect::Xl,
            xen_version: None,
            guest: Guest::Auto,
            strict: false,
            warnings: false,
            networks: Vec::new(),
            resolver: None,
        }
    }

    /// Chooses the dialect.
    pub fn dialect(mut self, dialect: Dialect) -> Options {
        self.set_dialect(dialect);
        self
    }

    /// Chooses the Xen version to write for; whether it suits the dialect is
    /// checked by each conversion (INVALID_OPTION).
    pub fn xen_version(mut self, version: XenVersion) -> Options {
        self.set_xen_version(version);
        self
    }

    /// Chooses the guest kind.
    pub fn guest(mut self, guest: Guest) -> Options {
        self.set_guest(guest);
        self
    }

    /// Turns strict mode on or off.
    pub fn strict(mut self, strict: bool) -> Options {
        self.set_strict(strict);
        self
    }

    /// Collects warnings (off by default): a failed conversion's [`Error`] then
    /// also lists what was left out. The `*_with_warnings` conversions collect
    /// them whatever this says, and also return those of a successful conversion.
    pub fn warnings(mut self, collect: bool) -> Options {
        self.set_warnings(collect);
        self
    }

    /// As [`Options::warnings`], in place.
    pub fn set_warnings(&mut self, collect: bool) {
        self.warnings = collect;
    }

    /// As [`Options::dialect`], in place.
    pub fn set_dialect(&mut self, dialect: Dialect) {
        self.dialect = dialect;
    }

    /// As [`Options::xen_version`], in place.
    pub fn set_xen_version(&mut self, version: XenVersion) {
        self.xen_version = Some(version);
    }

    /// As [`Options::guest`], in place.
    pub fn set_guest(&mut self, guest: Guest) {
        self.guest = guest;
    }

    /// As [`Options::strict`], in place.
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    /// Maps a libvirt network to a bridge; a name added again replaces the
    /// earlier bridge. The bridge is validated here (UNSAFE_VALUE).
    pub fn network(mut self, network: &str, bridge: &str) -> Result<Options, Error> {
        self.add_network(network, bridge)?;
        Ok(self)
    }

    /// As [`Options::network`], in place.
    pub fn add_network(&mut self, network: &str, bridge: &str) -> Result<(), Error> {
        if network.is_empty() {
            return Err(Error::invalid_option("a network name must not be empty"));
        }
        let bridge = IfName::parse("bridge", bridge.to_string())?;
        match self.networks.iter_mut().find(|(name, _)| name == network) {
            Some(entry) => entry.1 = bridge,
            None => self.networks.push((network.to_string(), bridge)),
        }
        Ok(())
    }

    /// Sets the resolver asked for networks the table does not know.
    pub fn resolver(mut self, resolver: impl NetworkResolver + 'static) -> Options {
        self.set_resolver(Some(Arc::new(resolver)));
        self
    }

    /// As [`Options::resolver`], in place; None removes it.
    pub fn set_resolver(&mut self, resolver: Option<Arc<dyn NetworkResolver>>) {
        self.resolver = resolver;
    }

    /// The chosen dialect.
    pub fn get_dialect(&self) -> Dialect {
        self.dialect
    }

    /// The chosen Xen version, if any.
    pub fn get_xen_version(&self) -> Option<XenVersion> {
        self.xen_version
    }

    /// The chosen guest kind.
    pub fn get_guest(&self) -> Guest {
        self.guest
    }

    /// Whether strict mode is on.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Whether warnings are collected.
    pub fn collects_warnings(&self) -> bool {
        self.warnings
    }

    /// The bridge for a network: the table first, then the resolver.
    pub(crate) fn resolve_network(&self, network: &str) -> Result<Option<IfName<'static>>, Error> {
        if let Some((_, bridge)) = self.networks.iter().find(|(name, _)| name == network) {
            return Ok(Some(bridge.clone()));
        }
        match self.resolver.as_ref().and_then(|r| r.resolve(network)) {
            Some(bridge) => IfName::parse("bridge", bridge).map(Some),
            None => Ok(None),
        }
    }

    /// The Xen version the conversion writes for, checked against the dialect.
    pub(crate) fn target_version(&self) -> Result<XenVersion, Error> {
        let (default, range) = match self.dialect {
            Dialect::Xl => (XenVersion::NEWEST, XenVersion::XL_FIRST..XenVersion::NEWEST),
            Dialect::Xm | Dialect::Sxpr => (
                XenVersion::XEND_LAST,
                XenVersion::XEND_FIRST..XenVersion::XEND_REMOVED,
            ),
        };
        let Some(version) = self.xen_version else {
            return Ok(default);
        };
        if version < range.start || (self.dialect != Dialect::Xl && version >= range.end) {
            let needs = match self.dialect {
                Dialect::Xl => "xl needs Xen 4.1.0 or newer".to_string(),
                d => {
                    format!("{d} (xend) needs Xen 3.0.2 up to 4.4.x: xend was removed in Xen 4.5.0")
                }
            };
            return Err(Error::invalid_option(format!(
                "Xen {version} cannot be used with dialect {}: {needs}",
                self.dialect
            )));
        }
        Ok(version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    #[test]
    fn version_ranges_per_dialect() {
        let o = |d, v| Options::new().dialect(d).xen_version(v).target_version();
        assert_eq!(Options::new().target_version().unwrap(), XenVersion::NEWEST);
        assert_eq!(
            Options::new()
                .dialect(Dialect::Xm)
                .target_version()
                .unwrap(),
            XenVersion::new(4, 4, 0)
        );
        assert!(o(Dialect::Xl, XenVersion::new(4, 1, 0)).is_ok());
        assert_eq!(
            o(Dialect::Xl, XenVersion::new(4, 0, 9))
                .unwrap_err()
                .status(),
            Status::InvalidOption
        );
        assert!(o(Dialect::Xl, XenVersion::new(99, 0, 0)).is_ok());
        assert!(o(Dialect::Xm, XenVersion::new(3, 0, 2)).is_ok());
        assert!(o(Dialect::Sxpr, XenVersion::new(4, 4, 9)).is_ok());
        assert_eq!(
            o(Dialect::Sxpr, XenVersion::new(4, 5, 0))
                .unwrap_err()
                .status(),
            Status::InvalidOption
        );
        assert_eq!(
            o(Dialect::Xm, XenVersion::new(3, 0, 1))
                .unwrap_err()
                .status(),
            Status::InvalidOption
        );
    }

    #[test]
    fn networks_table_then_resolver() {
        let mut o = Options::new().resolver(|n: &str| (n == "lan").then(|| "br-lan".to_string()));
        o.add_network("default", "virbr0").unwrap();
        o.add_network("default", "virbr1").unwrap();
        assert_eq!(
            o.resolve_network("default").unwrap().unwrap().as_str(),
            "virbr1"
        );
        assert_eq!(
            o.resolve_network("lan").unwrap().unwrap().as_str(),
            "br-lan"
        );
        assert_eq!(o.resolve_network("wan").unwrap(), None);
        assert_eq!(
            o.add_network("x", "bad bridge").unwrap_err().status(),
            Status::UnsafeValue
        );
        assert_eq!(
            o.add_network("", "br0").unwrap_err().status(),
            Status::InvalidOption
        );
        let evil = Options::new().resolver(|_: &str| Some("br0,script=x".to_string()));
        assert_eq!(
            evil.resolve_network("n").unwrap_err().status(),
            Status::UnsafeValue
        );
    }
}
