"""The simulated registry: which images exist, what they weigh, what they run.

:func:`resolve` turns what a Pod spec says (``nginx``, ``k8s.gcr.io/echoserver:1.4``,
``anjia0532/google-samples.node-hello:1.0``) into an :class:`ImageInfo`, or into
the :class:`PullError` containerd 1.7 gives, word for word:

>>> resolve("nginx").name
'docker.io/library/nginx:latest'
>>> print(resolve("jocatalin/kubernetes-bootcamp:v10").message)
rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/jocatalin/kubernetes-bootcamp:v10": failed to resolve reference "docker.io/jocatalin/kubernetes-bootcamp:v10": docker.io/jocatalin/kubernetes-bootcamp:v10: not found

Mirrors are handled purely by name: ``k8s.gcr.io/X`` and ``gcr.io/google_containers/X``
are ``registry.k8s.io/X``; ``registry.aliyuncs.com/google_containers/X`` and
``registry.cn-hangzhou.aliyuncs.com/google_containers/X`` mirror it too (with
``coredns/coredns`` flattened to ``coredns``, as kubeadm does for a custom
``--image-repository``); ``anjia0532/NS.NAME`` is ``gcr.io/NS/NAME``.

Sizes are the compressed sizes a registry reports (what containerd counts and
the kubelet's "Image size: N bytes" shows), rounded from the real images.
Image IDs and digests are sha256 of the name, except a few real digests that
tutorials print (echoserver:1.4, kubernetes-bootcamp v1/v2).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from . import reference as refs
from .busybox import ShellApp, StartFailedApp
from .kubesystem import (CoreDNS, Etcd, Flannel, KubeAPIServer, KubeControllerManager, KubeProxy,
                         KubeScheduler, Pause, StorageProvisioner)
from .liberty import InventoryService, SystemService
from .redis import RedisServer
from .base import ExecResult
from .shellio import Flavour
from .toolbox import EMPTY, Toolbox
from .web import Bootcamp, EchoServer, GenericServer, Nginx, NodeHello, nginx_index

#: Pull speed model: a fixed latency (resolve, auth, manifest) plus the layers
#: at 20 MB/s.  echoserver:1.4 (46 MB) takes about 2.8 s, node-hello:1.0 13.5 s.
PULL_LATENCY = 0.5
PULL_BYTES_PER_SECOND = 20_000_000
#: containerd's dial timeout before "i/o timeout" on an unreachable registry
PULL_TIMEOUT = 30.0

BUSYBOX = frozenset("""sh ash echo printf cat ls env printenv hostname wget touch rm mkdir cp mv date
sleep true false test [ head tail grep wc whoami id uname seq tee basename dirname kill pwd""".split())
DEBIAN = frozenset("""sh dash bash echo printf cat ls env printenv hostname touch rm mkdir cp mv date
sleep true false test [ head tail grep wc whoami id uname seq tee basename dirname kill pwd""".split())
NODE = DEBIAN | {"curl", "wget", "node", "npm"}
DISTROLESS: frozenset[str] = frozenset()

ASH, DASH, BASH = Flavour("sh", "ash"), Flavour("sh", "dash"), Flavour("sh", "bash")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class ImageSpec:
    """One repository of the simulated registry."""
    repository: str                              # canonical: docker.io/library/nginx
    tags: Mapping[str, int]                      # tag -> compressed size in bytes
    app: type | None = None                      # what its main program runs (None: a shell)
    programs: frozenset[str] = frozenset()       # basenames that start `app`
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = (("PATH", PATH),)
    tools: frozenset[str] = DEBIAN
    flavour: Flavour = DASH
    exposed: tuple[int, ...] = ()
    digests: Mapping[str, str] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)  # tag -> program version
    per_tag: Mapping[str, Mapping] = field(default_factory=dict)   # tag -> overrides
    wrappers: frozenset[str] = frozenset()       # entrypoint scripts that exec the program


def _spec(repository, tags, **kw) -> ImageSpec:
    return ImageSpec(repository, tags, **kw)


_NGINX_CMD = ("nginx", "-g", "daemon off;")
_K8S = "registry.k8s.io"

REGISTRY: dict[str, ImageSpec] = {s.repository: s for s in [
    _spec("docker.io/library/nginx",
          {"1.14.2": 44_710_000, "1.16.1": 51_030_000, "1.25": 70_500_000, "1.26": 72_070_000,
           "1.27": 72_190_000, "1.27.3": 72_190_000, "stable": 72_070_000, "latest": 72_190_000,
           "alpine": 20_510_000},
          app=Nginx, programs=frozenset({"nginx"}), cmd=_NGINX_CMD, exposed=(80,),
          versions={"1.25": "1.25.5", "1.26": "1.26.2", "1.27": "1.27.3", "stable": "1.26.2",
                    "alpine": "1.27.3", "latest": "1.27.3"},
          env=(("PATH", PATH), ("NGINX_VERSION", "{version}")),
          per_tag={t: {"entrypoint": ("/docker-entrypoint.sh",)} for t in
                   ("1.25", "1.26", "1.27", "1.27.3", "stable", "latest", "alpine")},
          wrappers=frozenset({"/docker-entrypoint.sh", "docker-entrypoint.sh"}), tools=DEBIAN | {"curl"}),
    _spec("docker.io/library/busybox",
          {"1.28": 727_869, "1.35": 2_159_000, "1.36": 2_150_000, "1.36.1": 2_150_000,
           "1.37": 2_166_000, "1.37.0": 2_166_000, "latest": 2_166_000},
          cmd=("sh",), tools=BUSYBOX, flavour=ASH, env=(("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),)),
    # the busybox of the kubernetes.io probe examples (pods/probe/exec-liveness.yaml)
    _spec(f"{_K8S}/busybox", {"1.27.2": 1_144_000, "latest": 1_144_000},
          cmd=("sh",), tools=BUSYBOX, flavour=ASH, env=(("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),)),
    _spec("docker.io/library/redis",
          {"5.0.4": 34_740_000, "5.0": 36_110_000, "6.2": 40_170_000, "7.0": 41_550_000,
           "7.2": 42_140_000, "7.4": 45_150_000, "7.4.1": 45_150_000, "alpine": 17_250_000,
           "latest": 45_150_000},
          app=RedisServer, programs=frozenset({"redis-server"}), entrypoint=("docker-entrypoint.sh",),
          cmd=("redis-server",), exposed=(6379,),
          versions={"5.0": "5.0.14", "6.2": "6.2.16", "7.0": "7.0.15", "7.2": "7.2.6", "7.4": "7.4.1",
                    "alpine": "7.4.1", "latest": "7.4.1"},
          env=(("PATH", PATH), ("GOSU_VERSION", "1.17"), ("REDIS_VERSION", "{version}")),
          wrappers=frozenset({"docker-entrypoint.sh", "/usr/local/bin/docker-entrypoint.sh"}),
          tools=DEBIAN | {"redis-cli"}),
    _spec(f"{_K8S}/echoserver", {"1.4": 46_230_000, "1.10": 38_430_000},
          app=EchoServer, programs=frozenset({"nginx"}), cmd=_NGINX_CMD, exposed=(8080,),
          digests={"1.4": "sha256:5d99aa1120524c801bc8c1a7077e8f5ec122ba16b6dda1a5d3826057f67b9bcb"}),
    _spec("gcr.io/google-samples/node-hello", {"1.0": 259_810_000},
          app=NodeHello, programs=frozenset({"node"}), cmd=("/bin/sh", "-c", "node server.js"),
          exposed=(8080,), tools=NODE,
          env=(("PATH", PATH), ("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "4.4.7"))),
    _spec("gcr.io/google-samples/kubernetes-bootcamp", {"v1": 70_950_000},
          app=Bootcamp, programs=frozenset({"node"}), cmd=("/bin/sh", "-c", "node server.js"),
          exposed=(8080,), tools=NODE, versions={"v1": "1"},
          env=(("PATH", PATH), ("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "6.3.1")),
          digests={"v1": "sha256:0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af"}),
    _spec("docker.io/jocatalin/kubernetes-bootcamp", {"v1": 70_950_000, "v2": 70_960_000},
          app=Bootcamp, programs=frozenset({"node"}), cmd=("/bin/sh", "-c", "node server.js"),
          exposed=(8080,), tools=NODE, versions={"v1": "1", "v2": "2"},
          env=(("PATH", PATH), ("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "6.3.1")),
          digests={"v1": "sha256:0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af",
                   "v2": "sha256:fb1a3ced00cecfc1f83f18ab5cd14199e30adc1b49aa4244f5d65ad3f5feb2a5"}),
    # The OpenLiberty guide's images are built locally in the guide; kubelab's registry has them.
    _spec("docker.io/library/system", {"1.0-SNAPSHOT": 268_400_000},
          app=SystemService, programs=frozenset({"server"}),
          entrypoint=("/opt/ol/helpers/runtime/docker-server.sh",), cmd=("/opt/ol/wlp/bin/server", "run", "defaultServer"),
          wrappers=frozenset({"/opt/ol/helpers/runtime/docker-server.sh"}), exposed=(9080, 9443),
          tools=DEBIAN | {"curl"}, flavour=BASH),
    _spec("docker.io/library/inventory", {"1.0-SNAPSHOT": 268_500_000},
          app=InventoryService, programs=frozenset({"server"}),
          entrypoint=("/opt/ol/helpers/runtime/docker-server.sh",), cmd=("/opt/ol/wlp/bin/server", "run", "defaultServer"),
          wrappers=frozenset({"/opt/ol/helpers/runtime/docker-server.sh"}), exposed=(9080, 9443),
          tools=DEBIAN | {"curl"}, flavour=BASH),
    # kube-system images of minikube v1.35 / kubeadm 1.32
    _spec(f"{_K8S}/pause", {"3.9": 321_520, "3.10": 320_368}, app=Pause, programs=frozenset({"pause"}),
          entrypoint=("/pause",), tools=DISTROLESS),
    _spec(f"{_K8S}/coredns/coredns", {"v1.11.1": 18_182_961, "v1.11.3": 18_562_039}, app=CoreDNS,
          programs=frozenset({"coredns"}), entrypoint=("/coredns",), tools=DISTROLESS, exposed=(53, 9153)),
    _spec(f"{_K8S}/etcd", {"3.5.15-0": 56_909_194, "3.5.16-0": 57_680_541}, app=Etcd,
          programs=frozenset({"etcd"}), cmd=("/usr/local/bin/etcd",), tools=DISTROLESS),
    *[_spec(f"{_K8S}/{name}", {f"v1.32.{p}": size for p in range(5)}, app=app,
            programs=frozenset({name}), entrypoint=(f"/usr/local/bin/{name}",), tools=DISTROLESS)
      for name, app, size in (("kube-apiserver", KubeAPIServer, 28_670_731),
                              ("kube-controller-manager", KubeControllerManager, 26_258_470),
                              ("kube-scheduler", KubeScheduler, 20_657_536),
                              ("kube-proxy", KubeProxy, 30_907_858))],
    _spec("gcr.io/k8s-minikube/storage-provisioner", {"v5": 9_058_936}, app=StorageProvisioner,
          programs=frozenset({"storage-provisioner"}), entrypoint=("/storage-provisioner",), tools=DISTROLESS),
    _spec("docker.io/flannel/flannel", {f"v0.26.{p}": 31_900_000 + p * 10_000 for p in range(5)},
          app=Flannel, programs=frozenset({"flanneld"}), entrypoint=("/opt/bin/flanneld",),
          tools=BUSYBOX, flavour=ASH),
    _spec("docker.io/flannel/flannel-cni-plugin",
          {"v1.5.1-flannel2": 4_856_000, "v1.6.0-flannel1": 4_909_000, "v1.6.2-flannel1": 4_920_000},
          cmd=("sh",), tools=BUSYBOX, flavour=ASH),
    # other images learners reach for: a generic server (or a shell that exits)
    _spec("docker.io/library/httpd", {"2.4": 58_200_000, "latest": 58_200_000}, app=GenericServer,
          programs=frozenset({"httpd-foreground"}), cmd=("httpd-foreground",), exposed=(80,)),
    _spec("docker.io/library/mysql", {"5.7": 137_000_000, "8.0": 165_000_000, "latest": 170_000_000},
          app=GenericServer, programs=frozenset({"mysqld"}), entrypoint=("docker-entrypoint.sh",),
          cmd=("mysqld",), exposed=(3306,), wrappers=frozenset({"docker-entrypoint.sh"})),
    _spec("docker.io/library/postgres", {"16": 150_000_000, "17": 153_000_000, "latest": 153_000_000},
          app=GenericServer, programs=frozenset({"postgres"}), entrypoint=("docker-entrypoint.sh",),
          cmd=("postgres",), exposed=(5432,), wrappers=frozenset({"docker-entrypoint.sh"})),
    _spec("docker.io/library/alpine", {"3.20": 3_626_000, "3.21": 3_642_000, "latest": 3_642_000},
          cmd=("/bin/sh",), tools=BUSYBOX, flavour=ASH),
    _spec("docker.io/library/ubuntu", {"22.04": 29_540_000, "24.04": 29_750_000, "latest": 29_750_000},
          cmd=("/bin/bash",), tools=DEBIAN, flavour=BASH),
    _spec("docker.io/library/debian", {"bookworm": 48_490_000, "latest": 48_490_000},
          cmd=("bash",), tools=DEBIAN, flavour=BASH),
    _spec(f"{_K8S}/e2e-test-images/agnhost", {"2.39": 51_105_200, "2.53": 53_000_000}, app=GenericServer,
          programs=frozenset({"agnhost"}), entrypoint=("/agnhost",), exposed=(8080,), tools=BUSYBOX, flavour=ASH),
]}

#: gcr.io-hosted Docker Hub mirrors and registries whose missing tags say "not found"
KNOWN_REGISTRIES = {"docker.io", _K8S, "k8s.gcr.io", "gcr.io", "quay.io", "ghcr.io",
                    "registry.aliyuncs.com", "registry.cn-hangzhou.aliyuncs.com"}
ALIYUN = ("registry.aliyuncs.com", "registry.cn-hangzhou.aliyuncs.com")
_ALIYUN_NAMES = {"coredns": "coredns/coredns"}
#: addresses shown in "dial tcp IP:443: i/o timeout" (from real reports)
REGISTRY_IPS = {"k8s.gcr.io": "64.233.189.82", "gcr.io": "74.125.203.82", _K8S: "34.96.108.209",
                "registry-1.docker.io": "54.198.86.24", "quay.io": "3.216.152.103", "ghcr.io": "140.82.112.34"}
#: files the images carry (beyond what their programs need)
IMAGE_FILES = {
    "docker.io/flannel/flannel-cni-plugin": {"/flannel": "\x7fELF (flannel CNI plugin)\n"},
    "docker.io/flannel/flannel": {"/opt/bin/flanneld": "\x7fELF (flanneld)\n"},
    "gcr.io/google-samples/kubernetes-bootcamp": {"/server.js": "// kubernetes-bootcamp server\n"},
    "docker.io/jocatalin/kubernetes-bootcamp": {"/server.js": "// kubernetes-bootcamp server\n"},
    "gcr.io/google-samples/node-hello": {"/server.js": "// node-hello server\n"},
}


def canonical_repository(ref: refs.Reference) -> str:
    """The registry entry a (possibly mirrored) repository name stands for."""
    domain, path = ref.domain, ref.path
    if domain == "k8s.gcr.io":
        return f"{_K8S}/{path}"
    if domain == "gcr.io" and path.startswith("google_containers/"):
        return f"{_K8S}/{path.split('/', 1)[1]}"
    if domain in ALIYUN and path.startswith("google_containers/"):
        name = path.split("/", 1)[1]
        return f"{_K8S}/{_ALIYUN_NAMES.get(name, name)}"
    if domain == "docker.io" and path.startswith("anjia0532/") and "." in path:
        ns, _, name = path.split("/", 1)[1].partition(".")
        return canonical_repository(refs.Reference("gcr.io", f"{ns}/{name}"))
    if domain == "ghcr.io" and path.startswith("flannel-io/"):
        return f"docker.io/flannel/{path.split('/', 1)[1]}"
    return f"{domain}/{path}"


@dataclass(frozen=True)
class ImageInfo:
    """A resolved image: what the kubelet pulls and the runtime starts."""
    ref: refs.Reference           # as the pod asked, normalised
    spec: ImageSpec
    tag: str
    size: int
    id: str                       # image (config) ID: sha256:...
    digest: str                   # manifest digest: sha256:...
    version: str

    @property
    def name(self) -> str:
        """``docker.io/library/nginx:latest`` — containerStatuses[].image."""
        return str(self.ref)

    @property
    def image_id(self) -> str:
        """``docker.io/library/nginx@sha256:...`` — containerStatuses[].imageID."""
        return f"{self.ref.repository}@{self.digest}"

    @property
    def entrypoint(self) -> list[str]:
        return list(self.spec.per_tag.get(self.tag, {}).get("entrypoint", self.spec.entrypoint))

    @property
    def cmd(self) -> list[str]:
        return list(self.spec.per_tag.get(self.tag, {}).get("cmd", self.spec.cmd))

    @property
    def env(self) -> dict[str, str]:
        """The image's ENV (``docker inspect``), to put before the container's env."""
        return {k: v.replace("{version}", self.version) for k, v in self.spec.env}

    @property
    def reference(self) -> str:
        """The key a node's image store uses (the full name)."""
        return str(self.ref)

    #: a resolved image has no pull error (PullError.error has the message)
    error = None


@dataclass(frozen=True)
class PullError:
    """Why a pull failed, as the kubelet reports it.

    ``message`` is the CRI error (containerStatuses[].state.waiting.message
    for ``ErrImagePull``); :meth:`event_message` is the ``Failed`` event.
    """
    image: str                    # as written in the pod spec
    message: str
    reason: str = "ErrImagePull"  # or "InvalidImageName"
    code: str = "NotFound"        # the gRPC code: NotFound, Unknown, DeadlineExceeded
    seconds: float = PULL_LATENCY  # how long the failing attempt takes

    @property
    def reference(self) -> str:
        return self.image

    @property
    def error(self) -> str:
        """The CRI error text (alias of message, for `getattr(info, "error", None)` checks)."""
        return self.message

    def event_message(self) -> str:
        if self.reason == "InvalidImageName":
            return self.message
        return f'Failed to pull image "{self.image}": {self.message}'

    @property
    def event_reason(self) -> str:
        """``Failed`` for a failed pull, ``InspectFailed`` for an unparsable name."""
        return "InspectFailed" if self.reason == "InvalidImageName" else "Failed"


def pull_seconds(image: "int | ImageInfo") -> float:
    """Simulated pull duration for an image (or a size in bytes): latency + size at 20 MB/s.

    >>> pull_seconds(46_230_000)
    2.81
    """
    size = image if isinstance(image, int) else image.size
    return round(PULL_LATENCY + size / PULL_BYTES_PER_SECOND, 2)


def error_seconds(error: "PullError") -> float:
    """How long a failing pull takes before it reports (30 s for a timeout)."""
    return error.seconds


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _failure(image: str, ref: refs.Reference, code: str, tail: str, seconds: float = PULL_LATENCY) -> PullError:
    full = str(ref)
    msg = (f'rpc error: code = {code} desc = failed to pull and unpack image "{full}": '
           f'failed to resolve reference "{full}": {tail}')
    return PullError(image, msg, "ErrImagePull", code, seconds)


def resolve(image: str, blocked_registries: frozenset[str] | set[str] = frozenset()) -> ImageInfo | PullError:
    """Find `image` (as written in a pod spec) in the simulated registry.

    `blocked_registries` are hosts the node cannot reach (k8s.gcr.io behind
    the Great Firewall): pulls from them time out after 30 s.  The registry
    does not change and the answers are frozen, so they are kept.
    """
    return _resolve(image, frozenset(blocked_registries))


@lru_cache(maxsize=4096)
def _resolve(image: str, blocked_registries: frozenset[str]) -> ImageInfo | PullError:
    try:
        ref = refs.parse(image)
    except refs.InvalidReference as e:
        return PullError(image, f'Failed to apply default image tag "{image}": couldn\'t parse image '
                                f'reference "{image}": {e}', "InvalidImageName", "", 0.0)
    host = "registry-1.docker.io" if ref.domain == "docker.io" else ref.domain
    if ref.domain in blocked_registries or host in blocked_registries:
        what = ref.tag or ref.digest
        ip = REGISTRY_IPS.get(host, "142.250.157.82")
        return _failure(image, ref, "DeadlineExceeded",
                        f'failed to do request: Head "https://{host}/v2/{ref.path}/manifests/{what}": '
                        f"dial tcp {ip}:443: i/o timeout", PULL_TIMEOUT)
    spec = REGISTRY.get(canonical_repository(ref))
    if spec is None:
        if ref.domain == "docker.io":
            return _failure(image, ref, "Unknown", "pull access denied, repository does not exist or may "
                            "require authorization: server message: insufficient_scope: authorization failed")
        if ref.domain.split(":")[0] == "localhost":
            return _failure(image, ref, "Unknown", f'failed to do request: Head "https://{ref.domain}/v2/'
                            f'{ref.path}/manifests/{ref.tag or ref.digest}": dial tcp 127.0.0.1:'
                            f'{ref.domain.partition(":")[2] or 443}: connect: connection refused')
        if ref.domain not in KNOWN_REGISTRIES:
            return _failure(image, ref, "Unknown", f'failed to do request: Head "https://{ref.domain}/v2/'
                            f'{ref.path}/manifests/{ref.tag or ref.digest}": dial tcp: lookup '
                            f'{ref.domain.split(":")[0]}: no such host')
        return _failure(image, ref, "NotFound", f"{ref}: not found")
    tag = ref.tag
    if ref.digest:
        tag = next((t for t in spec.tags if _digest(spec, t) == ref.digest), None)
    if tag not in spec.tags:
        return _failure(image, ref, "NotFound", f"{ref}: not found")
    digest = _digest(spec, tag)
    return ImageInfo(ref, spec, tag, spec.tags[tag], _sha(f"config {spec.repository}:{tag}"), digest,
                     spec.versions.get(tag, tag))


def _digest(spec: ImageSpec, tag: str) -> str:
    return spec.digests.get(tag) or _sha(f"manifest {spec.repository}:{tag}")


def docker_daemon_error(error: PullError) -> str:
    """What the Docker daemon says for the same failure (``docker pull``, and the
    kubelet through cri-dockerd on minikube's default runtime)."""
    try:
        ref = refs.parse(error.image)
    except refs.InvalidReference as err:
        return str(err)
    host = "registry-1.docker.io" if ref.domain == "docker.io" else ref.domain
    if error.code == "DeadlineExceeded":
        return (f'Error response from daemon: Get "https://{host}/v2/": net/http: request canceled while '
                f'waiting for connection (Client.Timeout exceeded while awaiting headers)')
    if ref.domain == "docker.io" and REGISTRY.get(canonical_repository(ref)) is None:
        return (f"Error response from daemon: pull access denied for {ref.familiar}, repository does not exist "
                f"or may require 'docker login': denied: requested access to the resource is denied")
    return (f"Error response from daemon: manifest for {ref.familiar}:{ref.tag or refs.DEFAULT_TAG} not found: "
            f"manifest unknown: manifest unknown")


def for_runtime(error: PullError, runtime: str) -> PullError:
    """The pull error as the node's container runtime words it: containerd's own
    text, or Docker's through cri-dockerd (gRPC code Unknown)."""
    if runtime != "docker" or error.reason != "ErrImagePull":
        return error
    return PullError(error.image, f"rpc error: code = Unknown desc = {docker_daemon_error(error)}",
                     error.reason, "Unknown", error.seconds)


def lookup(image: str) -> ImageInfo | None:
    """The image if it exists (ignoring reachability), else None."""
    info = resolve(image)
    return info if isinstance(info, ImageInfo) else None


@lru_cache(maxsize=None)
def _toolbox(tools: frozenset[str], flavour: Flavour) -> Toolbox:
    return Toolbox.of(tools, flavour if "sh" in tools else ASH)


def toolbox_for(image: str) -> Toolbox:
    """The programs on an image's PATH and its shell (busybox's for an image kubelab does not know)."""
    info = lookup(image)
    if info is None:
        return _toolbox(BUSYBOX, ASH)
    return _toolbox(frozenset(info.spec.tools), info.spec.flavour)


def run_exec(ctx, argv: list[str], stdin: str | None = None, *, tty: bool = False) -> ExecResult:
    """Run a command in a context of ``ctx.container['image']`` without starting its program
    (tests and examples; a running container execs through its app)."""
    return toolbox_for(ctx.container.get("image", "")).exec(ctx, argv, stdin, tty=tty)


def image_files(info: ImageInfo) -> dict[str, str]:
    """Files the image ships that programs or learners read."""
    files = dict(IMAGE_FILES.get(info.spec.repository, {}))
    if info.spec.app is Nginx:
        files["/usr/share/nginx/html/index.html"] = nginx_index(info.version)
        files["/usr/share/nginx/html/50x.html"] = NGINX_50X
    if info.spec.app is RedisServer:
        files["/usr/local/bin/docker-entrypoint.sh"] = "#!/bin/sh\nset -e\n"
    files["/etc/hostname"] = ""
    return files


NGINX_50X = """<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"""


# ------------------------------------------------------------------ running

def expand(text: str, env: Mapping[str, str]) -> str:
    """Kubernetes' ``$(VAR)`` expansion in command/args: unknown stays as written, ``$$`` is ``$``.

    >>> expand("echo $(GREETING) $(MISSING) $$(X)", {"GREETING": "hi"})
    'echo hi $(MISSING) $(X)'
    """
    out, i = [], 0
    while i < len(text):
        if text[i] == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "(":
                end = text.find(")", i + 2)
                if end > 0:
                    name = text[i + 2:end]
                    out.append(env[name] if name in env else text[i:end + 1])
                    i = end + 1
                    continue
        out.append(text[i])
        i += 1
    return "".join(out)


def command_for(info: ImageInfo, container: Mapping, env: Mapping[str, str] | None = None) -> list[str]:
    """What the container runs: the image's ENTRYPOINT/CMD overridden the Kubernetes way.

    ``command`` replaces ENTRYPOINT (and drops CMD); ``args`` replaces CMD.
    With `env`, ``$(VAR)`` references are expanded as the kubelet does.
    """
    command, args = list(container.get("command") or []), list(container.get("args") or [])
    if command:
        argv = command + args
    elif args:
        argv = info.entrypoint + args
    else:
        argv = info.entrypoint + info.cmd
    return [expand(a, env) for a in argv] if env is not None else argv


def program_of(info: ImageInfo, argv: list[str]) -> str | None:
    """The image program an argv starts, looking through entrypoint wrappers and ``sh -c 'prog ...'``."""
    argv = list(argv)
    while argv and argv[0] in info.spec.wrappers:
        argv = argv[1:]
    if not argv:
        return None
    base = argv[0].rsplit("/", 1)[-1]
    if base in info.spec.programs:
        return base
    if base in ("sh", "bash") and len(argv) >= 3 and argv[1] == "-c":
        words = argv[2].split()
        if words and not any(c in argv[2] for c in ";&|<>$`") and words[0].rsplit("/", 1)[-1] in info.spec.programs:
            return words[0].rsplit("/", 1)[-1]
    return None


def start_error(info: ImageInfo, argv: list[str]) -> str | None:
    """The StartError message containerd 1.7 / runc give when argv[0] does not exist, else None."""
    prefix = ("failed to create containerd task: failed to create shim task: OCI runtime create failed: "
              "runc create failed: unable to start container process: ")
    if not argv:
        return prefix + "no command specified: unknown"
    first = argv[0]
    base = first.rsplit("/", 1)[-1]
    if first in info.spec.wrappers or base in info.spec.programs or base in info.spec.tools:
        return None
    if first in image_files(info):
        return None
    if first.startswith("/"):
        return prefix + f'exec: "{first}": stat {first}: no such file or directory: unknown'
    return prefix + f'exec: "{first}": executable file not found in $PATH: unknown'


def app_for(info: ImageInfo, ctx):
    """The App that runs ``ctx.args`` in a container of this image (not started yet).

    The image's files are laid into ``ctx.fs`` underneath any volume mounts.
    """
    for path, text in image_files(info).items():
        ctx.fs.files.setdefault(path, text)
    argv = list(ctx.args)
    if start_error(info, argv):
        app = StartFailedApp(ctx, EMPTY)
        app.message = start_error(info, argv)
        return app
    program = program_of(info, argv)
    toolbox = _toolbox(frozenset(info.spec.tools), info.spec.flavour)
    if program and info.spec.app is not None:
        generic = info.spec.app is GenericServer
        cls = _server_class(info.spec.app, info.version, frozenset(info.spec.exposed) if generic else None,
                            info.name if generic else None)
        return cls(ctx, toolbox)
    return ShellApp(ctx, toolbox)


@lru_cache(maxsize=None)
def _server_class(cls: type, version: str, exposed: frozenset[int] | None, image: str | None) -> type:
    """The image's server program, made for its version (one class per image, not per container)."""
    attrs: dict = {"version": version}
    if exposed is not None:
        attrs.update(exposed=exposed, image=image)
    return type(cls.__name__, (cls,), attrs)


def start(ctx, blocked_registries=frozenset()):
    """Resolve ``ctx.container['image']``, build its app and start it (a convenience for tests)."""
    info = resolve(ctx.container["image"], blocked_registries)
    if isinstance(info, PullError):
        raise ValueError(info.message)
    if not ctx.args:
        ctx.args = command_for(info, ctx.container, ctx.env)
    app = app_for(info, ctx)
    app.start()
    return app
