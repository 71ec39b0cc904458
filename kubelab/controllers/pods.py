"""What every workload controller shares: making pods from templates, claiming
pods by selector (adopt / release) and ranking pods for scale-down."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api.errors import ApiError
from ..api.meta import Obj, clone, controller_ref, is_deleting, labels_of, make_owner_ref
from ..api.pods import is_pod_available, is_pod_ready  # noqa: F401  (re-exported for the controllers)
from ..api.selectors import Selector

if TYPE_CHECKING:
    from ..api.store import Store


def make_pod(template: Obj, owner: Obj, generate_name: str | None = None, lend_spec: bool = False) -> Obj:
    """A Pod from a PodTemplateSpec, owned by ``owner`` (controller.GetPodFromTemplate).
    ``lend_spec``: its spec is the template's own object, not a copy, for
    ``Store.create(template=...)`` only, which copies it before anything may change it
    (a pod prepared from its sibling only reads it)."""
    tmd = template.get("metadata") or {}
    md: Obj = {"generateName": generate_name or owner["metadata"]["name"] + "-",
               "namespace": owner["metadata"].get("namespace", "default")}
    if tmd.get("labels"):
        md["labels"] = dict(tmd["labels"])
    if tmd.get("annotations"):
        md["annotations"] = dict(tmd["annotations"])
    if tmd.get("finalizers"):
        md["finalizers"] = list(tmd["finalizers"])
    md["ownerReferences"] = [make_owner_ref(owner)]
    spec = template.get("spec") or {}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec if lend_spec else clone(spec)}


def create_pod(api: "Store", recorder, owner: Obj, pod: Obj, component: str) -> Obj | None:
    """PodControl.CreatePods: the created pod and a SuccessfulCreate event, or — when
    the apiserver refuses it (admission, quota, validation) — None and the
    ``FailedCreate`` warning the controller records (``Error creating: ...``).

    ``pod`` is handed over (the callers build it fresh with :func:`make_pod`) and
    the pod returned is the stored one: read it, never change it."""
    return try_create_pod(api, recorder, owner, pod, component)[0]


def try_create_pod(api: "Store", recorder, owner: Obj, pod: Obj, component: str,
                   template: Obj | None = None) -> tuple[Obj | None, ApiError | None]:
    """:func:`create_pod`, with the apiserver's refusal handed back too (a
    ReplicaSet's ``ReplicaFailure`` condition quotes it).  ``template``: the one
    ``pod`` was made from with :func:`make_pod` (the store shares what the pods
    made from it have in common: see ``Store.create``), maybe lending its spec."""
    try:
        created = api.create(pod, handover=True, copy_result=False, template=template)
    except ApiError as err:
        if not namespace_terminating(err):      # only sent when the namespace isn't terminating
            recorder.warning(owner, "FailedCreate", f"Error creating: {err.message}", component=component)
        return None, err
    recorder.normal(owner, "SuccessfulCreate", f"Created pod: {created['metadata']['name']}", component=component)
    return created, None


def namespace_terminating(err: ApiError) -> bool:
    """HasStatusCause(err, NamespaceTerminatingCause): the namespace lifecycle
    admission refused a create in a namespace being deleted."""
    causes = (err.details or {}).get("causes") or ()
    return (any(c.get("reason") == "NamespaceTerminating" or c.get("type") == "NamespaceTerminating" for c in causes)
            or "because it is being terminated" in err.message)


#: controller.SlowStartInitialBatchSize
SLOW_START_INITIAL_BATCH_SIZE = 1


def slow_start_batch(count: int, initial_batch_size: int, fn: Callable[[], object]) -> tuple[int, object]:
    """slowStartBatch (pkg/controller/replicaset): call ``fn`` ``count`` times in
    batches of 1, 2, 4 ... (each at most what is left); a batch with a failure
    (``fn`` returned an error, not None) is finished — its calls run together in
    the real controller — and the batches after it are skipped.  Returns the
    successes and the batch's first error (None when all succeeded)."""
    remaining, successes = count, 0
    batch = min(remaining, initial_batch_size)
    while batch > 0:
        errs = [err for err in (fn() for _ in range(batch)) if err is not None]
        successes += batch - len(errs)
        if errs:
            return successes, errs[0]
        remaining -= batch
        batch = min(2 * batch, remaining)
    return successes, None


#: controller.ExpectationsTimeout: expectations older than this are given up on
EXPECTATIONS_TIMEOUT = 5 * 60.0


class Expectations:
    """UIDTrackingControllerExpectations (pkg/controller/controller_utils.go): per
    controller key, the pod creations still to be seen and the pod keys whose
    deletion is still to be seen.  A controller manages replicas only when its
    expectations are met (or have expired: 5 minutes), so it never acts twice on
    a picture its own writes have not reached yet."""

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self._exp: dict[str, list] = {}     # key -> [adds still expected, pod keys to see deleted, when set]

    def satisfied(self, key: str) -> bool:
        exp = self._exp.get(key)
        if exp is None:
            return True     # a new controller, or one whose expectations were deleted
        return (exp[0] <= 0 and not exp[1]) or self._now() - exp[2] > EXPECTATIONS_TIMEOUT

    def expect_creations(self, key: str, adds: int) -> None:
        self._exp[key] = [adds, set(), self._now()]

    def expect_deletions(self, key: str, pod_keys: list[str]) -> None:
        self._exp[key] = [0, set(pod_keys), self._now()]

    def creation_observed(self, key: str) -> None:
        exp = self._exp.get(key)
        if exp is not None:
            exp[0] -= 1

    def deletion_observed(self, key: str, pod_key: str) -> None:
        exp = self._exp.get(key)
        if exp is not None and pod_key in exp[1]:
            exp[1].discard(pod_key)

    def delete(self, key: str) -> None:
        self._exp.pop(key, None)


def is_active(pod: Obj) -> bool:
    """Counts toward a controller's replicas: not finished, not being deleted."""
    return pod.get("status", {}).get("phase") not in ("Succeeded", "Failed") and not is_deleting(pod)


def claim_pods(api: "Store", owner: Obj, selector: Selector, *, component: str,
               adopt_if: Callable[[Obj], bool] | None = None) -> list[Obj]:
    """The pods ``owner`` controls after adoption and release (ClaimPods):
    owned pods that still match are kept, owned pods that no longer match are
    released, matching orphans are adopted (those ``adopt_if`` accepts: a
    StatefulSet adopts only pods named after it).  (The ReplicaSet controller
    keeps its claim up to date from the pod events instead: replicaset.py.)"""
    ns = owner["metadata"]["namespace"]
    uid = owner["metadata"]["uid"]
    claimed: dict[str, Obj] = {}
    for pod in api.owned("pods", uid):
        ref = controller_ref(pod)
        if ref is None or ref["uid"] != uid:
            continue
        if selector.matches(labels_of(pod)):
            claimed[pod["metadata"]["name"]] = pod
        elif not is_deleting(owner):
            release_pod(api, pod, uid)
    if not is_deleting(owner):
        for pod in api.orphans("pods", ns):
            if (not is_deleting(pod) and pod["metadata"]["name"] not in claimed
                    and selector.matches(labels_of(pod)) and (adopt_if is None or adopt_if(pod))):
                adopted = adopt_pod(api, pod, owner)
                claimed[adopted["metadata"]["name"]] = adopted
    return [claimed[n] for n in sorted(claimed)]


def release_pod(api: "Store", pod: Obj, uid: str) -> None:
    def drop(p: Obj) -> None:
        refs = [r for r in p["metadata"].get("ownerReferences", []) if r.get("uid") != uid]
        if refs:
            p["metadata"]["ownerReferences"] = refs
        else:
            p["metadata"].pop("ownerReferences", None)
    api.mutate("pods", pod["metadata"]["name"], pod["metadata"]["namespace"], drop)


def adopt_pod(api: "Store", pod: Obj, owner: Obj) -> Obj:
    def add(p: Obj) -> None:
        p["metadata"].setdefault("ownerReferences", []).append(make_owner_ref(owner))
    return api.mutate("pods", pod["metadata"]["name"], pod["metadata"]["namespace"], add)


_PHASE_RANK = {"Pending": 0, "Unknown": 1, "Running": 2}


def deletion_rank(pod: Obj, parse) -> tuple:
    """Sort key: pods earlier in the order are deleted first when scaling down
    (controller.ActivePods less-than, simplified to its main rules):
    unassigned < assigned; Pending < Unknown < Running; not ready < ready;
    more restarts first; newer before older."""
    status = pod.get("status", {})
    restarts = sum(cs.get("restartCount", 0) for cs in status.get("containerStatuses", []) or [])
    created = parse(pod["metadata"]["creationTimestamp"])
    return (
        1 if pod.get("spec", {}).get("nodeName") else 0,
        _PHASE_RANK.get(status.get("phase", "Pending"), 0),
        1 if is_pod_ready(pod) else 0,
        -restarts,
        -created,
        pod["metadata"]["name"],
    )
