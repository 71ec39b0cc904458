"""resource.Quantity parsing and canonical form.  Golden values from
k8s.io/apimachinery/pkg/api/resource/quantity_test.go and the Kubernetes docs
("Resource units in Kubernetes": 128974848, 129e6, 129M, 123Mi)."""
import pytest

from kubelab.api.quantity import (FORMAT_ERROR, QuantityError, canonical, compare, milli_value,
                                  parse_quantity, value)


@pytest.mark.parametrize("text, stored", [
    ("0.1", "100m"), ("100m", "100m"), ("1000", "1k"), ("1500", "1500"), ("1500000", "1500k"),
    ("1.5", "1500m"), ("0", "0"), ("0Mi", "0"), ("2Gi", "2Gi"), ("1.5Gi", "1536Mi"),
    ("2048Ki", "2Mi"), ("1023Ki", "1023Ki"), ("0.5Ki", "512"), ("1e3", "1e3"), ("12e2", "1200"),
    ("3.5e9", "3500e6"), ("128974848", "128974848"), ("129e6", "129e6"), ("129M", "129M"),
    ("123Mi", "123Mi"), ("-1.5", "-1500m"), ("+1", "1"), ("1.0000000001", "1000000001n"),
    ("0.1n", "1n"),   # finer than nano rounds up
])
def test_canonical_form(text, stored):
    assert canonical(text) == stored


def test_json_numbers_parse_from_their_literal():
    assert canonical(0.1) == "100m" and canonical(2) == "2"


@pytest.mark.parametrize("bad, message", [
    ("", FORMAT_ERROR), ("abc", FORMAT_ERROR), ("1Gb", FORMAT_ERROR), ("1 Gi", FORMAT_ERROR),
    ("1kk", "unable to parse quantity's suffix"),
])
def test_bad_quantities_are_rejected_with_apimachinery_text(bad, message):
    with pytest.raises(QuantityError) as info:
        parse_quantity(bad)
    assert str(info.value) == message
    assert FORMAT_ERROR == ("quantities must match the regular expression "
                            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def test_values_round_up():
    assert milli_value(parse_quantity("0.1")) == 100
    assert milli_value(parse_quantity("1.0001")) == 1001    # MilliValue rounds up
    assert value(parse_quantity("500Mi")) == 500 * 2 ** 20
    assert value(parse_quantity("100m")) == 1


def test_comparison_ignores_format():
    assert parse_quantity("1Gi") > parse_quantity("1G")
    assert parse_quantity("1000m") == parse_quantity("1")
    assert compare(parse_quantity("2Mi"), parse_quantity("2048Ki")) == 0
    assert compare(parse_quantity("100m"), parse_quantity("0.2")) == -1
