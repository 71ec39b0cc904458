"""``kubectl describe node``, checked against the example in the Kubernetes docs.

Golden text: kubernetes.io "Troubleshooting Clusters" (website repo,
content/en/docs/tasks/debug/debug-cluster/_index.md), ``kubectl describe node kube-worker-1``
of a node that stopped reporting.  The node object is that page's ``kubectl get node
kube-worker-1 -o yaml`` with the conditions, taints and Lease the describe output shows;
the pods carry the requests and limits of its "Non-terminated Pods" table.  The docs'
machine printed local time (-0500); kubelab prints UTC, so the times below are the same
instants five hours later.  Layout rules: describe.go describeNode / describeNodeResource
(kubectl v0.32.4).  The page's Events section is elided ("..."), so it is not compared.
"""
from __future__ import annotations

import kubelab
from kubelab.clock import parse_timestamp
from kubelab.kubectl.printers.describe import Related, describe, pod_requests_and_limits

CREATED = "2022-02-17T21:46:30Z"
NOW = "2022-02-17T22:14:30Z"          # the kube-proxy pod (created 21:46:30) is 28m old


def _cond(type_, status, hb, tr, reason, message):
    return {"type": type_, "status": status, "lastHeartbeatTime": hb, "lastTransitionTime": tr,
            "reason": reason, "message": message}


def docs_node() -> dict:
    unknown = ("Unknown", "2022-02-17T22:12:40Z", "2022-02-17T22:13:52Z", "NodeStatusUnknown",
               "Kubelet stopped posting node status.")
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {
            "name": "kube-worker-1", "creationTimestamp": CREATED,
            "annotations": {"kubeadm.alpha.kubernetes.io/cri-socket": "/run/containerd/containerd.sock",
                            "node.alpha.kubernetes.io/ttl": "0",
                            "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
            "labels": {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                       "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": "kube-worker-1",
                       "kubernetes.io/os": "linux"},
        },
        "spec": {"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"},
                            {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}]},
        "status": {
            "addresses": [{"address": "192.168.0.113", "type": "InternalIP"},
                          {"address": "kube-worker-1", "type": "Hostname"}],
            "allocatable": {"cpu": "2", "ephemeral-storage": "14167048988", "hugepages-2Mi": "0",
                            "memory": "1922788Ki", "pods": "110"},
            "capacity": {"cpu": "2", "ephemeral-storage": "15372232Ki", "hugepages-2Mi": "0",
                         "memory": "2025188Ki", "pods": "110"},
            "conditions": [
                _cond("NetworkUnavailable", "False", "2022-02-17T22:09:13Z", "2022-02-17T22:09:13Z",
                      "WeaveIsUp", "Weave pod has set this"),
                _cond("MemoryPressure", *unknown), _cond("DiskPressure", *unknown),
                _cond("PIDPressure", *unknown), _cond("Ready", *unknown),
            ],
            "nodeInfo": {"architecture": "amd64", "bootID": "5a295a03-aaca-4340-af20-1327fa5dab5c",
                         "containerRuntimeVersion": "containerd://1.5.9", "kernelVersion": "5.13.0-28-generic",
                         "kubeProxyVersion": "v1.23.3", "kubeletVersion": "v1.23.3",
                         "machineID": "9384e2927f544209b5d7b67474bbf92b", "operatingSystem": "linux",
                         "osImage": "Ubuntu 21.10", "systemUUID": "aa829ca9-73d7-064d-9019-df07404ad448"},
        },
    }


def _pod(ns, name, created, requests=None, limits=None):
    resources = {k: v for k, v in (("requests", requests), ("limits", limits)) if v}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"namespace": ns, "name": name, "creationTimestamp": created},
            "spec": {"nodeName": "kube-worker-1",
                     "containers": [{"name": "c", "image": "x", "resources": resources}]},
            "status": {"phase": "Running"}}


def docs_pods() -> list[dict]:
    nginx = dict(requests={"cpu": "500m", "memory": "128Mi"}, limits={"cpu": "500m", "memory": "128Mi"})
    return [_pod("default", "nginx-deployment-67d4bdd6f5-cx2nz", "2022-02-17T21:51:30Z", **nginx),
            _pod("default", "nginx-deployment-67d4bdd6f5-w6kd7", "2022-02-17T21:51:30Z", **nginx),
            _pod("kube-system", "kube-proxy-dnxbz", CREATED),
            _pod("kube-system", "weave-net-gjxxp", CREATED, requests={"cpu": "100m", "memory": "200Mi"})]


LEASE = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
         "metadata": {"name": "kube-worker-1", "namespace": "kube-node-lease"},
         "spec": {"holderIdentity": "kube-worker-1", "renewTime": "2022-02-17T22:13:09.000000Z"}}

DOCS = """\
Name:               kube-worker-1
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=kube-worker-1
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: /run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Thu, 17 Feb 2022 21:46:30 +0000
Taints:             node.kubernetes.io/unreachable:NoExecute
                    node.kubernetes.io/unreachable:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  kube-worker-1
  AcquireTime:     <unset>
  RenewTime:       Thu, 17 Feb 2022 22:13:09 +0000
Conditions:
  Type                 Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message
  ----                 ------    -----------------                 ------------------                ------              -------
  NetworkUnavailable   False     Thu, 17 Feb 2022 22:09:13 +0000   Thu, 17 Feb 2022 22:09:13 +0000   WeaveIsUp           Weave pod has set this
  MemoryPressure       Unknown   Thu, 17 Feb 2022 22:12:40 +0000   Thu, 17 Feb 2022 22:13:52 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  DiskPressure         Unknown   Thu, 17 Feb 2022 22:12:40 +0000   Thu, 17 Feb 2022 22:13:52 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  PIDPressure          Unknown   Thu, 17 Feb 2022 22:12:40 +0000   Thu, 17 Feb 2022 22:13:52 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  Ready                Unknown   Thu, 17 Feb 2022 22:12:40 +0000   Thu, 17 Feb 2022 22:13:52 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
Addresses:
  InternalIP:  192.168.0.113
  Hostname:    kube-worker-1
Capacity:
  cpu:                2
  ephemeral-storage:  15372232Ki
  hugepages-2Mi:      0
  memory:             2025188Ki
  pods:               110
Allocatable:
  cpu:                2
  ephemeral-storage:  14167048988
  hugepages-2Mi:      0
  memory:             1922788Ki
  pods:               110
System Info:
  Machine ID:                 9384e2927f544209b5d7b67474bbf92b
  System UUID:                aa829ca9-73d7-064d-9019-df07404ad448
  Boot ID:                    5a295a03-aaca-4340-af20-1327fa5dab5c
  Kernel Version:             5.13.0-28-generic
  OS Image:                   Ubuntu 21.10
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.5.9
  Kubelet Version:            v1.23.3
  Kube-Proxy Version:         v1.23.3
Non-terminated Pods:          (4 in total)
  Namespace                   Name                                 CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                                 ------------  ----------  ---------------  -------------  ---
  default                     nginx-deployment-67d4bdd6f5-cx2nz    500m (25%)    500m (25%)  128Mi (6%)       128Mi (6%)     23m
  default                     nginx-deployment-67d4bdd6f5-w6kd7    500m (25%)    500m (25%)  128Mi (6%)       128Mi (6%)     23m
  kube-system                 kube-proxy-dnxbz                     0 (0%)        0 (0%)      0 (0%)           0 (0%)         28m
  kube-system                 weave-net-gjxxp                      100m (5%)     0 (0%)      200Mi (10%)      0 (0%)         28m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests     Limits
  --------           --------     ------
  cpu                1100m (55%)  1 (50%)
  memory             456Mi (24%)  256Mi (13%)
  ephemeral-storage  0 (0%)       0 (0%)
  hugepages-2Mi      0 (0%)       0 (0%)
Events:
"""


def _describe(events=None, lease=LEASE):
    related = Related(node_pods=lambda n: docs_pods(), node_lease=lambda n: lease)
    return describe(docs_node(), events=events, now=parse_timestamp(NOW), related=related)


def test_describe_node_matches_the_docs_example():
    event = {"type": "Normal", "reason": "NodeNotReady", "message": "Node kube-worker-1 status is now: NodeNotReady",
             "source": {"component": "node-controller"}, "count": 1,
             "firstTimestamp": "2022-02-17T22:13:52Z", "lastTimestamp": "2022-02-17T22:13:52Z"}
    text = _describe(events=[event])
    head, _, tail = text.partition("Events:\n")
    assert head + "Events:\n" == DOCS
    assert tail.splitlines()[-1].split() == ["Normal", "NodeNotReady", "38s", "node-controller", "Node",
                                             "kube-worker-1", "status", "is", "now:", "NodeNotReady"]


def test_allocated_resources_add_quantities_in_the_first_ones_format():
    # 500m + 500m + 100m = 1100m (milli stays milli); limits 500m + 500m = 1 (a whole core)
    req, lim = pod_requests_and_limits(docs_pods()[0])
    assert (str(req["cpu"]), str(lim["memory"])) == ("500m", "128Mi")
    assert "cpu                1100m (55%)  1 (50%)" in _describe()


def test_missing_lease_and_roles_and_no_events():
    node = docs_node()
    node["metadata"]["labels"]["node-role.kubernetes.io/control-plane"] = ""
    node["metadata"]["labels"]["kubernetes.io/role"] = "master"
    text = describe(node, events=[], now=parse_timestamp(NOW), related=Related(node_pods=lambda n: []))
    assert "Roles:              control-plane,master\n" in text
    assert 'Lease:              Failed to get lease: leases.coordination.k8s.io "kube-worker-1" not found\n' in text
    assert "Non-terminated Pods:          (0 in total)\n" in text
    # "Events:\t<none>" joins the column block of the resource table above it (tabwriter)
    assert text.endswith("  hugepages-2Mi      0 (0%)    0 (0%)\nEvents:              <none>\n")


def test_init_containers_raise_requests_to_their_own_and_sidecars_add():
    pod = _pod("default", "p", CREATED, requests={"cpu": "100m"})
    pod["spec"]["initContainers"] = [
        {"name": "setup", "image": "x", "resources": {"requests": {"cpu": "500m"}}},
        {"name": "proxy", "image": "x", "restartPolicy": "Always", "resources": {"requests": {"cpu": "50m"}}},
    ]
    req, _ = pod_requests_and_limits(pod)
    assert str(req["cpu"]) == "500m"           # max(100m + 50m, 500m)


def test_kubectl_describe_node_on_a_cluster_lists_its_pods_lease_and_events():
    c = kubelab.Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.settle()
    c.fail_node("minikube-m02")
    c.run(60)
    text = str(c.kubectl("describe node minikube-m02"))
    assert "Taints:             node.kubernetes.io/unreachable:NoExecute\n" in text
    assert "  HolderIdentity:  minikube-m02\n" in text
    assert "  Ready            Unknown " in text
    on_node = [p["metadata"]["name"] for p in c.api.list("pods", None) if p["spec"].get("nodeName") == "minikube-m02"]
    assert on_node and all(name in text for name in on_node)
    assert f"Non-terminated Pods:          ({len(on_node)} in total)" in text
    assert "node-controller  Node minikube-m02 status is now: NodeNotReady" in text
