//! The written forms of typed values, made without `core::fmt` (whose machinery
//! costs several times the digits on the short numbers a vif holds): decimal
//! numbers, written a digit at a time, and IPv4 addresses, written so or as
//! short strings on the stack.

use std::fmt::{self, Write};
use std::net::Ipv4Addr;

use arrayvec::ArrayString;

/// Writes `n` in decimal, as `Display` does, a digit at a time: no string in
/// between to build and then copy.
#[inline]
pub(crate) fn write_decimal<W: Write + ?Sized>(out: &mut W, mut n: u32) -> fmt::Result {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Each is a digit: the `min` changes none, but tells the compiler the
    // character is ASCII, one byte to write (it does not follow it through
    // the array otherwise).
    digits[i..]
        .iter()
        .try_for_each(|&d| out.write_char(char::from(d.min(b'9'))))
}

/// Writes an IPv4 address as `Display` does (`192.0.2.1`), a character at a
/// time, as [`write_decimal`] does.
#[inline]
pub(crate) fn write_ipv4<W: Write + ?Sized>(out: &mut W, ip: Ipv4Addr) -> fmt::Result {
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            out.write_char('.')?;
        }
        if octet >= 100 {
            out.write_char(char::from(b'0' + octet / 100))?;
        }
        if octet >= 10 {
            out.write_char(char::from(b'0' + octet / 10 % 10))?;
        }
        out.write_char(char::from(b'0' + octet % 10))?;
    }
    Ok(())
}

/// An IPv4 address as `Display` writes it (`192.0.2.1`).
pub(crate) fn ipv4_text(ip: Ipv4Addr) -> ArrayString<15> {
    let mut text = ArrayString::new();
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        if octet >= 100 {
            text.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            text.push(char::from(b'0' + octet / 10 % 10));
        }
        text.push(char::from(b'0' + octet % 10));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_addresses_as_display_writes_them() {
        for n in [0, 1, 9, 10, 68, 99, 100, 4095, 65535, 10_000, u32::MAX] {
            let mut written = String::new();
            write_decimal(&mut written, n).unwrap();
            assert_eq!(written, n.to_string());
        }
        for ip in [
            [0, 0, 0, 0],
            [192, 0, 2, 10],
            [255, 255, 255, 255],
            [10, 100, 1, 99],
            [1, 20, 200, 0],
        ] {
            let ip = Ipv4Addr::from(ip);
            assert_eq!(ipv4_text(ip).as_str(), ip.to_string());
            let mut written = String::new();
            write_ipv4(&mut written, ip).unwrap();
            assert_eq!(written, ip.to_string());
        }
        // Every octet value, in every position.
        for o in 0..=255u8 {
            let ip = Ipv4Addr::new(o, 255 - o, o / 2, o.wrapping_mul(7));
            assert_eq!(ipv4_text(ip).as_str(), ip.to_string());
            let mut written = String::new();
            write_ipv4(&mut written, ip).unwrap();
            assert_eq!(written, ip.to_string());
        }
    }
}
