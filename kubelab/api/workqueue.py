"""The work queue every control loop drains (client-go's util/workqueue, without the
goroutines): FIFO, a key queued twice waits once, and ``drain`` runs ``sync`` on each key
with the store recording the loop as the writer.  Controllers, the PV controllers and the
minikube provisioner all use this one.

>>> q = WorkQueue()
>>> for key in ("default/a", "default/b", "default/a"):
...     q.add(key)
>>> len(q), q.pop(), q.pop(), q.pop()
(2, 'default/a', 'default/b', None)
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .store import Store

__all__ = ["WorkQueue", "split_key"]


class WorkQueue:
    """The deque and set are made at the first key: a 5,000-node cluster has ten
    thousand queues (two a kubelet), most of them never used (840 bytes each)."""
    __slots__ = ("_q", "_set")

    def __init__(self) -> None:
        self._q: deque[str] | None = None
        self._set: set[str] | None = None

    def add(self, key: str) -> None:
        keys = self._set
        if keys is None:
            self._set, self._q = {key}, deque((key,))
        elif key not in keys:
            keys.add(key)
            self._q.append(key)  # type: ignore[union-attr]

    def pop(self) -> str | None:
        q = self._q
        if not q:
            return None
        key = q.popleft()
        self._set.discard(key)  # type: ignore[union-attr]
        return key

    def __len__(self) -> int:
        return len(self._q) if self._q is not None else 0

    def drain(self, api: "Store", writer: str, sync: Callable[[str], None]) -> bool:
        """Sync every queued key (keys queued meanwhile too); True if there was any."""
        q = self._q
        if not q:
            return False
        keys = self._set                    # (pop(), inline: a key each; keys queued meanwhile join q)
        previous = api.component
        try:
            while q:
                key = q.popleft()
                keys.discard(key)  # type: ignore[union-attr]
                api.component = writer      # as api.acting_as(writer) around each key, without the object
                sync(key)
        finally:
            api.component = previous
        return True


def split_key(key: str) -> tuple[str, str]:
    """``namespace/name`` → (namespace, name); a cluster-scoped ``name`` → ("", name)."""
    ns, _, name = key.rpartition("/")
    return ns, name
