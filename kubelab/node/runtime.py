"""The container runtime's view of one container: its state machine and the
context a simulated program runs in."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..apps.base import App, FileSystem, Response

if TYPE_CHECKING:
    from .kubelet import Kubelet


@dataclass
class ContainerState:
    name: str
    spec: dict
    init: bool = False
    state: dict = field(default_factory=lambda: {"waiting": {"reason": "ContainerCreating"}})
    last_state: dict = field(default_factory=dict)
    restart_count: int = 0
    ready: bool = False
    started: bool | None = False
    image_id: str = ""
    container_id: str = ""
    app: App | None = None
    ctx: "Context | None" = None
    logs: list[tuple[float, str]] = field(default_factory=list)
    previous_logs: list[tuple[float, str]] = field(default_factory=list)
    backoff: float = 0.0                  # current restart back-off (s)
    backoff_timer: Any = None
    pull_backoff: float = 0.0
    started_at: float | None = None
    stopping: bool = False
    kill_timer: Any = None

    @property
    def running(self) -> bool:
        return "running" in self.state

    @property
    def terminated(self) -> bool:
        return "terminated" in self.state


class Context:
    """The ContainerContext given to a simulated program."""

    def __init__(self, kubelet: "Kubelet", pod: dict, cstate: ContainerState, env: dict[str, str],
                 fs: FileSystem, args: list[str], generation: int):
        self._kubelet = kubelet
        self._cstate = cstate
        self._generation = generation      # which run of the container this context belongs to
        self.pod = pod
        self.container = cstate.spec
        self.env = env
        self.fs = fs
        self.args = args
        self.hostname = pod["metadata"]["name"]
        self.pod_ip = pod.get("status", {}).get("podIP", "")
        self.node_name = kubelet.node_name

    def _alive(self) -> bool:
        return self._cstate.ctx is self and self._cstate.running

    def now(self) -> float:
        return self._kubelet.clock.now

    def log(self, line: str) -> None:
        if self._cstate.ctx is self:
            for part in str(line).split("\n") if line else [""]:
                self._cstate.logs.append((self._kubelet.clock.now, part))

    def exit(self, code: int, reason: str | None = None) -> None:
        if self._alive():
            self._kubelet.container_exited(self.pod, self._cstate, code, reason)

    def schedule(self, delay: float, fn: Callable[[], None]) -> Any:
        def guarded() -> None:
            if self._alive():
                fn()
        return self._kubelet.clock.schedule(delay, guarded, label=f"program {self.hostname}/{self._cstate.name}")

    def http(self, url: str, method: str = "GET") -> Response | None:
        hook = self._kubelet.network_http
        if hook is None:
            return None
        return hook(self.pod, url, method)
