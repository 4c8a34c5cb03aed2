/* secret.h — how passwords and tokens are held: read once from where the
 * user put them, kept out of core dumps, wiped after use, and refused
 * where they must never be (a URI on the command line or in a profile).
 *
 * Every front end takes its password through these functions, so the
 * rules are written once: the environment variable is removed as soon as
 * it is read, a password file is read and its buffer wiped, and from the
 * first secret on the process cannot dump core.  GLib and libc only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VINV_PASSWORD_ENV "VIRT_INVENTORY_PASSWORD"

/* Overwrites @len bytes at @buf with zeros in a way the compiler keeps.
 * @buf may be NULL. */
void vinv_secret_wipe (void *buf, gsize len);

/* Wipes the NUL-terminated @secret and frees it.  Accepts NULL. */
void vinv_secret_free (char *secret);

/* Turns core dumps off for the rest of the process: RLIMIT_CORE to 0 and
 * (Linux) PR_SET_DUMPABLE to 0, which also keeps other processes of the
 * same user from reading its memory through /proc or ptrace.  Called by
 * everything here that hands out a secret and by back-ends that receive
 * one; idempotent and thread-safe.  Returns FALSE if the kernel refused
 * (the process then goes on, as before). */
gboolean vinv_secret_protect_process (void);

/* Takes the secret in the environment variable @name: returns a copy
 * (NULL when unset or empty), removes the variable, so that neither this
 * process's children nor a later read see it, and wipes the bytes of its
 * "NAME=value" string in place (so that /proc/PID/environ, which shows the
 * memory the process started with, no longer holds it).  Call before
 * other threads read the environment. */
char *vinv_secret_take_env (const char *name);

/* Reads the first line of @path (without its line end) into *out, wiping
 * the file's buffer.  FALSE with @error when the file cannot be read. */
gboolean vinv_secret_read_file (const char *path, char **out, GError **error);

/* TRUE if @uri has a password in its user info ("scheme://user:pw@host").
 * Looks only at the authority (before the first '/', '?' or '#'). */
gboolean vinv_uri_has_password (const char *uri);

/* @uri with the password of its user info removed ("ovirt://admin:pw@e"
 * -> "ovirt://admin@e"); a copy of @uri when there is none.  Owned by the
 * caller. */
char *vinv_uri_strip_password (const char *uri);

/* FALSE with a usage error (G_IO_ERROR_INVALID_ARGUMENT) when @uri holds
 * a password.  The message shows the URI without it, never the password,
 * and says where a password goes instead. */
gboolean vinv_uri_check_no_password (const char *uri, GError **error);

/* A thread whose stack is wiped: for threads that may hold a secret, or
 * that were created by a thread that did.
 *
 * A new thread starts with a copy of its creator's registers, and the
 * vector registers of a thread that just copied a request (with its
 * Authorization header) or encrypted one hold pieces of it: glibc's
 * memcpy moves data through them.  The first call through a lazily bound
 * PLT entry, and any signal, saves all registers on the thread's stack,
 * and glibc keeps the stacks of ended threads for reuse, unwiped.  So such
 * a thread runs on a stack allocated here (with a guard page; glibc puts
 * the thread's descriptor and static TLS in it too), and once the thread
 * has ended, the pages of that stack that were ever used are wiped and
 * the whole mapping is unmapped.
 *
 * vinv_secret_thread_new() runs @func (@data) on a new thread named @name
 * (at most 15 bytes are kept) and aborts, like g_thread_new(), if it
 * cannot.  vinv_secret_thread_join() waits for it, wipes and frees its
 * stack and returns what @func returned.  vinv_secret_thread_detach()
 * gives a thread up instead (its result is dropped), for a thread left to
 * finish on its own: its stack is wiped and freed by the first
 * vinv_secret_thread_new(), _join() or _detach() call after it has ended.
 * Every thread made here is joined or detached exactly once.  Thread-safe. */
typedef struct _VinvSecretThread VinvSecretThread;

VinvSecretThread *vinv_secret_thread_new (const char *name, GThreadFunc func, gpointer data);
gpointer vinv_secret_thread_join (VinvSecretThread *thread);
void vinv_secret_thread_detach (VinvSecretThread *thread);

G_END_DECLS
