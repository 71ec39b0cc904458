"""Pod handlers with a short way out act as the plain handlers they replaced."""
import functools
import itertools
import types

from kubelab.controllers.nodelifecycle import TaintEvictionController


def test_taint_eviction_wakes_a_pod_exactly_when_its_sync_has_something_to_do():
    """Queued for a new pod on a node, a pod gone, a pod whose node changed (not for a
    change that keeps its node: a status write keeps the spec object itself), as the
    plain handler did; and of those only when the sync has a timer to cancel or the
    pod's node has NoExecute taints (else the sync would do nothing)."""
    def plain(etype, pod, old):
        return ((etype == "ADDED" and pod["spec"].get("nodeName")) or etype == "DELETED"
                or (old is not None and old["spec"].get("nodeName") != pod["spec"].get("nodeName")))

    nodes = {"n1": {"spec": {"taints": [{"key": "k", "effect": "NoExecute"}]}},
             "n2": {"spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]}},
             "n3": {"spec": {}}}
    names = [None, "", "n1", "n2", "n3", "gone"]
    woken = []
    fake = types.SimpleNamespace(enqueue=woken.append, timers={},
                                 api=types.SimpleNamespace(peek=lambda kind, name: nodes.get(name)))
    fake._no_execute = functools.partial(TaintEvictionController._no_execute, fake)
    cases = 0
    for etype, node, old_node, shared, has_old, timer in itertools.product(
            ("ADDED", "MODIFIED", "DELETED"), names, names, (False, True), (False, True), (False, True)):
        spec = {} if node is None else {"nodeName": node}
        pod = {"metadata": {"namespace": "default", "name": "p"}, "spec": spec}
        if (shared and old_node != node) or (has_old and etype != "MODIFIED"):
            continue               # one spec object: one node; the store tells the old object with MODIFIED only
        old = ({"metadata": pod["metadata"], "spec": spec if shared else ({} if old_node is None else {"nodeName": old_node})}
               if has_old else None)
        fake.timers = {"default/p": object()} if timer else {}
        tainted = etype != "DELETED" and node == "n1"
        woken.clear()
        TaintEvictionController._on_pod(fake, etype, pod, old)
        assert bool(woken) == bool(plain(etype, pod, old) and (timer or tainted)), (etype, node, old_node, shared, has_old)
        assert woken in ([], ["default/p"])
        cases += bool(woken)
    assert cases > 10
