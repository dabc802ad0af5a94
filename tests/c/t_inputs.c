/* SPEC §8.2 "The inputs that exist" (issue #11) through the C API, with exact
 * outputs and diagnostics: live libvirt XML, settings that protect others,
 * hostdev NICs, <devices> documents, generated target names (§3), config files
 * of both flavours, xm files as Python, the input limit, and the Open vSwitch
 * reverse rule (§5). */
#include <stdio.h>

#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define AUTO VIFXML_GUEST_AUTO
#define HVM VIFXML_GUEST_HVM

#define OK_ VIFXML_STATUS_OK
#define VIF_SYNTAX VIFXML_STATUS_VIF_SYNTAX
#define UNSUPPORTED VIFXML_STATUS_UNSUPPORTED
#define ERR VIFXML_SEVERITY_ERROR
#define WARN VIFXML_SEVERITY_WARNING

#define CFG_OK(opts, cfg, expected)                                            \
    CONV_OK(vifxml_config_to_interfaces, opts, cfg, expected)

#define DEV "<devices>\n"
#define DEV_END "</devices>\n"
#define IFB "  <interface type='bridge'>\n"
#define IFE "  <interface type='ethernet'>\n"
#define IF_END "  </interface>\n"
#define SRC(b) "    <source bridge='" b "'/>\n"
#define BR(b) IFB SRC(b) IF_END

/* Options with warnings collected. */
static vifxml_options *warn_opts(uint32_t dialect, int strict) {
    vifxml_options *o = OPTS(dialect, AUTO, NO_VERSION, strict);
    CHECK_STATUS(vifxml_options_set_warnings(o, true), OK_);
    return o;
}

/* Runs fn on a copy of in (no NUL) and returns its status; *out and *err as
 * the library wrote them. */
static vifxml_status call(conv_fn fn, const vifxml_options *o, const char *in,
                          size_t len, char **out, vifxml_error **err) {
    char *buf = exact_copy(in, len);
    vifxml_status st;
    *out = SENTINEL_STR;
    *err = SENTINEL_ERR;
    st = fn(buf, len, o, out, err);
    free(buf);
    return st;
}

/* Checks diagnostic i of err. */
#define ITEM(err, i, sev, st, line, col, path)                                 \
    do {                                                                       \
        CHECK_UINT(vifxml_error_item_severity((err), (i)), (sev));             \
        CHECK_STATUS(vifxml_error_item_status((err), (i)), (st));              \
        CHECK_UINT(vifxml_error_item_line((err), (i)), (line));                \
        CHECK_UINT(vifxml_error_item_column((err), (i)), (col));               \
        CHECK_STR(vifxml_error_item_path((err), (i)), (path));                 \
    } while (0)

static void release(char *out, vifxml_error *err) {
    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
}

/* ---- live domain XML ----------------------------------------------------- */

static const char LIVE[] =
    "<domain type='xen' id='5'>\n"                                        /* 1 */
    "  <name>web01</name>\n"                                              /* 2 */
    "  <uuid>4dea22b3-1d52-d8f3-2516-782e98a23fa0</uuid>\n"               /* 3 */
    "  <memory unit='KiB'>1048576</memory>\n"                             /* 4 */
    "  <os>\n"                                                            /* 5 */
    "    <type arch='x86_64' machine='xenfv'>hvm</type>\n"                /* 6 */
    "    <loader type='rom'>/usr/lib/xen/boot/hvmloader</loader>\n"       /* 7 */
    "  </os>\n"                                                           /* 8 */
    "  <devices>\n"                                                       /* 9 */
    "    <emulator>/usr/lib/xen/bin/qemu-system-i386</emulator>\n"        /* 10 */
    "    <interface type='network'>\n"                                    /* 11 */
    "      <mac address='00:16:3e:5a:6b:7c'/>\n"                          /* 12 */
    "      <source network='default' portid='5c3ed4e2-0a6e-4e2e-9b4b-2a1f6f0b7c11' bridge='virbr0'/>\n"
    "      <target dev='vif5.0'/>\n"                                      /* 14 */
    "      <model type='netfront'/>\n"                                    /* 15 */
    "      <link state='up'/>\n"                                          /* 16 */
    "      <alias name='net0'/>\n"                                        /* 17 */
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n"
    "    </interface>\n"                                                  /* 19 */
    "    <interface type='bridge'>\n"                                     /* 20 */
    "      <mac address='00:16:3e:5a:6b:7d'/>\n"                          /* 21 */
    "      <source bridge='xenbr0'/>\n"                                   /* 22 */
    "      <target dev='vnet3'/>\n"                                       /* 23 */
    "      <model type='e1000'/>\n"                                       /* 24 */
    "      <link state='up'/>\n"                                          /* 25 */
    "      <alias name='net1'/>\n"                                        /* 26 */
    "      <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>\n"
    "    </interface>\n"                                                  /* 28 */
    "  </devices>\n"
    "</domain>\n";

static void live_xml(void) {
    static const char *const want[] = {
        "mac=00:16:3e:5a:6b:7c,bridge=virbr0,script=vif-bridge,type=vif",
        "mac=00:16:3e:5a:6b:7d,bridge=xenbr0,script=vif-bridge,model=e1000"};
    vifxml_options *strict = OPTS(XL, AUTO, NO_VERSION, 1);
    vifxml_options *table = OPTS(XL, AUTO, NO_VERSION, 1);
    vifxml_options *w = warn_opts(XL, 1);
    char *out;
    vifxml_error *err;

    /* strict, no network table: the live bridge */
    VIFS_OK(strict, LIVE, want, 2);
    CONV_OK(vifxml_domain_to_config, strict, LIVE,
            "vif = [ \"mac=00:16:3e:5a:6b:7c,bridge=virbr0,script=vif-bridge,type=vif\", "
            "\"mac=00:16:3e:5a:6b:7d,bridge=xenbr0,script=vif-bridge,model=e1000\" ]\n");
    /* the generated names are left out with warnings (status OK) */
    CHECK_STATUS(call(vifxml_domain_to_config, w, LIVE, strlen(LIVE), &out, &err), OK_);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_UINT(vifxml_error_count(err), 2);
        CHECK_STATUS(vifxml_error_status(err), OK_);
        ITEM(err, 0, WARN, OK_, 14, 20, "/domain/devices/interface[1]/target/@dev");
        ITEM(err, 1, WARN, OK_, 23, 20, "/domain/devices/interface[2]/target/@dev");
        CHECK_CONTAINS(vifxml_error_item_message(err, 0), "<target dev=\"vif5.0\">");
        CHECK_CONTAINS(vifxml_error_item_message(err, 1), "generated");
    }
    release(out, err);
    /* the table comes first */
    CHECK_STATUS(vifxml_options_add_network(table, "default", "br-table"), OK_);
    VIF_OK(table,
           "<interface type='network'><source network='default' portid='x' "
           "bridge='virbr0'/><link state='up'/></interface>",
           "bridge=br-table,script=vif-bridge");
    /* without the live bridge: unresolved, as before */
    VIF_ERR(strict, "<interface type='network'><source network='default' portid='x'/></interface>",
            VIFXML_STATUS_NETWORK_UNRESOLVED, "default");
    vifxml_options_free(strict);
    vifxml_options_free(table);
    vifxml_options_free(w);
}

/* ---- settings that protect others ----------------------------------------- */

static void protective_settings(void) {
    vifxml_options *strict = OPTS(XL, AUTO, NO_VERSION, 1);
    static const char filterref[] =
        "<interface type='bridge'><source bridge='br0'/>"
        "<filterref filter='clean-traffic'/></interface>";
    static const char down[] =
        "<interface type='bridge'><source bridge='br0'/><link state='down'/></interface>";
    static const char isolated[] =
        "<interface type='bridge'><source bridge='br0'/><port isolated='yes'/></interface>";
    char *out;
    vifxml_error *err;

    VIF_ERR(NULL, filterref, UNSUPPORTED, "unfiltered");
    VIF_ERR(strict, filterref, UNSUPPORTED, "unfiltered");
    VIF_ERR(NULL, down, UNSUPPORTED, "link up");
    VIF_ERR(strict, down, UNSUPPORTED, "link up");
    VIF_ERR(NULL, isolated, UNSUPPORTED, "isolated");
    VIF_ERR(strict, isolated, UNSUPPORTED, "isolated");
    CHECK_STATUS(call(vifxml_interface_to_vif, NULL, isolated, strlen(isolated), &out, &err),
                 UNSUPPORTED);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR)
        ITEM(err, 0, ERR, UNSUPPORTED, 1, 64, "/interface/port/@isolated");
    release(out, err);
    /* what Xen does anyway is accepted in strict mode */
    VIF_OK(strict,
           "<interface type='bridge'><source bridge='br0'/><link state='up'/>"
           "<port isolated='no'/></interface>",
           "bridge=br0,script=vif-bridge");
    vifxml_options_free(strict);
}

/* ---- hostdev NICs --------------------------------------------------------- */

static const char HOSTDEV[] =
    "<domain type='xen'>\n"
    "  <os><type>hvm</type></os>\n"
    "  <devices>\n"
    "    <interface type='bridge'><source bridge='br0'/></interface>\n"
    "    <interface type='hostdev' managed='yes'>\n"
    "      <source><address type='pci' domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source>\n"
    "    </interface>\n"
    "    <interface type='bridge'><source bridge='br1'/></interface>\n"
    "  </devices>\n"
    "</domain>\n";

static void hostdev(void) {
    static const char *const want[] = {"bridge=br0,script=vif-bridge",
                                       "bridge=br1,script=vif-bridge"};
    vifxml_options *strict = OPTS(XL, AUTO, NO_VERSION, 1);
    vifxml_options *w = warn_opts(XL, 0);
    char *out;
    vifxml_error *err;

    VIFS_OK(NULL, HOSTDEV, want, 2);
    VIFS_ERR(strict, HOSTDEV, UNSUPPORTED, "PCI");
    CHECK_STATUS(call(vifxml_domain_to_config, w, HOSTDEV, strlen(HOSTDEV), &out, &err), OK_);
    CHECK_STR(out, "vif = [ \"bridge=br0,script=vif-bridge\", \"bridge=br1,script=vif-bridge\" ]\n");
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_UINT(vifxml_error_count(err), 1);
        ITEM(err, 0, WARN, UNSUPPORTED, 5, 5, "/domain/devices/interface[2]");
        CHECK_CONTAINS(vifxml_error_item_message(err, 0), "skipped");
    } else {
        CHECK(!"a warning object");
    }
    release(out, err);
    VIF_ERR(NULL, "<interface type='hostdev'/>", UNSUPPORTED, "hostdev");
    vifxml_options_free(strict);
    vifxml_options_free(w);
}

/* ---- <devices> documents -------------------------------------------------- */

static void devices_root(void) {
    static const char doc[] = DEV IFB SRC("xenbr0") "    <model type='netfront'/>\n" IF_END
        IFE "    <script path='vif-route'/>\n" IF_END DEV_END;
    static const char *const want[] = {"bridge=xenbr0,script=vif-bridge,type=vif",
                                       "script=vif-route"};
    static const char *const want_old[] = {"bridge=xenbr0,script=vif-bridge,type=netfront",
                                           "script=vif-route,type=ioemu"};
    vifxml_options *old = OPTS(XM, AUTO, XEN(3, 0, 4), 0);

    VIFS_OK(NULL, doc, want, 2);
    VIFS_OK(old, doc, want_old, 2); /* guest auto: HVM */
    CONV_OK(vifxml_domain_to_config, NULL, "<devices/>", "vif = []\n");
    /* what the reverse side writes converts forward again */
    CONV_OK(vifxml_domain_to_config, NULL, DEV BR("br0") DEV_END,
            "vif = [ \"bridge=br0,script=vif-bridge\" ]\n");
    vifxml_options_free(old);
}

/* ---- generated target names ----------------------------------------------- */

static void generated_names(void) {
    static const char *const names[] = {"vif3.0", "vif3.0-emu", "vif-1.0", "vnet0",
                                        "macvtap0", "macvlan1"};
    vifxml_options *w = warn_opts(XL, 1);
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char xml[200];
        char *out;
        vifxml_error *err;
        snprintf(xml, sizeof xml,
                 "<interface type='bridge'><source bridge='br0'/><target dev='%s'/></interface>",
                 names[i]);
        VIF_OK(NULL, xml, "bridge=br0,script=vif-bridge");
        CHECK_STATUS(call(vifxml_interface_to_vif, w, xml, strlen(xml), &out, &err), OK_);
        CHECK_STR(out, "bridge=br0,script=vif-bridge");
        if (err != NULL && err != SENTINEL_ERR) {
            CHECK_UINT(vifxml_error_count(err), 1);
            ITEM(err, 0, WARN, OK_, 1, 61, "/interface/target/@dev");
        } else {
            CHECK(!"a warning object");
        }
        release(out, err);
    }
    VIF_OK(NULL, "<interface type='bridge'><source bridge='br0'/><target dev='web0'/></interface>",
           "bridge=br0,script=vif-bridge,vifname=web0");
    XML_OK(NULL, "vifname=vif1.0",
           "<interface type='ethernet'>\n  <target dev='vif1.0'/>\n</interface>\n");
    vifxml_options_free(w);
}

/* ---- config files --------------------------------------------------------- */

static void config_bytes(void) {
    vifxml_options *xm = OPTS(XM, HVM, NO_VERSION, 0);
    static const char latin1[] = "# Gast f\xfcr das B\xfcro\nname = 'b\xfcro'\n"
                                 "vif = [ 'bridge=xenbr0' ] # \xff\n";
    static const char entry[] = "name = 'web'\nvif = [ 'bridge=xenbr0',\n        'bridge=b\xfcro' ]\n";
    char *out;
    vifxml_error *err;

    CFG_OK(NULL, latin1, DEV BR("xenbr0") DEV_END);
    CFG_OK(xm, latin1, DEV BR("xenbr0") DEV_END);
    CONV_ERR_AT(vifxml_config_to_interfaces, NULL, entry, VIFXML_STATUS_INVALID_UTF8,
                "config line 3, vif entry", 55, 55);
    CHECK_STATUS(call(vifxml_config_to_interfaces, xm, entry, strlen(entry), &out, &err),
                 VIFXML_STATUS_INVALID_UTF8);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR)
        ITEM(err, 0, ERR, VIFXML_STATUS_INVALID_UTF8, 3, 18, "vif[2]");
    release(out, err);
    /* outside comments and strings: no config text */
    CONV_ERR_AT(vifxml_config_to_interfaces, NULL, "vif = []\nb\xfcro = 1\n",
                VIFXML_STATUS_INVALID_UTF8, NULL, 10, 10);
    /* the last assignment wins */
    CFG_OK(NULL, "vif += \"bridge=old\"\nvif = [ 'bridge=br0' ]\n", DEV BR("br0") DEV_END);
    CFG_OK(xm, "vif = 'a'\nvif += 'b'\nvif = [ 'bridge=br0' ]\n", DEV BR("br0") DEV_END);
    CONV_ERR(vifxml_config_to_interfaces, NULL, "vif = [ 'bridge=br0' ]\nvif += \"bridge=br1\"\n",
             VIF_SYNTAX, "config line 2: vif += adds a string to a list");
    vifxml_options_free(xm);
}

/* More than VIFXML_MAX_INPUT_BYTES: INVALID before anything is read (the
 * buffer is not even initialized: the library must not look at it). */
static void input_limit(void) {
    size_t len = (size_t)256 * 1024 * 1024 + 1;
    char *big = malloc(len);
    vifxml_options *sx = OPTS(SXPR, AUTO, NO_VERSION, 0);
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    vifxml_status st;

    CHECK(big != NULL);
    if (big == NULL)
        return;
    st = vifxml_config_to_interfaces(big, len, NULL, &out, &err);
    CHECK_STATUS(st, VIFXML_STATUS_INVALID);
    CHECK(out == NULL);
    CHECK_STR(err ? vifxml_error_message(err) : NULL,
              "the config text is 268435457 bytes; vifxml reads at most 268435456 bytes");
    CHECK_UINT(vifxml_error_offset(err), (unsigned long long)SIZE_MAX);
    vifxml_error_free(err);
    st = vifxml_vif_to_interface(big, len, sx, &out, &err);
    CHECK_STATUS(st, VIFXML_STATUS_INVALID);
    CHECK_STR(err ? vifxml_error_message(err) : NULL,
              "the vif is 268435457 bytes; vifxml reads at most 268435456 bytes");
    vifxml_error_free(err);
    st = vifxml_vif_to_interface(big, len, NULL, &out, NULL);
    CHECK_STATUS(st, VIFXML_STATUS_INVALID);
    CHECK(out == NULL);
    free(big);
    vifxml_options_free(sx);
}

static void byte_order_marks(void) {
    vifxml_options *xm = OPTS(XM, HVM, NO_VERSION, 0);
    vifxml_options *sx = OPTS(SXPR, HVM, NO_VERSION, 0);
    static const char msg[] =
        "the vif starts with a byte-order mark (U+FEFF), which no Xen toolstack reads: remove it";
    static const char cfg[] = "vif = [ 'bridge=br0',\n        '\xef\xbb\xbf" "bridge=br1' ]\n";
    char *out;
    vifxml_error *err;

    CONV_ERR_AT(vifxml_vif_to_interface, NULL, "\xef\xbb\xbf" "bridge=br0", VIF_SYNTAX, msg, 0, 0);
    CONV_ERR_AT(vifxml_vif_to_interface, xm, "\xef\xbb\xbf" "bridge=br0", VIF_SYNTAX, msg, 0, 0);
    CONV_ERR_AT(vifxml_vif_to_interface, sx, "\xef\xbb\xbf(vif (bridge br0))", VIF_SYNTAX, msg, 0, 0);
    CONV_ERR_AT(vifxml_config_to_interfaces, NULL, cfg, VIF_SYNTAX, msg, 31, 31);
    CHECK_STATUS(call(vifxml_config_to_interfaces, xm, cfg, strlen(cfg), &out, &err), VIF_SYNTAX);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        ITEM(err, 0, ERR, VIF_SYNTAX, 2, 10, "vif[2]");
        CHECK_STR(vifxml_error_message(err),
                  "config line 2, vif entry: the vif starts with a byte-order mark (U+FEFF), "
                  "which no Xen toolstack reads: remove it");
    }
    release(out, err);
    /* in front of the file: Python reads it, xl does not */
    CFG_OK(xm, "\xef\xbb\xbfvif = [ 'bridge=br0' ]\n", DEV BR("br0") DEV_END);
    CONV_ERR(vifxml_config_to_interfaces, NULL, "\xef\xbb\xbfvif = [ 'bridge=br0' ]\n",
             VIF_SYNTAX, "byte-order mark");
    vifxml_options_free(xm);
    vifxml_options_free(sx);
}

/* ---- xm files are Python -------------------------------------------------- */

static const char XMEXAMPLE_HVM[] =
    "#  -*- mode: python; -*-\n"                                    /* 1 */
    "import os, re\n"                                               /* 2 */
    "arch = os.uname()[4]\n"                                        /* 3 */
    "if re.search('64', arch):\n"                                   /* 4 */
    "    arch_libdir = 'lib64'\n"                                   /* 5 */
    "else:\n"                                                       /* 6 */
    "    arch_libdir = 'lib'\n"                                     /* 7 */
    "\n"                                                            /* 8 */
    "kernel = \"/usr/lib/xen/boot/hvmloader\"\n"                    /* 9 */
    "builder='hvm'\n"                                               /* 10 */
    "vif = [ 'type=ioemu, bridge=xenbr0' ]\n"                       /* 11 */
    "device_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'\n";  /* 12 */

static const char XMEXAMPLE2[] =
    "def vmid_check(var, val):\n"                                   /* 1 */
    "    val = int(val)\n"                                          /* 2 */
    "    if val <= 0:\n"                                            /* 3 */
    "        raise ValueError\n"                                    /* 4 */
    "    return val\n"                                              /* 5 */
    "\n"                                                            /* 6 */
    "xm_vars.var('vmid',\n"                                         /* 7 */
    "            use=\"Virtual machine id. Integer greater than 0.\",\n"
    "            check=vmid_check)\n"                               /* 9 */
    "xm_vars.check()\n"                                             /* 10 */
    "vif = [ 'mac=00:16:3e:00:00:%02x' % vmid ]\n";                 /* 11 */

static void xm_python(void) {
    vifxml_options *xm = OPTS(XM, HVM, NO_VERSION, 0);
    vifxml_options *w = warn_opts(XM, 0);
    vifxml_options *ws = warn_opts(XM, 1);
    char *out;
    vifxml_error *err;
    int strict;

    /* triple-quoted strings, as libvirt writes values holding both quotes */
    CFG_OK(xm,
           "kernel = \"\"\"/boot/vmlinuz-'it' \"x\" \"\"\"\n"
           "vif = [ \"\"\"bridge=xenbr0\"\"\", '''bridge=br1''' ]\n",
           DEV BR("xenbr0") BR("br1") DEV_END);

    /* xmexample.hvm: the Python is skipped, with a warning per statement */
    CHECK_STATUS(call(vifxml_config_to_interfaces, w, XMEXAMPLE_HVM, strlen(XMEXAMPLE_HVM),
                      &out, &err),
                 OK_);
    CHECK_STR(out, DEV BR("xenbr0") DEV_END);
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_UINT(vifxml_error_count(err), 4);
        ITEM(err, 0, WARN, VIF_SYNTAX, 2, 1, "");
        ITEM(err, 1, WARN, VIF_SYNTAX, 3, 1, "");
        ITEM(err, 2, WARN, VIF_SYNTAX, 4, 1, "");
        ITEM(err, 3, WARN, VIF_SYNTAX, 12, 1, "");
        CHECK_STR(vifxml_error_item_message(err, 2),
                  "config line 4: \"if re.search('64', arch):\" (through line 7) is Python that "
                  "xl.cfg syntax cannot read and does not mention vif: skipped");
    } else {
        CHECK(!"a warning object");
    }
    release(out, err);
    /* strict: every statement refused at once */
    CHECK_STATUS(call(vifxml_config_to_interfaces, ws, XMEXAMPLE_HVM, strlen(XMEXAMPLE_HVM),
                      &out, &err),
                 VIF_SYNTAX);
    CHECK(out == NULL);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_UINT(vifxml_error_count(err), 4);
        ITEM(err, 3, ERR, VIF_SYNTAX, 12, 1, "");
    }
    release(out, err);
    /* xl reads no Python */
    CONV_ERR_AT(vifxml_config_to_interfaces, NULL, XMEXAMPLE_HVM, VIF_SYNTAX,
                "config line 2: expected '=' or '+='", 32, 32);

    /* xmexample2: a vif list built with % is refused in both modes */
    for (strict = 0; strict <= 1; strict++) {
        vifxml_options *o = strict ? ws : w;
        CHECK_STATUS(call(vifxml_config_to_interfaces, o, XMEXAMPLE2, strlen(XMEXAMPLE2), &out,
                          &err),
                     VIF_SYNTAX);
        CHECK(out == NULL);
        CHECK(err != NULL && err != SENTINEL_ERR);
        if (err != NULL && err != SENTINEL_ERR) {
            size_t vif_item = strict ? 3 : 0;
            CHECK_UINT(vifxml_error_count(err), 4);
            ITEM(err, vif_item, ERR, VIF_SYNTAX, 11, 35, "vif");
            CHECK_CONTAINS(vifxml_error_item_message(err, vif_item),
                           "mentions vif but is Python that xl.cfg syntax cannot read "
                           "(unexpected '%')");
            ITEM(err, strict ? 0 : 1, strict ? ERR : WARN, VIF_SYNTAX, 1, 1, "");
        }
        release(out, err);
    }

    /* xmexample.vmx: no active vif line */
    CFG_OK(xm,
           "import os, re\narch = os.uname()[4]\n#vif = [ 'type=ioemu, bridge=xenbr0' ]\n"
           "device_model = '/usr/' + arch + '/xen/bin/qemu-dm'\n",
           DEV DEV_END);
    /* ';' ends a statement; vif in a skipped statement's string is a mention */
    CFG_OK(xm, "import os; vif = [ 'bridge=br0' ]\n", DEV BR("br0") DEV_END);
    CONV_ERR(vifxml_config_to_interfaces, xm, "globals()['vif'] = [ 'bridge=br0' ]\n", VIF_SYNTAX,
             "mentions vif");
    /* not Python at all */
    CONV_ERR(vifxml_config_to_interfaces, xm, "x = f(1,\nvif = [ 'bridge=br0' ]\n", VIF_SYNTAX,
             "config line 1: '(' is not closed before the end of the text");
    vifxml_options_free(xm);
    vifxml_options_free(w);
    vifxml_options_free(ws);
}

/* ---- Open vSwitch on the way back ------------------------------------------ */

static void openvswitch(void) {
    XML_OK(NULL, "bridge=ovsbr0.42,script=vif-openvswitch",
           "<interface type='bridge'>\n  <source bridge='ovsbr0'/>\n  <vlan>\n    <tag id='42'/>\n"
           "  </vlan>\n  <virtualport type='openvswitch'/>\n  <script path='vif-openvswitch'/>\n"
           "</interface>\n");
    XML_OK(NULL, "bridge=br.5,script=my-ovs-wrapper",
           "<interface type='bridge'>\n  <source bridge='br.5'/>\n"
           "  <script path='my-ovs-wrapper'/>\n</interface>\n");
    XML_OK(NULL, "bridge=br0:1:2",
           "<interface type='bridge'>\n  <source bridge='br0:1:2'/>\n</interface>\n");
    XML_ERR(NULL, "bridge=ovsbr0.x,script=vif-openvswitch", VIFXML_STATUS_UNSAFE_VALUE,
            "no numeric VLAN suffix");
    /* 0.1 read this as Open vSwitch; now the name is too long for a bridge */
    XML_ERR(NULL, "bridge=ovsbridge01.4000,script=my-ovs-wrapper", VIFXML_STATUS_UNSAFE_VALUE,
            "longer than 15 bytes");
}

void test_inputs(void) {
    live_xml();
    protective_settings();
    hostdev();
    devices_root();
    generated_names();
    config_bytes();
    input_limit();
    byte_order_marks();
    xm_python();
    openvswitch();
}
