/* anonymize.c — copies an inventory with stable pseudonyms (anonymize.h).
 *
 * Every text cell goes through one of a few rules chosen per column (the
 * table below, by column id): an entity name of the column's own table or
 * of the table a reference or list links to, free text, an address (IPv4,
 * IPv6, MAC or host name, told apart by their shape), a path, a URI; or it
 * is kept because it only names a state, a type or a version.  A text
 * column that no rule lists is free text, so new columns stay anonymous
 * until someone decides they are harmless.
 *
 * The mapping is one hash table per kind (original -> pseudonym) plus a
 * counter; invariant: within a kind the map is injective (numbers are
 * never reused) and a pseudonym never equals another kind's (the prefixes
 * differ), so distinct originals stay distinct and links stay unique.
 */
#include "anonymize.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One kind of pseudonym: its map and the last number given. */
typedef struct {
    GHashTable *map;             /* original -> pseudonym, both owned */
    guint last;
} Kind;

struct _VinvAnonymizer {
    GHashTable *kinds;           /* kind name (static) -> Kind * */
    GHashTable *ipv4_nets;       /* "a.b.c" -> "10.x.y" */
    GHashTable *ipv6_nets;       /* first 8 bytes, as hex -> "fd00:0:0:N" */
};

typedef enum {
    RULE_KEEP,                   /* a state, type or version: kept */
    RULE_ENTITY,                 /* the name of a row of the column's table */
    RULE_TEXT,                   /* free text */
    RULE_ADDRESS,                /* IP, MAC or host name */
    RULE_PATH,                   /* a file or directory path (or a URI) */
    RULE_URI,
    RULE_TOKENS,                 /* names of the table's rows, separated by , ; or space */
} Rule;

/* The rules by column id (any table, unless @table is set).  Reference and
 * list columns with a target are names of their target's rows and need no
 * entry; Source and ID have their own treatment. */
static const struct {
    const char *table;           /* or NULL: every table */
    const char *column;
    Rule rule;
    const char *kind;            /* RULE_ENTITY/RULE_TOKENS: the kind, or NULL for the table's */
} rules[] = {
    { NULL, "name", RULE_ENTITY, NULL },
    { "vms", "pool", RULE_ENTITY, "pool" },
    { "snapshots", "parent", RULE_ENTITY, NULL },
    { "templates", "nics", RULE_ENTITY, "nic" },
    { "host_nics", "bond", RULE_TOKENS, NULL },
    { NULL, "description", RULE_TEXT, NULL },
    { NULL, "alias", RULE_TEXT, NULL },
    { NULL, "fqdn", RULE_ADDRESS, NULL },
    { NULL, "address", RULE_ADDRESS, NULL },
    { NULL, "storage_address", RULE_ADDRESS, NULL },
    { NULL, "ip", RULE_ADDRESS, NULL },
    { NULL, "ip_addresses", RULE_ADDRESS, NULL },
    { NULL, "mac", RULE_ADDRESS, NULL },
    { NULL, "path", RULE_PATH, NULL },
    { NULL, "uri", RULE_URI, NULL },
    /* harmless: states, types, models, versions, device names */
    { NULL, "status", RULE_KEEP, NULL },
    { NULL, "type", RULE_KEEP, NULL },
    { NULL, "console", RULE_KEEP, NULL },
    { NULL, "cluster_version", RULE_KEEP, NULL },
    { NULL, "compatibility_version", RULE_KEEP, NULL },
    { NULL, "version", RULE_KEEP, NULL },
    { NULL, "os", RULE_KEEP, NULL },
    { NULL, "guest_os", RULE_KEEP, NULL },
    { NULL, "architecture", RULE_KEEP, NULL },
    { NULL, "cpu_model", RULE_KEEP, NULL },
    { NULL, "cpu", RULE_KEEP, NULL },
    { NULL, "spm", RULE_KEEP, NULL },
    { NULL, "vdsm_version", RULE_KEEP, NULL },
    { NULL, "hypervisor", RULE_KEEP, NULL },
    { NULL, "libvirt_version", RULE_KEEP, NULL },
    { NULL, "format", RULE_KEEP, NULL },
    { NULL, "content_type", RULE_KEEP, NULL },
    { NULL, "storage_type", RULE_KEEP, NULL },
    { NULL, "storage_format", RULE_KEEP, NULL },
    { NULL, "interface", RULE_KEEP, NULL },
    { NULL, "target", RULE_KEEP, NULL },
    { NULL, "error_handling", RULE_KEEP, NULL },
    { NULL, "firewall", RULE_KEEP, NULL },
    { NULL, "quota_mode", RULE_KEEP, NULL },
    { NULL, "usages", RULE_KEEP, NULL },
    { NULL, "forward", RULE_KEEP, NULL },
    { NULL, "bridge", RULE_KEEP, NULL },
    { NULL, "pass_through", RULE_KEEP, NULL },
};

/* The kind of a table's entity names: "vm" for vms, ... */
static const char *const entity_kinds[VINV_TABLE_LAST] = {
    [VINV_TABLE_VM] = "vm",
    [VINV_TABLE_HOST] = "host",
    [VINV_TABLE_DISK] = "disk",
    [VINV_TABLE_SD] = "storage",
    [VINV_TABLE_CLUSTER] = "cluster",
    [VINV_TABLE_DC] = "dc",
    [VINV_TABLE_NET] = "network",
    [VINV_TABLE_PROFILE] = "profile",
    [VINV_TABLE_TEMPLATE] = "template",
    [VINV_TABLE_VMNIC] = "nic",
    [VINV_TABLE_HOSTNIC] = "hostnic",
    [VINV_TABLE_SNAP] = "snapshot",
};

/* How a kind's pseudonyms are spelt: PREFIX, the number with DIGITS
 * digits (zero-padded), SUFFIX.  Kinds not listed: "KIND-%03u". */
static const struct {
    const char *kind;
    const char *prefix;
    int digits;
    const char *suffix;
} spellings[] = {
    { "vm", "vm-", 4, "" }, { "disk", "disk-", 4, "" }, { "nic", "nic-", 4, "" },
    { "snapshot", "snapshot-", 4, "" }, { "text", "text-", 4, "" },
    { "fqdn", "fqdn-", 4, ".example" }, { "hostname", "hostname-", 4, "" },
    { "file", "file-", 4, "" }, { "dir", "/dir-", 3, "" }, { "id", "id-", 5, "" },
    { "source", "source-", 2, "" },
};

/* The @n-th pseudonym of @kind.  Owned by caller. */
static char *
spell (const char *kind, guint n)
{
    for (guint i = 0; i < G_N_ELEMENTS (spellings); i++) {
        if (strcmp (spellings[i].kind, kind) == 0)
            return g_strdup_printf ("%s%0*u%s", spellings[i].prefix, spellings[i].digits, n,
                                    spellings[i].suffix);
    }
    return g_strdup_printf ("%s-%03u", kind, n);
}

static void
kind_free (gpointer data)
{
    Kind *k = data;
    g_hash_table_unref (k->map);
    g_free (k);
}

VinvAnonymizer *
vinv_anonymizer_new (void)
{
    VinvAnonymizer *self = g_new0 (VinvAnonymizer, 1);
    self->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, kind_free);
    self->ipv4_nets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->ipv6_nets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    return self;
}

void
vinv_anonymizer_free (VinvAnonymizer *self)
{
    if (self == NULL)
        return;
    g_hash_table_unref (self->kinds);
    g_hash_table_unref (self->ipv4_nets);
    g_hash_table_unref (self->ipv6_nets);
    g_free (self);
}

static Kind *
get_kind (VinvAnonymizer *self, const char *kind)
{
    Kind *k = g_hash_table_lookup (self->kinds, kind);
    if (k == NULL) {
        k = g_new0 (Kind, 1);
        k->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        g_hash_table_insert (self->kinds, (gpointer) g_intern_string (kind), k);
    }
    return k;
}

/* Stores @pseudonym (taken) for @original of @kind and returns it. */
static const char *
remember (VinvAnonymizer *self, const char *kind, const char *original, char *pseudonym)
{
    g_hash_table_insert (get_kind (self, kind)->map, g_strdup (original), pseudonym);
    return pseudonym;
}

/* The next number of @kind's series: 1, 2, ...; never one given before. */
static guint
next_number (VinvAnonymizer *self, const char *kind)
{
    return ++get_kind (self, kind)->last;
}

/* The pseudonym of @original of @kind from the kind's numbered series. */
static const char *
numbered (VinvAnonymizer *self, const char *kind, const char *original)
{
    const char *known = vinv_anonymizer_lookup (self, kind, original);
    if (known != NULL)
        return known;
    return remember (self, kind, original, spell (kind, next_number (self, kind)));
}

const char *
vinv_anonymizer_lookup (const VinvAnonymizer *self, const char *kind, const char *original)
{
    Kind *k = g_hash_table_lookup (self->kinds, kind);
    return k != NULL ? g_hash_table_lookup (k->map, original) : NULL;
}

/* ---- addresses ---- */

/* Makes the pseudonym (owned by caller) of @text as one kind of address,
 * or returns NULL, having changed nothing, if @text is not of that kind. */
typedef char *(*MakeAddress) (VinvAnonymizer *self, const char *text);

/* The pseudonym of network @net (taken) in @nets, "10.x.y" or
 * "fd00:0:0:N" (@v6): the one it was given before, or the next one. */
static const char *
network (GHashTable *nets, char *net, gboolean v6)
{
    const char *known = g_hash_table_lookup (nets, net);
    if (known != NULL) {
        g_free (net);
        return known;
    }
    guint n = g_hash_table_size (nets) + 1;
    char *made = v6 ? g_strdup_printf ("fd00:0:0:%x", n)
                    : g_strdup_printf ("10.%u.%u", (n >> 8) & 255, n & 255);
    g_hash_table_insert (nets, net, made);
    return made;
}

/* "10.x.y.HOST" for the IPv4 @text ("a.b.c.d", optionally "/prefix").  The
 * /24 of the original maps to one "10.x.y". */
static char *
make_ipv4 (VinvAnonymizer *self, const char *text)
{
    guint o[4];
    int prefix = -1;
    int used = 0;
    if (sscanf (text, "%3u.%3u.%3u.%3u%n", &o[0], &o[1], &o[2], &o[3], &used) != 4)
        return NULL;
    if (text[used] == '/') {
        char *end = NULL;
        long v = strtol (text + used + 1, &end, 10);
        if (end == text + used + 1 || *end != '\0' || v < 0 || v > 32)
            return NULL;
        prefix = (int) v;
    } else if (text[used] != '\0') {
        return NULL;
    }
    for (guint i = 0; i < 4; i++) {
        if (o[i] > 255)
            return NULL;
    }
    const char *pnet = network (self->ipv4_nets, g_strdup_printf ("%u.%u.%u", o[0], o[1], o[2]),
                                FALSE);
    return prefix >= 0 ? g_strdup_printf ("%s.%u/%d", pnet, o[3], prefix)
                       : g_strdup_printf ("%s.%u", pnet, o[3]);
}

/* "fd00:0:0:N::M" for the IPv6 @text (optionally in brackets or with
 * "/prefix").  The /64 maps to one N. */
static char *
make_ipv6 (VinvAnonymizer *self, const char *text)
{
    if (strchr (text, ':') == NULL)
        return NULL;

    g_autofree char *addr = g_strdup (text[0] == '[' ? text + 1 : text);
    char *slash = strchr (addr, '/');
    char *bracket = strchr (addr, ']');
    g_autofree char *suffix = g_strdup (slash != NULL ? slash : "");
    if (bracket != NULL)
        *bracket = '\0';
    if (slash != NULL)
        *slash = '\0';
    g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (addr);
    if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6)
        return NULL;
    const guint8 *bytes = g_inet_address_to_bytes (inet);
    const char *pnet = network (self->ipv6_nets,
                                g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x", bytes[0],
                                                 bytes[1], bytes[2], bytes[3], bytes[4],
                                                 bytes[5], bytes[6], bytes[7]),
                                TRUE);
    return g_strdup_printf ("%s%s::%x%s%s", text[0] == '[' ? "[" : "", pnet,
                            next_number (self, "ipv6"), text[0] == '[' ? "]" : "", suffix);
}

/* "02:00:00:00:00:N" for a MAC address (six hex pairs joined by ':' or
 * '-'). */
static char *
make_mac (VinvAnonymizer *self, const char *text)
{
    if (strlen (text) != 17)
        return NULL;
    for (guint i = 0; i < 17; i++) {
        gboolean sep = i % 3 == 2;
        if (sep ? (text[i] != ':' && text[i] != '-') : !g_ascii_isxdigit (text[i]))
            return NULL;
    }
    guint n = next_number (self, "mac");
    return g_strdup_printf ("02:00:00:%02x:%02x:%02x", (n >> 16) & 255, (n >> 8) & 255,
                            n & 255);
}

/* The kinds of address, tried in this order. */
static const struct {
    const char *kind;
    MakeAddress make;
} address_kinds[] = {
    { "ipv4", make_ipv4 },
    { "ipv6", make_ipv6 },
    { "mac", make_mac },
};

/* The pseudonym of the address @text: an IP or MAC address of the kind
 * its shape says, else a host name ("fqdn" if it has a dot). */
static const char *
address (VinvAnonymizer *self, const char *text)
{
    for (guint i = 0; i < G_N_ELEMENTS (address_kinds); i++) {
        const char *known = vinv_anonymizer_lookup (self, address_kinds[i].kind, text);
        if (known != NULL)
            return known;
        char *made = address_kinds[i].make (self, text);
        if (made != NULL)
            return remember (self, address_kinds[i].kind, text, made);
    }
    return numbered (self, strchr (text, '.') != NULL ? "fqdn" : "hostname", text);
}

/* ---- paths and URIs ---- */

static const char *uri (VinvAnonymizer *self, const char *text);

/* "/dir-001/file-0002.ext": the directory and the file name mapped apart,
 * so files of one directory stay together; a short extension is kept. */
static const char *
path (VinvAnonymizer *self, const char *text)
{
    const char *known = vinv_anonymizer_lookup (self, "path", text);
    if (known != NULL)
        return known;
    if (strstr (text, "://") != NULL)
        return uri (self, text);
    if (text[0] != '/')
        return numbered (self, "text", text);

    g_autofree char *trimmed = g_strdup (text);
    gsize len = strlen (trimmed);
    while (len > 1 && trimmed[len - 1] == '/')
        trimmed[--len] = '\0';
    const char *slash = strrchr (trimmed, '/');
    g_autofree char *dir = g_strndup (trimmed, slash - trimmed);
    const char *base = slash + 1;
    if (*base == '\0')
        return remember (self, "path", text, g_strdup ("/"));

    /* a path that is itself a known directory maps as that directory */
    const char *as_dir = vinv_anonymizer_lookup (self, "dir", trimmed);
    if (as_dir != NULL)
        return remember (self, "path", text, g_strdup (as_dir));

    const char *dot = strrchr (base, '.');
    gboolean keep_ext = dot != NULL && dot != base && strlen (dot + 1) >= 1
                        && strlen (dot + 1) <= 5;
    for (const char *e = keep_ext ? dot + 1 : ""; *e != '\0'; e++)
        keep_ext &= g_ascii_isalnum (*e);
    const char *pdir = dir[0] != '\0' ? numbered (self, "dir", dir) : "";
    const char *pfile = numbered (self, "file", base);
    char *p = g_strdup_printf ("%s/%s%s", pdir, pfile, keep_ext ? dot : "");
    return remember (self, "path", text, p);
}

/* "SCHEME://uri-001": the scheme kept, the rest a pseudonym. */
static const char *
uri (VinvAnonymizer *self, const char *text)
{
    const char *known = vinv_anonymizer_lookup (self, "uri", text);
    if (known != NULL)
        return known;
    g_autofree char *scheme = g_uri_parse_scheme (text);
    if (scheme == NULL)
        return text[0] == '/' ? path (self, text) : numbered (self, "text", text);
    return remember (self, "uri", text,
                     g_strdup_printf ("%s://uri-%03u", scheme, next_number (self, "uri")));
}

/* ---- rules ---- */

static Rule
column_rule (const VinvSchema *schema, const VinvColumn *column, const char **kind)
{
    *kind = NULL;
    for (guint i = 0; i < G_N_ELEMENTS (rules); i++) {
        if (strcmp (rules[i].column, column->id) == 0
            && (rules[i].table == NULL || strcmp (rules[i].table, schema->id) == 0)) {
            *kind = rules[i].kind;
            return rules[i].rule;
        }
    }
    return RULE_TEXT;
}

/* The pseudonym of @text under @rule (@kind: the entity kind). */
static const char *
apply_rule (VinvAnonymizer *self, Rule rule, const char *kind, const char *text)
{
    switch (rule) {
    case RULE_KEEP:
        return text;
    case RULE_ENTITY:
        return numbered (self, kind, text);
    case RULE_TEXT:
        return numbered (self, "text", text);
    case RULE_ADDRESS:
        return address (self, text);
    case RULE_PATH:
        return path (self, text);
    case RULE_URI:
        return uri (self, text);
    case RULE_TOKENS: {
        const char *known = vinv_anonymizer_lookup (self, "tokens", text);
        if (known != NULL)
            return known;
        GString *out = g_string_new (NULL);
        const char *p = text;
        while (*p != '\0') {
            gsize sep = strspn (p, ",; ");
            g_string_append_len (out, p, sep);
            p += sep;
            gsize len = strcspn (p, ",; ");
            if (len > 0) {
                g_autofree char *token = g_strndup (p, len);
                g_string_append (out, numbered (self, kind, token));
                p += len;
            }
        }
        return remember (self, "tokens", text, g_string_free (out, FALSE));
    }
    }
    g_assert_not_reached ();
}

/* The text of an item of @column, whose kind and rule are given. */
static const char *
item_text (VinvAnonymizer *self, const VinvColumn *column, Rule rule, const char *kind,
           const char *text)
{
    if (text == NULL || text[0] == '\0')
        return text;
    if (column->target != NULL) {
        const VinvSchema *target = vinv_schema_lookup (column->target);
        if (target != NULL)
            return numbered (self, entity_kinds[vinv_schema_get_kind (target)], text);
    }
    return apply_rule (self, rule, kind, text);
}

/* A row id: UUIDs are kept (they name nothing); any other id (libvirt's
 * paths, host names, "uuid/mac") gets a pseudonym from one series shared
 * by all tables, so references keep pointing at their rows. */
static const char *
row_id (VinvAnonymizer *self, const char *id)
{
    static const char pattern[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    if (id == NULL)
        return NULL;
    if (strlen (id) == sizeof pattern - 1) {
        gboolean uuid = TRUE;
        for (guint i = 0; i < sizeof pattern - 1 && uuid; i++)
            uuid = pattern[i] == '-' ? id[i] == '-' : g_ascii_isxdigit (id[i]);
        if (uuid)
            return id;
    }
    return numbered (self, "id", id);
}

static void
copy_row (VinvAnonymizer *self, const VinvTable *src, guint r, VinvTable *dst,
          const Rule *rule, const char *const *kind)
{
    const VinvSchema *schema = vinv_table_get_schema (src);
    const VinvCell *cells = vinv_table_get_row (src, r);
    guint row = vinv_table_add_row (dst, numbered (self, "source", cells[VINV_COLUMN_SOURCE].v.s),
                                    row_id (self, cells[VINV_COLUMN_ID].v.s));

    for (guint c = 0; c < schema->n_columns; c++) {
        const VinvColumn *column = &schema->columns[c];
        const VinvCell *cell = &cells[c];
        if (c == VINV_COLUMN_SOURCE || c == VINV_COLUMN_ID)
            continue;
        switch (cell->kind) {
        case VINV_CELL_NULL:
            break;
        case VINV_CELL_BOOL:
            vinv_table_set_bool (dst, row, c, cell->v.b);
            break;
        case VINV_CELL_INT:
            vinv_table_set_int (dst, row, c, cell->v.i);
            break;
        case VINV_CELL_DOUBLE:
            vinv_table_set_double (dst, row, c, cell->v.d);
            break;
        case VINV_CELL_QUANTITY:
            vinv_table_set_quantity (dst, row, c, cell->v.d);
            break;
        case VINV_CELL_TIME:
            vinv_table_set_time (dst, row, c, cell->v.i);
            break;
        case VINV_CELL_STRING:
            vinv_table_set_string (dst, row, c,
                                   cell->v.s[0] == '\0' ? ""
                                   : apply_rule (self, rule[c], kind[c], cell->v.s));
            break;
        case VINV_CELL_REF:
            vinv_table_set_ref (dst, row, c,
                                item_text (self, column, rule[c], kind[c], cell->v.ref->text),
                                row_id (self, cell->v.ref->id));
            break;
        case VINV_CELL_LIST: {
            const VinvList *list = cell->v.list;
            g_autofree VinvItem *items = g_new0 (VinvItem, MAX (list->n, 1));
            for (guint i = 0; i < list->n; i++) {
                items[i].text = item_text (self, column, rule[c], kind[c], list->items[i].text);
                items[i].id = row_id (self, list->items[i].id);
            }
            vinv_table_set_list (dst, row, c, items, list->n);
            break;
        }
        case VINV_CELL_LAST:
            g_assert_not_reached ();
        }
    }
}

/* One replacement for scrub(). */
typedef struct {
    const char *kind;
    const char *original;
    const char *pseudonym;
    gsize len;
} Replacement;

/* Longest original first ("hv01.example.com" before "hv01"), then by kind
 * and original, so the result never depends on hash order. */
static int
compare_replacements (gconstpointer a, gconstpointer b)
{
    const Replacement *x = a;
    const Replacement *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    int c = strcmp (x->kind, y->kind);
    return c != 0 ? c : strcmp (x->original, y->original);
}

/* @text with every original the map knows replaced by its pseudonym (for
 * error messages, which quote names, URIs and paths).  Owned by caller. */
static char *
scrub (const VinvAnonymizer *self, const char *text)
{
    g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (Replacement));
    GHashTableIter it;
    gpointer kind_name;
    gpointer value;

    g_hash_table_iter_init (&it, self->kinds);
    while (g_hash_table_iter_next (&it, &kind_name, &value)) {
        GHashTableIter mit;
        gpointer original;
        gpointer pseudonym;
        g_hash_table_iter_init (&mit, ((Kind *) value)->map);
        while (g_hash_table_iter_next (&mit, &original, &pseudonym)) {
            Replacement r = { kind_name, original, pseudonym, strlen (original) };
            if (r.len >= 2 && strcmp (original, pseudonym) != 0 && strstr (text, original))
                g_array_append_val (all, r);
        }
    }
    g_array_sort (all, compare_replacements);
    GString *out = g_string_new (text);
    for (guint i = 0; i < all->len; i++) {
        const Replacement *r = &g_array_index (all, Replacement, i);
        g_string_replace (out, r->original, r->pseudonym, 0);
    }
    return g_string_free (out, FALSE);
}

VinvInventory *
vinv_anonymizer_dup_inventory (VinvAnonymizer *self, const VinvInventory *inventory)
{
    VinvInventory *copy = vinv_inventory_new ();
    guint n_sources = vinv_inventory_get_n_sources (inventory);

    for (guint i = 0; i < n_sources; i++) {
        const VinvSource *s = vinv_inventory_get_source (inventory, i);
        vinv_inventory_add_source (copy, numbered (self, "source", s->name),
                                   s->uri != NULL ? uri (self, s->uri) : NULL, s->tables);
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvTable *src = vinv_inventory_get_table (inventory, k);
        if (src == NULL)
            continue;
        const VinvSchema *schema = vinv_table_get_schema (src);
        VinvTable *dst = vinv_inventory_ensure_table (copy, k);
        g_autofree Rule *rule = g_new (Rule, schema->n_columns);
        g_autofree const char **kind = g_new0 (const char *, schema->n_columns);

        for (guint c = 0; c < schema->n_columns; c++) {
            rule[c] = column_rule (schema, &schema->columns[c], &kind[c]);
            if (kind[c] == NULL)
                kind[c] = entity_kinds[k];
        }
        for (guint r = 0; r < vinv_table_get_n_rows (src); r++)
            copy_row (self, src, r, dst, rule, (const char *const *) kind);
    }
    /* errors last, when the map knows every value they might quote */
    for (guint i = 0; i < n_sources; i++) {
        const VinvSource *s = vinv_inventory_get_source (inventory, i);
        const char *name = numbered (self, "source", s->name);
        if (s->error != NULL) {
            g_autofree char *error = scrub (self, s->error);
            vinv_inventory_set_source_error (copy, name, error);
        }
        for (guint j = 0; s->notes != NULL && s->notes[j] != NULL; j++) {
            g_autofree char *note = scrub (self, s->notes[j]);
            vinv_inventory_add_source_note (copy, name, note);
        }
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvTable *src = vinv_inventory_get_table (inventory, k);
        if (src != NULL && vinv_table_get_error (src) != NULL) {
            g_autofree char *error = scrub (self, vinv_table_get_error (src));
            vinv_table_set_error (vinv_inventory_get_table (copy, k), error);
        }
    }
    return copy;
}

/* ---- the map ---- */

typedef struct {
    const char *kind;
    const char *original;
    const char *pseudonym;
} Entry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
    const Entry *x = a;
    const Entry *y = b;
    int c = strcmp (x->kind, y->kind);
    return c != 0 ? c : strcmp (x->pseudonym, y->pseudonym);
}

char *
vinv_anonymizer_dup_map (const VinvAnonymizer *self)
{
    g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
    GHashTableIter it;
    gpointer kind_name;
    gpointer value;

    g_hash_table_iter_init (&it, self->kinds);
    while (g_hash_table_iter_next (&it, &kind_name, &value)) {
        GHashTableIter mit;
        gpointer original;
        gpointer pseudonym;
        if (strcmp (kind_name, "path") == 0 || strcmp (kind_name, "tokens") == 0)
            continue;            /* made of "dir"/"file" and entity entries */
        g_hash_table_iter_init (&mit, ((Kind *) value)->map);
        while (g_hash_table_iter_next (&mit, &original, &pseudonym)) {
            Entry e = { kind_name, original, pseudonym };
            g_array_append_val (entries, e);
        }
    }
    g_array_sort (entries, compare_entries);

    GString *out = g_string_new ("# virt-inventory --anonymize map: kind, original, "
                                 "pseudonym (tab-separated).  Keep it private.\n");
    for (guint i = 0; i < entries->len; i++) {
        const Entry *e = &g_array_index (entries, Entry, i);
        g_string_append_printf (out, "%s\t%s\t%s\n", e->kind, e->original, e->pseudonym);
    }
    return g_string_free (out, FALSE);
}

gboolean
vinv_anonymizer_write_map (const VinvAnonymizer *self, const char *path_name,
                           gboolean overwrite, GError **error)
{
    g_autofree char *text = vinv_anonymizer_dup_map (self);
    g_autofree char *dir = g_path_get_dirname (path_name);
    g_autofree char *base = g_path_get_basename (path_name);
    g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
    GStatBuf st;

    if (!overwrite && g_lstat (path_name, &st) == 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "'%s' already exists", path_name);
        return FALSE;
    }
    int fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot create a file in '%s': %s", dir, g_strerror (saved));
        return FALSE;
    }
    /* mkstemp already makes it 0600; fchmod in case an ACL widened it */
    gboolean ok = TRUE;
    int saved = 0;
    if (fchmod (fd, 0600) != 0) {
        ok = FALSE;
        saved = errno;
    }
    gsize len = strlen (text);
    for (gsize done = 0; ok && done < len;) {
        gssize n = write (fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = FALSE;
            saved = n < 0 ? errno : EIO;
        } else {
            done += (gsize) n;
        }
    }
    if (ok && fsync (fd) != 0) {
        ok = FALSE;
        saved = errno;
    }
    if (close (fd) != 0 && ok) {
        ok = FALSE;
        saved = errno;
    }
    if (ok && g_rename (tmpl, path_name) != 0) {
        ok = FALSE;
        saved = errno;
    }
    if (!ok) {
        g_unlink (tmpl);
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot write '%s': %s", path_name, g_strerror (saved));
    }
    return ok;
}
