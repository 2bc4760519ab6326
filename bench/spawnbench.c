/*
 * spawnbench: run a command N times, one after another, and report its
 * wall time per call and its peak RSS.
 *
 *	spawnbench N COMMAND [ARG...]
 *
 * Each call is a posix_spawnp() (the way qxub itself starts programs) with
 * stdin, stdout and stderr on /dev/null, so terminal output costs nothing,
 * reaped with wait4() for the child's rusage.  The result is one line on
 * stdout for bench/exec-dry-run.sh to read:
 *
 *	calls N total_ms T mean_ms M median_ms D maxrss_kib R
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXCALLS	1000000

extern char	**environ;

static double	now_ms(void);
static int	cmp_double(const void *, const void *);
static void	usage(void);

int
main(int argc, char *argv[])
{
	posix_spawn_file_actions_t	 fa;
	struct rusage			 ru;
	double				*ms, start, t0, total, sum, mid;
	long				 n, i, maxrss;
	char				*end;
	pid_t				 pid, r;
	int				 error, status;

	if (argc < 3)
		usage();
	errno = 0;
	n = strtol(argv[1], &end, 10);
	if (argv[1][0] == '\0' || *end != '\0' || errno != 0 ||
	    n < 1 || n > MAXCALLS)
		errx(1, "call count '%s' is not a number in 1..%d", argv[1],
		    MAXCALLS);
	argv += 2;

	if ((ms = calloc(n, sizeof(*ms))) == NULL)
		err(1, "calloc");

	/* The same file actions serve every call: build them once. */
	if ((error = posix_spawn_file_actions_init(&fa)) != 0)
		errx(1, "posix_spawn_file_actions_init: %s", strerror(error));
	if ((error = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO,
	    "/dev/null", O_RDONLY, 0)) != 0 ||
	    (error = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
	    "/dev/null", O_WRONLY, 0)) != 0 ||
	    (error = posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO,
	    STDERR_FILENO)) != 0)
		errx(1, "posix_spawn_file_actions: %s", strerror(error));

	maxrss = 0;
	sum = 0;
	start = now_ms();
	for (i = 0; i < n; i++) {
		t0 = now_ms();
		error = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
		if (error != 0)
			errx(1, "cannot run '%s': %s", argv[0],
			    strerror(error));
		do
			r = wait4(pid, &status, 0, &ru);
		while (r == -1 && errno == EINTR);
		if (r == -1)
			err(1, "wait4");
		ms[i] = now_ms() - t0;
		sum += ms[i];

		/* A failing command would be timed doing something else. */
		if (WIFSIGNALED(status))
			errx(1, "call %ld: '%s' was killed by signal %d",
			    i + 1, argv[0], WTERMSIG(status));
		if (WEXITSTATUS(status) != 0)
			errx(1, "call %ld: '%s' exited with status %d",
			    i + 1, argv[0], WEXITSTATUS(status));
		/* On Linux ru_maxrss is in KiB. */
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	total = now_ms() - start;
	if ((error = posix_spawn_file_actions_destroy(&fa)) != 0)
		errx(1, "posix_spawn_file_actions_destroy: %s",
		    strerror(error));

	qsort(ms, n, sizeof(*ms), cmp_double);
	if (n % 2 == 1)
		mid = ms[n / 2];
	else
		mid = (ms[n / 2 - 1] + ms[n / 2]) / 2;

	if (printf("calls %ld total_ms %.3f mean_ms %.4f median_ms %.4f "
	    "maxrss_kib %ld\n", n, total, sum / n, mid, maxrss) < 0 ||
	    fflush(stdout) == EOF)
		err(1, "stdout");
	free(ms);
	return 0;
}

/* Monotonic: a clock step during the run must not skew the figures. */
static double
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		err(1, "clock_gettime");
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
usage(void)
{
	fprintf(stderr, "usage: spawnbench N COMMAND [ARG...]\n");
	exit(1);
}
