//! A start or empty-element tag and its attributes: found and checked once when
//! the tag is read (syntax, references, duplicates), then looked up by name or
//! walked in document order without parsing again.

use std::borrow::Cow;

use quick_xml::events::attributes::{Attribute, Attributes};
use quick_xml::name::QName;
use quick_xml::XmlVersion;

/// A start or empty-element tag, borrowing the input.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tag<'a> {
    pub name: &'a str,
    /// Byte offset of its `<`.
    pub offset: usize,
    /// The text it was read from (the document, or an entity's replacement
    /// text): set once, so that a tag read stores two offsets, not a slice
    /// whose ends would each be checked for a character boundary.
    pub(super) text: &'a str,
    /// Where its content ends in `text`: at its `>` (or `/>`).
    pub(super) raw_end: usize,
    /// The attributes found when the tag was read and checked.
    pub(super) spans: Spans,
}

/// One attribute: name, decoded value, and the offset of the value in the input.
pub(crate) struct Attr<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
    pub offset: usize,
}

/// An attribute looked up by its name ([`Tag::attr`]): its decoded value, and
/// the offset of the value in the input.
pub(crate) struct Found<'a> {
    pub value: Cow<'a, str>,
    pub offset: usize,
}

/// Where a tag's attributes lie in its `raw` content, found once when the tag is
/// read so that [`Tag::attrs`] need not parse them again. Inline and `Copy`, and
/// small (byte offsets), since every token is moved a few times on its way: a
/// tag with more than [`Spans::INLINE`] attributes, or longer than `u8` can
/// say (rare: libvirt's tags are short), is marked instead, and `attrs` parses
/// its attributes again (with quick-xml's parser, which reads exactly what the
/// tag was checked with).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Spans {
    pub list: [Span; Spans::INLINE],
    /// How many are in `list`, or `Spans::MANY`.
    pub len: u8,
    /// Bit i: value i holds `\t`, `\n`, `\r` or `&`, so it is normalised on
    /// reading (the only case that allocates).
    normalize: u8,
}

/// An attribute's name and value (between its quotes) as offsets in `raw`.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Span {
    pub name: u8,
    pub name_len: u8,
    pub value: u8,
    pub value_len: u8,
}

impl Spans {
    pub const INLINE: usize = 8;
    const MANY: u8 = u8::MAX;

    /// Forgets the attributes of the previous tag (the list itself is
    /// overwritten as new ones are pushed).
    #[inline]
    pub fn clear(&mut self) {
        self.len = 0;
        self.normalize = 0;
    }

    /// Records an attribute, unless it is past the inline capacity or the
    /// tag is too long for `u8` offsets: false then.
    #[inline]
    pub fn push(&mut self, name: (usize, usize), value: (usize, usize), normalize: bool) -> bool {
        let n = self.len as usize;
        if n >= Self::INLINE || value.0 + value.1 > u8::MAX as usize {
            return false;
        }
        self.list[n] = Span {
            name: name.0 as u8,
            name_len: name.1 as u8,
            value: value.0 as u8,
            value_len: value.1 as u8,
        };
        self.normalize |= u8::from(normalize) << n;
        self.len += 1;
        true
    }

    /// Whether the attributes are not recorded (to be parsed again).
    #[inline]
    pub fn many(&self) -> bool {
        self.len == Self::MANY
    }

    /// Marks the attributes as not recorded.
    pub fn set_many(&mut self) {
        self.len = Self::MANY;
    }

    /// Whether an attribute named `name` is recorded (`raw`: the tag's content).
    /// (Out of line: only a second attribute needs it, and the loop that
    /// reads a tag keeps fewer values in registers without it.)
    #[inline(never)]
    pub fn has(&self, raw: &[u8], name: &[u8]) -> bool {
        // (While a tag is read, `len` is at most `INLINE`.)
        let n = usize::from(self.len).min(Self::INLINE);
        for s in &self.list[..n] {
            if raw.get(s.name as usize..s.name as usize + s.name_len as usize) == Some(name) {
                return true;
            }
        }
        false
    }
}

/// A tag's attributes in document order.
pub(crate) enum Attrs<'t, 'a> {
    Stored {
        tag: &'t Tag<'a>,
        next: usize,
    },
    Parsed {
        attributes: Attributes<'a>,
        raw: &'a str,
        tag_offset: usize,
    },
}

impl<'a> Iterator for Attrs<'_, 'a> {
    type Item = Attr<'a>;

    #[inline]
    fn next(&mut self) -> Option<Attr<'a>> {
        match self {
            Attrs::Stored { tag, next } => {
                let i = *next;
                if i >= tag.spans.len as usize {
                    return None;
                }
                *next += 1;
                tag.stored(i)
            }
            Attrs::Parsed {
                attributes,
                raw,
                tag_offset,
            } => loop {
                let Ok(a) = attributes.next()? else { continue };
                let name = a.key.into_inner();
                let offset = offset_in(raw, &a.value).map_or(*tag_offset, |v| *tag_offset + 1 + v);
                let Ok(value) = a.normalized_value(XmlVersion::Implicit1_0) else {
                    continue;
                };
                return Some(Attr {
                    name,
                    value,
                    offset,
                });
            },
        }
    }
}

impl<'a> Tag<'a> {
    /// Everything between `<` and `>` (or `/>`).
    pub(super) fn raw(&self) -> &'a str {
        self.text
            .get(self.offset + 1..self.raw_end)
            .unwrap_or_default()
    }

    /// The attributes in document order. The tag was checked when it was read, so
    /// this cannot meet a syntax error.
    pub(crate) fn attrs(&self) -> Attrs<'_, 'a> {
        if self.spans.many() {
            let raw = self.raw();
            let mut attributes = Attributes::new(raw, self.name.len());
            attributes.with_checks(false);
            Attrs::Parsed {
                attributes,
                raw,
                tag_offset: self.offset,
            }
        } else {
            Attrs::Stored { tag: self, next: 0 }
        }
    }

    /// The attribute named `name`, if the tag has it. (A tag has no duplicates.)
    /// Always inlined: `name` is then a constant, and comparing it takes a
    /// load or two instead of a loop.
    #[inline(always)]
    pub(crate) fn attr(&self, name: &str) -> Option<Found<'a>> {
        if self.spans.many() {
            return self.parsed_attr(name);
        }
        let text = self.text.as_bytes();
        let base = self.offset + 1;
        let recorded = usize::from(self.spans.len);
        // An indexed loop, the length told first: `name` is a constant
        // here, and the bytes are then compared in line at its length.
        for i in 0..recorded.min(Spans::INLINE) {
            let s = self.spans.list[i];
            let n = base + usize::from(s.name);
            if usize::from(s.name_len) == name.len()
                && text.get(n..n + name.len()) == Some(name.as_bytes())
            {
                return self.found(i);
            }
        }
        None
    }

    /// [`Tag::attr`] for a tag whose attributes were not recorded (out of line:
    /// rare).
    #[cold]
    #[inline(never)]
    fn parsed_attr(&self, name: &str) -> Option<Found<'a>> {
        self.attrs().find(|a| a.name == name).map(|a| Found {
            value: a.value,
            offset: a.offset,
        })
    }

    /// The `i`th attribute recorded in `spans`.
    #[inline(always)]
    fn stored(&self, i: usize) -> Option<Attr<'a>> {
        let span = self.spans.list[i];
        let n = self.offset + 1 + span.name as usize;
        let name = self.text.get(n..n + span.name_len as usize)?;
        let Found { value, offset } = self.found(i)?;
        Some(Attr {
            name,
            value,
            offset,
        })
    }

    /// The value of the `i`th attribute recorded in `spans`.
    #[inline(always)]
    fn found(&self, i: usize) -> Option<Found<'a>> {
        let span = self.spans.list[i];
        let offset = self.offset + 1 + span.value as usize;
        // In two steps, each of which the compiler keeps in line (a range
        // of a `str` at once is a call).
        let value = self.text.get(offset..)?.get(..span.value_len as usize)?;
        if self.spans.normalize & (1 << i) != 0 {
            return normalized(value, offset);
        }
        Some(Found {
            value: Cow::Borrowed(value),
            offset,
        })
    }
}

/// An attribute whose value holds a reference, tab, newline or carriage
/// return, decoded and normalised as XML 1.0 says (out of line: rare).
#[cold]
#[inline(never)]
fn normalized(value: &str, offset: usize) -> Option<Found<'_>> {
    let value = Attribute {
        key: QName(""),
        value: Cow::Borrowed(value),
    }
    .normalized_value(XmlVersion::Implicit1_0)
    .ok()?;
    Some(Found { value, offset })
}

/// Where `part` (a slice of `whole`) begins in `whole`.
pub(super) fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}
