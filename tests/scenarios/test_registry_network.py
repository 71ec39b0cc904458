"""Chapter 02's engine: a node whose runtime is Docker (through cri-dockerd) words
pull errors as dockerd does; image sizes agree between ``docker images`` and the
kubelet's event; Docker Hub unreachable (mainland China since mid-2024) and the
runtime's registry mirrors that make pulls work again.
"""
import kubelab
from kubelab.apps import images, mirrorconfig
from kubelab.apps.catalog import MAINLAND_CHINA_2024
from kubelab.setup import machines

DOCKERD_TIMEOUT = ('Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled '
                   'while waiting for connection (Client.Timeout exceeded while awaiting headers)')


def waiting_message(c, pod):
    return c.get("pod", pod)["status"]["containerStatuses"][0]["state"]["waiting"]["message"]


def test_docker_hub_blocked_pull_fails_as_dockerd_words_it():
    c = kubelab.Cluster(blocked_registries={"docker.io"})
    c.kubectl("run web --image=nginx:1.27")
    c.run(35)
    # v1.32: the back-off message carries the last pull error
    assert waiting_message(c, "web") == (f'Back-off pulling image "nginx:1.27": ErrImagePull: '
                                         f'rpc error: code = Unknown desc = {DOCKERD_TIMEOUT}')
    events = c.kubectl("get events --field-selector reason=Failed -o jsonpath={.items[0].message}").stdout
    assert events == f'Failed to pull image "nginx:1.27": rpc error: code = Unknown desc = {DOCKERD_TIMEOUT}'
    assert c.kubectl("get pod web --no-headers").stdout.split()[2] in ("ErrImagePull", "ImagePullBackOff")


def test_containerd_words_the_same_failure_its_own_way():
    err = images.resolve("nginx:1.27", {"docker.io"})
    assert err.message == (
        'rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "docker.io/library/nginx:1.27": '
        'failed to resolve reference "docker.io/library/nginx:1.27": failed to do request: Head '
        '"https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp 54.198.86.24:443: i/o timeout')


def test_a_registry_mirror_in_the_runtime_makes_the_pull_work():
    mirrors = mirrorconfig.from_daemon_json('{\n  "registry-mirrors": ["https://docker.m.daocloud.io"]\n}\n')
    c = kubelab.Cluster(blocked_registries=MAINLAND_CHINA_2024, registry_mirrors=mirrors)
    c.kubectl("run web --image=nginx:1.27")
    c.settle()
    assert c.kubectl("get pod web --no-headers").stdout.split()[1:3] == ["1/1", "Running"]
    # the pod still names Docker Hub's image: the mirror is the runtime's business
    assert c.get("pod", "web")["status"]["containerStatuses"][0]["image"] == "nginx:1.27"


def test_changing_the_mirrors_takes_effect_at_the_next_pull_retry():
    c = kubelab.Cluster(blocked_registries={"docker.io"})
    c.kubectl("run web --image=busybox:1.36 --command -- sleep 3600")
    c.run(35)
    assert c.kubectl("get pod web --no-headers").stdout.split()[2] in ("ErrImagePull", "ImagePullBackOff")
    c.registry_mirrors.update(mirrorconfig.from_daemon_json('{"registry-mirrors": ["https://docker.m.daocloud.io"]}'))
    c.run(60)
    assert c.kubectl("get pod web --no-headers").stdout.split()[2] == "Running"


def test_a_closed_mirror_does_not_help_and_the_registrys_error_is_reported():
    c = kubelab.Cluster(blocked_registries={"docker.io"},
                        registry_mirrors={"docker.io": ["https://docker.mirrors.ustc.edu.cn"]})
    c.kubectl("run web --image=nginx:1.27")
    c.run(35)
    assert waiting_message(c, "web").endswith(DOCKERD_TIMEOUT)


def test_containerd_hosts_toml_mirrors_registry_k8s_io():
    toml = 'server = "https://registry.k8s.io"\n\n[host."https://k8s.m.daocloud.io"]\n  capabilities = ["pull", "resolve"]\n'
    mirrors = mirrorconfig.from_hosts_toml("registry.k8s.io", toml)
    info = images.resolve("registry.k8s.io/pause:3.10", MAINLAND_CHINA_2024, mirrors)
    assert info.name == "registry.k8s.io/pause:3.10"
    # a host that may only push is not used for pulls
    assert mirrorconfig.from_hosts_toml("registry.k8s.io", toml.replace('"pull", "resolve"', '"push"')) == {}


def test_a_mirror_by_name_is_the_same_image():
    a = images.resolve("docker.m.daocloud.io/library/nginx:1.27", MAINLAND_CHINA_2024)
    b = images.resolve("m.daocloud.io/docker.io/library/nginx:1.27", MAINLAND_CHINA_2024)
    assert a.digest == b.digest == images.resolve("nginx:1.27").digest


def test_docker_images_and_the_pull_event_report_the_same_size():
    c = kubelab.Cluster()
    c.kubectl("run web --image=k8s.gcr.io/echoserver:1.4")
    c.settle()
    event = c.kubectl("get events --field-selector reason=Pulled -o jsonpath={.items[*].message}").stdout
    assert event.endswith("Image size: 140377022 bytes.")
    machine = c.machines["minikube"]
    listing = machines.run(c, machine, "docker images").stdout
    row = next(line for line in listing.splitlines() if line.startswith("k8s.gcr.io/echoserver"))
    assert row.split()[-1] == "140MB"                  # docker's HumanSize of the same 140377022 bytes


def test_a_containerd_node_reports_the_compressed_size():
    info = images.resolve("k8s.gcr.io/echoserver:1.4")
    assert info.reported_size("containerd") == info.size == 46_230_000
    assert info.reported_size("docker") == info.unpacked_size == 140_377_022
