"""The container runtime's view of one container: its state machine, the
context a simulated program runs in, and the kubelet's back-off bookkeeping.

Containers of one pod share a network namespace: a program that calls
``http://localhost:PORT/`` (or the pod's own IP) reaches whichever sibling
container listens on PORT, without leaving the pod (see :meth:`Context.http`).
"""
from __future__ import annotations

from array import array
from types import MappingProxyType
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping

from ..api.meta import Obj
from ..api.sharing import EMPTY
from ..apps.base import App, FileSystem, Response
from .env import process_env

if TYPE_CHECKING:
    from .kubelet import Kubelet


class ContainerLog:
    """One run's log: (time, line) pairs, kept as an array of times and a list
    of lines.  Neither holds objects the garbage collector has to track, so a
    log that grows by a line per probe (an access log) costs no GC passes; a
    log with no line yet holds nothing of its own (the shared empty ones).

    >>> log = ContainerLog()
    >>> log.append(1.0, "a"); log.append(2.5, "b")
    >>> list(log), len(log), bool(ContainerLog())
    ([(1.0, 'a'), (2.5, 'b')], 2, False)
    """

    __slots__ = ("times", "lines")

    def __init__(self) -> None:
        self.times: array = _NO_TIMES         # replaced by an array of its own at the first line
        self.lines: list[str] = _NO_LINES     # (read-only until then)

    def append(self, t: float, line: str) -> None:
        if self.lines is _NO_LINES:
            self.times, self.lines = array("d"), []
        self.times.append(t)
        self.lines.append(line)

    def __iter__(self) -> Iterator[tuple[float, str]]:
        return zip(self.times, self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def since(self, index: int) -> list[tuple[float, str]]:
        """The pairs from ``index`` on (a log stream's next read)."""
        return list(zip(self.times[index:], self.lines[index:]))


_NO_TIMES = array("d")
_NO_LINES: list[str] = []      # never appended to: ContainerLog.append replaces it first


#: the previous run's log of a container that has not restarted (one shared empty log)
NO_PREVIOUS_LOG = ContainerLog()


#: a container's first state, and its lastState before it has one (shared:
#: a container's states are replaced, never changed in place)
CREATING: dict = {"waiting": {"reason": "ContainerCreating"}}
NO_LAST_STATE: dict = EMPTY      # the store's Sharer knows this one by identity (no lookup a pod)
#: a pod worker's volumes before they are set up
NO_VOLUMES: "Mapping[str, FileSystem]" = MappingProxyType({})


@dataclass(slots=True)
class ContainerState:
    name: str
    spec: dict
    init: bool = False
    state: dict = field(default_factory=lambda: CREATING)
    last_state: dict = field(default_factory=lambda: NO_LAST_STATE)
    restart_count: int = 0
    ready: bool = False
    started: bool | None = False
    image_id: str = ""
    container_id: str = ""
    app: App | None = None
    ctx: "Context | None" = None
    logs: ContainerLog = NO_PREVIOUS_LOG          # empty until its first start gives it a log of its own
    previous_logs: ContainerLog = NO_PREVIOUS_LOG   # replaced by the ended run's log, never appended to
    backoff_timer: Any = None
    started_at: float | None = None
    stopping: bool = False
    kill_timer: Any = None
    kill_reason: str = ""                 # why the kubelet is stopping it (liveness, startup, deletion)
    finished_at: float | None = None      # when it last exited
    pull_error: str = ""                  # the last pull error, for the back-off message
    pull_pending: bool = False            # a pull, its back-off or the start after it is under way
    probe_workers: tuple = ()             # replaced, never changed in place
    stop_signal: str = "SIGTERM"          # the image's STOPSIGNAL, sent to stop the container
    status_memo: tuple | None = None      # (what it was made from, the containerStatuses entry): statuswriter

    @property
    def running(self) -> bool:
        return "running" in self.state

    @property
    def terminated(self) -> bool:
        return "terminated" in self.state


class Context:
    """The ContainerContext given to a simulated program.

    It holds little of its own: ``pod`` is made from the pod worker's pod when
    asked for, ``env`` (the process environment) is built the first time
    a program reads it, from what the kubelet resolved at the start, and so is
    ``fs`` when the kubelet gives a function that makes it (most containers of a
    Deployment are never looked into)."""

    __slots__ = ("_kubelet", "_cstate", "_generation", "_worker", "_env", "_fs", "_make_fs", "container", "args",
                 "hostname", "pod_ip", "node_name")

    def __init__(self, kubelet: "Kubelet", worker: "PodWorker", cstate: ContainerState, env: "dict[str, str] | tuple",
                 fs: "FileSystem | Callable[[], FileSystem]", args: list[str], generation: int):
        self._kubelet = kubelet
        self._cstate = cstate
        self._generation = generation      # which run of the container this context belongs to
        self._worker = worker
        self._env = env                    # the environment, or (image info, the kubelet's variables, runtime)
        self.container = cstate.spec
        if isinstance(fs, FileSystem):
            self._fs, self._make_fs = fs, None
        else:
            self._fs, self._make_fs = None, fs   # made when first read
        self.args = args
        self.pod_ip = worker.ip
        self.hostname = worker.pod["metadata"]["name"]
        self.node_name = kubelet.node_name

    @property
    def pod(self) -> dict:
        """The program's pod: what it is (metadata, spec) and its IP, the source
        address the network reads there — not the status of the moment."""
        pod = self._worker.pod
        seen = {k: v for k, v in pod.items() if k != "status"}
        seen["status"] = {"podIP": self.pod_ip}
        return seen

    @property
    def fs(self) -> FileSystem:
        """The container's filesystem (made now if the kubelet left it to be made when read)."""
        fs = self._fs
        if fs is None:
            fs = self._fs = self._make_fs()
            self._make_fs = None
        return fs

    @property
    def env(self) -> dict[str, str]:
        env = self._env
        if type(env) is tuple:
            info, resolved, runtime = env
            env = self._env = process_env(self._worker.pod, getattr(info, "env", None), resolved,
                                          getattr(info, "home", "/root"), runtime)
        return env

    @env.setter
    def env(self, value: dict[str, str]) -> None:
        self._env = value

    def _alive(self) -> bool:
        return self._cstate.ctx is self and self._cstate.running

    def now(self) -> float:
        return self._kubelet.clock.now

    def log(self, line: str) -> None:
        if self._cstate.ctx is self:
            now, logs = self._kubelet.clock.now, self._cstate.logs
            if type(line) is str and "\n" not in line and logs.lines is not _NO_LINES:
                logs.times.append(now)          # ContainerLog.append, inlined: a line per request
                logs.lines.append(line)
                return
            for part in str(line).split("\n") if line else [""]:
                logs.append(now, part)

    def exit(self, code: int, reason: str | None = None) -> None:
        if self._alive():
            self._kubelet.container_exited(self.pod, self._cstate, code, reason)

    def schedule(self, delay: float, fn: Callable[[], None]) -> Any:
        def guarded() -> None:
            if self._alive():
                fn()
        return self._kubelet.clock.schedule(delay, guarded, label=f"program {self.hostname}/{self._cstate.name}")

    def lookup(self, name: str):
        """A DNS lookup through the pod's resolver (see Network.pod_lookup)."""
        hook = getattr(self._kubelet, "network_dns", None)
        return hook(self.pod, name) if hook is not None else None

    def http(self, url: str, method: str = "GET") -> Response | None:
        local = self._kubelet.pod_local_http(self.pod, url, method)
        if local is not None:
            return local
        hook = self._kubelet.network_http
        if hook is None:
            return None
        return hook(self.pod, url, method)


# Simulated times are floats: a retry scheduled for "last update + back-off"
# may land a rounding error short of it, and must not count as still inside.
_EPSILON = 1e-6


class Backoff:
    """client-go's ``flowcontrol.Backoff`` as the kubelet uses it (no jitter).

    One entry per key: the current back-off and when it was last moved on.  An
    entry whose last update is more than twice the maximum (10 minutes for the
    kubelet's 10 s .. 300 s) before the event is stale and starts over.

    >>> b = Backoff(10, 300)
    >>> b.next("c", 0, now=0); b.get("c")               # first exit: restart at once
    10.0
    >>> b.is_in_backoff_since("c", 5, now=9)            # second exit at 5 s: wait 10 s
    True
    >>> b.is_in_backoff_since("c", 5, now=15)
    False
    """

    def __init__(self, initial: float, maximum: float):
        self.initial = float(initial)
        self.maximum = float(maximum)
        self.entries: dict[str, list[float]] = {}     # key -> [backoff, last_update]

    def get(self, key: str) -> float:
        entry = self.entries.get(key)
        return entry[0] if entry else 0.0

    def _expired(self, event_time: float, last_update: float) -> bool:
        return event_time - last_update > 2 * self.maximum

    def next(self, key: str, event_time: float, now: float) -> None:
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry[1]):
            self.entries[key] = [self.initial, now]
        else:
            entry[0] = min(entry[0] * 2, self.maximum)
            entry[1] = now

    def is_in_backoff_since(self, key: str, event_time: float, now: float) -> bool:
        """Still inside the window that started at ``event_time`` (a container's finishedAt)."""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry[1]):
            return False
        return now - event_time < entry[0] - _EPSILON

    def is_in_backoff_since_update(self, key: str, now: float) -> bool:
        """Still inside the window that started at the last update (image pulls)."""
        entry = self.entries.get(key)
        if entry is None or self._expired(now, entry[1]):
            return False
        return now - entry[1] < entry[0] - _EPSILON

    def remaining_since(self, key: str, event_time: float, now: float) -> float:
        entry = self.entries.get(key)
        return max(0.0, event_time + entry[0] - now) if entry else 0.0

    def delete(self, key: str) -> None:
        self.entries.pop(key, None)


@dataclass(slots=True)
class PodWorker:
    key: str
    uid: str
    pod: Obj
    # the init containers, then the app containers, each in the spec's order (the order of
    # init_order + app_order: statuswriter.pod_status finds each one's made_from part by it)
    containers: dict[str, ContainerState] = field(default_factory=dict)
    init_order: tuple[str, ...] = ()
    app_order: tuple[str, ...] = ()
    sandbox_ready: bool = False
    ip: str = ""
    volumes: Mapping[str, FileSystem] = field(default_factory=lambda: NO_VOLUMES)   # replaced when mounted
    start_time: str = ""
    terminating: bool = False
    kill_timer: Any = None
    done: bool = False                 # terminal phase reached: nothing more to run
    removed: bool = False
    terminal: bool = False             # deleted and every container stopped: phase is final
    refresh_timer: Any = None          # a pending re-projection of configMap/secret volumes
    # The status manager's cache (status_manager.go podStatuses): what the worker's
    # status was made from, and the stored status it matched then.
    status_made_from: tuple | None = None
    status_seen: Any = None
    echo: Any = None                   # the pod as its own status write left it, for the next sync (Kubelet._on_pod)
