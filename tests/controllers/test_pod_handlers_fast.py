"""Pod handlers with a short way out act as the plain handlers they replaced."""
import itertools
import types

from kubelab.controllers.nodelifecycle import TaintEvictionController


def test_taint_eviction_wakes_a_pod_exactly_when_the_plain_handler_did():
    """Queued for a new pod on a node, a pod gone, a pod whose node changed; not for a
    change that keeps its node (a status write keeps the spec object itself)."""
    def plain(etype, pod, old):
        return ((etype == "ADDED" and pod["spec"].get("nodeName")) or etype == "DELETED"
                or (old is not None and old["spec"].get("nodeName") != pod["spec"].get("nodeName")))

    nodes = [None, "", "n1", "n2"]
    woken = []
    fake = types.SimpleNamespace(enqueue=woken.append)
    for etype, node, old_node, shared, has_old in itertools.product(("ADDED", "MODIFIED", "DELETED"), nodes, nodes,
                                                                    (False, True), (False, True)):
        spec = {} if node is None else {"nodeName": node}
        pod = {"metadata": {"namespace": "default", "name": "p"}, "spec": spec}
        if (shared and old_node != node) or (has_old and etype != "MODIFIED"):
            continue               # one spec object: one node; the store tells the old object with MODIFIED only
        old = ({"metadata": pod["metadata"], "spec": spec if shared else ({} if old_node is None else {"nodeName": old_node})}
               if has_old else None)
        woken.clear()
        TaintEvictionController._on_pod(fake, etype, pod, old)
        assert bool(woken) == bool(plain(etype, pod, old)), (etype, node, old_node, shared, has_old)
        assert woken in ([], ["default/p"])
