"""kubectl expose: what it builds from each kind, and its errors (kubectl v1.32 expose.go)."""
from __future__ import annotations

import yaml

import kubelab


def fresh():
    c = kubelab.Cluster()
    c.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    c.kubectl("create deployment web --image=nginx --port=80")
    c.settle()
    return c


def dry(c, line):
    r = c.kubectl(line + " --dry-run=client -o yaml")
    assert r.returncode == 0, r.stderr
    return yaml.safe_load(r.stdout)


def test_deployment_without_container_ports_needs_port():
    c = fresh()
    r = c.kubectl("expose deployment hello-node --type=LoadBalancer")
    assert (r.returncode, r.stderr) == (1, "error: couldn't find port via --port flag or introspection\n")
    assert c.get("service", "hello-node") is None


def test_notes_command_creates_a_load_balancer_with_target_port_equal_to_port():
    c = fresh()
    r = c.kubectl("expose deployment hello-node --type=LoadBalancer --port=8080")
    assert r.stdout == "service/hello-node exposed\n"
    svc = c.get("service", "hello-node")
    assert svc["metadata"]["labels"] == {"app": "hello-node"}
    assert svc["spec"]["selector"] == {"app": "hello-node"}
    assert svc["spec"]["ports"] == [{"port": 8080, "protocol": "TCP", "targetPort": 8080,
                                     "nodePort": svc["spec"]["ports"][0]["nodePort"]}]
    assert 30000 <= svc["spec"]["ports"][0]["nodePort"] <= 32767


def test_ports_come_from_the_containers_when_omitted():
    c = fresh()
    obj = dry(c, "expose deployment web")
    assert obj == {"apiVersion": "v1", "kind": "Service",
                   "metadata": {"creationTimestamp": None, "labels": {"app": "web"}, "name": "web"},
                   "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                            "selector": {"app": "web"}},
                   "status": {"loadBalancer": {}}}


def test_several_container_ports_become_port_1_port_2():
    c = fresh()
    c.kubectl("apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: multi, labels: {app: multi}}
spec:
  containers:
  - name: a
    image: nginx
    ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP}]
""")
    obj = dry(c, "expose pod multi")
    assert obj["spec"]["ports"] == [{"name": "port-1", "port": 80, "protocol": "TCP", "targetPort": 80},
                                    {"name": "port-2", "port": 53, "protocol": "UDP", "targetPort": 53}]


def test_flags_name_target_port_type_protocol_and_session_affinity():
    c = fresh()
    obj = dry(c, "expose deploy/web --name=front --port=8080 --target-port=http --type=NodePort --protocol=TCP "
                 "--session-affinity=ClientIP")
    assert obj["metadata"]["name"] == "front"
    assert obj["spec"]["ports"] == [{"port": 8080, "protocol": "TCP", "targetPort": "http"}]
    assert obj["spec"]["type"] == "NodePort" and obj["spec"]["sessionAffinity"] == "ClientIP"


def test_expose_a_service_and_a_replicaset():
    c = fresh()
    c.kubectl("expose deployment web --port=80")
    obj = dry(c, "expose service web --port=443 --target-port=8443 --name=web-https")
    assert obj["spec"]["selector"] == {"app": "web"} and obj["spec"]["ports"][0]["targetPort"] == 8443
    rs = c.api.list("replicasets", "default")[0]["metadata"]["name"]
    obj = dry(c, f"expose rs {rs} --port=80")
    assert obj["spec"]["selector"]["app"] in ("web", "hello-node")
    assert "pod-template-hash" in obj["spec"]["selector"]


def test_errors_are_kubectls():
    c = fresh()
    assert c.kubectl("expose node minikube --port=80").stderr == "error: cannot expose a Node\n"
    assert c.kubectl("expose deployment nope --port=80").stderr == \
        'Error from server (NotFound): deployments.apps "nope" not found\n'
    assert c.kubectl("expose deployment web --port=eighty").stderr == \
        'error: strconv.Atoi: parsing "eighty": invalid syntax\n'
    assert c.kubectl("expose deployment web --session-affinity=Sticky").stderr == \
        "error: unknown session affinity: Sticky\n"
    assert c.kubectl("expose").stderr.startswith("error: You must provide one or more resources")
    c.api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bare"},
                  "spec": {"containers": [{"name": "a", "image": "nginx"}]}})
    assert c.kubectl("expose pod bare --port=80").stderr == (
        "error: couldn't retrieve selectors via --selector flag or introspection: "
        "the pod has no labels and cannot be exposed\n")


def test_exposing_twice_is_already_exists_and_a_bad_type_is_rejected_by_the_server():
    c = fresh()
    c.kubectl("expose deployment web")
    assert c.kubectl("expose deployment web").stderr == \
        'Error from server (AlreadyExists): services "web" already exists\n'
    r = c.kubectl("expose deployment web --name=odd --type=Cloud")
    assert r.stderr == ('The Service "odd" is invalid: spec.type: Unsupported value: "Cloud": supported values: '
                        '"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n')
