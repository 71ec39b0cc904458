"""Streams over the served API: exec and attach (WebSocket, v5/v4.channel.k8s.io),
port-forward (SPDY/3.1 tunneled over WebSocket), the proxy paths, logs -f and
get -w.  The real kubectl v1.32 drives them where the machine has it; a small
WebSocket client (wsproto) checks the frames themselves."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import socket
import ssl
import subprocess
import threading
import time
import urllib.request

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import (AcceptConnection, BytesMessage, CloseConnection, RejectConnection, RejectData,
                            Request as WSRequest)

from kubelab import Cluster
from kubelab.server import spdy

KUBECTL = "/usr/bin/kubectl"
needs_kubectl = pytest.mark.skipif(not os.access(KUBECTL, os.X_OK), reason=f"no real kubectl at {KUBECTL} on this machine")


@pytest.fixture(scope="module")
def served():
    c = Cluster(pause=0)
    c.kubectl("run web --image=nginx")
    c.kubectl("run box --image=busybox -- sleep 3600")
    c.kubectl("create deployment redis --image=redis")
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.kubectl("expose pod web --port=8000 --target-port=80")
    c.settle()
    with c.serve() as srv:
        yield c, srv


@pytest.fixture(scope="module")
def Client(client_with):
    """conftest's HTTPS client class (the kubectl fixture, conftest's too, uses this module's cluster)."""
    return client_with


def pod_named(c, prefix: str) -> str:
    return next(p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith(prefix))


# ---------------------------------------------------------------- a small WebSocket client
class WS:
    """A WebSocket client over TLS to the served API (wsproto frames)."""

    def __init__(self, Client, srv, path: str, protocols: list[str], token: str | None = "kubeconfig"):
        api = Client(srv)
        raw = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        self.sock = api.context.wrap_socket(raw, server_hostname="127.0.0.1")
        self.ws = WSConnection(ConnectionType.CLIENT)
        headers = [("Authorization", f"Bearer {api.token}")] if token else []
        self.sock.sendall(self.ws.send(WSRequest(host="127.0.0.1", target=path, subprotocols=protocols,
                                                 extra_headers=headers)))
        self.accepted: AcceptConnection | None = None
        self.rejected: int | None = None
        self.reject_body = b""
        self.messages: list[bytes] = []
        self.close_code: int | None = None
        self._partial = b""
        while self.accepted is None and self.rejected is None or (self.rejected is not None and not self._body_done):
            self._read()

    _body_done = False

    def _read(self, timeout: float = 10) -> bool:
        r, _, _ = select.select([self.sock], [], [], timeout) if not self.sock.pending() else ([1], [], [])
        if not r:
            return False
        data = self.sock.recv(65536)
        if not data:
            self.close_code = self.close_code or -1
            self._body_done = True
            return False
        self.ws.receive_data(data)
        for e in self.ws.events():
            if isinstance(e, AcceptConnection):
                self.accepted = e
            elif isinstance(e, RejectConnection):
                self.rejected = e.status_code
                self._body_done = not e.has_body
            elif isinstance(e, RejectData):
                self.reject_body += e.data
                self._body_done = e.body_finished
            elif isinstance(e, BytesMessage):
                self._partial += e.data
                if e.message_finished:
                    self.messages.append(self._partial)
                    self._partial = b""
            elif isinstance(e, CloseConnection):
                self.close_code = e.code
        return True

    def send(self, data: bytes) -> None:
        self.sock.sendall(self.ws.send(BytesMessage(data=data)))

    def until_closed(self, timeout: float = 10) -> list[bytes]:
        end = time.monotonic() + timeout
        while self.close_code is None and time.monotonic() < end:
            self._read(0.2)
        return self.messages

    def channel(self, n: int) -> bytes:
        return b"".join(m[1:] for m in self.messages if m[:1] == bytes([n]))


def exec_path(pod: str, *command: str, **flags) -> str:
    q = "&".join([f"command={c}" for c in command] + [f"{k}={v}" for k, v in flags.items()])
    return f"/api/v1/namespaces/default/pods/{pod}/exec?{q}"


# ---------------------------------------------------------------- frames
def test_exec_v4_frames_output_then_status_then_normal_close(served, Client):
    c, srv = served
    ws = WS(Client, srv, exec_path("box", "sh", "-c", "echo%20out;echo%20err%3E%262;exit%203", stdout="true", stderr="true"),
            ["v4.channel.k8s.io"])
    assert ws.accepted.subprotocol == "v4.channel.k8s.io"
    ws.until_closed()
    assert ws.messages[0] == b"\x01"                    # the kubelet's "connection established"
    assert ws.channel(1) == b"out\n" and ws.channel(2) == b"err\n"
    status = json.loads(ws.channel(3))
    assert status["reason"] == "NonZeroExitCode"
    assert status["details"]["causes"] == [{"reason": "ExitCode", "message": "3"}]
    assert status["message"] == "command terminated with non-zero exit code: command terminated with exit code 3"
    assert ws.close_code == 1000


def test_v5_half_close_ends_stdin_and_resize_is_accepted(served, Client):
    c, srv = served
    ws = WS(Client, srv, exec_path("box", "cat", stdin="true", stdout="true", stderr="true"),
            ["v5.channel.k8s.io", "v4.channel.k8s.io"])
    assert ws.accepted.subprotocol == "v5.channel.k8s.io"
    ws.send(b"\x04" + json.dumps({"Width": 100, "Height": 30}).encode())
    ws.send(b"\x00hello ")
    ws.send(b"\x00world\n")
    ws.send(b"\xff\x00")                                 # CLOSE stdin
    ws.until_closed()
    assert ws.channel(1) == b"hello world\n"
    assert json.loads(ws.channel(3)) == {"metadata": {}, "status": "Success"}


def test_an_interactive_shell_answers_line_by_line_with_a_tty(served, Client):
    c, srv = served
    ws = WS(Client, srv, exec_path("box", "sh", stdin="true", stdout="true", tty="true"), ["v5.channel.k8s.io"])
    ws._read()
    ws.send(b"\x00cd /etc\r")
    ws.send(b"\x00pwd\r")
    deadline = time.monotonic() + 10
    while not ws.channel(1).endswith(b"pwd\r\n/etc\r\n/etc # ") and time.monotonic() < deadline:
        ws._read(0.2)
    assert ws.channel(1) == b"/ # cd /etc\r\n/etc # pwd\r\n/etc\r\n/etc # "
    ws.send(b"\x00exit 7\r")
    ws.until_closed()
    assert json.loads(ws.channel(3))["details"]["causes"][0]["message"] == "7"


def test_errors_before_the_upgrade_are_plain_statuses(served, Client):
    c, srv = served
    ws = WS(Client, srv, exec_path("nosuch", "ls"), ["v5.channel.k8s.io"])
    assert ws.rejected == 404 and json.loads(ws.reject_body)["message"] == 'pods "nosuch" not found'
    ws = WS(Client, srv, exec_path("web", "ls", container="db"), ["v5.channel.k8s.io"])
    assert ws.rejected == 400 and json.loads(ws.reject_body)["message"] == "container db is not valid for pod web"
    ws = WS(Client, srv, exec_path("web", "ls"), ["base64.channel.k8s.io"])
    assert ws.rejected == 400
    ws = WS(Client, srv, exec_path("web", "ls"), ["v5.channel.k8s.io"], token=None)
    assert ws.rejected == 401


def test_a_vanished_client_leaves_the_server_and_the_store_as_they_were(served, Client):
    c, srv = served
    with c.lock:
        before = c.api.get("pods", "box", "default")["metadata"]["resourceVersion"]
    for path in (exec_path("box", "sh", stdin="true", stdout="true", tty="true"),
                 f"/api/v1/namespaces/default/pods/box/attach?stdin=true&stdout=true&stderr=true"):
        ws = WS(Client, srv, path, ["v5.channel.k8s.io"])
        ws.send(b"\x00echo half")                         # a line never finished
        ws.sock.close()                                  # gone, no closing handshake
    time.sleep(0.5)
    assert Client(srv).get("/api/v1/namespaces/default/pods/box").status == 200
    with c.lock:
        assert c.api.get("pods", "box", "default")["metadata"]["resourceVersion"] == before


def test_spdy_header_blocks_share_one_compression_context():
    client, server = spdy.Framer(), spdy.Framer()
    wire = b"".join(client.syn_stream(i, {"streamtype": kind, "port": "80", "requestid": str(i // 2)})
                    for i, kind in ((1, "error"), (3, "data"), (5, "error"), (7, "data")))
    frames = server.feed(wire[:7]) + server.feed(wire[7:])       # split anywhere
    assert [(f.stream_id, f.headers["streamtype"]) for f in frames] == [(1, "error"), (3, "data"), (5, "error"),
                                                                       (7, "data")]
    reply = client.feed(server.syn_reply(3) + server.data(3, b"x" * 70000) + server.ping(2))
    assert [f.type for f in reply] == [spdy.SYN_REPLY, 0, spdy.PING] and len(reply[1].data) == 70000
    with pytest.raises(spdy.ProtocolError):
        spdy.Framer().feed(b"\x80\x02\x00\x01\x00\x00\x00\x00")   # SPDY/2


# ---------------------------------------------------------------- the real kubectl
def pty_session(argv: list[str], env: dict, keys: list[str], cluster=None, settle_until: str = "",
                timeout: float = 60) -> tuple[str, int]:
    """Run ``argv`` on a pseudo-terminal (kubectl sets it raw), type each key once the
    output so far ends with a prompt, and return what the terminal showed and the exit code."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    out = b""
    end = time.monotonic() + timeout
    keys = list(keys)
    code = None
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            out += data
        text = out.decode(errors="replace")
        if cluster is not None and settle_until and settle_until not in text:
            cluster.run(1)
        elif keys and (text.rstrip(" ").endswith(("#", "$")) or text.endswith("try pressing enter.\r\n")):
            os.write(fd, keys.pop(0).encode())
            time.sleep(0.2)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            while select.select([fd], [], [], 0.2)[0]:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            break
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    return out.decode(errors="replace"), code


@needs_kubectl
def test_kubectl_exec_exit_code_and_stderr(kubectl):
    res = kubectl(["exec", "box", "--", "sh", "-c", "echo out; echo err >&2; exit 3"])
    assert (res.returncode, res.stdout, res.stderr) == (3, "out\n", "err\ncommand terminated with exit code 3\n")


@needs_kubectl
def test_kubectl_exec_redis_cli(served, kubectl):
    res = kubectl(["exec", pod_named(served[0], "redis-"), "--", "redis-cli", "CONFIG", "GET", "maxmemory"])
    assert (res.returncode, res.stdout) == (0, "maxmemory\n0\n")


@needs_kubectl
def test_kubectl_exec_stdin(kubectl):
    res = kubectl(["exec", "-i", "box", "--", "cat"], stdin="hi\n")
    assert (res.returncode, res.stdout, res.stderr) == (0, "hi\n", "")
    res = kubectl(["exec", "-i", "box", "--", "sh"], stdin="echo a\ncd /etc\npwd\nexit 4\n")
    assert (res.returncode, res.stdout) == (4, "a\n/etc\n")


@needs_kubectl
def test_kubectl_exec_missing_program_and_wrong_container(kubectl):
    res = kubectl(["exec", "box", "--", "nosuch"])
    assert res.returncode == 1
    assert res.stderr.startswith("error: Internal error occurred: Internal error occurred: error executing command "
                                 "in container: failed to exec in container: failed to start exec ")
    assert res.stderr.endswith('exec: "nosuch": executable file not found in $PATH: unknown\n')
    res = kubectl(["exec", "web", "-c", "db", "--", "ls"])
    assert (res.returncode, res.stderr) == (1, "Error from server (BadRequest): container db is not valid for pod web\n")


@needs_kubectl
def test_kubectl_exec_it_sh_on_a_terminal(served, kubectl):
    text, code = pty_session([KUBECTL, "exec", "-it", "box", "--", "sh"], kubectl.env,
                             ["echo hello\r", "cd /etc\r", "nope\r", "exit 5\r"])
    assert text == ("/ # echo hello\r\nhello\r\n/ # cd /etc\r\n/etc # nope\r\nsh: nope: not found\r\n"
                    "/etc # exit 5\r\ncommand terminated with exit code 5\r\n")
    assert code == 5


@needs_kubectl
def test_kubectl_run_it_rm_busybox_sh(served, kubectl):
    c = served[0]
    text, code = pty_session([KUBECTL, "run", "-it", "--rm", "--image=busybox", "x", "--", "sh"], kubectl.env,
                             ["\r", "echo hi\r", "exit\r"], cluster=c, settle_until="try pressing enter")
    assert text.startswith("If you don't see a command prompt, try pressing enter.\r\n")
    assert "/ # echo hi\r\nhi\r\n/ # exit\r\n" in text
    assert text.endswith("Session ended, resume using 'kubectl attach x -c x -i -t' command when the pod is running"
                         "\r\npod \"x\" deleted\r\n")
    assert code == 0
    c.settle()
    with c.lock:
        assert c.api.peek("pods", "x", "default") is None


@needs_kubectl
def test_kubectl_port_forward_reaches_the_pod(served, kubectl):
    proc = subprocess.Popen([KUBECTL, "port-forward", "pod/web", "0:80"], env=kubectl.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()                    # Forwarding from 127.0.0.1:NNNNN -> 80
        port = int(line.split(" -> ")[0].rsplit(":", 1)[1])
        for _ in range(2):                               # two connections over one tunnel
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                assert resp.status == 200 and b"Welcome to nginx!" in resp.read()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/missing", timeout=10)
        assert err.value.code == 404
    finally:
        proc.terminate()
        proc.wait(10)


@needs_kubectl
def test_kubectl_port_forward_to_a_closed_port_says_refused_and_stops(kubectl):
    proc = subprocess.Popen([KUBECTL, "port-forward", "pod/web", "0:81"], env=kubectl.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = int(line.split(" -> ")[0].rsplit(":", 1)[1])
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "connect: connection refused" in err and err.endswith("error: lost connection to pod\n")
    assert proc.returncode == 1


@needs_kubectl
def test_kubectl_proxy_and_the_proxy_paths(served, kubectl):
    c = served[0]
    proc = subprocess.Popen([KUBECTL, "proxy", "--port=0"], env=kubectl.env, stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline().strip().rsplit(":", 1)[1])      # Starting to serve on 127.0.0.1:N
        base = f"http://127.0.0.1:{port}/api/v1/namespaces/default"
        pod = pod_named(c, "kubernetes-bootcamp-")
        with urllib.request.urlopen(f"{base}/pods/{pod}:8080/proxy/", timeout=10) as resp:
            assert resp.read().decode() == f"Hello Kubernetes bootcamp! | Running on: {pod} | v=1\n"
        with urllib.request.urlopen(f"{base}/services/web:8000/proxy/", timeout=10) as resp:
            assert b"Welcome to nginx!" in resp.read()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{base}/pods/web:81/proxy/", timeout=10)
        ip = c.api.get("pods", "web", "default")["status"]["podIP"]
        assert err.value.code == 503
        assert json.loads(err.value.read())["message"] == \
            f"error trying to reach service: dial tcp {ip}:81: connect: connection refused"
    finally:
        proc.terminate()
        proc.wait(10)


@needs_kubectl
def test_kubectl_logs_f_and_get_w_follow_simulated_time(served, kubectl):
    c = served[0]
    c.kubectl(["run", "ticker", "--image=busybox", "--", "sh", "-c",
               "i=0; while true; do echo tick $i; i=$((i+1)); sleep 10; done"])
    c.settle()
    logs = subprocess.Popen([KUBECTL, "logs", "-f", "ticker"], env=kubectl.env, stdout=subprocess.PIPE, text=True)
    watch = subprocess.Popen([KUBECTL, "get", "pods", "ticker", "-w", "--no-headers"], env=kubectl.env,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert logs.stdout.readline() == "tick 0\n"
        assert watch.stdout.readline().split()[:3] == ["ticker", "1/1", "Running"]
        c.run(20)                                       # the notebook moves time: the terminal sees it
        assert [logs.stdout.readline(), logs.stdout.readline()] == ["tick 1\n", "tick 2\n"]
        c.kubectl("delete pod ticker --wait=false")
        assert watch.stdout.readline().split()[:3] == ["ticker", "1/1", "Terminating"]
    finally:
        for p in (logs, watch):
            p.terminate()
            p.wait(10)


def test_the_python_client_execs_over_v4(served):
    pytest.importorskip("kubernetes", reason="the official client is in the test extra")
    from kubernetes import client, config
    from kubernetes.stream import stream
    c, srv = served
    api = config.new_client_from_config(config_file=srv.kubeconfig)
    try:
        core = client.CoreV1Api(api)
        out = stream(core.connect_get_namespaced_pod_exec, "box", "default", command=["sh", "-c", "echo hi; exit 2"],
                     stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
        out.run_forever(timeout=10)
        assert out.read_stdout() == "hi\n"
        assert out.returncode == 2
    finally:
        api.close()


@needs_kubectl
def test_kubectl_exec_into_a_container_not_running(served, kubectl):
    c = served[0]
    c.kubectl("run bad --image=nosuchimage/zzz:1")
    c.run(3)
    res = kubectl(["exec", "bad", "--", "ls"])
    emulated = c.kubectl("exec bad -- ls")
    assert (res.returncode, res.stderr) == (1, 'error: Internal error occurred: unable to upgrade connection: '
                                               'container not found ("bad")\n')
    assert (emulated.returncode, emulated.stderr) == (res.returncode, res.stderr)


EXEC_CASES = [
    (["exec", "box", "--", "sh", "-c", "echo out; echo err >&2; exit 3"], None),
    (["exec", "box", "--", "nosuch"], None),
    (["exec", "-i", "box", "--", "cat"], "hi\nthere\n"),
    (["exec", "-i", "box", "--", "sh"], "echo a\ncd /etc\npwd\nnope\nexit 4\n"),
    (["exec", "web", "--", "cat", "/etc/hostname"], None),
    (["exec", "web", "-c", "db", "--", "ls"], None),
    (["exec", "nosuch", "--", "ls"], None),
]


@needs_kubectl
@pytest.mark.parametrize("argv,stdin", EXEC_CASES, ids=[" ".join(a) for a, _ in EXEC_CASES])
def test_kubectl_exec_and_the_emulation_agree(served, kubectl, argv, stdin):
    c = served[0]
    real = kubectl(argv, stdin=stdin)
    emulated = c.kubectl(argv, stdin=stdin)
    strip = lambda text: re.sub(r'start exec "[0-9a-f]+"', 'start exec "<id>"', text)
    assert (real.returncode, real.stdout, strip(real.stderr)) == \
        (emulated.returncode, emulated.stdout, strip(emulated.stderr))


# ---------------------------------------------------------------- SPDY: kubectl's fallback (and kubectl < v1.30)
@pytest.fixture(scope="module")
def spdy_kubectl(kubectl):
    env = dict(kubectl.env, KUBECTL_REMOTE_COMMAND_WEBSOCKETS="false", KUBECTL_PORT_FORWARD_WEBSOCKETS="false")
    return type(kubectl)(kubectl.cluster, env)


@needs_kubectl
def test_kubectl_over_spdy_exec_stdin_exit_codes_and_the_kubelets_words(spdy_kubectl):
    res = spdy_kubectl(["exec", "box", "--", "sh", "-c", "echo out; echo err >&2; exit 3"])
    assert (res.returncode, res.stdout, res.stderr) == (3, "out\n", "err\ncommand terminated with exit code 3\n")
    res = spdy_kubectl(["exec", "-i", "box", "--", "cat"], stdin="hi\n")
    assert (res.returncode, res.stdout) == (0, "hi\n")
    res = spdy_kubectl(["exec", "box", "--", "nosuch"])     # the kubelet's Status, not the translator's
    assert res.returncode == 1 and res.stderr.startswith("error: Internal error occurred: error executing command")


@needs_kubectl
def test_kubectl_over_spdy_exec_it_and_port_forward(served, spdy_kubectl):
    text, code = pty_session([KUBECTL, "exec", "-it", "box", "--", "sh"], spdy_kubectl.env, ["pwd\r", "exit 2\r"])
    assert (text, code) == ("/ # pwd\r\n/\r\n/ # exit 2\r\ncommand terminated with exit code 2\r\n", 2)
    proc = subprocess.Popen([KUBECTL, "port-forward", "pod/web", "0:80"], env=spdy_kubectl.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline().split(" -> ")[0].rsplit(":", 1)[1])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            assert b"Welcome to nginx!" in resp.read()
    finally:
        proc.terminate()
        proc.wait(10)


def test_port_forward_tunnel_frames_and_garbage(served, Client):
    c, srv = served
    path = "/api/v1/namespaces/default/pods/web/portforward"
    ws = WS(Client, srv, path, ["SPDY/3.1+portforward.k8s.io"])
    assert ws.accepted.subprotocol == "SPDY/3.1+portforward.k8s.io"
    client = spdy.Framer()
    ws.send(client.syn_stream(1, {"streamtype": "error", "port": "80", "requestid": "0"}) +
            client.syn_stream(3, {"streamtype": "data", "port": "80", "requestid": "0"}))
    ws.send(client.data(3, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n") + client.ping(1))
    ws.send(client.data(3, b"", fin=True))
    frames, end = [], time.monotonic() + 10
    while not any(f.type == 0 and f.stream_id == 1 and f.fin for f in frames) and time.monotonic() < end:
        ws._read(0.2)
        frames += client.feed(b"".join(ws.messages))
        ws.messages.clear()
    kinds = [(f.type, f.stream_id) for f in frames]
    assert (spdy.SYN_REPLY, 1) in kinds and (spdy.SYN_REPLY, 3) in kinds and (spdy.PING, 0) in kinds
    body = b"".join(f.data for f in frames if f.type == 0 and f.stream_id == 3)
    assert body.startswith(b"HTTP/1.1 200 OK\r\n") and b"Welcome to nginx!" in body
    assert b"".join(f.data for f in frames if f.type == 0 and f.stream_id == 1) == b""     # no error
    ws.send(b"\x80\x02\x00\x01\x00\x00\x00\x00")                # SPDY/2: the tunnel ends
    assert ws.until_closed() is not None and ws.close_code is not None
    assert Client(srv).get("/api/v1/namespaces/default/pods/web").status == 200
