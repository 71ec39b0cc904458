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
    fake = types.SimpleNamespace(enqueue=woken.append, timers={}, _quiet=[],
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
        fake._quiet.clear()
        TaintEvictionController._on_pod(fake, etype, pod, old)
        assert bool(woken) == bool(plain(etype, pod, old) and (timer or tainted)), (etype, node, old_node, shared, has_old)
        assert bool(fake._quiet) == bool(plain(etype, pod, old) and not (timer or tainted))       # let go
        assert woken in ([], ["default/p"]) and fake._quiet in ([], ["default/p"])
        cases += bool(woken)
    assert cases > 10


def test_taint_eviction_syncs_in_the_order_queueing_every_pod_would():
    """Beside a controller that queues every pod its plain handler queued, the one that
    lets go of the pods whose syncs would do nothing syncs the same pods in the same
    order (the ones let go first where they were let go, when a node is tainted before
    it drains) and sets the same timers in the same order, draining as often."""
    import random

    from kubelab.api.store import Store
    from kubelab.clock import Clock
    from kubelab.controllers.events import Recorder

    class Plain(TaintEvictionController):
        def _on_pod(self, etype, pod, old):
            if ((etype == "ADDED" and pod["spec"].get("nodeName")) or etype == "DELETED"
                    or (old is not None and old["spec"].get("nodeName") != pod["spec"].get("nodeName"))):
                self.enqueue(f"{pod['metadata']['namespace']}/{pod['metadata']['name']}")

    rng = random.Random(2)
    api = Store(Clock(), random.Random(0))
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    nodes = ["n1", "n2", "n3"]
    for n in nodes:
        api.create({"apiVersion": "v1", "kind": "Node", "metadata": {"name": n}, "spec": {}})
    fast, plain = (cls(api, api.clock, Recorder(api, api.clock)) for cls in (TaintEvictionController, Plain))
    synced = {fast: [], plain: []}
    for ctl in (fast, plain):
        sync = ctl.sync
        ctl.sync = lambda key, ctl=ctl, sync=sync: (synced[ctl].append(key), sync(key))
    pods: dict[str, bool] = {}         # name -> bound
    drains = 0
    let_go = 0
    for i in range(400):
        op = rng.random()
        if op < 0.3 or not pods:
            name = f"p{i}"
            api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
                        "spec": {"containers": [{"name": "c", "image": "x"}],
                                 "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoExecute",
                                                  "tolerationSeconds": rng.choice([0, 30, 60])}]}})
            pods[name] = False
        elif op < 0.55:
            unbound = [n for n, b in pods.items() if not b]
            if unbound:
                name = rng.choice(unbound)
                api.bind(name, "default", rng.choice(nodes))
                pods[name] = True
        elif op < 0.7:
            node = rng.choice(nodes)

            def flip(o):
                o["spec"]["taints"] = [] if o["spec"].get("taints") else [{"key": "k", "effect": "NoExecute"}]
            api.mutate("nodes", node, None, flip)
        elif op < 0.8:
            name = rng.choice(sorted(pods))
            api.delete("pods", name, "default", grace_period=0)
            del pods[name]
        else:
            queued = list(fast.queue._q or ())
            assert queued == list(plain.queue._q or ())[:len(queued)]       # the same, but for keys let go last
            let_go += len(fast._quiet)
            for ctl in synced:
                synced[ctl].clear()
            assert fast.drain() == plain.drain()
            drains += 1
            assert synced[fast] == synced[plain][:len(synced[fast])]        # the same syncs, in the same order
            assert list(fast.timers) == list(plain.timers)                  # and what they did: timers, in order
            assert {k: t.when for k, t in fast.timers.items()} == {k: t.when for k, t in plain.timers.items()}
    assert drains > 30 and let_go > 10 and fast.timers
