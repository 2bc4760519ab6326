/*
 * qxub config: what the configuration says and where it comes from.
 *
 *   qxub config files                   every layer and whether it exists
 *   qxub config get KEY                 one value (a mapping as YAML)
 *   qxub config list [--show-origin]    the merged configuration
 *   qxub config validate                read and check every layer
 */
#include "autoconf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "qxub.h"
#include "xmalloc.h"
#include "yaml.h"

#define CONFIG_USAGE	"files | get KEY | list [--show-origin] | validate"

/* Subcommands that qxub 3.x has and this release does not yet. */
static const char	*cmd_config_later[] = {
	"set", "unset", "edit", "init", "init-project", "reset", "alias",
	"shortcut", "history", "show-files",
};

static void
cmd_config_help(void)
{
	printf("usage: qxub config " CONFIG_USAGE "\n\n"
	    "Show the configuration: the files it is read from (lowest "
	    "first: system,\nuser, the project's .qx/project.yaml, "
	    ".qx/local.yaml and .qx/test.yaml,\nthen --config FILE), one "
	    "value, or all of it merged.\n\n"
	    "  files            each file, and whether it exists\n"
	    "  get KEY          the value of a dotted KEY, such as "
	    "defaults.queue\n"
	    "  list             the merged configuration as YAML\n"
	    "    --show-origin  each value with the FILE:LINE:COL it comes "
	    "from\n"
	    "  validate         read and check every file\n\n"
	    "Exit status: 0 done, 1 KEY is not set, 2 usage error, 3 a "
	    "configuration\nfile is bad.\n");
}

/* Prints every scalar under node as "key.path = value  # FILE:LINE:COL". */
static void
cmd_config_origins(const struct ynode *node, struct buf *path)
{
	size_t	i, len = path->len;
	char	*where;

	if (node->type == YNODE_MAP) {
		for (i = 0; i < node->n; i++) {
			buf_addf(path, "%s%s", len > 0 ? "." : "",
			    node->keys[i]->scalar);
			cmd_config_origins(node->items[i], path);
			path->len = len;
			path->data[len] = '\0';
		}
		return;
	}
	if (node->type == YNODE_SEQ) {
		for (i = 0; i < node->n; i++) {
			buf_addf(path, "[%zu]", i);
			cmd_config_origins(node->items[i], path);
			path->len = len;
			path->data[len] = '\0';
		}
		return;
	}
	where = ynode_where(node);
	printf("%s = %s  # %s\n", path->data, node->scalar, where);
	free(where);
}

static int
cmd_config_exec(int argc, char **argv)
{
	struct config		 cfg;
	const struct ynode	*node;
	struct buf		 b = BUF_INIT;
	char			 cwd[PATH_MAX], *cause = NULL;
	const char		*sub = argc > 1 ? argv[1] : "";
	size_t			 i;
	int			 r = 0;

	for (i = 0; i < sizeof cmd_config_later / sizeof cmd_config_later[0];
	    i++) {
		if (strcmp(sub, cmd_config_later[i]) == 0) {
			log_error("'qxub config %s' is not available yet", sub);
			return QXUB_EXIT_USAGE;
		}
	}
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		cmd_config_help();
		return 0;
	}
	if (!((strcmp(sub, "files") == 0 && argc == 2) ||
	    (strcmp(sub, "get") == 0 && argc == 3) ||
	    (strcmp(sub, "validate") == 0 && argc == 2) ||
	    (strcmp(sub, "list") == 0 && (argc == 2 || (argc == 3 &&
	    strcmp(argv[2], "--show-origin") == 0))))) {
		log_error("usage: qxub config %s", CONFIG_USAGE);
		return QXUB_EXIT_USAGE;
	}
	if (getcwd(cwd, sizeof cwd) == NULL)
		fatal("getcwd");
	if (config_load(&cfg, qxub_config_file(), cwd, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		config_free(&cfg);
		return QXUB_EXIT_CONFIG;
	}
	if (strcmp(sub, "files") == 0 || strcmp(sub, "validate") == 0) {
		for (i = 0; i < cfg.nfiles; i++) {
			if (cfg.files[i].path == NULL)
				continue;
			printf("%-8s %-9s %s\n", cfg.files[i].kind,
			    cfg.files[i].root != NULL ? "ok" : "absent",
			    cfg.files[i].path);
		}
	} else if (strcmp(sub, "get") == 0) {
		if ((node = config_get(&cfg, argv[2])) == NULL) {
			log_error("configuration key '%s' is not set", argv[2]);
			r = QXUB_EXIT_FAILURE;
		} else if (node->type == YNODE_SCALAR)
			printf("%s\n", node->scalar);
		else {
			yaml_emit(&b, node);
			fwrite(b.data, 1, b.len, stdout);
		}
	} else if (argc == 3)
		cmd_config_origins(cfg.merged, &b);
	else {
		yaml_emit(&b, cfg.merged);
		fwrite(b.data, 1, b.len, stdout);
	}
	buf_release(&b);
	config_free(&cfg);
	if (fflush(stdout) == EOF)
		return QXUB_EXIT_FAILURE;
	return r;
}

const struct cmd_entry	cmd_config_entry = {
	.name = "config",
	.usage = CONFIG_USAGE,
	.summary = "show the configuration and where it comes from",
	.exec = cmd_config_exec,
	.help = cmd_config_help,
};
