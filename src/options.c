/* The exec option table and its parser. */
#include "autoconf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jobspec.h"
#include "options.h"
#include "xmalloc.h"
#include "yaml.h"

#define G_CMD	"Command"
#define G_CTX	"Context (one kind; --env may go with --mod/--mods)"
#define G_JOB	"Job"
#define G_OUT	"Output"
#define G_RES	"Scheduler requests (batch platforms such as pbs)"
#define G_LATER	"Known qxub 3.x options that are not available yet"

#define CFG	"configuration files"

#define F(x)	offsetof(struct jobspec, x)

const struct opt options_table[] = {
	{ { "cmd" }, 0, ARG_STRING, F(snippet), "STRING", NULL, G_CMD,
	  "run STRING with bash instead of a command after '--'",
	  NULL, 0, NULL, 0 },
	{ { "pre" }, 0, ARG_STRING, F(pre), "STRING", NULL, G_CMD,
	  "bash snippet run before the command; if it fails the job "
	  "ends with its code", NULL, 0, NULL, 0 },
	{ { "post" }, 0, ARG_STRING, F(post), "STRING", NULL, G_CMD,
	  "bash snippet run after the command succeeded; its code "
	  "becomes the job's", NULL, 0, NULL, 0 },

	{ { "env" }, 0, ARG_STRING, F(env), "NAME", "conda-env", G_CTX,
	  "activate conda environment NAME", NULL, 0, NULL, 0 },
	{ { "mod", "module" }, 0, ARG_LIST, F(mods), "MODULE", "module",
	  G_CTX, "load an environment module (repeatable)", NULL, 0, NULL, 0 },
	{ { "mods", "modules" }, 0, ARG_WORDS, F(mods), "LIST", "module",
	  G_CTX, "load modules given as one comma or space separated list",
	  NULL, 0, NULL, 0 },
	{ { "sif", "container" }, 0, ARG_STRING, F(sif), "IMAGE", "file",
	  G_CTX, "run inside an Apptainer/Singularity image (apptainer if "
	  "present, else singularity)", NULL, 0, NULL, 0 },
	{ { "bind" }, 0, ARG_LIST, F(binds), "SPEC", "dir", G_CTX,
	  "bind path into the container, SRC[:DEST[:OPTS]] (repeatable)",
	  NULL, 0, NULL, 0 },
	{ { "default" }, 0, ARG_FLAG, F(default_ctx), NULL, NULL, G_CTX,
	  "no context: run the command as it is (the default)", NULL, 0, NULL, 0 },

	{ { "name" }, 'N', ARG_STRING, F(name), "NAME", NULL, G_JOB,
	  "job name (default: the command's name)", NULL, 0, NULL, 0 },
	{ { "execdir" }, 0, ARG_STRING, F(execdir), "DIR", "dir", G_JOB,
	  "directory the job runs in (default: the current one)",
	  NULL, 0, NULL, 0 },
	{ { "create-execdir" }, 0, ARG_FLAG, F(create_execdir), NULL, NULL,
	  G_JOB, "create --execdir in the job if it does not exist",
	  NULL, 0, NULL, 0 },
	{ { "out" }, 0, ARG_STRING, F(out), "FILE", "file", G_JOB,
	  "write the job's stdout to FILE (default: in its job directory)",
	  NULL, 0, NULL, 0 },
	{ { "err" }, 0, ARG_STRING, F(err), "FILE", "file", G_JOB,
	  "write the job's stderr to FILE (default: in its job directory)",
	  NULL, 0, NULL, 0 },
	{ { "var", "vars" }, 0, ARG_LIST, F(vars), "NAME[=VALUE]", "var",
	  G_JOB, "export NAME=VALUE into the job; NAME alone passes its "
	  "current value (repeatable)", NULL, 0, NULL, 0 },
	{ { "platform" }, 0, ARG_STRING, F(platform), "NAME", "platform",
	  G_JOB, "platform to run on: local, pbs, slurm, or one from the "
	  "configuration (default: defaults.platform, else found)",
	  NULL, 0, NULL, 0 },
	{ { "alias" }, 0, ARG_STRING, F(alias), "NAME", "alias", G_JOB,
	  "apply the options of alias NAME from the configuration", NULL,
	  0, NULL, 1 },
	{ { "shortcut" }, 0, ARG_STRING, F(shortcut), "NAME", "shortcut",
	  G_JOB, "apply shortcut NAME (default: the one whose key starts "
	  "the command, when no context is given)", NULL, 0, NULL, 1 },
	{ { "log-dir" }, 0, ARG_STRING, F(log_dir), "DIR", "dir", G_JOB,
	  "the value of {log_dir} in configured paths (default: "
	  "defaults.log_dir)", NULL, 0, NULL, 0 },
	{ { "config" }, 0, ARG_STRING, F(config), "FILE", "file", G_JOB,
	  "configuration file merged over all others (as qxub --config)",
	  NULL, 0, NULL, 1 },

	{ { "dry-run", "dry" }, 0, ARG_FLAG, F(dry_run), NULL, NULL, G_OUT,
	  "print the submit command and job script; submit nothing",
	  NULL, 0, NULL, 0 },
	{ { "terse" }, 0, ARG_FLAG, F(terse), NULL, NULL, G_OUT,
	  "print the job id on stdout and return without waiting",
	  NULL, 0, NULL, 0 },
	{ { "quiet" }, 0, ARG_FLAG, F(quiet), NULL, NULL, G_OUT,
	  "no progress lines, even with -v", NULL, 0, NULL, 0 },
	{ { "verbose" }, 'v', ARG_COUNT, F(verbose), NULL, NULL, G_OUT,
	  "show progress and details on stderr (repeat for more)",
	  NULL, 0, NULL, 0 },
	{ { "help" }, 'h', ARG_HELP, 0, NULL, NULL, G_OUT,
	  "show this help", NULL, 0, NULL, 0 },

	{ { "queue" }, 'q', ARG_STRING, F(queue), "QUEUE", "queue", G_RES,
	  "queue to submit to (default: the server's)", NULL, 1, NULL, 0 },
	{ { "project" }, 'P', ARG_STRING, F(project), "PROJECT", NULL, G_RES,
	  "project to charge (default: $PROJECT when set)", NULL, 1, NULL, 0 },
	{ { "mem", "memory" }, 0, ARG_STRING, F(mem), "SIZE", NULL, G_RES,
	  "memory: 16GB, 16g, 512MB, 1.5GB, or a number of megabytes",
	  NULL, 1, "mem", 0 },
	{ { "runtime", "time" }, 0, ARG_STRING, F(runtime), "TIME", NULL,
	  G_RES, "walltime: 2h30m, 90m, 1:30:00, 1:30, or a number of "
	  "minutes", NULL, 1, "walltime", 0 },
	{ { "cpus", "threads" }, 0, ARG_STRING, F(cpus), "N", NULL, G_RES,
	  "CPU cores (ncpus)", NULL, 1, "ncpus", 0 },
	{ { "gpus" }, 0, ARG_STRING, F(gpus), "N", NULL, G_RES,
	  "GPUs (ngpus)", NULL, 1, "ngpus", 0 },
	{ { "disk", "jobfs" }, 0, ARG_STRING, F(disk), "SIZE", NULL, G_RES,
	  "node-local disk (jobfs), sized like --mem", NULL, 1, "jobfs", 0 },
	{ { "volumes", "storage" }, 0, ARG_STRING, F(volumes), "LIST", NULL,
	  G_RES, "storage to mount, e.g. gdata/a56+scratch/a56",
	  NULL, 1, "storage", 0 },
	{ { "resources" }, 'l', ARG_LIST, F(raw_resources), "RES", NULL,
	  G_RES, "raw PBS request, e.g. mem=4GB,ncpus=2 (repeatable; the "
	  "options above win over it)", NULL, 1, NULL, 0 },
	{ { "sbatch" }, 0, ARG_LIST, F(sbatch), "OPTION", NULL, G_RES,
	  "an sbatch option passed as it is on Slurm, e.g. "
	  "--sbatch=--constraint=skylake (repeatable)", NULL, 1, NULL, 0 },
	{ { "sge" }, 0, ARG_LIST, F(sge), "OPTIONS", NULL, G_RES,
	  "qsub options passed on Grid Engine, split at blanks, e.g. "
	  "--sge '-l gpu=1' (repeatable)", NULL, 1, NULL, 0 },
	{ { "pe" }, 0, ARG_STRING, F(pe), "NAME", NULL, G_RES,
	  "the Grid Engine parallel environment --cpus asks slots of "
	  "(default smp)", NULL, 1, NULL, 0 },
	{ { "gpu-type" }, 0, ARG_STRING, F(gpu_type), "TYPE", "gpu-type", G_RES,
	  "GPU model (gpu_type of the platform's queues), for choosing a "
	  "queue", NULL, 1, NULL, 0 },
	{ { "internet" }, 0, ARG_FLAG, F(internet), NULL, NULL, G_RES,
	  "choose a queue with internet access (internet_connectivity)",
	  NULL, 1, NULL, 0 },
	{ { "array" }, 0, ARG_STRING, F(array), "RANGE", NULL, G_RES,
	  "array job over RANGE, e.g. 1-10 (PBS -J)", NULL, 1, NULL, 0 },
	{ { "email" }, 0, ARG_STRING, F(email), "ADDRESS", NULL, G_RES,
	  "mail the scheduler's notices about the job to ADDRESS",
	  NULL, 1, NULL, 0 },
	{ { "email-opts" }, 0, ARG_STRING, F(email_opts), "FLAGS", NULL,
	  G_RES, "when to mail, PBS -m letters (default with --email: ae)",
	  NULL, 1, NULL, 0 },
	{ { "joblog" }, 0, ARG_STRING, F(joblog), "FILE", "file", G_RES,
	  "the scheduler's log of the job (default: log in its job "
	  "directory)", NULL, 1, NULL, 0 },

	{ { "template" }, 0, ARG_STRING, 0, "FILE", "file", G_LATER,
	  "custom job script template", CFG, 0, NULL, 0 },
};
const size_t	options_count = sizeof options_table / sizeof options_table[0];

const struct opt *
options_find_long(const char *name)
{
	size_t	i, j;

	for (i = 0; i < options_count; i++) {
		for (j = 0; j < 3 && options_table[i].names[j] != NULL; j++) {
			if (strcmp(options_table[i].names[j], name) == 0)
				return &options_table[i];
		}
	}
	return NULL;
}

const struct opt *
options_find_short(int c)
{
	size_t	i;

	for (i = 0; i < options_count; i++) {
		if (options_table[i].shortname == c)
			return &options_table[i];
	}
	return NULL;
}

/* Splits a --mods value on commas and white space. */
static void
options_split_words(struct strv *sv, const char *value)
{
	const char	*sep = ", \t\n";
	size_t		 n;

	while (*value != '\0') {
		value += strspn(value, sep);
		n = strcspn(value, sep);
		if (n == 0)
			break;
		strv_pushf(sv, "%.*s", (int)n, value);
		value += n;
	}
}

/*
 * Stores one parsed option in its jobspec field; spelled is how the user
 * wrote it.  Returns 1 for --help, -1 with *cause for an option that is
 * not available yet.
 */
static int
options_apply(const struct opt *o, const char *spelled, const char *value,
    struct jobspec *js, char **cause)
{
	void	*field = (char *)js + o->field;

	if (o->later != NULL) {
		xasprintf(cause, "option '%s' is not available yet (it comes "
		    "with %s)", spelled, o->later);
		return -1;
	}
	if (o->batch && js->batch_option == NULL)
		js->batch_option = xstrdup(spelled);
	switch (o->arg) {
	case ARG_FLAG:
		*(int *)field = 1;
		break;
	case ARG_COUNT:
		(*(int *)field)++;
		break;
	case ARG_STRING:
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		break;
	case ARG_LIST:
		strv_push(field, value);
		break;
	case ARG_WORDS:
		options_split_words(field, value);
		break;
	case ARG_HELP:
		return 1;
	}
	return 0;
}

/* True when the raw request (a -l value, a comma list) sets key. */
static int
options_requests(const char *request, const char *key)
{
	size_t	n = strlen(key);

	for (;;) {
		if (strncmp(request, key, n) == 0 && request[n] == '=')
			return 1;
		if ((request = strchr(request, ',')) == NULL)
			return 0;
		request++;
	}
}

/*
 * Refuses a control character in a configured value (a scalar, or the
 * scalars of a list) of an option whose value reaches the scheduler.
 */
static int
options_check_default(const struct opt *o, const char *name,
    const struct ynode *value, char **cause)
{
	char	*what;
	size_t	 i;
	int	 r = 0;

	if (o->arg == ARG_FLAG || o->arg == ARG_COUNT ||
	    jobspec_scheduler_field(o->field) == NULL)
		return 0;
	xasprintf(&what, "'%s'", name);
	if (value->type == YNODE_SCALAR)
		r = jobspec_check_value(what, value->scalar, cause);
	for (i = 0; r == 0 && value->type == YNODE_SEQ && i < value->n; i++) {
		if (value->items[i]->type == YNODE_SCALAR)
			r = jobspec_check_value(what,
			    value->items[i]->scalar, cause);
	}
	free(what);
	return r;
}

int
options_set_default(struct jobspec *js, const char *name,
    const struct ynode *value, char **cause)
{
	const struct opt	*o = options_find_long(name);
	void			*field;
	size_t			 i;
	int			 on;

	if (o == NULL || o->arg == ARG_HELP) {
		xasprintf(cause, "'%s' is not an option of qxub exec", name);
		return -1;
	}
	if (o->later != NULL) {
		xasprintf(cause, "'%s' is not available yet (it comes with %s)",
		    name, o->later);
		return -1;
	}
	field = (char *)js + o->field;
	if (options_check_default(o, name, value, cause) == -1)
		return -1;
	/* A -l request of the command line wins as well. */
	for (i = 0; o->resource != NULL && i < js->raw_resources.n; i++) {
		if (options_requests(js->raw_resources.v[i], o->resource))
			return 0;
	}
	switch (o->arg) {
	case ARG_FLAG:
	case ARG_COUNT:
		if (!ynode_bool(value, &on)) {
			xasprintf(cause, "'%s' must be true or false", name);
			return -1;
		}
		if (on && *(int *)field == 0)
			*(int *)field = 1;
		return 0;
	case ARG_STRING:
		if (value->type != YNODE_SCALAR) {
			xasprintf(cause, "'%s' must be a string", name);
			return -1;
		}
		if (*(char **)field == NULL)
			*(char **)field = xstrdup(value->scalar);
		return 0;
	default:
		if (((struct strv *)field)->n > 0)
			return 0;
		if (value->type == YNODE_SCALAR) {
			if (o->arg == ARG_WORDS)
				options_split_words(field, value->scalar);
			else
				strv_push(field, value->scalar);
			return 0;
		}
		for (i = 0; value->type == YNODE_SEQ && i < value->n; i++) {
			if (value->items[i]->type != YNODE_SCALAR)
				break;
			strv_push(field, value->items[i]->scalar);
		}
		if (value->type != YNODE_SEQ || i < value->n) {
			xasprintf(cause, "'%s' must be a string or a list of "
			    "strings", name);
			return -1;
		}
		return 0;
	}
}

/* Parses one "--name[=value]" word; *i moves past a separate value. */
static int
options_parse_long(int argc, char **argv, int *i, struct jobspec *js,
    char **cause)
{
	const struct opt	*o;
	const char		*word = argv[*i], *eq, *value = NULL;
	char			*name, *spelled;
	int			 r;

	eq = strchr(word + 2, '=');
	name = eq != NULL ? xstrndup(word + 2, eq - word - 2) :
	    xstrdup(word + 2);
	xasprintf(&spelled, "--%s", name);
	r = -1;
	if ((o = options_find_long(name)) == NULL) {
		xasprintf(cause, "unknown option '%s'", spelled);
		goto out;
	}
	if (o->arg == ARG_FLAG || o->arg == ARG_COUNT || o->arg == ARG_HELP) {
		if (eq != NULL) {
			xasprintf(cause, "option '%s' takes no value",
			    spelled);
			goto out;
		}
	} else if (eq != NULL)
		value = eq + 1;
	else if (*i + 1 < argc)
		value = argv[++*i];
	else {
		xasprintf(cause, "option '%s' needs a value (%s)", spelled,
		    o->metavar);
		goto out;
	}
	r = options_apply(o, spelled, value, js, cause);
out:
	free(spelled);
	free(name);
	return r;
}

/* Parses one "-abc" cluster of short options; a value may be attached. */
static int
options_parse_short(int argc, char **argv, int *i, struct jobspec *js,
    char **cause)
{
	const struct opt	*o;
	const char		*p, *value;
	char			 spelled[3] = "-?";
	int			 r;

	for (p = argv[*i] + 1; *p != '\0'; p++) {
		spelled[1] = *p;
		if ((o = options_find_short((unsigned char)*p)) == NULL) {
			xasprintf(cause, "unknown option '%s'", spelled);
			return -1;
		}
		value = NULL;
		if (o->arg == ARG_STRING || o->arg == ARG_LIST ||
		    o->arg == ARG_WORDS) {
			if (p[1] != '\0')
				value = p + 1;
			else if (*i + 1 < argc)
				value = argv[++*i];
			else {
				xasprintf(cause, "option '%s' needs a value "
				    "(%s)", spelled, o->metavar);
				return -1;
			}
		}
		if ((r = options_apply(o, spelled, value, js, cause)) != 0)
			return r;
		if (value != NULL)
			break;
	}
	return 0;
}

int
options_parse(int argc, char **argv, struct jobspec *js, char **cause)
{
	int	i, r, help = 0;

	*cause = NULL;
	for (i = 1; i < argc; i++) {
		const char	*a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (a[1] == '-')
			r = options_parse_long(argc, argv, &i, js, cause);
		else
			r = options_parse_short(argc, argv, &i, js, cause);
		if (r == -1)
			return -1;
		if (r == 1)
			help = 1;
	}
	for (; i < argc; i++)
		strv_push(&js->argv, argv[i]);
	return help;
}

/* True when an entry before o stores into the same field (--mods after --mod). */
static int
options_shares_field(const struct opt *o)
{
	const struct opt	*p;

	for (p = options_table; p < o; p++) {
		if (p->later == NULL && p->arg != ARG_HELP &&
		    p->field == o->field)
			return 1;
	}
	return 0;
}

void
options_serialize(const struct jobspec *js, struct strv *out)
{
	const struct opt	*o;
	const void		*field;
	const struct strv	*sv;
	char			*name;
	size_t			 i;
	int			 n;

	for (o = options_table; o < options_table + options_count; o++) {
		if (o->later != NULL || o->arg == ARG_HELP || o->local ||
		    options_shares_field(o))
			continue;
		field = (const char *)js + o->field;
		xasprintf(&name, "--%s", o->names[0]);
		switch (o->arg) {
		case ARG_FLAG:
		case ARG_COUNT:
			for (n = *(const int *)field; n > 0; n--) {
				strv_push(out, name);
				if (o->arg == ARG_FLAG)
					break;
			}
			break;
		case ARG_STRING:
			if (*(char *const *)field != NULL) {
				strv_push(out, name);
				strv_push(out, *(char *const *)field);
			}
			break;
		case ARG_LIST:
		case ARG_WORDS:
			/* One word a value: a list entry comes first. */
			sv = field;
			for (i = 0; i < sv->n; i++) {
				strv_push(out, name);
				strv_push(out, sv->v[i]);
			}
			break;
		case ARG_HELP:
			break;
		}
		free(name);
	}
	if (js->argv.n > 0) {
		strv_push(out, "--");
		strv_pushv(out, js->argv.v);
	}
}

/* Formats the spellings of one option as they appear in --help. */
static void
options_spelling(const struct opt *o, struct buf *b)
{
	size_t	j;

	if (o->shortname != 0)
		buf_addf(b, "-%c, ", o->shortname);
	for (j = 0; j < 3 && o->names[j] != NULL; j++)
		buf_addf(b, "%s--%s", j > 0 ? ", " : "", o->names[j]);
	if (o->metavar != NULL)
		buf_addf(b, " %s", o->metavar);
}

/* Prints text from column indent, wrapped before column 80. */
static void
options_wrap(FILE *fp, const char *text, int col, int indent)
{
	size_t	n;

	while (*text != '\0') {
		n = strcspn(text, " ");
		if (col > indent && col + 1 + (int)n > 79) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", (int)n, text);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', fp);
}

void
options_help(FILE *fp)
{
	const char	*group = NULL;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < options_count; i++) {
		const struct opt	*o = &options_table[i];

		if (group == NULL || strcmp(group, o->group) != 0) {
			group = o->group;
			fprintf(fp, "\n%s:\n", group);
		}
		buf_reset(&b);
		options_spelling(o, &b);
		if (b.len <= 26)
			fprintf(fp, "  %-26s  ", b.data);
		else
			fprintf(fp, "  %s\n%30s", b.data, "");
		options_wrap(fp, o->help, 30, 30);
	}
	buf_release(&b);
}

void
options_complete(FILE *fp)
{
	const char	*kind;
	size_t		 i, j;

	for (i = 0; i < options_count; i++) {
		const struct opt	*o = &options_table[i];

		/* Not yet available; help is every command's, said already. */
		if (o->later != NULL || o->arg == ARG_HELP)
			continue;
		if (o->metavar == NULL)
			kind = "-";
		else
			kind = o->complete != NULL ? o->complete : "value";
		if (o->shortname != 0)
			fprintf(fp, "-%c\t%s\t%s\n", o->shortname, kind,
			    o->help);
		for (j = 0; j < 3 && o->names[j] != NULL; j++)
			fprintf(fp, "--%s\t%s\t%s\n", o->names[j], kind,
			    o->help);
	}
}
