"""redis-server and redis-cli, as in the redis 5.0.4 sources.

``redis-server [config-file] [--option value ...]`` reads its config file from
the container's filesystem (the notes mount a ConfigMap at
/redis-master/redis.conf), parses memory sizes with redis' units and answers
``redis-cli`` in the two formats redis-cli has: raw when stdout is not a
terminal (``kubectl exec redis -- redis-cli CONFIG GET maxmemory``) and the
numbered, quoted form at an interactive prompt (``kubectl exec -it``).

>>> memtoll("2mb"), memtoll("2m"), memtoll("1gb"), memtoll("100")
(2097152, 2000000, 1073741824, 100)
"""
from __future__ import annotations

import fnmatch
import re
import shlex
from datetime import timedelta

from kubelab import clock as simclock

from .base import App

_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 1000 ** 2, "mb": 1024 ** 2,
          "g": 1000 ** 3, "gb": 1024 ** 3}
POLICIES = ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
            "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"]
LOGLEVELS = ["debug", "verbose", "notice", "warning"]


def memtoll(text: str) -> int | None:
    """util.c memtoll: ``1k`` = 1000, ``1kb`` = 1024 (case-insensitive); None if invalid."""
    m = re.fullmatch(r"(-?\d+)([a-zA-Z]*)", text)
    if not m or m.group(2).lower() not in _UNITS:
        return None
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


# (name, kind, default) in the order CONFIG GET lists them (config.c, configGetCommand).
CONFIG = [
    ("dbfilename", "str", "dump.rdb"), ("requirepass", "str", ""), ("masterauth", "str", ""),
    ("logfile", "str", ""), ("pidfile", "str", ""),
    ("maxmemory", "mem", 0), ("maxmemory-samples", "int", 5), ("timeout", "int", 0),
    ("port", "int", 6379), ("tcp-backlog", "int", 511), ("databases", "int", 16),
    ("maxclients", "int", 10000), ("hz", "int", 10), ("tcp-keepalive", "int", 300),
    ("daemonize", "bool", False), ("protected-mode", "bool", True),
    ("maxmemory-policy", "enum", "noeviction"), ("loglevel", "enum", "notice"),
    ("appendfsync", "enum", "everysec"), ("appendonly", "bool", False), ("dir", "str", "/data"),
    ("save", "str", "900 1 300 10 60 10000"), ("bind", "str", ""),
]
_KIND = {name: kind for name, kind, _ in CONFIG}
_ENUMS = {"maxmemory-policy": POLICIES, "loglevel": LOGLEVELS,
          "appendfsync": ["always", "everysec", "no"]}


class ConfigError(Exception):
    pass


def parse_config(text: str, settings: dict) -> None:
    """loadServerConfigFromString for the directives kubelab models.

    Unknown directives are fatal, as in redis; others that redis knows but
    kubelab does not model are accepted and ignored.
    """
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t\r\n")
        if not line or line.startswith("#"):
            continue
        try:
            argv = shlex.split(line)
        except ValueError:
            raise ConfigError(_fatal(n, line, "Unbalanced quotes in configuration line"))
        name, args = argv[0].lower(), argv[1:]
        if name in _KIND:
            if name in ("save", "bind"):
                settings[name] = " ".join(args)
                continue
            if len(args) != 1:
                raise ConfigError(_fatal(n, line, "Bad directive or wrong number of arguments"))
            value = args[0]
            kind = _KIND[name]
            if kind == "mem":
                settings[name] = memtoll(value) or 0          # redis ignores a bad unit here: 0
            elif kind == "int":
                settings[name] = int(value) if value.lstrip("-").isdigit() else 0
            elif kind == "bool":
                if value.lower() not in ("yes", "no"):
                    raise ConfigError(_fatal(n, line, "argument must be 'yes' or 'no'"))
                settings[name] = value.lower() == "yes"
            elif kind == "enum":
                if value.lower() not in _ENUMS[name]:
                    msg = {"maxmemory-policy": "Invalid maxmemory policy",
                           "loglevel": "Invalid log level. Must be one of debug, verbose, notice, warning",
                           "appendfsync": "argument must be 'no', 'always' or 'everysec'"}[name]
                    raise ConfigError(_fatal(n, line, msg))
                settings[name] = value.lower()
            else:
                settings[name] = value
        elif name not in OTHER_DIRECTIVES:
            raise ConfigError(_fatal(n, line, "Bad directive or wrong number of arguments"))


def _fatal(n: int, line: str, err: str) -> str:
    return f"\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file, at line {n}\n>>> '{line}'\n{err}"


#: directives redis 5 accepts that kubelab stores nowhere
OTHER_DIRECTIVES = set("""include unixsocket unixsocketperm syslog-enabled syslog-ident
syslog-facility supervised always-show-logo rdbcompression rdbchecksum stop-writes-on-bgsave-error
replicaof slaveof replica-serve-stale-data replica-read-only repl-diskless-sync repl-diskless-sync-delay
repl-disable-tcp-nodelay replica-priority lazyfree-lazy-eviction lazyfree-lazy-expire
lazyfree-lazy-server-del replica-lazy-flush appendfilename no-appendfsync-on-rewrite
auto-aof-rewrite-percentage auto-aof-rewrite-min-size aof-load-truncated aof-use-rdb-preamble
lua-time-limit slowlog-log-slower-than slowlog-max-len latency-monitor-threshold
notify-keyspace-events hash-max-ziplist-entries hash-max-ziplist-value list-max-ziplist-size
list-compress-depth set-max-intset-entries zset-max-ziplist-entries zset-max-ziplist-value
hll-sparse-max-bytes stream-node-max-bytes stream-node-max-entries activerehashing
client-output-buffer-limit dynamic-hz aof-rewrite-incremental-fsync rdb-save-incremental-fsync
rename-command activedefrag lfu-log-factor lfu-decay-time cluster-enabled cluster-config-file
cluster-node-timeout min-replicas-to-write min-replicas-max-lag repl-backlog-size repl-timeout""".split())


def human_bytes(n: int) -> str:
    """bytesToHuman from redis: 2097152 -> 2.00M."""
    for unit, size in (("G", 1024 ** 3), ("M", 1024 ** 2), ("K", 1024)):
        if n >= size:
            return f"{n / size:.2f}{unit}"
    return f"{n}B"


class RedisServer(App):
    """redis-server: the data, the config, and the commands redis-cli sends."""

    version = "5.0.4"
    startup_seconds = 0.0

    def start(self) -> None:
        self.settings = {name: default for name, _, default in CONFIG}
        self.data: dict[str, str] = {}
        self.started = self.ctx.now()
        args = list(self.ctx.args)
        while args and not args[0].rsplit("/", 1)[-1].startswith("redis-server"):
            args.pop(0)                          # docker-entrypoint.sh and friends
        args = args[1:]
        config_file = args.pop(0) if args and not args[0].startswith("--") else None
        options = "\n".join(self._options(args))
        text = ""
        if config_file:
            text = self.ctx.fs.read(config_file)
            if text is None:
                self._log("C", "#", f"Fatal error, can't open config file '{config_file}'")
                return self._die(1)
        try:
            parse_config(text + "\n" + options, self.settings)
        except ConfigError as e:
            for line in str(e).split("\n"):
                self.ctx.log(line)
            return self._die(1)
        self._log("C", "#", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
        self._log("C", "#", f"Redis version={self.version}, bits=64, commit=00000000, modified=0, pid=1, just started")
        if config_file is None and not options:
            self._log("C", "#", "Warning: no config file specified, using the default config. "
                      "In order to specify a config file use redis-server /path/to/redis.conf")
        else:
            self._log("C", "#", "Configuration loaded")
        self._log("M", "*", f"Running mode=standalone, port={self.settings['port']}.")
        self._log("M", "#", "Server initialized")
        self._log("M", "*", "Ready to accept connections")
        self.listening = {int(self.settings["port"])}

    @staticmethod
    def _options(args: list[str]):
        """``--maxmemory 2mb --port 6380`` -> config lines, as redis appends them."""
        line: list[str] = []
        for a in args:
            if a.startswith("--"):
                if line:
                    yield " ".join(line)
                line = [a[2:]]
            else:
                line.append(a)
        if line:
            yield " ".join(line)

    def _die(self, code: int) -> None:
        self.running = False
        self.listening = set()
        self.ctx.exit(code, "Error")

    def _log(self, role: str, level: str, msg: str) -> None:
        t = simclock.EPOCH + timedelta(seconds=self.ctx.now())
        stamp = t.strftime("%d %b %Y %H:%M:%S.") + f"{t.microsecond // 1000:03d}"
        self.ctx.log(f"1:{role} {stamp} {level} {msg}")

    def signal(self, sig: str) -> None:
        if sig == "SIGTERM" and self.running:
            now = int((simclock.EPOCH + timedelta(seconds=self.ctx.now())).timestamp())
            self.ctx.log(f"1:signal-handler ({now}) Received SIGTERM scheduling shutdown...")
            self._log("M", "#", "User requested shutdown...")
            self._log("M", "*", "Saving the final RDB snapshot before exiting.")
            self._log("M", "*", "DB saved on disk")
            self._log("M", "#", "Redis is now ready to exit, bye bye...")
            self.running = False
        super().signal(sig)

    # ------------------------------------------------------------- commands
    def command(self, argv: list[str]):
        """Execute one command; the reply as a Python value (see :class:`Reply`)."""
        if not argv:
            return None
        name, args = argv[0].lower(), argv[1:]
        handler = getattr(self, "cmd_" + name.replace("-", "_"), None)
        if handler is None:
            shown = "".join(f"`{a}`, " for a in args)[:128]
            return Error(f"ERR unknown command `{argv[0]}`, with args beginning with: {shown}")
        arity = ARITY.get(name, 0)
        if (arity > 0 and len(argv) != arity) or (arity < 0 and len(argv) < -arity):
            return Error(f"ERR wrong number of arguments for '{name}' command")
        return handler(args)

    def cmd_ping(self, args):
        return Status("PONG") if not args else args[0]

    def cmd_echo(self, args):
        return args[0]

    def cmd_set(self, args):
        self.data[args[0]] = args[1]
        return Status("OK")

    def cmd_get(self, args):
        return self.data.get(args[0])

    def cmd_del(self, args):
        return sum(self.data.pop(k, None) is not None for k in args)

    def cmd_exists(self, args):
        return sum(k in self.data for k in args)

    def cmd_incr(self, args):
        value = self.data.get(args[0], "0")
        if not re.fullmatch(r"-?\d+", value):
            return Error("ERR value is not an integer or out of range")
        self.data[args[0]] = str(int(value) + 1)
        return int(self.data[args[0]])

    def cmd_keys(self, args):
        return [k for k in self.data if fnmatch.fnmatchcase(k, args[0])]

    def cmd_dbsize(self, args):
        return len(self.data)

    def cmd_flushall(self, args):
        self.data.clear()
        return Status("OK")

    cmd_flushdb = cmd_flushall

    def cmd_config(self, args):
        sub = args[0].lower()
        if sub == "get" and len(args) == 2:
            out: list[str] = []
            for name, kind, _ in CONFIG:
                if fnmatch.fnmatchcase(name, args[1].lower()):
                    out += [name, self._show(name, kind)]
            return out
        if sub == "set" and len(args) == 3:
            return self._config_set(args[1].lower(), args[2])
        if sub == "resetstat" and len(args) == 1:
            return Status("OK")
        return Error(f"ERR Unknown subcommand or wrong number of arguments for '{args[0]}'. Try CONFIG HELP.")

    def _show(self, name: str, kind: str) -> str:
        value = self.settings[name]
        if kind == "bool":
            return "yes" if value else "no"
        return str(value)

    def _config_set(self, name: str, value: str):
        kind = _KIND.get(name)
        if kind is None or name in ("port", "databases", "daemonize", "logfile", "pidfile", "bind"):
            return Error(f"ERR Unsupported CONFIG parameter: {name}")
        bad = Error(f"ERR Invalid argument '{value}' for CONFIG SET '{name}'")
        if kind == "mem":
            parsed = memtoll(value)
            if parsed is None or parsed < 0:
                return bad
            self.settings[name] = parsed
        elif kind == "int":
            if not value.lstrip("-").isdigit():
                return bad
            self.settings[name] = int(value)
        elif kind == "bool":
            if value.lower() not in ("yes", "no"):
                return bad
            self.settings[name] = value.lower() == "yes"
        elif kind == "enum":
            if value.lower() not in _ENUMS[name]:
                return bad
            self.settings[name] = value.lower()
        else:
            self.settings[name] = value
        return Status("OK")

    def cmd_info(self, args):
        used = 853296 + sum(len(k) + len(v) + 64 for k, v in self.data.items())
        maxmemory = self.settings["maxmemory"]
        sections = {
            "server": [f"redis_version:{self.version}", "redis_git_sha1:00000000", "redis_git_dirty:0",
                       "redis_mode:standalone", "os:Linux 5.15.0-1057-azure x86_64", "arch_bits:64",
                       "process_id:1", f"tcp_port:{self.settings['port']}",
                       f"uptime_in_seconds:{int(self.ctx.now() - self.started)}",
                       f"uptime_in_days:{int(self.ctx.now() - self.started) // 86400}",
                       f"hz:{self.settings['hz']}", "executable:/data/redis-server",
                       "config_file:" + next((a for a in self.ctx.args[1:] if not a.startswith("--")), "")],
            "clients": ["connected_clients:1", "blocked_clients:0"],
            "memory": [f"used_memory:{used}", f"used_memory_human:{human_bytes(used)}",
                       f"maxmemory:{maxmemory}", f"maxmemory_human:{human_bytes(maxmemory)}",
                       f"maxmemory_policy:{self.settings['maxmemory-policy']}"],
            "keyspace": [f"db0:keys={len(self.data)},expires=0,avg_ttl=0"] if self.data else [],
        }
        wanted = [args[0].lower()] if args and args[0].lower() not in ("all", "default", "everything") else list(sections)
        parts = [f"# {s.capitalize()}\r\n" + "".join(l + "\r\n" for l in sections[s]) for s in wanted if s in sections]
        return Raw("\r\n".join(parts))

    def connect(self, port: int) -> "RespConnection":
        """A client on the port: redis' own protocol, RESP, not HTTP."""
        return RespConnection(self)

    # ------------------------------------------------------------- redis-cli
    def programs(self):
        return {"redis-cli": self._cli}

    def _cli(self, sh, argv, io):
        args, raw = argv[1:], None
        while args and args[0].startswith("-"):
            opt = args.pop(0)
            if opt in ("-h", "-p", "-n", "-a") and args:
                value = args.pop(0)
                if opt == "-h" and value not in ("127.0.0.1", "localhost"):
                    io.err.write(f"Could not connect to Redis at {value}:6379: Name or service not known\n")
                    return 1
            elif opt == "--raw":
                raw = True
            elif opt == "--no-raw":
                raw = False
        tty = getattr(sh, "tty", False)
        if raw is None:
            raw = not tty
        if args:
            io.out.write(format_reply(self.command(args), raw, cmd=args[0]))
            return 0
        if tty:
            io.out.write(self.session((io.stdin or "").splitlines()))
        else:
            for line in (io.stdin or "").splitlines():
                words = _split(line)
                if words:
                    io.out.write(format_reply(self.command(words), True, cmd=words[0]))
        return 0

    def session(self, lines: list[str]) -> str:
        """The transcript of an interactive ``redis-cli`` fed these lines."""
        out = []
        for line in lines:
            out.append(f"127.0.0.1:{self.settings['port']}> {line}\n")
            words = _split(line)
            if not words:
                continue
            if words[0].lower() in ("exit", "quit"):
                break
            out.append(format_reply(self.command(words), False, cmd=words[0]))
        return "".join(out)


ARITY = {"ping": -1, "echo": 2, "set": -3, "get": 2, "del": -2, "exists": -2, "incr": 2, "keys": 2,
         "dbsize": 1, "flushall": -1, "flushdb": -1, "config": -2, "info": -1}


class Status(str):
    """A status reply (``+OK``)."""


class Error(str):
    """An error reply (``-ERR ...``)."""


class Raw(str):
    """A bulk reply redis-cli prints verbatim (INFO)."""


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def format_reply(reply, raw: bool, cmd: str = "", prefix: str = "") -> str:
    """redis-cli's cliFormatReplyRaw (+ newline) or cliFormatReplyTTY."""
    if isinstance(reply, Raw):
        return str(reply)
    if raw:
        return _raw(reply) + "\n"
    return _tty(reply, prefix)


def _raw(r) -> str:
    if r is None:
        return ""
    if isinstance(r, Error):
        return f"{r}\n"
    if isinstance(r, list):
        return "\n".join(_raw(x) for x in r)
    return str(r)


def _tty(r, prefix: str) -> str:
    if isinstance(r, Error):
        return f"(error) {r}\n"
    if isinstance(r, Status):
        return f"{r}\n"
    if isinstance(r, bool) or isinstance(r, int):
        return f"(integer) {int(r)}\n"
    if r is None:
        return "(nil)\n"
    if isinstance(r, list):
        if not r:
            return "(empty list or set)\n"
        width = len(str(len(r)))
        inner = prefix + " " * (width + 2)
        return "".join(f"{prefix if i else ''}{i + 1:>{width}}) " + _tty(x, inner) for i, x in enumerate(r))
    return _repr(str(r)) + "\n"


def _repr(s: str) -> str:
    """sdscatrepr: double quotes, C escapes, \\xHH for the unprintable."""
    out = ['"']
    for ch in s:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch in "\n\r\t\a\b":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\a": "\\a", "\b": "\\b"}[ch])
        elif ch.isprintable() and ord(ch) < 128:
            out.append(ch)
        else:
            out.append("".join(f"\\x{b:02x}" for b in ch.encode()))
    return "".join(out) + '"'


# ------------------------------------------------------------------ the wire
class RespConnection:
    """One client connection as redis 5 reads it (networking.c processInputBuffer):
    RESP arrays of bulk strings (``*1\\r\\n$4\\r\\nPING\\r\\n``, what redis-cli and
    client libraries send) or inline commands (``PING\\r\\n``, telnet), each answered
    in RESP.  ``QUIT`` and protocol errors close the connection after the reply; an
    HTTP request (``POST``, ``Host:``) closes it with no reply, as redis' guard
    against cross-protocol scripting does.

    >>> class Ctx: args = ["redis-server"]; now = staticmethod(lambda: 0.0); log = print
    >>> server = RedisServer(Ctx())
    >>> server.settings, server.data = {name: default for name, _, default in CONFIG}, {}
    >>> conn = RespConnection(server)
    >>> conn.receive(b"*1\\r\\n$4\\r\\nPING\\r\\n*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$2\\r\\nhi\\r\\n*2\\r\\n$3\\r\\nGET")
    b'+PONG\\r\\n+OK\\r\\n'
    >>> conn.receive(b"\\r\\n$1\\r\\nk\\r\\nget nope\\r\\nQUIT\\r\\n"), conn.closed
    (b'$2\\r\\nhi\\r\\n$-1\\r\\n+OK\\r\\n', True)
    """

    INLINE_MAX = 64 * 1024            # PROTO_INLINE_MAX_SIZE
    BULK_MAX = 512 * 1024 * 1024      # proto-max-bulk-len

    def __init__(self, server: RedisServer):
        self.server = server
        self.closed = False
        self._buf = b""

    def receive(self, data: bytes) -> bytes:
        if self.closed:
            return b""
        self._buf += data
        out = []
        while self._buf and not self.closed:
            argv = self._inline() if self._buf[:1] != b"*" else self._multibulk()
            if argv is None:
                break
            if isinstance(argv, Error):
                out.append(encode(argv))
                self.closed = True
            elif argv:
                out.append(self._call([a.decode("utf-8", "replace") for a in argv]))
        return b"".join(out)

    def _call(self, argv: list[str]) -> bytes:
        name = argv[0].lower()
        if name == "quit":
            self.closed = True
            return encode(Status("OK"))
        if name in ("post", "host:"):
            self.server._log("M", "#", "Possible SECURITY ATTACK detected. It looks like somebody is sending POST "
                             "or Host: commands to Redis. This is likely due to an attacker attempting to use Cross "
                             "Protocol Scripting to compromise your Redis instance. Connection aborted.")
            self.closed = True
            return b""
        return encode(self.server.command(argv))

    def _inline(self):
        end = self._buf.find(b"\n")
        if end < 0:
            return Error("ERR Protocol error: too big inline request") if len(self._buf) > self.INLINE_MAX else None
        line, self._buf = self._buf[:end].rstrip(b"\r"), self._buf[end + 1:]
        try:
            return [w.encode() for w in shlex.split(line.decode("utf-8", "replace"))]
        except ValueError:
            return Error("ERR Protocol error: unbalanced quotes in request")

    def _multibulk(self):
        """A whole ``*N`` array of bulk strings off the buffer, or None while it is incomplete."""
        buf, pos = self._buf, 0
        end = buf.find(b"\r\n")
        if end < 0:
            return Error("ERR Protocol error: too big mbulk count string") if len(buf) > self.INLINE_MAX else None
        count = _integer(buf[1:end])
        if count is None or count > 1024 * 1024:
            return Error("ERR Protocol error: invalid multibulk length")
        pos, argv = end + 2, []
        for _ in range(max(count, 0)):
            end = buf.find(b"\r\n", pos)
            if end < 0:
                return None
            if buf[pos:pos + 1] != b"$":
                return Error(f"ERR Protocol error: expected '$', got '{buf[pos:pos + 1].decode('latin-1')}'")
            size = _integer(buf[pos + 1:end])
            if size is None or size < 0 or size > self.BULK_MAX:
                return Error("ERR Protocol error: invalid bulk length")
            start = end + 2
            if len(buf) < start + size + 2:
                return None
            argv.append(buf[start:start + size])
            pos = start + size + 2
        self._buf = buf[pos:]
        return argv


def _integer(text: bytes) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def encode(reply) -> bytes:
    """A command's reply in RESP (``+`` status, ``-`` error, ``:`` integer, ``$`` bulk, ``*`` array)."""
    if isinstance(reply, Error):
        return f"-{reply}\r\n".encode()
    if isinstance(reply, Status):
        return f"+{reply}\r\n".encode()
    if isinstance(reply, (bool, int)):
        return f":{int(reply)}\r\n".encode()
    if reply is None:
        return b"$-1\r\n"
    if isinstance(reply, list):
        return f"*{len(reply)}\r\n".encode() + b"".join(encode(r) for r in reply)
    data = str(reply).encode()
    return f"${len(data)}\r\n".encode() + data + b"\r\n"
