/* posix_spawnp with file actions, and shell-style exit codes. */
#include "config.h"

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
#include <unistd.h>

#include "buf.h"
#include "spawn.h"
#include "xmalloc.h"

extern char	**environ;

int
spawn_start(struct spawn *sp, char **cause)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 all, none;
	short				 flags;
	int				 error, p[2] = { -1, -1 };
	int				 e[2] = { -1, -1 };

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

	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
	    sp->in_path != NULL ? sp->in_path : "/dev/null", O_RDONLY, 0);
	if (sp->capture_out) {
		if (pipe2(p, O_CLOEXEC) == -1) {
			xasprintf(cause, "pipe: %s", strerror(errno));
			posix_spawn_file_actions_destroy(&fa);
			posix_spawnattr_destroy(&attr);
			return -1;
		}
		posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	} else if (sp->out_path != NULL)
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
		    sp->out_path, O_WRONLY|O_CREAT|O_APPEND, 0600);
	if (sp->capture_err) {
		if (pipe2(e, O_CLOEXEC) == -1) {
			xasprintf(cause, "pipe: %s", strerror(errno));
			if (p[0] != -1) {
				close(p[0]);
				close(p[1]);
			}
			posix_spawn_file_actions_destroy(&fa);
			posix_spawnattr_destroy(&attr);
			return -1;
		}
		posix_spawn_file_actions_adddup2(&fa, e[1], STDERR_FILENO);
	} else if (sp->err_path != NULL)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
		    sp->err_path, O_WRONLY|O_CREAT|O_APPEND, 0600);
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
	if (sp->dir != NULL)
		posix_spawn_file_actions_addchdir_np(&fa, sp->dir);

	fflush(NULL);
	error = posix_spawnp(&sp->pid, sp->argv[0], &fa, &attr, sp->argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (p[1] != -1)
		close(p[1]);
	if (e[1] != -1)
		close(e[1]);
	if (error != 0) {
		if (p[0] != -1)
			close(p[0]);
		if (e[0] != -1)
			close(e[0]);
		xasprintf(cause, "cannot run '%s': %s", sp->argv[0],
		    strerror(error));
		return -1;
	}
	sp->out_fd = p[0];
	sp->err_fd = e[0];
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

int
spawn_capture(char *const *argv, struct buf *out, struct buf *err,
    char **cause)
{
	struct spawn	 sp = { 0 };
	struct pollfd	 pfd[2];
	struct buf	*dst[2] = { out, err };
	char		 chunk[8192];
	ssize_t		 n;
	int		 status, open_fds = 2, i;

	sp.argv = argv;
	sp.capture_out = sp.capture_err = 1;
	if (spawn_start(&sp, cause) == -1)
		return -1;
	pfd[0].fd = sp.out_fd;
	pfd[1].fd = sp.err_fd;
	pfd[0].events = pfd[1].events = POLLIN;
	/* Both pipes at once, so a chatty stderr cannot block the child. */
	while (open_fds > 0) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
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
