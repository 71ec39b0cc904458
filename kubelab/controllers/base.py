"""The controller pattern: watch events enqueue keys; ``sync(key)`` reconciles one.

As in kube-controller-manager, a handler only works out *which key to wake*; a
level-triggered, idempotent ``sync`` does the work.  Queues are FIFO and
de-duplicated, so draining them in a fixed order is deterministic.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..api.meta import Obj, controller_ref
from ..api.workqueue import WorkQueue, split_key  # noqa: F401  (split_key: the controllers' import)

if TYPE_CHECKING:
    from ..api.store import Store
    from ..clock import Clock
    from .events import Recorder


class Controller:
    """One control loop.  Subclasses set ``name`` and implement ``setup`` (register
    watches) and ``sync``."""

    name = "controller"
    #: who the store records as writing; "<name>-controller" unless a loop says otherwise
    component = ""

    def __init__(self, api: "Store", clock: "Clock", recorder: "Recorder"):
        self.api = api
        self.clock = clock
        self.recorder = recorder
        self.queue = WorkQueue()
        self._failures: dict[str, int] = {}      # sync failures in a row, per key (rate limiter)
        self.setup()

    def setup(self) -> None:
        raise NotImplementedError

    def sync(self, key: str) -> None:
        raise NotImplementedError

    # ----------------------------------------------------------------- helpers
    def enqueue(self, key: str) -> None:
        self.queue.add(key)

    def enqueue_after(self, key: str, seconds: float, busy: bool = False):
        """Requeue-after is a clock timer; ``busy`` makes it count as work in flight
        (``settle()`` waits for it).  Returns the timer."""
        return self.clock.schedule(seconds, lambda: self.queue.add(key), label=f"{self.name} requeue {key}",
                                   busy=busy)

    def requeue_rate_limited(self, key: str) -> None:
        """AddRateLimited: after a failed sync, try again 5 ms, 10 ms, 20 ms ... later,
        at most 1000 s (the controllers' default exponential failure limiter)."""
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        self.enqueue_after(key, min(0.005 * 2 ** failures, 1000.0))

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)

    def enqueue_owner(self, obj: Obj, owner_kind: str) -> None:
        ref = controller_ref(obj)
        if ref and ref.get("kind") == owner_kind:
            self.enqueue(f"{obj['metadata'].get('namespace', '')}/{ref['name']}")

    def watch(self, kind: str, handler: Callable[[str, Obj, "Obj | None"], None], **filters: Any) -> None:
        """Watch ``kind``; ``filters``: the store's (``etypes``, ``owners``), for the changes the handler acts on."""
        self.api.watch(handler, kind, **filters)

    def drain(self) -> bool:
        return self.queue.drain(self.api, self.component or f"{self.name}-controller", self.sync)
