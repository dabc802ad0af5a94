//! The C API. Thin by design: argument checks, a panic boundary in every entry
//! point, pointers to slices, ownership hand-over. All conversion logic is in the
//! Rust API that these functions call.

#![allow(non_camel_case_types)]
#![allow(unsafe_code)]

use std::ffi::{c_char, c_void, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Arc;

use crate::{
    Converted, Diagnostic, Dialect, Error, Guest, NetworkResolver, Options, Severity, Status,
    XenVersion,
};

/// A status code (`VIFXML_STATUS_*`). Values are only ever appended.
pub type vifxml_status = u32;

/// Success.
pub const VIFXML_STATUS_OK: vifxml_status = 0;
/// A required pointer argument was NULL.
pub const VIFXML_STATUS_NULL_ARGUMENT: vifxml_status = 1;
/// The input is not valid UTF-8.
pub const VIFXML_STATUS_INVALID_UTF8: vifxml_status = 2;
/// The input is not well-formed XML.
pub const VIFXML_STATUS_XML_SYNTAX: vifxml_status = 3;
/// Well-formed but not a valid definition (wrong root, missing or repeated element, bad MAC/IP/number, DOCTYPE).
pub const VIFXML_STATUS_INVALID: vifxml_status = 4;
/// Valid libvirt that the dialect or Xen version cannot express.
pub const VIFXML_STATUS_UNSUPPORTED: vifxml_status = 5;
/// A value that could change the meaning of the output; refused, never escaped.
pub const VIFXML_STATUS_UNSAFE_VALUE: vifxml_status = 6;
/// A type='network' interface whose network neither the table nor the resolver knows.
pub const VIFXML_STATUS_NETWORK_UNRESOLVED: vifxml_status = 7;
/// An unknown enum value, or options that cannot be combined.
pub const VIFXML_STATUS_INVALID_OPTION: vifxml_status = 8;
/// A vif string, S-expression or config text that cannot be read.
pub const VIFXML_STATUS_VIF_SYNTAX: vifxml_status = 9;
/// A bug in vifxml (a caught panic). The process is unharmed.
pub const VIFXML_STATUS_INTERNAL: vifxml_status = 10;

/// The xl toolstack (Xen >= 4.1). The default.
pub const VIFXML_DIALECT_XL: u32 = 0;
/// xend config files (xm), Xen 3.0.2 up to 4.4.
pub const VIFXML_DIALECT_XM: u32 = 1;
/// xend S-expressions, Xen 3.0.2 up to 4.4.
pub const VIFXML_DIALECT_SXPR: u32 = 2;

/// A diagnostic that made the call fail.
pub const VIFXML_SEVERITY_ERROR: u32 = 0;
/// A diagnostic about something the output leaves out or adjusts; its status is
/// what strict mode would have returned (VIFXML_STATUS_OK if strict mode accepts it too).
pub const VIFXML_SEVERITY_WARNING: u32 = 1;

/// Interface input: HVM; domain input: read from `<os><type>`. The default.
pub const VIFXML_GUEST_AUTO: u32 = 0;
/// A fully virtualised guest.
pub const VIFXML_GUEST_HVM: u32 = 1;
/// A paravirtualised guest.
pub const VIFXML_GUEST_PV: u32 = 2;
/// A PVH guest (treated as PV).
pub const VIFXML_GUEST_PVH: u32 = 3;

/// Conversion options (opaque). NULL wherever options are taken means all defaults.
pub struct vifxml_options {
    options: Options,
}

/// What a call found (opaque): the errors it failed with, in input order, then
/// the warnings, if they were collected; or, from a call that succeeded with
/// warnings collected, the warnings alone. Never empty.
pub struct vifxml_error {
    items: Vec<Item>,
}

/// One diagnostic, with its strings ready for C.
struct Item {
    severity: Severity,
    status: Status,
    message: CString,
    path: CString,
    offset: Option<usize>,
    line: usize,
    column: usize,
}

impl vifxml_error {
    fn new(diagnostics: &[Diagnostic]) -> vifxml_error {
        // Messages quote input, which may hold NUL; C strings cannot.
        let c_text = |s: &str| CString::new(s.replace('\0', "\\0")).unwrap_or_default();
        vifxml_error {
            items: diagnostics
                .iter()
                .map(|d| Item {
                    severity: d.severity,
                    status: d.status,
                    message: c_text(&d.message),
                    path: c_text(&d.path),
                    offset: d.offset,
                    line: d.line,
                    column: d.column,
                })
                .collect(),
        }
    }

    /// The status of the whole: the first error's, or OK when there are only warnings.
    fn status(&self) -> Status {
        match self.items.first() {
            Some(item) if item.severity == Severity::Error => item.status,
            _ => Status::Ok,
        }
    }
}

/// Returns the bridge for a libvirt network name, or NULL if unknown. The string
/// is copied before the callback is called again. `network` is NUL-terminated
/// UTF-8 and valid only during the call.
pub type vifxml_network_resolver =
    Option<unsafe extern "C" fn(network: *const c_char, userdata: *mut c_void) -> *const c_char>;

/// A C resolver and its userdata, callable from any thread that converts with
/// the options it is set on (the caller promised that when setting it).
struct CResolver {
    callback: unsafe extern "C" fn(*const c_char, *mut c_void) -> *const c_char,
    userdata: usize,
}

impl NetworkResolver for CResolver {
    fn resolve(&self, network: &str) -> Option<String> {
        let network = CString::new(network).ok()?;
        // SAFETY: the callback and userdata were given together by the caller, who
        // guarantees they are valid for as long as the options are used.
        let bridge = unsafe { (self.callback)(network.as_ptr(), self.userdata as *mut c_void) };
        if bridge.is_null() {
            return None;
        }
        // SAFETY: a non-NULL answer is a NUL-terminated string valid until the
        // next call; it is copied at once.
        let bridge = unsafe { CStr::from_ptr(bridge) };
        Some(bridge.to_string_lossy().into_owned())
    }
}

#[cfg(test)]
thread_local! {
    /// Test-only: makes the next entry point on this thread panic inside its guard.
    pub(crate) static PANIC_NEXT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs an entry point's body: a panic becomes INTERNAL, an error becomes its
/// status and, if asked for, an error object; warnings of a success (only
/// collected when the options ask) become an error object whose status is OK.
fn guard(
    out_err: *mut *mut vifxml_error,
    body: impl FnOnce() -> Result<Vec<Diagnostic>, Error>,
) -> vifxml_status {
    if !out_err.is_null() {
        // SAFETY: out_err is a valid pointer to writable storage (caller contract).
        unsafe { *out_err = ptr::null_mut() };
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        #[cfg(test)]
        if PANIC_NEXT.with(|p| p.replace(false)) {
            panic!("test-only panic trigger");
        }
        body()
    }))
    .unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Err(Error::internal(what))
    });
    let (status, diagnostics) = match &result {
        Ok(warnings) => (Status::Ok, &warnings[..]),
        Err(error) => (error.status(), error.diagnostics()),
    };
    if !out_err.is_null() && !diagnostics.is_empty() {
        let boxed = Box::new(vifxml_error::new(diagnostics));
        // SAFETY: as above.
        unsafe { *out_err = Box::into_raw(boxed) };
    }
    status as u32
}

/// Like [`guard`] for entry points that report no error object.
fn guard_status(body: impl FnOnce() -> Result<(), Error>) -> vifxml_status {
    guard(ptr::null_mut(), || body().map(|()| Vec::new()))
}

fn null(argument: &'static str) -> Error {
    Error::null_argument(argument)
}

/// A conversion of the Rust API: the plain form.
type Conversion<T> = fn(&[u8], &Options) -> Result<T, Error>;
/// A conversion of the Rust API: the form that returns its warnings.
type WarnedConversion<T> = fn(&[u8], &Options) -> Result<Converted<T>, Error>;

/// Runs a conversion the way the options ask: with its warnings collected, or
/// the plain way (no warnings, nothing to pay for them).
#[inline(always)]
fn converted<T>(
    bytes: &[u8],
    options: &Options,
    plain: Conversion<T>,
    with_warnings: WarnedConversion<T>,
) -> Result<(T, Vec<Diagnostic>), Error> {
    match options.collects_warnings() {
        true => with_warnings(bytes, options).map(|done| (done.output, done.warnings)),
        false => Ok((plain(bytes, options)?, Vec::new())),
    }
}

/// The bytes behind a pointer and a length.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes that stay valid and unchanged for `'a`.
unsafe fn input<'a>(
    data: *const c_char,
    len: usize,
    argument: &'static str,
) -> Result<&'a [u8], Error> {
    if data.is_null() {
        return Err(null(argument));
    }
    if len > isize::MAX as usize {
        return Err(Error::invalid(format!(
            "{argument}_len {len} is larger than any object can be"
        )));
    }
    // SAFETY: non-NULL and, per the caller's contract, `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

/// The options a NULL options pointer stands for.
static DEFAULT_OPTIONS: Options = Options::new();

/// The options behind a pointer; NULL means the defaults.
///
/// # Safety
/// `opts` must be NULL or a live pointer from `vifxml_options_new`.
unsafe fn options_or_default<'a>(opts: *const vifxml_options) -> &'a Options {
    // SAFETY: per the caller's contract.
    unsafe { opts.as_ref() }.map_or(&DEFAULT_OPTIONS, |o| &o.options)
}

/// Hands a string to C: NUL-terminated, freed with `vifxml_string_free`.
///
/// Outputs hold no NUL: every value written was validated on its way into the
/// model, and NUL is in no value's allowed characters. Should one ever hold a
/// NUL all the same, C would read it cut short and `vifxml_string_free` (which
/// finds the end with strlen) would free the buffer with the wrong size: so it
/// is checked here, in every build, and refused as INTERNAL. The check is a
/// scan, not a copy: the core leaves room for the NUL, so the buffer is handed
/// over without moving or shrinking it.
fn into_c_string(s: String) -> Result<*mut c_char, Error> {
    if has_nul(s.as_bytes()) {
        return Err(nul_in_output(&s));
    }
    // SAFETY: `s` holds no NUL, checked just above.
    Ok(unsafe { CString::from_vec_unchecked(s.into_bytes()) }.into_raw())
}

/// Whether `bytes` holds a NUL: a scan with no early exit, which the compiler
/// turns into vector instructions (on the short strings outputs are, a search,
/// memchr, costs several times more). It goes 32 bytes at a time, and the
/// bytes left over are looked at as part of the last 32: a loop over them
/// would cost as much as the rest of the scan.
fn has_nul(bytes: &[u8]) -> bool {
    const STEP: usize = 32;
    let any_nul = |part: &[u8]| part.iter().fold(false, |nul, &b| nul | (b == 0));
    let Some(last) = bytes.len().checked_sub(STEP) else {
        return any_nul(bytes);
    };
    let whole = bytes
        .chunks_exact(STEP)
        .fold(false, |nul, chunk| nul | any_nul(chunk));
    whole | any_nul(&bytes[last..])
}

#[cold]
fn nul_in_output(s: &str) -> Error {
    let at = s.bytes().position(|b| b == 0).unwrap_or_default();
    Error::internal(format!(
        "an output of {} bytes holds a NUL byte at byte {at}, which no output may hold; \
         it was not returned",
        s.len()
    ))
}

/// Hands strings to C as a NULL-terminated array of [`into_c_string`]s,
/// freed with `vifxml_strings_free`; on an error nothing is handed over.
fn into_c_strings(strings: Vec<String>) -> Result<*mut *mut c_char, Error> {
    let mut array: Vec<*mut c_char> = Vec::with_capacity(strings.len() + 1);
    for s in strings {
        match into_c_string(s) {
            Ok(p) => array.push(p),
            Err(e) => {
                for p in array {
                    // SAFETY: made by into_c_string just above, not handed out.
                    unsafe { vifxml_string_free(p) };
                }
                return Err(e);
            }
        }
    }
    array.push(ptr::null_mut());
    Ok(Box::into_raw(array.into_boxed_slice()).cast::<*mut c_char>())
}

/// Writes `value` through `out` if `out` is not NULL.
///
/// # Safety
/// `out` must be NULL or valid for writes.
unsafe fn set<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: per the caller's contract.
        unsafe { out.write(value) };
    }
}

/// Runs a conversion from one input to one string output.
///
/// # Safety
/// As for the entry points that call it.
unsafe fn convert_one(
    data: *const c_char,
    len: usize,
    opts: *const vifxml_options,
    out: *mut *mut c_char,
    out_err: *mut *mut vifxml_error,
    (argument, out_argument): (&'static str, &'static str),
    (plain, with_warnings): (Conversion<String>, WarnedConversion<String>),
) -> vifxml_status {
    // SAFETY: out is NULL or writable (caller contract).
    unsafe { set(out, ptr::null_mut()) };
    guard(out_err, || {
        if out.is_null() {
            return Err(null(out_argument));
        }
        // SAFETY: per the caller's contract for data/len and opts.
        let (bytes, options) = unsafe { (input(data, len, argument)?, options_or_default(opts)) };
        let (output, warnings) = converted(bytes, options, plain, with_warnings)?;
        let text = into_c_string(output)?;
        // SAFETY: out was checked non-NULL.
        unsafe { *out = text };
        Ok(warnings)
    })
}

/// Creates an options object holding the defaults: xl, newest behaviour, guest
/// kind automatic, not strict, no networks. Returns NULL only if a panic was
/// caught. Free it with vifxml_options_free.
#[no_mangle]
pub extern "C" fn vifxml_options_new() -> *mut vifxml_options {
    catch_unwind(|| {
        Box::into_raw(Box::new(vifxml_options {
            options: Options::default(),
        }))
    })
    .unwrap_or(ptr::null_mut())
}

/// Frees an options object. NULL is accepted and ignored.
///
/// # Safety
/// `opts` must be NULL or a pointer from vifxml_options_new not freed before,
/// and no conversion may be using it.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_free(opts: *mut vifxml_options) {
    if !opts.is_null() {
        // SAFETY: per the contract above, this is the Box created by vifxml_options_new.
        drop(unsafe { Box::from_raw(opts) });
    }
}

/// Runs a setter on the options.
///
/// # Safety
/// `opts` must be NULL or a live options pointer not used by another thread.
unsafe fn with_options(
    opts: *mut vifxml_options,
    set: impl FnOnce(&mut Options) -> Result<(), Error>,
) -> vifxml_status {
    guard_status(|| {
        // SAFETY: per the caller's contract.
        let opts = unsafe { opts.as_mut() }.ok_or_else(|| null("opts"))?;
        set(&mut opts.options)
    })
}

/// Chooses the dialect: VIFXML_DIALECT_XL (default), _XM or _SXPR. An unknown
/// value is VIFXML_STATUS_INVALID_OPTION and leaves the options unchanged.
///
/// # Safety
/// `opts` must be NULL (VIFXML_STATUS_NULL_ARGUMENT) or a live options pointer
/// that no other thread uses during the call.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_set_dialect(
    opts: *mut vifxml_options,
    dialect: u32,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            let dialect = match dialect {
                VIFXML_DIALECT_XL => Dialect::Xl,
                VIFXML_DIALECT_XM => Dialect::Xm,
                VIFXML_DIALECT_SXPR => Dialect::Sxpr,
                other => {
                    return Err(Error::invalid_option(format!(
                        "dialect {other} is not VIFXML_DIALECT_XL, _XM or _SXPR"
                    )))
                }
            };
            o.set_dialect(dialect);
            Ok(())
        })
    }
}

/// Chooses the guest kind: VIFXML_GUEST_AUTO (default), _HVM, _PV or _PVH. An
/// unknown value is VIFXML_STATUS_INVALID_OPTION and leaves the options unchanged.
///
/// # Safety
/// As for vifxml_options_set_dialect.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_set_guest(
    opts: *mut vifxml_options,
    guest: u32,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            let guest = match guest {
                VIFXML_GUEST_AUTO => Guest::Auto,
                VIFXML_GUEST_HVM => Guest::Hvm,
                VIFXML_GUEST_PV => Guest::Pv,
                VIFXML_GUEST_PVH => Guest::Pvh,
                other => {
                    return Err(Error::invalid_option(format!(
                        "guest {other} is not VIFXML_GUEST_AUTO, _HVM, _PV or _PVH"
                    )))
                }
            };
            o.set_guest(guest);
            Ok(())
        })
    }
}

/// Chooses the Xen version to write for. Whether it suits the dialect (xl needs
/// 4.1 or newer; xm and sxpr need 3.0.2 up to 4.4.x) is checked by each
/// conversion, which returns VIFXML_STATUS_INVALID_OPTION if not.
///
/// # Safety
/// As for vifxml_options_set_dialect.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_set_xen_version(
    opts: *mut vifxml_options,
    major: u32,
    minor: u32,
    micro: u32,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            o.set_xen_version(XenVersion::new(major, minor, micro));
            Ok(())
        })
    }
}

/// Turns strict mode on or off. Off (the default), XML that cannot be translated
/// is ignored as libvirt does; on, it is VIFXML_STATUS_UNSUPPORTED naming it.
///
/// # Safety
/// As for vifxml_options_set_dialect.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_set_strict(
    opts: *mut vifxml_options,
    strict: bool,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            o.set_strict(strict);
            Ok(())
        })
    }
}

/// Turns the collecting of warnings on or off (off by default). Warnings say what
/// the output leaves out or adjusts: an untranslatable element, attribute or vif
/// key, a dropped rate interval, a rounded rate, a generated interface name, a
/// skipped hostdev NIC or config statement.
///
/// On, a call that succeeds with warnings also writes *out_err: an object whose
/// status is VIFXML_STATUS_OK and whose diagnostics are the warnings (the caller
/// frees it with vifxml_error_free; with no warnings *out_err stays NULL); a call
/// that fails lists its warnings after its errors. Off, nothing is collected and
/// nothing costs anything.
///
/// # Safety
/// As for vifxml_options_set_dialect.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_set_warnings(
    opts: *mut vifxml_options,
    collect: bool,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            o.set_warnings(collect);
            Ok(())
        })
    }
}

/// Maps a libvirt network name to a bridge (both NUL-terminated UTF-8). Adding a
/// name again replaces its bridge. The bridge must be a safe interface name
/// (VIFXML_STATUS_UNSAFE_VALUE otherwise); an empty network name is
/// VIFXML_STATUS_INVALID_OPTION. The strings are copied.
///
/// # Safety
/// `opts` as for vifxml_options_set_dialect; `network` and `bridge` must be NULL
/// (VIFXML_STATUS_NULL_ARGUMENT) or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_add_network(
    opts: *mut vifxml_options,
    network: *const c_char,
    bridge: *const c_char,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            let text = |p: *const c_char, argument: &'static str| -> Result<&str, Error> {
                if p.is_null() {
                    return Err(null(argument));
                }
                // SAFETY: non-NULL and NUL-terminated per the contract.
                let bytes = CStr::from_ptr(p).to_bytes();
                crate::error::utf8_text(bytes)
                    .map(|(s, _)| s)
                    .map_err(|e| e.prefixed(&format!("{argument}: ")))
            };
            let (network, bridge) = (text(network, "network")?, text(bridge, "bridge")?);
            o.add_network(network, bridge)
        })
    }
}

/// Sets (or, with a NULL resolver, removes) the callback asked for networks the
/// table does not know. Its answer is checked like a table entry at conversion.
///
/// # Safety
/// `opts` as for vifxml_options_set_dialect. `resolver` and `userdata` must stay
/// valid while the options are used, and the resolver must be safe to call from
/// every thread that converts with these options at the same time.
#[no_mangle]
pub unsafe extern "C" fn vifxml_options_set_network_resolver(
    opts: *mut vifxml_options,
    resolver: vifxml_network_resolver,
    userdata: *mut c_void,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        with_options(opts, |o| {
            let resolver = resolver.map(|callback| {
                Arc::new(CResolver {
                    callback,
                    userdata: userdata as usize,
                }) as Arc<dyn NetworkResolver>
            });
            o.set_resolver(resolver);
            Ok(())
        })
    }
}

/// Converts a document whose root is `<interface>` into one vif: a vif string
/// (xl, xm) or a (vif ...) S-expression (sxpr). The guest is HVM unless the
/// options say otherwise.
///
/// On success *out_vif is a NUL-terminated string to free with
/// vifxml_string_free. On failure *out_vif is NULL and, if out_err is not NULL,
/// *out_err is an error object to free with vifxml_error_free (else NULL).
/// Reentrant and thread-safe; options may be shared between threads.
///
/// # Safety
/// `xml` must be NULL (VIFXML_STATUS_NULL_ARGUMENT) or point to `xml_len`
/// readable bytes (no NUL terminator needed). `opts` must be NULL (defaults) or a
/// live options pointer. `out_vif` must be NULL (VIFXML_STATUS_NULL_ARGUMENT) or
/// writable; `out_err` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn vifxml_interface_to_vif(
    xml: *const c_char,
    xml_len: usize,
    opts: *const vifxml_options,
    out_vif: *mut *mut c_char,
    out_err: *mut *mut vifxml_error,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        convert_one(
            xml,
            xml_len,
            opts,
            out_vif,
            out_err,
            ("xml", "out_vif"),
            (
                crate::interface_to_vif,
                crate::interface_to_vif_with_warnings,
            ),
        )
    }
}

/// Converts every devices/interface of a `<domain>`, in document order, into an
/// array of vifs (vif strings or (vif ...) expressions, as for
/// vifxml_interface_to_vif). The guest kind comes from `<os><type>` unless the
/// options set it.
///
/// On success *out_vifs is an array of *out_count strings followed by a NULL
/// (with no interfaces: count 0 and an array holding only the NULL); free it with
/// vifxml_strings_free(*out_vifs, *out_count). On failure *out_vifs is NULL and
/// *out_count 0. Errors as for vifxml_interface_to_vif.
///
/// # Safety
/// As for vifxml_interface_to_vif; `out_vifs` and `out_count` must be NULL
/// (VIFXML_STATUS_NULL_ARGUMENT) or writable.
#[no_mangle]
pub unsafe extern "C" fn vifxml_domain_to_vifs(
    xml: *const c_char,
    xml_len: usize,
    opts: *const vifxml_options,
    out_vifs: *mut *mut *mut c_char,
    out_count: *mut usize,
    out_err: *mut *mut vifxml_error,
) -> vifxml_status {
    // SAFETY: out pointers are NULL or writable (caller contract).
    unsafe {
        set(out_vifs, ptr::null_mut());
        set(out_count, 0);
    }
    guard(out_err, || {
        if out_vifs.is_null() {
            return Err(null("out_vifs"));
        }
        if out_count.is_null() {
            return Err(null("out_count"));
        }
        // SAFETY: per the caller's contract for xml/xml_len and opts.
        let (bytes, options) = unsafe { (input(xml, xml_len, "xml")?, options_or_default(opts)) };
        let (vifs, warnings) = converted(
            bytes,
            options,
            crate::domain_to_vifs,
            crate::domain_to_vifs_with_warnings,
        )?;
        let count = vifs.len();
        let array = into_c_strings(vifs)?;
        // SAFETY: both checked non-NULL above.
        unsafe {
            *out_vifs = array;
            *out_count = count;
        }
        Ok(warnings)
    })
}

/// Converts a `<domain>`'s interfaces into the config form: for xl and xm the line
/// `vif = [ "A", "B" ]` and a newline (`vif = []` with no interfaces), written so
/// that libxlutil and Python both read back exactly A and B; for sxpr the
/// (device (vif ...)) items concatenated, then a newline.
///
/// Ownership and errors as for vifxml_interface_to_vif (free *out_config with
/// vifxml_string_free).
///
/// # Safety
/// As for vifxml_interface_to_vif.
#[no_mangle]
pub unsafe extern "C" fn vifxml_domain_to_config(
    xml: *const c_char,
    xml_len: usize,
    opts: *const vifxml_options,
    out_config: *mut *mut c_char,
    out_err: *mut *mut vifxml_error,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        convert_one(
            xml,
            xml_len,
            opts,
            out_config,
            out_err,
            ("xml", "out_config"),
            (
                crate::domain_to_config,
                crate::domain_to_config_with_warnings,
            ),
        )
    }
}

/// Converts one vif — a vif string for xl and xm, a (vif ...) S-expression for
/// sxpr, as the options' dialect says — into a canonical `<interface>` document
/// (no XML declaration, two-space indentation, ending in a newline).
///
/// Ownership and errors as for vifxml_interface_to_vif (free *out_xml with
/// vifxml_string_free).
///
/// # Safety
/// As for vifxml_interface_to_vif, with `vif`/`vif_len` for the input.
#[no_mangle]
pub unsafe extern "C" fn vifxml_vif_to_interface(
    vif: *const c_char,
    vif_len: usize,
    opts: *const vifxml_options,
    out_xml: *mut *mut c_char,
    out_err: *mut *mut vifxml_error,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        convert_one(
            vif,
            vif_len,
            opts,
            out_xml,
            out_err,
            ("vif", "out_xml"),
            (
                crate::vif_to_interface,
                crate::vif_to_interface_with_warnings,
            ),
        )
    }
}

/// Reads the `vif` setting of a whole xl or xm config text (xl.cfg syntax:
/// comments, both quote styles, escapes, `vif += [...]`) into a `<devices>`
/// document holding one canonical `<interface>` per entry, in order. Errors name
/// the config line. The sxpr dialect is VIFXML_STATUS_INVALID_OPTION.
///
/// The text is bytes, as libxlutil reads it: comments and other settings may
/// hold any byte (a Latin-1 comment, say); the vif setting itself must be UTF-8
/// (VIFXML_STATUS_INVALID_UTF8). For xm, a Python statement the config grammar
/// cannot read (`import`, `def`, a call) is skipped, with a warning when
/// warnings are on, unless it mentions `vif` (then VIFXML_STATUS_VIF_SYNTAX,
/// as is any such statement in strict mode).
///
/// Ownership and errors as for vifxml_interface_to_vif (free *out_xml with
/// vifxml_string_free).
///
/// # Safety
/// As for vifxml_interface_to_vif, with `config`/`config_len` for the input.
#[no_mangle]
pub unsafe extern "C" fn vifxml_config_to_interfaces(
    config: *const c_char,
    config_len: usize,
    opts: *const vifxml_options,
    out_xml: *mut *mut c_char,
    out_err: *mut *mut vifxml_error,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe {
        convert_one(
            config,
            config_len,
            opts,
            out_xml,
            out_err,
            ("config", "out_xml"),
            (
                crate::config_to_interfaces,
                crate::config_to_interfaces_with_warnings,
            ),
        )
    }
}

/// Frees a string returned by vifxml. NULL is accepted and ignored.
///
/// # Safety
/// `s` must be NULL or a string returned by a vifxml function and not freed
/// before (never one from a vifxml_strings_free'd array, nor free()d).
#[no_mangle]
pub unsafe extern "C" fn vifxml_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: per the contract, s came from into_c_string, a CString's
        // into_raw: no NUL before its end, so from_raw finds its exact size.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// Frees an array from vifxml_domain_to_vifs and every string in it. NULL is
/// accepted and ignored.
///
/// # Safety
/// `strings` must be NULL or an array returned by vifxml_domain_to_vifs, not
/// freed before, and `count` the count returned with it.
#[no_mangle]
pub unsafe extern "C" fn vifxml_strings_free(strings: *mut *mut c_char, count: usize) {
    if strings.is_null() {
        return;
    }
    // SAFETY: per the contract, strings is the boxed slice of count + 1 pointers
    // made by vifxml_domain_to_vifs.
    let array = unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(strings, count + 1)) };
    for &s in array.iter() {
        // SAFETY: each entry is a string from into_c_string, or the final NULL.
        unsafe { vifxml_string_free(s) };
    }
}

/// The status an error object reports: its first error's, or VIFXML_STATUS_OK
/// for an object holding only warnings; VIFXML_STATUS_NULL_ARGUMENT for NULL.
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_status(err: *const vifxml_error) -> vifxml_status {
    // SAFETY: per the contract.
    unsafe { err.as_ref() }.map_or(VIFXML_STATUS_NULL_ARGUMENT, |e| e.status() as u32)
}

/// The message of the error object's first diagnostic (item 0): what was wrong,
/// where, and what to do. Owned by the error object (valid until
/// vifxml_error_free). NULL for NULL.
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_message(err: *const vifxml_error) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { vifxml_error_item_message(err, 0) }
}

/// The byte offset in the input that item 0 refers to, or SIZE_MAX when there is
/// none (and for NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_offset(err: *const vifxml_error) -> usize {
    // SAFETY: forwarded contract.
    unsafe { vifxml_error_item_offset(err, 0) }
}

/// Item `i` of an error object, if there is one.
///
/// # Safety
/// `err` must be NULL or a live error object.
unsafe fn item<'a>(err: *const vifxml_error, i: usize) -> Option<&'a Item> {
    // SAFETY: per the contract.
    unsafe { err.as_ref() }?.items.get(i)
}

/// How many diagnostics an error object holds (at least 1); 0 for NULL. Items
/// are numbered from 0: the errors first, in input order, then the warnings, in
/// input order; at most 100 in all. Item 0 is what vifxml_error_status,
/// vifxml_error_message, vifxml_error_offset, vifxml_error_line and
/// vifxml_error_column describe.
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_count(err: *const vifxml_error) -> usize {
    // SAFETY: per the contract.
    unsafe { err.as_ref() }.map_or(0, |e| e.items.len())
}

/// Item `i`'s severity: VIFXML_SEVERITY_ERROR or VIFXML_SEVERITY_WARNING;
/// UINT32_MAX if `i` is out of range (or `err` is NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_severity(err: *const vifxml_error, i: usize) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }.map_or(u32::MAX, |item| item.severity as u32)
}

/// Item `i`'s status: for an error, what it failed with; for a warning, what
/// strict mode would have returned (VIFXML_STATUS_OK if strict mode accepts it
/// too). VIFXML_STATUS_NULL_ARGUMENT if `i` is out of range (or `err` is NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_status(
    err: *const vifxml_error,
    i: usize,
) -> vifxml_status {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }.map_or(VIFXML_STATUS_NULL_ARGUMENT, |item| item.status as u32)
}

/// Item `i`'s message, owned by the error object (valid until
/// vifxml_error_free); NULL if `i` is out of range (or `err` is NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_message(
    err: *const vifxml_error,
    i: usize,
) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }.map_or(ptr::null(), |item| item.message.as_ptr())
}

/// Item `i`'s path, naming its place structurally: in XML the element steps from
/// the root, with the 1-based index of every interface below the root and the
/// attribute last (`/domain/devices/interface[2]/source/@network`); in a vif the
/// key (`rate`); in a config file the entry and key (`vif[2]/rate`). "" when no
/// place fits; NULL if `i` is out of range (or `err` is NULL). Owned by the error
/// object.
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_path(
    err: *const vifxml_error,
    i: usize,
) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }.map_or(ptr::null(), |item| item.path.as_ptr())
}

/// Item `i`'s byte offset in the input; SIZE_MAX if it has none or `i` is out of
/// range (or `err` is NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_offset(err: *const vifxml_error, i: usize) -> usize {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }
        .and_then(|item| item.offset)
        .unwrap_or(usize::MAX)
}

/// Item `i`'s 1-based line in the input (lines end at '\n'); 0 if it has no place
/// or `i` is out of range (or `err` is NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_line(err: *const vifxml_error, i: usize) -> usize {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }.map_or(0, |item| item.line)
}

/// Item `i`'s 1-based column: bytes from the start of its line, plus one; 0 if it
/// has no place or `i` is out of range (or `err` is NULL).
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_item_column(err: *const vifxml_error, i: usize) -> usize {
    // SAFETY: forwarded contract.
    unsafe { item(err, i) }.map_or(0, |item| item.column)
}

/// Item 0's line, as vifxml_error_item_line(err, 0); 0 for NULL.
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_line(err: *const vifxml_error) -> usize {
    // SAFETY: forwarded contract.
    unsafe { vifxml_error_item_line(err, 0) }
}

/// Item 0's column, as vifxml_error_item_column(err, 0); 0 for NULL.
///
/// # Safety
/// `err` must be NULL or a live error object.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_column(err: *const vifxml_error) -> usize {
    // SAFETY: forwarded contract.
    unsafe { vifxml_error_item_column(err, 0) }
}

/// Frees an error object. NULL is accepted and ignored.
///
/// # Safety
/// `err` must be NULL or an error object from vifxml not freed before.
#[no_mangle]
pub unsafe extern "C" fn vifxml_error_free(err: *mut vifxml_error) {
    if !err.is_null() {
        // SAFETY: per the contract, err is the Box made in guard().
        drop(unsafe { Box::from_raw(err) });
    }
}

/// The fixed name of a status ("OK", "NULL_ARGUMENT", ...), or "unknown status".
/// The string is static: never free it.
#[no_mangle]
pub extern "C" fn vifxml_status_str(status: u32) -> *const c_char {
    Status::from_u32(status)
        .map_or(c"unknown status", Status::c_name)
        .as_ptr()
}

/// The library's version, e.g. "0.2.0". The string is static: never free it.
#[no_mangle]
pub extern "C" fn vifxml_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The version of the library actually loaded, as one number:
/// `major << 16 | minor << 8 | patch` (0x000200 for 0.2.0), the same packing
/// as the header's VIFXML_VERSION_* macros give. Comparing the two tells the
/// version a program was built against from the one it runs with; the numbers
/// only grow from one release to the next. Cannot fail.
#[no_mangle]
pub extern "C" fn vifxml_version_number() -> u32 {
    VERSION_NUMBER
}

/// Cargo's version of this crate packed as vifxml_version_number returns it,
/// computed when the crate is compiled: nothing is parsed at run time.
const VERSION_NUMBER: u32 = (version_part(env!("CARGO_PKG_VERSION_MAJOR")) << 16)
    | (version_part(env!("CARGO_PKG_VERSION_MINOR")) << 8)
    | version_part(env!("CARGO_PKG_VERSION_PATCH"));

/// One decimal part of the version; a part above 255 does not fit the packing
/// and stops the build.
const fn version_part(digits: &str) -> u32 {
    let bytes = digits.as_bytes();
    assert!(!bytes.is_empty(), "an empty version part");
    let mut value = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        assert!(bytes[i].is_ascii_digit(), "a version part is decimal");
        value = value * 10 + (bytes[i] - b'0') as u32;
        assert!(
            value <= 255,
            "a version part above 255 does not fit vifxml_version_number"
        );
        i += 1;
    }
    value
}

/// Largest XML document, in bytes, that a conversion reads
/// (`vifxml::MAX_INPUT_BYTES`, 256 MiB); a larger one is VIFXML_STATUS_INVALID.
pub const VIFXML_MAX_INPUT_BYTES: usize = 268435456;

/// Deepest element nesting an XML input may have (`vifxml::MAX_DEPTH`); an
/// element deeper than this fails with VIFXML_STATUS_INVALID at its offset.
pub const VIFXML_MAX_DEPTH: usize = 256;

// The C macros are written out for cbindgen; they are the Rust limits.
const _: () = assert!(VIFXML_MAX_INPUT_BYTES == crate::MAX_INPUT_BYTES);
const _: () = assert!(VIFXML_MAX_DEPTH == crate::MAX_DEPTH);

#[cfg(test)]
mod tests;
