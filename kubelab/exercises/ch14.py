"""Checks for chapter 14 (Persistent Volumes, claims and StorageClasses)."""
from __future__ import annotations

from . import Check, not_yet, ok


def static_claim(cluster, pv: str = "task-pv-volume", claim: str = "task-pv-claim") -> Check:
    """Exercise 1: a PV ``task-pv-volume`` (10Gi, class ``manual``, hostPath ``/mnt/data``) and a
    claim ``task-pv-claim`` for 3Gi that the binder binds to it — no dynamic provisioning."""
    vol = cluster.get("pv", pv)
    if vol is None:
        return not_yet(f'there is no PersistentVolume "{pv}". Create it with storageClassName: manual.')
    spec = vol["spec"]
    if (spec.get("storageClassName") or "") != "manual":
        return not_yet(f'the volume\'s storageClassName is "{spec.get("storageClassName") or ""}", not "manual".')
    if (spec.get("hostPath") or {}).get("path") != "/mnt/data":
        return not_yet("the volume should be a hostPath volume at /mnt/data.")
    c = cluster.get("pvc", claim)
    if c is None:
        return not_yet(f'there is no PersistentVolumeClaim "{claim}".')
    if (c["spec"].get("storageClassName") or "") != "manual":
        return not_yet("the claim must ask for storageClassName: manual, or the default class "
                       "`standard` provisions a new volume instead of binding yours.")
    if (c.get("status") or {}).get("phase") != "Bound":
        return not_yet(f"the claim is {(c.get('status') or {}).get('phase')}; look at kubectl describe pvc {claim}.")
    if c["spec"].get("volumeName") != pv:
        return not_yet(f"the claim is bound to {c['spec'].get('volumeName')}, not {pv}.")
    return ok(f"{claim} is Bound to {pv}: claimRef on the volume, volumeName on the claim.")


def data_outlives_pod(cluster, claim: str = "task-pv-claim", path: str = "/index.html") -> Check:
    """Exercise 2: a pod wrote ``index.html`` on the claim's volume, was deleted, and another pod
    that mounts the same claim is running and sees the file."""
    c = cluster.get("pvc", claim)
    if c is None or not c["spec"].get("volumeName"):
        return not_yet(f"the claim {claim} is not bound yet; finish exercise 1 first.")
    files = cluster.volume_files(c["spec"]["volumeName"])
    if path not in files:
        return not_yet(f"no {path.lstrip('/')} on the volume yet: run a pod that writes it into the mounted directory.")
    deleted = [a for a in cluster.api.actions if a.kind == "Pod" and a.verb == "delete" and a.component == "kubectl"]
    if not deleted:
        return not_yet("delete the pod that wrote the file (kubectl delete pod NAME), then start another one.")
    users = [p for p in cluster.api.list("pods", "default") if not p["metadata"].get("deletionTimestamp")
             and (p.get("status") or {}).get("phase") == "Running"
             and any((v.get("persistentVolumeClaim") or {}).get("claimName") == claim for v in p["spec"].get("volumes") or [])]
    if not users:
        return not_yet(f"no running pod mounts {claim} now: start a new one and %kubelab settle.")
    return ok(f"{users[0]['metadata']['name']} mounts {claim} and finds {path.lstrip('/')} written by a pod that is gone.")


POLICIES = {"retain": True, "delete": False, "recycle": False}


def keeps_data(answer: str) -> Check:
    """Exercise 3: which reclaim policy keeps the data on the volume after its claim is deleted?"""
    a = (answer or "").strip().lower()
    if a in ("recycled", "deleted"):
        return not_yet(f'"{answer}" is the notes\' spelling; the API only knows Retain, Delete and Recycle.')
    if a not in POLICIES:
        return not_yet("choose Retain, Delete or Recycle.")
    if POLICIES[a]:
        return ok("Retain: the volume becomes Released and keeps its data until an administrator acts.")
    if a == "delete":
        return not_yet("Delete removes the volume and the storage behind it.")
    return not_yet("Recycle scrubs the volume (rm -rf) and offers it to the next claim; it is deprecated.")
