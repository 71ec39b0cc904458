"""``minikube addons enable|disable metrics-server`` (minikube v1.35): the addon's
manifests (deploy/addons/metrics-server/*.tmpl) applied in kube-system, as minikube
does through the node's kubectl.  What then runs is the metrics-server component
(:mod:`kubelab.metrics.server`) behind the APIService ``v1beta1.metrics.k8s.io``.
"""
from __future__ import annotations

from ..api.errors import ApiError
from ..api.meta import Obj
from ..i18n import translate
from ..result import Result

METRICS_SERVER_IMAGE = "registry.k8s.io/metrics-server/metrics-server:v0.7.2"
_LABELS = {"kubernetes.io/minikube-addons": "metrics-server", "addonmanager.kubernetes.io/mode": "Reconcile"}
_NS = "kube-system"


def _rbac() -> list[Obj]:
    rbac = "rbac.authorization.k8s.io/v1"
    ref = lambda kind, name: {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": name}
    sa = [{"kind": "ServiceAccount", "name": "metrics-server", "namespace": _NS}]
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": "metrics-server", "namespace": _NS, "labels": {"k8s-app": "metrics-server", **_LABELS}}},
        {"apiVersion": rbac, "kind": "ClusterRole",
         "metadata": {"name": "system:aggregated-metrics-reader",
                      "labels": {"k8s-app": "metrics-server", "rbac.authorization.k8s.io/aggregate-to-admin": "true",
                                 "rbac.authorization.k8s.io/aggregate-to-edit": "true",
                                 "rbac.authorization.k8s.io/aggregate-to-view": "true", **_LABELS}},
         "rules": [{"apiGroups": ["metrics.k8s.io"], "resources": ["pods", "nodes"], "verbs": ["get", "list", "watch"]}]},
        {"apiVersion": rbac, "kind": "ClusterRole",
         "metadata": {"name": "system:metrics-server", "labels": {"k8s-app": "metrics-server", **_LABELS}},
         "rules": [{"apiGroups": [""], "resources": ["nodes/metrics"], "verbs": ["get"]},
                   {"apiGroups": [""], "resources": ["pods", "nodes"], "verbs": ["get", "list", "watch"]}]},
        {"apiVersion": rbac, "kind": "RoleBinding",
         "metadata": {"name": "metrics-server-auth-reader", "namespace": _NS,
                      "labels": {"k8s-app": "metrics-server", **_LABELS}},
         "roleRef": ref("Role", "extension-apiserver-authentication-reader"), "subjects": sa},
        {"apiVersion": rbac, "kind": "ClusterRoleBinding",
         "metadata": {"name": "metrics-server:system:auth-delegator", "labels": {"k8s-app": "metrics-server", **_LABELS}},
         "roleRef": ref("ClusterRole", "system:auth-delegator"), "subjects": sa},
        {"apiVersion": rbac, "kind": "ClusterRoleBinding",
         "metadata": {"name": "system:metrics-server", "labels": {"k8s-app": "metrics-server", **_LABELS}},
         "roleRef": ref("ClusterRole", "system:metrics-server"), "subjects": sa},
    ]


def metrics_server_objects(image: str = METRICS_SERVER_IMAGE) -> list[Obj]:
    """Every object the addon applies, in minikube's order (RBAC, APIService, Deployment, Service)."""
    container = {
        "name": "metrics-server", "image": image, "imagePullPolicy": "IfNotPresent",
        "args": ["--cert-dir=/tmp", "--secure-port=4443",
                 "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                 "--kubelet-use-node-status-port", "--metric-resolution=60s", "--kubelet-insecure-tls"],
        "resources": {"requests": {"cpu": "100m", "memory": "200Mi"}},
        "ports": [{"name": "https", "containerPort": 4443, "protocol": "TCP"}],
        "readinessProbe": {"httpGet": {"path": "/readyz", "port": "https", "scheme": "HTTPS"},
                           "periodSeconds": 10, "failureThreshold": 3},
        "livenessProbe": {"httpGet": {"path": "/livez", "port": "https", "scheme": "HTTPS"},
                          "periodSeconds": 10, "failureThreshold": 3},
        "securityContext": {"readOnlyRootFilesystem": True, "runAsNonRoot": True, "runAsUser": 1000},
        "volumeMounts": [{"name": "tmp-dir", "mountPath": "/tmp"}],
    }
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "metrics-server", "namespace": _NS, "labels": {"k8s-app": "metrics-server", **_LABELS}},
        "spec": {"selector": {"matchLabels": {"k8s-app": "metrics-server"}},
                 "template": {"metadata": {"name": "metrics-server", "labels": {"k8s-app": "metrics-server"}},
                              "spec": {"serviceAccountName": "metrics-server",
                                       "priorityClassName": "system-cluster-critical",
                                       "volumes": [{"name": "tmp-dir", "emptyDir": {}}],
                                       "containers": [container]}}},
    }
    service = {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "metrics-server", "namespace": _NS,
                     "labels": {"kubernetes.io/name": "Metrics-server", "kubernetes.io/minikube-addons-endpoint":
                                "metrics-server", **_LABELS}},
        "spec": {"selector": {"k8s-app": "metrics-server"},
                 "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}]},
    }
    apiservice = {
        "apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
        "metadata": {"name": "v1beta1.metrics.k8s.io", "labels": {"k8s-app": "metrics-server", **_LABELS}},
        "spec": {"service": {"name": "metrics-server", "namespace": _NS}, "group": "metrics.k8s.io",
                 "version": "v1beta1", "insecureSkipTLSVerify": True, "groupPriorityMinimum": 100,
                 "versionPriority": 100},
    }
    return [*_rbac(), apiservice, deployment, service]


ENABLED = ("💡  metrics-server is an addon maintained by Kubernetes. For any concerns contact minikube on GitHub.\n"
           "You can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n"
           f"    ▪ Using image {METRICS_SERVER_IMAGE}\n"
           "🌟  The 'metrics-server' addon is enabled\n")
DISABLED = "🌑  \"The 'metrics-server' addon is disabled\"\n"
ADDONS = ("storage-provisioner", "default-storageclass", "metrics-server")


def run(api, args: list[str]) -> Result:
    """``minikube addons enable|disable NAME`` against the cluster's API."""
    verb, names = (args[0] if args else ""), args[1:]
    if verb not in ("enable", "disable") or len(names) != 1:
        return Result("", translate("(the kit simulates: minikube addons enable|disable metrics-server)") + "\n", 1)
    name = names[0]
    if name not in ADDONS:
        return Result("", f"\n❌  Exiting due to MK_ADDON_ENABLE: run callbacks: {name} is not a valid addon\n\n", 10)
    if name != "metrics-server":
        return Result(f"🌟  The '{name}' addon is {verb}d\n" if verb == "enable" else DISABLED.replace("metrics-server", name))
    with api.acting_as("minikube"):
        for obj in metrics_server_objects():
            md = obj["metadata"]
            try:
                if verb == "enable" and api.peek(obj["kind"], md["name"], md.get("namespace")) is None:
                    api.create(obj)
                elif verb == "disable":
                    api.delete(obj["kind"], md["name"], md.get("namespace"))
            except ApiError:
                pass         # kubectl apply/delete --ignore-not-found: what is there already stays
    return Result(ENABLED if verb == "enable" else DISABLED)
