"""The kubelet's shortcuts give the runs the general way gives: same objects, same
events, same writes in the same order."""
import json
from unittest import mock

import kubelab
from kubelab.clock import Clock
from kubelab.testing import apply

MIXED = """
apiVersion: v1
kind: Pod
metadata: {name: multi}
spec:
  initContainers:
  - {name: init1, image: busybox:1.36, command: [sh, -c, "sleep 2"]}
  containers:
  - {name: zeta, image: nginx:1.16.1, readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 3}}
  - {name: alpha, image: nginx:1.16.1, command: [sh, -c, "sleep 5; exit 1"]}
  - {name: bad, image: ngnix:1.0}
"""


def run_digest() -> tuple[str, list]:
    c = kubelab.Cluster(workers=1, pause=0)
    c.kubectl("create deployment big --image=nginx:1.16.1 --replicas=12")
    apply(c, MIXED)
    c.kubectl("create deployment crash --image=busybox:1.36 --replicas=3 -- sh -c 'sleep 3; exit 2'")
    c.run(40)
    c.kubectl("scale deployment big --replicas=4")
    c.kubectl("create deployment late --image=nginx:1.16.1 --replicas=3")   # the image is there by now
    c.run(30)
    objs = [json.dumps(o, default=str) for kind in ("pods", "events", "replicasets")
            for o in c.api.list(kind, None, copy=False)]
    return "\n".join(objs), [(a.verb, a.kind, a.key) for a in c.api.actions]


def test_the_containers_a_pull_lets_go_start_as_each_on_its_own_timer_would():
    batched = run_digest()

    def one_timer_each(self, delay, fn, label="", busy=False):
        self.schedule(delay, fn, label, busy)      # not joined: the general way, a timer a container

    with mock.patch.object(Clock, "join", one_timer_each):
        general = run_digest()
    assert batched[1] == general[1]
    assert batched[0] == general[0]


def test_one_pull_lets_its_waiting_containers_go_with_one_timer():
    c = kubelab.Cluster(workers=0, pause=0)
    c.kubectl("create deployment big --image=nginx:1.16.1 --replicas=5")
    scheduled = []
    real = c.clock.schedule

    def counting(delay, fn, label="", busy=False):
        scheduled.append(label)
        return real(delay, fn, label, busy)

    with mock.patch.object(c.clock, "schedule", counting):
        c.settle()
    starts = [label for label in scheduled if label.startswith("start")]
    assert len(starts) == 1
    pulled = [e["message"] for e in c.api.list("events", "default", copy=False) if e["reason"] == "Pulled"]
    assert len(pulled) == 5 and len(set(pulled)) == 1
    assert all(p["status"]["phase"] == "Running" for p in c.api.list("pods", "default", copy=False))


def test_statuses_made_with_the_workers_made_from_are_those_made_without():
    # pod_status takes each container's key from made_from's parts (by position:
    # init containers, then app containers in the spec's order, sorted by name for
    # the entries); without them it takes each container's own.  Same runs.
    from kubelab.node import kubelet as kubelet_module
    given = run_digest()
    real = kubelet_module.pod_status

    def without_made(stored, w, host_ip, now, shared=None, made=None):
        return real(stored, w, host_ip, now, shared)

    with mock.patch.object(kubelet_module, "pod_status", without_made):
        general = run_digest()
    assert given == general


def test_pod_status_keys_each_entry_by_its_own_container():
    from kubelab.node import statuswriter
    c = kubelab.Cluster(workers=0, pause=0)
    apply(c, MIXED)
    for _ in range(12):
        c.run(1)
        pod = c.api.peek("pods", "multi", "default")
        w = c.kubelets[pod["spec"]["nodeName"]].workers["default/multi"]
        made = statuswriter.made_from(w, "h")
        statuswriter.pod_status(pod, w, "h", "T", None, made)
        for part, cs in zip(made[4:], w.containers.values()):
            assert part is cs.status_memo[0]
            assert part == statuswriter._container_made_from(cs)
            assert cs.status_memo[1]["name"] == cs.name
