"""``docker pull / tag / rmi / images`` on a simulated machine's image store.

The store is the same dict the node's kubelet looks in, so an image pulled
(or re-tagged) here is "already present on machine" for a pod with
``imagePullPolicy: IfNotPresent`` — the trick the notes use to get
``k8s.gcr.io/echoserver:1.4`` onto a node that cannot reach k8s.gcr.io.

Output follows Docker 27; layer IDs are derived from the image digest so they
are stable; CREATED is not simulated (shown as the image's build year where known).
"""
from __future__ import annotations

import hashlib

from ..apps import images as registry
from ..apps import reference as refs
from ..i18n import translate
from ..result import Result

#: what `docker pull NAME` with a missing argument or more than one says (cobra's ExactArgs + docker's usage)
PULL_USAGE = ('"docker pull" requires exactly 1 argument.\nSee \'docker pull --help\'.\n\n'
              'Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry\n')
TAG_USAGE = ('"docker tag" requires exactly 2 arguments.\nSee \'docker tag --help\'.\n\n'
             'Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\n'
             'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n')
#: approximate build dates of images the course pulls, for the CREATED column
CREATED = {"registry.k8s.io/echoserver": "8 years ago", "gcr.io/google-samples/node-hello": "8 years ago",
           "registry.k8s.io/pause": "7 months ago", "registry.k8s.io/etcd": "4 months ago",
           "registry.k8s.io/coredns/coredns": "4 months ago"}


def _key(image: str) -> str:
    try:
        return str(refs.parse(image))
    except refs.InvalidReference:
        return image


def _layers(info) -> list[str]:
    n = max(1, min(8, info.size // 12_000_000 + 1))
    return [hashlib.sha256(f"{info.digest}/{i}".encode()).hexdigest()[:12] for i in range(n)]


def pull(store: dict, image: str, blocked=frozenset(), mirrors=None) -> Result:
    try:
        ref = refs.parse(image)
    except refs.InvalidReference as err:
        return Result("", f"{err}\n", 1)
    info = registry.resolve(image, blocked, mirrors)
    if getattr(info, "error", None) is not None:
        msg = registry.docker_daemon_error(info) + "\n"
        return Result("", msg, 1)
    key = str(ref)
    tag = ref.tag or refs.DEFAULT_TAG
    out = [f"{tag}: Pulling from {ref.path}"]
    if key in store and getattr(store[key], "digest", None) == info.digest:
        out += [f"Digest: {info.digest}", f"Status: Image is up to date for {ref.familiar}:{tag}"]
    else:
        out += [f"{layer}: Pull complete" for layer in _layers(info)]
        out += [f"Digest: {info.digest}", f"Status: Downloaded newer image for {ref.familiar}:{tag}"]
    store[key] = info
    out.append(key if ref.domain != "docker.io" else f"docker.io/{ref.path}:{tag}")
    return Result("\n".join(out) + "\n", "", 0)


def tag(store: dict, source: str, target: str) -> Result:
    info = store.get(_key(source))
    if info is None:
        return Result("", f"Error response from daemon: No such image: {source if ':' in source.rsplit('/', 1)[-1] else source + ':latest'}\n", 1)
    try:
        store[str(refs.parse(target))] = info
    except refs.InvalidReference as err:
        return Result("", f"Error parsing reference: \"{target}\" is not a valid repository/tag: {err}\n", 1)
    return Result("", "", 0)


def rmi(store: dict, image: str) -> Result:
    key = _key(image)
    info = store.get(key)
    if info is None:
        return Result("", f"Error response from daemon: No such image: {image if ':' in image.rsplit('/', 1)[-1] else image + ':latest'}\n", 1)
    del store[key]
    ref = refs.parse(image)
    lines = [f"Untagged: {ref.familiar}:{ref.tag or 'latest'}"]
    if not any(v is info for v in store.values()):
        lines.append(f"Untagged: {ref.familiar}@{info.digest}")
        lines.append(f"Deleted: {info.id}")
    return Result("\n".join(lines) + "\n", "", 0)


def _human(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000:
            return f"{n:.3g}{unit}"
        n /= 1000
    return f"{n:.3g}TB"


def images(store: dict) -> Result:
    rows = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]]
    for key in sorted(store):
        info = store[key]
        ref = refs.parse(key)
        created = CREATED.get(info.spec.repository, "N/A")
        # docker shows the unpacked size (the kubelet's pull event on a Docker node shows the same)
        rows.append([ref.familiar, ref.tag or "<none>", info.id.split(":")[1][:12], created, _human(info.unpacked_size)])
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    text = "\n".join("   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
    return Result(text + "\n", "", 0)


def run(store: dict, args: list[str], blocked=frozenset(), mirrors=None) -> Result:
    """``docker ARGS`` against ``store``."""
    if not args:
        return Result("", "Usage:  docker [OPTIONS] COMMAND\n", 1)
    verb, rest = args[0], [a for a in args[1:]]
    if verb == "pull":
        return pull(store, rest[0], blocked, mirrors) if len(rest) == 1 else Result("", PULL_USAGE, 1)
    if verb == "tag":
        return tag(store, rest[0], rest[1]) if len(rest) == 2 else Result("", TAG_USAGE, 1)
    if verb in ("rmi", "image") and rest:
        if verb == "image":
            if rest[0] == "ls":
                return images(store)
            verb, rest = {"rm": "rmi"}.get(rest[0], rest[0]), rest[1:]
        out = [rmi(store, r) for r in rest]
        return Result("".join(r.stdout for r in out), "".join(r.stderr for r in out), max(r.returncode for r in out))
    if verb == "images":
        return images(store)
    return Result("", translate(f"docker: '{verb}' is not a docker command (the kit simulates pull, tag, rmi, images).")
                  + "\n", 1)
