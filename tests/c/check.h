/* Tiny assertion kit shared by the vifxml C API harness (the .c files in tests/c).
 *
 * Every CHECK_* macro counts one check: on failure it prints file:line, what
 * was checked and the got/expected values, and the run goes on.  harness.c
 * prints "N passed, N failed" at the end and exits non-zero on any failure.
 *
 * Inputs are handed to the library in malloc'd buffers of exactly their
 * length, with no terminating NUL, so AddressSanitizer and valgrind catch any
 * read past xml_len / vif_len / config_len. */
#ifndef VIFXML_TEST_CHECK_H
#define VIFXML_TEST_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vifxml.h"

extern unsigned long check_passed;
extern unsigned long check_failed;

/* ---- primitive checks -------------------------------------------------- */

void check_true_at(const char *file, int line, int ok, const char *expr);
void check_uint_at(const char *file, int line, const char *expr,
                   unsigned long long got, unsigned long long expected);
void check_status_at(const char *file, int line, const char *expr,
                     vifxml_status got, vifxml_status expected);
/* expected == NULL means "got must be NULL". */
void check_str_at(const char *file, int line, const char *expr,
                  const char *got, const char *expected);
/* Case-insensitive substring; a NULL haystack fails.  A needle written
 * WORD("port") must appear as a whole word (no [A-Za-z0-9_] around it), so
 * that "port" is not found in "unsupported". */
#define WORD(w) "\b" w
void check_contains_at(const char *file, int line, const char *expr,
                       const char *haystack, const char *needle);

/* Case-sensitive, as a whole word: no [A-Za-z0-9_] right before or after. */
void check_contains_word_at(const char *file, int line, const char *expr,
                            const char *haystack, const char *needle);

#define CHECK(cond) check_true_at(__FILE__, __LINE__, (cond) ? 1 : 0, #cond)
#define CHECK_UINT(got, exp)                                                   \
    check_uint_at(__FILE__, __LINE__, #got, (unsigned long long)(got),          \
                  (unsigned long long)(exp))
#define CHECK_STATUS(got, exp)                                                 \
    check_status_at(__FILE__, __LINE__, #got, (got), (exp))
#define CHECK_STR(got, exp) check_str_at(__FILE__, __LINE__, #got, (got), (exp))
#define CHECK_CONTAINS(hay, needle)                                            \
    check_contains_at(__FILE__, __LINE__, #hay, (hay), (needle))

/* Name of a status for messages ("NULL_ARGUMENT", ...), "?" if unknown. */
const char *status_name(vifxml_status st);

/* ---- sentinels ---------------------------------------------------------
 * Output pointers are preset to these before a call; the library must
 * overwrite them on every call (SPEC §7). */
extern char *const SENTINEL_STR;
extern char **const SENTINEL_STRS;
extern vifxml_error *const SENTINEL_ERR;
#define SENTINEL_COUNT ((size_t)0x5eed)

/* ---- option helpers ----------------------------------------------------- */

/* Versions are written XEN(4, 15, 0); NO_VERSION leaves it unset. */
#define XEN(major, minor, micro) (major, minor, micro)
#define NO_VERSION (0, 0, 0)
#define VERSION_ARGS_(major, minor, micro) major, minor, micro
/* Fresh options; major == 0 leaves the Xen version unset.  Every setter's
 * status is checked. */
vifxml_options *opts_make_at(const char *file, int line, uint32_t dialect,
                             uint32_t guest, uint32_t major, uint32_t minor,
                             uint32_t micro, int strict);
#define OPTS(dialect, guest, version, strict)                                  \
    opts_make_at(__FILE__, __LINE__, (dialect), (guest),                       \
                 VERSION_ARGS_ version, (strict))

/* ---- conversion helpers ------------------------------------------------- */

/* The four single-output conversions share this signature. */
typedef vifxml_status (*conv_fn)(const char *in, size_t len,
                                 const vifxml_options *opts, char **out,
                                 vifxml_error **out_err);

/* Copy of [in, in+len) in a malloc'd buffer of exactly len bytes (at least
 * one byte is allocated) with no terminating NUL.  Free with free(). */
char *exact_copy(const char *in, size_t len);

#define ANY_OFFSET 1 /* do not check the error offset */
#define NO_OFFSET 2  /* the error offset must be SIZE_MAX */
#define IN_RANGE 3   /* lo <= offset <= hi */

/* Runs fn on in[0..len) (copied without NUL).  Checks status OK, the output
 * equals `expected` byte for byte and the error pointer was written NULL.
 * Returns 1 on full success. */
int expect_ok_at(const char *file, int line, conv_fn fn, const char *fname,
                 const vifxml_options *opts, const char *in, size_t len,
                 const char *expected);

/* Runs fn and checks: status == st, output written NULL, an error object
 * whose status is st, a non-empty message containing `needle` (if non-NULL,
 * case-insensitive), the offset per `offset_mode` (lo/hi for IN_RANGE).
 * Then runs fn again with out_err == NULL and checks the same status and a
 * NULL output. */
void expect_err_at(const char *file, int line, conv_fn fn, const char *fname,
                   const vifxml_options *opts, const char *in, size_t len,
                   vifxml_status st, const char *needle, int offset_mode,
                   size_t lo, size_t hi);

#define CONV_OK(fn, opts, in, expected)                                        \
    expect_ok_at(__FILE__, __LINE__, fn, #fn, (opts), (in), strlen(in),        \
                 (expected))
#define CONV_ERR(fn, opts, in, st, needle)                                     \
    expect_err_at(__FILE__, __LINE__, fn, #fn, (opts), (in), strlen(in), (st), \
                  (needle), ANY_OFFSET, 0, 0)
#define CONV_ERR_NOOFF(fn, opts, in, st, needle)                               \
    expect_err_at(__FILE__, __LINE__, fn, #fn, (opts), (in), strlen(in), (st), \
                  (needle), NO_OFFSET, 0, 0)
#define CONV_ERR_AT(fn, opts, in, st, needle, lo, hi)                          \
    expect_err_at(__FILE__, __LINE__, fn, #fn, (opts), (in), strlen(in), (st), \
                  (needle), IN_RANGE, (lo), (hi))

/* Shorthands for the interface -> vif direction, the most common one. */
#define VIF_OK(opts, xml, expected)                                            \
    CONV_OK(vifxml_interface_to_vif, opts, xml, expected)
#define VIF_ERR(opts, xml, st, needle)                                         \
    CONV_ERR(vifxml_interface_to_vif, opts, xml, st, needle)
#define XML_OK(opts, vif, expected)                                            \
    CONV_OK(vifxml_vif_to_interface, opts, vif, expected)
#define XML_ERR(opts, vif, st, needle)                                         \
    CONV_ERR(vifxml_vif_to_interface, opts, vif, st, needle)

/* Byte offset of the first / last occurrence of `needle` in `hay` (must
 * exist). */
size_t offset_of(const char *hay, const char *needle);
size_t offset_of_last(const char *hay, const char *needle);

/* vifxml_domain_to_vifs: checks OK, *out_count == n, each string, the
 * terminating NULL and a NULL error; frees with vifxml_strings_free. */
void expect_vifs_at(const char *file, int line, const vifxml_options *opts,
                    const char *xml, const char *const *expected, size_t n);
#define VIFS_OK(opts, xml, expected, n)                                        \
    expect_vifs_at(__FILE__, __LINE__, (opts), (xml), (expected), (n))

/* vifxml_domain_to_vifs failure: status, NULL array, count 0, error object
 * with st and needle in its message. */
void expect_vifs_err_at(const char *file, int line, const vifxml_options *opts,
                        const char *xml, vifxml_status st, const char *needle);
#define VIFS_ERR(opts, xml, st, needle)                                        \
    expect_vifs_err_at(__FILE__, __LINE__, (opts), (xml), (st), (needle))

/* ---- test groups (one per file) ----------------------------------------- */

void test_basics(void);     /* t_basics.c: status_str, version, free, accessors */
void test_null_args(void);  /* t_null.c: NULL for every pointer argument */
void test_options(void);    /* t_options.c: setters and option combinations */
void test_forward(void);    /* t_forward.c: vifxml_interface_to_vif */
void test_forward_errors(void); /* t_forward_err.c: errors, safety, strict */
void test_networks(void);   /* t_domain.c: add_network and the resolver */
void test_domain(void);     /* t_domain.c: domain_to_vifs / domain_to_config */
void test_reverse(void);    /* t_reverse.c: vifxml_vif_to_interface */
void test_config(void);     /* t_config.c: vifxml_config_to_interfaces */
void test_threads(void);    /* t_threads.c: concurrent conversions */
void test_diagnostics(void); /* t_diagnostics.c: items, paths, warnings */
void test_version(void);    /* t_version.c: version and limit macros */
void test_inputs(void);     /* t_inputs.c: SPEC §8.2, the inputs that exist */

#endif
