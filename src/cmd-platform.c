/*
 * qxub platform list | info NAME: the platforms qxub knows and where each
 * runs.  A remote platform is described by asking the qxub at its far end.
 * select-queue | validate | estimate: what a definition's queues make of a
 * request; refresh: definition URLs fetched again.
 */
#include "autoconf.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "fetch.h"
#include "log.h"
#include "platform.h"
#include "queue.h"
#include "qxub.h"
#include "remote.h"
#include "resource.h"
#include "sched.h"
#include "strv.h"
#include "xmalloc.h"
#include "yaml.h"

#define PLATFORM_USAGE	"list [--json] | info|check NAME [--json] | " \
	"select-queue|validate|estimate NAME [REQUEST] [--json] | " \
	"refresh [NAME] [--json]"

static void
cmd_platform_help(void)
{
	printf("usage: qxub platform list [--json]\n"
	    "       qxub platform info NAME [--json]\n"
	    "       qxub platform check NAME [--json]\n"
	    "       qxub platform select-queue NAME [--cpus N] [--mem SIZE] "
	    "[--runtime TIME]\n"
	    "            [--gpus N] [--gpu-type TYPE] [--disk SIZE] "
	    "[--internet] [--json]\n"
	    "       qxub platform validate NAME [REQUEST] [--queue QUEUE] "
	    "[--json]\n"
	    "       qxub platform estimate NAME [REQUEST] [--queue QUEUE] "
	    "[--json]\n"
	    "       qxub platform refresh [NAME] [--json]\n\n"
	    "Shows the platforms qxub knows: the built-in local and pbs, and "
	    "those of the\nconfiguration (platforms:).  A platform with a "
	    "remote: section runs on\nanother machine; list and info ask the "
	    "qxub there over ssh how it runs it.\n\n"
	    "  list         one line a platform: name, kind, scheduler, host\n"
	    "  info NAME    everything about one platform\n"
	    "  check NAME   a remote platform's hosts: what ssh -G makes of "
	    "each, its\n"
	    "               master connection, the qxub there and its "
	    "scheduler; a\n"
	    "               platform that runs here: its scheduler and why\n"
	    "  select-queue NAME\n"
	    "               the queue of platform NAME's definition file for "
	    "the request:\n"
	    "               the first auto-selection rule that matches (the "
	    "default rule\n"
	    "               last) if its queue takes it, else the cheapest "
	    "queue that does;\n"
	    "               its cost in SU and why; minimums raised with a "
	    "note\n"
	    "  validate NAME\n"
	    "               each queue (or QUEUE): whether it takes the "
	    "request, its cost,\n"
	    "               or every limit the request breaks\n"
	    "  estimate NAME\n"
	    "               the cost in SU of the request in QUEUE, or in "
	    "the queue\n"
	    "               select-queue chooses: rate x walltime hours x "
	    "cores\n"
	    "  refresh [NAME]\n"
	    "               fetch again the definition URL of NAME, or of "
	    "every platform\n"
	    "               whose definition: is a URL, whatever the cache "
	    "holds\n"
	    "  --json       the same as JSON\n\n"
	    "REQUEST is --cpus, --mem, --runtime, --gpus, --gpu-type, --disk "
	    "and\n--internet, as for qxub exec.\n\n"
	    "Exit status: 0 done, 1 no queue (or not QUEUE) takes the "
	    "request, 2 usage "
	    "error, 3\nconfiguration error, unknown platform or a definition "
	    "that cannot be fetched,\n6 a remote platform's host cannot be "
	    "reached; check: 1 a check failed.\n");
}


static void
cmd_platform_bool(struct ynode *map, const char *key, int value)
{
	ynode_set(map, key, ynode_new_scalar(value ? "true" : "false", 1));
}

/* Asks the remote qxub for its view of the platform; NULL when it cannot. */
static struct ynode *
cmd_platform_ask(struct remote *rem, int *code)
{
	struct buf	 out = BUF_INIT;
	struct ynode	*there = NULL;
	char		*cause = NULL;

	*code = remote_run(rem, (char *[]){ "platform", "info",
	    rem->platform, "--json", NULL }, 0, &out);
	if (*code == 0 && (there = yaml_load_string(out.data, out.len,
	    rem->host, &cause)) == NULL) {
		log_error("%s: the remote qxub's answer is not JSON: %s",
		    rem->host, cause);
		free(cause);
		*code = QXUB_EXIT_FAILURE;
	}
	buf_release(&out);
	return there;
}

/* Sets key to a count, a size or a time when the file gave one. */
static void
cmd_platform_count(struct ynode *map, const char *key, long long n)
{
	char	text[32];

	if (n < 0)
		return;
	snprintf(text, sizeof text, "%lld", n);
	ynode_set(map, key, ynode_new_scalar(text, 1));
}

static void
cmd_platform_size(struct ynode *map, const char *key, uint64_t bytes,
    int time)
{
	struct buf	b = BUF_INIT;

	if (bytes == 0)
		return;
	if (time)
		resource_format_time(&b, bytes);
	else
		resource_format_size(&b, bytes);
	ynode_set_string(map, key, b.data);
	buf_release(&b);
}

/* One queue of a definition: its limits, rate and walltime rules. */
static struct ynode *
cmd_platform_queue(const struct platform_queue *q)
{
	struct ynode	*map = ynode_new(YNODE_MAP), *rules;
	struct buf	 b = BUF_INIT;
	size_t		 i, j;
	char		 rate[32];

	ynode_set_string(map, "name", q->name);
	ynode_set_string(map, "type", q->type);
	ynode_set_string(map, "priority", q->priority);
	ynode_set_string(map, "description", q->description);
	cmd_platform_count(map, "min_cpus", q->min_cpus);
	cmd_platform_count(map, "max_cpus", q->max_cpus);
	cmd_platform_size(map, "min_memory", q->min_memory, 0);
	cmd_platform_size(map, "max_memory", q->max_memory, 0);
	cmd_platform_size(map, "max_local_storage", q->max_local_storage, 0);
	cmd_platform_count(map, "min_gpus", q->min_gpus);
	cmd_platform_count(map, "max_gpus", q->max_gpus);
	ynode_set_string(map, "gpu_type", q->gpu_type);
	cmd_platform_count(map, "cpus_per_gpu", q->cpus_per_gpu);
	if (q->cores_per_node > 0)
		cmd_platform_count(map, "cores_per_node", q->cores_per_node);
	cmd_platform_size(map, "memory_per_node", q->memory_per_node, 0);
	cmd_platform_size(map, "max_walltime", q->max_walltime, 1);
	cmd_platform_size(map, "default_walltime", q->default_walltime, 1);
	if (q->su_billing_rate > 0) {
		snprintf(rate, sizeof rate, "%g", q->su_billing_rate);
		ynode_set(map, "su_billing_rate", ynode_new_scalar(rate, 1));
	}
	if (q->internet)
		cmd_platform_bool(map, "internet_connectivity", 1);
	if (q->nrules > 0) {
		rules = ynode_new(YNODE_SEQ);
		for (i = 0; i < q->nrules; i++) {
			buf_reset(&b);
			for (j = 0; j < q->rules[i].ncores; j++) {
				buf_addf(&b, "%s%lld", j > 0 ? "," : "",
				    q->rules[i].cores[j].lo);
				if (q->rules[i].cores[j].hi !=
				    q->rules[i].cores[j].lo)
					buf_addf(&b, "-%lld",
					    q->rules[i].cores[j].hi);
			}
			buf_addstr(&b, " cores: ");
			resource_format_time(&b, q->rules[i].max_walltime);
			ynode_push(rules, ynode_new_scalar(b.data, 0));
		}
		ynode_set(map, "walltime_rules", rules);
	}
	buf_release(&b);
	return map;
}

/* What a definition file says of a platform. */
static struct ynode *
cmd_platform_definition(const struct platform *p)
{
	struct ynode	*map = ynode_new(YNODE_MAP), *list;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	ynode_set_string(map, "name", p->name);
	ynode_set_string(map, "file", p->where);
	ynode_set_string(map, "type", p->type);
	ynode_set_string(map, "host", p->host);
	ynode_set_string(map, "description", p->description);
	list = ynode_new(YNODE_SEQ);
	for (i = 0; i < p->nqueues; i++)
		ynode_push(list, cmd_platform_queue(&p->queues[i]));
	ynode_set(map, "queues", list);
	list = ynode_new(YNODE_SEQ);
	for (i = 0; i < p->nrules; i++) {
		buf_reset(&b);
		buf_addf(&b, "%s -> %s%s", p->rules[i].condition,
		    p->rules[i].queue, p->rules[i].is_default ?
		    " (default)" : "");
		ynode_push(list, ynode_new_scalar(b.data, 0));
	}
	ynode_set(map, "auto_selection_rules", list);
	buf_release(&b);
	return map;
}

/*
 * Describes platform name as a map; NULL with an error printed for an
 * unknown one.  ask: a remote platform's far end is asked about it.
 */
static struct ynode *
cmd_platform_describe(const struct config *cfg, struct platform_set *set,
    const char *name, int ask, int *code)
{
	const struct platform	*p;
	const struct sched	*sched;
	const struct ynode	*def, *desc;
	struct remote		 rem;
	struct ynode		*map, *there;
	char			*cause = NULL, *why = NULL, *where;
	int			 r;

	*code = 0;
	if (platform_definition(set, cfg, name, &p, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		*code = QXUB_EXIT_CONFIG;
		return NULL;
	}
	map = ynode_new(YNODE_MAP);
	ynode_set_string(map, "name", name);
	def = ynode_get(config_get(cfg, "platforms"), name);
	if (p != NULL && def == NULL && sched_find(name) == NULL) {
		ynode_set_string(map, "kind", "defined");
		ynode_set_string(map, "scheduler",
		    platform_scheduler(p));
		ynode_set(map, "definition", cmd_platform_definition(p));
		return map;
	}
	if ((sched = sched_find(name)) != NULL && def == NULL) {
		ynode_set_string(map, "kind", "built-in");
		ynode_set_string(map, "scheduler", sched->name);
		cmd_platform_bool(map, "batch", sched->batch);
		return map;
	}
	if ((r = remote_load(&rem, cfg, name, &cause)) == -1) {
		log_error("%s", cause);
		free(cause);
		ynode_free(map);
		*code = QXUB_EXIT_CONFIG;
		return NULL;
	}
	if (def == NULL && !remote_is_end()) {
		log_error("unknown platform '%s'", name);
		ynode_free(map);
		*code = QXUB_EXIT_CONFIG;
		return NULL;
	}
	if (def != NULL) {
		where = ynode_where(def);
		ynode_set_string(map, "defined", where);
		free(where);
		if ((desc = ynode_get(def, "description")) != NULL)
			ynode_set_string(map, "description", desc->scalar);
	}
	if (r == 1) {
		ynode_set_string(map, "kind", "remote");
		ynode_set_string(map, "host", rem.host);
		if (rem.hosts.n > 1)
			ynode_set_strings(map, "hosts", rem.hosts.v,
			    rem.hosts.n);
		ynode_set_string(map, "working_dir", rem.working_dir);
		ynode_set_string(map, "qxub", rem.qxub);
		ynode_set_string(map, "ssh", rem.ssh);
		ynode_set_string(map, "multiplex",
		    rem.multiplex == REMOTE_MUX_AUTO ? "auto" : "off");
		if (ask && (there = cmd_platform_ask(&rem, code)) != NULL)
			ynode_set(map, "there", there);
		/* The host that answered, when an earlier one did not. */
		ynode_set_string(map, "host", rem.host);
		remote_clear(&rem);
		return map;
	}
	/*
	 * A platform that runs here: on its definition's scheduler, else on
	 * the one found here.
	 */
	ynode_set_string(map, "kind", def != NULL ? "configured" :
	    "remote end");
	if (p != NULL) {
		ynode_set_string(map, "scheduler",
		    platform_scheduler(p));
		xasprintf(&why, "its definition's type, %s", p->type);
	} else {
		sched = sched_detect(&why);
		ynode_set_string(map, "scheduler", sched->name);
	}
	ynode_set_string(map, "because", why);
	free(why);
	if (p != NULL)
		ynode_set(map, "definition", cmd_platform_definition(p));
	return map;
}

/* Prints a description as YAML, or JSON. */
static void
cmd_platform_print(const struct ynode *node, int json)
{
	struct buf	b = BUF_INIT;

	if (json)
		yaml_emit_json(&b, node);
	else
		yaml_emit(&b, node);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
}

/* The scheduler a description names, here or at the far end. */
static const char *
cmd_platform_scheduler(const struct ynode *map)
{
	const struct ynode	*s = ynode_get(map, "scheduler");

	if (s == NULL)
		s = ynode_get(ynode_get(map, "there"), "scheduler");
	return s != NULL && s->type == YNODE_SCALAR ? s->scalar : "?";
}

static int
cmd_platform_list(const struct config *cfg, struct platform_set *set,
    int json)
{
	const struct ynode	*platforms = config_get(cfg, "platforms");
	const struct ynode	*host;
	struct strv		 names = STRV_INIT;
	struct ynode		*list, *map;
	size_t			 i;
	int			 code, r = 0;

	for (i = 0; i < sched_builtin_count; i++) {
		if (ynode_get(platforms, sched_builtin[i]->name) == NULL)
			strv_push(&names, sched_builtin[i]->name);
	}
	for (i = 0; platforms != NULL && platforms->type == YNODE_MAP &&
	    i < platforms->n; i++)
		strv_push(&names, platforms->keys[i]->scalar);
	for (i = 0; i < set->n; i++) {
		if (ynode_get(platforms, set->v[i]->name) == NULL &&
		    sched_find(set->v[i]->name) == NULL)
			strv_push(&names, set->v[i]->name);
	}
	list = ynode_new(YNODE_SEQ);
	if (!json)
		printf("%-20s %-11s %-10s %s\n", "NAME", "KIND", "SCHEDULER",
		    "HOST");
	for (i = 0; i < names.n; i++) {
		if ((map = cmd_platform_describe(cfg, set, names.v[i], 1,
		    &code)) == NULL || code != 0) {
			r = code;
			if (map == NULL)
				continue;
		}
		host = ynode_get(map, "host");
		if (!json)
			printf("%-20s %-11s %-10s %s\n", names.v[i],
			    ynode_get(map, "kind")->scalar,
			    cmd_platform_scheduler(map),
			    host != NULL ? host->scalar : "-");
		ynode_push(list, map);
	}
	if (json)
		cmd_platform_print(list, 1);
	ynode_free(list);
	strv_clear(&names);
	return r;
}

/* The request options of select-queue. */
static const struct {
	const char	*name;
	int		 kind;		/* 'n' count, 's' size, 't' time,
					   'w' word, 'f' flag */
	size_t		 field;
} cmd_platform_request[] = {
	{ "cpus", 'n', offsetof(struct queue_request, cpus) },
	{ "gpus", 'n', offsetof(struct queue_request, gpus) },
	{ "mem", 's', offsetof(struct queue_request, memory) },
	{ "memory", 's', offsetof(struct queue_request, memory) },
	{ "disk", 's', offsetof(struct queue_request, disk) },
	{ "runtime", 't', offsetof(struct queue_request, walltime) },
	{ "time", 't', offsetof(struct queue_request, walltime) },
	{ "walltime", 't', offsetof(struct queue_request, walltime) },
	{ "gpu-type", 'w', offsetof(struct queue_request, gpu_type) },
	{ "internet", 'f', offsetof(struct queue_request, internet) },
};

/* Completion: the options of platform's commands. */
static void
cmd_platform_options(FILE *fp)
{
	size_t	k;

	fprintf(fp, "--json\t-\tprint JSON\n--queue\tvalue\tvalidate, "
	    "estimate: the queue\n");
	for (k = 0; k < sizeof cmd_platform_request /
	    sizeof cmd_platform_request[0]; k++)
		fprintf(fp, "--%s\t%s\tthe request's %s\n",
		    cmd_platform_request[k].name,
		    cmd_platform_request[k].kind == 'f' ? "-" : "value",
		    cmd_platform_request[k].name);
}

/*
 * Reads request option *i (--name VALUE or --name=VALUE) into req;
 * returns 0, 1 when the word is no request option, -1 on a bad value.
 */
static int
cmd_platform_option(int argc, char **argv, int *i, struct queue_request *req)
{
	const char	*w = argv[*i] + 2, *value = NULL, *eq;
	char		*cause = NULL;
	void		*field;
	size_t		 k, n;
	long long	 count;
	int		 r = 0;

	eq = strchr(w, '=');
	n = eq != NULL ? (size_t)(eq - w) : strlen(w);
	for (k = 0; k < sizeof cmd_platform_request /
	    sizeof cmd_platform_request[0]; k++) {
		if (strlen(cmd_platform_request[k].name) == n &&
		    strncmp(cmd_platform_request[k].name, w, n) == 0)
			break;
	}
	if (strncmp(argv[*i], "--", 2) != 0 || k ==
	    sizeof cmd_platform_request / sizeof cmd_platform_request[0])
		return 1;
	field = (char *)req + cmd_platform_request[k].field;
	if (cmd_platform_request[k].kind == 'f') {
		if (eq != NULL)
			return log_error("option '--%.*s' takes no value",
			    (int)n, w);
		*(int *)field = 1;
		return 0;
	}
	if (eq != NULL)
		value = eq + 1;
	else if (*i + 1 < argc)
		value = argv[++*i];
	else
		return log_error("option '--%.*s' needs a value", (int)n, w);
	switch (cmd_platform_request[k].kind) {
	case 'n':
		if ((r = resource_parse_count(value, 1000000, &count,
		    &cause)) == 0)
			*(long long *)field = count;
		break;
	case 's':
		r = resource_parse_size(value, field, &cause);
		break;
	case 't':
		r = resource_parse_time(value, field, &cause);
		break;
	default:
		*(const char **)field = value;
		break;
	}
	if (r == -1) {
		log_error("--%.*s: %s", (int)n, w, cause);
		free(cause);
	}
	return r;
}

/* Sets the queue, why it was chosen, the cost of adj in it and what for. */
static void
cmd_platform_cost(struct ynode *map, const struct platform_queue *q,
    const char *why, const struct queue_request *adj)
{
	char	text[64];

	ynode_set_string(map, "queue", q->name);
	if (why != NULL && *why != '\0')
		ynode_set_string(map, "why", why);
	snprintf(text, sizeof text, "%.2f", queue_cost(q, adj));
	ynode_set(map, "cost_su", ynode_new_scalar(text, 1));
	cmd_platform_count(map, "cpus", adj->cpus);
	/* Charged for more cores than asked: the memory's share of a node. */
	if (queue_charged_cpus(q, adj) > (double)(adj->cpus > 0 ? adj->cpus :
	    1)) {
		snprintf(text, sizeof text, "%.2f", queue_charged_cpus(q,
		    adj));
		ynode_set(map, "charged_cpus", ynode_new_scalar(text, 1));
	}
	if (adj->gpus > 0)
		cmd_platform_count(map, "gpus", adj->gpus);
	cmd_platform_size(map, "memory", adj->memory, 0);
	cmd_platform_size(map, "walltime", queue_walltime(q, adj), 1);
}

/*
 * Answers select-queue, validate and estimate about req on platform name
 * (the queue called queue, or every one / the one chosen); 0 when a queue
 * takes the request, else an exit code after saying why.
 */
static int
cmd_platform_answer(const struct platform *p, const char *what,
    const char *name, const char *queue, const struct queue_request *req,
    int json)
{
	const struct platform_queue	*q = NULL;
	struct queue_request		 adj;
	struct strv			 notes = STRV_INIT;
	struct buf			 why = BUF_INIT;
	struct ynode			*map, *list = NULL, *item;
	size_t				 i;
	int				 r = 0, takes = 0;

	if (p == NULL)
		return log_error("platform '%s' has no definition file (see "
		    "qxub-platform(5))", name), QXUB_EXIT_CONFIG;
	if (queue != NULL && (q = platform_queue(p, queue)) == NULL)
		return log_error("--queue %s: platform %s has no such queue",
		    queue, name), QXUB_EXIT_USAGE;
	map = ynode_new(YNODE_MAP);
	ynode_set_string(map, "platform", name);
	if (strcmp(what, "validate") == 0) {
		list = ynode_new(YNODE_SEQ);
		for (i = 0; i < p->nqueues; i++) {
			if (q != NULL && q != &p->queues[i])
				continue;
			adj = *req;
			strv_clear(&notes);
			queue_adjust(&p->queues[i], &adj, NULL);
			item = ynode_new(YNODE_MAP);
			cmd_platform_cost(item, &p->queues[i], NULL, &adj);
			if (queue_check(&p->queues[i], &adj, &notes) == 0)
				takes++;
			cmd_platform_bool(item, "takes", notes.n == 0);
			ynode_set_strings(item, "problems", notes.v, notes.n);
			ynode_push(list, item);
		}
		ynode_set(map, "queues", list);
		r = takes > 0 ? 0 : QXUB_EXIT_FAILURE;
	} else {
		if (q == NULL && (q = queue_select(p, req, &why)) == NULL) {
			log_error("no queue of platform %s takes the request: "
			    "%s", name, why.data);
			r = QXUB_EXIT_FAILURE;
			goto out;
		}
		adj = *req;
		queue_adjust(q, &adj, &notes);
		cmd_platform_cost(map, q, why.data, &adj);
		ynode_set_strings(map, "notes", notes.v, notes.n);
		strv_clear(&notes);
		if (queue_check(q, &adj, &notes) > 0) {
			ynode_set_strings(map, "problems", notes.v, notes.n);
			r = QXUB_EXIT_FAILURE;
		}
	}
	cmd_platform_print(map, json);
out:
	ynode_free(map);
	strv_clear(&notes);
	buf_release(&why);
	return r;
}

/* Refreshes the definition URL of one platform into list; an exit code. */
static int
cmd_platform_refresh_one(const struct config *cfg, struct platform_set *set,
    const char *name, struct ynode *list, int json)
{
	const struct platform	*p;
	struct fetch_result	 res;
	struct ynode		*map = ynode_new(YNODE_MAP);
	const char		*url = platform_definition_url(cfg, name);
	char			*cause = NULL, when[64];
	struct tm		 tm;
	int			 r = 0;

	ynode_set_string(map, "platform", name);
	ynode_set_string(map, "url", url);
	if (platform_definition_mode(set, cfg, name, FETCH_FORCE, &p, &res,
	    &cause) == -1) {
		log_error("%s", cause);
		ynode_set_string(map, "result", "failed");
		ynode_set_string(map, "error", cause);
		free(cause);
		ynode_push(list, map);
		return QXUB_EXIT_CONFIG;
	}
	when[0] = '\0';
	if (localtime_r(&res.fetched, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	ynode_set_string(map, "result", res.how == FETCH_NEW ? "fetched" :
	    res.how == FETCH_UNCHANGED ? "unchanged" : "stale");
	cmd_platform_count(map, "bytes", (long long)res.size);
	ynode_set_string(map, "fetched", when);
	ynode_set_string(map, "cache", res.path);
	if (res.how == FETCH_STALE)
		r = QXUB_EXIT_CONFIG;
	if (json)
		;
	else if (res.how == FETCH_NEW)
		printf("%s: fetched %s (%zu bytes)\n", name, url, res.size);
	else if (res.how == FETCH_UNCHANGED)
		printf("%s: %s is unchanged (%zu bytes cached)\n", name, url,
		    res.size);
	else
		printf("%s: kept the copy of %s fetched %s (%zu bytes)\n",
		    name, url, when, res.size);
	fetch_result_free(&res);
	ynode_push(list, map);
	return r;
}

/*
 * qxub platform refresh [NAME]: asks the server for the definition of
 * NAME, or of every platform whose definition: is a URL.
 */
static int
cmd_platform_refresh(const struct config *cfg, struct platform_set *set,
    const char *name, int json)
{
	const struct ynode	*platforms = config_get(cfg, "platforms");
	struct ynode		*list = ynode_new(YNODE_SEQ);
	const char		*n;
	size_t			 i;
	int			 r = 0, one;

	if (name != NULL && platform_definition_url(cfg, name) == NULL) {
		ynode_free(list);
		return log_error("platform '%s' has no definition URL to "
		    "refresh", name), QXUB_EXIT_CONFIG;
	}
	for (i = 0; platforms != NULL && platforms->type == YNODE_MAP &&
	    i < platforms->n; i++) {
		n = platforms->keys[i]->scalar;
		if ((name != NULL && strcmp(n, name) != 0) ||
		    platform_definition_url(cfg, n) == NULL)
			continue;
		if ((one = cmd_platform_refresh_one(cfg, set, n, list,
		    json)) != 0)
			r = one;
	}
	if (json)
		cmd_platform_print(list, 1);
	else if (list->n == 0)
		printf("no platform's definition is a URL\n");
	ynode_free(list);
	return r;
}

/* One check of platform check: a line of text, or an item of checks. */
static int
cmd_platform_checked(struct ynode *checks, const char *host,
    const char *what, int ok, const char *detail, int json)
{
	struct ynode	*item;

	if (json) {
		item = ynode_new(YNODE_MAP);
		ynode_set_string(item, "check", what);
		cmd_platform_bool(item, "ok", ok);
		ynode_set_string(item, "detail", detail);
		ynode_push(checks, item);
	} else {
		printf("%-6s %s%s%s: %s\n", ok ? "ok" : "FAILED",
		    host != NULL ? host : "", host != NULL ? ": " : "", what,
		    detail);
		fflush(stdout);
	}
	return ok;
}

/* The keys of ssh -G that say where and how a host is reached. */
static void
cmd_platform_ssh_summary(const char *text, struct ynode *ssh,
    struct buf *line)
{
	static const char *const	keys[] = { "user", "hostname", "port",
	    "proxyjump", "controlmaster", "controlpath" };
	const char			*v;
	char				*value;
	size_t				 i, n;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if ((v = remote_ssh_value(text, keys[i], &n)) == NULL) {
			v = "none";
			n = 4;
		}
		value = xstrndup(v, n);
		ynode_set_string(ssh, keys[i], value);
		buf_addf(line, "%s%s %s", i > 0 ? ", " : "", keys[i], value);
		free(value);
	}
}

/* The first line of text, for a check's detail. */
static void
cmd_platform_first_line(struct buf *b, const char *text, const char *none)
{
	size_t	n = strcspn(text, "\n");

	buf_reset(b);
	if (n == 0)
		buf_addstr(b, none);
	else
		buf_add(b, text, n);
}

/*
 * Checks host i of a remote platform: what ssh makes of it, its master,
 * the remote qxub and its scheduler.  0, or the code to exit with.
 */
static int
cmd_platform_check_host(struct remote *rem, size_t i, struct ynode *hosts,
    int json)
{
	struct ynode	*map = ynode_new(YNODE_MAP), *checks, *ssh, *there;
	struct buf	 out = BUF_INIT, err = BUF_INIT, line = BUF_INIT;
	const struct ynode *sched, *why;
	const char	*host = rem->hosts.v[i];
	char		*cause = NULL, *path = NULL;
	int		 code, r = 0, master;

	free(rem->host);
	rem->host = xstrdup(host);
	checks = ynode_new(YNODE_SEQ);
	ssh = ynode_new(YNODE_MAP);
	ynode_set_string(map, "host", host);
	if ((code = remote_ssh_config(rem, &out, &err, &cause)) != 0) {
		if (cause != NULL)
			buf_addstr(&line, cause);
		else
			cmd_platform_first_line(&line, err.data,
			    "ssh -G failed");
		cmd_platform_checked(checks, host, "ssh config", 0,
		    line.data, json);
		r = QXUB_EXIT_UNREACHABLE;
		goto out;
	}
	cmd_platform_ssh_summary(out.data, ssh, &line);
	cmd_platform_checked(checks, host, "ssh config", 1, line.data, json);
	buf_reset(&line);
	if ((master = remote_master(rem, &path)) == -1)
		buf_addstr(&line, "none (multiplex: off)");
	else
		buf_addf(&line, "%s%s%s", master ? "running" : "not running",
		    path != NULL ? ", " : " (the user's ControlPath)",
		    path != NULL ? path : "");
	cmd_platform_checked(checks, host, "master", 1, line.data, json);
	if ((code = remote_run_on(rem, i, (char *[]){ "--version", NULL },
	    &out)) != 0) {
		buf_reset(&line);
		if (code == QXUB_EXIT_UNREACHABLE)
			buf_addstr(&line, "ssh did not reach it");
		else
			buf_addf(&line, "%s --version failed (exit %d)",
			    rem->qxub, code);
		cmd_platform_checked(checks, host, "remote qxub", 0, line.data,
		    json);
		r = code == QXUB_EXIT_UNREACHABLE ? code : QXUB_EXIT_FAILURE;
		goto out;
	}
	cmd_platform_first_line(&line, out.data, "(no version)");
	cmd_platform_checked(checks, host, "remote qxub", 1, line.data, json);
	code = remote_run_on(rem, i, (char *[]){ "platform", "info",
	    rem->platform, "--json", NULL }, &out);
	buf_reset(&line);
	there = code == 0 ? yaml_load_string(out.data, out.len, host,
	    &cause) : NULL;
	if ((sched = ynode_get(there, "scheduler")) == NULL ||
	    sched->type != YNODE_SCALAR) {
		buf_addf(&line, "platform info %s failed (exit %d)",
		    rem->platform, code);
		cmd_platform_checked(checks, host, "scheduler", 0, line.data,
		    json);
		r = code == QXUB_EXIT_UNREACHABLE ? code : QXUB_EXIT_FAILURE;
	} else {
		why = ynode_get(there, "because");
		buf_addf(&line, "%s%s%s%s", sched->scalar, why != NULL ?
		    " (" : "", why != NULL ? why->scalar : "", why != NULL ?
		    ")" : "");
		cmd_platform_checked(checks, host, "scheduler", 1, line.data,
		    json);
	}
	ynode_free(there);
out:
	cmd_platform_bool(map, "ok", r == 0);
	ynode_set(map, "ssh", ssh);
	ynode_set(map, "checks", checks);
	ynode_push(hosts, map);
	free(cause);
	free(path);
	buf_release(&line);
	buf_release(&err);
	buf_release(&out);
	return r;
}

/*
 * qxub platform check NAME: for a remote platform, whether each host is
 * reached and runs a qxub that knows the platform; for one that runs
 * here, its scheduler and why.
 */
static int
cmd_platform_check(const struct config *cfg, struct platform_set *set,
    const char *name, int json)
{
	struct remote		 rem;
	struct ynode		*map, *hosts, *checks;
	const struct ynode	*kind, *sched, *why;
	struct buf		 line = BUF_INIT;
	char			*cause = NULL;
	size_t			 i;
	int			 r, code = 0, one;

	if ((r = remote_load(&rem, cfg, name, &cause)) == -1) {
		log_error("%s", cause);
		free(cause);
		return QXUB_EXIT_CONFIG;
	}
	if (r == 0) {
		if ((map = cmd_platform_describe(cfg, set, name, 0,
		    &code)) == NULL)
			return code;
		kind = ynode_get(map, "kind");
		sched = ynode_get(map, "scheduler");
		why = ynode_get(map, "because");
		buf_addf(&line, "%s (%s)", sched->scalar, why != NULL ?
		    why->scalar : kind->scalar);
		checks = ynode_new(YNODE_SEQ);
		cmd_platform_checked(checks, NULL, "scheduler", 1, line.data,
		    json);
		ynode_set(map, "checks", checks);
		cmd_platform_bool(map, "ok", 1);
		if (json)
			cmd_platform_print(map, 1);
		ynode_free(map);
		buf_release(&line);
		return 0;
	}
	map = ynode_new(YNODE_MAP);
	ynode_set_string(map, "name", name);
	ynode_set_string(map, "kind", "remote");
	hosts = ynode_new(YNODE_SEQ);
	for (i = 0; i < rem.hosts.n; i++) {
		one = cmd_platform_check_host(&rem, i, hosts, json);
		/* A host that cannot be reached outranks other failures. */
		if (one != 0 && code != QXUB_EXIT_UNREACHABLE)
			code = one;
	}
	ynode_set(map, "hosts", hosts);
	cmd_platform_bool(map, "ok", code == 0);
	if (json)
		cmd_platform_print(map, 1);
	ynode_free(map);
	remote_clear(&rem);
	return code;
}

static int
cmd_platform_exec(int argc, char **argv)
{
	struct config	 cfg;
	struct platform_set set = { NULL, 0 };
	const struct platform *p;
	struct queue_request req;
	struct ynode	*map;
	char		 cwd[PATH_MAX], *cause = NULL;
	const char	*pos[2], *queue = NULL;
	int		 i, npos = 0, json = 0, r, request = 0;

	memset(&req, 0, sizeof req);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			cmd_platform_help();
			return 0;
		} else if (npos > 0 && request && strncmp(argv[i], "--queue",
		    7) == 0 && (argv[i][7] == '\0' || argv[i][7] == '=')) {
			if (argv[i][7] == '=')
				queue = argv[i] + 8;
			else if (i + 1 < argc)
				queue = argv[++i];
			else {
				log_error("option '--queue' needs a value");
				goto usage;
			}
		} else if (npos > 0 && request && argv[i][0] == '-' &&
		    (r = cmd_platform_option(argc, argv, &i, &req)) != 1) {
			if (r == -1)
				goto usage;
		} else if (argv[i][0] == '-' || npos == 2) {
			log_error("%s '%s'", argv[i][0] == '-' ?
			    "unknown option" : "unexpected argument", argv[i]);
			goto usage;
		} else {
			pos[npos++] = argv[i];
			request = strcmp(pos[0], "select-queue") == 0 ||
			    strcmp(pos[0], "validate") == 0 ||
			    strcmp(pos[0], "estimate") == 0;
		}
	}
	if (npos == 0 || !((strcmp(pos[0], "list") == 0 && npos == 1) ||
	    (strcmp(pos[0], "info") == 0 && npos == 2) ||
	    (strcmp(pos[0], "check") == 0 && npos == 2) ||
	    strcmp(pos[0], "refresh") == 0 ||
	    (request && npos == 2)) || (queue != NULL &&
	    strcmp(pos[0], "select-queue") == 0))
		goto usage;
	memset(&cfg, 0, sizeof cfg);
	if (getcwd(cwd, sizeof cwd) == NULL ||
	    config_load(&cfg, qxub_config_file(), cwd, &cause) == -1) {
		log_error("%s", cause != NULL ? cause :
		    "cannot find the current directory");
		free(cause);
		return QXUB_EXIT_CONFIG;
	}
	if (platform_load_all(&set, &cfg, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		r = QXUB_EXIT_CONFIG;
	} else if (strcmp(pos[0], "list") == 0)
		r = cmd_platform_list(&cfg, &set, json);
	else if (strcmp(pos[0], "check") == 0)
		r = cmd_platform_check(&cfg, &set, pos[1], json);
	else if (strcmp(pos[0], "refresh") == 0)
		r = cmd_platform_refresh(&cfg, &set, npos == 2 ? pos[1] : NULL,
		    json);
	else if (request) {
		if (platform_definition(&set, &cfg, pos[1], &p, &cause) ==
		    -1) {
			log_error("%s", cause);
			free(cause);
			r = QXUB_EXIT_CONFIG;
		} else
			r = cmd_platform_answer(p, pos[0], pos[1], queue, &req,
			    json);
	}
	else if ((map = cmd_platform_describe(&cfg, &set, pos[1], 1,
	    &r)) != NULL) {
		cmd_platform_print(map, json);
		ynode_free(map);
	}
	platform_set_free(&set);
	config_free(&cfg);
	if (fflush(stdout) == EOF && r == 0)
		r = QXUB_EXIT_FAILURE;
	return r;
usage:
	fprintf(stderr, "usage: qxub platform " PLATFORM_USAGE "\n");
	return QXUB_EXIT_USAGE;
}

/* Completion: the subcommands, then platform names after info. */
static void
cmd_platform_operands(FILE *fp, int argc, char **argv)
{
	struct config	 cfg;
	struct platform_set set = { NULL, 0 };
	const struct ynode *platforms;
	char		 cwd[PATH_MAX], *cause = NULL;
	size_t		 i;

	if (argc == 0) {
		fprintf(fp, "list\tlist the platforms\n"
		    "info\tdescribe one platform\n"
		    "check\tcheck that a platform's hosts are reached\n"
		    "select-queue\tchoose a queue for a request\n"
		    "validate\twhich queues take a request\n"
		    "estimate\tthe cost of a request in SU\n"
		    "refresh\tfetch definition URLs again\n");
		return;
	}
	if (argc != 1 || strcmp(argv[0], "list") == 0)
		return;
	for (i = 0; i < sched_builtin_count; i++)
		fprintf(fp, "%s\tbuilt-in\n", sched_builtin[i]->name);
	memset(&cfg, 0, sizeof cfg);
	if (getcwd(cwd, sizeof cwd) != NULL &&
	    config_load(&cfg, qxub_config_file(), cwd, &cause) == 0) {
		platforms = config_get(&cfg, "platforms");
		for (i = 0; platforms != NULL && platforms->type ==
		    YNODE_MAP && i < platforms->n; i++)
			fprintf(fp, "%s\tconfigured\n",
			    platforms->keys[i]->scalar);
		/* A bad platform file only means fewer candidates. */
		free(cause);
		cause = NULL;
		platform_load_all(&set, &cfg, &cause);
		for (i = 0; i < set.n; i++)
			fprintf(fp, "%s\tdefined\n", set.v[i]->name);
		platform_set_free(&set);
		config_free(&cfg);
	}
	free(cause);
}

const struct cmd_entry	cmd_platform_entry = {
	.name = "platform",
	.usage = PLATFORM_USAGE,
	.summary = "list the platforms and describe one, remote ones too",
	.exec = cmd_platform_exec,
	.help = cmd_platform_help,
	.operands = cmd_platform_operands,
	.options = cmd_platform_options,
};
