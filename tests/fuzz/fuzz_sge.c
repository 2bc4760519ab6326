/*
 * Grid Engine's qstat -xml, qacct -j and qsub -terse output, and what
 * qxub makes of each job read.
 */
#include "autoconf.h"

#include "fuzz.h"
#include "sge.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sge_status	*st;
	struct sge_acct		*a;
	const char		*reason;
	char			*s;
	size_t			 i, n;

	s = fuzz_string(data, size);
	st = sge_parse_qstat(s, &n);
	for (i = 0; i < n; i++) {
		(void)sge_state_letter(st[i].state);
		(void)sge_state_error(st[i].state);
	}
	sge_status_free(st, n);
	a = sge_parse_qacct(s, &n);
	for (i = 0; i < n; i++)
		(void)sge_exit_code(&a[i], &reason);
	sge_acct_free(a, n);
	free(sge_job_number(s));
	free(s);
	return 0;
}
