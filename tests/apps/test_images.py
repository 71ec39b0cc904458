"""Image references and pull errors, checked against real containerd/kubelet wording."""
import pytest

from kubelab.apps import reference
from kubelab.apps.images import (ImageInfo, PullError, command_for, pull_seconds, resolve, start_error)


@pytest.mark.parametrize("written, full", [
    ("nginx", "docker.io/library/nginx:latest"),
    ("busybox", "docker.io/library/busybox:latest"),
    ("busybox:1.28", "docker.io/library/busybox:1.28"),
    ("index.docker.io/library/redis:5.0.4", "docker.io/library/redis:5.0.4"),
    ("jocatalin/kubernetes-bootcamp:v2", "docker.io/jocatalin/kubernetes-bootcamp:v2"),
    ("k8s.gcr.io/echoserver:1.4", "k8s.gcr.io/echoserver:1.4"),
    ("localhost:5000/app", "localhost:5000/app:latest"),
    ("system:1.0-SNAPSHOT", "docker.io/library/system:1.0-SNAPSHOT"),
])
def test_references_normalise_like_docker(written, full):
    assert str(reference.parse(written)) == full


def test_uppercase_repository_is_an_invalid_reference():
    with pytest.raises(reference.InvalidReference, match=r"repository name \(library/Nginx\) must be lowercase"):
        reference.parse("Nginx")
    with pytest.raises(reference.InvalidReference, match="^invalid reference format$"):
        reference.parse("nginx:")


@pytest.mark.parametrize("image", [
    "nginx", "nginx:1.14.2", "nginx:1.16.1", "nginx:latest", "busybox", "busybox:1.28", "redis:5.0.4",
    "k8s.gcr.io/echoserver:1.4", "registry.k8s.io/echoserver:1.4",
    "registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4",
    "registry.aliyuncs.com/google_containers/echoserver:1.4",
    "anjia0532/google-samples.node-hello:1.0", "gcr.io/google-samples/node-hello:1.0",
    "gcr.io/google-samples/kubernetes-bootcamp:v1", "jocatalin/kubernetes-bootcamp:v1",
    "jocatalin/kubernetes-bootcamp:v2", "system:1.0-SNAPSHOT", "inventory:1.0-SNAPSHOT",
    "registry.k8s.io/pause:3.10", "registry.k8s.io/coredns/coredns:v1.11.3", "registry.k8s.io/etcd:3.5.16-0",
    "registry.k8s.io/kube-apiserver:v1.32.0", "registry.aliyuncs.com/google_containers/coredns:v1.11.3",
    "registry.aliyuncs.com/google_containers/kube-proxy:v1.32.0", "gcr.io/k8s-minikube/storage-provisioner:v5",
    "docker.io/flannel/flannel:v0.26.2", "docker.io/flannel/flannel-cni-plugin:v1.6.0-flannel1",
])
def test_the_notes_images_exist(image):
    assert isinstance(resolve(image), ImageInfo)


def test_mirrors_are_the_same_image():
    a, b = resolve("k8s.gcr.io/echoserver:1.4"), resolve("registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4")
    assert a.digest == b.digest == "sha256:5d99aa1120524c801bc8c1a7077e8f5ec122ba16b6dda1a5d3826057f67b9bcb"
    assert b.image_id == "registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver@" + a.digest
    assert resolve("anjia0532/google-samples.node-hello:1.0").id == resolve("gcr.io/google-samples/node-hello:1.0").id


def test_unknown_tag_of_known_repo_is_not_found():
    err = resolve("jocatalin/kubernetes-bootcamp:v10")
    assert isinstance(err, PullError)
    # kubelet event text as users report it with containerd
    assert err.event_message() == (
        'Failed to pull image "jocatalin/kubernetes-bootcamp:v10": rpc error: code = NotFound desc = failed to '
        'pull and unpack image "docker.io/jocatalin/kubernetes-bootcamp:v10": failed to resolve reference '
        '"docker.io/jocatalin/kubernetes-bootcamp:v10": docker.io/jocatalin/kubernetes-bootcamp:v10: not found')
    assert "gcr.io/google-samples/kubernetes-bootcamp:v10: not found" in resolve("gcr.io/google-samples/kubernetes-bootcamp:v10").message


def test_unknown_docker_hub_repository_is_pull_access_denied():
    err = resolve("controller:latest")
    assert err.message == (
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/controller:latest": '
        'failed to resolve reference "docker.io/library/controller:latest": pull access denied, repository does '
        'not exist or may require authorization: server message: insufficient_scope: authorization failed')


def test_blocked_registry_times_out_after_30_seconds():
    err = resolve("k8s.gcr.io/echoserver:1.4", blocked_registries={"k8s.gcr.io"})
    assert err.code == "DeadlineExceeded" and err.seconds == 30
    assert err.message.endswith('failed to do request: Head "https://k8s.gcr.io/v2/echoserver/manifests/1.4": '
                                'dial tcp 64.233.189.82:443: i/o timeout')
    assert isinstance(resolve("registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4",
                              blocked_registries={"k8s.gcr.io"}), ImageInfo)


def test_invalid_name_is_reported_like_the_kubelet():
    err = resolve("Nginx")
    assert err.reason == "InvalidImageName" and err.event_reason == "InspectFailed"
    assert err.message == ('Failed to apply default image tag "Nginx": couldn\'t parse image reference "Nginx": '
                           'invalid reference format: repository name (library/Nginx) must be lowercase')


def test_pull_time_grows_with_size():
    assert pull_seconds(0) == 0.5
    assert pull_seconds(resolve("busybox:1.28")) < pull_seconds(resolve("k8s.gcr.io/echoserver:1.4")) < pull_seconds(
        resolve("gcr.io/google-samples/node-hello:1.0"))


def test_command_and_args_override_entrypoint_and_cmd():
    redis = resolve("redis:5.0.4")
    assert command_for(redis, {}) == ["docker-entrypoint.sh", "redis-server"]
    assert command_for(redis, {"args": ["--maxmemory", "2mb"]}) == ["docker-entrypoint.sh", "--maxmemory", "2mb"]
    assert command_for(redis, {"command": ["redis-server", "/redis-master/redis.conf"]}) == [
        "redis-server", "/redis-master/redis.conf"]
    assert command_for(resolve("nginx:1.14.2"), {}) == ["nginx", "-g", "daemon off;"]
    assert command_for(resolve("nginx"), {}) == ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]
    assert command_for(resolve("busybox"), {"command": ["echo", "$(MSG)", "$$(MSG)"]}, {"MSG": "hi"}) == [
        "echo", "hi", "$(MSG)"]


def test_missing_binary_is_a_start_error():
    busybox = resolve("busybox")
    assert start_error(busybox, ["sh", "-c", "true"]) is None
    assert start_error(busybox, ["redis-server"]) == (
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
        'failed: unable to start container process: exec: "redis-server": executable file not found in $PATH: unknown')
    assert start_error(busybox, ["/app"]).endswith('exec: "/app": stat /app: no such file or directory: unknown')


def test_release_tags_beyond_the_listed_ones_exist_and_made_up_ones_do_not():
    info = resolve("nginx:1.21.3")
    assert info.version == "1.21.3" and info.entrypoint == ["/docker-entrypoint.sh"]
    assert resolve("redis:6.0.5").version == "6.0.5" and resolve("perl:5.36.0").version == "5.36.0"
    assert resolve("nginx:1.25.3-alpine").name == "docker.io/library/nginx:1.25.3-alpine"
    for missing in ("nginx:1.161", "nginx:1.21.300", "redis:6.0.5-foo", "jocatalin/kubernetes-bootcamp:v10"):
        assert isinstance(resolve(missing), PullError), missing
    assert resolve("nginx:1.21.3").id != resolve("nginx:1.21.6").id
