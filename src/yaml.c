/* A YAML tree with positions, built from libyaml's parser events. */
#include "autoconf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "buf.h"
#include "file.h"
#include "log.h"
#include "xmalloc.h"
#include "yaml.h"

/*
 * Bounds on what one load may build: aliases can make a short file expand
 * exponentially, and the tree is walked recursively.
 */
#define YAML_MAX_NODES	100000
#define YAML_MAX_DEPTH	1000

/* Longer keys are written as "? key", past libyaml's simple key limit. */
#define YAML_MAX_SIMPLE_KEY	1000

/* A file name shared by the nodes of a load; ynode.file points at text. */
struct yaml_name {
	size_t	refs;
	char	text[];
};

struct yaml_anchor {
	char		*name;
	struct ynode	*node;
};

/* A map's pair while the map is read; merge is set for a `<<` key. */
struct yaml_pair {
	struct ynode	*key;
	struct ynode	*value;
	int		 merge;
};

struct yaml_loader {
	yaml_parser_t		 parser;
	const char		*text;
	size_t			 len;
	const char		*file;		/* one reference of our own */
	struct yaml_anchor	*anchors;
	size_t			 nanchors;
	struct ynode		**dead;		/* merged, anchors may be in */
	size_t			 ndead;
	size_t			 nodes;		/* made so far, with copies */
	char			*cause;
};

/* An open-addressing set of key strings, to find duplicates in big maps. */
struct yaml_keyset {
	const char	**v;
	size_t		  mask;
};

static struct ynode	*yaml_node(struct yaml_loader *, yaml_event_t *, int);

static const char *
yaml_name_new(const char *name)
{
	struct yaml_name	*yn;
	size_t			 len = strlen(name);

	yn = xmalloc(sizeof *yn + len + 1);
	yn->refs = 1;
	memcpy(yn->text, name, len + 1);
	return yn->text;
}

static struct yaml_name *
yaml_name_of(const char *file)
{
	return (struct yaml_name *)(void *)(uintptr_t)
	    (file - offsetof(struct yaml_name, text));
}

static const char *
yaml_name_ref(const char *file)
{
	if (file != NULL)
		yaml_name_of(file)->refs++;
	return file;
}

static void
yaml_name_unref(const char *file)
{
	struct yaml_name	*yn;

	if (file == NULL)
		return;
	yn = yaml_name_of(file);
	if (--yn->refs == 0)
		free(yn);
}

/* Sets the loader's cause, "FILE:LINE:COL: message", unless one is set. */
static void __attribute__((__format__(__printf__, 4, 5)))
yaml_error(struct yaml_loader *yl, int line, int col, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (yl->cause != NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatalx("yaml_error: out of memory");
	va_end(ap);
	xasprintf(&yl->cause, "%s:%d:%d: %s", yl->file, line, col, msg);
	free(msg);
}

/* Reports libyaml's error, turning a reader error's offset into a line. */
static void
yaml_parser_error(struct yaml_loader *yl)
{
	yaml_parser_t	*p = &yl->parser;
	const char	*problem = p->problem != NULL ? p->problem : "error";
	size_t		 i, line = 1, col = 1;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		fatalx("%s: out of memory", yl->file);
	case YAML_READER_ERROR:
		for (i = 0; i < p->problem_offset && i < yl->len; i++) {
			if (yl->text[i] == '\n') {
				line++;
				col = 1;
			} else if ((yl->text[i] & 0xc0) != 0x80)
				col++;
		}
		yaml_error(yl, line, col, "%s", problem);
		break;
	default:
		yaml_error(yl, p->problem_mark.line + 1,
		    p->problem_mark.column + 1, "%s", problem);
		break;
	}
}

/* Reads the next event; -1 on a syntax error. */
static int
yaml_next(struct yaml_loader *yl, yaml_event_t *ev)
{
	if (yaml_parser_parse(&yl->parser, ev))
		return 0;
	yaml_parser_error(yl);
	return -1;
}

/* Makes a node at mark, counting it against the limit. */
static struct ynode *
yaml_new(struct yaml_loader *yl, enum ynode_type type, const yaml_mark_t *m)
{
	struct ynode	*node;

	if (++yl->nodes > YAML_MAX_NODES) {
		yaml_error(yl, m->line + 1, m->column + 1,
		    "too many nodes (more than %d)", YAML_MAX_NODES);
		return NULL;
	}
	node = xcalloc(1, sizeof *node);
	node->type = type;
	node->file = yaml_name_ref(yl->file);
	node->line = m->line + 1;
	node->col = m->column + 1;
	return node;
}

static size_t
ynode_count(const struct ynode *node)
{
	size_t	i, n = 1;

	for (i = 0; i < node->n; i++) {
		n += ynode_count(node->items[i]);
		if (node->type == YNODE_MAP)
			n += ynode_count(node->keys[i]);
	}
	return n;
}

/* Copies node for an alias or a merge, if the limit allows. */
static struct ynode *
yaml_copy(struct yaml_loader *yl, const struct ynode *node, int line, int col)
{
	size_t	n = ynode_count(node);

	if (yl->nodes + n > YAML_MAX_NODES) {
		yaml_error(yl, line, col,
		    "too many nodes (aliases expand past %d)", YAML_MAX_NODES);
		return NULL;
	}
	yl->nodes += n;
	return ynode_copy(node);
}

/* Remembers node under an anchor name; a later one of the name wins. */
static void
yaml_anchor_add(struct yaml_loader *yl, const char *name, struct ynode *node)
{
	struct yaml_anchor	*a;

	yl->anchors = xreallocarray(yl->anchors, yl->nanchors + 1,
	    sizeof *yl->anchors);
	a = &yl->anchors[yl->nanchors++];
	a->name = xstrdup(name);
	a->node = node;
}

/*
 * Expands an alias into a copy of the node last anchored with its name,
 * placed at the alias.
 */
static struct ynode *
yaml_alias(struct yaml_loader *yl, yaml_event_t *ev)
{
	const char	*name = (const char *)ev->data.alias.anchor;
	int		 line = ev->start_mark.line + 1;
	int		 col = ev->start_mark.column + 1;
	struct ynode	*copy;
	size_t		 i;

	for (i = yl->nanchors; i > 0; i--) {
		if (strcmp(yl->anchors[i - 1].name, name) != 0)
			continue;
		copy = yaml_copy(yl, yl->anchors[i - 1].node, line, col);
		if (copy != NULL) {
			copy->line = line;
			copy->col = col;
		}
		return copy;
	}
	yaml_error(yl, line, col, "undefined alias '%s'", name);
	return NULL;
}

/* Makes a scalar; a NUL in it (from "\0") would cut the C string short. */
static struct ynode *
yaml_scalar(struct yaml_loader *yl, yaml_event_t *ev)
{
	const char	*value = (const char *)ev->data.scalar.value;
	const char	*tag = (const char *)ev->data.scalar.tag;
	size_t		 len = ev->data.scalar.length;
	struct ynode	*node;

	if (len > 0 && memchr(value, '\0', len) != NULL) {
		yaml_error(yl, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, "NUL character in a scalar");
		return NULL;
	}
	if ((node = yaml_new(yl, YNODE_SCALAR, &ev->start_mark)) == NULL)
		return NULL;
	node->scalar = xstrndup(value, len);
	/* A tag that makes it a string means it is not typed. */
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (tag == NULL ||
	    (strcmp(tag, "!") != 0 && strcmp(tag, YAML_STR_TAG) != 0));
	return node;
}

/* Reads a sequence's items up to its end. */
static struct ynode *
yaml_seq(struct yaml_loader *yl, yaml_event_t *ev, int depth)
{
	struct ynode	*seq, *item, *result = NULL;
	yaml_event_t	 iev;
	size_t		 cap = 0;

	if ((seq = yaml_new(yl, YNODE_SEQ, &ev->start_mark)) == NULL)
		return NULL;
	for (;;) {
		if (yaml_next(yl, &iev) != 0)
			goto out;
		if (iev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&iev);
			break;
		}
		item = yaml_node(yl, &iev, depth + 1);
		yaml_event_delete(&iev);
		if (item == NULL)
			goto out;
		if (seq->n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			seq->items = xreallocarray(seq->items, cap,
			    sizeof *seq->items);
		}
		seq->items[seq->n++] = item;
	}
	result = seq;
	seq = NULL;
out:
	ynode_free(seq);
	return result;
}

static void
yaml_keyset_init(struct yaml_keyset *ks, size_t n)
{
	size_t	size = 16;

	while (size < 2 * n)
		size *= 2;
	ks->v = xcalloc(size, sizeof *ks->v);
	ks->mask = size - 1;
}

/* Adds s to the set; 0 if it was there already. */
static int
yaml_keyset_add(struct yaml_keyset *ks, const char *s)
{
	const unsigned char	*p;
	size_t			 h = 2166136261u;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	for (h &= ks->mask; ks->v[h] != NULL; h = (h + 1) & ks->mask) {
		if (strcmp(ks->v[h], s) == 0)
			return 0;
	}
	ks->v[h] = s;
	return 1;
}

/* Whether node can follow `<<`: a map or a list of maps. */
static int
yaml_mergeable(const struct ynode *node)
{
	size_t	i;

	if (node->type == YNODE_MAP)
		return 1;
	if (node->type != YNODE_SEQ)
		return 0;
	for (i = 0; i < node->n; i++) {
		if (node->items[i]->type != YNODE_MAP)
			return 0;
	}
	return 1;
}

/* Appends copies of the pairs of src whose keys the map has not set. */
static int
yaml_merge(struct yaml_loader *yl, struct ynode *map, struct yaml_keyset *ks,
    const struct ynode *src, const struct ynode *at)
{
	struct ynode	*key, *value;
	size_t		 i;

	for (i = 0; i < src->n; i++) {
		if (!yaml_keyset_add(ks, src->keys[i]->scalar))
			continue;
		key = yaml_copy(yl, src->keys[i], at->line, at->col);
		if (key == NULL)
			return -1;
		value = yaml_copy(yl, src->items[i], at->line, at->col);
		if (value == NULL) {
			ynode_free(key);
			return -1;
		}
		map->keys[map->n] = key;
		map->items[map->n++] = value;
	}
	return 0;
}

/*
 * Moves the pairs read into map, checking for duplicate keys and putting
 * merged pairs where their `<<` was; the map's own keys win, then those of
 * earlier merged maps.
 */
static int
yaml_map_finish(struct yaml_loader *yl, struct ynode *map,
    struct yaml_pair *pairs, size_t npairs)
{
	struct yaml_keyset	 ks;
	struct yaml_pair	*pair;
	const struct ynode	*v;
	size_t			 i, j, total = 0;
	int			 dup, merges = 0, rc = -1;

	for (i = 0; i < npairs; i++) {
		v = pairs[i].value;
		if (!pairs[i].merge)
			total++;
		else if (v->type == YNODE_MAP)
			total += v->n;
		else {
			for (j = 0; j < v->n; j++)
				total += v->items[j]->n;
		}
	}
	yaml_keyset_init(&ks, total);
	for (i = 0; i < npairs; i++) {
		pair = &pairs[i];
		if (pair->merge)
			dup = merges++ > 0;
		else
			dup = !yaml_keyset_add(&ks, pair->key->scalar);
		if (!dup)
			continue;
		yaml_error(yl, pair->key->line, pair->key->col,
		    "duplicate key '%s'", pair->key->scalar);
		goto out;
	}
	if (total > 0) {
		map->keys = xreallocarray(NULL, total, sizeof *map->keys);
		map->items = xreallocarray(NULL, total, sizeof *map->items);
	}
	for (i = 0; i < npairs; i++) {
		pair = &pairs[i];
		if (!pair->merge) {
			map->keys[map->n] = pair->key;
			map->items[map->n++] = pair->value;
			pair->key = pair->value = NULL;	/* owned by map */
			continue;
		}
		v = pair->value;
		if (v->type == YNODE_MAP) {
			if (yaml_merge(yl, map, &ks, v, pair->key) != 0)
				goto out;
		} else {
			for (j = 0; j < v->n; j++) {
				if (yaml_merge(yl, map, &ks, v->items[j],
				    pair->key) != 0)
					goto out;
			}
		}
		/* Anchors may point into the merged value: keep it for now. */
		yl->dead = xreallocarray(yl->dead, yl->ndead + 2,
		    sizeof *yl->dead);
		yl->dead[yl->ndead++] = pair->key;
		yl->dead[yl->ndead++] = pair->value;
		pair->key = pair->value = NULL;
	}
	rc = 0;
out:
	free(ks.v);
	return rc;
}

/* Reads a map's pairs up to its end; keys must be scalars. */
static struct ynode *
yaml_map(struct yaml_loader *yl, yaml_event_t *ev, int depth)
{
	struct ynode		*map, *result = NULL;
	struct yaml_pair	*pairs = NULL, *pair;
	yaml_event_t		 kev, vev;
	size_t			 npairs = 0, cap = 0, i;
	int			 is_scalar;

	if ((map = yaml_new(yl, YNODE_MAP, &ev->start_mark)) == NULL)
		return NULL;
	for (;;) {
		if (yaml_next(yl, &kev) != 0)
			goto out;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		if (npairs == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			pairs = xreallocarray(pairs, cap, sizeof *pairs);
		}
		pair = &pairs[npairs++];
		memset(pair, 0, sizeof *pair);

		is_scalar = kev.type == YAML_SCALAR_EVENT;
		pair->key = yaml_node(yl, &kev, depth + 1);
		if (pair->key != NULL && pair->key->type != YNODE_SCALAR) {
			yaml_error(yl, kev.start_mark.line + 1,
			    kev.start_mark.column + 1,
			    "map key is not a scalar");
		}
		yaml_event_delete(&kev);
		if (yl->cause != NULL)
			goto out;
		pair->merge = is_scalar && pair->key->plain &&
		    strcmp(pair->key->scalar, "<<") == 0;

		if (yaml_next(yl, &vev) != 0)
			goto out;
		pair->value = yaml_node(yl, &vev, depth + 1);
		if (pair->value != NULL && pair->merge &&
		    !yaml_mergeable(pair->value)) {
			yaml_error(yl, vev.start_mark.line + 1,
			    vev.start_mark.column + 1,
			    "merge value is not a map or a list of maps");
		}
		yaml_event_delete(&vev);
		if (yl->cause != NULL)
			goto out;
	}
	if (yaml_map_finish(yl, map, pairs, npairs) == 0) {
		result = map;
		map = NULL;
	}
out:
	for (i = 0; i < npairs; i++) {
		ynode_free(pairs[i].key);
		ynode_free(pairs[i].value);
	}
	free(pairs);
	ynode_free(map);
	return result;
}

/* Builds the node that starts with event ev, reading up to its end. */
static struct ynode *
yaml_node(struct yaml_loader *yl, yaml_event_t *ev, int depth)
{
	struct ynode	*node;
	const char	*anchor;

	if (depth > YAML_MAX_DEPTH) {
		yaml_error(yl, ev->start_mark.line + 1,
		    ev->start_mark.column + 1,
		    "nested too deeply (more than %d levels)", YAML_MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return yaml_alias(yl, ev);
	case YAML_SCALAR_EVENT:
		anchor = (const char *)ev->data.scalar.anchor;
		node = yaml_scalar(yl, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = (const char *)ev->data.sequence_start.anchor;
		node = yaml_seq(yl, ev, depth);
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = (const char *)ev->data.mapping_start.anchor;
		node = yaml_map(yl, ev, depth);
		break;
	default:
		yaml_error(yl, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, "unexpected parser event %d",
		    (int)ev->type);
		return NULL;
	}
	/* Registered only now, so an alias cannot refer to its own parent. */
	if (node != NULL && anchor != NULL)
		yaml_anchor_add(yl, anchor, node);
	return node;
}

/* Reads the stream: nothing, or one document holding one node. */
static struct ynode *
yaml_stream(struct yaml_loader *yl)
{
	yaml_event_t	 ev;
	yaml_mark_t	 start = { 0, 0, 0 };
	struct ynode	*root = NULL, *result = NULL;

	if (yaml_next(yl, &ev) != 0)		/* stream start */
		return NULL;
	yaml_event_delete(&ev);
	if (yaml_next(yl, &ev) != 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return yaml_new(yl, YNODE_MAP, &start);
	}
	yaml_event_delete(&ev);			/* document start */
	if (yaml_next(yl, &ev) != 0)
		return NULL;
	root = yaml_node(yl, &ev, 0);
	yaml_event_delete(&ev);
	if (root == NULL)
		goto out;
	if (yaml_next(yl, &ev) != 0)		/* document end */
		goto out;
	yaml_event_delete(&ev);
	if (yaml_next(yl, &ev) != 0)
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		yaml_error(yl, ev.start_mark.line + 1,
		    ev.start_mark.column + 1, "more than one document");
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	/* An empty document ("---" alone) is no settings, as no document. */
	if (root->type == YNODE_SCALAR && root->plain &&
	    root->scalar[0] == '\0') {
		free(root->scalar);
		root->scalar = NULL;
		root->plain = 0;
		root->type = YNODE_MAP;
	}
	result = root;
	root = NULL;
out:
	ynode_free(root);
	return result;
}

struct ynode *
yaml_load_string(const char *text, size_t len, const char *name,
    char **cause)
{
	struct yaml_loader	 yl;
	struct ynode		*root;
	size_t			 i;

	memset(&yl, 0, sizeof yl);
	yl.text = text;
	yl.len = len;
	yl.file = yaml_name_new(name);
	if (!yaml_parser_initialize(&yl.parser))
		fatalx("%s: out of memory", name);
	yaml_parser_set_input_string(&yl.parser, (const unsigned char *)text,
	    len);

	root = yaml_stream(&yl);
	if (root == NULL) {
		*cause = yl.cause;
		yl.cause = NULL;	/* owned by the caller */
	}

	for (i = 0; i < yl.nanchors; i++)
		free(yl.anchors[i].name);
	free(yl.anchors);
	for (i = 0; i < yl.ndead; i++)
		ynode_free(yl.dead[i]);
	free(yl.dead);
	free(yl.cause);
	yaml_parser_delete(&yl.parser);
	yaml_name_unref(yl.file);
	return root;
}

/*
 * Whether the JSON key string at text (its opening quote) to end needs
 * libyaml's explicit key indicator: a simple (implicit) key must end,
 * its ':' included, within 1024 characters and on its own line.
 */
static int
yaml_json_key_long(const char *text, const char *end)
{
	const char	*p = text + 1;

	while (p < end && *p != '"')
		p += *p == '\\' && p + 1 < end ? 2 : 1;
	for (p++; p < end && *p != ':'; p++) {
		if (*p == '\n' || *p == '\r')
			return 1;
	}
	return p - text > YAML_MAX_SIMPLE_KEY;
}

/*
 * Marks each key of a JSON object that libyaml would not take as a key
 * (see above) with '?', YAML's explicit key (in a flow mapping it needs
 * no blank after it), so that JSON with long keys loads.  The '?'
 * replaces the blank before the key, as in the files qxub writes, so
 * positions stay; with no blank there, the rest of the line moves by
 * one column.  Returns 0 when the text needs no change.
 */
static int
yaml_json_keys(const char *text, size_t len, struct buf *b)
{
	const char	*p, *end = text + len;
	struct buf	 stack = BUF_INIT;
	int		 key = 0, changed = 0, blank;

	for (p = text; p < end; p++) {
		switch (*p) {
		case '"':
			if (key && yaml_json_key_long(p, end)) {
				/* A blank before the key becomes the '?'. */
				blank = p > text && (p[-1] == ' ' ||
				    p[-1] == '\t');
				buf_add(b, text, p - text - blank);
				buf_addch(b, '?');
				text = p;
				changed = 1;
			}
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\')
					p++;
			}
			key = 0;
			break;
		case '{':
		case '[':
			buf_addch(&stack, *p);
			key = *p == '{';
			break;
		case '}':
		case ']':
			if (stack.len > 0)
				stack.data[--stack.len] = '\0';
			key = 0;
			break;
		case ',':
			key = stack.len > 0 && stack.data[stack.len - 1] == '{';
			break;
		case ':':
			key = 0;
			break;
		}
	}
	if (changed)
		buf_add(b, text, end - text);
	buf_release(&stack);
	return changed;
}

struct ynode *
yaml_load_json_string(const char *text, size_t len, const char *name,
    char **cause)
{
	struct buf	 b = BUF_INIT;
	struct ynode	*root;

	if (yaml_json_keys(text, len, &b))
		root = yaml_load_string(b.data, b.len, name, cause);
	else
		root = yaml_load_string(text, len, name, cause);
	buf_release(&b);
	return root;
}

/* Loads the file at path as YAML, or as JSON when json is set. */
static struct ynode *
yaml_load_path(const char *path, int json, char **cause)
{
	struct buf	 b = BUF_INIT;
	struct ynode	*root = NULL;

	if (file_read(path, YAML_MAX_FILE, &b, cause) == 0)
		root = json ? yaml_load_json_string(b.data, b.len, path, cause) :
		    yaml_load_string(b.data, b.len, path, cause);
	buf_release(&b);
	return root;
}

struct ynode *
yaml_load_file(const char *path, char **cause)
{
	return yaml_load_path(path, 0, cause);
}

struct ynode *
yaml_load_json_file(const char *path, char **cause)
{
	return yaml_load_path(path, 1, cause);
}

void
ynode_free(struct ynode *node)
{
	size_t	i;

	if (node == NULL)
		return;
	for (i = 0; i < node->n; i++) {
		ynode_free(node->items[i]);
		if (node->keys != NULL)
			ynode_free(node->keys[i]);
	}
	free(node->items);
	free(node->keys);
	free(node->scalar);
	yaml_name_unref(node->file);
	free(node);
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->type != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->scalar, key) == 0)
			return map->items[i];
	}
	return NULL;
}

struct ynode *
ynode_copy(const struct ynode *node)
{
	struct ynode	*copy;
	size_t		 i;

	if (node == NULL)
		return NULL;
	copy = xcalloc(1, sizeof *copy);
	copy->type = node->type;
	copy->file = yaml_name_ref(node->file);
	copy->line = node->line;
	copy->col = node->col;
	if (node->scalar != NULL)
		copy->scalar = xstrdup(node->scalar);
	copy->plain = node->plain;
	copy->n = node->n;
	if (node->n == 0)
		return copy;
	copy->items = xreallocarray(NULL, node->n, sizeof *copy->items);
	for (i = 0; i < node->n; i++)
		copy->items[i] = ynode_copy(node->items[i]);
	if (node->keys != NULL) {
		copy->keys = xreallocarray(NULL, node->n, sizeof *copy->keys);
		for (i = 0; i < node->n; i++)
			copy->keys[i] = ynode_copy(node->keys[i]);
	}
	return copy;
}

char *
ynode_where(const struct ynode *node)
{
	char	*s;

	xasprintf(&s, "%s:%d:%d", node->file != NULL ? node->file : "-",
	    node->line, node->col);
	return s;
}

int
ynode_bool(const struct ynode *node, int *out)
{
	static const char *const	 words[] = {
		"false", "true", "no", "yes", "off", "on"
	};
	size_t				 i;

	if (node == NULL || node->type != YNODE_SCALAR || !node->plain)
		return 0;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(node->scalar, words[i]) == 0) {
			*out = i % 2;
			return 1;
		}
	}
	return 0;
}

int
ynode_int(const struct ynode *node, long long min, long long max,
    long long *out)
{
	const char	*p;
	char		*end;
	long long	 v;

	if (node == NULL || node->type != YNODE_SCALAR || !node->plain)
		return 0;
	p = node->scalar;
	if (*p == '+' || *p == '-')
		p++;
	/* 012 is octal to YAML 1.1 and decimal to 1.2: refuse it. */
	if (!isdigit((unsigned char)*p) || (p[0] == '0' && p[1] != '\0') ||
	    p[strspn(p, "0123456789")] != '\0')
		return 0;
	errno = 0;
	v = strtoll(node->scalar, &end, 10);
	if (errno == ERANGE || *end != '\0' || v < min || v > max)
		return 0;
	*out = v;
	return 1;
}

/*
 * Decodes the UTF-8 character at s into *cp; returns its length, or 0 if
 * the bytes are not UTF-8.
 */
static size_t
yaml_utf8(const char *str, unsigned long *cp)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned long		 c;
	size_t			 len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * Whether c may be written as it is inside a scalar: YAML's printable
 * set without the breaks and byte order mark libyaml reads specially.
 */
static int
yaml_printable(unsigned long c)
{
	if (c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff)
		return 0;
	return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) ||
	    (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* Whether s reads back as the same text when written plain. */
static int
yaml_plain_ok(const char *s)
{
	size_t		len = strlen(s), i, n;
	unsigned long	c;

	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
		return 0;
	if (strchr("?:,[]{}#&*!|>'\"%@`", s[0]) != NULL)
		return 0;
	if (s[0] == '-' && (s[1] == '\0' || s[1] == ' '))
		return 0;
	if (strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0)
		return 0;
	if (strstr(s, ": ") != NULL || strstr(s, " #") != NULL)
		return 0;
	for (i = 0; i < len; i += n) {
		if ((n = yaml_utf8(s + i, &c)) == 0 || !yaml_printable(c))
			return 0;
	}
	return 1;
}

/*
 * Whether a plain s might be read as something other than a string (null,
 * boolean, number, timestamp, merge key) by a YAML 1.1 or 1.2 reader; errs
 * on the side of yes.
 */
static int
yaml_typed(const char *s)
{
	static const char *const	 words[] = {
		"~", "null", "true", "false", "yes", "no", "on", "off",
		"y", "n", "<<", "="
	};
	const char			*p = s;
	size_t				 i;

	if (*s == '\0')
		return 1;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	}
	if (*p == '+' || *p == '-')
		p++;
	if (strcasecmp(p, ".inf") == 0 || strcasecmp(p, ".nan") == 0)
		return 1;
	if (!isdigit((unsigned char)*p) &&
	    !(*p == '.' && isdigit((unsigned char)p[1])))
		return 0;
	if (p[strspn(p, "0123456789abcdefABCDEF_xXoO.:+-")] == '\0')
		return 1;
	/* A date, perhaps with a time. */
	return strspn(p, "0123456789") == 4 && p[4] == '-';
}

/*
 * Whether s can be written as a | block: several lines of printable text,
 * the first not starting with a blank, none made of blanks only.
 */
static int
yaml_literal_ok(const char *s)
{
	size_t		i, n, width = 0;
	unsigned long	c;
	int		blank = 1;

	if (strchr(s, '\n') == NULL || s[0] == ' ' || s[0] == '\t' ||
	    s[0] == '\n')
		return 0;
	for (i = 0;; i += n) {
		if (s[i] == '\n' || s[i] == '\0') {
			if (width > 0 && blank)
				return 0;
			if (s[i] == '\0')
				return 1;
			width = 0;
			blank = 1;
			n = 1;
			continue;
		}
		if ((n = yaml_utf8(s + i, &c)) == 0 ||
		    (c != '\t' && !yaml_printable(c)))
			return 0;
		width++;
		if (c != ' ' && c != '\t')
			blank = 0;
	}
}

static void
yaml_indent(struct buf *b, int indent)
{
	int	i;

	for (i = 0; i < indent; i++)
		buf_addch(b, ' ');
}

/* Appends s as a | block of lines indented by indent, and the newline. */
static void
yaml_emit_literal(struct buf *b, const char *s, int indent)
{
	size_t		 len = strlen(s), trail = 0;
	const char	*line, *end, *stop;

	while (trail < len && s[len - 1 - trail] == '\n')
		trail++;
	buf_addstr(b, trail == 0 ? "|-\n" : trail == 1 ? "|\n" : "|+\n");
	stop = s + len - trail;
	for (line = s; line < stop; line = end + 1) {
		if ((end = memchr(line, '\n', stop - line)) == NULL)
			end = stop;
		if (end > line) {
			yaml_indent(b, indent);
			buf_add(b, line, end - line);
		}
		buf_addch(b, '\n');
	}
	for (; trail > 1; trail--)
		buf_addch(b, '\n');
}

/* Appends s in double quotes, escaping what would not read back. */
static void
yaml_emit_quoted(struct buf *b, const char *s)
{
	unsigned long	c;
	size_t		n;

	buf_addch(b, '"');
	for (; *s != '\0'; s += n) {
		n = 1;
		switch (*s) {
		case '"':
			buf_addstr(b, "\\\"");
			continue;
		case '\\':
			buf_addstr(b, "\\\\");
			continue;
		case '\n':
			buf_addstr(b, "\\n");
			continue;
		case '\t':
			buf_addstr(b, "\\t");
			continue;
		case '\r':
			buf_addstr(b, "\\r");
			continue;
		}
		if ((n = yaml_utf8(s, &c)) == 0) {
			/* Not UTF-8: cannot read back the same; keep going. */
			buf_addf(b, "\\x%02X", (unsigned char)*s);
			n = 1;
		} else if (c == 0x85)
			buf_addstr(b, "\\N");
		else if (c == 0x2028)
			buf_addstr(b, "\\L");
		else if (c == 0x2029)
			buf_addstr(b, "\\P");
		else if (yaml_printable(c))
			buf_add(b, s, n);
		else if (c <= 0xff)
			buf_addf(b, "\\x%02lX", c);
		else if (c <= 0xffff)
			buf_addf(b, "\\u%04lX", c);
		else
			buf_addf(b, "\\U%08lX", c);
	}
	buf_addch(b, '"');
}

/* Appends a key plain if it reads back the same, else quoted. */
static void
yaml_emit_key(struct buf *b, const struct ynode *key)
{
	const char	*s = key->scalar;

	/* A plain << would become a merge. */
	if (yaml_plain_ok(s) && (key->plain || !yaml_typed(s)) &&
	    strcmp(s, "<<") != 0)
		buf_addstr(b, s);
	else
		yaml_emit_quoted(b, s);
}

/* How a node is placed: alone, after "key:", or after "-". */
enum yaml_ctx {
	YAML_CTX_ROOT,
	YAML_CTX_VALUE,
	YAML_CTX_ITEM
};

static void	yaml_emit_node(struct buf *, const struct ynode *, int,
		    enum yaml_ctx);

/* Appends the pairs of map at indent, the first on the current line. */
static void
yaml_emit_map(struct buf *b, const struct ynode *map, int indent, int inline1)
{
	struct buf	key = BUF_INIT;
	size_t		i;

	for (i = 0; i < map->n; i++) {
		if (i > 0 || !inline1)
			yaml_indent(b, indent);
		buf_reset(&key);
		yaml_emit_key(&key, map->keys[i]);
		if (key.len > YAML_MAX_SIMPLE_KEY) {
			buf_addstr(b, "? ");
			buf_add(b, key.data, key.len);
			buf_addch(b, '\n');
			yaml_indent(b, indent);
		} else
			buf_add(b, key.data, key.len);
		buf_addch(b, ':');
		yaml_emit_node(b, map->items[i], indent, YAML_CTX_VALUE);
	}
	buf_release(&key);
}

/* Appends the items of seq at indent, the first on the current line. */
static void
yaml_emit_seq(struct buf *b, const struct ynode *seq, int indent, int inline1)
{
	size_t	i;

	for (i = 0; i < seq->n; i++) {
		if (i > 0 || !inline1)
			yaml_indent(b, indent);
		buf_addch(b, '-');
		yaml_emit_node(b, seq->items[i], indent, YAML_CTX_ITEM);
	}
}

/*
 * Appends node, placed as ctx says by a parent whose line is indented by
 * indent; its own lines are indented 2 more (a root's by none).
 */
static void
yaml_emit_node(struct buf *b, const struct ynode *node, int indent,
    enum yaml_ctx ctx)
{
	const char	*s = node->scalar;
	int		 inner = ctx == YAML_CTX_ROOT ? 0 : indent + 2;

	if (ctx != YAML_CTX_ROOT) {
		if (node->type == YNODE_SCALAR && node->plain && s[0] == '\0') {
			buf_addch(b, '\n');	/* "key:" alone is null */
			return;
		}
		if (node->type != YNODE_SCALAR && node->n > 0 &&
		    ctx == YAML_CTX_VALUE)
			buf_addch(b, '\n');
		else
			buf_addch(b, ' ');
	}
	switch (node->type) {
	case YNODE_SCALAR:
		if (yaml_plain_ok(s) && (node->plain || !yaml_typed(s)))
			buf_addf(b, "%s\n", s);
		else if (yaml_literal_ok(s))
			yaml_emit_literal(b, s, indent + 2);
		else {
			yaml_emit_quoted(b, s);
			buf_addch(b, '\n');
		}
		break;
	case YNODE_MAP:
		if (node->n == 0)
			buf_addstr(b, "{}\n");
		else
			yaml_emit_map(b, node, inner, ctx == YAML_CTX_ITEM);
		break;
	case YNODE_SEQ:
		if (node->n == 0)
			buf_addstr(b, "[]\n");
		else
			yaml_emit_seq(b, node, inner, ctx == YAML_CTX_ITEM);
		break;
	}
}

void
yaml_emit(struct buf *b, const struct ynode *node)
{
	yaml_emit_node(b, node, 0, YAML_CTX_ROOT);
}

struct ynode *
ynode_new(enum ynode_type type)
{
	struct ynode	*node;

	node = xcalloc(1, sizeof *node);
	node->type = type;
	return node;
}

struct ynode *
ynode_new_scalar(const char *s, int plain)
{
	struct ynode	*node;

	node = ynode_new(YNODE_SCALAR);
	node->scalar = xstrdup(s);
	node->plain = plain;
	return node;
}

void
ynode_set(struct ynode *map, const char *key, struct ynode *value)
{
	size_t	i;

	for (i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->scalar, key) == 0) {
			ynode_free(map->items[i]);
			map->items[i] = value;
			return;
		}
	}
	map->keys = xreallocarray(map->keys, map->n + 1, sizeof *map->keys);
	map->items = xreallocarray(map->items, map->n + 1,
	    sizeof *map->items);
	map->keys[map->n] = ynode_new_scalar(key, 0);
	map->items[map->n++] = value;
}

void
ynode_set_strings(struct ynode *map, const char *key, char *const *v,
    size_t n)
{
	struct ynode	*list;
	size_t		 i;

	if (n == 0)
		return;
	list = ynode_new(YNODE_SEQ);
	for (i = 0; i < n; i++)
		ynode_push(list, ynode_new_scalar(v[i], 0));
	ynode_set(map, key, list);
}

void
ynode_set_string(struct ynode *map, const char *key, const char *value)
{
	if (value != NULL)
		ynode_set(map, key, ynode_new_scalar(value, 0));
}

/* Gives the nodes of the tree at node with no file the name file. */
static void
ynode_name_tree(struct ynode *node, const char *file)
{
	size_t	i;

	if (node->file == NULL) {
		node->file = yaml_name_ref(file);
		node->line = node->col = 1;
	}
	for (i = 0; i < node->n; i++) {
		ynode_name_tree(node->items[i], file);
		if (node->keys != NULL)
			ynode_name_tree(node->keys[i], file);
	}
}

void
ynode_name(struct ynode *node, const char *name)
{
	const char	*file = yaml_name_new(name);

	ynode_name_tree(node, file);
	yaml_name_unref(file);
}

void
ynode_push(struct ynode *seq, struct ynode *item)
{
	seq->items = xreallocarray(seq->items, seq->n + 1,
	    sizeof *seq->items);
	seq->items[seq->n++] = item;
}

struct ynode *
ynode_take(struct ynode *map, const char *key)
{
	struct ynode	*value;
	size_t		 i;

	if (map == NULL || map->type != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->scalar, key) != 0)
			continue;
		value = map->items[i];
		ynode_free(map->keys[i]);
		memmove(map->keys + i, map->keys + i + 1,
		    (map->n - i - 1) * sizeof *map->keys);
		memmove(map->items + i, map->items + i + 1,
		    (map->n - i - 1) * sizeof *map->items);
		map->n--;
		return value;
	}
	return NULL;
}

/* Whether s is a number as JSON spells one. */
static int
yaml_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s += strspn(s, "0123456789");
	else
		return 0;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return 0;
		s += strspn(s, "0123456789");
	}
	if (*s == 'e' || *s == 'E') {
		if (*++s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		s += strspn(s, "0123456789");
	}
	return *s == '\0';
}

/* Appends s as a JSON string. */
static void
yaml_json_string(struct buf *b, const char *s)
{
	unsigned long	c;
	size_t		n;

	buf_addch(b, '"');
	for (; *s != '\0'; s += n) {
		if ((n = yaml_utf8(s, &c)) == 0) {
			buf_addstr(b, "\\ufffd");
			n = 1;
			continue;
		}
		switch (c) {
		case '"':
			buf_addstr(b, "\\\"");
			break;
		case '\\':
			buf_addstr(b, "\\\\");
			break;
		case '\b':
			buf_addstr(b, "\\b");
			break;
		case '\f':
			buf_addstr(b, "\\f");
			break;
		case '\n':
			buf_addstr(b, "\\n");
			break;
		case '\r':
			buf_addstr(b, "\\r");
			break;
		case '\t':
			buf_addstr(b, "\\t");
			break;
		default:
			if (yaml_printable(c))
				buf_add(b, s, n);
			else
				buf_addf(b, "\\u%04lx", c);
			break;
		}
	}
	buf_addch(b, '"');
}

/* A map's pair, for sorting by key. */
struct yaml_json_pair {
	const struct ynode	*key;
	const struct ynode	*value;
};

static int
yaml_json_cmp(const void *a, const void *b)
{
	const struct yaml_json_pair	*pa = a, *pb = b;

	return strcmp(pa->key->scalar, pb->key->scalar);
}

/*
 * Appends node as JSON whose enclosing lines are indented by indent; a
 * negative indent: all on one line.
 */
static void
yaml_json_node(struct buf *b, const struct ynode *node, int indent)
{
	struct yaml_json_pair	*pairs;
	const char		*s = node->scalar;
	size_t			 i;

	switch (node->type) {
	case YNODE_SCALAR:
		if (node->plain && (*s == '\0' || strcmp(s, "~") == 0))
			buf_addstr(b, "null");
		else if (node->plain && (yaml_json_number(s) ||
		    strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
		    strcmp(s, "null") == 0))
			buf_addstr(b, s);
		else
			yaml_json_string(b, s);
		return;
	case YNODE_SEQ:
		if (node->n == 0) {
			buf_addstr(b, "[]");
			return;
		}
		buf_addstr(b, indent < 0 ? "[" : "[\n");
		for (i = 0; i < node->n; i++) {
			if (indent >= 0)
				yaml_indent(b, indent + 2);
			yaml_json_node(b, node->items[i], indent < 0 ? -1 :
			    indent + 2);
			if (indent >= 0)
				buf_addstr(b, i + 1 < node->n ? ",\n" : "\n");
			else if (i + 1 < node->n)
				buf_addstr(b, ", ");
		}
		yaml_indent(b, indent);
		buf_addch(b, ']');
		return;
	case YNODE_MAP:
		if (node->n == 0) {
			buf_addstr(b, "{}");
			return;
		}
		pairs = xreallocarray(NULL, node->n, sizeof *pairs);
		for (i = 0; i < node->n; i++) {
			pairs[i].key = node->keys[i];
			pairs[i].value = node->items[i];
		}
		qsort(pairs, node->n, sizeof *pairs, yaml_json_cmp);
		buf_addstr(b, indent < 0 ? "{" : "{\n");
		for (i = 0; i < node->n; i++) {
			if (indent >= 0)
				yaml_indent(b, indent + 2);
			yaml_json_string(b, pairs[i].key->scalar);
			buf_addstr(b, ": ");
			yaml_json_node(b, pairs[i].value, indent < 0 ? -1 :
			    indent + 2);
			if (indent >= 0)
				buf_addstr(b, i + 1 < node->n ? ",\n" : "\n");
			else if (i + 1 < node->n)
				buf_addstr(b, ", ");
		}
		free(pairs);
		yaml_indent(b, indent);
		buf_addch(b, '}');
		return;
	}
}

void
yaml_emit_json(struct buf *b, const struct ynode *node)
{
	yaml_json_node(b, node, 0);
	buf_addch(b, '\n');
}

void
yaml_emit_json_line(struct buf *b, const struct ynode *node)
{
	yaml_json_node(b, node, -1);
	buf_addch(b, '\n');
}
