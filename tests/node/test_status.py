"""Pod phase and conditions as the kubelet computes them (getPhase, status/generate.go, v1.32)."""
import pytest

from kubelab.node.status import compute_conditions, compute_phase

RUN = {"state": {"running": {}}}
WAIT = {"state": {"waiting": {"reason": "ContainerCreating"}}}
OK = {"state": {"terminated": {"exitCode": 0}}}
FAIL = {"state": {"terminated": {"exitCode": 1}}}
CRASH = {"state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": {"exitCode": 1}}}


def st(name, base):
    return {"name": name, **base}


@pytest.mark.parametrize("policy, states, terminal, phase", [
    ("Always", [WAIT], False, "Pending"),
    ("Always", [RUN], False, "Running"),
    ("Always", [RUN, WAIT], False, "Pending"),          # one container still waiting to start
    ("Always", [OK], False, "Running"),                 # it will be restarted
    ("Always", [CRASH], False, "Running"),
    ("OnFailure", [OK], False, "Succeeded"),
    ("OnFailure", [FAIL], False, "Running"),            # restarting the failed one
    ("Never", [FAIL], False, "Failed"),
    ("Never", [OK, FAIL], False, "Failed"),
    ("Never", [OK, OK], False, "Succeeded"),
    ("Never", [OK, RUN], False, "Running"),
    ("Always", [OK], True, "Succeeded"),                # deleted, stopped: terminal whatever the policy
    ("Always", [FAIL], True, "Failed"),
    ("Always", [], False, "Pending"),                   # no status yet: unknown
])
def test_phase_table(policy, states, terminal, phase):
    names = [f"c{i}" for i in range(max(1, len(states)))]
    spec = {"restartPolicy": policy, "containers": [{"name": n} for n in names]}
    statuses = [st(n, s) for n, s in zip(names, states)]
    assert compute_phase(spec, [], statuses, terminal=terminal) == phase


@pytest.mark.parametrize("policy, init_state, phase", [
    ("Always", RUN, "Pending"),                          # Init:0/1
    ("Always", OK, "Pending"),                           # app containers still waiting
    ("Never", FAIL, "Failed"),                           # a failed init container with Never fails the pod
    ("OnFailure", CRASH, "Pending"),                     # retried
])
def test_init_containers_hold_the_pod_pending(policy, init_state, phase):
    spec = {"restartPolicy": policy, "initContainers": [{"name": "init"}], "containers": [{"name": "app"}]}
    app = st("app", {"state": {"waiting": {"reason": "PodInitializing"}}})
    assert compute_phase(spec, [st("init", init_state)], [app]) == phase


def test_started_sidecar_counts_as_initialised():
    spec = {"restartPolicy": "Always", "initContainers": [{"name": "side", "restartPolicy": "Always"}],
            "containers": [{"name": "app"}]}
    side = st("side", {**RUN, "started": True})
    assert compute_phase(spec, [side], [st("app", RUN)]) == "Running"
    assert compute_phase(spec, [st("side", {**RUN, "started": False})], [st("app", WAIT)]) == "Pending"


def pod(spec):
    return {"metadata": {"name": "p"}, "spec": spec}


def test_conditions_keep_transition_time_until_status_changes():
    spec = {"containers": [{"name": "a"}, {"name": "b"}]}
    statuses = [st("a", {**RUN, "ready": True}), st("b", {**RUN, "ready": False})]
    first = compute_conditions(pod(spec), True, [], statuses, "Running", [], "T1")
    ready = next(c for c in first if c["type"] == "Ready")
    assert ready["status"] == "False" and ready["reason"] == "ContainersNotReady"
    assert ready["message"] == "containers with unready status: [b]"
    statuses[1]["ready"] = True
    second = compute_conditions(pod(spec), True, [], statuses, "Running", first, "T2")
    by_type = {c["type"]: c for c in second}
    assert by_type["Ready"]["status"] == "True" and by_type["Ready"]["lastTransitionTime"] == "T2"
    assert by_type["PodReadyToStartContainers"]["lastTransitionTime"] == "T1"
    assert [c["type"] for c in second] == ["PodReadyToStartContainers", "Initialized", "Ready",
                                           "ContainersReady", "PodScheduled"]


def test_foreign_conditions_are_kept_first():
    spec = {"containers": [{"name": "a"}]}
    previous = [{"type": "DisruptionTarget", "status": "True", "lastTransitionTime": "T0"}]
    out = compute_conditions(pod(spec), True, [], [st("a", RUN)], "Running", previous, "T1")
    assert out[0]["type"] == "DisruptionTarget"


def test_completed_pod_is_not_ready_with_reason_pod_completed():
    spec = {"containers": [{"name": "a"}], "restartPolicy": "Never"}
    out = {c["type"]: c for c in compute_conditions(pod(spec), True, [], [st("a", OK)], "Succeeded", [], "T")}
    assert out["Ready"]["reason"] == "PodCompleted" and out["Ready"]["status"] == "False"


@pytest.mark.parametrize("phase, states", [
    ("Running", [{**RUN, "ready": True}, {**RUN, "ready": False}]),
    ("Succeeded", [OK, OK]),
    ("Pending", [WAIT, WAIT]),
])
def test_shared_conditions_equal_the_unshared_and_are_one_object(phase, states):
    spec = {"containers": [{"name": "a"}, {"name": "b"}]}
    statuses = [st(n, s) for n, s in zip("ab", states)]
    previous = [{"type": "DisruptionTarget", "status": "True", "lastTransitionTime": "T0"}]
    shared = {}
    plain = compute_conditions(pod(spec), True, [], statuses, phase, previous, "T1")
    one = compute_conditions(pod(spec), True, [], statuses, phase, previous, "T1", shared)
    two = compute_conditions(pod(spec), True, [], [dict(s) for s in statuses], phase, previous, "T1", shared)
    assert one == plain and two == plain
    assert two is one and all(x is y for x, y in zip(one, two))


def test_the_shared_table_is_bounded(monkeypatch):
    from kubelab.node import status
    monkeypatch.setattr(status, "SHARED_MAX", 3)
    shared = {}
    for i in range(10):
        assert status.share(shared, i, [i]) == [i]
        assert len(shared) <= 3
    kept = status.share(shared, "k", {"v": 1})
    assert status.share(shared, "k", {"v": 2}) is kept
