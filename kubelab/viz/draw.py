"""A layered picture of the object graph: Deployment → ReplicaSet → Pod → Node,
Services beside the pods they select, configuration and storage to the right.
PNG output, so nbval's stored outputs stay stable."""
from __future__ import annotations

import io

import networkx as nx

LAYER = {"Deployment": 0, "DaemonSet": 0, "StatefulSet": 0, "Job": 0, "CronJob": 0, "ReplicationController": 1,
         "ReplicaSet": 1, "Service": 1, "Pod": 2, "Node": 3, "Endpoints": 1, "EndpointSlice": 1,
         "ConfigMap": 3, "Secret": 3, "PersistentVolumeClaim": 3, "PersistentVolume": 4, "StorageClass": 5}
COLOUR = {"Deployment": "#4C72B0", "ReplicaSet": "#55A868", "Pod": "#DD8452", "Node": "#8172B3",
          "Service": "#C44E52", "ConfigMap": "#937860", "Secret": "#DA8BC3", "PersistentVolumeClaim": "#8C8C8C",
          "PersistentVolume": "#CCB974", "StorageClass": "#64B5CD", "DaemonSet": "#4C72B0", "Job": "#4C72B0"}
SHAPE = {"Deployment": "s", "ReplicaSet": "D", "Pod": "o", "Node": "h", "Service": "^", "ConfigMap": "p",
         "Secret": "p", "PersistentVolumeClaim": "v", "PersistentVolume": "8", "StorageClass": "*"}
STATUS_EDGE = {"Running": "#2ca02c", "Pending": "#ff7f0e", "ContainerCreating": "#ff7f0e", "Terminating": "#7f7f7f",
               "CrashLoopBackOff": "#d62728", "Error": "#d62728", "ImagePullBackOff": "#d62728", "ErrImagePull": "#d62728"}
EDGE_STYLE = {"owns": ("solid", "#444444"), "scheduled-on": ("dotted", "#8172B3"), "selects": ("dashed", "#C44E52"),
              "mounts": ("dashdot", "#937860"), "env-from": ("dashdot", "#DA8BC3"), "binds": ("solid", "#CCB974"),
              "provisions": ("dotted", "#64B5CD"), "routes-to": ("solid", "#C44E52")}


def layout(g: nx.DiGraph) -> dict:
    """Positions from networkx's multipartite layout, one column per layer, sorted by name."""
    h = nx.DiGraph()
    for n in sorted(g.nodes, key=lambda n: (LAYER.get(g.nodes[n]["kind"], 2), n)):
        h.add_node(n, layer=LAYER.get(g.nodes[n]["kind"], 2))
    if not h:
        return {}
    return nx.multipartite_layout(h, subset_key="layer", align="vertical", scale=1.0)


def draw(g: nx.DiGraph, title: str = "", ax=None, highlight: set[str] | None = None):
    """Draw with matplotlib; returns the Figure."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    pos = layout(g)
    height = max(3.0, 0.55 * max([sum(1 for n in g if LAYER.get(g.nodes[n]["kind"], 2) == l) for l in range(6)] + [1]))
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, height))
    else:
        fig = ax.figure
    for kind in sorted({g.nodes[n]["kind"] for n in g}):
        nodes = [n for n in g if g.nodes[n]["kind"] == kind]
        edgecolors = [STATUS_EDGE.get(g.nodes[n].get("status"), "#333333") for n in nodes]
        nx.draw_networkx_nodes(g, pos, nodelist=nodes, node_shape=SHAPE.get(kind, "o"),
                               node_color=COLOUR.get(kind, "#999999"), edgecolors=edgecolors,
                               linewidths=2.5, node_size=700, ax=ax)
    for etype, (style, colour) in EDGE_STYLE.items():
        edges = [(u, v) for u, v, d in g.edges(data=True) if d["type"] == etype]
        if edges:
            width = [3.0 if highlight and (u in highlight and v in highlight) else 1.3 for u, v in edges]
            nx.draw_networkx_edges(g, pos, edgelist=edges, style=style, edge_color=colour, width=width,
                                   arrows=True, arrowsize=14, node_size=700, ax=ax)
    labels = {n: _label(g.nodes[n]) for n in g}
    for n, (x, y) in pos.items():
        ax.annotate(labels[n], (x, y), xytext=(0, -22), textcoords="offset points", ha="center", va="top", fontsize=8)
    kinds = sorted({g.nodes[n]["kind"] for n in g}, key=lambda k: LAYER.get(k, 2))
    handles = [Line2D([0], [0], marker=SHAPE.get(k, "o"), color="w", markerfacecolor=COLOUR.get(k, "#999"),
                      markersize=11, label=k) for k in kinds]
    used = sorted({d["type"] for _, _, d in g.edges(data=True)})
    handles += [Line2D([0], [0], linestyle=EDGE_STYLE[t][0], color=EDGE_STYLE[t][1], label=t) for t in used]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.set_title(title, fontsize=10)
    ax.margins(0.15, 0.2)
    ax.axis("off")
    fig.tight_layout()
    return fig


def _label(attrs: dict) -> str:
    name = attrs["name"]
    if len(name) > 28:
        name = name[:26] + "…"
    status = attrs.get("status")
    return f"{name}\n{status}" if status else name


def to_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, metadata={"Software": None})
    import matplotlib.pyplot as plt
    plt.close(fig)
    return buf.getvalue()


def show(cluster, title: str = "", **filters):
    """Display the graph in a notebook (as a PNG image)."""
    from IPython.display import Image, display
    from .graph import build_graph
    g = build_graph(cluster, **filters)
    display(Image(to_png(draw(g, title))))
