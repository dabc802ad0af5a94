/* Option setters (SPEC §1, §7) and what dialect, guest and Xen version do to
 * the output (SPEC §3 "Model and type=", gates). */
#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define AUTO VIFXML_GUEST_AUTO
#define HVM VIFXML_GUEST_HVM
#define PV VIFXML_GUEST_PV
#define PVH VIFXML_GUEST_PVH

static void setters(void) {
    vifxml_options *o = vifxml_options_new();
    CHECK(o != NULL);
    if (o == NULL)
        return;

    /* NULL options */
    CHECK_STATUS(vifxml_options_set_dialect(NULL, XL), VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_set_guest(NULL, HVM), VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_set_xen_version(NULL, 4, 15, 0),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_set_strict(NULL, true), VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_add_network(NULL, "default", "virbr0"),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_set_network_resolver(NULL, NULL, NULL),
                 VIFXML_STATUS_NULL_ARGUMENT);

    /* Dialects 0..2, anything else INVALID_OPTION. */
    CHECK_STATUS(vifxml_options_set_dialect(o, XL), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_dialect(o, XM), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_dialect(o, SXPR), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_dialect(o, 3), VIFXML_STATUS_INVALID_OPTION);
    CHECK_STATUS(vifxml_options_set_dialect(o, 255), VIFXML_STATUS_INVALID_OPTION);
    CHECK_STATUS(vifxml_options_set_dialect(o, UINT32_MAX),
                 VIFXML_STATUS_INVALID_OPTION);

    /* Guests 0..3, anything else INVALID_OPTION. */
    CHECK_STATUS(vifxml_options_set_guest(o, AUTO), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_guest(o, HVM), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_guest(o, PV), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_guest(o, PVH), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_guest(o, 4), VIFXML_STATUS_INVALID_OPTION);
    CHECK_STATUS(vifxml_options_set_guest(o, UINT32_MAX),
                 VIFXML_STATUS_INVALID_OPTION);

    /* A setter checks only its own argument (§1): a version no dialect
     * accepts in combination with the current one is still set. */
    CHECK_STATUS(vifxml_options_set_xen_version(o, 3, 0, 2), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_xen_version(o, 4, 15, 0), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_strict(o, true), VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_set_strict(o, false), VIFXML_STATUS_OK);

    /* add_network: NULL names, unsafe bridges (§6a: UNSAFE_VALUE). */
    CHECK_STATUS(vifxml_options_add_network(o, NULL, "virbr0"),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_add_network(o, "default", NULL),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_add_network(o, NULL, NULL),
                 VIFXML_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(vifxml_options_add_network(o, "default", "virbr0"),
                 VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_add_network(o, "fifteen", "abcdefghijklmno"),
                 VIFXML_STATUS_OK);
    CHECK_STATUS(vifxml_options_add_network(o, "sixteen", "abcdefghijklmnop"),
                 VIFXML_STATUS_UNSAFE_VALUE);
    CHECK_STATUS(vifxml_options_add_network(o, "n", "br 0"),
                 VIFXML_STATUS_UNSAFE_VALUE);
    CHECK_STATUS(vifxml_options_add_network(o, "n", "br0,script=x"),
                 VIFXML_STATUS_UNSAFE_VALUE);
    CHECK_STATUS(vifxml_options_add_network(o, "n", "br'0"),
                 VIFXML_STATUS_UNSAFE_VALUE);
    CHECK_STATUS(vifxml_options_add_network(o, "n", "br\"0"),
                 VIFXML_STATUS_UNSAFE_VALUE);
    CHECK_STATUS(vifxml_options_add_network(o, "n", "."),
                 VIFXML_STATUS_UNSAFE_VALUE);
    CHECK_STATUS(vifxml_options_add_network(o, "n", ".."),
                 VIFXML_STATUS_UNSAFE_VALUE);
    {
        /* empty: refused; §6a calls an empty value INVALID and the bridge
         * rules (1-15 bytes) UNSAFE_VALUE, so either is right */
        vifxml_status st = vifxml_options_add_network(o, "n", "");
        CHECK(st == VIFXML_STATUS_INVALID || st == VIFXML_STATUS_UNSAFE_VALUE);
    }
    CHECK_STATUS(vifxml_options_add_network(o, "n", "br0)"),
                 VIFXML_STATUS_UNSAFE_VALUE);

    vifxml_options_free(o);
}

static const char NETFRONT[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
    "<source bridge='xenbr0'/><model type='netfront'/></interface>";
static const char NOMODEL[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
    "<source bridge='xenbr0'/></interface>";
static const char E1000[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
    "<source bridge='xenbr0'/><model type='e1000'/></interface>";
static const char IOEMU[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
    "<source bridge='xenbr0'/><model type='ioemu'/></interface>";
static const char NETBACK[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
    "<source bridge='xenbr0'/><model type='netback'/></interface>";
static const char MTU[] =
    "<interface type='bridge'><mac address='00:16:3e:00:00:01'/>"
    "<source bridge='xenbr0'/><mtu size='1500'/></interface>";

#define XLVIF(tail) "mac=00:16:3e:00:00:01,bridge=xenbr0,script=vif-bridge" tail
#define SX(tail)                                                               \
    "(vif (mac '00:16:3e:00:00:01')(bridge 'xenbr0')(script 'vif-bridge')" tail ")"

/* Runs one interface under fresh options and frees them. */
#define VIF_WITH(d, g, ver, xml, expected)                                     \
    do {                                                                       \
        vifxml_options *o_ = OPTS(d, g, ver, 0);                               \
        VIF_OK(o_, xml, expected);                                             \
        vifxml_options_free(o_);                                               \
    } while (0)
#define VIF_ERR_WITH(d, g, ver, xml, st, needle)                               \
    do {                                                                       \
        vifxml_options *o_ = OPTS(d, g, ver, 0);                               \
        VIF_ERR(o_, xml, st, needle);                                          \
        vifxml_options_free(o_);                                               \
    } while (0)

static void defaults(void) {
    vifxml_options *o = vifxml_options_new();
    /* NULL options and fresh options: xl, hvm for <interface> input. */
    VIF_OK(NULL, NETFRONT, XLVIF(",type=vif"));
    VIF_OK(o, NETFRONT, XLVIF(",type=vif"));
    VIF_OK(NULL, NOMODEL, XLVIF(""));
    VIF_OK(NULL, E1000, XLVIF(",model=e1000"));
    VIF_OK(NULL, MTU, XLVIF(",mtu=1500")); /* xl without version: no limits */
    vifxml_options_free(o);
}

static void model_table(void) {
    /* pv / pvh: model=netfront in every dialect; netback is an alias. */
    VIF_WITH(XL, PV, NO_VERSION, NETFRONT, XLVIF(",model=netfront"));
    VIF_WITH(XL, PVH, NO_VERSION, NETFRONT, XLVIF(",model=netfront"));
    VIF_WITH(XM, PV, NO_VERSION, NETFRONT, XLVIF(",model=netfront"));
    VIF_WITH(XM, PVH, XEN(3, 0, 2), NETFRONT, XLVIF(",model=netfront"));
    VIF_WITH(SXPR, PV, NO_VERSION, NETFRONT, SX("(model 'netfront')"));
    VIF_WITH(XL, PV, NO_VERSION, NETBACK, XLVIF(",model=netfront"));
    VIF_WITH(XL, HVM, NO_VERSION, NETBACK, XLVIF(",type=vif"));
    /* hvm: netfront per dialect */
    VIF_WITH(XL, HVM, NO_VERSION, NETFRONT, XLVIF(",type=vif"));
    VIF_WITH(XL, AUTO, NO_VERSION, NETFRONT, XLVIF(",type=vif"));
    VIF_WITH(XM, HVM, NO_VERSION, NETFRONT, XLVIF(",type=netfront"));
    VIF_WITH(XM, HVM, XEN(3, 0, 2), NETFRONT, XLVIF(",type=netfront"));
    VIF_WITH(SXPR, HVM, NO_VERSION, NETFRONT, SX("(type netfront)"));
    VIF_WITH(SXPR, HVM, XEN(3, 0, 2), NETFRONT, SX("(type netfront)"));

    /* absent model */
    VIF_WITH(XL, PV, NO_VERSION, NOMODEL, XLVIF(""));
    VIF_WITH(XM, PV, XEN(3, 0, 2), NOMODEL, XLVIF(""));
    VIF_WITH(SXPR, PV, XEN(3, 0, 2), NOMODEL, SX(""));
    VIF_WITH(XM, HVM, XEN(3, 0, 2), NOMODEL, XLVIF(",type=ioemu"));
    VIF_WITH(XM, HVM, XEN(3, 0, 4), NOMODEL, XLVIF(",type=ioemu"));
    VIF_WITH(XM, HVM, XEN(3, 1, 0), NOMODEL, XLVIF(""));
    VIF_WITH(XM, HVM, NO_VERSION, NOMODEL, XLVIF(""));
    VIF_WITH(SXPR, HVM, XEN(3, 0, 2), NOMODEL, SX("(type ioemu)"));
    VIF_WITH(SXPR, HVM, XEN(3, 0, 3), NOMODEL, SX("(type ioemu)"));
    VIF_WITH(SXPR, HVM, XEN(3, 1, 0), NOMODEL, SX(""));
    VIF_WITH(SXPR, HVM, NO_VERSION, NOMODEL, SX(""));

    /* other models */
    VIF_WITH(XL, PV, NO_VERSION, E1000, XLVIF(",model=e1000"));
    VIF_WITH(XM, PV, XEN(3, 0, 2), E1000, XLVIF(",model=e1000"));
    VIF_WITH(XM, HVM, XEN(3, 0, 2), E1000, XLVIF(",model=e1000,type=ioemu"));
    VIF_WITH(XM, HVM, XEN(3, 1, 0), E1000, XLVIF(",model=e1000"));
    VIF_WITH(XM, HVM, XEN(4, 4, 0), E1000, XLVIF(",model=e1000"));
    VIF_WITH(SXPR, HVM, XEN(3, 0, 2), E1000, SX("(model 'e1000')(type ioemu)"));
    VIF_WITH(SXPR, HVM, NO_VERSION, E1000, SX("(model 'e1000')"));
    VIF_WITH(SXPR, PV, XEN(3, 0, 2), E1000, SX("(model 'e1000')"));

    /* explicit ioemu: hvm only */
    VIF_WITH(XL, HVM, NO_VERSION, IOEMU, XLVIF(",type=ioemu"));
    VIF_WITH(XM, HVM, NO_VERSION, IOEMU, XLVIF(",type=ioemu"));
    VIF_WITH(XM, HVM, XEN(3, 0, 2), IOEMU, XLVIF(",type=ioemu"));
    VIF_WITH(SXPR, HVM, NO_VERSION, IOEMU, SX("(type ioemu)"));
    VIF_ERR_WITH(XL, PV, NO_VERSION, IOEMU, VIFXML_STATUS_UNSUPPORTED, "ioemu");
    VIF_ERR_WITH(XL, PVH, NO_VERSION, IOEMU, VIFXML_STATUS_UNSUPPORTED, "ioemu");
    VIF_ERR_WITH(XM, PV, XEN(3, 0, 2), IOEMU, VIFXML_STATUS_UNSUPPORTED, "ioemu");
    VIF_ERR_WITH(SXPR, PV, NO_VERSION, IOEMU, VIFXML_STATUS_UNSUPPORTED, "ioemu");
}

static void version_gates(void) {
    /* netfront on an xl hvm guest needs Xen >= 4.2; the gate is hvm-only. */
    VIF_ERR_WITH(XL, HVM, XEN(4, 1, 0), NETFRONT, VIFXML_STATUS_UNSUPPORTED,
                 "netfront");
    VIF_ERR_WITH(XL, HVM, XEN(4, 1, 9), NETFRONT, VIFXML_STATUS_UNSUPPORTED,
                 "netfront");
    VIF_WITH(XL, HVM, XEN(4, 2, 0), NETFRONT, XLVIF(",type=vif"));
    VIF_WITH(XL, PV, XEN(4, 1, 0), NETFRONT, XLVIF(",model=netfront"));
    VIF_WITH(XL, HVM, XEN(4, 1, 0), E1000, XLVIF(",model=e1000"));

    /* mtu: xl >= 4.15 only, never xm / sxpr; strict or not. */
    VIF_ERR_WITH(XL, HVM, XEN(4, 14, 99), MTU, VIFXML_STATUS_UNSUPPORTED, "mtu");
    VIF_ERR_WITH(XL, PV, XEN(4, 1, 0), MTU, VIFXML_STATUS_UNSUPPORTED, "mtu");
    VIF_WITH(XL, HVM, XEN(4, 15, 0), MTU, XLVIF(",mtu=1500"));
    VIF_WITH(XL, PV, XEN(4, 17, 1), MTU, XLVIF(",mtu=1500"));
    VIF_ERR_WITH(XM, HVM, NO_VERSION, MTU, VIFXML_STATUS_UNSUPPORTED, "mtu");
    VIF_ERR_WITH(XM, PV, XEN(4, 4, 0), MTU, VIFXML_STATUS_UNSUPPORTED, "mtu");
    VIF_ERR_WITH(SXPR, HVM, NO_VERSION, MTU, VIFXML_STATUS_UNSUPPORTED, "mtu");
}

/* Dialect/version combinations are checked at conversion (§1): INVALID_OPTION
 * with no offset, from every conversion. */
static void combinations(void) {
    static const char dom[] = "<domain type='xen'><os><type>hvm</type></os>"
                              "<devices/></domain>";
    vifxml_options *o;

    o = OPTS(XL, HVM, XEN(4, 1, 0), 0);
    VIF_OK(o, NOMODEL, XLVIF(""));
    vifxml_options_free(o);
    o = OPTS(XL, HVM, XEN(99, 0, 0), 0);
    VIF_OK(o, MTU, XLVIF(",mtu=1500"));
    vifxml_options_free(o);
    o = OPTS(XM, HVM, XEN(3, 0, 2), 0);
    VIF_OK(o, E1000, XLVIF(",model=e1000,type=ioemu"));
    vifxml_options_free(o);
    o = OPTS(XM, HVM, XEN(4, 4, 99), 0);
    VIF_OK(o, E1000, XLVIF(",model=e1000"));
    vifxml_options_free(o);

    o = OPTS(XL, HVM, XEN(4, 0, 9), 0);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "4.0.9");
    CONV_ERR_NOOFF(vifxml_domain_to_config, o, dom, VIFXML_STATUS_INVALID_OPTION,
                   "4.0.9");
    VIFS_ERR(o, dom, VIFXML_STATUS_INVALID_OPTION, "4.0.9");
    CONV_ERR_NOOFF(vifxml_vif_to_interface, o, "bridge=br0",
                   VIFXML_STATUS_INVALID_OPTION, "4.0.9");
    CONV_ERR_NOOFF(vifxml_config_to_interfaces, o, "vif = [ 'bridge=br0' ]\n",
                   VIFXML_STATUS_INVALID_OPTION, "4.0.9");
    vifxml_options_free(o);

    o = OPTS(XL, HVM, XEN(3, 0, 2), 0);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "3.0.2");
    vifxml_options_free(o);
    o = OPTS(XM, HVM, XEN(3, 0, 1), 0);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "3.0.1");
    vifxml_options_free(o);
    o = OPTS(XM, PV, XEN(4, 5, 0), 0);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "4.5.0");
    CONV_ERR_NOOFF(vifxml_vif_to_interface, o, "bridge=br0",
                   VIFXML_STATUS_INVALID_OPTION, "4.5.0");
    vifxml_options_free(o);
    o = OPTS(SXPR, HVM, XEN(4, 5, 0), 0);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "4.5.0");
    CONV_ERR_NOOFF(vifxml_domain_to_config, o, dom, VIFXML_STATUS_INVALID_OPTION,
                   "4.5.0");
    vifxml_options_free(o);
    o = OPTS(SXPR, HVM, XEN(2, 0, 7), 0);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "2.0.7");
    vifxml_options_free(o);

    /* The same options object becomes valid again when the dialect changes:
     * the combination is judged at conversion time, not at set time. */
    o = OPTS(XL, HVM, XEN(3, 0, 2), 0);
    CHECK_STATUS(vifxml_options_set_dialect(o, XM), VIFXML_STATUS_OK);
    VIF_OK(o, NOMODEL, XLVIF(",type=ioemu"));
    CHECK_STATUS(vifxml_options_set_dialect(o, XL), VIFXML_STATUS_OK);
    CONV_ERR_NOOFF(vifxml_interface_to_vif, o, NOMODEL,
                   VIFXML_STATUS_INVALID_OPTION, "3.0.2");
    vifxml_options_free(o);
}

/* One options object is read-only during conversion: reusing it gives the
 * same answers (and the guest option wins over the <interface> default). */
static void reuse(void) {
    vifxml_options *o = OPTS(XM, PVH, XEN(3, 0, 2), 0);
    VIF_OK(o, NETFRONT, XLVIF(",model=netfront"));
    VIF_OK(o, NETFRONT, XLVIF(",model=netfront"));
    VIF_OK(o, NOMODEL, XLVIF(""));
    CHECK_STATUS(vifxml_options_set_guest(o, HVM), VIFXML_STATUS_OK);
    VIF_OK(o, NOMODEL, XLVIF(",type=ioemu"));
    vifxml_options_free(o);
}

void test_options(void) {
    setters();
    defaults();
    model_table();
    version_gates();
    combinations();
    reuse();
}
