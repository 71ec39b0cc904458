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
from typing import Any, Callable, Iterator, NamedTuple

LRU_ENTRIES = 4096               # maxLruCacheEntries
AGGREGATE_MAX_EVENTS = 10        # defaultAggregateMaxEvents
AGGREGATE_INTERVAL = 600.0       # defaultAggregateIntervalInSeconds
SPAM_BURST = 25                  # defaultSpamBurst
SPAM_QPS = 1.0 / 300.0           # defaultSpamQPS
COMBINED = "(combined from similar events): "
_FULL = float(SPAM_BURST)        # a full token bucket


class LRU:
    """groupcache's lru.Cache: a get refreshes an entry, an add past the size drops
    the oldest.  A plain dict (it keeps insertion order: a refreshed entry is
    taken out and put back at the end), half an OrderedDict's memory an entry —
    a big cluster's kubelets hold a few entries for each of their pods, and
    never fill theirs.  A full cache becomes an OrderedDict: a dict finds its
    oldest entry by walking past the slots its refreshes and drops emptied, a
    cost that grew with the size (the scheduler's, at 4096, paid ~700 a drop).

    :meth:`Correlator.correlate` does :meth:`take` and :meth:`put` itself on
    ``entries`` (six an event), :meth:`trim` past the size."""
    __slots__ = ("entries", "size")

    def __init__(self, size: int = LRU_ENTRIES):
        self.entries: dict[Any, Any] = {}
        self.size = size

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.entries)

    def lookup(self, key: Any) -> Any:
        entries = self.entries
        if type(entries) is dict:
            value = entries.pop(key, None)
            if value is not None:
                entries[key] = value
            return value
        value = entries.get(key)
        if value is not None:
            entries.move_to_end(key)
        return value

    def add(self, key: Any, value: Any) -> None:
        """Set ``key`` as the newest entry and drop the oldest past the size."""
        self.entries.pop(key, None)
        self.put(key, value)

    def take(self, key: Any) -> Any:
        """Take ``key``'s value out (None: not there): a :meth:`lookup` followed by an
        :meth:`add` of the same key, as take then put — one refresh, not two."""
        return self.entries.pop(key, None)

    def put(self, key: Any, value: Any) -> None:
        """Set ``key``, not in the cache (taken out or never there), as the newest
        entry and drop the oldest past the size."""
        entries = self.entries
        entries[key] = value
        if len(entries) > self.size:
            self.trim()

    def trim(self) -> None:
        """Drop the oldest entry (one past the size)."""
        entries = self.entries
        if type(entries) is dict:
            entries = self.entries = OrderedDict(entries)
        entries.popitem(last=False)


class Observation(NamedTuple):
    """What the correlator decided for one event: write it (``patch``: as an update
    of ``name``, with this ``count`` and ``first`` timestamp) or ``skip`` it.
    :meth:`Correlator.correlate` gives its fields as a plain tuple (the recorder
    unpacks it: a tuple subclass is made and unpacked at a greater cost)."""
    skip: bool
    message: str
    aggregated: bool
    patch: bool
    name: str
    count: int
    first: str


class Correlator:
    """One source's EventCorrelator."""
    __slots__ = ("aggregates", "logs", "buckets")

    def __init__(self) -> None:
        # aggregate key -> (the distinct messages seen, when last): one message, the usual
        # case, as the string itself, more as a dict's keys (insertion order)
        self.aggregates = LRU()
        self.logs = LRU()         # event key (or aggregate key) -> (count, first timestamp, name)
        self.buckets = LRU()      # spam key (the object's key, and the type unless Normal) -> (tokens, last time)

    def correlate(self, obj_key: Any, field_path: str, etype: str, reason: str, message: str,
                  now: float, stamp: str, new_name: Callable[[str, str], str], namespace: str = "",
                  name: str = "") -> tuple:
        """EventCorrelate: aggregate, observe, filter.  ``obj_key`` names the involved
        object (anything hashable that tells it from the others: client-go joins its
        kind, namespace, name, uid and apiVersion); ``new_name(namespace, name)``
        names a new event.  The :class:`Observation`'s fields, in its order.

        Each cache's take and put (:class:`LRU`) are done here on its entries: a
        pod's events pass six times."""
        # EventAggregate
        akey = (obj_key, etype, reason)
        aggregates = self.aggregates
        entries = aggregates.entries
        record = entries.pop(akey, None)
        if record is None or now - record[1] > AGGREGATE_INTERVAL:
            seen: str | dict[str, None] = message
            distinct = 1
        else:
            seen = record[0]
            if type(seen) is str:
                if seen == message:
                    distinct = 1
                else:
                    seen = {seen: None, message: None}
                    distinct = 2
            else:
                seen[message] = None
                distinct = len(seen)
        entries[akey] = (seen, now)
        if len(entries) > aggregates.size:
            aggregates.trim()
        aggregated = distinct >= AGGREGATE_MAX_EVENTS
        if not aggregated:
            ckey: tuple = (akey, field_path, message)       # getEventKey's fields, akey's shared
        else:
            # PopAny: Go drops an arbitrary key; the oldest here, so runs stay deterministic
            del seen[next(iter(seen))]                      # (ten messages: a dict)
            ckey = akey
            message = COMBINED + message
        # eventObserve
        logs = self.logs
        entries = logs.entries
        observed = entries.pop(ckey, None)
        if observed is not None:
            patch, count, first, event_name = True, observed[0] + 1, observed[1], observed[2]
        else:
            patch, count, first, event_name = False, 1, stamp, new_name(namespace, name)
        entries[ckey] = (count, first, event_name)
        if len(entries) > logs.size:
            logs.trim()
        # the spam filter, TryAccept on the source+object+type token bucket (after the
        # observation is recorded: a dropped repeat still counts)
        bkey = obj_key if etype == "Normal" else (obj_key, etype)
        buckets = self.buckets
        entries = buckets.entries
        bucket = entries.pop(bkey, None)
        if bucket is None:
            tokens = _FULL                   # a new bucket is full
        else:
            tokens = bucket[0] + (now - bucket[1]) * SPAM_QPS
            if not tokens < _FULL:
                tokens = _FULL
        accepted = tokens >= 1.0
        entries[bkey] = (tokens - 1.0 if accepted else tokens, now)
        if len(entries) > buckets.size:
            buckets.trim()
        return not accepted, message, aggregated, patch, event_name, count, first
