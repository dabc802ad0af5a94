//! The xm/xl vif string (`mac=…,bridge=…,script=…`) and the config line
//! `vif = [ "…", "…" ]` that holds them.

use std::fmt::{self, Write};
use std::net::IpAddr;

use super::text::{ipv4_text, write_decimal};
use crate::vif::{Vif, VifBridge};

/// Writes `bridge=B`, with an Open vSwitch VLAN as `.T` or `:T1:…:Tn`.
/// (Always inlined into its two callers: one call fewer per vif.)
#[inline(always)]
pub(crate) fn write_bridge<W: Write + ?Sized>(out: &mut W, bridge: &VifBridge<'_>) -> fmt::Result {
    out.write_str(bridge.name.as_str())?;
    if let Some(vlan) = bridge.vlan {
        let separator = if vlan.trunk { ':' } else { '.' };
        for tag in &vlan.tags {
            out.write_char(separator)?;
            write_decimal(out, tag.get().into())?;
        }
    }
    Ok(())
}

/// Writes the IP addresses space-separated, in canonical form.
pub(crate) fn write_ips<W: Write + ?Sized>(out: &mut W, ips: &[IpAddr]) -> fmt::Result {
    for (i, ip) in ips.iter().enumerate() {
        if i > 0 {
            out.write_char(' ')?;
        }
        match ip {
            IpAddr::V4(v4) => out.write_str(&ipv4_text(*v4))?,
            IpAddr::V6(v6) => write!(out, "{v6}")?,
        }
    }
    Ok(())
}

/// Writes one vif string in xm/xl key order: `mac`, the connection keys
/// (bridge: `bridge`, `ip`, `script`; otherwise `script`, `ip`), `model`, `type`,
/// `vifname`, `rate`, `backend`, `mtu`.
pub(crate) fn write_vif<W: Write + ?Sized>(out: &mut W, vif: &Vif<'_>) -> fmt::Result {
    let mut keys = Keys { out, first: true };
    if let Some(mac) = vif.mac {
        keys.key(",mac=")?;
        keys.out.write_str(mac.text().as_str())?;
    }
    let write_ip = |keys: &mut Keys<'_, W>| -> fmt::Result {
        if !vif.ips.is_empty() {
            keys.key(",ip=")?;
            write_ips(keys.out, vif.ips)?;
        }
        Ok(())
    };
    if let Some(bridge) = &vif.bridge {
        keys.key(",bridge=")?;
        write_bridge(keys.out, bridge)?;
        write_ip(&mut keys)?;
        keys.text(",script=", vif.script.as_ref().map(|s| s.as_str()))?;
    } else {
        keys.text(",script=", vif.script.as_ref().map(|s| s.as_str()))?;
        write_ip(&mut keys)?;
    }
    keys.text(",model=", vif.model.as_ref().map(|m| m.as_str()))?;
    keys.text(",type=", vif.vif_type.map(|t| t.keyword()))?;
    keys.text(",vifname=", vif.vifname.as_ref().map(|n| n.as_str()))?;
    if let Some(rate) = vif.rate {
        keys.key(",rate=")?;
        write_decimal(keys.out, rate.get())?;
        keys.out.write_str("KB/s")?;
    }
    keys.text(",backend=", vif.backend.as_ref().map(|d| d.as_str()))?;
    if let Some(mtu) = vif.mtu {
        keys.key(",mtu=")?;
        write_decimal(keys.out, mtu.get().into())?;
    }
    Ok(())
}

struct Keys<'o, W: ?Sized> {
    out: &'o mut W,
    first: bool,
}

impl<W: Write + ?Sized> Keys<'_, W> {
    /// Writes `key`, given with the comma before it and its `=` (`,mac=`):
    /// all of it, or for the first key all but the comma. (Always inlined:
    /// either is then a constant, copied in one write without a call.)
    #[inline(always)]
    fn key(&mut self, key: &'static str) -> fmt::Result {
        match std::mem::take(&mut self.first) {
            true => self.out.write_str(key.get(1..).unwrap_or(key)),
            false => self.out.write_str(key),
        }
    }

    #[inline(always)]
    fn text(&mut self, key: &'static str, value: Option<&str>) -> fmt::Result {
        match value {
            Some(value) => {
                self.key(key)?;
                self.out.write_str(value)
            }
            None => Ok(()),
        }
    }
}

/// Builds `vif = [ "A", "B" ]\n` (or `vif = []\n`) one entry at a time. Entries
/// hold no `"` or `\` (the safety rules keep them out), so the double-quoted form
/// reads back unchanged in libxlutil and in Python.
pub(crate) struct ConfigLine {
    out: String,
    entries: usize,
}

impl ConfigLine {
    pub(crate) fn with_capacity(capacity: usize) -> ConfigLine {
        let mut out = String::with_capacity(capacity);
        out.push_str("vif = [");
        ConfigLine { out, entries: 0 }
    }

    pub(crate) fn push(&mut self, vif: &Vif<'_>) {
        // One write of either constant, each copied in line (one write of
        // either length would call `memcpy`).
        match self.entries {
            0 => self.out.push_str(" \""),
            _ => self.out.push_str(", \""),
        }
        write_vif(&mut self.out, vif).expect("writing to a String never fails");
        self.out.push('"');
        self.entries += 1;
    }

    pub(crate) fn finish(mut self) -> String {
        self.out
            .push_str(if self.entries == 0 { "]\n" } else { " ]\n" });
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Vlan;
    use crate::value::{IfName, MacAddr, Script, VlanTag};
    use crate::vif::VifType;

    fn vif<'a>(bridge: Option<VifBridge<'a>>, ips: &'a [std::net::IpAddr]) -> Vif<'a> {
        Vif {
            mac: Some(MacAddr::parse("00:16:3e:00:00:01", &[':']).unwrap()),
            bridge,
            script: Some(Script::BRIDGE),
            ips,
            model: None,
            vif_type: Some(VifType::Vif),
            vifname: None,
            rate: None,
            backend: None,
            mtu: None,
        }
    }

    #[test]
    fn connection_keys_follow_the_connection() {
        let ips = ["10.0.0.1".parse().unwrap(), "::1".parse().unwrap()];
        let vlan = Vlan {
            trunk: true,
            tags: vec![VlanTag::parse("1").unwrap(), VlanTag::parse("2").unwrap()],
        };
        let bridge = VifBridge {
            name: IfName::parse("bridge", "ovs0").unwrap(),
            vlan: Some(&vlan),
        };
        let mut out = String::new();
        write_vif(&mut out, &vif(Some(bridge), &ips)).unwrap();
        assert_eq!(
            out,
            "mac=00:16:3e:00:00:01,bridge=ovs0:1:2,ip=10.0.0.1 ::1,script=vif-bridge,type=vif"
        );
        out.clear();
        write_vif(&mut out, &vif(None, &ips)).unwrap();
        assert_eq!(
            out,
            "mac=00:16:3e:00:00:01,script=vif-bridge,ip=10.0.0.1 ::1,type=vif"
        );
    }

    #[test]
    fn config_line() {
        assert_eq!(ConfigLine::with_capacity(0).finish(), "vif = []\n");
        let mut line = ConfigLine::with_capacity(0);
        line.push(&vif(None, &[]));
        line.push(&vif(None, &[]));
        let one = "mac=00:16:3e:00:00:01,script=vif-bridge,type=vif";
        assert_eq!(line.finish(), format!("vif = [ \"{one}\", \"{one}\" ]\n"));
    }
}
