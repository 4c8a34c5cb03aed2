/* xml-desc.c — reads libvirt's domain, pool, volume, network, snapshot and
 * sysinfo XML into the structs of xml-desc.h.
 *
 * One small streaming reader over GMarkup serves every document kind: it
 * keeps the path of open elements ("domain/devices/disk/source") and the
 * text of the innermost element, and hands both to a per-kind pair of
 * callbacks (on start with the attributes, on end with the text).  Each
 * kind's callbacks compare the path against the few paths they care
 * about.  Namespaced elements (metadata, test driver extensions) are
 * skipped by GMarkup itself (G_MARKUP_IGNORE_QUALIFIED).
 */
#include "xml-desc.h"

#include <stdio.h>
#include <string.h>

typedef struct _Reader Reader;
typedef struct _SourceParts SourceParts;

/* Called when an element opens (@path includes it) and when it closes
 * (@text is its text content, leading/trailing spaces kept). */
typedef void (*StartFunc) (Reader *r, const char *path,
                           const char **names, const char **values);
typedef void (*EndFunc) (Reader *r, const char *path, const char *text);

struct _Reader {
    const char *root;      /* expected root element */
    GString *path;         /* '/'-joined names of the open elements */
    GString *text;         /* text since the last start or end tag */
    StartFunc start;
    EndFunc end;
    gpointer desc;         /* the struct being filled */
    gpointer item;         /* the disk or NIC being filled, or NULL */
    guint64 unit;          /* factor of the open sized element's unit */
    struct _SourceParts *parts; /* the open disk's source, or NULL */
    guint depth;           /* open elements */
    guint text_depth;      /* depth whose text is kept (0: none); set by start */
};

static const char *
attr (const char **names, const char **values, const char *name)
{
    for (guint i = 0; names[i] != NULL; i++) {
        if (strcmp (names[i], name) == 0)
            return values[i];
    }
    return NULL;
}

/* Replaces *@field by a copy of @value (NULL clears it). */
static void
set_str (char **field, const char *value)
{
    g_free (*field);
    *field = g_strdup (value);
}

/* Sets *@field to @text without surrounding white space, if empty NULL. */
static void
set_text (char **field, const char *text)
{
    g_autofree char *copy = g_strstrip (g_strdup (text));

    g_free (*field);
    *field = *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

static guint64
parse_u64 (const char *text)
{
    while (g_ascii_isspace (*text))
        text++;
    if (!g_ascii_isdigit (*text))
        return 0;
    return g_ascii_strtoull (text, NULL, 10);
}

/* @text scaled by @factor, saturating instead of overflowing. */
static guint64
scaled (const char *text, guint64 factor)
{
    guint64 v = parse_u64 (text);

    if (factor != 0 && v > G_MAXUINT64 / factor)
        return G_MAXUINT64;
    return v * factor;
}

guint64
vinv_xml_unit_factor (const char *unit, guint64 default_factor)
{
    static const char powers[] = "kmgtpe";
    const char *p;
    guint64 base;
    guint64 factor = 1;

    /* libvirt's rules (virScaleInteger): "b", "byte(s)"; else a letter of
     * k m g t p e in either case, alone or with "iB" (powers of 1024) or
     * with "B" (powers of 1000). */
    if (unit == NULL || *unit == '\0')
        return default_factor;
    if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "byte") == 0
        || g_ascii_strcasecmp (unit, "bytes") == 0)
        return 1;
    p = strchr (powers, g_ascii_tolower (unit[0]));
    if (p == NULL || *p == '\0')
        return 0;
    if (unit[1] == '\0' || g_ascii_strcasecmp (unit + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_tolower (unit[1]) == 'b' && unit[2] == '\0')
        base = 1000;
    else
        return 0;
    for (const char *q = powers; q <= p; q++)
        factor *= base;
    return factor;
}

static void
on_start (GMarkupParseContext *context, const char *element,
          const char **names, const char **values, gpointer user_data, GError **error)
{
    Reader *r = user_data;

    if (r->path->len == 0 && strcmp (element, r->root) != 0) {
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "expected a <%s> document, found <%s>", r->root, element);
        return;
    }
    if (r->path->len > 0)
        g_string_append_c (r->path, '/');
    g_string_append (r->path, element);
    g_string_truncate (r->text, 0);
    r->depth++;
    r->text_depth = r->depth;
    r->start (r, r->path->str, names, values);
}

static void
on_end (GMarkupParseContext *context, const char *element, gpointer user_data,
        GError **error)
{
    Reader *r = user_data;
    const char *slash;

    r->end (r, r->path->str, r->text->str);
    g_string_truncate (r->text, 0);
    r->depth--;
    r->text_depth = 0;   /* text after a child element is not the parent's */
    slash = strrchr (r->path->str, '/');
    g_string_truncate (r->path, slash != NULL ? (gsize) (slash - r->path->str) : 0);
}

static void
on_text (GMarkupParseContext *context, const char *text, gsize len,
         gpointer user_data, GError **error)
{
    Reader *r = user_data;

    /* Only leaf text matters (<name>x</name>); white space between
     * elements is never kept. */
    if (r->text_depth == r->depth)
        g_string_append_len (r->text, text, (gssize) len);
}

/* Runs @r over @xml.  Returns FALSE with @error if @xml is not a
 * well-formed document whose root is r->root. */
static gboolean
read_xml (Reader *r, const char *xml, GError **error)
{
    static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };
    g_autoptr(GMarkupParseContext) context = NULL;
    g_autoptr(GString) path = g_string_sized_new (64);
    g_autoptr(GString) text = g_string_sized_new (64);
    gboolean ok;

    if (xml == NULL) {
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY,
                     "no <%s> document", r->root);
        return FALSE;
    }
    r->path = path;
    r->text = text;
    context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, r, NULL);
    ok = g_markup_parse_context_parse (context, xml, -1, error)
         && g_markup_parse_context_end_parse (context, error);
    r->path = NULL;
    r->text = NULL;
    return ok;
}

/* ---- domain ---------------------------------------------------------- */

static void
disk_desc_free (gpointer data)
{
    VinvDiskDesc *d = data;

    g_free (d->type);
    g_free (d->device);
    g_free (d->driver_type);
    g_free (d->source);
    g_free (d->source_pool);
    g_free (d->source_volume);
    g_free (d->target_dev);
    g_free (d->target_bus);
    g_free (d);
}

static void
nic_desc_free (gpointer data)
{
    VinvNicDesc *n = data;

    g_free (n->type);
    g_free (n->mac);
    g_free (n->network);
    g_free (n->bridge);
    g_free (n->dev);
    g_free (n->target_dev);
    g_free (n->model);
    g_free (n);
}

void
vinv_domain_desc_free (VinvDomainDesc *desc)
{
    if (desc == NULL)
        return;
    g_free (desc->type);
    g_free (desc->name);
    g_free (desc->uuid);
    g_free (desc->title);
    g_free (desc->description);
    g_free (desc->os_type);
    g_free (desc->arch);
    g_free (desc->machine);
    g_free (desc->console);
    g_ptr_array_unref (desc->disks);
    g_ptr_array_unref (desc->nics);
    g_free (desc);
}

#define DISK "domain/devices/disk"
#define NIC "domain/devices/interface"

/* ---- disk sources ---------------------------------------------------- */

/* What a disk's <source> says, gathered while it is read and turned into
 * one text by source_text() when the disk closes.  Network and nvme
 * sources spread over child elements (<host>, <address>), so their text
 * can only be made at the end. */
struct _SourceParts {
    char *protocol;        /* network: nbd, rbd, iscsi, ...; else NULL */
    char *name;            /* network: <source name=> (image, export, IQN/LUN) */
    char *query;           /* network: <source query=> (http, https) */
    char *transport;       /* first <host transport=>: tcp, unix, rdma; or NULL */
    char *socket;          /* first <host socket=> (unix transport), or NULL */
    GString *hosts;        /* "HOST:PORT,HOST:PORT" of the <host>s with a name or port */
    gboolean nvme;         /* <disk type='nvme'> */
    char *pci;             /* nvme: "DDDD:BB:SS.F" of <source><address>, or NULL */
    char *ns;              /* nvme: <source namespace=>, or NULL */
};

static void
source_parts_free (SourceParts *p)
{
    if (p == NULL)
        return;
    g_free (p->protocol);
    g_free (p->name);
    g_free (p->query);
    g_free (p->transport);
    g_free (p->socket);
    g_string_free (p->hosts, TRUE);
    g_free (p->pci);
    g_free (p->ns);
    g_free (p);
}

/* A PCI address attribute ("0x01", "1") as a number; 0 if absent. */
static guint
pci_number (const char *text)
{
    return text != NULL ? (guint) g_ascii_strtoull (text, NULL, 0) : 0;
}

/* The text that identifies a network or nvme source, as a URI in the
 * style of QEMU's and libvirt's own (see docs/formatdomain, "network"):
 *
 *   PROTOCOL://HOST[:PORT][,HOST[:PORT]...][/NAME][?QUERY]
 *   PROTOCOL+unix:///NAME?socket=PATH     (nbd, gluster over a unix socket)
 *   PROTOCOL+rdma://HOST[:PORT]/NAME      (gluster over RDMA)
 *   nvme://DDDD:BB:SS.F/NAMESPACE
 *
 * IPv6 hosts are bracketed ([::1]); every <host> is listed (RBD
 * monitors, gluster servers), in document order; a NAME that does not
 * start with '/' gets one; an iSCSI NAME without a LUN gets libvirt's
 * default LUN 0 ("IQN/0").  Returns NULL for a disk that is neither. */
static char *
source_text (const SourceParts *p)
{
    GString *text;
    const char *transport = p->transport != NULL ? p->transport : "tcp";
    gboolean unix_socket = strcmp (transport, "unix") == 0;

    if (p->nvme) {
        if (p->pci == NULL)
            return NULL;
        return p->ns != NULL ? g_strdup_printf ("nvme://%s/%s", p->pci, p->ns)
                             : g_strdup_printf ("nvme://%s", p->pci);
    }
    if (p->protocol == NULL)
        return NULL;
    text = g_string_new (p->protocol);
    if (strcmp (transport, "tcp") != 0)
        g_string_append_printf (text, "+%s", transport);
    g_string_append (text, "://");
    if (!unix_socket)
        g_string_append (text, p->hosts->str);
    if (p->name != NULL) {
        if (p->name[0] != '/')
            g_string_append_c (text, '/');
        g_string_append (text, p->name);
        if (strcmp (p->protocol, "iscsi") == 0 && strchr (p->name, '/') == NULL)
            g_string_append (text, "/0");
    }
    if (p->query != NULL)
        g_string_append_printf (text, "?%s", p->query);
    if (unix_socket && p->socket != NULL)
        g_string_append_printf (text, "%csocket=%s", p->query != NULL ? '&' : '?', p->socket);
    return g_string_free (text, FALSE);
}

/* <source> of a disk of type @type. */
static void
disk_source_start (Reader *r, VinvDiskDesc *disk, const char **names, const char **values)
{
    SourceParts *p = r->parts;
    const char *value;

    if (strcmp (disk->type, "nvme") == 0) {
        p->nvme = TRUE;
        set_str (&p->ns, attr (names, values, "namespace"));
    } else if (strcmp (disk->type, "vhostuser") == 0) {
        if ((value = attr (names, values, "path")) != NULL) {
            g_free (disk->source);
            disk->source = g_strconcat ("vhostuser:", value, NULL);
        }
    } else if ((value = attr (names, values, "file")) != NULL
               || (value = attr (names, values, "dev")) != NULL
               || (value = attr (names, values, "dir")) != NULL) {
        set_str (&disk->source, value);
    } else if ((value = attr (names, values, "volume")) != NULL) {
        set_str (&disk->source_volume, value);
        set_str (&disk->source_pool, attr (names, values, "pool"));
    } else if ((value = attr (names, values, "protocol")) != NULL) {
        set_str (&p->protocol, value);
        set_str (&p->name, attr (names, values, "name"));
        set_str (&p->query, attr (names, values, "query"));
    }
}

/* <source><host> of a network disk: one more host, in order. */
static void
disk_host_start (Reader *r, const char **names, const char **values)
{
    SourceParts *p = r->parts;
    const char *name = attr (names, values, "name");
    const char *port = attr (names, values, "port");

    if (p->transport == NULL && p->socket == NULL) {
        p->transport = g_strdup (attr (names, values, "transport"));
        p->socket = g_strdup (attr (names, values, "socket"));
    }
    if (name == NULL && port == NULL)
        return;
    if (p->hosts->len > 0)
        g_string_append_c (p->hosts, ',');
    if (name != NULL && strchr (name, ':') != NULL)
        g_string_append_printf (p->hosts, "[%s]", name);
    else if (name != NULL)
        g_string_append (p->hosts, name);
    if (port != NULL)
        g_string_append_printf (p->hosts, ":%s", port);
}

static void
domain_disk_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvDomainDesc *dom = r->desc;
    VinvDiskDesc *disk = r->item;

    if (strcmp (path, DISK) == 0) {
        const char *type = attr (names, values, "type");
        const char *device = attr (names, values, "device");

        disk = g_new0 (VinvDiskDesc, 1);
        disk->type = g_strdup (type != NULL ? type : "file");
        disk->device = g_strdup (device != NULL ? device : "disk");
        g_ptr_array_add (dom->disks, disk);
        r->item = disk;
        source_parts_free (r->parts);
        r->parts = g_new0 (SourceParts, 1);
        r->parts->hosts = g_string_new (NULL);
    } else if (disk == NULL) {
        return;
    } else if (strcmp (path, DISK "/driver") == 0) {
        set_str (&disk->driver_type, attr (names, values, "type"));
    } else if (strcmp (path, DISK "/source") == 0) {
        disk_source_start (r, disk, names, values);
    } else if (strcmp (path, DISK "/source/host") == 0) {
        disk_host_start (r, names, values);
    } else if (strcmp (path, DISK "/source/address") == 0 && r->parts->nvme) {
        g_free (r->parts->pci);
        r->parts->pci = g_strdup_printf ("%04x:%02x:%02x.%x",
                                         pci_number (attr (names, values, "domain")),
                                         pci_number (attr (names, values, "bus")),
                                         pci_number (attr (names, values, "slot")),
                                         pci_number (attr (names, values, "function")));
    } else if (strcmp (path, DISK "/target") == 0) {
        set_str (&disk->target_dev, attr (names, values, "dev"));
        set_str (&disk->target_bus, attr (names, values, "bus"));
    } else if (strcmp (path, DISK "/shareable") == 0) {
        disk->shareable = TRUE;
    } else if (strcmp (path, DISK "/readonly") == 0) {
        disk->readonly = TRUE;
    }
}

/* </disk>: a network or nvme source gets its text now that its hosts or
 * address are known. */
static void
domain_disk_end (Reader *r)
{
    VinvDiskDesc *disk = r->item;
    char *text = r->parts != NULL ? source_text (r->parts) : NULL;

    if (text != NULL) {
        g_free (disk->source);
        disk->source = text;
    }
    g_clear_pointer (&r->parts, source_parts_free);
    r->item = NULL;
}

static void
domain_nic_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvDomainDesc *dom = r->desc;
    VinvNicDesc *nic = r->item;

    if (strcmp (path, NIC) == 0) {
        const char *type = attr (names, values, "type");

        nic = g_new0 (VinvNicDesc, 1);
        nic->type = g_strdup (type != NULL ? type : "network");
        nic->link_up = TRUE;
        g_ptr_array_add (dom->nics, nic);
        r->item = nic;
    } else if (nic == NULL) {
        return;
    } else if (strcmp (path, NIC "/mac") == 0) {
        set_str (&nic->mac, attr (names, values, "address"));
    } else if (strcmp (path, NIC "/source") == 0) {
        const char *value;

        if ((value = attr (names, values, "network")) != NULL)
            set_str (&nic->network, value);
        if ((value = attr (names, values, "bridge")) != NULL)
            set_str (&nic->bridge, value);
        if ((value = attr (names, values, "dev")) != NULL)
            set_str (&nic->dev, value);
    } else if (strcmp (path, NIC "/target") == 0) {
        set_str (&nic->target_dev, attr (names, values, "dev"));
    } else if (strcmp (path, NIC "/model") == 0) {
        set_str (&nic->model, attr (names, values, "type"));
    } else if (strcmp (path, NIC "/link") == 0) {
        const char *state = attr (names, values, "state");
        nic->link_up = state == NULL || strcmp (state, "down") != 0;
    }
}

static void
domain_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvDomainDesc *dom = r->desc;

    if (g_str_has_prefix (path, DISK)) {
        if (path[strlen (DISK)] == '\0' || path[strlen (DISK)] == '/')
            domain_disk_start (r, path, names, values);
    } else if (g_str_has_prefix (path, NIC)) {
        if (path[strlen (NIC)] == '\0' || path[strlen (NIC)] == '/')
            domain_nic_start (r, path, names, values);
    } else if (strcmp (path, "domain") == 0) {
        set_str (&dom->type, attr (names, values, "type"));
    } else if (strcmp (path, "domain/memory") == 0
               || strcmp (path, "domain/currentMemory") == 0
               || strcmp (path, "domain/maxMemory") == 0) {
        r->unit = vinv_xml_unit_factor (attr (names, values, "unit"), 1024);
    } else if (strcmp (path, "domain/vcpu") == 0) {
        const char *current = attr (names, values, "current");
        dom->vcpus_current = current != NULL ? (guint) parse_u64 (current) : 0;
    } else if (strcmp (path, "domain/os/type") == 0) {
        set_str (&dom->arch, attr (names, values, "arch"));
        set_str (&dom->machine, attr (names, values, "machine"));
    } else if (strcmp (path, "domain/devices/channel/target") == 0) {
        dom->agent_connected = dom->agent_connected
                               || (g_strcmp0 (attr (names, values, "name"),
                                              "org.qemu.guest_agent.0") == 0
                                   && g_strcmp0 (attr (names, values, "state"),
                                                 "connected") == 0);
    } else if (strcmp (path, "domain/devices/graphics") == 0) {
        if (dom->console == NULL)
            dom->console = g_strdup (attr (names, values, "type"));
    }
}

static void
domain_end (Reader *r, const char *path, const char *text)
{
    VinvDomainDesc *dom = r->desc;

    if (strncmp (path, "domain/devices/", 15) == 0) {
        if (strcmp (path, DISK) == 0)
            domain_disk_end (r);
        else if (strcmp (path, NIC) == 0)
            r->item = NULL;
    } else if (strcmp (path, "domain/name") == 0) {
        set_text (&dom->name, text);
    } else if (strcmp (path, "domain/uuid") == 0) {
        set_text (&dom->uuid, text);
    } else if (strcmp (path, "domain/title") == 0) {
        set_text (&dom->title, text);
    } else if (strcmp (path, "domain/description") == 0) {
        set_text (&dom->description, text);
    } else if (strcmp (path, "domain/memory") == 0) {
        dom->memory = scaled (text, r->unit);
    } else if (strcmp (path, "domain/currentMemory") == 0) {
        dom->current_memory = scaled (text, r->unit);
    } else if (strcmp (path, "domain/maxMemory") == 0) {
        dom->max_memory = scaled (text, r->unit);
    } else if (strcmp (path, "domain/vcpu") == 0) {
        dom->vcpus = (guint) parse_u64 (text);
    } else if (strcmp (path, "domain/os/type") == 0) {
        set_text (&dom->os_type, text);
    }
}

VinvDomainDesc *
vinv_domain_desc_parse (const char *xml, GError **error)
{
    g_autoptr(VinvDomainDesc) dom = g_new0 (VinvDomainDesc, 1);
    Reader r = { .root = "domain", .start = domain_start, .end = domain_end };
    gboolean ok;

    dom->disks = g_ptr_array_new_with_free_func (disk_desc_free);
    dom->nics = g_ptr_array_new_with_free_func (nic_desc_free);
    r.desc = dom;
    ok = read_xml (&r, xml, error);
    source_parts_free (r.parts);   /* left open by a document cut short */
    if (!ok)
        return NULL;
    if (dom->vcpus_current == 0 || dom->vcpus_current > dom->vcpus)
        dom->vcpus_current = dom->vcpus;
    return g_steal_pointer (&dom);
}

/* ---- storage pool ---------------------------------------------------- */

void
vinv_pool_desc_free (VinvPoolDesc *desc)
{
    if (desc == NULL)
        return;
    g_free (desc->type);
    g_free (desc->name);
    g_free (desc->uuid);
    g_free (desc->target_path);
    g_free (desc->source_host);
    g_free (desc->source_dir);
    g_free (desc->source_device);
    g_free (desc->source_name);
    g_free (desc->source_format);
    g_free (desc);
}

static void
pool_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvPoolDesc *pool = r->desc;

    if (strcmp (path, "pool") == 0) {
        set_str (&pool->type, attr (names, values, "type"));
    } else if (strcmp (path, "pool/source/host") == 0) {
        if (pool->source_host == NULL)
            pool->source_host = g_strdup (attr (names, values, "name"));
    } else if (strcmp (path, "pool/source/dir") == 0) {
        set_str (&pool->source_dir, attr (names, values, "path"));
    } else if (strcmp (path, "pool/source/device") == 0) {
        if (pool->source_device == NULL)
            pool->source_device = g_strdup (attr (names, values, "path"));
    } else if (strcmp (path, "pool/source/format") == 0) {
        set_str (&pool->source_format, attr (names, values, "type"));
    }
}

static void
pool_end (Reader *r, const char *path, const char *text)
{
    VinvPoolDesc *pool = r->desc;

    if (strcmp (path, "pool/name") == 0)
        set_text (&pool->name, text);
    else if (strcmp (path, "pool/uuid") == 0)
        set_text (&pool->uuid, text);
    else if (strcmp (path, "pool/target/path") == 0)
        set_text (&pool->target_path, text);
    else if (strcmp (path, "pool/source/name") == 0)
        set_text (&pool->source_name, text);
}

VinvPoolDesc *
vinv_pool_desc_parse (const char *xml, GError **error)
{
    g_autoptr(VinvPoolDesc) pool = g_new0 (VinvPoolDesc, 1);
    Reader r = { .root = "pool", .start = pool_start, .end = pool_end, .desc = pool };

    if (!read_xml (&r, xml, error))
        return NULL;
    return g_steal_pointer (&pool);
}

/* ---- storage volume -------------------------------------------------- */

void
vinv_volume_desc_free (VinvVolumeDesc *desc)
{
    if (desc == NULL)
        return;
    g_free (desc->type);
    g_free (desc->name);
    g_free (desc->key);
    g_free (desc->path);
    g_free (desc->format);
    g_free (desc);
}

static void
volume_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvVolumeDesc *vol = r->desc;

    if (strcmp (path, "volume") == 0)
        set_str (&vol->type, attr (names, values, "type"));
    else if (strcmp (path, "volume/capacity") == 0 || strcmp (path, "volume/allocation") == 0)
        r->unit = vinv_xml_unit_factor (attr (names, values, "unit"), 1);
    else if (strcmp (path, "volume/target/format") == 0)
        set_str (&vol->format, attr (names, values, "type"));
}

static void
volume_end (Reader *r, const char *path, const char *text)
{
    VinvVolumeDesc *vol = r->desc;

    if (strcmp (path, "volume/name") == 0)
        set_text (&vol->name, text);
    else if (strcmp (path, "volume/key") == 0)
        set_text (&vol->key, text);
    else if (strcmp (path, "volume/target/path") == 0)
        set_text (&vol->path, text);
    else if (strcmp (path, "volume/capacity") == 0)
        vol->capacity = scaled (text, r->unit);
    else if (strcmp (path, "volume/allocation") == 0)
        vol->allocation = scaled (text, r->unit);
}

VinvVolumeDesc *
vinv_volume_desc_parse (const char *xml, GError **error)
{
    g_autoptr(VinvVolumeDesc) vol = g_new0 (VinvVolumeDesc, 1);
    Reader r = { .root = "volume", .start = volume_start, .end = volume_end, .desc = vol };

    if (!read_xml (&r, xml, error))
        return NULL;
    return g_steal_pointer (&vol);
}

/* ---- network --------------------------------------------------------- */

void
vinv_network_desc_free (VinvNetworkDesc *desc)
{
    if (desc == NULL)
        return;
    g_free (desc->name);
    g_free (desc->uuid);
    g_free (desc->forward);
    g_free (desc->bridge);
    g_free (desc->address);
    g_free (desc);
}

/* Prefix length of a dotted IPv4 netmask, or -1 if it is not one. */
static int
netmask_prefix (const char *mask)
{
    guint parts[4];
    guint32 bits;
    int n = 0;

    if (sscanf (mask, "%u.%u.%u.%u", &parts[0], &parts[1], &parts[2], &parts[3]) != 4)
        return -1;
    bits = (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3];
    while (bits & 0x80000000u) {
        n++;
        bits <<= 1;
    }
    return bits == 0 ? n : -1;
}

static void
network_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvNetworkDesc *net = r->desc;

    if (strcmp (path, "network/forward") == 0) {
        const char *mode = attr (names, values, "mode");
        set_str (&net->forward, mode != NULL ? mode : "nat");
    } else if (strcmp (path, "network/bridge") == 0) {
        const char *stp = attr (names, values, "stp");
        set_str (&net->bridge, attr (names, values, "name"));
        if (stp != NULL)
            net->stp = strcmp (stp, "on") == 0 || strcmp (stp, "yes") == 0;
    } else if (strcmp (path, "network/mtu") == 0) {
        const char *size = attr (names, values, "size");
        net->mtu = size != NULL ? (guint) parse_u64 (size) : 0;
    } else if (strcmp (path, "network/ip") == 0 && net->address == NULL) {
        const char *address = attr (names, values, "address");
        const char *prefix = attr (names, values, "prefix");
        const char *mask = attr (names, values, "netmask");

        if (address == NULL)
            return;
        if (prefix != NULL)
            net->address = g_strdup_printf ("%s/%s", address, prefix);
        else if (mask != NULL && netmask_prefix (mask) >= 0)
            net->address = g_strdup_printf ("%s/%d", address, netmask_prefix (mask));
        else
            net->address = g_strdup (address);
    }
}

static void
network_end (Reader *r, const char *path, const char *text)
{
    VinvNetworkDesc *net = r->desc;

    if (strcmp (path, "network/name") == 0)
        set_text (&net->name, text);
    else if (strcmp (path, "network/uuid") == 0)
        set_text (&net->uuid, text);
}

VinvNetworkDesc *
vinv_network_desc_parse (const char *xml, GError **error)
{
    g_autoptr(VinvNetworkDesc) net = g_new0 (VinvNetworkDesc, 1);
    Reader r = { .root = "network", .start = network_start, .end = network_end, .desc = net };

    net->stp = -1;
    if (!read_xml (&r, xml, error))
        return NULL;
    if (net->forward == NULL)
        net->forward = g_strdup ("isolated");
    return g_steal_pointer (&net);
}

/* ---- snapshot -------------------------------------------------------- */

void
vinv_snapshot_desc_free (VinvSnapshotDesc *desc)
{
    if (desc == NULL)
        return;
    g_free (desc->name);
    g_free (desc->description);
    g_free (desc->state);
    g_free (desc->parent);
    g_free (desc->memory);
    g_free (desc);
}

static void
snapshot_start (Reader *r, const char *path, const char **names, const char **values)
{
    VinvSnapshotDesc *snap = r->desc;

    if (strcmp (path, "domainsnapshot/memory") == 0) {
        set_str (&snap->memory, attr (names, values, "snapshot"));
    } else if (strcmp (path, "domainsnapshot/disks/disk") == 0) {
        const char *mode = attr (names, values, "snapshot");
        if (mode != NULL && strcmp (mode, "external") == 0)
            snap->disk_external = TRUE;
    }
}

static void
snapshot_end (Reader *r, const char *path, const char *text)
{
    VinvSnapshotDesc *snap = r->desc;

    if (strcmp (path, "domainsnapshot/name") == 0) {
        set_text (&snap->name, text);
    } else if (strcmp (path, "domainsnapshot/description") == 0) {
        set_text (&snap->description, text);
    } else if (strcmp (path, "domainsnapshot/state") == 0) {
        set_text (&snap->state, text);
    } else if (strcmp (path, "domainsnapshot/parent/name") == 0) {
        set_text (&snap->parent, text);
    } else if (strcmp (path, "domainsnapshot/creationTime") == 0) {
        g_autofree char *t = g_strstrip (g_strdup (text));
        char *end = NULL;
        gint64 v = g_ascii_strtoll (t, &end, 10);
        snap->creation_time = (*t != '\0' && end != NULL && *end == '\0') ? v : -1;
    }
}

VinvSnapshotDesc *
vinv_snapshot_desc_parse (const char *xml, GError **error)
{
    g_autoptr(VinvSnapshotDesc) snap = g_new0 (VinvSnapshotDesc, 1);
    Reader r = { .root = "domainsnapshot", .start = snapshot_start, .end = snapshot_end,
                 .desc = snap };

    snap->creation_time = -1;
    if (!read_xml (&r, xml, error))
        return NULL;
    return g_steal_pointer (&snap);
}

/* ---- sysinfo --------------------------------------------------------- */

typedef struct {
    gboolean in_uuid;
    char *uuid;
} SysinfoDesc;

static void
sysinfo_start (Reader *r, const char *path, const char **names, const char **values)
{
    SysinfoDesc *sys = r->desc;
    const char *name;

    if (strcmp (path, "sysinfo/system/entry") == 0) {
        name = attr (names, values, "name");
        sys->in_uuid = name != NULL && strcmp (name, "uuid") == 0;
    }
}

static void
sysinfo_end (Reader *r, const char *path, const char *text)
{
    SysinfoDesc *sys = r->desc;

    if (sys->in_uuid && strcmp (path, "sysinfo/system/entry") == 0) {
        set_text (&sys->uuid, text);
        sys->in_uuid = FALSE;
    }
}

char *
vinv_sysinfo_dup_uuid (const char *xml)
{
    SysinfoDesc sys = { FALSE, NULL };
    Reader r = { .root = "sysinfo", .start = sysinfo_start, .end = sysinfo_end, .desc = &sys };

    if (!read_xml (&r, xml, NULL)) {
        g_free (sys.uuid);
        return NULL;
    }
    return sys.uuid;
}
