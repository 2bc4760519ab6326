/*
 * Unit tests for remote.c: the remote command word read by every login
 * shell, the script it decodes to, and ssh's failures told apart.
 */
#include "autoconf.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "remote.h"
#include "spawn.h"
#include "strv.h"
#include "tap.h"
#include "xmalloc.h"

/* Words a shell would mangle if any quoting were wrong. */
static char	*const tricky[] = { "%s\\0", "a b", "", "it's", "\"q\"",
	"$HOME", "`id`", "\\", "!", "#c", "-x", "\n", "{a,b}", "*", "\xff\xfe",
	"é", "a\tb", "%d", NULL };

/*
 * Runs the remote command word as a login shell would (SHELL -c WORD),
 * with r's qxub being printf: prints each argument, NUL-terminated.
 */
static int
run_word(const char *shell, const struct remote *r, char *const *args,
    struct buf *out, struct buf *err)
{
	struct buf	 script = BUF_INIT, word = BUF_INIT, payload = BUF_INIT;
	char		*cause = NULL;
	int		 code;

	remote_script(r, args, &script);
	remote_command(script.data, script.len, &word, &payload);
	code = spawn_capture((char *[]){ (char *)shell, "-c", word.data,
	    NULL }, out, err, &cause);
	if (code == -1) {
		printf("#   %s\n", cause);
		free(cause);
	}
	buf_release(&script);
	buf_release(&word);
	buf_release(&payload);
	return code;
}

static void
init_remote(struct remote *r)
{
	memset(r, 0, sizeof *r);
	r->platform = xstrdup("gadi");
	r->host = xstrdup("gadi");
	r->qxub = xstrdup("printf");
	r->ssh = xstrdup("ssh");
	r->job = 1;
}

static void
test_shells(void)
{
	static const char *const shells[] = { "sh", "bash", "zsh", "tcsh",
	    "fish" };
	struct remote	 r;
	struct buf	 out = BUF_INIT, err = BUF_INIT, want = BUF_INIT;
	char		*path, *name;
	size_t		 i;
	int		 code;

	init_remote(&r);
	for (i = 1; tricky[i] != NULL; i++) {
		buf_addstr(&want, tricky[i]);
		buf_addch(&want, '\0');
	}
	for (i = 0; i < sizeof shells / sizeof shells[0]; i++) {
		xasprintf(&name, "the %s login shell runs the word", shells[i]);
		if ((path = spawn_which(shells[i])) == NULL) {
			printf("ok %d - # SKIP %s is not installed\n", ++tap_n,
			    shells[i]);
			free(name);
			continue;
		}
		buf_reset(&out);
		buf_reset(&err);
		code = run_word(path, &r, tricky, &out, &err);
		ok(code == 0 && out.len == want.len &&
		    memcmp(out.data, want.data, want.len) == 0, name);
		if (code != 0)
			printf("#   exit %d: %s\n", code, err.data);
		free(name);
		free(path);
	}
	remote_clear(&r);
	buf_release(&out);
	buf_release(&err);
	buf_release(&want);
}

/* Checks the d= line the script gets for working directory dir. */
static void
check_dir_word(struct remote *r, const char *dir, const char *want)
{
	struct buf	 b = BUF_INIT;
	char		*line, *name;

	free(r->working_dir);
	r->working_dir = xstrdup(dir);
	remote_script(r, (char *[]){ NULL }, &b);
	line = strstr(b.data, "\nd=");
	xasprintf(&name, "working_dir %s", dir);
	if (!ok(line != NULL && strncmp(line + 1, want, strlen(want)) == 0,
	    name) && line != NULL)
		printf("#   %.*s", (int)strcspn(line + 1, "\n") + 1, line + 1);
	free(name);
	buf_release(&b);
}

static void
test_script(void)
{
	struct remote	 r;
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	char		*dir, *want, *what;
	int		 code;

	/* {{name}} is the remote's $NAME; the rest is literal. */
	init_remote(&r);
	free(r.qxub);
	r.qxub = xstrdup("pwd");
	dir = xstrdup("/tmp/qxub-test-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return;
	xasprintf(&want, "%s/a b'c", dir);
	ok(mkdir(want, 0700) == 0, "made a directory with a quote in it");
	setenv("QXUBTESTDIR", dir, 1);
	r.working_dir = xstrdup("{{qxubtestdir}}/a b'c");
	code = run_word("sh", &r, (char *[]){ NULL }, &out, &err);
	ok(code == 0 && strncmp(out.data, want, strlen(want)) == 0 &&
	    out.data[strlen(want)] == '\n', "working_dir: {{name}} is $NAME");
	if (code != 0)
		printf("#   %s", err.data);

	/* A missing directory: one line, exit 3, nothing run. */
	free(r.working_dir);
	r.working_dir = xstrdup("/nonexistent/{{qxubtestdir}}");
	buf_reset(&out);
	buf_reset(&err);
	code = run_word("sh", &r, (char *[]){ NULL }, &out, &err);
	ok(code == 3 && out.len == 0 && strstr(err.data, "cannot change to "
	    "directory /nonexistent/") != NULL && strstr(err.data,
	    "no job was submitted\n") != NULL, "missing working_dir");

	/* conda_init: comments are harmless, a failure stops everything. */
	free(r.working_dir);
	r.working_dir = NULL;
	free(r.qxub);
	r.qxub = xstrdup("printenv");
	r.conda_init = xstrdup("# set things up\nQXUB_T=ok # here\n"
	    "export QXUB_T\n");
	buf_reset(&out);
	buf_reset(&err);
	code = run_word("sh", &r, (char *[]){ "QXUB_T", NULL }, &out, &err);
	is_str(out.data, "ok\n", "conda_init with comments runs");
	free(r.conda_init);
	r.conda_init = xstrdup("# fails\n(exit 9)\n");
	buf_reset(&out);
	buf_reset(&err);
	code = run_word("sh", &r, (char *[]){ "QXUB_T", NULL }, &out, &err);
	ok(code == 3 && out.len == 0 && strstr(err.data, "conda_init of "
	    "platform gadi failed (exit 9)") != NULL, "failing conda_init");

	/* The marker and the platform reach the remote qxub. */
	free(r.conda_init);
	r.conda_init = NULL;
	buf_reset(&out);
	code = run_word("sh", &r, (char *[]){ REMOTE_MARKER,
	    "QXUB_PLATFORM", NULL }, &out, &err);
	is_str(out.data, "gadi\ngadi\n", "marker and platform exported");

	/* No remote qxub: its own message. */
	free(r.qxub);
	r.qxub = xstrdup("/nonexistent/qxub");
	buf_reset(&out);
	buf_reset(&err);
	code = run_word("sh", &r, (char *[]){ NULL }, &out, &err);
	ok(code == 3 && strstr(err.data, "no /nonexistent/qxub to run") !=
	    NULL, "missing remote qxub");

	/* Braces that are no {{NAME}} are text; ~ alone is the home. */
	free(r.qxub);
	r.qxub = xstrdup("pwd");
	free(r.working_dir);
	r.working_dir = xstrdup("~");
	buf_reset(&out);
	code = run_word("sh", &r, (char *[]){ NULL }, &out, &err);
	xasprintf(&what, "%s\n", getenv("HOME"));
	is_str(out.data, what, "working_dir ~ is $HOME");
	free(what);
	check_dir_word(&r, "{", "d='{'\n");
	check_dir_word(&r, "a{{", "d='a{{'\n");
	check_dir_word(&r, "{{}}", "d='{{}}'\n");
	check_dir_word(&r, "{{1a}}/{{x}", "d='{{1a}}/{{x}'\n");
	check_dir_word(&r, "/s/{{user}}{{project}}x", "d='/s/'\"${USER}\""
	    "\"${PROJECT}\"'x'\n");

	rmdir(want);
	rmdir(dir);
	free(want);
	free(dir);
	remote_clear(&r);
	buf_release(&out);
	buf_release(&err);
}

static void
test_command(void)
{
	struct buf	 word = BUF_INIT, payload = BUF_INIT;
	char		*big;

	remote_command("x", 1, &word, &payload);
	ok(payload.len == 0 && strchr(word.data, '\n') == NULL &&
	    strchr(word.data, '!') == NULL, "a small script is in the word");
	big = xmalloc(REMOTE_INLINE_MAX);
	memset(big, 'x', REMOTE_INLINE_MAX);
	buf_reset(&word);
	remote_command(big, REMOTE_INLINE_MAX, &word, &payload);
	ok(word.len < 100 && payload.len > REMOTE_INLINE_MAX &&
	    payload.data[payload.len - 1] == '\n' &&
	    memchr(payload.data, '\n', payload.len - 1) == NULL,
	    "a large script goes on stdin, one line");
	free(big);
	buf_release(&word);
	buf_release(&payload);
}

static void
test_failure(void)
{
	struct buf	 reason = BUF_INIT;

	ok(remote_ssh_failure("", &reason) == REMOTE_NO_FAILURE,
	    "empty log: the remote exited 255");
	ok(remote_ssh_failure("Warning: Permanently added '[h]:22' (ED25519) "
	    "to the list of known hosts.\r\n", &reason) == REMOTE_NO_FAILURE,
	    "a warning is not a failure");
	ok(remote_ssh_failure("ssh: connect to host h port 22: Connection "
	    "refused\r\n", &reason) == REMOTE_UNREACHABLE, "refused");
	is_str(reason.data, "connect to host h port 22: Connection refused",
	    "reason without ssh: and the line end");
	buf_reset(&reason);
	ok(remote_ssh_failure("qxubt@127.0.0.1: Permission denied "
	    "(publickey).\r\n", &reason) == REMOTE_UNREACHABLE,
	    "key refused");
	buf_reset(&reason);
	ok(remote_ssh_failure("@@@\n@ WARNING: REMOTE HOST IDENTIFICATION "
	    "HAS CHANGED! @\n@@@\nHost key verification failed.\r\n",
	    &reason) == REMOTE_UNREACHABLE, "host key changed");
	is_str(reason.data, "Host key verification failed", "its reason");
	buf_reset(&reason);
	ok(remote_ssh_failure("Connection to h closed by remote host.\r\n",
	    &reason) == REMOTE_LOST, "a session cut off");
	buf_reset(&reason);
	ok(remote_ssh_failure("Authenticated to h ([127.0.0.1]:22) using "
	    "\"publickey\".\ndebug1: Exit status 255\n", &reason) ==
	    REMOTE_NO_FAILURE, "a verbose log of a remote 255");
	buf_release(&reason);
}

int
main(void)
{
	test_shells();
	test_script();
	test_command();
	test_failure();
	return tap_done();
}
