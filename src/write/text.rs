//! The written forms of typed values, made without `core::fmt` (whose machinery
//! costs more than the digits): decimal numbers and IPv4 addresses. Each is a
//! short string on the stack, written with one `write_str`.

use std::net::Ipv4Addr;

use arrayvec::ArrayString;

/// `n` in decimal, without leading zeros: at most 10 digits.
pub(crate) fn decimal(n: u32) -> ArrayString<10> {
    let mut text = ArrayString::new();
    push_decimal(&mut text, n);
    text
}

/// An IPv4 address in dotted decimal (`192.0.2.10`), as its `Display` writes it:
/// at most 15 characters.
pub(crate) fn ipv4(ip: Ipv4Addr) -> ArrayString<15> {
    let mut text = ArrayString::new();
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        push_decimal(&mut text, u32::from(octet));
    }
    text
}

/// Appends `n`'s decimal digits; `text` has room for them (callers size it).
fn push_decimal<const N: usize>(text: &mut ArrayString<N>, mut n: u32) {
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
    for &d in &digits[start..] {
        text.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(ipv4(ip).as_str(), ip.to_string());
        }
        // Every octet value, in every position.
        for o in 0..=255u8 {
            let ip = Ipv4Addr::new(o, 255 - o, o / 2, o.wrapping_mul(7));
            assert_eq!(ipv4(ip).as_str(), ip.to_string());
        }
    }
}
