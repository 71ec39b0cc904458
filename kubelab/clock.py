"""Simulated time: a heap of timers, as in simpy.

Time is a float of seconds since the cluster started; it only moves when someone
calls :meth:`Clock.advance`.  Ties are broken by insertion order, so the same
program always fires the same timers in the same order.
"""
from __future__ import annotations

import functools
import heapq
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

#: The wall-clock instant that simulated time 0 stands for.  Fixed, so that
#: creationTimestamps are the same on every run (only :func:`set_epoch` moves it).
EPOCH = datetime(2025, 1, 6, 9, 0, 0, tzinfo=timezone.utc)


def set_epoch(when: datetime) -> None:
    """Let simulated time 0 stand for ``when`` in this process, for every cluster
    created afterwards.  For a process that serves one fresh cluster on the live
    clock (``python -m kubelab serve``): the real kubectl computes some ages itself
    (``describe``'s events, ``kubectl events``) from the host's clock, and they
    read true only when the cluster's timestamps are the host's time.  Notebooks
    and tests never call it: their timestamps stay the same on every run."""
    global EPOCH
    EPOCH = when.astimezone(timezone.utc).replace(microsecond=0)
    parse_timestamp.cache_clear()


@dataclass(eq=False, slots=True)
class Timer:
    when: float
    seq: int
    fn: Callable[[], None] = field(compare=False)
    label: str = field(default="", compare=False)
    cancelled: bool = field(default=False, compare=False)
    #: work the *system* has in flight (a pull, a start, a termination): settle()
    #: waits for these, not for what programs do later (a `sleep 3600` ending).
    busy: bool = field(default=False, compare=False)
    fired: bool = field(default=False, compare=False)
    tag: object = field(default=None, compare=False)   # who set it (see Clock.tagger)

    def __lt__(self, other: "Timer") -> bool:
        # Heap order: time, then the order timers were set (deterministic ties).
        return self.when < other.when or (self.when == other.when and self.seq < other.seq)

    def cancel(self) -> None:
        self.cancelled = True


class _Joined:
    """The functions of timers set one right after the other for one instant, run
    in that order as one timer's (:meth:`Clock.join`)."""
    __slots__ = ("fns",)

    def __init__(self, fn: Callable[[], None]) -> None:
        self.fns = [fn]

    def __call__(self) -> None:
        for fn in self.fns:
            fn()


class Clock:
    """Simulated time and the queue of things due later.

    >>> c = Clock()
    >>> fired = []
    >>> _ = c.schedule(5, lambda: fired.append(c.now))
    >>> c.advance(10)
    >>> fired, c.now
    ([5.0], 10.0)
    """

    def __init__(self) -> None:
        self.now: float = 0.0
        # Heap entries are (when, seq, timer): tuples compare in C, and seq makes
        # ties deterministic (the order timers were set).
        self._heap: list[tuple[float, int, Timer]] = []
        self._busy: list[tuple[float, int, Timer]] = []      # the busy timers again, for next_busy()
        #: (get, set) of an ambient tag — the cluster uses it so that a timer runs
        #: as the component that set it (a kubelet's pull finishes as "kubelet").
        self.tagger: tuple[Callable[[], object], Callable[[object], None]] | None = None
        self._seq = itertools.count()
        self._last: Timer | None = None          # the timer set last (see join())
        self._last_stamp: tuple[float | None, str] = (None, "")
        #: runs everything due at the current instant until nothing is left; the
        #: cluster sets it (timers, then its work queues in a fixed order).
        self.pump: Callable[[], None] = self._fire_all_due

    def _fire_all_due(self) -> None:
        while self.fire_due():
            pass

    def schedule(self, delay: float, fn: Callable[[], None], label: str = "", busy: bool = False) -> Timer:
        tag = self.tagger[0]() if self.tagger else None
        timer = Timer(self.now + max(0.0, float(delay)), next(self._seq), fn, label, busy=busy, tag=tag)
        entry = (timer.when, timer.seq, timer)
        heapq.heappush(self._heap, entry)
        if busy:
            heapq.heappush(self._busy, entry)
        self._last = timer
        return timer

    def join(self, delay: float, fn: Callable[[], None], label: str = "", busy: bool = False) -> None:
        """:meth:`schedule` for a timer that is never cancelled nor looked at again:
        when the last timer set was set by join(), is due at the same time with the
        same ``busy`` and tag and has not fired, ``fn`` joins it and runs right after
        its functions.  That is where a timer of its own would fire: heap order is
        (time, order set), and no timer was set between the two.  A kubelet's pods
        bound at one instant set their sandboxes' timers so: one timer, not one a
        pod (a timer costs some 20k instructions of heap work).  (Should a function
        raise, the ones joined after it do not run later, as their own timers would.)"""
        last = self._last
        if last is not None and type(last.fn) is _Joined and not last.fired and not last.cancelled \
                and last.busy == busy and last.when == self.now + max(0.0, float(delay)) \
                and last.tag == (self.tagger[0]() if self.tagger else None):
            last.fn.fns.append(fn)
            return
        self.schedule(delay, _Joined(fn), label, busy)

    def reschedule(self, timer: Timer, delay: float) -> Timer:
        """Set a timer that has fired again, ``delay`` from now (a repeating timer
        without a new object: a probe ticks every period for as long as it lives)."""
        if not timer.fired:
            raise ValueError(f"timer {timer.label!r} is still pending")
        timer.when = self.now + max(0.0, float(delay))
        timer.seq = next(self._seq)
        timer.fired = False
        entry = (timer.when, timer.seq, timer)
        heapq.heappush(self._heap, entry)
        if timer.busy:
            heapq.heappush(self._busy, entry)
        self._last = timer
        return timer

    def next_due(self) -> float | None:
        heap = self._heap
        while heap and heap[0][2].cancelled:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def fire_due(self) -> bool:
        """Fire every timer due at or before now (those they set for now too); True if any fired.

        Each runs under its tag as :meth:`fire` runs it; the ambient tag is set
        back once at the end rather than after every timer."""
        heap, pop, did = self._heap, heapq.heappop, False
        tagger = self.tagger
        ambient = current = tagger[0]() if tagger is not None else None
        try:
            while heap:
                when, _, timer = heap[0]
                if timer.cancelled:
                    pop(heap)
                    continue
                if when > self.now:
                    break
                pop(heap)
                timer.fired = True
                did = True
                if tagger is not None:
                    tag = ambient if timer.tag is None else timer.tag
                    if tag != current:
                        tagger[1](tag)
                        current = tag
                timer.fn()
        finally:
            if tagger is not None and current != ambient:
                tagger[1](ambient)
        return did

    def advance(self, seconds: float) -> None:
        """Move time forward, firing every timer due on the way (no work-queue draining)."""
        until = self.now + seconds
        while (when := self.next_due()) is not None and when <= until:
            self.now = max(self.now, when)
            timer = heapq.heappop(self._heap)[2]
            timer.fired = True
            self.fire(timer)
        self.now = until

    def fire(self, timer: Timer) -> None:
        """Run a timer's function under the tag it was set with."""
        tagger, tag = self.tagger, timer.tag
        if tagger is None or tag is None:
            timer.fn()
            return
        previous = tagger[0]()
        if previous == tag:
            timer.fn()
            return
        tagger[1](tag)
        try:
            timer.fn()
        finally:
            tagger[1](previous)

    def next_busy(self) -> float | None:
        """When the earliest in-flight system timer is due (None when there is none).

        An entry is live only while it is the timer's current (time, sequence): a
        timer that fired and was rescheduled leaves its old entry behind here."""
        busy = self._busy
        while busy:
            when, seq, timer = busy[0]
            if timer.cancelled or timer.fired or timer.seq != seq:
                heapq.heappop(busy)
                continue
            return when
        return None

    def run_until(self, t: float, stop: Callable[[], bool] | None = None) -> bool:
        """Advance to time ``t``, pumping at each instant a timer is due (or until
        ``stop()`` holds, checked after each instant).  True if ``stop`` held."""
        self.pump()
        if stop is not None and stop():
            return True
        while True:
            due = self.next_due()
            if due is None or due > t:
                break
            self.now = max(self.now, due)
            self.pump()
            if stop is not None and stop():
                return True
        self.now = max(self.now, t)
        self.pump()
        return stop() if stop is not None else False

    def settle(self, limit: float = 600.0) -> float:
        """Advance until no busy timer is pending, at most ``limit`` seconds.
        Returns the seconds taken."""
        start = self.now
        self.pump()
        while (due := self.next_busy()) is not None and due <= start + limit:
            self.run_until(due)
        return self.now - start

    def pending(self) -> int:
        return sum(1 for _, _, t in self._heap if not t.cancelled)

    def datetime(self, t: float | None = None) -> datetime:
        return EPOCH + timedelta(seconds=self.now if t is None else t)

    def timestamp(self, t: float | None = None) -> str:
        """RFC 3339 with second precision, as metav1.Time serialises."""
        t = self.now if t is None else t
        last = self._last_stamp
        if last[0] != t:         # many objects are stamped at one instant: format it once
            last = self._last_stamp = (t, self.datetime(t).strftime("%Y-%m-%dT%H:%M:%SZ"))
        return last[1]

    def micro_timestamp(self, t: float | None = None) -> str:
        """RFC 3339 with microseconds, as metav1.MicroTime serialises."""
        return self.datetime(t).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@functools.lru_cache(maxsize=8192)
def parse_timestamp(text: str) -> float:
    """Seconds since EPOCH for an RFC 3339 timestamp written by :class:`Clock`.
    Remembered: thousands of objects carry the same few timestamps (one instant
    stamps a whole batch), and printing ages parses every one."""
    text = text.replace("Z", "+00:00")
    return (datetime.fromisoformat(text) - EPOCH).total_seconds()
