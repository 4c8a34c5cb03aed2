/* snapshots.c — the Snapshots table: the snapshots of every domain that
 * has any (the domain listing says which), with their definitions and
 * whether each is the current one.
 *
 * Relies on virDomainListAllSnapshots, virDomainSnapshotGetXMLDesc (read
 * by xml-desc.c) and virDomainSnapshotIsCurrent, called per domain on
 * several threads (fetch_run_parallel).
 */
#include "fetch-private.h"

#include <string.h>

static void
snap_row_free (gpointer data)
{
    SnapRow *s = data;

    g_free (s->id);
    vinv_snapshot_desc_free (s->desc);
    g_free (s);
}

/* libvirt lists objects in hash order, which differs between runs; rows
 * come in name order instead, so the same connection always gives the same
 * table order. */

static int
cmp_snapshot_name (const void *a, const void *b)
{
    return g_strcmp0 (virDomainSnapshotGetName (*(virDomainSnapshotPtr const *) a),
                      virDomainSnapshotGetName (*(virDomainSnapshotPtr const *) b));
}

/* Lists domain i's snapshots with their definitions into vm->snaps (left
 * NULL with vm->snap_error set if they cannot be listed). */
static void
read_snapshots (gpointer data, guint i)
{
    Fetch *f = data;
    Vm *vm = g_ptr_array_index (f->vms, i);
    virDomainSnapshotPtr *snaps = NULL;
    int n;

    if (!vm->has_snapshots) {
        vm->snaps = g_ptr_array_new_with_free_func (snap_row_free);
        return;
    }
    n = virDomainListAllSnapshots (vm->dom, &snaps, 0);
    if (n < 0) {
        if (virGetLastErrorCode () != VIR_ERR_NO_DOMAIN)
            vm->snap_error = vinv_libvirt_dup_last_error ();
        virResetLastError ();
        return;
    }
    qsort (snaps, n, sizeof *snaps, cmp_snapshot_name);
    vm->snaps = g_ptr_array_new_with_free_func (snap_row_free);
    for (int k = 0; k < n; k++) {
        char *xml = virDomainSnapshotGetXMLDesc (snaps[k], 0);
        SnapRow *s = g_new0 (SnapRow, 1);

        s->vm = vm;
        s->desc = xml != NULL ? vinv_snapshot_desc_parse (xml, NULL) : NULL;
        free (xml);
        if (s->desc == NULL) {
            s->desc = g_new0 (VinvSnapshotDesc, 1);
            s->desc->creation_time = -1;
        }
        if (s->desc->name == NULL)
            s->desc->name = g_strdup (virDomainSnapshotGetName (snaps[k]));
        s->id = g_strdup_printf ("%s/%s", vm->uuid, s->desc->name);
        s->current = virDomainSnapshotIsCurrent (snaps[k], 0);
        g_ptr_array_add (vm->snaps, s);
        virDomainSnapshotFree (snaps[k]);
    }
    free (snaps);
    virResetLastError ();
}

gboolean
fetch_snapshots (Fetch *f, GError **error)
{
    guint failures = 0;
    const char *first_error = NULL;

    fetch_run_parallel (f, f->cancellable, f->n_threads, f->vms->len, read_snapshots);
    if (fetch_cancelled (f, error))
        return FALSE;
    for (guint i = 0; i < f->vms->len; i++) {
        Vm *vm = g_ptr_array_index (f->vms, i);

        if (vm->snap_error != NULL) {
            failures++;
            if (first_error == NULL)
                first_error = vm->snap_error;
        }
        for (guint k = 0; vm->snaps != NULL && k < vm->snaps->len; k++)
            g_ptr_array_add (f->snap_rows, g_ptr_array_index (vm->snaps, k));
    }
    if (failures > 0) {
        g_autofree char *msg = g_strdup_printf ("snapshots of %u domains of %s could not be "
                                                "listed: %s", failures, f->source,
                                                first_error);
        vinv_table_set_error (vinv_inventory_ensure_table (f->inv, VINV_TABLE_SNAP), msg);
    }
    return TRUE;
}

void
fetch_emit_snapshots (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_SNAP);
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;

    for (guint i = 0; i < f->snap_rows->len; i++) {
        SnapRow *s = g_ptr_array_index (f->snap_rows, i);
        const VinvSnapshotDesc *d = s->desc;
        guint row = vinv_table_add_row (t, f->source, s->id);
        gboolean external = d->disk_external
                            || (d->memory != NULL && strcmp (d->memory, "external") == 0);

        vinv_table_set_ref (t, row, VINV_SNAP_VM, s->vm->name, s->vm->uuid);
        vinv_table_set_string (t, row, VINV_SNAP_NAME, d->name);
        vinv_table_set_string (t, row, VINV_SNAP_DESCRIPTION, d->description);
        vinv_table_set_string (t, row, VINV_SNAP_STATUS, d->state);
        vinv_table_set_string (t, row, VINV_SNAP_TYPE, external ? "external" : "internal");
        vinv_table_set_string (t, row, VINV_SNAP_PARENT, d->parent);
        fetch_set_bool_known (t, row, VINV_SNAP_CURRENT, s->current);
        if (d->memory != NULL)
            vinv_table_set_bool (t, row, VINV_SNAP_MEMORY_SAVED, strcmp (d->memory, "no") != 0);
        else if (d->state != NULL)
            /* Older snapshots say nothing: memory went with running guests. */
            vinv_table_set_bool (t, row, VINV_SNAP_MEMORY_SAVED,
                                 strcmp (d->state, "running") == 0
                                 || strcmp (d->state, "paused") == 0);
        if (d->creation_time >= 0) {
            vinv_table_set_time (t, row, VINV_SNAP_DATE, d->creation_time * 1000);
            vinv_table_set_quantity (t, row, VINV_SNAP_AGE,
                                     (double) MAX (now - d->creation_time, 0));
        }
    }
}
