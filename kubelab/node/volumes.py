"""Volumes a pod's containers mount, as simulated filesystems.

ConfigMap and Secret volumes are projected as the kubelet's volume plugins do
(pkg/volume/configmap, pkg/volume/secret ``MakePayload``): every key becomes a
file named after it, or only the keys listed in ``items`` at their ``path``;
each file gets ``items[].mode`` or the volume's ``defaultMode`` (0644 when
unset).  A missing object or key fails ``MountVolume.SetUp`` with the
kubelet's words, unless the volume is ``optional``.

>>> fs = project_files({"redis-config": "maxmemory 2mb\\n"}, [{"key": "redis-config", "path": "redis.conf"}], 0o644)
>>> fs.files, oct(fs.modes["/redis.conf"])
({'/redis.conf': 'maxmemory 2mb\\n'}, '0o644')

Mounted files follow later changes to the ConfigMap or Secret, but only at the
pod's next periodic sync (``SYNC_PERIOD``), as with the kubelet's default
Watch change-detection strategy; a ``subPath`` mount is a copy and never
changes; environment variables are read once, when the container starts.
"""
from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from ..api.meta import Obj
from ..apps.base import FileSystem

if TYPE_CHECKING:
    from ..api.store import Store

#: The kubelet's --sync-frequency: how often each pod is synced, and so how long
#: an update to a mounted ConfigMap/Secret can take to show in the files.
SYNC_PERIOD = 60.0
#: The volume manager retries a failed mount with exponential back-off from
#: 500 ms, doubling up to 2m2s (pkg/util/goroutinemap/exponentialbackoff).
MOUNT_BACKOFF_INITIAL = 0.5
MOUNT_BACKOFF_MAX = 122.0
DEFAULT_MODE = 0o644


class VolumeError(Exception):
    """A volume that cannot be set up; ``message`` is the FailedMount event text."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ProjectedFS(FileSystem):
    """A configMap/secret volume: files plus their permission bits, and where they came from."""

    def __init__(self, source: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.modes: dict[str, int] = {}
        self.source = source            # ("configmaps" | "secrets", name)


def mount_backoff(attempt: int) -> float:
    """Seconds to wait before mount attempt ``attempt + 1`` (attempt counts from 1).

    >>> [mount_backoff(n) for n in (1, 2, 3, 9, 10)]
    [0.5, 1.0, 2.0, 122.0, 122.0]
    """
    return min(MOUNT_BACKOFF_MAX, MOUNT_BACKOFF_INITIAL * 2 ** (attempt - 1))


def _decoded(values: dict | None) -> dict[str, str]:
    return {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (values or {}).items()}


def source_of(vol: Obj) -> tuple[str, str] | None:
    """("configmaps", name) or ("secrets", name) for a configMap/secret volume."""
    if "configMap" in vol:
        return "configmaps", vol["configMap"].get("name", "")
    if "secret" in vol:
        return "secrets", vol["secret"].get("secretName", "")
    return None


def project_files(data: dict[str, str], items: list[Obj] | None, default_mode: int,
                  optional: bool = False, kind: str = "configmaps") -> ProjectedFS:
    """The payload: all keys as files, or only ``items`` at their paths."""
    fs = ProjectedFS()
    if not items:
        for key in sorted(data):
            fs.files["/" + key] = data[key]
            fs.modes["/" + key] = default_mode
        return fs
    for it in items:
        if it["key"] not in data:
            if optional:
                continue
            what = "configmap references non-existent config key" if kind == "configmaps" \
                else "references non-existent secret key"
            raise VolumeError(f"{what}: {it['key']}")
        path = "/" + (it.get("path") or it["key"]).lstrip("/")
        fs.files[path] = data[it["key"]]
        fs.modes[path] = it.get("mode", default_mode)
    return fs


def config_volume(api: "Store", ns: str, vol: Obj) -> ProjectedFS:
    """Set up one configMap/secret volume; raises VolumeError as MountVolume.SetUp fails."""
    kind, name = source_of(vol)
    src = vol["configMap"] if kind == "configmaps" else vol["secret"]
    optional = bool(src.get("optional"))
    obj = api.peek(kind, name, ns)
    if obj is None:
        if optional:
            fs = ProjectedFS((kind, name))
            return fs
        raise VolumeError(f'MountVolume.SetUp failed for volume "{vol["name"]}" : {kind[:-1]} "{name}" not found')
    if kind == "configmaps":
        data = dict(obj.get("data") or {}) | _decoded(obj.get("binaryData"))
    else:
        data = _decoded(obj.get("data"))
    try:
        fs = project_files(data, src.get("items"), src.get("defaultMode", DEFAULT_MODE), optional, kind)
    except VolumeError as err:
        raise VolumeError(f'MountVolume.SetUp failed for volume "{vol["name"]}" : {err.message}')
    fs.source = (kind, name)
    return fs


def build_volumes(api: "Store", pod: Obj, host_fs: dict[str, FileSystem] | None = None,
                  claim_fs=None) -> dict[str, FileSystem]:
    """One FileSystem per volume; raises VolumeError with the kubelet's FailedMount message."""
    ns = pod["metadata"]["namespace"]
    out: dict[str, FileSystem] = {}
    for vol in pod["spec"].get("volumes") or []:
        name = vol["name"]
        if source_of(vol) is not None:
            out[name] = config_volume(api, ns, vol)
        elif "hostPath" in vol and host_fs is not None:
            out[name] = host_fs.setdefault(vol["hostPath"].get("path", "/"), FileSystem())
        elif "persistentVolumeClaim" in vol and claim_fs is not None:
            try:        # the claim's volume: one FileSystem per PV, so data outlives the pod
                out[name] = claim_fs(ns, vol["persistentVolumeClaim"]["claimName"])
            except Exception as err:    # claim_fs says why in .message (kubelab.storage.data)
                raise VolumeError(getattr(err, "message", str(err))) from err
        else:
            out[name] = FileSystem()
    return out


def uses(pod: Obj, kind: str, name: str) -> bool:
    """Whether the pod mounts this ConfigMap/Secret as a volume."""
    return any(source_of(v) == (kind, name) for v in pod["spec"].get("volumes") or [])


def refresh(api: "Store", pod: Obj, volumes: dict[str, FileSystem]) -> list[str]:
    """Re-project the pod's configMap/secret volumes in place (the atomic writer's
    swap of ``..data``); returns the names of the volumes whose files changed.
    A source that has gone keeps its last files, as in Kubernetes."""
    ns = pod["metadata"]["namespace"]
    changed = []
    for vol in pod["spec"].get("volumes") or []:
        fs = volumes.get(vol["name"])
        if source_of(vol) is None or not isinstance(fs, ProjectedFS):
            continue
        try:
            new = config_volume(api, ns, vol)
        except VolumeError:
            continue
        if new.files != fs.files or new.modes != fs.modes:
            fs.files.clear()
            fs.files.update(new.files)
            fs.modes = new.modes
            changed.append(vol["name"])
    return changed


def mount_into(fs: FileSystem, mount: Obj, volumes: dict[str, FileSystem]) -> None:
    """Graft one volumeMount into a container's filesystem.  A ``subPath`` mount
    of a file is a copy taken now (Kubernetes never updates subPath mounts)."""
    vol = volumes.get(mount["name"])
    if vol is None:
        return
    sub = (mount.get("subPath") or "").strip("/")
    read_only = bool(mount.get("readOnly"))
    if not sub or not isinstance(vol, ProjectedFS):
        fs.mount(mount["mountPath"], vol, read_only)   # other volumes' subPaths are not modelled
        return
    copy = FileSystem()
    prefix = "/" + sub
    if prefix in vol.files:
        copy.files["/"] = vol.files[prefix]          # a single file mounted at mountPath
    else:
        copy.files.update({p[len(prefix):]: v for p, v in vol.files.items() if p.startswith(prefix + "/")})
        if not copy.files:
            copy = vol                                  # an empty directory: share it
    fs.mount(mount["mountPath"], copy, read_only)
