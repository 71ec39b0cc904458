"""HTTP answers of the notes' images."""
from kubelab.apps.base import FileSystem, Request
from kubelab.apps.images import start
from kubelab.apps.testing import FakeContext


def curl(path="/", host="192.168.49.2:31000", port=8080, **headers):
    hdrs = {"Host": host, "User-Agent": "curl/7.54.0", "Accept": "*/*", **headers}
    return Request("GET", path, host=host, port=port, client_ip="172.17.0.1", headers=hdrs)


def test_echoserver_echoes_the_request_like_hello_minikube():
    app = start(FakeContext(image="k8s.gcr.io/echoserver:1.4"))
    assert app.is_listening(8080)
    # the transcript of the hello-minikube lab (host 192.168.64.4, NodePort 31960)
    resp = app.http(curl(host="192.168.64.4:31960"))
    assert resp.status == 200
    assert resp.body == (
        "CLIENT VALUES:\nclient_address=172.17.0.1\ncommand=GET\nreal path=/\nquery=nil\n"
        "request_version=1.1\nrequest_uri=http://192.168.64.4:8080/\n\nSERVER VALUES:\n"
        "server_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\naccept=*/*\n"
        "host=192.168.64.4:31960\nuser-agent=curl/7.54.0\nBODY:\n-no body in request-")


def test_echoserver_shows_query():
    body = start(FakeContext(image="k8s.gcr.io/echoserver:1.4")).http(curl("/a?x=1")).body
    assert "real path=/a?x=1\nquery=x=1\n" in body


def test_nginx_serves_its_version_welcome_page_and_404():
    ctx = FakeContext(image="nginx:1.14.2")
    app = start(ctx)
    ok = app.http(curl("/", host="10.244.0.5", port=80))
    assert ok.status == 200 and "<title>Welcome to nginx!</title>" in ok.body and len(ok.body) == 612
    assert ctx.logs[-1] == '172.17.0.1 - - [06/Jan/2025:09:00:00 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/7.54.0" "-"'
    missing = app.http(curl("/nope", host="10.244.0.5", port=80))
    assert missing.status == 404
    assert missing.body.endswith("<hr><center>nginx/1.14.2</center>\r\n</body>\r\n</html>\r\n")
    latest = start(FakeContext(image="nginx")).http(curl("/", port=80))
    assert "color-scheme: light dark" in latest.body and len(latest.body) == 615


def test_nginx_serves_files_from_a_mounted_volume():
    fs, html = FileSystem(), FileSystem()
    html.files["/index.html"] = "hello from a volume\n"
    fs.mount("/usr/share/nginx/html", html)
    app = start(FakeContext(image="nginx", fs=fs))
    assert app.http(curl("/", port=80)).body == "hello from a volume\n"


def test_nginx_exits_zero_on_sigterm():
    ctx = FakeContext(image="nginx:1.16.1")
    start(ctx).signal("SIGTERM")
    assert ctx.exited == (0, "Completed")


def test_node_hello_says_hello_and_ignores_sigterm():
    ctx = FakeContext(image="anjia0532/google-samples.node-hello:1.0")
    app = start(ctx)
    assert app.http(curl()).body == "Hello Kubernetes!"
    app.signal("SIGTERM")
    assert ctx.exited is None
    app.signal("SIGKILL")
    assert ctx.exited == (137, "Error")


def test_bootcamp_answers_with_hostname_and_version_and_logs_requests():
    name = "kubernetes-bootcamp-765bf4c7b4-nk9k4"
    ctx = FakeContext(image="gcr.io/google-samples/kubernetes-bootcamp:v1", hostname=name, env={"HOSTNAME": name})
    app = start(ctx)
    assert ctx.logs == [f"Kubernetes Bootcamp App Started At: 2025-01-06T09:00:00.000Z | Running On:  {name} ", ""]
    ctx.clock.advance(1611.113)
    assert app.http(curl()).body == f"Hello Kubernetes bootcamp! | Running on: {name} | v=1\n"
    assert ctx.logs[-1] == (f"Running On: {name} | Total Requests: 1 | App Uptime: 1611.113 seconds | "
                            f"Log Time: 2025-01-06T09:26:51.113Z")
    v2 = start(FakeContext(image="jocatalin/kubernetes-bootcamp:v2", hostname="b"))
    assert v2.http(curl()).body == "Hello Kubernetes bootcamp! | Running on: b | v=2\n"


def test_generic_image_listens_on_declared_ports():
    ctx = FakeContext(image="httpd:2.4", container={"name": "web", "image": "httpd:2.4", "ports": [{"containerPort": 8081}]})
    app = start(ctx)
    assert app.is_listening(8081) and not app.is_listening(80)
    assert app.http(curl()).status == 200


def test_kube_system_programs_log_and_answer_health():
    ctx = FakeContext(image="registry.k8s.io/coredns/coredns:v1.11.3", args=["/coredns", "-conf", "/etc/coredns/Corefile"])
    app = start(ctx)
    assert ctx.logs[0] == ".:53" and app.http(Request(path="/health", port=8080)).body == "OK"
    ctx = FakeContext(image="registry.k8s.io/kube-apiserver:v1.32.0", args=["kube-apiserver", "--secure-port=8443"])
    start(ctx)
    assert ctx.logs[0].startswith("I0106 09:00:00.000000       1 options.go:238] ")


def test_echoserver_answers_a_repeated_request_alike_and_logs_each_with_its_own_time():
    # A kubelet probe sends one request every period: same answer, one access line each.
    ctx = FakeContext(image="k8s.gcr.io/echoserver:1.4")
    app = start(ctx)
    probe = Request("GET", "/", host="10.244.0.5:8080", port=8080, client_ip="10.244.0.1",
                    headers={"User-Agent": "kube-probe/1.32", "Accept": "*/*"})
    first = app.http(probe).body
    ctx.clock.advance(10)
    assert app.http(probe).body == first
    size = len(first.encode())
    assert ctx.logs[-2:] == [
        f'10.244.0.1 - - [06/Jan/2025:09:00:00 +0000] "GET / HTTP/1.1" 200 {size} "-" "kube-probe/1.32"',
        f'10.244.0.1 - - [06/Jan/2025:09:00:10 +0000] "GET / HTTP/1.1" 200 {size} "-" "kube-probe/1.32"']
    # a request changed on its way (kube-proxy's SNAT) is a new request with its own answer
    moved = probe._replace(client_ip="10.244.0.9")
    assert "client_address=10.244.0.9\n" in app.http(moved).body
    assert ctx.logs[-1].startswith("10.244.0.9 - - [06/Jan/2025:09:00:10 +0000]")


def test_requests_cannot_be_changed_in_place():
    import pytest
    with pytest.raises(AttributeError):
        curl().client_ip = "1.2.3.4"


def test_nginx_images_stop_with_sigquit_and_nginx_shuts_down_gracefully():
    from kubelab.apps.images import resolve
    from kubelab.apps.testing import FakeContext
    assert resolve("nginx:1.27").stop_signal == "SIGQUIT" and resolve("nginx:1.14.2").stop_signal == "SIGTERM"
    ctx = FakeContext(image="nginx:1.27")
    app = start(ctx)
    assert app.stop_signal == "SIGQUIT"
    app.signal(app.stop_signal)
    assert ctx.logs[-7].endswith("[notice] 1#1: signal 3 (SIGQUIT) received, shutting down")
    assert ctx.logs[-1].endswith("[notice] 1#1: exit") and ctx.exited == (0, "Completed")
