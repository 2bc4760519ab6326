/*
 * Files qxub writes: directories made with their parents, whole writes,
 * and files that others read replaced atomically (a temporary file beside
 * the old one, synced, then renamed over it).
 */
#ifndef FILE_H
#define FILE_H

#include <sys/types.h>
#include <stddef.h>

struct buf;
struct stat;

/* Writes all of len bytes to fd, retrying on EINTR; -1 with errno. */
int	file_write_all(int fd, const void *data, size_t len);
/*
 * Appends the contents of the regular file at path to b, at most max
 * bytes of it; a FIFO or device is refused without waiting on it.  -1
 * with *cause ("cannot read 'PATH': ...", "not a regular file" or
 * "larger than MAX bytes"); b may then hold part of the file.
 */
int	file_read(const char *path, size_t max, struct buf *b, char **cause);
/*
 * Creates dir and its missing parents with mode (as the umask allows);
 * -1 with *cause ("cannot create 'DIR': ...") naming the one that failed,
 * and errno.
 */
int	file_mkdirs(const char *dir, mode_t mode, char **cause);
/*
 * Replaces path with len bytes of data, given mode and, when owner is
 * not NULL, owner's user and group: a temporary file in the same
 * directory, written, synced and renamed over path; the directory is
 * synced too.  -1 with *cause ("cannot write 'PATH': ...") and errno,
 * path untouched.
 */
int	file_replace(const char *path, const void *data, size_t len,
	    mode_t mode, const struct stat *owner, char **cause);

/*
 * path in a per-user XDG base directory: $var when it is an absolute
 * path, else dflt under $HOME (or the password file's home).
 */
char	*file_xdg_home(const char *var, const char *dflt, const char *path);

#endif /* FILE_H */
