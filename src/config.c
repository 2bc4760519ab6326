/* Finding, reading, merging and checking the configuration layers. */
#include "autoconf.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "file.h"
#include "log.h"
#include "template.h"
#include "xmalloc.h"
#include "yaml.h"

/* What a key holds. */
enum config_type {
	CT_MAP,			/* a mapping of further keys */
	CT_STRING,		/* a scalar read as text */
	CT_LIST,		/* a sequence of scalars */
	CT_ANY,			/* checked where it is used */
};

/*
 * The known keys.  '*' stands for any one name.  A key that is known but
 * not used yet says why, and what is under it is not checked.
 */
static const struct config_key {
	const char		*path;
	enum config_type	 type;
	const char		*ignored;
} config_keys[] = {
	{ "defaults", CT_MAP, NULL },
	{ "defaults.name", CT_STRING, NULL },
	{ "defaults.queue", CT_STRING, NULL },
	{ "defaults.project", CT_STRING, NULL },
	{ "defaults.platform", CT_STRING, NULL },
	{ "defaults.out", CT_STRING, NULL },
	{ "defaults.err", CT_STRING, NULL },
	{ "defaults.joblog", CT_STRING, NULL },
	{ "defaults.log_dir", CT_STRING, NULL },
	{ "defaults.email", CT_STRING, NULL },
	{ "defaults.email_opts", CT_STRING, NULL },
	{ "defaults.pe", CT_STRING, NULL },
	{ "defaults.mem", CT_STRING, NULL },
	{ "defaults.memory", CT_STRING, NULL },
	{ "defaults.runtime", CT_STRING, NULL },
	{ "defaults.walltime", CT_STRING, NULL },
	{ "defaults.time", CT_STRING, NULL },
	{ "defaults.cpus", CT_STRING, NULL },
	{ "defaults.ncpus", CT_STRING, NULL },
	{ "defaults.threads", CT_STRING, NULL },
	{ "defaults.gpus", CT_STRING, NULL },
	{ "defaults.ngpus", CT_STRING, NULL },
	{ "defaults.disk", CT_STRING, NULL },
	{ "defaults.jobfs", CT_STRING, NULL },
	{ "defaults.volumes", CT_STRING, NULL },
	{ "defaults.storage", CT_STRING, NULL },
	{ "defaults.resources", CT_LIST, NULL },
	{ "mem", CT_STRING, NULL },
	{ "runtime", CT_STRING, NULL },
	{ "cpus", CT_STRING, NULL },
	{ "disk", CT_STRING, NULL },
	{ "volumes", CT_STRING, NULL },
	{ "templates", CT_MAP, NULL },
	{ "templates.*", CT_STRING, NULL },
	{ "platforms", CT_MAP, NULL },
	{ "platforms.*", CT_MAP, NULL },
	{ "platforms.*.definition", CT_STRING, NULL },
	{ "platforms.*.type", CT_STRING, NULL },
	{ "platforms.*.description", CT_STRING, NULL },
	{ "platforms.*.remote", CT_MAP, NULL },
	{ "platforms.*.remote.host", CT_STRING, NULL },
	{ "platforms.*.remote.hosts", CT_LIST, NULL },
	{ "platforms.*.remote.working_dir", CT_STRING, NULL },
	{ "platforms.*.remote.conda_init", CT_STRING, NULL },
	{ "platforms.*.remote.qxub", CT_STRING, NULL },
	{ "platforms.*.remote.ssh", CT_STRING, NULL },
	{ "platforms.*.remote.ssh_args", CT_LIST, NULL },
	{ "platforms.*.remote.multiplex", CT_STRING, NULL },
	{ "aliases", CT_MAP, NULL },
	{ "aliases.*", CT_ANY, NULL },
	{ "platform_search_paths", CT_LIST, NULL },
	{ "platform_fetch", CT_MAP, NULL },
	{ "platform_fetch.ttl", CT_STRING, NULL },
	{ "platform_fetch.timeout", CT_STRING, NULL },
	{ "platform_fetch.max_size", CT_STRING, NULL },
	{ "platform_fetch.ca_bundle", CT_STRING, NULL },
	{ "queue_preferences", CT_MAP,
	  "qxub chooses queues by the rules of the platform definition, "
	  "then by cost" },
	{ "monitor", CT_MAP, "qxub monitor comes with a later release" },
	{ "verbosity", CT_STRING, "use -v on the command line" },
	{ "qxub", CT_MAP, "qxub 3.x's init-project wrote it but nothing read "
	  "it; move its keys to the top level" },
	{ "remotes", CT_MAP, "qxub 2.x remotes; use platforms.NAME.remote" },
	{ "default_platform", CT_STRING, "use defaults.platform" },
};

/*
 * Other spellings of defaults keys (those of the exec options, and qxub
 * 3.x's), read as the first one so that layers override each other
 * whatever spelling each uses.
 */
static const char	*config_spellings[][2] = {
	{ "memory", "mem" }, { "walltime", "runtime" }, { "time", "runtime" },
	{ "ncpus", "cpus" }, { "threads", "cpus" }, { "ngpus", "gpus" },
	{ "jobfs", "disk" }, { "storage", "volumes" },
};

/* Renames the other spellings in a file's defaults: mapping. */
static void
config_canonical(struct ynode *root)
{
	struct ynode	*defaults = ynode_get(root, "defaults");
	size_t		 i, j;

	for (i = 0; defaults != NULL && defaults->type == YNODE_MAP &&
	    i < defaults->n; i++) {
		for (j = 0; j < sizeof config_spellings /
		    sizeof config_spellings[0]; j++) {
			if (strcmp(defaults->keys[i]->scalar,
			    config_spellings[j][0]) != 0)
				continue;
			free(defaults->keys[i]->scalar);
			defaults->keys[i]->scalar =
			    xstrdup(config_spellings[j][1]);
			break;
		}
	}
}

/* Root-level resource keys of qxub 3.x, still read but deprecated. */
static const char	*config_deprecated[] = {
	"mem", "runtime", "cpus", "disk", "volumes",
};

/* Does dotted path match pattern, where '*' matches one name? */
static int
config_match(const char *pattern, const char *path)
{
	size_t	n;

	while (*pattern != '\0' && *path != '\0') {
		n = strcspn(path, ".");
		if (pattern[0] == '*' && (pattern[1] == '.' ||
		    pattern[1] == '\0'))
			pattern++;
		else if (strncmp(pattern, path, n) == 0 &&
		    (pattern[n] == '.' || pattern[n] == '\0'))
			pattern += n;
		else
			return 0;
		path += n;
		if (*pattern != *path)
			return 0;
		if (*pattern == '.') {
			pattern++;
			path++;
		}
	}
	return *pattern == '\0' && *path == '\0';
}

static const struct config_key *
config_find_key(const char *path)
{
	size_t	i;

	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		if (config_match(config_keys[i].path, path))
			return &config_keys[i];
	}
	return NULL;
}

/* A node's position and the dotted key, for messages. */
static char *
config_where(const struct ynode *node)
{
	return ynode_where(node);
}

/* Checks one value against its key; recurses into known mappings. */
static int
config_check_node(const char *path, const struct ynode *key,
    const struct ynode *value, char **cause)
{
	const struct config_key	*k = config_find_key(path);
	static const char	*what[] = { "a mapping", "a string", "a list",
				    "anything" };
	char			*where = config_where(key);
	struct buf		 sub = BUF_INIT;
	size_t			 i;
	int			 ok, r = 0;

	if (k == NULL) {
		log_warn("%s: unknown key '%s' (ignored)", where, path);
		goto out;
	}
	switch (k->type) {
	case CT_MAP:
		ok = value->type == YNODE_MAP ||
		    (value->type == YNODE_SCALAR && value->plain &&
		    (*value->scalar == '\0' || strcmp(value->scalar, "~") ==
		    0 || strcmp(value->scalar, "null") == 0));
		break;
	case CT_STRING:
		ok = value->type == YNODE_SCALAR;
		break;
	case CT_LIST:
		ok = value->type == YNODE_SEQ;
		for (i = 0; ok && i < value->n; i++)
			ok = value->items[i]->type == YNODE_SCALAR;
		break;
	default:
		ok = 1;
		break;
	}
	if (!ok) {
		free(where);
		where = config_where(value);
		xasprintf(cause, "%s: '%s' must be %s", where, path,
		    what[k->type]);
		r = -1;
		goto out;
	}
	if (k->ignored != NULL) {
		log_warn("%s: '%s' is ignored: %s", where, path, k->ignored);
		goto out;
	}
	for (i = 0; k->type == CT_MAP && value->type == YNODE_MAP &&
	    i < value->n; i++) {
		buf_reset(&sub);
		buf_addf(&sub, "%s.%s", path, value->keys[i]->scalar);
		if (config_check_node(sub.data, value->keys[i],
		    value->items[i], cause) == -1) {
			r = -1;
			break;
		}
	}
out:
	buf_release(&sub);
	free(where);
	return r;
}

/* Checks a whole file's tree, warning of deprecated root keys. */
static int
config_check(const struct ynode *root, char **cause)
{
	char	*where;
	size_t	 i, j;

	if (root->type != YNODE_MAP) {
		where = config_where(root);
		xasprintf(cause, "%s: a configuration file must be a mapping "
		    "of keys", where);
		free(where);
		return -1;
	}
	for (i = 0; i < root->n; i++) {
		const char	*key = root->keys[i]->scalar;

		if (config_check_node(key, root->keys[i], root->items[i],
		    cause) == -1)
			return -1;
		for (j = 0; j < sizeof config_deprecated /
		    sizeof config_deprecated[0]; j++) {
			if (strcmp(key, config_deprecated[j]) != 0)
				continue;
			where = config_where(root->keys[i]);
			log_warn("%s: '%s' at the top level is deprecated; "
			    "use defaults.%s", where, key, key);
			free(where);
		}
	}
	return 0;
}

/* Sets a copy of key: value in a map; mappings merge deeply. */
static void
config_put(struct ynode *map, const struct ynode *key,
    const struct ynode *value)
{
	struct ynode	*old = ynode_get(map, key->scalar);
	size_t		 j;

	if (old != NULL && old->type == YNODE_MAP) {
		/* An empty "defaults:" adds nothing to the mapping below. */
		if (value->type == YNODE_SCALAR && value->plain &&
		    (*value->scalar == '\0' || strcmp(value->scalar, "~") ==
		    0 || strcmp(value->scalar, "null") == 0))
			return;
		if (value->type == YNODE_MAP) {
			for (j = 0; j < value->n; j++)
				config_put(old, value->keys[j],
				    value->items[j]);
			return;
		}
	}
	ynode_set(map, key->scalar, ynode_copy(value));
}

int
config_check_text(const char *text, size_t len, const char *name,
    char **cause)
{
	struct ynode	*root;
	int		 r;

	*cause = NULL;
	if ((root = yaml_load_string(text, len, name, cause)) == NULL)
		return -1;
	r = config_check(root, cause);
	ynode_free(root);
	return r;
}

int
config_check_file(const char *path, char **cause)
{
	struct ynode	*root;
	int		 r;

	*cause = NULL;
	if ((root = yaml_load_file(path, cause)) == NULL)
		return -1;
	r = config_check(root, cause);
	ynode_free(root);
	return r;
}

/* Reads one layer; a missing file is no error, anything else is. */
static int
config_read(struct config_file *f, int must_exist, char **cause)
{
	struct stat	st;

	if (f->path == NULL)
		return 0;
	if (stat(f->path, &st) == -1 && errno == ENOENT && !must_exist)
		return 0;
	if ((f->root = yaml_load_file(f->path, cause)) == NULL)
		return -1;
	return config_check(f->root, cause);
}

char *
config_project_root(const char *cwd)
{
	static const char	*markers[] = { ".qx", ".git", ".dvc",
				    "pyproject.toml", "setup.py" };
	struct stat		 st;
	char			*dir = xstrdup(cwd), *p, *path;
	size_t			 i;

	while (strcmp(dir, "/") != 0 && dir[0] != '\0') {
		for (i = 0; i < sizeof markers / sizeof markers[0]; i++) {
			xasprintf(&path, "%s/%s", dir, markers[i]);
			if (stat(path, &st) == 0) {
				free(path);
				return dir;
			}
			free(path);
		}
		if ((p = strrchr(dir, '/')) == NULL)
			break;
		if (p == dir)
			p[1] = '\0';
		else
			*p = '\0';
	}
	free(dir);
	return NULL;
}

char *
config_system_file(const char *file, int first)
{
	const char	*dirs = getenv("XDG_CONFIG_DIRS"), *d, *end;
	char		*path, *path0 = NULL;

	if (dirs == NULL || *dirs == '\0')
		dirs = "/etc/xdg";
	for (d = dirs; *d != '\0'; d = *end == ':' ? end + 1 : end) {
		end = d + strcspn(d, ":");
		if (end == d || *d != '/')
			continue;
		xasprintf(&path, "%.*s/qxub/%s", (int)(end - d), d, file);
		if (first || access(path, F_OK) == 0) {
			free(path0);
			return path;
		}
		if (path0 == NULL)
			path0 = path;
		else
			free(path);
	}
	if (path0 == NULL)
		xasprintf(&path0, "/etc/xdg/qxub/%s", file);
	return path0;
}

char *
config_user_file(const char *file)
{
	char	*rel, *path;

	xasprintf(&rel, "qxub/%s", file);
	path = file_xdg_home("XDG_CONFIG_HOME", ".config", rel);
	free(rel);
	return path;
}

/* Adds a layer to look for. */
static struct config_file *
config_layer(struct config *cfg, const char *kind, char *path)
{
	struct config_file	*f = &cfg->files[cfg->nfiles++];

	f->kind = kind;
	f->path = path;
	f->root = NULL;
	return f;
}

/* The environment variables that set defaults: QXUB_DEFAULTS_NAME. */
#define CONFIG_ENV_PREFIX	"QXUB_DEFAULTS_"

/*
 * The value of one QXUB_DEFAULTS_NAME=VALUE for key: a string, whatever
 * bytes it holds (it is never pasted into YAML text, where a newline
 * could start a key of its own); a list key's value is read as YAML, a
 * document of its own, as in "[mem=4GB, ncpus=2]".
 */
static struct ynode *
config_environment_value(const char *key, const char *name,
    const char *value, char **cause)
{
	const struct config_key	*k;
	char			*path;

	xasprintf(&path, "defaults.%s", key);
	k = config_find_key(path);
	free(path);
	if (k != NULL && k->type == CT_LIST)
		return yaml_load_string(value, strlen(value), name, cause);
	return ynode_new_scalar(value, 0);
}

/*
 * Sets defaults.name over every file from one environment variable, var
 * ("QXUB_DEFAULTS_NAME=VALUE"), checked as a layer of its own whose file
 * in messages is the variable's name.
 */
static int
config_environment_one(struct config *cfg, const char *var, char **cause)
{
	struct ynode	*root = NULL, *defaults, *value;
	const char	*text = strchr(var, '=') + 1;
	char		*name, *key, *p;
	int		 r = -1;

	name = xstrndup(var, text - 1 - var);
	key = xstrdup(name + strlen(CONFIG_ENV_PREFIX));
	for (p = key; *p != '\0'; p++)
		*p = tolower((unsigned char)*p);
	if ((value = config_environment_value(key, name, text,
	    cause)) == NULL)
		goto out;
	defaults = ynode_new(YNODE_MAP);
	ynode_set(defaults, key, value);
	root = ynode_new(YNODE_MAP);
	ynode_set(root, "defaults", defaults);
	ynode_name(root, name);
	if (config_check(root, cause) == -1)
		goto out;
	config_canonical(root);
	config_put(cfg->merged, root->keys[0], root->items[0]);
	r = 0;
out:
	ynode_free(root);
	free(key);
	free(name);
	return r;
}

/* Environment overrides, over every file: QXUB_DEFAULTS_QUEUE=express. */
static int
config_environment(struct config *cfg, char **cause)
{
	extern char	**environ;
	char		**e;
	size_t		  n = strlen(CONFIG_ENV_PREFIX);

	for (e = environ; *e != NULL; e++) {
		if (strncmp(*e, CONFIG_ENV_PREFIX, n) != 0 ||
		    strchr(*e, '=') == NULL)
			continue;
		if (config_environment_one(cfg, *e, cause) == -1)
			return -1;
	}
	return 0;
}

int
config_load(struct config *cfg, const char *override, const char *cwd,
    char **cause)
{
	static const char	*project[] = { "project", "local", "test" };
	struct config_file	*f;
	char			*root, *path;
	size_t			 i, j;

	memset(cfg, 0, sizeof *cfg);
	*cause = NULL;
	config_layer(cfg, "system", config_system_file("config.yaml", 0));
	config_layer(cfg, "user", config_user_file("config.yaml"));
	if ((root = config_project_root(cwd)) != NULL) {
		for (i = 0; i < 3; i++) {
			xasprintf(&path, "%s/.qx/%s.yaml", root, project[i]);
			config_layer(cfg, project[i], path);
		}
		free(root);
	}
	if (override != NULL)
		config_layer(cfg, "override", xstrdup(override));

	cfg->merged = ynode_new(YNODE_MAP);
	for (i = 0; i < cfg->nfiles; i++) {
		f = &cfg->files[i];
		if (config_read(f, strcmp(f->kind, "override") == 0,
		    cause) == -1)
			return -1;
		if (f->root == NULL || f->root->type != YNODE_MAP)
			continue;
		config_canonical(f->root);
		for (j = 0; j < f->root->n; j++)
			config_put(cfg->merged, f->root->keys[j],
			    f->root->items[j]);
	}
	return config_environment(cfg, cause);
}

void
config_free(struct config *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->nfiles; i++) {
		free(cfg->files[i].path);
		ynode_free(cfg->files[i].root);
	}
	ynode_free(cfg->merged);
	memset(cfg, 0, sizeof *cfg);
}

const struct ynode *
config_get(const struct config *cfg, const char *key)
{
	const struct ynode	*node = cfg->merged;
	char			*copy, *part, *next;

	if (node == NULL)
		return NULL;
	copy = xstrdup(key);
	for (part = copy; part != NULL && node != NULL; part = next) {
		if ((next = strchr(part, '.')) != NULL)
			*next++ = '\0';
		node = ynode_get(node, part);
	}
	free(copy);
	return node;
}

const char *
config_string(const struct config *cfg, const char *key)
{
	const struct ynode	*node = config_get(cfg, key);

	if (node == NULL || node->type != YNODE_SCALAR)
		return NULL;
	return node->scalar;
}

/* What template_expand() looks variables up in. */
struct config_lookup {
	const struct config	*cfg;
	const char *const	*vars;
};

static const char *
config_lookup_var(const char *name, void *arg)
{
	const struct config_lookup	*l = arg;
	const struct ynode		*t;
	size_t				 i;

	/* The templates: map may override a built-in, as in qxub 3.x. */
	t = ynode_get(config_get(l->cfg, "templates"), name);
	if (t != NULL && t->type == YNODE_SCALAR)
		return t->scalar;
	for (i = 0; l->vars != NULL && l->vars[i] != NULL; i += 2) {
		if (strcmp(l->vars[i], name) == 0)
			return l->vars[i + 1];
	}
	return NULL;
}

char *
config_expand_string(const struct config *cfg, const char *s,
    const char *const *vars, char **cause)
{
	struct config_lookup	 l = { cfg, vars };

	return template_expand(s, config_lookup_var, &l, cause);
}

char *
config_expand(const struct config *cfg, const struct ynode *node,
    const char *const *vars, char **cause)
{
	char	*s, *why, *where;

	s = config_expand_string(cfg, node->scalar, vars, &why);
	if (s == NULL) {
		where = ynode_where(node);
		xasprintf(cause, "%s: %s", where, why);
		free(where);
		free(why);
	}
	return s;
}
