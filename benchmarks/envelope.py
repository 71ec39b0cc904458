"""Issue 18's envelope, measured (not asserted): one Deployment of P pods on N nodes,
``Cluster(workers=N-1, pause=0)``, ``kubectl create deployment`` then ``settle()``.

Each row runs in its own process, so its peak RSS (ru_maxrss) is its own. Printed
per row: boot (the cluster coming up, and a first ``kubectl get nodes``: the import
of the client, once a process), wall (create → settle, all pods Running and
Ready) and the CPU time of that (the machine may be shared: CPU is the steadier
figure), pods/s (of the wall), µs of CPU per pod and how that compares with the
1,500-pod row's (the issue's goal: at most 1.5× at 150,000), peak RSS and KB of it
per pod, and ``kubectl get pods`` at that size (plain, ``-o name``, ``-l``,
``--field-selector spec.nodeName=``; median of a few; plain
``get pods`` also the first one after settling, when every row is new).

Run: python benchmarks/envelope.py                 # the issue's rows
     python benchmarks/envelope.py 100x10000 50x1500  # chosen rows (NODESxPODS)
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time  # wall-clock ok: this is a benchmark

ROWS = ["50x1500", "10x1000", "100x10000", "250x27500", "5000x150000"]   # 1,500 first: the others compare with it

#: minikube's pod network, 10.244.0.0/16 with a /24 a node, has ranges for 256 nodes: the
#: others register NotReady (CIDRNotAvailable) and take no pods.  A bigger cluster is given
#: a bigger network, as a real one is configured (--cluster-cidr): 32,768 /24s, clear of the
#: service range 10.96.0.0/12.
BIG_POD_NETWORK = "10.128.0.0/9"


def _median_ms(c, cmd: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = c.kubectl(cmd)
        times.append(time.perf_counter() - t0)
        assert r.returncode == 0, (cmd, r.stderr)
    return sorted(times)[len(times) // 2] * 1e3


def one(nodes: int, pods: int) -> dict:
    import kubelab
    t0 = time.perf_counter()
    network = {"pod_network_cidr": BIG_POD_NETWORK} if nodes > 256 else {}
    c = kubelab.Cluster(workers=nodes - 1, pause=0, **network)
    # The first kubectl command imports the client (compiling it where, as on the
    # machine these figures come from, PYTHONDONTWRITEBYTECODE is set): a cost of the
    # process, paid once, not of the pods, so boot takes it.
    assert c.kubectl("get nodes --no-headers").returncode == 0
    boot = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    r = c.kubectl(f"create deployment big --image=nginx:1.16.1 --replicas={pods}")
    assert r.returncode == 0, r.stderr
    c.settle(limit=3600)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    listed = c.api.list("pods", "default", copy=False)
    ready = sum(1 for p in listed if p["status"].get("phase") == "Running" and any(
        x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions", ())))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024      # KiB on Linux
    runs = 5 if pods <= 30_000 else 3
    node = sorted(c.kubelets)[len(c.kubelets) // 2]
    first = _median_ms(c, "get pods", 1)      # every row printed for the first time (then kept per version)
    return {"nodes": nodes, "pods": pods, "boot": boot, "wall": wall, "cpu": cpu, "ready": ready, "rss": rss,
            "simulated": c.now, "actions": len(c.api.actions),
            "first": first, "get": _median_ms(c, "get pods", runs), "name": _median_ms(c, "get pods -o name", runs),
            "label": _median_ms(c, "get pods -l app=big", runs),
            "field": _median_ms(c, f"get pods --field-selector spec.nodeName={node}", runs)}


def main(rows: list[str]) -> None:
    print("| nodes × pods | boot | wall (CPU) | pods/s | CPU µs/pod (× 1,500's) | peak RSS (KB/pod) "
          "| get pods (first / again) | -o name | -l | --field-selector |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    base = None          # CPU per pod of the 1,500-pod row, when it ran first
    for row in rows:
        nodes, pods = (int(x) for x in row.split("x"))
        proc = subprocess.run([sys.executable, __file__, "--one", row], capture_output=True, text=True)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["?"])[-1]
            print(f"| {nodes:,} × {pods:,} | fails: {last} | | | | | | | | |", flush=True)
            continue
        m = json.loads(proc.stdout.strip().splitlines()[-1])
        per_pod = m["cpu"] / pods * 1e6
        if pods == 1500:
            base = per_pod
        ratio = f" ({per_pod / base:.2f}×)" if base else ""
        note = "" if m["ready"] == pods else f" ({m['ready']:,} ready)"
        print(f"| {nodes:,} × {pods:,}{note} | {m['boot']:.1f} s | {m['wall']:.1f} s ({m['cpu']:.1f} s) | "
              f"{pods / m['wall']:,.0f} | {per_pod:,.0f}{ratio} | {m['rss']:,.0f} MB ({m['rss'] * 1024 / pods:,.0f}) | "
              f"{m['first']:,.0f} / {m['get']:,.0f} ms | {m['name']:,.0f} ms | {m['label']:,.0f} ms | {m['field']:,.0f} ms |", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        n, p = (int(x) for x in sys.argv[2].split("x"))
        print(json.dumps(one(n, p)))
    else:
        main(sys.argv[1:] or ROWS)
