/* Job directories under $XDG_STATE_HOME/qxub/jobs. */
#include "autoconf.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "jobdir.h"
#include "jobspec.h"
#include "xmalloc.h"

/* Longest job-name part of a directory name; the rest is time and suffix. */
#define JOBDIR_NAME_MAX	64

char *
jobdir_root(void)
{
	return file_xdg_home("XDG_STATE_HOME", ".local/state", "qxub/jobs");
}

/* Fills in every path from the directory name. */
static void
jobdir_paths(struct jobdir *jd, const struct jobspec *js)
{
	xasprintf(&jd->script, "%s/job.sh", jd->dir);
	if (js->out != NULL)
		jd->out = xstrdup(js->out);
	else
		xasprintf(&jd->out, "%s/out", jd->dir);
	if (js->err != NULL)
		jd->err = xstrdup(js->err);
	else
		xasprintf(&jd->err, "%s/err", jd->dir);
	if (js->joblog != NULL)
		jd->log = xstrdup(js->joblog);
	else
		xasprintf(&jd->log, "%s/log", jd->dir);
	xasprintf(&jd->started, "%s/started", jd->dir);
	xasprintf(&jd->exit_code, "%s/exit_code", jd->dir);
	xasprintf(&jd->reason, "%s/reason", jd->dir);
}

/* ROOT/NAME-YYYYmmdd-HHMMSS-XXXXXX, the template for mkdtemp. */
static char *
jobdir_template(const struct jobspec *js)
{
	char		 stamp[32], *root, *t;
	time_t		 now = time(NULL);
	struct tm	*tm = localtime(&now);

	if (tm == NULL || strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S",
	    tm) == 0)
		snprintf(stamp, sizeof stamp, "%lld", (long long)now);
	root = jobdir_root();
	xasprintf(&t, "%s/%.*s-%s-XXXXXX", root, JOBDIR_NAME_MAX, js->name,
	    stamp);
	free(root);
	return t;
}

void
jobdir_plan(struct jobdir *jd, const struct jobspec *js)
{
	memset(jd, 0, sizeof *jd);
	jd->dir = jobdir_template(js);
	jobdir_paths(jd, js);
}

int
jobdir_create(struct jobdir *jd, const struct jobspec *js, char **cause)
{
	struct stat	 st;
	char		*root;

	memset(jd, 0, sizeof *jd);
	root = jobdir_root();
	if (file_mkdirs(root, 0700, cause) == -1) {
		free(root);
		return -1;
	}
	free(root);
	jd->dir = jobdir_template(js);
	if (mkdtemp(jd->dir) == NULL) {
		xasprintf(cause, "cannot create '%s': %s", jd->dir,
		    strerror(errno));
		jobdir_clear(jd);
		return -1;
	}
	jobdir_paths(jd, js);
	jd->log_kept = js->joblog != NULL && lstat(js->joblog, &st) == 0;
	return 0;
}

int
jobdir_write_script(struct jobdir *jd, const char *text, size_t len,
    char **cause)
{
	int	fd, saved;

	fd = open(jd->script, O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0700);
	if (fd == -1)
		goto fail;
	if (file_write_all(fd, text, len) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	if (close(fd) == -1)
		goto fail;
	return 0;
fail:
	xasprintf(cause, "cannot write '%s': %s", jd->script, strerror(errno));
	return -1;
}

void
jobdir_remove(struct jobdir *jd)
{
	/* The stream files are made by the job itself, so none exist yet. */
	if (jd->script != NULL)
		unlink(jd->script);
	/* A joblog made for this job goes; one of the user's stays as is. */
	if (jd->log != NULL && !jd->log_kept)
		unlink(jd->log);
	if (jd->dir != NULL)
		rmdir(jd->dir);
}

void
jobdir_clear(struct jobdir *jd)
{
	free(jd->dir);
	free(jd->script);
	free(jd->out);
	free(jd->err);
	free(jd->log);
	free(jd->started);
	free(jd->exit_code);
	free(jd->reason);
	memset(jd, 0, sizeof *jd);
}
