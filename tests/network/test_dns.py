"""Cluster DNS names as CoreDNS answers them, and the search path."""
from __future__ import annotations

import kubelab
from kubelab.network import dns


def test_search_path_tries_the_namespace_first():
    assert dns.candidates("web", "shop") == ["web.shop.svc.cluster.local", "web.svc.cluster.local",
                                             "web.cluster.local", "web"]
    assert dns.candidates("web.shop.svc.cluster.local.", "x") == ["web.shop.svc.cluster.local"]


def test_names_resolve_to_cluster_ips_headless_pods_and_cnames():
    c = kubelab.Cluster()
    c.kubectl("create namespace shop")
    c.kubectl("create deployment web --image=nginx --port=80 -n shop")
    c.kubectl("expose deployment web -n shop")
    c.kubectl("create service clusterip raw --clusterip=None --tcp=80:80 -n shop")
    c.kubectl("create service externalname ext --external-name=example.com")
    c.settle()
    ip = c.get("service", "web", "shop")["spec"]["clusterIP"]
    assert c.network.resolve("web", "shop").ips == [ip]
    assert c.network.resolve("web.shop", "default").ips == [ip]
    assert not c.network.resolve("web", "default").found
    assert c.network.resolve("kubernetes.default", "shop").ips == ["10.96.0.1"]
    assert c.network.resolve("kube-dns.kube-system.svc.cluster.local", "shop").ips == ["10.96.0.10"]
    assert c.network.resolve("raw", "shop").headless and c.network.resolve("raw", "shop").ips == []
    ext = c.network.resolve("ext", "default")
    assert ext.cname == "example.com" and ext.ips == []
    pod_ip = c.api.list("pods", "shop")[0]["status"]["podIP"]
    assert c.network.resolve(pod_ip.replace(".", "-") + ".shop.pod.cluster.local", "x").ips == [pod_ip]
