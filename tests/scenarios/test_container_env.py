"""What a container's process finds in its environment, as on a real node.

From kubernetes.io "Define a Command and Arguments for a Container"
(pods/commands.yaml): ``printenv HOSTNAME KUBERNETES_PORT`` prints the pod's
name and the kubernetes Service's address; and the runtime's own variables
(PATH first, HOSTNAME, the image's ENV, HOME last) around the kubelet's.
"""
import kubelab

COMMANDS_YAML = """\
apiVersion: v1
kind: Pod
metadata:
  name: command-demo
  labels:
    purpose: demonstrate-command
spec:
  containers:
  - name: command-demo-container
    image: debian
    command: ["printenv"]
    args: ["HOSTNAME", "KUBERNETES_PORT"]
  restartPolicy: OnFailure
"""


def test_printenv_hostname_and_kubernetes_port():
    c = kubelab.Cluster()
    assert c.kubectl("apply -f -", stdin=COMMANDS_YAML).stdout == "pod/command-demo created\n"
    c.settle()
    assert c.kubectl("logs command-demo").stdout == "command-demo\ntcp://10.96.0.1:443\n"


def test_env_lists_path_hostname_kubelet_env_image_env_then_home():
    # minikube's runtime is Docker (through cri-dockerd): the kubelet's variables come
    # before the image's ENV, as the Learn Kubernetes Basics tutorial prints them
    c = kubelab.Cluster()
    c.kubectl("run redis --image=redis:7.2 --env=GREETING=hi")
    c.settle()
    lines = c.kubectl("exec redis -- env").stdout.splitlines()
    assert lines[0] == "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    assert lines[1] == "HOSTNAME=redis"
    assert lines[-3:] == ["GOSU_VERSION=1.17", "REDIS_VERSION=7.2.6", "HOME=/root"]
    assert "KUBERNETES_SERVICE_HOST=10.96.0.1" in lines[2:-3] and "GREETING=hi" in lines[2:-3]
    assert c.kubectl("exec redis -- printenv HOME").stdout == "/root\n"


def test_bootcamp_env_as_the_tutorial_prints_it():
    c = kubelab.Cluster()
    c.kubectl("create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    c.settle()
    pod = c.kubectl("get pods -o name").stdout.strip()
    lines = c.kubectl(f"exec {pod} -- env").stdout.splitlines()
    assert lines[:2] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                         f"HOSTNAME={pod.split('/')[1]}"]
    assert sorted(lines[2:10]) == sorted([
        "KUBERNETES_PORT_443_TCP_PROTO=tcp", "KUBERNETES_PORT_443_TCP_PORT=443",
        "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1", "KUBERNETES_SERVICE_HOST=10.96.0.1",
        "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_SERVICE_PORT_HTTPS=443",
        "KUBERNETES_PORT=tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443"])
    assert lines[10:] == ["NPM_CONFIG_LOGLEVEL=info", "NODE_VERSION=6.3.1", "HOME=/root"]


def test_a_pods_own_env_wins_over_the_images():
    c = kubelab.Cluster()
    c.kubectl("run web --image=nginx:1.27 --env=NGINX_VERSION=mine")
    c.settle()
    assert c.kubectl("exec web -- printenv NGINX_VERSION").stdout == "mine\n"


def test_echo_backslash_n_follows_the_images_shell():
    c = kubelab.Cluster()
    for name, image in (("deb", "debian"), ("bb", "busybox:1.36"), ("sh-bash", "bash:5.2")):
        c.kubectl(f"run {name} --image={image} --command -- sleep 3600")
    c.settle()
    script = r'echo "a\nb"'
    # dash (Debian's /bin/sh) interprets the escape; busybox's echo and bash's builtin do not
    assert c.kubectl(["exec", "deb", "--", "/bin/sh", "-c", script]).stdout == "a\nb\n"
    assert c.kubectl(["exec", "bb", "--", "/bin/sh", "-c", script]).stdout == "a\\nb\n"
    assert c.kubectl(["exec", "sh-bash", "--", "bash", "-c", script]).stdout == "a\\nb\n"
    assert c.kubectl(["exec", "deb", "--", "bash", "-c", r'echo -e "a\nb"']).stdout == "a\nb\n"
    # /bin/echo is coreutils, not the shell's builtin
    assert c.kubectl(["exec", "deb", "--", "/bin/echo", r"a\nb"]).stdout == "a\\nb\n"
