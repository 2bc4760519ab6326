/*
 * The PBS Pro scheduler: qsub with an argv (no shell) and the job script as
 * its operand, qstat -x -f for jobs that end without writing their exit
 * marker, qdel to cancel.
 */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jobdir.h"
#include "jobspec.h"
#include "pbs.h"
#include "qxub.h"
#include "quote.h"
#include "sched.h"
#include "spawn.h"
#include "strv.h"
#include "xmalloc.h"

/* The qsub argv for the job: every request as its own argument. */
static void
pbs_qsub_argv(const struct jobspec *js, const struct jobdir *jd,
    struct strv *argv)
{
	const char	*project = js->project;
	size_t		 i;

	if (project == NULL && (project = getenv("PROJECT")) != NULL &&
	    *project == '\0')
		project = NULL;
	strv_push(argv, "qsub");
	strv_push(argv, "-N");
	strv_push(argv, js->name);
	if (js->queue != NULL) {
		strv_push(argv, "-q");
		strv_push(argv, js->queue);
	}
	if (project != NULL) {
		strv_push(argv, "-P");
		strv_push(argv, project);
	}
	for (i = 0; i < js->resources.n; i++) {
		strv_push(argv, "-l");
		strv_push(argv, js->resources.v[i]);
	}
	if (js->array != NULL) {
		strv_push(argv, "-J");
		strv_push(argv, js->array);
	}
	if (js->email != NULL) {
		strv_push(argv, "-M");
		strv_push(argv, js->email);
	}
	if (js->email != NULL || js->email_opts != NULL) {
		strv_push(argv, "-m");
		strv_push(argv, js->email_opts != NULL ? js->email_opts : "ae");
	}
	/* An interactive session runs the script on qsub's terminal. */
	if (js->interactive) {
		strv_push(argv, "-I");
		strv_push(argv, "--");
		strv_push(argv, "/bin/bash");
		strv_push(argv, jd->script);
		return;
	}
	/* The script sends the job's own streams to out and err itself. */
	strv_push(argv, "-j");
	strv_push(argv, "oe");
	strv_push(argv, "-o");
	strv_push(argv, jd->log);
	strv_push(argv, "-S");
	strv_push(argv, "/bin/bash");
	strv_push(argv, jd->script);
}

static void
pbs_describe(const struct jobspec *js, const struct jobdir *jd,
    struct buf *b)
{
	struct strv	argv = STRV_INIT;

	pbs_qsub_argv(js, jd, &argv);
	sh_quote_argv_pretty(b, strv_argv(&argv));
	strv_clear(&argv);
}

/* The first line of text, trimmed, as a heap string. */
static char *
pbs_first_line(const char *text)
{
	text += strspn(text, " \t\n");
	return xstrndup(text, strcspn(text, " \t\n"));
}

static int
pbs_submit(const struct jobspec *js, const struct jobdir *jd,
    struct sched_job *job, char **cause)
{
	struct strv	argv = STRV_INIT;
	struct buf	out = BUF_INIT, err = BUF_INIT;
	int		code;

	pbs_qsub_argv(js, jd, &argv);
	code = spawn_capture_timeout(strv_argv(&argv), &out, &err,
	    sched_submit_timeout(), cause);
	strv_clear(&argv);
	if (code == 0 && out.len > 0)
		job->id = pbs_first_line(out.data);
	else if (code != -1) {
		/* qsub's own message says what was wrong. */
		if (err.len > 0 && err.data[err.len - 1] == '\n')
			err.data[--err.len] = '\0';
		xasprintf(cause, "qsub exited with status %d%s%s", code,
		    err.len > 0 ? ": " : "", err.data);
		code = -1;
	}
	buf_release(&out);
	buf_release(&err);
	return code == 0 ? 0 : -1;
}

/* Marks the job finished from what qstat says of it. */
static void
pbs_update(struct sched_job *job, const struct pbs_status *st)
{
	const char	*reason;

	job->state = st->state;
	if (st->state != 'F')
		return;
	job->done = 1;
	if (!st->has_exit) {
		job->exit_code = QXUB_EXIT_DELETED;
		xasprintf(&job->reason, "deleted before it ran%s%s",
		    st->comment != NULL ? ": " : "",
		    st->comment != NULL ? st->comment : "");
		return;
	}
	job->exit_code = pbs_exit_code(st->exit_status, &reason);
	if (reason != NULL)
		xasprintf(&job->reason, "%s (Exit_status %ld)", reason,
		    st->exit_status);
}

/* Orders statuses by the job number, the id up to its first '.'. */
static int
pbs_cmp_number(const char *a, const char *b)
{
	size_t	la = strcspn(a, "."), lb = strcspn(b, ".");
	int	c = strncmp(a, b, la < lb ? la : lb);

	return c != 0 ? c : (la > lb) - (la < lb);
}

static int
pbs_cmp_status(const void *a, const void *b)
{
	return pbs_cmp_number(((const struct pbs_status *)a)->id,
	    ((const struct pbs_status *)b)->id);
}

/*
 * Updates job from the statuses (sorted by job number) that name it; 0
 * when none does.  A binary search: monitor asks about thousands.
 */
static int
pbs_match(struct sched_job *job, const struct pbs_status *st, size_t nst)
{
	size_t	lo = 0, hi = nst, mid, i;
	int	found = 0;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pbs_cmp_number(st[mid].id, job->id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < nst && pbs_cmp_number(st[i].id, job->id) == 0;
	    i++) {
		if (pbs_same_id(st[i].id, job->id)) {
			pbs_update(job, &st[i]);
			found = 1;
		}
	}
	return found;
}

static int
pbs_poll(struct sched_job **jobs, size_t n, char **cause)
{
	struct strv		 argv = STRV_INIT;
	struct buf		 out = BUF_INIT, err = BUF_INIT;
	struct pbs_status	*st;
	size_t			 i, nst;
	int			 code;

	strv_push(&argv, "qstat");
	strv_push(&argv, "-x");
	strv_push(&argv, "-f");
	for (i = 0; i < n; i++)
		strv_push(&argv, jobs[i]->id);
	code = spawn_capture(strv_argv(&argv), &out, &err, cause);
	strv_clear(&argv);
	if (code == -1)
		goto out;
	st = pbs_parse_qstat(out.data, &nst);
	if (code != 0 && nst == 0) {
		/* Unknown to a live server is an answer; anything else fails. */
		if (strstr(err.data, "Unknown Job Id") == NULL) {
			xasprintf(cause, "qstat exited with status %d: %.*s",
			    code, (int)strcspn(err.data, "\n"), err.data);
			code = -1;
			goto out;
		}
	}
	if (nst > 1)
		qsort(st, nst, sizeof *st, pbs_cmp_status);
	for (i = 0; i < n; i++) {
		if (!pbs_match(jobs[i], st, nst) && !jobs[i]->done) {
			jobs[i]->done = 1;
			jobs[i]->exit_code = -1;
			xasprintf(&jobs[i]->reason, "the PBS server no longer "
			    "knows it");
		}
	}
	pbs_status_free(st, nst);
	code = 0;
out:
	buf_release(&out);
	buf_release(&err);
	return code == 0 ? 0 : -1;
}

/* Refuses what only Slurm or Grid Engine takes. */
static int
pbs_check(const struct jobspec *js, char **cause)
{
	if (js->sbatch.n > 0) {
		xasprintf(cause, "--sbatch %s: sbatch options are for Slurm, "
		    "and this platform is pbs (give qsub requests with -l)",
		    js->sbatch.v[0]);
		return -1;
	}
	return sched_refuse_sge(js, "pbs", "give qsub requests with -l",
	    cause);
}

static int
pbs_interactive(const struct jobspec *js, const struct jobdir *jd,
    char **cause)
{
	struct strv	argv = STRV_INIT;
	int		code;

	pbs_qsub_argv(js, jd, &argv);
	code = spawn_foreground(strv_argv(&argv), cause);
	strv_clear(&argv);
	return code;
}

static int
pbs_cancel(struct sched_job *job, char **cause)
{
	return sched_run_cancel("qdel", job, cause);
}

const struct sched	sched_pbs = {
	.name = "pbs",
	.batch = 1,
	.poll_interval = 60,
	.poll_first = 5,
	.interval_env = "QXUB_PBS_POLL_INTERVAL",
	.cancel_command = "qdel",
	.note_prefix = "=>> PBS: ",
	.array_index = "PBS_ARRAY_INDEX",
	.check = pbs_check,
	.describe = pbs_describe,
	.submit = pbs_submit,
	.poll = pbs_poll,
	.cancel = pbs_cancel,
	.interactive = pbs_interactive,
};
