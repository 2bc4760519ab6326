/* The table of built-in schedulers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched.h"

static const struct sched	*sched_table[] = {
	&sched_local,
};

const struct sched *
sched_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof sched_table / sizeof sched_table[0]; i++) {
		if (strcmp(name, sched_table[i]->name) == 0)
			return sched_table[i];
	}
	return NULL;
}

void
sched_job_clear(struct sched_job *job)
{
	free(job->id);
	memset(job, 0, sizeof *job);
}
