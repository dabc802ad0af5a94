//! Criterion benchmarks of every conversion, forward and reverse, in each dialect.
//!
//! ```text
//! cargo bench --bench convert                    # everything (a few minutes on 2 cores)
//! cargo bench --bench convert -- forward/        # a subset, by name
//! cargo bench --bench convert -- --quick         # criterion's quick mode
//! ```
//!
//! Inputs are generated in memory, byte for byte the documents `bench/gen.h`
//! makes for the C benchmark (`bench/bench_c gen N` prints them): the single
//! `<interface>` (bridge, mac, model e1000, target dev) and HVM domains of 8,
//! 1,000 and 100,000 NICs whose NICs cycle through four shapes (plain, `<ip>`,
//! `<bandwidth>`, `<script>`). Reverse inputs are `bench/gen.h`'s too: the vif
//! strings `BENCH_VIF` (what the single interface converts to) and
//! `BENCH_VIF_RICH` (every key), and xl/xm config files of 8, 1,000 and 100,000
//! entries cycling through four shapes (`bench_c gen config xl N`); the sxpr vif
//! is the forward output of the single interface.
//!
//! Throughput is in elements = NICs (or config entries), so criterion's
//! "thrpt" column is NICs per second and the per-NIC cost is its inverse.

use std::ffi::c_char;
use std::fmt::Write;
use std::hint::black_box;
use std::ptr;
use std::time::Duration;

use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};
use vifxml::{
    config_to_interfaces, domain_to_config, interface_to_vif, vif_to_interface, Dialect, Options,
};

/// The single interface (bench/gen.h's BENCH_INTERFACE).
const INTERFACE: &str = "<interface type='bridge'>\n  <mac address='00:16:3e:66:92:9c'/>\n  <source bridge='xenbr1'/>\n  <model type='e1000'/>\n  <target dev='web0'/>\n</interface>\n";

const DOMAIN_HEAD: &str = "<domain type='xen'>\n  <name>bench</name>\n  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n  <memory unit='KiB'>1048576</memory>\n  <vcpu>2</vcpu>\n  <os>\n    <type arch='x86_64' machine='xenfv'>hvm</type>\n    <loader>/usr/lib/xen/boot/hvmloader</loader>\n    <boot dev='hd'/>\n  </os>\n  <devices>\n    <emulator>/usr/lib/xen/bin/qemu-system-i386</emulator>\n    <disk type='file' device='disk'>\n      <source file='/var/lib/xen/images/bench.img'/>\n      <target dev='hda' bus='ide'/>\n    </disk>\n";

const DOMAIN_TAIL: &str =
    "    <graphics type='vnc' port='-1' autoport='yes'/>\n  </devices>\n</domain>\n";

/// A `<domain>` with `nics` interfaces (bench/gen.h's bench_domain).
fn domain(nics: u32) -> String {
    let mut s = String::with_capacity(DOMAIN_HEAD.len() + DOMAIN_TAIL.len() + 240 * nics as usize);
    s.push_str(DOMAIN_HEAD);
    for i in 0..nics {
        write!(
            s,
            "    <interface type='bridge'>\n      <mac address='00:16:3e:{:02x}:{:02x}:{:02x}'/>\n      <source bridge='xenbr{}'/>\n",
            (i >> 16) & 0xff,
            (i >> 8) & 0xff,
            i & 0xff,
            i % 4
        )
        .unwrap();
        match i % 4 {
            1 => writeln!(s, "      <ip address='192.0.2.{}'/>", i % 250 + 1).unwrap(),
            2 => s.push_str(
                "      <bandwidth>\n        <outbound average='10240'/>\n      </bandwidth>\n",
            ),
            3 => s.push_str("      <script path='/etc/xen/scripts/vif-custom'/>\n"),
            _ => {}
        }
        write!(
            s,
            "      <target dev='nic{i}'/>\n      <model type='e1000'/>\n    </interface>\n"
        )
        .unwrap();
    }
    s.push_str(DOMAIN_TAIL);
    s
}

/// bench/gen.h's BENCH_VIF: what every dialect makes of INTERFACE.
const VIF: &str = "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000,vifname=web0";

/// bench/gen.h's BENCH_VIF_RICH: every key the generated configs use but type.
const VIF_RICH: &str = "mac=00:16:3e:66:92:9c,bridge=xenbr1,ip=192.0.2.10,script=vif-bridge,model=e1000,vifname=web0,rate=10MB/s";

/// Entry `i` of a generated config (bench/gen.h's bench_vif_entry).
fn vif_entry(s: &mut String, i: u32, dialect: Dialect) {
    write!(
        s,
        "mac=00:16:3e:{:02x}:{:02x}:{:02x},bridge=xenbr{},",
        (i >> 16) & 0xff,
        (i >> 8) & 0xff,
        i & 0xff,
        i % 4
    )
    .unwrap();
    match i % 4 {
        0 => write!(s, "script=vif-bridge,model=e1000,vifname=nic{i}"),
        1 => write!(
            s,
            "ip=192.0.2.{},script=vif-bridge,model=e1000,vifname=nic{i}",
            i % 250 + 1
        ),
        2 => write!(
            s,
            "script=vif-bridge,model=e1000,vifname=nic{i},rate=10MB/s"
        ),
        _ => write!(
            s,
            "script=/etc/xen/scripts/vif-custom,type={},vifname=nic{i},rate=100Mb/s",
            if dialect == Dialect::Xm {
                "netfront"
            } else {
                "vif"
            }
        ),
    }
    .unwrap();
}

const CONFIG_HEAD: &str = "# bench: an HVM guest\nname = \"bench\"\ntype = \"hvm\"\nmemory = 1024\nvcpus = 2\ndisk = [ \"file:/var/lib/xen/images/bench.img,hda,w\" ]\nvnc = 1\n";

/// An xl or xm config with `entries` vif entries (bench/gen.h's bench_config).
fn config(entries: u32, dialect: Dialect) -> String {
    let mut s = String::with_capacity(CONFIG_HEAD.len() + 16 + 110 * entries as usize);
    s.push_str(CONFIG_HEAD);
    s.push_str("vif = [");
    for i in 0..entries {
        s.push_str(if i > 0 { ",\n    \"" } else { "\n    \"" });
        vif_entry(&mut s, i, dialect);
        s.push('"');
    }
    s.push_str("\n]\n");
    s
}

const DIALECTS: [(&str, Dialect); 3] = [
    ("xl", Dialect::Xl),
    ("xm", Dialect::Xm),
    ("sxpr", Dialect::Sxpr),
];

const SIZES: [u32; 3] = [8, 1_000, 100_000];

/// Sampling for a size: the 100,000-NIC cases take tens of milliseconds per
/// run, so they get criterion's minimum of 10 flat samples.
fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: u32) {
    if n >= 100_000 {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
    } else if n >= 1_000 {
        group
            .sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    } else {
        group
            .sample_size(50)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    }
}

fn forward(c: &mut Criterion) {
    // One interface, every dialect, through the Rust API.
    let mut group = c.benchmark_group("forward/interface_to_vif");
    configure(&mut group, 1);
    group.throughput(Throughput::Elements(1));
    for (name, dialect) in DIALECTS {
        let options = Options::new().dialect(dialect);
        interface_to_vif(INTERFACE.as_bytes(), &options).expect("the bench input converts");
        group.bench_function(name, |b| {
            b.iter(|| interface_to_vif(black_box(INTERFACE.as_bytes()), &options))
        });
    }
    group.finish();

    // The same through the C ABI (what C callers pay: argument checks, panic
    // boundary, the NUL-terminated copy handed over).
    let mut group = c.benchmark_group("forward/c_abi/vifxml_interface_to_vif");
    configure(&mut group, 1);
    group.throughput(Throughput::Elements(1));
    group.bench_function("xl", |b| {
        b.iter(|| {
            let mut out: *mut c_char = ptr::null_mut();
            // SAFETY: the input is INTERFACE.len() readable bytes; out is writable;
            // NULL options mean the defaults (xl) and NULL out_err asks for none.
            let status = unsafe {
                vifxml::ffi::vifxml_interface_to_vif(
                    black_box(INTERFACE.as_ptr().cast()),
                    INTERFACE.len(),
                    ptr::null(),
                    &mut out,
                    ptr::null_mut(),
                )
            };
            assert_eq!(status, vifxml::ffi::VIFXML_STATUS_OK);
            // SAFETY: out came from the library; freed once.
            unsafe { vifxml::ffi::vifxml_string_free(out) };
        })
    });
    group.finish();

    // Whole domains, every dialect and size.
    for n in SIZES {
        let xml = domain(n);
        let mut group = c.benchmark_group(format!("forward/domain_to_config/{n}"));
        configure(&mut group, n);
        group.throughput(Throughput::Elements(u64::from(n)));
        for (name, dialect) in DIALECTS {
            let options = Options::new().dialect(dialect);
            domain_to_config(xml.as_bytes(), &options).expect("the bench input converts");
            group.bench_with_input(BenchmarkId::from_parameter(name), &xml, |b, xml| {
                b.iter(|| domain_to_config(black_box(xml.as_bytes()), &options))
            });
        }
        group.finish();
    }
}

fn reverse(c: &mut Criterion) {
    // One vif, every dialect: BENCH_VIF for xl and xm, and the (vif …)
    // expression the forward conversion makes of the single interface for sxpr.
    let mut group = c.benchmark_group("reverse/vif_to_interface");
    configure(&mut group, 1);
    group.throughput(Throughput::Elements(1));
    for (name, dialect) in DIALECTS {
        let options = Options::new().dialect(dialect);
        let vif = if dialect == Dialect::Sxpr {
            interface_to_vif(INTERFACE.as_bytes(), &options).unwrap()
        } else {
            VIF.to_string()
        };
        vif_to_interface(vif.as_bytes(), &options).expect("the bench input converts");
        group.bench_with_input(BenchmarkId::from_parameter(name), &vif, |b, vif| {
            b.iter(|| vif_to_interface(black_box(vif.as_bytes()), &options))
        });
    }
    group.finish();

    // The vif with every key (xl and xm).
    let mut group = c.benchmark_group("reverse/vif_to_interface_rich");
    configure(&mut group, 1);
    group.throughput(Throughput::Elements(1));
    for (name, dialect) in &DIALECTS[..2] {
        let options = Options::new().dialect(*dialect);
        vif_to_interface(VIF_RICH.as_bytes(), &options).expect("the bench input converts");
        group.bench_function(*name, |b| {
            b.iter(|| vif_to_interface(black_box(VIF_RICH.as_bytes()), &options))
        });
    }
    group.finish();

    // Config files of 8, 1,000 and 100,000 entries (xl and xm; sxpr has no config text).
    for n in SIZES {
        let mut group = c.benchmark_group(format!("reverse/config_to_interfaces/{n}"));
        configure(&mut group, n);
        group.throughput(Throughput::Elements(u64::from(n)));
        for (name, dialect) in &DIALECTS[..2] {
            let options = Options::new().dialect(*dialect);
            let config = config(n, *dialect);
            config_to_interfaces(config.as_bytes(), &options).expect("the bench input converts");
            group.bench_with_input(BenchmarkId::from_parameter(name), &config, |b, config| {
                b.iter(|| config_to_interfaces(black_box(config.as_bytes()), &options))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, forward, reverse);

/// criterion_main!, plus `VIFXML_BENCH_GEN=…` to print an input and exit, so that
/// it can be compared byte for byte with bench_c's (`bench_c gen PATH DIALECT N`):
/// `N` the domain of N NICs (0: the single interface), `config:xl:N` and
/// `config:xm:N` a config of N entries, `vif` and `vif-rich` the vif strings.
fn main() {
    if let Ok(what) = std::env::var("VIFXML_BENCH_GEN") {
        let text = match what.split(':').collect::<Vec<_>>()[..] {
            ["vif"] => format!("{VIF}\n"),
            ["vif-rich"] => format!("{VIF_RICH}\n"),
            ["config", dialect, n] => config(
                n.parse().expect("config:DIALECT:N"),
                if dialect == "xm" {
                    Dialect::Xm
                } else {
                    Dialect::Xl
                },
            ),
            [n] => match n
                .parse()
                .expect("VIFXML_BENCH_GEN is a number, config:D:N, vif or vif-rich")
            {
                0 => INTERFACE.to_string(),
                n => domain(n),
            },
            _ => panic!("VIFXML_BENCH_GEN: N, config:DIALECT:N, vif or vif-rich"),
        };
        print!("{text}");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
