/* Finding submitted jobs and asking how they are. */
#include "autoconf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "config.h"
#include "history.h"
#include "jobs.h"
#include "log.h"
#include "qxub.h"
#include "remote.h"
#include "sched.h"
#include "strv.h"
#include "watch.h"
#include "xmalloc.h"
#include "yaml.h"

/* The scheduler of a bare job id: local by its suffix, else the one here. */
static const struct sched *
jobs_sched_of(const char *id)
{
	static const struct sched *here;
	const char	*dot = strrchr(id, '.');
	char		*why = NULL;

	if (dot != NULL && strcmp(dot, ".local") == 0)
		return &sched_local;
	/* Once: PATH does not change while qxub runs. */
	if (here == NULL) {
		here = sched_detect(&why);
		free(why);
	}
	return here;
}

/* Fills in j for id (see jobs_resolve_all); -1 for an ambiguous id. */
static int
jobs_resolve(struct job *j, const struct history *h, const char *id,
    char **cause)
{
	const struct ynode	*rec;
	const char		*v;

	memset(j, 0, sizeof *j);
	*cause = NULL;
	rec = h != NULL ? history_find(h, id, cause) : NULL;
	if (rec == NULL && *cause != NULL)
		return -1;
	if (rec != NULL) {
		j->sj.id = xstrdup(history_get(rec, "job_id"));
		v = history_get(rec, "scheduler");
		if (v == NULL || (j->sched = sched_find(v)) == NULL)
			j->sched = jobs_sched_of(j->sj.id);
		if ((v = history_get(rec, "handle")) != NULL)
			j->sj.handle = xstrdup(v);
		if ((v = history_get(rec, "job_dir")) != NULL)
			j->dir = xstrdup(v);
		if ((v = history_get(rec, "name")) != NULL)
			j->name = xstrdup(v);
		if ((v = history_get(rec, "state")) != NULL &&
		    strcmp(v, "cancelled") == 0)
			j->cancelled = xstrdup(v);
	} else {
		j->sj.id = xstrdup(id);
		j->sched = jobs_sched_of(id);
	}
	if (j->sched->adopt != NULL)
		(void)j->sched->adopt(&j->sj, &j->unknown);
	return 0;
}

struct job *
jobs_resolve_all(const struct history *h, char *const *ids, size_t n,
    char **cause)
{
	struct job	*v = xcalloc(n > 0 ? n : 1, sizeof *v);
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (jobs_resolve(&v[i], h, ids[i], cause) == -1) {
			jobs_free(v, i);
			return NULL;
		}
	}
	return v;
}

void
jobs_free(struct job *v, size_t n)
{
	size_t	i;

	for (i = 0; v != NULL && i < n; i++)
		jobs_clear(&v[i]);
	free(v);
}

/* The exit marker and the started marker of j's job directory. */
static void
jobs_markers(struct job *j)
{
	char	*path;
	int	 code;

	if (j->dir == NULL || j->sj.done)
		return;
	xasprintf(&path, "%s/exit_code", j->dir);
	if (watch_marker(path, &code)) {
		j->sj.done = 1;
		j->sj.exit_code = code;
		j->sj.state = 'F';
	}
	free(path);
	if (j->sj.done || j->sj.state == 'R')
		return;
	xasprintf(&path, "%s/started", j->dir);
	if (access(path, F_OK) == 0)
		j->sj.state = 'R';
	free(path);
}

int
jobs_refresh(struct job *v, size_t n, int ask, char **cause)
{
	const struct sched	*s;
	struct sched_job	**batch;
	size_t			*which, i, k, nb;
	int			 calls = 0;

	for (i = 0; i < n; i++) {
		jobs_markers(&v[i]);
		/* Its scheduler cannot take it for its own: never asked. */
		if (v[i].unknown != NULL && !v[i].sj.done) {
			v[i].sj.done = 1;
			v[i].sj.exit_code = -1;
		}
	}
	if (!ask)
		return 0;
	batch = xreallocarray(NULL, n > 0 ? n : 1, sizeof *batch);
	which = xreallocarray(NULL, n > 0 ? n : 1, sizeof *which);
	/* One poll a scheduler, with every unfinished job of it. */
	for (k = 0; k < sched_builtin_count; k++) {
		s = sched_builtin[k];
		for (nb = 0, i = 0; i < n; i++) {
			if (v[i].sched == s && !v[i].sj.done) {
				which[nb] = i;
				batch[nb++] = &v[i].sj;
			}
		}
		if (nb == 0)
			continue;
		calls++;
		if (s->poll(batch, nb, cause) == -1) {
			calls = -1;
			break;
		}
		/* The marker may have come just before the end. */
		for (i = 0; i < nb; i++) {
			if (batch[i]->done && v[which[i]].dir != NULL) {
				batch[i]->done = 0;
				jobs_markers(&v[which[i]]);
				batch[i]->done = 1;
			}
		}
	}
	free(batch);
	free(which);
	return calls;
}

const char *
jobs_state(const struct job *j)
{
	if (j->sj.done) {
		if (j->cancelled != NULL)
			return "cancelled";
		/* Ended, says the scheduler, which no longer knows how. */
		if (j->sj.exit_code < 0)
			return "unknown";
		return j->sj.exit_code == 0 ? "succeeded" : "failed";
	}
	switch (j->sj.state) {
	case 'Q':
	case 'W':
	case 'T':
		return "queued";
	case 'R':
	case 'B':
	case 'X':
		return "running";
	case 'H':
	case 'S':
	case 'U':
		return "held";
	case 'E':
		return "exiting";
	default:
		return "unknown";
	}
}

const char *
jobs_unknown(const struct job *j)
{
	return j->unknown != NULL && j->sj.done && j->sj.exit_code < 0 ?
	    j->unknown : NULL;
}

size_t
jobs_warn_unknown(const struct job *v, size_t n)
{
	size_t	i, k = 0;

	for (i = 0; i < n; i++) {
		if (jobs_unknown(&v[i]) != NULL) {
			log_warn("job %s is unknown: %s", v[i].sj.id,
			    v[i].unknown);
			k++;
		}
	}
	return k;
}

void
jobs_clear(struct job *j)
{
	free(j->dir);
	free(j->name);
	free(j->cancelled);
	free(j->unknown);
	sched_job_clear(&j->sj);
	memset(j, 0, sizeof *j);
}

int
jobs_forward(const char *platform, int argc, char **argv, int *code)
{
	struct config	 cfg;
	struct remote	 rem;
	struct strv	 args = STRV_INIT;
	char		 cwd[PATH_MAX], *cause = NULL;
	int		 i, r;

	if (remote_is_end())
		return 0;
	memset(&cfg, 0, sizeof cfg);
	memset(&rem, 0, sizeof rem);
	if (getcwd(cwd, sizeof cwd) == NULL)
		strlcpy(cwd, "/", sizeof cwd);
	if (config_load(&cfg, qxub_config_file(), cwd, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		*code = QXUB_EXIT_CONFIG;
		return 1;
	}
	if (platform == NULL)
		platform = config_string(&cfg, "defaults.platform");
	r = platform != NULL ? remote_load(&rem, &cfg, platform, &cause) : 0;
	if (r == -1) {
		log_error("%s", cause);
		free(cause);
		*code = QXUB_EXIT_CONFIG;
		r = 1;
	} else if (r == 1) {
		/* On a terminal, the far end's: its table, its questions. */
		rem.tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
		for (i = 0; i < argc; i++) {
			if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
				i++;
			else
				strv_push(&args, argv[i]);
		}
		*code = remote_run(&rem, strv_argv(&args), 0, NULL);
		strv_clear(&args);
		remote_clear(&rem);
	}
	config_free(&cfg);
	return r;
}
