/* Platform definition files: loading and checking the schema. */
#include "autoconf.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fetch.h"
#include "jobspec.h"
#include "log.h"
#include "platform.h"
#include "resource.h"
#include "xmalloc.h"
#include "yaml.h"

/* The keys each mapping of a platform file may hold. */
static const char *const	platform_keys[] = { "name", "type", "host",
	"description", "queues", "auto_selection_rules", "auto_adjust",
	"version", NULL };
static const char *const	queue_keys[] = { "name", "type", "limits",
	"priority", "su_billing_rate", "su_rate", "cost_per_hour",
	"default_walltime", "walltime_rules", "internet_connectivity",
	"constraints", "auto_min_cpus", "description", "gpu_type",
	"cpus_per_gpu", "cores_per_node", "memory_per_node", NULL };
static const char *const	limit_keys[] = { "max_cpus", "min_cpus",
	"max_memory", "min_memory", "max_local_storage", "max_gpus",
	"min_gpus", "max_jobs_per_user", "max_jobs_queued", "max_walltime",
	"walltime", NULL };
static const char *const	wrule_keys[] = { "cores", "max_walltime",
	NULL };
static const char *const	rule_keys[] = { "condition", "queue",
	"is_default", NULL };

/* Formats an error at node: "FILE:LINE:COL: WHAT: ...". */
static int
platform_error(char **cause, const struct ynode *node, const char *what,
    const char *fmt, ...)
{
	char	*where = ynode_where(node), *msg;
	va_list	 ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	xasprintf(cause, "%s: %s: %s", where, what, msg);
	free(where);
	free(msg);
	return -1;
}

/* Warns about each key of map that known does not list. */
static void
platform_unknown_keys(const struct ynode *map, const char *const *known,
    const char *what)
{
	const char *const	*k;
	char			*where;
	size_t			 i;

	for (i = 0; i < map->n; i++) {
		for (k = known; *k != NULL; k++) {
			if (strcmp(*k, map->keys[i]->scalar) == 0)
				break;
		}
		if (*k != NULL)
			continue;
		where = ynode_where(map->keys[i]);
		log_warn("%s: %s: unknown key '%s' (ignored)", where, what,
		    map->keys[i]->scalar);
		free(where);
	}
}

/* The text of a string key, NULL when absent; -1 when not a string. */
static int
pf_string(const struct ynode *map, const char *key, int required,
    char **out, const char *what, char **cause)
{
	const struct ynode	*n = ynode_get(map, key);

	*out = NULL;
	if (n == NULL && required)
		return platform_error(cause, map, what, "'%s' is missing",
		    key);
	if (n == NULL)
		return 0;
	if (n->type != YNODE_SCALAR || n->scalar[0] == '\0')
		return platform_error(cause, n, what, "'%s' must be a "
		    "non-empty string", key);
	*out = xstrdup(n->scalar);
	return 0;
}

/* A whole number >= 0 (-1 when absent). */
static int
pf_count(const struct ynode *map, const char *key, long long *out,
    const char *what, char **cause)
{
	const struct ynode	*n = ynode_get(map, key);

	*out = -1;
	if (n == NULL)
		return 0;
	if (!ynode_int(n, 0, 100000000, out))
		return platform_error(cause, n, what, "'%s' must be a whole "
		    "number, not '%s'", key, n->type == YNODE_SCALAR ?
		    n->scalar : "a list or mapping");
	return 0;
}

/* A size or, with time, a time (0 when absent), read as --mem or --runtime. */
static int
pf_amount(const struct ynode *map, const char *key, int time, uint64_t *out,
    const char *what, char **cause)
{
	const struct ynode	*n = ynode_get(map, key);
	char			*why = NULL;
	int			 r;

	*out = 0;
	if (n == NULL)
		return 0;
	if (n->type != YNODE_SCALAR)
		return platform_error(cause, n, what, "'%s' must be %s", key,
		    time ? "a time such as 48:00:00" : "a size such as 190GB");
	if ((time ? resource_parse_time : resource_parse_size)(n->scalar, out,
	    &why) == 0)
		return 0;
	r = platform_error(cause, n, what, "'%s': %s", key, why);
	free(why);
	return r;
}

static int
pf_size(const struct ynode *map, const char *key, uint64_t *out,
    const char *what, char **cause)
{
	return pf_amount(map, key, 0, out, what, cause);
}

static int
pf_time(const struct ynode *map, const char *key, uint64_t *out,
    const char *what, char **cause)
{
	return pf_amount(map, key, 1, out, what, cause);
}

/* A rate >= 0 (0 when absent). */
static int
pf_rate(const struct ynode *map, const char *key, double *out,
    const char *what, char **cause)
{
	const struct ynode	*n = ynode_get(map, key);
	char			*end;

	*out = 0;
	if (n == NULL)
		return 0;
	if (n->type == YNODE_SCALAR && n->scalar[0] != '\0') {
		errno = 0;
		*out = strtod(n->scalar, &end);
		if (*end == '\0' && errno == 0 && *out >= 0 &&
		    *out < 1e9)
			return 0;
	}
	return platform_error(cause, n, what, "'%s' must be a number "
	    "such as 2.0", key);
}

/* Parses the rule's cores, "1-672", "96" or "144,192", into ranges. */
static int
pf_cores(const struct ynode *rule, struct platform_walltime_rule *wr,
    const char *what, char **cause)
{
	const struct ynode	*n = ynode_get(rule, "cores");
	const char		*p;
	char			*end;
	long long		 lo, hi;

	if (n == NULL)
		return platform_error(cause, rule, what, "'cores' is missing");
	if (n->type != YNODE_SCALAR || n->plain)
		return platform_error(cause, n, what, "'cores' must be a "
		    "quoted string such as \"1-672\", \"96\" or \"144,192\"%s",
		    n->type == YNODE_SCALAR ? " (qxub 3.x fails on a bare "
		    "number)" : "");
	for (p = n->scalar;;) {
		errno = 0;
		lo = strtoll(p, &end, 10);
		hi = lo;
		if (end != p && *end == '-') {
			p = end + 1;
			hi = strtoll(p, &end, 10);
		}
		if (end == p || !isdigit((unsigned char)*p) || errno != 0 ||
		    lo < 1 || hi < lo || (*end != ',' && *end != '\0'))
			return platform_error(cause, n, what, "'cores' '%s' "
			    "is not a list of core counts and ranges (like "
			    "1-672, 96 or 144,192)", n->scalar);
		wr->cores = xreallocarray(wr->cores, wr->ncores + 1,
		    sizeof *wr->cores);
		wr->cores[wr->ncores].lo = lo;
		wr->cores[wr->ncores++].hi = hi;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

static int
pf_queue(const struct ynode *q, struct platform_queue *pq,
    const char *platform, char **cause)
{
	const struct ynode	*limits, *rules, *n;
	char			*what, *why;
	int			 r = -1;
	size_t			 i;

	xasprintf(&what, "platform '%s'", platform);
	if (q->type != YNODE_MAP) {
		platform_error(cause, q, what, "each queue must be a mapping "
		    "with a name");
		goto out;
	}
	if (pf_string(q, "name", 1, &pq->name, what, cause) == -1)
		goto out;
	/* It becomes the job's queue request: one line of its script. */
	if (jobspec_check_value("'name'", pq->name, &why) == -1) {
		platform_error(cause, ynode_get(q, "name"), what, "%s", why);
		free(why);
		goto out;
	}
	free(what);
	xasprintf(&what, "platform '%s', queue '%s'", platform, pq->name);
	platform_unknown_keys(q, queue_keys, what);
	if (pf_string(q, "type", 1, &pq->type, what, cause) == -1 ||
	    pf_string(q, "description", 0, &pq->description, what,
	    cause) == -1 || pf_string(q, "priority", 0, &pq->priority, what,
	    cause) == -1 || pf_string(q, "gpu_type", 0, &pq->gpu_type, what,
	    cause) == -1 || pf_count(q, "cpus_per_gpu", &pq->cpus_per_gpu,
	    what, cause) == -1 || pf_count(q, "auto_min_cpus",
	    &pq->auto_min_cpus, what, cause) == -1 || pf_count(q,
	    "cores_per_node", &pq->cores_per_node, what, cause) == -1 ||
	    pf_size(q, "memory_per_node", &pq->memory_per_node, what,
	    cause) == -1 ||
	    pf_rate(q, "su_billing_rate", &pq->su_billing_rate, what,
	    cause) == -1 || pf_time(q, "default_walltime",
	    &pq->default_walltime, what, cause) == -1)
		goto out;
	if (pq->priority != NULL && strcmp(pq->priority, "high") != 0 &&
	    strcmp(pq->priority, "normal") != 0 &&
	    strcmp(pq->priority, "low") != 0) {
		platform_error(cause, ynode_get(q, "priority"), what,
		    "'priority' must be high, normal or low");
		goto out;
	}
	/* qxub 3.x's other spellings of the billing rate. */
	if (pq->su_billing_rate == 0 && (pf_rate(q, "su_rate",
	    &pq->su_billing_rate, what, cause) == -1 || (pq->su_billing_rate
	    == 0 && pf_rate(q, "cost_per_hour", &pq->su_billing_rate, what,
	    cause) == -1)))
		goto out;
	if ((n = ynode_get(q, "internet_connectivity")) != NULL &&
	    !ynode_bool(n, &pq->internet)) {
		platform_error(cause, n, what, "'internet_connectivity' must "
		    "be true or false");
		goto out;
	}
	pq->max_cpus = pq->min_cpus = pq->max_gpus = pq->min_gpus = -1;
	if ((limits = ynode_get(q, "limits")) != NULL) {
		if (limits->type != YNODE_MAP) {
			platform_error(cause, limits, what, "'limits' must "
			    "be a mapping");
			goto out;
		}
		platform_unknown_keys(limits, limit_keys, what);
		if (pf_count(limits, "max_cpus", &pq->max_cpus, what,
		    cause) == -1 || pf_count(limits, "min_cpus",
		    &pq->min_cpus, what, cause) == -1 || pf_count(limits,
		    "max_gpus", &pq->max_gpus, what, cause) == -1 ||
		    pf_count(limits, "min_gpus", &pq->min_gpus, what,
		    cause) == -1 || pf_size(limits, "max_memory",
		    &pq->max_memory, what, cause) == -1 || pf_size(limits,
		    "min_memory", &pq->min_memory, what, cause) == -1 ||
		    pf_size(limits, "max_local_storage",
		    &pq->max_local_storage, what, cause) == -1 ||
		    pf_time(limits, "max_walltime", &pq->max_walltime, what,
		    cause) == -1)
			goto out;
		/* test_platform.yaml's spelling of max_walltime. */
		if (pq->max_walltime == 0 && pf_time(limits, "walltime",
		    &pq->max_walltime, what, cause) == -1)
			goto out;
	}
	if ((rules = ynode_get(q, "walltime_rules")) != NULL) {
		if (rules->type != YNODE_SEQ) {
			platform_error(cause, rules, what, "'walltime_rules' "
			    "must be a list of {cores, max_walltime}");
			goto out;
		}
		/* Zeroed entries: freeing works whatever was read. */
		pq->rules = xcalloc(rules->n, sizeof *pq->rules);
		pq->nrules = rules->n;
		for (i = 0; i < rules->n; i++) {
			n = rules->items[i];
			if (n->type != YNODE_MAP) {
				platform_error(cause, n, what, "each walltime "
				    "rule must be a mapping {cores, "
				    "max_walltime}");
				goto out;
			}
			platform_unknown_keys(n, wrule_keys, what);
			if (pf_cores(n, &pq->rules[i], what, cause) == -1 || pf_time(n, "max_walltime",
			    &pq->rules[i].max_walltime, what, cause) == -1)
				goto out;
			if (pq->rules[i].max_walltime == 0) {
				platform_error(cause, n, what, "'max_walltime' "
				    "is missing");
				goto out;
			}
		}
	}
	r = 0;
out:
	free(what);
	return r;
}

/* The condition variables and operators, as qxub 3.x spells them. */
static const struct {
	const char		*name;
	enum platform_var	 var;
} platform_vars[] = {
	{ "gpu_requested", PV_GPUS }, { "cpus", PV_CPUS },
	{ "memory", PV_MEMORY }, { "walltime", PV_WALLTIME },
	{ "gpu_type", PV_GPU_TYPE },
};
static const struct {
	const char		*spelling;
	enum platform_op	 op;
} platform_ops[] = {
	{ ">=", PO_GE }, { "<=", PO_LE }, { "==", PO_EQ }, { "!=", PO_NE },
	{ ">", PO_GT }, { "<", PO_LT }, { "=", PO_EQ },
};

/* Parses "VAR OP VALUE" into rule; -1 with *cause naming the problem. */
static int
pf_condition(const struct ynode *n, struct platform_rule *rule,
    const char *what, char **cause)
{
	const char	*s = n->scalar, *v;
	char		*why = NULL;
	size_t		 len, i;
	long long	 count;
	int		 r;

	s += strspn(s, " \t");
	len = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
	for (i = 0; i < sizeof platform_vars / sizeof platform_vars[0]; i++) {
		if (strlen(platform_vars[i].name) == len &&
		    strncmp(platform_vars[i].name, s, len) == 0)
			break;
	}
	if (i == sizeof platform_vars / sizeof platform_vars[0])
		return platform_error(cause, n, what, "condition '%s': "
		    "expected VARIABLE OPERATOR VALUE with VARIABLE one of "
		    "gpu_requested, cpus, memory, walltime, gpu_type",
		    n->scalar);
	rule->var = platform_vars[i].var;
	s += len;
	s += strspn(s, " \t");
	for (i = 0; i < sizeof platform_ops / sizeof platform_ops[0]; i++) {
		len = strlen(platform_ops[i].spelling);
		if (strncmp(platform_ops[i].spelling, s, len) == 0)
			break;
	}
	if (i == sizeof platform_ops / sizeof platform_ops[0] ||
	    strchr("<>=!", s[len]) != NULL || s[len] == '\0')
		return platform_error(cause, n, what, "condition '%s': the "
		    "operator must be one of > >= < <= == != (then a value)",
		    n->scalar);
	rule->op = platform_ops[i].op;
	v = s + len + strspn(s + len, " \t");
	rule->value = xstrndup(v, strcspn(v, " \t"));
	if (v[strcspn(v, " \t") + strspn(v + strcspn(v, " \t"), " \t")] !=
	    '\0' || *v == '\0')
		return platform_error(cause, n, what, "condition '%s': one "
		    "value after the operator", n->scalar);
	switch (rule->var) {
	case PV_GPU_TYPE:
		if (rule->op != PO_EQ && rule->op != PO_NE)
			return platform_error(cause, n, what, "condition "
			    "'%s': gpu_type takes == or != only", n->scalar);
		return 0;
	case PV_GPUS:
	case PV_CPUS:
		r = resource_parse_count(rule->value, 100000000, &count, &why);
		if (r == 0 || strcmp(rule->value, "0") == 0) {
			rule->number = r == 0 ? (uint64_t)count : 0;
			free(why);
			return 0;
		}
		break;
	case PV_MEMORY:
		if ((r = resource_parse_size(rule->value, &rule->number,
		    &why)) == 0)
			return 0;
		break;
	case PV_WALLTIME:
		if ((r = resource_parse_time(rule->value, &rule->number,
		    &why)) == 0)
			return 0;
		break;
	}
	r = platform_error(cause, n, what, "condition '%s': %s", n->scalar,
	    why);
	free(why);
	return r;
}

static int
pf_rules(const struct ynode *seq, struct platform *p, const char *what,
    char **cause)
{
	const struct ynode	*n, *v;
	struct platform_rule	*rule;
	size_t			 i;

	if (seq->type != YNODE_SEQ)
		return platform_error(cause, seq, what,
		    "'auto_selection_rules' must be a list of {condition, "
		    "queue}");
	p->rules = xcalloc(seq->n, sizeof *p->rules);
	p->nrules = seq->n;
	for (i = 0; i < seq->n; i++) {
		n = seq->items[i];
		rule = &p->rules[i];
		if (n->type != YNODE_MAP)
			return platform_error(cause, n, what, "each rule must "
			    "be a mapping {condition, queue}");
		platform_unknown_keys(n, rule_keys, what);
		if (pf_string(n, "condition", 1, &rule->condition, what,
		    cause) == -1 || pf_string(n, "queue", 1, &rule->queue,
		    what, cause) == -1 ||
		    pf_condition(ynode_get(n, "condition"), rule, what,
		    cause) == -1)
			return -1;
		if ((v = ynode_get(n, "is_default")) != NULL &&
		    !ynode_bool(v, &rule->is_default))
			return platform_error(cause, v, what, "'is_default' "
			    "must be true or false");
		if (platform_queue(p, rule->queue) == NULL)
			return platform_error(cause, ynode_get(n, "queue"),
			    what, "rule '%s' names queue '%s', which the "
			    "platform does not have", rule->condition,
			    rule->queue);
	}
	return 0;
}

static void
platform_free(struct platform *p)
{
	size_t	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nqueues; i++) {
		struct platform_queue	*q = &p->queues[i];
		size_t			 j;

		free(q->name);
		free(q->type);
		free(q->description);
		free(q->priority);
		free(q->gpu_type);
		for (j = 0; j < q->nrules; j++)
			free(q->rules[j].cores);
		free(q->rules);
	}
	free(p->queues);
	for (i = 0; i < p->nrules; i++) {
		free(p->rules[i].value);
		free(p->rules[i].condition);
		free(p->rules[i].queue);
	}
	free(p->rules);
	free(p->name);
	free(p->type);
	free(p->host);
	free(p->description);
	free(p->where);
	free(p);
}

/* Reads one platform mapping; NULL with *cause when it is bad. */
static struct platform *
pf_platform(const struct ynode *map, char **cause)
{
	struct platform		*p = xcalloc(1, sizeof *p);
	const struct ynode	*queues, *rules;
	char			*what = NULL;
	size_t			 i;

	if (map->type != YNODE_MAP) {
		platform_error(cause, map, "platform file", "a platform must "
		    "be a mapping with name, type and queues");
		goto bad;
	}
	if (pf_string(map, "name", 1, &p->name, "platform", cause) == -1)
		goto bad;
	xasprintf(&what, "platform '%s'", p->name);
	platform_unknown_keys(map, platform_keys, what);
	p->where = ynode_where(map);
	if (pf_string(map, "type", 1, &p->type, what, cause) == -1 ||
	    pf_string(map, "host", 0, &p->host, what, cause) == -1 ||
	    pf_string(map, "description", 0, &p->description, what,
	    cause) == -1)
		goto bad;
	if ((queues = ynode_get(map, "queues")) != NULL) {
		if (queues->type != YNODE_SEQ) {
			platform_error(cause, queues, what, "'queues' must "
			    "be a list (- name: ...), not a mapping");
			goto bad;
		}
		/* Zeroed entries: lookups skip them, freeing works. */
		p->queues = xcalloc(queues->n, sizeof *p->queues);
		p->nqueues = queues->n;
		for (i = 0; i < queues->n; i++) {
			if (pf_queue(queues->items[i], &p->queues[i], p->name,
			    cause) == -1)
				goto bad;
			if (platform_queue(p, p->queues[i].name) !=
			    &p->queues[i]) {
				platform_error(cause, queues->items[i], what,
				    "queue '%s' is defined twice",
				    p->queues[i].name);
				goto bad;
			}
		}
	}
	if ((rules = ynode_get(map, "auto_selection_rules")) != NULL &&
	    pf_rules(rules, p, what, cause) == -1)
		goto bad;
	free(what);
	return p;
bad:
	free(what);
	platform_free(p);
	return NULL;
}

/* Adds p to set, replacing a platform of the same name. */
static void
platform_add(struct platform_set *set, struct platform *p)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i]->name, p->name) == 0) {
			platform_free(set->v[i]);
			set->v[i] = p;
			return;
		}
	}
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	set->v[set->n++] = p;
}

/* Reads the platforms of a loaded file. */
static int
platform_load_root(struct platform_set *set, const struct ynode *root,
    char **cause)
{
	const struct ynode	*list, *one;
	struct platform		*p;
	size_t			 i;

	if (root == NULL || root->type != YNODE_MAP)
		return platform_error(cause, root, "platform file", "expected "
		    "a platform: mapping, a platforms: list or a platform's "
		    "keys (name, type, queues)");
	if ((one = ynode_get(root, "platform")) != NULL) {
		if ((p = pf_platform(one, cause)) == NULL)
			return -1;
		platform_add(set, p);
		return 0;
	}
	if ((list = ynode_get(root, "platforms")) != NULL) {
		if (list->type != YNODE_SEQ)
			return platform_error(cause, list, "platform file",
			    "'platforms' must be a list of platforms");
		for (i = 0; i < list->n; i++) {
			if ((p = pf_platform(list->items[i], cause)) == NULL)
				return -1;
			platform_add(set, p);
		}
		return 0;
	}
	if ((p = pf_platform(root, cause)) == NULL)
		return -1;
	platform_add(set, p);
	return 0;
}

int
platform_load_text(struct platform_set *set, const char *text, size_t len,
    const char *name, char **cause)
{
	struct ynode	*root;
	int		 r;

	if ((root = yaml_load_string(text, len, name, cause)) == NULL)
		return -1;
	r = platform_load_root(set, root, cause);
	ynode_free(root);
	return r;
}

int
platform_load_file(struct platform_set *set, const char *path, char **cause)
{
	struct ynode	*root;
	int		 r;

	if ((root = yaml_load_file(path, cause)) == NULL)
		return -1;
	r = platform_load_root(set, root, cause);
	ynode_free(root);
	return r;
}

static int
platform_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Whether the entry at path of a platforms directory is to be read: a
 * FIFO, device or directory there is passed over with a warning, rather
 * than failing every command that reads the platforms.
 */
static int
platform_dir_entry(const char *path)
{
	struct stat	st;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		log_warn("%s: not a regular file (ignored)", path);
		return 0;
	}
	return 1;
}

/*
 * Reads the *.yaml and *.yml regular files of dir, in name order; none
 * is fine.
 */
static int
platform_load_dir(struct platform_set *set, const char *dir, char **cause)
{
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL, *path;
	size_t		 n = 0, i, len;
	int		 r = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || !((len > 5 && strcmp(e->d_name +
		    len - 5, ".yaml") == 0) || (len > 4 &&
		    strcmp(e->d_name + len - 4, ".yml") == 0)))
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, platform_name_cmp);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		if (r == 0 && platform_dir_entry(path))
			r = platform_load_file(set, path, cause);
		free(path);
		free(names[i]);
	}
	free(names);
	return r;
}

/* Reads the directories of a colon-separated list. */
static int
platform_load_paths(struct platform_set *set, const char *paths,
    char **cause)
{
	const char	*p, *end;
	char		*dir;
	int		 r = 0;

	for (p = paths; r == 0 && *p != '\0'; p = *end == ':' ? end + 1 :
	    end) {
		end = p + strcspn(p, ":");
		if (end == p)
			continue;
		dir = xstrndup(p, end - p);
		r = platform_load_dir(set, dir, cause);
		free(dir);
	}
	return r;
}

int
platform_load_all(struct platform_set *set, const struct config *cfg,
    char **cause)
{
	const struct ynode	*list;
	const char		*v, *vars[] = { "user", NULL, "project", NULL,
				    NULL };
	struct passwd		*pw;
	char			*dir;
	size_t			 i;
	int			 r;

	*cause = NULL;
	if ((v = getenv("QXUB_PLATFORM_FILE")) != NULL && *v != '\0')
		return platform_load_file(set, v, cause);
	if ((v = getenv("QXUB_PLATFORM_PATHS")) != NULL && *v != '\0')
		return platform_load_paths(set, v, cause);
	list = config_get(cfg, "platform_search_paths");
	if (list != NULL && list->type == YNODE_SEQ) {
		pw = getpwuid(getuid());
		vars[1] = pw != NULL ? pw->pw_name : "unknown";
		vars[3] = (v = getenv("PROJECT")) != NULL ? v : "";
		for (i = 0; i < list->n; i++) {
			if ((dir = config_expand(cfg, list->items[i], vars,
			    cause)) == NULL)
				return -1;
			r = platform_load_dir(set, dir, cause);
			free(dir);
			if (r == -1)
				return -1;
		}
		return 0;
	}
	dir = config_system_file("platforms", 0);
	r = platform_load_dir(set, dir, cause);
	free(dir);
	if (r == -1)
		return -1;
	dir = config_user_file("platforms");
	r = platform_load_dir(set, dir, cause);
	free(dir);
	return r;
}

/* The file a scheme-less definition names: a path, or a platforms file. */
static char *
platform_definition_path(const struct ynode *node)
{
	const char	*v = node->scalar, *slash;
	char		*path, *dir;

	if (strncmp(v, "file://", 7) == 0)
		return xstrdup(v + 7);
	if (v[0] == '/')
		return xstrdup(v);
	if (strchr(v, '/') != NULL) {
		/* Relative to the configuration file that says so. */
		slash = node->file != NULL ? strrchr(node->file, '/') : NULL;
		if (slash == NULL)
			return xstrdup(v);
		xasprintf(&path, "%.*s/%s", (int)(slash - node->file),
		    node->file, v);
		return path;
	}
	xasprintf(&dir, "platforms/%s", v);
	path = config_user_file(dir);
	if (access(path, F_OK) != 0) {
		free(path);
		path = config_system_file(dir, 0);
	}
	free(dir);
	return path;
}

/* Keeps the platforms of a fetched body, if it is a platform file. */
static int
platform_accept(const char *text, size_t len, const char *name, void *arg,
    char **cause)
{
	struct platform_set	*kept = arg, set = { NULL, 0 };

	if (platform_load_text(&set, text, len, name, cause) == -1) {
		platform_set_free(&set);
		return -1;
	}
	platform_set_free(kept);
	*kept = set;
	return 0;
}

/*
 * Reads the file of a definition: node; a URL through the cache, as mode
 * says, with res (may be NULL) saying how it came.
 */
static int
platform_definition_read(struct platform_set *file, const struct config
    *cfg, const struct ynode *node, enum fetch_mode mode,
    struct fetch_result *res, char **cause)
{
	struct fetch_result	 local;
	const char		*v = node->scalar;
	char			*path, *why = NULL;
	int			 r;

	if (fetch_is_url(v) && strncmp(v, "file://", 7) != 0) {
		if (strncmp(v, "https://", 8) != 0 &&
		    strncmp(v, "http://", 7) != 0)
			return platform_error(cause, node, "definition",
			    "'%.*s' URLs are not read (http, https or file)",
			    (int)strcspn(v, ":"), v);
		r = fetch_url(cfg, v, mode, platform_accept, file,
		    res != NULL ? res : &local, &why);
		if (res == NULL && r == 0)
			fetch_result_free(&local);
		if (r == -2) {
			/* A platform_fetch setting, at its own line. */
			*cause = why;
			return -1;
		}
	} else {
		path = platform_definition_path(node);
		r = platform_load_file(file, path, &why);
		free(path);
	}
	if (r == -1) {
		platform_error(cause, node, "definition", "%s", why);
		free(why);
	}
	return r;
}

/* The definition: node of configured platform name, or NULL. */
static const struct ynode *
platform_definition_node(const struct config *cfg, const char *name)
{
	const struct ynode	*node;

	node = ynode_get(ynode_get(config_get(cfg, "platforms"), name),
	    "definition");
	return node != NULL && node->type == YNODE_SCALAR ? node : NULL;
}

int
platform_definition_mode(struct platform_set *set, const struct config *cfg,
    const char *name, enum fetch_mode mode, const struct platform **p,
    struct fetch_result *res, char **cause)
{
	const struct ynode	*node = platform_definition_node(cfg, name);
	struct platform_set	 file = { NULL, 0 };
	size_t			 i;

	*p = NULL;
	*cause = NULL;
	if (node == NULL) {
		*p = platform_find(set, name);
		return 0;
	}
	if (platform_definition_read(&file, cfg, node, mode, res,
	    cause) == -1) {
		platform_set_free(&file);
		return -1;
	}
	/* The platform of that name, or the file's only one. */
	*p = platform_find(&file, name);
	if (*p == NULL && file.n == 1)
		*p = file.v[0];
	if (*p == NULL) {
		platform_set_free(&file);
		return platform_error(cause, node, "definition", "the file "
		    "defines %s, and none is called %s", file.n == 0 ?
		    "no platform" : "several platforms", name);
	}
	for (i = 0; i < file.n; i++)
		platform_add(set, file.v[i]);
	free(file.v);
	return 0;
}

int
platform_definition(struct platform_set *set, const struct config *cfg,
    const char *name, const struct platform **p, char **cause)
{
	return platform_definition_mode(set, cfg, name, FETCH_USUAL, p, NULL,
	    cause);
}

const char *
platform_definition_url(const struct config *cfg, const char *name)
{
	const struct ynode	*node = platform_definition_node(cfg, name);

	if (node == NULL || !fetch_is_url(node->scalar) ||
	    strncmp(node->scalar, "file://", 7) == 0)
		return NULL;
	return node->scalar;
}

const char *
platform_scheduler(const struct platform *p)
{
	if (strcmp(p->type, "pbs_pro") == 0 || strcmp(p->type, "pbspro") ==
	    0 || strcmp(p->type, "pbs") == 0)
		return "pbs";
	if (strcmp(p->type, "gridengine") == 0 || strcmp(p->type, "uge") ==
	    0 || strcmp(p->type, "oge") == 0)
		return "sge";
	return p->type;
}

const struct platform *
platform_find(const struct platform_set *set, const char *name)
{
	size_t	i;

	for (i = 0; i < set->n; i++) {
		if (strcmp(set->v[i]->name, name) == 0)
			return set->v[i];
	}
	return NULL;
}

const struct platform_queue *
platform_queue(const struct platform *p, const char *name)
{
	size_t	i;

	for (i = 0; i < p->nqueues; i++) {
		if (p->queues[i].name != NULL &&
		    strcmp(p->queues[i].name, name) == 0)
			return &p->queues[i];
	}
	return NULL;
}

void
platform_set_free(struct platform_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		platform_free(set->v[i]);
	free(set->v);
	memset(set, 0, sizeof *set);
}
