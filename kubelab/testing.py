"""Small helpers for tests and scenario scripts that drive a cluster from Python."""
from __future__ import annotations

import textwrap

from .api.meta import Obj
from .cluster import Cluster
from .result import Result


def apply(c: Cluster, yaml_text: str) -> Result:
    """``kubectl apply -f -`` with an indented manifest; fails loudly if refused."""
    r = c.kubectl("apply -f -", stdin=textwrap.dedent(yaml_text))
    assert r.returncode == 0, r.stderr
    return r


def status(c: Cluster, name: str, container: str | None = None) -> Obj:
    """A pod's container status (the first container's, or the named one's)."""
    statuses = c.get("pod", name)["status"].get("containerStatuses", [])
    if container is None:
        return statuses[0]
    return next(s for s in statuses if s["name"] == container)


def events(c: Cluster, name: str, reason: str | None = None) -> list[str]:
    """The messages of the events about objects called ``name`` (of one reason if given)."""
    out = [e for e in c.api.list("events") if e["involvedObject"]["name"] == name]
    return [e["message"] for e in out if reason is None or e["reason"] == reason]
