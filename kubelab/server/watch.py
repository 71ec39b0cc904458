"""Watch: the store's changes, kept in a window, streamed to clients.

The store tells its watchers of each change synchronously, inside whatever holds
the cluster lock; :class:`History` only appends the change and wakes the waiting
streams (the apiserver's watch cache).  Each stream runs in its request's
thread, reads the window under its own small lock and never holds it while it
writes to a client, so a slow client slows only itself.

resourceVersion semantics: a watch from version V sends every change after V; a
version older than the window (or older than the moment serving began) gets
``410 Gone`` (``too old resource version``), and the client lists again; no
version (or ``0``) starts with a synthetic ADDED for each current object.  The
store removes an object without a new version (its last write had one), so a
deletion is keyed ``V.n``, after V and before V+1; clients treat versions as
opaque strings and hand them back unchanged.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..api import errors
from ..api.meta import Obj
from ..api.resources import ResourceType

Key = tuple[int, int]

#: How many changes the window keeps (the apiserver keeps ~100 per resource and
#: type; one window for all kinds, so larger).
CAPACITY = 20_000
#: Seconds a watcher waits after a write before it looks for more changes.
COALESCE = 0.02


@dataclass(frozen=True)
class Change:
    seq: int
    key: Key
    rt: ResourceType
    type: str
    obj: Obj
    old: Obj | None
    #: the encoded event, by event type: a hundred watchers of one kind encode it once
    encoded: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)


def key_text(key: Key) -> str:
    return str(key[0]) if key[1] == 0 else f"{key[0]}.{key[1]}"


def parse_key(text: str) -> Key:
    head, _, tail = text.partition(".")
    try:
        key = (int(head), int(tail or 0))
    except ValueError:
        raise errors.bad_request(f'invalid resource version "{text}"') from None
    if key[0] < 0 or key[1] < 0:
        raise errors.bad_request(f'invalid resource version "{text}"')
    return key


class History:
    def __init__(self, store, capacity: int = CAPACITY):
        self.cond = threading.Condition()
        self.changes: list[Change] = []           # the window: changes[0] has sequence number self.first
        self.capacity = capacity
        self.first = 0
        self.seq = 0                              # sequence number of the next change
        self.start: Key = (int(getattr(store, "_rv", 0)), 0)   # what the window starts after
        self.last: Key = self.start
        self.closed = False
        self.waiting = 0                          # streams asleep in wait()
        self._store = store
        store.watch(self._on_change)

    def close(self) -> None:
        self._store.unwatch(self._on_change)
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def _on_change(self, etype: str, obj: Obj, old: Obj | None) -> None:
        """Called by the store, under the cluster lock: the store replaces an
        object on every write and never changes one it has handed out, so the
        window keeps the stored object itself (a deletion gets a copy of its
        metadata, for the version it is sent with)."""
        if etype == "DELETED":
            key = (self.last[0], self.last[1] + 1)
            obj = {**obj, "metadata": {**obj["metadata"], "resourceVersion": key_text(key)}}
        else:
            key = (int(obj["metadata"].get("resourceVersion") or self.last[0]), 0)
        rt = _kind_of(self._store, obj)
        if rt is None:
            return
        if len(self.changes) >= self.capacity + self.capacity // 2:
            with self.cond:
                drop = len(self.changes) - self.capacity        # trim in batches: cheap appends
                self.start = self.changes[drop - 1].key
                del self.changes[:drop]
                self.first += drop
        # One writer (the cluster lock holds the others off): the append needs no
        # lock of its own; only streams asleep in wait() are woken, and they count
        # themselves in before they look, so none sleeps past a change.
        self.changes.append(Change(self.seq, key, rt, etype, obj, old))
        self.seq += 1
        self.last = max(self.last, key)
        if self.waiting:
            with self.cond:
                self.cond.notify_all()

    def current(self) -> str:
        """The version a list reports (read under the cluster lock)."""
        return key_text(self.last)

    def position_after(self, key: Key) -> int:
        """The sequence number of the first change after ``key``; 410 when the
        window no longer holds the changes between ``key`` and its start."""
        with self.cond:
            if key < self.start:
                raise errors.ApiError(410, "Expired", f"too old resource version: {key_text(key)} ({key_text(self.start)})")
            for change in reversed(self.changes):
                if change.key <= key:
                    return change.seq + 1
            return self.first

    def wait(self, seq: int, timeout: float) -> list[Change] | None:
        """Changes from ``seq`` on (waiting up to ``timeout`` for one); None when the
        window has dropped ``seq`` already (the watcher fell too far behind)."""
        with self.cond:
            self.waiting += 1
            try:
                if seq >= self.seq and not self.closed:
                    self.cond.wait(timeout)
            finally:
                self.waiting -= 1
            if seq < self.first:
                return None
            return self.changes[seq - self.first:]


@dataclass
class Filter:
    rt: ResourceType
    namespace: str | None
    matches: Callable[[Obj], bool]

    def event(self, change: Change) -> str | None:
        """The event type this watcher sees for ``change`` (selectors turn a change
        that leaves or enters the selection into DELETED or ADDED), or None."""
        if change.rt is not self.rt:
            return None
        if self.namespace is not None and change.obj["metadata"].get("namespace") != self.namespace:
            return None
        now = self.matches(change.obj)
        if change.type != "MODIFIED":
            return change.type if now else None
        before = change.old is not None and self.matches(change.old)
        if now and before:
            return "MODIFIED"
        if now:
            return "ADDED"
        if before:
            return "DELETED"
        return None


def _kind_of(store, obj: Obj) -> ResourceType | None:
    try:
        return store.resource(obj.get("kind", ""), obj.get("apiVersion"))
    except errors.ApiError:
        return None


def stream(history: History, flt: Filter, start: int, initial: list[Obj], *,
           encode: Callable[[str, Obj, "Change | None"], bytes], bookmark: Callable[[], bytes] | None,
           timeout: float | None, stopped: threading.Event, tick: float = 1.0,
           bookmark_every: float = 60.0) -> Iterator[bytes | None]:
    """The bytes of a watch response, one JSON event a chunk; None on idle ticks
    (the caller checks whether the client is still there)."""
    for obj in initial:
        yield encode("ADDED", obj, None)
    clock = time.monotonic      # wall-clock ok: timeouts and bookmarks are the client's wall time
    deadline = clock() + timeout if timeout else None
    last_bookmark = clock()
    seq = start
    while not stopped.is_set():
        left = tick if deadline is None else min(tick, deadline - clock())
        if left <= 0:
            return
        changes = history.wait(seq, left)
        if changes is None:
            yield encode_error(errors.ApiError(410, "Expired", "too old resource version: the watch fell behind"))
            return
        if history.closed:
            return
        batch = []
        for change in changes:
            seq = change.seq + 1
            etype = flt.event(change)
            if etype is not None:
                batch.append(encode(etype, change.obj, change))
        if bookmark is not None and clock() - last_bookmark >= bookmark_every:
            last_bookmark = clock()
            batch.append(bookmark())
        if batch:
            yield b"".join(batch)          # one write (one TLS record) for what piled up
            # Let changes pile up a moment: a busy cluster then costs each watcher a
            # few wake-ups a second rather than one per change.
            stopped.wait(COALESCE)
        else:
            yield None


def encode_error(err: errors.ApiError) -> bytes:
    import json
    return (json.dumps({"type": "ERROR", "object": err.status}, separators=(",", ":")) + "\n").encode()


def event_bytes(etype: str, obj: Any) -> bytes:
    import json
    return (json.dumps({"type": etype, "object": obj}, separators=(",", ":")) + "\n").encode()
