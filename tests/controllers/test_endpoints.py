"""The Endpoints and EndpointSlice controllers: which pods a Service lists, and how."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kubelab
from kubelab.controllers.endpoints import compute_subsets, find_port
from kubelab.controllers.endpointslice import MANAGED_BY, compute_slices


def set_ready(c, pod_name: str, ready: bool, ns: str = "default") -> None:
    """What a readiness probe does: flip the container's ready flag, write status."""
    pod = c.api.get("pods", pod_name, ns)
    kubelet = c.kubelets[pod["spec"]["nodeName"]]
    w = kubelet.workers[f"{ns}/{pod_name}"]
    for cs in w.containers.values():
        cs.ready = ready
    kubelet._write_status(w)
    c.pump()


def pods_of(c, app: str) -> list[str]:
    return [p["metadata"]["name"] for p in c.api.list("pods", "default")
            if (p["metadata"].get("labels") or {}).get("app") == app and not p["metadata"].get("deletionTimestamp")]


@pytest.fixture
def web():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=3 --port=80")
    c.kubectl("expose deployment web --port=8080 --target-port=80")
    c.settle()
    return c


def _pod(name, ip, ready=True, ports=(), deleting=False, phase="Running"):
    md = {"name": name, "namespace": "default", "uid": f"uid-{name}", "labels": {"app": "x"}}
    if deleting:
        md["deletionTimestamp"] = "2025-01-06T09:00:00Z"
    return {"metadata": md,
            "spec": {"nodeName": "minikube", "containers": [{"name": "c", "ports": list(ports)}]},
            "status": {"phase": phase, "podIP": ip,
                       "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}


SVC = {"metadata": {"name": "x", "namespace": "default"},
       "spec": {"selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}}


def test_ready_pods_are_addresses_and_unready_pods_are_not_ready_addresses():
    subsets = compute_subsets(SVC, [_pod("b", "10.244.0.10"), _pod("a", "10.244.0.9", ready=False),
                                    _pod("c", "10.244.0.2")])
    assert [a["ip"] for a in subsets[0]["addresses"]] == ["10.244.0.2", "10.244.0.10"]      # sorted as IPs
    assert [a["ip"] for a in subsets[0]["notReadyAddresses"]] == ["10.244.0.9"]
    assert subsets[0]["ports"] == [{"port": 8080, "protocol": "TCP"}]
    assert subsets[0]["addresses"][0]["targetRef"] == {"kind": "Pod", "name": "c", "namespace": "default",
                                                       "uid": "uid-c"}


def test_terminating_failed_and_ip_less_pods_leave_endpoints_but_terminating_stay_in_slices():
    pods = [_pod("a", "10.244.0.2", deleting=True), _pod("b", "", ready=False),
            _pod("c", "10.244.0.4", phase="Failed"), _pod("d", "10.244.0.5")]
    subsets = compute_subsets(SVC, pods)
    assert [a["ip"] for a in subsets[0]["addresses"]] == ["10.244.0.5"]
    assert "notReadyAddresses" not in subsets[0]
    (ports, eps), = compute_slices(SVC, pods)
    conds = {e["addresses"][0]: e["conditions"] for e in eps}
    assert conds == {"10.244.0.2": {"ready": False, "serving": True, "terminating": True},
                     "10.244.0.5": {"ready": True, "serving": True, "terminating": False}}


def test_named_target_port_is_resolved_per_pod_and_pods_without_it_are_skipped():
    port = {"name": "http", "port": 80, "targetPort": "web", "protocol": "TCP"}
    svc = {**SVC, "spec": {**SVC["spec"], "ports": [port]}}
    a = _pod("a", "10.244.0.2", ports=[{"name": "web", "containerPort": 8080}])
    b = _pod("b", "10.244.0.3", ports=[{"name": "web", "containerPort": 9090}])
    c = _pod("c", "10.244.0.4", ports=[{"name": "other", "containerPort": 80}])
    assert find_port(c, port) is None
    subsets = compute_subsets(svc, [a, b, c])
    assert [(s["addresses"][0]["ip"], s["ports"][0]["port"]) for s in subsets] == [
        ("10.244.0.2", 8080), ("10.244.0.3", 9090)]
    assert subsets[0]["ports"][0]["name"] == "http"


def test_service_gets_endpoints_and_one_slice_listing_its_ready_pods(web):
    ep = web.get("endpoints", "web")
    ips = sorted(p["status"]["podIP"] for p in web.api.list("pods", "default"))
    assert [a["ip"] for a in ep["subsets"][0]["addresses"]] == ips
    assert ep["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]
    slices = web.api.list("endpointslices", "default",
                          field_filter=lambda s: s["metadata"]["labels"].get("kubernetes.io/service-name") == "web")
    assert len(slices) == 1
    sl = slices[0]
    assert sl["metadata"]["name"].startswith("web-") and sl["addressType"] == "IPv4"
    assert sl["metadata"]["labels"][MANAGED_BY] == "endpointslice-controller.k8s.io"
    assert sl["metadata"]["ownerReferences"][0]["kind"] == "Service"
    assert sl["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    assert sorted(e["addresses"][0] for e in sl["endpoints"]) == ips


def test_get_endpoints_and_endpointslices_print_like_kubectl(web):
    out = web.kubectl("get endpoints web").stdout.splitlines()
    assert out[0].split() == ["NAME", "ENDPOINTS", "AGE"]
    assert out[1].split()[1] == "10.244.0.3:80,10.244.0.4:80,10.244.0.5:80"
    out = web.kubectl("get endpointslices").stdout.splitlines()
    assert out[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    row = next(line.split() for line in out if line.startswith("web-"))
    assert row[1:4] == ["IPv4", "80", "10.244.0.3,10.244.0.4,10.244.0.5"]


def test_describe_service_shows_the_endpoints_line(web):
    lines = {line.split(":", 1)[0]: line.split(":", 1)[1].strip()
             for line in web.kubectl("describe service web").stdout.splitlines() if ":" in line}
    assert lines["Port"] == "<unset>  8080/TCP"
    assert lines["TargetPort"] == "80/TCP"
    assert lines["Endpoints"] == "10.244.0.3:80,10.244.0.4:80,10.244.0.5:80"


def test_unready_pod_moves_to_not_ready_addresses_and_back(web):
    name = pods_of(web, "web")[0]
    set_ready(web, name, False)
    ep = web.get("endpoints", "web")
    ip = web.get("pod", name)["status"]["podIP"]
    assert [a["ip"] for a in ep["subsets"][0]["notReadyAddresses"]] == [ip]
    assert ip not in [a["ip"] for a in ep["subsets"][0]["addresses"]]
    set_ready(web, name, True)
    assert "notReadyAddresses" not in web.get("endpoints", "web")["subsets"][0]


def test_deleted_pod_leaves_endpoints_at_once_and_its_replacement_joins(web):
    victim = pods_of(web, "web")[0]
    ip = web.get("pod", victim)["status"]["podIP"]
    web.kubectl(f"delete pod {victim} --wait=false")
    assert ip not in [a["ip"] for a in web.get("endpoints", "web")["subsets"][0]["addresses"]]
    web.settle()
    assert len(web.get("endpoints", "web")["subsets"][0]["addresses"]) == 3


def test_service_without_selector_gets_no_managed_endpoints():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  ports:\n  - port: 80\n")
    c.settle()
    assert c.get("endpoints", "ext") is None


def test_deleting_the_service_deletes_its_endpoints_and_slices(web):
    web.kubectl("delete service web")
    web.settle()
    assert web.get("endpoints", "web") is None
    assert not [s for s in web.api.list("endpointslices", "default")
                if s["metadata"]["labels"].get("kubernetes.io/service-name") == "web"]


def test_service_selecting_nothing_has_empty_endpoints_and_a_placeholder_slice():
    c = kubelab.Cluster()
    c.kubectl("create service clusterip lonely --tcp=80:80")
    c.settle()
    assert "subsets" not in c.get("endpoints", "lonely")
    assert "<none>" in c.kubectl("get ep lonely").stdout
    row = next(line.split() for line in c.kubectl("get endpointslices").stdout.splitlines()
               if line.startswith("lonely-"))
    assert row[2:4] == ["<unset>", "<unset>"]


def test_headless_service_endpoints_carry_the_headless_label():
    c = kubelab.Cluster()
    c.kubectl("create deployment db --image=redis --port=6379")
    c.kubectl("create service clusterip db --clusterip=None --tcp=6379:6379")
    c.settle()
    assert c.get("endpoints", "db")["metadata"]["labels"]["service.kubernetes.io/headless"] == ""


def test_kubernetes_service_endpoints_point_at_the_apiserver():
    c = kubelab.Cluster()
    assert c.get("endpoints", "kubernetes")["subsets"][0]["addresses"] == [{"ip": "192.168.49.2"}]
    assert "192.168.49.2:8443" in c.kubectl("get ep kubernetes").stdout


# ---------------------------------------------------------------- the Service index
_LABELS = st.dictionaries(st.sampled_from(["app", "tier", "env"]), st.sampled_from(["a", "b"]), max_size=3)
_SERVICE_OPS = st.lists(st.tuples(st.sampled_from(["put", "delete"]), st.sampled_from(["s1", "s2", "s3", "s4"]),
                                  st.sampled_from(["default", "other"]), _LABELS), max_size=12)


@settings(max_examples=60, deadline=None)
@given(_SERVICE_OPS, st.sampled_from(["default", "other"]), _LABELS, st.one_of(st.none(), _LABELS))
def test_service_index_finds_what_listing_the_services_finds(ops, ns, labels, old_labels):
    """The controllers' ServiceIndex answers "which Services select this pod (now or
    before)" as a scan of the namespace's Services does, whatever Services came,
    changed (selector added, changed, dropped) or went."""
    from kubelab.api.store import Store
    from kubelab.clock import Clock
    from kubelab.controllers.endpoints import ServiceIndex, services_selecting
    import random
    api = Store(Clock(), random.Random(0))
    for space in ("default", "other"):
        api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": space}})
    api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "early", "namespace": "default"},
                "spec": {"selector": {"app": "a"}}})             # before the index: found by its first list
    told = []
    index = ServiceIndex(api, told.append)
    for verb, name, space, selector in ops:
        current = api.peek("services", name, space)
        if verb == "delete":
            if current is not None:
                api.delete("services", name, space)
        elif current is None:
            api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": space},
                        "spec": {"selector": selector}})
        else:
            api.mutate("services", name, space, lambda s: s["spec"].__setitem__("selector", selector))
    pod = {"metadata": {"namespace": ns, "labels": labels}}
    old = None if old_labels is None else {"metadata": {"namespace": ns, "labels": old_labels}}
    assert index.selecting(pod, old) == services_selecting(api, pod, old)
    assert (ns in index.namespaces()) == any(s["spec"].get("selector") for s in api.list("services", ns, copy=False))
    # the namespaces with a selecting Service, as told whenever they changed (the pod watch's narrowing)
    selecting = frozenset(space for space in ("default", "other")
                          if any(s["spec"].get("selector") for s in api.list("services", space, copy=False)))
    assert index.namespaces() == selecting == told[-1]
    assert all(a != b for a, b in zip(told, told[1:]))           # told only of changes
