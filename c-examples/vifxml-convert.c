/*
 * vifxml-convert - convert libvirt interface/domain XML to Xen vif
 * specifications and back, in the spirit of `virsh domxml-to-native`.
 *
 *   vifxml-convert [--dialect xl|xm|sxpr] [--xen-version X.Y.Z]
 *                  [--guest auto|hvm|pv|pvh] [--strict] [--quiet]
 *                  [--network NAME=BRIDGE]... [--reverse] [FILE|-]
 *
 * Forward (default): the input is a libvirt <domain> or <interface>
 * document.  A <domain> prints the vif setting of a Xen config file
 * (vifxml_domain_to_config); an <interface> prints its single vif string
 * or (vif ...) S-expression (vifxml_interface_to_vif) and a newline.
 *
 * Reverse (--reverse): the input is a vif string (xl/xm), a (vif ...)
 * S-expression (sxpr), or a whole xl/xm config file.  A config file - any
 * input with a statement, `name = value` or `name += value` at the start of
 * a line - prints a <devices> element (vifxml_config_to_interfaces);
 * anything else is one vif, printed as an <interface> document
 * (vifxml_vif_to_interface).  See looks_like_config() for the exact rule.
 *
 * Diagnostics go to stderr as compilers write them:
 *
 *   FILE:LINE:COLUMN: error|warning: STATUS: message
 *       LINE | the input line
 *            |     ^
 *
 * Exit status: 0 success (warnings or not), 1 conversion (library) error or
 * unreadable input, 2 usage error (including an option value the library
 * refuses).
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
          "  -q, --quiet                  do not report what was ignored or adjusted\n"
          "                               (warnings); errors are still reported\n"
          "  -n, --network NAME=BRIDGE    resolve libvirt network NAME to BRIDGE\n"
          "                               (repeatable)\n"
          "  -r, --reverse                convert a vif string, (vif ...) expression\n"
          "                               or xl/xm config file to libvirt XML\n"
          "  -h, --help                   print this help and exit\n"
          "  -V, --version                print the vifxml library version and exit\n"
          "\n"
          "Problems are reported on standard error, each as\n"
          "  FILE:LINE:COLUMN: error|warning: STATUS: message\n"
          "followed by the input line and a caret under the column.\n"
          "\n"
          "Exit status: 0 on success (with or without warnings), 1 if the conversion\n"
          "failed, 2 on a usage error or an option value that is not valid.\n",
          out);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '" PROG " --help' for more information.\n");
    return EXIT_USAGE;
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

/* ------------------------------------------------------------------------
 * Showing text from the input on a terminal.
 *
 * The input line echoed under a diagnostic, the message (which may quote the
 * input) and the file name are written so that they cannot act on the
 * terminal: a byte that is not part of valid UTF-8 is shown as <XX> (its
 * hex value), and a control character (C0 other than tab, DEL, C1) or an
 * invisible formatting character (bidirectional overrides and isolates,
 * zero-width characters, line/paragraph separators, U+FEFF) as <U+XXXX>.
 * A tab is kept in an echoed line (and in the caret line under it, so that
 * the caret lines up) and escaped in a message; the '\r' of a CRLF line end
 * is not shown.
 * ------------------------------------------------------------------------ */

/* One shown piece of text: `len` input bytes that take `width` cells. */
struct unit {
    size_t len;
    size_t width;
    bool tab;
    bool escaped;
    char esc[16]; /* "<XX>" or "<U+XXXXXX>" when escaped (room for any uint32_t) */
};

/* The code point of the valid UTF-8 sequence at s (n > 0 bytes), and its
 * length; 0 when the bytes there are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c, min;
    size_t len, i;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2, c = s[0] & 0x1Fu, min = 0x80;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3, c = s[0] & 0x0Fu, min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4, c = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Characters that act on a terminal or hide what the text says. */
static bool is_hidden(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x061C ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

/* Cells a printable character takes: a rough wcwidth() that needs no locale
 * (combining marks 0, East Asian wide and emoji 2, everything else 1). */
static size_t cell_width(uint32_t c)
{
    static const uint32_t zero[][2] = {
        { 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
        { 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x1AB0, 0x1AFF },
        { 0x1DC0, 0x1DFF }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
        { 0xFE20, 0xFE2F },
    };
    static const uint32_t wide[][2] = {
        { 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
        { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
        { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
        { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
        { 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
    };
    size_t i;

    if (c < 0x300)
        return 1;
    for (i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (c >= zero[i][0] && c <= zero[i][1])
            return 0;
    for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (c >= wide[i][0] && c <= wide[i][1])
            return 2;
    return 1;
}

/* The unit of text at s (n > 0 bytes). */
static void next_unit(const char *text, size_t n, bool keep_tab, struct unit *u)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t c;
    size_t len = utf8_decode(s, n, &c);

    u->tab = false;
    u->escaped = false;
    if (len == 0) {
        u->len = 1;
        u->escaped = true;
        snprintf(u->esc, sizeof u->esc, "<%02X>", (unsigned)s[0]);
    } else if (c == '\t' && keep_tab) {
        u->len = 1;
        u->tab = true;
    } else if (is_hidden(c)) {
        u->len = len;
        u->escaped = true;
        snprintf(u->esc, sizeof u->esc, "<U+%04lX>", (unsigned long)c);
    } else {
        u->len = len;
        u->width = cell_width(c);
        return;
    }
    u->width = u->escaped ? strlen(u->esc) : 1;
}

static void put_unit(FILE *f, const char *s, const struct unit *u)
{
    if (u->escaped)
        fputs(u->esc, f);
    else
        fwrite(s, 1, u->len, f);
}

/* Writes a NUL-terminated message, path or file name, escaped as above. */
static void put_text(FILE *f, const char *s)
{
    size_t n = strlen(s);
    struct unit u;

    while (n > 0) {
        next_unit(s, n, false, &u);
        put_unit(f, s, &u);
        s += u.len;
        n -= u.len;
    }
}

/* Lines up to SHOW_WHOLE cells are shown whole; a longer one is cut to about
 * SHOW_WINDOW cells around the column, at most SHOW_BEFORE of them before it,
 * with "..." where text was left out. */
enum { SHOW_WHOLE = 120, SHOW_WINDOW = 80, SHOW_BEFORE = 40, TAB_STOP = 8 };

/* Of a line longer than this many bytes only SHOW_CLIP bytes either side of
 * the column are looked at (a minified document may be one line of many
 * megabytes, and may have a hundred diagnostics). */
enum { SHOW_BYTES_MAX = 4096, SHOW_CLIP = 1024 };

/* The cell after a unit that starts at `cell` (tabs counted from the start of
 * the shown text, which is where they would be with no line cut). */
static size_t advance(size_t cell, const struct unit *u)
{
    return u->tab ? (cell / TAB_STOP + 1) * TAB_STOP : cell + u->width;
}

/*
 * Echo an input line (without its '\n') under a diagnostic, GCC style:
 *
 *       12 |   <mtu size='9000'/>
 *          |   ^
 *
 * `col` is the 1-based byte column to put the caret under, 0 for none.
 */
static void show_line(FILE *f, const char *line, size_t len, size_t lineno, size_t col)
{
    char num[32];
    int numw;
    size_t at, caret_cell = 0, total = 0, from = 0, to = 0, cell, i;
    size_t first, last; /* byte range shown */
    bool caret_set = false, cut_before = false, cut_after = false;
    struct unit u;

    if (len > 0 && line[len - 1] == '\r')
        len--; /* a CRLF line end */
    at = col > 0 ? col - 1 : 0;
    if (at > len)
        at = len; /* never past the line end */

    if (len > SHOW_BYTES_MAX) {
        size_t lo = at > SHOW_CLIP ? at - SHOW_CLIP : 0;
        size_t hi = at < len - SHOW_CLIP ? at + SHOW_CLIP : len;
        size_t k;
        /* Start and end on character boundaries (UTF-8 continuation bytes
         * are 10xxxxxx; a sequence is at most 4 bytes). */
        for (k = 0; k < 3 && lo > 0 && lo < at && ((unsigned char)line[lo] & 0xC0) == 0x80; k++)
            lo++;
        for (k = 0; k < 3 && hi < len && ((unsigned char)line[hi] & 0xC0) == 0x80; k++)
            hi++;
        cut_before = lo > 0;
        cut_after = hi < len;
        line += lo;
        len = hi - lo;
        at -= lo;
    }

    /* Pass 1: where the caret goes and how wide the line is. */
    for (i = 0, cell = 0; i < len; i += u.len) {
        next_unit(line + i, len - i, true, &u);
        if (!caret_set && at < i + u.len) {
            caret_cell = cell;
            caret_set = true;
        }
        cell = advance(cell, &u);
    }
    total = cell;
    if (!caret_set)
        caret_cell = total; /* past the end: the line end, or end of input */

    /* The window of cells [from, to) to show. */
    if (total <= SHOW_WHOLE) {
        from = 0;
        to = total;
    } else {
        from = caret_cell > SHOW_BEFORE ? caret_cell - SHOW_BEFORE : 0;
        if (total - from < SHOW_WINDOW)
            from = total > SHOW_WINDOW ? total - SHOW_WINDOW : 0;
        to = from + SHOW_WINDOW;
    }

    /* Pass 2: the bytes of the units that lie wholly inside the window. */
    first = len;
    last = 0;
    for (i = 0, cell = 0; i < len; i += u.len) {
        size_t next;
        next_unit(line + i, len - i, true, &u);
        next = advance(cell, &u);
        if (cell >= from && next <= to) {
            if (first == len)
                first = i;
            last = i + u.len;
        }
        cell = next;
    }
    if (first == len)
        first = last = (at < len ? at : len);

    numw = snprintf(num, sizeof num, "%zu", lineno);
    if (numw < 4)
        numw = 4;
    cut_before = cut_before || first > 0;
    cut_after = cut_after || last < len;
    fprintf(f, " %*s | ", numw, num);
    if (cut_before)
        fputs("...", f);
    for (i = first; i < last; i += u.len) {
        next_unit(line + i, last - i, true, &u);
        put_unit(f, line + i, &u);
    }
    if (cut_after)
        fputs("...", f);
    fputc('\n', f);

    if (col == 0)
        return;
    fprintf(f, " %*s | ", numw, "");
    if (cut_before)
        fputs("   ", f);
    for (i = first; i < last && i <= at; i += u.len) {
        next_unit(line + i, last - i, true, &u);
        if (at < i + u.len)
            break;
        if (u.tab) {
            fputc('\t', f);
        } else {
            size_t w;
            for (w = 0; w < u.width; w++)
                fputc(' ', f);
        }
    }
    fputs("^\n", f);
}

/* ------------------------------------------------------------------------
 * Diagnostics.
 * ------------------------------------------------------------------------ */

/*
 * The input as the user sees it.  A conversion may be handed only part of it
 * (--reverse on a vif string with comment lines around it): the library's
 * offsets, lines and columns are then relative to the part that starts at
 * byte `base`, on line `base_line`, column `base_col` of the whole.
 */
struct source {
    const char *name;
    const char *buf;
    size_t len;
    size_t base;
    size_t base_line;
    size_t base_col;
    /* The line found last (0: none yet), where it starts and ends: items
     * come roughly in input order, often several on one line. */
    size_t seen_line;
    size_t seen_start;
    size_t seen_end;
};

/* Where 1-based line `line` of the whole input starts (the return value) and
 * ends (*end, at its '\n' or the end of input); SIZE_MAX if there is none. */
static size_t find_line(struct source *src, size_t line, size_t *end)
{
    size_t n, pos;
    const char *nl;

    if (line != src->seen_line) {
        if (line < src->seen_line || src->seen_line == 0) {
            n = 1;
            pos = 0;
        } else {
            if (src->seen_end == src->len)
                return SIZE_MAX; /* the line seen last is the last one */
            n = src->seen_line + 1;
            pos = src->seen_end + 1;
        }
        while (n < line) {
            nl = memchr(src->buf + pos, '\n', src->len - pos);
            if (!nl)
                return SIZE_MAX;
            pos = (size_t)(nl - src->buf) + 1;
            n++;
        }
        nl = memchr(src->buf + pos, '\n', src->len - pos);
        src->seen_line = line;
        src->seen_start = pos;
        src->seen_end = nl ? (size_t)(nl - src->buf) : src->len;
    }
    *end = src->seen_end;
    return src->seen_start;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Characters a network name may have to be put on a command line unquoted. */
static bool shell_plain(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || c == ':' || c == '+' || c == '@' ||
           c == '%' || c == '/' || c == ',';
}

/*
 * The hint for a network the library could not resolve.  The error points at
 * the value of the `network` attribute (its path ends in "/@network"), which
 * is read from the input there (or, should the offset be the attribute's
 * name, after its `=`).  A value that the input spells with an entity or with
 * whitespace that XML rewrites, or that a shell cannot take as it is, gives
 * the generic hint.
 */
static void network_hint(FILE *f, const struct source *src, const char *where, size_t off,
                         const char *path)
{
    static const char attr[] = "network";
    const char *p, *end = src->buf + src->len, *value, *v;
    size_t plen = path ? strlen(path) : 0;
    bool plain = true;
    char quote;

    if (plen < 9 || strcmp(path + plen - 9, "/@network") != 0 || off == 0 || off >= src->len)
        goto generic;
    p = src->buf + off;
    if (p[-1] == '\'' || p[-1] == '"') {
        quote = p[-1];
    } else {
        if ((size_t)(end - p) < sizeof attr - 1 || memcmp(p, attr, sizeof attr - 1) != 0)
            goto generic;
        p += sizeof attr - 1;
        while (p < end && is_space(*p))
            p++;
        if (p == end || *p++ != '=')
            goto generic;
        while (p < end && is_space(*p))
            p++;
        if (p == end || (*p != '\'' && *p != '"'))
            goto generic;
        quote = *p++;
    }
    value = p;
    while (p < end && *p != quote)
        p++;
    if (p == end || p == value)
        goto generic;
    for (v = value; v < p; v++) {
        unsigned char c = (unsigned char)*v;
        if (c == '&' || c == '<' || c == '\'' || c == '=')
            goto generic;
        if (c < 0x20 || c >= 0x7F) {
            /* Written as it is, so nothing that put_text would escape. */
            uint32_t cp;
            size_t len = utf8_decode((const unsigned char *)v, (size_t)(p - v), &cp);
            if (len == 0 || is_hidden(cp))
                goto generic;
            v += len - 1;
        }
        if (!shell_plain(*v))
            plain = false;
    }
    fprintf(f, "%s: note: give the host bridge of network '%.*s' with --network %s%.*s=BRIDGE%s\n",
            where, (int)(p - value), value, plain ? "" : "'", (int)(p - value), value,
            plain ? "" : "'");
    return;
generic:
    fprintf(f, "%s: note: give the host bridge of the network with --network NAME=BRIDGE\n", where);
}

/* The library stops collecting there (SPEC 8.1). */
enum { DIAGNOSTICS_MAX = 100 };

/*
 * Print every diagnostic of err (a failed call's errors and warnings, or a
 * successful call's warnings), in the library's order.  Each is
 *   FILE:LINE:COLUMN: error|warning: STATUS: message (at PATH)
 * with FILE: alone when the item has no line (and " (at PATH)" only when the
 * path numbers an interface or vif entry), then the input line and a caret.
 */
static void print_diagnostics(FILE *f, struct source *src, const vifxml_error *err)
{
    size_t i, n = vifxml_error_count(err);

    for (i = 0; i < n; i++) {
        uint32_t sev = vifxml_error_item_severity(err, i);
        vifxml_status st = vifxml_error_item_status(err, i);
        const char *msg = vifxml_error_item_message(err, i);
        const char *path = vifxml_error_item_path(err, i);
        size_t off = vifxml_error_item_offset(err, i);
        size_t line = vifxml_error_item_line(err, i);
        size_t col = vifxml_error_item_column(err, i);
        size_t start = SIZE_MAX, end = 0;
        char where[128];

        /* Back to the whole input. */
        if (off != SIZE_MAX)
            off += src->base;
        if (line > 0) {
            if (line == 1 && col > 0)
                col += src->base_col - 1;
            line += src->base_line - 1;
            start = find_line(src, line, &end);
        }

        put_text(f, src->name);
        if (line > 0 && col > 0)
            snprintf(where, sizeof where, ":%zu:%zu", line, col);
        else if (line > 0)
            snprintf(where, sizeof where, ":%zu", line);
        else
            where[0] = '\0';
        fprintf(f, "%s: %s: %s: ", where,
                sev == VIFXML_SEVERITY_WARNING ? "warning" : "error", vifxml_status_str(st));
        put_text(f, msg ? msg : "(no message)");
        if (path && strchr(path, '[')) {
            /* Which interface or vif entry: worth saying in a domain or a
             * config file (in one <interface> or vif, the line says it). */
            fputs(" (at ", f);
            put_text(f, path);
            fputc(')', f);
        }
        fputc('\n', f);

        if (start != SIZE_MAX)
            show_line(f, src->buf + start, end - start, line, col);

        if (sev != VIFXML_SEVERITY_WARNING && st == VIFXML_STATUS_NETWORK_UNRESOLVED) {
            /* The hint carries the same place as its error. */
            put_text(f, src->name);
            network_hint(f, src, where, off, path);
        }
    }
    if (n >= DIAGNOSTICS_MAX) {
        put_text(f, src->name);
        fprintf(f, ": note: vifxml reports at most %d problems at a time; there may be more\n",
                DIAGNOSTICS_MAX);
    }
}

/* A failed call without an error object (only when memory ran out). */
static int report(vifxml_status st, const char *what)
{
    fprintf(stderr, PROG ": %s: %s\n", vifxml_status_str(st), what);
    return EXIT_CONVERSION;
}

/* ------------------------------------------------------------------------
 * What the input is.
 * ------------------------------------------------------------------------ */

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
 * (wrong root, DOCTYPE, syntax) with its place.
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

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/*
 * Decide, for --reverse, whether the input is a config file or one vif.
 *
 * A line is blank (only blanks), a comment (`#` is its first non-blank) or
 * content.  A content line is a statement when it reads, after optional
 * blanks, NAME then optional blanks then `=` or `+=` (not `==`).  A statement
 * is "vif-shaped" when it could be the start of a vif string: NAME followed
 * at once by `=` (vif strings have no blanks around `=`), and a value that
 * starts with neither a blank nor a quote nor `[` (every config value of
 * consequence does: strings, lists).
 *
 * The input is a config file when it has a statement that is not
 * vif-shaped, or a statement and more than one content line; a config file
 * with no vif setting gives an empty <devices>.  Otherwise it is one vif:
 * the content from the first content line to the last, without the blank
 * and comment lines around it (an S-expression may span lines), goes to
 * vifxml_vif_to_interface; *vif_start and *vif_end say where it lies.
 */
static bool looks_like_config(const char *buf, size_t len, size_t *vif_start, size_t *vif_end)
{
    size_t i = 0, content_lines = 0, statements = 0, vif_shaped = 0;
    size_t first = SIZE_MAX, last = 0;

    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t eol = nl ? (size_t)(nl - buf) : len, end = eol, p = i;

        while (p < eol && is_blank(buf[p]))
            p++;
        while (end > p && (is_blank(buf[end - 1]) || buf[end - 1] == '\r'))
            end--;
        if (p < end && buf[p] != '#') {
            content_lines++;
            if (first == SIZE_MAX)
                first = p;
            last = end;
            if (is_name_start(buf[p])) {
                size_t q = p + 1, name_end;
                while (q < end && is_name_char(buf[q]))
                    q++;
                name_end = q;
                while (q < end && is_blank(buf[q]))
                    q++;
                if (q < end && buf[q] == '+' && q + 1 < end && buf[q + 1] == '=') {
                    statements++;
                } else if (q < end && buf[q] == '=' && (q + 1 == end || buf[q + 1] != '=')) {
                    char v = q + 1 < end ? buf[q + 1] : '\0';
                    statements++;
                    if (q == name_end && v != '\0' && !is_blank(v) && v != '"' && v != '\'' &&
                        v != '[')
                        vif_shaped++;
                }
            }
        }
        i = eol + 1;
    }
    if (statements > vif_shaped || (statements > 0 && content_lines > 1))
        return true;
    if (first == SIZE_MAX)
        first = last = len;
    *vif_start = first;
    *vif_end = last;
    return false;
}

/* ------------------------------------------------------------------------
 * The command line.
 * ------------------------------------------------------------------------ */

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
    bool quiet;
    bool reverse;
    const char *file;
    const char **networks; /* NAME=BRIDGE arguments, pointing into argv */
    size_t n_networks;
};

/* Writes the XML text of s (NUL-terminated) for a '-quoted attribute value
 * (whitespace other than spaces as references, which XML keeps as it is). */
static void xml_attr(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '\'': fputs("&apos;", f); break;
        case '\t': fputs("&#9;", f); break;
        case '\n': fputs("&#10;", f); break;
        case '\r': fputs("&#13;", f); break;
        default: fputc(*s, f);
        }
    }
}

/*
 * Why the library refused the bridge of a --network mapping.
 * vifxml_options_add_network returns only a status, so the same bridge is put
 * to the library again in a one-interface document, whose error carries the
 * library's message; it is used when it is about that bridge with the same
 * status.  Otherwise (or with no memory) a general reason is printed.
 */
static int bad_mapping(vifxml_status st, const char *map, const char *bridge)
{
    char *doc = NULL;
    size_t doc_len = 0;
    FILE *f = open_memstream(&doc, &doc_len);
    char *vif = NULL;
    vifxml_error *err = NULL;
    const char *why = NULL;
    int rc;

    if (f) {
        fputs("<interface type='bridge'><source bridge='", f);
        xml_attr(f, bridge);
        fputs("'/></interface>", f);
        if (fclose(f) != 0) {
            free(doc);
            doc = NULL;
        }
    }
    if (doc && vifxml_interface_to_vif(doc, doc_len, NULL, &vif, &err) == st && err) {
        const char *path = vifxml_error_item_path(err, 0);
        if (path && strcmp(path, "/interface/source/@bridge") == 0)
            why = vifxml_error_item_message(err, 0);
    }
    fputs(PROG ": invalid network mapping '", stderr);
    put_text(stderr, map);
    fputs("': ", stderr);
    if (why) {
        put_text(stderr, why);
    } else if (st == VIFXML_STATUS_UNSAFE_VALUE) {
        fputs("the bridge is not a safe interface name", stderr);
    } else if (st == VIFXML_STATUS_INVALID_UTF8) {
        fputs("the mapping is not valid UTF-8", stderr);
    } else {
        fprintf(stderr, "%s", vifxml_status_str(st));
    }
    fputs("\nTry '" PROG " --help' for more information.\n", stderr);
    rc = EXIT_USAGE;
    vifxml_string_free(vif);
    vifxml_error_free(err);
    free(doc);
    return rc;
}

/* The library refused a combination of options (VIFXML_STATUS_INVALID_OPTION). */
static int option_error(const vifxml_error *err)
{
    const char *msg = vifxml_error_message(err);

    fputs(PROG ": ", stderr);
    put_text(stderr, msg && *msg ? msg : "the options cannot be used together");
    fputs("\nTry '" PROG " --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* Apply the command line to a fresh options object; returns an exit code. */
static int apply_options(vifxml_options *opts, const struct cli *cli)
{
    vifxml_status st;
    vifxml_error *err = NULL;
    char *out = NULL;
    size_t i;

    /* The values were checked in parse_cli: a refusal here is a library bug
     * or a library older than the tool. */
    if ((st = vifxml_options_set_dialect(opts, cli->dialect)) != VIFXML_STATUS_OK)
        return report(st, "dialect rejected by the library");
    if ((st = vifxml_options_set_guest(opts, cli->guest)) != VIFXML_STATUS_OK)
        return report(st, "guest type rejected by the library");
    if ((st = vifxml_options_set_strict(opts, cli->strict)) != VIFXML_STATUS_OK)
        return report(st, "strict mode rejected by the library");
    /* --quiet shows no warnings, so it does not collect them either. */
    if ((st = vifxml_options_set_warnings(opts, !cli->quiet)) != VIFXML_STATUS_OK)
        return report(st, "warnings rejected by the library");
    if (cli->have_version) {
        st = vifxml_options_set_xen_version(opts, cli->version[0],
                                            cli->version[1], cli->version[2]);
        if (st != VIFXML_STATUS_OK)
            return report(st, "Xen version rejected by the library");
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
        if (st != VIFXML_STATUS_OK)
            return bad_mapping(st, map, eq + 1);
    }

    /*
     * Whether the Xen version suits the dialect is checked by every
     * conversion; an empty vif, which every dialect but sxpr reads, asks
     * before the input is read (so a bad option does not wait for stdin).
     * Any other answer than INVALID_OPTION is of no interest here.
     */
    st = vifxml_vif_to_interface("", 0, opts, &out, &err);
    vifxml_string_free(out);
    if (st == VIFXML_STATUS_INVALID_OPTION && err) {
        int rc = option_error(err);
        vifxml_error_free(err);
        return rc;
    }
    vifxml_error_free(err);
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
                if (!eq)
                    return usage_error("invalid network mapping '%s' (expected NAME=BRIDGE)", val);
                if (eq == val)
                    return usage_error("invalid network mapping '%s': the network name is empty", val);
                cli->networks[cli->n_networks++] = val;
            } else if (IS("--strict", "-s")) {
                NO_VALUE();
                cli->strict = true;
            } else if (IS("--quiet", "-q")) {
                NO_VALUE();
                cli->quiet = true;
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

/* ------------------------------------------------------------------------
 * The conversion.
 * ------------------------------------------------------------------------ */

static int convert(struct source *src, const vifxml_options *opts, const struct cli *cli)
{
    const char *buf = src->buf;
    size_t len = src->len;
    vifxml_error *err = NULL;
    vifxml_status st;
    char *out = NULL;
    bool add_newline = false;
    int rc = 0;

    if (cli->reverse) {
        size_t from, to;
        if (looks_like_config(buf, len, &from, &to)) {
            if (cli->dialect == VIFXML_DIALECT_SXPR)
                return usage_error("%s holds xl/xm config statements: with --dialect sxpr, "
                                   "--reverse reads one (vif ...) expression",
                                   src->name);
            st = vifxml_config_to_interfaces(buf, len, opts, &out, &err);
        } else {
            /* The library sees only the vif: map its places back. */
            const char *ls;
            src->base = from;
            src->base_line = 1;
            for (ls = buf; ls < buf + from; ls++)
                if (*ls == '\n')
                    src->base_line++;
            while (ls > buf && ls[-1] != '\n')
                ls--;
            src->base_col = (size_t)(buf + from - ls) + 1;
            st = vifxml_vif_to_interface(buf + from, to - from, opts, &out, &err);
        }
    } else if (sniff_root(buf, len) == ROOT_INTERFACE) {
        st = vifxml_interface_to_vif(buf, len, opts, &out, &err);
        add_newline = true;
    } else {
        /* <domain>, or something else the library will name in its error. */
        st = vifxml_domain_to_config(buf, len, opts, &out, &err);
    }

    if (st == VIFXML_STATUS_INVALID_OPTION && err) {
        rc = option_error(err);
    } else if (st == VIFXML_STATUS_OK && out) {
        /* Warnings (collected unless --quiet) first, then the result. */
        if (err)
            print_diagnostics(stderr, src, err);
        if (fputs(out, stdout) == EOF || (add_newline && putchar('\n') == EOF)) {
            perror(PROG ": write error");
            rc = EXIT_CONVERSION;
        }
    } else if (err) {
        print_diagnostics(stderr, src, err);
        rc = EXIT_CONVERSION;
    } else {
        rc = report(st, "conversion failed");
    }
    vifxml_string_free(out);
    vifxml_error_free(err);
    return rc;
}

int main(int argc, char **argv)
{
    struct cli cli = { 0 };
    struct source src = { 0 };
    vifxml_options *opts = NULL;
    FILE *in = stdin;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    rc = parse_cli(argc, argv, &cli);
    if (rc >= 0)
        goto out;

    rc = EXIT_CONVERSION;
    opts = vifxml_options_new();
    if (!opts) {
        fprintf(stderr, PROG ": out of memory\n");
        goto out;
    }
    rc = apply_options(opts, &cli);
    if (rc != 0)
        goto out;

    rc = EXIT_CONVERSION;
    if (cli.file && strcmp(cli.file, "-") != 0) {
        src.name = cli.file;
        in = fopen(src.name, "rb");
    } else {
        src.name = "<stdin>";
    }
    if (!in) {
        fprintf(stderr, PROG ": %s: %s\n", src.name, strerror(errno));
        goto out;
    }
    buf = read_all(in, &len);
    if (!buf) {
        fprintf(stderr, PROG ": %s: %s\n", src.name, strerror(errno));
        goto out;
    }

    src.buf = buf;
    src.len = len;
    src.base_line = 1;
    src.base_col = 1;
    rc = convert(&src, opts, &cli);

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
