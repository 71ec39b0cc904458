"""The kubelet's server: what the apiserver reaches when it proxies a pod's
log, exec, attach or portforward request to the pod's node (the kubelet's
/containerLogs, /exec, /attach and /portForward endpoints, and the container
runtime's streaming server behind them).

The kubelet registers one :class:`KubeletServer` with the API's connector
(:mod:`kubelab.api.connect`) when it starts; the apiserver's own checks happen
there first.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api.connect import (LogStream, PodAttachOptions, PodExecOptions, PodLogOptions, PodPortForwardOptions,
                           StreamSession, UpgradeError, exit_status, internal_error_status, success_status)
from ..api.meta import Obj
from ..apps.base import App, Request, Response
from ..apps.shell import START_FAILED
from ..apps.tcp import HttpConnection
from .runtime import ContainerLog, ContainerState

if TYPE_CHECKING:
    from .kubelet import Kubelet


class KubeletServer:
    def __init__(self, kubelet: "Kubelet"):
        self.kubelet = kubelet

    def _container(self, pod: Obj, name: str) -> ContainerState | None:
        return self.kubelet.find_container(pod, name)

    # ------------------------------------------------------------ /containerLogs
    def container_log(self, pod: Obj, container: str, previous: bool) -> tuple[ContainerLog, Callable[[], bool]] | None:
        """The run's log and whether more can come (the run still going)."""
        cs = self._container(pod, container)
        if cs is None:
            return None
        if previous:
            return cs.previous_logs, lambda: False
        log = cs.logs
        return log, lambda: cs.logs is log and cs.running

    # ------------------------------------------------------------ /exec, /attach
    def _running(self, pod: Obj, container: str) -> ContainerState:
        cs = self._container(pod, container)
        if cs is None or not cs.running or cs.app is None:
            raise UpgradeError(f'container not found ("{container}")')
        return cs

    def exec(self, pod: Obj, container: str, options: PodExecOptions) -> "StreamSession | ConsoleSession":
        cs = self._running(pod, container)
        argv = list(options.command)
        if options.stdin:
            console = cs.app.console(argv, options.tty)
            if console is not None:           # ``exec -i ... sh``: a shell reading as it is typed
                return ConsoleSession(options, console)

        def start(stdin: str | None) -> tuple[str, str, dict]:
            result = cs.app.exec(argv, stdin, tty=options.tty)
            if result.exit_code == START_FAILED:
                # containerd: the process could not be started at all
                error = ("error executing command in container: failed to exec in container: failed to start exec "
                         f'"{cs.container_id.split("://")[-1]}": {result.stderr.strip()}')
                return "", "", internal_error_status(error)
            if result.exit_code:
                error = f"error executing command [{' '.join(argv)}], exit code {result.exit_code}"
                return result.stdout, result.stderr, exit_status(result.exit_code, error)
            return result.stdout, result.stderr, success_status()
        return StreamSession(options, start=start)

    def attach(self, pod: Obj, container: str, options: PodAttachOptions) -> "StreamSession | ConsoleSession":
        """The running program's output from now on; the session ends with its run.
        A container started with ``stdin: true`` and a shell reads what is sent
        (``stdinOnce``: the first session to close stdin ends it); other simulated
        programs read no stdin once started: what is written is dropped."""
        cs = self._running(pod, container)
        console = getattr(cs.app, "attached_console", None)
        if console is not None:
            spec = next((c for c in pod["spec"].get("containers") or [] if c["name"] == container), {})
            return ConsoleSession(options, console, attach=True, stdin_once=bool(spec.get("stdinOnce")))
        log = cs.logs
        stream = LogStream(log, lambda: cs.logs is log and cs.running, PodLogOptions(follow=True),
                           self.kubelet.clock.now, str)
        stream.read()                 # attaching shows what comes next, not what was
        return StreamSession(options, output=stream)

    # ------------------------------------------------------------ /portForward
    def portforward(self, pod: Obj, options: PodPortForwardOptions) -> "PodPorts":
        return PodPorts(self.kubelet, pod)


class ConsoleSession:
    """exec or attach to an interactive shell (:class:`kubelab.apps.interactive.Console`):
    the same ``write``/``close``/``read``/``done``/``status`` as a StreamSession,
    with the shell answering each line as it comes."""

    def __init__(self, options: PodExecOptions | PodAttachOptions, console, attach: bool = False,
                 stdin_once: bool = False):
        self.options, self.console = options, console
        self.attach, self.stdin_once = attach, stdin_once
        self.size: tuple[int, int] | None = None
        self._closed = False
        if attach:
            console.take()                    # attaching shows what comes next, not what was
            console.take_errors()

    def write(self, data: str) -> None:
        if self.options.stdin and not self._closed:
            self.console.write(data)

    def close(self) -> None:
        """End of stdin: an exec'd shell exits; an attached one only with ``stdinOnce``."""
        if self._closed or not self.options.stdin:
            return
        self._closed = True
        if not self.attach or self.stdin_once:
            self.console.close()

    def resize(self, width: int, height: int) -> None:
        self.size = (width, height)

    def read(self) -> tuple[str, str]:
        out, err = self.console.take(), self.console.take_errors()
        return (out if self.options.stdout else ""), (err if self.options.stderr else "")

    @property
    def done(self) -> bool:
        return self.console.done

    @property
    def status(self) -> dict | None:
        code = self.console.exit_code
        if code is None:
            return None
        if code and not self.attach:
            argv = " ".join(self.options.command)
            return exit_status(code, f"error executing command [{argv}], exit code {code}")
        return success_status()


class PodPorts:
    """A port-forward session into one pod's network namespace."""

    def __init__(self, kubelet: "Kubelet", pod: Obj):
        self.kubelet, self.pod = kubelet, pod

    def dial(self, port: int) -> "Connection | None":
        """A connection to ``localhost:port`` inside the pod; None when nothing listens (refused)."""
        key = f"{self.pod['metadata']['namespace']}/{self.pod['metadata']['name']}"
        w = self.kubelet.workers.get(key)
        if w is None or w.uid != self.pod["metadata"]["uid"]:
            return None
        found = self.kubelet.listener(key, port)
        return Connection(found[0], found[1], port) if found is not None else None


class Connection:
    """One forwarded connection: it arrives on the pod's loopback, at ``port``,
    where the program listening there accepted it."""

    def __init__(self, container: str, app: App, port: int):
        self.container, self._app, self.port = container, app, port
        self._conn = None

    def request(self, req: Request) -> Response:
        return self._app.http(req._replace(port=self.port, client_ip="127.0.0.1"))

    def exchange(self, data: bytes) -> bytes:
        """Bytes from the client in, what the program writes back out (the
        program reads its own protocol: HTTP/1.1, redis' RESP, ...)."""
        if self._conn is None:
            self._conn = self._app.connect(self.port) or HttpConnection(self._app, self.port)
        return self._conn.receive(data)

    @property
    def closed(self) -> bool:
        """The program has closed the connection (or stopped running)."""
        return (self._conn is not None and self._conn.closed) or not self._app.running
