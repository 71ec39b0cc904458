"""Termination messages (kubernetes.io "Determine the Reason for Pod Failure",
pods/termination-message-pod), the image's STOPSIGNAL as the kubelet's runtime
sends it, and the lifecycle-hook wording of the v1.32 kubelet."""
import kubelab
from kubelab.testing import apply, events, status

# content/en/docs/tasks/debug/debug-application/determine-reason-pod-failure.md
TERMINATION_DEMO = """
apiVersion: v1
kind: Pod
metadata:
  name: termination-demo
spec:
  containers:
  - name: termination-demo-container
    image: debian
    command: ["/bin/sh"]
    args: ["-c", "sleep 10 && echo Sleep expired > /dev/termination-log"]
"""


def test_the_termination_log_becomes_the_message():
    c = kubelab.Cluster()
    apply(c, TERMINATION_DEMO)
    c.settle()
    c.run(15)
    r = c.kubectl(["get", "pod", "termination-demo", "-o",
                   "go-template={{range .status.containerStatuses}}{{.lastState.terminated.message}}{{end}}"])
    assert r.stdout == "Sleep expired\n"
    last = status(c, "termination-demo")["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"], last["message"]) == ("Completed", 0, "Sleep expired\n")
    text = c.kubectl("describe pod termination-demo").stdout
    # the message's own newline ends the tabwriter's block, as with the real kubectl
    assert "    Last State:  Terminated\n      Reason:    Completed\n      Message:   Sleep expired\n\n" \
           "      Exit Code:    0\n" in text


def pod(name, script, policy="File", path=None, restart="Never"):
    extra = f"    terminationMessagePath: {path}\n" if path else ""
    return f"""
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  restartPolicy: {restart}
  containers:
  - name: c
    image: busybox:1.36
    command: [sh, -c, '{script}']
    terminationMessagePolicy: {policy}
{extra}"""


def message(c, name):
    return status(c, name)["state"]["terminated"].get("message")


def test_fallback_to_logs_on_error_takes_the_log_tail():
    c = kubelab.Cluster()
    apply(c, pod("fails", "echo starting; echo config missing; exit 3", "FallbackToLogsOnError"))
    apply(c, pod("succeeds", "echo all good; exit 0", "FallbackToLogsOnError"))
    apply(c, pod("file", "echo from the log; exit 1"))
    apply(c, pod("custom", "echo custom place > /tmp/why; exit 1", path="/tmp/why"))
    c.settle()
    c.run(5)
    assert message(c, "fails") == "starting\nconfig missing\n"
    assert message(c, "succeeds") is None          # exit 0: the logs are not read
    assert message(c, "file") is None              # policy File: only the file counts
    assert message(c, "custom") == "custom place\n"


def test_the_message_is_cut_to_the_last_4096_bytes():
    c = kubelab.Cluster()
    apply(c, pod("big", "echo " + "0123456789" * 500 + "end > /dev/termination-log"))
    c.settle()
    c.run(5)
    msg = message(c, "big")
    assert len(msg.encode()) == 4096 and msg.endswith("789end\n")


NGINX = """
apiVersion: v1
kind: Pod
metadata: {{name: web}}
spec:
  containers:
  - name: nginx
    image: {image}
"""


def test_nginx_receives_its_stopsignal_sigquit():
    c = kubelab.Cluster()
    apply(c, NGINX.format(image="nginx"))
    c.settle()
    app = c.kubelets["minikube"].workers["default/web"].containers["nginx"].app
    c.kubectl("delete pod web")
    c.settle()
    assert app.signals == ["SIGQUIT"]
    apply(c, NGINX.format(image="nginx:1.14.2"))     # before STOPSIGNAL SIGQUIT: the default SIGTERM
    c.settle()
    app = c.kubelets["minikube"].workers["default/web"].containers["nginx"].app
    c.kubectl("delete pod web")
    c.settle()
    assert app.signals == ["SIGTERM"]


def test_a_liveness_restart_shows_the_graceful_shutdown_in_the_previous_log():
    c = kubelab.Cluster()
    apply(c, """
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx
    livenessProbe:
      httpGet: {path: /missing, port: 80}
      periodSeconds: 5
""")
    c.settle()
    c.run(30)
    previous = c.kubectl("logs web --previous").stdout
    assert "[notice] 1#1: signal 3 (SIGQUIT) received, shutting down" in previous
    assert "[notice] 29#29: gracefully shutting down" in previous
    assert status(c, "web")["lastState"]["terminated"]["exitCode"] == 0


def test_hook_failures_are_worded_as_the_v132_kubelet_words_them():
    c = kubelab.Cluster()
    apply(c, """
apiVersion: v1
kind: Pod
metadata: {name: hooks}
spec:
  containers:
  - name: web
    image: nginx
    lifecycle:
      postStart: {exec: {command: [badcommand]}}
""")
    seen = []
    c.api.watch(lambda t, o, old: seen.extend(
        cs["state"]["waiting"] for cs in (o.get("status") or {}).get("containerStatuses") or []
        if "waiting" in cs["state"]), "Pod")
    c.run(5)
    assert events(c, "hooks", "FailedPostStartHook")[0] == "PostStartHook failed"
    assert "FailedPostStartHook" in events(c, "hooks", "Killing")
    hook_errors = [s for s in seen if s.get("reason") == "PostStartHookError"]
    assert hook_errors and hook_errors[0]["message"].startswith(
        'Exec lifecycle hook ([badcommand]) for Container "web" in Pod "hooks_default(')
    apply(c, """
apiVersion: v1
kind: Pod
metadata: {name: stop}
spec:
  containers:
  - name: web
    image: nginx
    lifecycle:
      preStop: {httpGet: {path: /drain, port: 8080}}
""")
    c.settle()
    c.kubectl("delete pod stop")
    c.settle()
    assert events(c, "stop", "FailedPreStopHook") == ["PreStopHook failed"]
