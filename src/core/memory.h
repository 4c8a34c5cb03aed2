/* memory.h — how the process's heap is laid out: in huge pages.
 *
 * Loading an inventory fills tens to hundreds of megabytes of fresh heap.
 * In 4 KB pages that is one page fault per 4 KB, and page faults are dear
 * (on a virtual machine, about 10 µs each: 10,000 oVirt VMs made 17,500 of
 * them, a third of the client's time).  Called first thing in main(), this
 * asks for the heap to be backed by 2 MB pages instead.  GLib and libc
 * only; a no-op where the C library is not glibc, where the kernel gives
 * no huge pages, and under strict overcommit.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the C library's allocator up to serve the heap from huge pages
 * (memory.c says how) and returns how many bytes were advised (0 when
 * nothing was: another C library or allocator, no huge pages, strict
 * overcommit, or the kernel refused).  Call it once, before any thread is started; later calls do
 * nothing and return the same. */
gsize vinv_memory_init (void);

G_END_DECLS
