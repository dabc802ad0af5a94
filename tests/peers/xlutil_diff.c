/*
 * xlutil_diff.c - reads a corpus of config texts with Xen's libxlutil and with
 * vifxml, and prints what each read, for tests/xlutil_diff.rs to compare.
 *
 * usage: xlutil_diff CORPUS
 *
 * CORPUS is a sequence of config texts, each a 4-byte little-endian length
 * followed by that many bytes.  For each text, in order, it prints:
 *
 *   # N                      the text's index (0-based)
 *   X R                      libxlutil refuses the text (xlu_cfg_readdata)
 *   X S                      ... reads it, but vif is a single value, not a list
 *   X L K                    ... reads it, but vif item K is a list (no string)
 *   X O COUNT                ... reads it, with COUNT vif entries (none: 0), then
 *   x HEX                    one line per entry (the bytes in hex)
 *   V 0 HEX                  vifxml_config_to_interfaces (xl dialect): OK, output
 *   V STATUS COUNT           ... fails; then COUNT lines, one per diagnostic:
 *   v SEVERITY STATUS PATHHEX MESSAGEHEX
 *   E 0 HEX                  for each libxlutil entry, vifxml_vif_to_interface
 *   E STATUS COUNT           on it (xl dialect), as for V, with `e` lines
 *   e SEVERITY STATUS PATHHEX MESSAGEHEX
 *
 * Hex is lower-case, two digits per byte; an empty string is "-".  The text is
 * handed to both exactly as read (explicit length, no NUL added).  Texts must
 * hold no NUL inside a quoted string: libxlutil asserts on one (Xen 4.17).
 * Exits 0 unless the corpus cannot be read.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "vifxml.h"

static void hex(const unsigned char *s, size_t n)
{
    size_t i;
    if (n == 0) {
        putchar('-');
        return;
    }
    for (i = 0; i < n; i++)
        printf("%02x", s[i]);
}

static void hex_str(const char *s)
{
    hex((const unsigned char *)s, strlen(s));
}

/* One vifxml result: "TAG 0 HEX" or "TAG STATUS COUNT" and its diagnostics. */
static void vifxml_result(char tag, vifxml_status st, const char *out, vifxml_error *err)
{
    size_t i, n;
    if (st == VIFXML_STATUS_OK) {
        printf("%c 0 ", tag);
        hex_str(out);
        putchar('\n');
        return;
    }
    n = vifxml_error_count(err);
    printf("%c %u %zu\n", tag, (unsigned)st, n);
    for (i = 0; i < n; i++) {
        printf("%c %u %u ", tag + ('a' - 'A'), (unsigned)vifxml_error_item_severity(err, i),
               (unsigned)vifxml_error_item_status(err, i));
        hex_str(vifxml_error_item_path(err, i));
        putchar(' ');
        hex_str(vifxml_error_item_message(err, i));
        putchar('\n');
    }
}

static void one(const char *text, size_t len, FILE *devnull, const vifxml_options *o)
{
    XLU_Config *cfg = xlu_cfg_init(devnull, "corpus");
    XLU_ConfigList *list = NULL;
    int e, n = 0, i;
    char *xml = NULL;
    vifxml_error *err = NULL;
    vifxml_status st;

    if (!cfg) {
        fputs("xlu_cfg_init failed\n", stderr);
        exit(2);
    }
    e = xlu_cfg_readdata(cfg, text, (int)len);
    if (e) {
        puts("X R");
        n = 0;
    } else {
        e = xlu_cfg_get_list(cfg, "vif", &list, &n, 1);
        if (e == ESRCH) {
            e = 0;
            n = 0;
        }
        if (e) {
            puts("X S");
            n = 0;
        } else {
            for (i = 0; i < n; i++)
                if (!xlu_cfg_get_listitem(list, i))
                    break;
            if (i < n) {
                printf("X L %d\n", i);
                e = EINVAL;
                n = 0;
            } else {
                printf("X O %d\n", n);
                for (i = 0; i < n; i++) {
                    fputs("x ", stdout);
                    hex_str(xlu_cfg_get_listitem(list, i));
                    putchar('\n');
                }
            }
        }
    }

    st = vifxml_config_to_interfaces(text, len, o, &xml, &err);
    vifxml_result('V', st, xml, err);
    vifxml_string_free(xml);
    vifxml_error_free(err);

    for (i = 0; !e && i < n; i++) {
        const char *entry = xlu_cfg_get_listitem(list, i);
        char *one_xml = NULL;
        vifxml_error *one_err = NULL;
        st = vifxml_vif_to_interface(entry, strlen(entry), o, &one_xml, &one_err);
        vifxml_result('E', st, one_xml, one_err);
        vifxml_string_free(one_xml);
        vifxml_error_free(one_err);
    }
    xlu_cfg_destroy(cfg);
}

int main(int argc, char **argv)
{
    FILE *corpus, *devnull;
    vifxml_options *o;
    unsigned char head[4];
    char *buf = NULL;
    size_t cap = 0;
    unsigned long index = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS\n", argv[0]);
        return 2;
    }
    corpus = fopen(argv[1], "rb");
    devnull = fopen("/dev/null", "w");
    if (!corpus || !devnull) {
        fprintf(stderr, "cannot open %s or /dev/null: %s\n", argv[1], strerror(errno));
        return 2;
    }
    o = vifxml_options_new();
    if (!o || vifxml_options_set_warnings(o, false) != VIFXML_STATUS_OK) {
        fputs("vifxml_options_new failed\n", stderr);
        return 2;
    }
    while (fread(head, 1, 4, corpus) == 4) {
        size_t len = (size_t)head[0] | (size_t)head[1] << 8 | (size_t)head[2] << 16 |
                     (size_t)head[3] << 24;
        if (len + 1 > cap) {
            cap = len + 1;
            buf = realloc(buf, cap);
            if (!buf) {
                fputs("out of memory\n", stderr);
                return 2;
            }
        }
        if (fread(buf, 1, len, corpus) != len) {
            fputs("corpus ends inside a text\n", stderr);
            return 2;
        }
        printf("# %lu\n", index++);
        one(buf, len, devnull, o);
    }
    free(buf);
    vifxml_options_free(o);
    fclose(corpus);
    fclose(devnull);
    return 0;
}
