"""%kubectl's stdin model: ``run -i``/``-it`` and ``exec -i``/``-it`` into a shell take
the cell's body as the lines typed (``cluster.kubectl(..., stdin=...)``), and show the
session as a terminal would; without a body they say how.  ``kubectl proxy`` keeps
serving in the background.

The words kubectl adds (the prompt hint, ``Session ended, ...``, ``pod "x"
deleted``, ``pod default/x terminated (Error)`` and the exit codes) are the real
kubectl v1.32.4's, recorded against the served cluster (tests/server/test_streams.py
drives the same sessions through it)."""
from __future__ import annotations

import json

import pytest

from kubelab import Cluster


@pytest.fixture()
def c():
    c = Cluster(pause=0)
    c.kubectl("run web --image=nginx")
    c.settle()
    return c


def shown(r) -> str:
    return "".join(text for _, text in r.transcript)


def test_run_it_rm_types_the_body_into_the_shell(c):
    r = c.kubectl("run -it --rm x --image=busybox -- sh", stdin="\necho hello\ncd /etc\npwd\nexit\n")
    assert r.returncode == 0
    assert shown(r) == ("If you don't see a command prompt, try pressing enter.\n"
                        "\n/ # echo hello\nhello\n/ # cd /etc\n/etc # pwd\n/etc\n/etc # exit\n"
                        "Session ended, resume using 'kubectl attach x -c x -i -t' command when the pod is running\n"
                        'pod "x" deleted\n')
    assert c.api.peek("pods", "x", "default") is None


def test_run_i_without_a_tty_and_the_exit_code_of_a_pod_that_does_not_restart(c):
    r = c.kubectl("run -i --rm x1 --image=busybox --restart=Never -- sh", stdin="echo hi\nexit 3\n")
    assert (r.returncode, shown(r)) == (3, "If you don't see a command prompt, try pressing enter.\nhi\n"
                                           'pod "x1" deleted\npod default/x1 terminated (Error)\n')
    r = c.kubectl(["run", "-i", "--rm", "x7", "--image=busybox", "--restart=Never", "--", "sh", "-c",
                   "echo hello; exit 4"])
    assert (r.returncode, shown(r)) == (4, 'hello\npod "x7" deleted\npod default/x7 terminated (Error)\n')
    r = c.kubectl("run -i --rm x4 --image=busybox --restart=Never -- echo hello")
    assert (r.returncode, shown(r)) == (0, 'hello\npod "x4" deleted\n')


def test_stdin_once_ends_the_shell_with_the_session(c):
    r = c.kubectl("run -i x5 --image=busybox -- sh", stdin="echo hi\n")
    assert (r.returncode, shown(r)) == (0, "If you don't see a command prompt, try pressing enter.\nhi\n")
    c.settle()
    spec = c.api.get("pods", "x5", "default")["spec"]["containers"][0]
    assert (spec["stdin"], spec["stdinOnce"], spec.get("tty")) == (True, True, None)
    status = c.api.get("pods", "x5", "default")["status"]["containerStatuses"][0]
    assert status["restartCount"] >= 1 or status["state"].get("terminated", {}).get("reason") == "Completed"


def test_without_a_body_a_shell_session_says_how_and_creates_nothing(c):
    for cmd in ("run -it --rm x --image=busybox -- sh", "run -it x --image=busybox", "exec -it web -- sh"):
        r = c.kubectl(cmd)
        assert r.returncode == 1
        assert r.stderr.startswith("error: kubelab: the shell waits for what you type, and a notebook has no keyboard")
        assert "%%kubectl" in r.stderr and "%kubelab serve" in r.stderr
    assert c.api.peek("pods", "x", "default") is None


def test_attached_options_refuse_a_dry_run(c):
    r = c.kubectl("run x --image=busybox -it --dry-run=client -o yaml -- sh")
    assert (r.returncode, r.stderr) == (1, "error: --dry-run=[server|client] can't be used with attached containers "
                                           "options (--attach, --stdin, or --tty)\n"
                                           "See 'kubectl run -h' for help and examples\n")


def test_exec_it_bash_and_sh_sessions(c):
    r = c.kubectl("exec -it web -- bash", stdin="cd /usr/share/nginx/html\nls\nexit 2\n")
    assert (r.returncode, shown(r)) == (2, "root@web:/# cd /usr/share/nginx/html\n"
                                           "root@web:/usr/share/nginx/html# ls\n50x.html\nindex.html\n"
                                           "root@web:/usr/share/nginx/html# exit 2\nexit\n"
                                           "command terminated with exit code 2\n")
    r = c.kubectl("exec -i web -- sh", stdin="echo hi\nnope\n")
    assert (r.returncode, r.stdout, r.stderr) == (127, "hi\n", "sh: 1: nope: not found\n"
                                                              "command terminated with exit code 127\n")


def test_typing_edits_the_line_as_a_terminal_does(c):
    r = c.kubectl("exec -it web -- sh", stdin="echo helo\x7f\x7fllo\n")
    assert shown(r) == "# echo hello\nhello\n# \n"


def test_proxy_serves_in_the_background(c):
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.settle()
    assert c.kubectl("proxy").stdout == "Starting to serve on 127.0.0.1:8001\n"
    again = c.kubectl("proxy")
    assert (again.returncode, again.stderr) == (1, "error: listen tcp 127.0.0.1:8001: bind: address already in use\n")
    version = c.curl("http://localhost:8001/version")
    assert json.loads(version.body)["gitVersion"] == "v1.32.0" and version.body.startswith('{\n  "major": "1",')
    pod = next(p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith("k"))
    answer = c.curl(f"http://localhost:8001/api/v1/namespaces/default/pods/{pod}:8080/proxy/")
    assert (answer.status, answer.body) == (200, f"Hello Kubernetes bootcamp! | Running on: {pod} | v=1\n")
    refused = c.curl(f"http://localhost:8001/api/v1/namespaces/default/pods/{pod}/proxy/")
    assert refused.status == 503 and json.loads(refused.body)["message"].startswith("error trying to reach service: ")
    listed = json.loads(c.curl("http://localhost:8001/api/v1/namespaces/default/pods").body)
    assert listed["kind"] == "PodList" and len(listed["items"]) == 2


def test_attach_types_into_a_restarted_shell_and_follows_output(c):
    r = c.kubectl("run -it keep --image=busybox", stdin="\necho one\n")
    assert shown(r) == ("If you don't see a command prompt, try pressing enter.\n\n/ # echo one\none\n/ # \n"
                        "Session ended, resume using 'kubectl attach keep -c keep -i -t' command when the pod is running\n")
    c.run(15)                                   # stdinOnce: the shell saw the end of input, exited, restarted
    assert c.api.get("pods", "keep", "default")["status"]["containerStatuses"][0]["restartCount"] == 1
    r = c.kubectl("attach -it keep", stdin="echo two\nexit 1\n")
    assert shown(r) == ("If you don't see a command prompt, try pressing enter.\necho two\ntwo\n/ # exit 1\n"
                        "Session ended, resume using 'kubectl attach keep -c keep -i -t' command when the pod is running\n")
    c.kubectl(["run", "ticker", "--image=busybox", "--", "sh", "-c",
               "i=0; while true; do echo tick $i; i=$((i+1)); sleep 2; done"])
    c.settle()
    r = c.kubectl("attach ticker")
    assert r.stdout.splitlines() == [f"tick {i}" for i in range(1, 6)]       # from now on, 10 simulated seconds
    r = c.kubectl("attach -it ticker")
    assert r.stderr.startswith("error: Unable to use a TTY - container ticker did not allocate one\n")
