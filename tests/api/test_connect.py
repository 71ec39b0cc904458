"""The connect subresources (pods/log, exec, attach, portforward, proxy; services/proxy)
as a client of the API sees them: options named as the query parameters, results as
streams, the error channel's Status as upstream's CRI streaming server writes it."""
import pytest

import kubelab
from kubelab.api.connect import (PodAttachOptions, PodExecOptions, PodLogOptions, PodPortForwardOptions,
                                 ProxyOptions, UpgradeError)
from kubelab.api.errors import ApiError
from kubelab.apps.base import Request


@pytest.fixture(scope="module")
def cluster():
    c = kubelab.Cluster(pause=0)
    c.kubectl("run ticker --image=busybox -- sh -c 'echo a; echo b; echo c; while true; do echo tick; sleep 5; done'")
    c.kubectl("run web --image=nginx --port=80")
    c.settle()
    c.run(1)
    return c


def test_log_tail_then_follow_as_the_clock_advances(cluster):
    stream = cluster.api.connect("pods", "ticker", "default", "log", PodLogOptions(tailLines=2, follow=True))
    first = stream.read()
    assert first.splitlines() == ["c", "tick"] and not stream.done
    cluster.run(10)
    assert stream.read() == "tick\ntick\n"
    assert stream.read() == ""                       # nothing new until time moves


def test_log_options_from_query_parameters(cluster):
    stream = cluster.api.connect("pods", "ticker", "default", "log",
                                 {"tailLines": "1", "timestamps": "true", "limitBytes": ["10"]})
    text = stream.read()
    assert len(text.encode()) == 10 and text == "2025-01-06" and stream.done
    with pytest.raises(ApiError) as err:
        cluster.api.connect("pods", "ticker", "default", "log", {"tailLines": "two"})
    assert (err.value.code, err.value.message) == (400, 'invalid value "two" for query parameter "tailLines"')


def test_log_checks_are_the_apiservers(cluster):
    with pytest.raises(ApiError) as err:
        cluster.api.connect("pods", "nope", "default", "log")
    assert err.value.kubectl_text() == 'Error from server (NotFound): pods "nope" not found'
    with pytest.raises(ApiError) as err:
        cluster.api.connect("pods", "ticker", "default", "log", PodLogOptions(container="db"))
    assert err.value.kubectl_text() == "Error from server (BadRequest): container db is not valid for pod ticker"
    with pytest.raises(ApiError) as err:
        cluster.api.connect("pods", "ticker", "default", "log", PodLogOptions(previous=True))
    assert err.value.message == 'previous terminated container "ticker" in pod "ticker" not found'


def test_exec_statuses_are_what_the_error_channel_carries(cluster):
    ok = cluster.api.connect("pods", "ticker", "default", "exec", PodExecOptions(command=("echo", "hi")))
    assert ok.read() == ("hi\n", "") and ok.status == {"metadata": {}, "status": "Success"}
    bad = cluster.api.connect("pods", "ticker", "default", "exec",
                              PodExecOptions(command=("sh", "-c", "echo out; exit 3")))
    assert bad.read() == ("out\n", "")
    assert bad.status == {
        "metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
        "message": "command terminated with non-zero exit code: error executing command [sh -c echo out; exit 3], "
                   "exit code 3",
        "details": {"causes": [{"reason": "ExitCode", "message": "3"}]}}
    missing = cluster.api.connect("pods", "ticker", "default", "exec", PodExecOptions(command=("curl", "x")))
    assert missing.status["reason"] == "InternalError" and missing.status["code"] == 500
    assert missing.status["message"].startswith("Internal error occurred: error executing command in container: "
                                                "failed to exec in container: failed to start exec")


def test_exec_with_stdin_runs_when_stdin_closes(cluster):
    s = cluster.api.connect("pods", "ticker", "default", "exec", PodExecOptions(command=("cat",), stdin=True))
    assert s.status is None and not s.done
    s.write("one\n")
    s.write("two\n")
    s.close()
    assert s.read() == ("one\ntwo\n", "") and s.done


def test_exec_needs_a_container_name_when_there_is_a_choice():
    c = kubelab.Cluster(pause=0)
    c.kubectl("apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  initContainers: [{name: setup, image: busybox, command: ["true"]}]
  containers: [{name: a, image: busybox, command: [sleep, "3600"]}, {name: b, image: busybox, command: [sleep, "3600"]}]
""")
    with pytest.raises(ApiError) as err:
        c.api.connect("pods", "duo", "default", "exec", PodExecOptions(command=("ls",)))
    assert err.value.message == "a container name must be specified for pod duo, choose one of: [setup a b]"


def test_exec_into_a_pod_without_a_node_or_a_stopped_container():
    c = kubelab.Cluster(pause=0)
    c.kubectl("apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  nodeSelector: {disk: ssd}
  containers: [{name: big, image: busybox, command: [sleep, "3600"]}]
""")
    c.settle()
    with pytest.raises(ApiError) as err:
        c.api.connect("pods", "big", "default", "exec", PodExecOptions(command=("ls",)))
    assert err.value.kubectl_text() == "Error from server (BadRequest): pod big does not have a host assigned"
    c.kubectl("run done --image=busybox --restart=Never -- true")
    c.settle()
    with pytest.raises(UpgradeError) as up:
        c.api.connect("pods", "done", "default", "exec", PodExecOptions(command=("ls",)))
    assert up.value.message == 'container not found ("done")'


def test_attach_shows_what_comes_next(cluster):
    s = cluster.api.connect("pods", "ticker", "default", "attach", PodAttachOptions())
    assert s.read() == ("", "")
    cluster.run(5)
    assert s.read() == ("tick\n", "") and not s.done


def test_portforward_carries_a_request_to_the_pods_port(cluster):
    session = cluster.api.connect("pods", "web", "default", "portforward", PodPortForwardOptions(ports=(80,)))
    assert session.dial(8080) is None                           # nothing listens: refused
    conn = session.dial(80)
    resp = conn.request(Request("GET", "/", "localhost:8080", 8080))
    assert resp.status == 200 and "Welcome to nginx!" in resp.body
    raw = conn.exchange(b"GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"Welcome to nginx!" in body
    assert f"Content-Length: {len(body)}".encode() in head


def test_service_and_pod_proxy(cluster):
    cluster.kubectl("expose pod web --port=8080 --target-port=80 --name=web")
    cluster.settle()
    resp = cluster.api.connect("services", "web", "default", "proxy", ProxyOptions(path="/"))
    assert resp.status == 200 and "Welcome to nginx!" in resp.body
    assert cluster.api.connect("pods", "web:80", "default", "proxy").status == 200
    cluster.kubectl("expose pod ticker --port=80 --name=quiet --selector=nobody=here")
    cluster.settle()
    with pytest.raises(ApiError) as err:
        cluster.api.connect("services", "quiet", "default", "proxy")
    assert err.value.kubectl_text() == 'Error from server (ServiceUnavailable): no endpoints available for service "quiet"'


def test_an_unknown_subresource_is_not_found(cluster):
    with pytest.raises(ApiError) as err:
        cluster.api.connect("pods", "web", "default", "shell")
    assert err.value.code == 404
