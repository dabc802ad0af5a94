//! `<interface>` → [`Interface`]: every child element libvirt defines for it is
//! either translated, refused, or ignored (an error in strict mode).

use super::tag::{Attr, Tag};
use super::tokens::{Token, Tokens};
use super::ReadContext;
use crate::error::{Error, Status};
use crate::model::{Connection, Interface, Model, Vlan};
use crate::value::{
    cut, parse_ip, shown, DomainName, IfName, KbPerSec, MacAddr, ModelName, Mtu, NetworkName,
    Script, VlanTag,
};

/// Connection types libvirt knows but Xen's toolstacks cannot use.
const FOREIGN_TYPES: &[&str] = &[
    "user",
    "direct",
    "hostdev",
    "vhostuser",
    "vdpa",
    "mcast",
    "udp",
    "server",
    "client",
    "null",
    "vds",
    "internal",
];

/// Elements with no vif equivalent: ignored, or an error in strict mode.
const UNTRANSLATABLE: &[&str] = &[
    "driver",
    "link",
    "filterref",
    "tune",
    "coalesce",
    "rom",
    "boot",
    "guest",
    "route",
    "teaming",
    "port",
    "portOptions",
    "backend",
];

/// Elements that never matter to a vif, strict or not.
const IRRELEVANT: &[&str] = &["alias", "address", "acpi", "metadata"];

/// Reads a document whose root is `<interface>`.
pub(crate) fn read_interface_document<'a>(
    input: &'a str,
    cx: &ReadContext,
) -> Result<Interface<'a>, Error> {
    let mut tokens = Tokens::new(input);
    read_root(&mut tokens, cx).map_err(|e| match e.status() {
        Status::XmlSyntax => e,
        _ => tokens.syntax_error_in_rest().unwrap_or(e),
    })
}

fn read_root<'a>(tokens: &mut Tokens<'a>, cx: &ReadContext) -> Result<Interface<'a>, Error> {
    let empty = match tokens.next()? {
        Token::Open => false,
        Token::Empty => true,
        other => unreachable!("a document starts with its root element, got {other:?}"),
    };
    let tag = tokens.tag();
    if tag.name != "interface" {
        return Err(Error::Invalid {
            message: format!(
                "the root element is <{}>; this function takes an <interface> (use the domain functions for a <domain>)",
                cut(tag.name)
            ),
            offset: Some(tag.offset),
        });
    }
    let iface = read_interface(tokens, empty, cx)?;
    match tokens.next()? {
        Token::Eof => Ok(iface),
        other => unreachable!("nothing follows the root element, got {other:?}"),
    }
}

/// The interface as its children are read: built in place, with the source
/// kept apart until the connection type can check it.
struct Parts<'a> {
    iface: Interface<'a>,
    source: Option<Connection<'a>>,
    /// Bit `child as u16`: that child element was met.
    seen: u16,
}

/// The children of `<interface>` vifxml looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Child {
    Mac,
    Source,
    Model,
    Target,
    Script,
    BackendDomain,
    Mtu,
    Bandwidth,
    Virtualport,
    Vlan,
    Ip,
    /// Never matters to a vif ([`IRRELEVANT`]).
    Irrelevant,
    /// Untranslatable: ignored, or an error in strict mode.
    Other,
}

impl Child {
    fn of(name: &str) -> Child {
        match name {
            "mac" => Child::Mac,
            "source" => Child::Source,
            "model" => Child::Model,
            "target" => Child::Target,
            "script" => Child::Script,
            "backenddomain" => Child::BackendDomain,
            "mtu" => Child::Mtu,
            "bandwidth" => Child::Bandwidth,
            "virtualport" => Child::Virtualport,
            "vlan" => Child::Vlan,
            "ip" => Child::Ip,
            name if IRRELEVANT.contains(&name) => Child::Irrelevant,
            _ => Child::Other,
        }
    }

    /// Whether an interface may have only one.
    fn single(self) -> bool {
        !matches!(self, Child::Ip | Child::Irrelevant | Child::Other)
    }
}

impl Parts<'_> {
    /// Refuses a second singleton child.
    fn first(&mut self, child: Child, tag: &Tag<'_>) -> Result<(), Error> {
        if !child.single() {
            return Ok(());
        }
        let bit = 1 << child as u16;
        if self.seen & bit != 0 {
            return Err(Error::Invalid {
                message: format!(
                    "<interface> has a second <{}>; it may have only one",
                    cut(tag.name)
                ),
                offset: Some(tag.offset),
            });
        }
        self.seen |= bit;
        Ok(())
    }
}

/// The interface's `type`, which decides how `<source>` is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bridge,
    Network,
    Ethernet,
}

/// Reads an `<interface>` whose start tag has just been read.
pub(crate) fn read_interface<'a>(
    tokens: &mut Tokens<'a>,
    empty: bool,
    cx: &ReadContext,
) -> Result<Interface<'a>, Error> {
    let tag = tokens.tag();
    let offset = tag.offset;
    let mut kind = None;
    if cx.strict {
        // Every attribute, in document order: the first one wrong is reported.
        for attr in tag.attrs() {
            match attr.name {
                "type" => kind = Some(interface_kind(&attr, cx)?),
                _ => untranslatable_attr(tag, &attr, cx)?,
            }
        }
    } else if let Some(attr) = tag.attr("type") {
        kind = Some(interface_kind(&attr, cx)?);
    }
    let kind = kind.ok_or_else(|| Error::Invalid {
        message: "<interface> has no type attribute; say how the NIC is connected: type='bridge', 'network' or 'ethernet'".into(),
        offset: Some(offset),
    })?;
    let mut parts = Parts {
        iface: Interface::new(Connection::Ethernet),
        source: None,
        seen: 0,
    };
    parts.iface.offset = Some(offset);
    if !empty {
        each_child(tokens, |tokens, child_empty| {
            read_child(tokens, &mut parts, child_empty, kind, cx)
        })?;
    }
    let missing = |what: &str| Error::Invalid {
        message: format!("<interface type='{what}'> needs <source {what}='…'/>"),
        offset: Some(offset),
    };
    parts.iface.connection = match kind {
        Kind::Ethernet => Connection::Ethernet,
        Kind::Bridge => parts.source.take().ok_or_else(|| missing("bridge"))?,
        Kind::Network => parts.source.take().ok_or_else(|| missing("network"))?,
    };
    Ok(parts.iface)
}

fn interface_kind(attr: &Attr<'_>, cx: &ReadContext) -> Result<Kind, Error> {
    let at = Some(attr.offset);
    match &*attr.value {
        "bridge" => Ok(Kind::Bridge),
        "network" => Ok(Kind::Network),
        "ethernet" => Ok(Kind::Ethernet),
        "none" => Err(Error::Unsupported {
            message: "<interface type='none'> is not a thing: type says how the NIC is connected to the host (bridge, network, ethernet). \
                      For a guest that should see only its PV NIC, keep the connection type and add <model type='netfront'/>"
                .into(),
            offset: at,
        }),
        foreign if FOREIGN_TYPES.contains(&foreign) => Err(Error::Unsupported {
            message: format!(
                "<interface type='{foreign}'> cannot be expressed in the {} dialect: Xen vifs connect through a bridge (type='bridge' or 'network') or a script (type='ethernet')",
                cx.dialect
            ),
            offset: at,
        }),
        other => Err(Error::Invalid {
            message: format!("<interface type={}> is not an interface type libvirt knows (types are lower-case: bridge, network, ethernet, …)", shown(other)),
            offset: at,
        }),
    }
}

fn untranslatable_attr(tag: &Tag<'_>, attr: &Attr<'_>, cx: &ReadContext) -> Result<(), Error> {
    if cx.strict && !attr.name.starts_with("xmlns") {
        return Err(Error::Unsupported {
            message: format!("<{} {}> cannot be translated to a Xen vif (strict mode): remove it or turn strict mode off", cut(tag.name), cut(attr.name)),
            offset: Some(attr.offset),
        });
    }
    Ok(())
}

/// Ignores an element (and its content), or refuses it in strict mode.
fn untranslatable_element<'a>(
    tokens: &mut Tokens<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &ReadContext,
) -> Result<(), Error> {
    if cx.strict {
        let why = if UNTRANSLATABLE.contains(&tag.name) {
            "has no Xen vif equivalent"
        } else {
            "is not an element vifxml can translate"
        };
        return Err(Error::Unsupported {
            message: format!(
                "<{}> {why} (strict mode): remove it or turn strict mode off",
                cut(tag.name)
            ),
            offset: Some(tag.offset),
        });
    }
    if !empty {
        tokens.skip()?;
    }
    Ok(())
}

/// Reads to the end of an element that vifxml reads only attributes of; children
/// are untranslatable.
fn no_children<'a>(
    tokens: &mut Tokens<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &ReadContext,
) -> Result<(), Error> {
    if empty {
        return Ok(());
    }
    match tokens.skip()? {
        Some((offset, name)) if cx.strict => Err(Error::Unsupported {
            message: format!(
                "<{}> inside <{}> cannot be translated to a Xen vif (strict mode)",
                cut(name),
                cut(tag.name)
            ),
            offset: Some(offset),
        }),
        _ => Ok(()),
    }
}

/// The one attribute an element is read for; others are untranslatable.
#[inline]
fn required<'a>(tag: &Tag<'a>, wanted: &str, cx: &ReadContext) -> Result<Attr<'a>, Error> {
    if cx.strict {
        only(tag, wanted, cx)?;
    }
    match tag.attr(wanted) {
        Some(attr) => Ok(attr),
        None => Err(missing_attr(tag, wanted)),
    }
}

/// Strict mode: refuses every attribute of `tag` but `wanted`.
#[inline(never)]
fn only(tag: &Tag<'_>, wanted: &str, cx: &ReadContext) -> Result<(), Error> {
    for attr in tag.attrs() {
        if attr.name != wanted {
            untranslatable_attr(tag, &attr, cx)?;
        }
    }
    Ok(())
}

#[cold]
fn missing_attr(tag: &Tag<'_>, wanted: &str) -> Error {
    Error::Invalid {
        message: format!("<{}> needs a {wanted} attribute", cut(tag.name)),
        offset: Some(tag.offset),
    }
}

fn read_child<'a>(
    tokens: &mut Tokens<'a>,
    parts: &mut Parts<'a>,
    empty: bool,
    kind: Kind,
    cx: &ReadContext,
) -> Result<(), Error> {
    // A copy: the children after it replace the tag kept in `tokens`.
    let tag = *tokens.tag();
    let child = Child::of(tag.name);
    parts.first(child, &tag)?;
    let place = |at: usize| move |e: Error| e.at(at);
    let iface = &mut parts.iface;
    match child {
        Child::Mac => {
            let a = required(&tag, "address", cx)?;
            iface.mac = Some(MacAddr::parse(&a.value, &[':']).map_err(place(a.offset))?);
        }
        Child::Source => read_source(parts, &tag, kind, cx)?,
        Child::Model => {
            let a = required(&tag, "type", cx)?;
            iface.model = Some(Model::from_name(
                ModelName::parse(a.value).map_err(place(a.offset))?,
            ));
        }
        Child::Target => {
            let a = required(&tag, "dev", cx)?;
            iface.target = Some(IfName::parse("vifname", a.value).map_err(place(a.offset))?);
        }
        Child::Script => {
            let a = required(&tag, "path", cx)?;
            iface.script = Some(Script::parse(a.value).map_err(place(a.offset))?);
        }
        Child::BackendDomain => {
            let a = required(&tag, "name", cx)?;
            iface.backend = Some(DomainName::parse(a.value).map_err(place(a.offset))?);
        }
        Child::Mtu => {
            let a = required(&tag, "size", cx)?;
            iface.mtu = Some(Mtu::parse(&a.value).map_err(place(a.offset))?);
        }
        Child::Ip => {
            let mut address = None;
            for attr in tag.attrs() {
                match attr.name {
                    "address" => address = Some(attr),
                    // Xen has no prefix; the family follows from the address.
                    "prefix" | "family" => {}
                    _ => untranslatable_attr(&tag, &attr, cx)?,
                }
            }
            let a = address.ok_or_else(|| Error::Invalid {
                message: "<ip> needs an address attribute".into(),
                offset: Some(tag.offset),
            })?;
            iface.ips.push(parse_ip(&a.value).map_err(place(a.offset))?);
        }
        Child::Bandwidth => return read_bandwidth(tokens, iface, &tag, empty, cx),
        Child::Virtualport => return read_virtualport(tokens, iface, &tag, empty, cx),
        Child::Vlan => return read_vlan(tokens, iface, &tag, empty, cx),
        Child::Irrelevant => {
            if !empty {
                tokens.skip()?;
            }
            return Ok(());
        }
        Child::Other => return untranslatable_element(tokens, &tag, empty, cx),
    }
    no_children(tokens, &tag, empty, cx)
}

fn read_source<'a>(
    parts: &mut Parts<'a>,
    tag: &Tag<'a>,
    kind: Kind,
    cx: &ReadContext,
) -> Result<(), Error> {
    if kind == Kind::Bridge && !cx.strict {
        // The one attribute that matters (the others would only be ignored).
        if let Some(attr) = tag.attr("bridge") {
            let bridge = IfName::parse("bridge", attr.value).map_err(|e| e.at(attr.offset))?;
            parts.source = Some(Connection::Bridge(bridge));
        }
        return Ok(());
    }
    for attr in tag.attrs() {
        let at = attr.offset;
        match (kind, attr.name) {
            (Kind::Bridge, "bridge") => {
                parts.source = Some(Connection::Bridge(IfName::parse("bridge", attr.value).map_err(|e| e.at(at))?));
            }
            (Kind::Network, "network") => {
                parts.source = Some(Connection::Network(NetworkName::parse(attr.value).map_err(|e| e.at(at))?));
            }
            (Kind::Network, "portgroup") => {
                return Err(Error::Unsupported {
                    message: "<source portgroup> cannot be expressed in a Xen vif, and dropping it could change the guest's network: remove it".into(),
                    offset: Some(at),
                })
            }
            _ => untranslatable_attr(tag, &attr, cx)?,
        }
    }
    Ok(())
}

fn read_bandwidth<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &ReadContext,
) -> Result<(), Error> {
    for attr in tag.attrs() {
        untranslatable_attr(tag, &attr, cx)?;
    }
    if empty {
        return Ok(());
    }
    let mut outbound_seen = false;
    each_child(tokens, |tokens, child_empty| {
        let child = *tokens.tag();
        if child.name != "outbound" {
            return untranslatable_element(tokens, &child, child_empty, cx);
        }
        if std::mem::replace(&mut outbound_seen, true) {
            return Err(Error::Invalid {
                message: "<bandwidth> has a second <outbound>".into(),
                offset: Some(child.offset),
            });
        }
        for attr in child.attrs() {
            match attr.name {
                "average" => {
                    iface.outbound_average =
                        Some(KbPerSec::parse(&attr.value).map_err(|e| e.at(attr.offset))?)
                }
                _ => untranslatable_attr(&child, &attr, cx)?,
            }
        }
        no_children(tokens, &child, child_empty, cx)
    })
}

fn read_virtualport<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &ReadContext,
) -> Result<(), Error> {
    let kind = tag.attrs().find(|a| a.name == "type");
    match kind.as_ref().map(|a| &*a.value) {
        Some("openvswitch") => iface.openvswitch = true,
        other => {
            return Err(Error::Unsupported {
                message: format!(
                    "<virtualport type={}> cannot be expressed in a Xen vif; only type='openvswitch' (vif-openvswitch) can",
                    other.map(shown).unwrap_or_else(|| "(none)".into())
                ),
                offset: Some(kind.map(|a| a.offset).unwrap_or(tag.offset)),
            })
        }
    }
    for attr in tag.attrs().filter(|a| a.name != "type") {
        untranslatable_attr(tag, &attr, cx)?;
    }
    no_children(tokens, tag, empty, cx)
}

fn read_vlan<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &ReadContext,
) -> Result<(), Error> {
    let mut trunk = None;
    for attr in tag.attrs() {
        match (attr.name, &*attr.value) {
            ("trunk", "yes") => trunk = Some(true),
            ("trunk", "no") => trunk = Some(false),
            ("trunk", other) => {
                return Err(Error::Invalid {
                    message: format!("<vlan trunk={}> must be 'yes' or 'no'", shown(other)),
                    offset: Some(attr.offset),
                })
            }
            _ => untranslatable_attr(tag, &attr, cx)?,
        }
    }
    let mut tags = Vec::new();
    if !empty {
        each_child(tokens, |tokens, child_empty| {
            let child = *tokens.tag();
            if child.name != "tag" {
                return untranslatable_element(tokens, &child, child_empty, cx);
            }
            let mut id = None;
            for attr in child.attrs() {
                match attr.name {
                    "id" => id = Some(VlanTag::parse(&attr.value).map_err(|e| e.at(attr.offset))?),
                    "nativeMode" => {
                        return Err(Error::Unsupported {
                            message: "<tag nativeMode> cannot be expressed through vif-openvswitch: remove it".into(),
                            offset: Some(attr.offset),
                        })
                    }
                    _ => untranslatable_attr(&child, &attr, cx)?,
                }
            }
            tags.push(id.ok_or_else(|| Error::Invalid {
                message: "<tag> needs an id attribute".into(),
                offset: Some(child.offset),
            })?);
            no_children(tokens, &child, child_empty, cx)
        })?;
    }
    if tags.is_empty() {
        return Err(Error::Invalid {
            message: "<vlan> needs at least one <tag id='…'/>".into(),
            offset: Some(tag.offset),
        });
    }
    if trunk == Some(false) && tags.len() > 1 {
        return Err(Error::Invalid {
            message: "<vlan trunk='no'> has several tags; only a trunk carries more than one"
                .into(),
            offset: Some(tag.offset),
        });
    }
    iface.vlan = Some(Vlan {
        trunk: trunk.unwrap_or(tags.len() > 1),
        tags,
    });
    Ok(())
}

/// Calls `f` for each child element of the element just opened, up to its end,
/// with whether it is empty; its tag is `tokens.tag()`.
fn each_child<'a>(
    tokens: &mut Tokens<'a>,
    mut f: impl FnMut(&mut Tokens<'a>, bool) -> Result<(), Error>,
) -> Result<(), Error> {
    loop {
        match tokens.next_not_text()? {
            Token::Open => f(tokens, false)?,
            Token::Empty => f(tokens, true)?,
            Token::Text => {}
            Token::Close => return Ok(()),
            Token::Eof => unreachable!("Eof inside an open element is an error"),
        }
    }
}
