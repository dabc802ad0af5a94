//! `<domain>` (or a `<devices>` document) → its guest kind and its
//! `devices/interface` elements, in document order, one at a time. Nothing else in
//! the domain is looked at.

use super::interface::read_interface;
use super::tokens::{Token, Tokens};
use super::ReadContext;
use crate::error::{Error, Status};
use crate::model::{Connection, Interface};
use crate::read::words::same;
use crate::rules::GuestKind;
use crate::value::{cut, shown};

/// What the domain walk yields.
#[derive(Debug)]
pub(crate) enum DomainItem {
    /// From `<os><type>` (HVM for a `<devices>` document), or why it tells nothing.
    Guest(Result<GuestKind, Error>),
    /// A `devices/interface` that can be converted (the others were reported),
    /// read into the caller's interface: built in place, not moved out.
    Interface,
}

pub(crate) struct DomainReader<'a> {
    tokens: Tokens<'a>,
    /// Whether the root is `<devices>` rather than `<domain>`.
    devices_root: bool,
    in_devices: bool,
    guest_seen: bool,
    root_offset: usize,
}

impl<'a> DomainReader<'a> {
    /// Starts reading; the root must be `<domain>` or `<devices>` (the document
    /// the reverse conversion of a config file writes).
    pub(crate) fn new(input: &'a str) -> Result<DomainReader<'a>, Error> {
        let mut tokens = Tokens::new(input);
        let empty = match tokens.next()? {
            Token::Open => false,
            Token::Empty => true,
            other => unreachable!("a document starts with its root element, got {other:?}"),
        };
        let tag = *tokens.tag();
        let devices_root = match tag.name {
            "domain" => false,
            "devices" => true,
            other => {
                let wrong = Error::invalid(format!(
                    "the root element is <{}>; this function takes a <domain> or <devices> (use the interface functions for an <interface>)",
                    cut(other)
                ))
                .at(tag.offset);
                // A document that is not well-formed is refused as that first.
                return Err(tokens.syntax_error_in_rest().unwrap_or(wrong));
            }
        };
        Ok(DomainReader {
            tokens,
            devices_root,
            in_devices: devices_root && !empty,
            guest_seen: false,
            root_offset: tag.offset,
        })
    }

    /// Where the root element starts.
    pub(crate) fn root_offset(&self) -> usize {
        self.root_offset
    }

    /// After an error that stopped reading and is not about syntax, the first
    /// syntax error in the rest of the document, which the caller reports instead.
    pub(crate) fn syntax_error_in_rest(&mut self) -> Option<Error> {
        self.tokens.syntax_error_in_rest()
    }

    /// The next item, or None at the end of the document; an interface is
    /// read into `iface` (whatever it held is replaced). Problems with an
    /// interface go to the report; an error returned stops reading.
    /// (Always inlined into its one caller's loop: a call per interface,
    /// with a large frame to set up, cost more than it saved.)
    #[inline(always)]
    pub(crate) fn next_item(
        &mut self,
        cx: &mut ReadContext<'_>,
        iface: &mut Interface<'a>,
    ) -> Result<Option<DomainItem>, Error> {
        if self.devices_root && !self.guest_seen {
            // A <devices> document says nothing of its guest: HVM, as for an <interface>.
            self.guest_seen = true;
            return Ok(Some(DomainItem::Guest(Ok(GuestKind::Hvm))));
        }
        let interface_depth = if self.devices_root { 1 } else { 2 };
        loop {
            let depth = self.tokens.depth();
            let empty = match self.tokens.next_not_text()? {
                Token::Eof => return Ok(None),
                Token::Close => {
                    if depth == 2 && !self.devices_root {
                        self.in_devices = false;
                    }
                    continue;
                }
                Token::Text => continue,
                Token::Open => false,
                Token::Empty => true,
            };
            let tag = self.tokens.tag();
            match (depth, tag.name) {
                (1, "devices") if !self.devices_root => self.in_devices = !empty,
                (1, "os") if !self.devices_root && !empty && !self.guest_seen => {
                    if let Some(guest) = self.read_os()? {
                        self.guest_seen = true;
                        return Ok(Some(DomainItem::Guest(guest)));
                    }
                }
                // (The name compared in line: `==` would call `memcmp`.)
                (d, name)
                    if self.in_devices
                        && d == interface_depth
                        && same(name.as_bytes(), b"interface") =>
                {
                    let type_attr = tag.attr("type");
                    if type_attr.as_ref().is_some_and(|t| t.value == "hostdev") {
                        let offset = tag.offset;
                        skip_hostdev(offset, cx);
                        if !empty {
                            self.tokens.skip()?;
                        }
                    } else {
                        renew(iface);
                        if read_interface(&mut self.tokens, empty, type_attr, cx, iface)? {
                            return Ok(Some(DomainItem::Interface));
                        }
                    }
                }
                _ if !empty => {
                    self.tokens.skip()?;
                }
                _ => {}
            }
        }
    }

    /// Reads `<os>` up to its end; the guest kind from its `<type>`, if it has one.
    fn read_os(&mut self) -> Result<Option<Result<GuestKind, Error>>, Error> {
        let mut guest = None;
        loop {
            let token = self.tokens.next_not_text()?;
            let tag = *self.tokens.tag();
            let is_type = tag.name == "type" && guest.is_none();
            match token {
                Token::Open if is_type => guest = Some(self.read_os_type()?),
                Token::Empty if is_type => {
                    guest = Some(Err(Error::invalid(
                        "<os><type/> is empty; it must say hvm, xen, linux or xenpvh",
                    )
                    .at(tag.offset)))
                }
                Token::Open => {
                    self.tokens.skip()?;
                }
                Token::Close => return Ok(guest),
                Token::Eof => unreachable!("Eof inside an open element is an error"),
                Token::Empty | Token::Text => {}
            }
        }
    }

    /// Reads the `<type>` just opened, up to its end.
    fn read_os_type(&mut self) -> Result<Result<GuestKind, Error>, Error> {
        let tag = self.tokens.tag();
        let offset = tag.offset;
        let pvh_machine = tag
            .attrs()
            .any(|a| a.name == "machine" && a.value == "xenpvh");
        let mut text = String::new();
        loop {
            match self.tokens.next()? {
                Token::Text => text.push_str(self.tokens.text()),
                Token::Close => break,
                Token::Open => {
                    self.tokens.skip()?;
                }
                Token::Empty => {}
                Token::Eof => unreachable!("Eof inside an open element is an error"),
            }
        }
        Ok(match text.trim() {
            _ if pvh_machine => Ok(GuestKind::Pv),
            "hvm" => Ok(GuestKind::Hvm),
            "xen" | "linux" | "xenpvh" => Ok(GuestKind::Pv),
            other => Err(Error::invalid(format!(
                "<os><type>{}</type> is not a Xen guest type (hvm, xen, linux, xenpvh); set the guest kind in the options",
                shown(other)
            ))
            .at(offset)),
        })
    }
}

/// Makes `iface` a new interface again, keeping the room its addresses had:
/// the next interface's `<ip>` is then stored without allocating. (Always
/// inlined: it runs once per interface, and was left a call.)
#[inline(always)]
fn renew(iface: &mut Interface<'_>) {
    // Field by field, in line: the fields that own nothing are only
    // written, where dropping the whole interface is a call that looks at
    // each. (The destructure names every field: one added is not forgotten.)
    let Interface {
        connection,
        mac,
        ips,
        script,
        target,
        model,
        outbound_average,
        backend,
        mtu,
        vlan,
        openvswitch,
        places,
    } = iface;
    *connection = Connection::Ethernet;
    *mac = None;
    ips.clear();
    *script = None;
    *target = None;
    *model = None;
    *outbound_average = None;
    *backend = None;
    *mtu = None;
    *vlan = None;
    *openvswitch = false;
    *places = Default::default();
}

/// An SR-IOV NIC (`<interface type='hostdev'>`) is a PCI device Xen passes
/// through, not a vif: the domain's vifs are the other interfaces.
fn skip_hostdev(offset: usize, cx: &mut ReadContext<'_>) {
    cx.report.dropped(Status::Unsupported, offset, |strict| {
        let what = "<interface type='hostdev'> is a PCI device, which Xen attaches by PCI passthrough (pci = [ … ]), not as a vif";
        if strict {
            format!("{what} (strict mode): move it to the PCI devices, or turn strict mode off")
        } else {
            format!("{what}: skipped")
        }
    });
}
