/* Slurm's output formats and exit codes. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "qxub.h"
#include "slurm.h"
#include "xmalloc.h"

/* Appends an empty status to *v. */
static struct slurm_status *
slurm_add(struct slurm_status **v, size_t *n)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* Reads "N:S" into st; 0 when value is one. */
static int
slurm_exit_field(struct slurm_status *st, const char *value, size_t len)
{
	char	*end;
	long	 code, sig;

	code = strtol(value, &end, 10);
	if (end == value || *end != ':' || (size_t)(end - value) >= len)
		return -1;
	sig = strtol(end + 1, &end, 10);
	if ((size_t)(end - value) != len)
		return -1;
	st->has_exit = 1;
	st->exit_code = (int)code;
	st->exit_signal = (int)sig;
	return 0;
}

/* A state word without sacct's " by UID" ("CANCELLED by 0"). */
static char *
slurm_state_word(const char *s, size_t len)
{
	return xstrndup(s, strcspn(s, " ") < len ? strcspn(s, " ") : len);
}

struct slurm_status *
slurm_parse_lines(const char *text, size_t *n)
{
	struct slurm_status	*v = NULL, *st;
	const char		*line, *eol, *p, *f[3];
	size_t			 len[3], nf;

	*n = 0;
	for (line = text; *line != '\0'; line = *eol != '\0' ? eol + 1 :
	    eol) {
		eol = line + strcspn(line, "\n");
		for (nf = 0, p = line; nf < 3;) {
			f[nf] = p;
			len[nf] = strcspn(p, "|\n");
			p += len[nf++];
			if (*p != '|')
				break;
			p++;
		}
		if (nf < 2 || len[0] == 0 || len[1] == 0)
			continue;	/* not a job's line */
		st = slurm_add(&v, n);
		st->id = xstrndup(f[0], len[0]);
		st->state = slurm_state_word(f[1], len[1]);
		if (nf == 3 && len[2] > 0 &&
		    slurm_exit_field(st, f[2], len[2]) == -1)
			st->reason = xstrndup(f[2], len[2]);
	}
	return v;
}

/* The value of KEY= among the words of line (up to its end), or NULL. */
static const char *
slurm_word(const char *line, const char *end, const char *key, size_t *len)
{
	size_t		 k = strlen(key);
	const char	*p;

	for (p = line; p < end; p += strcspn(p, " \n"), p += strspn(p, " ")) {
		if ((size_t)(end - p) > k && strncmp(p, key, k) == 0 &&
		    p[k] == '=') {
			*len = strcspn(p + k + 1, " \n");
			return p + k + 1;
		}
	}
	return NULL;
}

struct slurm_status *
slurm_parse_scontrol(const char *text, size_t *n)
{
	struct slurm_status	*v = NULL, *st;
	const char		*line, *end, *id, *state, *code, *why;
	size_t			 ilen, slen, clen, wlen;

	*n = 0;
	for (line = text; line != NULL && *line != '\0'; line = end) {
		end = line + strcspn(line, "\n");
		if ((id = slurm_word(line, end, "JobId", &ilen)) != NULL &&
		    (state = slurm_word(line, end, "JobState", &slen)) !=
		    NULL) {
			st = slurm_add(&v, n);
			st->id = xstrndup(id, ilen);
			st->state = xstrndup(state, slen);
			if ((code = slurm_word(line, end, "ExitCode",
			    &clen)) != NULL)
				slurm_exit_field(st, code, clen);
			if ((why = slurm_word(line, end, "Reason", &wlen)) !=
			    NULL)
				st->reason = xstrndup(why, wlen);
		}
		end = *end == '\n' ? end + 1 : NULL;
	}
	return v;
}

void
slurm_status_free(struct slurm_status *st, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(st[i].id);
		free(st[i].state);
		free(st[i].reason);
	}
	free(st);
}

/* The states of a job that has ended, and what they mean for qxub. */
static const struct {
	const char	*state;
	int		 code;		/* 0: the job's own */
	const char	*reason;
} slurm_ends[] = {
	{ "COMPLETED", 0, NULL },
	{ "FAILED", 0, NULL },
	{ "CANCELLED", QXUB_EXIT_DELETED, "cancelled before it ran" },
	{ "TIMEOUT", QXUB_EXIT_LIMIT, "killed at its time limit (TIMEOUT)" },
	{ "OUT_OF_MEMORY", QXUB_EXIT_LIMIT,
	  "killed at its memory limit (OUT_OF_MEMORY)" },
	{ "NODE_FAIL", QXUB_EXIT_NOSTART, "its node failed (NODE_FAIL)" },
	{ "BOOT_FAIL", QXUB_EXIT_NOSTART,
	  "its node did not boot (BOOT_FAIL)" },
	{ "DEADLINE", QXUB_EXIT_NOSTART, "it missed its deadline (DEADLINE)" },
	{ "PREEMPTED", QXUB_EXIT_NOSTART, "it was preempted (PREEMPTED)" },
	{ "REVOKED", QXUB_EXIT_NOSTART, "it was revoked (REVOKED)" },
};

int
slurm_state_done(const char *state)
{
	size_t	i;

	for (i = 0; i < sizeof slurm_ends / sizeof slurm_ends[0]; i++) {
		if (strcmp(state, slurm_ends[i].state) == 0)
			return 1;
	}
	return 0;
}

int
slurm_exit_code(const struct slurm_status *st, const char **reason)
{
	size_t	i;

	*reason = NULL;
	for (i = 0; i < sizeof slurm_ends / sizeof slurm_ends[0]; i++) {
		if (strcmp(st->state, slurm_ends[i].state) == 0)
			break;
	}
	/* A cancelled job that ran ends with the signal that stopped it. */
	if (i < sizeof slurm_ends / sizeof slurm_ends[0] &&
	    slurm_ends[i].code != 0 && !(slurm_ends[i].code ==
	    QXUB_EXIT_DELETED && st->has_exit && st->exit_signal != 0)) {
		*reason = slurm_ends[i].reason;
		return slurm_ends[i].code;
	}
	if (!st->has_exit)
		return -1;
	if (st->exit_signal != 0)
		return 128 + st->exit_signal;
	return st->exit_code;
}

char
slurm_state_letter(const char *state)
{
	if (slurm_state_done(state))
		return 'F';
	if (strcmp(state, "PENDING") == 0 || strcmp(state, "CONFIGURING") ==
	    0 || strcmp(state, "REQUEUED") == 0)
		return 'Q';
	if (strcmp(state, "SUSPENDED") == 0 || strcmp(state, "STOPPED") == 0
	    || strcmp(state, "REQUEUE_HOLD") == 0)
		return 'H';
	if (strcmp(state, "COMPLETING") == 0)
		return 'E';
	return 'R';
}
