/* Reentrancy (SPEC §7: no global or thread-local state): several threads
 * convert at once, sharing one options object, and every result, error
 * object and message stays their own. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

#include "check.h"

#define THREADS 4
#define ROUNDS 200

/* Thread-safe resolver: a pure function of its argument. */
static const char *resolve_pure(const char *network, void *userdata) {
    (void)userdata;
    if (strcmp(network, "lan") == 0)
        return "br-lan";
    if (strcmp(network, "dmz") == 0)
        return "br-dmz";
    return NULL;
}

struct job {
    const vifxml_options *opts;
    int id;
    unsigned long mismatches;
    unsigned long rounds_done;
};

static int expect(const char *xml, const vifxml_options *o, vifxml_status st,
                  const char *vif, const char *msg_needle) {
    char *out = SENTINEL_STR;
    vifxml_error *err = SENTINEL_ERR;
    vifxml_status got = vifxml_interface_to_vif(xml, strlen(xml), o, &out, &err);
    int ok = got == st;
    if (st == VIFXML_STATUS_OK)
        ok = ok && out != NULL && out != SENTINEL_STR && strcmp(out, vif) == 0 &&
             err == NULL;
    else
        ok = ok && out == NULL && err != NULL && err != SENTINEL_ERR &&
             vifxml_error_status(err) == st &&
             strstr(vifxml_error_message(err), msg_needle) != NULL;
    if (out != SENTINEL_STR)
        vifxml_string_free(out);
    if (err != SENTINEL_ERR)
        vifxml_error_free(err);
    return ok;
}

static void *worker(void *arg) {
    struct job *job = arg;
    char xml[512], vif[256], net[32];
    int r;
    for (r = 0; r < ROUNDS; r++) {
        int n = (job->id * ROUNDS + r) % 250 + 1;
        /* a result that depends on the thread and the round */
        sprintf(xml,
                "<interface type='network'><mac address='00:16:3e:00:%02x:%02x'/>"
                "<source network='%s'/><target dev='t%d'/></interface>",
                job->id, n, (r & 1) ? "lan" : "dmz", n);
        sprintf(vif, "mac=00:16:3e:00:%02x:%02x,bridge=%s,script=vif-bridge,vifname=t%d",
                job->id, n, (r & 1) ? "br-lan" : "br-dmz", n);
        if (!expect(xml, job->opts, VIFXML_STATUS_OK, vif, NULL))
            job->mismatches++;
        /* and an error naming this thread's own network */
        sprintf(net, "net%d_%d", job->id, r);
        sprintf(xml, "<interface type='network'><source network='%s'/></interface>",
                net);
        if (!expect(xml, job->opts, VIFXML_STATUS_NETWORK_UNRESOLVED, NULL, net))
            job->mismatches++;
        job->rounds_done++;
    }
    return NULL;
}

void test_threads(void) {
    pthread_t tids[THREADS];
    struct job jobs[THREADS];
    int started[THREADS];
    int i;
    vifxml_options *o = vifxml_options_new();
    CHECK(o != NULL);
    if (o == NULL)
        return;
    CHECK_STATUS(vifxml_options_set_network_resolver(o, resolve_pure, NULL),
                 VIFXML_STATUS_OK);
    for (i = 0; i < THREADS; i++) {
        jobs[i].opts = o;
        jobs[i].id = i + 1;
        jobs[i].mismatches = 0;
        jobs[i].rounds_done = 0;
        started[i] = pthread_create(&tids[i], NULL, worker, &jobs[i]) == 0;
        CHECK(started[i]);
    }
    for (i = 0; i < THREADS; i++) {
        if (!started[i])
            continue;
        CHECK(pthread_join(tids[i], NULL) == 0);
        CHECK_UINT(jobs[i].rounds_done, ROUNDS);
        CHECK_UINT(jobs[i].mismatches, 0);
    }
    vifxml_options_free(o);
}
