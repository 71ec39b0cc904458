"""Three kubernetes.io task pages about a pod's containers, each in the page's order,
with the website's example manifests (tests/data/website-examples):

* "Determine the Reason for Pod Failure"
  (content/en/docs/tasks/debug/debug-application/determine-reason-pod-failure.md,
  ``debug/termination.yaml``);
* "Define a Command and Arguments for a Container"
  (content/en/docs/tasks/inject-data-application/define-command-argument-container.md,
  ``pods/commands.yaml``);
* "Configure Pod Initialization"
  (content/en/docs/tasks/configure-pod-container/configure-pod-initialization.md,
  ``pods/init-containers.yaml``, which fetches http://info.cern.ch).
"""
import pathlib

import pytest

import kubelab

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    return kubelab.Cluster(cwd=str(EXAMPLES))


def row(c, pod):
    return c.kubectl(f"get pod {pod} --no-headers").stdout.split()


# ---------------------------------------------- Determine the Reason for Pod Failure
def test_termination_message_is_read_back(c):
    assert c.kubectl("apply -f debug/termination.yaml").stdout == "pod/termination-demo created\n"
    lines = c.kubectl("get pod termination-demo").stdout.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    c.settle()
    assert row(c, "termination-demo")[1:3] == ["1/1", "Running"]
    # "Repeat the preceding command until the Pod is no longer running": it sleeps 10 s,
    # writes the message and exits 0; restartPolicy Always starts it again, so the
    # message is in lastState, as the page's excerpt shows (once the new container runs:
    # until then, while debian is pulled again, the state itself is terminated).
    c.run(16)
    out = c.kubectl("get pod termination-demo --output=yaml").stdout
    assert "    lastState:\n      terminated:\n        containerID: docker://" in out
    assert "        exitCode: 0\n" in out
    assert "        message: |\n          Sleep expired\n        reason: Completed\n" in out
    r = c.kubectl(["get", "pod", "termination-demo", "-o",
                   "go-template={{range .status.containerStatuses}}{{.lastState.terminated.message}}{{end}}"])
    assert r.stdout == "Sleep expired\n"
    r = c.kubectl(["get", "pod", "termination-demo", "-o", "go-template={{range .status.containerStatuses}}"
                   '{{printf "%s:\\n%s\\n\\n" .name .lastState.terminated.message}}{{end}}'])
    assert r.stdout == "termination-demo-container:\nSleep expired\n\n\n"


def test_termination_message_path_and_fallback_to_logs(c):
    # the page's msg-path-demo, given a command that writes the custom path, and the
    # FallbackToLogsOnError policy it describes
    c.kubectl("apply -f -", stdin="""\
apiVersion: v1
kind: Pod
metadata:
  name: msg-path-demo
spec:
  restartPolicy: Never
  containers:
  - name: msg-path-demo-container
    image: debian
    terminationMessagePath: "/tmp/my-log"
    command: ["sh", "-c", "echo custom path > /tmp/my-log"]
  - name: fallback
    image: debian
    terminationMessagePolicy: FallbackToLogsOnError
    command: ["sh", "-c", "echo last words; exit 3"]
""")
    c.settle()
    c.run(2)
    r = c.kubectl(["get", "pod", "msg-path-demo", "-o", "go-template={{range .status.containerStatuses}}"
                   '{{printf "%s:\\n%s\\n" .name .state.terminated.message}}{{end}}'])
    assert r.stdout == "fallback:\nlast words\n\nmsg-path-demo-container:\ncustom path\n\n"


# ---------------------------------------- Define a Command and Arguments for a Container
def test_command_and_args_print_hostname_and_kubernetes_port(c):
    c.kubectl("apply -f pods/commands.yaml")
    c.settle()
    # "the container that ran in the command-demo Pod has completed"
    assert row(c, "command-demo")[1:3] == ["0/1", "Completed"]
    # the page shows its own cluster's service address (tcp://10.3.240.1:443); minikube's is 10.96.0.1
    assert c.kubectl("logs command-demo").stdout == "command-demo\ntcp://10.96.0.1:443\n"


def test_env_var_in_args_and_a_command_in_a_shell(c):
    c.kubectl("apply -f -", stdin="""\
apiVersion: v1
kind: Pod
metadata:
  name: env-args
spec:
  restartPolicy: Never
  containers:
  - name: echo
    image: debian
    env:
    - name: MESSAGE
      value: "hello world"
    command: ["/bin/echo"]
    args: ["$(MESSAGE)"]
  - name: loop
    image: debian
    command: ["/bin/sh"]
    args: ["-c", "while true; do echo hello; sleep 10;done"]
""")
    c.settle()
    c.run(25)
    assert c.kubectl("logs env-args -c echo").stdout == "hello world\n"
    assert c.kubectl("logs env-args -c loop").stdout.splitlines()[:3] == ["hello", "hello", "hello"]


# --------------------------------------------------------- Configure Pod Initialization
def test_init_container_writes_the_page_nginx_serves(c):
    assert c.kubectl("apply -f pods/init-containers.yaml").stdout == "pod/init-demo created\n"
    c.settle()
    assert row(c, "init-demo")[:4] == ["init-demo", "1/1", "Running", "0"]
    # The page installs curl with apt-get first: deb.debian.org answers (the kit's small
    # internet), and the nginx image has curl already.
    r = c.kubectl("exec init-demo -- apt-get update")
    assert r.stdout.endswith("Reading package lists...\n")
    r = c.kubectl("exec init-demo -- apt-get install curl")
    assert "curl is already the newest version" in r.stdout
    r = c.kubectl("exec init-demo -- curl localhost")
    assert r.stderr == 'Defaulted container "nginx" out of: nginx, install (init)\n'
    assert "<h1>http://info.cern.ch - home of the first website</h1>" in r.stdout
