"""kubectl create configmap / secret generic through the command line.

The dry-run objects are golden-tested in test_generators.py; here the command path:
the same YAML as the real kubectl v1.32.4 for the notes' commands, and server errors
wrapped as create_configmap.go / create_secret.go do."""
import kubelab

NOTES_SECRET = """apiVersion: v1
data:
  password: Ym9icHdk
  username: Ym9i
kind: Secret
metadata:
  creationTimestamp: null
  name: sys-app-credentials
"""
NOTES_CM = """apiVersion: v1
data:
  name: my-system
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: sys-app-name
"""


def test_notes_commands_dry_run_match_real_kubectl():
    c = kubelab.Cluster()
    r = c.kubectl("create secret generic sys-app-credentials --from-literal username=bob "
                  "--from-literal password=bobpwd --dry-run=client -o yaml")
    assert r.stdout == NOTES_SECRET
    r = c.kubectl("create configmap sys-app-name --from-literal name=my-system --dry-run=client -o yaml")
    assert r.stdout == NOTES_CM
    assert c.get("secret", "sys-app-credentials") is None


def test_create_configmap_and_secret_wrap_server_errors():
    # create_configmap.go: fmt.Errorf("failed to create configmap: %v", err); create_secret.go,
    # create_secret_tls.go, create_secret_docker.go: fmt.Errorf("failed to create secret %v", err)
    c = kubelab.Cluster()
    c.kubectl("create configmap sys-app-name --from-literal name=my-system")
    r = c.kubectl("create configmap sys-app-name --from-literal name=my-system")
    assert r.stderr == 'error: failed to create configmap: configmaps "sys-app-name" already exists\n'
    r = c.kubectl("create secret generic t --from-literal a=b --type=kubernetes.io/tls")
    assert r.stderr == ('error: failed to create secret Secret "t" is invalid: '
                        '[data[tls.crt]: Required value, data[tls.key]: Required value]\n')
    c.kubectl("create secret generic db --from-literal a=b")
    r = c.kubectl("create secret generic db --from-literal a=c")
    assert (r.stderr, r.returncode) == ('error: failed to create secret secrets "db" already exists\n', 1)
    assert c.get("secret", "db")["data"] == {"a": "Yg=="}
    r = c.kubectl("create secret docker-registry db --docker-username=u --docker-password=p")
    assert r.stderr == 'error: failed to create secret secrets "db" already exists\n'


def test_create_deployment_and_service_wrap_server_errors():
    # create_deployment.go: "failed to create deployment: %v"; create_service.go:
    # "failed to create %s service: %v" with the service's type
    c = kubelab.Cluster()
    c.kubectl("create deployment web --image=nginx")
    r = c.kubectl("create deployment web --image=nginx")
    assert (r.stderr, r.returncode) == ('error: failed to create deployment: deployments.apps "web" already exists\n', 1)
    c.kubectl("create service nodeport web --tcp=80:80")
    r = c.kubectl("create service nodeport web --tcp=80:80")
    assert r.stderr == 'error: failed to create NodePort service: services "web" already exists\n'
    r = c.kubectl("create namespace default")
    assert r.stderr == 'Error from server (AlreadyExists): namespaces "default" already exists\n'
