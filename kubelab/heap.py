"""Python's cyclic garbage collector while a cluster runs.

A settling cluster allocates millions of small containers that live long (stored
objects, events, the watch window) and makes almost no reference cycles.  With
CPython's default thresholds (700, 10, 10) the collector walks the whole heap
again and again as it grows: a third of the CPU time of 10,000 pods starting.
While a cluster runs, young collections still happen (less often) and what
survives one is frozen (``gc.freeze``: left out of later passes), so the middle
and full passes that would walk it again and again wait; when the outermost run
ends, the frozen objects go back to the oldest generation and the thresholds
come back.  Which objects live or die does not change, only when cycles are
found: a cycle among objects made since the last young pass is found by the
next one, any other when the collector next runs a full pass after the run.
(At 150,000 pods starting the middle passes cost 6.6 s of 76 s CPU.)  A process
that froze objects itself keeps its own freezing: then nothing is frozen here.

Code that makes many objects in no reference cycle (a table of 150,000 rows and
what the row memo keeps of it) runs ``with acyclic():``: the collector waits
inside, and while a cluster runs what was made inside is frozen at once instead
of walked by the next young pass (the young generation is collected first, so
every other object is walked as before).
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
_freezing = False


def _freeze_survivors(phase: str, info: dict) -> None:
    """gc callback: after a young pass, the survivors are frozen."""
    if phase == "stop" and _freezing:
        gc.freeze()


class relaxed:
    """``with relaxed():`` — the collector at :data:`WHILE_RUNNING` inside, young
    survivors frozen; nests, and is shared by every cluster of the process (the
    thresholds and the frozen generation are global)."""
    __slots__ = ()

    def __enter__(self) -> None:
        global _depth, _saved, _freezing
        with _lock:
            if _depth == 0:
                _saved = gc.get_threshold()
                gc.set_threshold(*WHILE_RUNNING)
                _freezing = gc.get_freeze_count() == 0
                if _freezing:
                    gc.callbacks.append(_freeze_survivors)
            _depth += 1

    def __exit__(self, *exc: object) -> None:
        global _depth, _freezing
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _freezing:
                    _freezing = False
                    gc.callbacks.remove(_freeze_survivors)
                    gc.unfreeze()
                gc.set_threshold(*_saved)


class acyclic:
    """``with acyclic():`` — for code that makes many objects in no reference cycle.
    The collector waits inside (and is left as it was found); while a run freezes
    young survivors, the young generation is collected on entry and what was made
    inside is frozen on exit, never walked by a young pass."""
    __slots__ = ("_enabled", "_freezing")

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        self._freezing = _freezing and self._enabled
        if self._freezing:
            gc.collect(0)               # what was made before: walked as the next young pass would
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._freezing and _freezing:
            gc.freeze()                 # what was made inside: as if it had survived a young pass
        if self._enabled:
            gc.enable()
