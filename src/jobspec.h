/*
 * The job spec: everything the command line says about one job, before any
 * file is written or scheduler asked.
 */
#ifndef JOBSPEC_H
#define JOBSPEC_H

#include <stddef.h>

#include "strv.h"

enum jobspec_ctx {
	CTX_DEFAULT,		/* the command as it is */
	CTX_CONDA,		/* --env */
	CTX_MODULES,		/* --mod/--mods */
	/* --env with --mod/--mods: modules load first */
	CTX_CONDA_MODULES,
	CTX_CONTAINER,		/* --sif */
};

struct jobspec {
	struct strv	 argv;		/* the command, word for word */
	/* or a bash snippet (--cmd, one spaced word) */
	char		*snippet;

	char		*env;		/* conda environment */
	struct strv	 mods;		/* modules, in load order */
	char		*sif;		/* container image */
	struct strv	 binds;		/* container bind specs */
	int		 default_ctx;	/* --default given */

	char		*pre;		/* snippet run before the command */
	char		*post;		/* snippet run after it succeeded */
	struct strv	 vars;		/* NAME=VALUE exported into the job */

	char		*execdir;	/* absolute once resolved */
	int		 create_execdir;
	/* stdout file; NULL: the job directory's */
	char		*out;
	/* stderr file; NULL: the job directory's */
	char		*err;
	/* where out and err came from, for messages: "--out", "defaults.out" */
	const char	*out_from;
	const char	*err_from;
	char		*name;		/* job name, sanitized once resolved */
	char		*platform;	/* platform name; NULL: the default */
	char		*config;	/* --config FILE given to exec */
	char		*alias;		/* --alias NAME */
	char		*shortcut;	/* --shortcut NAME */
	char		*log_dir;	/* --log-dir DIR: {log_dir} */

	/* Requests for a batch scheduler, as typed (PBS spellings). */
	char		*queue;
	char		*project;
	char		*mem;
	char		*runtime;
	char		*cpus;
	char		*gpus;
	char		*gpu_type;	/* for choosing a queue */
	int		 internet;	/* a queue with internet access */
	char		*disk;
	char		*volumes;
	struct strv	 raw_resources;	/* -l values */
	struct strv	 sbatch;	/* --sbatch: sbatch options as given */
	struct strv	 sge;		/* --sge: qsub options, split at blanks */
	char		*pe;		/* --pe: Grid Engine parallel environment */
	char		*array;
	char		*email;
	char		*email_opts;
	char		*joblog;
	/* the first of these given, as spelled */
	char		*batch_option;
	struct strv	 resources;	/* resolved: key=value, each key once */

	int		 dry_run;
	int		 interactive;	/* qxub interactive: on the terminal */
	int		 terse;
	int		 quiet;
	int		 verbose;
};

struct config;

/* Frees everything the spec holds and zeroes it. */
void		 jobspec_clear(struct jobspec *js);
/* The context the options ask for. */
enum jobspec_ctx jobspec_ctx(const struct jobspec *js);
/* A human name for a context ("conda", "modules", ...). */
const char	*jobspec_ctx_name(enum jobspec_ctx ctx);
/*
 * Checks the spec for contradictions and bad values that do not depend on
 * the machine the job runs on: control characters in what reaches the
 * scheduler, the command (a single spaced word becomes a snippet), the
 * context, --var (NAME alone takes its value from here), resources,
 * --array.  Returns -1 with *cause on bad input.
 */
int		 jobspec_check(struct jobspec *js, char **cause);
/*
 * jobspec_check(), then fills in what the user left out on this machine
 * (execdir, name) and checks paths; returns -1 with *cause on bad input.
 */
int		 jobspec_resolve(struct jobspec *js, const char *cwd,
		    char **cause);
/*
 * Fills what the command line left unset from the configuration's
 * defaults, template variables expanded; resource defaults go first into
 * the resource list, so -l and the resource options replace them.
 * Returns -1 with *cause (naming FILE:LINE:COL) on a bad value; -2 with
 * *cause (naming the option) on a bad template in --out, --err or
 * --joblog, which get the same variables.
 */
int		 jobspec_apply_config(struct jobspec *js,
		    const struct config *cfg, char **cause);
/*
 * Sets the platform from defaults.platform when neither the command line
 * nor an alias named one; -1 with *cause on a bad template.
 */
int		 jobspec_apply_platform(struct jobspec *js,
		    const struct config *cfg, char **cause);
/*
 * The first control character (0x01-0x1f or DEL) of s, or NULL: no value
 * that reaches a scheduler may hold one.
 */
const char	*jobspec_control(const char *s);
/*
 * Refuses a control character in s (NULL is fine): -1 with *cause
 * "WHAT: control character (\n) not allowed", the byte escaped.
 */
int		 jobspec_check_value(const char *what, const char *s,
		    char **cause);
/*
 * The option of the jobspec field at offset field when its value reaches
 * a scheduler (a directive or a word of its command), else NULL.
 */
const char	*jobspec_scheduler_field(size_t field);
/*
 * Refuses a control character in every value that reaches a scheduler,
 * each named by its option; jobspec_check() does this first.  Returns -1
 * with *cause.
 */
int		 jobspec_check_controls(const struct jobspec *js,
		    char **cause);
/* Turns s into a job name schedulers accept; returns a heap string. */
char		*jobspec_sanitize_name(const char *s);
/* Checks that s is NAME=VALUE or NAME with NAME a shell identifier. */
int		 jobspec_valid_var(const char *s);

#endif /* JOBSPEC_H */
