"""``kubectl create poddisruptionbudget`` (create_pdb.go, v1.32): every output here was
recorded with the real kubectl v1.32.4 (``--dry-run=client``, which needs no server)."""
from __future__ import annotations

import pytest

import kubelab


@pytest.fixture(scope="module")
def c():
    return kubelab.Cluster()


REFUSED = [
    ("x y --selector=a=b --min-available=1",
     "error: exactly one NAME is required, got 2\nSee 'kubectl create poddisruptionbudget -h' for help and examples\n"),
    ("--selector=a=b --min-available=1",
     "error: exactly one NAME is required, got 0\nSee 'kubectl create poddisruptionbudget -h' for help and examples\n"),
    ("x --min-available=1", "error: a selector must be specified\n"),
    ("x --selector=a=b", "error: one of min-available or max-unavailable must be specified\n"),
    ("x --selector=a=b --min-available=1 --max-unavailable=1",
     "error: min-available and max-unavailable cannot be both specified\n"),
    ("x --selector=a=b --min-available=abc", "error: invalid format specified for min-available\n"),
    ("x --selector=a=b --max-unavailable=10Gb", "error: invalid format specified for max-unavailable\n"),
    ("x --selector=a=b --max-unavailable=-1", "error: invalid format specified for max-unavailable\n"),
    ("x --selector=a!=b --min-available=1", 'error: "!=" is not a valid label selector operator\n'),
    ("x --selector=a>3 --max-unavailable=1", "error: \"gt\" isn't supported in label selectors\n"),
]


@pytest.mark.parametrize("args, stderr", REFUSED)
def test_refusals_as_kubectl_words_them(c, args, stderr):
    r = c.kubectl(f"create pdb {args} --dry-run=client -o yaml")
    assert (r.returncode, r.stdout, r.stderr) == (1, "", stderr)


def test_the_object_it_builds(c):
    r = c.kubectl("create poddisruptionbudget my-pdb --selector=app=rails --min-available=1 --dry-run=client -o yaml")
    assert r.stdout == (
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  creationTimestamp: null\n  name: my-pdb\n"
        "spec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: rails\nstatus:\n  currentHealthy: 0\n"
        "  desiredHealthy: 0\n  disruptionsAllowed: 0\n  expectedPods: 0\n")
    r = c.kubectl("create pdb x --selector=a --max-unavailable=1 --dry-run=client -o yaml")
    assert "  maxUnavailable: 1\n  selector:\n    matchExpressions:\n    - key: a\n      operator: Exists\n" in r.stdout
    # (the set-based selector is checked in YAML, where keys are sorted; -o json keeps Go's
    # field order, tests/kubectl/test_json_field_order.py)
    r = c.kubectl(["create", "pdb", "x", "--selector=app in (b,a),!c,d=e", "--max-unavailable=25%",
                   "--dry-run=client", "-o", "yaml"])
    assert ("spec:\n  maxUnavailable: 25%\n  selector:\n    matchExpressions:\n    - key: app\n      operator: In\n"
            "      values:\n      - a\n      - b\n    - key: c\n      operator: DoesNotExist\n    matchLabels:\n"
            "      d: e\n") in r.stdout


def test_created_then_refused_again_with_the_servers_words():
    c = kubelab.Cluster()
    assert c.kubectl("create pdb web --selector=app=web --min-available=50%").stdout == \
        "poddisruptionbudget.policy/web created\n"
    r = c.kubectl("create pdb web --selector=app=web --min-available=50%")
    assert r.stderr == 'error: failed to create poddisruptionbudgets: poddisruptionbudgets.policy "web" already exists\n'
    got = c.kubectl("get pdb").stdout.splitlines()
    assert got[0].split() == ["NAME", "MIN", "AVAILABLE", "MAX", "UNAVAILABLE", "ALLOWED", "DISRUPTIONS", "AGE"]
    assert got[1].split()[:4] == ["web", "50%", "N/A", "0"]
