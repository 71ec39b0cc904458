"""Events as the client-go record package writes them (core/v1 Event).

Repeated events (same object, reason, message, source) within the aggregation
window are folded into one with a growing ``count``, as the EventCorrelator does.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..api.errors import ApiError
from ..api.meta import Obj

if TYPE_CHECKING:
    from ..api.store import Store
    from ..clock import Clock


class Recorder:
    def __init__(self, api: "Store", clock: "Clock"):
        self.api = api
        self.clock = clock
        self._seen: dict[tuple, str] = {}     # correlation key -> event name
        self._last_nanos: dict[tuple[str, str], int] = {}

    def event(self, obj: Obj, etype: str, reason: str, message: str, *,
              component: str, host: str = "", field_path: str = "") -> None:
        md = obj["metadata"]
        ns = md.get("namespace") or "default"
        involved = {
            "kind": obj["kind"],
            "namespace": md.get("namespace", "") or None,
            "name": md["name"],
            "uid": md.get("uid"),
            "apiVersion": obj["apiVersion"],
            "resourceVersion": md.get("resourceVersion"),
            "fieldPath": field_path or None,
        }
        involved = {k: v for k, v in involved.items() if v is not None}
        source = {"component": component, **({"host": host} if host else {})}
        key = (involved.get("uid"), involved.get("fieldPath"), reason, message, component, host, etype)
        now = self.clock.timestamp()
        name = self._seen.get(key)
        if name is not None:
            existing = self.api.peek("events", name, ns)
            if existing is not None:
                def bump(ev: Obj) -> None:
                    ev["count"] = ev.get("count", 1) + 1
                    ev["lastTimestamp"] = now
                with self.api.acting_as(component):
                    self.api.mutate("events", name, ns, bump)
                return
        # Event names are <object name>.<hex unix nanoseconds> (client-go record/event.go).
        nanos = int(round(self.clock.datetime().timestamp() * 1e9))
        # Several events about one object in the same simulated instant get
        # successive nanoseconds, so names stay unique and ordered.
        last = self._last_nanos.get((ns, md["name"]))
        if last is not None and last >= nanos:
            nanos = last + 1
        self._last_nanos[(ns, md["name"])] = nanos
        name = f"{md['name']}.{nanos:x}"
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": ns},
            "involvedObject": involved,
            "reason": reason,
            "message": message,
            "source": source,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": etype,
            "eventTime": None,
            "reportingComponent": component,
            "reportingInstance": host,
        }
        try:
            with self.api.acting_as(component):
                self.api.create(event, copy_result=False, handover=True)
        except ApiError:
            return       # client-go's recorder drops an event the apiserver refuses (a terminating namespace)
        self._seen[key] = name

    def normal(self, obj: Obj, reason: str, message: str, **kw) -> None:
        self.event(obj, "Normal", reason, message, **kw)

    def warning(self, obj: Obj, reason: str, message: str, **kw) -> None:
        self.event(obj, "Warning", reason, message, **kw)
