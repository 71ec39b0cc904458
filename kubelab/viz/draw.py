"""Pictures of the object graph with matplotlib: a layered static picture and the traffic path.

Where objects go and how they look comes from :mod:`.layout`, shared with the Pillow
renderer in :mod:`.render`.  Kind is shown by colour and marker shape, status
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

# ``layout`` and ``ring`` are part of what this module offers (tests and widgets use them).
from ..i18n import label, translate
from .graph import build_graph
from .layout import (BAD, BUSY, COLOUR, COLUMN, EDGE_STYLE, GONE, GOOD, RANK, SHAPE, edge_label,  # noqa: F401
                     layout, node_label, ring)
from .path import hop_name
from .render import render_png

ROW = 0.62           # inches per object in the fullest column
DPI = 80


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
        ax.text(x, y - 0.2, node_label(g.nodes[n]), fontsize=7, ha="center", va="top", zorder=5,
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
    labels = [translate(t) for t in kinds + edge_types + [f"ring: {t}" for t, _ in rings]]
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
    return render_png(build_graph(cluster, **filters), title, highlight=highlight)


def show(cluster, title: str = "", highlight: set[str] | None = None, **filters):
    """Display the graph in a notebook (a PNG at twice the density, shown at its CSS size)."""
    from .style import display_png
    display_png(png(cluster, title, highlight, **filters))


# ------------------------------------------------------------------ traffic path
HOP_COLOUR = {"client": "#000000", "pod": COLOUR["Pod"], "node": COLOUR["Node"], "service": "#0072B2",
              "container": GOOD, "error": BAD}


def draw_path(hops: list[dict], title: str = ""):
    """One request's path, left to right: each hop a box with the address and
    port it was sent to; a failed request ends in a box marked ✗ with the reason.

    ``hops``: dicts with ``kind`` (client/node/service/pod/container/error),
    ``name`` and ``port`` (and an optional ``note``)."""
    from . import style
    n = max(1, len(hops))
    with style.mpl():
        import matplotlib.pyplot as plt
        long_note = max((len(h.get("note") or "") for h in hops if h.get("kind") == "error"), default=0)
        fig = plt.figure(figsize=(min(11.8, max(7.2, 2.4 * n)), 2.6 + 0.25 * (long_note // 24)))
        ax = fig.add_axes((0.01, 0.02, 0.98, 0.8 if title else 0.96))
        for i, hop in enumerate(hops):
            colour = HOP_COLOUR.get(hop.get("kind"), "#999999")
            error = hop.get("kind") == "error"
            # "web-6dc5cd68db-84hhn (10.244.0.5)": the address on a line of its own
            name = "\n".join(part if len(part) <= 20 else "…" + part[-19:]
                             for part in hop_name(hop).replace(" (", "\n(").split("\n"))
            ax.text(i, 0.05, f"{'✗ ' if error else ''}{label(hop.get('kind', ''))}\n{name}", ha="center", va="center",
                    color=BAD if error else "#111111", fontweight="bold" if error else "normal",
                    bbox={"boxstyle": "round,pad=0.45", "fc": "white", "ec": colour, "lw": 2.5,
                          "ls": (0, (4, 2)) if error else "solid"})
            if hop.get("note"):
                import textwrap
                note = translate(hop["note"])
                note = note if not error else "\n".join(textwrap.wrap(note, 24))
                ax.text(i, -0.55, note, ha="center", va="top", color=BAD if error else "#444444")
            if i:
                ax.annotate("", xy=(i - 0.36, 0), xytext=(i - 0.64, 0),
                            arrowprops={"arrowstyle": "-|>", "color": "#333333", "lw": 1.5})
                port = hop.get("port")
                if port is not None:
                    ax.text(i - 0.5, 0.14, f":{port}", ha="center", va="bottom", color="#0072B2")
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_ylim(-0.9 - 0.3 * (long_note // 24), 0.5)
        ax.axis("off")
        if title:
            fig.suptitle(title, x=0.01, ha="left")
    return fig
