"""Probes: each kind and handler, thresholds, startup gating, the kubelet's event wording."""
import kubelab
from kubelab.testing import apply, events, status


def cluster(**kw):
    return kubelab.Cluster(**kw)



def test_a_probe_without_settings_gets_kubernetes_defaults_and_acts_on_them():
    c = cluster(pause=0)
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: c
        image: busybox
        args: [sleep, '3600']
        livenessProbe:
          exec: {command: [cat, /nope]}
    """)
    # the apiserver's defaults (SetDefaults_Probe): initialDelaySeconds stays unset (0)
    assert c.get("pod", "p")["spec"]["containers"][0]["livenessProbe"] == {
        "exec": {"command": ["cat", "/nope"]}, "timeoutSeconds": 1, "periodSeconds": 10,
        "successThreshold": 1, "failureThreshold": 3}
    c.run(30)
    failed = [e for e in c.api.list("events", "default") if e["reason"] == "Unhealthy"][0]
    killed = [e for e in c.api.list("events", "default") if e["reason"] == "Killing"][0]
    # probed at once (no initial delay), every 10 s; the third failure restarts it
    assert (failed["count"], failed["firstTimestamp"], failed["lastTimestamp"]) == (3, "2025-01-06T09:01:02Z", "2025-01-06T09:01:22Z")
    assert killed["firstTimestamp"] == "2025-01-06T09:01:22Z"


def test_exec_liveness_failure_restarts_the_container():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: liveness-exec}
    spec:
      containers:
      - name: liveness
        image: busybox
        args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600']
        livenessProbe:
          exec: {command: [cat, /tmp/healthy]}
          initialDelaySeconds: 5
          periodSeconds: 5
    """)
    c.run(100)
    assert "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory" in \
        [m.strip() for m in events(c, "liveness-exec", "Unhealthy")]
    assert "Container liveness failed liveness probe, will be restarted" in events(c, "liveness-exec", "Killing")
    assert status(c, "liveness-exec")["restartCount"] >= 1


def test_http_readiness_controls_ready_and_the_ready_condition():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe:
          httpGet: {path: /missing, port: 80}
          periodSeconds: 2
    """)
    c.run(30)
    s = status(c, "p")
    assert s["ready"] is False and "running" in s["state"]
    conds = {x["type"]: x["status"] for x in c.get("pod", "p")["status"]["conditions"]}
    assert conds["Ready"] == "False" and conds["ContainersReady"] == "False"
    assert "Readiness probe failed: HTTP probe failed with statuscode: 404" in events(c, "p", "Unhealthy")
    assert status(c, "p")["restartCount"] == 0          # readiness never restarts
    c.kubectl("exec p -- sh -c 'echo ok > /usr/share/nginx/html/missing'")
    c.run(5)
    assert status(c, "p")["ready"] is True


def test_tcp_liveness_on_a_closed_port():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: web
        image: nginx
        livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 3, failureThreshold: 2}
    """)
    c.run(30)
    msgs = events(c, "p", "Unhealthy")
    ip = c.get("pod", "p")["status"]["podIP"]
    assert f"Liveness probe failed: dial tcp {ip}:8080: connect: connection refused" in msgs
    assert status(c, "p")["restartCount"] >= 1


def test_startup_probe_holds_liveness_and_readiness_back():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: app
        image: busybox
        command: [sh, -c, 'sleep 20; touch /tmp/started; sleep 3600']
        startupProbe: {exec: {command: [cat, /tmp/started]}, periodSeconds: 5, failureThreshold: 10}
        livenessProbe: {exec: {command: [cat, /tmp/started]}, periodSeconds: 5}
    """)
    c.run(12)
    s = status(c, "p")
    assert s["started"] is False and s["ready"] is False
    assert not any(m.startswith("Liveness") for m in events(c, "p", "Unhealthy"))
    c.run(20)
    s = status(c, "p")
    assert s["started"] is True and s["ready"] is True and s["restartCount"] == 0


def test_startup_probe_failure_kills_the_container():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: web
        image: nginx
        startupProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 2, failureThreshold: 2}
    """)
    c.run(20)
    assert "Container web failed startup probe, will be restarted" in events(c, "p", "Killing")


def test_grpc_probe_says_it_is_not_simulated():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: web
        image: nginx
        livenessProbe: {grpc: {port: 9090}}
    """)
    c.run(15)
    msgs = events(c, "p", "Unhealthy")
    assert msgs and "gRPC probes are not simulated" in msgs[0]
    assert msgs[0].startswith("Liveness probe errored and resulted in unknown state")
    assert status(c, "p")["restartCount"] == 0


def test_probe_timers_stop_with_the_pod():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
    """)
    c.run(10)
    before = c.prober.probes_run
    c.kubectl("delete pod p")
    c.run(30)
    after = c.prober.probes_run
    c.run(30)
    assert c.prober.probes_run == after and after - before < 10


def test_each_http_probe_reaches_the_program_once_per_period():
    c = cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: echo}
    spec:
      containers:
      - name: web
        image: k8s.gcr.io/echoserver:1.4
        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}
        livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5}
    """)
    c.settle()
    before = c.prober.probes_run
    lines = c.kubectl("logs echo").stdout.splitlines()
    c.run(20)
    new = c.kubectl("logs echo").stdout.splitlines()[len(lines):]
    assert c.prober.probes_run - before == 8          # 4 periods x (readiness + liveness)
    probes = [line for line in new if '"GET /healthz HTTP/1.1" 200' in line]
    assert len(probes) == 4 and all(line.endswith('"-" "kube-probe/1.32"') for line in probes)
    # the kubelet connects from the pod network's gateway, as on a minikube node
    ip = c.get("pod", "echo")["status"]["podIP"]
    assert {line.split(" ", 1)[0] for line in probes} == {ip.rsplit(".", 1)[0] + ".1"}
    assert len({line.split("[", 1)[1].split("]", 1)[0] for line in probes}) == 4     # four different times
