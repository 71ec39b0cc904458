"""The public images of the kubernetes.io tutorials and tasks, pulled and run as a
learner types the pages' commands (issue 16, "The image world is closed").

Expected text comes from the pages (or the images' sources where a page shows
none); what does not exist publicly still fails with the registry's message.
"""
import pytest

import kubelab
from kubelab.apps.perl import pi_digits


def apply(c, text):
    r = c.kubectl("apply -f -", stdin=text)
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture
def c():
    return kubelab.Cluster()


def pod_status(c, name):
    return c.kubectl(f"get pod {name} --no-headers").stdout.split()[2]


# ---------------------------------------------------------------- Hello Minikube
def test_hello_minikube_agnhost_netexec(c):
    r = c.kubectl("create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.39 "
                  "-- /agnhost netexec --http-port=8080")
    assert r.stdout == "deployment.apps/hello-node created\n"
    c.settle()
    assert c.kubectl("get deployment hello-node --no-headers").stdout.split()[1] == "1/1"
    pod = c.kubectl("get pods -l app=hello-node -o name").stdout.strip()
    logs = c.kubectl(f"logs {pod}").stdout.splitlines()
    assert logs[0].endswith("       1 log.go:195] Started HTTP server on port 8080")
    assert logs[1].endswith("       1 log.go:195] Started UDP server on port  8081")
    c.kubectl("expose deployment hello-node --type=LoadBalancer --port=8080")
    c.kubectl("run client --image=busybox:1.36 --command -- sleep 3600")
    c.settle()
    out = c.kubectl("exec client -- wget -qO- http://hello-node:8080/").stdout
    assert out.startswith("NOW: 2025-01-06 ") and " +0000 UTC m=+" in out
    name = pod.split("/")[1]
    assert c.kubectl("exec client -- wget -qO- http://hello-node:8080/hostname").stdout == name


# ---------------------------------------------------------------- Jobs (pi)
JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
"""


def test_job_pi_prints_2000_digits_of_pi(c):
    apply(c, JOB)
    c.settle()
    c.run(10)
    assert c.kubectl("get job pi --no-headers").stdout.split()[1] == "Complete"
    pods = c.kubectl("get pods --selector=job-name=pi --output=jsonpath={.items[*].metadata.name}").stdout
    out = c.kubectl(f"logs {pods}").stdout
    # the page's output: 2000 significant digits, then the newline of -l
    assert out.startswith("3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986")
    assert out.endswith("5739624138908658326459958133904780275901\n") and len(out) == 2002
    assert out == pi_digits(2000) + "\n"


def test_pi_digits_round_half_even_like_math_bigfloat():
    assert pi_digits(3) == "3.14" and pi_digits(5) == "3.1416" and pi_digits(1) == "3"


# ---------------------------------------------------------------- probes
HTTP_LIVENESS = """\
apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-http
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args:
    - liveness
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders:
        - name: Custom-Header
          value: Awesome
      initialDelaySeconds: 3
      periodSeconds: 3
"""


def test_http_liveness_agnhost_fails_after_10_seconds_and_restarts(c):
    apply(c, HTTP_LIVENESS)
    c.settle()
    c.run(30)
    events = c.kubectl("get events --field-selector involvedObject.name=liveness-http").stdout
    assert "Liveness probe failed: HTTP probe failed with statuscode: 500" in events
    assert "Container liveness failed liveness probe, will be restarted" in events
    assert int(c.kubectl("get pod liveness-http --no-headers").stdout.split()[3]) >= 1


TCP_PROBES = """\
apiVersion: v1
kind: Pod
metadata:
  name: goproxy
  labels:
    app: goproxy
spec:
  containers:
  - name: goproxy
    image: registry.k8s.io/goproxy:0.1
    ports:
    - containerPort: 8080
    readinessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 15
      periodSeconds: 10
    livenessProbe:
      tcpSocket:
        port: 8080
      initialDelaySeconds: 15
      periodSeconds: 10
"""


def test_goproxy_tcp_probes_pass(c):
    apply(c, TCP_PROBES)
    c.settle()
    c.run(20)
    assert c.kubectl("get pod goproxy --no-headers").stdout.split()[1:3] == ["1/1", "Running"]
    c.kubectl("run client --image=radial/busyboxplus:curl --command -- sleep 3600")
    c.settle()
    ip = c.get("pod", "goproxy")["status"]["podIP"]
    r = c.kubectl(f"exec client -- curl -s http://{ip}:8080/")
    assert r.stdout == "This is a proxy server. Does not respond to non-proxy requests.\n"


GRPC = """\
apiVersion: v1
kind: Pod
metadata:
  name: etcd-with-grpc
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.1-0
    command: [ "/usr/local/bin/etcd", "--data-dir",  "/var/lib/etcd", "--listen-client-urls", "http://0.0.0.0:2379", "--advertise-client-urls", "http://127.0.0.1:2379", "--log-level", "debug"]
    ports:
    - containerPort: 2379
"""


def test_etcd_3_5_1_runs(c):
    apply(c, GRPC)
    c.settle()
    assert pod_status(c, "etcd-with-grpc") == "Running"


# ---------------------------------------------------------------- hello-app
def test_hello_app_answers_hello_world_version_and_hostname(c):
    for name, image in (("hello-1", "gcr.io/google-samples/hello-app:1.0"),
                        ("hello-2", "us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0")):
        c.kubectl(f"run {name} --image={image} --port=8080")
    c.kubectl("run client --image=busybox:1.36 --command -- sleep 3600")
    c.settle()
    for name, version in (("hello-1", "1.0.0"), ("hello-2", "2.0.0")):
        ip = c.get("pod", name)["status"]["podIP"]
        out = c.kubectl(f"exec client -- wget -qO- http://{ip}:8080/").stdout
        assert out == f"Hello, world!\nVersion: {version}\nHostname: {name}\n"
        log = c.kubectl(f"logs {name}").stdout.splitlines()
        assert log[0] == "2025/01/06 " + log[0].split()[1] + " Server listening on port 8080"
        assert log[1].endswith(" Serving request: /")


ENVARS = """\
apiVersion: v1
kind: Pod
metadata:
  name: envar-demo
  labels:
    purpose: demonstrate-envars
spec:
  containers:
  - name: envar-demo-container
    image: gcr.io/google-samples/hello-app:2.0
    env:
    - name: DEMO_GREETING
      value: "Hello from the environment"
    - name: DEMO_FAREWELL
      value: "Such a sweet sorrow"
"""


def test_envars_task_printenv(c):
    apply(c, ENVARS)
    c.settle()
    out = c.kubectl("exec envar-demo -- printenv").stdout.splitlines()
    assert "DEMO_GREETING=Hello from the environment" in out and "DEMO_FAREWELL=Such a sweet sorrow" in out
    assert "HOSTNAME=envar-demo" in out and "PORT=8080" in out
    assert c.kubectl(["exec", "envar-demo", "--", "sh", "-c", "echo \"$DEMO_GREETING $DEMO_FAREWELL\""]).stdout == \
        "Hello from the environment Such a sweet sorrow\n"


# ---------------------------------------------------------------- init containers
INIT = """\
apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  containers:
  - name: nginx
    image: nginx
    ports:
    - containerPort: 80
    volumeMounts:
    - name: workdir
      mountPath: /usr/share/nginx/html
  # These containers are run during pod initialization
  initContainers:
  - name: install
    image: busybox:1.28
    command:
    - wget
    - "-O"
    - "/work-dir/index.html"
    - http://info.cern.ch
    volumeMounts:
    - name: workdir
      mountPath: "/work-dir"
  dnsPolicy: Default
  volumes:
  - name: workdir
    emptyDir: {}
"""


def test_init_container_fetches_info_cern_ch(c):
    apply(c, INIT)
    c.settle()
    assert c.kubectl("get pod init-demo --no-headers").stdout.split()[1:3] == ["1/1", "Running"]
    page = c.kubectl("exec init-demo -- curl -s localhost").stdout
    assert page.startswith("<html><head></head><body><header>\n<title>http://info.cern.ch</title>")
    assert "<h1>http://info.cern.ch - home of the first website</h1>" in page


def test_outside_names_that_do_not_exist_fail_like_a_pod_without_egress(c):
    c.kubectl("run bb --image=busybox:1.36 --command -- sleep 3600")
    c.settle()
    r = c.kubectl("exec bb -- wget -qO- http://no-such-site.example.org/")
    assert r.returncode == 1
    assert r.stderr == "wget: bad address 'no-such-site.example.org'\ncommand terminated with exit code 1\n"
    r = c.kubectl("exec bb -- wget -qO- http://203.0.113.9/")
    assert "wget: can't connect to remote host (203.0.113.9): Connection timed out" in r.stderr
    assert c.kubectl("exec bb -- wget -qO- http://example.com/").stdout.count("Example Domain") == 2


# ---------------------------------------------------------------- images that do or do not exist
def test_redis_args_start_through_its_entrypoint(c):
    c.kubectl("run redis --image=redis:5 -- --maxmemory 2mb")
    c.settle()
    assert pod_status(c, "redis") == "Running"
    assert c.kubectl("exec redis -- redis-cli CONFIG GET maxmemory").stdout == "maxmemory\n2097152\n"
    assert "Redis version=5.0.14" in c.kubectl("logs redis").stdout


def test_bash_image_runs_args_through_bash(c):
    c.kubectl(["run", "b", "--image=bash", "--restart=Never", "--", "-c", "echo $BASH_VERSION_IS; echo hi from bash"])
    c.settle()
    assert c.kubectl("logs b").stdout == "\nhi from bash\n"
    assert pod_status(c, "b") == "Completed"


def test_nginx_1_15_serves_the_old_welcome_page(c):
    c.kubectl("run web --image=nginx:1.15")
    c.kubectl("run client --image=radial/busyboxplus:curl --command -- sleep 3600")
    c.settle()
    ip = c.get("pod", "web")["status"]["podIP"]
    r = c.kubectl(f"exec client -- curl -sI http://{ip}/")
    assert "Server: nginx/1.15.12\r\n" in r.stdout


def test_misspelt_and_missing_images_fail_with_the_registrys_message(c):
    c.kubectl("run a --image=nginx:1.161")
    c.kubectl("run b --image=ngnix")
    c.kubectl("run v10 --image=jocatalin/kubernetes-bootcamp:v10")
    c.settle()
    c.run(5)
    msg = c.get("pod", "a")["status"]["containerStatuses"][0]["state"]["waiting"]["message"]
    assert "manifest for nginx:1.161 not found: manifest unknown" in msg
    msg = c.get("pod", "b")["status"]["containerStatuses"][0]["state"]["waiting"]["message"]
    assert "pull access denied for ngnix, repository does not exist" in msg
    msg = c.get("pod", "v10")["status"]["containerStatuses"][0]["state"]["waiting"]["message"]
    assert "manifest for jocatalin/kubernetes-bootcamp:v10 not found" in msg


def test_an_image_kubelab_does_not_know_runs_a_generic_program(c):
    c.kubectl("run mine --image=someuser/my-web-app:1.2 --port=8080")
    c.kubectl(["run", "job", "--image=python:3.12", "--restart=Never", "--command", "--",
               "sh", "-c", "echo from the shell"])
    c.settle()
    assert pod_status(c, "mine") == "Running"
    assert c.kubectl("logs job").stdout == "from the shell\n"


def test_bootcamp_shows_its_server_js(c):
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.settle()
    pod = c.kubectl("get pods -o name").stdout.strip()
    src = c.kubectl(f"exec {pod} -- cat server.js").stdout
    assert src.startswith("var http = require('http');\nvar requests=0;\n")
    assert '  response.end(" | v=1\\n");\n' in src
    assert src.endswith('    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " '
                        ',host, "\\n" );\n});\n')
