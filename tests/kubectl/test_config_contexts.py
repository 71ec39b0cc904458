"""kubectl config get-contexts / get-clusters / use-context / set-context.

Golden texts are real kubectl v1.32.4 run against a scratch kubeconfig shaped like
minikube's (KUBECONFIG=/tmp/kc kubectl config set-context minikube ...; kubectl config ...).
"""
import kubelab


def test_get_contexts_and_clusters_on_a_fresh_minikube():
    c = kubelab.Cluster()
    assert c.kubectl("config get-contexts").stdout == (
        "CURRENT   NAME       CLUSTER    AUTHINFO   NAMESPACE\n"
        "*         minikube   minikube   minikube   default\n")
    assert c.kubectl("config get-clusters").stdout == "NAME\nminikube\n"
    assert c.kubectl("config get-contexts -o name").stdout == "minikube\n"


def test_set_context_current_namespace_becomes_the_default_namespace():
    c = kubelab.Cluster()
    r = c.kubectl("config set-context --current --namespace=kube-system")
    assert (r.stdout, r.returncode) == ('Context "minikube" modified.\n', 0)
    assert c.kubectl("config get-contexts").stdout == (
        "CURRENT   NAME       CLUSTER    AUTHINFO   NAMESPACE\n"
        "*         minikube   minikube   minikube   kube-system\n")
    # Later commands work in kube-system without -n, and create there too.
    assert "etcd-minikube" in c.kubectl("get pods").stdout
    c.kubectl("create configmap settings --from-literal=a=b")
    assert c.get("configmap", "settings", "kube-system") is not None
    assert c.kubectl("get configmap settings -n default").returncode == 1
    # -n still wins over the context's namespace.
    assert "No resources found in default namespace." in c.kubectl("get pods -n default").stderr
    assert "namespace: kube-system" in c.kubectl("config view --minify").stdout


def test_a_new_context_and_switching_to_it():
    c = kubelab.Cluster()
    assert c.kubectl("config set-context other --namespace=x").stdout == 'Context "other" created.\n'
    assert c.kubectl("config get-contexts").stdout == (
        "CURRENT   NAME       CLUSTER    AUTHINFO   NAMESPACE\n"
        "*         minikube   minikube   minikube   default\n"
        "          other                            x\n")
    assert c.kubectl("config use-context other").stdout == 'Switched to context "other".\n'
    assert c.kubectl("config current-context").stdout == "other\n"
    assert c.kubectl("config use minikube").stdout == 'Switched to context "minikube".\n'
    # --context picks that context's namespace for one command.
    c.kubectl("create namespace x")
    c.kubectl("create configmap only-in-x --context=other")
    assert c.get("configmap", "only-in-x", "x") is not None


def test_errors():
    c = kubelab.Cluster()
    r = c.kubectl("config use-context foo")
    assert (r.stdout, r.stderr, r.returncode) == ("", 'error: no context exists with the name: "foo"\n', 1)
    r = c.kubectl("config get-contexts foo")
    assert (r.stdout, r.stderr, r.returncode) == ("CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n",
                                                  "error: context foo not found\n", 1)
    assert c.kubectl("config set-context").stderr == "error: you must specify a non-empty context name or --current\n"
    assert c.kubectl("config set-context --current --namespace=a b").stderr == \
        "error: you cannot specify both a context name and --current\n"
    assert c.kubectl("config get-contexts -o wide").stderr == (
        "error: --output wide is not available in kubectl config get-contexts; resetting to default output format\n")
    r = c.kubectl("config use-context")
    assert r.returncode == 1 and r.stderr == "error: Unexpected args: []\n"
    assert r.stdout.startswith("Set the current-context in a kubeconfig file.\n\nAliases:\nuse-context, use\n")
