/*
 * qxub __complete: what the bash and zsh completion scripts ask, read from
 * the same tables that parsing and --help use, so nothing drifts.
 *
 *   qxub __complete commands          NAME TAB SUMMARY
 *   qxub __complete options [CMD]     SPELLING TAB KIND TAB HELP
 *   qxub __complete values KIND [PLATFORM]
 *                                     one candidate per line
 *   qxub __complete operands CMD [WORD...]
 *                                     WORD TAB SUMMARY: what may follow
 *
 * KIND is "-" for an option without a value, else what completes its value:
 * file, dir, var, platform, conda-env, module, alias, shortcut, queue,
 * gpu-type, or value (nothing to offer).  `values` answers for the kinds
 * qxub knows (platform, conda-env, alias, shortcut, gpu-type: the models of
 * the platform definitions' queues; `values queue [PLATFORM]`: the queues
 * of the platform's definition, else of defaults.platform's); the scripts
 * complete files, directories, variables and modules themselves.
 */
#include "autoconf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alias.h"
#include "buf.h"
#include "config.h"
#include "log.h"
#include "options.h"
#include "platform.h"
#include "qxub.h"
#include "sched.h"
#include "spawn.h"
#include "strv.h"
#include "yaml.h"

static void
complete_commands(void)
{
	const struct cmd_entry	*const *e;

	for (e = cmd_table; *e != NULL; e++) {
		if (!(*e)->hidden)
			printf("%s\t%s\n", (*e)->name, (*e)->summary);
	}
}

/* The names `conda env list` shows; nothing when conda is absent. */
static void
complete_conda_envs(void)
{
	char		*argv[] = { "conda", "env", "list", NULL };
	struct spawn	 sp = { 0 };
	struct buf	 b = BUF_INIT;
	char		*cause = NULL, *line, *next;
	int		 status;

	sp.argv = argv;
	sp.capture_out = 1;
	sp.err_path = "/dev/null";
	if (spawn_start(&sp, &cause) == -1) {
		free(cause);
		return;
	}
	spawn_read_all(sp.out_fd, &b);
	spawn_wait(sp.pid, &status, 0);
	for (line = b.data; *line != '\0'; line = next) {
		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		/* Unnamed environments (bare paths) and comments: skip. */
		if (*line == '#' || *line == '/' || *line == ' ' ||
		    *line == '\0')
			continue;
		printf("%.*s\n", (int)strcspn(line, " \t"), line);
	}
	buf_release(&b);
}

/* Prints the keys of a map. */
static void
complete_keys(const struct ynode *map)
{
	size_t	i;

	for (i = 0; map != NULL && map->type == YNODE_MAP && i < map->n; i++)
		printf("%s\n", map->keys[i]->scalar);
}

/* Prints the GPU models of the queues of every platform definition. */
static void
complete_gpu_types(const struct config *cfg)
{
	struct platform_set	 set = { NULL, 0 };
	struct strv		 seen = STRV_INIT;
	const char		*t;
	char			*cause = NULL;
	size_t			 i, j, k;

	/* A bad platform file only means fewer candidates. */
	platform_load_all(&set, cfg, &cause);
	free(cause);
	for (i = 0; i < set.n; i++) {
		for (j = 0; j < set.v[i]->nqueues; j++) {
			if ((t = set.v[i]->queues[j].gpu_type) == NULL)
				continue;
			for (k = 0; k < seen.n && strcmp(seen.v[k], t) != 0;
			    k++)
				;
			if (k == seen.n) {
				strv_push(&seen, t);
				printf("%s\n", t);
			}
		}
	}
	strv_clear(&seen);
	platform_set_free(&set);
}

/*
 * Prints the queues of the definition of platform (else of
 * defaults.platform), and auto, which chooses one of them.
 */
static void
complete_queues(const struct config *cfg, const char *platform)
{
	struct platform_set	 set = { NULL, 0 };
	const struct platform	*p;
	char			*cause = NULL;
	size_t			 i;

	if (platform == NULL || *platform == '\0')
		platform = config_string(cfg, "defaults.platform");
	platform_load_all(&set, cfg, &cause);
	free(cause);
	cause = NULL;
	/* Tab never waits for a server: a definition URL only if cached. */
	if (platform != NULL && platform_definition_mode(&set, cfg, platform,
	    FETCH_OFFLINE, &p, NULL, &cause) == 0 && p != NULL) {
		for (i = 0; i < p->nqueues; i++)
			printf("%s\n", p->queues[i].name);
		printf("auto\n");
	}
	free(cause);
	platform_set_free(&set);
}

static int
complete_values(const char *kind, const char *platform)
{
	struct config	 cfg;
	struct ynode	*shortcuts;
	char		 cwd[PATH_MAX], *cause = NULL;
	int		 have_cfg;
	size_t		 i;

	/* A broken configuration only means fewer candidates. */
	have_cfg = getcwd(cwd, sizeof cwd) != NULL &&
	    config_load(&cfg, qxub_config_file(), cwd, &cause) == 0;
	free(cause);
	cause = NULL;
	if (strcmp(kind, "platform") == 0) {
		for (i = 0; i < sched_builtin_count; i++)
			printf("%s\n", sched_builtin[i]->name);
		if (have_cfg)
			complete_keys(config_get(&cfg, "platforms"));
	} else if (strcmp(kind, "gpu-type") == 0 && have_cfg)
		complete_gpu_types(&cfg);
	else if (strcmp(kind, "queue") == 0 && have_cfg)
		complete_queues(&cfg, platform);
	else if (strcmp(kind, "status-format") == 0)
		printf("snakemake\njson\nexitcode\n");
	else if (strcmp(kind, "conda-env") == 0)
		complete_conda_envs();
	else if (strcmp(kind, "alias") == 0 && have_cfg)
		complete_keys(config_get(&cfg, "aliases"));
	else if (strcmp(kind, "shortcut") == 0) {
		if ((shortcuts = alias_load_shortcuts(&cause)) != NULL)
			complete_keys(shortcuts);
		ynode_free(shortcuts);
		free(cause);
	}
	if (have_cfg)
		config_free(&cfg);
	return 0;
}

static int
cmd_complete_exec(int argc, char **argv)
{
	const struct cmd_entry	*entry;

	if (argc == 2 && strcmp(argv[1], "commands") == 0)
		complete_commands();
	else if (argc == 2 && strcmp(argv[1], "options") == 0)
		qxub_global_options(stdout, 1);
	else if (argc == 3 && strcmp(argv[1], "options") == 0) {
		if ((entry = cmd_find(argv[2])) != NULL) {
			printf("-h\t-\tshow the help\n"
			    "--help\t-\tshow the help\n");
			if (entry->options != NULL)
				entry->options(stdout);
		}
	} else if ((argc == 3 || argc == 4) && strcmp(argv[1], "values") == 0)
		return complete_values(argv[2], argc == 4 ? argv[3] : NULL);
	else if (argc >= 3 && strcmp(argv[1], "operands") == 0) {
		if ((entry = cmd_find(argv[2])) != NULL &&
		    entry->operands != NULL)
			entry->operands(stdout, argc - 3, argv + 3);
	}
	else {
		log_error("usage: qxub __complete commands | options [COMMAND] "
		    "| values KIND");
		return QXUB_EXIT_USAGE;
	}
	return fflush(stdout) == EOF ? QXUB_EXIT_FAILURE : 0;
}

static void
cmd_complete_help(void)
{
	printf("usage: qxub __complete commands | options [COMMAND] | "
	    "values KIND\n\nAnswers the shell completion scripts.\n");
}

const struct cmd_entry	cmd_complete_entry = {
	.name = "__complete",
	.usage = "commands | options [COMMAND] | values KIND",
	.summary = "answer the shell completion scripts",
	.hidden = 1,
	.exec = cmd_complete_exec,
	.help = cmd_complete_help,
};
