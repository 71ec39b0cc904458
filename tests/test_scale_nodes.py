"""What grows with the node count and the pass structure (issue 18): watch registration,
the pump's kubelet passes, the scheduler's and controllers' per-pod bookkeeping."""
import random

import kubelab
from kubelab.api.store import Store
from kubelab.clock import Clock
from kubelab.node.kubelet import Kubelet
from kubelab.scheduler.sampling import NodeScores


POD = """
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  {extra}
  containers: [{{name: c, image: "nginx:1.16.1"}}]
"""


def make_store():
    s = Store(Clock(), random.Random(0))
    s.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    return s


def cm(name):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"a": "1"}}


def test_a_watcher_registered_later_comes_after_the_others_of_its_kind_and_of_every_kind():
    s = make_store()
    seen = []
    s.watch(lambda t, o, old: seen.append("cm-1"), "configmaps")
    s.create(cm("a"))                                   # the ConfigMap watcher list is built now
    s.watch(lambda t, o, old: seen.append("any"))
    s.watch(lambda t, o, old: seen.append("cm-2"), "configmaps")
    s.watch(lambda t, o, old: seen.append("secret"), "secrets")
    seen.clear()
    s.create(cm("b"))
    assert seen == ["cm-1", "any", "cm-2"]


def test_a_watch_started_inside_a_notification_sees_the_next_change_not_this_one():
    s = make_store()
    seen = []

    def late(t, o, old):
        seen.append(("late", o["metadata"]["name"]))

    def first(t, o, old):
        seen.append(("first", o["metadata"]["name"]))
        if o["metadata"]["name"] == "a":
            s.watch(late, "configmaps")
    s.watch(first, "configmaps")
    s.create(cm("a"))
    s.create(cm("b"))
    assert seen == [("first", "a"), ("first", "b"), ("late", "b")]
    s.unwatch(late)
    s.create(cm("c"))
    assert seen[-1] == ("first", "c")


def test_boot_registers_each_kubelets_watchers_once_and_in_node_order():
    c = kubelab.Cluster(workers=3, pause=0)
    config = [fn for fn in c.api._by_type[c.api.resource("configmaps")]["MODIFIED"]
              if getattr(fn, "__self__", None) is not None and isinstance(fn.__self__, Kubelet)]
    assert [fn.__self__.node_name for fn in config] == ["minikube", "minikube-m02", "minikube-m03", "minikube-m04"]


def test_the_pump_passes_over_idle_kubelets_without_draining_them():
    c = kubelab.Cluster(workers=3, pause=0)
    drained = []
    for name, kubelet in c.kubelets.items():
        inner = kubelet.drain
        kubelet.drain = (lambda inner, name: lambda: drained.append(name) or inner())(inner, name)
    r = c.kubectl("apply -f -", stdin=POD.format(name="one", extra="nodeName: minikube-m03"))
    assert r.returncode == 0, r.stderr
    c.settle()
    assert set(drained) == {"minikube-m03"}
    assert c.get("pod", "one")["status"]["phase"] == "Running"


def test_stale_scores_flushed_later_choose_what_eager_updates_choose():
    gen = random.Random(11)
    for _ in range(200):
        n = gen.randrange(1, 60)
        values = [None if gen.random() < 0.25 else float(gen.randrange(3)) for _ in range(n)]
        names = [f"n{i:02d}" for i in range(n)]
        eager = NodeScores(names, lambda name: values[int(name[1:])])
        lazy = NodeScores(names, lambda name: values[int(name[1:])])
        for _ in range(6):
            for _ in range(gen.randrange(1, 4)):          # a few binds between two pods of the template
                changed = gen.randrange(n)
                values[changed] = None if gen.random() < 0.25 else float(gen.randrange(3))
                eager.update(names[changed])
                lazy.stale.add(names[changed])
            lazy.flush()
            assert not lazy.stale
            start, to_find, seed = gen.randrange(n), gen.randrange(1, n + 1), gen.random()
            assert lazy.choose(start, to_find, random.Random(seed).randrange) == \
                eager.choose(start, to_find, random.Random(seed).randrange)


def test_scheduler_counts_each_placed_pod_once_and_forgets_it_when_deleted():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=6")
    c.settle()
    s = c.scheduler
    on = {n: sum(1 for p in c.api.list("pods", None, copy=False) if p["spec"].get("nodeName") == n)
          for n in c.kubelets}
    assert {n: s.pod_count[n] for n in c.kubelets} == on        # status writes did not count them again
    c.kubectl("scale deployment web --replicas=0")
    c.settle()
    left = {n: sum(1 for p in c.api.list("pods", None, copy=False) if p["spec"].get("nodeName") == n)
            for n in c.kubelets}
    assert {n: s.pod_count[n] for n in c.kubelets} == left
    assert not any(name.startswith("web-") for names in s._accounted.values() for name in names)


def test_taint_eviction_queues_pods_on_nodes_not_pods_waiting_for_one():
    c = kubelab.Cluster(workers=1, pause=0)
    queued = []
    te = c.taint_eviction

    class Recording(type(te.queue)):          # the queue is slotted: record through a subclass
        __slots__ = ()

        def add(self, key, *args, **kwargs):
            queued.append(key)
            return super().add(key, *args, **kwargs)

    te.queue.__class__ = Recording
    for name, extra in (("gated", "schedulingGates: [{name: example.com/wait}]"), ("placed", "")):
        r = c.kubectl("apply -f -", stdin=POD.format(name=name, extra=extra))
        assert r.returncode == 0, r.stderr
    c.settle()
    assert "default/gated" not in queued         # unbound: nothing to evict it from
    assert "default/placed" not in queued        # bound to a node without NoExecute taints: nothing to time
    node = c.api.get("pods", "placed", "default")["spec"]["nodeName"]
    c.kubectl(f"taint node {node} example.com/away=x:NoExecute")
    c.settle()
    assert "default/gated" not in queued
    assert queued.count("default/placed") == 1   # its node tainted: looked at once, and evicted
    assert c.api.peek("pods", "placed", "default") is None
    c.kubectl(f"taint node {node} example.com/away-")
    r = c.kubectl("apply -f -", stdin=POD.format(name="tolerant", extra=(
        "tolerations: [{key: example.com/away, operator: Exists, effect: NoExecute, tolerationSeconds: 60}]")))
    assert r.returncode == 0, r.stderr
    c.kubectl(f"taint node {node} example.com/away=x:NoExecute")
    c.settle()
    assert queued.count("default/tolerant") == 1      # bound to the untainted node: not queued; tainted: once
    c.kubectl(f"taint node {node} example.com/away-")   # the timer cancelled
    c.run(120)
    assert c.api.peek("pods", "tolerant", "default") is not None
    assert queued.count("default/tolerant") == 2


def test_replicaset_looks_again_only_at_pods_whose_facts_changed():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=3")
    c.settle()
    rsc = next(ctl for ctl in c.controllers if type(ctl).__name__ == "ReplicaSetController")
    rs = c.api.list("replicasets", "default", copy=False)[0]
    tally = rsc._tallies[rs["metadata"]["uid"]]
    assert not tally.dirty and tally.ready == 3
    pod = c.api.list("pods", "default", copy=False)[0]
    name = pod["metadata"]["name"]
    c.api.mutate("pods", name, "default", lambda p: p["status"].__setitem__("message", "x"), status=True)
    assert name not in tally.dirty                # a status write that changes no fact
    c.api.mutate("pods", name, "default", lambda p: p["metadata"]["labels"].__setitem__("extra", "1"))
    assert name in tally.dirty                    # a label change: looked at again


def test_big_cluster_boot_and_placement_stay_correct():
    c = kubelab.Cluster(workers=299, pause=0, pod_network_cidr="10.128.0.0/9")
    c.kubectl("create deployment big --image=nginx:1.16.1 --replicas=600")
    c.settle()
    pods = c.api.list("pods", "default", copy=False)
    assert len(pods) == 600 and all(p["status"]["phase"] == "Running" for p in pods)
    placed = {}
    for p in c.api.list("pods", None, copy=False):
        placed[p["spec"]["nodeName"]] = placed.get(p["spec"]["nodeName"], 0) + 1
    assert {n: k for n, k in c.scheduler.pod_count.items() if k} == placed
    assert max(placed.values()) <= 110
