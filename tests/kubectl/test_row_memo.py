"""kubectl get's tables keep the time-free facts of rows per object version (RowMemo):
what they print is what the printers print afresh, as objects change and time moves."""
import kubelab
from kubelab.kubectl.printers import PrintContext, RowMemo, print_table, printer_for, row_memo


def fresh(c, *args):
    """`kubectl get pods` printed without the memo, from the same objects at the same time."""
    pods = c.api.list("pods", "default", copy=False)
    return print_table(pods, kind="Pod", now=c.now, ctx=PrintContext(now=c.now), **dict(args))


def test_get_pods_follows_new_versions_and_the_clock():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.kubectl("run crash --image=busybox -- sh -c 'exit 1'")
    c.settle()
    first = c.kubectl("get pods").stdout
    assert first == fresh(c)
    c.run(95)                                          # ages and "(Ns ago)" move, the facts do not
    later = c.kubectl("get pods").stdout
    assert later == fresh(c) and later != first
    assert "ago)" in later                             # the crashing pod's last restart, at this time
    victim = c.api.list("pods", "default", copy=False)[0]["metadata"]["name"]
    c.kubectl(f"delete pod {victim} --wait=false")     # a new version of one pod
    after = c.kubectl("get pods").stdout
    assert after == fresh(c)
    assert [ln for ln in after.splitlines() if ln.startswith(victim)][0].split()[2] == "Terminating"
    assert c.kubectl("get pods -o wide").stdout == fresh(c, ("wide", True))


def test_the_memo_is_the_stores_own_and_bounded():
    c, d = kubelab.Cluster(pause=0), kubelab.Cluster(pause=0)
    assert row_memo(c.api) is row_memo(c.api) and row_memo(c.api) is not row_memo(d.api)
    memo = RowMemo()
    pod = {"metadata": {"name": "p", "resourceVersion": "1", "creationTimestamp": "2025-01-06T09:00:00Z"},
           "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Pending"}}
    for rv in range(1, 10_010):                        # 10,009 versions of one pod, one listed at a time
        pod["metadata"]["resourceVersion"] = str(rv)
        memo.rows("Pod", printer_for("Pod"), [pod], 0.0)
    assert sum(map(len, memo._facts.values())) <= 2 * 1 + 10_000
