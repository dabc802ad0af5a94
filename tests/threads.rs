//! Many threads converting a mix of inputs at once, sharing one `Options` per
//! dialect (Rust) and one `vifxml_options*` per dialect (C, with a resolver
//! callback), get exactly what one thread gets: same output, or same status,
//! message and offset (SPEC §7: reentrant, thread-safe, no global or
//! thread-local state).

mod common;

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use common::COptions;
use vifxml::ffi::*;
use vifxml::{
    config_to_interfaces, domain_to_config, domain_to_vifs, interface_to_vif, vif_to_interface,
    Dialect, Error, Options,
};

const THREADS: usize = 8;
const ITERATIONS: usize = 500;
const DIALECTS: [Dialect; 3] = [Dialect::Xl, Dialect::Xm, Dialect::Sxpr];

#[derive(Clone, Copy, Debug)]
enum Call {
    Interface,
    DomainVifs,
    DomainConfig,
    Vif,
    Config,
}

/// One conversion to run: which function, which shared options, what input.
struct Input {
    call: Call,
    dialect: usize,
    data: Vec<u8>,
}

/// An output, or a failure's status, message and offset.
type Outcome = Result<String, (u32, String, Option<usize>)>;

fn inputs() -> Vec<Input> {
    use Call::*;
    let domain = |os: &str, body: &str| {
        format!("<domain type='xen'><os><type>{os}</type></os><devices>{body}</devices></domain>")
            .into_bytes()
    };
    let iface = |body: &str| body.as_bytes().to_vec();
    let mut list = vec![
        (Interface, 0, iface("<interface type='bridge'><mac address='00:16:3E:66:92:9C'/><source bridge='xenbr0'/><model type='e1000'/></interface>")),
        (Interface, 1, iface("<interface type='bridge'><source bridge='xenbr0'/><model type='netfront'/></interface>")),
        (Interface, 2, iface("<interface type='ethernet'><ip address='2000:0::1'/><script path='vif-route'/><bandwidth><outbound average='10240'/></bandwidth></interface>")),
        (Interface, 0, iface("<interface type='network'><source network='default'/></interface>")),
        (Interface, 0, iface("<interface type='network'><source network='lan'/><virtualport type='openvswitch'/><vlan><tag id='7'/></vlan></interface>")),
        (Interface, 1, iface("<interface type='network'><source network='evil'/></interface>")),
        (Interface, 2, iface("<interface type='network'><source network='nowhere'/></interface>")),
        (Interface, 0, iface("<interface type='bridge'><source bridge='br 0'/></interface>")),
        (Interface, 1, iface("<interface type='bridge'><mac address='01:00:00:00:00:00'/><source bridge='b'/></interface>")),
        (Interface, 0, iface("<interface type='none'/>")),
        (Interface, 2, iface("<interface type='bridge'><source bridge='b'/>")),
        (Interface, 0, b"<interface type='bridge'>\xff</interface>".to_vec()),
        (Interface, 0, iface("<interface type='bridge'><source bridge='b'/><mtu size='9000'/><target dev='vif1.0'/></interface>")),
        (DomainVifs, 0, domain("hvm", "<interface type='bridge'><source bridge='a'/></interface><interface type='network'><source network='lan'/><model type='netfront'/></interface>")),
        (DomainVifs, 1, domain("linux", "<interface type='bridge'><source bridge='a'/><model type='e1000'/></interface>")),
        (DomainVifs, 2, domain("hvm", "<interface type='bridge'><source bridge='a'/><ip address='10.0.0.1'/><ip address='10.0.0.2'/></interface>")),
        (DomainVifs, 0, b"<domain><devices><interface type='network'><source network='default'/></interface></devices><os><type machine='xenpvh'>xen</type></os></domain>".to_vec()),
        (DomainConfig, 0, domain("hvm", "<interface type='bridge'><source bridge='a'/></interface><interface type='ethernet'/>")),
        (DomainConfig, 1, domain("hvm", "")),
        (DomainConfig, 2, domain("xen", "<interface type='network'><source network='lan'/><backenddomain name='drv'/></interface>")),
        (DomainConfig, 0, domain("exe", "")),
        (Vif, 0, b"mac=00-16-3e-00-00-01,bridge=ovsbr0:10:20,script=vif-openvswitch,type=vif,rate=100Mb/s".to_vec()),
        (Vif, 1, b"bridge=xenbr0,type=netfront,model=e1000,ip=10.0.0.1 2000::1".to_vec()),
        (Vif, 2, b"(vif (mac '00:16:3e:1b:b1:47')(bridge 'xenbr0')(script 'vif-bridge')(type ioemu))".to_vec()),
        (Vif, 0, b"bridge=br0,bridge=br1".to_vec()),
        (Vif, 2, b"(vif (bridge 'a'".to_vec()),
        (Config, 0, b"# guest\nname = 'web'\nvif = [ 'bridge=a', \"mac=00:16:3e:00:00:01,type=vif\", ]\nvif += [ 'script=vif-route' ]\n".to_vec()),
        (Config, 1, b"vif = [ 'bridge=a,type=none' ]\n".to_vec()),
        (Config, 0, b"vif = 'bridge=a'\n".to_vec()),
        (Config, 2, b"vif = []\n".to_vec()),
    ];
    list.drain(..)
        .map(|(call, dialect, data)| Input {
            call,
            dialect,
            data,
        })
        .collect()
}

/// Counts resolver calls, to show the resolvers really ran on many threads.
struct Calls(AtomicUsize);

fn rust_options(dialect: Dialect, calls: &Arc<Calls>) -> Options {
    let calls = Arc::clone(calls);
    Options::new()
        .dialect(dialect)
        .network("default", "virbr0")
        .unwrap()
        .resolver(move |network: &str| {
            calls.0.fetch_add(1, Ordering::Relaxed);
            match network {
                "lan" => Some("br-lan".to_string()),
                "evil" => Some("br0,script=/bin/evil".to_string()),
                _ => None,
            }
        })
}

unsafe extern "C" fn c_resolver(network: *const c_char, userdata: *mut c_void) -> *const c_char {
    // SAFETY: userdata is the Calls the test passed; it outlives the options.
    let calls = unsafe { &*(userdata as *const Calls) };
    calls.0.fetch_add(1, Ordering::Relaxed);
    // SAFETY: the library passes a NUL-terminated string.
    match unsafe { CStr::from_ptr(network) }.to_bytes() {
        b"lan" => c"br-lan".as_ptr(),
        b"evil" => c"br0,script=/bin/evil".as_ptr(),
        _ => ptr::null(),
    }
}

/// A C options object shared by all threads (only read during conversions),
/// with the resolver that counts its calls in `calls`.
fn shared_c_options(dialect: Dialect, calls: &Calls) -> COptions {
    let opts = COptions::new(dialect);
    // SAFETY: a live options pointer; the resolver's userdata outlives the options.
    unsafe {
        assert_eq!(
            vifxml_options_set_network_resolver(
                opts.0,
                Some(c_resolver),
                calls as *const Calls as *mut c_void
            ),
            VIFXML_STATUS_OK
        );
    }
    opts
}

fn outcome(r: Result<String, Error>) -> Outcome {
    r.map_err(|e| (e.status() as u32, e.to_string(), e.offset()))
}

fn run_rust(input: &Input, options: &[Options]) -> Outcome {
    let o = &options[input.dialect];
    let d = &input.data;
    outcome(match input.call {
        Call::Interface => interface_to_vif(d, o),
        Call::DomainVifs => domain_to_vifs(d, o).map(|v| v.join("\n")),
        Call::DomainConfig => domain_to_config(d, o),
        Call::Vif => vif_to_interface(d, o),
        Call::Config => config_to_interfaces(d, o),
    })
}

fn run_c(input: &Input, options: &[COptions]) -> Outcome {
    let o = options[input.dialect].0;
    let d = &input.data;
    let mut err: *mut vifxml_error = ptr::null_mut();
    // SAFETY: d is readable for its length, the out pointers are writable, and
    // every returned object is freed once.
    unsafe {
        let (status, out) = match input.call {
            Call::DomainVifs => {
                let mut vifs: *mut *mut c_char = ptr::null_mut();
                let mut count = 0usize;
                let status = vifxml_domain_to_vifs(
                    d.as_ptr().cast(),
                    d.len(),
                    o,
                    &mut vifs,
                    &mut count,
                    &mut err,
                );
                let joined = (!vifs.is_null()).then(|| {
                    let all: Vec<String> = (0..count)
                        .map(|i| CStr::from_ptr(*vifs.add(i)).to_str().unwrap().to_string())
                        .collect();
                    assert!((*vifs.add(count)).is_null());
                    vifxml_strings_free(vifs, count);
                    all.join("\n")
                });
                (status, joined)
            }
            call => {
                let f = match call {
                    Call::Interface => vifxml_interface_to_vif,
                    Call::DomainConfig => vifxml_domain_to_config,
                    Call::Vif => vifxml_vif_to_interface,
                    _ => vifxml_config_to_interfaces,
                };
                let mut out: *mut c_char = ptr::null_mut();
                let status = f(d.as_ptr().cast(), d.len(), o, &mut out, &mut err);
                let s = (!out.is_null()).then(|| CStr::from_ptr(out).to_str().unwrap().to_string());
                vifxml_string_free(out);
                (status, s)
            }
        };
        if status == VIFXML_STATUS_OK {
            assert!(err.is_null());
            return Ok(out.expect("an output on success"));
        }
        assert!(out.is_none());
        let failure = (
            vifxml_error_status(err),
            CStr::from_ptr(vifxml_error_message(err))
                .to_str()
                .unwrap()
                .to_string(),
            match vifxml_error_offset(err) {
                usize::MAX => None,
                o => Some(o),
            },
        );
        assert_eq!(failure.0, status);
        vifxml_error_free(err);
        Err(failure)
    }
}

#[test]
fn options_and_errors_can_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Options>();
    send_sync::<Error>();
}

#[test]
fn many_threads_sharing_options_get_the_single_threaded_results() {
    let inputs = inputs();
    let rust_calls = Arc::new(Calls(AtomicUsize::new(0)));
    let c_calls = Calls(AtomicUsize::new(0));
    let rust: Vec<Options> = DIALECTS
        .iter()
        .map(|&d| rust_options(d, &rust_calls))
        .collect();
    let c: Vec<COptions> = DIALECTS
        .iter()
        .map(|&d| shared_c_options(d, &c_calls))
        .collect();

    // One thread first: the expected results, the same through both APIs.
    let expected: Vec<Outcome> = inputs.iter().map(|i| run_rust(i, &rust)).collect();
    for (input, want) in inputs.iter().zip(&expected) {
        assert_eq!(
            &run_c(input, &c),
            want,
            "{:?} {:?}",
            input.call,
            String::from_utf8_lossy(&input.data)
        );
    }
    assert!(expected.iter().any(|e| e.is_ok()) && expected.iter().any(|e| e.is_err()));
    let (rust_before, c_before) = (
        rust_calls.0.load(Ordering::Relaxed),
        c_calls.0.load(Ordering::Relaxed),
    );
    assert!(
        rust_before > 0 && c_before > 0,
        "the inputs use the resolvers"
    );

    // Then THREADS threads at once, each in its own order over the inputs.
    let mismatches: Vec<String> = thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (inputs, expected, rust, c) = (&inputs, &expected, &rust, &c);
                scope.spawn(move || {
                    let mut bad = Vec::new();
                    for j in 0..ITERATIONS {
                        let k = (t * 7 + j * (2 * t + 1)) % inputs.len();
                        let input = &inputs[k];
                        let (got_rust, got_c) = if (t + j) % 2 == 0 {
                            (run_rust(input, rust), run_c(input, c))
                        } else {
                            let got_c = run_c(input, c);
                            (run_rust(input, rust), got_c)
                        };
                        if got_rust != expected[k] || got_c != expected[k] {
                            bad.push(format!("thread {t} iteration {j} input {k}: rust {got_rust:?}, c {got_c:?}, want {:?}", expected[k]));
                        }
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        mismatches.is_empty(),
        "{} mismatches, first: {}",
        mismatches.len(),
        mismatches[0]
    );

    // The resolvers were called from the threads (both are only asked for
    // networks the table does not hold).
    assert!(rust_calls.0.load(Ordering::Relaxed) > rust_before + THREADS);
    assert!(c_calls.0.load(Ordering::Relaxed) > c_before + THREADS);
    drop(c);
}

/// Options built on one thread and moved to others, and error objects made on
/// one thread and read and freed on another.
#[test]
fn c_objects_move_between_threads() {
    let calls = Calls(AtomicUsize::new(0));
    let opts = shared_c_options(Dialect::Xl, &calls);
    struct SendError(*mut vifxml_error);
    // SAFETY: an error object is plain owned data.
    unsafe impl Send for SendError {}
    let errors: Vec<SendError> = thread::scope(|scope| {
        (0..THREADS)
            .map(|t| {
                let opts = &opts;
                scope.spawn(move || {
                    let xml = format!(
                        "<interface type='network'><source network='unknown{t}'/></interface>"
                    );
                    let mut out: *mut c_char = ptr::null_mut();
                    let mut err: *mut vifxml_error = ptr::null_mut();
                    // SAFETY: valid input and out pointers.
                    let status = unsafe {
                        vifxml_interface_to_vif(
                            xml.as_ptr().cast(),
                            xml.len(),
                            opts.0,
                            &mut out,
                            &mut err,
                        )
                    };
                    assert_eq!(status, VIFXML_STATUS_NETWORK_UNRESOLVED);
                    assert!(out.is_null());
                    SendError(err)
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect()
    });
    for (t, e) in errors.into_iter().enumerate() {
        // SAFETY: live error objects, freed once.
        unsafe {
            assert_eq!(vifxml_error_status(e.0), VIFXML_STATUS_NETWORK_UNRESOLVED);
            let message = CStr::from_ptr(vifxml_error_message(e.0)).to_str().unwrap();
            assert!(message.contains(&format!("'unknown{t}'")), "{message}");
            // The network attribute's value, where the unknown name is.
            let at = "<interface type='network'><source network='".len();
            assert_eq!(vifxml_error_offset(e.0), at);
            assert_eq!(vifxml_error_column(e.0), at + 1);
            vifxml_error_free(e.0);
        }
    }
    assert_eq!(calls.0.load(Ordering::Relaxed), THREADS);
}
