"""The Job controller: completions, parallelism, back-off, deadlines, TTL."""
import kubelab
from kubelab.controllers.job import backoff_delay


def job(name="hello", command="echo hi", restart="Never", **spec):
    extra = "".join(f"  {k}: {v}\n" for k, v in spec.items())
    return f"""apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
{extra}  template:
    spec:
      containers:
      - name: c
        image: busybox
        command: ['sh', '-c', '{command}']
      restartPolicy: {restart}
"""


def conditions(c, name):
    return [(x["type"], x["reason"]) for x in c.get("job", name).get("status", {}).get("conditions", [])]


def test_backoff_doubles_from_ten_seconds_up_to_ten_minutes():
    assert [backoff_delay(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_delay(20) == 600


def test_notes_busybox_job_runs_for_an_hour_then_completes():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=job(command='echo "Hello, Kubernetes!" && sleep 3600', restart="OnFailure"))
    c.settle()
    assert c.kubectl("get jobs").stdout.splitlines()[1].split()[:3] == ["hello", "Running", "0/1"]
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    assert c.kubectl(f"logs {pod}").stdout == "Hello, Kubernetes!\n"
    c.run(3600)
    assert conditions(c, "hello") == [("SuccessCriteriaMet", "CompletionsReached"), ("Complete", "CompletionsReached")]
    assert c.kubectl("get jobs").stdout.splitlines()[1].split()[:4] == ["hello", "Complete", "1/1", "60m"]
    assert c.get("job", "hello")["status"]["succeeded"] == 1


def test_completions_and_parallelism():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=job(command="sleep 5", completions=4, parallelism=2))
    c.settle()
    assert c.get("job", "hello")["status"]["active"] == 2
    c.run(60)
    st = c.get("job", "hello")["status"]
    assert st["succeeded"] == 4 and "active" not in st
    assert len(c.api.list("pods", "default")) == 4


def test_failing_pods_are_retried_until_the_backoff_limit():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=job(command="exit 1", backoffLimit=2))
    c.run(120)
    assert ("Failed", "BackoffLimitExceeded") in conditions(c, "hello")
    assert c.get("job", "hello")["status"]["failed"] == 3
    assert len(c.api.list("pods", "default")) == 3
    assert c.kubectl("get jobs").stdout.splitlines()[1].split()[1] == "Failed"


def test_active_deadline_stops_the_job():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=job(command="sleep 3600", activeDeadlineSeconds=30))
    c.run(60)
    assert ("Failed", "DeadlineExceeded") in conditions(c, "hello")


def test_ttl_after_finished_deletes_job_and_pods():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=job(command="echo done", ttlSecondsAfterFinished=20))
    c.run(10)
    assert c.get("job", "hello") is not None
    c.run(60)
    assert c.get("job", "hello") is None
    assert c.api.list("pods", "default") == []


def test_deleting_a_running_job_lets_its_pods_go():
    # syncOrphanPod: once the Job is gone its controller drops the pods' tracking
    # finalizer, so they terminate (sleep ignores SIGTERM: the 30 s grace) and go.
    c = kubelab.Cluster()
    c.kubectl("create job s --image=busybox -- sleep 3600")
    c.settle()
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    assert "batch.kubernetes.io/job-tracking" in c.get("pod", pod)["metadata"]["finalizers"]
    c.kubectl("delete job s")
    assert c.get("pod", pod)["metadata"].get("finalizers") is None
    c.run(29)
    assert c.api.try_get("pods", pod, "default") is not None      # still within its grace period
    c.run(5)
    assert c.api.try_get("pods", pod, "default") is None


def test_a_job_without_labels_shows_its_template_labels():
    # SetDefaults_Job copies the template's labels (the generated ones included).
    c = kubelab.Cluster()
    c.kubectl("create job pi --image=busybox -- true")
    job = c.get("job", "pi")
    uid = job["metadata"]["uid"]
    assert job["metadata"]["labels"] == {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
                                         "controller-uid": uid, "job-name": "pi"}
    c.kubectl("apply -f -", stdin="""
apiVersion: batch/v1
kind: Job
metadata: {name: mine, labels: {team: a}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: ['true']}]
""")
    assert c.get("job", "mine")["metadata"]["labels"] == {"team": "a"}


def test_a_jobs_template_and_completions_cannot_change():
    # ValidateJobSpecUpdate: ValidateImmutableField(template) and (NonIndexed) completions.
    c = kubelab.Cluster()
    c.kubectl("create job pi --image=busybox -- sleep 100")
    rv = c.get("job", "pi")["metadata"]["resourceVersion"]
    r = c.kubectl("set image job/pi pi=busybox:1.36")
    # set_image.go: "failed to patch image update to pod template: %v"
    assert r.stderr == ('error: failed to patch image update to pod template: Job.batch "pi" is invalid: '
                        'spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable\n')
    job = c.get("job", "pi")
    assert job["metadata"]["resourceVersion"] == rv
    assert job["spec"]["template"]["spec"]["containers"][0]["image"] == "busybox"
    job["spec"]["completions"] = 3
    del job["metadata"]["resourceVersion"]
    import yaml
    r = c.kubectl("apply -f -", stdin=yaml.safe_dump(job))
    assert 'spec.completions: Invalid value: 3: field is immutable' in r.stderr
    assert c.get("job", "pi")["spec"]["completions"] == 1
