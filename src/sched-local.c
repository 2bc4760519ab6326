/*
 * The local scheduler: the job script runs on this machine as a detached
 * process in its own session (so a Ctrl-C at the terminal reaches qxub,
 * not the job), and cancelling signals its whole process group.
 */
#include "autoconf.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "jobdir.h"
#include "jobspec.h"
#include "quote.h"
#include "sched.h"
#include "spawn.h"
#include "xmalloc.h"

/* How long a cancelled job may take to end after SIGTERM. */
#define LOCAL_KILL_GRACE_MS	5000

static void
local_describe(const struct jobspec *js, const struct jobdir *jd,
    struct buf *b)
{
	if (js->interactive) {
		buf_addstr(b, "bash ");
		sh_quote_pretty(b, jd->script);
		return;
	}
	buf_addstr(b, "setsid bash ");
	sh_quote_pretty(b, jd->script);
	buf_addstr(b, " </dev/null >>");
	sh_quote_pretty(b, jd->log);
	buf_addstr(b, " 2>&1");
}

/* The session runs here, on the terminal, as the user's child. */
static int
local_interactive(const struct jobspec *js, const struct jobdir *jd,
    char **cause)
{
	char	*argv[] = { "bash", jd->script, NULL };

	return spawn_foreground(argv, cause);
}

static int
local_submit(const struct jobspec *js, const struct jobdir *jd,
    struct sched_job *job, char **cause)
{
	char		*argv[] = { "bash", jd->script, NULL };
	struct spawn	 sp = { 0 };

	sp.argv = argv;
	sp.dir = jd->dir;
	sp.out_path = jd->log;
	sp.err_path = jd->log;
	sp.new_session = 1;
	if (spawn_start(&sp, cause) == -1)
		return -1;
	job->pid = sp.pid;
	xasprintf(&job->id, "%ld.local", (long)sp.pid);
	return 0;
}

/* Reaps a job that is our child; one that is not is asked with kill(0). */
static void
local_check(struct sched_job *job)
{
	int	status;

	if (job->done)
		return;
	job->state = 'R';
	switch (spawn_wait(job->pid, &status, WNOHANG)) {
	case 0:
		return;
	case -1:
		if (errno == ECHILD && kill(job->pid, 0) == -1 &&
		    errno == ESRCH) {
			job->done = 1;
			job->exit_code = -1;
		}
		return;
	default:
		job->done = 1;
		job->exit_code = spawn_exit_code(status);
	}
}

static int
local_poll(struct sched_job **jobs, size_t n, char **cause)
{
	size_t	i;

	for (i = 0; i < n; i++)
		local_check(jobs[i]);
	return 0;
}

/* Waits up to LOCAL_KILL_GRACE_MS for every process of the job to end. */
static int
local_wait_gone(struct sched_job *job)
{
	struct timespec	ts = { 0, 20 * 1000 * 1000 };
	int		waited;

	for (waited = 0; waited < LOCAL_KILL_GRACE_MS; waited += 20) {
		local_check(job);
		if (kill(-job->pid, 0) == -1)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* SIGTERM to the job's process group, then SIGKILL after a grace period. */
static int
local_cancel(struct sched_job *job, char **cause)
{
	int	sig = SIGTERM;

	for (;;) {
		if (kill(-job->pid, sig) == -1 && errno != ESRCH) {
			xasprintf(cause, "cannot signal job %s: %s", job->id,
			    strerror(errno));
			return -1;
		}
		if (local_wait_gone(job) == 0)
			return 0;
		if (sig == SIGKILL)
			break;
		sig = SIGKILL;
	}
	xasprintf(cause, "job %s did not end after SIGKILL", job->id);
	return -1;
}

const struct sched	sched_local = {
	.name = "local",
	.describe = local_describe,
	.submit = local_submit,
	.poll = local_poll,
	.cancel = local_cancel,
	.interactive = local_interactive,
};
