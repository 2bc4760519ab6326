/* PBS Pro's qstat -f output, and what qxub makes of each job read. */
#include "autoconf.h"

#include "fuzz.h"
#include "pbs.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pbs_status	*st;
	const char		*reason;
	char			*s;
	size_t			 i, n;

	s = fuzz_string(data, size);
	st = pbs_parse_qstat(s, &n);
	for (i = 0; i < n; i++) {
		(void)pbs_same_id(st[i].id, "12.pbs01");
		(void)pbs_same_id("12", st[i].id);
		if (st[i].has_exit)
			(void)pbs_exit_code(st[i].exit_status, &reason);
	}
	pbs_status_free(st, n);
	free(s);
	return 0;
}
