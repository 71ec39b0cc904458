import kubelab
from kubelab.setup import machines

BLOCKED = {"k8s.gcr.io", "gcr.io"}


def sh(c, host, text):
    return machines.run(c, c.machines[host], text)


def first_pod(c, prefix):
    return next(p for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith(prefix))


def test_blocked_registry_gives_err_image_pull_with_the_timeout_text_then_back_off():
    c = kubelab.Cluster(blocked_registries=BLOCKED)
    c.kubectl("create deployment echo --image=k8s.gcr.io/echoserver:1.4")
    c.run(32)
    messages = [e["message"] for e in c.api.list("events", "default")]
    assert "Error: ErrImagePull" in messages
    # minikube's default runtime is Docker (through cri-dockerd): the daemon's words, gRPC code Unknown.
    assert ('Failed to pull image "k8s.gcr.io/echoserver:1.4": rpc error: code = Unknown desc = Error response '
            'from daemon: Get "https://k8s.gcr.io/v2/": net/http: request canceled while waiting for connection '
            '(Client.Timeout exceeded while awaiting headers)') in messages, messages
    c.run(3)
    assert first_pod(c, "echo-")["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "ImagePullBackOff"


def test_pull_tag_rmi_lets_a_pod_start_with_if_not_present():
    c = kubelab.Cluster(blocked_registries=BLOCKED)
    notes = ("docker pull registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4\n"
             "docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4\n"
             "docker rmi registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4")
    r = sh(c, "minikube", notes)
    assert r.returncode == 0, r.stderr
    assert "Status: Downloaded newer image for registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4" in r.stdout
    assert "Untagged: registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4" in r.stdout
    assert "k8s.gcr.io/echoserver" in sh(c, "minikube", "docker images").stdout
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    pods = [p for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith("hello-node-")]
    assert pods[0]["status"]["phase"] == "Running"
    events = c.kubectl("get events").stdout
    assert 'Container image "k8s.gcr.io/echoserver:1.4" already present on machine' in events


def test_the_notes_typo_go_ogle_containers_is_two_arguments_to_docker_pull():
    c = kubelab.Cluster()
    r = sh(c, "minikube", "docker pull registry.cn-hangzhou.aliyuncs.com/go ogle_containers/echoserver:1.4")
    assert r.returncode == 1 and r.stderr.startswith('"docker pull" requires exactly 1 argument.')
    r = sh(c, "minikube", "docker tag registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4 k8s.gcr.io/echoserver:1.4")
    assert r.stderr == "Error response from daemon: No such image: registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4\n"


def test_docker_pull_from_a_blocked_registry_times_out():
    c = kubelab.Cluster(blocked_registries=BLOCKED)
    r = sh(c, "minikube", "docker pull k8s.gcr.io/echoserver:1.4")
    assert "Client.Timeout exceeded while awaiting headers" in r.stderr


def test_minikube_start_as_user_and_as_root():
    c = kubelab.Cluster()
    r = sh(c, "laptop", "minikube start")
    assert r.stdout.startswith("😄  minikube v1.35.0") and "🏄  Done!" in r.stdout
    assert "minikube" in sh(c, "laptop", "kubectl get nodes").stdout
    c.machines["laptop"].user = "root"
    assert "DRV_AS_ROOT" in sh(c, "laptop", "minikube start").stderr
