"""The scheduler's NodePorts filter (pkg/scheduler/framework/plugins/nodeports, v1.32):
pods asking for one host port land on different nodes; one with no free node waits with
the plugin's ErrReason in its FailedScheduling message, and gets a node when one frees up."""
import pytest

import kubelab
from kubelab.scheduler.nodeports import ERR_REASON, NodePorts, host_ports

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: hp
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: hp}}
  template:
    metadata:
      labels: {{app: hp}}
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
          hostPort: 8080
"""
POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
      hostPort: 8080
"""


def pod(*ports: dict, init: tuple = ()) -> dict:
    return {"spec": {"containers": [{"name": "c", "ports": list(ports)}],
                     "initContainers": [{"name": "i", "ports": list(init)}]}}


def test_one_host_port_per_node_and_the_scheduler_says_why():
    c = kubelab.Cluster(workers=1)
    c.kubectl("apply -f -", stdin=DEPLOYMENT.format(replicas=3))
    c.settle()
    placed = c.kubectl("get pods -o custom-columns=NODE:.spec.nodeName --no-headers").stdout.split()
    assert sorted(placed) == ["<none>", "minikube", "minikube-m02"]
    events = c.kubectl("get events --field-selector reason=FailedScheduling -o custom-columns=M:.message "
                       "--no-headers").stdout
    # kube-scheduler v1.32: FitError with the NodePorts plugin's reason; preemption finds no victims
    assert events == ("0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. "
                      "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.\n")
    c.kubectl("delete deployment hp")
    c.settle()
    # a node's port is freed when its pod goes: a waiting pod is placed there
    for name in ("a", "b", "c"):
        c.kubectl("apply -f -", stdin=POD.format(name=name))
        c.settle()
    assert c.kubectl("get pod c -o jsonpath={.status.conditions[0].reason}").stdout == "Unschedulable"
    node_of_a = c.kubectl("get pod a -o jsonpath={.spec.nodeName}").stdout
    c.kubectl("delete pod a")
    c.settle()
    assert c.kubectl("get pod c -o jsonpath={.spec.nodeName}").stdout == node_of_a


def test_pods_without_host_ports_share_a_node():
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx --port=80 --replicas=3")
    c.settle()
    assert c.kubectl("get pods --field-selector status.phase=Running -o name").stdout.count("\n") == 3


def test_indexed_path_of_a_big_cluster_keeps_the_filter():
    # From 100 nodes on the scheduler keeps a template's scores indexed; the filter still holds.
    c = kubelab.Cluster(workers=101)
    c.kubectl("apply -f -", stdin=DEPLOYMENT.format(replicas=103))
    c.settle()
    nodes = c.kubectl("get pods -o custom-columns=NODE:.spec.nodeName --no-headers").stdout.split()
    assert nodes.count("<none>") == 1 and len(set(nodes)) == 103


def test_conflicts_follow_host_port_info():
    used = NodePorts()
    used.add("ns/a", "n1", pod({"containerPort": 53, "hostPort": 53, "protocol": "UDP", "hostIP": "10.0.0.1"}))
    wanted = lambda *ports: host_ports(pod(*ports))  # noqa: E731
    # 0.0.0.0 (the default) clashes with any address on the same protocol and port
    assert used.conflicts("n1", wanted({"containerPort": 53, "hostPort": 53, "protocol": "UDP"}))
    # same port, other protocol or other address: free
    assert not used.conflicts("n1", wanted({"containerPort": 53, "hostPort": 53}))
    assert not used.conflicts("n1", wanted({"containerPort": 53, "hostPort": 53, "protocol": "UDP",
                                            "hostIP": "10.0.0.2"}))
    # no hostPort reserves nothing; init containers' ports do not count
    assert host_ports(pod({"containerPort": 80}, init=({"containerPort": 81, "hostPort": 81},))) == ()
    used.remove("ns/a")
    assert not used.conflicts("n1", wanted({"containerPort": 53, "hostPort": 53, "protocol": "UDP"}))


@pytest.mark.parametrize("msg", [ERR_REASON])
def test_reason_is_the_plugins_words(msg):
    assert msg == "node(s) didn't have free ports for the requested pod ports"


def test_host_network_pods_hold_their_container_ports():
    # a hostNetwork pod's container port is defaulted to a host port, so two cannot share a node
    c = kubelab.Cluster(workers=1)
    for name in ("a", "b", "c"):
        c.kubectl("apply -f -", stdin=f"""apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  hostNetwork: true
  containers: [{{name: c, image: nginx, ports: [{{containerPort: 80}}]}}]
""")
    c.settle()
    nodes = c.kubectl("get pods -o custom-columns=NODE:.spec.nodeName --no-headers").stdout.split()
    assert sorted(nodes) == ["<none>", "minikube", "minikube-m02"]
