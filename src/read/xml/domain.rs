//! `<domain>` → its guest kind and its `devices/interface` elements, in document
//! order, one at a time. Nothing else in the domain is looked at.

use super::interface::read_interface;
use super::tokens::{Token, Tokens};
use super::ReadContext;
use crate::error::Error;
use crate::model::Interface;
use crate::rules::GuestKind;
use crate::value::{cut, shown};

/// What the domain walk yields.
// Each item is moved out once and converted at once; boxing the interface would
// cost an allocation per NIC for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum DomainItem<'a> {
    /// From `<os><type>`.
    Guest(GuestKind),
    /// A `devices/interface`.
    Interface(Interface<'a>),
}

pub(crate) struct DomainReader<'a> {
    tokens: Tokens<'a>,
    cx: ReadContext,
    in_devices: bool,
    guest_seen: bool,
}

impl<'a> DomainReader<'a> {
    /// Starts reading; the root must be `<domain>`.
    pub(crate) fn new(input: &'a str, cx: ReadContext) -> Result<DomainReader<'a>, Error> {
        let mut tokens = Tokens::new(input);
        match tokens.next()? {
            Token::Open | Token::Empty => {}
            other => unreachable!("a document starts with its root element, got {other:?}"),
        }
        let tag = tokens.tag();
        if tag.name != "domain" {
            let e = Error::invalid(format!("the root element is <{}>; this function takes a <domain> (use the interface functions for an <interface>)", cut(tag.name))).at(tag.offset);
            // Only in a well-formed document: a syntax error in the rest comes first.
            return Err(tokens.syntax_error_in_rest().unwrap_or(e));
        }
        Ok(DomainReader {
            tokens,
            cx,
            in_devices: false,
            guest_seen: false,
        })
    }

    /// After an error that is not about syntax, the first syntax error in the rest
    /// of the document, which the caller reports instead.
    pub(crate) fn syntax_error_in_rest(&mut self) -> Option<Error> {
        self.tokens.syntax_error_in_rest()
    }

    /// The next item, or None at the end of the document.
    pub(crate) fn next_item(&mut self) -> Result<Option<DomainItem<'a>>, Error> {
        loop {
            let depth = self.tokens.depth();
            let empty = match self.tokens.next_not_text()? {
                Token::Eof => return Ok(None),
                Token::Close => {
                    if depth == 2 {
                        self.in_devices = false;
                    }
                    continue;
                }
                Token::Text => continue,
                Token::Open => false,
                Token::Empty => true,
            };
            match (depth, self.tokens.tag().name) {
                (1, "devices") => self.in_devices = !empty,
                (1, "os") if !empty && !self.guest_seen => {
                    if let Some(guest) = self.read_os()? {
                        self.guest_seen = true;
                        return Ok(Some(DomainItem::Guest(guest)));
                    }
                }
                (2, "interface") if self.in_devices => {
                    return read_interface(&mut self.tokens, empty, &self.cx)
                        .map(|i| Some(DomainItem::Interface(i)));
                }
                _ if !empty => {
                    self.tokens.skip()?;
                }
                _ => {}
            }
        }
    }

    /// Reads `<os>` up to its end; the guest kind from its `<type>`, if it has one.
    fn read_os(&mut self) -> Result<Option<GuestKind>, Error> {
        let mut guest = None;
        loop {
            let token = self.tokens.next_not_text()?;
            let is_type = self.tokens.tag().name == "type" && guest.is_none();
            match token {
                Token::Open if is_type => guest = Some(self.read_os_type()?),
                Token::Empty if is_type => {
                    return Err(Error::Invalid {
                        message: "<os><type/> is empty; it must say hvm, xen, linux or xenpvh"
                            .into(),
                        offset: Some(self.tokens.tag().offset),
                    })
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
    fn read_os_type(&mut self) -> Result<GuestKind, Error> {
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
        match text.trim() {
            _ if pvh_machine => Ok(GuestKind::Pv),
            "hvm" => Ok(GuestKind::Hvm),
            "xen" | "linux" | "xenpvh" => Ok(GuestKind::Pv),
            other => Err(Error::Invalid {
                message: format!("<os><type>{}</type> is not a Xen guest type (hvm, xen, linux, xenpvh); set the guest kind in the options", shown(other)),
                offset: Some(offset),
            }),
        }
    }
}
