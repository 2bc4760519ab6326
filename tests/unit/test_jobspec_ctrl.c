/*
 * Property test for jobspec_check_controls(): random bytes in every value
 * that reaches a scheduler either are refused, or come out of each batch
 * scheduler's directives and command as lines with no control character.
 */
#include "autoconf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jobdir.h"
#include "jobspec.h"
#include "options.h"
#include "sched.h"
#include "strv.h"
#include "tap.h"
#include "xmalloc.h"

#define SEEDS	2000

#define F(x)	offsetof(struct jobspec, x)

/* The fields, written out again here rather than read from jobspec.c. */
static const struct {
	size_t		 field;
	int		 list;
	const char	*option;
} fields[] = {
	{ F(name), 0, "--name" }, { F(queue), 0, "--queue" },
	{ F(project), 0, "--project" }, { F(mem), 0, "--mem" },
	{ F(runtime), 0, "--runtime" }, { F(cpus), 0, "--cpus" },
	{ F(gpus), 0, "--gpus" }, { F(gpu_type), 0, "--gpu-type" },
	{ F(disk), 0, "--disk" }, { F(volumes), 0, "--volumes" },
	{ F(raw_resources), 1, "-l" }, { F(sbatch), 1, "--sbatch" },
	{ F(array), 0, "--array" }, { F(email), 0, "--email" },
	{ F(email_opts), 0, "--email-opts" }, { F(joblog), 0, "--joblog" },
	{ F(out), 0, "--out" }, { F(err), 0, "--err" },
	{ F(resources), 1, "resource" },
};
#define NFIELDS	(sizeof fields / sizeof fields[0])

static uint64_t	rng;
static int	accepted;	/* cases that got through to the schedulers */

/* xorshift64*: the same cases for the same seed, on every machine. */
static uint32_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

/*
 * A random value: 0-23 bytes from 1-255, a control character likely but
 * not certain, and now and then one that could pass every other check.
 */
static char *
random_value(void)
{
	static const char *const	 valid[] = { "normal", "a56", "4GB",
					    "1:00:00", "2", "gdata/a56", "1-4",
					    "mem=1GB", "--exclusive", "ae",
					    "me@example.org", "/tmp/x.log",
					    "walltime=1:00:00" };
	struct buf			 b = BUF_INIT;
	size_t				 i, n;
	int				 c;

	if (rnd() % 8 == 0) {
		buf_addstr(&b, valid[rnd() % (sizeof valid / sizeof valid[0])]);
		if (rnd() % 2 == 0)
			return buf_detach(&b);
	}
	n = rnd() % 24;
	for (i = 0; i < n; i++) {
		switch (rnd() % 4) {
		case 0:		/* C0 or DEL */
			c = rnd() % 33;
			c = c == 32 ? 0x7f : c == 0 ? '\n' : c;
			break;
		case 1:		/* high bytes */
			c = 0x80 + rnd() % 128;
			break;
		default:	/* printable */
			c = 0x20 + rnd() % 95;
		}
		buf_addch(&b, c);
	}
	return buf_detach(&b);
}

/* Sets field i of js to random bytes; returns whether any is a control. */
static int
fill(struct jobspec *js, size_t i)
{
	void	*p = (char *)js + fields[i].field;
	char	*v;
	int	 bad = 0, n;

	if (!fields[i].list) {
		v = random_value();
		bad = jobspec_control(v) != NULL;
		free(*(char **)p);
		*(char **)p = v;
		return bad;
	}
	for (n = 1 + rnd() % 2; n > 0; n--) {
		v = random_value();
		bad |= jobspec_control(v) != NULL;
		strv_push(p, v);
		free(v);
	}
	return bad;
}

/* Whether text is lines, each starting with prefix, with no control. */
static int
clean_lines(const char *text, const char *prefix)
{
	const char	*line, *end;
	size_t		 k = strlen(prefix);

	for (line = text; *line != '\0'; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			return 0;	/* each line ends with its newline */
		if (strncmp(line, prefix, k) != 0)
			return 0;
		for (; line < end; line++) {
			if ((unsigned char)*line < 0x20 || *line == 0x7f)
				return 0;
		}
	}
	return 1;
}

/*
 * Puts js through sched as far as writing would go: its check, then its
 * directives and command.  Returns 0 when what came out is clean (or the
 * scheduler refused the spec), -1 with the offending text in *bad.
 */
static int
through(const struct sched *sched, struct jobspec *js, struct buf *bad)
{
	struct jobdir	 jd;
	struct buf	 b = BUF_INIT;
	char		*cause = NULL;
	int		 r = 0;

	if (sched->check != NULL && sched->check(js, &cause) == -1) {
		free(cause);
		return 0;
	}
	jobdir_plan(&jd, js);
	if (sched->directives != NULL) {
		sched->directives(js, &jd, &b);
		if (!clean_lines(b.data, "#SBATCH ")) {
			buf_addf(bad, "%s directives: %s", sched->name, b.data);
			r = -1;
		}
	}
	buf_reset(&b);
	sched->describe(js, &jd, &b);
	buf_addch(&b, '\n');
	if (r == 0 && !clean_lines(b.data, "")) {
		buf_addf(bad, "%s command: %s", sched->name, b.data);
		r = -1;
	}
	buf_release(&b);
	jobdir_clear(&jd);
	return r;
}

/* Prints a failure as one TAP comment, its bytes escaped. */
static void
diag(const char *what, int seed, const char *why)
{
	const unsigned char	*p;

	printf("# %s, seed %d: ", what, seed);
	for (p = (const unsigned char *)why; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('\n');
}

/*
 * One case: the fields chosen get random bytes.  A control character in
 * any of them must be refused with the control-character message; a spec
 * that passes must give clean directives and commands on PBS and Slurm.
 */
static int
one_case(const int *chosen, int project, struct buf *why)
{
	struct jobspec	 js;
	char		*cause = NULL, *env = NULL;
	size_t		 i;
	int		 bad = 0, r, ok = 1;

	memset(&js, 0, sizeof js);
	strv_push(&js.argv, "true");
	for (i = 0; i < NFIELDS; i++) {
		if (chosen[i])
			bad |= fill(&js, i);
	}
	unsetenv("PROJECT");
	if (project) {
		env = random_value();
		bad |= jobspec_control(env) != NULL;
		setenv("PROJECT", env, 1);
	}
	js.interactive = rnd() % 4 == 0;
	r = jobspec_check(&js, &cause);
	if (r == 0) {
		accepted++;
		if (js.name == NULL)
			js.name = xstrdup("job");
		if (through(&sched_pbs, &js, why) == -1 ||
		    through(&sched_slurm, &js, why) == -1)
			ok = 0;
	}
	/* And refused for that reason, not by chance for another. */
	if (bad && (r != -1 || cause == NULL ||
	    strstr(cause, ": control character (") == NULL ||
	    strstr(cause, ") not allowed") == NULL)) {
		buf_addf(why, "%sa control character passed (%s)",
		    ok ? "" : "; ", cause != NULL ? cause : "accepted");
		ok = 0;
	}
	free(cause);
	free(env);
	jobspec_clear(&js);
	return ok;
}

/* Every option that is a scheduler request, and the paths, are checked. */
static void
test_table(void)
{
	size_t	i;
	int	all = 1;

	for (i = 0; i < options_count; i++) {
		const struct opt	*o = &options_table[i];

		if (!o->batch || o->later != NULL || o->arg == ARG_FLAG ||
		    o->arg == ARG_COUNT)
			continue;
		if (jobspec_scheduler_field(o->field) == NULL) {
			printf("# --%s is not checked\n", o->names[0]);
			all = 0;
		}
	}
	ok(all, "every scheduler request option is checked for controls");
	ok(jobspec_scheduler_field(F(out)) != NULL &&
	    jobspec_scheduler_field(F(err)) != NULL &&
	    jobspec_scheduler_field(F(name)) != NULL,
	    "--out, --err and --name are checked");
	ok(jobspec_scheduler_field(F(pre)) == NULL &&
	    jobspec_scheduler_field(F(snippet)) == NULL,
	    "snippets may hold newlines");
}

/* The message names the option and shows the byte escaped. */
static void
test_message(void)
{
	struct jobspec	 js;
	char		*cause = NULL;

	ok(jobspec_check_value("--queue", "a\nb", &cause) == -1,
	    "a newline is refused");
	is_str(cause, "--queue: control character (\\n) not allowed",
	    "newline escaped");
	free(cause);
	jobspec_check_value("-l", "x\x7f", &cause);
	is_str(cause, "-l: control character (\\x7f) not allowed", "DEL");
	free(cause);
	jobspec_check_value("x", "\x01", &cause);
	is_str(cause, "x: control character (\\x01) not allowed", "0x01");
	free(cause);
	jobspec_check_value("x", "a\tb", &cause);
	is_str(cause, "x: control character (\\t) not allowed", "tab");
	free(cause);
	cause = NULL;
	ok(jobspec_check_value("x", "caf\xc3\xa9 ~", &cause) == 0 &&
	    cause == NULL, "UTF-8 and printable ASCII pass");
	ok(jobspec_check_value("x", NULL, &cause) == 0, "NULL passes");

	memset(&js, 0, sizeof js);
	strv_push(&js.argv, "true");
	strv_push(&js.sbatch, "--exclusive");
	strv_push(&js.sbatch, "--comment=a\rb");
	ok(jobspec_check(&js, &cause) == -1, "--sbatch's second value");
	is_str(cause, "--sbatch: control character (\\r) not allowed",
	    "named by its option");
	free(cause);
	jobspec_clear(&js);
}

int
main(void)
{
	struct buf	 why = BUF_INIT;
	int		 chosen[NFIELDS];
	size_t		 i, j;
	int		 seed, failed[NFIELDS + 1];

	setenv("XDG_STATE_HOME", "/nonexistent/qxub-test", 1);
	test_table();
	test_message();

	memset(failed, 0, sizeof failed);
	for (seed = 1; seed <= SEEDS; seed++) {
		/* Each field alone, with the others left unset. */
		for (i = 0; i < NFIELDS; i++) {
			rng = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + i;
			memset(chosen, 0, sizeof chosen);
			chosen[i] = 1;
			buf_reset(&why);
			if (!one_case(chosen, 0, &why) && failed[i]++ == 0)
				diag(fields[i].option, seed, why.data);
		}
		/* Every field (and $PROJECT) at once. */
		rng = (uint64_t)seed * 0xd1b54a32d192ed03ULL + 1;
		for (j = 0; j < NFIELDS; j++)
			chosen[j] = 1;
		buf_reset(&why);
		if (!one_case(chosen, 1, &why) && failed[NFIELDS]++ == 0)
			diag("all fields", seed, why.data);
	}
	for (i = 0; i < NFIELDS; i++) {
		char	name[64];

		snprintf(name, sizeof name, "%s: %d random values refused or "
		    "clean", fields[i].option, SEEDS);
		ok(failed[i] == 0, name);
	}
	ok(failed[NFIELDS] == 0, "all fields and $PROJECT at once");
	printf("# %d of %d cases got through to the schedulers\n", accepted,
	    SEEDS * (int)(NFIELDS + 1));
	ok(accepted > SEEDS, "many cases reach the directives");
	unsetenv("PROJECT");
	buf_release(&why);
	return tap_done();
}
