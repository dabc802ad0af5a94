/* vifxml_vif_to_interface: vif strings (xm/xl) and (vif ...) expressions
 * (sxpr) to canonical <interface> XML (SPEC §5, §6a). */
#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define HVM VIFXML_GUEST_HVM
#define PV VIFXML_GUEST_PV

#define VIF_SYNTAX VIFXML_STATUS_VIF_SYNTAX
#define INVALID VIFXML_STATUS_INVALID

/* canonical pieces */
#define IF_BRIDGE "<interface type='bridge'>\n"
#define IF_ETH "<interface type='ethernet'>\n"
#define IF_END "</interface>\n"
#define MAC(m) "  <mac address='" m "'/>\n"
#define SRC(b) "  <source bridge='" b "'/>\n"
#define SCRIPT(s) "  <script path='" s "'/>\n"
#define MODEL(m) "  <model type='" m "'/>\n"
#define IP4(a) "  <ip address='" a "' family='ipv4'/>\n"
#define IP6(a) "  <ip address='" a "' family='ipv6'/>\n"
#define RATE(n) "  <bandwidth>\n    <outbound average='" n "'/>\n  </bandwidth>\n"
#define OVS "  <virtualport type='openvswitch'/>\n"

static void basics(void) {
    /* conformance xl-fullvirt-ovmf */
    XML_OK(NULL, "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000",
           IF_BRIDGE MAC("00:16:3e:66:92:9c") SRC("xenbr1") SCRIPT("vif-bridge")
               MODEL("e1000") IF_END);
    /* spaces and tabs around items, empty items; MAC normalised */
    XML_OK(NULL, " mac=00-16-3E-66-92-9C ,\t, bridge=xenbr1,,",
           IF_BRIDGE MAC("00:16:3e:66:92:9c") SRC("xenbr1") IF_END);
    XML_OK(NULL, "mac=0:16:3e:6:9:c", IF_ETH MAC("00:16:3e:06:09:0c") IF_END);
    /* nothing to say */
    XML_OK(NULL, "", IF_ETH IF_END);
    XML_OK(NULL, " , ,", IF_ETH IF_END);
    /* no bridge: ethernet, script kept */
    XML_OK(NULL, "mac=00:11:22:33:44:55,script=vif-routed,ip=172.14.5.6",
           IF_ETH MAC("00:11:22:33:44:55") IP4("172.14.5.6") SCRIPT("vif-routed")
               IF_END);
    /* several ips, canonical IPv6 */
    XML_OK(NULL, "bridge=xenbr1,ip=10.0.0.1 10.1.1.1 2000:0:0::1,type=vif",
           IF_BRIDGE SRC("xenbr1") IP4("10.0.0.1") IP4("10.1.1.1") IP6("2000::1")
               MODEL("netfront") IF_END);
    /* every element, keys in scrambled order: libvirt's element order */
    XML_OK(NULL,
           "mtu=9000,backend=drv,model=e1000,vifname=web0,rate=100KB/s,"
           "script=vif-openvswitch,ip=192.0.2.1,bridge=ovsbr0.5,"
           "mac=00:16:3e:00:00:01",
           IF_BRIDGE MAC("00:16:3e:00:00:01") SRC("ovsbr0")
               "  <vlan>\n    <tag id='5'/>\n  </vlan>\n" OVS RATE("100")
                   IP4("192.0.2.1") SCRIPT("vif-openvswitch")
                       "  <backenddomain name='drv'/>\n"
                       "  <target dev='web0'/>\n" MODEL("e1000")
                       "  <mtu size='9000'/>\n" IF_END);
    /* backend 0 is dom0: nothing */
    XML_OK(NULL, "bridge=br0,backend=0", IF_BRIDGE SRC("br0") IF_END);
    /* generated names are kept on the way back */
    XML_OK(NULL, "vifname=vif1.0", IF_ETH "  <target dev='vif1.0'/>\n" IF_END);
    /* mtu is read whatever the dialect */
    {
        vifxml_options *o = OPTS(XM, HVM, XEN(3, 0, 2), 0);
        XML_OK(o, "bridge=br0,mtu=1500",
               IF_BRIDGE SRC("br0") "  <mtu size='1500'/>\n" IF_END);
        vifxml_options_free(o);
    }
}

static void type_key(void) {
    vifxml_options *xm = OPTS(XM, HVM, NO_VERSION, 0);
    /* xl: type=vif is netfront, whatever model= says */
    XML_OK(NULL, "bridge=br0,model=e1000,type=vif",
           IF_BRIDGE SRC("br0") MODEL("netfront") IF_END);
    XML_OK(NULL, "type=vif,model=e1000", IF_ETH MODEL("netfront") IF_END);
    /* ioemu is the HVM default: nothing (the model stays) */
    XML_OK(NULL, "bridge=br0,model=e1000,type=ioemu",
           IF_BRIDGE SRC("br0") MODEL("e1000") IF_END);
    XML_OK(NULL, "bridge=br0,type=ioemu", IF_BRIDGE SRC("br0") IF_END);
    /* xm: netfront and none */
    XML_OK(xm, "bridge=br0,type=netfront", IF_BRIDGE SRC("br0") MODEL("netfront") IF_END);
    XML_OK(xm, "bridge=br0,type=none,model=rtl8139",
           IF_BRIDGE SRC("br0") MODEL("netfront") IF_END);
    XML_OK(xm, "bridge=br0,type=ioemu", IF_BRIDGE SRC("br0") IF_END);
    /* a value of another dialect, or unknown */
    XML_ERR(NULL, "bridge=br0,type=netfront", VIF_SYNTAX, "netfront");
    XML_ERR(NULL, "bridge=br0,type=none", VIF_SYNTAX, "none");
    XML_ERR(xm, "bridge=br0,type=vif", VIF_SYNTAX, "vif");
    XML_ERR(NULL, "bridge=br0,type=e1000", VIF_SYNTAX, "e1000");
    XML_ERR(xm, "bridge=br0,type=IOEMU", VIF_SYNTAX, "IOEMU");
    vifxml_options_free(xm);
}

static void open_vswitch(void) {
    XML_OK(NULL, "bridge=ovsbr0:42:43,script=/etc/xen/scripts/vif-openvswitch",
           IF_BRIDGE SRC("ovsbr0")
               "  <vlan trunk='yes'>\n    <tag id='42'/>\n    <tag id='43'/>\n"
               "  </vlan>\n" OVS SCRIPT("/etc/xen/scripts/vif-openvswitch") IF_END);
    XML_OK(NULL, "bridge=ovsbr0:42,script=vif-openvswitch",
           IF_BRIDGE SRC("ovsbr0") "  <vlan trunk='yes'>\n    <tag id='42'/>\n"
                                   "  </vlan>\n" OVS SCRIPT("vif-openvswitch") IF_END);
    /* split at the last '.': the bridge left, "ovs.br", may not hold a '.'
     * under Open vSwitch (§3 safety rules apply in reverse too) */
    XML_ERR(NULL, "bridge=ovs.br.7,script=vif-openvswitch",
            VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    /* not the openvswitch script, or tags not numeric: the bridge is whole */
    XML_OK(NULL, "bridge=br0.42,script=vif-bridge",
           IF_BRIDGE SRC("br0.42") SCRIPT("vif-bridge") IF_END);
    XML_OK(NULL, "bridge=br0.42", IF_BRIDGE SRC("br0.42") IF_END);
}

static void rates(void) {
    XML_OK(NULL, "rate=10240KB/s", IF_ETH RATE("10240") IF_END);
    XML_OK(NULL, "rate=10MB/s", IF_ETH RATE("10000") IF_END);
    XML_OK(NULL, "rate=1GB/s", IF_ETH RATE("1000000") IF_END);
    XML_OK(NULL, "rate=1Gb/s", IF_ETH RATE("125000") IF_END);
    XML_OK(NULL, "rate=1Mb/s", IF_ETH RATE("125") IF_END);
    XML_OK(NULL, "rate=8Kb/s", IF_ETH RATE("1") IF_END);
    XML_OK(NULL, "rate=9Kb/s", IF_ETH RATE("2") IF_END);    /* 1.125 up */
    XML_OK(NULL, "rate=1001B/s", IF_ETH RATE("2") IF_END);  /* 1.001 up */
    XML_OK(NULL, "rate=1b/s", IF_ETH RATE("1") IF_END);     /* at least 1 */
    XML_OK(NULL, "rate=4294967295KB/s", IF_ETH RATE("4294967295") IF_END);
    XML_OK(NULL, "rate=0010KB/s", IF_ETH RATE("10") IF_END);
    /* an interval is dropped unless strict */
    XML_OK(NULL, "rate=10240KB/s@20ms", IF_ETH RATE("10240") IF_END);
    {
        vifxml_options *s = OPTS(XL, HVM, NO_VERSION, 1);
        XML_ERR(s, "rate=10240KB/s@20ms", VIFXML_STATUS_UNSUPPORTED, "20ms");
        XML_OK(s, "rate=10240KB/s", IF_ETH RATE("10240") IF_END);
        vifxml_options_free(s);
    }
    /* out of range: INVALID; malformed: VIF_SYNTAX */
    XML_ERR(NULL, "rate=0KB/s", INVALID, "rate");
    XML_ERR(NULL, "rate=4294967296KB/s", INVALID, "rate");
    XML_ERR(NULL, "rate=4294967296000B/s", INVALID, "rate");
    XML_ERR(NULL, "rate=10", VIF_SYNTAX, "rate");
    XML_ERR(NULL, "rate=10KB", VIF_SYNTAX, "rate");
    XML_ERR(NULL, "rate=KB/s", VIF_SYNTAX, "rate");
    XML_ERR(NULL, "rate=10kB/s", VIF_SYNTAX, "rate");
    XML_ERR(NULL, "rate=1.5MB/s", VIF_SYNTAX, "rate");
    XML_ERR(NULL, "rate=-1KB/s", VIF_SYNTAX, "rate");
}

static void syntax_errors(void) {
    static const char unknown[] = "mac=00:16:3e:00:00:01,bogus=1";
    static const char bare[] = "bridge=br0,flag";
    static const char repeated[] = "bridge=br0,bridge=br1";
    vifxml_options *s = OPTS(XL, HVM, NO_VERSION, 1);
    vifxml_options *xm = OPTS(XM, PV, NO_VERSION, 0);
    vifxml_options *xm_s = OPTS(XM, PV, NO_VERSION, 1);

    /* unknown key / item without '=': named, with its offset */
    CONV_ERR_AT(vifxml_vif_to_interface, NULL, unknown, VIF_SYNTAX, "bogus",
                offset_of(unknown, "bogus"), offset_of(unknown, "bogus"));
    CONV_ERR_AT(vifxml_vif_to_interface, NULL, bare, VIF_SYNTAX, "flag",
                offset_of(bare, "flag"), offset_of(bare, "flag"));
    CONV_ERR_AT(vifxml_vif_to_interface, NULL, repeated, VIF_SYNTAX, "bridge",
                offset_of(repeated, ",bridge") + 1,
                offset_of(repeated, ",bridge") + 1);
    XML_ERR(NULL, "Bridge=br0", VIF_SYNTAX, "Bridge");
    XML_ERR(NULL, "bridge =br0", VIF_SYNTAX, NULL);
    XML_ERR(NULL, "=br0", VIF_SYNTAX, NULL);
    /* only spaces and tabs are skipped around items */
    XML_ERR(NULL, "bridge=br0,\nmac=00:16:3e:00:00:01", VIF_SYNTAX, NULL);
    XML_ERR(NULL, "bridge=br0,\rmac=00:16:3e:00:00:01", VIF_SYNTAX, NULL);
    XML_ERR(NULL, "mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02", VIF_SYNTAX,
            "mac");

    /* known Xen keys without a libvirt equivalent: ignored, or UNSUPPORTED
     * naming the key when strict */
    XML_OK(NULL,
           "bridge=br0,devid=3,gatewaydev=eth0,netdev=n,accel=a,vlan=5,"
           "forwarddev=eth1,trusted,untrusted,colo_sock_mirror_id=1",
           IF_BRIDGE SRC("br0") IF_END);
    XML_ERR(s, "bridge=br0,devid=3", VIFXML_STATUS_UNSUPPORTED, "devid");
    XML_ERR(s, "bridge=br0,trusted", VIFXML_STATUS_UNSUPPORTED, "trusted");
    XML_ERR(s, "bridge=br0,colo_compare_pri_in=x", VIFXML_STATUS_UNSUPPORTED,
            "colo_compare_pri_in");
    /* xm also knows policy, label, uuid; xl does not */
    XML_OK(xm, "bridge=br0,uuid=7da8c614-018b-dc87-6bfc-a296a95bca4f,policy=p,label=l",
           IF_BRIDGE SRC("br0") IF_END);
    XML_ERR(xm_s, "bridge=br0,label=l", VIFXML_STATUS_UNSUPPORTED, "label");
    XML_ERR(NULL, "bridge=br0,policy=p", VIF_SYNTAX, "policy");
    /* bare flags are xl's only */
    XML_ERR(xm, "bridge=br0,trusted", VIF_SYNTAX, "trusted");

    /* values */
    XML_ERR(NULL, "mac=00:16:3e:00:00", INVALID, "mac");
    XML_ERR(NULL, "mac=01:16:3e:00:00:01", INVALID, "mac");
    XML_ERR(NULL, "mac=", INVALID, "mac");
    XML_ERR(NULL, "ip=fe80::1%eth0", INVALID, "fe80::1%eth0");
    XML_ERR(NULL, "ip=10.0.0.300", INVALID, "10.0.0.300");
    XML_ERR(NULL, "mtu=67", INVALID, "mtu");
    XML_ERR(NULL, "mtu=65536", INVALID, "mtu");
    XML_ERR(NULL, "mtu=1500b", INVALID, "mtu");
    XML_ERR(NULL, "bridge=br0'", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    XML_ERR(NULL, "bridge=abcdefghijklmnop", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    XML_ERR(NULL, "script=../../bin/sh", VIFXML_STATUS_UNSAFE_VALUE, "script");
    XML_ERR(NULL, "script=vif bridge", VIFXML_STATUS_UNSAFE_VALUE, "script");
    XML_ERR(NULL, "vifname=a<b", VIFXML_STATUS_UNSAFE_VALUE, "vifname");
    XML_ERR(NULL, "model=e1000&x", VIFXML_STATUS_UNSAFE_VALUE, "model");
    XML_ERR(NULL, "backend=dom&1", VIFXML_STATUS_UNSAFE_VALUE, "backend");
    XML_ERR(NULL, "bridge=br=0", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    XML_ERR(NULL, "bridge=br\xc3\xbc", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    CONV_ERR_AT(vifxml_vif_to_interface, NULL, "bridge=br\xff", VIFXML_STATUS_INVALID_UTF8,
                NULL, 9, 9);

    vifxml_options_free(s);
    vifxml_options_free(xm);
    vifxml_options_free(xm_s);
}

static void sexpr(void) {
    vifxml_options *o = OPTS(SXPR, HVM, NO_VERSION, 0);
    vifxml_options *os = OPTS(SXPR, HVM, NO_VERSION, 1);
    /* conformance sxpr-sexpr2xml-fv */
    XML_OK(o, "(vif (mac '00:16:3e:1b:b1:47')(bridge 'xenbr0')(script 'vif-bridge')(type ioemu))",
           IF_BRIDGE MAC("00:16:3e:1b:b1:47") SRC("xenbr0") SCRIPT("vif-bridge") IF_END);
    /* conformance sxpr-sexpr2xml-fv-autoport: bare values, uuid ignored */
    XML_OK(o,
           "(vif (bridge e1000g0) (mac 00:16:3e:1b:e8:18) (script vif-vnic) "
           "(uuid 7da8c614-018b-dc87-6bfc-a296a95bca4f) (backend 0) )",
           IF_BRIDGE MAC("00:16:3e:1b:e8:18") SRC("e1000g0") SCRIPT("vif-vnic") IF_END);
    /* conformance sxpr-sexpr2xml-net-routed: dev ignored */
    XML_OK(o, "(vif (mac '00:11:22:33:44:55')(dev 'eth3')(script 'vif-routed')(ip '172.14.5.6'))",
           IF_ETH MAC("00:11:22:33:44:55") IP4("172.14.5.6") SCRIPT("vif-routed") IF_END);
    /* conformance sxpr-sexpr2xml-vif-rate, quoted type */
    XML_OK(o,
           "(vif (mac '00:16:3e:1b:b1:47')(bridge 'xenbr0')(script 'vif-bridge')"
           "(type 'netfront')(rate '10240KB/s'))",
           IF_BRIDGE MAC("00:16:3e:1b:b1:47") SRC("xenbr0") RATE("10240")
               SCRIPT("vif-bridge") MODEL("netfront") IF_END);
    /* double quotes, backend */
    XML_OK(o, "(vif (bridge \"xenbr0\") (model \"e1000\") (backend \"drv\") (vifname 'web0'))",
           IF_BRIDGE SRC("xenbr0") "  <backenddomain name='drv'/>\n"
               "  <target dev='web0'/>\n" MODEL("e1000") IF_END);
    /* an escaped quote is still a quote: unsafe in a bridge */
    XML_ERR(o, "(vif (bridge 'xen\\'br0'))", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    XML_ERR(o, "(vif (bridge \"xen\\\"br0\"))", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    XML_ERR(o, "(vif (bridge 'xen\\\\br0'))", VIFXML_STATUS_UNSAFE_VALUE, "bridge");
    /* xl's type value is not sxpr's */
    XML_ERR(o, "(vif (bridge xenbr0) (type vif))", VIF_SYNTAX, "vif");
    XML_ERR(o, "(vif (bridge xenbr0) (frob 1))", VIF_SYNTAX, "frob");
    XML_ERR(o, "(vif (bridge xenbr0) (bridge xenbr1))", VIF_SYNTAX, "bridge");
    XML_ERR(o, "(vif (mac '00:16:3e:1b:b1:47')", VIF_SYNTAX, NULL);
    XML_ERR(o, "(vif (bridge 'xenbr0))", VIF_SYNTAX, NULL);
    XML_ERR(o, "bridge=xenbr0", VIF_SYNTAX, NULL);
    XML_ERR(o, "(vif (bridge xenbr0)) trailing", VIF_SYNTAX, NULL);
    XML_ERR(os, "(vif (bridge xenbr0) (devid 0))", VIFXML_STATUS_UNSUPPORTED, "devid");
    /* and an xl vif string is not an S-expression */
    XML_ERR(NULL, "(vif (bridge xenbr0))", VIF_SYNTAX, NULL);
    vifxml_options_free(o);
    vifxml_options_free(os);
}

/* Round trip (§5): interface -> vif -> interface -> vif gives the same vif
 * string, in every dialect. */
static void round_trip_one(const char *file, int line, const vifxml_options *o,
                           const char *xml) {
    char *vif1 = NULL, *xml2 = NULL, *vif2 = NULL;
    vifxml_status st;
    st = vifxml_interface_to_vif(xml, strlen(xml), o, &vif1, NULL);
    check_status_at(file, line, "round trip: interface_to_vif", st, VIFXML_STATUS_OK);
    if (st == VIFXML_STATUS_OK) {
        st = vifxml_vif_to_interface(vif1, strlen(vif1), o, &xml2, NULL);
        check_status_at(file, line, "round trip: vif_to_interface", st,
                        VIFXML_STATUS_OK);
    }
    if (st == VIFXML_STATUS_OK) {
        st = vifxml_interface_to_vif(xml2, strlen(xml2), o, &vif2, NULL);
        check_status_at(file, line, "round trip: interface_to_vif again", st,
                        VIFXML_STATUS_OK);
        check_str_at(file, line, "round trip: vif", vif2, vif1);
    }
    vifxml_string_free(vif1);
    vifxml_string_free(xml2);
    vifxml_string_free(vif2);
}

static void round_trips(void) {
    static const char *const ifaces[] = {
        "<interface type='bridge'><mac address='00:16:3E:0:0:1'/>"
        "<source bridge='xenbr0'/><ip address='2001:db8:0::1'/>"
        "<ip address='192.0.2.1'/><target dev='web0'/><model type='e1000'/>"
        "<bandwidth><outbound average='0100'/></bandwidth>"
        "<backenddomain name='drv'/></interface>",
        "<interface type='bridge'><source bridge='ovsbr0'/>"
        "<vlan trunk='yes'><tag id='5'/></vlan><virtualport type='openvswitch'/>"
        "<model type='netfront'/></interface>",
        "<interface type='bridge'><source bridge='ovsbr0'/>"
        "<vlan><tag id='5'/><tag id='6'/></vlan><virtualport type='openvswitch'/>"
        "</interface>",
        "<interface type='bridge'><source bridge='ovsbr0'/>"
        "<vlan><tag id='5'/></vlan><virtualport type='openvswitch'/>"
        "<script path='/etc/xen/scripts/vif-openvswitch'/></interface>",
        "<interface type='ethernet'><mac address='00:16:3e:00:00:09'/>"
        "<ip address='10.0.0.9'/><script path='vif-route'/></interface>",
        "<interface type='ethernet'/>",
        "<interface type='bridge'><source bridge='br0'/><target dev='vif3.0'/>"
        "<model type='rtl8139'/></interface>"};
    static const uint32_t dialects[] = {VIFXML_DIALECT_XL, VIFXML_DIALECT_XM,
                                        VIFXML_DIALECT_SXPR};
    size_t d, g, i;
    for (d = 0; d < 3; d++)
        for (g = VIFXML_GUEST_HVM; g <= VIFXML_GUEST_PV; g++) {
            vifxml_options *o = OPTS(dialects[d], (uint32_t)g, NO_VERSION, 0);
            for (i = 0; i < sizeof ifaces / sizeof ifaces[0]; i++) {
                /* sxpr carries one ip at most */
                if (dialects[d] == VIFXML_DIALECT_SXPR && i == 0)
                    continue;
                round_trip_one(__FILE__, __LINE__, o, ifaces[i]);
            }
            vifxml_options_free(o);
        }
    {
        /* with mtu: xl only */
        vifxml_options *o = OPTS(VIFXML_DIALECT_XL, VIFXML_GUEST_PV, XEN(4, 15, 0), 0);
        round_trip_one(__FILE__, __LINE__, o,
                       "<interface type='bridge'><source bridge='br0'/>"
                       "<mtu size='9000'/><model type='netfront'/></interface>");
        vifxml_options_free(o);
    }
    {
        /* old xm: type=ioemu appended and read back as the default */
        vifxml_options *o = OPTS(VIFXML_DIALECT_XM, VIFXML_GUEST_HVM, XEN(3, 0, 2), 0);
        round_trip_one(__FILE__, __LINE__, o,
                       "<interface type='bridge'><source bridge='br0'/>"
                       "<model type='e1000'/></interface>");
        round_trip_one(__FILE__, __LINE__, o,
                       "<interface type='bridge'><source bridge='br0'/></interface>");
        vifxml_options_free(o);
    }
}

/* Explicit lengths and embedded NULs. */
static void lengths(void) {
    static const char two[] = "bridge=br0,bridge=br1";
    static const char nul[] = "bridge=br\0x,mac=00:16:3e:00:00:01";
    /* only the first item is inside len */
    expect_ok_at(__FILE__, __LINE__, vifxml_vif_to_interface,
                 "vifxml_vif_to_interface", NULL, two, strlen("bridge=br0"),
                 IF_BRIDGE SRC("br0") IF_END);
    /* len cuts a value short */
    expect_ok_at(__FILE__, __LINE__, vifxml_vif_to_interface,
                 "vifxml_vif_to_interface", NULL, two, strlen("bridge=b"),
                 IF_BRIDGE SRC("b") IF_END);
    /* an embedded NUL is a character like any other: unsafe in a bridge */
    expect_err_at(__FILE__, __LINE__, vifxml_vif_to_interface,
                  "vifxml_vif_to_interface", NULL, nul, sizeof nul - 1,
                  VIFXML_STATUS_UNSAFE_VALUE, "bridge", ANY_OFFSET, 0, 0);
    /* empty input with a non-NULL pointer is just empty */
    expect_ok_at(__FILE__, __LINE__, vifxml_vif_to_interface,
                 "vifxml_vif_to_interface", NULL, two, 0, IF_ETH IF_END);
}

void test_reverse(void) {
    basics();
    type_key();
    open_vswitch();
    rates();
    syntax_errors();
    sexpr();
    lengths();
    round_trips();
}
