"""The kubernetes.io concept page "Pod Scheduling Readiness"
(content/en/docs/concepts/scheduling-eviction/pod-scheduling-readiness.md), in the
page's order, with its example manifests (tests/data/website-examples/pods/
pod-with-scheduling-gates.yaml and pod-without-scheduling-gates.yaml).

What the apiserver and the scheduler do there: podStrategy.PrepareForCreate's
applySchedulingGatedCondition gives a gated pod ``PodScheduled=False, reason
SchedulingGated`` (kubectl's STATUS column reads it); ValidatePodUpdate lets gates be
removed, never added; once the last gate goes the scheduler binds the pod and the
binding's PodScheduled=True replaces the condition, reason and message gone.
"""
import json
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"
GATED_MESSAGE = "Scheduling is blocked due to non-empty scheduling gates"


@pytest.fixture
def c():
    return kubelab.Cluster(cwd=str(EXAMPLES))


def scheduled_condition(c):
    conds = c.get("pod", "test-pod")["status"].get("conditions") or []
    return [cond for cond in conds if cond["type"] == "PodScheduled"]


def test_the_page_gated_then_released(c):
    assert c.kubectl("apply -f pods/pod-with-scheduling-gates.yaml").stdout == "pod/test-pod created\n"
    c.run(6)
    out = c.kubectl("get pod test-pod").stdout
    assert out == ("NAME       READY   STATUS            RESTARTS   AGE\n"
                   "test-pod   0/1     SchedulingGated   0          7s\n")     # the page's output
    assert scheduled_condition(c) == [{
        "type": "PodScheduled", "status": "False", "lastProbeTime": None,
        "lastTransitionTime": c.get("pod", "test-pod")["metadata"]["creationTimestamp"],
        "reason": "SchedulingGated", "message": GATED_MESSAGE}]
    assert c.get("pod", "test-pod")["status"]["phase"] == "Pending"
    r = c.kubectl(["get", "pod", "test-pod", "-o", "jsonpath={.spec.schedulingGates}"])
    assert r.stdout == '[{"name":"example.com/foo"},{"name":"example.com/bar"}]'
    # no scheduling attempt while gated: no FailedScheduling, no Scheduled event
    events = c.kubectl("get events --field-selector involvedObject.name=test-pod").stdout
    assert "Scheduled" not in events

    assert c.kubectl("apply -f pods/pod-without-scheduling-gates.yaml").stdout == "pod/test-pod configured\n"
    r = c.kubectl(["get", "pod", "test-pod", "-o", "jsonpath={.spec.schedulingGates}"])
    assert r.stdout == ""
    c.settle()
    lines = c.kubectl("get pod test-pod -o wide").stdout.splitlines()
    assert lines[0].split()[:7] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"]
    assert lines[1].split()[:3] == ["test-pod", "1/1", "Running"]
    cond = scheduled_condition(c)
    assert len(cond) == 1 and cond[0]["status"] == "True"
    assert "reason" not in cond[0] and "message" not in cond[0]


def test_describe_shows_the_gated_condition(c):
    c.kubectl("apply -f pods/pod-with-scheduling-gates.yaml")
    out = c.kubectl("describe pod test-pod").stdout
    assert "Status:           Pending\n" in out
    assert "Conditions:\n  Type           Status\n  PodScheduled   False \n" in out


def test_gates_can_be_removed_one_at_a_time_never_added(c):
    c.kubectl("apply -f pods/pod-with-scheduling-gates.yaml")
    patch = json.dumps({"spec": {"schedulingGates": [{"name": "example.com/foo"}, {"name": "example.com/bar"},
                                                     {"name": "example.com/baz"}]}})
    r = c.kubectl(["patch", "pod", "test-pod", "-p", patch])
    assert r.returncode == 1
    assert r.stderr == ('The Pod "test-pod" is invalid: spec.schedulingGates[2].name: Forbidden: '
                        "only deletion is allowed, but found new scheduling gate 'example.com/baz'\n")
    assert len(c.get("pod", "test-pod")["spec"]["schedulingGates"]) == 2       # nothing changed
    r = c.kubectl(["patch", "pod", "test-pod", "--type=json",
                   "-p", '[{"op": "remove", "path": "/spec/schedulingGates/0"}]'])
    assert r.stdout == "pod/test-pod patched\n"
    c.settle()
    assert c.get("pod", "test-pod")["spec"]["schedulingGates"] == [{"name": "example.com/bar"}]
    assert c.get("pod", "test-pod")["spec"].get("nodeName") is None       # one gate left: still waiting
    assert scheduled_condition(c)[0]["reason"] == "SchedulingGated"
    c.kubectl(["patch", "pod", "test-pod", "--type=json", "-p", '[{"op": "remove", "path": "/spec/schedulingGates"}]'])
    c.settle()
    assert c.get("pod", "test-pod")["spec"]["nodeName"] == "minikube"
    assert c.kubectl("get pod test-pod --no-headers").stdout.split()[2] == "Running"


def test_a_pod_without_gates_gets_no_gated_condition(c):
    r = c.kubectl("create -f pods/pod-with-scheduling-gates.yaml --dry-run=server -o jsonpath={.status.conditions[0].reason}")
    assert r.stdout == "SchedulingGated"                  # the apiserver's, dry run or not
    c.kubectl("apply -f pods/pod-without-scheduling-gates.yaml")
    assert [cond.get("reason") for cond in scheduled_condition(c)] in ([], [None])     # the binding's, if bound yet
