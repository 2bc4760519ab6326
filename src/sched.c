/* The table of built-in schedulers. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "sched.h"
#include "spawn.h"
#include "xmalloc.h"

const struct sched *const	sched_builtin[] = {
	&sched_local,
	&sched_pbs,
	&sched_slurm,
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

const struct sched *
sched_detect(char **why)
{
	const char	*conf = getenv("SLURM_CONF");
	char		*path;

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

void
sched_job_clear(struct sched_job *job)
{
	free(job->id);
	free(job->handle);
	free(job->reason);
	memset(job, 0, sizeof *job);
}

