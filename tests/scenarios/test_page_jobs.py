"""kubernetes.io's "Jobs" concept page (content/en/docs/concepts/workloads/controllers/job.md),
"Running an example Job", its commands in the page's order with the website's
``controllers/job.yaml`` (pi to 1000 places with perl); the shell lines
(``pods=$(kubectl get pods ...)``, ``echo $pods``) run on the learner's laptop with
kubelab's simulated shell.  The page's describe output is v1.32's.
"""
import pathlib

import pytest

import kubelab
from kubelab.apps.perl import pi_digits
from kubelab.setup import shell

EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(EXAMPLES))
    assert cluster.kubectl("apply -f controllers/job.yaml").stdout == "job.batch/pi created\n"
    cluster.settle()
    cluster.run(30)         # pulling perl and computing take their time
    return cluster


def test_describe_the_finished_job(c):
    d = c.kubectl("describe job pi").stdout
    uid = c.get("job", "pi")["metadata"]["uid"]
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    assert d.startswith(
        f"Name:             pi\nNamespace:        default\nSelector:         batch.kubernetes.io/controller-uid={uid}\n"
        f"Labels:           batch.kubernetes.io/controller-uid={uid}\n                  batch.kubernetes.io/job-name=pi\n"
        f"                  controller-uid={uid}\n                  job-name=pi\nAnnotations:      <none>\n"
        "Parallelism:      1\nCompletions:      1\nCompletion Mode:  NonIndexed\nSuspend:          false\n"
        "Backoff Limit:    4\nStart Time:       ")
    assert "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n" in d
    assert "    Command:\n      perl\n      -Mbignum=bpi\n      -wle\n      print bpi(1000)\n" in d
    assert f"job-controller  Created pod: {pod}\n" in d
    assert "job-controller  Job completed\n" in d


def test_yaml_shows_the_success_conditions(c):
    out = c.kubectl("get job pi -o yaml").stdout
    assert "    reason: CompletionsReached\n    status: \"True\"\n    type: SuccessCriteriaMet\n" in out
    assert "    reason: CompletionsReached\n    status: \"True\"\n    type: Complete\n" in out
    assert "  succeeded: 1\n" in out


def test_list_the_pods_and_read_pi_from_the_logs(c):
    pod = c.api.list("pods", "default")[0]["metadata"]["name"]
    laptop = c.machines["laptop"]
    r = shell.run(c, laptop, "pods=$(kubectl get pods --selector=batch.kubernetes.io/job-name=pi "
                             "--output=jsonpath='{.items[*].metadata.name}')\necho $pods\n")
    assert r.stdout == f"{pod}\n"
    expected = pi_digits(1000) + "\n"
    assert shell.run(c, laptop, f"kubectl logs {pod}").stdout == expected
    assert c.kubectl("logs jobs/pi").stdout == expected
    assert expected.startswith("3.14159265358979323846264338327950288419716939937510")
