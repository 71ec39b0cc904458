"""What `minikube start` (v1.35, docker driver, Kubernetes v1.32.0) leaves behind:
one control-plane node called ``minikube`` and the kube-system workloads."""
from __future__ import annotations

import hashlib
import json

from ..api.meta import Obj, clone
from ..i18n import translate

KUBERNETES_VERSION = "v1.32.0"
MINIKUBE_VERSION = "v1.35.0"
NODE_IP = "192.168.49.2"
POD_CIDR = "10.244.0.0/24"
POD_NETWORK_CIDR = "10.244.0.0/16"     # minikube's kubeadm pod-network-cidr: the controller manager's --cluster-cidr
RUNTIME = "docker://27.4.1"


def node_object(name: str, ip: str, pod_cidr: str, *, control_plane: bool, runtime: str = RUNTIME,
                extra_labels: dict[str, str] | None = None, cpu: str = "2", memory: str = "3912780Ki",
                os_image: str = "Ubuntu 22.04.5 LTS", kernel: str = "6.1.0-28-amd64", now: str = "") -> Obj:
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    labels.update(extra_labels or {})
    capacity = {"cpu": cpu, "ephemeral-storage": "102625208Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                "memory": memory, "pods": "110"}
    cond = lambda t, s, r, m: {"type": t, "status": s, "lastHeartbeatTime": now, "lastTransitionTime": now,
                               "reason": r, "message": m}
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": dict(sorted(labels.items())),
            "annotations": {
                "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/cri-dockerd.sock" if runtime.startswith("docker") else "unix:///var/run/containerd/containerd.sock",
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": {"podCIDR": pod_cidr, "podCIDRs": [pod_cidr]},
        "status": {
            "addresses": [{"address": ip, "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
            "allocatable": dict(capacity),
            "capacity": capacity,
            "conditions": [
                cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": "",
                "containerRuntimeVersion": runtime,
                "kernelVersion": kernel,
                "kubeProxyVersion": KUBERNETES_VERSION,
                "kubeletVersion": KUBERNETES_VERSION,
                "machineID": "",
                "operatingSystem": "linux",
                "osImage": os_image,
                "systemUUID": "",
            },
        },
    }


def _container(name: str, image: str, command: list[str] | None = None, **extra) -> Obj:
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent"}
    if command:
        c["command"] = command
    c.update(extra)
    return c


def static_pod(component: str, node: str, image: str, command: list[str], cpu: str, tier: str = "control-plane") -> Obj:
    """A control-plane static pod as the kubelet mirrors it into the API."""
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": f"{component}-{node}",
            "namespace": "kube-system",
            "labels": {"component": component, "tier": tier},
            "annotations": {"kubernetes.io/config.source": "file"},
        },
        "spec": {
            "nodeName": node,
            "hostNetwork": True,
            "priorityClassName": "system-node-critical",
            "priority": 2000001000,
            "containers": [_container(component, image, command,
                                      resources={"requests": {"cpu": cpu}})],
            "tolerations": [{"effect": "NoExecute", "operator": "Exists"}],
        },
    }


def as_mirror(pod: Obj, node: Obj, seen: str) -> Obj:
    """The kubelet's API copy of a static pod (pkg/kubelet/pod/mirror_client.go): the
    manifest's hash as ``kubernetes.io/config.hash`` and ``config.mirror``, when the
    kubelet saw the file (``config.seen``, nanoseconds), where from, and the Node as its
    controller, which is how kubectl drain and the garbage collector recognise it."""
    digest = hashlib.md5(json.dumps(pod, sort_keys=True).encode()).hexdigest()
    out = clone(pod)
    annotations = out["metadata"].setdefault("annotations", {})
    annotations.update({"kubernetes.io/config.hash": digest, "kubernetes.io/config.mirror": digest,
                        "kubernetes.io/config.seen": f"{seen[:-1]}.{int(digest[:8], 16) % 10**9:09d}Z",
                        "kubernetes.io/config.source": "file"})
    out["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "controller": True, "kind": "Node",
                                           "name": node["metadata"]["name"], "uid": node["metadata"]["uid"]}]
    return out


def control_plane_pods(node: str, registry: str = "registry.k8s.io") -> list[Obj]:
    v = KUBERNETES_VERSION
    return [
        static_pod("etcd", node, f"{registry}/etcd:3.5.16-0", ["etcd"], "100m") | {},
        static_pod("kube-apiserver", node, f"{registry}/kube-apiserver:{v}", ["kube-apiserver"], "250m"),
        static_pod("kube-controller-manager", node, f"{registry}/kube-controller-manager:{v}", ["kube-controller-manager"], "200m"),
        static_pod("kube-scheduler", node, f"{registry}/kube-scheduler:{v}", ["kube-scheduler"], "100m"),
    ]


def coredns_deployment(replicas: int, registry: str = "registry.k8s.io") -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": "25%"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-dns"}},
                "spec": {
                    "priorityClassName": "system-cluster-critical",
                    "serviceAccountName": "coredns",
                    "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                    {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "containers": [_container("coredns", f"{registry}/coredns/coredns:v1.11.3", None,
                                              args=["-conf", "/etc/coredns/Corefile"],
                                              ports=[{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                                     {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                                     {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                                              resources={"limits": {"memory": "170Mi"},
                                                         "requests": {"cpu": "100m", "memory": "70Mi"}})],
                    "dnsPolicy": "Default",
                },
            },
        },
    }


def kube_proxy_daemonset(registry: str = "registry.k8s.io") -> Obj:
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"}},
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": {
                    "hostNetwork": True,
                    "priorityClassName": "system-node-critical",
                    "serviceAccountName": "kube-proxy",
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "tolerations": [{"operator": "Exists"}],
                    "containers": [_container("kube-proxy", f"{registry}/kube-proxy:{KUBERNETES_VERSION}",
                                              ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                               "--hostname-override=$(NODE_NAME)"],
                                              env=[{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
                                              securityContext={"privileged": True})],
                },
            },
        },
    }


def storage_provisioner_pod(node: str) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "storage-provisioner",
            "namespace": "kube-system",
            "labels": {"addonmanager.kubernetes.io/mode": "Reconcile", "integration-test": "storage-provisioner"},
        },
        "spec": {
            "hostNetwork": True,
            "serviceAccountName": "storage-provisioner",
            "containers": [_container("storage-provisioner", "gcr.io/k8s-minikube/storage-provisioner:v5",
                                      ["/storage-provisioner"])],
        },
    }


def kube_dns_service() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "kube-dns", "namespace": "kube-system",
                     "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"},
                     "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}},
        "spec": {
            "clusterIP": "10.96.0.10",
            "selector": {"k8s-app": "kube-dns"},
            "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                      {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                      {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
        },
    }


def kubernetes_service(endpoint_ip: str) -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {"clusterIP": "10.96.0.1",
                 "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 8443}]},
    }


# ------------------------------------------------------------- the minikube CLI
START_OUTPUT = """\
😄  minikube v1.35.0 on Ubuntu 22.04
✨  Automatically selected the docker driver. Other choices: ssh
📌  Using Docker driver with root privileges
👍  Starting "minikube" primary control-plane node in "minikube" cluster
🚜  Pulling base image v0.0.46 ...
🔥  Creating docker container (CPUs=2, Memory=3900MB) ...
🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...
    ▪ Generating certificates and keys ...
    ▪ Booting up control plane ...
    ▪ Configuring RBAC rules ...
🔗  Configuring bridge CNI (Container Networking Interface) ...
🔎  Verifying Kubernetes components...
    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5
🌟  Enabled addons: storage-provisioner, default-storageclass
🏄  Done! kubectl is now configured to use "minikube" cluster and "default" namespace by default
"""
def _platform(os_image: str) -> str:
    """How minikube names the host's distribution (gopsutil's platform and version)."""
    if os_image.startswith("CentOS Linux 7"):
        return "Centos 7.9.2009"
    words = os_image.split()
    return f"{words[0]} {words[2]}" if len(words) > 2 and words[1] == "Linux" else os_image


AS_ROOT = """\
😄  minikube v1.35.0 on {platform}
✨  Automatically selected the docker driver. Other choices: none, ssh
🛑  The "docker" driver should not be used with root privileges. If you wish to continue as root, use --force.
💡  If you are running minikube within a VM, consider using --driver=none:
📘    https://minikube.sigs.k8s.io/docs/reference/drivers/none/

❌  Exiting due to DRV_AS_ROOT: The "docker" driver should not be used with root privileges.

"""
STATUS = """\
minikube
type: Control Plane
host: Running
kubelet: Running
apiserver: Running
kubeconfig: Configured

"""


def cli(cluster, machine, args: list[str]):
    """``minikube start`` / ``status`` on a host.  On the minikube profile the
    cluster already exists (it booted with the kit), so ``start`` reports it the
    way minikube v1.35 reports a fresh start and writes the host's kubeconfig."""
    from ..result import Result
    verb = args[0] if args else ""
    if verb == "start":
        if machine.user == "root" and "--force" not in args:
            text = AS_ROOT.format(platform=_platform(machine.os_image))
            return Result(text[:text.index("❌")], text[text.index("❌"):], 56)
        if cluster.profile != "minikube":
            return Result("", translate("(the kit runs minikube on the minikube profile: kubelab.Cluster() or "
                                        "%kubelab reset)") + "\n", 1)
        import yaml
        machine.dirs |= {f"{machine.home}/.kube", f"{machine.home}/.minikube"}
        machine.files[f"{machine.home}/.kube/config"] = yaml.safe_dump(default_kubeconfig(cluster), sort_keys=False)
        return Result(START_OUTPUT.replace("Using Docker driver with root privileges\n", "Using Docker driver with root privileges\n")
                      .replace("📌  Using Docker driver with root privileges\n", ""))
    if verb == "status":
        if cluster.profile != "minikube":
            return Result('🤷  Profile "minikube" not found. Run "minikube profile list" to view all profiles.\n'
                          '👉  To start a cluster, run: "minikube start"\n', "", 85)
        return Result(STATUS)
    if verb == "addons" and cluster.profile == "minikube":
        from .addons import run as addons
        return addons(cluster.api, args[1:])
    if verb == "ssh":
        return _ssh(cluster, args[1:])
    return Result("", translate(f"(the kit simulates minikube start, status, addons and ssh, not {verb!r})") + "\n", 1)


def _ssh(cluster, args: list[str]):
    """``minikube ssh [-n NODE] [--] COMMAND``: the command on the node, as user docker."""
    from ..result import Result
    from . import shell               # the machine's shell (it dispatches back to this module)
    node, words = "minikube", []
    while args:
        a = args.pop(0)
        if a in ("-n", "--node") and args:
            node = args.pop(0)
        elif a.startswith("--node="):
            node = a.split("=", 1)[1]
        elif a != "--":
            words.append(a)
    if cluster.profile != "minikube":
        return Result("", '🤷  Profile "minikube" not found. Run "minikube profile list" to view all profiles.\n', 85)
    target = cluster.machines.get(node)
    if target is None:
        return Result("", f"❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node {node}\n", 85)
    if not words:
        return Result("", f"(a terminal on the node: a `%%shell {node}` cell, or `minikube ssh -- COMMAND`)\n", 1)
    return shell.run(cluster, target, " ".join(words))


def default_kubeconfig(cluster) -> dict:
    server = "https://192.168.49.2:8443"
    return {
        "apiVersion": "v1",
        "clusters": [{"cluster": {"certificate-authority": "/home/learner/.minikube/ca.crt",
                                  "extensions": [{"extension": {"last-update": cluster.clock.datetime(0).strftime("%a, %d %b %Y %H:%M:%S UTC"),
                                                                "provider": "minikube.sigs.k8s.io", "version": "v1.35.0"},
                                                  "name": "cluster_info"}],
                                  "server": server}, "name": "minikube"}],
        "contexts": [{"context": {"cluster": "minikube",
                                  "extensions": [{"extension": {"last-update": cluster.clock.datetime(0).strftime("%a, %d %b %Y %H:%M:%S UTC"),
                                                                "provider": "minikube.sigs.k8s.io", "version": "v1.35.0"},
                                                  "name": "context_info"}],
                                  "namespace": "default", "user": "minikube"}, "name": "minikube"}],
        "current-context": "minikube",
        "kind": "Config",
        "preferences": {},
        "users": [{"name": "minikube", "user": {"client-certificate": "/home/learner/.minikube/profiles/minikube/client.crt",
                                                "client-key": "/home/learner/.minikube/profiles/minikube/client.key"}}],
    }
