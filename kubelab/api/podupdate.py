"""ValidatePodUpdate (pkg/apis/core/validation/validation.go, v1.32): what an update may
change in a pod's spec.

A pod's spec is fixed once created, but for: the containers' and init containers'
images; ``activeDeadlineSeconds`` (set, or lowered); ``tolerations`` (added to, an
existing one's ``tolerationSeconds`` changed); ``terminationGracePeriodSeconds`` (to 1
when it was negative); ``schedulingGates`` (removed).  A pod still gated may also have
its ``nodeSelector`` added to and its required node affinity narrowed (KEP-3521):
new keys, new match expressions or fields at the end of an existing term.  Each rule
answers with upstream's words, in upstream's order; anything else changed is the one
``spec: Forbidden: pod updates may not change fields other than ...`` (the apiserver
appends a diff of the two specs; the simulator leaves it out).
"""
from __future__ import annotations

import copy
import json

from .fielderrors import Raw, forbidden, go_map, invalid

__all__ = ["validate_pod_update", "POD_UPDATE_FORBIDDEN"]

Causes = list[tuple[str, str]]

POD_UPDATE_FORBIDDEN = forbidden(
    "pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
    "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")
MAX_INT32 = 2**31 - 1
TERMS = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"


def validate_pod_update(spec: dict, old_spec: dict) -> Causes:
    """The causes ValidatePodUpdate gives for ``spec`` replacing ``old_spec`` (empty: allowed)."""
    for key in ("containers", "initContainers"):
        if len(spec.get(key) or ()) != len(old_spec.get(key) or ()):     # ValidateContainerUpdates: stop here
            return [(f"spec.{key}", forbidden("pod updates may not add or remove containers"))]
    out = _deadline(spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds"))
    if out and out[0][1].endswith(("inclusive", "previous value")):
        return out
    out += _only_added_tolerations(spec.get("tolerations") or [], old_spec.get("tolerations") or [])
    out += only_deleted_gates(spec.get("schedulingGates") or [], old_spec.get("schedulingGates") or [])
    if spec == old_spec:
        return out
    munged, old = _masked(spec, old_spec), _masked(old_spec, old_spec)
    if old_spec.get("schedulingGates"):
        # a gated pod: nodeSelector additions and node affinity narrowing are allowed
        if munged.get("nodeSelector") != old.get("nodeSelector"):
            out += _node_selector_mutation(spec.get("nodeSelector") or {}, old_spec.get("nodeSelector") or {})
        new_na = (spec.get("affinity") or {}).get("nodeAffinity")
        old_na = (old_spec.get("affinity") or {}).get("nodeAffinity")
        if new_na != old_na:
            out += _node_affinity_mutation(new_na, old_na)
        for sp in (munged, old):
            sp.pop("nodeSelector", None)
            affinity = sp.pop("affinity", None)
            rest = {k: v for k, v in (affinity or {}).items() if k != "nodeAffinity"}
            if rest:
                sp["affinity"] = rest
    if munged != old:
        out.append(("spec", POD_UPDATE_FORBIDDEN))
    return out


def _masked(spec: dict, old_spec: dict) -> dict:
    """``spec`` with what an update may change set to the old pod's (the munged spec)."""
    sp = copy.deepcopy(spec)
    for key in ("containers", "initContainers"):
        for c in sp.get(key) or []:
            c.pop("image", None)
    for key in ("activeDeadlineSeconds", "tolerations", "schedulingGates"):
        sp.pop(key, None)
    old_grace = old_spec.get("terminationGracePeriodSeconds")
    if old_grace is not None and old_grace < 0 and sp.get("terminationGracePeriodSeconds") == 1:
        sp["terminationGracePeriodSeconds"] = old_grace
    return sp


def _deadline(new, old) -> Causes:
    """spec.activeDeadlineSeconds: set from nil, or lowered; never raised, never unset."""
    path = "spec.activeDeadlineSeconds"
    if new is not None:
        if new < 0 or new > MAX_INT32:
            return [(path, invalid(new, f"must be between 0 and {MAX_INT32}, inclusive"))]
        if old is not None and old < new:
            return [(path, invalid(new, "must be less than or equal to previous value"))]
    elif old is not None:
        return [(path, invalid(None, "must not update from a positive integer to nil value"))]
    return []


def _toleration_key(t: dict) -> tuple:
    return (t.get("key") or "", t.get("operator") or "", t.get("value") or "", t.get("effect") or "")


def _only_added_tolerations(new: list, old: list) -> Causes:
    """validateOnlyAddedTolerations: every existing toleration is still there, its
    tolerationSeconds aside."""
    have = {_toleration_key(t) for t in new}
    if any(_toleration_key(t) not in have for t in old):
        return [("spec.tolerations", forbidden("existing toleration can not be modified except its tolerationSeconds"))]
    return []


def only_deleted_gates(gates: list, old_gates: list) -> Causes:
    """validateOnlyDeletedSchedulingGates: scheduling gates may be removed, in any
    order, never added."""
    old_names = {g.get("name") for g in old_gates}
    added = {g.get("name"): i for i, g in enumerate(gates)}     # the last index of a name, as upstream's map
    return [(f"spec.schedulingGates[{i}].name", forbidden(f"only deletion is allowed, but found new scheduling gate '{name}'"))
            for name, i in added.items() if name not in old_names]


def _node_selector_mutation(new: dict, old: dict) -> Causes:
    """validateNodeSelectorMutation: no existing key removed or changed."""
    if any(new.get(k) != v for k, v in old.items()):
        return [("spec.nodeSelector", invalid(Raw(go_map(new)),
                                             "only additions to spec.nodeSelector are allowed (no mutations or deletions)"))]
    return []


def _node_affinity_mutation(new: dict | None, old: dict | None) -> Causes:
    """validateNodeAffinityMutation: the required terms keep their number (when there
    were some), and each keeps its expressions and fields, new ones after them."""
    old_req = (old or {}).get("requiredDuringSchedulingIgnoredDuringExecution")
    if old_req is None:
        return []
    old_terms = old_req.get("nodeSelectorTerms") or []
    new_req = (new or {}).get("requiredDuringSchedulingIgnoredDuringExecution")
    new_terms = (new_req or {}).get("nodeSelectorTerms") if new_req is not None else None
    if old_terms and len(old_terms) != len(new_terms or ()):
        return [(TERMS, invalid(Raw(_go_terms(new_terms)),
                                "no additions/deletions to non-empty NodeSelectorTerms list are allowed"))]
    return [(f"{TERMS}[{i}]", invalid(Raw(_go_term(new_terms[i])), "only additions are allowed (no mutations or deletions)"))
            for i in range(len(old_terms)) if not _only_additions(new_terms[i], old_terms[i])]


def _only_additions(new: dict, old: dict) -> bool:
    """validateNodeSelectorTermHasOnlyAdditions."""
    old_expr, old_fields = old.get("matchExpressions") or [], old.get("matchFields") or []
    new_expr, new_fields = new.get("matchExpressions") or [], new.get("matchFields") or []
    if not old_expr and not old_fields and (new_expr or new_fields):
        return False
    for new_list, old_list in ((new_expr, old_expr), (new_fields, old_fields)):
        if old_list and (len(new_list) < len(old_list)
                         or [_requirement(r) for r in new_list[:len(old_list)]] != [_requirement(r) for r in old_list]):
            return False
    return True


def _requirement(r: dict) -> tuple:
    return (r.get("key") or "", r.get("operator") or "", tuple(r.get("values") or ()))


# ------------------------------------------------------------ Go's %#v of the internal types

def _go_strings(values) -> str:
    if values is None:
        return "[]string(nil)"
    return "[]string{" + ", ".join(json.dumps(v) for v in values) + "}"


def _go_requirements(reqs) -> str:
    if reqs is None:
        return "[]core.NodeSelectorRequirement(nil)"
    return "[]core.NodeSelectorRequirement{" + ", ".join(
        f'core.NodeSelectorRequirement{{Key:{json.dumps(r.get("key", ""))}, Operator:{json.dumps(r.get("operator", ""))}, '
        f'Values:{_go_strings(r.get("values"))}}}' for r in reqs) + "}"


def _go_term(term: dict) -> str:
    return (f'core.NodeSelectorTerm{{MatchExpressions:{_go_requirements(term.get("matchExpressions"))}, '
            f'MatchFields:{_go_requirements(term.get("matchFields"))}}}')


def _go_terms(terms) -> str:
    if terms is None:
        return "[]core.NodeSelectorTerm(nil)"
    return "[]core.NodeSelectorTerm{" + ", ".join(_go_term(t) for t in terms) + "}"
