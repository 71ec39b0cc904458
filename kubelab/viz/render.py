"""The graph picture drawn straight into a PNG with Pillow.

Matplotlib lays out every text through its font shaper and took ~300 ms for a
course-sized picture on a 2-core machine; drawing the same picture with
Pillow takes a few tens of milliseconds, fast enough to redraw on every step
of the clock.  Same layout, colours and shapes as :func:`kubelab.viz.draw.draw`
(which stays for anyone who wants a matplotlib Axes to compose).

The font is the DejaVu Sans that ships inside matplotlib and text uses
Pillow's basic layout, so the bytes do not depend on the machine.

Sizes are CSS pixels (:mod:`.style`): text at the notebook's 14 px, drawn at
twice the density (``style.css_width`` gives the width to show it at).  Each
column is as wide as its widest label plus room for the arrows and their
words, and names are shortened in the middle until the picture fits the
notebook's column.  The PNG is mapped to a fixed palette (:func:`palette`):
several times faster than finding one per picture, and the same bytes for
the same graph.
"""
from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

import networkx as nx

from ..i18n import Words, get_lang, translate
from ..i18n.fonts import font_path as cjk_font_path
from . import style
from .layout import (BAD, BUSY, COLOUR, COLUMN, EDGE_STYLE, GONE, GOOD, RANK, SHAPE, edge_label, layout,
                     node_label, ring)

#: a picture up to this area (CSS px²) is drawn at style.SCALE pixels per CSS pixel (sharp on
#: high-density screens); a bigger one (a cluster of many pods, in a live view) at 1, which
#: keeps its redraw within the 100 ms budget (text is the same size either way)
DENSE_AREA = 860 * 1500
# CSS px: a column's least width, the row height, margins; text is style.TEXT
MIN_CW, RH, LEFT, TOP = 120, 80, 16, 30
GAP = 56              # CSS px between the widest labels of two columns: room for the arrows
R = 12                # marker radius, CSS px
DASH = {"solid": None, "dashed": (7, 4), "dotted": (2, 3), "dashdot": (7, 3, 2, 3)}
#: every word the picture prints besides names and states (one place, for translation)
WORDS = Words({"ring": "ring: {name}", "nothing": "(nothing to show)", "ok": "ok", "on its way": "on its way",
               "failing": "failing", "terminating": "terminating"})


def font(size: int, scale: int = 1):
    return _font(size, scale, get_lang())


@lru_cache(maxsize=16)
def _font(size: int, scale: int, lang: str):
    from PIL import ImageFont
    import matplotlib
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    if lang == "zh":                # PIL has no glyph fallback: the CJK font draws every word
        path = cjk_font_path() or path
    return ImageFont.truetype(str(path), size * scale, layout_engine=ImageFont.Layout.BASIC)


_rgb = style.rgb


def marker(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]] | None:
    """Polygon points of a matplotlib-style marker (None: a circle)."""
    def regular(n: int, start: float, rad: float = r) -> list[tuple[float, float]]:
        return [(x + rad * math.cos(start + 2 * math.pi * i / n), y - rad * math.sin(start + 2 * math.pi * i / n))
                for i in range(n)]
    if shape == "o":
        return None
    if shape == "s":
        k = r * 0.85
        return [(x - k, y - k), (x + k, y - k), (x + k, y + k), (x - k, y + k)]
    if shape == "D":
        return regular(4, math.pi / 2)
    if shape == "h":
        return regular(6, math.pi / 2)
    if shape == "^":
        return regular(3, math.pi / 2, r * 1.15)
    if shape == "v":
        return regular(3, -math.pi / 2, r * 1.15)
    if shape == "<":
        return regular(3, math.pi, r * 1.15)
    if shape == "p":
        return regular(5, math.pi / 2)
    if shape == "8":
        return regular(8, math.pi / 8)
    if shape == "*":
        pts = []
        for i in range(10):
            rad = r * 1.15 if i % 2 == 0 else r * 0.5
            a = math.pi / 2 + math.pi * i / 5
            pts.append((x + rad * math.cos(a), y - rad * math.sin(a)))
        return pts
    if shape in ("X", "P"):
        w, k = r * 0.38, r
        plus = [(-w, -k), (w, -k), (w, -w), (k, -w), (k, w), (w, w), (w, k), (-w, k), (-w, w), (-k, w), (-k, -w), (-w, -w)]
        a = math.pi / 4 if shape == "X" else 0.0
        c, s = math.cos(a), math.sin(a)
        return [(x + px * c - py * s, y + px * s + py * c) for px, py in plus]
    return None


def _shape(d, shape: str, x: float, y: float, r: float, fill, outline, width: int) -> None:
    pts = marker(shape, x, y, r)
    if pts is None:
        d.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width)
    else:
        d.polygon(pts, fill=fill)
        d.line(pts + [pts[0], pts[1]], fill=outline, width=width, joint="curve")


def _line(d, p0, p1, style, colour, width: int, unit: float = 3.2) -> None:
    pattern = DASH.get(style) if isinstance(style, str) else tuple(style[1])
    if pattern is None:
        d.line([p0, p1], fill=colour, width=width)
        return
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    if not length:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    pos, i = 0.0, 0
    while pos < length:
        seg = pattern[i % len(pattern)] * unit
        if i % 2 == 0:
            end = min(length, pos + seg)
            d.line([(x0 + ux * pos, y0 + uy * pos), (x0 + ux * end, y0 + uy * end)], fill=colour, width=width)
        pos += seg
        i += 1


def size_of(g: nx.DiGraph, pos: dict) -> tuple[int, int, int]:
    ncols = max((int(x) for x, _ in pos.values()), default=0) + 1
    nrows = int(max((-y for _, y in pos.values()), default=0)) + 1
    return ncols, nrows, 0


def _columns(g: nx.DiGraph, pos: dict, limit: int) -> dict[int, float]:
    """The x of each column's centre, CSS px: each column as wide as its widest label
    plus a gap for the arrows, and wider where words sit on the edges coming in."""
    f = font(style.TEXT)
    widths: dict[int, float] = {}
    for n in g:
        c = int(pos[n][0])
        for line in node_label(g.nodes[n], limit).split("\n"):
            widths[c] = max(widths.get(c, MIN_CW), f.getlength(line) + GAP)
    extra: dict[int, float] = {}
    for u, v, d in g.edges(data=True):
        text = edge_label({**d, "from_client": g.nodes[u]["kind"] == "Client"})
        if text:
            c = max(int(pos[u][0]), int(pos[v][0]))
            need = max(f.getlength(line) for line in text.split("\n"))
            extra[c] = max(extra.get(c, 0.0), need + 20 - GAP)
    xs, x = {}, LEFT
    for c in range(max(widths, default=0) + 1):
        if c not in widths:
            continue                     # an empty column takes no room
        w = widths[c] + max(0.0, extra.get(c, 0.0))
        xs[c] = x + w / 2 + max(0.0, extra.get(c, 0.0)) / 2
        x += w
    xs[-1] = x - GAP / 2 + LEFT          # the right edge of the picture
    return xs


def fit_columns(g: nx.DiGraph, pos: dict) -> tuple[int, dict[int, float]]:
    """The longest name (characters) and the column centres that keep the picture
    within the notebook's width: names are shortened further until it fits."""
    used = len({int(x) for x, _ in pos.values()})
    limit = max(12, min(36, 22 + 7 * (4 - used)) if used <= 4 else 22 - 3 * (used - 4))
    while True:
        xs = _columns(g, pos, limit)
        if xs[-1] <= style.MAX_WIDTH or limit <= 12:
            return limit, xs
        limit -= 2


def _legend_items(kinds: list[str], edge_types: list[str], rings: set[str]) -> list[tuple[str, str, str]]:
    """(what, key, words) for the legend below the picture: what the picture uses, nothing more."""
    items = [("kind", k, k) for k in kinds] + [("edge", t, translate(t)) for t in edge_types]
    return items + [("ring", name, WORDS["ring"].format(name=WORDS[name])) for name, colour in RINGS.items()
                    if colour in rings]


def render_png(g: nx.DiGraph, title: str = "", highlight: set[str] | None = None, scale: int | None = None) -> bytes:
    """The picture as PNG bytes (same graph, same bytes), at ``scale`` pixels per CSS pixel
    (default :data:`style.SCALE`, 1 for a picture bigger than :data:`DENSE_AREA`): show it
    at ``style.css_width(png, scale)``, its text is then the notebook's size."""
    from PIL import Image, ImageDraw
    pos = layout(g)
    ncols, nrows, _ = size_of(g, pos)
    limit, colx = fit_columns(g, pos)
    kinds = sorted({g.nodes[n]["kind"] for n in g}, key=lambda k: (COLUMN.get(k, 2), RANK.get(k, 0), k))
    used = [t for t in EDGE_STYLE if any(d["type"] == t for _, _, d in g.edges(data=True))]
    items = _legend_items(kinds, used, {ring(g.nodes[n]) for n in g})
    width = int(max(colx.pop(-1), 420))
    f = font(style.TEXT)
    # legend: rows of items as wide as the picture allows
    legend_rows, row, x = [], [], 0.0
    for it in items:
        w = 26 + f.getlength(it[2]) + 18
        if row and x + w > width - 2 * LEFT:
            legend_rows.append(row)
            row, x = [], 0.0
        row.append((it, x))
        x += w
    if row:
        legend_rows.append(row)
    graph_h = TOP + (12 if title else 0) + nrows * RH + 20
    height = int(graph_h + 24 * len(legend_rows) + 10)
    if scale is None:
        scale = style.SCALE if width * height <= DENSE_AREA else 1
    S = scale
    im = Image.new("RGB", (width * S, height * S), "white")
    d = ImageDraw.Draw(im)
    highlight = highlight or set()
    top = TOP + (12 if title else 0)

    def xy(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return colx[int(x)] * S, (top + 14 + (-y) * RH) * S

    for etype, (estyle, colour) in EDGE_STYLE.items():
        rgb = _rgb(colour)
        for u, v, dd in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
            if dd["type"] != etype:
                continue
            (x0, y0), (x1, y1) = xy(u), xy(v)
            w = (3 if u in highlight and v in highlight else 1.5) * S
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            tip = (x1 - ux * (R + 3) * S, y1 - uy * (R + 3) * S)
            _line(d, (x0 + ux * R * S, y0 + uy * R * S), tip, estyle, rgb, round(w), 1.6 * S)
            back, side = 9 * S, 4 * S
            bx, by = tip[0] - ux * back, tip[1] - uy * back
            d.polygon([tip, (bx - uy * side, by + ux * side), (bx + uy * side, by - ux * side)], fill=rgb)
    for n in sorted(g):
        attrs = g.nodes[n]
        x, y = xy(n)
        r = (R + 3 if n in highlight else R) * S
        _shape(d, SHAPE.get(attrs["kind"], "o"), x, y, r, _rgb(COLOUR.get(attrs["kind"], "#999999")),
               _rgb(ring(attrs)), 3 * S)
    ly = graph_h
    for legend_row in legend_rows:
        for (what, key, _), x in legend_row:
            _legend_mark(d, what, key, (LEFT + x) * S, ly * S, S)
        ly += 24
    out = im

    def P(css: float) -> int:
        return round(css * S)

    at = xy

    text_font = font(P(style.TEXT))
    for u, v, dd in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        text = edge_label({**dd, "from_client": g.nodes[u]["kind"] == "Client"})
        if not text:
            continue
        (x0, y0), (x1, y1) = at(u), at(v)
        cx, cy = round(x0 + (x1 - x0) * 0.45), round(y0 + (y1 - y0) * 0.45)
        box = d.multiline_textbbox((cx, cy), text, font=text_font, anchor="mm", align="center")
        d.rectangle((box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2), fill="white")
        d.multiline_text((cx, cy), text, font=text_font, anchor="mm", align="center",
                         fill=_rgb(EDGE_STYLE[dd["type"]][1]))
    for n in sorted(g):
        attrs = g.nodes[n]
        x, y = at(n)
        colour = _rgb(GONE) if attrs.get("status") == "Terminating" else (17, 17, 17)
        label, where = node_label(attrs, limit), (round(x), round(y + P(R + 3)))
        box = d.multiline_textbbox(where, label, font=text_font, anchor="ma", align="center", spacing=P(1))
        d.rectangle((box[0] - P(2), box[1] - P(1), box[2] + P(2), box[3] + P(1)), fill="white")  # edges pass under
        d.multiline_text(where, label, font=text_font, fill=colour, anchor="ma", align="center", spacing=P(1))
    ly = graph_h
    for legend_row in legend_rows:
        for (_, _, words), x in legend_row:
            d.text((P(LEFT + x + 24), P(ly)), words, font=text_font, anchor="lm", fill=(17, 17, 17))
        ly += 24
    if title:
        d.text((P(8), P(6)), title, font=font(P(style.TITLE)), fill=(0, 0, 0))
    if not g:
        d.text((P(LEFT), P(top + 30)), WORDS["nothing"], font=text_font, fill=(119, 119, 119))
    buf = io.BytesIO()
    # A 64-colour palette image encodes about 2.5x faster than RGB (and is a
    # third of the size); the picture has few colours, so nothing is lost.
    out.quantize(palette=palette(), dither=Image.Dither.NONE).save(buf, format="PNG", compress_level=1,
                                                                  dpi=(72 * S, 72 * S))
    return buf.getvalue()


@lru_cache(maxsize=1)
def palette():
    """A fixed palette: white, and each colour the pictures use blended with white in
    16 steps (what antialiased edges and glyphs are made of).  Mapping to a known
    palette is several times faster than finding one for every picture."""
    from PIL import Image
    bases = [style.BLACK, style.ORANGE, style.SKY, style.GREEN, style.YELLOW, style.BLUE, style.VERMILLION,
             style.PURPLE, style.GREY, style.DARK, style.LIGHT, "#111111", "#777777", "#5A5A5A"]
    colours = [(255, 255, 255)]
    for base in bases:
        rgb = style.rgb(base)
        blends = [tuple(round(255 + (c - 255) * k / 16) for c in rgb) for k in range(1, 17)]
        # nothing next to white: Pillow maps to a palette through a coarse colour cache, and
        # a near-white entry would catch the white background
        colours += [c for c in blends if min(c) < 236]
    colours += [(v, v, v) for v in (240, 246)]     # the faintest edge of grey text stays grey
    flat = [v for c in colours[:256] for v in c]
    im = Image.new("P", (1, 1))
    im.putpalette(flat + [0] * (768 - len(flat)))
    return im


RINGS = {"ok": GOOD, "on its way": BUSY, "failing": BAD, "terminating": GONE}


def _legend_mark(d, what: str, key: str, x: float, y: float, S: int) -> None:
    """One legend item's mark, left edge ``x``, centre line ``y`` (drawing pixels)."""
    if what == "kind":
        _shape(d, SHAPE.get(key, "o"), x + 9 * S, y, 7 * S, _rgb(COLOUR.get(key, "#999999")), (255, 255, 255), S)
    elif what == "edge":
        estyle, colour = EDGE_STYLE[key]
        _line(d, (x, y), (x + 20 * S, y), estyle, _rgb(colour), 2 * S, 1.6 * S)
    else:
        d.ellipse((x + 2 * S, y - 7 * S, x + 16 * S, y + 7 * S), outline=_rgb(RINGS[key]), width=3 * S)
