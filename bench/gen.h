/*
 * Benchmark inputs, generated in memory so that no large file is kept in the
 * repository.  benches/convert.rs (criterion) writes byte-for-byte the same
 * documents; `bench_c gen N` prints them.
 *
 * The single interface is the one the targets are stated for: bridge, mac,
 * model e1000, target dev.  A domain of N NICs is an HVM guest whose NICs cycle
 * through four shapes, so that every field the baseline queries is exercised:
 *
 *   i % 4 == 0   bridge, mac, target dev, model e1000
 *   i % 4 == 1   ... plus <ip address>
 *   i % 4 == 2   ... plus <bandwidth><outbound average>
 *   i % 4 == 3   ... plus <script path>
 */
#ifndef VIFXML_BENCH_GEN_H
#define VIFXML_BENCH_GEN_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char BENCH_INTERFACE[] =
    "<interface type='bridge'>\n"
    "  <mac address='00:16:3e:66:92:9c'/>\n"
    "  <source bridge='xenbr1'/>\n"
    "  <model type='e1000'/>\n"
    "  <target dev='web0'/>\n"
    "</interface>\n";

/* What every dialect makes of BENCH_INTERFACE (xm as Xen 4.4: no type=ioemu). */
static const char BENCH_INTERFACE_XL[] =
    "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000,vifname=web0";
static const char BENCH_INTERFACE_SXPR[] =
    "(vif (mac '00:16:3e:66:92:9c')(bridge 'xenbr1')(script 'vif-bridge')"
    "(vifname 'web0')(model 'e1000'))";

static const char BENCH_DOMAIN_HEAD[] =
    "<domain type='xen'>\n"
    "  <name>bench</name>\n"
    "  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n"
    "  <memory unit='KiB'>1048576</memory>\n"
    "  <vcpu>2</vcpu>\n"
    "  <os>\n"
    "    <type arch='x86_64' machine='xenfv'>hvm</type>\n"
    "    <loader>/usr/lib/xen/boot/hvmloader</loader>\n"
    "    <boot dev='hd'/>\n"
    "  </os>\n"
    "  <devices>\n"
    "    <emulator>/usr/lib/xen/bin/qemu-system-i386</emulator>\n"
    "    <disk type='file' device='disk'>\n"
    "      <source file='/var/lib/xen/images/bench.img'/>\n"
    "      <target dev='hda' bus='ide'/>\n"
    "    </disk>\n";

static const char BENCH_DOMAIN_TAIL[] =
    "    <graphics type='vnc' port='-1' autoport='yes'/>\n"
    "  </devices>\n"
    "</domain>\n";

struct bench_buf {
    char *data;
    size_t len, cap;
};

static void bench_buf_printf(struct bench_buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            perror("vsnprintf");
            exit(2);
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap * 2 + (size_t)n + 1;
        b->data = realloc(b->data, b->cap);
        if (!b->data) {
            perror("realloc");
            exit(2);
        }
    }
}

/* One NIC of the generated domain, indented for <devices>. */
static void bench_nic(struct bench_buf *b, unsigned i)
{
    bench_buf_printf(b,
                     "    <interface type='bridge'>\n"
                     "      <mac address='00:16:3e:%02x:%02x:%02x'/>\n"
                     "      <source bridge='xenbr%u'/>\n",
                     (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, i % 4);
    switch (i % 4) {
    case 1:
        bench_buf_printf(b, "      <ip address='192.0.2.%u'/>\n", i % 250 + 1);
        break;
    case 2:
        bench_buf_printf(b, "      <bandwidth>\n"
                            "        <outbound average='10240'/>\n"
                            "      </bandwidth>\n");
        break;
    case 3:
        bench_buf_printf(b, "      <script path='/etc/xen/scripts/vif-custom'/>\n");
        break;
    }
    bench_buf_printf(b,
                     "      <target dev='nic%u'/>\n"
                     "      <model type='e1000'/>\n"
                     "    </interface>\n",
                     i);
}

/* A NUL-terminated <domain> with `nics` interfaces; *len gets its length. */
static char *bench_domain(unsigned nics, size_t *len)
{
    struct bench_buf b = {malloc(4096), 0, 4096};
    if (!b.data) {
        perror("malloc");
        exit(2);
    }
    bench_buf_printf(&b, "%s", BENCH_DOMAIN_HEAD);
    for (unsigned i = 0; i < nics; i++)
        bench_nic(&b, i);
    bench_buf_printf(&b, "%s", BENCH_DOMAIN_TAIL);
    *len = b.len;
    return b.data;
}

/* ---- reverse inputs: vif strings and xl/xm config files ----
 *
 * Written directly (not vifxml's own forward output), so that the reverse
 * paths read what people write: every key the conversion translates for a
 * bridged NIC appears (mac, bridge, ip, script, model, type, vifname, rate).
 * Entry i of a config cycles through four shapes:
 *
 *   i % 4 == 0   mac, bridge, script=vif-bridge, model=e1000, vifname
 *   i % 4 == 1   ... plus ip=192.0.2.N (before script, as xl writes it)
 *   i % 4 == 2   ... plus rate=10MB/s (<outbound average='10000'>)
 *   i % 4 == 3   mac, bridge, script=/etc/xen/scripts/vif-custom, type=vif
 *                (xm: type=netfront) instead of model, vifname, rate=100Mb/s
 *                (12500 KB/s)
 *
 * The single vifs: BENCH_VIF is what every dialect makes of BENCH_INTERFACE
 * (the vif the numbers were measured on); BENCH_VIF_RICH has the keys
 * of all four shapes but type.
 */

static const char BENCH_VIF[] =
    "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000,vifname=web0";
static const char BENCH_VIF_RICH[] =
    "mac=00:16:3e:66:92:9c,bridge=xenbr1,ip=192.0.2.10,script=vif-bridge,model=e1000,"
    "vifname=web0,rate=10MB/s";

/* Entry i of a generated config (dialect 0 = xl, 1 = xm), without quotes. */
static void bench_vif_entry(struct bench_buf *b, unsigned i, int dialect)
{
    bench_buf_printf(b, "mac=00:16:3e:%02x:%02x:%02x,bridge=xenbr%u,", (i >> 16) & 0xff,
                     (i >> 8) & 0xff, i & 0xff, i % 4);
    switch (i % 4) {
    case 0:
        bench_buf_printf(b, "script=vif-bridge,model=e1000,vifname=nic%u", i);
        break;
    case 1:
        bench_buf_printf(b, "ip=192.0.2.%u,script=vif-bridge,model=e1000,vifname=nic%u",
                         i % 250 + 1, i);
        break;
    case 2:
        bench_buf_printf(b, "script=vif-bridge,model=e1000,vifname=nic%u,rate=10MB/s", i);
        break;
    default:
        bench_buf_printf(b, "script=/etc/xen/scripts/vif-custom,type=%s,vifname=nic%u,rate=100Mb/s",
                         dialect == 1 ? "netfront" : "vif", i);
        break;
    }
}

static const char BENCH_CONFIG_HEAD[] =
    "# bench: an HVM guest\n"
    "name = \"bench\"\n"
    "type = \"hvm\"\n"
    "memory = 1024\n"
    "vcpus = 2\n"
    "disk = [ \"file:/var/lib/xen/images/bench.img,hda,w\" ]\n"
    "vnc = 1\n";

/* A NUL-terminated xl (dialect 0) or xm (1) config with `entries` vif entries,
 * one per line; *len gets its length. */
static char *bench_config(unsigned entries, int dialect, size_t *len)
{
    struct bench_buf b = {malloc(4096), 0, 4096};
    if (!b.data) {
        perror("malloc");
        exit(2);
    }
    bench_buf_printf(&b, "%s", BENCH_CONFIG_HEAD);
    bench_buf_printf(&b, "vif = [");
    for (unsigned i = 0; i < entries; i++) {
        bench_buf_printf(&b, "%s\n    \"", i ? "," : "");
        bench_vif_entry(&b, i, dialect);
        bench_buf_printf(&b, "\"");
    }
    bench_buf_printf(&b, "\n]\n");
    *len = b.len;
    return b.data;
}

#endif
