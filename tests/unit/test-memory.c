/* test-memory.c — the heap in huge pages (core/memory.h): with glibc's
 * allocator on Linux, blocks malloc'd afterwards, on any thread, lie in
 * a region the kernel was asked to back with huge pages (the "hg" flag
 * of /proc/self/smaps); elsewhere (AddressSanitizer's allocator, another
 * C library, a kernel without transparent huge pages) nothing is
 * advised and nothing else changes.  A reserve the kernel refuses (a
 * limit on address space) is retried smaller, and allocation goes on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/memory.h"

#if defined(__SANITIZE_ADDRESS__)
#define OTHER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OTHER_ALLOCATOR 1
#endif
#endif

static gsize advised_at_start;

/* Whether this build and kernel can advise the heap at all. */
static gboolean
can_advise (void)
{
#if defined(__GLIBC__) && defined(__linux__) && !defined(OTHER_ALLOCATOR)
    g_autofree char *thp = NULL;
    g_autofree char *overcommit = NULL;
    if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &thp, NULL, NULL))
        return FALSE;
    /* strict overcommit: memory.c leaves malloc alone */
    if (g_file_get_contents ("/proc/sys/vm/overcommit_memory", &overcommit, NULL, NULL)
        && overcommit[0] == '2')
        return FALSE;
    return strstr (thp, "[never]") == NULL;
#else
    return FALSE;
#endif
}

/* The mapping of /proc/self/smaps that holds @p: its first line (*@head)
 * and its VmFlags line; FALSE when no mapping holds it. */
static gboolean
mapping_of (const void *p, char **head, char **flags)
{
    g_autofree char *smaps = NULL;
    g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
    g_auto (GStrv) lines = g_strsplit (smaps, "\n", -1);
    guint64 addr = (guint64) (guintptr) p;
    const char *inside = NULL;

    for (guint i = 0; lines[i] != NULL; i++) {
        guint64 start, end;
        char dash;
        if (g_ascii_isxdigit (lines[i][0])
            && sscanf (lines[i], "%" G_GINT64_MODIFIER "x%c%" G_GINT64_MODIFIER "x", &start,
                       &dash, &end) == 3 && dash == '-') {
            inside = start <= addr && addr < end ? lines[i] : NULL;
        } else if (inside != NULL && g_str_has_prefix (lines[i], "VmFlags:")) {
            *head = g_strdup (inside);
            *flags = g_strdup (lines[i]);
            return TRUE;
        }
    }
    return FALSE;
}

/* Whether @p lies in a region advised for huge pages.  (The advised
 * region starts at the first 2 MB boundary after the heap's end when
 * vinv_memory_init() ran, and a large block may start just before it:
 * callers ask for a block's last byte.) */
static gboolean
in_advised_region (const void *p)
{
    g_autofree char *head = NULL;
    g_autofree char *flags = NULL;
    g_assert_true (mapping_of (p, &head, &flags));
    return strstr (flags, " hg") != NULL;
}

/* Whether @p lies in the main heap (the one brk grows), not in a mapping
 * of its own such as a thread's arena. */
static gboolean
in_main_heap (const void *p)
{
    g_autofree char *head = NULL;
    g_autofree char *flags = NULL;
    g_assert_true (mapping_of (p, &head, &flags));
    return g_str_has_suffix (head, "[heap]");
}

static void
test_advised (void)
{
    /* larger than glibc's default threshold for a mapping of its own
     * (128 KB), smaller than the one memory.c sets (32 MB) */
    void *volatile block = malloc ((gsize) 4 << 20);
    g_assert_nonnull (block);

    if (!can_advise ()) {
        g_assert_cmpuint (advised_at_start, ==, 0);
        g_assert_false (in_advised_region ((char *) block + ((gsize) 4 << 20) - 1));
    } else {
        g_assert_cmpuint (advised_at_start, >=, (gsize) 64 << 20);
        g_assert_true (in_main_heap (block));
        g_assert_true (in_advised_region ((char *) block + ((gsize) 4 << 20) - 1));
    }
    /* after the large free main() made first (below), a new block
     * still lies in the advised region */
    void *volatile again = malloc ((gsize) 4 << 20);
    g_assert_cmpint (in_advised_region ((char *) again + ((gsize) 4 << 20) - 1), ==,
                     can_advise ());
    free (again);
    /* once: a second call changes nothing and says the same */
    g_assert_cmpuint (vinv_memory_init (), ==, advised_at_start);
    memset (block, 1, (gsize) 4 << 20);
    free (block);
}

static gpointer
allocate (gpointer data)
{
    gsize size = GPOINTER_TO_SIZE (data);
    void *p = malloc (size);
    memset (p, 2, size);
    return p;
}

static void
test_threads (void)
{
    /* a thread's blocks come from the main heap, not from an arena of
     * the thread's own (a mapping in 4 KB pages); a block too large for
     * what the heap held before vinv_memory_init() lies in the advised
     * part of it */
    const gsize sizes[] = { 64, 4096, (gsize) 1 << 20, (gsize) 4 << 20 };

    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
        GThread *t = g_thread_new ("alloc", allocate, GSIZE_TO_POINTER (sizes[i]));
        char *p = g_thread_join (t);
        g_assert_cmpint (p[sizes[i] - 1], ==, 2);
        g_assert_cmpint (in_main_heap (p), ==, can_advise ());
        if (sizes[i] >= ((gsize) 4 << 20))
            g_assert_cmpint (in_advised_region (p + sizes[i] - 1), ==, can_advise ());
        free (p);
    }
}

/* Run as "test-memory --address-space-mb=N" by test_refused_reserve():
 * with the address space limited to N MB more than is mapped now, prints
 * what vinv_memory_init() advised and whether a 32 MB block can still be
 * allocated and written. */
static int
limited_child (guint64 extra_mb)
{
    g_autofree char *status = NULL;
    guint64 vm_kb = 0;

    g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
    const char *line = strstr (status, "VmSize:");
    g_assert_nonnull (line);
    vm_kb = g_ascii_strtoull (line + strlen ("VmSize:"), NULL, 10);
    struct rlimit limit = { .rlim_cur = (vm_kb * 1024) + (extra_mb << 20),
                            .rlim_max = (vm_kb * 1024) + (extra_mb << 20) };
    if (setrlimit (RLIMIT_AS, &limit) != 0)
        return 2;
    gsize advised = vinv_memory_init ();
    char *block = malloc ((gsize) 32 << 20);
    if (block != NULL)
        memset (block, 3, (gsize) 32 << 20);
    printf ("advised %" G_GSIZE_FORMAT " block %s\n", advised, block != NULL ? "ok" : "failed");
    free (block);
    return 0;
}

static void
test_refused_reserve (void)
{
    /* the 1 GB reserve does not fit in 600 MB of address space: the
     * 256 MB one is taken, and allocation goes on */
    g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
    g_assert_nonnull (self);
    const char *argv[] = { self, "--address-space-mb=600", NULL };
    g_autofree char *out = NULL;
    int wait_status;
    g_autoptr (GError) error = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
    gsize advised = 0;
    char block[8] = "";
    g_assert_cmpint (sscanf (out, "advised %" G_GSIZE_FORMAT " block %7s", &advised, block), ==, 2);
    g_assert_cmpstr (block, ==, "ok");
    if (can_advise ()) {
        /* 256 MB, less the 2 MB pages cut at either end */
        g_assert_cmpuint (advised, >=, ((gsize) 256 - 4) << 20);
        g_assert_cmpuint (advised, <=, (gsize) 256 << 20);
    } else {
        g_assert_cmpuint (advised, ==, 0);
    }
}

int
main (int argc, char **argv)
{
    if (argc == 2 && g_str_has_prefix (argv[1], "--address-space-mb="))
        return limited_child (g_ascii_strtoull (argv[1] + strlen ("--address-space-mb="), NULL,
                                                10));
    /* first thing, as in the programs' main() */
    advised_at_start = vinv_memory_init ();
    /* a large block freed next to the top of the heap, whose free reserve
     * is then at its largest: glibc considers trimming the top on such a
     * free, and must not give the advised reserve back (test_advised) */
    void *volatile freed = malloc ((gsize) 1 << 20);
    free (freed);
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/memory/advised", test_advised);
    g_test_add_func ("/memory/threads", test_threads);
    g_test_add_func ("/memory/refused-reserve", test_refused_reserve);
    return g_test_run ();
}
