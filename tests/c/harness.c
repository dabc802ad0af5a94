/* vifxml C API harness: exercises every function of SPEC §7 against the
 * built library.  Built and run by tests/c_api.rs (cargo test); it can also
 * be built by hand:
 *
 *   gcc -std=c99 -Wall -Wextra -Werror -pedantic -pthread -Iinclude \
 *       tests/c/[a-z]*.c -Ltarget/debug -lvifxml \
 *       -Wl,-rpath,<dir holding libvifxml.so.0>
 *
 * Prints each failed check with file:line, then exactly one line
 * "N passed, N failed"; exits 1 if any check failed. */
#include <stdio.h>

#include "check.h"

int main(void) {
    /* Failures are printed as they happen; keep them in order with any
     * sanitizer output on stderr. */
    setvbuf(stdout, NULL, _IONBF, 0);

    test_basics();
    test_null_args();
    test_options();
    test_forward();
    test_forward_errors();
    test_networks();
    test_domain();
    test_reverse();
    test_config();
    test_inputs();
    test_threads();
    test_diagnostics();
    test_version();

    printf("%lu passed, %lu failed\n", check_passed, check_failed);
    return check_failed == 0 && check_passed > 0 ? 0 : 1;
}
