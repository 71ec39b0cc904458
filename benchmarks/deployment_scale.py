"""Issue 2's targets, measured (not asserted):

- ``import kubelab`` time (target ≤ 0.3 s),
- a 1,000-replica Deployment on 10 nodes from create to all Running (target ≤ 2 s),
- ``kubectl get pods`` latency at 1,000 pods (target ≤ 100 ms).

Run: python benchmarks/deployment_scale.py
"""
from __future__ import annotations

import subprocess
import sys
import time  # wall-clock ok: this is a benchmark
import tracemalloc


def import_time() -> float:
    code = "import time; t=time.perf_counter(); import kubelab; print(time.perf_counter()-t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(3)]
    return min(runs)


def main() -> None:
    print(f"import kubelab: {import_time():.3f} s (best of 3)")
    import kubelab
    t0 = time.perf_counter()
    c = kubelab.Cluster(workers=9, pause=0)
    print(f"Cluster(workers=9) boot: {time.perf_counter() - t0:.3f} s, nodes: {c.api.count('nodes')}")
    t0 = time.perf_counter()
    r = c.kubectl("create deployment big --image=nginx:1.16.1 --replicas=1000")
    assert r.returncode == 0, r
    c.settle()
    wall = time.perf_counter() - t0
    running = sum(1 for p in c.api.list("pods", "default", copy=False) if p.get("status", {}).get("phase") == "Running")
    print(f"1,000-replica Deployment on 10 nodes, create → all Running: {wall:.3f} s wall, "
          f"{wall / 1000 * 1e3:.2f} ms per pod, {running} running, simulated {c.now:.1f} s")
    # Memory, measured on a second cluster (tracemalloc slows everything down).
    tracemalloc.start()
    m = kubelab.Cluster(workers=9, pause=0)
    m.kubectl("create deployment big --image=nginx:1.16.1 --replicas=1000")
    m.settle()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory for that cluster: {peak / 1e6:.1f} MB")
    del m
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        r = c.kubectl("get pods")
        times.append(time.perf_counter() - t0)
    lines = r.stdout.count("\n")
    print(f"kubectl get pods at {lines - 1} pods: median {sorted(times)[5] * 1e3:.1f} ms, best {min(times) * 1e3:.1f} ms")
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        c.kubectl("get pods -l app=big -o wide")
        times.append(time.perf_counter() - t0)
    print(f"kubectl get pods -l app=big -o wide: median {sorted(times)[5] * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
