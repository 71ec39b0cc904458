"""The graph picture drawn straight into a PNG with Pillow.

Matplotlib lays out every text through its font shaper and took ~300 ms for a
course-sized picture on a 2-core machine; drawing the same picture with
Pillow takes a few tens of milliseconds, fast enough to redraw on every step
of the clock.  Same layout, colours and shapes as :func:`kubelab.viz.draw.draw`
(which stays for anyone who wants a matplotlib Axes to compose).

The font is the DejaVu Sans that ships inside matplotlib and text uses
Pillow's basic layout, so the bytes do not depend on the machine.
"""
from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

import networkx as nx

from ..i18n import get_lang, translate
from ..i18n.fonts import font_path as cjk_font_path

from .layout import (BAD, BUSY, COLOUR, COLUMN, EDGE_STYLE, GONE, GOOD, RANK, SHAPE, edge_label, layout,
                     node_label, ring)

S = 2                 # supersampling: draw at twice the size, then halve (smooth lines)
CW, RH = 205, 54      # column width and row height in output pixels
LEFT, TOP = 70, 34
LEGEND_W = 150
R = 13                # marker radius
DASH = {"solid": None, "dashed": (7, 4), "dotted": (2, 3), "dashdot": (7, 3, 2, 3)}


def font(size: int, scale: int = 1):
    return _font(size, scale, get_lang())


@lru_cache(maxsize=16)
def _font(size: int, scale: int, lang: str):
    from PIL import ImageFont
    import matplotlib
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    if get_lang() == "zh":          # PIL has no glyph fallback: the CJK font draws every word
        path = cjk_font_path() or path
    return ImageFont.truetype(str(path), size * scale, layout_engine=ImageFont.Layout.BASIC)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


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


def _line(d, p0, p1, style, colour, width: int) -> None:
    pattern = DASH.get(style) if isinstance(style, str) else tuple(style[1])
    if pattern is None:
        d.line([p0, p1], fill=colour, width=width)
        return
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    if not length:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    pos, i, unit = 0.0, 0, S * 1.6
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


def render_png(g: nx.DiGraph, title: str = "", highlight: set[str] | None = None) -> bytes:
    """The picture as PNG bytes (same graph, same bytes)."""
    from PIL import Image, ImageDraw
    pos = layout(g)
    ncols, nrows, _ = size_of(g, pos)
    kinds = sorted({g.nodes[n]["kind"] for n in g}, key=lambda k: (COLUMN.get(k, 2), RANK.get(k, 0), k))
    used = [t for t in EDGE_STYLE if any(d["type"] == t for _, _, d in g.edges(data=True))]
    legend_rows = len(kinds) + len(used) + 4
    width = LEFT + ncols * CW + LEGEND_W
    height = max(TOP + nrows * RH + 10, TOP + legend_rows * 15 + 10, 150)
    im = Image.new("RGB", (width * S, height * S), "white")
    d = ImageDraw.Draw(im)
    highlight = highlight or set()

    def xy(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return ((LEFT + x * CW) * S, (TOP + 18 + (-y) * RH) * S)

    for etype, (style, colour) in EDGE_STYLE.items():
        rgb = _rgb(colour)
        for u, v, dd in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
            if dd["type"] != etype:
                continue
            (x0, y0), (x1, y1) = xy(u), xy(v)
            w = (4 if u in highlight and v in highlight else 2) * S // 2 + S // 2
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            tip = (x1 - ux * (R + 3) * S, y1 - uy * (R + 3) * S)
            _line(d, (x0 + ux * R * S, y0 + uy * R * S), tip, style, rgb, w)
            back, side = 9 * S, 4 * S
            bx, by = tip[0] - ux * back, tip[1] - uy * back
            d.polygon([tip, (bx - uy * side, by + ux * side), (bx + uy * side, by - ux * side)], fill=rgb)
    for n in sorted(g):
        attrs = g.nodes[n]
        x, y = xy(n)
        r = (R + 3 if n in highlight else R) * S
        _shape(d, SHAPE.get(attrs["kind"], "o"), x, y, r, _rgb(COLOUR.get(attrs["kind"], "#999999")),
               _rgb(ring(attrs)), 3 * S)
    _legend_marks(d, kinds, used, (LEFT + ncols * CW - 20) * S, 8 * S)
    # Text goes on after halving: glyphs are smooth already, and drawing them
    # at 1x costs a quarter of the pixels.
    out = im.reduce(S)
    d = ImageDraw.Draw(out)

    def at(n: str) -> tuple[float, float]:
        x, y = xy(n)
        return x / S, y / S

    small = font(9)
    for u, v, dd in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        text = edge_label({**dd, "from_client": g.nodes[u]["kind"] == "Client"})
        if not text:
            continue
        (x0, y0), (x1, y1) = at(u), at(v)
        cx, cy = round(x0 + (x1 - x0) * 0.6), round(y0 + (y1 - y0) * 0.6)
        box = d.textbbox((cx, cy), text, font=small, anchor="mm")
        d.rectangle((box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1), fill="white")
        d.text((cx, cy), text, font=small, anchor="mm", fill=_rgb(EDGE_STYLE[dd["type"]][1]))
    label_font = font(10)
    for n in sorted(g):
        attrs = g.nodes[n]
        x, y = at(n)
        colour = _rgb(GONE) if attrs.get("status") == "Terminating" else (17, 17, 17)
        d.multiline_text((round(x), round(y + R + 3)), node_label(attrs), font=label_font, fill=colour, anchor="ma",
                         align="center", spacing=1)
    _legend_text(d, kinds, used, LEFT + ncols * CW - 20, 8)
    if title:
        d.text((8, 6), title, font=font(12), fill=(0, 0, 0))
    if not g:
        d.text((LEFT, TOP + 30), "(nothing to show)", font=label_font, fill=(119, 119, 119))
    buf = io.BytesIO()
    # A 64-colour palette image encodes about 2.5x faster than RGB (and is a
    # third of the size); the picture has few colours, so nothing is lost.
    out.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _legend_rows(kinds: list[str], edge_types: list[str]) -> list[tuple[str, str]]:
    rows = [("kind", k) for k in kinds] + [("edge", t) for t in edge_types]
    return rows + [("ring", label) for label in RINGS]


RINGS = {"ok": GOOD, "on its way": BUSY, "failing": BAD, "terminating": GONE}


def _legend_marks(d, kinds: list[str], edge_types: list[str], x: float, y: float) -> None:
    for what, name in _legend_rows(kinds, edge_types):
        if what == "kind":
            _shape(d, SHAPE.get(name, "o"), x + 7 * S, y + 7 * S, 5 * S, _rgb(COLOUR.get(name, "#999999")),
                   (255, 255, 255), S)
        elif what == "edge":
            style, colour = EDGE_STYLE[name]
            _line(d, (x, y + 7 * S), (x + 15 * S, y + 7 * S), style, _rgb(colour), 2 * S)
        else:
            d.ellipse((x + 2 * S, y + 2 * S, x + 12 * S, y + 12 * S), outline=_rgb(RINGS[name]), width=2 * S)
        y += 15 * S


def _legend_text(d, kinds: list[str], edge_types: list[str], x: float, y: float) -> None:
    f = font(9)
    for what, name in _legend_rows(kinds, edge_types):
        d.text((x + 18, y + 1), translate(f"ring: {name}" if what == "ring" else name), font=f, fill=(17, 17, 17))
        y += 15


