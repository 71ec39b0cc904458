"""Pod updates as ValidatePodUpdate (pkg/apis/core/validation/validation.go, v1.32) allows
and refuses them, worded as the apiserver words them; a refused patch changes nothing."""
import pytest

import kubelab

TERMS = "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms"
FORBIDDEN = ("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
             "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
             "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
             "previously negative)")


@pytest.fixture(scope="module")
def cluster():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  tolerations: [{key: a, operator: Equal, value: b, effect: NoSchedule}]
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: g}
spec:
  schedulingGates: [{name: wait}]
  nodeSelector: {disk: ssd}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{key: zone, operator: In, values: [a, b]}]
  containers: [{name: c, image: nginx}]
""")
    c.settle()
    return c


def patch(c, name, ops):
    r = c.kubectl(["patch", "pod", name, "--type", "json", "-p", ops])
    return r.stdout + r.stderr


def test_modifying_a_toleration_is_forbidden_adding_one_or_its_seconds_is_not(cluster):
    before = cluster.get("pod", "p")
    assert patch(cluster, "p", '[{"op":"replace","path":"/spec/tolerations/0/value","value":"c"}]') == (
        'The Pod "p" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified '
        "except its tolerationSeconds\n")
    assert cluster.get("pod", "p") == before
    assert patch(cluster, "p", '[{"op":"add","path":"/spec/tolerations/-","value":{"key":"x","operator":"Exists"}}]') \
        == "pod/p patched\n"
    # the default not-ready toleration (tolerationSeconds 300): its seconds may change
    tolerations = cluster.get("pod", "p")["spec"]["tolerations"]
    i = next(i for i, t in enumerate(tolerations) if t.get("key") == "node.kubernetes.io/not-ready")
    assert patch(cluster, "p", f'[{{"op":"replace","path":"/spec/tolerations/{i}/tolerationSeconds","value":5}}]') \
        == "pod/p patched\n"


def test_containers_and_deadline_rules(cluster):
    assert patch(cluster, "p", '[{"op":"add","path":"/spec/containers/-","value":{"name":"d","image":"nginx"}}]') == (
        'The Pod "p" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers\n')
    assert patch(cluster, "p", '[{"op":"add","path":"/spec/activeDeadlineSeconds","value":100}]') == "pod/p patched\n"
    assert patch(cluster, "p", '[{"op":"replace","path":"/spec/activeDeadlineSeconds","value":200}]') == (
        'The Pod "p" is invalid: spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal '
        "to previous value\n")
    assert patch(cluster, "p", '[{"op":"remove","path":"/spec/activeDeadlineSeconds"}]') == (
        'The Pod "p" is invalid: spec.activeDeadlineSeconds: Invalid value: "null": must not update from a '
        "positive integer to nil value\n")


def test_only_a_gated_pod_may_add_to_its_node_selector(cluster):
    assert patch(cluster, "p", '[{"op":"add","path":"/spec/nodeSelector","value":{"a":"b"}}]') == \
        f'The Pod "p" is invalid: {FORBIDDEN}\n'
    assert patch(cluster, "g", '[{"op":"add","path":"/spec/nodeSelector/zone2","value":"x"}]') == "pod/g patched\n"
    assert patch(cluster, "g", '[{"op":"replace","path":"/spec/nodeSelector/disk","value":"hdd"}]') == (
        'The Pod "g" is invalid: spec.nodeSelector: Invalid value: map[string]string{"disk":"hdd", "zone2":"x"}: '
        "only additions to spec.nodeSelector are allowed (no mutations or deletions)\n")
    # other fields stay fixed, gated or not
    assert patch(cluster, "g", '[{"op":"add","path":"/spec/hostname","value":"h"}]') == \
        f'The Pod "g" is invalid: {FORBIDDEN}\n'


def test_a_gated_pod_may_narrow_its_required_node_affinity(cluster):
    assert patch(cluster, "g", f'[{{"op":"add","path":"{TERMS}/0/matchExpressions/-",'
                               '"value":{"key":"rack","operator":"Exists"}}]') == "pod/g patched\n"
    assert patch(cluster, "g", f'[{{"op":"replace","path":"{TERMS}/0/matchExpressions/0/values","value":["a"]}}]') == (
        'The Pod "g" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.'
        "nodeSelectorTerms[0]: Invalid value: core.NodeSelectorTerm{MatchExpressions:[]core.NodeSelectorRequirement{"
        'core.NodeSelectorRequirement{Key:"zone", Operator:"In", Values:[]string{"a"}}, core.NodeSelectorRequirement{'
        'Key:"rack", Operator:"Exists", Values:[]string(nil)}}, MatchFields:[]core.NodeSelectorRequirement(nil)}: '
        "only additions are allowed (no mutations or deletions)\n")
    out = patch(cluster, "g", f'[{{"op":"add","path":"{TERMS}/-","value":{{"matchExpressions":'
                              '[{"key":"q","operator":"Exists"}]}}]')
    assert out.endswith(": no additions/deletions to non-empty NodeSelectorTerms list are allowed\n")
    assert out.startswith('The Pod "g" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuring'
                          "Execution.nodeSelectorTerms: Invalid value: []core.NodeSelectorTerm{")
    # once the gate is gone the pod is not gated any more: its selector is fixed
    assert patch(cluster, "g", '[{"op":"remove","path":"/spec/schedulingGates"}]') == "pod/g patched\n"
    assert patch(cluster, "g", '[{"op":"add","path":"/spec/nodeSelector/more","value":"y"}]') == \
        f'The Pod "g" is invalid: {FORBIDDEN}\n'
