"""The programs an image carries on its PATH (``cat``, ``ls``, ``wget``, ``sh``...).

Each program is ``fn(shell, argv, io) -> int`` (or a generator of sleeps that
returns an int, like ``sleep``).  Messages follow busybox, which is what the
notes' busybox pods run; Debian-based images word a few of them differently.
The shell's own builtins are in :mod:`.builtins`; which of these programs a
container has is its image's business (:mod:`.toolbox`).
"""
from __future__ import annotations

import re
import shlex
from urllib.parse import urlsplit

from datetime import timedelta

from kubelab import clock as simclock

from . import apt, nslookup
from .builtins import echo_program, false, noop, printf, test
from .shell import Shell
from .shellio import IO, Flavour

#: directories every image has, so that ``ls /`` looks like a Linux root
ROOT_DIRS = ["bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"]


# ---------------------------------------------------------------- utilities

def _sleep(sh, argv, io):
    if len(argv) < 2:
        io.err.write("sleep: missing operand\n")
        return 1
    total = 0.0
    for arg in argv[1:]:
        if arg == "infinity":
            total = float("inf")
            continue
        m = re.fullmatch(r"(\d+(?:\.\d*)?)([smhd]?)", arg)
        if not m:
            io.err.write(f"sleep: invalid number '{arg}'\n")
            return 1
        total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    yield from sh.sleep(total)
    return 0


def _cat(sh, argv, io):
    files = [a for a in argv[1:] if a != "-"] if len(argv) > 1 else []
    if not files:
        io.out.write(io.stdin or "")
        return 0
    status = 0
    for name in files:
        text = sh.ctx.fs.read(sh.path(name))
        if text is None:
            what = "Is a directory" if sh.ctx.fs.is_dir(sh.path(name)) else "No such file or directory"
            io.err.write(f"cat: {'read error' if what == 'Is a directory' else 'can' + chr(39) + 't open ' + repr(name)}: {what}\n")
            status = 1
        else:
            io.out.write(text)
    return status


def _ls(sh, argv, io):
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-"))
    paths = [a for a in argv[1:] if not a.startswith("-")] or ["."]
    fs, status = sh.ctx.fs, 0
    for k, name in enumerate(paths):
        p = sh.path(name)
        if fs.read(p) is not None:
            io.out.write(_ls_line(name, fs.read(p), "l" in flags))
            continue
        if not fs.is_dir(p):
            io.err.write(f"ls: {name}: No such file or directory\n")
            status = 1
            continue
        entries = set(fs.listdir(p)) | (set(ROOT_DIRS) if p == "/" else set())
        if "a" not in flags:
            entries = {e for e in entries if not e.startswith(".")}
        if len(paths) > 1:
            io.out.write(("\n" if k else "") + f"{name}:\n")
        for e in sorted(entries):
            child = p.rstrip("/") + "/" + e
            io.out.write(_ls_line(e, fs.read(child), "l" in flags))
    return status


def _ls_line(name: str, text: str | None, long: bool) -> str:
    if not long:
        return name + "\n"
    if text is None:
        return f"drwxr-xr-x    2 root     root          4096 Jan  6 09:00 {name}\n"
    return f"-rw-r--r--    1 root     root     {len(text.encode()):>9} Jan  6 09:00 {name}\n"


def _env(sh, argv, io):
    env = sh.environ(io)
    args = argv[1:]
    while args and "=" in args[0]:
        k, _, v = args.pop(0).partition("=")
        env[k] = v
    if args:
        io.env = env
        return (yield from sh.call(args, io))
    io.out.write("".join(f"{k}={v}\n" for k, v in env.items()))
    return 0


def _printenv(sh, argv, io):
    env = sh.environ(io)
    if len(argv) == 1:
        io.out.write("".join(f"{k}={v}\n" for k, v in env.items()))
        return 0
    status = 0
    for name in argv[1:]:
        if name in env:
            io.out.write(env[name] + "\n")
        else:
            status = 1
    return status


def _hostname(sh, argv, io):
    io.out.write(sh.ctx.hostname + "\n")
    return 0


def _touch(sh, argv, io):
    status = 0
    for name in (a for a in argv[1:] if not a.startswith("-")):
        p = sh.path(name)
        if not sh.ctx.fs.write(p, "", append=True):
            io.err.write(f"touch: {name}: Read-only file system\n")
            status = 1
    return status


def _rm(sh, argv, io):
    force = any(a.startswith("-") and "f" in a for a in argv[1:])
    recursive = any(a.startswith("-") and ("r" in a or "R" in a) for a in argv[1:])
    status, fs = 0, sh.ctx.fs
    for name in (a for a in argv[1:] if not a.startswith("-")):
        p = sh.path(name)
        if fs.is_dir(p) and fs.read(p) is None:
            if not recursive:
                io.err.write(f"rm: '{name}' is a directory\n")
                status = 1
                continue
            for f in [f for f in fs.listdir_all() if f.startswith(p.rstrip("/") + "/")]:
                fs.remove(f)
            continue
        if not fs.remove(p) and not force:
            io.err.write(f"rm: can't remove '{name}': No such file or directory\n")
            status = 1
    return status


def _mkdir(sh, argv, io):
    # Directories exist implicitly in FileSystem; a hidden marker makes an empty one visible.
    for name in (a for a in argv[1:] if not a.startswith("-")):
        p = sh.path(name)
        if not sh.ctx.fs.is_dir(p):
            sh.ctx.fs.write(p + "/.kubelab-dir", "")
    return 0


def _cp(sh, argv, io):
    args = [a for a in argv[1:] if not a.startswith("-")]
    if len(args) < 2:
        io.err.write("cp: missing file operand\n" if sh.flavour.kind != "ash" else "cp: need at least 2 arguments\n")
        return 1
    *srcs, dest = args
    fs, status = sh.ctx.fs, 0
    for src in srcs:
        text = fs.read(sh.path(src))
        if text is None:
            io.err.write(f"cp: can't stat '{src}': No such file or directory\n")
            status = 1
            continue
        target = sh.path(dest)
        if fs.is_dir(target) and fs.read(target) is None:
            target = target.rstrip("/") + "/" + src.rsplit("/", 1)[-1]
        if not fs.write(target, text):
            io.err.write(f"cp: can't create '{dest}': Read-only file system\n")
            status = 1
        elif argv[0].endswith("mv"):
            fs.remove(sh.path(src))
    return status


def _date(sh, argv, io):
    now = simclock.EPOCH + timedelta(seconds=sh.ctx.now())
    fmt = next((a[1:] for a in argv[1:] if a.startswith("+")), "%a %b %e %H:%M:%S UTC %Y")
    io.out.write(now.strftime(fmt.replace("%s", str(int(now.timestamp()))).replace("%N", f"{now.microsecond * 1000:09d}")) + "\n")
    return 0


def _head_tail(sh, argv, io):
    n, files, args = 10, [], argv[1:]
    while args:
        a = args.pop(0)
        if a == "-n" and args:
            n = int(args.pop(0))
        elif re.fullmatch(r"-n?\d+", a):
            n = int(a.lstrip("-n"))
        else:
            files.append(a)
    text = io.stdin or "" if not files else (sh.ctx.fs.read(sh.path(files[0])) or "")
    lines = text.splitlines(keepends=True)
    io.out.write("".join(lines[:n] if argv[0].endswith("head") else lines[-n:] if n else []))
    return 0


def _grep(sh, argv, io):
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-"))
    rest = [a for a in argv[1:] if not a.startswith("-")]
    if not rest:
        io.err.write("Usage: grep [-ivc] PATTERN [FILE]...\n")
        return 2
    pattern, files = rest[0], rest[1:]
    text = io.stdin or "" if not files else "".join(sh.ctx.fs.read(sh.path(f)) or "" for f in files)
    rx = re.compile(pattern, re.I if "i" in flags else 0)
    hits = [ln for ln in text.splitlines(keepends=True) if bool(rx.search(ln)) != ("v" in flags)]
    io.out.write(f"{len(hits)}\n" if "c" in flags else "".join(h if h.endswith("\n") else h + "\n" for h in hits))
    return 0 if hits else 1


def _wc(sh, argv, io):
    files = [a for a in argv[1:] if not a.startswith("-")]
    text = io.stdin or "" if not files else (sh.ctx.fs.read(sh.path(files[0])) or "")
    if "-l" in argv:
        io.out.write(f"{text.count(chr(10))}\n")
    else:
        io.out.write(f"{text.count(chr(10)):>7} {len(text.split()):>7} {len(text.encode()):>7}\n")
    return 0


def _whoami(sh, argv, io):
    io.out.write("root\n")
    return 0


def _id(sh, argv, io):
    io.out.write("uid=0(root) gid=0(root) groups=0(root),10(wheel)\n")
    return 0


def _uname(sh, argv, io):
    parts = {"-s": "Linux", "-n": sh.ctx.hostname, "-r": "5.15.0-1057-azure", "-m": "x86_64"}
    flags = argv[1:] or ["-s"]
    if "-a" in flags:
        io.out.write(f"Linux {sh.ctx.hostname} 5.15.0-1057-azure #65-Ubuntu SMP x86_64 GNU/Linux\n")
    else:
        io.out.write(" ".join(parts.get(f, "") for f in flags) + "\n")
    return 0


def _seq(sh, argv, io):
    nums = [int(a) for a in argv[1:]]
    first, step, last = (1, 1, nums[0]) if len(nums) == 1 else (nums[0], 1, nums[1]) if len(nums) == 2 else tuple(nums[:3])
    io.out.write("".join(f"{i}\n" for i in range(first, last + (1 if step > 0 else -1), step)))
    return 0


def _tee(sh, argv, io):
    text = io.stdin or ""
    append = "-a" in argv
    for name in (a for a in argv[1:] if not a.startswith("-")):
        sh.ctx.fs.write(sh.path(name), text, append=append)
    io.out.write(text)
    return 0


def _basename(sh, argv, io):
    io.out.write(argv[1].rstrip("/").rsplit("/", 1)[-1] + "\n" if len(argv) > 1 else "\n")
    return 0


def _dirname(sh, argv, io):
    head = argv[1].rstrip("/").rsplit("/", 1)[0] if len(argv) > 1 and "/" in argv[1] else "."
    io.out.write((head or "/") + "\n")
    return 0


def _sh(sh, argv, io):
    """A nested ``sh``/``bash``: ``-c SCRIPT [NAME [ARGS]]``, a script file, or stdin."""
    name = argv[0].rsplit("/", 1)[-1]
    kind = "bash" if name == "bash" else sh.flavour.kind
    child = Shell(sh.ctx, commands=sh.commands, flavour=Flavour(name, kind),
                  exec_mode=sh.exec_mode)
    child.vars, child.exported, child.cwd, child.tty = dict(sh.vars), set(sh.exported), sh.cwd, sh.tty
    child.vars.update(io.env)
    child.exported |= set(io.env)
    args = argv[1:]
    while args and args[0] in ("-e", "-x", "-l", "-i", "-s", "--"):
        args = args[1:]
    if args and args[0] == "-c":
        if len(args) < 2:
            io.err.write(f"{name}: -c: option requires an argument\n")
            return 2
        child.positional = args[3:]
        status = yield from child.run_script(args[1], io)
    elif args:
        text = sh.ctx.fs.read(sh.path(args[0]))
        if text is None:
            io.err.write(f"{name}: can't open '{args[0]}': No such file or directory\n" if kind == "ash"
                         else f"{name}: {args[0]}: No such file or directory\n")
            return 127 if kind == "bash" else 2
        child.positional = args[1:]
        status = yield from child.run_script(text, io)
    elif io.stdin:
        status = yield from child.run_script(io.stdin, IOless(io))
    else:
        status = 0                   # no terminal, nothing to read: the shell exits at once
    sh.steps = child.steps
    return status


def IOless(io):
    """The same IO with stdin consumed (a script read from stdin cannot read it again)."""
    return IO(None, io.out, io.err, dict(io.env))


# -------------------------------------------------------------------- network

def _fetch(sh, url: str, method: str = "GET"):
    return sh.ctx.http(url, method)


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url if "://" in url else "http://" + url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def _wget(sh, argv, io):
    quiet, out_file, url, spider = False, None, None, False
    args = argv[1:]
    while args:
        a = args.pop(0)
        if a.startswith("--"):
            if a == "--spider":
                spider = True
            elif a.startswith("--output-document="):
                out_file = a.split("=", 1)[1]
            elif a in ("--timeout", "--tries") and args:
                args.pop(0)
            elif a == "--quiet":
                quiet = True
            continue
        if a.startswith("-") and len(a) > 1:
            flags = a[1:]
            while flags:
                f, flags = flags[0], flags[1:]
                if f == "q":
                    quiet = True
                elif f in "OTtU":
                    value = flags or (args.pop(0) if args else "")
                    flags = ""
                    if f == "O":
                        out_file = value
            continue
        url = a
    if not url:
        io.err.write("Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n")
        return 1
    host, port = _host_port(url)
    resp = _fetch(sh, url if "://" in url else "http://" + url)
    if resp is not None and resp.elapsed > 0:
        yield from sh.sleep(resp.elapsed)        # wget waits for the whole answer
    if not quiet:
        io.err.write(f"Connecting to {host}:{port} ({host}:{port})\n")
    if resp is None or resp.status == 0:
        reason = resp.body.strip() if resp is not None and resp.body else None
        if reason:
            io.err.write(f"wget: {reason}\n")
        elif re.fullmatch(r"[\d.]+", host):
            io.err.write(f"wget: can't connect to remote host ({host}): Connection refused\n")
        else:
            io.err.write(f"wget: bad address '{host}'\n")
        return 1
    if resp.status >= 400:
        io.err.write(f"wget: server returned error: HTTP/1.1 {resp.status} {_REASONS.get(resp.status, '')}\n")
        return 1
    if spider:
        return 0
    path = urlsplit(url if "://" in url else "http://" + url).path
    target = out_file if out_file is not None else (path.rsplit("/", 1)[-1] or "index.html")
    if target == "-":
        if not quiet:
            io.err.write("writing to stdout\n")
        io.out.write(resp.body)
        if not quiet:
            io.err.write("written to stdout\n")
    else:
        if not quiet:
            io.err.write(f"saving to '{target}'\n")
        sh.ctx.fs.write(sh.path(target), resp.body)
        if not quiet:
            io.err.write(f"'{target}' saved\n")
    return 0


def _curl(sh, argv, io):
    silent = show_err = include = head = fail = False
    out_file, method, user, url = None, "GET", None, None
    args = argv[1:]
    while args:
        a = args.pop(0)
        if a in ("-o", "--output"):
            out_file = args.pop(0) if args else None
        elif a in ("-X", "--request"):
            method = args.pop(0) if args else "GET"
        elif a in ("-u", "--user"):
            user = args.pop(0) if args else None
        elif a in ("-H", "--header", "-m", "--max-time", "--connect-timeout", "-d", "--data", "-A"):
            args and args.pop(0)
        elif a.startswith("--"):
            silent |= a == "--silent"
            include |= a == "--include"
            head |= a == "--head"
            fail |= a == "--fail"
        elif a.startswith("-") and len(a) > 1:
            silent |= "s" in a
            show_err |= "S" in a
            include |= "i" in a
            head |= "I" in a
            fail |= "f" in a
        else:
            url = a
    if not url:
        io.err.write("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    full = url if "://" in url else "http://" + url
    if user:
        scheme, rest = full.split("://", 1)
        full = f"{scheme}://{user}@{rest}"
    host, port = _host_port(url)
    resp = _fetch(sh, full, "HEAD" if head else method)
    if resp is None or resp.status == 0:
        if not silent or show_err:
            if re.fullmatch(r"[\d.]+", host):
                io.err.write(f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n")
            else:
                io.err.write(f"curl: (6) Could not resolve host: {host}\n")
        return 7 if re.fullmatch(r"[\d.]+", host) else 6
    if fail and resp.status >= 400:
        if not silent or show_err:
            io.err.write(f"curl: (22) The requested URL returned error: {resp.status}\n")
        return 22
    text = ""
    if include or head:
        text += f"HTTP/1.1 {resp.status} {_REASONS.get(resp.status, '')}\r\n"
        text += "".join(f"{k}: {v}\r\n" for k, v in resp.headers.items()) + "\r\n"
    if not head:
        text += resp.body
    if out_file:
        sh.ctx.fs.write(sh.path(out_file), text)
    else:
        io.out.write(text)
    return 0


_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 400: "Bad Request",
            401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable"}


TOOLS = {
    "sh": _sh, "ash": _sh, "bash": _sh, "dash": _sh, "sleep": _sleep, "cat": _cat, "ls": _ls,
    "env": _env, "printenv": _printenv, "hostname": _hostname, "touch": _touch, "rm": _rm,
    "mkdir": _mkdir, "cp": _cp, "mv": _cp, "date": _date, "head": _head_tail, "tail": _head_tail,
    "grep": _grep, "wc": _wc, "whoami": _whoami, "id": _id, "uname": _uname, "seq": _seq,
    "tee": _tee, "basename": _basename, "dirname": _dirname, "wget": _wget, "curl": _curl,
    "echo": echo_program, "printf": printf, "true": noop, "false": false,
    "test": test, "[": test, "kill": noop, "nslookup": nslookup.busybox,
    "apt-get": apt.apt_get, "apt": apt.apt_get, "ps": apt.ps,
}


def split_command(text: str) -> list[str]:
    """Split one command line as a shell would (for typed lines)."""
    return shlex.split(text)
