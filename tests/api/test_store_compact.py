"""Compact storage: Events kept as bytes, Pods sharing their equal parts.  What
is read back is what was written, to the byte; what one object shares with
another never changes through a copy."""
import json

import kubelab
from kubelab.api.sharing import Sharer
from kubelab.api.store import PackedBucket


def _cluster(replicas: int = 3) -> kubelab.Cluster:
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl(f"create deployment web --image=nginx:1.16.1 --replicas={replicas}")
    c.settle()
    return c


def test_events_are_stored_as_bytes_and_read_back_as_written():
    c = _cluster()
    rt = c.api.resource("events")
    bucket = c.api._data[rt]["default"]
    assert type(bucket) is PackedBucket and bucket
    assert all(type(raw) is bytes for raw in dict.values(bucket))
    written = {"apiVersion": "v1", "kind": "Event",
               "metadata": {"name": "odd.1", "namespace": "default"},
               "involvedObject": {"kind": "Pod", "name": "odd", "namespace": "default"},
               "reason": "Odd", "message": "ünïcode ✓", "count": 1, "type": "Normal",
               "eventTime": None, "series": {"count": 1.0, "flag": True, "neg": -0.0, "n": 1}}
    c.api.create(written)
    got = c.api.get("events", "odd.1", "default")
    assert json.dumps(got) == json.dumps({**written, "metadata": got["metadata"]})
    assert [type(got["series"][k]) for k in ("count", "flag", "neg", "n")] == [float, bool, float, int]
    assert str(got["series"]["neg"]) == "-0.0"
    # every read path rebuilds a fresh object: changing one changes nothing stored
    got["message"] = "changed"
    assert c.api.peek("events", "odd.1", "default")["message"] == "ünïcode ✓"
    listed = [e for e in c.api.list("events", "default", copy=False) if e["metadata"]["name"] == "odd.1"]
    assert listed[0]["message"] == "ünïcode ✓"


def test_a_repeated_event_is_patched_in_its_packed_form():
    c = _cluster()
    pod = c.api.list("pods", "default")[0]
    for _ in range(3):
        c.recorder.warning(pod, "BackOff", "Back-off restarting failed container", component="kubelet", host="minikube")
    events = [e for e in c.api.list("events", "default") if e["reason"] == "BackOff"]
    assert [e["count"] for e in events] == [3]


def test_pods_from_one_template_share_their_equal_parts():
    c = _cluster(12)
    pods = c.api.list("pods", "default", copy=False)

    def copies(part):
        return len({id(part(p)) for p in pods})
    # at most n + 1 copies of a part with n levels below it (see kubelab.api.sharing)
    assert copies(lambda p: p["metadata"]["labels"]) == 1
    assert copies(lambda p: p["spec"]["tolerations"]) <= 2
    assert copies(lambda p: p["spec"]["volumes"][0]["projected"]) <= 6
    assert copies(lambda p: p["spec"]["volumes"]) == 12       # each its own token volume name
    # a copy handed out is the reader's own: changing it leaves the other pods alone
    first, *others = pods
    mine = c.api.get("pods", first["metadata"]["name"], "default")
    mine["spec"]["tolerations"][0]["tolerationSeconds"] = 1
    assert all(p["spec"]["tolerations"][0]["tolerationSeconds"] == 300 for p in others)


def test_sharing_tells_true_from_one_and_float_from_int():
    s = Sharer()
    objs = [{"a": {"x": True}}, {"a": {"x": 1}}, {"a": {"x": 1.0}}, {"a": {"x": -0.0}}, {"a": {"x": 0.0}}]
    for o in objs:
        s.share_parts(o)
    assert len({id(o["a"]) for o in objs}) == 5
    assert [repr(o["a"]["x"]) for o in objs] == ["True", "1", "1.0", "-0.0", "0.0"]
    again = [{"a": {"x": True}} for _ in range(2)]
    for o in again:
        s.share_parts(o)
    assert again[0]["a"] is again[1]["a"] and again[1]["a"]["x"] is True


def test_sharing_keeps_key_order_and_takes_back_the_unchanged_parts_of_the_old_version():
    s = Sharer()
    a, b = {"m": {"k1": "1", "k2": "2"}}, {"m": {"k2": "2", "k1": "1"}}
    s.share_parts(a)
    s.share_parts(b)
    assert a["m"] is not b["m"] and list(b["m"]) == ["k2", "k1"]
    old = {"spec": {"big": list(range(20)), "n": 1}, "status": {"phase": "Pending"}}
    new = {"spec": {"big": list(range(20)), "n": 1}, "status": {"phase": "Running"}}
    s.share_parts(new, old)
    assert new["spec"] is old["spec"] and new["status"] == {"phase": "Running"}


def test_the_sharing_table_is_bounded():
    s = Sharer(limit=10)
    for i in range(100):
        s.share_parts({"a": {"i": i}})
    assert len(s._table) <= 11


def test_an_event_past_the_kept_shapes_is_packed_with_its_keys(monkeypatch):
    import kubelab.api.store as store
    c = _cluster(1)
    monkeypatch.setattr(store, "SHAPES_KEPT", 0)
    written = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "new.1", "namespace": "default"},
               "involvedObject": {"kind": "Pod", "name": "new"}, "reason": "New", "message": "m",
               "shape": {"never": ["seen", {"before": 1}]}}
    c.api.create(written)
    got = c.api.get("events", "new.1", "default")
    assert json.dumps(got) == json.dumps({**written, "metadata": got["metadata"]})


def test_describe_finds_an_objects_events_among_the_packed_ones():
    c = _cluster(3)
    pods = c.api.list("pods", "default", copy=False)
    uid, name = pods[1]["metadata"]["uid"], pods[1]["metadata"]["name"]
    about = [e for e in c.api.mentioning("events", "default", [uid]) if e["involvedObject"].get("uid") == uid]
    every = [e for e in c.api.list("events", "default") if e["involvedObject"].get("uid") == uid]
    assert about == every and [e["reason"] for e in about][0] == "Scheduled" and len(about) >= 4
    assert len(c.api.mentioning("events", "default", [uid])) < len(c.api.list("events", "default"))
    assert c.api.mentioning("events", "nowhere", [uid]) == []
    assert "Successfully assigned default/" + name in c.kubectl(f"describe pod {name}").stdout


def test_recurring_strings_are_stored_once_and_every_other_value_in_its_place():
    from kubelab.api.store import Shapes
    s = Shapes()
    event = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "x.1", "namespace": "default"},
             "involvedObject": {"kind": "Pod", "name": "x"}, "reason": "Odd", "message": "odd",
             "source": {"component": "kubelet", "host": "minikube"}, "firstTimestamp": "t", "count": 2}
    packed = [s.pack(event, "x.1") for _ in range(3)]
    # a word (the same source and kind, the same instant, the same reason and message) is
    # given in full the first time it is seen; metadata.name is the bucket's key
    assert len(packed[2]) == len(packed[1]) < len(packed[0]) and b"x.1" not in packed[0]
    assert b"kubelet" in packed[0] and b"kubelet" not in packed[1] and b"Odd" not in packed[1]
    for raw in packed:
        assert json.dumps(s.unpack(raw, "x.1")) == json.dumps(event)
    assert s.unpack(packed[2], "y.2")["metadata"]["name"] == "y.2"
    assert s.unpack(s.pack(event, "other"), "other")["metadata"]["name"] == "x.1"   # not the key: kept
    # only strings and None make words: True, 1 and 1.0 are never taken for one another
    odd = [{**event, "source": {"component": v, "host": "minikube"}, "reason": r}
           for v in (True, 1, 1.0, "1") for r in (7, None, "Odd")]
    for o in odd + odd + odd:
        got = s.unpack(s.pack(o, "x.1"), "x.1")
        assert json.dumps(got) == json.dumps(o) and type(got["source"]["component"]) is type(o["source"]["component"])
        assert type(got["reason"]) is type(o["reason"])
    # a list or a dict where a word stands: packed with its keys
    listed = {**event, "message": ["a", {"b": 1}]}
    raw = s.pack(listed, "x.1")
    assert b"message" in raw and json.dumps(s.unpack(raw, "x.1")) == json.dumps(listed)


def test_a_packed_event_is_read_back_as_written_once_its_strings_are_words():
    c = _cluster(3)
    rt = c.api.resource("events")
    bucket = c.api._data[rt]["default"]
    shapes = bucket.shapes
    assert any("Started container nginx" in word for word in shapes.codes)     # three pods said it
    for name, raw in dict.items(bucket):
        got = bucket[name]
        again = shapes.unpack(shapes.pack(got, name), name)
        assert json.dumps(again) == json.dumps(got) and got["metadata"]["name"] == name
        assert list(got) == ["apiVersion", "kind", "metadata", "involvedObject", "reason", "message", "source",
                             "firstTimestamp", "lastTimestamp", "count", "type", "eventTime",
                             "reportingComponent", "reportingInstance"]
        assert list(got["metadata"]) == ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"]


def test_the_recorders_create_is_the_stores_create():
    c = _cluster(1)
    pod = c.api.list("pods", "default", copy=False)[0]
    seen = []
    c.api.watch(lambda t, o, old: seen.append((t, o["kind"], o["metadata"]["name"])), "Event")
    rv = c.api._rv
    c.recorder.warning(pod, "Odd", "something odd", component="kubelet", host="minikube")
    ev = [e for e in c.api.list("events", "default") if e["reason"] == "Odd"][0]
    md = ev["metadata"]
    assert md["resourceVersion"] == str(rv + 1) and len(md["uid"]) == 36
    assert md["creationTimestamp"] == ev["firstTimestamp"] == c.clock.timestamp()
    assert seen == [("ADDED", "Event", md["name"])]
    last = c.api.actions[-1]
    assert (last.component, last.verb, last.kind, last.key) == ("kubelet", "create", "Event", f"default/{md['name']}")
    # the record holds the namespace in its shared head and the event's own name string, no key made for it
    log = c.api.actions
    assert log._heads[-1][4] == "default" and log._names[-1] == md["name"]
    assert c.api.component == "kubectl"
    # a namespace being deleted takes no new events: the recorder drops the one refused
    c.kubectl("create namespace gone")
    c.kubectl("run p --image=nginx:1.16.1 -n gone")
    c.settle()
    p = c.api.get("pods", "p", "gone")
    c.api.delete("namespaces", "gone")
    before = c.api._rv
    c.recorder.warning(p, "Late", "too late", component="kubelet", host="minikube")
    assert c.api._rv == before and not [e for e in c.api.list("events", "gone") if e["reason"] == "Late"]


def test_stored_lists_hold_no_spare_room_and_shared_parts_are_found_whole():
    import sys
    c = _cluster(3)
    pods = c.api.list("pods", "default", copy=False)
    for p in pods:
        for part in (p["spec"]["containers"], p["spec"]["volumes"], p["status"]["containerStatuses"],
                     p["spec"]["containers"][0]["volumeMounts"]):
            assert sys.getsizeof(part) == sys.getsizeof(part[:])        # a slice holds no spare room
    s = Sharer()
    made = [{"spec": {"tolerations": [{"key": "k", "operator": "Exists"}]}} for _ in range(4)]
    for obj in made:
        s.share_parts(obj)
    # the third finds the whole spec in the table: one lookup, nothing below it walked
    assert made[3]["spec"] is made[2]["spec"] and made[3]["spec"]["tolerations"] is made[1]["spec"]["tolerations"]


def test_the_action_log_reads_as_the_deque_it_replaces():
    """The compact action log gives the records a deque(maxlen=...) of Actions would:
    oldest first, the newest kept, indexable from both ends, each an Action."""
    from collections import deque

    from kubelab.api.store import Action, ActionLog
    log, ref = ActionLog(5), deque(maxlen=5)
    steps = [(0, "kubectl", "create", "Namespace", "", "dev", ""),
             (0.0, "kubectl", "create", "Pod", "dev", "a", ""),
             (1.5, "kubelet", "update-status", "Pod", "dev", "a", ""),
             (1.5, "kubelet", "update-status", "Pod", "dev", "b", ""),
             (1.5, "kubectl", "delete", "Pod", "dev", "a", "graceful"),
             (2.0, "kubectl", "create", "Node", "", "n1", ""),
             (2.0, "kubectl", "create", "Pod", None, "dev/c", "")]
    for i, (t, comp, verb, kind, ns, name, detail) in enumerate(steps):
        log.add(t, comp, verb, kind, ns, name, detail)
        ref.append(Action(t, comp, verb, kind, f"{ns}/{name}" if ns else name, detail))
        got = list(log)
        assert got == list(ref) and len(log) == len(ref) == min(i + 1, 5)
        assert [type(a.time) for a in got] == [type(a.time) for a in ref]    # 0 stays 0, 0.0 stays 0.0
        assert all(type(a) is Action for a in got)
        assert [log[j] for j in range(-len(ref), len(ref))] == [ref[j] for j in range(-len(ref), len(ref))]
        assert list(reversed(log)) == list(reversed(ref))
    import pytest
    with pytest.raises(IndexError):
        log[5]
    log.append(Action(3.0, "x", "update", "Pod", "dev/d", ""))
    assert log[-1] == Action(3.0, "x", "update", "Pod", "dev/d", "") and log.maxlen == 5
    log.clear()
    assert list(log) == [] and len(log) == 0


def test_recorded_actions_name_the_objects_as_before():
    c = _cluster(1)
    keys = {(a.verb, a.kind, a.key) for a in c.api.actions}
    pod = c.api.list("pods", "default", copy=False)[0]["metadata"]["name"]
    assert ("create", "Pod", f"default/{pod}") in keys and ("update", "Pod", f"default/{pod}") in keys
    assert ("update-status", "Pod", f"default/{pod}") in keys
    assert ("create", "Node", "minikube") in keys
    c.kubectl(f"delete pod {pod}")
    c.settle()
    assert [(a.component, a.detail) for a in c.api.actions if a.verb == "delete" and a.key == f"default/{pod}"] == \
        [("kubectl", "graceful"), ("kubelet", "")]


def test_a_pods_own_parts_are_walked_not_looked_up():
    """A pod's containers, volumes and container statuses hold its own strings (the
    service account volume's name, container IDs): the sharer walks them without
    looking them up (nothing is remembered for them), and still shares what lies
    below (a container's resources, a volume's projected sources)."""
    from kubelab.api import sharing
    c = _cluster(10)
    pods = c.api.list("pods", "default", copy=False)
    table = c.api._sharer._table
    remembered = {id(v) for v in table.values()}
    for p in pods:
        for part in (p["spec"]["containers"], p["spec"]["containers"][0], p["spec"]["volumes"],
                     p["spec"]["volumes"][0], p["status"]["containerStatuses"], p["status"]["podIPs"]):
            assert id(part) not in remembered
    def copies(get):
        return len({id(get(p)) for p in pods})
    # at most n + 1 copies of a part with n levels below it (see sharing's docstring)
    assert copies(lambda p: p["spec"]["containers"][0]["resources"]) == 1
    assert copies(lambda p: p["metadata"]["labels"]) == 1 and copies(lambda p: p["spec"]["tolerations"]) <= 3
    assert copies(lambda p: p["spec"]["volumes"][0]["projected"]) <= 6
    # an own part equal in two objects is still equal, just not one object
    s = sharing.Sharer()
    x = {"spec": {"volumes": [{"name": "v", "emptyDir": {}}]}}
    y = {"spec": {"volumes": [{"name": "v", "emptyDir": {}}]}}
    s.share_parts(x)
    s.share_parts(y)
    assert x == y and x["spec"]["volumes"] is not y["spec"]["volumes"]
    assert x["spec"]["volumes"][0]["emptyDir"] is y["spec"]["volumes"][0]["emptyDir"]


def test_a_list_without_spare_room_is_kept_itself():
    """A list handed over without spare room is stored (and remembered) itself, so a
    writer handing the same list again (a kubelet's conditions shared by its pods)
    finds it known; one made by appending is stored as a copy without spare room."""
    import sys
    s = Sharer()
    conditions = [{"type": "Ready", "status": "True"}]
    obj = {"status": {"phase": "Running", "conditions": conditions}}
    s.share_parts(obj)
    assert obj["status"]["conditions"] is conditions
    again = {"status": {"phase": "Pending", "conditions": conditions}}
    s.share_parts(again)
    assert again["status"]["conditions"] is conditions
    grown = []
    grown.append({"type": "Ready", "status": "False"})
    obj = {"status": {"phase": "Running", "conditions": grown}}
    s.share_parts(obj)
    assert obj["status"]["conditions"] == grown and obj["status"]["conditions"] is not grown
    assert sys.getsizeof(obj["status"]["conditions"]) == sys.getsizeof(grown[:])


def _stored_pods(c: kubelab.Cluster) -> dict:
    """Every stored pod as marshal bytes (version 0: no references, so sharing does not
    show): exact (types, key order), unlike ==."""
    import marshal
    return {p["metadata"]["name"]: marshal.dumps(p, 0) for p in c.api.list("pods", "default", copy=False)}


def test_a_pod_takes_the_parts_it_shares_with_the_pod_made_before_it_from_one_template():
    """A ReplicaSet's pods are made from one template object: each takes the parts
    equal to the previous pod's from that pod (one object for all of them, where
    looking parts up in the table would leave a few copies: see the test above)."""
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=12")   # one sync makes all 12
    made = []
    c.api.watch(lambda etype, obj, old: etype == "ADDED" and made.append(obj), "pods")
    c.settle()
    assert len(made) == 12

    def copies(get):
        return len({id(get(p)) for p in made})
    assert copies(lambda p: p["spec"]["tolerations"]) == 1
    assert copies(lambda p: p["spec"]["volumes"][0]["projected"]) == 1
    assert copies(lambda p: p["metadata"]["ownerReferences"]) == 1
    assert copies(lambda p: p["status"]) == 1
    assert copies(lambda p: p["spec"]["volumes"]) == 12 and copies(lambda p: p["spec"]) == 12   # own names


def test_only_a_pod_made_from_the_same_template_object_lends_its_parts():
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment web --image=nginx:1.16.1 --replicas=0")
    c.settle()
    from kubelab.controllers.pods import make_pod
    rs = c.api.list("replicasets", "default")[0]
    template = rs["spec"]["template"]
    # a part no pod had before, with a part below it: the table remembers it only once
    # its part has a twin (the second copy), and gives it back from the third on
    template["spec"]["containers"][0]["resources"] = {"requests": {"cpu": "123m"}}
    twin = json.loads(json.dumps(template))

    def resources(pod):
        return pod["spec"]["containers"][0]["resources"]
    first = c.api.create(make_pod(template, rs), handover=True, copy_result=False, template=template)
    second = c.api.create(make_pod(template, rs), handover=True, copy_result=False, template=template)
    assert resources(second) is resources(first) and resources(first) == {"requests": {"cpu": "123m"}}
    # an equal template that is another object lends nothing: the parts are looked up
    third = c.api.create(make_pod(twin, rs), handover=True, copy_result=False, template=twin)
    assert resources(third) == resources(first) and resources(third) is not resources(first)
    # nor does a pod made without a template: the table's twin, remembered with the third
    fourth = c.api.create(make_pod(template, rs), handover=True, copy_result=False)
    assert resources(fourth) is resources(third)


def test_a_write_to_one_pod_leaves_the_pods_sharing_its_parts_as_they_were():
    """kubectl label, annotate, patch, set image, replace (what edit does) and a
    controller's read-modify-write change one pod: its siblings, which share its
    parts, read back byte for byte as before."""
    c = _cluster(8)
    names = sorted(_stored_pods(c))
    target, siblings = names[0], names[1:]
    steps = [
        ["label", "pod", target, "extra=yes"],
        ["annotate", "pod", target, "note=hi"],
        ["patch", "pod", target, "--type=json", "-p", json.dumps([
            {"op": "add", "path": "/spec/activeDeadlineSeconds", "value": 99},
            {"op": "replace", "path": "/metadata/ownerReferences/0/blockOwnerDeletion", "value": False}])],
        ["patch", "pod", target, "-p", json.dumps({"metadata": {"labels": {"pod-template-hash": "x"}}, "spec": {
            "containers": [{"name": "nginx", "image": "nginx:1.17"}],
            "tolerations": [  # a shared toleration's seconds changed: the one of this pod only
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                 "tolerationSeconds": 200},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                 "tolerationSeconds": 300}]}})],
        ["set", "image", f"pod/{target}", "nginx=nginx:1.18"],
        ["label", "pod", target, "app-"],      # released by its ReplicaSet (ownerReferences dropped)
    ]
    before = _stored_pods(c)
    for step in steps:
        r = c.kubectl(step)
        assert r.returncode == 0, (step, r.stderr)
        c.settle()
        after = _stored_pods(c)
        assert {n: after[n] for n in siblings} == {n: before[n] for n in siblings}, step
        assert after[target] != before[target]
    edited = json.loads(c.kubectl(f"get pod {target} -o json").stdout)
    edited["spec"]["tolerations"].append({"key": "edited", "operator": "Exists", "effect": "NoSchedule"})
    edited["metadata"]["labels"]["app"] = "edited"
    r = c.kubectl("replace -f -", stdin=json.dumps(edited))
    assert r.returncode == 0, r.stderr
    c.api.mutate("pods", target, "default", lambda p: p["status"]["conditions"][0].update(status="Odd"), status=True)
    c.settle()
    after = _stored_pods(c)
    assert {n: after[n] for n in siblings} == {n: before[n] for n in siblings}


def test_pods_stored_with_parts_lent_by_their_siblings_are_those_stored_without(monkeypatch):
    """The same scenario with and without Store.create's ``template``: every stored
    pod is the same, to the byte (marshal keeps types and key order); only how
    many objects their parts are differs."""
    from kubelab.api.store import Store

    def scenario():
        c = kubelab.Cluster(workers=2, pause=0, seed=7)
        made = []
        c.api.watch(lambda etype, obj, old: etype == "ADDED" and made.append(obj), "pods")
        for cmd in ("create deployment web --image=nginx:1.16.1 --replicas=20",
                    "create priorityclass high --value=1000 --global-default",
                    "scale deployment web --replicas=30",
                    "set image deployment/web nginx=nginx:1.17",
                    "create deployment two --image=busybox --replicas=5 -- sleep 1d"):
            assert c.kubectl(cmd).returncode == 0, cmd
            c.settle()
        return made, _stored_pods(c), c.kubectl("get pods -o yaml").stdout

    lent, lent_pods, lent_yaml = scenario()
    create = Store.create
    # (not handed over: the pod's spec may be the template's own, lent for create(template=) only)
    monkeypatch.setattr(Store, "create", lambda self, obj, *a, template=None, handover=False, **k: create(self, obj, *a, **k))
    alone, alone_pods, alone_yaml = scenario()
    assert len(lent_pods) == 35 and lent_pods == alone_pods and lent_yaml == alone_yaml
    assert len(lent) == len(alone) == 65       # 20 + 10 + 30 (the rollout) + 5 pods made

    def objects(made):
        return sum(len({id(part(p)) for p in made}) for part in (
            lambda p: p["metadata"]["ownerReferences"], lambda p: p["spec"]["tolerations"],
            lambda p: p["spec"]["volumes"][0]["projected"], lambda p: p["status"]))
    assert objects(lent) < objects(alone)


def _recorded(obj, etype, reason, message, name, component, host, field_path, first, now, count, aggregated):
    """The Event the recorder makes, as it was written before it handed the store its
    values: a dict, its involvedObject's empty fields left out."""
    md = obj["metadata"]
    namespace = md.get("namespace")
    involved = {"kind": obj["kind"]}
    if namespace:
        involved["namespace"] = namespace
    involved["name"] = md["name"]
    if md.get("uid") is not None:
        involved["uid"] = md["uid"]
    involved["apiVersion"] = obj["apiVersion"]
    if md.get("resourceVersion") is not None:
        involved["resourceVersion"] = md["resourceVersion"]
    if field_path:
        involved["fieldPath"] = field_path
    return {"apiVersion": "v1", "kind": "Event", "metadata": {"name": name, "namespace": namespace or "default"},
            "involvedObject": involved, "reason": reason, "message": message,
            "source": {"component": component, "host": host} if host else {"component": component},
            "firstTimestamp": first, "lastTimestamp": now, "count": count, "type": etype, "eventTime": None,
            "reportingComponent": "" if aggregated else component, "reportingInstance": "" if aggregated else host}


def test_the_recorders_events_are_the_dicts_it_wrote_before_to_the_byte():
    """The recorder hands the store an Event's values in its layout's order: what is
    stored (the bytes) and read back is what packing the dict it wrote before gives,
    over every shape it makes (involvedObject with and without each optional field,
    a source with and without a host, a combined event), and a watcher gets that dict."""
    import copy
    import itertools

    from kubelab.api.store import Shapes, uuid_text
    c = _cluster(1)
    shapes = c.api._data.shapes
    seen = []
    objs = []
    for ns, uid, rv in itertools.product((None, "default"), (None, "u-1", c.api.new_uid()), (None, "7")):
        md = {"name": f"obj-{len(objs)}"}
        if ns:
            md["namespace"] = ns
        if uid:
            md["uid"] = uid
        if rv:
            md["resourceVersion"] = rv
        objs.append({"apiVersion": "v1", "kind": "Pod", "metadata": md})
    watched = False
    for obj, (host, fp), etype in itertools.product(objs, (("", ""), ("minikube", ""), ("minikube", "spec.containers{c}"),
                                                         ("", "x")), ("Normal", "Warning")):
        if not watched and obj is objs[6]:
            c.api.watch(lambda t, o, old: seen.append(o), "Event")
            watched = True
        for i in range(11):                  # the tenth starts a combined event
            rv_before, before, state = c.api._rv, Shapes(), c.rng.getstate()
            for part in ("layouts", "numbers", "words", "codes", "seen"):     # as they are now (layouts never change)
                setattr(before, part, copy.copy(getattr(shapes, part)))
            drawn = c.rng.getrandbits(128)       # the uid's bits, as create_event draws them
            c.rng.setstate(state)
            c.recorder.event(obj, etype, f"Odd{fp}", f"odd {i}", component="kubelet", host=host, field_path=fp)
            if c.api._rv == rv_before + 1 and c.api.actions[-1].verb == "create":
                name = c.api.actions[-1].key.split("/")[1]
                got = c.api.get("events", name, "default")
                md = got["metadata"]
                assert list(md) == ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"]
                want = _recorded(obj, etype, f"Odd{fp}", got["message"], name, "kubelet", host, fp,
                                 got["firstTimestamp"], got["lastTimestamp"], got["count"], i >= 9)
                want["metadata"] = md
                assert json.dumps(got) == json.dumps(want)
                assert seen == [] if not watched else json.dumps(seen.pop()) == json.dumps(want)
                # the bytes: those of the dict packed by its keys (its uid as the 128 bits drawn, its
                # resourceVersion as its number), the words known as they were before
                raw = dict.__getitem__(c.api._data[c.api.resource("events")]["default"], name)
                bits = copy.deepcopy(want)
                assert uuid_text(drawn) == md["uid"]
                bits["metadata"]["uid"] = drawn
                bits["metadata"]["resourceVersion"] = int(md["resourceVersion"])
                assert raw == before.pack(bits, name)
                assert (before.codes, before.seen, len(before.layouts)) == (shapes.codes, shapes.seen, len(shapes.layouts))
    assert len({n for source in c.recorder._sources.values() for n in source.layouts.values()}) == 32
    # pack_values gives what pack gives, from the values of every layout met
    plain, valued = Shapes(), Shapes()
    for event in c.api.list("events", "default"):
        name = event["metadata"]["name"]
        flat = [v for x in event.values() for v in (x.values() if type(x) is dict else (x,))]
        n = valued.layout(tuple(event), tuple(tuple(x) if type(x) is dict else None for x in event.values()))
        raw = valued.pack_values(n, flat, name)
        assert raw == plain.pack(event, name) and json.dumps(valued.unpack(raw, name)) == json.dumps(event)


_EVENT_KEYS = ("apiVersion", "kind", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp",
               "lastTimestamp", "count", "type", "eventTime", "reportingComponent", "reportingInstance")
_EVENT_SUBS = (None, None, ("name", "namespace", "uid", "resourceVersion", "creationTimestamp"),
               ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion"), None, None, ("component",),
               None, None, None, None, None, None, None)


def test_a_uid_is_the_text_of_its_bits_as_uuid_writes_it():
    """new_uid() draws 128 bits and writes them as uuid.UUID does (version 4); an Event
    made by the recorder keeps its uid as those bits, read back as the same text."""
    import random
    import uuid

    from kubelab.api.store import Store, uuid_text
    from kubelab.clock import Clock
    a, b = Store(Clock(), random.Random(7)), random.Random(7)
    for _ in range(2000):
        assert a.new_uid() == str(uuid.UUID(int=b.getrandbits(128), version=4))
    for bits in (0, (1 << 128) - 1, 1 << 64, 0x0123456789abcdef << 32):
        bits = uuid.UUID(int=bits, version=4).int
        assert uuid_text(bits) == str(uuid.UUID(int=bits))
    c = _cluster(1)
    pod = c.api.list("pods", "kube-system")[0]
    state = c.rng.getstate()
    c.recorder.event(pod, "Normal", "Odd", "odd", component="kubelet", host="minikube")
    name = c.api.actions[-1].key.split("/")[1]
    c.rng.setstate(state)
    want = c.api.new_uid()
    raw = dict.__getitem__(c.api._data[c.api.resource("events")]["kube-system"], name)
    assert want.encode() not in raw
    assert c.api.get("events", name, "kube-system")["metadata"]["uid"] == want
    assert [e for e in c.api.list("events", "kube-system") if e["metadata"]["uid"] == want]
    # values that cannot be packed (a list in a word, an object marshal refuses): kept as the
    # dict, its uid written out
    api = c.api
    for i, odd in enumerate((["a list"], object())):
        values = ["v1", "Event", f"odd-{i}", "default", None, None, None, "Pod", "default", "p", "u", "v1", "1",
                  "Odd", "odd" if i else odd, "kubelet", "2025-01-06T09:00:00Z", "2025-01-06T09:00:00Z",
                  odd if i else 1, "Normal", None, "kubelet", ""]
        layout = api.event_layout(_EVENT_KEYS, _EVENT_SUBS)
        state = c.rng.getstate()
        api.create_event(layout, values, "kubelet")
        c.rng.setstate(state)
        uid = api.new_uid()
        got = dict.__getitem__(api._data[api.resource("events")]["default"], f"odd-{i}")
        if i:
            assert type(got) is dict and got["metadata"]["uid"] == uid
        else:
            assert api.get("events", f"odd-{i}", "default")["metadata"]["uid"] == uid


def test_a_recorded_event_goes_through_admission_when_there_is_some():
    """An admission hook for Events: the recorder's event is made a dict and created as
    any object is (what the hook sees: metadata as create() makes it)."""
    c = _cluster(1)
    pod = c.api.list("pods", "default", copy=False)[0]
    seen = []
    c.api.hooks.admitters["Event"].append(lambda obj, old: seen.append(list(obj["metadata"])))
    c.recorder.warning(pod, "Odd", "admitted", component="kubelet", host="minikube")
    assert seen == [["name", "namespace", "uid"]]
    ev = [e for e in c.api.list("events", "default") if e["reason"] == "Odd"][0]
    assert list(ev["metadata"]) == ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"]
    assert ev["source"] == {"component": "kubelet", "host": "minikube"} and ev["message"] == "admitted"


def test_an_event_reaches_the_watchers_that_come_after_events_nobody_watched():
    """create_event tells no one when nobody watches new Events; a watcher that comes
    later (of Events, of every kind) is told of the next, as the recorder's component."""
    c = _cluster(1)
    pod = c.api.list("pods", "default", copy=False)[0]
    seen = []
    c.recorder.warning(pod, "Odd", "one", component="kubelet", host="minikube")
    c.api.watch(lambda t, o, old: seen.append(("every", t, o["message"], c.api.component)))
    c.recorder.warning(pod, "Odd", "two", component="kubelet", host="minikube")
    c.api.watch(lambda t, o, old: seen.append(("events", t, o["message"], c.api.component)), "Event",
                etypes=("ADDED",))
    c.recorder.warning(pod, "Odd", "three", component="kubelet", host="minikube")
    assert seen == [("every", "ADDED", "two", "kubelet"),
                    ("every", "ADDED", "three", "kubelet"), ("events", "ADDED", "three", "kubelet")]
    assert c.api.component == "kubectl"
    assert [a.component for a in c.api.actions if a.kind == "Event"][-3:] == ["kubelet"] * 3


def _status_shapes():
    """Statuses as writers hand them (a kubelet's three writes and others), each with
    the version it replaces; fresh objects at every call."""
    own = [{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-abcde",
            "readOnly": True, "recursiveReadOnly": "Disabled"}]
    grown = []
    grown.append({"ip": "10.244.0.9"})
    entry = {"image": "nginx:1.16.1", "imageID": "", "lastState": {}, "name": "nginx", "ready": False,
             "restartCount": 0, "started": False, "state": {"waiting": {"reason": "ContainerCreating"}},
             "volumeMounts": own}
    first = {"conditions": [{"type": "Ready", "status": "False"}], "containerStatuses": [entry],
             "phase": "Pending"}
    return [
        (first, None),
        ({**first, "podIP": "10.244.0.9", "podIPs": [{"ip": "10.244.0.9"}]}, first),
        ({**first, "podIP": "10.244.0.9", "podIPs": grown}, first),
        ({**first, "podIPs": [{"ip": "10.244.0.9"}, {"ip": "fd00::9"}]}, {**first, "podIPs": [{"ip": "10.244.0.8"}]}),
        ({**first, "podIPs": [{"ip": "10.244.0.9"}]}, {**first, "podIPs": [{"ip": "10.244.0.9"}]}),
        ({"containerStatuses": [{**entry, "volumeMounts": [dict(m) for m in own]}]}, {"containerStatuses": [entry]}),
        ({"containerStatuses": [{**entry, "lastState": {"terminated": {"exitCode": 1}}}]}, None),
        ({"phase": "Running", "conditions": [], "hostIPs": [{"ip": "192.168.49.2"}]}, None),
    ]


def test_lists_of_scalar_entries_are_stored_as_walking_them_would(monkeypatch):
    """volumeMounts and podIPs hold scalars only (the API's schema): handed with no
    previous version, they are kept as they are, not walked.  What is stored is what
    walking them stores: the same bytes, the same lists kept or copied (no spare room),
    the same parts taken back from the old version, the same parts shared."""
    import marshal
    import sys

    from kubelab.api import sharing

    def run():
        s = sharing.Sharer()
        out = []
        for status, old in _status_shapes() * 2:
            handed = {k: v for k, v in status.items()}
            got = s.part(status, old)
            out.append((got, old, handed))
        return out
    fast = run()
    monkeypatch.setattr(sharing, "SCALAR_ENTRIES", frozenset())
    walked = run()
    assert len(fast) == len(walked)

    def where(obj, root, handed, old):
        """How each part of a stored status relates to what was handed and the old version."""
        if type(obj) is dict:
            items = obj.items()
        elif type(obj) is list:
            items = enumerate(obj)
        else:
            return None
        return [(k, id(v) == id(handed.get(k)) if type(handed) is dict else None,
                 id(v) == id(old.get(k)) if type(old) is dict else None,
                 sys.getsizeof(v) if type(v) is list else None)
                for k, v in items]
    for (a, old_a, handed_a), (b, old_b, handed_b) in zip(fast, walked):
        assert marshal.dumps(a, 0) == marshal.dumps(b, 0)
        assert where(a, a, handed_a, old_a) == where(b, b, handed_b, old_b)
        for k in ("podIPs", "containerStatuses"):
            if k in a:
                assert sys.getsizeof(a[k]) == sys.getsizeof(a[k][:])
                assert sys.getsizeof(b[k]) == sys.getsizeof(b[k][:])
    # the parts shared between statuses are the same ones either way
    def ids(run_out):
        seen: dict[int, int] = {}

        def walk(x):
            if type(x) is dict:
                for v in x.values():
                    walk(v)
            elif type(x) is list:
                for v in x:
                    walk(v)
            else:
                return
            seen.setdefault(id(x), len(seen))
        pattern = []
        for got, _, _ in run_out:
            walk(got)
            pattern.append(sorted(seen[id(p)] for p in _parts_of(got)))
        return pattern
    assert ids(fast) == ids(walked)


def _parts_of(x):
    out = []
    if type(x) is dict:
        for v in x.values():
            if type(v) in (dict, list):
                out.append(v)
                out += _parts_of(v)
    elif type(x) is list:
        for v in x:
            if type(v) in (dict, list):
                out.append(v)
                out += _parts_of(v)
    return out


def test_every_stored_empty_dict_is_the_one_the_kubelet_hands():
    """An empty dict is stored as sharing.EMPTY (each new table starts with it), the
    kubelet's lastState before there is one, which the sharer knows without a lookup;
    nothing ever writes into it."""
    from kubelab.api import sharing
    from kubelab.node.runtime import NO_LAST_STATE
    assert NO_LAST_STATE is sharing.EMPTY
    s = Sharer(limit=3)
    for i in range(10):
        obj = {"spec": {"a": {}, "b": [{"x": {}, "n": i}]}}
        s.share_parts(obj)
        assert obj["spec"]["a"] is sharing.EMPTY and obj["spec"]["b"][0]["x"] is sharing.EMPTY
    assert s._known[id(sharing.EMPTY)] is sharing.EMPTY      # still there after the table was emptied
    c = _cluster(3)
    for p in c.api.list("pods", "default", copy=False):
        assert p["status"]["containerStatuses"][0]["lastState"] is sharing.EMPTY
    c.kubectl("delete deployment web")
    c.settle()
    assert sharing.EMPTY == {} and NO_LAST_STATE == {}
