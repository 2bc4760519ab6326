/* Reading PBS Pro's qstat output and exit statuses. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compat.h"
#include "pbs.h"
#include "qxub.h"
#include "xmalloc.h"

/* Stores one attribute of the job being read. */
static void
pbs_attribute(struct pbs_status *st, const char *name, const char *value)
{
	const char	*errstr;

	if (strcmp(name, "job_state") == 0)
		st->state = value[0];
	else if (strcmp(name, "Exit_status") == 0) {
		st->exit_status = strtonum(value, -1000000, 1000000, &errstr);
		st->has_exit = errstr == NULL;
	} else if (strcmp(name, "comment") == 0) {
		free(st->comment);
		st->comment = xstrdup(value);
	}
}

/* Ends the attribute held in name/value, if any. */
static void
pbs_flush(struct pbs_status *st, struct buf *name, struct buf *value)
{
	if (st != NULL && name->len > 0)
		pbs_attribute(st, name->data, value->data);
	buf_reset(name);
	buf_reset(value);
}

struct pbs_status *
pbs_parse_qstat(const char *text, size_t *n)
{
	struct pbs_status	*v = NULL, *st = NULL;
	struct buf		 name = BUF_INIT, value = BUF_INIT;
	const char		*line, *end, *eq;
	size_t			 len;

	*n = 0;
	for (line = text; *line != '\0'; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		len = end - line;
		if (len >= 8 && strncmp(line, "Job Id: ", 8) == 0) {
			pbs_flush(st, &name, &value);
			v = xreallocarray(v, *n + 1, sizeof *v);
			st = &v[(*n)++];
			memset(st, 0, sizeof *st);
			st->id = xstrndup(line + 8, len - 8);
		} else if (line[0] == '\t' && name.len > 0) {
			/* A long value goes on after a newline and a tab. */
			buf_add(&value, line + 1, len - 1);
		} else if (len > 4 && strncmp(line, "    ", 4) == 0 &&
		    (eq = memchr(line, '=', len)) != NULL && eq > line + 5) {
			pbs_flush(st, &name, &value);
			buf_add(&name, line + 4, eq - line - 5);
			if (eq + 2 <= end)
				buf_add(&value, eq + 2, end - eq - 2);
		} else
			pbs_flush(st, &name, &value);
	}
	pbs_flush(st, &name, &value);
	buf_release(&name);
	buf_release(&value);
	return v;
}

void
pbs_status_free(struct pbs_status *st, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(st[i].id);
		free(st[i].comment);
	}
	free(st);
}

int
pbs_same_id(const char *id, const char *want)
{
	size_t	a = strcspn(id, "."), b = strcspn(want, ".");

	if (strcmp(id, want) == 0)
		return 1;
	/* One side may lack the server suffix. */
	return a == b && strncmp(id, want, a) == 0 &&
	    (id[a] == '\0' || want[b] == '\0');
}

int
pbs_exit_code(long exit_status, const char **reason)
{
	*reason = NULL;
	if (exit_status >= 0 && exit_status < 256)
		return exit_status;
	if (exit_status >= 256 && exit_status < 256 + 128)
		return 128 + (exit_status - 256);
	/* Negative codes are PBS's own (JOB_EXEC_* in the reference guide). */
	switch (exit_status) {
	case -24:
	case -25:
		*reason = "killed by PBS for using more CPUs than requested";
		return QXUB_EXIT_LIMIT;
	case -26:
	case -27:
		*reason = "killed by PBS for exceeding its memory limit";
		return QXUB_EXIT_LIMIT;
	case -28:
		*reason = "killed by PBS for exceeding its CPU time limit";
		return QXUB_EXIT_LIMIT;
	case -29:
		*reason = "killed by PBS for exceeding its walltime";
		return QXUB_EXIT_LIMIT;
	case -10:
		*reason = "PBS could not run it: invalid user or group";
		return QXUB_EXIT_NOSTART;
	case -11:
		*reason = "PBS requeued it to run again";
		return QXUB_EXIT_NOSTART;
	default:
		*reason = "PBS could not start or finish it "
		    "(see the job's log)";
		return QXUB_EXIT_NOSTART;
	}
}
