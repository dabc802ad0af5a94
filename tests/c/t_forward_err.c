/* vifxml_interface_to_vif failures: connection types, invalid values,
 * unsafe values, repeated elements, XML errors with offsets, strict mode
 * (SPEC §2, §3, §6, §6a). */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define HVM VIFXML_GUEST_HVM
#define PV VIFXML_GUEST_PV

#define INVALID VIFXML_STATUS_INVALID
#define UNSUPPORTED VIFXML_STATUS_UNSUPPORTED
#define UNSAFE VIFXML_STATUS_UNSAFE_VALUE

/* <interface type='bridge'><source bridge='br0'/>EXTRA</interface> */
#define BR(extra)                                                              \
    "<interface type='bridge'><source bridge='br0'/>" extra "</interface>"

/* Error whose offset must fall inside the first occurrence of `part`. */
#define VIF_ERR_IN(opts, xml, st, needle, part)                                \
    CONV_ERR_AT(vifxml_interface_to_vif, opts, xml, st, needle,                \
                offset_of(xml, part), offset_of(xml, part) + strlen(part))

static void connection_types(void) {
    static const char *const xen_cannot[] = {
        "user", "direct", "hostdev", "vhostuser", "vdpa", "mcast", "udp",
        "server", "client", "null", "vds", "internal"};
    char xml[128];
    size_t i;
    vifxml_options *o;

    /* type='none': explains type vs <model type='netfront'/> */
    VIF_ERR(NULL, "<interface type='none'/>", UNSUPPORTED, "netfront");
    VIF_ERR(NULL, "<interface type='none'><source bridge='br0'/></interface>",
            UNSUPPORTED, "model");
    /* types libvirt knows but Xen cannot use: named, with the dialect */
    for (i = 0; i < sizeof xen_cannot / sizeof xen_cannot[0]; i++) {
        sprintf(xml, "<interface type='%s'/>", xen_cannot[i]);
        VIF_ERR(NULL, xml, UNSUPPORTED, xen_cannot[i]);
    }
    VIF_ERR(NULL, "<interface type='user'/>", UNSUPPORTED, "xl");
    o = OPTS(XM, HVM, NO_VERSION, 0);
    VIF_ERR(o, "<interface type='direct'><source dev='eth0' mode='vepa'/>"
               "</interface>", UNSUPPORTED, "xm");
    vifxml_options_free(o);
    o = OPTS(SXPR, HVM, NO_VERSION, 0);
    VIF_ERR(o, "<interface type='hostdev'/>", UNSUPPORTED, "sxpr");
    vifxml_options_free(o);

    /* unknown to libvirt, missing, or wrong case: INVALID */
    VIF_ERR_IN(NULL, "<interface type='bogus'/>", INVALID, "bogus", "<interface type='bogus'/>");
    VIF_ERR(NULL, "<interface type='Bridge'><source bridge='br0'/></interface>",
            INVALID, "Bridge");
    VIF_ERR(NULL, "<interface><source bridge='br0'/></interface>", INVALID,
            "type");
    VIF_ERR(NULL, "<interface type=''><source bridge='br0'/></interface>",
            INVALID, "type");

    /* required source */
    VIF_ERR(NULL, "<interface type='bridge'/>", INVALID, "source");
    VIF_ERR(NULL, "<interface type='bridge'><source network='default'/></interface>",
            INVALID, "bridge");
    VIF_ERR(NULL, "<interface type='bridge'><source bridge=''/></interface>",
            INVALID, "bridge");
    VIF_ERR(NULL, "<interface type='network'/>", INVALID, "source");
}

static void vlans(void) {
    /* a VLAN without Open vSwitch: UNSUPPORTED, strict or not */
    VIF_ERR(NULL, BR("<vlan><tag id='42'/></vlan>"), UNSUPPORTED, "vlan");
    VIF_ERR(NULL, BR("<vlan><tag id='42'/></vlan><virtualport type='802.1Qbh'/>"),
            UNSUPPORTED, NULL);
    VIF_ERR(NULL, BR("<virtualport type='802.1Qbg'/>"), UNSUPPORTED,
            "virtualport");
    VIF_ERR(NULL, BR("<virtualport type='midonet'/>"), UNSUPPORTED,
            "virtualport");
    VIF_ERR(NULL,
            BR("<vlan><tag id='42' nativeMode='untagged'/><tag id='43'/></vlan>"
               "<virtualport type='openvswitch'/>"),
            UNSUPPORTED, "nativeMode");
    VIF_ERR(NULL,
            BR("<vlan trunk='no'><tag id='42'/><tag id='43'/></vlan>"
               "<virtualport type='openvswitch'/>"),
            INVALID, "trunk");
    VIF_ERR(NULL,
            BR("<vlan><tag id='4096'/></vlan><virtualport type='openvswitch'/>"),
            INVALID, "4096");
    VIF_ERR(NULL,
            BR("<vlan><tag id='-1'/></vlan><virtualport type='openvswitch'/>"),
            INVALID, NULL);
    VIF_ERR(NULL,
            BR("<vlan><tag id='+5'/></vlan><virtualport type='openvswitch'/>"),
            INVALID, NULL);
    VIF_ERR(NULL,
            BR("<vlan><tag id='0x10'/></vlan><virtualport type='openvswitch'/>"),
            INVALID, NULL);
    VIF_ERR(NULL,
            BR("<vlan><tag id=''/></vlan><virtualport type='openvswitch'/>"),
            INVALID, NULL);
    /* under Open vSwitch the bridge itself has no '.' or ':' */
    VIF_ERR(NULL,
            "<interface type='bridge'><source bridge='ovs.br'/>"
            "<virtualport type='openvswitch'/></interface>",
            UNSAFE, "bridge");
    VIF_ERR(NULL,
            "<interface type='bridge'><source bridge='ovs:br'/>"
            "<vlan><tag id='5'/></vlan><virtualport type='openvswitch'/></interface>",
            UNSAFE, "bridge");
    /* the 15-byte limit is for the bridge itself */
    VIF_ERR(NULL,
            "<interface type='bridge'><source bridge='abcdefghijklmnop'/>"
            "<vlan><tag id='5'/></vlan><virtualport type='openvswitch'/></interface>",
            UNSAFE, "bridge");
}

static void invalid_values(void) {
    static const char *const bad_macs[] = {
        "zz:16:3e:00:00:01", "01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff",
        "00:00:00:00:00:00", "00:16:3e:00:00",    "00:16:3e:00:00:01:02",
        "00:16:3e:00:00:001", "00-16-3e-00-00-01", "00:16:3e::00:01",
        "",                  " 00:16:3e:00:00:01"};
    static const char *const bad_ips[] = {
        "fe80::1%eth0", "999.1.1.1", "10.0.0.1/24", "10.0.0", "2001:db8:::1",
        "localhost",    "",          "10.0.0.1 10.0.0.2"};
    char xml[256];
    size_t i;
    vifxml_options *sx;

    for (i = 0; i < sizeof bad_macs / sizeof bad_macs[0]; i++) {
        sprintf(xml, BR("<mac address='%s'/>"), bad_macs[i]);
        VIF_ERR(NULL, xml, INVALID, "mac");
    }
    VIF_ERR_IN(NULL, BR("<mac address='01:16:3e:00:00:01'/>"), INVALID, "mac",
               "<mac address='01:16:3e:00:00:01'/>");
    VIF_ERR(NULL, BR("<mac/>"), INVALID, "mac");
    for (i = 0; i < sizeof bad_ips / sizeof bad_ips[0]; i++) {
        sprintf(xml, BR("<ip address='%s'/>"), bad_ips[i]);
        VIF_ERR(NULL, xml, INVALID, bad_ips[i][0] ? bad_ips[i] : "address");
    }
    VIF_ERR_IN(NULL, BR("<ip address='10.0.0.1'/><ip address='10.0.0.256'/>"),
               INVALID, "10.0.0.256", "<ip address='10.0.0.256'/>");
    /* sxpr carries one ip at most */
    sx = OPTS(SXPR, PV, NO_VERSION, 0);
    VIF_ERR(sx, BR("<ip address='10.0.0.1'/><ip address='10.0.0.2'/>"),
            UNSUPPORTED, WORD("ip"));
    vifxml_options_free(sx);

    /* numbers: decimal digits, in range */
    VIF_ERR(NULL, BR("<bandwidth><outbound average='0'/></bandwidth>"), INVALID,
            "average");
    VIF_ERR(NULL, BR("<bandwidth><outbound average='4294967296'/></bandwidth>"),
            INVALID, "average");
    VIF_ERR(NULL, BR("<bandwidth><outbound average='99999999999999999999999'/></bandwidth>"),
            INVALID, "average");
    VIF_ERR(NULL, BR("<bandwidth><outbound average='1.5'/></bandwidth>"),
            INVALID, "average");
    VIF_ERR(NULL, BR("<bandwidth><outbound average=' 10'/></bandwidth>"),
            INVALID, "average");
    VIF_ERR(NULL, BR("<bandwidth><outbound average='-1'/></bandwidth>"),
            INVALID, "average");
    VIF_ERR(NULL, BR("<bandwidth><outbound average=''/></bandwidth>"), INVALID,
            "average");
    VIF_ERR(NULL, BR("<mtu size='67'/>"), INVALID, "mtu");
    VIF_ERR(NULL, BR("<mtu size='65536'/>"), INVALID, "mtu");
    VIF_ERR(NULL, BR("<mtu size='1500k'/>"), INVALID, "mtu");
    VIF_ERR(NULL, BR("<mtu/>"), INVALID, "mtu");
}

static void unsafe_values(void) {
    static const char *const bad_bridges[] = {
        "br0,script=evil", "br 0", "br0'", "br\"0", ".", "..", "br0)",
        "abcdefghijklmnop", "br#0", "br;0", "br=0", "br\\0", "br\xc3\xbc",
        "br\t0", "[br0]"};
    static const char *const bad_scripts[] = {
        "../evil", "/etc/xen/../evil", "/etc/xen/scripts/..", "..",
        "vif bridge", "vif-bridge;rm", "vif-bridge,ip=1.2.3.4", "a'b", "a\"b",
        "a=b", "vif-\xc3\xa9"};
    char xml[512];
    size_t i;

    for (i = 0; i < sizeof bad_bridges / sizeof bad_bridges[0]; i++) {
        /* write quotes as entities so that the XML stays well-formed */
        const char *b = bad_bridges[i];
        char esc[64];
        size_t j, k = 0;
        for (j = 0; b[j]; j++) {
            if (b[j] == '\'') {
                memcpy(esc + k, "&apos;", 6);
                k += 6;
            } else if (b[j] == '"') {
                memcpy(esc + k, "&quot;", 6);
                k += 6;
            } else if (b[j] == '\t') {
                memcpy(esc + k, "&#9;", 4);
                k += 4;
            } else {
                esc[k++] = b[j];
            }
        }
        esc[k] = '\0';
        sprintf(xml, "<interface type='bridge'><source bridge='%s'/></interface>",
                esc);
        VIF_ERR(NULL, xml, UNSAFE, "bridge");
    }
    VIF_ERR_IN(NULL,
               "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
               "<source bridge='br0,x'/></interface>",
               UNSAFE, "bridge", "<source bridge='br0,x'/>");

    for (i = 0; i < sizeof bad_scripts / sizeof bad_scripts[0]; i++) {
        const char *s = bad_scripts[i];
        sprintf(xml, BR("<script path='%s'/>"),
                strchr(s, '\'') ? "a&apos;b" : strchr(s, '"') ? "a&quot;b" : s);
        VIF_ERR(NULL, xml, UNSAFE, "script");
    }
    /* "..." and "a..b" are not ".." components */
    VIF_OK(NULL, BR("<script path='/etc/xen/scripts/vif..bridge'/>"),
           "bridge=br0,script=/etc/xen/scripts/vif..bridge");
    VIF_OK(NULL, BR("<script path='.../vif+x_1'/>"),
           "bridge=br0,script=.../vif+x_1");

    /* script length: 4095 bytes pass, 4096 fail */
    {
        size_t n;
        for (n = 4095; n <= 4096; n++) {
            const char *head = "<interface type='ethernet'><script path='";
            const char *tail = "'/></interface>";
            size_t hl = strlen(head), tl = strlen(tail);
            char *big = malloc(hl + n + tl + 1);
            char *expected = malloc(n + 8);
            if (big == NULL || expected == NULL)
                exit(2);
            memcpy(big, head, hl);
            memset(big + hl, 's', n);
            memcpy(big + hl + n, tail, tl + 1);
            memcpy(expected, "script=", 7);
            memset(expected + 7, 's', n);
            expected[7 + n] = '\0';
            if (n == 4095)
                VIF_OK(NULL, big, expected);
            else
                VIF_ERR(NULL, big, UNSAFE, "script");
            free(big);
            free(expected);
        }
    }

    /* vifname */
    VIF_ERR(NULL, BR("<target dev='web 0'/>"), UNSAFE, "vifname");
    VIF_ERR(NULL, BR("<target dev='web,0'/>"), UNSAFE, "vifname");
    VIF_ERR(NULL, BR("<target dev='abcdefghijklmnop'/>"), UNSAFE, "vifname");
    VIF_ERR(NULL, BR("<target dev='..'/>"), UNSAFE, "vifname");
    VIF_OK(NULL, BR("<target dev='abcdefghijklmno'/>"),
           "bridge=br0,script=vif-bridge,vifname=abcdefghijklmno");
    /* backend */
    VIF_ERR(NULL, BR("<backenddomain name='dom,1'/>"), UNSAFE, "backend");
    VIF_ERR(NULL, BR("<backenddomain name='dom 1'/>"), UNSAFE, "backend");
    VIF_ERR(NULL, BR("<backenddomain name='dom:1'/>"), UNSAFE, "backend");
    VIF_ERR(NULL,
            BR("<backenddomain name='"
               "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm"
               "'/>"),
            UNSAFE, "backend");
    VIF_OK(NULL,
           BR("<backenddomain name='"
              "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"
              "'/>"),
           "bridge=br0,script=vif-bridge,backend="
           "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl");
    /* model */
    VIF_ERR(NULL, BR("<model type='e1000,type=ioemu'/>"), UNSAFE, "model");
    VIF_ERR(NULL, BR("<model type='e1000.1'/>"), UNSAFE, "model");
    VIF_ERR(NULL, BR("<model type='abcdefghijklmnopqrstuvwxyz0123456'/>"),
            UNSAFE, "model");
    VIF_ERR(NULL, BR("<model type='e1000)(type ioemu'/>"), UNSAFE, "model");
}

static void repeated_elements(void) {
    static const char *const singletons[] = {
        "<mac address='00:16:3e:00:00:02'/>",
        "<source bridge='br1'/>",
        "<model type='e1000'/>",
        "<target dev='web1'/>",
        "<script path='vif-x'/>",
        "<backenddomain name='d1'/>",
        "<mtu size='1500'/>",
        "<bandwidth><outbound average='2'/></bandwidth>",
        "<virtualport type='openvswitch'/>",
        "<vlan><tag id='2'/></vlan>"};
    static const char *const names[] = {
        "mac", "source", "model", "target", "script", "backenddomain", "mtu",
        "bandwidth", "virtualport", "vlan"};
    char xml[512];
    size_t i;
    /* the base alone is valid */
    VIF_OK(NULL,
           "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
           "<source bridge='ovsbr0'/><model type='rtl8139'/>"
           "<target dev='web0'/><script path='vif-y'/>"
           "<backenddomain name='d0'/><mtu size='1400'/>"
           "<bandwidth><outbound average='1'/></bandwidth>"
           "<virtualport type='openvswitch'/><vlan><tag id='1'/></vlan>"
           "</interface>",
           "mac=00:16:3e:00:00:01,bridge=ovsbr0.1,script=vif-y,model=rtl8139,"
           "vifname=web0,rate=1KB/s,backend=d0,mtu=1400");
    for (i = 0; i < sizeof singletons / sizeof singletons[0]; i++) {
        /* the first copy comes from the base, the second is singletons[i] */
        sprintf(xml,
                "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
                "<source bridge='ovsbr0'/><model type='rtl8139'/>"
                "<target dev='web0'/><script path='vif-y'/>"
                "<backenddomain name='d0'/><mtu size='1400'/>"
                "<bandwidth><outbound average='1'/></bandwidth>"
                "<virtualport type='openvswitch'/><vlan><tag id='1'/></vlan>"
                "%s</interface>",
                singletons[i]);
        /* the duplicate is the last copy */
        CONV_ERR_AT(vifxml_interface_to_vif, NULL, xml, INVALID, names[i],
                    offset_of_last(xml, singletons[i]),
                    offset_of_last(xml, singletons[i]) + strlen(singletons[i]));
    }
}

static void xml_errors(void) {
    vifxml_options *strict = OPTS(XL, HVM, NO_VERSION, 1);
    /* wrong root, named */
    VIF_ERR(NULL, "<domain type='xen'><devices/></domain>", INVALID, "domain");
    VIF_ERR(NULL, "<interfaces/>", INVALID, "interfaces");
    /* well-formedness */
    VIF_ERR(NULL, "", VIFXML_STATUS_XML_SYNTAX, NULL);
    VIF_ERR(NULL, "   ", VIFXML_STATUS_XML_SYNTAX, NULL);
    VIF_ERR(NULL, "<interface type='bridge'><source bridge='br0'/>",
            VIFXML_STATUS_XML_SYNTAX, NULL);
    {
        static const char x[] =
            "<interface type='bridge'><source bridge='br0'></interface>";
        size_t at = offset_of(x, "</interface>");
        CONV_ERR_AT(vifxml_interface_to_vif, NULL, x, VIFXML_STATUS_XML_SYNTAX,
                    NULL, at, at + strlen("</interface>"));
    }
    VIF_ERR(NULL, "<interface type=bridge><source bridge='br0'/></interface>",
            VIFXML_STATUS_XML_SYNTAX, NULL);
    VIF_ERR(NULL, "<interface type='bridge' type='network'/>",
            VIFXML_STATUS_XML_SYNTAX, NULL);
    VIF_ERR(NULL, "<interface type='bridge'/><interface type='bridge'/>",
            VIFXML_STATUS_XML_SYNTAX, NULL);
    {
        /* content after a valid root: an error at the point it starts */
        static const char two[] =
            "<interface type='bridge'><source bridge='br0'/></interface>"
            "<interface type='user'/>";
        static const char junk[] =
            "<interface type='bridge'><source bridge='br0'/></interface>junk";
        size_t at = offset_of(two, "<interface type='user'/>");
        CONV_ERR_AT(vifxml_interface_to_vif, NULL, two, VIFXML_STATUS_XML_SYNTAX,
                    NULL, at, at);
        CONV_ERR_AT(vifxml_interface_to_vif, NULL, junk, VIFXML_STATUS_XML_SYNTAX,
                    NULL, at, at);
    }
    VIF_ERR(NULL, BR("<source bridge='&undefined;'/>"),
            VIFXML_STATUS_XML_SYNTAX, NULL);
    /* no DOCTYPE, no entity expansion, no processing instructions */
    VIF_ERR(NULL,
            "<!DOCTYPE interface [<!ENTITY b 'br0'>]>"
            "<interface type='bridge'><source bridge='&b;'/></interface>",
            INVALID, "DOCTYPE");
    VIF_ERR(NULL,
            "<!DOCTYPE interface SYSTEM 'http://example.invalid/x.dtd'>"
            "<interface type='ethernet'/>",
            INVALID, "DOCTYPE");
    VIF_ERR(NULL, "<?foo bar?><interface type='ethernet'/>", INVALID, NULL);
    VIF_ERR(NULL, "<interface type='ethernet'><?foo bar?></interface>", INVALID,
            NULL);
    /* the same with strict on (refusal is not a strict-mode matter) */
    VIF_ERR(strict, "<?foo bar?><interface type='ethernet'/>", INVALID, NULL);
    vifxml_options_free(strict);
}

static void encoding_errors(void) {
    /* invalid UTF-8: INVALID_UTF8 at the offending byte */
    static const char bad1[] = BR("<target dev='web\xff'/>");
    static const char bad2[] = "<interface type='ethernet'>\xc0\xaf</interface>";
    static const char bad3[] = BR("<target dev='web\xed\xa0\x80'/>"); /* surrogate */
    static const char bad4[] = "<interface type='ethernet'/>\xe2\x82";
    size_t o1 = offset_of(bad1, "\xff"), o2 = offset_of(bad2, "\xc0"),
           o3 = offset_of(bad3, "\xed"), o4 = offset_of(bad4, "\xe2");
    CONV_ERR_AT(vifxml_interface_to_vif, NULL, bad1, VIFXML_STATUS_INVALID_UTF8,
                NULL, o1, o1);
    CONV_ERR_AT(vifxml_interface_to_vif, NULL, bad2, VIFXML_STATUS_INVALID_UTF8,
                NULL, o2, o2);
    CONV_ERR_AT(vifxml_interface_to_vif, NULL, bad3, VIFXML_STATUS_INVALID_UTF8,
                NULL, o3, o3);
    CONV_ERR_AT(vifxml_interface_to_vif, NULL, bad4, VIFXML_STATUS_INVALID_UTF8,
                NULL, o4, o4);

    /* an embedded NUL, passed with an explicit length: not XML */
    {
        static const char nul[] =
            "<interface type='bridge'>\0<source bridge='br0'/></interface>";
        static const char nul_attr[] =
            "<interface type='bridge'><source bridge='br0\0x'/></interface>";
        size_t at = strlen(nul);
        size_t at2 = strlen(nul_attr);
        expect_err_at(__FILE__, __LINE__, vifxml_interface_to_vif,
                      "vifxml_interface_to_vif", NULL, nul, sizeof nul - 1,
                      VIFXML_STATUS_XML_SYNTAX, NULL, IN_RANGE, at, at);
        expect_err_at(__FILE__, __LINE__, vifxml_interface_to_vif,
                      "vifxml_interface_to_vif", NULL, nul_attr,
                      sizeof nul_attr - 1, VIFXML_STATUS_XML_SYNTAX, NULL,
                      IN_RANGE, at2, at2);
        /* other characters XML does not allow */
        VIF_ERR(NULL, BR("\x01"), VIFXML_STATUS_XML_SYNTAX, NULL);
        VIF_ERR(NULL, BR("<x>\x1f</x>"), VIFXML_STATUS_XML_SYNTAX, NULL);
        VIF_ERR(NULL, BR("<x>&#0;</x>"), VIFXML_STATUS_XML_SYNTAX, NULL);
        VIF_ERR(NULL, BR("<x>&#1;</x>"), VIFXML_STATUS_XML_SYNTAX, NULL);
        /* a trailing NUL counted in the length is not ignored either */
        expect_err_at(__FILE__, __LINE__, vifxml_interface_to_vif,
                      "vifxml_interface_to_vif", NULL,
                      "<interface type='ethernet'/>",
                      sizeof "<interface type='ethernet'/>",
                      VIFXML_STATUS_XML_SYNTAX, NULL, ANY_OFFSET, 0, 0);
    }
}

static void strict_mode(void) {
    vifxml_options *s = OPTS(XL, HVM, NO_VERSION, 1);
    /* Xen's default link state, and live XML's: accepted when strict (0.2) */
    VIF_OK(s, BR("<link state='up'/>"), "bridge=br0,script=vif-bridge");
    VIF_ERR(s, BR("<link state='up' x='1'/>"), UNSUPPORTED, "link x");
    VIF_ERR(s, BR("<driver name='qemu'/>"), UNSUPPORTED, "driver");
    VIF_ERR(s, BR("<filterref filter='clean-traffic'/>"), UNSUPPORTED,
            "filterref");
    VIF_ERR(s, BR("<tune><sndbuf>1600</sndbuf></tune>"), UNSUPPORTED, "tune");
    VIF_ERR(s, BR("<coalesce><rx><frames max='7'/></rx></coalesce>"),
            UNSUPPORTED, "coalesce");
    VIF_ERR(s, BR("<rom bar='off'/>"), UNSUPPORTED, WORD("rom"));
    VIF_ERR(s, BR("<boot order='1'/>"), UNSUPPORTED, "boot");
    VIF_ERR(s, BR("<guest dev='eth0'/>"), UNSUPPORTED, "guest");
    VIF_ERR(s, BR("<route family='ipv4' address='192.0.2.0' prefix='24' gateway='192.0.2.1'/>"),
            UNSUPPORTED, "route");
    VIF_ERR(s, BR("<teaming type='persistent'/>"), UNSUPPORTED, "teaming");
    VIF_ERR(s, BR("<port isolated='yes'/>"), UNSUPPORTED, WORD("port"));
    VIF_ERR(s, BR("<frobnicate/>"), UNSUPPORTED, "frobnicate");
    VIF_ERR(s, BR("<bandwidth><outbound average='1' peak='5'/></bandwidth>"),
            UNSUPPORTED, "peak");
    VIF_ERR(s, BR("<bandwidth><outbound average='1' burst='5'/></bandwidth>"),
            UNSUPPORTED, "burst");
    VIF_ERR(s, BR("<bandwidth><inbound average='1'/></bandwidth>"), UNSUPPORTED,
            "inbound");
    VIF_ERR(s, BR("<bandwidth><inbound average='1' floor='1'/></bandwidth>"),
            UNSUPPORTED, NULL);
    VIF_ERR(s,
            "<interface type='ethernet'><source dev='eth3'/>"
            "<script path='vif-routed'/></interface>",
            UNSUPPORTED, "source");
    VIF_ERR(s,
            "<interface type='ethernet'><source mode='bridge'/></interface>",
            UNSUPPORTED, "source");
    /* always ignored, strict or not */
    VIF_OK(s,
           BR("<alias name='ua-net0'/><!-- c -->"
              "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>"
              "<acpi index='3'/><metadata><a/></metadata>"),
           "bridge=br0,script=vif-bridge");
    /* translatable elements still translate under strict */
    VIF_OK(s,
           "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
           "<source bridge='ovsbr0'/><vlan><tag id='3'/></vlan>"
           "<virtualport type='openvswitch'/>"
           "<bandwidth><outbound average='5'/></bandwidth>"
           "<ip address='192.0.2.1'/><target dev='web0'/>"
           "<model type='netfront'/><backenddomain name='0'/></interface>",
           "mac=00:16:3e:00:00:01,bridge=ovsbr0.3,ip=192.0.2.1,"
           "script=vif-openvswitch,type=vif,vifname=web0,rate=5KB/s");
    /* and strict off ignores the same elements */
    VIF_OK(NULL,
           BR("<link state='up'/><driver name='qemu'/><rom bar='off'/>"
              "<tune><sndbuf>1600</sndbuf></tune><boot order='1'/>"),
           "bridge=br0,script=vif-bridge");
    vifxml_options_free(s);
}

void test_forward_errors(void) {
    connection_types();
    vlans();
    invalid_values();
    unsafe_values();
    repeated_elements();
    xml_errors();
    encoding_errors();
    strict_mode();
}
