"""The catalog of the simulated registry: which repositories exist, their tags and
sizes, and what their images carry (entrypoint, cmd, ENV, programs, shell).

Sizes are the compressed sizes a registry reports (what containerd counts and the
kubelet's "Image size: N bytes" shows on a containerd node); the unpacked size
``docker images`` shows (and the kubelet through cri-dockerd) is ``unpacked`` where
known, else about 2.5 times the compressed size.  Figures for the images the notes
use are rounded from the real images; those added for the kubernetes.io tutorials
are of the right order, not byte-exact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from .kubesystem import (CoreDNS, Etcd, Flannel, KubeAPIServer, KubeControllerManager, KubeProxy,
                         KubeScheduler, Pause, StorageProvisioner)
from .liberty import InventoryService, SystemService
from .redis import RedisServer
from .agnhost import Agnhost, agnhost_tool
from .nslookup import bind, busybox_128
from .perl import perl
from .phpapache import PhpApache
from .samples import GoProxy, HelloApp
from .shellio import Flavour
from .web import Bootcamp, EchoServer, GenericServer, Nginx, NodeHello

BUSYBOX = frozenset("""sh ash echo printf cat ls env printenv hostname wget touch rm mkdir cp mv date
sleep true false test [ head tail grep wc whoami id uname seq tee basename dirname kill pwd nslookup""".split())
DEBIAN = frozenset("""sh dash bash echo printf cat ls env printenv hostname touch rm mkdir cp mv date
sleep true false test [ head tail grep wc whoami id uname seq tee basename dirname kill pwd apt apt-get""".split())
NODE = DEBIAN | {"curl", "wget", "node", "npm"}
DISTROLESS: frozenset[str] = frozenset()

_NSLOOKUP_128 = {"nslookup": busybox_128}
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
    #: the image's STOPSIGNAL: what the runtime sends to stop a container (per_tag may override)
    stop_signal: str = "SIGTERM"
    #: what the entrypoint script puts in front of arguments that are options
    #: (``args: ["--maxmemory", "2mb"]`` runs ``redis-server --maxmemory 2mb``),
    #: or of none at all; and argument endings that count as options (``.conf``)
    entry_program: str = ""
    entry_suffixes: tuple[str, ...] = ()
    #: programs kubelab simulates that only this image has (name -> tool function)
    tool_impls: Mapping[str, Callable] = field(default_factory=dict)
    #: tag -> unpacked size in bytes, where known (else about 2.5 x compressed)
    unpacked: Mapping[str, int] = field(default_factory=dict)
    home: str = "/root"                          # the image USER's home directory
    stop_signal: str = "SIGTERM"                 # STOPSIGNAL (per_tag may say otherwise)
    #: an image kubelab does not know (see GENERIC): any tag exists, any command runs
    generic: bool = False
    #: release tags beyond those listed exist: ``MAJOR.MINOR.PATCH[-variant]`` of a listed
    #: ``MAJOR.MINOR`` (nginx:1.21.3 is nginx:1.21's image at 1.21.3; nginx:1.161 is not)
    version_tags: bool = False


def _spec(repository, tags, **kw) -> ImageSpec:
    return ImageSpec(repository, tags, **kw)


_NGINX_CMD = ("nginx", "-g", "daemon off;")
_NGINX_TAGS = {"1.7.9": 39_950_000, "1.7": 39_950_000, "1.9": 41_000_000, "1.10": 41_500_000, "1.11": 42_000_000,
               "1.12": 42_900_000, "1.13": 43_700_000, "1.14": 44_710_000, "1.14.2": 44_710_000, "1.16": 51_030_000,
               "1.18": 53_000_000, "1.15": 44_620_000, "1.15.12": 44_620_000,
               "1.16.1": 51_030_000, "1.17": 51_700_000, "1.19": 53_600_000, "1.20": 54_900_000,
               "1.21": 56_700_000, "1.22": 56_800_000, "1.23": 57_000_000, "1.24": 67_200_000,
               "1.25": 70_500_000, "1.26": 72_070_000, "1.27": 72_190_000, "1.27.3": 72_190_000,
               "stable": 72_070_000, "mainline": 72_190_000, "latest": 72_190_000, "alpine": 20_510_000}
_NGINX_VERSIONS = {"1.15": "1.15.12", "1.17": "1.17.10", "1.19": "1.19.10", "1.20": "1.20.2",
                   "1.21": "1.21.6", "1.22": "1.22.1", "1.23": "1.23.4", "1.24": "1.24.0", "1.25": "1.25.5",
                   "1.26": "1.26.2", "1.27": "1.27.3", "stable": "1.26.2", "mainline": "1.27.3",
                   "alpine": "1.27.3", "latest": "1.27.3"}


#: the perl image's binaries: ``perl`` and the versioned name its CMD runs
_PERLS = ("perl", "perl5.34.0", "perl5.34.3", "perl5.38.2", "perl5.40.0")


def _at_least(version: str, least: tuple[int, ...]) -> bool:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split(".")) >= least


_K8S = "registry.k8s.io"

REGISTRY: dict[str, ImageSpec] = {s.repository: s for s in [
    _spec("docker.io/library/nginx", _NGINX_TAGS,
          app=Nginx, programs=frozenset({"nginx"}), cmd=_NGINX_CMD, exposed=(80,),
          versions=_NGINX_VERSIONS,
          env=(("PATH", PATH), ("NGINX_VERSION", "{version}")),
          per_tag={t: {"entrypoint": ("/docker-entrypoint.sh",),
                       # STOPSIGNAL SIGQUIT (graceful shutdown) since nginx/docker-nginx#457, Nov 2020
                       **({"stop_signal": "SIGQUIT"} if _at_least(_NGINX_VERSIONS.get(t, t), (1, 19, 5)) else {})}
                   for t in _NGINX_TAGS if _at_least(_NGINX_VERSIONS.get(t, t), (1, 19))},
          wrappers=frozenset({"/docker-entrypoint.sh", "docker-entrypoint.sh"}), tools=DEBIAN | {"curl"},
          version_tags=True, unpacked={"1.14.2": 109_000_000, "1.16.1": 127_000_000, "1.27": 192_000_000, "1.27.3": 192_000_000,
                    "mainline": 192_000_000, "latest": 192_000_000}),
    _spec("docker.io/library/busybox",
          {"1.24": 676_000, "1.25": 713_000, "1.26": 719_000, "1.27": 723_000, "1.27.2": 723_000,
           "1.28": 727_869, "1.29": 760_000, "1.30": 762_000, "1.31": 764_000, "1.32": 767_000,
           "1.33": 770_000, "1.34": 772_000, "1.35": 2_159_000, "1.36": 2_150_000, "1.36.1": 2_150_000,
           "1.37": 2_166_000, "1.37.0": 2_166_000, "latest": 2_166_000},
          unpacked={"1.28": 1_150_000, "1.36": 4_260_000, "1.36.1": 4_260_000, "1.37": 4_270_000,
                    "1.37.0": 4_270_000, "latest": 4_270_000},
          cmd=("sh",), tools=BUSYBOX, flavour=ASH, version_tags=True,
          # nslookup was rewritten in 1.29: the tags before keep the layout the pages show
          per_tag={t: {"tool_impls": _NSLOOKUP_128} for t in ("1.24", "1.25", "1.26", "1.27", "1.27.2", "1.28")},
          env=(("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),)),
    # the busybox of the kubernetes.io probe examples (pods/probe/exec-liveness.yaml)
    _spec(f"{_K8S}/busybox", {"1.24": 1_110_000, "1.27": 1_144_000, "1.27.2": 1_144_000, "latest": 1_144_000},
          cmd=("sh",), tools=BUSYBOX, flavour=ASH, tool_impls=_NSLOOKUP_128,
          env=(("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),)),
    _spec("docker.io/library/redis",
          {"3": 30_000_000, "3.2": 30_000_000, "4": 32_000_000, "4.0": 32_000_000, "6.0": 38_000_000,
           "5.0.4": 34_740_000, "5": 36_110_000, "5.0": 36_110_000, "5.0.14": 36_110_000, "6": 40_170_000,
           "6.2": 40_170_000, "7": 45_150_000, "7.0": 41_550_000,
           "7.2": 42_140_000, "7.4": 45_150_000, "7.4.1": 45_150_000, "alpine": 17_250_000,
           "latest": 45_150_000},
          app=RedisServer, programs=frozenset({"redis-server"}), entrypoint=("docker-entrypoint.sh",),
          cmd=("redis-server",), exposed=(6379,), unpacked={"5.0.4": 95_000_000},
          versions={"5": "5.0.14", "5.0": "5.0.14", "6": "6.2.16", "7": "7.4.1", "6.2": "6.2.16", "7.0": "7.0.15", "7.2": "7.2.6", "7.4": "7.4.1",
                    "alpine": "7.4.1", "latest": "7.4.1"},
          env=(("PATH", PATH), ("GOSU_VERSION", "1.17"), ("REDIS_VERSION", "{version}")),
          wrappers=frozenset({"docker-entrypoint.sh", "/usr/local/bin/docker-entrypoint.sh"}),
          entry_program="redis-server", entry_suffixes=(".conf",), tools=DEBIAN | {"redis-cli"}, version_tags=True),
    _spec(f"{_K8S}/echoserver", {"1.4": 46_230_000, "1.10": 38_430_000},
          app=EchoServer, programs=frozenset({"nginx"}), cmd=_NGINX_CMD, exposed=(8080,),
          digests={"1.4": "sha256:5d99aa1120524c801bc8c1a7077e8f5ec122ba16b6dda1a5d3826057f67b9bcb"},
          unpacked={"1.4": 140_377_022}),
    _spec("gcr.io/google-samples/node-hello", {"1.0": 259_810_000},
          app=NodeHello, programs=frozenset({"node"}), cmd=("/bin/sh", "-c", "node server.js"),
          exposed=(8080,), tools=NODE,
          env=(("PATH", PATH), ("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "4.4.7"))),
    _spec("gcr.io/google-samples/kubernetes-bootcamp", {"v1": 70_950_000}, unpacked={"v1": 211_000_000},
          app=Bootcamp, programs=frozenset({"node"}), cmd=("/bin/sh", "-c", "node server.js"),
          exposed=(8080,), tools=NODE, versions={"v1": "1"},
          env=(("PATH", PATH), ("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "6.3.1")),
          digests={"v1": "sha256:0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af"}),
    _spec("docker.io/jocatalin/kubernetes-bootcamp", {"v1": 70_950_000, "v2": 70_960_000},
          unpacked={"v1": 211_000_000, "v2": 211_000_000},
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
    _spec(f"{_K8S}/pause", {"2.0": 350_000, "3.1": 317_000, "3.2": 299_513, "3.5": 301_000, "3.6": 301_773,
                            "3.7": 311_000, "3.8": 311_286, "3.9": 321_520, "3.10": 320_368},
          unpacked={"3.1": 742_000, "3.2": 683_000, "3.9": 744_000, "3.10": 736_000}, app=Pause, programs=frozenset({"pause"}),
          entrypoint=("/pause",), tools=DISTROLESS),
    _spec(f"{_K8S}/coredns/coredns", {"v1.11.1": 18_182_961, "v1.11.3": 18_562_039}, app=CoreDNS,
          unpacked={"v1.11.1": 59_800_000, "v1.11.3": 61_800_000},
          programs=frozenset({"coredns"}), entrypoint=("/coredns",), tools=DISTROLESS, exposed=(53, 9153)),
    _spec(f"{_K8S}/etcd", {"3.5.1-0": 98_888_614, "3.5.15-0": 56_909_194, "3.5.16-0": 57_680_541}, app=Etcd,
          unpacked={"3.5.1-0": 293_000_000, "3.5.15-0": 148_000_000, "3.5.16-0": 150_000_000},
          programs=frozenset({"etcd"}), cmd=("/usr/local/bin/etcd",), tools=DISTROLESS),
    *[_spec(f"{_K8S}/{name}", {f"v1.32.{p}": size for p in range(5)}, app=app,
            programs=frozenset({name}), entrypoint=(f"/usr/local/bin/{name}",), tools=DISTROLESS,
            unpacked={f"v1.32.{p}": unpacked for p in range(5)})
      for name, app, size, unpacked in (("kube-apiserver", KubeAPIServer, 28_670_731, 97_000_000),
                                        ("kube-controller-manager", KubeControllerManager, 26_258_470, 89_700_000),
                                        ("kube-scheduler", KubeScheduler, 20_657_536, 69_600_000),
                                        ("kube-proxy", KubeProxy, 30_907_858, 94_000_000))],
    _spec("gcr.io/k8s-minikube/storage-provisioner", {"v5": 9_058_936}, app=StorageProvisioner,
          unpacked={"v5": 31_500_000},
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
    _spec("docker.io/library/alpine", {"3.18": 3_410_000, "3.19": 3_420_000, "3.20": 3_626_000, "3.21": 3_642_000, "latest": 3_642_000},
          cmd=("/bin/sh",), tools=BUSYBOX, flavour=ASH, version_tags=True),
    _spec("docker.io/library/ubuntu", {"20.04": 27_510_000, "22.04": 29_540_000, "24.04": 29_750_000,
                                       "latest": 29_750_000},
          cmd=("/bin/bash",), tools=DEBIAN, flavour=DASH),
    _spec("docker.io/library/debian", {"bookworm": 48_490_000, "bullseye": 55_060_000, "12": 48_490_000,
                                       "latest": 48_490_000, "stable-slim": 28_230_000},
          cmd=("bash",), tools=DEBIAN, flavour=DASH),
    # the images of the kubernetes.io tutorials and tasks
    _spec(f"{_K8S}/e2e-test-images/agnhost",
          {"2.39": 51_105_200, "2.40": 51_250_000, "2.43": 51_700_000, "2.45": 51_900_000, "2.47": 52_300_000,
           "2.53": 53_000_000},
          app=Agnhost, programs=frozenset({"agnhost"}), entrypoint=("/agnhost",), cmd=("pause",),
          exposed=(8080,), tools=BUSYBOX | {"curl", "bash", "dig", "agnhost"}, flavour=ASH,
          tool_impls={"agnhost": agnhost_tool}),
    *[_spec(repo, {"1.0": 4_279_000, "2.0": 4_290_000}, app=HelloApp, programs=frozenset({"hello-app"}),
            cmd=("./hello-app",), env=(("PATH", PATH), ("PORT", "8080")), exposed=(8080,),
            versions={"1.0": "1.0.0", "2.0": "2.0.0"}, tools=BUSYBOX, flavour=ASH)
      for repo in ("gcr.io/google-samples/hello-app", "us-docker.pkg.dev/google-samples/containers/gke/hello-app")],
    _spec("us-docker.pkg.dev/google-samples/containers/gke/gb-frontend", {"v5": 156_000_000}, app=GenericServer,
          programs=frozenset({"apache2-foreground"}), entrypoint=("docker-php-entrypoint",),
          cmd=("apache2-foreground",), exposed=(80,), wrappers=frozenset({"docker-php-entrypoint"}),
          tools=DEBIAN | {"curl"}),
    # the HPA walkthrough's php-apache (php:5-apache with an index.php that burns CPU)
    _spec(f"{_K8S}/hpa-example", {"latest": 136_000_000}, app=PhpApache,
          programs=frozenset({"apache2-foreground"}), entrypoint=("docker-php-entrypoint",),
          cmd=("apache2-foreground",), exposed=(80,), wrappers=frozenset({"docker-php-entrypoint"}),
          env=(("PATH", PATH), ("PHPIZE_DEPS", "autoconf dpkg-dev file g++ gcc libc-dev libpcre3-dev make "
                                "pkg-config re2c"), ("PHP_INI_DIR", "/usr/local/etc/php"),
               ("APACHE_CONFDIR", "/etc/apache2"), ("APACHE_ENVVARS", "/etc/apache2/envvars"),
               ("PHP_VERSION", "5.6.31")),
          stop_signal="SIGWINCH", tools=DEBIAN | {"curl"}),
    # minikube's metrics-server addon (the pipeline itself is kubelab.metrics.server)
    _spec(f"{_K8S}/metrics-server/metrics-server", {"v0.7.1": 19_200_000, "v0.7.2": 19_500_000},
          app=GenericServer, programs=frozenset({"metrics-server"}), entrypoint=("/metrics-server",),
          exposed=(10250,), tools=DISTROLESS),
    _spec(f"{_K8S}/goproxy", {"0.1": 2_668_000}, app=GoProxy, programs=frozenset({"goproxy"}),
          cmd=("/goproxy",), exposed=(8080,), tools=DISTROLESS),
    # the StatefulSet tutorial's nginx (kubernetes/website application/web/web.yaml): nginx with curl
    _spec(f"{_K8S}/nginx-slim", {"0.7": 22_150_000, "0.8": 22_150_000, "0.21": 40_950_000,
                                  "0.24": 41_230_000, "0.27": 42_300_000},
          app=Nginx, programs=frozenset({"nginx"}), cmd=_NGINX_CMD, exposed=(80,),
          versions={"0.7": "1.11.1", "0.8": "1.11.1", "0.21": "1.21.6", "0.24": "1.23.3", "0.27": "1.25.3"},
          tools=DEBIAN | {"curl"}),
    _spec(f"{_K8S}/e2e-test-images/jessie-dnsutils", {"1.3": 112_000_000, "1.7": 116_000_000},
          cmd=("sh",), tools=DEBIAN | {"nslookup", "dig", "host", "curl", "wget"}, tool_impls={"nslookup": bind}),
    _spec("docker.io/library/perl",
          {"5.30": 330_000_000, "5.32": 333_000_000, "5.34.0": 336_000_000, "5.34": 336_000_000,
           "5.36": 329_000_000, "5.38": 330_000_000, "5.40": 333_000_000,
           "5.40.0": 333_000_000, "latest": 333_000_000, "slim": 50_000_000},
          per_tag={t: {"cmd": (f"perl{v}", "-de0")} for t, v in (("5.34.0", "5.34.0"), ("5.34", "5.34.3"),
                                                                   ("5.38", "5.38.2"), ("5.40", "5.40.0"),
                                                                   ("5.40.0", "5.40.0"), ("latest", "5.40.0"),
                                                                   ("slim", "5.40.0"))},
          versions={"5.34": "5.34.3", "5.38": "5.38.2", "5.40": "5.40.0", "latest": "5.40.0", "slim": "5.40.0"},
          env=(("PATH", PATH),), tools=DEBIAN | {"curl", "wget"} | set(_PERLS), version_tags=True,
          tool_impls={name: perl for name in _PERLS}),
    _spec("docker.io/library/bash", {"4.4": 4_900_000, "5.1": 5_600_000, "5.2": 5_950_000, "5": 5_950_000,
                                     "latest": 5_950_000},
          entrypoint=("docker-entrypoint.sh",), cmd=("bash",), wrappers=frozenset({"docker-entrypoint.sh"}),
          entry_program="bash", versions={"5": "5.2.37", "5.2": "5.2.37", "latest": "5.2.37", "5.1": "5.1.16",
                                          "4.4": "4.4.23"},
          env=(("PATH", PATH), ("_BASH_VERSION", "{version}")), tools=BUSYBOX | {"bash"}, flavour=ASH),
    _spec("docker.io/radial/busyboxplus", {"curl": 4_230_000, "latest": 4_230_000, "git": 6_200_000},
          cmd=("/bin/sh",), tools=BUSYBOX | {"curl"}, flavour=ASH, tool_impls=_NSLOOKUP_128),   # busybox 1.22
    # images of the kubernetes.io examples that run a program the kit does not model
    # (kubernetes/website content/en/examples: debug/event-exporter.yaml, the zookeeper
    # tutorial, controllers/daemonset.yaml)
    _spec(f"{_K8S}/event-exporter", {"v0.2.3": 13_900_000}, app=GenericServer, cmd=("/event-exporter",),
          tools=DISTROLESS, exposed=()),
    _spec(f"{_K8S}/kubernetes-zookeeper", {"1.0-3.4.10": 116_000_000}, app=GenericServer,
          cmd=("start-zookeeper",), tools=DEBIAN, exposed=(2181,)),
    # the namespaces walkthrough's snowflake Deployment (admin/snowflake-deployment.yaml)
    _spec(f"{_K8S}/serve_hostname", {"1.4": 2_900_000, "v1.4": 2_900_000, "latest": 2_900_000},
          app=GenericServer, cmd=("/serve_hostname",), tools=DISTROLESS, exposed=(9376,)),
    _spec(f"{_K8S}/fluentd-elasticsearch", {"1.20": 107_000_000}, app=GenericServer, cmd=("/run.sh",),
          tools=DEBIAN, exposed=()),
    _spec("docker.io/curlimages/curl", {"8.11.1": 9_700_000, "8.1.2": 6_800_000, "latest": 9_700_000},
          entrypoint=("/entrypoint.sh",), cmd=("curl",), wrappers=frozenset({"/entrypoint.sh"}),
          entry_program="curl", tools=BUSYBOX | {"curl"}, flavour=ASH, home="/home/curl_user"),
]}

#: What an image kubelab does not know runs: its own program (named after the
#: repository) is a generic server on the container's declared ports; a
#: ``command``/``args`` of busybox tools runs in a busybox shell.
GENERIC = ImageSpec("", {}, app=GenericServer, cmd=("app",), tools=BUSYBOX, flavour=ASH, exposed=(80,),
                    generic=True)

#: Docker Hub's official images (``library/NAME``) beyond those in REGISTRY: they
#: exist, and run as GENERIC; any other ``library/`` name is "pull access denied".
OFFICIAL_IMAGES = frozenset("""
alpine amazoncorretto amazonlinux bash busybox caddy cassandra centos clojure consul couchbase couchdb
debian docker eclipse-temurin elasticsearch erlang fedora flink gcc ghost golang gradle haproxy
haskell hello-world httpd influxdb jetty jruby julia kibana kong logstash mariadb maven memcached
mongo mongo-express mysql nats neo4j nextcloud nginx node odoo openjdk oraclelinux perl php
postgres pypy python rabbitmq redis redmine registry rockylinux ruby rust sonarqube solr swift
telegraf tomcat traefik ubuntu vault wordpress zookeeper
""".split())

#: Registry mirrors that serve a registry's images today (mirror host -> the
#: registry it mirrors), for the runtime's mirror configuration (Docker's
#: ``registry-mirrors``, containerd's ``hosts.toml``) or by name
#: (``docker.m.daocloud.io/library/nginx``).  Many public Docker Hub mirrors in
#: mainland China closed in June 2024 (USTC, SJTU, NJU, 163); DaoCloud's
#: public-image-mirror still serves, and an Aliyun account's own accelerator
#: (``https://<id>.mirror.aliyuncs.com``) mirrors Docker Hub for that account.
MIRRORS = {"docker.m.daocloud.io": "docker.io", "k8s.m.daocloud.io": "registry.k8s.io",
           "k8s-gcr.m.daocloud.io": "k8s.gcr.io", "gcr.m.daocloud.io": "gcr.io", "quay.m.daocloud.io": "quay.io",
           "ghcr.m.daocloud.io": "ghcr.io", "mirror.gcr.io": "docker.io"}
#: what a node in mainland China cannot reach since mid-2024 (the notes' network
#: blocked only k8s.gcr.io and gcr.io): ``Cluster(blocked_registries=MAINLAND_CHINA_2024)``
MAINLAND_CHINA_2024 = frozenset({"k8s.gcr.io", "gcr.io", "registry.k8s.io", "docker.io", "mirror.gcr.io"})

#: gcr.io-hosted Docker Hub mirrors and registries whose missing tags say "not found"
KNOWN_REGISTRIES = {"docker.io", _K8S, "k8s.gcr.io", "gcr.io", "quay.io", "ghcr.io", "us-docker.pkg.dev",
                    "m.daocloud.io", *MIRRORS,
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
    "gcr.io/google-samples/node-hello": {"/server.js": "// node-hello server\n"},
}

