"""Refresh latency of the visual layer at course scale (about 60 objects).

    python benchmarks/viz_refresh.py

Targets (issue 9): ≤ 50 ms per update (a watch event → graph, tables, events;
the picture is redrawn only when what it shows changed), ≤ 100 ms for a full
redraw of the picture.  Pictures are drawn at twice the density up to
``render.DENSE_AREA`` (a chapter's picture), at 1x beyond (the 58-object one).
Issue 17: the live view (``%kubelab watch``) redraws after one ``%kubectl``
command in ≤ 100 ms at chapter scale; measured too with 1,000 pods (where it
draws the owners, not each pod).  Prints the median and worst of several runs.
"""
from __future__ import annotations

import os
import statistics
import time

import kubelab
from kubelab.ui import Dashboard, LiveView
from kubelab.viz.graph import build_graph
from kubelab.viz.render import render_png


def course_cluster() -> kubelab.Cluster:
    """8 Deployments × 4 replicas with a NodePort Service each: 8 + 8 + 32 + 8 + node + client = 58 objects."""
    c = kubelab.Cluster()
    for i in range(8):
        c.kubectl(f"create deployment app{i} --image=nginx --replicas=4")
        c.kubectl(f"create service nodeport app{i} --tcp=80:80")
    c.settle()
    return c


def chapter_cluster() -> kubelab.Cluster:
    """Chapter 05's picture: a Deployment of 4 in the middle of a rolling update, with its Service."""
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx:1.26 --replicas=4")
    c.kubectl("expose deployment web --type=NodePort --port=80")
    c.settle()
    c.kubectl("set image deployment/web nginx=nginx:1.27")
    return c


def timed(fn, n: int = 15) -> tuple[float, float, float]:
    """Median and worst wall-clock ms, and the median CPU ms of this process (what the
    figure would be on an idle machine; other work on a shared machine inflates wall time)."""
    wall, cpu = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def live_view_rows(c: kubelab.Cluster, scale: str) -> list:
    """What a learner waits for after one command: the post-cell hook's refresh
    (graph rebuilt, picture redrawn because the command changed it)."""
    view = LiveView(c)
    deps = [d["metadata"]["name"] for d in c.api.list("deployments", "default")]
    dep = deps[0]
    n = {"replicas": c.get("deployment", dep)["spec"]["replicas"]}

    def one_command() -> None:                  # scale by one: a pod appears or goes
        n["replicas"] += 1 if n["replicas"] % 2 else -1
        c.kubectl(f"scale deployment/{dep} --replicas={n['replicas']}")

    def redraw_only() -> tuple[float, float]:
        one_command()
        t, cpu = time.perf_counter(), time.process_time()
        view.refresh()
        return (time.perf_counter() - t) * 1000, (time.process_time() - cpu) * 1000

    samples = [redraw_only() for _ in range(11)]
    redraws = view.redraws
    both = timed(lambda: (one_command(), view.refresh()), n=11)
    assert view.redraws > redraws, "the picture was not redrawn"
    kind = "owners only" if view.summarised else "every object"
    return [(f"live view redraw after one command, {scale} ({view.graph.number_of_nodes()} boxes, {kind})",
             (statistics.median(w for w, _ in samples), max(w for w, _ in samples),
              statistics.median(c for _, c in samples))),
            (f"  the command and the redraw, {scale}", both)]


def main() -> None:
    c = course_cluster()
    g = build_graph(c)
    print(f"objects in the picture: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    render_png(g)                                   # fonts loaded once
    chapter = chapter_cluster()
    small = build_graph(chapter, namespace="default")
    render_png(small)
    rows = [("build_graph", timed(lambda: build_graph(c))),
            ("full redraw (render_png)", timed(lambda: render_png(g))),
            (f"full redraw, chapter-sized ({small.number_of_nodes()} objects, 2x)", timed(lambda: render_png(small)))]
    d = Dashboard(c)

    def update_without_redraw() -> None:
        d.stale = True                              # as a watch event does
        d.refresh()

    pods = d.pods()

    def update_with_redraw() -> None:               # a real change: a pod's labels → its status ring stays, edge goes
        d.cluster.api.mutate("pods", pods[0], "default",
                             lambda p: p["metadata"]["labels"].update(app="elsewhere" if p["metadata"]["labels"]["app"] != "elsewhere" else "app0"))
        d.refresh()

    rows.append(("dashboard update (no picture change)", timed(update_without_redraw)))
    rows.append(("dashboard update (picture redrawn)", timed(update_with_redraw)))
    rows += live_view_rows(c, "chapter scale (58 objects)")
    big = kubelab.Cluster(workers=9, pause=0)
    big.kubectl("create deployment big --image=nginx --replicas=1000")
    big.kubectl("create service nodeport big --tcp=80:80")
    big.settle()
    rows += live_view_rows(big, "1,000 pods")
    width = max(len(r[0]) for r in rows)
    for name, (median, worst, cpu) in rows:
        print(f"{name:<{width}}  median {median:6.1f} ms   worst {worst:6.1f} ms   (CPU median {cpu:6.1f} ms)")
    print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
