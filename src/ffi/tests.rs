//! The C API's own guarantees, exercised from Rust: panics never cross into C,
//! outputs are always written, ownership round-trips through the free functions.

use std::ffi::{c_char, CStr};
use std::ptr;

use super::*;

fn message(err: *const vifxml_error) -> String {
    // SAFETY: err is a live error object from a call below.
    unsafe { CStr::from_ptr(vifxml_error_message(err)) }
        .to_string_lossy()
        .into_owned()
}

const XML: &str = "<interface type='bridge'><source bridge='br0'/></interface>";
const DOMAIN: &str = "<domain><os><type>hvm</type></os><devices><interface type='bridge'><source bridge='br0'/></interface></devices></domain>";

/// Arms the test-only trigger so the next guarded body on this thread panics.
fn panic_next() {
    PANIC_NEXT.with(|p| p.set(true));
}

fn assert_internal(status: vifxml_status, err: *mut vifxml_error) {
    assert_eq!(status, VIFXML_STATUS_INTERNAL);
    // SAFETY: err came from the call that returned status.
    unsafe {
        assert_eq!(vifxml_error_status(err), VIFXML_STATUS_INTERNAL);
        assert_eq!(vifxml_error_offset(err), usize::MAX);
        assert!(
            message(err).contains("test-only panic trigger"),
            "{}",
            message(err)
        );
        vifxml_error_free(err);
    }
}

#[test]
fn a_panic_in_any_entry_point_is_internal() {
    let one: [(
        &str,
        unsafe extern "C" fn(
            *const c_char,
            usize,
            *const vifxml_options,
            *mut *mut c_char,
            *mut *mut vifxml_error,
        ) -> vifxml_status,
    ); 4] = [
        (XML, vifxml_interface_to_vif),
        (DOMAIN, vifxml_domain_to_config),
        ("bridge=br0", vifxml_vif_to_interface),
        ("vif = []", vifxml_config_to_interfaces),
    ];
    for (input, entry) in one {
        let (mut out, mut err) = (ptr::dangling_mut::<c_char>(), ptr::null_mut());
        panic_next();
        // SAFETY: valid input slice and out pointers.
        let status = unsafe {
            entry(
                input.as_ptr().cast(),
                input.len(),
                ptr::null(),
                &mut out,
                &mut err,
            )
        };
        assert!(out.is_null(), "output written NULL on failure");
        assert_internal(status, err);
    }
    let (mut vifs, mut count, mut err) = (ptr::dangling_mut(), 7usize, ptr::null_mut());
    panic_next();
    // SAFETY: as above.
    let status = unsafe {
        vifxml_domain_to_vifs(
            DOMAIN.as_ptr().cast(),
            DOMAIN.len(),
            ptr::null(),
            &mut vifs,
            &mut count,
            &mut err,
        )
    };
    assert!(vifs.is_null() && count == 0);
    assert_internal(status, err);
    // SAFETY: a live options object, freed at the end.
    unsafe {
        let opts = vifxml_options_new();
        let setters: [unsafe fn(*mut vifxml_options) -> vifxml_status; 6] = [
            |o| vifxml_options_set_dialect(o, VIFXML_DIALECT_XM),
            |o| vifxml_options_set_guest(o, VIFXML_GUEST_PV),
            |o| vifxml_options_set_xen_version(o, 4, 1, 0),
            |o| vifxml_options_set_strict(o, true),
            |o| vifxml_options_add_network(o, c"n".as_ptr(), c"br0".as_ptr()),
            |o| vifxml_options_set_network_resolver(o, None, ptr::null_mut()),
        ];
        for set in setters {
            panic_next();
            assert_eq!(set(opts), VIFXML_STATUS_INTERNAL);
        }
        vifxml_options_free(opts);
    }
    // The trigger is spent: the next call works.
    let (mut out, mut err) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: as above.
    let status = unsafe {
        vifxml_interface_to_vif(
            XML.as_ptr().cast(),
            XML.len(),
            ptr::null(),
            &mut out,
            &mut err,
        )
    };
    assert_eq!(status, VIFXML_STATUS_OK);
    // SAFETY: out is a vifxml string.
    unsafe {
        assert_eq!(
            CStr::from_ptr(out).to_str().unwrap(),
            "bridge=br0,script=vif-bridge"
        );
        vifxml_string_free(out);
    }
}

#[test]
fn errors_carry_status_message_and_offset() {
    let input = "<interface type='bridge'><source bridge='br 0'/></interface>";
    let (mut out, mut err) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid input and out pointers.
    let status = unsafe {
        vifxml_interface_to_vif(
            input.as_ptr().cast(),
            input.len(),
            ptr::null(),
            &mut out,
            &mut err,
        )
    };
    assert_eq!(status, VIFXML_STATUS_UNSAFE_VALUE);
    // SAFETY: err is live until freed.
    unsafe {
        assert_eq!(vifxml_error_status(err), VIFXML_STATUS_UNSAFE_VALUE);
        assert_eq!(vifxml_error_offset(err), 41);
        assert!(message(err).contains("bridge"), "{}", message(err));
        vifxml_error_free(err);
    }
    // Without an error object the status is still returned.
    // SAFETY: as above.
    let status = unsafe {
        vifxml_interface_to_vif(
            input.as_ptr().cast(),
            input.len(),
            ptr::null(),
            &mut out,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, VIFXML_STATUS_UNSAFE_VALUE);
}

#[test]
fn strings_and_arrays_round_trip_through_the_free_functions() {
    let domain = "<domain><os><type>linux</type></os><devices><interface type='bridge'><source bridge='a'/></interface><interface type='ethernet'/></devices></domain>";
    let (mut vifs, mut count) = (ptr::null_mut(), 0usize);
    // SAFETY: valid input and out pointers; the array is freed with its count.
    unsafe {
        let status = vifxml_domain_to_vifs(
            domain.as_ptr().cast(),
            domain.len(),
            ptr::null(),
            &mut vifs,
            &mut count,
            ptr::null_mut(),
        );
        assert_eq!((status, count), (VIFXML_STATUS_OK, 2));
        assert_eq!(
            CStr::from_ptr(*vifs).to_str().unwrap(),
            "bridge=a,script=vif-bridge"
        );
        assert_eq!(CStr::from_ptr(*vifs.add(1)).to_str().unwrap(), "");
        assert!((*vifs.add(2)).is_null());
        vifxml_strings_free(vifs, count);
        vifxml_strings_free(ptr::null_mut(), 0);
        vifxml_string_free(ptr::null_mut());
        vifxml_error_free(ptr::null_mut());
        vifxml_options_free(ptr::null_mut());
    }
}

#[test]
fn status_names_and_version() {
    // SAFETY: static strings.
    let name = |s| {
        unsafe { CStr::from_ptr(vifxml_status_str(s)) }
            .to_str()
            .unwrap()
    };
    for &status in crate::Status::ALL {
        assert_eq!(name(status as u32), status.name());
    }
    assert_eq!(name(11), "unknown status");
    assert_eq!(name(u32::MAX), "unknown status");
    // SAFETY: static string.
    assert_eq!(
        unsafe { CStr::from_ptr(vifxml_version()) }
            .to_str()
            .unwrap(),
        env!("CARGO_PKG_VERSION")
    );
}

/// The header's status constants are the status table, name for name and value
/// for value (they are written out in the FFI module for cbindgen; this pairs them).
#[test]
fn the_c_status_constants_are_the_status_table() {
    let header = include_str!("../../include/vifxml.h");
    let defined: Vec<(&str, u32)> = header
        .lines()
        .filter_map(|line| line.strip_prefix("#define VIFXML_STATUS_"))
        .map(|rest| {
            let (name, value) = rest.split_once(' ').expect("#define NAME VALUE");
            (name, value.trim().parse().expect("a number"))
        })
        .collect();
    let table: Vec<(&str, u32)> = crate::Status::ALL
        .iter()
        .map(|&s| (s.name(), s as u32))
        .collect();
    assert_eq!(defined, table);
    let severities: Vec<(&str, u32)> = header
        .lines()
        .filter_map(|line| line.strip_prefix("#define VIFXML_SEVERITY_"))
        .filter_map(|rest| rest.split_once(' '))
        .map(|(name, value)| (name, value.trim().parse().unwrap()))
        .collect();
    assert_eq!(
        severities,
        [
            ("ERROR", crate::Severity::Error as u32),
            ("WARNING", crate::Severity::Warning as u32)
        ]
    );
}

/// The scan finds a NUL wherever it is, the bytes past the last whole 32
/// included, and finds none where there is none.
#[test]
fn has_nul_looks_at_every_byte() {
    for len in 0..100 {
        let mut bytes = vec![b'x'; len];
        assert!(!has_nul(&bytes), "{len}");
        for at in 0..len {
            bytes[at] = 0;
            assert!(has_nul(&bytes), "{len} {at}");
            bytes[at] = b'x';
        }
    }
}

#[test]
fn an_output_holding_a_nul_is_internal_never_handed_out() {
    // The normal case: the buffer the core made, with room for the NUL, is
    // handed over as it is.
    let mut text = String::with_capacity(11);
    text.push_str("bridge=br0");
    let buffer = text.as_ptr();
    let p = into_c_string(text).unwrap();
    assert_eq!(p.cast_const().cast::<u8>(), buffer, "moved or reallocated");
    // SAFETY: a string from into_c_string, freed once.
    unsafe {
        assert_eq!(CStr::from_ptr(p).to_str().unwrap(), "bridge=br0");
        vifxml_string_free(p);
    }

    // A NUL inside: refused, in release builds too.
    let e = into_c_string("bridge=br0\0,script=x".to_string()).unwrap_err();
    assert_eq!(e.status(), crate::Status::Internal);
    assert_eq!(
        e.to_string(),
        "internal error (a bug in vifxml, please report it): an output of 20 bytes holds a \
         NUL byte at byte 10, which no output may hold; it was not returned"
    );
    let e = into_c_strings(vec!["a".into(), "b".into(), "c\0".into()]).unwrap_err();
    assert_eq!(e.status(), crate::Status::Internal);
    let array = into_c_strings(vec!["a".into(), String::new()]).unwrap();
    // SAFETY: an array of two strings from into_c_strings, freed once.
    unsafe {
        assert_eq!(CStr::from_ptr(*array).to_str().unwrap(), "a");
        assert_eq!(CStr::from_ptr(*array.add(1)).to_str().unwrap(), "");
        assert!((*array.add(2)).is_null());
        vifxml_strings_free(array, 2);
    }

    // Through an entry point's body: INTERNAL, the output NULL, the reason in
    // the error object.
    fn nul_output(_: &[u8], _: &Options) -> Result<String, Error> {
        Ok("mac=00:16:3e:00:00:01\0".to_string())
    }
    fn nul_output_with_warnings(_: &[u8], _: &Options) -> Result<Converted<String>, Error> {
        unreachable!("warnings are off")
    }
    let (mut out, mut err) = (ptr::dangling_mut::<c_char>(), ptr::null_mut());
    // SAFETY: a valid input slice and out pointers.
    let status = unsafe {
        convert_one(
            XML.as_ptr().cast(),
            XML.len(),
            ptr::null(),
            &mut out,
            &mut err,
            ("xml", "out_vif"),
            (nul_output, nul_output_with_warnings),
        )
    };
    assert_eq!(status, VIFXML_STATUS_INTERNAL);
    assert!(out.is_null());
    // SAFETY: err came from the call above.
    unsafe {
        assert_eq!(vifxml_error_status(err), VIFXML_STATUS_INTERNAL);
        assert_eq!(vifxml_error_offset(err), usize::MAX);
        assert!(
            message(err).starts_with(
                "internal error (a bug in vifxml, please report it): an output of 22 bytes \
                 holds a NUL byte at byte 21"
            ),
            "{}",
            message(err)
        );
        vifxml_error_free(err);
    }
}
