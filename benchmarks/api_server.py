"""The served API's speed (kubelab.server): figures for the README, not a test.

    .venv/bin/python benchmarks/api_server.py [--pods 1000] [--watches 100]

1. requests/s for GET of one pod, and LIST of all pods as a Table (what ``kubectl
   get pods`` asks for), over one kept-alive HTTPS connection;
2. ``kubectl get pods`` end to end at that many pods (the real kubectl's own
   start-up included), beside ``kubectl version --client`` (no server at all) as the
   floor: the target is at most 2x the floor.  Runs interleaved, medians with the
   quartiles: with the discovery cache warm (as after a learner's first command),
   with the clock moved since the last get, and with no discovery cache;
3. 100 watches open while the pods start: how much longer the cluster takes to
   start them (every change is copied into the watch window and sent 100 times),
   and whether every watcher saw every pod become Running.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kubelab import Cluster  # noqa: E402

KUBECTL = "/usr/bin/kubectl"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"


class Conn:
    def __init__(self, srv):
        doc = yaml.safe_load(open(srv.kubeconfig))
        ca = base64.b64decode(doc["clusters"][0]["cluster"]["certificate-authority-data"]).decode()
        self.ctx = ssl.create_default_context(cadata=ca)
        self.port = srv.port
        self.token = doc["users"][0]["user"]["token"]
        self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx)

    def get(self, path: str, accept: str = "application/json") -> bytes:
        self.conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}", "Accept": accept})
        resp = self.conn.getresponse()
        body = resp.read()
        assert resp.status == 200, (resp.status, body[:200])
        return body


def rate(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def big_cluster(pods: int) -> Cluster:
    nodes = max(1, -(-pods // 100))
    c = Cluster(workers=nodes - 1)
    c.kubectl(f"create deployment big --image=nginx --replicas={pods}")
    c.settle()
    return c


def timed_runs(commands: dict[str, list[str]], env: dict, runs: int, between=None) -> dict[str, list[float]]:
    """Wall times (ms) of each command, ``runs`` rounds, the commands interleaved
    within a round (a shared machine's load then weighs on all alike).
    ``between(name)``, if given, runs (untimed) before each command."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            if between is not None:
                between(name)
            start = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True)
            times[name].append((time.perf_counter() - start) * 1e3)
    return times


def spread(ms: list[float]) -> str:
    """Median, quartiles and best of a list of times."""
    v = sorted(ms)
    return f"median {statistics.median(v):4.0f} ms (quartiles {v[len(v) // 4]:.0f}-{v[3 * len(v) // 4]:.0f}, best {v[0]:.0f})"


def requests_and_kubectl(pods: int) -> None:
    c = big_cluster(pods)
    running = sum(1 for p in c.api.list("pods", "default") if p["status"].get("phase") == "Running")
    print(f"cluster: {len(c.kubelets)} nodes, {running} pods Running in default")
    with c.serve() as srv:
        conn = Conn(srv)
        one = c.api.list("pods", "default")[0]["metadata"]["name"]
        get_rate = rate(lambda: conn.get(f"/api/v1/namespaces/default/pods/{one}"), 500)
        list_rate = rate(lambda: conn.get("/api/v1/namespaces/default/pods?limit=500", TABLE), 10)
        full_rate = rate(lambda: conn.get("/api/v1/namespaces/default/pods", TABLE), 10)
        print(f"GET one pod:                          {get_rate:8.0f} requests/s")
        print(f"LIST pods as Table, 500 a page:       {list_rate:8.1f} requests/s")
        print(f"LIST all {pods} pods as Table:          {full_rate:8.1f} requests/s")
        if not os.access(KUBECTL, os.X_OK):
            print("no real kubectl: end-to-end figures skipped")
            return
        cache = tempfile.mkdtemp(prefix="kubelab-bench-")
        env = dict(os.environ, KUBECONFIG=srv.kubeconfig, KUBECACHEDIR=cache, HOME=cache)
        subprocess.run([KUBECTL, "get", "pods"], env=env, capture_output=True, check=True)   # the discovery cache
        commands = {"floor": [KUBECTL, "version", "--client"], "get": [KUBECTL, "get", "pods"],
                    "moved": [KUBECTL, "get", "pods"], "first": [KUBECTL, "get", "pods"]}

        def between(name: str) -> None:
            if name == "moved":          # the clock moves: every row's cells are computed afresh
                c.run(1)
            if name == "first":          # a learner's first kubectl: no discovery cache yet
                shutil.rmtree(os.path.join(cache, "discovery"), ignore_errors=True)
        times = timed_runs(commands, env, 21, between)
        floor = statistics.median(times["floor"])
        print(f"kubectl version --client (the floor): {spread(times['floor'])}  (21 runs, interleaved)")
        for name, what in (("get", "kubectl get pods"), ("moved", "... the clock moved since the last one"),
                           ("first", "... no discovery cache (a learner's first)")):
            ratios = sorted(t / f for t, f in zip(times[name], times["floor"]))
            print(f"{what + ':':37} {spread(times[name])} = {statistics.median(times[name]) / floor:.2f}x the "
                  f"floor's median (per round: {ratios[len(ratios) // 4]:.2f}-{ratios[3 * len(ratios) // 4]:.2f}x)")


def read_watches(kubeconfig: str, port: int, rv: str, pods: int, watches: int) -> None:
    """The watchers, in a process of their own (a real client's decoding must not
    share the server's interpreter): open ``watches`` watches from ``rv``, say so,
    then read until each saw every pod Running; print how many did."""
    srv = argparse.Namespace(kubeconfig=kubeconfig, port=port)
    seen = [set() for _ in range(watches)]

    def reader(i: int, resp) -> None:
        buf = b""
        while len(seen[i]) < pods:
            chunk = resp.read1(1 << 16)
            if not chunk:
                return
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                if b'"phase":"Running"' in line:      # decode only what tells
                    ev = json.loads(line)
                    if ev["object"].get("status", {}).get("phase") == "Running":
                        seen[i].add(ev["object"]["metadata"]["name"])
    threads = []
    for i in range(watches):
        conn = Conn(srv)
        conn.conn.request("GET", f"/api/v1/namespaces/default/pods?watch=true&resourceVersion={rv}",
                          headers={"Authorization": f"Bearer {conn.token}"})
        resp = conn.conn.getresponse()
        threads.append(threading.Thread(target=reader, args=(i, resp), daemon=True))
    print("open", flush=True)
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    print(sum(1 for s in seen if len(s) == pods), flush=True)


def watches_while_starting(pods: int, watches: int) -> None:
    nodes = max(1, -(-pods // 100))
    times = {}
    for label, served in (("alone", False), ("served", True)):
        c = Cluster(workers=nodes - 1)
        if not served:
            start, cpu = time.perf_counter(), time.process_time()
            c.kubectl(f"create deployment big --image=nginx --replicas={pods}")
            c.settle()
            times[label], times["alone cpu"] = time.perf_counter() - start, time.process_time() - cpu
            continue
        with c.serve() as srv:
            rv = srv._api.history.current()
            child = subprocess.Popen([sys.executable, __file__, "--read-watches", srv.kubeconfig, str(srv.port), rv,
                                      str(pods), str(watches)], stdout=subprocess.PIPE, text=True)
            assert child.stdout.readline().strip() == "open"
            start, cpu = time.perf_counter(), time.process_time()
            c.kubectl(f"create deployment big --image=nginx --replicas={pods}")
            c.settle()
            times["served"] = time.perf_counter() - start
            complete = int(child.stdout.readline())
            times["delivered"], times["served cpu"] = time.perf_counter() - start, time.process_time() - cpu
            child.wait()
    print(f"{pods} pods start, not served:           {times['alone']:8.2f} s")
    print(f"... served, {watches} watches open:         {times['served']:8.2f} s  ({times['served'] / times['alone']:.2f}x)")
    print(f"... every event at every watcher after {times['delivered']:8.2f} s; "
          f"{complete}/{watches} watchers saw all {pods} Running")
    print(f"server process CPU: {times['alone cpu']:.2f} s alone, {times['served cpu']:.2f} s served to {watches} "
          f"watchers until all saw every pod ({times['served cpu'] / times['alone cpu']:.2f}x)")


def main() -> None:
    if sys.argv[1:2] == ["--read-watches"]:
        kubeconfig, port, rv, pods, watches = sys.argv[2:7]
        read_watches(kubeconfig, int(port), rv, int(pods), int(watches))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=1000)
    parser.add_argument("--watches", type=int, default=100)
    parser.add_argument("--only", choices=("requests", "watches"))
    args = parser.parse_args()
    if args.only != "watches":
        requests_and_kubectl(args.pods)
    if args.only == "requests":
        return
    watches_while_starting(args.pods, args.watches)


if __name__ == "__main__":
    main()
