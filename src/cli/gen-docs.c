/* gen-docs.c — writes the man page or the bash completion script at build
 * time (meson custom_target), from the tables of libvinv_cli (docs.c):
 *
 *     gen-docs man VERSION OUTPUT
 *     gen-docs bash-completion OUTPUT
 *
 * Not installed.  Exit status 0, or 1 with a message on a usage or write
 * error.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"

int
main (int argc, char **argv)
{
    g_autofree char *text = NULL;
    const char *output;
    g_autoptr (GError) error = NULL;

    if (argc == 4 && strcmp (argv[1], "man") == 0) {
        text = vinv_cli_dup_man_page (argv[2]);
        output = argv[3];
    } else if (argc == 3 && strcmp (argv[1], "bash-completion") == 0) {
        text = vinv_cli_dup_bash_completion ();
        output = argv[2];
    } else {
        fprintf (stderr, "usage: gen-docs man VERSION OUTPUT | gen-docs bash-completion OUTPUT\n");
        return 1;
    }
    if (!g_file_set_contents (output, text, -1, &error)) {
        fprintf (stderr, "gen-docs: %s\n", error->message);
        return 1;
    }
    return 0;
}
