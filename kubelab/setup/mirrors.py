"""The image-mirror naming schemes of the notes, as functions.

Behind the notes' network, ``k8s.gcr.io`` and ``gcr.io`` cannot be reached, so
the same images are pulled under other names:

* Aliyun keeps Google's images under ``registry.cn-hangzhou.aliyuncs.com/google_containers``
  (and ``registry.aliyuncs.com/google_containers``, which kubeadm's
  ``--image-repository`` uses): ``k8s.gcr.io/echoserver:1.4`` is
  ``registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4``.
* The anjia0532 project copies ``gcr.io/NAMESPACE/IMAGE:TAG`` to Docker Hub as
  ``anjia0532/NAMESPACE.IMAGE:TAG`` (one repository level: the ``/`` becomes ``.``).

>>> to_anjia0532("gcr.io/google-samples/node-hello:1.0")
'anjia0532/google-samples.node-hello:1.0'
>>> from_anjia0532("anjia0532/google-samples.node-hello:1.0")
'gcr.io/google-samples/node-hello:1.0'
>>> to_aliyun("k8s.gcr.io/echoserver:1.4")
'registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4'
>>> from_aliyun("registry.cn-hangzhou.aliyuncs.com/google_containers/echoserver:1.4")
'k8s.gcr.io/echoserver:1.4'
"""
from __future__ import annotations

ALIYUN_HANGZHOU = "registry.cn-hangzhou.aliyuncs.com/google_containers"
ALIYUN = "registry.aliyuncs.com/google_containers"
ANJIA = "anjia0532"


class MirrorError(ValueError):
    pass


def _split_tag(ref: str) -> tuple[str, str]:
    """('gcr.io/ns/img', ':1.0') — the tag (or digest) kept as written."""
    if "@" in ref:
        name, _, digest = ref.partition("@")
        return name, "@" + digest
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon:]
    return ref, ""


def to_anjia0532(image: str) -> str:
    """``gcr.io/namespace/image:tag`` → ``anjia0532/namespace.image:tag``."""
    name, tag = _split_tag(image)
    parts = name.split("/")
    if len(parts) != 3 or parts[0] != "gcr.io":
        raise MirrorError(f"{image!r} is not of the form gcr.io/namespace/image[:tag]")
    return f"{ANJIA}/{parts[1]}.{parts[2]}{tag}"


def from_anjia0532(image: str) -> str:
    """``anjia0532/namespace.image:tag`` → ``gcr.io/namespace/image:tag``."""
    name, tag = _split_tag(image)
    user, _, rest = name.partition("/")
    if user != ANJIA or "." not in rest or "/" in rest:
        raise MirrorError(f"{image!r} is not of the form anjia0532/namespace.image[:tag]")
    ns, _, img = rest.partition(".")
    return f"gcr.io/{ns}/{img}{tag}"


def to_aliyun(image: str, mirror: str = ALIYUN_HANGZHOU) -> str:
    """``k8s.gcr.io/NAME:TAG`` (or ``registry.k8s.io``, ``gcr.io/google_containers``) → ``MIRROR/NAME:TAG``."""
    for prefix in ("k8s.gcr.io/", "registry.k8s.io/", "gcr.io/google_containers/"):
        if image.startswith(prefix):
            rest = image[len(prefix):]
            # kubeadm flattens coredns/coredns to coredns for a custom repository
            if rest.startswith("coredns/coredns"):
                rest = rest[len("coredns/"):]
            return f"{mirror}/{rest}"
    raise MirrorError(f"{image!r} is not a k8s.gcr.io image")


def from_aliyun(image: str) -> str:
    for mirror in (ALIYUN_HANGZHOU, ALIYUN):
        if image.startswith(mirror + "/"):
            return "k8s.gcr.io/" + image[len(mirror) + 1:]
    raise MirrorError(f"{image!r} is not an Aliyun google_containers image")


def mirror_table(images: list[str]) -> list[tuple[str, str, str]]:
    """(original, Aliyun name, anjia0532 name) for each image; '—' where a scheme does not apply."""
    rows = []
    for image in images:
        try:
            aliyun = to_aliyun(image)
        except MirrorError:
            aliyun = "—"
        try:
            anjia = to_anjia0532(image)
        except MirrorError:
            anjia = "—"
        rows.append((image, aliyun, anjia))
    return rows
