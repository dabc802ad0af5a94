/*
 * vif2xml.c - run vifxml's reverse path over a list of vifs and write each
 * <interface> it produces, placed in a minimal libvirt <domain>, for xmllint to
 * validate against libvirt's domain.rng (SPEC §5: the output is "valid against
 * libvirt's domain schema (domain.rng) once placed in a domain").
 *
 * usage: vif2xml LIST OUT_DIR
 *
 * LIST has one vif a line: DIALECT <TAB> GUEST <TAB> ID <TAB> VIF, with DIALECT
 * xl|xm|sxpr, GUEST hvm|pv; lines starting with '#' and empty lines are
 * skipped.  For each, vifxml_vif_to_interface must succeed and return SPEC §5's
 * canonical form in outline (starts with "<interface type=", no XML
 * declaration, ends in exactly one newline); it is then written to
 * OUT_DIR/ID.xml inside a domain.
 *
 * Prints one line per vif and `N passed, N failed` last; exits 1 on failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vifxml.h"

static int n_passed, n_failed;

static bool guest_of(const char *s, uint32_t *g, const char **os_type)
{
    if (strcmp(s, "hvm") == 0) {
        *g = VIFXML_GUEST_HVM;
        *os_type = "hvm";
    } else if (strcmp(s, "pv") == 0) {
        *g = VIFXML_GUEST_PV;
        *os_type = "linux";
    } else if (strcmp(s, "pvh") == 0) {
        *g = VIFXML_GUEST_PVH;
        *os_type = "xenpvh";
    } else {
        return false;
    }
    return true;
}

static bool dialect_of(const char *s, uint32_t *d)
{
    if (strcmp(s, "xl") == 0)
        *d = VIFXML_DIALECT_XL;
    else if (strcmp(s, "xm") == 0)
        *d = VIFXML_DIALECT_XM;
    else if (strcmp(s, "sxpr") == 0)
        *d = VIFXML_DIALECT_SXPR;
    else
        return false;
    return true;
}

static bool safe_id(const char *id)
{
    const char *p;
    if (!*id || strlen(id) > 200)
        return false;
    for (p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

static void result(bool ok, const char *id, const char *what, const char *detail)
{
    if (ok) {
        n_passed++;
        printf("ok   %s\n", id);
    } else {
        n_failed++;
        printf("FAIL %s: %s%s%s\n", id, what, detail ? ": " : "", detail ? detail : "");
    }
}

int main(int argc, char **argv)
{
    FILE *in;
    char line[8192];
    int lineno = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: %s LIST OUT_DIR\n", argv[0]);
        return 2;
    }
    in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof line, in)) {
        char *dialect, *guest, *id, *vif, *nl, *xml = NULL, path[4096];
        const char *os_type;
        uint32_t d, g;
        vifxml_options *o;
        vifxml_error *err = NULL;
        vifxml_status st;
        size_t xl;

        lineno++;
        nl = strchr(line, '\n');
        if (!nl) {
            fprintf(stderr, "%s:%d: line too long or unterminated\n", argv[1], lineno);
            return 2;
        }
        *nl = 0;
        if (line[0] == '#' || line[0] == 0)
            continue;
        dialect = line;
        guest = strchr(dialect, '\t');
        id = guest ? strchr(guest + 1, '\t') : NULL;
        vif = id ? strchr(id + 1, '\t') : NULL;
        if (!vif) {
            fprintf(stderr, "%s:%d: want DIALECT<TAB>GUEST<TAB>ID<TAB>VIF\n", argv[1], lineno);
            return 2;
        }
        *guest++ = 0;
        *id++ = 0;
        *vif++ = 0;
        if (!dialect_of(dialect, &d) || !guest_of(guest, &g, &os_type) || !safe_id(id)) {
            fprintf(stderr, "%s:%d: bad dialect, guest or id\n", argv[1], lineno);
            return 2;
        }
        o = vifxml_options_new();
        if (!o || vifxml_options_set_dialect(o, d) != VIFXML_STATUS_OK ||
            vifxml_options_set_guest(o, g) != VIFXML_STATUS_OK) {
            fprintf(stderr, "cannot set options\n");
            return 2;
        }
        st = vifxml_vif_to_interface(vif, strlen(vif), o, &xml, &err);
        vifxml_options_free(o);
        if (st != VIFXML_STATUS_OK) {
            n_failed++;
            printf("FAIL %s: vifxml_vif_to_interface failed: %s [%s] for %s vif %s\n", id,
                   vifxml_status_str(st), err ? vifxml_error_message(err) : "", dialect, vif);
            vifxml_error_free(err);
            continue;
        }
        vifxml_error_free(err);
        xl = strlen(xml);
        if (strncmp(xml, "<interface type=", 16) != 0 || xl < 2 || xml[xl - 1] != '\n' ||
            xml[xl - 2] == '\n') {
            result(false, id, "output is not SPEC §5's canonical form (starts \"<interface type=\", "
                              "ends in one newline)", xml);
            vifxml_string_free(xml);
            continue;
        }
        snprintf(path, sizeof path, "%s/%s.xml", argv[2], id);
        {
            FILE *f = fopen(path, "w");
            if (!f) {
                perror(path);
                return 2;
            }
            fprintf(f,
                    "<domain type='xen'>\n"
                    "  <name>vifxml-schema-check</name>\n"
                    "  <memory unit='KiB'>262144</memory>\n"
                    "  <os>\n"
                    "    <type>%s</type>\n"
                    "  </os>\n"
                    "  <devices>\n"
                    "%s"
                    "  </devices>\n"
                    "</domain>\n",
                    os_type, xml);
            if (fclose(f) != 0) {
                perror(path);
                return 2;
            }
        }
        result(true, id, NULL, NULL);
        vifxml_string_free(xml);
    }
    fclose(in);
    printf("%d passed, %d failed\n", n_passed, n_failed);
    return n_failed ? 1 : 0;
}
