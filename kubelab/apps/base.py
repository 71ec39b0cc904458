"""What a simulated container program is, and what the runtime gives it.

The kubelet's container runtime starts an :class:`App` for each container with a
:class:`ContainerContext`.  Apps never touch the host: their files live in
``ctx.fs`` (a :class:`FileSystem` shared with the pod's volumes), their time is
the cluster's simulated clock, their output goes to ``ctx.log``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, AbstractSet, Any, Callable, Mapping, NamedTuple, Protocol

from .shellio import START_FAILED, exec_not_found

if TYPE_CHECKING:
    from .toolbox import Toolbox


class Request(NamedTuple):
    """An HTTP request as a program receives it.  Immutable: a hop that changes
    it (kube-proxy's SNAT, the port it lands on) makes a new one with
    ``_replace``, so a server may remember a request it has answered."""
    method: str = "GET"
    path: str = "/"
    host: str = ""                 # Host header, e.g. "192.168.49.2:31000"
    port: int = 80                 # the container port the request arrived on
    client_ip: str = ""
    headers: Mapping[str, str] = MappingProxyType({})
    body: str = ""


@dataclass
class Response:
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    #: simulated seconds the server took to answer (a client that waits for the
    #: answer, like wget, is that much later for its next request)
    elapsed: float = 0.0
    #: the length of the body a GET would have had, for an answer to HEAD that
    #: carries none (its Content-Length: RFC 9110 9.3.2); None: the body's own
    length: int | None = None


#: the mounts of a filesystem with none (shared; ``mount`` gives it a dict of its own)
_NO_MOUNTS: Mapping[str, "FileSystem"] = MappingProxyType({})
_NOTHING: AbstractSet[str] = frozenset()
#: the files written to a filesystem before the first write (shared, never changed)
_NO_FILES: Mapping[str, str] = MappingProxyType({})


@dataclass
class ExecResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0


class FileSystem:
    """A container's simulated filesystem: absolute paths to text.  Volume mounts
    are other FileSystem objects grafted at a path, so a pod's containers that
    mount the same emptyDir see each other's writes.

    ``files`` holds what was written; under it lie read-only ``layers`` (the
    image's files, the kubelet's /etc/hosts...: mappings shared by every
    container of an image, or computed when read), as an overlay filesystem's
    lower directories: a write lands in ``files``, a removal of a lower file
    hides it.  A container at rest holds little of its own.

    >>> fs = FileSystem()
    >>> fs.lay_under({"/etc/motd": "hi\\n", "/etc/issue": "x\\n"})
    >>> fs.read("/etc/motd"), fs.write("/etc/motd", "!", append=True), fs.read("/etc/motd")
    ('hi\\n', True, 'hi\\n!')
    >>> fs.remove("/etc/issue"), fs.exists("/etc/issue"), fs.listdir("/etc")
    (True, False, ['motd'])
    """

    __slots__ = ("_files", "mounts", "read_only", "layers", "hidden")

    def __init__(self) -> None:
        self._files: Mapping[str, str] = _NO_FILES               # a dict of its own at the first write
        self.mounts: Mapping[str, "FileSystem"] = _NO_MOUNTS      # a dict of its own once something is mounted
        self.read_only: tuple[str, ...] = ()                      # mount points mounted read-only
        self.layers: tuple[Mapping[str, str], ...] = ()          # read-only lower layers, upper first
        self.hidden: AbstractSet[str] = _NOTHING                  # lower files removed

    @property
    def files(self) -> dict[str, str]:
        """What was written here (a dict of its own from the first ask: a container
        that writes nothing, as most do, holds none)."""
        files = self._files
        if files is _NO_FILES:
            files = self._files = {}
        return files  # type: ignore[return-value]

    @files.setter
    def files(self, files: dict[str, str]) -> None:
        self._files = files

    def lay_under(self, files: Mapping[str, str]) -> None:
        """Put ``files`` (never changed afterwards) under everything there is."""
        self.layers = (*self.layers, files)

    def mount(self, path: str, fs: "FileSystem", read_only: bool = False) -> None:
        norm = "/" + path.strip("/")
        path = path if norm == path else norm        # the spec's own string when it is already so
        if self.mounts is _NO_MOUNTS:
            self.mounts = {}
        self.mounts[path] = fs
        if read_only and path not in self.read_only:
            self.read_only = (*self.read_only, path)

    def _resolve(self, path: str) -> tuple["FileSystem", str, str | None]:
        path = "/" + path.strip("/")
        if self.mounts:
            for mp in sorted(self.mounts, key=len, reverse=True):
                if path == mp or path.startswith(mp + "/"):
                    return self.mounts[mp], path[len(mp):] or "/", mp
        return self, path, None

    def mount_of(self, path: str) -> str | None:
        """The mount point ``path`` lies under (None: this filesystem's own)."""
        return self._resolve(path)[2]

    def _own(self, rel: str) -> str | None:
        """A file of this filesystem itself (not of a mount), whichever layer has it."""
        text = self._files.get(rel)
        if text is None and self.layers and rel not in self.hidden:
            for layer in self.layers:
                text = layer.get(rel)
                if text is not None:
                    break
        return text

    def read(self, path: str) -> str | None:
        fs, rel, mp = self._resolve(path)
        return fs._own(rel) if mp is not None else self._own(rel)

    def write(self, path: str, text: str, append: bool = False) -> bool:
        """False when the path is on a read-only mount."""
        fs, rel, mp = self._resolve(path)
        if mp in self.read_only:
            return False
        target = fs if mp is not None else self
        target.files[rel] = ((target._own(rel) or "") + text) if append else text
        return True

    def remove(self, path: str) -> bool:
        fs, rel, mp = self._resolve(path)
        if mp in self.read_only:
            return False
        target = fs if mp is not None else self
        found = target._files is not _NO_FILES and target.files.pop(rel, None) is not None
        if target.layers and rel not in target.hidden and any(rel in layer for layer in target.layers):
            target.hidden = target.hidden | {rel}
            found = True
        return found

    def exists(self, path: str) -> bool:
        return self.read(path) is not None or self.is_dir(path)

    def is_dir(self, path: str) -> bool:
        path = "/" + path.strip("/")
        if path == "/" or path in self.mounts:
            return True
        prefix = path + "/"
        return any(p.startswith(prefix) for p in self.listdir_all()) or any(m.startswith(prefix) for m in self.mounts)

    def _paths(self) -> list[str]:
        if not self.layers:
            return list(self._files)
        names = set(self._files)
        for layer in self.layers:
            names.update(layer)
        names.difference_update(p for p in self.hidden if p not in self._files)
        return list(names)

    def listdir_all(self) -> list[str]:
        out = self._paths()
        for mp, fs in self.mounts.items():
            out.extend(mp + (p if p != "/" else "") for p in fs._paths())
        return sorted(out)

    def listdir(self, path: str) -> list[str]:
        path = "/" + path.strip("/")
        prefix = "/" if path == "/" else path + "/"
        names = set()
        for p in self.listdir_all() + list(self.mounts):
            if p.startswith(prefix) and p != path:
                names.add(p[len(prefix):].split("/")[0])
        return sorted(names)


class ContainerContext(Protocol):
    """What the runtime gives a running program."""
    pod: dict                      # the Pod as the kubelet saw it at start (read-only)
    container: dict                # this container's spec
    env: dict[str, str]            # resolved environment
    fs: FileSystem
    hostname: str                  # the pod name
    pod_ip: str
    node_name: str
    args: list[str]                # command + args as the container will run them

    def now(self) -> float: ...
    def log(self, line: str) -> None: ...
    def exit(self, code: int, reason: str | None = None) -> None: ...
    def schedule(self, delay: float, fn: Callable[[], None]) -> Any: ...
    def http(self, url: str, method: str = "GET") -> Response | None: ...   # outbound, through cluster DNS/Services
    def lookup(self, name: str) -> Any: ...   # DNS: (server ip, its name, [(ip, name)]) or None when DNS is down


class App:
    """Base class of simulated programs.  Subclasses override what they do."""

    #: ports the program listens on when started (a set of ints), unless the
    #: program computes them from its config in start().
    ports: frozenset[int] = frozenset()
    #: seconds from start until the program is serving (readiness of the process itself)
    startup_seconds: float = 0.0
    #: whether SIGTERM makes it exit (a `sleep` as PID 1 ignores it)
    handles_sigterm: bool = True
    #: the signal the runtime stops the container with: the image's STOPSIGNAL
    #: (set when the container starts; nginx's images say SIGQUIT)
    stop_signal: str = "SIGTERM"
    #: cores the process keeps busy doing nothing in particular (timers, its runtime's
    #: housekeeping): what ``kubectl top`` shows of an idle container, 1m
    idle_cores: float = 0.001
    #: its resident memory (the working set the kubelet reports)
    memory_bytes: int = 8 * 2**20

    def __init__(self, ctx: ContainerContext, toolbox: "Toolbox | None" = None):
        self.ctx = ctx
        now = getattr(ctx, "now", None)
        self.born = now() if callable(now) else 0.0
        #: the programs on the container's PATH, given by the runtime at start
        #: (None: a program built outside a container, with nothing to exec)
        self.toolbox = toolbox
        self.listening: AbstractSet[int] = self.ports     # replaced, never changed in place
        self.running = True

    def start(self) -> None:
        """Called once when the container starts."""

    def http(self, req: Request) -> Response:
        return Response(404, "404 page not found\n")

    def connect(self, port: int) -> Any:
        """A TCP connection accepted on ``port`` (what ``kubectl port-forward``
        carries): a :class:`~.tcp.Connection` reading the client's bytes in the
        program's protocol.  None: the program is an HTTP/1.1 server answering
        through :meth:`http` (:class:`~.tcp.HttpConnection` reads the bytes)."""
        return None

    def programs(self) -> Mapping[str, Callable]:
        """Commands this program adds to its container (``redis-cli`` beside redis-server)."""
        return {}

    def _tools(self) -> "Toolbox | None":
        box = self.toolbox
        extra = self.programs()
        return box.with_programs(extra) if box is not None else None

    def exec(self, argv: list[str], stdin: str | None = None, tty: bool = False) -> ExecResult:
        """``kubectl exec``: run a program of the container's image."""
        box = self._tools()
        if box is None:
            return ExecResult("", exec_not_found(argv[0] if argv else ""), START_FAILED)
        return box.exec(self.ctx, argv, stdin, tty=tty)

    def console(self, argv: list[str], tty: bool) -> Any:
        """``kubectl exec -i POD -- sh``: a shell of the image reading what is typed
        (a :class:`~.interactive.Console`), or None when ``argv`` is not such a shell
        or the image has none (the exec then runs, and fails, as any command)."""
        from .interactive import Console, is_interactive_shell
        from .shellio import Flavour
        box = self._tools()
        if box is None or not is_interactive_shell(argv) or not box.has(argv[0]):
            return None
        shell = box.shell(self.ctx)
        shell.session = True                              # a shell someone types into (ps lists it)
        if argv[0].rsplit("/", 1)[-1] == "bash":          # bash asked for by name, whatever /bin/sh is
            shell.flavour = Flavour("bash", "bash")
        return Console(shell, tty, self.ctx.hostname)

    #: the container's own interactive shell (``stdin: true`` and a shell as its
    #: command: ``kubectl run -it ... -- sh``), which ``kubectl attach`` talks to
    attached_console: Any = None

    def exec_timed(self, argv: list[str]) -> tuple[ExecResult, float]:
        """A lifecycle hook's command: its result and how long it takes in simulated seconds."""
        box = self._tools()
        if box is None:
            return self.exec(argv), 0.0
        return box.exec_timed(self.ctx, argv)

    def signal(self, sig: str) -> None:
        """SIGTERM: exit 0 if the program handles it; SIGKILL: exit 137."""
        if sig == "SIGKILL":
            self.ctx.exit(137, "Error")
        elif sig in ("SIGTERM", "SIGQUIT", "SIGINT") and self.handles_sigterm:
            self.ctx.exit(0, "Completed")

    def cpu_used(self, t: float | None = None) -> float:
        """CPU seconds spent since the program started, by ``t`` (now): the
        cumulative counter the kubelet reads from the container's cgroup.  An
        idle program spends ``idle_cores``; a program that works overrides this."""
        t = self.ctx.now() if t is None else t
        return max(0.0, t - self.born) * self.idle_cores

    def is_listening(self, port: int) -> bool:
        return self.running and port in self.listening
