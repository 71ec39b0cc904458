"""The kubelet writes its statuses with ``shared=True``: the store's Sharer does not
walk them, because the status writer shares what pods have in common itself.  Checked
against the store's walk: the same statuses, and no more distinct parts."""
import json

import pytest

import kubelab
from kubelab.api.store import Store


def _run(monkeypatch, walk: bool):
    if walk:
        plain = Store.write_status
        monkeypatch.setattr(Store, "write_status",
                            lambda self, kind, name, ns, status, shared=False: plain(self, kind, name, ns, status))
    c = kubelab.Cluster(workers=2, pause=0)
    c.kubectl("create deployment ok --image=nginx:1.16.1 --replicas=40")
    c.kubectl("create deployment bad --image=nginx:nope --replicas=20")           # ErrImagePull, back-off
    c.kubectl("create deployment crash --image=busybox --replicas=10 -- false")   # CrashLoopBackOff
    c.kubectl("create job j --image=busybox -- echo hi")                           # terminated
    c.settle(limit=600)
    c.run(90)
    pods = c.api.list("pods", None, copy=False)
    distinct, parts = set(), [0]

    def walk_parts(x):
        if type(x) is dict or type(x) is list:
            parts[0] += 1
            distinct.add(id(x))
            for v in (x.values() if type(x) is dict else x):
                walk_parts(v)
    for p in pods:
        walk_parts(p["status"])
    return json.dumps([p["status"] for p in pods]), parts[0], len(distinct)


def test_the_kubelets_statuses_share_what_the_stores_walk_would(monkeypatch):
    walked, parts, walked_distinct = _run(monkeypatch, walk=True)
    monkeypatch.undo()
    written, parts_again, distinct = _run(monkeypatch, walk=False)
    assert written == walked and parts_again == parts
    assert '"ImagePullBackOff"' in written and '"CrashLoopBackOff"' in written and '"Completed"' in written
    assert distinct <= walked_distinct
