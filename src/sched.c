/* The table of built-in schedulers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

const struct sched *const	sched_builtin[] = {
	&sched_local,
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

void
sched_job_clear(struct sched_job *job)
{
	free(job->id);
	memset(job, 0, sizeof *job);
}
