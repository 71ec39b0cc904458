"""Scenario tests: restart policies, back-off, image pulls, hooks, termination, shared pod resources."""
import pytest

import kubelab
from kubelab.testing import apply, events, status



def cluster(**kw):
    return kubelab.Cluster(**kw)


POD = """
apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  restartPolicy: {policy}
  containers:
  - name: c
    image: busybox:1.36
    command: [sh, -c, '{script}']
"""


@pytest.mark.parametrize("policy, code, phase, restarts", [
    ("Always", 0, "Running", True), ("Always", 1, "Running", True),
    ("OnFailure", 0, "Succeeded", False), ("OnFailure", 1, "Running", True),
    ("Never", 0, "Succeeded", False), ("Never", 1, "Failed", False),
])
def test_restart_policy_decides_restarts_and_phase(policy, code, phase, restarts):
    c = cluster()
    apply(c, POD.format(policy=policy, script=f"echo hi; sleep 1; exit {code}"))
    c.run(40)
    pod = c.get("pod", "p")
    assert pod["status"]["phase"] == phase
    assert (status(c, "p")["restartCount"] > 0) == restarts
    if not restarts:
        term = status(c, "p")["state"]["terminated"]
        assert term["exitCode"] == code and term["reason"] == ("Completed" if code == 0 else "Error")


def test_crash_loop_back_off_waits_10_20_40_seconds_and_says_so():
    c = cluster()
    apply(c, POD.format(policy="Always", script="exit 2"))
    starts = []
    last = -1
    for _ in range(1200):
        c.run(0.5)
        s = status(c, "p")
        if s["restartCount"] != last:
            last = s["restartCount"]
            starts.append(c.now)
        if len(starts) >= 5:
            break
    gaps = [round(b - a) for a, b in zip(starts, starts[1:])]
    assert gaps[0] <= 2 and gaps[1:4] == [10, 20, 40]
    assert c.wait_for(lambda: "waiting" in status(c, "p")["state"] and
                      status(c, "p")["state"]["waiting"]["reason"] == "CrashLoopBackOff", 30)
    s = status(c, "p")
    assert s["state"]["waiting"]["message"] == (
        f"back-off 1m20s restarting failed container=c pod=p_default({c.get('pod', 'p')['metadata']['uid']})")
    assert s["lastState"]["terminated"]["exitCode"] == 2
    assert any(m.startswith("Back-off restarting failed container c in pod p_default(") for m in events(c, "p", "BackOff"))


def test_image_pull_back_off_message_carries_the_pull_error():
    c = cluster()
    c.kubectl("run bad --image=busybox:nosuchtag")
    c.run(5)
    s = status(c, "bad")
    assert s["state"]["waiting"]["reason"] == "ImagePullBackOff"
    msg = s["state"]["waiting"]["message"]
    assert msg == ('Back-off pulling image "busybox:nosuchtag": ErrImagePull: rpc error: code = Unknown desc = '
                   'Error response from daemon: manifest for busybox:nosuchtag not found: manifest unknown: manifest unknown')
    assert 'Back-off pulling image "busybox:nosuchtag"' in events(c, "bad", "BackOff")
    assert "Error: ErrImagePull" in events(c, "bad", "Failed")


def test_missing_configmap_is_create_container_config_error():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: c
        image: nginx
        env: [{name: X, valueFrom: {configMapKeyRef: {name: nope, key: k}}}]
    """)
    c.settle()
    assert status(c, "p")["state"]["waiting"]["reason"] == "CreateContainerConfigError"


def test_init_containers_run_in_order_before_app_containers():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
      - {name: one, image: busybox, command: [sh, -c, 'sleep 5']}
      - {name: two, image: busybox, command: [sh, -c, 'sleep 5']}
      containers:
      - {name: app, image: nginx}
    """)
    c.run(4)
    assert "Init:0/2" in c.kubectl("get pod p").stdout
    c.run(6)
    assert "Init:1/2" in c.kubectl("get pod p").stdout
    c.run(15)
    assert "Running" in c.kubectl("get pod p").stdout
    init = c.get("pod", "p")["status"]["initContainerStatuses"]
    assert [s["state"]["terminated"]["reason"] for s in init] == ["Completed", "Completed"]


def test_containers_share_localhost_and_an_empty_dir():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      volumes: [{name: shared, emptyDir: {}}]
      containers:
      - name: web
        image: nginx
        volumeMounts: [{name: shared, mountPath: /usr/share/nginx/html}]
      - name: sidecar
        image: busybox
        volumeMounts: [{name: shared, mountPath: /data}]
        command: [sh, -c, 'echo from-sidecar > /data/index.html; sleep 3600']
    """)
    c.settle()
    c.run(2)
    r = c.kubectl("exec p -c sidecar -- wget -qO- http://localhost:80/")
    assert r.stdout == "from-sidecar\n"


def test_sleep_ignores_sigterm_so_delete_waits_the_grace_period():
    c = cluster()
    c.kubectl("run s --image=busybox -- sleep 3600")
    c.settle()
    t0 = c.now
    c.kubectl("delete pod s")
    assert 29 <= c.now - t0 <= 33
    c2 = cluster()
    c2.kubectl("run n --image=nginx")
    c2.settle()
    t0 = c2.now
    c2.kubectl("delete pod n")
    assert c2.now - t0 <= 3          # nginx exits on SIGTERM


def test_grace_period_zero_with_force_warns_and_removes_at_once():
    c = cluster()
    c.kubectl("run s --image=busybox -- sleep 3600")
    c.settle()
    r = c.kubectl("delete pod s --grace-period=0 --force")
    assert r.stderr.startswith("Warning: Immediate deletion does not wait for confirmation")
    assert 'pod "s" force deleted' in r.stdout
    assert c.get("pod", "s") is None


def test_prestop_hook_runs_before_sigterm_and_poststart_failure_kills():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      terminationGracePeriodSeconds: 60
      containers:
      - name: web
        image: nginx
        lifecycle:
          preStop: {exec: {command: [sh, -c, 'sleep 5']}}
    """)
    c.settle()
    t0 = c.now
    c.kubectl("delete pod p")
    assert 5 <= c.now - t0 <= 8          # the hook's 5 s, then nginx stops on SIGTERM
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: q}
    spec:
      containers:
      - name: web
        image: nginx
        lifecycle:
          postStart: {exec: {command: [sh, -c, 'echo nope; exit 1']}}
    """)
    c.run(20)
    msgs = events(c, "q", "FailedPostStartHook")
    assert msgs and msgs[0] == "PostStartHook failed"       # v1.32 leaves the output out of the event
    assert "FailedPostStartHook" in events(c, "q", "Killing")


def test_terminating_status_while_waiting_for_the_grace_period():
    c = cluster()
    c.kubectl("run s --image=busybox -- sleep 3600")
    c.settle()
    c.pause = 0
    c.kubectl("delete pod s --wait=false")
    c.run(5)
    assert "Terminating" in c.kubectl("get pod s").stdout
