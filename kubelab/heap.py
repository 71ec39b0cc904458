"""Python's cyclic garbage collector while a cluster runs.

A settling cluster allocates millions of small containers that live long (stored
objects, events, the watch window) and makes almost no reference cycles.  With
CPython's default thresholds (700, 10, 10) the collector walks the whole heap
again and again as it grows: a third of the CPU time of 10,000 pods starting.
While a cluster runs, young collections still happen (less often) and full
passes wait; when the outermost run ends, the thresholds come back.  Which
objects live or die does not change, only when cycles are found.
"""
from __future__ import annotations

import gc
import threading

#: Thresholds while a cluster runs: generation 0 every 50,000 net allocations, a
#: full pass only after 100 middle ones (50 M allocations).
WHILE_RUNNING = (50_000, 20, 100)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] = gc.get_threshold()


class relaxed:
    """``with relaxed():`` — the collector at :data:`WHILE_RUNNING` inside; nests,
    and is shared by every cluster of the process (the thresholds are global)."""
    __slots__ = ()

    def __enter__(self) -> None:
        global _depth, _saved
        with _lock:
            if _depth == 0:
                _saved = gc.get_threshold()
                gc.set_threshold(*WHILE_RUNNING)
            _depth += 1

    def __exit__(self, *exc: object) -> None:
        global _depth
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
