/* The EXAMPLE of vifxml(3).  Build it with
 *     cc -o example example.c $(pkg-config --cflags --libs vifxml)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vifxml.h>

static const char nic[] =
    "<interface type='network'>\n"
    "  <mac address='00:16:3E:5D:C7:9E'/>\n"
    "  <source network='default'/>\n"
    "  <model type='netfront'/>\n"
    "</interface>\n";

/* Prints a failed call's status and message; frees the error. */
static void report(const char *call, vifxml_status st, vifxml_error *err)
{
    size_t off = vifxml_error_offset(err);

    fprintf(stderr, "%s: %s: %s", call, vifxml_status_str(st),
            err ? vifxml_error_message(err) : "(no details)");
    if (off != SIZE_MAX)
        fprintf(stderr, " (at byte %zu)", off);
    fputc('\n', stderr);
    vifxml_error_free(err);
}

int main(void)
{
    vifxml_options *opts = vifxml_options_new();
    vifxml_error *err = NULL;
    vifxml_status st;
    char *vif = NULL, *xml = NULL;
    int rc = EXIT_FAILURE;

    if (opts == NULL)
        return EXIT_FAILURE;
    /* Defaults: xl, newest Xen, guest kind HVM for an <interface>. */
    if (vifxml_options_add_network(opts, "default", "xenbr0") != VIFXML_STATUS_OK)
        goto out;

    /* libvirt XML -> xl vif string. */
    st = vifxml_interface_to_vif(nic, strlen(nic), opts, &vif, &err);
    if (st != VIFXML_STATUS_OK) {
        report("vifxml_interface_to_vif", st, err);
        goto out;
    }
    printf("xl:  %s\n", vif);
    vifxml_string_free(vif);

    /* The same NIC for xend, then back to libvirt XML. */
    vifxml_options_set_dialect(opts, VIFXML_DIALECT_XM);
    st = vifxml_interface_to_vif(nic, strlen(nic), opts, &vif, &err);
    if (st != VIFXML_STATUS_OK) {
        report("vifxml_interface_to_vif", st, err);
        goto out;
    }
    printf("xm:  %s\n", vif);
    st = vifxml_vif_to_interface(vif, strlen(vif), opts, &xml, &err);
    vifxml_string_free(vif);
    if (st != VIFXML_STATUS_OK) {
        report("vifxml_vif_to_interface", st, err);
        goto out;
    }
    fputs(xml, stdout);
    vifxml_string_free(xml);

    /* A refused definition: type='none' is not how to ask for PV only. */
    static const char none[] = "<interface type='none'/>";
    st = vifxml_interface_to_vif(none, strlen(none), NULL, &vif, &err);
    printf("type='none': %s\n", vifxml_status_str(st));
    vifxml_error_free(err);   /* vif is NULL here; err may be freed as is */

    rc = EXIT_SUCCESS;
out:
    vifxml_options_free(opts);
    return rc;
}
