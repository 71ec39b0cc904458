"""Recording an event (kubelab.controllers.events): figures, not a test.

    .venv/bin/python benchmarks/events.py [--pods 20000]

What a pod's start records, through the recorder alone: the scheduler's
Scheduled, then the kubelet's Pulled, Created and Started, 30 pods a kubelet
(as 150,000 pods on 5,000 nodes), the clock moving a second every 50 pods.  Printed: µs of CPU an event (the
recorder, its correlator and the store's write; after 2,000 pods' worth to warm
up; the machine may be shared: CPU is the steadier figure), and what an event
keeps (tracemalloc, a second run): the stored Event (its packed bytes, its name
as the bucket's key, the bucket's slot) and the correlators' caches.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc

import kubelab
from kubelab.heap import relaxed

WARM = 2_000
PER_POD = 4
PODS_A_NODE = 30


def _pods(c: kubelab.Cluster, n: int) -> list[dict]:
    return [{"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": f"big-6d5c6f6b7-{i:05d}", "namespace": "default",
                          "uid": c.api.new_uid(), "resourceVersion": str(1000 + i)}} for i in range(n)]


def _record(c: kubelab.Cluster, pods: list[dict], start: int = 0) -> None:
    rec, path = c.recorder, "spec.containers{nginx}"
    for i, pod in enumerate(pods, start):
        host = f"node-{i // PODS_A_NODE:04d}"
        rec.normal(pod, "Scheduled", f"Successfully assigned default/{pod['metadata']['name']} to {host}",
                   component="default-scheduler")
        rec.normal(pod, "Pulled", 'Container image "nginx:1.16.1" already present on machine',
                   component="kubelet", host=host, field_path=path)
        rec.normal(pod, "Created", "Created container nginx", component="kubelet", host=host, field_path=path)
        rec.normal(pod, "Started", "Started container nginx", component="kubelet", host=host, field_path=path)
        if i % 50 == 49:
            c.clock.advance(1.0)


def run(pods: int, memory: bool) -> float:
    c = kubelab.Cluster(workers=3, pause=0)
    made = _pods(c, pods + WARM)
    _record(c, made[:WARM])
    gc.collect()
    if memory:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] if memory else 0
    t0 = time.process_time()
    with relaxed():
        _record(c, made[WARM:], WARM)
    cpu = time.process_time() - t0
    if memory:
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        return kept / (pods * PER_POD)
    return cpu / (pods * PER_POD) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=20_000)
    args = parser.parse_args()
    cpu = run(args.pods, memory=False)
    kept = run(args.pods, memory=True)
    print(f"{args.pods:,} pods, {PER_POD} events each: {cpu:.1f} µs CPU an event, {kept:.0f} B kept an event "
          f"(the stored Event and the correlators' caches)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
