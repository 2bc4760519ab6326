/*
 * A small YAML tree for the config files, read with libyaml.  Every node
 * knows the file, line and column it came from, so that checks done later
 * can say where a bad value was written.  Anchors, aliases and `<<` merge
 * keys are expanded while loading (to a bounded number of nodes); tags are
 * dropped and comments are not kept.
 */
#ifndef QXUB_YAML_H
#define QXUB_YAML_H	/* not YAML_H: that is libyaml's <yaml.h> guard */

#include <stddef.h>

struct buf;

enum ynode_type {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP
};

/*
 * One node.  An alias gives a copy of the anchored node placed at the
 * alias; the nodes inside it, and the pairs a `<<` merges in, keep the
 * positions they were written at.
 */
struct ynode {
	enum ynode_type	 type;
	const char	*file;		/* name for messages; see below */
	int		 line, col;	/* 1-based position where it starts */
	char		*scalar;	/* SCALAR: the text as loaded */
	int		 plain;		/* SCALAR: unquoted, not tagged !!str */
	size_t		 n;		/* SEQ/MAP: number of items / pairs */
	struct ynode	**items;	/* SEQ: the items; MAP: the values */
	struct ynode	**keys;		/* MAP: the keys, scalar nodes */
};

/*
 * file is a reference-counted copy of the name, shared by all the nodes of
 * one load and their ynode_copy() copies, and released by ynode_free(): do
 * not free it or point it elsewhere.  A node built by hand (xcalloc) may
 * leave it NULL.  A plain scalar may be typed (true, 12, ~); a quoted one,
 * a block one (| and >) or one tagged !!str or ! is a string.
 */

/*
 * The largest file yaml_load_file() reads: configuration, platform and
 * shortcut files are a few KiB, and a bigger one is a mistake (or
 * /dev/zero) that would otherwise be read into memory whole.
 */
#define YAML_MAX_FILE	(1024 * 1024)

/*
 * Loads a YAML file into a tree.  Returns NULL and sets *cause, as
 * "cannot read 'PATH': error" or "PATH:LINE:COL: message", on error.  The
 * file must be a regular file of at most YAML_MAX_FILE bytes; a FIFO or a
 * device is refused without being waited on.  A
 * file with no document (empty, or only comments) or with an empty one
 * ("---" alone) gives an empty map; any other root is returned as is.
 */
struct ynode	*yaml_load_file(const char *path, char **cause);
/* Loads YAML text of len bytes, naming it name in messages. */
struct ynode	*yaml_load_string(const char *text, size_t len,
		    const char *name, char **cause);
/*
 * Loads a JSON file, or JSON text, like the two above; unlike YAML's
 * implicit keys (at most 1024 characters, one line), a key may be of
 * any length.
 */
struct ynode	*yaml_load_json_file(const char *path, char **cause);
struct ynode	*yaml_load_json_string(const char *text, size_t len,
		    const char *name, char **cause);
/* Frees a tree (or subtree no longer held by its parent); NULL is fine. */
void		 ynode_free(struct ynode *node);
/* Returns the value of key in map, or NULL (also if map is not a map). */
struct ynode	*ynode_get(const struct ynode *map, const char *key);
/* Returns a deep copy of node, positions and file included. */
struct ynode	*ynode_copy(const struct ynode *node);
/* Returns "FILE:LINE:COL" for node as a heap string. */
char		*ynode_where(const struct ynode *node);
/*
 * Returns a new node made by hand, with no file: an empty map or sequence,
 * or (ynode_new_scalar) a copy of s, plain or not as in struct ynode.
 */
struct ynode	*ynode_new(enum ynode_type type);
struct ynode	*ynode_new_scalar(const char *s, int plain);
/*
 * Sets key in map to value, which map then owns: a pair of that key keeps
 * its place and its key (the old value is freed); a new pair goes last,
 * its key a string.
 */
void		 ynode_set(struct ynode *map, const char *key,
		    struct ynode *value);
/*
 * Names the nodes of the tree at node that were made by hand (with no
 * file) as written in name at line 1, column 1: for values given other
 * than in a file, such as in an environment variable.  Loaded nodes keep
 * their names and positions.
 */
void		 ynode_name(struct ynode *node, const char *name);
/* Appends item to seq, which then owns it. */
void		 ynode_push(struct ynode *seq, struct ynode *item);
/* Sets key of map to a list of the n strings of v, when n is not 0. */
void		 ynode_set_strings(struct ynode *map, const char *key,
		    char *const *v, size_t n);
/* Sets key of map to the string value, when value is not NULL. */
void		 ynode_set_string(struct ynode *map, const char *key,
		    const char *value);
/*
 * Removes the pair of key from map and returns its value, now the
 * caller's; NULL when map has no such key (or is not a map).
 */
struct ynode	*ynode_take(struct ynode *map, const char *key);
/*
 * Appends node to b as YAML: block style, 2-space indent, keys in their
 * order, multi-line strings as | blocks and scalars quoted only when they
 * would otherwise not read back as the same text of the same kind (a
 * quoted "12" stays quoted, a plain 12 stays plain).  Comments are lost.
 */
void		 yaml_emit(struct buf *b, const struct ynode *node);
/*
 * Appends node to b as JSON, and a newline: 2-space indent, keys sorted by
 * byte value (as Python's json.dump(indent=2, sort_keys=True) writes
 * them).  A plain scalar that is a JSON number, true, false or null is
 * written bare, and a plain empty or ~ one as null; every other scalar is
 * a string.  Characters YAML would not read back as they are (controls,
 * U+0085, U+2028, U+2029, U+FEFF) are escaped as \uXXXX, so the text loads
 * with yaml_load_json_string(), and with yaml_load_string() too when no
 * key is longer than libyaml's simple key limit (1024 characters, which
 * escapes make easy to reach); bytes that are not UTF-8 become U+FFFD.
 */
void		 yaml_emit_json(struct buf *b, const struct ynode *node);
/* The same on one line (JSON Lines): no newline but the last. */
void		 yaml_emit_json_line(struct buf *b, const struct ynode *node);
/*
 * Sets *out and returns 1 when node is a plain scalar that is a YAML 1.1
 * boolean (true/false/yes/no/on/off in any case); returns 0 otherwise.
 */
int		 ynode_bool(const struct ynode *node, int *out);
/*
 * Sets *out and returns 1 when node is a plain scalar holding a decimal
 * integer (optional sign, no leading zeros) in [min, max]; 0 otherwise.
 */
int		 ynode_int(const struct ynode *node, long long min,
		    long long max, long long *out);

#endif /* QXUB_YAML_H */
