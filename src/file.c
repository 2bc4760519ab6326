/* Creating directories, writing whole files, replacing them atomically. */
#include "autoconf.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "log.h"
#include "xmalloc.h"

int
file_write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int
file_read(const char *path, size_t max, struct buf *b, char **cause)
{
	struct stat	 st;
	char		 chunk[8192];
	size_t		 total = 0;
	ssize_t		 n;
	int		 fd, r = -1;

	/* O_NONBLOCK: opening a FIFO with no writer must not wait for one. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    O_NOCTTY)) == -1 || fstat(fd, &st) == -1)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		xasprintf(cause, "cannot read '%s': not a regular file", path);
		goto out;
	}
	for (;;) {
		if ((n = read(fd, chunk, sizeof chunk)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		/* Counted as read, not by st_size: the file may grow. */
		if ((size_t)n > max - total) {
			xasprintf(cause, "cannot read '%s': larger than %zu "
			    "bytes", path, max);
			goto out;
		}
		buf_add(b, chunk, n);
		total += n;
	}
	r = 0;
	goto out;
fail:
	xasprintf(cause, "cannot read '%s': %s", path, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	return r;
}

int
file_mkdirs(const char *dir, mode_t mode, char **cause)
{
	char	*copy = xstrdup(dir), *p = copy;
	int	 saved;

	for (;;) {
		p = strchr(p + 1, '/');
		if (p != NULL)
			*p = '\0';
		if (*copy != '\0' && mkdir(copy, mode) == -1 &&
		    errno != EEXIST) {
			saved = errno;
			xasprintf(cause, "cannot create '%s': %s", copy,
			    strerror(saved));
			free(copy);
			errno = saved;
			return -1;
		}
		if (p == NULL)
			break;
		*p = '/';
	}
	free(copy);
	return 0;
}

/* Syncs the directory that holds path, so that a rename there lasts. */
static void
file_sync_dir(const char *path)
{
	char	*dir = xstrdup(path), *p;
	int	 fd;

	if ((p = strrchr(dir, '/')) != NULL) {
		*p = '\0';
		if ((fd = open(p == dir ? "/" : dir, O_RDONLY |
		    O_CLOEXEC)) != -1) {
			(void)fsync(fd);
			close(fd);
		}
	}
	free(dir);
}

/* Writes data to a temporary file beside path and renames it over path. */
static int
file_replace_tmp(const char *path, const char *tmp, int fd, const void *data,
    size_t len, mode_t mode, const struct stat *owner)
{
	int	 saved;

	/* Root changing someone's file keeps it theirs. */
	if (owner != NULL && (owner->st_uid != geteuid() ||
	    owner->st_gid != getegid()) &&
	    fchown(fd, owner->st_uid, owner->st_gid) == -1)
		log_debug(2, "cannot keep the owner of '%s': %s", path,
		    strerror(errno));
	if (file_write_all(fd, data, len) == -1 || fchmod(fd, mode) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1)
		return -1;
	return 0;
}

int
file_replace(const char *path, const void *data, size_t len, mode_t mode,
    const struct stat *owner, char **cause)
{
	sigset_t	 stop, old;
	char		*tmp;
	int		 fd, saved, r = -1;

	/*
	 * The signals that end qxub wait until the temporary file is
	 * renamed or removed: none of them may leave it behind.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGQUIT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old);
	xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) != -1) {
		if ((r = file_replace_tmp(path, tmp, fd, data, len, mode,
		    owner)) == -1) {
			saved = errno;
			unlink(tmp);
			errno = saved;
		}
	}
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (r == 0)
		file_sync_dir(path);
	else
		xasprintf(cause, "cannot write '%s': %s", path,
		    strerror(saved));
	free(tmp);
	errno = saved;
	return r;
}

char *
file_xdg_home(const char *var, const char *dflt, const char *path)
{
	const char	*v = getenv(var), *home;
	struct passwd	*pw;
	char		*full;

	if (v != NULL && v[0] == '/') {
		xasprintf(&full, "%s/%s", v, path);
		return full;
	}
	if ((home = getenv("HOME")) == NULL || *home == '\0') {
		pw = getpwuid(getuid());
		home = pw != NULL ? pw->pw_dir : "/";
	}
	xasprintf(&full, "%s/%s/%s", home, dflt, path);
	return full;
}
