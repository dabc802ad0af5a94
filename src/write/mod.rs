//! Formatters: one per output form. They write what they are given; every value in
//! it was validated when it entered the model, so nothing here escapes or checks.

pub(crate) mod sexpr;
mod text;
pub(crate) mod vif;
pub(crate) mod xml;

use std::fmt;

use arrayvec::ArrayString;

/// Renders once into a stack buffer (twice, counting first, only when the output
/// is longer than the buffer), so the string is allocated once at its exact size
/// plus one byte (room for the NUL the C API appends without moving it). The
/// writer is a concrete type, so the formatters' writes are inlined.
pub(crate) fn exact_string(render: impl Fn(&mut Exact) -> fmt::Result) -> String {
    let mut exact = Exact {
        buf: ArrayString::new(),
        kept: 0,
        counted: 0,
        spill: None,
    };
    render(&mut exact).expect("counting never fails");
    let len = match exact.full() {
        false => exact.buf.len(),
        true => exact.kept + exact.counted,
    };
    let mut out = String::with_capacity(len + 1);
    if exact.full() {
        exact.spill = Some(out);
        render(&mut exact).expect("writing to a String never fails");
        out = exact.spill.take().unwrap_or_default();
    } else {
        out.push_str(&exact.buf);
    }
    out
}

/// The writer [`exact_string`] renders through: into a stack buffer while the
/// output fits; once a write does not, only counting; on a second pass, into
/// the spill string.
///
/// A write tries the buffer first, and that is all it does while the output
/// fits. The first write that does not fit fills the buffer to the brim, so
/// that no later write (of at least one byte) fits either: each goes to
/// [`Exact::overflow`], which counts it, or on the second pass writes it.
pub(crate) struct Exact {
    buf: ArrayString<{ Exact::STACK }>,
    /// The bytes of output `buf` held when a write first did not fit.
    kept: usize,
    /// The bytes written since (the first write that did not fit included).
    counted: usize,
    spill: Option<String>,
}

impl Exact {
    const STACK: usize = 512;

    /// Whether a write did not fit in `buf` (the output is longer than it).
    fn full(&self) -> bool {
        self.counted > 0
    }

    #[cold]
    #[inline(never)]
    fn overflow(&mut self, s: &str) {
        if let Some(spill) = &mut self.spill {
            spill.push_str(s);
            return;
        }
        if !self.full() {
            self.kept = self.buf.len();
            while self.buf.try_push('\0').is_ok() {}
        }
        self.counted += s.len();
    }
}

impl fmt::Write for Exact {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.buf.try_push_str(s).is_err() {
            self.overflow(s);
        }
        Ok(())
    }

    #[inline]
    fn write_char(&mut self, c: char) -> fmt::Result {
        if self.buf.try_push(c).is_err() {
            self.overflow(c.encode_utf8(&mut [0; 4]));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

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
        // Characters, ASCII or not, and one that does not fit whole.
        let chars = super::exact_string(|out| {
            out.write_char('a')?;
            out.write_char('é')?;
            out.write_str(",")
        });
        assert_eq!((chars.as_str(), chars.capacity()), ("aé,", 5));
        let across = super::exact_string(|out| {
            (0..511).try_for_each(|_| out.write_char('x'))?;
            out.write_char('é')
        });
        assert_eq!((across.len(), &across[509..]), (513, "xxé"));
        // Once a write did not fit, a later one that would have is counted.
        let late = super::exact_string(|out| {
            out.write_str(&"a".repeat(500))?;
            out.write_str(&"b".repeat(20))?;
            out.write_str("")?;
            out.write_str("c")?;
            out.write_char('d')
        });
        assert_eq!((late.len(), late.capacity()), (522, 523));
        assert_eq!(&late[498..], "aabbbbbbbbbbbbbbbbbbbbcd");
        // Exactly full: one pass.
        let full = super::exact_string(|out| {
            out.write_str(&"x".repeat(511))?;
            out.write_char('y')?;
            out.write_str("")
        });
        assert_eq!(
            (full.len(), full.capacity(), &full[510..]),
            (512, 513, "xy")
        );
    }
}
