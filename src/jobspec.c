/* The job spec: checks, defaults and job names. */
#include "autoconf.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "jobdir.h"
#include "jobspec.h"
#include "resource.h"
#include "xmalloc.h"
#include "yaml.h"

/* PBS Pro's limit on job names; Slurm takes longer ones. */
#define JOBSPEC_NAME_MAX	236

void
jobspec_clear(struct jobspec *js)
{
	strv_clear(&js->argv);
	free(js->snippet);
	free(js->env);
	strv_clear(&js->mods);
	free(js->sif);
	strv_clear(&js->binds);
	free(js->pre);
	free(js->post);
	strv_clear(&js->vars);
	free(js->execdir);
	free(js->out);
	free(js->err);
	free(js->name);
	free(js->platform);
	free(js->config);
	free(js->alias);
	free(js->shortcut);
	free(js->log_dir);
	free(js->queue);
	free(js->project);
	free(js->mem);
	free(js->runtime);
	free(js->cpus);
	free(js->gpus);
	free(js->gpu_type);
	free(js->disk);
	free(js->volumes);
	strv_clear(&js->raw_resources);
	strv_clear(&js->sbatch);
	strv_clear(&js->sge);
	free(js->pe);
	free(js->array);
	free(js->email);
	free(js->email_opts);
	free(js->joblog);
	free(js->batch_option);
	strv_clear(&js->resources);
	memset(js, 0, sizeof *js);
}

enum jobspec_ctx
jobspec_ctx(const struct jobspec *js)
{
	if (js->sif != NULL)
		return CTX_CONTAINER;
	if (js->env != NULL && js->mods.n > 0)
		return CTX_CONDA_MODULES;
	if (js->env != NULL)
		return CTX_CONDA;
	if (js->mods.n > 0)
		return CTX_MODULES;
	return CTX_DEFAULT;
}

const char *
jobspec_ctx_name(enum jobspec_ctx ctx)
{
	switch (ctx) {
	case CTX_CONDA:
		return "conda";
	case CTX_MODULES:
		return "modules";
	case CTX_CONDA_MODULES:
		return "modules+conda";
	case CTX_CONTAINER:
		return "container";
	default:
		return "default";
	}
}

char *
jobspec_sanitize_name(const char *s)
{
	struct buf	b = BUF_INIT;

	for (; *s != '\0' && b.len < JOBSPEC_NAME_MAX; s++) {
		unsigned char	c = *s;

		if (c == '/' || c == ':' || c == ' ' || c == '@')
			buf_addch(&b, '_');
		else if (isascii(c) && (isalnum(c) || strchr("_.-", c)))
			buf_addch(&b, c);
	}
	if (b.len == 0 || !isalpha((unsigned char)b.data[0])) {
		struct buf	p = BUF_INIT;

		buf_addstr(&p, "job");
		if (b.len != 0 && b.data[0] != '_')
			buf_addch(&p, '_');
		buf_add(&p, b.data, b.len);
		if (p.len > JOBSPEC_NAME_MAX)
			p.len = JOBSPEC_NAME_MAX;
		p.data[p.len] = '\0';
		buf_release(&b);
		return buf_detach(&p);
	}
	return buf_detach(&b);
}

int
jobspec_valid_var(const char *s)
{
	size_t	n;

	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	return s[n] == '\0' || s[n] == '=';
}

/*
 * The fields whose values reach a scheduler: a line of the job script's
 * directives or a word of the qsub, sbatch or srun command.  A newline in
 * one ends its #SBATCH line, and what follows runs as shell in the job;
 * so no control character may be in any of them, whichever scheduler
 * takes the job.  A field added here is checked from the command line,
 * the configuration's defaults and aliases alike.
 */
#define F(x)	offsetof(struct jobspec, x)
static const struct {
	size_t		 field;
	int		 list;		/* a struct strv, not a string */
	const char	*option;
} jobspec_scheduler_fields[] = {
	{ F(name), 0, "--name" },
	{ F(queue), 0, "--queue" },
	{ F(project), 0, "--project" },
	{ F(mem), 0, "--mem" },
	{ F(runtime), 0, "--runtime" },
	{ F(cpus), 0, "--cpus" },
	{ F(gpus), 0, "--gpus" },
	{ F(gpu_type), 0, "--gpu-type" },
	{ F(disk), 0, "--disk" },
	{ F(volumes), 0, "--volumes" },
	{ F(raw_resources), 1, "-l" },
	{ F(sbatch), 1, "--sbatch" },
	{ F(sge), 1, "--sge" },
	{ F(pe), 0, "--pe" },
	{ F(array), 0, "--array" },
	{ F(email), 0, "--email" },
	{ F(email_opts), 0, "--email-opts" },
	{ F(joblog), 0, "--joblog" },
	{ F(out), 0, "--out" },
	{ F(err), 0, "--err" },
	/* What the options and defaults above came to. */
	{ F(resources), 1, "resource" },
};
#undef F
#define JOBSPEC_NFIELDS	\
	(sizeof jobspec_scheduler_fields / sizeof jobspec_scheduler_fields[0])

const char *
jobspec_control(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return s;
	}
	return NULL;
}

int
jobspec_check_value(const char *what, const char *s, char **cause)
{
	static const char	 named[] = "\a\b\t\n\v\f\r";
	static const char	 letter[] = "abtnvfr";
	const char		*c, *n;

	if (s == NULL || (c = jobspec_control(s)) == NULL)
		return 0;
	/* The byte escaped, as C writes it: the message stays one line. */
	if ((n = strchr(named, *c)) != NULL)
		xasprintf(cause, "%s: control character (\\%c) not allowed",
		    what, letter[n - named]);
	else
		xasprintf(cause, "%s: control character (\\x%02x) not "
		    "allowed", what, (unsigned char)*c);
	return -1;
}

const char *
jobspec_scheduler_field(size_t field)
{
	size_t	i;

	for (i = 0; i < JOBSPEC_NFIELDS; i++) {
		if (jobspec_scheduler_fields[i].field == field)
			return jobspec_scheduler_fields[i].option;
	}
	return NULL;
}

int
jobspec_check_controls(const struct jobspec *js, char **cause)
{
	const struct strv	*sv;
	const char		*what, *project;
	char			*root;
	size_t			 i, j;
	int			 r;

	for (i = 0; i < JOBSPEC_NFIELDS; i++) {
		const void	*p = (const char *)js +
		    jobspec_scheduler_fields[i].field;

		what = jobspec_scheduler_fields[i].option;
		if (!jobspec_scheduler_fields[i].list) {
			if (jobspec_check_value(what, *(char *const *)p,
			    cause) == -1)
				return -1;
			continue;
		}
		sv = p;
		for (j = 0; j < sv->n; j++) {
			if (jobspec_check_value(what, sv->v[j], cause) == -1)
				return -1;
		}
	}
	/* What PBS is given unless --project is, and the job's paths. */
	project = js->project == NULL ? getenv("PROJECT") : NULL;
	if (jobspec_check_value("$PROJECT", project, cause) == -1)
		return -1;
	root = jobdir_root();
	r = jobspec_check_value("the job directory ($XDG_STATE_HOME, else "
	    "$HOME/.local/state)", root, cause);
	free(root);
	return r;
}

/* What a file that is not a regular one is, for messages. */
static const char *
jobspec_file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Whether st is the file descriptor fd is open on. */
static int
jobspec_same_as_fd(const struct stat *st, int fd)
{
	struct stat	fst;

	return fstat(fd, &fst) == 0 && fst.st_dev == st->st_dev &&
	    fst.st_ino == st->st_ino;
}

/*
 * Checks a --out/--err file: its directory exists, and the file, when it
 * exists, is a regular file (or /dev/null) that is neither qxub's own
 * stdout or stderr nor the job log.  qxub reads the file back until the
 * job ends and copies it to its own output: a device or FIFO would never
 * end or never open, and its own output would feed itself until the disk
 * is full.
 */
static int
jobspec_check_stream(const char *opt, const char *path, const char *joblog,
    char **cause)
{
	struct stat	 st, null, logst;
	char		*dir;
	const char	*slash = strrchr(path, '/');

	dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (stat(dir, &st) == -1) {
		xasprintf(cause, "%s '%s': cannot use directory '%s': %s",
		    opt, path, dir, strerror(errno));
		free(dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		xasprintf(cause, "%s '%s': '%s' is not a directory", opt,
		    path, dir);
		free(dir);
		return -1;
	}
	free(dir);
	if (joblog != NULL && strcmp(path, joblog) == 0)
		goto joblog;
	if (stat(path, &st) == -1)
		return 0;	/* the job creates it */
	if (stat("/dev/null", &null) == 0 && st.st_dev == null.st_dev &&
	    st.st_ino == null.st_ino)
		return 0;	/* the stream is discarded */
	if (!S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s '%s': not a regular file (%s); name a "
		    "file, or /dev/null to discard the stream", opt, path,
		    jobspec_file_kind(st.st_mode));
		return -1;
	}
	if (jobspec_same_as_fd(&st, STDOUT_FILENO) ||
	    jobspec_same_as_fd(&st, STDERR_FILENO)) {
		xasprintf(cause, "%s '%s': is qxub's own %s, where the job's "
		    "output is copied; it would copy itself until the disk "
		    "is full", opt, path, jobspec_same_as_fd(&st,
		    STDOUT_FILENO) ? "standard output" : "standard error");
		return -1;
	}
	if (joblog != NULL && stat(joblog, &logst) == 0 &&
	    logst.st_dev == st.st_dev && logst.st_ino == st.st_ino)
		goto joblog;
	return 0;
joblog:
	xasprintf(cause, "%s '%s': is also the job log (--joblog); give "
	    "them different files", opt, path);
	return -1;
}

/* Makes *path absolute against cwd, in place. */
static void
jobspec_absolute(char **path, const char *cwd)
{
	char	*abs;

	if (*path == NULL || (*path)[0] == '/')
		return;
	xasprintf(&abs, "%s/%s", cwd, *path);
	free(*path);
	*path = abs;
}

/* An empty option value means "not given", as in qxub 3.x. */
static void
jobspec_drop_empty(char **s)
{
	if (*s != NULL && **s == '\0') {
		free(*s);
		*s = NULL;
	}
}

/* Drops empty words from a list, as for single values. */
static void
jobspec_drop_empty_words(struct strv *sv)
{
	struct strv	out = STRV_INIT;
	size_t		i;

	for (i = 0; i < sv->n; i++) {
		if (sv->v[i][0] != '\0')
			strv_push(&out, sv->v[i]);
	}
	strv_clear(sv);
	*sv = out;
}

/* Refuses two contexts of different kinds (conda with modules is allowed). */
static int
jobspec_check_ctx(struct jobspec *js, char **cause)
{
	const char	*given[4];
	int		 n = 0;

	jobspec_drop_empty(&js->env);
	jobspec_drop_empty(&js->sif);
	jobspec_drop_empty_words(&js->mods);
	jobspec_drop_empty_words(&js->binds);
	if (js->env != NULL && js->mods.n == 0)
		given[n++] = "--env";
	if (js->mods.n > 0)
		given[n++] = js->env != NULL ? "--env with --mod/--mods" :
		    "--mod/--mods";
	if (js->sif != NULL)
		given[n++] = "--sif";
	if (js->default_ctx)
		given[n++] = "--default";
	if (n > 1) {
		xasprintf(cause, "%s and %s cannot be combined: choose one "
		    "context (--env, --mod/--mods, --sif or --default; only "
		    "--env may go with --mod/--mods)", given[0], given[1]);
		return -1;
	}
	if (js->binds.n > 0 && js->sif == NULL) {
		*cause = xstrdup("--bind needs a container image (--sif)");
		return -1;
	}
	return 0;
}

/* Finds the command: argv words, or a snippet for bash. */
static int
jobspec_check_command(struct jobspec *js, char **cause)
{
	if (js->snippet != NULL && js->argv.n > 0) {
		*cause = xstrdup("--cmd and a command after '--' cannot both "
		    "be given");
		return -1;
	}
	if (js->snippet == NULL && js->argv.n == 0) {
		*cause = xstrdup("no command given: put it after '--' or use "
		    "--cmd 'STRING'");
		return -1;
	}
	if (js->argv.n == 1 && strpbrk(js->argv.v[0], " \t\n") != NULL) {
		js->snippet = xstrdup(js->argv.v[0]);
		strv_clear(&js->argv);
	}
	if (js->snippet != NULL && js->snippet[strspn(js->snippet,
	    " \t\n")] == '\0') {
		*cause = xstrdup("the command is empty");
		return -1;
	}
	return 0;
}

/* Turns each --var NAME into NAME=VALUE from this environment. */
static int
jobspec_check_vars(struct jobspec *js, char **cause)
{
	struct strv	 out = STRV_INIT;
	const char	*val;
	size_t		 i;

	for (i = 0; i < js->vars.n; i++) {
		const char	*v = js->vars.v[i];

		if (!jobspec_valid_var(v)) {
			xasprintf(cause, "--var '%s': expected NAME=VALUE "
			    "with NAME a shell variable name", v);
			strv_clear(&out);
			return -1;
		}
		if (strchr(v, '=') != NULL)
			strv_push(&out, v);
		else if ((val = getenv(v)) != NULL)
			strv_pushf(&out, "%s=%s", v, val);
		else {
			xasprintf(cause, "--var '%s': %s is not set in this "
			    "environment (use %s=VALUE)", v, v, v);
			strv_clear(&out);
			return -1;
		}
	}
	strv_clear(&js->vars);
	js->vars = out;
	return 0;
}

/* The default job name: the program's base name or the snippet's first word. */
static char *
jobspec_default_name(const struct jobspec *js)
{
	const char	*word, *slash;
	char		*first, *name;
	size_t		 n;

	if (js->argv.n > 0)
		word = js->argv.v[0] + strspn(js->argv.v[0], " \t\n");
	else if (js->snippet != NULL)
		word = js->snippet + strspn(js->snippet, " \t\n");
	else
		word = "";
	n = strcspn(word, " \t\n;&|<>()");
	first = xstrndup(word, n);
	slash = strrchr(first, '/');
	name = jobspec_sanitize_name(slash != NULL ? slash + 1 : first);
	free(first);
	return name;
}

/* Sets a resource to a size given with opt, in the unit it was given in. */
static int
jobspec_size(struct jobspec *js, const char *opt, const char *value,
    const char *key, char **cause)
{
	struct buf	 b = BUF_INIT;
	char		*why;

	if (resource_normalize_size(&b, value, &why) == -1) {
		xasprintf(cause, "%s: %s", opt, why);
		free(why);
		return -1;
	}
	resource_set(&js->resources, key, b.data);
	buf_release(&b);
	return 0;
}

/* Sets a resource to a count given with opt. */
static int
jobspec_count(struct jobspec *js, const char *opt, const char *value,
    const char *key, char **cause)
{
	char		*why, n[32];
	long long	 count;

	if (resource_parse_count(value, 1000000, &count, &why) == -1) {
		xasprintf(cause, "%s: %s", opt, why);
		free(why);
		return -1;
	}
	snprintf(n, sizeof n, "%lld", count);
	resource_set(&js->resources, key, n);
	return 0;
}

/*
 * Builds the one resource list: raw -l requests first, in order, then the
 * named options, which replace what -l said of the same key.
 */
static int
jobspec_resources(struct jobspec *js, char **cause)
{
	struct buf	 b = BUF_INIT;
	char		*why;
	uint64_t	 secs;
	size_t		 i;

	for (i = 0; i < js->raw_resources.n; i++) {
		if (resource_add_raw(&js->resources, js->raw_resources.v[i],
		    &why) == -1) {
			xasprintf(cause, "-l: %s", why);
			free(why);
			return -1;
		}
	}
	if (js->mem != NULL &&
	    jobspec_size(js, "--mem", js->mem, "mem", cause) == -1)
		return -1;
	if (js->runtime != NULL) {
		if (resource_parse_time(js->runtime, &secs, &why) == -1) {
			xasprintf(cause, "--runtime: %s", why);
			free(why);
			return -1;
		}
		resource_format_time(&b, secs);
		resource_set(&js->resources, "walltime", b.data);
		buf_release(&b);
	}
	if ((js->cpus != NULL &&
	    jobspec_count(js, "--cpus", js->cpus, "ncpus", cause) == -1) ||
	    (js->gpus != NULL &&
	    jobspec_count(js, "--gpus", js->gpus, "ngpus", cause) == -1) ||
	    (js->disk != NULL &&
	    jobspec_size(js, "--disk", js->disk, "jobfs", cause) == -1))
		return -1;
	if (js->volumes != NULL) {
		xasprintf(&why, "storage=%s", js->volumes);
		if (resource_add_raw(&js->resources, why, cause) == -1) {
			free(*cause);
			xasprintf(cause, "--volumes: '%s' is not a storage "
			    "list (like gdata/a56+scratch/a56)", js->volumes);
			free(why);
			return -1;
		}
		free(why);
	}
	return 0;
}

/* Checks an array range: FIRST-LAST[:STEP][%MAX], as PBS -J takes. */
static int
jobspec_check_array(const char *s)
{
	unsigned long	a, b, step = 1, max = 1;
	int		n = -1;

	if (sscanf(s, "%lu-%lu%n", &a, &b, &n) != 2 || n < 0 || b <= a)
		return -1;
	s += n;
	if (*s == ':') {
		if (sscanf(s, ":%lu%n", &step, &n) != 1)
			return -1;
		s += n;
	}
	if (*s == '%') {
		if (sscanf(s, "%%%lu%n", &max, &n) != 1)
			return -1;
		s += n;
	}
	return *s == '\0' && step > 0 && max > 0 ? 0 : -1;
}

/* The first spelling of a defaults key the configuration sets. */
static const struct ynode *
jobspec_default(const struct config *cfg, const char *const *keys,
    const char **spelled)
{
	const struct ynode	*node;
	char			 path[64];

	for (; *keys != NULL; keys++) {
		snprintf(path, sizeof path, "defaults.%s", *keys);
		if ((node = config_get(cfg, path)) != NULL &&
		    node->type == YNODE_SCALAR) {
			*spelled = *keys;
			return node;
		}
	}
	return NULL;
}

/*
 * Refuses a control character in the value of defaults.KEY written at
 * node (its template variables expanded), naming FILE:LINE:COL.
 */
static int
jobspec_config_value(const struct ynode *node, const char *key,
    const char *value, char **cause)
{
	char	*where, *what;
	int	 r;

	if (jobspec_control(value) == NULL)
		return 0;
	where = ynode_where(node);
	xasprintf(&what, "%s: defaults.%s", where, key);
	r = jobspec_check_value(what, value, cause);
	free(what);
	free(where);
	return r;
}

/*
 * Adds one resource default to the list, its template variables expanded;
 * errors name its FILE:LINE:COL and key.
 */
static int
jobspec_config_resource(struct jobspec *js, const struct config *cfg,
    const char *const *keys, const char *key, const char *const *vars,
    char **cause)
{
	const struct ynode	*node;
	const char		*spelled;
	struct buf		 b = BUF_INIT;
	char			*where, *why = NULL, *label, *value;
	uint64_t		 secs;
	int			 r = -1;

	if ((node = jobspec_default(cfg, keys, &spelled)) == NULL) {
		/* qxub 3.x also read all but gpus at the top level. */
		if (strcmp(key, "ngpus") == 0 ||
		    (node = config_get(cfg, keys[0])) == NULL ||
		    node->type != YNODE_SCALAR)
			return 0;
		spelled = keys[0];
	}
	if ((value = config_expand(cfg, node, vars, cause)) == NULL)
		return -1;
	if (jobspec_config_value(node, spelled, value, cause) == -1) {
		free(value);
		return -1;
	}
	where = ynode_where(node);
	xasprintf(&label, "%s: defaults.%s", where, spelled);
	if (strcmp(key, "mem") == 0 || strcmp(key, "jobfs") == 0)
		r = jobspec_size(js, label, value, key, cause);
	else if (strcmp(key, "ncpus") == 0 || strcmp(key, "ngpus") == 0)
		r = jobspec_count(js, label, value, key, cause);
	else if (strcmp(key, "walltime") == 0) {
		if ((r = resource_parse_time(value, &secs, &why)) == 0) {
			resource_format_time(&b, secs);
			resource_set(&js->resources, key, b.data);
		} else
			xasprintf(cause, "%s: %s", label, why);
	} else {
		xasprintf(&why, "%s=%s", key, value);
		if ((r = resource_add_raw(&js->resources, why, cause)) == -1) {
			free(*cause);
			xasprintf(cause, "%s: '%s' is not a valid value",
			    label, value);
		}
	}
	free(why);
	free(label);
	free(where);
	free(value);
	buf_release(&b);
	return r;
}

/* Fills one unset string field from its defaults key, expanded. */
static int
jobspec_config_string(char **field, const struct config *cfg,
    const char *key, const char *const *vars, char **cause)
{
	const char		*keys[] = { key, NULL }, *spelled;
	const struct ynode	*node;

	if (*field != NULL ||
	    (node = jobspec_default(cfg, keys, &spelled)) == NULL)
		return 0;
	if ((*field = config_expand(cfg, node, vars, cause)) == NULL)
		return -1;
	if (jobspec_config_value(node, spelled, *field, cause) == -1) {
		free(*field);
		*field = NULL;
		return -1;
	}
	return 0;
}

/*
 * Expands the template variables of a value the command line (or an
 * alias) gave, with those of the configuration's defaults, so that
 * --out 'out-{user}.txt' means what defaults.out does.
 */
static int
jobspec_option_string(char **field, const char *option,
    const struct config *cfg, const char *const *vars, char **cause)
{
	char	*s, *why;

	if (*field == NULL)
		return 0;
	if ((s = config_expand_string(cfg, *field, vars, &why)) == NULL) {
		xasprintf(cause, "%s: %s", option, why);
		free(why);
		return -1;
	}
	free(*field);
	*field = s;
	return 0;
}

int
jobspec_apply_platform(struct jobspec *js, const struct config *cfg,
    char **cause)
{
	const char	*vars[] = { NULL };

	*cause = NULL;
	jobspec_drop_empty(&js->platform);
	return jobspec_config_string(&js->platform, cfg, "platform", vars,
	    cause);
}

int
jobspec_apply_config(struct jobspec *js, const struct config *cfg,
    char **cause)
{
	static const char *const	 mem[] = { "mem", "memory", NULL };
	static const char *const	 runtime[] = { "runtime", "walltime",
					    "time", NULL };
	static const char *const	 cpus[] = { "cpus", "ncpus", "threads",
					    NULL };
	static const char *const	 gpus[] = { "gpus", "ngpus", NULL };
	static const char *const	 disk[] = { "disk", "jobfs", NULL };
	static const char *const	 volumes[] = { "volumes", "storage",
					    NULL };
	const struct ynode		*list;
	const char			*vars[20], *project;
	struct passwd			*pw;
	char				 stamp[3][32], *name = NULL;
	char				*log_dir = NULL, *value;
	time_t				 now = time(NULL);
	struct tm			*tm = localtime(&now);
	size_t				 i;
	int				 n = 0, r = -1;

	*cause = NULL;
	/* The built-in template variables, as qxub 3.x names them. */
	strftime(stamp[0], sizeof stamp[0], "%Y%m%d_%H%M%S", tm);
	strftime(stamp[1], sizeof stamp[1], "%Y%m%d", tm);
	strftime(stamp[2], sizeof stamp[2], "%H%M%S", tm);
	pw = getpwuid(getuid());
	vars[n++] = "user";
	vars[n++] = pw != NULL ? pw->pw_name : "unknown";
	vars[n++] = "timestamp";
	vars[n++] = stamp[0];
	vars[n++] = "date";
	vars[n++] = stamp[1];
	vars[n++] = "time";
	vars[n++] = stamp[2];
	vars[n] = NULL;
	if (jobspec_config_string(&js->name, cfg, "name", vars, cause) == -1 ||
	    jobspec_config_string(&js->queue, cfg, "queue", vars, cause) ==
	    -1 || jobspec_config_string(&js->project, cfg, "project", vars,
	    cause) == -1)
		return -1;
	name = js->name != NULL ? xstrdup(js->name) : jobspec_default_name(js);
	project = js->project != NULL ? js->project : getenv("PROJECT");
	vars[n++] = "name";
	vars[n++] = name;
	vars[n++] = "queue";
	vars[n++] = js->queue != NULL ? js->queue : "";
	vars[n++] = "project";
	vars[n++] = project != NULL ? project : "";
	vars[n] = NULL;
	/*
	 * {log_dir}: --log-dir, else defaults.log_dir, else the directory of
	 * job directories.
	 */
	if (js->log_dir != NULL)
		log_dir = xstrdup(js->log_dir);
	else if (jobspec_config_string(&log_dir, cfg, "log_dir", vars,
	    cause) == -1)
		goto out;
	if (log_dir == NULL)
		log_dir = jobdir_root();
	vars[n++] = "log_dir";
	vars[n++] = log_dir;
	vars[n] = NULL;

	/* Resource defaults first, lowest: -l and the options replace them. */
	list = config_get(cfg, "defaults.resources");
	for (i = 0; list != NULL && list->type == YNODE_SEQ && i < list->n;
	    i++) {
		if ((value = config_expand(cfg, list->items[i], vars,
		    cause)) == NULL)
			goto out;
		if ((r = jobspec_config_value(list->items[i], "resources",
		    value, cause)) == 0)
			r = resource_add_raw(&js->resources, value, cause);
		free(value);
		if (r == -1)
			goto out;
	}
	r = -1;
	if (jobspec_config_resource(js, cfg, mem, "mem", vars, cause) == -1 ||
	    jobspec_config_resource(js, cfg, runtime, "walltime", vars,
	    cause) == -1 || jobspec_config_resource(js, cfg, cpus, "ncpus",
	    vars, cause) == -1 || jobspec_config_resource(js, cfg, gpus,
	    "ngpus", vars, cause) == -1 || jobspec_config_resource(js, cfg,
	    disk, "jobfs", vars, cause) == -1 || jobspec_config_resource(js,
	    cfg, volumes, "storage", vars, cause) == -1)
		goto out;
	if (jobspec_option_string(&js->out, "--out", cfg, vars, cause) == -1 ||
	    jobspec_option_string(&js->err, "--err", cfg, vars, cause) == -1 ||
	    jobspec_option_string(&js->joblog, "--joblog", cfg, vars,
	    cause) == -1) {
		r = -2;
		goto out;
	}
	if (js->out == NULL)
		js->out_from = "defaults.out";
	if (js->err == NULL)
		js->err_from = "defaults.err";
	if (jobspec_config_string(&js->out, cfg, "out", vars, cause) == -1 ||
	    jobspec_config_string(&js->err, cfg, "err", vars, cause) == -1 ||
	    jobspec_config_string(&js->joblog, cfg, "joblog",
	    vars, cause) == -1 || jobspec_config_string(&js->email, cfg,
	    "email", vars, cause) == -1 || jobspec_config_string(
	    &js->email_opts, cfg, "email_opts", vars, cause) == -1 ||
	    jobspec_config_string(&js->pe, cfg, "pe", vars, cause) == -1)
		goto out;
	r = 0;
out:
	free(name);
	free(log_dir);
	return r;
}

int
jobspec_check(struct jobspec *js, char **cause)
{
	*cause = NULL;
	if (jobspec_check_controls(js, cause) == -1 ||
	    jobspec_check_command(js, cause) == -1 ||
	    jobspec_check_ctx(js, cause) == -1 ||
	    jobspec_check_vars(js, cause) == -1)
		return -1;

	if (jobspec_resources(js, cause) == -1)
		return -1;
	if (js->array != NULL && jobspec_check_array(js->array) == -1) {
		xasprintf(cause, "--array: '%s' is not a range (like 1-10, "
		    "1-10:2 or 1-100%%5)", js->array);
		return -1;
	}
	return 0;
}

int
jobspec_resolve(struct jobspec *js, const char *cwd, char **cause)
{
	struct stat	 st;
	char		*name;

	if (jobspec_check(js, cause) == -1)
		return -1;
	jobspec_drop_empty(&js->joblog);
	jobspec_absolute(&js->joblog, cwd);

	jobspec_drop_empty(&js->execdir);
	if (js->execdir == NULL)
		js->execdir = xstrdup(cwd);
	jobspec_absolute(&js->execdir, cwd);
	if (!js->create_execdir) {
		if (stat(js->execdir, &st) == -1) {
			xasprintf(cause, "--execdir '%s': %s", js->execdir,
			    strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			xasprintf(cause, "--execdir '%s': not a directory",
			    js->execdir);
			return -1;
		}
	}
	jobspec_drop_empty(&js->out);
	jobspec_drop_empty(&js->err);
	jobspec_absolute(&js->out, cwd);
	jobspec_absolute(&js->err, cwd);
	if ((js->out != NULL && jobspec_check_stream(js->out_from != NULL ?
	    js->out_from : "--out", js->out, js->joblog, cause) == -1) ||
	    (js->err != NULL && jobspec_check_stream(js->err_from != NULL ?
	    js->err_from : "--err", js->err, js->joblog, cause) == -1))
		return -1;
	if (js->sif != NULL && strstr(js->sif, "://") == NULL)
		jobspec_absolute(&js->sif, cwd);

	jobspec_drop_empty(&js->name);
	if (js->name != NULL) {
		name = jobspec_sanitize_name(js->name);
		free(js->name);
		js->name = name;
	} else
		js->name = jobspec_default_name(js);
	return 0;
}
