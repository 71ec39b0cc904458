"""Chapter 13's exercise checks pass the solutions and fail wrong answers."""
import yaml

import kubelab
from kubelab.exercises import ch13


def test_one_shot_solution_passes():
    c = kubelab.Cluster()
    c.kubectl(["run", "one-shot", "--image=busybox:1.36", "--restart=Never", "--", "sh", "-c", "exit 1"])
    c.settle()
    check = ch13.one_shot(c)
    assert check, check


def test_one_shot_fails_when_missing_restarted_or_succeeding():
    c = kubelab.Cluster()
    assert not ch13.one_shot(c)
    c.kubectl(["run", "one-shot", "--image=busybox:1.36", "--", "sh", "-c", "exit 1"])   # restartPolicy Always
    c.settle()
    check = ch13.one_shot(c)
    assert not check and "Always" in check.message
    c2 = kubelab.Cluster()
    c2.kubectl(["run", "one-shot", "--image=busybox:1.36", "--restart=Never", "--", "sh", "-c", "exit 0"])
    c2.settle()
    check = ch13.one_shot(c2)
    assert not check and "Succeeded" in check.message


def test_phase_after_success_both_ways():
    assert ch13.phase_after_success("Succeeded")
    assert ch13.phase_after_success(" succeeded ")
    for wrong in ("Running", "Failed", "Pending", "Unknown", "Completed", ""):
        assert not ch13.phase_after_success(wrong)


def _ready_web(probe):
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ready-web"},
                           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", **probe}]}})


def test_ready_web_solution_passes():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=_ready_web({"readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5}}))
    c.settle()
    check = ch13.ready_web(c)
    assert check, check


def test_ready_web_fails_without_probe_with_wrong_port_or_period():
    c = kubelab.Cluster()
    assert not ch13.ready_web(c)
    c.kubectl("apply -f -", stdin=_ready_web({}))
    c.settle()
    assert "no readinessProbe" in ch13.ready_web(c).message
    c.kubectl("delete pod ready-web")
    c.kubectl("apply -f -", stdin=_ready_web({"readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 5}}))
    c.settle()
    assert not ch13.ready_web(c)
    c.kubectl("delete pod ready-web")
    c.kubectl("apply -f -", stdin=_ready_web({"readinessProbe": {"tcpSocket": {"port": 80}}}))
    c.settle()
    check = ch13.ready_web(c)
    assert not check and "periodSeconds" in check.message


def test_ready_web_fails_while_the_probe_fails():
    # the probe checks a port nothing listens on: the pod runs but never becomes Ready
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=_ready_web({"readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5}})
              .replace("nginx:1.27", "busybox:1.36").replace("name: nginx", "name: nginx\n    command: [sleep, '3600']"))
    c.settle()
    c.run(30)
    check = ch13.ready_web(c)
    assert not check and "not Ready" in check.message
