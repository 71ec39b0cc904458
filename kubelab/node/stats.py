"""The kubelet's resource metrics endpoint (``/metrics/resource`` on port 10250),
what metrics-server scrapes: for every running container its start time, the CPU
seconds it has used (the cgroup's cumulative counter, from the program:
``App.cpu_used``) and its working set; for the node the same of the whole machine
(its containers plus what the kubelet, the runtime and the system use).
"""
from __future__ import annotations

from ..api.metrics import ContainerSample, NodeSample, PodSample

#: what a node spends besides its containers: kubelet, dockerd/containerd, systemd
SYSTEM_CORES = 0.08
SYSTEM_MEMORY = 540 * 2**20


def resource_metrics(kubelet, booted: float = 0.0) -> NodeSample | None:
    """One scrape of ``kubelet`` at the current instant; None when the kubelet does
    not answer (a node powered off)."""
    if kubelet.stopped:
        return None
    now = kubelet.clock.now
    pods: list[PodSample] = []
    memory = SYSTEM_MEMORY
    for key in sorted(kubelet.workers):
        w = kubelet.workers[key]
        ns, name = key.split("/", 1)
        sample = PodSample(ns, name)
        for cname in w.app_order:
            cs = w.containers.get(cname)
            if cs is None or not cs.running or cs.app is None:
                continue
            sample.containers.append(ContainerSample(cname, cs.started_at, cs.app.cpu_used(now), cs.app.memory_bytes))
            memory += cs.app.memory_bytes
        if sample.containers:
            pods.append(sample)
    # The machine's counter: the system's share since boot plus its containers' work
    # (containers that have gone took their share with them; the counter only grows
    # through what runs now, which is all a rate between two scrapes needs).
    cpu = (now - booted) * SYSTEM_CORES + sum(c.cpu for p in pods for c in p.containers)
    return NodeSample(kubelet.node_name, now, cpu, memory, pods)
