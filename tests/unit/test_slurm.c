/* Unit tests for slurm.c: squeue, sacct and scontrol output, exit codes. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "qxub.h"
#include "slurm.h"
#include "tap.h"

/* squeue -h -t all -o '%i|%T|%r' */
static const char	squeue[] =
    "41|PENDING|Resources\n"
    "42|RUNNING|None\n"
    "43_7|COMPLETED|None\n"
    "\n"
    "not a job line\n";

/* sacct -X -P -n -o JobID,State,ExitCode */
static const char	sacct[] =
    "50|COMPLETED|0:0\n"
    "51|FAILED|3:0\n"
    "52|CANCELLED by 0|0:15\n"
    "53|TIMEOUT|0:0\n"
    "54|OUT_OF_MEMORY|0:125\n"
    "55|CANCELLED by 1000|0:0\n"
    "56|NODE_FAIL|1:0\n"
    "57|FAILED|0:9";

/* scontrol -o show job 60 (abridged: the words that matter, in place) */
static const char	scontrol[] =
    "JobId=60 JobName=sh UserId=root(0) GroupId=root(0) Priority=1 "
    "JobState=FAILED Reason=NonZeroExitCode Dependency=(null) "
    "Requeue=1 Restarts=0 BatchFlag=1 ExitCode=7:0 RunTime=00:00:01\n"
    "JobId=61 JobName=x JobState=RUNNING Reason=None ExitCode=0:0\n";

static int
code_of(const struct slurm_status *st, const char **reason)
{
	return slurm_exit_code(st, reason);
}

int
main(void)
{
	struct slurm_status	*st;
	const char		*reason;
	size_t			 n;

	st = slurm_parse_lines(squeue, &n);
	ok(n == 3, "three jobs from squeue, other lines skipped");
	is_str(st[0].id, "41", "id");
	is_str(st[0].state, "PENDING", "state");
	is_str(st[0].reason, "Resources", "reason");
	ok(!st[0].has_exit, "no exit code in squeue's lines");
	is_str(st[2].id, "43_7", "an array task's id");
	ok(slurm_state_letter(st[0].state) == 'Q', "PENDING is queued");
	ok(slurm_state_letter(st[1].state) == 'R', "RUNNING is running");
	ok(slurm_state_letter(st[2].state) == 'F', "COMPLETED has ended");
	ok(slurm_state_letter("COMPLETING") == 'E', "COMPLETING is exiting");
	ok(slurm_state_letter("SUSPENDED") == 'H', "SUSPENDED is held");
	slurm_status_free(st, n);

	st = slurm_parse_lines(sacct, &n);
	ok(n == 8, "eight jobs from sacct, the last without a newline");
	ok(code_of(&st[0], &reason) == 0 && reason == NULL, "COMPLETED 0:0");
	ok(code_of(&st[1], &reason) == 3 && reason == NULL,
	    "FAILED 3:0 is the job's 3");
	is_str(st[2].state, "CANCELLED", "'CANCELLED by 0' is CANCELLED");
	ok(code_of(&st[2], &reason) == 143 && reason == NULL,
	    "cancelled while it ran: its signal, 128+15");
	ok(code_of(&st[3], &reason) == QXUB_EXIT_LIMIT && reason != NULL &&
	    strstr(reason, "TIMEOUT") != NULL, "TIMEOUT: the limit code");
	ok(code_of(&st[4], &reason) == QXUB_EXIT_LIMIT && reason != NULL &&
	    strstr(reason, "OUT_OF_MEMORY") != NULL,
	    "OUT_OF_MEMORY: the limit code");
	ok(code_of(&st[5], &reason) == QXUB_EXIT_DELETED && reason != NULL,
	    "cancelled before it ran: the deleted code");
	ok(code_of(&st[6], &reason) == QXUB_EXIT_NOSTART && reason != NULL &&
	    strstr(reason, "NODE_FAIL") != NULL, "NODE_FAIL: could not run");
	ok(code_of(&st[7], &reason) == 137, "FAILED 0:9: killed by SIGKILL");
	slurm_status_free(st, n);

	st = slurm_parse_scontrol(scontrol, &n);
	ok(n == 2, "two jobs from scontrol -o");
	is_str(st[0].id, "60", "JobId");
	is_str(st[0].state, "FAILED", "JobState");
	is_str(st[0].reason, "NonZeroExitCode", "Reason");
	ok(st[0].has_exit && st[0].exit_code == 7, "ExitCode 7:0");
	ok(code_of(&st[0], &reason) == 7, "is 7");
	ok(slurm_state_letter(st[1].state) == 'R', "the running one");
	slurm_status_free(st, n);

	st = slurm_parse_lines("", &n);
	ok(n == 0 && st == NULL, "nothing from nothing");
	ok(slurm_state_done("TIMEOUT") && !slurm_state_done("RUNNING"),
	    "which states have ended");
	return tap_done();
}
