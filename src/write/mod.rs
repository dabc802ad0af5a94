//! Formatters: one per output form. They write what they are given; every value in
//! it was validated when it entered the model, so nothing here escapes or checks.

pub(crate) mod sexpr;
pub(crate) mod vif;
pub(crate) mod xml;

use std::fmt;

/// Runs `render` twice, first to count, so the string is allocated once at its
/// exact size plus one byte (room for the NUL the C API appends without moving it).
pub(crate) fn exact_string(render: impl Fn(&mut dyn fmt::Write) -> fmt::Result) -> String {
    struct Count(usize);
    impl fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    render(&mut count).expect("counting never fails");
    let mut out = String::with_capacity(count.0 + 1);
    render(&mut out).expect("writing to a String never fails");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn exact_string_leaves_room_for_one_nul_only() {
        let s = super::exact_string(|out| write!(out, "{}-{}", "ab", 12));
        assert_eq!((s.as_str(), s.capacity()), ("ab-12", 6));
    }
}
