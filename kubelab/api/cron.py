"""Cron schedules as the CronJob controller and the apiserver read them: a port
of github.com/robfig/cron/v3 (v3.0.1) ParseStandard, which Kubernetes v1.32
uses both to validate ``spec.schedule`` and to find the next run.

>>> parse_standard("*/15 9-17 * * mon-fri").next(datetime(2025, 1, 6, 9, 7, tzinfo=timezone.utc))
datetime.datetime(2025, 1, 6, 9, 15, tzinfo=datetime.timezone.utc)
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Union
from zoneinfo import ZoneInfo


class ScheduleError(ValueError):
    """A schedule robfig/cron refuses; the text is its error message."""


@dataclass(frozen=True)
class _Bounds:
    low: int
    high: int
    names: dict[str, int] | None = None


_MINUTES = _Bounds(0, 59)
_HOURS = _Bounds(0, 23)
_DOM = _Bounds(1, 31)
_MONTHS = _Bounds(1, 12, {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())})
_DOW = _Bounds(0, 6, {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())})
_STAR = 1 << 63                    # starBit: the field was "*" or "?"


def _bits(low: int, high: int, step: int) -> int:
    return sum(1 << i for i in range(low, high + 1, step))


def _all(b: _Bounds) -> int:
    return _bits(b.low, b.high, 1) | _STAR


def _atoi(expr: str) -> int:
    """mustParseInt: strconv.Atoi, then no negative numbers."""
    if not re.fullmatch(r"[+-]?[0-9]+", expr):
        raise ScheduleError(f'failed to parse int from {expr}: strconv.Atoi: parsing "{expr}": invalid syntax')
    num = int(expr)
    if num < 0:
        raise ScheduleError(f"negative number ({num}) not allowed: {expr}")
    return num


def _int_or_name(expr: str, b: _Bounds) -> int:
    if b.names and expr.lower() in b.names:
        return b.names[expr.lower()]
    return _atoi(expr)


def _range(expr: str, b: _Bounds) -> int:
    """getRange: ``number | number "-" number ["/" number]``, or ``*``/``?``."""
    range_and_step = expr.split("/")
    low_high = range_and_step[0].split("-")
    extra = 0
    if low_high[0] in ("*", "?"):
        start, end, extra = b.low, b.high, _STAR
    else:
        start = _int_or_name(low_high[0], b)
        if len(low_high) == 1:
            end = start
        elif len(low_high) == 2:
            end = _int_or_name(low_high[1], b)
        else:
            raise ScheduleError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _atoi(range_and_step[1])
        if len(low_high) == 1:
            end = b.high               # "N/step" means "N-max/step"
        if step > 1:
            extra = 0
    else:
        raise ScheduleError(f"too many slashes: {expr}")
    if start < b.low:
        raise ScheduleError(f"beginning of range ({start}) below minimum ({b.low}): {expr}")
    if end > b.high:
        raise ScheduleError(f"end of range ({end}) above maximum ({b.high}): {expr}")
    if start > end:
        raise ScheduleError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise ScheduleError(f"step of range should be a positive number: {expr}")
    return _bits(start, end, step) | extra


def _field(text: str, b: _Bounds) -> int:
    bits = 0
    for expr in (p for p in text.split(",") if p):     # strings.FieldsFunc drops empty parts
        bits |= _range(expr, b)
    return bits


@dataclass(frozen=True)
class SpecSchedule:
    """A crontab line as bit sets (robfig's SpecSchedule; seconds are always 0)."""
    minute: int
    hour: int
    dom: int
    month: int
    dow: int
    zone: tzinfo | None = None      # None: the time's own zone (robfig's time.Local)

    def _day_matches(self, t: datetime) -> bool:
        dom_match = bool(1 << t.day & self.dom)
        dow_match = bool(1 << ((t.weekday() + 1) % 7) & self.dow)      # Go: Sunday is 0
        if self.dom & _STAR or self.dow & _STAR:
            return dom_match and dow_match
        return dom_match or dow_match        # both restricted: either one will do, as in cron

    def next(self, t: datetime) -> datetime | None:
        """The first activation strictly after ``t`` (None: none within five years).

        A port of SpecSchedule.Next: find the month, then the day, hour, minute;
        when a field has to move, the smaller ones restart from their lowest value.
        """
        zone = self.zone or t.tzinfo or timezone.utc
        wall = t.astimezone(zone).replace(tzinfo=None)
        wall = wall.replace(microsecond=0) + timedelta(seconds=1)     # the upcoming second
        added = False
        year_limit = wall.year + 5
        while True:                                                      # WRAP
            if wall.year > year_limit:
                return None
            wrapped = False
            while not 1 << wall.month & self.month:
                if not added:
                    added = True
                    wall = datetime(wall.year, wall.month, 1)
                wall = (datetime(wall.year + 1, 1, 1) if wall.month == 12
                        else wall.replace(month=wall.month + 1))
                if wall.month == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not self._day_matches(wall):
                if not added:
                    added = True
                    wall = datetime(wall.year, wall.month, wall.day)
                wall += timedelta(days=1)
                if wall.day == 1:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not 1 << wall.hour & self.hour:
                if not added:
                    added = True
                    wall = wall.replace(minute=0, second=0)
                wall += timedelta(hours=1)
                if wall.hour == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            while not 1 << wall.minute & self.minute:
                if not added:
                    added = True
                    wall = wall.replace(second=0)
                wall += timedelta(minutes=1)
                if wall.minute == 0:
                    wrapped = True
                    break
            if wrapped:
                continue
            if wall.second != 0:                      # the seconds field is "0"
                if not added:
                    added = True
                wall += timedelta(seconds=60 - wall.second)
                continue                               # a new minute: check every field again
            return wall.replace(tzinfo=zone).astimezone(t.tzinfo or timezone.utc)


@dataclass(frozen=True)
class EverySchedule:
    """``@every <duration>`` (robfig's ConstantDelaySchedule): whole seconds, at least one."""
    delay: timedelta

    def next(self, t: datetime) -> datetime:
        return t.replace(microsecond=0) + self.delay


Schedule = Union[SpecSchedule, EverySchedule]

_DESCRIPTORS = {
    # minute, hour, dom, month, dow (robfig parseDescriptor)
    "@yearly": (1, 1, 1 << 1, 1 << 1, _all(_DOW)),
    "@annually": (1, 1, 1 << 1, 1 << 1, _all(_DOW)),
    "@monthly": (1, 1, 1 << 1, _all(_MONTHS), _all(_DOW)),
    "@weekly": (1, 1, _all(_DOM), _all(_MONTHS), 1),
    "@daily": (1, 1, _all(_DOM), _all(_MONTHS), _all(_DOW)),
    "@midnight": (1, 1, _all(_DOM), _all(_MONTHS), _all(_DOW)),
    "@hourly": (1, _all(_HOURS), _all(_DOM), _all(_MONTHS), _all(_DOW)),
}

_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_go_duration(text: str) -> float:
    """time.ParseDuration, in seconds: ``1h30m``, ``90s``, ``1.5h``, ``-2m``."""
    quoted = json.dumps(text, ensure_ascii=False)
    s, sign = text, 1.0
    if s and s[0] in "+-":
        sign, s = (-1.0 if s[0] == "-" else 1.0), s[1:]
    if s == "0":
        return 0.0
    if not s:
        raise ScheduleError(f"time: invalid duration {quoted}")
    total = 0.0
    while s:
        m = re.match(r"([0-9]*)(\.[0-9]*)?", s)
        number = m.group(0)
        if not number or number == "." or not re.search(r"[0-9]", number):
            raise ScheduleError(f"time: invalid duration {quoted}")
        s = s[len(number):]
        unit = re.match(r"[^0-9.]*", s).group(0)
        if not unit:
            raise ScheduleError(f"time: missing unit in duration {quoted}")
        if unit not in _UNITS:
            raise ScheduleError(f"time: unknown unit {json.dumps(unit, ensure_ascii=False)} in duration {quoted}")
        s = s[len(unit):]
        total += float(number) * _UNITS[unit]
    return sign * total


def load_location(name: str) -> tzinfo:
    """time.LoadLocation: "" and "UTC" are UTC ("Local" is the controller's, UTC here)."""
    if name in ("", "UTC", "Local"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        raise ScheduleError(f"unknown time zone {name}") from None


def parse_standard(spec: str) -> Schedule:
    """cron.ParseStandard: five fields (minute hour day-of-month month day-of-week),
    names for months and weekdays, ``*``/``?``, ranges, steps, lists; the
    descriptors @yearly @annually @monthly @weekly @daily @midnight @hourly and
    ``@every <duration>``; an optional ``TZ=<zone>`` or ``CRON_TZ=<zone>`` prefix.

    >>> parse_standard("* * *")
    Traceback (most recent call last):
    ...
    kubelab.api.cron.ScheduleError: expected exactly 5 fields, found 3: [* * *]
    """
    if not spec:
        raise ScheduleError("empty spec string")
    zone: tzinfo | None = None
    if spec.startswith(("TZ=", "CRON_TZ=")):
        space, eq = spec.find(" "), spec.find("=")
        name = spec[eq + 1:space] if space >= 0 else spec[eq + 1:]
        try:
            zone = load_location(name)
        except ScheduleError as err:
            raise ScheduleError(f"provided bad location {name}: {err}") from None
        spec = spec[space:].strip() if space >= 0 else ""
    if spec.startswith("@"):
        if spec in _DESCRIPTORS:
            return SpecSchedule(*_DESCRIPTORS[spec], zone=zone)
        if spec.startswith("@every "):
            try:
                seconds = parse_go_duration(spec[len("@every "):])
            except ScheduleError as err:
                raise ScheduleError(f"failed to parse duration {spec}: {err}") from None
            return EverySchedule(timedelta(seconds=max(1, int(seconds))))
        raise ScheduleError(f"unrecognized descriptor: {spec}")
    fields = spec.split()
    if len(fields) != 5:
        raise ScheduleError(f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]")
    return SpecSchedule(_field(fields[0], _MINUTES), _field(fields[1], _HOURS), _field(fields[2], _DOM),
                        _field(fields[3], _MONTHS), _field(fields[4], _DOW), zone=zone)
