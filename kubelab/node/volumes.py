"""Volumes a pod's containers mount, as simulated filesystems."""
from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from ..api.meta import Obj
from ..apps.base import FileSystem

if TYPE_CHECKING:
    from ..api.store import Store


class VolumeError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def project(data: dict[str, str], items: list[Obj] | None) -> dict[str, str]:
    """Keys to file paths (all keys, or just ``items`` with their paths)."""
    if not items:
        return {"/" + k: v for k, v in sorted(data.items())}
    return {"/" + it["path"].lstrip("/"): data[it["key"]] for it in items if it["key"] in data}


def config_files(api: "Store", ns: str, vol: Obj) -> dict[str, str] | None:
    """The files a configMap/secret volume shows, or None when the source is missing."""
    if "configMap" in vol:
        src = vol["configMap"]
        obj = api.peek("configmaps", src.get("name", ""), ns)
        if obj is None:
            return {} if src.get("optional") else None
        data = dict(obj.get("data") or {})
        data.update({k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (obj.get("binaryData") or {}).items()})
        return project(data, src.get("items"))
    src = vol["secret"]
    obj = api.peek("secrets", src.get("secretName", ""), ns)
    if obj is None:
        return {} if src.get("optional") else None
    data = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (obj.get("data") or {}).items()}
    return project(data, src.get("items"))


def build_volumes(api: "Store", pod: Obj, host_fs: dict[str, FileSystem] | None = None,
                  claim_fs=None) -> dict[str, FileSystem]:
    """One FileSystem per volume; raises VolumeError with the kubelet's FailedMount message."""
    ns = pod["metadata"]["namespace"]
    out: dict[str, FileSystem] = {}
    for vol in pod["spec"].get("volumes") or []:
        fs = FileSystem()
        name = vol["name"]
        if "configMap" in vol or "secret" in vol:
            files = config_files(api, ns, vol)
            if files is None:
                kind = "configmap" if "configMap" in vol else "secret"
                ref = vol["configMap"].get("name") if "configMap" in vol else vol["secret"].get("secretName")
                raise VolumeError(f'MountVolume.SetUp failed for volume "{name}" : {kind} "{ref}" not found')
            fs.files.update(files)
        elif "hostPath" in vol and host_fs is not None:
            fs = host_fs.setdefault(vol["hostPath"].get("path", "/"), FileSystem())
        elif "persistentVolumeClaim" in vol and claim_fs is not None:
            fs = claim_fs(ns, vol["persistentVolumeClaim"]["claimName"])
        out[name] = fs
    return out
