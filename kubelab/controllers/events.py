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


#: involvedObject's keys when every field is there (ObjectReference's order; fieldPath perhaps not)
INVOLVED_KEYS = ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")
#: involvedObject's keys for a stored namespaced object without a fieldPath (the usual case)
INVOLVED_KEYS_STORED = INVOLVED_KEYS[:6]
#: the reporting fields of the aggregator's event (client-go leaves them empty)
NOT_REPORTED = ("", "")


class Source:
    """What the recorder keeps for one source (a component on a host): its
    correlator, the values of Event.source (without a host: its component alone)
    and of the reporting fields, and the store's layouts of its Events by
    involvedObject's keys."""
    __slots__ = ("correlator", "fields", "reporting", "layouts")

    def __init__(self, component: str, host: str) -> None:
        self.correlator = Correlator()
        self.fields = (component, host) if host else (component,)
        self.reporting = (component, host)
        self.layouts: dict[tuple[str, ...], int] = {}


def involved_object(kind: str, namespace: str | None, name: str, uid: str | None, api_version: str,
                    rv: str | None, field_path: str) -> dict[str, str]:
    """involvedObject as ObjectReference serialises it: its empty fields left out."""
    involved = {"kind": kind}
    if namespace:
        involved["namespace"] = namespace
    involved["name"] = name
    if uid is not None:
        involved["uid"] = uid
    involved["apiVersion"] = api_version
    if rv is not None:
        involved["resourceVersion"] = rv
    if field_path:
        involved["fieldPath"] = field_path
    return involved


class Recorder:
    def __init__(self, api: "Store", clock: "Clock"):
        self.api = api
        self.clock = clock
        self._sources: dict[tuple[str, str], Source] = {}   # (component, host) -> its source
        # Event names are unique per instant: names given at the latest instant (reset as time moves on)
        self._instant = -1
        self._at, self._nanos, self._suffix = -1.0, -1, ""
        self._last_nanos: dict[tuple[str, str], int] = {}
        # Messages and field paths kept once (the correlators' caches key on them; a
        # thousand pods' "Started container nginx" are one string), emptied when full.
        self._words: dict[str, str] = {}

    def event(self, obj: Obj, etype: str, reason: str, message: str, *,
              component: str, host: str = "", field_path: str = "") -> None:
        md = obj["metadata"]
        namespace, uid, rv = md.get("namespace"), md.get("uid"), md.get("resourceVersion")
        ns = namespace or "default"
        name, kind, api_version = md["name"], obj["kind"], obj["apiVersion"]
        words = self._words
        if len(words) > WORDS_KEPT:
            words.clear()
        message = words.setdefault(message, message)
        if field_path:
            field_path = words.setdefault(field_path, field_path)
        source = self._sources.get((component, host))
        if source is None:
            source = self._sources[(component, host)] = Source(component, host)
        # The object in the correlator's keys: its uid alone when it is one the store
        # gave (a UUID names one object for good), else what client-go joins.
        obj_key = uid if uid and len(uid) == 36 else (kind, ns, name, uid, api_version)
        clock = self.clock
        now = clock.timestamp()
        skip, message, aggregated, patch, event_name, count, first = source.correlator.correlate(
            obj_key, field_path, etype, reason, message, clock.now, now, self._new_name, ns, name)
        if skip:
            return                       # the spam filter: this source said enough about this object
        if patch and self._bump(event_name, ns, count, now, message, component):
            return
        if namespace and uid is not None and rv is not None:
            # a stored namespaced object's (the usual case): what involved_object() gives, as a tuple
            if field_path:
                keys, involved = INVOLVED_KEYS, (kind, namespace, name, uid, api_version, rv, field_path)
            else:
                keys, involved = INVOLVED_KEYS_STORED, (kind, namespace, name, uid, api_version, rv)
        else:
            fields = involved_object(kind, namespace, name, uid, api_version, rv, field_path)
            keys, involved = tuple(fields), tuple(fields.values())
        layout = source.layouts.get(keys)
        if layout is None:
            layout = source.layouts[keys] = self._layout(keys, len(source.fields) == 2)
        # The event as its values in EVENT_KEYS' order, each dict's spliced in (the store packs
        # them as they are and makes the dict only when one is wanted); the store gives its uid
        # and resourceVersion, its creationTimestamp is this instant's (the store's clock)
        values = ["v1", "Event",
                  event_name, ns, None, None, now,           # metadata: name, namespace, uid, resourceVersion, creationTimestamp
                  *involved, reason, message, *source.fields, first, now, count, etype, None,
                  *(NOT_REPORTED if aggregated else source.reporting)]
        try:
            self.api.create_event(layout, values, component)
        except ApiError:
            return       # client-go's recorder drops an event the apiserver refuses (a terminating namespace)

    def _layout(self, involved: tuple[str, ...], host: bool) -> int:
        """The store's layout of Events with involvedObject's ``involved`` keys, and a
        host or not (each source keeps the numbers of its own: Source.layouts)."""
        dicts = {"metadata": METADATA_KEYS, "involvedObject": involved,
                 "source": SOURCE_KEYS if host else SOURCE_KEYS[:1]}
        return self.api.event_layout(EVENT_KEYS, tuple(dicts.get(k) for k in EVENT_KEYS))

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
        clock = self.clock
        if clock.now != self._at:        # the same instant, the same nanoseconds (and their hex)
            self._at = clock.now
            nanos = self._nanos = int(round(clock.datetime().timestamp() * 1e9))
            self._suffix = f".{nanos:x}"
            if nanos > self._instant:
                self._instant = nanos
                self._last_nanos.clear()
        key = (ns, name)
        last = self._last_nanos.get(key)
        nanos = self._nanos
        if last is not None and last >= nanos:
            nanos = last + 1
            self._last_nanos[key] = nanos
            return f"{name}.{nanos:x}"
        self._last_nanos[key] = nanos
        return name + self._suffix

    def normal(self, obj: Obj, reason: str, message: str, **kw) -> None:
        self.event(obj, "Normal", reason, message, **kw)

    def warning(self, obj: Obj, reason: str, message: str, **kw) -> None:
        self.event(obj, "Warning", reason, message, **kw)
