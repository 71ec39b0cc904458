"""kube-proxy's rules: what they match and how iptables-save shows them."""
from __future__ import annotations

import kubelab
from kubelab.network.proxy import chain_names, iptables_rules


def test_rules_for_a_node_port_service_and_their_iptables_form():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --replicas=2 --port=80")
    c.kubectl("expose deployment web --type=NodePort --port=8080 --target-port=80")
    c.settle()
    (rule,) = c.proxy.rules("default/web")
    svc = c.get("service", "web")
    assert (rule.cluster_ip, rule.port, rule.node_port) == (svc["spec"]["clusterIP"], 8080,
                                                             svc["spec"]["ports"][0]["nodePort"])
    assert sorted(e.address for e in rule.endpoints) == ["10.244.0.3:80", "10.244.0.4:80"]
    assert c.proxy.match_node_port(rule.node_port) is rule
    assert c.proxy.match_vip(rule.cluster_ip, 8080) is rule and c.proxy.match_vip(rule.cluster_ip, 80) is None
    lines = iptables_rules(rule)
    svc_chain = chain_names(rule)
    assert svc_chain.startswith("KUBE-SVC-") and len(svc_chain) == len("KUBE-SVC-") + 16
    assert lines[0] == (f'-A KUBE-SERVICES -d {rule.cluster_ip}/32 -p tcp -m comment --comment "default/web cluster '
                        f'IP" -m tcp --dport 8080 -j {svc_chain}')
    ext_chain = "KUBE-EXT-" + svc_chain.removeprefix("KUBE-SVC-")
    assert lines[1] == (f'-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport {rule.node_port} '
                        f'-j {ext_chain}')
    # v1.32's iptables proxier: outside traffic is marked for masquerading in KUBE-EXT-…
    assert lines[2:4] == [f'-A {ext_chain} -m comment --comment "masquerade traffic for default/web external '
                          f'destinations" -j KUBE-MARK-MASQ', f'-A {ext_chain} -j {svc_chain}']
    assert lines[4] == (f'-A {svc_chain} ! -s 10.244.0.0/16 -d {rule.cluster_ip}/32 -p tcp -m comment --comment '
                        f'"default/web cluster IP" -m tcp --dport 8080 -j KUBE-MARK-MASQ')
    assert "--probability 0.5000000000" in lines[5]
    assert any(ln.endswith('-s 10.244.0.4/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ') for ln in lines)
    assert lines[-1].endswith("-j DNAT --to-destination 10.244.0.4:80")


def test_a_service_without_endpoints_gets_a_reject_rule():
    c = kubelab.Cluster()
    c.kubectl("create service nodeport ghost --tcp=80:80")
    c.settle()
    (rule,) = c.proxy.rules("default/ghost")
    assert all("REJECT" in line for line in iptables_rules(rule))


def test_headless_and_external_name_services_have_no_proxy_rules():
    c = kubelab.Cluster()
    c.kubectl("create service clusterip raw --clusterip=None --tcp=80:80")
    c.kubectl("create service externalname ext --external-name=example.com")
    assert c.proxy.rules("default/raw") == [] and c.proxy.rules("default/ext") == []
