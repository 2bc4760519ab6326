/*
 * Following a job: its stdout and stderr files are streamed to ours, whole
 * lines at a time, until the exit marker appears or the scheduler says the
 * job has ended.  SIGINT, SIGTERM and SIGHUP cancel the job.
 */
#ifndef WATCH_H
#define WATCH_H

#include <stddef.h>

struct jobdir;
struct sched;
struct sched_job;

/* Longest partial line held back before it is written anyway. */
#define WATCH_LINE_MAX	(64 * 1024)

/* Catches SIGINT, SIGTERM, SIGHUP and SIGCHLD from now on, for watch_job(). */
void	watch_signals(void);
/* The signal that asked qxub to stop (SIGINT, ...), or 0. */
int	watch_stop_signal(void);
/* Whether watch_job cancelled the job (a signal, a lost stdout). */
int	watch_cancelled(void);
/*
 * Watches fd while following a job: its end counts as SIGHUP.  The remote
 * end of a remote platform watches its stdin, which ssh holds open.
 */
void	watch_eof_hangup(int fd);
/* Milliseconds on a clock that only moves forward. */
long long watch_now(void);
/* Readable after each caught signal (for poll); watch_drain() empties it. */
int	watch_signal_fd(void);
void	watch_drain(void);
/*
 * Sleeps until a caught signal arrives or ms pass (after watch_signals),
 * and reads the descriptor whose end is a hangup.
 */
void	watch_sleep(int ms);
/* Reads an exit marker: 1 with *code when present, 0 when not yet. */
int	watch_marker(const char *path, int *code);
/* Streams the job's output until it ends; returns the code to exit with. */
int	watch_job(const struct sched *sched, struct sched_job *job,
	    const struct jobdir *jd);
/*
 * How many of the len bytes at data can be written without splitting a
 * line: up to the last newline, or all of them when final or when no
 * newline came in WATCH_LINE_MAX bytes.
 */
size_t	watch_cut(const char *data, size_t len, int final);

#endif /* WATCH_H */
