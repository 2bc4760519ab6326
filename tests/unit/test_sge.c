/*
 * Unit tests for sge.c: qstat -xml and qacct -j output (abridged from
 * Debian's gridengine 8.1.9, see tests/sge/FINDINGS.md), states, exit
 * codes and qsub -terse's job ids.
 */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "qxub.h"
#include "sge.h"
#include "tap.h"

/* qstat -xml -u root: a running job, an array with three running tasks
 * and its pending rest, and a held job. */
static const char	qstat[] =
    "<?xml version='1.0'?>\n"
    "<job_info  xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/"
    "dist/util/resources/schemas/qstat/qstat.xsd\">\n"
    "  <queue_info>\n"
    "    <job_list state=\"running\">\n"
    "      <JB_job_number>39</JB_job_number>\n"
    "      <JAT_prio>0.25000</JAT_prio>\n"
    "      <JB_name>run1</JB_name>\n"
    "      <JB_owner>root</JB_owner>\n"
    "      <state>r</state>\n"
    "      <JAT_start_time>2026-12-03T10:27:11</JAT_start_time>\n"
    "      <queue_name>all.q@vm</queue_name>\n"
    "      <slots>1</slots>\n"
    "    </job_list>\n"
    "    <job_list state=\"running\">\n"
    "      <JB_job_number>41</JB_job_number>\n"
    "      <JB_name>arr</JB_name>\n"
    "      <state>r</state>\n"
    "      <slots>4</slots>\n"
    "      <tasks>1</tasks>\n"
    "    </job_list>\n"
    "    <job_list state=\"running\">\n"
    "      <JB_job_number>41</JB_job_number>\n"
    "      <state>r</state>\n"
    "      <tasks>2</tasks>\n"
    "    </job_list>\n"
    "    <job_list state=\"running\">\n"
    "      <JB_job_number>41</JB_job_number>\n"
    "      <state>dr</state>\n"
    "      <tasks>3</tasks>\n"
    "    </job_list>\n"
    "  </queue_info>\n"
    "  <job_info>\n"
    "    <job_list state=\"pending\">\n"
    "      <JB_job_number>41</JB_job_number>\n"
    "      <JB_name>arr</JB_name>\n"
    "      <state>qw</state>\n"
    "      <JB_submission_time>2026-12-03T10:27:11</JB_submission_time>\n"
    "      <queue_name></queue_name>\n"
    "      <tasks>4-20:1</tasks>\n"
    "    </job_list>\n"
    "    <job_list state=\"pending\">\n"
    "      <JB_job_number>40</JB_job_number>\n"
    "      <JB_name>held</JB_name>\n"
    "      <state>hqw</state>\n"
    "      <queue_name></queue_name>\n"
    "    </job_list>\n"
    "    <job_list state=\"pending\">\n"
    "      <JB_name>no number: skipped</JB_name>\n"
    "      <state>qw</state>\n"
    "    </job_list>\n"
    "  </job_info>\n"
    "</job_info>\n";

/* qstat -xml with no jobs. */
static const char	qstat_empty[] =
    "<?xml version='1.0'?>\n"
    "<job_info  xmlns:xsd=\"http://arc.liv.ac.uk/repos/darcs/sge/source/"
    "dist/util/resources/schemas/qstat/qstat.xsd\">\n"
    "  <queue_info>\n"
    "  </queue_info>\n"
    "  <job_info>\n"
    "  </job_info>\n"
    "</job_info>\n";

#define SGE_RULE \
    "==============================================================\n"

/* qacct -j 3 (abridged: the fields around the ones that matter). */
static const char	qacct_one[] =
    SGE_RULE
    "qname        all.q               \n"
    "hostname     vm                  \n"
    "jobname      sh                  \n"
    "jobnumber    3                   \n"
    "taskid       undefined\n"
    "granted_pe   NONE                \n"
    "failed       0    \n"
    "exit_status  3                   \n"
    "ru_wallclock 0s\n"
    "arid         undefined\n";

/* Several records: an h_rt kill, array tasks, unknown fields, bad numbers. */
static const char	qacct_many[] =
    "a line before the first record\n"
    SGE_RULE
    "jobnumber    6                   \n"
    "failed       37  : qmaster enforced h_rt, h_cpu, or h_vmem limit\n"
    "exit_status  137                  (Killed)\n"
    SGE_RULE
    "jobnumber    41                  \n"
    "taskid       1                   \n"
    "failed       100 : assumedly after job\n"
    "exit_status  143                  (Terminated)\n"
    "some_future_field  a value\n"
    SGE_RULE
    "jobnumber    41                  \n"
    "taskid       2                   \n"
    "failed       abc\n"
    "exit_status  12x\n"
    SGE_RULE
    "jobnumber    42\n"
    "exit_status  99999999999999999999999\n"
    SGE_RULE
    "jobnumber    43";

static int
code_of(long failed, long exit_status, const char **reason)
{
	struct sge_acct	a = { NULL, failed, exit_status };

	return sge_exit_code(&a, reason);
}

static void
test_qstat(void)
{
	struct sge_status	*st;
	size_t			 n;

	st = sge_parse_qstat(qstat, &n);
	ok(n == 6, "six job entries, the one without a number skipped");
	is_str(st[0].id, "39", "a running job's number");
	is_str(st[0].state, "r", "and its state, not the attribute's");
	is_str(st[1].id, "41", "an array's running task: the job's number");
	is_str(st[3].state, "dr", "a task being deleted");
	is_str(st[4].id, "41", "the array's pending rest");
	is_str(st[4].state, "qw", "queued");
	is_str(st[5].id, "40", "a held job");
	is_str(st[5].state, "hqw", "held");
	sge_status_free(st, n);

	st = sge_parse_qstat(qstat_empty, &n);
	ok(n == 0 && st == NULL, "no jobs: no entries");
	st = sge_parse_qstat("", &n);
	ok(n == 0 && st == NULL, "no output: no entries");
	st = sge_parse_qstat("<job_list><JB_job_number>7</JB_job_number>"
	    "<state>r</state>", &n);
	ok(n == 0 && st == NULL, "a job_list cut short: no entry");
	sge_status_free(st, n);
}

static void
test_qacct(void)
{
	struct sge_acct	*a;
	size_t		 n;

	a = sge_parse_qacct(qacct_one, &n);
	ok(n == 1, "one record");
	is_str(a[0].id, "3", "its job number");
	ok(a[0].failed == 0, "failed 0");
	ok(a[0].exit_status == 3, "exit_status 3");
	sge_acct_free(a, n);

	a = sge_parse_qacct(qacct_many, &n);
	ok(n == 5, "five records, the line before the first skipped");
	is_str(a[0].id, "6", "first record");
	ok(a[0].failed == 37, "'37  : qmaster enforced ...' is 37");
	ok(a[0].exit_status == 137, "'137  (Killed)' is 137");
	is_str(a[1].id, "41", "an array task's record has the job's number");
	ok(a[1].failed == 100 && a[1].exit_status == 143,
	    "failed 100, exit_status 143; an unknown field is skipped");
	ok(a[2].failed == -1 && a[2].exit_status == -1,
	    "bad numbers are none");
	ok(a[3].failed == -1, "no failed line: none");
	ok(a[3].exit_status == -1, "a number out of range is none");
	is_str(a[4].id, "43", "the last line without a newline");
	ok(a[4].failed == -1 && a[4].exit_status == -1,
	    "a record of a job number alone");
	sge_acct_free(a, n);

	a = sge_parse_qacct("", &n);
	ok(n == 0 && a == NULL, "no output: no records");
	a = sge_parse_qacct("error: job id 999 not found\n", &n);
	ok(n == 0 && a == NULL, "qacct's refusal: no records");
}

static void
test_states(void)
{
	ok(sge_state_letter("qw") == 'Q', "qw is queued");
	ok(sge_state_letter("Rq") == 'Q', "Rq (requeued) is queued");
	ok(sge_state_letter("hqw") == 'H', "hqw is held");
	ok(sge_state_letter("hr") == 'R', "hr (a hold on a running task) is running");
	ok(sge_state_letter("t") == 'R', "t (transferring) is running");
	ok(sge_state_letter("r") == 'R', "r is running");
	ok(sge_state_letter("Rr") == 'R', "Rr (restarted) is running");
	ok(sge_state_letter("s") == 'S' && sge_state_letter("S") == 'S' &&
	    sge_state_letter("T") == 'S', "s, S and T are suspended");
	ok(sge_state_letter("dr") == 'E', "dr (being deleted) is exiting");
	ok(sge_state_letter("Eqw") == 'E', "Eqw is an end");
	ok(sge_state_error("Eqw") && !sge_state_error("qw") &&
	    !sge_state_error("dr"), "only E is an error state");
}

static void
test_exit_codes(void)
{
	const char	*reason;

	ok(code_of(0, 0, &reason) == 0 && reason == NULL, "failed 0, 0");
	ok(code_of(0, 3, &reason) == 3 && reason == NULL,
	    "failed 0: exit_status is the code");
	ok(code_of(0, 137, &reason) == 137 && reason == NULL,
	    "failed 0, exit_status 137: the job's own 137");
	ok(code_of(100, 143, &reason) == 143 && reason == NULL,
	    "failed 100 (after the job): its signal, 128+15");
	ok(code_of(37, 137, &reason) == QXUB_EXIT_LIMIT && reason != NULL &&
	    strstr(reason, "limit") != NULL, "failed 37: the limit code");
	ok(code_of(40, 137, &reason) == QXUB_EXIT_LIMIT && reason != NULL,
	    "failed 40 (execd's limit): the limit code");
	ok(code_of(28, 0, &reason) == QXUB_EXIT_NOSTART && reason != NULL &&
	    strstr(reason, "could not start") != NULL,
	    "failed 28 (no working directory): could not start it");
	ok(code_of(26, 0, &reason) == QXUB_EXIT_NOSTART,
	    "failed 26 (output file): could not start it");
	ok(code_of(0, -1, &reason) == -1 && reason != NULL,
	    "no exit_status: no code");
	ok(code_of(0, 256, &reason) == -1 && reason != NULL,
	    "exit_status past 255: no code");
}

static void
test_job_number(void)
{
	char	*id;

	is_str(id = sge_job_number("12\n"), "12", "a job");
	free(id);
	is_str(id = sge_job_number("12.1-10:1\n"), "12", "an array job");
	free(id);
	is_str(id = sge_job_number("  7"), "7", "blanks before, no newline");
	free(id);
	ok(sge_job_number("") == NULL, "nothing printed: no id");
	ok(sge_job_number("\n") == NULL, "an empty line: no id");
	ok(sge_job_number("Your job 12 (\"x\") has been submitted\n") ==
	    NULL, "qsub without -terse: no id");
}

int
main(void)
{
	test_qstat();
	test_qacct();
	test_states();
	test_exit_codes();
	test_job_number();
	return tap_done();
}
