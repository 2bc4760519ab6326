/*
 * Remote platforms: a platform of the configuration with a remote:
 * section runs on another machine, reached with the system ssh, where
 * qxub runs again and does the scheduler's work.  This file reads the
 * remote: section, builds the remote script and the ssh command line,
 * runs ssh with its stdout and stderr left to the user, and tells ssh's
 * own failures from the remote qxub's exit codes.
 */
#ifndef REMOTE_H
#define REMOTE_H

#include <stddef.h>

#include "strv.h"

struct buf;
struct config;

/*
 * Set in the environment of the remote qxub, to the host as the user's
 * side names it (messages start "qxub@HOST:"): it runs the platform on its
 * own machine (it never goes over ssh again) and takes the end of its
 * stdin, which ssh holds open, as a hangup.
 */
#define REMOTE_MARKER		"QXUB_REMOTE"
/* Set there too when the remote qxub is to show progress lines. */
#define REMOTE_PROGRESS		"QXUB_PROGRESS"

/* Scripts up to this size travel in the command word; larger ones on stdin. */
#define REMOTE_INLINE_MAX	(64 * 1024)

enum remote_mux {
	REMOTE_MUX_AUTO,	/* a qxub ControlMaster unless ssh has one */
	REMOTE_MUX_OFF,		/* ssh exactly as configured */
};

/* How ssh ended, when it exited 255. */
enum remote_failure {
	REMOTE_NO_FAILURE,	/* the remote command exited 255 itself */
	REMOTE_UNREACHABLE,	/* no session: nothing ran there */
	REMOTE_LOST,		/* the connection broke during the session */
};

struct remote {
	char		*platform;	/* the platform's name */
	char		*host;		/* ssh destination, [user@]host */
	struct strv	 hosts;		/* host: or hosts:, tried in order */
	char		*working_dir;	/* expanded here; NULL: remote home */
	char		*conda_init;	/* script run before qxub, or NULL */
	char		*qxub;		/* the remote qxub ("qxub") */
	char		*ssh;		/* the ssh program here ("ssh") */
	struct strv	 ssh_args;	/* given to ssh before the host */
	enum remote_mux	 multiplex;
	/* the remote qxub shows progress lines (ours go to a terminal) */
	int		 progress;
	/* the remote command submits a job: failures say none was */
	int		 job;
	/* an interactive session: ssh -t, our terminal as its stdin */
	int		 tty;
};

/*
 * Takes REMOTE_MARKER and REMOTE_PROGRESS out of the environment (so that
 * the job, and any qxub it runs, does not inherit them) and remembers
 * them; returns the host the user's side names, when this qxub is the
 * remote end, else NULL.  Called once, first thing.
 */
const char *remote_init(void);
/* True when this qxub was started by another over ssh (REMOTE_MARKER). */
int	remote_is_end(void);
/* True when the user's side asked the remote end for progress lines. */
int	remote_end_progress_on(void);
/*
 * Reads platforms.NAME.remote.  Returns 1 with *r filled when the platform
 * is remote and this qxub is not the remote end itself, 0 when the
 * platform runs here, -1 with *cause ("FILE:LINE:COL: ...") for a bad
 * remote: section.
 */
int	remote_load(struct remote *r, const struct config *cfg,
	    const char *platform, char **cause);
void	remote_clear(struct remote *r);
/*
 * Appends the POSIX sh script that runs "QXUB ARGS..." on the remote host:
 * cd into working_dir ({{NAME}} is the remote $NAME, a leading ~ its
 * $HOME), export REMOTE_MARKER, QXUB_PLATFORM (and REMOTE_PROGRESS when
 * r->progress), run conda_init (with
 * bash when there is one), exec the remote qxub.  A step that fails says
 * so on stderr and exits 3: no job was submitted.
 */
void	remote_script(const struct remote *r, char *const *args,
	    struct buf *b);
/*
 * Appends to word the remote command line for script: one word that sh,
 * bash, zsh, tcsh and fish all read the same way, which decodes the
 * script (base64) and runs it with sh.  A script over REMOTE_INLINE_MAX
 * goes in *payload, to be written first on ssh's stdin, and the word
 * reads it from there.
 */
void	remote_command(const char *script, size_t len, struct buf *word,
	    struct buf *payload);
/*
 * Classifies ssh's log (its -E file) after it exited 255: whether the
 * remote end exited 255 or ssh failed, with ssh's reason in *reason.
 */
enum remote_failure remote_ssh_failure(const char *log, struct buf *reason);
/*
 * Runs "QXUB ARGS..." on the remote host and returns the code to exit
 * with.  The hosts are tried in order, each next one only when ssh
 * established no session with the one before (with a warning); r->host
 * is left naming the last one tried.  The code is the remote qxub's, or QXUB_EXIT_UNREACHABLE when ssh failed, or
 * 128+N after signal N (the remote qxub cancels its job when ssh's stdin
 * closes).  With dry_run, first prints the ssh command and the script.
 * The remote stdout is ours, or collected in out when that is not NULL.
 */
int	remote_run(struct remote *r, char *const *args, int dry_run,
	    struct buf *out);
/*
 * Runs "QXUB ARGS..." on r->hosts.v[i] alone (r->host is set to it), as
 * remote_run() does without dry run or failover: for qxub platform check.
 */
int	remote_run_on(struct remote *r, size_t i, char *const *args,
	    struct buf *out);
/*
 * Runs "ssh [ssh_args] -G HOST" for r->host, its stdout in out and its
 * stderr in err; returns its exit code, or -1 with *cause.
 */
int	remote_ssh_config(const struct remote *r, struct buf *out,
	    struct buf *err, char **cause);
/* The value of a "key value" line of ssh -G output (n bytes), or NULL. */
const char *remote_ssh_value(const char *text, const char *key, size_t *n);
/*
 * Whether the ControlMaster that runs for r->host use is up (ssh -O
 * check): 1 running, 0 not, -1 when none is used (multiplex: off and no
 * ControlPath of the user's).  *path is qxub's socket (heap), or NULL
 * when the user's ssh configuration has its own.
 */
int	remote_master(const struct remote *r, char **path);

#endif /* REMOTE_H */
