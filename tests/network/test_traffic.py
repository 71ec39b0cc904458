"""Requests through the simulated network: every Service type, every way to fail."""
from __future__ import annotations

from collections import Counter

import pytest

import kubelab

NODE = "192.168.49.2"


def exec_in(c, pod: str, argv: list[str], ns: str = "default"):
    """Run a command in the pod's first container (what kubectl exec does)."""
    p = c.api.get("pods", pod, ns)
    w = c.kubelets[p["spec"]["nodeName"]].workers[f"{ns}/{pod}"]
    return next(iter(w.containers.values())).app.exec(argv)


def node_port(c, svc: str) -> int:
    return c.get("service", svc)["spec"]["ports"][0]["nodePort"]


@pytest.fixture
def hello():
    """The notes' hello-node behind a LoadBalancer, plus a busybox client pod."""
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4 --replicas=3")
    c.kubectl("expose deployment hello-node --type=LoadBalancer --port=8080")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "client", "labels": {"run": "client"}},
                  "spec": {"containers": [{"name": "client", "image": "busybox", "command": ["sleep", "3600"]}]}})
    c.settle()
    return c


def test_nodeport_from_outside_reaches_a_pod_and_the_trace_names_every_hop(hello):
    port = node_port(hello, "hello-node")
    r = hello.curl(f"http://{NODE}:{port}/hi?x=1")
    assert r.status == 200 and r.pod.startswith("hello-node-")
    assert "real path=/hi?x=1" in r.body and f"host={NODE}:{port}" in r.body
    assert [h.kind for h in r.hops] == ["client", "node", "service", "endpoint", "pod", "container"]
    assert f"nodePort {port}" in r.trace[1] and "port 8080" in r.trace[2]
    assert r.trace[-1] == "Container echoserver answers: HTTP 200 OK."


def test_loadbalancer_is_pending_on_minikube_until_the_tunnel_runs(hello):
    assert "<pending>" in hello.kubectl("get svc hello-node").stdout
    ip = hello.get("service", "hello-node")["spec"]["clusterIP"]
    before = hello.curl(f"http://{ip}:8080/")
    assert before.status == 0 and before.error == "Connection timed out"
    assert "no route" in before.trace[-1]
    out = hello.minikube("tunnel").stdout
    assert "route: 10.96.0.0/12 -> 192.168.49.2" in out and "services: [hello-node]" in out
    row = hello.kubectl("get svc hello-node").stdout.splitlines()[1].split()
    assert row[2] == row[3] == ip                       # EXTERNAL-IP is the ClusterIP
    assert hello.curl(f"http://{ip}:8080/").status == 200


def test_minikube_service_url_prints_the_node_ip_and_node_port(hello):
    assert hello.minikube("service hello-node --url").stdout == f"http://{NODE}:{node_port(hello, 'hello-node')}\n"
    missing = hello.minikube("service nope")
    assert missing.returncode == 1 and "SVC_NOT_FOUND" in missing.stderr


def test_cluster_ip_and_pod_ip_are_not_reachable_from_outside(hello):
    svc = hello.get("service", "hello-node")
    r = hello.curl(f"http://{svc['spec']['clusterIP']}:8080/")
    assert r.error == "Connection timed out"
    pod_ip = hello.api.list("pods", "default")[1]["status"]["podIP"]
    r = hello.curl(f"http://{pod_ip}:8080/")
    assert r.error == "Connection timed out" and "pod IP" in r.trace[-1]
    r = hello.curl("http://hello-node:8080/")
    assert r.error == "Could not resolve host"
    assert str(r) == "curl: (6) Could not resolve host: hello-node\n"


def test_from_a_pod_every_service_name_form_resolves_to_the_cluster_ip(hello):
    ip = hello.get("service", "hello-node")["spec"]["clusterIP"]
    for name in ("hello-node", "hello-node.default", "hello-node.default.svc",
                 "hello-node.default.svc.cluster.local"):
        r = hello.curl(f"http://{name}:8080/", from_pod="client")
        assert r.status == 200, name
        assert f"the ClusterIP {ip}" in r.trace[1]
        assert "hello-node.default.svc.cluster.local" in r.trace[1]
    r = hello.curl("http://hello-node.kube-system:8080/", from_pod="client")
    assert r.error == "Could not resolve host"


def test_pod_clients_keep_their_ip_but_nodeport_clients_are_masqueraded(hello):
    client_ip = hello.get("pod", "client")["status"]["podIP"]
    r = hello.curl("http://hello-node:8080/", from_pod="client")
    assert f"client_address={client_ip}" in r.body
    r = hello.curl(f"http://{NODE}:{node_port(hello, 'hello-node')}/")
    assert "client_address=10.244.0.1" in r.body


def test_wget_in_a_pod_goes_through_dns_and_the_service(hello):
    res = exec_in(hello, "client", ["wget", "-qO-", "http://hello-node:8080/abc"])
    assert res.exit_code == 0 and "real path=/abc" in res.stdout
    res = exec_in(hello, "client", ["wget", "-qO-", "http://nothing:8080/"])
    assert res.exit_code == 1 and "wget: bad address 'nothing'" in res.stderr
    ip = hello.get("service", "hello-node")["spec"]["clusterIP"]
    res = exec_in(hello, "client", ["wget", "-qO-", "http://hello-node:80/"])
    assert res.stderr == f"wget: can't connect to remote host ({ip}): Connection timed out\n"


def test_wrong_service_port_times_out_and_wrong_node_port_is_refused(hello):
    ip = hello.get("service", "hello-node")["spec"]["clusterIP"]
    r = hello.curl(f"http://{ip}:80/", from_pod="client")
    assert r.error == "Connection timed out" and "has no port 80 (its ports: 8080)" in r.trace[-1]
    r = hello.curl(f"http://{NODE}:8080/")
    assert r.error == "Connection refused"
    assert str(r) == f"curl: (7) Failed to connect to {NODE} port 8080 after 0 ms: Connection refused\n"
    assert "only its nodePort" in r.trace[-1]


def test_service_with_no_ready_endpoints_refuses_connections():
    c = kubelab.Cluster()
    c.kubectl("create service nodeport ghost --tcp=80:80 --node-port=31000")
    c.settle()
    r = c.curl(f"http://{NODE}:31000/")
    assert r.status == 0 and r.error == "Connection refused" and "no ready endpoints" in r.trace[-1]


def test_target_port_that_nothing_listens_on_is_refused_by_the_pod():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("expose deployment web --type=NodePort --port=80 --target-port=8080")
    c.settle()
    r = c.curl(f"http://{NODE}:{node_port(c, 'web')}/")
    assert r.error == "Connection refused"
    assert "no process listening on port 8080" in r.trace[-1] and "containerPort" in r.trace[-1]
    c.kubectl("delete svc web")
    c.kubectl("expose deployment web --type=NodePort --port=80")
    c.settle()
    r = c.curl(f"http://{NODE}:{node_port(c, 'web')}/")
    assert r.status == 200 and "Welcome to nginx!" in r.body


def test_named_target_port_routes_to_the_named_container_port():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: hello, labels: {app: hello}}
spec:
  containers:
  - name: hello
    image: gcr.io/google-samples/node-hello:1.0
    ports: [{name: http-web, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: hello}
spec:
  type: NodePort
  selector: {app: hello}
  ports: [{port: 80, targetPort: http-web, nodePort: 31000}]
""")
    c.settle()
    r = c.curl(f"http://{NODE}:31000/")
    assert (r.status, r.body) == (200, "Hello Kubernetes!")
    assert "targetPort http-web" in r.trace[2] and ":8080" in r.trace[3]


def test_requests_spread_over_the_pods_and_client_ip_affinity_sticks(hello):
    port = node_port(hello, "hello-node")
    seen = Counter(hello.curl(f"http://{NODE}:{port}/").pod for _ in range(60))
    assert len(seen) == 3 and min(seen.values()) > 5
    hello.kubectl("delete svc hello-node")
    hello.kubectl("expose deployment hello-node --port=8080 --session-affinity=ClientIP")
    hello.settle()
    seen = {hello.curl("http://hello-node:8080/", from_pod="client").pod for _ in range(20)}
    assert len(seen) == 1


def test_headless_service_resolves_to_pod_ips_and_connects_directly(hello):
    hello.kubectl("expose deployment hello-node --name=direct --cluster-ip=None --port=8080")
    hello.settle()
    ans = hello.network.resolve("direct", "default")
    pod_ips = sorted(p["status"]["podIP"] for p in hello.api.list("pods", "default")
                     if p["metadata"]["name"].startswith("hello-node-"))
    assert sorted(ans.ips) == pod_ips and ans.headless
    r = hello.curl("http://direct:8080/", from_pod="client")
    assert r.status == 200 and [h.kind for h in r.hops] == ["client", "dns", "pod", "container"]


def test_external_name_is_a_cname_that_can_point_back_into_the_cluster(hello):
    hello.kubectl("create service externalname alias --external-name=hello-node.default.svc.cluster.local")
    hello.kubectl("create service externalname db --external-name=my.database.example.com")
    r = hello.curl("http://alias:8080/", from_pod="client")
    assert r.status == 200 and "CNAME" in r.trace[1]
    r = hello.curl("http://db/", from_pod="client")
    assert r.error == "Could not resolve host" and "my.database.example.com" in r.trace[-1]


def test_dns_fails_while_coredns_is_not_ready(hello):
    dns_pod = next(p["metadata"]["name"] for p in hello.api.list("pods", "kube-system")
                   if p["metadata"]["name"].startswith("coredns-"))
    pod = hello.api.get("pods", dns_pod, "kube-system")       # what a failing readiness probe does
    kubelet = hello.kubelets[pod["spec"]["nodeName"]]
    w = kubelet.workers[f"kube-system/{dns_pod}"]
    for cs in w.containers.values():
        cs.ready = False
    kubelet._write_status(w)
    hello.pump()
    r = hello.curl("http://hello-node:8080/", from_pod="client")
    assert r.error == "Could not resolve host" and "CoreDNS" in r.trace[-1]
    ip = hello.get("service", "hello-node")["spec"]["clusterIP"]
    assert hello.curl(f"http://{ip}:8080/", from_pod="client").status == 200


def test_inventory_app_calls_system_through_its_service():
    c = kubelab.Cluster()
    c.kubectl("apply -f -", stdin="""
apiVersion: apps/v1
kind: Deployment
metadata: {name: system-deployment, labels: {app: system}}
spec:
  selector: {matchLabels: {app: system}}
  template:
    metadata: {labels: {app: system}}
    spec:
      containers:
      - name: system-container
        image: system:1.0-SNAPSHOT
        ports: [{containerPort: 9080}]
        env: [{name: APP_NAME, value: system}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: inventory-deployment, labels: {app: inventory}}
spec:
  selector: {matchLabels: {app: inventory}}
  template:
    metadata: {labels: {app: inventory}}
    spec:
      containers:
      - name: inventory-container
        image: inventory:1.0-SNAPSHOT
        ports: [{containerPort: 9080}]
        env:
        - {name: SYSTEM_APP_USERNAME, value: bob}
        - {name: SYSTEM_APP_PASSWORD, value: bobpwd}
---
apiVersion: v1
kind: Service
metadata: {name: system-service}
spec:
  type: NodePort
  selector: {app: system}
  ports: [{protocol: TCP, port: 9080, targetPort: 9080, nodePort: 31000}]
---
apiVersion: v1
kind: Service
metadata: {name: inventory-service}
spec:
  type: NodePort
  selector: {app: inventory}
  ports: [{protocol: TCP, port: 9080, targetPort: 9080, nodePort: 32000}]
""")
    c.settle()
    c.run(10)
    r = c.curl(f"http://{NODE}:32000/inventory/systems/system-service")
    assert r.status == 200 and '"os.name"' in r.body
    r = c.curl(f"http://{NODE}:31000/system/properties", headers={"Authorization": "Basic Ym9iOmJvYnB3ZA=="})
    assert r.status == 200 and r.headers["X-App-Name"] == "system"


def test_containers_get_service_environment_variables():
    c = kubelab.Cluster()
    c.kubectl("create deployment redis --image=redis --port=6379")
    c.kubectl("expose deployment redis --name=redis-primary")
    c.settle()
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "env"},
                  "spec": {"containers": [{"name": "env", "image": "busybox", "command": ["sleep", "3600"]}]}})
    c.settle()
    ip = c.get("service", "redis-primary")["spec"]["clusterIP"]
    out = exec_in(c, "env", ["env"]).stdout
    assert f"REDIS_PRIMARY_SERVICE_HOST={ip}" in out and "REDIS_PRIMARY_SERVICE_PORT=6379" in out
    assert f"REDIS_PRIMARY_PORT_6379_TCP_ADDR={ip}" in out and "KUBERNETES_SERVICE_HOST=10.96.0.1" in out
