/* memory.c — the process's heap in huge pages (memory.h).
 *
 * What it does, with glibc's malloc (elsewhere it does nothing):
 *
 *  - every thread allocates from the one main heap (M_ARENA_MAX 1), the
 *    heap that grows by brk, so that there is one region to advise: a
 *    thread's own arena would be a mapping of its own, in 4 KB pages;
 *  - blocks up to BIG_BLOCK come from that heap too, rather than from
 *    mappings of their own (M_MMAP_THRESHOLD, which also stops glibc from
 *    moving the threshold), and free memory at its top is handed back to
 *    the kernel only beyond 1.5 times the reserve (M_TRIM_THRESHOLD), so
 *    that the advised region, free at first, stays;
 *  - the heap is grown once, now, by a reserve (M_TOP_PAD for one
 *    allocation, then back to glibc's default), and the region added is
 *    advised MADV_HUGEPAGE: the kernel backs it with 2 MB pages as it is
 *    first touched (transparent huge pages "madvise" or "always").
 *
 * Reserving address space costs no memory: the resident size is what is
 * touched, rounded up to 2 MB pages.  Should the kernel refuse the
 * reserve (a limit on address space), a smaller one is tried, and at
 * worst nothing is advised; a heap that outgrows the reserve grows in
 * 4 KB pages, as before.  Where the kernel gives no huge pages, or
 * commits memory strictly (huge_pages_wanted()), malloc is left as it
 * is.  Nothing here fails the program.
 *
 * Measured (BENCHMARKS.md, round 8): loading 10,000 oVirt VMs made 17,500
 * page faults, about 10 µs each on the virtual machines we run on, and
 * 1,700 with this; the client's CPU time fell from 0.72 to 0.43 s.
 */
#include "memory.h"

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#define HUGE_PAGE ((uintptr_t) 2 << 20)
#define BIG_BLOCK (32 << 20)
#define DEFAULT_TOP_PAD (128 * 1024)

#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
/* Grows the heap by about @reserve bytes and advises the 2 MB pages that
 * lie wholly in what was added; returns how many bytes were advised. */
static gsize
reserve_and_advise (gsize reserve)
{
    gsize advised = 0;

    if (mallopt (M_TOP_PAD, (int) reserve) != 1)
        return 0;
    uintptr_t before = (uintptr_t) sbrk (0);
    /* volatile: the compiler may drop an allocation it sees unused, and
     * this one is made for its side effect, the heap's growth */
    void *volatile grow = malloc (HUGE_PAGE);
    uintptr_t after = (uintptr_t) sbrk (0);
    uintptr_t start = (before + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t end = after & ~(HUGE_PAGE - 1);

    if (grow != NULL && before != (uintptr_t) -1 && after != (uintptr_t) -1 && end > start
        && madvise ((void *) start, end - start, MADV_HUGEPAGE) == 0)
        advised = end - start;
    free (grow);
    mallopt (M_TOP_PAD, DEFAULT_TOP_PAD);
    return advised;
}

/* The first line of the file at @path, or NULL when it cannot be read. */
static char *
first_line (const char *path)
{
    char *contents = NULL;
    if (!g_file_get_contents (path, &contents, NULL, NULL))
        return NULL;
    contents[strcspn (contents, "\n")] = '\0';
    return contents;
}

/* Whether to set the heap up at all: not when the kernel gives no huge
 * pages (no such setting, or "never"), and not under strict overcommit
 * (mode 2), where the reserve would count as committed memory, against
 * the limit that every process of the machine shares, and a fork() would
 * count it again. */
static gboolean
huge_pages_wanted (void)
{
    g_autofree char *thp = first_line ("/sys/kernel/mm/transparent_hugepage/enabled");
    g_autofree char *overcommit = first_line ("/proc/sys/vm/overcommit_memory");

    return thp != NULL && strstr (thp, "[never]") == NULL
           && (overcommit == NULL || strcmp (overcommit, "2") != 0);
}
#endif

gsize
vinv_memory_init (void)
{
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
    static gsize advised;
    static gsize once;

    if (!g_once_init_enter (&once))
        return advised;
    if (huge_pages_wanted () && mallopt (M_ARENA_MAX, 1) == 1
        && mallopt (M_MMAP_THRESHOLD, BIG_BLOCK) == 1) {
        /* 1 GB holds about 150,000 oVirt VMs; smaller ones if refused */
        for (gsize reserve = (gsize) 1 << 30; advised == 0 && reserve >= ((gsize) 64 << 20);
             reserve /= 4) {
            /* above the reserve: the free reserve itself is the top of
             * the heap, and glibc gives back any top larger than this
             * (down to M_TOP_PAD) at the next free() next to it */
            if (mallopt (M_TRIM_THRESHOLD, (int) (reserve + reserve / 2)) == 1)
                advised = reserve_and_advise (reserve);
        }
    }
    g_once_init_leave (&once, 1);
    return advised;
#else
    return 0;
#endif
}
