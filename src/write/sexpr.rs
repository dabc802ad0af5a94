//! xend's S-expression: `(vif (mac '…')(rate '…')(bridge '…')(script '…')(ip '…')
//! (vifname '…')(model '…')(type T)(backend '…'))`, and its `(device …)` wrapping.

use std::fmt::{self, Write};

use super::text::write_decimal;
use super::vif::{write_bridge, write_ips};
use crate::vif::Vif;

/// Writes `(vif …)` in xend's group order; values single-quoted, `type` bare.
pub(crate) fn write_sexpr<W: Write + ?Sized>(out: &mut W, vif: &Vif<'_>) -> fmt::Result {
    out.write_str("(vif")?;
    let mut groups = Groups { out, first: true };
    if let Some(mac) = vif.mac {
        groups.quoted("mac", |o| o.write_str(mac.text().as_str()))?;
    }
    if let Some(rate) = vif.rate {
        groups.quoted("rate", |o| {
            write_decimal(o, rate.get())?;
            o.write_str("KB/s")
        })?;
    }
    if let Some(bridge) = &vif.bridge {
        groups.quoted("bridge", |o| write_bridge(o, bridge))?;
    }
    if let Some(script) = &vif.script {
        groups.quoted("script", |o| o.write_str(script.as_str()))?;
    }
    if !vif.ips.is_empty() {
        groups.quoted("ip", |o| write_ips(o, vif.ips))?;
    }
    if let Some(name) = &vif.vifname {
        groups.quoted("vifname", |o| o.write_str(name.as_str()))?;
    }
    if let Some(model) = &vif.model {
        groups.quoted("model", |o| o.write_str(model.as_str()))?;
    }
    if let Some(vif_type) = vif.vif_type {
        groups.open("type")?;
        groups.out.write_str(vif_type.keyword())?;
        groups.out.write_char(')')?;
    }
    if let Some(backend) = &vif.backend {
        groups.quoted("backend", |o| o.write_str(backend.as_str()))?;
    }
    // mtu never reaches here: the rules refuse it for xend.
    groups.out.write_char(')')
}

/// Writes `(device (vif …))`, the form xend's domain configuration holds.
pub(crate) fn write_device<W: Write + ?Sized>(out: &mut W, vif: &Vif<'_>) -> fmt::Result {
    out.write_str("(device ")?;
    write_sexpr(out, vif)?;
    out.write_char(')')
}

struct Groups<'o, W: ?Sized> {
    out: &'o mut W,
    first: bool,
}

impl<W: Write + ?Sized> Groups<'_, W> {
    // Always inlined: the key is then a constant, copied without a call.
    #[inline(always)]
    fn open(&mut self, key: &str) -> fmt::Result {
        if std::mem::take(&mut self.first) {
            self.out.write_char(' ')?;
        }
        self.out.write_char('(')?;
        self.out.write_str(key)?;
        self.out.write_char(' ')
    }

    #[inline(always)]
    fn quoted(&mut self, key: &str, value: impl FnOnce(&mut W) -> fmt::Result) -> fmt::Result {
        self.open(key)?;
        self.out.write_char('\'')?;
        value(self.out)?;
        self.out.write_str("')")
    }
}
