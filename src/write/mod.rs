//! Formatters: one per output form. They write what they are given; every value in
//! it was validated when it entered the model, so nothing here escapes or checks.

pub(crate) mod sexpr;
pub(crate) mod vif;
pub(crate) mod xml;

use std::fmt;

/// Renders once into a stack buffer (twice, counting first, only when the output
/// is longer than the buffer), so the string is allocated once at its exact size
/// plus one byte (room for the NUL the C API appends without moving it).
pub(crate) fn exact_string(render: impl Fn(&mut dyn fmt::Write) -> fmt::Result) -> String {
    /// Writes into a stack buffer; fails (and is then only counted) when it is full.
    struct Stack {
        buf: [u8; 512],
        len: usize,
        overflow: bool,
    }
    impl fmt::Write for Stack {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            let end = self.len + s.len();
            if !self.overflow && end <= self.buf.len() {
                self.buf[self.len..end].copy_from_slice(s.as_bytes());
            } else {
                self.overflow = true;
            }
            self.len = end;
            Ok(())
        }
    }
    let mut stack = Stack {
        buf: [0; 512],
        len: 0,
        overflow: false,
    };
    render(&mut stack).expect("counting never fails");
    let mut out = String::with_capacity(stack.len + 1);
    if stack.overflow {
        render(&mut out).expect("writing to a String never fails");
    } else {
        out.push_str(std::str::from_utf8(&stack.buf[..stack.len]).expect("only str was written"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn exact_string_leaves_room_for_one_nul_only() {
        let s = super::exact_string(|out| write!(out, "ab-{}", 12));
        assert_eq!((s.as_str(), s.capacity()), ("ab-12", 6));
        // Longer than the stack buffer: counted, then written.
        let long = super::exact_string(|out| (0..300).try_for_each(|i| write!(out, "{}", i % 10)));
        assert_eq!((long.len(), long.capacity()), (300, 301));
        let longer = super::exact_string(|out| (0..1000).try_for_each(|_| out.write_str("xy")));
        assert_eq!(
            (longer.len(), longer.capacity(), &longer[..4]),
            (2000, 2001, "xyxy")
        );
    }
}
