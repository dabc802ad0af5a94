/* vifxml_config_to_interfaces: the vif setting of an xl/xm config file to
 * <devices> (SPEC §5 "Config files", §6a). */
#include "check.h"

#define XL VIFXML_DIALECT_XL
#define XM VIFXML_DIALECT_XM
#define SXPR VIFXML_DIALECT_SXPR
#define HVM VIFXML_GUEST_HVM
#define PV VIFXML_GUEST_PV

#define VIF_SYNTAX VIFXML_STATUS_VIF_SYNTAX

#define CFG_OK(opts, cfg, expected)                                            \
    CONV_OK(vifxml_config_to_interfaces, opts, cfg, expected)
#define CFG_ERR(opts, cfg, st, needle)                                         \
    CONV_ERR(vifxml_config_to_interfaces, opts, cfg, st, needle)

/* canonical pieces, indented by two more spaces inside <devices> */
#define DEV "<devices>\n"
#define DEV_END "</devices>\n"
#define IFB "  <interface type='bridge'>\n"
#define IFE "  <interface type='ethernet'>\n"
#define IF_END "  </interface>\n"
#define MAC(m) "    <mac address='" m "'/>\n"
#define SRC(b) "    <source bridge='" b "'/>\n"
#define SCRIPT(s) "    <script path='" s "'/>\n"
#define MODEL(m) "    <model type='" m "'/>\n"

#define BR(b) IFB SRC(b) IF_END

static void reading(void) {
    /* other settings are skipped; quotes of both kinds; trailing comma */
    CFG_OK(NULL,
           "# guest\nname = \"guest\"\nmemory = 512\nvcpus=2\n"
           "disk = [ 'phy:/dev/vg/g,xvda,w' ]\n"
           "vif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0', \"bridge=br1,script=vif-bridge\", ]\n"
           "on_crash = 'restart'\n",
           DEV IFB MAC("00:16:3e:00:00:01") SRC("xenbr0") IF_END IFB SRC("br1")
               SCRIPT("vif-bridge") IF_END DEV_END);
    /* no vif setting, or an empty list */
    CFG_OK(NULL, "name = 'guest'\n", DEV DEV_END);
    CFG_OK(NULL, "", DEV DEV_END);
    CFG_OK(NULL, "vif = []\n", DEV DEV_END);
    CFG_OK(NULL, "vif=[]", DEV DEV_END);
    /* a list spanning lines, comments inside, no final newline */
    CFG_OK(NULL,
           "vif = [\n  'bridge=br0', # first\n  # none here\n  'bridge=br1'\n]",
           DEV BR("br0") BR("br1") DEV_END);
    /* ';' ends a statement too */
    CFG_OK(NULL, "memory = 512; vif = [ 'bridge=br0' ]; vcpus = 1\n",
           DEV BR("br0") DEV_END);
    /* escapes: \t around an item is skipped like a space */
    CFG_OK(NULL, "vif = [ \"mac=00:16:3e:00:00:01,\\tbridge=br0\" ]\n",
           DEV IFB MAC("00:16:3e:00:00:01") SRC("br0") IF_END DEV_END);
    /* a '#' or ',' or ']' inside a string is not a comment or separator */
    CFG_OK(NULL, "extra = 'console=hvc0 # not a comment ]'\nvif = [ 'bridge=br0' ]\n",
           DEV BR("br0") DEV_END);
    /* an empty entry is an interface with nothing to say */
    CFG_OK(NULL, "vif = [ '' ]\n", DEV IFE IF_END DEV_END);
}

static void statements(void) {
    /* += appends, a repeated = replaces */
    CFG_OK(NULL, "vif = [ 'bridge=br0' ]\nvif += [ 'bridge=br1' ]\n",
           DEV BR("br0") BR("br1") DEV_END);
    CFG_OK(NULL, "vif = [ 'bridge=br0' ]\nvif = [ 'bridge=br1' ]\n",
           DEV BR("br1") DEV_END);
    CFG_OK(NULL,
           "vif = [ 'bridge=br0' ]\nvif = [ 'bridge=br1' ]\nvif += [ 'bridge=br2' ]\n",
           DEV BR("br1") BR("br2") DEV_END);
    CFG_OK(NULL, "vif += [ 'bridge=br0' ]\n", DEV BR("br0") DEV_END);
    /* vif as a string: VIF_SYNTAX */
    CFG_ERR(NULL, "vif = 'bridge=br0'\n", VIF_SYNTAX, "vif");
    CFG_ERR(NULL, "vif = 3\n", VIF_SYNTAX, "vif");
}

/* Syntax errors name their line. */
static void syntax_errors(void) {
    vifxml_options *xm = OPTS(XM, HVM, NO_VERSION, 0);
    vifxml_status st;
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    static const char py[] =
        "name = 'g'\nmemory = 512\nvif = [ 'bridge=br%d' % 0 ]\n";

    CFG_ERR(NULL, "name = 'g'\nmemory = 512\nvif = [ 'bridge=br0'\n",
            VIF_SYNTAX, "line");
    CFG_ERR(NULL, "name = 'g'\nvif = [ 'bridge=br0' \n", VIF_SYNTAX, "line");
    CFG_ERR(NULL, "name = 'g'\nmemory = 512\nvif = [ 'bridge=br0 ]\n",
            VIF_SYNTAX, "line 3");
    CFG_ERR(NULL, "name = 'g'\nmemory = 512\n= [ 'bridge=br0' ]\n", VIF_SYNTAX,
            "line 3");
    CFG_ERR(NULL, "name = 'g'\nmemory 512\nvif = [ 'bridge=br0' ]\n", VIF_SYNTAX,
            "line 2");
    CFG_ERR(NULL, "vif = [ 'bridge=br0' 'bridge=br1' ]\n", VIF_SYNTAX, "line 1");
    CFG_ERR(NULL, "\n\nvif = [ 'bridge=br0',, ]\n", VIF_SYNTAX, "line 3");
    CFG_ERR(NULL, "name = \"unterminated\nvif = [ 'bridge=br0' ]\n", VIF_SYNTAX,
            "line");

    /* a Python-only construct in an xm file: an error naming its line */
    st = vifxml_config_to_interfaces(py, strlen(py), xm, &out, &err);
    /* SPEC 8.2: it mentions vif, so VIF_SYNTAX even when not strict, at its '%' */
    CHECK_STATUS(st, VIFXML_STATUS_VIF_SYNTAX);
    CHECK(out == NULL);
    CHECK(err != NULL && err != SENTINEL_ERR);
    if (err != NULL && err != SENTINEL_ERR) {
        CHECK_STATUS(vifxml_error_status(err), st);
        CHECK_UINT(vifxml_error_count(err), 1);
        CHECK_STR(vifxml_error_item_path(err, 0), "vif");
        CHECK_UINT(vifxml_error_item_line(err, 0), 3);
        CHECK_UINT(vifxml_error_item_column(err, 0), 23);
        CHECK_UINT(vifxml_error_offset(err), 46);
        CHECK_STR(vifxml_error_message(err),
                  "config line 3: \"vif = [ 'bridge=br%d' % 0 ]\" mentions vif but is "
                  "Python that xl.cfg syntax cannot read (unexpected '%'); vifxml does "
                  "not run Python and never guesses the vif list: write vif as a list "
                  "of plain strings");
        vifxml_error_free(err);
    }
    if (out != NULL && out != SENTINEL_STR)
        vifxml_string_free(out);
    vifxml_options_free(xm);

    /* an error in an entry: the entry's own status, pointing into it */
    {
        static const char cfg[] =
            "name = 'g'\nvif = [ 'bridge=br0', 'bridge=br1,bogus=1' ]\n";
        size_t at = offset_of(cfg, "'bridge=br1,bogus=1'");
        CONV_ERR_AT(vifxml_config_to_interfaces, NULL, cfg, VIF_SYNTAX, "bogus",
                    at, at + strlen("'bridge=br1,bogus=1'"));
    }
    CFG_ERR(NULL, "vif = [ 'bridge=br0,mac=01:00:00:00:00:01' ]\n",
            VIFXML_STATUS_INVALID, "mac");
    /* escapes that decode to unsafe characters stay unsafe */
    CFG_ERR(NULL, "vif = [ \"bridge=br\\\"0\" ]\n", VIFXML_STATUS_UNSAFE_VALUE,
            "bridge");
    CFG_ERR(NULL, "vif = [ 'bridge=br\\n0' ]\n", VIFXML_STATUS_UNSAFE_VALUE,
            "bridge");
    CFG_ERR(NULL, "vif = [ 'bridge=br0' ]\n\xff\n", VIFXML_STATUS_INVALID_UTF8,
            NULL);
}

static void dialects(void) {
    vifxml_options *xm = OPTS(XM, HVM, XEN(3, 0, 2), 0);
    vifxml_options *sx = OPTS(SXPR, HVM, NO_VERSION, 0);
    vifxml_options *strict = OPTS(XL, PV, NO_VERSION, 1);

    /* xm: the type values of xm */
    CFG_OK(xm,
           "vif = [ 'mac=00:16:3e:66:92:9c,bridge=xenbr1,script=vif-bridge,type=netfront',\n"
           "        'mac=00:16:3e:66:92:9d,bridge=xenbr1,model=e1000,type=ioemu' ]\n",
           DEV IFB MAC("00:16:3e:66:92:9c") SRC("xenbr1") SCRIPT("vif-bridge")
               MODEL("netfront") IF_END IFB MAC("00:16:3e:66:92:9d") SRC("xenbr1")
                   MODEL("e1000") IF_END DEV_END);
    /* xl: type=vif */
    CFG_OK(NULL, "vif = [ 'bridge=xenbr1,type=vif' ]\n",
           DEV IFB SRC("xenbr1") MODEL("netfront") IF_END DEV_END);
    CFG_ERR(NULL, "vif = [ 'bridge=xenbr1,type=netfront' ]\n", VIF_SYNTAX,
            "netfront");
    /* strict reaches the entries */
    CFG_ERR(strict, "vif = [ 'bridge=br0,devid=0' ]\n", VIFXML_STATUS_UNSUPPORTED,
            "devid");
    /* sxpr has no config files */
    CONV_ERR_NOOFF(vifxml_config_to_interfaces, sx, "vif = [ 'bridge=br0' ]\n",
                   VIFXML_STATUS_INVALID_OPTION, "sxpr");
    vifxml_options_free(xm);
    vifxml_options_free(sx);
    vifxml_options_free(strict);
}

/* Explicit lengths: only config_len bytes count. */
static void lengths(void) {
    static const char two[] = "vif = [ 'bridge=br0' ]\nvif = [ 'bridge=br1' ]\n";
    static const char nul[] = "vif = [ 'bridge=br0' ]\n\0vif = [ 'bridge=br1' ]\n";
    expect_ok_at(__FILE__, __LINE__, vifxml_config_to_interfaces,
                 "vifxml_config_to_interfaces", NULL, two,
                 strlen("vif = [ 'bridge=br0' ]\n"), DEV BR("br0") DEV_END);
    /* an embedded NUL is not silently taken as the end */
    expect_err_at(__FILE__, __LINE__, vifxml_config_to_interfaces,
                  "vifxml_config_to_interfaces", NULL, nul, sizeof nul - 1,
                  VIF_SYNTAX, NULL, IN_RANGE, strlen(nul), strlen(nul));
}

void test_config(void) {
    reading();
    statements();
    syntax_errors();
    dialects();
    lengths();
}
