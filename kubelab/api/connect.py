"""The connect subresources: what the API serves that is not a stored object.

``pods/log``, ``pods/exec``, ``pods/attach``, ``pods/portforward``, ``pods/proxy``
and ``services/proxy``.  The apiserver answers them by checking the request
against the stored pod (or Service) and then proxying to whoever really
answers: the kubelet of the pod's node for log, exec, attach and portforward,
the network for the proxy paths.  Those components register here at wiring time
(:meth:`Connector.add_node`, :meth:`Connector.add_proxy`); clients (kubectl's
emulation, the HTTP server) only ever call :meth:`Connector.connect`, which the
store exposes as ``store.connect(resource, name, namespace, subresource, options)``.

Options are the API's own types, with the query parameters' names:

=================  ======================  =========================================
subresource        options                 query parameters
=================  ======================  =========================================
``pods/log``       :class:`PodLogOptions`  container follow previous sinceSeconds
                                           sinceTime timestamps tailLines limitBytes
``pods/exec``      :class:`PodExecOptions` command (repeated) container stdin stdout
                                           stderr tty
``pods/attach``    :class:`PodAttachOptions` container stdin stdout stderr tty
``pods/portforward`` :class:`PodPortForwardOptions` ports (repeated)
``*/proxy``        :class:`ProxyOptions`   path (plus the request's method, headers
                                           and body)
=================  ======================  =========================================

``options`` may be the dataclass, ``None`` (the defaults) or a mapping of query
parameters as an HTTP server parsed them (``{"tailLines": "2"}`` or lists of
strings); :meth:`from_query` turns those into the dataclass, answering a bad
value with 400 BadRequest as the apiserver's parameter codec does.

Results are streams, as the HTTP API shapes them:

* log: a :class:`LogStream`.  ``read()`` returns the text available now (the
  kubelet applies ``tailLines`` when the stream opens, then ``sinceSeconds`` /
  ``sinceTime``, ``timestamps`` and ``limitBytes``); with ``follow`` later
  ``read()`` calls return what the container logged since, as the simulated
  clock advances, until ``done`` (the container's run ended).  ``read_chunks()``
  gives the same as ``(time, text)`` pieces.
* exec and attach: a :class:`StreamSession`.  ``write(data)`` and ``close()`` are
  the stdin channel (a simulated program runs to completion, so an exec with
  ``stdin`` runs when stdin is closed; without it, at once); ``read()`` returns
  ``(stdout, stderr)`` written since the last read; ``status`` is the
  metav1.Status the error channel carries at the end (``None`` while running):
  ``{"status": "Success"}``, or for a non-zero exit
  ``{"status": "Failure", "reason": "NonZeroExitCode", "details": {"causes":
  [{"reason": "ExitCode", "message": "1"}]}, "message": "command terminated with
  non-zero exit code: ..."}``, or 500 InternalError when the command could not
  start.  Attach ends (``Success``) when the container's run ends.
* portforward: a :class:`PortForward`; ``dial(port)`` opens a connection to a
  port of the pod's network namespace (``None``: nothing listens, the
  connection is refused); the connection's ``request(req)`` carries one HTTP
  request (the simulated programs' ``Request``) and returns its ``Response``;
  ``exchange(data)`` carries bytes as a TCP stream does, returning what the
  program writes back (it reads its own protocol: HTTP/1.1, redis' RESP), and
  ``closed`` says the program has closed the connection.
* proxy: the answer of the pod or Service, an object with ``status``, ``headers``
  and ``body``.

For the HTTP server, one call per request, the query string as ``options``:

* ``GET /api/v1/namespaces/NS/pods/NAME/log?container=&follow=&previous=&tailLines=&sinceSeconds=
  &sinceTime=&timestamps=&limitBytes=`` → ``connect("pods", NAME, NS, "log", query)``: send
  ``read()`` as the body (text/plain); with ``follow``, keep the response open and send each
  later ``read()`` as the clock advances, until ``done``.
* ``.../pods/NAME/exec?command=sh&command=-c&command=...&container=&stdin=&stdout=&stderr=&tty=``
  and ``.../attach?...`` (WebSocket ``v4.channel.k8s.io`` / ``v5``): channel 0 → ``write()``
  (``close()`` at EOF: channel 255 in v5, or when the client closes stdin), ``read()`` → channels
  1 and 2, and ``json.dumps(status)`` on channel 3 once ``done``.
* ``.../pods/NAME/portforward?ports=80`` (WebSocket ``portforward.k8s.io``, channels 2n data and
  2n+1 error, each opening with the port as two little-endian bytes): ``dial(port).exchange(data)``
  for the bytes as they come; a ``None`` dial is the error channel's ``connection refused``.
* ``.../pods/NAME[:PORT]/proxy/PATH`` and ``.../services/[SCHEME:]NAME[:PORT]/proxy/PATH`` →
  ``connect(..., "proxy", ProxyOptions(path="/PATH?QUERY", method=..., headers=..., body=...))``.

An :class:`~kubelab.api.errors.ApiError` raised by ``connect`` is the response's Status (its
``code``); :class:`UpgradeError` is the node refusing the stream upgrade.

The apiserver's checks come first and raise :class:`~kubelab.api.errors.ApiError`
with the apiserver's words: the pod is not found (404), ``container X is not
valid for pod Y`` (400), a container still waiting (``container "x" in pod "y"
is waiting to start: ContainerCreating``), ``previous terminated container "x" in
pod "y" not found`` (400).  Upstream the last two are the kubelet's
validateContainerLogStatus, made from the same container statuses the pod
carries; they are made here, once, and reach the client unchanged.

>>> from kubelab.api.store import Store
>>> from kubelab.clock import Clock
>>> import random
>>> store = Store(Clock(), random.Random(0))
>>> _ = store.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
>>> _ = store.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
...                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}})
>>> store.connect("pods", "web", "default", "log", {"container": "db"})
Traceback (most recent call last):
...
kubelab.api.errors.ApiError: container db is not valid for pod web
>>> store.connect("pods", "web", "default", "log").read()     # not on a node yet: empty
''
>>> PodLogOptions.from_query({"tailLines": ["2"], "follow": "true"})
PodLogOptions(container='', follow=True, previous=False, sinceSeconds=None, sinceTime=None, timestamps=False, tailLines=2, limitBytes=None)
>>> exit_status(3, "error executing command [sh -c exit 3], exit code 3")["details"]
{'causes': [{'reason': 'ExitCode', 'message': '3'}]}
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol

from . import errors
from .meta import Obj

if TYPE_CHECKING:
    from .store import Store


# ------------------------------------------------------------------ options
class _Query:
    """Options built from URL query parameters (the apiserver's parameter codec)."""

    @classmethod
    def from_query(cls, query: Mapping[str, Any]):
        kwargs: dict[str, Any] = {}
        for f in fields(cls):                       # type: ignore[arg-type]
            if f.name not in query:
                continue
            raw = query[f.name]
            values = list(raw) if isinstance(raw, (list, tuple)) else [raw]
            kind = str(f.type)
            try:
                if kind.startswith("tuple"):
                    kwargs[f.name] = tuple(int(v) for v in values) if "int" in kind else tuple(str(v) for v in values)
                elif kind.startswith("bool"):
                    kwargs[f.name] = _parse_bool(values[0])
                elif kind.startswith("int"):
                    kwargs[f.name] = int(values[0])
                else:
                    kwargs[f.name] = str(values[0])
            except ValueError:
                raise errors.bad_request(f'invalid value "{values[0]}" for query parameter "{f.name}"')
        return cls(**kwargs)


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).lower()
    if text in ("1", "t", "true", ""):
        return True
    if text in ("0", "f", "false"):
        return False
    raise ValueError(value)


@dataclass(frozen=True)
class PodLogOptions(_Query):
    container: str = ""
    follow: bool = False
    previous: bool = False
    sinceSeconds: int | None = None
    sinceTime: str | None = None          # RFC 3339
    timestamps: bool = False
    tailLines: int | None = None
    limitBytes: int | None = None


@dataclass(frozen=True)
class PodExecOptions(_Query):
    command: tuple[str, ...] = ()
    container: str = ""
    stdin: bool = False
    stdout: bool = True
    stderr: bool = True
    tty: bool = False


@dataclass(frozen=True)
class PodAttachOptions(_Query):
    container: str = ""
    stdin: bool = False
    stdout: bool = True
    stderr: bool = True
    tty: bool = False


@dataclass(frozen=True)
class PodPortForwardOptions(_Query):
    ports: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProxyOptions(_Query):
    """The proxied request: ``path`` (the URL's tail after ``/proxy``, with its
    query string), and the request's method, headers and body."""
    path: str = "/"
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""


OPTIONS: dict[tuple[str, str], type] = {
    ("pods", "log"): PodLogOptions, ("pods", "exec"): PodExecOptions, ("pods", "attach"): PodAttachOptions,
    ("pods", "portforward"): PodPortForwardOptions, ("pods", "proxy"): ProxyOptions,
    ("services", "proxy"): ProxyOptions,
}


class UpgradeError(errors.ApiError):
    """The node refused to open the stream (the container is not running):
    kubectl v1.32 (over WebSocket, through the apiserver's stream translator) says
    ``Internal error occurred: unable to upgrade connection: <message>``."""

    def __init__(self, message: str):
        super().__init__(404, "NotFound", message)


# ------------------------------------------------------------------ statuses (the error channel)
def success_status() -> dict:
    return {"metadata": {}, "status": "Success"}


def exit_status(code: int, error: str) -> dict:
    """The Status a non-zero exit sends on the error channel (the CRI streaming
    server's ServeExec); the client turns the ExitCode cause into its exit code."""
    return {"metadata": {}, "status": "Failure", "message": f"command terminated with non-zero exit code: {error}",
            "reason": "NonZeroExitCode", "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}


def internal_error_status(error: str) -> dict:
    """apierrors.NewInternalError: the command could not even start."""
    return {"metadata": {}, "status": "Failure", "message": f"Internal error occurred: {error}",
            "reason": "InternalError", "details": {"causes": [{"message": error}]}, "code": 500}


# ------------------------------------------------------------------ results
class LogSource(Protocol):
    """One run's log as the node keeps it: (time, line) pairs that only grow."""

    def __len__(self) -> int: ...

    def since(self, index: int) -> list[tuple[float, str]]: ...


class LogStream:
    """``pods/log``: the text available now, then (``follow``) what comes later."""

    def __init__(self, source: LogSource | None, alive: Callable[[], bool], options: PodLogOptions,
                 now: float, stamp: Callable[[float], str]):
        self._source, self._alive, self._options, self._stamp = source, alive, options, stamp
        n = len(source) if source is not None else 0
        tail = options.tailLines
        self._cursor = max(0, n - tail) if tail is not None and tail >= 0 else 0
        self._since: float | None = None
        if options.sinceSeconds is not None:
            self._since = now - options.sinceSeconds
        elif options.sinceTime:
            from ..clock import parse_timestamp
            self._since = parse_timestamp(options.sinceTime)
        self._left = options.limitBytes

    @property
    def done(self) -> bool:
        """No more text will come: not following, the run ended, or the byte limit is spent."""
        return (not self._options.follow or self._source is None or not self._alive()
                or (self._left is not None and self._left <= 0))

    def read_chunks(self) -> list[tuple[float, str]]:
        """What was logged since the last read, as (time, text with newline)."""
        if self._source is None:
            return []
        entries = self._source.since(self._cursor)
        self._cursor += len(entries)
        out = []
        for t, line in entries:
            if self._since is not None and t < self._since:
                continue
            text = (f"{self._stamp(t)} {line}\n" if self._options.timestamps else f"{line}\n")
            if self._left is not None:
                if self._left <= 0:
                    break
                data = text.encode()
                text = data[:self._left].decode(errors="ignore")
                self._left -= len(data)
            out.append((t, text))
        return out

    def read(self) -> str:
        return "".join(text for _, text in self.read_chunks())


class StreamSession:
    """``pods/exec`` and ``pods/attach``: stdin in, stdout and stderr out, and the
    Status of the error channel when it ends.

    ``start(stdin)`` runs the program (stdin is ``None`` when the session has no
    stdin) and returns (stdout, stderr, status); for attach, ``output`` and
    ``alive`` follow the running program instead."""

    def __init__(self, options: PodExecOptions | PodAttachOptions,
                 start: Callable[[str | None], tuple[str, str, dict]] | None = None,
                 output: LogStream | None = None):
        self.options = options
        self._start, self._output = start, output
        self._stdin: list[str] | None = [] if options.stdin else None
        self._out: list[str] = []
        self._err: list[str] = []
        self.status: dict | None = None
        if start is not None and not options.stdin:
            self._run()

    def write(self, data: str) -> None:
        """Send data to the program's stdin (only with the ``stdin`` option)."""
        if self._stdin is not None:
            self._stdin.append(data)

    def close(self) -> None:
        """End of stdin: a simulated program, which runs to completion, runs now."""
        if self._start is not None and self.status is None:
            self._run()

    def _run(self) -> None:
        stdin = "".join(self._stdin) if self._stdin else None
        out, err, self.status = self._start(stdin)
        if self.options.stdout:
            self._out.append(out)
        if self.options.stderr:
            self._err.append(err)

    @property
    def done(self) -> bool:
        if self._output is not None and self.status is None and self._output.done:
            self.status = success_status()
        return self.status is not None

    def read(self) -> tuple[str, str]:
        """(stdout, stderr) written since the last read."""
        if self._output is not None and self.options.stdout:
            self._out.append(self._output.read())
        out, err = "".join(self._out), "".join(self._err)
        self._out.clear()
        self._err.clear()
        return out, err


class PortForward(Protocol):
    """``pods/portforward``: ``dial(port)`` is a connection to that port of the pod
    (``None`` when nothing listens there)."""

    def dial(self, port: int) -> Any: ...


class NodeServer(Protocol):
    """What a kubelet serves the apiserver (its /containerLogs, /exec, /attach,
    /portForward endpoints), registered with :meth:`Connector.add_node`."""

    def container_log(self, pod: Obj, container: str, previous: bool) -> tuple[LogSource, Callable[[], bool]] | None: ...

    def exec(self, pod: Obj, container: str, options: PodExecOptions) -> StreamSession: ...

    def attach(self, pod: Obj, container: str, options: PodAttachOptions) -> StreamSession: ...

    def portforward(self, pod: Obj, options: PodPortForwardOptions) -> PortForward: ...


ProxyHandler = Callable[[Obj, str, ProxyOptions], Any]    # (object, port part of the name, options)


# ------------------------------------------------------------------ the registry
class Connector:
    """The apiserver's connect REST handlers: checks, then proxies to a node or the network."""

    def __init__(self, store: "Store"):
        self.store = store
        self._nodes: dict[str, NodeServer] = {}
        self._proxies: dict[str, ProxyHandler] = {}

    def add_node(self, node_name: str, server: NodeServer) -> None:
        """A kubelet registers its server (the apiserver reaches it by the node's address)."""
        self._nodes[node_name] = server

    def add_proxy(self, resource: str, handler: ProxyHandler) -> None:
        """Who answers ``RESOURCE/proxy`` (the network, for pods and services)."""
        self._proxies[resource] = handler

    def connect(self, resource: str, name: str, namespace: str | None, subresource: str,
                options: Any = None) -> Any:
        kind = OPTIONS.get((resource, subresource))
        if kind is None:
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
        if options is None:
            options = kind()
        elif not isinstance(options, kind):
            options = kind.from_query(options)
        if subresource == "proxy":
            return self._proxy(resource, name, namespace, options)
        pod = self.store.get("pods", name, namespace)
        if subresource == "log":
            return self._log(pod, options)
        if subresource == "portforward":
            return self._node(pod).portforward(pod, options)
        container = validate_container(pod, options.container)
        server = self._node(pod)
        if subresource == "exec":
            return server.exec(pod, container, options)
        return server.attach(pod, container, options)

    def _node(self, pod: Obj) -> NodeServer:
        node = pod["spec"].get("nodeName") or ""
        if not node:
            raise errors.bad_request(f"pod {pod['metadata']['name']} does not have a host assigned")
        server = self._nodes.get(node)
        if server is None:     # the apiserver cannot reach the node's kubelet
            raise errors.ApiError(500, "InternalError", f'Internal error occurred: no route to node "{node}"')
        return server

    def _log(self, pod: Obj, options: PodLogOptions) -> LogStream:
        container = validate_container(pod, options.container)
        clock = self.store.clock
        stamp = lambda t: clock.datetime(t).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"   # RFC3339Nano
        node = pod["spec"].get("nodeName") or ""
        if not node:           # LogLocation: no host yet, an empty stream
            return LogStream(None, lambda: False, options, clock.now, stamp)
        status = container_status(pod, container)
        run = container_log_run(status, options.previous, container, pod["metadata"]["name"])
        # While the dead run waits to restart, its lines are still the node's current log.
        previous = run == "last" and "waiting" not in (status or {}).get("state", {})
        found = self._node(pod).container_log(pod, container, previous)
        source, alive = found if found is not None else (None, lambda: False)
        return LogStream(source, alive, options, clock.now, stamp)

    def _proxy(self, resource: str, name: str, namespace: str | None, options: ProxyOptions) -> Any:
        # [scheme:]name[:port]
        parts = name.split(":")
        if len(parts) == 3 or (len(parts) == 2 and parts[0] in ("http", "https")):
            parts = parts[1:]
        obj = self.store.get(resource, parts[0], namespace)
        handler = self._proxies.get(resource)
        if handler is None:
            raise errors.ApiError(503, "ServiceUnavailable", "the server is currently unable to handle the request")
        return handler(obj, parts[1] if len(parts) > 1 else "", options)


# ------------------------------------------------------------------ the checks
def all_containers(pod: Obj) -> list[str]:
    """podutil.VisitContainers: init, app, then ephemeral containers."""
    spec = pod["spec"]
    return [c["name"] for key in ("initContainers", "containers", "ephemeralContainers") for c in spec.get(key) or []]


def validate_container(pod: Obj, container: str) -> str:
    """The container a request is for (validateContainer in pkg/registry/core/pod/strategy.go)."""
    name = pod["metadata"]["name"]
    if not container:
        containers = pod["spec"].get("containers") or []
        if len(containers) == 1:
            return containers[0]["name"]
        if not containers:
            raise errors.bad_request(f"a container name must be specified for pod {name}")
        raise errors.bad_request(f"a container name must be specified for pod {name}, "
                                 f"choose one of: [{' '.join(all_containers(pod))}]")
    if container not in all_containers(pod):
        raise errors.bad_request(f"container {container} is not valid for pod {name}")
    return container


def container_status(pod: Obj, container: str) -> dict | None:
    status = pod.get("status") or {}
    statuses = (status.get("containerStatuses", []) + status.get("initContainerStatuses", [])
                + status.get("ephemeralContainerStatuses", []))
    return next((s for s in statuses if s.get("name") == container), None)


def container_log_run(status: dict | None, previous: bool, container: str, pod: str) -> str:
    """Which run a log request reads, "current" or "last" (the kubelet's
    validateContainerLogStatus), or raise BadRequest saying why there is none."""
    status = status or {}
    state, last = status.get("state") or {}, (status.get("lastState") or {}).get("terminated")
    if previous:
        if not last or not last.get("containerID"):
            raise errors.bad_request(f'previous terminated container "{container}" in pod "{pod}" not found')
        return "last"
    if "running" in state or "terminated" in state:
        return "current"
    if last:
        return "last"
    reason = (state.get("waiting") or {}).get("reason", "")
    if reason == "ErrImagePull":
        raise errors.bad_request(f'container "{container}" in pod "{pod}" is waiting to start: image can\'t be pulled')
    if reason == "ImagePullBackOff":
        raise errors.bad_request(f'container "{container}" in pod "{pod}" is waiting to start: '
                                 "trying and failing to pull image")
    raise errors.bad_request(f'container "{container}" in pod "{pod}" is waiting to start: '
                             f'{reason or "ContainerCreating"}')


def since_seconds(duration: float) -> int:
    """kubectl sends --since rounded up to whole seconds (math.Ceil in logs.go)."""
    return int(math.ceil(duration))


__all__ = ["Connector", "UpgradeError", "LogStream", "StreamSession", "PodLogOptions", "PodExecOptions", "PodAttachOptions",
           "PodPortForwardOptions", "ProxyOptions", "validate_container", "container_log_run",
           "success_status", "exit_status", "internal_error_status"]
