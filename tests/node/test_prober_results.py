"""The prober on its own: it gets a ProbeHost (clock, node IP, an event recorder, a
results callback) and never the kubelet, as upstream's prober reports to the
results managers the kubelet's sync loop reads."""
from kubelab.apps.base import ExecResult
from kubelab.clock import Clock
from kubelab.node.probes import FAILURE, SUCCESS, ProbeHost, ProberManager
from kubelab.node.runtime import ContainerState, PodWorker


class Healthy:
    """A program whose ``cat /tmp/healthy`` works until ``fail_from`` seconds."""

    def __init__(self, clock: Clock, fail_from: float):
        self.clock, self.fail_from = clock, fail_from
        self.running, self.listening = True, set()

    def exec(self, argv, stdin=None, tty=False):
        if self.clock.now < self.fail_from:
            return ExecResult("", "", 0)
        return ExecResult("", "cat: can't open '/tmp/healthy': No such file or directory\n", 1)


def probing(kind: str, fail_from: float):
    clock = Clock()
    spec = {"name": "c", "image": "busybox",
            f"{kind}Probe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "periodSeconds": 5}}
    cs = ContainerState("c", spec, state={"running": {}}, started=True, started_at=0.0)
    cs.app, cs.ctx = Healthy(clock, fail_from), object()
    w = PodWorker("default/p", "uid", {"metadata": {"name": "p", "namespace": "default"}}, {"c": cs}, ip="10.244.0.9")
    events, results = [], []
    host = ProbeHost(clock, "192.168.49.2", lambda pod, *a: events.append(a),
                     lambda pw, c, k, r, s: results.append((clock.now, pw.key, c.name, k, r)))
    ProberManager().container_started(host, w, cs)
    return clock, events, results


def test_liveness_failures_are_reported_after_the_threshold_and_the_prober_stops():
    clock, events, results = probing("liveness", fail_from=12)
    clock.run_until(60)
    # probes at 0, 5, 10 pass; 15, 20, 25 fail: the third failure in a row is the result
    assert results == [(25.0, "default/p", "c", "liveness", FAILURE)]
    assert [e[:2] for e in events] == [("Warning", "Unhealthy")] * 3
    assert events[0][2] == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"


def test_readiness_reports_success_once_then_the_failure():
    clock, events, results = probing("readiness", fail_from=22)
    clock.run_until(60)
    assert [(t, r) for t, *_, r in results] == [(0.0, SUCCESS), (35.0, FAILURE)]
