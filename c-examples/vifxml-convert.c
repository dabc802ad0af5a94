/*
 * vifxml-convert - convert libvirt interface/domain XML to Xen vif
 * specifications and back, in the spirit of `virsh domxml-to-native`.
 *
 *   vifxml-convert [--dialect xl|xm|sxpr] [--xen-version X.Y.Z]
 *                  [--guest auto|hvm|pv|pvh] [--strict]
 *                  [--network NAME=BRIDGE]... [--reverse] [FILE|-]
 *
 * Forward (default): the input is a libvirt <domain> or <interface>
 * document.  A <domain> prints the vif setting of a Xen config file
 * (vifxml_domain_to_config); an <interface> prints its single vif string
 * or (vif ...) S-expression (vifxml_interface_to_vif) and a newline.
 *
 * Reverse (--reverse): the input is a vif string (xl/xm), a (vif ...)
 * S-expression (sxpr), or a whole xl/xm config file.  A config file - any
 * input with a statement that assigns `vif` (`vif = [...]`, `vif += [...]`)
 * - prints a <devices> element (vifxml_config_to_interfaces); anything else
 * is one vif, printed as an <interface> document (vifxml_vif_to_interface).
 *
 * Exit status: 0 success, 1 conversion (library) error, 2 usage error.
 *
 * Strict C99 + POSIX; the program owns no global state beyond its name.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vifxml.h"

#define PROG "vifxml-convert"

enum { EXIT_CONVERSION = 1, EXIT_USAGE = 2 };

static void usage(FILE *out)
{
    fputs("Usage: " PROG " [OPTION]... [FILE|-]\n"
          "Convert libvirt <domain>/<interface> XML to Xen vif specifications,\n"
          "or (with --reverse) Xen vif specifications back to libvirt XML.\n"
          "With no FILE, or when FILE is -, read standard input.\n"
          "\n"
          "  -d, --dialect xl|xm|sxpr     output/input dialect (default: xl)\n"
          "  -x, --xen-version X.Y[.Z]    target Xen version (default: newest\n"
          "                               behaviour of the dialect)\n"
          "  -g, --guest auto|hvm|pv|pvh  guest type (default: auto, from\n"
          "                               <os><type>; hvm for <interface>)\n"
          "  -s, --strict                 reject XML or vif keys that cannot be\n"
          "                               translated instead of ignoring them\n"
          "  -n, --network NAME=BRIDGE    resolve libvirt network NAME to BRIDGE\n"
          "                               (repeatable)\n"
          "  -r, --reverse                convert a vif string, (vif ...) expression\n"
          "                               or xl/xm config file to libvirt XML\n"
          "  -h, --help                   print this help and exit\n"
          "  -V, --version                print the vifxml library version and exit\n"
          "\n"
          "Exit status: 0 on success, 1 if the conversion failed, 2 on a usage error.\n",
          out);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '" PROG " --help' for more information.\n");
    return EXIT_USAGE;
}

/* Report a failed call.  err may be NULL (setters return no error object). */
static int report(vifxml_status st, const vifxml_error *err, const char *what)
{
    const char *msg = err ? vifxml_error_message(err) : NULL;
    size_t off = err ? vifxml_error_offset(err) : SIZE_MAX;

    fprintf(stderr, PROG ": %s: %s", vifxml_status_str(st),
            msg && *msg ? msg : what);
    if (off != SIZE_MAX)
        fprintf(stderr, " (at byte %zu)", off);
    fputc('\n', stderr);
    return EXIT_CONVERSION;
}

/* Read all of `in` into a malloc'ed buffer; *len gets its size. */
static char *read_all(FILE *in, size_t *len)
{
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);

    if (!buf)
        return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *nbuf;
            if (cap > SIZE_MAX / 2) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            nbuf = realloc(buf, cap * 2);
            if (!nbuf) {
                free(buf);
                return NULL;
            }
            buf = nbuf;
            cap *= 2;
        }
        got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (got == 0) {
            if (ferror(in)) {
                int saved = errno;
                free(buf);
                errno = saved ? saved : EIO;
                return NULL;
            }
            break;
        }
    }
    *len = n;
    return buf;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool starts_with(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Find `lit` in [p, end); return a pointer just past it, or NULL. */
static const char *skip_past(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, lit, n) == 0)
            return p + n;
    return NULL;
}

enum root { ROOT_OTHER, ROOT_DOMAIN, ROOT_INTERFACE };

/*
 * Sniff the name of the root element: skip a BOM, whitespace, the XML
 * declaration and comments.  Anything unexpected is ROOT_OTHER, which is
 * handed to the domain converter so that the library reports the error
 * (wrong root, DOCTYPE, syntax) with its offset.
 */
static enum root sniff_root(const char *p, size_t len)
{
    const char *end = p + len;

    if (starts_with(p, end, "\xEF\xBB\xBF"))
        p += 3;
    for (;;) {
        while (p < end && is_space(*p))
            p++;
        if (starts_with(p, end, "<?xml")) {
            p = skip_past(p, end, "?>");
        } else if (starts_with(p, end, "<!--")) {
            p = skip_past(p + 4, end, "-->");
        } else {
            break;
        }
        if (!p)
            return ROOT_OTHER;
    }
    if (p < end && *p == '<') {
        const char *name = ++p;
        while (p < end && !is_space(*p) && *p != '>' && *p != '/')
            p++;
        if ((size_t)(p - name) == 6 && memcmp(name, "domain", 6) == 0)
            return ROOT_DOMAIN;
        if ((size_t)(p - name) == 9 && memcmp(name, "interface", 9) == 0)
            return ROOT_INTERFACE;
    }
    return ROOT_OTHER;
}

/*
 * Does the text hold a statement that assigns vif - `vif`, optional blanks,
 * then `=` or `+=` - at the start of a line or after a `;`?  Such input is a
 * config file; a bare vif string never starts with `vif` followed by `=`
 * (its keys are mac, bridge, vifname, ...).
 */
static bool assigns_vif(const char *p, size_t len)
{
    const char *end = p + len;
    bool stmt_start = true;

    for (; p < end; p++) {
        if (*p == '\n' || *p == ';') {
            stmt_start = true;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r')
            continue;
        if (stmt_start && starts_with(p, end, "vif")) {
            const char *q = p + 3;
            while (q < end && (*q == ' ' || *q == '\t'))
                q++;
            if (q < end && (*q == '=' || starts_with(q, end, "+=")))
                return true;
        }
        stmt_start = false;
    }
    return false;
}

static bool parse_u32(const char *s, const char **rest, uint32_t *out)
{
    unsigned long v = 0;

    if (*s < '0' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > UINT32_MAX)
            return false;
    }
    *out = (uint32_t)v;
    *rest = s;
    return true;
}

/* X.Y or X.Y.Z, decimal. */
static bool parse_version(const char *s, uint32_t v[3])
{
    const char *p = s;

    v[2] = 0;
    if (!parse_u32(p, &p, &v[0]) || *p++ != '.' || !parse_u32(p, &p, &v[1]))
        return false;
    if (*p == '\0')
        return true;
    if (*p++ != '.' || !parse_u32(p, &p, &v[2]))
        return false;
    return *p == '\0';
}

struct cli {
    uint32_t dialect;
    uint32_t guest;
    bool have_version;
    uint32_t version[3];
    bool strict;
    bool reverse;
    const char *file;
    const char **networks; /* NAME=BRIDGE arguments, pointing into argv */
    size_t n_networks;
};

/* Apply the command line to a fresh options object; returns an exit code. */
static int apply_options(vifxml_options *opts, const struct cli *cli)
{
    vifxml_status st;
    size_t i;

    if ((st = vifxml_options_set_dialect(opts, cli->dialect)) != VIFXML_STATUS_OK)
        return report(st, NULL, "dialect rejected by the library");
    if ((st = vifxml_options_set_guest(opts, cli->guest)) != VIFXML_STATUS_OK)
        return report(st, NULL, "guest type rejected by the library");
    if ((st = vifxml_options_set_strict(opts, cli->strict)) != VIFXML_STATUS_OK)
        return report(st, NULL, "strict mode rejected by the library");
    if (cli->have_version) {
        st = vifxml_options_set_xen_version(opts, cli->version[0],
                                            cli->version[1], cli->version[2]);
        if (st != VIFXML_STATUS_OK)
            return report(st, NULL, "Xen version rejected by the library");
    }

    for (i = 0; i < cli->n_networks; i++) {
        const char *map = cli->networks[i];
        const char *eq = strchr(map, '='); /* checked in parse_cli */
        size_t name_len = (size_t)(eq - map);
        char *name = malloc(name_len + 1);

        if (!name) {
            fprintf(stderr, PROG ": out of memory\n");
            return EXIT_CONVERSION;
        }
        memcpy(name, map, name_len);
        name[name_len] = '\0';
        st = vifxml_options_add_network(opts, name, eq + 1);
        free(name);
        if (st != VIFXML_STATUS_OK) {
            fprintf(stderr, PROG ": %s: --network %s: the library rejected this mapping\n",
                    vifxml_status_str(st), map);
            return EXIT_CONVERSION;
        }
    }
    return 0;
}

/* Parse argv into *cli; returns -1 to go on, otherwise an exit code. */
static int parse_cli(int argc, char **argv, struct cli *cli)
{
    int i;
    bool only_files = false;

    cli->dialect = VIFXML_DIALECT_XL;
    cli->guest = VIFXML_GUEST_AUTO;
    /* At most one mapping per argument. */
    cli->networks = malloc((size_t)argc * sizeof *cli->networks);
    if (!cli->networks) {
        fprintf(stderr, PROG ": out of memory\n");
        return EXIT_CONVERSION;
    }

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *val = NULL;
        const char *opt = arg;
        size_t optlen = strlen(arg);

        if (!only_files && arg[0] == '-' && arg[1] != '\0') {
            if (strcmp(arg, "--") == 0) {
                only_files = true;
                continue;
            }
            if (strncmp(arg, "--", 2) == 0) {
                const char *eq = strchr(arg, '=');
                if (eq) {
                    optlen = (size_t)(eq - arg);
                    val = eq + 1;
                }
            }
#define IS(lng, shrt) ((optlen == strlen(lng) && strncmp(opt, lng, optlen) == 0) || \
                       (strcmp(opt, shrt) == 0))
#define NEED_VALUE()                                                       \
    do {                                                                   \
        if (!val) {                                                        \
            if (i + 1 >= argc)                                             \
                return usage_error("option '%s' requires a value", arg);   \
            val = argv[++i];                                               \
        }                                                                  \
    } while (0)
#define NO_VALUE()                                                          \
    do {                                                                    \
        if (val)                                                            \
            return usage_error("option '%s' takes no value", arg);          \
    } while (0)

            if (IS("--help", "-h")) {
                NO_VALUE();
                usage(stdout);
                return 0;
            } else if (IS("--version", "-V")) {
                NO_VALUE();
                printf(PROG " (vifxml) %s\n", vifxml_version());
                return 0;
            } else if (IS("--dialect", "-d")) {
                NEED_VALUE();
                if (strcmp(val, "xl") == 0)
                    cli->dialect = VIFXML_DIALECT_XL;
                else if (strcmp(val, "xm") == 0)
                    cli->dialect = VIFXML_DIALECT_XM;
                else if (strcmp(val, "sxpr") == 0)
                    cli->dialect = VIFXML_DIALECT_SXPR;
                else
                    return usage_error("unknown dialect '%s' (expected xl, xm or sxpr)", val);
            } else if (IS("--guest", "-g")) {
                NEED_VALUE();
                if (strcmp(val, "auto") == 0)
                    cli->guest = VIFXML_GUEST_AUTO;
                else if (strcmp(val, "hvm") == 0)
                    cli->guest = VIFXML_GUEST_HVM;
                else if (strcmp(val, "pv") == 0)
                    cli->guest = VIFXML_GUEST_PV;
                else if (strcmp(val, "pvh") == 0)
                    cli->guest = VIFXML_GUEST_PVH;
                else
                    return usage_error("unknown guest type '%s' (expected auto, hvm, pv or pvh)", val);
            } else if (IS("--xen-version", "-x")) {
                NEED_VALUE();
                if (!parse_version(val, cli->version))
                    return usage_error("invalid Xen version '%s' (expected X.Y or X.Y.Z)", val);
                cli->have_version = true;
            } else if (IS("--network", "-n")) {
                const char *eq;
                NEED_VALUE();
                eq = strchr(val, '=');
                if (!eq || eq == val)
                    return usage_error("invalid network mapping '%s' (expected NAME=BRIDGE)", val);
                cli->networks[cli->n_networks++] = val;
            } else if (IS("--strict", "-s")) {
                NO_VALUE();
                cli->strict = true;
            } else if (IS("--reverse", "-r")) {
                NO_VALUE();
                cli->reverse = true;
            } else {
                return usage_error("unknown option '%s'", arg);
            }
#undef IS
#undef NEED_VALUE
#undef NO_VALUE
            continue;
        }
        if (cli->file)
            return usage_error("more than one input file given ('%s')", arg);
        cli->file = arg;
    }
    return -1;
}

static int convert(const char *buf, size_t len, const vifxml_options *opts,
                   bool reverse)
{
    vifxml_error *err = NULL;
    vifxml_status st;
    char *out = NULL;
    bool add_newline = false;
    int rc = 0;

    if (reverse) {
        if (assigns_vif(buf, len)) {
            st = vifxml_config_to_interfaces(buf, len, opts, &out, &err);
        } else {
            /* One vif: trim surrounding whitespace (e.g. echo's newline). */
            while (len > 0 && is_space(buf[0])) {
                buf++;
                len--;
            }
            while (len > 0 && is_space(buf[len - 1]))
                len--;
            st = vifxml_vif_to_interface(buf, len, opts, &out, &err);
        }
    } else if (sniff_root(buf, len) == ROOT_INTERFACE) {
        st = vifxml_interface_to_vif(buf, len, opts, &out, &err);
        add_newline = true;
    } else {
        /* <domain>, or something else the library will name in its error. */
        st = vifxml_domain_to_config(buf, len, opts, &out, &err);
    }

    if (st == VIFXML_STATUS_OK && out) {
        if (fputs(out, stdout) == EOF || (add_newline && putchar('\n') == EOF)) {
            perror(PROG ": write error");
            rc = EXIT_CONVERSION;
        }
    } else {
        rc = report(st, err, "conversion failed");
    }
    vifxml_string_free(out);
    vifxml_error_free(err);
    return rc;
}

int main(int argc, char **argv)
{
    struct cli cli = { 0 };
    vifxml_options *opts = NULL;
    const char *src;
    FILE *in = stdin;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    rc = parse_cli(argc, argv, &cli);
    if (rc >= 0)
        goto out;

    rc = EXIT_CONVERSION;
    if (cli.file && strcmp(cli.file, "-") != 0) {
        src = cli.file;
        in = fopen(src, "rb");
    } else {
        src = "<stdin>";
    }
    if (!in) {
        fprintf(stderr, PROG ": %s: %s\n", src, strerror(errno));
        goto out;
    }
    buf = read_all(in, &len);
    if (!buf) {
        fprintf(stderr, PROG ": %s: %s\n", src, strerror(errno));
        goto out;
    }

    opts = vifxml_options_new();
    if (!opts) {
        fprintf(stderr, PROG ": out of memory\n");
        goto out;
    }
    rc = apply_options(opts, &cli);
    if (rc == 0)
        rc = convert(buf, len, opts, cli.reverse);

out:
    if (in && in != stdin)
        fclose(in);
    vifxml_options_free(opts);
    free(buf);
    free(cli.networks);
    if (fflush(stdout) == EOF && rc == 0) {
        perror(PROG ": write error");
        rc = EXIT_CONVERSION;
    }
    return rc;
}
