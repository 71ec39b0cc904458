"""kubernetes.io's "Connecting Applications with Services"
(content/en/docs/tutorials/services/connect-applications-service.md), from "Exposing
pods to the cluster" to "DNS", in the page's order with the website's
``service/networking/run-my-nginx.yaml``; the shell lines (``printenv | grep``, two
commands joined by ``;``) run on the learner's laptop.  Where the page predates
v1.32 or shows another cluster: minikube's one node and 10.96.0.0/12 addresses,
``describe svc`` adds Internal Traffic Policy, kube-dns also serves 9153 (metrics),
and the Service has no labels (the stored Deployment has none for expose to copy).
The page's TLS part needs ``make keys``/openssl, which the kit does not simulate.
"""
import pathlib

import pytest

import kubelab
from kubelab.setup import shell

HERE = pathlib.Path(__file__).parents[1] / "data" / "website-examples" / "service" / "networking"


@pytest.fixture
def c():
    cluster = kubelab.Cluster(cwd=str(HERE))
    assert cluster.kubectl("apply -f ./run-my-nginx.yaml").stdout == "deployment.apps/my-nginx created\n"
    cluster.settle()
    return cluster


def nginx_pods(c):
    return [p for p in c.api.list("pods", "default") if p["metadata"]["labels"].get("run") == "my-nginx"]


def sh(c, text):
    return shell.run(c, c.machines["laptop"], text)


def test_pods_service_endpoints_environment_and_dns(c):
    rows = [line.split() for line in c.kubectl("get pods -l run=my-nginx -o wide").stdout.splitlines()]
    assert rows[0] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED", "NODE",
                       "READINESS", "GATES"]
    assert len(rows) == 3 and all(r[1:3] == ["1/1", "Running"] and r[6] == "minikube" for r in rows[1:])
    ips = sorted(p["status"]["podIP"] for p in nginx_pods(c))
    cols = c.kubectl("get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs").stdout
    assert sorted(cols.splitlines()[1:]) == [f"[map[ip:{ip}]]" for ip in ips] and cols.startswith("POD_IP\n")

    assert c.kubectl("expose deployment/my-nginx").stdout == "service/my-nginx exposed\n"
    cluster_ip = c.get("service", "my-nginx")["spec"]["clusterIP"]
    got = c.kubectl("get svc my-nginx").stdout.splitlines()[1].split()
    assert got[:5] == ["my-nginx", "ClusterIP", cluster_ip, "<none>", "80/TCP"]
    assert c.kubectl("describe svc my-nginx").stdout == (
        "Name:                     my-nginx\nNamespace:                default\nLabels:                   <none>\n"
        "Annotations:              <none>\nSelector:                 run=my-nginx\nType:                     ClusterIP\n"
        "IP Family Policy:         SingleStack\nIP Families:              IPv4\n"
        f"IP:                       {cluster_ip}\nIPs:                      {cluster_ip}\n"
        "Port:                     <unset>  80/TCP\nTargetPort:               80/TCP\n"
        f"Endpoints:                {ips[0]}:80,{ips[1]}:80\nSession Affinity:         None\n"
        "Internal Traffic Policy:  Cluster\nEvents:                   <none>\n")
    slices = c.kubectl("get endpointslices -l kubernetes.io/service-name=my-nginx").stdout.splitlines()
    assert slices[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert slices[1].split()[1:4] == ["IPv4", "80", ",".join(ips)]

    # the pods started before the Service: no MY_NGINX_ variables
    first = nginx_pods(c)[0]["metadata"]["name"]
    assert sh(c, f"kubectl exec {first} -- printenv | grep SERVICE").stdout == (
        "KUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nKUBERNETES_SERVICE_PORT_HTTPS=443\n")
    r = sh(c, "kubectl scale deployment my-nginx --replicas=0; kubectl scale deployment my-nginx --replicas=2;")
    assert r.stdout == "deployment.apps/my-nginx scaled\ndeployment.apps/my-nginx scaled\n"
    c.settle()
    renewed = [p["metadata"]["name"] for p in nginx_pods(c)]
    assert len(renewed) == 2 and first not in renewed
    env = sh(c, f"kubectl exec {renewed[0]} -- printenv | grep SERVICE").stdout
    assert sorted(env.splitlines()) == ["KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443",
                                        "KUBERNETES_SERVICE_PORT_HTTPS=443", f"MY_NGINX_SERVICE_HOST={cluster_ip}",
                                        "MY_NGINX_SERVICE_PORT=80"]

    dns = c.kubectl("get services kube-dns --namespace=kube-system").stdout.splitlines()[1].split()
    assert dns[:5] == ["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP"]
    # the page's `kubectl run -i --tty --image busybox:1.37 dns-test --restart=Never --rm`, then
    # `nslookup my-nginx` at its prompt: here the same image runs it as its command
    c.kubectl("run dns-test --image busybox:1.37 --restart=Never -- sleep 3600")
    c.settle()
    r = c.kubectl("exec dns-test -- nslookup my-nginx")
    # The page shows busybox 1.28's output (Server / Address 1 / Name / Address 1); the
    # page's busybox:1.37 prints the layout of nslookup's 1.29 rewrite: an A and an AAAA
    # query per search domain, an NXDOMAIN for each that does not exist (exit status 1).
    assert r.stdout == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                        f"Name:\tmy-nginx.default.svc.cluster.local\nAddress: {cluster_ip}\n\n"
                        "** server can't find my-nginx.svc.cluster.local: NXDOMAIN\n\n"
                        "** server can't find my-nginx.cluster.local: NXDOMAIN\n\n"
                        "\n"
                        "** server can't find my-nginx.svc.cluster.local: NXDOMAIN\n\n"
                        "** server can't find my-nginx.cluster.local: NXDOMAIN\n\n")
    assert r.returncode == 1
    c.kubectl("run dns-old --image busybox:1.28 --restart=Never -- sleep 3600")
    c.settle()
    out = c.kubectl("exec dns-old -- nslookup my-nginx").stdout
    assert out == ("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
                   f"Name:      my-nginx\nAddress 1: {cluster_ip} my-nginx.default.svc.cluster.local\n")
