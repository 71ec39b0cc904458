"""The walls import-linter cannot see: components and kubectl reaching through the
Cluster object into its parts, or into another object's private attributes.

import-linter checks which module imports which; a component handed the Cluster
(or a kubectl command handed it through its context) could still call
``cluster.kubelets[...]``, ``cluster.scheduler._retry...`` or read
``cluster.extensions[...]`` without importing anything.  This reads the source
instead: in the components (controllers, scheduler, node, network, setup,
storage), kubectl, the exercises and the widgets,

* the Cluster object — a name ``cluster``, an attribute ``.cluster``, or a local
  name assigned from one — may be used through its public facade (``api``,
  ``clock``, ``run``, ``settle``, ``kubectl``, ``curl``, ``get``, ``addon`` ...)
  but not reached into: :data:`PARTS` and private attributes are back doors;
* no attribute beginning with ``_`` is read off anything but ``self``/``cls``
  (another component's, or another object's, private state), except the
  namedtuple API (``_replace`` ...).
"""
from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "kubelab"
CHECKED = ("controllers", "node", "network", "setup", "storage", "kubectl", "exercises", "ui", "scheduler")

#: The Cluster's parts: the components it wires, which others must not reach.
PARTS = {"kubelets", "scheduler", "network", "extensions", "storage", "prober", "proxy", "controllers",
         "ipam", "node_lifecycle", "taint_eviction", "pod_gc", "services", "node_ips"}
NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make"}

#: Back doors known and accepted (none left: storage gets narrow callbacks since issue 19).
KNOWN: set[tuple[str, str]] = set()


def _is_cluster(node: ast.AST, aliases: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "cluster" or node.id in aliases
    return isinstance(node, ast.Attribute) and node.attr == "cluster"


def _aliases(tree: ast.AST) -> set[str]:
    """Local names bound to the Cluster object (``c = self.cluster``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_cluster(node.value, set()):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def back_doors(source: str) -> list[tuple[int, str]]:
    """(line, expression) of each back door in ``source``."""
    tree = ast.parse(source)
    aliases = _aliases(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        private = node.attr.startswith("_") and not node.attr.startswith("__")
        if _is_cluster(node.value, aliases) and (node.attr in PARTS or private):
            found.append((node.lineno, ast.unparse(node)))
        elif private and node.attr not in NAMEDTUPLE_API and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            found.append((node.lineno, ast.unparse(node)))
    return found


def _files() -> list[pathlib.Path]:
    out = []
    for name in CHECKED:
        path = ROOT / name
        out += sorted(path.rglob("*.py"))
    return out


def test_no_component_or_client_reaches_into_the_cluster_or_private_state():
    found = []
    for path in _files():
        rel = path.relative_to(ROOT).as_posix()
        for line, expr in back_doors(path.read_text()):
            if (rel, expr) not in KNOWN:
                found.append(f"kubelab/{rel}:{line}: {expr}")
    assert found == [], "back doors (use the API, a narrow callback or a public facade method):\n" + "\n".join(found)


def test_the_check_looks_at_every_component_package():
    rels = {p.relative_to(ROOT).parts[0] for p in _files()}
    assert rels == set(CHECKED)
    assert len(_files()) > 100


@pytest.mark.parametrize("snippet, expected", [
    ("def f(ctx):\n    return ctx.cluster.kubelets['minikube']\n", ["ctx.cluster.kubelets"]),
    ("def f(cluster):\n    cluster.scheduler._retry_unschedulable('k')\n",
     ["cluster.scheduler._retry_unschedulable", "cluster.scheduler"]),
    ("class W:\n    def run(self):\n        c = self.cluster\n        return c.extensions['kubeconfig']\n",
     ["c.extensions"]),
    ("def probe(worker):\n    worker.kubelet._write_status(worker.pod)\n", ["worker.kubelet._write_status"]),
    ("def f(cluster):\n    return cluster.network.forwards\n", ["cluster.network"]),
])
def test_a_deliberate_back_door_fails_the_check(snippet, expected):
    assert sorted(expr for _, expr in back_doors(snippet)) == sorted(expected)


@pytest.mark.parametrize("snippet", [
    "def f(cluster):\n    cluster.run(5)\n    return cluster.api.get('pods', 'x', 'default')\n",
    "def f(ctx):\n    ctx.session.wait_for(lambda: True, 10)\n",
    "def f(cluster):\n    return cluster.addon('kubeadm', object)\n",
    "class K:\n    def f(self):\n        return self._queue\n",
    "def f(req):\n    return req._replace(port=80)\n",
])
def test_the_facade_the_api_and_own_state_pass(snippet):
    assert back_doors(snippet) == []
