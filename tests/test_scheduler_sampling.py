"""kube-scheduler's node sampling (percentageOfNodesToScore, nextStartNodeIndex)
and the indexed scores that make it cheap: same choices as filtering every node."""
import copy
import random

import pytest

import kubelab
from kubelab.scheduler.sampling import NodeScores, num_feasible_nodes_to_find


@pytest.mark.parametrize("nodes,percentage,want", [
    (3, 0, 3), (99, 0, 99),              # under minFeasibleNodesToFind: every node
    (100, 0, 100), (250, 0, 120),        # adaptive: 50% - 1% per 125 nodes, at least 100 nodes
    (1000, 0, 420), (5000, 0, 500),      # 50 - 40 = 10%
    (6000, 0, 300),                      # 50 - 48 = 2%, raised to the minimum 5%
    (5000, 30, 1500), (150, 10, 100),
])
def test_num_feasible_nodes_to_find_as_kube_scheduler(nodes, percentage, want):
    assert num_feasible_nodes_to_find(nodes, percentage) == want


def scan(scores, start, to_find, rng):
    """What the scheduler's plain loop does: filter from start until to_find fit, best score, random tie."""
    n, feasible, processed = len(scores), [], 0
    for i in range(n):
        processed += 1
        pos = (start + i) % n
        if scores[pos] is not None:
            feasible.append(pos)
            if len(feasible) == to_find:
                break
    if not feasible:
        return None, n
    best = max(scores[p] for p in feasible)
    ties = [p for p in feasible if scores[p] == best]
    return (ties[0] if len(ties) == 1 else rng.choice(ties)), processed


def test_indexed_scores_choose_what_the_scan_chooses():
    gen = random.Random(7)
    for _ in range(300):
        n = gen.randrange(1, 40)
        values = [None if gen.random() < 0.3 else float(gen.randrange(4)) for _ in range(n)]
        names = [f"n{i:02d}" for i in range(n)]
        tree = NodeScores(names, lambda name: values[int(name[1:])])
        for _ in range(5):
            start, to_find = gen.randrange(n), gen.randrange(1, n + 1)
            seed = gen.random()
            want_pos, want_processed = scan(values, start, to_find, random.Random(seed))
            got, processed = tree.choose(start, to_find, random.Random(seed).randrange)
            assert (got, processed) == (None if want_pos is None else names[want_pos], want_processed)
            changed = gen.randrange(n)             # one node's load changes: one leaf
            values[changed] = None if gen.random() < 0.3 else float(gen.randrange(4))
            tree.update(names[changed])


def placements(index_from):
    c = kubelab.Cluster(workers=119, pause=0)
    c.scheduler.index_from = index_from
    c.kubectl("taint node minikube-m05 dedicated=x:NoSchedule")
    c.kubectl("cordon minikube-m07")
    c.kubectl("create deployment a --image=nginx --replicas=250")
    c.kubectl("apply -f -", stdin="""
apiVersion: apps/v1
kind: Deployment
metadata: {name: b}
spec:
  replicas: 120
  selector: {matchLabels: {app: b}}
  template:
    metadata: {labels: {app: b}}
    spec:
      containers:
      - {name: c, image: nginx, resources: {requests: {cpu: 300m, memory: 64Mi}}}
""")
    c.settle()
    c.kubectl("scale deployment a --replicas=80")
    c.settle()
    c.kubectl("scale deployment a --replicas=300")
    c.settle()
    return {p["metadata"]["name"]: p["spec"]["nodeName"] for p in c.api.list("pods", "default", copy=False)}


def test_a_big_cluster_places_every_pod_as_the_plain_scan_would():
    indexed, plain = placements(0), placements(10 ** 9)
    assert indexed == plain and len(indexed) > 400
    spread = {}
    for name, node in indexed.items():
        spread.setdefault(node, 0)
        spread[node] += name.startswith("a-")
    assert "minikube-m05" not in spread and "minikube-m07" not in spread
    assert max(spread.values()) - min(v for k, v in spread.items() if k != "minikube") <= 2


def full_cluster(index_from):
    """More pods than fit: the pending ones' conditions and events, then room made."""
    c = kubelab.Cluster(workers=3, pause=0)
    c.scheduler.index_from = index_from
    c.kubectl("taint node minikube-m03 dedicated=x:NoSchedule")
    c.kubectl("apply -f -", stdin="""
apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: 14
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      containers:
      - {name: c, image: nginx, resources: {requests: {cpu: "1"}}}
""")
    c.settle()
    c.run(30)

    def seen():
        pods = c.api.list("pods", "default", copy=False)
        pending = {p["metadata"]["name"]: [(x["reason"], x["message"]) for x in p["status"]["conditions"]
                                           if x["type"] == "PodScheduled"] for p in pods if not p["spec"].get("nodeName")}
        placed = {p["metadata"]["name"]: p["spec"]["nodeName"] for p in pods if p["spec"].get("nodeName")}
        events = sorted((e["involvedObject"]["name"], e["message"], e.get("count", 1))
                        for e in c.api.list("events", "default", copy=False) if e["reason"] == "FailedScheduling")
        return pending, placed, events
    first = seen()
    c.kubectl("uncordon minikube-m03")               # no change to the nodes' fitness: still no room
    c.kubectl("taint node minikube-m03 dedicated-")  # room on a node: the pending pods are tried again
    c.settle()
    c.run(30)
    return first, seen()


def test_a_full_big_cluster_reports_pending_pods_as_the_plain_scan_would():
    """A big cluster's pending pods of one template share one diagnosis until a node
    changes: same conditions, events and later placements as scanning every node each time."""
    (pending, placed, events), after = full_cluster(0)
    assert ((pending, placed, events), after) == full_cluster(10 ** 9)
    assert len(pending) >= 4 and len(placed) >= 4
    reasons = {msg for conds in pending.values() for _, msg in conds}
    assert reasons == {"0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: x}, "
                       "3 Insufficient cpu. preemption: 0/4 nodes are available: "
                       "4 No preemption victims found for incoming pod."}, reasons
    assert len(after[0]) < len(pending) and len(after[1]) > len(placed)   # the freed node took some


def test_the_template_key_remembering_the_last_parts_is_the_key_worked_out_afresh():
    """_template_key remembers the owner and texts of the last ownerReferences,
    tolerations, selector and affinity objects it met, and the sorted items of the last
    requests: over pods sharing those objects, or holding equal copies, or other ones,
    it gives the key a scheduler that forgets after each pod gives."""
    from kubelab.scheduler import _shared_requests

    rng = random.Random(3)
    sched = kubelab.Cluster(workers=1, pause=0).scheduler
    refs = [None, [{"kind": "ReplicaSet", "name": "a", "uid": "u1", "controller": True}],
            [{"kind": "ReplicaSet", "name": "b", "uid": "u2", "controller": True}],
            [{"kind": "Job", "name": "c", "uid": "u3", "controller": False}]]
    tolerations = [None, [{"key": "k", "operator": "Exists"}], [{"key": "j", "operator": "Exists"}]]
    selectors = [None, {"disk": "ssd"}, {"disk": "hdd"}]
    affinities = [None, {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}}]
    requests = [_shared_requests({}), _shared_requests({"cpu": 0.5}), _shared_requests({"cpu": 0.5, "memory": 1e8})]

    def pick(options):
        obj = rng.choice(options)
        return copy.deepcopy(obj) if obj is not None and rng.random() < 0.3 else obj     # an equal copy
    keys = set()
    for _ in range(500):
        md, spec = {"name": "p"}, {"containers": [{"name": "c", "ports": rng.choice([None, [{"hostPort": 80}]])}]}
        for field, options, where in (("ownerReferences", refs, md), ("tolerations", tolerations, spec),
                                      ("nodeSelector", selectors, spec), ("affinity", affinities, spec)):
            value = pick(options)
            if value is not None:
                where[field] = value
        pod, req = {"metadata": md, "spec": spec}, rng.choice(requests)
        key = sched._template_key(pod, req)
        sched_memo = sched._last_parts, sched._last_req
        sched._last_parts, sched._last_req = None, (None, ())
        assert key == sched._template_key(pod, req)
        sched._last_parts, sched._last_req = sched_memo
        keys.add(key)
    assert len(keys) > 20
