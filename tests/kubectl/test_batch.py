"""kubectl create cronjob, create job --from=cronjob/..., describe job|cronjob.

Golden YAML and error text come from the real kubectl v1.32.4 on this machine
(``--dry-run=client`` works offline); ``--from`` needs a server, so its Job is
checked against create_job.go createJobFromCronJob.  The describers are checked
line by line against the format strings of describeJob / describeCronJob in
k8s.io/kubectl/pkg/describe/describe.go, quoted beside each assertion.
"""
import re

import kubelab
from kubelab.kubectl.printers.describe import Related, describe

# kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *' --dry-run=client -o yaml -- date
CRONJOB_YAML = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  creationTimestamp: null
  name: hello
spec:
  jobTemplate:
    metadata:
      creationTimestamp: null
      name: hello
    spec:
      template:
        metadata:
          creationTimestamp: null
        spec:
          containers:
          - command:
            - date
            image: busybox
            name: hello
            resources: {}
          restartPolicy: OnFailure
  schedule: '*/1 * * * *'
status: {}
"""

# kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *' --restart=Never \
#   --dry-run=client -n foo -o yaml -- sh -c 'echo hi'
CRONJOB_NEVER_NS_YAML = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  creationTimestamp: null
  name: hello
  namespace: foo
spec:
  jobTemplate:
    metadata:
      creationTimestamp: null
      name: hello
    spec:
      template:
        metadata:
          creationTimestamp: null
        spec:
          containers:
          - command:
            - sh
            - -c
            - echo hi
            image: busybox
            name: hello
            resources: {}
          restartPolicy: Never
  schedule: '*/1 * * * *'
status: {}
"""


def test_create_cronjob_dry_run_yaml_matches_kubectl():
    c = kubelab.Cluster()
    r = c.kubectl("create cronjob hello --image=busybox --schedule='*/1 * * * *' --dry-run=client -o yaml -- date")
    assert (r.stdout, r.stderr, r.returncode) == (CRONJOB_YAML, "", 0)
    r = c.kubectl("create cronjob hello --image=busybox --schedule='*/1 * * * *' --restart=Never "
                  "--dry-run=client -n foo -o yaml -- sh -c 'echo hi'")
    assert r.stdout == CRONJOB_NEVER_NS_YAML


def test_create_cronjob_prints_the_created_name_and_has_the_cj_alias():
    c = kubelab.Cluster()
    # kubectl create cronjob hello ... --dry-run=client  ->  cronjob.batch/hello created (dry run)
    assert c.kubectl("create cronjob hello --image=busybox --schedule='*/1 * * * *' --dry-run=client").stdout == \
        "cronjob.batch/hello created (dry run)\n"
    assert c.kubectl("create cj hello --image=x --schedule=@hourly --dry-run=client -o name").stdout == \
        "cronjob.batch/hello\n"
    assert c.kubectl("create cronjob hello --image=busybox --schedule='*/5 * * * *'").stdout == \
        "cronjob.batch/hello created\n"
    cj = c.get("cronjob", "hello")
    assert cj["spec"]["concurrencyPolicy"] == "Allow" and cj["spec"]["successfulJobsHistoryLimit"] == 3


def test_create_cronjob_requires_image_schedule_and_one_name():
    c = kubelab.Cluster()
    # kubectl create cronjob hello --image=busybox --dry-run=client -o yaml (exit 1):
    #   E1128 ... run.go:72] "command failed" err="required flag(s) \"schedule\" not set"
    r = c.kubectl("create cronjob hello --image=busybox --dry-run=client -o yaml")
    assert r.returncode == 1 and r.stderr.endswith('"command failed" err="required flag(s) \\"schedule\\" not set"\n')
    r = c.kubectl("create cronjob hello --dry-run=client -o yaml")
    assert r.stderr.endswith('err="required flag(s) \\"image\\", \\"schedule\\" not set"\n')
    r = c.kubectl("create cronjob --image=busybox --schedule='*/1 * * * *' --dry-run=client -o yaml")
    assert (r.stderr, r.returncode) == ("error: exactly one NAME is required, got 0\n"
                                        "See 'kubectl create cronjob -h' for help and examples\n", 1)


def test_create_cronjob_leaves_schedule_and_restart_checks_to_the_server():
    # kubectl create cronjob hello --image=busybox --schedule=bad --restart=Always --dry-run=client -o yaml
    # prints the object (schedule: bad, restartPolicy: Always) and exits 0.
    c = kubelab.Cluster()
    r = c.kubectl("create cronjob hello --image=busybox --schedule=bad --restart=Always --dry-run=client -o yaml")
    assert r.returncode == 0 and "  schedule: bad\n" in r.stdout and "restartPolicy: Always\n" in r.stdout


def test_create_job_from_cronjob_copies_the_template_and_marks_it_manual():
    c = kubelab.Cluster()
    c.kubectl("create cronjob hello --image=busybox --schedule='0 0 * * *' -- date")
    cj = c.get("cronjob", "hello")
    r = c.kubectl("create job run-now --from=cronjob/hello")
    assert (r.stdout, r.returncode) == ("job.batch/run-now created\n", 0)
    job = c.get("job", "run-now")
    # createJobFromCronJob: annotations {"cronjob.kubernetes.io/instantiate": "manual", ...template's},
    # an ownerReference with Controller true and no BlockOwnerDeletion.
    assert job["metadata"]["annotations"] == {"cronjob.kubernetes.io/instantiate": "manual"}
    assert job["metadata"]["ownerReferences"] == [{"apiVersion": "batch/v1", "controller": True, "kind": "CronJob",
                                                   "name": "hello", "uid": cj["metadata"]["uid"]}]
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == ["date"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"


def test_create_job_from_errors():
    c = kubelab.Cluster()
    c.kubectl("create cronjob hello --image=busybox --schedule='0 0 * * *'")
    # real kubectl: create job x --from=cronjob/y --image=busybox  /  create job x --from=cronjob/y -- date
    assert c.kubectl("create job x --from=cronjob/hello --image=busybox").stderr == \
        "error: either --image or --from must be specified\n"
    assert c.kubectl("create job x --from=cronjob/hello -- date").stderr == "error: cannot specify --from and command\n"
    assert c.kubectl("create job x").stderr == "error: either --image or --from must be specified\n"
    assert c.kubectl("create job x --from=cronjob/nope").stderr == \
        'Error from server (NotFound): cronjobs.batch "nope" not found\n'
    # Run: `default: return fmt.Errorf("unknown object type %T", obj)`
    assert c.kubectl("create job x --from=deployment/coredns -n kube-system").stderr == \
        "error: unknown object type *v1.Deployment\n"
    # Run: `return fmt.Errorf("failed to create job: %v", err)`
    c.kubectl("create job x --from=cronjob/hello")
    assert c.kubectl("create job x --from=cronjob/hello").stderr == \
        'error: failed to create job: jobs.batch "x" already exists\n'


# ------------------------------------------------------------------ describe

def titles(text):
    """The field titles of a description, in order (lines that start at column 0)."""
    return [m.group(1) for m in re.finditer(r"^([A-Z][^:\n]*):", text, re.M)]


def field(text, title):
    m = re.search(rf"^{re.escape(title)}:[ \t]*(.*)$", text, re.M)
    return m.group(1) if m else None


def cronjob_cluster():
    c = kubelab.Cluster()
    c.kubectl("create cronjob hello --image=busybox --schedule='*/1 * * * *' -- sh -c 'date; sleep 5'")
    c.run(125)            # 09:01:00 -> 09:03:06: Jobs at 09:02 (done) and 09:03 (running)
    return c


def test_describe_job_follows_describe_job():
    c = cronjob_cluster()
    name = c.api.list("jobs", "default")[0]["metadata"]["name"]
    text = c.kubectl(f"describe job {name}").stdout
    # describeJob writes, in order: Name, Namespace, Selector, Labels, Annotations, Controlled By,
    # Parallelism (if set), Completions, Completion Mode (if set), Suspend (if set), Backoff Limit
    # (if set), [TTL Seconds After Finished], Start Time, Completed At, Duration,
    # [Active Deadline Seconds], Pods Statuses, Pod Template (DescribePodTemplate), Events.
    assert titles(text) == ["Name", "Namespace", "Selector", "Labels", "Annotations", "Controlled By",
                            "Parallelism", "Completions", "Completion Mode", "Suspend", "Backoff Limit",
                            "Start Time", "Completed At", "Duration", "Pods Statuses", "Pod Template", "Events"]
    job = c.get("job", name)
    uid = job["metadata"]["uid"]
    assert field(text, "Selector") == f"batch.kubernetes.io/controller-uid={uid}"
    assert field(text, "Annotations") == "batch.kubernetes.io/cronjob-scheduled-timestamp: 2025-01-06T09:02:00Z"
    assert field(text, "Controlled By") == "CronJob/hello"             # printController: Kind/Name
    assert field(text, "Suspend") == "false"                            # "Suspend:\t%v\n" of a bool
    assert field(text, "Backoff Limit") == "6"
    assert field(text, "Start Time") == "Mon, 06 Jan 2025 09:02:00 +0000"    # time.RFC1123Z
    # "Pods Statuses:\t%d Active (%d Ready) / %d Succeeded / %d Failed\n" (status.ready is set)
    assert field(text, "Pods Statuses") == "0 Active (0 Ready) / 1 Succeeded / 0 Failed"
    assert re.search(r"^  Normal  SuccessfulCreate  \S+ +job-controller  Created pod: ", text, re.M)
    # the running one has no Completed At / Duration yet
    running = c.kubectl(f"describe job {c.api.list('jobs', 'default')[1]['metadata']['name']}").stdout
    assert "Completed At" not in titles(running) and "Duration" not in titles(running)
    assert field(running, "Pods Statuses") == "1 Active (1 Ready) / 0 Succeeded / 0 Failed"


def test_describe_job_optional_lines():
    job = {"kind": "Job", "metadata": {"name": "pi", "namespace": "default"},
           "spec": {"completionMode": "Indexed", "completions": 100, "ttlSecondsAfterFinished": 60,
                    "activeDeadlineSeconds": 30, "template": {"spec": {"containers": []}}},
           "status": {"active": 2, "failed": 1, "completedIndexes": ",".join(str(i) for i in range(0, 40, 2))}}
    text = describe(job, events=None, now=0)
    assert titles(text) == ["Name", "Namespace", "Selector", "Labels", "Annotations", "Completions",
                            "Completion Mode", "TTL Seconds After Finished", "Active Deadline Seconds",
                            "Pods Statuses", "Completed Indexes", "Pod Template"]
    assert field(text, "Active Deadline Seconds") == "30s"           # "Active Deadline Seconds:\t%ds\n"
    # status.ready nil: "Pods Statuses:\t%d Active / %d Succeeded / %d Failed\n"
    assert field(text, "Pods Statuses") == "2 Active / 0 Succeeded / 1 Failed"
    # capIndexesListOrNone(indexes, 50): cut at the first comma at or after 50 characters
    assert field(text, "Completed Indexes") == "0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,..."
    no_completions = dict(job, spec={"template": {}})
    assert field(describe(no_completions), "Completions") == "<unset>"


def test_describe_cronjob_follows_describe_cron_job():
    c = cronjob_cluster()
    text = c.kubectl("describe cronjob hello").stdout
    # describeCronJob: Name, Namespace, Labels, Annotations, Schedule, Concurrency Policy, Suspend,
    # Successful Job History Limit, Failed Job History Limit, Starting Deadline Seconds,
    # describeJobTemplate (Selector, Parallelism, Completions, [Active Deadline Seconds], Pod Template),
    # Last Schedule Time, Active Jobs (printActiveJobs), Events.
    assert titles(text) == ["Name", "Namespace", "Labels", "Annotations", "Schedule", "Concurrency Policy",
                            "Suspend", "Successful Job History Limit", "Failed Job History Limit",
                            "Starting Deadline Seconds", "Selector", "Parallelism", "Completions", "Pod Template",
                            "Last Schedule Time", "Active Jobs", "Events"]
    assert field(text, "Schedule") == "*/1 * * * *"
    assert field(text, "Concurrency Policy") == "Allow"
    assert field(text, "Suspend") == "False"                               # printBoolPtr
    assert field(text, "Successful Job History Limit") == "3"
    assert field(text, "Failed Job History Limit") == "1"
    assert field(text, "Starting Deadline Seconds") == "<unset>"
    assert field(text, "Selector") == "<unset>"                            # jobTemplate.spec.selector is nil
    assert field(text, "Parallelism") == "<unset>"
    assert field(text, "Last Schedule Time") == "Mon, 06 Jan 2025 09:03:00 +0000"
    assert field(text, "Active Jobs") == "hello-28935903"
    assert re.search(r"^  Normal  SawCompletedJob   \S+ +cronjob-controller  "
                     r"Saw completed job: hello-28935902, condition: Complete$", text, re.M)
    # the tabwriter aligns every value of the header block on one column
    header = text.split("Pod Template:")[0].splitlines()
    assert len({len(re.match(r"^\S[^:]*:\s+", line).group(0)) for line in header if re.match(r"^\S", line)}) == 1


def test_describe_cronjob_unset_and_many_active():
    cj = {"kind": "CronJob", "metadata": {"name": "x", "namespace": "default"},
          "spec": {"schedule": "@hourly", "startingDeadlineSeconds": 200,
                   "jobTemplate": {"spec": {"parallelism": 2, "activeDeadlineSeconds": 9, "template": {}}}},
          "status": {"active": [{"name": "x-1"}, {"name": "x-2"}]}}
    text = describe(cj, events=[], now=0, related=Related())
    assert field(text, "Suspend") == "<unset>"
    assert field(text, "Successful Job History Limit") == "<unset>"
    assert field(text, "Starting Deadline Seconds") == "200s"         # "Starting Deadline Seconds:\t%ds\n"
    assert field(text, "Parallelism") == "2"
    assert field(text, "Active Deadline Seconds") == "9s"
    assert field(text, "Last Schedule Time") == "<unset>"
    assert field(text, "Active Jobs") == "x-1, x-2"                   # printActiveJobs joins with ", "
    # DescribeEvents: "Events:\t<none>\n" without a Flush, so it aligns with the lines above
    assert text.endswith("Active Jobs:         x-1, x-2\nEvents:              <none>\n")
