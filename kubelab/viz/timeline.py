"""What happened over simulated time: pod and container states, probe results,
and a rollout's old/new replica counts.

The API keeps only the present, so a :class:`History` subscribes to its watch
events and keeps a small summary of each change (it is a view: it writes
nothing, and every summary is computed from the object the API sent).  Attach
one before the story starts::

    >>> import kubelab
    >>> c = kubelab.Cluster()
    >>> h = history(c)                    # one per cluster, an add-on of it
    >>> _ = c.kubectl("create deployment web --image=nginx --replicas=2")
    >>> _ = c.settle()
    >>> [(row.replicas, row.ready, row.new) for row in rollout(h, "web")][-1]
    (2, 2, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..api.meta import Obj
from ..api.pods import is_pod_ready
from ..clock import parse_timestamp
from .graph import pod_status

RECORDED = ("Pod", "ReplicaSet", "Deployment", "Event", "Node", "PersistentVolumeClaim", "PersistentVolume")


@dataclass(frozen=True)
class Change:
    time: float
    type: str          # ADDED, MODIFIED, DELETED, or SNAPSHOT (what existed when recording began)
    kind: str
    namespace: str
    name: str
    summary: Any


@dataclass
class History:
    """Watch events, summarised, in order."""
    cluster: Any
    changes: list[Change] = field(default_factory=list)
    _last: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        api = self.cluster.api
        for kind in RECORDED:
            for obj in api.list(kind, None, copy=False):
                self._add("SNAPSHOT", obj)
        api.watch(self._on)

    def _on(self, etype: str, obj: Obj, old: Obj | None) -> None:
        if obj.get("kind") in RECORDED:
            self._add(etype, obj)

    def _add(self, etype: str, obj: Obj) -> None:
        md = obj["metadata"]
        key = (obj["kind"], md.get("namespace", "") or "", md["name"])
        summary = None if etype == "DELETED" else summarise(obj, self.cluster.clock.now)
        if etype != "DELETED" and self._last.get(key) == summary:
            return        # a write that changed nothing a timeline shows
        self._last[key] = summary
        self.changes.append(Change(self.cluster.clock.now, etype, *key, summary))

    def of(self, kind: str, namespace: str | None = None, name: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.kind == kind and (namespace is None or c.namespace == namespace)
                and (name is None or c.name == name)]

    @property
    def start(self) -> float:
        return self.changes[0].time if self.changes else self.cluster.clock.now


def history(cluster) -> History:
    """The cluster's History, started on first use (it sees what exists then
    and every change after)."""
    h = cluster.addon("viz-history", lambda: History(cluster))
    return h


def summarise(obj: Obj, now: float) -> Any:
    kind, spec, st = obj["kind"], obj.get("spec") or {}, obj.get("status") or {}
    md = obj["metadata"]
    if kind == "Pod":
        containers = tuple((cs.get("name"), _state(cs), bool(cs.get("ready")), cs.get("restartCount", 0))
                           for cs in st.get("containerStatuses") or [])
        return {"status": "Terminating" if md.get("deletionTimestamp") else pod_status(obj, now),
                "ready": is_pod_ready(obj), "containers": containers, "node": spec.get("nodeName", "")}
    if kind == "ReplicaSet":
        owner = next((r["name"] for r in md.get("ownerReferences") or [] if r.get("controller")), None)
        return {"owner": owner, "revision": int((md.get("annotations") or {}).get("deployment.kubernetes.io/revision", 0)),
                "desired": spec.get("replicas", 1), "replicas": st.get("replicas", 0),
                "ready": st.get("readyReplicas", 0), "available": st.get("availableReplicas", 0)}
    if kind == "Deployment":
        return {"desired": spec.get("replicas", 1), "updated": st.get("updatedReplicas", 0),
                "ready": st.get("readyReplicas", 0), "available": st.get("availableReplicas", 0),
                "image": ",".join(c.get("image", "") for c in spec.get("template", {}).get("spec", {}).get("containers", []))}
    if kind == "Event":
        inv = obj.get("involvedObject") or {}
        return {"reason": obj.get("reason"), "message": obj.get("message"), "type": obj.get("type"),
                "object": f"{inv.get('kind')}/{inv.get('name')}", "fieldPath": inv.get("fieldPath"),
                "count": obj.get("count", 1)}
    if kind == "Node":
        ready = next((c for c in st.get("conditions", []) if c["type"] == "Ready"), {})
        return {"ready": ready.get("status"), "unschedulable": bool(spec.get("unschedulable"))}
    return {"phase": st.get("phase", ""), "bound": spec.get("volumeName") or (spec.get("claimRef") or {}).get("name")}


def _state(cs: Obj) -> str:
    state = cs.get("state") or {}
    if "running" in state:
        return "Running"
    if "waiting" in state:
        return state["waiting"].get("reason") or "Waiting"
    if "terminated" in state:
        return state["terminated"].get("reason") or "Terminated"
    return "Waiting"


# ------------------------------------------------------------------ pod states
@dataclass(frozen=True)
class Segment:
    pod: str
    container: str | None     # None: the pod as a whole (kubectl's STATUS word)
    start: float
    end: float | None          # None: still so
    state: str
    ready: bool
    restarts: int = 0


def pod_segments(h: History, namespace: str | None = "default", pods: Iterable[str] | None = None,
                 containers: bool = True) -> list[Segment]:
    """Intervals of constant state per pod (and per container), in time order."""
    want = set(pods) if pods is not None else None
    open_: dict[tuple, Segment] = {}
    out: list[Segment] = []

    def close(key: tuple, t: float) -> None:
        seg = open_.pop(key, None)
        if seg is not None:
            out.append(Segment(seg.pod, seg.container, seg.start, t, seg.state, seg.ready, seg.restarts))

    for ch in h.of("Pod", namespace):
        if want is not None and ch.name not in want:
            continue
        rows = []
        if ch.summary is not None:
            s = ch.summary
            rows.append(((ch.name, None), s["status"], s["ready"], sum(c[3] for c in s["containers"])))
            if containers:
                rows += [((ch.name, c[0]), c[1], c[2], c[3]) for c in s["containers"]]
        seen = {k for k, *_ in rows}
        for key in [k for k in open_ if k[0] == ch.name and k not in seen]:
            close(key, ch.time)
        for key, state, ready, restarts in rows:
            cur = open_.get(key)
            if cur is not None and (cur.state, cur.ready, cur.restarts) == (state, ready, restarts):
                continue
            close(key, ch.time)
            open_[key] = Segment(key[0], key[1], ch.time, None, state, ready, restarts)
    out.extend(open_.values())
    return sorted(out, key=lambda s: (s.pod, s.container or "", s.start))


@dataclass(frozen=True)
class ProbeResult:
    time: float
    object: str
    probe: str        # Liveness / Readiness / Startup
    result: str       # "failed", or "ready"/"not ready" (readiness seen through the Ready condition)
    message: str = ""


def probe_results(h: History, namespace: str | None = "default") -> list[ProbeResult]:
    """Probe failures as the kubelet reports them (each ``Unhealthy`` event,
    counting repeats folded into one Event), and readiness flips of pods."""
    out: list[ProbeResult] = []
    counts: dict[str, int] = {}
    for ch in h.of("Event", namespace):
        s = ch.summary
        if s is None:
            continue
        prev = counts.get(ch.name, 0)
        counts[ch.name] = s["count"]
        if s["reason"] != "Unhealthy" or s["count"] <= prev:
            continue
        probe = (s["message"] or "").split(" ", 1)[0]
        out.append(ProbeResult(ch.time, s["object"], probe, "failed", s["message"]))
    ready: dict[str, bool] = {}
    for ch in h.of("Pod", namespace):
        if ch.summary is None:
            continue
        r = ch.summary["ready"]
        if ch.name in ready and ready[ch.name] != r:
            out.append(ProbeResult(ch.time, f"Pod/{ch.name}", "Readiness", "ready" if r else "not ready"))
        ready[ch.name] = r
    return sorted(out, key=lambda p: (p.time, p.object, p.probe))


# --------------------------------------------------------------------- rollouts
@dataclass(frozen=True)
class RolloutRow:
    time: float
    rs: str
    revision: int
    replicas: int
    ready: int
    new: bool          # the ReplicaSet of the newest revision at that time


def rollout(h: History, deployment: str, namespace: str = "default") -> list[RolloutRow]:
    """Each change of a ReplicaSet owned by ``deployment``: its replica counts,
    and whether it was the new one (highest revision) then."""
    out: list[RolloutRow] = []
    revs: dict[str, int] = {}
    for ch in h.of("ReplicaSet", namespace):
        s = ch.summary
        if s is None:
            if ch.name in revs:
                out.append(RolloutRow(ch.time, ch.name, revs.pop(ch.name), 0, 0, False))
            continue
        if s["owner"] != deployment:
            continue
        revs[ch.name] = s["revision"]
        out.append(RolloutRow(ch.time, ch.name, s["revision"], s["replicas"], s["ready"],
                              s["revision"] == max(revs.values())))
    return out


def rollout_table(h: History, deployment: str, namespace: str = "default") -> str:
    """Old and new replica counts over time as a small text table: one row per
    instant, one column per ReplicaSet (``ready/current``)."""
    from ..kubectl.printers import tabwrite
    rows = rollout(h, deployment, namespace)
    names = sorted({r.rs for r in rows}, key=lambda n: (min(r.revision for r in rows if r.rs == n), n))
    state: dict[str, str] = {}
    lines = [["T+"] + [f"{n} (rev {max(r.revision for r in rows if r.rs == n)})" for n in names]]
    t0 = h.start
    for i, r in enumerate(rows):
        state[r.rs] = f"{r.ready}/{r.replicas}"
        if i + 1 < len(rows) and rows[i + 1].time == r.time:
            continue
        line = [f"{r.time - t0:.0f}s"] + [state.get(n, "-") for n in names]
        if len(lines) > 1 and lines[-1][1:] == line[1:]:
            continue
        lines.append(line)
    return tabwrite(lines)


def pod_table(h: History, namespace: str = "default", pods: Iterable[str] | None = None,
              containers: bool = False) -> str:
    """Each state interval as a text row: FROM, TO, POD (container), STATE, READY, RESTARTS."""
    from ..kubectl.printers import tabwrite
    t0 = h.start
    lines = [["FROM", "TO", "POD", "STATE", "READY", "RESTARTS"]]
    for s in sorted(pod_segments(h, namespace, pods, containers), key=lambda s: (s.start, s.pod, s.container or "")):
        if s.end is not None and s.end == s.start:
            continue          # passed through within one instant
        who = s.pod if s.container is None else f"{s.pod} ({s.container})"
        lines.append([f"{s.start - t0:.0f}s", "now" if s.end is None else f"{s.end - t0:.0f}s", who,
                      s.state, "yes" if s.ready else "no", str(s.restarts)])
    return tabwrite(lines)


# -------------------------------------------------------------------- pictures
STATE_COLOUR = {"Running": "#2ca02c", "ContainerCreating": "#ff7f0e", "Pending": "#ffbb78",
                "PodInitializing": "#ff7f0e", "Terminating": "#7f7f7f", "Completed": "#1f77b4",
                "CrashLoopBackOff": "#d62728", "Error": "#d62728", "ErrImagePull": "#d62728",
                "ImagePullBackOff": "#d62728", "OOMKilled": "#d62728", "NotReady": "#ff9896"}


def draw_pods(h: History, namespace: str = "default", pods: Iterable[str] | None = None,
              containers: bool = True, until: float | None = None, title: str = ""):
    """A Gantt chart: one lane per pod (and container), coloured by state, a
    hatch where not ready, red ticks at probe failures.  Returns the Figure."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    segs = pod_segments(h, namespace, pods, containers)
    lanes = sorted({(s.pod, s.container or "") for s in segs})
    until = h.cluster.clock.now if until is None else until
    t0 = h.start
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.32 * max(1, len(lanes))), dpi=80)
    for s in segs:
        y = lanes.index((s.pod, s.container or ""))
        end = until if s.end is None else s.end
        ax.barh(y, end - s.start, left=s.start - t0, height=0.6, color=STATE_COLOUR.get(s.state, "#bbbbbb"),
                hatch=None if s.ready else "//", edgecolor="white", linewidth=0.5)
    for p in probe_results(h, namespace):
        if p.result != "failed":
            continue
        name = p.object.split("/", 1)[1]
        for y, (pod, c) in enumerate(lanes):
            if pod == name and c == "":
                ax.plot([p.time - t0], [y], marker="|", color="#d62728", markersize=12, mew=2)
    ax.set_yticks(range(len(lanes)), [f"{p} ({c})" if c else p for p, c in lanes], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("simulated seconds", fontsize=8)
    states = sorted({s.state for s in segs})
    from matplotlib.patches import Patch
    handles = [Patch(color=STATE_COLOUR.get(s, "#bbbbbb"), label=s) for s in states]
    handles += [Patch(facecolor="white", edgecolor="#555", hatch="//", label="not ready")]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(title, fontsize=9, loc="left")
    fig.tight_layout()
    return fig


def draw_rollout(h: History, deployment: str, namespace: str = "default", title: str = ""):
    """Replicas (solid) and ready replicas (dashed) of each ReplicaSet over time."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    rows = rollout(h, deployment, namespace)
    fig, ax = plt.subplots(figsize=(8, 3), dpi=80)
    t0, now = h.start, h.cluster.clock.now
    for i, name in enumerate(sorted({r.rs for r in rows}, key=lambda n: min(r.revision for r in rows if r.rs == n))):
        mine = [r for r in rows if r.rs == name]
        xs = [r.time - t0 for r in mine] + [now - t0]
        colour = f"C{i}"
        ax.step(xs, [r.replicas for r in mine] + [mine[-1].replicas], where="post", color=colour,
                label=f"{name} (rev {mine[-1].revision})")
        ax.step(xs, [r.ready for r in mine] + [mine[-1].ready], where="post", color=colour, linestyle="--")
    ax.set_xlabel("simulated seconds", fontsize=8)
    ax.set_ylabel("replicas (dashed: ready)", fontsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(title or f"rollout of deployment/{deployment}", fontsize=9, loc="left")
    fig.tight_layout()
    return fig


def event_time(ev: Obj) -> float:
    return parse_timestamp(ev.get("lastTimestamp") or ev.get("firstTimestamp"))
