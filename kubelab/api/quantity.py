"""resource.Quantity as k8s.io/apimachinery/pkg/api/resource reads and writes it.

A quantity is an exact number plus the *format* its suffix chose: a binary suffix
(``Ki``..``Ei``) gives BinarySI, an exponent (``1e3``) DecimalExponent, anything
else DecimalSI.  The canonical form (what the API stores and ``kubectl get -o yaml``
shows) keeps that format but picks the largest suffix that leaves an integer:

>>> [canonical(s) for s in ("0.1", "1000", "1500", "1.5Gi", "2048Ki", "1e3", "100m", "0")]
['100m', '1k', '1500', '1536Mi', '2Mi', '1e3', '100m', '0']
>>> milli_value(parse_quantity("0.1")), value(parse_quantity("500Mi"))
(100, 524288000)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Quantity", "QuantityError", "parse_quantity", "canonical", "format_quantity",
           "milli_value", "value", "compare", "FORMAT_ERROR"]

# k8s.io/apimachinery/pkg/api/resource/quantity.go: ErrFormatWrong, ErrNumeric, ErrSuffix.
FORMAT_ERROR = ("quantities must match the regular expression "
                "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
NUMERIC_ERROR = "unable to parse quantity's numeric part"
SUFFIX_ERROR = "unable to parse quantity's suffix"

BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT = "BinarySI", "DecimalSI", "DecimalExponent"

_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_BY_EXP = {e: s for s, e in _DECIMAL.items()}
_BINARY_BY_EXP = {e: s for s, e in _BINARY.items()}
_NUMBER = re.compile(r"^([+-]?)([0-9]*)(\.([0-9]*))?(.*)$", re.S)
_EXPONENT = re.compile(r"^[eE]([-+]?[0-9]+)$")
_NANO = Fraction(1, 10 ** 9)


class QuantityError(ValueError):
    """A string that is not a quantity; ``str()`` is the apimachinery error text."""


@dataclass(frozen=True, order=False)
class Quantity:
    """An exact amount (``amount``, a Fraction) and the format to print it in."""
    amount: Fraction
    format: str = DECIMAL_SI

    def __str__(self) -> str:
        return format_quantity(self)

    def __lt__(self, other: "Quantity") -> bool:
        return self.amount < other.amount

    def __le__(self, other: "Quantity") -> bool:
        return self.amount <= other.amount

    def __eq__(self, other: object) -> bool:   # Quantity.Equal compares amounts only
        return isinstance(other, Quantity) and self.amount == other.amount

    def __hash__(self) -> int:
        return hash(self.amount)


def parse_quantity(text: str | int | float) -> Quantity:
    """resource.ParseQuantity.  Amounts finer than 1n are rounded up to 1n, as the
    apiserver stores them.  JSON numbers (``cpu: 0.5``) are read from their literal."""
    if isinstance(text, bool):
        raise QuantityError(FORMAT_ERROR)
    if isinstance(text, (int, float)):
        text = repr(text) if isinstance(text, float) else str(text)
    if not text:
        raise QuantityError(FORMAT_ERROR)
    # parseQuantityString accepts an empty number ("m" is 0) and "1.G"; only the
    # suffix's shape is checked by pattern.
    m = _NUMBER.match(text)
    sign, whole, frac, suffix = m.group(1), m.group(2), m.group(4) or "", m.group(5)
    digits = Fraction(int(whole or "0")) + (Fraction(int(frac), 10 ** len(frac)) if frac else 0)
    if suffix in _BINARY:
        amount, fmt = digits * 2 ** _BINARY[suffix], BINARY_SI
    elif suffix in _DECIMAL:
        amount, fmt = digits * Fraction(10) ** _DECIMAL[suffix], DECIMAL_SI
    elif _EXPONENT.match(suffix):
        amount, fmt = digits * Fraction(10) ** int(_EXPONENT.match(suffix).group(1)), DECIMAL_EXPONENT
    elif re.fullmatch(r"[eEinumkKMGTP]*[-+]?[0-9]*", suffix):
        raise QuantityError(SUFFIX_ERROR)
    else:
        raise QuantityError(FORMAT_ERROR)
    if sign == "-":
        amount = -amount
    # Round away from zero to nano precision (inf.Dec rounding in ParseQuantity).
    if (amount / _NANO).denominator != 1:
        nanos = math.ceil(abs(amount) / _NANO)
        amount = Fraction(nanos, 10 ** 9) * (1 if amount > 0 else -1)
    return Quantity(amount, fmt)


def _decimal_parts(amount: Fraction) -> tuple[int, int]:
    """(mantissa, exponent) with exponent a multiple of 3, mantissa an integer as
    small as possible: 1500 -> (1500, 0), 1500000 -> (1500, 3), 0.1 -> (100, -3)."""
    exp = 0
    while amount.denominator != 1:
        amount *= 1000
        exp -= 3
    mant = int(amount)
    while mant != 0 and mant % 1000 == 0:
        mant //= 1000
        exp += 3
    return mant, exp


def format_quantity(q: Quantity) -> str:
    """Quantity.String(): CanonicalizeBytes."""
    if q.amount == 0:
        return "0"
    fmt = q.format
    if fmt == BINARY_SI and (-1024 < q.amount < 1024 or q.amount.denominator != 1):
        fmt = DECIMAL_SI    # small or fractional binary amounts print as decimals, never rounded
    if fmt == BINARY_SI:
        mant, exp = int(q.amount), 0
        while mant % 1024 == 0 and exp < 60:
            mant //= 1024
            exp += 10
        return f"{mant}{_BINARY_BY_EXP.get(exp, '')}"
    mant, exp = _decimal_parts(q.amount)
    if fmt == DECIMAL_EXPONENT:
        return f"{mant}e{exp}" if exp else str(mant)
    if exp in _DECIMAL_BY_EXP:
        return f"{mant}{_DECIMAL_BY_EXP[exp]}"
    return f"{mant}e{exp}"


def canonical(text: str | int | float) -> str:
    """The stored spelling of a quantity written as ``text`` (``"0.1"`` -> ``"100m"``)."""
    return format_quantity(parse_quantity(text))


def value(q: Quantity) -> int:
    """Quantity.Value(): rounded up to an integer (bytes, counts)."""
    return math.ceil(q.amount)


def milli_value(q: Quantity) -> int:
    """Quantity.MilliValue(): thousandths rounded up (CPU millicores)."""
    return math.ceil(q.amount * 1000)


def compare(a: Quantity, b: Quantity) -> int:
    """Quantity.Cmp: -1, 0 or 1."""
    return (a.amount > b.amount) - (a.amount < b.amount)
