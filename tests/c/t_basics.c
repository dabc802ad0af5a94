/* vifxml_status_str, vifxml_version, the ABI constants, the error accessors
 * and the free functions given NULL. */
#include <ctype.h>
#include <stdio.h>

#include "check.h"

static void abi_constants(void) {
    /* SPEC §7: values are part of the ABI. */
    CHECK_UINT(VIFXML_STATUS_OK, 0);
    CHECK_UINT(VIFXML_STATUS_NULL_ARGUMENT, 1);
    CHECK_UINT(VIFXML_STATUS_INVALID_UTF8, 2);
    CHECK_UINT(VIFXML_STATUS_XML_SYNTAX, 3);
    CHECK_UINT(VIFXML_STATUS_INVALID, 4);
    CHECK_UINT(VIFXML_STATUS_UNSUPPORTED, 5);
    CHECK_UINT(VIFXML_STATUS_UNSAFE_VALUE, 6);
    CHECK_UINT(VIFXML_STATUS_NETWORK_UNRESOLVED, 7);
    CHECK_UINT(VIFXML_STATUS_INVALID_OPTION, 8);
    CHECK_UINT(VIFXML_STATUS_VIF_SYNTAX, 9);
    CHECK_UINT(VIFXML_STATUS_INTERNAL, 10);
    CHECK_UINT(VIFXML_DIALECT_XL, 0);
    CHECK_UINT(VIFXML_DIALECT_XM, 1);
    CHECK_UINT(VIFXML_DIALECT_SXPR, 2);
    CHECK_UINT(VIFXML_GUEST_AUTO, 0);
    CHECK_UINT(VIFXML_GUEST_HVM, 1);
    CHECK_UINT(VIFXML_GUEST_PV, 2);
    CHECK_UINT(VIFXML_GUEST_PVH, 3);
    /* vifxml_status is uint32_t. */
    CHECK_UINT(sizeof(vifxml_status), 4);
    CHECK((vifxml_status)-1 > 0);
}

static void status_strings(void) {
    const char *strs[11];
    uint32_t s, t;
    for (s = 0; s <= VIFXML_STATUS_INTERNAL; s++) {
        strs[s] = vifxml_status_str(s);
        CHECK(strs[s] != NULL && strs[s][0] != '\0');
        if (strs[s] != NULL) {
            CHECK(strcmp(strs[s], "unknown status") != 0);
            /* static: the same string every time */
            CHECK(vifxml_status_str(s) == strs[s]);
        }
    }
    /* Each status has its own description. */
    for (s = 0; s <= VIFXML_STATUS_INTERNAL; s++)
        for (t = s + 1; t <= VIFXML_STATUS_INTERNAL; t++)
            if (strs[s] != NULL && strs[t] != NULL && strcmp(strs[s], strs[t]) == 0) {
                printf("    status %lu and %lu share \"%s\"\n", (unsigned long)s,
                       (unsigned long)t, strs[s]);
                check_true_at(__FILE__, __LINE__, 0, "status strings are distinct");
            }
    CHECK_STR(vifxml_status_str(11), "unknown status");
    CHECK_STR(vifxml_status_str(12), "unknown status");
    CHECK_STR(vifxml_status_str(1000), "unknown status");
    CHECK_STR(vifxml_status_str(0x80000000u), "unknown status");
    CHECK_STR(vifxml_status_str(UINT32_MAX), "unknown status");
}

static void version_string(void) {
    const char *v = vifxml_version();
    const char *p;
    int groups = 0;
    CHECK(v != NULL);
    if (v == NULL)
        return;
    CHECK(vifxml_version() == v); /* static */
    /* major.minor.patch, optionally followed by -pre / +build */
    p = v;
    for (;;) {
        const char *start = p;
        while (isdigit((unsigned char)*p))
            p++;
        if (p == start)
            break;
        groups++;
        if (*p != '.' || groups == 3)
            break;
        p++;
    }
    CHECK_UINT(groups, 3);
    CHECK(*p == '\0' || *p == '-' || *p == '+');
#ifdef VIFXML_EXPECTED_VERSION
    /* tests/c_api.rs passes Cargo's package version. */
    CHECK_STR(v, VIFXML_EXPECTED_VERSION);
#endif
}

static void null_accessors_and_frees(void) {
    CHECK_STATUS(vifxml_error_status(NULL), VIFXML_STATUS_NULL_ARGUMENT);
    CHECK(vifxml_error_message(NULL) == NULL);
    CHECK_UINT(vifxml_error_offset(NULL), SIZE_MAX);
    /* Every free function accepts NULL (a crash fails the run). */
    vifxml_error_free(NULL);
    vifxml_string_free(NULL);
    vifxml_strings_free(NULL, 0);
    vifxml_strings_free(NULL, 3);
    vifxml_options_free(NULL);
}

/* An error object outlives nothing but itself: the message stays valid
 * after the input buffer and the options are gone. */
static void error_object_lifetime(void) {
    static const char xml[] = "<interface type='none'/>";
    vifxml_options *o = vifxml_options_new();
    char *buf = exact_copy(xml, sizeof xml - 1);
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    vifxml_status st =
        vifxml_interface_to_vif(buf, sizeof xml - 1, o, &out, &err);
    CHECK_STATUS(st, VIFXML_STATUS_UNSUPPORTED);
    CHECK(out == NULL);
    memset(buf, 'x', sizeof xml - 1);
    free(buf);
    vifxml_options_free(o);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        const char *m1 = vifxml_error_message(err);
        CHECK_STATUS(vifxml_error_status(err), VIFXML_STATUS_UNSUPPORTED);
        CHECK_CONTAINS(m1, "netfront");
        /* owned by err: the same pointer on each call */
        CHECK(vifxml_error_message(err) == m1);
        vifxml_error_free(err);
    }
}

void test_basics(void) {
    abi_constants();
    status_strings();
    version_string();
    null_accessors_and_frees();
    error_object_lifetime();
}
