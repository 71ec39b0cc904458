"""readinessGates: the kubelet's Ready condition waits for the conditions the gates name
(GeneratePodReadyCondition, pkg/kubelet/status/generate.go v1.32, and its table test
TestGeneratePodReadyCondition for the wording)."""
import kubelab
from kubelab.node.status import compute_conditions, readiness_gates_message

POD = """apiVersion: v1
kind: Pod
metadata: {name: gated}
spec:
  readinessGates:
  - conditionType: example.com/lb-ready
  containers: [{name: c, image: nginx}]
"""


def ready(c):
    cond = next(x for x in c.get("pod", "gated")["status"]["conditions"] if x["type"] == "Ready")
    return cond["status"], cond.get("reason"), cond.get("message")


def test_gate_messages_as_upstream_words_them():
    spec = {"readinessGates": [{"conditionType": "gate1"}]}
    assert readiness_gates_message(spec, []) == 'corresponding condition of pod readiness gate "gate1" does not exist.'
    assert readiness_gates_message(spec, [{"type": "gate1", "status": "False"}]) == \
        'the status of pod readiness gate "gate1" is not "True", but False'
    assert readiness_gates_message(spec, [{"type": "gate1", "status": "True"}]) == ""
    assert readiness_gates_message({}, []) == ""


def test_unready_containers_win_over_gates():
    # ContainersReady not True: Ready copies its reason and message, gates unchecked
    pod = {"spec": {"containers": [{"name": "a"}], "readinessGates": [{"conditionType": "gate1"}]}}
    conds = compute_conditions(pod, True, [], [{"name": "a", "ready": False}], "Running", [], "t")
    got = next(c for c in conds if c["type"] == "Ready")
    assert (got["reason"], got["message"]) == ("ContainersNotReady", "containers with unready status: [a]")
    conds = compute_conditions(pod, True, [], [{"name": "a", "ready": True}], "Running", [], "t")
    got = {c["type"]: c for c in conds}
    assert (got["Ready"]["status"], got["Ready"]["reason"], got["ContainersReady"]["status"]) == \
        ("False", "ReadinessGatesNotReady", "True")


def test_pod_turns_ready_when_its_gate_condition_is_true():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin=POD)
    c.settle()
    assert ready(c) == ("False", "ReadinessGatesNotReady",
                        'corresponding condition of pod readiness gate "example.com/lb-ready" does not exist.')
    # kubectl get -o wide: the READINESS GATES column counts the gates whose condition is True
    assert c.kubectl("get pod gated -o wide").stdout.split("\n")[1].split()[-1] == "0/1"
    c.kubectl(["patch", "pod", "gated", "--subresource=status", "--type=json", "-p",
               '[{"op":"add","path":"/status/conditions/-","value":{"type":"example.com/lb-ready","status":"False"}}]'])
    c.settle()
    assert ready(c) == ("False", "ReadinessGatesNotReady",
                        'the status of pod readiness gate "example.com/lb-ready" is not "True", but False')
    c.kubectl(["patch", "pod", "gated", "--subresource=status", "--type=strategic", "-p",
               '{"status":{"conditions":[{"type":"example.com/lb-ready","status":"True"}]}}'])
    c.settle()
    assert ready(c) == ("True", None, None)
    assert c.kubectl("get pod gated -o wide").stdout.split("\n")[1].split()[-1] == "1/1"
