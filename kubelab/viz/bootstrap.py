"""How a kubeadm cluster came up, read back from its objects: when each node
registered (``kubeadm init`` on the control plane, ``kubeadm join`` on the
others), when the pod network's DaemonSet was applied and its pod started on
each node, when each node turned Ready, and when CoreDNS got running.

Everything comes from the API state as it is now — creation timestamps, the
Ready condition's ``lastTransitionTime``, the containers' ``startedAt`` — so the
picture is the cluster's own account, not a drawing of what should happen.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> [(m.what, m.node) for m in moments(c)][:2]
[('registered', 'minikube'), ('ready', 'minikube')]
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..api.meta import Obj
from ..clock import parse_timestamp
from ..i18n import Words
from . import style

#: namespaces and labels of the pod networks the kit knows, and of CoreDNS
CNI = (("kube-flannel", "app", "flannel"), ("kube-system", "app", "flannel"), ("kube-system", "k8s-app", "calico-node"))
DNS = ("kube-system", "k8s-app", "kube-dns")
#: the order of things that happen within one second
ORDER = {"registered": 0, "cni applied": 1, "cni pod": 2, "cni running": 3, "ready": 4, "dns pending": 5,
         "dns running": 6}
#: every word the picture prints (one place, for translation)
WORDS = Words({
    "registered": "{node} registers ({how})",
    "init": "kubeadm init", "join": "kubeadm join", "start": "the cluster starts",
    "cni applied": "kubectl apply: the pod network's DaemonSet",
    "cni pod": "the DaemonSet puts {pod} on {node}",
    "cni running": "{pod} runs: CNI config on {node}",
    "ready": "{node} turns Ready",
    "dns pending": "CoreDNS {pod}: Pending",
    "dns running": "CoreDNS {pod} runs on {node}",
    "NotReady": "NotReady", "Ready": "Ready", "Pending": "Pending", "Running": "Running",
    "time": "T+", "what": "what happened", "dns": "CoreDNS",
    "title": "kubeadm init / join and the pod network bringing the nodes Ready",
})


@dataclass(frozen=True)
class Moment:
    time: float
    what: str          # a key of ORDER
    node: str          # the node it concerns ("" when none)
    pod: str = ""


def _ts(obj: Obj, *path: str) -> float | None:
    cur = obj
    for key in path:
        cur = (cur or {}).get(key) if isinstance(cur, dict) else None
    return parse_timestamp(cur) if cur else None


def _started(pod: Obj) -> float | None:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    times = [_ts(cs, "state", "running", "startedAt") for cs in statuses]
    times = [t for t in times if t is not None]
    return min(times) if times else None


def moments(cluster) -> list[Moment]:
    """What happened, in order, from the objects' timestamps."""
    api = cluster.api
    out: list[Moment] = []
    for node in api.list("nodes", None, copy=False):
        name = node["metadata"]["name"]
        out.append(Moment(_ts(node, "metadata", "creationTimestamp") or 0.0, "registered", name))
        ready = next((c for c in (node.get("status") or {}).get("conditions") or [] if c["type"] == "Ready"), None)
        if ready and ready.get("status") == "True" and ready.get("lastTransitionTime"):
            out.append(Moment(parse_timestamp(ready["lastTransitionTime"]), "ready", name))
    for ns, key, value in CNI:
        for ds in api.list("daemonsets", ns, copy=False):
            if ((ds["spec"].get("selector") or {}).get("matchLabels") or {}).get(key) == value:
                out.append(Moment(_ts(ds, "metadata", "creationTimestamp") or 0.0, "cni applied", "",
                                  ds["metadata"]["name"]))
        for pod in api.list("pods", ns, copy=False):
            if (pod["metadata"].get("labels") or {}).get(key) != value:
                continue
            node, name = pod["spec"].get("nodeName", ""), pod["metadata"]["name"]
            out.append(Moment(_ts(pod, "metadata", "creationTimestamp") or 0.0, "cni pod", node, name))
            if _started(pod) is not None:
                out.append(Moment(_started(pod), "cni running", node, name))
    ns, key, value = DNS
    for pod in api.list("pods", ns, copy=False):
        if (pod["metadata"].get("labels") or {}).get(key) != value:
            continue
        node, name = pod["spec"].get("nodeName", ""), pod["metadata"]["name"]
        out.append(Moment(_ts(pod, "metadata", "creationTimestamp") or 0.0, "dns pending", node, name))
        if _started(pod) is not None:
            out.append(Moment(_started(pod), "dns running", node, name))
    return sorted(out, key=lambda m: (m.time, ORDER[m.what], m.node, m.pod))


def states(cluster, ms: list[Moment]) -> tuple[list[str], list[dict[str, str]]]:
    """The columns (nodes in the order they registered, then CoreDNS) and, after each
    moment, each column's state: NotReady / Ready for a node, Pending / Running for
    CoreDNS ("" before it exists)."""
    nodes = [m.node for m in ms if m.what == "registered"]
    columns = nodes + ([WORDS["dns"]] if any(m.what.startswith("dns") for m in ms) else [])
    now = dict.fromkeys(columns, "")
    dns: dict[str, str] = {}
    rows = []
    for m in ms:
        if m.what == "registered":
            now[m.node] = "NotReady"
        elif m.what == "ready":
            now[m.node] = "Ready"
        elif m.what.startswith("dns"):
            dns[m.pod] = "Running" if m.what == "dns running" else "Pending"
            now[WORDS["dns"]] = "Running" if dns and all(v == "Running" for v in dns.values()) else "Pending"
        rows.append(dict(now))
    return columns, rows


def describe(cluster, m: Moment, first: bool) -> str:
    if m.what == "registered":
        node = cluster.api.peek("nodes", m.node) or {}
        control = "node-role.kubernetes.io/control-plane" in (node.get("metadata", {}).get("labels") or {})
        how = WORDS["init"] if control else WORDS["join"]
        if first and not control:
            how = WORDS["start"]
        return WORDS["registered"].format(node=m.node, how=how)
    return WORDS[m.what].format(node=m.node, pod=m.pod)


STATE_COLOUR = {"NotReady": style.ORANGE, "Ready": style.GREEN, "Pending": style.ORANGE, "Running": style.GREEN}
#: a pattern besides the colour: waiting states hatched
STATE_HATCH = {"NotReady": True, "Pending": True}
TIME_W, WHAT_W, COL_W, ROW_H, HEAD_H = 52, 400, 100, 28, 34


def bootstrap_png(cluster, title: str | None = None) -> bytes:
    """The picture: one row per moment (T+ from the first, what happened), one column per
    node (and CoreDNS) with its state after that moment, as a word in a box —
    hatched orange while waiting, plain green when Ready / Running; the word is written
    where the state changes, the hatch tells the two apart everywhere."""
    from PIL import Image, ImageDraw

    from .render import font
    P = style.px
    ms = moments(cluster)
    columns, rows = states(cluster, ms)
    title = WORDS["title"] if title is None else title
    top = HEAD_H + (28 if title else 0)
    width = TIME_W + WHAT_W + COL_W * len(columns) + 8
    height = top + ROW_H * len(ms) + 10
    im = Image.new("RGB", (P(width), P(height)), "white")
    d = ImageDraw.Draw(im)
    text, bold = font(P(style.TEXT)), font(P(style.TEXT))
    if title:
        d.text((P(6), P(6)), title, font=font(P(style.TITLE)), fill=(0, 0, 0))
    d.text((P(6), P(top - 10)), WORDS["time"], font=bold, anchor="lb", fill=(60, 60, 60))
    d.text((P(TIME_W), P(top - 10)), WORDS["what"], font=bold, anchor="lb", fill=(60, 60, 60))
    for i, col in enumerate(columns):
        d.text((P(TIME_W + WHAT_W + COL_W * i + COL_W / 2), P(top - 10)), col, font=bold, anchor="mb",
               fill=(17, 17, 17))
    d.line([(P(4), P(top - 4)), (P(width - 4), P(top - 4))], fill=(150, 150, 150), width=P(1))
    t0 = ms[0].time if ms else 0.0
    for r, (m, state) in enumerate(zip(ms, rows)):
        y = top + ROW_H * r + ROW_H / 2
        minutes, seconds = divmod(int(round(m.time - t0)), 60)
        d.text((P(6), P(y)), f"{minutes}:{seconds:02d}", font=text, anchor="lm", fill=(90, 90, 90))
        d.text((P(TIME_W), P(y)), describe(cluster, m, r == 0), font=text, anchor="lm", fill=(17, 17, 17))
        for i, col in enumerate(columns):
            word = state.get(col, "")
            if not word:
                continue
            x0, x1 = TIME_W + WHAT_W + COL_W * i + 6, TIME_W + WHAT_W + COL_W * (i + 1) - 6
            y0, y1 = y - ROW_H / 2 + 3, y + ROW_H / 2 - 3
            colour = style.rgb(STATE_COLOUR[word])
            light = tuple(round(255 + (c - 255) * 0.35) for c in colour)
            d.rectangle((P(x0), P(y0), P(x1), P(y1)), fill=light if STATE_HATCH.get(word) else colour)
            if STATE_HATCH.get(word):
                for k in range(int(x0) - 30, int(x1), 8):          # hatch: waiting
                    a, b = max(k, x0), min(k + (y1 - y0), x1)
                    if b > a:
                        d.line([(P(a), P(y1 - (a - k))), (P(b), P(y1 - (b - k)))], fill=colour, width=P(1))
            if r == 0 or rows[r - 1].get(col) != word:     # the word where the state changes
                d.text((P((x0 + x1) / 2), P(y)), WORDS[word], font=text, anchor="mm", fill=(0, 0, 0))
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=6, dpi=(72 * style.SCALE, 72 * style.SCALE))
    return buf.getvalue()


def show_bootstrap(cluster, title: str | None = None) -> None:
    """Display the bootstrap picture in a notebook."""
    style.display_png(bootstrap_png(cluster, title))
