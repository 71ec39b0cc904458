"""client-go's EventCorrelator (tools/record/events_cache.go, v1.32): what a
component's event recorder does before it writes an Event.

Each source (one component on one host: a controller, the scheduler, one
kubelet) keeps its own caches, as each has its own broadcaster:

- aggregation: events that differ only in their message (same object, type and
  reason) are folded after 10 distinct messages within 10 minutes into one event
  "(combined from similar events): <latest message>" whose count grows
  (a 500-replica ReplicaSet's "Created pod: ..." events);
- deduplication: the same event again is a patch of the first one (count + 1,
  lastTimestamp, message), not a new object;
- the spam filter: a token bucket per source, object and type lets 25 events
  through at once and one more every 5 minutes; the others are dropped.

The caches are LRUs of 4096 entries each, so a recorder's memory is bounded.
Pure bookkeeping: :class:`kubelab.controllers.events.Recorder` does the writes.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable

LRU_ENTRIES = 4096               # maxLruCacheEntries
AGGREGATE_MAX_EVENTS = 10        # defaultAggregateMaxEvents
AGGREGATE_INTERVAL = 600.0       # defaultAggregateIntervalInSeconds
SPAM_BURST = 25                  # defaultSpamBurst
SPAM_QPS = 1.0 / 300.0           # defaultSpamQPS
COMBINED = "(combined from similar events): "


class LRU(OrderedDict):
    """groupcache's lru.Cache: a get refreshes an entry, an add past the size drops the oldest."""

    def __init__(self, size: int = LRU_ENTRIES):
        super().__init__()
        self.size = size

    def lookup(self, key: Any) -> Any:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def add(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


class Observation:
    """What the correlator decided for one event: write it (``patch``: as an update
    of ``name``, with this ``count`` and ``first`` timestamp) or ``skip`` it."""
    __slots__ = ("skip", "message", "aggregated", "patch", "name", "count", "first")

    def __init__(self) -> None:
        self.skip = False
        self.message = ""
        self.aggregated = False
        self.patch = False
        self.name = ""
        self.count = 1
        self.first = ""


class Correlator:
    """One source's EventCorrelator."""
    __slots__ = ("aggregates", "logs", "buckets")

    def __init__(self) -> None:
        self.aggregates = LRU()   # aggregate key -> [messages seen (insertion order), last time]
        self.logs = LRU()         # event key -> [count, first timestamp, name]
        self.buckets = LRU()      # spam key -> [tokens, last time]

    def correlate(self, obj_key: tuple, field_path: str, etype: str, reason: str, message: str,
                  now: float, stamp: str, new_name: Callable[[], str]) -> Observation:
        """EventCorrelate: aggregate, observe, filter.  ``obj_key`` names the involved
        object; ``new_name()`` names a new event."""
        out = Observation()
        # EventAggregate
        akey = (obj_key, etype, reason)
        record = self.aggregates.lookup(akey)
        if record is None or now - record[1] > AGGREGATE_INTERVAL:
            record = [{}, now]
        record[0][message] = None
        record[1] = now
        self.aggregates.add(akey, record)
        if len(record[0]) < AGGREGATE_MAX_EVENTS:
            ckey: tuple = (obj_key, field_path, etype, reason, message)
            out.message = message
        else:
            # PopAny: Go drops an arbitrary key; the oldest here, so runs stay deterministic
            del record[0][next(iter(record[0]))]
            ckey = akey
            out.message = COMBINED + message
            out.aggregated = True
        # eventObserve
        seen = self.logs.lookup(ckey)
        if seen is not None:
            out.patch, out.count, out.first, out.name = True, seen[0] + 1, seen[1], seen[2]
        else:
            out.first, out.name = stamp, new_name()
        self.logs.add(ckey, [out.count, out.first, out.name])
        # the spam filter (after the observation is recorded: a dropped repeat still counts)
        out.skip = not self._accept((obj_key, etype), now)
        return out

    def _accept(self, key: tuple, now: float) -> bool:
        """TryAccept on the source+object+type token bucket."""
        bucket = self.buckets.lookup(key)
        if bucket is None:
            bucket = [float(SPAM_BURST), now]
        tokens = min(float(SPAM_BURST), bucket[0] + (now - bucket[1]) * SPAM_QPS)
        bucket[1] = now
        accepted = tokens >= 1.0
        bucket[0] = tokens - 1.0 if accepted else tokens
        self.buckets.add(key, bucket)
        return accepted

