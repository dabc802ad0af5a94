/* SPEC §8.1 through the C API: every problem of a call in one error object,
 * each item with severity, status, message, path, offset, line and column;
 * warnings collected on request, on success as on failure; the accessors'
 * answers out of range and for NULL. */
#include <stdint.h>
#include <stdio.h>

#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define AUTO VIFXML_GUEST_AUTO

/* One expected item. */
struct item {
    uint32_t severity;
    vifxml_status status;
    const char *path;
    size_t line, column;
};

#define E(st, path, line, col)                                                 \
    { VIFXML_SEVERITY_ERROR, VIFXML_STATUS_##st, path, line, col }
#define W(st, path, line, col)                                                 \
    { VIFXML_SEVERITY_WARNING, VIFXML_STATUS_##st, path, line, col }

/* Line and column of `offset` in `in`, counted as the library counts them. */
static void line_column(const char *in, size_t offset, size_t *line,
                        size_t *column) {
    size_t i, start = 0;
    *line = 1;
    for (i = 0; i < offset; i++) {
        if (in[i] == '\n') {
            (*line)++;
            start = i + 1;
        }
    }
    *column = offset - start + 1;
}

/* Checks every item of `err` against `want` (n items), that offsets agree with
 * lines and columns in `in`, and the answers just past the last item. */
static void check_items_at(const char *file, int line, const vifxml_error *err,
                           const char *in, const struct item *want, size_t n) {
    size_t i;
    check_uint_at(file, line, "vifxml_error_count", vifxml_error_count(err), n);
    for (i = 0; i < n && i < vifxml_error_count(err); i++) {
        size_t offset = vifxml_error_item_offset(err, i);
        const char *message = vifxml_error_item_message(err, i);
        check_uint_at(file, line, "severity", vifxml_error_item_severity(err, i),
                      want[i].severity);
        check_status_at(file, line, "status", vifxml_error_item_status(err, i),
                        want[i].status);
        check_str_at(file, line, "path", vifxml_error_item_path(err, i),
                     want[i].path);
        check_uint_at(file, line, "line", vifxml_error_item_line(err, i),
                      want[i].line);
        check_uint_at(file, line, "column", vifxml_error_item_column(err, i),
                      want[i].column);
        check_true_at(file, line, message != NULL && message[0] != '\0',
                      "a message");
        if (offset == SIZE_MAX) {
            check_uint_at(file, line, "line without offset",
                          vifxml_error_item_line(err, i), 0);
        } else {
            size_t l, c;
            check_true_at(file, line, offset <= strlen(in), "offset in input");
            line_column(in, offset, &l, &c);
            check_uint_at(file, line, "line from offset", l, want[i].line);
            check_uint_at(file, line, "column from offset", c, want[i].column);
        }
    }
    /* item 0 is what the 0.1 accessors describe */
    if (n > 0) {
        check_uint_at(file, line, "vifxml_error_line", vifxml_error_line(err),
                      want[0].line);
        check_uint_at(file, line, "vifxml_error_column",
                      vifxml_error_column(err), want[0].column);
        check_uint_at(file, line, "vifxml_error_offset",
                      vifxml_error_offset(err),
                      vifxml_error_item_offset(err, 0));
        check_str_at(file, line, "vifxml_error_message",
                     vifxml_error_message(err),
                     vifxml_error_item_message(err, 0));
        check_status_at(file, line, "vifxml_error_status",
                        vifxml_error_status(err),
                        want[0].severity == VIFXML_SEVERITY_ERROR
                            ? want[0].status
                            : VIFXML_STATUS_OK);
    }
    /* out of range */
    check_uint_at(file, line, "severity out of range",
                  vifxml_error_item_severity(err, n), UINT32_MAX);
    check_status_at(file, line, "status out of range",
                    vifxml_error_item_status(err, n),
                    VIFXML_STATUS_NULL_ARGUMENT);
    check_str_at(file, line, "message out of range",
                 vifxml_error_item_message(err, n), NULL);
    check_str_at(file, line, "path out of range",
                 vifxml_error_item_path(err, n), NULL);
    check_uint_at(file, line, "offset out of range",
                  vifxml_error_item_offset(err, n), SIZE_MAX);
    check_uint_at(file, line, "line out of range",
                  vifxml_error_item_line(err, n), 0);
    check_uint_at(file, line, "column out of range",
                  vifxml_error_item_column(err, n), 0);
    check_uint_at(file, line, "far out of range",
                  vifxml_error_item_severity(err, SIZE_MAX), UINT32_MAX);
}
#define CHECK_ITEMS(err, in, want)                                             \
    check_items_at(__FILE__, __LINE__, (err), (in), (want),                    \
                   sizeof(want) / sizeof((want)[0]))

/* Runs fn on `in`, which must fail with the items `want` (status: item 0's). */
static void items_of_at(const char *file, int line, conv_fn fn,
                        const vifxml_options *opts, const char *in,
                        const struct item *want, size_t n) {
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    char *copy = exact_copy(in, strlen(in));
    vifxml_status st = fn(copy, strlen(in), opts, &out, &err);
    check_status_at(file, line, "status", st, want[0].status);
    check_str_at(file, line, "output", out, NULL);
    check_true_at(file, line, err != NULL && err != SENTINEL_ERR,
                  "an error object");
    if (err != NULL && err != SENTINEL_ERR)
        check_items_at(file, line, err, in, want, n);
    vifxml_string_free(out == SENTINEL_STR ? NULL : out);
    vifxml_error_free(err == SENTINEL_ERR ? NULL : err);
    free(copy);
}
#define ITEMS_OF(fn, opts, in, want)                                           \
    items_of_at(__FILE__, __LINE__, fn, (opts), (in), (want),                  \
                sizeof(want) / sizeof((want)[0]))

static const char DOMAIN[] =
    "<domain type='xen'>\n"
    "  <os><type>hvm</type></os>\n"
    "  <devices>\n"
    "    <interface type='bridge'>\n"
    "      <mac address='00:16:3e:0a:7b:3g'/>\n"
    "      <source bridge='br0'/>\n"
    "      <mtu size='9000'/>\n"
    "    </interface>\n"
    "    <interface type='network'>\n"
    "      <source network='lan'/>\n"
    "      <driver name='qemu'/>\n"
    "    </interface>\n"
    "  </devices>\n"
    "</domain>\n";

static void every_error_at_once(void) {
    vifxml_options *xm = OPTS(XM, AUTO, NO_VERSION, 0);
    static const struct item want[] = {
        E(INVALID, "/domain/devices/interface[1]/mac/@address", 5, 21),
        E(UNSUPPORTED, "/domain/devices/interface[1]/mtu", 7, 7),
        E(NETWORK_UNRESOLVED, "/domain/devices/interface[2]/source/@network",
          10, 24),
    };
    static const struct item with_warning[] = {
        E(INVALID, "/domain/devices/interface[1]/mac/@address", 5, 21),
        E(UNSUPPORTED, "/domain/devices/interface[1]/mtu", 7, 7),
        E(NETWORK_UNRESOLVED, "/domain/devices/interface[2]/source/@network",
          10, 24),
        W(UNSUPPORTED, "/domain/devices/interface[2]/driver", 11, 7),
    };
    char **vifs = SENTINEL_STRS;
    size_t count = SENTINEL_COUNT;
    vifxml_error *err = SENTINEL_ERR;

    ITEMS_OF(vifxml_domain_to_config, xm, DOMAIN, want);
    CHECK_STATUS(vifxml_domain_to_vifs(DOMAIN, strlen(DOMAIN), xm, &vifs,
                                       &count, &err),
                 VIFXML_STATUS_INVALID);
    CHECK(vifs == NULL && count == 0);
    CHECK_ITEMS(err, DOMAIN, want);
    CHECK_CONTAINS(vifxml_error_item_message(err, 0), "has 'g', which is neither a hex digit");
    CHECK_CONTAINS(vifxml_error_item_message(err, 2), "network 'lan'");
    vifxml_error_free(err);

    /* a failure lists its warnings after its errors when they are collected */
    CHECK_STATUS(vifxml_options_set_warnings(xm, true), VIFXML_STATUS_OK);
    ITEMS_OF(vifxml_domain_to_config, xm, DOMAIN, with_warning);
    vifxml_options_free(xm);
}

static void warnings_of_a_success(void) {
    static const char xml[] =
        "<interface type='bridge'>\r\n"
        "  <source bridge='br0'/>\r\n"
        "  <driver name='vhost'/>\r\n"
        "  <target dev='vif2.0'/>\r\n"
        "</interface>\r\n";
    static const struct item want[] = {
        W(UNSUPPORTED, "/interface/driver", 3, 3),
        W(OK, "/interface/target/@dev", 4, 16),
    };
    vifxml_options *o = OPTS(XL, AUTO, NO_VERSION, 0);
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;

    /* off (the default): nothing collected, *out_err NULL */
    CHECK_STATUS(vifxml_interface_to_vif(xml, strlen(xml), o, &out, &err),
                 VIFXML_STATUS_OK);
    CHECK_STR(out, "bridge=br0,script=vif-bridge");
    CHECK(err == NULL);
    vifxml_string_free(out);

    /* on: the output, and an object whose status is OK holding the warnings */
    CHECK_STATUS(vifxml_options_set_warnings(o, true), VIFXML_STATUS_OK);
    out = SENTINEL_STR;
    err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_interface_to_vif(xml, strlen(xml), o, &out, &err),
                 VIFXML_STATUS_OK);
    CHECK_STR(out, "bridge=br0,script=vif-bridge");
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_ITEMS(err, xml, want);
        CHECK_STATUS(vifxml_error_status(err), VIFXML_STATUS_OK);
        CHECK_STR(vifxml_error_message(err),
                  "<driver> has no Xen vif equivalent: ignored");
        vifxml_error_free(err);
    }
    vifxml_string_free(out);

    /* on, with nothing to warn about: *out_err stays NULL */
    out = SENTINEL_STR;
    err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_interface_to_vif("<interface type='ethernet'/>", 28, o,
                                         &out, &err),
                 VIFXML_STATUS_OK);
    CHECK_STR(out, "");
    CHECK(err == NULL);
    vifxml_string_free(out);

    /* on, out_err NULL: the caller wants no object and gets none */
    out = SENTINEL_STR;
    CHECK_STATUS(vifxml_interface_to_vif(xml, strlen(xml), o, &out, NULL),
                 VIFXML_STATUS_OK);
    CHECK_STR(out, "bridge=br0,script=vif-bridge");
    vifxml_string_free(out);

    /* strict: the same driver is an error; the generated name still is not */
    CHECK_STATUS(vifxml_options_set_strict(o, true), VIFXML_STATUS_OK);
    {
        static const struct item strict[] = {
            E(UNSUPPORTED, "/interface/driver", 3, 3),
            W(OK, "/interface/target/@dev", 4, 16),
        };
        ITEMS_OF(vifxml_interface_to_vif, o, xml, strict);
    }
    vifxml_options_free(o);
}

static void warnings_of_a_domain(void) {
    static const char xml[] =
        "<domain><os><type>xen</type></os><devices>\n"
        "<interface type='hostdev'><source><address type='pci'/></source>"
        "</interface>\n"
        "<interface type='bridge'><source bridge='br0'/></interface>\n"
        "</devices></domain>";
    static const struct item want[] = {
        W(UNSUPPORTED, "/domain/devices/interface[1]", 2, 1),
    };
    vifxml_options *o = OPTS(XL, AUTO, NO_VERSION, 0);
    char **vifs = SENTINEL_STRS;
    size_t count = SENTINEL_COUNT;
    vifxml_error *err = SENTINEL_ERR;

    CHECK_STATUS(vifxml_options_set_warnings(o, true), VIFXML_STATUS_OK);
    CHECK_STATUS(
        vifxml_domain_to_vifs(xml, strlen(xml), o, &vifs, &count, &err),
        VIFXML_STATUS_OK);
    CHECK_UINT(count, 1);
    if (vifs != NULL && vifs != SENTINEL_STRS && count == 1) {
        CHECK_STR(vifs[0], "bridge=br0,script=vif-bridge");
        CHECK(vifs[1] == NULL);
    }
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_ITEMS(err, xml, want);
        CHECK_CONTAINS(vifxml_error_item_message(err, 0), "skipped");
        vifxml_error_free(err);
    }
    vifxml_strings_free(vifs == SENTINEL_STRS ? NULL : vifs,
                        count == SENTINEL_COUNT ? 0 : count);
    vifxml_options_free(o);
}

static void the_reverse_names_keys_and_entries(void) {
    static const char vif[] = "mac=00:16:3e:00:00:0g,bridge=br0,rate=fast";
    static const struct item want_vif[] = {
        E(INVALID, "mac", 1, 5),
        E(VIF_SYNTAX, "rate", 1, 39),
    };
    static const char config[] =
        "name = 'web'\n"
        "vif = [ 'bridge=br0',\n"
        "        'mac=bad,bridge=br 1' ]\n";
    static const struct item want_config[] = {
        E(INVALID, "vif[2]/mac", 3, 14),
        E(UNSAFE_VALUE, "vif[2]/bridge", 3, 25),
    };
    static const char sxpr[] = "(vif (bridge 'br0')(rate '1b/s@5ms'))";
    static const struct item want_sxpr[] = {
        W(UNSUPPORTED, "rate", 1, 27),
        W(UNSUPPORTED, "rate", 1, 31),
    };
    vifxml_options *o = OPTS(XL, AUTO, NO_VERSION, 0);
    vifxml_options *s = OPTS(SXPR, AUTO, NO_VERSION, 1);
    ITEMS_OF(vifxml_vif_to_interface, o, vif, want_vif);
    ITEMS_OF(vifxml_config_to_interfaces, o, config, want_config);
    /* strict: the rounding and the interval are errors, at the same places */
    {
        static const struct item strict[] = {
            E(UNSUPPORTED, "rate", 1, 27),
            E(UNSUPPORTED, "rate", 1, 31),
        };
        char *out = SENTINEL_STR;
        vifxml_error *err = SENTINEL_ERR;
        ITEMS_OF(vifxml_vif_to_interface, s, sxpr, strict);
        CHECK_STATUS(vifxml_options_set_strict(s, false), VIFXML_STATUS_OK);
        CHECK_STATUS(vifxml_options_set_warnings(s, true), VIFXML_STATUS_OK);
        CHECK_STATUS(vifxml_vif_to_interface(sxpr, strlen(sxpr), s, &out, &err),
                     VIFXML_STATUS_OK);
        CHECK_STR(out, "<interface type='bridge'>\n"
                       "  <source bridge='br0'/>\n"
                       "  <bandwidth>\n"
                       "    <outbound average='1'/>\n"
                       "  </bandwidth>\n"
                       "</interface>\n");
        if (err != NULL && err != SENTINEL_ERR) {
            CHECK_ITEMS(err, sxpr, want_sxpr);
            vifxml_error_free(err);
        } else {
            CHECK(!"a warnings object");
        }
        vifxml_string_free(out == SENTINEL_STR ? NULL : out);
    }
    vifxml_options_free(o);
    vifxml_options_free(s);
}

static void accessors_given_null(void) {
    CHECK_UINT(vifxml_error_count(NULL), 0);
    CHECK_UINT(vifxml_error_item_severity(NULL, 0), UINT32_MAX);
    CHECK_STATUS(vifxml_error_item_status(NULL, 0),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STR(vifxml_error_item_message(NULL, 0), NULL);
    CHECK_STR(vifxml_error_item_path(NULL, 0), NULL);
    CHECK_UINT(vifxml_error_item_offset(NULL, 0), SIZE_MAX);
    CHECK_UINT(vifxml_error_item_line(NULL, 0), 0);
    CHECK_UINT(vifxml_error_item_column(NULL, 0), 0);
    CHECK_UINT(vifxml_error_line(NULL), 0);
    CHECK_UINT(vifxml_error_column(NULL), 0);
    CHECK_STATUS(vifxml_options_set_warnings(NULL, true),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_UINT(VIFXML_SEVERITY_ERROR, 0);
    CHECK_UINT(VIFXML_SEVERITY_WARNING, 1);
}

static void errors_without_a_place(void) {
    static const struct item want[] = {E(INVALID_OPTION, "", 0, 0)};
    vifxml_options *old = OPTS(XL, AUTO, XEN(4, 0, 0), 0);
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_interface_to_vif("<interface type='ethernet'/>", 28,
                                         old, &out, &err),
                 VIFXML_STATUS_INVALID_OPTION);
    CHECK_ITEMS(err, "", want);
    CHECK_UINT(vifxml_error_item_offset(err, 0), SIZE_MAX);
    vifxml_error_free(err);
    vifxml_options_free(old);
}

void test_diagnostics(void) {
    every_error_at_once();
    warnings_of_a_success();
    warnings_of_a_domain();
    the_reverse_names_keys_and_entries();
    accessors_given_null();
    errors_without_a_place();
}
