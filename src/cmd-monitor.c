/*
 * qxub monitor [ID...]: watches many jobs until every one has ended.  The
 * exit markers are read each second; each scheduler is asked once an
 * interval for all its unfinished jobs, in one call.
 */
#include "autoconf.h"

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "history.h"
#include "jobs.h"
#include "log.h"
#include "qxub.h"
#include "remote.h"
#include "spawn.h"
#include "strv.h"
#include "watch.h"
#include "xmalloc.h"

#define MONITOR_USAGE	"[ID...] [--interval SECS] [--summary] [--once] " \
	"[--platform NAME]"

static void
cmd_monitor_help(void)
{
	printf("usage: qxub monitor " MONITOR_USAGE "\n\n"
	    "Watches jobs until every one has ended: the IDs given, and those "
	    "read from\nstandard input when it is not a terminal (one a line, "
	    "as 'qx --terse' prints\nthem), so that\n\n"
	    "    find data -name '*.fq' -exec qx --terse -- align {} \\; | "
	    "qxub monitor\n\n"
	    "waits for them all.  On a terminal it draws a table that it "
	    "redraws; otherwise\nit prints one line a change: the job id, "
	    "its new state and, at the end, its\nexit code.  Each job's exit "
	    "marker is read every second; each scheduler is\nasked once an "
	    "interval about all of its jobs that have not ended.\n\n"
	    "  --interval SECS  seconds between questions to the scheduler "
	    "(default: the\n"
	    "                   scheduler's, 60 for PBS)\n"
	    "  --summary        counts of jobs by state, not a line a job\n"
	    "  --once           look once (markers and one scheduler call), "
	    "show, and exit:\n"
	    "                   0 only if every job has succeeded\n"
	    "  --platform NAME  on a remote platform: the qxub there "
	    "watches, over ssh\n\n"
	    "Exit status: 0 every job succeeded, 1 a job failed, was "
	    "cancelled or is\nunknown, 2 usage error, 130 interrupted "
	    "(the jobs go on).\n");
}

/* Counts of the jobs by what they are doing. */
struct monitor_counts {
	int	queued, running, succeeded, failed, other;
};

static void
cmd_monitor_count(const struct job *v, size_t n, struct monitor_counts *c)
{
	const char	*s;
	size_t		 i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < n; i++) {
		s = jobs_state(&v[i]);
		if (strcmp(s, "queued") == 0 || strcmp(s, "held") == 0)
			c->queued++;
		else if (strcmp(s, "running") == 0 ||
		    strcmp(s, "exiting") == 0)
			c->running++;
		else if (strcmp(s, "succeeded") == 0)
			c->succeeded++;
		else if (v[i].sj.done)
			c->failed++;
		else
			c->other++;
	}
}

static void
cmd_monitor_summary(struct buf *b, size_t n, const struct monitor_counts *c)
{
	buf_addf(b, "%zu jobs: %d queued, %d running, %d succeeded, %d "
	    "failed", n, c->queued, c->running, c->succeeded, c->failed);
	if (c->other > 0)
		buf_addf(b, ", %d unknown", c->other);
}

/* A job's line: id, state, exit code, name. */
static void
cmd_monitor_line(struct buf *b, const struct job *j)
{
	struct buf	line = BUF_INIT;

	buf_addf(&line, "%-20s %-10s ", j->sj.id, jobs_state(j));
	if (j->sj.done && j->sj.exit_code >= 0)
		buf_addf(&line, "%-5d", j->sj.exit_code);
	else
		buf_addf(&line, "%-5s", "-");
	buf_addf(&line, " %s", j->name != NULL ? j->name : "");
	/* A name's control characters would break the redrawn table. */
	buf_addvis(b, line.data);
	buf_addch(b, '\n');
	buf_release(&line);
}

/* The terminal's rows, or 24. */
static int
cmd_monitor_rows(void)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 4)
		return ws.ws_row;
	return 24;
}

/*
 * Redraws the table over the last one: the counts, then the jobs that
 * have not ended first, as many as the terminal holds.
 */
static void
cmd_monitor_draw(const struct job *v, size_t n, int summary, int *lines,
    int next)
{
	struct monitor_counts	 c;
	struct buf		 b = BUF_INIT;
	size_t			 i, pass;
	int			 rows = cmd_monitor_rows() - 3, shown = 0;

	if (*lines > 0)
		buf_addf(&b, "\033[%dA\033[J", *lines);
	cmd_monitor_count(v, n, &c);
	cmd_monitor_summary(&b, n, &c);
	buf_addf(&b, "; next check in %d s\n", next);
	*lines = 1;
	if (!summary) {
		buf_addf(&b, "%-20s %-10s %-5s %s\n", "JOB ID", "STATE",
		    "EXIT", "NAME");
		(*lines)++;
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < n && shown < rows; i++) {
				if ((pass == 0) == v[i].sj.done)
					continue;
				cmd_monitor_line(&b, &v[i]);
				shown++;
			}
		}
		*lines += shown;
		if ((size_t)shown < n) {
			buf_addf(&b, "... and %zu more\n", n - shown);
			(*lines)++;
		}
	}
	fwrite(b.data, 1, b.len, stdout);
	fflush(stdout);
	buf_release(&b);
}

/* Prints a line for each job whose state changed since last time. */
static void
cmd_monitor_changes(const struct job *v, size_t n, const char **last,
    int summary, char **last_summary)
{
	struct monitor_counts	 c;
	struct buf		 b = BUF_INIT;
	size_t			 i;

	if (summary) {
		cmd_monitor_count(v, n, &c);
		cmd_monitor_summary(&b, n, &c);
		if (*last_summary == NULL || strcmp(*last_summary, b.data) !=
		    0) {
			printf("%s\n", b.data);
			free(*last_summary);
			*last_summary = buf_detach(&b);
		}
	} else {
		for (i = 0; i < n; i++) {
			if (last[i] == jobs_state(&v[i]))
				continue;
			last[i] = jobs_state(&v[i]);
			cmd_monitor_line(&b, &v[i]);
		}
		if (b.len > 0)
			fwrite(b.data, 1, b.len, stdout);
	}
	fflush(stdout);
	buf_release(&b);
}

/* Adds the job ids of stdin's lines (the first word of each) to ids. */
static void
cmd_monitor_stdin(struct strv *ids)
{
	struct buf	 b = BUF_INIT;
	char		*line, *next;
	size_t		 n;

	if (spawn_read_all(dup(STDIN_FILENO), &b) == -1 || b.len == 0) {
		buf_release(&b);
		return;
	}
	buf_addch(&b, '\0');
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line += strspn(line, " \t");
		n = strcspn(line, " \t\r");
		line[n] = '\0';
		if (*line != '\0')
			strv_push(ids, line);
	}
	buf_release(&b);
}

static int
cmd_monitor_cmp(const void *a, const void *b)
{
	return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* Drops the ids given before, keeping the order of first mention. */
static void
cmd_monitor_unique(struct strv *ids)
{
	char	***sorted;
	size_t	 i, k;

	if (ids->n < 2)
		return;
	sorted = xreallocarray(NULL, ids->n, sizeof *sorted);
	for (i = 0; i < ids->n; i++)
		sorted[i] = &ids->v[i];
	/* Stable enough: equal ids sort by where they stand. */
	qsort(sorted, ids->n, sizeof *sorted, cmd_monitor_cmp);
	for (i = 1; i < ids->n; i++) {
		if (strcmp(*sorted[i], *sorted[i - 1]) != 0)
			continue;
		/* Free the later of the two; keep the earlier. */
		if (sorted[i] < sorted[i - 1]) {
			char	**t = sorted[i];

			sorted[i] = sorted[i - 1];
			sorted[i - 1] = t;
		}
		free(*sorted[i]);
		*sorted[i] = NULL;
		sorted[i] = sorted[i - 1];
	}
	free(sorted);
	for (i = k = 0; i < ids->n; i++) {
		if (ids->v[i] != NULL)
			ids->v[k++] = ids->v[i];
	}
	ids->n = k;
	ids->v[k] = NULL;
}

/* Watches v until every job has ended; the code to exit with. */
static int
cmd_monitor_loop(struct job *v, size_t n, int interval, int summary,
    int once)
{
	struct monitor_counts	 c;
	const char		**last = xcalloc(n > 0 ? n : 1, sizeof *last);
	char			*cause = NULL, *last_summary = NULL;
	long long		 now, next_ask = 0;
	int			 tty = isatty(STDOUT_FILENO), lines = 0, ask;
	int			 r;

	watch_signals();
	for (;;) {
		now = watch_now();
		ask = now >= next_ask;
		if (jobs_refresh(v, n, ask, &cause) == -1) {
			log_warn("%s; asking again in %d s", cause, interval);
			free(cause);
			cause = NULL;
		}
		if (ask)
			next_ask = now + interval * 1000LL;
		cmd_monitor_count(v, n, &c);
		if (tty)
			cmd_monitor_draw(v, n, summary, &lines,
			    (int)((next_ask - now + 999) / 1000));
		else
			cmd_monitor_changes(v, n, last, summary,
			    &last_summary);
		if (c.queued + c.running + c.other == 0 ||
		    watch_stop_signal() != 0 || once)
			break;
		now = watch_now();
		watch_sleep(next_ask - now < 1000 ? (int)(next_ask - now) :
		    1000);
		if (watch_stop_signal() != 0)
			break;
	}
	free(last);
	free(last_summary);
	if (watch_stop_signal() != 0)
		return 128 + watch_stop_signal();
	r = c.succeeded == (int)n ? 0 : 1;
	if (c.queued + c.running + c.other == 0)
		printf("All %zu jobs ended: %d succeeded, %d failed\n", n,
		    c.succeeded, c.failed);
	return r;
}

static int
cmd_monitor_exec(int argc, char **argv)
{
	struct history	 h;
	struct strv	 ids = STRV_INIT, fwd = STRV_INIT;
	struct job	*v;
	const char	*platform = NULL, *errstr;
	char		*cause = NULL;
	size_t		 i, k, n = 0, stdin_ids = 0;
	int		 interval = 0, summary = 0, once = 0, r;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--summary") == 0)
			summary = 1;
		else if (strcmp(argv[i], "--once") == 0)
			once = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			cmd_monitor_help();
			return 0;
		} else if (strcmp(argv[i], "--interval") == 0 &&
		    i + 1 < (size_t)argc) {
			interval = strtonum(argv[++i], 1, 86400, &errstr);
			if (errstr != NULL) {
				log_error("--interval '%s': %s (seconds, 1 "
				    "to 86400)", argv[i], errstr);
				goto usage;
			}
		} else if (strcmp(argv[i], "--platform") == 0 &&
		    i + 1 < (size_t)argc)
			platform = argv[++i];
		else if (argv[i][0] == '-') {
			log_error("unknown option (or no value) '%s'",
			    argv[i]);
			goto usage;
		} else
			strv_push(&ids, argv[i]);
	}
	/* At a remote end, stdin is ssh's: the ids came as arguments. */
	if (!isatty(STDIN_FILENO) && !remote_is_end()) {
		k = ids.n;
		cmd_monitor_stdin(&ids);
		stdin_ids = ids.n - k;
	}
	/* Over ssh, the ids of stdin go as arguments. */
	for (i = 0; i < (size_t)argc; i++)
		strv_push(&fwd, argv[i]);
	for (i = ids.n - stdin_ids; i < ids.n; i++)
		strv_push(&fwd, ids.v[i]);
	if (jobs_forward(platform, (int)fwd.n, fwd.v, &r) == 1) {
		strv_clear(&fwd);
		strv_clear(&ids);
		return r;
	}
	strv_clear(&fwd);
	if (ids.n == 0) {
		log_error("no job ids: give them as arguments, or one a line "
		    "on standard input");
		goto usage;
	}
	if (history_load(&h, &cause) == -1) {
		log_warn("%s", cause);
		free(cause);
		cause = NULL;
	}
	cmd_monitor_unique(&ids);
	if ((v = jobs_resolve_all(&h, ids.v, ids.n, &cause)) == NULL) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_USAGE;
		goto out;
	}
	n = ids.n;
	/* The exit markers only: what qxub did not submit is said once. */
	(void)jobs_refresh(v, n, 0, &cause);
	jobs_warn_unknown(v, n);
	if (interval == 0)
		interval = sched_poll_interval(v[0].sched) > 0 ?
		    sched_poll_interval(v[0].sched) : 1;
	r = cmd_monitor_loop(v, n, interval, summary, once);
out:
	jobs_free(v, n);
	history_free(&h);
	strv_clear(&ids);
	return r;
usage:
	strv_clear(&ids);
	fprintf(stderr, "usage: qxub monitor " MONITOR_USAGE "\n");
	return QXUB_EXIT_USAGE;
}

/* Completion: the command's options. */
static void
cmd_monitor_options(FILE *fp)
{
	fputs("--interval\tvalue\tseconds between scheduler calls\n"
	    "--summary\t-\tcounts of jobs by state\n"
	    "--once\t-\tlook once, show, and exit\n"
	    "--platform\tplatform\ton a remote platform, over ssh\n", fp);
}

const struct cmd_entry	cmd_monitor_entry = {
	.name = "monitor",
	.usage = MONITOR_USAGE,
	.summary = "watch many jobs until they have all ended",
	.exec = cmd_monitor_exec,
	.help = cmd_monitor_help,
	.options = cmd_monitor_options,
};
