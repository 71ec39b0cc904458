"""Who did what: the recorded actions of the components, as a table and as a
sequence picture.

Every write to the API is recorded with the component that made it
(kubectl, deployment-controller, replicaset-controller, default-scheduler,
kubelet, ...), so a chapter can show the chain a single command starts.

The picture has one lifeline per component of the architecture — kubectl,
kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kubelet, the
container runtime, kube-proxy and the app in a pod — and its arrows come only from what was
recorded: each write goes to the API server, which stores it in etcd; the
kubelet's Events (Pulling, Created, Started, Killing ...) are the calls it made
to the container runtime; kube-proxy writes nothing, so it appears where it
receives a watch event for a Service or EndpointSlice it turns into rules. A
request (``cluster.curl``) goes from the client straight to the app that answers
it: the rules live in the node's kernel, the kube-proxy process is not on the path.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> t = c.now
>>> _ = c.kubectl("create deployment web --image=nginx")
>>> _ = c.settle()
>>> [(m.src, m.dst) for m in messages(c, t)][:3]
[('kubectl', 'kube-apiserver'), ('kube-apiserver', 'etcd'), ('controller-manager', 'kube-apiserver')]
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..api import resources
from ..i18n import Words
from ..kubectl.printers import tabwrite

# Writes that are bookkeeping rather than a step a learner should see.
_QUIET_KINDS = {"Event", "Lease"}


def actions(cluster, since: float = 0.0, until: float | None = None, *, kinds: set[str] | None = None,
            include_events: bool = False, collapse: bool = True) -> list[tuple[float, str, str, str]]:
    """(time, component, verb, object) rows; repeated identical rows collapsed."""
    rows: list[tuple[float, str, str, str]] = []
    for a in cluster.api.actions:
        if a.time < since or (until is not None and a.time > until):
            continue
        if not include_events and a.kind in _QUIET_KINDS:
            continue
        if kinds and a.kind not in kinds:
            continue
        obj = f"{a.kind.lower()}/{a.key.split('/')[-1]}"
        verb = {"update-status": "update status"}.get(a.verb, a.verb)
        row = (a.time, a.component, verb, obj)
        if collapse and rows and rows[-1][1:] == row[1:]:
            continue
        rows.append(row)
    return rows


def trace_table(cluster, since: float = 0.0, until: float | None = None, **kw) -> str:
    """The actions as a kubectl-style table, times relative to ``since``."""
    lines = [["T+", "COMPONENT", "ACTION", "OBJECT"]]
    for t, comp, verb, obj in actions(cluster, since, until, **kw):
        lines.append([f"{t - since:.1f}s", comp, verb, obj])
    return tabwrite(lines)


# ------------------------------------------------------------------ the sequence
LANES = ["kubectl", "kube-apiserver", "etcd", "controller-manager", "scheduler", "kubelet",
         "container runtime", "kube-proxy", "app"]
#: the heading of each lifeline (the process name on a kubeadm control plane)
LANE_TITLE = Words({"controller-manager": "kube-controller-manager", "scheduler": "kube-scheduler",
                    "app": "the app (in its pod)"})
#: kinds the kubelet renews every few seconds: heartbeats, not steps
_HEARTBEAT_KINDS = {"Lease"}
#: the CRI call behind each kubelet Event reason (the kubelet records the Event around the call)
CRI_CALLS = {"Pulling": ("kubelet", "container runtime", "PullImage"),
             "Pulled": ("container runtime", "kubelet", "image pulled"),
             "Created": ("kubelet", "container runtime", "CreateContainer"),
             "Started": ("kubelet", "container runtime", "StartContainer"),
             "Killing": ("kubelet", "container runtime", "StopContainer"),
             "Failed": ("container runtime", "kubelet", "error"),
             "BackOff": ("kubelet", "kubelet", "back-off")}


@dataclass(frozen=True)
class Message:
    """One arrow: at ``time``, ``src`` sends ``text`` to ``dst`` (lanes of :data:`LANES`).
    ``kind``: write (to the API), store (API server → etcd), watch, cri, traffic."""
    time: float
    src: str
    dst: str
    text: str
    kind: str


def lane_of(component: str) -> str:
    """The lifeline a recorded component belongs to: every ``*-controller`` (and the
    garbage collector) runs inside kube-controller-manager; kubeadm and other
    clients sit with kubectl."""
    if component in ("kube-apiserver", "kubelet", "kube-proxy", "kubectl"):
        return component
    if component.endswith("-scheduler"):
        return "scheduler"
    if component.endswith("controller") or component in ("garbage-collector", "kube-controller-manager"):
        return "controller-manager"
    return "kubectl"


def etcd_key(kind: str, key: str) -> str:
    """Where kube-apiserver keeps an object in etcd: ``/registry/<resource>/<namespace>/<name>``
    (Services under ``/registry/services/specs``, as the apiserver's storage does)."""
    rt = resources.lookup(kind)
    plural = rt.plural if rt else kind.lower() + "s"
    if plural == "services":
        plural = "services/specs"
    return f"/registry/{plural}/{key}"


def _event_call(cluster, key: str) -> tuple[str, str, str] | None:
    ns, _, name = key.partition("/")
    ev = cluster.api.peek("events", name, ns)
    if ev is None or ev.get("source", {}).get("component", "kubelet") != "kubelet" and ev.get("reportingComponent") != "kubelet":
        return None
    call = CRI_CALLS.get(ev.get("reason", ""))
    if call is None:
        return None
    src, dst, what = call
    obj = ev.get("involvedObject", {})
    msg = ev.get("message", "")
    if what in ("PullImage", "image pulled"):
        image = msg.split('"')[1] if '"' in msg else ""
        return src, dst, f"{what} {image}".strip()
    if what in ("CreateContainer", "StartContainer", "StopContainer"):
        container = msg.split()[-1] if msg else ""
        return src, dst, f"{what} {container} (pod/{obj.get('name', '')})"
    return src, dst, f"{what}: {msg[:70]}"


def messages(cluster, since: float = 0.0, until: float | None = None, *, requests=(),
             etcd: bool = True) -> list[Message]:
    """The arrows of the sequence picture, in the order things happened.

    ``requests``: ``(time, response)`` pairs from ``cluster.curl`` whose path
    through kube-proxy's rules is drawn too."""
    out: list[Message] = []
    last = None
    for a in cluster.api.actions:
        if a.time < since or (until is not None and a.time > until) or a.kind in _HEARTBEAT_KINDS:
            continue
        if a.kind == "Event":
            call = _event_call(cluster, a.key)
            if call:
                out.append(Message(a.time, *call, "cri"))
                last = None
            continue
        verb = {"update-status": "update status"}.get(a.verb, a.verb)
        obj = f"{a.kind.lower()}/{a.key.split('/')[-1]}"
        lane = lane_of(a.component)
        who = "" if a.component == lane else f"{a.component}: "
        row = (a.component, verb, obj)
        if row == last:                                   # the same write again: once is enough
            continue
        last = row
        if lane != "kube-apiserver":
            out.append(Message(a.time, lane, "kube-apiserver", f"{who}{verb} {obj}", "write"))
        if etcd:
            op = "DELETE" if a.verb == "delete" else "PUT"
            out.append(Message(a.time, "kube-apiserver", "etcd", f"{op} {etcd_key(a.kind, a.key)}", "store"))
        if a.kind in ("Service", "EndpointSlice"):
            out.append(Message(a.time, "kube-apiserver", "kube-proxy", f"watch: {verb} {obj} → sync rules", "watch"))
    for t, resp in requests:
        out += _request_messages(t, resp)
    return sorted(out, key=lambda m: m.time)       # stable: same-time arrows keep their recorded order


def _request_messages(t: float, resp) -> list[Message]:
    """A request goes from the client to the app and back. It never passes through the
    kube-proxy process: the node's kernel rewrites it with the rules kube-proxy wrote
    (DNAT to a pod), and the app in the pod answers."""
    pod = next((hop.name for hop in resp.hops if hop.kind == "endpoint"), "")
    via = f" (node's rules: DNAT → {pod})" if pod else ""
    if resp.status:
        who = f" from pod/{resp.pod}" if resp.pod else ""
        return [Message(t, "kubectl", "app", f"curl {resp.url}{via}", "traffic"),
                Message(t, "app", "kubectl", f"HTTP {resp.status}{who}", "traffic")]
    return [Message(t, "kubectl", "app", f"curl {resp.url}: {resp.error or 'no answer'}", "traffic")]


def sequence_table(cluster, since: float = 0.0, until: float | None = None, **kw) -> str:
    """The arrows as text: ``T+  FROM  TO  MESSAGE``."""
    lines = [["T+", "FROM", "TO", "MESSAGE"]]
    for m in messages(cluster, since, until, **kw):
        lines.append([f"{m.time - since:.1f}s", m.src, m.dst, m.text])
    return tabwrite(lines)


# ------------------------------------------------------------------ the picture
STYLE = {"write": (31, 119, 180), "store": (120, 120, 120), "watch": (148, 103, 189),
         "cri": (44, 160, 44), "traffic": (221, 132, 82)}
LEGEND = Words({"write": "write through the API", "store": "stored in etcd", "watch": "watch event",
                "cri": "CRI call (from the kubelet's Events)",
                "traffic": "a request (kube-proxy's rules in the node's kernel pick the pod)"})
LANE_W, ROW_H, HEAD_H, LEFT, PAD = 150, 19, 44, 58, 12


def sequence_png(cluster, since: float = 0.0, until: float | None = None, *, title: str = "",
                 requests=(), etcd: bool = True, max_rows: int = 90) -> bytes:
    """The sequence picture as PNG bytes (same actions, same bytes)."""
    from PIL import Image, ImageDraw

    from .render import font
    msgs = messages(cluster, since, until, requests=requests, etcd=etcd)
    hidden = max(0, len(msgs) - max_rows)
    msgs = msgs[:max_rows]
    top = HEAD_H + (22 if title else 0)
    width = LEFT + LANE_W * len(LANES) + PAD
    height = top + ROW_H * (len(msgs) + 1) + (ROW_H if hidden else 0) + 18 * 2 + PAD
    im = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(im)
    small, head, tiny = font(9), font(10), font(8)
    x_of = {lane: LEFT + LANE_W * i + LANE_W // 2 for i, lane in enumerate(LANES)}
    if title:
        d.text((8, 6), title, font=font(12), fill=(0, 0, 0))
    bottom = top + ROW_H * (len(msgs) + 1)
    for lane, x in x_of.items():
        d.rounded_rectangle((x - LANE_W // 2 + 6, top - 34, x + LANE_W // 2 - 6, top - 8), radius=5,
                            fill=(236, 241, 248), outline=(90, 110, 140))
        d.text((x, top - 21), LANE_TITLE.get(lane, lane), font=head, anchor="mm", fill=(17, 17, 17))
        for y in range(top - 8, bottom, 6):                       # dashed lifeline
            d.line([(x, y), (x, min(y + 3, bottom))], fill=(170, 170, 170))
    for i, m in enumerate(msgs):
        y = top + ROW_H * (i + 1)
        colour = STYLE[m.kind]
        d.text((6, y - 5), f"+{m.time - since:.1f}s", font=tiny, anchor="lm", fill=(110, 110, 110))
        x0, x1 = x_of[m.src], x_of[m.dst]
        if x0 == x1:                                              # to itself: a small loop
            d.line([(x0, y - 6), (x0 + 18, y - 6), (x0 + 18, y + 2), (x0 + 4, y + 2)], fill=colour, width=2)
            d.text((x0 + 22, y - 8), m.text, font=small, anchor="lm", fill=colour)
            continue
        step = 1 if x1 > x0 else -1
        if m.kind == "watch":
            for xs in range(x0, x1, 8 * step):
                d.line([(xs, y), (xs + 4 * step, y)], fill=colour, width=2)
        else:
            d.line([(x0, y), (x1 - 6 * step, y)], fill=colour, width=2)
        d.polygon([(x1, y), (x1 - 8 * step, y - 4), (x1 - 8 * step, y + 4)], fill=colour)
        tx = min(x0, x1) + 6
        box = d.textbbox((tx, y - 7), m.text, font=small, anchor="lm")
        d.rectangle((box[0] - 1, box[1], box[2] + 1, box[3]), fill="white")
        d.text((tx, y - 7), m.text, font=small, anchor="lm", fill=colour)
    y = bottom
    if hidden:
        d.text((LEFT, y), f"… {hidden} more messages (pass max_rows= to see them)", font=small, anchor="lm",
               fill=(110, 110, 110))
        y += ROW_H
    used = [k for k in STYLE if any(m.kind == k for m in msgs)]
    x = LEFT
    for k in used:
        d.line([(x, y + 10), (x + 22, y + 10)], fill=STYLE[k], width=2)
        d.text((x + 28, y + 10), LEGEND[k], font=small, anchor="lm", fill=(40, 40, 40))
        x += 40 + d.textlength(LEGEND[k], font=small)
    if not msgs:
        d.text((LEFT, top + 10), "(nothing recorded in this interval)", font=small, fill=(119, 119, 119))
    buf = io.BytesIO()
    im.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def show_sequence(cluster, since: float = 0.0, until: float | None = None, **kw):
    """Display the sequence picture in a notebook."""
    from IPython.display import Image, display
    display(Image(sequence_png(cluster, since, until, **kw)))
