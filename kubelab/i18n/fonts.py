"""A font with Chinese glyphs for the pictures, registered with matplotlib only when the
language is Chinese (the English pictures keep matplotlib's default, byte for byte).

The font is Noto Sans CJK SC (SIL Open Font License), shipped by the PyPI package
``mplfonts``, a dependency of kubelab: no system font and no download is needed, on Binder
or anywhere else. Only the font file is used; mplfonts itself is not imported.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

FAMILY = "Noto Sans CJK SC"
_FILE = "NotoSansCJKsc-Regular.otf"


def font_path() -> Path | None:
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / _FILE
    return path if path.is_file() else None


def register_cjk_font() -> bool:
    """Add the CJK font to matplotlib, after the default family: Latin text keeps its usual
    look, Chinese characters fall back to the CJK font (matplotlib ≥ 3.6 falls back glyph by
    glyph). False when the font is not installed."""
    path = font_path()
    if path is None:
        return False
    import matplotlib
    from matplotlib import font_manager

    if FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    # matplotlib resolves a generic family ("sans-serif") to one font only; glyph-by-glyph
    # fallback works across the *listed* families, so the CJK family is listed after them.
    families = list(matplotlib.rcParams["font.family"])
    if FAMILY not in families:
        matplotlib.rcParams["font.family"] = families + [FAMILY]
    return True


def families(base: str = "DejaVu Sans") -> str | list[str]:
    """The font families for a picture's ``font.family``: `base`, and in Chinese the CJK
    family after it (registered on first use), so each Chinese character falls back to it."""
    from . import get_lang
    if get_lang() == "zh" and register_cjk_font():
        return [base, FAMILY]
    return base
