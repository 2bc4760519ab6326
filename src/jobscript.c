/* Writes the bash script that runs one job. */
#include "autoconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jobdir.h"
#include "jobscript.h"
#include "jobspec.h"
#include "sched.h"
#include "qxub.h"
#include "quote.h"
#include "xmalloc.h"

/* Appends a quoted word followed by more text. */
static void
jobscript_word(struct buf *b, const char *word, const char *after)
{
	sh_quote(b, word);
	buf_addstr(b, after);
}

/*
 * Ends a command line in the script with `|| qxub_fail CODE 'message'`:
 * if the command fails, the job says why in one line and ends with CODE.
 */
static void
jobscript_or_fail(struct buf *b, int code, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	buf_addf(b, " ||\n\tqxub_fail %d ", code);
	jobscript_word(b, msg != NULL ? msg : "job setup failed", "\n");
	free(msg);
}

/* The header, the helpers, and the redirection of the job's streams. */
static void
jobscript_prologue(struct buf *b, const struct sched *sched,
    const struct jobspec *js, const struct jobdir *jd)
{
	buf_addstr(b, "#!/bin/bash\n");
	if (sched->directives != NULL)
		sched->directives(js, jd, b);
	buf_addf(b, "# Job script written by qxub %s for job '%s'.\n",
	    PACKAGE_VERSION, js->name);
	buf_addstr(b,
	    "# qxub learns how the job ended from the exit_code file it "
	    "writes last.\n\n");
	buf_addstr(b, "qxub_dir=");
	jobscript_word(b, jd->dir, "\n");
	/* Each subjob of an array job has its own streams and markers. */
	if (js->array != NULL && sched->array_index != NULL)
		buf_addf(b, "qxub_sub=.$%s\n\n", sched->array_index);
	else
		buf_addstr(b, "qxub_sub=\n\n");
	buf_addstr(b,
	    "qxub_end() {\n"
	    "\tprintf '%s\\n' \"$1\" >\"$qxub_dir/exit_code$qxub_sub.tmp\" "
	    "&&\n"
	    "\t    mv -f \"$qxub_dir/exit_code$qxub_sub.tmp\" "
	    "\"$qxub_dir/exit_code$qxub_sub\"\n");
	if (sched->exit_reserved != NULL)
		buf_addf(b, "\tcase $1 in %s) exit 1 ;; esac\n",
		    sched->exit_reserved);
	buf_addstr(b,
	    "\texit \"$1\"\n"
	    "}\n"
	    "qxub_fail() {\n"
	    "\tprintf 'qxub: %s\\n' \"$2\" >&2\n"
	    "\tprintf '%s\\n' \"$2\" 2>/dev/null "
	    ">\"$qxub_dir/reason$qxub_sub\"\n"
	    "\tqxub_end \"$1\"\n"
	    "}\n\n");

	/*
	 * The scheduler's stream (the job's log) stays open on fd 9 for the
	 * messages of context setup: writing the log file directly would be
	 * lost when a batch scheduler copies its spooled copy over it.  An
	 * interactive session keeps the terminal.
	 */
	if (js->interactive) {
		buf_addstr(b, "exec 9>&2\n");
		buf_addstr(b, "date '+%Y-%m-%dT%H:%M:%S%z' "
		    ">\"$qxub_dir/started\"\n\n");
		return;
	}
	/*
	 * When a stream cannot be opened, the job says which and why (bash's
	 * own message, cut to its last part) before it ends with
	 * JOB_EXIT_STREAMS: qxub shows that line, as it streams nothing.
	 */
	buf_addf(b,
	    "qxub_streams() {\n"
	    "\tfor qxub_f in \"$@\"; do\n"
	    "\t\tqxub_why=$( { : >>\"$qxub_f\"; } 2>&1 ) ||\n"
	    "\t\t    qxub_fail %d \"cannot open the job's output file "
	    "'$qxub_f': ${qxub_why##*: }\"\n"
	    "\tdone\n"
	    "\tqxub_fail %d \"cannot open the job's output files "
	    "('$1', '$2')\"\n"
	    "}\n", JOB_EXIT_STREAMS, JOB_EXIT_STREAMS);
	buf_addstr(b, "exec 9>&2 </dev/null >");
	if (strcmp(jd->out, jd->err) == 0)
		jobscript_word(b, jd->out, "\"$qxub_sub\" 2>&1");
	else {
		jobscript_word(b, jd->out, "\"$qxub_sub\" 2>");
		jobscript_word(b, jd->err, "\"$qxub_sub\"");
	}
	buf_addstr(b, " ||\n\tqxub_streams ");
	jobscript_word(b, jd->out, "\"$qxub_sub\" ");
	jobscript_word(b, jd->err, "\"$qxub_sub\"\n");
	buf_addstr(b, "date '+%Y-%m-%dT%H:%M:%S%z' "
	    ">\"$qxub_dir/started$qxub_sub\"\n\n");
}

/* Enters the execution directory, creating it if asked. */
static void
jobscript_execdir(struct buf *b, const struct jobspec *js)
{
	if (js->create_execdir) {
		buf_addstr(b, "mkdir -p -- ");
		jobscript_word(b, js->execdir, " 2>&9");
		jobscript_or_fail(b, JOB_EXIT_EXECDIR, "cannot create "
		    "execution directory '%s'", js->execdir);
	}
	buf_addstr(b, "cd -- ");
	jobscript_word(b, js->execdir, " 2>&9");
	jobscript_or_fail(b, JOB_EXIT_EXECDIR, "cannot enter execution "
	    "directory '%s'", js->execdir);
}

/* Exports --var assignments. */
static void
jobscript_vars(struct buf *b, const struct jobspec *js)
{
	size_t	i, n;

	for (i = 0; i < js->vars.n; i++) {
		n = strcspn(js->vars.v[i], "=");
		buf_addf(b, "export %.*s=", (int)n, js->vars.v[i]);
		jobscript_word(b, js->vars.v[i] + n + 1, "\n");
	}
}

/*
 * Makes the module command available: a batch shell is not a login shell,
 * so the function may need its init script (Environment Modules or Lmod).
 */
static void
jobscript_module_init(struct buf *b)
{
	buf_addstr(b,
	    "if ! type module >/dev/null 2>&1; then\n"
	    "\tfor qxub_init in \"${MODULESHOME:+$MODULESHOME/init/bash}\" \\\n"
	    "\t    /etc/profile.d/modules.sh /etc/profile.d/lmod.sh \\\n"
	    "\t    /usr/share/lmod/lmod/init/bash "
	    "/usr/share/modules/init/bash; do\n"
	    "\t\tif [ -n \"$qxub_init\" ] && [ -r \"$qxub_init\" ]; then\n"
	    "\t\t\t. \"$qxub_init\" >&9 2>&9\n"
	    "\t\t\ttype module >/dev/null 2>&1 && break\n"
	    "\t\tfi\n"
	    "\tdone\n"
	    "fi\n");
}

/* Loads the modules, in order. */
static void
jobscript_modules(struct buf *b, const struct jobspec *js,
    const struct jobdir *jd)
{
	size_t	i;

	jobscript_module_init(b);
	buf_addstr(b, "type module >/dev/null 2>&1");
	jobscript_or_fail(b, JOB_EXIT_NO_MODULE, "the module command is not "
	    "available in the job (needed for --mod)");
	for (i = 0; i < js->mods.n; i++) {
		buf_addstr(b, "module load ");
		jobscript_word(b, js->mods.v[i], " >&9 2>&9");
		jobscript_or_fail(b, JOB_EXIT_MODULE_LOAD, "module load '%s' "
		    "failed (details in %s)", js->mods.v[i], jd->log);
	}
}

/* Activates the conda environment. */
static void
jobscript_conda(struct buf *b, const struct jobspec *js,
    const struct jobdir *jd)
{
	buf_addstr(b, "type conda >/dev/null 2>&1");
	jobscript_or_fail(b, JOB_EXIT_NO_CONDA, "conda not found in the job's "
	    "PATH (needed for --env '%s')", js->env);
	buf_addstr(b, "qxub_hook=$(conda shell.bash hook 2>&9) "
	    "&& eval \"$qxub_hook\"");
	jobscript_or_fail(b, JOB_EXIT_NO_CONDA, "'conda shell.bash hook' "
	    "failed (details in %s)", jd->log);
	buf_addstr(b, "conda activate ");
	jobscript_word(b, js->env, " >&9 2>&9");
	jobscript_or_fail(b, JOB_EXIT_CONDA_ENV, "cannot activate conda "
	    "environment '%s' (details in %s)", js->env, jd->log);
}

/* Finds the container runtime and checks the image. */
static void
jobscript_container(struct buf *b, const struct jobspec *js)
{
	buf_addstr(b,
	    "if ! type apptainer >/dev/null 2>&1 &&\n"
	    "    ! type singularity >/dev/null 2>&1; then\n");
	jobscript_module_init(b);
	buf_addstr(b,
	    "\ttype module >/dev/null 2>&1 &&\n"
	    "\t    { module load apptainer || module load singularity; } "
	    ">&9 2>&9\n"
	    "fi\n"
	    "qxub_runtime=\n"
	    "if type apptainer >/dev/null 2>&1; then\n"
	    "\tqxub_runtime=apptainer\n"
	    "elif type singularity >/dev/null 2>&1; then\n"
	    "\tqxub_runtime=singularity\n"
	    "fi\n"
	    "[ -n \"$qxub_runtime\" ]");
	jobscript_or_fail(b, JOB_EXIT_NO_CONTAINER, "neither apptainer nor "
	    "singularity found in the job (needed for --sif)");
	if (strstr(js->sif, "://") == NULL) {
		buf_addstr(b, "[ -e ");
		jobscript_word(b, js->sif, " ]");
		jobscript_or_fail(b, JOB_EXIT_IMAGE, "container image '%s' not "
		    "found", js->sif);
	}
}

/* Appends the words that run a command in the context. */
static void
jobscript_runner(struct buf *b, const struct jobspec *js)
{
	size_t	i;

	if (jobspec_ctx(js) != CTX_CONTAINER)
		return;
	buf_addstr(b, "\"$qxub_runtime\" exec ");
	for (i = 0; i < js->binds.n; i++) {
		buf_addstr(b, "--bind ");
		jobscript_word(b, js->binds.v[i], " ");
	}
	jobscript_word(b, js->sif, " ");
}

/*
 * Runs --pre, the command and --post, and records the code.  They get the
 * job's streams but not fd 9, which is qxub's.
 */
static void
jobscript_run(struct buf *b, const struct jobspec *js)
{
	if (js->argv.n > 0) {
		buf_addstr(b, "set -- ");
		sh_quote_argv(b, js->argv.v);
		buf_addstr(b, "\n\n");
	}
	if (js->pre != NULL) {
		buf_addstr(b, "bash -c ");
		jobscript_word(b, js->pre, " 9>&-\n");
		buf_addstr(b, "qxub_rc=$?\n"
		    "if [ \"$qxub_rc\" -ne 0 ]; then\n"
		    "\tprintf 'qxub: --pre failed with exit code %s; "
		    "the command did not run\\n' \"$qxub_rc\" >&2\n"
		    "\tqxub_end \"$qxub_rc\"\n"
		    "fi\n");
	}
	jobscript_runner(b, js);
	if (js->argv.n > 0)
		buf_addstr(b, "\"$@\" 9>&-\n");
	else {
		buf_addstr(b, "bash -c ");
		jobscript_word(b, js->snippet, " 9>&-\n");
	}
	buf_addstr(b, "qxub_rc=$?\n");
	if (js->post != NULL) {
		buf_addstr(b, "if [ \"$qxub_rc\" -eq 0 ]; then\n\tbash -c ");
		jobscript_word(b, js->post, " 9>&-\n\tqxub_rc=$?\nfi\n");
	}
	buf_addstr(b, "qxub_end \"$qxub_rc\"\n");
}

void
jobscript_write(struct buf *b, const struct sched *sched,
    const struct jobspec *js, const struct jobdir *jd)
{
	enum jobspec_ctx	ctx = jobspec_ctx(js);

	jobscript_prologue(b, sched, js, jd);
	jobscript_execdir(b, js);
	jobscript_vars(b, js);
	buf_addch(b, '\n');
	if (ctx == CTX_MODULES || ctx == CTX_CONDA_MODULES)
		jobscript_modules(b, js, jd);
	if (ctx == CTX_CONDA || ctx == CTX_CONDA_MODULES)
		jobscript_conda(b, js, jd);
	if (ctx == CTX_CONTAINER)
		jobscript_container(b, js);
	if (ctx != CTX_DEFAULT)
		buf_addch(b, '\n');
	jobscript_run(b, js);
}
