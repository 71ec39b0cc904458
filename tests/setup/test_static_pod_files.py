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
    # the kubelet's one toleration, and no more: it already tolerates not-ready and unreachable,
    # so DefaultTolerationSeconds adds nothing (a key-less toleration covers every key)
    assert mirror["spec"]["tolerations"] == [{"effect": "NoExecute", "operator": "Exists"}]
    assert mirror["spec"]["securityContext"] == pod["spec"]["securityContext"]
    etcd = yaml.safe_load(master.files["/etc/kubernetes/manifests/etcd.yaml"])
    assert etcd["metadata"]["annotations"] == {"kubeadm.kubernetes.io/etcd.advertise-client-urls": f"https://{master.ip}:2379"}


def test_kube_proxy_tolerates_what_the_real_minikube_shows():
    # `kubectl describe pod -n kube-system -l k8s-app=kube-proxy` on minikube v1.35: the
    # DaemonSet's `operator: Exists`, then the DaemonSet controller's tolerations
    # (AddOrUpdateDaemonPodTolerations, network-unavailable as it is on the host's network),
    # and no 300 s ones: the key-less toleration already tolerates not-ready and unreachable
    c = kubelab.Cluster()
    out = c.kubectl("describe pod -n kube-system -l k8s-app=kube-proxy").stdout
    tolerations = out.split("Tolerations:")[1].split("Events:")[0]
    assert tolerations.split("\n") == [
        "                 op=Exists",
        "                             node.kubernetes.io/disk-pressure:NoSchedule op=Exists",
        "                             node.kubernetes.io/memory-pressure:NoSchedule op=Exists",
        "                             node.kubernetes.io/network-unavailable:NoSchedule op=Exists",
        "                             node.kubernetes.io/not-ready:NoExecute op=Exists",
        "                             node.kubernetes.io/pid-pressure:NoSchedule op=Exists",
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists",
        "                             node.kubernetes.io/unschedulable:NoSchedule op=Exists",
        ""]
    coredns = c.kubectl("describe pod -n kube-system -l k8s-app=kube-dns").stdout
    assert "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s" in coredns
