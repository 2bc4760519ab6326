/*
 * Unit tests for queue.c: queue choice, limits and cost on the NCI Gadi
 * platform file (tests/fixtures/qxub/nci_gadi.yaml).
 */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "platform.h"
#include "queue.h"
#include "strv.h"
#include "tap.h"
#include "xmalloc.h"

#define GB	(1024ULL * 1024 * 1024)
#define HOUR	3600ULL

static const struct platform	*gadi;

/* Selects a queue for req; "-" when none, with the reason in why. */
static const char *
pick(const struct queue_request *req, struct buf *why)
{
	const struct platform_queue	*q;

	buf_reset(why);
	q = queue_select(gadi, req, why);
	return q != NULL ? q->name : "-";
}

static void
test_select(void)
{
	struct queue_request	 r;
	struct buf		 why = BUF_INIT;

	memset(&r, 0, sizeof r);
	r.cpus = 4;
	r.memory = 16 * GB;
	r.walltime = 2 * HOUR;
	is_str(pick(&r, &why), "normalsl", "4 cpus: the rules' queue");
	is_str(why.data, "rule 'cpus <= 3200' chose queue normalsl",
	    "and why");

	memset(&r, 0, sizeof r);
	r.cpus = 48;
	r.memory = 600 * GB;
	is_str(pick(&r, &why), "hugemem", "600GB: hugemem");

	memset(&r, 0, sizeof r);
	r.gpus = 2;
	is_str(pick(&r, &why), "gpuvolta", "2 gpus: gpuvolta");
	memset(&r, 0, sizeof r);
	r.gpus = 1;
	r.gpu_type = "a100";
	is_str(pick(&r, &why), "dgxa100", "gpu_type a100: dgxa100");

	/* The rule's queue refuses 2000 cpus for 40 h; none takes it. */
	memset(&r, 0, sizeof r);
	r.cpus = 2000;
	r.walltime = 40 * HOUR;
	is_str(pick(&r, &why), "-", "2000 cpus for 40 h: no queue");
	is_str(why.data, "the nearest, queue normalbw, refuses it: walltime: "
	    "40:00:00 is more than the 5:00:00 queue normalbw allows for 2000 "
	    "cpus (walltime_rules)", "names the nearest queue and its limit");

	memset(&r, 0, sizeof r);
	r.memory = 5000 * GB;
	is_str(pick(&r, &why), "-", "5000GB: no queue");
	ok(strstr(why.data, "(max_memory)") != NULL, "names the limit");

	/* A refused rule queue falls back to the cheapest that takes it. */
	memset(&r, 0, sizeof r);
	r.cpus = 2;
	r.internet = 1;
	is_str(pick(&r, &why), "-", "internet needs copyq, which has 1 cpu");
	r.cpus = 1;
	is_str(pick(&r, &why), "copyq", "internet: copyq");
	is_str(why.data, "rule 'cpus <= 3200' chose queue normalsl, which "
	    "refuses the request (internet: queue normalsl has no internet "
	    "access); the cheapest queue that takes it is copyq (2.00 SU)",
	    "the rule's queue refused: the cheapest valid queue");
	buf_release(&why);
}

static void
test_check(void)
{
	const struct platform_queue	*normal, *gpuvolta;
	struct queue_request		 r;
	struct strv			 p = STRV_INIT;

	normal = platform_queue(gadi, "normal");
	gpuvolta = platform_queue(gadi, "gpuvolta");
	memset(&r, 0, sizeof r);
	r.cpus = 700;
	ok(queue_check(normal, &r, &p) == 1, "700 cores: one problem");
	is_str(p.n > 0 ? p.v[0] : "", "cpus: queue normal takes 1-672, "
	    "720-1440, 1488-2976, 3024-20736 cores, not 700 "
	    "(walltime_rules)", "names the core counts");
	strv_clear(&p);
	r.cpus = 1000;
	r.walltime = 30 * HOUR;
	r.memory = 200 * GB;
	ok(queue_check(normal, &r, &p) == 2, "two problems");
	is_str(p.v[0], "memory: 200GB is more than the 190GB of queue normal "
	    "(max_memory)", "memory");
	is_str(p.v[1], "walltime: 30:00:00 is more than the 24:00:00 queue "
	    "normal allows for 1000 cpus (walltime_rules)", "walltime rule");
	strv_clear(&p);

	/* GPUs: cpus from cpus_per_gpu; minimums raised with a note. */
	memset(&r, 0, sizeof r);
	r.gpus = 2;
	queue_adjust(gpuvolta, &r, &p);
	ok(r.cpus == 24 && p.n == 0, "2 gpus give 24 cpus");
	r.cpus = 4;
	queue_adjust(gpuvolta, &r, &p);
	ok(r.cpus == 24 && p.n == 1, "4 cpus for 2 gpus are raised");
	is_str(p.v[0], "cpus raised from 4 to 24: queue gpuvolta gives 12 "
	    "CPUs a GPU", "with a note");
	strv_clear(&p);
	memset(&r, 0, sizeof r);
	r.cpus = 1;
	ok(queue_check(gpuvolta, &r, &p) == 1, "no gpus on a GPU queue");
	is_str(p.v[0], "gpus: queue gpuvolta is for GPU jobs (min_gpus 1)",
	    "says so");
	strv_clear(&p);

	/* Cost: rate × hours × cpus; the default walltime otherwise. */
	memset(&r, 0, sizeof r);
	r.cpus = 48;
	r.walltime = 2 * HOUR;
	ok(queue_cost(normal, &r) == 2.0 * 2 * 48, "cost 192 SU");
	r.walltime = 0;
	ok(queue_cost(normal, &r) == 2.0 * 1 * 48, "default 1 h");

	/* With a node's size, the memory's share of a node when larger. */
	{
		struct platform_queue	 node = *normal;

		node.cores_per_node = 48;
		node.memory_per_node = 192ULL << 30;
		r.cpus = 1;
		r.memory = 96ULL << 30;
		ok(queue_charged_cpus(&node, &r) == 24.0, "half a node's "
		    "memory is 24 cores");
		ok(queue_cost(&node, &r) == 2.0 * 1 * 24, "and costs so");
		r.cpus = 30;
		ok(queue_charged_cpus(&node, &r) == 30.0, "more cores win");
		r.memory = 0;
		r.cpus = 0;
		ok(queue_charged_cpus(&node, &r) == 1.0, "no request: 1 core");
		ok(queue_charged_cpus(normal, &r) == 1.0, "no node size: cores");
		r.memory = 96ULL << 30;
		ok(queue_charged_cpus(normal, &r) == 1.0, "without a node size "
		    "memory is free");
	}
}

int
main(void)
{
	struct platform_set	 set = { NULL, 0 };
	char			*path, *cause = NULL;
	const char		*src = getenv("QXUB_SRCDIR");

	xasprintf(&path, "%s/tests/fixtures/qxub/nci_gadi.yaml",
	    src != NULL ? src : "..");
	if (platform_load_file(&set, path, &cause) == -1 ||
	    (gadi = platform_find(&set, "nci_gadi")) == NULL) {
		printf("Bail out! %s\n", cause != NULL ? cause : path);
		return 1;
	}
	test_select();
	test_check();
	platform_set_free(&set);
	free(path);
	return tap_done();
}
