"""Server-side Tables from encoded-row caches give exactly the bytes of the Table
built afresh, as objects change and simulated time moves."""
from __future__ import annotations

from kubelab import Cluster
from kubelab.kubectl.printers import PrintContext
from kubelab.server import tables
from kubelab.server.app import encode


def _both(c, rt, cache, include="Metadata"):
    objs = c.api.list(rt, "default", copy=False)
    ctx = PrintContext(now=c.now)
    return (tables.table_bytes(rt, objs, ctx, cache, include=include, list_meta={"resourceVersion": "7"}),
            encode(tables.table(rt, objs, ctx, include=include, list_meta={"resourceVersion": "7"})))


def test_cached_rows_follow_changes_and_time():
    c = Cluster()
    rt = c.api.resource("pods")
    cache = tables.RowCache()
    c.kubectl("create deployment web --image=nginx --replicas=3")
    fresh, expected = _both(c, rt, cache)          # pods still Pending / ContainerCreating
    assert fresh == expected and (b"ContainerCreating" in fresh or b"Pending" in fresh)
    c.settle()
    fresh, expected = _both(c, rt, cache)          # new versions: Running
    assert fresh == expected and fresh.count(b'"Running"') == 3
    c.run(3600)                                    # only the ages move
    fresh, expected = _both(c, rt, cache)
    assert fresh == expected and b'"60m"' in fresh
    for include in ("None", "Object"):
        assert _both(c, rt, cache, include)[0] == _both(c, rt, cache, include)[1]


def test_an_empty_list_and_a_full_cache():
    c = Cluster()
    cache = tables.RowCache(limit=2)
    assert _both(c, c.api.resource("deployments"), cache)[0] == _both(c, c.api.resource("deployments"), cache)[1]
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.settle()
    fresh, expected = _both(c, c.api.resource("pods"), cache)
    assert fresh == expected
