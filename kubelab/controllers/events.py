"""Events as the client-go record package writes them (core/v1 Event).

Before an event is written it goes through its source's EventCorrelator
(:mod:`.correlator`): repeats become a patch with a growing ``count``, similar
events with many messages are combined, and a source that keeps talking about
one object is throttled, as a real component's recorder does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.errors import ApiError
from ..api.meta import Obj
from .correlator import Correlator

if TYPE_CHECKING:
    from ..api.store import Store
    from ..clock import Clock


#: How many distinct messages the recorder keeps one copy of.
WORDS_KEPT = 10_000

#: An Event's keys in the order the recorder writes them (client-go's), and the keys of its
#: dicts: metadata's once stored, source's with a host (without one: its component alone);
#: involvedObject's are those of ObjectReference that are not empty.
EVENT_KEYS = ("apiVersion", "kind", "metadata", "involvedObject", "reason", "message", "source",
              "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "reportingComponent",
              "reportingInstance")
METADATA_KEYS = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
SOURCE_KEYS = ("component", "host")


class Recorder:
    def __init__(self, api: "Store", clock: "Clock"):
        self.api = api
        self.clock = clock
        self._correlators: dict[tuple[str, str], Correlator] = {}   # (component, host) -> its correlator
        # Event names are unique per instant: names given at the latest instant (reset as time moves on)
        self._instant = -1
        self._at, self._nanos = -1.0, -1
        self._last_nanos: dict[tuple[str, str], int] = {}
        # Messages and field paths kept once (the correlators' caches key on them; a
        # thousand pods' "Started container nginx" are one string), emptied when full.
        self._words: dict[str, str] = {}
        # the store's layout of an Event by its form: involvedObject's keys and whether source has a host
        self._layouts: dict[tuple[tuple[str, ...], bool], int] = {}

    def event(self, obj: Obj, etype: str, reason: str, message: str, *,
              component: str, host: str = "", field_path: str = "") -> None:
        md = obj["metadata"]
        namespace = md.get("namespace")
        ns = namespace or "default"
        name, uid, kind, api_version = md["name"], md.get("uid"), obj["kind"], obj["apiVersion"]
        words = self._words
        if len(words) > WORDS_KEPT:
            words.clear()
        message = words.setdefault(message, message)
        field_path = words.setdefault(field_path, field_path)
        correlator = self._correlators.get((component, host))
        if correlator is None:
            correlator = self._correlators[(component, host)] = Correlator()
        # The object in the correlator's keys: its uid alone when it is one the store
        # gave (a UUID names one object for good), else what client-go joins.
        obj_key = uid if uid and len(uid) == 36 else (kind, ns, name, uid, api_version)
        now = self.clock.timestamp()
        skip, message, aggregated, patch, event_name, count, first = correlator.correlate(
            obj_key, field_path, etype, reason, message, self.clock.now, now, lambda: self._new_name(ns, name))
        if skip:
            return                       # the spam filter: this source said enough about this object
        if patch and self._bump(event_name, ns, count, now, message, component):
            return
        # involvedObject as ObjectReference serialises it: its empty fields left out
        involved = {"kind": kind}
        if namespace:
            involved["namespace"] = namespace
        involved["name"] = name
        if uid is not None:
            involved["uid"] = uid
        involved["apiVersion"] = api_version
        rv = md.get("resourceVersion")
        if rv is not None:
            involved["resourceVersion"] = rv
        if field_path:
            involved["fieldPath"] = field_path
        source = (component, host) if host else (component,)
        form = (tuple(involved), bool(host))
        layout = self._layouts.get(form)
        if layout is None:
            dicts = {"metadata": METADATA_KEYS, "involvedObject": form[0], "source": SOURCE_KEYS[:len(source)]}
            layout = self._layouts[form] = self.api.event_layout(EVENT_KEYS, tuple(dicts.get(k) for k in EVENT_KEYS))
        # The event as its values in EVENT_KEYS' order, each dict's spliced in (the store packs
        # them as they are and makes the dict only when one is wanted); the store gives its uid,
        # resourceVersion and creationTimestamp
        values = ["v1", "Event",
                  event_name, ns, None, None, None,          # metadata: name, namespace, uid, resourceVersion, creationTimestamp
                  *involved.values(), reason, message, *source, first, now, count, etype, None,
                  # the aggregator's event carries no reporting fields (client-go leaves them empty)
                  "" if aggregated else component, "" if aggregated else host]
        try:
            self.api.create_event(layout, values, component)
        except ApiError:
            return       # client-go's recorder drops an event the apiserver refuses (a terminating namespace)

    def _bump(self, name: str, ns: str, count: int, now: str, message: str, component: str) -> bool:
        """The patch of a repeated event (count, lastTimestamp, message); False when
        the event is gone (then it is created again, as client-go does)."""
        if self.api.peek("events", name, ns) is None:
            return False

        def bump(ev: Obj) -> None:
            ev["count"] = count
            ev["lastTimestamp"] = now
            ev["message"] = message
        with self.api.acting_as(component):
            self.api.mutate("events", name, ns, bump, copy_result=False)
        return True

    def _new_name(self, ns: str, name: str) -> str:
        """<object name>.<hex unix nanoseconds> (client-go record/event.go); several
        events about one object in the same simulated instant get successive
        nanoseconds, so names stay unique and ordered."""
        if self.clock.now != self._at:        # the same instant, the same nanoseconds
            self._at = self.clock.now
            self._nanos = int(round(self.clock.datetime().timestamp() * 1e9))
        nanos = self._nanos
        if nanos > self._instant:
            self._instant = nanos
            self._last_nanos.clear()
        last = self._last_nanos.get((ns, name))
        if last is not None and last >= nanos:
            nanos = last + 1
        self._last_nanos[(ns, name)] = nanos
        return f"{name}.{nanos:x}"

    def normal(self, obj: Obj, reason: str, message: str, **kw) -> None:
        self.event(obj, "Normal", reason, message, **kw)

    def warning(self, obj: Obj, reason: str, message: str, **kw) -> None:
        self.event(obj, "Warning", reason, message, **kw)
