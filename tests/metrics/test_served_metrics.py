"""The real kubectl's ``top`` against the served cluster: discovery without and with
the APIService, the aggregator's 503 while the pod starts, then the same tables the
kit's own ``%kubectl top`` prints (skipped without /usr/bin/kubectl)."""
import os
import pathlib
import subprocess

import pytest

import kubelab

KUBECTL = "/usr/bin/kubectl"
pytestmark = pytest.mark.skipif(not os.path.exists(KUBECTL), reason="needs the real kubectl")
EXAMPLES = pathlib.Path(__file__).parents[1] / "data" / "website-examples"


def test_the_real_kubectl_top_against_the_served_metrics_api():
    c = kubelab.Cluster(cwd=str(EXAMPLES))
    c.kubectl("apply -f application/php-apache.yaml")
    c.settle()
    with c.serve() as srv:
        def real(*args):
            r = subprocess.run([KUBECTL, *args], env={**os.environ, "KUBECONFIG": srv.kubeconfig},
                               capture_output=True, text=True, timeout=60)
            return r.stdout + r.stderr
        assert real("top", "pod") == "error: Metrics API not available\n"
        c.minikube("addons enable metrics-server")
        assert real("top", "node") == ("Error from server (ServiceUnavailable): the server is currently unable to "
                                       "handle the request (get nodes.metrics.k8s.io)\n")
        c.settle()
        c.run(60)
        for args in (["top", "pod"], ["top", "pod", "-A", "--sum"], ["top", "node"], ["top", "pod", "--containers"],
                     ["top", "pod", "nosuch"]):
            assert real(*args) == str(c.kubectl(args)), args
        assert real("api-resources", "--api-group=metrics.k8s.io").splitlines()[1:] == [
            "nodes                metrics.k8s.io/v1beta1   false        NodeMetrics",
            "pods                 metrics.k8s.io/v1beta1   true         PodMetrics"]
        assert real("get", "apiservices").splitlines()[1].split()[:3] == [
            "v1beta1.metrics.k8s.io", "kube-system/metrics-server", "True"]
