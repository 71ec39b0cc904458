"""The simulated registry: which images exist, what they weigh, what they run.

:func:`resolve` turns what a Pod spec says (``nginx``, ``k8s.gcr.io/echoserver:1.4``,
``anjia0532/google-samples.node-hello:1.0``) into an :class:`ImageInfo`, or into
the :class:`PullError` containerd 1.7 gives, word for word (:func:`for_runtime`
words it as dockerd does, through cri-dockerd):

>>> resolve("nginx").name
'docker.io/library/nginx:latest'
>>> print(resolve("jocatalin/kubernetes-bootcamp:v10").message)
rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/jocatalin/kubernetes-bootcamp:v10": failed to resolve reference "docker.io/jocatalin/kubernetes-bootcamp:v10": docker.io/jocatalin/kubernetes-bootcamp:v10: not found

What exists: the repositories of :mod:`.catalog` with their tags; Docker Hub's
official images kubelab does not model and anyone's image on a public registry
(``someuser/app:1.2``) exist too and run a generic program; an unknown tag of a
catalog repository, an official-image name that is not one, a name a letter or
two from a catalog repository (``ngnix``), a private registry do not.

Mirrors are handled by name: ``k8s.gcr.io/X`` and ``gcr.io/google_containers/X``
are ``registry.k8s.io/X``; ``registry.aliyuncs.com/google_containers/X`` and
``registry.cn-hangzhou.aliyuncs.com/google_containers/X`` mirror it too (with
``coredns/coredns`` flattened to ``coredns``, as kubeadm does for a custom
``--image-repository``); ``anjia0532/NS.NAME`` is ``gcr.io/NS/NAME``; DaoCloud's
``docker.m.daocloud.io/X`` and ``m.daocloud.io/REGISTRY/X`` are the registry's X.
And by the runtime's mirror configuration (``resolve(..., mirrors=...)``).

Image IDs and digests are sha256 of the name, except a few real digests that
tutorials print (echoserver:1.4, kubernetes-bootcamp v1/v2).  When a container
starts, :func:`app_for` gives it its program and its image's programs
(:class:`~.toolbox.Toolbox`).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Mapping, Sequence

from . import reference as refs
from .base import ExecResult
from .busybox import ShellApp, StartFailedApp
from .catalog import (_ALIYUN_NAMES, _K8S, ALIYUN, ASH, GENERIC, IMAGE_FILES, KNOWN_REGISTRIES, MIRRORS,
                      OFFICIAL_IMAGES, REGISTRY, REGISTRY_IPS, ImageSpec)
from .redis import RedisServer
from .shellio import Flavour
from .toolbox import EMPTY, Toolbox
from .web import BOOTCAMP_SERVER_JS, Bootcamp, GenericServer, Nginx, nginx_index

__all__ = ["REGISTRY", "ImageSpec", "ImageInfo", "PullError", "resolve", "lookup", "command_for", "app_for",
           "start_error", "pull_seconds", "error_seconds", "for_runtime", "docker_daemon_error",
           "canonical_repository", "toolbox_for", "run_exec"]

#: Pull speed model: a fixed latency (resolve, auth, manifest) plus the layers
#: at 20 MB/s.  echoserver:1.4 (46 MB) takes about 2.8 s, node-hello:1.0 13.5 s.
PULL_LATENCY = 0.5
PULL_BYTES_PER_SECOND = 20_000_000
#: unpacked / compressed, for images whose unpacked size the catalog does not give
UNPACK_RATIO = 2.5
#: containerd's dial timeout before "i/o timeout" on an unreachable registry
PULL_TIMEOUT = 30.0


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
    if domain in MIRRORS:                         # docker.m.daocloud.io/library/nginx, by name
        return canonical_repository(refs.Reference(MIRRORS[domain], path))
    if domain == "m.daocloud.io" and "/" in path:   # m.daocloud.io/docker.io/library/nginx
        inner, _, rest = path.partition("/")
        return canonical_repository(refs.Reference(inner, rest))
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

    @cached_property       # asked for at every container start; the info never changes
    def name(self) -> str:
        """``docker.io/library/nginx:latest`` — containerStatuses[].image."""
        return str(self.ref)

    @cached_property       # asked for at every container start; the info never changes
    def image_id(self) -> str:
        """``docker.io/library/nginx@sha256:...`` — containerStatuses[].imageID."""
        return _image_id(self.ref.repository, self.digest)

    @property
    def entrypoint(self) -> list[str]:
        return list(self.spec.per_tag.get(self.tag, {}).get("entrypoint", self.spec.entrypoint))

    @property
    def cmd(self) -> list[str]:
        return list(self.spec.per_tag.get(self.tag, {}).get("cmd", self.spec.cmd))

    @cached_property       # asked for at every container start; the info never changes
    def default_argv(self) -> tuple[str, ...]:
        """ENTRYPOINT then CMD: what a container runs that gives neither command nor args."""
        return (*self.entrypoint, *self.cmd)

    @cached_property       # asked for at every container start; the info never changes
    def stop_signal(self) -> str:
        """The image's STOPSIGNAL (``docker inspect -f {{.Config.StopSignal}}``): the
        signal the runtime sends when the kubelet stops the container."""
        return self.spec.per_tag.get(self.tag, {}).get("stop_signal", self.spec.stop_signal)

    @property
    def home(self) -> str:
        """The home directory of the image's USER (runc sets ``HOME`` from it)."""
        return self.spec.home

    @property
    def unpacked_size(self) -> int:
        """The size of the unpacked layers: what ``docker images`` shows, and what the
        kubelet reports through cri-dockerd (Docker's ``Size``)."""
        return self.spec.unpacked.get(self.tag) or round(self.size * UNPACK_RATIO)

    def reported_size(self, runtime: str) -> int:
        """The size in the kubelet's ``Successfully pulled ... Image size: N bytes`` event:
        containerd's CRI reports the compressed content it stored, cri-dockerd Docker's
        unpacked size."""
        return self.unpacked_size if runtime == "docker" else self.size

    @property
    def env(self) -> dict[str, str]:
        """The image's ENV (``docker inspect``), to put before the container's env."""
        return {k: v.replace("{version}", self.version) for k, v in self.spec.env}

    @cached_property
    def launches(self) -> dict:
        """argv -> :class:`Launch`: what starting it in a container of this image comes to."""
        return {}

    @cached_property       # asked for at every container start; the info never changes
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
    return _pull_seconds(image if isinstance(image, int) else image.size)


@lru_cache(maxsize=1024)       # asked at every pull (every pod's, those waiting for another's too)
def _pull_seconds(size: int) -> float:
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


def resolve(image: str, blocked_registries: frozenset[str] | set[str] = frozenset(),
            mirrors: Mapping[str, Sequence[str]] | None = None) -> ImageInfo | PullError:
    """Find `image` (as written in a pod spec) in the simulated registry.

    `blocked_registries` are hosts the node cannot reach (``k8s.gcr.io`` and
    ``gcr.io`` behind the Great Firewall in the notes; since mid-2024 Docker Hub,
    ``docker.io``, too: see :data:`~kubelab.apps.catalog.MAINLAND_CHINA_2024`):
    pulls from them time out after 30 s.

    `mirrors` is the container runtime's mirror configuration: a registry
    (``docker.io``, ``registry.k8s.io`` ...) to the mirror endpoints tried before
    it, in order (Docker's ``registry-mirrors`` in /etc/docker/daemon.json are
    ``{"docker.io": [...]}``; containerd's ``/etc/containerd/certs.d/<registry>/
    hosts.toml`` give any registry; :mod:`kubelab.apps.mirrorconfig` reads both).
    A mirror that serves the registry (:data:`~kubelab.apps.catalog.MIRRORS`) and
    is not blocked answers for it; otherwise the runtime falls through to the
    next mirror, then to the registry itself, whose answer is reported.

    >>> blocked = {"docker.io"}
    >>> resolve("nginx:1.27", blocked).code
    'DeadlineExceeded'
    >>> resolve("nginx:1.27", blocked, {"docker.io": ["https://docker.m.daocloud.io"]}).name
    'docker.io/library/nginx:1.27'
    >>> resolve("nginx:1.27", blocked, {"docker.io": ["https://hub-mirror.c.163.com"]}).code
    'DeadlineExceeded'
    """
    frozen = frozenset((k, tuple(v)) for k, v in mirrors.items()) if mirrors else _NO_MIRRORS
    return _resolve(image, frozenset(blocked_registries), frozen)


_NO_MIRRORS: frozenset = frozenset()      # a runtime without mirrors (most): asked at every container start


def _mirror_host(endpoint: str) -> str:
    return endpoint.split("://", 1)[-1].split("/", 1)[0].lower()


def _serves(host: str, registry: str) -> bool:
    """Whether a mirror host serves this registry's images."""
    if MIRRORS.get(host) == registry:
        return True
    return registry == "docker.io" and host.endswith(".mirror.aliyuncs.com")


def mirror_answers(host: str, registry: str, blocked_registries) -> bool:
    """Whether the runtime gets the registry's images from this mirror host: it serves
    that registry and the node can reach it."""
    return _serves(host, registry) and host not in blocked_registries


def pull_sources(image: str, blocked_registries=frozenset(),
                 mirrors: Mapping[str, Sequence[str]] | None = None) -> list[tuple[str, str]]:
    """Where the runtime asks for ``image``, in order, and what it finds there: each
    mirror configured for the image's registry, then the registry itself, until one
    answers.  Outcomes: "ok", "blocked" (no connection), "not serving" (the mirror
    does not serve that registry, or no longer does).

    >>> pull_sources("nginx:1.27", {"docker.io"}, {"docker.io": ["https://hub-mirror.c.163.com",
    ...                                                          "https://docker.m.daocloud.io"]})
    [('hub-mirror.c.163.com', 'not serving'), ('docker.m.daocloud.io', 'ok')]
    >>> pull_sources("k8s.gcr.io/echoserver:1.4", {"k8s.gcr.io"})
    [('k8s.gcr.io', 'blocked')]
    """
    try:
        ref = refs.parse(image)
    except refs.InvalidReference:
        return []
    out = []
    for endpoint in (mirrors or {}).get(ref.domain, ()):
        host = _mirror_host(endpoint)
        if mirror_answers(host, ref.domain, blocked_registries):
            return out + [(host, "ok")]
        out.append((host, "blocked" if host in blocked_registries else "not serving"))
    host = "registry-1.docker.io" if ref.domain == "docker.io" else ref.domain
    blocked = ref.domain in blocked_registries or host in blocked_registries
    return out + [(host, "blocked" if blocked else "ok")]


@lru_cache(maxsize=4096)
def _resolve(image: str, blocked_registries: frozenset[str],
             mirrors: frozenset[tuple[str, tuple[str, ...]]] = frozenset()) -> ImageInfo | PullError:
    try:
        ref = refs.parse(image)
    except refs.InvalidReference as e:
        return PullError(image, f'Failed to apply default image tag "{image}": couldn\'t parse image '
                                f'reference "{image}": {e}', "InvalidImageName", "", 0.0)
    for endpoint in dict(mirrors).get(ref.domain, ()):
        host = _mirror_host(endpoint)
        if mirror_answers(host, ref.domain, blocked_registries):
            found = _resolve(image, frozenset(blocked_registries) - {ref.domain}, frozenset())
            if isinstance(found, ImageInfo):
                return found
    host = "registry-1.docker.io" if ref.domain == "docker.io" else ref.domain
    if ref.domain in blocked_registries or host in blocked_registries:
        what = ref.tag or ref.digest
        ip = REGISTRY_IPS.get(host, "142.250.157.82")
        return _failure(image, ref, "DeadlineExceeded",
                        f'failed to do request: Head "https://{host}/v2/{ref.path}/manifests/{what}": '
                        f"dial tcp {ip}:443: i/o timeout", PULL_TIMEOUT)
    spec = REGISTRY.get(canonical_repository(ref))
    if spec is None and not _missing(ref):
        spec = _generic_spec(canonical_repository(ref))
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
    if spec.generic:
        tag = tag or ref.digest or ""
        size = 20_000_000 + int(hashlib.sha256(spec.repository.encode()).hexdigest()[:6], 16) % 60_000_000
        digest = ref.digest or _digest(spec, tag)
        return ImageInfo(ref, spec, tag, size, _sha(f"config {spec.repository}:{tag}"), digest, tag)
    if ref.digest:
        tag = next((t for t in spec.tags if _digest(spec, t) == ref.digest), None)
    if tag not in spec.tags and tag is not None and _tag_alias(spec, tag):
        listed, version = _tag_alias(spec, tag)
        return ImageInfo(ref, spec, listed, spec.tags[listed], _sha(f"config {spec.repository}:{tag}"),
                         _digest(spec, tag), version)
    if tag not in spec.tags:
        return _failure(image, ref, "NotFound", f"{ref}: not found")
    digest = _digest(spec, tag)
    return ImageInfo(ref, spec, tag, spec.tags[tag], _sha(f"config {spec.repository}:{tag}"), digest,
                     spec.versions.get(tag, tag))


_VERSION_TAG = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?(?:-([a-z][a-z0-9.-]*))?")
_VARIANTS = {"alpine", "bookworm", "bullseye", "buster", "slim", "perl", "alpine-slim", "alpine-perl", "otel",
             "bookworm-slim", "bullseye-slim", "glibc", "musl", "uclibc"}


def _tag_alias(spec: ImageSpec, tag: str) -> tuple[str, str] | None:
    """A release tag the catalog does not list, as (the listed tag whose image it
    behaves like, its version); None when no such release exists.

    >>> _tag_alias(REGISTRY["docker.io/library/nginx"], "1.21.3")
    ('1.21', '1.21.3')
    >>> _tag_alias(REGISTRY["docker.io/library/nginx"], "1.161") is None
    True
    """
    m = _VERSION_TAG.fullmatch(tag)
    if not spec.version_tags or not m:
        return None
    major, minor, patch, variant = m.groups()
    if variant and variant.rstrip("0123456789.") not in _VARIANTS:
        return None
    if patch is not None and int(patch) > 30:
        return None
    listed = f"{major}.{minor}"
    if listed not in spec.tags:
        return None
    return listed, (f"{listed}.{patch}" if patch is not None else spec.versions.get(listed, listed))


def _missing(ref: refs.Reference) -> bool:
    """Whether a repository the catalog does not hold really does not exist.

    Docker Hub's official images (``library/...``) are a known, curated set; an
    unreachable or made-up registry has nothing; a name one or two letters away
    from a repository the catalog holds is a misspelling (``ngnix``).  Anything
    else is someone's image kubelab does not know: it exists, and runs as a
    generic program (:data:`kubelab.apps.catalog.GENERIC`).
    """
    if ref.domain.split(":")[0] == "localhost" or ref.domain not in KNOWN_REGISTRIES:
        return True
    canonical = canonical_repository(ref)
    domain, _, path = canonical.partition("/")
    if domain == "docker.io" and path.startswith("library/"):
        return path.split("/", 1)[1] not in OFFICIAL_IMAGES
    if domain in (_K8S, "k8s.gcr.io") or domain in ALIYUN:
        return True                    # the Kubernetes project's images: the catalog has those used
    return _misspelt(canonical)


def _misspelt(repository: str) -> bool:
    name = repository.rsplit("/", 1)[-1]
    domain = repository.split("/", 1)[0]
    for known in REGISTRY:
        if known.split("/", 1)[0] == domain and known != repository:
            other = known.rsplit("/", 1)[-1]
            if other != name and _distance(name, other) <= 2 and min(len(name), len(other)) >= 4:
                return True
    return False


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (a swap of two letters counts one)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@lru_cache(maxsize=256)
def _generic_spec(repository: str) -> ImageSpec:
    name = repository.rsplit("/", 1)[-1]
    return replace(GENERIC, repository=repository, cmd=(name,), programs=frozenset({name}))


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
    if "pull access denied" in error.message:
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


def _toolbox(spec: ImageSpec, tag: str = "") -> Toolbox:
    """The image's programs: the shared tools it lists, and its own (``perl``, or a
    tag's: busybox 1.28's ``nslookup``)."""
    own = spec.per_tag.get(tag, {}).get("tool_impls")
    key = (spec.repository, tag if own else "")
    box = _TOOLBOXES.get(key)
    if box is None:
        flavour = spec.flavour if "sh" in spec.tools else ASH
        box = Toolbox.of(spec.tools, flavour).with_programs({**spec.tool_impls, **(own or {})})
        _TOOLBOXES[key] = box
    return box


_TOOLBOXES: dict[tuple[str, str], Toolbox] = {}


def toolbox_for(image: str) -> Toolbox:
    """The programs on an image's PATH and its shell."""
    info = lookup(image)
    return _toolbox(info.spec, info.tag) if info is not None else _toolbox(GENERIC)


def run_exec(ctx, argv: list[str], stdin: str | None = None, *, tty: bool = False) -> ExecResult:
    """Run a command in a context of ``ctx.container['image']`` without starting its program
    (tests and examples; a running container execs through its app)."""
    return toolbox_for(ctx.container.get("image", "")).exec(ctx, argv, stdin, tty=tty)


def image_files(info: ImageInfo) -> Mapping[str, str]:
    """Files the image ships that programs or learners read (read-only: one
    mapping for every container of the image, laid under its filesystem)."""
    return _image_files(info.spec.repository, info.spec.app, info.version)


@lru_cache(maxsize=256)
def _image_files(repository: str, app: type | None, version: str) -> Mapping[str, str]:
    files = dict(IMAGE_FILES.get(repository, {}))
    if app is Nginx:
        files["/usr/share/nginx/html/index.html"] = nginx_index(version)
        files["/usr/share/nginx/html/50x.html"] = NGINX_50X
    if app is RedisServer:
        files["/usr/local/bin/docker-entrypoint.sh"] = "#!/bin/sh\nset -e\n"
    if app is Bootcamp:
        files["/server.js"] = BOOTCAMP_SERVER_JS.replace("{version}", version)
    return MappingProxyType(files)


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

@lru_cache(maxsize=1024)           # one string for every container of an image
def _image_id(repository: str, digest: str) -> str:
    return f"{repository}@{digest}"


def expand(text: str, env: Mapping[str, str]) -> str:
    """Kubernetes' ``$(VAR)`` expansion in command/args: unknown stays as written, ``$$`` is ``$``.

    >>> expand("echo $(GREETING) $(MISSING) $$(X)", {"GREETING": "hi"})
    'echo hi $(MISSING) $(X)'
    """
    if "$" not in text:
        return text                # the same string: nothing to expand
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
    command, args = container.get("command"), container.get("args")
    if command:
        argv = [*command, *(args or ())]
    elif args:
        argv = info.entrypoint + list(args)
    else:
        argv = list(info.default_argv)
    if env is None or "$" not in "".join(argv):
        return argv                # nothing to expand (most containers): expand() would keep each
    return [expand(a, env) for a in argv]


def exec_argv(info: ImageInfo, argv: list[str]) -> list[str]:
    """What runs once the image's entrypoint script has done its work and ``exec``'d.

    The official images' ``docker-entrypoint.sh`` put their program in front of
    arguments that are options (redis also of a ``*.conf`` file), then ``exec "$@"``:

    >>> exec_argv(resolve("redis:5"), ["docker-entrypoint.sh", "--maxmemory", "2mb"])
    ['redis-server', '--maxmemory', '2mb']
    >>> exec_argv(resolve("bash"), ["docker-entrypoint.sh", "-c", "echo hi"])
    ['bash', '-c', 'echo hi']
    """
    spec = info.spec
    if not argv or argv[0] not in spec.wrappers:
        return list(argv)
    rest = list(argv)
    while rest and rest[0] in spec.wrappers:
        rest = rest[1:]
    if spec.entry_program and (not rest or rest[0].startswith("-") or rest[0].endswith(spec.entry_suffixes)):
        rest = [spec.entry_program] + rest
    return rest


def program_of(info: ImageInfo, argv: list[str]) -> str | None:
    """The image program an argv starts, looking through entrypoint wrappers and ``sh -c 'prog ...'``."""
    argv = exec_argv(info, argv)
    if not argv:
        return None
    base = argv[0].rsplit("/", 1)[-1]
    if base in info.spec.programs or (info.spec.generic and base not in info.spec.tools):
        return base
    if base in ("sh", "bash") and len(argv) >= 3 and argv[1] == "-c":
        words = argv[2].split()
        if words and not any(c in argv[2] for c in ";&|<>$`") and words[0].rsplit("/", 1)[-1] in info.spec.programs:
            return words[0].rsplit("/", 1)[-1]
    return None


def start_error(info: ImageInfo, argv: list[str]) -> str | None:
    """The StartError message containerd 1.7 / runc give when argv[0] does not exist, else None."""
    return launch(info, argv).error


def _start_error(info: ImageInfo, argv: "list[str] | tuple[str, ...]") -> str | None:
    prefix = ("failed to create containerd task: failed to create shim task: OCI runtime create failed: "
              "runc create failed: unable to start container process: ")
    if not argv:
        return prefix + "no command specified: unknown"
    first = argv[0]
    base = first.rsplit("/", 1)[-1]
    if info.spec.generic:
        return None                    # an image kubelab does not know: assume it has the program
    if first in info.spec.wrappers or base in info.spec.programs or base in info.spec.tools:
        return None
    if first in image_files(info):
        return None
    if first.startswith("/"):
        return prefix + f'exec: "{first}": stat {first}: no such file or directory: unknown'
    return prefix + f'exec: "{first}": executable file not found in $PATH: unknown'


@dataclass(frozen=True)
class Launch:
    """What starting an argv in a container of an image comes to (:func:`launch`)."""
    error: str | None             # the StartError message (None: the process starts)
    argv: tuple[str, ...]         # the process the entrypoint script exec'd
    app: type | None              # the image's server program, None: a shell runs the argv
    toolbox: Toolbox              # the programs on the image's PATH
    stop_signal: str              # the image's STOPSIGNAL


#: an image's launches kept (argv -> Launch) before its table starts over
LAUNCHES_KEPT = 256


def launch(info: ImageInfo, argv: "list[str] | tuple[str, ...]") -> Launch:
    """What starting ``argv`` in a container of this image comes to: a pure function
    of the two, worked out once for the containers of an image started with the same
    argv (every pod of a Deployment), kept in the image info's own table.

    >>> nginx = resolve("nginx:1.27")
    >>> launch(nginx, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]).app.__name__
    'Nginx'
    >>> launch(nginx, ["nginx"]) is launch(nginx, ("nginx",)), launch(nginx, ["nope"]).error[-43:]
    (True, 'executable file not found in $PATH: unknown')
    """
    key = tuple(argv)
    table = info.launches
    got = table.get(key)
    if got is None:
        error = _start_error(info, key)
        program = None if error else program_of(info, list(key))
        spec = info.spec
        cls = None
        if program and spec.app is not None:
            generic = spec.app is GenericServer
            cls = _server_class(spec.app, info.version, frozenset(spec.exposed) if generic else None,
                                info.name if generic else None)
        got = Launch(error, tuple(exec_argv(info, list(key))), cls, _toolbox(spec, info.tag), info.stop_signal)
        if len(table) >= LAUNCHES_KEPT:
            table.clear()
        table[key] = got
    return got


def app_for(info: ImageInfo, ctx):
    """The App that runs ``ctx.args`` in a container of this image (not started yet).

    The image's files (:func:`image_files`) are the runtime's to lay into ``ctx.fs``,
    underneath any volume mounts (the kubelet does when it makes the filesystem).
    """
    how = launch(info, ctx.args)
    if how.error:
        app = StartFailedApp(ctx, EMPTY)
        app.message = how.error
        return app
    ctx.args = list(how.argv)              # the process the entrypoint script exec'd
    app = (how.app or ShellApp)(ctx, how.toolbox)
    signal = how.stop_signal
    if signal != app.stop_signal:          # the class's own (SIGTERM) needs no copy in every app
        app.stop_signal = signal
    return app


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
    ctx.fs.lay_under(image_files(info))
    app = app_for(info, ctx)
    app.start()
    return app
