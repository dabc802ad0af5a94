/*
 * The libxml2 judge of tests/wellformed.rs: reads documents from stdin, each a
 * 4-byte little-endian length and that many bytes, and parses each twice with
 * xmlReadMemory (XML_PARSE_NONET, no recovery): as the document declares its
 * encoding, and as UTF-8 (XML_PARSE_IGNORE_ENC added). For each it writes two
 * bytes, '1' where libxml2 returns a document (finds it well-formed) and '0'
 * where it does not, then the message of the first fatal error of the second
 * parse: a 2-byte little-endian length and that many bytes (0 for none).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

static char first[1024];
static size_t first_len;

static void record(void *ctx, xmlErrorPtr err) {
    (void)ctx;
    if (err->level == XML_ERR_FATAL && first_len == 0 && err->message != NULL) {
        first_len = strlen(err->message);
        if (first_len > sizeof first) first_len = sizeof first;
        memcpy(first, err->message, first_len);
    }
}

static int judge(const char *doc, int len, int options) {
    first_len = 0;
    xmlDocPtr d = xmlReadMemory(doc, len, "doc.xml", NULL, options);
    if (d == NULL) return '0';
    xmlFreeDoc(d);
    return '1';
}

int main(void) {
    xmlSetStructuredErrorFunc(NULL, record);
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    unsigned char head[4];
    while (fread(head, 1, 4, stdin) == 4) {
        size_t len = head[0] | head[1] << 8 | head[2] << 16 | (size_t)head[3] << 24;
        if (len > cap) { cap = len; buf = realloc(buf, cap); }
        if (buf == NULL || fread(buf, 1, len, stdin) != len) return 2;
        putchar(judge(buf, (int)len, XML_PARSE_NONET));
        putchar(judge(buf, (int)len, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC));
        putchar((int)(first_len & 0xff));
        putchar((int)(first_len >> 8));
        fwrite(first, 1, first_len, stdout);
        fflush(stdout);
    }
    free(buf);
    xmlCleanupParser();
    return 0;
}
