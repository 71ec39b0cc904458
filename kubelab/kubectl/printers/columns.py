"""What ``kubectl get`` shows for each kind: columns and a row function, as data.

Ported from kubernetes pkg/printers/internalversion/printers.go (v1.32).  In a real
cluster the API server builds these tables (always with the wide cells: it calls the
printers with ``Wide: true``) and kubectl drops the priority-1 columns unless ``-o
wide``.  We do the same, so a row function returns every cell, wide ones included.

A row function is ``row(obj, ctx) -> list[str]``; ``ctx.now`` is the simulated time
that AGE and friends are measured against.
"""
from __future__ import annotations

import functools
import operator
import weakref
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Callable

from kubelab.api.meta import Obj
from kubelab.api.selectors import from_label_selector
from kubelab.clock import parse_timestamp

from .age import human_duration, translate_timestamp_since
from .pods import pod_cells, pod_cells_same, pod_facts, pod_row



@dataclass(frozen=True)
class Column:
    name: str             # as in printers.go ("Up-to-date"); the header is name.upper()
    priority: int = 0     # 1: only with -o wide
    is_name: bool = False  # Format "name": gets the "kind/" prefix when kinds are mixed


@dataclass(frozen=True)
class TablePrinter:
    columns: tuple[Column, ...]
    row: Callable[[Obj, PrintContext], list[str]]
    #: Optionally ``row`` in two steps, ``row(obj, ctx) == cells(facts(obj), ctx.now)``:
    #: what does not depend on the time (kept per object version by a RowMemo), then
    #: the cells at a time (ages), as a tuple.  For the kinds listed by the thousand (pods).
    facts: Callable[[Obj], Any] | None = None
    cells: Callable[[Any, float], tuple[str, ...]] | None = None
    #: Optionally, whether ``cells`` of each of a list of facts is the same at two
    #: instants (``same_cells(facts, then, now)``; False when it cannot tell cheaply).
    same_cells: Callable[[list[Any], float, float], bool] | None = None


class RowMemo:
    """The time-free facts of table rows, per stored object version.

    A stored object never changes without a new resourceVersion (the store's one
    counter), so a row's facts are computed once per version and a ``kubectl get
    pods`` costs what changed since the last one plus the ages.  Only for objects
    read from the store (``kubectl get``), never for ones a command made up.
    Bounded: emptied when it holds twice the largest listing plus 10,000.

    A listing of 150,000 pods is mostly memory traffic, so the per-row work is done
    by C loops (``map``) where it can be, and what the last few listings of a kind
    made is kept for the next ones: their objects (stored objects never change in
    place: the same objects are the same rows), their facts, the cells at their
    instant and the texts printed (see :meth:`text`).  A few, not one: ``kubectl get
    pod NAME`` or a ``--field-selector`` between two ``kubectl get pods`` would
    otherwise make the second look up each of 150,000 objects' facts again (1-2 s)."""

    #: Listings (and texts) kept per kind, the most recently used first.
    KEPT = 3

    def __init__(self) -> None:
        self._facts: dict[str, dict[str, Any]] = {}     # kind -> resourceVersion -> facts
        self._largest = 0
        # kind -> the last listings of the kind, each [objects, their facts, instant, cells at it]
        self._last: dict[str, list[list]] = {}
        # kind -> the last tables printed of the kind, each (objects, key, text) (see text())
        self._text: dict[str, list[tuple]] = {}

    def _listing(self, kind: str, objs: list[Obj]) -> list | None:
        """The kept listing of ``objs`` (the same objects), made the most recent; else None."""
        kept = self._last.get(kind, ())
        for at, last in enumerate(kept):
            if _same(last[0], objs):
                if at:
                    kept.insert(0, kept.pop(at))
                return last
        return None

    def facts(self, kind: str, printer: TablePrinter, objs: list[Obj]) -> list[Any]:
        """The facts of each of ``objs`` (stored objects), from the memo where it has them."""
        last = self._listing(kind, objs)
        if last is not None:
            return last[1]
        self._fill(kind, printer, objs, None)
        return self._last[kind][0][1]

    def rows(self, kind: str, printer: TablePrinter, objs: list[Obj], now: float) -> list[tuple[str, ...]]:
        """Every cell of each object's row at ``now`` (tuples, in a list the caller must not change)."""
        last = self._listing(kind, objs)
        if last is None:
            return self._fill(kind, printer, objs, now)       # a new listing: its facts, then the cells
        if last[3] is not None and (last[2] == now or (
                printer.same_cells is not None and printer.same_cells(last[1], last[2], now))):
            last[2] = now        # the cells kept are those at now: the same list (see text())
            return last[3]
        cells_of = printer.cells
        assert cells_of is not None
        out = list(map(cells_of, last[1], repeat(now, len(objs))))
        last[2], last[3] = now, out
        return out

    def _fill(self, kind: str, printer: TablePrinter, objs: list[Obj], now: float | None) -> list[tuple[str, ...]] | None:
        """Facts (and the cells at ``now``, unless None) of a new listing, each object
        read once.  At 150,000 pods reading an object is mostly waiting for memory, so
        the objects are read in the order of their addresses, not of their names: the
        parts of an object version were made together and lie together, and read one
        after the other they share pages and cache lines (the facts of 30,000 settled
        pods: 153 ms, 12 of them the sort, where name order took 209).  The facts are
        the object's alone, so the order they are computed in changes nothing."""
        facts_of, cells_of = printer.facts, printer.cells
        assert facts_of is not None and cells_of is not None
        self._largest = max(self._largest, len(objs))
        if sum(map(len, self._facts.values())) > 2 * self._largest + 10_000:
            self._facts.clear()
        memo = self._facts.setdefault(kind, {})
        get = memo.get
        facts_out: list[Any] = [None] * len(objs)
        for i in sorted(range(len(objs)), key=list(map(id, objs)).__getitem__):
            obj = objs[i]
            rv = (obj.get("metadata") or _NO_METADATA).get("resourceVersion")
            facts = get(rv) if rv else None
            if facts is None:
                facts = facts_of(obj)
                if rv:
                    memo[rv] = facts
            facts_out[i] = facts
        cells_out = None if now is None else list(map(cells_of, facts_out, repeat(now, len(objs))))
        _keep(self._last.setdefault(kind, []), [objs, facts_out, now, cells_out], objs, self.KEPT)
        return cells_out

    def text(self, kind: str, key: tuple, objs: list[Obj], make: Callable[[], str]) -> str:
        """The table of ``objs`` printed with the options ``key``: a kept one's text
        when it was of the same objects, else ``make()``.  The key holds what the
        cells were made at: the instant, or for a kind whose rows the memo keeps, the
        list of cells :meth:`rows` gave (the same list at two instants when no cell
        moved), told by identity: those are the cells of one listing, so of the same
        objects as ``objs`` (rows() found them so)."""
        kept = self._text.setdefault(kind, [])
        for at, last in enumerate(kept):
            if _same_key(last[1], key) and (type(key[0]) is list or _same(last[0], objs)):
                if at:
                    kept.insert(0, kept.pop(at))
                return last[2]
        text = make()
        _keep(kept, (objs, key, text), objs, self.KEPT)
        return text


def _keep(kept: list, entry: Any, objs: list, most: int) -> None:
    """Put ``entry`` (made of ``objs``, its first item) first in ``kept``.  Only the
    entries of listings more than twice as long stay besides it (a whole ``get pods``
    besides a ``get pod NAME``), at most ``most`` in all: the objects kept alive (old
    versions among them) are then fewer than twice those of the longest listing."""
    kept[:] = [entry] + [last for last in kept if len(last[0]) > 2 * len(objs)][:most - 1]


def _same_key(a: tuple, b: tuple) -> bool:
    """Keys of text(): equal options, made at the same instant or from the same cells."""
    return a[1:] == b[1:] and (a[0] is b[0] or (type(a[0]) is not list and a[0] == b[0]))


_NO_METADATA: dict = {}


def _same(a: list, b: list) -> bool:
    """Whether two lists hold the same objects (identity, compared in C)."""
    return a is b or (len(a) == len(b) and all(map(operator.is_, a, b)))


_MEMOS: "weakref.WeakKeyDictionary[Any, RowMemo]" = weakref.WeakKeyDictionary()


def row_memo(store: Any) -> RowMemo:
    """The RowMemo of ``store`` (the API whose resourceVersions key it), one per
    store for as long as the store lives: every ``kubectl get`` and the served
    API's tables share it."""
    memo = _MEMOS.get(store)
    if memo is None:
        memo = _MEMOS[store] = RowMemo()
    return memo


@dataclass
class PrintContext:
    now: float = 0.0
    extra: dict = field(default_factory=dict)
    memo: RowMemo | None = None      # rows of stored objects (kubectl get), see RowMemo


def _c(name: str, priority: int = 0) -> Column:
    return Column(name, priority, is_name=(name == "Name"))


# ------------------------------------------------------------------ helpers

def meta(obj: Obj) -> Obj:
    return obj.get("metadata") or {}


def _age(obj: Obj, ctx: PrintContext) -> str:
    return translate_timestamp_since(meta(obj).get("creationTimestamp"), ctx.now)


def format_labels(labels: dict | None) -> str:
    """labels.FormatLabels: sorted ``k=v`` joined by commas, ``<none>`` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def format_label_selector(sel: dict | None) -> str:
    """metav1.FormatLabelSelector: ``<none>`` for an empty (or null) selector."""
    text = str(from_label_selector(sel)) if sel is not None else ""
    return text or "<none>"


def layout_containers(containers: list[Obj] | None) -> tuple[str, str]:
    containers = containers or []
    return (",".join(c.get("name", "") for c in containers),
            ",".join(c.get("image", "") for c in containers))


def _template_containers(obj: Obj, path: tuple[str, ...] = ("spec", "template")) -> list[Obj]:
    cur: Any = obj
    for p in path:
        cur = (cur or {}).get(p)
    return ((cur or {}).get("spec") or {}).get("containers") or []


def _int(v: Any) -> str:
    return str(int(v or 0))


def _bool(v: Any) -> str:
    return "true" if v else "false"


def access_modes(modes: list[str] | None) -> str:
    """helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that fixed order."""
    modes = modes or []
    out = []
    for full, short in (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"),
                        ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")):
        if full in modes:
            out.append(short)
    return ",".join(out)


# ------------------------------------------------------------------ workloads

def _deployment(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = layout_containers(_template_containers(obj))
    return [meta(obj).get("name", ""),
            f"{int(status.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}",
            _int(status.get("updatedReplicas")), _int(status.get("availableReplicas")),
            _age(obj, ctx), names, images, str(from_label_selector(spec.get("selector")))]


def _replicaset(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = layout_containers(_template_containers(obj))
    return [meta(obj).get("name", ""), _int(spec.get("replicas")), _int(status.get("replicas")),
            _int(status.get("readyReplicas")), _age(obj, ctx), names, images,
            format_label_selector(spec.get("selector"))]


def _replicationcontroller(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = layout_containers(_template_containers(obj))
    return [meta(obj).get("name", ""), _int(spec.get("replicas")), _int(status.get("replicas")),
            _int(status.get("readyReplicas")), _age(obj, ctx), names, images,
            format_labels(spec.get("selector"))]


def _daemonset(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = layout_containers(_template_containers(obj))
    node_selector = (((spec.get("template") or {}).get("spec")) or {}).get("nodeSelector")
    return [meta(obj).get("name", ""), _int(status.get("desiredNumberScheduled")),
            _int(status.get("currentNumberScheduled")), _int(status.get("numberReady")),
            _int(status.get("updatedNumberScheduled")), _int(status.get("numberAvailable")),
            format_labels(node_selector), _age(obj, ctx), names, images,
            format_label_selector(spec.get("selector"))]


def _statefulset(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    names, images = layout_containers(_template_containers(obj))
    return [meta(obj).get("name", ""),
            f"{int(status.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}",
            _age(obj, ctx), names, images]


def _has_condition(obj: Obj, ctype: str) -> bool:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c.get("type") == ctype:
            return c.get("status") == "True"
    return False


def job_status(obj: Obj) -> str:
    """printJob's STATUS: Complete, Failed, Terminating, Suspended, FailureTarget or Running."""
    if _has_condition(obj, "Complete"):
        return "Complete"
    if _has_condition(obj, "Failed"):
        return "Failed"
    if meta(obj).get("deletionTimestamp"):
        return "Terminating"
    if _has_condition(obj, "Suspended"):
        return "Suspended"
    if _has_condition(obj, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def _job(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = int(status.get("succeeded") or 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{int(spec['completions'])}"
    elif int(spec.get("parallelism") or 0) > 1:
        completions = f"{succeeded}/1 of {int(spec['parallelism'])}"
    else:
        completions = f"{succeeded}/1"
    duration = ""
    if status.get("startTime"):
        start = parse_timestamp(status["startTime"])
        end = parse_timestamp(status["completionTime"]) if status.get("completionTime") else ctx.now
        duration = human_duration(end - start)
    names, images = layout_containers(_template_containers(obj))
    return [meta(obj).get("name", ""), job_status(obj), completions, duration, _age(obj, ctx),
            names, images, format_label_selector(spec.get("selector"))]


def _cronjob(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    last = "<none>"
    if status.get("lastScheduleTime"):
        last = translate_timestamp_since(status["lastScheduleTime"], ctx.now)
    tz = spec.get("timeZone") or "<none>"
    suspend = "<unset>" if spec.get("suspend") is None else ("True" if spec["suspend"] else "False")
    job_template = spec.get("jobTemplate") or {}
    names, images = layout_containers(_template_containers(job_template))
    return [meta(obj).get("name", ""), spec.get("schedule", ""), tz, suspend,
            str(len(status.get("active") or [])), last, _age(obj, ctx), names, images,
            format_label_selector((job_template.get("spec") or {}).get("selector"))]


# ------------------------------------------------------------------ networking

def _lb_ingress(status: Obj, wide: bool) -> str:
    """loadBalancerStatusStringer: sorted, de-duplicated; clipped to 16 chars unless wide."""
    found = set()
    for ing in ((status or {}).get("loadBalancer") or {}).get("ingress") or []:
        if ing.get("ip"):
            found.add(ing["ip"])
        elif ing.get("hostname"):
            found.add(ing["hostname"])
    text = ",".join(sorted(found))
    if not wide and len(text) > 16:
        text = text[:13] + "..."
    return text


def service_external_ip(svc: Obj, wide: bool = True) -> str:
    spec = svc.get("spec") or {}
    stype = spec.get("type", "ClusterIP")
    external = spec.get("externalIPs") or []
    if stype in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if stype == "LoadBalancer":
        lb = _lb_ingress(svc.get("status") or {}, wide)
        if external:
            return ",".join((lb.split(",") if lb else []) + external)
        return lb or "<pending>"
    if stype == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_ports(ports: list[Obj] | None) -> str:
    """makePortString: ``80/TCP`` or ``8080:31234/TCP``, comma-separated."""
    pieces = []
    for p in ports or []:
        proto = p.get("protocol", "TCP")
        if p.get("nodePort"):
            pieces.append(f"{p.get('port')}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port')}/{proto}")
    return ",".join(pieces)


def _service(obj: Obj, ctx: PrintContext) -> list[str]:
    spec = obj.get("spec") or {}
    cluster_ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    # The API server renders tables with Wide: true for every client, so a long
    # LoadBalancer address list is never clipped to 16 characters in `kubectl get`.
    return [meta(obj).get("name", ""), spec.get("type", "ClusterIP"),
            cluster_ips[0] if cluster_ips else "<none>", service_external_ip(obj, True),
            service_ports(spec.get("ports")) or "<none>", _age(obj, ctx),
            format_labels(spec.get("selector"))]


def format_endpoints(ep: Obj, ports: set[str] | None = None) -> str:
    """formatEndpoints: the first three ``ip:port`` and ``+ N more...``."""
    subsets = ep.get("subsets") or []
    if not subsets:
        return "<none>"
    items: list[str] = []
    more, count, limit = False, 0, 3
    for ss in subsets:
        addrs = ss.get("addresses") or []
        if not ss.get("ports"):
            count += len(addrs)
            for a in addrs:
                if len(items) == limit:
                    more = True
                    break
                items.append(a.get("ip", ""))
            continue
        for port in ss["ports"]:
            if ports is None or port.get("name", "") in ports:
                count += len(addrs)
                for a in addrs:
                    if len(items) == limit:
                        more = True
                        break
                    ip = a.get("ip", "")
                    host = f"[{ip}]" if ":" in ip else ip
                    items.append(f"{host}:{port.get('port')}")
    text = ",".join(items)
    return f"{text} + {count - limit} more..." if more else text


def _endpoints(obj: Obj, ctx: PrintContext) -> list[str]:
    return [meta(obj).get("name", ""), format_endpoints(obj), _age(obj, ctx)]


def _list_with_more(items: list[str], count: int, limit: int = 3) -> str:
    text = ",".join(items[:limit])
    if count > limit:
        return f"{text} + {count - limit} more..."
    return text or "<unset>"


def _endpointslice(obj: Obj, ctx: PrintContext) -> list[str]:
    ports = []
    for p in obj.get("ports") or []:
        if p.get("port") is not None:
            ports.append(str(p["port"]))
        elif p.get("name") is not None:
            ports.append(p["name"])
        else:
            ports.append("*")
    addrs = [a for e in obj.get("endpoints") or [] for a in e.get("addresses") or []]
    return [meta(obj).get("name", ""), obj.get("addressType", ""),
            _list_with_more(ports, len(ports)), _list_with_more(addrs, len(addrs)), _age(obj, ctx)]


def _ingress(obj: Obj, ctx: PrintContext) -> list[str]:
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    # formatHosts: the first three non-empty hosts; "+ N more..." counts every rule.
    hosts: list[str] = []
    more = False
    for rule in rules:
        if len(hosts) == 3:
            more = True
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    host_text = ",".join(hosts) if hosts else "*"
    if hosts and more:
        host_text = f"{host_text} + {len(rules) - 3} more..."
    return [meta(obj).get("name", ""), spec.get("ingressClassName") or "<none>", host_text,
            _lb_ingress(obj.get("status") or {}, True), "80, 443" if spec.get("tls") else "80",
            _age(obj, ctx)]


# ------------------------------------------------------------------ cluster

def node_roles(node: Obj) -> list[str]:
    roles = set()
    for k, v in (meta(node).get("labels") or {}).items():
        if k.startswith("node-role.kubernetes.io/"):
            role = k[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    return sorted(roles)


def node_status(node: Obj) -> str:
    status = []
    for c in (node.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            status = ["Ready" if c.get("status") == "True" else "NotReady"]
    if not status:
        status = ["Unknown"]
    if (node.get("spec") or {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)


def _node_address(node: Obj, atype: str) -> str:
    for a in (node.get("status") or {}).get("addresses") or []:
        if a.get("type") == atype:
            return a.get("address", "")
    return "<none>"


def _node(obj: Obj, ctx: PrintContext) -> list[str]:
    info = (obj.get("status") or {}).get("nodeInfo") or {}
    return [meta(obj).get("name", ""), node_status(obj), ",".join(node_roles(obj)) or "<none>",
            _age(obj, ctx), info.get("kubeletVersion", ""),
            _node_address(obj, "InternalIP"), _node_address(obj, "ExternalIP"),
            info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]


def _namespace(obj: Obj, ctx: PrintContext) -> list[str]:
    return [meta(obj).get("name", ""), (obj.get("status") or {}).get("phase", ""), _age(obj, ctx)]


def event_times(ev: Obj, ctx: PrintContext) -> tuple[str, str, int]:
    """(last seen, first seen, count) as printEvent computes them."""
    def since(ts: str | None) -> str:
        return translate_timestamp_since(ts, ctx.now)
    first = since(ev.get("firstTimestamp")) if ev.get("firstTimestamp") else since(ev.get("eventTime"))
    last = since(ev.get("lastTimestamp")) if ev.get("lastTimestamp") else first
    count = int(ev.get("count") or 0)
    if ev.get("series"):
        last = since(ev["series"].get("lastObservedTime"))
        count = int(ev["series"].get("count") or 0)
    elif count == 0:
        count = 1
    return last, first, count


def _event(obj: Obj, ctx: PrintContext) -> list[str]:
    return list(event_cells(event_facts(obj), ctx.now))


def event_facts(obj: Obj) -> tuple:
    """What an event's row says that does not depend on the time (see RowMemo):
    its first and last timestamps (last None: as the first), the count as text and
    the other cells."""
    first = obj.get("firstTimestamp") or obj.get("eventTime")
    last = obj.get("lastTimestamp") or None
    count = int(obj.get("count") or 0)
    series = obj.get("series")
    if series:
        last = ("series", series.get("lastObservedTime"))
        count = int(series.get("count") or 0)
    elif count == 0:
        count = 1
    inv = obj.get("involvedObject") or {}
    target = inv.get("kind", "").lower()
    if inv.get("name"):
        target = f"{target}/{inv['name']}"
    src = obj.get("source") or {}
    component = src.get("component") or obj.get("reportingComponent") or ""
    host = src.get("host") or obj.get("reportingInstance") or ""
    source = f"{component}, {host}" if host else component
    return (first, last, str(count), obj.get("type", ""), obj.get("reason", ""), target, inv.get("fieldPath", ""),
            source, (obj.get("message") or "").strip(), meta(obj).get("name", ""))


def event_cells(facts: tuple, now: float) -> tuple[str, ...]:
    """The row's cells from :func:`event_facts`, at ``now`` (printEvent)."""
    first_ts, last_ts, count, etype, reason, target, field_path, source, message, name = facts
    first = _since(first_ts, now)
    if last_ts is None:
        last = first
    elif type(last_ts) is tuple:              # series.lastObservedTime
        last = _since(last_ts[1], now)
    else:
        last = _since(last_ts, now)
    return (last, etype, reason, target, field_path, source, message, first, count, name)


#: AGE-like texts of timestamps at an instant: events share their few timestamps.
_since = functools.lru_cache(maxsize=4096)(translate_timestamp_since)


def _configmap(obj: Obj, ctx: PrintContext) -> list[str]:
    n = len(obj.get("data") or {}) + len(obj.get("binaryData") or {})
    return [meta(obj).get("name", ""), str(n), _age(obj, ctx)]


def _secret(obj: Obj, ctx: PrintContext) -> list[str]:
    return [meta(obj).get("name", ""), obj.get("type", ""), str(len(obj.get("data") or {})), _age(obj, ctx)]


def _serviceaccount(obj: Obj, ctx: PrintContext) -> list[str]:
    return [meta(obj).get("name", ""), str(len(obj.get("secrets") or [])), _age(obj, ctx)]


def _pv(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    claim = spec.get("claimRef")
    claim_text = f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else ""
    phase = "Terminating" if meta(obj).get("deletionTimestamp") else status.get("phase", "")
    sc = spec.get("storageClassName") or (meta(obj).get("annotations") or {}).get(
        "volume.beta.kubernetes.io/storage-class", "")
    return [meta(obj).get("name", ""), str((spec.get("capacity") or {}).get("storage", "0")),
            access_modes(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""),
            phase, claim_text, sc, spec.get("volumeAttributesClassName") or "<unset>",
            status.get("reason", ""), _age(obj, ctx), spec.get("volumeMode") or "<unset>"]


def pvc_class(obj: Obj) -> str:
    annotations = meta(obj).get("annotations") or {}
    if "volume.beta.kubernetes.io/storage-class" in annotations:
        return annotations["volume.beta.kubernetes.io/storage-class"]
    return (obj.get("spec") or {}).get("storageClassName") or ""


def _pvc(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    phase = "Terminating" if meta(obj).get("deletionTimestamp") else status.get("phase", "")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(status.get("accessModes"))
        capacity = str((status.get("capacity") or {}).get("storage", "0"))
    return [meta(obj).get("name", ""), phase, spec.get("volumeName", ""), capacity, modes,
            pvc_class(obj), spec.get("volumeAttributesClassName") or "<unset>", _age(obj, ctx),
            spec.get("volumeMode") or "<unset>"]


def is_default_class(obj: Obj) -> bool:
    a = meta(obj).get("annotations") or {}
    return (a.get("storageclass.kubernetes.io/is-default-class") == "true"
            or a.get("storageclass.beta.kubernetes.io/is-default-class") == "true")


def _storageclass(obj: Obj, ctx: PrintContext) -> list[str]:
    name = meta(obj).get("name", "") + (" (default)" if is_default_class(obj) else "")
    return [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
            obj.get("volumeBindingMode") or "Immediate", _bool(obj.get("allowVolumeExpansion")),
            _age(obj, ctx)]


def _lease(obj: Obj, ctx: PrintContext) -> list[str]:
    return [meta(obj).get("name", ""), (obj.get("spec") or {}).get("holderIdentity") or "", _age(obj, ctx)]


def hpa_metrics(specs: list, statuses: list) -> str:
    """formatHPAMetrics: ``cpu: <unknown>/50%`` per metric, the first two, then ``+ N more...``."""
    if not specs:
        return "<none>"
    out = []
    for i, spec in enumerate(specs):
        st = statuses[i] if i < len(statuses) else {}
        kind = spec.get("type")
        if kind in ("Resource", "ContainerResource"):
            key = "resource" if kind == "Resource" else "containerResource"
            src, cur = spec.get(key) or {}, ((st or {}).get(key) or {}).get("current") or {}
            target = src.get("target") or {}
            if target.get("averageValue") is not None:
                current = str(cur["averageValue"]) if "averageValue" in cur else "<unknown>"
                out.append(f"{src.get('name', '')}: {current}/{target['averageValue']}")
            else:
                current = f"{cur['averageUtilization']}%" if cur.get("averageUtilization") is not None else "<unknown>"
                goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                out.append(f"{src.get('name', '')}: {current}/{goal}")
        elif kind == "Pods":
            cur = ((st or {}).get("pods") or {}).get("current") or {}
            current = str(cur["averageValue"]) if "averageValue" in cur else "<unknown>"
            out.append(f"{current}/{((spec.get('pods') or {}).get('target') or {}).get('averageValue', '')}")
        elif kind in ("Object", "External"):
            key = kind.lower()
            target = (spec.get(key) or {}).get("target") or {}
            cur = ((st or {}).get(key) or {}).get("current") or {}
            if target.get("averageValue") is not None:
                current = str(cur["averageValue"]) if "averageValue" in cur else "<unknown>"
                out.append(f"{current}/{target['averageValue']} (avg)")
            else:
                current = str(cur["value"]) if "value" in cur else "<unknown>"
                out.append(f"{current}/{target.get('value', '')}")
        else:
            out.append("<unknown type>")
    if len(out) > 2:
        return ", ".join(out[:2]) + f" + {len(out) - 2} more..."
    return ", ".join(out)


def _apiservice(obj: Obj, ctx: PrintContext) -> list[str]:
    """kube-aggregator's printer: SERVICE ``namespace/name`` (or Local), AVAILABLE the
    condition's status, with its reason when not True."""
    svc = (obj.get("spec") or {}).get("service")
    cond = next((c for c in (obj.get("status") or {}).get("conditions") or [] if c.get("type") == "Available"), None)
    available = "Unknown" if cond is None else cond.get("status", "") if cond.get("status") == "True" \
        else f"{cond.get('status', '')} ({cond.get('reason', '')})"
    return [meta(obj).get("name", ""), f"{svc.get('namespace', '')}/{svc.get('name', '')}" if svc else "Local",
            available, _age(obj, ctx)]


def _hpa(obj: Obj, ctx: PrintContext) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    low = spec.get("minReplicas")
    return [meta(obj).get("name", ""), f"{ref.get('kind', '')}/{ref.get('name', '')}",
            hpa_metrics(spec.get("metrics") or [], status.get("currentMetrics") or []),
            "<unset>" if low is None else str(low), str(spec.get("maxReplicas", 0)),
            str(status.get("currentReplicas", 0)), _age(obj, ctx)]


def _controllerrevision(obj: Obj, ctx: PrintContext) -> list[str]:
    controller = "<none>"
    for ref in meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            api_version = ref.get("apiVersion", "")
            group = api_version.split("/")[0] if "/" in api_version else ""
            kind = ref.get("kind", "")
            gk = f"{kind}.{group}" if group else kind
            controller = f"{gk.lower()}/{ref.get('name', '')}" if kind else ref.get("name", "")
            break
    return [meta(obj).get("name", ""), controller, str(obj.get("revision", 0)), _age(obj, ctx)]


def _default(obj: Obj, ctx: PrintContext) -> list[str]:
    return [meta(obj).get("name", ""), _age(obj, ctx)]


def _cols(*spec: str) -> tuple[Column, ...]:
    """``"Name", "Ready", "IP:1"`` → columns; ``:1`` marks a wide-only column."""
    out = []
    for s in spec:
        name, _, prio = s.partition(":")
        out.append(_c(name, int(prio or 0)))
    return tuple(out)


PRINTERS: dict[str, TablePrinter] = {
    "Pod": TablePrinter(_cols("Name", "Ready", "Status", "Restarts", "Age", "IP:1", "Node:1",
                              "Nominated Node:1", "Readiness Gates:1"), pod_row, pod_facts, pod_cells,
                          pod_cells_same),
    "Deployment": TablePrinter(_cols("Name", "Ready", "Up-to-date", "Available", "Age",
                                     "Containers:1", "Images:1", "Selector:1"), _deployment),
    "ReplicaSet": TablePrinter(_cols("Name", "Desired", "Current", "Ready", "Age", "Containers:1",
                                     "Images:1", "Selector:1"), _replicaset),
    "ReplicationController": TablePrinter(_cols("Name", "Desired", "Current", "Ready", "Age",
                                                "Containers:1", "Images:1", "Selector:1"),
                                          _replicationcontroller),
    "DaemonSet": TablePrinter(_cols("Name", "Desired", "Current", "Ready", "Up-to-date", "Available",
                                    "Node Selector", "Age", "Containers:1", "Images:1", "Selector:1"),
                              _daemonset),
    "StatefulSet": TablePrinter(_cols("Name", "Ready", "Age", "Containers:1", "Images:1"), _statefulset),
    "Job": TablePrinter(_cols("Name", "Status", "Completions", "Duration", "Age", "Containers:1",
                              "Images:1", "Selector:1"), _job),
    "CronJob": TablePrinter(_cols("Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule",
                                  "Age", "Containers:1", "Images:1", "Selector:1"), _cronjob),
    "Service": TablePrinter(_cols("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age",
                                  "Selector:1"), _service),
    "Endpoints": TablePrinter(_cols("Name", "Endpoints", "Age"), _endpoints),
    "EndpointSlice": TablePrinter(_cols("Name", "AddressType", "Ports", "Endpoints", "Age"), _endpointslice),
    "Ingress": TablePrinter(_cols("Name", "Class", "Hosts", "Address", "Ports", "Age"), _ingress),
    "Node": TablePrinter(_cols("Name", "Status", "Roles", "Age", "Version", "Internal-IP:1",
                               "External-IP:1", "OS-Image:1", "Kernel-Version:1",
                               "Container-Runtime:1"), _node),
    "Namespace": TablePrinter(_cols("Name", "Status", "Age"), _namespace),
    # The event table's NAME column is wide-only and comes last; LAST SEEN leads.
    "Event": TablePrinter(_cols("Last Seen", "Type", "Reason", "Object", "Subobject:1", "Source:1",
                                "Message", "First Seen:1", "Count:1", "Name:1"), _event,
                          event_facts, event_cells),
    "ConfigMap": TablePrinter(_cols("Name", "Data", "Age"), _configmap),
    "Secret": TablePrinter(_cols("Name", "Type", "Data", "Age"), _secret),
    "ServiceAccount": TablePrinter(_cols("Name", "Secrets", "Age"), _serviceaccount),
    "PersistentVolume": TablePrinter(_cols("Name", "Capacity", "Access Modes", "Reclaim Policy", "Status",
                                           "Claim", "StorageClass", "VolumeAttributesClass", "Reason",
                                           "Age", "VolumeMode:1"), _pv),
    "PersistentVolumeClaim": TablePrinter(_cols("Name", "Status", "Volume", "Capacity", "Access Modes",
                                                "StorageClass", "VolumeAttributesClass", "Age",
                                                "VolumeMode:1"), _pvc),
    "StorageClass": TablePrinter(_cols("Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode",
                                       "AllowVolumeExpansion", "Age"), _storageclass),
    "Lease": TablePrinter(_cols("Name", "Holder", "Age"), _lease),
    "ControllerRevision": TablePrinter(_cols("Name", "Controller", "Revision", "Age"), _controllerrevision),
    "HorizontalPodAutoscaler": TablePrinter(_cols("Name", "Reference", "Targets", "MinPods", "MaxPods",
                                                  "Replicas", "Age"), _hpa),
    "APIService": TablePrinter(_cols("Name", "Service", "Available", "Age"), _apiservice),
}


# ------------------------------------------------------------------ rbac, quota, scheduling

def _created_at(obj: Obj, ctx: PrintContext) -> list[str]:
    """rest.defaultTableConvertor, for kinds with no printer of their own (Role,
    ClusterRole): NAME and CREATED AT, the timestamp in RFC 3339, UTC."""
    return [meta(obj).get("name", ""), meta(obj).get("creationTimestamp") or ""]


def subjects_strings(subjects: list[Obj] | None) -> tuple[list[str], list[str], list[str]]:
    """rbac.SubjectsStrings: users, groups and ``namespace/name`` service accounts."""
    users, groups, sas = [], [], []
    for s in subjects or []:
        if s.get("kind") == "ServiceAccount":
            sas.append(f"{s.get('namespace', '')}/{s.get('name', '')}")
        elif s.get("kind") == "User":
            users.append(s.get("name", ""))
        elif s.get("kind") == "Group":
            groups.append(s.get("name", ""))
    return users, groups, sas


def _rolebinding(obj: Obj, ctx: PrintContext) -> list[str]:
    """printRoleBinding / printClusterRoleBinding: ROLE is ``Kind/name``."""
    ref = obj.get("roleRef") or {}
    users, groups, sas = subjects_strings(obj.get("subjects"))
    return [meta(obj).get("name", ""), f"{ref.get('kind', '')}/{ref.get('name', '')}", _age(obj, ctx),
            ", ".join(users), ", ".join(groups), ", ".join(sas)]


def _resourcequota(obj: Obj, ctx: PrintContext) -> list[str]:
    """printResourceQuota: ``name: used/hard`` from the status the quota controller
    writes, sorted by resource name; ``limits.*`` go to LIMIT, the rest to REQUEST."""
    status = obj.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    request, limit = [], []
    for name in sorted(hard):
        cell = f"{name}: {used.get(name, '0')}/{hard[name]}"
        pieces = name.split(".")
        (limit if len(pieces) > 1 and pieces[0] == "limits" else request).append(cell)
    return [meta(obj).get("name", ""), ", ".join(request), ", ".join(limit), _age(obj, ctx)]


def _priorityclass(obj: Obj, ctx: PrintContext) -> list[str]:
    """printPriorityClass: PREEMPTIONPOLICY is not a wide-only column (the API server
    renders wide cells), so ``kubectl get pc`` always shows it."""
    return [meta(obj).get("name", ""), str(int(obj.get("value") or 0)), _bool(obj.get("globalDefault")),
            _age(obj, ctx), obj.get("preemptionPolicy") or ""]


def _pdb(obj: Obj, ctx: PrintContext) -> list[str]:
    """printPodDisruptionBudget: an unset bound is N/A; ALLOWED DISRUPTIONS from the status."""
    spec = obj.get("spec") or {}
    cell = lambda key: "N/A" if spec.get(key) is None else str(spec[key])
    return [meta(obj).get("name", ""), cell("minAvailable"), cell("maxUnavailable"),
            str((obj.get("status") or {}).get("disruptionsAllowed", 0)), _age(obj, ctx)]


_BINDING_COLUMNS = _cols("Name", "Role", "Age", "Users:1", "Groups:1", "ServiceAccounts:1")
PRINTERS.update({
    "Role": TablePrinter(_cols("Name", "Created At"), _created_at),
    "ClusterRole": TablePrinter(_cols("Name", "Created At"), _created_at),
    "RoleBinding": TablePrinter(_BINDING_COLUMNS, _rolebinding),
    "ClusterRoleBinding": TablePrinter(_BINDING_COLUMNS, _rolebinding),
    "ResourceQuota": TablePrinter(_cols("Name", "Request", "Limit", "Age"), _resourcequota),
    "PriorityClass": TablePrinter(_cols("Name", "Value", "Global-Default", "Age", "PreemptionPolicy"),
                                  _priorityclass),
    "PodDisruptionBudget": TablePrinter(_cols("Name", "Min Available", "Max Unavailable", "Allowed Disruptions",
                                              "Age"), _pdb),
})

DEFAULT_PRINTER = TablePrinter(_cols("Name", "Age"), _default)


def printer_for(kind: str) -> TablePrinter:
    return PRINTERS.get(kind, DEFAULT_PRINTER)
