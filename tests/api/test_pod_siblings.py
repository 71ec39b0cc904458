"""A ReplicaSet's pod prepared from its sibling (api.defaults.prepare_sibling, by
Store.create's ``template``) is the pod the Pod hooks make: compared, to the byte,
with the general path over many pod shapes and with the cluster's state changing
between two pods (PriorityClasses, a ServiceAccount, a LimitRange, a quota, an
admitter added, time passing), the random draws and the refusals included."""
import copy
import marshal

import pytest

import kubelab
from kubelab.api import defaults
from kubelab.api.errors import ApiError
from kubelab.controllers.pods import make_pod

C = {"name": "c", "image": "nginx:1.16.1"}

#: pod templates: each as a ReplicaSet's template might be (before and after defaulting)
SHAPES = {
    "plain": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [C]}},
    "many": {"metadata": {"labels": {"app": "web", "tier": "x"}, "annotations": {"a": "b"}, "finalizers": ["f/x"]},
             "spec": {"initContainers": [{"name": "init", "image": "busybox", "volumeMounts": None}],
                      "containers": [
                          {"name": "a", "image": "nginx", "ports": [{"containerPort": 80}],
                           "resources": {"limits": {"cpu": "1", "memory": "1Gi"}},
                           "livenessProbe": {"httpGet": {"port": 80}},
                           "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]},
                          {"name": "b", "image": "busybox:latest", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}],
                      "volumes": [{"name": "data", "emptyDir": {}}, {"name": "cm", "configMap": {"name": "x"}}]}},
    "own-mount": {"metadata": {}, "spec": {
        "containers": [{"name": "a", "image": "nginx",
                        "volumeMounts": [{"name": "mine", "mountPath": defaults.SERVICE_ACCOUNT_MOUNT}]}, C],
        "volumes": [{"name": "mine", "emptyDir": {}}]}},
    "own-token": {"metadata": {}, "spec": {
        "containers": [C], "volumes": [{"name": "kube-api-access-mine", "emptyDir": {}}]}},
    "no-token": {"metadata": {}, "spec": {"containers": [C], "automountServiceAccountToken": False}},
    "mirror": {"metadata": {"annotations": {"kubernetes.io/config.mirror": "x"}}, "spec": {"containers": [C]}},
    "gated": {"metadata": {}, "spec": {"containers": [C], "schedulingGates": [{"name": "g"}]}},
    "class": {"metadata": {}, "spec": {"containers": [C], "priorityClassName": "high"}},
    "system-class": {"metadata": {}, "spec": {"containers": [C], "priorityClassName": "system-node-critical"}},
    "priority-0": {"metadata": {}, "spec": {"containers": [C], "priority": 0}},
    "priority-5": {"metadata": {}, "spec": {"containers": [C], "priority": 5}},
    "host-network": {"metadata": {}, "spec": {"hostNetwork": True, "containers": [
        {"name": "a", "image": "nginx", "ports": [{"containerPort": 80}, {"containerPort": 81, "hostPort": 9}]}]}},
    "tolerations": {"metadata": {}, "spec": {"containers": [C], "tolerations": [
        {"operator": "Exists", "effect": "NoExecute"}]}},
    "some-tolerations": {"metadata": {}, "spec": {"containers": [C], "tolerations": [
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists"}]}},
    "account": {"metadata": {}, "spec": {"containers": [C], "serviceAccountName": "robot", "volumes": []}},
    "old-account": {"metadata": {}, "spec": {"containers": [C], "serviceAccount": "robot"}},
    "no-containers": {"metadata": {}, "spec": {}},
}

PRIORITY = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000}


def _steps(c):
    """Changes to the cluster's state between two pods, each with its name."""
    api = c.api

    def create(obj):
        def step():
            md = obj["metadata"]
            if api.try_get(obj["kind"], md["name"], md.get("namespace")) is not None:
                api.delete(obj["kind"], md["name"], md.get("namespace"))
            api.create(copy.deepcopy(obj))
        return step

    def quota(pod, old):         # an admitter of a test's own: the Pod hooks are no longer the cluster's
        raise ApiError(403, "Forbidden", 'pods "x" is forbidden: exceeded quota')

    def select(pod, old):        # one that changes the pod: its sibling is no pod of the cluster's hooks
        pod["spec"].setdefault("nodeSelector", {"zone": "a"})
    return [
        ("nothing", lambda: None),
        ("a second", lambda: c.clock.advance(1)),
        ("class", create(PRIORITY)),
        ("default class", lambda: api.update({**api.get("priorityclasses", "high"), "globalDefault": True,
                                               "preemptionPolicy": "Never"})),
        ("another default", create({**PRIORITY, "metadata": {"name": "low"}, "value": 1, "globalDefault": True})),
        ("no default", lambda: (api.delete("priorityclasses", "high"), api.delete("priorityclasses", "low"))),
        ("account", create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "robot", "namespace": "default"}})),
        ("limit range", create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "l", "namespace": "default"},
                                "spec": {"limits": [{"type": "Container", "default": {"cpu": "100m"}}]}})),
        ("quota", create({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "default"},
                          "spec": {"hard": {"pods": "1000"}}})),
        ("admitter", lambda: api.hooks.admitters["Pod"].append(quota)),
        ("no admitter", lambda: api.hooks.admitters["Pod"].remove(quota)),
        ("selecting admitter", lambda: api.hooks.admitters["Pod"].append(select)),
        ("no selecting admitter", lambda: api.hooks.admitters["Pod"].remove(select)),
        ("class again", create(PRIORITY)),
        ("two seconds", lambda: c.clock.advance(2)),
    ]


def _run(siblings: bool):
    """Every shape's pods made one after the other (two owners, so a few lend nothing),
    the state changed between them; what was stored, refused and drawn.  With
    siblings, make_pod lends the template's spec (never changed: checked)."""
    c = kubelab.Cluster(pause=0, seed=3)
    if not siblings:
        c.api.hooks.siblings.clear()
    owners = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": n, "namespace": "default", "uid": n + "-uid"}}
              for n in ("web", "other")]
    steps = _steps(c)
    seen = []
    for shape, template in SHAPES.items():
        pristine, template = template, copy.deepcopy(template)
        for i in range(2 * len(steps)):
            if i % 2:
                name, step = steps[i // 2]
                step()
                seen.append(name)
            owner = owners[1] if i in (5, 6, 13) else owners[0]
            try:
                pod = c.api.create(make_pod(template, owner, lend_spec=siblings), handover=True, copy_result=False, template=template)
            except ApiError as err:
                seen.append((shape, i, err.code, err.message))
            else:
                seen.append((shape, i, marshal.dumps(pod, 0)))
        assert template == pristine
        for name in ("high", "low"):
            if c.api.try_get("priorityclasses", name) is not None:
                c.api.delete("priorityclasses", name)
    pods = {p["metadata"]["name"]: marshal.dumps(p, 0) for p in c.api.list("pods", "default", copy=False)}
    return seen, pods, c.api.rng.getstate(), c.kubectl("get pods -o yaml").stdout


def test_a_pod_prepared_from_its_sibling_is_the_one_the_hooks_make(monkeypatch):
    taken = []
    prepare = defaults.prepare_sibling
    monkeypatch.setattr(defaults, "prepare_sibling", lambda *a: taken.append(prepare(*a)) or taken[-1])
    fast = _run(True)
    made = sum(1 for t in taken if t is not None)
    general = _run(False)
    assert len(taken) == made + sum(1 for t in taken if t is None)
    assert fast[0] == general[0]
    assert fast[1] == general[1] and fast[2] == general[2] and fast[3] == general[3]
    # the fast path was taken for most pods, and refused where it cannot vouch
    assert made > 100 and len(taken) - made > 50, (made, len(taken))
    assert any(isinstance(s, tuple) and len(s) == 4 for s in fast[0])      # refusals compared too


@pytest.mark.parametrize("replicas", [1, 7, 40])
def test_a_replicasets_pods_are_the_same_with_and_without_siblings(replicas):
    """End to end: a Deployment's pods, scaled, rolled and given a default class mid-way."""
    def scenario(siblings):
        c = kubelab.Cluster(workers=2, pause=0, seed=11)
        if not siblings:
            c.api.hooks.siblings.clear()
        for cmd in (f"create deployment web --image=nginx:1.16.1 --replicas={replicas}",
                    f"scale deployment web --replicas={replicas * 2}",
                    "set image deployment/web nginx=nginx:1.17",
                    "create priorityclass high --value=1000 --global-default",
                    f"scale deployment web --replicas={replicas * 3}"):
            assert c.kubectl(cmd).returncode == 0, cmd
            c.settle()
        pods = {p["metadata"]["name"]: marshal.dumps(p, 0) for p in c.api.list("pods", "default", copy=False)}
        return pods, c.kubectl("get events -o yaml").stdout, c.api.rng.getstate()
    assert scenario(True) == scenario(False)
