/* Implementation of the assertion kit declared in check.h. */
#include "check.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

unsigned long check_passed = 0;
unsigned long check_failed = 0;

/* Storage for the sentinels: suitably aligned, never dereferenced. */
static union {
    long double ld;
    void *p;
    long long ll;
} sentinel_storage[3];
char *const SENTINEL_STR = (char *)&sentinel_storage[0];
char **const SENTINEL_STRS = (char **)&sentinel_storage[1];
vifxml_error *const SENTINEL_ERR = (vifxml_error *)&sentinel_storage[2];

static void fail_head(const char *file, int line, const char *what) {
    check_failed++;
    printf("FAIL %s:%d: %s\n", file, line, what);
}

/* Prints s C-escaped and quoted, or NULL. */
static void print_escaped(const char *s) {
    if (s == NULL) {
        fputs("NULL", stdout);
        return;
    }
    if (s == SENTINEL_STR) {
        fputs("<not written>", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '\n': fputs("\\n", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        default:
            if (c < 0x20 || c == 0x7f)
                printf("\\x%02x", c);
            else
                putchar((int)c);
        }
    }
    putchar('"');
}

void check_true_at(const char *file, int line, int ok, const char *expr) {
    if (ok) {
        check_passed++;
        return;
    }
    fail_head(file, line, expr);
}

void check_uint_at(const char *file, int line, const char *expr,
                   unsigned long long got, unsigned long long expected) {
    if (got == expected) {
        check_passed++;
        return;
    }
    fail_head(file, line, expr);
    printf("    got:      %llu\n    expected: %llu\n", got, expected);
}

static const char *const STATUS_NAMES[] = {
    "OK",          "NULL_ARGUMENT",      "INVALID_UTF8",   "XML_SYNTAX",
    "INVALID",     "UNSUPPORTED",        "UNSAFE_VALUE",   "NETWORK_UNRESOLVED",
    "INVALID_OPTION", "VIF_SYNTAX",      "INTERNAL"};

const char *status_name(vifxml_status st) {
    if (st < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0])
        return STATUS_NAMES[st];
    return "?";
}

void check_status_at(const char *file, int line, const char *expr,
                     vifxml_status got, vifxml_status expected) {
    if (got == expected) {
        check_passed++;
        return;
    }
    fail_head(file, line, expr);
    printf("    got:      %lu (%s)\n    expected: %lu (%s)\n",
           (unsigned long)got, status_name(got), (unsigned long)expected,
           status_name(expected));
}

void check_str_at(const char *file, int line, const char *expr,
                  const char *got, const char *expected) {
    int ok;
    if (expected == NULL)
        ok = got == NULL;
    else
        ok = got != NULL && got != SENTINEL_STR && strcmp(got, expected) == 0;
    if (ok) {
        check_passed++;
        return;
    }
    fail_head(file, line, expr);
    fputs("    got:      ", stdout);
    print_escaped(got);
    fputs("\n    expected: ", stdout);
    print_escaped(expected);
    putchar('\n');
}

static int contains_ci(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] &&
               tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

static int contains_word(const char *hay, const char *needle, int ci);

void check_contains_at(const char *file, int line, const char *expr,
                       const char *haystack, const char *needle) {
    int found = 0;
    if (haystack != NULL)
        found = needle[0] == '\b' ? contains_word(haystack, needle + 1, 1)
                                   : contains_ci(haystack, needle);
    if (found) {
        check_passed++;
        return;
    }
    fail_head(file, line, expr);
    fputs("    text:     ", stdout);
    print_escaped(haystack);
    fputs("\n    lacks:    ", stdout);
    print_escaped(needle);
    putchar('\n');
}

static int is_ident(int c) { return isalnum(c) || c == '_'; }

static int ncase_eq(const char *a, const char *b, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] == '\0' ||
            tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

/* needle found with no identifier character right before or after it;
 * case-insensitive when ci */
static int contains_word(const char *hay, const char *needle, int ci) {
    size_t n = strlen(needle);
    const char *p;
    for (p = hay; *p; p++) {
        if ((ci ? ncase_eq(p, needle, n) : strncmp(p, needle, n) == 0) &&
            (p == hay || !is_ident((unsigned char)p[-1])) &&
            !is_ident((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

void check_contains_word_at(const char *file, int line, const char *expr,
                            const char *haystack, const char *needle) {
    if (haystack != NULL && contains_word(haystack, needle, 0)) {
        check_passed++;
        return;
    }
    fail_head(file, line, expr);
    fputs("    text:     ", stdout);
    print_escaped(haystack);
    fputs("\n    lacks word: ", stdout);
    print_escaped(needle);
    putchar('\n');
}

vifxml_options *opts_make_at(const char *file, int line, uint32_t dialect,
                             uint32_t guest, uint32_t major, uint32_t minor,
                             uint32_t micro, int strict) {
    vifxml_options *o = vifxml_options_new();
    check_true_at(file, line, o != NULL, "vifxml_options_new() != NULL");
    if (o == NULL)
        return NULL;
    check_status_at(file, line, "vifxml_options_set_dialect",
                    vifxml_options_set_dialect(o, dialect), VIFXML_STATUS_OK);
    check_status_at(file, line, "vifxml_options_set_guest",
                    vifxml_options_set_guest(o, guest), VIFXML_STATUS_OK);
    if (major != 0)
        check_status_at(file, line, "vifxml_options_set_xen_version",
                        vifxml_options_set_xen_version(o, major, minor, micro),
                        VIFXML_STATUS_OK);
    check_status_at(file, line, "vifxml_options_set_strict",
                    vifxml_options_set_strict(o, strict != 0), VIFXML_STATUS_OK);
    return o;
}

char *exact_copy(const char *in, size_t len) {
    char *buf = malloc(len ? len : 1);
    if (buf == NULL) {
        fputs("out of memory\n", stdout);
        exit(2);
    }
    if (len)
        memcpy(buf, in, len);
    return buf;
}

size_t offset_of(const char *hay, const char *needle) {
    const char *p = strstr(hay, needle);
    if (p == NULL) {
        printf("BUG in test: \"%s\" not in its input\n", needle);
        check_failed++;
        return 0;
    }
    return (size_t)(p - hay);
}

size_t offset_of_last(const char *hay, const char *needle) {
    size_t at = offset_of(hay, needle);
    const char *p;
    while ((p = strstr(hay + at + 1, needle)) != NULL)
        at = (size_t)(p - hay);
    return at;
}

static void print_input(const char *fname, const char *in, size_t len) {
    size_t i;
    printf("    call:     %s(\"", fname);
    for (i = 0; i < len && i < 400; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c < 0x20 || c >= 0x7f)
            printf("\\x%02x", c);
        else
            putchar((int)c);
    }
    printf("%s\", %lu)\n", i < len ? "..." : "", (unsigned long)len);
}

int expect_ok_at(const char *file, int line, conv_fn fn, const char *fname,
                 const vifxml_options *opts, const char *in, size_t len,
                 const char *expected) {
    char *buf = exact_copy(in, len);
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    unsigned long before = check_failed;
    vifxml_status st = fn(buf, len, opts, &out, &err);

    check_status_at(file, line, "status", st, VIFXML_STATUS_OK);
    if (st != VIFXML_STATUS_OK && err != NULL && err != SENTINEL_ERR) {
        fputs("    message:  ", stdout);
        print_escaped(vifxml_error_message(err));
        putchar('\n');
    }
    check_str_at(file, line, "output", out, expected);
    check_true_at(file, line, err == NULL, "*out_err written NULL on success");
    if (check_failed != before)
        print_input(fname, in, len);

    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
    free(buf);
    return check_failed == before;
}

void expect_err_at(const char *file, int line, conv_fn fn, const char *fname,
                   const vifxml_options *opts, const char *in, size_t len,
                   vifxml_status st, const char *needle, int offset_mode,
                   size_t lo, size_t hi) {
    char *buf = exact_copy(in, len);
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    unsigned long before = check_failed;
    vifxml_status got = fn(buf, len, opts, &out, &err);

    check_status_at(file, line, "status", got, st);
    check_true_at(file, line, out == NULL, "output written NULL on failure");
    if (out != NULL && out != SENTINEL_STR) {
        fputs("    output:   ", stdout);
        print_escaped(out);
        putchar('\n');
    }
    check_true_at(file, line, err != NULL && err != SENTINEL_ERR,
                  "error object written on failure");
    if (err != NULL && err != SENTINEL_ERR) {
        const char *msg = vifxml_error_message(err);
        size_t off = vifxml_error_offset(err);
        check_status_at(file, line, "vifxml_error_status(err)",
                        vifxml_error_status(err), st);
        check_true_at(file, line, msg != NULL && msg[0] != '\0',
                      "error message non-empty");
        if (needle != NULL)
            check_contains_at(file, line, "error message", msg, needle);
        if (offset_mode == NO_OFFSET)
            check_uint_at(file, line, "vifxml_error_offset(err) (none)", off,
                          (unsigned long long)SIZE_MAX);
        else if (offset_mode == IN_RANGE) {
            int ok = off >= lo && off <= hi;
            check_true_at(file, line, ok, "error offset in range");
            if (!ok)
                printf("    offset:   %llu, expected %lu..%lu\n",
                       (unsigned long long)off, (unsigned long)lo,
                       (unsigned long)hi);
        }
        if (check_failed != before) {
            fputs("    message:  ", stdout);
            print_escaped(msg);
            putchar('\n');
        }
    }
    if (check_failed != before)
        print_input(fname, in, len);
    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);

    /* Same call without an error object. */
    out = SENTINEL_STR;
    got = fn(buf, len, opts, &out, NULL);
    check_status_at(file, line, "status with out_err == NULL", got, st);
    check_true_at(file, line, out == NULL,
                  "output written NULL on failure (out_err == NULL)");
    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    free(buf);
}

void expect_vifs_at(const char *file, int line, const vifxml_options *opts,
                    const char *xml, const char *const *expected, size_t n) {
    size_t len = strlen(xml), i;
    char *buf = exact_copy(xml, len);
    char **vifs = SENTINEL_STRS;
    size_t count = SENTINEL_COUNT;
    vifxml_error *err = SENTINEL_ERR;
    unsigned long before = check_failed;
    vifxml_status st = vifxml_domain_to_vifs(buf, len, opts, &vifs, &count, &err);

    check_status_at(file, line, "vifxml_domain_to_vifs status", st,
                    VIFXML_STATUS_OK);
    if (st != VIFXML_STATUS_OK && err != NULL && err != SENTINEL_ERR) {
        fputs("    message:  ", stdout);
        print_escaped(vifxml_error_message(err));
        putchar('\n');
    }
    check_uint_at(file, line, "*out_count", count, n);
    check_true_at(file, line, vifs != NULL && vifs != SENTINEL_STRS,
                  "*out_vifs non-NULL");
    if (vifs != NULL && vifs != SENTINEL_STRS && count == n) {
        for (i = 0; i < n; i++)
            check_str_at(file, line, "(*out_vifs)[i]", vifs[i], expected[i]);
        check_true_at(file, line, vifs[n] == NULL,
                      "(*out_vifs)[count] == NULL terminator");
    }
    check_true_at(file, line, err == NULL, "*out_err written NULL on success");
    if (check_failed != before)
        print_input("vifxml_domain_to_vifs", xml, len);
    if (vifs != SENTINEL_STRS && count != SENTINEL_COUNT)
        vifxml_strings_free(vifs, count);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
    free(buf);
}

void expect_vifs_err_at(const char *file, int line, const vifxml_options *opts,
                        const char *xml, vifxml_status st, const char *needle) {
    size_t len = strlen(xml);
    char *buf = exact_copy(xml, len);
    char **vifs = SENTINEL_STRS;
    size_t count = SENTINEL_COUNT;
    vifxml_error *err = SENTINEL_ERR;
    unsigned long before = check_failed;
    vifxml_status got =
        vifxml_domain_to_vifs(buf, len, opts, &vifs, &count, &err);

    check_status_at(file, line, "vifxml_domain_to_vifs status", got, st);
    check_true_at(file, line, vifs == NULL, "*out_vifs written NULL on failure");
    check_uint_at(file, line, "*out_count on failure", count, 0);
    check_true_at(file, line, err != NULL && err != SENTINEL_ERR,
                  "error object written on failure");
    if (err != NULL && err != SENTINEL_ERR) {
        const char *msg = vifxml_error_message(err);
        check_status_at(file, line, "vifxml_error_status(err)",
                        vifxml_error_status(err), st);
        check_true_at(file, line, msg != NULL && msg[0] != '\0',
                      "error message non-empty");
        if (needle != NULL)
            check_contains_at(file, line, "error message", msg, needle);
        if (check_failed != before) {
            fputs("    message:  ", stdout);
            print_escaped(msg);
            putchar('\n');
        }
    }
    if (check_failed != before)
        print_input("vifxml_domain_to_vifs", xml, len);
    if (vifs != SENTINEL_STRS && count != SENTINEL_COUNT)
        vifxml_strings_free(vifs, count);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
    free(buf);
}
