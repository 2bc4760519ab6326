/*
 * The local scheduler: the job script runs on this machine as a detached
 * process in its own session (so a Ctrl-C at the terminal reaches qxub,
 * not the job), and cancelling signals its whole process group.
 */
#include "autoconf.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "jobdir.h"
#include "jobspec.h"
#include "quote.h"
#include "sched.h"
#include "spawn.h"
#include "xmalloc.h"

/* How long a cancelled job may take to end after SIGTERM. */
#define LOCAL_KILL_GRACE_MS	5000

/*
 * The start time of process pid, in clock ticks after boot (field 22 of
 * /proc/PID/stat): no later process that gets the same pid shares it.
 * -1 when there is no such process.
 */
static int
local_start_time(pid_t pid, unsigned long long *start)
{
	char		 path[64], line[2048], *p, *end;
	ssize_t		 n;
	int		 fd, field;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, line, sizeof line - 1);
	close(fd);
	if (n <= 0)
		return -1;
	line[n] = '\0';
	/* Field 2, the command name in parentheses, may hold anything. */
	if ((p = strrchr(line, ')')) == NULL)
		return -1;
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return -1;
	errno = 0;
	*start = strtoull(p + 1, &end, 10);
	if (errno != 0 || end == p + 1 || (*end != ' ' && *end != '\0'))
		return -1;
	return 0;
}

/*
 * Whether the job's process group may still be there.  While its leader
 * lives, /proc says when it started; once the leader has gone, no new
 * process gets its pid while any process of its group remains, so a
 * group of that id is the job's.
 */
static int
local_alive(const struct sched_job *job)
{
	unsigned long long	now, then;

	if (local_start_time(job->pid, &now) == 0) {
		/* Our own child of this run, where /proc said nothing. */
		if (job->handle == NULL)
			return 1;
		then = strtoull(job->handle, NULL, 10);
		return now == then;
	}
	return kill(-job->pid, 0) == 0 || errno == EPERM;
}

/*
 * A local job id is PID.local, and the history keeps its process's start
 * time: without both, the pid may be anybody's process.
 */
static int
local_adopt(struct sched_job *job, char **cause)
{
	const char	*errstr = NULL;
	char		 digits[32];
	size_t		 len = strcspn(job->id, ".");
	long long	 pid;

	if (strcmp(job->id + len, ".local") != 0 || len == 0 ||
	    len >= sizeof digits || strspn(job->id, "0123456789") != len) {
		*cause = xstrdup("it is not a job id of the local scheduler "
		    "(PID.local)");
		return -1;
	}
	memcpy(digits, job->id, len);
	digits[len] = '\0';
	pid = strtonum(digits, 2, INT_MAX, &errstr);
	if (errstr != NULL || job->handle == NULL ||
	    job->handle[strspn(job->handle, "0123456789")] != '\0' ||
	    *job->handle == '\0') {
		*cause = xstrdup("qxub did not submit it (the history has no "
		    "record of its process)");
		return -1;
	}
	job->pid = (pid_t)pid;
	return 0;
}

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
	char			*argv[] = { "bash", jd->script, NULL };
	struct spawn		 sp = { 0 };
	unsigned long long	 start;

	sp.argv = argv;
	sp.dir = jd->dir;
	sp.out_path = jd->log;
	sp.err_path = jd->log;
	sp.new_session = 1;
	if (spawn_start(&sp, cause) == -1)
		return -1;
	job->pid = sp.pid;
	xasprintf(&job->id, "%ld.local", (long)sp.pid);
	/* Our unreaped child: /proc has it even when it has ended. */
	if (local_start_time(sp.pid, &start) == 0)
		xasprintf(&job->handle, "%llu", start);
	return 0;
}

/* Reaps a job that is our child; one that is not is looked for. */
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
		if (errno == ECHILD && !local_alive(job)) {
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

	/* Never signal what has taken the pid of a job that has ended. */
	local_check(job);
	if (job->done)
		return 0;
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
	.adopt = local_adopt,
	.poll = local_poll,
	.cancel = local_cancel,
	.interactive = local_interactive,
};
