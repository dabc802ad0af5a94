/*
 * Peers of vifxml's reverse conversions (vif -> <interface>, config ->
 * <devices>): libxlutil, strtok_r and a libxml2 tree.  See peer_reverse.c.
 */
#ifndef VIFXML_BENCH_PEER_REVERSE_H
#define VIFXML_BENCH_PEER_REVERSE_H

#include <stddef.h>

/* Dialects, numbered as VIFXML_DIALECT_*. */
#define PEER_XL 0
#define PEER_XM 1

/* One vif string (xl or xm) to vifxml's canonical <interface> document: split
 * with strtok_r, built as a libxml2 tree, dumped.  malloc'd; NULL on error. */
char *peer_vif_to_interface(const char *vif, size_t len, int dialect);

#ifdef HAVE_XLUTIL
/* libxlutil's parse alone: xlu_cfg_init, xlu_cfg_readdata, xlu_cfg_get_list
 * ("vif"), each item read (xlu_cfg_get_listitem and its bytes summed),
 * xlu_cfg_destroy.  Returns the number of entries and, in *bytes, the total
 * length of the entries (for the check); -1 on error. */
long peer_config_parse(const char *text, size_t len, size_t *bytes);

/* The full peer: libxlutil's parse as above, then each entry split with
 * strtok_r and built into one libxml2 <devices> tree, dumped.  The same bytes
 * as vifxml_config_to_interfaces.  malloc'd; NULL on error. */
char *peer_config_to_interfaces(const char *text, size_t len, int dialect);

/* Frees libxlutil's report stream (a /dev/null FILE opened on first use). */
void peer_config_cleanup(void);
#endif

#endif
