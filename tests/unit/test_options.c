/* Unit tests for options.c and jobspec.c: spellings, values, conflicts. */
#include "autoconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobspec.h"
#include "xmalloc.h"
#include "options.h"
#include "strv.h"
#include "tap.h"

/* Parses a NULL-terminated list of words (after "exec") into js. */
static int
parse(struct jobspec *js, char **cause, ...)
{
	char	*argv[64];
	int	 argc = 0;
	va_list	 ap;

	memset(js, 0, sizeof *js);
	argv[argc++] = "exec";
	va_start(ap, cause);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return options_parse(argc, argv, js, cause);
}

/* Parses and resolves; returns the error message or NULL. */
static char *
resolve_error(struct jobspec *js, char *const *words)
{
	char	*argv[64], *cause = NULL;
	int	 argc = 0;

	memset(js, 0, sizeof *js);
	argv[argc++] = "exec";
	for (; *words != NULL; words++)
		argv[argc++] = *words;
	argv[argc] = NULL;
	if (options_parse(argc, argv, js, &cause) == -1)
		return cause;
	if (jobspec_resolve(js, "/tmp", &cause) == -1)
		return cause;
	return NULL;
}

static void
test_spellings(void)
{
	struct jobspec	 js;
	char		*cause = NULL;

	ok(parse(&js, &cause, "--env", "e1", "--", "x", NULL) == 0 &&
	    strcmp(js.env, "e1") == 0, "--env VALUE");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--env=e2", "x", NULL) == 0 &&
	    strcmp(js.env, "e2") == 0, "--env=VALUE");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--dry", "x", NULL) == 0 && js.dry_run,
	    "--dry is --dry-run");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--container", "i.sif", "x", NULL) == 0 &&
	    strcmp(js.sif, "i.sif") == 0, "--container is --sif");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--mod", "a", "--module=b", "--mods", "c,d e",
	    "--modules", "f", "x", NULL) == 0 && js.mods.n == 6 &&
	    strcmp(js.mods.v[3], "d") == 0 && strcmp(js.mods.v[5], "f") == 0,
	    "--mod/--module/--mods/--modules collect in order");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "-vvv", "-Nname", "x", NULL) == 0 &&
	    js.verbose == 3 && strcmp(js.name, "name") == 0,
	    "short options cluster, values attach");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--var", "A=1", "--vars", "B=2", "x", NULL) ==
	    0 && js.vars.n == 2, "--var and --vars");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--help", NULL) == 1, "--help is reported");
	jobspec_clear(&js);
}

static void
test_command_words(void)
{
	struct jobspec	 js;
	char		*cause = NULL;

	ok(parse(&js, &cause, "--env", "e", "python", "-c", "1", NULL) == 0 &&
	    js.argv.n == 3 && strcmp(js.argv.v[1], "-c") == 0,
	    "options stop at the first command word");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--", "--env", "x", NULL) == 0 &&
	    js.argv.n == 2 && js.env == NULL && strcmp(js.argv.v[0],
	    "--env") == 0, "after -- every word is the command's");
	jobspec_clear(&js);
	ok(parse(&js, &cause, "--", "", "-", NULL) == 0 && js.argv.n == 2 &&
	    js.argv.v[0][0] == '\0', "empty words are kept");
	jobspec_clear(&js);
}

static void
test_errors(void)
{
	struct jobspec	 js;
	char		*cause = NULL;
	char		*w1[] = { "--nope", "x", NULL };
	char		*w2[] = { "--env", NULL };
	char		*w3[] = { "--env", "a", "--sif", "b", "x", NULL };
	char		*w4[] = { "--cmd", "ls", "--", "x", NULL };
	char		*w5[] = { "--env", "e", NULL };
	char		*w6[] = { "--template", "t", "x", NULL };
	char		*w7[] = { "--bind", "/d", "x", NULL };
	char		*w8[] = { "--var", "1X=2", "x", NULL };
	char		*w9[] = { "--dry-run=1", "x", NULL };
	char		*w10[] = { "--default", "--mod", "m", "x", NULL };
	char		*w11[] = { "--execdir", "/nonexistent/qxub", "x", NULL };
	char		*w12[] = { "--out", "/nonexistent/qxub/o", "x", NULL };
	char		*w13[] = { "--var", "", "x", NULL };

	is_str(cause = resolve_error(&js, w1), "unknown option '--nope'",
	    "unknown option");
	free(cause);
	jobspec_clear(&js);
	is_str(cause = resolve_error(&js, w2),
	    "option '--env' needs a value (NAME)", "missing value");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w3)) != NULL &&
	    strstr(cause, "--env and --sif cannot be combined") != NULL,
	    "two contexts");
	free(cause);
	jobspec_clear(&js);
	is_str(cause = resolve_error(&js, w4), "--cmd and a command after "
	    "'--' cannot both be given", "--cmd with argv");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w5)) != NULL &&
	    strncmp(cause, "no command given", 16) == 0, "no command");
	free(cause);
	jobspec_clear(&js);
	is_str(cause = resolve_error(&js, w6), "option '--template' is not "
	    "available yet (it comes with configuration files)",
	    "an option of a later feature is refused, not ignored");
	free(cause);
	jobspec_clear(&js);
	is_str(cause = resolve_error(&js, w7),
	    "--bind needs a container image (--sif)", "--bind alone");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w8)) != NULL &&
	    strstr(cause, "--var '1X=2'") != NULL, "bad variable name");
	free(cause);
	jobspec_clear(&js);
	is_str(cause = resolve_error(&js, w9),
	    "option '--dry-run' takes no value", "flag with a value");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w10)) != NULL &&
	    strstr(cause, "--default") != NULL, "--default with --mod");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w11)) != NULL &&
	    strstr(cause, "No such file or directory") != NULL,
	    "missing execdir");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w12)) != NULL &&
	    strncmp(cause, "--out '/nonexistent/qxub/o'", 27) == 0,
	    "--out in a missing directory");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w13)) != NULL &&
	    strstr(cause, "--var '': expected NAME=VALUE") != NULL,
	    "an empty --var is an error");
	free(cause);
	jobspec_clear(&js);
}

static void
test_resolve(void)
{
	struct jobspec	 js;
	char		*w1[] = { "--env", "", "--mod", "", "--bind", "", "--",
			    "make all", NULL };
	char		*w2[] = { "--env", "e", "--mods", "gcc", "x", NULL };
	char		*w3[] = { "-N", "my job/1", "--execdir", "sub",
			    "--create-execdir", "--out", "o.txt", "x", NULL };
	char		*w4[] = { "--", "/usr/bin/python3", "-c", "1", NULL };
	char		*cause;

	ok((cause = resolve_error(&js, w1)) == NULL && js.env == NULL &&
	    js.snippet != NULL && strcmp(js.snippet, "make all") == 0 &&
	    js.argv.n == 0, "--env '' is no context; a spaced word is a "
	    "snippet");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w2)) == NULL &&
	    jobspec_ctx(&js) == CTX_CONDA_MODULES, "--env with --mods");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w3)) == NULL &&
	    strcmp(js.name, "my_job_1") == 0 &&
	    strcmp(js.execdir, "/tmp/sub") == 0 &&
	    strcmp(js.out, "/tmp/o.txt") == 0,
	    "name sanitized, paths made absolute");
	free(cause);
	jobspec_clear(&js);
	ok((cause = resolve_error(&js, w4)) == NULL &&
	    strcmp(js.name, "python3") == 0, "default name from the program");
	free(cause);
	jobspec_clear(&js);
}

static void
test_names(void)
{
	char	*n;

	is_str(n = jobspec_sanitize_name("train.py"), "train.py",
	    "dots are kept");
	free(n);
	is_str(n = jobspec_sanitize_name("a b:c@d/e"), "a_b_c_d_e",
	    "separators become _");
	free(n);
	is_str(n = jobspec_sanitize_name("3d$x"), "job_3dx",
	    "must start with a letter");
	free(n);
	is_str(n = jobspec_sanitize_name("\xc3\xa9t\xc3\xa9"), "t",
	    "non-ASCII dropped");
	free(n);
	is_str(n = jobspec_sanitize_name(""), "job", "empty becomes job");
	free(n);
	ok(jobspec_valid_var("A_1=x") && jobspec_valid_var("_B") &&
	    !jobspec_valid_var("1A=x") && !jobspec_valid_var("A-B=1") &&
	    !jobspec_valid_var("=x"), "variable names");
}

/* A value no shell or parser would pass through by accident. */
#define TRICKY	"-v a b'c\"d\n$HOME `x` \\ --"

/* Appends the words that set option o (with tricky values) to argv. */
static void
set_option(const struct opt *o, struct strv *argv)
{
	char	*name;

	xasprintf(&name, "--%s", o->names[0]);
	switch (o->arg) {
	case ARG_COUNT:
		strv_push(argv, name);
		strv_push(argv, name);
		/* FALLTHROUGH */
	case ARG_FLAG:
		strv_push(argv, name);
		break;
	case ARG_STRING:
		strv_push(argv, name);
		strv_push(argv, TRICKY);
		break;
	case ARG_LIST:
		strv_push(argv, name);
		strv_push(argv, TRICKY);
		strv_push(argv, name);
		strv_push(argv, "");
		break;
	case ARG_WORDS:
		strv_push(argv, name);
		strv_push(argv, "m1,m2 m3");
		break;
	case ARG_HELP:
		break;
	}
	free(name);
}

/* True when o's field holds the same in a and b. */
static int
same_field(const struct opt *o, const struct jobspec *a,
    const struct jobspec *b)
{
	const void	*fa = (const char *)a + o->field;
	const void	*fb = (const char *)b + o->field;
	const char	*sa, *sb;
	const struct strv *va = fa, *vb = fb;
	size_t		 i;

	switch (o->arg) {
	case ARG_FLAG:
	case ARG_COUNT:
		return *(const int *)fa == *(const int *)fb;
	case ARG_STRING:
		sa = *(char *const *)fa;
		sb = *(char *const *)fb;
		return (sa == NULL && sb == NULL) || (sa != NULL &&
		    sb != NULL && strcmp(sa, sb) == 0);
	case ARG_LIST:
	case ARG_WORDS:
		if (va->n != vb->n)
			return 0;
		for (i = 0; i < va->n; i++) {
			if (strcmp(va->v[i], vb->v[i]) != 0)
				return 0;
		}
		return 1;
	case ARG_HELP:
		break;
	}
	return 1;
}

/* True when o's field is empty in js. */
static int
unset_field(const struct opt *o, const struct jobspec *js)
{
	struct jobspec	empty;

	memset(&empty, 0, sizeof empty);
	return same_field(o, js, &empty);
}

/*
 * Parses argv into a spec, serializes it, parses the result, and checks
 * that every option of the table came back (the local ones stay unset),
 * and the command too.
 */
static void
round_trip(struct strv *argv, const char *name)
{
	struct jobspec	 a, b;
	struct strv	 out = STRV_INIT;
	const struct opt *o;
	char		*cause = NULL, *what;
	int		 good = 1;
	size_t		 i;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	strv_push(&out, "exec");
	if (options_parse(argv->n, argv->v, &a, &cause) != 0) {
		ok(0, name);
		printf("#   %s\n", cause);
		return;
	}
	options_serialize(&a, &out);
	if (options_parse(out.n, out.v, &b, &cause) != 0) {
		ok(0, name);
		printf("#   %s\n", cause);
		return;
	}
	for (o = options_table; o < options_table + options_count; o++) {
		if (o->later != NULL || o->arg == ARG_HELP)
			continue;
		if (o->local ? unset_field(o, &b) : same_field(o, &a, &b))
			continue;
		printf("#   --%s did not come back\n", o->names[0]);
		good = 0;
	}
	if (a.argv.n != b.argv.n)
		good = 0;
	for (i = 0; good && i < a.argv.n; i++)
		good = strcmp(a.argv.v[i], b.argv.v[i]) == 0;
	xasprintf(&what, "round trip: %s", name);
	ok(good, what);
	free(what);
	jobspec_clear(&a);
	jobspec_clear(&b);
	strv_clear(&out);
}

static void
test_serialize(void)
{
	struct strv	 argv = STRV_INIT, all = STRV_INIT, local = STRV_INIT;
	const struct opt *o;
	char		*name;

	strv_push(&all, "exec");
	for (o = options_table; o < options_table + options_count; o++) {
		if (o->later != NULL || o->arg == ARG_HELP)
			continue;
		if (o->local)
			strv_push(&local, o->names[0]);
		strv_push(&argv, "exec");
		set_option(o, &argv);
		set_option(o, &all);
		strv_pushv(&argv, (char *[]){ "--", "cmd", "a b", "", "-x",
		    NULL });
		xasprintf(&name, "--%s", o->names[0]);
		round_trip(&argv, name);
		free(name);
		strv_clear(&argv);
	}
	strv_pushv(&all, (char *[]){ "--", "--", "'", NULL });
	round_trip(&all, "every option at once");
	strv_clear(&all);
	/* Which options stay on this machine is a decision, not an accident. */
	ok(local.n == 3 && strcmp(local.v[0], "alias") == 0 &&
	    strcmp(local.v[1], "shortcut") == 0 &&
	    strcmp(local.v[2], "config") == 0,
	    "only --alias, --shortcut and --config stay local");
	strv_clear(&local);
	strv_pushv(&argv, (char *[]){ "exec", "--cmd", "a && b", NULL });
	round_trip(&argv, "--cmd without a command");
	strv_clear(&argv);
}

int
main(void)
{
	test_serialize();
	test_spellings();
	test_command_words();
	test_errors();
	test_resolve();
	test_names();
	return tap_done();
}
