"""api.qos against pkg/apis/core/helper/qos/qos.go (ComputePodQOS / GetPodQOS), v1.32."""
import pytest

from kubelab.api.qos import compute_pod_qos, get_pod_qos


def _c(requests=None, limits=None):
    res = {}
    if requests is not None:
        res["requests"] = requests
    if limits is not None:
        res["limits"] = limits
    return {"name": "c", "image": "x", "resources": res}


BOTH = {"cpu": "500m", "memory": "128Mi"}

CASES = [
    # (containers, initContainers, expected, why)
    ([_c()], [], "BestEffort", "nothing requested or limited"),
    ([_c({"ephemeral-storage": "1Gi"}, {"ephemeral-storage": "1Gi"})], [], "BestEffort",
     "only cpu and memory count"),
    ([_c({"cpu": "0"}, {"cpu": "0"})], [], "BestEffort", "zero quantities do not count"),
    ([_c({"cpu": "1", "memory": "1Gi"}, {"cpu": "1000m", "memory": "1Gi"})], [], "Guaranteed",
     "quantities compare by value: cpu 1 == 1000m"),
    ([_c({"cpu": "1", "memory": "1Gi"}, {"cpu": "1", "memory": "1024Mi"})], [], "Guaranteed",
     "1Gi == 1024Mi"),
    ([_c(BOTH, BOTH)], [], "Guaranteed", "requests equal limits"),
    ([_c({"cpu": "0.1"})], [], "Burstable", "a request without a limit"),
    ([_c(None, {"cpu": "1"})], [], "Burstable", "memory is not limited"),
    ([_c(BOTH, {"cpu": "1", "memory": "128Mi"})], [], "Burstable", "cpu request below its limit"),
    ([_c(BOTH, BOTH), _c()], [], "Burstable", "one container without limits"),
    ([_c(BOTH, BOTH)], [_c(BOTH, BOTH)], "Guaranteed", "init containers count too"),
    ([_c(BOTH, BOTH)], [_c({"cpu": "1"})], "Burstable", "an init container without limits"),
    ([_c(None, BOTH)], [], "Burstable",
     "limits alone (before defaulting copies them to requests): len(requests) != len(limits)"),
    ([_c({"cpu": "1", "memory": "1Gi", "ephemeral-storage": "1Gi"},
         {"cpu": "1", "memory": "1Gi"})], [], "Guaranteed", "other resources are ignored"),
    ([{"name": "c", "image": "x"}, _c({}, {})], [], "BestEffort", "no resources, or empty requests and limits"),
    ([_c(), {"name": "c", "image": "x"}], [_c({"memory": "1Gi"})], "Burstable",
     "only an init container asks: it still counts"),
]


@pytest.mark.parametrize("containers, init, expected, why", CASES, ids=[c[3] for c in CASES])
def test_compute_pod_qos(containers, init, expected, why):
    assert compute_pod_qos({"containers": containers, "initContainers": init}) == expected


def test_get_pod_qos_prefers_the_stored_class():
    pod = {"spec": {"containers": [_c()]}, "status": {"qosClass": "Guaranteed"}}
    assert get_pod_qos(pod) == "Guaranteed"
    assert get_pod_qos({"spec": {"containers": [_c(BOTH, BOTH)]}}) == "Guaranteed"


def test_the_apiserver_stores_the_class_the_describe_prints():
    from kubelab import Cluster
    c = Cluster()
    c.kubectl("apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: g}
spec:
  containers:
  - name: c
    image: nginx
    resources:
      requests: {cpu: "1", memory: 64Mi}
      limits: {cpu: 1000m, memory: 64Mi}
""")
    assert c.get("pod", "g")["status"]["qosClass"] == "Guaranteed"
    c.settle()
    assert c.get("pod", "g")["status"]["qosClass"] == "Guaranteed"
    assert "QoS Class:                   Guaranteed" in str(c.kubectl("describe pod g"))
