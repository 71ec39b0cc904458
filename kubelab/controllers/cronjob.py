"""The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go and
utils.go, Kubernetes v1.32) and the cron schedules it reads (robfig/cron v3.0.1,
``cron.ParseStandard``).

A CronJob creates a Job from its ``jobTemplate`` at every time its schedule
names.  One level-triggered ``sync`` per CronJob:

1. deletes the oldest finished Jobs beyond ``successfulJobsHistoryLimit`` (3)
   and ``failedJobsHistoryLimit`` (1);
2. moves finished Jobs out of ``status.active`` (``SawCompletedJob``) and notes
   ``status.lastSuccessfulTime``;
3. works out the most recent schedule time not yet met since
   ``status.lastScheduleTime`` (or the CronJob's creation), no earlier than
   ``startingDeadlineSeconds`` ago; more than 100 missed times is worth a
   ``TooManyMissedTimes`` warning but the most recent one still runs;
4. applies ``concurrencyPolicy``: ``Allow`` runs Jobs side by side, ``Forbid``
   skips a time while a Job is active, ``Replace`` deletes the active Jobs first;
5. creates the Job ``<cronjob>-<scheduled time in minutes since the Unix epoch>``
   (the name is the lock that stops a time from running twice), owned by the
   CronJob, annotated ``batch.kubernetes.io/cronjob-scheduled-timestamp``;
6. asks to be woken 100 ms after the next schedule time (a clock timer, as the
   controller's delaying queue does; it does not count as work in flight, so
   ``settle()`` never jumps to the next run — ``run(seconds)`` does).

>>> s = parse_standard("*/15 9-17 * * mon-fri")
>>> from datetime import datetime, timezone
>>> s.next(datetime(2025, 1, 6, 9, 7, tzinfo=timezone.utc)).isoformat()
'2025-01-06T09:15:00+00:00'
>>> s.next(datetime(2025, 1, 10, 17, 50, tzinfo=timezone.utc)).isoformat()   # Friday evening -> Monday
'2025-01-13T09:00:00+00:00'
>>> job_name("hello", datetime(2025, 1, 6, 9, 2, tzinfo=timezone.utc))
'hello-28935902'

Simplifications: ``spec.timeZone`` (and a ``TZ=`` prefix) is honoured through the
IANA database, but schedule arithmetic runs on wall-clock time, so the hour a
daylight-saving change skips or repeats is not handled as Go's time package
does; without a time zone the controller's local time is UTC, as in a
kube-controller-manager container.  A failed Job creation is retried at the next
schedule time rather than with the work queue's exponential back-off.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from ..api.cron import Schedule, ScheduleError, load_location, parse_standard
from ..api.errors import ApiError
from ..api.meta import Obj, clone, controller_ref, is_deleting, make_owner_ref
from .. import clock as simclock
from ..clock import Timer, parse_timestamp
from .base import Controller, split_key

SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
NEXT_SCHEDULE_DELTA = 0.1          # nextScheduleDelta: 100 ms after the scheduled time
TOO_MANY_MISSED = 100


# ------------------------------------------------------------------ schedule arithmetic (utils.go)

def _dt(t: float) -> datetime:
    return simclock.EPOCH + timedelta(seconds=t)


def _sim(d: datetime) -> float:
    return (d - simclock.EPOCH).total_seconds()


def job_name(cronjob_name: str, scheduled: datetime) -> str:
    """getJobName: the scheduled time in minutes since the Unix epoch (the
    controller schedules at one-minute granularity)."""
    return f"{cronjob_name}-{int(scheduled.timestamp()) // 60}"


def most_recent_schedule_time(cj: Obj, now: datetime, schedule: Schedule, include_deadline: bool
                              ) -> tuple[datetime, datetime | None, int]:
    """mostRecentScheduleTime: (the earliest time considered, the most recent
    schedule time in (earliest, now] or None, how many were missed).

    The count is an estimate, as in Go: the gap between the first two times
    after ``earliest`` is taken as the period.  Example: created 09:00:30 with
    ``*/1``, now 11:00:10 → t1 09:01, period 60 s, (7149 // 60) + 1 = 120 missed,
    most recent 11:00.
    """
    spec, status = cj.get("spec") or {}, cj.get("status") or {}
    earliest = _dt(parse_timestamp(status.get("lastScheduleTime") or cj["metadata"]["creationTimestamp"]))
    deadline = spec.get("startingDeadlineSeconds")
    if include_deadline and deadline is not None:
        earliest = max(earliest, now - timedelta(seconds=deadline))
    t1 = schedule.next(earliest)
    t2 = schedule.next(t1) if t1 is not None else None
    if t1 is not None and now < t1:
        return earliest, None, 0
    if t2 is not None and now < t2:
        return earliest, t1, 0
    between = round((t2 - t1).total_seconds()) if t1 is not None and t2 is not None else 0
    if between < 1:
        raise ScheduleError("time difference between two schedules is less than 1 second")
    missed = int((now - t1).total_seconds()) // between + 1
    most_recent = None
    t = schedule.next(t1 + timedelta(seconds=(missed - 2) * between))
    while t is not None and t <= now:
        most_recent = t
        t = schedule.next(t)
    return earliest, most_recent, missed


def next_schedule_delay(cj: Obj, now: datetime, schedule: Schedule) -> float | None:
    """nextScheduleTimeDuration: seconds until 100 ms after the next schedule time."""
    try:
        earliest, most_recent, missed = most_recent_schedule_time(cj, now, schedule, False)
    except ScheduleError:
        most_recent = now
    else:
        if most_recent is None:
            most_recent = earliest if missed == 0 else now
    nxt = schedule.next(most_recent)
    if nxt is None:
        return None
    return (nxt - now).total_seconds() + NEXT_SCHEDULE_DELTA


def format_schedule(cj: Obj) -> str:
    """formatSchedule: ``TZ=<timeZone> <schedule>`` when a valid timeZone is set."""
    spec = cj["spec"]
    schedule = spec.get("schedule", "")
    if "TZ" in schedule or spec.get("timeZone") is None:
        return schedule
    try:
        load_location(spec["timeZone"])
    except ScheduleError:
        return schedule
    return f"TZ={spec['timeZone']} {schedule}"


def _rfc3339(d: datetime) -> str:
    """time.RFC3339 in the zone: ``Z`` for a zero offset, else ``+01:00``."""
    offset = d.utcoffset() or timedelta(0)
    if not offset:
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = d.strftime("%Y-%m-%dT%H:%M:%S%z")
    return text[:-2] + ":" + text[-2:]


def _rfc1123z(d: datetime) -> str:
    return d.astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")


def make_job(cj: Obj, scheduled: datetime) -> Obj:
    """getJobFromTemplate2: the template's labels and annotations, the scheduled
    time as an annotation (in the CronJob's time zone), a controller reference."""
    template = cj["spec"].get("jobTemplate") or {}
    tmeta = template.get("metadata") or {}
    annotations = dict(tmeta.get("annotations") or {})
    zone = load_location(cj["spec"].get("timeZone") or "")
    annotations[SCHEDULED_TIMESTAMP] = _rfc3339(scheduled.astimezone(zone))
    md: Obj = {"name": job_name(cj["metadata"]["name"], scheduled), "namespace": cj["metadata"]["namespace"]}
    if tmeta.get("labels"):
        md["labels"] = dict(tmeta["labels"])
    md["annotations"] = annotations
    md["ownerReferences"] = [make_owner_ref(cj)]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": md, "spec": clone(template.get("spec") or {})}


def job_ref(job: Obj) -> Obj:
    """getRef: the corev1.ObjectReference kept in ``status.active``."""
    md = job["metadata"]
    return {"apiVersion": "batch/v1", "kind": "Job", "name": md["name"], "namespace": md["namespace"],
            "resourceVersion": md.get("resourceVersion", ""), "uid": md["uid"]}


def finished_condition(job: Obj) -> str | None:
    """"Complete" or "Failed" once the Job has finished, else None."""
    for c in (job.get("status") or {}).get("conditions") or []:
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return c["type"]
    return None


def _start_order(job: Obj) -> tuple:
    """byJobStartTime: started Jobs first, oldest first, then by name."""
    start = (job.get("status") or {}).get("startTime")
    return (start is None, parse_timestamp(start) if start else 0.0, job["metadata"]["name"])


# ------------------------------------------------------------------ the controller

class CronJobController(Controller):
    name = "cronjob"

    def setup(self) -> None:
        self._timers: dict[str, Timer] = {}       # the delaying queue: one pending wake-up per key
        self.watch("CronJob", self._on_cronjob)
        self.watch("Job", self._on_job)

    # ------------------------------------------------------------- handlers
    def _on_cronjob(self, etype: str, cj: Obj, old: Obj | None) -> None:
        key = f"{cj['metadata']['namespace']}/{cj['metadata']['name']}"
        if etype != "MODIFIED" or old is None:
            self.enqueue(key)
            return
        spec, old_spec = cj.get("spec") or {}, old.get("spec") or {}
        if spec.get("schedule") == old_spec.get("schedule") and spec.get("timeZone") == old_spec.get("timeZone"):
            self.enqueue(key)
            return
        # updateCronJob: a new schedule only moves the next wake-up.
        try:
            schedule = parse_standard(format_schedule(cj))
        except ScheduleError:
            self.recorder.warning(cj, "UnParseableCronJobSchedule",
                                  f"unparseable schedule for cronjob: {spec.get('schedule', '')}",
                                  component="cronjob-controller")
            return
        delay = next_schedule_delay(cj, _dt(self.clock.now), schedule)
        if delay is not None:
            self._requeue_after(key, delay)

    def _on_job(self, etype: str, job: Obj, old: Obj | None) -> None:
        ns = job["metadata"]["namespace"]
        for obj in (old, job):
            ref = controller_ref(obj) if obj is not None else None
            if ref is not None and ref.get("kind") == "CronJob":
                self.enqueue(f"{ns}/{ref['name']}")

    def _requeue_after(self, key: str, delay: float) -> None:
        """AddAfter: a key already waiting keeps the earlier of the two times."""
        pending = self._timers.get(key)
        when = self.clock.now + max(0.0, delay)
        if pending is not None and not pending.fired and not pending.cancelled:
            if pending.when <= when + 1e-6:
                return
            pending.cancel()

        def wake() -> None:
            self._timers.pop(key, None)
            self.queue.add(key)
        self._timers[key] = self.clock.schedule(max(0.0, delay), wake, label=f"{self.name} requeue {key}")

    # ------------------------------------------------------------- sync
    def sync(self, key: str) -> None:
        ns, name = split_key(key)
        cj = self.api.try_get("cronjobs", name, ns)
        if cj is None:
            timer = self._timers.pop(key, None)
            if timer is not None:
                timer.cancel()
            return
        uid = cj["metadata"]["uid"]
        # getJobsToBeReconciled lists the namespace's Jobs whose controller is named like
        # the CronJob; the owner index gives the same Jobs without a scan.
        jobs = [j for j in self.api.owned("jobs", uid, copy=True) if (controller_ref(j) or {}).get("uid") == uid]
        old_status = cj.get("status") or {}
        cj["status"] = status = clone(old_status)
        self._cleanup_finished_jobs(cj, jobs)
        delay = self._sync_cronjob(cj, jobs)
        if not status.get("active"):
            status.pop("active", None)             # omitempty
        if status != old_status:
            self.api.write_status("cronjobs", name, ns, status)
        if delay is not None:
            self._requeue_after(key, delay)

    def _event(self, cj: Obj, etype: str, reason: str, message: str) -> None:
        self.recorder.event(cj, etype, reason, message, component="cronjob-controller")

    def _sync_children(self, cj: Obj, jobs: list[Obj]) -> None:
        """The first half of syncCronJob: finished Jobs leave ``status.active``,
        successes move ``lastSuccessfulTime``, vanished Jobs are forgotten."""
        status = cj["status"]
        children = {j["metadata"]["uid"] for j in jobs}
        for j in jobs:
            active_uids = {r.get("uid") for r in status.get("active") or []}
            found = j["metadata"]["uid"] in active_uids
            finished = finished_condition(j)
            if not found and finished is None:
                self._event(cj, "Warning", "UnexpectedJob",
                            f"Saw a job that the controller did not create or forgot: {j['metadata']['name']}")
            elif finished is not None:
                if found:
                    self._drop_active(cj, j["metadata"]["uid"])
                    self._event(cj, "Normal", "SawCompletedJob",
                                f"Saw completed job: {j['metadata']['name']}, condition: {finished}")
                if finished == "Complete":
                    done = (j.get("status") or {}).get("completionTime")
                    last = status.get("lastSuccessfulTime")
                    if done and (last is None or parse_timestamp(done) > parse_timestamp(last)):
                        status["lastSuccessfulTime"] = done
        # An active Job that no longer exists would hold the CronJob active forever.
        for ref in list(status.get("active") or []):
            if ref.get("uid") in children:
                continue
            if self.api.peek("jobs", ref.get("name", ""), ref.get("namespace") or cj["metadata"]["namespace"]) is None:
                self._event(cj, "Normal", "MissingJob", f"Active job went missing: {ref.get('name', '')}")
                self._drop_active(cj, ref.get("uid"))

    def _sync_cronjob(self, cj: Obj, jobs: list[Obj]) -> float | None:
        """syncCronJob: returns the seconds until the next look, or None."""
        self._sync_children(cj, jobs)
        spec, status = cj["spec"], cj["status"]
        now = _dt(self.clock.now)
        if is_deleting(cj):
            return None
        if spec.get("timeZone") is not None:
            try:
                load_location(spec["timeZone"])
            except ScheduleError as err:
                self._event(cj, "Warning", "UnknownTimeZone",
                            f"invalid timeZone: {json.dumps(spec['timeZone'])}: {err}")
                return None
        if spec.get("suspend"):
            return None
        if "TZ" in spec.get("schedule", ""):
            self._event(cj, "Warning", "UnsupportedSchedule",
                        f"CRON_TZ or TZ used in schedule {json.dumps(spec['schedule'])} is not officially supported, "
                        "see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details")
        try:
            schedule = parse_standard(format_schedule(cj))
        except ScheduleError as err:
            self._event(cj, "Warning", "UnparseableSchedule",
                        f"unparseable schedule: {json.dumps(spec.get('schedule', ''))} : {err}")
            return None
        try:
            _, scheduled, missed = most_recent_schedule_time(cj, now, schedule, True)
        except ScheduleError as err:
            self._event(cj, "Warning", "InvalidSchedule", f"invalid schedule: {spec.get('schedule', '')} : {err}")
            return None
        if scheduled is None:
            return next_schedule_delay(cj, now, schedule)
        if missed > TOO_MANY_MISSED:
            self._event(cj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease "
                        ".spec.startingDeadlineSeconds or check clock skew")
        deadline = spec.get("startingDeadlineSeconds")
        if deadline is not None and scheduled + timedelta(seconds=deadline) < now:
            self._event(cj, "Warning", "MissSchedule", f"Missed scheduled time to start a job: {_rfc1123z(scheduled)}")
            return next_schedule_delay(cj, now, schedule)
        name = job_name(cj["metadata"]["name"], scheduled)
        last = status.get("lastScheduleTime")
        if any(r.get("name") == name for r in status.get("active") or []) or \
                (last is not None and parse_timestamp(last) == _sim(scheduled)):
            return next_schedule_delay(cj, now, schedule)       # this time has been handled
        policy = spec.get("concurrencyPolicy", "Allow")
        if policy == "Forbid" and status.get("active"):
            self._event(cj, "Normal", "JobAlreadyActive",
                        "Not starting job because prior execution is running and concurrency policy is Forbid")
            return next_schedule_delay(cj, now, schedule)
        if policy == "Replace":
            for ref in list(status.get("active") or []):
                self._delete_job(cj, ref.get("name", ""), ref.get("uid"))
        self._create_job(cj, scheduled)
        return next_schedule_delay(cj, now, schedule)

    def _create_job(self, cj: Obj, scheduled: datetime) -> bool:
        """Create the Job for ``scheduled`` and list it as active; False if that failed."""
        status = cj["status"]
        request = make_job(cj, scheduled)
        ns, name = request["metadata"]["namespace"], request["metadata"]["name"]
        try:
            job = self.api.create(request)
        except ApiError as err:
            if err.reason == "AlreadyExists":
                # We created it before but did not get to list it (or someone else did).
                job = self.api.try_get("jobs", name, ns)
                ref = controller_ref(job) if job is not None else None
                if job is None or ref is None or ref.get("uid") != cj["metadata"]["uid"]:
                    return False
                if any(r.get("uid") == job["metadata"]["uid"] for r in status.get("active") or []):
                    return False
            else:
                if "because it is being terminated" not in err.message:
                    self._event(cj, "Warning", "FailedCreate", f"Error creating job: {err.message}")
                return False
        else:
            self._event(cj, "Normal", "SuccessfulCreate", f"Created job {name}")
        status.setdefault("active", []).append(job_ref(job))
        status["lastScheduleTime"] = self.clock.timestamp(_sim(scheduled))
        return True

    @staticmethod
    def _drop_active(cj: Obj, uid: str | None) -> None:
        cj["status"]["active"] = [r for r in cj["status"].get("active") or [] if r.get("uid") != uid]

    def _delete_job(self, cj: Obj, name: str, uid: str | None) -> bool:
        """deleteJob: delete the Job (its pods go in the background) and forget it."""
        ns = cj["metadata"]["namespace"]
        try:
            self.api.delete("jobs", name, ns, propagation="Background")
        except ApiError as err:
            self._event(cj, "Warning", "FailedDelete", f"Deleted job: {err.message}")
            return False
        self._drop_active(cj, uid)
        self._event(cj, "Normal", "SuccessfulDelete", f"Deleted job {name}")
        return True

    def _cleanup_finished_jobs(self, cj: Obj, jobs: list[Obj]) -> None:
        """cleanupFinishedJobs: keep the newest N successful and M failed Jobs."""
        spec = cj["spec"]
        for condition, limit in (("Complete", spec.get("successfulJobsHistoryLimit")),
                                 ("Failed", spec.get("failedJobsHistoryLimit"))):
            if limit is None:
                continue
            done = sorted((j for j in jobs if finished_condition(j) == condition), key=_start_order)
            for j in done[:max(0, len(done) - limit)]:
                if self.api.peek("jobs", j["metadata"]["name"], j["metadata"]["namespace"]) is not None:
                    self._delete_job(cj, j["metadata"]["name"], j["metadata"]["uid"])
