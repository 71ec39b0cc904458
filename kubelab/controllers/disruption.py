"""The disruption controller (pkg/controller/disruption, v1.32): keeps each
PodDisruptionBudget's status — how many selected pods are healthy (Ready), how
many must be, how many pods are expected, and so how many evictions it allows.

    minAvailable: 2, three Ready pods      -> desiredHealthy 2, currentHealthy 3, disruptionsAllowed 1
    maxUnavailable: 1, Deployment of 3     -> expectedPods 3 (the controllers' scale), desiredHealthy 2

An integer minAvailable counts the pods the selector finds; a percentage, or any
maxUnavailable, counts the *scale* of the pods' controllers (Deployment,
ReplicaSet, StatefulSet, ReplicationController), so a pod that has not been
created yet still counts as missing.  An eviction the API server approved puts
the pod in ``status.disruptedPods``; it is not counted healthy for two minutes
(DeletionTimeout), by which time it should be gone.

The controller watches pods only while some budget exists, and its pod handler
returns at once in a namespace without one: at 150,000 pods it costs nothing
unless budgets exist.

A pod that two budgets select gets a ``MultiplePodDisruptionBudgets`` warning on each
of its changes, naming the budget chosen (the first of a lister's list, in no fixed
order: drawn from the cluster's seeded RNG here), and only that budget is synced.

Left out: the stale DisruptionTarget cleanup (a pod marked for eviction that
was never deleted loses the condition after two minutes).
"""
from __future__ import annotations

from ..api import policy
from ..api.errors import ApiError
from ..api.meta import Obj, controller_ref
from ..api.pods import is_pod_ready
from ..api import selectors
from ..clock import parse_timestamp
from .base import Controller, split_key

#: how long an approved eviction keeps a pod out of currentHealthy (DeletionTimeout)
DELETION_TIMEOUT = 120.0
COMPONENT = "controllermanager"        # the event source the disruption controller records as

_SCALED = {("ReplicationController", ""): "replicationcontrollers", ("ReplicaSet", "apps"): "replicasets",
           ("Deployment", "apps"): "deployments", ("StatefulSet", "apps"): "statefulsets"}


class _SyncError(Exception):
    pass


def _group(api_version: str) -> str:
    return api_version.rsplit("/", 1)[0] if "/" in api_version else ""


class DisruptionController(Controller):
    name = "disruption"
    component = "disruption-controller"

    def setup(self) -> None:
        self._budgets: dict[str, set[str]] = {}        # namespace -> names of its budgets
        self._rechecks: dict[str, object] = {}         # key -> its pending recheck timer
        self._watching_pods = False
        self._pod_handler = self._on_pod        # one bound method: unwatch() finds it by identity
        self.watch("PodDisruptionBudget", self._on_pdb)

    # ------------------------------------------------------------ handlers
    def _on_pdb(self, etype: str, pdb: Obj, old: Obj | None) -> None:
        md = pdb["metadata"]
        names = self._budgets.setdefault(md["namespace"], set())
        if etype == "DELETED":
            names.discard(md["name"])
            if not names:
                del self._budgets[md["namespace"]]
        else:
            names.add(md["name"])
        # Pods matter only while a budget exists: the pod watch comes and goes with them,
        # so a cluster without budgets pays nothing a pod (a new budget's sync lists its pods).
        if self._budgets and not self._watching_pods:
            self.api.watch(self._pod_handler, "Pod")
            self._watching_pods = True
        elif not self._budgets and self._watching_pods:
            self.api.unwatch(self._pod_handler)
            self._watching_pods = False
        self._pod_handler = self._on_pod        # one bound method: unwatch() finds it by identity
        self.enqueue(f"{md['namespace']}/{md['name']}")

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        ns = pod["metadata"].get("namespace", "")
        names = self._budgets.get(ns)
        if not names:
            return
        labels = pod["metadata"].get("labels") or {}
        matching = [name for name in sorted(names)
                    if (pdb := self.api.peek("poddisruptionbudgets", name, ns)) is not None
                    and self._selector(pdb).matches(labels)]
        if not matching:
            return
        # getPdbForPod: the lister lists a namespace's budgets in no fixed order (a Go map's)
        # and the first is taken; the seeded draw keeps that arbitrary and repeatable.
        chosen = matching[0] if len(matching) == 1 else matching[self.api.rng.randrange(len(matching))]
        if len(matching) > 1:
            self.recorder.event(pod, "Warning", "MultiplePodDisruptionBudgets",
                                f'Pod "{ns}"/"{pod["metadata"]["name"]}" matches multiple PodDisruptionBudgets.  '
                                f'Chose "{chosen}" arbitrarily.', component=COMPONENT)
        self.enqueue(f"{ns}/{chosen}")

    @staticmethod
    def _selector(pdb: Obj) -> selectors.Selector:
        """LabelSelectorAsSelector; in policy/v1 an empty selector selects every pod."""
        return selectors.from_label_selector((pdb.get("spec") or {}).get("selector") or {})

    # ---------------------------------------------------------------- sync
    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        pdb = self.api.peek("poddisruptionbudgets", name, ns)
        if pdb is None:
            return
        try:
            self._try_sync(key, pdb)
        except _SyncError as err:
            self._fail_safe(pdb, str(err))

    def _try_sync(self, key: str, pdb: Obj) -> None:
        try:
            pods = self.api.list("pods", pdb["metadata"]["namespace"], selector=self._selector(pdb), copy=False)
        except ApiError as err:
            self.recorder.event(pdb, "Warning", "NoPods", f"Failed to get pods: {err.message}", component=COMPONENT)
            raise _SyncError(err.message)
        if not pods:
            self.recorder.event(pdb, "Normal", "NoPods", "No matching pods found", component=COMPONENT)
        try:
            expected, desired, unmanaged = self._expected_pod_count(pdb, pods)
        except _SyncError as err:
            self.recorder.event(pdb, "Warning", "CalculateExpectedPodCountFailed",
                                f"Failed to calculate the number of expected pods: {err}", component=COMPONENT)
            raise
        if unmanaged:
            self.recorder.event(
                pdb, "Warning", "UnmanagedPods",
                f"Pods selected by this PodDisruptionBudget (selector: {_go_selector(pdb)}) were found to be "
                "unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result "
                "in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the "
                "PDB to an integer value.", component=COMPONENT)
        now = self.clock.now
        disrupted, recheck = self._disrupted_pod_map(pods, pdb, now)
        healthy = sum(1 for p in pods if not p["metadata"].get("deletionTimestamp")
                      and not (p["metadata"]["name"] in disrupted
                               and parse_timestamp(disrupted[p["metadata"]["name"]]) + DELETION_TIMEOUT > now)
                      and is_pod_ready(p))
        self._update_status(pdb, healthy, desired, expected, disrupted)
        if recheck is not None and key not in self._rechecks:
            def again() -> None:
                self._rechecks.pop(key, None)
                self.enqueue(key)
            self._rechecks[key] = self.clock.schedule(max(0.0, recheck - now), again,
                                                      label=f"{self.name} recheck {key}")

    def _expected_pod_count(self, pdb: Obj, pods: list[Obj]) -> tuple[int, int, list[str]]:
        """getExpectedPodCount: (expectedPods, desiredHealthy, unmanaged pods)."""
        spec = pdb.get("spec") or {}
        if spec.get("maxUnavailable") is not None:
            expected, unmanaged = self._expected_scale(pods)
            desired = max(0, expected - policy.scaled_value(spec["maxUnavailable"], expected, True))
            return expected, desired, unmanaged
        value = spec.get("minAvailable")
        if value is None:
            return 0, 0, []
        if isinstance(value, int):
            return len(pods), value, []
        expected, unmanaged = self._expected_scale(pods)
        return expected, policy.scaled_value(value, expected, True), unmanaged

    def _expected_scale(self, pods: list[Obj]) -> tuple[int, list[str]]:
        """getExpectedScale: the sum of the scales of the pods' controllers, each once."""
        scales: dict[str, int] = {}
        unmanaged: list[str] = []
        for pod in pods:
            ref = controller_ref(pod)
            if ref is None:
                unmanaged.append(pod["metadata"]["name"])
                continue
            if ref.get("uid") in scales:
                continue
            found = self._find_controller(ref, pod["metadata"]["namespace"])
            if found is None:
                raise _SyncError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
            scales[found[0]] = found[1]
        return sum(scales.values()), unmanaged

    def _find_controller(self, ref: Obj, ns: str) -> tuple[str, int] | None:
        """The finders in order: ReplicationController, Deployment (through its
        ReplicaSet), a ReplicaSet no Deployment controls, StatefulSet; then any kind
        with a scale subresource."""
        kind, group = ref.get("kind", ""), _group(ref.get("apiVersion", ""))
        if kind == "ReplicaSet" and group in ("apps", "extensions"):
            rs = self.api.peek("replicasets", ref["name"], ns)
            if rs is None or rs["metadata"]["uid"] != ref.get("uid"):
                return None
            owner = controller_ref(rs)
            if owner is not None and owner.get("kind") == "Deployment":
                if _group(owner.get("apiVersion", "")) not in ("apps", "extensions"):
                    return None
                dep = self.api.peek("deployments", owner["name"], ns)
                if dep is None or dep["metadata"]["uid"] != owner.get("uid"):
                    return None
                return dep["metadata"]["uid"], dep["spec"].get("replicas", 1)
            return rs["metadata"]["uid"], rs["spec"].get("replicas", 1)
        plural = _SCALED.get((kind, group))
        if plural is not None:
            obj = self.api.peek(plural, ref["name"], ns)
            if obj is None or obj["metadata"]["uid"] != ref.get("uid"):
                return None
            return obj["metadata"]["uid"], obj["spec"].get("replicas", 1)
        rt = self.api.resource(kind, ref.get("apiVersion")) if self._known(kind, ref) else None
        if rt is None:
            raise _SyncError(f'no matches for kind "{kind}" in version "{ref.get("apiVersion", "")}"')
        raise _SyncError(f"{rt.group_resource} does not implement the scale subresource")

    def _known(self, kind: str, ref: Obj) -> bool:
        try:
            self.api.resource(kind, ref.get("apiVersion"))
            return True
        except ApiError:
            return False

    def _disrupted_pod_map(self, pods: list[Obj], pdb: Obj, now: float) -> tuple[dict[str, str], float | None]:
        """buildDisruptedPodMap: keep the entries of pods still here, not yet
        terminating, within DeletionTimeout; when to look again."""
        old = (pdb.get("status") or {}).get("disruptedPods")
        result: dict[str, str] = {}
        recheck: float | None = None
        if not old:
            return result, None
        for pod in pods:
            md = pod["metadata"]
            if md.get("deletionTimestamp") or md["name"] not in old:
                continue
            expected_deletion = parse_timestamp(old[md["name"]]) + DELETION_TIMEOUT
            if expected_deletion <= now:      # at the very instant too: simulated time does not creep on
                self.recorder.event(pod, "Warning", "NotDeleted",
                                    f"Pod was expected by PDB {pdb['metadata']['namespace']}/"
                                    f"{pdb['metadata']['namespace']} to be deleted but it wasn't", component=COMPONENT)
            else:
                recheck = expected_deletion if recheck is None else min(recheck, expected_deletion)
                result[md["name"]] = old[md["name"]]
        return result, recheck

    def _update_status(self, pdb: Obj, healthy: int, desired: int, expected: int, disrupted: dict[str, str]) -> None:
        """updatePdbStatus: write only what changed; the condition follows the count."""
        allowed = healthy - desired
        if expected <= 0 or allowed <= 0:
            allowed = 0
        status = pdb.get("status") or {}
        generation = pdb["metadata"].get("generation", 0)
        if (status.get("currentHealthy") == healthy and status.get("desiredHealthy") == desired
                and status.get("expectedPods") == expected and status.get("disruptionsAllowed") == allowed
                and (status.get("disruptedPods") or {}) == disrupted
                and status.get("observedGeneration", 0) == generation and policy.conditions_up_to_date(pdb)):
            return
        new: Obj = {}
        if disrupted:
            new["disruptedPods"] = disrupted
        new.update({"disruptionsAllowed": allowed, "currentHealthy": healthy, "desiredHealthy": desired,
                    "expectedPods": expected})
        if generation:
            new["observedGeneration"] = generation
        if status.get("conditions"):
            new["conditions"] = status["conditions"]
        policy.set_allowed_condition(new, self.clock.timestamp())
        self.api.write_status("poddisruptionbudgets", pdb["metadata"]["name"], pdb["metadata"]["namespace"],
                              policy.ordered_status(new))

    def _fail_safe(self, pdb: Obj, message: str) -> None:
        """failSafe: no evictions while the status cannot be worked out."""
        new = dict(pdb.get("status") or {})
        new["disruptionsAllowed"] = 0
        policy.set_condition(new, "False", policy.SYNC_FAILED, message, self.clock.timestamp())
        self.api.write_status("poddisruptionbudgets", pdb["metadata"]["name"], pdb["metadata"]["namespace"],
                              policy.ordered_status(new))


def _go_selector(pdb: Obj) -> str:
    """%v of a *metav1.LabelSelector (its generated String()), as the UnmanagedPods event prints it."""
    sel = (pdb.get("spec") or {}).get("selector")
    if sel is None:
        return "nil"
    labels = sel.get("matchLabels") or {}
    ml = "map[string]string{" + "".join(f"{k}: {v}," for k, v in sorted(labels.items())) + "}"
    ex = "[]LabelSelectorRequirement{" + "".join(
        f"LabelSelectorRequirement{{Key:{e.get('key', '')},Operator:{e.get('operator', '')},"
        f"Values:[{' '.join(e.get('values') or [])}],}},"
        for e in sel.get("matchExpressions") or []) + "}"
    return f"&LabelSelector{{MatchLabels:{ml},MatchExpressions:{ex},}}"
