/* Streaming a job's output files and waiting for its end. */
#include "autoconf.h"

#include <sys/stat.h>

#include <time.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "jobdir.h"
#include "log.h"
#include "qxub.h"
#include "sched.h"
#include "watch.h"
#include "xmalloc.h"

/* Poll intervals while the job is quiet: short at first, then backing off. */
#define WATCH_WAIT_MIN_MS	10
#define WATCH_WAIT_MAX_MS	200

/* One output file being followed and the descriptor it is copied to. */
struct follow {
	const char	*path;
	int		 fd;		/* -1 until the file exists */
	int		 outfd;
	int		 broken;	/* outfd failed (EPIPE): discard */
	size_t		 chunk;		/* most bytes a write is given */
	/* read, not yet written (a partial line) */
	struct buf	 pending;
};

static int			watch_pipe[2] = { -1, -1 };
static volatile sig_atomic_t	watch_stop;
/* Read until its end, which counts as SIGHUP; -1 when not watched. */
static int			watch_eof_fd = -1;
/* Why a write to our stdout failed (EPIPE: its reader went away), or 0. */
static int			watch_out_errno;
/* Whether watch_cancel cancelled the job. */
static int			watch_did_cancel;

static void
watch_handler(int sig)
{
	unsigned char	c = sig;
	int		saved = errno;

	if (sig != SIGCHLD && watch_stop == 0)
		watch_stop = sig;
	(void)!write(watch_pipe[1], &c, 1);
	errno = saved;
}

void
watch_signals(void)
{
	struct sigaction	sa;
	int			sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	size_t			i;

	if (pipe2(watch_pipe, O_CLOEXEC|O_NONBLOCK) == -1)
		fatal("pipe");
	/* A reader that goes away must not kill us before the job is cancelled. */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watch_handler;
	sigemptyset(&sa.sa_mask);
	/*
	 * No SA_RESTART for the signals that stop qxub: a write to a stdout
	 * nobody reads must return EINTR so the job can be cancelled.
	 */
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sa.sa_flags = sigs[i] == SIGCHLD ? SA_RESTART : 0;
		sigaction(sigs[i], &sa, NULL);
	}
}

int
watch_stop_signal(void)
{
	return watch_stop;
}

int
watch_cancelled(void)
{
	return watch_did_cancel;
}

void
watch_eof_hangup(int fd)
{
	watch_eof_fd = fd;
}

int
watch_signal_fd(void)
{
	return watch_pipe[0];
}

void
watch_drain(void)
{
	unsigned char	sink[64];

	while (read(watch_pipe[0], sink, sizeof sink) > 0)
		;
}

/* Reads what came on the watched descriptor; its end is a hangup. */
static void
watch_eof_read(short revents)
{
	char	sink[4096];
	ssize_t	n;

	if (revents & POLLNVAL) {
		watch_eof_fd = -1;
		return;
	}
	n = read(watch_eof_fd, sink, sizeof sink);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		log_debug(1, "end of standard input: taking it as a hangup");
		watch_eof_fd = -1;
		if (watch_stop == 0)
			watch_stop = SIGHUP;
	}
}

size_t
watch_cut(const char *data, size_t len, int final)
{
	const char	*nl;

	if (final || len == 0)
		return len;
	nl = memrchr(data, '\n', len);
	if (nl != NULL)
		return nl - data + 1;
	return len >= WATCH_LINE_MAX ? len : 0;
}

/*
 * Waits until fd takes a write, a stop signal comes or the descriptor
 * whose end is a hangup ends; 1 when fd is writable, 0 when qxub is to
 * stop.  Without O_NONBLOCK (the descriptor may be the user's terminal,
 * shared with the shell) this is what keeps a blocked reader from
 * holding up a Ctrl-C.
 */
static int
watch_writable(int fd)
{
	struct pollfd	pfd[3] = { { fd, POLLOUT, 0 },
			    { watch_pipe[0], POLLIN, 0 },
			    { watch_eof_fd, POLLIN, 0 } };

	while (watch_stop == 0) {
		if (poll(pfd, watch_eof_fd != -1 ? 3 : 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return 1;	/* let write() report it */
		}
		if (pfd[1].revents != 0)
			watch_drain();
		if (watch_eof_fd != -1 && pfd[2].revents != 0)
			watch_eof_read(pfd[2].revents);
		if (pfd[0].revents != 0)
			return watch_stop == 0;
	}
	return 0;
}

/*
 * Writes all of data to f's descriptor; a dead reader stops the copying,
 * and so does a stop signal, even while the reader is not reading.  After
 * poll() says writable, a write of f->chunk (PIPE_BUF) bytes does not
 * block on a pipe; a write that blocks anyway is interrupted by the
 * signal (no SA_RESTART).
 */
static void
follow_write(struct follow *f, const char *data, size_t len)
{
	ssize_t	n;

	while (len > 0 && !f->broken) {
		if (!watch_writable(f->outfd)) {
			f->broken = 1;
			return;
		}
		n = write(f->outfd, data, len < f->chunk ? len : f->chunk);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			f->broken = 1;
			/*
			 * The job's stdout can no longer reach anybody: the
			 * job is stopped as a command writing there would be
			 * (SIGPIPE).  A lost stderr only loses the messages.
			 */
			if (f->outfd == STDOUT_FILENO) {
				watch_out_errno = errno;
				if (watch_stop == 0)
					watch_stop = SIGPIPE;
			}
			return;
		}
		data += n;
		len -= n;
	}
}

/* Copies what is new in the file, whole lines only unless final. */
static int
follow_pump(struct follow *f, int final)
{
	char	chunk[65536];
	ssize_t	n;
	size_t	cut;
	int	got = 0;

	if (f->fd == -1) {
		f->fd = open(f->path, O_RDONLY|O_CLOEXEC);
		if (f->fd == -1)
			return 0;
	}
	for (;;) {
		if (watch_stop != 0)
			return got;
		n = read(f->fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got = 1;
		buf_add(&f->pending, chunk, n);
		cut = watch_cut(f->pending.data, f->pending.len, 0);
		follow_write(f, f->pending.data, cut);
		buf_consume(&f->pending, cut);
	}
	if (final) {
		follow_write(f, f->pending.data, f->pending.len);
		buf_reset(&f->pending);
	}
	return got;
}

/* Starts following path onto outfd: pipes and sockets get small writes. */
static void
follow_init(struct follow *f, const char *path, int outfd)
{
	struct stat	st;

	memset(f, 0, sizeof *f);
	f->path = path;
	f->fd = -1;
	f->outfd = outfd;
	f->pending = (struct buf)BUF_INIT;
	f->chunk = SIZE_MAX;
	if (fstat(outfd, &st) == 0 && (S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode)))
		f->chunk = PIPE_BUF;
}

static void
follow_close(struct follow *f)
{
	if (f->fd != -1)
		close(f->fd);
	f->fd = -1;
	buf_release(&f->pending);
}

int
watch_marker(const char *path, int *code)
{
	char		 text[32];
	const char	*errstr;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY|O_CLOEXEC)) == -1)
		return 0;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	text[strcspn(text, "\n")] = '\0';
	*code = strtonum(text, 0, 255, &errstr);
	if (errstr != NULL) {
		log_warn("exit marker '%s' holds '%s': %s", path, text, errstr);
		*code = 1;
	}
	return 1;
}

void
watch_sleep(int ms)
{
	struct pollfd	pfd[2] = { { watch_pipe[0], POLLIN, 0 },
			    { watch_eof_fd, POLLIN, 0 } };

	if (poll(pfd, watch_eof_fd != -1 ? 2 : 1, ms) <= 0)
		return;
	watch_drain();
	if (watch_eof_fd != -1 && pfd[1].revents != 0)
		watch_eof_read(pfd[1].revents);
}

/* Cancels the job after a signal; returns 128+N as a shell would. */
static int
watch_cancel(const struct sched *sched, struct sched_job *job)
{
	char	*cause = NULL;
	int	 sig = watch_stop;

	watch_did_cancel = 1;
	log_progress("%s: cancelling job %s", strsignal(sig), job->id);
	if (sched->cancel(job, &cause) == -1) {
		log_error("cannot cancel job %s: %s", job->id, cause);
		if (sched->cancel_command != NULL)
			log_error("cancel it yourself with: %s %s",
			    sched->cancel_command, job->id);
		else
			log_error("job %s may still be running", job->id);
		free(cause);
	} else
		log_progress("job %s cancelled", job->id);
	return 128 + sig;
}

long long
watch_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Asks the scheduler about the job when its poll interval allows; a
 * failing scheduler is asked again later, backing off, and never ends the
 * wait by itself.
 */
static void
watch_poll(const struct sched *sched, struct sched_job *job,
    long long *next, int *backoff)
{
	long long	 now = watch_now();
	int		 interval = sched_poll_interval(sched);
	char		*cause = NULL;

	if (now < *next)
		return;
	if (sched->poll(&job, 1, &cause) == 0) {
		*backoff = 1;
		*next = now + interval * 1000LL;
		return;
	}
	if (*backoff == 1)
		log_warn("%s; asking again later", cause);
	else
		log_debug(1, "%s", cause);
	free(cause);
	*next = now + interval * 1000LL * *backoff;
	if (*backoff < 8)
		*backoff *= 2;
}

/* Repeats the scheduler's own notes about the job from its log. */
static void
watch_notes(const struct sched *sched, const struct sched_job *job,
    const struct jobdir *jd)
{
	char	 line[1024], *p, *colon;
	size_t	 n;
	FILE	*fp;

	if (sched->note_prefix == NULL || (fp = fopen(jd->log, "r")) == NULL)
		return;
	n = strlen(sched->note_prefix);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strncmp(line, sched->note_prefix, n) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		/* "slurmstepd-NODE: error: ...": the words after the name. */
		p = line + n;
		if (n > 0 && sched->note_prefix[n - 1] != ' ' &&
		    (colon = strstr(p, ": ")) != NULL)
			p = colon + 2;
		log_error("job %s: %s", job->id, p);
	}
	fclose(fp);
}

/*
 * Says why a job that ended before its streams were opened could not set
 * itself up: the line the job script left in the reason file, as nothing
 * of the job's stderr reached ours.
 */
static void
watch_reason(const struct sched_job *job, const struct jobdir *jd, int code)
{
	char	 line[1024];
	FILE	*fp;

	if (code < JOB_EXIT_EXECDIR || code > JOB_EXIT_STREAMS)
		return;
	if ((fp = fopen(jd->reason, "r")) != NULL) {
		if (fgets(line, sizeof line, fp) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			log_error("job %s: %s", job->id, line);
			fclose(fp);
			return;
		}
		fclose(fp);
	}
	log_error("job %s could not set itself up (exit code %d) and left "
	    "no reason; see %s", job->id, code, jd->log);
}

/*
 * A job that ended without leaving its exit marker may have found its
 * directory full (or read-only): a test write there says so, naming the
 * marker the job could not write.
 */
static void
watch_check_dir(const struct sched_job *job, const struct jobdir *jd)
{
	char	*probe;
	int	 fd, saved = 0;

	xasprintf(&probe, "%s/.probe", jd->dir);
	if ((fd = open(probe, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC,
	    0600)) == -1)
		saved = errno;
	else {
		errno = ENOSPC;
		if (write(fd, "x", 1) != 1 || fsync(fd) == -1)
			saved = errno;
		if (close(fd) == -1 && saved == 0)
			saved = errno;
		unlink(probe);
	}
	if (saved != 0)
		log_error("job %s could not write '%s': %s; its output may be "
		    "incomplete", job->id, jd->exit_code, strerror(saved));
	free(probe);
}

/*
 * The code to exit with when our stdout failed: a reader that went away
 * gives 128+SIGPIPE without a word, as a command in a pipeline would;
 * any other error (a full disk, a closed stdout) is said, and gives 1.
 */
static int
watch_out_lost(const struct sched_job *job, int code)
{
	const char	*what;

	if (watch_out_errno == EPIPE)
		return 128 + SIGPIPE;
	what = watch_did_cancel ? "cancelled" : code >= 0 ? "finished" :
	    "ended";
	log_error("cannot write to standard output: %s; job %s %s",
	    strerror(watch_out_errno), job->id, what);
	return QXUB_EXIT_FAILURE;
}

int
watch_job(const struct sched *sched, struct sched_job *job,
    const struct jobdir *jd)
{
	struct follow	 out, err;
	int		 same = strcmp(jd->out, jd->err) == 0;
	int		 started = 0, code = -1, ms = WATCH_WAIT_MIN_MS;
	int		 backoff = 1, first;
	long long	 next_poll;

	follow_init(&out, jd->out, STDOUT_FILENO);
	follow_init(&err, jd->err, STDERR_FILENO);
	/* A first look soon after submission catches a job that never ran. */
	first = sched_poll_interval(sched);
	if (sched->poll_first < first)
		first = sched->poll_first;
	next_poll = watch_now() + first * 1000LL;
	for (;;) {
		if (!started && access(jd->started, F_OK) == 0) {
			started = 1;
			log_progress("job %s started", job->id);
		}
		/* The streams are opened once the job has truncated them. */
		if (started && (follow_pump(&out, 0) |
		    (!same && follow_pump(&err, 0))))
			ms = WATCH_WAIT_MIN_MS;
		/* First, so a job that writes faster than we copy stops too. */
		if (watch_stop != 0) {
			/* A lost stdout after the end: nothing to cancel. */
			if (watch_stop == SIGPIPE &&
			    watch_marker(jd->exit_code, &code))
				break;
			code = watch_cancel(sched, job);
			break;
		}
		if (watch_marker(jd->exit_code, &code))
			break;
		watch_poll(sched, job, &next_poll, &backoff);
		if (job->done) {
			/* The marker may have come just before the end. */
			if (!watch_marker(jd->exit_code, &code)) {
				code = job->exit_code;
				watch_check_dir(job, jd);
				watch_notes(sched, job, jd);
				if (job->reason != NULL)
					log_error("job %s: %s", job->id,
					    job->reason);
			}
			break;
		}
		watch_sleep(ms);
		if (ms < WATCH_WAIT_MAX_MS)
			ms *= 2;
	}
	if (!started)
		started = access(jd->started, F_OK) == 0;
	/* After a signal the rest is not copied: stdout may never drain. */
	if (watch_stop == 0 && started) {
		follow_pump(&out, 1);
		if (!same)
			follow_pump(&err, 1);
	} else if (watch_stop == 0)
		watch_reason(job, jd, code);
	follow_close(&out);
	follow_close(&err);
	if (watch_out_errno != 0)
		return watch_out_lost(job, code);
	if (code < 0) {
		log_error("job %s ended without an exit code (see %s)",
		    job->id, jd->log);
		code = 1;
	} else if (watch_stop == 0)
		log_progress("job %s finished with exit code %d", job->id,
		    code);
	return code;
}
