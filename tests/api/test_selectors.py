import pytest

from kubelab.api import selectors
from kubelab.api.errors import ApiError


@pytest.mark.parametrize("text,labels,expected", [
    ("app=web", {"app": "web"}, True),
    ("app==web", {"app": "db"}, False),
    ("app!=web", {}, True),
    ("env in (dev,qa)", {"env": "qa"}, True),
    ("env notin (dev,qa)", {"env": "prod"}, True),
    ("env notin (dev,qa)", {}, True),
    ("tier", {"tier": "x"}, True),
    ("!tier", {"tier": "x"}, False),
    ("app=web,tier in (front)", {"app": "web", "tier": "back"}, False),
])
def test_label_selector_syntax(text, labels, expected):
    assert selectors.parse(text).matches(labels) is expected


def test_match_expressions_and_null_selector():
    ls = {"matchLabels": {"app": "web"},
          "matchExpressions": [{"key": "version", "operator": "In", "values": ["v1", "v2"]},
                               {"key": "canary", "operator": "DoesNotExist"}]}
    s = selectors.from_label_selector(ls)
    assert s.matches({"app": "web", "version": "v2"})
    assert not s.matches({"app": "web", "version": "v3"})
    assert not s.matches({"app": "web", "version": "v1", "canary": "yes"})
    assert not selectors.from_label_selector(None).matches({})
    assert selectors.from_label_selector({}).matches({"anything": "x"})


def test_bad_selector_is_a_parse_error():
    with pytest.raises(ApiError):
        selectors.parse("app in v1")
