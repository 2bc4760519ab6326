/*
 * Platform definitions: a cluster's scheduler type, queues, limits and
 * billing, and the rules that choose a queue, from qxub 3.x's platform
 * files (a platform: mapping, a platforms: list, or a bare mapping with
 * queues as a list).  Loading checks the whole schema: a bad value is an
 * error naming FILE:LINE:COL, an unknown key a warning.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "fetch.h"

struct config;
struct ynode;

/* A range of core counts, lo to hi inclusive. */
struct platform_range {
	long long	 lo, hi;
};

/* The longest walltime a queue allows for some core counts. */
struct platform_walltime_rule {
	struct platform_range	*cores;
	size_t			 ncores;
	uint64_t		 max_walltime;	/* seconds */
};

struct platform_queue {
	char		*name;
	char		*type;		/* standard, gpu, highmem, data, ... */
	char		*description;
	char		*priority;	/* high, normal or low */
	char		*gpu_type;	/* or NULL */
	/* -1 where the file sets no limit */
	long long	 max_cpus, min_cpus, max_gpus, min_gpus;
	long long	 cpus_per_gpu, auto_min_cpus;
	long long	 cores_per_node;	/* a node's size, for the */
	uint64_t	 memory_per_node;	/* memory share; 0: unset */
	/* bytes and seconds; 0 where the file sets no limit */
	uint64_t	 max_memory, min_memory, max_local_storage;
	uint64_t	 max_walltime, default_walltime;
	double		 su_billing_rate;	/* SU per CPU-hour; 0: unset */
	int		 internet;	/* internet_connectivity */
	struct platform_walltime_rule *rules;
	size_t		 nrules;
};

/* What a rule's condition looks at. */
enum platform_var {
	PV_GPUS,		/* gpu_requested */
	PV_CPUS,		/* cpus */
	PV_MEMORY,		/* memory: bytes */
	PV_WALLTIME,		/* walltime: seconds */
	PV_GPU_TYPE,		/* gpu_type: a name, == and != only */
};

enum platform_op { PO_LT, PO_LE, PO_GT, PO_GE, PO_EQ, PO_NE };

/* One auto_selection_rules entry: "VAR OP VALUE" chooses queue. */
struct platform_rule {
	enum platform_var	 var;
	enum platform_op	 op;
	uint64_t		 number;	/* the value, but gpu_type's */
	char			*value;		/* as written */
	char			*condition;	/* as written */
	char			*queue;
	int			 is_default;
};

struct platform {
	char			*name;
	char			*type;		/* pbs_pro, pbs, slurm, ... */
	char			*host;
	char			*description;
	char			*where;		/* FILE:LINE:COL it starts at */
	struct platform_queue	*queues;
	size_t			 nqueues;
	struct platform_rule	*rules;
	size_t			 nrules;
};

/* The platforms loaded, by name; a later file's wins. */
struct platform_set {
	struct platform	**v;
	size_t		  n;
};

/*
 * Reads the platforms of one file (or of len bytes of YAML text named
 * name) into set; -1 with *cause ("FILE:LINE:COL: ...") for a bad file.
 */
int	platform_load_file(struct platform_set *set, const char *path,
	    char **cause);
int	platform_load_text(struct platform_set *set, const char *text,
	    size_t len, const char *name, char **cause);
/*
 * Reads every platform file qxub finds: $QXUB_PLATFORM_FILE alone when it
 * is set, else the *.yaml files of the directories in $QXUB_PLATFORM_PATHS
 * (colon-separated), else of platform_search_paths, else of the system
 * and the user platforms directories (qxub/platforms under
 * $XDG_CONFIG_DIRS and $XDG_CONFIG_HOME).  -1 with *cause for a bad file.
 */
int	platform_load_all(struct platform_set *set, const struct config *cfg,
	    char **cause);
/*
 * The definition of platform name: the file platforms.NAME.definition of
 * the configuration names (an http or https URL, read through the cache
 * of fetch.h; file://PATH; an absolute path; a path relative to that
 * configuration file; or a file name in the user's or the system's
 * platforms directory), whose platform of that name or whose only
 * platform it is; else the platform of set called name.  *p is NULL when
 * there is none; -1 with *cause ("FILE:LINE:COL: definition: ...") for a
 * bad or missing file or a URL with no usable copy.  What the file
 * defines is added to set.
 */
int	platform_definition(struct platform_set *set, const struct config *cfg,
	    const char *name, const struct platform **p, char **cause);
/* The http(s) URL of platform name's definition, or NULL. */
const char *platform_definition_url(const struct config *cfg,
	    const char *name);
/*
 * platform_definition, with a definition URL read as mode says (fetch.h);
 * res (may be NULL) says how it came.
 */
int	platform_definition_mode(struct platform_set *set,
	    const struct config *cfg, const char *name, enum fetch_mode mode,
	    const struct platform **p, struct fetch_result *res, char **cause);
/* The built-in scheduler of p's type: pbs for PBS Pro, else the type. */
const char *platform_scheduler(const struct platform *p);
/* The platform called name, or NULL. */
const struct platform *platform_find(const struct platform_set *set,
	    const char *name);
/* The queue called name of p, or NULL. */
const struct platform_queue *platform_queue(const struct platform *p,
	    const char *name);
void	platform_set_free(struct platform_set *set);

#endif /* PLATFORM_H */
