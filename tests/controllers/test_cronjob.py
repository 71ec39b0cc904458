"""The CronJob controller: schedules, Job names, concurrency policies, history
limits, suspend and missed start times (pkg/controller/cronjob, Kubernetes v1.32).

A Cluster finishes booting at 60 s, i.e. 2025-01-06T09:01:00Z; a Job for the
schedule time T is created 100 ms after T (nextScheduleDelta) and is named
``<cronjob>-<T in minutes since the Unix epoch>``: 2025-01-06T09:00:00Z is Unix
1736154000 s = 28935900 min.
"""
from datetime import datetime, timezone

import pytest
import yaml

import kubelab
from kubelab.clock import EPOCH
from kubelab.api.cron import ScheduleError, parse_go_duration, parse_standard
from kubelab.controllers.cronjob import job_name

UTC = timezone.utc
MIN_0900 = 28935900          # 2025-01-06T09:00:00Z in minutes since the Unix epoch


def cronjob(name="hello", schedule="*/1 * * * *", command="date", restart="OnFailure", **spec):
    extra = "".join(f"  {k}: {v}\n" for k, v in spec.items())
    return f"""apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
  schedule: '{schedule}'
{extra}  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          containers:
          - name: c
            image: busybox
            command: ['sh', '-c', '{command}']
          restartPolicy: {restart}
"""


def at(hh, mm, ss=0.0):
    """Simulated seconds of 2025-01-06 hh:mm:ss UTC."""
    return (datetime(2025, 1, 6, hh, mm, tzinfo=UTC) - EPOCH).total_seconds() + ss


def jobs(c, ns="default"):
    return [j["metadata"]["name"] for j in c.api.list("jobs", ns)]


def events(c, name="hello", kind="CronJob"):
    return [(e["type"], e["reason"], e["message"]) for e in c.api.list("events", "default")
            if e["involvedObject"]["kind"] == kind and e["involvedObject"]["name"] == name]


def reasons(c, name="hello"):
    return [r for _, r, _ in events(c, name)]


def make(c, text):
    r = c.kubectl("apply -f -", stdin=text)
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------------ schedules (robfig/cron v3)

def test_job_name_is_the_scheduled_minute_since_the_unix_epoch():
    # getJobName: fmt.Sprintf("%s-%d", cj.Name, scheduledTime.Unix()/60)
    assert job_name("hello", datetime(2025, 1, 6, 9, 0, tzinfo=UTC)) == f"hello-{MIN_0900}"
    assert job_name("pi", datetime(2025, 1, 6, 9, 2, 59, tzinfo=UTC)) == f"pi-{MIN_0900 + 2}"


@pytest.mark.parametrize("spec, after, expected", [
    # after 2025-01-06 (a Monday) hh:mm:ss; expected (month, day, hour, minute) of the next two times
    ("*/1 * * * *", (9, 0, 30), [(1, 6, 9, 1), (1, 6, 9, 2)]),
    ("*/15 9-17 * * mon-fri", (9, 7, 0), [(1, 6, 9, 15), (1, 6, 9, 30)]),
    ("0 9 * * *", (9, 0, 0), [(1, 7, 9, 0), (1, 8, 9, 0)]),
    ("@hourly", (9, 1, 0), [(1, 6, 10, 0), (1, 6, 11, 0)]),
    ("@daily", (9, 1, 0), [(1, 7, 0, 0), (1, 8, 0, 0)]),
    ("@midnight", (9, 1, 0), [(1, 7, 0, 0), (1, 8, 0, 0)]),
    ("@weekly", (9, 1, 0), [(1, 12, 0, 0), (1, 19, 0, 0)]),          # Sundays
    ("@monthly", (9, 1, 0), [(2, 1, 0, 0), (3, 1, 0, 0)]),
    # day-of-month and day-of-week both restricted: either one matches (cron's rule)
    ("0 0 13 * 5", (9, 1, 0), [(1, 10, 0, 0), (1, 13, 0, 0)]),
    ("30 6-16/4 * * 1-5", (9, 1, 0), [(1, 6, 10, 30), (1, 6, 14, 30)]),
])
def test_schedule_next_times(spec, after, expected):
    s = parse_standard(spec)
    t = datetime(2025, 1, 6, *after, tzinfo=UTC)
    got = []
    for _ in expected:
        t = s.next(t)
        got.append(t)
    assert got == [datetime(2025, *e, tzinfo=UTC) for e in expected]


def test_every_descriptor_counts_from_the_given_time_in_whole_seconds():
    s = parse_standard("@every 1h30m")
    assert s.next(datetime(2025, 1, 6, 9, 0, 30, 500000, tzinfo=UTC)) == datetime(2025, 1, 6, 10, 30, 30, tzinfo=UTC)
    assert parse_standard("@every 100ms").next(datetime(2025, 1, 6, tzinfo=UTC)).second == 1   # at least 1 s
    assert parse_go_duration("1.5h") == 5400 and parse_go_duration("90s") == 90


def test_time_zone_prefix_evaluates_the_fields_in_that_zone():
    s = parse_standard("TZ=Europe/Berlin 0 10 * * *")       # 10:00 in Berlin is 09:00 UTC in January
    assert s.next(datetime(2025, 1, 6, 9, 1, tzinfo=UTC)) == datetime(2025, 1, 7, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("spec, message", [
    # robfig/cron v3.0.1 parser.go error texts
    ("", "empty spec string"),
    ("* * *", "expected exactly 5 fields, found 3: [* * *]"),
    ("0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
    ("x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("@fortnightly", "unrecognized descriptor: @fortnightly"),
    ("@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'),
])
def test_schedules_robfig_cron_refuses(spec, message):
    with pytest.raises(ScheduleError) as err:
        parse_standard(spec)
    assert str(err.value) == message


def test_a_schedule_that_never_fires_has_no_next_time():
    assert parse_standard("0 0 31 2 *").next(datetime(2025, 1, 6, tzinfo=UTC)) is None


# ------------------------------------------------------------------ the controller

def test_every_minute_creates_one_job_a_minute_100ms_after_the_minute():
    c = kubelab.Cluster()
    make(c, cronjob())
    c.run_until(at(9, 2))
    assert jobs(c) == []                                   # nothing at creation, nothing before 09:02
    c.run_until(at(9, 2, 0.1))
    assert jobs(c) == [f"hello-{MIN_0900 + 2}"]
    c.run_until(at(9, 4, 0.5))
    assert jobs(c) == [f"hello-{MIN_0900 + m}" for m in (2, 3, 4)]
    job = c.get("job", f"hello-{MIN_0900 + 3}")
    assert job["metadata"]["creationTimestamp"] == "2025-01-06T09:03:00Z"
    assert job["metadata"]["annotations"] == {"batch.kubernetes.io/cronjob-scheduled-timestamp": "2025-01-06T09:03:00Z"}
    cj = c.get("cronjob", "hello")
    assert job["metadata"]["ownerReferences"] == [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "hello",
                                                   "uid": cj["metadata"]["uid"], "controller": True,
                                                   "blockOwnerDeletion": True}]
    assert ("Normal", "SuccessfulCreate", f"Created job hello-{MIN_0900 + 2}") in events(c)


def test_status_tracks_active_jobs_and_the_last_schedule_and_success():
    c = kubelab.Cluster()
    make(c, cronjob(command="sleep 30"))
    c.run_until(at(9, 2, 5))
    status = c.get("cronjob", "hello")["status"]
    job = c.get("job", f"hello-{MIN_0900 + 2}")
    assert status["active"] == [{"apiVersion": "batch/v1", "kind": "Job", "name": job["metadata"]["name"],
                                 "namespace": "default", "resourceVersion": status["active"][0]["resourceVersion"],
                                 "uid": job["metadata"]["uid"]}]
    assert status["lastScheduleTime"] == "2025-01-06T09:02:00Z"
    assert "lastSuccessfulTime" not in status
    c.run_until(at(9, 2, 50))
    status = c.get("cronjob", "hello")["status"]
    assert "active" not in status                          # an empty list is omitted
    assert status["lastSuccessfulTime"] == c.get("job", job["metadata"]["name"])["status"]["completionTime"]
    assert ("Normal", "SawCompletedJob",
            f"Saw completed job: hello-{MIN_0900 + 2}, condition: Complete") in events(c)


def test_hourly_and_every_descriptors():
    c = kubelab.Cluster()
    make(c, cronjob("hourly", "@hourly"))
    make(c, cronjob("every", "@every 90s"))
    c.run_until(at(10, 0, 1))
    names = jobs(c)
    assert [n for n in names if n.startswith("hourly")] == [f"hourly-{MIN_0900 + 60}"]
    # @every counts from the creation time (09:01:00): 09:02:30, 09:04:00, ...
    every = [n for n in names if n.startswith("every")]
    # ... 09:56:30, 09:58:00, 09:59:30: the newest three successful Jobs are kept
    assert every == [f"every-{MIN_0900 + m}" for m in (56, 58, 59)]
    first = [e[2] for e in events(c, "every") if e[1] == "SuccessfulCreate"][:2]
    assert first == [f"Created job every-{MIN_0900 + 2}", f"Created job every-{MIN_0900 + 4}"]


def test_time_zone_names_the_scheduled_timestamp_in_that_zone():
    c = kubelab.Cluster()
    make(c, cronjob(timeZone="Europe/Berlin"))
    c.run_until(at(9, 2, 1))
    job = c.get("job", f"hello-{MIN_0900 + 2}")
    assert job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == \
        "2025-01-06T10:02:00+01:00"


def test_allow_runs_jobs_side_by_side():
    c = kubelab.Cluster()
    make(c, cronjob(command="sleep 150"))
    c.run_until(at(9, 3, 5))
    assert [r["name"] for r in c.get("cronjob", "hello")["status"]["active"]] == \
        [f"hello-{MIN_0900 + 2}", f"hello-{MIN_0900 + 3}"]


def test_forbid_skips_a_run_while_one_is_active_then_starts_the_missed_one():
    c = kubelab.Cluster()
    make(c, cronjob(command="sleep 150", concurrencyPolicy="Forbid"))
    c.run_until(at(9, 3, 30))
    assert jobs(c) == [f"hello-{MIN_0900 + 2}"]
    assert ("Normal", "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid") in events(c)
    # The first Job ends at about 09:04:32; the most recent missed time (09:04) then runs late,
    # and the 09:03 run never happens.
    c.run_until(at(9, 4, 50))
    assert jobs(c) == [f"hello-{MIN_0900 + 2}", f"hello-{MIN_0900 + 4}"]
    assert len(c.get("cronjob", "hello")["status"]["active"]) == 1


def test_replace_deletes_the_running_job_before_starting_the_next():
    c = kubelab.Cluster()
    make(c, cronjob(command="sleep 150", concurrencyPolicy="Replace"))
    c.run_until(at(9, 3, 5))
    assert jobs(c) == [f"hello-{MIN_0900 + 3}"]
    assert ("Normal", "SuccessfulDelete", f"Deleted job hello-{MIN_0900 + 2}") in events(c)
    assert [r["name"] for r in c.get("cronjob", "hello")["status"]["active"]] == [f"hello-{MIN_0900 + 3}"]
    # the replaced Job's pod is deleted (in the background, by the garbage collector)
    old_pods = [p for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith(f"hello-{MIN_0900 + 2}")]
    assert all(p["metadata"].get("deletionTimestamp") for p in old_pods)


def test_history_keeps_three_successful_jobs_by_default():
    c = kubelab.Cluster()
    make(c, cronjob())
    c.run_until(at(9, 7, 30))
    assert jobs(c) == [f"hello-{MIN_0900 + m}" for m in (5, 6, 7)]
    deleted = [m for _, r, m in events(c) if r == "SuccessfulDelete"]
    assert deleted == [f"Deleted job hello-{MIN_0900 + m}" for m in (2, 3, 4)]


def test_history_limits_apply_to_successful_and_failed_jobs_separately():
    c = kubelab.Cluster()
    make(c, cronjob("ok", successfulJobsHistoryLimit=1))
    make(c, cronjob("bad", command="exit 1", restart="Never"))       # failedJobsHistoryLimit defaults to 1
    c.run_until(at(9, 5, 30))
    assert [n for n in jobs(c) if n.startswith("ok")] == [f"ok-{MIN_0900 + 5}"]
    assert [n for n in jobs(c) if n.startswith("bad")] == [f"bad-{MIN_0900 + 5}"]
    assert ("Normal", "SawCompletedJob", f"Saw completed job: bad-{MIN_0900 + 5}, condition: Failed") \
        in events(c, "bad")


def test_zero_history_limit_deletes_finished_jobs_and_their_pods():
    c = kubelab.Cluster()
    make(c, cronjob(successfulJobsHistoryLimit=0))
    c.run_until(at(9, 2, 30))
    c.settle()
    assert jobs(c) == [] and c.api.list("pods", "default") == []


def test_suspended_cronjob_creates_nothing_and_sets_no_timer():
    c = kubelab.Cluster()
    make(c, cronjob(suspend="true"))
    c.run_until(at(9, 10))
    assert jobs(c) == []
    assert not any("cronjob" in t.label for _, _, t in c.clock._heap if not t.cancelled)
    # Resumed at 09:10:30: of the nine missed times only the most recent one runs.
    c.run_until(at(9, 10, 30))
    make(c, cronjob(suspend="false"))
    assert jobs(c) == [f"hello-{MIN_0900 + 10}"]
    assert "TooManyMissedTimes" not in reasons(c)


def test_more_than_100_missed_times_warns_but_still_runs_the_most_recent():
    c = kubelab.Cluster()
    make(c, cronjob(suspend="true"))
    c.run_until(at(11, 0, 30))                            # 119 start times missed
    make(c, cronjob(suspend="false"))
    assert ("Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease "
            ".spec.startingDeadlineSeconds or check clock skew") in events(c)
    assert jobs(c) == [f"hello-{MIN_0900 + 120}"]


def test_starting_deadline_bounds_how_far_back_missed_times_are_counted():
    c = kubelab.Cluster()
    make(c, cronjob(suspend="true", startingDeadlineSeconds=200))
    c.run_until(at(11, 0, 30))
    make(c, cronjob(suspend="false", startingDeadlineSeconds=200))
    assert "TooManyMissedTimes" not in reasons(c)
    assert jobs(c) == [f"hello-{MIN_0900 + 120}"]


def test_an_unparseable_schedule_is_reported_and_never_runs():
    c = kubelab.Cluster()
    obj = yaml.safe_load(cronjob(schedule="bad"))
    c.api.create(obj)                                      # as if the apiserver had let it through
    c.run(180)
    assert jobs(c) == []
    assert ("Warning", "UnparseableSchedule",
            'unparseable schedule: "bad" : expected exactly 5 fields, found 1: [bad]') in events(c)


def test_deleting_the_cronjob_deletes_its_jobs_and_stops_the_timer():
    c = kubelab.Cluster()
    make(c, cronjob())
    c.run_until(at(9, 3, 30))
    assert c.kubectl("delete cronjob hello").returncode == 0
    c.settle()
    assert jobs(c) == [] and c.api.list("pods", "default") == []
    c.run(180)
    assert jobs(c) == []
    assert not any("cronjob" in t.label for _, _, t in c.clock._heap if not t.cancelled)


def test_a_job_created_by_hand_from_the_cronjob_is_unexpected_to_the_controller():
    # create job --from=cronjob/... makes the CronJob its controller, but the CronJob
    # controller did not list it in status.active: syncCronJob's UnexpectedJob warning.
    c = kubelab.Cluster()
    make(c, cronjob(command="sleep 30"))
    assert c.kubectl("create job manual --from=cronjob/hello").returncode == 0
    assert ("Warning", "UnexpectedJob", "Saw a job that the controller did not create or forgot: manual") in events(c)
    assert "active" not in c.get("cronjob", "hello").get("status", {})


def test_a_cluster_without_cronjobs_has_no_cronjob_timers_or_actions():
    c = kubelab.Cluster()
    c.kubectl("create job once --image=busybox -- date")
    c.run(300)
    assert not any("cronjob" in t.label for _, _, t in c.clock._heap)
    assert not any(a.component == "cronjob-controller" for a in c.api.actions)
