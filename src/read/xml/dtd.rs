//! The DOCTYPE. vifxml refuses a document that has one (INVALID), but only once
//! the document is known to be well-formed, which depends on the declaration:
//! its own syntax, and the entities it declares, which the references in the
//! document must resolve to. This reads the internal subset as libxml2 does,
//! without loading anything external.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use super::syntax::{self, fail, found, Ref};
use super::tokens::{Token, Tokens};
use crate::error::Error;
use crate::value::cut;

/// The declarations of a DOCTYPE that matter to well-formedness.
#[derive(Default)]
pub(super) struct Dtd {
    general: HashMap<String, Entity>,
    params: HashMap<String, Entity>,
    /// Declarations may be where vifxml does not look (libxml2: an external
    /// subset, or a parameter entity read) and `standalone` is not `yes`: a
    /// reference to an undeclared entity is let through.
    lenient: bool,
    standalone: bool,
    /// How deep references inside replacement texts are being followed.
    depth: Cell<u8>,
}

#[derive(Default)]
struct Entity {
    /// The replacement text (character references expanded) of an internal
    /// entity; None for an external one.
    text: Option<String>,
    unparsed: bool,
    /// libxml2 has read the replacement text for a reference, and does not
    /// read it again for another (in content or in an attribute value).
    checked: Cell<bool>,
    /// Read in content, as an attribute value: 0 not yet, 1 being read, 2 good.
    state: [Cell<u8>; 2],
}

/// How deep libxml2 follows references inside replacement texts, and nests
/// content models.
const MAX_ENTITY_DEPTH: u8 = 40;
const MAX_GROUP_DEPTH: usize = 128;

impl Dtd {
    /// The entity `name` declares; None for an undeclared one let through.
    fn lookup<'d>(dtd: Option<&'d Dtd>, name: &str) -> Result<Option<&'d Entity>, String> {
        let (entity, name) = (dtd.map(|d| (d.general.get(name), d.lenient)), cut(name));
        match entity {
            Some((Some(e), _)) if e.unparsed => Err(format!("&{name}; is an unparsed entity")),
            Some((Some(e), _)) => Ok(Some(e)),
            Some((None, true)) => Ok(None),
            _ => Err(format!("undefined entity &{name};: only XML's predefined entities and character references are read")),
        }
    }

    /// `&name;` in an attribute value (or, not `top`, in a replacement text
    /// read as one): an internal entity with no `<`, whose replacement text is
    /// a good attribute value the first time libxml2 reads it.
    pub(super) fn attr_ref(dtd: Option<&Dtd>, name: &str, top: bool) -> Result<(), String> {
        let (Some(d), Some(e)) = (dtd, Dtd::lookup(dtd, name)?) else {
            return Ok(());
        };
        match &e.text {
            None => Err(format!(
                "&{}; is external, which an attribute value cannot refer to",
                cut(name)
            )),
            Some(text) if text.contains('<') => Err(format!(
                "&{}; holds a '<', which an attribute value cannot",
                cut(name)
            )),
            Some(_) if top && e.checked.get() => Ok(()),
            Some(text) => {
                d.follow(name, &e.state[1], || {
                    syntax::attr_value(text, 0, dtd, false).map(drop)
                })?;
                e.checked.set(e.checked.get() || top);
                Ok(())
            }
        }
    }

    /// `&name;` in content: an internal entity whose replacement text is
    /// well-formed content the first time libxml2 reads it, or an external one
    /// (not read). In a replacement text (`nested`) no undeclared one is let through.
    pub(super) fn content_ref(
        dtd: Option<&Rc<Dtd>>,
        name: &str,
        nested: bool,
    ) -> Result<(), String> {
        match (dtd, Dtd::lookup(dtd.map(|d| &**d), name)?) {
            (_, None) if nested => Err(format!(
                "undefined entity &{}; in a replacement text",
                cut(name)
            )),
            (
                Some(d),
                Some(
                    e @ Entity {
                        text: Some(text), ..
                    },
                ),
            ) if !e.checked.get() => {
                d.follow(name, &e.state[0], || {
                    let mut tokens = Tokens::fragment(text, d.clone());
                    while tokens.next()? != Token::Eof {}
                    Ok(())
                })?;
                e.checked.set(true);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Runs `check` on a replacement text once, refusing a loop and
    /// references nested too deep.
    fn follow(
        &self,
        name: &str,
        state: &Cell<u8>,
        check: impl FnOnce() -> Result<(), Error>,
    ) -> Result<(), String> {
        let depth = self.depth.get();
        match state.get() {
            2 => return Ok(()),
            1 => return Err(format!("&{}; refers to itself", cut(name))),
            _ if depth >= MAX_ENTITY_DEPTH => {
                return Err(format!("references nest deeper than {depth} levels"))
            }
            _ => {}
        }
        state.set(1);
        self.depth.set(depth + 1);
        let result = check();
        self.depth.set(depth);
        state.set(if result.is_ok() { 2 } else { 0 });
        result.map_err(|e| {
            format!(
                "in the replacement text of &{};: {}",
                cut(name),
                syntax::message(&e)
            )
        })
    }
}

/// Reads the DOCTYPE whose `<!` is at `start`: where it ends (after its `>`),
/// and its declarations.
pub(super) fn doctype(s: &str, start: usize, standalone: bool) -> Result<(usize, Dtd), Error> {
    let mut c = Cur {
        s,
        i: start + 2,
        at: None,
    };
    if !c.eat("DOCTYPE") {
        return c.fail("'<!' must start a comment, a CDATA section or <!DOCTYPE (in capitals)");
    }
    let mut dtd = Dtd {
        standalone,
        ..Dtd::default()
    };
    c.ws(); // libxml2 does not require it.
    c.name()?;
    if c.ws() && c.external_id(Id::Doctype)? {
        dtd.lenient = !standalone;
        c.ws();
    }
    let subset = c.eat("[");
    if !subset {
        c.expect(">")?;
    }
    // libxml2 reads a `[` right after the `>` of a DOCTYPE without an internal
    // subset as one.
    if subset || c.eat("[") {
        dtd.subset(&mut c)?;
        c.i += 1;
        c.ws();
        c.expect(">")?;
    }
    Ok((c.i, dtd))
}

/// Where an external identifier is: a NOTATION's may lack its system literal,
/// an entity's may not name a fragment.
#[derive(Clone, Copy, PartialEq)]
enum Id {
    Doctype,
    Entity,
    Notation,
}

/// A place in the DOCTYPE, or in a parameter entity's replacement text (whose
/// errors are placed at the reference, `at`).
struct Cur<'s> {
    s: &'s str,
    i: usize,
    at: Option<usize>,
}

impl<'s> Cur<'s> {
    fn fail<T>(&self, what: &str) -> Result<T, Error> {
        fail(
            self.at.unwrap_or(self.i.min(self.s.len())),
            format!("in the DOCTYPE, {what}"),
        )
    }

    fn expected<T>(&self, what: &str) -> Result<T, Error> {
        self.fail(&format!("{} where {what} should be", found(self.s, self.i)))
    }

    /// An error of a construct the rules read, placed where it belongs.
    fn moved<T>(&self, read: Result<T, Error>) -> Result<T, Error> {
        match (read, self.at) {
            (Err(e), Some(at)) => fail(at, syntax::message(&e)),
            (read, _) => read,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn eat(&mut self, lit: &str) -> bool {
        let found = self.s.get(self.i..).is_some_and(|r| r.starts_with(lit));
        self.i += if found { lit.len() } else { 0 };
        found
    }

    /// One of `words` (the longest first where one starts another).
    fn keyword(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.eat(w))
    }

    fn expect(&mut self, lit: &str) -> Result<(), Error> {
        if self.eat(lit) {
            return Ok(());
        }
        self.expected(&format!("{lit:?}"))
    }

    /// Skips whitespace; whether there was any.
    fn ws(&mut self) -> bool {
        let from = self.i;
        self.i = syntax::skip_ws(self.s.as_bytes(), self.i);
        self.i > from
    }

    fn need_ws(&mut self) -> Result<(), Error> {
        if self.ws() {
            return Ok(());
        }
        self.expected("whitespace")
    }

    fn name(&mut self) -> Result<&'s str, Error> {
        let Some(end) = syntax::name_end(self.s, self.i) else {
            return self.expected("a name");
        };
        let from = std::mem::replace(&mut self.i, end);
        Ok(&self.s[from..end])
    }

    /// A name or, if `token`, an `Nmtoken` (name characters, any first).
    fn token(&mut self, token: bool) -> Result<(), Error> {
        let rest = self.s.get(self.i..).unwrap_or("");
        let n = rest
            .find(|c| !syntax::is_name_char(c))
            .unwrap_or(rest.len());
        if !token || n == 0 {
            return self.name().map(drop);
        }
        self.i += n;
        Ok(())
    }

    /// A quoted literal: its content, and where that starts.
    fn literal(&mut self) -> Result<(&'s str, usize), Error> {
        let from = self.i + 1;
        let quote = match self.peek() {
            Some(b'\'') => "'",
            Some(b'"') => "\"",
            _ => return self.expected("a quoted literal"),
        };
        let Some(end) = syntax::find(self.s, from, quote) else {
            return self.fail("a literal is not closed");
        };
        self.i = end + 1;
        Ok((&self.s[from..end], from))
    }

    /// `SYSTEM S SystemLiteral` or `PUBLIC S PubidLiteral S SystemLiteral`;
    /// false if neither keyword is here.
    fn external_id(&mut self, id: Id) -> Result<bool, Error> {
        if self.eat("PUBLIC") {
            self.need_ws()?;
            let (pubid, at) = self.literal()?;
            let pubid_char =
                |c: char| c.is_ascii_alphanumeric() || " \r\n-'()+,./:=?;!*#@$_%".contains(c);
            if let Some(bad) = pubid.find(|c| !pubid_char(c)) {
                self.i = at + bad;
                return self.fail(&format!(
                    "{} cannot stand in a public identifier",
                    found(self.s, self.i)
                ));
            }
            let ws = self.ws();
            if id == Id::Notation && !matches!(self.peek(), Some(b'\'' | b'"')) {
                return Ok(true);
            } else if !ws {
                return self.expected("whitespace and a system identifier");
            }
        } else if self.eat("SYSTEM") {
            self.need_ws()?;
        } else {
            return Ok(false);
        }
        let (system, at) = self.literal()?;
        if id == Id::Entity && uri_with_fragment(system) {
            self.i = at;
            return self.fail("an entity's system identifier cannot name a fragment ('#')");
        }
        Ok(true)
    }
}

impl Dtd {
    /// The internal subset up to its `]` (not consumed), or (`c.at` set) the
    /// replacement text of a parameter entity.
    fn subset(&mut self, c: &mut Cur) -> Result<(), Error> {
        loop {
            c.ws();
            match c.peek() {
                None if c.at.is_some() => return Ok(()),
                Some(b']') if c.at.is_none() => return Ok(()),
                None => return c.fail("the internal subset is not closed (missing ']>')"),
                Some(b'%') => self.pe_reference(c)?,
                Some(b'<') => self.markup_decl(c)?,
                Some(_) => return c.expected("a declaration"),
            }
        }
    }

    /// `%name;` between declarations: the declarations of an internal
    /// parameter entity are read; an external one is not loaded.
    fn pe_reference(&mut self, c: &mut Cur) -> Result<(), Error> {
        let at = c.i;
        c.i += 1;
        let name = c.name()?;
        c.expect(";")?;
        c.i = if c.at.is_some() { at } else { c.i };
        let text = match self.params.get(name) {
            _ if c.at.is_some() => {
                return c.fail("a parameter entity reference inside one is not read")
            }
            Some(Entity {
                text: Some(text), ..
            }) => text.clone(),
            Some(_) => return Ok(()),
            None if self.lenient => return Ok(()),
            None => {
                return fail(
                    at,
                    format!("in the DOCTYPE, %{}; is not declared", cut(name)),
                )
            }
        };
        self.lenient = !self.standalone;
        self.subset(&mut Cur {
            s: &text,
            i: 0,
            at: Some(at),
        })
    }

    fn markup_decl(&mut self, c: &mut Cur) -> Result<(), Error> {
        let start = c.i;
        if c.eat("<!--") || c.eat("<?") {
            let end = if c.s[start..].starts_with("<?") {
                syntax::pi(c.s, start)
            } else {
                syntax::comment(c.s, start)
            };
            c.i = c.moved(end)? + 1;
            return Ok(());
        } else if c.eat("<!ELEMENT") {
            c.need_ws()?;
            c.name()?;
            c.need_ws()?;
            if !c.keyword(&["EMPTY", "ANY"]) {
                c.expect("(")?;
                content_model(c)?;
            }
        } else if c.eat("<!ATTLIST") {
            self.attlist(c)?;
        } else if c.eat("<!ENTITY") {
            self.entity(c)?;
        } else if c.eat("<!NOTATION") {
            c.need_ws()?;
            c.name()?;
            c.need_ws()?;
            if !c.external_id(Id::Notation)? {
                return c.expected("SYSTEM or PUBLIC");
            }
        } else {
            return c.expected(
                "<!ELEMENT, <!ATTLIST, <!ENTITY, <!NOTATION, a comment or a processing instruction",
            );
        }
        c.ws();
        c.expect(">")
    }

    /// `<!ATTLIST S Name (S Name S AttType S DefaultDecl)*`, up to `S? >`.
    fn attlist(&mut self, c: &mut Cur) -> Result<(), Error> {
        c.need_ws()?;
        c.name()?;
        while c.ws() || c.peek() == Some(b'>') {
            if c.peek() == Some(b'>') {
                return Ok(());
            }
            // libxml2 splits the name at its first colon, and wants a letter
            // (XML 1.0 fourth edition's, roughly), `_` or a colon after it.
            let name = c.name()?;
            let local = name
                .split_once(':')
                .filter(|_| !name.starts_with(':'))
                .map_or("", |n| n.1);
            if !local.is_empty()
                && !local.starts_with(|l: char| l == '_' || l == ':' || l.is_alphabetic())
            {
                return c.fail(&format!(
                    "the attribute name {} is not a qualified name",
                    cut(name)
                ));
            }
            c.need_ws()?;
            if c.eat("NOTATION") {
                c.need_ws()?;
                c.expect("(")?;
                choices(c, false)?;
            } else if c.eat("(") {
                choices(c, true)?;
            } else if !c.keyword(&[
                "CDATA", "IDREFS", "IDREF", "ID", "ENTITY", "ENTITIES", "NMTOKENS", "NMTOKEN",
            ]) {
                return c.expected("an attribute type");
            }
            c.need_ws()?;
            if !c.keyword(&["#REQUIRED", "#IMPLIED"]) {
                if c.eat("#FIXED") {
                    c.need_ws()?;
                }
                let (value, at) = c.literal()?;
                c.moved(syntax::attr_value(value, at, Some(self), true))?;
            }
        }
        c.expected("whitespace")
    }

    /// `<!ENTITY S ('%' S)? Name S (EntityValue | ExternalID NDataDecl?)`, up to `S? >`.
    fn entity(&mut self, c: &mut Cur) -> Result<(), Error> {
        c.need_ws()?;
        let param = c.eat("%");
        if param {
            c.need_ws()?;
        }
        let name = c.name()?;
        c.need_ws()?;
        let mut entity = Entity::default();
        if matches!(c.peek(), Some(b'\'' | b'"')) {
            let (value, at) = c.literal()?;
            entity.text = Some(c.moved(entity_value(value, at))?);
        } else if !c.external_id(Id::Entity)? {
            return c.expected("a value in quotes, SYSTEM or PUBLIC");
        } else {
            let before = c.i;
            entity.unparsed = c.ws() && !param && c.eat("NDATA");
            if entity.unparsed {
                c.need_ws()?;
                c.name()?;
            } else {
                c.i = before;
            }
        }
        let table = if param {
            &mut self.params
        } else {
            &mut self.general
        };
        table.entry(name.to_owned()).or_insert(entity);
        Ok(())
    }
}

/// Whether `uri` is a URI reference with a fragment, as libxml2 parses URIs
/// (one it cannot parse is let through).
fn uri_with_fragment(uri: &str) -> bool {
    let Some((before, fragment)) = uri.split_once('#') else {
        return false;
    };
    let hex = |e: &str| e.len() >= 2 && e.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit);
    let uric = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c);
    let valid = |s: &str, more: &str| {
        s.chars().all(|c| uric(c) || more.contains(c)) && s.split('%').skip(1).all(hex)
    };
    // A colon before any '/' or '?' ends a scheme (a letter, then letters,
    // digits, '+', '-' or '.'); no other first path segment holds one.
    let head = &before[..before.find(['/', '?']).unwrap_or(before.len())];
    let scheme = head.split_once(':').is_none_or(|(scheme, _)| {
        let scheme_char = |c: char| c.is_ascii_alphanumeric() || "+-.".contains(c);
        scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && scheme.chars().all(scheme_char)
    });
    scheme && valid(before, "") && valid(fragment, "[]")
}

/// The replacement text of an entity value (at `at`): character references
/// expanded, entity references kept; no parameter entity reference (none
/// stands in a declaration of the internal subset).
fn entity_value(value: &str, at: usize) -> Result<String, Error> {
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while let Some(n) = value[i..].find(['&', '%']) {
        out.push_str(&value[i..i + n]);
        i += n;
        if value.as_bytes()[i] == b'%' {
            return fail(
                at + i,
                "in the DOCTYPE, a parameter entity reference inside a declaration",
            );
        }
        let (r, end) = syntax::reference(value, i, at)?;
        match r {
            Ref::Char(c) => out.push(c),
            _ => out.push_str(&value[i..end]),
        }
        i = end;
    }
    out.push_str(&value[i..]);
    Ok(out)
}

/// An element's content after its `(`: `#PCDATA` alone, `#PCDATA` and names
/// separated by `|` and closed by `)*`, or a group.
fn content_model(c: &mut Cur) -> Result<(), Error> {
    c.ws();
    if !c.eat("#PCDATA") {
        return group(c, 0);
    }
    let mut names = false;
    loop {
        c.ws();
        if c.eat(")") {
            return match c.eat("*") || !names {
                true => Ok(()),
                false => c.expected("')*' after a mixed content list"),
            };
        }
        c.expect("|")?;
        c.ws();
        c.name()?;
        names = true;
    }
}

/// A choice or sequence after its `(`: content particles (names or groups,
/// each with an optional `?`, `*` or `+` right after it) separated all by `|`
/// or all by `,`.
fn group(c: &mut Cur, depth: usize) -> Result<(), Error> {
    if depth > MAX_GROUP_DEPTH {
        return c.fail(&format!(
            "content models nest deeper than {MAX_GROUP_DEPTH} levels"
        ));
    }
    let mut separator = None;
    loop {
        c.ws();
        if c.eat("(") {
            group(c, depth + 1)?;
        } else {
            c.name()?;
        }
        c.keyword(&["?", "*", "+"]);
        c.ws();
        if c.eat(")") {
            c.keyword(&["?", "*", "+"]);
            return Ok(());
        }
        match c.peek().filter(|&b| b == b'|' || b == b',') {
            Some(sep) if separator.is_none_or(|s| s == sep) => separator = Some(sep),
            _ => return c.expected("')' or the group's separator"),
        }
        c.i += 1;
    }
}

/// The rest of an enumeration after its `(`: name tokens (or names)
/// separated by `|`, then `)`.
fn choices(c: &mut Cur, tokens: bool) -> Result<(), Error> {
    loop {
        c.ws();
        c.token(tokens)?;
        c.ws();
        if c.eat(")") {
            return Ok(());
        }
        c.expect("|")?;
    }
}
