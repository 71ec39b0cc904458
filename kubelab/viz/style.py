"""What every picture shares: the palette, the text sizes and the pixel density.

Colours are Okabe and Ito's palette (distinguishable with the common forms of
colour blindness); no picture tells a state by colour alone — a word, a shape
or a hatch says it too.

Sizes are in CSS pixels, the unit the notebook's own text is set in
(JupyterLab's body text is 14 px): no text in a picture is smaller.  Pictures
are rendered at :data:`SCALE` device pixels per CSS pixel (sharp on
high-density screens) and displayed at their CSS width, so a picture's text is
as big as the paragraph above it at any zoom.

    >>> px(14)
    28
    >>> css_width(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR\\x00\\x00\\x06\\x40\\x00\\x00\\x01\\x00")
    800
"""
from __future__ import annotations

#: Okabe & Ito (2008), "Color Universal Design"
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
GREY, DARK, LIGHT = "#8C8C8C", "#333333", "#BBBBBB"

#: states, wherever a picture shows one: good, on its way, wrong, going away
GOOD, BUSY, BAD, GONE = GREEN, ORANGE, VERMILLION, GREY

SCALE = 2            # device pixels per CSS pixel
TEXT = 14            # CSS px: the notebook's body text; the smallest text in any picture
TITLE = 16
MAX_WIDTH = 860      # CSS px: wider pictures would be shrunk by the notebook (and their text with them)
#: matplotlib: at this dpi a point is SCALE device pixels, so ``fontsize=TEXT`` is TEXT CSS px
DPI = 72 * SCALE


def px(css: float) -> int:
    """CSS pixels to device pixels."""
    return round(css * SCALE)


def css_width(png: bytes, scale: int | None = None) -> int:
    """The width to display a PNG at (its pixel width / its scale), read from its header.
    Our PNGs say their scale in their pHYs chunk (72 dpi × scale); without one, SCALE."""
    if scale is None:
        scale = scale_of(png)
    return int.from_bytes(png[16:20], "big") // scale


def scale_of(png: bytes) -> int:
    """The pixels per CSS pixel a PNG was drawn at: from its pHYs chunk (pixels per metre
    at 72 dpi × scale), else :data:`SCALE`."""
    at = png.find(b"pHYs", 0, png.find(b"IDAT"))
    if at < 0:
        return SCALE
    per_metre = int.from_bytes(png[at + 4:at + 8], "big")
    return max(1, round(per_metre / (72 / 0.0254)))


def image(png: bytes):
    """An IPython Image shown at its CSS width (so a 2x picture is sharp, not twice as big)."""
    from IPython.display import Image
    return Image(png, width=css_width(png))


def display_png(png: bytes) -> None:
    from IPython.display import display
    display(image(png))


def rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def figure_png(fig, close: bool = True) -> bytes:
    """A matplotlib Figure as PNG bytes at :data:`DPI`, without a timestamp or version in
    the metadata: the same picture gives the same bytes."""
    import io
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    if close:
        import matplotlib.pyplot as plt
        plt.close(fig)
    return buf.getvalue()


def mpl():
    """A context for drawing a matplotlib picture: our text sizes, the Agg backend.
    (A context, not a global setting: the learner's own plots keep their defaults.)"""
    import matplotlib

    from ..i18n.fonts import families       # in Chinese, a CJK font after DejaVu Sans
    matplotlib.use("Agg", force=False)
    return matplotlib.rc_context({"font.size": TEXT, "axes.titlesize": TITLE, "axes.labelsize": TEXT,
                                  "xtick.labelsize": TEXT, "ytick.labelsize": TEXT, "legend.fontsize": TEXT,
                                  "font.family": families("DejaVu Sans"), "axes.edgecolor": DARK, "figure.dpi": DPI})
