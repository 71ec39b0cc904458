import random

import pytest

from kubelab.api.errors import ApiError
from kubelab.api.store import Store
from kubelab.clock import Clock


def make_store():
    s = Store(Clock(), random.Random(0))
    s.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    return s


def cm(name, **md):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, **md}, "data": {"a": "1"}}


def test_create_assigns_uid_resource_version_and_timestamp():
    s = make_store()
    obj = s.create(cm("x"))
    md = obj["metadata"]
    assert md["namespace"] == "default"
    assert len(md["uid"]) == 36 and md["uid"][14] == "4"
    assert int(md["resourceVersion"]) > 0
    assert md["creationTimestamp"] == "2025-01-06T09:00:00Z"
    assert "generation" not in md          # ConfigMaps have no generation


def test_a_dry_run_create_is_filled_in_as_a_create_but_not_stored():
    # what `kubectl create deployment x --image=nginx --dry-run=server -o yaml` shows from
    # a v1.32 apiserver: BeforeCreate's uid, creationTimestamp and (for kinds with one)
    # generation, but no resourceVersion: the dry-run storage never writes
    s = make_store()
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
         "spec": {"selector": {"matchLabels": {"app": "x"}},
                  "template": {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}}}
    rv = s.create(cm("before"))["metadata"]["resourceVersion"]
    md = s.create(d, dry_run=True)["metadata"]
    assert md["creationTimestamp"] == "2025-01-06T09:00:00Z" and md["generation"] == 1 and len(md["uid"]) == 36
    assert "resourceVersion" not in md
    assert s.try_get("deployments", "x", "default") is None
    assert "generation" not in s.create(cm("y"), dry_run=True)["metadata"]
    assert s.create(cm("after"))["metadata"]["resourceVersion"] == str(int(rv) + 1)


def test_generate_name_uses_kubernetes_alphabet():
    s = make_store()
    obj = s.create(cm("", generateName="web-"))
    name = obj["metadata"]["name"]
    assert name.startswith("web-") and len(name) == 9
    assert set(name[4:]) <= set("bcdfghjklmnpqrstvwxz2456789")


def test_already_exists_and_not_found_are_worded_as_the_apiserver_words_them():
    s = make_store()
    s.create(cm("x"))
    with pytest.raises(ApiError) as e:
        s.create(cm("x"))
    assert e.value.kubectl_text() == 'Error from server (AlreadyExists): configmaps "x" already exists'
    with pytest.raises(ApiError) as e:
        s.get("deployments", "nope", "default")
    assert e.value.kubectl_text() == 'Error from server (NotFound): deployments.apps "nope" not found'
    with pytest.raises(ApiError) as e:
        s.create(cm("y", namespace="missing"))
    assert e.value.kubectl_text() == 'Error from server (NotFound): namespaces "missing" not found'


def test_generation_bumps_only_on_spec_change_and_no_op_updates_keep_resource_version():
    s = make_store()
    d = s.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                  "spec": {"replicas": 1, "selector": {"matchLabels": {"a": "b"}},
                           "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": []}}}})
    assert d["metadata"]["generation"] == 1
    same = s.update(d)
    assert same["metadata"]["resourceVersion"] == d["metadata"]["resourceVersion"]
    d["spec"]["replicas"] = 3
    d2 = s.update(d)
    assert d2["metadata"]["generation"] == 2
    d2["status"] = {"replicas": 3}
    d3 = s.update_status(d2)
    assert d3["metadata"]["generation"] == 2 and d3["status"] == {"replicas": 3}


def test_stale_resource_version_is_a_conflict():
    s = make_store()
    obj = s.create(cm("x"))
    obj["data"] = {"a": "2"}
    s.update(obj)
    obj["data"] = {"a": "3"}
    with pytest.raises(ApiError) as e:
        s.update(obj)
    assert e.value.reason == "Conflict"
    assert s.get("configmaps", "x")["data"] == {"a": "2"}


def test_watchers_see_added_modified_deleted():
    s = make_store()
    seen = []
    s.watch(lambda t, o, old: seen.append((t, o["metadata"]["name"])), "configmaps")
    obj = s.create(cm("x"))
    obj["data"] = {"a": "9"}
    s.update(obj)
    s.delete("configmaps", "x", "default")
    assert seen == [("ADDED", "x"), ("MODIFIED", "x"), ("DELETED", "x")]


def test_store_hands_out_copies():
    s = make_store()
    obj = s.create(cm("x"))
    obj["data"]["a"] = "changed"
    assert s.get("configmaps", "x")["data"]["a"] == "1"


def test_finalizers_hold_deletion_until_removed():
    s = make_store()
    s.create(cm("x", finalizers=["example.com/hold"]))
    held = s.delete("configmaps", "x", "default")
    assert held["metadata"]["deletionTimestamp"]
    assert s.try_get("configmaps", "x") is not None
    s.remove_finalizer("configmaps", "x", "default", "example.com/hold")
    assert s.try_get("configmaps", "x") is None


def pod(name, node=None, owner=None):
    md = {"name": name}
    if owner:
        md["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": owner,
                                  "controller": True}]
    spec = {"containers": [{"name": "c", "image": "nginx"}]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec}


def test_a_node_watch_sees_only_the_pods_bound_to_its_node_and_stops_when_unwatched():
    s = make_store()
    seen = {"a": [], "b": []}
    fns = {n: (lambda t, o, old, n=n: seen[n].append((t, o["metadata"]["name"]))) for n in seen}
    for n, fn in fns.items():
        s.watch(fn, "Pod", node=n)
    s.create(pod("p1", node="a"))
    s.create(pod("p2"))                           # not bound yet: nobody's
    s.mutate("pods", "p2", "default", lambda p: p["spec"].__setitem__("nodeName", "b"))
    s.unwatch(fns["a"])
    s.create(pod("p3", node="a"))
    assert seen == {"a": [("ADDED", "p1")], "b": [("MODIFIED", "p2")]}


def test_list_stays_in_key_order_as_names_come_and_go():
    s = make_store()
    for name in ("m", "b", "x"):
        s.create(cm(name))
    assert [o["metadata"]["name"] for o in s.list("configmaps", "default")] == ["b", "m", "x"]
    s.create(cm("a"))
    s.delete("configmaps", "m", "default")
    assert [o["metadata"]["name"] for o in s.list("configmaps", "default")] == ["a", "b", "x"]


def test_orphans_are_the_objects_without_a_controller_owner():
    s = make_store()
    s.create(pod("owned", owner="uid-1"))
    s.create(pod("z-free"))
    s.create(pod("a-free"))
    assert [p["metadata"]["name"] for p in s.orphans("pods", "default")] == ["a-free", "z-free"]
    s.mutate("pods", "a-free", "default", lambda p: p["metadata"].__setitem__(
        "ownerReferences", [{"apiVersion": "v1", "kind": "ReplicaSet", "name": "rs", "uid": "uid-2", "controller": True}]))
    s.mutate("pods", "owned", "default", lambda p: p["metadata"].pop("ownerReferences"))
    assert [p["metadata"]["name"] for p in s.orphans("pods", "default")] == ["owned", "z-free"]
    s.delete("pods", "z-free", "default", grace_period=0)
    assert [p["metadata"]["name"] for p in s.orphans("pods", "default")] == ["owned"]
    assert [p["metadata"]["name"] for p in s.owned("pods", "uid-2")] == ["a-free"]


def _pod(name, **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}


def test_a_binding_is_one_write_of_node_name_and_pod_scheduled():
    s = make_store()
    s.create(_pod("web"))
    seen = []
    s.watch(lambda t, o, old: seen.append(t), "pods")
    before = int(s._rv)
    bound = s.bind("web", "default", "node-1")
    assert seen == ["MODIFIED"] and int(bound["metadata"]["resourceVersion"]) == before + 1
    assert bound["spec"]["nodeName"] == "node-1"
    assert bound["status"]["conditions"] == [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                              "lastTransitionTime": "2025-01-06T09:00:00Z"}]


def test_a_binding_replaces_an_unschedulable_condition_where_it_stands():
    s = make_store()
    s.create(_pod("web"))
    s.write_status("pods", "web", "default", {"phase": "Pending", "conditions": [
        {"type": "PodScheduled", "status": "False", "lastProbeTime": None, "lastTransitionTime": "2025-01-01T00:00:00Z",
         "reason": "Unschedulable", "message": "0/1 nodes are available"}]})
    bound = s.bind("web", "default", "node-1")
    assert bound["status"]["conditions"] == [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                              "lastTransitionTime": "2025-01-06T09:00:00Z"}]


def test_pods_of_one_status_bound_in_one_second_get_one_status_object():
    # (a ReplicaSet's pods share the status they were created with: Store.create's template)
    s = make_store()
    for n in "abcd":
        s.create(_pod(n))
    status = {"phase": "Pending", "qosClass": "BestEffort"}
    for n in "abc":
        s.write_status("pods", n, "default", status)       # stored as given: one object
    s.write_status("pods", "d", "default", dict(status))
    a = s.bind("a", "default", "node-1")["status"]
    assert s.bind("b", "default", "node-2")["status"] is a
    s.clock.advance(1)                                       # the next second: a status of its own
    c = s.bind("c", "default", "node-1")["status"]
    assert c["conditions"] == [{"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                                "lastTransitionTime": "2025-01-06T09:00:01Z"}]
    d = s.bind("d", "default", "node-1")["status"]          # another status object, equal: made afresh
    assert d == c and d is not c and s.peek("pods", "d")["status"] is d
    assert a["conditions"][0]["lastTransitionTime"] == "2025-01-06T09:00:00Z" and status == {
        "phase": "Pending", "qosClass": "BestEffort"}


def test_a_pod_with_a_node_or_being_deleted_cannot_be_bound():
    s = make_store()
    s.create(_pod("web", nodeName="node-1"))
    with pytest.raises(ApiError) as err:
        s.bind("web", "default", "node-2")
    assert err.value.code == 409
    assert err.value.message == 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "node-1"'
    s.create(_pod("gated", schedulingGates=[{"name": "wait"}]))
    with pytest.raises(ApiError) as err:
        s.bind("gated", "default", "node-2")
    assert err.value.message.endswith("pod gated has non-empty .spec.schedulingGates")
    assert s.get("pods", "gated", "default")["spec"].get("nodeName") is None


def test_uids_are_the_version_4_uuids_of_the_seeded_rng():
    import uuid
    s, rng = make_store(), random.Random(0)
    rng.getrandbits(128)                     # the default namespace's
    for _ in range(200):
        assert s.new_uid() == str(uuid.UUID(int=rng.getrandbits(128), version=4))


def test_random_suffixes_are_what_rng_choice_draws_from_the_kubernetes_alphabet():
    from kubelab.api.store import ALPHANUMS
    for seed in range(50):
        s = Store(Clock(), random.Random(seed))
        rng = random.Random(seed)
        for n in (5, 5, 1, 10):
            assert s.random_suffix(n) == "".join(rng.choice(ALPHANUMS) for _ in range(n))
        assert s.rng.random() == rng.random()      # and the generator is left where choice leaves it


def test_a_status_write_keeps_the_stored_metadata_and_spec_and_a_no_op_keeps_the_version():
    s = make_store()
    s.create(_pod("web"))
    cur = s.peek("pods", "web", "default")
    seen = []
    s.watch(lambda t, o, old: seen.append((t, o, old)), "pods")
    status = {"phase": "Running", "podIP": "10.244.0.5"}
    s.write_status("pods", "web", "default", status)
    new = s.peek("pods", "web", "default")
    assert list(new) == [*cur, "status"] and new["status"] == {"phase": "Running", "podIP": "10.244.0.5"}
    assert new["spec"] is cur["spec"]
    assert int(new["metadata"]["resourceVersion"]) == int(cur["metadata"]["resourceVersion"]) + 1
    assert list(new["metadata"]) == list(cur["metadata"])
    assert seen == [("MODIFIED", new, cur)]
    s.write_status("pods", "web", "default", {"phase": "Running", "podIP": "10.244.0.5"})
    assert s.peek("pods", "web", "default") is new and len(seen) == 1       # equal: no write, no event
    with pytest.raises(ApiError) as err:
        s.write_status("pods", "gone", "default", {})
    assert err.value.code == 404 and err.value.message == 'pods "gone" not found'


def test_a_status_write_takes_back_the_stored_statuss_unchanged_parts():
    s = make_store()
    s.create(_pod("web"))
    s.write_status("pods", "web", "default", {"conditions": [{"type": "Ready", "status": "False"}], "phase": "Pending"})
    before = s.peek("pods", "web", "default")["status"]
    s.write_status("pods", "web", "default", {"conditions": [{"type": "Ready", "status": "False"}], "phase": "Running"})
    after = s.peek("pods", "web", "default")["status"]
    assert after["conditions"] is before["conditions"] and after["phase"] == "Running"


def test_a_status_write_puts_the_status_last_as_the_status_subresource_does():
    s = make_store()
    pod = _pod("web")
    s.create({"apiVersion": pod["apiVersion"], "kind": pod["kind"], "metadata": pod["metadata"],
              "status": {"phase": "Pending"}, "spec": pod["spec"]})
    s.write_status("pods", "web", "default", {"phase": "Running"})
    got = s.peek("pods", "web", "default")
    assert list(got) == ["apiVersion", "kind", "metadata", "spec", "status"] and got["status"] == {"phase": "Running"}
    s.write_status("pods", "web", "default", {"phase": "Succeeded"})
    assert list(s.peek("pods", "web", "default")) == ["apiVersion", "kind", "metadata", "spec", "status"]
