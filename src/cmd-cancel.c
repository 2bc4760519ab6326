/*
 * qxub cancel ID... | --name PATTERN | --all: cancels jobs, asking first
 * on a terminal, and says for each job what became of it.
 */
#include "autoconf.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "history.h"
#include "jobs.h"
#include "log.h"
#include "qxub.h"
#include "strv.h"
#include "xmalloc.h"

#define CANCEL_USAGE	"ID... | --name PATTERN | --all [--force] " \
	"[--platform NAME]"

static void
cmd_cancel_help(void)
{
	printf("usage: qxub cancel " CANCEL_USAGE "\n\n"
	    "Cancels jobs: those named by ID (or the start of one), those of "
	    "the history\nwhose job name matches the shell PATTERN (--name), "
	    "or every job of the\nhistory that has not ended (--all).  On a "
	    "terminal it lists them and asks\nfirst, unless --force; without "
	    "one, --name and --all need --force.  It says\nfor each job "
	    "whether it was cancelled, had already ended, or could not be\n"
	    "cancelled, and why.\n\n"
	    "  --force          do not ask\n"
	    "  --platform NAME  on a remote platform: the qxub there cancels, "
	    "over ssh\n\n"
	    "Exit status: 0 every job was cancelled, 1 one was not (it had "
	    "ended, or the\nscheduler refused) or none matched, 2 usage "
	    "error or an id of no job qxub\nsubmitted (nothing is cancelled "
	    "then), 3 configuration error, 6 a remote\nplatform's host "
	    "cannot be reached.\n");
}

/*
 * The jobs of the history that have not ended (by the history) and whose
 * name matches pattern (NULL: all), as ids.
 */
static void
cmd_cancel_select(const struct history *h, const char *pattern,
    struct strv *ids)
{
	const char	*id, *name;
	size_t		 i, k;

	for (i = 0; i < h->n; i++) {
		if ((id = history_get(h->v[i], "job_id")) == NULL ||
		    history_get(h->v[i], "exit_code") != NULL ||
		    history_get(h->v[i], "state") != NULL)
			continue;
		name = history_get(h->v[i], "name");
		if (pattern != NULL && (name == NULL ||
		    fnmatch(pattern, name, 0) != 0))
			continue;
		for (k = 0; k < ids->n && strcmp(ids->v[k], id) != 0; k++)
			;
		if (k == ids->n)
			strv_push(ids, id);
	}
}

/* Asks on the terminal whether to cancel the n jobs of v; 1 for yes. */
static int
cmd_cancel_confirm(const struct job *v, size_t n)
{
	char	 line[64];
	size_t	 i;

	fprintf(stderr, "Cancel %zu job%s:", n, n == 1 ? "" : "s");
	for (i = 0; i < n && i < 10; i++)
		fprintf(stderr, " %s", v[i].sj.id);
	fprintf(stderr, "%s? [y/N] ", n > 10 ? " ..." : "");
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Cancels one job and says what became of it; 0 when it was cancelled. */
static int
cmd_cancel_one(struct job *j)
{
	char	*cause = NULL;

	if (j->sj.done) {
		printf("%s: had already ended (%s", j->sj.id, jobs_state(j));
		if (j->sj.exit_code >= 0)
			printf(", exit %d", j->sj.exit_code);
		printf(")\n");
		return -1;
	}
	if (j->sched->cancel(&j->sj, &cause) == -1) {
		printf("%s: not cancelled: %s\n", j->sj.id, cause);
		free(cause);
		return -1;
	}
	printf("%s: cancelled\n", j->sj.id);
	history_end(j->sj.id, -1, "cancelled");
	return 0;
}

static int
cmd_cancel_exec(int argc, char **argv)
{
	struct history	 h;
	struct strv	 ids = STRV_INIT;
	struct job	*v = NULL;
	const char	*platform = NULL, *pattern = NULL;
	char		*cause = NULL;
	size_t		 i, k, n = 0, ids_given;
	int		 force = 0, all = 0, r = 0;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--force") == 0 ||
		    strcmp(argv[i], "-f") == 0)
			force = 1;
		else if (strcmp(argv[i], "--all") == 0)
			all = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			cmd_cancel_help();
			return 0;
		} else if (strcmp(argv[i], "--name") == 0 &&
		    i + 1 < (size_t)argc)
			pattern = argv[++i];
		else if (strcmp(argv[i], "--platform") == 0 &&
		    i + 1 < (size_t)argc)
			platform = argv[++i];
		else if (argv[i][0] == '-') {
			log_error("unknown option (or no value) '%s'",
			    argv[i]);
			goto usage;
		} else
			strv_push(&ids, argv[i]);
	}
	if ((ids.n > 0) + (pattern != NULL) + all != 1) {
		log_error("give job ids, --name PATTERN or --all (one of "
		    "them)");
		goto usage;
	}
	if ((pattern != NULL || all) && !force && !isatty(STDIN_FILENO)) {
		log_error("%s without a terminal to ask on needs --force",
		    all ? "--all" : "--name");
		goto usage;
	}
	if (jobs_forward(platform, argc, argv, &r) == 1) {
		strv_clear(&ids);
		return r;
	}
	if (history_load(&h, &cause) == -1) {
		log_warn("%s", cause);
		free(cause);
		cause = NULL;
	}
	ids_given = ids.n;
	if (ids.n == 0)
		cmd_cancel_select(&h, pattern, &ids);
	if ((v = jobs_resolve_all(&h, ids.v, ids.n, &cause)) == NULL) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_USAGE;
		goto out;
	}
	n = ids.n;
	if (jobs_refresh(v, n, 1, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_FAILURE;
		goto out;
	}
	/* Nothing is cancelled while an id names no job of qxub's. */
	for (i = 0; i < n; i++) {
		if (jobs_unknown(&v[i]) != NULL) {
			log_error("cannot cancel %s: %s", v[i].sj.id,
			    jobs_unknown(&v[i]));
			r = QXUB_EXIT_USAGE;
		}
	}
	if (r != 0)
		goto out;
	/* Chosen by name or all: those that have not ended. */
	for (i = k = 0; ids_given == 0 && i < n; i++) {
		if (v[i].sj.done)
			jobs_clear(&v[i]);
		else
			v[k++] = v[i];
	}
	if (ids_given == 0)
		n = k;
	if (n == 0) {
		log_error("no job of the history %s", pattern != NULL ?
		    "with a matching name is running or queued" :
		    "is running or queued");
		r = QXUB_EXIT_FAILURE;
		goto out;
	}
	if (!force && isatty(STDIN_FILENO) && isatty(STDERR_FILENO) &&
	    !cmd_cancel_confirm(v, n)) {
		fprintf(stderr, "nothing cancelled\n");
		r = QXUB_EXIT_FAILURE;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (cmd_cancel_one(&v[i]) == -1)
			r = QXUB_EXIT_FAILURE;
	}
out:
	jobs_free(v, n);
	history_free(&h);
	strv_clear(&ids);
	if (fflush(stdout) == EOF && r == 0)
		r = QXUB_EXIT_FAILURE;
	return r;
usage:
	strv_clear(&ids);
	fprintf(stderr, "usage: qxub cancel " CANCEL_USAGE "\n");
	return QXUB_EXIT_USAGE;
}

/* Completion: the command's options. */
static void
cmd_cancel_options(FILE *fp)
{
	fputs("--name\tvalue\tjobs of the history whose name matches\n"
	    "--all\t-\tevery job of the history that has not ended\n"
	    "--force\t-\tdo not ask\n-f\t-\tdo not ask\n"
	    "--platform\tplatform\ton a remote platform, over ssh\n", fp);
}

const struct cmd_entry	cmd_cancel_entry = {
	.name = "cancel",
	.usage = CANCEL_USAGE,
	.summary = "cancel jobs, by id, by name or all",
	.exec = cmd_cancel_exec,
	.help = cmd_cancel_help,
	.options = cmd_cancel_options,
};
