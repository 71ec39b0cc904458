"""Timelines derived from watch events: pod states, probe results, rollouts."""
from __future__ import annotations

import kubelab
from kubelab.viz.timeline import (draw_pods, draw_rollout, history, pod_segments, pod_table, probe_results,
                                  rollout, rollout_table)

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: %s}]
"""


def test_history_is_one_per_cluster_and_starts_with_what_exists():
    c = kubelab.Cluster()
    h = history(c)
    assert history(c) is h
    assert any(ch.type == "SNAPSHOT" and ch.kind == "Node" for ch in h.changes)


def test_pod_goes_pending_creating_running_and_becomes_ready():
    c = kubelab.Cluster()
    h = history(c)
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    segs = [s for s in pod_segments(h, pods=[pod], containers=False)]
    assert [s.state for s in segs][-2:] == ["ContainerCreating", "Running"]
    assert segs[-1].end is None and segs[-1].ready and not segs[-2].ready
    assert "Running" in pod_table(h, pods=[pod])


def test_rollout_rows_show_the_new_replicaset_growing_and_the_old_one_shrinking():
    c = kubelab.Cluster()
    h = history(c)
    c.kubectl("apply -f -", stdin=DEPLOY % "nginx:1.26")
    c.settle()
    c.kubectl("apply -f -", stdin=DEPLOY % "nginx:1.27")
    c.settle()
    rows = rollout(h, "web")
    revs = {r.rs: r.revision for r in rows}
    assert sorted(revs.values()) == [1, 2]
    old, new = sorted(revs, key=revs.get)
    last = {r.rs: r for r in rows}
    assert (last[new].replicas, last[new].ready, last[new].new) == (3, 3, True)
    assert (last[old].replicas, last[old].new) == (0, False)
    # at some moment both had pods: a rolling update, not a recreate
    both = False
    state = {}
    for r in rows:
        state[r.rs] = r.replicas
        both = both or (state.get(old, 0) > 0 and state.get(new, 0) > 0)
    assert both
    table = rollout_table(h, "web")
    assert "(rev 1)" in table and "(rev 2)" in table and "3/3" in table
    draw_rollout(h, "web")


def test_probe_failures_come_from_unhealthy_events_counting_repeats():
    c = kubelab.Cluster()
    h = history(c)
    c.kubectl("create deployment web --image=nginx")
    c.settle()
    pod = c.api.list("pods", "default")[0]
    for _ in range(2):
        c.recorder.warning(pod, "Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy'",
                           component="kubelet", host="minikube", field_path="spec.containers{nginx}")
        c.run(5)
    fails = [p for p in probe_results(h) if p.result == "failed"]
    assert [(p.probe, p.object) for p in fails] == [("Liveness", f"Pod/{pod['metadata']['name']}")] * 2
    assert fails[1].time - fails[0].time == 5
    assert any(p.result == "ready" for p in probe_results(h))
    draw_pods(h)
