"""A control loop: watch handlers enqueue keys, ``sync(key)`` reconciles one.

The same pattern as :mod:`kubelab.controllers.base`; the layers contract keeps
storage independent of the controllers package, so it has its own few lines.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api.store import Store
    from ..clock import Clock


class Loop:
    name = "loop"          # who the store records as writing ("<name>-controller" unless ``component``)
    component = ""

    def __init__(self, api: "Store", clock: "Clock", recorder) -> None:
        self.api = api
        self.clock = clock
        self.recorder = recorder
        self._q: deque[str] = deque()
        self._set: set[str] = set()

    def enqueue(self, key: str) -> None:
        if key not in self._set:
            self._set.add(key)
            self._q.append(key)

    def enqueue_after(self, key: str, seconds: float, busy: bool = False):
        return self.clock.schedule(seconds, lambda: self.enqueue(key), label=f"{self.name} requeue {key}", busy=busy)

    def sync(self, key: str) -> None:
        raise NotImplementedError

    def drain(self) -> bool:
        did = False
        while self._q:
            key = self._q.popleft()
            self._set.discard(key)
            did = True
            with self.api.acting_as(self.component or f"{self.name}-controller"):
                self.sync(key)
        return did


def split(key: str) -> tuple[str, str]:
    ns, _, name = key.rpartition("/")
    return ns, name
