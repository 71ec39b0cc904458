"""PersistentVolumes and claims: the annotation and finalizer names
(k8s.io/component-helpers/storage/volume), and which PersistentVolume satisfies a claim (pkg/controller/volume/persistentvolume
index.go findByClaim and component-helpers FindMatchingVolume).
The PV controller, the scheduler's VolumeBinding and the provisioner all ask here.

Volumes are grouped by their set of access modes; the sets that contain every mode
the claim asks for are tried from the fewest modes up, and within a set the
*smallest* volume that is big enough wins.  A volume pre-bound to the claim
(``claimRef`` naming it) wins outright.

>>> pv = lambda name, size, modes=("ReadWriteOnce",): {"metadata": {"name": name}, "spec": {
...     "capacity": {"storage": size}, "accessModes": list(modes), "volumeMode": "Filesystem"},
...     "status": {"phase": "Available"}}
>>> claim = {"metadata": {"name": "c", "namespace": "default", "uid": "u"}, "spec": {
...     "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "storageClassName": ""}}
>>> find_best_match(claim, [pv("big", "10Gi"), pv("small", "2Gi"), pv("tiny", "500Mi")])["metadata"]["name"]
'small'
"""
from __future__ import annotations

from typing import Iterable

from .meta import Obj
from .quantity import QuantityError, parse_quantity
from .selectors import from_label_selector

ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_PROVISIONED_BY = "pv.kubernetes.io/provisioned-by"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
ANN_BETA_CLASS = "volume.beta.kubernetes.io/storage-class"
ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"

PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"

MINIKUBE_PROVISIONER = "k8s.io/minikube-hostpath"
NO_PROVISIONER = "kubernetes.io/no-provisioner"


def storage_of(resources: dict | None) -> object:
    """The storage quantity's exact amount (0 when absent or unreadable)."""
    try:
        return parse_quantity(str((resources or {}).get("storage", "0"))).amount
    except QuantityError:
        return 0


def claim_class(claim: Obj) -> str:
    """GetPersistentVolumeClaimClass: the beta annotation wins over the field."""
    ann = claim["metadata"].get("annotations") or {}
    if ANN_BETA_CLASS in ann:
        return ann[ANN_BETA_CLASS]
    return claim["spec"].get("storageClassName") or ""


def volume_class(pv: Obj) -> str:
    ann = pv["metadata"].get("annotations") or {}
    if ANN_BETA_CLASS in ann:
        return ann[ANN_BETA_CLASS]
    return pv["spec"].get("storageClassName") or ""


def is_bound_to(pv: Obj, claim: Obj) -> bool:
    """IsVolumeBoundToClaim: claimRef names the claim (and, if it has one, its uid)."""
    ref = pv["spec"].get("claimRef")
    md = claim["metadata"]
    if not ref or ref.get("name") != md["name"] or ref.get("namespace") != md["namespace"]:
        return False
    return not ref.get("uid") or ref["uid"] == md.get("uid")


def modes_satisfied(claim: Obj, pv: Obj) -> bool:
    """CheckAccessModes: every mode the claim asks for is one the volume has."""
    return set(claim["spec"].get("accessModes") or []) <= set(pv["spec"].get("accessModes") or [])


def node_affinity_ok(pv: Obj, node_labels: dict[str, str]) -> bool:
    """CheckNodeAffinity of spec.nodeAffinity.required (terms ORed, expressions ANDed)."""
    terms = (((pv["spec"].get("nodeAffinity") or {}).get("required") or {}).get("nodeSelectorTerms"))
    if not terms:
        return True
    for term in terms:
        ok = True
        for e in term.get("matchExpressions") or []:
            have, values = node_labels.get(e["key"]), e.get("values") or []
            ok &= {"In": have in values, "NotIn": have not in values, "Exists": e["key"] in node_labels,
                   "DoesNotExist": e["key"] not in node_labels}.get(e.get("operator"), False)
        if ok:
            return True
    return False


def _matching(claim: Obj, volumes: list[Obj], node_labels: dict | None, delay: bool,
              excluded: set[str]) -> Obj | None:
    """FindMatchingVolume over one access-mode group."""
    requested = storage_of((claim["spec"].get("resources") or {}).get("requests"))
    cls = claim_class(claim)
    sel = claim["spec"].get("selector")
    selector = from_label_selector(sel) if sel is not None else None
    best, best_size = None, None
    for pv in volumes:
        if pv["metadata"]["name"] in excluded:
            continue
        if pv["spec"].get("claimRef") and not is_bound_to(pv, claim):
            continue
        size = storage_of(pv["spec"].get("capacity"))
        if size < requested:
            continue
        if (claim["spec"].get("volumeMode") or "Filesystem") != (pv["spec"].get("volumeMode") or "Filesystem"):
            continue
        if pv["metadata"].get("deletionTimestamp"):
            continue
        affinity_ok = node_labels is None or node_affinity_ok(pv, node_labels)
        if is_bound_to(pv, claim):
            return pv if affinity_ok else None
        if node_labels is None and delay:
            continue        # WaitForFirstConsumer: the scheduler binds, not the controller
        if (pv.get("status") or {}).get("phase") != "Available":
            continue
        if selector is not None and not selector.matches(pv["metadata"].get("labels") or {}):
            continue
        if volume_class(pv) != cls or not affinity_ok:
            continue
        if node_labels is not None and not modes_satisfied(claim, pv):
            continue
        if best is None or best_size > size:
            best, best_size = pv, size
    return best


def find_best_match(claim: Obj, volumes: Iterable[Obj], *, delay_binding: bool = False,
                    node_labels: dict | None = None, excluded: set[str] | None = None) -> Obj | None:
    """The volume the controller (``node_labels`` None) or the scheduler (a node's
    labels) would pick for ``claim``, or None."""
    wanted = set(claim["spec"].get("accessModes") or [])
    groups: dict[tuple[str, ...], list[Obj]] = {}
    for pv in sorted(volumes, key=lambda v: v["metadata"]["name"]):
        modes = tuple(sorted(set(pv["spec"].get("accessModes") or [])))
        groups.setdefault(modes, []).append(pv)
    for modes in sorted((m for m in groups if wanted <= set(m)), key=lambda m: (len(m), m)):
        found = _matching(claim, groups[modes], node_labels, delay_binding, excluded or set())
        if found is not None:
            return found
    return None


def mismatch(claim: Obj, pv: Obj) -> str:
    """checkVolumeSatisfyClaim: why a volume the claim names cannot serve it ('' if it can)."""
    requested = storage_of((claim["spec"].get("resources") or {}).get("requests"))
    if pv["metadata"].get("deletionTimestamp"):
        return f'the volume is marked for deletion "{pv["metadata"]["name"]}"'
    if storage_of(pv["spec"].get("capacity")) < requested:
        return "requested PV is too small"
    if volume_class(pv) != claim_class(claim):
        return "storageClassName does not match"
    if (claim["spec"].get("volumeMode") or "Filesystem") != (pv["spec"].get("volumeMode") or "Filesystem"):
        return "incompatible volumeMode"
    if not modes_satisfied(claim, pv):
        return "incompatible accessMode"
    return ""
