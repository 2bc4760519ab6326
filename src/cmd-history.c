/*
 * qxub history [list] | show ID | latest | out|err|log [ID]: what qxub
 * submitted, from the history file (history.h).
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "history.h"
#include "jobs.h"
#include "log.h"
#include "qxub.h"
#include "spawn.h"
#include "xmalloc.h"
#include "yaml.h"

#define HISTORY_USAGE	"[list [--limit N] | show ID | latest | " \
	"out|err|log [ID]] [--json] [--platform NAME]"

static void
cmd_history_help(void)
{
	printf("usage: qxub history [list] [--limit N] [--json]\n"
	    "       qxub history show ID [--json]\n"
	    "       qxub history latest [--json]\n"
	    "       qxub history out|err|log [ID]\n\n"
	    "Shows what qxub submitted.  Every job, dry run and run on a "
	    "remote platform is\nrecorded, one JSON object a line, in "
	    "$XDG_STATE_HOME/qxub/history.jsonl, with\nits command, "
	    "context, resources, platform, queue, job id, job directory, "
	    "times\nand, once known, its exit code.\n\n"
	    "  list         the last N records (20), oldest first\n"
	    "  show ID      one job's record; ID may be the start of a job "
	    "id\n"
	    "  latest       the record of the last job\n"
	    "  out, err, log [ID]\n"
	    "               the job's stdout, stderr or scheduler log (of the "
	    "last job\n"
	    "               without ID)\n"
	    "  --json       records as JSON\n"
	    "  --platform NAME\n"
	    "               on a remote platform: the history of the qxub "
	    "there, over ssh\n\n"
	    "Exit status: 0 done, 1 no such job or file, 2 usage error, 3 "
	    "configuration\nerror, 6 a remote platform's host cannot be "
	    "reached.\n");
}

/* One line of list: id (or what it was), time, platform, exit, command. */
static void
cmd_history_line(const struct ynode *rec)
{
	const struct ynode	*cmd = ynode_get(rec, "command");
	const char		*id = history_get(rec, "job_id");
	const char		*kind = history_get(rec, "kind");
	const char		*when, *where, *code;
	struct buf		 words = BUF_INIT, line = BUF_INIT;
	struct buf		 out = BUF_INIT;
	size_t			 i;

	if (id == NULL)
		id = kind != NULL && strcmp(kind, "dry-run") == 0 ?
		    "(dry run)" : kind != NULL && strcmp(kind, "remote") ==
		    0 ? "(remote)" : "-";
	for (i = 0; cmd != NULL && cmd->type == YNODE_SEQ && i < cmd->n;
	    i++)
		buf_addf(&words, "%s%s", i > 0 ? " " : "",
		    cmd->items[i]->scalar);
	when = history_get(rec, "time");
	if ((where = history_get(rec, "platform")) == NULL)
		where = history_get(rec, "scheduler");
	code = history_get(rec, "exit_code");
	buf_addf(&line, "%-20s %-19.19s %-12s %-5s %s", id, when != NULL ?
	    when : "-", where != NULL ? where : "-", code != NULL ? code : "-",
	    words.data);
	/* The words are anyone's bytes; the terminal must not obey them. */
	buf_addvis(&out, line.data);
	buf_addch(&out, '\n');
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	buf_release(&line);
	buf_release(&words);
}

/* Prints one record as YAML or JSON. */
static void
cmd_history_print(const struct ynode *rec, int json)
{
	struct buf	b = BUF_INIT;

	if (json)
		yaml_emit_json(&b, rec);
	else
		yaml_emit(&b, rec);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
}

static int
cmd_history_list(const struct history *h, long limit, int json)
{
	struct ynode	*list;
	size_t		 i, first;

	first = limit > 0 && h->n > (size_t)limit ? h->n - (size_t)limit : 0;
	if (json) {
		list = ynode_new(YNODE_SEQ);
		for (i = first; i < h->n; i++)
			ynode_push(list, ynode_copy(h->v[i]));
		cmd_history_print(list, 1);
		ynode_free(list);
		return 0;
	}
	printf("%-20s %-19s %-12s %-5s %s\n", "JOB ID", "SUBMITTED",
	    "PLATFORM", "EXIT", "COMMAND");
	for (i = first; i < h->n; i++)
		cmd_history_line(h->v[i]);
	return 0;
}

/* Copies the file key of rec (out, err or log) to stdout. */
static int
cmd_history_file(const struct ynode *rec, const char *key)
{
	const char	*path = history_get(rec, key);
	const char	*id = history_get(rec, "job_id");
	struct buf	 b = BUF_INIT;
	int		 fd;

	if (path == NULL)
		return log_error("job %s has no %s file in the history", id,
		    key), QXUB_EXIT_FAILURE;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return log_error("job %s: cannot read its %s file '%s': %s%s",
		    id, key, path, strerror(errno), errno == ENOENT ?
		    " (the job has not started, or it was removed)" : ""),
		    QXUB_EXIT_FAILURE;
	if (spawn_read_all(fd, &b) == -1) {
		log_error("job %s: cannot read '%s': %s", id, path,
		    strerror(errno));
		buf_release(&b);
		return QXUB_EXIT_FAILURE;
	}
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
	return 0;
}

static int
cmd_history_exec(int argc, char **argv)
{
	struct history	 h;
	const struct ynode *rec = NULL;
	const char	*pos[2], *platform = NULL, *what, *errstr;
	char		*cause = NULL;
	long		 limit = 20;
	int		 i, npos = 0, json = 0, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			cmd_history_help();
			return 0;
		} else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			limit = strtonum(argv[++i], 1, 1000000, &errstr);
			if (errstr != NULL) {
				log_error("--limit '%s': %s", argv[i], errstr);
				goto usage;
			}
		} else if (strcmp(argv[i], "--platform") == 0 && i + 1 < argc)
			platform = argv[++i];
		else if (argv[i][0] == '-' || npos == 2) {
			log_error("%s '%s'", argv[i][0] == '-' ?
			    "unknown option (or no value)" :
			    "unexpected argument", argv[i]);
			goto usage;
		} else
			pos[npos++] = argv[i];
	}
	what = npos > 0 ? pos[0] : "list";
	if (!((strcmp(what, "list") == 0 && npos <= 1) ||
	    (strcmp(what, "show") == 0 && npos == 2) ||
	    (strcmp(what, "latest") == 0 && npos <= 1) ||
	    ((strcmp(what, "out") == 0 || strcmp(what, "err") == 0 ||
	    strcmp(what, "log") == 0) && npos <= 2)))
		goto usage;
	if (jobs_forward(platform, argc, argv, &r) == 1)
		return r;
	if (history_load(&h, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return QXUB_EXIT_FAILURE;
	}
	if (strcmp(what, "list") == 0) {
		r = cmd_history_list(&h, limit, json);
		goto out;
	}
	if (npos == 2) {
		if ((rec = history_find(&h, pos[1], &cause)) == NULL &&
		    cause == NULL)
			xasprintf(&cause, "no job '%s' in the history", pos[1]);
	} else if ((rec = history_latest(&h)) == NULL)
		cause = xstrdup("no job in the history yet");
	if (rec == NULL) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_FAILURE;
	} else if (strcmp(what, "show") == 0 || strcmp(what, "latest") == 0) {
		cmd_history_print(rec, json);
		r = 0;
	} else
		r = cmd_history_file(rec, what);
out:
	history_free(&h);
	if (fflush(stdout) == EOF && r == 0)
		r = QXUB_EXIT_FAILURE;
	return r;
usage:
	fprintf(stderr, "usage: qxub history " HISTORY_USAGE "\n");
	return QXUB_EXIT_USAGE;
}

static void
cmd_history_operands(FILE *fp, int argc, char **argv)
{
	if (argc == 0)
		fprintf(fp, "list\tthe last records\n"
		    "show\tone job's record\n"
		    "latest\tthe last job's record\n"
		    "out\ta job's stdout\n"
		    "err\ta job's stderr\n"
		    "log\ta job's scheduler log\n");
}

/* Completion: the command's options. */
static void
cmd_history_options(FILE *fp)
{
	fputs("--json\t-\trecords as JSON\n"
	    "--limit\tvalue\thow many records list shows\n"
	    "--platform\tplatform\ton a remote platform, over ssh\n", fp);
}

const struct cmd_entry	cmd_history_entry = {
	.name = "history",
	.usage = HISTORY_USAGE,
	.summary = "what qxub submitted, and each job's output files",
	.exec = cmd_history_exec,
	.help = cmd_history_help,
	.options = cmd_history_options,
	.operands = cmd_history_operands,
};
