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
from ..kubectl.printers import tabwrite
from ..i18n import Words
from . import style

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
    return _headed_table(lines)


#: the tables' headings (the kit's words, unlike kubectl's: in the learner's language)
HEADINGS = Words({h: h for h in ("COMPONENT", "ACTION", "OBJECT", "FROM", "TO", "MESSAGE")})


def _headed_table(lines: list[list[str]]) -> str:
    """``tabwrite`` with the headings in the learner's language, aligned as a terminal shows
    them: tabwrite counts characters and a Chinese one takes two columns, so the table is laid
    out with stand-ins as wide as the headings look (``1111``), then the headings go in."""
    heads = [HEADINGS.get(h, h) for h in lines[0]]
    if heads == lines[0]:
        return tabwrite(lines)
    stand_ins = [str(i) * _columns(h) for i, h in enumerate(heads)]
    first, _, rest = tabwrite([stand_ins, *lines[1:]]).partition("\n")
    for stand_in, head in zip(stand_ins, heads):
        first = first.replace(stand_in, head, 1)
    return first + "\n" + rest


def _columns(text: str) -> int:
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
             etcd: bool = True, essential: bool = False) -> list[Message]:
    """The arrows of the sequence picture, in the order things happened.

    ``requests``: ``(time, response)`` pairs from ``cluster.curl`` whose path
    through kube-proxy's rules is drawn too.  ``essential``: only the steps a
    learner follows (see :func:`essential_steps`)."""
    out = _messages(cluster, since, until, requests, etcd)
    return essential_steps(out) if essential else out


def essential_steps(msgs: list[Message]) -> list[Message]:
    """The chain one command starts, without the bookkeeping: every object created
    (and the first write's trip to etcd, standing for all of them), the scheduler's
    binding, the kubelet's calls to the container runtime and its last status report
    for each pod, kube-proxy's watch events, and the requests.  Dropped: status
    updates of controllers, repeated writes, the other etcd PUTs, and the legacy
    Endpoints object (kube-proxy reads EndpointSlices).

    The full list stays in :func:`sequence_table`."""
    last_status = {}
    for i, m in enumerate(msgs):
        if m.kind == "write" and m.src == "kubelet" and m.text.startswith("update status pod/"):
            last_status[m.text] = i
    keep, stored = [], False
    for i, m in enumerate(msgs):
        if m.kind == "store":
            if not stored:
                keep.append(Message(m.time, m.src, m.dst, m.text + ESSENTIAL_WORDS["every write"], m.kind))
            stored = True
            continue
        if m.kind == "write":
            verb = m.text.split(": ", 1)[-1]
            if m.src == "kubelet":
                if last_status.get(m.text) != i:
                    continue
            elif m.src == "scheduler":
                if not verb.startswith("update pod/"):
                    continue
            elif not verb.startswith("create ") or verb.startswith("create endpoints/"):
                continue
        keep.append(m)
    return keep


#: the words the sequence picture prints besides the messages (with LEGEND and LANE_HEAD: one place, for translation)
ESSENTIAL_WORDS = Words({"every write": " (every write is stored so)",
                         "more": "the essential {shown} of {total} steps; sequence_table() lists them all",
                         "hidden": "… {hidden} more messages (pass max_rows= to see them)",
                         "nothing": "(nothing recorded in this interval)"})


def _messages(cluster, since: float, until: float | None, requests, etcd: bool) -> list[Message]:
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
    return _headed_table(lines)


# ------------------------------------------------------------------ the picture
STYLE = {"write": style.BLUE, "store": style.GREY, "watch": style.PURPLE, "cri": style.GREEN, "traffic": style.ORANGE}
#: a pattern for each kind of arrow too, not colour alone
PATTERN = {"write": None, "store": None, "watch": (6, 4), "cri": None, "traffic": None}
WIDTH = {"write": 2, "store": 1.5, "watch": 2, "cri": 2, "traffic": 3.5}
LEGEND = Words({"write": "write through the API", "store": "stored in etcd", "watch": "watch event (dashed)",
                "cri": "CRI call (from the kubelet's Events)",
                "traffic": "a request (kube-proxy's rules in the node's kernel pick the pod)"})
#: the heading of each lifeline, broken where a narrow column needs it
LANE_HEAD = Words({"kube-apiserver": "kube-\napiserver", "controller-manager": "kube-\ncontroller-\nmanager",
                   "scheduler": "kube-\nscheduler", "container runtime": "container\nruntime",
                   "app": "the app\n(in its\npod)"})
# CSS px: the time column, a lifeline's column, a message row, the heads
LEFT, LANE_W, ROW_H, HEAD_H, PAD = 44, 90, 30, 70, 6


def sequence_png(cluster, since: float = 0.0, until: float | None = None, *, title: str = "",
                 requests=(), etcd: bool = True, max_rows: int = 90, essential: bool = False) -> bytes:
    """The sequence picture as PNG bytes (same actions, same bytes), at the notebook's text
    size and twice the pixel density.  ``essential``: only the steps a learner follows
    (:func:`essential_steps`), with a line saying how many the full trace has."""
    from PIL import Image, ImageDraw

    from .render import font
    P = style.px
    everything = messages(cluster, since, until, requests=requests, etcd=etcd)
    msgs = essential_steps(everything) if essential else everything
    hidden = max(0, len(msgs) - max_rows)
    msgs = msgs[:max_rows]
    top = HEAD_H + (28 if title else 0)
    width = LEFT + LANE_W * len(LANES) + PAD
    used = [k for k in STYLE if any(m.kind == k for m in msgs)]
    notes = (1 if hidden else 0) + (1 if essential else 0)
    bottom = top + ROW_H * (len(msgs) + 1)
    height = bottom + 24 * (notes + len(used)) + PAD
    im = Image.new("RGB", (P(width), P(height)), "white")
    d = ImageDraw.Draw(im)
    text, small = font(P(style.TEXT)), font(P(style.TEXT))
    x_of = {lane: LEFT + LANE_W * i + LANE_W // 2 for i, lane in enumerate(LANES)}
    if title:
        d.text((P(8), P(6)), title, font=font(P(style.TITLE)), fill=(0, 0, 0))
    for lane, x in x_of.items():
        d.multiline_text((P(x), P(top - 8)), LANE_HEAD.get(lane, lane), font=text, anchor="md", align="center",
                         fill=(17, 17, 17), spacing=P(2))
        for y in range(top - 4, bottom, 8):                       # dashed lifeline
            d.line([(P(x), P(y)), (P(x), P(min(y + 4, bottom)))], fill=(170, 170, 170), width=P(1))
    for i, m in enumerate(msgs):
        y = top + ROW_H * (i + 1)
        colour = style.rgb(STYLE[m.kind])
        d.text((P(4), P(y - 6)), f"+{m.time - since:.0f}s", font=small, anchor="lm", fill=(90, 90, 90))
        x0, x1 = x_of[m.src], x_of[m.dst]
        w = P(WIDTH[m.kind])
        if x0 == x1:                                              # to itself: a small loop
            d.line([(P(x0), P(y - 4)), (P(x0 + 18), P(y - 4)), (P(x0 + 18), P(y + 4)), (P(x0 + 4), P(y + 4))],
                   fill=colour, width=w)
            x0, x1 = x0, x0 + 24
        else:
            step = 1 if x1 > x0 else -1
            if PATTERN[m.kind]:
                on, off = PATTERN[m.kind]
                for xs in range(x0, x1, (on + off) * step):
                    xe = xs + on * step
                    xe = min(xe, x1 - 8) if step > 0 else max(xe, x1 + 8)
                    if (xe - xs) * step > 0:
                        d.line([(P(xs), P(y)), (P(xe), P(y))], fill=colour, width=w)
            else:
                d.line([(P(x0), P(y)), (P(x1 - 8 * step), P(y))], fill=colour, width=w)
            d.polygon([(P(x1), P(y)), (P(x1 - 10 * step), P(y - 5)), (P(x1 - 10 * step), P(y + 5))], fill=colour)
        # the words above the arrow, from its left end, kept inside the picture
        length = d.textlength(m.text, font=text)
        tx = min(P(min(x0, x1) + 6), P(width - PAD) - length)
        box = d.textbbox((tx, P(y - 12)), m.text, font=text, anchor="lm")
        d.rectangle((box[0] - P(2), box[1] - P(1), box[2] + P(2), box[3]), fill="white")
        d.text((tx, P(y - 12)), m.text, font=text, anchor="lm", fill=colour if m.kind != "store" else (80, 80, 80))
    y = bottom
    if essential:
        d.text((P(LEFT), P(y)), ESSENTIAL_WORDS["more"].format(shown=len(msgs), total=len(everything)),
               font=text, anchor="lm", fill=(90, 90, 90))
        y += 24
    if hidden:
        d.text((P(LEFT), P(y)), ESSENTIAL_WORDS["hidden"].format(hidden=hidden), font=text, anchor="lm",
               fill=(90, 90, 90))
        y += 24
    for k in used:
        colour = style.rgb(STYLE[k])
        if PATTERN[k]:
            for xs in range(LEFT, LEFT + 30, 10):
                d.line([(P(xs), P(y)), (P(xs + 6), P(y))], fill=colour, width=P(WIDTH[k]))
        else:
            d.line([(P(LEFT), P(y)), (P(LEFT + 30), P(y))], fill=colour, width=P(WIDTH[k]))
        d.text((P(LEFT + 40), P(y)), LEGEND[k], font=text, anchor="lm", fill=(40, 40, 40))
        y += 24
    if not msgs:
        d.text((P(LEFT), P(top + 10)), ESSENTIAL_WORDS["nothing"], font=text, fill=(119, 119, 119))
    buf = io.BytesIO()
    im.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buf, format="PNG", compress_level=1,
                                                                  dpi=(72 * style.SCALE, 72 * style.SCALE))
    return buf.getvalue()


def show_sequence(cluster, since: float = 0.0, until: float | None = None, **kw):
    """Display the sequence picture in a notebook."""
    style.display_png(sequence_png(cluster, since, until, **kw))
