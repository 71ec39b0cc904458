"""kubectl logs / exec / run against the simulated kubelet."""
import kubelab


def crashing():
    c = kubelab.Cluster()
    c.kubectl("run x --image=busybox -- sh -c 'echo run; exit 1'")
    c.run(20)
    return c


def test_logs_current_previous_and_tail():
    c = crashing()
    assert c.kubectl("logs x").stdout == "run\n"
    assert c.kubectl("logs x --previous").stdout == "run\n"
    c2 = kubelab.Cluster()
    c2.kubectl("run y --image=busybox -- sh -c 'echo a; echo b; echo c; sleep 3600'")
    c2.settle()
    c2.run(2)
    assert c2.kubectl("logs y --tail 2").stdout == "b\nc\n"
    r = c2.kubectl("logs y -p")
    assert r.stderr == 'Error from server (BadRequest): previous terminated container "y" in pod "y" not found\n'


def test_logs_of_a_container_that_never_started():
    c = kubelab.Cluster()
    c.kubectl("run bad --image=busybox:nosuchtag")
    c.run(5)
    r = c.kubectl("logs bad")
    assert r.stderr == ('Error from server (BadRequest): container "bad" in pod "bad" is waiting to start: '
                        'trying and failing to pull image\n')
    assert c.kubectl("logs bad -c nope").stderr == "error: container nope is not valid for pod bad\n"


def test_exec_exit_code_and_old_syntax():
    c = kubelab.Cluster()
    c.kubectl("run s --image=busybox -- sleep 3600")
    c.settle()
    r = c.kubectl("exec s -- sh -c 'echo out; exit 3'")
    assert (r.stdout, r.stderr, r.returncode) == ("out\n", "command terminated with exit code 3\n", 3)
    r = c.kubectl("exec s ls")
    assert r.stderr.startswith("error: exec [POD] [COMMAND] is not supported anymore.")


def test_run_builds_the_basic_pod():
    c = kubelab.Cluster()
    r = c.kubectl("run t --image=busybox --restart=Never --dry-run=client -o yaml -- sh -c 'echo hi'")
    assert "  labels:\n    run: t\n" in r.stdout and "restartPolicy: Never" in r.stdout
    assert "  - args:\n    - sh\n    - -c\n    - echo hi\n" in r.stdout
    r = c.kubectl("run t --image=nginx --restart=Foo")
    assert r.stderr.startswith("error: invalid restart policy: Foo")
    r = c.kubectl("run -i --rm once --image=busybox --restart=Never -- echo hello")
    assert r.stdout == 'hello\npod "once" deleted\n'


def test_exec_names_the_default_container_when_the_pod_has_init_containers():
    # podcmd.FindOrDefaultContainerByName warns when there is more than one container
    # or any init container, naming them as AllContainerNames does: "main, setup (init)".
    from kubelab.testing import apply
    c = kubelab.Cluster()
    apply(c, """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      initContainers:
      - {name: setup, image: busybox, command: [sh, -c, 'true']}
      containers:
      - {name: main, image: busybox, command: [sleep, '3600']}
    """)
    c.settle()
    r = c.kubectl("exec p -- echo hi")
    assert r.stdout == "hi\n"
    assert r.stderr == 'Defaulted container "main" out of: main, setup (init)\n'
    assert c.kubectl("exec p -c main -- echo hi").stderr == ""


def test_output_and_warnings_keep_the_order_kubectl_writes_them_in():
    # delete.go prints the immediate-deletion warning before "force deleted"; a Result keeps
    # both streams apart and, in `transcript`, in the order they were written.
    c = kubelab.Cluster()
    c.kubectl("run x --image=nginx")
    c.settle()
    r = c.kubectl("delete pod x --grace-period=0 --force")
    assert [name for name, _ in r.transcript] == ["stderr", "stdout"]
    assert str(r) == ("Warning: Immediate deletion does not wait for confirmation that the running resource has "
                      "been terminated. The resource may continue to run on the cluster indefinitely.\n"
                      'pod "x" force deleted\n')
    assert r.stdout == 'pod "x" force deleted\n'


def test_the_magic_writes_both_streams_in_that_order(monkeypatch):
    import sys
    from kubelab.magic import KubelabMagics
    from kubelab.result import Result
    written = []

    class Recorder:
        def __init__(self, name):
            self.name = name

        def write(self, text):
            written.append((self.name, text))

        def flush(self):
            pass
    monkeypatch.setattr(sys, "stdout", Recorder("out"))
    monkeypatch.setattr(sys, "stderr", Recorder("err"))
    KubelabMagics.__new__(KubelabMagics)._show(
        Result("a\nb\n", "w\n", 0, (("stdout", "a\n"), ("stderr", "w\n"), ("stdout", "b\n"))))
    assert written == [("out", "a\n"), ("err", "w\n"), ("out", "b\n")]
