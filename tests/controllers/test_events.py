"""Events through client-go's EventCorrelator: repeats counted, similar events
combined after 10 messages, 25 at once per source, object and type."""
import kubelab
from kubelab.controllers.correlator import LRU, Correlator, Observation

POD = ("Pod", "default", "web", "uid-1", "v1")


class _Correlator(Correlator):
    """correlate() as an Observation (the recorder unpacks the plain tuple)."""

    def correlate(self, *args):
        return Observation(*super().correlate(*args))


def _names():
    n = iter(range(1_000_000))
    return lambda *_: f"web.{next(n)}"


def test_a_repeated_event_is_a_patch_of_the_first_with_its_count():
    cor, name = _Correlator(), _names()
    first = cor.correlate(POD, "", "Warning", "BackOff", "Back-off restarting", 0.0, "t0", name)
    again = cor.correlate(POD, "", "Warning", "BackOff", "Back-off restarting", 5.0, "t5", name)
    assert (first.patch, first.count, first.name) == (False, 1, "web.0")
    assert (again.patch, again.count, again.name, again.first) == (True, 2, "web.0", "t0")


def test_the_tenth_message_of_one_reason_starts_a_combined_event():
    cor, name = _Correlator(), _names()
    seen = [cor.correlate(POD, "", "Normal", "SuccessfulCreate", f"Created pod: p{i}", 0.0, "t", name)
            for i in range(12)]
    assert [s.aggregated for s in seen] == [False] * 9 + [True] * 3
    assert seen[9].message == "(combined from similar events): Created pod: p9"
    assert (seen[9].patch, seen[10].patch, seen[11].count) == (False, True, 3)
    assert seen[11].message == "(combined from similar events): Created pod: p11"
    assert len({s.name for s in seen}) == 10


def test_similar_events_ten_minutes_apart_are_not_combined():
    cor, name = _Correlator(), _names()
    for i in range(9):
        cor.correlate(POD, "", "Normal", "Pulled", f"m{i}", 0.0, "t", name)
    late = cor.correlate(POD, "", "Normal", "Pulled", "m9", 601.0, "t", name)
    assert not late.aggregated and late.message == "m9"


def test_a_source_may_say_25_things_about_an_object_then_one_every_5_minutes():
    cor, name = _Correlator(), _names()
    skips = [cor.correlate(POD, "", "Warning", "Failed", f"m{i % 5}", 0.0, "t", name).skip for i in range(30)]
    assert skips == [False] * 25 + [True] * 5
    assert cor.correlate(POD, "", "Warning", "Failed", "m1", 299.0, "t", name).skip
    assert not cor.correlate(POD, "", "Warning", "Failed", "m1", 301.0, "t", name).skip
    # the other type has its own bucket, and a dropped repeat still counted
    assert not cor.correlate(POD, "", "Normal", "Pulled", "x", 301.0, "t", name).skip


def test_the_caches_keep_the_newest_4096_entries():
    lru = LRU(3)
    for k in "abcd":
        lru.add(k, k)
    assert list(lru) == ["b", "c", "d"]
    lru.lookup("b")
    lru.add("e", "e")
    assert list(lru) == ["d", "b", "e"]


def test_a_big_replicaset_records_nine_events_and_one_combined_event():
    c = kubelab.Cluster(workers=2, pause=0)
    c.kubectl("create deployment big --image=nginx:1.16.1 --replicas=60")
    c.settle()
    events = [e for e in c.api.list("events", "default") if e["involvedObject"]["kind"] == "ReplicaSet"]
    plain = [e for e in events if not e["message"].startswith("(combined")]
    combined = [e for e in events if e["message"].startswith("(combined")]
    assert len(plain) == 9 and len(combined) == 1
    # 9 plain, then the combined one created and patched: 25 in all, the rest dropped by the spam filter
    assert combined[0]["count"] == 16
    assert combined[0]["reportingComponent"] == "" and combined[0]["source"] == {"component": "replicaset-controller"}
    out = c.kubectl("describe rs").stdout
    assert "(x16 over" in out and "(combined from similar events): Created pod: " in out


def test_a_cache_refreshes_its_entries_before_and_after_it_fills():
    lru = LRU(3)
    for k in "abc":
        lru.add(k, k)
    assert lru.lookup("a") == "a" and list(lru) == ["b", "c", "a"]
    lru.add("b", "B")                       # an add refreshes too
    assert list(lru) == ["c", "a", "b"] and lru.lookup("x") is None
    lru.add("d", "d")                       # full: the oldest goes
    assert list(lru) == ["a", "b", "d"] and lru.lookup("c") is None
    lru.lookup("a")
    lru.add("e", "e")
    assert list(lru) == ["d", "a", "e"] and len(lru) == 3 and lru.lookup("b") is None


def test_a_take_then_put_is_a_lookup_then_add_before_and_after_the_cache_fills():
    """The correlator takes an entry out and puts it back (one refresh): the cache's
    order and what it drops stay groupcache's, a lookup and an add, all along."""
    import random
    from collections import OrderedDict

    rng = random.Random(7)
    lru, ref = LRU(5), OrderedDict()        # ref: groupcache's list, oldest first

    def ref_get(key):
        if key in ref:
            ref.move_to_end(key)
        return ref.get(key)

    def ref_add(key, value):
        ref[key] = value
        ref.move_to_end(key)
        if len(ref) > 5:
            ref.popitem(last=False)
    for step in range(400):
        key, value = rng.choice("abcdefgh"), step
        how = rng.choice(("take-put", "take-put", "lookup", "add"))
        if how == "take-put":
            got = lru.take(key)
            assert got == ref_get(key)
            lru.put(key, value)
            ref_add(key, value)
        elif how == "lookup":
            assert lru.lookup(key) == ref_get(key)
        else:
            lru.add(key, value)
            ref_add(key, value)
        assert list(lru) == list(ref) and [lru.entries[k] for k in lru] == list(ref.values())
    assert type(lru.entries) is OrderedDict      # the cache filled on the way


def test_an_object_made_again_under_its_name_has_events_of_its_own():
    c = kubelab.Cluster(workers=1, pause=0)
    pods = [{"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web-0", "namespace": "default", "uid": c.api.new_uid(), "resourceVersion": "1"}}
            for _ in range(2)]
    for pod in pods + pods:
        c.recorder.warning(pod, "BackOff", "Back-off restarting failed container", component="kubelet", host="minikube")
    events = [e for e in c.api.list("events", "default") if e["reason"] == "BackOff"]
    assert sorted((e["involvedObject"]["uid"], e["count"]) for e in events) == sorted((p["metadata"]["uid"], 2) for p in pods)
    # an object without a store uid is told apart by what client-go joins
    node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "minikube", "uid": "minikube"}}
    for _ in range(2):
        c.recorder.normal(node, "Starting", "Starting kubelet.", component="kubelet", host="minikube")
    assert [e["count"] for e in c.api.list("events", "default") if e["reason"] == "Starting"
            and e["involvedObject"]["uid"] == "minikube"][-1] == 2


class _GoCorrelator:
    """EventCorrelator as client-go writes it (events_cache.go): a lookup then an add on
    each groupcache LRU, an aggregate record as a set of messages and a time, the
    token bucket's refill capped at the burst.  What Correlator must give, step by step."""

    def __init__(self, size):
        from kubelab.controllers.correlator import LRU
        self.aggregates, self.logs, self.buckets = LRU(size), LRU(size), LRU(size)

    def correlate(self, obj_key, field_path, etype, reason, message, now, stamp, new_name, ns="", name=""):
        from kubelab.controllers import correlator as c
        akey = (obj_key, etype, reason)
        record = self.aggregates.lookup(akey)
        if record is None or now - record[1] > c.AGGREGATE_INTERVAL:
            record = [{}, now]
        record[0][message] = None
        record[1] = now
        self.aggregates.add(akey, record)
        aggregated = len(record[0]) >= c.AGGREGATE_MAX_EVENTS
        if aggregated:
            del record[0][next(iter(record[0]))]
            ckey, message = akey, c.COMBINED + message
        else:
            ckey = (akey, field_path, message)
        seen = self.logs.lookup(ckey)
        if seen is not None:
            patch, count, first, event_name = True, seen[0] + 1, seen[1], seen[2]
        else:
            patch, count, first, event_name = False, 1, stamp, new_name(ns, name)
        self.logs.add(ckey, (count, first, event_name))
        bkey = obj_key if etype == "Normal" else (obj_key, etype)
        bucket = self.buckets.lookup(bkey)
        tokens = float(c.SPAM_BURST) if bucket is None else min(float(c.SPAM_BURST),
                                                                 bucket[0] + (now - bucket[1]) * c.SPAM_QPS)
        accepted = tokens >= 1.0
        self.buckets.add(bkey, (tokens - 1.0 if accepted else tokens, now))
        return not accepted, message, aggregated, patch, event_name, count, first


def test_the_correlator_decides_as_client_go_does_over_many_events():
    """Correlator (its caches' takes and puts done in place, a record a tuple) against
    client-go's steps, over random events: repeats, similar messages, spam, time
    passing past each window, and caches small enough to drop their oldest."""
    import random
    from kubelab.controllers.correlator import LRU
    rng = random.Random(18)
    for size in (3, 8, 40, 4096):
        cor, ref = Correlator(), _GoCorrelator(size)
        cor.aggregates, cor.logs, cor.buckets = LRU(size), LRU(size), LRU(size)
        names = iter(range(1_000_000))
        now = 0.0
        for step in range(3000):
            now += rng.choice((0.0, 0.0, 1.0, 7.0, 299.0, 301.0, 650.0))
            obj = rng.choice((POD, "uid-a", "uid-b", ("Node", "default", "n", None, "v1")))
            args = (obj, rng.choice(("", "spec.containers{c}")), rng.choice(("Normal", "Warning")),
                    rng.choice(("Pulled", "BackOff", "SuccessfulCreate")), f"m{rng.randrange(14)}", now, f"t{now}")
            name = f"e{next(names)}"
            got = cor.correlate(*args, lambda ns, n: name, "default", "web")
            want = ref.correlate(*args, lambda ns, n: name, "default", "web")
            assert got == want, (size, step)
            for mine, theirs in ((cor.aggregates, ref.aggregates), (cor.logs, ref.logs), (cor.buckets, ref.buckets)):
                assert list(mine) == list(theirs)
        assert [(m if type(m) is dict else {m: None}, t) for m, t in cor.aggregates.entries.values()] == \
            [(m, t) for m, t in ref.aggregates.entries.values()]


def test_event_names_are_the_objects_and_successive_nanoseconds_within_an_instant():
    """<name>.<hex unix nanoseconds>: the instant's nanoseconds for an object's first event
    at that instant, one more for each further one, the same again for another object, and
    the new instant's for the next instant."""
    c = kubelab.Cluster(workers=0, pause=0)
    rec = c.recorder
    base = int(round(c.clock.datetime().timestamp() * 1e9))
    got = [rec._new_name("default", "a"), rec._new_name("default", "a"), rec._new_name("default", "b"),
           rec._new_name("other", "a"), rec._new_name("default", "a")]
    assert got == [f"a.{base:x}", f"a.{base + 1:x}", f"b.{base:x}", f"a.{base:x}", f"a.{base + 2:x}"]
    c.clock.now += 1.5
    later = int(round(c.clock.datetime().timestamp() * 1e9))
    assert [rec._new_name("default", "a"), rec._new_name("default", "a")] == [f"a.{later:x}", f"a.{later + 1:x}"]
