"""Requests the apiserver refuses that the kit used to let through (issue 16):
a toleration with operator Gt, a Secret whose data is not base64, a pod naming a
PriorityClass that does not exist.  Each gets the apiserver's words, and
nothing is stored."""
import pytest

import kubelab
from kubelab.api.decoding import base64_error_at


@pytest.fixture(scope="module")
def c():
    return kubelab.Cluster()


POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: c
    image: nginx
{extra}"""


def test_a_toleration_operator_other_than_equal_or_exists_is_refused(c):
    extra = "  tolerations:\n  - key: example-key\n    operator: Gt\n    value: \"5\"\n    effect: NoSchedule\n"
    r = c.kubectl("apply -f -", stdin=POD.format(name="tol", extra=extra))
    assert r.stderr == ('The Pod "tol" is invalid: spec.tolerations[0].operator: Unsupported value: "Gt": '
                        'supported values: "Equal", "Exists"\n')
    assert c.get("pod", "tol") is None


def test_toleration_rules_in_a_pod_template(c):
    r = c.kubectl(["create", "deployment", "d", "--image=nginx", "--dry-run=client", "-o", "yaml"])
    text = r.stdout.replace("      containers:", "      tolerations:\n      - operator: Equal\n        value: x\n"
                            "      - key: k\n        operator: Exists\n        value: v\n"
                            "      - key: k\n        tolerationSeconds: 10\n        effect: NoSchedule\n"
                            "      containers:")
    r = c.kubectl("apply -f -", stdin=text)
    assert r.stderr == (
        'The Deployment "d" is invalid: \n'
        '* spec.template.spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` '
        'is empty, which means "match all values and all keys"\n'
        '* spec.template.spec.tolerations[1].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", '
        'Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\'\n'
        "* spec.template.spec.tolerations[2].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' "
        "when `tolerationSeconds` is set\n")
    assert c.get("deployment", "d") is None


SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: s
data:
  username: {user}
  password: MWYyZDFlMmU2N2Rm
"""


def test_secret_data_must_be_base64(c):
    r = c.kubectl("apply -f -", stdin=SECRET.format(user="admin"))
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": Secret in version "v1" '
                        'cannot be handled as a Secret: illegal base64 data at input byte 4\n')
    assert c.get("secret", "s") is None
    assert c.kubectl("apply -f -", stdin=SECRET.format(user="YWRtaW4=")).stdout == "secret/s created\n"


@pytest.mark.parametrize("text, at", [
    ("YWRtaW4=", None), ("YWRtaW4=\n", None), ("bill", None),
    ("admin", 4),            # a lone character after a full quantum
    ("YWRtaW4", 4),          # padding missing
    ("YQ=", 3),              # "==" expected
    ("YQ==x", 4),            # trailing garbage
    ("${PASSWORD_B64}", 0),  # an unexpanded shell variable
    ("pass word", 4),
])
def test_base64_error_offsets_are_gos(text, at):
    assert base64_error_at(text) == at


def test_a_pod_naming_a_missing_priority_class_is_forbidden(c):
    extra = "  priorityClassName: high-priority\n"
    r = c.kubectl("apply -f -", stdin=POD.format(name="prio", extra=extra))
    assert r.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "prio" is forbidden: '
                        "no PriorityClass with name high-priority was found\n")
    assert c.get("pod", "prio") is None


def test_a_controller_reports_the_refusal_and_retries_until_the_class_exists():
    c = kubelab.Cluster()
    c.kubectl("create deployment d --image=nginx")
    c.settle()
    c.kubectl(["patch", "deployment", "d", "-p", '{"spec":{"template":{"spec":{"priorityClassName":"high"}}}}'])
    c.run(5)
    failed = [e for e in c.api.list("events") if e["reason"] == "FailedCreate"]
    assert len(failed) == 1 and failed[0]["type"] == "Warning"
    assert failed[0]["involvedObject"]["kind"] == "ReplicaSet"
    rs = failed[0]["involvedObject"]["name"]
    assert failed[0]["message"] == (f'Error creating: pods "{rs}-" is forbidden: '
                                    "no PriorityClass with name high was found")
    assert c.kubectl("create priorityclass high --value=1000").returncode == 0
    c.run(60)
    pods = [p for p in c.api.list("pods", "default") if p["metadata"]["name"].startswith(rs)]
    assert [p["spec"]["priority"] for p in pods] == [1000]


def test_system_priority_classes_are_built_in(c):
    coredns = [p for p in c.api.list("pods", "kube-system") if p["metadata"]["name"].startswith("coredns")]
    assert coredns[0]["spec"]["priority"] == 2000000000
