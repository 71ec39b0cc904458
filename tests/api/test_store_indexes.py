"""list() through the label and node indexes gives what a scan gives; the action log is bounded."""
import random

import kubelab
from kubelab.api import selectors, store


def scan(c, selector=None, node=None):
    return [p["metadata"]["name"] for p in c.api.list("pods", "default", copy=False)
            if (selector is None or selector.matches(p["metadata"].get("labels")))
            and (node is None or p["spec"].get("nodeName") == node)]


def test_indexed_lists_follow_creates_relabels_binds_and_deletes():
    c = kubelab.Cluster(workers=2, pause=0)
    rng = random.Random(3)
    for i in range(60):
        c.kubectl(f"run p{i:02d} --image=nginx --labels=tier={rng.choice('ab')},n={i % 7}")
    c.settle()
    for i in rng.sample(range(60), 20):
        c.kubectl(f"label pod p{i:02d} tier={rng.choice('abc')} --overwrite")
    for i in rng.sample(range(60), 10):
        c.kubectl(f"delete pod p{i:02d} --wait=false")
    for text in ("tier=a", "tier in (a,c)", "tier=b,n=3", "n!=2", "tier", "tier=z", "tier in (a,b),n!=3",
                 "tier=a,!n", "n in (1,2),n notin (2)",
                 # the indexes find every pod: listed as the whole bucket is
                 "tier in (a,b,c)", "tier in (a,b,c),n in (0,1,2,3,4,5,6)", "tier in (a,b,c),n!=3"):
        sel = selectors.parse(text)
        want = scan(c, sel)
        assert [p["metadata"]["name"] for p in c.api.list("pods", "default", selector=sel)] == want, text
        assert [p["metadata"]["name"] for p in c.api.list("pods", "default", selector=sel, copy=False)] == want, text
    for node in ("minikube", "minikube-m02", "nowhere"):
        got = [p["metadata"]["name"] for p in c.api.list("pods", "default", node=node)]
        assert got == scan(c, node=node)
    c.settle(limit=60)
    assert c.api.list("pods", "default", node="minikube-m02") == [p for p in c.api.list("pods", "default")
                                                                  if p["spec"]["nodeName"] == "minikube-m02"]


def test_kubectl_get_by_node_and_label_answers_as_the_filters_do():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx --replicas=4")
    c.kubectl("run solo --image=nginx")
    c.settle()
    on = lambda node: sorted(p["metadata"]["name"] for p in c.api.list("pods", "default") if p["spec"]["nodeName"] == node)
    out = c.kubectl("get pods --field-selector spec.nodeName=minikube-m02 -o name").stdout
    assert out == "".join(f"pod/{n}\n" for n in on("minikube-m02"))
    out = c.kubectl("get pods --field-selector spec.nodeName!=minikube-m02 -o name").stdout
    assert out == "".join(f"pod/{n}\n" for n in on("minikube"))
    assert c.kubectl("get pods -l app=web -o name").stdout.count("pod/web-") == 4
    assert c.kubectl("get pods -l app=web --field-selector spec.nodeName=nowhere").stderr == \
        "No resources found in default namespace.\n"
    # -o name reads the store's own objects: nothing of them is changed by printing
    before = c.api.get("pods", "solo", "default")
    c.kubectl("get pods -o name")
    assert c.api.get("pods", "solo", "default") == before


def test_the_action_log_keeps_the_newest_entries_only(monkeypatch):
    def actions():
        c = kubelab.Cluster(pause=0)
        c.kubectl("create deployment web --image=nginx --replicas=5")
        c.settle()
        return list(c.api.actions)
    full = actions()
    monkeypatch.setattr(store, "ACTIONS_KEPT", 50)
    assert len(full) > 50 and actions() == full[-50:]


def test_owned_keeps_key_order_as_dependents_come_and_go():
    """owned() answers in (namespace, name) order whatever the order dependents are
    made, removed and made again in, across namespaces (its kept order is added to,
    not rebuilt, when a dependent comes)."""
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create namespace other")
    owner = c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "owner", "namespace": "default"}})
    ref = {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner["metadata"]["uid"]}
    rng = random.Random(7)
    alive: set[tuple[str, str]] = set()

    def expect():
        got = [(o["metadata"]["namespace"], o["metadata"]["name"]) for o in c.api.owned("secrets", ref["uid"])]
        assert got == sorted(alive)
        assert c.api.owned("configmaps", ref["uid"]) == []

    for step in range(120):
        ns, name = rng.choice(["default", "other"]), f"s{rng.randrange(40):02d}"
        if (ns, name) in alive and rng.random() < 0.5:
            c.api.delete("secrets", name, ns)
            alive.discard((ns, name))
        elif (ns, name) not in alive:
            c.api.create({"apiVersion": "v1", "kind": "Secret",
                          "metadata": {"name": name, "namespace": ns, "ownerReferences": [ref]}})
            alive.add((ns, name))
        if step % 3 == 0:
            expect()
    expect()


def test_a_whole_listing_is_the_current_objects_in_key_order_as_names_come_go_and_change():
    """list() of a whole bucket takes each object at its kept place in the bucket's
    own order (store._in_order): the same objects as looking each name up, sorted."""
    c = kubelab.Cluster(workers=1, pause=0)
    rng = random.Random(18)
    bucket = c.api._data[c.api.resource("pods")]["default"]

    def check():
        got = c.api.list("pods", "default", copy=False)
        want = [bucket[n] for n in sorted(bucket)]
        assert len(got) == len(want) and all(a is b for a, b in zip(got, want))
        assert [p["metadata"]["name"] for p in c.api.list("pods", "default")] == sorted(bucket)

    for i in rng.sample(range(40), 40):
        c.kubectl(f"run p{i:02d} --image=nginx")
        if rng.random() < 0.2:
            check()
    for _ in range(40):
        name = f"p{rng.randrange(40):02d}"
        action = rng.choice(["label", "delete", "run", "settle"])
        if action == "label":
            c.kubectl(f"label pod {name} x={rng.randrange(9)} --overwrite")      # a new version in place
        elif action == "delete":
            c.kubectl(f"delete pod {name} --wait=false")
        elif action == "run":
            c.kubectl(f"run {name} --image=nginx")
        else:
            c.settle(limit=30)
        check()
