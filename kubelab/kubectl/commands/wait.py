"""kubectl wait, and Go duration parsing for --timeout flags."""
from __future__ import annotations

import re

from ..cli import CommandError

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(text: str) -> float:
    """time.ParseDuration: "30s", "1m30s", "2h", "0"."""
    text = (text or "0").strip()
    if text in ("0", ""):
        return 0.0
    parts = re.findall(r"([0-9.]+)(ns|us|µs|ms|s|m|h)", text)
    if not parts or "".join(a + b for a, b in parts) != text.lstrip("+"):
        raise CommandError(f'error: time: invalid duration "{text}"')
    return sum(float(n) * _UNITS[u] for n, u in parts)
