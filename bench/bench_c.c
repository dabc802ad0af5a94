/*
 * vifxml through its C ABI, against a peer for every path of issue #14:
 *
 *   path       input                          vifxml                        peer(s)
 *   interface  one <interface>                vifxml_interface_to_vif       libxml2 DOM + XPath (baseline_libxml2.c)
 *   domain     <domain> of N NICs             vifxml_domain_to_config       the same, per NIC
 *   vif        one vif string (the issue's)   vifxml_vif_to_interface       strtok_r + libxml2 tree + dump (peer_reverse.c)
 *   vif-rich   one vif string, every key      vifxml_vif_to_interface       the same
 *   config     xl/xm config of N entries      vifxml_config_to_interfaces   "peer": libxlutil + strtok_r + libxml2 tree + dump;
 *                                                                           "parse": libxlutil's parse alone
 *
 * Implementations (IMPL): ours, peer, parse (config only).  Dialects: xl, xm
 * (every path), sxpr (interface and domain).  Inputs: bench/gen.h.
 *
 *   bench_c verify [FILTERS]          every peer's output against vifxml's, byte for byte
 *                                     (parse: entry count and bytes); exits 1 at the first difference
 *   bench_c time [-o FILE.tsv] [--budget-ms MS] [--wall] [--no-fork] [FILTERS]
 *        check, then time every case: a table on stdout, one TSV row per case
 *        and implementation in FILE.  Every sample runs in a fresh fork of this
 *        process, which has done nothing but make the input (see measure()).
 *   bench_c emit IMPL PATH DIALECT N        print the output
 *   bench_c gen PATH DIALECT N              print the input
 *   bench_c entry IMPL PATH                 the entry point's name (for callgrind --toggle-collect)
 *   bench_c loop IMPL PATH DIALECT N ITERS  convert ITERS times (for callgrind)
 *   bench_c rss IMPL PATH DIALECT FILE      peak RSS of one conversion of FILE (domain, config)
 *   bench_c allocs IMPL PATH DIALECT N      heap allocations of one conversion; needs
 *                                           LD_PRELOAD=bench/alloc_count.so
 *
 * FILTERS: --paths P,P,...  --dialects D,D,...  --sizes N,N,...  --max N
 * (defaults: every path, xl and xm, sizes 8,100,1000,10000,100000).  N is the
 * NIC or entry count for domain and config and ignored (1) for the others.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vifxml.h"

#include "gen.h"
#ifdef HAVE_LIBXML2
#include "baseline.h"
#include "peer_reverse.h"
#endif

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

/* ---- names ---- */

enum path { P_INTERFACE, P_DOMAIN, P_VIF, P_VIF_RICH, P_CONFIG, NPATHS };
static const char *const PATHS[] = {"interface", "domain", "vif", "vif-rich", "config"};
enum impl { OURS, PEER, PARSE, NIMPLS };
static const char *const IMPLS[] = {"ours", "peer", "parse"};
static const char *const DIALECTS[] = {"xl", "xm", "sxpr"};

static int lookup(const char *name, const char *const *names, int n, const char *what)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    die("unknown %s %s", what, name);
    return -1;
}

static int sized(enum path p)
{
    return p == P_DOMAIN || p == P_CONFIG;
}

/* Whether the combination exists. */
static int valid(enum impl impl, enum path p, int dialect)
{
    if (dialect == 2 && p != P_INTERFACE && p != P_DOMAIN)
        return 0; /* sxpr has no vif string and no config text */
    if (impl == PARSE && p != P_CONFIG)
        return 0;
#ifndef HAVE_LIBXML2
    if (impl != OURS)
        return 0;
#endif
#ifndef HAVE_XLUTIL
    if (impl != OURS && p == P_CONFIG)
        return 0;
#endif
    return 1;
}

/* The function callgrind counts (--toggle-collect). */
static const char *entry_point(enum impl impl, enum path p)
{
    static const char *const ours[] = {"vifxml_interface_to_vif", "vifxml_domain_to_config",
                                       "vifxml_vif_to_interface", "vifxml_vif_to_interface",
                                       "vifxml_config_to_interfaces"};
    static const char *const peer[] = {"baseline_interface_to_vif", "baseline_domain_to_config",
                                       "peer_vif_to_interface", "peer_vif_to_interface",
                                       "peer_config_to_interfaces"};
    return impl == OURS ? ours[p] : impl == PEER ? peer[p] : "peer_config_parse";
}

/* ---- inputs ---- */

struct input {
    char *data;
    size_t len;
};

static struct input make_input(enum path p, int dialect, unsigned n)
{
    struct input in = {NULL, 0};
    switch (p) {
    case P_INTERFACE:
        in.data = strdup(BENCH_INTERFACE);
        break;
    case P_DOMAIN:
        in.data = bench_domain(n, &in.len);
        break;
    case P_VIF:
        in.data = strdup(BENCH_VIF);
        break;
    case P_VIF_RICH:
        in.data = strdup(BENCH_VIF_RICH);
        break;
    case P_CONFIG:
        in.data = bench_config(n, dialect, &in.len);
        break;
    default:
        break;
    }
    if (!in.data)
        die("out of memory");
    if (!in.len)
        in.len = strlen(in.data);
    return in;
}

/* The entries' total length in a generated config (what the parse-only peer must read). */
static size_t config_entry_bytes(unsigned n, int dialect)
{
    struct bench_buf b = {malloc(256), 0, 256};
    size_t total = 0;
    if (!b.data)
        die("out of memory");
    for (unsigned i = 0; i < n; i++) {
        b.len = 0;
        bench_vif_entry(&b, i, dialect);
        total += b.len;
    }
    free(b.data);
    return total;
}

/* ---- the operations ---- */

struct op {
    enum impl impl;
    enum path path;
    int dialect;
    unsigned n;
    const char *input;
    size_t len;
};

struct result {
    char *out; /* NULL for parse */
    size_t len;
    long entries; /* parse: entries read */
};

static vifxml_options *OPTS[3];

/* What a side needs before its first conversion; done in each child, so that
 * the parent holds neither vifxml's nor libxml2's state. */
static void side_init(enum impl impl)
{
    if (impl == OURS) {
        for (int d = 0; d < 3; d++) {
            if (OPTS[d])
                continue;
            OPTS[d] = vifxml_options_new();
            if (!OPTS[d] || vifxml_options_set_dialect(OPTS[d], (uint32_t)d) != VIFXML_STATUS_OK)
                die("cannot make options");
        }
    } else {
#ifdef HAVE_LIBXML2
        baseline_init(); /* xmlInitParser: libvirt calls it at start */
#endif
    }
}

static void side_cleanup(void)
{
    for (int d = 0; d < 3; d++) {
        vifxml_options_free(OPTS[d]);
        OPTS[d] = NULL;
    }
#ifdef HAVE_XLUTIL
    peer_config_cleanup();
#endif
#ifdef HAVE_LIBXML2
    baseline_cleanup();
#endif
}

static struct result run(const struct op *op)
{
    struct result r = {NULL, 0, 0};
    if (op->impl == OURS) {
        vifxml_error *err = NULL;
        vifxml_status st = VIFXML_STATUS_OK;
        const vifxml_options *o = OPTS[op->dialect];
        switch (op->path) {
        case P_INTERFACE:
            st = vifxml_interface_to_vif(op->input, op->len, o, &r.out, &err);
            break;
        case P_DOMAIN:
            st = vifxml_domain_to_config(op->input, op->len, o, &r.out, &err);
            break;
        case P_VIF:
        case P_VIF_RICH:
            st = vifxml_vif_to_interface(op->input, op->len, o, &r.out, &err);
            break;
        case P_CONFIG:
            st = vifxml_config_to_interfaces(op->input, op->len, o, &r.out, &err);
            break;
        default:
            break;
        }
        if (st != VIFXML_STATUS_OK) {
            fprintf(stderr, "vifxml %s %s: %s: %s\n", PATHS[op->path], DIALECTS[op->dialect],
                    vifxml_status_str(st), err ? vifxml_error_message(err) : "(no error object)");
            exit(1);
        }
        r.len = strlen(r.out);
        return r;
    }
#ifdef HAVE_LIBXML2
    switch (op->path) {
    case P_INTERFACE:
        r.out = baseline_interface_to_vif(op->input, op->len, op->dialect);
        break;
    case P_DOMAIN:
        r.out = baseline_domain_to_config(op->input, op->len, op->dialect);
        break;
    case P_VIF:
    case P_VIF_RICH:
        r.out = peer_vif_to_interface(op->input, op->len, op->dialect);
        break;
    case P_CONFIG:
#ifdef HAVE_XLUTIL
        if (op->impl == PARSE) {
            r.entries = peer_config_parse(op->input, op->len, &r.len);
            if (r.entries < 0) {
                fprintf(stderr, "libxlutil cannot read the config\n");
                exit(1);
            }
            return r;
        }
        r.out = peer_config_to_interfaces(op->input, op->len, op->dialect);
#endif
        break;
    default:
        break;
    }
#endif
    if (!r.out) {
        fprintf(stderr, "%s %s %s: the peer failed\n", IMPLS[op->impl], PATHS[op->path],
                DIALECTS[op->dialect]);
        exit(1);
    }
    r.len = strlen(r.out);
    return r;
}

static void release(const struct op *op, struct result r)
{
    if (op->impl == OURS)
        vifxml_string_free(r.out);
    else
        free(r.out);
}

/* ---- forks ---- */

/* CPU time of this thread by default: on a machine shared with other work it
 * leaves out the time the benchmark is not running; --wall measures wall clock. */
static clockid_t CLOCK = CLOCK_THREAD_CPUTIME_ID;
static int NO_FORK = 0; /* --no-fork: samples in this process (the old way; for comparison) */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* What a child reports through its pipe. */
struct report {
    double ns_per_op;
    double faults_per_op; /* minor page faults during the timed runs, per run */
    long iters;
    size_t out_len;
    long entries;
    int same;            /* verify: the outputs agree */
    size_t diff_at;      /* verify: first differing byte */
    size_t peer_len;     /* verify */
};

typedef struct report (*child_fn)(const struct op *a, const struct op *b, long iters);

/* Runs fn in a fresh fork (or here, with --no-fork) and returns its report. */
static struct report in_child(child_fn fn, const struct op *a, const struct op *b, long iters)
{
    struct report r;
    if (NO_FORK)
        return fn(a, b, iters);
    int fd[2];
    fflush(NULL);
    if (pipe(fd) != 0)
        die("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(fd[0]);
        r = fn(a, b, iters);
        const char *p = (const char *)&r;
        size_t left = sizeof r;
        while (left) {
            ssize_t w = write(fd[1], p, left);
            if (w <= 0)
                _exit(3);
            p += w;
            left -= (size_t)w;
        }
        _exit(0);
    }
    close(fd[1]);
    char *p = (char *)&r;
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(fd[0], p + got, sizeof r - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die("waitpid: %s", strerror(errno));
    if (got != sizeof r || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("%s %s %s %u: the child failed (status %d)", IMPLS[a->impl], PATHS[a->path],
            DIALECTS[a->dialect], a->n, status);
    return r;
}

/* A timed sample: one untimed warm-up run, then `iters` runs timed together
 * (iters 0: calibration, as many runs as fit in 20 ms, at least one). */
static struct report child_sample(const struct op *op, const struct op *unused, long iters)
{
    (void)unused;
    struct report r;
    memset(&r, 0, sizeof r);
    side_init(op->impl);
    struct result w = run(op);
    r.out_len = w.len;
    r.entries = w.entries;
    release(op, w);
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    double t0 = now_ns(), t;
    long i = 0;
    if (iters > 0) {
        for (; i < iters; i++)
            release(op, run(op));
        t = now_ns();
    } else {
        do {
            release(op, run(op));
            i++;
            t = now_ns();
        } while (t - t0 < 20e6 && i < 1000000);
    }
    getrusage(RUSAGE_SELF, &ru1);
    r.ns_per_op = (t - t0) / (double)i;
    r.faults_per_op = (double)(ru1.ru_minflt - ru0.ru_minflt) / (double)i;
    r.iters = i;
    if (NO_FORK)
        return r;
    side_cleanup();
    return r;
}

/* The check: ours (a) and the peer (b), outputs compared byte for byte;
 * the parse-only peer must read every entry, and all their bytes. */
static struct report child_verify(const struct op *a, const struct op *b, long unused)
{
    (void)unused;
    struct report r;
    memset(&r, 0, sizeof r);
    side_init(a->impl);
    side_init(b->impl);
    struct result x = run(a), y = run(b);
    r.out_len = x.len;
    r.peer_len = y.len;
    if (b->impl == PARSE) {
        r.entries = y.entries;
        r.same = y.entries == (long)b->n && y.len == config_entry_bytes(b->n, b->dialect);
    } else {
        size_t i = 0;
        while (i < x.len && i < y.len && x.out[i] == y.out[i])
            i++;
        r.diff_at = i;
        r.same = x.len == y.len && i == x.len;
        if (!r.same) { /* a little context for the report, on stderr */
            size_t from = i > 60 ? i - 60 : 0;
            fprintf(stderr, "first difference at byte %zu\n  vifxml: %.*s\n  peer:   %.*s\n", i,
                    (int)((x.len - from) < 160 ? x.len - from : 160), x.out + from,
                    (int)((y.len - from) < 160 ? y.len - from : 160), y.out + from);
        }
    }
    release(a, x);
    release(b, y);
    if (!NO_FORK)
        side_cleanup();
    return r;
}

/* ---- measuring ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct timing {
    double median_ns, min_ns, max_ns;
    double faults; /* minor page faults per conversion, median of the samples */
    long iters;
    int samples;
    size_t out_len;
};

static double BUDGET_NS = 600e6; /* per case and implementation, after calibration */
#define MAX_SAMPLES 15

/* Times k implementations of one case.  Each sample runs in a fresh fork of
 * this process, which has done nothing but make the input: the sample's side
 * initialises itself, converts once untimed (warm-up), then times `iters`
 * back-to-back conversions (>= 10 ms, or one when a conversion is longer) with
 * the child's CPU time, and reports through a pipe.  So neither side inherits
 * the other's heap (glibc's deferred consolidation of a freed libxml2 DOM
 * landing on vifxml's next large allocation, as bench_c used to measure).
 * The samples of the k sides alternate, so that a burst of load on the shared
 * machine hits all of them; 3..15 samples within BUDGET_NS each; the median
 * (and min, max) of ns per conversion. */
static void measure(const struct op *ops, int k, struct timing *ts)
{
    int samples = MAX_SAMPLES;
    for (int j = 0; j < k; j++) {
        memset(&ts[j], 0, sizeof ts[j]);
        struct report c = in_child(child_sample, &ops[j], NULL, 0);
        double once = c.ns_per_op < 1 ? 1 : c.ns_per_op;
        ts[j].out_len = c.out_len;
        ts[j].iters = (long)(10e6 / once);
        if (ts[j].iters < 1)
            ts[j].iters = 1;
        int fit = (int)(BUDGET_NS / (once * (double)ts[j].iters));
        if (fit < samples)
            samples = fit;
    }
    if (samples < 3)
        samples = 3;
    double s[NIMPLS][MAX_SAMPLES], f[NIMPLS][MAX_SAMPLES];
    for (int i = 0; i < samples; i++)
        for (int j = 0; j < k; j++) {
            struct report r = in_child(child_sample, &ops[j], NULL, ts[j].iters);
            s[j][i] = r.ns_per_op;
            f[j][i] = r.faults_per_op;
        }
    for (int j = 0; j < k; j++) {
        ts[j].samples = samples;
        qsort(f[j], (size_t)samples, sizeof f[j][0], cmp_double);
        ts[j].faults = f[j][samples / 2];
        qsort(s[j], (size_t)samples, sizeof s[j][0], cmp_double);
        ts[j].median_ns = samples % 2 ? s[j][samples / 2] : (s[j][samples / 2 - 1] + s[j][samples / 2]) / 2;
        ts[j].min_ns = s[j][0];
        ts[j].max_ns = s[j][samples - 1];
    }
}

/* ---- filters ---- */

struct filters {
    int path[NPATHS], dialect[3];
    unsigned sizes[16];
    int nsizes;
};

static void split_list(const char *list, void (*each)(struct filters *, const char *), struct filters *f)
{
    char *copy = strdup(list), *save = NULL;
    if (!copy)
        die("out of memory");
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        each(f, t);
    free(copy);
}

static void add_path(struct filters *f, const char *name)
{
    f->path[lookup(name, PATHS, NPATHS, "path")] = 1;
}

static void add_dialect(struct filters *f, const char *name)
{
    f->dialect[lookup(name, DIALECTS, 3, "dialect")] = 1;
}

static void add_size(struct filters *f, const char *text)
{
    if (f->nsizes == 16)
        die("too many sizes");
    f->sizes[f->nsizes++] = (unsigned)strtoul(text, NULL, 10);
}

/* Parses the filters out of argv; other arguments are left for the caller
 * (returned compacted, count in *argc). */
static struct filters parse_filters(int *argc, char **argv)
{
    struct filters f;
    memset(&f, 0, sizeof f);
    int paths = 0, dialects = 0, out = 0;
    unsigned max = 100000;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--paths") == 0 && i + 1 < *argc) {
            split_list(argv[++i], add_path, &f);
            paths = 1;
        } else if (strcmp(argv[i], "--dialects") == 0 && i + 1 < *argc) {
            split_list(argv[++i], add_dialect, &f);
            dialects = 1;
        } else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < *argc) {
            split_list(argv[++i], add_size, &f);
        } else if (strcmp(argv[i], "--max") == 0 && i + 1 < *argc) {
            max = (unsigned)strtoul(argv[++i], NULL, 10);
        } else {
            argv[out++] = argv[i];
        }
    }
    *argc = out;
    if (!paths)
        for (int p = 0; p < NPATHS; p++)
            f.path[p] = 1;
    if (!dialects)
        f.dialect[0] = f.dialect[1] = 1;
    if (!f.nsizes) {
        static const unsigned def[] = {8, 100, 1000, 10000, 100000};
        for (size_t i = 0; i < sizeof def / sizeof def[0]; i++)
            f.sizes[f.nsizes++] = def[i];
    }
    int kept = 0;
    for (int i = 0; i < f.nsizes; i++)
        if (f.sizes[i] <= max)
            f.sizes[kept++] = f.sizes[i];
    f.nsizes = kept;
    return f;
}

/* Calls fn for every case the filters select: path, dialect, n (1 for single paths). */
static void each_case(const struct filters *f, void (*fn)(enum path, int, unsigned, void *), void *ctx)
{
    for (int p = 0; p < NPATHS; p++) {
        if (!f->path[p])
            continue;
        for (int d = 0; d < 3; d++) {
            if (!f->dialect[d] || !valid(OURS, (enum path)p, d))
                continue;
            if (!sized((enum path)p)) {
                fn((enum path)p, d, 1, ctx);
                continue;
            }
            for (int s = 0; s < f->nsizes; s++)
                fn((enum path)p, d, f->sizes[s], ctx);
        }
    }
}

/* The peers of a case, in the order they are timed: peer, then parse. */
static int peers_of(enum path p, int dialect, enum impl *out)
{
    int k = 0;
    for (int i = PEER; i < NIMPLS; i++)
        if (valid((enum impl)i, p, dialect))
            out[k++] = (enum impl)i;
    return k;
}

/* ---- verify ---- */

static int verify_case(enum path p, int d, unsigned n, const struct input *in)
{
    enum impl peers[NIMPLS] = {OURS, OURS, OURS};
    int k = peers_of(p, d, peers), ok = 1;
    struct op a = {OURS, p, d, n, in->data, in->len};
    for (int j = 0; j < k; j++) {
        struct op b = a;
        b.impl = peers[j];
        struct report r = in_child(child_verify, &a, &b, 0);
        if (b.impl == PARSE)
            printf("%-9s %-4s %7u  parse  %s (%ld entries read, %zu bytes of entries)\n", PATHS[p],
                   DIALECTS[d], n, r.same ? "reads every entry" : "DIFFERENT", r.entries, r.peer_len);
        else
            printf("%-9s %-4s %7u  peer   %s (%zu bytes)\n", PATHS[p], DIALECTS[d], n,
                   r.same ? "same" : "DIFFERENT", r.out_len);
        if (!r.same) {
            printf("  vifxml %zu bytes, %s %zu bytes, first difference at byte %zu\n", r.out_len,
                   IMPLS[peers[j]], r.peer_len, r.diff_at);
            ok = 0;
        }
        fflush(stdout);
    }
    return ok;
}

static void verify_one(enum path p, int d, unsigned n, void *ctx)
{
    struct input in = make_input(p, d, n);
    int ok = verify_case(p, d, n, &in);
    free(in.data);
    if (!ok) {
        fprintf(stderr, "%s %s %u: a peer does not write what vifxml writes; stopping\n", PATHS[p],
                DIALECTS[d], n);
        exit(1);
    }
    (void)ctx;
}

static int cmd_verify(int argc, char **argv)
{
    struct filters f = parse_filters(&argc, argv);
    if (argc)
        die("verify: unknown argument %s", argv[0]);
    each_case(&f, verify_one, NULL);
    return 0;
}

/* ---- time ---- */

static FILE *TSV;

static void fmt_ns(char *buf, size_t n, double ns)
{
    if (ns < 1e4)
        snprintf(buf, n, "%.0f ns", ns);
    else if (ns < 1e7)
        snprintf(buf, n, "%.1f us", ns / 1e3);
    else
        snprintf(buf, n, "%.1f ms", ns / 1e6);
}

static void time_one(enum path p, int d, unsigned n, void *ctx)
{
    (void)ctx;
    struct input in = make_input(p, d, n);
    if (!verify_case(p, d, n, &in)) {
        fprintf(stderr, "%s %s %u: a peer does not write what vifxml writes; not timing\n",
                PATHS[p], DIALECTS[d], n);
        exit(1);
    }
    enum impl peers[NIMPLS] = {OURS, OURS, OURS};
    int k = 1 + peers_of(p, d, peers);
    struct op ops[NIMPLS];
    ops[0] = (struct op){OURS, p, d, n, in.data, in.len};
    for (int j = 1; j < k; j++) {
        ops[j] = ops[0];
        ops[j].impl = peers[j - 1];
    }
    struct timing t[NIMPLS];
    measure(ops, k, t);
    char a[32], b[32];
    printf("%-9s %-4s %7u  ", PATHS[p], DIALECTS[d], n);
    fmt_ns(a, sizeof a, t[0].median_ns);
    fmt_ns(b, sizeof b, t[0].median_ns / n);
    printf("ours %10s (%9s/item)", a, b);
    for (int j = 1; j < k; j++) {
        fmt_ns(a, sizeof a, t[j].median_ns);
        printf("  %s %10s %6.2fx", IMPLS[ops[j].impl], a, t[j].median_ns / t[0].median_ns);
    }
    printf("  [%d samples; faults/op", t[0].samples);
    for (int j = 0; j < k; j++)
        printf(" %.1f", t[j].faults);
    printf("]\n");
    fflush(stdout);
    for (int j = 0; j < k && TSV; j++) {
        fprintf(TSV, "%s\t%s\t%u\t%s\t%.1f\t%.1f\t%.1f\t%d\t%ld\t%zu\t%zu\t%.2f\n", PATHS[p],
                DIALECTS[d], n, IMPLS[ops[j].impl], t[j].median_ns, t[j].min_ns, t[j].max_ns,
                t[j].samples, t[j].iters, in.len, t[j].out_len, t[j].faults);
        fflush(TSV);
    }
    free(in.data);
}

static int cmd_time(int argc, char **argv)
{
    struct filters f = parse_filters(&argc, argv);
    const char *tsv_path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            tsv_path = argv[++i];
        else if (strcmp(argv[i], "--budget-ms") == 0 && i + 1 < argc)
            BUDGET_NS = strtod(argv[++i], NULL) * 1e6;
        else if (strcmp(argv[i], "--wall") == 0)
            CLOCK = CLOCK_MONOTONIC;
        else if (strcmp(argv[i], "--no-fork") == 0)
            NO_FORK = 1;
        else
            die("time: unknown argument %s", argv[i]);
    }
    if (tsv_path) {
        TSV = fopen(tsv_path, "w");
        if (!TSV)
            die("%s: %s", tsv_path, strerror(errno));
        fprintf(TSV, "path\tdialect\tn\timpl\tmedian_ns\tmin_ns\tmax_ns\tsamples\titers\tin_bytes\tout_bytes\tfaults_per_op\n");
    }
    printf("median %s per conversion%s; ratio = peer / ours (medians); n = NICs or entries\n\n",
           CLOCK == CLOCK_MONOTONIC ? "wall-clock time" : "CPU time",
           NO_FORK ? " (--no-fork: samples in one process)" : ", every sample in a fresh fork");
    if (NO_FORK)
        for (int i = 0; i < NIMPLS; i++)
            side_init((enum impl)i);
    each_case(&f, time_one, NULL);
    if (TSV)
        fclose(TSV);
    return 0;
}

/* ---- single pieces ---- */

struct args {
    enum impl impl;
    enum path path;
    int dialect;
};

static struct args parse_args(const char *impl, const char *path, const char *dialect)
{
    struct args a;
    a.impl = (enum impl)lookup(impl, IMPLS, NIMPLS, "implementation");
    a.path = (enum path)lookup(path, PATHS, NPATHS, "path");
    a.dialect = dialect ? lookup(dialect, DIALECTS, 3, "dialect") : 0;
    if (!valid(a.impl, a.path, a.dialect))
        die("%s has no %s for %s (or was built without it)", IMPLS[a.impl], path, dialect ? dialect : "xl");
    return a;
}

static int cmd_emit(char **argv)
{
    struct args a = parse_args(argv[0], argv[1], argv[2]);
    unsigned n = (unsigned)strtoul(argv[3], NULL, 10);
    struct input in = make_input(a.path, a.dialect, n);
    struct op op = {a.impl, a.path, a.dialect, n, in.data, in.len};
    side_init(a.impl);
    struct result r = run(&op);
    if (r.out) {
        fputs(r.out, stdout);
        if (a.path == P_INTERFACE)
            putchar('\n');
    } else {
        printf("%ld entries, %zu bytes\n", r.entries, r.len);
    }
    release(&op, r);
    free(in.data);
    side_cleanup();
    return 0;
}

static int cmd_gen(char **argv)
{
    enum path p = (enum path)lookup(argv[0], PATHS, NPATHS, "path");
    int d = lookup(argv[1], DIALECTS, 3, "dialect");
    struct input in = make_input(p, d, (unsigned)strtoul(argv[2], NULL, 10));
    fwrite(in.data, 1, in.len, stdout);
    if (p == P_VIF || p == P_VIF_RICH)
        putchar('\n');
    free(in.data);
    return 0;
}

static int cmd_loop(char **argv)
{
    struct args a = parse_args(argv[0], argv[1], argv[2]);
    unsigned n = (unsigned)strtoul(argv[3], NULL, 10);
    long iters = strtol(argv[4], NULL, 10);
    struct input in = make_input(a.path, a.dialect, n);
    struct op op = {a.impl, a.path, a.dialect, n, in.data, in.len};
    side_init(a.impl);
    for (long i = 0; i < iters; i++)
        release(&op, run(&op));
    free(in.data);
    side_cleanup();
    return 0;
}

static long maxrss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss; /* KiB on Linux */
}

static int cmd_rss(char **argv)
{
    struct args a = parse_args(argv[0], argv[1], argv[2]);
    if (!sized(a.path))
        die("rss: domain or config");
    /* Warm up on a small input first, so that code pages and the allocator's
     * first arena are resident before "start": what is left is the conversion's. */
    side_init(a.impl);
    struct input warm = make_input(a.path, a.dialect, 8);
    struct op wop = {a.impl, a.path, a.dialect, 8, warm.data, warm.len};
    release(&wop, run(&wop));
    free(warm.data);
    long start = maxrss_kib();
    FILE *f = fopen(argv[3], "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0)
        die("%s: %s", argv[3], strerror(errno));
    size_t len = (size_t)st.st_size;
    char *data = malloc(len ? len : 1);
    if (!data || fread(data, 1, len, f) != len)
        die("read %s", argv[3]);
    fclose(f);
    long loaded = maxrss_kib();
    struct op op = {a.impl, a.path, a.dialect, 0, data, len};
    struct result r = run(&op);
    long peak = maxrss_kib();
    printf("impl=%s path=%s dialect=%s in_bytes=%zu out_bytes=%zu rss_start_kib=%ld "
           "rss_loaded_kib=%ld rss_peak_kib=%ld\n",
           IMPLS[a.impl], PATHS[a.path], DIALECTS[a.dialect], len, r.out ? r.len : 0, start, loaded,
           peak);
    release(&op, r);
    free(data);
    side_cleanup();
    return 0;
}

/* alloc_count.c's counters, found at run time. */
struct bench_alloc_counters {
    int on;
    unsigned long allocs, reallocs, frees;
    unsigned long long bytes;
};

static int cmd_allocs(char **argv)
{
    struct args a = parse_args(argv[0], argv[1], argv[2]);
    unsigned n = (unsigned)strtoul(argv[3], NULL, 10);
    void *self = dlopen(NULL, RTLD_NOW);
    struct bench_alloc_counters *c = self ? dlsym(self, "bench_alloc_counters") : NULL;
    if (!c)
        die("allocs: run with LD_PRELOAD=bench/alloc_count.so");
    struct input in = make_input(a.path, a.dialect, sized(a.path) ? n : 1);
    struct op op = {a.impl, a.path, a.dialect, n, in.data, in.len};
    side_init(a.impl);
    /* two warm-ups: one-time lazy initialisation is not the conversion's */
    release(&op, run(&op));
    release(&op, run(&op));
    unsigned long allocs[2], reallocs[2], frees[2];
    unsigned long long bytes[2];
    for (int k = 0; k < 2; k++) {
        c->allocs = c->reallocs = c->frees = 0;
        c->bytes = 0;
        c->on = 1;
        struct result r = run(&op);
        c->on = 0;
        allocs[k] = c->allocs;
        reallocs[k] = c->reallocs;
        frees[k] = c->frees;
        bytes[k] = c->bytes;
        release(&op, r);
    }
    /* allocs counts every call that returns memory, reallocs included (as
     * tests/alloc.rs counts alloc, alloc_zeroed and realloc) */
    printf("impl=%s path=%s dialect=%s n=%u allocs=%lu reallocs=%lu bytes=%llu frees=%lu "
           "deterministic=%s\n",
           IMPLS[a.impl], PATHS[a.path], DIALECTS[a.dialect], sized(a.path) ? n : 1, allocs[1],
           reallocs[1], bytes[1], frees[1],
           allocs[0] == allocs[1] && bytes[0] == bytes[1] ? "yes" : "no");
    free(in.data);
    side_cleanup();
    dlclose(self);
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 2;
    if (argc >= 2 && strcmp(argv[1], "time") == 0)
        rc = cmd_time(argc - 2, argv + 2);
    else if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        rc = cmd_verify(argc - 2, argv + 2);
    else if (argc == 6 && strcmp(argv[1], "emit") == 0)
        rc = cmd_emit(argv + 2);
    else if (argc == 5 && strcmp(argv[1], "gen") == 0)
        rc = cmd_gen(argv + 2);
    else if (argc == 4 && strcmp(argv[1], "entry") == 0) {
        struct args a = parse_args(argv[2], argv[3], NULL);
        puts(entry_point(a.impl, a.path));
        rc = 0;
    } else if (argc == 7 && strcmp(argv[1], "loop") == 0)
        rc = cmd_loop(argv + 2);
    else if (argc == 6 && strcmp(argv[1], "rss") == 0)
        rc = cmd_rss(argv + 2);
    else if (argc == 6 && strcmp(argv[1], "allocs") == 0)
        rc = cmd_allocs(argv + 2);
    else
        fprintf(stderr, "usage: see the comment at the top of bench/bench_c.c\n");
    return rc;
}
