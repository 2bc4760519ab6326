/* Choosing and checking a queue of a platform definition. */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "platform.h"
#include "queue.h"
#include "resource.h"
#include "strv.h"

#define QUEUE_HOUR	3600

/* Formats a size or a time the way users type them. */
static const char *
queue_amount(struct buf *b, uint64_t n, int time)
{
	buf_reset(b);
	if (time)
		resource_format_time(b, n);
	else
		resource_format_size(b, n);
	return b->data;
}

void
queue_adjust(const struct platform_queue *q, struct queue_request *req,
    struct strv *notes)
{
	struct buf	b = BUF_INIT;
	long long	want;

	if (req->gpus > 0 && q->min_gpus > 0 && req->gpus < q->min_gpus) {
		if (notes != NULL)
			strv_pushf(notes, "gpus raised from %lld to %lld, the "
			    "minimum of queue %s", req->gpus, q->min_gpus,
			    q->name);
		req->gpus = q->min_gpus;
	}
	want = req->gpus > 0 && q->cpus_per_gpu > 0 ?
	    req->gpus * q->cpus_per_gpu : 0;
	if (req->cpus == 0 && want > 0)
		req->cpus = want;
	else if (want > req->cpus) {
		if (notes != NULL)
			strv_pushf(notes, "cpus raised from %lld to %lld: "
			    "queue %s gives %lld CPUs a GPU", req->cpus, want,
			    q->name, q->cpus_per_gpu);
		req->cpus = want;
	}
	if (req->cpus == 0)
		req->cpus = 1;
	if (q->min_cpus > 0 && req->cpus < q->min_cpus) {
		if (notes != NULL)
			strv_pushf(notes, "cpus raised from %lld to %lld, the "
			    "minimum of queue %s", req->cpus, q->min_cpus,
			    q->name);
		req->cpus = q->min_cpus;
	}
	if (q->min_memory > 0 && req->memory < q->min_memory) {
		if (notes != NULL)
			strv_pushf(notes, "memory raised to %s, the minimum "
			    "of queue %s", queue_amount(&b, q->min_memory, 0),
			    q->name);
		req->memory = q->min_memory;
	}
	buf_release(&b);
}

uint64_t
queue_walltime(const struct platform_queue *q, const struct queue_request *req)
{
	if (req->walltime > 0)
		return req->walltime;
	return q->default_walltime > 0 ? q->default_walltime : QUEUE_HOUR;
}

double
queue_charged_cpus(const struct platform_queue *q,
    const struct queue_request *req)
{
	double	cpus = req->cpus > 0 ? (double)req->cpus : 1, share;

	if (q->cores_per_node <= 0 || q->memory_per_node == 0)
		return cpus;
	share = (double)req->memory * (double)q->cores_per_node /
	    (double)q->memory_per_node;
	return share > cpus ? share : cpus;
}

double
queue_cost(const struct platform_queue *q, const struct queue_request *req)
{
	return q->su_billing_rate * (double)queue_walltime(q, req) /
	    QUEUE_HOUR * queue_charged_cpus(q, req);
}

/* Appends the core counts of q's walltime rules ("1-672, 720-1440"). */
static void
queue_core_counts(const struct platform_queue *q, struct buf *b)
{
	size_t	i, j;

	for (i = 0; i < q->nrules; i++) {
		for (j = 0; j < q->rules[i].ncores; j++) {
			const struct platform_range *r = &q->rules[i].cores[j];

			buf_addf(b, "%s%lld", b->len > 0 ? ", " : "", r->lo);
			if (r->hi != r->lo)
				buf_addf(b, "-%lld", r->hi);
		}
	}
}

/* The walltime rule of q for cpus, or NULL. */
static const struct platform_walltime_rule *
queue_rule_for(const struct platform_queue *q, long long cpus)
{
	size_t	i, j;

	for (i = 0; i < q->nrules; i++) {
		for (j = 0; j < q->rules[i].ncores; j++) {
			if (cpus >= q->rules[i].cores[j].lo &&
			    cpus <= q->rules[i].cores[j].hi)
				return &q->rules[i];
		}
	}
	return NULL;
}

int
queue_check(const struct platform_queue *q, const struct queue_request *req,
    struct strv *problems)
{
	const struct platform_walltime_rule	*rule;
	struct buf				 a = BUF_INIT, b = BUF_INIT;
	uint64_t				 walltime;
	int					 n = 0;

#define PROBLEM(...) do {						\
	n++;								\
	if (problems != NULL)						\
		strv_pushf(problems, __VA_ARGS__);			\
} while (0)
	if (q->max_cpus >= 0 && req->cpus > q->max_cpus)
		PROBLEM("cpus: %lld is more than the %lld of queue %s "
		    "(max_cpus)", req->cpus, q->max_cpus, q->name);
	if (q->max_memory > 0 && req->memory > q->max_memory)
		PROBLEM("memory: %s is more than the %s of queue %s "
		    "(max_memory)", queue_amount(&a, req->memory, 0),
		    queue_amount(&b, q->max_memory, 0), q->name);
	if (q->max_local_storage > 0 && req->disk > q->max_local_storage)
		PROBLEM("disk: %s is more than the %s of queue %s "
		    "(max_local_storage)", queue_amount(&a, req->disk, 0),
		    queue_amount(&b, q->max_local_storage, 0), q->name);
	if (req->gpus == 0 && q->min_gpus > 0)
		PROBLEM("gpus: queue %s is for GPU jobs (min_gpus %lld)",
		    q->name, q->min_gpus);
	if (req->gpus > 0 && q->max_gpus <= 0 && q->min_gpus <= 0)
		PROBLEM("gpus: queue %s has no GPUs", q->name);
	else if (q->max_gpus >= 0 && req->gpus > q->max_gpus)
		PROBLEM("gpus: %lld is more than the %lld of queue %s "
		    "(max_gpus)", req->gpus, q->max_gpus, q->name);
	if (req->gpu_type != NULL && (q->gpu_type == NULL ||
	    strcmp(req->gpu_type, q->gpu_type) != 0))
		PROBLEM("gpu_type: queue %s has no %s GPUs%s%s", q->name,
		    req->gpu_type, q->gpu_type != NULL ? ", only " : "",
		    q->gpu_type != NULL ? q->gpu_type : "");
	if (req->internet && !q->internet)
		PROBLEM("internet: queue %s has no internet access", q->name);
	walltime = queue_walltime(q, req);
	if (q->max_walltime > 0 && walltime > q->max_walltime)
		PROBLEM("walltime: %s is more than the %s of queue %s "
		    "(max_walltime)", queue_amount(&a, walltime, 1),
		    queue_amount(&b, q->max_walltime, 1), q->name);
	if (q->nrules > 0) {
		if ((rule = queue_rule_for(q, req->cpus)) == NULL) {
			buf_reset(&b);
			queue_core_counts(q, &b);
			PROBLEM("cpus: queue %s takes %s cores, not %lld "
			    "(walltime_rules)", q->name, b.data, req->cpus);
		} else if (walltime > rule->max_walltime)
			PROBLEM("walltime: %s is more than the %s queue %s "
			    "allows for %lld cpus (walltime_rules)",
			    queue_amount(&a, walltime, 1), queue_amount(&b,
			    rule->max_walltime, 1), q->name, req->cpus);
	}
#undef PROBLEM
	buf_release(&a);
	buf_release(&b);
	return n;
}

/* True when the rule's condition holds for req. */
static int
queue_rule_matches(const struct platform_rule *rule,
    const struct queue_request *req)
{
	uint64_t	v = 0;
	int		c;

	switch (rule->var) {
	case PV_GPU_TYPE:
		c = req->gpu_type != NULL &&
		    strcmp(req->gpu_type, rule->value) == 0;
		return rule->op == PO_EQ ? c : !c;
	case PV_GPUS:
		v = (uint64_t)req->gpus;
		break;
	case PV_CPUS:
		v = req->cpus > 0 ? (uint64_t)req->cpus : 1;
		break;
	case PV_MEMORY:
		v = req->memory;
		break;
	case PV_WALLTIME:
		v = req->walltime > 0 ? req->walltime : QUEUE_HOUR;
		break;
	}
	switch (rule->op) {
	case PO_LT:
		return v < rule->number;
	case PO_LE:
		return v <= rule->number;
	case PO_GT:
		return v > rule->number;
	case PO_GE:
		return v >= rule->number;
	case PO_EQ:
		return v == rule->number;
	case PO_NE:
		return v != rule->number;
	}
	return 0;
}

/* The first rule that matches, the default rules last; or NULL. */
static const struct platform_rule *
queue_rule(const struct platform *p, const struct queue_request *req)
{
	size_t	i;
	int	pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->nrules; i++) {
			if (p->rules[i].is_default == pass &&
			    queue_rule_matches(&p->rules[i], req))
				return &p->rules[i];
		}
	}
	return NULL;
}

const struct platform_queue *
queue_select(const struct platform *p, const struct queue_request *req,
    struct buf *reason)
{
	const struct platform_rule	*rule = queue_rule(p, req);
	const struct platform_queue	*q, *best = NULL, *near = NULL;
	struct queue_request		 adj;
	struct strv			 problems = STRV_INIT;
	struct buf			 ruled = BUF_INIT;
	double				 cost, best_cost = 0;
	size_t				 i;
	int				 n, fewest = 0;

	if (rule != NULL) {
		q = platform_queue(p, rule->queue);
		adj = *req;
		queue_adjust(q, &adj, NULL);
		if (queue_check(q, &adj, &problems) == 0) {
			buf_addf(reason, "rule '%s' chose queue %s",
			    rule->condition, q->name);
			return q;
		}
		buf_addf(&ruled, "rule '%s' chose queue %s, which refuses "
		    "the request (%s); ", rule->condition, q->name,
		    problems.v[0]);
		near = q;
		fewest = problems.n;
		strv_clear(&problems);
	} else
		buf_addstr(&ruled, "no rule matched; ");
	for (i = 0; i < p->nqueues; i++) {
		q = &p->queues[i];
		adj = *req;
		queue_adjust(q, &adj, NULL);
		if ((n = queue_check(q, &adj, NULL)) > 0) {
			if (near == NULL || n < fewest) {
				near = q;
				fewest = n;
			}
			continue;
		}
		cost = queue_cost(q, &adj);
		if (best == NULL || cost < best_cost) {
			best = q;
			best_cost = cost;
		}
	}
	if (best != NULL) {
		buf_addf(reason, "%sthe cheapest queue that takes it is %s "
		    "(%.2f SU)", ruled.data, best->name, best_cost);
		buf_release(&ruled);
		return best;
	}
	buf_release(&ruled);
	if (near == NULL) {
		buf_addstr(reason, "the platform has no queues");
		return NULL;
	}
	adj = *req;
	queue_adjust(near, &adj, NULL);
	queue_check(near, &adj, &problems);
	buf_addf(reason, "the nearest, queue %s, refuses it: ", near->name);
	for (i = 0; i < problems.n; i++)
		buf_addf(reason, "%s%s", i > 0 ? "; " : "", problems.v[i]);
	strv_clear(&problems);
	return NULL;
}
