/* measure.c — runs one command and reports its wall time, CPU time and
 * peak resident memory, like a minimal /usr/bin/time.
 *
 * Why not measure from bench/run itself: Linux keeps a process's peak-RSS
 * mark across exec, so a child forked by a 40 MB Python process reports at
 * least 40 MB whatever it execs.  This helper is tiny, and the child it
 * forks starts from its small footprint.
 *
 * Usage: measure OUTFILE COMMAND [ARG]...
 * Writes one line to OUTFILE: "WALL_S USER_S SYS_S MAXRSS_KB EXIT" (EXIT is
 * the exit status, or 128 + the signal that ended the command) and exits
 * with the command's status.  Standard streams are the command's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
    if (argc < 3) {
        fprintf (stderr, "usage: measure OUTFILE COMMAND [ARG]...\n");
        return 2;
    }
    FILE *out = fopen (argv[1], "w");
    if (out == NULL) {
        perror (argv[1]);
        return 2;
    }

    double t0 = now ();
    pid_t pid = fork ();
    if (pid < 0) {
        perror ("fork");
        return 2;
    }
    if (pid == 0) {
        fclose (out);
        execvp (argv[2], argv + 2);
        perror (argv[2]);
        _exit (127);
    }

    int status;
    struct rusage ru;
    if (wait4 (pid, &status, 0, &ru) < 0) {
        perror ("wait4");
        return 2;
    }
    double wall = now () - t0;
    int code = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
    fprintf (out, "%.6f %.6f %.6f %ld %d\n", wall,
             (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6,
             (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6,
             ru.ru_maxrss, code);
    fclose (out);
    return code;
}
