/* posix_spawnp with file actions, and shell-style exit codes. */
#include "autoconf.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "spawn.h"
#include "xmalloc.h"

extern char	**environ;

/*
 * Points the child's fd at a new pipe (whose ends go in pipefd) when
 * capture is set, else appends it to path when that is given; otherwise
 * the child inherits it.
 */
static int
spawn_redirect(posix_spawn_file_actions_t *fa, int fd, int capture,
    const char *path, int pipefd[2])
{
	if (capture) {
		if (pipe2(pipefd, O_CLOEXEC) == -1)
			return -1;
		posix_spawn_file_actions_adddup2(fa, pipefd[1], fd);
	} else if (path != NULL)
		posix_spawn_file_actions_addopen(fa, fd, path,
		    O_WRONLY|O_CREAT|O_APPEND, 0600);
	return 0;
}

/* Closes the open ends of a pipe pair. */
static void
spawn_close_pipe(int pipefd[2])
{
	if (pipefd[0] != -1)
		close(pipefd[0]);
	if (pipefd[1] != -1)
		close(pipefd[1]);
	pipefd[0] = pipefd[1] = -1;
}

int
spawn_start(struct spawn *sp, char **cause)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 all, none;
	short				 flags;
	int				 error, out[2] = { -1, -1 };
	int				 err[2] = { -1, -1 };
	int				 in[2] = { -1, -1 };

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	sigfillset(&all);
	sigemptyset(&none);
	flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
	if (sp->new_session)
		flags |= POSIX_SPAWN_SETSID;
	posix_spawnattr_setflags(&attr, flags);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setsigmask(&attr, &none);

	if (sp->feed_in) {
		if (pipe2(in, O_CLOEXEC) == -1) {
			error = errno;
			xasprintf(cause, "pipe: %s", strerror(error));
			goto out;
		}
		posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	} else if (!sp->keep_in)
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
		    sp->in_path != NULL ? sp->in_path : "/dev/null",
		    O_RDONLY, 0);
	if (spawn_redirect(&fa, STDOUT_FILENO, sp->capture_out, sp->out_path,
	    out) == -1 || spawn_redirect(&fa, STDERR_FILENO, sp->capture_err,
	    sp->err_path, err) == -1) {
		error = errno;
		xasprintf(cause, "pipe: %s", strerror(error));
		goto out;
	}
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
	if (sp->dir != NULL)
		posix_spawn_file_actions_addchdir_np(&fa, sp->dir);

	fflush(NULL);
	error = posix_spawnp(&sp->pid, sp->argv[0], &fa, &attr, sp->argv,
	    environ);
	if (error != 0)
		xasprintf(cause, "cannot run '%s': %s", sp->argv[0],
		    strerror(error));
out:
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (error != 0) {
		spawn_close_pipe(in);
		spawn_close_pipe(out);
		spawn_close_pipe(err);
		return -1;
	}
	/* The parent keeps only its ends: write for stdin, read for the rest. */
	if (in[0] != -1) {
		close(in[0]);
		fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	}
	sp->in_fd = in[1];
	if (out[1] != -1)
		close(out[1]);
	if (err[1] != -1)
		close(err[1]);
	sp->out_fd = out[0];
	sp->err_fd = err[0];
	return 0;
}

int
spawn_read_all(int fd, struct buf *b)
{
	char	chunk[8192];
	ssize_t	n;
	int	r = 0;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			r = -1;
		if (n <= 0)
			break;
		buf_add(b, chunk, n);
	}
	close(fd);
	return r;
}

/* Milliseconds left until deadline (a watch_now-style clock), or -1. */
static int
spawn_left(long long deadline)
{
	struct timespec	ts;
	long long	now;

	if (deadline < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
	return now >= deadline ? 0 : (int)(deadline - now);
}

int
spawn_capture(char *const *argv, struct buf *out, struct buf *err,
    char **cause)
{
	return spawn_capture_timeout(argv, out, err, -1, cause);
}

int
spawn_capture_timeout(char *const *argv, struct buf *out, struct buf *err,
    int timeout, char **cause)
{
	struct spawn	 sp = { 0 };
	struct pollfd	 pfd[2];
	struct timespec	 ts;
	struct buf	*dst[2] = { out, err };
	char		 chunk[8192];
	ssize_t		 n;
	long long	 deadline = -1;
	int		 status, open_fds = 2, i, left, r;

	sp.argv = argv;
	sp.capture_out = sp.capture_err = 1;
	if (spawn_start(&sp, cause) == -1)
		return -1;
	if (timeout >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		deadline = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000 +
		    timeout * 1000LL;
	}
	pfd[0].fd = sp.out_fd;
	pfd[1].fd = sp.err_fd;
	pfd[0].events = pfd[1].events = POLLIN;
	/* Both pipes at once, so a chatty stderr cannot block the child. */
	while (open_fds > 0) {
		if ((left = spawn_left(deadline)) == 0)
			break;
		if ((r = poll(pfd, 2, left)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; r > 0 && i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			n = read(pfd[i].fd, chunk, sizeof chunk);
			if (n == -1 && errno == EINTR)
				continue;
			if (n > 0) {
				if (dst[i] != NULL)
					buf_add(dst[i], chunk, n);
				continue;
			}
			close(pfd[i].fd);
			pfd[i].fd = -1;
			open_fds--;
		}
	}
	for (i = 0; i < 2; i++) {
		if (pfd[i].fd != -1)
			close(pfd[i].fd);
	}
	/* One that hangs is killed: left running, it could still act. */
	if (open_fds > 0 && spawn_left(deadline) == 0) {
		kill(sp.pid, SIGKILL);
		(void)spawn_wait(sp.pid, &status, 0);
		xasprintf(cause, "%s did not answer in %d s", argv[0],
		    timeout);
		return -1;
	}
	if (spawn_wait(sp.pid, &status, 0) == -1) {
		xasprintf(cause, "cannot wait for '%s': %s", argv[0],
		    strerror(errno));
		return -1;
	}
	return spawn_exit_code(status);
}

char *
spawn_which(const char *name)
{
	const char	*path = getenv("PATH"), *dir, *end;
	char		*file;

	if (path == NULL)
		path = "/usr/bin:/bin";
	for (dir = path; ; dir = end + 1) {
		end = dir + strcspn(dir, ":");
		if (end == dir)
			xasprintf(&file, "./%s", name);
		else
			xasprintf(&file, "%.*s/%s", (int)(end - dir), dir,
			    name);
		if (access(file, X_OK) == 0)
			return file;
		free(file);
		if (*end == '\0')
			return NULL;
	}
}

int
spawn_wait(pid_t pid, int *status, int flags)
{
	pid_t	r;

	do
		r = waitpid(pid, status, flags);
	while (r == -1 && errno == EINTR);
	return r == -1 ? -1 : (int)r;
}

int
spawn_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

int
spawn_foreground(char *const *argv, char **cause)
{
	struct sigaction	 ign, old_int, old_quit;
	struct spawn		 sp = { 0 };
	int			 status, r = -1;

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sp.argv = argv;
	sp.keep_in = 1;
	if (spawn_start(&sp, cause) == 0) {
		if (spawn_wait(sp.pid, &status, 0) == -1)
			xasprintf(cause, "waitpid: %s", strerror(errno));
		else
			r = spawn_exit_code(status);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return r;
}
