// include/vifxml.h used from C++ (built by tests/c_api.rs with
// g++ -std=c++11 -Wall -Wextra -Werror -pedantic): it must compile, link
// without name mangling and work.  Exits 0 on success.
#include "vifxml.h"

#include <cstdio>
#include <cstring>

static const char *resolve(const char *network, void *userdata) {
    *static_cast<int *>(userdata) += 1;
    return std::strcmp(network, "default") == 0 ? "virbr0" : nullptr;
}

int main() {
    int failures = 0;
    int calls = 0;
    const char xml[] = "<interface type='network'><source network='default'/>"
                       "<model type='netfront'/></interface>";

    vifxml_options *opts = vifxml_options_new();
    if (opts == nullptr)
        return 1;
    if (vifxml_options_set_dialect(opts, VIFXML_DIALECT_XM) != VIFXML_STATUS_OK)
        failures++;
    if (vifxml_options_set_guest(opts, VIFXML_GUEST_PV) != VIFXML_STATUS_OK)
        failures++;
    if (vifxml_options_set_network_resolver(opts, resolve, &calls) !=
        VIFXML_STATUS_OK)
        failures++;

    char *vif = nullptr;
    vifxml_error *err = nullptr;
    vifxml_status st =
        vifxml_interface_to_vif(xml, sizeof xml - 1, opts, &vif, &err);
    if (st != VIFXML_STATUS_OK || vif == nullptr ||
        std::strcmp(vif, "bridge=virbr0,script=vif-bridge,model=netfront") != 0) {
        std::printf("C++: got status %u vif %s\n", static_cast<unsigned>(st),
                    vif ? vif : "(null)");
        failures++;
    }
    if (calls < 1) // the resolver was asked
        failures++;
    vifxml_string_free(vif);
    vifxml_error_free(err);

    if (std::strcmp(vifxml_status_str(12345), "unknown status") != 0)
        failures++;
    if (vifxml_version() == nullptr)
        failures++;
    // The version macros work in C++ too, in #if and in expressions.
#if !VIFXML_CHECK_VERSION(0, 2, 0) || VIFXML_CHECK_VERSION(1, 0, 0)
    failures++;
#endif
    if (vifxml_version_number() !=
        ((static_cast<uint32_t>(VIFXML_VERSION_MAJOR) << 16) |
         (static_cast<uint32_t>(VIFXML_VERSION_MINOR) << 8) |
         static_cast<uint32_t>(VIFXML_VERSION_PATCH)))
        failures++;
    if (std::strcmp(vifxml_version(), VIFXML_VERSION_STRING) != 0)
        failures++;
    if (VIFXML_MAX_INPUT_BYTES != 256u * 1024u * 1024u || VIFXML_MAX_DEPTH != 256)
        failures++;
    if (vifxml_error_offset(nullptr) != SIZE_MAX)
        failures++;
    vifxml_options_free(opts);

    std::printf("C++ header check: %d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
