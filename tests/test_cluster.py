"""The cluster as a learner meets it: boot state, time, and the notes' Deployment commands."""
import re

import pytest

import kubelab
from kubelab.api.meta import controller_ref

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


@pytest.fixture
def cluster():
    return kubelab.Cluster()


def test_boot_looks_like_minikube_start(cluster):
    nodes = cluster.api.list("nodes")
    assert [n["metadata"]["name"] for n in nodes] == ["minikube"]
    node = nodes[0]
    assert node["status"]["addresses"][0] == {"address": "192.168.49.2", "type": "InternalIP"}
    assert node["status"]["nodeInfo"]["kubeletVersion"].startswith("v1.32.")
    pods = {p["metadata"]["name"].rsplit("-", 2)[0] if p["metadata"]["name"].startswith("coredns") else
            p["metadata"]["name"].rsplit("-", 1)[0] if p["metadata"]["name"].startswith("kube-proxy") else
            p["metadata"]["name"] for p in cluster.api.list("pods", "kube-system")}
    assert pods == {"coredns", "etcd-minikube", "kube-apiserver-minikube", "kube-controller-manager-minikube",
                    "kube-proxy", "kube-scheduler-minikube", "storage-provisioner"}
    assert all(p["status"]["phase"] == "Running" for p in cluster.api.list("pods", "kube-system"))
    assert cluster.get("service", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"
    assert [n["metadata"]["name"] for n in cluster.api.list("namespaces")] == [
        "default", "kube-node-lease", "kube-public", "kube-system"]


def test_create_deployment_makes_replicaset_and_pod_named_like_kubernetes(cluster):
    r = cluster.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    assert (r.stdout, r.stderr, r.returncode) == ("deployment.apps/hello-node created\n", "", 0)
    rs = cluster.api.list("replicasets", "default")
    assert len(rs) == 1
    rs_name = rs[0]["metadata"]["name"]
    assert re.fullmatch(rf"hello-node-[{ALPHABET}]{{1,10}}", rs_name)
    pods = cluster.api.list("pods", "default")
    assert len(pods) == 1
    assert re.fullmatch(rf"{rs_name}-[{ALPHABET}]{{5}}", pods[0]["metadata"]["name"])
    assert controller_ref(pods[0])["name"] == rs_name
    assert controller_ref(rs[0])["name"] == "hello-node"


def test_pod_goes_from_container_creating_to_running_on_the_simulated_clock(cluster):
    cluster.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    out = cluster.kubectl("get pods").stdout
    assert out.splitlines()[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert out.splitlines()[1].split()[1:4] == ["0/1", "ContainerCreating", "0"]
    cluster.settle()
    row = cluster.kubectl("get pods").stdout.splitlines()[1].split()
    assert row[1:4] == ["1/1", "Running", "0"]
    d = cluster.kubectl("get deployments").stdout.splitlines()
    assert d[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert d[1].split()[:4] == ["hello-node", "1/1", "1", "1"]


def test_events_tell_the_story_in_kubernetes_words(cluster):
    cluster.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    cluster.settle()
    events = cluster.api.list("events", "default")
    reasons = [(e["involvedObject"]["kind"], e["reason"]) for e in
               sorted(events, key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))]
    for want in [("Deployment", "ScalingReplicaSet"), ("ReplicaSet", "SuccessfulCreate"), ("Pod", "Scheduled"),
                 ("Pod", "Pulling"), ("Pod", "Pulled"), ("Pod", "Created"), ("Pod", "Started")]:
        assert want in reasons
    msgs = {e["reason"]: e["message"] for e in events}
    rs = cluster.api.list("replicasets", "default")[0]["metadata"]["name"]
    assert msgs["ScalingReplicaSet"] == f"Scaled up replica set {rs} from 0 to 1"
    assert msgs["Pulling"] == 'Pulling image "k8s.gcr.io/echoserver:1.4"'
    assert msgs["Created"] == "Created container echoserver"
    assert msgs["Started"] == "Started container echoserver"
    assert re.fullmatch(r"Successfully assigned default/hello-node-\S+ to minikube", msgs["Scheduled"])


def test_each_command_takes_one_simulated_second_and_settle_stops_when_idle(cluster):
    t0 = cluster.now
    cluster.kubectl("get pods")
    assert cluster.now == t0 + 1
    cluster.kubectl("create deployment sleeper --image=busybox -- sh -c 'sleep 3600'")
    took = cluster.settle()
    assert took < 60      # settle does not wait for the program's sleep to end
    assert cluster.get("deployment", "sleeper")["status"]["readyReplicas"] == 1


def test_deleting_a_pod_of_a_deployment_gets_it_replaced(cluster):
    cluster.kubectl("create deployment hello-node --image=k8s.gcr.io/echoserver:1.4")
    cluster.settle()
    old = cluster.api.list("pods", "default")[0]["metadata"]["name"]
    r = cluster.kubectl(f"delete pod {old}")
    assert r.stdout == f'pod "{old}" deleted\n'
    cluster.settle()
    names = [p["metadata"]["name"] for p in cluster.api.list("pods", "default")]
    assert len(names) == 1 and names[0] != old


@pytest.mark.parametrize("cascade,pods_left,rs_left", [("background", 0, 0), ("foreground", 0, 0), ("orphan", 1, 1)])
def test_cascading_deletion(cluster, cascade, pods_left, rs_left):
    cluster.kubectl("create deployment web --image=nginx")
    cluster.settle()
    r = cluster.kubectl(f"delete deployment web --cascade={cascade}")
    assert r.stdout == 'deployment.apps "web" deleted\n'
    cluster.settle()
    assert cluster.get("deployment", "web") is None
    assert len(cluster.api.list("replicasets", "default")) == rs_left
    assert len(cluster.api.list("pods", "default")) == pods_left
    if cascade == "orphan":
        assert not cluster.api.list("replicasets", "default")[0]["metadata"].get("ownerReferences")


def test_unschedulable_pod_gets_the_schedulers_message(cluster):
    r = cluster.kubectl("apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - name: c
    image: nginx
    resources: {requests: {cpu: "64"}}
""")
    assert r.stdout == "pod/big created\n"
    cluster.settle()
    pod = cluster.get("pod", "big")
    cond = [c for c in pod["status"]["conditions"] if c["type"] == "PodScheduled"][0]
    assert cond["reason"] == "Unschedulable"
    assert cond["message"] == ("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                               "1 No preemption victims found for incoming pod.")


def test_apply_creates_configures_and_leaves_unchanged(cluster):
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1'}\n"
    assert cluster.kubectl("apply -f -", stdin=manifest).stdout == "configmap/c created\n"
    assert cluster.kubectl("apply -f -", stdin=manifest).stdout == "configmap/c unchanged\n"
    assert cluster.kubectl("apply -f -", stdin=manifest.replace("'1'", "'2'")).stdout == "configmap/c configured\n"
    assert cluster.get("configmap", "c")["data"] == {"a": "2"}


# Golden error texts from the real kubectl v1.32 on this machine (no server needed for these).
@pytest.mark.parametrize("cmd,stderr", [
    ("get pods --replicas=3", "Error: unknown flag: --replicas\nSee 'kubectl get --help' for usage.\n"),
    ("get pods -x", "Error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"),
    ("get pods --namespace", "Error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.\n"),
    ("foo", 'Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n'),
    ("apply", "error: must specify one of -f and -k\n"),
    ("create deployment a b --image=x", "error: exactly one NAME is required, got 2\nSee 'kubectl create deployment -h' for help and examples\n"),
    ("describe", 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n'),
])
def test_client_side_errors_match_real_kubectl(cluster, cmd, stderr):
    r = cluster.kubectl(cmd)
    assert (r.stdout, r.stderr, r.returncode) == ("", stderr, 1)


def test_not_found_and_no_resources(cluster):
    r = cluster.kubectl("get pod nope")
    assert (r.stderr, r.returncode) == ('Error from server (NotFound): pods "nope" not found\n', 1)
    r = cluster.kubectl("get deployments")
    assert (r.stdout, r.stderr, r.returncode) == ("", "No resources found in default namespace.\n", 0)


def test_same_seed_same_cluster():
    a, b = kubelab.Cluster(seed=7), kubelab.Cluster(seed=7)
    for c in (a, b):
        c.kubectl("create deployment web --image=nginx --replicas=3")
        c.settle()
    assert a.kubectl("get pods -o wide").stdout == b.kubectl("get pods -o wide").stdout
    assert a.kubectl("get events").stdout == b.kubectl("get events").stdout


def test_new_namespaces_get_a_default_service_account_and_the_root_ca(cluster):
    cluster.kubectl("create namespace practice")
    assert cluster.get("serviceaccount", "default", "practice") is not None
    assert cluster.get("configmap", "kube-root-ca.crt", "practice") is not None


def test_deleting_a_namespace_deletes_what_is_in_it(cluster):
    cluster.kubectl("create namespace practice")
    cluster.kubectl("create deployment web --image=nginx -n practice")
    cluster.settle()
    r = cluster.kubectl("delete namespace practice")
    assert r.stdout == 'namespace "practice" deleted\n'
    assert cluster.get("namespace", "practice") is None
    assert cluster.api.list("pods", "practice") == []
    assert cluster.api.list("deployments", "practice") == []
