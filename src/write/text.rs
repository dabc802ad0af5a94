//! The written forms of typed values, made without `core::fmt` (whose machinery
//! costs more than the digits): decimal numbers, as a short string on the
//! stack, and IPv4 addresses, from a table of the 256 octets.

use std::fmt::{self, Write};
use std::net::Ipv4Addr;

use arrayvec::ArrayString;

/// `n` in decimal, without leading zeros: at most 10 digits.
pub(crate) fn decimal(mut n: u32) -> ArrayString<10> {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut text = ArrayString::new();
    for &d in &digits[start..] {
        text.push(char::from(d));
    }
    text
}

/// Writes an IPv4 address in dotted decimal (`192.0.2.10`), as its `Display`
/// writes it.
pub(crate) fn write_ipv4<W: Write + ?Sized>(out: &mut W, ip: Ipv4Addr) -> fmt::Result {
    let [a, b, c, d] = ip.octets();
    out.write_str(OCTETS[usize::from(a)])?;
    for octet in [b, c, d] {
        out.write_str(".")?;
        out.write_str(OCTETS[usize::from(octet)])?;
    }
    Ok(())
}

/// Each octet's decimal digits, `"0"` to `"255"`.
static OCTETS: [&str; 256] = {
    let mut table = [""; 256];
    let mut n = 0;
    while n < 256 {
        let digits = &OCTET_DIGITS[n];
        let len = if n >= 100 {
            3
        } else if n >= 10 {
            2
        } else {
            1
        };
        table[n] = match std::str::from_utf8(digits.split_at(3 - len).1) {
            Ok(text) => text,
            Err(_) => panic!("digits are ASCII"),
        };
        n += 1;
    }
    table
};

/// Each octet as three digits, with leading zeros (`OCTETS` takes their tails).
static OCTET_DIGITS: [[u8; 3]; 256] = {
    let mut table = [[0u8; 3]; 256];
    let mut n = 0;
    while n < 256 {
        table[n] = [
            b'0' + (n / 100) as u8,
            b'0' + (n / 10 % 10) as u8,
            b'0' + (n % 10) as u8,
        ];
        n += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn ipv4(ip: Ipv4Addr) -> String {
        let mut out = String::new();
        write_ipv4(&mut out, ip).unwrap();
        out
    }

    #[test]
    fn numbers_and_addresses_as_display_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            68,
            99,
            100,
            4095,
            65535,
            10_000,
            u32::MAX - 1,
            u32::MAX,
        ] {
            assert_eq!(decimal(n).as_str(), n.to_string());
        }
        for ip in [
            [0, 0, 0, 0],
            [192, 0, 2, 10],
            [255, 255, 255, 255],
            [10, 100, 1, 99],
            [1, 20, 200, 0],
        ] {
            let ip = Ipv4Addr::from(ip);
            assert_eq!(ipv4(ip), ip.to_string());
        }
        // Every octet value, in every position.
        for o in 0..=255u8 {
            let ip = Ipv4Addr::new(o, 255 - o, o / 2, o.wrapping_mul(7));
            assert_eq!(ipv4(ip), ip.to_string());
        }
    }
}
