/* Platform definitions: the whole schema check, then the lookups. */
#include "autoconf.h"

#include "fuzz.h"
#include "platform.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct platform_set	 set = { NULL, 0 };
	const struct platform	*p;
	char			*cause = NULL;
	size_t			 i, j;

	if (platform_load_text(&set, (const char *)data, size, "fuzz",
	    &cause) == 0) {
		for (i = 0; i < set.n; i++) {
			if (set.v[i]->name == NULL ||
			    (p = platform_find(&set, set.v[i]->name)) == NULL)
				continue;
			(void)platform_scheduler(p);
			for (j = 0; j < p->nqueues; j++)
				(void)platform_queue(p, p->queues[j].name);
		}
	}
	free(cause);
	platform_set_free(&set);
	return 0;
}
