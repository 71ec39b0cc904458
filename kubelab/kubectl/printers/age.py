"""Human-readable durations, as k8s.io/apimachinery/pkg/util/duration prints them.

``HumanDuration`` is what every AGE column, "LAST SEEN", a Job's DURATION and
describe's event ages use.  It keeps two or three significant figures, so the
format changes with the size of the duration:

>>> [human_duration(s) for s in (5, 119, 125, 600, 3 * 3600 + 120, 9 * 3600, 3 * 86400 + 7200)]
['5s', '119s', '2m5s', '10m', '3h2m', '9h', '3d2h']
>>> short_human_duration(3 * 86400 + 7200)
'3d'
"""
from __future__ import annotations

from kubelab.clock import parse_timestamp

__all__ = ["human_duration", "short_human_duration", "age", "translate_timestamp_since"]

_MINUTE = 60
_HOUR = 3600
_DAY = 24 * _HOUR


def _go_int(x: float) -> int:
    """Go's int(float) and integer Duration division both truncate toward zero."""
    return int(x)


def short_human_duration(seconds: float) -> str:
    """duration.ShortHumanDuration: one unit only ("5s", "3m", "4h", "2d", "1y")."""
    s = _go_int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60:
        return f"{s}s"
    minutes = _go_int(seconds / _MINUTE)
    if minutes < 60:
        return f"{minutes}m"
    hours = _go_int(seconds / _HOUR)
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{_go_int(seconds / _HOUR / 24 / 365)}y"


def human_duration(seconds: float) -> str:
    """duration.HumanDuration, threshold for threshold.

    Seconds up to 2 minutes ("119s"), minutes and seconds under 10 minutes
    ("9m59s"), minutes under 3 hours ("179m"), hours and minutes under 8 hours,
    hours under 2 days ("47h"), days and hours under 8 days, days under 2 years,
    years and days under 8 years, then years.  A small negative skew (-1s) reads
    as "0s"; anything earlier is "<invalid>".
    """
    s = _go_int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60 * 2:
        return f"{s}s"
    minutes = _go_int(seconds // _MINUTE)
    if minutes < 10:
        sec = _go_int(seconds) % 60
        return f"{minutes}m" if sec == 0 else f"{minutes}m{sec}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = _go_int(seconds // _HOUR)
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def translate_timestamp_since(timestamp: str | None, now: float) -> str:
    """printers.go translateTimestampSince: "<unknown>" for a missing timestamp.

    ``now`` is simulated seconds since kubelab.clock.EPOCH.
    """
    if not timestamp:
        return "<unknown>"
    return human_duration(now - parse_timestamp(timestamp))


def age(timestamp: str | None, now: float | str) -> str:
    """The AGE of an object created at ``timestamp`` (RFC 3339), seen at ``now``.

    ``now`` may be simulated seconds or an RFC 3339 timestamp.

    >>> age("2025-01-06T09:00:00Z", "2025-01-06T09:02:05Z")
    '2m5s'
    """
    if isinstance(now, str):
        now = parse_timestamp(now)
    return translate_timestamp_since(timestamp, now)
