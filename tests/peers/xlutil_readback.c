/*
 * xlutil_readback.c - prove vifxml against Xen's own config parser, libxlutil.
 *
 * usage: xlutil_readback DOMAINS_DIR CONFIGS_DIR [DUMP_DIR]
 *
 * 1. Every DOMAINS_DIR/NAME.xml has a NAME.expect holding, per dialect (and
 *    optionally Xen version), the vif strings SPEC §3 prescribes, or the error
 *    status.  For each section:
 *      - vifxml_domain_to_vifs must return exactly those strings;
 *      - vifxml_domain_to_config must return the SPEC §4 config line
 *        `vif = [ "A", "B" ]\n` (`vif = []\n` with no NICs);
 *      - libxlutil (xlu_cfg_readdata + xlu_cfg_get_list/_listitem) must read
 *        that config text back as exactly the same list, item for item;
 *      - every `rate=` value must be accepted by xlu_vif_parse_rate and give
 *        the bytes per second meant: N KB/s is N*1000 bytes/s (Xen's decimal
 *        units), i.e. with the default 50 ms interval
 *        rate_bytes_per_interval == N*50 and rate_interval_usecs == 50000.
 * 2. Every CONFIGS_DIR/NAME.cfg is a hand-written xl/xm config that libxlutil
 *    accepts.  For each entry E of the `vif` list libxlutil reads,
 *    vifxml_vif_to_interface(E) must equal the corresponding <interface> block
 *    (less two spaces of indentation) of vifxml_config_to_interfaces(config),
 *    and the number of blocks must equal the number of entries.
 *    Every CONFIGS_DIR/bad/NAME.cfg is one that libxlutil rejects (a parse
 *    error, or `vif` not being a list); vifxml_config_to_interfaces must reject
 *    it too, with the status named by a `# vifxml-expect: STATUS` line if any.
 *    A `# vifxml-dialect: xm` line selects the xm dialect (default xl).
 * 3. With DUMP_DIR, each config text and the list libxlutil read back are
 *    written there (NAME.cfg, NAME.vifs: count then one hex-encoded entry per
 *    line) for py_readback.py, which checks that Python reads the same list.
 *
 * Prints one line per check, summary counts, and as its last line
 * `N passed, N failed`; exits non-zero if any check failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "vifxml.h"

static int n_passed, n_failed;
static int n_generated_read_back; /* generated config lines libxlutil read back */
static int n_configs_read_back;   /* hand-written configs libxlutil read back */
static int n_bad_configs;         /* hand-written configs both reject */
static int n_rates;               /* rate= values libxlutil parsed as meant */
static int n_entries;             /* vif entries compared */

static void check(bool ok, const char *fmt, ...)
{
    va_list ap;
    fputs(ok ? "ok   " : "FAIL ", stdout);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    if (ok)
        n_passed++;
    else
        n_failed++;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

static char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t cap = 4096, len = 0, n;

    if (!f)
        return NULL;
    buf = xmalloc(cap + 1);
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *nb;
            cap *= 2;
            nb = realloc(buf, cap + 1);
            if (!nb) {
                fputs("out of memory\n", stderr);
                exit(2);
            }
            buf = nb;
        }
    }
    fclose(f);
    buf[len] = 0;
    *len_out = len;
    return buf;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = xmalloc(a + b + 2);
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Sorted names in dir ending with suffix; returns count, *names malloc'd. */
static int list_dir(const char *dir, const char *suffix, char ***names)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort), i, k = 0;

    if (n < 0) {
        *names = NULL;
        return -1;
    }
    *names = xmalloc(sizeof(char *) * (size_t)(n + 1));
    for (i = 0; i < n; i++) {
        if (ends_with(ents[i]->d_name, suffix) && ents[i]->d_name[0] != '.')
            (*names)[k++] = xstrdup(ents[i]->d_name);
        free(ents[i]);
    }
    free(ents);
    return k;
}

static void free_names(char **names, int n)
{
    int i;
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- vifxml status names (SPEC §6 order) ---- */

static const struct {
    const char *name;
    uint32_t value;
} statuses[] = {
    {"OK", VIFXML_STATUS_OK},
    {"NULL_ARGUMENT", VIFXML_STATUS_NULL_ARGUMENT},
    {"INVALID_UTF8", VIFXML_STATUS_INVALID_UTF8},
    {"XML_SYNTAX", VIFXML_STATUS_XML_SYNTAX},
    {"INVALID", VIFXML_STATUS_INVALID},
    {"UNSUPPORTED", VIFXML_STATUS_UNSUPPORTED},
    {"UNSAFE_VALUE", VIFXML_STATUS_UNSAFE_VALUE},
    {"NETWORK_UNRESOLVED", VIFXML_STATUS_NETWORK_UNRESOLVED},
    {"INVALID_OPTION", VIFXML_STATUS_INVALID_OPTION},
    {"VIF_SYNTAX", VIFXML_STATUS_VIF_SYNTAX},
    {"INTERNAL", VIFXML_STATUS_INTERNAL},
};

static const char *status_name(uint32_t st)
{
    size_t i;
    for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (statuses[i].value == st)
            return statuses[i].name;
    return "?";
}

static bool status_by_name(const char *name, uint32_t *st)
{
    size_t i;
    for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcmp(statuses[i].name, name) == 0) {
            *st = statuses[i].value;
            return true;
        }
    return false;
}

/* "STATUS (message @offset)" for a failed call; static buffer. */
static const char *describe(vifxml_status st, const vifxml_error *err)
{
    static char buf[2048];
    const char *msg = err ? vifxml_error_message(err) : NULL;
    size_t off = err ? vifxml_error_offset(err) : SIZE_MAX;

    if (off == SIZE_MAX)
        snprintf(buf, sizeof buf, "%s (%s)", status_name(st), msg ? msg : "no message");
    else
        snprintf(buf, sizeof buf, "%s (%s; offset %zu)", status_name(st), msg ? msg : "no message",
                 off);
    return buf;
}

/* ---- options ---- */

enum { DIALECT_XL, DIALECT_XM };

static vifxml_options *make_options(int dialect, const unsigned version[3], bool has_version)
{
    vifxml_options *o = vifxml_options_new();
    vifxml_status st;

    if (!o) {
        fputs("vifxml_options_new returned NULL\n", stderr);
        exit(2);
    }
    st = vifxml_options_set_dialect(o, dialect == DIALECT_XM ? VIFXML_DIALECT_XM : VIFXML_DIALECT_XL);
    if (st != VIFXML_STATUS_OK) {
        fprintf(stderr, "vifxml_options_set_dialect: %s\n", status_name(st));
        exit(2);
    }
    if (has_version) {
        st = vifxml_options_set_xen_version(o, version[0], version[1], version[2]);
        if (st != VIFXML_STATUS_OK) {
            fprintf(stderr, "vifxml_options_set_xen_version: %s\n", status_name(st));
            exit(2);
        }
    }
    return o;
}

/* ---- libxlutil ---- */

/* Reads text with libxlutil.  Returns 0 and the `vif` list (copies) on success;
 * otherwise an errno value, with libxlutil's report in *report. */
static int xlu_read_vif(const char *source, const char *text, size_t len, char ***items_out,
                        int *count_out, char **report_out)
{
    FILE *rep = tmpfile();
    XLU_Config *cfg;
    XLU_ConfigList *list = NULL;
    int e, n = 0, i;
    char **items = NULL;

    *items_out = NULL;
    *count_out = 0;
    *report_out = NULL;
    if (!rep) {
        fprintf(stderr, "tmpfile: %s\n", strerror(errno));
        exit(2);
    }
    cfg = xlu_cfg_init(rep, source);
    if (!cfg) {
        fputs("xlu_cfg_init failed\n", stderr);
        exit(2);
    }
    e = xlu_cfg_readdata(cfg, text, (int)len);
    if (!e) {
        e = xlu_cfg_get_list(cfg, "vif", &list, &n, 0);
        if (e == ESRCH) { /* no vif setting: no NICs */
            e = 0;
            n = 0;
            list = NULL;
        }
    }
    if (!e) {
        items = xmalloc(sizeof(char *) * (size_t)(n + 1));
        for (i = 0; i < n; i++) {
            const char *s = xlu_cfg_get_listitem(list, i);
            if (!s) { /* a nested list where a string should be */
                e = EINVAL;
                fprintf(rep, "%s: vif item %d is not a string\n", source, i);
                items[i] = NULL;
                n = i;
                break;
            }
            items[i] = xstrdup(s);
        }
        items[n] = NULL;
    }
    xlu_cfg_destroy(cfg);
    {
        long sz;
        fflush(rep);
        sz = ftell(rep);
        if (sz > 0) {
            *report_out = xmalloc((size_t)sz + 1);
            rewind(rep);
            sz = (long)fread(*report_out, 1, (size_t)sz, rep);
            (*report_out)[sz] = 0;
        }
        fclose(rep);
    }
    if (e) {
        for (i = 0; i < n; i++)
            free(items[i]);
        free(items);
        return e;
    }
    *items_out = items;
    *count_out = n;
    return 0;
}

static void free_items(char **items, int n)
{
    int i;
    if (!items)
        return;
    for (i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* ---- dump for py_readback.py ---- */

static void dump(const char *dump_dir, const char *name, const char *text, size_t len,
                 char *const *items, int n)
{
    char *base, *p;
    FILE *f;
    int i;
    size_t nl = strlen(name);

    if (!dump_dir)
        return;
    base = xmalloc(nl + 8);
    memcpy(base, name, nl);
    memcpy(base + nl, ".cfg", 5);
    p = path_join(dump_dir, base);
    write_file(p, text, len);
    free(p);
    memcpy(base + nl, ".vifs", 6);
    p = path_join(dump_dir, base);
    f = fopen(p, "w");
    if (!f) {
        fprintf(stderr, "cannot write %s\n", p);
        exit(2);
    }
    fprintf(f, "%d\n", n);
    for (i = 0; i < n; i++) {
        const unsigned char *s = (const unsigned char *)items[i];
        for (; *s; s++)
            fprintf(f, "%02x", *s);
        fputc('\n', f);
    }
    fclose(f);
    free(p);
    free(base);
}

/* ---- expectations ---- */

#define MAX_SECTIONS 16
#define MAX_VIFS 64

struct section {
    int dialect;
    bool has_version;
    unsigned version[3];
    bool expect_error;
    uint32_t error_status;
    int nvifs;
    char *vifs[MAX_VIFS];
    char label[64];
};

static int parse_expect(const char *path, char *text, struct section *secs)
{
    int ns = 0, lineno = 0;
    char *line = text, *next;

    for (; line && *line; line = next) {
        struct section *s = ns ? &secs[ns - 1] : NULL;
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        lineno++;
        if (line[0] == '#' || line[0] == 0)
            continue;
        if (line[0] == '[') {
            char d[8];
            unsigned a, b, c;
            int k;
            if (ns == MAX_SECTIONS)
                goto bad;
            s = &secs[ns++];
            memset(s, 0, sizeof *s);
            k = sscanf(line, "[%7[a-z] %u.%u.%u]", d, &a, &b, &c);
            if (k != 1 && k != 4)
                goto bad;
            if (strcmp(d, "xl") == 0)
                s->dialect = DIALECT_XL;
            else if (strcmp(d, "xm") == 0)
                s->dialect = DIALECT_XM;
            else
                goto bad;
            if (k == 4) {
                s->has_version = true;
                s->version[0] = a;
                s->version[1] = b;
                s->version[2] = c;
                snprintf(s->label, sizeof s->label, "%s %u.%u.%u", d, a, b, c);
            } else {
                snprintf(s->label, sizeof s->label, "%s", d);
            }
            continue;
        }
        if (!s)
            goto bad;
        if (strncmp(line, "vif:", 4) == 0) {
            const char *v = line + 4;
            if (*v == ' ')
                v++;
            if (s->nvifs == MAX_VIFS || s->expect_error)
                goto bad;
            s->vifs[s->nvifs++] = xstrdup(v);
            continue;
        }
        if (strncmp(line, "error: ", 7) == 0) {
            if (s->nvifs || !status_by_name(line + 7, &s->error_status))
                goto bad;
            s->expect_error = true;
            continue;
        }
    bad:
        fprintf(stderr, "%s:%d: bad expectation line: %s\n", path, lineno, line);
        exit(2);
    }
    return ns;
}

/* The SPEC §4 config line for these vifs. */
static char *config_line(char *const *vifs, int n)
{
    size_t len = 16;
    int i;
    char *out, *p;

    for (i = 0; i < n; i++)
        len += strlen(vifs[i]) + 4;
    out = xmalloc(len);
    if (n == 0) {
        strcpy(out, "vif = []\n");
        return out;
    }
    p = out;
    p += sprintf(p, "vif = [ ");
    for (i = 0; i < n; i++)
        p += sprintf(p, "%s\"%s\"", i ? ", " : "", vifs[i]);
    strcpy(p, " ]\n");
    return out;
}

/* Value of key `key` in a vif string (items split on ','), or NULL; malloc'd. */
static char *vif_value(const char *vif, const char *key)
{
    size_t kl = strlen(key);
    const char *p = vif;

    while (*p) {
        const char *end = strchr(p, ',');
        size_t il = end ? (size_t)(end - p) : strlen(p);
        if (il > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
            char *v = xmalloc(il - kl);
            memcpy(v, p + kl + 1, il - kl - 1);
            v[il - kl - 1] = 0;
            return v;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return NULL;
}

static void check_rate(const char *where, const char *vif)
{
    char *rate = vif_value(vif, "rate");
    char *end;
    unsigned long long kbs;
    libxl_device_nic nic;
    XLU_Config *cfg;
    int e;

    if (!rate)
        return;
    errno = 0;
    kbs = strtoull(rate, &end, 10);
    if (errno || end == rate || strcmp(end, "KB/s") != 0) {
        check(false, "%s: rate=%s is not of the SPEC §3 form NKB/s", where, rate);
        free(rate);
        return;
    }
    cfg = xlu_cfg_init(stdout, where);
    memset(&nic, 0, sizeof nic);
    /* xlu_vif_parse_rate tests errno == ERANGE after strtoull without clearing it */
    errno = 0;
    e = xlu_vif_parse_rate(cfg, rate, &nic);
    xlu_cfg_destroy(cfg);
    {
        /* bytes/s = N * 1000; per default 50 ms interval = bytes/s * 50000 / 1e6 */
        uint64_t want = (uint64_t)kbs * 1000u * 50000u / 1000000u;
        check(e == 0 && nic.rate_interval_usecs == 50000 && nic.rate_bytes_per_interval == want,
              "%s: xlu_vif_parse_rate(\"%s\") = %d, %" PRIu64 " bytes per %" PRIu32
              " us (want 0, %" PRIu64 " bytes per 50000 us = %llu000 bytes/s)",
              where, rate, e, (uint64_t)nic.rate_bytes_per_interval,
              (uint32_t)nic.rate_interval_usecs, want, kbs);
        if (e == 0 && nic.rate_interval_usecs == 50000 && nic.rate_bytes_per_interval == want)
            n_rates++;
    }
    free(rate);
}

static void run_domain(const char *dir, const char *name, const char *dump_dir)
{
    char *xml_path = path_join(dir, name), *exp_path, *xml, *exp_text;
    size_t xml_len, exp_len, nl = strlen(name);
    struct section secs[MAX_SECTIONS];
    int ns, si, i;
    char stem[256];

    snprintf(stem, sizeof stem, "%.*s", (int)(nl - 4), name);
    exp_path = xmalloc(strlen(xml_path) + 8);
    sprintf(exp_path, "%.*s.expect", (int)(strlen(xml_path) - 4), xml_path);
    xml = read_file(xml_path, &xml_len);
    exp_text = read_file(exp_path, &exp_len);
    if (!xml || !exp_text) {
        check(false, "domain %s: cannot read %s", stem, xml ? exp_path : xml_path);
        free(xml);
        free(exp_text);
        free(xml_path);
        free(exp_path);
        return;
    }
    ns = parse_expect(exp_path, exp_text, secs);
    for (si = 0; si < ns; si++) {
        struct section *s = &secs[si];
        vifxml_options *o = make_options(s->dialect, s->version, s->has_version);
        vifxml_error *err = NULL;
        char **vifs = NULL, *config = NULL;
        size_t count = 12345;
        vifxml_status st;
        char where[384];

        snprintf(where, sizeof where, "domain %s [%s]", stem, s->label);
        st = vifxml_domain_to_vifs(xml, xml_len, o, &vifs, &count, &err);
        if (s->expect_error) {
            check(st == s->error_status && vifs == NULL && count == 0,
                  "%s: vifxml_domain_to_vifs fails with %s (got %s)", where,
                  status_name(s->error_status), st ? describe(st, err) : "OK");
            vifxml_error_free(err);
            err = NULL;
            vifxml_strings_free(vifs, vifs ? count : 0);
            st = vifxml_domain_to_config(xml, xml_len, o, &config, &err);
            check(st == s->error_status && config == NULL,
                  "%s: vifxml_domain_to_config fails with %s (got %s)", where,
                  status_name(s->error_status), st ? describe(st, err) : "OK");
            vifxml_error_free(err);
            vifxml_string_free(config);
            vifxml_options_free(o);
            continue;
        }
        if (st != VIFXML_STATUS_OK) {
            check(false, "%s: vifxml_domain_to_vifs: %s", where, describe(st, err));
            vifxml_error_free(err);
            vifxml_options_free(o);
            continue;
        }
        {
            bool same = vifs != NULL && count == (size_t)s->nvifs && vifs[count] == NULL;
            for (i = 0; same && i < s->nvifs; i++)
                same = vifs[i] != NULL && strcmp(vifs[i], s->vifs[i]) == 0;
            check(same, "%s: vifxml_domain_to_vifs gives the %d vif(s) of SPEC §3", where,
                  s->nvifs);
            if (!same) {
                for (i = 0; i < s->nvifs; i++)
                    printf("       want[%d] %s\n", i, s->vifs[i]);
                for (i = 0; vifs && (size_t)i < count; i++)
                    printf("       got [%d] %s\n", i, vifs[i] ? vifs[i] : "(NULL)");
                if (vifs && vifs[count] != NULL)
                    printf("       array not NULL-terminated\n");
            }
        }
        st = vifxml_domain_to_config(xml, xml_len, o, &config, &err);
        if (st != VIFXML_STATUS_OK) {
            check(false, "%s: vifxml_domain_to_config: %s", where, describe(st, err));
            vifxml_error_free(err);
            vifxml_strings_free(vifs, count);
            vifxml_options_free(o);
            continue;
        }
        {
            char *want = config_line(vifs, (int)count);
            check(strcmp(config, want) == 0, "%s: config line has the SPEC §4 form", where);
            if (strcmp(config, want) != 0)
                printf("       want %s       got  %s%s", want, config,
                       ends_with(config, "\n") ? "" : "\n");
            free(want);
        }
        {
            char **items, *report;
            int n, e;
            char src[400];
            snprintf(src, sizeof src, "%s.%s", stem, s->label);
            e = xlu_read_vif(src, config, strlen(config), &items, &n, &report);
            if (e) {
                check(false, "%s: libxlutil rejects the config text (errno %d): %s", where, e,
                      report ? report : "");
                printf("       config: %s", config);
            } else {
                bool same = (size_t)n == count;
                for (i = 0; same && i < n; i++)
                    same = strcmp(items[i], vifs[i]) == 0;
                check(same, "%s: libxlutil reads back the %zu vif(s) of vifxml_domain_to_vifs",
                      where, count);
                if (same)
                    n_generated_read_back++;
                else
                    for (i = 0; i < n; i++)
                        printf("       libxlutil[%d] %s\n", i, items[i]);
                if (dump_dir) {
                    char dname[512];
                    size_t k;
                    snprintf(dname, sizeof dname, "gen-%s-%s", stem, s->label);
                    for (k = 0; dname[k]; k++)
                        if (dname[k] == ' ')
                            dname[k] = '-';
                    dump(dump_dir, dname, config, strlen(config), vifs, (int)count);
                }
            }
            free_items(items, n);
            free(report);
        }
        for (i = 0; (size_t)i < count; i++)
            check_rate(where, vifs[i]);
        vifxml_string_free(config);
        vifxml_strings_free(vifs, count);
        vifxml_options_free(o);
    }
    for (si = 0; si < ns; si++)
        for (i = 0; i < secs[si].nvifs; i++)
            free(secs[si].vifs[i]);
    free(xml);
    free(exp_text);
    free(xml_path);
    free(exp_path);
}

/* ---- hand-written configs ---- */

static int config_dialect(const char *text)
{
    return strstr(text, "# vifxml-dialect: xm\n") ? DIALECT_XM : DIALECT_XL;
}

/* Splits vifxml_config_to_interfaces output into de-indented <interface> blocks.
 * Returns the block count, or -1 (with *why) if the form is not SPEC §5's. */
static int split_devices(const char *xml, char ***blocks_out, const char **why)
{
    const char *p;
    char **blocks;
    int n = 0, cap = 8;

    *blocks_out = NULL;
    if (strncmp(xml, "<devices>\n", 10) != 0) {
        *why = "does not start with \"<devices>\\n\"";
        return -1;
    }
    if (!ends_with(xml, "</devices>\n")) {
        *why = "does not end with \"</devices>\\n\"";
        return -1;
    }
    blocks = xmalloc(sizeof(char *) * (size_t)cap);
    p = xml + 10;
    while (strcmp(p, "</devices>\n") != 0) {
        size_t blen = 0, bcap = 256;
        char *b = xmalloc(bcap);
        bool done = false;
        if (strncmp(p, "  <interface", 12) != 0) {
            *why = "a line inside <devices> does not start an \"  <interface\" block";
            free(b);
            goto fail;
        }
        while (!done) {
            const char *eol = strchr(p, '\n');
            size_t ll;
            if (!eol) {
                *why = "unterminated line";
                free(b);
                goto fail;
            }
            ll = (size_t)(eol - p) + 1;
            if (ll < 3 || p[0] != ' ' || p[1] != ' ') {
                *why = "a line inside <devices> is not indented by two spaces";
                free(b);
                goto fail;
            }
            done = strncmp(p, "  </interface>\n", 15) == 0 ||
                   (strncmp(p, "  <interface", 12) == 0 && ll >= 4 && p[ll - 3] == '/' &&
                    p[ll - 2] == '>');
            while (blen + ll + 1 > bcap) {
                bcap *= 2;
                b = realloc(b, bcap);
                if (!b) {
                    fputs("out of memory\n", stderr);
                    exit(2);
                }
            }
            memcpy(b + blen, p + 2, ll - 2);
            blen += ll - 2;
            b[blen] = 0;
            p = eol + 1;
            if (!done && *p == 0) {
                *why = "an <interface> block is not closed";
                free(b);
                goto fail;
            }
        }
        if (n == cap) {
            cap *= 2;
            blocks = realloc(blocks, sizeof(char *) * (size_t)cap);
            if (!blocks) {
                fputs("out of memory\n", stderr);
                exit(2);
            }
        }
        blocks[n++] = b;
    }
    *blocks_out = blocks;
    return n;
fail:
    free_items(blocks, n);
    return -1;
}

static void print_indented(const char *label, const char *text)
{
    const char *p = text;
    printf("       %s:\n", label);
    while (*p) {
        const char *eol = strchr(p, '\n');
        int l = eol ? (int)(eol - p) : (int)strlen(p);
        printf("         |%.*s\n", l, p);
        p += l + (eol ? 1 : 0);
    }
}

static void run_config(const char *dir, const char *name, const char *dump_dir)
{
    char *path = path_join(dir, name), *text, **items, *report, *xml = NULL, **blocks = NULL;
    size_t len;
    int e, n, nb, i, dialect;
    vifxml_options *o;
    vifxml_error *err = NULL;
    vifxml_status st;
    const char *why = "";
    bool all_same = true;

    text = read_file(path, &len);
    if (!text) {
        check(false, "config %s: cannot read", name);
        free(path);
        return;
    }
    dialect = config_dialect(text);
    e = xlu_read_vif(name, text, len, &items, &n, &report);
    if (e) {
        check(false, "config %s: libxlutil rejects this good config (errno %d): %s", name, e,
              report ? report : "");
        free(report);
        free(text);
        free(path);
        return;
    }
    free(report);
    if (strstr(text, "# vifxml-python: yes\n")) {
        /* Python (as xend ran xm files) must read the list libxlutil read */
        char dname[300];
        snprintf(dname, sizeof dname, "cfg-%.*s", (int)(strlen(name) - 4), name);
        dump(dump_dir, dname, text, len, items, n);
    }
    o = make_options(dialect, NULL, false);
    st = vifxml_config_to_interfaces(text, len, o, &xml, &err);
    if (st != VIFXML_STATUS_OK) {
        check(false, "config %s [%s]: vifxml_config_to_interfaces: %s (libxlutil read %d entries)",
              name, dialect == DIALECT_XM ? "xm" : "xl", describe(st, err), n);
        vifxml_error_free(err);
        goto out;
    }
    nb = split_devices(xml, &blocks, &why);
    if (nb < 0) {
        check(false, "config %s: vifxml_config_to_interfaces output %s", name, why);
        print_indented("got", xml);
        goto out;
    }
    check(nb == n, "config %s [%s]: vifxml_config_to_interfaces gives %d <interface>, libxlutil "
                   "reads %d vif entries",
          name, dialect == DIALECT_XM ? "xm" : "xl", nb, n);
    if (nb != n)
        all_same = false;
    for (i = 0; i < n; i++) {
        char *one = NULL;
        vifxml_error *err2 = NULL;
        vifxml_status st2 = vifxml_vif_to_interface(items[i], strlen(items[i]), o, &one, &err2);
        if (st2 != VIFXML_STATUS_OK) {
            check(false, "config %s entry %d \"%s\": vifxml_vif_to_interface: %s", name, i,
                  items[i], describe(st2, err2));
            all_same = false;
        } else if (i < nb) {
            bool same = strcmp(one, blocks[i]) == 0;
            check(same, "config %s entry %d \"%s\": vif_to_interface equals block %d of "
                        "config_to_interfaces",
                  name, i, items[i], i);
            if (!same) {
                print_indented("vif_to_interface", one);
                print_indented("config_to_interfaces block (de-indented)", blocks[i]);
                all_same = false;
            }
            n_entries++;
        }
        vifxml_error_free(err2);
        vifxml_string_free(one);
    }
    if (all_same)
        n_configs_read_back++;
    for (i = 0; i < nb; i++)
        free(blocks[i]);
    free(blocks);
out:
    vifxml_string_free(xml);
    vifxml_options_free(o);
    free_items(items, n);
    free(text);
    free(path);
}

static void run_bad_config(const char *dir, const char *name)
{
    char *path = path_join(dir, name), *text, **items, *report, *xml = (char *)1;
    const char *want_line;
    size_t len;
    int e, n;
    vifxml_options *o;
    vifxml_error *err = NULL;
    vifxml_status st;
    uint32_t want = VIFXML_STATUS_OK;
    bool want_exact = false;

    text = read_file(path, &len);
    if (!text) {
        check(false, "bad config %s: cannot read", name);
        free(path);
        return;
    }
    want_line = strstr(text, "# vifxml-expect: ");
    if (want_line) {
        char sname[32];
        if (sscanf(want_line + 17, "%31[A-Z_0-9]", sname) == 1 && status_by_name(sname, &want))
            want_exact = true;
    }
    e = xlu_read_vif(name, text, len, &items, &n, &report);
    {
        char *nlp = report ? strchr(report, '\n') : NULL;
        if (nlp)
            *nlp = 0;
        check(e != 0, "bad config %s: libxlutil rejects it (errno %d: %s)", name, e,
              report ? report : "");
    }
    free_items(items, n);
    free(report);
    o = make_options(config_dialect(text), NULL, false);
    st = vifxml_config_to_interfaces(text, len, o, &xml, &err);
    if (want_exact)
        check(st == want && xml == NULL, "bad config %s: vifxml_config_to_interfaces fails with %s "
                                          "(got %s)",
              name, status_name(want), st ? describe(st, err) : "OK");
    else
        check(st != VIFXML_STATUS_OK && xml == NULL,
              "bad config %s: vifxml_config_to_interfaces fails (got %s)", name,
              st ? describe(st, err) : "OK");
    if (st == VIFXML_STATUS_OK && xml)
        print_indented("vifxml read", xml);
    if (e != 0 && st != VIFXML_STATUS_OK)
        n_bad_configs++;
    vifxml_error_free(err);
    vifxml_string_free(xml == (char *)1 ? NULL : xml);
    vifxml_options_free(o);
    free(text);
    free(path);
}

int main(int argc, char **argv)
{
    char **names;
    int n, i;
    const char *dump_dir;
    char *bad_dir;

    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s DOMAINS_DIR CONFIGS_DIR [DUMP_DIR]\n", argv[0]);
        return 2;
    }
    dump_dir = argc == 4 ? argv[3] : NULL;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("vifxml %s against libxlutil\n", vifxml_version());

    n = list_dir(argv[1], ".xml", &names);
    check(n > 0, "domain corpus %s has %d XML file(s)", argv[1], n);
    for (i = 0; i < n; i++)
        run_domain(argv[1], names[i], dump_dir);
    if (n > 0)
        free_names(names, n);

    n = list_dir(argv[2], ".cfg", &names);
    check(n > 0, "config corpus %s has %d file(s)", argv[2], n);
    for (i = 0; i < n; i++)
        run_config(argv[2], names[i], dump_dir);
    if (n > 0)
        free_names(names, n);

    bad_dir = path_join(argv[2], "bad");
    n = list_dir(bad_dir, ".cfg", &names);
    check(n > 0, "bad config corpus %s has %d file(s)", bad_dir, n);
    for (i = 0; i < n; i++)
        run_bad_config(bad_dir, names[i]);
    if (n > 0)
        free_names(names, n);
    free(bad_dir);

    printf("libxlutil read back: %d generated config lines, %d hand-written configs "
           "(%d vif entries), %d rate values; %d malformed configs rejected by both\n",
           n_generated_read_back, n_configs_read_back, n_entries, n_rates, n_bad_configs);
    printf("%d passed, %d failed\n", n_passed, n_failed);
    return n_failed ? 1 : 0;
}
