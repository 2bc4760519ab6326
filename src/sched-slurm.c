/*
 * The Slurm scheduler: the job's requests are #SBATCH lines of its script,
 * submitted with `sbatch --parsable`; squeue is asked about every watched
 * job at once, and for those that ended sacct (when accounting is on) or
 * scontrol gives the exit code.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "jobdir.h"
#include "jobspec.h"
#include "quote.h"
#include "qxub.h"
#include "resource.h"
#include "sched.h"
#include "slurm.h"
#include "spawn.h"
#include "strv.h"
#include "xmalloc.h"

/* A size for Slurm, in whole megabytes rounded up ("16384M"). */
static int
slurm_size(struct strv *out, const char *opt, const char *value,
    char **cause)
{
	uint64_t	bytes;

	if (resource_parse_size(value, &bytes, cause) == -1)
		return -1;
	strv_pushf(out, "--%s=%lluM", opt, (unsigned long long)((bytes +
	    (1ULL << 20) - 1) >> 20));
	return 0;
}

/* --mail-type from PBS's -m letters (a abort, b begin, e end, n none). */
static int
slurm_mail_type(struct strv *out, const char *letters, char **cause)
{
	struct buf	b = BUF_INIT;
	const char	*p;

	for (p = letters; *p != '\0'; p++) {
		switch (*p) {
		case 'a':
			buf_addf(&b, "%sFAIL", b.len > 0 ? "," : "");
			break;
		case 'b':
			buf_addf(&b, "%sBEGIN", b.len > 0 ? "," : "");
			break;
		case 'e':
			buf_addf(&b, "%sEND", b.len > 0 ? "," : "");
			break;
		case 'n':
			buf_addf(&b, "%sNONE", b.len > 0 ? "," : "");
			break;
		default:
			xasprintf(cause, "--email-opts '%s': PBS letters a, b, "
			    "e or n, which qxub maps to Slurm's --mail-type",
			    letters);
			buf_release(&b);
			return -1;
		}
	}
	strv_pushf(out, "--mail-type=%s", b.data);
	buf_release(&b);
	return 0;
}

/*
 * Slurm's options for the requests of js, one "--name=value" a word;
 * -1 with *cause for one Slurm has no equivalent of.
 */
static int
slurm_requests(const struct jobspec *js, struct strv *out, char **cause)
{
	const char	*v;
	uint64_t	 seconds;
	size_t		 i, k;

	if (sched_refuse_sge(js, "slurm", "give sbatch options with "
	    "--sbatch", cause) == -1)
		return -1;
	if (js->raw_resources.n > 0) {
		xasprintf(cause, "-l %s: -l is a PBS request; on Slurm use "
		    "--mem, --cpus, --runtime, --gpus, --disk, or --sbatch "
		    "OPTION for any other sbatch option",
		    js->raw_resources.v[0]);
		return -1;
	}
	strv_pushf(out, "--job-name=%s", js->name);
	if (js->queue != NULL)
		strv_pushf(out, "--partition=%s", js->queue);
	if (js->project != NULL)
		strv_pushf(out, "--account=%s", js->project);
	for (i = 0; i < js->resources.n; i++) {
		k = strcspn(js->resources.v[i], "=");
		v = js->resources.v[i] + k + (js->resources.v[i][k] == '=');
		if (strncmp(js->resources.v[i], "mem=", 4) == 0) {
			if (slurm_size(out, "mem", v, cause) == -1)
				return -1;
		} else if (strncmp(js->resources.v[i], "jobfs=", 6) == 0) {
			if (slurm_size(out, "tmp", v, cause) == -1)
				return -1;
		} else if (strncmp(js->resources.v[i], "walltime=", 9) == 0) {
			if (resource_parse_time(v, &seconds, cause) == -1)
				return -1;
			strv_pushf(out, "--time=%llu:%02llu:%02llu",
			    (unsigned long long)(seconds / 3600),
			    (unsigned long long)(seconds / 60 % 60),
			    (unsigned long long)(seconds % 60));
		} else if (strncmp(js->resources.v[i], "ncpus=", 6) == 0)
			strv_pushf(out, "--cpus-per-task=%s", v);
		else if (strncmp(js->resources.v[i], "ngpus=", 6) == 0)
			strv_pushf(out, "--gpus=%s", v);
		else {
			xasprintf(cause, "resource '%s' has no Slurm "
			    "equivalent (%s); pass sbatch options with "
			    "--sbatch OPTION", js->resources.v[i],
			    strncmp(js->resources.v[i], "storage=", 8) == 0 ?
			    "--volumes is PBS's storage request" :
			    "a PBS request");
			return -1;
		}
	}
	if (js->array != NULL)
		strv_pushf(out, "--array=%s", js->array);
	if (js->email != NULL)
		strv_pushf(out, "--mail-user=%s", js->email);
	if ((js->email != NULL || js->email_opts != NULL) &&
	    slurm_mail_type(out, js->email_opts != NULL ? js->email_opts :
	    "ae", cause) == -1)
		return -1;
	for (i = 0; i < js->sbatch.n; i++)
		strv_push(out, js->sbatch.v[i]);
	return 0;
}

static int
slurm_check(const struct jobspec *js, char **cause)
{
	struct strv	opts = STRV_INIT;
	size_t		i;
	int		r;

	r = slurm_requests(js, &opts, cause);
	/* sbatch drops every '"' of a #SBATCH line: none can be written. */
	for (i = 0; r == 0 && i < opts.n; i++) {
		if (strchr(opts.v[i], '"') != NULL) {
			xasprintf(cause, "'%s': a double quote cannot be "
			    "written in an #SBATCH line", opts.v[i]);
			r = -1;
		}
	}
	strv_clear(&opts);
	return r;
}

/* The #SBATCH lines: every request, and the scheduler's stream to log. */
static void
slurm_directives(const struct jobspec *js, const struct jobdir *jd,
    struct buf *b)
{
	struct strv	 opts = STRV_INIT;
	char		*cause = NULL;
	size_t		 i;

	if (slurm_requests(js, &opts, &cause) == -1)
		free(cause);	/* slurm_check refused it already */
	strv_pushf(&opts, "--output=%s", jd->log);
	strv_pushf(&opts, "--error=%s", jd->log);
	for (i = 0; i < opts.n; i++) {
		buf_addstr(b, "#SBATCH ");
		/* sbatch reads a #SBATCH line as words, with "" quotes. */
		if (strpbrk(opts.v[i], " \t\"'\\") != NULL)
			buf_addf(b, "\"%s\"\n", opts.v[i]);
		else
			buf_addf(b, "%s\n", opts.v[i]);
	}
	strv_clear(&opts);
}

/* srun's argv for an interactive session of js. */
static void
slurm_srun_argv(const struct jobspec *js, const struct jobdir *jd,
    struct strv *argv)
{
	char	*cause = NULL;

	strv_push(argv, "srun");
	strv_push(argv, "--pty");
	if (slurm_requests(js, argv, &cause) == -1)
		free(cause);	/* slurm_check refused it already */
	strv_push(argv, "/bin/bash");
	strv_push(argv, jd->script);
}

static void
slurm_describe(const struct jobspec *js, const struct jobdir *jd,
    struct buf *b)
{
	struct strv	argv = STRV_INIT;

	if (js->interactive)
		slurm_srun_argv(js, jd, &argv);
	else {
		strv_push(&argv, "sbatch");
		strv_push(&argv, "--parsable");
		strv_push(&argv, jd->script);
	}
	sh_quote_argv_pretty(b, strv_argv(&argv));
	strv_clear(&argv);
}

/*
 * The file to give sbatch: the job script, unless a word of the job holds
 * a carriage return, which sbatch takes for DOS line breaks and refuses.
 * Then a small script with the same #SBATCH lines that runs it.
 */
static char *
slurm_batch_file(const struct jobspec *js, const struct jobdir *jd,
    char **cause)
{
	struct buf	 text = BUF_INIT;
	char		*path;
	int		 fd, r;

	if ((fd = open(jd->script, O_RDONLY | O_CLOEXEC)) == -1 ||
	    spawn_read_all(fd, &text) == -1) {
		xasprintf(cause, "cannot read '%s': %s", jd->script,
		    strerror(errno));
		buf_release(&text);
		return NULL;
	}
	r = memchr(text.data, '\r', text.len) != NULL;
	buf_reset(&text);
	if (!r) {
		buf_release(&text);
		return xstrdup(jd->script);
	}
	buf_addstr(&text, "#!/bin/bash\n");
	slurm_directives(js, jd, &text);
	buf_addstr(&text, "exec /bin/bash ");
	sh_quote(&text, jd->script);
	buf_addch(&text, '\n');
	xasprintf(&path, "%s/sbatch.sh", jd->dir);
	if (file_replace(path, text.data, text.len, 0700, NULL, cause) ==
	    -1) {
		free(path);
		path = NULL;
	}
	buf_release(&text);
	return path;
}

static int
slurm_submit(const struct jobspec *js, const struct jobdir *jd,
    struct sched_job *job, char **cause)
{
	char		*argv[] = { "sbatch", "--parsable", NULL, NULL };
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	const char	*p;
	int		 code;

	if ((argv[2] = slurm_batch_file(js, jd, cause)) == NULL)
		return -1;
	code = spawn_capture_timeout(argv, &out, &err,
	    sched_submit_timeout(), cause);
	/* Nothing submitted: nothing of ours stays in the job directory. */
	if (code != 0 && strcmp(argv[2], jd->script) != 0)
		unlink(argv[2]);
	free(argv[2]);
	buf_addch(&out, '\0');
	p = out.data + strspn(out.data, " \t\n");
	if (code == 0 && *p != '\0')
		/* JOBID, or JOBID;CLUSTER on a federation. */
		job->id = xstrndup(p, strcspn(p, ";\n \t"));
	else if (code != -1) {
		if (err.len > 0 && err.data[err.len - 1] == '\n')
			err.len--;
		xasprintf(cause, "sbatch exited with status %d%s%.*s", code,
		    err.len > 0 ? ": " : "", (int)err.len, err.data);
		code = -1;
	}
	buf_release(&out);
	buf_release(&err);
	return code == 0 ? 0 : -1;
}

/* Marks job from st, the status Slurm gave of it. */
static void
slurm_update(struct sched_job *job, const struct slurm_status *st)
{
	const char	*reason;
	int		 code;

	job->state = slurm_state_letter(st->state);
	if (job->state != 'F')
		return;
	/* Ended, but with no exit code given (yet): not done for us. */
	if ((code = slurm_exit_code(st, &reason)) == -1 && reason == NULL)
		return;
	job->done = 1;
	job->exit_code = code;
	free(job->reason);
	job->reason = NULL;
	if (reason != NULL)
		job->reason = xstrdup(reason);
}

/* The status of id among st, or NULL. */
static const struct slurm_status *
slurm_find(const struct slurm_status *st, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(st[i].id, id) == 0)
			return &st[i];
	}
	return NULL;
}

/* Runs argv and parses its output with parse; -1 with *cause. */
static int
slurm_ask(struct strv *argv, struct slurm_status *(*parse)(const char *,
    size_t *), struct slurm_status **st, size_t *n, struct buf *err,
    char **cause)
{
	struct buf	out = BUF_INIT;
	int		code;

	*st = NULL;
	*n = 0;
	code = spawn_capture(strv_argv(argv), &out, err, cause);
	buf_addch(&out, '\0');
	buf_addch(err, '\0');
	if (code >= 0)
		*st = parse(out.data, n);
	buf_release(&out);
	return code;
}

/* Whether sacct can be asked: -1 not known yet, then 0 or 1. */
static int	slurm_accounting = -1;

/*
 * The exit codes of the jobs that ended (or that squeue no longer
 * lists): sacct for all of them at once when accounting is on, else
 * scontrol for each.
 */
static void
slurm_ended(struct sched_job **jobs, size_t n)
{
	struct strv		 argv = STRV_INIT;
	struct buf		 err = BUF_INIT, ids = BUF_INIT;
	struct slurm_status	*st;
	const struct slurm_status *s;
	char			*cause = NULL;
	size_t			 i, nst;
	int			 code;

	if (n == 0)
		return;
	if (slurm_accounting != 0) {
		for (i = 0; i < n; i++)
			buf_addf(&ids, "%s%s", i > 0 ? "," : "", jobs[i]->id);
		strv_pushv(&argv, (char *[]){ "sacct", "-X", "-P", "-n", "-o",
		    "JobID,State,ExitCode", "-j", ids.data, NULL });
		code = slurm_ask(&argv, slurm_parse_lines, &st, &nst, &err,
		    &cause);
		free(cause);
		cause = NULL;
		slurm_accounting = code == 0 ? 1 : 0;
		for (i = 0; code == 0 && i < n; i++) {
			if ((s = slurm_find(st, nst, jobs[i]->id)) != NULL &&
			    slurm_state_done(s->state))
				slurm_update(jobs[i], s);
		}
		slurm_status_free(st, nst);
		strv_clear(&argv);
		buf_release(&ids);
		if (code == 0)
			goto out;
	}
	for (i = 0; i < n; i++) {
		if (jobs[i]->done)
			continue;
		buf_reset(&err);
		strv_pushv(&argv, (char *[]){ "scontrol", "-o", "show", "job",
		    jobs[i]->id, NULL });
		code = slurm_ask(&argv, slurm_parse_scontrol, &st, &nst, &err,
		    &cause);
		free(cause);
		cause = NULL;
		if ((s = slurm_find(st, nst, jobs[i]->id)) != NULL)
			slurm_update(jobs[i], s);
		slurm_status_free(st, nst);
		strv_clear(&argv);
	}
out:
	buf_release(&err);
}

static int
slurm_poll(struct sched_job **jobs, size_t n, char **cause)
{
	struct strv		 argv = STRV_INIT;
	struct buf		 err = BUF_INIT, ids = BUF_INIT;
	struct slurm_status	*st;
	const struct slurm_status *s;
	struct sched_job	**ended;
	size_t			 i, nst, nended = 0;
	int			 code;

	for (i = 0; i < n; i++)
		buf_addf(&ids, "%s%s", i > 0 ? "," : "", jobs[i]->id);
	strv_pushv(&argv, (char *[]){ "squeue", "-h", "-t", "all", "-o",
	    "%i|%T|%r", "-j", ids.data, NULL });
	code = slurm_ask(&argv, slurm_parse_lines, &st, &nst, &err, cause);
	strv_clear(&argv);
	buf_release(&ids);
	/* One unknown id alone is an error to squeue; that is an answer. */
	if (code != 0 && !(nst == 0 && strstr(err.data,
	    "Invalid job id") != NULL)) {
		if (code > 0)
			xasprintf(cause, "squeue exited with status %d: %.*s",
			    code, (int)strcspn(err.data, "\n"), err.data);
		slurm_status_free(st, nst);
		buf_release(&err);
		return -1;
	}
	ended = xreallocarray(NULL, n > 0 ? n : 1, sizeof *ended);
	for (i = 0; i < n; i++) {
		if ((s = slurm_find(st, nst, jobs[i]->id)) != NULL) {
			jobs[i]->state = slurm_state_letter(s->state);
			if (!slurm_state_done(s->state))
				continue;
		}
		ended[nended++] = jobs[i];
	}
	slurm_ended(ended, nended);
	for (i = 0; i < nended; i++) {
		if (ended[i]->done)
			continue;
		/* Ended, and forgotten: no exit code to be had. */
		ended[i]->done = 1;
		ended[i]->exit_code = -1;
		free(ended[i]->reason);
		ended[i]->reason = xstrdup("Slurm no longer knows it");
	}
	free(ended);
	slurm_status_free(st, nst);
	buf_release(&err);
	return 0;
}

static int
slurm_interactive(const struct jobspec *js, const struct jobdir *jd,
    char **cause)
{
	struct strv	argv = STRV_INIT;
	int		code;

	slurm_srun_argv(js, jd, &argv);
	code = spawn_foreground(strv_argv(&argv), cause);
	strv_clear(&argv);
	return code;
}

static int
slurm_cancel(struct sched_job *job, char **cause)
{
	return sched_run_cancel("scancel", job, cause);
}

const struct sched	sched_slurm = {
	.name = "slurm",
	.batch = 1,
	.poll_interval = 60,
	.poll_first = 5,
	.interval_env = "QXUB_SLURM_POLL_INTERVAL",
	.cancel_command = "scancel",
	.note_prefix = "slurmstepd",
	.array_index = "SLURM_ARRAY_TASK_ID",
	.check = slurm_check,
	.directives = slurm_directives,
	.describe = slurm_describe,
	.submit = slurm_submit,
	.poll = slurm_poll,
	.cancel = slurm_cancel,
	.interactive = slurm_interactive,
};
