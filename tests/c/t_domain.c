/* Networks (add_network, resolver callback with userdata) and the domain
 * functions vifxml_domain_to_vifs / vifxml_domain_to_config (SPEC §1, §3,
 * §4, §6a). */
#include <stdio.h>

#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define AUTO VIFXML_GUEST_AUTO
#define HVM VIFXML_GUEST_HVM
#define PV VIFXML_GUEST_PV

#define NET(name, extra)                                                       \
    "<interface type='network'><source network='" name "'/>" extra             \
    "</interface>"

/* ---- resolver ------------------------------------------------------------ */

struct resolver_state {
    int calls;
    char last[64];      /* the last network name asked for */
    const char *answer; /* returned for every name (may be NULL) */
};

static const char *resolve_fixed(const char *network, void *userdata) {
    struct resolver_state *st = userdata;
    st->calls++;
    snprintf(st->last, sizeof st->last, "%s", network);
    return st->answer;
}

/* Answers "br" + the network name's last character, always from the same
 * buffer: the library must copy the answer before calling again (§7). */
struct buffer_state {
    int calls;
    char buf[16];
};

static const char *resolve_into_buffer(const char *network, void *userdata) {
    struct buffer_state *st = userdata;
    size_t n = strlen(network);
    st->calls++;
    sprintf(st->buf, "br%c", n ? network[n - 1] : '_');
    return st->buf;
}

static int null_ud_calls, null_ud_seen_non_null;

static const char *resolve_null_ud(const char *network, void *userdata) {
    (void)network;
    null_ud_calls++;
    if (userdata != NULL)
        null_ud_seen_non_null++;
    return "xenbr5";
}

static void network_table(void) {
    vifxml_options *o = vifxml_options_new();

    VIF_ERR(o, NET("default", ""), VIFXML_STATUS_NETWORK_UNRESOLVED, "default");
    VIF_ERR(NULL, NET("default", ""), VIFXML_STATUS_NETWORK_UNRESOLVED,
            "default");

    CHECK_STATUS(vifxml_options_add_network(o, "default", "virbr0"),
                 VIFXML_STATUS_OK);
    VIF_OK(o, NET("default", ""), "bridge=virbr0,script=vif-bridge");
    /* the bridge row applies in full: mac, ip, script, model, ... */
    CHECK_STATUS(vifxml_options_add_network(o, "lan", "br-lan"), VIFXML_STATUS_OK);
    VIF_OK(o,
           "<interface type='network'><mac address='00:16:3e:00:00:01'/>"
           "<source network='lan'/><ip address='192.0.2.9'/>"
           "<script path='vif-custom'/><model type='e1000'/></interface>",
           "mac=00:16:3e:00:00:01,bridge=br-lan,ip=192.0.2.9,script=vif-custom,"
           "model=e1000");
    /* ... including Open vSwitch */
    CHECK_STATUS(vifxml_options_add_network(o, "ovsnet", "ovsbr0"),
                 VIFXML_STATUS_OK);
    VIF_OK(o,
           NET("ovsnet", "<vlan><tag id='10'/></vlan><virtualport type='openvswitch'/>"),
           "bridge=ovsbr0.10,script=vif-openvswitch");
    VIF_ERR(o, NET("ovsnet", "<vlan><tag id='10'/></vlan>"),
            VIFXML_STATUS_UNSUPPORTED, "vlan");
    /* adding a name again replaces it */
    CHECK_STATUS(vifxml_options_add_network(o, "default", "xenbr9"),
                 VIFXML_STATUS_OK);
    VIF_OK(o, NET("default", ""), "bridge=xenbr9,script=vif-bridge");
    /* a rejected add leaves the table as it was */
    CHECK_STATUS(vifxml_options_add_network(o, "default", "bad bridge"),
                 VIFXML_STATUS_UNSAFE_VALUE);
    VIF_OK(o, NET("default", ""), "bridge=xenbr9,script=vif-bridge");
    /* names are matched exactly, after entity decoding */
    VIF_ERR(o, NET("Default", ""), VIFXML_STATUS_NETWORK_UNRESOLVED, "Default");
    VIF_OK(o, NET("l&#97;n", ""), "bridge=br-lan,script=vif-bridge");
    /* portgroup: UNSUPPORTED, strict or not */
    VIF_ERR(o,
            "<interface type='network'><source network='default' portgroup='web'/>"
            "</interface>",
            VIFXML_STATUS_UNSUPPORTED, "portgroup");
    /* other dialects */
    CHECK_STATUS(vifxml_options_set_dialect(o, SXPR), VIFXML_STATUS_OK);
    VIF_OK(o, NET("default", "<mac address='00:16:3e:00:00:01'/>"),
           "(vif (mac '00:16:3e:00:00:01')(bridge 'xenbr9')(script 'vif-bridge'))");
    vifxml_options_free(o);
}

static void network_resolver(void) {
    struct resolver_state st;
    vifxml_options *o = vifxml_options_new();
    vifxml_status s;

    memset(&st, 0, sizeof st);
    st.answer = "xenbr7";
    CHECK_STATUS(vifxml_options_set_network_resolver(o, resolve_fixed, &st),
                 VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_add_network(o, "default", "virbr0"),
                 VIFXML_STATUS_OK);

    /* the table first: the resolver is not asked */
    VIF_OK(o, NET("default", ""), "bridge=virbr0,script=vif-bridge");
    CHECK_UINT(st.calls, 0);
    /* then the resolver, given the decoded name and our userdata */
    VIF_OK(o, NET("lan&#45;2", "<mac address='00:16:3e:00:00:01'/>"),
           "mac=00:16:3e:00:00:01,bridge=xenbr7,script=vif-bridge");
    CHECK(st.calls >= 1);
    CHECK_STR(st.last, "lan-2");

    /* resolver says NULL: NETWORK_UNRESOLVED naming the network */
    st.answer = NULL;
    st.calls = 0;
    VIF_ERR(o, NET("nowhere", ""), VIFXML_STATUS_NETWORK_UNRESOLVED, "nowhere");
    CHECK(st.calls >= 1);
    CHECK_STR(st.last, "nowhere");

    /* the resolver's answer is checked at conversion */
    st.answer = "bad,bridge";
    VIF_ERR(o, NET("evil", ""), VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    st.answer = "abcdefghijklmnop";
    VIF_ERR(o, NET("evil", ""), VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    st.answer = "ovs.br";
    VIF_ERR(o, NET("evil", "<virtualport type='openvswitch'/>"),
            VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    st.answer = "ovsbr1";
    VIF_OK(o, NET("ovs", "<vlan trunk='yes'><tag id='7'/></vlan><virtualport type='openvswitch'/>"),
           "bridge=ovsbr1:7,script=vif-openvswitch");

    /* the resolver also serves the domain functions */
    st.answer = "xenbr7";
    CONV_OK(vifxml_domain_to_config, o,
            "<domain><os><type>linux</type></os><devices>"
            NET("a", "") NET("default", "") "</devices></domain>",
            "vif = [ \"bridge=xenbr7,script=vif-bridge\", "
            "\"bridge=virbr0,script=vif-bridge\" ]\n");

    /* NULL resolver: either clears it (OK) or is refused (NULL_ARGUMENT);
     * what happens next must match the status. */
    st.calls = 0;
    s = vifxml_options_set_network_resolver(o, NULL, NULL);
    CHECK(s == VIFXML_STATUS_OK || s == VIFXML_STATUS_NULL_ARGUMENT);
    if (s == VIFXML_STATUS_OK) {
        VIF_ERR(o, NET("lan", ""), VIFXML_STATUS_NETWORK_UNRESOLVED, "lan");
        CHECK_UINT(st.calls, 0);
    } else {
        VIF_OK(o, NET("lan", ""), "bridge=xenbr7,script=vif-bridge");
        CHECK(st.calls >= 1);
    }
    vifxml_options_free(o);

    /* NULL userdata is passed through untouched */
    o = vifxml_options_new();
    null_ud_calls = 0;
    null_ud_seen_non_null = 0;
    CHECK_STATUS(vifxml_options_set_network_resolver(o, resolve_null_ud, NULL),
                 VIFXML_STATUS_OK);
    VIF_OK(o, NET("x", ""), "bridge=xenbr5,script=vif-bridge");
    CHECK(null_ud_calls >= 1);
    CHECK_UINT(null_ud_seen_non_null, 0);
    vifxml_options_free(o);
}

/* The answer buffer is reused by the callback: both NICs must keep their own
 * bridge. */
static void resolver_answer_copied(void) {
    static const char *const expected[] = {
        "mac=00:16:3e:00:00:01,bridge=brA,script=vif-bridge",
        "mac=00:16:3e:00:00:02,bridge=brB,script=vif-bridge",
        "mac=00:16:3e:00:00:03,bridge=brA,script=vif-bridge"};
    struct buffer_state st;
    vifxml_options *o = OPTS(XL, PV, NO_VERSION, 0);
    memset(&st, 0, sizeof st);
    CHECK_STATUS(vifxml_options_set_network_resolver(o, resolve_into_buffer, &st),
                 VIFXML_STATUS_OK);
    VIFS_OK(o,
            "<domain type='xen'><os><type>xen</type></os><devices>"
            NET("netA", "<mac address='00:16:3e:00:00:01'/>")
            NET("netB", "<mac address='00:16:3e:00:00:02'/>")
            NET("netA", "<mac address='00:16:3e:00:00:03'/>")
            "</devices></domain>",
            expected, 3);
    CHECK(st.calls >= 2);
    vifxml_options_free(o);
}

/* ---- domains ------------------------------------------------------------- */

#define DOM(os, devices)                                                       \
    "<domain type='xen'><name>guest</name><os>" os "</os><devices>" devices     \
    "</devices></domain>"
#define NIC_E1000                                                              \
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"              \
    "<source bridge='xenbr0'/><model type='e1000'/></interface>"
#define NIC_NETFRONT                                                           \
    "<interface type='bridge'><mac address='00:16:3e:00:00:02'/>"              \
    "<source bridge='xenbr1'/><model type='netfront'/></interface>"
#define VIF_E1000 "mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge,model=e1000"
#define VIF_NF(tail) "mac=00:16:3e:00:00:02,bridge=xenbr1,script=vif-bridge," tail

static void domain_guest_detection(void) {
    static const char *const hvm[] = {VIF_E1000, VIF_NF("type=vif")};
    static const char *const pv[] = {VIF_E1000, VIF_NF("model=netfront")};
    vifxml_options *o;

    VIFS_OK(NULL, DOM("<type>hvm</type><loader>/usr/lib/xen/boot/hvmloader</loader>",
                      NIC_E1000 NIC_NETFRONT), hvm, 2);
    VIFS_OK(NULL, DOM("<type arch='x86_64' machine='xenfv'>hvm</type>",
                      NIC_E1000 NIC_NETFRONT), hvm, 2);
    VIFS_OK(NULL, DOM("<type>linux</type>", NIC_E1000 NIC_NETFRONT), pv, 2);
    VIFS_OK(NULL, DOM("<type>xen</type>", NIC_E1000 NIC_NETFRONT), pv, 2);
    VIFS_OK(NULL, DOM("<type>xenpvh</type>", NIC_E1000 NIC_NETFRONT), pv, 2);
    VIFS_OK(NULL, DOM("<type machine='xenpvh'>xen</type>", NIC_E1000 NIC_NETFRONT),
            pv, 2);
    /* pv: ioemu is refused */
    VIFS_ERR(NULL,
             DOM("<type>xen</type>",
                 "<interface type='bridge'><source bridge='br0'/>"
                 "<model type='ioemu'/></interface>"),
             VIFXML_STATUS_UNSUPPORTED, "ioemu");

    /* an explicit guest option wins */
    o = OPTS(XL, PV, NO_VERSION, 0);
    VIFS_OK(o, DOM("<type>hvm</type>", NIC_E1000 NIC_NETFRONT), pv, 2);
    vifxml_options_free(o);
    o = OPTS(XL, HVM, NO_VERSION, 0);
    VIFS_OK(o, DOM("<type>linux</type>", NIC_E1000 NIC_NETFRONT), hvm, 2);
    /* ... and makes <os><type> unnecessary */
    VIFS_OK(o, "<domain type='xen'><devices>" NIC_E1000 NIC_NETFRONT
               "</devices></domain>", hvm, 2);
    vifxml_options_free(o);
    /* auto without <os><type>: INVALID */
    VIFS_ERR(NULL, "<domain type='xen'><devices>" NIC_E1000 "</devices></domain>",
             VIFXML_STATUS_INVALID, "type");
    VIFS_ERR(NULL, "<domain type='xen'><os/><devices>" NIC_E1000
                   "</devices></domain>",
             VIFXML_STATUS_INVALID, "type");
}

static void domain_vifs(void) {
    static const char *const one[] = {"bridge=br0,script=vif-bridge"};
    char **vifs = SENTINEL_STRS;
    size_t count = SENTINEL_COUNT;
    vifxml_error *err = SENTINEL_ERR;
    static const char empty[] = DOM("<type>hvm</type>", "");
    char *buf = exact_copy(empty, strlen(empty));

    /* no interfaces: OK, count 0, non-NULL array holding only NULL */
    CHECK_STATUS(vifxml_domain_to_vifs(buf, strlen(empty), NULL, &vifs, &count, &err),
                 VIFXML_STATUS_OK);
    CHECK_UINT(count, 0);
    CHECK(vifs != NULL && vifs != SENTINEL_STRS);
    if (vifs != NULL && vifs != SENTINEL_STRS)
        CHECK(vifs[0] == NULL);
    CHECK(err == NULL);
    if (vifs != SENTINEL_STRS && count != SENTINEL_COUNT)
        vifxml_strings_free(vifs, count);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
    free(buf);
    VIFS_OK(NULL, "<domain><os><type>hvm</type></os></domain>", NULL, 0);
    VIFS_OK(NULL, "<domain><os><type>hvm</type></os><devices/></domain>", NULL, 0);

    /* only devices/interface is looked at, in document order */
    VIFS_OK(NULL,
            "<domain type='xen'>"
            "<metadata><interface type='bogus'><mac address='x'/></interface></metadata>"
            "<os><type>hvm</type></os><interface type='user'/>"
            "<devices><disk type='file' device='disk'><source file='/x'/>"
            "<target dev='xvda'/></disk>"
            "<interface type='bridge'><source bridge='br0'/></interface>"
            "<hostdev mode='subsystem' type='pci'/><graphics type='vnc'/>"
            "</devices><seclabel type='none'/></domain>",
            one, 1);

    /* an error in one interface fails the whole call, pointing into it */
    {
        static const char bad[] =
            DOM("<type>hvm</type>",
                "<interface type='bridge'><source bridge='br0'/></interface>"
                "<interface type='bridge'><source bridge='br 1'/></interface>");
        size_t at = offset_of(bad, "<interface type='bridge'><source bridge='br 1'/>");
        VIFS_ERR(NULL, bad, VIFXML_STATUS_UNSAFE_VALUE, "bridge");
        CONV_ERR_AT(vifxml_domain_to_config, NULL, bad, VIFXML_STATUS_UNSAFE_VALUE,
                    "bridge", at,
                    at + strlen("<interface type='bridge'><source bridge='br 1'/>"
                                "</interface>"));
    }
    VIFS_ERR(NULL, DOM("<type>hvm</type>", "<interface type='none'/>"),
             VIFXML_STATUS_UNSUPPORTED, "netfront");
    VIFS_ERR(NULL, DOM("<type>hvm</type>", NET("unknown-net", "")),
             VIFXML_STATUS_NETWORK_UNRESOLVED, "unknown-net");
    /* wrong root, syntax */
    VIFS_ERR(NULL, "<interface type='bridge'><source bridge='br0'/></interface>",
             VIFXML_STATUS_INVALID, "interface");
    VIFS_ERR(NULL, "<domain><os><type>hvm</type></os><devices>",
             VIFXML_STATUS_XML_SYNTAX, NULL);
    VIFS_ERR(NULL, "<domain>\xff</domain>", VIFXML_STATUS_INVALID_UTF8, NULL);
    /* a repeated singleton inside one interface */
    VIFS_ERR(NULL,
             DOM("<type>hvm</type>",
                 "<interface type='bridge'><source bridge='br0'/>"
                 "<source bridge='br1'/></interface>"),
             VIFXML_STATUS_INVALID, "source");
}

static void domain_config(void) {
    static const char two[] = DOM("<type>hvm</type>", NIC_E1000 NIC_NETFRONT);
    static const char none[] = DOM("<type>hvm</type>", "");
    vifxml_options *o;

    /* xl */
    CONV_OK(vifxml_domain_to_config, NULL, two,
            "vif = [ \"" VIF_E1000 "\", \"" VIF_NF("type=vif") "\" ]\n");
    CONV_OK(vifxml_domain_to_config, NULL,
            DOM("<type>linux</type>", "<interface type='bridge'><source bridge='br0'/>"
                "<ip address='10.0.0.1'/><ip address='10.0.0.2'/></interface>"),
            "vif = [ \"bridge=br0,ip=10.0.0.1 10.0.0.2,script=vif-bridge\" ]\n");
    CONV_OK(vifxml_domain_to_config, NULL, none, "vif = []\n");
    CONV_OK(vifxml_domain_to_config, NULL,
            DOM("<type>linux</type>", "<interface type='ethernet'/>"),
            "vif = [ \"\" ]\n");

    /* xm, Xen 3.0.2: type=ioemu appended for the emulated model */
    o = OPTS(XM, AUTO, XEN(3, 0, 2), 0);
    CONV_OK(vifxml_domain_to_config, o, two,
            "vif = [ \"" VIF_E1000 ",type=ioemu\", \"" VIF_NF("type=netfront")
            "\" ]\n");
    CONV_OK(vifxml_domain_to_config, o, none, "vif = []\n");
    vifxml_options_free(o);

    /* sxpr: (device (vif ...)) items concatenated, then a newline */
    o = OPTS(SXPR, AUTO, NO_VERSION, 0);
    CONV_OK(vifxml_domain_to_config, o, two,
            "(device (vif (mac '00:16:3e:00:00:01')(bridge 'xenbr0')"
            "(script 'vif-bridge')(model 'e1000')))"
            "(device (vif (mac '00:16:3e:00:00:02')(bridge 'xenbr1')"
            "(script 'vif-bridge')(type netfront)))\n");
    CONV_OK(vifxml_domain_to_config, o,
            DOM("<type>linux</type>", "<interface type='bridge'><source bridge='br0'/>"
                "</interface>"),
            "(device (vif (bridge 'br0')(script 'vif-bridge')))\n");
    CONV_OK(vifxml_domain_to_config, o, none, "\n");
    vifxml_options_free(o);

    /* domain_to_vifs gives the sxpr (vif ...) form, unwrapped */
    {
        static const char *const sx[] = {
            "(vif (mac '00:16:3e:00:00:01')(bridge 'xenbr0')(script 'vif-bridge')"
            "(model 'e1000')(type ioemu))",
            "(vif (mac '00:16:3e:00:00:02')(bridge 'xenbr1')(script 'vif-bridge')"
            "(type netfront))"};
        o = OPTS(SXPR, AUTO, XEN(3, 0, 3), 0);
        VIFS_OK(o, two, sx, 2);
        vifxml_options_free(o);
    }

    /* errors */
    CONV_ERR(vifxml_domain_to_config, NULL,
             "<interface type='bridge'><source bridge='br0'/></interface>",
             VIFXML_STATUS_INVALID, "interface");
    CONV_ERR(vifxml_domain_to_config, NULL,
             "<domain type='xen'><devices>" NIC_E1000 "</devices></domain>",
             VIFXML_STATUS_INVALID, "type");
    CONV_ERR(vifxml_domain_to_config, NULL, "", VIFXML_STATUS_XML_SYNTAX, NULL);
}

void test_networks(void) {
    network_table();
    network_resolver();
    resolver_answer_copied();
}

void test_domain(void) {
    domain_guest_detection();
    domain_vifs();
    domain_config();
}
