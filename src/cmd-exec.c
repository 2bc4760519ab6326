/*
 * qxub exec: run a command as a job and behave like the command itself:
 * its output on our stdout and stderr, its exit code as ours.
 */
#include "autoconf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alias.h"
#include "buf.h"
#include "config.h"
#include "history.h"
#include "jobdir.h"
#include "jobscript.h"
#include "jobspec.h"
#include "log.h"
#include "options.h"
#include "platform.h"
#include "queue.h"
#include "quote.h"
#include "qxub.h"
#include "remote.h"
#include "resource.h"
#include "sched.h"
#include "watch.h"
#include "xmalloc.h"
#include "yaml.h"

#define EXEC_USAGE	"[options] [--] COMMAND [ARG...]"
#define INTERACTIVE_USAGE	"[options]"

static void
cmd_interactive_help(void)
{
	printf("usage: qxub interactive " INTERACTIVE_USAGE "\n\n"
	    "Starts an interactive job: a bash shell on a compute node, in "
	    "the context\nyou name (conda environment, modules or container) "
	    "and with the resources\nyou ask for, on this terminal (qsub -I "
	    "on PBS; on the local platform, here).\nOn a remote platform it "
	    "goes over ssh with a terminal (ssh -t).  It ends\nwhen the shell "
	    "does, with the shell's exit status.  It takes the options of\n"
	    "'qxub exec' but no command, --terse, --array, --out, --err or "
	    "--joblog.\n'qxi ARGS' is 'qxub interactive ARGS'.\n");
	options_help(stdout);
	printf("\nExit status: the shell's (qsub's on PBS); 2 usage error, 3 "
	    "configuration\nerror, 4 the scheduler could not be run, 6 a "
	    "remote platform's host cannot\nbe reached.\n");
}

static void
cmd_exec_help(void)
{
	printf("usage: qxub exec " EXEC_USAGE "\n"
	    "       qxub exec [options] --cmd 'SHELL SNIPPET'\n\n"
	    "Run COMMAND as a batch job in the context you name (conda "
	    "environment,\nmodules or container), stream its stdout and "
	    "stderr here as it runs,\nand exit with its exit code.  Ctrl-C "
	    "cancels the job.\n\n"
	    "Options stop at '--' or at the first word that is not an "
	    "option; that word\nand the rest reach the job unchanged.  A "
	    "single word holding white space\n(qxub exec -- 'make && make "
	    "install') is run by bash, like --cmd.\n");
	options_help(stdout);
	printf("\nExit status:\n"
	    "  the job's own exit code; 128+N when it was killed by signal N\n"
	    "  %-3d qxub failed to do its own work (cannot write files)\n"
	    "  %-3d usage error: bad option, value or combination\n"
	    "  %-3d configuration error, unknown platform; on a remote "
	    "platform also its\n      working_dir, conda_init or qxub "
	    "failing there\n"
	    "  %-3d the scheduler refused the job, could not be run or "
	    "did not answer\n"
	    "  %-3d the job was deleted before it ran\n"
	    "  %-3d ssh could not reach the host of a remote platform, or "
	    "lost it\n"
	    "  %-3d the scheduler killed the job at a limit (walltime, "
	    "memory, CPU time)\n"
	    "  %-3d the scheduler could not start or finish the job\n"
	    "  130 interrupted (SIGINT): the job was cancelled; "
	    "143 SIGTERM, 129 SIGHUP\n"
	    "  141 the reader of the standard output went away: the job "
	    "was cancelled\n"
	    "  %d-%d the job could not set up its context: execdir, no "
	    "conda,\n"
	    "      conda env, no module command, module load, no container "
	    "runtime,\n"
	    "      image missing, output files (see qxub(1))\n",
	    QXUB_EXIT_FAILURE, QXUB_EXIT_USAGE, QXUB_EXIT_CONFIG,
	    QXUB_EXIT_SUBMIT, QXUB_EXIT_DELETED, QXUB_EXIT_UNREACHABLE,
	    QXUB_EXIT_LIMIT,
	    QXUB_EXIT_NOSTART, JOB_EXIT_EXECDIR, JOB_EXIT_STREAMS);
}

/*
 * The history record of a job (kind "job"), a dry run ("dry-run") or a
 * run on a remote platform ("remote"): what was asked and where it went.
 */
static struct ynode *
cmd_exec_record(const char *kind, int argc, char **argv, const char *cwd,
    const struct jobspec *js)
{
	struct ynode	*rec = ynode_new(YNODE_MAP);
	char *const	 snippet[] = { "--cmd", js->snippet };
	char		 host[256];

	ynode_set_string(rec, "kind", kind);
	ynode_set_strings(rec, "args", argv + 1, argc > 0 ? argc - 1 : 0);
	if (js->snippet != NULL)
		ynode_set_strings(rec, "command", snippet, 2);
	else
		ynode_set_strings(rec, "command", js->argv.v, js->argv.n);
	ynode_set_string(rec, "cwd", cwd);
	if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = '\0';
		ynode_set_string(rec, "host", host);
	}
	ynode_set_string(rec, "name", js->name);
	ynode_set_string(rec, "platform", js->platform);
	ynode_set_string(rec, "context",
	    jobspec_ctx_name(jobspec_ctx(js)));
	ynode_set_string(rec, "env", js->env);
	ynode_set_strings(rec, "modules", js->mods.v, js->mods.n);
	ynode_set_string(rec, "sif", js->sif);
	ynode_set_string(rec, "queue", js->queue);
	ynode_set_string(rec, "project", js->project);
	ynode_set_strings(rec, "resources", js->resources.v,
	    js->resources.n);
	return rec;
}

/* Adds where a submitted job went and its files to rec, then appends it. */
static void
cmd_exec_record_job(struct ynode *rec, const struct sched *sched,
    const struct sched_job *job, const struct jobdir *jd)
{
	ynode_set_string(rec, "scheduler", sched->name);
	ynode_set_string(rec, "job_id", job->id);
	ynode_set_string(rec, "handle", job->handle);
	ynode_set_string(rec, "job_dir", jd->dir);
	ynode_set_string(rec, "out", jd->out);
	ynode_set_string(rec, "err", jd->err);
	ynode_set_string(rec, "log", jd->log);
	history_append(rec);
}

/* Prints what would be submitted (and the queue's note), creates nothing. */
static int
cmd_exec_dry_run(const struct sched *sched, const struct jobspec *js,
    const struct buf *note)
{
	struct jobdir	jd;
	struct buf	b = BUF_INIT;

	jobdir_plan(&jd, js);
	buf_addstr(&b, "Dry run - would execute: ");
	sched->describe(js, &jd, &b);
	buf_addch(&b, '\n');
	buf_add(&b, note->data, note->len);
	buf_addch(&b, '\n');
	jobscript_write(&b, sched, js, &jd);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
	jobdir_clear(&jd);
	if (fflush(stdout) == EOF) {
		log_error("cannot write to stdout: %s", strerror(errno));
		return QXUB_EXIT_FAILURE;
	}
	return 0;
}

/* Creates the job directory and writes the script; -1 after a message. */
static int
cmd_exec_write_job(const struct sched *sched, const struct jobspec *js,
    struct jobdir *jd)
{
	struct buf	 b = BUF_INIT;
	char		*cause = NULL;
	int		 r;

	if (jobdir_create(jd, js, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return -1;
	}
	jobscript_write(&b, sched, js, jd);
	r = jobdir_write_script(jd, b.data, b.len, &cause);
	buf_release(&b);
	if (r == -1) {
		log_error("%s", cause);
		free(cause);
		jobdir_remove(jd);
	}
	return r;
}

/* Writes the job directory and script and submits it; 0 or an exit code. */
static int
cmd_exec_submit(const struct sched *sched, const struct jobspec *js,
    struct jobdir *jd, struct sched_job *job)
{
	char	*cause = NULL;

	if (cmd_exec_write_job(sched, js, jd) == -1)
		return QXUB_EXIT_FAILURE;
	if (sched->submit(js, jd, job, &cause) == -1) {
		log_error("submit failed: %s", cause);
		free(cause);
		jobdir_remove(jd);
		return QXUB_EXIT_SUBMIT;
	}
	log_progress("submitted job %s (%s), files in %s", job->id,
	    sched->name, jd->dir);
	return 0;
}

/*
 * Reads a whole number, size or time of the resource list into *out;
 * -1 with *cause for a value a queue cannot be checked against (a raw
 * "-l mem=lots" or defaults.resources).
 */
static int
cmd_exec_request_value(const struct strv *res, const char *key, int kind,
    void *out, char **cause)
{
	const char	*v;
	char		*why = NULL;
	long long	 n;
	size_t		 i, k = strlen(key);
	int		 r = 0;

	for (i = 0; r == 0 && i < res->n; i++) {
		if (strncmp(res->v[i], key, k) != 0 || res->v[i][k] != '=')
			continue;
		v = res->v[i] + k + 1;
		if (kind == 'n') {
			if ((r = resource_parse_count(v, 100000000, &n,
			    &why)) == 0)
				*(long long *)out = n;
		} else if (kind == 's')
			r = resource_parse_size(v, out, &why);
		else
			r = resource_parse_time(v, out, &why);
	}
	if (r == -1) {
		xasprintf(cause, "resource %s: %s, so no queue can be chosen "
		    "or checked for it", res->v[i - 1], why);
		free(why);
	}
	return r;
}

/* Writes what the queue raised back into the resource list. */
static void
cmd_exec_request_apply(struct jobspec *js, const struct queue_request *old,
    const struct queue_request *req)
{
	struct buf	b = BUF_INIT;

	if (req->cpus != old->cpus && (old->cpus > 0 || req->cpus > 1)) {
		buf_addf(&b, "%lld", req->cpus);
		resource_set(&js->resources, "ncpus", b.data);
	}
	if (req->gpus != old->gpus) {
		buf_reset(&b);
		buf_addf(&b, "%lld", req->gpus);
		resource_set(&js->resources, "ngpus", b.data);
	}
	if (req->memory != old->memory) {
		buf_reset(&b);
		resource_format_size(&b, req->memory);
		resource_set(&js->resources, "mem", b.data);
	}
	buf_release(&b);
}

/*
 * On a platform with a definition file: chooses the queue (--queue auto,
 * or none given) or checks the one given against its limits, raises what
 * the queue needs with a warning, and says which and why (-v, and in
 * dry_run).  Returns 0, or -1 with *cause for a request the platform
 * refuses.
 */
static int
cmd_exec_queue(struct jobspec *js, const struct platform *p, struct buf *dry,
    char **cause)
{
	const struct platform_queue	*q, *other;
	struct queue_request		 req, old;
	struct strv			 notes = STRV_INIT;
	struct buf			 why = BUF_INIT, scratch = BUF_INIT;
	size_t				 i;
	int				 r = -1;

	memset(&req, 0, sizeof req);
	if (cmd_exec_request_value(&js->resources, "ncpus", 'n', &req.cpus,
	    cause) == -1 || cmd_exec_request_value(&js->resources, "ngpus",
	    'n', &req.gpus, cause) == -1 ||
	    cmd_exec_request_value(&js->resources, "mem", 's', &req.memory,
	    cause) == -1 || cmd_exec_request_value(&js->resources, "jobfs",
	    's', &req.disk, cause) == -1 ||
	    cmd_exec_request_value(&js->resources, "walltime", 't',
	    &req.walltime, cause) == -1)
		goto out;
	req.gpu_type = js->gpu_type;
	req.internet = js->internet;
	old = req;
	if (js->queue == NULL || strcmp(js->queue, "auto") == 0) {
		if ((q = queue_select(p, &req, &why)) == NULL) {
			xasprintf(cause, "no queue of platform %s takes the "
			    "request: %s", p->name, why.data);
			goto out;
		}
	} else if ((q = platform_queue(p, js->queue)) == NULL) {
		for (i = 0; i < p->nqueues; i++)
			buf_addf(&why, "%s%s", i > 0 ? ", " : "",
			    p->queues[i].name);
		xasprintf(cause, "--queue %s: platform %s has no such queue "
		    "(its queues: %s; or auto)", js->queue, p->name, why.data);
		goto out;
	} else {
		queue_adjust(q, &req, NULL);
		if (queue_check(q, &req, &notes) > 0) {
			for (i = 0; i < notes.n; i++)
				buf_addf(&why, "%s%s", i > 0 ? "; " : "",
				    notes.v[i]);
			req = old;
			buf_reset(&scratch);
			other = queue_select(p, &req, &scratch);
			xasprintf(cause, "queue %s of platform %s refuses the "
			    "request: %s%s%s%s", q->name, p->name, why.data,
			    other != NULL ? " (queue " : "", other != NULL ?
			    other->name : "", other != NULL ? " takes it)" :
			    "");
			goto out;
		}
		req = old;
		buf_addf(&why, "asked for with --queue");
	}
	strv_clear(&notes);
	queue_adjust(q, &req, &notes);
	for (i = 0; i < notes.n; i++)
		log_warn("%s", notes.v[i]);
	cmd_exec_request_apply(js, &old, &req);
	free(js->queue);
	js->queue = xstrdup(q->name);
	if (!js->quiet)
		log_debug(1, "queue %s of platform %s: %s; about %.2f SU",
		    q->name, p->name, why.data, queue_cost(q, &req));
	buf_addf(dry, "Queue %s of platform %s: %s; estimated cost %.2f SU "
	    "(%g SU per CPU-hour", q->name, p->name, why.data,
	    queue_cost(q, &req), q->su_billing_rate);
	if (queue_charged_cpus(q, &req) > (double)(req.cpus > 0 ? req.cpus :
	    1))
		buf_addf(dry, ", charged for %.2f cores: the memory's share "
		    "of a node", queue_charged_cpus(q, &req));
	buf_addstr(dry, ")\n");
	r = 0;
out:
	strv_clear(&notes);
	buf_release(&why);
	buf_release(&scratch);
	return r;
}

/*
 * The scheduler of the platform named with --platform or defaults.platform,
 * or of the one found on this machine.  A platform of the configuration
 * runs here, on the scheduler found here, unless it is remote (see
 * remote_load(); on its remote end it runs here too).
 */
static const struct sched *
cmd_exec_platform(const struct jobspec *js, const struct config *cfg,
    const struct platform *defined)
{
	const struct sched	*sched;
	const struct ynode	*def, *platforms;
	struct buf		 names = BUF_INIT;
	char			*why;
	size_t			 i;

	if (js->platform != NULL &&
	    (sched = sched_find(js->platform)) != NULL) {
		if (!js->quiet)
			log_debug(1, "platform %s", sched->name);
		return sched;
	}
	def = NULL;
	if (js->platform != NULL) {
		platforms = config_get(cfg, "platforms");
		def = ynode_get(platforms, js->platform);
		if (defined != NULL) {
			/* A platform of a definition file, by its type. */
			if ((sched = sched_find(platform_scheduler(defined))) ==
			    NULL ||
			    sched == &sched_local) {
				log_error("%s: platform '%s' is of type '%s', "
				    "which qxub cannot submit to (pbs_pro, "
				    "slurm and sge can)", defined->where, defined->name,
				    defined->type);
				return NULL;
			}
			if (!js->quiet)
				log_debug(1, "platform %s from %s, on %s",
				    js->platform, defined->where, sched->name);
			return sched;
		}
		if (def == NULL && remote_is_end()) {
			/* The remote end need not know its own name. */
			sched = sched_detect(&why);
			if (!js->quiet)
				log_debug(1, "platform %s (remote end): %s (%s)",
				    js->platform, sched->name, why);
			free(why);
			return sched;
		}
		if (def == NULL) {
			for (i = 0; i < sched_builtin_count; i++)
				buf_addf(&names, "%s%s", i > 0 ? ", " : "",
				    sched_builtin[i]->name);
			for (i = 0; platforms != NULL &&
			    platforms->type == YNODE_MAP &&
			    i < platforms->n; i++)
				buf_addf(&names, ", %s",
				    platforms->keys[i]->scalar);
			log_error("unknown platform '%s' (known: %s)",
			    js->platform, names.data);
			buf_release(&names);
			return NULL;
		}
	}
	sched = sched_detect(&why);
	if (!js->quiet && def != NULL)
		log_debug(1, "platform %s from the configuration, on %s (%s)",
		    js->platform, sched->name, why);
	else if (!js->quiet)
		log_debug(1, "platform %s (%s)", sched->name, why);
	free(why);
	return sched;
}

/*
 * Reads the configuration and applies the alias or shortcut, then finds
 * the platform; the rest of the defaults are left for the machine the job
 * runs on.  Returns 0 or an exit code.
 */
static int
cmd_exec_config(struct jobspec *js, const char *cwd, struct config *cfg)
{
	char	*cause = NULL;
	int	 r = 0;

	if (config_load(cfg, js->config != NULL ? js->config :
	    qxub_config_file(), cwd, &cause) == -1)
		r = QXUB_EXIT_CONFIG;
	else if ((r = alias_apply(js, cfg, &cause)) != 0)
		r = r == -2 ? QXUB_EXIT_USAGE : QXUB_EXIT_CONFIG;
	else if (jobspec_apply_platform(js, cfg, &cause) == -1)
		r = QXUB_EXIT_CONFIG;
	if (r != 0)
		log_error("%s", cause);
	free(cause);
	return r;
}

/*
 * Runs the checked job spec on a remote platform: the remote qxub gets the
 * options the spec holds (the alias and shortcut already applied), and
 * applies its own configuration's defaults there.  Returns the code to
 * exit with.
 */
static int
cmd_exec_remote(struct jobspec *js, struct remote *rem)
{
	struct strv	 args = STRV_INIT;
	int		 r;

	struct strv	 command = js->argv;

	/* qxub -v exec ...: the remote qxub is as verbose as this one. */
	js->verbose = log_verbose();
	rem->progress = !js->quiet && isatty(STDERR_FILENO);
	rem->job = 1;
	rem->tty = js->interactive;
	strv_push(&args, js->interactive ? "interactive" : "exec");
	/* The far end's interactive session makes its own shell command. */
	if (js->interactive)
		memset(&js->argv, 0, sizeof js->argv);
	options_serialize(js, &args);
	js->argv = command;
	r = remote_run(rem, strv_argv(&args), js->dry_run, NULL);
	strv_clear(&args);
	return r;
}

/* Refuses what the chosen platform cannot do, before anything is written. */
static int
cmd_exec_check_platform(const struct sched *sched, const struct jobspec *js,
    char **cause)
{
	if (!sched->batch && js->batch_option != NULL) {
		xasprintf(cause, "%s: the %s platform runs jobs on this "
		    "machine and cannot honour scheduler requests (choose a batch "
		    "platform, e.g. --platform pbs)", js->batch_option,
		    sched->name);
		return -1;
	}
	if (js->array != NULL && !js->terse && !js->dry_run) {
		*cause = xstrdup("--array: qxub cannot wait for array jobs "
		    "yet; add --terse to submit and print the job id");
		return -1;
	}
	return 0;
}

/*
 * Makes js an interactive session: no command of the user's (bash -i is
 * the command), and none of the options that only a batch job has.
 */
static int
cmd_exec_interactive(struct jobspec *js, char **cause)
{
	const char	*no = js->argv.n > 0 || js->snippet != NULL ? "command" :
	    js->terse ? "--terse" : js->array != NULL ? "--array" :
	    js->out != NULL ? "--out" : js->err != NULL ? "--err" :
	    js->joblog != NULL ? "--joblog" : NULL;

	if (no != NULL) {
		xasprintf(cause, "qxub interactive takes no %s: the session "
		    "is a shell on this terminal", no);
		return -1;
	}
	js->interactive = 1;
	if (js->name == NULL)
		js->name = xstrdup("interactive");
	strv_push(&js->argv, "bash");
	strv_push(&js->argv, "-i");
	return 0;
}

/*
 * Runs an interactive session: the job directory and script, the
 * history, then the scheduler's session on this terminal; its exit code.
 */
static int
cmd_exec_session(const struct sched *sched, const struct jobspec *js,
    struct jobdir *jd, int argc, char **argv, const char *cwd)
{
	struct ynode	*rec;
	char		*cause = NULL;
	int		 r;

	if (!isatty(STDIN_FILENO))
		log_warn("standard input is not a terminal; the session reads "
		    "it as it is");
	if (cmd_exec_write_job(sched, js, jd) == -1)
		return QXUB_EXIT_FAILURE;
	rec = cmd_exec_record("interactive", argc, argv, cwd, js);
	ynode_set_string(rec, "scheduler", sched->name);
	ynode_set_string(rec, "job_dir", jd->dir);
	history_append(rec);
	log_progress("interactive session on %s, files in %s", sched->name,
	    jd->dir);
	if ((r = sched->interactive(js, jd, &cause)) == -1) {
		log_error("cannot start the interactive session: %s", cause);
		free(cause);
		return QXUB_EXIT_SUBMIT;
	}
	return r;
}

static int
cmd_exec_exec(int argc, char **argv)
{
	struct jobspec		 js;
	struct jobdir		 jd;
	struct sched_job	 job;
	struct config		 cfg;
	struct remote		 rem;
	struct platform_set	 set = { NULL, 0 };
	const struct platform	*defined = NULL;
	struct buf		 note = BUF_INIT;
	const struct sched	*sched;
	char			 cwd[PATH_MAX], *cause = NULL;
	int			 r, interactive;

	interactive = argc > 0 && strcmp(argv[0], "interactive") == 0;
	memset(&js, 0, sizeof js);
	memset(&jd, 0, sizeof jd);
	memset(&job, 0, sizeof job);
	memset(&cfg, 0, sizeof cfg);
	memset(&rem, 0, sizeof rem);
	if ((r = options_parse(argc, argv, &js, &cause)) == 1) {
		if (interactive)
			cmd_interactive_help();
		else
			cmd_exec_help();
		jobspec_clear(&js);
		return 0;
	}
	if (r == -1 || (interactive && cmd_exec_interactive(&js, &cause) ==
	    -1))
		goto usage;
	log_set_verbose(log_verbose() + js.verbose);
	log_set_progress(!js.quiet && (isatty(STDERR_FILENO) ||
	    log_verbose() > 0 || remote_end_progress_on()));
	if (getcwd(cwd, sizeof cwd) == NULL) {
		log_error("cannot find the current directory: %s",
		    strerror(errno));
		r = QXUB_EXIT_FAILURE;
		goto out;
	}
	if ((r = cmd_exec_config(&js, cwd, &cfg)) != 0)
		goto out;
	if ((r = remote_load(&rem, &cfg, js.platform, &cause)) == -1) {
		log_error("%s", cause);
		r = QXUB_EXIT_CONFIG;
		goto out;
	}
	if (r == 1) {
		if (jobspec_check(&js, &cause) == -1)
			goto usage;
		r = cmd_exec_remote(&js, &rem);
		if (!js.dry_run) {
			struct ynode	*rec;
			char		 code[16];

			rec = cmd_exec_record("remote", argc, argv, cwd, &js);
			ynode_set_string(rec, "remote_host", rem.host);
			snprintf(code, sizeof code, "%d", r);
			ynode_set(rec, "exit_code", ynode_new_scalar(code, 1));
			history_append(rec);
		}
		goto out;
	}
	if ((r = jobspec_apply_config(&js, &cfg, &cause)) == -2)
		goto usage;
	if (r == -1) {
		log_error("%s", cause);
		r = QXUB_EXIT_CONFIG;
		goto out;
	}
	if (jobspec_resolve(&js, cwd, &cause) == -1)
		goto usage;

	/* A platform of a definition file (never a built-in's name). */
	if (js.platform != NULL && sched_find(js.platform) == NULL) {
		if (platform_load_all(&set, &cfg, &cause) == -1) {
			log_error("%s", cause);
			r = QXUB_EXIT_CONFIG;
			goto out;
		}
		if (platform_definition(&set, &cfg, js.platform, &defined,
		    &cause) == -1) {
			log_error("%s", cause);
			r = QXUB_EXIT_CONFIG;
			goto out;
		}
	}
	if ((sched = cmd_exec_platform(&js, &cfg, defined)) == NULL) {
		r = QXUB_EXIT_CONFIG;
		goto out;
	}
	if (cmd_exec_check_platform(sched, &js, &cause) == -1)
		goto usage;
	if (defined != NULL) {
		if (cmd_exec_queue(&js, defined, &note, &cause) == -1)
			goto usage;
	} else if (js.gpu_type != NULL || js.internet || (js.queue != NULL &&
	    strcmp(js.queue, "auto") == 0)) {
		xasprintf(&cause, "%s: choosing a queue needs a platform "
		    "definition file, and platform %s has none (see "
		    "qxub-platform(5))", js.gpu_type != NULL ? "--gpu-type" :
		    js.internet ? "--internet" : "--queue auto", sched->name);
		goto usage;
	}
	/* What the scheduler cannot take, the queue's changes included. */
	if (sched->check != NULL && sched->check(&js, &cause) == -1)
		goto usage;
	log_debug(2, "context %s, job name %s",
	    jobspec_ctx_name(jobspec_ctx(&js)), js.name);
	if (js.dry_run) {
		r = cmd_exec_dry_run(sched, &js, &note);
		if (r == 0) {
			struct ynode	*rec;

			rec = cmd_exec_record("dry-run", argc, argv, cwd, &js);
			ynode_set_string(rec, "scheduler", sched->name);
			history_append(rec);
		}
		goto out;
	}

	if (js.interactive) {
		r = cmd_exec_session(sched, &js, &jd, argc, argv, cwd);
		goto out;
	}
	watch_signals();
	/* Over ssh, the end of stdin means the user's side has gone. */
	if (remote_is_end())
		watch_eof_hangup(STDIN_FILENO);
	if ((r = cmd_exec_submit(sched, &js, &jd, &job)) != 0)
		goto out;
	cmd_exec_record_job(cmd_exec_record("job", argc, argv, cwd, &js),
	    sched, &job, &jd);
	if (js.terse) {
		printf("%s\n", job.id);
		r = fflush(stdout) == EOF ? QXUB_EXIT_FAILURE : 0;
		goto out;
	}
	r = watch_job(sched, &job, &jd);
	history_end(job.id, r, watch_cancelled() ? "cancelled" :
	    "finished");
	goto out;

usage:
	log_error("%s", cause);
	fprintf(stderr, "Try 'qxub %s --help' for more information.\n",
	    interactive ? "interactive" : "exec");
	r = QXUB_EXIT_USAGE;
out:
	free(cause);
	sched_job_clear(&job);
	jobdir_clear(&jd);
	jobspec_clear(&js);
	remote_clear(&rem);
	platform_set_free(&set);
	buf_release(&note);
	config_free(&cfg);
	return r;
}

const struct cmd_entry	cmd_interactive_entry = {
	.name = "interactive",
	.usage = INTERACTIVE_USAGE,
	.summary = "an interactive job on this terminal (qxi)",
	.exec = cmd_exec_exec,
	.help = cmd_interactive_help,
	.options = options_complete,
};

const struct cmd_entry	cmd_exec_entry = {
	.name = "exec",
	.usage = EXEC_USAGE,
	.summary = "run a command as a batch job and wait for it",
	.exec = cmd_exec_exec,
	.help = cmd_exec_help,
	.options = options_complete,
};
