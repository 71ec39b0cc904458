"""Issue 2's targets, measured (not asserted):

- ``import kubelab`` time (target ≤ 0.3 s),
- a 1,000-replica Deployment on 10 nodes from create to all Running (target ≤ 2 s),
- ``kubectl get pods`` latency at 1,000 pods (target ≤ 100 ms),
- ``kubectl get pods`` at 150,000 pods (issue 18: ≤ 1.5 s; plain, ``-o name``, ``-l``,
  ``--field-selector spec.nodeName=``), CPU time: the pods are copies of a settled
  Deployment's, each with its own metadata and status, written through the store
  (starting 150,000 for real is the envelope's business, benchmarks/envelope.py).

Run: python benchmarks/deployment_scale.py
     python benchmarks/deployment_scale.py --get-only 150000   # the last part only
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


def many_pods(total: int):
    """A cluster holding ``total`` pods: a 1,000-replica Deployment settled on 10 nodes,
    then copies of its pods (a metadata and a status of their own each, a pod IP of
    their own, bound round-robin to 5,000 node names) created through the store.  The
    clock does not move afterwards, so no controller sees them."""
    import kubelab
    from kubelab.api.meta import clone
    c = kubelab.Cluster(workers=9, pause=0)
    c.kubectl("create deployment big --image=nginx:1.16.1 --replicas=1000")
    c.settle()
    seed = c.api.list("pods", "default", copy=False)
    for i in range(total - len(seed)):
        src = seed[i % len(seed)]
        md = clone(src["metadata"])
        for key in ("uid", "resourceVersion", "creationTimestamp"):
            md.pop(key)
        md["name"] = f"{md['generateName']}x{i:06d}"
        status = clone(src["status"])
        ip = f"10.{64 + i // 65536}.{(i // 256) % 256}.{i % 256}"
        status["podIP"], status["podIPs"] = ip, [{"ip": ip}]
        spec = dict(src["spec"], nodeName=f"node-{i % 5000:04d}")
        c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec, "status": status},
                     handover=True, copy_result=False)
    return c


def get_at(total: int) -> None:
    t0 = time.perf_counter()
    c = many_pods(total)
    print(f"{total:,} pods written through the store in {time.perf_counter() - t0:.1f} s")

    def cpu_ms(cmd: str) -> float:
        start = time.process_time()
        r = c.kubectl(cmd)
        assert r.returncode == 0, r.stderr
        return (time.process_time() - start) * 1e3
    first = cpu_ms("get pods")
    again = sorted(cpu_ms("get pods") for _ in range(3))[1]
    print(f"kubectl get pods at {total:,} pods, CPU: first {first:,.0f} ms (every row new), again {again:,.0f} ms (median of 3)")
    for cmd in ("get pods -o name", "get pods -l app=big", "get pods --field-selector spec.nodeName=node-2500"):
        print(f"kubectl {cmd}: {sorted(cpu_ms(cmd) for _ in range(3))[1]:,.0f} ms CPU (median of 3)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--get-only"]:
        get_at(int(sys.argv[2]))
    else:
        main()
        get_at(150_000)
