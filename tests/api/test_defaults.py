"""Defaulting.  Expected values: pkg/apis/core/v1/defaults.go, apps/v1/defaults.go,
batch/v1/defaults.go (v1.32) and the `kubectl get deployment -o yaml` examples in the
Kubernetes docs (strategy 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600,
terminationMessagePath /dev/termination-log, schedulerName default-scheduler)."""
import pytest

from kubelab.api.defaults import admit, apply_defaults, image_pull_policy


def test_deployment_defaults_match_kubectl_get_o_yaml():
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "hello-node"},
         "spec": {"selector": {"matchLabels": {"app": "hello-node"}},
                  "template": {"metadata": {"labels": {"app": "hello-node"}},
                               "spec": {"containers": [{"name": "echoserver", "image": "k8s.gcr.io/echoserver:1.4"}]}}}}
    apply_defaults(d)
    spec = d["spec"]
    assert (spec["replicas"], spec["revisionHistoryLimit"], spec["progressDeadlineSeconds"]) == (1, 10, 600)
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}
    pod = spec["template"]["spec"]
    assert {k: pod[k] for k in ("dnsPolicy", "restartPolicy", "schedulerName", "securityContext",
                                "terminationGracePeriodSeconds")} == {
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
        "securityContext": {}, "terminationGracePeriodSeconds": 30}
    assert "enableServiceLinks" not in pod        # Pods only, not templates
    c = pod["containers"][0]
    assert c["imagePullPolicy"] == "IfNotPresent"
    assert (c["terminationMessagePath"], c["terminationMessagePolicy"], c["resources"]) == (
        "/dev/termination-log", "File", {})


def test_image_pull_policy_follows_the_tag():
    assert image_pull_policy("nginx") == "Always"
    assert image_pull_policy("nginx:latest") == "Always"
    assert image_pull_policy("localhost:5000/app") == "Always"
    assert image_pull_policy("redis:5.0.4") == "IfNotPresent"
    assert image_pull_policy("nginx@sha256:abc") == "IfNotPresent"


def test_pod_defaults_probes_ports_env_and_volumes():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
        "containers": [{"name": "c", "image": "x:1", "ports": [{"containerPort": 80}],
                        "livenessProbe": {"httpGet": {"port": 80}},
                        "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}],
        "volumes": [{"name": "cfg", "configMap": {"name": "c"}}, {"name": "d", "emptyDir": {}}]}}
    apply_defaults(pod)
    c = pod["spec"]["containers"][0]
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert c["livenessProbe"] == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                                  "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    assert c["env"][0]["valueFrom"]["fieldRef"]["apiVersion"] == "v1"
    assert pod["spec"]["volumes"][0]["configMap"]["defaultMode"] == 420
    assert pod["spec"]["volumes"][1] == {"name": "d", "emptyDir": {}}
    assert pod["spec"]["enableServiceLinks"] is True
    assert pod["status"] == {"phase": "Pending", "qosClass": "BestEffort"}


def test_limits_become_requests_and_set_qos():
    spec = {"containers": [{"name": "c", "image": "x", "resources": {"limits": {"cpu": "100m", "memory": "1Gi"}}}]}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}
    apply_defaults(pod)
    assert spec["containers"][0]["resources"]["requests"] == {"cpu": "100m", "memory": "1Gi"}
    assert pod["status"]["qosClass"] == "Guaranteed"


def test_admission_adds_service_account_token_and_tolerations():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"containers": [{"name": "c", "image": "x"}]}}
    apply_defaults(pod)
    admit(pod, "abcde")
    spec = pod["spec"]
    assert (spec["serviceAccountName"], spec["serviceAccount"]) == ("default", "default")
    assert spec["volumes"][0]["name"] == "kube-api-access-abcde"
    assert spec["containers"][0]["volumeMounts"] == [
        {"name": "kube-api-access-abcde", "readOnly": True, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
    assert spec["tolerations"] == [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
    assert (spec["priority"], spec["preemptionPolicy"]) == (0, "PreemptLowerPriority")


def test_admission_adds_no_second_token_volume_or_mount_and_defaulting_keeps_what_is_set():
    mount = {"name": "mine", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": {"a": "b"}},
           "spec": {"containers": [{"name": "c", "image": "x:1", "imagePullPolicy": "Always", "resources": {},
                                    "volumeMounts": [dict(mount)]},
                                   {"name": "d", "image": "x", "volumeMounts": []}],
                    "volumes": []}}
    apply_defaults(pod)
    admit(pod, "abcde")
    spec = pod["spec"]
    assert [c["imagePullPolicy"] for c in spec["containers"]] == ["Always", "Always"]
    assert [v["name"] for v in spec["volumes"]] == ["kube-api-access-abcde"]
    assert spec["containers"][0]["volumeMounts"] == [mount]            # the path is mounted already
    assert [m["name"] for m in spec["containers"][1]["volumeMounts"]] == ["kube-api-access-abcde"]
    again = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "q"},
             "spec": {"containers": [{"name": "c", "image": "x"}],
                      "volumes": [{"name": "kube-api-access-zzzzz", "emptyDir": {}}]}}
    admit(again, "abcde")
    assert [v["name"] for v in again["spec"]["volumes"]] == ["kube-api-access-zzzzz"]
    assert "volumeMounts" not in again["spec"]["containers"][0]
    mirror = {"apiVersion": "v1", "kind": "Pod",
              "metadata": {"name": "m", "annotations": {"kubernetes.io/config.mirror": "x"}},
              "spec": {"containers": [{"name": "c", "image": "x"}]}}
    admit(mirror, "abcde")
    assert "volumes" not in mirror["spec"] and "serviceAccountName" not in mirror["spec"]


_NR = "node.kubernetes.io/not-ready"
_UR = "node.kubernetes.io/unreachable"


def _tol(key, secs, effect="NoExecute"):
    t = {"key": key, "operator": "Exists"} if key else {"operator": "Exists"}
    if effect:
        t["effect"] = effect
    if secs is not None:
        t["tolerationSeconds"] = secs
    return t


# upstream plugin/pkg/admission/defaulttolerationseconds/admission_test.go, TestForgivenessAdmission,
# plus the mirror pods' `:NoExecute op=Exists` and a NoSchedule not-ready toleration
@pytest.mark.parametrize("given,expected", [
    ([], [_tol(_NR, 300), _tol(_UR, 300)]),
    ([{"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoSchedule", "tolerationSeconds": 700}],
     [{"key": "foo", "operator": "Equal", "value": "bar", "effect": "NoSchedule", "tolerationSeconds": 700},
      _tol(_NR, 300), _tol(_UR, 300)]),
    ([_tol(_NR, 700)], [_tol(_NR, 700), _tol(_UR, 300)]),
    ([_tol(_UR, 700)], [_tol(_UR, 700), _tol(_NR, 300)]),
    ([_tol(_NR, 700), _tol(_UR, 700)], [_tol(_NR, 700), _tol(_UR, 700)]),
    ([_tol(_UR, 700, effect=None)], [_tol(_UR, 700, effect=None), _tol(_NR, 300)]),
    ([_tol(None, 700, effect=None)], [_tol(None, 700, effect=None)]),     # the wildcard: no change
    ([_tol(None, None, effect=None)], [_tol(None, None, effect=None)]),   # kube-proxy's `op=Exists`
    ([_tol(None, None)], [_tol(None, None)]),                             # static pods' `:NoExecute op=Exists`
    ([_tol(_NR, None, effect="NoSchedule")], [_tol(_NR, None, effect="NoSchedule"), _tol(_NR, 300), _tol(_UR, 300)]),
    ([_tol(None, None, effect="NoSchedule")], [_tol(None, None, effect="NoSchedule"), _tol(_NR, 300), _tol(_UR, 300)]),
])
def test_default_toleration_seconds_as_upstream(given, expected):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {"containers": [{"name": "c", "image": "x"}], "tolerations": [dict(t) for t in given]}}
    admit(pod, "abcde")
    assert pod["spec"]["tolerations"] == expected


def test_service_defaults_depend_on_type():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
           "spec": {"type": "NodePort", "selector": {"app": "system"}, "ports": [{"port": 9080, "nodePort": 31000}]}}
    apply_defaults(svc)
    spec = svc["spec"]
    assert spec["ports"] == [{"port": 9080, "nodePort": 31000, "protocol": "TCP", "targetPort": 9080}]
    assert (spec["sessionAffinity"], spec["externalTrafficPolicy"], spec["internalTrafficPolicy"]) == (
        "None", "Cluster", "Cluster")
    assert (spec["ipFamilyPolicy"], spec["ipFamilies"]) == ("SingleStack", ["IPv4"])
    assert "allocateLoadBalancerNodePorts" not in spec
    lb = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
          "spec": {"type": "LoadBalancer", "ports": [{"port": 8080}]}}
    apply_defaults(lb)
    assert lb["spec"]["allocateLoadBalancerNodePorts"] is True
    cip = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}
    apply_defaults(cip)
    assert cip["spec"]["type"] == "ClusterIP" and "externalTrafficPolicy" not in cip["spec"]


def test_job_defaults_and_generated_selector():
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi", "uid": "u-1"},
           "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl"}]}}}}
    apply_defaults(job)
    spec = job["spec"]
    assert (spec["completions"], spec["parallelism"], spec["backoffLimit"], spec["completionMode"],
            spec["suspend"], spec["podReplacementPolicy"]) == (1, 1, 6, "NonIndexed", False, "TerminatingOrFailed")
    assert spec["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}}
    assert spec["template"]["metadata"]["labels"] == {
        "batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "u-1", "job-name": "pi"}


def test_storage_namespace_and_secret_defaults():
    pv = {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "v"},
          "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/d"}}}
    apply_defaults(pv)
    assert (pv["spec"]["persistentVolumeReclaimPolicy"], pv["spec"]["volumeMode"], pv["status"]["phase"]) == (
        "Retain", "Filesystem", "Pending")
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}
    apply_defaults(ns)
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "dev"}
    assert ns["status"] == {"phase": "Active"} and ns["spec"] == {"finalizers": ["kubernetes"]}
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}}
    apply_defaults(secret)
    assert secret["type"] == "Opaque"


def test_requests_default_to_limits_in_pods_but_not_in_templates():
    # SetDefaults_Pod: "we only want this defaulting semantic to take place on a v1.Pod and
    # not a v1.PodTemplate"
    import kubelab
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin="""
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx, resources: {limits: {cpu: 200m, memory: 64Mi}}}
""")
    c.settle()
    template = c.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]["resources"]
    assert template == {"limits": {"cpu": "200m", "memory": "64Mi"}}
    pod = c.api.list("pods", "default")[0]
    assert pod["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "200m", "memory": "64Mi"}
    assert pod["status"]["qosClass"] == "Guaranteed"


def test_host_network_pods_get_host_ports_templates_do_not():
    # SetDefaults_Pod: hostNetwork makes each container port a host port (explicit ones kept);
    # SetDefaults_PodSpec leaves templates alone (DefaultHostNetworkHostPortsInPodTemplates off in v1.32)
    spec = {"hostNetwork": True,
            "containers": [{"name": "c", "image": "x", "ports": [{"containerPort": 80}, {"containerPort": 81, "hostPort": 8081}]}],
            "initContainers": [{"name": "i", "image": "x", "ports": [{"containerPort": 90}]}]}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}
    apply_defaults(pod)
    assert [p["hostPort"] for p in spec["containers"][0]["ports"]] == [80, 8081]
    assert spec["initContainers"][0]["ports"][0]["hostPort"] == 90
    d = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
         "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {
             "hostNetwork": True, "containers": [{"name": "c", "image": "x", "ports": [{"containerPort": 80}]}]}}}}
    apply_defaults(d)
    assert "hostPort" not in d["spec"]["template"]["spec"]["containers"][0]["ports"][0]
    no_host = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "q"},
               "spec": {"containers": [{"name": "c", "image": "x", "ports": [{"containerPort": 80}]}]}}
    apply_defaults(no_host)
    assert "hostPort" not in no_host["spec"]["containers"][0]["ports"][0]


def test_null_lists_and_resources_are_what_go_decodes_them_to():
    """``volumes: null``, ``volumeMounts: null`` and ``resources: null`` in a manifest:
    the apiserver decodes a JSON null into a nil slice or a zero struct, so the pod is
    created as if they were absent — the token volume and its mount added, resources
    ``{}`` (these crashed the kit's admission with a TypeError before)."""
    import kubelab
    c = kubelab.Cluster()
    r = c.kubectl("apply -f -", stdin="""apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes: null
  containers:
  - name: c
    image: nginx
    volumeMounts: null
    resources: null
""")
    assert (r.returncode, r.stdout, r.stderr) == (0, "pod/p created\n", "")
    pod = c.api.get("pods", "p")
    volume = pod["spec"]["volumes"]
    assert [v["name"].startswith("kube-api-access-") for v in volume] == [True]
    container = pod["spec"]["containers"][0]
    assert container["volumeMounts"] == [{"name": volume[0]["name"], "readOnly": True,
                                          "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
    assert container["resources"] == {}
