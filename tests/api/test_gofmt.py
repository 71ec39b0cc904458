"""api.gofmt against Go: strconv.FormatFloat 'g' -1 (strconv/ftoa.go: exponent form when the
exponent is < -4 or >= eprec, eprec = 6 for the shortest precision), encoding/json's
floatEncoder, and what kubectl's YAML shows (the floats rows were printed by the real
``kubectl kustomize`` v1.32.4, see tests/kubectl/golden/kustomize/floats.out)."""
import pytest

from kubelab.api.gofmt import format_float, go_quote, json_float, yaml_float

FLOATS = [
    # value, FormatFloat(v,'g',-1,64), FormatFloat(v,'g',-1,32), encoding/json, kubectl YAML
    (1e16, "1e+16", "1e+16", "10000000000000000", "10000000000000000"),
    (1e6, "1e+06", "1e+06", "1000000", "1000000"),
    (123456.0, "123456", "123456", "123456", "123456"),
    (1000000.5, "1.0000005e+06", "1.0000005e+06", "1000000.5", "1.0000005e+06"),
    (3.14159265358979, "3.14159265358979", "3.1415927", "3.14159265358979", "3.14159265358979"),
    (1e-6, "1e-06", "1e-06", "0.000001", "1e-06"),
    (0.0001, "0.0001", "0.0001", "0.0001", "0.0001"),
    (1.5e-7, "1.5e-07", "1.5e-07", "1.5e-7", "1.5e-07"),
    (1e21, "1e+21", "1e+21", "1e+21", "1e+21"),
    (5e20, "5e+20", "5e+20", "500000000000000000000", "5e+20"),       # beyond uint64: a float
    (1e19, "1e+19", "1e+19", "10000000000000000000", "10000000000000000000"),  # fits uint64
    (123456789.25, "1.2345678925e+08", "1.2345679e+08", "123456789.25", "1.2345678925e+08"),
    (0.1, "0.1", "0.1", "0.1", "0.1"),
    (-0.75, "-0.75", "-0.75", "-0.75", "-0.75"),
    (0.0, "0", "0", "0", "0"),
    (2.5e-05, "2.5e-05", "2.5e-05", "0.000025", "2.5e-05"),
]


@pytest.mark.parametrize("value, g64, g32, js, yml", FLOATS, ids=[repr(f[0]) for f in FLOATS])
def test_floats(value, g64, g32, js, yml):
    assert (format_float(value), format_float(value, 32), json_float(value), yaml_float(value)) \
        == (g64, g32, js, yml)


def test_format_float_specials():
    assert [format_float(x) for x in (float("inf"), float("-inf"), float("nan"))] == \
        ["+Inf", "-Inf", "NaN"]


QUOTES = [
    ("web", '"web"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("a\\b", '"a\\\\b"'),
    ("line\nnext\ttab", '"line\\nnext\\ttab"'),
    ("\x00\x7f", '"\\x00\\x7f"'),
    ("\ufeffA", '"\\ufeffA"'),
    ("héllo 世界", '"héllo 世界"'),
    ("\a\b\f\r\v", '"\\a\\b\\f\\r\\v"'),
]


@pytest.mark.parametrize("text, quoted", QUOTES)
def test_go_quote(text, quoted):
    assert go_quote(text) == quoted
