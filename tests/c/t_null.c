/* NULL for every pointer argument of every conversion (SPEC §6a, §7):
 * NULL_ARGUMENT, output pointers written NULL / 0, an error object naming
 * the argument, no offset. */
#include <stdio.h>

#include "check.h"

static const char IFACE[] =
    "<interface type='bridge'><source bridge='br0'/></interface>";
static const char DOMAIN[] =
    "<domain type='xen'><os><type>hvm</type></os><devices>"
    "<interface type='bridge'><source bridge='br0'/></interface>"
    "</devices></domain>";
static const char VIF[] = "bridge=br0";
static const char CONFIG[] = "vif = [ 'bridge=br0' ]\n";

/* Checks a NULL_ARGUMENT error object: status, message naming `arg`, no
 * offset; frees it. */
static void check_null_err(const char *file, int line, vifxml_error *err,
                           const char *arg) {
    check_true_at(file, line, err != NULL && err != SENTINEL_ERR,
                  "error object written for NULL_ARGUMENT");
    if (err == NULL || err == SENTINEL_ERR)
        return;
    check_status_at(file, line, "vifxml_error_status(err)",
                    vifxml_error_status(err), VIFXML_STATUS_NULL_ARGUMENT);
    check_contains_word_at(file, line, "NULL_ARGUMENT message names the argument",
                      vifxml_error_message(err), arg);
    check_uint_at(file, line, "vifxml_error_offset(err) (none)",
                  vifxml_error_offset(err), (unsigned long long)SIZE_MAX);
    vifxml_error_free(err);
}

/* One single-output conversion: NULL input (length 0 and non-zero), NULL
 * output pointer, both, and out_err NULL as well. */
static void null_single(const char *file, int line, conv_fn fn, const char *in,
                        const char *in_name, const char *out_name) {
    size_t len = strlen(in);
    char *buf = exact_copy(in, len);
    char *out;
    vifxml_error *err;

    out = SENTINEL_STR;
    err = SENTINEL_ERR;
    check_status_at(file, line, "fn(NULL, 0, ...)", fn(NULL, 0, NULL, &out, &err),
                    VIFXML_STATUS_NULL_ARGUMENT);
    check_true_at(file, line, out == NULL, "output NULL after NULL input");
    check_null_err(file, line, err, in_name);

    out = SENTINEL_STR;
    err = SENTINEL_ERR;
    check_status_at(file, line, "fn(NULL, len, ...)",
                    fn(NULL, len, NULL, &out, &err), VIFXML_STATUS_NULL_ARGUMENT);
    check_true_at(file, line, out == NULL, "output NULL after NULL input");
    check_null_err(file, line, err, in_name);

    out = SENTINEL_STR;
    check_status_at(file, line, "fn(NULL, len, opts, &out, NULL)",
                    fn(NULL, len, NULL, &out, NULL),
                    VIFXML_STATUS_NULL_ARGUMENT);
    check_true_at(file, line, out == NULL, "output NULL (out_err NULL)");

    err = SENTINEL_ERR;
    check_status_at(file, line, "fn(in, len, opts, NULL, &err)",
                    fn(buf, len, NULL, NULL, &err), VIFXML_STATUS_NULL_ARGUMENT);
    check_null_err(file, line, err, out_name);

    check_status_at(file, line, "fn(in, len, opts, NULL, NULL)",
                    fn(buf, len, NULL, NULL, NULL), VIFXML_STATUS_NULL_ARGUMENT);

    /* The valid call works with NULL options (all defaults) and no error
     * object, so the failures above are due to the NULLs alone. */
    out = SENTINEL_STR;
    check_status_at(file, line, "fn(in, len, NULL, &out, NULL)",
                    fn(buf, len, NULL, &out, NULL), VIFXML_STATUS_OK);
    check_true_at(file, line, out != NULL && out != SENTINEL_STR,
                  "output written on success");
    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    free(buf);
}

static void null_domain_to_vifs(void) {
    size_t len = strlen(DOMAIN);
    char *buf = exact_copy(DOMAIN, len);
    char **vifs;
    size_t count;
    vifxml_error *err;

    vifs = SENTINEL_STRS;
    count = SENTINEL_COUNT;
    err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_domain_to_vifs(NULL, 0, NULL, &vifs, &count, &err),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK(vifs == NULL);
    CHECK_UINT(count, 0);
    check_null_err(__FILE__, __LINE__, err, "xml");

    vifs = SENTINEL_STRS;
    count = SENTINEL_COUNT;
    err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_domain_to_vifs(NULL, len, NULL, &vifs, &count, &err),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK(vifs == NULL);
    CHECK_UINT(count, 0);
    check_null_err(__FILE__, __LINE__, err, "xml");

    /* NULL array pointer: the count is still written (0). */
    count = SENTINEL_COUNT;
    err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_domain_to_vifs(buf, len, NULL, NULL, &count, &err),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_UINT(count, 0);
    check_null_err(__FILE__, __LINE__, err, "out_vifs");

    /* NULL count pointer: the array pointer is still written (NULL). */
    vifs = SENTINEL_STRS;
    err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_domain_to_vifs(buf, len, NULL, &vifs, NULL, &err),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK(vifs == NULL);
    check_null_err(__FILE__, __LINE__, err, "out_count");

    CHECK_STATUS(vifxml_domain_to_vifs(buf, len, NULL, NULL, NULL, NULL),
                 VIFXML_STATUS_NULL_ARGUMENT);

    vifs = SENTINEL_STRS;
    count = SENTINEL_COUNT;
    CHECK_STATUS(vifxml_domain_to_vifs(NULL, len, NULL, &vifs, &count, NULL),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK(vifs == NULL);
    CHECK_UINT(count, 0);

    /* The same call with every pointer valid succeeds. */
    vifs = SENTINEL_STRS;
    count = SENTINEL_COUNT;
    CHECK_STATUS(vifxml_domain_to_vifs(buf, len, NULL, &vifs, &count, NULL),
                 VIFXML_STATUS_OK);
    CHECK_UINT(count, 1);
    if (vifs != SENTINEL_STRS && count != SENTINEL_COUNT)
        vifxml_strings_free(vifs, count);
    free(buf);
}

void test_null_args(void) {
    null_single(__FILE__, __LINE__, vifxml_interface_to_vif, IFACE, "xml",
                "out_vif");
    null_single(__FILE__, __LINE__, vifxml_domain_to_config, DOMAIN, "xml",
                "out_config");
    null_single(__FILE__, __LINE__, vifxml_vif_to_interface, VIF, "vif",
                "out_xml");
    null_single(__FILE__, __LINE__, vifxml_config_to_interfaces, CONFIG,
                "config", "out_xml");
    null_domain_to_vifs();
}
