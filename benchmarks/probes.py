"""Issue 4's target, measured (not asserted): 10,000 pods with a liveness and a
readiness probe on 100 nodes, ten simulated minutes, in ≤ 10 s wall time.

Two phases are timed apart: first the Deployment's 10,000 pods are created,
scheduled, started and probed Ready (about 5 simulated seconds); then the
cluster runs ten simulated minutes in which every container is probed every
10 s — 1.2 million probes, each an HTTP request to the echoserver (which logs
it, as the real one does) or a TCP connect.  The target is the second phase.

Probe timers are clock events, one per container and period, re-armed after
each tick; nothing scans all pods.  Reports wall times, probes run, and peak
memory (ru_maxrss, the whole process).

Run: python benchmarks/probes.py [pods] [nodes] [minutes]
"""
from __future__ import annotations

import resource
import sys
import time  # wall-clock ok: this is a benchmark

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {{name: probed}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: probed}}}}
  template:
    metadata: {{labels: {{app: probed}}}}
    spec:
      containers:
      - name: web
        image: {image}
        livenessProbe: {{tcpSocket: {{port: 8080}}, periodSeconds: 10}}
        readinessProbe: {{httpGet: {{path: /, port: 8080}}, periodSeconds: 10}}
"""


def main(pods: int = 10_000, nodes: int = 100, minutes: float = 10.0) -> None:
    import kubelab
    t0 = time.perf_counter()
    c = kubelab.Cluster(workers=nodes - 1, pause=0)
    print(f"boot {nodes} nodes: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    r = c.kubectl("apply -f -", stdin=DEPLOYMENT.format(replicas=pods, image="k8s.gcr.io/echoserver:1.4"))
    assert r.returncode == 0, r
    c.settle(limit=1200)
    ready = sum(1 for p in c.api.list("pods", "default", copy=False)
                if any(x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions", [])))
    print(f"{pods} pods created and Ready: {ready} in {time.perf_counter() - t0:.2f} s wall")
    before = c.prober.probes_run
    t0 = time.perf_counter()
    c.run(minutes * 60)
    wall = time.perf_counter() - t0
    probes = c.prober.probes_run - before
    print(f"{minutes:g} simulated minutes with probes: {wall:.2f} s wall, {probes} probes "
          f"({probes / max(wall, 1e-9):,.0f} probes/s)   target ≤ 10 s")
    print(f"peak memory (ru_maxrss): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:]]
    main(int(args[0]) if args else 10_000, int(args[1]) if len(args) > 1 else 100,
         args[2] if len(args) > 2 else 10.0)
