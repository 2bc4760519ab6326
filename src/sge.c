/* Grid Engine's output formats and exit codes. */
#include "autoconf.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qxub.h"
#include "sge.h"
#include "xmalloc.h"

/*
 * Grid Engine's failed field: 0 the job ran; 37 (qmaster) and 40 (execd)
 * it was killed at its h_rt/h_cpu/h_vmem limit; 100 it ran and ended
 * after the job itself (a signal, a qdel): exit_status tells.  Any other
 * value means it could not be started or set up.
 */
#define SGE_FAILED_LIMIT_QMASTER	37
#define SGE_FAILED_LIMIT_EXECD		40
#define SGE_FAILED_AFTER_JOB		100

/*
 * The text of the first <tag>...</tag> between p and end, or NULL.
 * Job numbers and states hold no XML entities.
 */
static char *
sge_tag(const char *p, const char *end, const char *tag)
{
	const char	*v, *close;
	size_t		 len = strlen(tag);

	for (v = p; (v = memchr(v, '<', end - v)) != NULL; v++) {
		if ((size_t)(end - v) > len + 2 && strncmp(v + 1, tag,
		    len) == 0 && v[len + 1] == '>')
			break;
	}
	if (v == NULL)
		return NULL;
	v += len + 2;
	for (close = v; close < end && *close != '<'; close++)
		;
	if (close == end)
		return NULL;
	while (v < close && isspace((unsigned char)*v))
		v++;
	while (close > v && isspace((unsigned char)close[-1]))
		close--;
	return xstrndup(v, close - v);
}

struct sge_status *
sge_parse_qstat(const char *text, size_t *n)
{
	struct sge_status	*v = NULL;
	const char		*p = text, *end;
	char			*id, *state;

	*n = 0;
	while ((p = strstr(p, "<job_list")) != NULL) {
		if ((end = strstr(p, "</job_list>")) == NULL)
			break;
		id = sge_tag(p, end, "JB_job_number");
		state = sge_tag(p, end, "state");
		if (id != NULL && state != NULL) {
			v = xreallocarray(v, *n + 1, sizeof *v);
			v[*n].id = id;
			v[(*n)++].state = state;
		} else {
			free(id);
			free(state);
		}
		p = end;
	}
	return v;
}

void
sge_status_free(struct sge_status *st, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(st[i].id);
		free(st[i].state);
	}
	free(st);
}

/* A whole decimal number of text (to eol), into *out; -1 when not one. */
static int
sge_number(const char *s, const char *eol, long *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	while (end < eol && isspace((unsigned char)*end))
		end++;
	if (errno != 0 || end == s || end != eol)
		return -1;
	*out = v;
	return 0;
}

struct sge_acct *
sge_parse_qacct(const char *text, size_t *n)
{
	struct sge_acct	*v = NULL, *a = NULL;
	const char	*line, *eol, *val;
	size_t		 klen;

	*n = 0;
	for (line = text; *line != '\0'; line = *eol != '\0' ? eol + 1 :
	    eol) {
		eol = line + strcspn(line, "\n");
		/* A line of '=' starts the next record. */
		if (*line == '=') {
			v = xreallocarray(v, *n + 1, sizeof *v);
			a = &v[(*n)++];
			memset(a, 0, sizeof *a);
			a->failed = -1;
			a->exit_status = -1;
			continue;
		}
		if (a == NULL)
			continue;
		klen = strcspn(line, " \t\n");
		for (val = line + klen; val < eol && isspace((unsigned
		    char)*val); val++)
			;
		if (klen == 9 && strncmp(line, "jobnumber", 9) == 0) {
			free(a->id);
			a->id = xstrndup(val, strcspn(val, " \t\n"));
		} else if (klen == 6 && strncmp(line, "failed", 6) == 0) {
			/* "failed 37 : qmaster enforced h_rt limit" */
			if (sge_number(val, val + strcspn(val, " \t\n:"),
			    &a->failed) == -1)
				a->failed = -1;
		} else if (klen == 11 && strncmp(line, "exit_status",
		    11) == 0) {
			if (sge_number(val, val + strcspn(val, " \t\n"),
			    &a->exit_status) == -1)
				a->exit_status = -1;
		}
	}
	return v;
}

void
sge_acct_free(struct sge_acct *a, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(a[i].id);
	free(a);
}

char
sge_state_letter(const char *state)
{
	if (sge_state_error(state))
		return 'E';
	if (strchr(state, 'd') != NULL)
		return 'E';	/* being deleted */
	if (strchr(state, 's') != NULL || strchr(state, 'S') != NULL ||
	    strchr(state, 'T') != NULL)
		return 'S';
	/* A hold on a task that already runs (hr) leaves it running. */
	if (strchr(state, 'r') != NULL || strchr(state, 't') != NULL)
		return 'R';
	if (strchr(state, 'h') != NULL)
		return 'H';
	return 'Q';
}

int
sge_state_error(const char *state)
{
	return strchr(state, 'E') != NULL;
}

int
sge_exit_code(const struct sge_acct *a, const char **reason)
{
	*reason = NULL;
	if (a->failed == SGE_FAILED_LIMIT_QMASTER ||
	    a->failed == SGE_FAILED_LIMIT_EXECD) {
		*reason = "Grid Engine killed it at its run time or memory "
		    "limit";
		return QXUB_EXIT_LIMIT;
	}
	if (a->failed != 0 && a->failed != SGE_FAILED_AFTER_JOB) {
		*reason = "Grid Engine could not start it";
		return QXUB_EXIT_NOSTART;
	}
	if (a->exit_status < 0 || a->exit_status > 255) {
		*reason = "Grid Engine gave no exit status";
		return -1;
	}
	return (int)a->exit_status;
}

char *
sge_job_number(const char *text)
{
	size_t	len;

	text += strspn(text, " \t\n");
	len = strspn(text, "0123456789");
	if (len == 0)
		return NULL;
	return xstrndup(text, len);
}
