/*
 * The libxml2 + XPath baseline: the forward conversion written the way
 * libvirt's Xen driver does it.  See baseline_libxml2.c.
 */
#ifndef VIFXML_BENCH_BASELINE_H
#define VIFXML_BENCH_BASELINE_H

#include <stddef.h>

/* Dialects, numbered as VIFXML_DIALECT_*. */
#define BASELINE_XL 0
#define BASELINE_XM 1
#define BASELINE_SXPR 2

/* Once per process, before any conversion (libvirt calls xmlInitParser at start). */
void baseline_init(void);
void baseline_cleanup(void);

/* A root-<interface> document (HVM guest) to one vif; malloc'd, NULL on error. */
char *baseline_interface_to_vif(const char *xml, size_t len, int dialect);

/* A <domain> to its config line (xl/xm) or (device (vif ...)) items (sxpr);
 * malloc'd, NULL on error. */
char *baseline_domain_to_config(const char *xml, size_t len, int dialect);

#endif
