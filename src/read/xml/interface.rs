//! `<interface>` → [`Interface`]: every child element libvirt defines for it is
//! translated, refused, or left out (an error in strict mode, a warning when
//! warnings are kept). A problem inside one child is reported and reading goes on
//! with the next child, so that one call finds every problem.

use super::tag::{Attr, Found, Tag};
use super::tokens::{Token, Tokens};
use super::ReadContext;
use crate::error::{Error, Status};
use crate::model::{Connection, Interface, Model, Place, Vlan};
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

/// Elements with no vif equivalent: left out, or an error in strict mode.
const UNTRANSLATABLE: &[&str] = &[
    "driver",
    "tune",
    "coalesce",
    "rom",
    "boot",
    "guest",
    "route",
    "teaming",
    "portOptions",
    "backend",
    // Inside <bandwidth>.
    "inbound",
];

/// Elements that never matter to a vif, strict or not.
const IRRELEVANT: &[&str] = &["alias", "address", "acpi", "metadata"];

/// Reads a document whose root is `<interface>` into `iface` (built in place: the
/// interface is large, and moving it out through the readers would cost more than
/// reading some of it). Problems inside the interface go to the report (false
/// then); an error returned is about the document as a whole.
pub(crate) fn read_interface_document<'a>(
    input: &'a str,
    cx: &mut ReadContext<'_>,
    iface: &mut Interface<'a>,
) -> Result<bool, Error> {
    let mut tokens = Tokens::new(input);
    read_root(&mut tokens, cx, iface).map_err(|e| match e.status() {
        Status::XmlSyntax => e,
        _ => tokens.syntax_error_in_rest().unwrap_or(e),
    })
}

fn read_root<'a>(
    tokens: &mut Tokens<'a>,
    cx: &mut ReadContext<'_>,
    iface: &mut Interface<'a>,
) -> Result<bool, Error> {
    let empty = match tokens.next()? {
        Token::Open => false,
        Token::Empty => true,
        other => unreachable!("a document starts with its root element, got {other:?}"),
    };
    let tag = tokens.tag();
    if tag.name != "interface" {
        return Err(Error::invalid(format!(
            "the root element is <{}>; this function takes an <interface> (use the domain functions for a <domain> or <devices>)",
            cut(tag.name)
        ))
        .at(tag.offset));
    }
    let type_attr = tag.attr("type");
    let convertible = read_interface(tokens, empty, type_attr, cx, iface)?;
    match tokens.next()? {
        Token::Eof => Ok(convertible),
        other => unreachable!("nothing follows the root element, got {other:?}"),
    }
}

/// The interface as its children are read: built in place, with the source
/// kept apart until the connection type can check it.
struct Parts<'i, 'a> {
    iface: &'i mut Interface<'a>,
    source: Option<Connection<'a>>,
    /// Where `<source>` is, if there is one.
    source_tag: Option<usize>,
    /// Whether `<source>` had an error (reported already: no more about it).
    source_failed: bool,
    /// Bit `child as u32`: that child element was met.
    seen: u32,
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
    /// `<link state>`: up is Xen's default; down cannot be carried.
    Link,
    /// A traffic filter, which a vif cannot carry.
    FilterRef,
    /// `<port isolated>`, which a vif cannot carry.
    Port,
    /// Never matters to a vif ([`IRRELEVANT`]).
    Irrelevant,
    /// Untranslatable: left out, or an error in strict mode.
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
            "link" => Child::Link,
            "filterref" => Child::FilterRef,
            "port" => Child::Port,
            name if IRRELEVANT.contains(&name) => Child::Irrelevant,
            _ => Child::Other,
        }
    }

    /// Whether an interface may have only one.
    fn single(self) -> bool {
        matches!(
            self,
            Child::Mac
                | Child::Source
                | Child::Model
                | Child::Target
                | Child::Script
                | Child::BackendDomain
                | Child::Mtu
                | Child::Bandwidth
                | Child::Virtualport
                | Child::Vlan
        )
    }
}

impl Parts<'_, '_> {
    /// Refuses a second singleton child.
    fn first(&mut self, child: Child, tag: &Tag<'_>) -> Result<(), Error> {
        if !child.single() {
            return Ok(());
        }
        let bit = 1 << child as u32;
        if self.seen & bit != 0 {
            return Err(Error::invalid(format!(
                "<interface> has a second <{}>; it may have only one",
                cut(tag.name)
            ))
            .at(tag.offset));
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

/// Reads an `<interface>` whose start tag has just been read, up to its end, into
/// `iface` (a new interface); `type_attr` is the tag's `type` attribute (the
/// caller has looked at it already). Problems inside it go to the report; false
/// when it cannot be converted (its connection is unknown). An error returned
/// means the document cannot be read on.
pub(crate) fn read_interface<'a>(
    tokens: &mut Tokens<'a>,
    empty: bool,
    type_attr: Option<Found<'a>>,
    cx: &mut ReadContext<'_>,
    iface: &mut Interface<'a>,
) -> Result<bool, Error> {
    let tag = tokens.tag();
    let offset = tag.offset;
    let kind = match interface_kind(tag, type_attr, cx) {
        Ok(kind) => kind,
        Err(e) => {
            cx.report.error(e);
            if !empty {
                tokens.skip()?;
            }
            return Ok(false);
        }
    };
    let mut parts = Parts {
        iface,
        source: None,
        source_tag: None,
        source_failed: false,
        seen: 0,
    };
    parts.iface.places.interface = Place::at(offset);
    if !empty {
        // The closure (read_child, inlined into it) always inlined into the
        // loop: a call per child, with its large frame, cost more than it saved.
        each_child(
            tokens,
            cx,
            #[inline(always)]
            |tokens, cx, child_empty| read_child(tokens, &mut parts, child_empty, kind, cx),
        )?;
    }
    let what = match kind {
        Kind::Ethernet => return Ok(true),
        Kind::Bridge => "bridge",
        Kind::Network => "network",
    };
    match parts.source.take() {
        Some(connection) => {
            parts.iface.connection = connection;
            Ok(true)
        }
        None if parts.source_failed => Ok(false),
        None => {
            cx.report.error(
                Error::invalid(format!(
                    "<interface type='{what}'> needs <source {what}='…'/>"
                ))
                .at(parts.source_tag.unwrap_or(offset)),
            );
            Ok(false)
        }
    }
}

/// The `type` of an `<interface>` (`type_attr`, as the caller found it); its
/// other attributes are left out.
fn interface_kind(
    tag: &Tag<'_>,
    type_attr: Option<Found<'_>>,
    cx: &mut ReadContext<'_>,
) -> Result<Kind, Error> {
    let mut kind = None;
    if cx.report.looks_at_everything() {
        for attr in tag.attrs() {
            match attr.name {
                "type" => {
                    let found = Found {
                        value: attr.value,
                        offset: attr.offset,
                    };
                    kind = Some(kind_named(&found, cx)?);
                }
                _ => untranslatable_attr(tag, &attr, cx),
            }
        }
    } else if let Some(attr) = type_attr {
        kind = Some(kind_named(&attr, cx)?);
    }
    kind.ok_or_else(|| Error::invalid(
        "<interface> has no type attribute; say how the NIC is connected: type='bridge', 'network' or 'ethernet'",
    ).at(tag.offset))
}

/// (The usual kinds told in line; any other type is looked at out of line.)
#[inline(always)]
fn kind_named(attr: &Found<'_>, cx: &ReadContext<'_>) -> Result<Kind, Error> {
    match &*attr.value {
        "bridge" => Ok(Kind::Bridge),
        "network" => Ok(Kind::Network),
        "ethernet" => Ok(Kind::Ethernet),
        _ => Err(kind_refused(attr, cx)),
    }
}

/// Why an `<interface>` of type `attr` cannot be converted.
#[cold]
#[inline(never)]
fn kind_refused(attr: &Found<'_>, cx: &ReadContext<'_>) -> Error {
    let error = match &*attr.value {
        "none" => Error::unsupported(
            "<interface type='none'> is not a thing: type says how the NIC is connected to the host (bridge, network, ethernet). \
             For a guest that should see only its PV NIC, keep the connection type and add <model type='netfront'/>",
        ),
        foreign if FOREIGN_TYPES.contains(&foreign) => Error::unsupported(format!(
            "<interface type='{foreign}'> cannot be expressed in the {} dialect: Xen vifs connect through a bridge (type='bridge' or 'network') or a script (type='ethernet')",
            cx.dialect
        )),
        other => Error::invalid(format!(
            "<interface type={}> is not an interface type libvirt knows (types are lower-case: bridge, network, ethernet, …)",
            shown(other)
        )),
    };
    error.at(attr.offset)
}

fn untranslatable_attr(tag: &Tag<'_>, attr: &Attr<'_>, cx: &mut ReadContext<'_>) {
    if attr.name.starts_with("xmlns") {
        return;
    }
    cx.report.ignored(Status::Unsupported, attr.offset, || {
        format!(
            "<{} {}> cannot be translated to a Xen vif",
            cut(tag.name),
            cut(attr.name)
        )
    });
}

/// Leaves out an element (and its content), or refuses it in strict mode.
fn untranslatable_element<'a>(
    tokens: &mut Tokens<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    cx.report.ignored(Status::Unsupported, tag.offset, || {
        let why = if UNTRANSLATABLE.contains(&tag.name) {
            "has no Xen vif equivalent"
        } else {
            "is not an element vifxml can translate"
        };
        format!("<{}> {why}", cut(tag.name))
    });
    if !empty {
        tokens.skip()?;
    }
    Ok(())
}

/// Reads to the end of an element named `name` that vifxml reads only
/// attributes of; child elements are untranslatable. (Always inlined: an
/// empty element, the usual one, has nothing to read.)
#[inline(always)]
fn no_children<'a>(
    tokens: &mut Tokens<'a>,
    name: &str,
    empty: bool,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    if empty {
        return Ok(());
    }
    children_of(tokens, name, cx)
}

/// [`no_children`] for an element that is not empty.
#[inline(never)]
fn children_of(tokens: &mut Tokens<'_>, name: &str, cx: &mut ReadContext<'_>) -> Result<(), Error> {
    if !cx.report.looks_at_everything() {
        tokens.skip()?;
        return Ok(());
    }
    each_child(tokens, cx, |tokens, cx, child_empty| {
        let child = *tokens.tag();
        cx.report.ignored(Status::Unsupported, child.offset, || {
            format!(
                "<{}> inside <{}> cannot be translated to a Xen vif",
                cut(child.name),
                cut(name)
            )
        });
        if !child_empty {
            tokens.skip()?;
        }
        Ok(())
    })
}

/// The one attribute an element is read for; the others are untranslatable.
/// Always inlined, so that the name is a constant in [`Tag::attr`].
#[inline(always)]
fn required<'a>(tag: &Tag<'a>, wanted: &str, cx: &mut ReadContext<'_>) -> Result<Found<'a>, Error> {
    if cx.report.looks_at_everything() {
        others(tag, &[wanted], cx);
    }
    match tag.attr(wanted) {
        Some(attr) => Ok(attr),
        None => Err(missing_attr(tag, wanted)),
    }
}

/// Reports every attribute of `tag` not in `known` as untranslatable.
#[inline(never)]
fn others(tag: &Tag<'_>, known: &[&str], cx: &mut ReadContext<'_>) {
    for attr in tag.attrs() {
        if !known.contains(&attr.name) {
            untranslatable_attr(tag, &attr, cx);
        }
    }
}

#[cold]
fn missing_attr(tag: &Tag<'_>, wanted: &str) -> Error {
    Error::invalid(format!("<{}> needs a {wanted} attribute", cut(tag.name))).at(tag.offset)
}

/// (Always inlined into the one loop that calls it: a call per child, with
/// its large frame, costs more than it saves.)
#[inline(always)]
fn read_child<'a>(
    tokens: &mut Tokens<'a>,
    parts: &mut Parts<'_, 'a>,
    empty: bool,
    kind: Kind,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    let tag = tokens.tag();
    let child = Child::of(tag.name);
    parts.first(child, tag)?;
    let name = tag.name;
    let place = |at: usize| move |e: Error| e.at(at);
    let iface = &mut *parts.iface;
    match child {
        Child::Mac => {
            let a = required(tag, "address", cx)?;
            iface.mac = Some(MacAddr::parse(&a.value, &[':']).map_err(place(a.offset))?);
        }
        Child::Source => {
            parts.source_tag = Some(tag.offset);
            if let Err(e) = read_source(parts, tag, kind, cx) {
                parts.source_failed = true;
                return Err(e);
            }
        }
        Child::Model => {
            let a = required(tag, "type", cx)?;
            iface.model = Some(Model::named(
                ModelName::parse(a.value).map_err(place(a.offset))?,
            ));
            iface.places.model = Place::at(a.offset);
        }
        Child::Target => {
            let a = required(tag, "dev", cx)?;
            iface.target = Some(IfName::parse("vifname", a.value).map_err(place(a.offset))?);
            iface.places.target = Place::at(a.offset);
        }
        Child::Script => {
            let a = required(tag, "path", cx)?;
            iface.script = Some(Script::parse(a.value).map_err(place(a.offset))?);
        }
        Child::BackendDomain => {
            let a = required(tag, "name", cx)?;
            iface.backend = Some(DomainName::parse(a.value).map_err(place(a.offset))?);
        }
        Child::Mtu => {
            let a = required(tag, "size", cx)?;
            iface.mtu = Some(Mtu::parse(&a.value).map_err(place(a.offset))?);
            iface.places.mtu = Place::at(tag.offset);
        }
        Child::Ip => {
            if cx.report.looks_at_everything() {
                // The family follows from the address; the prefix has nowhere to go.
                others(tag, &["address", "prefix", "family"], cx);
                if let Some(prefix) = tag.attr("prefix") {
                    cx.report.dropped(Status::Ok, prefix.offset, |_| {
                        format!(
                            "<ip prefix={}>: a Xen vif's ip= carries addresses only; the prefix length is not passed on",
                            shown(&prefix.value)
                        )
                    });
                }
            }
            let a = tag
                .attr("address")
                .ok_or_else(|| missing_attr(tag, "address"))?;
            iface.ips.push(parse_ip(&a.value).map_err(place(a.offset))?);
            if iface.ips.len() == 2 {
                iface.places.second_ip = Place::at(tag.offset);
            }
        }
        Child::Link => read_link(tag, cx)?,
        Child::FilterRef => {
            return Err(Error::unsupported(
                "<filterref> (a traffic filter) cannot be carried by a Xen vif, and leaving it out would let the guest's traffic through unfiltered: \
                 remove it, or filter on the host (for example in the vif script)",
            )
            .at(tag.offset))
        }
        Child::Port => read_port(tag, cx)?,
        Child::Bandwidth | Child::Virtualport | Child::Vlan | Child::Irrelevant | Child::Other => {
            return read_element_child(tokens, iface, child, empty, cx)
        }
    }
    no_children(tokens, name, empty, cx)
}

/// The children of `<interface>` that have children of their own, or that
/// are left out (out of line: the usual ones are read above).
#[inline(never)]
fn read_element_child<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    child: Child,
    empty: bool,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    // A copy: the children after it replace the tag kept in `tokens`.
    let tag = *tokens.tag();
    match child {
        Child::Bandwidth => read_bandwidth(tokens, iface, &tag, empty, cx),
        Child::Virtualport => read_virtualport(tokens, iface, &tag, empty, cx),
        Child::Vlan => read_vlan(tokens, iface, &tag, empty, cx),
        Child::Irrelevant => {
            if !empty {
                tokens.skip()?;
            }
            Ok(())
        }
        _ => untranslatable_element(tokens, &tag, empty, cx),
    }
}

fn read_source<'a>(
    parts: &mut Parts<'_, 'a>,
    tag: &Tag<'a>,
    kind: Kind,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    if kind == Kind::Bridge && !cx.report.looks_at_everything() {
        // The one attribute that matters (the others would only be left out).
        if let Some(attr) = tag.attr("bridge") {
            let bridge = IfName::parse("bridge", attr.value).map_err(|e| e.at(attr.offset))?;
            parts.source = Some(Connection::Bridge(bridge));
            parts.iface.places.source = Place::at(attr.offset);
        }
        return Ok(());
    }
    let (mut network, mut live_bridge) = (None, None);
    // In document order, so that the first problem is reported first.
    for attr in tag.attrs() {
        let at = attr.offset;
        match (kind, attr.name) {
            (Kind::Bridge, "bridge") => {
                let bridge = IfName::parse("bridge", attr.value).map_err(|e| e.at(at))?;
                parts.source = Some(Connection::Bridge(bridge));
                parts.iface.places.source = Place::at(at);
            }
            (Kind::Network, "network") => {
                network = Some(NetworkName::parse(attr.value).map_err(|e| e.at(at))?);
                parts.iface.places.source = Place::at(at);
            }
            // A running guest's XML names the bridge the network gave it.
            (Kind::Network, "bridge") => {
                live_bridge = Some(IfName::parse("bridge", attr.value).map_err(|e| e.at(at))?);
                parts.iface.places.live_bridge = Place::at(at);
            }
            (Kind::Network, "portgroup") => {
                return Err(Error::unsupported(
                    "<source portgroup> cannot be expressed in a Xen vif, and dropping it could change the guest's network: remove it",
                )
                .at(at))
            }
            // libvirt's handle on a running guest's network port: nothing to carry.
            (Kind::Bridge | Kind::Network, "portid") => {}
            _ => untranslatable_attr(tag, &attr, cx),
        }
    }
    if let Some(network) = network {
        parts.source = Some(Connection::Network {
            network,
            bridge: live_bridge,
        });
    }
    Ok(())
}

fn read_link(tag: &Tag<'_>, cx: &mut ReadContext<'_>) -> Result<(), Error> {
    if cx.report.looks_at_everything() {
        others(tag, &["state"], cx);
    }
    match tag.attr("state") {
        // Up is what Xen does anyway.
        None => Ok(()),
        Some(state) if state.value == "up" => Ok(()),
        Some(state) if state.value == "down" => Err(Error::unsupported(
            "<link state='down'/> cannot be carried by a Xen vif: the guest would come up with its link up. \
             Remove the interface, or bring the link down after start",
        )
        .at(state.offset)),
        Some(state) => Err(Error::invalid(format!(
            "<link state={}> must be 'up' or 'down'",
            shown(&state.value)
        ))
        .at(state.offset)),
    }
}

fn read_port(tag: &Tag<'_>, cx: &mut ReadContext<'_>) -> Result<(), Error> {
    if cx.report.looks_at_everything() {
        others(tag, &["isolated"], cx);
    }
    match tag.attr("isolated") {
        None => Ok(()),
        Some(isolated) if isolated.value == "no" => Ok(()),
        Some(isolated) if isolated.value == "yes" => Err(Error::unsupported(
            "<port isolated='yes'/> cannot be carried by a Xen vif, and leaving it out would let the guest reach the other isolated guests on its bridge: \
             remove it, or isolate the port on the host",
        )
        .at(isolated.offset)),
        Some(isolated) => Err(Error::invalid(format!(
            "<port isolated={}> must be 'yes' or 'no'",
            shown(&isolated.value)
        ))
        .at(isolated.offset)),
    }
}

fn read_bandwidth<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    if cx.report.looks_at_everything() {
        others(tag, &[], cx);
    }
    if empty {
        return Ok(());
    }
    let mut outbound_seen = false;
    each_child(tokens, cx, |tokens, cx, child_empty| {
        let child = *tokens.tag();
        if child.name != "outbound" {
            return untranslatable_element(tokens, &child, child_empty, cx);
        }
        if std::mem::replace(&mut outbound_seen, true) {
            return Err(Error::invalid("<bandwidth> has a second <outbound>").at(child.offset));
        }
        let average = required(&child, "average", cx);
        let average = match average {
            Ok(a) => a,
            // libvirt allows an <outbound> without average (peak or burst alone).
            Err(_) => return no_children(tokens, child.name, child_empty, cx),
        };
        iface.outbound_average =
            Some(KbPerSec::parse(&average.value).map_err(|e| e.at(average.offset))?);
        no_children(tokens, child.name, child_empty, cx)
    })
}

fn read_virtualport<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    let kind = tag.attr("type");
    match kind.as_ref().map(|a| &*a.value) {
        Some("openvswitch") => iface.openvswitch = true,
        other => {
            return Err(Error::unsupported(format!(
                "<virtualport type={}> cannot be expressed in a Xen vif; only type='openvswitch' (vif-openvswitch) can",
                other.map(shown).unwrap_or_else(|| "(none)".into())
            ))
            .at(kind.map_or(tag.offset, |a| a.offset)))
        }
    }
    iface.places.virtualport = Place::at(tag.offset);
    if cx.report.looks_at_everything() {
        others(tag, &["type"], cx);
    }
    no_children(tokens, tag.name, empty, cx)
}

fn read_vlan<'a>(
    tokens: &mut Tokens<'a>,
    iface: &mut Interface<'a>,
    tag: &Tag<'a>,
    empty: bool,
    cx: &mut ReadContext<'_>,
) -> Result<(), Error> {
    let mut trunk = None;
    for attr in tag.attrs() {
        match (attr.name, &*attr.value) {
            ("trunk", "yes") => trunk = Some(true),
            ("trunk", "no") => trunk = Some(false),
            ("trunk", other) => {
                return Err(Error::invalid(format!(
                    "<vlan trunk={}> must be 'yes' or 'no'",
                    shown(other)
                ))
                .at(attr.offset))
            }
            _ => untranslatable_attr(tag, &attr, cx),
        }
    }
    let mut tags = Vec::new();
    let errors_before = cx.report.error_count();
    if !empty {
        each_child(tokens, cx, |tokens, cx, child_empty| {
            let child = *tokens.tag();
            if child.name != "tag" {
                return untranslatable_element(tokens, &child, child_empty, cx);
            }
            let mut id = None;
            for attr in child.attrs() {
                match attr.name {
                    "id" => id = Some(VlanTag::parse(&attr.value).map_err(|e| e.at(attr.offset))?),
                    "nativeMode" => return Err(Error::unsupported(
                        "<tag nativeMode> cannot be expressed through vif-openvswitch: remove it",
                    )
                    .at(attr.offset)),
                    _ => untranslatable_attr(&child, &attr, cx),
                }
            }
            tags.push(id.ok_or_else(|| missing_attr(&child, "id"))?);
            no_children(tokens, child.name, child_empty, cx)
        })?;
    }
    if cx.report.error_count() > errors_before {
        // A tag was refused (and said so): what is left is not the VLAN meant.
        return Ok(());
    }
    if tags.is_empty() {
        return Err(Error::invalid("<vlan> needs at least one <tag id='…'/>").at(tag.offset));
    }
    if trunk == Some(false) && tags.len() > 1 {
        return Err(Error::invalid(
            "<vlan trunk='no'> has several tags; only a trunk carries more than one",
        )
        .at(tag.offset));
    }
    iface.vlan = Some(Vlan {
        trunk: trunk.unwrap_or(tags.len() > 1),
        tags,
    });
    iface.places.vlan = Place::at(tag.offset);
    Ok(())
}

/// Calls `f` for each child element of the element just opened, up to its end,
/// with whether it is empty; its tag is `tokens.tag()`. A problem in one child is
/// reported, the rest of that child skipped, and the next child read; only an
/// error that stops the document stops this.
/// Text where libvirt's format has none (it has no text anywhere in an
/// `<interface>`) means nothing to libvirt either; strict mode lets it be, as
/// 0.1 did, but it is not left out without a word.
/// True when the text was reported.
#[cold]
fn text_left_out(tokens: &Tokens<'_>, cx: &mut ReadContext<'_>) -> bool {
    let text = tokens.text();
    let Some(first) = text.find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n')) else {
        return false;
    };
    cx.report
        .dropped(Status::Ok, tokens.text_offset() + first, |_| {
            format!(
                "text {} has no meaning in libvirt's interface XML: ignored",
                shown(text.trim())
            )
        });
    true
}

/// The next token, text included (out of line: only when everything is looked
/// at, so that [`each_child`] holds one copy of the token reader in line).
#[inline(never)]
fn next_with_text(tokens: &mut Tokens<'_>) -> Result<Token, Error> {
    tokens.next()
}

pub(super) fn each_child<'a>(
    tokens: &mut Tokens<'a>,
    cx: &mut ReadContext<'_>,
    mut f: impl FnMut(&mut Tokens<'a>, &mut ReadContext<'_>, bool) -> Result<(), Error>,
) -> Result<(), Error> {
    let depth = tokens.depth();
    // Text is passed over unread unless everything is looked at; then the
    // first text that is not whitespace is reported, once for the element.
    let mut look_at_text = cx.report.looks_at_everything();
    loop {
        let token = if look_at_text {
            next_with_text(tokens)?
        } else {
            tokens.next_not_text()?
        };
        let empty = match token {
            Token::Open => false,
            Token::Empty => true,
            Token::Text => {
                look_at_text = !text_left_out(tokens, cx);
                continue;
            }
            Token::Close => return Ok(()),
            Token::Eof => unreachable!("Eof inside an open element is an error"),
        };
        if let Err(e) = f(tokens, cx, empty) {
            if tokens.failed() {
                return Err(e);
            }
            cx.report.error(e);
            while tokens.depth() > depth {
                tokens.next_not_text()?;
            }
        }
    }
}
