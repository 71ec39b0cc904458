"""Priority admission's look for a global default class (kubelab.api.priority):
the classes are listed only when one is stored (Store.any_stored), so a class
created, changed or deleted between two pods of one ReplicaSet is seen by the next."""
import kubelab


def _pods(c, app):
    return sorted(c.api.list("pods", "default", copy=False), key=lambda p: p["metadata"]["creationTimestamp"] + p["metadata"]["name"])


def _class(name, value, default, policy=None):
    pc = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name},
          "value": value, "globalDefault": default}
    if policy:
        pc["preemptionPolicy"] = policy
    return pc


def test_a_default_class_created_between_siblings_is_seen():
    c = kubelab.Cluster(workers=1)
    assert not c.api.any_stored("priorityclasses")
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.settle()
    first = {p["metadata"]["name"] for p in _pods(c, "web")}
    assert all(p["spec"]["priority"] == 0 and "priorityClassName" not in p["spec"] for p in _pods(c, "web"))
    c.api.create(_class("plain", 5, False))                 # stored, not a default: still 0
    assert c.api.any_stored("priorityclasses")
    c.kubectl("scale deployment web --replicas=3")
    c.settle()
    third = [p for p in _pods(c, "web") if p["metadata"]["name"] not in first]
    assert [(p["spec"]["priority"], p["spec"].get("priorityClassName")) for p in third] == [(0, None)]
    c.api.create(_class("everyone", 7, True, "Never"))       # a global default, created later
    c.kubectl("scale deployment web --replicas=4")
    c.settle()
    seen = first | {p["metadata"]["name"] for p in third}
    fourth = [p for p in _pods(c, "web") if p["metadata"]["name"] not in seen]
    assert [(p["spec"]["priority"], p["spec"]["priorityClassName"], p["spec"]["preemptionPolicy"])
            for p in fourth] == [(7, "everyone", "Never")]
    c.api.delete("priorityclasses", "everyone")
    c.api.delete("priorityclasses", "plain")
    assert not c.api.any_stored("priorityclasses")
    seen |= {p["metadata"]["name"] for p in fourth}
    c.kubectl("scale deployment web --replicas=5")
    c.settle()
    fifth = [p for p in _pods(c, "web") if p["metadata"]["name"] not in seen]
    assert [(p["spec"]["priority"], p["spec"].get("priorityClassName"), p["spec"]["preemptionPolicy"])
            for p in fifth] == [(0, None, "PreemptLowerPriority")]


def test_any_stored_of_a_namespaced_kind_with_an_emptied_namespace():
    c = kubelab.Cluster(workers=0, profile="bare")
    c.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}})
    before = c.api.any_stored("configmaps")
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "a"}})
    assert c.api.any_stored("configmaps")
    c.api.delete("configmaps", "x", "a")
    assert c.api.any_stored("configmaps") == before == (c.api.count("configmaps") > 0)
