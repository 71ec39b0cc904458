"""The metrics pipeline: ``minikube addons enable metrics-server`` on the learner's
laptop, the aggregator's answers while the pod starts (404 before the APIService,
503 before a ready endpoint), metrics-server's two-sample rule, kubectl top's words."""
import kubelab
from kubelab.api import metrics as mapi
from kubelab.setup import shell


def test_the_addon_from_the_laptops_shell_and_the_apiservice():
    c = kubelab.Cluster()
    r = shell.run(c, c.machines["laptop"], "minikube addons enable metrics-server")
    assert r.returncode == 0 and r.stdout.startswith("💡  metrics-server is an addon maintained by Kubernetes.")
    assert c.api.metrics.registered()
    dep = c.get("deployment", "metrics-server", "kube-system")
    assert "--metric-resolution=60s" in dep["spec"]["template"]["spec"]["containers"][0]["args"]
    # the pod is not running yet: the APIService has no endpoint
    assert str(c.kubectl("top node", )) == ("Error from server (ServiceUnavailable): the server is currently unable "
                                           "to handle the request (get nodes.metrics.k8s.io)\n")
    r = shell.run(c, c.machines["laptop"], "minikube addons disable metrics-server")
    assert r.stdout == "🌑  \"The 'metrics-server' addon is disabled\"\n"
    c.settle()
    assert str(c.kubectl("top pod")) == "error: Metrics API not available\n"


def test_an_unknown_addon():
    c = kubelab.Cluster()
    r = c.minikube("addons enable nosuch")
    assert r.returncode == 10 and "nosuch is not a valid addon" in r.stderr


def test_pod_metrics_are_rates_between_two_scrapes():
    c = kubelab.Cluster()
    c.minikube("addons enable metrics-server")
    c.settle()
    assert c.api.metrics.list_pods("kube-system") == []          # one sample so far
    c.run(60)
    pm = c.api.metrics.get_pod("etcd-minikube", "kube-system")
    assert pm["window"] == "1m0s" and pm["containers"][0]["usage"]["cpu"] == "1000000n"
    assert pm["metadata"]["labels"] == {"component": "etcd", "tier": "control-plane"}
    out = str(c.kubectl("top pod nosuch"))
    assert out == 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nosuch" not found\n'


def test_quantities_as_metrics_server_writes_them():
    assert mapi.cpu_quantity(0.4878) == "487800000n"
    assert mapi.memory_quantity(11 * 2**20 + 364 * 2**10) == "11628Ki"
    assert (mapi.go_duration(60), mapi.go_duration(15), mapi.go_duration(60.5)) == ("1m0s", "15s", "1m0.5s")


def test_api_resources_and_versions_list_the_group_once_registered():
    c = kubelab.Cluster()
    assert "metrics.k8s.io" not in c.kubectl("api-resources").stdout
    c.minikube("addons enable metrics-server")
    assert c.kubectl("api-resources --api-group=metrics.k8s.io").stdout.splitlines()[1:] == [
        "nodes                metrics.k8s.io/v1beta1   false        NodeMetrics",
        "pods                 metrics.k8s.io/v1beta1   true         PodMetrics"]
    assert "metrics.k8s.io/v1beta1" in c.kubectl("api-versions").stdout.splitlines()


def test_an_hpa_on_pods_without_cpu_requests_says_so():
    c = kubelab.Cluster()
    c.minikube("addons enable metrics-server")
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("autoscale deployment web --cpu-percent=50 --max=3")
    c.settle()
    c.run(150)          # two scrapes of the new pod
    describe = c.kubectl("describe hpa web").stdout
    pod = c.kubectl("get pods -l app=web -o name").stdout.strip().split("/")[1]
    assert f"failed to get cpu utilization: missing request for cpu in container nginx of Pod {pod}" in describe
    assert c.kubectl("get hpa web --no-headers").stdout.split()[2:4] == ["cpu:", "<unknown>/50%"]
