"""Requests per second through a NodePort Service with 100 endpoints.

    /work/venv/bin/python benchmarks/traffic.py [requests] [endpoints]

Each request takes the whole road: the node's nodePort rule, kube-proxy's
random choice among the ready endpoints, the pod's container program
(echoserver), and a trace of every hop.  Wall-clock time is measured here, in
the benchmark, never inside kubelab.
"""
from __future__ import annotations

import sys
import time
from collections import Counter

import kubelab


def main(requests: int = 10_000, endpoints: int = 100) -> dict:
    t0 = time.perf_counter()
    c = kubelab.Cluster(workers=3)
    c.kubectl(f"create deployment hello --image=k8s.gcr.io/echoserver:1.4 --replicas={endpoints} --port=8080")
    c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata: {name: hello}\nspec:\n  type: NodePort\n"
                                  "  selector: {app: hello}\n  ports: [{port: 8080, nodePort: 31000}]\n")
    c.settle()
    setup = time.perf_counter() - t0
    ready = sum(1 for r in c.proxy.rules("default/hello") for e in r.endpoints if e.ready)
    assert ready == endpoints, f"only {ready} endpoints ready"
    nodes = list(c.node_ips.values())
    answered: Counter = Counter()
    t1 = time.perf_counter()
    for i in range(requests):
        r = c.curl(f"http://{nodes[i % len(nodes)]}:31000/")
        answered[r.pod] += 1
    took = time.perf_counter() - t1
    assert sum(answered.values()) == requests and None not in answered
    result = {"requests": requests, "endpoints": endpoints, "seconds": round(took, 3),
              "requests_per_second": round(requests / took), "pods_that_answered": len(answered),
              "setup_seconds": round(setup, 2)}
    return result


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    for k, v in main(*args).items():
        print(f"{k}: {v}")
