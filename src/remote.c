/* Remote platforms: qxub on another machine, reached with the system ssh. */
#include "autoconf.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "quote.h"
#include "qxub.h"
#include "remote.h"
#include "spawn.h"
#include "watch.h"
#include "xmalloc.h"
#include "yaml.h"

/* What qxub asks of ssh when the user's configuration leaves it unset. */
#define REMOTE_CONNECT_TIMEOUT	"15"
#define REMOTE_ALIVE_INTERVAL	"15"
#define REMOTE_ALIVE_COUNT	"4"
#define REMOTE_PERSIST		"10m"
/* After a signal: how long the remote qxub has to cancel before ssh goes. */
#define REMOTE_GRACE_MS		10000

/* What the environment said when remote_init() took it out. */
static char	*remote_end_host;
static int	 remote_end_progress;

const char *
remote_init(void)
{
	const char	*v = getenv(REMOTE_MARKER);

	if (v != NULL && *v != '\0') {
		remote_end_host = xstrdup(v);
		v = getenv(REMOTE_PROGRESS);
		remote_end_progress = v != NULL && *v != '\0';
	}
	/* A job, or a qxub it runs, is not the remote end. */
	unsetenv(REMOTE_MARKER);
	unsetenv(REMOTE_PROGRESS);
	return remote_end_host;
}

int
remote_is_end(void)
{
	return remote_end_host != NULL;
}

int
remote_end_progress_on(void)
{
	return remote_end_progress;
}

void
remote_clear(struct remote *r)
{
	free(r->platform);
	free(r->host);
	free(r->working_dir);
	free(r->conda_init);
	free(r->qxub);
	free(r->ssh);
	strv_clear(&r->hosts);
	strv_clear(&r->ssh_args);
	memset(r, 0, sizeof *r);
}

/* A string key of the remote: section, or NULL; -1 when not a string. */
static int
remote_string(const struct ynode *remote, const char *key, char **value,
    char **cause)
{
	const struct ynode	*n = ynode_get(remote, key);
	char			*where;

	*value = NULL;
	if (n == NULL)
		return 0;
	if (n->type != YNODE_SCALAR) {
		where = ynode_where(n);
		xasprintf(cause, "%s: remote.%s must be a string", where, key);
		free(where);
		return -1;
	}
	*value = xstrdup(n->scalar);
	return 0;
}

/* Refuses a value where a user or host would begin with '-'. */
static int
remote_check_host(const char *host)
{
	const char	*at = strrchr(host, '@');

	if (*host == '\0' || *host == '-' || (at != NULL &&
	    (at[1] == '-' || at[1] == '\0')))
		return -1;
	return strpbrk(host, " \t\n") == NULL ? 0 : -1;
}

/*
 * Reads host: (one destination) or hosts: (login nodes tried in order)
 * into r->hosts, each checked; r->host is the first.
 */
static int
remote_load_hosts(struct remote *r, const struct ynode *remote,
    const char *where, char **cause)
{
	const struct ynode	*one = ynode_get(remote, "host");
	const struct ynode	*list = ynode_get(remote, "hosts");
	const struct ynode	*n;
	char			*at;
	size_t			 i;

	if (one != NULL && list != NULL) {
		at = ynode_where(list);
		xasprintf(cause, "%s: platform '%s': remote.host and "
		    "remote.hosts cannot both be given (host is the one-host "
		    "form of hosts)", at, r->platform);
		free(at);
		return -1;
	}
	if (one == NULL && list == NULL) {
		xasprintf(cause, "%s: platform '%s': remote.host is missing "
		    "(the ssh destination, e.g. gadi or user@gadi.nci.org.au)",
		    where, r->platform);
		return -1;
	}
	if (list != NULL && (list->type != YNODE_SEQ || list->n == 0)) {
		at = ynode_where(list);
		xasprintf(cause, "%s: platform '%s': remote.hosts must be a "
		    "list of one or more ssh destinations", at, r->platform);
		free(at);
		return -1;
	}
	for (i = 0; i < (list != NULL ? list->n : 1); i++) {
		n = list != NULL ? list->items[i] : one;
		if (n->type != YNODE_SCALAR) {
			at = ynode_where(n);
			xasprintf(cause, "%s: remote.%s must be a string", at,
			    list != NULL ? "hosts item" : "host");
			free(at);
			return -1;
		}
		if (remote_check_host(n->scalar) == -1) {
			at = ynode_where(n);
			xasprintf(cause, "%s: platform '%s': remote.host '%s' "
			    "is not a host name ([user@]host, neither "
			    "beginning with '-')", at, r->platform, n->scalar);
			free(at);
			return -1;
		}
		strv_push(&r->hosts, n->scalar);
	}
	r->host = xstrdup(r->hosts.v[0]);
	return 0;
}

int
remote_load(struct remote *r, const struct config *cfg,
    const char *platform, char **cause)
{
	const struct ynode	*def, *remote, *args;
	const char		*vars[5];
	const char		*project = getenv("PROJECT");
	char			*where = NULL, *mux = NULL;
	struct passwd		*pw;
	size_t			 i;
	int			 rc = -1;

	memset(r, 0, sizeof *r);
	*cause = NULL;
	if (platform == NULL || (def = ynode_get(config_get(cfg,
	    "platforms"), platform)) == NULL ||
	    (remote = ynode_get(def, "remote")) == NULL)
		return 0;
	if (remote_is_end()) {
		log_debug(1, "platform %s is remote, and this is its remote "
		    "end: running it here", platform);
		return 0;
	}
	where = ynode_where(remote);
	r->platform = xstrdup(platform);
	if (remote_load_hosts(r, remote, where, cause) == -1 ||
	    remote_string(remote, "conda_init", &r->conda_init, cause) ==
	    -1 || remote_string(remote, "qxub", &r->qxub, cause) == -1 ||
	    remote_string(remote, "ssh", &r->ssh, cause) == -1 ||
	    remote_string(remote, "multiplex", &mux, cause) == -1)
		goto out;
	if (mux == NULL || strcmp(mux, "auto") == 0)
		r->multiplex = REMOTE_MUX_AUTO;
	else if (strcmp(mux, "off") == 0)
		r->multiplex = REMOTE_MUX_OFF;
	else {
		free(where);
		where = ynode_where(ynode_get(remote, "multiplex"));
		xasprintf(cause, "%s: platform '%s': remote.multiplex '%s' "
		    "is not auto or off", where, platform, mux);
		goto out;
	}
	args = ynode_get(remote, "ssh_args");
	for (i = 0; args != NULL && args->type == YNODE_SEQ && i < args->n;
	    i++)
		strv_push(&r->ssh_args, args->items[i]->scalar);
	if (r->qxub == NULL || *r->qxub == '\0') {
		free(r->qxub);
		r->qxub = xstrdup("qxub");
	}
	if (r->ssh == NULL || *r->ssh == '\0') {
		free(r->ssh);
		r->ssh = xstrdup("ssh");
	}
	/* {user} and {project} are this machine's; {{...}} the remote's. */
	pw = getpwuid(getuid());
	vars[0] = "user";
	vars[1] = pw != NULL ? pw->pw_name : "unknown";
	vars[2] = "project";
	vars[3] = project != NULL ? project : "";
	vars[4] = NULL;
	if ((def = ynode_get(remote, "working_dir")) != NULL &&
	    (r->working_dir = config_expand(cfg, def, vars, cause)) == NULL)
		goto out;
	rc = 1;
out:
	if (rc == -1)
		remote_clear(r);
	free(mux);
	free(where);
	return rc;
}

/*
 * Appends the working directory as one sh word: literal text quoted,
 * {{name}} as "${NAME}" and a leading ~ as "$HOME", for the remote shell.
 */
static void
remote_dir_word(struct buf *b, const char *dir)
{
	static const char	 ident[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
	struct buf		 lit = BUF_INIT;
	size_t			 start = b->len, n, i;

	if (dir[0] == '~' && (dir[1] == '/' || dir[1] == '\0')) {
		buf_addstr(b, "\"$HOME\"");
		dir++;
	}
	while (*dir != '\0') {
		n = strncmp(dir, "{{", 2) == 0 ? strspn(dir + 2, ident) : 0;
		if (n == 0 || isdigit((unsigned char)dir[2]) ||
		    strncmp(dir + 2 + n, "}}", 2) != 0) {
			buf_addch(&lit, *dir++);
			continue;
		}
		if (lit.len > 0)
			sh_quote(b, lit.data);
		buf_reset(&lit);
		buf_addstr(b, "\"${");
		for (i = 0; i < n; i++)
			buf_addch(b, toupper((unsigned char)dir[2 + i]));
		buf_addstr(b, "}\"");
		dir += n + 4;
	}
	if (lit.len > 0 || b->len == start)
		sh_quote(b, lit.data);
	buf_release(&lit);
}

/*
 * Run by sh, or by bash when conda_init needs it, with $1 the conda_init
 * script, $2 the host, $3 the platform, $4 what a failure means, then the
 * remote qxub's argv.  The
 * function keeps conda_init away from the positional parameters.
 */
static const char	remote_runner[] =
	"qxub_init() { eval \"$1\"; }\n"
	"qxub_init \"$1\" || { printf 'qxub: %s: the conda_init of platform "
	"%s failed (exit %s); %s\\n' \"$2\" \"$3\" \"$?\" \"$4\" >&2; "
	"exit 3; }\n"
	"h=$2 p=$3 n=$4\n"
	"shift 4\n"
	"command -v \"$1\" >/dev/null 2>&1 || { printf 'qxub: %s: no %s to "
	"run there (set platforms.%s.remote.qxub to its path); %s\\n' "
	"\"$h\" \"$1\" \"$p\" \"$n\" >&2; exit 3; }\n"
	"exec \"$@\"\n";

/* What did not happen when the remote command could not run. */
static const char *
remote_nothing(const struct remote *r)
{
	return r->job ? "no job was submitted" : "nothing ran there";
}

void
remote_script(const struct remote *r, char *const *args, struct buf *b)
{
	buf_addstr(b, "h=");
	sh_quote(b, r->host);
	buf_addstr(b, " p=");
	sh_quote(b, r->platform);
	buf_addstr(b, " n=");
	sh_quote(b, remote_nothing(r));
	buf_addstr(b, "\n" REMOTE_MARKER "=$h QXUB_PLATFORM=$p\n"
	    "export " REMOTE_MARKER " QXUB_PLATFORM\n");
	if (r->progress)
		buf_addstr(b, "export " REMOTE_PROGRESS "=1\n");
	if (r->working_dir != NULL) {
		buf_addstr(b, "d=");
		remote_dir_word(b, r->working_dir);
		buf_addstr(b, "\ncd -- \"$d\" 2>/dev/null || { printf 'qxub: "
		    "%s: cannot change to directory %s (platforms.%s.remote."
		    "working_dir); %s\\n' \"$h\" \"$d\" \"$p\" \"$n\" "
		    ">&2; exit 3; }\n");
	}
	buf_addstr(b, "r=");
	sh_quote(b, remote_runner);
	buf_addstr(b, "\ni=");
	sh_quote(b, r->conda_init != NULL ? r->conda_init : "");
	buf_addstr(b, "\nset -- \"$i\" \"$h\" \"$p\" \"$n\" ");
	sh_quote(b, r->qxub);
	buf_addch(b, ' ');
	sh_quote_argv(b, args);
	buf_addch(b, '\n');
	/* conda_init is written for bash, as on the login nodes it targets. */
	if (r->conda_init != NULL)
		buf_addstr(b, "if command -v bash >/dev/null 2>&1; then "
		    "exec bash -c \"$r\" qxub \"$@\"; fi\n");
	buf_addstr(b, "eval \"$r\"\n");
}

/* Appends len bytes of data in base64, on one line. */
static void
remote_base64(struct buf *b, const unsigned char *data, size_t len)
{
	static const char	digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long		v;
	size_t			i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned long)data[i] << 16 | data[i + 1] << 8 |
		    data[i + 2];
		buf_addch(b, digits[v >> 18 & 63]);
		buf_addch(b, digits[v >> 12 & 63]);
		buf_addch(b, digits[v >> 6 & 63]);
		buf_addch(b, digits[v & 63]);
	}
	if (i < len) {
		v = (unsigned long)data[i] << 16;
		if (i + 1 < len)
			v |= data[i + 1] << 8;
		buf_addch(b, digits[v >> 18 & 63]);
		buf_addch(b, digits[v >> 12 & 63]);
		buf_addch(b, i + 1 < len ? digits[v >> 6 & 63] : '=');
		buf_addch(b, '=');
	}
}

void
remote_command(const char *script, size_t len, struct buf *word,
    struct buf *payload)
{
	struct buf	b64 = BUF_INIT;

	/*
	 * Inside '...' every login shell keeps the text as it is: it holds
	 * no quote, backslash, '!' or newline of its own, and base64 none.
	 */
	remote_base64(&b64, (const unsigned char *)script, len);
	if (b64.len <= REMOTE_INLINE_MAX) {
		buf_addstr(word, "exec sh -c 'eval \"$(printf %s ");
		buf_add(word, b64.data, b64.len);
		buf_addstr(word, "|base64 -d)\"'");
	} else {
		buf_addstr(word, "exec sh -c 'IFS= read -r s&&eval "
		    "\"$(printf %s \"$s\"|base64 -d)\"'");
		buf_add(payload, b64.data, b64.len);
		buf_addch(payload, '\n');
	}
	buf_release(&b64);
}

/* Lines of ssh's log that say nothing about a failure. */
static int
remote_log_noise(const char *line, size_t n)
{
	static const char *const	noise[] = { "Warning: ", "debug",
	    "Authenticated to ", "Transferred: ", "Bytes per second" };
	size_t				i;

	for (i = 0; i < sizeof noise / sizeof noise[0]; i++) {
		if (n >= strlen(noise[i]) &&
		    strncmp(line, noise[i], strlen(noise[i])) == 0)
			return 1;
	}
	return n == 0;
}

enum remote_failure
remote_ssh_failure(const char *log, struct buf *reason)
{
	/* What ssh says when a session it had is cut off. */
	static const char *const	lost[] = { "closed by remote host",
	    "not responding", "Broken pipe", "reset by peer",
	    "mux_client_read", "Write failed", "packet_write_wait",
	    "client_loop: " };
	const char			*line, *end, *last = NULL;
	size_t				 n, lastn = 0, i;
	int				 authenticated = 0;

	for (line = log; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		n = end - line;
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
			n--;
		if (strncmp(line, "Authenticated to ", 17) == 0)
			authenticated = 1;
		if (!remote_log_noise(line, n)) {
			last = line;
			lastn = n;
		}
	}
	if (last == NULL)
		return REMOTE_NO_FAILURE;
	if (strncmp(last, "ssh: ", 5) == 0) {
		last += 5;
		lastn -= 5;
	}
	while (lastn > 0 && last[lastn - 1] == '.')
		lastn--;
	buf_add(reason, last, lastn);
	for (i = 0; i < sizeof lost / sizeof lost[0]; i++) {
		if (memmem(last, lastn, lost[i], strlen(lost[i])) != NULL)
			return REMOTE_LOST;
	}
	return authenticated ? REMOTE_LOST : REMOTE_UNREACHABLE;
}

/*
 * The directory for qxub's ssh control sockets and logs: short (a socket
 * path must fit in 108 bytes), private, ours.  NULL when there is none.
 */
static char *
remote_runtime_dir(void)
{
	const char	*base = getenv("XDG_RUNTIME_DIR");
	struct stat	 st;
	char		*dir;

	if (base != NULL && base[0] == '/')
		xasprintf(&dir, "%s/qxub", base);
	else
		xasprintf(&dir, "/tmp/qxub-%lu", (unsigned long)getuid());
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_debug(1, "cannot create %s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 077) != 0) {
		log_warn("%s is not a private directory of yours; qxub does "
		    "not share ssh connections", dir);
		free(dir);
		return NULL;
	}
	return dir;
}

/* What `ssh -G HOST` says the user's configuration sets. */
struct remote_ssh_config {
	int	control;	/* a ControlMaster or ControlPath is set */
	int	connect_timeout;
	int	keepalive;
	int	batch;
};

const char *
remote_ssh_value(const char *text, const char *key, size_t *n)
{
	const char	*line;
	size_t		 k = strlen(key);

	for (line = text; *line != '\0'; line += strcspn(line, "\n") + 1) {
		if (strncmp(line, key, k) == 0 && line[k] == ' ') {
			*n = strcspn(line + k + 1, "\n");
			return line + k + 1;
		}
		if (line[strcspn(line, "\n")] == '\0')
			break;
	}
	return NULL;
}

/* True when the ssh -G value of key is one of the "nothing set" values. */
static int
remote_ssh_unset(const char *text, const char *key, const char *unset)
{
	const char	*v;
	size_t		 n;

	if ((v = remote_ssh_value(text, key, &n)) == NULL)
		return 1;
	for (; *unset != '\0'; unset += strlen(unset) + 1) {
		if (strlen(unset) == n && strncmp(v, unset, n) == 0)
			return 1;
	}
	return 0;
}

/* Asks ssh what the user's configuration says about the host. */
static void
remote_ssh_probe(const struct remote *r, struct remote_ssh_config *sc)
{
	struct strv	 argv = STRV_INIT;
	struct buf	 out = BUF_INIT;
	char		*cause = NULL;

	memset(sc, 0, sizeof *sc);
	strv_push(&argv, r->ssh);
	if (r->ssh_args.n > 0)
		strv_pushv(&argv, r->ssh_args.v);
	strv_push(&argv, "-G");
	strv_push(&argv, r->host);
	if (spawn_capture(strv_argv(&argv), &out, NULL, &cause) != 0) {
		/* ssh itself will say what is wrong when it runs. */
		log_debug(1, "%s -G %s failed%s%s", r->ssh, r->host,
		    cause != NULL ? ": " : "", cause != NULL ? cause : "");
		sc->control = sc->connect_timeout = sc->keepalive = 1;
		free(cause);
	} else {
		sc->control = !remote_ssh_unset(out.data, "controlpath",
		    "none\0") || !remote_ssh_unset(out.data, "controlmaster",
		    "false\0no\0");
		sc->connect_timeout = !remote_ssh_unset(out.data,
		    "connecttimeout", "none\0");
		sc->keepalive = !remote_ssh_unset(out.data,
		    "serveraliveinterval", "0\0");
		sc->batch = !remote_ssh_unset(out.data, "batchmode",
		    "no\0");
	}
	buf_release(&out);
	strv_clear(&argv);
}

/* True when qxub can ask the user something: a terminal to prompt on. */
static int
remote_have_terminal(void)
{
	int	fd = open("/dev/tty", O_RDWR|O_CLOEXEC|O_NOCTTY);

	if (fd == -1)
		return 0;
	close(fd);
	return 1;
}

/*
 * The control socket of qxub's master for this ssh command and host.  It
 * is named after them rather than after the connection (ssh's %C): two
 * Host blocks that reach one user@host:port with other keys or options
 * do not share a login.
 */
static char *
remote_control_path(const struct remote *r, const char *rundir)
{
	struct strv	 words = STRV_INIT;
	char		*path;
	size_t		 i;

	strv_push(&words, r->ssh);
	for (i = 0; i < r->ssh_args.n; i++)
		strv_push(&words, r->ssh_args.v[i]);
	strv_push(&words, r->host);
	xasprintf(&path, "%s/cm-%016llx", rundir,
	    (unsigned long long)strv_hash(&words));
	strv_clear(&words);
	return path;
}

/*
 * The ssh command line: the user's arguments, then only what qxub needs
 * and the configuration leaves unset, the host, and the command word.
 */
static void
remote_ssh_argv(const struct remote *r, const char *logpath,
    const char *rundir, const char *word, struct strv *argv)
{
	struct remote_ssh_config	 sc;
	struct stat			 st;
	char				*control = NULL;

	if (r->multiplex == REMOTE_MUX_AUTO && rundir != NULL)
		control = remote_control_path(r, rundir);
	/*
	 * A master qxub opened earlier carries the connection and its
	 * options: there is nothing to ask ssh -G.
	 */
	memset(&sc, 0, sizeof sc);
	if (control != NULL && stat(control, &st) == 0 &&
	    S_ISSOCK(st.st_mode))
		sc.connect_timeout = sc.keepalive = 1;
	else
		remote_ssh_probe(r, &sc);
	strv_push(argv, r->ssh);
	if (r->ssh_args.n > 0)
		strv_pushv(argv, r->ssh_args.v);
	/*
	 * No pseudo-terminal: the job's stdout and stderr stay apart; but an
	 * interactive session is a terminal's.
	 */
	strv_push(argv, r->tty ? "-t" : "-T");
	if (logpath != NULL) {
		strv_push(argv, "-E");
		strv_push(argv, logpath);
	}
	if (!sc.batch && !remote_have_terminal())
		strv_pushv(argv, (char *[]){ "-o", "BatchMode=yes", NULL });
	if (!sc.connect_timeout)
		strv_pushv(argv, (char *[]){ "-o", "ConnectTimeout="
		    REMOTE_CONNECT_TIMEOUT, NULL });
	if (!sc.keepalive)
		strv_pushv(argv, (char *[]){ "-o", "ServerAliveInterval="
		    REMOTE_ALIVE_INTERVAL, "-o", "ServerAliveCountMax="
		    REMOTE_ALIVE_COUNT, NULL });
	if (control != NULL && !sc.control) {
		strv_pushv(argv, (char *[]){ "-o", "ControlMaster=auto",
		    NULL });
		strv_push(argv, "-o");
		strv_pushf(argv, "ControlPath=%s", control);
		strv_pushv(argv, (char *[]){ "-o", "ControlPersist="
		    REMOTE_PERSIST, NULL });
	}
	strv_push(argv, r->host);
	strv_push(argv, word);
	free(control);
}

/*
 * Waits for ssh, writing the payload on its stdin first.  A stop signal
 * closes ssh's stdin, which the remote qxub takes as a hangup: it cancels
 * its job and exits; ssh that lingers past the grace period is ended.
 */
static int
remote_wait(pid_t pid, int in_fd, const struct buf *payload, int out_fd,
    struct buf *out)
{
	struct pollfd	 pfd[3];
	size_t		 done = 0;
	long long	 deadline = 0;
	ssize_t		 n;
	char		 chunk[8192];
	int		 status, killed = 0, nfds, in_at = -1, out_at = -1;

	for (;;) {
		/* What ssh wrote comes out before it is waited for. */
		if (out_fd == -1 && spawn_wait(pid, &status, WNOHANG) == pid)
			break;
		if (watch_stop_signal() != 0 && deadline == 0) {
			if (in_fd != -1)
				close(in_fd);
			in_fd = -1;
			log_progress("%s: closing the connection; the remote "
			    "qxub cancels the job",
			    strsignal(watch_stop_signal()));
			deadline = watch_now() + REMOTE_GRACE_MS;
		}
		if (deadline != 0 && watch_now() >= deadline && killed < 2) {
			kill(pid, killed == 0 ? SIGTERM : SIGKILL);
			killed++;
			deadline = watch_now() + 2000;
		}
		pfd[0].fd = watch_signal_fd();
		pfd[0].events = POLLIN;
		nfds = 1;
		if (in_fd != -1 && done < payload->len) {
			in_at = nfds++;
			pfd[in_at].fd = in_fd;
			pfd[in_at].events = POLLOUT;
		} else
			in_at = -1;
		if (out_fd != -1) {
			out_at = nfds++;
			pfd[out_at].fd = out_fd;
			pfd[out_at].events = POLLIN;
		} else
			out_at = -1;
		if (poll(pfd, nfds, deadline != 0 ? 200 : -1) == -1 &&
		    errno != EINTR)
			fatal("poll");
		watch_drain();
		if (in_at != -1 && pfd[in_at].revents != 0) {
			n = write(in_fd, payload->data + done,
			    payload->len - done);
			if (n > 0)
				done += n;
			else if (n == -1 && errno != EAGAIN && errno != EINTR)
				done = payload->len;	/* ssh is gone */
		}
		if (out_at != -1 && pfd[out_at].revents != 0) {
			n = read(out_fd, chunk, sizeof chunk);
			if (n > 0)
				buf_add(out, chunk, n);
			else if (n == 0 || errno != EINTR) {
				close(out_fd);
				out_fd = -1;
			}
		}
	}
	if (in_fd != -1)
		close(in_fd);
	return spawn_exit_code(status);
}

/* Reads ssh's log file (small: errors and warnings). */
static void
remote_read_log(const char *path, struct buf *b)
{
	int	fd;

	if (path == NULL || (fd = open(path, O_RDONLY|O_CLOEXEC)) == -1)
		return;
	spawn_read_all(fd, b);
}

/* The hosts of r as "a, b, c", for messages. */
static void
remote_host_list(const struct remote *r, struct buf *b)
{
	size_t	i;

	for (i = 0; i < r->hosts.n; i++)
		buf_addf(b, "%s%s", i > 0 ? ", " : "", r->hosts.v[i]);
}

/*
 * Says what ssh's exit 255 was, and returns the code to exit with; or -1
 * after a warning when no session was established and next is the host
 * to try instead (nothing ran on this one).  many: the last of several
 * hosts was tried, and the message names them all.
 */
static int
remote_failed(const struct remote *r, const struct buf *log,
    const char *next, int many)
{
	struct buf	reason = BUF_INIT, tried = BUF_INIT;
	int		code = 255;

	switch (remote_ssh_failure(log->data, &reason)) {
	case REMOTE_NO_FAILURE:
		break;
	case REMOTE_UNREACHABLE:
		if (log_verbose() > 0)
			fwrite(log->data, 1, log->len, stderr);
		if (next != NULL) {
			log_warn("cannot reach %s: %s; trying %s", r->host,
			    reason.data, next);
			code = -1;
			break;
		}
		if (many) {
			buf_addstr(&tried, "; tried ");
			remote_host_list(r, &tried);
		}
		log_error("cannot reach %s: %s%s; %s%s", r->host, reason.data,
		    tried.data, remote_nothing(r), log_verbose() > 0 ? "" :
		    " (-v shows what ssh said)");
		code = QXUB_EXIT_UNREACHABLE;
		break;
	case REMOTE_LOST:
		if (log_verbose() > 0)
			fwrite(log->data, 1, log->len, stderr);
		log_error("lost the connection to %s: %s%s", r->host,
		    reason.data, r->job ? "; the remote qxub cancels the job "
		    "when it notices" : "");
		code = QXUB_EXIT_UNREACHABLE;
		break;
	}
	buf_release(&tried);
	buf_release(&reason);
	return code;
}

/* Prints what qxub would run, for --dry-run. */
static void
remote_dry_run(char *const *argv, const struct buf *script,
    const struct buf *payload)
{
	struct buf	b = BUF_INIT;

	buf_addstr(&b, "Dry run - would run: ");
	sh_quote_argv_pretty(&b, argv);
	if (payload->len > 0)
		buf_addstr(&b, " (the script goes first on its stdin)");
	buf_addstr(&b, "\n\nRemote script (the command word decodes to it):"
	    "\n\n");
	buf_add(&b, script->data, script->len);
	buf_addstr(&b, "\nRemote qxub:\n\n");
	fwrite(b.data, 1, b.len, stdout);
	fflush(stdout);
	buf_release(&b);
}

/*
 * Runs the remote qxub on r->host; -1 when ssh established no session and
 * next is the host to try instead; many as for remote_failed().
 */
static int
remote_run_one(const struct remote *r, char *const *args, int dry_run,
    struct buf *out, const char *next, int many)
{
	struct strv	 argv = STRV_INIT;
	struct buf	 script = BUF_INIT, word = BUF_INIT;
	struct buf	 payload = BUF_INIT, log = BUF_INIT;
	struct spawn	 sp = { 0 };
	char		*rundir, *logpath = NULL, *cause = NULL;
	int		 fd, code;

	remote_script(r, args, &script);
	remote_command(script.data, script.len, &word, &payload);
	rundir = remote_runtime_dir();
	xasprintf(&logpath, "%s/ssh-XXXXXX", rundir != NULL ? rundir :
	    "/tmp");
	if ((fd = mkstemp(logpath)) == -1) {
		log_debug(1, "cannot create %s: %s", logpath,
		    strerror(errno));
		free(logpath);
		logpath = NULL;
	} else
		close(fd);
	remote_ssh_argv(r, logpath, rundir, word.data, &argv);
	if (dry_run)
		remote_dry_run(strv_argv(&argv), &script, &payload);
	log_debug(1, "running qxub on %s over ssh (platform %s)", r->host,
	    r->platform);

	sp.argv = strv_argv(&argv);
	if (r->tty) {
		/* A session: the terminal is ssh's; its signals are too. */
		if ((code = spawn_foreground(sp.argv, &cause)) == -1) {
			log_error("%s; %s", cause, remote_nothing(r));
			free(cause);
			code = QXUB_EXIT_UNREACHABLE;
			goto out;
		}
		remote_read_log(logpath, &log);
		if (code == 255)
			code = remote_failed(r, &log, next, many);
		else
			fwrite(log.data, 1, log.len, stderr);
		goto out;
	}
	watch_signals();
	sp.feed_in = 1;
	sp.capture_out = out != NULL;
	if (spawn_start(&sp, &cause) == -1) {
		log_error("%s; %s", cause, remote_nothing(r));
		free(cause);
		code = QXUB_EXIT_UNREACHABLE;
		goto out;
	}
	code = remote_wait(sp.pid, sp.in_fd, &payload,
	    out != NULL ? sp.out_fd : -1, out);
	remote_read_log(logpath, &log);
	if (watch_stop_signal() != 0) {
		if (log_verbose() > 0)
			fwrite(log.data, 1, log.len, stderr);
		code = 128 + watch_stop_signal();
	} else if (code == 255)
		code = remote_failed(r, &log, next, many);
	else
		fwrite(log.data, 1, log.len, stderr);
out:
	if (logpath != NULL)
		unlink(logpath);
	free(logpath);
	free(rundir);
	buf_release(&log);
	buf_release(&payload);
	buf_release(&word);
	buf_release(&script);
	strv_clear(&argv);
	return code;
}

int
remote_run(struct remote *r, char *const *args, int dry_run,
    struct buf *out)
{
	size_t	i;
	int	code = QXUB_EXIT_UNREACHABLE;

	/*
	 * The next login node only when ssh never reached this one: once
	 * the remote qxub started, a job may have been submitted.
	 */
	for (i = 0; i < r->hosts.n; i++) {
		free(r->host);
		r->host = xstrdup(r->hosts.v[i]);
		if (out != NULL)
			buf_reset(out);
		code = remote_run_one(r, args, dry_run, out,
		    i + 1 < r->hosts.n ? r->hosts.v[i + 1] : NULL,
		    r->hosts.n > 1);
		if (code != -1)
			break;
	}
	return code;
}

int
remote_run_on(struct remote *r, size_t i, char *const *args,
    struct buf *out)
{
	free(r->host);
	r->host = xstrdup(r->hosts.v[i]);
	if (out != NULL)
		buf_reset(out);
	return remote_run_one(r, args, 0, out, NULL, 0);
}

int
remote_ssh_config(const struct remote *r, struct buf *out, struct buf *err,
    char **cause)
{
	struct strv	argv = STRV_INIT;
	int		code;

	strv_push(&argv, r->ssh);
	if (r->ssh_args.n > 0)
		strv_pushv(&argv, r->ssh_args.v);
	strv_push(&argv, "-G");
	strv_push(&argv, r->host);
	code = spawn_capture(strv_argv(&argv), out, err, cause);
	strv_clear(&argv);
	return code;
}

int
remote_master(const struct remote *r, char **path)
{
	struct remote_ssh_config	 sc;
	struct strv			 argv = STRV_INIT;
	struct buf			 err = BUF_INIT;
	char				*rundir, *cause = NULL;
	int				 code;

	*path = NULL;
	remote_ssh_probe(r, &sc);
	if (!sc.control) {
		if (r->multiplex != REMOTE_MUX_AUTO ||
		    (rundir = remote_runtime_dir()) == NULL)
			return -1;
		*path = remote_control_path(r, rundir);
		free(rundir);
	}
	strv_push(&argv, r->ssh);
	if (r->ssh_args.n > 0)
		strv_pushv(&argv, r->ssh_args.v);
	if (*path != NULL) {
		strv_push(&argv, "-o");
		strv_pushf(&argv, "ControlPath=%s", *path);
	}
	strv_pushv(&argv, (char *[]){ "-O", "check", r->host, NULL });
	code = spawn_capture(strv_argv(&argv), NULL, &err, &cause);
	free(cause);
	buf_release(&err);
	strv_clear(&argv);
	return code == 0;
}
