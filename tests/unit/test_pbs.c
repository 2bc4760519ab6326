/* Unit tests for pbs.c: qstat -f parsing and Exit_status mapping. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "pbs.h"
#include "qxub.h"
#include "tap.h"

static const char	qstat_f[] =
    "Job Id: 12.pbs01\n"
    "    Job_Name = train\n"
    "    Job_Owner = u@login1\n"
    "    job_state = F\n"
    "    queue = normal\n"
    "    Exit_status = 271\n"
    "    Variable_List = PBS_O_HOME=/home/u,PBS_O_LANG=C,PBS_O_LOGNAME=u,\n"
    "\tPBS_O_PATH=/usr/bin:/bin,PBS_O_WORKDIR=/home/u\n"
    "    comment = Job run at Sat Nov 28 at 14:51 on (node1:ncpus=1) and fin\n"
    "\tished\n"
    "\n"
    "Job Id: 13.pbs01\n"
    "    Job_Name = waiting\n"
    "    job_state = Q\n"
    "\n"
    "Job Id: 14.pbs01\n"
    "    job_state = F\n"
    "    comment = Job deleted as result of a qdel by u@login1\n";

int
main(void)
{
	struct pbs_status	*st;
	const char		*reason;
	size_t			 n;

	st = pbs_parse_qstat(qstat_f, &n);
	ok(n == 3, "three jobs");
	is_str(st[0].id, "12.pbs01", "job id");
	ok(st[0].state == 'F' && st[0].has_exit && st[0].exit_status == 271,
	    "finished job with its Exit_status");
	is_str(st[0].comment, "Job run at Sat Nov 28 at 14:51 on "
	    "(node1:ncpus=1) and finished", "continued value joined");
	ok(st[1].state == 'Q' && !st[1].has_exit, "queued job, no status");
	ok(st[2].state == 'F' && !st[2].has_exit && st[2].comment != NULL,
	    "deleted before it ran: F without Exit_status");
	pbs_status_free(st, n);

	st = pbs_parse_qstat("", &n);
	ok(n == 0 && st == NULL, "empty output");
	st = pbs_parse_qstat("qstat: Unknown Job Id 9.x\n", &n);
	ok(n == 0, "an error message is no job");

	ok(pbs_same_id("12.pbs01", "12.pbs01"), "same id");
	ok(pbs_same_id("12.pbs01", "12"), "suffix missing on one side");
	ok(pbs_same_id("12", "12.pbs01"), "suffix missing on the other");
	ok(!pbs_same_id("12.pbs01", "12.pbs02"), "different servers");
	ok(!pbs_same_id("12.pbs01", "123.pbs01"), "different numbers");

	ok(pbs_exit_code(0, &reason) == 0 && reason == NULL, "0");
	ok(pbs_exit_code(3, &reason) == 3, "the job's own code");
	ok(pbs_exit_code(271, &reason) == 143 && reason == NULL,
	    "256+SIGTERM is 128+15");
	ok(pbs_exit_code(265, &reason) == 137, "256+SIGKILL is 128+9");
	ok(pbs_exit_code(-29, &reason) == QXUB_EXIT_LIMIT && reason != NULL &&
	    strstr(reason, "walltime") != NULL, "-29: walltime");
	ok(pbs_exit_code(-27, &reason) == QXUB_EXIT_LIMIT &&
	    strstr(reason, "memory") != NULL, "-27: memory");
	ok(pbs_exit_code(-1, &reason) == QXUB_EXIT_NOSTART && reason != NULL,
	    "-1: could not start");
	return tap_done();
}
