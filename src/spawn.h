/*
 * Starting programs: an argv and posix_spawnp, never a shell unless the
 * shell is the point.  Children get default signal dispositions and an
 * empty signal mask, and no descriptors beyond 0, 1 and 2.
 */
#ifndef SPAWN_H
#define SPAWN_H

#include <sys/types.h>

struct buf;

struct spawn {
	char *const	*argv;
	const char	*dir;		/* working directory, or NULL */
	const char	*in_path;	/* stdin; NULL: /dev/null */
	int		 keep_in;	/* stdin: ours (a terminal) */
	int		 feed_in;	/* stdin from a pipe written to in_fd */
	const char	*out_path;	/* stdout appended here; NULL: ours */
	const char	*err_path;	/* stderr appended here; NULL: ours */
	int		 capture_out;	/* stdout to a pipe read from out_fd */
	int		 capture_err;	/* stderr to a pipe read from err_fd */
	int		 new_session;	/* setsid(): own session and group */
	pid_t		 pid;		/* set by spawn_start */
	/* set by spawn_start (feed_in): non-blocking, close-on-exec */
	int		 in_fd;
	int		 out_fd;	/* set by spawn_start (capture_out) */
	int		 err_fd;	/* set by spawn_start (capture_err) */
};

/* Starts the program; returns -1 with *cause set when it cannot start. */
int	spawn_start(struct spawn *sp, char **cause);
/* Reads fd to its end into b, then closes it; -1 on a read error. */
int	spawn_read_all(int fd, struct buf *b);
/*
 * Runs argv to completion with stdin from /dev/null, collecting its stdout
 * and stderr (either may be NULL to discard it); returns its exit code
 * (128+N for signal N), or -1 with *cause when it cannot be run.
 */
int	spawn_capture(char *const *argv, struct buf *out, struct buf *err,
	    char **cause);
/*
 * spawn_capture, but a program that has not closed its output after
 * timeout seconds (-1: no limit) is killed with SIGKILL and reaped, and
 * -1 comes back with *cause "NAME did not answer in N s".
 */
int	spawn_capture_timeout(char *const *argv, struct buf *out,
	    struct buf *err, int timeout, char **cause);
/*
 * Runs argv in the foreground with our stdin, stdout and stderr (a
 * terminal's session), ignoring SIGINT and SIGQUIT while it runs: they
 * are the session's.  Returns its exit code, or -1 with *cause.
 */
int	spawn_foreground(char *const *argv, char **cause);
/* The path of the program name as PATH finds it (heap), or NULL. */
char	*spawn_which(const char *name);
/* Waits for pid, retrying on EINTR; returns its wait status or -1. */
int	spawn_wait(pid_t pid, int *status, int flags);
/* Maps a wait status to a shell-style exit code (128+N for signal N). */
int	spawn_exit_code(int status);

#endif /* SPAWN_H */
