/*
 * Baseline: the forward conversion (<interface>/<domain> -> vif) written the
 * libvirt way, to measure vifxml against.
 *
 *   - xmlReadMemory builds a DOM of the whole document;
 *   - an XPath context; for a domain, `//devices/interface` gives the NICs and
 *     the context node is moved to each in turn (libvirt's virDomainDefParseXML
 *     sets ctxt->node per device the same way);
 *   - one `string(./.../@...)` XPath query per field, each strdup'ed when not
 *     empty (libvirt's virXPathString: xmlXPathEval, then g_strdup);
 *   - the MAC is parsed and re-printed (virMacAddrParse/virMacAddrFormat), the
 *     average parsed as an unsigned number (virStrToLong_ui), an IP parsed and
 *     re-printed with inet_pton/inet_ntop (libvirt's virSocketAddrParse is
 *     getaddrinfo, which is slower: this is a lower bound);
 *   - snprintf into a growing buffer (virBuffer) builds `mac=...,bridge=...`.
 *
 * It validates far less than vifxml (no safety checks on names and paths, no
 * duplicate-element or unknown-type detection): the comparison favours the
 * baseline.  It handles the shapes the benchmark generates (bridge/ethernet,
 * mac, one ip, script, model, target dev, outbound average), and bench/run.sh
 * checks that its output is byte-for-byte vifxml's for every dialect and size.
 */
#define _POSIX_C_SOURCE 200809L

#include "baseline.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* virBuffer, in short. */
struct buf {
    char *data;
    size_t len, cap;
    int failed;
};

static void buf_add(struct buf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data ? b->data + b->len : NULL, b->data ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->data && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap ? b->cap : 64);
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
}

static char *buf_finish(struct buf *b)
{
    if (b->failed || !b->data) {
        free(b->data);
        return NULL;
    }
    return b->data;
}

/* virXPathString: the string value of an XPath expression; NULL when empty. */
static char *xpath_string(const char *expr, xmlXPathContextPtr ctxt)
{
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST expr, ctxt);
    char *ret = NULL;
    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
        ret = strdup((const char *)obj->stringval);
    xmlXPathFreeObject(obj);
    return ret;
}

struct nic {
    char *type, *mac, *bridge, *script, *model, *target, *ip, *average;
};

static void nic_clear(struct nic *n)
{
    free(n->type);
    free(n->mac);
    free(n->bridge);
    free(n->script);
    free(n->model);
    free(n->target);
    free(n->ip);
    free(n->average);
    memset(n, 0, sizeof *n);
}

/* One query per field, relative to ctxt->node (the <interface>). */
static void nic_parse(struct nic *n, xmlXPathContextPtr ctxt)
{
    n->type = xpath_string("string(./@type)", ctxt);
    n->mac = xpath_string("string(./mac/@address)", ctxt);
    n->bridge = xpath_string("string(./source/@bridge)", ctxt);
    n->script = xpath_string("string(./script/@path)", ctxt);
    n->model = xpath_string("string(./model/@type)", ctxt);
    n->target = xpath_string("string(./target/@dev)", ctxt);
    n->ip = xpath_string("string(./ip/@address)", ctxt);
    n->average = xpath_string("string(./bandwidth/outbound/@average)", ctxt);
}

/* Appends one vif (xl/xm string or sxpr expression); 0 on success. */
static int nic_format(struct buf *b, const struct nic *n, int dialect, int hvm)
{
    char mac[18] = "", ip[INET6_ADDRSTRLEN] = "";
    unsigned long average = 0;
    const char *script = NULL;

    if (!n->type)
        return -1;
    if (n->mac) {
        unsigned o[6];
        char tail;
        if (sscanf(n->mac, "%x:%x:%x:%x:%x:%x%c", &o[0], &o[1], &o[2], &o[3], &o[4], &o[5], &tail) != 6)
            return -1;
        snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", o[0] & 0xff, o[1] & 0xff,
                 o[2] & 0xff, o[3] & 0xff, o[4] & 0xff, o[5] & 0xff);
    }
    if (n->ip) {
        unsigned char addr[sizeof(struct in6_addr)];
        int family = strchr(n->ip, ':') ? AF_INET6 : AF_INET;
        if (inet_pton(family, n->ip, addr) != 1 || !inet_ntop(family, addr, ip, sizeof ip))
            return -1;
    }
    if (n->average) {
        char *end;
        average = strtoul(n->average, &end, 10);
        if (*end || average == 0)
            return -1;
    }
    if (strcmp(n->type, "bridge") == 0) {
        if (!n->bridge)
            return -1;
        script = n->script ? n->script : "vif-bridge";
    } else if (strcmp(n->type, "ethernet") == 0) {
        script = n->script;
    } else {
        return -1;
    }
    /* vifname: libvirt drops Xen's generated names. */
    const char *vifname = n->target;
    if (vifname && (strncmp(vifname, "vif", 3) == 0 || strncmp(vifname, "vnet", 4) == 0))
        vifname = NULL;
    const char *model = n->model, *type = NULL;
    if (model && strcmp(model, "netfront") == 0) {
        if (hvm) {
            type = dialect == BASELINE_XL ? "vif" : "netfront";
            model = NULL;
        }
    } else if (model && strcmp(model, "ioemu") == 0) {
        type = "ioemu";
        model = NULL;
    }

    if (dialect == BASELINE_SXPR) {
        buf_add(b, "(vif");
        const char *sep = " ";
        if (n->mac) {
            buf_add(b, "%s(mac '%s')", sep, mac);
            sep = "";
        }
        if (n->average) {
            buf_add(b, "%s(rate '%luKB/s')", sep, average);
            sep = "";
        }
        if (n->bridge && strcmp(n->type, "bridge") == 0) {
            buf_add(b, "%s(bridge '%s')", sep, n->bridge);
            sep = "";
        }
        if (script) {
            buf_add(b, "%s(script '%s')", sep, script);
            sep = "";
        }
        if (n->ip) {
            buf_add(b, "%s(ip '%s')", sep, ip);
            sep = "";
        }
        if (vifname) {
            buf_add(b, "%s(vifname '%s')", sep, vifname);
            sep = "";
        }
        if (model) {
            buf_add(b, "%s(model '%s')", sep, model);
            sep = "";
        }
        if (type)
            buf_add(b, "%s(type %s)", sep, type);
        buf_add(b, ")");
        return 0;
    }

    const char *sep = "";
    if (n->mac) {
        buf_add(b, "mac=%s", mac);
        sep = ",";
    }
    if (strcmp(n->type, "bridge") == 0) {
        buf_add(b, "%sbridge=%s", sep, n->bridge);
        sep = ",";
        if (n->ip)
            buf_add(b, ",ip=%s", ip);
        buf_add(b, ",script=%s", script);
    } else {
        if (script) {
            buf_add(b, "%sscript=%s", sep, script);
            sep = ",";
        }
        if (n->ip) {
            buf_add(b, "%sip=%s", sep, ip);
            sep = ",";
        }
    }
    if (model) {
        buf_add(b, "%smodel=%s", sep, model);
        sep = ",";
    }
    if (type) {
        buf_add(b, "%stype=%s", sep, type);
        sep = ",";
    }
    if (vifname) {
        buf_add(b, "%svifname=%s", sep, vifname);
        sep = ",";
    }
    if (n->average)
        buf_add(b, "%srate=%luKB/s", sep, average);
    return 0;
}

void baseline_init(void)
{
    xmlInitParser();
}

void baseline_cleanup(void)
{
    xmlCleanupParser();
}

static xmlDocPtr parse(const char *xml, size_t len, const char *url, const char *root,
                       xmlXPathContextPtr *ctxt)
{
    if (len > 0x7fffffff)
        return NULL;
    /* virXMLParseHelper's options. */
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, url, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    if (!doc)
        return NULL;
    xmlNodePtr node = xmlDocGetRootElement(doc);
    if (!node || !xmlStrEqual(node->name, BAD_CAST root) || !(*ctxt = xmlXPathNewContext(doc))) {
        xmlFreeDoc(doc);
        return NULL;
    }
    (*ctxt)->node = node;
    return doc;
}

char *baseline_interface_to_vif(const char *xml, size_t len, int dialect)
{
    xmlXPathContextPtr ctxt = NULL;
    xmlDocPtr doc = parse(xml, len, "interface.xml", "interface", &ctxt);
    if (!doc)
        return NULL;
    struct nic n = {0};
    struct buf b = {0};
    nic_parse(&n, ctxt);
    if (nic_format(&b, &n, dialect, 1) < 0)
        b.failed = 1;
    nic_clear(&n);
    xmlXPathFreeContext(ctxt);
    xmlFreeDoc(doc);
    return buf_finish(&b);
}

char *baseline_domain_to_config(const char *xml, size_t len, int dialect)
{
    xmlXPathContextPtr ctxt = NULL;
    xmlDocPtr doc = parse(xml, len, "domain.xml", "domain", &ctxt);
    if (!doc)
        return NULL;
    struct buf b = {0};
    char *os_type = xpath_string("string(./os/type)", ctxt);
    int hvm = os_type && strcmp(os_type, "hvm") == 0;
    free(os_type);

    xmlXPathObjectPtr nodes = xmlXPathEval(BAD_CAST "//devices/interface", ctxt);
    int count = nodes && nodes->type == XPATH_NODESET && nodes->nodesetval
                    ? nodes->nodesetval->nodeNr
                    : 0;
    if (dialect != BASELINE_SXPR)
        buf_add(&b, "vif = [");
    for (int i = 0; i < count && !b.failed; i++) {
        struct nic n = {0};
        ctxt->node = nodes->nodesetval->nodeTab[i];
        nic_parse(&n, ctxt);
        if (dialect == BASELINE_SXPR) {
            buf_add(&b, "(device ");
            if (nic_format(&b, &n, dialect, hvm) < 0)
                b.failed = 1;
            buf_add(&b, ")");
        } else {
            buf_add(&b, i == 0 ? " \"" : ", \"");
            if (nic_format(&b, &n, dialect, hvm) < 0)
                b.failed = 1;
            buf_add(&b, "\"");
        }
        nic_clear(&n);
    }
    if (dialect == BASELINE_SXPR)
        buf_add(&b, "\n");
    else
        buf_add(&b, count ? " ]\n" : "]\n");
    xmlXPathFreeObject(nodes);
    xmlXPathFreeContext(ctxt);
    xmlFreeDoc(doc);
    return buf_finish(&b);
}
