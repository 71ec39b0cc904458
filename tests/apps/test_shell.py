"""The simulated shell: exec commands and container scripts over simulated time."""
from kubelab.apps.base import FileSystem, Response
from kubelab.apps.images import start
from kubelab.apps.images import run_exec
from kubelab.apps.shellio import START_FAILED
from kubelab.apps.testing import FakeContext


def sh(script, **kw):
    return run_exec(FakeContext(**kw), ["sh", "-c", script])


def test_quotes_variables_and_operators():
    ctx = dict(env={"NAME": "kube", "EMPTY": ""})
    assert sh('echo "Hello, $NAME!" \'$NAME\' ${NAME}lab', **ctx).stdout == "Hello, kube! $NAME kubelab\n"
    assert sh("false && echo no || echo yes; echo $?", **ctx).stdout == "yes\n0\n"
    assert sh('echo ${MISSING:-default} ${EMPTY:-e} "$EMPTY" x', **ctx).stdout == "default e  x\n"
    assert sh("A=1; B=$((A+41)); echo $B").stdout == "42\n"
    assert sh("for i in 1 2 3; do echo -n $i; done; echo").stdout == "123\n"
    assert sh('if [ "$NAME" = kube ]; then echo match; else echo no; fi', **ctx).stdout == "match\n"
    assert sh("echo $(echo inner) `echo back`").stdout == "inner back\n"
    assert sh("echo a b | wc -l").stdout == "1\n"


def test_exit_status_and_missing_commands():
    assert sh("exit 3").exit_code == 3
    r = sh("nosuch")
    assert (r.stderr, r.exit_code) == ("sh: nosuch: not found\n", 127)
    assert run_exec(FakeContext(image="nginx"), ["sh", "-c", "nosuch"]).stderr == "sh: 1: nosuch: not found\n"
    r = run_exec(FakeContext(image="busybox"), ["bash"])
    assert r.exit_code == START_FAILED
    assert r.stderr.endswith('exec: "bash": executable file not found in $PATH: unknown')


def test_redirects_write_to_the_container_filesystem():
    ctx = FakeContext()
    run_exec(ctx, ["sh", "-c", "echo one > /tmp/f; echo two >> /tmp/f; mkdir /data; touch /data/x"])
    assert ctx.fs.read("/tmp/f") == "one\ntwo\n"
    assert run_exec(ctx, ["cat", "/tmp/f"]).stdout == "one\ntwo\n"
    assert run_exec(ctx, ["ls", "/data"]).stdout == "x\n"
    assert run_exec(ctx, ["cat", "/nope"]).stderr == "cat: can't open '/nope': No such file or directory\n"
    ro = FileSystem()
    ctx.fs.mount("/etc/config", ro, read_only=True)
    r = run_exec(ctx, ["sh", "-c", "echo x > /etc/config/a"])
    assert r.exit_code == 1 and "Read-only file system" in r.stderr


def test_env_printenv_hostname_date():
    ctx = FakeContext(env={"PATH": "/bin", "APP": "x"}, hostname="hello-7d9")
    assert run_exec(ctx, ["env"]).stdout == "PATH=/bin\nAPP=x\n"
    assert run_exec(ctx, ["printenv", "APP"]).stdout == "x\n"
    assert run_exec(ctx, ["hostname"]).stdout == "hello-7d9\n"
    ctx.clock.advance(65)
    assert run_exec(ctx, ["date"]).stdout == "Mon Jan  6 09:01:05 UTC 2025\n"


def test_wget_goes_through_ctx_http():
    def http(url, method):
        return Response(200, "Hello Kubernetes!") if "hello" in url else None
    ctx = FakeContext(http=http)
    assert run_exec(ctx, ["wget", "-qO-", "http://hello:8080"]).stdout == "Hello Kubernetes!"
    assert ctx.requests == [("GET", "http://hello:8080")]
    r = run_exec(ctx, ["wget", "-qO-", "http://nope:8080"])
    assert (r.stderr, r.exit_code) == ("wget: bad address 'nope'\n", 1)


def test_busybox_pod_logs_then_sleeps_an_hour():
    ctx = FakeContext(container={"name": "hello", "image": "busybox",
                                 "command": ["sh", "-c", 'echo "Hello, Kubernetes!" && sleep 3600']})
    app = start(ctx)
    assert ctx.logs == ["Hello, Kubernetes!"] and ctx.exited is None
    app.signal("SIGTERM")                  # sh as PID 1 has no handler: ignored
    ctx.clock.advance(3599)
    assert ctx.exited is None
    ctx.clock.advance(1)
    assert ctx.exited == (0, "Completed")


def test_loop_runs_on_the_clock_and_sigkill_stops_it():
    ctx = FakeContext(args=["sh", "-c", "while true; do date; sleep 5; done"])
    app = start(ctx)
    ctx.clock.advance(10)
    assert ctx.logs == ["Mon Jan  6 09:00:00 UTC 2025", "Mon Jan  6 09:00:05 UTC 2025", "Mon Jan  6 09:00:10 UTC 2025"]
    app.signal("SIGKILL")
    ctx.clock.advance(100)
    assert ctx.exited == (137, "Error") and len(ctx.logs) == 3


def test_failing_script_and_busy_loop():
    ctx = FakeContext(args=["sh", "-c", "echo failing; exit 1"])
    start(ctx)
    assert ctx.exited == (1, "Error")
    busy = FakeContext(args=["sh", "-c", "while true; do :; done"])
    start(busy)
    assert busy.exited is None and busy.clock.pending() == 1      # yields time instead of hanging
    assert run_exec(FakeContext(), ["sh", "-c", "while true; do :; done"]).exit_code == 124


def test_missing_binary_does_not_start():
    ctx = FakeContext(container={"name": "c", "image": "busybox", "command": ["nginx"]})
    app = start(ctx)
    assert ctx.exited == (128, "StartError")
    assert app.message.endswith('exec: "nginx": executable file not found in $PATH: unknown')


def test_flannel_init_container_copies_its_plugin():
    ctx = FakeContext(container={"name": "install-cni-plugin", "image": "docker.io/flannel/flannel-cni-plugin:v1.6.0-flannel1",
                                 "command": ["cp"], "args": ["-f", "/flannel", "/opt/cni/bin/flannel"]})
    start(ctx)
    assert ctx.exited == (0, "Completed") and ctx.fs.read("/opt/cni/bin/flannel")
