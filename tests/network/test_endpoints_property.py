"""Property: whatever happens to the pods, the endpoints are exactly the ready
selected pods, kube-proxy's rules catch up with them within its minimum sync
period, and ClusterIPs and nodePorts stay unique."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import kubelab
from kubelab.network.syncrunner import MIN_SYNC_PERIOD

ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("scale"), st.integers(0, 5)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("ready"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("service"), st.sampled_from(["ClusterIP", "NodePort", "LoadBalancer"])),
    st.tuples(st.just("unservice"), st.integers(0, 9)),
    st.tuples(st.just("run"), st.sampled_from([0.5, 2.0, 40.0])),
), min_size=1, max_size=12)


def _flip(c, name: str, ready: bool) -> None:
    pod = c.api.peek("pods", name, "default")
    kubelet = c.kubelets[pod["spec"]["nodeName"]]
    w = kubelet.workers.get(f"default/{name}")
    if w is None or not any(cs.running for cs in w.containers.values()):
        return
    for cs in w.containers.values():
        cs.ready = ready and cs.running
    kubelet._write_status(w)


def _expected(c, svc) -> tuple[list[str], list[str]]:
    ready, unready = [], []
    for p in c.api.list("pods", "default", copy=False):
        if (p["metadata"].get("labels") or {}).get("app") != "web":
            continue
        st_ = p.get("status") or {}
        if not st_.get("podIP") or p["metadata"].get("deletionTimestamp") or st_.get("phase") in ("Succeeded", "Failed"):
            continue
        is_ready = any(cd["type"] == "Ready" and cd["status"] == "True" for cd in st_.get("conditions") or [])
        (ready if is_ready else unready).append(st_["podIP"])
    return sorted(ready), sorted(unready)


@settings(max_examples=25)
@given(ACTIONS)
def test_endpoints_are_exactly_the_ready_selected_pods(actions):
    c = kubelab.Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=3 --port=80")
    c.kubectl("expose deployment web --port=80 --type=NodePort")
    c.settle()
    made = 0
    for act in actions:
        pods = [p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith("web-")]
        if act[0] == "scale":
            n = act[1]
            c.api.mutate("deployments", "web", "default", lambda d: d["spec"].__setitem__("replicas", n))
        elif act[0] == "delete" and pods:
            c.api.delete("pods", pods[act[1] % len(pods)], "default")
        elif act[0] == "ready" and pods:
            _flip(c, pods[act[1] % len(pods)], act[2])
        elif act[0] == "service":
            made += 1
            c.kubectl(f"create service {act[1].lower()} extra{made} --tcp=80:80")
        elif act[0] == "unservice":
            extras = [s["metadata"]["name"] for s in c.api.list("services", "default")
                      if s["metadata"]["name"].startswith("extra")]
            if extras:
                c.kubectl(f"delete service {extras[act[1] % len(extras)]}")
        elif act[0] == "run":
            c.run(act[1])
        c.pump()
        for _ in range(20):      # a sync owed is at most min-sync-period away, then the rules are the API's
            if c.proxy.in_step:
                break
            assert c.proxy.runner.pending and c.proxy.runner.timer.when <= c.now + MIN_SYNC_PERIOD
            c.run_until(c.proxy.runner.timer.when)
        assert c.proxy.in_step
        ready, unready = _expected(c, "web")
        ep = c.get("endpoints", "web")
        subsets = ep.get("subsets") or []
        assert sorted(a["ip"] for s in subsets for a in s.get("addresses") or []) == ready
        assert sorted(a["ip"] for s in subsets for a in s.get("notReadyAddresses") or []) == unready
        assert sorted(e.ip for r in c.proxy.rules("default/web") for e in r.endpoints if e.ready) == ready
        services = c.api.list("services")
        ips = [s["spec"]["clusterIP"] for s in services if s["spec"].get("clusterIP") not in (None, "None")]
        ports = [p["nodePort"] for s in services for p in s["spec"].get("ports") or [] if p.get("nodePort")]
        assert len(ips) == len(set(ips)) and len(ports) == len(set(ports))
