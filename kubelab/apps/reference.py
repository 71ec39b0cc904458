"""Image references, parsed and normalised exactly as Docker and containerd do.

This is a port of the rules in ``github.com/distribution/reference``
(``ParseNormalizedNamed`` and ``splitDockerDomain``), which both the kubelet
and containerd use:

>>> str(parse("nginx"))
'docker.io/library/nginx:latest'
>>> str(parse("jocatalin/kubernetes-bootcamp:v2"))
'docker.io/jocatalin/kubernetes-bootcamp:v2'
>>> str(parse("k8s.gcr.io/echoserver:1.4"))
'k8s.gcr.io/echoserver:1.4'
>>> parse("localhost:5000/app").domain
'localhost:5000'
>>> try:
...     parse("Nginx")
... except InvalidReference as e:
...     print(e)
invalid reference format: repository name (library/Nginx) must be lowercase
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"

# The grammar of distribution/reference/regexp.go, spelled out.
_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(
    rf"^(?P<name>(?:{_DOMAIN}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*)"
    rf"(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?$")
_DOMAIN_ONLY = re.compile(rf"^{_DOMAIN}$")
_HEX64 = re.compile(r"^[a-f0-9]{64}$")
NAME_TOTAL_LENGTH_MAX = 255


class InvalidReference(ValueError):
    """The error text distribution/reference gives (e.g. ``invalid reference format``)."""


@dataclass(frozen=True)
class Reference:
    domain: str                  # "docker.io", "k8s.gcr.io", "localhost:5000"
    path: str                    # "library/nginx", "echoserver"
    tag: str | None = None
    digest: str | None = None

    @property
    def repository(self) -> str:
        """``docker.io/library/nginx``"""
        return f"{self.domain}/{self.path}"

    @property
    def familiar(self) -> str:
        """The short name Docker shows: ``nginx``, ``jocatalin/kubernetes-bootcamp``."""
        if self.domain != DEFAULT_DOMAIN:
            return self.repository
        rest = self.path[len(OFFICIAL_REPO_PREFIX):] if self.path.startswith(OFFICIAL_REPO_PREFIX) else self.path
        return rest if "/" not in rest else self.path

    def __str__(self) -> str:
        """The fully qualified reference containerd pulls (tag defaulted to latest)."""
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag or DEFAULT_TAG}"


def split_docker_domain(name: str) -> tuple[str, str]:
    """Port of splitDockerDomain: which part of a name is the registry."""
    first, sep, rest = name.partition("/")
    if not sep:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name
    if first == "localhost":
        domain, remote = first, rest
    elif first == LEGACY_DEFAULT_DOMAIN:
        domain, remote = DEFAULT_DOMAIN, rest
    elif any(c in first for c in ".:"):
        domain, remote = first, rest
    elif first.lower() != first:
        domain, remote = first, rest       # uppercase namespaces are not allowed: a domain
    else:
        domain, remote = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        remote = OFFICIAL_REPO_PREFIX + remote
    return domain, remote


def parse(ref: str) -> Reference:
    """ParseNormalizedNamed + TagNameOnly: a full reference, or InvalidReference."""
    if _HEX64.match(ref):
        raise InvalidReference(
            f"invalid repository name ({ref}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = split_docker_domain(ref)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidReference(
            f"invalid reference format: repository name ({remote}) must be lowercase")
    m = _REFERENCE.match(f"{domain}/{remainder}")
    if not m:
        raise InvalidReference("invalid reference format")
    name = m.group("name")
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(
            f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters")
    dom, _, path = name.partition("/")
    tag, digest = m.group("tag"), m.group("digest")
    if digest and tag:           # ParseDockerRef: a digest wins over a tag
        tag = None
    return Reference(dom, path, tag if (tag or digest) else DEFAULT_TAG, digest)


def has_tag_or_digest(ref: str) -> bool:
    """What the kubelet's applyDefaultImageTag checks before appending ``:latest``."""
    last = ref.rsplit("/", 1)[-1]
    return ":" in last or "@" in ref
