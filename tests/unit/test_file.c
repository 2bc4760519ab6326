/*
 * Unit tests for file.c: file_replace leaves no temporary file behind,
 * even when a signal that ends qxub arrives between writing and renaming.
 * The test links with -Wl,--wrap=rename, so the signal is raised at
 * exactly that point, every run.
 */
#include "autoconf.h"

#include <sys/stat.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "tap.h"

int	__real_rename(const char *, const char *);
int	__wrap_rename(const char *, const char *);

static char	dir[64];
static int	raise_in_rename, renamed;
static volatile sig_atomic_t	caught, caught_after_rename, files_when_caught;

/* The entries of dir, "." and ".." not counted. */
static int
count_files(void)
{
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	}
	closedir(d);
	return n;
}

/*
 * Raised synchronously from the code under test (never from outside),
 * so calling opendir here is safe.
 */
static void
on_term(int sig)
{
	(void)sig;
	caught = 1;
	caught_after_rename = renamed;
	files_when_caught = count_files();
}

int
__wrap_rename(const char *from, const char *to)
{
	int	r;

	if (raise_in_rename)
		raise(SIGTERM);
	r = __real_rename(from, to);
	renamed = 1;
	return r;
}

/* The content of path, or "" (static). */
static const char *
slurp(const char *path)
{
	static char	 text[256];
	FILE		*f;
	size_t		 n = 0;

	text[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		fclose(f);
	}
	return text;
}

int
main(void)
{
	struct sigaction	 sa;
	sigset_t		 mask;
	char			 path[128], sub[128], *cause = NULL;
	const char		*tmpdir = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/test_file.XXXXXX",
	    tmpdir != NULL && *tmpdir == '/' ? tmpdir : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/config.yaml", dir);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);

	ok(file_replace(path, "a: 1\n", 5, 0644, NULL, &cause) == 0,
	    "file_replace writes a new file");
	is_str(slurp(path), "a: 1\n", "with its content");
	ok(count_files() == 1, "and leaves no temporary file");

	/* SIGTERM between write and rename waits until the rename is done. */
	raise_in_rename = 1;
	renamed = 0;
	ok(file_replace(path, "a: 2\n", 5, 0644, NULL, &cause) == 0,
	    "file_replace with a SIGTERM before its rename");
	ok(caught, "the signal is delivered before file_replace returns");
	ok(caught && caught_after_rename, "but only after the rename");
	ok(files_when_caught == 1,
	    "when it is delivered no temporary file is left");
	is_str(slurp(path), "a: 2\n", "the file has the new content");

	/* A failed rename removes the temporary file; the mask is restored. */
	snprintf(sub, sizeof sub, "%s/dir", dir);
	mkdir(sub, 0755);
	caught = 0;
	ok(file_replace(sub, "x", 1, 0644, NULL, &cause) == -1 &&
	    cause != NULL && strncmp(cause, "cannot write '", 14) == 0,
	    "a rename over a directory fails with a cause");
	free(cause);
	cause = NULL;
	ok(caught && files_when_caught == 2,
	    "the signal comes once its temporary file is removed");
	sigprocmask(SIG_SETMASK, NULL, &mask);
	ok(!sigismember(&mask, SIGTERM) && !sigismember(&mask, SIGINT) &&
	    !sigismember(&mask, SIGHUP) && !sigismember(&mask, SIGQUIT),
	    "the signal mask is restored");
	ok(count_files() == 2, "only the file and the directory remain");

	rmdir(sub);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
