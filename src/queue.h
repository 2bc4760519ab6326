/*
 * Choosing and checking a queue of a platform definition for a request:
 * the auto-selection rules, every limit of the queue, and the cost in SU.
 * Pure functions over a loaded platform (platform.h).
 */
#ifndef QUEUE_H
#define QUEUE_H

#include <stdint.h>

struct buf;
struct platform;
struct platform_queue;
struct strv;

/* What a job asks for; 0 (NULL) where it asks nothing. */
struct queue_request {
	long long	 cpus;
	long long	 gpus;
	uint64_t	 memory;	/* bytes */
	uint64_t	 walltime;	/* seconds */
	uint64_t	 disk;		/* node-local storage, bytes */
	const char	*gpu_type;
	int		 internet;
};

/*
 * Fills in what q implies for req: cpus from gpus × cpus_per_gpu, and
 * cpus, memory and gpus raised to q's minimums; one line a change in
 * notes (may be NULL).
 */
void	queue_adjust(const struct platform_queue *q, struct queue_request *req,
	    struct strv *notes);
/*
 * Checks req, as adjusted, against every limit of q; appends one line a
 * broken limit to problems (may be NULL) and returns how many.
 */
int	queue_check(const struct platform_queue *q,
	    const struct queue_request *req, struct strv *problems);
/* The walltime used for q: the request's, q's default, or an hour. */
uint64_t queue_walltime(const struct platform_queue *q,
	    const struct queue_request *req);
/*
 * The cores a request is charged for: its cores, or the share of a node
 * its memory takes when that is more (memory × cores_per_node /
 * memory_per_node, when q gives both).
 */
double	queue_charged_cpus(const struct platform_queue *q,
	    const struct queue_request *req);
/*
 * The estimated cost in SU: rate × hours × charged cores (0 without a
 * rate).
 */
double	queue_cost(const struct platform_queue *q,
	    const struct queue_request *req);
/*
 * The queue for req on p: the first auto-selection rule that matches
 * (the default rule last) when that queue takes the request, else the
 * cheapest queue that does.  Appends why to reason.  NULL when no queue
 * takes it: reason then says what the nearest queue refused.
 */
const struct platform_queue *queue_select(const struct platform *p,
	    const struct queue_request *req, struct buf *reason);

#endif /* QUEUE_H */
