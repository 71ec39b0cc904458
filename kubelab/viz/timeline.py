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
from typing import Any, Iterable, Iterator

from ..api.meta import Obj
from ..api.pods import is_pod_ready
from ..clock import parse_timestamp
from ..controllers.deployment import resolve_fenceposts
from ..i18n import Words
from . import style
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
        recreate = (spec.get("strategy") or {}).get("type") == "Recreate"
        surge, unavailable = (0, spec.get("replicas", 1)) if recreate else resolve_fenceposts(obj)
        return {"desired": spec.get("replicas", 1), "maxSurge": surge, "maxUnavailable": unavailable, "updated": st.get("updatedReplicas", 0),
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


def occurrences(h: History, reason: str, namespace: str | None = "default") -> Iterator[tuple[float, dict]]:
    """(time, event summary) for each time an Event with ``reason`` happened: a new
    Event, or a repeat the recorder folded into an existing one (its count went up)."""
    counts: dict[str, int] = {}
    for ch in h.of("Event", namespace):
        s = ch.summary
        if s is None:
            continue
        prev = counts.get(ch.name, 0)
        counts[ch.name] = s["count"]
        if s["reason"] == reason and s["count"] > prev:
            yield ch.time, s


def probe_results(h: History, namespace: str | None = "default") -> list[ProbeResult]:
    """Probe failures as the kubelet reports them (each ``Unhealthy`` event,
    counting repeats folded into one Event), and readiness flips of pods."""
    out = [ProbeResult(t, s["object"], (s["message"] or "").split(" ", 1)[0], "failed", s["message"])
           for t, s in occurrences(h, "Unhealthy", namespace)]
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
    available: int = 0


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
                              s["revision"] == max(revs.values()), s["available"]))
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
GOING = {"Running": style.GREEN, "Completed": style.BLUE, "Succeeded": style.BLUE,
         "ContainerCreating": style.YELLOW, "Pending": style.YELLOW, "PodInitializing": style.YELLOW,
         "Terminating": style.GREY}
KILL_HATCH = "\\\\"        # a back-slash hatch: the kill, over whatever state the lane shows
#: the colour of a pod's state in the lane (with its word written in the bar where it fits);
#: anything else is an error state (vermillion, cross-hatched)
STATE_COLOUR = {**GOING, "NotReady": style.ORANGE}
#: probe failure marks: black, one shape per probe (not the error colour: a failed probe is not an error state)
PROBE_MARK = {"Liveness": "v", "Readiness": "^", "Startup": "D"}
#: every word the pod timeline prints (one place, for translation)
PODS_WORDS = Words({"x": "simulated seconds since {since}", "since": "the first of these pods was created",
              "not ready": "not ready (hatched)", "killing": "being killed (SIGTERM … SIGKILL)",
              "probe": "{probe} probe failed", "error": "an error state (cross-hatched)"})


@dataclass(frozen=True)
class Kill:
    time: float
    pod: str
    message: str


def kills(h: History, namespace: str | None = "default") -> list[Kill]:
    """Each ``Killing`` event of the kubelet (a repeat folded into one Event counts too)."""
    return [Kill(t, s["object"].split("/", 1)[1], s["message"] or "")
            for t, s in occurrences(h, "Killing", namespace) if s["object"].startswith("Pod/")]


def kill_spans(h: History, namespace: str | None = "default", pods: Iterable[str] | None = None,
               until: float | None = None) -> list[tuple[str, float, float]]:
    """(pod, from, to): from a kill of a container that was not being deleted (a
    failed liveness or startup probe) until its restart (the pod's restart count
    goes up) or the pod stops running."""
    until = h.cluster.clock.now if until is None else until
    segs = [s for s in pod_segments(h, namespace, pods, containers=False)]
    out = []
    for k in kills(h, namespace):
        mine = [s for s in segs if s.pod == k.pod]
        at = next((s for s in mine if s.start <= k.time and (s.end is None or k.time < s.end)), None)
        if at is None or at.state != "Running":
            continue          # a pod being deleted, or a container that was not running
        end = next((s.start for s in mine if s.start > k.time and (s.restarts > at.restarts or s.state != "Running")),
                   until)
        out.append((k.pod, k.time, end))
    return out


def draw_pods(h: History, namespace: str = "default", pods: Iterable[str] | None = None,
              containers: bool = True, until: float | None = None, title: str = "", since: float | None = None):
    """One lane per pod (and container): its state over time, the word in the bar
    where it fits, hatched where not ready, cross-hatched in an error state; a
    black bracket where the kubelet is killing a container that failed a probe;
    a black mark at each probe failure (one shape per probe).  The axis runs
    from ``since`` (default: the first state shown) to ``until`` (default: now).
    Returns the Figure."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    segs = pod_segments(h, namespace, pods, containers)
    lanes = sorted({(s.pod, s.container or "") for s in segs})
    until = h.cluster.clock.now if until is None else until
    since = min((s.start for s in segs), default=h.start) if since is None else since
    span = max(until - since, 1.0)
    w = PODS_WORDS
    with style.mpl():
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(11.5, 1.9 + 0.62 * max(1, len(lanes))))
        px_per_s = 8.0 * 72 / span            # the axes are about 8 inches wide
        states = set()
        for s in segs:
            y = lanes.index((s.pod, s.container or ""))
            end = until if s.end is None else s.end
            if end <= since or s.start >= until or end == s.start:
                continue
            start = max(s.start, since)
            error = s.state not in STATE_COLOUR
            if end - start >= span * 0.004:          # a state passed through in a blink gets no legend entry
                states.add(s.state if not error else "error")
            ax.barh(y, end - start, left=start - since, height=0.62, color=STATE_COLOUR.get(s.state, style.VERMILLION),
                    hatch="xx" if error else (None if s.ready else "//"), edgecolor="white", linewidth=0.8)
            word = s.state + (f" ↻{s.restarts}" if s.restarts else "")
            if (end - start) * px_per_s > len(word) * 8.6 + 8:
                ax.text((start + end) / 2 - since, y, word, ha="center", va="center", fontsize=style.TEXT,
                        color="white" if s.state in ("Completed", "Succeeded") else style.BLACK,
                        bbox={"fc": "white", "ec": "none", "pad": 1.0, "alpha": 0.8})
        killed = False
        for pod, t0, t1 in kill_spans(h, namespace, pods, until):
            for y, (p, c) in enumerate(lanes):
                if p == pod and c == "":
                    killed = True
                    ax.barh(y, t1 - t0, left=t0 - since, height=0.62, fill=False, hatch=KILL_HATCH,
                            edgecolor=style.BLACK, linewidth=1.5)
        seen = set()
        for p in probe_results(h, namespace):
            if p.result != "failed" or not (since <= p.time <= until):
                continue
            name = p.object.split("/", 1)[1]
            for y, (pod, c) in enumerate(lanes):
                if pod == name and c == "":
                    seen.add(p.probe)
                    ax.plot([p.time - since], [y - 0.46], marker=PROBE_MARK.get(p.probe, "o"), color=style.BLACK,
                            markersize=10, linestyle="none", clip_on=False, zorder=5)
        ax.set_yticks(range(len(lanes)), [f"{p} ({c})" if c else p for p, c in lanes])
        ax.set_ylim(len(lanes) - 0.5, -0.75)
        ax.set_xlim(0, span)
        ax.set_xlabel(w["x"].format(since=w["since"]))
        ax.spines[["top", "right"]].set_visible(False)
        handles = [Patch(color=STATE_COLOUR[st], label=st) for st in STATE_COLOUR if st in states]
        if "error" in states:
            handles.append(Patch(facecolor=style.VERMILLION, edgecolor="white", hatch="xx", label=w["error"]))
        if any(not s.ready for s in segs):
            handles.append(Patch(facecolor="white", edgecolor=style.DARK, hatch="//", label=w["not ready"]))
        if killed:
            handles.append(Patch(fill=False, edgecolor=style.BLACK, hatch=KILL_HATCH, label=w["killing"]))
        handles += [Line2D([], [], marker=PROBE_MARK[k], color=style.BLACK, linestyle="none", markersize=10,
                           label=w["probe"].format(probe=k.lower())) for k in PROBE_MARK if k in seen]
        rows = (len(handles) + 1) // 2
        fig.set_size_inches(11.5, 1.5 + 0.62 * max(1, len(lanes)) + 0.3 * rows)
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=2, frameon=False)
        if title:
            ax.set_title(title, loc="left")
        fig.tight_layout(rect=(0, 0.36 * rows / (1.5 + 0.62 * max(1, len(lanes)) + 0.3 * rows), 1, 1))
    return fig


@dataclass(frozen=True)
class RolloutPoint:
    """The whole Deployment at one instant: its pods (all ReplicaSets), how many are
    available, and the two bounds its strategy sets."""
    time: float
    total: int
    available: int
    desired: int
    max_total: int          # desired + maxSurge: never more pods than this
    min_available: int      # desired - maxUnavailable: never fewer available than this


def rollout_totals(h: History, deployment: str, namespace: str = "default") -> list[RolloutPoint]:
    """Pods and available pods summed over the Deployment's ReplicaSets after each
    instant's changes, with the bounds of the Deployment's spec at that time."""
    spec = {}
    per_rs: dict[str, tuple[int, int]] = {}
    owned: set[str] = set()
    out: list[RolloutPoint] = []
    changes = [c for c in h.changes if c.namespace == namespace and
               (c.kind == "ReplicaSet" or (c.kind == "Deployment" and c.name == deployment))]
    for i, ch in enumerate(changes):
        s = ch.summary
        if ch.kind == "Deployment":
            spec = s or spec
        elif s is None:
            per_rs.pop(ch.name, None)
        elif s["owner"] == deployment:
            owned.add(ch.name)
            per_rs[ch.name] = (s["replicas"], s["available"])
        if i + 1 < len(changes) and changes[i + 1].time == ch.time or not spec:
            continue                  # one point per instant, after all its changes
        total = sum(r for r, _ in per_rs.values())
        available = sum(a for _, a in per_rs.values())
        desired = spec["desired"]
        point = RolloutPoint(ch.time, total, available, desired, desired + spec.get("maxSurge", 0),
                             desired - spec.get("maxUnavailable", 0))
        if not out or (out[-1].total, out[-1].available, out[-1].desired) != (total, available, desired):
            out.append(point)
    return out


#: every word the rollout picture prints (one place, for translation)
ROLLOUT_WORDS = Words({"title": "rollout of deployment/{name}", "x": "simulated seconds since {since}",
                 "y": "pods", "rs": "{name}\n(rev {revision})", "total": "all pods",
                 "available": "available pods",
                 "max": "maxSurge: at most {n} pods", "min": "maxUnavailable: at least {n} available",
                 "since start": "the change", "since record": "recording began"})


def draw_rollout(h: History, deployment: str, namespace: str = "default", title: str = "",
                 since: float | None = None, until: float | None = None):
    """The rollout over the seconds it took: each ReplicaSet's pods, all pods and
    the available ones, between the two bounds of the strategy (``desired +
    maxSurge`` above, ``desired - maxUnavailable`` below).  The axis counts from
    ``since`` (default: when the newest ReplicaSet appeared), starts a second
    before it (the state before the change) and ends at ``until`` (default: two
    seconds after the last change).  Returns the Figure."""
    rows = rollout(h, deployment, namespace)
    points = rollout_totals(h, deployment, namespace)
    names = sorted({r.rs for r in rows}, key=lambda n: (min(r.revision for r in rows if r.rs == n), n))
    if since is None:
        newest = max(names, key=lambda n: max(r.revision for r in rows if r.rs == n)) if names else None
        since = min((r.time for r in rows if r.rs == newest), default=h.start)
    before = 1.0          # a second of the state before the change, so its first step shows
    last = max((p.time for p in points), default=since)
    until = last + 2 if until is None else until
    w = ROLLOUT_WORDS
    with style.mpl():
        import matplotlib.pyplot as plt
        fig, (top_ax, ax) = plt.subplots(2, 1, figsize=(11.5, 7.4), sharex=True,
                                         gridspec_kw={"height_ratios": [1, 1.25]})
        palette = [style.SKY, style.ORANGE, style.PURPLE, style.YELLOW]
        shown = [n for n in names if any(r.replicas for r in rows if r.rs == n and r.time <= until)]
        for i, name in enumerate(shown):
            xs, ys = _steps([(r.time, r.replicas) for r in rows if r.rs == name], since - before, until)
            rev = max(r.revision for r in rows if r.rs == name)
            top_ax.step(xs, ys, where="post", color=palette[i % len(palette)], lw=3,
                        ls="solid" if i % 2 == 0 else (0, (6, 2)), label=w["rs"].format(name=name, revision=rev))
        top_ax.set_ylabel(w["y"])
        top_ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        xs, ys = _steps([(p.time, p.total) for p in points], since - before, until)
        ax.step(xs, ys, where="post", color=style.BLACK, lw=3, label=w["total"])
        xs, ys = _steps([(p.time, p.available) for p in points], since - before, until)
        ax.step(xs, ys, where="post", color=style.GREEN, lw=3, ls=(0, (5, 2)), label=w["available"])
        during = [p for p in points if since - before <= p.time <= until] or points[-1:]
        if during:
            most, least = max(p.max_total for p in during), min(p.min_available for p in during)
            for y, text, va, dy in ((most, w["max"].format(n=most), "bottom", 0.15),
                                    (least, w["min"].format(n=least), "top", -0.15)):
                ax.axhline(y, color=style.VERMILLION, lw=2, ls=":")
                ax.text(0.99, y + dy, text, color=style.VERMILLION, va=va, ha="right",
                        transform=ax.get_yaxis_transform(), bbox={"fc": "white", "ec": "none", "pad": 1})
            ax.set_ylim(min(-0.3, least - 1.2), most + 1.2)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        for a in (top_ax, ax):
            a.yaxis.get_major_locator().set_params(integer=True)
            a.grid(axis="y", color="#e6e6e6")
            a.spines[["top", "right"]].set_visible(False)
            a.set_ylabel(w["y"])
        ax.set_xlim(since - before, until)
        ticks = list(range(-1, int(until - since) + 1, max(1, int(until - since) // 10)))
        ax.set_xticks([since + t for t in ticks], [str(t) for t in ticks])
        ax.set_xlabel(w["x"].format(since=w["since start"]))
        top_ax.set_title(title or w["title"].format(name=deployment), loc="left")
        fig.tight_layout()
    return fig


def _steps(points: list[tuple[float, int]], since: float, until: float) -> tuple[list[float], list[int]]:
    """A step line clipped to [since, until]: the value at ``since`` is the last one before it."""
    before = [v for t, v in points if t <= since]
    xs, ys = [since], [before[-1] if before else 0]
    for t, v in points:
        if since < t <= until:
            if xs[-1] == t:
                ys[-1] = v
            else:
                xs.append(t)
                ys.append(v)
    xs.append(until)
    ys.append(ys[-1])
    return xs, ys


def event_time(ev: Obj) -> float:
    return parse_timestamp(ev.get("lastTimestamp") or ev.get("firstTimestamp"))
