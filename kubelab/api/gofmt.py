"""How Go spells strings and floats where kubectl and the apiserver print them.

* ``go_quote``: ``%q`` / strconv.Quote.
* ``go_json``: json.Marshal of a map: sorted keys, no spaces, ``<>&`` and U+2028/U+2029
  escaped, floats as encoding/json writes them.
* ``format_float``: strconv.FormatFloat(f, 'g', -1, bits): the shortest digits that read back
  as the same float, in exponent form when the exponent is below -4 or at least 6
  (``eprec = 6`` for the shortest precision, strconv/ftoa.go): ``1e+06``, ``1.5e-07``.
* ``json_float``: encoding/json: fixed notation from 1e-6 up to 1e21, exponent form outside
  with ``e-07`` cleaned to ``e-7``: ``10000000000000000``, ``1e+21``.
* ``yaml_float``: what kubectl's YAML shows for a float: sigs.k8s.io/yaml writes the JSON text,
  go-yaml v2 reads it back (an integral number that fits int64 or uint64 becomes an integer)
  and writes a float with FormatFloat 'g': ``1e16`` → ``10000000000000000``,
  ``1000000.5`` → ``1.0000005e+06``, ``5e20`` → ``5e+20`` (checked with ``kubectl kustomize``).

>>> [format_float(x) for x in (1e16, 1e6, 123456.0, 0.0001, 0.00001)]
['1e+16', '1e+06', '123456', '0.0001', '1e-05']
>>> [yaml_float(x) for x in (1e16, 1000000.5, 5e20, 1e-6)]
['10000000000000000', '1.0000005e+06', '5e+20', '1e-06']
"""
from __future__ import annotations

import decimal
import json
import math
import struct

__all__ = ["go_quote", "go_json", "format_float", "json_float", "yaml_float", "yaml_number"]

_NAMED = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
          "\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\"}


def go_quote(s: str) -> str:
    """Go's %q (strconv.Quote): printable characters kept, the others escaped.

    >>> print(go_quote("\\ufeffA\\n"))
    "\\ufeffA\\n"
    """
    out = []
    for ch in s:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def go_json(value) -> str:
    """json.Marshal as Go writes it (the content hashes of generated names depend on it).

    >>> print(go_json({"b": 1.0, "a": "<x>", "c": [True, None, 0.5]}))
    {"a":"\\u003cx\\u003e","b":1,"c":[true,null,0.5]}
    """
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json(str(k))}:{go_json(value[k])}" for k in sorted(value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    if isinstance(value, float):
        return json_float(value)
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        for ch, esc in _JSON_ESCAPES:
            text = text.replace(ch, esc)
    return text


def _shortest(f: float, bits: int) -> tuple[str, int]:
    """The shortest decimal digits of |f| that read back as the same float of ``bits`` bits,
    and the position of the decimal point (Go's decimal.nd digits and dp)."""
    if bits == 32:
        f32 = struct.unpack("f", struct.pack("f", f))[0]
        for p in range(1, 10):
            text = f"{abs(f32):.{p}e}"
            if struct.unpack("f", struct.pack("f", float(text)))[0] == abs(f32):
                break
    else:
        text = repr(abs(f))
    _, digits, exp = decimal.Decimal(text).as_tuple()
    all_digits = "".join(map(str, digits))
    ds = all_digits.lstrip("0")
    if not ds:
        return "", 0
    dp = len(all_digits) + exp - (len(all_digits) - len(ds))
    return ds.rstrip("0"), dp


def _special(f: float) -> str | None:
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    return None


def _fmt_e(neg: bool, ds: str, dp: int) -> str:
    ds = ds or "0"
    x = dp - 1 if ds != "0" else 0
    mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
    return f"{'-' if neg else ''}{mant}e{'-' if x < 0 else '+'}{abs(x):02d}"


def _fmt_f(neg: bool, ds: str, dp: int) -> str:
    if dp <= 0:
        text = "0" + ("." + "0" * -dp + ds if ds else "")
    elif dp >= len(ds):
        text = ds + "0" * (dp - len(ds))
    else:
        text = ds[:dp] + "." + ds[dp:]
    return ("-" if neg else "") + (text or "0")


def format_float(f: float, bits: int = 64) -> str:
    """strconv.FormatFloat(f, 'g', -1, bits)."""
    special = _special(f)
    if special:
        return special
    ds, dp = _shortest(f, bits)
    neg = math.copysign(1.0, f) < 0
    if ds and (dp - 1 < -4 or dp - 1 >= 6):
        return _fmt_e(neg, ds, dp)
    return _fmt_f(neg, ds, dp)


def json_float(f: float) -> str:
    """encoding/json's floatEncoder for a float64 (NaN and infinities are refused there)."""
    ds, dp = _shortest(f, 64)
    neg = math.copysign(1.0, f) < 0
    if f != 0 and (abs(f) < 1e-6 or abs(f) >= 1e21):
        text = _fmt_e(neg, ds, dp)
        if text[-4:-1] == "e-0":         # clean up e-09 to e-9
            text = text[:-2] + text[-1]
        return text
    return _fmt_f(neg, ds, dp)


def yaml_number(f: float) -> int | float:
    """A float after the JSON text round trip that go-yaml v2 reads: an integral number that
    fits int64 or uint64 is an integer (resolve.go tries ParseInt, then ParseUint)."""
    if math.isnan(f) or math.isinf(f):
        return f
    text = json_float(f)
    if "." not in text and "e" not in text:
        value = int(text)
        if -2**63 <= value < 2**64:
            return value
    return f


def yaml_float(f: float) -> str:
    """What go-yaml v2 writes for a float value that came through JSON (encode.go floatv)."""
    n = yaml_number(f)
    if isinstance(n, int):
        return str(n)
    return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(format_float(n), format_float(n))


def go_duration(seconds: float) -> str:
    """time.Duration's String after truncation to milliseconds, as the kubelet's
    events and back-off messages print it.

    >>> [go_duration(s) for s in (0, 0.45, 1.5, 123.25, 300, 3725)]
    ['0s', '450ms', '1.5s', '2m3.25s', '5m0s', '1h2m5s']
    """
    ms = int(round(seconds * 1000))
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    text = f"{rem / 1000:.3f}".rstrip("0").rstrip(".") + "s"
    if h:
        return f"{h}h{m}m{text}"
    if m:
        return f"{m}m{text}"
    return text
