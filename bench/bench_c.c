/*
 * vifxml through its C ABI, timed against the libxml2 + XPath baseline
 * (baseline_libxml2.c, compiled in when libxml2 is present: -DHAVE_LIBXML2).
 *
 *   bench_c time [-o FILE.tsv] [--max-nics N] [--budget-ms MS] [--wall]
 *        time every case; a table on stdout, one TSV row per case in FILE.
 *        Times are the benchmarking thread's CPU time (CLOCK_THREAD_CPUTIME_ID),
 *        or wall-clock time with --wall.
 *   bench_c emit ours|baseline xl|xm|sxpr NICS      print the forward output
 *   bench_c gen NICS                                print the input (0: the single interface)
 *   bench_c rss ours|baseline xl|xm|sxpr FILE       peak RSS of one domain conversion of FILE
 *   bench_c loop ours|baseline xl|xm|sxpr NICS ITERS
 *        convert ITERS times (for callgrind: ours calls vifxml_interface_to_vif or
 *        vifxml_domain_to_config, the baseline baseline_interface_to_vif or
 *        baseline_domain_to_config, so --toggle-collect can count only those)
 *
 * NICS = 0 means the single <interface> document (interface_to_vif); any other
 * number a <domain> with that many NICs (domain_to_config).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "vifxml.h"

#include "gen.h"
#ifdef HAVE_LIBXML2
#include "baseline.h"
#endif

static const char *const DIALECTS[] = {"xl", "xm", "sxpr"};

static int dialect_of(const char *name)
{
    for (int d = 0; d < 3; d++)
        if (strcmp(name, DIALECTS[d]) == 0)
            return d;
    fprintf(stderr, "unknown dialect %s (xl, xm, sxpr)\n", name);
    exit(2);
}

static vifxml_options *OPTS[3];

static void make_options(void)
{
    for (int d = 0; d < 3; d++) {
        OPTS[d] = vifxml_options_new();
        if (!OPTS[d] || vifxml_options_set_dialect(OPTS[d], (uint32_t)d) != VIFXML_STATUS_OK) {
            fprintf(stderr, "cannot make options\n");
            exit(2);
        }
    }
}

static void fail(const char *what, vifxml_status status, vifxml_error *err)
{
    fprintf(stderr, "%s: %s: %s\n", what, vifxml_status_str(status),
            err ? vifxml_error_message(err) : "(no error object)");
    exit(1);
}

/* ---- the operations timed ---- */

enum impl { OURS, BASELINE };

struct op {
    enum impl impl;
    int dialect;
    const char *input;
    size_t len;
    /* which conversion: forward interface/domain, reverse vif/config */
    enum { FWD_INTERFACE, FWD_DOMAIN, REV_VIF, REV_CONFIG } kind;
};

/* Runs one conversion; returns its output (the caller frees it with free_output). */
static char *run(const struct op *op)
{
    char *out = NULL;
    vifxml_error *err = NULL;
    vifxml_status st = VIFXML_STATUS_OK;
    if (op->impl == BASELINE) {
#ifdef HAVE_LIBXML2
        out = op->kind == FWD_INTERFACE ? baseline_interface_to_vif(op->input, op->len, op->dialect)
                                        : baseline_domain_to_config(op->input, op->len, op->dialect);
        if (!out) {
            fprintf(stderr, "baseline conversion failed\n");
            exit(1);
        }
        return out;
#else
        fprintf(stderr, "built without libxml2: no baseline\n");
        exit(2);
#endif
    }
    const vifxml_options *o = OPTS[op->dialect];
    switch (op->kind) {
    case FWD_INTERFACE:
        st = vifxml_interface_to_vif(op->input, op->len, o, &out, &err);
        break;
    case FWD_DOMAIN:
        st = vifxml_domain_to_config(op->input, op->len, o, &out, &err);
        break;
    case REV_VIF:
        st = vifxml_vif_to_interface(op->input, op->len, o, &out, &err);
        break;
    case REV_CONFIG:
        st = vifxml_config_to_interfaces(op->input, op->len, o, &out, &err);
        break;
    }
    if (st != VIFXML_STATUS_OK)
        fail("vifxml conversion", st, err);
    return out;
}

static void free_output(const struct op *op, char *out)
{
    if (op->impl == BASELINE)
        free(out);
    else
        vifxml_string_free(out);
}

/* ---- timing ---- */

/* CPU time of this thread by default: on a machine shared with other work it
 * leaves out the time the benchmark is not running; --wall measures wall clock. */
static clockid_t CLOCK = CLOCK_THREAD_CPUTIME_ID;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct timing {
    double median_ns, min_ns, max_ns;
    long iters;
    int samples;
    size_t out_len;
};

static double BUDGET_NS = 600e6; /* per case, after calibration */

/* One run's cost (after a warm-up), used to choose iterations per sample. */
static double calibrate(const struct op *op, size_t *out_len)
{
    double t0 = now_ns();
    char *out = run(op);
    double once = now_ns() - t0;
    *out_len = strlen(out);
    free_output(op, out);
    if (once < 1e6) { /* a second warm-up for the short ones */
        t0 = now_ns();
        for (int i = 0; i < 100; i++)
            free_output(op, run(op));
        once = (now_ns() - t0) / 100;
    }
    return once < 1 ? 1 : once;
}

static double sample(const struct op *op, long iters)
{
    double t0 = now_ns();
    for (long i = 0; i < iters; i++)
        free_output(op, run(op));
    return (now_ns() - t0) / (double)iters;
}

static void summarise(struct timing *t, double *s)
{
    qsort(s, (size_t)t->samples, sizeof s[0], cmp_double);
    t->median_ns = t->samples % 2 ? s[t->samples / 2] : (s[t->samples / 2 - 1] + s[t->samples / 2]) / 2;
    t->min_ns = s[0];
    t->max_ns = s[t->samples - 1];
}

/* Times `a` and, if not NULL, `b`, alternating their samples (a, b, a, b, ...)
 * so that both see the same load on a shared machine.  Each sample is >= 10 ms
 * of back-to-back runs (or one run when a run is longer); 3..15 samples within
 * BUDGET_NS per operation.  Reports median, min and max ns per op. */
static void measure_pair(const struct op *a, struct timing *ta, const struct op *b, struct timing *tb)
{
    const struct op *ops[2] = {a, b};
    struct timing *ts[2] = {ta, tb};
    int n = b ? 2 : 1, samples = 15;
    for (int k = 0; k < n; k++) {
        memset(ts[k], 0, sizeof *ts[k]);
        double once = calibrate(ops[k], &ts[k]->out_len);
        ts[k]->iters = (long)(10e6 / once);
        if (ts[k]->iters < 1)
            ts[k]->iters = 1;
        int fit = (int)(BUDGET_NS / (once * (double)ts[k]->iters));
        if (fit < samples)
            samples = fit;
    }
    if (samples < 3)
        samples = 3;
    double s[2][15];
    for (int i = 0; i < samples; i++)
        for (int k = 0; k < n; k++)
            s[k][i] = sample(ops[k], ts[k]->iters);
    for (int k = 0; k < n; k++) {
        ts[k]->samples = samples;
        summarise(ts[k], s[k]);
    }
}

static const unsigned SIZES[] = {0, 8, 1000, 100000};

struct input {
    char *data;
    size_t len;
};

static struct input make_input(unsigned nics)
{
    struct input in;
    if (nics == 0) {
        in.len = strlen(BENCH_INTERFACE);
        in.data = strdup(BENCH_INTERFACE);
    } else {
        in.data = bench_domain(nics, &in.len);
    }
    return in;
}

static void tsv_row(FILE *tsv, const char *direction, const char *func, int dialect, unsigned nics,
                    const char *impl, const struct timing *t, size_t in_len)
{
    if (!tsv)
        return;
    fprintf(tsv, "%s\t%s\t%s\t%u\t%s\t%.1f\t%.1f\t%.1f\t%d\t%ld\t%zu\t%zu\n", direction, func,
            DIALECTS[dialect], nics, impl, t->median_ns, t->min_ns, t->max_ns, t->samples, t->iters,
            in_len, t->out_len);
    fflush(tsv);
}

static void fmt_ns(char *buf, size_t n, double ns)
{
    if (ns < 1e4)
        snprintf(buf, n, "%.0f ns", ns);
    else if (ns < 1e7)
        snprintf(buf, n, "%.1f us", ns / 1e3);
    else
        snprintf(buf, n, "%.1f ms", ns / 1e6);
}

static int cmd_time(int argc, char **argv)
{
    const char *tsv_path = NULL;
    unsigned max_nics = 100000;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            tsv_path = argv[++i];
        else if (strcmp(argv[i], "--max-nics") == 0 && i + 1 < argc)
            max_nics = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--budget-ms") == 0 && i + 1 < argc)
            BUDGET_NS = strtod(argv[++i], NULL) * 1e6;
        else if (strcmp(argv[i], "--wall") == 0)
            CLOCK = CLOCK_MONOTONIC;
        else {
            fprintf(stderr, "time: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    FILE *tsv = NULL;
    if (tsv_path) {
        tsv = fopen(tsv_path, "w");
        if (!tsv) {
            perror(tsv_path);
            return 2;
        }
        fprintf(tsv, "direction\tfunction\tdialect\tnics\timpl\tmedian_ns\tmin_ns\tmax_ns\tsamples\titers\tin_bytes\tout_bytes\n");
    }
    char a[32], b[32], c[32], d[32];

    printf("Forward: vifxml (C ABI) vs libxml2 + XPath baseline; median %s ns per conversion\n",
           CLOCK == CLOCK_MONOTONIC ? "wall-clock" : "thread CPU");
    printf("(samples of the two alternate; ratio = baseline/ours of the medians, (min) of the minima)\n");
    printf("NICs 0 = the single <interface> (interface_to_vif); otherwise a <domain> (domain_to_config)\n\n");
    printf("%-5s %7s %12s %12s %8s %8s %12s %12s\n", "dial.", "NICs", "ours/op", "baseline/op",
           "ratio", "(min)", "ours/NIC", "base/NIC");
    for (int dialect = 0; dialect < 3; dialect++) {
        for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
            unsigned nics = SIZES[s];
            if (nics > max_nics)
                continue;
            struct input in = make_input(nics);
            struct op op = {OURS, dialect, in.data, in.len, nics ? FWD_DOMAIN : FWD_INTERFACE};
            const char *func = nics ? "domain_to_config" : "interface_to_vif";
            struct timing ours;
#ifdef HAVE_LIBXML2
            struct timing base;
            struct op bop = op;
            bop.impl = BASELINE;
            measure_pair(&op, &ours, &bop, &base);
#else
            measure_pair(&op, &ours, NULL, NULL);
#endif
            tsv_row(tsv, "forward", func, dialect, nics, "ours", &ours, in.len);
            unsigned per = nics ? nics : 1;
            fmt_ns(a, sizeof a, ours.median_ns);
            fmt_ns(c, sizeof c, ours.median_ns / per);
#ifdef HAVE_LIBXML2
            tsv_row(tsv, "forward", func, dialect, nics, "baseline", &base, in.len);
            fmt_ns(b, sizeof b, base.median_ns);
            fmt_ns(d, sizeof d, base.median_ns / per);
            printf("%-5s %7u %12s %12s %7.1fx %7.1fx %12s %12s\n", DIALECTS[dialect], nics, a, b,
                   base.median_ns / ours.median_ns, base.min_ns / ours.min_ns, c, d);
#else
            (void)b;
            (void)d;
            printf("%-5s %7u %12s %12s %8s %8s %12s %12s\n", DIALECTS[dialect], nics, a, "-", "-", "-", c, "-");
#endif
            fflush(stdout);
            free(in.data);
        }
    }

    printf("\nReverse (vifxml only): vif_to_interface (one vif), config_to_interfaces (NICs entries)\n\n");
    printf("%-5s %7s %12s %12s\n", "dial.", "entries", "ours/op", "ours/entry");
    for (int dialect = 0; dialect < 3; dialect++) {
        for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
            unsigned nics = SIZES[s];
            if (nics > max_nics)
                continue;
            if (nics && dialect == 2)
                continue; /* sxpr has no config text */
            /* the reverse input is vifxml's own forward output */
            struct input in = make_input(nics);
            struct op fwd = {OURS, dialect, in.data, in.len, nics ? FWD_DOMAIN : FWD_INTERFACE};
            char *text = run(&fwd);
            struct op op = {OURS, dialect, text, strlen(text), nics ? REV_CONFIG : REV_VIF};
            struct timing ours;
            measure_pair(&op, &ours, NULL, NULL);
            tsv_row(tsv, "reverse", nics ? "config_to_interfaces" : "vif_to_interface", dialect,
                    nics, "ours", &ours, op.len);
            fmt_ns(a, sizeof a, ours.median_ns);
            fmt_ns(c, sizeof c, ours.median_ns / (nics ? nics : 1));
            printf("%-5s %7u %12s %12s\n", DIALECTS[dialect], nics ? nics : 1, a, c);
            fflush(stdout);
            vifxml_string_free(text);
            free(in.data);
        }
    }
    if (tsv)
        fclose(tsv);
    return 0;
}

static enum impl impl_of(const char *name)
{
    if (strcmp(name, "ours") == 0)
        return OURS;
    if (strcmp(name, "baseline") == 0) {
#ifndef HAVE_LIBXML2
        fprintf(stderr, "built without libxml2: no baseline\n");
        exit(2);
#endif
        return BASELINE;
    }
    fprintf(stderr, "unknown implementation %s (ours, baseline)\n", name);
    exit(2);
}

static int cmd_emit(char **argv)
{
    unsigned nics = (unsigned)strtoul(argv[2], NULL, 10);
    struct input in = make_input(nics);
    struct op op = {impl_of(argv[0]), dialect_of(argv[1]), in.data, in.len,
                    nics ? FWD_DOMAIN : FWD_INTERFACE};
    char *out = run(&op);
    fputs(out, stdout);
    if (!nics)
        putchar('\n');
    free_output(&op, out);
    free(in.data);
    return 0;
}

static int cmd_gen(char **argv)
{
    unsigned nics = (unsigned)strtoul(argv[0], NULL, 10);
    struct input in = make_input(nics);
    fwrite(in.data, 1, in.len, stdout);
    free(in.data);
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
    enum impl impl = impl_of(argv[0]);
    int dialect = dialect_of(argv[1]);
    /* Warm up on a small domain first, so that code pages and the allocator's
     * first arena are resident before "start": what is left is the conversion's. */
    struct input warm = make_input(8);
    struct op wop = {impl, dialect, warm.data, warm.len, FWD_DOMAIN};
    free_output(&wop, run(&wop));
    free(warm.data);
    long start = maxrss_kib();
    FILE *f = fopen(argv[2], "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        perror(argv[2]);
        return 2;
    }
    size_t len = (size_t)st.st_size;
    char *data = malloc(len ? len : 1);
    if (!data || fread(data, 1, len, f) != len) {
        perror("read");
        return 2;
    }
    fclose(f);
    long loaded = maxrss_kib();
    struct op op = {impl, dialect, data, len, FWD_DOMAIN};
    char *out = run(&op);
    long peak = maxrss_kib();
    size_t out_len = strlen(out);
    /* key=value, one line, for run.sh */
    printf("impl=%s dialect=%s in_bytes=%zu out_bytes=%zu rss_start_kib=%ld rss_loaded_kib=%ld "
           "rss_peak_kib=%ld\n",
           argv[0], argv[1], len, out_len, start, loaded, peak);
    free_output(&op, out);
    free(data);
    return 0;
}

static int cmd_loop(char **argv)
{
    enum impl impl = impl_of(argv[0]);
    int dialect = dialect_of(argv[1]);
    unsigned nics = (unsigned)strtoul(argv[2], NULL, 10);
    long iters = strtol(argv[3], NULL, 10);
    struct input in = make_input(nics);
    struct op op = {impl, dialect, in.data, in.len, nics ? FWD_DOMAIN : FWD_INTERFACE};
    for (long i = 0; i < iters; i++)
        free_output(&op, run(&op));
    free(in.data);
    return 0;
}

int main(int argc, char **argv)
{
#ifdef HAVE_LIBXML2
    baseline_init();
#endif
    make_options();
    int rc = 2;
    if (argc >= 2 && strcmp(argv[1], "time") == 0)
        rc = cmd_time(argc - 2, argv + 2);
    else if (argc == 5 && strcmp(argv[1], "emit") == 0)
        rc = cmd_emit(argv + 2);
    else if (argc == 3 && strcmp(argv[1], "gen") == 0)
        rc = cmd_gen(argv + 2);
    else if (argc == 5 && strcmp(argv[1], "rss") == 0)
        rc = cmd_rss(argv + 2);
    else if (argc == 6 && strcmp(argv[1], "loop") == 0)
        rc = cmd_loop(argv + 2);
    else
        fprintf(stderr, "usage: see the comment at the top of bench/bench_c.c\n");
    for (int d = 0; d < 3; d++)
        vifxml_options_free(OPTS[d]);
#ifdef HAVE_LIBXML2
    baseline_cleanup();
#endif
    return rc;
}
