"""nslookup's layouts (kubelab.apps.nslookup): busybox 1.28 (the pages'), busybox 1.29
and later (LEDE's rewrite: A and AAAA queries, a search domain only for names without
a dot, every reply printed, exit 1 on any NXDOMAIN), and BIND's (Debian's dnsutils)."""
import pytest

import kubelab


@pytest.fixture(scope="module")
def c():
    c = kubelab.Cluster()
    c.kubectl("create deployment my-nginx --image=nginx")
    c.kubectl("expose deployment my-nginx --port=80")
    for name, image in (("old", "busybox:1.28"), ("new", "busybox:1.37"), ("latest", "busybox"),
                        ("dnsutils", "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3")):
        c.kubectl(["run", name, "--image", image, "--", "sleep", "infinity"])
    c.settle()
    return c


def run(c, pod, name):
    r = c.kubectl(f"exec {pod} -- nslookup {name}")
    return r.stdout, r.returncode


def test_busybox_1_28_resolves_through_the_search_list(c):
    assert run(c, "old", "kubernetes.default") == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n", 0)
    r = c.kubectl("exec old -- nslookup no-such-service")
    assert r.stdout == "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
    assert r.stderr.startswith("nslookup: can't resolve 'no-such-service'\n") and r.returncode == 1


def test_busybox_1_29_and_later_query_each_search_domain(c):
    ip = c.get("service", "my-nginx")["spec"]["clusterIP"]
    out, code = run(c, "latest", "my-nginx.default.svc.cluster.local")
    assert (out, code) == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                           f"Name:\tmy-nginx.default.svc.cluster.local\nAddress: {ip}\n\n\n", 0)
    # a dotted name is asked as it is: kubernetes.default does not exist outside the search list
    assert run(c, "new", "kubernetes.default") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: NXDOMAIN\n\n"
        "** server can't find kubernetes.default: NXDOMAIN\n\n", 1)
    out, code = run(c, "new", "no-such-service")
    assert code == 1 and out.count("NXDOMAIN") == 6
    assert out.startswith("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                          "** server can't find no-such-service.default.svc.cluster.local: NXDOMAIN\n\n")
    # an outside name is CoreDNS's forward: not authoritative
    out, code = run(c, "new", "info.cern.ch")
    assert code == 0 and "Non-authoritative answer:\nName:\tinfo.cern.ch\nAddress: 188.184.67.127\n\n" in out


def test_bind_nslookup_in_dnsutils(c):
    assert run(c, "dnsutils", "kubernetes.default") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tkubernetes.default.svc.cluster.local\n"
        "Address: 10.96.0.1\n\n", 0)
    assert run(c, "dnsutils", "no-such-service") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find no-such-service: NXDOMAIN\n\n", 1)


def test_without_a_name_server(c):
    c.kubectl("scale deployment coredns -n kube-system --replicas=0")
    c.settle()
    try:
        assert run(c, "new", "my-nginx") == (";; connection timed out; no servers could be reached\n\n", 1)
        assert run(c, "dnsutils", "my-nginx") == (";; connection timed out; no servers could be reached\n\n", 1)
        r = c.kubectl("exec old -- nslookup my-nginx")
        assert r.stdout == "Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n" and r.returncode == 1
    finally:
        c.kubectl("scale deployment coredns -n kube-system --replicas=1")
        c.settle()
