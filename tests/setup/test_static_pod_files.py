"""kubeadm's static pod files and the mirror pods the kubelet makes of them:
the file names the pod after its component (staticpod.ComponentPod); the kubelet
appends the node's name, binds it to the node, tolerates NoExecute taints and
adds the ``kubernetes.io/config.*`` annotations (pkg/kubelet/config/common.go)."""
from __future__ import annotations

import yaml

import kubelab


def test_kubeadm_writes_component_pods_and_the_kubelet_mirrors_them():
    c = kubelab.Cluster(profile="kubeadm")
    master = c.machines["master"]
    names = sorted(p for p in master.files if p.startswith("/etc/kubernetes/manifests/"))
    assert names == [f"/etc/kubernetes/manifests/{n}.yaml"
                     for n in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")]
    text = master.files["/etc/kubernetes/manifests/kube-apiserver.yaml"]
    pod = yaml.safe_load(text)
    assert pod["metadata"] == {
        "annotations": {"kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": f"{master.ip}:6443"},
        "creationTimestamp": None, "labels": {"component": "kube-apiserver", "tier": "control-plane"},
        "name": "kube-apiserver", "namespace": "kube-system"}
    assert "nodeName" not in pod["spec"] and "tolerations" not in pod["spec"] and pod["status"] == {}
    assert pod["spec"]["securityContext"] == {"seccompProfile": {"type": "RuntimeDefault"}}
    mirror = c.get("pod", "kube-apiserver-master", "kube-system")
    annotations = mirror["metadata"]["annotations"]
    assert annotations["kubernetes.io/config.source"] == "file"
    assert annotations["kubernetes.io/config.hash"] == annotations["kubernetes.io/config.mirror"]
    assert annotations["kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"] == f"{master.ip}:6443"
    assert mirror["spec"]["nodeName"] == "master"
    assert {"effect": "NoExecute", "operator": "Exists"} in mirror["spec"]["tolerations"]
    assert mirror["spec"]["securityContext"] == pod["spec"]["securityContext"]
    etcd = yaml.safe_load(master.files["/etc/kubernetes/manifests/etcd.yaml"])
    assert etcd["metadata"]["annotations"] == {"kubeadm.kubernetes.io/etcd.advertise-client-urls": f"https://{master.ip}:2379"}
