"""Refresh latency of the visual layer at course scale (about 60 objects).

    python benchmarks/viz_refresh.py

Targets (issue 9): ≤ 50 ms per update (a watch event → graph, tables, events;
the picture is redrawn only when what it shows changed), ≤ 100 ms for a full
redraw of the picture.  Pictures are drawn at twice the density up to
``render.DENSE_AREA`` (a chapter's picture), at 1x beyond (the 58-object one).  Prints the median and worst of several runs.
"""
from __future__ import annotations

import statistics
import time

import kubelab
from kubelab.ui import Dashboard
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


def timed(fn, n: int = 15) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


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
    width = max(len(r[0]) for r in rows)
    for name, (median, worst) in rows:
        print(f"{name:<{width}}  median {median:6.1f} ms   worst {worst:6.1f} ms")


if __name__ == "__main__":
    main()
