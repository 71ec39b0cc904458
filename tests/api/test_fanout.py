"""The watch filters: a filtered watcher gets exactly the changes its filter
describes, in the order and interleaving an unfiltered watcher sees them."""
import random

import pytest

from kubelab.api.store import Store
from kubelab.clock import Clock


def make_store():
    s = Store(Clock(), random.Random(0))
    s.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
    return s


def ref(kind, name, controller=True):
    return {"apiVersion": "batch/v1" if kind == "Job" else "apps/v1", "kind": kind, "name": name,
            "uid": f"uid-{kind}-{name}", "controller": controller, "blockOwnerDeletion": True}


def pod(name, *refs):
    md = {"name": name, "labels": {"app": "x"}}
    if refs:
        md["ownerReferences"] = list(refs)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": md,
            "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


def controller_kind(obj):
    """The reference answer, independent of the store's: the controller's kind, None without one."""
    for r in obj["metadata"].get("ownerReferences") or ():
        if r.get("controller"):
            return r["kind"]
    return None


def wanted(etype, obj, old, kind, etypes=None, owners=None, ignore=()):
    """What the filter promises, worked out from an unfiltered watcher's view."""
    if etypes is not None and etype not in etypes:
        return False
    if obj["kind"] in ignore:
        return False
    if owners is not None:
        kinds = {controller_kind(obj)} | ({controller_kind(old)} if old is not None else set())
        if not kinds & set(owners):
            return False
    return True


def set_refs(s, name, *refs):
    def change(o):
        if refs:
            o["metadata"]["ownerReferences"] = list(refs)
        else:
            o["metadata"].pop("ownerReferences", None)
    s.mutate("pods", name, "default", change)


FILTERS = {
    "rs": dict(owners=("ReplicaSet", None)),
    "job": dict(owners=("Job",)),
    "gone": dict(etypes=("DELETED",)),
    "rs-gone": dict(etypes=("DELETED",), owners=("ReplicaSet",)),
    "new-or-modified": dict(etypes=("ADDED", "MODIFIED")),
}


def scripted_changes(s):
    """Pods made, bound, adopted, released, handed over and deleted."""
    s.create(pod("rs-1", ref("ReplicaSet", "web")))
    s.create(pod("job-1", ref("Job", "batch")))
    s.create(pod("orphan"))
    s.create(pod("not-controlled", ref("ReplicaSet", "web", controller=False)))
    s.bind("rs-1", "default", "node-1")              # spec.nodeName set by the binding
    s.bind("job-1", "default", "node-2")
    s.bind("orphan", "default", "node-1")
    s.write_status("pods", "job-1", "default", {"phase": "Running"})
    s.write_status("pods", "rs-1", "default", {"phase": "Running"})
    set_refs(s, "orphan", ref("ReplicaSet", "web"))                 # an orphan adopted
    set_refs(s, "rs-1", ref("Job", "batch"))                        # handed from a ReplicaSet to a Job
    set_refs(s, "job-1")                                            # released: an orphan now
    s.mutate("pods", "job-1", "default", lambda o: o["metadata"]["labels"].update(app="y"))   # an orphan stays one
    set_refs(s, "not-controlled", ref("Job", "other", controller=False), ref("ReplicaSet", "db"))
    s.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {}})
    s.delete("pods", "rs-1", "default")            # a Job's now
    s.delete("pods", "orphan", "default")          # a ReplicaSet's now
    s.delete("pods", "job-1", "default")           # an orphan
    s.delete("configmaps", "cm", "default")


def watch_filtered(s, plain: bool = False) -> tuple[list, list]:
    """A watcher of every Pod change (``everything``) and one for each of FILTERS,
    each noting (filter name, type, pod name, resourceVersion) in ``seen``; with
    ``plain``, beside each an unfiltered watcher noting ("plain-" + name, type, pod name)."""
    seen, everything = [], []
    s.watch(lambda t, o, old: everything.append((t, o, old)), "Pod")
    for name, f in FILTERS.items():
        s.watch(lambda t, o, old, name=name: seen.append((name, t, o["metadata"]["name"], o["metadata"]["resourceVersion"])),
                "Pod", **f)
        if plain:
            s.watch(lambda t, o, old, name=name: seen.append(("plain-" + name, t, o["metadata"]["name"])), "Pod")
    return seen, everything


def test_filtered_watchers_get_exactly_the_changes_they_ask_for_in_order():
    s = make_store()
    seen, everything = watch_filtered(s, plain=True)
    scripted_changes(s)
    expected = []
    for t, o, old in everything:
        for name, f in FILTERS.items():
            if wanted(t, o, old, "Pod", **f):
                expected.append((name, t, o["metadata"]["name"], o["metadata"]["resourceVersion"]))
            expected.append(("plain-" + name, t, o["metadata"]["name"]))
    assert seen == expected
    # and the script does meet each case the filters decide on
    got = {(name, t, n) for name, t, n, *_ in seen}
    assert ("rs", "MODIFIED", "orphan") in got and ("rs", "ADDED", "orphan") in got          # orphan, adopted
    assert ("rs", "MODIFIED", "rs-1") in got and ("job", "MODIFIED", "rs-1") in got        # handed over: both
    assert ("job", "MODIFIED", "job-1") in got and ("rs", "MODIFIED", "job-1") in got      # released: an orphan
    assert ("rs-gone", "DELETED", "orphan") in got and ("rs-gone", "DELETED", "rs-1") not in got
    assert ("job", "DELETED", "rs-1") in got and ("gone", "DELETED", "job-1") in got
    assert ("job", "MODIFIED", "orphan") not in got and ("rs", "ADDED", "job-1") not in got
    assert ("rs", "ADDED", "not-controlled") in got       # an owner that is not the controller: an orphan
    assert not any(name == "new-or-modified" and t == "DELETED" for name, t, _ in got)


def test_a_bind_reaches_the_watchers_of_the_pods_controller():
    s = make_store()
    s.create(pod("a", ref("ReplicaSet", "web")))
    seen = []
    s.watch(lambda t, o, old: seen.append((t, o["spec"].get("nodeName"), old["spec"].get("nodeName"))),
            "Pod", owners=("ReplicaSet",))
    s.watch(lambda t, o, old: seen.append("job"), "Pod", owners=("Job",))
    s.bind("a", "default", "node-1")
    assert seen == [("MODIFIED", "node-1", None)]


def test_a_watcher_of_every_kind_can_leave_some_kinds_out():
    s = make_store()
    seen = []
    s.watch(lambda t, o, old: seen.append((o["kind"], t)), ignore=("Event",))
    s.create({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e", "namespace": "default"},
              "involvedObject": {"kind": "Pod", "name": "a", "namespace": "default"}, "reason": "R"})
    layout = s.event_layout(("apiVersion", "kind", "metadata", "involvedObject", "reason"),
                            (None, None, ("name", "namespace", "uid", "resourceVersion", "creationTimestamp"),
                             ("kind", "name", "namespace"), None))
    s.create_event(layout, ["v1", "Event", "f", "default", None, None, None, "Pod", "a", "default", "R"], "kubelet")
    s.create(pod("a"))
    s.delete("events", "e", "default")
    assert seen == [("Pod", "ADDED")]


def test_watchers_added_later_keep_registration_order_with_filters():
    s = make_store()
    seen = []
    s.watch(lambda t, o, old: seen.append("first"), "Pod")
    s.create(pod("a", ref("ReplicaSet", "web")))          # the Pod tables are built now
    s.watch(lambda t, o, old: seen.append("rs"), "Pod", owners=("ReplicaSet",))
    s.watch(lambda t, o, old: seen.append("any"))
    s.create(pod("b", ref("ReplicaSet", "web")))
    s.watch(lambda t, o, old: seen.append("job"), "Pod", owners=("Job",))
    s.watch(lambda t, o, old: seen.append("last"), "Pod")
    s.create(pod("c", ref("Job", "batch")))
    s.create(pod("d", ref("ReplicaSet", "web")))
    assert seen == ["first",
                    "first", "rs", "any",
                    "first", "any", "job", "last",
                    "first", "rs", "any", "last"]
    late = seen.append
    s.watch(lambda t, o, old: late("gone"), "Pod", etypes=("DELETED",))
    seen.clear()
    s.delete("pods", "d", "default")
    s.delete("pods", "c", "default")
    assert seen == ["first", "rs", "any", "last", "gone", "first", "any", "job", "last", "gone"]


def test_an_unwatched_filtered_watcher_is_called_no_more():
    s = make_store()
    seen = []

    def fn(t, o, old):
        seen.append(o["metadata"]["name"])
    s.watch(fn, "Pod", owners=("ReplicaSet",))
    s.create(pod("a", ref("ReplicaSet", "web")))
    s.unwatch(fn)
    s.create(pod("b", ref("ReplicaSet", "web")))
    assert seen == ["a"]


def test_a_filter_names_known_change_types_and_a_node_watch_takes_none():
    s = make_store()
    with pytest.raises(ValueError):
        s.watch(lambda t, o, old: None, "Pod", etypes=("UPDATED",))
    with pytest.raises(ValueError):
        s.watch(lambda t, o, old: None, "Pod", node="n", owners=("Job",))


def test_many_pods_sharing_owner_lists_reach_exactly_the_watchers_their_filters_name():
    """The store remembers which watchers the last change of an ownerReferences list
    went to (a set's pods share one list): over random changes of pods whose lists are
    shared, handed over, released and taken back, every filtered watcher still gets
    what its filter promises, in order."""
    rng = random.Random(7)
    choices = [(), (ref("ReplicaSet", "web"),), (ref("ReplicaSet", "db"),), (ref("Job", "batch"),),
               (ref("ReplicaSet", "web", controller=False),),
               (ref("Job", "other", controller=False), ref("ReplicaSet", "db"))]
    s = make_store()
    seen, everything = watch_filtered(s)
    alive: dict[str, bool] = {}          # name -> bound
    for i in range(600):
        op = rng.random()
        if op < 0.3 or not alive:
            name = f"p{i}"
            s.create(pod(name, *rng.choice(choices)))
            alive[name] = False
        else:
            name = rng.choice(sorted(alive))
            if op < 0.45 and not alive[name]:
                s.bind(name, "default", f"node-{rng.randrange(3)}")
                alive[name] = True
            elif op < 0.7:
                s.write_status("pods", name, "default", {"phase": "Running", "n": i})
            elif op < 0.9:
                set_refs(s, name, *rng.choice(choices))
            else:
                s.delete("pods", name, "default")
                del alive[name]
    expected = [(name, t, o["metadata"]["name"], o["metadata"]["resourceVersion"])
                for t, o, old in everything for name, f in FILTERS.items() if wanted(t, o, old, "Pod", **f)]
    assert seen == expected
    assert len({name for name, *_ in seen}) == len(FILTERS)


def test_namespaced_watchers_get_their_namespaces_changes_in_order_as_they_are_narrowed():
    """A watcher with ``namespaces`` (alone, or with an owner filter) is told of exactly
    the changes of its namespaces' objects, in the order an unfiltered watcher sees
    them; narrowed (Store.narrow) it keeps its place and follows its new namespaces
    from the next change on."""
    rng = random.Random(11)
    s = make_store()
    for space in ("other", "third"):
        s.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": space}})
    spaces = ("default", "other", "third")
    everything, seen = [], []
    now = {"ns": frozenset({"default"}), "ns-rs": frozenset({"other"}), "none": frozenset()}
    live = []               # (change, the namespaces of each narrowed watcher at that change)

    def note_all(t, o, old):
        everything.append((t, o, old))
        live.append(dict(now))
    s.watch(note_all, "Pod")
    watchers = {}
    for name, f in {"ns": dict(namespaces=now["ns"]), "ns-rs": dict(namespaces=now["ns-rs"], owners=("ReplicaSet",)),
                    "none": dict(namespaces=()), "rs": dict(owners=("ReplicaSet", None)),
                    "ks": dict(namespaces=("kube-system",))}.items():
        watchers[name] = lambda t, o, old, name=name: seen.append((name, t, o["metadata"]["namespace"], o["metadata"]["name"]))
        s.watch(watchers[name], "Pod", **f)
    choices = [(), (ref("ReplicaSet", "web"),), (ref("Job", "batch"),)]
    alive: dict[tuple[str, str], None] = {}
    for i in range(400):
        op = rng.random()
        if op < 0.1:
            which = rng.choice(["ns", "ns-rs", "none"])
            now[which] = frozenset(rng.sample(spaces, rng.randrange(len(spaces) + 1)))
            s.narrow(watchers[which], now[which])
        elif op < 0.45 or not alive:
            key = (rng.choice(spaces), f"p{i}")
            p = pod(key[1], *rng.choice(choices))
            p["metadata"]["namespace"] = key[0]
            s.create(p)
            alive[key] = None
        else:
            ns, name = rng.choice(sorted(alive))
            if op < 0.7:
                s.write_status("pods", name, ns, {"phase": "Running", "n": i})
            elif op < 0.9:
                def change(o, refs=rng.choice(choices)):
                    o["metadata"]["ownerReferences"] = list(refs)
                s.mutate("pods", name, ns, change)
            else:
                s.delete("pods", name, ns)
                del alive[(ns, name)]
    expected = []
    for (t, o, old), spaces_now in zip(everything, live):
        ns = o["metadata"]["namespace"]
        for name in ("ns", "ns-rs", "none", "rs", "ks"):
            if name in spaces_now and ns not in spaces_now[name]:
                continue
            if name == "ks" and ns != "kube-system":
                continue
            if name in ("ns-rs", "rs") and not wanted(t, o, old, "Pod", owners=("ReplicaSet",) if name == "ns-rs"
                                                      else ("ReplicaSet", None)):
                continue
            expected.append((name, t, ns, o["metadata"]["name"]))
    assert seen == expected
    got = {name for name, *_ in seen}
    assert got == {"ns", "ns-rs", "rs", "none"}         # "none" once narrowed to some namespaces


def test_narrowing_a_watcher_without_a_namespace_filter_changes_nothing():
    s = make_store()
    seen = []

    def fn(t, o, old):
        seen.append(o["metadata"]["name"])
    s.watch(fn, "Pod")
    s.narrow(fn, ())
    s.create(pod("a"))
    assert seen == ["a"]
