/* Unit tests for yaml.c: loading with positions, errors, aliases, emitting. */
#include "autoconf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xmalloc.h"
#include "yaml.h"
#include "tap.h"

/* The copies of the qxub 3.x files, under the source tree. */
static char	*fixtures;

static struct ynode *
load(const char *text)
{
	struct ynode	*root;
	char		*cause = NULL;

	root = yaml_load_string(text, strlen(text), "t.yaml", &cause);
	if (root == NULL) {
		printf("# cannot load: %s\n", cause);
		free(cause);
	}
	return root;
}

/* Loads text expecting an error; returns the message (heap). */
static char *
load_error(const char *text)
{
	struct ynode	*root;
	char		*cause = NULL;

	root = yaml_load_string(text, strlen(text), "t.yaml", &cause);
	if (root != NULL) {
		ynode_free(root);
		return xstrdup("(loaded)");
	}
	return cause;
}

static struct ynode *
load_fixture(const char *name)
{
	struct ynode	*root;
	char		*path, *cause = NULL;

	xasprintf(&path, "%s/%s", fixtures, name);
	if ((root = yaml_load_file(path, &cause)) == NULL) {
		printf("# %s\n", cause);
		free(cause);
	}
	free(path);
	return root;
}

/* Follows a path of keys ("a.b.c") or seq indices ("a.0.b"). */
static const struct ynode *
at(const struct ynode *node, const char *path)
{
	char		*copy = xstrdup(path), *p = copy, *word;
	unsigned long	 i;

	while (node != NULL && (word = strsep(&p, ".")) != NULL) {
		if (node->type == YNODE_SEQ) {
			i = strtoul(word, NULL, 10);
			node = i < node->n ? node->items[i] : NULL;
		} else
			node = ynode_get(node, word);
	}
	free(copy);
	return node;
}

/* The text of the scalar at path, or NULL. */
static const char *
text(const struct ynode *root, const char *path)
{
	const struct ynode	*node = at(root, path);

	return node != NULL && node->type == YNODE_SCALAR ?
	    node->scalar : NULL;
}

static int
where_is(const struct ynode *node, const char *want)
{
	char	*where;
	int	 same;

	if (node == NULL)
		return 0;
	where = ynode_where(node);
	same = strcmp(where, want) == 0;
	if (!same)
		printf("#   at %s, want %s\n", where, want);
	free(where);
	return same;
}

static int
starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether a scalar would be read as something other than a string. */
static int
typed(const struct ynode *node)
{
	long long	 ll;
	char		*end;
	int		 b;

	if (!node->plain)
		return 0;
	if (ynode_bool(node, &b) || ynode_int(node, LLONG_MIN, LLONG_MAX, &ll))
		return 1;
	if (strcmp(node->scalar, "") == 0 || strcmp(node->scalar, "~") == 0 ||
	    strcmp(node->scalar, "null") == 0)
		return 1;
	(void)strtod(node->scalar, &end);
	return end != node->scalar && *end == '\0';
}

/* Same shape, keys and texts, and every scalar the same kind. */
static int
tree_equal(const struct ynode *a, const struct ynode *b)
{
	size_t	i;

	if (a->type != b->type)
		return 0;
	if (a->type == YNODE_SCALAR) {
		if (strcmp(a->scalar, b->scalar) != 0 || typed(a) != typed(b)) {
			printf("#   [%s]%d != [%s]%d\n", a->scalar, a->plain,
			    b->scalar, b->plain);
			return 0;
		}
		return 1;
	}
	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (a->type == YNODE_MAP && !tree_equal(a->keys[i], b->keys[i]))
			return 0;
		if (!tree_equal(a->items[i], b->items[i]))
			return 0;
	}
	return 1;
}

/* Emits node, loads the text back and compares; the text goes to *out. */
static int
round_trip(const struct ynode *node, char **out)
{
	struct buf	 b = BUF_INIT;
	struct ynode	*back;
	int		 same;

	yaml_emit(&b, node);
	back = load(b.data);
	same = back != NULL && tree_equal(node, back);
	if (!same)
		printf("# emitted:\n%s", b.data);
	ynode_free(back);
	if (out != NULL)
		*out = buf_detach(&b);
	else
		buf_release(&b);
	return same;
}

static void
test_fixtures(void)
{
	struct ynode		*root, *copy;
	const struct ynode	*node;
	const char		*s;
	char			*where;
	long long		 ll;
	int			 b;

	root = load_fixture("test_config.yaml");
	ok(root != NULL && root->type == YNODE_MAP && root->n == 2,
	    "test_config.yaml: a map of defaults and platforms");
	is_str(text(root, "defaults.platform"), "gadi_remote",
	    "defaults.platform, comment dropped");
	node = at(root, "defaults.platform");
	xasprintf(&where, "%s/test_config.yaml:41:13", fixtures);
	ok(where_is(node, where), "defaults.platform at 41:13");
	free(where);
	node = at(root, "defaults.walltime");
	ok(node != NULL && strcmp(node->scalar, "1:00:00") == 0 &&
	    !node->plain, "quoted walltime is a string");
	ok(ynode_int(at(root, "defaults.cpus"), 1, 1024, &ll) && ll == 1,
	    "defaults.cpus is 1");
	is_str(text(root, "defaults.mem"), "4GB", "defaults.mem");
	is_str(text(root, "platforms.gadi_remote.remote.host"), "gadi",
	    "platforms.gadi_remote.remote.host");
	s = text(root, "platforms.gadi_remote.remote.conda_init");
	ok(s != NULL && starts_with(s, "# Initialize conda") &&
	    strstr(s, "\neval \"$(conda shell.bash hook)\"\n") != NULL &&
	    strlen(s) > 20 && strcmp(s + strlen(s) - 20,
	    "conda activate qxub\n") == 0, "conda_init | block");
	ok(at(root, "platforms.test_delegation") != NULL &&
	    at(root, "platforms.test_delegation.definition") == NULL,
	    "test_delegation has no definition");
	s = "platforms.mixed_template_example.remote.working_dir";
	is_str(text(root, s), "/home/{user}/scratch/{{user}}/jobs",
	    "templates kept as text");
	node = at(root, "platforms");
	ok(node != NULL && node->n == 6 &&
	    strcmp(node->keys[5]->scalar, "mixed_example") == 0,
	    "six platforms in file order");
	copy = ynode_copy(root);
	ynode_free(root);
	node = at(copy, "platforms.gadi_local");
	ok(node != NULL && node->line == 67 && node->col == 5 &&
	    strcmp(node->file + strlen(node->file) - 17, "/test_config.yaml")
	    == 0, "a copy outlives its original, with file and position");
	ok(round_trip(copy, NULL), "test_config.yaml: emit and load back");
	ynode_free(copy);

	root = load_fixture("nci_gadi.yaml");
	is_str(text(root, "platform.name"), "nci_gadi", "platform.name");
	is_str(text(root, "platform.type"), "pbs_pro", "platform.type");
	node = at(root, "platform.queues");
	ok(node != NULL && node->type == YNODE_SEQ && node->n == 14,
	    "14 queues");
	is_str(text(root, "platform.queues.0.name"), "normal", "first queue");
	node = at(root, "platform.queues.0.name");
	ok(node != NULL && node->line == 13 && node->col == 13,
	    "its name at 13:13");
	ok(ynode_int(at(root, "platform.queues.0.limits.max_cpus"), 0,
	    1000000, &ll) && ll == 20736, "max_cpus 20736");
	node = at(root, "platform.queues.0.limits.max_memory");
	ok(node != NULL && strcmp(node->scalar, "190GB") == 0 && !node->plain,
	    "max_memory quoted");
	is_str(text(root, "platform.queues.0.walltime_rules.3.cores"),
	    "3024-20736", "walltime rule");
	is_str(text(root, "platform.queues.13.name"), "copyq", "last queue");
	ok(ynode_bool(at(root, "platform.queues.13.internet_connectivity"), &b)
	    && b == 1, "internet_connectivity: true");
	node = at(root, "platform.auto_selection_rules");
	ok(node != NULL && node->n == 10, "10 auto selection rules");
	ok(ynode_bool(at(root, "platform.auto_selection_rules.8.is_default"),
	    &b) && b == 1, "the default rule");
	is_str(text(root, "platform.auto_adjust.hugemembw"),
	    "select_from_options(cores, [7, 14, 21, 28])", "auto_adjust");
	ok(root != NULL && round_trip(root, NULL),
	    "nci_gadi.yaml: emit and load back");
	ynode_free(root);

	root = load_fixture("test_platform.yaml");
	is_str(text(root, "name"), "test_platform", "test_platform name");
	node = at(root, "queues");
	ok(node != NULL && node->n == 4, "four queues");
	ok(ynode_int(at(root, "queues.3.limits.max_gpus"), 0, 64, &ll) &&
	    ll == 4, "gpu queue max_gpus");
	node = at(root, "queues.3.cost_per_hour");
	ok(node != NULL && strcmp(node->scalar, "10.0") == 0 && node->plain &&
	    node->line == 41, "cost_per_hour 10.0 at line 41");
	ok(root != NULL && round_trip(root, NULL),
	    "test_platform.yaml: emit and load back");
	ynode_free(root);
}

static void
test_positions(void)
{
	struct ynode		*root;
	const struct ynode	*node;

	root = load("# top\n"
	    "a:\n"
	    "  b: 1\n"
	    "  list:\n"
	    "    - x\n"
	    "    - k: v\n"
	    "      j: [p, q]\n"
	    "c: {d: e, f: [1, 2]}\n");
	ok(root != NULL && root->line == 2 && root->col == 1, "root at 2:1");
	node = at(root, "a");
	ok(node != NULL && node->type == YNODE_MAP && node->line == 3 &&
	    node->col == 3, "nested map at 3:3");
	ok(root != NULL && root->keys[0]->line == 2 &&
	    root->keys[0]->col == 1, "its key at 2:1");
	ok(where_is(at(root, "a.b"), "t.yaml:3:6"), "a.b at 3:6");
	ok(node != NULL && node->keys[1]->line == 4 && node->keys[1]->col == 3,
	    "key list at 4:3");
	node = at(root, "a.list");
	ok(node != NULL && node->type == YNODE_SEQ && node->n == 2 &&
	    node->line == 5 && node->col == 5, "seq at 5:5");
	ok(where_is(at(root, "a.list.0"), "t.yaml:5:7"), "item at 5:7");
	ok(where_is(at(root, "a.list.1"), "t.yaml:6:7"), "map item at 6:7");
	ok(where_is(at(root, "a.list.1.j"), "t.yaml:7:10"), "flow seq at 7:10");
	ok(where_is(at(root, "a.list.1.j.1"), "t.yaml:7:14"), "q at 7:14");

	/* Flow style. */
	node = at(root, "c");
	ok(node != NULL && node->type == YNODE_MAP && node->n == 2 &&
	    node->line == 8 && node->col == 4, "flow map at 8:4");
	is_str(text(root, "c.d"), "e", "c.d");
	ok(node != NULL && node->keys[1]->line == 8 &&
	    node->keys[1]->col == 11, "flow key f at 8:11");
	node = at(root, "c.f");
	ok(node != NULL && node->type == YNODE_SEQ && node->n == 2,
	    "flow seq in a flow map");
	ok(where_is(at(root, "c.f.1"), "t.yaml:8:18"), "2 at 8:18");
	ok(ynode_get(at(root, "a.b"), "x") == NULL && ynode_get(NULL, "x") ==
	    NULL && ynode_get(root, "nope") == NULL, "ynode_get misses");
	ynode_free(root);

	root = load("[1, {a: b}, [], {}]");
	ok(root != NULL && root->type == YNODE_SEQ && root->n == 4 &&
	    root->items[1]->type == YNODE_MAP && root->items[2]->n == 0 &&
	    root->items[3]->type == YNODE_MAP, "a flow seq as the root");
	ynode_free(root);
}

static void
test_scalars(void)
{
	struct ynode		*root;
	const struct ynode	*node;

	root = load("q: \"12\"\n"
	    "s: '12'\n"
	    "p: 12\n"
	    "n: ~\n"
	    "e:\n"
	    "lit: |\n"
	    "  one\n"
	    "    two\n"
	    "\n"
	    "fold: >\n"
	    "  one\n"
	    "  two\n"
	    "\n"
	    "  three\n"
	    "strip: |-\n"
	    "  x\n"
	    "keep: |+\n"
	    "  y\n"
	    "\n"
	    "str: !!str 12\n"
	    "other: !foo 12\n"
	    "esc: \"a\\tb\\u00e9\"\n"
	    "plain: two\n"
	    "  lines\n");
	node = at(root, "q");
	ok(node != NULL && strcmp(node->scalar, "12") == 0 && !node->plain,
	    "\"12\" is quoted");
	node = at(root, "s");
	ok(node != NULL && !node->plain, "'12' is quoted");
	node = at(root, "p");
	ok(node != NULL && strcmp(node->scalar, "12") == 0 && node->plain,
	    "12 is plain");
	node = at(root, "n");
	ok(node != NULL && strcmp(node->scalar, "~") == 0 && node->plain,
	    "~ kept as ~");
	node = at(root, "e");
	ok(node != NULL && node->type == YNODE_SCALAR &&
	    node->scalar[0] == '\0' && node->plain, "empty value");
	node = at(root, "lit");
	ok(node != NULL && !node->plain, "| is not plain");
	is_str(text(root, "lit"), "one\n  two\n", "| keeps lines");
	is_str(text(root, "fold"), "one two\nthree\n", "> folds lines");
	is_str(text(root, "strip"), "x", "|- strips");
	is_str(text(root, "keep"), "y\n\n", "|+ keeps");
	node = at(root, "str");
	ok(node != NULL && strcmp(node->scalar, "12") == 0 && !node->plain,
	    "!!str 12 is a string");
	node = at(root, "other");
	ok(node != NULL && strcmp(node->scalar, "12") == 0,
	    "unknown tag ignored");
	is_str(text(root, "esc"), "a\tb\xc3\xa9", "escapes");
	is_str(text(root, "plain"), "two lines", "plain over two lines");
	ynode_free(root);
}

static void
test_empty(void)
{
	struct ynode	*root;
	char		 path[] = "/tmp/test_yaml.XXXXXX", *cause = NULL;
	int		 fd;

	root = load("");
	ok(root != NULL && root->type == YNODE_MAP && root->n == 0,
	    "empty text: empty map");
	ynode_free(root);
	root = load("# only\n\n   # comments\n");
	ok(root != NULL && root->type == YNODE_MAP && root->n == 0,
	    "comments only: empty map");
	ynode_free(root);
	root = load("---\n# nothing\n");
	ok(root != NULL && root->type == YNODE_MAP && root->n == 0,
	    "empty document: empty map");
	ynode_free(root);
	root = load("--- 5\n");
	ok(root != NULL && root->type == YNODE_SCALAR &&
	    strcmp(root->scalar, "5") == 0, "a scalar root");
	ynode_free(root);

	if ((fd = mkstemp(path)) == -1) {
		ok(0, "mkstemp");
		return;
	}
	close(fd);
	root = yaml_load_file(path, &cause);
	ok(root != NULL && root->type == YNODE_MAP && root->n == 0 &&
	    root->line == 1 && root->col == 1, "empty file: empty map at 1:1");
	ynode_free(root);
	unlink(path);
}

static void
test_errors(void)
{
	struct ynode	*root;
	char		*cause, *path, *want;

	cause = load_error("a: 1\n\tb: 2\n");
	ok(starts_with(cause, "t.yaml:2:1: ") && strlen(cause) > 12,
	    "tab indentation: t.yaml:2:1: and libyaml's text");
	printf("#   %s\n", cause);
	free(cause);
	cause = load_error("a: \"abc\nb: 1\n");
	ok(starts_with(cause, "t.yaml:3:1: ") &&
	    strstr(cause, "end of stream") != NULL, "unclosed quote");
	printf("#   %s\n", cause);
	free(cause);
	cause = load_error("a: [1, 2\n");
	ok(starts_with(cause, "t.yaml:2:1: "), "unclosed flow seq");
	free(cause);
	cause = load_error("a: \xff\n");
	is_str(cause, "t.yaml:1:4: invalid leading UTF-8 octet",
	    "bad UTF-8 at its column");
	free(cause);

	cause = load_error("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n");
	is_str(cause, "t.yaml:5:3: duplicate key 'c'",
	    "duplicate key at the second");
	free(cause);
	cause = load_error("{x: 1, x: 2}");
	is_str(cause, "t.yaml:1:8: duplicate key 'x'", "duplicate in flow");
	free(cause);
	cause = load_error("? [a, b]\n: 1\n");
	is_str(cause, "t.yaml:1:3: map key is not a scalar", "seq as a key");
	free(cause);
	cause = load_error("a: 1\n{b: c}: 2\n");
	is_str(cause, "t.yaml:2:1: map key is not a scalar", "map as a key");
	free(cause);
	cause = load_error("a: 1\n---\nb: 2\n");
	is_str(cause, "t.yaml:2:1: more than one document", "two documents");
	free(cause);
	cause = load_error("a: \"x\\0y\"\n");
	is_str(cause, "t.yaml:1:4: NUL character in a scalar", "NUL");
	free(cause);

	cause = NULL;
	root = yaml_load_file(fixtures, &cause);
	xasprintf(&want, "cannot read '%s': Is a directory", fixtures);
	ok(root == NULL, "a directory does not load");
	is_str(cause, want, "a directory: message");
	free(want);
	free(cause);

	cause = NULL;
	xasprintf(&path, "%s/no-such.yaml", fixtures);
	root = yaml_load_file(path, &cause);
	xasprintf(&want, "cannot read '%s': No such file or directory", path);
	ok(root == NULL, "a missing file does not load");
	is_str(cause, want, "a missing file: message");
	free(want);
	free(path);
	free(cause);
}

static void
test_aliases(void)
{
	struct ynode		*root;
	const struct ynode	*node;
	struct buf		 b = BUF_INIT;
	struct timespec		 t0, t1;
	char			*cause;
	const char		*lol = "\"lol\"";
	double			 secs;
	int			 i, j;

	root = load("base: &b\n"
	    "  x: 1\n"
	    "  y: 2\n"
	    "d:\n"
	    "  <<: *b\n"
	    "  y: 3\n"
	    "l: *b\n"
	    "s: &s hello\n"
	    "t: [*s, *s]\n"
	    "m:\n"
	    "  z: 0\n"
	    "  <<: [{a: 1, x: 9}, *b]\n"
	    "q:\n"
	    "  \"<<\": not a merge\n");
	ok(root != NULL && root->n == 7, "anchors and aliases load");
	is_str(text(root, "d.x"), "1", "merged key");
	is_str(text(root, "d.y"), "3", "the map's own key wins");
	node = at(root, "d");
	ok(node != NULL && node->n == 2 &&
	    strcmp(node->keys[0]->scalar, "x") == 0 &&
	    strcmp(node->keys[1]->scalar, "y") == 0, "merged where << was");
	ok(where_is(at(root, "d.x"), "t.yaml:2:6"),
	    "a merged value keeps its position");
	is_str(text(root, "l.y"), "2", "alias of a map");
	ok(where_is(at(root, "l"), "t.yaml:7:4"), "an alias is placed there");
	ok(where_is(at(root, "l.x"), "t.yaml:2:6"),
	    "nodes inside an alias keep theirs");
	is_str(text(root, "t.1"), "hello", "alias of a scalar");
	node = at(root, "m");
	ok(node != NULL && node->n == 4 && strcmp(text(node, "x"), "9") == 0 &&
	    strcmp(text(node, "y"), "2") == 0 &&
	    strcmp(text(node, "a"), "1") == 0, "<< of a list: earlier wins");
	is_str(text(root, "q.<<"), "not a merge", "a quoted << is a key");
	ynode_free(root);

	root = load("a:\n  <<: &m {x: &n 1}\nb: *m\nc: *n\n");
	ok(root != NULL && strcmp(text(root, "a.x"), "1") == 0 &&
	    strcmp(text(root, "b.x"), "1") == 0 &&
	    strcmp(text(root, "c"), "1") == 0,
	    "anchors inside a merged value stay usable");
	ynode_free(root);

	root = load("a: &x 1\nb: &x 2\nc: *x\n");
	is_str(text(root, "c"), "2", "the last anchor of a name counts");
	ynode_free(root);

	cause = load_error("a: 1\nb: *nope\n");
	is_str(cause, "t.yaml:2:4: undefined alias 'nope'", "undefined alias");
	free(cause);
	cause = load_error("a: &a {b: *a}\n");
	is_str(cause, "t.yaml:1:11: undefined alias 'a'",
	    "an alias inside its own anchor");
	free(cause);
	cause = load_error("a: 1\nb:\n  <<: [x]\n");
	is_str(cause, "t.yaml:3:7: merge value is not a map or a list of maps",
	    "merge of a list of scalars");
	free(cause);
	cause = load_error("&k a: 1\n*k : 2\n");
	is_str(cause, "t.yaml:2:1: duplicate key 'a'", "duplicate via alias");
	free(cause);

	/* Nine levels of nine: 387 million nodes if expanded. */
	buf_addstr(&b, "a: &a [");
	for (j = 0; j < 9; j++)
		buf_addf(&b, "%s%s", j > 0 ? ", " : "", lol);
	buf_addstr(&b, "]\n");
	for (i = 1; i < 9; i++) {
		buf_addf(&b, "%c: &%c [", 'a' + i, 'a' + i);
		for (j = 0; j < 9; j++)
			buf_addf(&b, "%s*%c", j > 0 ? ", " : "", 'a' + i - 1);
		buf_addstr(&b, "]\n");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cause = load_error(b.data);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	is_str(cause, "t.yaml:6:8: too many nodes (aliases expand past 100000)",
	    "billion laughs refused");
	ok(secs < 5, "and quickly");
	printf("#   in %.3fs\n", secs);
	free(cause);
	buf_release(&b);

	for (i = 0; i < 2000; i++)
		buf_addch(&b, '[');
	cause = load_error(b.data);
	ok(starts_with(cause, "t.yaml:1:1002: nested too deeply"),
	    "deep nesting refused");
	free(cause);
	buf_release(&b);
}

static void
test_emit(void)
{
	static const char *const	 strings[] = {
		"yes", "No", "ON", "y", "12", "-3", "1.5", ".inf", "0x1F",
		"1:00:00", "2024-01-01", "1_000", "~", "null", "<<", "=",
		"a: b", "", "- x", "-", "---", "...x", "#x", "a #b", "a#b",
		" lead", "trail ", "key:", "multi\nline", "ends\n", "two\n\n",
		"\nfirst empty", " indented\nblock", "x\n  \ny", "tab\there",
		"quote\"s", "back\\slash", "'s", "@at", "%p", "!bang", "&amp",
		"*star", "[x]", "{x}", ",c", "|p", ">g", "`b", "?q", ":c",
		"\x01" "ctl", "del\x7f", "nel\xc2\x85", "ls\xe2\x80\xa8",
		"\xc3\xbc" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", "4GB", "-x",
		"a:b",
		"http://x/y", "a, b", "x [y]", "select_from_options(a, [7])",
		"line\r\n", "\xef\xbb\xbf" "bom", "\xf0\x9f\x98\x80"
	};
	struct buf			 b = BUF_INIT;
	struct ynode			*root, *copy;
	const struct ynode		*node;
	char				*out;
	size_t				 i, n;

	n = sizeof strings / sizeof strings[0];

	/* Strings as keys and values of a tree built by hand. */
	root = xcalloc(1, sizeof *root);
	root->type = YNODE_MAP;
	root->n = n;
	root->keys = xcalloc(n, sizeof *root->keys);
	root->items = xcalloc(n, sizeof *root->items);
	for (i = 0; i < n; i++) {
		root->keys[i] = xcalloc(1, sizeof *root->keys[i]);
		root->keys[i]->type = YNODE_SCALAR;
		root->keys[i]->scalar = xstrdup(strings[i]);
		root->items[i] = xcalloc(1, sizeof *root->items[i]);
		root->items[i]->type = YNODE_SCALAR;
		root->items[i]->scalar = xstrdup(strings[i]);
	}
	ok(round_trip(root, &out), "tricky strings as keys and values");
	ok(strstr(out, "\"yes\": \"yes\"\n") != NULL, "\"yes\" is quoted");
	ok(strstr(out, "\"12\": \"12\"\n") != NULL, "\"12\" is quoted");
	ok(strstr(out, "\"\": \"\"\n") != NULL, "\"\" is quoted");
	ok(strstr(out, "\"- x\": \"- x\"\n") != NULL, "\"- x\" is quoted");
	ok(strstr(out, "\"multi\\nline\": |-\n  multi\n  line\n") != NULL,
	    "a multi-line value is a | block");
	ok(strstr(out, "4GB: 4GB\n") != NULL && strstr(out,
	    "a#b: a#b\n") != NULL && strstr(out, "\n-x: -x\n") != NULL,
	    "safe strings are plain");
	free(out);

	/* The same strings marked plain: typed ones stay plain. */
	copy = ynode_copy(root);
	for (i = 0; i < n; i++)
		copy->items[i]->plain = 1;
	ok(round_trip(copy, &out), "plain scalars keep their kind");
	ok(strstr(out, "\"12\": 12\n") != NULL &&
	    strstr(out, "\"yes\": yes\n") != NULL &&
	    strstr(out, "\"\":\n") != NULL, "12, yes and null stay plain");
	free(out);
	ynode_free(copy);

	/* As sequence items, and a long key. */
	copy = xcalloc(1, sizeof *copy);
	copy->type = YNODE_SEQ;
	copy->n = n;
	copy->items = root->items;
	ok(round_trip(copy, NULL), "tricky strings as items");
	free(copy);
	ynode_free(root);

	buf_addstr(&b, "? ");
	for (i = 0; i < 1500; i++)
		buf_addch(&b, 'k');
	buf_addstr(&b, "\n: v\n");
	root = load(b.data);
	ok(root != NULL && round_trip(root, &out) &&
	    strncmp(out, "? kkk", 5) == 0, "a long key as ? key");
	free(out);
	ynode_free(root);
	buf_release(&b);

	/* The layout. */
	root = load("a:\n"
	    "  b: [1, \"x y\"]\n"
	    "  c: {}\n"
	    "  e: []\n"
	    "  n:\n"
	    "l:\n"
	    "- k: v\n"
	    "  j: {w: [1]}\n"
	    "- - 1\n"
	    "  - 2\n"
	    "- \n"
	    "- |\n"
	    "  t\n");
	yaml_emit(&b, root);
	is_str(b.data, "a:\n"
	    "  b:\n"
	    "    - 1\n"
	    "    - x y\n"
	    "  c: {}\n"
	    "  e: []\n"
	    "  n:\n"
	    "l:\n"
	    "  - k: v\n"
	    "    j:\n"
	    "      w:\n"
	    "        - 1\n"
	    "  - - 1\n"
	    "    - 2\n"
	    "  -\n"
	    "  - |\n"
	    "    t\n", "block style, 2-space indent");
	buf_release(&b);
	node = at(root, "a.c");
	yaml_emit(&b, node);
	is_str(b.data, "{}\n", "an empty map alone");
	buf_release(&b);
	ynode_free(root);

	root = load("\"multi\\nline\"");
	yaml_emit(&b, root);
	is_str(b.data, "|-\n  multi\n  line\n", "a string root");
	ok(round_trip(root, NULL), "reads back");
	buf_release(&b);
	ynode_free(root);
}

static void
test_helpers(void)
{
	static const struct {
		const char	*text;
		int		 ok, value;
	} bools[] = {
		{ "true", 1, 1 }, { "True", 1, 1 }, { "TRUE", 1, 1 },
		{ "tRuE", 1, 1 }, { "yes", 1, 1 }, { "on", 1, 1 },
		{ "false", 1, 0 }, { "No", 1, 0 }, { "OFF", 1, 0 },
		{ "y", 0, 0 }, { "1", 0, 0 }, { "\"true\"", 0, 0 },
		{ "", 0, 0 }, { "truex", 0, 0 }, { "[true]", 0, 0 }
	};
	static const struct {
		const char	*text;
		int		 ok;
		long long	 value;
	} ints[] = {
		{ "12", 1, 12 }, { "0", 1, 0 }, { "-5", 1, -5 }, { "+7", 1, 7 },
		{ "-0", 1, 0 }, { "1000", 1, 1000 }, { "1001", 0, 0 },
		{ "-101", 0, 0 }, { "012", 0, 0 }, { "1.5", 0, 0 },
		{ "1_000", 0, 0 }, { "0x10", 0, 0 }, { "12 ", 1, 12 },
		{ "\"12\"", 0, 0 }, { "", 0, 0 }, { "+", 0, 0 },
		{ "99999999999999999999", 0, 0 }, { "12a", 0, 0 }
	};
	struct ynode	*root;
	long long	 ll;
	size_t		 i;
	char		*doc, *name;
	int		 b, r;

	for (i = 0; i < sizeof bools / sizeof bools[0]; i++) {
		xasprintf(&doc, "v: %s\n", bools[i].text);
		xasprintf(&name, "ynode_bool(%s)", bools[i].text);
		root = load(doc);
		b = -1;
		r = ynode_bool(ynode_get(root, "v"), &b);
		ok(r == bools[i].ok && (!r || b == bools[i].value), name);
		ynode_free(root);
		free(name);
		free(doc);
	}
	for (i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		xasprintf(&doc, "v: %s\n", ints[i].text);
		xasprintf(&name, "ynode_int(%s)", ints[i].text);
		root = load(doc);
		ll = 42;
		r = ynode_int(ynode_get(root, "v"), -100, 1000, &ll);
		ok(r == ints[i].ok && ll == (r ? ints[i].value : 42), name);
		ynode_free(root);
		free(name);
		free(doc);
	}
	root = load("v: 9223372036854775807\n");
	ok(ynode_int(ynode_get(root, "v"), LLONG_MIN, LLONG_MAX, &ll) &&
	    ll == LLONG_MAX, "ynode_int(LLONG_MAX)");
	ok(!ynode_int(root, 0, 1, &ll) && !ynode_bool(NULL, &b),
	    "not scalars");
	ynode_free(root);
}

static void
test_edit(void)
{
	struct buf	 b = BUF_INIT;
	struct ynode	*root, *seq, *v;

	root = load("a: 1\nb: {c: x}\nd: [y]\n");
	ynode_set(root, "a", ynode_new_scalar("2", 1));
	ynode_set(root, "e", ynode_new_scalar("yes", 0));
	seq = ynode_new(YNODE_SEQ);
	ynode_push(seq, ynode_new_scalar("p", 0));
	ynode_push(seq, ynode_new_scalar("q", 0));
	ynode_set(at(root, "b") == NULL ? root : (struct ynode *)at(root, "b"),
	    "f", seq);
	yaml_emit(&b, root);
	is_str(b.data, "a: 2\nb:\n  c: x\n  f:\n    - p\n    - q\nd:\n"
	    "  - y\ne: \"yes\"\n", "ynode_set replaces in place, adds last");
	v = ynode_take(root, "b");
	ok(v != NULL && v->type == YNODE_MAP && v->n == 2 &&
	    ynode_get(root, "b") == NULL && root->n == 3 &&
	    strcmp(root->keys[1]->scalar, "d") == 0, "ynode_take");
	ynode_free(v);
	ok(ynode_take(root, "nope") == NULL && ynode_take(NULL, "a") == NULL,
	    "ynode_take of nothing");
	while (root->n > 0)
		ynode_free(ynode_take(root, root->keys[0]->scalar));
	buf_reset(&b);
	yaml_emit(&b, root);
	is_str(b.data, "{}\n", "a map emptied by ynode_take");
	ynode_set(root, "k", ynode_new(YNODE_MAP));
	buf_reset(&b);
	yaml_emit(&b, root);
	is_str(b.data, "k: {}\n", "a map refilled");
	ynode_free(root);
	buf_release(&b);
}

/* Emits text's tree as JSON; checks the JSON loads back the same. */
static char *
json(const char *text)
{
	struct buf	 b = BUF_INIT;
	struct ynode	*root, *back;

	if ((root = load(text)) == NULL)
		return xstrdup("(not loaded)");
	yaml_emit_json(&b, root);
	back = load(b.data);
	if (back == NULL)
		printf("# JSON does not load back:\n%s", b.data);
	ynode_free(back);
	ynode_free(root);
	return buf_detach(&b);
}

static void
test_json(void)
{
	static const struct {
		const char	*yaml, *json;
	} cases[] = {
		{ "{}", "{}\n" },
		{ "[]", "[]\n" },
		{ "b: 1\na: [x, 2]\nc: {}\n",
		  "{\n  \"a\": [\n    \"x\",\n    2\n  ],\n  \"b\": 1,\n"
		  "  \"c\": {}\n}\n" },
		{ "[1, -0.5, 1e3, 2E-2, 01, 1., .5, 0x1, +1, 1_000]",
		  "[\n  1,\n  -0.5,\n  1e3,\n  2E-2,\n  \"01\",\n  \"1.\",\n"
		  "  \".5\",\n  \"0x1\",\n  \"+1\",\n  \"1_000\"\n]\n" },
		{ "a: true\nb: false\nc: null\nd: ~\ne:\nf: yes\ng: True\n"
		  "h: '1'\ni: \"true\"\n",
		  "{\n  \"a\": true,\n  \"b\": false,\n  \"c\": null,\n"
		  "  \"d\": null,\n  \"e\": null,\n  \"f\": \"yes\",\n"
		  "  \"g\": \"True\",\n  \"h\": \"1\",\n"
		  "  \"i\": \"true\"\n}\n" },
		{ "\"q\\\"b\\\\t\\tn\\nr\\rf\\fb\\bc\\x01\\x7f\"",
		  "\"q\\\"b\\\\t\\tn\\nr\\rf\\fb\\bc\\u0001\\u007f\"\n" },
		{ "\"\\u00e9 \\u0085 \\u2028 \\ufeff \\U0001F600\"",
		  "\"\xc3\xa9 \\u0085 \\u2028 \\ufeff \xf0\x9f\x98\x80\"\n" },
		{ "z: 1\n\xc3\xa9: 2\nZ: 3\n\"\": 4\n",
		  "{\n  \"\": 4,\n  \"Z\": 3,\n  \"z\": 1,\n"
		  "  \"\xc3\xa9\": 2\n}\n" },
	};
	struct ynode	*node;
	struct buf	 b = BUF_INIT;
	char		*out, name[64];
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = json(cases[i].yaml);
		snprintf(name, sizeof name, "yaml_emit_json case %zu", i);
		is_str(out, cases[i].json, name);
		free(out);
	}
	node = ynode_new_scalar("bad \xff byte", 0);
	yaml_emit_json(&b, node);
	is_str(b.data, "\"bad \\ufffd byte\"\n", "not UTF-8 becomes U+FFFD");
	ynode_free(node);
	buf_release(&b);

	/* JSON written by Python's json.dump(indent=2, sort_keys=True). */
	out = json("{\"python\": {\"env\": \"py3\", \"mod\": [\"a\"]}}");
	is_str(out, "{\n  \"python\": {\n    \"env\": \"py3\",\n"
	    "    \"mod\": [\n      \"a\"\n    ]\n  }\n}\n",
	    "a shortcut file reads and writes back the same");
	free(out);
}

/* JSON keys of any length, and keys whose ':' is on a later line. */
static void
test_json_keys(void)
{
	struct buf	 text = BUF_INIT, out = BUF_INIT;
	struct ynode	*root;
	char		*cause = NULL, *key;
	size_t		 i;

	key = xmalloc(3001);
	for (i = 0; i < 3000; i++)
		key[i] = 'a' + i % 26;
	key[3000] = '\0';
	buf_addf(&text, "{ \"%s\": {\"env\": \"x\"},\n \"b\"\n : [1, {\"%s\": 2}],"
	    " \"c\": \"a,{\\\"d\\\": 1\"}", key, key);
	ok(yaml_load_string(text.data, text.len, "t.json", &cause) == NULL,
	    "libyaml alone refuses a 3000-character key");
	free(cause);
	cause = NULL;
	root = yaml_load_json_string(text.data, text.len, "t.json", &cause);
	ok(root != NULL && root->type == YNODE_MAP && root->n == 3,
	    "yaml_load_json_string loads it");
	if (root != NULL && root->n == 3) {
		ok(strcmp(root->keys[0]->scalar, key) == 0 &&
		    root->keys[0]->line == 1 && root->keys[0]->col == 3 &&
		    root->items[0]->col == 3 + 3000 + 4,
		    "the long key, at its own position");
		ok(strcmp(root->keys[1]->scalar, "b") == 0 &&
		    root->items[1]->type == YNODE_SEQ &&
		    root->items[1]->items[1]->n == 1 &&
		    strcmp(root->items[1]->items[1]->keys[0]->scalar, key) ==
		    0, "a key before a line break, and a long key inside a list");
		is_str(root->items[2]->scalar, "a,{\"d\": 1",
		    "a string that looks like JSON is left alone");
		yaml_emit_json(&out, root);
		ynode_free(root);
		root = yaml_load_json_string(out.data, out.len, "t.json",
		    &cause);
		ok(root != NULL && root->n == 3,
		    "what yaml_emit_json writes loads back");
		ynode_free(root);
	} else
		printf("# %s\n", cause != NULL ? cause : "(not a map)");
	free(cause);
	buf_release(&out);
	buf_release(&text);
	free(key);
}

int
main(void)
{
	const char	*srcdir = getenv("QXUB_SRCDIR");

	xasprintf(&fixtures, "%s/tests/fixtures/qxub",
	    srcdir != NULL ? srcdir : ".");
	test_fixtures();
	test_positions();
	test_scalars();
	test_empty();
	test_errors();
	test_aliases();
	test_emit();
	test_helpers();
	test_edit();
	test_json();
	test_json_keys();
	free(fixtures);
	return tap_done();
}
