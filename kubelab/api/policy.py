"""policy/v1 PodDisruptionBudget in the apiserver, and the pods/eviction subresource
that honours it (pkg/registry/policy/poddisruptionbudget, pkg/apis/policy/validation,
pkg/registry/core/pod/storage/eviction.go, v1.32).

A budget says how many of the pods its selector picks must stay healthy (Ready)
while someone *voluntarily* disrupts them through the Eviction API: ``kubectl
drain``, a cluster autoscaler.  The disruption controller
(kubelab.controllers.disruption) keeps its status: how many pods are healthy,
how many must be, and so how many evictions are allowed right now.  An eviction
the budget cannot afford is refused with 429 TooManyRequests, and the caller
(kubectl drain) tries again five seconds later.  A plain DELETE is not an
eviction: budgets do not stop it.

>>> pdb = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "zk-pdb"},
...        "spec": {"minAvailable": 2, "maxUnavailable": 1, "selector": {"matchLabels": {"app": "zk"}}}}
>>> for f, m in validate(pdb, None): print(f, m.rsplit("}: ", 1)[1])
spec minAvailable and maxUnavailable cannot be both set
>>> scaled_value(2, 5, True), scaled_value("50%", 5, True), scaled_value("50%", 5, False)
(2, 3, 2)
"""
from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import ApiError
from .fielderrors import Raw, invalid, not_supported
from .meta import Obj
from .names import is_qualified_name
from .pods import is_pod_ready

if TYPE_CHECKING:
    from .store import Store

Causes = list[tuple[str, str]]

DISRUPTION_ALLOWED = "DisruptionAllowed"
SUFFICIENT_PODS = "SufficientPods"
INSUFFICIENT_PODS = "InsufficientPods"
SYNC_FAILED = "SyncFailed"
DISRUPTION_BUDGET_CAUSE = "DisruptionBudget"
#: the eviction handler refuses once this many approved evictions are not yet seen by the controller
MAX_DISRUPTED_POD_SIZE = 2000
UNHEALTHY_POLICIES = ["AlwaysAllow", "IfHealthyBudget"]
EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget."

#: what PrepareForCreate leaves: an empty PodDisruptionBudgetStatus, whose four
#: counters have no omitempty, so they show as zeros
EMPTY_STATUS = {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}


# ------------------------------------------------------------------ registry
def prepare(obj: Obj, old: Obj | None) -> None:
    """podDisruptionBudgetStrategy.PrepareForCreate: the status is the server's
    (an update keeps the stored one: the store carries it over)."""
    if old is None and obj.get("kind") == "PodDisruptionBudget":
        obj["status"] = dict(EMPTY_STATUS)


def install(hooks: Any, validate_all: Any) -> None:
    """Register the registry's strategy with the store's hooks (``validate_all``:
    kubelab.api.validation.validate, which calls :func:`validate` for the spec)."""
    hooks.defaulters["PodDisruptionBudget"].append(prepare)
    hooks.validators["PodDisruptionBudget"].append(lambda obj, old: validate_all(obj, old))


# ---------------------------------------------------------------- validation
_PERCENT = re.compile(r"^[0-9]+%$")
PERCENT_MESSAGE = ("a valid percent string must be a numeric string followed by an ending '%' "
                   "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")


def go_int_or_string(value: Any) -> str:
    """%#v of an intstr.IntOrString (it has no String() on the value)."""
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'intstr.IntOrString{{Type:1, IntVal:0, StrVal:"{escaped}"}}'
    return f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}'


def _int_or_percent(value: Any, path: str) -> Causes:
    """ValidatePositiveIntOrPercent and IsNotMoreThan100Percent (pkg/apis/apps/validation)."""
    out: Causes = []
    if isinstance(value, str):
        if not _PERCENT.match(value):
            out.append((path, invalid(Raw(go_int_or_string(value)), PERCENT_MESSAGE)))
        elif int(value[:-1]) > 100:
            out.append((path, invalid(Raw(go_int_or_string(value)), "must not be greater than 100%")))
    elif value < 0:
        out.append((path, invalid(value, "must be greater than or equal to 0")))
    return out


def _spec_value(spec: Obj) -> Raw:
    """%#v of the internal PodDisruptionBudgetSpec: pointers print as addresses
    (fixed ones here, so the text is the same on every run)."""
    def ptr(go_type: str, present: bool, addr: str) -> str:
        return f"(*{go_type})({addr})" if present else f"(*{go_type})(nil)"
    return Raw("policy.PodDisruptionBudgetSpec{"
               f"MinAvailable:{ptr('intstr.IntOrString', 'minAvailable' in spec, '0xc000a1b2e0')}, "
               f"Selector:{ptr('v1.LabelSelector', spec.get('selector') is not None, '0xc000a1b300')}, "
               f"MaxUnavailable:{ptr('intstr.IntOrString', 'maxUnavailable' in spec, '0xc000a1b2f0')}, "
               "UnhealthyPodEvictionPolicy:"
               f"{ptr('policy.UnhealthyPodEvictionPolicyType', 'unhealthyPodEvictionPolicy' in spec, '0xc000a1b310')}}}")


def _label_selector(sel: Obj, path: str) -> Causes:
    """ValidateLabelSelector: labels as labels; In/NotIn need values, Exists/DoesNotExist none."""
    from .validation import _labels
    out = _labels(sel.get("matchLabels") or {}, f"{path}.matchLabels")
    for i, req in enumerate(sel.get("matchExpressions") or []):
        where, op = f"{path}.matchExpressions[{i}]", req.get("operator", "")
        if op in ("In", "NotIn"):
            if not req.get("values"):
                out.append((f"{where}.values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"))
        elif op in ("Exists", "DoesNotExist"):
            if req.get("values"):
                out.append((f"{where}.values", "Forbidden: may not be specified when `operator` is 'Exists' or "
                                               "'DoesNotExist'"))
        else:
            out.append((f"{where}.operator", invalid(op, "not a valid selector operator")))
        out += [(f"{where}.key", invalid(req.get("key", ""), m)) for m in is_qualified_name(req.get("key", ""))]
    return out


def validate(obj: Obj, old: Obj | None) -> Causes:
    """ValidatePodDisruptionBudget (spec only: every field of a v1 budget may change)."""
    spec = obj.get("spec") or {}
    out: Causes = []
    if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
        out.append(("spec", invalid(_spec_value(spec), "minAvailable and maxUnavailable cannot be both set")))
    for key in ("minAvailable", "maxUnavailable"):
        if spec.get(key) is not None:
            out += _int_or_percent(spec[key], f"spec.{key}")
    if spec.get("selector") is not None:
        out += _label_selector(spec["selector"], "spec.selector")
    policy = spec.get("unhealthyPodEvictionPolicy")
    if policy is not None and policy not in UNHEALTHY_POLICIES:
        out.append(("spec.unhealthyPodEvictionPolicy", not_supported(policy, UNHEALTHY_POLICIES)))
    return out


# ------------------------------------------------------------ the arithmetic
def scaled_value(value: int | str, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent: an int as it is, ``N%`` of ``total``
    rounded up (minAvailable, maxUnavailable: both round up in the controller)."""
    if isinstance(value, int):
        return value
    pct = int(value.rstrip("%"))
    exact = pct * total / 100
    return math.ceil(exact) if round_up else math.floor(exact)


def set_allowed_condition(status: Obj, now: str) -> None:
    """pdbhelper.UpdateDisruptionAllowedCondition: SufficientPods while an eviction
    is allowed, InsufficientPods otherwise; the transition time moves only when
    the status flips (apimeta.SetStatusCondition)."""
    allowed = status.get("disruptionsAllowed", 0) > 0
    want = ("True", SUFFICIENT_PODS) if allowed else ("False", INSUFFICIENT_PODS)
    set_condition(status, want[0], want[1], "", now)


def set_condition(status: Obj, cstatus: str, reason: str, message: str, now: str) -> None:
    """apimeta.SetStatusCondition for the DisruptionAllowed condition."""
    conds = [dict(c) for c in status.get("conditions") or []]
    cur = next((c for c in conds if c.get("type") == DISRUPTION_ALLOWED), None)
    gen = status.get("observedGeneration")
    if cur is None:
        cur = {"type": DISRUPTION_ALLOWED, "status": cstatus, "lastTransitionTime": now}
        conds.append(cur)
    elif cur.get("status") != cstatus:
        cur["status"], cur["lastTransitionTime"] = cstatus, now
    cur["reason"], cur["message"] = reason, message
    if gen:
        cur["observedGeneration"] = gen
    else:
        cur.pop("observedGeneration", None)
    status["conditions"] = conds


def conditions_up_to_date(pdb: Obj) -> bool:
    """pdbhelper.ConditionsAreUpToDate."""
    status = pdb.get("status") or {}
    cond = next((c for c in status.get("conditions") or [] if c.get("type") == DISRUPTION_ALLOWED), None)
    if cond is None or status.get("observedGeneration", 0) != pdb["metadata"].get("generation", 0):
        return False
    if status.get("disruptionsAllowed", 0) > 0:
        return cond.get("status") == "True" and cond.get("reason") == SUFFICIENT_PODS
    return cond.get("status") == "False" and cond.get("reason") == INSUFFICIENT_PODS


def ordered_status(status: Obj) -> Obj:
    """The v1 PodDisruptionBudgetStatus fields in their Go order (JSON output keeps it)."""
    order = ("observedGeneration", "disruptedPods", "disruptionsAllowed", "currentHealthy", "desiredHealthy",
             "expectedPods", "conditions")
    return {k: status[k] for k in order if k in status}


# ------------------------------------------------------------------ eviction
def selects(pdb: Obj, pod: Obj) -> bool:
    """The eviction handler's match: a nil or empty selector matches nothing."""
    from .selectors import from_label_selector
    sel = (pdb.get("spec") or {}).get("selector")
    if not sel or not (sel.get("matchLabels") or sel.get("matchExpressions")):
        return False
    try:
        return from_label_selector(sel).matches(pod["metadata"].get("labels") or {})
    except ApiError:
        return False        # an invalid selector matches nothing


def budgets_for(store: "Store", pod: Obj) -> list[Obj]:
    """getPodDisruptionBudgets: the budgets of the pod's namespace that select it."""
    ns = pod["metadata"]["namespace"]
    return [p for p in store.list("poddisruptionbudgets", ns, copy=False) if selects(p, pod)]


def too_many_requests(message: str) -> ApiError:
    return ApiError(429, "TooManyRequests", EVICTION_REFUSED,
                    {"causes": [{"reason": DISRUPTION_BUDGET_CAUSE, "message": message}]})


def _can_ignore_budget(pod: Obj) -> bool:
    """canIgnorePDB: a finished, pending or terminating pod is no disruption."""
    phase = (pod.get("status") or {}).get("phase")
    return phase in ("Succeeded", "Failed", "Pending") or bool(pod["metadata"].get("deletionTimestamp"))


def _check_and_decrement(store: "Store", pdb: Obj, pod_name: str, dry_run: bool) -> None:
    """checkAndDecrement: refuse, or spend one allowed disruption and note the pod in
    status.disruptedPods (so the controller stops counting it before it is gone)."""
    status = pdb.get("status") or {}
    name = pdb["metadata"]["name"]
    if status.get("observedGeneration", 0) < pdb["metadata"].get("generation", 0):
        raise too_many_requests(f"The disruption budget {name} is still being processed by the server.")
    allowed = status.get("disruptionsAllowed", 0)
    if allowed < 0:
        raise errors.forbidden(f'poddisruptionbudgets.policy "{name}" is forbidden: '
                               "pdb disruptions allowed is negative")
    if len(status.get("disruptedPods") or {}) > MAX_DISRUPTED_POD_SIZE:
        raise errors.forbidden(f'poddisruptionbudgets.policy "{name}" is forbidden: DisruptedPods map too big '
                               "- too many evictions not confirmed by PDB controller")
    if allowed == 0:
        raise too_many_requests(f"The disruption budget {name} needs {status.get('desiredHealthy', 0)} "
                                f"healthy pods and has {status.get('currentHealthy', 0)} currently")
    if dry_run:
        return
    now = store.clock.timestamp()
    new = dict(status)
    new["disruptionsAllowed"] = allowed - 1
    if new["disruptionsAllowed"] == 0:
        set_allowed_condition(new, now)
    new["disruptedPods"] = {**(status.get("disruptedPods") or {}), pod_name: now}
    store.write_status("poddisruptionbudgets", name, pdb["metadata"]["namespace"], ordered_status(new))


def evict(store: "Store", name: str, namespace: str, grace_period: int | None = None,
          dry_run: bool = False) -> None:
    """EvictionREST.Create: delete the pod if no budget forbids it, else raise the
    apiserver's error (429 TooManyRequests with the budget's cause; 500 when
    two budgets select the pod).  The pod gets the DisruptionTarget condition
    (EvictionByEvictionAPI) before its graceful delete, as with the
    PodDisruptionConditions feature (GA in v1.31)."""
    pod = store.get("pods", name, namespace)
    if not _can_ignore_budget(pod):
        pdbs = budgets_for(store, pod)
        if len(pdbs) > 1:
            raise ApiError(500, "", "This pod has more than one PodDisruptionBudget, which the eviction "
                                    "subresource does not support.")
        if pdbs:
            pdb = pdbs[0]
            status = pdb.get("status") or {}
            unhealthy_ok = not is_pod_ready(pod) and (
                (pdb.get("spec") or {}).get("unhealthyPodEvictionPolicy") == "AlwaysAllow"
                or (status.get("currentHealthy", 0) >= status.get("desiredHealthy", 0) > 0))
            if not unhealthy_ok:
                _check_and_decrement(store, pdb, name, dry_run)
    if dry_run:
        return
    now = store.clock.timestamp()

    def disruption(p: Obj) -> None:
        conds = p.setdefault("status", {}).setdefault("conditions", [])
        if not any(c["type"] == "DisruptionTarget" and c["status"] == "True" for c in conds):
            conds[:] = [c for c in conds if c["type"] != "DisruptionTarget"]
            conds.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                          "lastTransitionTime": now, "reason": "EvictionByEvictionAPI",
                          "message": "Eviction API: evicting"})
    store.mutate("pods", name, namespace, disruption, status=True)
    store.delete("pods", name, namespace, grace_period=grace_period)
