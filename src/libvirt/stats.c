/* stats.c — reads a domain's record of virConnectGetAllDomainStats: its
 * state, CPU time and balloon figures into the Vm struct, and the
 * per-device block and interface counters ("block.N.rd.bytes",
 * "net.N.rx.bytes", ...) into arrays that storage.c and networks.c match
 * to disks and NICs by device name.
 *
 * Knows libvirt's typed parameters and the field names of the bulk call;
 * knows nothing of tables.
 */
#include "fetch-private.h"

#include <string.h>

/* Reads a numeric typed parameter as an unsigned 64-bit value. */
static gboolean
param_u64 (const virTypedParameter *p, guint64 *out)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT:
        *out = p->value.i < 0 ? 0 : (guint64) p->value.i;
        return TRUE;
    case VIR_TYPED_PARAM_UINT:
        *out = p->value.ui;
        return TRUE;
    case VIR_TYPED_PARAM_LLONG:
        *out = p->value.l < 0 ? 0 : (guint64) p->value.l;
        return TRUE;
    case VIR_TYPED_PARAM_ULLONG:
        *out = p->value.ul;
        return TRUE;
    case VIR_TYPED_PARAM_DOUBLE:
        *out = p->value.d < 0 ? 0 : (guint64) p->value.d;
        return TRUE;
    default:
        return FALSE;
    }
}

static DevStat *
dev_stat (GArray **array, guint index)
{
    if (*array == NULL)
        *array = g_array_new (FALSE, TRUE, sizeof (DevStat));
    if (index >= 4096)
        return NULL;       /* a driver gone mad; ignore */
    if ((*array)->len <= index)
        g_array_set_size (*array, index + 1);
    return &g_array_index (*array, DevStat, index);
}

/* Parses "PREFIX.N.FIELD" into N and FIELD; FALSE if @field is not so. */
static gboolean
split_indexed (const char *field, const char *prefix, guint *index, const char **rest)
{
    gsize len = strlen (prefix);
    char *end;

    if (strncmp (field, prefix, len) != 0 || !g_ascii_isdigit (field[len]))
        return FALSE;
    *index = (guint) g_ascii_strtoull (field + len, &end, 10);
    if (*end != '.')
        return FALSE;
    *rest = end + 1;
    return TRUE;
}

static void
set_dev_value (DevStat *s, guint which, const virTypedParameter *p)
{
    if (s != NULL && param_u64 (p, &s->v[which]))
        s->have |= 1u << which;
}

/* Takes a domain's statistics from its bulk record. */
void
fetch_take_stats (Vm *vm, virDomainStatsRecordPtr rec)
{
    static const char *const block_fields[] = { "rd.bytes", "rd.reqs", "wr.bytes", "wr.reqs" };
    static const char *const net_fields[] = {
        "rx.bytes", "rx.errs", "rx.drop", "tx.bytes", "tx.errs", "tx.drop"
    };

    for (int i = 0; i < rec->nparams; i++) {
        const virTypedParameter *p = &rec->params[i];
        const char *field = p->field;
        const char *rest;
        guint64 v;
        guint index;

        if (split_indexed (field, "block.", &index, &rest)) {
            DevStat *s = dev_stat (&vm->blocks, index);
            if (s != NULL && strcmp (rest, "name") == 0 && p->type == VIR_TYPED_PARAM_STRING)
                s->name = p->value.s;
            for (guint k = 0; k < G_N_ELEMENTS (block_fields); k++) {
                if (strcmp (rest, block_fields[k]) == 0)
                    set_dev_value (s, k, p);
            }
        } else if (split_indexed (field, "net.", &index, &rest)) {
            DevStat *s = dev_stat (&vm->nets, index);
            if (s != NULL && strcmp (rest, "name") == 0 && p->type == VIR_TYPED_PARAM_STRING)
                s->name = p->value.s;
            for (guint k = 0; k < G_N_ELEMENTS (net_fields); k++) {
                if (strcmp (rest, net_fields[k]) == 0)
                    set_dev_value (s, k, p);
            }
        } else if (!param_u64 (p, &v)) {
            continue;
        } else if (strcmp (field, "state.state") == 0) {
            vm->state = (int) v;
            vm->have |= HAVE_STATE;
        } else if (strcmp (field, "cpu.time") == 0) {
            vm->cpu_time = v;
            vm->have |= HAVE_CPU_TIME;
        } else if (strcmp (field, "balloon.current") == 0) {
            vm->balloon_current = v;
            vm->have |= HAVE_BALLOON_CURRENT;
        } else if (strcmp (field, "balloon.unused") == 0) {
            vm->balloon_unused = v;
            vm->have |= HAVE_BALLOON_UNUSED;
        } else if (strcmp (field, "balloon.rss") == 0) {
            vm->balloon_rss = v;
            vm->have |= HAVE_BALLOON_RSS;
        }
    }
}

const DevStat *
fetch_find_dev_stat (GArray *stats, const char *name, guint fallback_index)
{
    if (stats == NULL)
        return NULL;
    for (guint i = 0; name != NULL && i < stats->len; i++) {
        const DevStat *s = &g_array_index (stats, DevStat, i);
        if (s->name != NULL && strcmp (s->name, name) == 0)
            return s;
    }
    /* Unnamed entries (some drivers) follow the device order. */
    if (fallback_index < stats->len) {
        const DevStat *s = &g_array_index (stats, DevStat, fallback_index);
        if (s->name == NULL && s->have != 0)
            return s;
    }
    return NULL;
}
