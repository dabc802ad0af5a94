/* vifxml_interface_to_vif: successful translations (SPEC §2, §3, §4). */
#include <stdlib.h>

#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define HVM VIFXML_GUEST_HVM
#define PV VIFXML_GUEST_PV

static void connections(void) {
    /* bridge: bridge=, script=vif-bridge by default; MAC lowercased, padded */
    VIF_OK(NULL,
           "<interface type='bridge'><mac address='00:16:3E:66:92:9C'/>"
           "<source bridge='xenbr1'/><model type='e1000'/></interface>",
           "mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,model=e1000");
    VIF_OK(NULL,
           "<interface type='bridge'><mac address='0:16:3e:6:9:c'/>"
           "<source bridge='br0'/></interface>",
           "mac=00:16:3e:06:09:0c,bridge=br0,script=vif-bridge");
    /* no <mac>: no mac= */
    VIF_OK(NULL, "<interface type='bridge'><source bridge='br0'/></interface>",
           "bridge=br0,script=vif-bridge");
    /* <script path> replaces the default */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<script path='/etc/xen/scripts/vif-custom'/></interface>",
           "bridge=br0,script=/etc/xen/scripts/vif-custom");
    /* bridge: ip between bridge and script; several joined by one space;
     * IPv6 written per RFC 5952 */
    VIF_OK(NULL,
           "<interface type='bridge'><mac address='00:16:3e:66:92:9c'/>"
           "<source bridge='xenbr1'/><ip address='10.0.0.1' prefix='24'/>"
           "<ip address='10.1.1.1'/><ip address='2000:0:0:0::1' family='ipv6'/>"
           "<model type='netfront'/></interface>",
           "mac=00:16:3e:66:92:9c,bridge=xenbr1,ip=10.0.0.1 10.1.1.1 2000::1,"
           "script=vif-bridge,type=vif");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<ip address='2001:DB8:0:0:1:0:0:1'/></interface>",
           "bridge=br0,ip=2001:db8::1:0:0:1,script=vif-bridge");
    /* ethernet: script first, then ip */
    VIF_OK(NULL,
           "<interface type='ethernet'><mac address='00:11:22:33:44:55'/>"
           "<ip address='172.14.5.6'/><script path='vif-routed'/></interface>",
           "mac=00:11:22:33:44:55,script=vif-routed,ip=172.14.5.6");
    VIF_OK(NULL,
           "<interface type='ethernet'><mac address='00:11:22:33:44:55'/>"
           "</interface>",
           "mac=00:11:22:33:44:55");
    /* ethernet <source dev> is ignored when not strict (conformance case
     * sxpr-xml2sexpr-net-routed) */
    {
        vifxml_options *o = OPTS(SXPR, PV, XEN(3, 0, 3), 0);
        VIF_OK(o,
               "<interface type=\"ethernet\">\n  <mac address=\"00:11:22:33:44:55\"/>\n"
               "  <ip address=\"172.14.5.6\"/>\n  <source dev=\"eth3\"/>\n"
               "  <script path=\"vif-routed\"/>\n  <target dev=\"vif4.0\"/>\n"
               "</interface>",
               "(vif (mac '00:11:22:33:44:55')(script 'vif-routed')(ip '172.14.5.6'))");
        vifxml_options_free(o);
    }
}

static void open_vswitch(void) {
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='ovsbr0'/>"
           "<virtualport type='openvswitch'/></interface>",
           "bridge=ovsbr0,script=vif-openvswitch");
    VIF_OK(NULL,
           "<interface type='bridge'><mac address='00:16:3e:66:92:9c'/>"
           "<source bridge='ovsbr0'/><vlan><tag id='42'/></vlan>"
           "<virtualport type='openvswitch'/><model type='e1000'/></interface>",
           "mac=00:16:3e:66:92:9c,bridge=ovsbr0.42,script=vif-openvswitch,"
           "model=e1000");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='ovsbr0'/>"
           "<vlan trunk='yes'><tag id='42'/><tag id='43'/></vlan>"
           "<virtualport type='openvswitch'/></interface>",
           "bridge=ovsbr0:42:43,script=vif-openvswitch");
    /* several tags without trunk are a trunk; trunk='yes' always writes ':' */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='ovsbr0'/>"
           "<vlan><tag id='1'/><tag id='2'/><tag id='3'/></vlan>"
           "<virtualport type='openvswitch'/></interface>",
           "bridge=ovsbr0:1:2:3,script=vif-openvswitch");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='ovsbr0'/>"
           "<vlan trunk='yes'><tag id='42'/></vlan>"
           "<virtualport type='openvswitch'/></interface>",
           "bridge=ovsbr0:42,script=vif-openvswitch");
    /* trunk='no' with one tag; tags 0 and 4095; leading zeros dropped */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='ovsbr0'/>"
           "<vlan trunk='no'><tag id='0'/></vlan>"
           "<virtualport type='openvswitch'/></interface>",
           "bridge=ovsbr0.0,script=vif-openvswitch");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='ovsbr0'/>"
           "<vlan><tag id='007'/><tag id='4095'/></vlan>"
           "<virtualport type='openvswitch'/></interface>",
           "bridge=ovsbr0:7:4095,script=vif-openvswitch");
    /* an explicit script wins over vif-openvswitch; the 15-byte limit is for
     * the bridge before the suffix */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='abcdefghijklmno'/>"
           "<vlan><tag id='4000'/></vlan><virtualport type='openvswitch'/>"
           "<script path='/usr/lib/xen/vif-ovs'/></interface>",
           "bridge=abcdefghijklmno.4000,script=/usr/lib/xen/vif-ovs");
}

static void other_elements(void) {
    /* target: generated names are omitted, others written */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='web0'/></interface>",
           "bridge=br0,script=vif-bridge,vifname=web0");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='vif5.0'/></interface>",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='vif12.3-emu'/></interface>",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='vnet7'/></interface>",
           "bridge=br0,script=vif-bridge");
    /* as libvirt: every name starting vif, vnet, macvtap or macvlan (0.2) */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='vifweb'/></interface>",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='vif-1.0'/></interface>",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='macvtap2'/></interface>",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<target dev='web-vif1.0'/></interface>",
           "bridge=br0,script=vif-bridge,vifname=web-vif1.0");
    /* bandwidth: outbound average only */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<bandwidth><outbound average='10240'/></bandwidth></interface>",
           "bridge=br0,script=vif-bridge,rate=10240KB/s");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<bandwidth><outbound average='0042'/></bandwidth></interface>",
           "bridge=br0,script=vif-bridge,rate=42KB/s");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<bandwidth><outbound average='4294967295'/></bandwidth></interface>",
           "bridge=br0,script=vif-bridge,rate=4294967295KB/s");
    /* peak/burst/inbound are dropped when not strict */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/><bandwidth>"
           "<inbound average='1000'/><outbound average='1' peak='5' burst='9'/>"
           "</bandwidth></interface>",
           "bridge=br0,script=vif-bridge,rate=1KB/s");
    /* backend: 0 is dom0, nothing written */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<backenddomain name='0'/></interface>",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<backenddomain name='netdom-1'/></interface>",
           "bridge=br0,script=vif-bridge,backend=netdom-1");
    /* mtu range edges, leading zeros */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/><mtu size='68'/>"
           "</interface>",
           "bridge=br0,script=vif-bridge,mtu=68");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/><mtu size='065535'/>"
           "</interface>",
           "bridge=br0,script=vif-bridge,mtu=65535");
    /* model names are passed through */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<model type='Fake_Model-2'/></interface>",
           "bridge=br0,script=vif-bridge,model=Fake_Model-2");
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='br0'/>"
           "<model type='abcdefghijklmnopqrstuvwxyz012345'/></interface>",
           "bridge=br0,script=vif-bridge,model=abcdefghijklmnopqrstuvwxyz012345");
}

/* Every key at once, children in scrambled order: the output order is
 * fixed by §3 (xm/xl) and §4 (sxpr). */
static void key_order(void) {
    static const char all[] =
        "<interface type='bridge'>"
        "<mtu size='9000'/><backenddomain name='netdom'/>"
        "<bandwidth><outbound average='100'/></bandwidth>"
        "<target dev='web0'/><model type='e1000'/><script path='vif-custom'/>"
        "<ip address='192.0.2.1'/><source bridge='br0'/>"
        "<mac address='00:16:3e:00:00:01'/></interface>";
    static const char no_mtu[] =
        "<interface type='bridge'>"
        "<backenddomain name='netdom'/>"
        "<bandwidth><outbound average='100'/></bandwidth>"
        "<target dev='web0'/><model type='e1000'/><script path='vif-custom'/>"
        "<ip address='192.0.2.1'/><source bridge='br0'/>"
        "<mac address='00:16:3e:00:00:01'/></interface>";
    vifxml_options *o;

    VIF_OK(NULL, all,
           "mac=00:16:3e:00:00:01,bridge=br0,ip=192.0.2.1,script=vif-custom,"
           "model=e1000,vifname=web0,rate=100KB/s,backend=netdom,mtu=9000");
    o = OPTS(XM, HVM, XEN(3, 0, 2), 0);
    VIF_OK(o, no_mtu,
           "mac=00:16:3e:00:00:01,bridge=br0,ip=192.0.2.1,script=vif-custom,"
           "model=e1000,type=ioemu,vifname=web0,rate=100KB/s,backend=netdom");
    vifxml_options_free(o);
    o = OPTS(SXPR, HVM, XEN(3, 0, 2), 0);
    VIF_OK(o, no_mtu,
           "(vif (mac '00:16:3e:00:00:01')(rate '100KB/s')(bridge 'br0')"
           "(script 'vif-custom')(ip '192.0.2.1')(vifname 'web0')(model 'e1000')"
           "(type ioemu)(backend 'netdom'))");
    vifxml_options_free(o);
    /* §4's example */
    o = OPTS(SXPR, HVM, XEN(3, 0, 4), 0);
    VIF_OK(o,
           "<interface type='bridge'><mac address='00:16:3e:66:92:9c'/>"
           "<source bridge='xenbr0'/><bandwidth><outbound average='10240'/>"
           "</bandwidth><ip address='192.0.2.1'/><script path='vif-bridge'/>"
           "<target dev='web0'/><model type='e1000'/></interface>",
           "(vif (mac '00:16:3e:66:92:9c')(rate '10240KB/s')(bridge 'xenbr0')"
           "(script 'vif-bridge')(ip '192.0.2.1')(vifname 'web0')(model 'e1000')"
           "(type ioemu))");
    vifxml_options_free(o);
    /* ethernet in sxpr: script, then ip */
    o = OPTS(SXPR, PV, NO_VERSION, 0);
    VIF_OK(o,
           "<interface type='ethernet'><ip address='2001:db8::0:1'/>"
           "<script path='vif-route'/></interface>",
           "(vif (script 'vif-route')(ip '2001:db8::1'))");
    vifxml_options_free(o);
}

/* XML input handling (§2): quoting, entities, BOM, declaration, comments,
 * ignored elements, namespaces of whitespace. */
static void xml_input(void) {
    VIF_OK(NULL,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<interface type=\"bridge\">\n  <!-- a comment -->\n"
           "  <source bridge=\"br0\"/>\n</interface>\n",
           "bridge=br0,script=vif-bridge");
    VIF_OK(NULL,
           "\xEF\xBB\xBF<interface type='bridge'><source bridge='br0'/></interface>",
           "bridge=br0,script=vif-bridge");
    /* predefined entities and character references are decoded */
    VIF_OK(NULL,
           "<interface type='bridge'><source bridge='xen&#98;r&#x30;'/>"
           "<script path='vif&#45;bridge'/></interface>",
           "bridge=xenbr0,script=vif-bridge");
    /* always ignored: alias, address, acpi, metadata; ignored unless strict:
     * driver, link, unknown elements */
    VIF_OK(NULL,
           "<interface type='bridge'><alias name='net0'/>"
           "<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>"
           "<acpi index='1'/><metadata><x:y xmlns:x='urn:x'>z</x:y></metadata>"
           "<driver name='qemu'/><link state='up'/><frobnicate/>"
           "<source bridge='br0'/></interface>",
           "bridge=br0,script=vif-bridge");
    /* an ethernet NIC with nothing to say: empty vif string */
    VIF_OK(NULL, "<interface type='ethernet'/>", "");
}

/* Strings in are pointer + length (§7): the library reads exactly len bytes.
 * (All other checks already pass unterminated buffers; here the bytes after
 * len would change the result if they were read.) */
static void explicit_lengths(void) {
    static const char text[] =
        "<interface type='bridge'><source bridge='br0'/></interface>"
        "<interface type='user'/>";
    size_t len = offset_of(text, "<interface type='user'/>");
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    CHECK_STATUS(vifxml_interface_to_vif(text, len, NULL, &out, &err),
                 VIFXML_STATUS_OK);
    CHECK_STR(out, "bridge=br0,script=vif-bridge");
    CHECK(err == NULL);
    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
}

void test_forward(void) {
    connections();
    open_vswitch();
    other_elements();
    key_order();
    xml_input();
    explicit_lengths();
}
