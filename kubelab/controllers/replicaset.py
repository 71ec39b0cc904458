"""The ReplicaSet controller (pkg/controller/replicaset): keep ``spec.replicas``
pods running that match the selector.  Also serves ReplicationControllers, whose
selector is a plain map (equality only)."""
from __future__ import annotations

import heapq

from ..api import selectors
from ..api.errors import ApiError
from ..api.meta import Obj, controller_ref, is_deleting, labels_of
from ..clock import parse_timestamp
from .base import Controller, split_key
from .pods import (SLOW_START_INITIAL_BATCH_SIZE, Expectations, adopt_pod, deletion_rank, is_active, is_pod_available,
                   is_pod_ready, make_pod, namespace_terminating, release_pod, slow_start_batch,
                   try_create_pod)

# How many pods one sync may create or delete (controller's burstReplicas).
BURST_REPLICAS = 500


READY, LABELLED = 1, 2


class _Tally:
    """What a ReplicaSet's syncs know of its pods, kept up to date from the pod
    events, so a sync costs what changed and not how many pods the set has: the
    names of its claimed active pods with (ready, fully labelled) of each, their
    counts, the ready ones not yet available (minReadySeconds), and the names of
    the pods written since the last sync (``dirty``)."""
    __slots__ = ("mark", "mrs", "members", "ready", "labelled", "waiting", "dirty", "ranks")

    def __init__(self, mark: str, mrs: int, names) -> None:
        self.mark, self.mrs = mark, mrs
        self.members: dict[str, int] = {}      # name -> READY | LABELLED bits (small ints: shared objects)
        self.ready = self.labelled = 0
        self.waiting: set[str] = set()
        self.dirty: set[str] = set(names)
        self.ranks: dict[str, tuple] = {}     # while scaling down: each member's deletion rank

    def drop(self, name: str) -> None:
        self.ranks.pop(name, None)
        facts = self.members.pop(name, None)
        if facts is not None:
            self.ready -= facts & READY
            self.labelled -= (facts & LABELLED) >> 1
            self.waiting.discard(name)

    def put(self, name: str, ready: bool, labelled: bool) -> None:
        self.drop(name)
        self.members[name] = ready * READY | labelled * LABELLED
        self.ready += ready
        self.labelled += labelled


def _same_facts(pod: Obj, old: Obj) -> bool:
    """Whether a write left alone all a tally holds of a pod (with its owner
    references, which the caller compares): its labels, whether it is active
    (phase, deletion) and whether it is ready.  Most of a pod's writes are its
    status on the way to Running; only the one that makes it ready changes a fact."""
    md, old_md = pod["metadata"], old["metadata"]
    labels, old_labels = md.get("labels"), old_md.get("labels")
    # (a write that leaves the metadata alone keeps its labels' dict: one check)
    if labels is not old_labels and labels != old_labels:
        return False
    if md.get("deletionTimestamp") != old_md.get("deletionTimestamp"):
        return False
    status, old_status = pod.get("status") or {}, old.get("status") or {}
    if status.get("phase") != old_status.get("phase"):
        return False
    conds, old_conds = status.get("conditions"), old_status.get("conditions")
    if conds is old_conds:
        return True
    # is_pod_ready over each list of conditions, inline (two calls fewer a status write)
    ready = old_ready = False
    for cond in conds or ():
        if cond.get("type") == "Ready":
            ready = cond.get("status") == "True"
            break
    for cond in old_conds or ():
        if cond.get("type") == "Ready":
            old_ready = cond.get("status") == "True"
            break
    return ready == old_ready


def _controller_of(refs: list[Obj]) -> Obj | None:
    """metav1.GetControllerOf over the ownerReferences (the pod handler's hot path)."""
    for ref in refs:
        if ref.get("controller"):
            return ref
    return None


class ReplicaSetController(Controller):
    name = "replicaset"
    kind = "ReplicaSet"

    def setup(self) -> None:
        self.watch(self.kind, self._on_set)
        # its own pods, and those it lets go of or may adopt (orphans)
        self.watch("Pod", self._on_pod, owners=(self.kind, None))
        self.expectations = Expectations(lambda: self.clock.now)
        self._tallies: dict[str, _Tally] = {}      # per set (uid)
        # _on_pod's last (ownerReferences list, namespace, its controller ref, that owner's key,
        # whether the owner is of this kind): stored lists never change in place, and holding
        # it keeps its id its own
        self._seen: tuple = (None, None, None, "", False)

    def _on_set(self, etype: str, rs: Obj, old: Obj | None) -> None:
        if etype == "DELETED":
            self._tallies.pop(rs["metadata"]["uid"], None)
        self.enqueue(f"{rs['metadata']['namespace']}/{rs['metadata']['name']}")

    def selector_of(self, owner: Obj) -> selectors.Selector:
        return selectors.from_label_selector(owner["spec"].get("selector"))

    def _touch(self, ref: Obj, name: str) -> None:
        tally = self._tallies.get(ref["uid"])
        if tally is not None:
            tally.dirty.add(name)

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        md = pod["metadata"]
        refs = md.get("ownerReferences")
        ns, name = md["namespace"], md["name"]
        seen = self._seen
        if refs is seen[0] and ns == seen[1]:
            ref, key, mine = seen[2], seen[3], seen[4]   # a set's pods share one ownerReferences list (api.sharing)
        else:
            ref = _controller_of(refs) if refs else None
            key = f"{ns}/{ref['name']}" if ref is not None else ""
            mine = ref is not None and ref.get("kind") == self.kind
            self._seen = (refs, ns, ref, key, mine)
        if old is None:
            old_ref = None
        else:
            old_refs = old["metadata"].get("ownerReferences")
            old_ref = ref if old_refs is refs or old_refs == refs else _controller_of(old_refs) if old_refs else None
        if old_ref is ref and ref is not None and not mine:
            return               # another kind of controller's pod, and it stays that (the watch leaves these out)
        if mine:
            tally = self._tallies.get(ref["uid"])
            if tally is not None:
                if old is None or old_ref is not ref or not _same_facts(pod, old):
                    tally.dirty.add(name)
                if (tally.mrs and old is not None and not md.get("deletionTimestamp")
                        and is_pod_ready(pod) and not is_pod_ready(old)):
                    # updatePod: a pod just ready is available minReadySeconds later: look
                    # again then (plus a second against clock skew)
                    self.enqueue_after(key, tally.mrs + 1)
            # the expectations (addPod / updatePod / deletePod): a pod being deleted
            # is a deletion seen, a new one a creation seen
            if etype == "DELETED" or md.get("deletionTimestamp"):
                self.expectations.deletion_observed(key, f"{ns}/{name}")
            elif etype == "ADDED":
                self.expectations.creation_observed(key)
            self.queue.add(key)          # self.enqueue, one call less: every change of every pod of a set
        if (old_ref is not ref and old_ref is not None and old_ref.get("kind") == self.kind
                and (ref is None or old_ref["uid"] != ref["uid"])):
            self._touch(old_ref, name)
            self.enqueue(f"{ns}/{old_ref['name']}")     # released, or taken by another
        if ref is None and etype != "DELETED":
            # An orphan: wake every owner whose selector matches, to adopt it.
            for owner in self.api.list(self.kind, ns, copy=False):
                if self.selector_of(owner).matches(labels_of(pod)):
                    self.enqueue(f"{ns}/{owner['metadata']['name']}")

    def _tally(self, rs: Obj) -> _Tally:
        """The set's tally; a new one (every owned pod to look at) the first time,
        or when what the tally depends on changed: selector, template labels,
        minReadySeconds."""
        spec = rs["spec"]
        mark = repr((spec.get("selector"), ((spec.get("template") or {}).get("metadata") or {}).get("labels"),
                     spec.get("minReadySeconds", 0)))
        uid = rs["metadata"]["uid"]
        tally = self._tallies.get(uid)
        if tally is None or tally.mark != mark:
            names = [p["metadata"]["name"] for p in self.api.owned("pods", uid)]
            tally = self._tallies[uid] = _Tally(mark, spec.get("minReadySeconds", 0), names)
        return tally

    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        rs = self.api.try_get(self.kind, name, ns)
        if rs is None:
            self.expectations.delete(key)
            return
        needs_sync = self.expectations.satisfied(key)
        selector = self.selector_of(rs)
        tally = self._tally(rs)
        self._claim(rs, tally, selector)
        err, diff = None, len(tally.members) - rs["spec"].get("replicas", 1)
        if needs_sync and not is_deleting(rs):
            err = self._manage_replicas(rs, tally, key)
            self._look(rs, tally, selector)          # the pods it made or deleted
        self._update_status(rs, tally, err, diff)
        if err is not None:
            self.requeue_rate_limited(key)
        else:
            self.forget(key)

    # ------------------------------------------------------------------ claim
    def _claim(self, rs: Obj, tally: _Tally, selector: selectors.Selector) -> None:
        """ClaimPods on the active pods (FilterActivePods first, as syncReplicaSet):
        the set's pods written since the last sync are looked at again (kept,
        or released when they no longer match), then matching orphans adopted."""
        self._look(rs, tally, selector)
        if is_deleting(rs):
            return
        ns = rs["metadata"]["namespace"]
        for pod in self.api.orphans("pods", ns):
            if is_active(pod) and selector.matches(labels_of(pod)):
                adopt_pod(self.api, pod, rs)
        self._look(rs, tally, selector)

    def _look(self, rs: Obj, tally: _Tally, selector: selectors.Selector) -> None:
        """Bring the tally up to date with the pods written since it last looked."""
        if not tally.dirty:
            return
        names, tally.dirty = sorted(tally.dirty), set()
        ns, uid = rs["metadata"]["namespace"], rs["metadata"]["uid"]
        labels = (rs["spec"].get("template", {}).get("metadata", {}).get("labels") or {})
        mrs = rs["spec"].get("minReadySeconds", 0)
        peek = self.api.peek
        # what the selector and the template make of the last labels met: a set's pods
        # share one labels dict (api.sharing), and a stored dict never changes in place
        seen_labels, matches, labelled = None, False, False
        for name in names:
            pod = peek("pods", name, ns)
            ref = controller_ref(pod) if pod is not None else None
            if ref is None or ref["uid"] != uid or not is_active(pod):
                tally.drop(name)
                continue
            pod_labels = labels_of(pod)
            if pod_labels is not seen_labels:
                seen_labels = pod_labels
                matches = selector.matches(pod_labels)
                labelled = all(pod_labels.get(k) == v for k, v in labels.items())
            if not matches:
                tally.drop(name)
                if not is_deleting(rs):
                    release_pod(self.api, pod, uid)
                continue
            ready = is_pod_ready(pod)
            tally.put(name, ready, labelled)
            if ready and mrs:
                tally.waiting.add(name)       # available once ready for minReadySeconds

    # ----------------------------------------------------------------- manage
    def _manage_replicas(self, rs: Obj, tally: _Tally, key: str):
        """manageReplicas: create the missing pods in slow-start batches, or delete
        the surplus, at most burstReplicas a sync; the error that stopped it, if any."""
        diff = len(tally.members) - rs["spec"].get("replicas", 1)
        if diff <= 0 and tally.ranks:
            tally.ranks = {}
        if diff < 0:
            diff = min(-diff, BURST_REPLICAS)
            self.expectations.expect_creations(key, diff)
            template = rs["spec"]["template"]
            component = f"{self.name}-controller"

            def create():
                err = try_create_pod(self.api, self.recorder, rs, make_pod(template, rs, lend_spec=True), component, template)[1]
                # a namespace being deleted refuses every create: nothing to retry or report
                return None if err is not None and namespace_terminating(err) else err
            successes, err = slow_start_batch(diff, SLOW_START_INITIAL_BATCH_SIZE, create)
            for _ in range(diff - successes):      # skipped (never tried or refused): not to be seen
                self.expectations.creation_observed(key)
            return err
        if diff > 0:
            ns = rs["metadata"]["namespace"]
            ranks, peek = tally.ranks, self.api.peek
            for n in tally.members:      # the members' ranks, kept until a member is written
                if n not in ranks:
                    ranks[n] = deletion_rank(peek("pods", n, ns), parse_timestamp)
            doomed = [peek("pods", n, ns) for n in heapq.nsmallest(min(diff, BURST_REPLICAS), ranks, key=ranks.__getitem__)]
            self.expectations.expect_deletions(key, [f"{ns}/{p['metadata']['name']}" for p in doomed])
            err = None
            for pod in doomed:
                try:
                    self.api.delete("pods", pod["metadata"]["name"], ns)
                except ApiError as e:       # not to be seen deleted, then; gone already is no error
                    self.expectations.deletion_observed(key, f"{ns}/{pod['metadata']['name']}")
                    if e.code != 404:       # RealPodControl.DeletePod
                        self.recorder.warning(rs, "FailedDelete", f"Error deleting: {e.message}",
                                              component=f"{self.name}-controller")
                        err = err or ApiError(e.code, e.reason, f"unable to delete pods: {e.message}")
                    continue
                self.recorder.normal(rs, "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                                     component=f"{self.name}-controller")
            return err
        return None

    # ----------------------------------------------------------------- status
    def _update_status(self, rs: Obj, tally: _Tally, err=None, diff: int = 0) -> None:
        mrs = rs["spec"].get("minReadySeconds", 0)
        if tally.waiting:
            ns, now = rs["metadata"]["namespace"], self.clock.now
            for name in sorted(tally.waiting):
                pod = self.api.peek("pods", name, ns)
                if pod is None or is_pod_available(pod, mrs, now, parse_timestamp):
                    tally.waiting.discard(name)
        status = status_of(rs, len(tally.members), tally.labelled, tally.ready, tally.ready - len(tally.waiting))
        failure = next((c for c in status.get("conditions", ()) if c.get("type") == "ReplicaFailure"), None)
        if err is not None and failure is None:
            # calculateStatus: the error that stopped manageReplicas, until a sync without one
            reason = "FailedCreate" if diff < 0 else "FailedDelete" if diff > 0 else ""
            status["conditions"] = [*status.get("conditions", ()), {
                "type": "ReplicaFailure", "status": "True", "lastTransitionTime": self.clock.timestamp(),
                "reason": reason, "message": err.message}]
        elif err is None and failure is not None:
            status["conditions"] = [c for c in status["conditions"] if c is not failure]
            if not status["conditions"]:
                del status["conditions"]
        if status != rs.get("status"):
            rs["status"] = status
            self.api.update_status(rs)
        # syncReplicaSet's last line of defence: all ready, not all available yet
        want = rs["spec"].get("replicas", 1)
        if (err is None and mrs and status.get("readyReplicas", 0) == want
                and status.get("availableReplicas", 0) != want):
            self.enqueue_after(f"{rs['metadata']['namespace']}/{rs['metadata']['name']}", mrs)


def status_of(rs: Obj, replicas: int, labelled: int, ready: int, available: int) -> Obj:
    """calculateStatus's counts as the status holds them (zero counts are omitted:
    omitempty, except replicas, which is required)."""
    status: Obj = {"replicas": replicas}
    if labelled:
        status["fullyLabeledReplicas"] = labelled
    if ready:
        status["readyReplicas"] = ready
    if available:
        status["availableReplicas"] = available
    status["observedGeneration"] = rs["metadata"].get("generation", 1)
    old = rs.get("status") or {}
    if old.get("conditions"):
        status["conditions"] = old["conditions"]
    return status


def compute_status(rs: Obj, pods: list[Obj], now: float) -> Obj:
    """calculateStatus over ``pods`` (the set's claimed active pods), each looked at:
    what the controller's tally keeps up to date."""
    template_labels = rs["spec"].get("template", {}).get("metadata", {}).get("labels") or {}
    mrs = rs["spec"].get("minReadySeconds", 0)
    return status_of(
        rs, len(pods),
        sum(1 for p in pods if all(labels_of(p).get(k) == v for k, v in template_labels.items())),
        sum(1 for p in pods if is_pod_ready(p)),
        sum(1 for p in pods if is_pod_available(p, mrs, now, parse_timestamp)))


class ReplicationControllerController(ReplicaSetController):
    name = "replicationcontroller"
    kind = "ReplicationController"

    def selector_of(self, owner: Obj) -> selectors.Selector:
        sel = owner["spec"].get("selector")
        return selectors.from_map(sel) if sel else selectors.NOTHING
