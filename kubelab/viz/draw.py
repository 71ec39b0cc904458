"""Pictures of the object graph: a layered static picture and the traffic path.

Columns left to right: workloads (and the outside client) → ReplicaSets and
Services → Pods → Nodes, configuration and claims → volumes → classes.  Inside a
column objects are ordered by where their neighbours sit (one sweep each way),
so owner lines rarely cross.  Kind is shown by colour and marker shape, status
by the marker's ring colour and the word under the name, edges by colour and
dash pattern; a legend explains all three.

Output is PNG: Agg renders the same bytes for the same graph, so stored
notebook outputs stay stable (nbval does not compare PNGs anyway).  The
drawing uses a few collections rather than one artist per edge, which keeps a
full redraw of a course-sized picture (≤ 60 objects) fast.
"""
from __future__ import annotations

import io

import networkx as nx

COLUMN = {"Client": 0, "Deployment": 0, "DaemonSet": 0, "StatefulSet": 0, "Job": 0, "CronJob": 0,
          "ReplicaSet": 1, "ReplicationController": 1, "Service": 1, "Endpoints": 1, "EndpointSlice": 1,
          "Pod": 2, "Node": 3, "ConfigMap": 3, "Secret": 3, "PersistentVolumeClaim": 3,
          "PersistentVolume": 4, "StorageClass": 5}
#: order inside a column before barycentres: workloads above services, nodes above config
RANK = {"Deployment": 0, "DaemonSet": 0, "StatefulSet": 0, "Job": 0, "CronJob": 0, "Client": 1,
        "ReplicaSet": 0, "ReplicationController": 0, "Service": 1, "Endpoints": 2, "EndpointSlice": 2,
        "Node": 0, "PersistentVolumeClaim": 1, "ConfigMap": 2, "Secret": 3}
COLOUR = {"Deployment": "#4C72B0", "DaemonSet": "#4C72B0", "StatefulSet": "#4C72B0", "Job": "#6A8CC7",
          "CronJob": "#6A8CC7", "ReplicaSet": "#55A868", "ReplicationController": "#55A868", "Pod": "#DD8452",
          "Node": "#8172B3", "Service": "#C44E52", "Endpoints": "#E28A8C", "EndpointSlice": "#E28A8C",
          "ConfigMap": "#937860", "Secret": "#DA8BC3", "PersistentVolumeClaim": "#8C8C8C",
          "PersistentVolume": "#CCB974", "StorageClass": "#64B5CD", "Client": "#222222"}
SHAPE = {"Deployment": "s", "DaemonSet": "s", "StatefulSet": "s", "Job": "P", "CronJob": "P",
         "ReplicaSet": "D", "ReplicationController": "D", "Pod": "o", "Node": "h", "Service": "^",
         "Endpoints": "<", "EndpointSlice": "<", "ConfigMap": "p", "Secret": "p",
         "PersistentVolumeClaim": "v", "PersistentVolume": "8", "StorageClass": "*", "Client": "X"}
GOOD, BUSY, BAD, GONE, NONE = "#2ca02c", "#ff7f0e", "#d62728", "#7f7f7f", "#333333"
STATUS_RING = {"Running": GOOD, "Ready": GOOD, "Bound": GOOD, "Completed": GOOD, "Succeeded": GOOD,
               "Available": GOOD, "Pending": BUSY, "ContainerCreating": BUSY, "PodInitializing": BUSY,
               "NotReady": BAD, "Released": BUSY, "Terminating": GONE, "Failed": BAD, "Lost": BAD,
               "CrashLoopBackOff": BAD, "Error": BAD, "ImagePullBackOff": BAD, "ErrImagePull": BAD,
               "OOMKilled": BAD, "CreateContainerConfigError": BAD, "Unknown": BAD}
EDGE_STYLE = {"owns": ("solid", "#444444"), "scheduled-on": ("dotted", "#8172B3"),
              "selects": ("dashed", "#C44E52"), "routes-to": ("solid", "#C44E52"),
              "tracks": ("dotted", "#E28A8C"), "mounts": ("dashdot", "#937860"),
              "env-from": ((0, (1, 2, 4, 2)), "#DA8BC3"), "binds": ("solid", "#CCB974"),
              "provisions": ("dotted", "#64B5CD")}
ROW = 0.62           # inches per object in the fullest column
DPI = 80


def ring(attrs: dict) -> str:
    """The status colour: green good, orange on its way, red wrong, grey going."""
    status = attrs.get("status") or ""
    if status in STATUS_RING:
        return STATUS_RING[status]
    if attrs["kind"] == "Pod" and (status.startswith("Init:") or status.startswith("Error")):
        return BAD if "Error" in status or "BackOff" in status else BUSY
    if "/" in status:                      # READY x/y of a workload
        a, _, b = status.partition("/")
        return GOOD if a == b else BUSY
    return NONE


def layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Column by kind; inside a column, ordered by the mean row of neighbours
    already placed (a forward then a backward sweep), ties by kind rank and name."""
    cols: dict[int, list[str]] = {}
    for n in g:
        cols.setdefault(COLUMN.get(g.nodes[n]["kind"], 2), []).append(n)
    for c in cols:
        cols[c].sort(key=lambda n: (RANK.get(g.nodes[n]["kind"], 0), n))
    row: dict[str, float] = {}
    for c in sorted(cols):
        _place(g, cols[c], row)
    for c in sorted(cols, reverse=True)[1:]:
        _place(g, cols[c], row)
    for c in sorted(cols):
        _place(g, cols[c], row)
    tallest = max((len(v) for v in cols.values()), default=1)
    pos = {}
    for c, members in cols.items():
        offset = (tallest - len(members)) / 2.0
        for i, n in enumerate(members):
            pos[n] = (float(c), -(offset + i))
    return pos


def _place(g: nx.DiGraph, members: list[str], row: dict[str, float]) -> None:
    def key(n: str) -> tuple:
        near = [row[m] for m in (*g.predecessors(n), *g.successors(n)) if m in row and m not in members]
        bary = sum(near) / len(near) if near else row.get(n, 1e9)
        return (RANK.get(g.nodes[n]["kind"], 0) if not near else 0, bary, n)
    members.sort(key=key)
    for i, n in enumerate(members):
        row[n] = i - len(members) / 2.0


def edge_label(d: dict) -> str:
    """The data a picture shows on an edge: ports on routes, keys on env edges."""
    t = d["type"]
    if t == "routes-to" and d.get("ports"):
        parts = []
        for p in d["ports"]:
            if "targetPort" in p:
                chain = [p.get("nodePort")] if p.get("nodePort") and d.get("from_client") else []
                chain += [p.get("port"), p.get("targetPort")]
                parts.append("→".join(str(x) for x in chain if x is not None))
            else:
                parts.append(str(p.get("port")))
        return ",".join(parts)
    if t == "env-from" and d.get("keys"):
        return ",".join(d["keys"])
    if t == "mounts":
        return d.get("volume", "")
    return ""


def _label(attrs: dict) -> str:
    name = attrs["name"]
    if len(name) > 26:
        name = name[:12] + "…" + name[-12:]
    status = attrs.get("status")
    if attrs["kind"] == "Pod" and attrs.get("restarts"):
        status = f"{status} ↻{attrs['restarts']}"
    return f"{name}\n{status}" if status else name


def draw(g: nx.DiGraph, title: str = "", ax=None, highlight: set[str] | None = None):
    """Draw with matplotlib; returns the Figure.  ``highlight``: node ids whose
    edges among themselves are drawn thick (a request's path, a selection)."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    pos = layout(g)
    ncols = max((int(x) for x, _ in pos.values()), default=0) + 1
    nrows = max((-y for _, y in pos.values()), default=0) + 1
    if ax is None:
        fig = plt.figure(figsize=(2.1 * ncols + 2.6, max(2.6, ROW * nrows + 0.9)), dpi=DPI)
        ax = fig.add_axes((0.02, 0.02, 0.96 * (2.1 * ncols) / (2.1 * ncols + 2.6), 0.9))
    else:
        fig = ax.figure
    highlight = highlight or set()
    for etype, (style, colour) in EDGE_STYLE.items():
        segs, widths, heads = [], [], []
        for u, v, d in g.edges(data=True):
            if d["type"] != etype:
                continue
            (x0, y0), (x1, y1) = pos[u], pos[v]
            segs.append(((x0, y0), (x1, y1)))
            widths.append(3.2 if u in highlight and v in highlight else 1.2)
            heads.append((x0, y0, x1, y1))
        if not segs:
            continue
        ax.add_collection(LineCollection(segs, linestyles=style, colors=colour, linewidths=widths, zorder=1))
        # arrow heads: a short solid stub ending just before the target marker
        hx, hy, hu, hv = [], [], [], []
        for x0, y0, x1, y1 in heads:
            dx, dy = x1 - x0, y1 - y0
            length = (dx * dx + dy * dy) ** 0.5 or 1.0
            ux, uy = dx / length, dy / length
            hx.append(x1 - ux * 0.22)
            hy.append(y1 - uy * 0.22)
            hu.append(ux * 0.06)
            hv.append(uy * 0.06)
        ax.quiver(hx, hy, hu, hv, angles="xy", scale_units="xy", scale=1, color=colour, width=0.004,
                  headwidth=4.5, headlength=5, headaxislength=4.5, zorder=2)
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        text = edge_label({**d, "from_client": g.nodes[u]["kind"] == "Client"})
        if text:
            (x0, y0), (x1, y1) = pos[u], pos[v]
            ax.text(x0 + (x1 - x0) * 0.62, y0 + (y1 - y0) * 0.62, text, fontsize=6.5, ha="center", va="center",
                    color=EDGE_STYLE[d["type"]][1], zorder=4, backgroundcolor="white")
    kinds = sorted({g.nodes[n]["kind"] for n in g}, key=lambda k: (COLUMN.get(k, 2), RANK.get(k, 0), k))
    for kind in kinds:
        nodes = sorted(n for n in g if g.nodes[n]["kind"] == kind)
        ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=[420 if n not in highlight else 560 for n in nodes],
                   marker=SHAPE.get(kind, "o"), c=COLOUR.get(kind, "#999999"),
                   edgecolors=[ring(g.nodes[n]) for n in nodes], linewidths=2.6, zorder=3)
    for n in sorted(g):
        x, y = pos[n]
        ax.text(x, y - 0.2, _label(g.nodes[n]), fontsize=7, ha="center", va="top", zorder=5,
                color=ring(g.nodes[n]) if g.nodes[n].get("status") == "Terminating" else "#111111")
    _legend(fig, kinds, [t for t in EDGE_STYLE if any(d["type"] == t for _, _, d in g.edges(data=True))])
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    ax.set_xlim(-0.6, max(ncols - 1, 1) + 0.6)
    ax.set_ylim(-(nrows - 1) - 0.75, 0.45)
    ax.axis("off")
    if not g:
        ax.text(0.5, -0.2, "(nothing to show)", ha="center", fontsize=9, color="#777777")
    return fig


def _legend(fig, kinds: list[str], edge_types: list[str]) -> None:
    """Drawn by hand in its own axes: matplotlib's Legend lays out every entry
    as a separate box and costs more than the whole graph."""
    from matplotlib.collections import LineCollection
    rings = [("ok", GOOD), ("on its way", BUSY), ("failing", BAD), ("terminating", GONE)]
    rows = len(kinds) + len(edge_types) + len(rings)
    w, h = fig.get_size_inches()
    height = min(0.98, rows * 0.16 / h)
    lax = fig.add_axes((1 - 1.45 / w, 0.99 - height, 1.4 / w, height))
    lax.set_xlim(0, 1)
    lax.set_ylim(rows - 0.5, -0.5)
    lax.axis("off")
    for i, k in enumerate(kinds):
        lax.scatter([0.1], [i], marker=SHAPE.get(k, "o"), c=COLOUR.get(k, "#999"), s=60)
    segs, styles, colours = [], [], []
    for j, t in enumerate(edge_types):
        y = len(kinds) + j
        segs.append(((0.0, y), (0.2, y)))
        styles.append(EDGE_STYLE[t][0])
        colours.append(EDGE_STYLE[t][1])
    if segs:
        lax.add_collection(LineCollection(segs, linestyles=styles, colors=colours, linewidths=1.4))
    base = len(kinds) + len(edge_types)
    lax.scatter([0.1] * len(rings), [base + i for i in range(len(rings))], marker="o", c="white",
                edgecolors=[c for _, c in rings], linewidths=2.2, s=60)
    labels = kinds + edge_types + [f"ring: {t}" for t, _ in rings]
    lax.text(0.28, -0.5, "\n".join(labels), fontsize=7, va="top", ha="left", linespacing=1.62)


def to_png(fig, close: bool = True) -> bytes:
    """PNG bytes without a timestamp or version in the metadata: the same
    picture gives the same bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    if close:
        import matplotlib.pyplot as plt
        plt.close(fig)
    return buf.getvalue()


def png(cluster, title: str = "", highlight: set[str] | None = None, **filters) -> bytes:
    """The cluster's picture as PNG bytes (drawn by :mod:`kubelab.viz.render`)."""
    from .graph import build_graph
    from .render import render_png
    return render_png(build_graph(cluster, **filters), title, highlight=highlight)


def show(cluster, title: str = "", highlight: set[str] | None = None, **filters):
    """Display the graph in a notebook (as a PNG image)."""
    from IPython.display import Image, display
    display(Image(png(cluster, title, highlight, **filters)))


# ------------------------------------------------------------------ traffic path
HOP_COLOUR = {"client": "#222222", "pod": COLOUR["Pod"], "node": COLOUR["Node"], "service": COLOUR["Service"],
              "container": "#55A868", "error": BAD}


def draw_path(hops: list[dict], title: str = ""):
    """One request's path, left to right: each hop a box with the address and
    port it was sent to; the last box red when the request failed there.

    ``hops``: dicts with ``kind`` (client/node/service/pod/container/error),
    ``name`` and ``port`` (and an optional ``note``)."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    n = max(1, len(hops))
    fig = plt.figure(figsize=(max(4.0, 2.15 * n), 1.7), dpi=DPI)
    ax = fig.add_axes((0.01, 0.02, 0.98, 0.8 if title else 0.96))
    for i, hop in enumerate(hops):
        colour = HOP_COLOUR.get(hop.get("kind"), "#999999")
        ax.text(i, 0, f"{hop.get('kind', '')}\n{hop.get('name', '')}", ha="center", va="center", fontsize=7.5,
                color="white", bbox={"boxstyle": "round,pad=0.45", "fc": colour, "ec": "none"})
        if hop.get("note"):
            ax.text(i, -0.42, hop["note"], ha="center", va="top", fontsize=6.5, color=BAD if hop.get("kind") == "error" else "#444")
        if i:
            ax.annotate("", xy=(i - 0.38, 0), xytext=(i - 0.62, 0),
                        arrowprops={"arrowstyle": "->", "color": "#444", "lw": 1.3})
            port = hop.get("port")
            if port is not None:
                ax.text(i - 0.5, 0.12, f":{port}", ha="center", va="bottom", fontsize=8, color="#C44E52")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-0.8, 0.5)
    ax.axis("off")
    if title:
        fig.suptitle(title, fontsize=9, x=0.01, ha="left")
    return fig
