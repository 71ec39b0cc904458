"""The traffic picture: client → nodes → Service → Endpoints → pods, each edge
labelled with the port it carries, and one request's path drawn over it.

The graph is a pure function of the API state (the Service, its EndpointSlices,
the nodes) plus, optionally, one :class:`kubelab.network.traffic.Response`
whose hops pick the highlighted edges.

>>> import kubelab
>>> c = kubelab.Cluster()
>>> _ = c.kubectl("create deployment hello --image=k8s.gcr.io/echoserver:1.4 --replicas=2")
>>> _ = c.kubectl("create service nodeport hello --tcp=8080:8080 --node-port=31000")
>>> _ = c.settle()
>>> g = traffic_graph(c, "hello")
>>> g.edges["node:minikube", "svc"]["label"]
'nodePort 31000 → port 8080'
>>> r = c.curl("http://192.168.49.2:31000/")
>>> path_of(g, r)[:3]
['client', 'node:minikube', 'svc']
"""
from __future__ import annotations

import networkx as nx

from ..api.meta import Obj
from ..i18n import Words
from . import style

#: rows top to bottom: where the request comes from, the nodes it may enter by, the Service, its endpoints, the pods
ROW = {"client": 0, "node": 1, "service": 2, "endpoints": 3, "pod": 4}
#: the border (and light fill) of each kind of box; the request's path is blue, a failure vermillion
COLOUR = {"client": style.BLACK, "node": style.GREY, "service": style.BLUE, "endpoints": style.SKY,
          "pod": style.PURPLE}
PATH, PLAIN, FAIL = style.BLUE, style.LIGHT, style.BAD
#: every word the picture prints (one place, for translation)
WORDS = Words({
    "outside": "your computer\n{ip}",
    "pod client": "pod {name}\n{ip}",
    "node": "node {name}\n{ip}",
    "service": "Service {name}\n{type} {ip}",
    "endpoints": "Endpoints\n{ready} ready of {total}",
    "pod": "pod {name}\n{ip}:{port}",
    "to node": "{ip}:{port}",
    "nodePort": "nodePort {node_port} → port {port}",
    "to cluster ip": "{ip}:{port}",
    "selector": "selector {selector}",
    "selector short": "selector",
    "to pod": "targetPort {port}",
    "not ready": "not ready",
    "no way in": "no way in from outside: a ClusterIP\nis reachable only inside the cluster",
    "failed": "✗ {error}",
    "answered": "✓ HTTP {status}",
    "legend": "thick blue arrows: the path of this request",
})


def _short(name: str) -> str:
    """hello-node-5b578f9b89-6t9xh → …-6t9xh (the part that tells a Deployment's pods apart)."""
    parts = name.split("-")
    return f"…-{parts[-1]}" if len(parts) > 2 else name


def traffic_graph(cluster, service: str, namespace: str = "default", client_pod: str | None = None) -> nx.DiGraph:
    """The ways into one Service and on to its pods, as the API state says now.

    From outside (``client_pod`` None) the only ways in are a node's IP and the
    nodePort: a ClusterIP is a virtual address that exists only in the nodes'
    rules, so there is no edge from your computer to it.  From a pod, the
    ClusterIP and ``port`` are the way in."""
    svc = cluster.api.get("services", service, namespace)
    spec = svc["spec"]
    g = nx.DiGraph(service=f"{namespace}/{service}")
    if client_pod:
        pod = cluster.api.get("pods", client_pod, namespace)
        g.add_node("client", kind="client", outside=False,
                   label=WORDS["pod client"].format(name=client_pod, ip=pod["status"].get("podIP", "")))
    else:
        from ..network.traffic import HOST_IP
        g.add_node("client", kind="client", outside=True, label=WORDS["outside"].format(ip=HOST_IP))
    ports = spec.get("ports") or []
    first = ports[0] if ports else {}
    cluster_ip = spec.get("clusterIP")
    g.add_node("svc", kind="service", label=WORDS["service"].format(name=service, type=spec.get("type", "ClusterIP"),
                                                                     ip=cluster_ip or ""))
    if first.get("nodePort"):
        for name, ip in sorted(cluster.node_ips.items()):
            g.add_node(f"node:{name}", kind="node", label=WORDS["node"].format(name=name, ip=ip))
            if not client_pod:
                g.add_edge("client", f"node:{name}", label=WORDS["to node"].format(ip=ip, port=first["nodePort"]))
            g.add_edge(f"node:{name}", "svc", label=WORDS["nodePort"].format(node_port=first["nodePort"],
                                                                             port=first["port"]))
    if client_pod and cluster_ip not in (None, "None") and first:
        g.add_edge("client", "svc", label=WORDS["to cluster ip"].format(ip=cluster_ip, port=first["port"]))
    rules = cluster.proxy.rules(f"{namespace}/{service}")
    endpoints = rules[0].endpoints if rules else []
    ready = sum(1 for e in endpoints if e.ready)
    g.add_node("ep", kind="endpoints", label=WORDS["endpoints"].format(ready=ready, total=len(endpoints)))
    selector = ",".join(f"{k}={v}" for k, v in (spec.get("selector") or {}).items())
    g.add_edge("svc", "ep", label=WORDS["selector"].format(selector=selector) if len(selector) <= 24
               else WORDS["selector short"])
    for e in sorted(endpoints, key=lambda e: e.pod):
        pname = e.pod.split("/", 1)[-1]
        g.add_node(f"pod:{pname}", kind="pod", ready=e.ready,
                   label=WORDS["pod"].format(name=_short(pname), ip=e.ip, port=e.port)
                   + ("" if e.ready else "\n" + WORDS["not ready"]))
        g.add_edge("ep", f"pod:{pname}", label=WORDS["to pod"].format(port=e.port))
    return g


def path_of(g: nx.DiGraph, response) -> list[str]:
    """The graph nodes a request went through, in order (from its hops)."""
    out = []
    for hop in getattr(response, "hops", []):
        node = {"client": "client", "service": "svc", "endpoint": "ep"}.get(hop.kind)
        if hop.kind == "node" and hop.port is not None:      # entered through a nodePort
            node = f"node:{hop.name}"
        elif hop.kind == "pod":
            node = f"pod:{hop.name.split('/', 1)[-1]}"
        if hop.kind == "endpoint" and response.pod:
            node = "ep"
        if node in g and (not out or out[-1] != node):
            out.append(node)
    for i in range(1, len(out)):            # the request stopped where no way leads on (outside → a ClusterIP)
        if not g.has_edge(out[i - 1], out[i]):
            out = out[:i]
            break
    if "ep" in out and response is not None and response.pod and f"pod:{response.pod}" in g \
            and f"pod:{response.pod}" not in out:
        out.append(f"pod:{response.pod}")
    return out


# ------------------------------------------------------------------ the picture
SPAN = 150           # CSS px between the centres of two boxes in a row (at least)
ROW_H = 96           # CSS px between rows


def layout(g: nx.DiGraph, least: float = 620) -> dict[str, tuple[float, float]]:
    """Box centres in CSS px: one row per kind, top to bottom as a request travels;
    a row's boxes spread evenly and centred, in a width that fits the fullest row
    (at least ``least``, at most the notebook's)."""
    rows: dict[int, list[str]] = {}
    for n, d in g.nodes(data=True):
        rows.setdefault(ROW[d["kind"]], []).append(n)
    fullest = max(len(m) for m in rows.values())
    width = min(style.MAX_WIDTH - 40, max(least, 1.2 * SPAN * fullest + 120))
    pos = {}
    used = sorted(rows)
    for i, r in enumerate(used):
        members = sorted(rows[r])
        gap = min(width / len(members), 2.2 * SPAN)
        x0 = 20 + width / 2 - gap * (len(members) - 1) / 2
        for j, n in enumerate(members):
            pos[n] = (x0 + gap * j, 50 + ROW_H * i)
    return pos


def draw_traffic(g: nx.DiGraph, path: list[str] | None = None, title: str = "", failed: str = "",
                 answered: int = 0):
    """A matplotlib Figure of the graph: every way in as a thin grey arrow, ``path``'s
    arrows thick and blue, and where the request ended a mark: ``failed`` (the
    client's error, the box's border vermillion) or ``answered`` (the status)."""
    from matplotlib.patches import FancyArrowPatch
    path = path or []
    on_path = set(zip(path, path[1:]))
    least = max(620, 9.5 * len(title) + 20, 8.6 * len(WORDS["legend"]) + 20)    # the title, legend and marks fit
    pos = layout(g, least)
    width = max(x for x, _ in pos.values()) + 20 if pos else style.MAX_WIDTH
    width = min(style.MAX_WIDTH, max(width + min(x for x, _ in pos.values()) - 20, least))
    height = max(y for _, y in pos.values()) + 100 + (30 if title else 0)
    top = 30 if title else 0
    with style.mpl():
        import matplotlib.pyplot as plt
        fig = plt.figure(figsize=(width / 72, height / 72))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.axis("off")
        boxes = {}
        for n, d in sorted(g.nodes(data=True)):
            x, y = pos[n]
            colour = COLOUR[d["kind"]]
            end = bool(path) and n == path[-1]
            edge = FAIL if (failed and end) else (PATH if n in path else colour)
            boxes[n] = ax.text(x, y + top, d["label"], ha="center", va="center", fontsize=style.TEXT,
                               color=style.DARK if d.get("ready", True) else style.GREY, linespacing=1.25,
                               bbox={"boxstyle": "round,pad=0.45", "fc": "white", "ec": edge,
                                     "lw": 3.0 if n in path else 1.5,
                                     "ls": "solid" if d.get("ready", True) else (0, (4, 3))})
        fig.canvas.draw()      # the boxes' sizes, for the arrows to stop at their borders
        for u, v, d in sorted(g.edges(data=True)):
            hot = (u, v) in on_path
            arrow = FancyArrowPatch((pos[u][0], pos[u][1] + top), (pos[v][0], pos[v][1] + top),
                                    patchA=boxes[u].get_bbox_patch(), patchB=boxes[v].get_bbox_patch(),
                                    arrowstyle="-|>", mutation_scale=22 if hot else 14,
                                    color=PATH if hot else PLAIN, lw=3.2 if hot else 1.4, zorder=1 if not hot else 2,
                                    shrinkA=2, shrinkB=2)
            ax.add_patch(arrow)
            if hot or g.nodes[v]["kind"] != "pod":
                (x0, y0), (x1, y1) = pos[u], pos[v]
                ax.text((x0 + x1) / 2, (y0 + y1) / 2 + top, d["label"], ha="center", va="center",
                        fontsize=style.TEXT, color=PATH if hot else style.DARK, zorder=3,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
        client = g.nodes.get("client", {})
        no_way_in = client.get("outside") and not any(u == "client" for u, _ in g.edges)
        if no_way_in:           # the empty row under your computer says why it is empty
            x, y = pos["client"]
            ax.text(x, y + top + ROW_H * 0.55, WORDS["no way in"], ha="center", va="center", fontsize=style.TEXT,
                    color=FAIL, linespacing=1.2)
        if path and (failed or answered):
            x, y = pos[path[-1]]
            bb = boxes[path[-1]].get_window_extent().transformed(ax.transData.inverted())
            text = WORDS["failed"].format(error=failed) if failed else WORDS["answered"].format(status=answered)
            below = g.nodes[path[-1]]["kind"] == "pod"      # the bottom row: room below, none to the right
            ax.text(x if below else bb.x1 + 12, bb.y0 + 6 if below else y + top, text,
                    ha="center" if below else "left", va="top" if below else "center", fontsize=style.TEXT,
                    color=FAIL if failed else style.GOOD, fontweight="bold")
        if title:
            ax.text(8, 6, title, ha="left", va="top", fontsize=style.TITLE)
        if len(path) > 1:
            ax.text(width - 8, height - 6, WORDS["legend"], ha="right", va="bottom", fontsize=style.TEXT, color=PATH)
    return fig


def picture(cluster, service: str, response=None, namespace: str = "default", client_pod: str | None = None,
            title: str = "") -> bytes:
    """PNG bytes of the traffic picture (with ``response``'s path highlighted).
    A request sent from a pod is drawn from that pod."""
    if client_pod is None and response is not None and response.hops and response.hops[0].name.startswith("pod/"):
        client_pod = response.hops[0].name.split("/", 1)[1]
    g = traffic_graph(cluster, service, namespace, client_pod)
    path = path_of(g, response) if response is not None else []
    failed = response.error if response is not None and not response.status else ""
    answered = response.status if response is not None else 0
    return style.figure_png(draw_traffic(g, path, title, failed or "", answered))


def show(cluster, service: str, response=None, namespace: str = "default", client_pod: str | None = None,
         title: str = ""):
    """Display the traffic picture in a notebook (sharp on high-density screens, text at the notebook's size)."""
    style.display_png(picture(cluster, service, response, namespace, client_pod, title))


def hops_table(response) -> list[Obj]:
    """The hops as rows (kind, name, port) for a widget or a DataFrame."""
    return [{"kind": h.kind, "name": h.name, "port": h.port, "what happened": h.text} for h in response.hops]
