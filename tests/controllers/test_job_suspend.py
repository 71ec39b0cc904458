"""Suspending and resuming a Job (KEP-2232, as the v1.32 job controller does it;
the steps of kubernetes.io's "Suspending a Job" section of the Job concept page):
a suspended Job keeps no pods, has ``Suspended=True`` and a ``Suspended`` event;
resuming it makes pods again, turns the condition False (``JobResumed``), records
``Resumed`` and restarts ``startTime``."""
import pytest

import kubelab
from kubelab.clock import parse_timestamp

JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: myjob
spec:
  suspend: {suspend}
  parallelism: 1
  completions: 5
  template:
    spec:
      containers:
      - name: c
        image: busybox
        command: ["sleep", "30"]
      restartPolicy: Never
"""


@pytest.fixture
def c():
    return kubelab.Cluster()


def condition(c, ctype="Suspended"):
    return next((x for x in c.get("job", "myjob")["status"].get("conditions") or [] if x["type"] == ctype), None)


def reasons(c):
    events = sorted((e for e in c.api.list("events") if e["involvedObject"]["kind"] == "Job"),
                    key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))
    return [(e["reason"], e["message"]) for e in events]


def job_pods(c):
    return [p["metadata"]["name"] for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith("myjob-")]


def test_a_job_created_suspended_makes_no_pods_and_has_not_started(c):
    c.kubectl("apply -f -", stdin=JOB.format(suspend="true"))
    c.settle()
    assert job_pods(c) == []
    cond = condition(c)
    assert (cond["status"], cond["reason"], cond["message"]) == ("True", "JobSuspended", "Job suspended")
    assert "startTime" not in c.get("job", "myjob")["status"]
    assert c.kubectl("get jobs").stdout.splitlines()[1].split()[:3] == ["myjob", "Suspended", "0/5"]
    assert reasons(c) == [("Suspended", "Job suspended")]


def test_resuming_creates_pods_and_restarts_the_clock(c):
    c.kubectl("apply -f -", stdin=JOB.format(suspend="true"))
    c.run(20)
    r = c.kubectl(["patch", "job/myjob", "--type=strategic", "--patch", '{"spec":{"suspend":false}}'])
    assert r.stdout == "job.batch/myjob patched\n"
    c.settle()
    assert len(job_pods(c)) == 1
    cond = condition(c)
    assert (cond["status"], cond["reason"], cond["message"]) == ("False", "JobResumed", "Job resumed")
    started = parse_timestamp(c.get("job", "myjob")["status"]["startTime"])
    assert started >= parse_timestamp(cond["lastTransitionTime"])
    assert ("Resumed", "Job resumed") in reasons(c)


def test_suspending_a_running_job_deletes_its_active_pods(c):
    c.kubectl("apply -f -", stdin=JOB.format(suspend="false"))
    c.settle()
    [pod] = job_pods(c)
    assert condition(c) is None          # never suspended: no condition at all
    c.kubectl(["patch", "job/myjob", "--type=strategic", "--patch", '{"spec":{"suspend":true}}'])
    c.settle()
    assert job_pods(c) == []
    assert condition(c)["status"] == "True"
    assert reasons(c)[-2:] == [("SuccessfulDelete", f"Deleted pod: {pod}"), ("Suspended", "Job suspended")] or \
        reasons(c)[-2:] == [("Suspended", "Job suspended"), ("SuccessfulDelete", f"Deleted pod: {pod}")]
    # a deleted pod counts as failed (isPodFailed), as on a real cluster
    assert c.get("job", "myjob")["status"]["failed"] == 1
    c.kubectl(["patch", "job/myjob", "--type=strategic", "--patch", '{"spec":{"suspend":false}}'])
    c.settle()
    [again] = job_pods(c)
    assert again != pod


def test_a_suspended_job_does_not_run_out_its_deadline(c):
    c.kubectl("apply -f -", stdin=JOB.format(suspend="true").replace("  parallelism: 1\n",
                                                                       "  parallelism: 1\n  activeDeadlineSeconds: 60\n"))
    c.run(120)
    assert condition(c, "Failed") is None
    c.kubectl(["patch", "job/myjob", "--type=strategic", "--patch", '{"spec":{"suspend":false}}'])
    c.run(30)
    assert condition(c, "Failed") is None and len(job_pods(c)) == 1
    c.run(40)
    assert condition(c, "Failed")["reason"] == "DeadlineExceeded"
