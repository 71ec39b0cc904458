"""Timelines derived from watch events: pod states, probe results, rollouts."""
from __future__ import annotations

import kubelab
from kubelab.viz.timeline import (draw_pods, draw_rollout, history, pod_segments, pod_table, probe_results,
                                  rollout, rollout_table, rollout_totals)

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


LIVENESS = """
apiVersion: v1
kind: Pod
metadata: {name: liveness-exec}
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox
    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec: {command: [cat, /tmp/healthy]}
      initialDelaySeconds: 5
      periodSeconds: 5
"""


def _rollout():
    c = kubelab.Cluster()
    h = history(c)
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=4")
    c.settle()
    c.run(60)                              # a minute of nothing before the change: not on the axis
    start = c.now
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    c.kubectl("rollout status deployment/web")
    return c, h, start


def test_rollout_totals_stay_within_maxsurge_and_maxunavailable():
    c, h, start = _rollout()
    during = [p for p in rollout_totals(h, "web") if p.time >= start]
    assert {(p.max_total, p.min_available) for p in during} == {(5, 3)}      # 4 + 25% up, 4 - 25% down
    assert max(p.total for p in during) == 5 and min(p.available for p in during) == 3
    assert during[-1].total == during[-1].available == 4


def test_the_rollout_plot_spans_the_rollout_and_draws_its_lines_within_the_drawn_bounds():
    c, h, start = _rollout()
    fig = draw_rollout(h, "web")
    per_rs, totals = fig.axes
    lo, hi = totals.get_xlim()
    changes = [p.time for p in rollout_totals(h, "web") if p.time >= start]
    assert lo <= changes[0] and hi >= changes[-1]
    assert hi - lo <= changes[-1] - start + 4          # the rollout fills the axis, not a sliver of it
    lines = {ln.get_label(): ln for ln in totals.get_lines()}
    bounds = sorted(ln.get_ydata()[0] for name, ln in lines.items() if name.startswith("_"))
    assert bounds == [3, 5]
    assert max(lines["all pods"].get_ydata()) == 5 and min(lines["available pods"].get_ydata()) == 3
    assert len(per_rs.get_lines()) == 2                # the old and the new ReplicaSet
    texts = [t.get_text() for t in totals.texts]
    assert "maxSurge: at most 5 pods" in texts and "maxUnavailable: at least 3 available" in texts


def test_the_probe_timeline_shows_the_liveness_kill_and_marks_probes_in_black():
    from matplotlib.colors import to_hex

    from kubelab.viz import style
    from kubelab.viz.timeline import KILL_HATCH, kill_spans
    c = kubelab.Cluster()
    h = history(c)
    c.kubectl("apply -f -", stdin=LIVENESS)
    c.run(120)
    spans = kill_spans(h)
    assert spans and spans[0][0] == "liveness-exec"
    pod, t0, t1 = spans[0]
    assert 30 <= t0 - h.start <= 50 and t1 > t0          # killed after three failures, restarted later
    fig = draw_pods(h, containers=False)
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_hatch() == KILL_HATCH and not p.get_fill()]
    assert sorted(p.get_width() for p in hatched) == sorted(b - a for _, a, b in spans)
    marks = [ln for ln in ax.get_lines() if ln.get_marker() == "v"]
    assert marks and all(to_hex(ln.get_color()) == style.BLACK.lower() for ln in marks)
    assert all(to_hex(ln.get_color()) != style.BAD.lower() for ln in ax.get_lines())
