"""IsPodAvailable (pkg/api/v1/pod/util.go, v1.32): a ready pod is available when
``lastTransitionTime + minReadySeconds`` is strictly *before* now (time.Time.Before)."""
import kubelab
from kubelab.clock import parse_timestamp
from kubelab.api.pods import is_pod_available


def ready_at(ts: str, status: str = "True") -> dict:
    return {"status": {"conditions": [{"type": "Ready", "status": status, "lastTransitionTime": ts}]}}


def test_available_only_after_min_ready_seconds_have_passed():
    pod = ready_at("2025-01-06T09:00:00Z")
    t = parse_timestamp("2025-01-06T09:00:00Z")
    assert not is_pod_available(pod, 10, t + 9.9, parse_timestamp)
    assert not is_pod_available(pod, 10, t + 10, parse_timestamp)       # equal is not Before
    assert is_pod_available(pod, 10, t + 10.001, parse_timestamp)
    assert is_pod_available(pod, 0, t, parse_timestamp)                 # minReadySeconds 0: ready is enough
    assert not is_pod_available(ready_at("2025-01-06T09:00:00Z", "False"), 0, t + 60, parse_timestamp)


def test_daemonset_counts_its_pods_available_after_min_ready_seconds():
    # updateDaemonSetStatus resyncs after minReadySeconds while ready != available
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin="""apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  minReadySeconds: 10
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: ds}}
    spec:
      containers: [{name: c, image: nginx}]
""")
    c.settle()
    status = c.get("daemonset", "ds")["status"]
    assert (status["numberReady"], status.get("numberAvailable"), status.get("numberUnavailable")) == (1, None, 1)
    c.run(11)
    status = c.get("daemonset", "ds")["status"]
    assert (status["numberReady"], status.get("numberAvailable"), status.get("numberUnavailable")) == (1, 1, None)
