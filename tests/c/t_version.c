/* The version macros, vifxml_version_number() and the limit macros
 * (SPEC §8.4, §8.2): the header and the library agree. */
#include <stdio.h>

#include "check.h"

/* The macros are usable by the preprocessor, which is what they are for. */
#if !VIFXML_CHECK_VERSION(0, 2, 0)
#error "VIFXML_CHECK_VERSION(0, 2, 0) is false in a 0.2 header"
#endif
#if VIFXML_CHECK_VERSION(1, 0, 0)
#error "VIFXML_CHECK_VERSION(1, 0, 0) is true in a 0.x header"
#endif
#if VIFXML_VERSION_MAJOR > 255 || VIFXML_VERSION_MINOR > 255 || VIFXML_VERSION_PATCH > 255
#error "a version part does not fit vifxml_version_number's packing"
#endif

#define HEADER_NUMBER                                                          \
    (((uint32_t)VIFXML_VERSION_MAJOR << 16) |                                  \
     ((uint32_t)VIFXML_VERSION_MINOR << 8) | (uint32_t)VIFXML_VERSION_PATCH)

static void version_macros(void) {
    char from_parts[32];
    /* tests/c_api.rs builds the harness against the header and the library
     * of one build: they are the same version. */
    CHECK_UINT(vifxml_version_number(), HEADER_NUMBER);
    CHECK_STR(vifxml_version(), VIFXML_VERSION_STRING);
#ifdef VIFXML_EXPECTED_VERSION
    CHECK_STR(VIFXML_VERSION_STRING, VIFXML_EXPECTED_VERSION);
#endif
    /* VIFXML_VERSION_STRING starts with MAJOR.MINOR.PATCH. */
    snprintf(from_parts, sizeof from_parts, "%d.%d.%d", VIFXML_VERSION_MAJOR,
             VIFXML_VERSION_MINOR, VIFXML_VERSION_PATCH);
    CHECK(strncmp(VIFXML_VERSION_STRING, from_parts, strlen(from_parts)) == 0);
    CHECK(VIFXML_VERSION_STRING[strlen(from_parts)] == '\0' ||
          VIFXML_VERSION_STRING[strlen(from_parts)] == '-' ||
          VIFXML_VERSION_STRING[strlen(from_parts)] == '+');
    /* A constant function: the same number every time. */
    CHECK_UINT(vifxml_version_number(), vifxml_version_number());
}

static void check_version_macro(void) {
    /* This header is 0.2.0 (bump these with Cargo.toml's version). */
    CHECK(VIFXML_CHECK_VERSION(0, 2, 0));
    CHECK(VIFXML_CHECK_VERSION(0, 1, 0));
    CHECK(VIFXML_CHECK_VERSION(0, 1, 9));
    CHECK(VIFXML_CHECK_VERSION(0, 0, 0));
    CHECK(!VIFXML_CHECK_VERSION(0, 2, 1));
    CHECK(!VIFXML_CHECK_VERSION(0, 3, 0));
    CHECK(!VIFXML_CHECK_VERSION(1, 0, 0));
    /* Arguments may be expressions. */
    CHECK(VIFXML_CHECK_VERSION(0 + 0, 1 + 1, 0));
    CHECK(VIFXML_CHECK_VERSION(VIFXML_VERSION_MAJOR, VIFXML_VERSION_MINOR,
                               VIFXML_VERSION_PATCH));
    CHECK_UINT(VIFXML_VERSION_MAJOR, 0);
    CHECK_UINT(VIFXML_VERSION_MINOR, 2);
    CHECK_UINT(VIFXML_VERSION_PATCH, 0);
    CHECK_UINT(vifxml_version_number(), 0x000200u);
}

/* `depth` elements nested in an <interface> whose own depth is 1. */
static char *nested_interface(size_t depth) {
    static const char head[] =
        "<interface type='bridge'><source bridge='br0'/>";
    static const char tail[] = "</interface>";
    size_t len = sizeof head - 1 + depth * 7 + sizeof tail - 1;
    char *xml = malloc(len + 1);
    char *p = xml;
    size_t i;
    if (xml == NULL)
        return NULL;
    memcpy(p, head, sizeof head - 1);
    p += sizeof head - 1;
    for (i = 0; i < depth; i++, p += 3)
        memcpy(p, "<x>", 3);
    for (i = 0; i < depth; i++, p += 4)
        memcpy(p, "</x>", 4);
    memcpy(p, tail, sizeof tail);
    return xml;
}

static vifxml_status convert_nested(size_t depth) {
    char *xml = nested_interface(depth);
    char *vif = NULL;
    vifxml_status st;
    if (xml == NULL)
        return VIFXML_STATUS_INTERNAL;
    st = vifxml_interface_to_vif(xml, strlen(xml), NULL, &vif, NULL);
    vifxml_string_free(vif);
    free(xml);
    return st;
}

static void limit_macros(void) {
    CHECK_UINT(VIFXML_MAX_INPUT_BYTES, 256ul * 1024 * 1024);
    CHECK_UINT(VIFXML_MAX_DEPTH, 256);
    /* VIFXML_MAX_DEPTH levels in all are read, one more is refused. */
    CHECK_STATUS(convert_nested(VIFXML_MAX_DEPTH - 1), VIFXML_STATUS_OK);
    CHECK_STATUS(convert_nested(VIFXML_MAX_DEPTH), VIFXML_STATUS_INVALID);
}

void test_version(void) {
    version_macros();
    check_version_macro();
    limit_macros();
}
