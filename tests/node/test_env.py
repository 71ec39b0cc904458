"""Environment variables from ConfigMaps and Secrets, as the kubelet's
makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go) builds them.

Messages: a missing object is the API's NotFound text (``configmap "x" not found``),
a missing key ``couldn't find key K in ConfigMap NS/NAME``; both leave the container
waiting in CreateContainerConfigError until the pod worker's retry finds them.
"""
import kubelab
from kubelab.node.env import EnvError, expand, resolve_env


def pod(env=None, env_from=None):
    c = {"name": "app", "image": "busybox", "command": ["sleep", "3600"]}
    if env:
        c["env"] = env
    if env_from:
        c["envFrom"] = env_from
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [c]}}


def cm_ref(name, key, optional=None):
    ref = {"name": name, "key": key}
    if optional is not None:
        ref["optional"] = optional
    return {"configMapKeyRef": ref}


def container_env(c, name="p", container="app"):
    w = next(k for k in c.kubelets.values() if f"default/{name}" in k.workers).workers[f"default/{name}"]
    return w.containers[container].ctx.env


def state(c, name="p"):
    return c.get("pod", name)["status"]["containerStatuses"][0]["state"]


def test_env_reads_configmap_and_secret_keys():
    c = kubelab.Cluster()
    c.kubectl("create configmap sys-app-name --from-literal name=my-system")
    c.kubectl("create secret generic creds --from-literal username=bob --from-literal password=bobpwd")
    c.api.create(pod(env=[{"name": "APP_NAME", "valueFrom": cm_ref("sys-app-name", "name")},
                          {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "password"}}}]))
    c.settle()
    env = container_env(c)
    assert env["APP_NAME"] == "my-system" and env["PW"] == "bobpwd"      # the Secret's value, decoded


def test_missing_configmap_is_create_container_config_error_then_recovers():
    c = kubelab.Cluster()
    c.api.create(pod(env=[{"name": "APP_NAME", "valueFrom": cm_ref("sys-app-name", "name")}]))
    c.settle()
    assert state(c) == {"waiting": {"reason": "CreateContainerConfigError",
                                    "message": 'configmap "sys-app-name" not found'}}
    events = c.kubectl("get events --field-selector involvedObject.name=p").stdout
    assert 'Error: configmap "sys-app-name" not found' in events
    c.kubectl("create configmap sys-app-name --from-literal name=my-system")
    assert "waiting" in state(c)                # no instant reaction: the pod worker retries on its back-off
    c.run(11)                                   # within one 10 s retry (+0.5 s to start)
    assert "running" in state(c)
    assert container_env(c)["APP_NAME"] == "my-system"


def test_missing_key_and_missing_secret_messages():
    c = kubelab.Cluster()
    c.kubectl("create configmap cm --from-literal other=1")
    c.api.create(pod(env=[{"name": "A", "valueFrom": cm_ref("cm", "name")}]))
    c.settle()
    assert state(c)["waiting"]["message"] == "couldn't find key name in ConfigMap default/cm"
    c2 = kubelab.Cluster()
    c2.api.create(pod(env=[{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]))
    c2.settle()
    assert state(c2)["waiting"]["message"] == 'secret "s" not found'


def test_optional_references_are_skipped():
    c = kubelab.Cluster()
    c.kubectl("create configmap cm --from-literal other=1")
    c.api.create(pod(env=[{"name": "A", "valueFrom": cm_ref("cm", "name", optional=True)},
                          {"name": "B", "valueFrom": cm_ref("absent", "x", optional=True)},
                          {"name": "C", "value": "set"}],
                     env_from=[{"secretRef": {"name": "nope", "optional": True}}]))
    c.settle()
    env = container_env(c)
    assert "running" in state(c)
    assert env["C"] == "set" and "A" not in env and "B" not in env


def test_env_from_with_prefix_and_env_wins_over_env_from():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal mode=easy --from-literal lives=3")
    c.kubectl("create secret generic s --from-literal mode=hard")
    c.api.create(pod(env_from=[{"configMapRef": {"name": "cfg"}}, {"prefix": "S_", "secretRef": {"name": "s"}}],
                     env=[{"name": "lives", "value": "9"}]))
    c.settle()
    env = container_env(c)
    assert (env["mode"], env["lives"], env["S_mode"]) == ("easy", "9", "hard")


def test_env_is_read_once_a_change_needs_a_restart():
    c = kubelab.Cluster()
    c.kubectl("create configmap cfg --from-literal mode=easy")
    c.api.create(pod(env_from=[{"configMapRef": {"name": "cfg"}}]))
    c.settle()
    c.api.mutate("configmaps", "cfg", "default", lambda o: o["data"].update(mode="hard"))
    c.run(300)
    assert container_env(c)["mode"] == "easy"


def test_binary_data_is_never_in_the_environment():
    c = kubelab.Cluster()
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"},
                  "binaryData": {"blob": "AAE="}, "data": {"t": "x"}}, "default")
    c.api.create(pod(env_from=[{"configMapRef": {"name": "b"}}]))
    c.settle()
    assert container_env(c)["t"] == "x" and "blob" not in container_env(c)


def test_expand_dependent_variables():
    assert expand("$(A)-$(B)-$$(A)", {"A": "1"}) == "1-$(B)-$(A)"


def test_resolve_env_raises_env_error_without_a_cluster_object():
    class NoApi:
        def peek(self, *a):
            return None
    p = pod(env=[{"name": "X", "valueFrom": cm_ref("c", "k")}])
    try:
        resolve_env(NoApi(), p, p["spec"]["containers"][0])
    except EnvError as err:
        assert err.message == 'configmap "c" not found'
    else:
        raise AssertionError("expected EnvError")
