/*
 * Slurm's squeue/sacct lines and scontrol words, and what qxub makes of
 * each job read.
 */
#include "autoconf.h"

#include "fuzz.h"
#include "slurm.h"

static void
look(struct slurm_status *st, size_t n)
{
	const char	*reason;
	size_t		 i;

	for (i = 0; i < n; i++) {
		(void)slurm_state_done(st[i].state);
		(void)slurm_state_letter(st[i].state);
		(void)slurm_exit_code(&st[i], &reason);
	}
	slurm_status_free(st, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slurm_status	*st;
	char			*s;
	size_t			 n;

	s = fuzz_string(data, size);
	st = slurm_parse_lines(s, &n);
	look(st, n);
	st = slurm_parse_scontrol(s, &n);
	look(st, n);
	free(s);
	return 0;
}
