"""ReplicaSet and ReplicationController: selectors, adoption and release."""
import kubelab
from kubelab.api.meta import controller_ref, labels_of

RS = """apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchExpressions:
    - {key: tier, operator: In, values: [frontend]}
    - {key: env, operator: NotIn, values: [dev]}
    - {key: app, operator: Exists}
  template:
    metadata:
      labels: {tier: frontend, app: guestbook}
    spec:
      containers:
      - name: php
        image: nginx
"""

RC = """apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    app: nginx
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx
"""


def owned_by(c, name):
    return sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")
                  if (controller_ref(p) or {}).get("name") == name and not p["metadata"].get("deletionTimestamp"))


def test_replicaset_with_set_based_selector_keeps_its_replicas():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=RS)
    c.settle()
    assert len(owned_by(c, "frontend")) == 2


def test_relabelled_pod_is_released_and_replaced():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    r = c.kubectl(f"label pod {pod} app=v1 --overwrite")
    assert r.stdout == f"pod/{pod} labeled\n"
    c.settle()
    released = c.get("pod", pod)
    assert controller_ref(released) is None and released["metadata"]["labels"]["app"] == "v1"
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert len(owned_by(c, rs)) == 1 and pod not in owned_by(c, rs)


def test_a_matching_orphan_is_adopted_and_the_surplus_removed():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    c.kubectl(f"label pod {pod} app=v1 --overwrite")
    c.settle()
    c.kubectl(f"label pod {pod} app=hello --overwrite")      # matches again: adopted
    c.settle()
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert len(owned_by(c, rs)) == 1
    assert len([p for p in c.api.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]) == 1


def test_replication_controller_uses_an_equality_selector():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=RC)
    c.settle()
    assert len(owned_by(c, "nginx")) == 2
    assert c.kubectl("get rc nginx").stdout.splitlines()[1].split()[:4] == ["nginx", "2", "2", "2"]


# ---------------------------------------------------------------- upstream's tables
import pytest  # noqa: E402

from kubelab.api.errors import ApiError  # noqa: E402
from kubelab.api.meta import find_condition  # noqa: E402
from kubelab.controllers.pods import Expectations, is_active, slow_start_batch  # noqa: E402
from kubelab.controllers.replicaset import compute_status  # noqa: E402


@pytest.mark.parametrize("count, call_limit, successes, failed, calls", [
    (10, 0, 0, True, 1),       # callLimit = 0 (all fail): the first batch is one call
    (10, 10, 10, False, 10),   # callLimit = count (all succeed): 1 + 2 + 4 + 3
    (10, 5, 5, True, 7),       # callLimit < count (some succeed): 1 + 2 + 4, then no more batches
])
def test_slow_start_batch_as_upstream(count, call_limit, successes, failed, calls):
    """pkg/controller/replicaset TestSlowStartBatch's table."""
    made = []

    def fn():
        made.append(1)
        return "fake error" if len(made) > call_limit else None
    got, err = slow_start_batch(count, 1, fn)
    assert (got, err is not None, len(made)) == (successes, failed, calls)


def test_expectations_as_upstream():
    """ControllerExpectations: met when none are set; creations and named deletions
    counted down as the pod events show them (a deletion once per pod); given up
    after five minutes."""
    now = [0.0]
    e = Expectations(lambda: now[0])
    assert e.satisfied("default/rs")
    e.expect_creations("default/rs", 2)
    e.creation_observed("default/rs")
    assert not e.satisfied("default/rs")
    e.creation_observed("default/rs")
    assert e.satisfied("default/rs")
    e.expect_deletions("default/rs", ["default/a", "default/b"])
    e.deletion_observed("default/rs", "default/a")
    e.deletion_observed("default/rs", "default/a")        # the same pod again: not a second deletion
    assert not e.satisfied("default/rs")
    e.deletion_observed("default/rs", "default/b")
    assert e.satisfied("default/rs")
    e.expect_creations("default/rs", 1)
    now[0] = 300.0
    assert not e.satisfied("default/rs")
    now[0] = 300.5
    assert e.satisfied("default/rs")                     # expired
    e.delete("default/rs")
    assert e.satisfied("default/rs")


WEB = """apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
"""


def test_create_failures_stop_after_the_failing_batch():
    """TestSyncReplicaSetCreateFailures: 100 replicas, room for 10 pods: one sync makes
    the 10 in batches of 1, 2, 4 and 8 — 15 calls, not 100 — records the refusals
    and the ReplicaFailure condition, which goes once pods can be made again."""
    c = kubelab.Cluster(pause=0)
    calls = []
    limit = [10]

    def quota(pod, old):
        calls.append(1)
        used = sum(1 for p in c.api.list("pods", "default", copy=False) if labels_of(p).get("app") == "web")
        if used >= limit[0]:
            raise ApiError(403, "Forbidden", 'pods "web" is forbidden: exceeded quota: q, requested: pods=1, '
                           f"used: pods={used}, limited: pods={limit[0]}")
    c.api.hooks.admitters["Pod"].append(quota)
    assert c.kubectl("apply -f -", stdin=WEB % 100).returncode == 0
    rsc = next(x for x in c.controllers if x.name == "replicaset")
    with c.api.acting_as("replicaset-controller"):
        rsc.sync("default/web")
    assert len(calls) == 15
    assert len([p for p in c.api.list("pods", "default") if labels_of(p).get("app") == "web"]) == 10
    failed = [e for e in c.api.list("events", "default") if e["reason"] == "FailedCreate"]
    assert [(e["count"], e["message"]) for e in failed] == [
        (5, 'Error creating: pods "web" is forbidden: exceeded quota: q, requested: pods=1, used: pods=10, limited: pods=10')]
    status = c.get("replicaset", "web")["status"]
    assert status["replicas"] == 10
    cond = find_condition({"status": status}, "ReplicaFailure")
    assert (cond["status"], cond["reason"], cond["message"]) == (
        "True", "FailedCreate", 'pods "web" is forbidden: exceeded quota: q, requested: pods=1, used: pods=10, limited: pods=10')
    limit[0] = 1000
    c.run(60)
    status = c.get("replicaset", "web")["status"]
    assert status["replicas"] == 100 and "conditions" not in status


def _check_tally(c, name="web"):
    """The status the controller keeps incrementally is calculateStatus over every pod."""
    rs = c.get("replicaset", name)
    uid = rs["metadata"]["uid"]
    pods = [p for p in c.api.list("pods", "default")
            if (controller_ref(p) or {}).get("uid") == uid and is_active(p)]
    want = compute_status(rs, pods, c.now)
    assert rs["status"] == want
    return want


def test_the_status_kept_from_pod_events_is_the_status_counted_afresh():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=WEB % 4)
    c.settle()
    assert _check_tally(c)["readyReplicas"] == 4
    pods = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default"))
    c.kubectl(f"label pod {pods[0]} app=other --overwrite")        # released, replaced
    c.settle()
    assert _check_tally(c)["replicas"] == 4
    c.kubectl(f"label pod {pods[0]} app=web --overwrite")          # adopted, one too many deleted
    c.settle()
    assert _check_tally(c)["replicas"] == 4
    c.kubectl("create configmap cm")                                # another controller takes a pod: replaced
    uid = c.get("configmap", "cm")["metadata"]["uid"]
    c.kubectl(["patch", "pod", pods[2], "--type=merge", "-p", '{"metadata":{"ownerReferences":[{"apiVersion":"v1",'
               f'"kind":"ConfigMap","name":"cm","uid":"{uid}","controller":true}}]}}}}'])
    c.settle()
    assert _check_tally(c)["replicas"] == 4 and pods[2] not in owned_by(c, "web")
    c.kubectl(f"label pod {pods[1]} extra=1")                      # still matches, still fully labelled
    c.kubectl("scale rs web --replicas=9")
    c.settle()
    assert _check_tally(c)["replicas"] == 9
    c.kubectl("scale rs web --replicas=2")
    c.run(1)
    _check_tally(c)
    c.settle()
    assert _check_tally(c)["readyReplicas"] == 2
    c.kubectl(["patch", "rs", "web", "--type=merge", "-p",           # template labels: not fully labelled now
               '{"spec":{"template":{"metadata":{"labels":{"app":"web","tier":"x"}}}}}'])
    c.settle()
    st = _check_tally(c)
    assert st["replicas"] == 2 and "fullyLabeledReplicas" not in st
    left = [p["metadata"]["name"] for p in c.api.list("pods", "default") if not p["metadata"].get("deletionTimestamp")]
    c.kubectl(f"delete pod {left[0]} --wait=false")
    c.run(1)
    _check_tally(c)
    c.settle()
    assert _check_tally(c)["replicas"] == 2


def test_min_ready_seconds_makes_ready_pods_available_later():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=(WEB % 2).replace("spec:\n  replicas", "spec:\n  minReadySeconds: 30\n  replicas"))
    c.wait_for(lambda: (c.get("replicaset", "web").get("status") or {}).get("readyReplicas") == 2, 120)
    st = _check_tally(c)
    assert st.get("availableReplicas", 0) == 0
    c.run(31)
    assert _check_tally(c)["availableReplicas"] == 2


def test_a_namespace_being_deleted_refuses_pods_without_an_event_or_a_retry():
    """createPods sends no FailedCreate when the namespace is terminating, and
    manageReplicas counts such a refusal as no error (no ReplicaFailure, no requeue)."""
    c = kubelab.Cluster(pause=0)
    c.kubectl("create namespace t")
    c.kubectl("apply -n t -f -", stdin=WEB % 0)
    c.pump()
    c.api.write_status("namespaces", "t", None, {"phase": "Terminating"})
    c.api.mutate("replicasets", "web", "t", lambda rs: rs["spec"].update(replicas=2))
    rsc = next(x for x in c.controllers if x.name == "replicaset")
    with c.api.acting_as("replicaset-controller"):
        rsc.sync("t/web")
    assert c.api.list("pods", "t") == []
    assert [e["reason"] for e in c.api.list("events", "t")] == []
    assert "conditions" not in c.get("replicaset", "web", namespace="t")["status"]
    assert not rsc.expectations.satisfied("t/web")       # the two creates stay expected (until they expire)
    assert "t/web" not in rsc._failures


def test_a_pod_ready_with_others_pending_is_looked_at_again_min_ready_seconds_plus_one_later():
    """updatePod: a pod turning ready requeues its set minReadySeconds + 1 s later
    (syncReplicaSet's own AddAfter is only for all replicas ready): one of two pods
    fits the node, so the set's status says it available 11 s after it got ready."""
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=(WEB % 2).replace("spec:\n  replicas", "spec:\n  minReadySeconds: 10\n  replicas")
              .replace("image: nginx}", "image: nginx, resources: {requests: {cpu: 1200m}}}"))
    assert c.wait_for(lambda: (c.get("replicaset", "web").get("status") or {}).get("readyReplicas") == 1, 120)
    c.run(10)
    assert "availableReplicas" not in c.get("replicaset", "web")["status"]      # not looked at yet
    c.run(1)
    assert _check_tally(c)["availableReplicas"] == 1


def test_the_pod_handler_remembering_the_last_owner_list_acts_as_without_it():
    """_on_pod remembers the last ownerReferences list it met (a set's pods share one)
    with its controller reference and key: over pods of several namespaces whose lists
    are shared, handed over and taken away, it wakes the same keys and marks the same
    pods as a handler that forgets after each call."""
    import random

    from kubelab.api.store import Store
    from kubelab.clock import Clock
    from kubelab.controllers.events import Recorder
    from kubelab.controllers.replicaset import ReplicaSetController, _Tally

    def ref(kind, name, uid, controller=True):
        return {"apiVersion": "apps/v1", "kind": kind, "name": name, "uid": uid, "controller": controller}

    lists = [None, [], [ref("ReplicaSet", "web", "u1")], [ref("ReplicaSet", "db", "u2")],
             [ref("Job", "batch", "u3")], [ref("ReplicaSet", "web", "u1", controller=False)],
             [ref("Job", "x", "u4", controller=False), ref("ReplicaSet", "db", "u2")]]
    lists.append([dict(r) for r in lists[2]])          # equal to another list, not the same one

    def controller():
        api = Store(Clock(), random.Random(0))
        rsc = ReplicaSetController(api, api.clock, Recorder(api, api.clock))
        for uid in ("u1", "u2"):
            rsc._tallies[uid] = _Tally("", 0, ())
        return rsc

    remembering, forgetting = controller(), controller()

    def woken(rsc):
        out = []
        while (key := rsc.queue.pop()) is not None:
            out.append(key)
        return out

    rng = random.Random(3)
    pods: dict[tuple, dict] = {}
    for i in range(2000):
        ns, name = rng.choice(("a", "b")), f"p{rng.randrange(20)}"
        old = pods.get((ns, name))
        md = {"name": name, "namespace": ns, "labels": {"app": rng.choice("xy")}}
        refs = rng.choice(lists) if old is None or rng.random() < 0.3 else old["metadata"].get("ownerReferences")
        if refs is not None:
            md["ownerReferences"] = refs
        pod = {"metadata": md, "status": {"phase": rng.choice(("Pending", "Running"))}}
        etype = "ADDED" if old is None else rng.choice(("MODIFIED", "MODIFIED", "DELETED"))
        forgetting._seen = (None, None, None, "", False)
        for rsc in (remembering, forgetting):
            rsc._on_pod(etype, pod, None if etype == "DELETED" else old)
        assert woken(remembering) == woken(forgetting)
        assert ({u: t.dirty for u, t in remembering._tallies.items()}
                == {u: t.dirty for u, t in forgetting._tallies.items()})
        if etype == "DELETED":
            pods.pop((ns, name))
        else:
            pods[(ns, name)] = pod


def test_looking_at_pods_sharing_labels_counts_each_as_if_looked_at_alone():
    """_look keeps what the selector and the template make of the last labels dict it
    met (a set's pods share one): over pods whose labels are shared, equal but not
    shared, matching, not matching or matching without every template label, the
    tally and the released pods are those of each pod judged on its own."""
    import random

    from kubelab.api import selectors
    from kubelab.api.store import Store
    from kubelab.clock import Clock
    from kubelab.controllers.events import Recorder
    from kubelab.controllers.replicaset import READY, LABELLED, ReplicaSetController, _Tally

    api = Store(Clock(), random.Random(0))
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    rs = api.create({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web", "namespace": "default"},
                     "spec": {"replicas": 1, "selector": {"matchExpressions": [
                         {"key": "app", "operator": "In", "values": ["web", "www"]}]},
                              "template": {"metadata": {"labels": {"app": "web", "tier": "f"}}, "spec": {}}}})
    owner = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web", "uid": rs["metadata"]["uid"], "controller": True}
    rsc = ReplicaSetController(api, api.clock, Recorder(api, api.clock))
    shapes = [{"app": "web", "tier": "f"}, {"app": "www", "tier": "f"}, {"app": "web"}, {"app": "other", "tier": "f"},
              {"tier": "f"}, {"app": "web", "tier": "f", "x": "1"}]
    rng = random.Random(5)
    expected, names = {}, []
    for i in range(300):
        labels = dict(rng.choice(shapes))
        name = f"web-{i:03d}"
        ready = rng.random() < 0.5
        api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default",
                    "labels": labels, "ownerReferences": [dict(owner)]},
                    "spec": {"containers": [{"name": "c", "image": "nginx"}]},
                    "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}},
                   handover=True)
        names.append(name)
        if labels.get("app") in ("web", "www"):      # selected; fully labelled when it has the template's labels
            expected[name] = READY * ready | LABELLED * (labels.get("app") == "web" and labels.get("tier") == "f")
    tally = _Tally("", 0, names)
    rsc._look(api.peek("replicasets", "web", "default"), tally, selectors.from_label_selector(rs["spec"]["selector"]))
    assert tally.members == expected
    released = [n for n in names if not api.peek("pods", n, "default")["metadata"].get("ownerReferences")]
    assert released == [n for n in names if n not in expected]
    assert len({id(api.peek("pods", n, "default")["metadata"]["labels"]) for n in names}) < len(shapes) * 2
