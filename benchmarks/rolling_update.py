"""Wall time of a rolling update of a 1,000-replica Deployment on 50 nodes.

    python benchmarks/rolling_update.py [replicas] [nodes]

Builds a bare cluster with ``nodes`` worker nodes, creates the Deployment,
settles, changes the image, and times (wall clock — this is a benchmark, not
the model) how long the simulator takes to run the rollout to completion.
"""
from __future__ import annotations

import sys
import time

import kubelab


def build(nodes: int) -> kubelab.Cluster:
    return kubelab.Cluster(workers=nodes - 1, seed=0)


def main(replicas: int = 1000, nodes: int = 50) -> None:
    t0 = time.perf_counter()
    c = build(nodes)
    t1 = time.perf_counter()
    c.kubectl(f"create deployment web --image=jocatalin/kubernetes-bootcamp:v1 --replicas={replicas}")
    c.settle()
    t2 = time.perf_counter()
    ready = c.get("deployment", "web")["status"].get("readyReplicas", 0)
    start = c.now
    c.kubectl("set image deployment/web kubernetes-bootcamp=jocatalin/kubernetes-bootcamp:v2")
    done = c.wait_for(lambda: (c.get("deployment", "web")["status"].get("updatedReplicas", 0) == replicas
                               and c.get("deployment", "web")["status"].get("availableReplicas", 0) == replicas
                               and c.get("deployment", "web")["status"].get("replicas", 0) == replicas), 3600)
    t3 = time.perf_counter()
    print(f"cluster of {nodes} nodes built in {t1 - t0:.2f} s")
    print(f"{replicas} replicas created and ready ({ready}) in {t2 - t1:.2f} s")
    print(f"rolling update {'completed' if done else 'NOT completed'} in {c.now - start:.0f} s of simulated time, "
          f"{t3 - t2:.2f} s wall time")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
