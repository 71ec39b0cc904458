"""A fake :class:`~kubelab.apps.base.ContainerContext` for tests and examples.

>>> ctx = FakeContext(image="busybox", args=["sh", "-c", "echo hi && sleep 5 && exit 3"])
>>> from kubelab.apps.images import start
>>> app = start(ctx)
>>> ctx.logs, ctx.exited
(['hi'], None)
>>> ctx.clock.advance(5)
>>> ctx.exited
(3, 'Error')
"""
from __future__ import annotations

from typing import Callable

from kubelab.clock import Clock

from .base import FileSystem, Response


class FakeContext:
    def __init__(self, *, image: str = "busybox", args: list[str] | None = None,
                 env: dict[str, str] | None = None, clock: Clock | None = None,
                 hostname: str = "pod-0", pod_ip: str = "10.244.0.5", node_name: str = "minikube",
                 container: dict | None = None, fs: FileSystem | None = None,
                 http: Callable[[str, str], Response | None] | None = None):
        self.clock = clock or Clock()
        self.container = dict(container or {"name": "main", "image": image})
        self.container.setdefault("image", image)
        self.pod = {"metadata": {"name": hostname, "namespace": "default"}, "spec": {"containers": [self.container]}}
        self.env = dict(env or {})
        self.fs = fs or FileSystem()
        self.hostname, self.pod_ip, self.node_name = hostname, pod_ip, node_name
        self.args = list(args or [])
        self.logs: list[str] = []
        self.exited: tuple[int, str | None] | None = None
        self.requests: list[tuple[str, str]] = []
        self._http = http

    def now(self) -> float:
        return self.clock.now

    def log(self, line: str) -> None:
        self.logs.append(line)

    def exit(self, code: int, reason: str | None = None) -> None:
        if self.exited is None:
            self.exited = (code, reason)

    def schedule(self, delay: float, fn: Callable[[], None]):
        return self.clock.schedule(delay, fn, label="app")

    def lookup(self, name: str):
        return None

    def http(self, url: str, method: str = "GET") -> Response | None:
        self.requests.append((method, url))
        return self._http(url, method) if self._http else None
