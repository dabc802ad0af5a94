//! Where a byte offset lies in a document, named as a path of element steps —
//! `/domain/devices/interface[2]/source/@network` — found by reading the document
//! again up to the offsets asked for. Only conversions with diagnostics to place
//! pay for it; the readers themselves keep no path.

use super::tag::{offset_in, Tag};
use super::tokens::{Token, Tokens};
use crate::error::Status;

/// An open element's step, and how many `interface` children it has had so far.
struct Step {
    name: String,
    interfaces: usize,
}

/// The path of each offset, in the order given: the element (and attribute) whose
/// tag holds it, or the element whose content holds it; "" where no element fits.
/// `interface` steps below the root carry their 1-based index among their
/// same-named siblings.
pub(crate) fn paths(input: &str, offsets: &[usize]) -> Vec<String> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut order = order.into_iter().peekable();
    let mut out = vec![String::new(); offsets.len()];
    let mut open: Vec<Step> = Vec::new();
    let mut tokens = Tokens::past_refusals(input);
    while order.peek().is_some() {
        // Reading stops where the document did (a syntax error): what is left lies
        // in the elements open there. A refusal (a DOCTYPE, a processing
        // instruction) stopped nothing that a later error's place depends on.
        let token = match tokens.next() {
            Ok(token) => token,
            Err(e) if e.status() == Status::Invalid => continue,
            Err(_) => break,
        };
        let empty = match token {
            Token::Open => false,
            Token::Empty => true,
            Token::Close => {
                open.pop();
                continue;
            }
            Token::Text => {
                // Offsets in text belong to the element holding it.
                let end = tokens.text_offset() + tokens.text().len();
                while let Some(i) = order.next_if(|&i| offsets[i] < end) {
                    out[i] = joined(&open, None, None);
                }
                continue;
            }
            Token::Eof => break,
        };
        let tag = tokens.tag();
        while let Some(i) = order.next_if(|&i| offsets[i] < tag.offset) {
            out[i] = joined(&open, None, None);
        }
        let name = match open.last_mut() {
            Some(parent) if tag.name == "interface" => {
                parent.interfaces += 1;
                format!("interface[{}]", parent.interfaces)
            }
            _ => tag.name.to_string(),
        };
        let end = tag_end(input, tag, empty);
        while let Some(i) = order.next_if(|&i| offsets[i] < end) {
            let attr = tag
                .attrs()
                .filter(|a| offset_in(input, a.name).is_some_and(|at| at <= offsets[i]))
                .last()
                .map(|a| a.name);
            out[i] = joined(&open, Some(&name), attr);
        }
        if !empty {
            open.push(Step {
                name,
                interfaces: 0,
            });
        }
    }
    for i in order {
        out[i] = joined(&open, None, None);
    }
    out
}

/// Just past the `>` of `tag`.
fn tag_end(input: &str, tag: &Tag<'_>, empty: bool) -> usize {
    let raw = tag.raw();
    let raw_start = offset_in(input, raw).unwrap_or(tag.offset + 1);
    raw_start + raw.len() + 1 + usize::from(empty)
}

fn joined(open: &[Step], last: Option<&str>, attr: Option<&str>) -> String {
    let mut path = String::new();
    for step in open.iter().map(|s| s.name.as_str()).chain(last) {
        path.push('/');
        path.push_str(step);
    }
    if let Some(attr) = attr {
        path.push_str("/@");
        path.push_str(attr);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_interface_indexes() {
        let doc = "<domain>\n <devices>\n  <interface type='bridge'/>\n  <disk/>\n  <interface type='network'>\n   <source network='lan' bridge='br0'/>\n  </interface>\n </devices>\n</domain>";
        let at = |s: &str| doc.find(s).unwrap();
        let offsets = [
            at("network='lan'") + 9,
            at("<interface type='network'"),
            at("type='bridge'") + 6,
            at("<disk"),
            at("bridge='br0'") + 8,
            0,
        ];
        assert_eq!(
            paths(doc, &offsets),
            [
                "/domain/devices/interface[2]/source/@network",
                "/domain/devices/interface[2]",
                "/domain/devices/interface[1]/@type",
                "/domain/devices/disk",
                "/domain/devices/interface[2]/source/@bridge",
                "/domain",
            ]
        );
    }

    #[test]
    fn the_root_interface_has_no_index_and_broken_documents_stop() {
        let doc = "<interface type='bridge'><mtu size='9000'/></interface>";
        assert_eq!(
            paths(doc, &[doc.find("<mtu").unwrap(), doc.find("9000").unwrap()]),
            ["/interface/mtu", "/interface/mtu/@size"]
        );
        let broken = "<a><b>&bogus;</b></a>";
        assert_eq!(paths(broken, &[6]), ["/a/b"]);
        assert_eq!(paths("<!DOCTYPE a><a/>", &[0]), [""]);
    }
}
