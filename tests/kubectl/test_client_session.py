"""kubectl as a client only: its session (the API, the clock, its kubeconfig), the
connect subresources for logs/exec/attach/port-forward, a host's own kubeconfig."""
import kubelab
from kubelab.setup import machines

GREEN, YELLOW, RESET = "\x1b[0;32m", "\x1b[0;33m", "\x1b[0m"


def test_a_command_gets_a_session_not_the_cluster():
    c = kubelab.Cluster(pause=0)
    session = c.client_session()
    assert not hasattr(session, "kubelets") and not hasattr(session, "network")
    assert session.api is c.api and session.now == c.now
    assert session.kubeconfig["current-context"] == "minikube"
    c.kubectl("config set-context --current --namespace=kube-system")
    assert c.client_session().kubeconfig["contexts"][0]["context"]["namespace"] == "kube-system"
    assert "etcd-minikube" in c.kubectl("get pods").stdout       # the learner's kubeconfig persists


def test_cluster_info_names_the_server_of_the_kubeconfig_in_use():
    c = kubelab.Cluster(pause=0)
    assert c.kubectl("cluster-info").stdout.splitlines()[0] == (
        f"{GREEN}Kubernetes control plane{RESET} is running at {YELLOW}https://192.168.49.2:8443{RESET}")
    k = kubelab.Cluster(profile="kubeadm", workers=1, pause=0)
    r = machines.run(k, k.machines["master"], "kubectl cluster-info")
    assert r.stdout.splitlines()[0] == (f"{GREEN}Kubernetes control plane{RESET} is running at "
                                        f"{YELLOW}https://10.150.31.115:6443{RESET}")
    # node1 has no kubeconfig: its kubectl finds no server, as the notes' worker does
    r = machines.run(k, k.machines["node1"], "kubectl get nodes")
    assert r.returncode == 1 and "The connection to the server localhost:8080 was refused" in r.stderr


def test_logs_follow_keeps_the_tail_it_opened_with_and_adds_what_comes():
    c = kubelab.Cluster(pause=0)
    c.kubectl("run t --image=busybox -- sh -c 'echo a; echo b; echo c; sleep 2; echo d; echo e; sleep 3600'")
    c.settle()
    assert c.kubectl("logs t").stdout == "a\nb\nc\n"
    # kubectl logs -f --tail=1: the last line when the stream opened, then the new ones
    assert c.kubectl("logs t -f --tail=1 --follow-seconds=5").stdout == "c\nd\ne\n"


def test_exec_into_a_pod_without_a_node_is_the_apiservers_refusal():
    c = kubelab.Cluster(pause=0)
    c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n"
                                  "  nodeSelector: {disk: ssd}\n  containers: [{name: big, image: busybox}]\n")
    c.settle()
    r = c.kubectl("exec big -- ls")
    assert (r.returncode, r.stderr) == (1, "Error from server (BadRequest): pod big does not have a host assigned\n")
    assert c.kubectl("logs big").stdout == ""             # no host yet: an empty log, no error
