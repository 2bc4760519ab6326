/* The table of built-in schedulers. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "jobspec.h"
#include "log.h"
#include "sched.h"
#include "spawn.h"
#include "xmalloc.h"

const struct sched *const	sched_builtin[] = {
	&sched_local,
	&sched_pbs,
	&sched_slurm,
	&sched_sge,
};
const size_t	sched_builtin_count = sizeof sched_builtin /
    sizeof sched_builtin[0];

const struct sched *
sched_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sched_builtin_count; i++) {
		if (strcmp(name, sched_builtin[i]->name) == 0)
			return sched_builtin[i];
	}
	return NULL;
}

/*
 * The Grid Engine cell here, as a heap path: $SGE_ROOT/$SGE_CELL (cell
 * "default" when unset) when it names a master, as on a site whose users
 * source the cell's settings.sh; without SGE_ROOT, /var/lib/gridengine,
 * where Debian's wrappers of the commands look.  NULL when there is none.
 */
static char *
sched_sge_cell(void)
{
	const char	*root = getenv("SGE_ROOT"), *cell = getenv("SGE_CELL");
	char		*dir, *path;
	int		 ok;

	if (root == NULL || *root == '\0')
		root = "/var/lib/gridengine";
	if (cell == NULL || *cell == '\0')
		cell = "default";
	xasprintf(&dir, "%s/%s", root, cell);
	xasprintf(&path, "%s/common/act_qmaster", dir);
	ok = access(path, R_OK) == 0;
	free(path);
	if (!ok) {
		free(dir);
		return NULL;
	}
	return dir;
}

const struct sched *
sched_detect(char **why)
{
	const char	*conf = getenv("SLURM_CONF");
	char		*path, *cell;

	if (conf == NULL || *conf == '\0')
		conf = "/etc/slurm/slurm.conf";
	/* A Debian Slurm has a qsub too (slurm-wlm-torque): Slurm first. */
	if (access(conf, R_OK) == 0 && (path = spawn_which("sbatch")) !=
	    NULL) {
		xasprintf(why, "sbatch found at %s, and %s", path, conf);
		free(path);
		return &sched_slurm;
	}
	if ((path = spawn_which("qsub")) != NULL) {
		/* Grid Engine's qsub, where a cell is set up: SGE first. */
		if ((cell = sched_sge_cell()) != NULL) {
			xasprintf(why, "qsub found at %s, and the Grid Engine "
			    "cell %s", path, cell);
			free(cell);
			free(path);
			return &sched_sge;
		}
		xasprintf(why, "qsub found at %s", path);
		free(path);
		return &sched_pbs;
	}
	*why = xstrdup("no qsub on PATH");
	return &sched_local;
}

int
sched_poll_interval(const struct sched *sched)
{
	const char	*v, *errstr;
	int		 n;

	if (sched->interval_env == NULL ||
	    (v = getenv(sched->interval_env)) == NULL || *v == '\0')
		return sched->poll_interval;
	n = strtonum(v, 1, 86400, &errstr);
	if (errstr != NULL) {
		log_warn("%s='%s' is not a number of seconds from 1 to 86400; "
		    "using %d", sched->interval_env, v, sched->poll_interval);
		return sched->poll_interval;
	}
	return n;
}

int
sched_submit_timeout(void)
{
	const char	*v, *errstr;
	int		 n;

	if ((v = getenv("QXUB_SUBMIT_TIMEOUT")) == NULL || *v == '\0')
		return SCHED_SUBMIT_TIMEOUT;
	n = strtonum(v, 1, 86400, &errstr);
	if (errstr != NULL) {
		log_warn("QXUB_SUBMIT_TIMEOUT='%s' is not a number of seconds "
		    "from 1 to 86400; using %d", v, SCHED_SUBMIT_TIMEOUT);
		return SCHED_SUBMIT_TIMEOUT;
	}
	return n;
}

int
sched_refuse_sge(const struct jobspec *js, const char *name,
    const char *hint, char **cause)
{
	if (js->sge.n > 0)
		xasprintf(cause, "--sge %s: qsub options for Grid Engine, and "
		    "this platform is %s (%s)", js->sge.v[0], name, hint);
	else if (js->pe != NULL)
		xasprintf(cause, "--pe %s: a Grid Engine parallel environment, "
		    "and this platform is %s", js->pe, name);
	else
		return 0;
	return -1;
}

int
sched_run_cancel(const char *command, const struct sched_job *job,
    char **cause)
{
	char		*argv[] = { (char *)command, job->id, NULL };
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	const char	*said;
	int		 code;

	code = spawn_capture(argv, &out, &err, cause);
	if (code > 0) {
		/* Grid Engine's qdel says why on stdout. */
		buf_addch(&out, '\0');
		buf_addch(&err, '\0');
		said = err.len > 1 ? err.data : out.data;
		xasprintf(cause, "%s %s failed: %.*s", command, job->id,
		    (int)strcspn(said, "\n"), said);
		code = -1;
	}
	buf_release(&out);
	buf_release(&err);
	return code == 0 ? 0 : -1;
}

void
sched_job_clear(struct sched_job *job)
{
	free(job->id);
	free(job->handle);
	free(job->reason);
	memset(job, 0, sizeof *job);
}

