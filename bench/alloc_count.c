/*
 * alloc_count.so: counts heap allocations, for `bench_c allocs` (bench/run.sh):
 *
 *   LD_PRELOAD=bench/alloc_count.so bench/bench_c allocs IMPL PATH DIALECT N
 *
 * Interposes malloc, calloc, realloc, free and the aligned allocators (glibc
 * routes its own internal calls, strdup's and libxml2's xmlMalloc among them,
 * through the interposed symbols) and forwards each to glibc's __libc_*
 * implementation, so no dlsym is needed and nothing allocates while counting.
 * Counting is off until the program sets bench_alloc_counters.on, which it
 * finds with dlsym(RTLD_DEFAULT, "bench_alloc_counters"); not thread-safe
 * (bench_c is single-threaded).
 *
 * Counted: every call that returns new memory — malloc, calloc, realloc
 * (including a realloc that grows in place: it is a call the allocator has to
 * serve), memalign and friends — and their requested bytes; of them, the
 * reallocs of an existing block separately; and frees.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

struct bench_alloc_counters {
    int on;
    unsigned long allocs, reallocs, frees;
    unsigned long long bytes;
};

struct bench_alloc_counters bench_alloc_counters;

static void note(size_t bytes)
{
    if (bench_alloc_counters.on) {
        bench_alloc_counters.allocs++;
        bench_alloc_counters.bytes += bytes;
    }
}

void *malloc(size_t n)
{
    note(n);
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    note(n * size);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    if (p && n == 0) {
        if (bench_alloc_counters.on)
            bench_alloc_counters.frees++;
    } else {
        note(n);
        if (p && bench_alloc_counters.on)
            bench_alloc_counters.reallocs++;
    }
    return __libc_realloc(p, n);
}

void free(void *p)
{
    if (p && bench_alloc_counters.on)
        bench_alloc_counters.frees++;
    __libc_free(p);
}

void *memalign(size_t align, size_t n)
{
    note(n);
    return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
    note(n);
    return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    note(n);
    void *p = __libc_memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
