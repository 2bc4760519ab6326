/*
 * qxub config: what the configuration says, where it comes from, and
 * changing it.
 *
 *   qxub config files | get KEY | list [--show-origin] | validate
 *   qxub config set KEY VALUE | unset KEY | edit    [TARGET]
 *   qxub config init [--force]
 *   qxub config alias list | show | set | delete
 *   qxub config shortcut list | show | set | delete | rename
 *
 * A file is changed under a lock (FILE.lock) by writing a temporary file
 * beside it, checking that as qxub will read it, and renaming it over the
 * file, so a reader sees the old file or the new one, whole.
 */
#include "autoconf.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "file.h"
#include "log.h"
#include "options.h"
#include "quote.h"
#include "qxub.h"
#include "resource.h"
#include "spawn.h"
#include "strv.h"
#include "xmalloc.h"
#include "yaml.h"

#define CONFIG_USAGE	"files | get | list | validate | set | unset | " \
			"init | edit | alias | shortcut ..."
#define TARGET_USAGE	"[--user | --system | --project | --local | --test]"
#define ALIAS_USAGE	"alias list | show | set | delete ..."
#define SHORTCUT_USAGE	"shortcut list | show | set | delete | rename ..."

/* The options of the config subcommands. */
enum {
	O_HELP = 1,
	O_USER, O_SYSTEM, O_PROJECT, O_LOCAL, O_TEST,	/* targets */
	O_SHOW_ORIGIN, O_FORCE,
	O_ENV, O_MOD, O_MODS, O_SIF, O_BIND, O_CMD, O_QUEUE, O_NAME,
	O_PBS_PROJECT, O_RESOURCES, O_MEM, O_RUNTIME, O_CPUS, O_DISK,
	O_VOLUMES, O_TEMPLATE, O_PRE, O_POST,
};

struct cfg_opt {
	const char	*names[3];	/* long names, canonical first */
	char		 shortname;	/* or 0 */
	int		 id;
	const char	*metavar;	/* NULL: takes no value */
};

/* One option as given, in order. */
struct cfg_given {
	const struct cfg_opt	*opt;
	const char		*value;
};

/* A config subcommand's words, split into options and the others. */
struct cfg_args {
	struct cfg_given	*given;
	size_t			 ngiven;
	char			**pos;		/* argv words, not copies */
	size_t			 npos;
};

#define OPT_END		{ { NULL }, 0, 0, NULL }
#define OPT_HELP	{ { "help" }, 'h', O_HELP, NULL }
#define OPT_SCOPE	{ { "user", "global" }, 0, O_USER, NULL }, \
			{ { "system" }, 0, O_SYSTEM, NULL }
#define OPT_PROJECT	{ { "project", "project-layer" }, 0, O_PROJECT, NULL }
#define OPT_LAYERS	{ { "local" }, 0, O_LOCAL, NULL }, \
			{ { "test" }, 0, O_TEST, NULL }
#define OPT_CONTEXT	{ { "env" }, 0, O_ENV, "NAME" }, \
			{ { "mod", "module" }, 0, O_MOD, "MODULE" }, \
			{ { "mods", "modules" }, 0, O_MODS, "LIST" }, \
			{ { "sif", "container" }, 0, O_SIF, "IMAGE" }
#define OPT_JOB		{ { "cmd" }, 0, O_CMD, "STRING" }, \
			{ { "queue" }, 'q', O_QUEUE, "QUEUE" }, \
			{ { "name" }, 'N', O_NAME, "NAME" }, \
			{ { "resources" }, 'l', O_RESOURCES, "RES" }, \
			{ { "pre" }, 0, O_PRE, "STRING" }, \
			{ { "post" }, 0, O_POST, "STRING" }

static const struct cfg_opt	cfg_opts_none[] = { OPT_HELP, OPT_END };
static const struct cfg_opt	cfg_opts_list[] = {
	OPT_HELP, { { "show-origin" }, 0, O_SHOW_ORIGIN, NULL }, OPT_END
};
static const struct cfg_opt	cfg_opts_target[] = {
	OPT_HELP, OPT_SCOPE, OPT_PROJECT, OPT_LAYERS, OPT_END
};
static const struct cfg_opt	cfg_opts_init[] = {
	OPT_HELP, { { "force" }, 0, O_FORCE, NULL }, OPT_END
};
/* --project is the alias's project here; the layer is --project-layer. */
static const struct cfg_opt	cfg_opts_alias_set[] = {
	OPT_HELP, OPT_SCOPE, OPT_LAYERS,
	{ { "project-layer" }, 0, O_PROJECT, NULL },
	OPT_CONTEXT, OPT_JOB,
	{ { "project" }, 'P', O_PBS_PROJECT, "PROJECT" },
	OPT_END
};
static const struct cfg_opt	cfg_opts_shortcut[] = {
	OPT_HELP, OPT_SCOPE, OPT_END
};
static const struct cfg_opt	cfg_opts_shortcut_set[] = {
	OPT_HELP, OPT_SCOPE, OPT_CONTEXT, OPT_JOB,
	{ { "bind" }, 0, O_BIND, "SPEC" },
	{ { "project" }, 'P', O_PBS_PROJECT, "PROJECT" },
	{ { "mem", "memory" }, 0, O_MEM, "SIZE" },
	{ { "runtime", "time" }, 0, O_RUNTIME, "TIME" },
	{ { "cpus", "threads" }, 0, O_CPUS, "N" },
	{ { "disk", "jobfs" }, 0, O_DISK, "SIZE" },
	{ { "volumes", "storage" }, 0, O_VOLUMES, "LIST" },
	{ { "template" }, 0, O_TEMPLATE, "FILE" },
	OPT_END
};

/* The layers a change can be written to, as the target options name them. */
enum cfg_target {
	T_USER, T_SYSTEM, T_PROJECT, T_LOCAL, T_TEST
};

/* Where the setting of each option goes in an alias or a shortcut. */
static const struct {
	int		 id;
	const char	*key;
	int		 list;		/* repeatable: a list */
} cfg_def_keys[] = {
	{ O_ENV, "env", 0 },
	{ O_MOD, "mod", 1 },
	{ O_MODS, "mods", 0 },
	{ O_SIF, "sif", 0 },
	{ O_BIND, "bind", 1 },
	{ O_RESOURCES, "resources", 1 },
	{ O_QUEUE, "queue", 0 },
	{ O_NAME, "name", 0 },
	{ O_PBS_PROJECT, "project", 0 },
	{ O_TEMPLATE, "template", 0 },
	{ O_PRE, "pre", 0 },
	{ O_POST, "post", 0 },
	{ O_CMD, "cmd", 0 },
};

/* qxub 3.x subcommands that this release does not have. */
static const char	*cmd_config_later[] = {
	"init-project", "reset", "history", "show-files",
	"alias test", "shortcut files", "shortcut refresh",
};

/* What `qxub config init` writes. */
static const char	cmd_config_starter[] =
"# qxub configuration: the user layer.\n"
"#\n"
"# Files are read lowest first, later ones winning: the system file, this\n"
"# one, then a project's .qx/project.yaml, .qx/local.yaml and .qx/test.yaml,\n"
"# then --config FILE.  `qxub config list --show-origin` shows where each\n"
"# value comes from.  Strings may use template variables: {user},\n"
"# {project}, {name}, {queue}, {date}, {time}, {timestamp}, and the ones\n"
"# under templates: below.\n"
"#\n"
"# Remove the '# ' before a setting to use it.  `qxub config set` and\n"
"# `qxub config unset` rewrite this file without its comments; `qxub\n"
"# config edit` keeps them.\n"
"\n"
"defaults:\n"
"  # The queue and the project to charge (qsub -q and -P).\n"
"  # queue: normal\n"
"  # project: a00\n"
"\n"
"  # Resources a job asks for unless the command line says otherwise.\n"
"  # mem: 4GB\n"
"  # runtime: 1h\n"
"  # cpus: 1\n"
"\n"
"  # Where the job's output goes (the directory must exist).\n"
"  # out: \"{logs}/{name}.{timestamp}.out\"\n"
"  # err: \"{logs}/{name}.{timestamp}.err\"\n"
"\n"
"templates:\n"
"  # Your own template variables; they may use the others.\n"
"  # logs: \"/scratch/{project}/{user}/qxub\"\n"
"\n"
"# Aliases: named sets of exec options (qxub config alias set ...).\n"
"# aliases:\n"
"#   test:\n"
"#     env: myenv\n"
"#     queue: express\n"
"#     cmd: pytest -x\n";

static void
cmd_config_help(void)
{
	printf("usage: qxub config COMMAND [ARGS]\n\n"
	    "Show and change the configuration.  It is read from these "
	    "files, lowest\nfirst: system, user, the project's "
	    ".qx/project.yaml, .qx/local.yaml and\n.qx/test.yaml, then "
	    "--config FILE; later ones win.\n\n"
	    "Reading:\n"
	    "  files               each file, and whether it exists\n"
	    "  get KEY             the value of a dotted KEY, such as "
	    "defaults.queue\n"
	    "  list [--show-origin]\n"
	    "                      the merged configuration as YAML, or each "
	    "value with\n"
	    "                      the FILE:LINE:COL it comes from\n"
	    "  validate            read and check every file\n\n");
	printf("Changing (the user file unless TARGET says otherwise):\n"
	    "  set KEY VALUE [TARGET]\n"
	    "                      set a dotted KEY, making the maps it goes "
	    "through;\n"
	    "                      VALUE is read as YAML: 4, true, [a, b] and "
	    "{x: 1} keep\n"
	    "                      their type, anything else is a string "
	    "(quote it,\n"
	    "                      '\"4\"', to make it one); put -- before a "
	    "VALUE that\n"
	    "                      starts with -\n"
	    "  unset KEY [TARGET]  remove KEY (maps it leaves empty stay)\n"
	    "  edit [TARGET]       open the file (made empty if missing) in "
	    "$VISUAL, else\n"
	    "                      $EDITOR, else vi, then check it; a bad file "
	    "is kept\n"
	    "  init [--force]      write a starter user file of commented "
	    "examples;\n"
	    "                      --force replaces one that exists\n\n");
	printf("TARGET:\n"
	    "  --user, --global    $XDG_CONFIG_HOME/qxub/config.yaml "
	    "(~/.config/...)\n"
	    "  --system            the system file: the first "
	    "DIR/qxub/config.yaml of\n"
	    "                      $XDG_CONFIG_DIRS (/etc/xdg) that exists, "
	    "else the first\n"
	    "  --project           the project's .qx/project.yaml (also "
	    "--project-layer)\n"
	    "  --local, --test     the project's .qx/local.yaml, "
	    ".qx/test.yaml\n"
	    "  The project is the nearest directory above this one (not /) "
	    "holding .qx,\n"
	    "  .git, .dvc, pyproject.toml or setup.py; its .qx must "
	    "exist.\n\n");
	printf("Aliases (named exec options under aliases: in any file):\n"
	    "  alias list          each alias and what it sets, from all "
	    "files merged\n"
	    "  alias show NAME     one alias as YAML\n"
	    "  alias set NAME OPTION... [TARGET]\n"
	    "                      write aliases.NAME, replacing it, in the "
	    "flat form:\n"
	    "                      --env NAME, --mod MODULE (repeatable), "
	    "--mods LIST,\n"
	    "                      --sif IMAGE, --cmd STRING, -q/--queue "
	    "QUEUE,\n"
	    "                      -N/--name NAME, -P/--project PROJECT,\n"
	    "                      -l/--resources RES (repeatable), --pre "
	    "STRING,\n"
	    "                      --post STRING; the project layer is "
	    "--project-layer\n"
	    "  alias delete NAME [TARGET]\n"
	    "                      remove aliases.NAME\n\n");
	printf("Shortcuts (JSON files of definitions by command prefix, "
	    "such as \"dvc data\":\n"
	    "qxub/shortcuts.json in $XDG_CONFIG_HOME (--user, the default) "
	    "and in the\nfirst $XDG_CONFIG_DIRS directory (--system); user "
	    "ones win):\n"
	    "  shortcut list [--show-origin]\n"
	    "                      each prefix and what it sets\n"
	    "  shortcut show PREFIX\n"
	    "                      one definition as JSON\n"
	    "  shortcut set PREFIX OPTION... [--user | --system]\n"
	    "                      write the definition, replacing it: the "
	    "alias options\n"
	    "                      and --bind SPEC (with --sif); --mem "
	    "SIZE,\n"
	    "                      --runtime TIME, --cpus N, --disk SIZE and "
	    "--volumes LIST\n"
	    "                      go in resources as mem=, walltime=, "
	    "ncpus=, jobfs= and\n"
	    "                      storage=, after the -l ones (so they win)\n"
	    "  shortcut delete PREFIX [--user | --system]\n"
	    "  shortcut rename OLD NEW [--user | --system]\n\n");
	printf("Changes rewrite the whole file: set, unset and the alias "
	    "commands write YAML\nback without its comments or layout "
	    "(edit keeps them), shortcut commands\nwrite sorted JSON.  "
	    "The new file is checked first (nothing is written if\nit is "
	    "bad), then renamed over the old one; FILE.lock orders "
	    "concurrent\nwriters.  Nothing is printed on success; -v says "
	    "what was written.\n\n"
	    "Exit status: 0 done, 1 a key, alias or shortcut is not there "
	    "(or already is),\nor a file cannot be written or edited, 2 "
	    "usage error, 3 a configuration file\nis bad, or would be "
	    "after the change.\n");
}

/*
 * Splits words into options (from opts, anywhere, as --name VALUE,
 * --name=VALUE, -c VALUE or -cVALUE) and other words; "--" ends options,
 * and a word such as -5 is not one.
 */
static int
cmd_config_getopt(int argc, char **argv, const struct cfg_opt *opts,
    struct cfg_args *args, char **cause)
{
	const struct cfg_opt	*o;
	const char		*w, *eq, *value;
	size_t			 len, j;
	int			 i, options = 1;

	memset(args, 0, sizeof *args);
	args->given = xreallocarray(NULL, argc + 1, sizeof *args->given);
	args->pos = xreallocarray(NULL, argc + 1, sizeof *args->pos);
	for (i = 0; i < argc; i++) {
		w = argv[i];
		if (options && strcmp(w, "--") == 0) {
			options = 0;
			continue;
		}
		if (!options || w[0] != '-' || w[1] == '\0' ||
		    (w[1] >= '0' && w[1] <= '9')) {
			args->pos[args->npos++] = argv[i];
			continue;
		}
		eq = NULL;
		len = strcspn(w + 2, "=");
		for (o = opts; o->id != 0; o++) {
			if (w[1] != '-') {
				if (o->shortname == w[1])
					break;
				continue;
			}
			for (j = 0; j < 3 && o->names[j] != NULL; j++) {
				if (strlen(o->names[j]) == len &&
				    strncmp(o->names[j], w + 2, len) == 0)
					break;
			}
			if (j < 3 && o->names[j] != NULL)
				break;
		}
		if (o->id == 0) {
			if (w[1] == '-')
				xasprintf(cause, "unknown option '%.*s'",
				    (int)len + 2, w);
			else
				xasprintf(cause, "unknown option '-%c'", w[1]);
			return -1;
		}
		if (w[1] == '-' && w[2 + len] == '=')
			eq = w + 3 + len;
		else if (w[1] != '-' && w[2] != '\0')
			eq = w + 2;
		if (o->metavar == NULL && eq != NULL) {
			xasprintf(cause, "option '%.*s' takes no value",
			    w[1] == '-' ? (int)len + 2 : 2, w);
			return -1;
		}
		value = eq;
		if (o->metavar != NULL && value == NULL) {
			if (i + 1 == argc) {
				xasprintf(cause, "option '%s' needs a value "
				    "(%s)", w, o->metavar);
				return -1;
			}
			value = argv[++i];
		}
		args->given[args->ngiven].opt = o;
		args->given[args->ngiven++].value = value;
	}
	return 0;
}

static void
cmd_config_args_free(struct cfg_args *args)
{
	free(args->given);
	free(args->pos);
	memset(args, 0, sizeof *args);
}

/* Whether an option was given. */
static int
cmd_config_has(const struct cfg_args *args, int id)
{
	size_t	i;

	for (i = 0; i < args->ngiven; i++) {
		if (args->given[i].opt->id == id)
			return 1;
	}
	return 0;
}

/*
 * The layer the target options choose (the user's when none does); -1
 * with *cause when two different ones are given.
 */
static int
cmd_config_target(const struct cfg_args *args, enum cfg_target *t,
    char **cause)
{
	const char	*first = NULL;
	size_t		 i;
	int		 id;

	*t = T_USER;
	for (i = 0; i < args->ngiven; i++) {
		id = args->given[i].opt->id;
		if (id < O_USER || id > O_TEST)
			continue;
		if (first != NULL && *t != (enum cfg_target)(id - O_USER)) {
			xasprintf(cause, "--%s and --%s cannot be combined: "
			    "choose one file to write", first,
			    args->given[i].opt->names[0]);
			return -1;
		}
		*t = id - O_USER;
		first = args->given[i].opt->names[0];
	}
	return 0;
}

/* The configuration file of a layer; NULL with *cause if it has none. */
static char *
cmd_config_path(enum cfg_target t, char **cause)
{
	static const char	*layer[] = { "project", "local", "test" };
	struct stat		 st;
	char			 cwd[PATH_MAX], *dir, *root, *path = NULL;

	switch (t) {
	case T_USER:
		return config_user_file("config.yaml");
	case T_SYSTEM:
		return config_system_file("config.yaml", 0);
	default:
		break;
	}
	if (getcwd(cwd, sizeof cwd) == NULL)
		fatal("getcwd");
	if ((root = config_project_root(cwd)) != NULL) {
		xasprintf(&dir, "%s/.qx", root);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			xasprintf(&path, "%s/%s.yaml", dir,
			    layer[t - T_PROJECT]);
		free(dir);
		free(root);
	}
	if (path == NULL)
		*cause = xstrdup("no project directory found (.qx)");
	return path;
}

/* The shortcut file of the user (or, with sys, the system). */
static char *
cmd_config_shortcut_path(int sys)
{
	if (sys)
		return config_system_file("shortcuts.json", 0);
	return config_user_file("shortcuts.json");
}

/*
 * Checks a shortcut file's tree: a mapping of command prefixes to
 * mappings of strings or lists of strings.
 */
static int
cmd_config_check_shortcuts(const struct ynode *root, char **cause)
{
	const struct ynode	*def, *v;
	char			*where;
	size_t			 i, j, k;

	if (root->type != YNODE_MAP) {
		where = ynode_where(root);
		xasprintf(cause, "%s: a shortcut file must be a mapping of "
		    "command prefixes", where);
		free(where);
		return -1;
	}
	for (i = 0; i < root->n; i++) {
		def = root->items[i];
		if (def->type != YNODE_MAP) {
			where = ynode_where(def);
			xasprintf(cause, "%s: shortcut '%s' must be a mapping",
			    where, root->keys[i]->scalar);
			free(where);
			return -1;
		}
		for (j = 0; j < def->n; j++) {
			v = def->items[j];
			for (k = 0; v->type == YNODE_SEQ && k < v->n; k++) {
				if (v->items[k]->type != YNODE_SCALAR)
					break;
			}
			if (v->type == YNODE_SCALAR ||
			    (v->type == YNODE_SEQ && k == v->n))
				continue;
			where = ynode_where(v);
			xasprintf(cause, "%s: '%s' of shortcut '%s' must be a "
			    "string or a list of strings", where,
			    def->keys[j]->scalar, root->keys[i]->scalar);
			free(where);
			return -1;
		}
	}
	return 0;
}

/* Loads and checks a shortcut file; messages name path. */
static int
cmd_config_check_json(const char *text, const char *path, char **cause)
{
	struct ynode	*root;
	int		 r;

	if ((root = yaml_load_json_string(text, strlen(text), path,
	    cause)) == NULL)
		return -1;
	r = cmd_config_check_shortcuts(root, cause);
	ynode_free(root);
	return r;
}

/* Makes the directories above path (0755, as umask allows). */
static int
cmd_config_mkdirs(const char *path, char **cause)
{
	char	*dir = xstrdup(path), *why = NULL, *p;
	int	 r = 0;

	if ((p = strrchr(dir, '/')) != NULL && p != dir) {
		*p = '\0';
		if ((r = file_mkdirs(dir, 0755, &why)) == -1)
			xasprintf(cause, "cannot write '%s': %s", path,
			    strerror(errno));
	}
	free(why);
	free(dir);
	return r;
}

/*
 * Takes the lock that orders the writers of path: an flock on
 * "PATH.lock", which stays (removing it would race).  Returns the
 * descriptor to close to release it.
 */
static int
cmd_config_lock(const char *path, char **cause)
{
	char	*lock;
	int	 fd;

	if (cmd_config_mkdirs(path, cause) == -1)
		return -1;
	xasprintf(&lock, "%s.lock", path);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	free(lock);
	if (fd == -1) {
		xasprintf(cause, "cannot write '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) == -1) {
		if (errno == EINTR)
			continue;
		xasprintf(cause, "cannot lock '%s': %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* The file a write to path replaces: what path links to, if a link. */
static char *
cmd_config_resolve(const char *path)
{
	struct stat	 st;
	char		*real;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(path, NULL)) != NULL)
		return real;
	return xstrdup(path);
}

/*
 * Replaces the file at path (whose lock the caller holds) with text: a
 * temporary file beside it, written, synced, given the old file's mode
 * (0644 for a new one), checked, then renamed over it.  Returns 0, or
 * an exit code with *cause; the old file is left as it was.
 */
static int
cmd_config_replace(const char *path, const char *text, int json,
    char **cause)
{
	struct stat	 st;
	char		*real, *why = NULL;
	int		 exists, r = QXUB_EXIT_FAILURE;

	/* Nothing is written unless the new text would load. */
	if ((json ? cmd_config_check_json(text, path, cause) :
	    config_check_text(text, strlen(text), path, cause)) == -1)
		return QXUB_EXIT_CONFIG;
	real = cmd_config_resolve(path);
	exists = stat(real, &st) == 0;
	if (file_replace(real, text, strlen(text), exists ? st.st_mode &
	    07777 : 0644, exists ? &st : NULL, &why) == -1)
		xasprintf(cause, "cannot write '%s': %s", path,
		    strerror(errno));
	else
		r = 0;
	free(why);
	free(real);
	return r;
}

/*
 * Reads the file at path to change it: an empty map when it does not
 * exist.  Returns 0, or QXUB_EXIT_CONFIG with *cause.
 */
static int
cmd_config_read(const char *path, int json, struct ynode **root,
    char **cause)
{
	struct stat	 st;
	char		*where;

	*root = NULL;
	if (stat(path, &st) == -1 && errno == ENOENT) {
		*root = ynode_new(YNODE_MAP);
		return 0;
	}
	if ((*root = json ? yaml_load_json_file(path, cause) :
	    yaml_load_file(path, cause)) == NULL)
		return QXUB_EXIT_CONFIG;
	if (json) {
		if (cmd_config_check_shortcuts(*root, cause) == 0)
			return 0;
	} else if ((*root)->type == YNODE_MAP)
		return 0;
	else {
		where = ynode_where(*root);
		xasprintf(cause, "%s: a configuration file must be a mapping "
		    "of keys", where);
		free(where);
	}
	ynode_free(*root);
	*root = NULL;
	return QXUB_EXIT_CONFIG;
}

/*
 * Changes the file at path under its lock: reads it, lets change edit
 * the tree (returning 0, or an exit code with *cause), and writes it back
 * as YAML, or as JSON if json is set.  A change that only removes (create
 * not set) sees a missing file as empty, and makes neither it nor its
 * lock.  Returns 0 or an exit code.
 */
static int
cmd_config_update(const char *path, int json, int create,
    int (*change)(struct ynode *, void *, char **), void *arg, char **cause)
{
	struct ynode	*root = NULL;
	struct stat	 st;
	struct buf	 b = BUF_INIT;
	int		 lock, r;

	if (!create && lstat(path, &st) == -1 && errno == ENOENT) {
		root = ynode_new(YNODE_MAP);
		r = change(root, arg, cause);
		ynode_free(root);
		return r;
	}
	if ((lock = cmd_config_lock(path, cause)) == -1)
		return QXUB_EXIT_FAILURE;
	if ((r = cmd_config_read(path, json, &root, cause)) != 0)
		goto out;
	if ((r = change(root, arg, cause)) != 0)
		goto out;
	if (json)
		yaml_emit_json(&b, root);
	else if (root->n > 0)
		yaml_emit(&b, root);
	r = cmd_config_replace(path, b.data, json, cause);
out:
	buf_release(&b);
	ynode_free(root);
	close(lock);
	return r;
}

/* Whether node is a YAML null, as "key:" alone is. */
static int
cmd_config_null(const struct ynode *node)
{
	return node->type == YNODE_SCALAR && node->plain &&
	    (node->scalar[0] == '\0' || strcmp(node->scalar, "~") == 0 ||
	    strcmp(node->scalar, "null") == 0);
}

/*
 * The map at the first n bytes of dotted key under root: made (in place
 * of a null) if create is set; NULL with *cause (create) or none when a
 * value on the way is not a map.
 */
static struct ynode *
cmd_config_walk(struct ynode *root, const char *key, size_t n, int create,
    char **cause)
{
	struct ynode	*node = root, *next;
	char		*part, *copy, *p, *where;

	copy = xstrndup(key, n);
	for (p = copy; node != NULL && p != NULL; ) {
		part = strsep(&p, ".");
		next = ynode_get(node, part);
		if (create && (next == NULL || cmd_config_null(next))) {
			next = ynode_new(YNODE_MAP);
			ynode_set(node, part, next);
		} else if (create && next->type != YNODE_MAP) {
			where = ynode_where(next);
			xasprintf(cause, "%s: cannot set '%s': '%.*s' is not "
			    "a mapping", where, key,
			    (int)(part - copy + strlen(part)), key);
			free(where);
			next = NULL;
		} else if (next != NULL && next->type != YNODE_MAP)
			next = NULL;
		node = next;
	}
	free(copy);
	return node;
}

/* A dotted key must have no empty part. */
static int
cmd_config_key_ok(const char *key)
{
	return key[0] != '\0' && key[0] != '.' &&
	    key[strlen(key) - 1] != '.' && strstr(key, "..") == NULL;
}

/* What set and unset change: value NULL unsets key. */
struct cfg_set {
	const char	*key;
	struct ynode	*value;
	const char	*path;
};

static int
cmd_config_set_change(struct ynode *root, void *arg, char **cause)
{
	struct cfg_set	*s = arg;
	struct ynode	*map, *old;
	const char	*last = strrchr(s->key, '.');
	size_t		 n = last != NULL ? (size_t)(last - s->key) : 0;

	last = last != NULL ? last + 1 : s->key;
	if (n == 0)
		map = root;
	else
		map = cmd_config_walk(root, s->key, n, s->value != NULL,
		    cause);
	if (s->value != NULL) {
		if (map == NULL)
			return QXUB_EXIT_CONFIG;
		ynode_set(map, last, s->value);
		s->value = NULL;	/* owned by the tree */
		return 0;
	}
	if ((old = ynode_take(map, last)) == NULL) {
		xasprintf(cause, "configuration key '%s' is not set in '%s'",
		    s->key, s->path);
		return QXUB_EXIT_FAILURE;
	}
	ynode_free(old);
	return 0;
}

/*
 * VALUE read as YAML, as qxub 3.x reads it: a number, a boolean, a flow
 * list or map keep their type; what does not parse, or is empty, is the
 * string as it is.
 */
static struct ynode *
cmd_config_value(const char *value)
{
	struct ynode	*node;
	char		*cause = NULL;

	node = yaml_load_string(value, strlen(value), "VALUE", &cause);
	free(cause);
	if (node != NULL && node->type == YNODE_MAP && node->n == 0 &&
	    value[strspn(value, " \t")] != '{') {
		/* Nothing but blanks or a comment. */
		ynode_free(node);
		node = NULL;
	}
	if (node == NULL)
		node = ynode_new_scalar(value, 0);
	return node;
}

/* Prints a usage error for a subcommand: the problem, then its usage. */
static int
cmd_config_usage(const char *cause, const char *usage)
{
	if (cause != NULL)
		log_error("%s; usage: qxub config %s", cause, usage);
	else
		log_error("usage: qxub config %s", usage);
	return QXUB_EXIT_USAGE;
}

/* Reports an exit code's cause, if any, and returns the code. */
static int
cmd_config_fail(int r, char *cause)
{
	if (r != 0 && cause != NULL)
		log_error("%s", cause);
	free(cause);
	return r;
}

/* qxub config set KEY VALUE / unset KEY. */
static int
cmd_config_set(const struct cfg_args *args, int unset)
{
	struct cfg_set	 s;
	enum cfg_target	 t;
	char		*path = NULL, *cause = NULL;
	int		 r;

	if (!cmd_config_key_ok(args->pos[0]))
		xasprintf(&cause, "bad KEY '%s': a dotted key has no empty "
		    "part", args->pos[0]);
	if (cause != NULL || cmd_config_target(args, &t, &cause) == -1) {
		r = cmd_config_usage(cause, unset ? "unset KEY " TARGET_USAGE :
		    "set KEY VALUE " TARGET_USAGE);
		free(cause);
		return r;
	}
	if ((path = cmd_config_path(t, &cause)) == NULL)
		return cmd_config_fail(QXUB_EXIT_FAILURE, cause);
	s.key = args->pos[0];
	s.value = unset ? NULL : cmd_config_value(args->pos[1]);
	s.path = path;
	r = cmd_config_update(path, 0, !unset, cmd_config_set_change, &s,
	    &cause);
	if (r == 0 && unset)
		log_debug(1, "unset '%s' in '%s'", s.key, path);
	else if (r == 0)
		log_debug(1, "set '%s' to '%s' in '%s'", s.key, args->pos[1],
		    path);
	ynode_free(s.value);
	free(path);
	return cmd_config_fail(r, cause);
}

/* qxub config init [--force]: a starter user file. */
static int
cmd_config_init(const struct cfg_args *args)
{
	struct stat	 st;
	char		*path, *cause = NULL;
	int		 lock, r;

	path = cmd_config_path(T_USER, &cause);
	if ((lock = cmd_config_lock(path, &cause)) == -1) {
		free(path);
		return cmd_config_fail(QXUB_EXIT_FAILURE, cause);
	}
	if (!cmd_config_has(args, O_FORCE) && lstat(path, &st) == 0) {
		xasprintf(&cause, "configuration file '%s' already exists "
		    "(--force replaces it)", path);
		r = QXUB_EXIT_FAILURE;
	} else
		r = cmd_config_replace(path, cmd_config_starter, 0, &cause);
	if (r == 0)
		log_debug(1, "wrote '%s'", path);
	close(lock);
	free(path);
	return cmd_config_fail(r, cause);
}

/* The argv that runs the user's editor on path (heap strings). */
static void
cmd_config_editor_argv(struct strv *argv, const char *path)
{
	const char	*editor = getenv("VISUAL");

	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	/* "code --wait" or "emacs -nw" are shell words, as git reads them. */
	if (editor[strcspn(editor, " \t\n\"'\\$`;&|<>()*?[]#~=%{}")] !=
	    '\0') {
		strv_push(argv, "/bin/sh");
		strv_push(argv, "-c");
		strv_pushf(argv, "%s \"$@\"", editor);
	}
	strv_push(argv, editor);
	strv_push(argv, path);
}

/*
 * Runs the editor on path with the terminal qxub has: its stdin is the
 * terminal on qxub's stdin (spawn.c opens a path for it), and qxub
 * ignores ^C and ^\ while it waits, as system(3) does.
 */
static int
cmd_config_run_editor(const char *path, char **cause)
{
	struct sigaction	 ign, oint, oquit;
	struct spawn		 sp;
	struct strv		 argv = STRV_INIT;
	char			*tty = NULL;
	int			 status, code, r = -1;

	cmd_config_editor_argv(&argv, path);
	memset(&sp, 0, sizeof sp);
	sp.argv = strv_argv(&argv);
	if (isatty(STDIN_FILENO) && (tty = ttyname(STDIN_FILENO)) != NULL)
		tty = xstrdup(tty);
	sp.in_path = tty;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	if (spawn_start(&sp, cause) == -1)
		goto out;
	if (spawn_wait(sp.pid, &status, 0) == -1) {
		xasprintf(cause, "waitpid: %s", strerror(errno));
		goto out;
	}
	if ((code = spawn_exit_code(status)) != 0) {
		xasprintf(cause, "editor '%s' failed (exit status %d)",
		    argv.v[argv.n - 2], code);
		goto out;
	}
	r = 0;
out:
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	free(tty);
	strv_clear(&argv);
	return r;
}

/* qxub config edit [TARGET]: the editor, then the file checked. */
static int
cmd_config_edit(const struct cfg_args *args)
{
	enum cfg_target	 t;
	char		*path = NULL, *cause = NULL;
	int		 fd, r = QXUB_EXIT_FAILURE;

	if (cmd_config_target(args, &t, &cause) == -1) {
		r = cmd_config_usage(cause, "edit " TARGET_USAGE);
		free(cause);
		return r;
	}
	if ((path = cmd_config_path(t, &cause)) == NULL)
		goto out;
	if (cmd_config_mkdirs(path, &cause) == -1)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1) {
		xasprintf(&cause, "cannot write '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	close(fd);
	if (cmd_config_run_editor(path, &cause) == -1)
		goto out;
	if (config_check_file(path, &cause) == -1) {
		r = QXUB_EXIT_CONFIG;
		goto out;
	}
	r = 0;
out:
	free(path);
	return cmd_config_fail(r, cause);
}

/* Appends a value for a one-line summary: lists joined with commas. */
static void
cmd_config_summary_value(struct buf *b, const struct ynode *v)
{
	struct buf	s = BUF_INIT;
	size_t		i;

	if (v->type == YNODE_SCALAR)
		buf_addstr(&s, v->scalar);
	for (i = 0; v->type == YNODE_SEQ && i < v->n; i++) {
		if (v->items[i]->type == YNODE_SCALAR)
			buf_addf(&s, "%s%s", i > 0 ? "," : "",
			    v->items[i]->scalar);
	}
	if (v->type == YNODE_MAP)
		buf_addstr(&s, "{...}");
	sh_quote_pretty(b, s.data);
	buf_release(&s);
}

/*
 * Appends what a definition (an alias or a shortcut) sets as key=value
 * words; the main, subcommand and target maps of an alias's hierarchical
 * form give their own keys.
 */
static void
cmd_config_summary(struct buf *b, const struct ynode *def)
{
	static const char	*parts[] = { "main", "subcommand", "target" };
	const struct ynode	*v;
	size_t			 i, j;

	if (def->type != YNODE_MAP) {
		cmd_config_summary_value(b, def);
		return;
	}
	for (i = 0; i < def->n; i++) {
		v = def->items[i];
		for (j = 0; j < 3; j++) {
			if (strcmp(def->keys[i]->scalar, parts[j]) == 0)
				break;
		}
		if (j < 3 && v->type == YNODE_MAP) {
			cmd_config_summary(b, v);
			continue;
		}
		if (b->len > 0 && b->data[b->len - 1] != ' ')
			buf_addch(b, ' ');
		buf_addf(b, "%s=", def->keys[i]->scalar);
		cmd_config_summary_value(b, v);
	}
}

/*
 * The resources entry ("key=value", heap) a resource option of shortcut
 * set makes, its value checked and written as exec would send it.
 */
static char *
cmd_config_resource(const struct cfg_given *g, char **cause)
{
	struct buf	 b = BUF_INIT;
	const char	*key;
	char		*why = NULL, *entry;
	uint64_t	 secs;
	long long	 n;
	int		 r = 0;

	switch (g->opt->id) {
	case O_MEM:
	case O_DISK:
		key = g->opt->id == O_MEM ? "mem" : "jobfs";
		r = resource_normalize_size(&b, g->value, &why);
		break;
	case O_RUNTIME:
		key = "walltime";
		if ((r = resource_parse_time(g->value, &secs, &why)) == 0)
			resource_format_time(&b, secs);
		break;
	case O_CPUS:
		key = "ncpus";
		if ((r = resource_parse_count(g->value, 1000000, &n, &why)) ==
		    0)
			buf_addf(&b, "%lld", n);
		break;
	default:
		key = "storage";
		buf_addstr(&b, g->value);
		break;
	}
	if (r == -1) {
		xasprintf(cause, "--%s: %s", g->opt->names[0], why);
		free(why);
		buf_release(&b);
		return NULL;
	}
	xasprintf(&entry, "%s=%s", key, b.data);
	buf_release(&b);
	return entry;
}

/* Refuses the options of a definition that exec would refuse. */
static int
cmd_config_definition_check(const struct cfg_args *args, char **cause)
{
	struct strv	 raw = STRV_INIT;
	char		*why;
	size_t		 i;
	int		 mods, r = 0;

	mods = cmd_config_has(args, O_MOD) || cmd_config_has(args, O_MODS);
	if ((cmd_config_has(args, O_ENV) || mods) &&
	    cmd_config_has(args, O_SIF)) {
		xasprintf(cause, "%s and --sif cannot be combined: choose one "
		    "context (only --env may go with --mod/--mods)",
		    mods ? "--mod/--mods" : "--env");
		return -1;
	}
	if (cmd_config_has(args, O_BIND) && !cmd_config_has(args, O_SIF)) {
		*cause = xstrdup("--bind needs a container image (--sif)");
		return -1;
	}
	for (i = 0; r == 0 && i < args->ngiven; i++) {
		if (args->given[i].opt->id == O_RESOURCES &&
		    resource_add_raw(&raw, args->given[i].value, &why) == -1) {
			xasprintf(cause, "-l: %s", why);
			free(why);
			r = -1;
		}
	}
	strv_clear(&raw);
	return r;
}

/*
 * Builds an alias's or a shortcut's definition from the options given,
 * keys in cfg_def_keys order; resources are the -l ones, then those the
 * resource options make (which win, as in exec).  NULL with *cause on a
 * usage error.
 */
static struct ynode *
cmd_config_definition(const struct cfg_args *args, char **cause)
{
	const struct cfg_given	*g;
	const struct opt	*o;
	struct ynode		*def, *v = NULL, *result = NULL;
	char			*entry;
	size_t			 i, k;
	int			 id;

	if (cmd_config_definition_check(args, cause) == -1)
		return NULL;
	def = ynode_new(YNODE_MAP);
	for (k = 0; k < sizeof cfg_def_keys / sizeof cfg_def_keys[0]; k++) {
		for (i = 0; i < args->ngiven; i++) {
			g = &args->given[i];
			if (g->opt->id != cfg_def_keys[k].id)
				continue;
			if (!cfg_def_keys[k].list) {
				ynode_free(v);
				v = ynode_new_scalar(g->value, 0);
				continue;
			}
			if (v == NULL)
				v = ynode_new(YNODE_SEQ);
			ynode_push(v, ynode_new_scalar(g->value, 0));
		}
		for (i = 0; cfg_def_keys[k].id == O_RESOURCES &&
		    i < args->ngiven; i++) {
			g = &args->given[i];
			id = g->opt->id;
			if (id != O_MEM && id != O_RUNTIME && id != O_CPUS &&
			    id != O_DISK && id != O_VOLUMES)
				continue;
			if ((entry = cmd_config_resource(g, cause)) == NULL)
				goto out;
			if (v == NULL)
				v = ynode_new(YNODE_SEQ);
			ynode_push(v, ynode_new_scalar(entry, 0));
			free(entry);
		}
		if (v == NULL)
			continue;
		o = options_find_long(cfg_def_keys[k].key);
		if (o != NULL && o->later != NULL) {
			/* exec would refuse the definition. */
			xasprintf(cause, "option '--%s' is not available yet "
			    "(it comes with %s)", cfg_def_keys[k].key,
			    o->later);
			goto out;
		}
		ynode_set(def, cfg_def_keys[k].key, v);
		v = NULL;	/* owned by def */
	}
	if (def->n == 0) {
		*cause = xstrdup("nothing to set: give at least one option");
		goto out;
	}
	result = def;
	def = NULL;
out:
	ynode_free(v);
	ynode_free(def);
	return result;
}

/* What alias set/delete and shortcut set/delete/rename change. */
struct cfg_def_change {
	const char	*section;	/* "aliases"; NULL: the root */
	const char	*what;		/* "alias" or "shortcut" */
	const char	*name;
	const char	*new_name;	/* rename to this */
	struct ynode	*def;		/* set this; NULL: delete or rename */
	const char	*path;
};

static int
cmd_config_def_change(struct ynode *root, void *arg, char **cause)
{
	struct cfg_def_change	*c = arg;
	struct ynode		*map = root, *old;

	if (c->section != NULL) {
		map = cmd_config_walk(root, c->section, strlen(c->section),
		    c->def != NULL, cause);
		if (map == NULL && c->def != NULL)
			return QXUB_EXIT_CONFIG;
	}
	if (c->def != NULL) {
		ynode_set(map, c->name, c->def);
		c->def = NULL;		/* owned by the tree */
		return 0;
	}
	if (ynode_get(map, c->name) == NULL) {
		xasprintf(cause, "%s '%s' is not set in '%s'", c->what,
		    c->name, c->path);
		return QXUB_EXIT_FAILURE;
	}
	if (c->new_name != NULL && ynode_get(map, c->new_name) != NULL) {
		xasprintf(cause, "%s '%s' already exists in '%s'", c->what,
		    c->new_name, c->path);
		return QXUB_EXIT_FAILURE;
	}
	old = ynode_take(map, c->name);
	if (c->new_name != NULL)
		ynode_set(map, c->new_name, old);
	else
		ynode_free(old);
	return 0;
}

/* Loads every layer, as exec does; a bad file is reported. */
static int
cmd_config_load(struct config *cfg)
{
	char	cwd[PATH_MAX], *cause = NULL;

	if (getcwd(cwd, sizeof cwd) == NULL)
		fatal("getcwd");
	if (config_load(cfg, qxub_config_file(), cwd, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		config_free(cfg);
		return -1;
	}
	return 0;
}

/* qxub config alias list / show NAME, from all the layers merged. */
static int
cmd_config_alias_show(const struct cfg_args *args, int list)
{
	struct config		 cfg;
	const struct ynode	*aliases, *def;
	struct buf		 b = BUF_INIT;
	size_t			 i;
	int			 r = 0;

	if (cmd_config_load(&cfg) == -1)
		return QXUB_EXIT_CONFIG;
	aliases = config_get(&cfg, "aliases");
	if (aliases != NULL && aliases->type != YNODE_MAP)
		aliases = NULL;
	for (i = 0; list && aliases != NULL && i < aliases->n; i++) {
		buf_reset(&b);
		cmd_config_summary(&b, aliases->items[i]);
		printf("%-15s %s\n", aliases->keys[i]->scalar, b.data);
	}
	if (!list) {
		if ((def = ynode_get(aliases, args->pos[0])) == NULL) {
			log_error("alias '%s' is not defined", args->pos[0]);
			r = QXUB_EXIT_FAILURE;
		} else {
			yaml_emit(&b, def);
			fwrite(b.data, 1, b.len, stdout);
		}
	}
	buf_release(&b);
	config_free(&cfg);
	return r;
}

/* qxub config alias set NAME OPTION... / delete NAME [TARGET]. */
static int
cmd_config_alias_change(const struct cfg_args *args, int set)
{
	struct cfg_def_change	 c;
	enum cfg_target		 t;
	char			*path = NULL, *cause = NULL;
	int			 r;

	memset(&c, 0, sizeof c);
	if (cmd_config_target(args, &t, &cause) == -1 || (set &&
	    (c.def = cmd_config_definition(args, &cause)) == NULL)) {
		r = cmd_config_usage(cause, set ?
		    "alias set NAME OPTION... [TARGET]" :
		    "alias delete NAME " TARGET_USAGE);
		free(cause);
		return r;
	}
	if ((path = cmd_config_path(t, &cause)) == NULL) {
		ynode_free(c.def);
		return cmd_config_fail(QXUB_EXIT_FAILURE, cause);
	}
	c.section = "aliases";
	c.what = "alias";
	c.name = args->pos[0];
	c.path = path;
	r = cmd_config_update(path, 0, set, cmd_config_def_change, &c, &cause);
	if (r == 0)
		log_debug(1, "%s alias '%s' in '%s'", set ? "set" : "deleted",
		    c.name, path);
	ynode_free(c.def);
	free(path);
	return cmd_config_fail(r, cause);
}

/* A command prefix with its words separated by single spaces (heap). */
static char *
cmd_config_prefix(const char *s)
{
	struct buf	b = BUF_INIT;
	size_t		n;

	for (;;) {
		s += strspn(s, " \t\n");
		if ((n = strcspn(s, " \t\n")) == 0)
			break;
		if (b.len > 0)
			buf_addch(&b, ' ');
		buf_add(&b, s, n);
		s += n;
	}
	return buf_detach(&b);
}

/* The pairs of a merged shortcut map, sorted by prefix. */
static int
cmd_config_pair_cmp(const void *a, const void *b)
{
	const struct ynode *const	*ka = a, *const *kb = b;

	return strcmp((*ka)->scalar, (*kb)->scalar);
}

/*
 * Reads the system and the user shortcut files into one map (a user
 * definition replaces the system one); NULL after reporting a bad file.
 */
static struct ynode *
cmd_config_shortcuts(void)
{
	struct ynode	*merged = NULL, *root;
	char		*path, *cause = NULL;
	size_t		 i;
	int		 sys;

	for (sys = 1; sys >= 0; sys--) {
		path = cmd_config_shortcut_path(sys);
		if (cmd_config_read(path, 1, &root, &cause) != 0) {
			log_error("%s", cause);
			free(cause);
			free(path);
			ynode_free(merged);
			return NULL;
		}
		free(path);
		if (merged == NULL) {
			merged = root;
			continue;
		}
		for (i = 0; i < root->n; i++)
			ynode_set(merged, root->keys[i]->scalar,
			    ynode_copy(root->items[i]));
		ynode_free(root);
	}
	return merged;
}

/* qxub config shortcut list [--show-origin] / show PREFIX. */
static int
cmd_config_shortcut_show(const struct cfg_args *args, int list)
{
	struct ynode		*merged;
	const struct ynode	*def;
	struct ynode		**keys;
	struct buf		 b = BUF_INIT;
	char			*prefix, *where;
	size_t			 i;
	int			 r = 0;

	if ((merged = cmd_config_shortcuts()) == NULL)
		return QXUB_EXIT_CONFIG;
	if (!list) {
		prefix = cmd_config_prefix(args->pos[0]);
		if ((def = ynode_get(merged, prefix)) == NULL) {
			log_error("shortcut '%s' is not defined", prefix);
			r = QXUB_EXIT_FAILURE;
		} else {
			yaml_emit_json(&b, def);
			fwrite(b.data, 1, b.len, stdout);
		}
		free(prefix);
		goto out;
	}
	keys = xreallocarray(NULL, merged->n + 1, sizeof *keys);
	memcpy(keys, merged->keys, merged->n * sizeof *keys);
	qsort(keys, merged->n, sizeof *keys, cmd_config_pair_cmp);
	for (i = 0; i < merged->n; i++) {
		def = ynode_get(merged, keys[i]->scalar);
		buf_reset(&b);
		cmd_config_summary(&b, def);
		if (cmd_config_has(args, O_SHOW_ORIGIN)) {
			where = ynode_where(def);
			buf_addf(&b, "  # %s", where);
			free(where);
		}
		printf("%-15s %s\n", keys[i]->scalar, b.data);
	}
	free(keys);
out:
	buf_release(&b);
	ynode_free(merged);
	return r;
}

/* qxub config shortcut set / delete / rename [--user | --system]. */
static int
cmd_config_shortcut_change(const struct cfg_args *args, int set,
    const char *usage)
{
	struct cfg_def_change	 c;
	enum cfg_target		 t;
	char			*path, *cause = NULL, *name, *new_name = NULL;
	int			 r;

	memset(&c, 0, sizeof c);
	if (cmd_config_target(args, &t, &cause) == -1 || (set &&
	    (c.def = cmd_config_definition(args, &cause)) == NULL)) {
		r = cmd_config_usage(cause, usage);
		free(cause);
		return r;
	}
	name = cmd_config_prefix(args->pos[0]);
	if (args->npos == 2)
		new_name = cmd_config_prefix(args->pos[1]);
	if (*name == '\0' || (new_name != NULL && *new_name == '\0')) {
		free(name);
		free(new_name);
		ynode_free(c.def);
		return cmd_config_usage("a PREFIX is a command's first words",
		    usage);
	}
	path = cmd_config_shortcut_path(t == T_SYSTEM);
	c.what = "shortcut";
	c.name = name;
	c.new_name = new_name;
	c.path = path;
	r = cmd_config_update(path, 1, set, cmd_config_def_change, &c, &cause);
	if (r == 0)
		log_debug(1, "changed shortcut '%s' in '%s'", name, path);
	ynode_free(c.def);
	free(name);
	free(new_name);
	free(path);
	return cmd_config_fail(r, cause);
}

/* Prints every scalar under node as "key.path = value  # FILE:LINE:COL". */
static void
cmd_config_origins(const struct ynode *node, struct buf *path)
{
	size_t	i, len = path->len;
	char	*where;

	if (node->type == YNODE_MAP) {
		for (i = 0; i < node->n; i++) {
			buf_addf(path, "%s%s", len > 0 ? "." : "",
			    node->keys[i]->scalar);
			cmd_config_origins(node->items[i], path);
			path->len = len;
			path->data[len] = '\0';
		}
		return;
	}
	if (node->type == YNODE_SEQ) {
		for (i = 0; i < node->n; i++) {
			buf_addf(path, "[%zu]", i);
			cmd_config_origins(node->items[i], path);
			path->len = len;
			path->data[len] = '\0';
		}
		return;
	}
	where = ynode_where(node);
	printf("%s = %s  # %s\n", path->data, node->scalar, where);
	free(where);
}

/* qxub config files / validate / get KEY / list [--show-origin]. */
static int
cmd_config_show(const struct cfg_args *args, const char *sub)
{
	struct config		 cfg;
	const struct ynode	*node;
	struct buf		 b = BUF_INIT;
	size_t			 i;
	int			 r = 0;

	if (cmd_config_load(&cfg) == -1)
		return QXUB_EXIT_CONFIG;
	if (strcmp(sub, "files") == 0 || strcmp(sub, "validate") == 0) {
		for (i = 0; i < cfg.nfiles; i++) {
			if (cfg.files[i].path == NULL)
				continue;
			printf("%-8s %-9s %s\n", cfg.files[i].kind,
			    cfg.files[i].root != NULL ? "ok" : "absent",
			    cfg.files[i].path);
		}
	} else if (strcmp(sub, "get") == 0) {
		if ((node = config_get(&cfg, args->pos[0])) == NULL) {
			log_error("configuration key '%s' is not set",
			    args->pos[0]);
			r = QXUB_EXIT_FAILURE;
		} else if (node->type == YNODE_SCALAR)
			printf("%s\n", node->scalar);
		else {
			yaml_emit(&b, node);
			fwrite(b.data, 1, b.len, stdout);
		}
	} else if (cmd_config_has(args, O_SHOW_ORIGIN))
		cmd_config_origins(cfg.merged, &b);
	else {
		yaml_emit(&b, cfg.merged);
		fwrite(b.data, 1, b.len, stdout);
	}
	buf_release(&b);
	config_free(&cfg);
	return r;
}

/* A config subcommand: its name (two words for alias and shortcut). */
static const struct cfg_sub {
	const char		*name;
	const char		*usage;
	const struct cfg_opt	*opts;
	size_t			 minpos, maxpos;	/* other words */
} cfg_subs[] = {
	{ "files", "files", cfg_opts_none, 0, 0 },
	{ "get", "get KEY", cfg_opts_none, 1, 1 },
	{ "list", "list [--show-origin]", cfg_opts_list, 0, 0 },
	{ "validate", "validate", cfg_opts_none, 0, 0 },
	{ "set", "set KEY VALUE " TARGET_USAGE, cfg_opts_target, 2, 2 },
	{ "unset", "unset KEY " TARGET_USAGE, cfg_opts_target, 1, 1 },
	{ "init", "init [--force]", cfg_opts_init, 0, 0 },
	{ "edit", "edit " TARGET_USAGE, cfg_opts_target, 0, 0 },
	{ "alias list", "alias list", cfg_opts_none, 0, 0 },
	{ "alias show", "alias show NAME", cfg_opts_none, 1, 1 },
	{ "alias set", "alias set NAME OPTION... [TARGET]",
	  cfg_opts_alias_set, 1, 1 },
	{ "alias delete", "alias delete NAME " TARGET_USAGE,
	  cfg_opts_target, 1, 1 },
	{ "shortcut list", "shortcut list [--show-origin]", cfg_opts_list,
	  0, 0 },
	{ "shortcut show", "shortcut show PREFIX", cfg_opts_none, 1, 1 },
	{ "shortcut set", "shortcut set PREFIX OPTION... [--user | --system]",
	  cfg_opts_shortcut_set, 1, 1 },
	{ "shortcut delete", "shortcut delete PREFIX [--user | --system]",
	  cfg_opts_shortcut, 1, 1 },
	{ "shortcut rename", "shortcut rename OLD NEW [--user | --system]",
	  cfg_opts_shortcut, 2, 2 },
};

/* Runs a subcommand whose words have been parsed. */
static int
cmd_config_run(const struct cfg_sub *sub, const struct cfg_args *args)
{
	const char	*n = sub->name;

	if (strcmp(n, "set") == 0 || strcmp(n, "unset") == 0)
		return cmd_config_set(args, n[0] == 'u');
	if (strcmp(n, "init") == 0)
		return cmd_config_init(args);
	if (strcmp(n, "edit") == 0)
		return cmd_config_edit(args);
	if (strncmp(n, "alias ", 6) == 0) {
		n += 6;
		if (strcmp(n, "list") == 0 || strcmp(n, "show") == 0)
			return cmd_config_alias_show(args, n[0] == 'l');
		return cmd_config_alias_change(args, n[0] == 's');
	}
	if (strcmp(n, "shortcut list") == 0 ||
	    strcmp(n, "shortcut show") == 0)
		return cmd_config_shortcut_show(args, n[9] == 'l');
	if (strncmp(n, "shortcut ", 9) == 0)
		return cmd_config_shortcut_change(args,
		    strcmp(n, "shortcut set") == 0,
		    sub->usage);
	return cmd_config_show(args, n);
}

static int
cmd_config_exec(int argc, char **argv)
{
	const struct cfg_sub	*sub = NULL;
	struct cfg_args		 args;
	const char		*group = NULL;
	char			*name, *cause = NULL;
	size_t			 i;
	int			 first = 2, r;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		cmd_config_help();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "alias") == 0)
		group = ALIAS_USAGE;
	else if (argc > 1 && strcmp(argv[1], "shortcut") == 0)
		group = SHORTCUT_USAGE;
	if (group != NULL && argc > 2) {
		xasprintf(&name, "%s %s", argv[1], argv[2]);
		first = 3;
	} else
		name = xstrdup(argc > 1 ? argv[1] : "");
	for (i = 0; i < sizeof cmd_config_later / sizeof cmd_config_later[0];
	    i++) {
		if (strcmp(name, cmd_config_later[i]) == 0) {
			log_error("'qxub config %s' is not available yet",
			    name);
			free(name);
			return QXUB_EXIT_USAGE;
		}
	}
	for (i = 0; i < sizeof cfg_subs / sizeof cfg_subs[0]; i++) {
		if (strcmp(name, cfg_subs[i].name) == 0)
			sub = &cfg_subs[i];
	}
	free(name);
	if (sub == NULL)
		return cmd_config_usage(NULL, group != NULL ? group :
		    CONFIG_USAGE);
	if (cmd_config_getopt(argc - first, argv + first, sub->opts, &args,
	    &cause) == -1) {
		r = cmd_config_usage(cause, sub->usage);
		free(cause);
		cmd_config_args_free(&args);
		return r;
	}
	if (cmd_config_has(&args, O_HELP)) {
		cmd_config_help();
		r = 0;
	} else if (args.npos < sub->minpos || args.npos > sub->maxpos)
		r = cmd_config_usage(NULL, sub->usage);
	else
		r = cmd_config_run(sub, &args);
	cmd_config_args_free(&args);
	if (fflush(stdout) == EOF && r == 0)
		r = QXUB_EXIT_FAILURE;
	return r;
}

/*
 * The next word of a subcommand name after the words given: "alias"
 * after nothing, "list" after "alias"; each word once.
 */
static void
cmd_config_operands(FILE *fp, int argc, char **argv)
{
	struct buf	 prefix = BUF_INIT;
	const char	*rest, *last = "";
	size_t		 i, n;
	int		 j;

	for (j = 0; j < argc; j++)
		buf_addf(&prefix, "%s ", argv[j]);
	for (i = 0; i < sizeof cfg_subs / sizeof cfg_subs[0]; i++) {
		if (strncmp(cfg_subs[i].name, prefix.data, prefix.len) != 0)
			continue;
		rest = cfg_subs[i].name + prefix.len;
		n = strcspn(rest, " ");
		if (n == 0 || (strncmp(last, rest, n) == 0 &&
		    (last[n] == ' ' || last[n] == '\0')))
			continue;
		if (rest[n] == ' ')
			fprintf(fp, "%.*s\t%.*s list|show|set|delete...\n",
			    (int)n, rest, (int)n, rest);
		else
			fprintf(fp, "%s\t%s\n", rest, cfg_subs[i].usage);
		last = rest;
	}
	buf_release(&prefix);
}

const struct cmd_entry	cmd_config_entry = {
	.name = "config",
	.usage = CONFIG_USAGE,
	.summary = "show and change the configuration, aliases and shortcuts",
	.exec = cmd_config_exec,
	.help = cmd_config_help,
	.operands = cmd_config_operands,
};
