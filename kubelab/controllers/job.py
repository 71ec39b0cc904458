"""The Job controller (pkg/controller/job/job_controller.go) and the TTL-after-
finished controller (pkg/controller/ttlafterfinished).

A Job runs pods until ``completions`` of them succeed, at most ``parallelism``
at a time.  Failed pods are replaced after a back-off (10 s, 20 s, 40 s ... at
most 10 min) until more than ``backoffLimit`` have failed; with
``restartPolicy: OnFailure`` the kubelet restarts containers in place and the
*restarts* count against the limit.  ``activeDeadlineSeconds`` bounds the whole
run.  As in v1.32 (JobPodReplacementPolicy on by default) a finishing Job first
gets ``SuccessCriteriaMet`` / ``FailureTarget`` and, once none of its pods is
still terminating, ``Complete`` / ``Failed``.

Pods carry the ``batch.kubernetes.io/job-tracking`` finalizer until the
controller has counted them, so deleting a finished pod never loses a count.
"""
from __future__ import annotations

from ..api import selectors
from ..api.meta import Obj, controller_ref, is_deleting
from ..clock import parse_timestamp
from .base import Controller, split_key
from .pods import claim_pods, create_pod, is_pod_ready, make_pod

TRACKING = "batch.kubernetes.io/job-tracking"
ORPHAN = "orphan-pod:"      # work-queue keys of pods to release (the controller's orphanQueue)
BACKOFF_BASE = 10.0          # DefaultJobPodFailureBackOff
BACKOFF_MAX = 600.0          # MaxJobPodFailureBackOff


def job_key(job: Obj) -> str:
    return f"{job['metadata']['namespace']}/{job['metadata']['name']}"


def is_finished(job: Obj) -> bool:
    return any(c["type"] in ("Complete", "Failed") and c["status"] == "True"
               for c in (job.get("status") or {}).get("conditions") or [])


def _phase(pod: Obj) -> str:
    return (pod.get("status") or {}).get("phase", "Pending")


def restarts(pod: Obj) -> int:
    st = pod.get("status") or {}
    return sum(cs.get("restartCount", 0) for cs in (st.get("containerStatuses") or []) + (st.get("initContainerStatuses") or []))


def backoff_delay(failures: int) -> float:
    """Back-off before the next pod after ``failures`` failures in a row.
    Example: 1 → 10 s, 2 → 20 s, 3 → 40 s, ... capped at 600 s."""
    if failures <= 0:
        return 0.0
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (failures - 1))


class JobController(Controller):
    name = "job"

    def setup(self) -> None:
        self.watch("Job", self._on_job)
        self.watch("Pod", self._on_pod, owners=("Job",))
        self._last_failure: dict[str, float] = {}     # job uid -> when the newest failure was counted

    def _on_job(self, etype: str, job: Obj, old: Obj | None) -> None:
        self.enqueue(job_key(job))
        if etype == "DELETED":
            # deleteJob: the Job's pods may still carry its tracking finalizer
            for pod in self.api.owned("pods", job["metadata"]["uid"]):
                self.enqueue(ORPHAN + f"{pod['metadata']['namespace']}/{pod['metadata']['name']}")

    def _on_pod(self, etype: str, pod: Obj, old: Obj | None) -> None:
        ref = controller_ref(pod)
        if ref is None or ref.get("kind") != "Job":
            return
        ns = pod["metadata"]["namespace"]
        if self._job_of(pod) is None:
            # updatePod/deletePod: no Job to count it, so nobody else lets the pod go
            if etype != "DELETED" and TRACKING in (pod["metadata"].get("finalizers") or []):
                self.enqueue(ORPHAN + f"{ns}/{pod['metadata']['name']}")
            return
        self.enqueue(f"{ns}/{ref['name']}")

    def _job_of(self, pod: Obj) -> Obj | None:
        """resolveControllerRef: the Job the pod names, if it still exists (same uid)."""
        ref = controller_ref(pod) or {}
        job = self.api.peek("jobs", ref.get("name", ""), pod["metadata"]["namespace"])
        return job if job is not None and job["metadata"]["uid"] == ref.get("uid") else None

    def _sync_orphan_pod(self, key: str) -> None:
        """syncOrphanPod: drop the tracking finalizer of a pod whose Job is gone or finished."""
        ns, name = split_key(key)
        pod = self.api.peek("pods", name, ns)
        if pod is None or TRACKING not in (pod["metadata"].get("finalizers") or []):
            return
        ref = controller_ref(pod)
        if ref is not None:
            if ref.get("kind") != "Job" or ref.get("apiVersion") != "batch/v1":
                return           # some other controller's pod
            job = self._job_of(pod)
            if job is not None and not is_finished(job):
                return           # adopted: its Job counts it
        self.api.remove_finalizer("pods", name, ns, TRACKING)

    def sync(self, key: str) -> None:
        if key.startswith(ORPHAN):
            self._sync_orphan_pod(key[len(ORPHAN):])
            return
        ns, name = split_key(key)
        job = self.api.try_get("jobs", name, ns)
        if job is None:
            return
        if is_finished(job):
            self._release_finished(job)
            self._schedule_ttl(job)
            return
        if is_deleting(job):
            return
        suspended = bool(job["spec"].get("suspend"))
        status = dict(job.get("status") or {})
        conds = [dict(c) for c in status.get("conditions") or []]
        now = self.clock.timestamp()
        if not status.get("startTime") and not suspended:
            status["startTime"] = now       # a Job created suspended starts when resumed
        pods = claim_pods(self.api, job, selectors.from_label_selector(job["spec"].get("selector")), component=self.name)
        succeeded, failed = status.get("succeeded", 0), status.get("failed", 0)
        active, newly_failed = [], 0
        for pod in pods:
            fins = pod["metadata"].get("finalizers") or []
            counted = TRACKING not in fins
            if _phase(pod) == "Succeeded":
                if not counted:
                    succeeded += 1
                    self._untrack(pod)
            elif _phase(pod) == "Failed" or is_deleting(pod):
                if not counted:
                    failed += 1
                    newly_failed += 1
                    self._untrack(pod)
            else:
                active.append(pod)
        if newly_failed:
            self._last_failure[job["metadata"]["uid"]] = self.clock.now
        spec = job["spec"]
        target = _finished_condition(job, status, succeeded, failed, active, self.clock.now)
        if target is None and not any(c["type"] in ("SuccessCriteriaMet", "FailureTarget") for c in conds):
            if suspended:
                for pod in active:          # manageJob: a suspended Job keeps no pods
                    self._delete_pod(job, pod)
            else:
                active = self._manage(job, active, succeeded, failed)
            self._suspend_condition(job, status, conds, suspended, now)
        elif target is not None:
            ctype, reason, message = target
            if ctype == "FailureTarget":
                for pod in active:
                    self._delete_pod(job, pod)
                etype = "Warning"
            else:
                etype = "Normal"
            if not any(c["type"] == ctype for c in conds):
                conds.append(_condition(ctype, reason, message, now))
                if ctype == "FailureTarget":
                    self.recorder.event(job, etype, reason, message, component="job-controller")
        # The terminal condition once nothing is left running.
        still = [p for p in active if not is_deleting(p)]
        pending_delete = [p for p in active if is_deleting(p)]
        for first, final in (("SuccessCriteriaMet", "Complete"), ("FailureTarget", "Failed")):
            cond = next((c for c in conds if c["type"] == first), None)
            if cond and not any(c["type"] == final for c in conds) and not pending_delete and (final == "Failed" or not still):
                conds.append(_condition(final, cond["reason"], cond["message"], now))
                if final == "Complete":
                    status["completionTime"] = now
                    self.recorder.normal(job, "Completed", "Job completed", component="job-controller")
        for field in ("active", "succeeded", "failed"):      # omitempty: zero counts disappear
            status.pop(field, None)
        status.update(self._counts(active, succeeded, failed))
        if conds:
            status["conditions"] = conds
        if status != (job.get("status") or {}):
            job["status"] = status
            job = self.api.update_status(job)
        if is_finished(job):
            self._schedule_ttl(job)
        elif spec.get("activeDeadlineSeconds") is not None and status.get("startTime") and not spec.get("suspend"):
            due = parse_timestamp(status["startTime"]) + spec["activeDeadlineSeconds"] - self.clock.now
            if due > 0:
                self.enqueue_after(job_key(job), due)

    def _suspend_condition(self, job: Obj, status: Obj, conds: list[Obj], suspended: bool, now: str) -> None:
        """The Suspended condition (ensureJobConditionStatus): True with a
        ``Suspended`` event when the Job is suspended; back to False with a
        ``Resumed`` event when it is resumed, which also restarts ``startTime``
        (activeDeadlineSeconds counts only the time a Job is not suspended)."""
        cond = next((c for c in conds if c["type"] == "Suspended"), None)
        if suspended and (cond is None or cond["status"] != "True"):
            if cond is None:
                conds.append(_condition("Suspended", "JobSuspended", "Job suspended", now))
            else:
                cond.update(status="True", reason="JobSuspended", message="Job suspended",
                            lastProbeTime=now, lastTransitionTime=now)
            self.recorder.normal(job, "Suspended", "Job suspended", component="job-controller")
        elif not suspended and cond is not None and cond["status"] == "True":
            cond.update(status="False", reason="JobResumed", message="Job resumed",
                        lastProbeTime=now, lastTransitionTime=now)
            self.recorder.normal(job, "Resumed", "Job resumed", component="job-controller")
            status["startTime"] = now

    @staticmethod
    def _counts(active: list[Obj], succeeded: int, failed: int) -> Obj:
        out: Obj = {}
        live = [p for p in active if not is_deleting(p)]
        if live:
            out["active"] = len(live)
        if succeeded:
            out["succeeded"] = succeeded
        if failed:
            out["failed"] = failed
        out["ready"] = sum(1 for p in live if is_pod_ready(p))
        out["terminating"] = sum(1 for p in active if is_deleting(p))
        out["uncountedTerminatedPods"] = {}
        return out

    def _manage(self, job: Obj, active: list[Obj], succeeded: int, failed: int) -> list[Obj]:
        """manageJob: as many active pods as parallelism and the remaining
        completions allow; a new pod after a failure waits out the back-off."""
        spec = job["spec"]
        parallelism = spec.get("parallelism", 1)
        live = [p for p in active if not is_deleting(p)]
        if spec.get("completions") is None:
            want = len(live) if succeeded > 0 else parallelism
        else:
            want = max(0, min(parallelism, spec["completions"] - succeeded))
        if len(live) > want:
            doomed = sorted(live, key=lambda p: (p.get("spec", {}).get("nodeName") is not None, _phase(p) == "Running",
                                                 p["metadata"]["name"]))[:len(live) - want]
            for pod in doomed:
                self._delete_pod(job, pod)
            return [p for p in active if p not in doomed]
        if len(live) < want:
            wait = self._last_failure.get(job["metadata"]["uid"], -1e18) + backoff_delay(failed) - self.clock.now
            if failed and wait > 0:
                self.enqueue_after(job_key(job), wait)
                return active
            for _ in range(want - len(live)):
                pod = make_pod(spec["template"], job)
                pod["metadata"].setdefault("finalizers", []).append(TRACKING)
                created = create_pod(self.api, self.recorder, job, pod, "job-controller")
                if created is None:
                    self.requeue_rate_limited(job_key(job))
                    break
                self.forget(job_key(job))
                active.append(created)
        return active

    def _delete_pod(self, job: Obj, pod: Obj) -> None:
        if is_deleting(pod):
            return
        self.api.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
        self.recorder.normal(job, "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}", component="job-controller")

    def _untrack(self, pod: Obj) -> None:
        if self.api.peek("pods", pod["metadata"]["name"], pod["metadata"]["namespace"]) is not None:
            self.api.remove_finalizer("pods", pod["metadata"]["name"], pod["metadata"]["namespace"], TRACKING)

    def _release_finished(self, job: Obj) -> None:
        for pod in self.api.owned("pods", job["metadata"]["uid"], copy=True):
            if TRACKING in (pod["metadata"].get("finalizers") or []) and (_phase(pod) in ("Succeeded", "Failed") or is_deleting(pod)):
                self._untrack(pod)

    def _schedule_ttl(self, job: Obj) -> None:
        """ttlafterfinished: delete the Job (and, by propagation, its pods)
        ttlSecondsAfterFinished after it finished."""
        ttl = job["spec"].get("ttlSecondsAfterFinished")
        if ttl is None or is_deleting(job):
            return
        finished = max(parse_timestamp(c["lastTransitionTime"]) for c in job["status"]["conditions"]
                       if c["type"] in ("Complete", "Failed"))
        due = finished + ttl - self.clock.now
        if due > 0:
            self.clock.schedule(due, lambda: self.enqueue(job_key(job)), label=f"ttl {job_key(job)}")
            return
        uid = job["metadata"]["uid"]
        with self.api.acting_as("ttl-after-finished-controller"):
            self.api.delete("jobs", job["metadata"]["name"], job["metadata"]["namespace"],
                            propagation="Foreground", preconditions_uid=uid)


def _condition(ctype: str, reason: str, message: str, now: str) -> Obj:
    return {"type": ctype, "status": "True", "lastProbeTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def _finished_condition(job: Obj, status: Obj, succeeded: int, failed: int, active: list[Obj],
                        now: float) -> tuple[str, str, str] | None:
    """Which terminal target the Job has reached, if any: too many failures
    (pods, or container restarts under OnFailure), the deadline, or enough successes."""
    spec = job["spec"]
    limit = spec.get("backoffLimit", 6)
    on_failure = (spec["template"].get("spec") or {}).get("restartPolicy") == "OnFailure"
    if failed > limit:
        return "FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"
    if on_failure:
        count = sum(restarts(p) for p in active if not is_deleting(p))
        if (count > 0 if limit == 0 else count >= limit):
            return "FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"
    deadline = spec.get("activeDeadlineSeconds")
    resuming = any(c["type"] == "Suspended" and c["status"] == "True" for c in status.get("conditions") or [])
    if deadline is not None and status.get("startTime") and not spec.get("suspend") and not resuming \
            and now - parse_timestamp(status["startTime"]) >= deadline:
        return "FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline"
    completions = spec.get("completions")
    if completions is not None and succeeded >= completions:
        return "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"
    if completions is None and succeeded > 0 and not [p for p in active if not is_deleting(p)]:
        return "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"
    return None
