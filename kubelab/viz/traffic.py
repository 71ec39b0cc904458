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

COLUMN = {"client": 0, "node": 1, "service": 2, "endpoints": 3, "pod": 4}
COLOUR = {"client": "#222222", "node": "#8172B3", "service": "#C44E52", "endpoints": "#E28A8C", "pod": "#DD8452"}
PATH, PLAIN, FAIL = "#d62728", "#b0b0b0", "#d62728"


def _short(name: str) -> str:
    """hello-node-5b578f9b89-6t9xh → hello-node-…-6t9xh (keeps labels narrow)."""
    parts = name.split("-")
    return f"{'-'.join(parts[:-2])}-…-{parts[-1]}" if len(parts) > 3 else name


def traffic_graph(cluster, service: str, namespace: str = "default", client_pod: str | None = None) -> nx.DiGraph:
    """The ways into one Service and on to its pods, as the API state says now."""
    svc = cluster.api.get("services", service, namespace)
    spec = svc["spec"]
    g = nx.DiGraph(service=f"{namespace}/{service}")
    if client_pod:
        pod = cluster.api.get("pods", client_pod, namespace)
        g.add_node("client", kind="client", label=f"pod {_short(client_pod)}\n{pod['status'].get('podIP', '')}")
    else:
        g.add_node("client", kind="client", label="your computer\n192.168.49.1")
    ports = spec.get("ports") or []
    first = ports[0] if ports else {}
    g.add_node("svc", kind="service",
               label=f"Service {service}\n{spec.get('type', 'ClusterIP')} {spec.get('clusterIP', '')}")
    if first.get("nodePort"):
        for name, ip in sorted(cluster.node_ips.items()):
            g.add_node(f"node:{name}", kind="node", label=f"node {name}\n{ip}")
            g.add_edge("client", f"node:{name}", label=f":{first['nodePort']}")
            g.add_edge(f"node:{name}", "svc", label=f"nodePort {first['nodePort']} → port {first['port']}")
    if spec.get("clusterIP") not in (None, "None") and first:
        g.add_edge("client", "svc", label=f"{spec['clusterIP']}:{first['port']}")
    rules = cluster.proxy.rules(f"{namespace}/{service}")
    endpoints = rules[0].endpoints if rules else []
    ready = sum(1 for e in endpoints if e.ready)
    g.add_node("ep", kind="endpoints", label=f"Endpoints\n{ready} ready / {len(endpoints)}")
    selector = ",".join(f"{k}={v}" for k, v in (spec.get("selector") or {}).items())
    g.add_edge("svc", "ep", label=f"selector {selector}" if len(selector) <= 16 else "selector")
    for e in sorted(endpoints, key=lambda e: e.pod):
        pname = e.pod.split("/", 1)[-1]
        g.add_node(f"pod:{pname}", kind="pod", ready=e.ready,
                   label=f"pod {_short(pname)}\n{e.ip} ({e.node})")
        g.add_edge("ep", f"pod:{pname}", label=f":{e.port}" + ("" if e.ready else " (not ready)"))
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
    if "ep" in out and response is not None and response.pod and f"pod:{response.pod}" in g \
            and f"pod:{response.pod}" not in out:
        out.append(f"pod:{response.pod}")
    return out


def layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    columns: dict[int, list[str]] = {}
    for n, d in g.nodes(data=True):
        columns.setdefault(COLUMN[d["kind"]], []).append(n)
    pos = {}
    for x, members in columns.items():
        # Nodes sit above the line client → Service, so the direct ClusterIP edge stays visible.
        lift = 1.1 if x == COLUMN["node"] else 0.0
        for i, n in enumerate(sorted(members)):
            pos[n] = (x * 2.2, (len(members) - 1) / 2 - i + lift)
    return pos


def draw_traffic(g: nx.DiGraph, path: list[str] | None = None, title: str = "", failed: bool = False):
    """A matplotlib Figure of the graph; ``path`` edges thick and red, the last
    node of a failed path circled."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    path = path or []
    on_path = set(zip(path, path[1:]))
    pos = layout(g)
    ys = [p[1] for p in pos.values()]
    fig = plt.figure(figsize=(11, max(2.8, 1.05 * (max(ys) - min(ys)) + 1.8)), dpi=80)
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.9 if title else 1.0))
    plain = [e for e in g.edges if e not in on_path]
    nx.draw_networkx_edges(g, pos, edgelist=plain, ax=ax, edge_color=PLAIN, width=1.2, arrows=True,
                           arrowsize=12, node_size=2600)
    nx.draw_networkx_edges(g, pos, edgelist=[e for e in g.edges if e in on_path], ax=ax, edge_color=PATH,
                           width=3.2, arrows=True, arrowsize=18, node_size=2600)
    colours = [COLOUR[d["kind"]] if d.get("ready", True) else "#cccccc" for _, d in g.nodes(data=True)]
    edgecolors = [FAIL if failed and path and n == path[-1] else ("#000000" if n in path else "#ffffff")
                  for n in g.nodes]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=2600, edgecolors=edgecolors,
                           linewidths=[3.0 if n in path else 1.0 for n in g.nodes])
    for n, (x, y) in pos.items():
        ax.text(x, y - 0.34, g.nodes[n]["label"], ha="center", va="top", fontsize=8)
    labels = {(u, v): d["label"] for u, v, d in g.edges(data=True)}
    nx.draw_networkx_edge_labels(g, pos, edge_labels=labels, ax=ax, font_size=7.5, label_pos=0.5,
                                 font_color="#333333", bbox={"fc": "white", "ec": "none", "alpha": 0.85})
    xs = [p[0] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.5)
    ax.axis("off")
    if title:
        fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    return fig


def picture(cluster, service: str, response=None, namespace: str = "default", client_pod: str | None = None,
            title: str = "") -> bytes:
    """PNG bytes of the traffic picture (with ``response``'s path highlighted)."""
    from .draw import to_png
    g = traffic_graph(cluster, service, namespace, client_pod)
    path = path_of(g, response) if response is not None else []
    failed = response is not None and not response.status
    return to_png(draw_traffic(g, path, title, failed))


def show(cluster, service: str, response=None, namespace: str = "default", client_pod: str | None = None,
         title: str = ""):
    """Display the traffic picture in a notebook."""
    from IPython.display import Image, display
    display(Image(picture(cluster, service, response, namespace, client_pod, title)))


def hops_table(response) -> list[Obj]:
    """The hops as rows (kind, name, port) for a widget or a DataFrame."""
    return [{"kind": h.kind, "name": h.name, "port": h.port, "what happened": h.text} for h in response.hops]
