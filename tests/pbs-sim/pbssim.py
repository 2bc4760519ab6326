#!/usr/bin/python3
"""pbs-sim: a small simulator of PBS Professional's qsub, qstat and qdel.

qxub's PBS backend is tested against this simulator because PBS Pro is not
packaged for Debian.  The three commands in this directory (qsub, qstat,
qdel) are tiny scripts that call main_qsub, main_qstat and main_qdel here.
A detached supervisor process per job (`pbssim.py supervise ID`) plays the
server, scheduler and MoM for that job.  See README.md for what is and is
not simulated; every PBS fact followed here is noted where it is used, with
the document it comes from:

  [qsub.1B] [qstat.1B] [qdel.1B]  the PBS Professional man pages
      (openpbs/openpbs doc/man1), the reference-guide text of the commands
  [pbs_error.h]  error numbers: PBSE_UNKJOBID 15001, PBSE_UNKQUE 15018,
      PBSE_SYSTEM 15010, PBSE_HISTJOBID 15139; commands exit with the error
      number, which the operating system reduces modulo 256
  [src]  behaviour read from openpbs/openpbs src/cmds/{qsub,qstat,qdel}.c
      (messages, exit codes, column widths, the -f line wrapping); no code
      is taken from there, only what the commands print and return
  [seen]  output of real PBS quoted in public issues and documentation
      (cited in README.md)

Only the Python standard library is used.
"""

import fcntl
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

PBS_VERSION_DEFAULT = "23.06.06"
EXEC_HOST = "simnode1"
POLL = 0.05                     # seconds between the supervisor's checks
MAXJOBNAME = 236                # [qsub.1B] -N: "up to 236 characters"

# Error numbers [pbs_error.h] and what the commands print for them [src].
PBSE_UNKJOBID = 15001           # "Unknown Job Id"
PBSE_SYSTEM = 15010             # "qstat: cannot connect ... (errno=15010)"
PBSE_UNKQUE = 15018             # "Unknown queue"
PBSE_HISTJOBID = 15139          # "Job has finished"

# [src] qsub.c print_usage(), the Linux variant.
QSUB_USAGE = (
    "usage: qsub [-a date_time] [-A account_string] [-c interval]\n"
    "\t[-C directive_prefix] [-e path] [-f ] [-h ] [-I [-X]] [-j oe|eo] [-J X-Y[:Z]]\n"
    "\t[-k keep] [-l resource_list] [-m mail_options] [-M user_list]\n"
    "\t[-N jobname] [-o path] [-p priority] [-P project] [-q queue] [-r y|n]\n"
    "\t[-R o|e|oe] [-S path] [-u user_list] [-W otherattributes=value...]\n"
    "\t[-v variable_list] [-V ] [-z] [script | -- command [arg1 ...]]\n"
    "       qsub --version\n")

# [src] qstat.c usage, with the -F/-D options of the current man page.
QSTAT_USAGE = (
    "usage: \n"
    "qstat [-f [-F json|dsv [-D delim]] [-w]] [-J] [-p] [-t] [-x] [-E] "
    "[ job_identifier... | destination... ]\n"
    "qstat [-a|-i|-r|-H|-T] [-J] [-t] [-u user] [-n] [-s] [-G|-M] [-1] [-w]\n"
    "\t[ job_identifier... | destination... ]\n"
    "qstat -Q [-f] [ destination... ]\n"
    "qstat -q [-G|-M] [ destination... ]\n"
    "qstat -B [-f] [ server_name... ]\n"
    "qstat --version\n")

# [src] qdel.c usage.
QDEL_USAGE = (
    "usage:\n"
    "\tqdel [-W force|suppress_email=X] [-x] job_identifier...\n"
    "\tqdel --version\n")


def eprint(*parts):
    sys.stderr.write("".join(parts))
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# Configuration, state directory, calls.log

class SimConfigError(Exception):
    pass


class Sim:
    """The simulator's configuration (from the environment) and its state
    directory: jobs/ (one JSON record per job, plus its lock, script copy
    and supervisor log), seq (the sequence counter) and calls.log."""

    def __init__(self):
        d = os.environ.get("PBS_SIM_DIR")
        if not d:
            raise SimConfigError("PBS_SIM_DIR is not set")
        self.dir = os.path.abspath(d)
        self.server = os.environ.get("PBS_SIM_SERVER") or "pbs-sim"
        queues = os.environ.get("PBS_SIM_QUEUES", "normal,express,copyq")
        self.queues = [q.strip() for q in queues.split(",") if q.strip()]
        self.queue_delay = env_float("PBS_SIM_QUEUE_DELAY", 0.2)
        self.kill_delay = env_float("PBS_SIM_KILL_DELAY", 2.0)
        self.hold = os.environ.get("PBS_SIM_HOLD", "") == "1"
        self.walltime_exit = env_int("PBS_SIM_WALLTIME_EXIT_STATUS", 271)
        self.version = os.environ.get("PBS_SIM_VERSION") or PBS_VERSION_DEFAULT
        self.jobs = os.path.join(self.dir, "jobs")
        for sub in ("", "jobs", "spool", "tmp", "aux", "undelivered"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)

    # -- calls.log: one JSON array per invocation, one write with O_APPEND
    def log_call(self, prog, args):
        line = json.dumps([time.time(), prog] + list(args)) + "\n"
        fd = os.open(os.path.join(self.dir, "calls.log"),
                     os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8", "surrogateescape"))
        finally:
            os.close(fd)

    # -- sequence numbers, under an exclusive flock
    def next_seq(self):
        with FileLock(os.path.join(self.dir, "seq.lock")):
            path = os.path.join(self.dir, "seq")
            try:
                with open(path) as f:
                    n = int(f.read().strip() or "0")
            except FileNotFoundError:
                n = 0
            n += 1
            write_atomic(path, "%d\n" % n)
            return n

    # -- job records
    def job_file(self, seq, ext="json"):
        return os.path.join(self.jobs, "%d.%s" % (seq, ext))

    def load(self, seq):
        try:
            with open(self.job_file(seq)) as f:
                return json.load(f)
        except (FileNotFoundError, ValueError):
            return None

    def save(self, rec):
        rec["mtime"] = time.time()
        write_atomic(self.job_file(rec["seq"]), json.dumps(rec, indent=1))

    def lock(self, seq):
        return FileLock(self.job_file(seq, "lock"))

    def purge(self, seq):
        for ext in ("json", "SC", "lock", "log", "pid"):
            try:
                os.unlink(self.job_file(seq, ext))
            except FileNotFoundError:
                pass

    def all_seqs(self):
        seqs = []
        for name in os.listdir(self.jobs):
            m = re.match(r"^(\d+)\.json$", name)
            if m:
                seqs.append(int(m.group(1)))
        return sorted(seqs)

    def job_id(self, seq):
        return "%d.%s" % (seq, self.server)

    def parse_id(self, text):
        """A job id operand: SEQ, SEQ.SERVER, with an optional @SERVER.
        [qstat.1B] OPERANDS: <sequence number>[.<server>][@<server>]; a
        missing .server means the default server.  Returns (seq, full id)
        or (None, None) when the operand is not a job id at all; an id of
        another server gives seq -1 (this simulator knows one server)."""
        m = re.match(r"^(\d+)(?:\.([^@]+))?(?:@(.+))?$", text)
        if not m:
            return None, None
        seq = int(m.group(1))
        server = m.group(2) or self.server
        at = m.group(3)
        full = "%d.%s" % (seq, server)
        if server != self.server or (at and at != self.server):
            return -1, full
        return seq, full


class FileLock:
    """An exclusive fcntl.flock on a lock file, as a context manager."""

    def __init__(self, path):
        self.path = path
        self.fd = None

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None


def write_atomic(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def env_float(name, default):
    v = os.environ.get(name, "")
    try:
        return float(v) if v != "" else default
    except ValueError:
        return default


def env_int(name, default):
    v = os.environ.get(name, "")
    try:
        return int(v) if v != "" else default
    except ValueError:
        return default


def start(prog, argv):
    """Common start of qsub, qstat and qdel: the configuration and the
    calls.log line.  Returns the Sim, or exits 1 when PBS_SIM_DIR is unset."""
    try:
        sim = Sim()
    except SimConfigError as e:
        eprint("%s: pbs-sim: %s\n" % (prog, e))
        sys.exit(1)
    sim.log_call(prog, argv)
    return sim


def user_name():
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return os.environ.get("USER") or str(os.getuid())


def host_name():
    return socket.gethostname().split(".")[0] or "localhost"


# ---------------------------------------------------------------------------
# Option parsing like glibc getopt (permuting, as the PBS commands get on
# Linux), with glibc's messages.

class OptError(Exception):
    pass


def getopt(args, spec):
    """Returns (options, operands, dashdash_index).  spec is a getopt
    string ("ab:c").  Operands are permuted to the end unless
    POSIXLY_CORRECT is set; "--" ends the options, and dashdash_index is
    the number of operands seen before it (None without "--")."""
    takes = {}
    i = 0
    while i < len(spec):
        c = spec[i]
        arg = i + 1 < len(spec) and spec[i + 1] == ":"
        takes[c] = arg
        i += 2 if arg else 1
    posix = "POSIXLY_CORRECT" in os.environ
    opts, operands, dashdash = [], [], None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            dashdash = len(operands)
            operands.extend(args[i + 1:])
            break
        if a.startswith("--"):
            raise OptError("unrecognized option '%s'" % a)
        if a.startswith("-") and a != "-":
            j = 1
            while j < len(a):
                c = a[j]
                if c not in takes:
                    raise OptError("invalid option -- '%s'" % c)
                if takes[c]:
                    if j + 1 < len(a):
                        val = a[j + 1:]
                    elif i + 1 < len(args):
                        i += 1
                        val = args[i]
                    else:
                        raise OptError(
                            "option requires an argument -- '%s'" % c)
                    opts.append((c, val))
                    break
                opts.append((c, None))
                j += 1
        else:
            if posix:
                operands.extend(args[i:])
                break
            operands.append(a)
        i += 1
    return opts, operands, dashdash


def split_words(line):
    """Splits a #PBS directive into words: white space separates, quotes
    group (and are removed), a backslash takes the next character as is
    ([src] qsub.c make_argv does the same)."""
    words, cur, have, quote = [], [], False, None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = None
            else:
                cur.append(ch)
        elif ch in "\"'":
            quote, have = ch, True
        elif ch == "\\" and i + 1 < len(line):
            i += 1
            cur.append(line[i])
            have = True
        elif ch.isspace():
            if have or cur:
                words.append("".join(cur))
                cur, have = [], False
        else:
            cur.append(ch)
        i += 1
    if quote:
        raise ValueError("qsub: unmatched %s" % quote)
    if have or cur:
        words.append("".join(cur))
    return words


def comma_split(text):
    """Splits at commas outside quotes; quotes and backslashes are kept
    (the caller strips them)."""
    parts, cur, quote = [], [], None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            cur.append(ch)
        elif ch == "\\" and i + 1 < len(text):
            cur.append(ch)
            cur.append(text[i + 1])
            i += 1
        elif ch == ",":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def unquote(text, strict=False):
    """Removes quote pairs and backslash escapes from a -v or -W value.
    With strict, an unterminated quote raises ValueError ([src] qsub.c
    copy_env_value refuses it)."""
    out, quote = [], None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = None
            else:
                out.append(ch)
        elif ch in "\"'":
            quote = ch
        else:
            out.append(ch)
        i += 1
    if quote and strict:
        raise ValueError("unterminated quote")
    return "".join(out)


# ---------------------------------------------------------------------------
# Resource values

TIME_RESOURCES = {"walltime", "cput", "pcput", "min_walltime",
                  "max_walltime", "soft_walltime"}
SIZE_RESOURCES = {"mem", "vmem", "pmem", "pvmem", "file", "jobfs"}
INT_RESOURCES = {"ncpus", "nodect", "mpiprocs", "ompthreads", "ngpus"}
PLACE_WORDS = {"free", "pack", "scatter", "vscatter", "excl", "shared",
               "exclhost"}


def parse_duration(text):
    """[[hh:]mm:]ss, each part an unsigned integer (seconds may carry a
    fraction, which is dropped).  Returns seconds or None."""
    parts = text.split(":")
    if not 1 <= len(parts) <= 3:
        return None
    total = 0
    for k, p in enumerate(parts):
        last = k == len(parts) - 1
        if not (re.fullmatch(r"\d+(\.\d*)?", p) if last
                else re.fullmatch(r"\d+", p)):
            return None
        total = total * 60 + int(float(p))
    return total


def fmt_duration(seconds):
    seconds = int(seconds)
    return "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60,
                               seconds % 60)


def normalize_size(text):
    """A size: an integer with an optional unit b, kb, mb, gb, tb, pb (or
    w, kw, ... for words), any case; "16GB" is "16gb".  Returns the value
    as PBS shows it (lower case, "b" added when no unit) or None."""
    m = re.fullmatch(r"(\d+)([kmgtp]?[bw])?", text, re.IGNORECASE)
    if not m:
        return None
    return m.group(1) + (m.group(2) or "b").lower()


def check_resource(name, value):
    """Returns the normalized value, or None when the value is illegal."""
    if name in TIME_RESOURCES:
        secs = parse_duration(value)
        return None if secs is None else fmt_duration(secs)
    if name in SIZE_RESOURCES:
        return normalize_size(value)
    if name in INT_RESOURCES:
        return value if re.fullmatch(r"\d+", value) else None
    if name == "select":
        return value if parse_select(value) is not None else None
    if name == "place":
        for w in value.split(":"):
            if w not in PLACE_WORDS and not re.fullmatch(r"group=\w+", w):
                return None
        return value
    return value


def parse_select(value):
    """[qsub.1B] -l select=[N:]chunk[+[N:]chunk ...], a chunk being
    resource=value[:resource=value ...].  Returns a list of (count,
    {resource: value}) or None."""
    chunks = []
    for spec in value.split("+"):
        words = spec.split(":")
        count = 1
        if words and re.fullmatch(r"\d+", words[0]):
            count = int(words.pop(0))
        res = {}
        for w in words:
            m = re.fullmatch(r"([A-Za-z_]\w*)=(.+)", w)
            if not m or check_resource(m.group(1), m.group(2)) is None:
                return None
            res[m.group(1)] = m.group(2)
        if count < 1:
            return None
        chunks.append((count, res))
    return chunks or None


def parse_l(text):
    """One -l argument: name=value pairs separated by commas (quotes may
    protect a comma).  A bare name is a boolean resource set to True.
    Returns [(name, raw value)] or None on a syntax error."""
    out = []
    for item in comma_split(text):
        m = re.fullmatch(r"([A-Za-z_][\w.-]*)(?:=(.*))?", item, re.DOTALL)
        if not m:
            return None
        name, value = m.group(1), m.group(2)
        if value is None:
            value = "True"
        value = unquote(value)
        if value == "":
            return None
        out.append((name, value))
    return out


# ---------------------------------------------------------------------------
# qsub

class QsubError(Exception):
    def __init__(self, msg, code, usage=False):
        Exception.__init__(self, msg)
        self.msg = msg
        self.code = code
        self.usage = usage


QSUB_SPEC = "a:A:c:C:e:fhIj:J:k:l:m:M:N:o:p:P:q:r:R:S:u:v:VW:Xz"

UNSUPPORTED_QSUB = {
    "a": "-a (deferred execution)",
    "h": "-h (user hold)",
    "X": "-X (X11 forwarding)",
    "J": "-J (job arrays)",
}


def expand_v(value):
    """[qsub.1B] -v: NAME or NAME=value, comma separated; a NAME alone
    takes its value from qsub's environment.  [src] qsub.c expand_varlist:
    an unset NAME is "qsub: cannot send environment with the job", exit 1.
    PBS_O_* names are left out (qsub sets those itself)."""
    out = []
    for item in comma_split(value):
        if item == "":
            continue
        if "=" in item:
            name, val = item.split("=", 1)
            try:
                val = unquote(val, strict=True)
            except ValueError:
                raise QsubError(
                    "qsub: cannot send environment with the job\n", 1)
        else:
            name = item
            if name.startswith("PBS_O_"):
                continue
            val = os.environ.get(name)
            if val is None:
                raise QsubError(
                    "qsub: cannot send environment with the job\n", 1)
        if name.startswith("PBS_O_"):
            continue
        out.append([name, val])
    return out


def collect_opts(opts, where):
    """Turns getopt output into a dict for one pass (command line or
    directives); later values win within a pass, -l merges by resource and
    -W by attribute."""
    o = {"l": {}, "W": {}}
    for c, v in opts:
        if c in UNSUPPORTED_QSUB:
            raise QsubError("qsub: %s is not supported by pbs-sim\n"
                            % UNSUPPORTED_QSUB[c], 1)
        if c == "l":
            items = parse_l(v)
            if items is None:
                raise QsubError("qsub: illegal -l value\n", 2, usage=True)
            for name, value in items:
                o["l"][name] = value
        elif c == "W":
            for item in comma_split(v.strip()):
                if "=" not in item:
                    raise QsubError("qsub: illegal -W value\n", 2, usage=True)
                key, val = item.split("=", 1)
                key, val = key.strip(), unquote(val)
                if key == "block":
                    if val.lower() == "true":
                        raise QsubError(
                            "qsub: -W block=true is not supported by "
                            "pbs-sim\n", 1)
                    if val.lower() != "false":
                        raise QsubError("qsub: illegal -W value\n", 2,
                                        usage=True)
                    continue
                if key == "umask":
                    if not re.fullmatch(r"[0-7]{1,4}", val):
                        raise QsubError("qsub: illegal -W value\n", 2,
                                        usage=True)
                elif key not in ("group_list", "sandbox"):
                    raise QsubError("qsub: -W %s is not supported by "
                                    "pbs-sim\n" % key, 1)
                o["W"][key] = val
        elif c == "v":
            o["v"] = expand_v(v)
        elif c == "r":
            if v not in ("y", "n"):
                raise QsubError("qsub: illegal -r value\n", 2, usage=True)
            o["r"] = v
        elif c in ("V", "f", "z", "I"):
            o[c] = True
        elif c == "C" and where != "cmd":
            continue            # [qsub.1B] -C cannot be a directive
        else:
            o[c] = v
    return o


def directive_error(words):
    return "qsub: directive error: %s\n" % "".join(w + " " for w in words)


def read_directives(lines, prefix):
    """[qsub.1B], [src] qsub.c get_script: lines starting with the
    directive prefix are read until the first executable line (one that is
    neither blank nor a comment); a directive ending in a backslash
    continues on the next line.  Returns the text after each prefix."""
    out = []
    if not prefix:
        return out
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\n")
        stripped = line.lstrip()
        if stripped.startswith(prefix) and (
                len(stripped) == len(prefix)
                or stripped[len(prefix)].isspace()):
            text = stripped[len(prefix):]
            while text.endswith("\\") and i + 1 < len(lines):
                i += 1
                text = text[:-1] + lines[i].rstrip("\n")
            out.append(text)
        elif stripped and not stripped.startswith("#"):
            break
        i += 1
    return out


def check_name(name):
    """[qsub.1B] -N: up to 236 characters, "an alphabetic or numeric
    character followed by printable, non-white-space characters".  A '/'
    is refused too: the name becomes part of the output file names."""
    return (0 < len(name) <= MAXJOBNAME and name[0].isalnum()
            and all(ch.isprintable() and not ch.isspace() and ch != "/"
                    for ch in name))


def resolve_path(spec, cwd, home, host):
    """[qsub.1B] -o/-e path: [hostname:]path_name; a relative path is
    relative to qsub's directory, or to the home directory when a host is
    given.  Returns (absolute local path, the host given or None)."""
    m = re.match(r"^([^/:]+):(.*)$", spec)
    if m:
        host, p = m.group(1), m.group(2)
        base = home
    else:
        p = spec
        base = cwd
    p = os.path.normpath(os.path.join(base, p)) + ("/" if p.endswith("/")
                                                    else "")
    return p, host


def default_varlist(cwd):
    """[src] qsub.c job_env_basic: PBS_O_HOME, PBS_O_LANG, PBS_O_LOGNAME,
    PBS_O_PATH, PBS_O_MAIL, PBS_O_SHELL, PBS_O_TZ (each when set; HOME
    defaults to /), PBS_O_WORKDIR and PBS_O_SYSTEM, in that order."""
    env = os.environ
    out = [["PBS_O_HOME", env.get("HOME", "/")]]
    for name in ("LANG", "LOGNAME", "PATH", "MAIL", "SHELL", "TZ"):
        if name in env:
            out.append(["PBS_O_" + name, env[name]])
    out.append(["PBS_O_WORKDIR", cwd])
    out.append(["PBS_O_SYSTEM", os.uname().sysname])
    return out


def submit_dir():
    """[src] qsub.c: $PWD when it names the current directory, else
    getcwd()."""
    pwd_env = os.environ.get("PWD")
    try:
        if pwd_env and os.path.samefile(pwd_env, "."):
            return pwd_env
    except OSError:
        pass
    return os.getcwd()


def main_qsub(argv):
    sim = start("qsub", argv)
    if argv == ["--version"]:
        print("pbs_version = %s" % sim.version)
        return 0
    try:
        return qsub(sim, argv)
    except QsubError as e:
        eprint(e.msg)
        if e.usage:
            eprint(QSUB_USAGE)
        return e.code % 256


def qsub(sim, argv):
    # 1. The command line [src]: an option error prints glibc's message and
    #    the usage, exit 2.
    try:
        opts, operands, dashdash = getopt(argv, QSUB_SPEC)
    except OptError as e:
        raise QsubError("qsub: %s\n" % e, 2, usage=True)
    cmd = collect_opts(opts, "cmd")
    exec_argv = None
    script = None
    if dashdash is not None:
        if dashdash != 0 or len(operands) < 1:
            raise QsubError("", 2, usage=True)
        exec_argv = operands
    elif len(operands) > 1:
        raise QsubError("", 2, usage=True)
    elif operands and operands[0] != "-":
        script = operands[0]

    # 2. The script [src]: stat errors are perror("qsub: script file:"),
    #    exit 1; a directory is "qsub: script not a file", exit 1; an
    #    unreadable file is perror("qsub: opening script file:"), exit 8.
    cwd = submit_dir()
    if exec_argv is not None:
        content = None
        default_name = "STDIN"
    elif script is not None:
        try:
            os.stat(script)
        except OSError as e:
            raise QsubError("qsub: script file:: %s\n" % e.strerror, 1)
        if not os.path.isfile(script):
            raise QsubError("qsub: script not a file\n", 1)
        try:
            with open(script, "rb") as f:
                content = f.read()
        except OSError as e:
            raise QsubError("qsub: opening script file:: %s\n" % e.strerror,
                            8)
        default_name = os.path.basename(script)[:MAXJOBNAME]
    else:
        content = sys.stdin.buffer.read()
        default_name = "STDIN"

    # 3. Directives: lower precedence than the command line [qsub.1B].
    #    [src] an error in one prints its own message, then
    #    "qsub: directive error: WORDS " and qsub exits 1.
    prefix = cmd.get("C", os.environ.get("PBS_DPREFIX", "#PBS"))
    dirv = {"l": {}, "W": {}}
    if content is not None:
        lines = content.decode("utf-8", "surrogateescape").splitlines(True)
        for text in read_directives(lines, prefix):
            try:
                words = split_words(text)
            except ValueError as e:
                raise QsubError("%s\n" % e, 1)
            try:
                dopts, dops, _ = getopt(words, QSUB_SPEC)
                if dops:
                    raise OptError(None)
                part = collect_opts(dopts, "dir")
            except OptError as e:
                if e.args[0]:
                    eprint("qsub: %s\n" % e)
                raise QsubError(directive_error(words), 1)
            except QsubError as e:
                if e.code == 1:
                    raise
                eprint(e.msg)
                raise QsubError(directive_error(words), 1)
            for k, v in part.items():
                if k in ("l", "W"):
                    dirv[k].update(v)
                else:
                    dirv[k] = v
    o = dict(dirv)
    o.update({k: v for k, v in cmd.items() if k not in ("l", "W")})
    o["l"] = dict(dirv["l"], **cmd["l"])
    o["W"] = dict(dirv["W"], **cmd["W"])

    # 4. Attribute checks: "qsub: illegal -X value" and the usage, exit 2
    #    ([src] qsub.c handle_attribute_errors and main).
    def illegal(opt):
        return QsubError("qsub: illegal -%s value\n" % opt, 2, usage=True)

    name = o.get("N", default_name)
    if not check_name(name):
        raise illegal("N")
    resources = {}
    for rname, rvalue in o["l"].items():
        v = check_resource(rname, rvalue)
        if v is None:
            raise illegal("l")
        resources[rname] = v
    join = o.get("j", "n")
    if join not in ("oe", "eo", "n"):
        raise illegal("j")
    mail = o.get("m", "a")
    if not (mail == "n" or re.fullmatch(r"[abe]+", mail)):
        raise illegal("m")
    keep = o.get("k", "n")
    if not (keep == "n" or re.fullmatch(r"[doe]+", keep)):
        raise illegal("k")
    prio = o.get("p", "0")
    if not re.fullmatch(r"[+-]?\d+", prio) or not -1024 <= int(prio) <= 1023:
        raise illegal("p")
    project = o.get("P", "_pbs_project_default")
    if re.search(r'[/\[\]";:|<>+,?*]', project) or project == "":
        raise illegal("P")
    for c in ("c", "R"):
        if c in o and o[c] == "":
            raise illegal(c)

    # 5. The server: the queue.  [src] qsub prints the server's message and
    #    exits with the error number: PBSE_UNKQUE 15018, so 15018 % 256.
    dest = o.get("q", "")
    qname, _, at = dest.partition("@")
    if at and at != sim.server:
        raise QsubError("qsub: cannot connect to server %s (errno=%d)\n"
                        % (at, PBSE_SYSTEM), PBSE_SYSTEM)
    queue = qname or (sim.queues[0] if sim.queues else "")
    if queue not in sim.queues:
        raise QsubError("qsub: Unknown queue\n", PBSE_UNKQUE)

    # 6. Create the job.
    user = user_name()
    host = host_name()
    home = os.environ.get("HOME") or pwd.getpwuid(os.getuid()).pw_dir
    seq = sim.next_seq()
    jobid = sim.job_id(seq)
    now = time.time()

    def stream(letter, spec):
        default = "%s.%s%d" % (name, letter, seq)
        if spec is None:
            path, shown_host = os.path.join(cwd, default), host
        else:
            path, shown_host = resolve_path(spec, cwd, home, host)
            if path.endswith("/") or os.path.isdir(path):
                # [qsub.1B]: a path without a file name gets jobid.OU/.ER
                path = os.path.join(path, "%s.%s" % (
                    jobid, "OU" if letter == "o" else "ER"))
        return path, "%s:%s" % (shown_host or host, path)

    out_file, out_shown = stream("o", o.get("o"))
    err_file, err_shown = stream("e", o.get("e"))

    varlist = default_varlist(cwd)
    varlist += o.get("v", [])
    if o.get("V"):
        varlist += [[k, v] for k, v in sorted(os.environ.items())
                    if not k.startswith("PBS_O_")]
    varlist += [["PBS_O_QUEUE", queue], ["PBS_O_HOST", host]]

    shell = None
    if "S" in o:
        for p in o["S"].split(","):
            path, _, on = p.partition("@")
            if not on or on == EXEC_HOST:
                shell = path
                break

    script_copy = None
    if content is not None:
        script_copy = sim.job_file(seq, "SC")
        with open(script_copy, "wb") as f:
            f.write(content)
        os.chmod(script_copy, 0o700)

    ncpus, nodect, select = chunk_totals(resources)
    resources.setdefault("ncpus", str(ncpus))
    resources.setdefault("nodect", str(nodect))
    resources.setdefault("select", select)
    resources.setdefault("place", "pack")

    rec = {
        "seq": seq, "id": jobid, "server": sim.server,
        "name": name, "user": user, "owner": "%s@%s" % (user, host),
        "submit_host": host, "queue": queue,
        "state": "Q", "substate": 10,
        "ctime": now, "qtime": now, "etime": now, "mtime": now,
        "checkpoint": o.get("c", "u"), "hold_types": "n",
        "join": join, "keep": keep, "mail_points": mail,
        "mail_users": o.get("M"), "priority": int(prio),
        "rerunable": "False" if o.get("r") == "n" else "True",
        "account": o.get("A"), "project": project,
        "user_list": o.get("u"), "group_list": o["W"].get("group_list"),
        "umask": o["W"].get("umask"),
        "output_path": out_shown, "error_path": err_shown,
        "out_file": out_file, "err_file": err_file,
        "resources": resources, "variable_list": varlist,
        "shell_path_list": o.get("S"), "shell": shell,
        "submit_arguments": " ".join(argv),
        "script": script_copy, "argv": exec_argv,
        "home": home, "path_env": os.environ.get("PATH", "/usr/bin:/bin"),
        "workdir": cwd, "run_count": 0,
        "sim": {"queue_delay": sim.queue_delay, "kill_delay": sim.kill_delay,
                "hold": sim.hold, "walltime_exit": sim.walltime_exit},
    }
    sim.save(rec)

    # 7. An interactive job (-I) runs here, on the terminal: [qsub.1B]
    #    "qsub: waiting for job ID to start", then "job ID ready", the
    #    session (the user's shell, or the command after --), and
    #    "qsub: job ID completed".  qsub exits with the session's status.
    if o.get("I"):
        return run_interactive(sim, rec)

    # 8. The supervisor, detached: its own session, no inherited fds (the
    #    caller's pipes must not stay open), stdout/stderr to a log file.
    log = open(sim.job_file(seq, "log"), "ab")
    try:
        proc = subprocess.Popen(
            [sys.executable, "-B", os.path.abspath(__file__), "supervise",
             jobid],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            close_fds=True, start_new_session=True, cwd="/")
    finally:
        log.close()
    proc.returncode = 0         # not ours to wait for
    if not o.get("z"):
        print(jobid)
    return 0


def run_interactive(sim, rec):
    print("qsub: waiting for job %s to start" % rec["id"], flush=True)
    seq = rec["seq"]
    tmpdir = os.path.join(sim.dir, "tmp", "pbs.%s" % rec["id"])
    os.makedirs(tmpdir, exist_ok=True)
    nodefile = os.path.join(sim.dir, "tmp", "%s.nodes" % rec["id"])
    with open(nodefile, "w") as f:
        f.write("%s\n" % EXEC_HOST)
    with sim.lock(seq):
        r = sim.load(seq)
        r.update({"state": "R", "substate": 42, "stime": time.time(),
                  "comment": "Job run at %s on (%s:ncpus=%s)" % (
                      ctime(time.time()), EXEC_HOST,
                      r["resources"]["ncpus"])})
        sim.save(r)
    print("qsub: job %s ready" % rec["id"], flush=True)
    env = job_env(rec, tmpdir, nodefile)
    env["PBS_ENVIRONMENT"] = "PBS_INTERACTIVE"
    for k in ("TERM", "COLUMNS", "LINES"):
        if k in os.environ:
            env[k] = os.environ[k]
    argv = rec["argv"] or [rec["shell"] or env["SHELL"], "-i"]
    try:
        code = subprocess.call(argv, cwd=rec["home"], env=env)
    except OSError as e:
        eprint("qsub: cannot run %s: %s\n" % (argv[0], e.strerror))
        code = 127
    status = code if code >= 0 else 256 - code
    shutil.rmtree(tmpdir, ignore_errors=True)
    with sim.lock(seq):
        r = sim.load(seq)
        r.update({"state": "F", "substate": 92, "exit_status": status,
                  "obittime": time.time(),
                  "comment": r["comment"] + " and finished"})
        sim.save(r)
    print("qsub: job %s completed" % rec["id"], flush=True)
    return code if code >= 0 else 128 - code


def chunk_totals(resources):
    """ncpus and nodect for the job and its select statement: from an
    explicit select, or one chunk made of the job-wide ncpus and mem."""
    if "select" in resources:
        chunks = parse_select(resources["select"])
        ncpus = sum(n * int(r.get("ncpus", "1")) for n, r in chunks)
        nodect = sum(n for n, _ in chunks)
        return ncpus, nodect, resources["select"]
    ncpus = int(resources.get("ncpus", "1"))
    select = "1:ncpus=%d" % ncpus
    if "mem" in resources:
        select += ":mem=%s" % resources["mem"]
    return ncpus, 1, select


# ---------------------------------------------------------------------------
# The supervisor: scheduler and MoM for one job

def supervise(jobid):
    sim = Sim()
    seq, _ = sim.parse_id(jobid)
    rec = sim.load(seq)
    if rec is None:
        return 1
    write_atomic(sim.job_file(seq, "pid"), "%d\n" % os.getpid())
    # Queued: wait PBS_SIM_QUEUE_DELAY, longer while held, until run or
    # deleted (qdel marks a queued job F itself, under the job lock).
    while True:
        rec = sim.load(seq)
        if rec is None or rec["state"] != "Q":
            return 0
        if (not rec["sim"]["hold"]
                and time.time() >= rec["qtime"] + rec["sim"]["queue_delay"]):
            with sim.lock(seq):
                rec = sim.load(seq)
                if rec is None or rec["state"] != "Q":
                    return 0
                if not rec["sim"]["hold"]:
                    mark_running(rec)
                    sim.save(rec)
                    break
        time.sleep(POLL)
    return run_job(sim, rec)


def vnode(rec):
    v = "%s:ncpus=%s" % (EXEC_HOST, rec["resources"]["ncpus"])
    if "mem" in rec["resources"]:
        v += ":mem=%s" % rec["resources"]["mem"]
    return "(%s)" % v


def mark_running(rec):
    now = time.time()
    rec.update({
        "state": "R", "substate": 42, "stime": now,
        "exec_host": "%s/0" % EXEC_HOST, "exec_vnode": vnode(rec),
        "run_count": rec.get("run_count", 0) + 1,
        "supervisor_pid": os.getpid(),
        "comment": "Job run at %s on %s" % (
            time.strftime("%a %b %d at %H:%M", time.localtime(now)),
            vnode(rec)),
        "resources_used": {"cpupercent": "0", "cput": "00:00:00",
                           "mem": "0kb", "ncpus": rec["resources"]["ncpus"],
                           "vmem": "0kb", "walltime": "00:00:00"},
    })


def job_env(rec, tmpdir, nodefile):
    """A clean environment like a PBS job's [qsub.1B] ENVIRONMENT
    VARIABLES: HOME, USER, LOGNAME, SHELL and PATH (the submitter's PATH
    stands in for the login shell's), the Variable_List (PBS_O_*, -v, -V),
    then what PBS sets at execution."""
    shell = rec["shell"] or "/bin/bash"
    env = {"HOME": rec["home"], "USER": rec["user"], "LOGNAME": rec["user"],
           "SHELL": shell, "PATH": rec["path_env"]}
    for k, v in rec["variable_list"]:
        env[k] = v
    env.update({
        "PBS_JOBID": rec["id"], "PBS_JOBNAME": rec["name"],
        "PBS_QUEUE": rec["queue"], "PBS_ENVIRONMENT": "PBS_BATCH",
        "PBS_NODEFILE": nodefile, "PBS_JOBDIR": rec["home"],
        "PBS_O_WORKDIR": rec["workdir"], "TMPDIR": tmpdir,
        "ENVIRONMENT": "BATCH",
        "NCPUS": rec["resources"]["ncpus"],
        "OMP_NUM_THREADS": rec["resources"]["ncpus"],
    })
    return env


def stream_files(sim, rec):
    """Where the job's stdout and stderr go while it runs: a spool file
    delivered to Output_Path/Error_Path when the job ends (as PBS copies
    them back at the end); with -k d (direct write) the final file itself;
    with -k o/e (kept on the execution host) NAME.oSEQ / NAME.eSEQ in the
    home directory.  -j oe sends both streams to the stdout file, -j eo to
    the stderr file.  Returns {stream: (path_written, path_to_deliver)}."""
    keep = rec["keep"]
    out = {}
    for letter, final in (("o", rec["out_file"]), ("e", rec["err_file"])):
        if letter in keep and "d" in keep:
            out[letter] = (final, None)
        elif letter in keep:
            out[letter] = (os.path.join(rec["home"], "%s.%s%d" % (
                rec["name"], letter, rec["seq"])), None)
        else:
            spool = os.path.join(sim.dir, "spool", "%d.%s" % (
                rec["seq"], "OU" if letter == "o" else "ER"))
            out[letter] = (spool, final)
    if rec["join"] == "oe":
        out["e"] = out["o"]
    elif rec["join"] == "eo":
        out["o"] = out["e"]
    return out


def run_job(sim, rec):
    seq = rec["seq"]
    umask = int(rec["umask"], 8) if rec.get("umask") else 0o077
    tmpdir = os.path.join(sim.dir, "tmp", "pbs.%s" % rec["id"])
    nodefile = os.path.join(sim.dir, "aux", rec["id"])
    os.makedirs(tmpdir, exist_ok=True)
    with open(nodefile, "w") as f:
        f.write(EXEC_HOST + "\n")
    streams = stream_files(sim, rec)
    mode = 0o666 & ~umask
    fds = {}
    for letter in ("o", "e"):
        path = streams[letter][0]
        if path not in fds:
            try:
                fds[path] = os.open(path, os.O_WRONLY | os.O_CREAT
                                    | os.O_APPEND | os.O_TRUNC, mode)
            except OSError:
                fds[path] = os.open(os.devnull, os.O_WRONLY)
    fo, fe = fds[streams["o"][0]], fds[streams["e"][0]]
    err_path = streams["e"][0]

    home = rec["home"] if os.path.isdir(rec["home"]) else "/"
    shell = rec["shell"] or "/bin/bash"
    argv = rec["argv"] if rec["argv"] else [shell, rec["script"]]
    env = job_env(rec, tmpdir, nodefile)
    t0 = time.time()
    child = None
    status = None
    ru = None
    reason = None
    try:
        child = subprocess.Popen(
            argv, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=fo,
            stderr=fe, close_fds=True, start_new_session=True, umask=umask)
    except OSError as e:
        os.write(fe, ("pbs-sim: cannot execute %s: %s\n"
                      % (argv[0], e.strerror)).encode())
        status = 127 << 8       # as a shell reports a missing command
    for fd in set(fds.values()):
        os.close(fd)

    if child is not None:
        pgid = child.pid
        with sim.lock(seq):
            r = sim.load(seq)
            r["session_id"] = child.pid
            r["pgid"] = pgid
            sim.save(r)
        walltime = None
        if "walltime" in rec["resources"]:
            walltime = parse_duration(rec["resources"]["walltime"])
        kill_at = None
        killed = False
        last_check = 0.0
        while True:
            pid, st, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status, ru = st, usage
                break
            now = time.time()
            if reason is None and walltime is not None \
                    and int(now - t0) > walltime:
                # The MoM's message, appended to the job's stderr: [seen]
                # "=>> PBS: job killed: walltime 3611 exceeded limit 3600".
                with open(err_path, "a") as f:
                    f.write("=>> PBS: job killed: walltime %d exceeded "
                            "limit %d\n" % (int(now - t0), walltime))
                reason = "walltime"
            if reason is None and now - last_check >= 0.1:
                last_check = now
                r = sim.load(seq)
                if r is not None and r.get("delete_requested"):
                    reason = "qdel"
            if reason is not None and kill_at is None:
                # [qdel.1B]: SIGTERM, then SIGKILL if processes remain;
                # the delay is PBS's kill_delay (PBS_SIM_KILL_DELAY).
                killpg(pgid, signal.SIGTERM)
                kill_at = now + rec["sim"]["kill_delay"]
            if kill_at is not None and not killed and now >= kill_at:
                killpg(pgid, signal.SIGKILL)
                killed = True
            time.sleep(POLL)
        child.returncode = 0
        killpg(pgid, signal.SIGKILL)    # the job's leftover processes
    t1 = time.time()

    # Exit_status: the shell's exit code, or 256 + N when a signal N
    # killed it (PBS Reference Guide, job exit status; e.g. a qdel'd job
    # reports 271 [seen]).  A walltime kill reports PBS_SIM_WALLTIME_EXIT_
    # STATUS (default 271; current OpenPBS reports -29,
    # JOB_EXEC_KILL_WALLTIME).
    if os.WIFSIGNALED(status):
        exit_status = 256 + os.WTERMSIG(status)
    else:
        exit_status = os.WEXITSTATUS(status)
    if reason == "walltime":
        exit_status = rec["sim"]["walltime_exit"]

    # Deliver the spooled output before the job shows F (PBS copies the
    # files back while the job is exiting).
    undelivered = []
    for letter in ("o", "e"):
        written, final = streams[letter]
        if final is None or not os.path.exists(written):
            continue
        try:
            deliver(written, final, mode)
            os.unlink(written)
        except OSError:
            dest = os.path.join(sim.dir, "undelivered",
                                os.path.basename(written))
            try:
                os.replace(written, dest)
            except OSError:
                pass
            undelivered.append(final)
    shutil.rmtree(tmpdir, ignore_errors=True)
    try:
        os.unlink(nodefile)
    except OSError:
        pass

    wall = max(0.0, t1 - t0)
    cput = (ru.ru_utime + ru.ru_stime) if ru else 0.0
    maxrss = ru.ru_maxrss if ru else 0
    with sim.lock(seq):
        r = sim.load(seq)
        if r is None:
            return 0
        now = time.time()
        deleted = reason == "qdel"
        r.update({
            "state": "F", "substate": 91 if deleted else 92,
            "exit_status": exit_status, "obittime": now,
            "comment": "%s and %s" % (r["comment"],
                                      "terminated" if deleted else "finished"),
            "resources_used": {
                "cpupercent": str(int(100 * cput / wall) if wall > 0 else 0),
                "cput": fmt_duration(cput), "mem": "%dkb" % maxrss,
                "ncpus": r["resources"]["ncpus"], "vmem": "%dkb" % maxrss,
                "walltime": fmt_duration(wall)},
        })
        if undelivered:
            r["undelivered"] = undelivered
        if r.get("purge"):
            sim.purge(seq)
        else:
            sim.save(r)
    return 0


def deliver(src, dest, mode):
    """Copies a spool file to its destination, created with the job's
    umask applied (PBS delivers the files as the job's own)."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
        shutil.copyfileobj(f, out)


def killpg(pgid, sig):
    if not pgid or pgid <= 1:
        return
    try:
        os.killpg(pgid, sig)
    except OSError:
        pass


def alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


# ---------------------------------------------------------------------------
# qstat

def ctime(t):
    """PBS shows times as ctime(3) does: "Sat Nov 28 14:51:35 2026"."""
    return time.ctime(t)


def attributes(rec, now):
    """The job's attributes as (name, resource, value) in the order qstat
    -f shows them (the order of real PBS output [seen], limited to the
    attributes this simulator has)."""
    a = []

    def add(name, value, resource=None):
        if value is not None:
            a.append((name, resource, str(value)))

    state = rec["state"]
    add("Job_Name", rec["name"])
    add("Job_Owner", rec["owner"])
    used = rec.get("resources_used")
    if used and state in ("R", "F"):
        used = dict(used)
        if state == "R" and rec.get("stime"):
            used["walltime"] = fmt_duration(now - rec["stime"])
        for k in sorted(used):
            add("resources_used", used[k], k)
    add("job_state", state)
    add("queue", rec["queue"])
    add("server", rec["server"])
    add("Account_Name", rec.get("account"))
    add("Checkpoint", rec["checkpoint"])
    add("ctime", ctime(rec["ctime"]))
    add("Error_Path", rec["error_path"])
    add("exec_host", rec.get("exec_host"))
    add("exec_vnode", rec.get("exec_vnode"))
    add("Hold_Types", rec["hold_types"])
    add("Join_Path", rec["join"])
    add("Keep_Files", rec["keep"])
    add("Mail_Points", rec["mail_points"])
    add("Mail_Users", rec.get("mail_users"))
    add("mtime", ctime(rec["mtime"]))
    add("Output_Path", rec["output_path"])
    add("Priority", rec["priority"])
    add("qtime", ctime(rec["qtime"]))
    add("Rerunable", rec["rerunable"])
    for k in sorted(rec["resources"]):
        add("Resource_List", rec["resources"][k], k)
    if rec.get("stime"):
        add("stime", ctime(rec["stime"]))
    add("session_id", rec.get("session_id"))
    add("Shell_Path_List", rec.get("shell_path_list"))
    add("jobdir", rec["home"])
    add("substate", rec["substate"])
    add("Variable_List", ",".join(
        "%s=%s" % (k, v.replace(",", "\\,"))
        for k, v in rec["variable_list"]))
    add("umask", rec.get("umask"))
    add("group_list", rec.get("group_list"))
    add("User_List", rec.get("user_list"))
    add("comment", rec.get("comment"))
    add("etime", ctime(rec["etime"]))
    add("run_count", rec.get("run_count", 0))
    if state == "F":
        add("Exit_status", rec.get("exit_status"))
    add("Submit_arguments", rec["submit_arguments"])
    add("project", rec["project"])
    if rec.get("obittime"):
        add("obittime", ctime(rec["obittime"]))
    add("Submit_Host", rec["submit_host"])
    return a


def wrap_attr(label, value):
    """One attribute of qstat -f as PBS prints it [src] qstat.c prt_attr:
    "    name = value", the value cut into its comma-separated pieces; a
    piece that does not fit before column 78 starts a continuation line
    (a newline and a TAB, counted as column 9), and a piece longer than a
    line is broken every 78 columns the same way.  Empty pieces vanish,
    as with strtok."""
    out = ["    %s = " % label]
    col = len(label) + 7
    pieces = [p for p in value.split(",") if p != ""]
    for n, piece in enumerate(pieces):
        if col + len(piece) < 78:
            out.append(piece)
            col += len(piece)
        else:
            if n > 0:
                out.append("\n\t")
                col = 9
            for ch in piece:
                out.append(ch)
                col += 1
                if col > 78:
                    out.append("\n\t")
                    col = 8
        if n + 1 < len(pieces):
            out.append(",")
    return "".join(out)


def json_value(text):
    """[seen] qstat -F json writes values that read as numbers as JSON
    numbers ("Exit_status":0, "ncpus":1, even a numeric Job_Name) and
    everything else as strings.  Numbers with leading zeros stay strings
    here, so that the document is always valid JSON."""
    if re.fullmatch(r"-?(0|[1-9]\d*)", text):
        return int(text)
    if re.fullmatch(r"-?(0|[1-9]\d*)\.\d+", text):
        return float(text)
    return text


def json_job(attrs):
    job = {}
    for name, resource, value in attrs:
        if name == "Variable_List":
            # [src] the variables become an object; "\," is a comma.
            vl = {}
            for item in re.split(r"(?<!\\),", value):
                k, _, v = item.partition("=")
                vl[k] = json_value(v.replace("\\,", ","))
            job[name] = vl
        elif resource is not None:
            job.setdefault(name, {})[resource] = json_value(value)
        else:
            job[name] = json_value(value)
    return job


def json_document(sim, jobs):
    """[qstat.1B] -F json: timestamp, PBS version and server, then the
    jobs; [seen] with no job to show, the document has no "Jobs" key.
    Indented with tabs, no space after the colons, as in the man page."""
    doc = {"timestamp": int(time.time()), "pbs_version": sim.version,
           "pbs_server": sim.server}
    if jobs:
        doc["Jobs"] = jobs
    return json.dumps(doc, indent="\t", separators=(",", ":"),
                      ensure_ascii=False) + "\n"


def trunc(text, width):
    """[qstat.1B]: a value wider than its column is cut and ends in '*'."""
    return text if len(text) <= width else text[:width - 1] + "*"


def table_row(rec):
    """[qstat.1B], [src] the default format: job id (17; the server part
    only up to its first dot), name (16), user
    (16), two spaces, Time Use (8, right aligned; "0" before the job has
    used any CPU time), state, queue (16)."""
    jid = "%d.%s" % (rec["seq"], rec["server"].split(".")[0])
    time_use = "0"
    if rec.get("resources_used") and rec["state"] in ("R", "F"):
        time_use = rec["resources_used"]["cput"]
    return "%-17s %-16s %-16s  %8s %1s %-16s" % (
        trunc(jid, 17), trunc(rec["name"], 16), trunc(rec["user"], 16),
        trunc(time_use, 8), rec["state"], trunc(rec["queue"], 16))


TABLE_HEADER = (
    "Job id            Name             User              Time Use S Queue\n"
    "----------------  ---------------- ----------------  -------- - -----\n")

QSTAT_SPEC = "fxF:D:wEtJaiprnsGHMQqBTu:1W:"
QSTAT_UNSUPPORTED = set("aiprnsGHMQqBTu1W")


def qstat_fail_now(sim):
    """PBS_SIM_QSTAT_FAIL=N: the next N qstat invocations fail as if the
    server were down.  The count left is kept in PBS_SIM_DIR/qstat_fail
    with the value it was armed from; setting a different N arms it
    again (remove the file to re-arm with the same N)."""
    n = os.environ.get("PBS_SIM_QSTAT_FAIL", "")
    if not re.fullmatch(r"\d+", n) or int(n) == 0:
        return False
    path = os.path.join(sim.dir, "qstat_fail")
    with FileLock(path + ".lock"):
        try:
            with open(path) as f:
                state = json.load(f)
        except (FileNotFoundError, ValueError):
            state = None
        if state is None or state.get("armed") != n:
            state = {"armed": n, "left": int(n)}
        fail = state["left"] > 0
        if fail:
            state["left"] -= 1
        write_atomic(path, json.dumps(state))
    return fail


def main_qstat(argv):
    sim = start("qstat", argv)
    if argv == ["--version"]:
        print("pbs_version = %s" % sim.version)
        return 0
    try:
        opts, operands, _ = getopt(argv, QSTAT_SPEC)
    except OptError as e:
        eprint("qstat: %s\n" % e, QSTAT_USAGE)
        return 2
    full = history = one_line = False
    fmt = None
    delim = "|"
    for c, v in opts:
        if c in QSTAT_UNSUPPORTED:
            eprint("qstat: option -%s is not supported by pbs-sim\n" % c)
            return 2
        if c == "f":
            full = True
        elif c == "x":
            history = True
        elif c == "F":
            fmt = v
        elif c == "D":
            delim = v
        elif c == "w":
            one_line = True
    if fmt is not None and (fmt not in ("json", "dsv") or not full):
        eprint(QSTAT_USAGE)
        return 2

    # The server is "down": [seen] "Connection refused" and
    # "qstat: cannot connect to server NAME (errno=15010)" on stderr, the
    # bare JSON header on stdout with -F json, exit 255 ([src] qstat exits
    # with the negative connect result).
    if qstat_fail_now(sim):
        if fmt == "json":
            sys.stdout.write(json_document(sim, None))
        eprint("Connection refused\n",
               "qstat: cannot connect to server %s (errno=%d)\n"
               % (sim.server, PBSE_SYSTEM))
        return 255

    now = time.time()
    shown = []                  # records to print, in order
    failed = 0
    if not operands:
        for seq in sim.all_seqs():
            rec = sim.load(seq)
            if rec and (history or rec["state"] != "F"):
                shown.append(rec)
    for op in operands:
        if not op[:1].isdigit():
            # A destination: queue, @server or queue@server.
            qname, _, at = op.partition("@")
            if (at and at != sim.server) or (qname and
                                             qname not in sim.queues):
                eprint("qstat: Unknown queue %s\n" % op)
                failed = PBSE_UNKQUE
                continue
            for seq in sim.all_seqs():
                rec = sim.load(seq)
                if rec and (not qname or rec["queue"] == qname) and (
                        history or rec["state"] != "F"):
                    shown.append(rec)
            continue
        seq, full_id = sim.parse_id(op)
        if seq is None:
            eprint("qstat: illegally formed job identifier: %s\n" % op)
            failed = 1
            continue
        rec = sim.load(seq) if seq > 0 else None
        if rec is None:
            # [src] "qstat: Unknown Job Id ID", exit PBSE_UNKJOBID
            eprint("qstat: Unknown Job Id %s\n" % full_id)
            failed = PBSE_UNKJOBID
            continue
        if rec["state"] == "F" and not history:
            # [src] qstat.c, [seen]: the id, the server's message and the
            # hint; exit PBSE_HISTJOBID.
            eprint("qstat: %s Job has finished, use -x or -H to obtain "
                   "historical job information\n" % rec["id"])
            failed = PBSE_HISTJOBID
            continue
        shown.append(rec)

    if fmt == "json":
        jobs = {}
        for rec in shown:
            jobs[rec["id"]] = json_job(attributes(rec, now))
        sys.stdout.write(json_document(sim, jobs))
    elif fmt == "dsv":
        for rec in shown:
            parts = ["Job Id: %s" % rec["id"]]
            for name, resource, value in attributes(rec, now):
                label = name if resource is None else "%s.%s" % (name,
                                                                 resource)
                value = value.replace("\\", "\\\\").replace(delim,
                                                            "\\" + delim)
                value = value.replace("\n", "\\n").replace("\f", "\\f")
                parts.append("%s=%s" % (label, value))
            sys.stdout.write(delim.join(parts) + "\n")
    elif full:
        for rec in shown:
            lines = ["Job Id: %s" % rec["id"]]
            for name, resource, value in attributes(rec, now):
                label = name if resource is None else "%s.%s" % (name,
                                                                 resource)
                if one_line:
                    lines.append("    %s = %s" % (
                        label, value.replace("\n", "\\n")))
                else:
                    lines.append(wrap_attr(label, value))
            sys.stdout.write("\n".join(lines) + "\n\n")
    elif shown:
        sys.stdout.write(TABLE_HEADER)
        for rec in shown:
            sys.stdout.write(table_row(rec) + "\n")
    sys.stdout.flush()
    # [qstat.1B] EXIT STATUS: greater than zero if any operand failed;
    # [src] the number is the last error's, modulo 256.
    return failed % 256


# ---------------------------------------------------------------------------
# qdel

def delete(sim, seq, purge):
    """Returns None when done, else the error number."""
    with sim.lock(seq):
        rec = sim.load(seq)
        if rec is None:
            return PBSE_UNKJOBID
        if rec["state"] == "F":
            if purge:           # [qdel.1B] -x also deletes the history
                sim.purge(seq)
                return None
            return PBSE_HISTJOBID
        now = time.time()
        if rec["state"] == "Q":
            # Deleted before it ran: finished, no Exit_status (pbs-sim's
            # choice; the man pages do not say what PBS records).
            rec.update({"state": "F", "substate": 91, "obittime": now})
            if purge:
                sim.purge(seq)
            else:
                sim.save(rec)
            return None
        # Running: the supervisor sends SIGTERM, then SIGKILL after the
        # kill delay, and records the exit.
        if not alive(rec.get("supervisor_pid")):
            if rec.get("pgid"):
                killpg(rec["pgid"], signal.SIGKILL)
            rec.update({"state": "F", "substate": 91, "obittime": now,
                        "exit_status": 256 + signal.SIGKILL})
            sim.save(rec)
            return None
        rec["delete_requested"] = now
        rec["purge"] = bool(purge)
        sim.save(rec)
        return None


def main_qdel(argv):
    sim = start("qdel", argv)
    if argv == ["--version"]:
        print("pbs_version = %s" % sim.version)
        return 0
    errflg = False
    purge = False
    try:
        opts, operands, _ = getopt(argv, "W:x")
    except OptError as e:
        eprint("qdel: %s\n" % e)
        opts, operands, errflg = [], [], True
    for c, v in opts:
        if c == "W":
            if not (v == "force" or re.fullmatch(r"suppress_email=-?\d+", v)
                    or re.fullmatch(r"\d+", v)):
                eprint("qdel: illegal -W value\n")
                errflg = True
        elif c == "x":
            purge = True
    if errflg or not operands:
        eprint(QDEL_USAGE)
        return 2
    failed = 0
    for op in operands:
        seq, full_id = sim.parse_id(op)
        if seq is None:
            eprint("qdel: illegally formed job identifier: %s\n" % op)
            failed = 1
            continue
        err = delete(sim, seq, purge) if seq > 0 else PBSE_UNKJOBID
        if err == PBSE_UNKJOBID:
            eprint("qdel: Unknown Job Id %s\n" % full_id)
            failed = err
        elif err == PBSE_HISTJOBID:
            # [seen] openpbs PR 2513: "qdel: Job has finished 0.pbspro"
            eprint("qdel: Job has finished %s\n" % full_id)
            failed = err
    return failed % 256


# ---------------------------------------------------------------------------
# Control commands for tests (not PBS commands; not in calls.log)

def release(ids):
    """Ends the PBS_SIM_HOLD wait of the given jobs (all held jobs when no
    id is given): they run as soon as their queue delay has passed."""
    sim = Sim()
    seqs = [sim.parse_id(i)[0] for i in ids] if ids else sim.all_seqs()
    rc = 0
    for seq in seqs:
        if not seq or seq < 0:
            rc = 1
            continue
        with sim.lock(seq):
            rec = sim.load(seq)
            if rec is None:
                rc = 1
                continue
            if rec["sim"]["hold"]:
                rec["sim"]["hold"] = False
                sim.save(rec)
    return rc


def shutdown():
    """Kills every supervisor and running job of PBS_SIM_DIR that has not
    finished (for test teardown); records are left as they are."""
    sim = Sim()
    for seq in sim.all_seqs():
        rec = sim.load(seq)
        if rec is None or rec["state"] == "F":
            continue
        if rec.get("pgid"):
            killpg(rec["pgid"], signal.SIGKILL)
        # A supervisor just started may not have written its pid yet.
        for _ in range(40):
            if os.path.exists(sim.job_file(seq, "pid")):
                break
            time.sleep(POLL)
        try:
            with open(sim.job_file(seq, "pid")) as f:
                pid = int(f.read().strip())
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                args = f.read().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"supervise" in args and rec["id"].encode() in args:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "supervise":
        return supervise(argv[1])
    try:
        if argv and argv[0] == "release":
            return release(argv[1:])
        if argv == ["shutdown"]:
            return shutdown()
    except SimConfigError as e:
        eprint("pbssim: %s\n" % e)
        return 1
    eprint("usage: pbssim.py supervise ID | release [ID...] | shutdown\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
