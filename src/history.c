/* The history of submissions, as JSON Lines under $XDG_STATE_HOME/qxub. */
#include "autoconf.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "file.h"
#include "history.h"
#include "log.h"
#include "spawn.h"
#include "xmalloc.h"
#include "yaml.h"

/* Whether a record could not be written: said once a run. */
static int	history_warned;

/* The history file (heap). */
static char *
history_path(void)
{
	return file_xdg_home("XDG_STATE_HOME", ".local/state",
	    "qxub/history.jsonl");
}

/* Now, as ISO 8601 local time with its offset. */
static char *
history_now(void)
{
	struct tm	 tm;
	time_t		 t = time(NULL);
	char		 s[64];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
		snprintf(s, sizeof s, "%lld", (long long)t);
	return xstrdup(s);
}

/*
 * Appends line to the file under an exclusive lock in one write; a
 * short write (a full disk) is cut off again so no torn line stays.
 */
static int
history_write(const char *path, const struct buf *line, char **cause)
{
	struct stat	 st;
	char		*dir, *slash;
	int		 fd, saved;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if (file_mkdirs(dir, 0700, cause) == -1) {
		free(dir);
		return -1;
	}
	free(dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		goto fail;
	while (flock(fd, LOCK_EX) == -1) {
		if (errno != EINTR)
			goto fail_close;
	}
	if (fstat(fd, &st) == -1)
		goto fail_close;
	if (file_write_all(fd, line->data, line->len) == -1) {
		saved = errno;
		(void)!ftruncate(fd, st.st_size);
		errno = saved;
		goto fail_close;
	}
	if (close(fd) == -1)
		goto fail;
	return 0;
fail_close:
	saved = errno;
	close(fd);
	errno = saved;
fail:
	xasprintf(cause, "cannot write '%s': %s", path, strerror(errno));
	return -1;
}

int
history_append(struct ynode *rec)
{
	struct buf	 line = BUF_INIT;
	char		*path = history_path(), *cause = NULL, *now;
	int		 r;

	if (ynode_get(rec, "time") == NULL) {
		now = history_now();
		ynode_set(rec, "time", ynode_new_scalar(now, 0));
		free(now);
	}
	yaml_emit_json_line(&line, rec);
	ynode_free(rec);
	/* Once a run: the end of a job that is not there adds nothing. */
	if ((r = history_write(path, &line, &cause)) == -1) {
		if (!history_warned)
			log_warn("%s; the job is not in the history", cause);
		else
			log_debug(1, "%s", cause);
		history_warned = 1;
		free(cause);
	}
	buf_release(&line);
	free(path);
	return r;
}

int
history_end(const char *id, int exit_code, const char *state)
{
	struct ynode	*rec = ynode_new(YNODE_MAP);
	char		 code[16], *now = history_now();

	if (exit_code < 0)
		strlcpy(code, "null", sizeof code);
	else
		snprintf(code, sizeof code, "%d", exit_code);
	ynode_set(rec, "event", ynode_new_scalar("end", 0));
	ynode_set(rec, "job_id", ynode_new_scalar(id, 0));
	ynode_set(rec, "exit_code", ynode_new_scalar(code, 1));
	ynode_set(rec, "state", ynode_new_scalar(state, 0));
	ynode_set(rec, "ended", ynode_new_scalar(now, 0));
	free(now);
	return history_append(rec);
}

const char *
history_get(const struct ynode *rec, const char *key)
{
	const struct ynode	*v = ynode_get(rec, key);

	if (v == NULL || v->type != YNODE_SCALAR || (v->plain &&
	    strcmp(v->scalar, "null") == 0))
		return NULL;
	return v->scalar;
}

/* Moves the end record's fields onto the newest submission of its job. */
static void
history_merge(struct history *h, struct ynode *end)
{
	const char	*id = history_get(end, "job_id"), *other;
	static const char *const keys[] = { "exit_code", "state", "ended" };
	size_t		 i, k;

	for (i = h->n; id != NULL && i-- > 0;) {
		other = history_get(h->v[i], "job_id");
		if (other == NULL || strcmp(other, id) != 0)
			continue;
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			if (ynode_get(end, keys[k]) != NULL)
				ynode_set(h->v[i], keys[k],
				    ynode_take(end, keys[k]));
		}
		break;
	}
	ynode_free(end);
}

/*
 * One line of the history as a record (a mapping), or NULL.  A line
 * with a NUL byte in it is not one: the parser would stop at the NUL.
 */
static struct ynode *
history_parse(const char *line, size_t len, const char *path)
{
	struct ynode	*rec;
	char		*why = NULL;

	if (memchr(line, '\0', len) != NULL)
		return NULL;
	rec = yaml_load_string(line, len, path, &why);
	free(why);
	if (rec != NULL && rec->type != YNODE_MAP) {
		ynode_free(rec);
		rec = NULL;
	}
	return rec;
}

int
history_load(struct history *h, char **cause)
{
	struct buf	 text = BUF_INIT;
	struct ynode	*rec;
	char		*path = history_path(), *line, *end, *nl;
	size_t		 bad = 0, lineno = 0, len;
	int		 fd;

	memset(h, 0, sizeof *h);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		xasprintf(cause, "cannot read '%s': %s", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	if (spawn_read_all(fd, &text) == -1) {
		xasprintf(cause, "cannot read '%s': %s", path,
		    strerror(errno));
		buf_release(&text);
		free(path);
		return -1;
	}
	/* By length, not as strings: a stray NUL must not end the file. */
	end = text.data + text.len;
	for (line = text.data; line < end; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', end - line)) == NULL)
			nl = end;
		if ((len = nl - line) == 0)
			continue;
		if ((rec = history_parse(line, len, path)) == NULL) {
			if (bad++ == 0)
				log_warn("%s:%zu: not a history record "
				    "(skipped)", path, lineno);
			continue;
		}
		if (history_get(rec, "event") != NULL) {
			history_merge(h, rec);
			continue;
		}
		h->v = xreallocarray(h->v, h->n + 1, sizeof *h->v);
		h->v[h->n++] = rec;
	}
	buf_release(&text);
	free(path);
	return 0;
}

const struct ynode *
history_find(const struct history *h, const char *id, char **cause)
{
	const struct ynode	*found = NULL;
	const char		*other, *first = NULL;
	size_t			 i, len = strlen(id);
	struct buf		 many = BUF_INIT;
	int			 n = 0;

	for (i = h->n; i-- > 0;) {
		if ((other = history_get(h->v[i], "job_id")) == NULL ||
		    strncmp(other, id, len) != 0)
			continue;
		if (strcmp(other, id) == 0) {
			/* An exact id wins over the longer ids it starts. */
			found = h->v[i];
			n = 1;
			break;
		}
		if (first != NULL && strcmp(first, other) == 0)
			continue;
		if (found == NULL) {
			found = h->v[i];
			first = other;
		}
		buf_addf(&many, "%s%s", n++ > 0 ? ", " : "", other);
	}
	if (n > 1) {
		xasprintf(cause, "job id '%s' is the start of several jobs "
		    "(%s)", id, many.data);
		found = NULL;
	}
	buf_release(&many);
	return found;
}

const struct ynode *
history_latest(const struct history *h)
{
	size_t	i;

	for (i = h->n; i-- > 0;) {
		if (history_get(h->v[i], "job_id") != NULL)
			return h->v[i];
	}
	return NULL;
}

void
history_free(struct history *h)
{
	size_t	i;

	for (i = 0; i < h->n; i++)
		ynode_free(h->v[i]);
	free(h->v);
	memset(h, 0, sizeof *h);
}
