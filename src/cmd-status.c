/*
 * qxub status [ID...] and qxub status check ID: how submitted jobs are,
 * from their exit markers first, then from their schedulers (jobs.h).
 */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "history.h"
#include "jobs.h"
#include "log.h"
#include "qxub.h"
#include "xmalloc.h"
#include "yaml.h"

#define STATUS_USAGE	"[ID...] [--json] | check ID " \
	"[--format snakemake|json|exitcode] [--platform NAME]"

static void
cmd_status_help(void)
{
	printf("usage: qxub status [ID...] [--json] [--platform NAME]\n"
	    "       qxub status check ID [--format snakemake|json|exitcode] "
	    "[--platform NAME]\n\n"
	    "Says how jobs are: queued, running, held, exiting, succeeded, "
	    "failed,\ncancelled or unknown, with the exit code of those that "
	    "ended.  Each job's exit\nmarker in its job directory is read "
	    "first; the scheduler is asked once for\nall the others.  An ID "
	    "may be the start of a job id of the history; without\nIDs, the "
	    "last 20 jobs of the history.\n\n"
	    "  check ID     one job, for workflow managers:\n"
	    "    --format snakemake  success, running or failed (the "
	    "default)\n"
	    "    --format json       {\"job_id\", \"state\", \"exit_code\"}\n"
	    "    --format exitcode   nothing; exit 0 running, 1 failed, 2 "
	    "success\n"
	    "               (a job qxub did not submit is unknown: failed, "
	    "exit 1)\n"
	    "  --json       the table as JSON\n"
	    "  --platform NAME\n"
	    "               on a remote platform: asks the qxub there, over "
	    "ssh\n\n"
	    "Exit status: 0 done, 1 a job is unknown or the scheduler cannot "
	    "be asked,\n2 usage error, 3 configuration error, 6 a remote "
	    "platform's host cannot be\nreached.  'qxtat ARGS' is 'qxub "
	    "status ARGS'.\n");
}

/* A job as a mapping, for JSON. */
static struct ynode *
cmd_status_map(const struct job *j)
{
	struct ynode	*map = ynode_new(YNODE_MAP);
	char		 code[16];

	ynode_set(map, "job_id", ynode_new_scalar(j->sj.id, 0));
	ynode_set(map, "state", ynode_new_scalar(jobs_state(j), 0));
	if (j->sj.done && j->sj.exit_code >= 0) {
		snprintf(code, sizeof code, "%d", j->sj.exit_code);
		ynode_set(map, "exit_code", ynode_new_scalar(code, 1));
	} else
		ynode_set(map, "exit_code", ynode_new_scalar("null", 1));
	if (j->name != NULL)
		ynode_set(map, "name", ynode_new_scalar(j->name, 0));
	ynode_set(map, "scheduler", ynode_new_scalar(j->sched->name, 0));
	if (j->sj.reason != NULL)
		ynode_set(map, "reason", ynode_new_scalar(j->sj.reason, 0));
	return map;
}

/* qxub status check ID: one job's answer in one of three formats. */
static int
cmd_status_check(struct job *j, const char *format)
{
	const char	*state = jobs_state(j), *word;
	struct ynode	*map;
	struct buf	 b = BUF_INIT;
	int		 running = !j->sj.done;

	/* A job no scheduler knows any more did not succeed. */
	word = running ? "running" : strcmp(state, "succeeded") == 0 ?
	    "success" : "failed";
	if (strcmp(format, "snakemake") == 0) {
		printf("%s\n", word);
		return 0;
	}
	if (strcmp(format, "exitcode") == 0)
		return running ? 0 : strcmp(word, "success") == 0 ? 2 : 1;
	map = cmd_status_map(j);
	yaml_emit_json(&b, map);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
	ynode_free(map);
	return 0;
}

/* The ids to show: those given, else the last 20 jobs of the history. */
static void
cmd_status_default_ids(const struct history *h, const char ***ids,
    int *n)
{
	size_t	i;
	int	k = 0;

	for (i = h->n; i-- > 0 && k < 20;) {
		if (history_get(h->v[i], "job_id") != NULL)
			k++;
	}
	*ids = xreallocarray(NULL, k > 0 ? k : 1, sizeof **ids);
	*n = 0;
	for (i = h->n; i-- > 0 && *n < k;) {
		if (history_get(h->v[i], "job_id") != NULL)
			(*ids)[k - 1 - (*n)++] = history_get(h->v[i],
			    "job_id");
	}
}

static int
cmd_status_exec(int argc, char **argv)
{
	struct history	 h;
	struct job	*jobs = NULL;
	struct ynode	*list;
	struct buf	 b = BUF_INIT, line = BUF_INIT;
	const char	**ids, *format = NULL, *platform = NULL;
	char		*cause = NULL, code[16];
	int		 i, n = 0, json = 0, check = 0, r = 0;

	ids = xreallocarray(NULL, argc > 0 ? argc : 1, sizeof *ids);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			cmd_status_help();
			free(ids);
			return 0;
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform = argv[++i];
		else if (argv[i][0] == '-') {
			log_error("unknown option (or no value) '%s'",
			    argv[i]);
			goto usage;
		} else if (i == 1 && strcmp(argv[i], "check") == 0)
			check = 1;
		else
			ids[n++] = argv[i];
	}
	if (format != NULL && !check) {
		log_error("--format is for 'status check'");
		goto usage;
	}
	if (format == NULL)
		format = "snakemake";
	if (strcmp(format, "snakemake") != 0 && strcmp(format, "json") != 0
	    && strcmp(format, "exitcode") != 0) {
		log_error("--format '%s': snakemake, json or exitcode", format);
		goto usage;
	}
	if (check && n != 1) {
		log_error("status check takes one job id");
		goto usage;
	}
	if (jobs_forward(platform, argc, argv, &r) == 1) {
		free(ids);
		return r;
	}
	if (history_load(&h, &cause) == -1) {
		log_warn("%s", cause);
		free(cause);
		cause = NULL;
	}
	if (n == 0) {
		free(ids);
		cmd_status_default_ids(&h, &ids, &n);
	}
	if ((jobs = jobs_resolve_all(&h, (char *const *)ids, n,
	    &cause)) == NULL) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_USAGE;
		n = 0;
		goto out;
	}
	if (jobs_refresh(jobs, n, 1, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_FAILURE;
		goto out;
	}
	jobs_warn_unknown(jobs, n);
	if (check) {
		r = cmd_status_check(&jobs[0], format);
		goto out;
	}
	if (json) {
		list = ynode_new(YNODE_SEQ);
		for (i = 0; i < n; i++)
			ynode_push(list, cmd_status_map(&jobs[i]));
		yaml_emit_json(&b, list);
		fwrite(b.data, 1, b.len, stdout);
		ynode_free(list);
	} else if (n > 0)
		printf("%-20s %-10s %-5s %s\n", "JOB ID", "STATE", "EXIT",
		    "NAME");
	for (i = 0; i < n; i++) {
		if (strcmp(jobs_state(&jobs[i]), "unknown") == 0)
			r = QXUB_EXIT_FAILURE;
		if (json)
			continue;
		snprintf(code, sizeof code, "%d", jobs[i].sj.exit_code);
		buf_reset(&line);
		buf_addf(&line, "%-20s %-10s %-5s %s", jobs[i].sj.id,
		    jobs_state(&jobs[i]), jobs[i].sj.done &&
		    jobs[i].sj.exit_code >= 0 ? code : "-",
		    jobs[i].name != NULL ? jobs[i].name : "-");
		buf_reset(&b);
		buf_addvis(&b, line.data);
		printf("%s\n", b.data);
	}
out:
	jobs_free(jobs, n);
	free(ids);
	history_free(&h);
	buf_release(&line);
	buf_release(&b);
	if (fflush(stdout) == EOF && r == 0)
		r = QXUB_EXIT_FAILURE;
	return r;
usage:
	free(ids);
	fprintf(stderr, "usage: qxub status " STATUS_USAGE "\n");
	return QXUB_EXIT_USAGE;
}

static void
cmd_status_operands(FILE *fp, int argc, char **argv)
{
	if (argc == 0)
		fprintf(fp, "check\tone job, for workflow managers\n");
}

/* Completion: the command's options. */
static void
cmd_status_options(FILE *fp)
{
	fputs("--json\t-\tthe table as JSON\n"
	    "--format\tstatus-format\tstatus check: snakemake, json or "
	    "exitcode\n"
	    "--platform\tplatform\ton a remote platform, over ssh\n", fp);
}

const struct cmd_entry	cmd_status_entry = {
	.name = "status",
	.usage = STATUS_USAGE,
	.summary = "how submitted jobs are (qxtat)",
	.exec = cmd_status_exec,
	.help = cmd_status_help,
	.options = cmd_status_options,
	.operands = cmd_status_operands,
};
