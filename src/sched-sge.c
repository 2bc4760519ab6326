/*
 * The Grid Engine scheduler (Son of Grid Engine, OGE, UGE): qsub with an
 * argv and the job script as its operand, `qstat -xml` about every
 * watched job at once, qacct for the exit code of one that ended without
 * its exit marker, qdel to cancel, qrsh for a session.
 */
#include "autoconf.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "jobdir.h"
#include "jobspec.h"
#include "qxub.h"
#include "quote.h"
#include "resource.h"
#include "sched.h"
#include "sge.h"
#include "spawn.h"
#include "strv.h"
#include "xmalloc.h"

/* The parallel environment --cpus asks slots of, unless --pe names one. */
#define SGE_DEFAULT_PE	"smp"

/* Appends the words of option, split at blanks (--sge '-l gpu=1'). */
static void
sge_push_words(struct strv *out, const char *option)
{
	const char	*p = option;
	size_t		 len;

	for (;;) {
		p += strspn(p, " ");
		if ((len = strcspn(p, " ")) == 0)
			break;
		strv_pushf(out, "%.*s", (int)len, p);
		p += len;
	}
}

/* The slot count of js's ncpus request: 1 without one. */
static unsigned long long
sge_slots(const struct jobspec *js)
{
	size_t	i;

	for (i = 0; i < js->resources.n; i++) {
		if (strncmp(js->resources.v[i], "ncpus=", 6) == 0)
			return strtoull(js->resources.v[i] + 6, NULL, 10);
	}
	return 1;
}

/* Refuses a PBS resource Grid Engine has no standard request for. */
static int
sge_unmapped(const char *res, char **cause)
{
	const char	*why;

	if (strncmp(res, "ngpus=", 6) == 0)
		why = "--gpus: Grid Engine has no standard GPU request; ask "
		    "for your site's, e.g. --sge '-l gpu=1'";
	else if (strncmp(res, "jobfs=", 6) == 0)
		why = "--disk: Grid Engine has no standard local disk request; "
		    "ask for your site's, e.g. --sge '-l tmpfree=10G'";
	else if (strncmp(res, "storage=", 8) == 0)
		why = "--volumes is PBS's storage request; pass qsub options "
		    "with --sge OPTION";
	else
		why = "a PBS request";
	xasprintf(cause, "resource '%s' has no Grid Engine equivalent (%s)",
	    res, why);
	return -1;
}

/*
 * Grid Engine's options for the requests of js, as qsub words; -1 with
 * *cause for one it has no equivalent of.  Memory is h_vmem, which Grid
 * Engine counts a slot: the total asked is shared out over the slots.
 */
static int
sge_requests(const struct jobspec *js, struct strv *out, char **cause)
{
	const char		*res, *v;
	uint64_t		 bytes, seconds;
	unsigned long long	 slots = sge_slots(js);
	size_t			 i;

	if (js->raw_resources.n > 0) {
		xasprintf(cause, "-l %s: -l is a PBS request; on Grid Engine "
		    "use --mem, --cpus, --runtime, or --sge OPTION for any "
		    "other qsub option (e.g. --sge '-l h_vmem=4G')",
		    js->raw_resources.v[0]);
		return -1;
	}
	if (js->sbatch.n > 0) {
		xasprintf(cause, "--sbatch %s: sbatch options are for Slurm, "
		    "and this platform is sge (give qsub options with --sge)",
		    js->sbatch.v[0]);
		return -1;
	}
	strv_pushv(out, (char *[]){ "-N", js->name, NULL });
	if (js->queue != NULL)
		strv_pushv(out, (char *[]){ "-q", js->queue, NULL });
	if (js->project != NULL)
		strv_pushv(out, (char *[]){ "-P", js->project, NULL });
	for (i = 0; i < js->resources.n; i++) {
		res = js->resources.v[i];
		v = res + strcspn(res, "=") + (res[strcspn(res, "=")] == '=');
		if (strncmp(res, "ncpus=", 6) == 0) {
			strv_push(out, "-pe");
			strv_push(out, js->pe != NULL ? js->pe :
			    SGE_DEFAULT_PE);
			strv_push(out, v);
		} else if (strncmp(res, "mem=", 4) == 0) {
			if (resource_parse_size(v, &bytes, cause) == -1)
				return -1;
			strv_push(out, "-l");
			strv_pushf(out, "h_vmem=%lluM", (unsigned long long)
			    ((bytes + slots * (1ULL << 20) - 1) / (slots *
			    (1ULL << 20))));
		} else if (strncmp(res, "walltime=", 9) == 0) {
			if (resource_parse_time(v, &seconds, cause) == -1)
				return -1;
			strv_push(out, "-l");
			strv_pushf(out, "h_rt=%llu:%02llu:%02llu",
			    (unsigned long long)(seconds / 3600),
			    (unsigned long long)(seconds / 60 % 60),
			    (unsigned long long)(seconds % 60));
		} else
			return sge_unmapped(res, cause);
	}
	if (js->array != NULL)
		strv_pushv(out, (char *[]){ "-t", js->array, NULL });
	if (js->email != NULL)
		strv_pushv(out, (char *[]){ "-M", js->email, NULL });
	if (js->email != NULL || js->email_opts != NULL) {
		v = js->email_opts != NULL ? js->email_opts : "ae";
		if (v[strspn(v, "abens")] != '\0') {
			xasprintf(cause, "--email-opts '%s': letters a, b, e, n "
			    "or s (Grid Engine's -m)", v);
			return -1;
		}
		strv_pushv(out, (char *[]){ "-m", (char *)v, NULL });
	}
	for (i = 0; i < js->sge.n; i++)
		sge_push_words(out, js->sge.v[i]);
	return 0;
}

/* The qsub (or qrsh, for a session) argv of the job. */
static int
sge_argv(const struct jobspec *js, const struct jobdir *jd,
    struct strv *argv, char **cause)
{
	struct buf	word = BUF_INIT;

	if (js->interactive) {
		/* A terminal, and wait for a slot rather than fail at once. */
		strv_pushv(argv, (char *[]){ "qrsh", "-pty", "y", "-now", "no",
		    NULL });
	} else
		strv_pushv(argv, (char *[]){ "qsub", "-terse", NULL });
	if (sge_requests(js, argv, cause) == -1)
		return -1;
	/* Else the job starts in its owner's home, which a node may lack. */
	strv_pushv(argv, (char *[]){ "-wd", jd->dir, NULL });
	if (!js->interactive) {
		/* The script sends the job's streams to out and err itself. */
		strv_pushv(argv, (char *[]){ "-j", "y", "-o", jd->log, "-S",
		    "/bin/bash", jd->script, NULL });
		return 0;
	}
	/* qrsh joins its words into a command line for a shell: one word. */
	buf_addstr(&word, "exec /bin/bash ");
	sh_quote(&word, jd->script);
	strv_push(argv, word.data);
	buf_release(&word);
	return 0;
}

static int
sge_check(const struct jobspec *js, char **cause)
{
	struct strv	argv = STRV_INIT;
	int		r;

	r = sge_requests(js, &argv, cause);
	strv_clear(&argv);
	return r;
}

static void
sge_describe(const struct jobspec *js, const struct jobdir *jd,
    struct buf *b)
{
	struct strv	 argv = STRV_INIT;
	char		*cause = NULL;

	if (sge_argv(js, jd, &argv, &cause) == -1)
		free(cause);	/* sge_check refused it already */
	sh_quote_argv_pretty(b, strv_argv(&argv));
	strv_clear(&argv);
}

/*
 * qsub's refusal without its trailing newlines and its last line,
 * "Exiting.", which adds nothing to "Unable to run job: REASON".
 */
static void
sge_trim_message(struct buf *err)
{
	static const char	last[] = "Exiting.";
	const size_t		len = sizeof last - 1;

	while (err->len > 0 && err->data[err->len - 1] == '\n')
		err->len--;
	if (err->len < len || memcmp(err->data + err->len - len, last,
	    len) != 0 || (err->len > len && err->data[err->len - len - 1] !=
	    '\n'))
		return;
	err->len -= len;
	while (err->len > 0 && err->data[err->len - 1] == '\n')
		err->len--;
}

static int
sge_submit(const struct jobspec *js, const struct jobdir *jd,
    struct sched_job *job, char **cause)
{
	struct strv	argv = STRV_INIT;
	struct buf	out = BUF_INIT, err = BUF_INIT;
	int		code;

	if (sge_argv(js, jd, &argv, cause) == -1)
		return -1;
	code = spawn_capture_timeout(strv_argv(&argv), &out, &err,
	    sched_submit_timeout(), cause);
	strv_clear(&argv);
	buf_addch(&out, '\0');
	/* "12", or "12.1-10:1" for an array job. */
	if (code == 0)
		job->id = sge_job_number(out.data);
	if (code == 0 && job->id == NULL)
		xasprintf(cause, "qsub printed no job id: %s", out.data);
	else if (code > 0) {
		sge_trim_message(&err);
		xasprintf(cause, "qsub exited with status %d%s%.*s", code,
		    err.len > 0 ? ": " : "", (int)err.len, err.data);
		code = -1;
	}
	buf_release(&out);
	buf_release(&err);
	return code == 0 && job->id != NULL ? 0 : -1;
}

/* Runs argv, its stdout into out; its exit code, or -1 with *cause. */
static int
sge_ask(char *const *argv, struct buf *out, struct buf *err, char **cause)
{
	int	code;

	code = spawn_capture(argv, out, err, cause);
	buf_addch(out, '\0');
	buf_addch(err, '\0');
	return code;
}

/*
 * A job qstat no longer lists: qacct's record, which comes some seconds
 * after the end.  One that never started was deleted while it waited;
 * one that did is "exiting" until its record is written.
 */
static void
sge_vanished(struct sched_job *job)
{
	char		*argv[] = { "qacct", "-j", job->id, NULL };
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	struct sge_acct	*a;
	const char	*reason;
	char		*cause = NULL;
	size_t		 i, n = 0;
	int		 code = -1;

	if (sge_ask(argv, &out, &err, &cause) == 0) {
		a = sge_parse_qacct(out.data, &n);
		/* An array job: its first failing task's, else 0. */
		for (i = 0; i < n; i++) {
			if (a[i].id == NULL || strcmp(a[i].id, job->id) != 0)
				continue;
			code = sge_exit_code(&a[i], &reason);
			if (code != 0)
				break;
		}
		if (n > 0 && code != -1) {
			job->done = 1;
			job->exit_code = code;
			free(job->reason);
			job->reason = reason != NULL && code != 0 ?
			    xstrdup(reason) : NULL;
		}
		sge_acct_free(a, n);
	}
	free(cause);
	buf_release(&out);
	buf_release(&err);
	if (job->done)
		return;
	if (job->state != 'R' && job->state != 'E') {
		job->done = 1;
		job->exit_code = QXUB_EXIT_DELETED;
		free(job->reason);
		job->reason = xstrdup("deleted before it ran");
		return;
	}
	job->state = 'E';
}

/*
 * A job in an error state (Eqw) never runs: it is deleted, so that it
 * does not wait in the queue for ever, and has not started.
 */
static void
sge_failed(struct sched_job *job)
{
	char	*cause = NULL;

	if (sched_run_cancel("qdel", job, &cause) == -1)
		free(cause);	/* a job that is gone is as good */
	job->done = 1;
	job->exit_code = QXUB_EXIT_NOSTART;
	free(job->reason);
	xasprintf(&job->reason, "Grid Engine put it in an error state (Eqw) "
	    "and qxub deleted it; 'qacct -j %s' may say why", job->id);
}

static const struct sge_status *
sge_find(const struct sge_status *st, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(st[i].id, id) == 0)
			return &st[i];
	}
	return NULL;
}

static int
sge_poll(struct sched_job **jobs, size_t n, char **cause)
{
	struct passwd		*pw = getpwuid(getuid());
	char			*argv[] = { "qstat", "-xml", "-u", NULL, NULL };
	struct buf		 out = BUF_INIT, err = BUF_INIT;
	struct sge_status	*st;
	const struct sge_status	*s;
	size_t			 i, nst;
	int			 code;

	/* Every job of the user's in one answer: those we watch among them. */
	argv[3] = pw != NULL ? pw->pw_name : "*";
	if ((code = sge_ask(argv, &out, &err, cause)) != 0) {
		if (code > 0)
			xasprintf(cause, "qstat exited with status %d: %.*s",
			    code, (int)strcspn(err.data, "\n"), err.data);
		buf_release(&out);
		buf_release(&err);
		return -1;
	}
	st = sge_parse_qstat(out.data, &nst);
	for (i = 0; i < n; i++) {
		if (jobs[i]->done)
			continue;
		if ((s = sge_find(st, nst, jobs[i]->id)) == NULL)
			sge_vanished(jobs[i]);
		else if (sge_state_error(s->state))
			sge_failed(jobs[i]);
		else
			jobs[i]->state = sge_state_letter(s->state);
	}
	sge_status_free(st, nst);
	buf_release(&out);
	buf_release(&err);
	return 0;
}

static int
sge_interactive(const struct jobspec *js, const struct jobdir *jd,
    char **cause)
{
	struct strv	argv = STRV_INIT;
	int		code = -1;

	if (sge_argv(js, jd, &argv, cause) == 0)
		code = spawn_foreground(strv_argv(&argv), cause);
	strv_clear(&argv);
	return code;
}

static int
sge_cancel(struct sched_job *job, char **cause)
{
	return sched_run_cancel("qdel", job, cause);
}

const struct sched	sched_sge = {
	.name = "sge",
	.batch = 1,
	.poll_interval = 60,
	.poll_first = 5,
	.interval_env = "QXUB_SGE_POLL_INTERVAL",
	.cancel_command = "qdel",
	.array_index = "SGE_TASK_ID",
	/* 99 makes Grid Engine run the job again, 100 holds it in Eqw. */
	.exit_reserved = "99|100",
	.check = sge_check,
	.describe = sge_describe,
	.submit = sge_submit,
	.poll = sge_poll,
	.cancel = sge_cancel,
	.interactive = sge_interactive,
};
