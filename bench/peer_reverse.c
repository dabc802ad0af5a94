/*
 * Peers of vifxml's reverse conversions, written the way a C program on the
 * usual libraries would do them, to measure vifxml against:
 *
 *   - a config file: Xen's own parser, libxlutil (xlu_cfg_readdata, then
 *     xlu_cfg_get_list("vif") and xlu_cfg_get_listitem per entry) — alone, the
 *     "parse-only" peer, and followed by the vif step below for every entry
 *     into one <devices> tree, the full peer;
 *   - a vif string: copied into a local buffer, split on ',' with strtok_r,
 *     each item at its first '=' (strchr), the values checked and canonicalised
 *     (MAC parsed and re-printed, IP through inet_pton/inet_ntop, rate parsed
 *     into KB/s), then a libxml2 tree (xmlNewNode/xmlNewChild/xmlNewProp) in
 *     libvirt's element order, dumped with xmlNodeDump(format = 1).
 *
 * Output: byte for byte what vifxml writes (bench/run.sh and `bench_c verify`
 * compare before anything is timed).  libxml2 indents by two spaces and writes
 * no declaration through xmlNodeDump, but it always puts attribute values in
 * double quotes (xmlBufAttrSerializeTxtContent has no option), and vifxml
 * writes single quotes: the dump is post-processed by turning every '"' into
 * '\'' — one pass over the output, which is exact because libxml2 escapes a '"'
 * inside a value as &quot; and these documents have no text content.  The
 * document has no trailing newline from xmlNodeDump; one is appended.
 *
 * It handles the keys the benchmark generates (bench/gen.h: mac, bridge, ip,
 * script, model, type, vifname, rate) and validates far less than vifxml (no
 * safety rules on names and paths, no duplicate keys, no Open vSwitch, no
 * backend/mtu, one IP): the comparison favours the peer.
 */
#define _POSIX_C_SOURCE 200809L

#include "peer_reverse.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#ifdef HAVE_XLUTIL
#include <libxlutil.h>
#endif

struct vif {
    char mac[18];
    char ip[INET6_ADDRSTRLEN];
    const char *family;
    const char *bridge, *script, *model, *vifname;
    unsigned long long average; /* KB/s; 0: no rate */
    int netfront;
};

static int parse_mac(const char *s, char out[18])
{
    unsigned o[6];
    char tail;
    if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &o[0], &o[1], &o[2], &o[3], &o[4], &o[5], &tail) != 6)
        return -1;
    for (int i = 0; i < 6; i++)
        if (o[i] > 0xff)
            return -1;
    snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", o[0], o[1], o[2], o[3], o[4], o[5]);
    return 0;
}

/* rate=N<unit>/s[@interval] -> KB/s rounded up (Xen's decimal units; b = bit). */
static int parse_rate(const char *s, unsigned long long *kbps)
{
    static const struct {
        const char *unit;
        unsigned long long bits;
    } units[] = {{"GB", 8000000000ULL}, {"MB", 8000000ULL}, {"KB", 8000ULL}, {"B", 8ULL},
                 {"Gb", 1000000000ULL}, {"Mb", 1000000ULL}, {"Kb", 1000ULL}, {"b", 1ULL}};
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long n = strtoull(s, &end, 10);
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u].unit);
        if (strncmp(end, units[u].unit, ul) == 0 && strncmp(end + ul, "/s", 2) == 0 &&
            (end[ul + 2] == 0 || end[ul + 2] == '@')) {
            if (n == 0 || n > ULLONG_MAX / units[u].bits)
                return -1;
            *kbps = (n * units[u].bits + 7999) / 8000;
            return *kbps <= 4294967295ULL ? 0 : -1;
        }
    }
    return -1;
}

/* Splits `text` (modified in place) into *v; 0 on success. */
static int vif_parse(char *text, int dialect, struct vif *v)
{
    char *save = NULL;
    v->mac[0] = v->ip[0] = 0;
    v->family = v->bridge = v->script = v->model = v->vifname = NULL;
    v->average = 0;
    v->netfront = 0;
    for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *value = strchr(item, '=');
        if (!value)
            return -1;
        *value++ = 0;
        if (strcmp(item, "mac") == 0) {
            if (parse_mac(value, v->mac) < 0)
                return -1;
        } else if (strcmp(item, "bridge") == 0) {
            v->bridge = value;
        } else if (strcmp(item, "script") == 0) {
            v->script = value;
        } else if (strcmp(item, "ip") == 0) {
            unsigned char addr[sizeof(struct in6_addr)];
            int family = strchr(value, ':') ? AF_INET6 : AF_INET;
            if (inet_pton(family, value, addr) != 1 || !inet_ntop(family, addr, v->ip, sizeof v->ip))
                return -1;
            v->family = family == AF_INET6 ? "ipv6" : "ipv4";
        } else if (strcmp(item, "model") == 0) {
            v->model = value;
        } else if (strcmp(item, "type") == 0) {
            /* ioemu: the HVM default, nothing to write */
            if (dialect == PEER_XL ? strcmp(value, "vif") == 0
                                   : strcmp(value, "netfront") == 0 || strcmp(value, "none") == 0)
                v->netfront = 1;
            else if (strcmp(value, "ioemu") != 0)
                return -1;
        } else if (strcmp(item, "vifname") == 0) {
            v->vifname = value;
        } else if (strcmp(item, "rate") == 0) {
            if (parse_rate(value, &v->average) < 0)
                return -1;
        } else {
            return -1;
        }
    }
    return 0;
}

static void child_attr(xmlNodePtr parent, const char *name, const char *attr, const char *value)
{
    xmlNewProp(xmlNewChild(parent, NULL, BAD_CAST name, NULL), BAD_CAST attr, BAD_CAST value);
}

/* The canonical <interface> (CONTRACT §5, "The output"), as a new libxml2 node. */
static xmlNodePtr vif_node(const struct vif *v)
{
    xmlNodePtr iface = xmlNewNode(NULL, BAD_CAST "interface");
    if (!iface)
        return NULL;
    xmlNewProp(iface, BAD_CAST "type", BAD_CAST(v->bridge ? "bridge" : "ethernet"));
    if (v->mac[0])
        child_attr(iface, "mac", "address", v->mac);
    if (v->bridge)
        child_attr(iface, "source", "bridge", v->bridge);
    if (v->average) {
        char num[24];
        snprintf(num, sizeof num, "%llu", v->average);
        child_attr(xmlNewChild(iface, NULL, BAD_CAST "bandwidth", NULL), "outbound", "average", num);
    }
    if (v->ip[0]) {
        xmlNodePtr ip = xmlNewChild(iface, NULL, BAD_CAST "ip", NULL);
        xmlNewProp(ip, BAD_CAST "address", BAD_CAST v->ip);
        xmlNewProp(ip, BAD_CAST "family", BAD_CAST v->family);
    }
    if (v->script)
        child_attr(iface, "script", "path", v->script);
    if (v->vifname)
        child_attr(iface, "target", "dev", v->vifname);
    if (v->netfront)
        child_attr(iface, "model", "type", "netfront");
    else if (v->model)
        child_attr(iface, "model", "type", v->model);
    return iface;
}

/* Parses one vif (copied: strtok_r writes into it) into a new node; NULL on error. */
static xmlNodePtr vif_to_node(const char *vif, size_t len, int dialect)
{
    char local[1024];
    char *copy = len < sizeof local ? local : malloc(len + 1);
    struct vif v;
    xmlNodePtr node = NULL;
    if (!copy)
        return NULL;
    memcpy(copy, vif, len);
    copy[len] = 0;
    if (vif_parse(copy, dialect, &v) == 0)
        node = vif_node(&v);
    if (copy != local)
        free(copy);
    return node;
}

/* xmlNodeDump of the root (format 1: two-space indentation, no declaration),
 * a newline, and the attribute quotes turned into single quotes. */
static char *dump(xmlDocPtr doc, xmlNodePtr root)
{
    xmlBufferPtr buf = xmlBufferCreate();
    char *out = NULL;
    if (buf && xmlNodeDump(buf, doc, root, 0, 1) >= 0 && xmlBufferAdd(buf, BAD_CAST "\n", 1) == 0) {
        out = (char *)xmlBufferDetach(buf);
        for (char *p = out; p && (p = strchr(p, '"')) != NULL;)
            *p++ = '\'';
    }
    xmlBufferFree(buf);
    return out;
}

char *peer_vif_to_interface(const char *vif, size_t len, int dialect)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr iface = doc ? vif_to_node(vif, len, dialect) : NULL;
    char *out = NULL;
    if (iface) {
        xmlDocSetRootElement(doc, iface);
        out = dump(doc, iface);
    }
    xmlFreeDoc(doc);
    return out;
}

#ifdef HAVE_XLUTIL

static FILE *REPORT; /* libxlutil's error report: /dev/null */

/* libxlutil's parse; the config (to destroy) with the vif list, or NULL. */
static XLU_Config *config_read(const char *text, size_t len, XLU_ConfigList **list, int *n)
{
    if (!REPORT && !(REPORT = fopen("/dev/null", "w")))
        return NULL;
    if (len > INT_MAX)
        return NULL;
    XLU_Config *cfg = xlu_cfg_init(REPORT, "bench.cfg");
    if (!cfg)
        return NULL;
    if (xlu_cfg_readdata(cfg, text, (int)len) != 0 || xlu_cfg_get_list(cfg, "vif", list, n, 0) != 0) {
        xlu_cfg_destroy(cfg);
        return NULL;
    }
    return cfg;
}

long peer_config_parse(const char *text, size_t len, size_t *bytes)
{
    XLU_ConfigList *list;
    int n;
    XLU_Config *cfg = config_read(text, len, &list, &n);
    size_t total = 0;
    if (!cfg)
        return -1;
    for (int i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(list, i);
        if (!s) {
            n = -1;
            break;
        }
        total += strlen(s);
    }
    xlu_cfg_destroy(cfg);
    *bytes = total;
    return n;
}

char *peer_config_to_interfaces(const char *text, size_t len, int dialect)
{
    XLU_ConfigList *list;
    int n;
    XLU_Config *cfg = config_read(text, len, &list, &n);
    xmlDocPtr doc = NULL;
    xmlNodePtr devices = NULL;
    char *out = NULL;
    if (!cfg)
        return NULL;
    if (n == 0) { /* libxml2 would write <devices/> */
        xlu_cfg_destroy(cfg);
        return strdup("<devices>\n</devices>\n");
    }
    doc = xmlNewDoc(BAD_CAST "1.0");
    devices = doc ? xmlNewNode(NULL, BAD_CAST "devices") : NULL;
    if (!devices)
        goto out;
    xmlDocSetRootElement(doc, devices);
    for (int i = 0; i < n; i++) {
        const char *s = xlu_cfg_get_listitem(list, i);
        xmlNodePtr iface = s ? vif_to_node(s, strlen(s), dialect) : NULL;
        if (!iface)
            goto out;
        xmlAddChild(devices, iface);
    }
    out = dump(doc, devices);
out:
    xlu_cfg_destroy(cfg);
    xmlFreeDoc(doc);
    return out;
}

void peer_config_cleanup(void)
{
    if (REPORT)
        fclose(REPORT);
    REPORT = NULL;
}

#endif
