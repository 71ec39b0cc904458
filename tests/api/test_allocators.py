"""ClusterIP and nodePort allocation: the apiserver's messages (registry/core/service)."""
from __future__ import annotations

import ipaddress

import kubelab

SVC = """apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec:
  type: {type}
  {extra}
  selector: {{app: x}}
  ports: [{ports}]
"""


def apply(c, name="a", type="NodePort", ports="{port: 80, nodePort: 31000}", extra=""):
    return c.kubectl("apply -f -", stdin=SVC.format(name=name, type=type, ports=ports, extra=extra))


def test_cluster_ips_come_from_the_service_cidr_and_node_ports_from_the_range():
    c = kubelab.Cluster()
    for i in range(20):
        c.kubectl(f"create service nodeport s{i} --tcp=80:80")
    svcs = [c.get("service", f"s{i}") for i in range(20)]
    ips = [s["spec"]["clusterIP"] for s in svcs]
    ports = [s["spec"]["ports"][0]["nodePort"] for s in svcs]
    assert all(ipaddress.ip_address(ip) in ipaddress.ip_network("10.96.0.0/12") for ip in ips)
    assert len(set(ips)) == 20 and len(set(ports)) == 20
    assert all(30000 <= p <= 32767 for p in ports)


def test_node_port_already_allocated():
    c = kubelab.Cluster()
    assert apply(c).returncode == 0
    r = apply(c, name="b")
    assert r.stderr == ('The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 31000: '
                        'provided port is already allocated\n')


def test_node_port_out_of_range():
    c = kubelab.Cluster()
    r = apply(c, ports="{port: 80, nodePort: 8080}")
    assert r.stderr == ('The Service "a" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port '
                        'is not in the valid range. The range of valid ports is 30000-32767\n')


def test_cluster_ip_already_allocated_and_out_of_range():
    c = kubelab.Cluster()
    r = apply(c, type="ClusterIP", ports="{port: 80}", extra="clusterIP: 10.96.0.10")
    assert r.stderr == ('The Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: '
                        'failed to allocate IP 10.96.0.10: provided IP is already allocated\n')
    r = apply(c, type="ClusterIP", ports="{port: 80}", extra="clusterIP: 10.0.0.10")
    assert "the provided IP (10.0.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12" in r.stderr


def test_node_port_is_not_allowed_on_a_cluster_ip_service():
    c = kubelab.Cluster()
    r = apply(c, type="ClusterIP")
    assert r.stderr == ('The Service "a" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when '
                        "`type` is 'ClusterIP'\n")


def test_deleting_a_service_frees_its_node_port_and_ip():
    c = kubelab.Cluster()
    apply(c, extra="clusterIP: 10.100.0.7")
    c.kubectl("delete service a")
    assert apply(c, name="b", extra="clusterIP: 10.100.0.7").returncode == 0


def test_changing_to_node_port_allocates_and_keeps_the_cluster_ip():
    c = kubelab.Cluster()
    c.kubectl("create service clusterip a --tcp=80:80")
    ip = c.get("service", "a")["spec"]["clusterIP"]
    svc = c.api.get("services", "a", "default")
    svc["spec"]["type"] = "NodePort"
    c.api.update(svc, external=True)
    svc = c.get("service", "a")
    assert svc["spec"]["clusterIP"] == ip and svc["spec"]["ports"][0]["nodePort"] >= 30000


def test_applying_type_cluster_ip_drops_the_allocated_node_port_and_frees_it():
    c = kubelab.Cluster()
    apply(c)
    ip = c.get("service", "a")["spec"]["clusterIP"]
    r = apply(c, type="ClusterIP", ports="{port: 80}")
    assert r.returncode == 0, r.stderr
    svc = c.get("service", "a")
    assert "nodePort" not in svc["spec"]["ports"][0] and svc["spec"]["clusterIP"] == ip
    assert apply(c, name="b").returncode == 0          # 31000 is free again


def test_external_name_gives_up_its_cluster_ip_and_back():
    c = kubelab.Cluster()
    c.kubectl("create service clusterip a --tcp=80:80")
    svc = c.api.get("services", "a", "default")
    ip = svc["spec"]["clusterIP"]
    svc["spec"] = {"type": "ExternalName", "externalName": "example.com", "clusterIP": ip,
                   "clusterIPs": [ip], "ports": svc["spec"]["ports"]}
    c.api.update(svc, external=True)
    assert "clusterIP" not in c.get("service", "a")["spec"]
    assert ip not in c.services.ips
