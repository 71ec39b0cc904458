"""``kubectl describe job|cronjob``: describeJob and describeCronJob of
k8s.io/kubectl/pkg/describe/describe.go (v0.32.4), on the helpers of :mod:`.writer` and :mod:`.pods`.

Neither needs other objects: a Job's "Pods Statuses" line comes from its own
status counts, a CronJob's "Active Jobs" from ``status.active``.

>>> job = {"kind": "Job", "metadata": {"name": "pi", "namespace": "default"},
...        "spec": {"parallelism": 1, "completions": 1, "backoffLimit": 4,
...                 "template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}},
...        "status": {"startTime": "2025-01-06T09:00:00Z", "completionTime": "2025-01-06T09:01:05Z",
...                   "succeeded": 1, "ready": 0}}
>>> print(describe_job(job, None, 0.0, Related()), end="")  # doctest: +ELLIPSIS
Name:             pi
Namespace:        default
Selector:         
Labels:           <none>
Annotations:      <none>
Parallelism:      1
Completions:      1
Backoff Limit:    4
Start Time:       Mon, 06 Jan 2025 09:00:00 +0000
Completed At:     Mon, 06 Jan 2025 09:01:05 +0000
Duration:         65s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
Pod Template:
  Labels:  <none>
  Containers:
   pi:
    Image:...
"""
from __future__ import annotations

from kubelab.api.meta import Obj
from kubelab.clock import parse_timestamp

from ..age import human_duration
from .pods import pod_template
from .writer import (Related, Writer, annotations_multiline, controller_of, describe_events,
                     go_bool, labels_multiline, meta_of, render, rfc1123z, selector_string)


__all__ = ["describe_job", "describe_cronjob"]


def _go_bool_title(v: bool | None) -> str:
    """printBoolPtr: ``True`` / ``False``, ``<unset>`` for nil."""
    return "<unset>" if v is None else ("True" if v else "False")


def _cap_indexes(indexes: str | None, soft_limit: int = 50) -> str:
    """capIndexesListOrNone: cut a long "1,3-5,7" list at the first comma past
    ``soft_limit`` characters and add "..."."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    if cut < 0:
        return indexes
    return indexes[:cut + 1] + "..."


def describe_job(job: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """describeJob: optional lines appear only when their field is set, as in Go."""
    w = Writer()
    meta, spec, status = meta_of(job), job.get("spec") or {}, job.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    if controller_of(job):
        w.write(0, f"Controlled By:\t{controller_of(job)}\n")
    if spec.get("parallelism") is not None:
        w.write(0, f"Parallelism:\t{spec['parallelism']}\n")
    completions = spec.get("completions")
    w.write(0, f"Completions:\t{'<unset>' if completions is None else completions}\n")
    if spec.get("completionMode") is not None:
        w.write(0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.write(0, f"Suspend:\t{go_bool(spec['suspend'])}\n")          # %v of a bool: "false"
    if spec.get("backoffLimit") is not None:
        w.write(0, f"Backoff Limit:\t{spec['backoffLimit']}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.write(0, f"TTL Seconds After Finished:\t{spec['ttlSecondsAfterFinished']}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    if status.get("completionTime"):
        w.write(0, f"Completed At:\t{rfc1123z(status['completionTime'])}\n")
    if status.get("startTime") and status.get("completionTime"):
        took = parse_timestamp(status["completionTime"]) - parse_timestamp(status["startTime"])
        w.write(0, f"Duration:\t{human_duration(took)}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    active, succeeded, failed = (int(status.get(k) or 0) for k in ("active", "succeeded", "failed"))
    if status.get("ready") is None:
        w.write(0, f"Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n")
    else:
        w.write(0, f"Pods Statuses:\t{active} Active ({int(status['ready'])} Ready) / {succeeded} Succeeded / "
                   f"{failed} Failed\n")
    if spec.get("completionMode") == "Indexed":
        w.write(0, f"Completed Indexes:\t{_cap_indexes(status.get('completedIndexes'))}\n")
    pod_template(w, spec.get("template"))
    describe_events(w, events, now)
    return render(w)


def _job_template(w: Writer, template: Obj | None) -> None:
    """describeJobTemplate: here unset fields say ``<unset>``."""
    spec = (template or {}).get("spec") or {}
    if spec.get("selector") is not None:
        w.write(0, f"Selector:\t{selector_string(spec['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    for title, key in (("Parallelism", "parallelism"), ("Completions", "completions")):
        value = spec.get(key)
        w.write(0, f"{title}:\t{'<unset>' if value is None else value}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    pod_template(w, spec.get("template"))


def describe_cronjob(cj: Obj, events: list[Obj] | None, now: float, related: Related) -> str:
    """describeCronJob: the schedule and policies, the job template, then the last
    schedule time and the active Jobs by name."""
    w = Writer()
    meta, spec, status = meta_of(cj), cj.get("spec") or {}, cj.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
    w.write(0, f"Suspend:\t{_go_bool_title(spec.get('suspend'))}\n")
    for title, key in (("Successful Job History Limit", "successfulJobsHistoryLimit"),
                       ("Failed Job History Limit", "failedJobsHistoryLimit")):
        value = spec.get(key)
        w.write(0, f"{title}:\t{'<unset>' if value is None else value}\n")
    deadline = spec.get("startingDeadlineSeconds")
    w.write(0, f"Starting Deadline Seconds:\t{'<unset>' if deadline is None else f'{deadline}s'}\n")
    _job_template(w, spec.get("jobTemplate"))
    last = status.get("lastScheduleTime")
    w.write(0, f"Last Schedule Time:\t{rfc1123z(last) if last else '<unset>'}\n")
    names = ", ".join(ref.get("name", "") for ref in status.get("active") or [])
    w.write(0, f"Active Jobs:\t{names or '<none>'}\n")
    describe_events(w, events, now)
    return render(w)
